#!/usr/bin/env bash
# SecretSync GitHub Action entrypoint.
#
# Turns the action's inputs (INPUT_* environment variables, set by action.yml) into the argv of
# one `secretsync pipeline` call and execs it. Security rules, tested by EntrypointInjectionTest:
#   - every input is checked against an allowlist (booleans true|false, formats from a fixed set,
#     target names like the config's, paths without NUL/newline and not starting with "-");
#   - values go into a bash array, one element each, as "--option=value" so that no value can
#     ever be read as another option; nothing is eval'd, word-split, or passed to `sh -c`;
#   - an invalid input stops the run before anything else happens: "::error::" naming the input,
#     exit code 2 (the CLI's usage-error code).
# The binary is $SECRETSYNC_BIN (set by action.yml's install step; tests point it at a fake), or
# `secretsync` on PATH.
set -euo pipefail
# No globbing: nothing below expands patterns, and an input must never be able to.
set -f

readonly EXIT_USAGE=2

# ::error:: with a title naming the input, on stdout (where the runner reads workflow commands).
# Workflow-command data must escape %, CR and LF.
fail() {
  local input=$1 message=$2
  message=${message//'%'/'%25'}
  message=${message//$'\r'/'%0D'}
  message=${message//$'\n'/'%0A'}
  printf '::error title=secretsync action: invalid input %s::input "%s": %s\n' \
    "$input" "$input" "$message"
  exit "$EXIT_USAGE"
}

# The helpers below set the global $value (no command substitution: a subshell would swallow
# fail's message and exit). Written for bash 3.2 too (macOS runners): no ${x^^}, no mapfile.

# input NAME DEFAULT: INPUT_<NAME> (dashes → underscores, upper case), or DEFAULT when unset or
# empty. Surrounding whitespace is trimmed (YAML block scalars end with a newline).
input() {
  local var
  var=INPUT_$(printf '%s' "$1" | tr 'a-z-' 'A-Z_')
  value=${!var-}
  value=${value#"${value%%[![:space:]]*}"}
  value=${value%"${value##*[![:space:]]}"}
  if [[ -z $value ]]; then
    value=$2
  fi
}

# bool NAME DEFAULT: "true" or "false", anything else fails.
bool() {
  input "$1" "$2"
  case $value in
    true | false) ;;
    *) fail "$1" "must be true or false" ;;
  esac
}

# oneof NAME DEFAULT ALLOWED...: a value from the allowlist.
oneof() {
  local name=$1 a
  input "$1" "$2"
  shift 2
  for a in "$@"; do
    if [[ $value == "$a" ]]; then
      return 0
    fi
  done
  fail "$name" "must be one of: $*"
}

# path NAME DEFAULT: a relative or absolute path without control characters (newline, CR,
# tab...; NUL cannot come through the environment at all) that does not start with "-".
path() {
  input "$1" "$2"
  if [[ $value == -* ]]; then
    fail "$1" 'must be a path, and must not start with "-"'
  fi
  if [[ $value =~ [[:cntrl:]] ]]; then
    fail "$1" "must not contain control characters (newline, tab, ...)"
  fi
  if ((${#value} > 4096)); then
    fail "$1" "is longer than 4096 characters"
  fi
}

# ---------------------------------------------------------------------------------------------
# Validate every input before doing anything.

path config .secretsync/config.yaml
config=$value
path working-directory .
working_directory=$value
bool dry-run false
dry_run=$value
bool diff false
diff=$value
bool exit-code false
exit_code=$value
bool merge-only false
merge_only=$value
bool sync-only false
sync_only=$value
oneof output-format github github human json compact
output_format=$value
oneof log-level info trace debug info warn error
log_level=$value
oneof log-format text text json
log_format=$value
oneof vault-auth auto auto token approle jwt
vault_auth=$value

if [[ $merge_only == true && $sync_only == true ]]; then
  fail merge-only "merge-only and sync-only exclude each other"
fi

# Saved plans: plan-file saves a dry run's plan; apply-plan applies one (`secretsync apply`).
path plan-file ""
plan_file=$value
path apply-plan ""
apply_plan=$value
input max-plan-age 24h
max_plan_age=$value
if [[ ! $max_plan_age =~ ^[0-9]{1,9}(ms|s|m|h)?$ ]]; then
  fail max-plan-age "must be a duration such as 30m, 24h or 168h"
fi
if [[ -n $plan_file && $dry_run != true ]]; then
  fail plan-file "saves the plan of a dry run: set dry-run: true too"
fi
if [[ -n $apply_plan ]]; then
  if [[ $dry_run == true || $diff == true || $merge_only == true || $sync_only == true || -n $plan_file ]]; then
    fail apply-plan "applies the saved plan as it is: leave out dry-run, diff, merge-only, sync-only and plan-file"
  fi
fi

# targets: names separated by commas and/or whitespace (so a YAML block list works too).
input targets ""
targets=()
if [[ -n $value ]]; then
  if [[ ! $value =~ ^[A-Za-z0-9_.,[:space:]-]+$ ]]; then
    fail targets "target names may contain only letters, digits, '_', '.' and '-', separated by commas"
  fi
  IFS=$', \t\r\n' read -r -d '' -a names < <(printf '%s\0' "$value") || true
  for t in ${names[@]+"${names[@]}"}; do
    [[ -z $t ]] && continue
    if [[ ! $t =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$ ]]; then
      fail targets "\"$t\" is not a target name (letters, digits, '_', '.', '-'; starting with a letter or digit)"
    fi
    targets+=("$t")
  done
fi

input parallelism ""
parallelism=$value
if [[ -n $parallelism ]] && { [[ ! $parallelism =~ ^[1-9][0-9]{0,2}$ ]] || ((parallelism > 256)); }; then
  fail parallelism "must be a whole number from 1 to 256"
fi

input metrics-push-url ""
metrics_push_url=$value
if [[ -n $metrics_push_url ]] &&
  [[ ! $metrics_push_url =~ ^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/%-]*)?$ ]]; then
  fail metrics-push-url "must be an http(s) URL of scheme, host, optional port and path (no credentials, query or spaces)"
fi

input vault-audience vault
vault_audience=$value
if [[ ! $vault_audience =~ ^[A-Za-z0-9._:/-]{1,256}$ ]]; then
  fail vault-audience "may contain only letters, digits and . _ : / -"
fi

# ---------------------------------------------------------------------------------------------
# Build the argv. One array element per argument; values always in the --option=value form.

if [[ -n $apply_plan ]]; then
  if ((${#targets[@]} > 0)) || [[ -n $parallelism ]]; then
    fail apply-plan "applies the targets the plan was made for: leave out targets and parallelism"
  fi
  argv=(apply "--config=$config" "--output=$output_format" "--max-plan-age=$max_plan_age")
else
  argv=(pipeline "--config=$config" "--output=$output_format")
fi
[[ -n $plan_file ]] && argv+=("--plan-file=$plan_file")
[[ $dry_run == true ]] && argv+=(--dry-run)
[[ $diff == true ]] && argv+=(--diff)
[[ $exit_code == true ]] && argv+=(--exit-code)
[[ $merge_only == true ]] && argv+=(--merge-only)
[[ $sync_only == true ]] && argv+=(--sync-only)
if ((${#targets[@]} > 0)); then
  joined=$(
    IFS=,
    printf '%s' "${targets[*]}"
  )
  argv+=("--targets=$joined")
fi
[[ -n $parallelism ]] && argv+=("--parallelism=$parallelism")
case $log_level in
  trace | debug) argv+=(--verbose) ;;
esac
[[ $log_format != text ]] && argv+=("--log-format=$log_format")
[[ -n $metrics_push_url ]] && argv+=("--metrics-push-url=$metrics_push_url")

# Values must never reach a CI log: refuse the one switch that reveals them, even from the env.
# The CLI refuses it in CI on its own; the action also drops the CLI's override, so no step env
# can turn it back on.
for name in SECRETSYNC_SHOW_VALUES SECRETSYNC_ALLOW_SHOW_VALUES_IN_CI; do
  if [[ -n ${!name:-} ]]; then
    echo "::warning::$name is ignored by the action: values are never shown in CI"
    unset "$name"
  fi
done

# ---------------------------------------------------------------------------------------------
# Vault credentials.

case $vault_auth in
  token)
    if [[ -z ${VAULT_TOKEN:-} ]]; then
      fail vault-auth "token: set VAULT_TOKEN in the step's env (from a secret)"
    fi
    ;;
  approle)
    if [[ -z ${VAULT_ROLE_ID:-} || -z ${VAULT_SECRET_ID:-} ]]; then
      fail vault-auth "approle: set VAULT_ROLE_ID and VAULT_SECRET_ID in the step's env (from secrets)"
    fi
    ;;
  jwt)
    if [[ -z ${ACTIONS_ID_TOKEN_REQUEST_URL:-} || -z ${ACTIONS_ID_TOKEN_REQUEST_TOKEN:-} ]]; then
      fail vault-auth "jwt: the job needs 'permissions: id-token: write' to request an OIDC token"
    fi
    if ! command -v curl >/dev/null 2>&1; then
      fail vault-auth "jwt: curl is needed to request the runner's OIDC token"
    fi
    # The request token goes to curl on stdin (a config line), never on its command line, where
    # other processes could read it. The audience is URL-encoded by curl.
    response=$(
      printf 'header = "Authorization: bearer %s"\n' "$ACTIONS_ID_TOKEN_REQUEST_TOKEN" |
        curl --silent --show-error --fail --get --max-time 30 --retry 3 \
          --config - --data-urlencode "audience=$vault_audience" \
          -- "$ACTIONS_ID_TOKEN_REQUEST_URL"
    ) || {
      echo "::error title=secretsync action::could not get an OIDC token from the runner (vault-auth: jwt)"
      exit 1
    }
    # {"count":..,"value":"<jwt>"}: a JWT is base64url segments joined by dots.
    if [[ ! $response =~ \"value\"[[:space:]]*:[[:space:]]*\"([A-Za-z0-9._-]+)\" ]]; then
      echo "::error title=secretsync action::the runner's OIDC token response had no token (vault-auth: jwt)"
      exit 1
    fi
    jwt=${BASH_REMATCH[1]}
    unset response
    echo "::add-mask::$jwt"
    export VAULT_JWT="$jwt"
    unset jwt
    ;;
esac

# ---------------------------------------------------------------------------------------------

cd -- "$working_directory" || fail working-directory "is not a directory: $working_directory"
bin=${SECRETSYNC_BIN:-secretsync}
# The plan to apply is the one positional argument, after "--": never read as an option.
[[ -n $apply_plan ]] && argv+=(-- "$apply_plan")
if [[ -z $plan_file ]]; then
  exec "$bin" "${argv[@]}"
fi
# Saving a plan: run, then name the file in the step outputs when the run saved it.
rm -f -- "$plan_file"
status=0
"$bin" "${argv[@]}" || status=$?
if [[ -f $plan_file && -n ${GITHUB_OUTPUT:-} ]]; then
  case $plan_file in
    /*) saved=$plan_file ;;
    *) saved=$PWD/$plan_file ;;
  esac
  printf 'plan-file=%s\n' "$saved" >>"$GITHUB_OUTPUT"
fi
exit "$status"

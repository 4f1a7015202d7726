#!/usr/bin/env bash
# Runs the same commands through every way SecretSync ships and checks that each gives the same
# exit code: the executable (target/secretsync), the GitHub Action entrypoint (entrypoint.sh with
# INPUT_* variables), and the container image when Docker is available.
#   scripts/parity-check.sh [IMAGE]      (IMAGE defaults to secretsync:ci; skipped without Docker)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
bin=$repo/target/secretsync
image=${1:-secretsync:ci}
[[ -x $bin ]] || { echo "parity: build first (./mvnw -q -DskipTests package)"; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r examples/quickstart "$work/"
printf 'sources: {}\ntargets: {X: {type: file, path: out, imports: [nope]}}\nbogus: 1\n' >"$work/bad.yaml"

docker_ok=false
if command -v docker >/dev/null 2>&1 && docker image inspect "$image" >/dev/null 2>&1; then
  docker_ok=true
fi

failures=0
# check EXPECTED ACTION_INPUTS -- ARGS...: ACTION_INPUTS is "-" for commands the action does not run.
check() {
  local expected=$1 inputs=$2
  shift 3
  local got_bin got_img=- got_action=-
  set +e
  (cd "$work" && "$bin" "$@") >/dev/null 2>&1
  got_bin=$?
  if $docker_ok; then
    docker run --rm -v "$work:/work:ro" -w /work "$image" "$@" >/dev/null 2>&1
    got_img=$?
  fi
  if [[ $inputs != - ]]; then
    local -a envs
    read -r -a envs <<<"$inputs"
    (cd "$work" && env -i PATH="$PATH" HOME="$HOME" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} \
      SECRETSYNC_BIN="$bin" "${envs[@]}" bash "$repo/entrypoint.sh") >/dev/null 2>&1
    got_action=$?
  fi
  set -e
  local status=ok
  for got in "$got_bin" "$got_img" "$got_action"; do
    if [[ $got != - && $got != "$expected" ]]; then
      status=MISMATCH
    fi
  done
  [[ $status == ok ]] || failures=$((failures + 1))
  printf '%-9s expected %s  binary %s  image %s  action %s   %s\n' \
    "$status" "$expected" "$got_bin" "$got_img" "$got_action" "$*"
}

cfg=quickstart/secretsync.yaml
check 0 - -- version
check 0 - -- validate --config "$cfg"
check 1 - -- validate --config bad.yaml
check 2 - -- pipeline --config "$cfg" --no-such-flag
check 0 "INPUT_CONFIG=$cfg INPUT_DRY_RUN=true INPUT_OUTPUT_FORMAT=compact" -- \
  pipeline --config="$cfg" --output=compact --dry-run
check 1 "INPUT_CONFIG=$cfg INPUT_DRY_RUN=true INPUT_EXIT_CODE=true INPUT_OUTPUT_FORMAT=compact" -- \
  pipeline --config="$cfg" --output=compact --dry-run --exit-code
check 2 "INPUT_CONFIG=bad.yaml INPUT_DRY_RUN=true INPUT_EXIT_CODE=true INPUT_OUTPUT_FORMAT=compact" -- \
  pipeline --config=bad.yaml --output=compact --dry-run --exit-code
$docker_ok || echo "parity: image column skipped (no Docker engine or no image $image)"
if ((failures > 0)); then
  echo "parity: $failures mismatch(es)"
  exit 1
fi
echo "parity: binary, action entrypoint and image agree"

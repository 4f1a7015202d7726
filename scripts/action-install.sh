#!/usr/bin/env bash
# Install step of the SecretSync GitHub Action (action.yml). Finds a Java 17+ runtime and the
# `secretsync` executable, and writes them to $GITHUB_OUTPUT as `java-home` and `bin`:
#   1. $GITHUB_ACTION_PATH/target/secretsync, when the action's checkout is already built
#      (`uses: ./` after `./mvnw package`, as this repository's CI does);
#   2. the release asset of the action's ref when the ref is a release tag (vX.Y.Z), checked
#      against the release's SHA-256 file;
#   3. otherwise a build of the action's own source with the Maven wrapper.
# It reads no action input and changes nothing outside $RUNNER_TEMP and the action's directory.
set -euo pipefail

action_path=${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set (run this from action.yml)}
out=${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}

# ---- Java: the runner's own, never changing JAVA_HOME for the user's later steps.
java_home=""
for candidate in "${JAVA_HOME_21_X64:-}" "${JAVA_HOME_21_ARM64:-}" "${JAVA_HOME_17_X64:-}" \
  "${JAVA_HOME_17_ARM64:-}" "${JAVA_HOME:-}"; do
  if [[ -n $candidate && -x $candidate/bin/java ]]; then
    java_home=$candidate
    break
  fi
done
if [[ -z $java_home ]] && command -v java >/dev/null 2>&1; then
  java_bin=$(command -v java)
  java_home=$(cd "$(dirname "$(readlink -f "$java_bin" 2>/dev/null || echo "$java_bin")")/.." && pwd)
fi
if [[ -z $java_home ]]; then
  echo "::error title=secretsync action::no Java found: add actions/setup-java (17 or newer) before this step"
  exit 1
fi
feature=$("$java_home/bin/java" -XshowSettings:properties -version 2>&1 |
  sed -n 's/^ *java.specification.version = //p')
if [[ ! $feature =~ ^[0-9]+$ ]] || ((feature < 17)); then
  echo "::error title=secretsync action::Java $feature at $java_home is too old: secretsync needs 17 or newer"
  exit 1
fi

# ---- The executable.
bin=""
if [[ -x $action_path/target/secretsync ]]; then
  bin=$action_path/target/secretsync
  echo "secretsync: using the built $bin"
fi

# The action's ref: GITHUB_ACTION_REF, or the checkout directory's name (_actions/owner/repo/ref),
# since composite actions do not always get the variable.
ref=${GITHUB_ACTION_REF:-$(basename "$action_path")}
repo=${GITHUB_ACTION_REPOSITORY:-}
if [[ -z $bin && $ref =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ && $repo =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]]; then
  dir=${RUNNER_TEMP:-/tmp}/secretsync-$ref
  mkdir -p "$dir"
  base=${GITHUB_SERVER_URL:-https://github.com}/$repo/releases/download/$ref
  if curl --silent --show-error --fail --location --retry 3 --max-time 120 \
    -o "$dir/secretsync" -- "$base/secretsync" &&
    curl --silent --show-error --fail --location --retry 3 --max-time 30 \
      -o "$dir/secretsync.sha256" -- "$base/secretsync.sha256"; then
    want=$(awk '{print $1; exit}' "$dir/secretsync.sha256")
    if command -v sha256sum >/dev/null 2>&1; then
      got=$(sha256sum "$dir/secretsync" | awk '{print $1}')
    else
      got=$(shasum -a 256 "$dir/secretsync" | awk '{print $1}')
    fi
    if [[ $want != "$got" ]]; then
      echo "::error title=secretsync action::checksum mismatch for the $ref release asset (want $want, got $got)"
      exit 1
    fi
    chmod 755 "$dir/secretsync"
    bin=$dir/secretsync
    echo "secretsync: downloaded release $ref (sha256 $got)"
  else
    echo "::warning::no release asset for $ref; building secretsync from the action's source"
  fi
fi

if [[ -z $bin ]]; then
  echo "secretsync: building from source in $action_path (pin a release tag for a faster start)"
  (cd "$action_path" && JAVA_HOME=$java_home ./mvnw -q -B -DskipTests package)
  bin=$action_path/target/secretsync
fi

{
  echo "bin=$bin"
  echo "java-home=$java_home"
} >>"$out"
JAVA_HOME=$java_home "$bin" version

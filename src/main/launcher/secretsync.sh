#!/bin/sh
# SecretSync launcher: this file is a shell script followed by the executable jar.
# Runs with $JAVA_HOME/bin/java when JAVA_HOME is set, else the first java on PATH (Java >= 17).
# JAVA_OPTS is passed to the JVM (word-split on purpose, like every other JVM launcher).
# Class-data sharing: the first run on a machine records the classes a dry run loads into an
# AppCDS archive in ${SECRETSYNC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/secretsync} (a few
# seconds, once per executable and Java), and later runs map it (about 40 % off a small run's
# start). SECRETSYNC_CDS=off turns this off, =on turns it on in CI too (where CI is set, it is off
# by default); JAVA_OPTS naming -Xshare or a CDS/AOT archive wins.
if [ -n "${JAVA_HOME:-}" ] && [ -x "${JAVA_HOME}/bin/java" ]; then
  JAVA_CMD="${JAVA_HOME}/bin/java"
else
  JAVA_CMD=java
fi
if ! command -v "$JAVA_CMD" >/dev/null 2>&1; then
  echo "secretsync: no Java found: install Java 17 or newer, or set JAVA_HOME" >&2
  exit 2
fi
JVM_FLAGS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1"
case "$0" in /*) SELF="$0" ;; *) SELF="$(pwd)/$0" ;; esac

# Prints the JVM options that map the archive (making it first when there is none); prints
# nothing when class-data sharing is off or cannot be set up here. Never fails the run.
cds_options() {
  case "${SECRETSYNC_CDS:-auto}" in
    off | false | no | 0) return 0 ;;
    # A CI job usually starts on a fresh machine and runs once: recording would cost it a second
    # and pay nothing back. SECRETSYNC_CDS=on (with the directory cached between jobs) opts in.
    auto) case "${CI:-}" in "" | false | 0) ;; *) return 0 ;; esac ;;
  esac
  case " ${JAVA_OPTS:-} " in *-Xshare* | *SharedArchiveFile* | *ArchiveClassesAtExit* | *AOTCache*) return 0 ;; esac
  base="${XDG_CACHE_HOME:-}"
  if [ -z "$base" ]; then
    [ -n "${HOME:-}" ] || return 0
    base="$HOME/.cache"
  fi
  dir="${SECRETSYNC_CACHE_DIR:-$base/secretsync}"
  # The options are word-split into the java command line: no archive under a path with blanks.
  case "$dir" in *[[:space:]]*) return 0 ;; esac
  # One archive per executable and Java: the key changes when either is replaced.
  java_path=$(command -v "$JAVA_CMD")
  key=$(ls -lLn "$SELF" "$java_path" 2>/dev/null | cksum | cut -d ' ' -f 1)
  [ -n "$key" ] || return 0
  archive="$dir/cds-$key.jsa"
  # A Java that cannot write an archive (no base CDS archive, say) is tried once, not every run.
  [ -f "$dir/cds-$key.failed" ] && return 0
  if [ ! -f "$archive" ]; then
    # Quick commands do not pay for the recording; they use an archive once one exists.
    case "$1" in "" | -h | --help | help | -V | --version | completion | schema | isready) return 0 ;; esac
    (umask 077 && mkdir -p "$dir") 2>/dev/null || return 0
    # Only a directory of our own: an archive is code the JVM maps.
    [ -d "$dir" ] && [ -O "$dir" ] && [ -w "$dir" ] || return 0
    cds_train "$dir" "$archive" || {
      : >"$dir/cds-$key.failed" 2>/dev/null
      return 0
    }
  fi
  [ -O "$archive" ] || return 0
  # A stale or foreign archive is refused by the JVM: stay quiet about it (stdout carries reports).
  printf '%s\n' "-XX:SharedArchiveFile=$archive -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"
}

# Records the archive: a dry run of a one-secret config, its output discarded, the archive
# written under a temporary name and renamed into place (concurrent first runs each write their
# own; the last rename wins). Only the three newest archives in the directory are kept.
cds_train() {
  work=$(mktemp -d 2>/dev/null) || return 1
  mkdir "$work/src" && printf '{"key": "value"}\n' >"$work/src/example.json" &&
    printf 'sources:\n  s: {file: {path: src}}\ntargets:\n  T: {type: file, path: out, imports: [s]}\n' \
      >"$work/secretsync.yaml" || {
    rm -rf "$work"
    return 1
  }
  tmp="$2.$$.tmp"
  # shellcheck disable=SC2086
  # An empty environment: no SECRETSYNC_* or OTEL_* setting may send the recording anywhere.
  if (cd "$work" && env -i PATH="$PATH" HOME="$work" "$JAVA_CMD" $JVM_FLAGS \
    -XX:ArchiveClassesAtExit="$tmp" -Xlog:cds=off -Xlog:cds+dynamic=off \
    -jar "$SELF" pipeline --config secretsync.yaml --dry-run \
    </dev/null >/dev/null 2>&1) && [ -s "$tmp" ]; then
    mv -f "$tmp" "$2"
    # Keep the three newest (other Javas, the build before): older ones are left-overs.
    # shellcheck disable=SC2012
    ls -1t "$1"/cds-*.jsa 2>/dev/null | tail -n +4 | while IFS= read -r old; do rm -f "$old"; done
  fi
  rm -rf "$work" "$tmp"
  [ -f "$2" ]
}

CDS_OPTS=$(cds_options "${1:-}")
# shellcheck disable=SC2086
exec "$JAVA_CMD" $JVM_FLAGS $CDS_OPTS ${JAVA_OPTS:-} -jar "$SELF" "$@"
exit 1

#!/bin/sh
# SecretSync launcher: this file is a shell script followed by the executable jar.
# Runs with $JAVA_HOME/bin/java when JAVA_HOME is set, else the first java on PATH (Java >= 17).
# JAVA_OPTS is passed to the JVM (word-split on purpose, like every other JVM launcher).
if [ -n "${JAVA_HOME:-}" ] && [ -x "${JAVA_HOME}/bin/java" ]; then
  JAVA_CMD="${JAVA_HOME}/bin/java"
else
  JAVA_CMD=java
fi
if ! command -v "$JAVA_CMD" >/dev/null 2>&1; then
  echo "secretsync: no Java found: install Java 17 or newer, or set JAVA_HOME" >&2
  exit 2
fi
# shellcheck disable=SC2086
exec "$JAVA_CMD" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 ${JAVA_OPTS:-} -jar "$0" "$@"
exit 1

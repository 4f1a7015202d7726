#!/usr/bin/env bash
# Start-up time of the CLI with and without class-data sharing, as recorded in docs/performance.md.
#   scripts/measure-startup.sh [JAVA_HOME...]      (default: $JAVA_HOME, else the java on PATH)
# Needs hyperfine (Debian package `hyperfine`) and a built target/secretsync. Runs plain `java`
# with the launcher's flags, so each JVM option is under control: no CDS (-Xshare:off), the JDK's
# default CDS archive (-Xshare:auto, what the launcher does), an AppCDS dynamic archive recorded
# from one dry run of the quickstart (what the image ships), and on JDK 24+ the AOT cache.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "measure-startup: install hyperfine"; exit 2; }
[[ -f target/secretsync ]] || { echo "measure-startup: run ./mvnw -q -DskipTests package first"; exit 2; }
homes=("$@")
if ((${#homes[@]} == 0)); then
  homes=("${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}")
fi
runs=${RUNS:-30}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp target/secretsync "$work/secretsync"
cp -r examples/quickstart "$work/"
cd "$work/quickstart"
jar=$work/secretsync
flags=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1)
train=(pipeline --config secretsync.yaml --dry-run -o compact)

for home in "${homes[@]}"; do
  java=$home/bin/java
  feature=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  "$java" "${flags[@]}" "-XX:ArchiveClassesAtExit=$work/j$feature.jsa" -jar "$jar" "${train[@]}" >/dev/null 2>&1
  variants=(-n "$feature no-cds" -n "$feature default-cds" -n "$feature appcds")
  if ((feature >= 24)); then
    "$java" "${flags[@]}" "-XX:AOTCacheOutput=$work/j$feature.aot" -jar "$jar" "${train[@]}" >/dev/null 2>&1
  fi
  for cmd in "--version" "validate --config secretsync.yaml" "pipeline --config secretsync.yaml --dry-run -o compact"; do
    base="$java ${flags[*]}"
    commands=("$base -Xshare:off -jar $jar $cmd" "$base -Xshare:auto -jar $jar $cmd"
      "$base -XX:SharedArchiveFile=$work/j$feature.jsa -jar $jar $cmd")
    names=("${variants[@]}")
    if ((feature >= 24)); then
      commands+=("$base -XX:AOTCache=$work/j$feature.aot -jar $jar $cmd")
      names+=(-n "$feature aot-cache")
    fi
    args=()
    for i in "${!commands[@]}"; do
      args+=("${names[$((2 * i))]}" "${names[$((2 * i + 1))]}" "${commands[$i]}")
    done
    echo "== java $feature: secretsync $cmd"
    hyperfine -N --warmup 5 --runs "$runs" --style basic "${args[@]}" 2>&1 | grep -E "^Benchmark|Time \(mean"
  done
done

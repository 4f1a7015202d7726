#!/usr/bin/env bash
# Benchmarks (docs/performance.md): each scenario in a fresh JVM against the testkit emulators
# (Vault, AWS) and S3Mock; one JSON document per scenario on stdout and in target/bench/.
#   scripts/bench.sh [--jfr] [--no-build] [--sizes 1k,10k] [--accounts 1,100] [scenario...]
# Scenarios: cold-10k noop-10k one-change-10k fanout-100x100 fanout-sharded startup agent-1k
#   tracing-10k (default: all, ~14 minutes); sized: cold|noop|one-change at each of --sizes (noop-50k),
#   fanout at each --sizes total split over each of --accounts (fanout-10x1000);
#   curves: the scaling curves and their SVG charts in target/bench/curves/ (~25 minutes).
#   --jfr       record both JVMs with JFR (1 ms sampling): target/bench/<scenario>/{run,bench}.jfr;
#               summarise with dev.secretsync.bench.JfrTop (see docs/performance.md)
#   --no-build  reuse target/ as it is
# MVN_ARGS is passed to ./mvnw (e.g. MVN_ARGS=-o offline). BENCH_FAIL_ON_BARS=true exits 1 when a
# bar is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
jfr=false
build=true
scenarios=()
sized=()
while (($# > 0)); do
  arg=$1
  shift
  case "$arg" in
    --jfr) jfr=true ;;
    --no-build) build=false ;;
    --sizes | --accounts)
      if (($# == 0)); then
        echo "bench: $arg needs a list, e.g. $arg 1k,10k" >&2
        exit 2
      fi
      sized+=("$arg" "$1")
      shift
      ;;
    -h | --help)
      sed -n '2,14p' "$0"
      exit 0
      ;;
    -*)
      echo "bench: unknown option $arg" >&2
      exit 2
      ;;
    *) scenarios+=("$arg") ;;
  esac
done
if ((${#scenarios[@]} == 0)); then
  scenarios=(cold-10k noop-10k one-change-10k fanout-100x100 fanout-sharded startup agent-1k
    tracing-10k)
fi
mkdir -p target/bench
cp_file=target/bench/classpath.txt
if $build || [[ ! -f $cp_file ]]; then
  # shellcheck disable=SC2086
  ./mvnw -q ${MVN_ARGS:-} -DskipTests package dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
fi
java=java
if [[ -n ${JAVA_HOME:-} ]]; then
  java=$JAVA_HOME/bin/java
fi
classpath="target/test-classes:target/classes:$(cat "$cp_file")"
jfc=""
if $jfr; then
  # JDK's "profile" settings with 1 ms method sampling: enough samples from a few-second run.
  home=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')
  jfc=$PWD/target/bench/profile-1ms.jfc
  sed -e 's/\(method-sampling-java-interval">\)[^<]*/\11 ms/' \
    -e 's/\(method-sampling-native-interval">\)[^<]*/\11 ms/' \
    "$home/lib/jfr/profile.jfc" >"$jfc"
fi
jvm_args=(-Xmx1g)
cli_args=()
if $jfr; then
  jvm_args+=("-XX:StartFlightRecording=filename=$PWD/target/bench/{scenario}/bench.jfr,settings=$jfc")
  cli_args+=("-Dbench.cli.jvmArgs=-XX:StartFlightRecording=filename={label}.jfr,settings=$jfc")
fi
# The runner starts one fresh JVM per scenario (with bench.jvmArgs) and exits with the worst code.
exec "$java" -Xmx128m -Dsecretsync.s3mock.jar=target/s3mock/s3mock-exec.jar \
  "-Dbench.failOnBars=${BENCH_FAIL_ON_BARS:-false}" "-Dbench.jvmArgs=${jvm_args[*]}" \
  ${cli_args[@]+"${cli_args[@]}"} -cp "$classpath" dev.secretsync.bench.Bench \
  ${sized[@]+"${sized[@]}"} "${scenarios[@]}"

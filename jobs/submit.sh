#!/usr/bin/env bash
# spark-submit wrapper for every job of the tool; jobs/<job>.sh call it with their command:
#   jobs/submit.sh [spark-submit options ...] -- <command> [tool options ...]
# e.g. jobs/submit.sh --master spark://127.0.0.1:7077 --total-executor-cores 2 -- quantize --conf conf/x.conf
# Uses $SPARK_HOME/bin/spark-submit when a Spark distribution is installed, otherwise SparkSubmit
# from the Maven-made SPARK_HOME (.spark-home, see jobs/standalone-cluster.sh). Runs the shaded jar
# (mvn -B -q -Pspark-submit package -DskipTests). Exit code: the tool's: 0 done (a run that was
# already complete also exits 0, its last line saying "inq: run already complete"), 1 failed,
# 2 bad usage or configuration.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export SPARK_HOME="${SPARK_HOME:-$root/.spark-home}"
jar="$(ls "$root"/target/inq-spark-*-spark.jar 2>/dev/null | head -1 || true)"
[ -n "$jar" ] || { echo "no shaded jar: run mvn -B -q -Pspark-submit package -DskipTests" >&2; exit 2; }
submit_opts=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do submit_opts+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
# jobs/<job>.sh set INQ_COMMAND: the tool's command goes first
if [ -n "${INQ_COMMAND:-}" ]; then set -- "$INQ_COMMAND" "$@"; fi
source "$root/jobs/jvm-flags.sh"
opens="${INQ_JVM_OPENS[*]}"
common=(--conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1
        --conf "spark.executor.extraJavaOptions=$opens" --conf spark.executorEnv.OMP_NUM_THREADS=1
        --class io.github.inqspark.cli.Main)
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" SPARK_SCALA_VERSION=2.12
if [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  exec "$SPARK_HOME/bin/spark-submit" --driver-java-options "$opens" "${common[@]}" "${submit_opts[@]}" "$jar" "$@"
fi
[ -d "$SPARK_HOME/jars" ] || { echo "no Spark at $SPARK_HOME: run jobs/standalone-cluster.sh start once, or set SPARK_HOME" >&2; exit 2; }
# shellcheck disable=SC2086
exec java ${INQ_DRIVER_JAVA_OPTS:--Xmx4g} $opens -Dlog4j2.configurationFile="$root/conf/log4j2.properties" \
  -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit "${common[@]}" "${submit_opts[@]}" "$jar" "$@"

#!/usr/bin/env bash
# A real Spark standalone cluster on 127.0.0.1 from Maven jars: one master, two workers.
#   jobs/standalone-cluster.sh start   # prints the master URL: spark://127.0.0.1:7077
#   jobs/standalone-cluster.sh stop    # stops only the processes it started (by their PIDs)
# Environment: SPARK_HOME (default .spark-home, filled from Maven on first use), INQ_CLUSTER_DIR
# (pids and logs, default .spark-cluster), WORKER_CORES (1), WORKER_MEMORY (4g), MASTER_PORT (7077).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export SPARK_HOME="${SPARK_HOME:-$root/.spark-home}"
state="${INQ_CLUSTER_DIR:-$root/.spark-cluster}"
port="${MASTER_PORT:-7077}"
ui=$((port + 1003))
export SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.12

spark_home() {
  if [ ! -d "$SPARK_HOME/jars" ] || [ -z "$(ls "$SPARK_HOME/jars" 2>/dev/null)" ]; then
    mvn -B -q -f "$root/jobs/spark-home/pom.xml" dependency:copy-dependencies -DoutputDirectory="$SPARK_HOME/jars"
  fi
}

start_daemon() { # name, main class, args...
  local name="$1"; shift
  local cls="$1"; shift
  java -Xmx512m -cp "$SPARK_HOME/jars/*" "$cls" "$@" >"$state/$name.log" 2>&1 &
  echo $! >"$state/$name.pid"
}

alive_workers() {
  curl -s "http://127.0.0.1:$ui/json/" 2>/dev/null | tr ',' '\n' | grep -c '"state" *: *"ALIVE"' || true
}

case "${1:-}" in
  start)
    spark_home
    mkdir -p "$state"
    for n in master worker1 worker2; do
      if [ -f "$state/$n.pid" ] && kill -0 "$(cat "$state/$n.pid")" 2>/dev/null; then
        echo "already running: $n (pid $(cat "$state/$n.pid")); stop it first" >&2; exit 1
      fi
    done
    start_daemon master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port "$ui"
    for i in 1 2; do
      mkdir -p "$state/work$i"
      start_daemon "worker$i" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 \
        --cores "${WORKER_CORES:-1}" --memory "${WORKER_MEMORY:-4g}" --webui-port $((ui + i)) \
        --work-dir "$state/work$i" "spark://127.0.0.1:$port"
    done
    for _ in $(seq 1 120); do
      [ "$(alive_workers)" -ge 2 ] && { echo "spark://127.0.0.1:$port"; exit 0; }
      sleep 0.5
    done
    echo "the cluster did not come up with 2 workers in 60 s; logs in $state" >&2
    "$0" stop
    exit 1
    ;;
  stop)
    for n in worker1 worker2 master; do
      if [ -f "$state/$n.pid" ]; then
        pid="$(cat "$state/$n.pid")"
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        kill -9 "$pid" 2>/dev/null || true
        rm -f "$state/$n.pid"
      fi
    done
    ;;
  status)
    echo "alive workers: $(alive_workers)"
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2; exit 2
    ;;
esac

#!/usr/bin/env bash
# Throughput of one INQ stage's re-training: the Spark trainer on local[2] against the single-JVM
# trainer (same LeNet, MNIST examples, batch 64, 2 cores), and the projection's cost per iteration
# (issue 3). Each configuration in its own JVM, since BLAS threads are fixed at start.
# Usage: jobs/bench-trainers.sh [examples]   (results: docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/.."
data-prep/fetch-mnist.sh >/dev/null
mvn -B -q test-compile
n="${1:-12800}"
source jobs/jvm-flags.sh
flags=("${INQ_JVM_OPENS[@]}")
bench() {
  OMP_NUM_THREADS="$1" java -Xmx6g "${flags[@]}" -Dlog4j2.configurationFile=conf/log4j2.properties \
    -cp "target/classes:target/test-classes:$(cat target/classpath.txt)" \
    io.github.inqspark.bench.TrainerThroughputBenchmark data/mnist "$n" "$2" 2>/dev/null
}
out="$( { bench 2 local; bench 1 local; bench 1 spark:5,10,20,50; bench 1 projection; } )"
echo "$out"
best_local=$(echo "$out" | awk '/^local/ {if ($(NF-1) > b) b = $(NF-1)} END {print b}')
echo "$out" | awk -v b="$best_local" '/^spark/ {printf "ratio to the best single-JVM rate (%d examples/s): %.2f  (%s)\n", b, $(NF-1) / b, $0}'

#!/usr/bin/env bash
# Benchmark of one INQ stage's partition + quantize over VGG-16-sized tensors (issue 2).
# Usage: jobs/bench-core.sh [repeats]   (results: docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
for strategy in pruning random quantization-error; do
  java -Xmx6g -cp target/classes:target/test-classes io.github.inqspark.bench.StageQuantizeBenchmark \
    "$strategy" "${1:-3}" | { [ "$strategy" = pruning ] && cat || grep -v '^threads'; }
done

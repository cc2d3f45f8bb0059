#!/usr/bin/env bash
# One INQ stage of VGG-16 / ResNet-50 at 224x224 through the Spark path (local[2]) with a handful of
# minibatches; checks frozen weights stay exact and prints times and peak memory (issues 3 and 4).
# Usage: jobs/bench-imagenet-stage.sh ARCH BATCH MINIBATCHES [spark|local]   (results: docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
source jobs/jvm-flags.sh
flags=("${INQ_JVM_OPENS[@]}")
# INQ_BENCH_SPARK="key=value,key=value" adds Spark settings to try.
# INQ_BENCH_NO_SAVE_UPDATER=true: workers do not return updater state (half the result size).
OMP_NUM_THREADS=1 exec java ${INQ_BENCH_HEAP:--Xmx8g} -Dinq.bench.spark="${INQ_BENCH_SPARK:-}" \
  -Dinq.bench.noSaveUpdater="${INQ_BENCH_NO_SAVE_UPDATER:-false}" -Dorg.bytedeco.javacpp.maxbytes=14G -Dorg.bytedeco.javacpp.maxphysicalbytes=20G \
  "${flags[@]}" -Dlog4j2.configurationFile=conf/log4j2.properties \
  -cp "target/classes:target/test-classes:$(cat target/classpath.txt)" \
  io.github.inqspark.bench.ImageNetStageBenchmark "${1:-resnet50}" "${2:-2}" "${3:-4}" "${4:-spark}"

#!/usr/bin/env bash
# One-JVM forward+backward time per minibatch at 224x224 (issue 4), with all cores to BLAS.
# Usage: jobs/bench-iteration.sh ARCH BATCH [ITERATIONS]   e.g. jobs/bench-iteration.sh vgg16 8 3
# INQ_NATIVE=onednn measures ND4J's oneDNN native build instead of the portable default.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile ${INQ_NATIVE:+-Ponednn}
OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}" exec java -Xmx12g -Dorg.bytedeco.javacpp.maxbytes=16G \
  -Dorg.bytedeco.javacpp.maxphysicalbytes=22G -Dlog4j2.configurationFile=conf/log4j2.properties \
  -cp "target/classes:target/test-classes:$(cat target/classpath.txt)" \
  io.github.inqspark.bench.IterationBenchmark "$1" "$2" "${3:-3}"

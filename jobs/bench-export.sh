#!/usr/bin/env bash
# Packed export round trip of an ImageNet-sized model (issue 6): sizes, times, bit-exactness.
# Usage: jobs/bench-export.sh [ARCH] [BITS]   (default vgg16 5; results: docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
exec java -Xmx12g -Dorg.bytedeco.javacpp.maxbytes=8G -Dlog4j2.configurationFile=conf/log4j2.properties \
  -cp "target/classes:target/test-classes:$(cat target/classpath.txt)" \
  io.github.inqspark.bench.ExportRoundTripBenchmark "${1:-vgg16}" "${2:-5}"

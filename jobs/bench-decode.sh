#!/usr/bin/env bash
# Decode + augment throughput of the shard input path, and data-prep's per-image rate, on one
# thread (issue 4). Usage: jobs/bench-decode.sh [IMAGES]   (results: docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/.."
data-prep/fetch-fashion-mnist.sh >/dev/null
mvn -B -q test-compile
exec java -Xmx2g -Dlog4j2.configurationFile=conf/log4j2.properties \
  -cp "target/classes:target/test-classes:$(cat target/classpath.txt)" \
  io.github.inqspark.bench.DecodeBenchmark "${1:-400}" data/fashion-mnist

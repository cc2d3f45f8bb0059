#!/usr/bin/env bash
# The README's first command: fetch MNIST, build, pretrain the FP32 LeNet-5-style reference,
# quantize it to 5-bit powers of two with INQ on the embedded Spark (local[*]), verify, export
# the packed 5-bit file, write the HTML report (runs/demo/inq-5bit/report/index.html).
# Re-running resumes or reports the finished run; delete runs/demo to start over.
set -euo pipefail
cd "$(dirname "$0")/.."
data-prep/fetch-mnist.sh
mvn -B -q package -DskipTests
if [ ! -f runs/demo/lenet-fp32.zip ]; then
  jobs/inq pretrain --data data/mnist --arch lenet --epochs 3 --learning-rate 0.01 --decay-per-epoch 0.3 \
    --out runs/demo/lenet-fp32.zip
fi
jobs/inq quantize --conf conf/mnist-lenet-5bit.conf
jobs/inq verify --run-dir runs/demo/inq-5bit
[ -f runs/demo/lenet-5bit.inqx ] || jobs/inq export --run-dir runs/demo/inq-5bit --out runs/demo/lenet-5bit.inqx
jobs/inq report --run-dir runs/demo/inq-5bit

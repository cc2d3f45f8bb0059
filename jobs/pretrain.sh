#!/usr/bin/env bash
# spark-submit the pretrain job: train the FP32 reference on an MNIST-layout dataset.
#   jobs/pretrain.sh [spark-submit options ...] -- [pretrain options ...]     (jobs/inq pretrain --help lists them)
# Everything else (shaded jar, JVM flags, which spark-submit, exit codes): jobs/submit.sh.
INQ_COMMAND=pretrain exec "$(dirname "$0")/submit.sh" "$@"

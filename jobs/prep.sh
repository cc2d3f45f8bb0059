#!/usr/bin/env bash
# spark-submit the prep job: turn an ImageNet-style image tree into shards (docs/data-prep.md).
#   jobs/prep.sh [spark-submit options ...] -- [prep options ...]     (jobs/inq prep --help lists them)
# Everything else (shaded jar, JVM flags, which spark-submit, exit codes): jobs/submit.sh.
INQ_COMMAND=prep exec "$(dirname "$0")/submit.sh" "$@"

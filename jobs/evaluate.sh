#!/usr/bin/env bash
# spark-submit the evaluate job: top-1, top-5 and loss of a run's newest stage (or a model) on held-out data.
#   jobs/evaluate.sh [spark-submit options ...] -- [evaluate options ...]     (jobs/inq evaluate --help lists them)
# Everything else (shaded jar, JVM flags, which spark-submit, exit codes): jobs/submit.sh.
INQ_COMMAND=evaluate exec "$(dirname "$0")/submit.sh" "$@"

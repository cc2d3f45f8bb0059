#!/usr/bin/env bash
# spark-submit the quantize job: INQ stage by stage into a run directory; resumes what it committed.
#   jobs/quantize.sh [spark-submit options ...] -- [quantize options ...]     (jobs/inq quantize --help lists them)
# Everything else (shaded jar, JVM flags, which spark-submit, exit codes): jobs/submit.sh.
INQ_COMMAND=quantize exec "$(dirname "$0")/submit.sh" "$@"

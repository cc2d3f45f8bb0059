#!/usr/bin/env bash
# spark-submit the export job: write a finished run as the packed b-bit file.
#   jobs/export.sh [spark-submit options ...] -- [export options ...]     (jobs/inq export --help lists them)
# Everything else (shaded jar, JVM flags, which spark-submit, exit codes): jobs/submit.sh.
INQ_COMMAND=export exec "$(dirname "$0")/submit.sh" "$@"

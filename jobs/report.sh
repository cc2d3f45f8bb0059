#!/usr/bin/env bash
# spark-submit the report job: write a run's HTML report and PNG charts.
#   jobs/report.sh [spark-submit options ...] -- [report options ...]     (jobs/inq report --help lists them)
# Everything else (shaded jar, JVM flags, which spark-submit, exit codes): jobs/submit.sh.
INQ_COMMAND=report exec "$(dirname "$0")/submit.sh" "$@"

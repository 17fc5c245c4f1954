#!/usr/bin/env bash
# Runs the pdf_load target in fork mode until DEADLINE (seconds since the epoch), WITHOUT
# -ignore_crashes: when a child dies, libFuzzer prints the child's whole log ("INFO: log from the
# inner process": the target's report of an escaping panic with its backtrace, or the bare signal)
# before it stops, where -ignore_crashes would print only its "ERROR:" lines and delete the rest
# with the job. The loop then starts it again, so one death does not end the round.
#   fuzz/run_pdf_load.sh BINARY CORPUS ARTIFACTS LOG DEADLINE
set -u
bin=$1 corpus=$2 artifacts=$3 log=$4 deadline=$5
dict=$(dirname "$0")/pdf_load.dict
while [ "$(date +%s)" -lt "$deadline" ]; do
    left=$((deadline - $(date +%s)))
    nice -n 19 "$bin" -fork=1 -max_len=4096 -timeout=60 -rss_limit_mb=2048 -print_final_stats=1 \
        -max_total_time="$left" -artifact_prefix="$artifacts/" -dict="$dict" "$corpus" >> "$log" 2>&1
    echo "=== run ended rc=$? at $(date -u +%H:%M:%S)" >> "$log"
done

#!/usr/bin/env bash
# Runs the pdf_load target until DEADLINE (seconds since the epoch), restarting it whenever it
# stops early, so one death does not end the round.
#   fuzz/run_pdf_load.sh BINARY CORPUS ARTIFACTS LOG DEADLINE
# FUZZ_NICE sets the fuzzer's niceness (default 19; 0 for a round with the machine to itself,
# where libFuzzer's wall-clock -timeout must not see a starved process).
# PDF_LOAD_MODE=fork (the default, rounds 1-16): fork mode WITHOUT -ignore_crashes, so when a
# child dies libFuzzer prints the child's whole log ("INFO: log from the inner process": the
# target's report of an escaping panic with its backtrace, or the bare signal) before it stops,
# where -ignore_crashes would print only its "ERROR:" lines and delete the rest with the job.
# PDF_LOAD_MODE=inprocess (round 17): one process with address randomization off and
# -print_pcs=1, so every new edge is logged as a fixed address (fuzz/locate_pcs.py names its
# function) and a unit that kills the process by a signal libFuzzer catches is saved as a crash
# artifact (a stack overflow on a reader thread can still kill it bare, see the target's header).
# Since round 18 the target is built with `--cfg fuzzing`, which keeps the readers on the
# fuzzer's own thread (no reader threads: their timing made coverage vary), so that thread gets
# the most stack a reader thread has (the flowed-text reader's 256 MiB) here, in both modes. To
# replay a unit by hand, give it the same: `(ulimit -s 262144; BINARY UNIT)`.
set -u
ulimit -s 262144 || { echo "cannot give the fuzzer 256 MiB of stack" >&2; exit 2; }
bin=$1 corpus=$2 artifacts=$3 log=$4 deadline=$5
dict=$(dirname "$0")/pdf_load.dict
mode=${PDF_LOAD_MODE:-fork}
while [ "$(date +%s)" -lt "$deadline" ]; do
    left=$((deadline - $(date +%s)))
    if [ "$mode" = inprocess ]; then
        nice -n "${FUZZ_NICE:-19}" setarch "$(uname -m)" -R "$bin" -print_pcs=1 -max_len=4096 -timeout=60 \
            -rss_limit_mb=2048 -print_final_stats=1 -max_total_time="$left" \
            -artifact_prefix="$artifacts/" -dict="$dict" "$corpus" >> "$log" 2>&1
    else
        nice -n "${FUZZ_NICE:-19}" "$bin" -fork=1 -max_len=4096 -timeout=60 -rss_limit_mb=2048 -print_final_stats=1 \
            -max_total_time="$left" -artifact_prefix="$artifacts/" -dict="$dict" "$corpus" >> "$log" 2>&1
    fi
    echo "=== run ended rc=$? at $(date -u +%H:%M:%S)" >> "$log"
done

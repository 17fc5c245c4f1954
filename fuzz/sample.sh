#!/usr/bin/env bash
# Samples a libFuzzer log once a minute: writes the UTC time and the log's last status line to
# SAMPLES, until the fuzzer process PID exits. fuzz/plateau.py reads the result.
#   fuzz/sample.sh LOG SAMPLES PID
set -u
log=$1
samples=$2
pid=$3
while kill -0 "$pid" 2>/dev/null; do
    line=$(grep -a -E '^#[0-9]+' "$log" | tail -n 1)
    [ -n "$line" ] && printf '%s %s\n' "$(date -u +%H:%M:%S)" "$line" >> "$samples"
    sleep 60
done
line=$(grep -a -E '^#[0-9]+' "$log" | tail -n 1)
[ -n "$line" ] && printf '%s %s\n' "$(date -u +%H:%M:%S)" "$line" >> "$samples"

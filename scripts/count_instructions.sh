#!/usr/bin/env bash
# Counts the instructions plandoc executes to parse each seed (valgrind's callgrind): a speed
# figure that does not depend on what else the machine is doing, for comparing two builds.
#   scripts/count_instructions.sh [path/to/plandoc]      (default: target/release/plandoc)
# Prints one line per seed (bytes, instructions, instructions per byte) and the total. Each run
# is a whole process: start-up (the lazily compiled regular expressions, ~165 M instructions)
# is counted once per seed, as a user running `plandoc parse` pays it.
set -eu
bin=${1:-target/release/plandoc}
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
total_bytes=0
total_ir=0
printf '%-24s %10s %16s %12s\n' seed bytes instructions 'per byte'
for seed in seeds/*.txt; do
    bytes=$(wc -c < "$seed")
    ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" parse "$seed" 2>&1 >/dev/null |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
    printf '%-24s %10d %16d %12d\n' "$(basename "$seed")" "$bytes" "$ir" $((ir / bytes))
    total_bytes=$((total_bytes + bytes))
    total_ir=$((total_ir + ir))
done
printf '%-24s %10d %16d %12d\n' total "$total_bytes" "$total_ir" $((total_ir / total_bytes))

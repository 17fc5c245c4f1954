#!/usr/bin/env bash
# Counts the instructions `plandoc convert --jobs 1` executes over the first N units (by name) of
# the committed parse_text fuzz corpus (valgrind's callgrind): the speed of the code paths hostile
# and broken text takes (encoding detection, legacy decoding, odd tables), which the seeds barely
# reach. Load-independent, for comparing two builds; the corpus changes when it is re-packed, so
# compare builds with the same fuzz/corpora/parse_text.tar.xz.
#   scripts/count_fuzz_corpus_instructions.sh [path/to/plandoc] [N]
# Defaults: the repository's target/release/plandoc, N = 400. A relative path is taken from the
# directory the script is run in.
set -euo pipefail
bin=${1:-$(dirname "$0")/../target/release/plandoc}
count=${2:-400}
[ -x "$bin" ] || { echo "no executable plandoc at $bin (cargo build --release)" >&2; exit 2; }
bin=$(realpath "$bin")
[ "$count" -gt 0 ] 2>/dev/null || { echo "N must be a positive number, not '$count'" >&2; exit 2; }
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xJf fuzz/corpora/parse_text.tar.xz -C "$work"
mkdir "$work/units"
find "$work/parse_text" -type f | LC_ALL=C sort > "$work/all"
head -n "$count" "$work/all" | while read -r unit; do
    cp "$unit" "$work/units/"
done
units=$(find "$work/units" -type f | wc -l)
bytes=$(cat "$work"/units/* | wc -c)
# convert exits 1 when some inputs are refused (most fuzz units are): that is expected here;
# anything else (2: bad arguments, a crash, valgrind failing, no manifest written) is not.
status=0
valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" convert "$work/units" \
    --glob '*' --out-dir "$work/out" --jobs 1 --quiet --force > /dev/null 2> "$work/log" || status=$?
ir=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/log")
if { [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; } || [ -z "$ir" ] || [ ! -f "$work/out/manifest.json" ]; then
    echo "plandoc convert under valgrind failed (exit $status):" >&2
    tail -n 20 "$work/log" >&2
    exit 1
fi
printf 'units %d  bytes %d  instructions %d  per byte %d\n' "$units" "$bytes" "$ir" $((ir / bytes))

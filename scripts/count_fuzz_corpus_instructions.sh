#!/usr/bin/env bash
# Counts the instructions `plandoc convert --jobs 1` executes over the first N units (by name) of
# the committed parse_text fuzz corpus (valgrind's callgrind): the speed of the code paths hostile
# and broken text takes (encoding detection, legacy decoding, odd tables), which the seeds barely
# reach. Load-independent, for comparing two builds; the corpus changes when it is re-packed, so
# compare builds with the same fuzz/corpora/parse_text.tar.xz.
#   scripts/count_fuzz_corpus_instructions.sh [path/to/plandoc] [N]   (defaults: target/release/plandoc, 400)
set -eu
bin=$(realpath "${1:-target/release/plandoc}")
count=${2:-400}
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xJf fuzz/corpora/parse_text.tar.xz -C "$work"
mkdir "$work/units"
find "$work/parse_text" -type f | LC_ALL=C sort | head -n "$count" | while read -r unit; do
    cp "$unit" "$work/units/"
done
bytes=$(cat "$work"/units/* | wc -c)
ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" convert "$work/units" \
    --glob '*' --out-dir "$work/out" --jobs 1 --quiet --force 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
printf 'units %d  bytes %d  instructions %d  per byte %d\n' "$count" "$bytes" "$ir" $((ir / bytes))

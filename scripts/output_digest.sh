#!/usr/bin/env bash
# Prints one line per input: the sha256 of `plandoc parse --format json` on it (or of its error
# text and exit status). Save the output before a performance change and diff it after: a speed-up
# must leave every byte of every reading as it was.
#   scripts/output_digest.sh [path/to/plandoc] > /tmp/before.txt
set -u
bin=${1:-target/release/plandoc}
cd "$(dirname "$0")/.."
find seeds fixtures -type f \( -name '*.txt' -o -name '*.md' -o -name '*.pdf' -o -name '*.html' \) | LC_ALL=C sort |
while read -r f; do
    out=$("$bin" parse "$f" --format json 2>&1; echo "exit $?")
    printf '%s  %s\n' "$(printf '%s' "$out" | sha256sum | cut -c1-16)" "$f"
done

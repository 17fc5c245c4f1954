#!/usr/bin/env bash
# Regenerates fixtures/tables/pdftotext-plain/ from the PDF fixtures with poppler's plain
# `pdftotext` (no -layout): text block by block, a blank line between blocks, the table header one
# name per line, neighbouring cells whose lines share a baseline merged side by side. Measured
# with poppler 22.12 (`pdftotext -v`); another version may place blocks differently.
#   scripts/extract_pdftotext_plain.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v pdftotext >/dev/null || { echo "pdftotext is not installed (apt-get install poppler-utils)" >&2; exit 2; }
mkdir -p fixtures/tables/pdftotext-plain
while read -r name _; do
    pdftotext "fixtures/pdf/$name.pdf" "fixtures/tables/pdftotext-plain/$name.txt"
done < fixtures/pdf/SOURCES.txt

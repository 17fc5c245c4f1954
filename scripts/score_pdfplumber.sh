#!/usr/bin/env bash
# Scores pdfplumber's extract_tables() on the PDF fixtures with the same measure as plandoc:
# installs pdfplumber from PyPI into a venv, dumps its cells to fixtures/pdf/pdfplumber/, then
# prints both side by side. Usage: scripts/score_pdfplumber.sh [-v]
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/pdfplumber-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet pdfplumber
fi
"$venv/bin/python" -c 'import pdfplumber; print("pdfplumber", pdfplumber.__version__)'
pdfs=()
while read -r name _; do pdfs+=("fixtures/pdf/$name.pdf"); done < fixtures/pdf/SOURCES.txt
"$venv/bin/python" scripts/pdfplumber_tables.py "${pdfs[@]}" fixtures/pdf/pdfplumber
cargo run --quiet --release --example score pdf -- "$@"

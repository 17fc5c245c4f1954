#!/usr/bin/env bash
# Regenerates fixtures/pdf/*.pdf from the seeds and the gold tables with LibreOffice (headless).
# Needs: apt-get install -y libreoffice-writer-nogui fonts-liberation fonts-dejavu-core poppler-utils
# CI does not run this: it uses the committed PDFs.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/pdf_fixtures.py "$work" > "$work/sources.txt"
mkdir -p fixtures/pdf
soffice --headless -env:UserInstallation=file://"$work"/profile \
  --convert-to pdf:writer_pdf_Export --outdir fixtures/pdf "$work"/*.fodt > /dev/null
# Which gold reading each PDF was written from (a PDF name may differ from its seed's).
sed 's/ <- / /' "$work/sources.txt" > fixtures/pdf/SOURCES.txt
# A scanned-like PDF: one page of a fixture as an image only, no text layer.
pdftoppm -f 1 -l 1 -r 40 -gray fixtures/pdf/dak-lak-142.pdf "$work/scan"
python3 scripts/image_pdf.py "$work"/scan*.pgm fixtures/pdf/scanned.pdf
ls -l fixtures/pdf

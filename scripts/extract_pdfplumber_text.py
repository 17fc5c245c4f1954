#!/usr/bin/env python3
"""Writes pdfplumber's `extract_text()` of each PDF fixture to fixtures/tables/pdfplumber-text/.

    pip install pdfplumber==0.11.10 && python3 scripts/extract_pdfplumber_text.py

pdfplumber prints each line of a page left to right, one space between words whatever the gap:
a table row comes out with the first line of every cell on one line, the second lines on the
next, and so on (cells that have fewer lines drop out). `--example score extractions` scores
these files against the readings of the seeds the PDFs were written from.
"""

import pathlib

import pdfplumber

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "fixtures" / "tables" / "pdfplumber-text"

for line in (ROOT / "fixtures" / "pdf" / "SOURCES.txt").read_text().splitlines():
    name = line.split()[0] if line.strip() else ""
    if not name or name.startswith("#"):
        continue
    with pdfplumber.open(ROOT / "fixtures" / "pdf" / f"{name}.pdf") as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    print(name)

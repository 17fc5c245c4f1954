#!/usr/bin/env python3
"""Dumps pdfplumber's extract_tables() cells for each PDF fixture, for the side-by-side score
(`cargo run --release --example score pdf`). Usage: pdfplumber_tables.py PDF... OUT_DIR"""
import json
import sys
from pathlib import Path

import pdfplumber


def main():
    *pdfs, out_dir = sys.argv[1:]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name in pdfs:
        tables = []
        with pdfplumber.open(name) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                for rows in page.extract_tables():
                    tables.append({"page": number, "rows": rows})
        target = out / (Path(name).stem + ".json")
        target.write_text(json.dumps(tables, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        print(target, len(tables), "table pieces")


if __name__ == "__main__":
    main()

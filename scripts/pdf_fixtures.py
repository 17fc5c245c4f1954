#!/usr/bin/env python3
"""Writes the seed plans (body text from seeds/*.txt, appendix tables from
fixtures/gold/*.tables.json) as OpenDocument flat XML (.fodt) in several page
layouts, the way provinces write them in an office suite. make_pdf_fixtures.sh
turns them into PDF with LibreOffice.

Usage: pdf_fixtures.py OUT_DIR   (run from the crate root)
"""
import json
import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

# name, seed stem, body font, body size, appendix font, appendix size,
# appendix orientation, relative column widths (TT, task, lead, support, [result], time),
# header alignment of TT/time cells
LAYOUTS = [
    ("kon-tum-142", "kon-tum-142", "Liberation Serif", 13, "Liberation Serif", 12,
     "landscape", [5, 48, 17, 17, 13]),
    ("son-la-142", "son-la-142", "DejaVu Serif", 14, "DejaVu Serif", 12,
     "portrait", [7, 40, 19, 19, 15]),
    ("gia-lai-142", "gia-lai-142", "DejaVu Serif", 13, "DejaVu Serif", 13,
     "landscape", [6, 38, 20, 24, 12]),
    ("kon-tum-nq03", "kon-tum-nq03", "Liberation Serif", 14, "Liberation Serif", 12,
     "landscape", [5, 35, 15, 15, 15, 15]),
    ("dak-lak-142", "dak-lak-142", "Liberation Serif", 14, "Liberation Serif", 14,
     "landscape", [6, 44, 18, 20, 12]),
    ("kon-tum-142-portrait", "kon-tum-142", "DejaVu Serif", 12, "Liberation Serif", 13,
     "portrait", [8, 36, 19, 22, 15]),
    # A table drawn without borders: columns and rows from the text alone.
    ("son-la-142-unruled", "son-la-142", "Liberation Serif", 13, "DejaVu Serif", 12,
     "landscape", [6, 42, 18, 20, 14]),
]

UNRULED = {"son-la-142-unruled"}

INDICATOR_WIDTHS = [6, 44, 12, 18, 20]

APPENDIX_START = re.compile(r"^\s*(PHỤ LỤC|Phụ lục)\b")
NUMBERED = re.compile(r"^(?:[IVX]+\.|\d+(?:\.\d+)*\.|[a-zđ]\)|[-+•*]|Số:|Kính gửi|Nơi nhận)")
PAGE_NOISE = re.compile(r"^[\d\s\-–]+$")


def strip_markup(line):
    line = re.sub(r"</?[bi]>", "", line)
    line = re.sub(r"^#+\s*", "", line)
    line = line.replace("**", "").replace("\\", "")
    return line.strip()


def body_paragraphs(seed_text):
    """The seed's body as paragraphs: lines joined back where the extraction broke them."""
    paragraphs = []
    for raw in seed_text.splitlines():
        if APPENDIX_START.match(strip_markup(raw)):
            break
        line = strip_markup(raw.replace("\f", ""))
        if not line or PAGE_NOISE.match(line):
            continue
        opens = NUMBERED.match(line) or not paragraphs
        if not opens:
            last = paragraphs[-1]
            closes = last.endswith((".", ":", ";", "!", "?")) or (
                last.upper() == last and len(last) < 120)
            opens = closes and (line[0].isupper() or line[0].isdigit())
        if opens:
            paragraphs.append(line)
        else:
            paragraphs[-1] += " " + line
    return paragraphs


def p(text, style="Body"):
    return f'<text:p text:style-name="{style}">{escape(text)}</text:p>'


def cell(text, style="Cell", para="CellText", span=1):
    attrs = f' table:number-columns-spanned="{span}"' if span > 1 else ""
    out = f'<table:table-cell table:style-name="{style}" office:value-type="string"{attrs}>{p(text, para)}</table:table-cell>'
    return out + "<table:covered-table-cell/>" * (span - 1)


def table_xml(index, table, widths, total_cm):
    kind = table["kind"]
    columns = table["columns"]
    if kind == "indicators":
        fields = ["tt", "indicator", "unit", "result", "lead"]
        widths = INDICATOR_WIDTHS
    else:
        fields = ["tt", "task", "lead", "support"] + (["result"] if len(columns) == 6 else []) + ["timeframe"]
    widths = widths[: len(columns)]
    scale = total_cm / sum(widths)
    name = f"T{index}"
    out = [f'<table:table table:name="{name}" table:style-name="Tbl">']
    for w in widths:
        out.append(f'<table:table-column table:style-name="{name}.c{len(out)}"/>')
    styles = [
        f'<style:style style:name="{name}.c{i + 1}" style:family="table-column"><style:table-column-properties style:column-width="{w * scale:.2f}cm"/></style:style>'
        for i, w in enumerate(widths)
    ]
    out.append("<table:table-header-rows><table:table-row>")
    out.extend(cell(c, para="HeadText") for c in columns)
    out.append("</table:table-row></table:table-header-rows>")
    chain = []
    for row in table["rows"]:
        groups = [(g["number"], g["title"]) for g in row["groups"]]
        depth = 0
        while depth < min(len(chain), len(groups)) and chain[depth] == groups[depth]:
            depth += 1
        for number, title in groups[depth:]:
            out.append("<table:table-row>")
            out.append(cell(number, para="GroupCenter"))
            out.append(cell(title, para="GroupText", span=len(columns) - 1))
            out.append("</table:table-row>")
        chain = groups
        out.append("<table:table-row>")
        for field in fields:
            value = row.get(field) or ""
            para = "CellCenter" if field in ("tt", "timeframe", "unit", "result") and len(value) < 40 else "CellText"
            out.append(cell(value, para=para))
        out.append("</table:table-row>")
    out.append("</table:table>")
    return "".join(out), "".join(styles)


def document(layout, root):
    name, stem, body_font, body_size, app_font, app_size, orientation, widths = layout
    border = "none" if name in UNRULED else "0.5pt solid #000000"
    seed = (root / "seeds" / f"{stem}.txt").read_text(encoding="utf-8")
    gold = json.loads((root / "fixtures" / "gold" / f"{stem}.tables.json").read_text(encoding="utf-8"))
    body = "".join(p(text) for text in body_paragraphs(seed))
    appendix_parts = []
    table_styles = []
    total_cm = 25.7 if orientation == "landscape" else 17.0
    for index, table in enumerate(gold["tables"], start=1):
        first = "AppendixFirst" if index == 1 else "AppendixNext"
        label, title = table["appendix"], table["title"]
        if label.upper() != label:
            appendix_parts.append(p(label, first) + p(title, "Title"))
        elif index % 2 == 0 or len(gold["tables"]) > 1:
            appendix_parts.append(p(f"{label} - {title}", first))
        else:
            appendix_parts.append(p(label, first) + p(title, "Title"))
        appendix_parts.append(p("(Kèm theo Kế hoạch của Ủy ban nhân dân tỉnh)", "Italic"))
        xml, styles = table_xml(index, table, widths, total_cm)
        appendix_parts.append(xml)
        table_styles.append(styles)
    app_master = "Landscape" if orientation == "landscape" else "Portrait"
    page_w, page_h = ("29.7cm", "21cm") if orientation == "landscape" else ("21cm", "29.7cm")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
<style:font-face style:name="{body_font}" svg:font-family="'{body_font}'" style:font-family-generic="roman"/>
<style:font-face style:name="{app_font}" svg:font-family="'{app_font}'" style:font-family-generic="roman"/>
</office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:text-properties style:font-name="{body_font}" fo:font-size="{body_size}pt" fo:language="vi" fo:country="VN"/></style:default-style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="pmPortrait"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="3cm" fo:margin-right="1.5cm"/></style:page-layout>
<style:page-layout style:name="pmApp"><style:page-layout-properties fo:page-width="{page_w}" fo:page-height="{page_h}" style:print-orientation="{orientation}" fo:margin-top="2cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm"/></style:page-layout>
<style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:text-align="justify" fo:text-indent="1.27cm" fo:margin-bottom="0.12cm"/></style:style>
<style:style style:name="AppendixFirst" style:family="paragraph" style:master-page-name="{app_master}"><style:paragraph-properties fo:text-align="center" fo:break-before="page"/><style:text-properties fo:font-weight="bold" style:font-name="{app_font}" fo:font-size="{app_size + 1}pt"/></style:style>
<style:style style:name="AppendixNext" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:break-before="page"/><style:text-properties fo:font-weight="bold" style:font-name="{app_font}" fo:font-size="{app_size + 1}pt"/></style:style>
<style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-weight="bold" style:font-name="{app_font}" fo:font-size="{app_size + 1}pt"/></style:style>
<style:style style:name="Italic" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.3cm"/><style:text-properties fo:font-style="italic" style:font-name="{app_font}" fo:font-size="{app_size}pt"/></style:style>
<style:style style:name="Tbl" style:family="table"><style:table-properties style:width="{total_cm}cm" table:align="margins"/></style:style>
<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:border="{border}" fo:padding="0.08cm"/></style:style>
<style:style style:name="CellText" style:family="paragraph"><style:paragraph-properties fo:text-align="justify"/><style:text-properties style:font-name="{app_font}" fo:font-size="{app_size}pt"/></style:style>
<style:style style:name="CellCenter" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties style:font-name="{app_font}" fo:font-size="{app_size}pt"/></style:style>
<style:style style:name="HeadText" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-weight="bold" style:font-name="{app_font}" fo:font-size="{app_size}pt"/></style:style>
<style:style style:name="GroupCenter" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-weight="bold" style:font-name="{app_font}" fo:font-size="{app_size}pt"/></style:style>
<style:style style:name="GroupText" style:family="paragraph"><style:text-properties fo:font-weight="bold" style:font-name="{app_font}" fo:font-size="{app_size}pt"/></style:style>
{"".join(table_styles)}
</office:automatic-styles>
<office:master-styles>
<style:master-page style:name="Standard" style:page-layout-name="pmPortrait"/>
<style:master-page style:name="{app_master}" style:page-layout-name="pmApp"/>
</office:master-styles>
<office:body><office:text>{body}{"".join(appendix_parts)}</office:text></office:body>
</office:document>
"""


def main():
    out_dir = Path(sys.argv[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    root = Path.cwd()
    for layout in LAYOUTS:
        (out_dir / f"{layout[0]}.fodt").write_text(document(layout, root), encoding="utf-8")
        # The reading the PDF must give back: the gold tables it was written from.
        print(layout[0], "<-", layout[1])


if __name__ == "__main__":
    main()

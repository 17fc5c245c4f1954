#!/usr/bin/env python3
"""Builds the HTML / CSV / Markdown-with-HTML-table "other extractions" of the PDF fixtures' tables.

One file per PDF fixture (names from fixtures/pdf/SOURCES.txt: `<pdf name> <seed stem>`) in each of:

  fixtures/tables/pdfplumber-csv/<pdf>.csv     pdfplumber's own extract_tables() grids
                                               (fixtures/pdf/pdfplumber/<pdf>.json, made by
                                               scripts/pdfplumber_tables.py) written with Python's
                                               csv.writer, all pieces page after page. No hand edits.
  fixtures/tables/libreoffice-html/<pdf>.html  REAL TOOL OUTPUT: a .docx built here with python-docx
                                               from the seed's body text + the gold table(s), then
                                               converted by LibreOffice:
                                                 soffice --headless --convert-to html --outdir OUT X.docx
                                               made with LibreOffice 7.4.7.2 40(Build:2) (Debian
                                               bookworm package libreoffice-writer-nogui
                                               4:7.4.7-1+deb12u14) and python-docx 1.2.0. Without
                                               soffice on PATH this step is skipped (files kept).
  fixtures/tables/libreoffice-text/<pdf>.txt   REAL TOOL OUTPUT: the same .docx saved by LibreOffice
                                               as text:
                                                 soffice --headless --convert-to \
                                                   "txt:Text (encoded):UTF8" --outdir OUT X.docx
                                               (each table cell a paragraph of its own, a cell
                                               covered by a merged one an empty line).
  fixtures/tables/web-html/<pdf>.html          a legal-documents website page (generated here).
  fixtures/tables/markdown-html/<pdf>.md       Azure-Document-Intelligence / docling-style Markdown
                                               with the tables as HTML <table> blocks (generated here).

The cell texts are the gold readings (fixtures/gold/<stem>.tables.json) word for word: only the
markup differs (line breaks/<p>/<br> only ever at a space, entities, rowspans over identical
consecutive values, colspans for group rows), so a right reader gets every field right.
Body paragraphs come from seeds/<stem>.txt, reflowed.

Usage: python3 scripts/make_html_csv_extractions.py [csv|libreoffice|libreoffice-text|web|markdown ...]
(default: all)
"""
import csv
import html
import html.entities
import json
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "fixtures"
OUT = FIX / "tables"


def sources():
    pairs = []
    for line in (FIX / "pdf" / "SOURCES.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            pdf, stem = line.split()
            pairs.append((pdf, stem))
    return pairs


def gold(stem):
    return json.loads((FIX / "gold" / f"{stem}.tables.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# 1. pdfplumber grids -> CSV
# ---------------------------------------------------------------------------------------------
# The one "Excel, European locale, CSV UTF-8" file: BOM + ';' separator.
EXCEL_EU = {"dak-lak-142"}


def make_csv(pdf):
    pieces = json.loads((FIX / "pdf" / "pdfplumber" / f"{pdf}.json").read_text(encoding="utf-8"))
    out = OUT / "pdfplumber-csv" / f"{pdf}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    excel = pdf in EXCEL_EU
    with open(out, "w", encoding="utf-8-sig" if excel else "utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";" if excel else ",")
        for piece in pieces:  # page by page, as page.extract_tables() returns them
            for row in piece["rows"]:
                w.writerow(["" if c is None else c for c in row])
    return out


# ---------------------------------------------------------------------------------------------
# Seed text -> body paragraphs, appendix heading lines
# ---------------------------------------------------------------------------------------------
MARKER = re.compile(r"^(-|\+|•|[IVXLC]+\.|\d+(\.\d+)*\.|[a-zđ]\)|\(\d+\)|Nơi nhận|TM\.|KT\.)\s?")


def demark(line):
    s = line.strip()
    heading = 0
    m = re.match(r"^(#+)\s+", s)
    if m:
        heading = len(m.group(1))
        s = s[m.end():]
    s = re.sub(r"</?[bi]>", "", s)
    s = s.replace("**", "")
    s = re.sub(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])", "", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s, heading


def appendix_line(lines, label, start=0):
    for i in range(start, len(lines)):
        s, _ = demark(lines[i])
        if s == label or s.startswith(label + " -") or s.startswith(label + " –"):
            return i
    raise ValueError(label)


def body_paragraphs(stem):
    """[(text, kind)] kind: 'title' | 'h1' | 'h2' | 'p' for the plan body before the appendix."""
    lines = (ROOT / "seeds" / f"{stem}.txt").read_text(encoding="utf-8").splitlines()
    g = gold(stem)
    end = appendix_line(lines, g["tables"][0]["appendix"])
    long_lines = sum(len(l) > 150 for l in lines[:end]) > 5  # one paragraph per line
    paras, cur = [], []

    def flush():
        if cur:
            paras.append(" ".join(cur))
            cur.clear()

    for raw in lines[:end]:
        s, heading = demark(raw)
        if not s:
            if long_lines:
                flush()
            continue
        if re.fullmatch(r"[\d\s]+", s):  # page numbers / stamps
            continue
        prev = cur[-1] if cur else ""
        if (heading or long_lines or MARKER.match(s) or re.search(r"[.:;!?)]$", prev)
                or (prev.isupper() and len(prev) < 90) or s.isupper()
                or re.match(r"^(Thực hiện|Căn cứ) ", s)):
            flush()
        cur.append(s)
        if heading:
            flush()
    flush()
    out = []
    for i, p in enumerate(paras):
        p = unicodedata.normalize("NFC", p)
        if i == 0 or p == "KẾ HOẠCH":
            kind = "title"
        elif re.match(r"^[IVX]+\. ", p) and len(p) < 120:
            kind = "h1"
        elif re.match(r"^\d+\. ", p) and len(p) < 80 and not p.endswith("."):
            kind = "h2"
        else:
            kind = "p"
        out.append((p, kind))
    return out


def appendix_heading(stem, ti):
    """(label line, title line or None, attachment line or None) as the seed prints them."""
    lines = (ROOT / "seeds" / f"{stem}.txt").read_text(encoding="utf-8").splitlines()
    t = gold(stem)["tables"][ti]
    start = 0
    for k in range(ti):
        start = appendix_line(lines, gold(stem)["tables"][k]["appendix"], start) + 1
    i = appendix_line(lines, t["appendix"], start)
    first, _ = demark(lines[i])
    label, title = (first, t["title"]) if first == t["appendix"] else (first, None)
    attach = []
    for j in range(i + 1, min(i + 14, len(lines))):
        s, _ = demark(lines[j])
        if s.startswith("(Kèm theo") or attach:
            attach.append(s)
            if s.endswith(")"):
                break
    attach = re.sub(r"\s+", " ", " ".join(a for a in attach if a)) or None
    return label, title, attach


# ---------------------------------------------------------------------------------------------
# Gold table -> cell model (HTML semantics: cells covered by a span are left out)
# ---------------------------------------------------------------------------------------------
class Cell:
    def __init__(self, parts, rowspan=1, colspan=1, header=False, bold=False, align="left", field=None):
        self.parts, self.rowspan, self.colspan = parts, rowspan, colspan
        self.header, self.bold, self.align, self.field = header, bold, align, field


def fields_of(t):
    n = len(t["columns"])
    if t["kind"] == "indicators":
        return ["tt", "indicator", "unit", "result", "lead"]
    return ["tt", "task", "lead", "support", "result", "timeframe"] if n == 6 else \
        ["tt", "task", "lead", "support", "timeframe"]


def wrap(text, width):
    """Split at spaces into lines of about `width` characters (never inside a word)."""
    if width <= 0 or len(text) <= width:
        return [text]
    words, lines, cur = text.split(" "), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    lines.append(cur)
    return lines


def split_parts(text, field, split):
    if text == "":
        return []
    if split == "semicolon" and field in ("lead", "support") and "; " in text:
        bits = text.split("; ")
        return [b + ";" for b in bits[:-1]] + [bits[-1]]
    if split.startswith("wrap"):
        width = {"tt": 0, "task": 48, "indicator": 48, "lead": 18, "support": 18, "result": 18,
                 "timeframe": 12, "unit": 10}.get(field, 20)
        return wrap(text, width)
    return [text]


def model(t, merge=("lead", "support", "timeframe"), group_style="split", two_level=False,
          split="none", chunks=None):
    """Rows of Cells. `chunks`: list of row counts (task rows per page piece); merges never
    cross a piece. Returns list of pieces, each a list of rows (header rows included in each)."""
    fields = fields_of(t)
    n = len(fields)
    cols = t["columns"]
    if two_level and n == 5 and t["kind"] == "tasks":
        header = [[Cell([cols[0]], rowspan=2, header=True, align="center"),
                   Cell([cols[1]], rowspan=2, header=True, align="center"),
                   Cell(["Cơ quan thực hiện"], colspan=2, header=True, align="center"),
                   Cell([cols[4]], rowspan=2, header=True, align="center")],
                  [Cell([cols[2]], header=True, align="center"),
                   Cell([cols[3]], header=True, align="center")]]
    else:
        header = [[Cell([c], header=True, align="center") for c in cols]]
    rows = t["rows"]
    chunks = chunks or [len(rows)]
    pieces, k = [], 0
    prev_groups = []
    for size in chunks:
        body = rows[k:k + size]
        k += size
        out = [list(r) for r in header]
        # which rows start a new (groups) run inside this piece -> merge boundaries
        lines = []  # (kind, payload)
        for r in body:
            gs = [(g["number"], g["title"]) for g in r["groups"]]
            common = 0
            while common < min(len(gs), len(prev_groups)) and gs[common] == prev_groups[common]:
                common += 1
            for number, title in gs[common:]:
                lines.append(("group", (number, title)))
            prev_groups = gs
            lines.append(("row", r))
        # vertical merges over consecutive task rows with identical non-empty values
        span = {}
        idx = [i for i, (kind, _) in enumerate(lines)]
        for f in merge:
            if f not in fields:
                continue
            i = 0
            while i < len(lines):
                kind, r = lines[i]
                if kind != "row" or (r.get(f) or "") == "":
                    i += 1
                    continue
                j = i + 1
                while j < len(lines) and lines[j][0] == "row" and lines[j][1].get(f) == r.get(f):
                    j += 1
                if j - i > 1:
                    span[(i, f)] = j - i
                    for m in range(i + 1, j):
                        span[(m, f)] = 0
                i = j
        for i, (kind, payload) in enumerate(lines):
            if kind == "group":
                number, title = payload
                if group_style == "full":
                    out.append([Cell([f"{number}. {title}"], colspan=n, bold=True, field="group")])
                else:
                    out.append([Cell([number], bold=True, align="center", field="group"),
                                Cell([title], colspan=n - 1, bold=True, field="group")])
                continue
            cells = []
            for f in fields:
                rs = span.get((i, f), 1)
                if rs == 0:
                    continue
                v = payload.get(f)
                v = "" if v is None else v
                align = "center" if f in ("tt", "timeframe", "unit", "result") else "left"
                if t["kind"] == "tasks" and f == "result":
                    align = "left"
                cells.append(Cell(split_parts(v, f, split), rowspan=rs, align=align, field=f))
            out.append(cells)
        pieces.append(out)
    return pieces


# ---------------------------------------------------------------------------------------------
# 2. LibreOffice: python-docx document -> soffice --convert-to html
# ---------------------------------------------------------------------------------------------
LO_STYLE = {  # pdf name -> model options for the .docx
    "kon-tum-142": dict(group_style="split", split="none", landscape=True, ruled=True),
    "kon-tum-142-portrait": dict(group_style="split", split="semicolon", two_level=True,
                                 landscape=False, ruled=True),
    "son-la-142": dict(group_style="split", split="semicolon", landscape=True, ruled=True),
    "son-la-142-unruled": dict(group_style="full", split="none", landscape=True, ruled=False),
    "gia-lai-142": dict(group_style="full", split="semicolon", landscape=True, ruled=True),
    "kon-tum-nq03": dict(group_style="split", split="semicolon", landscape=True, ruled=True),
    "dak-lak-142": dict(group_style="full", split="none", landscape=True, ruled=True),
}


def build_docx(pdf, stem, path):
    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    opt = LO_STYLE[pdf]
    doc = Document()
    st = doc.styles["Normal"]
    st.font.name = "Times New Roman"
    st.font.size = Pt(13)
    st.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    for text, kind in body_paragraphs(stem):
        p = doc.add_paragraph()
        run = p.add_run(text)
        if kind in ("title", "h1", "h2"):
            run.bold = True
        if kind == "title":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for ti, t in enumerate(gold(stem)["tables"]):
        sec = doc.add_section(WD_SECTION.NEW_PAGE)
        if opt["landscape"]:
            sec.orientation = WD_ORIENT.LANDSCAPE
            sec.page_width, sec.page_height = Cm(29.7), Cm(21)
        else:
            sec.orientation = WD_ORIENT.PORTRAIT
            sec.page_width, sec.page_height = Cm(21), Cm(29.7)
        label, title, attach = appendix_heading(stem, ti)
        for text, bold, italic in [(label, True, False), (title, True, False), (attach, False, True)]:
            if text:
                p = doc.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                r = p.add_run(text)
                r.bold, r.italic = bold, italic
        piece = model(t, group_style=opt["group_style"], two_level=opt.get("two_level", False),
                      split=opt["split"])[0]
        n = len(t["columns"])
        # lay the model on a full grid
        grid, merges, occupied = {}, [], set()
        for ri, row in enumerate(piece):
            ci = 0
            for cell in row:
                while (ri, ci) in occupied:
                    ci += 1
                grid[(ri, ci)] = cell
                for a in range(cell.rowspan):
                    for b in range(cell.colspan):
                        occupied.add((ri + a, ci + b))
                if cell.rowspan > 1 or cell.colspan > 1:
                    merges.append((ri, ci, ri + cell.rowspan - 1, ci + cell.colspan - 1))
                ci += cell.colspan
        nrows = len(piece)
        table = doc.add_table(rows=nrows, cols=n)
        if opt["ruled"]:
            table.style = doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        usable = (27.7 if opt["landscape"] else 19.0) - 1.0
        share = {5: [1.2, 9, 4, 4, 2.6], 6: [1.2, 8, 4, 4, 3.5, 2.6]}[n] if t["kind"] == "tasks" \
            else [1.2, 9, 2.6, 3.5, 4.5]
        widths = [Cm(usable * s / sum(share)) for s in share]
        header_rows = 2 if opt.get("two_level") and n == 5 and t["kind"] == "tasks" else 1
        table.autofit = False
        for ci, w in enumerate(widths):
            table.columns[ci].width = w
        for ri in range(nrows):
            tr = table.rows[ri]._tr
            if ri < header_rows:
                trPr = tr.get_or_add_trPr()
                h = OxmlElement("w:tblHeader")
                trPr.append(h)
            for ci in range(n):
                table.cell(ri, ci).width = widths[ci]
        for (ri, ci), cell in grid.items():
            dc = table.cell(ri, ci)
            parts = cell.parts or [""]
            for k, part in enumerate(parts):
                p = dc.paragraphs[0] if k == 0 else dc.add_paragraph()
                p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER}.get(
                    "center" if cell.header else cell.align, WD_ALIGN_PARAGRAPH.LEFT)
                if part:
                    r = p.add_run(part)
                    r.bold = cell.header or cell.bold
        for r0, c0, r1, c1 in merges:
            table.cell(r0, c0).merge(table.cell(r1, c1))
    doc.save(path)


def make_libreoffice(pairs, target="html", folder="libreoffice-html", extension="html"):
    soffice = shutil.which("soffice")
    if not soffice:
        print(f"soffice not found: {folder} kept as is")
        return []
    out_dir = OUT / folder
    out_dir.mkdir(parents=True, exist_ok=True)
    made = []
    with tempfile.TemporaryDirectory() as tmp:
        docs = []
        for pdf, stem in pairs:
            p = Path(tmp) / f"{pdf}.docx"
            build_docx(pdf, stem, p)
            docs.append(str(p))
        profile = Path(tmp) / "profile"
        subprocess.run(["nice", "-n", "19", soffice, f"-env:UserInstallation=file://{profile}",
                        "--headless", "--convert-to", target, "--outdir", str(out_dir), *docs],
                       check=True)
    for pdf, _ in pairs:
        made.append(out_dir / f"{pdf}.{extension}")
    return made


# ---------------------------------------------------------------------------------------------
# 3. Legal-documents website page
# ---------------------------------------------------------------------------------------------
LATIN1_NAMED = html.entities.codepoint2name  # {code point: name}, Latin-1 + a few


def enc(text, mode):
    s = html.escape(text, quote=False)
    if mode == "raw":
        return s
    out = []
    for ch in s:
        cp = ord(ch)
        if cp < 128:
            out.append(ch)
        elif mode == "named" and cp in LATIN1_NAMED and cp < 256:
            out.append(f"&{LATIN1_NAMED[cp]};")
        elif mode == "hex":
            out.append(f"&#x{cp:X};")
        else:
            out.append(f"&#{cp};")
    return "".join(out)


WEB_STYLE = {
    # minify: whole page on a few very long lines; ent: raw | named (Latin-1 named + decimal) | hex
    "kon-tum-142": dict(minify=False, ent="raw", group_style="split", split="wrap", merge=("lead",)),
    "kon-tum-142-portrait": dict(minify=True, ent="named", group_style="split", split="semicolon",
                                 two_level=True, merge=("lead", "support", "timeframe")),
    "son-la-142": dict(minify=False, ent="named", group_style="full", split="wrap",
                       merge=("lead", "timeframe")),
    "son-la-142-unruled": dict(minify=True, ent="raw", group_style="split", split="none",
                               merge=("lead", "support")),
    "gia-lai-142": dict(minify=False, ent="raw", group_style="split", split="wrap",
                        merge=("lead", "support", "timeframe")),
    "kon-tum-nq03": dict(minify=False, ent="hex", group_style="split", split="semicolon",
                         merge=("lead",)),
    "dak-lak-142": dict(minify=True, ent="raw", group_style="full", split="wrap",
                        merge=("lead", "timeframe")),
}

NAV = """<div id="header"><a href="/" class="logo"><img src="/images/logo.png" alt="Thư viện văn bản pháp luật"></a>
<form action="/tim-van-ban" method="get"><input type="text" name="q" placeholder="Nhập từ khóa tìm kiếm..."><button type="submit">Tìm kiếm</button></form>
<ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/van-ban-moi">Văn bản mới</a></li><li><a href="/linh-vuc/cong-nghe-thong-tin">Công nghệ thông tin</a></li><li><a href="/tieng-anh">Văn bản tiếng Anh</a></li><li><a href="/dang-nhap">Đăng nhập</a></li></ul></div>
<div class="breadcrumb"><a href="/">Trang chủ</a> &rsaquo; <a href="/van-ban">Văn bản</a> &rsaquo; <a href="/linh-vuc/cong-nghe-thong-tin">Công nghệ thông tin</a></div>
<div class="tabs"><a class="active" href="#noidung">Nội dung</a> <a href="#tomtat">Tóm tắt</a> <a href="#vbgoc">VB gốc</a> <a href="#lienquan">Liên quan</a> <a href="#luocdo">Lược đồ</a> <a href="#tai">Tải về</a></div>"""

HEAD_SCRIPT = """<script type="text/javascript">
window.dataLayer = window.dataLayer || [];
function gtag(){dataLayer.push(arguments);}
gtag('js', new Date());
var DocID = 612345, IsLogin = false;
function ShowMenu(id){ var e = document.getElementById(id); if (e) { e.style.display = (e.style.display == 'none') ? 'block' : 'none'; } }
if (window.innerWidth < 768) { document.documentElement.className += ' mobile'; }
</script>"""

HEAD_STYLE = """<style type="text/css">
body{font-family:Arial,Helvetica,sans-serif;font-size:13px;margin:0}
#header{background:#1b4f8a;color:#fff;padding:6px 12px}
.menu li{display:inline;margin-right:10px}
.content1 p{margin:6pt 0;line-height:1.4;text-align:justify}
.content1 table{border-collapse:collapse}
.content1 td{padding:0 5.4pt;vertical-align:top}
.ads,.sidebar{float:right;width:300px}
</style>"""

FOOTER = """<div class="sidebar"><h3>Văn bản liên quan</h3><ul><li><a href="/van-ban/142-qd-ttg">Quyết định 142/QĐ-TTg năm 2024 phê duyệt Chiến lược dữ liệu quốc gia đến năm 2030</a></li><li><a href="/van-ban/57-nq-tw">Nghị quyết 57-NQ/TW năm 2024</a></li></ul>
<div class="ads"><script>document.write('<div class="adbox"></div>');</script></div></div>
<div id="footer"><p>Bản quyền thuộc về trang thư viện văn bản. Ghi rõ nguồn khi trích dẫn.</p><p><a href="/lien-he">Liên hệ</a> | <a href="/dieu-khoan">Điều khoản sử dụng</a></p></div>
<script type="text/javascript">$(function(){ $('.tabs a').click(function(){ return false; }); });</script>"""


def td_html(cell, mode, nl):
    attrs = []
    if cell.rowspan > 1:
        attrs.append(f'rowspan="{cell.rowspan}"')
    if cell.colspan > 1:
        attrs.append(f'colspan="{cell.colspan}"')
    attrs.append('valign="top"')
    attrs.append('style="border:solid windowtext 1pt;padding:0cm 5.4pt"')
    align = ' align="center"' if (cell.align == "center" or cell.header) else ""
    b0, b1 = ("<b>", "</b>") if (cell.header or cell.bold) else ("", "")
    if not cell.parts:
        inner = f'<p{align} style="margin-top:3pt">&nbsp;</p>'
    elif len(cell.parts) > 1 and cell.field in ("lead", "support"):
        inner = "".join(f'<p{align} style="margin-top:3pt">{b0}{enc(p, mode)}{b1}</p>'
                        for p in cell.parts)
    else:
        txt = ("<br>" + nl).join(enc(p, mode) for p in cell.parts)
        inner = f'<p{align} style="margin-top:3pt">{b0}{txt}{b1}</p>'
    return f"<td {' '.join(attrs)}>{inner}</td>"


def web_page(pdf, stem):
    opt = WEB_STYLE[pdf]
    mode = opt["ent"]
    g = gold(stem)
    nl = "" if opt["minify"] else "\n"
    parts = []
    prov = g["province"]
    parts.append('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">' + nl)
    parts.append(f"<title>{enc('Kế hoạch triển khai thực hiện - ' + prov, mode)} - Thư viện pháp luật</title>" + nl)
    parts.append('<meta name="viewport" content="width=device-width, initial-scale=1">' + nl)
    parts.append((HEAD_SCRIPT + HEAD_STYLE).replace("\n", " " if opt["minify"] else "\n") + nl)
    parts.append("</head><body>" + nl)
    parts.append(NAV.replace("\n", "") + nl)
    parts.append('<div id="divContentDoc"><div class="content1"><div>' + nl)
    # the issuing-body / motto layout table every Vietnamese document page starts with
    parts.append('<table border="0" cellspacing="0" cellpadding="0" width="100%"><tr>'
                 f'<td width="40%" valign="top"><p align="center"><b>{enc("ỦY BAN NHÂN DÂN", mode)}<br>'
                 f'{enc("TỈNH " + prov.upper(), mode)}</b><br>-------</p></td>'
                 f'<td width="60%" valign="top"><p align="center"><b>{enc("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", mode)}<br>'
                 f'{enc("Độc lập - Tự do - Hạnh phúc", mode)}</b><br>---------------</p></td></tr></table>' + nl)
    for text, kind in body_paragraphs(stem):
        if kind == "title":
            parts.append(f'<p align="center" style="margin-top:6pt"><b>{enc(text, mode)}</b></p>' + nl)
        elif kind in ("h1", "h2"):
            parts.append(f'<p style="margin-top:6pt"><b>{enc(text, mode)}</b></p>' + nl)
        else:
            parts.append(f'<p style="margin-top:6pt">{enc(text, mode)}</p>' + nl)
    for ti, t in enumerate(g["tables"]):
        label, title, attach = appendix_heading(stem, ti)
        parts.append(f'<p align="center" style="margin-top:6pt"><b>{enc(label, mode)}</b><br>' + nl)
        if title:
            parts.append(f'<b>{enc(title, mode)}</b><br>' + nl)
        if attach:
            parts.append(f'<i>{enc(attach, mode)}</i>' + nl)
        parts.append("</p>" + nl)
        piece = model(t, merge=opt["merge"], group_style=opt["group_style"],
                      two_level=opt.get("two_level", False), split=opt["split"])[0]
        parts.append('<table border="1" cellspacing="0" cellpadding="0" width="100%" '
                     'style="border-collapse:collapse;border:none">' + nl)
        for row in piece:
            parts.append("<tr>" + "".join(td_html(c, mode, nl) for c in row) + "</tr>" + nl)
        parts.append("</table>" + nl)
        parts.append('<p>&nbsp;</p>' + nl)
    parts.append("</div></div></div>" + nl)
    parts.append(FOOTER.replace("\n", "") + nl)
    parts.append("</body></html>\n")
    page = "".join(parts)
    out = OUT / "web-html" / f"{pdf}.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


# ---------------------------------------------------------------------------------------------
# 4. Markdown with HTML tables (Azure Document Intelligence / docling shapes)
# ---------------------------------------------------------------------------------------------
MD_STYLE = {
    # azure: one tag per line, <!-- PageBreak --> and page comments, the table cut in pieces at
    # page breaks (header row repeated in each piece, as the printed table repeats it);
    # docling: the whole table on one line, no page comments.
    "kon-tum-142": dict(shape="azure", pages=True, merge=("lead", "support", "timeframe")),
    "kon-tum-142-portrait": dict(shape="docling", pages=False, merge=("lead",), two_level=True),
    "son-la-142": dict(shape="docling", pages=False, merge=("lead", "support")),
    "son-la-142-unruled": dict(shape="azure", pages=False, merge=("timeframe",)),
    "gia-lai-142": dict(shape="azure", pages=True, merge=("lead", "support")),
    "kon-tum-nq03": dict(shape="azure", pages=True, merge=("lead", "support", "timeframe")),
    "dak-lak-142": dict(shape="docling", pages=False, merge=("lead", "timeframe")),
}


def md_cell(c, shape):
    tag = "th" if c.header else "td"
    a = ""
    if c.rowspan > 1:
        a += f' rowspan="{c.rowspan}"'
    if c.colspan > 1:
        a += f' colspan="{c.colspan}"'
    text = html.escape(" ".join(c.parts), quote=False)
    return f"<{tag}{a}>{text}</{tag}>"


def page_chunks(t, per=10):
    """Cut the rows into printed-page-sized pieces (Azure DI gives one <table> per page)."""
    n = len(t["rows"])
    return [min(per, n - k) for k in range(0, n, per)]


def markdown_doc(pdf, stem):
    opt = MD_STYLE[pdf]
    g = gold(stem)
    out = []
    page = 1
    for text, kind in body_paragraphs(stem):
        t2 = text.replace("*", "\\*")
        if kind == "title":
            out.append(f"# {t2}")
        elif kind == "h1":
            out.append(f"## {t2}")
        elif kind == "h2":
            out.append(f"### {t2}")
        else:
            out.append(t2)
        if opt["pages"] and len(out) % 18 == 0:
            out.append(f'<!-- PageFooter="{page}" -->\n\n<!-- PageBreak -->')
            page += 1
    for ti, t in enumerate(g["tables"]):
        if opt["pages"]:
            out.append(f'<!-- PageBreak -->')
            page += 1
        label, title, attach = appendix_heading(stem, ti)
        out.append(f"## {label}")
        if title:
            out.append(f"## {title}")
        if attach:
            out.append(attach)
        chunks = page_chunks(t) if opt["pages"] else None
        pieces = model(t, merge=opt["merge"], two_level=opt.get("two_level", False),
                       split="none", chunks=chunks)
        for k, piece in enumerate(pieces):
            if k:
                out.append(f'<!-- PageNumber="{page}" -->\n\n<!-- PageBreak -->')
                page += 1
            if opt["shape"] == "azure":
                lines = ["<table>"]
                for row in piece:
                    lines.append("<tr>")
                    lines.extend(md_cell(c, "azure") for c in row)
                    lines.append("</tr>")
                lines.append("</table>")
                out.append("\n".join(lines))
            else:
                out.append("<table>" + "".join("<tr>" + "".join(md_cell(c, "docling") for c in row)
                                                + "</tr>" for row in piece) + "</table>")
    dest = OUT / "markdown-html" / f"{pdf}.md"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    return dest


def main():
    what = sys.argv[1:] or ["csv", "libreoffice", "libreoffice-text", "web", "markdown"]
    pairs = sources()
    made = []
    if "csv" in what:
        made += [make_csv(pdf) for pdf, _ in pairs]
    if "libreoffice" in what:
        made += make_libreoffice(pairs)
    if "libreoffice-text" in what:
        made += make_libreoffice(pairs, "txt:Text (encoded):UTF8", "libreoffice-text", "txt")
    if "web" in what:
        made += [web_page(pdf, stem) for pdf, stem in pairs]
    if "markdown" in what:
        made += [markdown_doc(pdf, stem) for pdf, stem in pairs]
    for m in made:
        print(m.relative_to(ROOT), m.stat().st_size)


if __name__ == "__main__":
    main()

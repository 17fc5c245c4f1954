#!/usr/bin/env python3
"""Writes the libFuzzer dictionaries fuzz/parse_text.dict and fuzz/pdf_load.dict.

    python3 fuzz/make_dicts.py          # from the repository root or from fuzz/

Round 6 showed the text fuzzer still reaching functions of the parser for the first time after
tens of thousands of executions (`timeframe::conditional_is_complete` at execution 66,887): the
mutations rarely spell the words that open those paths. A dictionary hands them over. The
parse_text words come from the domain data the parser reads (data/*.tsv, the timeframe word
tables in src/domain/timeframe.rs) plus the document's structural tokens, so a new domain word
reaches the fuzzer without an edit here; the PDF tokens are PDF syntax.
"""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
MAX_ENTRY = 64  # libFuzzer ignores longer entries

STRUCTURE = [
    # numbering, bullets and headings (DOMAIN.md: document anatomy)
    "I.", "II.", "III.", "IV.", "V.", "X.", "1.", "2.", "10.", "1.1.", "1.1.1.", "2.3", "a)", "b)",
    "đ)", "- ", "+ ", "• ", "* ", "...", "…",
    "KẾ HOẠCH", "Kế hoạch", "Số:", "/KH-UBND", "/QĐ-TTg", "/NQ-CP", "-NQ/TW", "ngày ",
    " tháng ", " năm ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
    "ỦY BAN NHÂN DÂN", "TỈNH ", "PHỤ LỤC", "Phụ lục", "(Kèm theo Kế hoạch số", ")",
    "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "CHỦ TỊCH",
    "MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ", "GIẢI PHÁP", "TỔ CHỨC THỰC HIỆN", "MỤC TIÊU",
    # table headers and cells
    "STT", "TT", "Nhiệm vụ", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp",
    "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành", "Thời gian thực hiện",
    "Kết quả", "Sản phẩm", "Chỉ tiêu", "Đơn vị tính", "Ghi chú", "Năm 2025", "Quý I/2025",
    "Quý IV", "2025", "2030", "2025 - 2030", "12/2025", "Trước 30/6/2025", "Hằng năm",
    "Thường xuyên", "%", " %", "≥", "≤", ">=", "100%", "1.000", "99,5",
    # separators and markup the readers know
    "\t", "\t\t", "|", " | ", "|---|", "<table>", "<tr>", "<td>", "</td>", "<th>", "**", "# ",
    "\f", "\r\n", "\u00a0", "\u00ad", "Trang ", "Page ",
    ", ", " và ", "; ", " Các ", "các ",
]

BYTES = [
    b"\xef\xbb\xbf",  # UTF-8 BOM
    b"\xff\xfe",  # UTF-16 LE BOM
    b"\xfe\xff",  # UTF-16 BE BOM
    "Kế hoạch".encode("utf-16-le"),
    "Kế hoạch".encode("utf-16-be"),
    "Kế hoạch".encode("utf-8").decode("latin-1").encode("utf-8"),  # mojibake
    "ỦY BAN NHÂN DÂN".encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"),
]

PDF = [
    "%PDF-1.4\n", "%PDF-1.7\n", "%%EOF", " 0 obj", "endobj", "stream\n", "\nendstream",
    "xref\n", "trailer", "startxref\n", "<<", ">>", "[", "]", " 0 R", "/Type", "/Catalog",
    "/Pages", "/Page", "/Kids", "/Count", "/Parent", "/MediaBox", "/Resources", "/Contents",
    "/Font", "/XObject", "/Subtype", "/Form", "/Image", "/Type1", "/TrueType", "/Type0",
    "/Encoding", "/WinAnsiEncoding", "/Identity-H", "/ToUnicode", "/DescendantFonts",
    "/BaseFont", "/Helvetica", "/Length", "/Filter", "/FlateDecode", "/LZWDecode",
    "/ASCII85Decode", "/ASCIIHexDecode", "/DecodeParms", "/Predictor", "/ObjStm", "/N",
    "/First", "/XRef", "/W", "/Index", "/Size", "/Root", "/Info", "/Prev", "/XRefStm",
    "/Encrypt", "/Filter /Standard", "/Extends", "BT", "ET", "Tf", "Td", "TD", "Tm", "T*", "Tj",
    "TJ", "'", "\"", "Tc", "Tw", "Tz", "TL", "Ts", "Do", "q", "Q", "cm", "re", "f", "BI", "ID",
    "EI", "(", ")", "<", ">", "\\", "begincmap", "beginbfchar", "endbfchar", "beginbfrange",
    "endbfrange", "endcmap", " 0 0 612 792", "1 0 0 1 0 0",
]


def quoted(entry: bytes) -> str:
    out = []
    for b in entry:
        c = chr(b)
        if c == '"' or c == "\\":
            out.append("\\" + c)
        elif 0x20 <= b < 0x7F:
            out.append(c)
        else:
            out.append("\\x%02X" % b)
    return '"' + "".join(out) + '"'


def data_words():
    words = []
    for path in sorted((ROOT / "data").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            # bodies.tsv and target_words.tsv open with a kind column, not a word
            kinds = path.name in ("bodies.tsv", "target_words.tsv")
            for field in fields[1:] if kinds else fields:
                for word in field.split("|"):
                    word = word.strip()
                    if word and not word.isdigit() and word != "next-capital":
                        words.append(word)
    # Word tables kept in code: timeframe words, and the folded header words of task tables.
    for source, tables in (
        ("src/domain/timeframe.rs", ("WORDS", "OPENERS", "CONDITIONAL_CLOSINGS")),
        ("src/structure/tables/header.rs", ("OPENERS", "HEADER_WORDS")),
    ):
        code = (ROOT / source).read_text(encoding="utf-8")
        for table in tables:
            found = re.search(r"const %s: [^=]*= &\[(.*?)\];" % table, code, re.S)
            if not found:
                raise SystemExit(f"{source}: no table {table} (renamed? update fuzz/make_dicts.py)")
            words.extend(re.findall(r'"([^"]*)"', found.group(1)))
    return words


def write(path: pathlib.Path, entries):
    seen = set()
    lines = ["# Generated by fuzz/make_dicts.py; do not edit by hand."]
    for entry in entries:
        raw = entry if isinstance(entry, bytes) else entry.encode("utf-8")
        if not raw or len(raw) > MAX_ENTRY or raw in seen:
            continue
        seen.add(raw)
        lines.append(quoted(raw))
    path.write_text("\n".join(lines) + "\n", encoding="ascii")
    print(f"{path.relative_to(ROOT)}: {len(lines) - 1} entries")


def main():
    words = data_words()
    text_entries = STRUCTURE + BYTES + words + [w.upper() for w in words if len(w) < 30]
    write(ROOT / "fuzz/parse_text.dict", text_entries)
    write(ROOT / "fuzz/pdf_load.dict", PDF)


if __name__ == "__main__":
    main()

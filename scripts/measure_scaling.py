#!/usr/bin/env python3
"""Measures how plandoc's time grows with the input, shape by shape: issue #8 asks that
pathological inputs stay roughly linear. Each shape is generated at three sizes, each twice the
one before; `plandoc parse` runs on each (best of five, CPU time of the child), start-up is taken
off (the time of a plan of a few lines), and the growth exponent of each doubling is printed:
log2(t(2n) / t(n)) of the net times. 1.0 is linear, 2.0 quadratic.

    scripts/measure_scaling.py [--instructions] [path/to/plandoc [SHAPE-PREFIX]]
        (default: target/release/plandoc, every shape)

Exit status: 0 when every shape grew at most linearly; 1 when one grew faster (an exponent over
1.5 on a doubling whose larger size takes over 20 ms net: SUPERLINEAR; 2.0 for a shape whose
search is quadratic by design up to a cap, `QUADRATIC_UP_TO_A_CAP`) or a run passed 120 s
(HANG); 2 when plandoc is missing or failed on an input. CPU time, not wall time: other work on
the machine moves it less. Net times of a few milliseconds are noisy; so are their exponents.

A doubling that CPU time flags is measured again by instruction count (valgrind's callgrind,
when it is installed), which other work on the machine does not move at all: the shape fails
only when the count grows faster than its bound too, and the line says which count decided.
Busy machines made single flags that the next doubling undid: of the shapes stop 60's three
runs flagged, `row-page-breaks`, `mojibake` and `table-rows` counted linear at stop 61
(`row-dashes` and `sub-rows` were not counted), and `layout-row-lines` counted 1.53.
`--instructions` counts instructions for every size instead of timing it (slow: callgrind runs
about fifty times slower, but the verdict is the same whatever else the machine does).

Placing one table row weighs runs of its lines, a search quadratic in the row's length at
worst; rows of more than 400 lines (`structure::tables::flowed::MAX_ROW_LINES`) are not placed
by content. `row-lines` grows a row up to that bound, `row-lines-past-cap` beyond it. Row
numbers have at most three digits, so `table-rows` stays under 1,000 rows.
"""

import math
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


TIME_LIMIT = 120
# A net doubling this short says little about growth.
NOISE_SECONDS = 0.02
# The same floor for instruction counts (~20 ms of this binary's work): a few million
# instructions of a small shape move with the environment's size and the allocator's state.
NOISE_INSTRUCTIONS = 50_000_000


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8-sig") as f:
        return f.read()


def read_bytes(path):
    with open(os.path.join(ROOT, path), "rb") as f:
        return f.read()


HEAD = read("fixtures/hostile/utf8-bom.txt")
TABLE_HEAD = (
    "\nPHỤ LỤC\nDANH MỤC CÁC NHIỆM VỤ TRỌNG TÂM\n\n"
    "TT Nhiệm vụ, giải pháp Cơ quan chủ trì Cơ quan phối\nhợp\n\nThời gian\n\n"
)
TASK_LINES = [
    "Tiếp tục rà soát, bổ sung, sửa",
    "đổi Danh mục cơ sở dữ liệu",
    "mở; triển khai cung cấp dữ liệu",
    "mở theo lộ trình.",
]
BODY_LINES = ["Sở Thông tin và", "Truyền thông", "Các sở, ngành, địa", "phương", "2024 - 2025"]


def table_rows(n):
    rows = []
    for number in range(1, n + 1):
        task = "\n".join(TASK_LINES[:-1] + [f"{TASK_LINES[-1]} {number}"])
        rows.append(f"{number}\n\n{task}\n\n" + "\n".join(BODY_LINES) + "\n")
    return HEAD + TABLE_HEAD + "\n".join(rows)


# The row shapes repeat their row this many times, so the time of a row stands well above
# start-up; the exponent is the row's own.
ROWS = 30


def table_of(make_row):
    """A table of ROWS rows, row r built by `make_row(r)` (its lines, without its number)."""
    rows = [f"{r}\n\n" + make_row(r) + "\n" + "\n".join(BODY_LINES) + "\n" for r in range(1, ROWS + 1)]
    return HEAD + TABLE_HEAD + "\n".join(rows)


def row_lines(n):
    # Distinct lines: the search remembers what it learnt of a text it has seen.
    return table_of(
        lambda r: "\n".join(f"{TASK_LINES[i % len(TASK_LINES)]} {r}.{i}" for i in range(n)) + "\n"
    )


# A lone number that does not continue the row numbering (nor come near it) reads as a page
# number: a page break inside the row, after which its cells' tails are placed word by word.
PAGE_NUMBER = 900


def row_page_breaks(n):
    def row(r):
        parts = ["\n".join(TASK_LINES)]
        for page in range(n):
            parts.append(
                f"\n{PAGE_NUMBER + page}\n\nđổi Danh mục dữ liệu {r}.{page} Sở Thông tin và\n"
                "Truyền thông"
            )
        return "\n".join(parts)

    return table_of(row)


def row_fine_tails(n):
    # Tails of up to 120 words after a page break are placed word by word, each against all
    # the text its cells hold so far: the costliest placement a row can ask for.
    words = [w for line in TASK_LINES + BODY_LINES[:-1] for w in line.split()]

    def row(r):
        parts = ["\n".join(TASK_LINES)]
        for page in range(n):
            tail = [words[(r + page + k) % len(words)] for k in range(100)] + [f"{r}.{page}"]
            lines = [" ".join(tail[k : k + 21]) for k in range(0, len(tail), 21)]
            parts.append(f"\n{PAGE_NUMBER + page}\n\n" + "\n".join(lines))
        return "\n".join(parts)

    return table_of(row)


def row_dashes(n):
    # Lone dashes inside a row that already shows its lead: each was once a reason to place
    # the whole row again, and once the longer row's lead came out empty each opened a "-"
    # sub-row, whose ids were made unique by a search that was cubic in the sub-rows (22 s at
    # n=160 before fuzz round 9's fixes).
    return table_of(
        lambda r: "\n".join(TASK_LINES[:1] + BODY_LINES[:2])
        + "".join(f"\n-\nđổi Danh mục cơ sở dữ liệu {r}.{k}" for k in range(n))
    )


def sub_rows(n):
    # A heading row, then n "-" sub-rows: n rows sharing one number, each given its own id.
    pairs = "".join(f"-\nđổi Danh mục cơ sở dữ liệu {k}\n" for k in range(n))
    return HEAD + TABLE_HEAD + "1\n\nChỉ tiêu về chuyển đổi số\n" + pairs


def paragraph_targets(n):
    line = (
        "- Phấn đấu đến năm 2025, 100% cơ quan nhà nước đạt chuẩn; tỷ lệ hồ sơ trực tuyến đạt "
        "80%, giảm 30% thời gian xử lý so với năm 2020.\n"
    )
    return HEAD + "\nII. MỤC TIÊU\n" + line * n


def long_lines(n):
    words = "Sở Thông tin và Truyền thông chủ trì, 2024 - 2025, đạt 100% "
    line = (words * (19_000 // len(words)))[:19_000]
    return HEAD + (line + "\n") * n


def repeated(path, n):
    return read_bytes(path) * n


def split_at_header(path):
    """An extraction of a table: everything up to its first header line ("TT …"), and the rest."""
    lines = read(path).split("\n")
    header = next(i for i, line in enumerate(lines) if line.startswith("TT "))
    return "\n".join(lines[: header + 1]) + "\n", "\n".join(lines[header + 1 :]) + "\n"


def layout_rows(n):
    # The same table body n times: past n ≈ 33 the document's budget for cutting cells by their
    # words is spent and later rows are cut by position (`structure::tables::layout::Budget`).
    head, body = split_at_header("fixtures/tables/pdftotext-layout/kon-tum-142.txt")
    return head + body * n


def layout_row_lines(n):
    # One column-aligned row of n crowded lines, 30 times: rows past 300 words keep the edges
    # their positions give (`MAX_OPTIMIZED_WORDS`).
    head, _ = split_at_header("fixtures/tables/pdftotext-layout/kon-tum-142.txt")
    line = "     khai cung cấp dữ liệu mở theo lộ trình Các sở, ngành Sở Thông tin   và Truyền"
    rows = [
        f"{r}    Tiếp tục rà soát, bổ sung Các sở, ngành Sở Thông tin   2024 - 2025\n"
        + "\n".join(f"{line} {k}" for k in range(n))
        for r in range(1, ROWS + 1)
    ]
    return head + "\n".join(rows) + "\n"


LAYOUT_HEADER = "TT   Nhiệm vụ         Cơ quan chủ trì   Cơ quan phối hợp   Thời gian\n"


def layout_row_pages(n):
    # One column-aligned row going on over n pages: past a few page parts, or once its cells
    # hold 8 KB, a row is cut by position (reading by content scores against all it holds).
    page = "\f\n     thêm việc        Sở Y tế           Sở Tài chính       2026\n"
    return (
        HEAD + "\nPHỤ LỤC\n" + LAYOUT_HEADER
        + "1    Rà soát dữ liệu  Sở Y tế           Sở Tài chính       2026\n" + page * n
    )


def layout_far_names(n):
    # Header names 19,000 characters apart (under the line limit) and n short rows: what is kept
    # per row follows the row's text, not the header's width.
    far = " " * 19_000
    header = f"TT{far}Nhiệm vụ  Cơ quan chủ trì  Thời gian\n"
    return HEAD + "\nPHỤ LỤC\n" + header + "".join(f"{r % 999 + 1} a\n" for r in range(n))


def layout_header_lines(n):
    # A header followed by n long lines of header words: each piece joins its nearest name once.
    words = " ".join(["tt"] * 6_000)
    return HEAD + "\nPHỤ LỤC\n" + LAYOUT_HEADER + (words + "\n") * n + "1    Việc    Sở Y tế    Sở Tài chính    2026\n"


def layout_long_words(n):
    # n rows, each of one line and 40 lines of one 19,000-character word: reading by content is
    # bounded in bytes, not only in words.
    word = "x" * 19_000
    row = "1    Việc    Sở Y tế    Sở Tài chính    2026\n" + f"     {word}\n" * 40
    return HEAD + "\nPHỤ LỤC\n" + LAYOUT_HEADER + row * n


def across_rows(n):
    # Every row printed across the columns line by line; the same table body n times. Past n ≈ 4
    # the document's budget for the search across the columns is spent and later rows are read
    # the way their lines come (`structure::tables::flowed::FLOWED_WORK_BUDGET`).
    head, body = split_at_header("fixtures/tables/pdfplumber-text/kon-tum-142.txt")
    return head + body * n


def blocks_rows(n):
    # poppler's plain pdftotext text of a table (block by block, the header one name per line and
    # repeated on every page); the same table n times. Every row is read by its blocks, drawing
    # on the document's budget for the costlier readings (`FLOWED_WORK_BUDGET`).
    lines = read("fixtures/tables/pdftotext-plain/kon-tum-142-portrait.txt").split("\n")
    header = next(i for i, line in enumerate(lines) if line.strip("\f") == "TT")
    return "\n".join(lines[:header]) + "\n" + ("\n".join(lines[header:]) + "\n") * n


def across_row_lines(n):
    # ROWS rows printed across the columns, each with n lines below its opening one (distinct
    # words: the search remembers what it learnt of a text it has seen).
    rows = []
    for r in range(1, ROWS + 1):
        lines = [f"{r} Rà soát, cập nhật danh mục Các sở, ngành, địa Sở Tài chính, Sở Năm 2026"]
        lines += [f"dữ liệu dùng chung {r}.{i} của tỉnh phương Nội vụ" for i in range(n)]
        rows.append("\n".join(lines))
    return HEAD + "TT Nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời gian\n" + "\n".join(rows) + "\n"


SHAPES = [
    ("table-rows", table_rows, [200, 400, 800]),
    ("row-lines", row_lines, [95, 190, 380]),
    ("row-lines-past-cap", row_lines, [800, 1600, 3200]),
    ("row-page-breaks", row_page_breaks, [25, 50, 100]),
    ("row-fine-tails", row_fine_tails, [12, 24, 48]),
    ("row-dashes", row_dashes, [40, 80, 160]),
    ("sub-rows", sub_rows, [1000, 2000, 4000]),
    ("paragraph-targets", paragraph_targets, [2000, 4000, 8000]),
    ("long-lines", long_lines, [10, 20, 40]),
    ("layout-rows", layout_rows, [5, 10, 20]),
    ("layout-rows-past-budget", layout_rows, [60, 120, 240]),
    ("layout-row-pages", layout_row_pages, [20_000, 40_000, 80_000]),
    # Under the 100,000 table rows a document may hold (`structure::MAX_TABLE_ROWS`, stop 48).
    ("layout-far-names", layout_far_names, [25_000, 50_000, 100_000]),
    ("layout-header-lines", layout_header_lines, [100, 200, 400]),
    ("layout-long-words", layout_long_words, [5, 10, 20]),
    ("layout-row-lines", layout_row_lines, [3, 6, 12]),
    ("layout-row-lines-past-cap", layout_row_lines, [40, 80, 160]),
    ("across-rows", across_rows, [1, 2, 4]),
    ("across-rows-past-budget", across_rows, [12, 24, 48]),
    ("blocks-rows", blocks_rows, [2, 4, 8]),
    ("blocks-rows-past-budget", blocks_rows, [40, 80, 160]),
    ("across-row-lines", across_row_lines, [10, 20, 40]),
    ("across-row-lines-past-cap", across_row_lines, [80, 160, 320]),
    ("seed-repeated", lambda n: repeated("seeds/kon-tum-142.txt", n), [4, 8, 16]),
    ("tcvn3", lambda n: repeated("fixtures/hostile/tcvn3.txt", n), [100, 200, 400]),
    ("vni", lambda n: repeated("fixtures/hostile/vni.txt", n), [100, 200, 400]),
    ("windows-1258", lambda n: repeated("fixtures/hostile/windows-1258.txt", n), [100, 200, 400]),
    ("mojibake", lambda n: repeated("fixtures/hostile/mojibake.txt", n), [100, 200, 400]),
    ("tcvn3-as-latin", lambda n: repeated("fixtures/hostile/tcvn3-as-latin.txt", n), [100, 200, 400]),
]


# Shapes whose search is quadratic by design up to a cap the shape stays under, and linear past
# it (its "-past-cap" twin checks that): they may grow with an exponent up to 2. A row read from
# pdftotext -layout text weighs each of its edges' cut candidates against every line of the
# row, so its work grows with the square of its lines until the row passes
# `MAX_OPTIMIZED_WORDS` (300) words or the document's `WORK_BUDGET` is spent
# (`structure::tables::layout`). By instruction count this shape grew 1.53 at 6 -> 12 lines
# (stop 61).
QUADRATIC_UP_TO_A_CAP = {"layout-row-lines": 2.0}
# The most a doubling may grow for a shape to count as linear (timing and counting both).
MOST_LINEAR_EXPONENT = 1.5


class Hang(Exception):
    pass


def cpu_seconds(binary, path, runs=5):
    """Best CPU time (user + system) of `runs` runs of `plandoc parse` on `path`."""
    best = math.inf
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        try:
            done = subprocess.run(
                [binary, "parse", path],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=TIME_LIMIT,
            )
        except subprocess.TimeoutExpired:
            raise Hang(f"plandoc parse {path} ran over {TIME_LIMIT} s")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip()
            print(f"plandoc parse {path}: exit {done.returncode}: {message}", file=sys.stderr)
            sys.exit(2)
        spent = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = min(best, spent)
    return best


def instructions(binary, path):
    """Instructions `plandoc parse` executes on `path`, counted by callgrind."""
    try:
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", binary, "parse", path],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=TIME_LIMIT * 60,
        )
    except subprocess.TimeoutExpired:
        raise Hang(
            f"plandoc parse {path} ran over {TIME_LIMIT * 60} s under callgrind "
            f"(callgrind runs it about fifty times slower than a timed run)"
        )
    found = re.search(rb"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or not found:
        message = done.stderr.decode("utf-8", "replace").strip()[-2000:]
        print(f"callgrind on plandoc parse {path}: exit {done.returncode}: {message}", file=sys.stderr)
        sys.exit(2)
    return int(found.group(1))


def main():
    args = sys.argv[1:]
    by_instructions = "--instructions" in args
    args = [a for a in args if a != "--instructions"]
    binary = os.path.abspath(args[0] if args else os.path.join(ROOT, "target/release/plandoc"))
    if not os.access(binary, os.X_OK):
        print(f"no executable plandoc at {binary} (cargo build --release)", file=sys.stderr)
        return 2
    has_valgrind = shutil.which("valgrind") is not None
    if by_instructions and not has_valgrind:
        print("--instructions needs valgrind (apt-get install valgrind)", file=sys.stderr)
        return 2
    failures = []
    with tempfile.TemporaryDirectory() as work:
        tiny = os.path.join(work, "start-up.txt")
        with open(tiny, "w", encoding="utf-8") as f:
            f.write(HEAD)
        # Start-up is counted once, and only when a count is wanted: under callgrind it takes
        # seconds, and a timed run that flags nothing needs none.
        start_up_count = [instructions(binary, tiny)] if by_instructions else []

        def net_count(path):
            if not start_up_count:
                start_up_count.append(instructions(binary, tiny))
            return max(instructions(binary, path) - start_up_count[0], 1)

        if by_instructions:
            start_up = 0.0
            print(f"start-up (a plan of {len(HEAD.encode())} bytes): {start_up_count[0]:,} instructions, taken off below")
            print(f"{'shape':<20} {'n':>6} {'bytes':>11} {'net instructions':>17} {'exponent':>9}")
        else:
            start_up = cpu_seconds(binary, tiny)
            print(f"start-up (a plan of {len(HEAD.encode())} bytes): {start_up:.3f} s, taken off below")
            print(f"{'shape':<20} {'n':>6} {'bytes':>11} {'cpu s':>8} {'net s':>8} {'MB/s':>7} {'exponent':>9}")
        wanted = args[1] if len(args) > 1 else ""
        for name, make, sizes in (shape for shape in SHAPES if shape[0].startswith(wanted)):
            allowed = QUADRATIC_UP_TO_A_CAP.get(name, MOST_LINEAR_EXPONENT)
            previous = None
            previous_path = None
            for n in sizes:
                content = make(n)
                data = content.encode("utf-8") if isinstance(content, str) else content
                path = os.path.join(work, f"{name}-{n}.txt")
                with open(path, "wb") as f:
                    f.write(data)
                try:
                    if by_instructions:
                        count = net_count(path)
                        exponent = ""
                        if previous is not None:
                            value = math.log2(count / previous)
                            exponent = f"{value:.2f}"
                            if value > allowed and count > NOISE_INSTRUCTIONS:
                                exponent += " SUPERLINEAR"
                                failures.append(f"{name} grew with exponent {value:.2f} at n={n} (instructions)")
                        print(f"{name:<20} {n:>6} {len(data):>11} {count:>17,} {exponent:>9}")
                        previous = count
                    else:
                        seconds = cpu_seconds(binary, path)
                        net = max(seconds - start_up, 0.001)
                        rate = len(data) / 1e6 / seconds if seconds > 0 else math.inf
                        exponent = ""
                        if previous is not None:
                            value = math.log2(net / previous)
                            exponent = f"{value:.2f}"
                            if value > allowed and net > NOISE_SECONDS:
                                # Timed on a machine that may be busy: the count decides.
                                if has_valgrind:
                                    counted = math.log2(net_count(path) / net_count(previous_path))
                                    if counted > allowed:
                                        exponent += f" SUPERLINEAR (instructions {counted:.2f})"
                                        failures.append(
                                            f"{name} grew with exponent {value:.2f} at n={n} "
                                            f"(instructions: {counted:.2f})"
                                        )
                                    else:
                                        exponent += f" (instructions {counted:.2f}: noise)"
                                else:
                                    exponent += " SUPERLINEAR"
                                    failures.append(f"{name} grew with exponent {value:.2f} at n={n}")
                        print(
                            f"{name:<20} {n:>6} {len(data):>11} {seconds:>8.3f} {net:>8.3f} "
                            f"{rate:>7.2f} {exponent:>9}"
                        )
                        previous = net
                except Hang as hang:
                    print(f"{name:<20} {n:>6} {len(data):>11}     HANG")
                    failures.append(str(hang))
                    break
                if previous_path is not None:
                    os.remove(previous_path)
                previous_path = path
            if previous_path is not None and os.path.exists(previous_path):
                os.remove(previous_path)
    if failures:
        print("\n".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Measures how plandoc's time grows with the input, shape by shape: issue #8 asks that
pathological inputs stay roughly linear. Each shape is generated at three sizes, each twice the
one before; `plandoc parse` runs on each (best of three, CPU time of the child), and the growth
exponent of each doubling is printed: log2(t(2n) / t(n)). 1.0 is linear, 2.0 quadratic.

    scripts/measure_scaling.py [path/to/plandoc]      (default: target/release/plandoc)

A shape whose exponent passes 1.5 on a doubling that takes more than 50 ms is marked SUPERLINEAR
and the script exits 1. CPU time, not wall time: other work on the machine moves it less. The
exponents of the smallest sizes are the noisiest (start-up, ~10 ms, weighs on them).

Placing one table row weighs runs of its lines, a search quadratic in the row's length at
worst; rows of more than 400 lines (`structure::tables::flowed::MAX_ROW_LINES`) are not placed
by content. `row-lines` grows a row up to that bound, `row-lines-past-cap` beyond it.
"""

import math
import os
import resource
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


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


def row_lines(n):
    # Distinct lines: the search remembers what it learnt of a text it has seen.
    task = "\n".join(f"{TASK_LINES[i % len(TASK_LINES)]} {i}" for i in range(n))
    return HEAD + TABLE_HEAD + "1\n\n" + task + "\n\n" + "\n".join(BODY_LINES) + "\n"


def row_page_breaks(n):
    # A lone number that breaks the row numbering reads as a page number: a page break inside
    # the row, after which its cells' tails are placed word by word.
    parts = ["1\n\n" + "\n".join(TASK_LINES)]
    for page in range(n):
        parts.append(f"\n{page + 40}\n\nđổi Danh mục dữ liệu {page} Sở Thông tin và\nTruyền thông")
    return HEAD + TABLE_HEAD + "\n".join(parts) + "\n" + "\n".join(BODY_LINES) + "\n"


def row_fine_tails(n):
    # Tails of up to 120 words after a page break are placed word by word, each against all
    # the text its cells hold so far: the costliest placement a row can ask for.
    words = [w for line in TASK_LINES + BODY_LINES[:-1] for w in line.split()]
    parts = ["1\n\n" + "\n".join(TASK_LINES)]
    for page in range(n):
        tail = [f"{words[(page + k) % len(words)]}" for k in range(100)] + [str(page)]
        lines = [" ".join(tail[k : k + 21]) for k in range(0, len(tail), 21)]
        parts.append(f"\n{page + 40}\n\n" + "\n".join(lines))
    return HEAD + TABLE_HEAD + "\n".join(parts) + "\n" + "\n".join(BODY_LINES) + "\n"


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


SHAPES = [
    ("table-rows", table_rows, [1000, 2000, 4000]),
    ("row-lines", row_lines, [95, 190, 380]),
    ("row-lines-past-cap", row_lines, [800, 1600, 3200]),
    ("row-page-breaks", row_page_breaks, [25, 50, 100]),
    ("row-fine-tails", row_fine_tails, [12, 24, 48]),
    ("paragraph-targets", paragraph_targets, [2000, 4000, 8000]),
    ("long-lines", long_lines, [10, 20, 40]),
    ("seed-repeated", lambda n: repeated("seeds/kon-tum-142.txt", n), [4, 8, 16]),
    ("tcvn3", lambda n: repeated("fixtures/hostile/tcvn3.txt", n), [100, 200, 400]),
    ("vni", lambda n: repeated("fixtures/hostile/vni.txt", n), [100, 200, 400]),
    ("windows-1258", lambda n: repeated("fixtures/hostile/windows-1258.txt", n), [100, 200, 400]),
    ("mojibake", lambda n: repeated("fixtures/hostile/mojibake.txt", n), [100, 200, 400]),
    ("tcvn3-as-latin", lambda n: repeated("fixtures/hostile/tcvn3-as-latin.txt", n), [100, 200, 400]),
]


def cpu_seconds(binary, path):
    """Best CPU time (user + system) of three `plandoc parse` runs on `path`."""
    best = math.inf
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(
            [binary, "parse", path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode not in (0, 1):
            message = done.stderr.decode("utf-8", "replace").strip()
            raise SystemExit(f"plandoc parse {path}: exit {done.returncode}: {message}")
        spent = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = min(best, spent)
    return best


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/plandoc"))
    if not os.access(binary, os.X_OK):
        print(f"no executable plandoc at {binary} (cargo build --release)", file=sys.stderr)
        return 2
    superlinear = []
    print(f"{'shape':<20} {'n':>6} {'bytes':>11} {'cpu s':>8} {'MB/s':>7} {'exponent':>9}")
    with tempfile.TemporaryDirectory() as work:
        for name, make, sizes in SHAPES:
            previous = None
            for n in sizes:
                content = make(n)
                data = content.encode("utf-8") if isinstance(content, str) else content
                path = os.path.join(work, f"{name}-{n}.txt")
                with open(path, "wb") as f:
                    f.write(data)
                seconds = cpu_seconds(binary, path)
                rate = len(data) / 1e6 / seconds if seconds > 0 else math.inf
                exponent = ""
                if previous is not None and previous > 0 and seconds > 0:
                    value = math.log2(seconds / previous)
                    exponent = f"{value:.2f}"
                    if value > 1.5 and seconds > 0.05:
                        exponent += " SUPERLINEAR"
                        superlinear.append(f"{name} at n={n}")
                print(f"{name:<20} {n:>6} {len(data):>11} {seconds:>8.3f} {rate:>7.2f} {exponent:>9}")
                previous = seconds
                os.remove(path)
    if superlinear:
        print("superlinear: " + ", ".join(superlinear))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

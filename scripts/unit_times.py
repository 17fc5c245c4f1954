#!/usr/bin/env python3
"""CPU time of `plandoc parse` on every file of a folder, one process per file: where a corpus's
time goes (a fuzz corpus, a folder of plans).

    python3 scripts/unit_times.py target/release/plandoc FOLDER

Prints the total CPU time, the share of it the slowest 10 / 50 / 100 / 500 / 1,000 / 5,000
files take, and the 15 slowest files. Each time includes the process's start-up.
"""

import os
import resource
import subprocess
import sys


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    binary, folder = sys.argv[1], sys.argv[2]
    rows = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            continue
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(
            [binary, "parse", "--format", "json", path],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        rows.append((cpu, os.path.getsize(path), name))
    if not rows:
        print(f"{folder}: no files", file=sys.stderr)
        return 2
    rows.sort(reverse=True)
    total = sum(r[0] for r in rows) or 1e-9
    print(f"files {len(rows)}, CPU {total:.1f} s, bytes {sum(r[1] for r in rows)}")
    running = 0.0
    for k, row in enumerate(rows):
        running += row[0]
        if k + 1 in (10, 50, 100, 500, 1000, 5000):
            print(f"slowest {k + 1}: {running / total:.1%} of the CPU")
    for cpu, size, name in rows[:15]:
        print(f"{cpu:.3f} s  {size:>7} B  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

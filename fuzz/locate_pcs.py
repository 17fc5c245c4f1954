#!/usr/bin/env python3
"""Names the code behind the new edges a libFuzzer run found after loading its corpus.

    fuzz/locate_pcs.py BINARY LOG [--from-share 0.0]

LOG is a run with -print_pcs=1 and address randomization off (`setarch $(uname -m) -R`), so
every "NEW_PC: 0x…" is the executable's load address (0x555555554000 on x86-64 Linux) plus an
offset that llvm-symbolizer can name. Edges printed before the run's "INITED" line are the
loaded corpus's and are skipped; a log holding several runs (fuzz/run_pdf_load.sh restarts its
target) is read run by run, each edge counted once, at the first run that found it after loading.

Prints one line per new edge: the executions of its run when it was found (and that run's share
of its final executions), the function, the source file and line; then the edges counted by the
crate whose source holds them (the innermost inlined frame: hashbrown for a hash table's probing
inlined into a plandoc function) and the crate of the function they were compiled into. --from-share 0.7 keeps only the edges of the last 30 % of a run, the share the
plateau criterion (fuzz/plateau.py) judges.
"""

import argparse
import re
import subprocess
import sys

LOAD_BASE = 0x555555554000
NEW_PC = re.compile(r"NEW_PC: 0x([0-9a-f]+)")
STATUS = re.compile(r"^#(\d+)")
INITED = re.compile(r"^#\d+\s+INITED")
DONE = re.compile(r"^Done \d+ runs|^=== run ended")


def read_runs(path):
    """Yields, per run in the log, the list of (executions, pc) found after loading, and the
    run's final execution count. libFuzzer prints an input's NEW_PC lines just before the status
    line ("#N NEW …") of the execution that found them: they take that line's count."""
    runs = []
    edges, pending, inited, execs = [], [], False, 0
    with open(path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if INITED.match(line):
                inited, edges, pending = True, [], []
                execs = int(STATUS.match(line).group(1))
                continue
            found = NEW_PC.search(line)
            if found:
                if inited:
                    pending.append(int(found.group(1), 16))
                continue
            status = STATUS.match(line)
            if status:
                execs = int(status.group(1))
                edges.extend((execs, pc) for pc in pending)
                pending = []
            if DONE.match(line) and inited:
                edges.extend((execs, pc) for pc in pending)
                runs.append((edges, execs))
                edges, pending, inited = [], [], False
    if inited:
        edges.extend((execs, pc) for pc in pending)
        runs.append((edges, execs))
    return runs


def symbolize(binary, pcs):
    offsets = "".join(f"0x{pc - LOAD_BASE:x}\n" for pc in pcs)
    result = subprocess.run(
        ["llvm-symbolizer", f"--obj={binary}", "--functions=linkage", "-C", "--no-inlines"],
        input=offsets,
        capture_output=True,
        text=True,
        check=True,
    )
    blocks = [b for b in result.stdout.split("\n\n") if b.strip()]
    names = {}
    for pc, block in zip(pcs, blocks):
        parts = block.strip().split("\n")
        function = parts[0]
        place = parts[1] if len(parts) > 1 else "??"
        names[pc] = (function, place)
    return names


def crate_of(function):
    """The crate of the (outermost, not inlined) function an edge lies in: the first path
    segment of its name, so `<pdf_extract::PdfSimpleFont as …>::get_width` is pdf_extract and
    `<std::sync::mpmc::list::Channel<…>>::recv` is std, whatever types it was instantiated with."""
    found = re.match(r"[<&\s]*(?:mut\s+|dyn\s+)?([A-Za-z_][A-Za-z0-9_]*)::", function)
    return found.group(1) if found else "??"


def source_of(place):
    """The crate whose source holds the edge itself (the innermost inlined frame): a hash
    table's probing inlined into a plandoc function is hashbrown's."""
    for pattern in (r"/registry/src/[^/]+/([^/]+?)-\d+\.\d+[^/]*/", r"/rust/deps/([^/]+?)-\d+\.\d+[^/]*/"):
        found = re.search(pattern, place)
        if found:
            return found.group(1)
    found = re.search(r"/library/([a-z_]+)/src/(sync|sys/sync|thread|sys/pal)?", place)
    if found:
        return found.group(1) + (f" ({found.group(2)})" if found.group(2) else "")
    found = re.search(r"(?:^|/)src/(\w+)", place)
    return f"plandoc src/{found.group(1)}" if found else "??"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary")
    parser.add_argument("log")
    parser.add_argument("--from-share", type=float, default=0.0)
    args = parser.parse_args()
    try:
        runs = read_runs(args.log)
    except OSError as error:
        print(f"{args.log}: {error.strerror}", file=sys.stderr)
        return 2
    seen, kept = set(), []
    for number, (edges, final) in enumerate(runs, 1):
        for execs, pc in edges:
            if pc in seen:
                continue
            seen.add(pc)
            share = execs / final if final else 1.0
            if share >= args.from_share:
                kept.append((number, execs, share, pc))
    names = symbolize(args.binary, sorted({pc for *_, pc in kept})) if kept else {}
    groups = {}
    for number, execs, share, pc in kept:
        function, place = names.get(pc, ("??", "??"))
        group = (source_of(place), crate_of(function))
        groups[group] = groups.get(group, 0) + 1
        print(f"run {number} #{execs} ({share:.0%})\t{function}\t{place}\t[{group[0]}]")
    print(f"\n{len(kept)} new edges in {len(runs)} run(s) after loading", end="")
    print(f" (from {args.from_share:.0%} of each run)" if args.from_share else "")
    print("  edges  code (innermost source)  in a function of")
    for (source, crate), count in sorted(groups.items(), key=lambda item: (-item[1], item[0])):
        print(f"  {count:5}  {source:25} {crate}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

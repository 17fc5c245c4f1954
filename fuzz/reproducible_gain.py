#!/usr/bin/env python3
"""The plateau test on coverage the corpus reproduces, not on the counts a run printed.

    fuzz/reproducible_gain.py BINARY CORPUS SAMPLES --date YYYY-MM-DD [--cov-share 0.3] [--loads 2]

libFuzzer's `cov` counts every edge any execution reached, and some edges do not depend on the
input: hash tables probe differently in every process (their keys are random), thread hand-offs
race, and caches (the parser's memos, the regular expressions' lazy automata) take other paths
depending on what ran before. `fuzz/replay_noise.sh` shows it: one unit, unchanged, reaches more
edges when run 200 times than once. So a run keeps "finding" edges no input of it reproduces, and
fuzz/plateau.py's test (no new `cov` in the last 30 % of executions) may never pass.

This script asks instead whether the inputs the last 30 % added reach code the earlier inputs do
not. CORPUS is the run's corpus folder as the run left it; a unit's modification time says when
it was added (the round's starting corpus is unpacked with time 0). The cutoff is the time of the
last sample (SAMPLES, as fuzz/sample.sh writes them) taken before the last COV_SHARE of the run's
executions began. The units from before it, then all the units, are loaded LOADS times each in
fresh processes (-runs=0: nothing mutated; one per core at a time), and the `cov` at "INITED" is compared: the gain of
the late units against the spread of the repeated loads. Exit 0: no gain beyond the spread; 1: the
late units reach new code; 2: the figures could not be made.

A unit that libFuzzer reduced late is a new file, so its early form counts as late: that can only
overstate the late gain.
"""

import argparse
import concurrent.futures
import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile

STATUS = re.compile(r"^(\d\d):(\d\d):(\d\d) #(\d+)")
INITED = re.compile(r"INITED cov: (\d+) ft: (\d+)")


def cutoff_time(samples_path, share, day):
    samples = []
    with open(samples_path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            found = STATUS.match(line)
            if found:
                h, m, s, execs = (int(g) for g in found.groups())
                samples.append(((h, m, s), execs))
    if len(samples) < 2:
        raise ValueError(f"{samples_path}: fewer than two status samples")
    if any(later[1] < earlier[1] for earlier, later in zip(samples, samples[1:])):
        # A restarted target counts from 0 again: the share of "the run" is not defined.
        raise ValueError(f"{samples_path}: the execution count falls (the target restarted)")
    final = samples[-1][1]
    before = [s for s in samples if s[1] <= final * (1 - share)] or samples[:1]
    (h, m, s), _ = before[-1]
    moment = datetime.datetime.combine(day, datetime.time(h, m, s), datetime.timezone.utc)
    first = samples[0][0]
    if (h, m, s) < first:
        moment += datetime.timedelta(days=1)  # the run went past midnight
    return moment.timestamp(), f"{h:02}:{m:02}:{s:02}"


def load(binary, folder):
    result = subprocess.run(
        [binary, "-runs=0", "-rss_limit_mb=2048", "-timeout=60", folder],
        capture_output=True,
        text=True,
        errors="replace",
    )
    found = INITED.search(result.stderr)
    if not found:
        raise RuntimeError(f"no INITED line loading {folder}:\n{result.stderr[-2000:]}")
    return int(found.group(1)), int(found.group(2))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary")
    parser.add_argument("corpus")
    parser.add_argument("samples")
    parser.add_argument("--cov-share", type=float, default=0.3)
    parser.add_argument("--loads", type=int, default=2)
    parser.add_argument(
        "--date",
        type=datetime.date.fromisoformat,
        required=True,
        help="UTC day the run started, YYYY-MM-DD (the samples hold times only)",
    )
    args = parser.parse_args()
    try:
        cutoff, shown = cutoff_time(args.samples, args.cov_share, args.date)
    except (OSError, ValueError) as error:
        print(error, file=sys.stderr)
        return 2
    units = sorted(os.listdir(args.corpus))
    early = [u for u in units if os.stat(os.path.join(args.corpus, u)).st_mtime <= cutoff]
    print(f"cutoff {shown} UTC: {len(early)} of {len(units)} units from before it")
    if not early or len(early) == len(units):
        print("no unit on one side of the cutoff: wrong --date or corpus?", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        early_dir = os.path.join(work, "early")
        os.mkdir(early_dir)
        for unit in early:
            shutil.copy2(os.path.join(args.corpus, unit), early_dir)
        # The loads are independent processes: one per core at a time.
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            jobs = {
                name: [pool.submit(load, args.binary, folder) for _ in range(args.loads)]
                for name, folder in (("early", early_dir), ("all", args.corpus))
            }
            try:
                figures = {name: [job.result() for job in loads] for name, loads in jobs.items()}
            except RuntimeError as error:
                print(error, file=sys.stderr)
                return 2
    for name, loads in figures.items():
        covs = ", ".join(f"cov {c} ft {f}" for c, f in loads)
        print(f"{name:5}: {covs}")
    early_cov = [c for c, _ in figures["early"]]
    all_cov = [c for c, _ in figures["all"]]
    spread = max(max(early_cov) - min(early_cov), max(all_cov) - min(all_cov))
    gain = min(all_cov) - max(early_cov)
    print(f"late units' gain: {min(all_cov) - max(early_cov)} to {max(all_cov) - min(early_cov)}"
          f" cov; spread of repeated loads: {spread}")
    reproduced = gain > 0
    print("verdict: the last share's inputs reach new code" if reproduced else
          "verdict: no edge the last share's inputs reproduce beyond the loads' own spread")
    return 1 if reproduced else 0


if __name__ == "__main__":
    sys.exit(main())

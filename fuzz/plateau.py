#!/usr/bin/env python3
"""Judges whether a libFuzzer run has reached a coverage plateau.

    fuzz/plateau.py SAMPLES [--cov-share 0.3] [--ft-minutes 10] [--ft-growth 0.005]

SAMPLES holds one line per minute: a UTC time, then the run's last status line at that time
(what fuzz/sample.sh writes), e.g.
    15:54:11 #8604	NEW    cov: 13008 ft: 45444 corp: 1575/6845Kb ...
    15:54:11 #167949: cov: 9378 ft: 16772 corp: 639 exec/s: 441 ...      (fork mode)

The criterion (docs/robustness.md, "Plateau criterion"): no new `cov` in the last 30 % of the
run's executions, and `ft` grew by less than 0.5 % over its last 10 minutes. Prints the
figures the README table needs and the verdict; exits 0 at a plateau, 1 otherwise, 2 when the
samples cannot be read.
"""

import argparse
import re
import sys

STATUS = re.compile(r"^(\d\d):(\d\d):(\d\d) #(\d+)\S*\s.*?cov: (\d+) ft: (\d+)")


def read_samples(path):
    samples = []
    with open(path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            found = STATUS.match(line)
            if not found:
                continue
            h, m, s, execs, cov, ft = (int(g) for g in found.groups())
            seconds = h * 3600 + m * 60 + s
            if samples and seconds < samples[-1][0]:
                seconds += 24 * 3600  # the run went past midnight
            samples.append((seconds, execs, cov, ft))
    return samples


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("samples")
    parser.add_argument("--cov-share", type=float, default=0.3)
    parser.add_argument("--ft-minutes", type=float, default=10.0)
    parser.add_argument("--ft-growth", type=float, default=0.005)
    args = parser.parse_args()
    try:
        samples = read_samples(args.samples)
    except OSError as error:
        print(f"{args.samples}: {error.strerror}", file=sys.stderr)
        return 2
    if len(samples) < 2:
        print(f"{args.samples}: fewer than two status samples", file=sys.stderr)
        return 2

    first, last = samples[0], samples[-1]
    execs = last[1]
    # Coverage at the last sample taken before the final share of executions began.
    cutoff = execs * (1 - args.cov_share)
    before = [s for s in samples if s[1] <= cutoff] or [first]
    cov_gain = last[2] - before[-1][2]
    # ft at the last sample at least the window's length before the end.
    window_start = last[0] - args.ft_minutes * 60
    earlier = [s for s in samples if s[0] <= window_start]
    half = min(samples, key=lambda s: abs(s[1] - execs / 2))
    last_new = next(s for s in samples if s[2] == last[2])

    print(f"samples: {len(samples)} over {(last[0] - first[0]) / 60:.0f} min")
    print(f"executions: {first[1]:,} -> {execs:,}")
    print(f"cov / ft: {first[2]:,} / {first[3]:,} (first sample) -> {half[2]:,} / {half[3]:,} "
          f"(half the executions) -> {last[2]:,} / {last[3]:,} (end)")
    print(f"final cov first seen: exec {last_new[1]:,} ({100 * last_new[1] / max(execs, 1):.0f} % of the run)")
    print(f"cov gained in the last {100 * args.cov_share:.0f} % of executions: +{cov_gain:,}")
    plateau = cov_gain == 0
    if earlier:
        ft_growth = (last[3] - earlier[-1][3]) / max(earlier[-1][3], 1)
        print(f"ft growth over the last {args.ft_minutes:.0f} min: {100 * ft_growth:+.2f} %")
        plateau = plateau and ft_growth < args.ft_growth
    else:
        print(f"ft growth over the last {args.ft_minutes:.0f} min: run shorter than the window")
        plateau = False
    print("verdict: plateau" if plateau else "verdict: NOT at a plateau")
    return 0 if plateau else 1


if __name__ == "__main__":
    sys.exit(main())

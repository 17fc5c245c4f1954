#!/usr/bin/env bash
# How much of a target's coverage does not depend on its input: runs one unit, unchanged, in
# fresh processes and COPIES times in one process, and prints the `cov`/`ft` libFuzzer counts at
# "INITED" (nothing is mutated: -runs=0). A deterministic target gives the same counts every
# time; any spread is coverage that new inputs can "find" without reaching new code.
#   fuzz/replay_noise.sh BINARY UNIT [COPIES=200] [FRESH=3]
set -u
bin=$1 unit=$2 copies=${3:-200} fresh=${4:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/one" "$work/many"
cp "$unit" "$work/one/unit"
for i in $(seq 1 "$copies"); do cp "$unit" "$work/many/copy$i"; done
inited() { "$bin" -runs=0 "$@" 2>&1 | grep -a -o 'INITED cov: [0-9]* ft: [0-9]* corp: [0-9]*'; }
for i in $(seq 1 "$fresh"); do
    echo "once, fresh process $i: $(inited "$work/one")"
done
echo "$copies copies in one process: $(inited "$work/many")"

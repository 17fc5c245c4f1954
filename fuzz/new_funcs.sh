#!/usr/bin/env bash
# Names the functions a libFuzzer run reached for the first time, and at which execution: the
# `NEW_FUNC` lines of its log, symbolized. The targets are built without a sanitizer, so
# libFuzzer prints bare addresses; they are relative to where the binary was loaded, which
# /proc/PID/maps tells while the fuzzer runs (save it then: `fuzz/new_funcs.sh base PID`).
#   fuzz/new_funcs.sh base PID > BASE_FILE        # while the fuzzer runs
#   fuzz/new_funcs.sh LOG BINARY BASE_FILE         # any time later, with the same binary
set -u
if [ "$1" = base ]; then
    grep -m1 -E 'r-xp|r--p' "/proc/$2/maps" | cut -d- -f1
    exit
fi
log=$1
binary=$2
base=$(cat "$3")
execs=0
grep -a -E '^#[0-9]+|NEW_FUNC' "$log" | while read -r line; do
    case "$line" in
        \#*) execs=${line%%[!#0-9]*}; execs=${execs#\#} ;;
        *NEW_FUNC*)
            pc=$(printf '%s\n' "$line" | grep -o '0x[0-9a-f]*' | head -n 1)
            offset=$(printf '0x%x' $((pc - 0x$base)))
            where=$(addr2line -f -C -e "$binary" "$offset" | paste -sd ' ')
            printf 'after exec %s: %s\n' "$execs" "$where"
            ;;
    esac
done

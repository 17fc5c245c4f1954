#!/usr/bin/env bash
# Speed of the whole PDF -> JSON (`plandoc parse FILE.pdf`) against poppler's `pdftotext` on the
# same files. A benchmark, not a test. Needs: apt-get install -y poppler-utils
# Usage: scripts/bench_pdf.sh [RUNS] [PDF...]   (default: 10 runs over fixtures/pdf/*.pdf)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
shift || true
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  for f in fixtures/pdf/*.pdf; do
    [ "$(basename "$f")" = scanned.pdf ] || files+=("$f")
  done
fi
cargo build --release --quiet
bin=target/release/plandoc
measure() { # prints "wall cpu" seconds for $runs runs of the command over every file
  local start end cpu0 cpu1 me=$BASHPID
  cpu0=$(awk '{print $14+$15+$16+$17}' /proc/$me/stat)
  start=$(date +%s.%N)
  for _ in $(seq "$runs"); do
    for f in "${files[@]}"; do "$@" "$f" > /dev/null; done
  done
  end=$(date +%s.%N)
  cpu1=$(awk '{print $14+$15+$16+$17}' /proc/$me/stat)
  echo "$(echo "$end - $start" | bc) $(echo "($cpu1 - $cpu0) / $(getconf CLK_TCK)" | bc -l)"
}
pt() { pdftotext "$1" -; }
ptl() { pdftotext -layout "$1" -; }
pd() { "$bin" parse --compact "$1"; }
read -r pd_wall pd_cpu < <(measure pd)
read -r pt_wall pt_cpu < <(measure pt)
read -r ptl_wall ptl_cpu < <(measure ptl)
pages=0
for f in "${files[@]}"; do pages=$((pages + $(pdfinfo "$f" | awk '/^Pages:/ {print $2}'))); done
printf '%d files, %d pages, %d runs each (machine: %s cores, load %s)\n' "${#files[@]}" "$pages" "$runs" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)"
printf '| tool | wall s / run of all files | CPU s / run | ratio to pdftotext (wall, CPU) |\n|---|---|---|---|\n'
for row in "plandoc parse (PDF -> JSON)|$pd_wall|$pd_cpu" "pdftotext|$pt_wall|$pt_cpu" "pdftotext -layout|$ptl_wall|$ptl_cpu"; do
  IFS='|' read -r name wall cpu <<< "$row"
  printf '| %s | %.3f | %.3f | %.2f×, %.2f× |\n' "$name" "$(echo "$wall / $runs" | bc -l)" "$(echo "$cpu / $runs" | bc -l)" \
    "$(echo "$wall / $pt_wall" | bc -l)" "$(echo "$cpu / $pt_cpu" | bc -l)"
done

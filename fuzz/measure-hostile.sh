#!/usr/bin/env bash
# Measures plandoc's peak memory and time on every hostile input: the committed fixtures and the
# big generated ones (a 50 MB plan, a 5 MB line, 100,000 blank lines, 10,000-cell rows, deep
# numbering, rows full of lone dashes, thousands of sub-rows, a 50 MB pdftotext -layout plan, a
# grid header above 200,000 lines of header words, lead cells of 40,000 bodies).
#   fuzz/measure-hostile.sh [path/to/plandoc] [parse|check|check-baseline|diff|convert]
# (defaults: target/release/plandoc, parse; `check-baseline` checks each file with itself as its
# baseline, so every target has a twin to be compared with: the most pairs a file can make;
# `diff` compares each file with seeds/kon-tum-142.txt; `convert` converts each file alone into
# a fresh folder, where a failed file exits 1, not 2)
# Prints one line per file: exit status, wall seconds, user seconds, peak RSS in MiB.
set -u
bin=$(realpath "${1:-target/release/plandoc}")
[ -x "$bin" ] || { echo "$bin: not an executable (the first argument is the plandoc binary)" >&2; exit 2; }
command=${2:-parse}
case $command in
  parse | check | check-baseline) extra=() ;;
  diff) extra=(seeds/kon-tum-142.txt --format json) ;;
  convert) extra=() ;;
  *) echo "unknown command $command (parse, check, check-baseline, diff or convert)" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.." || exit 2
work=$(mktemp -d)
[ "$command" = convert ] && extra=(--out-dir "$work/out" --quiet)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import sys
out = sys.argv[1]
head = open('fixtures/hostile/utf8-bom.txt', encoding='utf-8-sig').read()
hb = head.encode()
open(f'{out}/plan-50mb.txt', 'wb').write(hb * (50 * 1024 * 1024 // len(hb) + 1))
open(f'{out}/line-5mb.txt', 'w').write(head + 'Kế hoạch 1.1. ' * (5 * 1024 * 1024 // 16) + '\nII. MỤC TIÊU\n')
open(f'{out}/numbering-line-5mb.txt', 'w').write(head + '1.' * 2_500_000 + ' Nội dung\n')
lines = head.split('\n'); m = len(lines) // 2
open(f'{out}/blank-100k.txt', 'w').write('\n'.join(lines[:m]) + '\n' * 100_001 + '\n'.join(lines[m:]))
row = [f'Sở số {i}' for i in range(10_000)]
for name, s in [('cells-10k-tab.txt', '\t'), ('cells-10k-pipe.txt', ' | ')]:
    open(f'{out}/{name}', 'w').write(head + f'\nPHỤ LỤC\nDANH MỤC CÁC NHIỆM VỤ\nTT{s}Nhiệm vụ{s}Cơ quan chủ trì{s}Cơ quan phối hợp{s}Thời gian\n1{s}' + s.join(row) + '\n')
# A grid table whose header is followed by 200,000 lines of header words with an empty number
# cell: the wrapped-names reader looks at 8 of them, the rows reader at all.
grid = '| TT | Nhiệm vụ | Cơ quan chủ | Cơ quan phối | Thời gian |\n' + '|  | trì | hợp | thực hiện |  |\n' * 200_000
open(f'{out}/grid-header-200k.txt', 'w').write(head + '\nPHỤ LỤC\nDANH MỤC CÁC NHIỆM VỤ\n' + grid)
deep = head + ''.join('1.' * d + ' Nội dung\n' for d in range(1, 2000))
deep += ''.join(f'{n}. Mục {n}\na) Ý\n' for n in range(1, 20_000))
open(f'{out}/numbering-deep.txt', 'w').write(deep)
# One task whose lead cell runs 36,000 bodies together without a separator over 18 continuation
# rows of 18,000 characters (440 KB), and one that lists 20,000 with commas: `check` looked for
# the line holding every opening of such a cell: quadratic, 63 s and 22 GB (the first) and
# 28 s and 9 GB (the second) before stop 38, 0.8 s and 26 MB after.
table = '\nPHỤ LỤC\nDANH MỤC CÁC NHIỆM VỤ\n| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |\n'
def long_lead(piece, count):
    lines = [f'|  |  | {piece * count} |  |  |' for _ in range(18)]
    lines[0] = '| 1 | Số hóa hồ sơ' + lines[0][3:].replace('|  | Sở', '| Sở', 1)
    return head + table + '\n'.join(lines) + '\n'
open(f'{out}/lead-run-together-36k.txt', 'w').write(long_lead('Sở Y tế ', 2_000))
open(f'{out}/lead-commas-20k.txt', 'w').write(long_lead('Sở Tư pháp, ', 1_100))
sys.dont_write_bytecode = True
sys.path.insert(0, 'scripts')
import measure_scaling
# Fuzz round 9: 30 rows of 160 lone dashes after their lead (22 s before its fixes), and 4,000
# "-" sub-rows sharing one number (23 s).
open(f'{out}/row-dashes.txt', 'w').write(measure_scaling.row_dashes(160))
open(f'{out}/sub-rows-4000.txt', 'w').write(measure_scaling.sub_rows(4000))
# A column-aligned table 1,900 times over (50 MB): cutting cells by their words has a budget per
# document, past which rows are cut by position.
open(f'{out}/layout-50mb.txt', 'w').write(measure_scaling.layout_rows(1900))
# pdfplumber's text of a table (every row printed across the columns) 2,300 times over (50 MB):
# the search across the columns, placing word by word and placing at all each have a budget per
# document (65 s before the last of them).
open(f'{out}/across-50mb.txt', 'w').write(measure_scaling.across_rows(2300))
# poppler's plain pdftotext text of a table (rows in blocks) 2,200 times over (50 MB): each row
# read by its blocks draws on the same budget.
open(f'{out}/blocks-50mb.txt', 'w').write(measure_scaling.blocks_rows(2200))
# A header printed one name per line with 5,000 names (5,002 columns) above 3,000 rows in blocks:
# the block reading refuses tables of more than 16 columns, the placing budget bounds the rest.
open(f'{out}/vertical-header-5000-columns.txt', 'w').write(
    "\n".join(["KẾ HOẠCH", "Phụ lục", "TT", "Nhiệm vụ"] + ["Đơn vị"] * 5000
              + ["1", "", "Rà soát quy định Sở Tư pháp", "về dữ liệu", "", "Năm 2026"] * 3000) + "\n")
# HTML and CSV: a 50 MB page of table rows, the same minified onto one line, a row of 10,000
# cells, cells spanning rows all the way down, and a 50 MB CSV.
html_head = ''.join(f'<p>{line}</p>\n' for line in head.split('\n'))
tr = '<tr><td>1</td><td>Rà soát quy định về dữ liệu</td><td>Sở Tư pháp</td><td>Các sở</td><td>2026</td></tr>\n'
page = ('<!DOCTYPE html><html><body>' + html_head + '<p>PHỤ LỤC</p><table><tr><td>TT</td><td>Nhiệm vụ</td>'
        '<td>Cơ quan chủ trì</td><td>Cơ quan phối hợp</td><td>Thời gian</td></tr>\n'
        + tr * (50 * 1024 * 1024 // len(tr.encode())) + '</table></body></html>\n')
open(f'{out}/page-50mb.html', 'w').write(page)
open(f'{out}/page-50mb-one-line.html', 'w').write(page.replace('\n', ''))
open(f'{out}/cells-10k.html', 'w').write(
    '<!DOCTYPE html><html><body>' + html_head + '<p>PHỤ LỤC</p><table><tr><td>TT</td><td>Nhiệm vụ</td>'
    '<td>Cơ quan chủ trì</td><td>Thời gian</td></tr><tr><td>1</td>'
    + ''.join(f'<td rowspan=9999 colspan=64>Sở số {i}</td>' for i in range(10_000)) + '</tr>\n'
    + '<tr><td>2</td><td>x</td></tr>\n' * 2000 + '</table></body></html>\n')
# Line records: 50 MB of line breaks (refused: over MAX_INPUT_LINES), and just under the limit
# of lines, each one character long.
open(f'{out}/newlines-50mb.txt', 'w').write(head + '\n' * (50 * 1024 * 1024))
open(f'{out}/short-lines-under-limit.txt', 'w').write(head + 'x\n' * 1_990_000 + 'I. MỤC ĐÍCH\n')
record = '1,"Rà soát quy định,\nvề dữ liệu",Sở Tư pháp,Các sở,2026\n'
open(f'{out}/table-50mb.csv', 'w').write(
    'TT,Nhiệm vụ,Cơ quan chủ trì,Cơ quan phối hợp,Thời gian\n' + record * (50 * 1024 * 1024 // len(record.encode())))
# The limits of stop 48 (docs/robustness.md, "Limits"): a text over 64 MiB once decoded, and
# one-letter table rows, which cost the most per byte: 1,990,000 of them (under the line
# limit), just past and exactly at the 100,000 rows a document may hold; target sentences past
# and at the 100,000 targets; 1,990,000 bulleted "- 100%" naming no subject (one warning
# each until stop 48), and the same run together under no bullet (quoted whole by each target
# until stop 48: quadratic); a plan in pdftotext's blocks at 60 MiB (over the line limit).
# (Under a head of two lines: the plan's head above has rows and targets of its own.)
mini = 'KẾ HOẠCH\nTriển khai\n'
tab_head = mini + '\nPHỤ LỤC\nDANH MỤC CÁC NHIỆM VỤ\nTT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\n'
tiny = '1\tA\tB\tC\tD\n'
for name, count in [('rows-tiny-1.99m.txt', 1_990_000), ('rows-tiny-100001.txt', 100_001), ('rows-tiny-100000.txt', 100_000)]:
    open(f'{out}/{name}', 'w').write(tab_head + tiny * count)
text = head * (64 * 1024 * 1024 // len(hb) + 1)
open(f'{out}/text-over-64mib.txt', 'w').write(text)
target = '- Đến năm 2026, 100% cơ quan nhà nước cấp tỉnh sử dụng dịch vụ số.\n'
for name, count in [('targets-100001.txt', 100_001), ('targets-100000.txt', 100_000)]:
    open(f'{out}/{name}', 'w').write(mini + '\nI. MỤC TIÊU\n2. Mục tiêu cụ thể\n' + target * count)
# 100,000 rows whose cells each name bodies of their own (no lexicon body), one lead and a dozen
# supporting bodies a row (the second review's shape): the slowest rows.
numbers = (f'{a}.{b}.{c}' for a in range(1, 100) for b in range(1, 100) for c in range(1, 100))
def bodies(i):
    support = ', '.join(f'Sở X{i}y{k}' for k in range(12))
    return f'Rà soát quy định về dữ liệu số {i}\tSở Quản lý {i}\t{support}\tNăm 2026'
open(f'{out}/rows-distinct-bodies-100000.txt', 'w').write(tab_head + ''.join(
    f'{n}\t{bodies(i)}\n' for i, n in zip(range(1, 100_001), numbers)))
goals = mini + '\nI. MỤC TIÊU\n2. Mục tiêu cụ thể\n'
# 100,000 targets, each naming words of its own beside the words all share: checked against
# itself, every target is a candidate for every other (the pairs budget of stop 59).
open(f'{out}/targets-distinct-100000.txt', 'w').write(goals + ''.join(
    f'- Đến năm 2026, {i % 90 + 10}% cơ quan nhà nước cung cấp dịch vụ số hiệu x{i}.\n' for i in range(100_000)))
open(f'{out}/shares-no-subject-1.99m.txt', 'w').write(goals + '- 100%\n' * 1_990_000)
open(f'{out}/shares-run-together-1.99m.txt', 'w').write(goals + '100% A\n' * 1_990_000)
open(f'{out}/blocks-60mib.txt', 'w').write(measure_scaling.blocks_rows(2800))
# Flat tables numbered 1 to 99,999 (five digits, the most a row number takes) in the three shapes
# whose readers find rows by their numbers alone (stop 49): until then rows 1000 on were glued
# into row 999 or dropped, so these were cheap; now every row is one.
flat = mini + '\nPHỤ LỤC\nDANH MỤC CÁC NHIỆM VỤ\n'
rows = range(1, 100_000)
open(f'{out}/flat-99999-wrapped.txt', 'w').write(
    flat + 'TT Nhiệm vụ, giải pháp Cơ quan chủ trì Cơ quan phối\nhợp\nThời gian\n'
    + ''.join(f'{i}\nRà soát, bổ sung danh mục số {i}\ncủa tỉnh.\nSở Tư pháp\nCác sở, ngành\n2026\n' for i in rows))
open(f'{out}/flat-99999-cell-lines.txt', 'w').write(
    flat + 'TT\nNhiệm vụ, giải pháp\nCơ quan chủ trì\nCơ quan phối hợp\nThời gian\n'
    + ''.join(f'{i}\nRà soát, bổ sung danh mục số {i} của tỉnh.\nSở Tư pháp\nCác sở, ngành\n2026\n' for i in rows))
open(f'{out}/flat-99999-layout.txt', 'w').write(
    flat + '  TT     Nhiệm vụ, giải pháp                      Cơ quan chủ trì      Cơ quan phối hợp   Thời gian\n'
    + ''.join(f"  {str(i) + '.':<6} {'Rà soát danh mục số ' + str(i):<40} Sở Tư pháp           Các sở, ngành      2026\n" for i in rows))
PY
[ $? -eq 0 ] || { echo "generating the big inputs failed" >&2; exit 2; }
for file in fixtures/hostile/*.{txt,md,bin,pdf,html,csv} "$work"/*.{txt,html,csv}; do
  if [ "$command" = check-baseline ]; then
    run=(check "$file" --baseline "$file")
  else
    run=("$command" "$file" ${extra[@]+"${extra[@]}"})
  fi
  /usr/bin/time -f "%e %U %M" -o "$work/time" "$bin" "${run[@]}" > /dev/null 2> "$work/err"
  status=$?
  read -r wall user kb < <(tail -n 1 "$work/time") || true
  rm -rf "$work/out"
  printf '%-28s exit %s  %6ss wall  %6ss user  %6d MiB\n' "$(basename "$file")" "$status" "$wall" "$user" $((kb / 1024))
done

//! A row printed as text blocks: extractions that group a page's text into blocks (poppler's
//! plain `pdftotext`, text copied from a PDF viewer) print each block's lines together and a
//! blank line between blocks. A block is one cell, or several neighbouring cells whose lines
//! share a baseline and were merged side by side ("Cập nhật … tuân thủ Khung Sở Khoa học và
//! Công Các sở, ban, ngành," above "kiến trúc số quốc gia", "nghệ", "UBND cấp xã").
//!
//! The blocks come in column order, so the reading assigns each block a run of neighbouring
//! columns, after the previous block's, by a dynamic program over (block, column): a block
//! given one column is that cell; a block given several is read across them
//! (`flowed::read_across`), and only when the reading's first line opens every one of them, each
//! cell after the first with a capital, and is clearly wider than the block's lines below
//! (`opens_wider`). Columns no block reaches are empty.
//!
//! The flowed reader keeps this reading when its cells read better than its own, and tries it
//! only in a table whose header is printed one name per line, the same extractions' mark:
//! elsewhere a blank line may fall inside a cell. A block of two lines shows little of its
//! widths (its second line may be a wrapped cell's short last line): there the width gate lets
//! most blocks through, and what the cells hold decides.

use super::cells;
use super::flowed;
use super::header::Role;
use super::Budget;

/// Rows of more blocks than this, or tables of more columns, are not read by blocks (plans have
/// 4–7 columns; the search weighs blocks × columns³ assignments and keeps blocks × columns²
/// readings).
const MAX_BLOCKS: usize = 8;
const MAX_COLUMNS: usize = 16;

/// What a row's lines that come in `blocks`, each a non-empty list of lines, add to each column,
/// when the blocks can be given columns in order; `None` otherwise (no block, or more blocks
/// than columns). `held` is what each cell holds already (the row's part before a page break;
/// empty for a row's first part): the columns are weighed with it. Each block read across
/// several columns spends its work (`flowed::across_work_of`) from `budget`; past it, blocks
/// take one column each.
pub(super) fn read(
    blocks: &[Vec<&str>],
    roles: &[Role],
    held: &[String],
    quantities: bool,
    budget: &mut Budget,
) -> Option<Vec<String>> {
    let (k, m) = (blocks.len(), roles.len());
    if k == 0
        || k > m
        || k > MAX_BLOCKS
        || m > MAX_COLUMNS
        || held.len() != m
        || blocks.iter().any(Vec::is_empty)
    {
        return None;
    }
    // The cells block `b` gives columns `from..=to`, read once each; `None` when the block
    // cannot hold them.
    let mut readings: Vec<Vec<Option<Option<Vec<String>>>>> = vec![vec![None; m * m]; k];
    let mut reading = |b: usize, from: usize, to: usize| -> Option<Vec<String>> {
        readings[b][from * m + to]
            .get_or_insert_with(|| {
                let block = &blocks[b];
                if from == to {
                    return Some(vec![crate::clean::join_lines(block.iter().copied())]);
                }
                // Cells merge into one block because their first lines share a baseline, so
                // the block's first line is wider than the lines of any one cell below it, and
                // it opens every one of the cells. Without that, a cell's words would be read
                // as another column's (a task block cut in two, "Tiên" / "tiến, hiện đại,"
                // read as a unit and a result).
                if !opens_wider(block) {
                    return None;
                }
                let roles = &roles[from..=to];
                // A cell opens with a capital ("Sở …", "Các sở …", "Năm 2026"); a lowercase word
                // is the cell before going on ("giữa | các cơ quan").
                let opens_cells = |pieces: &[String]| {
                    pieces.iter().all(|piece| !piece.is_empty())
                        && pieces[1..].iter().all(|p| !cells::starts_lowercase(p))
                };
                // The first line alone, placed as the whole block's reading first places it,
                // turns most blocks away for a fraction of the whole reading's work.
                let first = &block[..1];
                if !budget.spend(flowed::across_work_of(first, roles.len()))
                    || !opens_cells(&flowed::read_across(first, roles, quantities))
                    || !budget.spend(flowed::across_work_of(block, roles.len()))
                {
                    return None;
                }
                // The whole reading may move the first line's cuts: check them again there.
                let (cells_text, cuts) = flowed::read_across_with_cuts(block, roles, quantities);
                let opening: Vec<String> = (0..roles.len())
                    .map(|c| flowed::piece_of(block[0], cuts.first()?, c))
                    .collect::<Option<_>>()?;
                opens_cells(&opening).then_some(cells_text)
            })
            .clone()
    };
    // A column's value is what its cell reads as with what it held before the part (a row's
    // cells before a page break): a column the part leaves empty keeps that.
    let joined = |c: usize, text: &str| crate::clean::join_lines([held[c].as_str(), text]);
    let empty: Vec<f64> = (0..m).map(|c| cells::score(roles[c], &held[c])).collect();
    // best[b][c]: blocks before `b` placed in the columns before `c`.
    let mut best = vec![vec![f64::NEG_INFINITY; m + 1]; k + 1];
    let mut from_of = vec![vec![(0usize, 0usize); m + 1]; k + 1];
    best[0][0] = 0.0;
    for b in 0..k {
        for c in 0..m {
            if best[b][c] == f64::NEG_INFINITY {
                continue;
            }
            let mut skipped = 0.0;
            // The block opens at column `start` (those between stay empty) and ends at `end`;
            // the blocks after it need a column each.
            for start in c..m {
                if start > c {
                    skipped += empty[start - 1];
                }
                for end in start..m - (k - b - 1) {
                    let Some(cells_text) = reading(b, start, end) else {
                        continue;
                    };
                    let value: f64 = (start..=end)
                        .zip(&cells_text)
                        .map(|(c, text)| cells::score(roles[c], &joined(c, text)))
                        .sum();
                    let total = best[b][c] + skipped + value;
                    if total > best[b + 1][end + 1] {
                        best[b + 1][end + 1] = total;
                        from_of[b + 1][end + 1] = (c, start);
                    }
                }
            }
        }
    }
    let (end, _) = (k..=m)
        .map(|c| (c, best[k][c] + empty[c..].iter().sum::<f64>()))
        .filter(|(_, total)| total.is_finite())
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    let mut cells_text = vec![String::new(); m];
    let mut c = end;
    for b in (1..=k).rev() {
        let (previous, start) = from_of[b][c];
        let texts = reading(b - 1, start, c - 1).unwrap_or_default();
        for (cell, text) in cells_text[start..c].iter_mut().zip(texts) {
            *cell = text;
        }
        c = previous;
    }
    Some(cells_text)
}

/// How much wider than any line below it a block's first line must be to hold several cells.
const MERGED_LINE_RATIO: f64 = 1.15;

/// Whether a block's first line is clearly wider (`MERGED_LINE_RATIO`) than every line below
/// it: a wrapped cell's lines fill its column (but the last, which is narrower), so its first
/// line is about as wide as the widest below. A block of one line shows nothing of its
/// columns' widths: it is one cell. (A block of two lines shows little: its second line may be
/// a wrapped cell's short last line.)
fn opens_wider(block: &[&str]) -> bool {
    let width = |line: &&str| line.chars().count();
    let Some((first, below)) = block.split_first() else {
        return false;
    };
    let Some(widest) = below.iter().map(width).max() else {
        return false;
    };
    width(first) as f64 >= MERGED_LINE_RATIO * widest as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROLES: [Role; 4] = [Role::Task, Role::Lead, Role::Support, Role::Time];

    fn plenty() -> Budget {
        Budget::new(usize::MAX)
    }

    fn none() -> Vec<String> {
        vec![String::new(); ROLES.len()]
    }

    /// A block of a task and a lead side by side on its first line, then each going on.
    const MERGED: [&str; 3] = [
        "Cập nhật Khung kiến trúc số của tỉnh tuân thủ Khung Sở Khoa học và Công",
        "kiến trúc số quốc gia",
        "nghệ",
    ];

    #[test]
    fn each_block_takes_the_columns_it_reads_as() {
        let blocks = vec![
            MERGED.to_vec(),
            vec!["Các sở, ban, ngành,", "UBND cấp xã"],
            vec!["Thường", "xuyên"],
        ];
        let cells_text = read(&blocks, &ROLES, &none(), false, &mut plenty()).unwrap();
        assert_eq!(
            cells_text,
            [
                "Cập nhật Khung kiến trúc số của tỉnh tuân thủ Khung kiến trúc số quốc gia",
                "Sở Khoa học và Công nghệ",
                "Các sở, ban, ngành, UBND cấp xã",
                "Thường xuyên",
            ]
        );
    }

    #[test]
    fn a_column_no_block_reaches_stays_empty() {
        let blocks = vec![
            vec!["Ban hành quy định về quản lý các hệ thống thông tin"],
            vec!["Sở Khoa học và Công nghệ"],
            vec!["Năm 2026"],
        ];
        let cells_text = read(&blocks, &ROLES, &none(), false, &mut plenty()).unwrap();
        assert_eq!(
            cells_text,
            [
                "Ban hành quy định về quản lý các hệ thống thông tin",
                "Sở Khoa học và Công nghệ",
                "",
                "Năm 2026",
            ]
        );
    }

    #[test]
    fn more_blocks_than_columns_is_not_a_block_reading() {
        assert_eq!(read(&[], &ROLES, &none(), false, &mut plenty()), None);
        let five = vec![vec!["Một dòng"]; 5];
        assert_eq!(read(&five, &ROLES, &none(), false, &mut plenty()), None);
        // Nor a table of more columns than any plan has (a hostile header's).
        let wide = vec![Role::Other; MAX_COLUMNS + 1];
        let held = vec![String::new(); wide.len()];
        assert_eq!(
            read(&[vec!["Một dòng"]], &wide, &held, false, &mut plenty()),
            None
        );
    }

    #[test]
    fn after_a_page_break_a_tail_goes_on_in_its_own_column() {
        // The task and lead were read before the break; the support's tail and the timeframe
        // come after it, with no task block before them.
        let held = [
            "Rà soát quy định về dữ liệu".to_string(),
            "Sở Tư pháp".to_string(),
            "Các sở, ban, ngành,".to_string(),
            String::new(),
        ];
        let blocks = vec![vec!["UBND cấp xã"], vec!["Năm 2027"]];
        let added = read(&blocks, &ROLES, &held, false, &mut plenty()).unwrap();
        assert_eq!(added, ["", "", "UBND cấp xã", "Năm 2027"]);
    }

    #[test]
    fn past_the_budget_every_block_is_one_cell() {
        let blocks = vec![MERGED.to_vec(), vec!["Các sở, ban, ngành,", "UBND cấp xã"]];
        let cells_text = read(&blocks, &ROLES, &none(), false, &mut Budget::new(0)).unwrap();
        assert_eq!(
            cells_text[0],
            "Cập nhật Khung kiến trúc số của tỉnh tuân thủ Khung Sở Khoa học và Công kiến trúc \
             số quốc gia nghệ"
        );
    }

    #[test]
    fn a_wrapped_cell_is_not_wider_at_its_first_line() {
        // The lines it fills are about as wide as its first.
        let cell = [
            "Tổ chức triển khai các nhiệm vụ phối hợp với Sở Tư pháp",
            "và các cơ quan có liên quan trong việc rà soát văn bản",
            "định kỳ",
        ];
        assert!(!opens_wider(&cell));
        // Merged cells: the first line holds the first line of each, side by side.
        let merged = [
            "Ban hành Khung kiến trúc dữ liệu, Khung quản trị, Sở Khoa học và Công Công an tỉnh;",
            "quản lý dữ liệu của tỉnh, tuân thủ Khung quản trị, nghệ",
            "xã",
        ];
        assert!(opens_wider(&merged));
        assert!(!opens_wider(&["Một dòng duy nhất"]));
    }

    #[test]
    fn a_block_whose_first_line_is_not_its_widest_is_one_cell() {
        // A task wrapped at its column's width: no line holds two cells side by side, however
        // its words read ("các cơ sở dữ liệu" is not a lead here).
        let blocks = vec![
            vec![
                "Thu thập, củng cố và hoàn",
                "thiện dữ liệu chủ, cơ sở dữ liệu",
                "dùng chung; các cơ sở dữ liệu",
            ],
            vec!["Các sở, ngành, địa phương"],
            vec!["Thường xuyên"],
        ];
        let cells_text = read(&blocks, &ROLES, &none(), false, &mut plenty()).unwrap();
        assert_eq!(
            cells_text[0],
            "Thu thập, củng cố và hoàn thiện dữ liệu chủ, cơ sở dữ liệu dùng chung; các cơ sở dữ liệu"
        );
        assert_eq!(cells_text[1], "Các sở, ngành, địa phương");
        assert_eq!(cells_text[3], "Thường xuyên");
    }
}

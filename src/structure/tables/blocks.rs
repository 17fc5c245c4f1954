//! A row printed as text blocks: extractions that group a page's text into blocks (poppler's
//! plain `pdftotext`, text copied from a PDF viewer) print each block's lines together and a
//! blank line between blocks. A block is one cell, or several neighbouring cells whose lines
//! share a baseline and were merged side by side ("Cập nhật … tuân thủ Khung Sở Khoa học và
//! Công Các sở, ban, ngành," above "kiến trúc số quốc gia", "nghệ", "UBND cấp xã").
//!
//! The blocks come in column order, so the reading assigns each block a run of neighbouring
//! columns, after the previous block's, by a dynamic program over (block, column): a block
//! given one column is that cell; a block given several is read across them
//! (`flowed::read_across`), and only when its first line opens every one of them and is its
//! widest. Columns no block reaches are empty. The flowed reader keeps this reading when its
//! cells read better than its own, and tries it only in a table whose header is printed one name
//! per line, the same extractions' mark: elsewhere a blank line may fall inside a cell.

use super::cells;
use super::flowed;
use super::header::Role;

/// Rows of more blocks than this are not read by blocks (no table has more columns).
const MAX_BLOCKS: usize = 8;

/// The cells of a row whose lines come in `blocks`, each a non-empty list of lines, when the
/// blocks can be given columns in order; `None` otherwise (no block, or more blocks than
/// columns).
pub(super) fn read(blocks: &[Vec<&str>], roles: &[Role], quantities: bool) -> Option<Vec<String>> {
    let (k, m) = (blocks.len(), roles.len());
    if k == 0 || k > m || k > MAX_BLOCKS || blocks.iter().any(Vec::is_empty) {
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
                // the block's first line opens every one of them, side by side, and is wider
                // than any later line: a wrapped cell's lines are about as wide as each other.
                // Without that, a cell's words would be read as another column's (a task block
                // cut in two, "Tiên" / "tiến, hiện đại," read as a unit and a result).
                if !opens_wider(block) {
                    return None;
                }
                let roles = &roles[from..=to];
                let opening = flowed::read_across(&block[..1], roles, quantities);
                opening
                    .iter()
                    .all(|piece| !piece.is_empty())
                    .then(|| flowed::read_across(block, roles, quantities))
            })
            .clone()
    };
    let empty: Vec<f64> = roles.iter().map(|r| cells::score(*r, "")).collect();
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
                    let value: f64 = roles[start..=end]
                        .iter()
                        .zip(&cells_text)
                        .map(|(role, text)| cells::score(*role, text))
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

/// How much wider than any later line a block's first line must be to hold several cells.
const MERGED_LINE_RATIO: f64 = 1.15;

/// Whether a block has lines below its first and the first is clearly its widest
/// (`MERGED_LINE_RATIO`).
fn opens_wider(block: &[&str]) -> bool {
    let width = |line: &&str| line.chars().count();
    // A block of one line shows nothing of its columns' widths: it is one cell.
    let Some((first, rest)) = block.split_first() else {
        return false;
    };
    let Some(widest_later) = rest.iter().map(width).max() else {
        return false;
    };
    width(first) as f64 >= MERGED_LINE_RATIO * widest_later as f64
}

/// What `read` may look at for a row of `blocks` under `columns` columns: each block read
/// across every run of columns it could take.
pub(super) fn work(blocks: &[Vec<&str>], columns: usize) -> usize {
    let runs = columns * (columns + 1) / 2;
    blocks
        .iter()
        .map(|block| flowed::across_work_of(block, columns).saturating_mul(runs))
        .fold(0usize, usize::saturating_add)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROLES: [Role; 4] = [Role::Task, Role::Lead, Role::Support, Role::Time];

    #[test]
    fn each_block_takes_the_columns_it_reads_as() {
        let blocks = vec![
            vec![
                "Cập nhật Khung kiến trúc số của tỉnh tuân thủ Khung Sở Khoa học và Công",
                "kiến trúc số quốc gia",
                "nghệ",
            ],
            vec!["Các sở, ban, ngành,", "UBND cấp xã"],
            vec!["Thường", "xuyên"],
        ];
        let cells_text = read(&blocks, &ROLES, false).unwrap();
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
        let cells_text = read(&blocks, &ROLES, false).unwrap();
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
        assert_eq!(read(&[], &ROLES, false), None);
        let five = vec![vec!["Một dòng"]; 5];
        assert_eq!(read(&five, &ROLES, false), None);
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
        let cells_text = read(&blocks, &ROLES, false).unwrap();
        assert_eq!(
            cells_text[0],
            "Thu thập, củng cố và hoàn thiện dữ liệu chủ, cơ sở dữ liệu dùng chung; các cơ sở dữ liệu"
        );
        assert_eq!(cells_text[1], "Các sở, ngành, địa phương");
        assert_eq!(cells_text[3], "Thường xuyên");
    }
}

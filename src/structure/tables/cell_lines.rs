//! Tables printed one cell per line: an office program's "Save as Text" (LibreOffice writes each
//! cell of a table as a paragraph of its own, in row order, and a cell covered by a merged one
//! as an empty line), a header printed one name per line above them.
//!
//! Where the flowed reader weighs where each cell ends, here the lines say it: a row is its
//! number's line and the lines up to the next row's number, one per column. A row with more
//! lines than columns has a cell of several paragraphs (bodies one per paragraph, a task in
//! points); the lines are then shared out in order to the columns they fit best
//! (`share_out`). The reading is taken only when most rows have exactly one line per column:
//! text that wraps cells over lines (a PDF's) is the flowed reader's.

use once_cell::sync::Lazy;
use regex::Regex;

use super::groups::GroupTracker;
use super::header::{self, Header, Role};
use super::{numbering, RawRow};
use crate::clean::{collapse_whitespace, Line};
use crate::domain::{agencies, timeframe};

/// The most lines a header printed one name per line takes (two levels of a wide table).
const MAX_HEADER_LINES: usize = 40;
/// The most lines past its columns a row may take (cells of several paragraphs).
const MAX_EXTRA_LINES: usize = 24;
/// Share of rows that must have exactly one line per column.
const MIN_EXACT_SHARE: f64 = 0.6;

/// A group row's number alone on its line ("I", "II", "A"): the title is the next line.
static GROUP_NUMBER_ALONE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(?:[IVXLC]{1,6}|[A-Z])\.?$").unwrap());

/// What the reader found: the header, the rows, the number of the table's last line.
pub struct CellLines {
    pub header: Header,
    pub rows: Vec<RawRow>,
    pub last_line: usize,
}

/// Reads the table whose header opens at `lines[header_at]` (the number column's name alone),
/// or None when the lines are not one cell each.
pub fn parse(lines: &[Line], header_at: usize, max_rows: usize) -> Option<CellLines> {
    let tracker = GroupTracker::default();
    // The header: the lines up to the first row's number or group.
    let zone_end = (header_at + 1..lines.len().min(header_at + MAX_HEADER_LINES))
        .find(|&k| opens_row(lines, k, &tracker, None))?;
    let names = header_names(&lines[header_at..zone_end])?;
    let header = header::from_cells(&names);
    if !header.is_usable() || !header.has_number_column() || header.columns.len() != names.len() {
        return None;
    }
    let roles = header.cell_roles();
    let width = roles.len();
    let columns = width + 1;
    let mut tracker = tracker;
    let mut rows = Vec::new();
    let mut exact = 0;
    let mut at = zone_end;
    let mut after_group = false;
    let mut last_line = lines[zone_end - 1].no;
    // The number of the last numbered row: a long number ("1000") is a row's when it goes on
    // from it (rows under a dash or without a number say nothing of the numbering).
    let mut last_number = numbering::LastRow::default();
    while at < lines.len() {
        // One row past `max_rows` (twice the rows the document has left) is enough for
        // `finish_table` to refuse the table: reading on would only spend memory.
        if rows.len() > max_rows {
            break;
        }
        let line = &lines[at];
        let text = collapse_whitespace(&line.text);
        // A row printed without a number right under its group ("XIV" / "Hiệp hội …" / the
        // task): its number cell an empty line, or none.
        let blank_number = after_group && !line.is_content();
        if !line.is_content() && !blank_number {
            break;
        }
        let above = last_number.get();
        let unnumbered = after_group && !blank_number && !opens_row(lines, at, &tracker, above);
        let number = if unnumbered || blank_number {
            Some(String::new())
        } else {
            number_at(lines, at, above)
        };
        after_group = false;
        if let Some(tt) = number {
            // The lines of the row's cells start after its number (or at the task).
            let opened = if unnumbered { at - 1 } else { at };
            // A blank line where the next row would open is no end: a covered cell prints
            // blank. Only the next row's number or group says where this row ends; the last
            // row, with none after it, takes one line per column.
            let exactly = (opened + columns).min(lines.len());
            last_number.keep(&tt);
            let this = last_number.get();
            let next = if exactly == lines.len() || opens_row(lines, exactly, &tracker, this) {
                exactly
            } else {
                (exactly + 1..lines.len().min(exactly + MAX_EXTRA_LINES))
                    .find(|&k| opens_row(lines, k, &tracker, this))
                    .unwrap_or(exactly)
            };
            if next <= opened + 1 {
                break;
            }
            let body = &lines[opened + 1..next];
            let mut cells = if body.len() == width {
                exact += 1;
                body.iter().map(|l| collapse_whitespace(&l.text)).collect()
            } else if body.len() < width {
                let mut cells: Vec<String> =
                    body.iter().map(|l| collapse_whitespace(&l.text)).collect();
                cells.resize(width, String::new());
                cells
            } else {
                share_out(body, &roles)?
            };
            let groups = tracker.current();
            let mut warnings = Vec::new();
            if let Some(above) = rows.last().filter(|above: &&RawRow| above.groups == groups) {
                carry_down(&mut cells, &above.cells, &roles, &mut warnings);
            }
            let confidence = match (body.len() == width, warnings.is_empty()) {
                (_, false) => 0.85,
                (true, true) => 0.97,
                (false, true) => 0.92,
            };
            rows.push(RawRow {
                tt,
                groups,
                cells,
                lines: [line.no, lines[next - 1].no],
                confidence,
                warnings,
                continued: false,
            });
            last_line = lines[next - 1].no;
            at = next;
            continue;
        }
        if GROUP_NUMBER_ALONE.is_match(&text) {
            let title = lines.get(at + 1).map(|l| collapse_whitespace(&l.text));
            let candidate = format!("{text} {}", title.unwrap_or_default());
            if let Some((number, title, level)) = tracker.recognize(&candidate, false) {
                tracker.enter(number, title, level);
                last_line = lines[(at + 1).min(lines.len() - 1)].no;
                at += 2;
                after_group = true;
                continue;
            }
        }
        match tracker.recognize(&text, true) {
            Some((number, title, level)) if !title.is_empty() => {
                tracker.enter(number, title, level);
                last_line = line.no;
                at += 1;
                after_group = true;
            }
            // A paragraph after the table.
            _ => break,
        }
    }
    let enough_exact = exact as f64 >= MIN_EXACT_SHARE * rows.len() as f64;
    (rows.len() >= 2 && enough_exact).then_some(CellLines {
        header,
        rows,
        last_line,
    })
}

/// A lead or time cell left empty takes the words of the cell above: a cell merged over rows
/// prints its words in its first row and an empty line in the others, and a task has a lead
/// and a time. (A support cell may be empty on its own, so an empty one stays empty.) Said in
/// the row's warnings, since a lead really missing reads the same.
fn carry_down(cells: &mut [String], above: &[String], roles: &[Role], warnings: &mut Vec<String>) {
    for (k, role) in roles.iter().enumerate() {
        if !matches!(role, Role::Lead | Role::Time) {
            continue;
        }
        let (Some(cell), Some(above)) = (cells.get_mut(k), above.get(k)) else {
            continue;
        };
        if cell.is_empty() && !above.is_empty() {
            cell.clone_from(above);
            let what = if *role == Role::Lead { "lead" } else { "time" };
            warnings.push(format!(
                "{what} cell empty: read as merged with the row above (\"{above}\")"
            ));
        }
    }
}

/// The row number line `k` holds: one of up to three digits a part, or a longer one that fits
/// the numbering after `last` (the last numbered row's) with a task on the line below it. (A
/// year closing a time cell, "2026" after row 2025, stands where the next row's number would
/// when a cell above was wrapped onto two lines.)
fn number_at(lines: &[Line], k: usize, last: Option<&[u32]>) -> Option<String> {
    let text = collapse_whitespace(&lines[k].text);
    super::row_number(&text).or_else(|| {
        let tt = super::row_number_after(&text, last)?;
        let next = lines.get(k + 1).filter(|l| l.is_content())?;
        numbering::opens_long_numbered_task(&collapse_whitespace(&next.text)).then_some(tt)
    })
}

/// Whether line `k` opens a row: its number (see `number_at`), or a group's number (alone, or
/// with its title).
fn opens_row(lines: &[Line], k: usize, tracker: &GroupTracker, last: Option<&[u32]>) -> bool {
    let line = &lines[k];
    if !line.is_content() {
        return false;
    }
    let text = collapse_whitespace(&line.text);
    number_at(lines, k, last).is_some()
        || GROUP_NUMBER_ALONE.is_match(&text)
        || tracker
            .recognize(&text, true)
            .is_some_and(|(_, title, _)| !title.is_empty() && title.chars().count() > 3)
}

/// The column names of a header printed one name per line. One level: every line a name. Two
/// levels ("Cơ quan thực hiện" over "Chủ trì" and "Phối hợp"): the first row's names, then the
/// second row's cells, where a cell under a name of the first row that spans no columns is an
/// empty line; the first row's names go to the empty places in order, and each name left over
/// heads the run of lower names it spans.
fn header_names(zone: &[Line]) -> Option<Vec<String>> {
    let mut texts: Vec<String> = zone.iter().map(|l| collapse_whitespace(&l.text)).collect();
    if let Some(names) = two_levels(&texts) {
        return Some(names);
    }
    // Blank lines after the names, before the first row: one level.
    while texts.last().is_some_and(String::is_empty) {
        texts.pop();
    }
    (!texts.iter().any(String::is_empty)).then_some(texts)
}

fn two_levels(texts: &[String]) -> Option<Vec<String>> {
    let first_blank = texts.iter().position(String::is_empty)?;
    let upper = &texts[..first_blank];
    let lower = &texts[first_blank..];
    let empty = lower.iter().filter(|t| t.is_empty()).count();
    let runs = lower
        .iter()
        .enumerate()
        .filter(|(k, t)| !t.is_empty() && (*k == 0 || lower[k - 1].is_empty()))
        .count();
    if upper.len() != empty + runs || runs == 0 {
        return None;
    }
    let mut upper_names = upper.iter();
    let mut names = Vec::with_capacity(lower.len());
    for (k, cell) in lower.iter().enumerate() {
        if cell.is_empty() {
            names.push(upper_names.next()?.clone());
        } else if k == 0 || lower[k - 1].is_empty() {
            let spanning = upper_names.next()?;
            names.push(format!("{spanning} {cell}"));
        } else {
            names.push(cell.clone());
        }
    }
    Some(names)
}

/// Shares a row's lines (more than its columns) out to the columns in order, each at least one
/// line, as they fit best: bodies one per line in a lead or support cell, a timeframe in its
/// own, a task's points in the task. None when no sharing fits (a blank line inside a cell).
fn share_out(body: &[Line], roles: &[Role]) -> Option<Vec<String>> {
    let texts: Vec<String> = body.iter().map(|l| collapse_whitespace(&l.text)).collect();
    let (n, m) = (texts.len(), roles.len());
    if n < m {
        return None;
    }
    // best[c][k]: the best score with the first c columns holding the first k lines.
    let mut best = vec![vec![f64::NEG_INFINITY; n + 1]; m + 1];
    let mut from = vec![vec![0usize; n + 1]; m + 1];
    best[0][0] = 0.0;
    for c in 0..m {
        for start in c..=n {
            if best[c][start] == f64::NEG_INFINITY {
                continue;
            }
            // Each later column needs a line of its own.
            for end in start + 1..=n - (m - c - 1) {
                let score = best[c][start] + fit(roles[c], &texts[start..end]);
                if score > best[c + 1][end] {
                    best[c + 1][end] = score;
                    from[c + 1][end] = start;
                }
            }
        }
    }
    if best[m][n] == f64::NEG_INFINITY {
        return None;
    }
    let mut cells = vec![String::new(); m];
    let mut end = n;
    for c in (1..=m).rev() {
        let start = from[c][end];
        cells[c - 1] = crate::clean::join_lines(texts[start..end].iter().map(String::as_str));
        end = start;
    }
    Some(cells)
}

/// How well lines fit a column of a role.
fn fit(role: Role, lines: &[String]) -> f64 {
    if lines.len() > 1 && lines.iter().any(String::is_empty) {
        return f64::NEG_INFINITY;
    }
    if lines.len() == 1 && lines[0].is_empty() {
        return 0.0;
    }
    let body_like = |line: &String| agencies::starts_with_head(line);
    // A cell does not end on the separator of a list going on ("Công an tỉnh;" then "Các sở,
    // ngành …" is one lead of two bodies).
    let open_end = if lines.last().is_some_and(|l| l.ends_with([';', ','])) {
        -1.0
    } else {
        0.0
    };
    open_end
        + match role {
            Role::Lead | Role::Support => lines
                .iter()
                .map(|line| if body_like(line) { 1.0 } else { -1.5 })
                .sum(),
            Role::Time => {
                let joined = crate::clean::join_lines(lines.iter().map(String::as_str));
                if timeframe::is_timeframe(&joined) {
                    2.0 - 0.5 * (lines.len() - 1) as f64
                } else {
                    -2.0 * lines.len() as f64
                }
            }
            _ => lines
                .iter()
                .map(|line| if body_like(line) { -0.3 } else { 0.0 })
                .sum(),
        }
}

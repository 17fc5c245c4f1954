//! Column-aligned text as `pdftotext -layout` writes it: cells side by side separated by runs of
//! spaces, a wrapped cell continuing on the next lines in the same column band. The header's
//! segments give the bands; every later segment goes to the band its first character falls in.

use once_cell::sync::Lazy;
use regex::Regex;

use super::groups::GroupTracker;
use super::header::{self, Header};
use super::RawRow;
use crate::clean::{collapse_whitespace, join_lines, Line};
use crate::model::{Diagnostic, Severity};

static ROW_NUMBER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^([0-9]{1,3}(?:\.[0-9]{1,3}){0,3})\.?$").unwrap());

/// Segments of a line: (start column in characters, text), split at runs of two or more spaces.
pub fn segments(text: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        if i >= chars.len() {
            break;
        }
        let start = i;
        let mut end = i;
        while end < chars.len() {
            if chars[end].is_whitespace() {
                let gap = chars[end..]
                    .iter()
                    .take_while(|c| c.is_whitespace())
                    .count();
                if gap >= 2 || end + gap >= chars.len() {
                    break;
                }
                end += gap;
            } else {
                end += 1;
            }
        }
        out.push((start, chars[start..end].iter().collect::<String>()));
        i = end;
    }
    out
}

/// Whether a header line is laid out in columns (three or more segments).
pub fn is_layout_header(text: &str) -> bool {
    !text.contains('\t') && segments(text).len() >= 3
}

/// Builds the header and the band starts from the header line and the lines continuing it.
pub fn header_and_bands(lines: &[&Line]) -> (Header, Vec<usize>) {
    let mut bands: Vec<(usize, String)> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        for (start, text) in segments(&line.text) {
            if index == 0 {
                bands.push((start, text));
                continue;
            }
            // A broken header word joins the band whose start is nearest at or before it.
            let slot = band_of(&bands.iter().map(|b| b.0).collect::<Vec<_>>(), start);
            if let Some(band) = bands.get_mut(slot) {
                band.1 = join_lines([band.1.as_str(), text.as_str()]);
            }
        }
    }
    let names: Vec<String> = bands.iter().map(|b| b.1.clone()).collect();
    let starts: Vec<usize> = bands.iter().map(|b| b.0).collect();
    (header::from_cells(&names), starts)
}

/// The band a segment starting at `start` belongs to: the last band starting at or before it
/// (two characters of slack, since centred headers start a little right of their column).
fn band_of(starts: &[usize], start: usize) -> usize {
    starts.iter().rposition(|s| *s <= start + 2).unwrap_or(0)
}

pub fn parse(
    lines: &[Line],
    header: &Header,
    starts: &[usize],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<RawRow> {
    let width = header.cell_roles().len();
    let numbered = header.has_number_column();
    let mut tracker = GroupTracker::default();
    let mut rows: Vec<RawRow> = Vec::new();
    let mut in_row = false;
    for line in lines {
        if !line.is_content() {
            continue;
        }
        let collapsed = collapse_whitespace(&line.text);
        if header::opens_header(&collapsed) || header::is_header_continuation(&collapsed) {
            continue; // the header repeated on a later page
        }
        let mut cells: Vec<String> = vec![String::new(); starts.len().max(1)];
        for (start, text) in segments(&line.text) {
            let slot = band_of(starts, start);
            if let Some(cell) = cells.get_mut(slot) {
                *cell = join_lines([cell.as_str(), text.as_str()]);
            }
        }
        if !numbered {
            cells.insert(0, String::new());
        }
        let first = cells.first().cloned().unwrap_or_default();
        let rest: Vec<String> = cells.iter().skip(1).cloned().collect();
        if ROW_NUMBER.is_match(&first) {
            let mut row_cells: Vec<String> = rest.iter().take(width).cloned().collect();
            row_cells.resize(width, String::new());
            rows.push(RawRow {
                tt: first.trim_end_matches('.').to_string(),
                groups: tracker.current(),
                cells: row_cells,
                lines: [line.no, line.no],
                confidence: 0.95,
                warnings: Vec::new(),
                continued: false,
            });
            in_row = true;
            continue;
        }
        if !first.is_empty() {
            let candidate =
                join_lines(std::iter::once(first.as_str()).chain(rest.iter().map(String::as_str)));
            if let Some((number, title, level)) = tracker.recognize(&candidate, false) {
                tracker.enter(number, title, level);
                in_row = false;
                continue;
            }
        }
        match rows.last_mut() {
            Some(row) if in_row => {
                for (k, cell) in rest.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
                    if let Some(target) = row.cells.get_mut(k.min(width.saturating_sub(1))) {
                        *target = join_lines([target.as_str(), cell.as_str()]);
                    }
                }
                row.lines[1] = line.no;
            }
            _ => diagnostics.push(Diagnostic::new(
                "table-line-skipped",
                Severity::Info,
                format!(
                    "line in a column-aligned table outside any row: \"{}\"",
                    collapsed.chars().take(60).collect::<String>()
                ),
                [line.no, line.no],
            )),
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_split_at_wide_gaps() {
        let segs = segments("1    Rà soát danh mục   Sở Y tế     2025");
        let texts: Vec<&str> = segs.iter().map(|s| s.1.as_str()).collect();
        assert_eq!(texts, vec!["1", "Rà soát danh mục", "Sở Y tế", "2025"]);
        assert_eq!(segs[1].0, 5);
    }
}

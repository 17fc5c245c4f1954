//! Tables whose rows are one line each with cells separated by a delimiter: TAB (converters,
//! Markdown) or "|" (text copied from legal-document websites). A row cut by a page break
//! continues on a line whose first cell is empty; its cells are appended column by column.

use super::groups::GroupTracker;
use super::header::{self, Header};
use super::RawRow;
use crate::clean::{collapse_whitespace, Line};
use crate::model::{Diagnostic, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    Tab,
    Pipe,
}

impl Delimiter {
    /// The delimiter a header line uses, if any.
    pub fn of_line(text: &str) -> Option<Delimiter> {
        if text.matches('\t').count() >= 2 {
            Some(Delimiter::Tab)
        } else if text.trim().matches('|').count() >= 3 {
            Some(Delimiter::Pipe)
        } else {
            None
        }
    }

    pub fn cells(self, text: &str) -> Vec<String> {
        match self {
            Delimiter::Tab => text.split('\t').map(collapse_whitespace).collect(),
            Delimiter::Pipe => {
                let trimmed = text.trim();
                let inner = trimmed.strip_prefix('|').unwrap_or(trimmed);
                let inner = inner.strip_suffix('|').unwrap_or(inner);
                inner.split('|').map(collapse_whitespace).collect()
            }
        }
    }

    fn splits(self, text: &str) -> bool {
        match self {
            Delimiter::Tab => text.contains('\t'),
            Delimiter::Pipe => text.trim().matches('|').count() >= 2,
        }
    }
}

/// A Markdown table's rule row ("|---|---|").
fn is_rule_row(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '+' | '='))
}

pub fn parse(
    lines: &[Line],
    header: &Header,
    delimiter: Delimiter,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<RawRow> {
    let width = header.cell_roles().len();
    let numbered = header.has_number_column();
    let mut tracker = GroupTracker::default();
    let mut rows: Vec<RawRow> = Vec::new();
    // Whether the last thing seen was a group row (a continuation line then extends its title).
    let mut after_group = false;
    for line in lines {
        if !line.is_content() || is_rule_row(&line.text) {
            continue;
        }
        let text = line.text.as_str();
        if !delimiter.splits(text) {
            // A line without cells: a group title printed across the table, or stray text.
            let joined = collapse_whitespace(text);
            if let Some((number, title, level)) = tracker.recognize(&joined, true) {
                tracker.enter(number, title, level);
                after_group = true;
            } else {
                diagnostics.push(Diagnostic::new(
                    "table-line-skipped",
                    Severity::Info,
                    format!(
                        "line inside the table is not a row: \"{}\"",
                        snippet(&joined)
                    ),
                    [line.no, line.no],
                ));
            }
            continue;
        }
        let mut cells = delimiter.cells(text);
        if header::opens_header(&cells.join(" ")) {
            continue; // the header repeated after a page break
        }
        if !numbered {
            cells.insert(0, String::new());
        }
        let first = cells.first().cloned().unwrap_or_default();
        let rest: Vec<String> = cells.iter().skip(1).cloned().collect();
        let rest_filled = rest.iter().filter(|c| !c.is_empty()).count();
        if first.is_empty() {
            if after_group && rest_filled == 1 && rest.first().is_some_and(|c| !c.is_empty()) {
                tracker.extend_title(&rest[0]);
                continue;
            }
            if after_group && rest_filled >= 2 {
                // A row without a number right under its group ("XIV Hiệp hội …" then the task).
                let mut row_cells: Vec<String> = rest.iter().take(width).cloned().collect();
                row_cells.resize(width, String::new());
                rows.push(RawRow {
                    tt: String::new(),
                    groups: tracker.current(),
                    cells: row_cells,
                    lines: [line.no, line.no],
                    confidence: 0.95,
                    warnings: Vec::new(),
                    continued: false,
                });
                after_group = false;
                continue;
            }
            match rows.last_mut() {
                Some(row) => {
                    for (k, cell) in rest.iter().enumerate() {
                        if cell.is_empty() {
                            continue;
                        }
                        let slot = k.min(width.saturating_sub(1));
                        if let Some(target) = row.cells.get_mut(slot) {
                            *target = crate::clean::join_lines([target.as_str(), cell]);
                        }
                    }
                    row.lines[1] = line.no;
                    row.continued = true;
                }
                None => diagnostics.push(Diagnostic::new(
                    "table-line-skipped",
                    Severity::Warning,
                    "continuation line before the first row",
                    [line.no, line.no],
                )),
            }
            continue;
        }
        if let Some(tt) = super::row_number(&first) {
            let mut row_cells: Vec<String> = rest.iter().take(width).cloned().collect();
            row_cells.resize(width, String::new());
            let mut warnings = Vec::new();
            let overflow: Vec<&String> =
                rest.iter().skip(width).filter(|c| !c.is_empty()).collect();
            if !overflow.is_empty() {
                if let Some(last) = row_cells.last_mut() {
                    let extra: Vec<&str> = overflow.iter().map(|s| s.as_str()).collect();
                    *last = crate::clean::join_lines(std::iter::once(last.as_str()).chain(extra));
                }
                warnings.push(
                    "more cells than header columns; extra text joined to the last column"
                        .to_string(),
                );
            }
            rows.push(RawRow {
                tt,
                groups: tracker.current(),
                cells: row_cells,
                lines: [line.no, line.no],
                confidence: if warnings.is_empty() { 0.99 } else { 0.8 },
                warnings,
                continued: false,
            });
            after_group = false;
            continue;
        }
        // A group row: number alone in the first cell and its title in the second, or both in
        // the first cell ("II Văn phòng Ủy ban nhân dân tỉnh", "III. PHÁT TRIỂN DỮ LIỆU").
        let candidate = if rest_filled == 0 {
            first.clone()
        } else {
            let joined_title = crate::clean::join_lines(rest.iter().map(String::as_str));
            format!("{first} {joined_title}")
        };
        if let Some((number, title, level)) = tracker.recognize(&candidate, false) {
            tracker.enter(number, title, level);
            after_group = true;
            continue;
        }
        diagnostics.push(Diagnostic::new(
            "table-row-unplaced",
            Severity::Warning,
            format!(
                "table line not read as a row or a group: \"{}\"",
                snippet(&collapse_whitespace(text))
            ),
            [line.no, line.no],
        ));
    }
    rows
}

fn snippet(text: &str) -> String {
    let short: String = text.chars().take(60).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

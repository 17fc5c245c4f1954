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

/// A line of rule signs alone ("|  |  |", "|:-:|:-:|"): empty cells, or a rule of short dashes.
fn has_no_text(text: &str) -> bool {
    text.trim()
        .chars()
        .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '+' | '='))
}

/// The header of a delimited table, with the lines below its first that go on its names ("|
/// | Cơ quan phối |" then "| | hợp |": a converter's grid table, a cell wrapped inside its
/// column), and how many lines after the first it took. Those lines come before the rule under
/// the header ("+===+", "|---|") and before the first row, their number cell empty; their
/// cells are joined to the names above them column by column. They are kept only when each
/// cell holds a few words and the names read at least as many columns as the first line's alone.
pub fn header_at(lines: &[Line], delimiter: Delimiter) -> (Header, usize) {
    /// Most words a header name's wrapped line holds ("thực hiện", "chủ trì thực hiện").
    const MAX_NAME_LINE_WORDS: usize = 4;
    /// Most lines looked at below the header's first (blank ones included): names wrap over a
    /// few lines, and a hostile table of empty-numbered lines must not grow them without end.
    const MAX_NAME_LINES: usize = 8;
    let Some(first) = lines.first() else {
        return (header::from_cells(&[]), 0);
    };
    let mut names = delimiter.cells(&first.text);
    let alone = header::from_cells(&names);
    if !alone.has_number_column() {
        return (alone, 0);
    }
    let mut taken = 0;
    for (k, line) in lines.iter().enumerate().skip(1).take(MAX_NAME_LINES) {
        if !line.is_content() {
            continue;
        }
        if has_no_text(&line.text) || !delimiter.splits(&line.text) {
            break;
        }
        let cells = delimiter.cells(&line.text);
        // A name wraps into a few words per line; a longer cell is a row's text.
        let long = cells
            .iter()
            .any(|c| c.split_whitespace().nth(MAX_NAME_LINE_WORDS).is_some());
        if cells.first().is_none_or(|c| !c.is_empty()) || cells.len() != names.len() || long {
            break;
        }
        for (name, cell) in names.iter_mut().zip(&cells) {
            if !cell.is_empty() {
                *name = crate::clean::join_lines([name.as_str(), cell.as_str()]);
            }
        }
        taken = k;
    }
    if taken == 0 {
        return (alone, 0);
    }
    let joined = header::from_cells(&names);
    let named = |h: &Header| {
        h.roles
            .iter()
            .filter(|r| **r != header::Role::Other)
            .count()
    };
    if joined.roles.len() == alone.roles.len() && named(&joined) >= named(&alone) {
        (joined, taken)
    } else {
        (alone, 0)
    }
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
        if !line.is_content() || has_no_text(&line.text) {
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

#[cfg(test)]
mod tests {
    use crate::structure::tables::tests::table_of;

    /// A header name wrapped inside its column goes on in the line below ("Cơ quan phối" /
    /// "hợp"); a row printed without its number right under the header is not a name's line.
    #[test]
    fn a_header_name_wrapped_in_its_cell_goes_on_below() {
        let table = table_of(
            "| TT | Nhiệm vụ | Cơ quan chủ | Cơ quan phối | Thời gian |\n\
             |    |          | trì         | hợp          |           |\n\
             |----|----------|-------------|--------------|-----------|\n\
             | 1  | Số hóa hồ sơ lưu trữ | Sở Nội vụ | Các sở, ngành | Năm 2026 |\n",
        );
        assert_eq!(
            table.columns,
            [
                "TT",
                "Nhiệm vụ",
                "Cơ quan chủ trì",
                "Cơ quan phối hợp",
                "Thời gian"
            ]
        );
        let support = table.rows[0].support.as_ref().map(|s| s.raw.as_str());
        assert_eq!(support, Some("Các sở, ngành"));

        let table = table_of(
            "| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |\n\
             |    | Rà soát các thủ tục hành chính trên môi trường số | Sở Nội vụ | | |\n\
             | 1  | Số hóa hồ sơ lưu trữ | Sở Nội vụ | Các sở, ngành | Năm 2026 |\n",
        );
        assert_eq!(
            table.columns,
            [
                "TT",
                "Nhiệm vụ",
                "Cơ quan chủ trì",
                "Cơ quan phối hợp",
                "Thời gian"
            ]
        );
    }
}

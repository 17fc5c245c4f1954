//! Appendix task tables: row numbering and rows without a lead body (`missing-lead`).
//!
//! From `Plan.tables` when the table parser produced rows; else from the lines of the appendix:
//! tab- or pipe-separated rows (reliable cells) and, in text flowed from a PDF, the lone number
//! lines that open each row (findings there are reported one level lower).

use std::sync::Arc;

use once_cell::sync::Lazy;
use regex::Regex;

use super::outline::{self, Item, Kind, Lists};
use super::{numbering, Finding};
use crate::clean::{Document, Line};
use crate::domain::numbering::roman_value;
use crate::domain::text::fold;
use crate::model::{Plan, TableKind};
use crate::structure::tables::{is_column_number_line, is_number_column_name, spread_under_merged};

/// A row of an appendix table read from one line's cells.
#[derive(Debug, Clone)]
pub struct RawRow {
    pub line: usize,
    pub cells: Vec<String>,
}

/// Column positions of a task table, from its header row.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    pub lead: Option<usize>,
    pub support: Option<usize>,
    pub time: Option<usize>,
    /// The lead column's name as the header prints it ("Cơ quan chủ trì", "Đơn vị chủ trì"),
    /// shared by the rows under the header (a header cell may be long).
    pub lead_name: Option<Arc<str>>,
    /// The header's cells as printed, shared by the rows under it.
    pub names: Arc<[String]>,
}

/// Cells of a tab- or pipe-separated line (markup removed, trimmed); None for other lines.
pub fn cells(line: &Line) -> Option<Vec<String>> {
    let text = line.text.as_str();
    let parts: Vec<&str> = if text.contains('\t') {
        text.split('\t').collect()
    } else if text.matches('|').count() >= 2 {
        text.trim().trim_matches('|').split('|').collect()
    } else {
        return None;
    };
    Some(
        parts
            .into_iter()
            .map(|c| crate::clean::collapse_whitespace(&strip_tags(c)))
            .collect(),
    )
}

fn strip_tags(cell: &str) -> String {
    static TAG: Lazy<Regex> = Lazy::new(|| Regex::new(r"</?[a-zA-Z]{1,6}>|\*\*").unwrap());
    TAG.replace_all(cell, "").into_owned()
}

pub fn header_columns(cells: &[String]) -> Option<Columns> {
    // Cheap test first: a header has a "TT"/"STT" cell; only then fold every cell.
    if !has_number_column_name(cells) {
        return None;
    }
    let folded: Vec<String> = cells.iter().map(|c| fold(c)).collect();
    if !folded.iter().any(|c| c.contains("chu tri")) {
        return None;
    }
    let lead = folded.iter().position(|c| c.contains("chu tri"));
    Some(Columns {
        lead,
        lead_name: lead
            .and_then(|at| cells.get(at))
            .map(|name| Arc::from(name.as_str())),
        support: folded.iter().position(|c| c.contains("phoi hop")),
        time: folded.iter().position(|c| names_a_time_column(c)),
        names: cells.into(),
    })
}

static LONE_NUMBER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^([0-9]{1,3}(?:\.[0-9]{1,3}){0,3})\.?$").unwrap());
static LONE_ROMAN: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^([IVXL]{1,7})\.?(?:\s+\p{Lu}.*)?$").unwrap());
static NUMBER_THEN_TEXT: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^([0-9]{1,3})\.?\s+\p{Lu}").unwrap());
/// A row number of four or five digits, alone or before a task: counted only where it goes on
/// from the last row number (1000 after 999), since a year ("2026") stands alone on a line as
/// often.
static LONG_NUMBER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^([0-9]{4,5})\.?(?:$|\s+\p{Lu})").unwrap());
/// A row's number as the parser gives it, up to five digits a part.
static LONG_ROW_TT: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^[0-9]{1,5}(?:\.[0-9]{1,5}){0,3}$").unwrap());
/// A number cell as a row's own line prints it: the number alone, up to five digits a part, with
/// its "." or ")" ("1.2", "12.", "1003", "3)").
static ROW_NUMBER_CELL: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^[0-9]{1,5}(?:\.[0-9]{1,5}){0,3}[.)]?$").unwrap());
static LONE_UPPER: Lazy<Regex> = Lazy::new(|| Regex::new(r"^([A-H])\.?(?:\s+\p{Lu}.*)?$").unwrap());

/// The row marker in a table's first cell or on a line of its own.
fn row_marker(text: &str) -> Option<(Kind, String)> {
    let text = crate::clean::collapse_whitespace(text);
    let text = text.trim_matches(['*', ' ']);
    if let Some(c) = LONE_NUMBER.captures(text) {
        let label = c[1].to_string();
        let kind = if label.contains('.') {
            Kind::Dotted
        } else {
            Kind::Arabic
        };
        return Some((kind, label));
    }
    if let Some(c) = LONE_UPPER.captures(text) {
        // "I" and "V" alone are Roman numerals far more often than group letters.
        // (Roman C and D — 100 and 500 — never number table groups.)
        if !matches!(&c[1], "I" | "V" | "X" | "L") {
            return Some((Kind::UpperLetter, c[1].to_string()));
        }
    }
    if let Some(c) = LONE_ROMAN.captures(text) {
        if roman_value(&c[1]).is_some() {
            return Some((Kind::Roman, c[1].to_string()));
        }
    }
    outline::marker(text).map(|(kind, label, _)| (kind, label))
}

/// Numbered rows of each appendix from its lines; `certain` is false when any marker came from a
/// line of its own rather than a cell.
pub fn scan_appendix(lines: &[Line]) -> (Vec<Item>, bool) {
    let mut lists = Lists::new();
    let mut items = Vec::new();
    let mut certain = true;
    let mut in_table = false;
    let mut group_titles: std::collections::BTreeMap<(Kind, String), String> =
        std::collections::BTreeMap::new();
    let mut last_arabic: Option<u32> = None;
    // A long number one to three past the last row number: a row's (a skip of a few is a gap
    // to report, not a year).
    let long_marker = |text: &str, last: Option<u32>| {
        let found = LONG_NUMBER.captures(text)?;
        let value: u32 = found[1].parse().ok()?;
        let last = last?;
        (value > last && value <= last + 3).then(|| (Kind::Arabic, found[1].to_string()))
    };
    for (index, line) in lines.iter().enumerate().filter(|(_, l)| l.is_content()) {
        if is_column_number_line(&line.text) {
            continue;
        }
        // The marker, whether it was read from a cell, and the text it was read from.
        let (marker, from_cell, printed) = match cells(line) {
            Some(cells) => {
                if header_columns(&cells).is_some() {
                    in_table = true;
                    continue;
                }
                let first = cells.first().map(|c| c.trim_matches(['*', ' ']));
                let marker =
                    first.and_then(|c| row_marker(c).or_else(|| long_marker(c, last_arabic)));
                (marker, true, first.unwrap_or_default().to_string())
            }
            None => {
                let folded = fold(&line.text);
                if folded.starts_with("tt ") || folded == "tt" || folded.starts_with("stt") {
                    in_table = true;
                    continue;
                }
                if !in_table {
                    continue;
                }
                let text = crate::clean::collapse_whitespace(&line.text);
                // Only a lone number: a group heading ("II. PHÁT TRIỂN …") after blank lines is
                // one, whatever the padding (an HTML page keeps each row on its own file line,
                // with blank lines between rows).
                if is_lone_number(&text) && after_page_break(lines, index) {
                    continue;
                }
                let marker = row_marker(&text)
                    .or_else(|| {
                        NUMBER_THEN_TEXT
                            .captures(&text)
                            .map(|c| (Kind::Arabic, c[1].to_string()))
                    })
                    .or_else(|| long_marker(&text, last_arabic));
                (marker, false, text)
            }
        };
        let Some((kind, label)) = marker else {
            continue;
        };
        if matches!(kind, Kind::Roman | Kind::UpperLetter) {
            // A group heading printed again after a page break is the group going on.
            let title = match cells(line) {
                Some(cells) => heading_key(&cells[1..].join(" ")),
                None => heading_key(line.text.split_once(label.as_str()).map_or("", |(_, t)| t)),
            };
            let key = (kind, label.clone());
            if group_titles.get(&key).is_some_and(|seen| *seen == title) {
                continue;
            }
            group_titles.insert(key, title);
        }
        if !from_cell {
            certain = false;
        }
        if kind == Kind::Arabic {
            last_arabic = label.parse().ok();
        }
        let list = lists.assign(kind, &label);
        items.push(Item {
            kind,
            bare: printed_bare(&printed, &label),
            label,
            text: String::new(),
            line: line.no,
            list,
        });
    }
    (items, certain)
}

/// A lone number right after a page break or a run of blank lines is more likely the page's
/// number than a row's.
fn after_page_break(lines: &[Line], index: usize) -> bool {
    let index = index.min(lines.len());
    let mut blanks = 0;
    for line in lines[..index].iter().rev().take(4) {
        if line.kind.is_noise() {
            return true;
        }
        if line.is_content() {
            break;
        }
        blanks += 1;
    }
    blanks >= 3
}

/// A line that is a number and nothing else ("12", "- 12 -", "3."): a page's number or a row's.
fn is_lone_number(text: &str) -> bool {
    let bare = text.trim_matches(|c: char| c == '-' || c == '.' || c.is_whitespace());
    !bare.is_empty() && bare.chars().all(|c| c.is_ascii_digit())
}

/// Words that mark a group heading printed again after a page break ("II. PHÁT TRIỂN HẠ TẦNG
/// (tiếp theo)"): the same group going on, not a second "II".
const CONTINUED: &[&str] = &["(tiếp theo)", "(tiếp)", "tiếp theo"];

/// A group heading's title for comparison: continuation marks, case and mark placement aside.
fn heading_key(title: &str) -> String {
    let mut key = crate::domain::text::tone_key(title);
    for mark in CONTINUED {
        key = key.replace(mark, "");
    }
    key.trim_matches(|c: char| !c.is_alphanumeric()).to_string()
}

/// The line, at most a few content lines above a group's first row, where the group's heading
/// prints its number. Blank lines do not count: an HTML page keeps each row on its own file
/// line, and office programs put a dozen lines between rows.
fn heading_line(document: &Document, number: &str, first_row_line: usize) -> Option<usize> {
    let wanted = row_marker(number)?;
    content_lines_above(document, first_row_line, 8).find(|&no| {
        document
            .lines
            .get(no - 1)
            .filter(|line| line.no == no)
            .is_some_and(|line| {
                let start = match cells(line) {
                    Some(cells) => cells.into_iter().next().unwrap_or_default(),
                    None => crate::clean::collapse_whitespace(&line.text)
                        .split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                };
                row_marker(&start).as_ref() == Some(&wanted)
            })
    })
}

/// A group or row number as a numbering item of its list (nothing when it is not a number). The
/// parser's own row numbers may run past 999 ("1000", "2.1000"): it read them as rows already.
fn push_marker(
    items: &mut Vec<Item>,
    lists: &mut Lists,
    document: &Document,
    number: &str,
    line: usize,
) {
    let long = || {
        let dotted = number.contains('.');
        LONG_ROW_TT.is_match(number).then(|| {
            let kind = if dotted { Kind::Dotted } else { Kind::Arabic };
            (kind, number.to_string())
        })
    };
    if let Some((kind, label)) = row_marker(number).or_else(long) {
        let list = lists.assign(kind, &label);
        // As the number's line prints it; the parser's number (bare) where the line does not
        // open with it.
        let printed = document
            .lines
            .get(line.wrapping_sub(1))
            .filter(|printed| printed.no == line)
            .map(|printed| match cells(printed) {
                Some(cells) => cells.into_iter().next().unwrap_or_default(),
                None => crate::clean::collapse_whitespace(&printed.text),
            })
            .unwrap_or_default();
        items.push(Item {
            kind,
            bare: printed_bare(&printed, &label),
            label,
            text: String::new(),
            line,
            list,
        });
    }
}

/// Whether `printed`, the text a number was read from, prints `label` with no "." or ")" after
/// it ("1.2", "III ⇥ PHÁT TRIỂN"); a text that does not open with the number gives no style of
/// its own and counts as bare, the way the parser's numbers are.
fn printed_bare(printed: &str, label: &str) -> bool {
    let printed = printed.trim_start_matches(['*', ' ']);
    printed
        .strip_prefix(label)
        .is_none_or(|rest| !rest.starts_with(['.', ')']))
}

/// Findings go to `out` as they are found (see `numbering::check_table`).
pub fn check_numbering(plan: &Plan, document: &Document, out: &mut dyn FnMut(Finding)) {
    // A repeated row number can make the table parser read the row as the tail of the one
    // before; the line scan still sees the repeat. The table pass's repeats, by line.
    let mut reported: std::collections::BTreeSet<usize> = Default::default();
    // Every line the table pass found a number on, and every line it reported.
    let mut numbered: std::collections::BTreeSet<usize> = Default::default();
    let mut found: std::collections::BTreeSet<usize> = Default::default();
    if !plan.tables.is_empty() {
        for table in &plan.tables {
            let mut lists = Lists::new();
            let mut items = Vec::new();
            let mut previous_groups: &[crate::model::Group] = &[];
            for row in &table.rows {
                // Group header rows are not rows of the model: replay them as items, at their
                // own line. A group is new when its number or its title changes: "II" typed
                // again over a new title is a repeat, not the same group going on.
                for (depth, group) in row.groups.iter().enumerate() {
                    let same = previous_groups.get(depth).is_some_and(|previous| {
                        previous.number == group.number
                            && heading_key(&previous.title) == heading_key(&group.title)
                    });
                    if !same {
                        let line = heading_line(document, &group.number, row.lines[0])
                            .unwrap_or(row.lines[0]);
                        push_marker(&mut items, &mut lists, document, &group.number, line);
                    }
                }
                previous_groups = &row.groups;
                push_marker(&mut items, &mut lists, document, &row.tt, row.lines[0]);
            }
            // Rows rebuilt from text flowed out of a PDF (no cell separators) are a reading, not
            // a certainty: their findings are reported one level lower, like the line scan's.
            let certain = document
                .regions
                .appendices
                .iter()
                .find(|range| {
                    document
                        .slice(range)
                        .first()
                        .is_some_and(|l| l.no <= table.lines[0])
                        && document
                            .slice(range)
                            .last()
                            .is_some_and(|l| l.no >= table.lines[0])
                })
                .is_none_or(|range| scan_appendix(document.slice(range)).1);
            numbered.extend(items.iter().map(|item| item.line));
            numbering::check_table(&items, certain, &mut |finding| {
                if finding.rule == "numbering-duplicate" {
                    reported.insert(finding.lines[0]);
                }
                found.insert(finding.lines[0]);
                out(surely_if_in_cells(finding, document));
            });
        }
        // The line scan's repeats not near one the table pass reported, and its gaps at a
        // group heading of a table of cells that the table pass did not see at all: a heading
        // numbered out of turn ("IV." after "II.") may be read as the tail of the row above,
        // and its rows as the previous group's. (Other numbers the line scan finds are too
        // often a wrapped line's "99." or a cell's second paragraph to be told a gap on their
        // own.) "Near" counts content lines, not the blank padding between rows.
        for range in &document.regions.appendices {
            let (items, certain) = scan_appendix(document.slice(range));
            numbering::check_table(&items, certain, &mut |finding| {
                let line = finding.lines[0];
                let (low, high) = content_window(document, line, 6);
                let keep = match finding.rule {
                    "numbering-duplicate" => reported.range(low..=high).next().is_none(),
                    "numbering-gap" => {
                        !numbered.contains(&line)
                            && found.range(low..=high).next().is_none()
                            && is_group_heading_line(document, line)
                    }
                    _ => false,
                };
                if keep {
                    out(surely_if_in_cells(finding, document));
                }
            });
        }
        return;
    }
    for range in &document.regions.appendices {
        let (items, certain) = scan_appendix(document.slice(range));
        numbering::check_table(&items, certain, &mut |finding| {
            out(surely_if_in_cells(finding, document))
        });
    }
}

/// An appendix with one marker on a line of its own (a group heading typed across a tabbed
/// table, a row after a page break) makes its numbering a reading; a finding on a row whose
/// number sits in a cell of its own line, or on a group heading typed in one cell between rows
/// of cells (`number_in_first_cell`), is still certain.
fn surely_if_in_cells(mut finding: Finding, document: &Document) -> Finding {
    if !finding.certain {
        finding.certain = number_in_first_cell(document, finding.lines[0]);
    }
    finding
}

/// Whether line `no` is a row of cells (tabs or pipes) whose first cell holds a number, or a
/// group heading typed in one cell with its title ("IV. PHÁT TRIỂN DỮ LIỆU") between two rows of
/// cells: the reader trims a line's end, so a heading whose other cells are empty has lost its
/// tabs. (Not any numbered line between rows: the second paragraph of a cell, "2. Ban hành …",
/// is none of the table's numbers.)
fn number_in_first_cell(document: &Document, no: usize) -> bool {
    let line_at = |no: usize| {
        no.checked_sub(1)
            .and_then(|index| document.lines.get(index))
            .filter(|line| line.no == no)
    };
    let Some(line) = line_at(no) else {
        return false;
    };
    if let Some(cells) = cells(line) {
        return cells.first().and_then(|c| row_marker(c)).is_some();
    }
    let has_cells = |no: usize| line_at(no).is_some_and(|line| cells(line).is_some());
    let above = content_lines_above(document, no, 1).next();
    let below = (no + 1..=no + MOST_LINES_WALKED).find(|&n| is_content_line(document, n));
    above.is_some_and(has_cells) && below.is_some_and(has_cells) && opens_group_heading(&line.text)
}

/// Whether line `no` is a group heading in a table of cells: its first cell opens with a
/// group's number, and it is a row of cells or stands between two (`number_in_first_cell`).
fn is_group_heading_line(document: &Document, no: usize) -> bool {
    let line = no
        .checked_sub(1)
        .and_then(|index| document.lines.get(index))
        .filter(|line| line.no == no);
    line.is_some_and(|line| {
        let first = cells(line)
            .and_then(|cells| cells.into_iter().next())
            .unwrap_or_else(|| line.text.clone());
        opens_group_heading(&first) && number_in_first_cell(document, no)
    })
}

/// Whether `text` opens with a group's number: a Roman numeral or a capital letter ("IV.",
/// "B"), the numbers a task table's groups take.
fn opens_group_heading(text: &str) -> bool {
    text.split_whitespace()
        .next()
        .and_then(row_marker)
        .is_some_and(|(kind, _)| matches!(kind, Kind::Roman | Kind::UpperLetter))
}

/// Raw task rows with their header's columns, from tab- or pipe-separated appendix lines.
pub fn raw_task_rows(document: &Document) -> Vec<(RawRow, Columns)> {
    let mut out = Vec::new();
    for range in &document.regions.appendices {
        task_rows_in(document.slice(range), &mut out);
    }
    out
}

/// The numbered rows of the tab- or pipe-separated task tables among `lines`, each with its
/// header's columns. A header may take two lines ("Cơ quan thực hiện" over "Chủ trì | Phối
/// hợp"); a header of another table ("TT | Nội dung | Thời gian") ends the task table's rows.
fn task_rows_in(lines: &[Line], out: &mut Vec<(RawRow, Columns)>) {
    let mut columns: Option<Columns> = None;
    // The cells of a line that opens a header without naming the lead ("TT | Nhiệm vụ | Cơ quan
    // thực hiện | | Thời gian"), while the next line may name it.
    let mut opened: Option<Vec<String>> = None;
    // The first line of the current columns' header when it took two: printed again alone
    // after a page break, it keeps the columns.
    let mut first_of_header: Option<Vec<String>> = None;
    for line in lines.iter().filter(|l| l.is_content()) {
        let Some(cells) = cells(line).filter(|_| !is_column_number_line(&line.text)) else {
            opened = None;
            continue;
        };
        if let Some(found) = header_columns(&cells) {
            columns = Some(found);
            opened = None;
            first_of_header = None;
            continue;
        }
        if let Some(first) = opened.take() {
            if let Some(found) = header_columns(&header_over_two_lines(&first, &cells)) {
                columns = Some(found);
                first_of_header = Some(first);
                continue;
            }
        }
        if has_number_column_name(&cells) {
            if first_of_header.as_ref() != Some(&cells) {
                columns = None;
                first_of_header = None;
            }
            opened = Some(cells);
            continue;
        }
        if heads_another_table(&cells) {
            columns = None;
            first_of_header = None;
            continue;
        }
        let Some(columns) = columns.clone() else {
            continue;
        };
        let numbered = cells.first().is_some_and(|c| {
            row_marker(c).is_some_and(|(kind, _)| matches!(kind, Kind::Arabic | Kind::Dotted))
                || ROW_NUMBER_CELL.is_match(c.trim_matches(['*', ' ']))
        });
        if numbered {
            out.push((
                RawRow {
                    line: line.no,
                    cells,
                },
                columns,
            ));
        }
    }
}

/// Whether a folded header cell names the timeframe column ("Thời gian thực hiện", "Mốc thời
/// gian", "Thời hạn", "Tiến độ thực hiện").
fn names_a_time_column(folded: &str) -> bool {
    folded.contains("thoi gian") || folded.contains("thoi han") || folded.starts_with("tien do")
}

/// Whether a row of cells is the header of a table with no number column ("Giai đoạn ⇥ Nội
/// dung ⇥ Thời gian"): it names a timeframe column in a short cell, and no cell holds a digit
/// (a row's cells hold its number, its years).
fn heads_another_table(cells: &[String]) -> bool {
    !cells
        .iter()
        .any(|c| c.chars().any(|ch| ch.is_ascii_digit()))
        && cells.iter().any(|c| {
            c.split_whitespace().count() <= MOST_HEADER_WORDS && names_a_time_column(&fold(c))
        })
}

/// Most words a header cell naming the timeframe column has ("Thời gian hoàn thành dự kiến").
const MOST_HEADER_WORDS: usize = 6;

/// Whether a row of cells names the number column ("TT", "STT"): a table's header.
fn has_number_column_name(cells: &[String]) -> bool {
    cells.iter().any(|c| is_number_column_name(c))
}

/// A header printed over two lines, read as one: each column's name is its first line's words
/// then its second's ("Cơ quan thực hiện Chủ trì"); a merged name on the first line exported as
/// one cell first makes room for the names under it (`spread_under_merged`).
fn header_over_two_lines(first: &[String], second: &[String]) -> Vec<String> {
    let spread = spread_under_merged(first, second);
    let first = spread.as_deref().unwrap_or(first);
    (0..first.len().max(second.len()))
        .map(|at| {
            let parts = [first.get(at), second.get(at)];
            let parts: Vec<&str> = parts
                .into_iter()
                .flatten()
                .map(String::as_str)
                .filter(|part| !part.is_empty())
                .collect();
            parts.join(" ")
        })
        .collect()
}

pub fn check_missing_lead(plan: &Plan, document: &Document) -> Vec<Finding> {
    let mut findings = Vec::new();
    let tasks: Vec<_> = plan
        .tables
        .iter()
        .filter(|t| t.kind == TableKind::Tasks)
        .collect();
    if !tasks.is_empty() {
        for table in tasks {
            let column = lead_column(&table.columns);
            let groups_give_the_lead = groups_give_the_lead(table);
            for row in &table.rows {
                if holds_no_name(&row.lead.raw)
                    && row.task.as_deref().is_some_and(|t| !t.trim().is_empty())
                    && !(groups_give_the_lead && grouped_under_a_body(row))
                {
                    // The row's id names its groups too ("III.4"): numbering may restart in each.
                    findings.push(
                        missing_lead(row.lines[0], &row.id, column, read_surely(row))
                            .focus(row.tt.trim()),
                    );
                }
            }
        }
        return findings;
    }
    for (row, columns) in raw_task_rows(document) {
        let Some(lead) = columns.lead else {
            continue;
        };
        // A row cut by a page break ends early; only a row that reaches past the lead column
        // (support or time filled) has an empty lead for sure.
        let lead_cell = row.cells.get(lead).map(String::as_str).unwrap_or("");
        let later_filled = row.cells.iter().skip(lead + 1).any(|c| !c.is_empty());
        if holds_no_name(lead_cell) && later_filled {
            let tt = row.cells.first().cloned().unwrap_or_default();
            let column = columns.lead_name.as_deref().unwrap_or(LEAD_COLUMN);
            findings.push(missing_lead(row.line, &tt, column, true).focus(tt.trim()));
        }
    }
    findings
}

/// Task rows of a tab- or pipe-separated table that lost a cell with its separator: the row has
/// fewer cells than its header, and a cell under a column between the task and the timeframe
/// (the lead, the support, a product) is a whole timeframe while the timeframe column holds
/// none. Every value after the lost cell then stands one column early — the support body is
/// read as the lead, the timeframe as a body — and the row reads as whole, so nothing else says
/// so. (A row short of cells is no defect by itself: a line's end is trimmed, so trailing empty
/// cells leave no separator.)
pub fn check_shifted_cells(document: &Document) -> Vec<Finding> {
    // The appendices' tables; a draft with no appendix, its own (a CSV that is the table alone,
    // a plan that puts its task table in the body). Not the body of a plan with appendices:
    // after a table there, a numbered list typed with tabs ("1. ⇥ Thời gian thực hiện: ⇥ Năm
    // 2026") would be read as its rows.
    let mut rows = Vec::new();
    if document.regions.appendices.is_empty() {
        task_rows_in(&document.lines, &mut rows);
    } else {
        rows = raw_task_rows(document);
    }
    let mut findings = Vec::new();
    for (row, columns) in rows {
        let Some(time) = columns.time else {
            continue;
        };
        if row.cells.len() >= columns.names.len() {
            continue;
        }
        // The row's own line: its number alone in the first cell. A cell's last paragraph
        // ("3. Ban hành …" under a task typed over lines) is numbered too, and the cells before
        // it are on the lines above.
        let tt = row.cells.first().map_or("", |c| c.trim_matches(['*', ' ']));
        if !ROW_NUMBER_CELL.is_match(tt) {
            continue;
        }
        let is_timeframe =
            |cell: &str| !cell.is_empty() && crate::domain::timeframe::is_timeframe(cell);
        if row.cells.get(time).is_some_and(|cell| is_timeframe(cell)) {
            continue;
        }
        // The number and task columns come first; a timeframe under the task is a task.
        let early = (2..time).find_map(|at| {
            let cell = row.cells.get(at)?;
            is_timeframe(cell).then_some((at, cell))
        });
        let Some((at, cell)) = early else {
            continue;
        };
        let column = shown_column(columns.names.get(at).map_or("", String::as_str));
        let time_column = shown_column(columns.names.get(time).map_or("", String::as_str));
        findings.push(
            Finding::new(
                "table-cells-shifted",
                format!(
                    "task {tt} has {} cells where its header has {}, and \"{cell}\" under \"{column}\" \
                     is a timeframe: a cell was lost with its separator (or more than one), so \
                     the values after it stand under the wrong columns",
                    row.cells.len(),
                    columns.names.len(),
                ),
                [row.line, row.line],
                true,
            )
            .suggest(format!(
                "put the lost cell back (an empty cell keeps its separator) so that \"{cell}\" \
                 stands under \"{time_column}\""
            ))
            .focus(cell.as_str()),
        );
    }
    findings
}

/// Whether a table leaves its lead cells to the groups that name a body ("I | Sở Y tế"): it has
/// rows under such groups and none of them names a lead of its own. A table that fills the lead
/// cell under its body groups and leaves one empty has a row without a lead.
fn groups_give_the_lead(table: &crate::model::Table) -> bool {
    let mut grouped = table.rows.iter().filter(|row| grouped_under_a_body(row));
    let first = grouped.next();
    first.is_some()
        && first
            .into_iter()
            .chain(grouped)
            .all(|row| holds_no_name(&row.lead.raw))
}

/// Whether the row sits in a group whose heading names a body ("I | Sở Y tế", "I | Sở Y tế chủ
/// trì").
fn grouped_under_a_body(row: &crate::model::Row) -> bool {
    row.groups.last().is_some_and(|group| {
        let title = body_of_group(&group.title);
        !title.is_empty() && crate::domain::agencies::is_known(title)
    })
}

/// The body a group's heading names, without its notes ("(chủ trì)") and without a closing
/// "chủ trì" that says the body leads the group's tasks ("Sở Y tế chủ trì").
fn body_of_group(title: &str) -> &str {
    let title = crate::domain::agencies::without_notes(title.trim());
    let trimmed = title.trim_end_matches([':', '.', ',', ';', ' ']);
    let mut words = trimmed.rsplitn(3, char::is_whitespace);
    let (Some(last), Some(before), Some(body)) = (words.next(), words.next(), words.next()) else {
        return title;
    };
    if fold(&format!("{before} {last}")) == "chu tri" {
        body.trim_end()
    } else {
        title
    }
}

/// Marks a table cell repeats the one above with ("same as above").
const DITTO_MARKS: &[char] = &['"', '〃', '“', '”', '\''];

/// Whether a lead cell names no body: empty, or a placeholder with no letter in it ("-", "…",
/// "...") that a clerk left to fill in. A ditto mark names the body above it.
fn holds_no_name(cell: &str) -> bool {
    !cell.chars().any(char::is_alphanumeric) && !cell.contains(DITTO_MARKS)
}

/// Whether a row's cells were read without a doubt other than the empty lead itself. The table
/// reader lowers a row with an empty lead cell below the confidence floor and says so in a
/// warning; judged by its confidence, every row with a missing lead would look like a guess and
/// the finding could never be an error.
fn read_surely(row: &crate::model::Row) -> bool {
    use crate::structure::tables::{is_timeframe_warning, EMPTY_LEAD_WARNING};
    row.warnings
        .iter()
        .all(|w| w == EMPTY_LEAD_WARNING || is_timeframe_warning(w))
}

/// The lead column's usual name, for a table whose header names it otherwise than plans do.
const LEAD_COLUMN: &str = "Cơ quan chủ trì";

/// The name of a parsed table's lead column as its header prints it: the column named "chủ
/// trì" ("Cơ quan chủ trì", "Đơn vị chủ trì"), else the body that carries the task out ("Đơn
/// vị thực hiện", "Cơ quan, đơn vị thực hiện"), which the table reader takes for the lead when
/// no column is named "chủ trì".
fn lead_column(columns: &[String]) -> &str {
    let folded: Vec<String> = columns.iter().map(|c| fold(c)).collect();
    folded
        .iter()
        .position(|c| c.contains("chu tri"))
        .or_else(|| {
            folded.iter().position(|c| {
                (c.starts_with("don vi") || c.starts_with("co quan"))
                    && (c.ends_with("thuc hien") || c.ends_with("theo doi"))
            })
        })
        .and_then(|at| columns.get(at))
        .map_or(LEAD_COLUMN, |name| name.as_str())
}

/// The most characters of the lead column's name a message prints: a header cell may run on
/// for thousands.
const MOST_COLUMN_CHARS: usize = 60;

/// The lead column's name as a message prints it: whitespace collapsed, cut at
/// [`MOST_COLUMN_CHARS`] with a "…". Only the name's opening is read.
fn shown_column(column: &str) -> String {
    let column = column.trim();
    let opening = column
        .char_indices()
        .nth(MOST_COLUMN_CHARS * 4)
        .map_or(column, |(at, _)| &column[..at]);
    let mut shown = crate::clean::collapse_whitespace(opening);
    let cut = shown
        .char_indices()
        .nth(MOST_COLUMN_CHARS)
        .map(|(at, _)| at);
    if let Some(at) = cut {
        shown.truncate(at);
    }
    if cut.is_some() || opening.len() < column.len() {
        shown = shown.trim_end().to_string();
        shown.push('…');
    }
    shown
}

/// The finding for a row with no lead body. Its caller marks the row's number as printed
/// (`focus`): the empty cell has no text to mark, and marking the task's words said nothing.
fn missing_lead(line: usize, tt: &str, column: &str, certain: bool) -> Finding {
    let column = shown_column(column);
    Finding::new(
        "missing-lead",
        format!("task {tt} has no lead body (\"{column}\" is empty)"),
        [line, line],
        certain,
    )
    .suggest("name the body in charge, e.g. \"Sở Khoa học và Công nghệ\" or \"Các sở, ban, ngành\"")
}

/// How far from a line the content-line walks below look: office HTML pads a row with a dozen
/// or two blank lines, and a walk must stay short on a file of blank lines.
const MOST_LINES_WALKED: usize = 1024;

/// The line numbers of up to `count` content lines above `line`, nearest first, within
/// `MOST_LINES_WALKED` lines.
fn content_lines_above(
    document: &Document,
    line: usize,
    count: usize,
) -> impl Iterator<Item = usize> + '_ {
    let first = line.saturating_sub(MOST_LINES_WALKED).max(1);
    (first..line)
        .rev()
        .filter(move |&no| is_content_line(document, no))
        .take(count)
}

/// The lines from the `count`-th content line above `line` to the `count`-th below it (as far
/// as there are such lines within `MOST_LINES_WALKED`): "near" a line, blank padding aside.
fn content_window(document: &Document, line: usize, count: usize) -> (usize, usize) {
    let low = content_lines_above(document, line, count)
        .last()
        .unwrap_or(line);
    let high = (line + 1..=line + MOST_LINES_WALKED)
        .filter(|&no| is_content_line(document, no))
        .take(count)
        .last()
        .unwrap_or(line);
    (low, high)
}

fn is_content_line(document: &Document, no: usize) -> bool {
    no >= 1
        && document
            .lines
            .get(no - 1)
            .is_some_and(|l| l.no == no && l.is_content())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_lead_column_name_is_cut_in_the_message() {
        assert_eq!(shown_column("Cơ quan  chủ trì"), "Cơ quan chủ trì");
        let long = format!("Cơ quan chủ trì {}", "x ".repeat(20_000));
        let shown = shown_column(&long);
        assert!(shown.chars().count() <= MOST_COLUMN_CHARS + 1, "{shown}");
        assert!(shown.starts_with("Cơ quan chủ trì x x") && shown.ends_with('…'));
        // Whitespace past the opening read is no reason to lose the cut's mark.
        let spaced = format!("Cơ quan chủ trì{}x", " ".repeat(1_000));
        assert_eq!(shown_column(&spaced), "Cơ quan chủ trì…");
        let finding = missing_lead(36, "2", &long, true);
        assert!(finding.message.chars().count() < 120, "{}", finding.message);
    }

    #[test]
    fn a_group_heading_names_its_body_with_or_without_chu_tri() {
        for (title, body) in [
            ("Sở Y tế", "Sở Y tế"),
            ("Sở Y tế chủ trì", "Sở Y tế"),
            ("Sở Y tế (chủ trì)", "Sở Y tế"),
            ("Sở Y tế chủ trì:", "Sở Y tế"),
            ("SỞ Y TẾ CHỦ TRÌ", "SỞ Y TẾ"),
            ("Chủ trì", "Chủ trì"),
            ("Y TẾ", "Y TẾ"),
        ] {
            assert_eq!(body_of_group(title), body, "{title}");
        }
    }

    #[test]
    fn the_lead_column_is_named_as_the_draft_names_it() {
        let names =
            |columns: &[&str]| -> Vec<String> { columns.iter().map(|c| c.to_string()).collect() };
        for (columns, lead) in [
            (
                &[
                    "TT",
                    "Nhiệm vụ",
                    "Đơn vị chủ trì",
                    "Đơn vị phối hợp",
                    "Thời gian",
                ][..],
                "Đơn vị chủ trì",
            ),
            (
                &[
                    "TT",
                    "Nhiệm vụ",
                    "Đơn vị thực hiện",
                    "Sản phẩm",
                    "Thời gian",
                ][..],
                "Đơn vị thực hiện",
            ),
            (
                &["TT", "Nhiệm vụ", "Cơ quan, đơn vị thực hiện", "Thời gian"][..],
                "Cơ quan, đơn vị thực hiện",
            ),
            // Beside a "chủ trì" column, "Đơn vị thực hiện" is another column.
            (
                &[
                    "TT",
                    "Nhiệm vụ",
                    "Đơn vị thực hiện",
                    "Cơ quan chủ trì",
                    "Thời gian",
                ][..],
                "Cơ quan chủ trì",
            ),
            (&["TT", "Nhiệm vụ", "Thời gian"][..], LEAD_COLUMN),
        ] {
            assert_eq!(lead_column(&names(columns)), lead, "{columns:?}");
        }
    }
}

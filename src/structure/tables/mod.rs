//! Appendix tables: task tables and indicator tables, whatever shape the extraction gave them.
//!
//! Each appendix region is searched for a header row (`header`); the lines under it are read by
//! the reader that fits their shape — cells separated by TAB or "|" (`delimited`), or PDF text
//! flowed cell by cell (`flowed`, which places lines into columns by what their words look like).
//! Every reader yields `RawRow`s (cells in header order); this module turns them into the
//! contract's rows: ids, bodies, timeframes, confidence.

mod blocks;
mod cell_lines;
mod cells;
mod delimited;
mod flowed;
mod groups;
mod header;
mod layout;
mod numbering;
mod spans;

use once_cell::sync::Lazy;
use regex::Regex;

use crate::clean::{collapse_whitespace, join_lines, Document, Line};
use crate::domain::{agencies, timeframe};
use crate::model::{Diagnostic, Group, Row, RowIds, Severity, Table, TableKind};
pub use header::{is_column_number_line, is_number_column_name, spread_under_merged};

/// Whether a column, by its name, holds values to reach (an indicator table's "Kết quả", "Năm
/// 2030", "Mục tiêu đến năm 2030"): the columns whose cells a row's `result` joins with "; ".
pub(crate) fn is_value_column(name: &str) -> bool {
    header::role_of(name) == Role::Result
}
use header::{Header, Role};

/// Rows under this confidence carry a warning saying what was ambiguous.
pub const CONFIDENCE_FLOOR: f64 = 0.9;

/// A task row's warning when its lead cell is empty. It lowers the row's confidence, but says
/// nothing against how the row's cells were placed: `check`'s missing-lead rule tells it apart.
pub const EMPTY_LEAD_WARNING: &str = "lead cell is empty";

/// The words around the cell's text in a row's warning for a timeframe the reader could not
/// understand (`timeframe "…" not understood`).
const TIMEFRAME_WARNING: (&str, &str) = ("timeframe \"", "\" not understood");

fn timeframe_warning(raw: &str) -> String {
    let (opening, closing) = TIMEFRAME_WARNING;
    format!("{opening}{raw}{closing}")
}

/// Whether a row's warning is a timeframe not understood (`timeframe_warning`): like an empty
/// lead, it puts the cell's meaning in doubt, not the row's placement.
pub fn is_timeframe_warning(warning: &str) -> bool {
    let (opening, closing) = TIMEFRAME_WARNING;
    warning.starts_with(opening) && warning.ends_with(closing)
}

/// A row as a reader found it: cells in the order of the header's columns after "TT".
#[derive(Debug, Clone)]
pub struct RawRow {
    pub tt: String,
    pub groups: Vec<Group>,
    pub cells: Vec<String>,
    pub lines: [usize; 2],
    pub confidence: f64,
    pub warnings: Vec<String>,
    /// The row went on past a page break.
    pub continued: bool,
}

/// What the number cell of a task row holds, in readers that see cells: "1", "1.2", "a)", or the
/// "-" / "+" of a sub-row under a heading row.
static ROW_NUMBER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^([0-9]{1,3}(?:\.[0-9]{1,3}){0,3}|[a-zđ]|[-+–])[.)]?$").unwrap());

/// The row number in a number cell, without its closing "." or ")"; None when the cell holds
/// no row number. Numbers of one to three digits a part: the reader of one cell per line asks
/// this of every line, where a longer number is a year or an amount in another column's cell.
fn row_number(cell: &str) -> Option<String> {
    ROW_NUMBER
        .is_match(cell)
        .then(|| cell.trim_end_matches(['.', ')']).to_string())
}

/// `ROW_NUMBER` with up to five digits a part: a flat table may number its rows past 999
/// ("1000.", up to 99,999, one short of the rows a document may hold).
static LONG_ROW_NUMBER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^([0-9]{1,5}(?:\.[0-9]{1,5}){0,3})[.)]?$").unwrap());

/// `row_number`, or a number of four or five digits a part that fits the numbering after
/// `last`, the number of the last numbered row before it (999 → 1000, 2.999 → 2.1000, 1000 →
/// 1000.1, or a repeat or a skip of a few): a longer number elsewhere is a year ("2026") or an
/// amount, in a number column too (a table of years, a continuation line).
fn row_number_after(cell: &str, last: Option<&[u32]>) -> Option<String> {
    row_number(cell).or_else(|| {
        LONG_ROW_NUMBER.is_match(cell).then_some(())?;
        let tt = cell.trim_end_matches(['.', ')']);
        let number = numbering::parse_number(tt)?;
        numbering::long_number_fits(last, &number).then(|| tt.to_string())
    })
}

static APPENDIX_LABEL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^((?:PHỤ LỤC|Phụ lục|Phụ Lục)(?:\s+(?:số\s+)?(?:[IVXLC]+|[0-9]{1,2}[a-z]?)\b)?)\s*[-–:.]?\s*(.*)$")
        .unwrap()
});

/// Work a reader may spend on one document's tables, in bytes looked at; each reader says what
/// it counts. Past it the reader falls back to a cheap reading, so a huge or hostile document
/// stays linear and fast.
pub struct Budget {
    left: usize,
}

impl Budget {
    pub fn new(bytes: usize) -> Budget {
        Budget { left: bytes }
    }

    /// Takes `work` from the budget; false (and nothing taken) when it does not cover it.
    pub fn spend(&mut self, work: usize) -> bool {
        match self.left.checked_sub(work) {
            Some(left) => {
                self.left = left;
                true
            }
            None => false,
        }
    }
}

/// The budgets of one document's readers.
struct Budgets {
    layout: Budget,
    flowed: flowed::FlowedBudgets,
    /// Rows the document's tables may still hold ([`super::MAX_TABLE_ROWS`] in all).
    rows_left: usize,
    /// Bodies the document's cells may still name ([`super::MAX_BODY_NAMES`] in all).
    names_left: usize,
    /// The first line of the table that passed a limit, and which.
    over_limit: Option<(usize, Passed)>,
}

/// The limit a table passed.
#[derive(Clone, Copy)]
enum Passed {
    Rows,
    BodyNames,
}

impl Budgets {
    /// Rows a reader reads before it stops: twice the rows left, since title rows that become
    /// groups (`arabic_groups`) may halve a table's rows once read.
    fn reading_cap(&self) -> usize {
        self.rows_left.saturating_mul(2)
    }
}

/// The document's tables, read in order until their rows would pass `max_rows`: the table that
/// would pass it is not built, no table after it is read, and an `over-limit` error says so.
pub fn extract(document: &Document) -> (Vec<Table>, Vec<Diagnostic>) {
    extract_within(document, super::MAX_TABLE_ROWS, super::MAX_BODY_NAMES)
}

fn extract_within(
    document: &Document,
    max_rows: usize,
    max_names: usize,
) -> (Vec<Table>, Vec<Diagnostic>) {
    let mut tables = Vec::new();
    let mut diagnostics = Vec::new();
    let mut budgets = Budgets {
        layout: Budget::new(layout::WORK_BUDGET),
        flowed: flowed::FlowedBudgets::for_document(),
        rows_left: max_rows,
        names_left: max_names,
        over_limit: None,
    };
    read_tables(document, &mut tables, &mut diagnostics, &mut budgets);
    // A reader stops one row past the limit: how many rows the table holds is not known.
    if let Some((line, passed)) = budgets.over_limit {
        let message = match passed {
            Passed::Rows => super::rows_over_limit_message(max_rows, line),
            Passed::BodyNames => super::body_names_over_limit_message(max_names, line),
        };
        diagnostics.push(super::over_limit(
            message,
            [line, document.lines.len().max(line)],
        ));
    }
    (tables, diagnostics)
}

fn read_tables(
    document: &Document,
    tables: &mut Vec<Table>,
    diagnostics: &mut Vec<Diagnostic>,
    budgets: &mut Budgets,
) {
    for region in &document.regions.appendices {
        if budgets.over_limit.is_some() {
            return;
        }
        let lines = document.slice(region);
        match read_appendix(lines, diagnostics, budgets) {
            Some(table) => {
                let appendix = table.appendix.clone();
                let mut rest = after_table(lines, &table);
                tables.push(table);
                // A second table of the appendix (a delimited one ends where another kind of
                // header starts): it belongs to the same appendix.
                while let Some(mut next) = read_standalone(rest, diagnostics, budgets) {
                    rest = after_table(rest, &next);
                    if next.appendix.is_none() {
                        next.appendix = appendix.clone();
                    }
                    tables.push(next);
                }
            }
            None if budgets.over_limit.is_some() => return,
            None => {
                if let Some(first) = lines.first() {
                    diagnostics.push(Diagnostic::new(
                        "appendix-without-table",
                        Severity::Info,
                        "no table header (TT | Nhiệm vụ/Chỉ tiêu | …) found in this appendix",
                        [first.no, lines.last().map_or(first.no, |l| l.no)],
                    ));
                }
            }
        }
    }
    if document.regions.appendices.is_empty() {
        let mut lines = document.slice(&(0..document.lines.len()));
        // Tables exported one after another (an indicator table, then the tasks).
        while let Some(table) = read_standalone(lines, diagnostics, budgets) {
            lines = after_table(lines, &table);
            tables.push(table);
        }
    }
}

/// The lines after a table's last.
fn after_table<'a>(lines: &'a [Line], table: &Table) -> &'a [Line] {
    let next = lines
        .iter()
        .position(|l| l.no > table.lines[1])
        .unwrap_or(lines.len());
    &lines[next..]
}

/// A task table that is the whole file, or stands in a text with no appendix: a CSV or HTML
/// export of the table alone, a spreadsheet's copy, a Markdown table in the body. Only a
/// delimited table is taken there (tab or `|` cells, as those exports are): in running text
/// without an appendix a line of header words alone is not evidence enough of a table.
fn read_standalone(
    lines: &[Line],
    diagnostics: &mut Vec<Diagnostic>,
    budgets: &mut Budgets,
) -> Option<Table> {
    let header_at = lines.iter().position(|l| {
        l.is_content()
            && delimited::Delimiter::of_line(&l.text).is_some()
            && header::opens_header(&collapse_whitespace(&l.text.replace('|', " ")))
    })?;
    // A header with no row under it is header words in a line, not a table.
    let mut found = Vec::new();
    let table = read_appendix(&lines[header_at..], &mut found, budgets)
        .filter(|table| !table.rows.is_empty())?;
    diagnostics.extend(found);
    Some(table)
}

/// A line of a text table's rule signs alone ("|---|---|", "+===+", "|  |  |", "|:-:|"): drawn
/// rules, or a delimited row whose cells are all empty.
pub(super) fn only_rule_signs(text: &str) -> bool {
    text.trim()
        .chars()
        .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '+' | '='))
}

/// A rule a converter draws across a text table ("+------+----+", "------ ------", "=====",
/// pandoc's tables): rule signs with a run of five dashes or equals signs at least. A cell's
/// placeholder ("-", "---") is text, not a rule.
pub(super) fn is_drawn_rule(text: &str) -> bool {
    only_rule_signs(text) && (text.contains("-----") || text.contains("====="))
}

/// The first content line after `lines[index]`.
fn next_content(lines: &[Line], index: usize) -> Option<&Line> {
    lines.get(index + 1..)?.iter().find(|l| l.is_content())
}

/// The content lines after `lines[index]`, up to the first line that is neither content nor
/// blank (a page stamp or footnote ends a header printed one name per line).
fn contents_below(lines: &[Line], index: usize) -> impl Iterator<Item = &str> {
    lines
        .get(index + 1..)
        .unwrap_or_default()
        .iter()
        .filter(|l| l.kind != crate::clean::LineKind::Blank)
        .map_while(|l| l.is_content().then_some(l.text.as_str()))
}

/// The header of flowed text whose first line is `lines[at]`: column names broken over lines
/// run while lines hold only header words. Also the index of the first line after it.
fn flowed_header_at(lines: &[Line], at: usize) -> (header::Header, usize) {
    let mut parts = vec![collapse_whitespace(&lines[at].text)];
    let mut end = at + 1;
    while let Some(line) = lines.get(end) {
        if line.kind == crate::clean::LineKind::Blank {
            end += 1;
            continue;
        }
        if !line.is_content() || !header::is_header_continuation(&line.text) {
            break;
        }
        parts.push(collapse_whitespace(&line.text));
        end += 1;
    }
    (header::from_flowed_lines(&parts), end)
}

/// The first header printed one name per line from `lines[from]` on (the header repeated on a
/// later page), when it has the names of `first` and more after them, each of which the lines
/// between print on a line of its own (a name of the first page's header printed out of order).
/// Another table's header with more columns does not qualify: its new names are nowhere above it.
fn repeated_vertical_header(
    lines: &[Line],
    from: usize,
    first: &header::Header,
) -> Option<header::Header> {
    let at = (from..lines.len()).find(|&k| {
        lines[k].is_content()
            && header::opens_vertical_header(&lines[k].text, contents_below(lines, k))
    })?;
    let repeated = flowed_header_at(lines, at).0;
    let added = repeated.columns.strip_prefix(first.columns.as_slice())?;
    if added.is_empty() {
        return None;
    }
    let between: std::collections::BTreeSet<String> = lines[from..at]
        .iter()
        .filter(|l| l.is_content())
        .map(|l| collapse_whitespace(&l.text))
        .collect();
    added
        .iter()
        .all(|name| between.contains(name))
        .then_some(repeated)
}

/// The appendix label and title from the lines above the header.
fn label_and_title(lines: &[Line]) -> (Option<String>, Option<String>) {
    let mut label = None;
    let mut title_parts: Vec<String> = Vec::new();
    let mut in_parenthesis = false;
    for line in lines
        .iter()
        .filter(|l| l.is_content() && !is_drawn_rule(&l.text))
    {
        let text = collapse_whitespace(&line.text);
        if label.is_none() {
            if let Some(caps) = APPENDIX_LABEL.captures(&text) {
                label = caps.get(1).map(|m| m.as_str().trim().to_string());
                let rest = caps.get(2).map_or("", |m| m.as_str()).trim();
                if !rest.is_empty() {
                    title_parts.push(rest.to_string());
                }
                continue;
            }
        }
        if text.starts_with('(') || in_parenthesis {
            // "(Kèm theo Kế hoạch số … )" may run over two lines.
            in_parenthesis = !text.contains(')');
            continue;
        }
        title_parts.push(text);
    }
    let title = join_lines(title_parts.iter().map(String::as_str));
    (label, (!title.is_empty()).then_some(title))
}

fn read_appendix(
    lines: &[Line],
    diagnostics: &mut Vec<Diagnostic>,
    budgets: &mut Budgets,
) -> Option<Table> {
    let header_at = lines.iter().enumerate().position(|(k, l)| {
        l.is_content()
            && (header::opens_header(&collapse_whitespace(&l.text.replace('|', " ")))
                || next_content(lines, k)
                    .is_some_and(|next| header::opens_split_header(&l.text, &next.text))
                || header::opens_vertical_header(&l.text, contents_below(lines, k)))
    })?;
    let header_line = &lines[header_at];
    let (appendix, title) = label_and_title(&lines[..header_at]);
    let body = &lines[header_at + 1..];
    let (header, raw_rows, last_line) = match delimited::Delimiter::of_line(&header_line.text) {
        Some(delimiter) => {
            let wrapped = delimited::header_with_wrapped_names(&lines[header_at..], delimiter);
            let rows = delimited::parse(
                &body[wrapped.taken..],
                &wrapped.header,
                wrapped.name_lines,
                delimiter,
                diagnostics,
                budgets.reading_cap(),
            );
            let header_end = lines[header_at + wrapped.taken].no;
            let last = rows.last().map_or(header_end, |r| r.lines[1]);
            (wrapped.header, rows, last)
        }
        None if layout::is_layout_header(&header_line.text) => {
            let (header_lines, end) = layout::header_lines_from(lines, header_at);
            let (header, labels) = layout::header_and_labels(&header_lines);
            let grid = lines[header_at..end]
                .iter()
                .rev()
                .find(|l| is_drawn_rule(&l.text))
                .map(|rule| layout::rule_starts(&rule.text))
                .unwrap_or_default();
            let cap = budgets.reading_cap();
            let rows = layout::parse(
                &lines[end..],
                &header,
                &labels,
                &grid,
                diagnostics,
                &mut budgets.layout,
                cap,
            );
            let header_end = lines[end.saturating_sub(1).max(header_at)].no;
            let last = rows.last().map_or(header_end, |r| r.lines[1]);
            (header, rows, last)
        }
        None => {
            let (mut header, end) = flowed_header_at(lines, header_at);
            if !header.is_usable() {
                // Nothing of an unusable table is kept: its rows must not spend the budgets.
                return None;
            }
            // A header printed one name per line: the extraction prints text block by block.
            let in_blocks = header::is_number_name_alone(&header_line.text);
            if in_blocks {
                // An office program's text export: one line per cell.
                if let Some(read) = cell_lines::parse(lines, header_at, budgets.reading_cap()) {
                    return finish_table(
                        budgets,
                        lines,
                        header_line,
                        appendix,
                        title,
                        read.header,
                        read.rows,
                        read.last_line,
                    );
                }
                // Such extractions may print a name of the first page's header far from it (out
                // of reading order); the header repeated on the next page shows them all.
                if let Some(fuller) = repeated_vertical_header(lines, end, &header) {
                    header = fuller;
                }
            }
            let cap = budgets.reading_cap();
            let rows = flowed::parse(
                &lines[end..],
                &header,
                in_blocks,
                diagnostics,
                &mut budgets.flowed,
                cap,
            );
            let last = rows.last().map_or(header_line.no, |r| r.lines[1]);
            (header, rows, last)
        }
    };
    finish_table(
        budgets,
        lines,
        header_line,
        appendix,
        title,
        header,
        raw_rows,
        last_line,
    )
}

#[allow(clippy::too_many_arguments)]
fn finish_table(
    budgets: &mut Budgets,
    lines: &[Line],
    header_line: &Line,
    appendix: Option<String>,
    title: Option<String>,
    header: Header,
    raw_rows: Vec<RawRow>,
    last_line: usize,
) -> Option<Table> {
    if !header.is_usable() {
        return None;
    }
    let first_line = lines.first().map_or(header_line.no, |l| l.no);
    let raw_rows = match header.kind {
        TableKind::Tasks => arabic_groups(raw_rows, &header.cell_roles()),
        TableKind::Indicators => raw_rows,
    };
    // Checked before the rows are built: building is most of a row's time and memory. A reader
    // stops one row past twice the rows left (`reading_cap`); title rows that become groups
    // leave at least half of a table's rows, so a table cut there still holds more rows than
    // the document has room for, and cannot pass for a whole one.
    if raw_rows.len() > budgets.rows_left {
        budgets.over_limit.get_or_insert((first_line, Passed::Rows));
        return None;
    }
    budgets.rows_left -= raw_rows.len();
    let Some(rows) = build_rows(raw_rows, &header, &mut budgets.names_left) else {
        budgets
            .over_limit
            .get_or_insert((first_line, Passed::BodyNames));
        return None;
    };
    Some(Table {
        appendix,
        title,
        kind: header.kind,
        columns: header.columns.clone(),
        lines: [first_line, last_line.max(first_line)],
        rows,
    })
}

fn cell_for(raw: &RawRow, roles: &[Role], wanted: Role) -> Option<String> {
    roles
        .iter()
        .position(|r| *r == wanted)
        .map(|i| collapse_whitespace(raw.cells.get(i).map_or("", String::as_str)))
}

/// Rows numbered "1", "2" … that hold only a title, each right above rows numbered "1.1",
/// "1.2" …: the plan's groups printed with Arabic numerals (as others print "I", "II"), not
/// tasks. They become the group of the rows their number opens. Only in task tables: an
/// indicator over its parts ("6 Hạ tầng số" over "6.1", "6.2") is an indicator of its own, whose
/// result a damaged extraction may have lost.
fn arabic_groups(rows: Vec<RawRow>, roles: &[Role]) -> Vec<RawRow> {
    let under = |row: &RawRow, number: &str| numbered_under(&row.tt, number);
    let title_only = |row: &RawRow| -> Option<String> {
        let mut title = None;
        for (cell, role) in row.cells.iter().zip(roles) {
            match role {
                Role::Task if !cell.trim().is_empty() => title = Some(collapse_whitespace(cell)),
                _ if !cell.trim().is_empty() => return None,
                _ => {}
            }
        }
        title
    };
    let mut out: Vec<RawRow> = Vec::with_capacity(rows.len());
    // The open group: its row's groups (the rows under it share them) and the group itself.
    let mut open: Option<(Vec<Group>, Group)> = None;
    let mut rows = rows.into_iter().peekable();
    while let Some(mut row) = rows.next() {
        let is_group = !row.tt.is_empty()
            && row.tt.bytes().all(|b| b.is_ascii_digit())
            && rows
                .peek()
                .is_some_and(|next| next.groups == row.groups && under(next, &row.tt));
        if is_group {
            if let Some(title) = title_only(&row) {
                let group = Group {
                    number: row.tt.clone(),
                    title,
                };
                open = Some((row.groups.clone(), group));
                continue;
            }
        }
        match &open {
            Some((groups, group)) if row.groups == *groups && under(&row, &group.number) => {
                row.groups.push(group.clone());
            }
            _ => open = None,
        }
        out.push(row);
    }
    out
}

/// Whether a row number holds a group's number before its own: "1.2" under "1".
fn numbered_under(tt: &str, group_number: &str) -> bool {
    tt.strip_prefix(group_number)
        .is_some_and(|rest| rest.starts_with('.'))
}

/// The result cell; a table with a value column per year ("Năm 2025 | Năm 2030") gives each
/// year's cell, in column order, separated by "; " (an empty one kept as empty, so the n-th
/// value stays the n-th column's: `targets::table` reads each with its column's year).
fn results_for(raw: &RawRow, roles: &[Role]) -> Option<String> {
    let cells: Vec<String> = roles
        .iter()
        .enumerate()
        .filter(|(_, role)| **role == Role::Result)
        .map(|(at, _)| collapse_whitespace(raw.cells.get(at).map_or("", String::as_str)))
        .collect();
    match cells.len() {
        0 => None,
        1 => cells.into_iter().next(),
        _ if cells.iter().all(String::is_empty) => Some(String::new()),
        _ => Some(cells.join("; ")),
    }
}

/// A column name that speaks of bodies ("Đơn vị đầu mối", "Cơ quan thực hiện") though the header
/// gave it no body role.
fn names_bodies(column: &str) -> bool {
    let folded = crate::domain::text::fold(column);
    folded.contains("don vi") || folded.contains("co quan")
}

/// The table's rows, or None once their cells name more bodies than `names_left` (each body
/// named costs every later stage a few µs: a cell listing dozens on every row of a big table
/// passed the 20 s a file may take).
fn build_rows(raw_rows: Vec<RawRow>, header: &Header, names_left: &mut usize) -> Option<Vec<Row>> {
    let roles = header.cell_roles();
    // Sized once: a table of a million rows would otherwise hold two copies while it grows.
    let mut rows: Vec<Row> = Vec::with_capacity(raw_rows.len());
    let mut ids = RowIds::default();
    for raw in raw_rows {
        let mut warnings = raw.warnings.clone();
        let mut parts: Vec<String> = raw.groups.iter().map(|g| g.number.clone()).collect();
        // A row number that holds its group's ("1.2" under "1") is not prefixed with it again.
        if raw
            .groups
            .last()
            .is_some_and(|group| numbered_under(&raw.tt, &group.number))
        {
            parts.pop();
        }
        parts.push(raw.tt.clone());
        let mut base_id = parts.join(".");
        if base_id.is_empty() {
            // An unnumbered row under no group: named as a "-" sub-row is, never "".
            base_id = "-".to_string();
        }
        let (id, repeat) = ids.assign(&base_id);
        // Unnumbered rows share their (empty) number by nature: no warning for them.
        if repeat > 1 && !raw.tt.is_empty() {
            warnings.push(format!(
                "row number {base_id} repeats under the same groups; id made unique as {id}"
            ));
        }
        let mut lead_cell = cell_for(&raw, &roles, Role::Lead).unwrap_or_default();
        // A task table with no lead column may assign its tasks by group: "I CÔNG AN TỈNH", "II
        // SỞ Y TẾ" over their tasks. The innermost group that names a known body leads its rows,
        // said in a warning (a group may be a topic that happens to name a body: "CỔNG THÔNG TIN
        // ĐIỆN TỬ TỈNH"). Not where a column the header did not place may hold the bodies.
        let mut lead_from_group = None;
        if header.kind == TableKind::Tasks
            && !roles.contains(&Role::Lead)
            && !header.columns.iter().any(|c| names_bodies(c))
        {
            if let Some(group) = raw
                .groups
                .iter()
                .rev()
                .find(|g| agencies::is_known(&g.title))
            {
                lead_cell = group.title.clone();
                lead_from_group = Some(format!("{} {}", group.number, group.title));
            }
        }
        let support_cell = cell_for(&raw, &roles, Role::Support).unwrap_or_default();
        // One cell that names both roles ("Chủ trì: …; Phối hợp: …", "X chủ trì, phối hợp Y")
        // gives each its bodies; the supporters join the support column's, if it has any.
        let roles_in_lead = match header.kind {
            TableKind::Tasks => agencies::split_roles(&lead_cell),
            TableKind::Indicators => None,
        };
        let (lead_cell, support_cell) = match roles_in_lead {
            Some(split) => {
                let mut parts: Vec<&str> = Vec::new();
                for part in [support_cell.trim(), split.support.as_str()] {
                    if !part.is_empty() && !parts.contains(&part) {
                        parts.push(part);
                    }
                }
                let support = parts.join("; ");
                (split.lead, support)
            }
            None => (lead_cell, support_cell),
        };
        let lead = agencies::from_cell(&lead_cell);
        let result = results_for(&raw, &roles);
        let mut confidence = raw.confidence;
        let row = match header.kind {
            TableKind::Tasks => {
                let task = cell_for(&raw, &roles, Role::Task).unwrap_or_default();
                let support = agencies::from_cell(&support_cell);
                let time =
                    timeframe::parse(&cell_for(&raw, &roles, Role::Time).unwrap_or_default());
                if task.is_empty() {
                    confidence = confidence.min(0.6);
                    warnings.push("task cell is empty".to_string());
                }
                if lead.raw.is_empty() {
                    confidence = confidence.min(0.85);
                    warnings.push(EMPTY_LEAD_WARNING.to_string());
                }
                if let Some(group) = &lead_from_group {
                    confidence = confidence.min(0.9);
                    warnings.push(format!(
                        "no lead column: the lead is the group row \"{group}\" above the task"
                    ));
                }
                if !time.raw.is_empty() && time.kind == crate::model::TimeframeKind::Unknown {
                    confidence = confidence.min(0.85);
                    warnings.push(timeframe_warning(&time.raw));
                }
                Row {
                    id,
                    groups: raw.groups.clone(),
                    tt: raw.tt.clone(),
                    task: Some(task),
                    indicator: None,
                    unit: None,
                    lead,
                    support: Some(support),
                    result,
                    timeframe: Some(time),
                    lines: raw.lines,
                    confidence,
                    warnings,
                }
            }
            TableKind::Indicators => Row {
                id,
                groups: raw.groups.clone(),
                tt: raw.tt.clone(),
                task: None,
                indicator: Some(cell_for(&raw, &roles, Role::Indicator).unwrap_or_default()),
                unit: Some(cell_for(&raw, &roles, Role::Unit).unwrap_or_default()),
                lead,
                support: None,
                result: Some(result.unwrap_or_default()),
                timeframe: None,
                lines: raw.lines,
                confidence,
                warnings,
            },
        };
        let named = row.lead.agencies.len() + row.support.as_ref().map_or(0, |s| s.agencies.len());
        *names_left = names_left.checked_sub(named)?;
        rows.push(finish_confidence(row));
    }
    Some(rows)
}

/// A row under the floor must say why; a row at or above it carries no generic warning.
fn finish_confidence(mut row: Row) -> Row {
    row.confidence = (row.confidence.clamp(0.0, 1.0) * 100.0).round() / 100.0;
    if row.confidence < CONFIDENCE_FLOOR && row.warnings.is_empty() {
        row.warnings
            .push("cell boundaries uncertain in this row".to_string());
    }
    row
}

/// Empties this stage's memos (see [`crate::forget_memos`]).
pub(crate) fn forget_memos() {
    cells::forget_memos();
}

#[cfg(test)]
pub(super) mod tests {
    /// `check` tells a timeframe warning from the others by `is_timeframe_warning`: it must
    /// know the reader's own words and nothing else.
    #[test]
    fn timeframe_warnings_are_told_apart() {
        assert!(super::is_timeframe_warning(&super::timeframe_warning(
            "khi có hướng dẫn"
        )));
        assert!(!super::is_timeframe_warning(super::EMPTY_LEAD_WARNING));
        assert!(!super::is_timeframe_warning("task cell is empty"));
    }

    /// A document's tables are read until their rows would pass the limit: the table that
    /// passes it is not built, no table after it is read, and one `over-limit` error names the
    /// limit and the table's first line. At the limit every row is read. Title rows that become
    /// groups are not rows; a table a reader cut at its cap still passes the limit.
    #[test]
    fn tables_past_the_row_limit_are_an_over_limit_error() {
        let table = |rows: &str| {
            format!("TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\n{rows}")
        };
        let text = format!(
            "KẾ HOẠCH\nTriển khai\n\nI. MỤC TIÊU\nNội dung.\n\nPHỤ LỤC I\nDANH MỤC CÁC NHIỆM VỤ\n{}\nPHỤ LỤC II\nDANH MỤC CÁC NHIỆM VỤ\n{}",
            table("1\tRà soát\tSở Tư pháp\tCác sở\t2026\n2\tSố hóa\tSở Nội vụ\t\t2027\n"),
            table("1\tTập huấn\tSở Tài chính\t\t2026\n"),
        );
        let document = crate::clean::clean(&text);
        let over = |diagnostics: &[crate::model::Diagnostic]| {
            diagnostics
                .iter()
                .filter(|d| d.rule == super::super::OVER_LIMIT_RULE)
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
        };
        let (tables, said) = super::extract_within(&document, 3, usize::MAX);
        assert_eq!(
            tables.iter().map(|t| t.rows.len()).collect::<Vec<_>>(),
            [2, 1]
        );
        assert!(over(&said).is_empty(), "{said:?}");
        // The second table would pass a limit of 2: the first is kept, the second not built.
        let (tables, said) = super::extract_within(&document, 2, usize::MAX);
        assert_eq!(tables.len(), 1);
        let second = document
            .lines
            .iter()
            .find(|l| l.text == "PHỤ LỤC II")
            .unwrap()
            .no;
        assert_eq!(
            over(&said),
            [format!(
                "more than 2 table rows, over the limit for one document (a plan has tens to \
                 hundreds); the table from line {second} on is not read"
            )]
        );
        let (tables, said) = super::extract_within(&document, 1, usize::MAX);
        assert!(tables.is_empty());
        assert_eq!(over(&said).len(), 1);
        assert!(over(&said)[0].starts_with("more than 1 table rows, "));
        // A title row above "1.1", "1.2" becomes a group; the rows read count all three.
        let grouped = format!(
            "KẾ HOẠCH\nTriển khai\n\nPHỤ LỤC\nDANH MỤC CÁC NHIỆM VỤ\n{}",
            table("1\tChuyển đổi số\t\t\t\n1.1\tRà soát\tSở Tư pháp\t\t2026\n1.2\tSố hóa\tSở Nội vụ\t\t2027\n")
        );
        let document = crate::clean::clean(&grouped);
        let (tables, said) = super::extract_within(&document, 2, usize::MAX);
        assert_eq!(tables[0].rows.len(), 2, "{said:?}");
        assert_eq!(tables[0].rows[0].groups[0].title, "Chuyển đổi số");
        assert!(over(&said).is_empty());
        // With room for one row: the title row over its two rows makes two, past the limit.
        let (tables, said) = super::extract_within(&document, 1, usize::MAX);
        assert!(tables.is_empty(), "{tables:?}");
        assert_eq!(over(&said).len(), 1);
    }

    /// Past the bodies a document's cells may name, the table that passes the limit is not
    /// kept and one `over-limit` error says so; at the limit every row is read.
    #[test]
    fn tables_past_the_body_names_limit_are_an_over_limit_error() {
        let text = "KẾ HOẠCH\nTriển khai\n\nPHỤ LỤC\nDANH MỤC CÁC NHIỆM VỤ\n\
                    TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\n\
                    1\tRà soát\tSở Tư pháp\tSở Nội vụ, Sở Tài chính\t2026\n\
                    2\tSố hóa\tSở Y tế\t\t2027\n";
        let document = crate::clean::clean(text);
        let (tables, said) = super::extract_within(&document, 10, 4);
        assert_eq!(tables[0].rows.len(), 2);
        assert!(said.iter().all(|d| d.rule != super::super::OVER_LIMIT_RULE));
        let (tables, said) = super::extract_within(&document, 10, 3);
        assert!(tables.is_empty());
        let over: Vec<_> = said
            .iter()
            .filter(|d| d.rule == super::super::OVER_LIMIT_RULE)
            .collect();
        assert_eq!(over.len(), 1);
        assert!(over[0]
            .message
            .starts_with("more than 3 bodies named in table cells, over the limit"));
    }

    /// The one table of a small plan whose appendix holds `rows` (a header and its rows, in
    /// whatever shape a reader's tests need).
    pub(in crate::structure::tables) fn table_of(rows: &str) -> crate::model::Table {
        let text = format!(
            "KẾ HOẠCH\nTriển khai\n\nI. MỤC TIÊU\nNội dung.\n\nPHỤ LỤC\nDANH MỤC CÁC NHIỆM VỤ\n{rows}"
        );
        let (mut tables, _) = super::extract(&crate::clean::clean(&text));
        assert_eq!(tables.len(), 1, "{text}");
        tables.remove(0)
    }
}

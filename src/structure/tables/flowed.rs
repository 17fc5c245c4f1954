//! Tables from PDF text flowed cell by cell: a row is its number on a line (or opening a line),
//! then the task's lines, the lead's, the support's, the time's. Rows are found by numbering
//! continuity (a lone number that does not continue the numbering is a page number), group rows
//! by letters and Roman numerals in order; page furniture and the header repeated after a page
//! break are skipped, and a row's text after a page break continues its cells.

use once_cell::sync::Lazy;
use regex::Regex;

use super::cells::{self, Atom};
use super::groups::GroupTracker;
use super::header::{self, Header, Role};
use super::RawRow;
use crate::clean::{collapse_whitespace, Line, LineKind};
use crate::model::{Diagnostic, Severity, TableKind};

/// A row number opening a line: "1", "1.", "6.1", "23." alone or followed by the row's text.
static ROW_START: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^([0-9]{1,3}(?:\.[0-9]{1,3}){0,3})\.?(?:\s+(\S.*))?$").unwrap());

/// Row numbers as a list of integers ("6.1" → [6, 1]).
fn parse_number(tt: &str) -> Option<Vec<u32>> {
    tt.split('.').map(|p| p.parse::<u32>().ok()).collect()
}

/// Whether `next` may follow `previous` (None: first row of a group or table).
fn continues(previous: Option<&[u32]>, next: &[u32], after_group: bool) -> bool {
    let Some(previous) = previous else {
        // First row: 1, 1.1, or numbering that runs on from another table part.
        return next.first().is_some_and(|n| *n <= 1) || after_group;
    };
    if after_group && next.first() == Some(&1) {
        return true;
    }
    let (Some(last), Some(next_last)) = (previous.last(), next.last()) else {
        return false;
    };
    // Same depth, next number: 3 → 4, 6.1 → 6.2.
    if next.len() == previous.len()
        && next[..next.len() - 1] == previous[..previous.len() - 1]
        && *next_last == last + 1
    {
        return true;
    }
    // One level down: 6 → 6.1.
    if next.len() == previous.len() + 1 && next[..previous.len()] == *previous && *next_last == 1 {
        return true;
    }
    // Back up a level: 6.2 → 7.
    if next.len() < previous.len() {
        let depth = next.len();
        return next[..depth - 1] == previous[..depth - 1] && *next_last == previous[depth - 1] + 1;
    }
    false
}

/// Text after a page break is placed word by word up to this many words (beyond, line by line).
const FINE_WORDS: usize = 120;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Break {
    None,
    Sure,
    Maybe,
}

/// A lone number one to three past the previous one, or the same: a row whose number repeats or
/// skips (the document's own slip) rather than a page number, when a task opens below it.
fn near_previous(previous: Option<&[u32]>, next: &[u32]) -> bool {
    let Some(previous) = previous else {
        return false;
    };
    next.len() == previous.len()
        && next[..next.len() - 1] == previous[..previous.len() - 1]
        && match (previous.last(), next.last()) {
            (Some(p), Some(n)) => *n >= *p && *n <= p + 3,
            _ => false,
        }
}

/// Whether the next content line opens a task: a capitalized word, not a number or a header.
fn next_opens_task(lines: &[Line]) -> bool {
    let Some(next) = lines.iter().find(|l| l.is_content()) else {
        return false;
    };
    let text = collapse_whitespace(&next.text);
    let first = text.chars().next();
    first.is_some_and(|c| c.is_uppercase() || c == '-')
        && !ROW_START.is_match(&text)
        && !header::opens_header(&text)
}

struct Building {
    tt: String,
    groups: Vec<crate::model::Group>,
    /// The row's lines, each with what stands before it: a page break for sure, maybe one
    /// (an indented line), or nothing.
    lines: Vec<(usize, String, Break)>,
    first_line: usize,
    last_line: usize,
    /// The row number shared its line with the row's first words.
    inline_first: bool,
    /// Said about the row before its cells are placed (numbering that repeats or skips).
    notes: Vec<String>,
    /// A dash line already found the row's lead cell filled: the row has cells of its own, so
    /// later dashes are its lines, not sub-rows, and the row is not placed again for each of
    /// them (a fuzzed 7 KB input spent 60% of its time so). Deliberately, this holds even when
    /// a placement of the longer row would have left the lead empty again (the search is
    /// global, so a lead it found may move): such a row no longer splits at a later dash.
    has_lead: bool,
}

pub fn parse(lines: &[Line], header: &Header, diagnostics: &mut Vec<Diagnostic>) -> Vec<RawRow> {
    let roles = header.cell_roles();
    let quantities = header.kind == TableKind::Indicators;
    let mut tracker = GroupTracker::default();
    let mut rows: Vec<RawRow> = Vec::new();
    let mut current: Option<Building> = None;
    let mut previous_number: Option<Vec<u32>> = None;
    let mut after_group = false;
    // Lines after a group number until the first row are the group's title.
    let mut in_group_title = false;
    let mut page_break = false;
    // A warning for the row being opened (numbering that repeats or skips).
    let mut numbering_warning: Option<String> = None;
    let mut index = 0;
    while index < lines.len() {
        let line = &lines[index];
        index += 1;
        match line.kind {
            LineKind::Blank => continue,
            LineKind::Content => {}
            _ => {
                page_break = true;
                continue;
            }
        }
        let text = collapse_whitespace(&line.text);
        if header::opens_header(&text) {
            // The header repeated after a page break, possibly broken over lines.
            while let Some(next) = lines.get(index) {
                if next.kind == LineKind::Blank
                    || (next.is_content() && header::is_header_continuation(&next.text))
                {
                    index += 1;
                } else {
                    break;
                }
            }
            page_break = true;
            continue;
        }
        if let Some(caps) = ROW_START.captures(&text) {
            let tt = caps.get(1).map_or("", |m| m.as_str()).to_string();
            let rest = caps.get(2).map(|m| m.as_str().to_string());
            if let Some(number) = parse_number(&tt) {
                let repeats_or_skips = rest.is_none()
                    && !continues(previous_number.as_deref(), &number, after_group)
                    && near_previous(previous_number.as_deref(), &number)
                    && next_opens_task(&lines[index..]);
                if repeats_or_skips {
                    numbering_warning = Some(format!(
                        "row number {tt} does not continue the numbering (after {})",
                        previous_number
                            .as_deref()
                            .map(|n| n.iter().map(u32::to_string).collect::<Vec<_>>().join("."))
                            .unwrap_or_default()
                    ));
                }
                if repeats_or_skips || continues(previous_number.as_deref(), &number, after_group) {
                    finish(&mut current, &mut rows, &roles, quantities);
                    let mut row_lines = Vec::new();
                    let inline_first = rest.is_some();
                    if let Some(rest) = rest {
                        row_lines.push((line.no, rest, Break::None));
                    }
                    current = Some(Building {
                        tt,
                        groups: tracker.current(),
                        lines: row_lines,
                        first_line: line.no,
                        last_line: line.no,
                        inline_first,
                        notes: numbering_warning.take().into_iter().collect(),
                        has_lead: false,
                    });
                    previous_number = Some(number);
                    after_group = false;
                    in_group_title = false;
                    page_break = false;
                    continue;
                }
                if rest.is_none() {
                    // A lone number that breaks the numbering: a page number.
                    page_break = true;
                    continue;
                }
            }
        }
        if text == "-" || text == "+" {
            // A dash alone is a sub-row marker under a heading row that has no cells of its own
            // yet ("5 Chỉ tiêu về …" then "- Tỷ lệ …"); otherwise it fills an empty cell.
            let opens_sub_row = current.as_mut().is_some_and(|row| {
                if row.has_lead {
                    return false;
                }
                let (cells_text, _, _) =
                    place_row(&row.lines, &roles, quantities, false, row.inline_first);
                let lead_empty = roles
                    .iter()
                    .position(|r| *r == Role::Lead)
                    .and_then(|i| cells_text.get(i))
                    .is_some_and(|lead| lead.is_empty());
                row.has_lead = !lead_empty;
                lead_empty
            });
            if opens_sub_row {
                finish(&mut current, &mut rows, &roles, quantities);
                current = Some(Building {
                    tt: text.clone(),
                    groups: tracker.current(),
                    lines: Vec::new(),
                    first_line: line.no,
                    last_line: line.no,
                    inline_first: false,
                    notes: Vec::new(),
                    has_lead: false,
                });
                page_break = false;
                continue;
            }
        }
        if let Some((number, title, level)) = tracker.recognize(&text, true) {
            finish(&mut current, &mut rows, &roles, quantities);
            // A number alone ("I.") has its title on the lines below; a group printed with its
            // title may be followed by one unnumbered row.
            in_group_title = title.is_empty();
            tracker.enter(number, title, level);
            after_group = true;
            page_break = false;
            continue;
        }
        if in_group_title && current.is_none() {
            tracker.extend_title(&text);
            continue;
        }
        if after_group && current.is_none() {
            current = Some(Building {
                tt: String::new(),
                groups: tracker.current(),
                lines: Vec::new(),
                first_line: line.no,
                last_line: line.no,
                inline_first: false,
                notes: Vec::new(),
                has_lead: false,
            });
        }
        match current.as_mut() {
            Some(row) => {
                // PDF text tools indent the first line of a page: a row's text there is the tail
                // of a cell cut by the page break even when no page number was printed.
                let before = if page_break {
                    Break::Sure
                } else if line.indent > 0 {
                    Break::Maybe
                } else {
                    Break::None
                };
                page_break = false;
                row.lines.push((line.no, text, before));
                row.last_line = line.no;
            }
            None => diagnostics.push(Diagnostic::new(
                "table-line-skipped",
                Severity::Info,
                format!("line before the first table row: \"{}\"", short(&text)),
                [line.no, line.no],
            )),
        }
    }
    finish(&mut current, &mut rows, &roles, quantities);
    rows
}

fn short(text: &str) -> String {
    text.chars().take(60).collect()
}

/// Places a row's lines into cells, breaking into a new pass at sure breaks and, when
/// `maybe_breaks`, at possible ones too. Returns the cells, the inner cuts and whether the row
/// was read as interleaved.
/// Rows longer than this many lines are not placed by content (the placement is quadratic in
/// the row's length): their text goes to the first column and the row says so.
const MAX_ROW_LINES: usize = 400;
const MAX_ROW_BYTES: usize = 40_000;

fn place_row(
    lines: &[(usize, String, Break)],
    roles: &[Role],
    quantities: bool,
    maybe_breaks: bool,
    inline_first: bool,
) -> (Vec<String>, usize, bool) {
    #[cfg(test)]
    tests::PLACED_ROWS.with(|placed| placed.set(placed.get() + 1));
    let characters: usize = lines.iter().map(|(_, t, _)| t.len()).sum();
    if lines.len() > MAX_ROW_LINES || characters > MAX_ROW_BYTES {
        let mut cells_text = vec![String::new(); roles.len()];
        if let Some(first) = cells_text.first_mut() {
            *first = crate::clean::join_lines(lines.iter().map(|(_, t, _)| t.as_str()));
        }
        return (cells_text, 1, false);
    }
    let mut phases: Vec<Vec<(usize, String)>> = vec![Vec::new()];
    for (no, text, before) in lines {
        let breaks = *before == Break::Sure || (maybe_breaks && *before == Break::Maybe);
        if breaks && phases.last().is_some_and(|p| !p.is_empty()) {
            phases.push(Vec::new());
        }
        if let Some(phase) = phases.last_mut() {
            phase.push((*no, text.clone()));
        }
    }
    // A row whose opening line already holds three or more cells is printed line by line
    // across the columns ("5 Tỷ lệ … Các sở, ngành, địa Văn phòng Ủy Thường"): each of its
    // lines continues the cells left to right. Otherwise cells follow one another, and only the
    // text after a page break (a cell's tail) is placed word by word.
    // Only the line the row number opens can show it: a line of the task alone is one cell.
    let interleaved = inline_first
        && phases.first().and_then(|p| p.first()).is_some_and(|first| {
            let atoms = cells::atoms(std::slice::from_ref(first), quantities, true);
            let placed = cells::place(&atoms, roles, &[]);
            let filled = placed.added.iter().filter(|c| !c.is_empty()).count();
            let bodies = roles
                .iter()
                .zip(&placed.added)
                .filter(|(r, c)| matches!(r, Role::Lead | Role::Support) && !c.is_empty())
                .count();
            filled >= 3 && bodies >= 1
        });
    // An interleaved row's opening line is placed alone; the lines under it continue the
    // cells left to right, so they are placed word by word, like text after a page break.
    let mut passes: Vec<(Vec<(usize, String)>, bool)> = Vec::new();
    for (index, phase) in phases.iter().filter(|p| !p.is_empty()).enumerate() {
        let mut phase: &[(usize, String)] = phase;
        if interleaved && index == 0 {
            passes.push((phase[..1].to_vec(), true));
            phase = &phase[1..];
            if phase.is_empty() {
                continue;
            }
        }
        let words: usize = phase
            .iter()
            .map(|(_, t)| t.split_whitespace().count())
            .sum();
        let fine = (index > 0 || interleaved) && words <= FINE_WORDS;
        passes.push((phase.to_vec(), fine));
    }
    let mut cells_text: Vec<String> = vec![String::new(); roles.len()];
    let mut inner_cuts = 0;
    for (pass, fine) in &passes {
        let atoms: Vec<Atom> = cells::atoms(pass, quantities, *fine);
        let placement = cells::place(&atoms, roles, &cells_text);
        if !fine {
            inner_cuts += placement.inner_cuts;
        }
        for (cell, added) in cells_text.iter_mut().zip(placement.added) {
            if !added.is_empty() {
                *cell = crate::clean::join_lines([cell.as_str(), added.as_str()]);
            }
        }
    }
    (cells_text, inner_cuts, interleaved)
}

fn total_score(roles: &[Role], cells_text: &[String]) -> f64 {
    roles
        .iter()
        .zip(cells_text)
        .map(|(role, text)| cells::score(*role, text))
        .sum()
}

fn finish(
    current: &mut Option<Building>,
    rows: &mut Vec<RawRow>,
    roles: &[Role],
    quantities: bool,
) {
    let Some(row) = current.take() else { return };
    let mut confidence: f64 = 0.97;
    if !row.notes.is_empty() {
        confidence -= 0.1;
    }
    let mut warnings = row.notes.clone();
    let has_maybe = row.lines.iter().any(|(_, _, b)| *b == Break::Maybe);
    let (mut cells_text, mut inner_cuts, mut interleaved) =
        place_row(&row.lines, roles, quantities, false, row.inline_first);
    if has_maybe {
        // An indented line may open a new page (a cell's tail follows) or be a cell's own
        // indentation: keep the reading whose cells look better.
        let (other_cells, other_cuts, other_interleaved) =
            place_row(&row.lines, roles, quantities, true, row.inline_first);
        if total_score(roles, &other_cells) > total_score(roles, &cells_text) + 0.3 {
            cells_text = other_cells;
            inner_cuts = other_cuts;
            interleaved = other_interleaved;
        }
    }
    let phase_count = 1 + row
        .lines
        .iter()
        .filter(|(_, _, b)| *b != Break::None)
        .count();
    if interleaved {
        confidence -= 0.05;
        warnings.push(
            "row printed across the columns line by line; words placed by content".to_string(),
        );
    }
    if inner_cuts > 0 {
        confidence -= 0.1;
        warnings.push(format!(
            "{inner_cuts} line(s) held words of two columns and were cut by content"
        ));
    }
    if phase_count > 1 {
        confidence -= 0.02;
    }
    for (role, text) in roles.iter().zip(&cells_text) {
        let s = cells::score(*role, text);
        let weak = match role {
            Role::Lead => s < 1.0,
            Role::Support => !text.is_empty() && s < 1.0,
            Role::Time => s < 1.0,
            _ => false,
        };
        if weak {
            confidence -= 0.1;
            warnings.push(format!(
                "the {} cell \"{}\" does not read like one",
                role_name(*role),
                short(text)
            ));
        }
    }
    rows.push(RawRow {
        tt: row.tt,
        groups: row.groups,
        cells: cells_text,
        lines: [row.first_line, row.last_line],
        confidence,
        warnings,
        continued: phase_count > 1,
    });
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Lead => "lead",
        Role::Support => "support",
        Role::Time => "timeframe",
        Role::Result => "result",
        Role::Unit => "unit",
        Role::Task => "task",
        Role::Indicator => "indicator",
        Role::Number | Role::Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    thread_local! {
        /// How many times `place_row` ran on this thread.
        pub(super) static PLACED_ROWS: Cell<usize> = const { Cell::new(0) };
    }

    /// A row that already shows its lead cell is not placed again at each dash line that
    /// follows (fuzzing found a 7 KB input whose long row, re-placed at every dash, took most of
    /// its 680 M instructions): the placements stay few however many dashes come.
    #[test]
    fn a_row_with_its_lead_is_not_placed_again_at_each_dash() {
        let dashes = 60;
        let mut text = String::from(
            "KẾ HOẠCH\nTriển khai\n\nI. MỤC TIÊU\nNội dung.\n\nPHỤ LỤC\n\
             DANH MỤC CÁC NHIỆM VỤ\n\nTT Nhiệm vụ, giải pháp Cơ quan chủ trì Cơ quan phối\n\
             hợp\n\nThời gian\n\n1\n\nTiếp tục rà soát, bổ sung\nSở Thông tin và\n\
             Truyền thông\n",
        );
        for k in 0..dashes {
            text.push_str(&format!("-\nđổi Danh mục cơ sở dữ liệu {k}\n"));
        }
        text.push_str("Các sở, ngành\n2024 - 2025\n");
        let document = crate::clean::clean(&text);
        PLACED_ROWS.with(|placed| placed.set(0));
        let (tables, _) = super::super::extract(&document);
        let placed = PLACED_ROWS.with(Cell::get);
        assert_eq!(tables.len(), 1);
        assert_eq!(
            tables[0].rows.len(),
            1,
            "the dashes are the row's own lines"
        );
        assert!(
            placed <= 4,
            "the row was placed {placed} times for {dashes} dashes"
        );
    }
}

//! Tables from PDF text flowed cell by cell: a row is its number on a line (or opening a line),
//! then the task's lines, the lead's, the support's, the time's. Rows are found by numbering
//! continuity (a lone number that does not continue the numbering is a page number), group rows
//! by letters and Roman numerals in order; page furniture and the header repeated after a page
//! break are skipped, and a row's text after a page break continues its cells.

use once_cell::sync::Lazy;
use regex::Regex;

use super::blocks;
use super::cells::{self, Atom};
use super::groups::GroupTracker;
use super::header::{self, Header, Role};
use super::numbering::{self, continues, long_number_fits, near_previous, parse_number};
use super::{Budget, RawRow};
use crate::clean::{collapse_whitespace, Line, LineKind};
use crate::model::{Diagnostic, Severity, TableKind};

/// A row number opening a line: "1", "1.", "6.1", "23." alone or followed by the row's text.
static ROW_START: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^([0-9]{1,3}(?:\.[0-9]{1,3}){0,3})\.?(?:\s+(\S.*))?$").unwrap());

/// `ROW_START` with up to five digits a part ("1000. Rà soát …"). Read as a row's number only
/// where it goes on with the numbering (999 → 1000): elsewhere a line opening with four digits is
/// a year or an amount inside a cell, as `ROW_START` alone reads it.
static LONG_ROW_START: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^([0-9]{1,5}(?:\.[0-9]{1,5}){0,3})\.?(?:\s+(\S.*))?$").unwrap());

/// Text after a page break is placed word by word up to this many words (beyond, line by line).
const FINE_WORDS: usize = 120;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Break {
    None,
    Sure,
    Maybe,
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
    /// Where the row's lines go on after a blank line (indices into `lines`, never 0): the
    /// blocks of an extraction that prints text block by block (`blocks`).
    block_starts: Vec<usize>,
}

/// `in_blocks`: the table is printed block by block (its header one name per line, as poppler's
/// plain `pdftotext` prints it), so a row's blank lines may part its cells (`blocks`).
pub fn parse(
    lines: &[Line],
    header: &Header,
    in_blocks: bool,
    diagnostics: &mut Vec<Diagnostic>,
    budget: &mut FlowedBudgets,
    max_rows: usize,
) -> Vec<RawRow> {
    let roles = header.cell_roles();
    let quantities = header.kind == TableKind::Indicators;
    let finish_row = |current: &mut Option<Building>, rows: &mut Vec<RawRow>, budget: &mut _| {
        finish(current, rows, &roles, quantities, in_blocks, budget)
    };
    let mut tracker = GroupTracker::default();
    let mut rows: Vec<RawRow> = Vec::new();
    let mut current: Option<Building> = None;
    let mut previous_number: Option<Vec<u32>> = None;
    let mut after_group = false;
    // Lines after a group number until the first row are the group's title.
    let mut in_group_title = false;
    let mut page_break = false;
    let mut after_blank = false;
    // A warning for the row being opened (numbering that repeats or skips).
    let mut numbering_warning: Option<String> = None;
    let mut index = 0;
    while index < lines.len() {
        // One row past `max_rows` (twice the rows the document has left) is enough for
        // `finish_table` to refuse the table: reading on would only spend memory.
        if rows.len() > max_rows {
            return rows;
        }
        let line = &lines[index];
        index += 1;
        match line.kind {
            LineKind::Blank => {
                after_blank = true;
                continue;
            }
            LineKind::Content => {}
            _ => {
                page_break = true;
                continue;
            }
        }
        let blank_before = std::mem::take(&mut after_blank);
        let text = collapse_whitespace(&line.text);
        let split_header = || {
            lines[index..]
                .iter()
                .find(|l| l.is_content())
                .is_some_and(|next| header::opens_split_header(&text, &next.text))
        };
        let vertical_header = || {
            in_blocks
                && header::opens_vertical_header(&text, super::contents_below(lines, index - 1))
        };
        if header::is_column_number_line(&text) {
            continue;
        }
        if header::opens_header(&text) || split_header() || vertical_header() {
            // The header repeated after a page break, possibly broken over lines or printed one
            // name per line.
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
        let row_start = ROW_START.captures(&text).or_else(|| {
            LONG_ROW_START.captures(&text).filter(|caps| {
                let Some(number) = caps.get(1).and_then(|m| parse_number(m.as_str())) else {
                    return false;
                };
                // Only after a numbered row: a group's title wrapped onto a line opening with
                // a year ("NĂM / 2026 VỀ CHUYỂN ĐỔI SỐ") is no first row.
                let Some(previous) = previous_number.as_deref() else {
                    return false;
                };
                // Alone on its line, four digits may be a year closing a time cell ("2026"
                // after row 2025): a row's number only with a task opening below it.
                let alone = caps.get(2).is_none();
                let fits = continues(Some(previous), &number, after_group)
                    || alone && long_number_fits(Some(previous), &number);
                // The task after it opens as a task does, not with a lowercase word ("1000 hộ
                // kinh doanh …", a task's line going on after row 999) or a range's dash
                // ("2026 - 2030", a time cell).
                let opens = match caps.get(2) {
                    None => lines[index..]
                        .iter()
                        .find(|l| l.is_content())
                        .is_some_and(|next| {
                            numbering::opens_long_numbered_task(&collapse_whitespace(&next.text))
                        }),
                    Some(rest) => numbering::opens_long_numbered_task(rest.as_str()),
                };
                fits && opens
            })
        });
        if let Some(caps) = row_start {
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
                    finish_row(&mut current, &mut rows, budget);
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
                        block_starts: Vec::new(),
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
                if !budget.placing.spend(placing_work(&row.lines, &roles)) {
                    // Not placed again: later dashes are the row's own lines (as after a lead).
                    row.has_lead = true;
                    return false;
                }
                let (cells_text, _, _) = place_row(
                    &row.lines,
                    &roles,
                    quantities,
                    false,
                    row.inline_first,
                    false,
                    &mut budget.flowed,
                );
                let lead_empty = roles
                    .iter()
                    .position(|r| *r == Role::Lead)
                    .and_then(|i| cells_text.get(i))
                    .is_some_and(|lead| lead.is_empty());
                row.has_lead = !lead_empty;
                lead_empty
            });
            if opens_sub_row {
                finish_row(&mut current, &mut rows, budget);
                current = Some(Building {
                    tt: text.clone(),
                    groups: tracker.current(),
                    lines: Vec::new(),
                    first_line: line.no,
                    last_line: line.no,
                    inline_first: false,
                    notes: Vec::new(),
                    has_lead: false,
                    block_starts: Vec::new(),
                });
                page_break = false;
                continue;
            }
        }
        let recognized = tracker.recognize(&text, true).or_else(|| {
            // A numeral out of order is a group when the next line goes on with the numbering.
            let next_row = || {
                lines[index..]
                    .iter()
                    .find(|l| l.is_content())
                    .and_then(|next| {
                        let next = collapse_whitespace(&next.text);
                        let caps = ROW_START
                            .captures(&next)
                            .or_else(|| LONG_ROW_START.captures(&next))?;
                        parse_number(caps.get(1)?.as_str())
                    })
            };
            tracker.recognize_out_of_order(&text).filter(|_| {
                next_row()
                    .is_some_and(|number| continues(previous_number.as_deref(), &number, true))
            })
        });
        if let Some((number, title, level)) = recognized {
            finish_row(&mut current, &mut rows, budget);
            // A number alone ("I.") has its title on the lines below; a group printed with its
            // title may be followed by one unnumbered row.
            in_group_title = title.is_empty();
            tracker.enter(number, title, level);
            after_group = true;
            page_break = false;
            continue;
        }
        // A group's title goes on below it (a title wrapped at the table's width, or a numeral
        // alone above its title); a line that opens lowercase continues it, since a task's
        // first line does not.
        if current.is_none() && (in_group_title || after_group && cells::starts_lowercase(&text)) {
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
                block_starts: Vec::new(),
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
                if blank_before && !row.lines.is_empty() {
                    row.block_starts.push(row.lines.len());
                }
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
    finish_row(&mut current, &mut rows, budget);
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
    line_by_line: bool,
    budget: &mut Budget,
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
            let fine = first.1.split_whitespace().count() <= FINE_WORDS;
            let atoms = cells::atoms(std::slice::from_ref(first), quantities, fine);
            let placed = cells::place(&atoms, roles, &[]);
            let filled = placed.added.iter().filter(|c| !c.is_empty()).count();
            let bodies = roles
                .iter()
                .zip(&placed.added)
                .filter(|(r, c)| matches!(r, Role::Lead | Role::Support) && !c.is_empty())
                .count();
            filled >= 3 && bodies >= 1
        });
    if interleaved && line_by_line {
        let texts: Vec<&str> = phases.iter().flatten().map(|(_, t)| t.as_str()).collect();
        return (read_across(&texts, roles, quantities), 0, true);
    }
    // An interleaved row's opening line is placed alone; the lines under it continue the
    // cells left to right, so they are placed word by word, like text after a page break.
    let mut passes: Vec<(Vec<(usize, String)>, bool)> = Vec::new();
    for (index, phase) in phases.iter().filter(|p| !p.is_empty()).enumerate() {
        let mut phase: &[(usize, String)] = phase;
        if interleaved && index == 0 {
            // (Interleaved rows open with a line of at most FINE_WORDS words, see above.)
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
        let bytes: usize = phase.iter().map(|(_, t)| t.len()).sum();
        let fine = (index > 0 || interleaved)
            && words <= FINE_WORDS
            && budget.spend(fine_work(bytes, roles.len()));
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

/// Rows read across the columns with more words or lines than this keep each line's own
/// placement (the joint search weighs the row's cells once per trial cut).
const MAX_ACROSS_WORDS: usize = 300;
const MAX_ACROSS_LINES: usize = 40;

/// Reads a row printed across the columns on every line (each line holds the next line of every
/// cell that has one, left to right, one space apart). The opening line is placed by content
/// (`cells::place`), and also split as the first line of cells that go on below
/// (`split_opening`); it shows roughly how wide each column is, since a wrapped cell fills its
/// column's width. Each later line is then split among the columns where the cells read best
/// without a piece much wider than its column (`split_line`). Last, every line's cuts move, a word
/// or two at a time, to where the cells they divide read best as a whole and the columns come
/// out narrowest (`cells::refine_cuts`): a name broken over three lines ("Các sở," / "ngành,
/// địa" / "phương") is only recognizable whole.
pub(super) fn read_across(lines: &[&str], roles: &[Role], quantities: bool) -> Vec<String> {
    read_across_with_cuts(lines, roles, quantities).0
}

/// `read_across`, with each line's cuts (the word that opens each column after the first).
pub(super) fn read_across_with_cuts(
    lines: &[&str],
    roles: &[Role],
    quantities: bool,
) -> (Vec<String>, Vec<Vec<usize>>) {
    let width = roles.len();
    let words: Vec<Vec<&str>> = lines
        .iter()
        .map(|line| line.split_whitespace().collect())
        .collect();
    let total_words: usize = words.iter().map(Vec::len).sum();
    let optimized =
        width >= 2 && total_words <= MAX_ACROSS_WORDS && lines.len() <= MAX_ACROSS_LINES;
    let cell = |cuts: &[Vec<usize>], c: usize| -> String {
        let mut text = String::new();
        for (line, line_cuts) in words.iter().zip(cuts) {
            cells::join_line_text(&mut text, &run(line, line_cuts, c));
        }
        text
    };
    // The opening line shows how wide each column is, so a wrong cut there skews every line
    // below it. It is read two ways: by content as any line is (`place_line`), where a body cell
    // ending in "," reads as a list that goes on in the same cell; and as the opening of cells
    // that go on below (`split_opening`), where that "," is the column's line end ("Các sở," /
    // "ngành, địa" / "phương"). Each opening is carried through the whole row; the content
    // reading is kept unless the other's cells read better by `READING_MARGIN`.
    let Some(first) = words.first() else {
        return (vec![String::new(); width], Vec::new());
    };
    let mut openings = vec![place_line(
        first,
        roles,
        &vec![String::new(); width],
        quantities,
    )];
    if optimized && has_two_openings(lines.len(), first.len()) {
        let other = split_opening(first, roles);
        if other != openings[0] {
            openings.push(other);
        }
    }
    let lengths: Vec<usize> = words.iter().map(Vec::len).collect();
    let longest = lines
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let implied_width = |cuts: &[Vec<usize>], c: usize| -> usize {
        words
            .iter()
            .zip(cuts)
            .map(|(line, line_cuts)| run(line, line_cuts, c).chars().count())
            .max()
            .unwrap_or(0)
    };
    let mut best: Option<(f64, Vec<Vec<usize>>)> = None;
    for opening in openings {
        // Each later line within the widths the lines above showed.
        let mut cuts: Vec<Vec<usize>> = Vec::with_capacity(lines.len());
        let mut column_widths: Vec<Option<usize>> = vec![None; width];
        for (l, line) in words.iter().enumerate() {
            let line_cuts = if l == 0 {
                opening.clone()
            } else {
                let cells_text: Vec<String> = (0..width).map(|c| cell(&cuts, c)).collect();
                if optimized && line.len() <= MAX_SPLIT_WORDS {
                    split_line(line, roles, &cells_text, &column_widths)
                } else {
                    place_line(line, roles, &cells_text, quantities)
                }
            };
            for (c, known) in column_widths.iter_mut().enumerate() {
                let piece = run(line, &line_cuts, c).chars().count();
                if known.is_none() && piece > 0 {
                    *known = Some(piece);
                }
            }
            cuts.push(line_cuts);
        }
        if !optimized {
            return ((0..width).map(|c| cell(&cuts, c)).collect(), cuts);
        }
        cells::refine_cuts(&mut cuts, &lengths, |cuts, _, b| {
            cells::score_continued(roles[b], "", &cell(cuts, b))
                + cells::score_continued(roles[b + 1], "", &cell(cuts, b + 1))
                - COLUMN_WIDTH_WEIGHT * (implied_width(cuts, b) + implied_width(cuts, b + 1)) as f64
                    / longest
        });
        let cells_text: Vec<String> = (0..width).map(|c| cell(&cuts, c)).collect();
        let value = total_score(roles, &cells_text);
        if best
            .as_ref()
            .is_none_or(|(held, _)| value > *held + READING_MARGIN)
        {
            best = Some((value, cuts));
        }
    }
    let cuts = best.map(|(_, cuts)| cuts).unwrap_or_default();
    let cells_text = (0..width).map(|c| cell(&cuts, c)).collect();
    (cells_text, cuts)
}

/// The opening line of a row printed across the columns, split among the columns (`split_line`
/// with nothing before it and no widths known) as the first line of cells that go on below: a
/// body cell's trailing "," or ";" is where its column wraps, not a list left open in the cell.
fn split_opening(line: &[&str], roles: &[Role]) -> Vec<usize> {
    let empty = vec![String::new(); roles.len()];
    split_line_with(line, roles, &empty, &vec![None; roles.len()], true)
}

/// The budgets of one document's flowed tables.
pub struct FlowedBudgets {
    /// Placing rows into columns at all (`placing_work`).
    pub placing: Budget,
    /// The costlier readings: word by word, and across the columns (`FLOWED_WORK_BUDGET`).
    pub flowed: Budget,
}

impl FlowedBudgets {
    pub fn for_document() -> FlowedBudgets {
        FlowedBudgets {
            placing: Budget::new(PLACING_BUDGET),
            flowed: Budget::new(FLOWED_WORK_BUDGET),
        }
    }
}

/// What placing a row into its columns may weigh, in (bytes × runs tried per start × columns):
/// `cells::place` tries runs of up to `cells::MAX_SHORT_CELL_ATOMS` atoms from each start, under
/// every column. Counted each time a row is placed (a row is placed again at a dash line that may
/// open a sub-row), not for each reading tried then.
fn placing_work(lines: &[(usize, String, Break)], roles: &[Role]) -> usize {
    let columns = roles.len();
    // `cells::place` bounds the runs of short columns only: a task, indicator or other column
    // after the first runs to the end of the row from every start.
    let long_runs = roles
        .iter()
        .skip(1)
        .any(|r| matches!(r, Role::Task | Role::Indicator | Role::Other));
    // A part after a page break (or what may be one) is placed after all the row holds before
    // it, which every run of the part is weighed with.
    let mut work = 0usize;
    let (mut bytes, mut words) = (0usize, 0usize);
    for (k, (_, text, before)) in lines.iter().enumerate() {
        if k > 0 && *before != Break::None {
            work = work.saturating_add(phase_work(bytes, words, columns, long_runs));
            words = 0;
        }
        bytes += text.len();
        words += text.split_whitespace().count();
    }
    work.saturating_add(phase_work(bytes, words, columns, long_runs))
}

fn phase_work(bytes: usize, words: usize, columns: usize, long_runs: bool) -> usize {
    let runs = if long_runs {
        words
    } else {
        words.min(cells::MAX_SHORT_CELL_ATOMS)
    };
    bytes.saturating_mul(runs).saturating_mul(columns)
}

/// The placing work one document's flowed tables may spend (`placing_work`). The seeds need at
/// most 2.2 M and pdfplumber's text of the PDF fixtures 2.6 M; a 50 MB table would need ~3 G and
/// take minutes. Past it, a row's text goes to its first cell, with a warning.
pub const PLACING_BUDGET: usize = 200_000_000;
/// The confidence of a row whose text was not placed into columns.
const PLACING_SPENT_CONFIDENCE: f64 = 0.3;

/// The work the flowed reader's costlier readings may spend on one document, in bytes looked at:
/// placing text word by word (`fine_work`: a row's lines below an opening line printed across
/// the columns, a cell's tail after a page break) and the search across the columns
/// (`across_work`). pdfplumber's text of the seven PDF fixtures needs 11–102 M, plain
/// `pdftotext`'s 4–79 M (measured when the opening line came to be read two ways); past
/// the budget, rows are read line by line as their lines come, so a huge or hostile document
/// stays linear and fast.
pub const FLOWED_WORK_BUDGET: usize = 250_000_000;

/// What placing `bytes` of a row's text word by word (`cells::place` on fine atoms) may look at
/// for `columns` columns: every run of up to `cells::MAX_SHORT_CELL_ATOMS` words from each word,
/// under every column.
fn fine_work(bytes: usize, columns: usize) -> usize {
    bytes
        .saturating_mul(cells::MAX_SHORT_CELL_ATOMS)
        .saturating_mul(columns)
}

/// Rows printed across the columns whose search costs at most this (`across_work`, both readings
/// of the opening line where there are two) are searched whatever their first reading looks
/// like.
const ALWAYS_SEARCHED_WORK: usize = 3_000_000;

/// What `read_across` may look at for a row: each line split among the columns (the cells'
/// text weighed for every piece of the line), then each cut of each line moved a few times
/// (the row's text weighed each time).
fn across_work(lines: &[(usize, String, Break)], columns: usize) -> usize {
    let texts: Vec<&str> = lines.iter().map(|(_, text, _)| text.as_str()).collect();
    across_work_of(&texts, columns)
}

/// `across_work` of lines given as their text.
pub(super) fn across_work_of(lines: &[&str], columns: usize) -> usize {
    let bytes: usize = lines.iter().map(|text| text.len()).sum();
    let mut placing = 0usize;
    let mut splitting = 0usize;
    let mut opening_words = 0;
    for (l, text) in lines.iter().enumerate() {
        let words = text.split_whitespace().count();
        if l == 0 {
            opening_words = words;
        }
        if l == 0 || words > MAX_SPLIT_WORDS {
            // `place_line`.
            placing = placing.saturating_add(fine_work(text.len(), columns));
        } else {
            splitting = splitting.saturating_add(columns * words * (words + 1) / 2);
        }
    }
    // Each trial cut builds and weighs two cells and the widths of two columns: the row's text
    // about four times. The lines below the opening are split and refined once per reading of
    // the opening line, and the second reading splits that line too.
    let refining = 4 * cells::CUT_ROUNDS * lines.len() * columns * (2 * cells::LINE_CUT_REACH + 1);
    let readings = if has_two_openings(lines.len(), opening_words) {
        OPENING_READINGS
    } else {
        1
    };
    let opening_split = if readings > 1 {
        columns * opening_words * (opening_words + 1) / 2
    } else {
        0
    };
    bytes
        .saturating_mul(
            splitting
                .saturating_add(refining)
                .saturating_mul(readings)
                .saturating_add(opening_split),
        )
        .saturating_add(placing)
}

/// Whether `read_across` searches a row of these lines at all (beyond, it would only place each
/// line on its own, which the first reading does about as well).
fn across_searchable(lines: &[(usize, String, Break)]) -> bool {
    let words: usize = lines
        .iter()
        .map(|(_, text, _)| text.split_whitespace().count())
        .sum();
    lines.len() <= MAX_ACROSS_LINES && words <= MAX_ACROSS_WORDS
}

/// How many readings of a row's opening line `read_across_with_cuts` carries through the row:
/// by content, and as cells that go on below (`split_opening`; see `has_two_openings`).
const OPENING_READINGS: usize = 2;

/// Whether `read_across_with_cuts` reads a row's opening line both ways: the row has lines
/// below it, and the line is short enough to split (`MAX_SPLIT_WORDS`).
fn has_two_openings(lines: usize, opening_words: usize) -> bool {
    lines >= 2 && opening_words <= MAX_SPLIT_WORDS
}

/// Lines read across the columns with more words than this are placed by `cells::place` alone.
const MAX_SPLIT_WORDS: usize = 24;
/// A piece may be this much wider than its column's first line (in characters, proportional
/// fonts wrap at different counts) before it costs: `OVERFLOW_WEIGHT` per column width over.
const WIDTH_SLACK: f64 = 1.2;
const OVERFLOW_WEIGHT: f64 = 4.0;
/// Pieces that overflow their column by more than this are not weighed at all.
const MAX_OVERFLOW: f64 = 6.0;
/// What adding to a timeframe that is complete already costs (`timeframe::is_complete`).
const COMPLETE_CELL_CONTINUED: f64 = 1.0;

/// What each word costs per column it is placed to the right: ties go to the earlier columns.
const LATER_COLUMN_COST: f64 = 0.01;
/// What a column's width (its widest piece, over the row's longest line) costs when the cuts are
/// refined: the right cuts make the columns no wider than they are.
const COLUMN_WIDTH_WEIGHT: f64 = 2.0;

/// The words of `line` that `cuts` give column `c`, joined.
fn run(line: &[&str], cuts: &[usize], c: usize) -> String {
    let from = if c == 0 { 0 } else { cuts[c - 1] };
    let to = cuts.get(c).copied().unwrap_or(line.len());
    line.get(from..to.max(from)).unwrap_or_default().join(" ")
}

/// `run` of a line given as its text; `None` for a column the cuts do not reach.
pub(super) fn piece_of(line: &str, cuts: &[usize], c: usize) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    (c <= cuts.len()).then(|| run(&words, cuts, c))
}

/// One line placed by `cells::place` after the cells so far, as cuts (the word that opens each
/// column after the first).
fn place_line(
    line: &[&str],
    roles: &[Role],
    cells_text: &[String],
    quantities: bool,
) -> Vec<usize> {
    let joined = vec![(0, line.join(" "))];
    let atoms: Vec<Atom> = cells::atoms(&joined, quantities, line.len() <= FINE_WORDS);
    let placement = cells::place(&atoms, roles, cells_text);
    let mut at = 0;
    let mut cuts = Vec::with_capacity(roles.len().saturating_sub(1));
    for (c, added) in placement.added.iter().enumerate() {
        at += added.split_whitespace().count();
        if c + 1 < roles.len() {
            cuts.push(at);
        }
    }
    cuts
}

/// Splits a line among the columns (in order, each piece possibly empty) where the cells, each
/// with what it held before, read best (`cells::score_continued`), a piece much wider than its
/// column's opening line costing (`OVERFLOW_WEIGHT`). Every column's term depends on its own
/// piece alone, so a dynamic program over (column, words used) finds the best split.
fn split_line(
    line: &[&str],
    roles: &[Role],
    cells_text: &[String],
    column_widths: &[Option<usize>],
) -> Vec<usize> {
    split_line_with(line, roles, cells_text, column_widths, false)
}

/// `split_line`; `opening`: the pieces open cells that go on below (`split_opening`).
fn split_line_with(
    line: &[&str],
    roles: &[Role],
    cells_text: &[String],
    column_widths: &[Option<usize>],
    opening: bool,
) -> Vec<usize> {
    let (k, n) = (roles.len(), line.len());
    let mut chars = vec![0usize; n + 1];
    for (w, word) in line.iter().enumerate() {
        chars[w + 1] = chars[w] + word.chars().count();
    }
    let closed: Vec<bool> = roles
        .iter()
        .zip(cells_text)
        .map(|(role, text)| *role == Role::Time && crate::domain::timeframe::is_complete(text))
        .collect();
    let mut best = vec![vec![f64::NEG_INFINITY; n + 1]; k + 1];
    let mut from = vec![vec![0usize; n + 1]; k + 1];
    best[0][0] = 0.0;
    for c in 0..k {
        for i in 0..=n {
            if best[c][i] == f64::NEG_INFINITY {
                continue;
            }
            for j in i..=n {
                if c + 1 == k && j < n {
                    continue;
                }
                let mut overflow = 0.0;
                if let (true, Some(width)) = (j > i, column_widths[c]) {
                    let length = (chars[j] - chars[i] + (j - i - 1)) as f64;
                    let allowed = WIDTH_SLACK * width as f64 + 2.0;
                    if length > allowed {
                        overflow = OVERFLOW_WEIGHT * (length - allowed) / width.max(1) as f64;
                    }
                }
                if overflow > MAX_OVERFLOW && c + 1 < k {
                    // Longer pieces overflow more; the last column must still end the line.
                    break;
                }
                let joined = line[i..j].join(" ");
                let piece = if opening && matches!(roles[c], Role::Lead | Role::Support) {
                    joined.trim_end_matches([',', ';'])
                } else {
                    joined.as_str()
                };
                // Where the cells read alike, words stay in the earlier columns: a timeframe
                // or a body's name reads the same with a stray word after it, a task too.
                let mut value = cells::score_continued(roles[c], &cells_text[c], piece)
                    - LATER_COLUMN_COST * (c * (j - i)) as f64
                    - overflow;
                if j > i && closed[c] {
                    // "Thường xuyên", "Năm 2026" end their cell; a word after them is another
                    // column's, however it reads appended.
                    value -= COMPLETE_CELL_CONTINUED;
                }
                let total = best[c][i] + value;
                if total > best[c + 1][j] {
                    best[c + 1][j] = total;
                    from[c + 1][j] = i;
                }
            }
        }
    }
    let mut cuts = vec![0usize; k.saturating_sub(1)];
    let mut j = n;
    for c in (1..=k).rev() {
        let i = from[c][j];
        if c >= 2 {
            cuts[c - 2] = i;
        }
        j = i;
    }
    cuts
}

/// By how much another reading of a row must score above the one in hand to replace it.
const READING_MARGIN: f64 = 0.3;

/// Whether the cells `other` read clearly better than `current` as what their columns hold.
fn reads_better(roles: &[Role], other: &[String], current: &[String]) -> bool {
    total_score(roles, other) > total_score(roles, current) + READING_MARGIN
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
    in_blocks: bool,
    budgets: &mut FlowedBudgets,
) {
    let Some(row) = current.take() else { return };
    let mut confidence: f64 = 0.97;
    if !row.notes.is_empty() {
        confidence -= 0.1;
    }
    let mut warnings = row.notes.clone();
    if !budgets.placing.spend(placing_work(&row.lines, roles)) {
        let mut cells_text = vec![String::new(); roles.len()];
        let main = roles
            .iter()
            .position(|r| matches!(r, Role::Task | Role::Indicator))
            .unwrap_or(0);
        if let Some(cell) = cells_text.get_mut(main) {
            *cell = crate::clean::join_lines(row.lines.iter().map(|(_, t, _)| t.as_str()));
        }
        warnings.push(
            "not placed into columns: the document's limit for placing table text is spent; the \
             row's text is all in its task (or indicator) cell"
                .to_string(),
        );
        rows.push(RawRow {
            tt: row.tt,
            groups: row.groups,
            cells: cells_text,
            lines: [row.first_line, row.last_line],
            confidence: PLACING_SPENT_CONFIDENCE,
            warnings,
            continued: row.lines.iter().any(|(_, _, b)| *b != Break::None),
        });
        return;
    }
    let budget = &mut budgets.flowed;
    let has_maybe = row.lines.iter().any(|(_, _, b)| *b == Break::Maybe);
    let (mut cells_text, mut inner_cuts, mut interleaved) = place_row(
        &row.lines,
        roles,
        quantities,
        false,
        row.inline_first,
        false,
        budget,
    );
    if has_maybe {
        // An indented line may open a new page (a cell's tail follows) or be a cell's own
        // indentation: keep the reading whose cells look better.
        let (other_cells, other_cuts, other_interleaved) = place_row(
            &row.lines,
            roles,
            quantities,
            true,
            row.inline_first,
            false,
            budget,
        );
        if reads_better(roles, &other_cells, &cells_text) {
            cells_text = other_cells;
            inner_cuts = other_cuts;
            interleaved = other_interleaved;
        }
    }
    // A long row is searched only when a cell of the first reading does not read like its
    // column's; a short one always (the search costs little there).
    let work = across_work(&row.lines, roles.len());
    let doubtful = || {
        roles
            .iter()
            .zip(&cells_text)
            .any(|(role, text)| is_weak(*role, text))
    };
    if interleaved
        && row.lines.len() >= 2
        && across_searchable(&row.lines)
        && (work <= ALWAYS_SEARCHED_WORK || doubtful())
        && budget.spend(work)
    {
        // Below an opening line printed across the columns, the lines may go on across the
        // columns too (each line holds the next line of every cell that has one) or cell after
        // cell: keep the reading whose cells look better.
        // (Page breaks do not matter here: every line goes on from the first column.)
        let (other_cells, other_cuts, _) = place_row(
            &row.lines,
            roles,
            quantities,
            false,
            row.inline_first,
            true,
            budget,
        );
        if reads_better(roles, &other_cells, &cells_text) {
            cells_text = other_cells;
            inner_cuts = other_cuts;
        }
    }
    // Lines in blocks with blank lines between: each block may be a cell or neighbouring cells
    // side by side; keep that reading if its cells look better. After a page break the cells'
    // tails come in blocks of their own, again from the first column.
    let mut by_blocks = false;
    if in_blocks && across_searchable(&row.lines) {
        if let Some(other_cells) = read_blocks(&row, roles, quantities, budget) {
            if reads_better(roles, &other_cells, &cells_text) {
                cells_text = other_cells;
                inner_cuts = 0;
                interleaved = false;
                by_blocks = true;
            }
        }
    }
    if by_blocks {
        confidence -= 0.05;
        warnings.push("row printed as text blocks; blocks given to columns by content".to_string());
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
        if is_weak(*role, text) {
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

/// A row read by its blocks (`blocks::read`), each part between page breaks on its own, the
/// parts' cells joined column by column; `None` when a part cannot be read so.
fn read_blocks(
    row: &Building,
    roles: &[Role],
    quantities: bool,
    budget: &mut Budget,
) -> Option<Vec<String>> {
    let texts: Vec<&str> = row.lines.iter().map(|(_, t, _)| t.as_str()).collect();
    let mut starts: Vec<usize> = row
        .lines
        .iter()
        .enumerate()
        .filter(|(k, (_, _, before))| *k > 0 && *before == Break::Sure)
        .map(|(k, _)| k)
        .chain(row.block_starts.iter().copied())
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let mut cells_text = vec![String::new(); roles.len()];
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    let mut from = 0;
    for start in starts.into_iter().chain([texts.len()]) {
        blocks.push(texts[from..start].to_vec());
        from = start;
        let part_ends =
            start == texts.len() || row.lines.get(start).is_some_and(|l| l.2 == Break::Sure);
        if part_ends {
            let part = blocks::read(&blocks, roles, &cells_text, quantities, budget)?;
            for (cell, text) in cells_text.iter_mut().zip(part) {
                if !text.is_empty() {
                    *cell = crate::clean::join_lines([cell.as_str(), text.as_str()]);
                }
            }
            blocks.clear();
        }
    }
    Some(cells_text)
}

/// A body or timeframe cell that does not read like one (an empty support cell is common).
fn is_weak(role: Role, text: &str) -> bool {
    let score = cells::score(role, text);
    match role {
        Role::Lead => score < 1.0,
        Role::Support => !text.is_empty() && score < 1.0,
        Role::Time => score < 1.0,
        _ => false,
    }
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

    use super::super::tests::table_of;
    use super::*;

    /// The rows of a flowed table whose header is the document's first line.
    fn parse_after_header(
        document: &crate::clean::Document,
        header: &Header,
        budgets: &mut FlowedBudgets,
    ) -> Vec<RawRow> {
        parse(
            &document.lines[1..],
            header,
            false,
            &mut Vec::new(),
            budgets,
            crate::structure::MAX_TABLE_ROWS,
        )
    }

    fn cells(row: &crate::model::Row) -> [String; 4] {
        [
            row.task.clone().unwrap_or_default(),
            row.lead.raw.clone(),
            row.support
                .as_ref()
                .map(|s| s.raw.clone())
                .unwrap_or_default(),
            row.timeframe
                .as_ref()
                .map(|t| t.raw.clone())
                .unwrap_or_default(),
        ]
    }

    /// The shape pdfplumber's `extract_text()` gives a table: every line of a row holds the next
    /// line of each cell that has one, left to right, one space apart; header names broken over
    /// two lines side by side ("Cơ quan chủ" above "trì", "Số" above "TT"), repeated on the next
    /// page; a Roman group numeral out of order. Placing the lines below the opening one as cells
    /// that follow one another put "phương Nội vụ" and "quy định" into the task.
    #[test]
    fn rows_printed_across_the_columns_line_by_line() {
        let header = "Số Nhiệm vụ Cơ quan chủ Cơ quan Thời gian\nTT trì phối hợp\n";
        let table = table_of(&format!(
            "{header}I Phát triển hạ tầng dữ liệu\n\
             1 Rà soát, cập nhật danh mục cơ sở Các sở, ngành, địa Sở Tài chính, Sở Năm 2026\n\
             dữ liệu dùng chung của tỉnh theo phương Nội vụ\n\
             quy định\n\
             2 Xây dựng kho dữ liệu số của tỉnh Công an tỉnh Các sở, ban, ngành, Hằng năm\n\
             UBND cấp xã\n\
             III Đào tạo nhân lực số\n\
             3 Tổ chức tập huấn kỹ năng số cho Sở Nội vụ Các sở, ngành Năm 2027\n\
             cán bộ, công chức\n\
             {header}4 Đánh giá kết quả thực hiện Sở Tài chính Các sở, ngành Hằng năm\n"
        ));
        assert_eq!(
            table.columns,
            [
                "Số TT",
                "Nhiệm vụ",
                "Cơ quan chủ trì",
                "Cơ quan phối hợp",
                "Thời gian"
            ]
        );
        let ids: Vec<&str> = table.rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["I.1", "I.2", "III.3", "III.4"]);
        assert_eq!(
            cells(&table.rows[0]),
            [
                "Rà soát, cập nhật danh mục cơ sở dữ liệu dùng chung của tỉnh theo quy định",
                "Các sở, ngành, địa phương",
                "Sở Tài chính, Sở Nội vụ",
                "Năm 2026"
            ]
        );
        assert_eq!(
            cells(&table.rows[1]),
            [
                "Xây dựng kho dữ liệu số của tỉnh",
                "Công an tỉnh",
                "Các sở, ban, ngành, UBND cấp xã",
                "Hằng năm"
            ]
        );
        assert_eq!(
            cells(&table.rows[2])[0],
            "Tổ chức tập huấn kỹ năng số cho cán bộ, công chức"
        );
    }

    /// Narrow body columns wrap after a comma: the lead's first line is "Các sở," and the
    /// support's a name cut short ("Sở Văn hóa,"). Read by content alone, that opening line
    /// reads best as one list "Các sở, Sở Văn hóa," (a cell ending in "," goes on in the same
    /// cell), which shifts every line below it one column left; the opening read as the first
    /// line of cells that go on below gives the row.
    #[test]
    fn an_opening_line_cut_after_a_comma_opens_two_cells() {
        let header = "TT Nhiệm vụ Cơ quan chủ Cơ quan Thời gian\ntrì phối hợp\n";
        let table = table_of(&format!(
            "{header}I Xây dựng dữ liệu\n\
             1 Xây dựng cơ sở dữ liệu về di sản Các sở, Sở Văn hóa, Năm 2026\n\
             văn hóa trên địa bàn tỉnh phục ngành, địa Thể thao và\n\
             vụ quảng bá du lịch phương Du lịch\n\
             2 Số hóa hồ sơ lưu trữ của các cơ Sở Nội vụ Các sở, ban, Hằng năm\n\
             quan, đơn vị ngành\n"
        ));
        assert_eq!(
            cells(&table.rows[0]),
            [
                "Xây dựng cơ sở dữ liệu về di sản văn hóa trên địa bàn tỉnh phục vụ quảng bá du \
                 lịch",
                "Các sở, ngành, địa phương",
                "Sở Văn hóa, Thể thao và Du lịch",
                "Năm 2026"
            ]
        );
        assert_eq!(
            cells(&table.rows[1]),
            [
                "Số hóa hồ sơ lưu trữ của các cơ quan, đơn vị",
                "Sở Nội vụ",
                "Các sở, ban, ngành",
                "Hằng năm"
            ]
        );
    }

    /// Rows numbered by chapter ("1.1" … "1.7", then "2.1") go on under the next group.
    #[test]
    fn a_group_opens_the_next_chapter_of_row_numbers() {
        let table = table_of(
            "TT Nhiệm vụ Đơn vị chủ trì Đơn vị phối hợp Thời gian\nthực hiện\n\
             I THỂ CHẾ\n\
             1.1 Ban hành quy chế dữ liệu Sở Tư pháp Các sở, ngành Năm 2026\n\
             1.2 Cập nhật kiến trúc số Công an tỉnh Sở Nội vụ Hằng năm\n\
             II HẠ TẦNG\n\
             và nền tảng số\n\
             2.1 Duy trì nền tảng tích hợp Sở Tài chính Các sở, ngành Năm 2027\n",
        );
        let ids: Vec<&str> = table.rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["I.1.1", "I.1.2", "II.2.1"]);
        // A group title wrapped onto a lowercase line is the title's, not an unnumbered row.
        assert_eq!(table.rows[2].groups[0].title, "HẠ TẦNG và nền tảng số");
        assert_eq!(table.columns[4], "Thời gian thực hiện");
        assert_eq!(table.rows[2].lead.raw, "Sở Tài chính");
    }

    /// The search across the columns is spent from the document's budget: once it is out, rows
    /// printed across the columns are still read, the way their lines come (one placement per
    /// row instead of two), so a long or hostile document stays linear.
    #[test]
    fn reading_across_the_columns_is_bounded_per_document() {
        let mut text = String::from("TT Nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời gian\n");
        for n in 1..=30 {
            text.push_str(&format!(
                "{n} Rà soát, cập nhật danh mục Các sở, ngành, địa Sở Tài chính, Sở Năm 2026\n\
                 dữ liệu dùng chung của tỉnh theo phương Nội vụ\n"
            ));
        }
        let document = crate::clean::clean(&text);
        let header = header::from_flowed(&document.lines[0].text);
        let placements = |budget: usize| {
            PLACED_ROWS.with(|placed| placed.set(0));
            let mut budgets = FlowedBudgets {
                placing: Budget::new(PLACING_BUDGET),
                flowed: Budget::new(budget),
            };
            let rows = parse_after_header(&document, &header, &mut budgets);
            assert_eq!(rows.len(), 30);
            PLACED_ROWS.with(Cell::get)
        };
        assert_eq!(
            placements(FLOWED_WORK_BUDGET),
            60,
            "two readings of every row"
        );
        assert_eq!(placements(0), 30, "one reading of every row");
    }

    /// Past the document's placing budget, rows are not placed at all: each keeps its text in
    /// its task cell and says why, so a huge table costs little more than reading its lines.
    #[test]
    fn rows_past_the_placing_budget_keep_their_text_in_the_task_cell() {
        let text = "TT Nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời gian\n\
                    1 Rà soát dữ liệu\nSở Y tế\nCác sở, ngành\nNăm 2026\n\
                    2 Cập nhật kiến trúc\nCông an tỉnh\nSở Tài chính\nHằng năm\n";
        let document = crate::clean::clean(text);
        let header = header::from_flowed(&document.lines[0].text);
        // The first row's lines as the reader holds them (its number taken off).
        let lines: Vec<(usize, String, Break)> =
            ["Rà soát dữ liệu", "Sở Y tế", "Các sở, ngành", "Năm 2026"]
                .iter()
                .map(|t| (0, t.to_string(), Break::None))
                .collect();
        let mut budgets = FlowedBudgets {
            placing: Budget::new(placing_work(&lines, &header.cell_roles())),
            flowed: Budget::new(FLOWED_WORK_BUDGET),
        };
        let rows = parse_after_header(&document, &header, &mut budgets);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].cells[1], "Sở Y tế");
        assert_eq!(
            rows[1].cells,
            [
                "Cập nhật kiến trúc Công an tỉnh Sở Tài chính Hằng năm",
                "",
                "",
                ""
            ]
        );
        assert!(rows[1].warnings[0].contains("limit for placing table text is spent"));
        assert_eq!(rows[1].confidence, PLACING_SPENT_CONFIDENCE);
    }

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

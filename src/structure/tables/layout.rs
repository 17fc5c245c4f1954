//! Column-aligned text as `pdftotext -layout` writes it: cells side by side, a wrapped cell
//! going on in the lines below. Positions are only roughly kept: a crowded line leaves a single
//! space between two cells and pushes the later ones right, justified cells open wide gaps inside
//! themselves, and a column's edge drifts by several characters from row to row. So positions
//! only bound where each column may be (between its neighbours' header names, which are
//! centred over their columns) and find the number column; the cells are cut where their words
//! read best as what their columns hold (`cells::score`, `cells::place`).

use super::cells::{self, Atom};
use super::groups::GroupTracker;
use super::header::{self, Header, Role};
use super::{Budget, RawRow};
use crate::clean::{collapse_whitespace, join_lines, Line, LineKind};
use crate::model::{Diagnostic, Severity};

/// Segments of a line: (start column in characters, text), split at runs of two or more spaces
/// (the line's `pieces`, each word joined by one space).
pub fn segments(text: &str) -> Vec<(usize, String)> {
    let words = words_of(text);
    pieces(&words)
        .into_iter()
        .filter_map(|piece| Some((piece.first()?.0, join_words(piece))))
        .collect()
}

/// A plan's table has a handful of columns; a "header" of more names than this is not one (and
/// every row would carry that many cells).
const MAX_LAYOUT_COLUMNS: usize = 24;

/// Whether a header line is laid out in columns (three or more segments).
pub fn is_layout_header(text: &str) -> bool {
    !text.contains('\t') && (3..=MAX_LAYOUT_COLUMNS).contains(&segments(text).len())
}

/// Builds the header, and where each header name sits (first and past-last character column),
/// from the header line and the lines continuing it.
pub fn header_and_labels(lines: &[&Line]) -> (Header, Vec<(usize, usize)>) {
    let Some((first, rest)) = lines.split_first() else {
        return (header::from_cells(&[]), Vec::new());
    };
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut pieces: Vec<Vec<String>> = Vec::new();
    for (start, text) in segments(&first.text) {
        spans.push((start, start + text.chars().count()));
        pieces.push(vec![text]);
    }
    // Names are centred over their columns, in order: a name broken over lines goes on under
    // itself, so each later piece joins the name whose centre is nearest to its own.
    let centres: Vec<usize> = spans.iter().map(|(from, to)| from + to).collect();
    for line in rest {
        for (start, text) in segments(&line.text) {
            let own = 2 * start + text.chars().count();
            let after = centres.partition_point(|c| *c < own);
            let nearest = match (after.checked_sub(1), centres.get(after)) {
                (Some(before), Some(next)) if next - own < own - centres[before] => after,
                (Some(before), _) => before,
                (None, _) => after,
            };
            if let (Some(span), Some(names)) = (spans.get_mut(nearest), pieces.get_mut(nearest)) {
                span.1 = span.1.max(start + text.chars().count());
                names.push(text);
            }
        }
    }
    let names: Vec<String> = pieces
        .iter()
        .map(|parts| join_lines(parts.iter().map(String::as_str)))
        .collect();
    (header::from_cells(&names), spans)
}

/// How far a column edge may lie outside the gap between two header names: a header repeated on
/// another page, or crowded, is laid out on a slightly different character grid.
const LABEL_SLACK: usize = 3;

/// One line cut into words, with the character column each starts at.
struct LaidLine<'a> {
    line: &'a Line,
    /// (first character column, past-last character column, word)
    words: Vec<Word<'a>>,
}

/// A word of a line: its first and past-last character columns, and its text.
type Word<'a> = (usize, usize, &'a str);

impl<'a> LaidLine<'a> {
    fn new(line: &'a Line) -> LaidLine<'a> {
        LaidLine {
            line,
            words: words_of(&line.text),
        }
    }
}

/// The words of a line, with the character columns each starts and ends at.
fn words_of(text: &str) -> Vec<Word<'_>> {
    let mut words = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let mut column = 0;
    for (at, c) in text.char_indices() {
        match (c.is_whitespace(), open) {
            (true, Some((start, from))) => {
                words.push((start, column, &text[from..at]));
                open = None;
            }
            (false, None) => open = Some((column, at)),
            _ => {}
        }
        column += 1;
    }
    if let Some((start, from)) = open {
        words.push((start, column, &text[from..]));
    }
    words
}

/// A line's pieces: runs of words with single spaces between them. A gap of two or more spaces
/// separates cells, or the words of a justified cell.
fn pieces<'w, 'a>(words: &'w [Word<'a>]) -> Vec<&'w [Word<'a>]> {
    let mut pieces = Vec::new();
    let mut from = 0;
    for k in 1..=words.len() {
        if k == words.len() || words[k].0 - words[k - 1].1 >= 2 {
            pieces.push(&words[from..k]);
            from = k;
        }
    }
    pieces
}

/// How much the lines agree on a column edge at each character column up to a limit: a word
/// starting there (left-aligned cells start at their column's edge) is strong evidence, white
/// space weak evidence, and cutting a word in two evidence against. One pass over each line.
struct EdgeEvidence {
    score: Vec<i64>,
}

impl EdgeEvidence {
    /// The evidence of `lines` at columns `0..=limit`. Columns past the lines' last word hold
    /// no evidence (0) and are not stored: the memory follows the text, not the header.
    fn of<'w, 'a: 'w>(lines: impl Iterator<Item = &'w [Word<'a>]> + Clone, limit: usize) -> Self {
        let reach = lines
            .clone()
            .filter_map(|words| words.last().map(|w| w.1))
            .max()
            .unwrap_or(0);
        let mut evidence = EdgeEvidence {
            score: vec![0; limit.min(reach) + 1],
        };
        for words in lines {
            evidence.add(words);
        }
        evidence
    }

    fn add(&mut self, words: &[Word]) {
        let limit = self.score.len();
        let mut previous_end: Option<usize> = None;
        for (start, end, _) in words {
            if *start >= limit {
                break;
            }
            if let Some(before) = previous_end {
                for x in before..*start {
                    self.score[x] += 1;
                }
            }
            let gap_is_wide = previous_end.is_none_or(|before| start - before >= 2);
            self.score[*start] += if gap_is_wide { 3 } else { 2 };
            for x in start + 1..(*end).min(limit) {
                self.score[x] -= 3;
            }
            previous_end = Some(*end);
        }
    }

    fn at(&self, x: usize) -> i64 {
        self.score.get(x).copied().unwrap_or(0)
    }

    /// The best edge in `low..=high` (ties to the right, so a word pushed past its column's edge
    /// by a crowded line still reads as its column's). Past the stored columns the evidence is
    /// 0, so there `high` is as good as any.
    fn best(&self, low: usize, high: usize) -> usize {
        let stored = high.min(self.score.len().saturating_sub(1));
        let mut best = (i64::MIN, low);
        for x in low..=stored {
            if self.score[x] >= best.0 {
                best = (self.score[x], x);
            }
        }
        if high > stored && best.0 <= 0 {
            return high;
        }
        best.1
    }
}

fn join_words(words: &[Word]) -> String {
    words.iter().map(|w| w.2).collect::<Vec<_>>().join(" ")
}

/// Where each column's words may start: from the end of the name before its own to the start
/// of the name after it, with some slack. Header names are centred over their columns, so a
/// column's text lies between its neighbours' names.
///
/// Only that much is read from positions. `pdftotext -layout` and its kin place each word near
/// its x position but never closer than one space to the word before, so a crowded line pushes
/// later cells to the right, and justified text in narrow cells moves a column's edge by several
/// characters from one line to the next (seen: 5). What the words look like decides the cuts.
fn column_bands(labels: &[(usize, usize)]) -> Vec<(usize, usize)> {
    (0..labels.len())
        .map(|c| {
            let low = match c {
                0 => 0,
                _ => labels[c - 1].1.saturating_sub(LABEL_SLACK),
            };
            let high = labels
                .get(c + 1)
                .map_or(usize::MAX, |next| next.0 + LABEL_SLACK);
            (low, high.max(low + 1))
        })
        .collect()
}

/// Adds one line's words to a row's cells. Each piece (words between wide gaps) may fill the
/// columns its first and last words' positions allow, never going back left of an earlier
/// piece of the line; `cells::place` cuts it among them by what its words look like, given the
/// text each cell holds already.
fn read_line(
    pieces: &[&[Word]],
    bands: &[(usize, usize)],
    roles: &[Role],
    quantities: bool,
    cells: &mut [String],
    budget: &mut Budget,
) -> Reading {
    let width = cells.len().min(bands.len()).min(roles.len());
    let mut reading = Reading::ByContent;
    if width == 0 {
        return reading;
    }
    // Cells that already took text from this line: further text is the same line's.
    let mut touched = vec![false; width];
    let mut add = |cells: &mut [String], column: usize, text: &str| {
        if touched[column] {
            let cell = &mut cells[column];
            *cell = join_lines([cell.as_str(), text]);
        } else {
            cells::join_line_text(&mut cells[column], text);
            touched[column] = true;
        }
    };
    let mut floor = 0;
    for piece in pieces {
        let (Some(first_word), Some(last_word)) = (piece.first(), piece.last()) else {
            continue;
        };
        let first = bands[..width]
            .iter()
            .position(|b| b.0 <= first_word.0 && first_word.0 < b.1)
            .unwrap_or(width - 1)
            .max(floor);
        let last = bands[..width]
            .iter()
            .rposition(|b| b.0 <= last_word.0 && last_word.0 < b.1)
            .unwrap_or(width - 1)
            .max(first);
        let affordable = first == last
            || piece.len() <= MAX_PLACED_PIECE_WORDS
                && budget.spend(
                    chunk_bytes(&[piece])
                        .saturating_mul(piece.len())
                        .saturating_mul(last - first + 1),
                );
        if first == last || !affordable {
            if !affordable {
                reading = Reading::ByPosition;
            }
            add(cells, first, &join_words(piece));
            floor = first;
            continue;
        }
        let text = vec![(0, join_words(piece))];
        let atoms: Vec<Atom> = cells::atoms(&text, quantities, true);
        let placed = cells::place(&atoms, &roles[first..=last], &cells[first..=last]);
        for (offset, added) in placed.added.into_iter().enumerate() {
            if !added.is_empty() {
                add(cells, first + offset, &added);
                floor = first + offset;
            }
        }
    }
    reading
}

/// The work the layout reader may spend cutting cells by what they hold, for one document, in
/// bytes looked at (a trial cut of a row looks at all its text; `cells::place` on a piece of `m`
/// words and `b` bytes is counted as m·b per column). A real plan in this shape needs a few
/// million; past the budget, rows are cut where positions alone put the edges, so a huge or
/// hostile document stays linear and fast (with a warning on each row read that way).
pub const WORK_BUDGET: usize = 250_000_000;

/// Cut candidates tried per column edge of a row: the word starts nearest to the edge's first
/// guess. Bounds the work on rows whose header names sit far apart.
const MAX_CUT_CANDIDATES: usize = 32;
/// Rows (page parts of rows) with more words than this keep the edges the positions suggest.
const MAX_OPTIMIZED_WORDS: usize = 300;
/// A piece of a line with more words than this is not cut by content: it stays in the column
/// its position gives (real cells hold a few dozen words per line at most).
const MAX_PLACED_PIECE_WORDS: usize = 80;
/// Rounds of moving each edge in turn to its best place given the others.
const EDGE_ROUNDS: usize = 2;

/// The cells of a row's lines on one page when every line is cut at the same edges: a word goes
/// to the last column whose edge is at or before its first character.
fn cut_cells(lines: &[&[Word]], edges: &[usize], width: usize) -> Vec<String> {
    let mut cells = vec![String::new(); width];
    for words in lines {
        let mut last_column = None;
        for (start, _, word) in words.iter() {
            let column = edges.partition_point(|e| *e <= *start).min(width - 1);
            push_word(&mut cells[column], word, last_column != Some(column));
            last_column = Some(column);
        }
    }
    cells
}

/// Adds a word to a cell. A cell's text going on from an earlier line after "2026-" goes on
/// without a space when it is a number ("2026-" / "2030" is "2026-2030" wrapped by the column).
fn push_word(cell: &mut String, word: &str, new_line: bool) {
    let joins_range = new_line && cells::continues_range(cell, word);
    if !cell.is_empty() && !joins_range {
        cell.push(' ');
    }
    cell.push_str(word);
}

/// Reads a row's lines on one page into its cells (`prefix`: what the cells hold from earlier
/// pages), and says whether the row is laid out with room to spare (`roomy` below). One edge
/// per column boundary cuts every line of the row: within a row, pdftotext-style layout keeps a
/// column's words roughly aligned, though not exactly. Each edge starts where the
/// positions point (`EdgeEvidence`) and is then moved, among the word starts between the two
/// header names, to where the two cells it divides read best (`cells::score`) — so a name
/// such as "Các sở, ngành, địa phương" broken over three justified lines comes out whole.
fn read_chunk(
    lines: &[&[Word]],
    bands: &[(usize, usize)],
    roles: &[Role],
    prefix: &[String],
    gridded: bool,
    budget: &mut Budget,
) -> (Vec<String>, Reading, bool) {
    let width = roles.len().min(bands.len());
    if width == 0 {
        return (vec![String::new(); roles.len()], Reading::ByContent, false);
    }
    let PositionEdges {
        ranges,
        evidence,
        mut edges,
    } = position_edges(lines, bands, width);
    let words_in_chunk: usize = lines.iter().map(|l| l.len()).sum();
    let trials = edges.len()
        * (EDGE_ROUNDS * (MAX_CUT_CANDIDATES + 1)
            + cells::CUT_ROUNDS * lines.len() * (2 * cells::LINE_CUT_REACH + 1));
    if words_in_chunk > MAX_OPTIMIZED_WORDS
        || !budget.spend(trials.saturating_mul(chunk_bytes(lines)))
    {
        // Positions alone: the edges the lines' words agree on.
        let mut cells = cut_cells(lines, &edges, width);
        cells.resize(roles.len(), String::new());
        return (cells, Reading::ByPosition, false);
    }
    let prefix_of = |c: usize| prefix.get(c).map_or("", String::as_str);
    // A row of a gridded table (`is_gridded`: a converter's, whose rule gives each column's
    // edge) whose every run of single-spaced words lies between two of the edges the positions
    // give is laid out with room to spare: a cut inside such a run would part words printed as
    // one cell's line, so the edges move only between runs. Otherwise (a crowded row, where a
    // run may hold two cells one space apart, or any `pdftotext -layout` table) what the words
    // look like decides.
    // Each line's runs as (first word's start, last word's start): an edge parts a run when it
    // falls after the first and at or before the last.
    let run_spans: Vec<(usize, usize)> = if gridded {
        lines
            .iter()
            .flat_map(|words| pieces(words))
            .filter_map(|piece| Some((piece.first()?.0, piece.last()?.0)))
            .collect()
    } else {
        Vec::new()
    };
    let parts_a_run = |x: usize| {
        run_spans
            .iter()
            .any(|&(first, last)| first < x && last >= x)
    };
    let roomy = gridded && !edges.iter().any(|&edge| parts_a_run(edge));
    let mut starts: Vec<usize> = lines.iter().flat_map(|l| l.iter().map(|w| w.0)).collect();
    starts.sort_unstable();
    starts.dedup();
    for _ in 0..EDGE_ROUNDS {
        for b in 0..edges.len() {
            let low = ranges[b].0.max(if b == 0 { 0 } else { edges[b - 1] + 1 });
            let high = ranges[b]
                .1
                .min(edges.get(b + 1).map_or(usize::MAX, |e| e - 1));
            if low > high {
                continue;
            }
            // Where the cut can fall: at a word start in the range, or at its low end.
            let mut candidates: Vec<usize> = starts
                .iter()
                .copied()
                .filter(|x| (low..=high).contains(x))
                .collect();
            candidates.push(low);
            if roomy && candidates.iter().any(|&x| !parts_a_run(x)) {
                candidates.retain(|&x| !parts_a_run(x));
            }
            candidates.sort_by_key(|x| (x.abs_diff(edges[b]), *x));
            candidates.truncate(MAX_CUT_CANDIDATES);
            let mut best: Option<(f64, usize)> = None;
            for x in candidates {
                let mut trial = edges.clone();
                trial[b] = x;
                let cells = cut_cells(lines, &trial, width);
                let value = cells::score_continued(roles[b], prefix_of(b), &cells[b])
                    + cells::score_continued(roles[b + 1], prefix_of(b + 1), &cells[b + 1])
                    // Ties go to where the lines' words agree best on an edge, then to the
                    // edge the positions chose.
                    + 1e-4 * evidence.at(x) as f64
                    - 1e-7 * x.abs_diff(edges[b]) as f64;
                if best.is_none_or(|(v, _)| value > v) {
                    best = Some((value, x));
                }
            }
            if let Some((_, x)) = best {
                edges[b] = x;
            }
        }
    }
    // Then each line's own cuts: a crowded line pushes its words right, and a ragged column's
    // line may start a little off the row's edge, so each cut of each line may still move by a
    // word or two where the cells it divides read better.
    let mut cuts: Vec<Vec<usize>> = lines
        .iter()
        .map(|words| {
            edges
                .iter()
                .map(|edge| words.iter().take_while(|w| w.0 < *edge).count())
                .collect()
        })
        .collect();
    let lengths: Vec<usize> = lines.iter().map(|words| words.len()).collect();
    // A roomy row's lines keep the row's edges: every run of words already lies within one
    // column, and a line's own cut could only move a word across a wide gap.
    if !roomy {
        cells::refine_cuts(&mut cuts, &lengths, |cuts, l, b| {
            let cells = cells_at_cuts(lines, cuts, width);
            // Ties go to the cut whose first word starts nearest the row's edge.
            let off_edge = lines[l]
                .get(cuts[l][b])
                .map_or(0, |word| word.0.abs_diff(edges[b])) as f64
                * 1e-4;
            cells::score_continued(roles[b], prefix_of(b), &cells[b])
                + cells::score_continued(roles[b + 1], prefix_of(b + 1), &cells[b + 1])
                - off_edge
        });
    }
    let mut cells = cells_at_cuts(lines, &cuts, width);
    cells.resize(roles.len(), String::new());
    (cells, Reading::ByContent, roomy)
}

/// How a row's cells were cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Where they read best as what their columns hold.
    ByContent,
    /// Where positions alone put the edges (the row is too long, or the budget is spent).
    ByPosition,
}

/// The cells of a row's lines when line `l` opens column `b + 1` at its word `cuts[l][b]`.
fn cells_at_cuts(lines: &[&[Word]], cuts: &[Vec<usize>], width: usize) -> Vec<String> {
    let mut cells = vec![String::new(); width];
    for (words, cuts) in lines.iter().zip(cuts) {
        let mut last_column = None;
        for (k, (_, _, word)) in words.iter().enumerate() {
            let column = cuts.partition_point(|c| *c <= k).min(width - 1);
            push_word(&mut cells[column], word, last_column != Some(column));
            last_column = Some(column);
        }
    }
    cells
}

/// The table's lines on one page (between page breaks or repeated headers), and which header
/// names' positions hold there (an index into the label sets): each page lays its text out on
/// its own grid.
struct Run<'a> {
    labels: usize,
    lines: Vec<LaidLine<'a>>,
}

/// A row being read: its number, its lines with the run each is in.
struct PendingRow<'l, 'a> {
    tt: String,
    groups: Vec<crate::model::Group>,
    /// The first line's words after the number.
    first_words: Vec<Word<'a>>,
    lines: Vec<(usize, &'l LaidLine<'a>)>,
}

/// A row whose cells of one page were read two ways that disagree reads at this confidence.
const DISAGREEING_READINGS_CONFIDENCE: f64 = 0.85;
/// A row cut by positions alone: in crowded text, a guess.
const POSITION_ONLY_CONFIDENCE: f64 = 0.7;
/// A row's page parts past this many, or once its cells hold this many bytes, are cut by
/// position: reading them by content scores against everything the cells hold, so a row over
/// thousands of pages would cost the square of its length.
const MAX_CONTENT_CHUNKS: usize = 8;
const MAX_CONTENT_PREFIX_BYTES: usize = 8 * 1024;

/// The header lines from `lines[index]` on (blank lines between them allowed): returns them and
/// the index after the last, or after the rule drawn under them (pandoc's tables).
pub fn header_lines_from(lines: &[Line], index: usize) -> (Vec<&Line>, usize) {
    let mut taken = vec![&lines[index]];
    let names: Vec<(usize, usize)> = segments(&lines[index].text)
        .iter()
        .map(|(start, text)| (*start, start + text.chars().count()))
        .collect();
    // A name going on below sits under its name, centred like it: a row's line of words a
    // header also uses ("thực hiện", "số mới") sits where its own cell is.
    let under_a_name = |text: &str| {
        segments(text).iter().all(|(start, piece)| {
            let width = piece.chars().count();
            names.iter().any(|(from, to)| {
                let reach = (to - from).max(width) / 2 + LABEL_SLACK;
                (2 * start + width).abs_diff(from + to) <= 2 * reach
            })
        })
    };
    let mut end = index + 1;
    let mut at = end;
    while let Some(next) = lines.get(at) {
        if next.kind == LineKind::Blank {
            at += 1;
            continue;
        }
        if super::is_drawn_rule(&next.text) {
            // The rule under the header (pandoc's tables) ends it.
            end = at + 1;
            break;
        }
        if !next.is_content()
            || !header::is_header_continuation(&next.text)
            || !under_a_name(&next.text)
        {
            break;
        }
        taken.push(next);
        at += 1;
        end = at;
    }
    (taken, end)
}

/// `grid`: where a rule drawn under the header starts each column (`rule_starts`; empty when
/// there is none).
pub fn parse(
    lines: &[Line],
    header: &Header,
    labels: &[(usize, usize)],
    grid: &[usize],
    diagnostics: &mut Vec<Diagnostic>,
    budget: &mut Budget,
    max_rows: usize,
) -> Vec<RawRow> {
    let roles = header.cell_roles();
    // Every leading number column ("TT", "STT") is left of the cells.
    let skip = header
        .roles
        .iter()
        .take_while(|r| **r == Role::Number)
        .count();
    let quantities = header.kind == crate::model::TableKind::Indicators;
    let mut label_sets: Vec<Vec<(usize, usize)>> = vec![labels.to_vec()];
    let mut runs: Vec<Run> = vec![Run {
        labels: 0,
        lines: Vec::new(),
    }];
    let mut index = 0;
    while index < lines.len() {
        let line = &lines[index];
        index += 1;
        let current = runs.last().map_or(0, |r| r.labels);
        if line.kind == LineKind::PageBreak {
            if runs.last().is_some_and(|r| !r.lines.is_empty()) {
                runs.push(Run {
                    labels: current,
                    lines: Vec::new(),
                });
            }
            continue;
        }
        if !line.is_content() || super::is_drawn_rule(&line.text) {
            continue;
        }
        let collapsed = collapse_whitespace(&line.text);
        if header::is_column_number_line(&collapsed) {
            continue;
        }
        let split_header = || {
            lines[index..]
                .iter()
                .find(|l| l.is_content())
                .is_some_and(|next| header::opens_split_header(&line.text, &next.text))
        };
        if header::opens_header(&collapsed) || split_header() {
            // The header repeated on a later page: its names give that page's grid.
            let (header_lines, end) = header_lines_from(lines, index - 1);
            index = end;
            let (_, repeated) = header_and_labels(&header_lines);
            let set = if repeated.len() == labels.len() {
                label_sets.push(repeated);
                label_sets.len() - 1
            } else {
                0
            };
            if runs.last().is_some_and(|r| r.lines.is_empty()) {
                runs.pop();
            }
            runs.push(Run {
                labels: set,
                lines: Vec::new(),
            });
            continue;
        }
        if let Some(run) = runs.last_mut() {
            run.lines.push(LaidLine::new(line));
        }
    }
    let bands: Vec<Vec<(usize, usize)>> = label_sets
        .iter()
        .map(|set| column_bands(set.get(skip..).unwrap_or(&[])))
        .collect();
    let mut tracker = GroupTracker::default();
    let mut pending: Vec<PendingRow> = Vec::new();
    // The last numbered row's number: a long number ("1000") is a row's when it goes on from it.
    let mut last_number = super::numbering::LastRow::default();
    let mut in_row = false;
    let mut after_group = false;
    'runs: for (run_index, run) in runs.iter().enumerate() {
        let labels = &label_sets[run.labels];
        // Where the name of the column after the task (or indicator) starts: text there is past
        // the task column whatever the drift.
        let second_cell_from = labels
            .get(skip + 1)
            .map(|label| label.0.saturating_sub(LABEL_SLACK));
        // Where the number column's name ends: a row's number starts no further right.
        let number_label_end = skip
            .checked_sub(1)
            .and_then(|k| labels.get(k))
            .map_or(0, |label| label.1);
        let number_edge = match (skip.checked_sub(1).map(|k| labels.get(k)), labels.get(skip)) {
            (Some(Some(number)), Some(first_cell)) => {
                let high = first_cell.0 + LABEL_SLACK;
                let evidence = EdgeEvidence::of(run.lines.iter().map(|l| &l.words[..]), high);
                // Where the numbers themselves start, under the number column's name, is no
                // edge between number and task (a split there leaves every number empty),
                // however many lines start there: one crowded line ("30  Rà soát …") made it
                // outscore the task's edge and the whole table read as no rows. (A task's line
                // opening with a number starts in the task column, past that name.)
                let numbers_from = run
                    .lines
                    .iter()
                    .filter_map(|l| l.words.first())
                    .filter(|w| w.0 <= number.1 && w.2.starts_with(|c: char| c.is_ascii_digit()))
                    .map(|w| w.0 + 1)
                    .min()
                    .unwrap_or(0);
                let low = number
                    .1
                    .saturating_sub(LABEL_SLACK)
                    .max(1)
                    .max(numbers_from);
                evidence.best(low, high)
            }
            _ => 0,
        };
        for laid_line in &run.lines {
            // One row past `max_rows` (twice the rows the document has left) is enough for
            // `finish_table` to refuse the table: reading on would only spend memory.
            if pending.len() > max_rows {
                break 'runs;
            }
            let split = laid_line
                .words
                .iter()
                .take_while(|w| w.0 < number_edge)
                .count();
            // With two number columns ("TT", "STT") the row's number is the last one's.
            let number = match (skip, laid_line.words[..split].last()) {
                (2.., Some(last)) => last.2.to_string(),
                _ => join_words(&laid_line.words[..split]),
            };
            let last = last_number.get();
            let numbered = super::row_number_after(&number, last)
                .map(|tt| (tt, split))
                .or_else(|| {
                    // A crowded line: its task starts a little left of the edge the other
                    // lines agree on ("30  Rà soát …"), so its number is its first word alone.
                    // (A note's line, "1 Theo Quyết định …", runs on from the margin.)
                    let first = laid_line.words.first()?;
                    let second = laid_line.words.get(1)?;
                    let alone = skip < 2
                        && split > 1
                        && first.0 <= number_label_end
                        && second.0 + LABEL_SLACK >= number_edge;
                    // And it goes on from the numbering: a note's "2 Nghị quyết …" under row 3
                    // is no row.
                    let tt = alone.then(|| super::row_number_after(first.2, last))??;
                    let number = super::numbering::parse_number(&tt)?;
                    let goes_on = match last {
                        Some(_) => super::numbering::long_number_fits(last, &number),
                        None => number == [1],
                    };
                    goes_on.then_some((tt, 1))
                });
            if let Some((tt, split)) = numbered {
                last_number.keep(&tt);
                pending.push(PendingRow {
                    tt,
                    groups: tracker.current(),
                    first_words: laid_line.words[split..].to_vec(),
                    lines: vec![(run_index, laid_line)],
                });
                in_row = true;
                after_group = false;
                continue;
            }
            if !number.is_empty() {
                let candidate = collapse_whitespace(&laid_line.line.text);
                if let Some((group, title, level)) = tracker.recognize(&candidate, false) {
                    tracker.enter(group, title, level);
                    in_row = false;
                    after_group = true;
                    continue;
                }
            }
            // A group with a single task may print it with no number: a line right under the
            // group row with a cell past the task column (after a wide gap: a title printed
            // across the table goes on in one run of words) opens a row numbered "".
            let reaches_past_task = second_cell_from.is_some_and(|from| {
                laid_line
                    .words
                    .windows(2)
                    .any(|pair| pair[1].0 >= from && pair[1].0 - pair[0].1 >= 2)
            });
            if after_group && number.is_empty() && reaches_past_task {
                pending.push(PendingRow {
                    tt: String::new(),
                    groups: tracker.current(),
                    first_words: laid_line.words.clone(),
                    lines: vec![(run_index, laid_line)],
                });
                in_row = true;
                after_group = false;
                continue;
            }
            after_group = false;
            match pending.last_mut().filter(|_| in_row) {
                Some(row) => row.lines.push((run_index, laid_line)),
                None => diagnostics.push(Diagnostic::new(
                    "table-line-skipped",
                    Severity::Info,
                    format!(
                        "line in a column-aligned table outside any row: \"{}\"",
                        collapse_whitespace(&laid_line.line.text)
                            .chars()
                            .take(60)
                            .collect::<String>()
                    ),
                    [laid_line.line.no, laid_line.line.no],
                )),
            }
        }
    }
    let gridded = is_gridded(&runs, grid);
    pending
        .into_iter()
        .map(|row| read_row(row, &runs, &bands, &roles, quantities, gridded, budget))
        .collect()
}

/// Share of a table's runs of single-spaced words that must start where its rule's dashes do
/// for the table to be `is_gridded`.
const GRIDDED_SHARE: f64 = 0.9;

/// Where each run of dashes (or "=") of a rule drawn under a header starts, in characters: the
/// columns' left edges of a converter's table ("------ ----------- ------", pandoc).
pub fn rule_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut previous = ' ';
    for (column, c) in text.chars().enumerate() {
        if matches!(c, '-' | '=') && !matches!(previous, '-' | '=') {
            starts.push(column);
        }
        previous = c;
    }
    starts
}

/// Whether a table is laid out on an exact grid, as a converter draws one: a rule under its
/// header marks each column's left edge (`grid`, `rule_starts`), and nearly all of its runs of
/// single-spaced words start at one of them. `pdftotext -layout` draws no such rule, and its
/// columns drift from row to row.
fn is_gridded(runs: &[Run], grid: &[usize]) -> bool {
    if grid.len() < 3 {
        return false;
    }
    let (mut total, mut on_grid) = (0usize, 0usize);
    for line in runs.iter().flat_map(|run| &run.lines) {
        for piece in pieces(&line.words) {
            if let Some(first) = piece.first() {
                total += 1;
                on_grid += usize::from(grid.binary_search(&first.0).is_ok());
            }
        }
    }
    total > 0 && on_grid as f64 >= GRIDDED_SHARE * total as f64
}

/// Reads a row's lines into its cells, one page part (chunk) at a time; see `read_chunk` and
/// `read_line`.
fn read_row(
    row: PendingRow,
    runs: &[Run],
    bands: &[Vec<(usize, usize)>],
    roles: &[Role],
    quantities: bool,
    gridded: bool,
    budget: &mut Budget,
) -> RawRow {
    let mut cells = vec![String::new(); roles.len()];
    let mut disagreed = false;
    let mut by_position = false;
    let mut from = 0;
    let mut chunk_count = 0;
    while from < row.lines.len() {
        let run_index = row.lines[from].0;
        let to = row.lines[from..]
            .iter()
            .position(|(r, _)| *r != run_index)
            .map_or(row.lines.len(), |n| from + n);
        let chunk: Vec<&[Word]> = (from..to)
            .map(|k| match k {
                0 => row.first_words.as_slice(),
                _ => row.lines[k].1.words.as_slice(),
            })
            .collect();
        from = to;
        chunk_count += 1;
        let bands = &bands[runs[run_index].labels];
        let held: usize = cells.iter().map(String::len).sum();
        let chunk_bytes = chunk_bytes(&chunk);
        if chunk_count > MAX_CONTENT_CHUNKS || held + chunk_bytes > MAX_CONTENT_PREFIX_BYTES {
            by_position = true;
            let added = cut_by_position(&chunk, bands, roles.len());
            for (cell, text) in cells.iter_mut().zip(added) {
                cells::join_line_text(cell, &text);
            }
            continue;
        }
        // Two readings of the chunk: one set of edges for all its lines, then each line's cuts
        // moved a little; or each line cut on its own. The one whose cells read better wins
        // (ties: the first).
        let (added, reading, roomy) = read_chunk(&chunk, bands, roles, &cells, gridded, budget);
        let mut shared = cells.clone();
        for (cell, text) in shared.iter_mut().zip(added) {
            cells::join_line_text(cell, &text);
        }
        if reading == Reading::ByPosition {
            by_position = true;
            cells = shared;
            continue;
        }
        if roomy {
            // Every run of words lies within one column: cutting each line on its own could
            // only part a run.
            cells = shared;
            continue;
        }
        let mut by_line = cells.clone();
        let mut by_line_reading = Reading::ByContent;
        for words in &chunk {
            if read_line(
                &pieces(words),
                bands,
                roles,
                quantities,
                &mut by_line,
                budget,
            ) == Reading::ByPosition
            {
                by_line_reading = Reading::ByPosition;
            }
        }
        let total = |cells: &[String]| -> f64 {
            roles
                .iter()
                .zip(cells)
                .map(|(role, text)| cells::score(*role, text))
                .sum()
        };
        disagreed |= by_line != shared;
        if total(&by_line) > total(&shared) {
            cells = by_line;
            by_position |= by_line_reading == Reading::ByPosition;
        } else {
            cells = shared;
        }
    }
    let first = row.lines.first().map_or(0, |l| l.1.line.no);
    let last = row.lines.last().map_or(first, |l| l.1.line.no);
    let (confidence, warnings) =
        if by_position {
            (
            POSITION_ONLY_CONFIDENCE,
            vec!["column-aligned row cut where positions alone put the column edges (the row is \
                  too long, or the document's budget for reading cells by their words is spent)"
                .to_string()],
        )
        } else if disagreed {
            (
                DISAGREEING_READINGS_CONFIDENCE,
                vec![
                    "crowded column-aligned lines: cutting every line at one set of column edges \
                  and cutting each line on its own gave different cells; the cells that read \
                  better were kept"
                        .to_string(),
                ],
            )
        } else {
            (0.95, Vec::new())
        };
    RawRow {
        tt: row.tt,
        groups: row.groups,
        cells,
        lines: [first, last],
        confidence,
        warnings,
        continued: false,
    }
}

/// Column edges of a row's page part read from positions alone.
struct PositionEdges {
    /// Edge b opens column b + 1: between where that column may start and where column b must
    /// end.
    ranges: Vec<(usize, usize)>,
    evidence: EdgeEvidence,
    /// In each range, where the lines' words agree best on an edge.
    edges: Vec<usize>,
}

fn position_edges(lines: &[&[Word]], bands: &[(usize, usize)], width: usize) -> PositionEdges {
    let ranges: Vec<(usize, usize)> = (1..width)
        .map(|b| (bands[b].0, bands[b - 1].1.max(bands[b].0)))
        .collect();
    let limit = ranges.iter().map(|r| r.1).max().unwrap_or(0);
    let evidence = EdgeEvidence::of(lines.iter().copied(), limit);
    let mut edges: Vec<usize> = Vec::with_capacity(ranges.len());
    for &(low, high) in &ranges {
        let low = low.max(edges.last().map_or(0, |e| e + 1));
        edges.push(evidence.best(low, high.max(low)));
    }
    PositionEdges {
        ranges,
        evidence,
        edges,
    }
}

/// The text of a row's page part, in bytes: what reading it by content looks at.
fn chunk_bytes(lines: &[&[Word]]) -> usize {
    lines
        .iter()
        .flat_map(|words| words.iter())
        .map(|w| w.2.len() + 1)
        .sum()
}

/// A chunk's cells where positions alone put the edges (the lines' words agree best on them).
fn cut_by_position(lines: &[&[Word]], bands: &[(usize, usize)], columns: usize) -> Vec<String> {
    let width = columns.min(bands.len());
    if width == 0 {
        return vec![String::new(); columns];
    }
    let edges = position_edges(lines, bands, width).edges;
    let mut cells = cut_cells(lines, &edges, width);
    cells.resize(columns, String::new());
    cells
}

#[cfg(test)]
mod tests {
    use super::super::tests::table_of;
    use super::*;

    /// The shape `pdftotext -layout` gives narrow justified columns: one space between cells on
    /// crowded lines, wide gaps inside cells, the lead's name broken over three lines whose
    /// starts drift. Bands fixed from the header cut "Các" off its name; reading by content
    /// keeps it whole.
    #[test]
    fn crowded_justified_cells_are_cut_by_what_they_hold() {
        let table = table_of(
            "TT       Nhiệm vụ, giải pháp       Cơ quan chủ     Cơ quan       Thời gian\n\
             \x20                                      trì         phối hợp\n\
             I    Xây dựng quy chế, quy định\n\
             1    Tiếp tục rà soát, bổ sung, sửa Các       sở, Sở Thông tin Hàng năm\n\
             \x20    đổi Danh mục cơ sở dữ liệu ngành,        địa và    Truyền\n\
             \x20    mở; triển khai cung cấp dữ phương            thông\n\
             \x20    liệu mở theo lộ trình.\n",
        );
        assert_eq!(table.rows.len(), 1);
        let row = &table.rows[0];
        assert_eq!(row.id, "I.1");
        assert_eq!(
            row.task.as_deref(),
            Some("Tiếp tục rà soát, bổ sung, sửa đổi Danh mục cơ sở dữ liệu mở; triển khai cung cấp dữ liệu mở theo lộ trình.")
        );
        assert_eq!(row.lead.raw, "Các sở, ngành, địa phương");
        assert_eq!(
            row.support.as_ref().map(|s| s.raw.as_str()),
            Some("Sở Thông tin và Truyền thông")
        );
        assert_eq!(
            row.timeframe.as_ref().map(|t| t.raw.as_str()),
            Some("Hàng năm")
        );
    }

    /// A crowded line runs the result into the timeframe with one space ("… của UBND Sau khi
    /// có"), and the line below starts the timeframe under "khi". Cutting there opened the
    /// timeframe with "khi có …", which reads as a timeframe too, and left "Sau" in the result:
    /// the two cuts scored alike until a lowercase opening cost what it costs in `cells::place`.
    #[test]
    fn a_cell_rarely_opens_with_a_lowercase_word() {
        let table = table_of(
            "TT   Tên nhiệm vụ          Cơ quan chủ trì  Cơ quan phối hợp  Kết quả             Thời gian\n\
             7    Triển khai định mức   Sở Nội vụ        Các sở, ngành     Văn bản của UBND Sau khi có Văn bản\n\
             \x20    kinh tế kỹ thuật                                         tỉnh                 của Trung ương\n",
        );
        assert_eq!(table.rows.len(), 1);
        let row = &table.rows[0];
        assert_eq!(row.result.as_deref(), Some("Văn bản của UBND tỉnh"));
        assert_eq!(
            row.timeframe.as_ref().map(|t| t.raw.as_str()),
            Some("Sau khi có Văn bản của Trung ương")
        );
    }

    /// "Số" above "TT" names the number column; a repeated header on the next page is not a row.
    #[test]
    fn number_column_named_over_two_lines() {
        let header = "Số      Nhiệm vụ, giải pháp        Cơ quan chủ trì    Cơ quan phối hợp   Thời gian\nTT\n";
        let table = table_of(&format!(
            "{header}1       Rà soát danh mục dữ liệu   Sở Y tế            Các sở, ngành      Năm 2026-\n\
             \x20                                                                            2030\n\
             \x0c\n{header}2       Cập nhật kiến trúc số      Công an tỉnh       Sở Tài chính       Hằng năm\n"
        ));
        assert_eq!(table.columns[0], "Số TT");
        let ids: Vec<&str> = table.rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["1", "2"]);
        // A range the column wrapped after its hyphen is one range again.
        assert_eq!(
            table.rows[0].timeframe.as_ref().map(|t| t.raw.as_str()),
            Some("Năm 2026-2030")
        );
        assert_eq!(table.rows[1].lead.raw, "Công an tỉnh");
    }

    /// A group's only task printed without a number is a row numbered ""; a group title that
    /// goes on to a second line is not.
    #[test]
    fn an_unnumbered_task_under_a_group_is_a_row() {
        let table = table_of(
            "TT   Nhiệm vụ                      Cơ quan chủ trì    Cơ quan phối hợp   Thời gian\n\
             I    Sở Y tế và các cơ quan\n\
             \x20    trực thuộc\n\
             1    Rà soát dữ liệu y tế          Sở Y tế            Các sở, ngành      Năm 2026\n\
             II   Hội Doanh nghiệp\n\
             \x20    Tham gia phát triển dữ liệu   Hội Doanh nghiệp   Các sở, ngành      Hằng năm\n",
        );
        let ids: Vec<&str> = table.rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["I.1", "II."]);
        assert_eq!(table.rows[1].tt, "");
        assert_eq!(table.rows[1].lead.raw, "Hội Doanh nghiệp");
        assert_eq!(
            table.rows[1].task.as_deref(),
            Some("Tham gia phát triển dữ liệu")
        );
    }

    /// A cell's last line may be made of words a header also uses ("số mới", "quản"): it is
    /// the row's, not a header's.
    #[test]
    fn a_row_line_of_header_words_stays_in_the_row() {
        let table = table_of(
            "TT   Nhiệm vụ                      Cơ quan chủ trì    Cơ quan phối hợp   Thời gian\n\
             1    Rà soát bộ chỉ số             Sở Y tế            Các sở, ngành      Khi Bộ ban hành\n\
             \x20                                                                      Bộ chỉ số mới\n\
             2    Cập nhật dữ liệu              Sở Tài chính       Các sở, ngành      Hằng năm\n\
             \x20                                                                      số mới\n",
        );
        assert_eq!(table.rows.len(), 2);
        assert_eq!(
            table.rows[0].timeframe.as_ref().map(|t| t.raw.as_str()),
            Some("Khi Bộ ban hành Bộ chỉ số mới")
        );
        // Where a lone "số mới" goes is the content's call; it is not lost.
        let second = &table.rows[1];
        let texts = [
            second.task.clone().unwrap_or_default(),
            second.lead.raw.clone(),
            second
                .support
                .as_ref()
                .map(|s| s.raw.clone())
                .unwrap_or_default(),
            second
                .timeframe
                .as_ref()
                .map(|t| t.raw.clone())
                .unwrap_or_default(),
        ];
        assert!(texts.iter().any(|t| t.ends_with("số mới")), "{texts:?}");
        assert_eq!(
            second.lines[1],
            second.lines[0] + 1,
            "the line is the row's"
        );
    }

    #[test]
    fn a_wrapped_range_joins_without_a_space_only_across_lines() {
        let mut cell = String::from("Năm 2026-");
        push_word(&mut cell, "2030", true);
        assert_eq!(cell, "Năm 2026-2030");
        let mut cell = String::from("Năm 2026-");
        push_word(&mut cell, "2030", false);
        assert_eq!(cell, "Năm 2026- 2030");
        let mut cell = String::from("Sở Y tế -");
        push_word(&mut cell, "2030", true);
        assert_eq!(cell, "Sở Y tế - 2030");
    }

    /// Past the document's budget, rows are still read (by position) and say so.
    #[test]
    fn a_spent_budget_reads_rows_by_position() {
        let text =
            "PHỤ LỤC\nTT   Nhiệm vụ         Cơ quan chủ trì   Cơ quan phối hợp   Thời gian\n\
                    1    Rà soát dữ liệu  Sở Y tế           Các sở, ngành      Năm 2026\n";
        let document = crate::clean::clean(&format!("KẾ HOẠCH\nI. MỤC TIÊU\nNội dung.\n{text}"));
        let region = &document.regions.appendices[0];
        let lines = document.slice(region);
        let header_at = lines.iter().position(|l| l.text.starts_with("TT")).unwrap();
        let (header, labels) = header_and_labels(&[&lines[header_at]]);
        let mut spent = Budget::new(0);
        let rows = parse(
            &lines[header_at + 1..],
            &header,
            &labels,
            &[],
            &mut Vec::new(),
            &mut spent,
            crate::structure::MAX_TABLE_ROWS,
        );
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].cells[1], "Sở Y tế");
        assert!(rows[0].confidence < 0.9);
        assert_eq!(
            rows[0].warnings,
            ["column-aligned row cut where positions alone put the column edges (the row is too \
              long, or the document's budget for reading cells by their words is spent)"]
        );
    }

    #[test]
    fn segments_split_at_wide_gaps() {
        let segs = segments("1    Rà soát danh mục   Sở Y tế     2025");
        let texts: Vec<&str> = segs.iter().map(|s| s.1.as_str()).collect();
        assert_eq!(texts, vec!["1", "Rà soát danh mục", "Sở Y tế", "2025"]);
        assert_eq!(segs[1].0, 5);
    }

    /// A converter's rule gives the columns' left edges; a table is gridded only when nearly
    /// all its runs of words start there, and never without a rule.
    #[test]
    fn a_table_is_gridded_by_its_rule() {
        assert_eq!(rule_starts("  ------ ------- ---  ===="), [2, 9, 17, 22]);
        let text = "1      Rà soát  Sở Nội vụ  Năm 2026\n       hồ sơ\n";
        let lines = crate::clean::clean(text).lines;
        let run = Run {
            labels: 0,
            lines: lines.iter().map(LaidLine::new).collect(),
        };
        let runs = [run];
        assert!(is_gridded(&runs, &[0, 7, 16, 27]));
        // Without a rule, or with one whose edges the words do not keep.
        assert!(!is_gridded(&runs, &[]));
        assert!(!is_gridded(&runs, &[0, 9, 18, 30]));
    }
}

//! Appendix tables rebuilt from page geometry.
//!
//! A table starts at a header row: a line with a "TT"/"STT" cell near column headers the
//! lexicon below knows. Column bands come from the vertical ruling lines crossing the header
//! (or, in a table drawn without rules, from the header words' x clusters). Row bands come from
//! the horizontal rules (or, without rules, from the lines that have text in the TT column).
//! Words fall into cells by position, so a cell's wrapped lines stay together whatever the other
//! columns do. A header repeated on a later page is skipped, and a row cut by a page break goes
//! on in the first band of the next page (the band with no row number).

use super::glyphs::{Page, Rule};
use super::lines::{TextLine, Word};
use crate::domain::{agencies, text::fold, timeframe};
use crate::model::{Group, Row, RowIds, Table, TableKind};

/// What a column holds, decided from its header text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Number,
    Task,
    Indicator,
    Unit,
    Lead,
    Support,
    Result,
    Timeframe,
}

/// Header words (folded: lowercase, no diacritics) → field, tried in order: "Cơ quan chủ trì
/// theo dõi" is a lead before it is anything else, "Đơn vị chủ trì" is a lead, "Đơn vị" alone a
/// unit. One table, so another wording is one line here.
const HEADER_WORDS: &[(&str, Field)] = &[
    ("chu tri", Field::Lead),
    ("theo doi", Field::Lead),
    ("phoi hop", Field::Support),
    ("thoi gian", Field::Timeframe),
    ("thoi han", Field::Timeframe),
    ("tien do", Field::Timeframe),
    ("ket qua", Field::Result),
    ("san pham", Field::Result),
    ("chi tieu", Field::Indicator),
    ("don vi tinh", Field::Unit),
    ("nhiem vu", Field::Task),
    ("noi dung", Field::Task),
    ("giai phap", Field::Task),
    ("ten ", Field::Task),
    ("hoat dong", Field::Task),
    ("de an", Field::Task),
];

/// Cells that mark the row-number column.
const NUMBER_HEADERS: &[&str] = &["tt", "stt", "so tt"];

fn field_of(header: &str) -> Option<Field> {
    let folded = fold(header);
    let bare = folded.trim_end_matches(['.', ':']).trim();
    if NUMBER_HEADERS.contains(&bare) {
        return Some(Field::Number);
    }
    if bare == "don vi" {
        return Some(Field::Unit);
    }
    let padded = format!("{bare} ");
    HEADER_WORDS
        .iter()
        .find(|(words, _)| padded.contains(words))
        .map(|(_, field)| *field)
}

#[derive(Debug, Clone)]
pub struct Column {
    pub header: String,
    pub field: Option<Field>,
    pub x0: f64,
    pub x1: f64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKind {
    Group,
    Data,
}

#[derive(Debug, Clone)]
pub struct FoundRow {
    pub kind: RowKind,
    /// Cell texts, one per column (a group row: number, then its title in the second cell).
    pub cells: Vec<String>,
    /// Index of the text line the row starts on (into the document's lines).
    pub first_line: usize,
    /// The row went on past a page break.
    pub continued: bool,
}

#[derive(Debug, Clone)]
pub struct FoundTable {
    pub appendix: Option<String>,
    pub title: Option<String>,
    pub columns: Vec<Column>,
    /// Index of the header's first text line.
    pub header_line: usize,
    pub rows: Vec<FoundRow>,
    /// Every text line the table's cells (and repeated headers) are made of.
    pub consumed: Vec<usize>,
}

/// A header row found on a page.
#[derive(Debug, Clone)]
struct Header {
    page: usize,
    top: f64,
    bottom: f64,
    first_line: usize,
    columns: Vec<Column>,
    ruled: bool,
}

impl Header {
    fn key(&self) -> Vec<String> {
        self.columns.iter().map(|c| fold(&c.header)).collect()
    }

    fn x0(&self) -> f64 {
        self.columns.first().map_or(0.0, |c| c.x0)
    }

    fn x1(&self) -> f64 {
        self.columns.last().map_or(0.0, |c| c.x1)
    }
}

/// Finds every table of the document.
pub fn find(pages: &[Page], lines: &[TextLine]) -> Vec<FoundTable> {
    let by_page = lines_by_page(pages.len(), lines);
    let rulings: Vec<Rulings> = pages.iter().map(|p| Rulings::of(&p.rules)).collect();
    let mut headers: Vec<Header> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if headers
            .last()
            .is_some_and(|h| h.page == line.page && line.baseline < h.bottom)
        {
            continue;
        }
        if let Some(header) = header_at(index, line, lines, &by_page, &rulings) {
            headers.push(header);
        }
    }
    let mut tables = Vec::new();
    let mut index = 0;
    while index < headers.len() {
        let first = &headers[index];
        // Later headers with the same columns on the following pages are repeats.
        let mut repeats: Vec<Header> = Vec::new();
        let mut next = index + 1;
        while let Some(candidate) = headers.get(next) {
            let last_page = repeats.last().map_or(first.page, |h| h.page);
            if candidate.page == last_page + 1
                && same_columns(candidate, first)
                && nothing_above(candidate, &by_page, lines)
            {
                let mut repeat = candidate.clone();
                if !repeat.ruled {
                    // Without rules a repeated header may take in the first line of the row
                    // cut by the page break; it is as tall as the first header, no taller.
                    repeat.bottom = repeat
                        .bottom
                        .min(repeat.top + (first.bottom - first.top) + 1.0);
                }
                repeats.push(repeat);
                next += 1;
            } else {
                break;
            }
        }
        let stop_page = headers.get(next).map_or(pages.len(), |h| h.page + 1);
        let stop_line = headers.get(next).map_or(lines.len(), |h| h.first_line);
        let table = build(
            first, &repeats, stop_page, stop_line, pages, lines, &by_page, &rulings,
        );
        if !table.rows.is_empty() {
            tables.push(table);
        }
        index = next;
    }
    tables
}

fn lines_by_page(page_count: usize, lines: &[TextLine]) -> Vec<Vec<usize>> {
    let mut by_page = vec![Vec::new(); page_count];
    for (index, line) in lines.iter().enumerate() {
        if let Some(list) = by_page.get_mut(line.page) {
            list.push(index);
        }
    }
    by_page
}

/// The same header again: as many columns, each cell the same words (a cell of a header read
/// without rules may have taken in words of the line below it).
fn same_columns(candidate: &Header, first: &Header) -> bool {
    candidate.columns.len() == first.columns.len()
        && candidate
            .key()
            .iter()
            .zip(first.key())
            .all(|(a, b)| a.starts_with(&b))
}

/// A repeated header sits at the top of its page: only page furniture (a page number) above.
fn nothing_above(header: &Header, by_page: &[Vec<usize>], lines: &[TextLine]) -> bool {
    let above = by_page
        .get(header.page)
        .map(|list| {
            list.iter()
                .filter(|&&i| lines[i].bottom <= header.top + 1.0)
                .filter(|&&i| !is_page_number(&lines[i]))
                .count()
        })
        .unwrap_or(0);
    above == 0
}

/// A lone number (or "- 12 -", "Trang 12") on a line: a page number, not content.
pub fn is_page_number(line: &TextLine) -> bool {
    let text = line.text();
    let bare = text
        .trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace())
        .trim_start_matches("Trang ");
    !bare.is_empty() && bare.len() <= 4 && bare.chars().all(|c| c.is_ascii_digit())
}

/// Horizontal and vertical rules of one page, collinear pieces merged.
#[derive(Debug, Clone, Default)]
struct Rulings {
    horizontal: Vec<Rule>,
    vertical: Vec<Rule>,
}

impl Rulings {
    fn of(rules: &[Rule]) -> Rulings {
        let (mut horizontal, mut vertical): (Vec<Rule>, Vec<Rule>) =
            rules.iter().partition(|r| r.is_horizontal());
        horizontal.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
        vertical.sort_by(|a, b| a.x0.total_cmp(&b.x0).then(a.y0.total_cmp(&b.y0)));
        Rulings {
            horizontal: merge(horizontal, true),
            vertical: merge(vertical, false),
        }
    }
}

/// Joins rules on the same line whose extents touch (cell borders are often drawn per cell).
fn merge(sorted: Vec<Rule>, horizontal: bool) -> Vec<Rule> {
    let mut out: Vec<Rule> = Vec::new();
    for rule in sorted {
        let (pos, start, end) = if horizontal {
            ((rule.y0 + rule.y1) / 2.0, rule.x0, rule.x1)
        } else {
            ((rule.x0 + rule.x1) / 2.0, rule.y0, rule.y1)
        };
        if let Some(last) = out.last_mut() {
            let (last_pos, last_end) = if horizontal {
                ((last.y0 + last.y1) / 2.0, last.x1)
            } else {
                ((last.x0 + last.x1) / 2.0, last.y1)
            };
            if (pos - last_pos).abs() <= 1.5 && start <= last_end + 2.0 {
                if horizontal {
                    last.x1 = last.x1.max(end);
                } else {
                    last.y1 = last.y1.max(end);
                }
                continue;
            }
        }
        out.push(if horizontal {
            Rule {
                x0: start,
                x1: end,
                y0: pos,
                y1: pos,
            }
        } else {
            Rule {
                x0: pos,
                x1: pos,
                y0: start,
                y1: end,
            }
        });
    }
    out
}

fn is_number_word(text: &str) -> bool {
    NUMBER_HEADERS.contains(&fold(text).trim_end_matches(['.', ':']))
}

/// Tries to read a header row around `line`: it must hold a "TT"-like word and at least two
/// other known column headers.
fn header_at(
    index: usize,
    line: &TextLine,
    lines: &[TextLine],
    by_page: &[Vec<usize>],
    rulings: &[Rulings],
) -> Option<Header> {
    let number_word = line.words.iter().enumerate().find_map(|(i, w)| {
        let joined = line
            .words
            .get(i + 1)
            .map(|next| format!("{} {}", w.text, next.text));
        if is_number_word(&w.text) {
            Some(w.clone())
        } else if joined.as_deref().is_some_and(is_number_word) {
            let next = line.words.get(i + 1)?;
            Some(Word {
                x1: next.x1,
                text: joined.unwrap_or_default(),
                ..w.clone()
            })
        } else {
            None
        }
    })?;
    let size = line.size();
    let page_rules = rulings.get(line.page)?;
    let page_lines = by_page.get(line.page)?;
    // With rules: the header band is the space between the rules just above and below "TT".
    let spans_table = |r: &&Rule| r.x0 <= number_word.x0 + 2.0 && r.x1 >= number_word.x1 + 100.0;
    let rule_above = page_rules
        .horizontal
        .iter()
        .filter(spans_table)
        .filter(|r| r.y0 <= number_word.top + 1.0 && r.y0 >= number_word.top - 6.0 * size)
        .map(|r| r.y0)
        .fold(f64::NEG_INFINITY, f64::max);
    let rule_below = page_rules
        .horizontal
        .iter()
        .filter(spans_table)
        .filter(|r| r.y0 >= number_word.bottom - 1.0 && r.y0 <= number_word.bottom + 6.0 * size)
        .map(|r| r.y0)
        .fold(f64::INFINITY, f64::min);
    let ruled = rule_above.is_finite() && rule_below.is_finite();
    let (top, bottom) = if ruled {
        (rule_above, rule_below)
    } else {
        unruled_header_band(line, &number_word, lines, page_lines)
    };
    let band_lines: Vec<usize> = page_lines
        .iter()
        .copied()
        .filter(|&i| lines[i].baseline > top && lines[i].baseline < bottom)
        .collect();
    let first_line = band_lines.first().copied().unwrap_or(index);
    let mut columns = if ruled {
        let mut xs: Vec<f64> = page_rules
            .vertical
            .iter()
            .filter(|v| v.y0 < bottom - 1.0 && v.y1 > top + 1.0)
            .map(|v| v.x0)
            .collect();
        xs.dedup_by(|a, b| (*a - *b).abs() < 2.0);
        xs.windows(2)
            .map(|pair| Column {
                header: String::new(),
                field: None,
                x0: pair[0],
                x1: pair[1],
            })
            .collect::<Vec<_>>()
    } else {
        Vec::new()
    };
    if columns.len() < 3 {
        columns = unruled_columns(&band_lines, lines);
    }
    for column in &mut columns {
        let words: Vec<&Word> = band_lines
            .iter()
            .flat_map(|&i| lines[i].words.iter())
            .filter(|w| w.center_x() > column.x0 && w.center_x() < column.x1)
            .collect();
        column.header = words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        column.field = field_of(&column.header);
    }
    columns.retain(|c| !c.header.is_empty());
    let known = columns
        .iter()
        .filter(|c| c.field.is_some_and(|f| f != Field::Number))
        .count();
    let has_number = columns
        .first()
        .is_some_and(|c| c.field == Some(Field::Number));
    if !has_number || known < 2 {
        return None;
    }
    Some(Header {
        page: line.page,
        top,
        bottom,
        first_line,
        columns,
        ruled,
    })
}

/// Without rules the header is the "TT" line and its close neighbours above and below (header
/// cells wrap onto two or three lines, set tighter than the gap to the title and the first row).
/// A neighbour belongs to the header only if each of its words sits under or over a header word
/// of the "TT" line: wrapped header cells are centred on their column, while the tail of a row
/// cut by a page break (right under a repeated header) starts at its cells' left edges.
fn unruled_header_band(
    line: &TextLine,
    number_word: &Word,
    lines: &[TextLine],
    page_lines: &[usize],
) -> (f64, f64) {
    let size = line.size();
    let position = page_lines
        .iter()
        .position(|&i| std::ptr::eq(&lines[i], line))
        .unwrap_or(0);
    let (mut top, mut bottom) = (line.top, line.bottom);
    let in_number_column = |l: &TextLine| {
        l.words
            .iter()
            .any(|w| w.x1 > number_word.x0 - 2.0 && w.x0 < number_word.x1 + 2.0)
    };
    // Above the "TT" line: header lines spread over several columns ("Số" over "TT", the
    // top lines of wrapped cells); a title or "(Kèm theo …)" line is one centred block.
    let only_number_column = |l: &TextLine| {
        l.words
            .iter()
            .all(|w| w.x1 > number_word.x0 - size && w.x0 < number_word.x1 + size)
    };
    let mut accepted: Vec<&TextLine> = vec![line];
    for &i in page_lines[..position].iter().rev().take(3) {
        let candidate = &lines[i];
        let spread = candidate.segments(0.8).len() >= 2;
        if top - candidate.bottom > 0.6 * size || !(spread || only_number_column(candidate)) {
            break;
        }
        top = candidate.top;
        accepted.push(candidate);
    }
    let spans: Vec<(f64, f64)> = accepted
        .iter()
        .flat_map(|l| l.segments(0.8))
        .filter_map(|s| Some((s.first()?.x0, s.last()?.x1)))
        .collect();
    let under_header = |l: &TextLine| {
        l.words.iter().all(|w| {
            spans
                .iter()
                .any(|&(x0, x1)| w.x0 >= x0 - 2.0 * size && w.x1 <= x1 + 2.0 * size)
        })
    };
    for &i in page_lines.iter().skip(position + 1).take(3) {
        let candidate = &lines[i];
        if candidate.top - bottom > 0.6 * size
            || in_number_column(candidate)
            || !under_header(candidate)
        {
            break;
        }
        bottom = candidate.bottom;
    }
    (top - 0.5, bottom + 0.5)
}

/// Columns of a header drawn without rules: x clusters of its words, cut half way between.
fn unruled_columns(band_lines: &[usize], lines: &[TextLine]) -> Vec<Column> {
    let mut spans: Vec<(f64, f64, f64)> = band_lines
        .iter()
        .flat_map(|&i| lines[i].words.iter())
        .map(|w| (w.x0, w.x1, w.size))
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut clusters: Vec<(f64, f64)> = Vec::new();
    for (x0, x1, size) in spans {
        // Words of one header cell are a word space apart; cells are further apart.
        match clusters.last_mut() {
            Some(last) if x0 <= last.1 + 0.8 * size => last.1 = last.1.max(x1),
            _ => clusters.push((x0, x1)),
        }
    }
    let mut columns = Vec::new();
    for (i, cluster) in clusters.iter().enumerate() {
        let x0 = match i {
            0 => cluster.0 - 30.0,
            _ => (clusters[i - 1].1 + cluster.0) / 2.0,
        };
        let x1 = match clusters.get(i + 1) {
            Some(next) => (cluster.1 + next.0) / 2.0,
            None => f64::INFINITY,
        };
        columns.push(Column {
            header: String::new(),
            field: None,
            x0,
            x1,
        });
    }
    columns
}

/// Column bounds of a table drawn without borders. The header words give a first cut half way
/// between header cells; each cut then moves to the emptiest x (fewest body words across it)
/// between the two header cells' centres, since no word of a cell crosses into the next column
/// (group titles in merged cells do, which is why the emptiest, not an empty, x is taken).
fn gutter_columns(header: &Header, body: &[TextLine]) -> Vec<Column> {
    let mut columns = header.columns.clone();
    let Some(right) = body.iter().take(2_000).map(TextLine::x1).reduce(f64::max) else {
        return columns;
    };
    let bins = (right.max(0.0).ceil() as usize + 1).min(10_000);
    let mut coverage = vec![0u32; bins];
    for line in body.iter().take(2_000) {
        if line.baseline <= header.bottom && line.page == header.page {
            continue;
        }
        for word in &line.words {
            let from = (word.x0.max(0.0) as usize).min(bins);
            let to = (word.x1.max(0.0).ceil() as usize).min(bins);
            for bin in &mut coverage[from..to] {
                *bin += 1;
            }
        }
    }
    let centres: Vec<f64> = header_centres(header, body);
    for i in 1..columns.len() {
        let (Some(&left), Some(&right)) = (centres.get(i - 1), centres.get(i)) else {
            continue;
        };
        let initial = columns[i].x0;
        let (from, to) = (left.max(0.0) as usize, (right.max(0.0) as usize).min(bins));
        if from >= to {
            continue;
        }
        let least = coverage[from..to].iter().copied().min().unwrap_or(0);
        // The run of emptiest bins closest to the first cut; its middle is the new cut.
        let mut best: Option<(f64, f64)> = None;
        let mut run_start: Option<usize> = None;
        for x in from..=to {
            let empty = coverage.get(x).is_some_and(|&c| x < to && c == least);
            match (empty, run_start) {
                (true, None) => run_start = Some(x),
                (false, Some(start)) => {
                    let middle = (start + x) as f64 / 2.0;
                    let distance = (middle - initial).abs();
                    if best.is_none_or(|(_, d)| distance < d) {
                        best = Some((middle, distance));
                    }
                    run_start = None;
                }
                _ => {}
            }
        }
        if let Some((cut, _)) = best {
            columns[i].x0 = cut;
            columns[i - 1].x1 = cut;
        }
    }
    columns
}

/// The x centre of each header cell's words.
fn header_centres(header: &Header, lines: &[TextLine]) -> Vec<f64> {
    header
        .columns
        .iter()
        .map(|column| {
            let words: Vec<&Word> = lines
                .iter()
                .filter(|l| {
                    l.page == header.page && l.baseline > header.top && l.baseline < header.bottom
                })
                .flat_map(|l| l.words.iter())
                .filter(|w| w.center_x() > column.x0 && w.center_x() < column.x1)
                .collect();
            let x0 = words.iter().map(|w| w.x0).fold(f64::INFINITY, f64::min);
            let x1 = words.iter().map(|w| w.x1).fold(f64::NEG_INFINITY, f64::max);
            (x0 + x1) / 2.0
        })
        .collect()
}

/// A horizontal band of one page that makes one table row (or part of one).
struct Band {
    page: usize,
    lines: Vec<usize>,
}

#[allow(clippy::too_many_arguments)]
fn build(
    header: &Header,
    repeats: &[Header],
    stop_page: usize,
    stop_line: usize,
    pages: &[Page],
    lines: &[TextLine],
    by_page: &[Vec<usize>],
    rulings: &[Rulings],
) -> FoundTable {
    let refined;
    let header = if header.ruled {
        header
    } else {
        refined = Header {
            columns: gutter_columns(
                header,
                lines
                    .get(header.first_line..stop_line.min(lines.len()))
                    .unwrap_or(&[]),
            ),
            ..header.clone()
        };
        &refined
    };
    let (x0, x1) = (header.x0() - 2.0, header.x1() + 2.0);
    let width = (header.x1() - header.x0()).max(1.0);
    let mut consumed: Vec<usize> = by_page[header.page]
        .iter()
        .copied()
        .filter(|&i| lines[i].baseline > header.top && lines[i].baseline < header.bottom)
        .collect();
    let mut bands: Vec<Band> = Vec::new();
    let mut page = header.page;
    while page < stop_page.min(pages.len()) {
        let repeat = repeats.iter().find(|h| h.page == page);
        let mut start = if page == header.page {
            header.bottom
        } else if let Some(repeat) = repeat {
            repeat.bottom
        } else {
            f64::NEG_INFINITY
        };
        let page_rules = &rulings[page];
        // Where the table's outer left border runs on this page (when it is ruled).
        let left_border: Vec<&Rule> = page_rules
            .vertical
            .iter()
            .filter(|v| (v.x0 - header.x0()).abs() < 3.0 && v.y1 > start + 1.0)
            .collect();
        if header.ruled && page != header.page && repeat.is_none() {
            // Without a repeated header the table on this page starts where its border does;
            // a caption above it belongs to the page, not to the last row.
            start = left_border
                .iter()
                .map(|v| v.y0)
                .fold(f64::INFINITY, f64::min)
                - 1.0;
        }
        let end = if header.ruled {
            left_border
                .iter()
                .map(|v| v.y1)
                .fold(f64::NEG_INFINITY, f64::max)
        } else {
            f64::INFINITY
        };
        if page != header.page && repeat.is_none() {
            // A page without the repeated header continues the table only if the table's border
            // (or, unruled, its column text) starts at the top of the page.
            let continues = if header.ruled {
                !left_border.is_empty()
            } else {
                first_content_line(page, by_page, lines)
                    .is_some_and(|l| l.x0() >= x0 - 2.0 && l.x1() <= x1 + 2.0)
            };
            if !continues {
                break;
            }
        }
        if page != header.page && header.ruled && !end.is_finite() {
            break;
        }
        let mut region: Vec<usize> = by_page[page]
            .iter()
            .copied()
            .filter(|&i| i < stop_line)
            .filter(|&i| lines[i].baseline > start && lines[i].baseline < end)
            .filter(|&i| !is_page_number(&lines[i]) || header.ruled)
            .filter(|&i| {
                lines[i]
                    .words
                    .iter()
                    .any(|w| w.center_x() > x0 && w.center_x() < x1)
            })
            .collect();
        let mut ended = false;
        if !header.ruled {
            // Without borders the table ends at a wide vertical gap or at the next appendix.
            let cut = region.iter().enumerate().position(|(k, &i)| {
                let line = &lines[i];
                let gap = k
                    .checked_sub(1)
                    .map(|p| line.top - lines[region[p]].bottom)
                    .unwrap_or(0.0);
                gap > 2.5 * line.size() || fold(&line.text()).starts_with("phu luc")
            });
            if let Some(cut) = cut {
                region.truncate(cut);
                ended = true;
            }
        }
        if let Some(repeat) = repeat {
            consumed.extend(
                by_page[page].iter().copied().filter(|&i| {
                    lines[i].baseline > repeat.top && lines[i].baseline < repeat.bottom
                }),
            );
        }
        let separators: Vec<f64> = if header.ruled {
            let mut ys: Vec<f64> = page_rules
                .horizontal
                .iter()
                .filter(|r| r.y0 > start - 1.0 && r.y0 < end + 1.0)
                .filter(|r| r.x1.min(x1) - r.x0.max(x0) >= 0.5 * width)
                .map(|r| r.y0)
                .collect();
            ys.dedup_by(|a, b| (*a - *b).abs() < 1.5);
            ys
        } else {
            let number = &header.columns[0];
            region
                .iter()
                .filter(|&&i| {
                    lines[i]
                        .words
                        .iter()
                        .any(|w| w.center_x() > number.x0 && w.center_x() < number.x1)
                })
                .map(|&i| lines[i].top - 0.5)
                .collect()
        };
        let mut current: Vec<usize> = Vec::new();
        let mut boundary = separators.iter().peekable();
        for &i in &region {
            let mut crossed = false;
            while boundary.peek().is_some_and(|&&y| y < lines[i].baseline) {
                boundary.next();
                crossed = true;
            }
            if crossed && !current.is_empty() {
                bands.push(Band {
                    page,
                    lines: std::mem::take(&mut current),
                });
            }
            current.push(i);
            consumed.push(i);
        }
        if !current.is_empty() {
            bands.push(Band {
                page,
                lines: current,
            });
        }
        let ends_early = end.is_finite() && end < pages[page].height * 0.8;
        if ended || (ends_early && header.ruled) {
            // The border stops well above the page bottom: the table ends on this page.
            break;
        }
        page += 1;
    }
    let header_key = header.key();
    let mut rows: Vec<FoundRow> = Vec::new();
    let mut previous_page = header.page;
    let mut first_on_page = true;
    if !header.ruled {
        let edges = left_edges(&bands, &header.columns, lines);
        bands = bands
            .into_iter()
            .flat_map(|band| split_group_band(band, &header.columns, &edges, lines))
            .collect();
    }
    for band in &bands {
        if band.page != previous_page {
            first_on_page = true;
            previous_page = band.page;
        }
        let cells = cells_of(band, &header.columns, lines);
        if is_furniture(&cells, &header_key) {
            continue;
        }
        let is_first = std::mem::replace(&mut first_on_page, false);
        let first_line = band.lines.first().copied().unwrap_or(0);
        push_row(
            &mut rows,
            cells,
            &header_key,
            is_first && band.page != header.page,
            first_line,
            || group_title(band, &header.columns, lines),
        );
    }
    let (appendix, title) = caption(header, lines);
    consumed.sort_unstable();
    consumed.dedup();
    FoundTable {
        appendix,
        title,
        columns: header.columns.clone(),
        header_line: header.first_line,
        rows,
        consumed,
    }
}

fn first_content_line<'a>(
    page: usize,
    by_page: &[Vec<usize>],
    lines: &'a [TextLine],
) -> Option<&'a TextLine> {
    by_page
        .get(page)?
        .iter()
        .map(|&i| &lines[i])
        .find(|l| !is_page_number(l))
}

/// Without rules a row with no number right under a group row falls into the group's band (rows
/// are cut at row numbers). A group title runs across the columns from its merged cell, its
/// words wherever the wrapping puts them; a row's first line starts a cell at the usual left
/// edge of two or more columns besides the first content column. That line starts the row.
fn split_group_band(
    band: Band,
    columns: &[Column],
    left_edges: &[Option<f64>],
    lines: &[TextLine],
) -> Vec<Band> {
    let Some(number_column) = columns.first() else {
        return vec![band];
    };
    let number = cell_text(&band, lines, |w| {
        w.center_x() > number_column.x0 && w.center_x() < number_column.x1
    });
    if !is_group_number(number.trim_end_matches('.')) {
        return vec![band];
    }
    let split = band.lines.iter().position(|&i| {
        let mut aligned = 0;
        for (c, column) in columns.iter().enumerate().skip(2) {
            let first = lines[i]
                .words
                .iter()
                .find(|w| w.center_x() > column.x0 && w.center_x() < column.x1);
            if let (Some(word), Some(Some(edge))) = (first, left_edges.get(c)) {
                if (word.x0 - edge).abs() <= 1.5 {
                    aligned += 1;
                }
            }
        }
        aligned >= 2
    });
    match split {
        Some(at) if at > 0 => {
            let rest = band.lines[at..].to_vec();
            let mut group = band;
            group.lines.truncate(at);
            let page = group.page;
            vec![group, Band { page, lines: rest }]
        }
        _ => vec![band],
    }
}

/// Each column's usual left text edge: the most common x (to the point) where a line's first
/// word in that column starts.
fn left_edges(bands: &[Band], columns: &[Column], lines: &[TextLine]) -> Vec<Option<f64>> {
    columns
        .iter()
        .map(|column| {
            let mut counts: std::collections::BTreeMap<i64, usize> = Default::default();
            for band in bands {
                for &i in &band.lines {
                    if let Some(word) = lines[i]
                        .words
                        .iter()
                        .find(|w| w.center_x() > column.x0 && w.center_x() < column.x1)
                    {
                        *counts.entry(word.x0.round() as i64).or_insert(0) += 1;
                    }
                }
            }
            counts
                .into_iter()
                .max_by_key(|&(x, n)| (n, -x))
                .map(|(x, _)| x as f64)
        })
        .collect()
}

/// Cell texts of a band: each column's words, line by line, joined with single spaces.
fn cells_of(band: &Band, columns: &[Column], lines: &[TextLine]) -> Vec<String> {
    columns
        .iter()
        .map(|column| {
            cell_text(band, lines, |w| {
                w.center_x() > column.x0 && w.center_x() < column.x1
            })
        })
        .collect()
}

/// Appends the next line's text of a cell: one space, none after a glued hyphen.
fn append_wrapped(cell: &mut String, more: &str) {
    if more.is_empty() {
        return;
    }
    let glued = cell.ends_with('-') && !cell.ends_with(" -") && cell.len() > 1;
    if !cell.is_empty() && !glued {
        cell.push(' ');
    }
    cell.push_str(more);
}

/// The words of a band that `inside` accepts, lines joined with one space — except after a
/// word that ends in a hyphen glued to it ("2026-" / "2030"): office suites wrap after such a
/// hyphen, and the printed word is "2026-2030".
fn cell_text(band: &Band, lines: &[TextLine], inside: impl Fn(&Word) -> bool) -> String {
    let mut out = String::new();
    for &i in &band.lines {
        let words: Vec<&str> = lines[i]
            .words
            .iter()
            .filter(|w| inside(w))
            .map(|w| w.text.as_str())
            .collect();
        append_wrapped(&mut out, &words.join(" "));
    }
    crate::clean::collapse_whitespace(&out)
}

/// A group row's title sits in a cell merged across every column after the number: all words
/// right of the number column, in reading order.
fn group_title(band: &Band, columns: &[Column], lines: &[TextLine]) -> String {
    let number_end = columns.first().map_or(f64::NEG_INFINITY, |c| c.x1);
    let table_end = columns.last().map_or(f64::INFINITY, |c| c.x1);
    cell_text(band, lines, |w| {
        w.center_x() > number_end && w.center_x() < table_end
    })
}

/// Group numbers: a capital letter or a Roman numeral (row numbers are arabic or "-").
fn is_group_number(number: &str) -> bool {
    let mut chars = number.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => c.is_ascii_uppercase(),
        (Some(_), Some(_)) => number.chars().all(|c| "IVXLC".contains(c)),
        _ => false,
    }
}

fn is_roman(number: &str) -> bool {
    !number.is_empty() && number.chars().all(|c| "IVXLC".contains(c))
}

/// The appendix label and the table title: the lines just above the header, from the nearest
/// "PHỤ LỤC …" line down ("PHỤ LỤC II - DANH MỤC …" on one line is split at the dash);
/// "(Kèm theo …)" lines are not part of the title.
fn caption(header: &Header, lines: &[TextLine]) -> (Option<String>, Option<String>) {
    let start = header.first_line.saturating_sub(12);
    let above = &lines[start..header.first_line.min(lines.len())];
    let Some(label_at) = above
        .iter()
        .rposition(|l| fold(&l.text()).starts_with("phu luc"))
    else {
        return (None, None);
    };
    let label_line = above[label_at].text();
    let (label, mut title_parts) = match split_label(&label_line) {
        (label, Some(rest)) => (label, vec![rest]),
        (label, None) => (label, Vec::new()),
    };
    for line in &above[label_at + 1..] {
        let text = line.text();
        if text.starts_with('(') || is_page_number(line) {
            continue;
        }
        title_parts.push(text);
    }
    let title = crate::clean::collapse_whitespace(&title_parts.join(" "));
    (Some(label), (!title.is_empty()).then_some(title))
}

fn split_label(line: &str) -> (String, Option<String>) {
    for dash in [" - ", " – ", " — "] {
        if let Some((label, rest)) = line.split_once(dash) {
            return (label.trim().to_string(), Some(rest.trim().to_string()));
        }
    }
    (line.trim().to_string(), None)
}

/// Bands that are not rows: empty ones, a repeated header, the column-numbering row.
fn is_furniture(cells: &[String], header_key: &[String]) -> bool {
    cells.iter().all(String::is_empty)
        || cells.iter().map(|c| fold(c)).collect::<Vec<_>>() == header_key
        || is_column_numbering(cells)
}

/// The row under a header that numbers the columns: "(1) (2) (3) …" or "1 2 3 …".
fn is_column_numbering(cells: &[String]) -> bool {
    let filled: Vec<&str> = cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    filled.len() >= 3
        && filled.iter().enumerate().all(|(i, c)| {
            let bare = c.trim_start_matches('(').trim_end_matches(')');
            bare.parse::<usize>().ok() == Some(i + 1)
        })
}

/// Turns found tables into the contract's tables; `row_lines[t][r]` is the text line number of
/// row `r` of table `t`, `header_lines[t]` of its header.
pub fn to_model(
    found: &[FoundTable],
    row_lines: &[Vec<usize>],
    header_lines: &[usize],
) -> Vec<Table> {
    let mut tables = Vec::new();
    for (t, table) in found.iter().enumerate() {
        let field = |f: Field| table.columns.iter().position(|c| c.field == Some(f));
        let kind = if field(Field::Indicator).is_some() {
            TableKind::Indicators
        } else {
            TableKind::Tasks
        };
        let mut chain: Vec<(u8, Group)> = Vec::new();
        let mut last_letter: Option<char> = None;
        let mut rows: Vec<Row> = Vec::new();
        let mut ids = RowIds::default();
        for (r, found_row) in table.rows.iter().enumerate() {
            let line = row_lines
                .get(t)
                .and_then(|l| l.get(r))
                .copied()
                .unwrap_or(0);
            let cell = |f: Field| {
                field(f)
                    .and_then(|i| found_row.cells.get(i))
                    .cloned()
                    .unwrap_or_default()
            };
            let number = found_row.cells.first().cloned().unwrap_or_default();
            let number = number.trim().trim_end_matches('.').to_string();
            if found_row.kind == RowKind::Group {
                let single = number.chars().count() == 1;
                let follows_letter = last_letter
                    .and_then(|c| char::from_u32(c as u32 + 1))
                    .is_some_and(|next| number.starts_with(next));
                let level = if single && (!is_roman(&number) || follows_letter) {
                    last_letter = number.chars().next();
                    0
                } else {
                    1
                };
                chain.retain(|(l, _)| *l < level);
                chain.push((
                    level,
                    Group {
                        number,
                        title: found_row.cells.get(1).cloned().unwrap_or_default(),
                    },
                ));
                continue;
            }
            let groups: Vec<Group> = chain.iter().map(|(_, g)| g.clone()).collect();
            let mut id_parts: Vec<&str> = groups.iter().map(|g| g.number.as_str()).collect();
            if !number.is_empty() {
                id_parts.push(&number);
            }
            let (id, _) = ids.assign(&id_parts.join("."));
            let mut warnings = Vec::new();
            let lead = agencies::from_cell(&cell(Field::Lead));
            let mut row = Row {
                id,
                groups,
                tt: number,
                task: None,
                indicator: None,
                unit: None,
                lead,
                support: None,
                result: field(Field::Result).map(|_| cell(Field::Result)),
                timeframe: None,
                lines: [line, line],
                confidence: 0.97,
                warnings: Vec::new(),
            };
            match kind {
                TableKind::Tasks => {
                    row.task = Some(cell(Field::Task));
                    row.support = Some(agencies::from_cell(&cell(Field::Support)));
                    row.timeframe = Some(timeframe::parse(&cell(Field::Timeframe)));
                    if cell(Field::Task).is_empty() {
                        warnings.push("empty task cell".to_string());
                    }
                }
                TableKind::Indicators => {
                    row.indicator = Some(cell(Field::Indicator));
                    row.unit = Some(cell(Field::Unit));
                }
            }
            if found_row.continued {
                row.confidence = 0.95;
            }
            if !warnings.is_empty() {
                row.confidence = 0.8;
                row.warnings = warnings;
            }
            rows.push(row);
        }
        let header_line = header_lines.get(t).copied().unwrap_or(0);
        let last_line = rows.last().map_or(header_line, |r| r.lines[1]);
        tables.push(Table {
            appendix: table.appendix.clone(),
            title: table.title.clone(),
            kind,
            columns: table.columns.iter().map(|c| c.header.clone()).collect(),
            lines: [header_line, last_line.max(header_line)],
            rows,
        });
    }
    tables
}

/// Adds one band's cells to `rows`: a repeated header is dropped, a band with no row number at
/// the top of a continuation page goes on the previous row, a letter or Roman number opens a
/// group (its title is every other cell's text, as a merged cell spreads over the columns).
fn push_row(
    rows: &mut Vec<FoundRow>,
    cells: Vec<String>,
    header_key: &[String],
    continues_page: bool,
    first_line: usize,
    group_title: impl FnOnce() -> String,
) {
    if is_furniture(&cells, header_key) {
        return;
    }
    let mut cells = cells;
    let number = cells
        .first()
        .map(|c| c.trim().trim_end_matches('.').to_string())
        .unwrap_or_default();
    // A row cut by a page break whose number is not in its top part (cells centred or set to
    // the bottom): the numberless band at the foot of the page is the top of the next row.
    let cut_above = continues_page
        && !number.is_empty()
        && !is_group_number(&number)
        && rows.last().is_some_and(|r| {
            r.kind == RowKind::Data && r.cells.first().is_some_and(|c| c.is_empty())
        });
    if cut_above {
        if let Some(top) = rows.pop() {
            for (cell, top_part) in cells.iter_mut().zip(top.cells) {
                let mut joined = top_part;
                append_wrapped(&mut joined, cell);
                *cell = joined;
            }
            rows.push(FoundRow {
                kind: RowKind::Data,
                cells,
                first_line: top.first_line,
                continued: true,
            });
            return;
        }
    }
    if continues_page && number.is_empty() {
        if let Some(last) = rows.last_mut() {
            for (cell, more) in last.cells.iter_mut().zip(&cells) {
                append_wrapped(cell, more);
            }
            last.continued = true;
            return;
        }
    }
    if is_group_number(&number) {
        let mut group_cells = vec![String::new(); cells.len().max(2)];
        group_cells[0] = number;
        group_cells[1] = group_title();
        rows.push(FoundRow {
            kind: RowKind::Group,
            cells: group_cells,
            first_line,
            continued: false,
        });
    } else {
        rows.push(FoundRow {
            kind: RowKind::Data,
            cells,
            first_line,
            continued: false,
        });
    }
}

/// Reads cell grids that another extractor produced (one grid per table piece per page, in page
/// order) with the same header, group and continuation rules as the geometry reader, so two
/// extractors can be compared on what they read off the page.
pub fn from_cell_grids(grids: &[(usize, Vec<Vec<String>>)]) -> Vec<Table> {
    let mut found: Vec<FoundTable> = Vec::new();
    let mut last_page: Option<usize> = None;
    for (page, grid) in grids {
        let Some(first) = grid.first() else {
            continue;
        };
        let fields: Vec<Option<Field>> = first.iter().map(|c| field_of(c)).collect();
        let known = fields
            .iter()
            .filter(|f| f.is_some_and(|f| f != Field::Number))
            .count();
        let is_header = fields.first() == Some(&Some(Field::Number)) && known >= 2;
        let key: Vec<String> = first.iter().map(|c| fold(c)).collect();
        let same_table = found.last().is_some_and(|t| {
            let current: Vec<String> = t.columns.iter().map(|c| fold(&c.header)).collect();
            (is_header && current == key) || (!is_header && t.columns.len() == first.len())
        });
        if !same_table {
            if !is_header {
                continue;
            }
            found.push(FoundTable {
                appendix: None,
                title: None,
                columns: first
                    .iter()
                    .zip(&fields)
                    .map(|(header, field)| Column {
                        header: header.clone(),
                        field: *field,
                        x0: 0.0,
                        x1: 0.0,
                    })
                    .collect(),
                header_line: 0,
                rows: Vec::new(),
                consumed: Vec::new(),
            });
            last_page = None;
        }
        let Some(table) = found.last_mut() else {
            continue;
        };
        let header_key: Vec<String> = table.columns.iter().map(|c| fold(&c.header)).collect();
        let new_page = last_page.is_some_and(|p| p != *page);
        last_page = Some(*page);
        let mut at_page_top = new_page;
        for cells in grid {
            if is_furniture(cells, &header_key) {
                continue;
            }
            let title = cells
                .iter()
                .skip(1)
                .filter(|c| !c.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(" ");
            push_row(
                &mut table.rows,
                cells.clone(),
                &header_key,
                std::mem::replace(&mut at_page_top, false),
                0,
                || title,
            );
        }
    }
    to_model(&found, &[], &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_words_name_fields() {
        assert_eq!(field_of("TT"), Some(Field::Number));
        assert_eq!(field_of("Số TT"), Some(Field::Number));
        assert_eq!(field_of("STT."), Some(Field::Number));
        assert_eq!(field_of("Nhiệm vụ, giải pháp"), Some(Field::Task));
        assert_eq!(field_of("Tên nhiệm vụ"), Some(Field::Task));
        assert_eq!(field_of("Đơn vị chủ trì"), Some(Field::Lead));
        assert_eq!(
            field_of("Cơ quan chủ trì theo dõi, đánh giá"),
            Some(Field::Lead)
        );
        assert_eq!(field_of("Cơ quan phối hợp"), Some(Field::Support));
        assert_eq!(field_of("Đơn vị"), Some(Field::Unit));
        assert_eq!(field_of("Kết quả"), Some(Field::Result));
        assert_eq!(field_of("Thời gian hoàn thành"), Some(Field::Timeframe));
        assert_eq!(field_of("Chỉ tiêu"), Some(Field::Indicator));
        assert_eq!(field_of("Ghi chú"), None);
    }

    #[test]
    fn group_numbers_and_column_numbering() {
        for group in ["A", "B", "I", "IV", "XIV"] {
            assert!(is_group_number(group), "{group}");
        }
        for row in ["1", "1.1", "-", "", "23", "Ab"] {
            assert!(!is_group_number(row), "{row}");
        }
        let cells = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(is_column_numbering(&cells(&["(1)", "(2)", "(3)", "(4)"])));
        assert!(is_column_numbering(&cells(&["1", "2", "3", "4", "5"])));
        assert!(!is_column_numbering(&cells(&[
            "1",
            "Xây dựng",
            "Sở Y tế",
            "2025"
        ])));
    }

    #[test]
    fn appendix_label_and_title_on_one_line() {
        assert_eq!(
            split_label("PHỤ LỤC II - DANH MỤC CÁC NHIỆM VỤ"),
            (
                "PHỤ LỤC II".to_string(),
                Some("DANH MỤC CÁC NHIỆM VỤ".to_string())
            )
        );
        assert_eq!(split_label("Phụ lục"), ("Phụ lục".to_string(), None));
    }

    #[test]
    fn wrapped_cell_lines_join() {
        let mut cell = "Năm 2026-".to_string();
        append_wrapped(&mut cell, "2030");
        assert_eq!(cell, "Năm 2026-2030");
        let mut cell = "Sở Lao động -".to_string();
        append_wrapped(&mut cell, "Thương binh");
        assert_eq!(cell, "Sở Lao động - Thương binh");
    }
}

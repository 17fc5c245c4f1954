//! Targets of the body: its lines joined into items, each item read for targets, each target
//! placed in the section tree (path, heading year).

use std::collections::BTreeMap;

use super::clauses::marker_len;
use super::lexicon::{starts_with_phrase, LEXICON};
use super::year::{deadline_years, title_year};
use super::{read_text, target, unreadable_diagnostic};
use crate::clean::{Document, Line};
use crate::domain::text::tone_key;
use crate::model::{Diagnostic, Section, Target};

/// A lead-in ("Đến năm 2025:") sets the year of what follows only when it is this short.
const LEAD_IN_MAX_WORDS: usize = 20;

/// A paragraph of the body: its lines joined with single spaces, and where each line starts.
#[derive(Debug, Clone, Default)]
pub(crate) struct Item {
    pub text: String,
    /// (byte offset in `text`, input line number), ascending.
    pub line_starts: Vec<(usize, usize)>,
}

impl Item {
    fn push_line(&mut self, text: &str, line_no: usize) {
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        self.line_starts.push((self.text.len(), line_no));
        self.text.push_str(text);
    }

    pub fn line_at(&self, offset: usize) -> usize {
        let after = self
            .line_starts
            .partition_point(|(start, _)| *start <= offset);
        self.line_starts
            .get(after.saturating_sub(1))
            .map_or(0, |(_, line)| *line)
    }

    fn first_line(&self) -> usize {
        self.line_starts.first().map_or(0, |(_, line)| *line)
    }

    /// Splits the item at byte `at` (a char boundary); the second part starts at `rest`.
    fn split(self, at: usize, rest: usize) -> (Item, Item) {
        let head = Item {
            text: self.text[..at].trim_end().to_string(),
            line_starts: self
                .line_starts
                .iter()
                .copied()
                .filter(|(start, _)| *start < at.max(1))
                .collect(),
        };
        let line_of_rest = self.line_at(rest);
        let mut tail = Item {
            text: self.text[rest..].to_string(),
            line_starts: vec![(0, line_of_rest)],
        };
        tail.line_starts.extend(
            self.line_starts
                .iter()
                .filter(|(start, _)| *start > rest)
                .map(|(start, line)| (start - rest, *line)),
        );
        (head, tail)
    }
}

/// The section tree, looked up by line.
struct Tree<'a> {
    sections: &'a [Section],
    /// For each line number, the index in `sections` of the section that holds it (see
    /// `at_line`), worked out in one sweep: a target asks once per line.
    holding: Vec<Option<usize>>,
    /// Each path's section with what its own heading says, read once: every target asks about
    /// all the headings above it.
    by_path: BTreeMap<&'a [String], Heading>,
    starts: BTreeMap<usize, &'a Section>,
}

#[derive(Clone, Copy)]
struct Heading {
    /// The heading reports results already reached.
    reports: bool,
    /// The year the heading names.
    year: Option<i32>,
}

/// For each line number (index), the section holding it with the latest start, then the
/// deepest path, then the last in order. A sweep over lines with the sections begun so far in a
/// heap (ordered that way; ended ones leave it when they reach its top): linear in lines plus
/// sections, where asking each section per line was their product.
fn holding_sections(sections: &[Section]) -> Vec<Option<usize>> {
    let last_line = sections.iter().map(|s| s.lines[1]).max().unwrap_or(0);
    let mut order: Vec<usize> = (0..sections.len()).collect();
    order.sort_by_key(|&i| sections[i].lines[0]);
    let mut holding = vec![None; last_line + 1];
    let mut heap = std::collections::BinaryHeap::new();
    let mut next = 0;
    for (line, slot) in holding.iter_mut().enumerate() {
        while let Some(&index) = order.get(next).filter(|&&i| sections[i].lines[0] <= line) {
            let section = &sections[index];
            heap.push((section.lines[0], section.path.len(), index));
            next += 1;
        }
        while heap
            .peek()
            .is_some_and(|&(_, _, index)| sections[index].lines[1] < line)
        {
            heap.pop();
        }
        *slot = heap.peek().map(|&(_, _, index)| index);
    }
    holding
}

impl<'a> Tree<'a> {
    fn new(sections: &'a [Section], footnote_marks: &[u32]) -> Tree<'a> {
        let mut by_path = BTreeMap::new();
        let mut starts = BTreeMap::new();
        for section in sections {
            by_path.insert(section.path.as_slice(), section);
            // The deepest section wins a shared start line.
            let entry = starts.entry(section.lines[0]).or_insert(section);
            if section.path.len() > entry.path.len() {
                *entry = section;
            }
        }
        let by_path = by_path
            .into_iter()
            .map(|(path, section)| {
                let heading = section.heading.as_deref();
                let read = Heading {
                    reports: heading.is_some_and(is_report_heading),
                    year: heading.and_then(|h| title_year(h, footnote_marks)),
                };
                (path, read)
            })
            .collect();
        Tree {
            sections,
            holding: holding_sections(sections),
            by_path,
            starts,
        }
    }

    fn is_empty(&self) -> bool {
        self.sections.is_empty()
    }

    /// The section the line belongs to: the latest-starting section whose range holds it,
    /// else the latest one that starts before it.
    fn at_line(&self, line: usize) -> Option<&'a Section> {
        let holding = self
            .holding
            .get(line)
            .copied()
            .flatten()
            .and_then(|index| self.sections.get(index));
        holding.or_else(|| self.starts.range(..=line).next_back().map(|(_, s)| *s))
    }

    /// True when the section or one above it reports results already reached ("Kết quả thực
    /// hiện …", "Đánh giá tình hình …").
    fn in_report(&self, section: &Section) -> bool {
        (1..=section.path.len()).any(|depth| {
            self.by_path
                .get(&section.path[..depth])
                .is_some_and(|heading| heading.reports)
        })
    }

    /// The year of the nearest enclosing heading that names one.
    fn heading_year(&self, section: &Section) -> Option<i32> {
        (1..=section.path.len())
            .rev()
            .find_map(|depth| self.by_path.get(&section.path[..depth])?.year)
    }
}

pub(crate) fn collect(
    document: &Document,
    sections: &[Section],
    table_lines: &[[usize; 2]],
    targets: &mut Vec<Target>,
    diagnostics: &mut Vec<Diagnostic>,
    max_targets: usize,
) {
    let tree = Tree::new(sections, &document.footnote_marks);
    let marks = &document.footnote_marks;
    // Tables by first line, with the furthest last line among those begun so far: a line is in
    // a table when a table begun at or before it ends at or after it.
    let mut tables: Vec<[usize; 2]> = table_lines
        .iter()
        .copied()
        .filter(|[a, _]| *a > 0)
        .collect();
    tables.sort_unstable();
    let mut furthest_end = 0;
    let reach: Vec<usize> = tables
        .iter()
        .map(|[_, b]| {
            furthest_end = furthest_end.max(*b);
            furthest_end
        })
        .collect();
    let in_table = |no: usize| {
        let begun = tables.partition_point(|[a, _]| *a <= no);
        begun > 0 && reach.get(begun - 1).is_some_and(|&end| no <= end)
    };
    let body: Vec<&Line> = document
        .slice(&document.regions.body)
        .iter()
        .filter(|line| !in_table(line.no))
        .collect();
    let items = items(&body, &tree, marks);
    let mut lead_in: Option<LeadIn> = None;
    // Without a section tree, the year of the last level-1 heading stands in for it.
    let mut fallback_heading_year: Option<i32> = None;
    let mut fallback_in_report = false;
    let issued = plan_year(document);
    for item in &items {
        if targets.len() > max_targets {
            return;
        }
        let section = tree.at_line(item.first_line());
        let path: &[String] = section.map_or(&[], |s| s.path.as_slice());
        let marker = marker_len(&item.text);
        if tree.is_empty() && marker > 0 {
            let marker_text = item.text[..marker].trim();
            if is_roman_marker(marker_text) {
                fallback_heading_year = title_year(&item.text, marks);
                fallback_in_report = is_report_heading(&item.text[marker..]);
            }
            if !matches!(marker_text, "-" | "+" | "•" | "*" | "–") {
                lead_in = None;
            }
        }
        if let Some(open) = &mut lead_in {
            // The list a lead-in opens ends with the section it stands in. Its first item tells
            // how it is marked: a list marked unlike the lead-in ("- Đến năm 2025:" then "+ …")
            // ends at the lead-in's next sibling; a list marked like it runs to the section end.
            let kind = marker_kind(&item.text[..marker]);
            let left_scope = !tree.is_empty() && !path.starts_with(&open.scope);
            let sibling = match open.list_marker {
                None => {
                    open.list_marker = Some(kind);
                    false
                }
                Some(list) => list != open.marker && kind == open.marker,
            };
            if left_scope || sibling {
                lead_in = None;
            }
        }
        let room = max_targets.saturating_sub(targets.len());
        let (found, unreadable) = read_text(&item.text, marker, marks, room);
        for problem in &unreadable {
            super::say_with(diagnostics, || {
                unreadable_diagnostic(problem, item.line_at(problem.at))
            });
        }
        if found.is_empty() {
            if let Some(year) = lead_in_year(&item.text[marker..], marks) {
                lead_in = Some(LeadIn {
                    scope: path.to_vec(),
                    year,
                    marker: marker_kind(&item.text[..marker]),
                    list_marker: None,
                });
            }
            continue;
        }
        for f in found {
            let line = item.line_at(f.quantity.number_start);
            let section = tree.at_line(line);
            let reports = match section {
                Some(section) => tree.in_report(section),
                None => tree.is_empty() && fallback_in_report,
            };
            let past = matches!((f.year, issued), (Some(year), Some(issued)) if year < issued);
            if reports || past {
                continue;
            }
            let year = f
                .year
                .or(lead_in.as_ref().map(|open| open.year))
                .or_else(|| section.and_then(|s| tree.heading_year(s)))
                .or(if tree.is_empty() {
                    fallback_heading_year
                } else {
                    None
                });
            let lines = [
                item.line_at(f.quote_span.0),
                item.line_at(f.quote_span.1.saturating_sub(1).max(f.quote_span.0)),
            ];
            let path = section.map(|s| s.path.clone()).unwrap_or_default();
            targets.push(target(f, path, year, lines));
        }
    }
}

fn is_report_heading(heading: &str) -> bool {
    let key = tone_key(heading.trim_start_matches(|c: char| !c.is_alphabetic()));
    starts_with_phrase(&key, &LEXICON.report_heading).is_some()
}

/// The year the plan was issued, from its header date: a clause that names an earlier year
/// reports a result, it does not set a target.
fn plan_year(document: &Document) -> Option<i32> {
    crate::structure::metadata::issued_date(document).and_then(|date| date.get(..4)?.parse().ok())
}

/// A lead-in that sets the year of the list under it.
struct LeadIn {
    scope: Vec<String>,
    year: i32,
    marker: MarkerKind,
    list_marker: Option<MarkerKind>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkerKind {
    None,
    Bullet(char),
    Letter,
    Arabic,
    Roman,
}

fn marker_kind(marker: &str) -> MarkerKind {
    let marker = marker.trim();
    let Some(first) = marker.chars().next() else {
        return MarkerKind::None;
    };
    if matches!(first, '-' | '+' | '•' | '*' | '–') {
        MarkerKind::Bullet(first)
    } else if first.is_ascii_digit() {
        MarkerKind::Arabic
    } else if is_roman_marker(marker) {
        MarkerKind::Roman
    } else {
        MarkerKind::Letter
    }
}

/// "Đến năm 2025:" — a short line that names a year and opens a list.
fn lead_in_year(text: &str, marks: &[u32]) -> Option<i32> {
    let trimmed = text.trim();
    if !trimmed.ends_with(':') || trimmed.split_whitespace().count() > LEAD_IN_MAX_WORDS {
        return None;
    }
    deadline_years(trimmed, marks).last().map(|m| m.year)
}

fn is_roman_marker(marker: &str) -> bool {
    let bare = marker.trim_end_matches(['.', ')']);
    !bare.is_empty()
        && bare
            .chars()
            .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'))
}

/// The body's content lines grouped into items. An item starts at a section's first line, at a
/// line opening with an item marker, at an emphasized line (a Markdown heading) and after one;
/// without a section tree, also after a numbered line that reads as a heading (no closing
/// punctuation, the next line starting with a capital). A section's heading is cut off its item
/// so that the text under it is quoted from its own start.
fn items(lines: &[&Line], tree: &Tree, marks: &[u32]) -> Vec<Item> {
    let content: Vec<(&Line, String)> = lines
        .iter()
        .copied()
        .filter(|l| l.is_content())
        .map(|l| (l, l.collapsed()))
        .filter(|(_, text)| !text.is_empty())
        .collect();
    let mut items: Vec<Item> = Vec::new();
    let mut current = Item::default();
    let mut break_after_previous = false;
    for (index, (line, text)) in content.iter().enumerate() {
        // A lead-in that names its year ("Đến năm 2030:") after a finished sentence opens its
        // own item, as the list under it does: glued to the item before, its year would be
        // lost. One without a year ("Về chính quyền số:") goes on the paragraph, which may be
        // the lead-in naming the year ("Phấn đấu đến năm 2030, … sau đây.").
        let lead_in_after_sentence = lead_in_year(text, marks).is_some()
            && index
                .checked_sub(1)
                .and_then(|before| content.get(before))
                .is_some_and(|(_, before)| before.ends_with(['.', ';', '!', '?']));
        let starts = tree.starts.contains_key(&line.no)
            || marker_len(text) > 0
            || line.emphasized
            || break_after_previous
            || lead_in_after_sentence;
        if starts && !current.text.is_empty() {
            items.push(std::mem::take(&mut current));
        }
        current.push_line(text, line.no);
        break_after_previous = line.emphasized
            || (tree.is_empty()
                && reads_as_heading(text)
                && content
                    .get(index + 1)
                    .is_some_and(|(_, next)| starts_with_capital(next)));
    }
    if !current.text.is_empty() {
        items.push(current);
    }
    items
        .into_iter()
        .flat_map(|item| split_heading(item, tree))
        .collect()
}

/// A numbered line without closing punctuation: "1. Phát triển hạ tầng dữ liệu".
fn reads_as_heading(text: &str) -> bool {
    let marker = marker_len(text);
    if marker == 0 {
        return false;
    }
    let marker_text = text[..marker].trim();
    let numbered = marker_text
        .trim_end_matches(['.', ')'])
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'));
    numbered && !text.trim_end().ends_with(['.', ';', ':', ',', '!', '?'])
}

/// A line that opens a new paragraph when the line before it reads as a heading: a capital, a
/// digit ("100% …") or an item marker.
fn starts_with_capital(text: &str) -> bool {
    marker_len(text) > 0
        || text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Cuts "1. Mục đích: Triển khai …" into the heading and the text under it.
fn split_heading(item: Item, tree: &Tree) -> Vec<Item> {
    let Some(section) = tree.starts.get(&item.first_line()) else {
        return vec![item];
    };
    let Some(heading) = section.heading.as_deref().filter(|h| !h.is_empty()) else {
        return vec![item];
    };
    let marker = marker_len(&item.text);
    let after_marker = &item.text[marker..];
    let heading_chars = heading.chars().count();
    let Some(heading_end) = after_marker
        .char_indices()
        .nth(heading_chars)
        .map(|(i, _)| i)
        .or(Some(after_marker.len()).filter(|_| after_marker.chars().count() == heading_chars))
    else {
        return vec![item];
    };
    if tone_key(&after_marker[..heading_end]) != tone_key(heading) {
        return vec![item];
    }
    let rest = after_marker[heading_end..].trim_start_matches([':', '.', ' ']);
    if rest.is_empty() {
        return vec![item];
    }
    let at = marker + heading_end;
    let rest_start = item.text.len() - rest.len();
    let (head, tail) = item.split(at, rest_start);
    vec![head, tail]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every target of `document` under `sections`, with no table and no limit.
    fn collected(document: &Document, sections: &[Section]) -> Vec<Target> {
        let mut targets = Vec::new();
        collect(
            document,
            sections,
            &[],
            &mut targets,
            &mut Vec::new(),
            usize::MAX,
        );
        targets
    }
    use crate::clean::clean;

    fn section(path: &[&str], heading: Option<&str>, lines: [usize; 2]) -> Section {
        Section {
            path: path.iter().map(|p| p.to_string()).collect(),
            number: path.last().unwrap_or(&"").to_string(),
            level: path.len() as u8,
            heading: heading.map(str::to_string),
            text: String::new(),
            lines,
        }
    }

    const PLAN: &str = "I. MỤC ĐÍCH, YÊU CẦU\n\
1. Yêu cầu\n\
- Đảm bảo 100% hệ thống được kết nối.\n\
II. MỤC TIÊU ĐẾN NĂM 2030\n\
1. Phát triển hạ tầng dữ liệu\n\
Xây dựng và hoàn thành 100% các bộ dữ liệu chuyên ngành\n\
cho tổ chức và cá nhân.\n\
2. Phát triển dữ liệu\n\
a) Phấn đấu đến hết năm 2025, 100% cán bộ được đào tạo; tối thiểu\n\
80% dữ liệu được tái sử dụng.\n\
b) Mô hình bảo vệ 4 lớp theo quy định.\n\
Nơi nhận:\n";

    fn plan_sections() -> Vec<Section> {
        vec![
            section(&["I"], Some("MỤC ĐÍCH, YÊU CẦU"), [1, 3]),
            section(&["I", "1"], Some("Yêu cầu"), [2, 3]),
            section(&["II"], Some("MỤC TIÊU ĐẾN NĂM 2030"), [4, 11]),
            section(&["II", "1"], Some("Phát triển hạ tầng dữ liệu"), [5, 7]),
            section(&["II", "2"], Some("Phát triển dữ liệu"), [8, 11]),
            section(&["II", "2", "a"], None, [9, 10]),
            section(&["II", "2", "b"], None, [11, 11]),
        ]
    }

    fn run(sections: &[Section]) -> Vec<Target> {
        let document = clean(PLAN);
        let mut targets = Vec::new();
        let mut diagnostics = Vec::new();
        collect(
            &document,
            sections,
            &[],
            &mut targets,
            &mut diagnostics,
            usize::MAX,
        );
        targets
    }

    #[test]
    fn paths_years_and_quotes_follow_the_tree() {
        let targets = run(&plan_sections());
        let seen: Vec<(Vec<String>, f64, Option<i32>, &str)> = targets
            .iter()
            .map(|t| (t.path.clone(), t.value, t.year, t.quote.as_str()))
            .collect();
        assert_eq!(seen.len(), 4, "{seen:#?}");
        assert_eq!(seen[0].0, ["I", "1"]);
        assert_eq!(seen[0].2, None);
        assert_eq!(seen[1].0, ["II", "1"]);
        assert_eq!(seen[1].2, Some(2030));
        assert_eq!(
            seen[1].3,
            "Xây dựng và hoàn thành 100% các bộ dữ liệu chuyên ngành cho tổ chức và cá nhân"
        );
        assert_eq!(seen[2].0, ["II", "2", "a"]);
        assert_eq!(seen[2].2, Some(2025));
        assert_eq!(
            seen[3].2,
            Some(2025),
            "the sentence's year carries over the ';'"
        );
        assert_eq!(targets[3].comparator, ">=");
        assert_eq!(targets[3].lines, [9, 10]);
    }

    #[test]
    fn without_a_tree_level_one_headings_still_give_years() {
        let targets = run(&[]);
        assert_eq!(targets.len(), 4);
        assert_eq!(targets[0].year, None);
        assert_eq!(targets[1].year, Some(2030));
        assert_eq!(
            targets[1].quote,
            "Xây dựng và hoàn thành 100% các bộ dữ liệu chuyên ngành cho tổ chức và cá nhân"
        );
    }

    #[test]
    fn results_already_reached_are_not_targets() {
        let text = "Số: 12/KH-UBND\nHà Giang, ngày 5 tháng 3 năm 2025\nKẾ HOẠCH\n\
I. KẾT QUẢ THỰC HIỆN NĂM 2024\n\
Tỷ lệ hồ sơ được số hóa đạt 65%.\n\
II. MỤC TIÊU\n\
1. Năm 2024 đã số hóa 70% hồ sơ; đến năm 2025 100% hồ sơ được số hóa.\n\
Nơi nhận:\n";
        let sections = [
            section(&["I"], Some("KẾT QUẢ THỰC HIỆN NĂM 2024"), [4, 5]),
            section(&["II"], Some("MỤC TIÊU"), [6, 7]),
            section(&["II", "1"], None, [7, 7]),
        ];
        let document = clean(text);
        for tree in [&sections[..], &[]] {
            let mut targets = Vec::new();
            collect(
                &document,
                tree,
                &[],
                &mut targets,
                &mut Vec::new(),
                usize::MAX,
            );
            let seen: Vec<(f64, Option<i32>)> = targets.iter().map(|t| (t.value, t.year)).collect();
            assert_eq!(seen, [(100.0, Some(2025))]);
        }
    }

    #[test]
    fn lead_ins_set_the_year_of_their_list() {
        let text = "I. MỤC TIÊU\n1. Mục tiêu cụ thể\na) Đến năm 2025:\n- 100% hồ sơ được số hóa.\nb) Đến năm 2030:\n- 90% dữ liệu được chia sẻ.\nNơi nhận:\n";
        let sections = vec![
            section(&["I"], Some("MỤC TIÊU"), [1, 6]),
            section(&["I", "1"], Some("Mục tiêu cụ thể"), [2, 6]),
            section(&["I", "1", "a"], None, [3, 4]),
            section(&["I", "1", "b"], None, [5, 6]),
        ];
        let document = clean(text);
        let targets = collected(&document, &sections);
        let years: Vec<Option<i32>> = targets.iter().map(|t| t.year).collect();
        assert_eq!(years, [Some(2025), Some(2030)]);
    }

    #[test]
    fn a_bullet_lead_in_ends_at_its_next_sibling() {
        let text = "I. MỤC TIÊU\n1. Mục tiêu cụ thể\n- Đến năm 2025:\n+ 100% hồ sơ được số hóa.\n+ 90% dữ liệu được chia sẻ.\n- Tối thiểu 50% doanh nghiệp dùng nền tảng số.\nNơi nhận:\n";
        let sections = [
            section(&["I"], Some("MỤC TIÊU"), [1, 6]),
            section(&["I", "1"], Some("Mục tiêu cụ thể"), [2, 6]),
        ];
        let document = clean(text);
        let targets = collected(&document, &sections);
        let years: Vec<Option<i32>> = targets.iter().map(|t| t.year).collect();
        assert_eq!(years, [Some(2025), Some(2025), None]);
    }
}

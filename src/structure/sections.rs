//! The body's section tree: level 1 Roman ("II. MỤC TIÊU ĐẾN NĂM 2030"), level 2 arabic
//! ("1. Mục đích"), level 3 letters in Vietnamese order ("a)", "đ)") or dotted numbers ("1.1.").
//!
//! A line that looks like a number marker only opens a section when the numbering makes sense
//! (it continues its siblings) and it does not sit in the middle of a wrapped sentence: a line
//! that starts with "2030" or "142/QĐ-TTg" after a wrapped line is text, not a heading.

use once_cell::sync::Lazy;
use regex::Regex;

use crate::clean::{collapse_whitespace, join_lines, Document, Line};
use crate::domain::numbering::{
    class_chars, letter_rank, next_latin_letter, next_letter, part_marker, roman_value, DIGITS,
    LIST_LETTERS, ROMAN_LETTERS,
};
use crate::model::{Diagnostic, Section, Severity};

static ROMAN_MARKER: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!(r"^([{ROMAN_LETTERS}]{{1,6}})\s*[.:]\s*(.*)$")).unwrap());
static ARABIC_MARKER: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!(r"^([{DIGITS}]{{1,2}})\s*\.\s*(\S.*)?$")).unwrap());
/// A number written with dots between groups of thousands ("2.500 triệu đồng", "15.000 người"):
/// a line wrapped before it opens with it, and it is no "2." marker.
static GROUPED_NUMBER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^[0-9]{1,3}(?:\.[0-9]{3})+(?:[^0-9.]|$)").unwrap());
static DOTTED_MARKER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"^([{DIGITS}]{{1,2}})\.([{DIGITS}]{{1,2}})\.?\s+(\S.*)$"
    ))
    .unwrap()
});
static LETTER_MARKER: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!(r"^([{LIST_LETTERS}])\s*\)\s*(.*)$")).unwrap());
/// What each kind of marker opens with, for the quick tests before its pattern: most lines open
/// with none of them, and each pattern tried costs a search and its captures' allocation.
static OPENS_ROMAN: Lazy<Vec<char>> = Lazy::new(|| class_chars(ROMAN_LETTERS));
static OPENS_NUMBER: Lazy<Vec<char>> = Lazy::new(|| class_chars(DIGITS));
static OPENS_LETTER: Lazy<Vec<char>> = Lazy::new(|| class_chars(LIST_LETTERS));
/// Lines that open a list item or bullet inside a section: they end a heading's paragraph.
static BULLET: Lazy<Regex> = Lazy::new(|| Regex::new(r"^(?:[-+•–—*]\s|[-+•–]\S)").unwrap());

/// Headings are titles, not sentences: an unterminated lead paragraph longer than this is only
/// a heading when content follows it (a title over bullets), never on its own.
const SHORT_HEADING_WORDS: usize = 15;
const LONG_HEADING_WORDS: usize = 80;
/// Text before a colon is a heading ("1. Mục đích: Triển khai …") only when it is this short.
const COLON_HEADING_WORDS: usize = 30;
/// Words (diacritics folded) that end the text before a colon when the colon opens a list inside
/// a sentence rather than separating a title from its text.
const LIST_INTRODUCERS: &[&str] = &[
    "gom",
    "bao gom",
    "nhu sau",
    "sau day",
    "cu the",
    "cu the la",
    "la",
    "nhu",
    "sau",
];
/// Words that cannot end a title or a sentence in Vietnamese: prepositions, conjunctions and
/// classifiers that always take a complement (compared by `tone_key`).
const LINK_WORDS: &[&str] = &[
    "tại", "của", "và", "với", "theo", "cho", "về", "các", "những", "trong", "từ", "đến", "để",
    "là", "được", "do", "bởi", "nhằm", "như", "hoặc", "hay", "mà", "giữa",
];
/// How many numbers a sibling may skip and still be taken as the next sibling (with a
/// numbering-gap diagnostic). More than that and the marker is more likely wrapped text.
const MAX_SKIP: u32 = 2;

#[derive(Debug, Clone, PartialEq)]
struct Marker {
    level: u8,
    number: String,
    /// Position in its numbering system, for continuity checks.
    ordinal: u32,
    /// For dotted numbers ("2.3"), the parent number it names ("2").
    parent_number: Option<String>,
    rest: String,
    /// Named by a word ("Phần I"): a part even with its title on the next line, where a bare
    /// "I." alone on a line is no heading.
    worded: bool,
}

/// `parts_called_phan`: the plan's level 1 is its "Phần I", "Phần II" (it has no "I." heading;
/// where it has both, a "Phần" is a level above, which the tree does not hold).
fn marker(text: &str, parts_called_phan: bool) -> Option<Marker> {
    let text = text.trim();
    let first = text.chars().next()?;
    let opens = |class: &[char]| class.binary_search(&first).is_ok();
    let roman = opens(&OPENS_ROMAN)
        .then(|| ROMAN_MARKER.captures(text))
        .flatten()
        .map(|caps| (caps[1].to_string(), caps[2].to_string(), false))
        .or_else(|| {
            parts_called_phan
                .then(|| part_marker(text))
                .flatten()
                .map(|(number, rest)| (number, rest, true))
        });
    if let Some((number, rest, worded)) = roman {
        let ordinal = roman_value(&number)?;
        return Some(Marker {
            level: 1,
            number,
            ordinal,
            parent_number: None,
            rest,
            worded,
        });
    }
    if !opens(&OPENS_NUMBER) && !opens(&OPENS_LETTER) {
        return None;
    }
    if let Some(caps) = DOTTED_MARKER.captures(text) {
        let ordinal: u32 = caps[2].parse().ok()?;
        return Some(Marker {
            level: 3,
            number: format!("{}.{}", &caps[1], &caps[2]),
            ordinal,
            parent_number: Some(caps[1].to_string()),
            rest: caps[3].to_string(),
            worded: false,
        });
    }
    if let Some(caps) = ARABIC_MARKER.captures(text) {
        if GROUPED_NUMBER.is_match(text) {
            return None;
        }
        let ordinal: u32 = caps[1].parse().ok()?;
        return Some(Marker {
            level: 2,
            number: caps[1].to_string(),
            ordinal,
            parent_number: None,
            rest: caps
                .get(2)
                .map(|m| m.as_str().to_string())
                .unwrap_or_default(),
            worded: false,
        });
    }
    if let Some(caps) = LETTER_MARKER.captures(text) {
        let ordinal = letter_rank(&caps[1])?;
        return Some(Marker {
            level: 3,
            number: caps[1].to_string(),
            ordinal,
            parent_number: None,
            rest: caps[2].to_string(),
            worded: false,
        });
    }
    None
}

/// A letter item under an open dotted part ("a)" under "1.1.") is one level deeper (4): the
/// letters and the dotted numbers are both the level under the arabic parts, and a letter is
/// no sibling of "1.1".
fn under_dotted(mut m: Marker, current_path: &[(u8, String)]) -> Marker {
    let is_letter = m.level == 3 && m.parent_number.is_none();
    let innermost_third = current_path.iter().rev().find(|(level, _)| *level <= 3);
    if is_letter && matches!(innermost_third, Some((3, number)) if number.contains('.')) {
        m.level = 4;
    }
    m
}

/// A section being collected: its marker, where it starts, and its content lines.
struct Open<'a> {
    path: Vec<String>,
    marker: Marker,
    first_line: usize,
    marker_line: &'a Line,
    lines: Vec<&'a Line>,
}

/// Numbering state per level under the current parent: the last ordinal seen.
#[derive(Default)]
struct Counters {
    last: [Option<(u32, String)>; 4],
}

pub fn extract(document: &Document) -> (Vec<Section>, Vec<Diagnostic>) {
    let body: Vec<&Line> = document
        .slice(&document.regions.body)
        .iter()
        .filter(|l| l.is_content())
        .collect();
    let full_width = typical_width(&body);
    let parts_called_phan = !body.iter().any(|l| ROMAN_MARKER.is_match(l.text.trim()))
        && body.iter().any(|l| part_marker(&l.text).is_some());
    let mut diagnostics = Vec::new();
    let mut sections: Vec<Open> = Vec::new();
    let mut counters = Counters::default();
    // The open sections' (level, number), outermost first. A plan may lack a level (arabic parts
    // with no Roman numeral above them), so a position in the path is not a level.
    let mut current_path: Vec<(u8, String)> = Vec::new();
    let mut previous: Option<&Line> = None;

    for line in body.iter().copied() {
        let accepted = marker(&line.text, parts_called_phan)
            .map(|m| under_dotted(m, &current_path))
            .and_then(|m| {
                // A marker right after a line that ran to the margin unfinished is more likely wrapped
                // text — unless the numbering says it is exactly the next item. After a linking word
                // ("… tại", "… số") it is always wrapped text.
                let mid_sentence = previous.is_some_and(|p| is_mid_sentence(p, full_width));
                let after_link_word = previous.is_some_and(|p| ends_with_link_word(&p.text));
                accept(&m, &current_path, &counters)
                    .filter(|verdict| {
                        !after_link_word && (!mid_sentence || matches!(verdict, Verdict::InOrder))
                    })
                    .map(|verdict| (m, verdict))
            });
        match accepted {
            Some((m, verdict)) => {
                if let Some(d) = verdict.diagnostic(&m, line.no) {
                    diagnostics.push(d);
                }
                let level = m.level as usize;
                // Open the new section: its path is the open sections of higher levels plus its
                // own number.
                current_path.retain(|(open_level, _)| *open_level < m.level);
                current_path.push((m.level, m.number.clone()));
                counters.last[level - 1] = Some((m.ordinal, m.number.clone()));
                for deeper in counters.last.iter_mut().skip(level) {
                    *deeper = None;
                }
                sections.push(Open {
                    path: current_path.iter().map(|(_, n)| n.clone()).collect(),
                    marker: m,
                    first_line: line.no,
                    marker_line: line,
                    lines: Vec::new(),
                });
            }
            None => {
                if let Some(open) = sections.last_mut() {
                    open.lines.push(line);
                }
            }
        }
        previous = Some(line);
    }

    let out = sections
        .into_iter()
        .map(|open| finish(open, full_width))
        .collect();
    (out, diagnostics)
}

/// Why a marker was accepted, so a skipped or repeated number can be reported.
enum Verdict {
    InOrder,
    Gap { expected: String },
    Duplicate,
}

impl Verdict {
    fn diagnostic(&self, m: &Marker, line: usize) -> Option<Diagnostic> {
        match self {
            Verdict::InOrder => None,
            Verdict::Gap { expected } => Some(
                Diagnostic::new(
                    "numbering-gap",
                    Severity::Warning,
                    format!(
                        "item \"{}\" follows a skipped number: expected \"{expected}\"",
                        m.number
                    ),
                    [line, line],
                )
                .with_suggestion(format!("renumber from \"{expected}\"")),
            ),
            Verdict::Duplicate => Some(Diagnostic::new(
                "numbering-duplicate",
                Severity::Warning,
                format!("item number \"{}\" repeats its predecessor", m.number),
                [line, line],
            )),
        }
    }
}

fn accept(m: &Marker, current_path: &[(u8, String)], counters: &Counters) -> Option<Verdict> {
    let level = m.level as usize;
    // A level-3 item needs an open parent (dotted numbers name theirs).
    if level == 3 && current_path.is_empty() {
        return None;
    }
    if let Some(parent) = &m.parent_number {
        let open_parent = current_path
            .iter()
            .find(|(open_level, _)| *open_level == 2)
            .map(|(_, number)| number);
        if open_parent != Some(parent) {
            return None;
        }
    }
    if m.level == 1 && m.rest.trim().is_empty() && !m.worded {
        return None;
    }
    let last = counters.last[level - 1].as_ref();
    match (m.level, m.parent_number.is_some(), last) {
        (3 | 4, false, None) => {
            (m.ordinal <= letter_rank("b").unwrap_or(2)).then_some(Verdict::InOrder)
        }
        (3 | 4, false, Some((previous, number))) => {
            let expected = next_letter(number)?;
            let expected_rank = letter_rank(expected)?;
            // Either order's next letter is in order: "e)" after "d)" is the Latin order, which
            // `check` accepts too, not a skipped "đ)".
            let latin = next_latin_letter(number);
            if m.ordinal == expected_rank || latin == Some(m.number.to_lowercase().as_str()) {
                Some(Verdict::InOrder)
            } else if m.ordinal > *previous && m.ordinal <= expected_rank + 2 * MAX_SKIP {
                Some(Verdict::Gap {
                    expected: expected.to_string(),
                })
            } else {
                None
            }
        }
        (_, _, None) => (m.ordinal <= MAX_SKIP).then_some(Verdict::InOrder),
        (_, _, Some((previous, _))) => {
            let expected = previous + 1;
            if m.ordinal == expected {
                Some(Verdict::InOrder)
            } else if m.ordinal > expected && m.ordinal <= previous + 1 + MAX_SKIP {
                let expected = if m.level == 1 {
                    crate::domain::numbering::to_roman(expected)
                } else {
                    expected.to_string()
                };
                Some(Verdict::Gap { expected })
            } else if m.ordinal == *previous && m.level != 1 {
                Some(Verdict::Duplicate)
            } else {
                None
            }
        }
    }
}

/// Splits a collected section into heading and text.
fn finish(open: Open, full_width: usize) -> Section {
    let rest = collapse_whitespace(&open.marker.rest);
    let lines: Vec<String> = open
        .lines
        .iter()
        .map(|l| collapse_whitespace(&l.text))
        .collect();
    let last_line = open.lines.last().map(|l| l.no).unwrap_or(open.first_line);

    // The lead paragraph: the marker line's text and the lines that wrap on from it. A paragraph
    // ends at a bullet, at a sentence end, or after a line that stopped short of the margin.
    // Level-1 titles only wrap on in capitals.
    let upper_title = open.marker.level == 1 && is_upper(&rest);
    let (mut lead, mut lead_len, mut last_width_text) = if rest.is_empty() && !lines.is_empty() {
        (lines[0].clone(), 1, open.lines[0].text.as_str())
    } else {
        (rest.clone(), 0, open.marker_line.text.as_str())
    };
    while let Some(line) = lines.get(lead_len) {
        let capital_continuation = upper_title && is_upper(line) && marker(line, true).is_none();
        // ";" ends a clause, not the paragraph, when the next line goes on in lowercase.
        let clause_goes_on = lead.trim_end().ends_with(';') && !starts_sentence(line, true);
        if BULLET.is_match(line) || (ends_sentence(&lead) && !clause_goes_on) {
            break;
        }
        let stopped_short = is_short(last_width_text, full_width)
            || (is_shortish(last_width_text, full_width)
                // Letter items are mostly running sentences, numbered parts mostly titles: only
                // the latter take a figure as the start of a new paragraph.
                && starts_sentence(line, open.marker.level <= 2)
                && !ends_with_link_word(&lead));
        if (open.marker.level == 1 || stopped_short) && !capital_continuation {
            break;
        }
        // Both are collapsed already: appending keeps a long paragraph linear (joining anew
        // re-read the whole lead for every line).
        if !line.is_empty() {
            if !lead.is_empty() {
                lead.push(' ');
            }
            lead.push_str(line);
        }
        last_width_text = open.lines[lead_len].text.as_str();
        lead_len += 1;
    }
    let remaining = &lines[lead_len..];
    let words = lead.split_whitespace().count();

    // A lead followed by a lowercase line, or ending in a comma, stops mid-sentence: it is
    // running text whose line was broken, not a title.
    let unfinished = lead.trim_end().ends_with(',')
        || ends_with_link_word(&lead)
        || remaining
            .first()
            .is_some_and(|next| next.chars().next().is_some_and(char::is_lowercase));
    let (heading, text) = if let Some((before, after)) = colon_heading(&lead) {
        (
            Some(before),
            join_lines(std::iter::once(after.as_str()).chain(remaining.iter().map(String::as_str))),
        )
    } else if lead.is_empty() || ends_sentence(&lead) || unfinished {
        (
            None,
            join_lines(std::iter::once(lead.as_str()).chain(remaining.iter().map(String::as_str))),
        )
    } else if open.marker.level == 1
        || words <= SHORT_HEADING_WORDS
        || (!remaining.is_empty() && words <= LONG_HEADING_WORDS)
    {
        (
            Some(lead.clone()),
            join_lines(remaining.iter().map(String::as_str)),
        )
    } else {
        (
            None,
            join_lines(std::iter::once(lead.as_str()).chain(remaining.iter().map(String::as_str))),
        )
    };
    Section {
        path: open.path,
        number: open.marker.number,
        level: open.marker.level,
        heading: heading.filter(|h| !h.is_empty()),
        text,
        lines: [open.first_line, last_line],
    }
}

/// "Mục đích: Triển khai …" → ("Mục đích", "Triển khai …"). The part before the colon must be
/// short and not itself a finished sentence.
fn colon_heading(lead: &str) -> Option<(String, String)> {
    let colon = lead.find(':')?;
    let before = lead[..colon].trim();
    let after = lead[colon + 1..].trim();
    let words = before.split_whitespace().count();
    if words == 0 || words > COLON_HEADING_WORDS || before.contains(". ") {
        return None;
    }
    // "… gồm:", "… như sau:" introduce a list inside a sentence; they are not titles.
    let folded = crate::domain::text::fold(before);
    if LIST_INTRODUCERS
        .iter()
        .any(|w| folded == *w || folded.ends_with(&format!(" {w}")))
    {
        return None;
    }
    // A colon inside a time ("8:30") or a reference is not a heading separator.
    if before.ends_with(|c: char| c.is_ascii_digit())
        && after.starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    Some((before.to_string(), after.to_string()))
}

fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end();
    trimmed.ends_with(['.', ';', '!', '?', ':', '…'])
        || trimmed.ends_with(".)")
        || trimmed.ends_with(".”")
        || trimmed.ends_with("./.")
}

fn is_upper(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty() && letters.iter().all(|c| !c.is_lowercase())
}

/// A line that ran to the right margin without ending its sentence: the next line continues it.
fn is_mid_sentence(line: &Line, full_width: usize) -> bool {
    let text = line.text.trim_end();
    let width = text.chars().count();
    width * 100 >= full_width * 90 && !ends_sentence(text) && !text.ends_with(')')
}

fn is_short(text: &str, full_width: usize) -> bool {
    text.trim_end().chars().count() * 100 < full_width * 75
}

/// Shorter than a wrapped line usually is; a line this short followed by a capitalized line most
/// likely ended its paragraph (the colon or period may have been lost in extraction).
fn is_shortish(text: &str, full_width: usize) -> bool {
    text.trim_end().chars().count() * 100 < full_width * 90
}

/// A line ending in a preposition or linking word ("tại", "của", "và") runs on into the next.
fn ends_with_link_word(text: &str) -> bool {
    let last = text.split_whitespace().last().unwrap_or("");
    let folded = crate::domain::text::tone_key(last);
    LINK_WORDS.contains(&folded.as_str())
}

/// Starts like a new sentence: a capital letter, or — when `figures_too` — a figure ("100% các
/// cơ sở …"). Figures are weaker evidence: a wrapped sentence often goes on with one.
fn starts_sentence(text: &str, figures_too: bool) -> bool {
    text.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_uppercase() || (figures_too && c.is_ascii_digit()))
}

/// The width of a full line of running text: the 95th percentile of line lengths (lines that end a
/// paragraph are shorter, so the percentile lands on wrapped lines when there are any).
fn typical_width(lines: &[&Line]) -> usize {
    let mut widths: Vec<usize> = lines
        .iter()
        .map(|l| l.text.trim_end().chars().count())
        .collect();
    if widths.is_empty() {
        return 80;
    }
    widths.sort_unstable();
    widths[(widths.len() * 19 / 20).min(widths.len() - 1)].max(20)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each quick test stands for the class its pattern opens with: a pattern that came to
    /// accept another opening ("(1)", "1)") would have its lines turned away by the test.
    #[test]
    fn each_quick_test_is_its_patterns_opening_class() {
        for (pattern, class, opens) in [
            (&*ROMAN_MARKER, ROMAN_LETTERS, &*OPENS_ROMAN),
            (&*ARABIC_MARKER, DIGITS, &*OPENS_NUMBER),
            (&*DOTTED_MARKER, DIGITS, &*OPENS_NUMBER),
            (&*LETTER_MARKER, LIST_LETTERS, &*OPENS_LETTER),
        ] {
            assert!(
                pattern.as_str().starts_with(&format!("^([{class}]")),
                "{}",
                pattern.as_str()
            );
            assert_eq!(opens, &class_chars(class));
        }
    }

    fn parse(text: &str) -> Vec<Section> {
        extract(&crate::clean::clean(text)).0
    }

    #[test]
    fn headings_and_running_text() {
        let text = "KẾ HOẠCH\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích: Triển khai hiệu quả.\n2. Yêu cầu\n- Bảo đảm.\nII. KINH PHÍ\n1. Kinh phí được bố trí từ ngân sách.\n";
        let sections = parse(text);
        let got: Vec<(String, Option<String>)> = sections
            .iter()
            .map(|s| (s.path.join("."), s.heading.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("I".into(), Some("MỤC ĐÍCH, YÊU CẦU".into())),
                ("I.1".into(), Some("Mục đích".into())),
                ("I.2".into(), Some("Yêu cầu".into())),
                ("II".into(), Some("KINH PHÍ".into())),
                ("II.1".into(), None),
            ]
        );
        assert_eq!(sections[1].text, "Triển khai hiệu quả.");
        assert_eq!(sections[2].text, "- Bảo đảm.");
        assert_eq!(sections[4].text, "Kinh phí được bố trí từ ngân sách.");
    }

    /// A paragraph wrapped before an amount: "2.500 triệu đồng" opens the line, and it is not
    /// item 2 again (which `check` reported as a duplicate number).
    #[test]
    fn a_wrapped_amount_is_no_item_number() {
        let text =
            "I. KINH PHÍ\n1. Kinh phí\nTổng kinh phí dự kiến là\n2.500 triệu đồng, trong đó\n\
                    15.000.000 đồng cho đào tạo.\n2. Nguồn vốn\n";
        let (sections, diagnostics) = extract(&crate::clean::clean(text));
        let paths: Vec<String> = sections.iter().map(|s| s.path.join(".")).collect();
        assert_eq!(paths, vec!["I", "I.1", "I.2"]);
        assert!(
            sections[1].text.contains("2.500 triệu đồng"),
            "{}",
            sections[1].text
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
    }

    #[test]
    fn letters_follow_vietnamese_order_and_gaps_are_reported() {
        let text = "I. MỤC TIÊU\n1. Dữ liệu\na) Một.\nb) Hai.\nc) Ba.\ne) Năm.\nđ) not after e.\n";
        let (sections, diagnostics) = extract(&crate::clean::clean(text));
        let paths: Vec<String> = sections.iter().map(|s| s.path.join(".")).collect();
        assert_eq!(paths, vec!["I", "I.1", "I.1.a", "I.1.b", "I.1.c", "I.1.e"]);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].rule, "numbering-gap");
        assert_eq!(diagnostics[0].lines, [6, 6]);
    }

    /// The Latin order ("d) e) f)") is in order, as `check` reads it; a letter skipped in
    /// both orders is a gap.
    #[test]
    fn the_latin_letter_order_is_not_a_gap() {
        let text = "I. A\n1. B\na) x.\nb) x.\nc) x.\nd) x.\ne) x.\nf) x.\ng) x.\n";
        let (sections, diagnostics) = extract(&crate::clean::clean(text));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(sections.len(), 9);
        let text = "I. A\n1. B\na) x.\nb) x.\nd) x.\n";
        let (_, diagnostics) = extract(&crate::clean::clean(text));
        assert_eq!(diagnostics.len(), 1);
    }

    #[test]
    fn e_then_g_is_not_a_gap_and_f_is_tolerated() {
        let text = "I. A\n1. B\na) x.\nb) x.\nc) x.\nd) x.\nđ) x.\ne) x.\ng) x.\nh) x.\n";
        let (_, diagnostics) = extract(&crate::clean::clean(text));
        assert!(diagnostics.is_empty());
        let text = "I. A\n1. B\na) x.\nb) x.\nc) x.\nd) x.\nđ) x.\ne) x.\nf) x.\ng) x.\n";
        let (sections, diagnostics) = extract(&crate::clean::clean(text));
        assert!(diagnostics.is_empty());
        assert_eq!(sections.len(), 10);
    }

    /// A plan whose parts are numbered "1.", "2." with no Roman numeral above them: each part's
    /// path is its own number, whatever came before (a gap included), and its letters and dotted
    /// items are under it.
    #[test]
    fn parts_with_no_level_above_them_are_siblings() {
        let text = "1. Nội dung thứ nhất.\na) x.\n3. Nội dung thứ ba.\na) y.\n3.1. Chi tiết.\n4. Nội dung thứ tư.\n";
        let sections = parse(text);
        let paths: Vec<String> = sections.iter().map(|s| s.path.join(".")).collect();
        assert_eq!(paths, vec!["1", "1.a", "3", "3.a", "3.3.1", "4"]);
    }

    #[test]
    fn letters_under_a_dotted_part_are_its_items() {
        let text = "I. MỤC TIÊU\n1. Mục tiêu cụ thể\n1.1. Dữ liệu phục vụ chính quyền số\n\
                    a) 100% cơ sở dữ liệu được kết nối.\nb) Tối thiểu 90% hồ sơ được số hóa.\n\
                    1.2. Dữ liệu phục vụ kinh tế số\na) Tối thiểu 50% doanh nghiệp dùng dữ liệu.\n\
                    2. Giải pháp\na) Đào tạo.\nII. TỔ CHỨC THỰC HIỆN\nCác sở triển khai.\n";
        let sections = parse(text);
        let read: Vec<(String, u8)> = sections
            .iter()
            .map(|s| (s.path.join("."), s.level))
            .collect();
        let expected = [
            ("I", 1),
            ("I.1", 2),
            ("I.1.1.1", 3),
            ("I.1.1.1.a", 4),
            ("I.1.1.1.b", 4),
            ("I.1.1.2", 3),
            ("I.1.1.2.a", 4),
            ("I.2", 2),
            ("I.2.a", 3),
            ("II", 1),
        ];
        let expected: Vec<(String, u8)> = expected
            .iter()
            .map(|(path, level)| (path.to_string(), *level))
            .collect();
        assert_eq!(read, expected);
        assert_eq!(
            sections[2].heading.as_deref(),
            Some("Dữ liệu phục vụ chính quyền số")
        );
    }

    #[test]
    fn wrapped_numbers_are_not_headings() {
        let long = "Triển khai thực hiện các nhiệm vụ của Chiến lược dữ liệu quốc gia đến năm";
        let linked = "Triển khai thực hiện các nhiệm vụ theo hướng dẫn chi tiết quy định tại";
        let text = format!(
            "I. MỤC TIÊU\n1. Dữ liệu\n{linked}\n2. Tiếp tục theo lộ trình của Bộ.\n{long}\n2030 và các năm tiếp theo.\n{long}\n4. Và các năm sau.\n"
        );
        let sections = parse(&text);
        let paths: Vec<String> = sections.iter().map(|s| s.path.join(".")).collect();
        assert_eq!(paths, vec!["I", "I.1"]);
    }
}

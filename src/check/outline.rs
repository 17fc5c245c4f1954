//! The numbered items of the body (and of appendix tables), as a flat list with their kind and
//! the list they belong to. Built from the section tree when the parser produced one, else from a
//! light scan of line starts — the numbering rules only need numbers, kinds and lines.

use once_cell::sync::Lazy;
use regex::Regex;

use crate::clean::{Document, Line};
use crate::domain::numbering::{
    class_chars, part_marker, roman_value, DIGITS, LIST_LETTERS, ROMAN_LETTERS,
};
use crate::model::Section;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// "A", "B" group rows of appendix tables.
    UpperLetter,
    Roman,
    Arabic,
    /// "1.1", "2.3.1": the prefix says which item it belongs to.
    Dotted,
    /// "a)", "đ)".
    Letter,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub kind: Kind,
    /// The number as printed, without its trailing "." or ")".
    pub label: String,
    /// Printed with no "." after it, as a table's number cell often holds it ("1.2", "III"):
    /// messages show the number so, and the numbers they ask for in the same style.
    pub bare: bool,
    /// The text after the number on the same line (a heading or the start of running text).
    pub text: String,
    pub line: usize,
    /// Index of the list the item belongs to (items of one list share it).
    pub list: usize,
}

/// Markup a marker may sit in ("## **III. NHIỆM VỤ**"), trimmed before the patterns run.
const MARKUP: [char; 3] = ['*', '#', '_'];

static ROMAN: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!(r"^([{ROMAN_LETTERS}]{{1,7}})\s*[.:]\s*(.*)$")).unwrap());
static DOTTED: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"^([{DIGITS}]{{1,2}}(?:\.[{DIGITS}]{{1,2}}){{1,3}})\.?\s+(\p{{L}}.*)$"
    ))
    .unwrap()
});
static ARABIC: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!(r"^([{DIGITS}]{{1,2}})\.\s*(\p{{L}}.*)?$")).unwrap());
static LETTER: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!(r"^([{LIST_LETTERS}])\)\s*(.*)$")).unwrap());
/// Every character a marker opens with, as one sorted list, for the quick test.
static OPENINGS: Lazy<Vec<char>> = Lazy::new(|| {
    let mut openings: Vec<char> = [ROMAN_LETTERS, DIGITS, LIST_LETTERS]
        .iter()
        .flat_map(|class| class_chars(class))
        .collect();
    openings.sort_unstable();
    openings.dedup();
    openings
});

/// A numbered line start: kind, label, rest of the line.
pub fn marker(text: &str) -> Option<(Kind, String, String)> {
    if !may_open_a_marker(text) {
        return None;
    }
    marker_by_patterns(text)
}

fn marker_by_patterns(text: &str) -> Option<(Kind, String, String)> {
    let text = crate::clean::collapse_whitespace(text);
    let text = text.trim_start_matches(|c| c == ' ' || MARKUP.contains(&c));
    if let Some(c) = ROMAN.captures(text) {
        let label = c[1].to_string();
        let rest = c.get(2).map_or("", |m| m.as_str()).to_string();
        // "I. " must open an upper-case heading or stand alone; "V.v." is not a heading.
        let heading_like =
            rest.is_empty() || rest.chars().next().is_some_and(|ch| ch.is_uppercase());
        if roman_value(&label).is_some() && heading_like {
            return Some((Kind::Roman, label, rest));
        }
    }
    if let Some(c) = DOTTED.captures(text) {
        return Some((Kind::Dotted, c[1].to_string(), c[2].to_string()));
    }
    if let Some(c) = ARABIC.captures(text) {
        let rest = c.get(2).map_or("", |m| m.as_str()).to_string();
        return Some((Kind::Arabic, c[1].to_string(), rest));
    }
    if let Some(c) = LETTER.captures(text) {
        return Some((Kind::Letter, c[1].to_string(), c[2].to_string()));
    }
    None
}

/// Whether `text` may open with a marker: its first character after white space and markup is
/// one a label opens with. Most body lines are told they open none without a copy or the four
/// patterns (`check` asks for every line, several times).
fn may_open_a_marker(text: &str) -> bool {
    text.chars()
        .find(|c| !c.is_whitespace() && !MARKUP.contains(c))
        .is_some_and(|c| OPENINGS.binary_search(&c).is_ok())
}

/// Assigns items to lists: Roman items form one list; arabic items one list per Roman part;
/// dotted items one list per prefix; letters one list per arabic/dotted item above them.
pub struct Lists {
    next_list: usize,
    roman: Option<usize>,
    arabic: Option<usize>,
    dotted: std::collections::BTreeMap<String, usize>,
    letter: Option<usize>,
    upper: Option<usize>,
}

impl Lists {
    pub fn new() -> Self {
        Lists {
            next_list: 0,
            roman: None,
            arabic: None,
            dotted: Default::default(),
            letter: None,
            upper: None,
        }
    }

    fn fresh(&mut self) -> usize {
        self.next_list += 1;
        self.next_list
    }

    pub fn assign(&mut self, kind: Kind, label: &str) -> usize {
        match kind {
            Kind::UpperLetter => {
                self.roman = None;
                self.arabic = None;
                self.letter = None;
                self.dotted.clear();
                match self.upper {
                    Some(list) => list,
                    None => {
                        let list = self.fresh();
                        self.upper = Some(list);
                        list
                    }
                }
            }
            Kind::Roman => {
                self.arabic = None;
                self.letter = None;
                self.dotted.clear();
                match self.roman {
                    Some(list) => list,
                    None => {
                        let list = self.fresh();
                        self.roman = Some(list);
                        list
                    }
                }
            }
            Kind::Arabic => {
                self.letter = None;
                self.dotted.clear();
                match self.arabic {
                    Some(list) => list,
                    None => {
                        let list = self.fresh();
                        self.arabic = Some(list);
                        list
                    }
                }
            }
            Kind::Dotted => {
                self.letter = None;
                let prefix = label.rsplit_once('.').map_or("", |(p, _)| p).to_string();
                if let Some(list) = self.dotted.get(&prefix) {
                    return *list;
                }
                let list = self.fresh();
                self.dotted.insert(prefix, list);
                list
            }
            Kind::Letter => match self.letter {
                Some(list) => list,
                None => {
                    let list = self.fresh();
                    self.letter = Some(list);
                    list
                }
            },
        }
    }
}

impl Default for Lists {
    fn default() -> Self {
        Self::new()
    }
}

/// Numbered items of the body, from the line starts of the body region.
pub fn scan_body(document: &Document) -> Vec<Item> {
    let lines = document.slice(&document.regions.body);
    scan_lines(lines)
}

pub fn scan_lines(lines: &[Line]) -> Vec<Item> {
    let mut lists = Lists::new();
    let mut items = Vec::new();
    let is_row = |line: &Line| line.text.contains('\t') || line.text.matches('|').count() >= 2;
    let body = || lines.iter().filter(|l| l.is_content() && !is_row(l));
    // "Phần I", "Phần II" are the parts where no "I." heading is (as the section tree reads them).
    let parts_called_phan = !body()
        .any(|l| marker(&l.text).is_some_and(|(kind, ..)| kind == Kind::Roman))
        && body().any(|l| part_marker(&l.text).is_some());
    for line in body() {
        let found = marker(&line.text).or_else(|| {
            parts_called_phan
                .then(|| part_marker(&line.text))
                .flatten()
                .map(|(label, text)| (Kind::Roman, label, text))
        });
        let Some((kind, label, text)) = found else {
            continue;
        };
        let list = lists.assign(kind, &label);
        items.push(Item {
            kind,
            label,
            text,
            line: line.no,
            list,
            bare: false,
        });
    }
    items
}

/// Numbered items from the parser's section list: the items of one kind directly under one
/// parent form a list. The parent is the nearest earlier section of a lower level, found by
/// level and order rather than by `path`: two parts printed with the same number ("3." twice)
/// share a path, and their sub-items must not run on from one into the other.
pub fn from_sections(sections: &[Section]) -> Vec<Item> {
    let mut lists: std::collections::BTreeMap<(Option<usize>, Kind), usize> = Default::default();
    let mut items = Vec::new();
    // (level, index) of the open sections, outermost first.
    let mut open: Vec<(u8, usize)> = Vec::new();
    for (index, section) in sections.iter().enumerate() {
        while open
            .last()
            .is_some_and(|(level, _)| *level >= section.level)
        {
            open.pop();
        }
        let parent = open.last().map(|(_, parent)| *parent);
        open.push((section.level, index));
        let Some(kind) = kind_of_number(&section.number) else {
            continue;
        };
        let next = lists.len() + 1;
        let list = *lists.entry((parent, kind)).or_insert(next);
        items.push(Item {
            kind,
            label: section.number.clone(),
            text: section
                .heading
                .clone()
                .unwrap_or_else(|| section.text.chars().take(80).collect()),
            line: section.lines[0],
            list,
            bare: false,
        });
    }
    items
}

/// The kind of a section number as the parser prints it ("IV", "2", "1.2", "đ").
fn kind_of_number(number: &str) -> Option<Kind> {
    if roman_value(number).is_some() {
        Some(Kind::Roman)
    } else if !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) {
        Some(Kind::Arabic)
    } else if number.contains('.')
        && number
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        Some(Kind::Dotted)
    } else if number.chars().count() == 1 && number.chars().all(|c| c.is_lowercase()) {
        Some(Kind::Letter)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(marker("II. MỤC TIÊU").map(|m| m.0), Some(Kind::Roman));
        assert_eq!(
            marker("## **III. NHIỆM VỤ**").map(|m| m.0),
            Some(Kind::Roman)
        );
        assert_eq!(marker("1. Mục đích").map(|m| m.0), Some(Kind::Arabic));
        assert_eq!(
            marker("1.2. Nội dung").map(|m| m.1),
            Some("1.2".to_string())
        );
        assert_eq!(marker("đ) Rà soát").map(|m| m.1), Some("đ".to_string()));
        assert_eq!(marker("2030. Dữ liệu"), None);
        assert_eq!(marker("Các sở"), None);
    }

    /// The quick test never turns away a line that opens with a marker: every mix of markup
    /// and white space, an opening the patterns know (or one they do not), a separator and a
    /// heading.
    #[test]
    fn a_marker_is_never_turned_away() {
        let leads = [
            "",
            " ",
            "\t",
            "\u{a0}",
            "\u{2003} ",
            "*",
            "## ",
            "**_",
            "_ *",
        ];
        let openings = [
            "I", "V", "X", "L", "IV", "XL", "0", "1", "12", "1.2", "3.1.4", "a", "đ", "z", "C",
            "M", "Đ", "-", "i", "ê",
        ];
        let separators = [".", ":", ")", ". ", " . ", " : ", ""];
        let rests = ["", "MỤC TIÊU", "Rà soát", "đ"];
        let mut markers = 0;
        for lead in leads {
            for opening in openings {
                for separator in separators {
                    for rest in rests {
                        let text = format!("{lead}{opening}{separator}{rest}");
                        if marker_by_patterns(&text).is_some() {
                            markers += 1;
                            assert!(may_open_a_marker(&text), "{text:?}");
                        }
                    }
                }
            }
        }
        assert!(markers > 500, "{markers}");
    }

    /// The quick test's list is the three classes together (each held to the regular expression
    /// engine's reading in `domain::numbering`).
    #[test]
    fn the_openings_are_the_three_classes() {
        assert_eq!(OPENINGS.len(), 41);
        for c in ['I', 'V', 'X', 'L', '0', '9', 'a', 'z', 'đ'] {
            assert!(OPENINGS.binary_search(&c).is_ok(), "{c:?}");
        }
        for c in ['C', 'Đ', '-', '(', ' '] {
            assert!(OPENINGS.binary_search(&c).is_err(), "{c:?}");
        }
    }
}

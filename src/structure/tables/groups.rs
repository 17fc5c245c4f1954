//! Group rows: letters (A, B …) above Roman numerals (I, II …), or a body's name printed as a
//! group ("IV Sở Y tế"). Numbering continuity decides whether "I" is a Roman one or the letter
//! after "H", and whether a line that looks like a group row really is one.

use once_cell::sync::Lazy;
use regex::Regex;

use crate::domain::numbering::roman_value;
use crate::model::Group;

/// "A NHIỆM VỤ", "II Văn phòng …", "III. PHÁT TRIỂN", "I." (title on the next lines).
static GROUP: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^([A-ZĐ]|[IVXLC]{1,7})(?:\s*[.:)])?(?:\s+(\S.*))?$").unwrap());

const LETTERS: &str = "ABCDĐEFGHIJKLMNOPQRSTUVWXYZ";

/// How far a group numeral out of order may be from the last one (`recognize_out_of_order`).
const OUT_OF_ORDER_REACH: u32 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Letter,
    Roman,
}

#[derive(Debug, Clone, Default)]
pub struct GroupTracker {
    letter: Option<Group>,
    roman: Option<Group>,
    last_roman: u32,
}

fn letter_rank(letter: &str) -> Option<usize> {
    let c = letter.chars().next()?;
    if letter.chars().count() != 1 {
        return None;
    }
    LETTERS.chars().position(|l| l == c)
}

impl GroupTracker {
    pub fn current(&self) -> Vec<Group> {
        self.letter
            .iter()
            .chain(self.roman.iter())
            .cloned()
            .collect()
    }

    /// Reads `text` as a group row: (number, title, level), or None when numbering continuity
    /// says it is not one. `strict` asks for continuity (flowed text, where any line could start
    /// with a capital letter); delimited rows put the number alone in the first cell, so any
    /// letter or numeral will do there.
    pub fn recognize(&self, text: &str, strict: bool) -> Option<(String, String, Level)> {
        let text = text.trim();
        let caps = GROUP.captures(text)?;
        let number = caps.get(1)?.as_str().to_string();
        let title = caps.get(2).map(|m| m.as_str().trim()).unwrap_or("");
        if strict && !title.is_empty() {
            // A group title opens with a capital letter or a digit ("Đến năm 2030").
            let first = title.chars().next()?;
            if !(first.is_uppercase() || first.is_ascii_digit()) {
                return None;
            }
        }
        let roman = roman_value(&number);
        let expected_letter = match &self.letter {
            Some(g) => letter_rank(&g.number).map(|r| r + 1),
            None => Some(0),
        };
        let as_letter = letter_rank(&number);
        let roman_fits = roman.is_some_and(|v| v == self.last_roman + 1 || v == 1);
        let letter_fits = as_letter.is_some() && as_letter == expected_letter;
        // "IV." standing alone with a dot is a group row even when the plan's own numbering
        // skips or repeats (a printed "IV." after "V."): the dot-and-line form is the evidence.
        let dotted_alone = strict && title.is_empty() && text.ends_with('.');
        let dotted_roman = dotted_alone && roman.is_some() && !letter_fits;
        let level = if dotted_roman
            || (roman_fits && !(letter_fits && self.letter.is_some() && roman != Some(1)))
        {
            Level::Roman
        } else if letter_fits {
            Level::Letter
        } else if !strict && roman.is_some() {
            Level::Roman
        } else if !strict && as_letter.is_some() {
            Level::Letter
        } else {
            return None;
        };
        // A letter group that restarts at "A" after letters were seen is suspicious in flowed
        // text (it is more likely a word); Roman "I" restarts inside each letter group.
        if strict && level == Level::Letter && self.letter.is_none() && self.last_roman > 0 {
            return None;
        }
        Some((number, title.to_string(), level))
    }

    /// Reads `text` as a Roman group row whose numeral breaks the order by a little ("IV" after
    /// "V", "VII" after "V": the plan's own slips), for a caller that has other evidence, such
    /// as the next line opening the next numbered row. Only numerals of two or more letters
    /// within `OUT_OF_ORDER_REACH` of the last one, with a capitalized title: a lone "I" or "V"
    /// may be a word, and "CV Sở Nội vụ" is a document's number, not the 105th group.
    pub fn recognize_out_of_order(&self, text: &str) -> Option<(String, String, Level)> {
        let caps = GROUP.captures(text.trim())?;
        let number = caps.get(1)?.as_str();
        let title = caps.get(2)?.as_str().trim();
        let capitalized = title.chars().next().is_some_and(char::is_uppercase);
        let near = roman_value(number).is_some_and(|value| {
            value.abs_diff(self.last_roman) <= OUT_OF_ORDER_REACH && value != self.last_roman + 1
        });
        (number.chars().count() >= 2 && near && capitalized)
            .then(|| (number.to_string(), title.to_string(), Level::Roman))
    }

    pub fn enter(&mut self, number: String, title: String, level: Level) {
        let group = Group { number, title };
        match level {
            Level::Letter => {
                self.letter = Some(group);
                self.roman = None;
                self.last_roman = 0;
            }
            Level::Roman => {
                self.last_roman = roman_value(&group.number).unwrap_or(self.last_roman + 1);
                self.roman = Some(group);
            }
        }
    }

    /// Appends a line to the title of the innermost group (titles broken over lines).
    pub fn extend_title(&mut self, text: &str) {
        let target = if self.roman.is_some() {
            self.roman.as_mut()
        } else {
            self.letter.as_mut()
        };
        if let Some(group) = target {
            group.title = crate::clean::join_lines([group.title.as_str(), text]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_then_romans() {
        let mut tracker = GroupTracker::default();
        let (n, t, l) = tracker.recognize("A NHIỆM VỤ TRỌNG TÂM", true).unwrap();
        assert_eq!(l, Level::Letter);
        tracker.enter(n, t, l);
        let (n, t, l) = tracker.recognize("I Xây dựng quy chế", true).unwrap();
        assert_eq!(l, Level::Roman);
        tracker.enter(n, t, l);
        assert_eq!(tracker.current().len(), 2);
        assert!(tracker.recognize("V Something", true).is_none());
        let (n, _, l) = tracker.recognize("II Văn phòng Ủy ban", true).unwrap();
        assert_eq!((n.as_str(), l), ("II", Level::Roman));
        assert!(tracker
            .recognize("III. PHÁT TRIỂN DỮ LIỆU", false)
            .is_some());
    }

    #[test]
    fn numerals_out_of_order_only_near_the_last_one() {
        let mut tracker = GroupTracker::default();
        for line in ["I Một", "II Hai", "III Ba", "IV Bốn", "V Năm"] {
            let (n, t, l) = tracker.recognize(line, true).unwrap();
            tracker.enter(n, t, l);
        }
        assert!(tracker
            .recognize("IV Thúc đẩy doanh nghiệp", true)
            .is_none());
        assert!(tracker
            .recognize_out_of_order("IV Thúc đẩy doanh nghiệp")
            .is_some());
        assert!(tracker
            .recognize_out_of_order("VII Hợp tác quốc tế")
            .is_some());
        assert!(tracker.recognize_out_of_order("CV Sở Nội vụ").is_none());
        assert!(tracker.recognize_out_of_order("IX Xa quá").is_none());
        assert!(tracker.recognize_out_of_order("V thường").is_none());
    }
}

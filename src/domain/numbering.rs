//! Numbering of plan parts: Roman numerals (level 1), arabic numbers (level 2), letters in
//! Vietnamese alphabetical order (level 3).

// The characters a section marker's label may open with, as regular expression classes,
// written once: the marker patterns of `structure::sections` and `check::outline` are built from
// them, and so are the quick tests that spare most lines the patterns.
pub const ROMAN_LETTERS: &str = "IVXL";
pub const DIGITS: &str = "0-9";
pub const LIST_LETTERS: &str = "a-zđ";

static PART_MARKER: once_cell::sync::Lazy<regex::Regex> = once_cell::sync::Lazy::new(|| {
    regex::Regex::new(&format!(
        r"^(?:PHẦN|Phần)\s+([{ROMAN_LETTERS}]{{1,7}})(?:\s*[.:\-–]\s*|\s+|$)(.*)$"
    ))
    .unwrap()
});

/// The characters one of the classes above stands for, sorted, for the quick tests. The classes
/// are written as single characters and `x-y` ranges only, which is all this expansion reads
/// (`class_chars_are_what_the_classes_match` holds it to the regular expression engine).
pub fn class_chars(class: &str) -> Vec<char> {
    let chars: Vec<char> = class.chars().collect();
    let mut expanded = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        if chars.get(at + 1) == Some(&'-') && at + 2 < chars.len() {
            expanded.extend(chars[at]..=chars[at + 2]);
            at += 3;
        } else {
            expanded.push(chars[at]);
            at += 1;
        }
    }
    expanded.sort_unstable();
    expanded.dedup();
    expanded
}

/// "Phần I", "PHẦN II. MỤC TIÊU", "Phần III - …": a part a plan calls "Phần", numbered in Roman
/// numerals: (numeral, title after it, empty when the title is on the next line). The title, if
/// on the line, is in capitals: "Phần V (kinh phí) được nêu …" and "Phần III Quyết định số …"
/// (a wrapped line of running text) are no parts. The section tree and `check` read parts with
/// it alike; whether such parts are a plan's level 1 or a level above its "I." is theirs to say.
pub fn part_marker(text: &str) -> Option<(String, String)> {
    let caps = PART_MARKER.captures(text.trim())?;
    let rest = caps[2].trim();
    let letters = || rest.chars().filter(|c| c.is_alphabetic());
    let in_capitals = letters().next().is_some() && letters().all(|c| !c.is_lowercase());
    (roman_value(&caps[1]).is_some() && (rest.is_empty() || in_capitals))
        .then(|| (caps[1].to_string(), rest.to_string()))
}

/// Vietnamese letter order used for "a)", "b)" … items. There is no f, j, w or z in Vietnamese;
/// some plans use "f" anyway, so it has a position (after "e") for tolerant ordering.
pub const VIETNAMESE_ITEM_LETTERS: &[&str] = &[
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
    "u", "v", "x", "y",
];

/// The Latin letter order some plans number their items in ("… d) e) f) g)"), not wrong either.
pub const LATIN_ITEM_LETTERS: &[&str] = &[
    "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s",
    "t", "u", "v", "w", "x", "y", "z",
];

/// The letter after `letter` in Latin order ("d" → "e", where Vietnamese order has "đ").
pub fn next_latin_letter(letter: &str) -> Option<&'static str> {
    let lower = letter.to_lowercase();
    let position = LATIN_ITEM_LETTERS.iter().position(|l| *l == lower)?;
    LATIN_ITEM_LETTERS.get(position + 1).copied()
}

/// Position of a level-3 letter in Vietnamese order; "f" sits between "e" and "g" (rank 5.5 as
/// 11 on a doubled scale) so both conventions sort correctly.
pub fn letter_rank(letter: &str) -> Option<u32> {
    let lower = letter.to_lowercase();
    if lower == "f" {
        return Some(11);
    }
    VIETNAMESE_ITEM_LETTERS
        .iter()
        .position(|l| *l == lower)
        .map(|p| p as u32 * 2)
}

/// The letter expected after `letter` in Vietnamese order (without "f").
pub fn next_letter(letter: &str) -> Option<&'static str> {
    let lower = letter.to_lowercase();
    let position = if lower == "f" {
        VIETNAMESE_ITEM_LETTERS.iter().position(|l| *l == "e")
    } else {
        VIETNAMESE_ITEM_LETTERS.iter().position(|l| *l == lower)
    }?;
    VIETNAMESE_ITEM_LETTERS.get(position + 1).copied()
}

/// Value of a Roman numeral (I … MMM); None for anything else.
pub fn roman_value(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 12 {
        return None;
    }
    let mut total = 0u32;
    let mut previous = 0u32;
    for c in text.chars().rev() {
        let value = match c {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            'L' => 50,
            'C' => 100,
            'D' => 500,
            'M' => 1000,
            _ => return None,
        };
        if value < previous {
            total = total.checked_sub(value)?;
        } else {
            total += value;
            previous = value;
        }
    }
    // Reject non-canonical forms such as "IIII" or "VX" by round-tripping.
    (to_roman(total) == text).then_some(total)
}

pub fn to_roman(mut value: u32) -> String {
    const TABLE: &[(u32, &str)] = &[
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for &(amount, symbol) in TABLE {
        while value >= amount {
            out.push_str(symbol);
            value -= amount;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each class's expansion holds exactly the characters the regular expression engine reads
    /// the class as, so a class written in syntax the expansion does not know (`\d`,
    /// `[:alpha:]`, a negation) fails here rather than turning markers away.
    #[test]
    fn class_chars_are_what_the_classes_match() {
        for class in [ROMAN_LETTERS, DIGITS, LIST_LETTERS] {
            let pattern = regex::Regex::new(&format!("^[{class}]$")).unwrap();
            let expanded = class_chars(class);
            for c in ('\0'..='\u{3000}').chain(['\u{1EA0}', '\u{FF10}']) {
                let matched = pattern.is_match(c.encode_utf8(&mut [0; 4]));
                assert_eq!(
                    expanded.binary_search(&c).is_ok(),
                    matched,
                    "{class}: {c:?}"
                );
            }
        }
        let sizes: Vec<usize> = [ROMAN_LETTERS, DIGITS, LIST_LETTERS]
            .iter()
            .map(|class| class_chars(class).len())
            .collect();
        assert_eq!(sizes, [4, 10, 27]);
    }

    #[test]
    fn roman_round_trip() {
        assert_eq!(roman_value("IV"), Some(4));
        assert_eq!(roman_value("XIV"), Some(14));
        assert_eq!(roman_value("IIII"), None);
        assert_eq!(roman_value("A"), None);
    }

    #[test]
    fn vietnamese_letters() {
        assert_eq!(next_letter("d"), Some("đ"));
        assert_eq!(next_letter("e"), Some("g"));
        assert_eq!(next_letter("f"), Some("g"));
        assert!(letter_rank("e") < letter_rank("f"));
        assert!(letter_rank("f") < letter_rank("g"));
    }
}

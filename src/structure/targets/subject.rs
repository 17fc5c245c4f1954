//! The subject of a target: a short normalized phrase of what is measured. The diff pairs the
//! targets of two plans by it, so two wordings of one commitment must come out alike: the same
//! words are taken around the number (what stands before it in its clause, what follows it),
//! asides in brackets and years are dropped, long forms are abbreviated ("cơ sở dữ liệu" →
//! "CSDL") and tone marks are normalized ("hoá" = "hóa").

use std::borrow::Cow;

use once_cell::sync::Lazy;
use regex::Regex;

use super::lexicon::{starts_with_phrase, LEXICON};
use crate::domain::text::tone_key;

/// A clause's words before the number are kept whole up to this many. A longer lead keeps the
/// words after its last `subject_lead` word if that leaves few enough, else its first words up
/// to a comma (the clause's grammatical subject: "Dữ liệu chuẩn hóa sổ lao động điện tử").
const BEFORE_WHOLE: usize = 14;
const BEFORE_HEAD: usize = 12;
/// Words after the number: at most this many; a comma ends them once the phrase holds its
/// predicate ("… được kết nối,"), not inside the list of things measured ("CSDL, hệ thống, …").
const AFTER_MAX: usize = 14;

static BRACKETS: Lazy<Regex> = Lazy::new(|| Regex::new(r"\([^()]*\)").unwrap());
static YEAR_PHRASE: Lazy<BoundaryPattern> = Lazy::new(|| {
    BoundaryPattern::new(&format!(
        r"(?i)\b(?:(?:đến|tới|trước|trong|sau|từ)\s+)?(?:hết\s+)?(?:(?:năm|giai đoạn)\s+|(?:tháng\s+|{q})(?:[0-9]{{1,2}}|[IVX]{{1,4}})(?:\s*[-–,]\s*(?:[0-9]{{1,2}}|[IVX]{{1,4}}))*\s*/\s*)(?:19|20)[0-9]{{2}}(?:[0-9]{{1,2}})?(?:\s*[-–]\s*(?:19|20)[0-9]{{2}})?[0-9]{{0,2}}",
        q = crate::domain::timeframe::QUARTER_BEFORE_NUMBER
    ))
});
/// "so với năm 2024": a baseline, not part of what is measured.
static BASELINE: Lazy<BoundaryPattern> = Lazy::new(|| {
    BoundaryPattern::new(r"(?i)\bso với\s+(?:năm\s+|cùng kỳ\s+)?(?:(?:19|20)[0-9]{2}[0-9]{0,2})?")
});
static NUMBERS: Lazy<BoundaryPattern> =
    Lazy::new(|| BoundaryPattern::new(r"[≥≤<>]=?\s*|[0-9]+(?:[.,][0-9]+)*(?:\s?%|\b)"));

/// A pattern with Unicode word boundaries (`\b`), which keep the regex engine off its DFAs on
/// Vietnamese text, paired with the same pattern without them. Every match of the full pattern
/// is a match of the loose one, so no full match starts before the loose one's leftmost match:
/// the full pattern runs only from there (its `\b` still sees the text before), and not at all
/// on a text where the loose one finds nothing.
struct BoundaryPattern {
    full: Regex,
    loose: Regex,
}

impl BoundaryPattern {
    fn new(pattern: &str) -> BoundaryPattern {
        BoundaryPattern {
            full: Regex::new(pattern).unwrap(),
            loose: Regex::new(&pattern.replace(r"\b", "")).unwrap(),
        }
    }

    /// `Regex::replace_all` of the full pattern with a literal replacement.
    fn replace_all<'t>(&self, text: &'t str, replacement: &str) -> Cow<'t, str> {
        let mut out = String::new();
        let mut matched = false;
        let mut copied = 0;
        while let Some(candidate) = self.loose.find_at(text, copied) {
            let Some(found) = self.full.find_at(text, candidate.start()) else {
                break;
            };
            if found.is_empty() {
                // Never with the patterns here; the regex's own iteration handles it.
                return self.full.replace_all(text, replacement);
            }
            out.push_str(&text[copied..found.start()]);
            out.push_str(replacement);
            copied = found.end();
            matched = true;
        }
        if !matched {
            return Cow::Borrowed(text);
        }
        out.push_str(&text[copied..]);
        Cow::Owned(out)
    }
}

/// The most words a subject keeps from a table's indicator cell.
const INDICATOR_WORDS: usize = 16;

/// The subject of an indicator row: its own words, normalized ("Phủ sóng 5G cho người dân").
pub(crate) fn of_indicator(indicator: &str) -> String {
    let cleaned = drop_lead_fillers(&clean(indicator));
    cleaned
        .split_whitespace()
        .take(INDICATOR_WORDS)
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '-'))
        .to_string()
}

/// `before` is the clause text before the quantity, `after` the text after it.
pub(crate) fn subject(before: &str, after: &str) -> String {
    let lexicon = &*LEXICON;
    let before = drop_lead_fillers(&clean(before));
    let after = drop_lead_fillers(&clean(after));
    let mut before_words: Vec<&str> = before.split_whitespace().collect();
    // A comparator or filler word that belonged to the quantity ("đạt", "tối thiểu").
    strip_tail_words(&mut before_words);
    if before_words.len() > BEFORE_WHOLE {
        before_words = shorten_lead(&before_words);
    }
    let mut words: Vec<&str> = before_words;
    let after_words: Vec<&str> = after.split_whitespace().collect();
    for (taken, word) in after_words.iter().enumerate() {
        if taken >= AFTER_MAX || word.starts_with([';', ':']) {
            break;
        }
        if taken >= 2 {
            let rest = after_words[taken..].join(" ");
            if starts_with_phrase(&rest, &lexicon.subject_stop).is_some() {
                break;
            }
        }
        words.push(word);
        let closes = word.ends_with([';', ':']) || (word.ends_with(',') && has_predicate(&words));
        if closes {
            break;
        }
    }
    let phrase = words.join(" ");
    phrase
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '-'))
        .trim()
        .to_string()
}

/// True when the words hold a predicate ("được", "phải", "đáp ứng" …).
fn has_predicate(words: &[&str]) -> bool {
    let joined = format!(
        " {} ",
        words
            .iter()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .collect::<Vec<_>>()
            .join(" ")
    );
    LEXICON
        .predicate
        .iter()
        .any(|p| joined.contains(&format!(" {p} ")))
}

fn shorten_lead<'a>(words: &[&'a str]) -> Vec<&'a str> {
    let lexicon = &*LEXICON;
    let last_lead = (0..words.len()).rev().find_map(|i| {
        let rest = words[i..].join(" ");
        starts_with_phrase(&rest, &lexicon.subject_lead)
            .map(|lead| i + lead.split_whitespace().count())
    });
    if let Some(from) = last_lead {
        if from < words.len() && words.len() - from <= BEFORE_WHOLE {
            return words[from..].to_vec();
        }
    }
    let mut head = Vec::new();
    for word in words.iter().take(BEFORE_HEAD) {
        head.push(*word);
        if word.ends_with(',') {
            break;
        }
    }
    head
}

/// Brackets, years and other numbers out; tone marks normalized; lowercase.
fn clean(text: &str) -> String {
    let without_baseline = BASELINE.replace_all(text, " ");
    let without_brackets = BRACKETS.replace_all(&without_baseline, " ");
    let without_years = YEAR_PHRASE.replace_all(&without_brackets, " ");
    let without_numbers = NUMBERS.replace_all(&without_years, " ");
    // Punctuation stands apart while tone marks are placed: "báo," must read as "báo".
    let mut spaced = String::with_capacity(without_numbers.len() + 16);
    for c in without_numbers.chars() {
        match c {
            '“' | '”' | '"' | '*' => {}
            ',' | ';' | ':' => {
                spaced.push(' ');
                spaced.push(c);
            }
            _ => spaced.push(c),
        }
    }
    let keyed = keep_acronyms(&spaced, &tone_key(&spaced));
    // The punctuation goes back against its word (a space taken out never forms a new pair).
    let mut joined = String::with_capacity(keyed.len());
    let mut chars = keyed.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            (' ', Some(',' | ';' | ':')) => {}
            _ => joined.push(c),
        }
    }
    drop_noise(&abbreviate(&joined))
}

/// Removes `subject_noise` phrases where they stand as whole words.
fn drop_noise(text: &str) -> String {
    /// Each phrase as a whole word (" phrase ") and before a comma (" phrase,"), built once.
    static PADDED: Lazy<Vec<(String, String)>> = Lazy::new(|| {
        LEXICON
            .subject_noise
            .iter()
            .map(|phrase| (format!(" {phrase} "), format!(" {phrase},")))
            .collect()
    });
    /// Any of the phrases anywhere: most subjects hold none, and then nothing is searched.
    static ANY: Lazy<Regex> = Lazy::new(|| {
        let phrases: Vec<String> = LEXICON
            .subject_noise
            .iter()
            .map(|phrase| regex::escape(phrase))
            .collect();
        Regex::new(&phrases.join("|")).unwrap()
    });
    if !ANY.is_match(text) {
        return crate::clean::collapse_whitespace(text);
    }
    let mut out = format!(" {text} ");
    for (padded, before_comma) in PADDED.iter() {
        while let Some(at) = out.find(padded.as_str()) {
            out.replace_range(at..at + padded.len(), " ");
        }
        // Before a comma or a closing mark the phrase ends without a space.
        while let Some(at) = out.find(before_comma.as_str()) {
            out.replace_range(at..at + before_comma.len(), ",");
        }
    }
    crate::clean::collapse_whitespace_owned(out)
}

/// The tone key lowercases every word; acronyms ("LGSP", "IOC", "5G") keep their capitals.
fn keep_acronyms(original: &str, keyed: &str) -> String {
    if original.split_whitespace().count() != keyed.split(' ').count() {
        return keyed.to_string();
    }
    let mut out = String::with_capacity(keyed.len());
    for (index, (original, keyed)) in original
        .split_whitespace()
        .zip(keyed.split(' '))
        .enumerate()
    {
        if index > 0 {
            out.push(' ');
        }
        let mut letters = original.chars().filter(|c| c.is_alphabetic());
        let is_acronym = original.chars().nth(1).is_some()
            && letters.next().is_some_and(char::is_uppercase)
            && letters.all(char::is_uppercase);
        out.push_str(if is_acronym { original } else { keyed });
    }
    out
}

fn strip_tail_words(words: &mut Vec<&str>) {
    let lexicon = &*LEXICON;
    loop {
        let joined = words.join(" ");
        let Some(hit) = [&lexicon.ge, &lexicon.le, &lexicon.filler, &lexicon.rank]
            .iter()
            .find_map(|list| super::lexicon::ends_with_phrase(&joined, list))
        else {
            break;
        };
        let drop = hit.split_whitespace().count();
        let keep = words.len().saturating_sub(drop);
        words.truncate(keep);
        if words.is_empty() {
            break;
        }
    }
}

fn drop_lead_fillers(phrase: &str) -> String {
    let mut rest = phrase.trim_start_matches([',', ' ', '-']).to_string();
    while let Some(filler) = starts_with_phrase(&rest, &LEXICON.lead_filler) {
        rest = rest[filler.len()..]
            .trim_start_matches([',', ' '])
            .to_string();
    }
    rest
}

/// The `abbrev` short forms lowercased, as the tone key leaves them, where that differs.
static LOWERED_SHORT_FORMS: Lazy<Vec<Option<String>>> = Lazy::new(|| {
    LEXICON
        .abbrev
        .iter()
        .map(|(_, short)| Some(short.to_lowercase()).filter(|lowered| lowered != short))
        .collect()
});

fn abbreviate(phrase: &str) -> String {
    /// Any long form or lowercased short form anywhere: without one the loop changes nothing.
    static ANY: Lazy<Regex> = Lazy::new(|| {
        let forms: Vec<String> = LEXICON
            .abbrev
            .iter()
            .map(|(long, _)| long)
            .chain(LOWERED_SHORT_FORMS.iter().flatten())
            .map(|form| regex::escape(form))
            .collect();
        Regex::new(&forms.join("|")).unwrap()
    });
    if !ANY.is_match(phrase) {
        return crate::clean::collapse_whitespace(phrase);
    }
    let mut out = phrase.to_string();
    for ((long, short), lowered) in LEXICON.abbrev.iter().zip(LOWERED_SHORT_FORMS.iter()) {
        if out.contains(long.as_str()) {
            out = out.replace(long.as_str(), short);
        }
        // The short form itself was lowercased with the rest: give it back its capitals. A
        // whole word equal to it is also a substring, so most subjects skip the word pass.
        if let Some(lowered) = lowered {
            if out.contains(lowered.as_str()) {
                out = replace_word(&out, lowered, short);
            }
        }
    }
    crate::clean::collapse_whitespace_owned(out)
}

/// Replaces `from` where it stands as a whole word.
fn replace_word(text: &str, from: &str, to: &str) -> String {
    text.split(' ')
        .map(|word| {
            let core = word.trim_end_matches([',', '.', ';', ':']);
            if core == from {
                format!("{to}{}", &word[core.len()..])
            } else {
                word.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundary_patterns_replace_as_the_regex_does() {
        let texts = [
            "",
            "5G và 4G phủ 100% số xã, 2.500 thôn",
            "so với năm 2024 tăng 15 %; So với cùng kỳ 2023",
            "đến hết năm 2025, giai đoạn 2021-2025 và năm 20301",
            "Trong Quý 3/2026, đến tháng 6/2027, sau năm 2026, quý I-II/2026",
            "x5 a12b 7,5 ≥ 90% ≤3 <=4 >= 5 năm2025 Năm 2030",
            "tiếnăm 2025 dso với 12 ₫3 ٣٤ 2024đ",
        ];
        for text in texts {
            for pattern in [&*YEAR_PHRASE, &*BASELINE, &*NUMBERS] {
                assert_eq!(
                    pattern.replace_all(text, " "),
                    pattern.full.replace_all(text, " "),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn same_commitment_gets_the_same_subject() {
        let a = subject(
            "",
            " hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa",
        );
        let b = subject("", " hồ sơ, kết quả giải quyết TTHC được số hoá");
        assert_eq!(a, b);
        assert_eq!(a, "hồ sơ, kết quả giải quyết TTHC được số hoá");
    }

    #[test]
    fn punctuation_does_not_move_tone_marks() {
        assert_eq!(
            subject(
                "xây dựng tối thiểu",
                " mô hình dự đoán, dự báo, cảnh báo phục vụ"
            ),
            "xây dựng mô hình dự đoán, dự báo, cảnh báo"
        );
    }

    #[test]
    fn names_with_digits_keep_them() {
        assert_eq!(
            of_indicator("Phủ sóng 5G cho người dân"),
            "phủ sóng 5G cho người dân"
        );
        assert_eq!(of_indicator("Kết nối LGSP"), "kết nối LGSP");
    }

    #[test]
    fn whose_and_where_are_dropped() {
        assert_eq!(
            subject(
                "",
                " CSDL chuyên ngành và hệ thống thông tin của các sở, ban, ngành, địa phương phải được kết nối"
            ),
            "CSDL chuyên ngành và hệ thống thông tin phải được kết nối"
        );
    }

    #[test]
    fn leading_years_and_fillers_go() {
        assert_eq!(
            subject(
                "Phấn đấu đến hết năm 2025,",
                " cán bộ, công chức được đào tạo"
            ),
            "cán bộ, công chức được đào tạo"
        );
    }

    #[test]
    fn words_before_the_number_are_kept() {
        assert_eq!(
            subject(
                "Kho dữ liệu dùng chung của tỉnh đáp ứng",
                " tiêu chuẩn kỹ thuật"
            ),
            "kho dữ liệu dùng chung đáp ứng tiêu chuẩn kỹ thuật"
        );
        assert_eq!(
            subject(
                "kinh tế số các ngành, lĩnh vực chiếm tối thiểu",
                " kinh tế số"
            ),
            "kinh tế số các ngành, lĩnh vực chiếm kinh tế số"
        );
    }
}

//! Cutting an item's text into the clause each target is quoted with: sentences (". " before a
//! capital or a digit), then the parts between ";", then — when one part holds two targets —
//! at the " và " or ", " between them ("… được số hóa và tối thiểu 80% dữ liệu …").

use once_cell::sync::Lazy;
use regex::Regex;

use super::lexicon::LEXICON;

/// The marker that opens a body item: "II.", "2.", "2.1.", "a)", "đ)", "-", "+", "•", "*".
static ITEM_MARKER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\s*(?:(?:[IVXLC]+|[0-9]{1,2}(?:\.[0-9]{1,2})*)[.)]|\(?[a-zđ]\)|[-+•*–])\s+")
        .unwrap()
});

/// A byte range of an item's text.
pub(crate) type Span = (usize, usize);

/// Length of the item marker at the start of `text` (0 when there is none).
pub(crate) fn marker_len(text: &str) -> usize {
    ITEM_MARKER.find(text).map_or(0, |m| m.end())
}

/// Sentences of `text` from `from`: a sentence ends at ".", "!" or "?" followed by white space
/// and a capital letter, a digit or an opening quote — not at "..." and not after a short
/// abbreviation such as "TP.".
pub(crate) fn sentences(text: &str, from: usize) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = from.min(text.len());
    let bytes = text.as_bytes();
    let mut i = start;
    while i < text.len() {
        let c = bytes[i];
        if matches!(c, b'.' | b'!' | b'?') && ends_sentence(text, i) {
            spans.push((start, i + 1));
            start = i + 1;
        }
        i += 1;
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        spans.push((start, text.len()));
    }
    spans
}

fn ends_sentence(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let after = &text[at + 1..];
    if before.ends_with('.') || after.starts_with('.') {
        return false;
    }
    if !after.starts_with(' ') {
        return false;
    }
    let Some(next) = after.trim_start().chars().next() else {
        return false;
    };
    if !(next.is_uppercase() || next.is_ascii_digit() || matches!(next, '“' | '"' | '(' | '-')) {
        return false;
    }
    let last_word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    !LEXICON.abbrev_dot.iter().any(|a| a == last_word)
}

/// The parts of `span` between semicolons.
pub(crate) fn semicolon_parts(text: &str, span: Span) -> Vec<Span> {
    let (start, end) = span;
    let mut parts = Vec::new();
    let mut part_start = start;
    for (offset, c) in text[start..end].char_indices() {
        if c == ';' {
            parts.push((part_start, start + offset));
            part_start = start + offset + 1;
        }
    }
    parts.push((part_start, end));
    parts
}

/// Where to cut between two targets of one part: at the ", trong đó" (a clause opener,
/// `data/target_words.tsv`) or the " và " nearest the second, else at the last ", ". An opener
/// goes before the commas, which may run inside a subject ("kinh tế số ngành, lĩnh vực").
/// Returns (end of the first clause, start of the second); None when none stands between them.
pub(crate) fn cut_between(text: &str, from: usize, to: usize) -> Option<(usize, usize)> {
    let between = text.get(from..to)?;
    let opener = LEXICON
        .clause_opener
        .iter()
        .filter_map(|phrase| between.rfind(&format!(", {phrase} ")))
        .max();
    let and = between.rfind(" và ");
    if let Some(at) = opener.filter(|at| and.is_none_or(|and| and < *at)) {
        return Some((from + at, from + at + ", ".len()));
    }
    if let Some(at) = and {
        return Some((from + at, from + at + " và ".len()));
    }
    between
        .rfind(", ")
        .map(|at| (from + at, from + at + ", ".len()))
}

/// A clause start moved past a label ending in ": " when the label holds no target and the text
/// after it says what is measured ("Lĩnh vực y tế: 100% dữ liệu …" quotes from "100%"; but
/// "Tỷ lệ hồ sơ được số hóa: 100%" keeps its label, the only words of its subject).
pub(crate) fn skip_label(text: &str, start: usize, quantity: Span, end: usize) -> usize {
    let Some(head) = text.get(start..quantity.0) else {
        return start;
    };
    let Some(at) = head.rfind(": ") else {
        return start;
    };
    let label_end = start + at + 2;
    let words_before = text.get(label_end..quantity.0).map_or(0, word_count);
    let words_after = text.get(quantity.1..end).map_or(0, word_count);
    if words_before + words_after >= 2 {
        label_end
    } else {
        start
    }
}

fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count()
}

/// True when nothing but a year phrase ("Năm 2025", "đến hết năm 2030,") stands between the
/// clause start and its quantity: the quantity phrase is the clause's subject.
pub(crate) fn opens_with(text: &str, start: usize, quantity_start: usize) -> bool {
    let Some(head) = text.get(start..quantity_start) else {
        return false;
    };
    let lexicon = &*LEXICON;
    head.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .all(|w| {
            let key = crate::domain::text::tone_key(w);
            lexicon
                .year_lead
                .iter()
                .any(|lead| lead.split(' ').any(|part| part == key))
        })
}

/// True when the words between the clause start and its quantity only name a year and say it
/// is reached ("đến năm 2030 đạt", "; năm 2030 đạt"): the clause's next level for the subject
/// named before it ("… đến năm 2027 đạt 50%, đến năm 2030 đạt 80%").
pub(crate) fn names_only_a_year(text: &str, start: usize, quantity_start: usize) -> bool {
    let Some(head) = text.get(start..quantity_start) else {
        return false;
    };
    let words: Vec<&str> = head
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let is_year = |w: &str| w.len() == 4 && w.chars().all(|c| c.is_ascii_digit());
    let lexicon = &*LEXICON;
    words.iter().any(|w| is_year(w))
        && words.iter().all(|w| {
            let key = crate::domain::text::tone_key(w);
            is_year(w)
                || lexicon
                    .year_lead
                    .iter()
                    .chain(&lexicon.filler)
                    .any(|lead| lead.split(' ').any(|part| part == key))
        })
}

/// True when a part without a target of its own goes on with the predicate of the clause
/// before it: it opens with a `continues` word ("; được kết nối …", "; cập nhật và đưa vào …"),
/// not with a new subject ("; người lao động có thể …") or a connective ("; đồng thời, …").
pub(crate) fn continues(text: &str, part: Span) -> bool {
    let Some(raw) = text.get(part.0..part.1) else {
        return false;
    };
    let key = crate::domain::text::tone_key(&super::lexicon::head_words(raw, 4));
    super::lexicon::starts_with_phrase(&key, &LEXICON.continues).is_some()
}

/// The quote of a span: trimmed of white space and of the punctuation that opened or closed it.
pub(crate) fn quote(text: &str, span: Span) -> String {
    let Some(raw) = text.get(span.0..span.1) else {
        return String::new();
    };
    let trimmed = raw
        .trim()
        .trim_start_matches([',', ';', ':', ' '])
        .trim_end_matches([',', ';', ':', '.', ' ']);
    let trimmed = trimmed.strip_suffix("...").unwrap_or(trimmed);
    // "…, cụ thể như sau:" announces a list; the commitment ends before it.
    let trimmed = if raw.trim_end().ends_with(':') {
        strip_list_lead(trimmed)
    } else {
        trimmed
    };
    crate::clean::collapse_whitespace(trimmed)
}

fn strip_list_lead(text: &str) -> &str {
    let key = crate::domain::text::tone_key(text);
    let Some(phrase) = super::lexicon::ends_with_phrase(&key, &LEXICON.list_lead) else {
        return text;
    };
    // The tone key keeps the character count, so the phrase is cut by characters.
    let keep_chars = text.chars().count().saturating_sub(phrase.chars().count());
    let cut = text
        .char_indices()
        .nth(keep_chars)
        .map_or(text.len(), |(i, _)| i);
    let head = text[..cut].trim_end().trim_end_matches([',', ' ']);
    if head.is_empty() {
        text
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_before_capitals_and_digits() {
        let text = "LGSP đáp ứng tiêu chuẩn. 100% các CSDL được kết nối. Kho dữ liệu... đáp ứng";
        let parts: Vec<&str> = sentences(text, 0)
            .into_iter()
            .map(|(s, e)| text[s..e].trim())
            .collect();
        assert_eq!(
            parts,
            [
                "LGSP đáp ứng tiêu chuẩn.",
                "100% các CSDL được kết nối.",
                "Kho dữ liệu... đáp ứng"
            ]
        );
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let text = "đô thị thông minh TP. Kon Tum và huyện";
        assert_eq!(sentences(text, 0).len(), 1);
    }

    #[test]
    fn markers_are_recognized() {
        assert_eq!(marker_len("a) 100% các"), 3);
        assert_eq!(marker_len("đ) Tỷ lệ"), "đ) ".len());
        assert_eq!(marker_len("- 100%"), 2);
        assert_eq!(marker_len("II. MỤC TIÊU"), 4);
        assert_eq!(marker_len("100% các"), 0);
    }

    #[test]
    fn labels_are_skipped_only_when_words_remain() {
        let text = "Lĩnh vực y tế: 100% dữ liệu được số hóa";
        let at = text.find("100").unwrap();
        assert_eq!(skip_label(text, 0, (at, at + 4), text.len()), at);
        let text = "Tỷ lệ hồ sơ được số hóa: 100%";
        let at = text.find("100").unwrap();
        assert_eq!(skip_label(text, 0, (at, at + 4), text.len()), 0);
    }

    #[test]
    fn list_announcements_are_not_quoted() {
        let text = "Xây dựng 100% các bộ dữ liệu, cụ thể như sau:";
        assert_eq!(quote(text, (0, text.len())), "Xây dựng 100% các bộ dữ liệu");
    }

    #[test]
    fn two_targets_are_cut_at_va() {
        let text = "100% hồ sơ được số hóa và tối thiểu 80% dữ liệu";
        let (end, start) = cut_between(text, 4, text.find("tối").unwrap()).unwrap();
        assert_eq!(&text[..end], "100% hồ sơ được số hóa");
        assert!(text[start..].starts_with("tối thiểu"));
    }
}

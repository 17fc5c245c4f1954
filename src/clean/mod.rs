//! Stage 2 — **clean**: decoded text to classified lines.
//!
//! Extraction noise is recognized here, once, so no later stage mistakes a page stamp for a table
//! row number or a footnote for a section: each input line keeps its number and gets a kind. The
//! document is also cut into regions (header, body, closing, appendices).
//!
//! Nothing is deleted: noise lines stay in `lines` with a noise kind, so line numbers in the
//! output always refer to the input as read.

mod markup;
mod noise;
mod regions;

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

pub use markup::strip_markup;
pub use regions::Regions;

/// Lines longer than this are cut before any pattern sees them: a 5 MB single line is not a plan
/// line, and every later stage stays linear in the input size.
pub const MAX_LINE_CHARS: usize = 20_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Content,
    Blank,
    /// A lone page number ("15", "- 15 -", "Trang 15").
    PageNumber,
    /// A print-shop stamp of several numbers ("872 15", "484 14 02").
    PageStamp,
    /// The white-space or underscore line a PDF puts above the footnotes.
    FootnoteSeparator,
    Footnote,
    /// A form feed: the extractor's page break.
    PageBreak,
}

impl LineKind {
    pub fn is_noise(self) -> bool {
        !matches!(self, LineKind::Content | LineKind::Blank)
    }
}

#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number in the text as read.
    pub no: usize,
    /// The line as read (NFC), for snippets.
    pub raw: String,
    /// The line with Markdown/HTML markup removed, NFC, right-trimmed. Tabs are kept: they are
    /// cell separators in tab-separated appendix rows.
    pub text: String,
    /// Leading spaces of the raw line (a page-start or column hint in PDF text).
    pub indent: usize,
    pub kind: LineKind,
    /// The line was a Markdown heading (`#`) or wholly bold: a hint, never proof, of a heading.
    pub emphasized: bool,
}

impl Line {
    pub fn is_content(&self) -> bool {
        self.kind == LineKind::Content
    }

    /// The text with runs of white space (tabs included) collapsed and trimmed.
    pub fn collapsed(&self) -> String {
        collapse_whitespace(&self.text)
    }
}

#[derive(Debug, Clone)]
pub struct Document {
    pub lines: Vec<Line>,
    pub regions: Regions,
    /// Footnote numbers found at page bottoms; their marks may be glued to words and numbers in
    /// the body ("năm 20241" is 2024 with footnote 1).
    pub footnote_marks: Vec<u32>,
}

impl Document {
    /// Lines by index range, for stages that walk one region.
    pub fn slice(&self, range: &std::ops::Range<usize>) -> &[Line] {
        &self.lines[range.start.min(self.lines.len())..range.end.min(self.lines.len())]
    }
}

/// Classifies every line of `text`.
pub fn clean(text: &str) -> Document {
    // Sized once: a doubling vector of a million records holds two copies while it grows.
    let mut lines: Vec<Line> =
        Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    for (index, raw_line) in split_lines(text).enumerate() {
        let no = index + 1;
        let Some(raw) = line_as_read(raw_line) else {
            lines.push(Line {
                no,
                raw: String::new(),
                text: String::new(),
                indent: 0,
                kind: LineKind::PageBreak,
                emphasized: false,
            });
            continue;
        };
        let indent = raw.chars().take_while(|c| *c == ' ').count();
        let (text, emphasized) = strip_markup(&raw);
        let kind = if noise::is_separator(&raw) {
            // Confirmed (or demoted to blank) by `mark_footnotes`.
            LineKind::FootnoteSeparator
        } else if text.trim().is_empty() {
            LineKind::Blank
        } else {
            LineKind::Content
        };
        lines.push(Line {
            no,
            raw: raw.trim_end().to_string(),
            text,
            indent,
            kind,
            emphasized,
        });
    }
    let footnote_marks = noise::mark_footnotes(&mut lines);
    let regions = regions::find(&lines);
    noise::mark_page_numbers(&mut lines, &regions);
    Document {
        lines,
        regions,
        footnote_marks,
    }
}

/// One line of text as the stages read it (before markup is stripped): NFC, exotic spaces evened
/// out, cut to `MAX_LINE_CHARS`, form feeds removed; None for a line that was only a page break.
/// Trailing spaces are kept (markup stripping needs them); [`Line::raw`] has them trimmed.
fn line_as_read(raw_line: &str) -> Option<Cow<'_, str>> {
    let line = truncate_chars(raw_line, MAX_LINE_CHARS);
    // Most lines are already NFC and hold no exotic space: each step copies only when it
    // changes something.
    let raw = if is_plain(line) {
        Cow::Borrowed(line)
    } else {
        normalize_spaces(nfc(line))
    };
    if !raw.contains('\u{0C}') {
        return Some(raw);
    }
    // A form feed may sit at the start of the first line of a page; keep the rest.
    let rest = raw.replace('\u{0C}', "");
    (!rest.trim().is_empty()).then_some(Cow::Owned(rest))
}

/// Every line of `text` with its number, as [`clean`] keeps it in [`Line::raw`], without the
/// rest of a line's record: for a rule that reads a second text of the same file (the lines as
/// written) and should not hold a [`Document`] of it.
pub fn lines_as_read(text: &str) -> impl Iterator<Item = (usize, Cow<'_, str>)> {
    split_lines(text).enumerate().map(|(index, raw_line)| {
        let raw = match line_as_read(raw_line) {
            Some(Cow::Borrowed(line)) => Cow::Borrowed(line.trim_end()),
            Some(Cow::Owned(line)) => Cow::Owned(line.trim_end().to_string()),
            None => Cow::Borrowed(""),
        };
        (index + 1, raw)
    })
}

/// Splits on `\n`, `\r\n` and lone `\r` (old Mac exports), keeping line numbers as an editor
/// shows them.
pub(crate) fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    text.split('\n')
        .flat_map(|line| line.strip_suffix('\r').unwrap_or(line).split('\r'))
}

/// The first `max_chars` characters of `line`.
fn truncate_chars(line: &str, max_chars: usize) -> &str {
    // A line of at most `max_chars` bytes has at most that many characters: no count needed.
    if line.len() <= max_chars {
        return line;
    }
    match line.char_indices().nth(max_chars) {
        Some((end, _)) => &line[..end],
        None => line,
    }
}

/// True when every character is one that NFC leaves alone in any context (a starter that never
/// composes with what precedes it) and that `normalize_spaces` keeps: the letters of Vietnamese
/// text and its usual punctuation. Such a line needs neither step; one pass tells.
pub(crate) fn is_plain(line: &str) -> bool {
    line.chars().all(is_plain_char)
}

fn is_plain_char(c: char) -> bool {
    match c {
        '\u{00A0}' | '\u{00AD}' => false,
        // Below the combining marks (ASCII, Latin-1, Latin Extended A/B, IPA, spacing
        // modifiers); the Latin Extended Additional block of precomposed Vietnamese letters;
        // dashes, quotes, bullets and the ellipsis.
        '\0'..='\u{02FF}' | '\u{1E00}'..='\u{1EFF}' | '\u{2010}'..='\u{2027}' => true,
        _ => false,
    }
}

/// The line in NFC, borrowed when it already is (the quick check answers for most lines).
fn nfc(line: &str) -> Cow<'_, str> {
    match unicode_normalization::is_nfc_quick(line.chars()) {
        unicode_normalization::IsNormalized::Yes => Cow::Borrowed(line),
        _ => Cow::Owned(line.nfc().collect()),
    }
}

fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{00AD}'
    )
}

fn is_exotic_space(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// No-break and other exotic spaces become plain spaces; zero-width characters go.
fn normalize_spaces(line: Cow<'_, str>) -> Cow<'_, str> {
    // Every character changed here is outside ASCII.
    if line.is_ascii() || !line.chars().any(|c| is_zero_width(c) || is_exotic_space(c)) {
        return line;
    }
    Cow::Owned(
        line.chars()
            .filter(|c| !is_zero_width(*c))
            .map(|c| if is_exotic_space(c) { ' ' } else { c })
            .collect(),
    )
}

/// Collapses runs of white space into one space and trims: the contract's string rule.
pub fn collapse_whitespace(text: &str) -> String {
    // Later stages collapse text that mostly is collapsed already: one byte pass tells.
    if is_collapsed(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `collapse_whitespace`, borrowing the text when it is collapsed already.
pub(crate) fn collapse_whitespace_borrowed(text: &str) -> std::borrow::Cow<'_, str> {
    if is_collapsed(text) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(collapse_whitespace(text))
    }
}

/// `collapse_whitespace` of an owned text, which is handed back as is when already collapsed.
pub(crate) fn collapse_whitespace_owned(text: String) -> String {
    if is_collapsed(&text) {
        text
    } else {
        collapse_whitespace(&text)
    }
}

/// True when `text` has no white space but single spaces between words. Bytes are checked, and
/// a character decoded only where its first byte can open a non-ASCII white space character
/// (U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
fn is_collapsed(text: &str) -> bool {
    let bytes = text.as_bytes();
    // A leading space counts as a run.
    let mut after_space = true;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b' ' if after_space => return false,
            b' ' => {
                after_space = true;
                continue;
            }
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => return false,
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                // The second byte rules out most characters (Vietnamese letters open with
                // 0xE1 too) before one is decoded.
                let second = bytes.get(i + 1).copied().unwrap_or(0);
                let may_be_space = matches!(
                    (b, second),
                    (0xC2, 0x85 | 0xA0) | (0xE1, 0x9A) | (0xE2, 0x80 | 0x81) | (0xE3, 0x80)
                );
                let opens_space = may_be_space
                    && text
                        .get(i..)
                        .and_then(|rest| rest.chars().next())
                        .is_some_and(char::is_whitespace);
                if opens_space {
                    return false;
                }
            }
            _ => {}
        }
        after_space = false;
    }
    // A trailing space is left for the general path to trim.
    !after_space || bytes.is_empty()
}

/// Joins lines of one paragraph or cell with single spaces (NFC, collapsed).
pub fn join_lines<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for part in parts {
        let part = collapse_whitespace(part);
        if part.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `is_plain` skips NFC and space normalization: each character it accepts must be a
    /// starter that is NFC on its own (then a line of them passes the NFC quick check: no
    /// reordering, nothing to compose) and not a space or mark `normalize_spaces` changes.
    #[test]
    fn collapsed_text_is_recognized() {
        let by_words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
        let spaces: Vec<char> = ('\0'..=char::MAX).filter(|c| c.is_whitespace()).collect();
        let mut texts = vec![
            String::new(),
            " ".to_string(),
            "a".to_string(),
            "Kế hoạch số 12/KH-UBND “đặc biệt” – năm".to_string(),
            "a  b".to_string(),
            " a".to_string(),
            "a ".to_string(),
            "a\tb".to_string(),
        ];
        for c in ('\u{80}'..='\u{FFFF}').filter(|c| !c.is_whitespace()) {
            let text = format!("a{c}b {c}");
            assert!(is_collapsed(&text), "{text:?}");
        }
        for c in spaces {
            texts.push(format!("Kế{c}hoạch"));
            texts.push(format!("{c}x"));
            texts.push(format!("x{c}"));
        }
        for text in &texts {
            assert_eq!(is_collapsed(text), by_words(text) == *text, "{text:?}");
            assert_eq!(collapse_whitespace(text), by_words(text), "{text:?}");
        }
    }

    #[test]
    fn plain_characters_need_no_normalization() {
        use unicode_normalization::char::canonical_combining_class;
        for c in ('\0'..=char::MAX).filter(|c| is_plain_char(*c)) {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(
                unicode_normalization::is_nfc_quick(std::iter::once(c)),
                unicode_normalization::IsNormalized::Yes,
                "{c:?}"
            );
            assert!(!is_zero_width(c) && !is_exotic_space(c), "{c:?}");
        }
        let line = "Kế hoạch – “số hóa” … 100% • Đắk Lắk";
        assert!(is_plain(line));
        assert_eq!(line.nfc().collect::<String>(), line);
        assert!(!is_plain("a\u{00A0}b"));
        assert!(!is_plain("e\u{0301}"));
    }
}

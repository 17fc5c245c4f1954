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
    let mut lines: Vec<Line> = Vec::new();
    for (index, raw_line) in split_lines(text).enumerate() {
        let no = index + 1;
        let mut raw: String = raw_line.chars().take(MAX_LINE_CHARS).collect::<String>();
        raw = normalize_spaces(&raw.nfc().collect::<String>());
        if raw.contains('\u{0C}') {
            // A form feed may sit at the start of the first line of a page; keep the rest.
            let rest = raw.replace('\u{0C}', "");
            if rest.trim().is_empty() {
                lines.push(Line {
                    no,
                    raw: String::new(),
                    text: String::new(),
                    indent: 0,
                    kind: LineKind::PageBreak,
                    emphasized: false,
                });
                continue;
            }
            raw = rest;
        }
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

/// Splits on `\n`, `\r\n` and lone `\r` (old Mac exports), keeping line numbers as an editor
/// shows them.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    text.split('\n')
        .flat_map(|line| line.strip_suffix('\r').unwrap_or(line).split('\r'))
}

/// No-break and other exotic spaces become plain spaces; zero-width characters go.
fn normalize_spaces(line: &str) -> String {
    line.chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{00AD}'
            )
        })
        .map(|c| match c {
            '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Collapses runs of white space into one space and trims: the contract's string rule.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
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

//! Page furniture that PDF extractors leave in the text flow.

use once_cell::sync::Lazy;
use regex::Regex;

use super::{Line, LineKind, Regions};

static PAGE_STAMP: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s*[0-9]{1,4}(?:\s+[0-9]{1,4}){1,3}\s*$").unwrap());
static PAGE_NUMBER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\s*(?:[0-9]{1,3}|[-–]\s*[0-9]{1,3}\s*[-–]|(?i:trang)\s+[0-9]{1,3}(?:\s*/\s*[0-9]{1,3})?)\s*$")
        .unwrap()
});
static DECORATED_PAGE_NUMBER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"^\s*(?:[-–]\s*[0-9]{1,3}\s*[-–]|(?i:trang)\s+[0-9]{1,3}(?:\s*/\s*[0-9]{1,3})?)\s*$",
    )
    .unwrap()
});
static FOOTNOTE_START: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s{0,2}([0-9]{1,2})\s+\S").unwrap());

/// A separator is a line of many spaces (how pdf text tools render the short rule above the
/// footnotes) or of underscores.
pub(super) fn is_separator(raw: &str) -> bool {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        raw.bytes().filter(|b| *b == b' ').count() >= 20
    } else {
        trimmed.len() >= 10 && trimmed.bytes().all(|b| b == b'_')
    }
}

/// Marks footnote blocks: a separator line, then lines opening "N text", each continued only
/// while the previous line ran to the footnote width (a wrapped line). A short line ends the
/// footnote, so the body text that follows the page break is not swallowed.
pub(super) fn mark_footnotes(lines: &mut [Line]) -> Vec<u32> {
    let mut marks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].kind != LineKind::FootnoteSeparator {
            i += 1;
            continue;
        }
        let opens_footnote = lines
            .get(i + 1)
            .is_some_and(|first| FOOTNOTE_START.is_match(&first.text));
        if !opens_footnote {
            let line = &mut lines[i];
            line.kind = if line.text.trim().is_empty() {
                LineKind::Blank
            } else {
                LineKind::Content
            };
            i += 1;
            continue;
        }
        let mut widest = 0usize;
        let mut previous_width = 0usize;
        let mut j = i + 1;
        while j < lines.len() {
            let line = &lines[j];
            if line.kind == LineKind::Blank {
                j += 1;
                continue;
            }
            let width = line.text.trim_end().chars().count();
            let opens_note = FOOTNOTE_START.captures(&line.text);
            let wrapped_on = widest > 0 && previous_width * 100 >= widest * 85 && line.indent == 0;
            if opens_note.is_none() && !wrapped_on {
                break;
            }
            if let Some(n) = opens_note.and_then(|caps| caps[1].parse::<u32>().ok()) {
                marks.push(n);
            }
            lines[j].kind = LineKind::Footnote;
            widest = widest.max(width);
            previous_width = width;
            j += 1;
        }
        i = j;
    }
    marks
}

/// Lone numbers are page numbers in the running text; inside an appendix a lone number may be a
/// table row number ("1", "2" on their own lines in PDF flow), so there only decorated numbers
/// ("- 3 -", "Trang 3") are page numbers. Stamps of several numbers are noise everywhere.
pub(super) fn mark_page_numbers(lines: &mut [Line], regions: &Regions) {
    let appendix_start = regions
        .appendices
        .first()
        .map(|r| r.start)
        .unwrap_or(usize::MAX);
    for (index, line) in lines.iter_mut().enumerate() {
        if line.kind != LineKind::Content {
            continue;
        }
        let text = line.text.as_str();
        if text.contains('\t') {
            continue;
        }
        if PAGE_STAMP.is_match(text) {
            line.kind = LineKind::PageStamp;
        } else if (index < appendix_start && PAGE_NUMBER.is_match(text))
            || DECORATED_PAGE_NUMBER.is_match(text)
        {
            line.kind = LineKind::PageNumber;
        }
    }
}

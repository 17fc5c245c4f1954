//! Markdown and HTML markup that converters add around the document's words. It is extraction
//! noise, not text: `**II. MỤC TIÊU**` is the heading `II. MỤC TIÊU`.

use std::borrow::Cow;

use once_cell::sync::Lazy;
use regex::Regex;

static TAGS: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)</?(b|i|u|em|strong|br|span|p)\s*/?>").unwrap());
static HEADING: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\s{0,3}#{1,6}\s+").unwrap());

/// Returns the line without markup, right-trimmed, and whether it was emphasized as a whole
/// (a Markdown heading, or bold from end to end).
pub fn strip_markup(line: &str) -> (String, bool) {
    // Each step below runs only when its marker character is there; most lines carry none, and
    // one pass over the bytes tells.
    if !line
        .bytes()
        .any(|b| matches!(b, b'#' | b'<' | b'*' | b'_' | b'\\'))
    {
        return (line.trim_end().to_string(), false);
    }
    let mut emphasized = false;
    let mut text = Cow::Borrowed(line);
    if text.contains('#') {
        if let Some(found) = HEADING.find(&text) {
            text = Cow::Owned(text[found.end()..].to_string());
            emphasized = true;
        }
    }
    if text.contains('<') {
        let trimmed = text.trim();
        let lower = trimmed.to_ascii_lowercase();
        if lower.starts_with("<b>") && lower.ends_with("</b>") {
            emphasized = true;
        }
        text = Cow::Owned(TAGS.replace_all(&text, "").into_owned());
    }
    if text.contains(['*', '_']) {
        let trimmed = text.trim();
        if trimmed.starts_with("**") && trimmed.ends_with("**") && trimmed.len() > 4 {
            emphasized = true;
        }
        text = Cow::Owned(strip_emphasis(&text));
    }
    if text.contains('\\') {
        text = Cow::Owned(unescape_markdown(&text));
    }
    (text.trim_end().to_string(), emphasized)
}

/// Removes `**`, `__` and single `*` used as emphasis markers, keeping a `*` that stands alone
/// between spaces (a multiplication sign or a footnote star in the document itself).
fn strip_emphasis(text: &str) -> String {
    let without_strong = text.replace("**", "").replace("__", "");
    let chars: Vec<char> = without_strong.chars().collect();
    let mut out = String::with_capacity(without_strong.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == '*' {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + 1).copied();
            let lone =
                before.is_none_or(char::is_whitespace) && after.is_none_or(char::is_whitespace);
            if !lone {
                continue;
            }
        }
        out.push(c);
    }
    out
}

fn unescape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&next) = chars.peek() {
                if "\\`*_{}[]()#+-.!|<>".contains(next) {
                    out.push(next);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_heading_bold_and_tags() {
        assert_eq!(strip_markup("## **II. MỤC TIÊU**").0, "II. MỤC TIÊU");
        assert!(strip_markup("## **II. MỤC TIÊU**").1);
        assert_eq!(
            strip_markup("<b>A</b>\t<b>NHIỆM VỤ</b>\t\t").0,
            "A\tNHIỆM VỤ"
        );
        assert_eq!(
            strip_markup("*(Chi tiết tại Phụ lục kèm theo).*").0,
            "(Chi tiết tại Phụ lục kèm theo)."
        );
        assert_eq!(strip_markup("2 * 3").0, "2 * 3");
    }
}

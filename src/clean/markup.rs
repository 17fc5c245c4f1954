//! Markdown and HTML markup that converters add around the document's words. It is extraction
//! noise, not text: `**II. MỤC TIÊU**` is the heading `II. MỤC TIÊU`.

use std::borrow::Cow;

use once_cell::sync::Lazy;
use regex::Regex;

static TAGS: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)</?(b|i|u|em|strong|span|p)\s*/?>").unwrap());
/// A line break inside a cell: the words on either side are apart.
static LINE_BREAK: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i)<br\s*/?>").unwrap());
/// The character references converters leave in text copied from web pages.
static ENTITY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"&(?:(amp|lt|gt|quot|apos|nbsp)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));").unwrap()
});
static HEADING: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\s{0,3}#{1,6}\s+").unwrap());

/// Returns the line without markup, right-trimmed, and whether it was emphasized as a whole
/// (a Markdown heading, or bold from end to end).
pub fn strip_markup(line: &str) -> (String, bool) {
    // Each step below runs only when its marker character is there; most lines carry none, and
    // one pass over the bytes tells.
    if !line
        .bytes()
        .any(|b| matches!(b, b'#' | b'<' | b'*' | b'_' | b'\\' | b'&'))
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
        text = Cow::Owned(LINE_BREAK.replace_all(&text, " ").into_owned());
    }
    if text.contains('&') {
        text = Cow::Owned(decode_entities(&text));
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
    // Removing a marker can leave two combining marks side by side out of their canonical
    // order (the line was NFC with the marker between them): the text stays NFC.
    let text = text.trim_end();
    let text = match unicode_normalization::is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => text.to_string(),
        _ => unicode_normalization::UnicodeNormalization::nfc(text).collect(),
    };
    (text, emphasized)
}

/// `&amp;`, `&nbsp;`, `&#7897;` … as the characters they stand for (a no-break space as a
/// space); a reference to no character is kept as written.
fn decode_entities(text: &str) -> String {
    ENTITY
        .replace_all(text, |caps: &regex::Captures| {
            let named = caps.get(1).map(|m| match m.as_str() {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                _ => ' ',
            });
            let numbered = || {
                let code = match (caps.get(2), caps.get(3)) {
                    (Some(decimal), _) => decimal.as_str().parse().ok(),
                    (_, Some(hex)) => u32::from_str_radix(hex.as_str(), 16).ok(),
                    _ => None,
                };
                code.and_then(char::from_u32).filter(|c| !c.is_control())
            };
            match named.or_else(numbered) {
                Some(c) => c.to_string(),
                None => caps[0].to_string(),
            }
        })
        .into_owned()
}

/// Removes the `*`, `**` and `__` used as emphasis markers, keeping the stars that are the
/// document's own: one standing alone between spaces (a multiplication sign) and a footnote
/// mark in parentheses ("(*)", "(**)"). A single `_` is kept; of a run of them, pairs go.
fn strip_emphasis(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        if c != '*' && c != '_' {
            out.push(c);
            at += 1;
            continue;
        }
        let end = chars[at..]
            .iter()
            .position(|&next| next != c)
            .map_or(chars.len(), |run| at + run);
        let run = end - at;
        let before = at.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(end).copied();
        // "\*" is Markdown's escape of the document's own star: `unescape_markdown` keeps it.
        let kept = if before == Some('\\') {
            run
        } else if c == '_' {
            run % 2
        } else {
            let footnote = before == Some('(') && after == Some(')');
            let lone = run == 1
                && before.is_none_or(char::is_whitespace)
                && after.is_none_or(char::is_whitespace);
            if footnote || lone {
                run
            } else {
                0
            }
        };
        out.extend(std::iter::repeat_n(c, kept));
        at = end;
    }
    out
}

fn unescape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&next) = chars.peek() {
                // "\\|" stays escaped: the cell splitter tells it from a cell's edge.
                if "\\`*_{}[]()#+-.!<>".contains(next) {
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

    #[test]
    fn the_documents_own_characters_stay() {
        // Footnote stars, a line break inside a cell, character references.
        assert_eq!(strip_markup("Ghi chú (*) và (**)").0, "Ghi chú (*) và (**)");
        assert_eq!(
            strip_markup("khai thác<br>và<br />chia sẻ").0,
            "khai thác và chia sẻ"
        );
        assert_eq!(strip_markup("Sở TT&amp;TT&nbsp;tỉnh").0, "Sở TT&TT tỉnh");
        assert_eq!(strip_markup("Ph&#7909; l&#x1EE5;c").0, "Phụ lục");
        assert_eq!(strip_markup("a &#0; &bogus; b").0, "a &#0; &bogus; b");
        assert_eq!(strip_markup("__init__ a_b ___c").0, "init a_b _c");
        assert_eq!(
            strip_markup("dữ liệu \\* dùng \\_ chung").0,
            "dữ liệu * dùng _ chung"
        );
        // A marker removed between two combining marks: the text is still NFC.
        let text = strip_markup("\u{5d9}\u{5b4}*\u{16af0}").0;
        assert!(unicode_normalization::is_nfc(&text), "{text:?}");
    }
}

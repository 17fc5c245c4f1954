//! `encoding-damage`: text that went through the wrong code page — UTF-8 read as Windows-1252/
//! 1258 ("Káº¿ hoáº¡ch"), TCVN3 ("KÕ ho¹ch") or VNI ("Keá hoaïch") fragments — and replacement
//! characters where bytes were lost.

use super::Finding;

/// Latin-1 and Latin Extended letters that Vietnamese (NFC) uses; any other character of those
/// blocks inside a word is a sign of a wrong code page.
const VIETNAMESE_LATIN: &str = "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝăĂđĐĩĨũŨơƠưƯ";

fn suspicious(c: char) -> bool {
    let code = c as u32;
    if (0x80..=0x9F).contains(&code) {
        return true; // C1 controls: bytes decoded as the wrong code page.
    }
    let latin = (0xA0..=0x24F).contains(&code);
    latin && !VIETNAMESE_LATIN.contains(c)
}

/// Counts the words (runs of non-space) whose letters mix ASCII with characters no Vietnamese
/// word has, or that hold a typographic sign read with the wrong code page ("â€“", whose
/// third character is a quotation mark: the sign is looked for before the word is cut at
/// punctuation).
fn damaged_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|token| {
            // Most words have no "â": their characters are not collected.
            let sign = token.contains('â')
                && crate::read::has_punctuation_mojibake(&token.chars().collect::<Vec<_>>());
            sign || has_damaged_letters(token)
        })
        .count()
}

/// Whether a piece of `token` between punctuation mixes ASCII letters with characters no
/// Vietnamese word has.
fn has_damaged_letters(token: &str) -> bool {
    token
        .split([',', ';', ':', '(', ')', '"', '“', '”'])
        .any(|word| {
            let chars: Vec<char> = word
                .trim_matches(|c: char| c.is_ascii_punctuation())
                .chars()
                .collect();
            let odd = chars
                .iter()
                .enumerate()
                .filter(|(i, c)| {
                    if !suspicious(**c) {
                        return false;
                    }
                    // A letter of the wrong alphabet is damage anywhere; a symbol ("¹", "©")
                    // only between two letters ("ho¹ch"), not in "25°C".
                    c.is_alphabetic()
                        || (*i > 0
                            && chars.get(i - 1).is_some_and(|p| p.is_alphabetic())
                            && chars.get(i + 1).is_some_and(|n| n.is_alphabetic()))
                })
                .count();
            let ascii_letters = chars.iter().filter(|c| c.is_ascii_alphabetic()).count();
            odd > 0 && ascii_letters > 0
        })
}

/// Reads each line as (its number, its text as [`crate::clean::Line::raw`] holds it).
pub fn check<S: AsRef<str>>(lines: impl IntoIterator<Item = (usize, S)>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut run: Option<(usize, usize, String, String)> = None;
    let flush = |run: &mut Option<(usize, usize, String, String)>, findings: &mut Vec<Finding>| {
        if let Some((first, last, what, focus)) = run.take() {
            findings.push(
                Finding::new("encoding-damage", what, [first, last], true)
                    .focus(focus)
                    .suggest(
                    "re-export the text as UTF-8 from the original document (or read the file with --encoding)",
                ),
            );
        }
    };
    for (no, text) in lines {
        let text = text.as_ref();
        let replacement = text.contains('\u{FFFD}');
        let words = damaged_words(text);
        let mut focus = String::from("\u{FFFD}");
        let what = if replacement {
            Some(
                "replacement characters (\u{FFFD}): bytes were lost when the text was converted"
                    .to_string(),
            )
        } else if words >= 1 {
            let sample: String = text
                .split_whitespace()
                .find(|w| damaged_words(w) > 0)
                .unwrap_or("")
                .chars()
                .take(30)
                .collect();
            focus = sample.clone();
            Some(format!(
                "mojibake: \"{sample}\" looks like Vietnamese decoded with the wrong code page (TCVN3, VNI or UTF-8 read as Windows-1252)"
            ))
        } else {
            None
        };
        match (what, run.as_mut()) {
            (Some(_), Some(current)) if current.1 + 1 >= no => current.1 = no,
            (Some(what), _) => {
                flush(&mut run, &mut findings);
                run = Some((no, no, what, focus));
            }
            (None, _) => flush(&mut run, &mut findings),
        }
    }
    flush(&mut run, &mut findings);
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damage_is_recognized() {
        assert!(damaged_words("Káº¿ hoáº¡ch") > 0);
        assert!(damaged_words("KÕ ho¹ch triÓn khai") > 0);
        assert!(damaged_words("Keá hoaïch trieån khai") > 0);
        assert_eq!(
            damaged_words("Kế hoạch triển khai thực hiện Chiến lược dữ liệu"),
            0
        );
        assert_eq!(damaged_words("nhiệt độ 25°C, mục § 3, “trích dẫn”"), 0);
        // A dash, quotes or the đồng sign damaged alone, in sound text.
        assert_eq!(damaged_words("Giai đoạn 2026 â€\u{201c} 2030"), 1);
        assert_eq!(damaged_words("gọi là â€œchính quyền sốâ€\u{9d}"), 2);
        assert_eq!(damaged_words("kinh phí 500 triệu â‚«"), 1);
        assert_eq!(damaged_words("Giai đoạn 2026 – 2030, NGÃ” và “Ô”"), 0);
    }
}

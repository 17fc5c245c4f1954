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
        .filter(|token| damaged_sign(token).is_some() || has_damaged_letters(token))
        .count()
}

/// The first typographic sign in `token` damaged by a wrong code page: the damaged characters
/// and the sign they stand for ("â€“", '–').
fn damaged_sign(token: &str) -> Option<(String, char)> {
    // Most words have no "â": their characters are not collected.
    if !token.contains('â') {
        return None;
    }
    let chars: Vec<char> = token.chars().collect();
    let (at, length, sign) = crate::read::punctuation_mojibake(&chars)?;
    Some((chars[at..at + length].iter().collect(), sign))
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

/// What the rule says of a run of damaged lines: the message, the words to underline and the
/// fix it suggests (all of the run's first line).
struct Damage {
    message: String,
    focus: String,
    suggestion: String,
    /// Only typographic signs are damaged: a run of such lines is a finding of its own, whose
    /// advice (retype the sign) would not mend a line of damaged words.
    signs_only: bool,
}

/// Re-exporting fixes a text damaged throughout; reading it with the right encoding fixes a
/// file saved in one.
const REEXPORT: &str =
    "re-export the text as UTF-8 from the original document (or read the file with --encoding)";

/// What is wrong with one line, if anything.
fn damage_of(text: &str) -> Option<Damage> {
    if text.contains('\u{FFFD}') {
        return Some(Damage {
            message:
                "replacement characters (\u{FFFD}): bytes were lost when the text was converted"
                    .to_string(),
            focus: "\u{FFFD}".to_string(),
            suggestion: REEXPORT.to_string(),
            signs_only: false,
        });
    }
    let mut damaged = text.split_whitespace().filter(|w| damaged_words(w) > 0);
    let first = damaged.next()?;
    let any_letters = has_damaged_letters(first) || damaged.any(has_damaged_letters);
    if !any_letters {
        // Only typographic signs are damaged, in sound text (a dash pasted from a mis-saved
        // file): no encoding reads the line better, retyping the sign mends it.
        if let Some((written, sign)) = damaged_sign(first) {
            return Some(Damage {
                message: format!(
                    "damaged sign: \"{written}\" is \"{sign}\" saved as UTF-8 and read as Windows-1252"
                ),
                suggestion: format!("replace \"{written}\" with \"{sign}\""),
                focus: written,
                signs_only: true,
            });
        }
    }
    let sample: String = first.chars().take(30).collect();
    Some(Damage {
        message: format!(
            "mojibake: \"{sample}\" looks like Vietnamese decoded with the wrong code page (TCVN3, VNI or UTF-8 read as Windows-1252)"
        ),
        focus: sample,
        suggestion: REEXPORT.to_string(),
        signs_only: false,
    })
}

/// Reads each line as (its number, its text as [`crate::clean::Line::raw`] holds it).
pub fn check<S: AsRef<str>>(lines: impl IntoIterator<Item = (usize, S)>) -> Vec<Finding> {
    let mut findings = Vec::new();
    // The run of damaged lines being read: its first and last line, and what its first says.
    let mut run: Option<(usize, usize, Damage)> = None;
    let flush = |run: &mut Option<(usize, usize, Damage)>, findings: &mut Vec<Finding>| {
        if let Some((first, last, damage)) = run.take() {
            findings.push(
                Finding::new("encoding-damage", damage.message, [first, last], true)
                    .focus(damage.focus)
                    .suggest(damage.suggestion),
            );
        }
    };
    for (no, text) in lines {
        match (damage_of(text.as_ref()), run.as_mut()) {
            (Some(damage), Some(current))
                if current.1 + 1 >= no && current.2.signs_only == damage.signs_only =>
            {
                current.1 = no
            }
            (Some(damage), _) => {
                flush(&mut run, &mut findings);
                run = Some((no, no, damage));
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

    /// A sign damaged alone in sound text is named with what it stands for, and the fix is to
    /// retype it (no encoding reads the line better); a line with damaged words is still told
    /// to re-export or read with another encoding.
    #[test]
    fn a_lone_damaged_sign_is_told_what_it_stands_for() {
        let findings = check([(1, "Giai đoạn 2026 â€“ 2030"), (3, "Káº¿ hoáº¡ch â€“ 2030")]);
        assert_eq!(findings.len(), 2);
        let sign = &findings[0];
        assert!(
            sign.message.starts_with("damaged sign: \"â€“\" is \"–\""),
            "{}",
            sign.message
        );
        assert_eq!(
            sign.suggestion.as_deref(),
            Some("replace \"â€“\" with \"–\"")
        );
        assert_eq!(findings[0].focus.as_deref(), Some("â€“"));
        let words = &findings[1];
        assert!(
            words.message.starts_with("mojibake: \"Káº¿\""),
            "{}",
            words.message
        );
        assert_eq!(words.suggestion.as_deref(), Some(REEXPORT));
        // A damaged sign next to a line of damaged words: two findings, each with its advice.
        let findings = check([
            (1, "Giai đoạn 2026 â€“ 2030"),
            (2, "Káº¿ hoáº¡ch chuyá»ƒn Ä‘á»•i sá»‘"),
        ]);
        let advice: Vec<_> = findings
            .iter()
            .map(|f| (f.lines, f.suggestion.as_deref() == Some(REEXPORT)))
            .collect();
        assert_eq!(advice, vec![([1, 1], false), ([2, 2], true)]);
    }
}

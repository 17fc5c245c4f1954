//! Unicode text that still carries an old encoding's damage:
//! - **mojibake**: UTF-8 bytes once read as Windows-1252 and saved again ("Káº¿ hoáº¡ch" for
//!   "Kế hoạch"). Each damaged letter is a run of characters whose Windows-1252 bytes form one
//!   valid UTF-8 sequence; such runs are put back, and kept only when the document reads more
//!   Vietnamese afterwards.
//! - **legacy font text**: TCVN3 or VNI bytes shown as Windows-1252 characters ("KÕ ho¹ch",
//!   "Vieät") — what text extraction gives for PDFs and documents set in .VnTime or VNI-Times.
//!
//! Both repairs work line by line, in time linear in the text.

use super::legacy::{self, cp1252_byte};
use super::vietnamese::{self, Score};
use super::Encoding;

/// How many times mojibake is undone: text read wrongly twice ("Ã¡Âº¿") needs two passes.
const MAX_MOJIBAKE_PASSES: usize = 2;
/// Bytes of text sampled to decide whether a document is in a legacy font encoding.
const LEGACY_SAMPLE_BYTES: usize = 256 * 1024;

/// Undoes UTF-8-read-as-Windows-1252 damage. Returns the repaired text and how many characters
/// were put back, or `None` when nothing was found or the repair would not make the document
/// read more Vietnamese (legitimate "Ã" or "â€" in a text are left alone).
pub(crate) fn repair_mojibake(text: &str) -> Option<(String, usize)> {
    let (repaired, total) = undo_mojibake(text)?;
    // '\n' is never part of a sequence, so lines correspond one to one.
    let mut before = Score::default();
    let mut after = Score::default();
    for (old, new) in text.split('\n').zip(repaired.split('\n')) {
        if old != new {
            before.add(vietnamese::score(old));
            after.add(vietnamese::score(new));
        }
    }
    (after.valid > before.valid && after.net() > before.net()).then_some((repaired, total))
}

/// Puts back every mojibake sequence of `text`, without asking whether the result reads better:
/// for a piece of a document whose whole text was found to be mojibake (a PDF's word). `None`
/// when there was none.
pub(crate) fn undo_mojibake(text: &str) -> Option<(String, usize)> {
    let mut current: Option<String> = None;
    let mut total = 0usize;
    for _ in 0..MAX_MOJIBAKE_PASSES {
        let source = current.as_deref().unwrap_or(text);
        if !has_candidate(source) {
            break;
        }
        let mut out = String::with_capacity(source.len());
        let mut count = 0usize;
        for line in source.split_inclusive('\n') {
            if !has_candidate(line) {
                out.push_str(line);
                continue;
            }
            let (fixed, n) = repair_line(line);
            count += n;
            out.push_str(&fixed);
        }
        if count == 0 {
            break;
        }
        total += count;
        current = Some(out);
    }
    current.map(|repaired| (repaired, total))
}

/// A character whose byte opens a UTF-8 sequence directly followed by one whose byte continues
/// it: the mark of mojibake, and rare in real text ("á" before "»").
fn has_candidate(text: &str) -> bool {
    // Only Latin-1 characters have a Windows-1252 lead byte (every other character maps to
    // 0x80–0x9F or nothing), and in UTF-8 those leads (U+00C2–U+00F4) all open with the byte
    // 0xC3: the scan decodes characters only after one.
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(offset) = bytes
        .get(from..)
        .and_then(|rest| rest.iter().position(|&b| b == 0xC3))
    {
        let at = from + offset;
        from = at + 1;
        let mut chars = text.get(at..).unwrap_or("").chars();
        let (Some(lead), Some(next)) = (chars.next(), chars.next()) else {
            continue;
        };
        if is_lead(lead) && cp1252_byte(next).is_some_and(|b| (0x80..=0xBF).contains(&b)) {
            return true;
        }
    }
    false
}

fn is_lead(c: char) -> bool {
    !c.is_ascii() && cp1252_byte(c).is_some_and(|b| (0xC2..=0xF4).contains(&b))
}

fn repair_line(line: &str) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut count = 0;
    let mut i = 0;
    while i < chars.len() {
        if let Some((decoded, used)) = decode_sequence(&chars[i..]) {
            out.push(decoded);
            count += 1;
            i += used;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    (out, count)
}

/// Whether `chars` hold a typographic sign (dash, quote, ellipsis, bullet, the đồng sign ₫)
/// as UTF-8 read as Windows-1252: "â€“", "â€œ", "â€¦", "â‚«". Such a run is damage wherever it
/// stands — no Vietnamese word has "â" before "€" or "‚" — even where the document around it is
/// sound and so was not repaired (a dash pasted from a mis-saved file).
/// Returns the first such run: where it starts in `chars`, how many characters it has, and the
/// sign it stands for.
pub(crate) fn punctuation_mojibake(chars: &[char]) -> Option<(usize, usize, char)> {
    (0..chars.len()).find_map(|at| {
        if chars[at] != 'â' {
            return None;
        }
        let (sign, length) = decode_sequence(&chars[at..])?;
        ('\u{2000}'..='\u{20CF}')
            .contains(&sign)
            .then_some((at, length, sign))
    })
}

/// Reads one UTF-8 sequence from the Windows-1252 bytes of the characters at the start of
/// `chars`, accepting it only when it yields a letter, a combining mark or common punctuation:
/// the characters mojibake is made of.
fn decode_sequence(chars: &[char]) -> Option<(char, usize)> {
    let lead = cp1252_byte(*chars.first()?)?;
    let length = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = [0u8; 4];
    bytes[0] = lead;
    for (slot, c) in bytes[1..length].iter_mut().zip(chars.get(1..length)?) {
        let byte = cp1252_byte(*c)?;
        if !(0x80..=0xBF).contains(&byte) {
            return None;
        }
        *slot = byte;
    }
    let decoded = std::str::from_utf8(&bytes[..length]).ok()?.chars().next()?;
    // Latin-1 symbols are allowed because text damaged twice passes through them.
    // Anything but a control character: the document-level check decides whether it helped.
    let plausible = decoded >= '\u{00A0}';
    plausible.then_some((decoded, length))
}

/// A document found to hold legacy font text: its encoding, and whether it mixes in real
/// Unicode Vietnamese lines (then only what reads better is converted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LegacyFontText {
    pub encoding: Encoding,
    mixed: bool,
}

impl LegacyFontText {
    /// Converts the lines of `text` (the document, or a piece of it such as a PDF's word) that
    /// read as well or better in the encoding; returns the text and how many lines changed.
    pub(crate) fn convert(&self, text: &str) -> (String, usize) {
        let mut out = String::with_capacity(text.len() + text.len() / 4);
        let mut changed = 0usize;
        for line in text.split_inclusive('\n') {
            let converted =
                as_cp1252_bytes(line).map(|bytes| legacy::decode(&bytes, self.encoding));
            match converted {
                Some(converted)
                    if converted != line && {
                        let (after, before) =
                            (vietnamese::score(&converted), vietnamese::score(line));
                        after.net() > before.net() || (!self.mixed && after.net() == before.net())
                    } =>
                {
                    out.push_str(&converted);
                    changed += 1;
                }
                _ => out.push_str(line),
            }
        }
        (out, changed)
    }
}

/// Whether `text` is legacy font text shown as Latin characters, and in which encoding.
pub(crate) fn detect_legacy_font_text(text: &str) -> Option<LegacyFontText> {
    const CANDIDATES: [Encoding; 3] = [Encoding::Tcvn3, Encoding::Vni, Encoding::Windows1258];
    let mut original = Score::default();
    let mut scores = [Score::default(); 3];
    let mut sampled = 0usize;
    for line in text.lines() {
        if sampled > LEGACY_SAMPLE_BYTES {
            break;
        }
        let Some(bytes) = as_cp1252_bytes(line) else {
            continue;
        };
        sampled += line.len();
        original.add(vietnamese::score(line));
        for (score, &encoding) in scores.iter_mut().zip(CANDIDATES.iter()) {
            score.add(vietnamese::score(&legacy::decode(&bytes, encoding)));
        }
    }
    let (best, best_score) = CANDIDATES
        .iter()
        .zip(scores.iter())
        .max_by_key(|(_, s)| s.net())?;
    let convincing =
        best_score.valid >= 3 && best_score.share() >= 0.6 && best_score.net() > original.net() + 2;
    if !convincing {
        return None;
    }
    // A line that reads as well either way ("PHô LôC" / "PHỤ LỤC") is converted when the whole
    // document is in the legacy encoding; a document that mixes in real Unicode Vietnamese lines
    // converts only the lines that read better.
    let mixed = text
        .lines()
        .any(|line| !line.is_ascii() && as_cp1252_bytes(line).is_none());
    Some(LegacyFontText {
        encoding: *best,
        mixed,
    })
}

/// The Windows-1252 bytes of a line that has non-ASCII characters, all of them representable.
fn as_cp1252_bytes(line: &str) -> Option<Vec<u8>> {
    // Most lines of a Unicode document hold a character Windows-1252 lacks: tell before
    // allocating.
    if line.is_ascii() || !line.chars().all(|c| cp1252_byte(c).is_some()) {
        return None;
    }
    line.chars()
        .map(|c| {
            if c.is_ascii() {
                Some(c as u8)
            } else {
                cp1252_byte(c)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mojibake(text: &str) -> String {
        let bytes = text.as_bytes();
        encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()
    }

    #[test]
    fn mojibake_is_undone_once_and_twice() {
        let text = "Kế hoạch triển khai thực hiện Chiến lược dữ liệu quốc gia";
        let once = mojibake(text);
        assert_ne!(once, text);
        assert_eq!(repair_mojibake(&once).unwrap().0, text);
        let twice = mojibake(&once);
        assert_eq!(repair_mojibake(&twice).unwrap().0, text);
    }

    #[test]
    fn candidates_are_found_where_a_lead_meets_a_continuation() {
        let by_chars = |text: &str| {
            let chars: Vec<char> = text.chars().collect();
            chars.windows(2).any(|pair| {
                is_lead(pair[0]) && cp1252_byte(pair[1]).is_some_and(|b| (0x80..=0xBF).contains(&b))
            })
        };
        for text in [
            "",
            "Kế hoạch",
            "Káº¿ hoáº¡ch",
            "Ã",
            "à€ và",
            "ô“x",
            "â€œ",
            "Ã¡Âº¿",
            "Ăª Ã",
            "é ¡ é¡",
        ] {
            assert_eq!(has_candidate(text), by_chars(text), "{text}");
        }
    }

    #[test]
    fn clean_vietnamese_is_left_alone() {
        let text = "Ủy ban nhân dân tỉnh Đắk Lắk — “các sở, ngành” Â° café";
        assert!(repair_mojibake(text).is_none());
        assert!(detect_legacy_font_text(text).is_none());
    }

    #[test]
    fn tcvn3_shown_as_latin_is_converted() {
        let text = "KÕ ho¹ch triÓn khai thùc hiÖn ChiÕn l\u{AD}îc d÷ liÖu quèc gia\nÊp dông\n";
        let found = detect_legacy_font_text(text).unwrap();
        let (converted, _) = found.convert(text);
        assert_eq!(found.encoding, Encoding::Tcvn3);
        assert!(converted.starts_with("Kế hoạch triển khai thực hiện Chiến lược dữ liệu quốc gia"));
    }
}

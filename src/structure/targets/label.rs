//! A target's subject in the plan's own words. The subject is a matching key: long forms
//! abbreviated ("cán bộ, công chức, viên chức" → "CBCCVC"), tone marks in one placement ("số
//! hoá"), numbers and asides left out ("bảo vệ lớp" from "bảo vệ 04 lớp"), cut after a few
//! words. A reader wants the words the plan printed, so the label is the stretch of the quote the
//! subject was taken from, with "…" where the subject skipped a long aside.

use super::lexicon::LEXICON;
use crate::domain::text::tone_key;

/// Quote words the subject passed over between two of its words that stay in the label
/// ("bảo vệ 04 lớp", "tới 100% cán bộ"); a longer gap (an aside in brackets, a clause the
/// subject dropped) becomes "…".
const MAX_KEPT_GAP: usize = 4;

const PUNCTUATION: &[char] = &[',', '.', ';', ':', '(', ')', '"', '“', '”', '-', '–', '…'];

fn word_key(word: &str) -> String {
    tone_key(word.trim_matches(PUNCTUATION))
}

/// The label of a target with this subject and quote: None when fewer than half of the
/// subject's words can be found in the quote, in order (the subject then came from elsewhere,
/// such as a table's indicator column).
pub fn label(subject: &str, quote: &str) -> Option<String> {
    // (byte start, byte end, key) of each word of the quote.
    let mut words = Vec::new();
    let mut start = None;
    for (at, c) in quote
        .char_indices()
        .chain(std::iter::once((quote.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (true, Some(from)) => {
                words.push((from, at, word_key(&quote[from..at])));
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    let keys: Vec<&str> = words.iter().map(|(_, _, key)| key.as_str()).collect();
    let wanted: Vec<String> = subject
        .split_whitespace()
        .map(word_key)
        .filter(|key| !key.is_empty())
        .collect();
    // Each subject word found, in order, as the range of quote words it stands for: itself, or
    // the long form an abbreviation was made from.
    let mut found: Vec<(usize, usize)> = Vec::new();
    let mut next = 0;
    for word in &wanted {
        if let Some(range) = find(&keys, next, word) {
            next = range.1 + 1;
            found.push(range);
        }
    }
    if found.is_empty() || found.len() * 2 < wanted.len() {
        return None;
    }
    // Runs of found words close enough to read as one stretch.
    let mut stretches: Vec<(usize, usize)> = Vec::new();
    for (first, last) in found {
        match stretches.last_mut() {
            Some(stretch) if first - stretch.1 - 1 <= MAX_KEPT_GAP => stretch.1 = last,
            _ => stretches.push((first, last)),
        }
    }
    let pieces: Vec<&str> = stretches
        .iter()
        .map(|&(first, last)| piece(&quote[words[first].0..words[last].1]))
        .filter(|piece| !piece.is_empty())
        .collect();
    (!pieces.is_empty()).then(|| pieces.join(" … "))
}

/// The quote words `word` stands for at or after `from`: the word itself, or (an abbreviation)
/// the long form it was made from.
fn find(keys: &[&str], from: usize, word: &str) -> Option<(usize, usize)> {
    let rest = keys.get(from..)?;
    let own = rest.iter().position(|key| *key == word).map(|at| (at, at));
    let long = LEXICON
        .abbrev
        .iter()
        .filter(|(_, short)| tone_key(short) == word)
        .filter_map(|(long, _)| {
            let parts: Vec<String> = long.split_whitespace().map(word_key).collect();
            (0..rest.len())
                .find(|&at| {
                    rest.get(at..at + parts.len())
                        .is_some_and(|window| window.iter().zip(&parts).all(|(k, p)| *k == p))
                })
                .map(|at| (at, at + parts.len() - 1))
        });
    own.into_iter()
        .chain(long)
        .min()
        .map(|(first, last)| (from + first, from + last))
}

/// A stretch without the punctuation that only joined it to what follows, and without a
/// bracket it opens but does not close.
fn piece(stretch: &str) -> &str {
    let stretch = stretch.trim_end_matches([',', ';', ':']);
    match (stretch.rfind('('), stretch.rfind(')')) {
        (Some(open), close) if close.is_none_or(|c| c < open) => {
            stretch[..open].trim_end().trim_end_matches([',', ';', ':'])
        }
        _ => stretch,
    }
}

#[cfg(test)]
mod tests {
    use super::label;

    #[test]
    fn the_label_is_the_quotes_own_words() {
        // Abbreviations back to the long form printed, tone marks as printed.
        assert_eq!(
            label(
                "dữ liệu về CBCCVC được số hoá và lưu trữ",
                "100% dữ liệu về cán bộ, công chức, viên chức được số hóa và lưu trữ trong CSDL"
            )
            .as_deref(),
            Some("dữ liệu về cán bộ, công chức, viên chức được số hóa và lưu trữ")
        );
        // A number the subject left out, and an abbreviation opening the subject.
        assert_eq!(
            label(
                "CSDL tuân thủ mô hình bảo vệ lớp",
                "100% cơ sở dữ liệu tuân thủ mô hình bảo vệ 04 lớp theo quy định"
            )
            .as_deref(),
            Some("cơ sở dữ liệu tuân thủ mô hình bảo vệ 04 lớp")
        );
        // A long aside the subject skipped.
        assert_eq!(
            label(
                "dữ liệu thanh tra được số hoá",
                "100% dữ liệu thanh tra (tập hợp thông tin đầy đủ về hoạt động thanh tra, kiểm \
                 soát tài sản, thu nhập...) được số hóa"
            )
            .as_deref(),
            Some("dữ liệu thanh tra … được số hóa")
        );
        // A trailing comma and a bracket left open are not part of it.
        assert_eq!(
            label("hồ sơ, kết quả", "80% hồ sơ, kết quả, và").as_deref(),
            Some("hồ sơ, kết quả")
        );
        assert_eq!(
            label("hồ sơ trực", "80% hồ sơ (trực tuyến").as_deref(),
            Some("hồ sơ")
        );
        // Fewer than half the words found: the subject did not come from this quote.
        assert_eq!(label("hồ sơ kết quả dữ", "100% dữ liệu"), None);
        assert_eq!(label("hồ sơ", ""), None);
        assert_eq!(label("", "hồ sơ"), None);
    }
}

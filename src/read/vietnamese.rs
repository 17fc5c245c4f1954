//! How Vietnamese a text looks: the evidence that picks an encoding. A wrong decoding of
//! Vietnamese bytes yields words such as "KÕ", "ho¹ch" or "Vieät" that no Vietnamese syllable
//! spells, while the right one yields syllables ("Kế", "hoạch", "Việt"). Only words with a
//! non-ASCII character count: plain ASCII words read the same in every candidate.

use once_cell::sync::Lazy;
use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use crate::domain::text::{remembered, FastMap};

/// Tone marks (huyền, sắc, ngã, hỏi, nặng). A syllable carries at most one.
const TONES: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];

/// Onset consonant, vowel group and final consonant of a syllable, written without its tone.
/// Vowel groups that end in a glide (ai, ao, ươi …) take no final consonant; some (ă, iê, ươ …)
/// need one. These constraints are what tell "các" from the VNI bytes "caùc" read as Latin.
static SYLLABLE: Lazy<Regex> = Lazy::new(|| {
    let onsets = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x";
    let codas = "ch|nh|ng|c|k|m|n|p|t";
    let closed = ["ă", "â", "iê", "uâ", "uô", "ươ", "yê", "uyê", "oă"];
    let either = [
        "a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "oo", "uê", "uy", "uơ",
    ];
    let open = [
        "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui",
        "ưa", "ưi", "ưu", "oai", "oay", "oao", "oeo", "iêu", "uây", "uôi", "uya", "ươi", "ươu",
        "yêu", "uyu", "uai", "uay", "uao",
    ];
    // Longest first, so an alternation tries "uyê" before "uy".
    let alternation = |groups: &[&str]| {
        let mut groups = groups.to_vec();
        groups.sort_by_key(|v| std::cmp::Reverse(v.chars().count()));
        groups.join("|")
    };
    let pattern = format!(
        "^(?:{onsets})?(?:(?:{})(?:{codas})|(?:{})(?:{codas})?|(?:{}))$",
        alternation(&closed),
        alternation(&either),
        alternation(&open),
    );
    Regex::new(&pattern).expect("syllable pattern is valid")
});

/// Evidence for one decoding: words with a non-ASCII character that are Vietnamese syllables,
/// and those that are not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Score {
    pub valid: usize,
    pub invalid: usize,
}

impl Score {
    /// The comparison key: more syllables, fewer non-words.
    pub fn net(self) -> i64 {
        self.valid as i64 - self.invalid as i64
    }

    /// Share of the non-ASCII words that are syllables (0 when there are none).
    pub fn share(self) -> f64 {
        let total = self.valid + self.invalid;
        if total == 0 {
            0.0
        } else {
            self.valid as f64 / total as f64
        }
    }

    pub fn add(&mut self, other: Score) {
        self.valid += other.valid;
        self.invalid += other.invalid;
    }
}

/// Scores the words of `text`.
pub(crate) fn score(text: &str) -> Score {
    let mut score = Score::default();
    for word in text.split_whitespace() {
        let word = word.trim_matches(|c: char| c.is_ascii_punctuation());
        if word.is_ascii()
            || word.chars().any(|c| c.is_ascii_digit())
            || !word.chars().any(char::is_alphabetic)
        {
            continue;
        }
        if is_syllable(word) {
            score.valid += 1;
        } else {
            score.invalid += 1;
        }
    }
    score
}

thread_local! {
    /// A text's words recur (and a legacy text is read once per candidate encoding).
    static SYLLABLE_MEMO: std::cell::RefCell<FastMap<bool>> = Default::default();
}

/// Empties this module's memo (see [`crate::forget_memos`]).
pub(crate) fn forget_memos() {
    crate::domain::text::forget(&SYLLABLE_MEMO);
}

/// True when `word` (any case, any normalization) spells one Vietnamese syllable.
pub(crate) fn is_syllable(word: &str) -> bool {
    // The longest syllable, "nghiêng", has 7 letters; anything much longer is not one.
    if word.chars().count() > 8 {
        return false;
    }
    remembered(&SYLLABLE_MEMO, word, spells_a_syllable)
}

fn spells_a_syllable(word: &str) -> bool {
    let mut tones = 0;
    let mut bare = String::with_capacity(word.len());
    for c in word.nfd() {
        if TONES.contains(&c) {
            tones += 1;
        } else {
            bare.extend(c.to_lowercase());
        }
    }
    if tones > 1 {
        return false;
    }
    let bare: String = bare.nfc().collect();
    SYLLABLE.is_match(&bare)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_and_mojibake() {
        for word in [
            "Kế", "hoạch", "Việt", "nghiêng", "quốc", "giữa", "ĐẮK", "Thủy", "thuỷ", "hoá",
            "người", "khuyến", "Ủy", "tiếng", "xoong", "huỳnh", "nước", "yêu",
        ] {
            assert!(is_syllable(word), "{word}");
        }
        for word in [
            "§iÒu", "ho¹ch", "Vieät", "Uû", "tØnh", "KẾÕ", "Ã¡", "café's", "Caùc", "aêm",
        ] {
            assert!(!is_syllable(word), "{word}");
        }
    }

    #[test]
    fn score_counts_only_non_ascii_words() {
        let s = score("Kế hoạch số 12/KH-UBND, ngày 3 tháng 4 — ho¹ch");
        assert_eq!(s.valid, 5);
        assert_eq!(s.invalid, 1);
    }
}

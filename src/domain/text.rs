//! Comparison keys for Vietnamese text. Output keeps the document's spelling; these keys only
//! decide whether two spellings are the same word ("hoá"/"hóa", "thuỷ"/"thủy", "Uỷ"/"Ủy").

use unicode_normalization::UnicodeNormalization;

const COMBINING_TONES: &[char] = &['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];

/// Moves tone marks to the modern ("new style") position and returns NFC lowercase text with
/// collapsed white space. "Thuỷ" → "thủy", "hoá" → "hóa".
pub fn tone_key(text: &str) -> String {
    let lowered = crate::clean::collapse_whitespace(&text.to_lowercase());
    lowered
        .split(' ')
        .map(modern_tone_placement)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Tone-mark pairs whose placement differs between the old and the new style.
const TONE_PLACEMENTS: &[(&str, &str)] = &[
    ("òa", "oà"),
    ("óa", "oá"),
    ("ỏa", "oả"),
    ("õa", "oã"),
    ("ọa", "oạ"),
    ("òe", "oè"),
    ("óe", "oé"),
    ("ỏe", "oẻ"),
    ("õe", "oẽ"),
    ("ọe", "oẹ"),
    ("ùy", "uỳ"),
    ("úy", "uý"),
    ("ủy", "uỷ"),
    ("ũy", "uỹ"),
    ("ụy", "uỵ"),
];

/// The spellings of a name under both tone-mark styles ("Thanh Hóa", "Thanh Hoá"), for patterns
/// that must find either.
pub fn tone_spellings(name: &str) -> Vec<String> {
    let mut out = vec![name.to_string()];
    for (old, new) in TONE_PLACEMENTS {
        for (from, to) in [(old, new), (new, old)] {
            if name.contains(from) {
                out.push(name.replace(from, to));
            }
        }
    }
    out
}

/// Removes every diacritic (đ → d) and lowercases: the loosest key, for fuzzy matching.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        if ('\u{0300}'..='\u{036F}').contains(&c) {
            continue;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    crate::clean::collapse_whitespace(&out)
}

/// Old style puts the tone on the first vowel of "oa", "oe", "uy" when nothing follows
/// ("hóa" vs "hoá"); new style puts it on the second. Normalizing to one style makes both equal.
fn modern_tone_placement(word: &str) -> String {
    let decomposed: Vec<char> = word.nfd().collect();
    let Some(tone_index) = decomposed.iter().position(|c| COMBINING_TONES.contains(c)) else {
        return word.to_string();
    };
    let tone = decomposed[tone_index];
    let mut bare: Vec<char> = decomposed.clone();
    bare.remove(tone_index);
    let base: String = bare.iter().collect::<String>().nfc().collect();
    let base_chars: Vec<char> = base.chars().collect();
    // Find the vowel cluster and decide the modern position.
    let is_vowel = |c: char| "aăâeêioôơuưy".contains(c);
    let start = base_chars.iter().position(|c| is_vowel(*c));
    let Some(start) = start else {
        return word.to_string();
    };
    let mut end = start;
    while end + 1 < base_chars.len() && is_vowel(base_chars[end + 1]) {
        end += 1;
    }
    // "gi" and "qu" start with a consonant cluster: skip the i/u.
    let mut cluster_start = start;
    if start > 0 && end > start {
        let previous = base_chars[start - 1];
        if (previous == 'g' && base_chars[start] == 'i')
            || (previous == 'q' && base_chars[start] == 'u')
        {
            cluster_start += 1;
        }
    }
    let cluster: Vec<char> = base_chars[cluster_start..=end].to_vec();
    let cluster_text: String = cluster.iter().collect();
    let ends_word = end + 1 == base_chars.len();
    // A vowel with its own shape (â, ơ …) carries the tone, the last one in "ươ", "uô", "iê".
    let offset = if let Some(p) = cluster.iter().rposition(|c| "ăâêôơư".contains(*c)) {
        p
    } else if cluster.len() == 1 {
        0
    } else if cluster.len() >= 3 {
        1
    } else if ends_word && !["oa", "oe", "uy"].contains(&cluster_text.as_str()) {
        0
    } else {
        1
    };
    let position = cluster_start + offset.min(end - cluster_start);
    let mut out = String::new();
    for (i, c) in base_chars.iter().enumerate() {
        out.push(*c);
        if i == position {
            out.push(tone);
        }
    }
    out.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_placement_is_normalized() {
        assert_eq!(tone_key("hoá"), tone_key("hóa"));
        assert_eq!(tone_key("Thuỷ"), tone_key("thủy"));
        assert_eq!(tone_key("Uỷ ban"), tone_key("Ủy ban"));
        assert_eq!(tone_key("người"), "người");
        assert_eq!(tone_key("quốc gia"), "quốc gia");
        assert_eq!(tone_key("giữa"), "giữa");
        assert_eq!(tone_key("Khoa học"), "khoa học");
    }

    #[test]
    fn both_tone_styles_are_spelled() {
        let spellings = tone_spellings("Thanh Hóa");
        assert!(spellings.contains(&"Thanh Hoá".to_string()));
        assert_eq!(tone_spellings("Kon Tum"), vec!["Kon Tum"]);
    }

    #[test]
    fn fold_removes_marks() {
        assert_eq!(fold("Đắk Lắk"), "dak lak");
        assert_eq!(fold("Sở  Thông tin"), "so thong tin");
    }
}

//! Comparison keys for Vietnamese text. Output keeps the document's spelling; these keys only
//! decide whether two spellings are the same word ("hoá"/"hóa", "thuỷ"/"thủy", "Uỷ"/"Ủy").

use once_cell::sync::Lazy;
use unicode_normalization::UnicodeNormalization;

/// Moves tone marks to one placement and returns NFC lowercase text with collapsed white space:
/// "Thuỷ" and "thủy" give the same key, as do "hoá" and "hóa".
///
/// Only the vowel pairs whose mark moves between the old and the new style (`TONE_PLACEMENTS`)
/// are rewritten, so the key is a few substring replacements: it runs on every cell of every
/// table.
pub fn tone_key(text: &str) -> String {
    let mut key = crate::clean::collapse_whitespace_owned(text.to_lowercase());
    if key.is_ascii() {
        return key;
    }
    // `is_plain` answers for the letters of Vietnamese text without a table lookup each.
    if !crate::clean::is_plain(&key)
        && !matches!(
            unicode_normalization::is_nfc_quick(key.chars()),
            unicode_normalization::IsNormalized::Yes
        )
    {
        key = key.nfc().collect();
    }
    move_tone_marks(key)
}

/// Rewrites every `TONE_PLACEMENTS` pair in one pass. Replacing the pairs one after another
/// gives the same text: no two pairs overlap (a pair's second letter never opens a pair) and a
/// replacement never forms a new pair (it starts with a bare "o"/"u" and ends with a marked
/// vowel).
fn move_tone_marks(key: String) -> String {
    static OPENERS: Lazy<Vec<char>> = Lazy::new(|| {
        let mut openers: Vec<char> = TONE_PLACEMENTS
            .iter()
            .filter_map(|(old, _)| old.chars().next())
            .collect();
        openers.dedup();
        openers
    });
    let opens_pair = |c: char| !c.is_ascii() && OPENERS.contains(&c);
    if !key.chars().any(opens_pair) {
        return key;
    }
    let mut out = String::with_capacity(key.len() + 4);
    let mut rest = key.as_str();
    while let Some(c) = rest.chars().next() {
        let pair = if opens_pair(c) {
            TONE_PLACEMENTS
                .iter()
                .find(|(old, _)| rest.starts_with(old))
        } else {
            None
        };
        match pair {
            Some((old, new)) => {
                out.push_str(new);
                rest = &rest[old.len()..];
            }
            None => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
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
    fold_by_char(text).unwrap_or_else(|| fold_by_nfd(text))
}

fn is_dropped_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// `fold` one character at a time, without building the NFD stream: the same result whenever
/// every kept character is a starter (canonical reordering only moves non-starters, and the
/// marks it would move are dropped). `None` when another combining mark appears.
fn fold_by_char(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut ok = true;
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        unicode_normalization::char::decompose_canonical(c, |d| {
            if !ok || is_dropped_mark(d) {
                return;
            }
            if unicode_normalization::char::canonical_combining_class(d) != 0 {
                ok = false;
                return;
            }
            match d {
                'đ' | 'Đ' => out.push('d'),
                _ => out.extend(d.to_lowercase()),
            }
        });
        if !ok {
            return None;
        }
    }
    Some(crate::clean::collapse_whitespace_owned(out))
}

fn fold_by_nfd(text: &str) -> String {
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
    crate::clean::collapse_whitespace_owned(out)
}

/// `text` in NFC, as `text.nfc()` writes it. An ASCII character neither combines with the
/// character before it nor is reordered past it, so only the pieces around non-ASCII characters
/// go through the normalizer (whose iterator costs per character): a decoded legacy text is
/// mostly ASCII.
pub(crate) fn to_nfc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(offset) = bytes[at..].iter().position(|b| !b.is_ascii()) {
        // The piece opens with the ASCII character before the first non-ASCII one (a base
        // letter a mark may compose with) and ends before the next ASCII character.
        let first = at + offset;
        let start = first.saturating_sub(1).max(at);
        let end = bytes[first..]
            .iter()
            .position(u8::is_ascii)
            .map_or(bytes.len(), |n| first + n);
        out.push_str(&text[at..start]);
        out.extend(text[start..end].nfc());
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// Entries a memo keeps per thread before it is emptied (memory stays bounded on huge inputs).
/// The memos that keep their own map (word keys, timeframe openings) use it too.
pub(crate) const MEMO_LIMIT: usize = 50_000;
/// Longer texts are answered afresh: they are rarely asked twice and would fill memory.
const MAX_MEMO_KEY_BYTES: usize = 600;

/// `compute(text)`, remembered in a thread's `memo`: table reading and encoding detection ask
/// the same questions of the same short texts many times over.
pub(crate) fn remembered<T: Clone>(
    memo: &'static std::thread::LocalKey<std::cell::RefCell<FastMap<T>>>,
    text: &str,
    compute: impl FnOnce(&str) -> T,
) -> T {
    if text.len() > MAX_MEMO_KEY_BYTES {
        return compute(text);
    }
    if let Some(found) = memo.with(|m| m.borrow().get(text).cloned()) {
        return found;
    }
    let value = compute(text);
    memo.with(|m| {
        let mut map = m.borrow_mut();
        if map.len() >= MEMO_LIMIT {
            map.clear();
        }
        map.insert(text.to_string(), value.clone());
    });
    value
}

/// Empties this thread's `memo`, storage and all, as a new thread finds it.
pub(crate) fn forget<T>(memo: &'static std::thread::LocalKey<std::cell::RefCell<FastMap<T>>>) {
    memo.with(|m| *m.borrow_mut() = FastMap::default());
}

/// A string-keyed map with a cheap multiplicative hash: the memo caches of table reading hash
/// long span texts many times, and they need no protection against crafted collisions (their
/// size is bounded and they are emptied when full).
pub(crate) type FastMap<V> =
    std::collections::HashMap<String, V, std::hash::BuildHasherDefault<FastHasher>>;

#[derive(Default, Clone, Copy)]
pub(crate) struct FastHasher {
    hash: u64,
}

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }

    fn write_u32(&mut self, value: u32) {
        self.add(u64::from(value));
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
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
    fn tone_marks_move_as_pair_by_pair_replacement_does() {
        let pairwise = |text: &str| {
            let mut key = text.to_string();
            for (old, new) in TONE_PLACEMENTS {
                key = key.replace(old, new);
            }
            key
        };
        for text in [
            "hòa bình, thủy lợi, khỏe, quý, tòòa, ùyy, òaòe ụyủy",
            "oà oè uỳ: hoà thuỷ",
            "ọaọeọyụy ò óa",
        ] {
            assert_eq!(move_tone_marks(text.to_string()), pairwise(text), "{text}");
        }
    }

    #[test]
    fn both_tone_styles_are_spelled() {
        let spellings = tone_spellings("Thanh Hóa");
        assert!(spellings.contains(&"Thanh Hoá".to_string()));
        assert_eq!(tone_spellings("Kon Tum"), vec!["Kon Tum"]);
    }

    #[test]
    fn nfc_by_pieces_is_nfc() {
        crate::test_support::for_generated_texts(
            "([a-zA-Z ]|[\u{0300}-\u{0345}]|[àáảãạăắâấđêếôốơớưứ]|[\u{1100}-\u{1112}\u{1161}-\u{1175}\u{11A8}-\u{11C2}\u{AC00}]|[\u{0591}-\u{05C7}]|\u{0F73}|\u{00C5}|\u{212B}|\u{212A}|\u{037E}|\u{1FEF}|\u{0344}){0,24}",
            4_000,
            0x006e_6663,
            |text| assert_eq!(to_nfc(text), text.nfc().collect::<String>(), "{text:?}"),
        );
        for text in [
            "",
            "a",
            "\u{0301}",
            "a\u{0301}",
            "Vie\u{0323}\u{0302}t Nam",
            "ñ̃x",
            // The singletons that decompose to ASCII: K (U+212A), ';' (U+037E), '`' (U+1FEF).
            "\u{212A}\u{0301}",
            "a\u{037E}\u{0301}",
            "\u{1FEF}e",
        ] {
            assert_eq!(to_nfc(text), text.nfc().collect::<String>(), "{text:?}");
        }
    }

    #[test]
    fn fold_removes_marks() {
        assert_eq!(fold("Đắk Lắk"), "dak lak");
        assert_eq!(fold("Sở  Thông tin"), "so thong tin");
    }
}

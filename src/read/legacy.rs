//! The pre-Unicode Vietnamese byte encodings that old documents and the PDFs made from them still
//! carry: TCVN3 ("ABC", one byte per letter), VNI (a letter and a mark byte) and Windows-1258
//! (letters with combining tone marks). The mapping tables are data (`data/encodings/`); bytes
//! they do not list are read as Windows-1252, which is what those fonts kept for ASCII, quotes and
//! dashes.
//!
//! Encoders are here too: tests and fuzz seeds make legacy files from Unicode text with them.

use once_cell::sync::Lazy;
use unicode_normalization::UnicodeNormalization;

use super::Encoding;
use crate::domain::text::to_nfc;

/// Byte → letter for TCVN3.
static TCVN3: Lazy<[Option<char>; 256]> = Lazy::new(|| {
    let mut table = [None; 256];
    for fields in data_rows(include_str!("../../data/encodings/tcvn3.tsv")) {
        if let (Some(byte), Some(letter)) = (
            fields.first().and_then(|f| parse_byte(f)),
            fields.get(1).and_then(|f| f.chars().next()),
        ) {
            table[byte as usize] = Some(letter);
        }
    }
    table
});

#[derive(Debug, Clone)]
enum VniByte {
    Letter(char),
    /// Combining marks that apply to the letter before.
    Marks(Vec<char>),
}

static VNI: Lazy<Vec<Option<VniByte>>> = Lazy::new(|| {
    let mut table = vec![None; 256];
    for fields in data_rows(include_str!("../../data/encodings/vni.tsv")) {
        let (Some(byte), Some(kind), Some(value)) = (
            fields.first().and_then(|f| parse_byte(f)),
            fields.get(1),
            fields.get(3),
        ) else {
            continue;
        };
        let entry = match *kind {
            "letter" => value.chars().next().map(VniByte::Letter),
            "mark" => Some(VniByte::Marks(
                value
                    .split_whitespace()
                    .filter_map(|cp| u32::from_str_radix(cp, 16).ok())
                    .filter_map(char::from_u32)
                    .collect(),
            )),
            _ => None,
        };
        table[byte as usize] = entry;
    }
    table
});

/// Windows-1252, the fallback for bytes a legacy table does not list.
static CP1252: Lazy<[char; 256]> = Lazy::new(|| single_byte_table(encoding_rs::WINDOWS_1252));
static CP1258: Lazy<[char; 256]> = Lazy::new(|| single_byte_table(encoding_rs::WINDOWS_1258));

/// Unicode → Windows-1252 byte, C1 controls included (decoders map the five undefined bytes to
/// them), for undoing text that was read through Windows-1252. Called for every character of a
/// document, so it is a match rather than a map.
pub(crate) fn cp1252_byte(c: char) -> Option<u8> {
    let code = u32::from(c);
    if code < 0x100 {
        // ASCII, C1 controls and Latin-1 are the byte itself.
        return Some(code as u8);
    }
    let byte = match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(byte)
}

fn single_byte_table(encoding: &'static encoding_rs::Encoding) -> [char; 256] {
    let mut table = ['\u{FFFD}'; 256];
    for (byte, slot) in table.iter_mut().enumerate() {
        let bytes = [byte as u8];
        let (text, _) = encoding.decode_without_bom_handling(&bytes);
        if let Some(c) = text.chars().next() {
            *slot = c;
        }
    }
    table
}

fn data_rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

fn parse_byte(field: &str) -> Option<u8> {
    u8::from_str_radix(field.strip_prefix("0x")?, 16).ok()
}

/// Decodes `bytes` as one of the legacy encodings; the result is NFC. UTF encodings are not
/// handled here.
pub(crate) fn decode(bytes: &[u8], encoding: Encoding) -> String {
    match encoding {
        Encoding::Tcvn3 => decode_tcvn3(bytes),
        Encoding::Vni => decode_vni(bytes),
        Encoding::Windows1258 => {
            let decomposed: String = bytes.iter().map(|&b| CP1258[b as usize]).collect();
            to_nfc(&decomposed)
        }
        Encoding::Windows1252 => bytes.iter().map(|&b| CP1252[b as usize]).collect(),
        Encoding::Utf8 | Encoding::Utf16Le | Encoding::Utf16Be => {
            String::from_utf8_lossy(bytes).into_owned()
        }
    }
}

/// A Windows-1258 file's text as it stores it, a byte a character, tone marks apart from their
/// letters (the reader composes them): report columns count the file's own characters. None for
/// the other encodings (named as `Input::encoding` names them): TCVN3 and VNI bytes are letters
/// only under their fonts, so their columns are the reader's.
pub fn as_written(bytes: &[u8], encoding_name: &str) -> Option<String> {
    (encoding_name == Encoding::Windows1258.name())
        .then(|| bytes.iter().map(|&b| CP1258[b as usize]).collect())
}

fn decode_tcvn3(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    for (index, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let decoded: String = line
            .iter()
            .map(|&b| TCVN3[b as usize].unwrap_or(CP1252[b as usize]))
            .collect();
        out.push_str(&upcase_capitals_font_words(&decoded));
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordCase {
    /// Two or more ASCII capitals and no small ASCII letter: set in the capitals font.
    Capitals,
    /// One ASCII capital, no small ASCII letter, and a decoded letter ("Kế"): capitals only
    /// among capitals words ("KẾ HOẠCH").
    Ambiguous,
    Other,
}

/// TCVN3 capitals with tone marks were set in the capitals font (.VnTimeH) at the small letters'
/// codes, so "KẾ HOẠCH" arrives as "Kế HOạCH". Words whose ASCII letters are capitals are
/// upcased; a word with a single ASCII capital follows its neighbours.
fn upcase_capitals_font_words(line: &str) -> String {
    let words: Vec<&str> = line.split(' ').collect();
    let cases: Vec<WordCase> = words.iter().map(|w| word_case(w)).collect();
    let is_capitals = |i: Option<usize>| i.and_then(|i| cases.get(i)) == Some(&WordCase::Capitals);
    let mut out = String::with_capacity(line.len() + 8);
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let upcase = match cases[i] {
            WordCase::Capitals => true,
            WordCase::Ambiguous => is_capitals(i.checked_sub(1)) || is_capitals(Some(i + 1)),
            WordCase::Other => false,
        };
        if upcase {
            out.push_str(&word.to_uppercase());
        } else {
            out.push_str(word);
        }
    }
    out
}

fn word_case(word: &str) -> WordCase {
    let mut capitals = 0;
    for c in word.chars() {
        if c.is_ascii_lowercase() {
            return WordCase::Other;
        }
        capitals += usize::from(c.is_ascii_uppercase());
    }
    match capitals {
        0 => WordCase::Other,
        1 if !word.is_ascii() => WordCase::Ambiguous,
        1 => WordCase::Other,
        _ => WordCase::Capitals,
    }
}

fn decode_vni(bytes: &[u8]) -> String {
    let mut decomposed = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut after_letter = false;
    for &b in bytes {
        match &VNI[b as usize] {
            Some(VniByte::Letter(c)) => {
                decomposed.push(*c);
                after_letter = true;
            }
            Some(VniByte::Marks(marks)) if after_letter => {
                decomposed.extend(marks.iter());
            }
            _ => {
                let c = CP1252[b as usize];
                decomposed.push(c);
                after_letter = c.is_alphabetic();
            }
        }
    }
    to_nfc(&decomposed)
}

/// Encodes NFC text into a legacy encoding; characters it cannot represent become `?`.
pub fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    text.nfc()
        .flat_map(|c| encode_char(c, encoding).unwrap_or_else(|| vec![b'?']))
        .collect()
}

/// True when `encode` keeps `c` (rather than writing `?`).
pub fn can_encode(c: char, encoding: Encoding) -> bool {
    encode_char(c, encoding).is_some()
}

fn encode_char(c: char, encoding: Encoding) -> Option<Vec<u8>> {
    if c.is_ascii() {
        return Some(vec![c as u8]);
    }
    match encoding {
        Encoding::Tcvn3 => encode_tcvn3(c),
        Encoding::Vni => encode_vni(c),
        Encoding::Windows1258 => encode_single_byte_decomposed(c, &CP1258),
        Encoding::Windows1252 => find_byte(c, &CP1252).map(|b| vec![b]),
        Encoding::Utf8 | Encoding::Utf16Le | Encoding::Utf16Be => None,
    }
}

fn find_byte(c: char, table: &[char; 256]) -> Option<u8> {
    table.iter().position(|&t| t == c).map(|i| i as u8)
}

fn encode_tcvn3(c: char) -> Option<Vec<u8>> {
    let lookup = |c: char| {
        TCVN3
            .iter()
            .position(|&t| t == Some(c))
            .map(|i| i as u8)
            .or_else(|| find_byte(c, &CP1252).filter(|&b| b >= 0x80 && TCVN3[b as usize].is_none()))
    };
    // A capital with a tone mark has no code of its own: the capitals font draws it at the code
    // of its small letter.
    lookup(c)
        .or_else(|| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(small), None) if small != c => lookup(small),
                _ => None,
            }
        })
        .map(|b| vec![b])
}

fn encode_vni(c: char) -> Option<Vec<u8>> {
    let upper = c.is_uppercase();
    let case = |t: &str| t == if upper { "upper" } else { "lower" };
    // Letters with a byte of their own first (đ, ì, ỵ …).
    for (byte, entry) in VNI.iter().enumerate() {
        if let Some(VniByte::Letter(letter)) = entry {
            if *letter == c {
                return Some(vec![byte as u8]);
            }
        }
    }
    let mut parts = c.nfd();
    let base = parts.next()?;
    if !base.is_ascii_alphabetic() {
        return find_byte(c, &CP1252)
            .filter(|&b| VNI[b as usize].is_none())
            .map(|b| vec![b]);
    }
    let marks: Vec<char> = parts.collect();
    let shape: Vec<char> = marks
        .iter()
        .copied()
        .filter(|m| matches!(m, '\u{0302}' | '\u{0306}' | '\u{031B}'))
        .collect();
    let tone: Vec<char> = marks
        .iter()
        .copied()
        .filter(|m| !matches!(m, '\u{0302}' | '\u{0306}' | '\u{031B}'))
        .collect();
    let mark_byte = |wanted: &[char]| -> Option<u8> {
        let rows = data_rows(include_str!("../../data/encodings/vni.tsv"));
        for fields in rows {
            if fields.get(1) != Some(&"mark") || !fields.get(2).is_some_and(|t| case(t)) {
                continue;
            }
            let listed: Vec<char> = fields
                .get(3)
                .map(|v| {
                    v.split_whitespace()
                        .filter_map(|cp| u32::from_str_radix(cp, 16).ok())
                        .filter_map(char::from_u32)
                        .collect()
                })
                .unwrap_or_default();
            if listed != wanted {
                continue;
            }
            let byte = fields.first().and_then(|f| parse_byte(f))?;
            // The horn has two bytes: ô after o, ö after u.
            if wanted == ['\u{031B}'] {
                let after_u = base.eq_ignore_ascii_case(&'u');
                let is_u_horn = matches!(byte, 0xF6 | 0xD6);
                if after_u != is_u_horn {
                    continue;
                }
            }
            return Some(byte);
        }
        None
    };
    let mut out = vec![base as u8];
    match (shape.as_slice(), tone.as_slice()) {
        ([], []) => return None,
        ([s], [t]) if *s != '\u{031B}' => out.push(mark_byte(&[*s, *t])?),
        _ => {
            for s in &shape {
                out.push(mark_byte(&[*s])?);
            }
            for t in &tone {
                out.push(mark_byte(&[*t])?);
            }
        }
    }
    Some(out)
}

/// Windows-1258: a precomposed byte when there is one, else the base letter and a combining tone
/// mark byte (how Vietnamese keyboards on Windows typed it).
fn encode_single_byte_decomposed(c: char, table: &[char; 256]) -> Option<Vec<u8>> {
    if let Some(b) = find_byte(c, table) {
        return Some(vec![b]);
    }
    let decomposed: Vec<char> = c.nfd().collect();
    let (tone, rest): (Vec<char>, Vec<char>) = decomposed.iter().partition(|m| {
        matches!(
            m,
            '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}'
        )
    });
    let base: String = rest.iter().collect::<String>().nfc().collect();
    let mut base_chars = base.chars();
    let (Some(base), None) = (base_chars.next(), base_chars.next()) else {
        return None;
    };
    let mut out = vec![find_byte(base, table)?];
    for t in tone {
        out.push(find_byte(t, table)?);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cp1252_byte_inverts_the_decoder() {
        for byte in 0..=255u8 {
            assert_eq!(cp1252_byte(CP1252[byte as usize]), Some(byte), "{byte:#x}");
        }
    }

    #[test]
    fn known_legacy_spellings_decode() {
        assert_eq!(
            decode(b"K\xd5 ho\xb9ch tri\xd3n khai", Encoding::Tcvn3),
            "Kế hoạch triển khai"
        );
        assert_eq!(decode(b"K\xd5 HO\xb9CH", Encoding::Tcvn3), "KẾ HOẠCH");
        assert_eq!(
            decode(
                b"\xa7\xe9c l\xcbp - T\xf9 do - H\xb9nh ph\xf3c",
                Encoding::Tcvn3
            ),
            "Độc lập - Tự do - Hạnh phúc"
        );
        assert_eq!(
            decode(b"Vi\x65\xe4t Nam, Tr\x75\xf6\x6f\xf4\xf8ng", Encoding::Vni),
            "Việt Nam, Trường"
        );
        assert_eq!(
            decode(b"U\xdbY BAN NHA\xc2N DA\xc2N T\xc6NH", Encoding::Vni),
            "ỦY BAN NHÂN DÂN TỈNH"
        );
        assert_eq!(decode(b"Ch\x69\xf9nh tr\xf2", Encoding::Vni), "Chính trị");
    }

    #[test]
    fn encoders_round_trip_every_vietnamese_letter() {
        let letters = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ";
        for encoding in [Encoding::Vni, Encoding::Windows1258] {
            for text in [letters.to_string(), letters.to_uppercase()] {
                let bytes = encode(&text, encoding);
                assert!(!bytes.contains(&b'?'), "{encoding:?} {text}");
                assert_eq!(decode(&bytes, encoding), text, "{encoding:?}");
            }
        }
        let bytes = encode(letters, Encoding::Tcvn3);
        assert!(!bytes.contains(&b'?'));
        assert_eq!(decode(&bytes, Encoding::Tcvn3), letters);
        let capitals = format!("X{}", letters.to_uppercase());
        assert_eq!(
            decode(&encode(&capitals, Encoding::Tcvn3), Encoding::Tcvn3),
            capitals
        );
    }
}

//! Text encodings: which one the bytes are in, and turning them into Unicode.
//!
//! Order of evidence: a byte-order mark; UTF-16 by its zero bytes; valid UTF-8; mostly valid
//! UTF-8 with a few broken bytes (kept, broken bytes replaced); else the legacy Vietnamese
//! encodings, scored by how many of their words are Vietnamese syllables. Valid Unicode text is
//! then checked for old damage: mojibake and legacy font text shown as Latin characters.

use crate::error::{Error, Result};

use super::legacy;
use super::mojibake;
use super::vietnamese;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Encoding {
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    #[value(name = "utf-16le")]
    Utf16Le,
    #[value(name = "utf-16be")]
    Utf16Be,
    /// Vietnamese Windows code page: letters with combining tone marks.
    #[value(name = "windows-1258", alias = "cp1258")]
    Windows1258,
    /// TCVN 5712:1993 VN3, the "ABC" fonts (.VnTime).
    #[value(name = "tcvn3", alias = "abc")]
    Tcvn3,
    /// VNI-Windows fonts (VNI-Times).
    #[value(name = "vni")]
    Vni,
    /// Western Windows code page (no Vietnamese letters; for forcing a plain reading).
    #[value(name = "windows-1252", alias = "cp1252", alias = "latin1")]
    Windows1252,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1258 => "windows-1258",
            Encoding::Tcvn3 => "tcvn3",
            Encoding::Vni => "vni",
            Encoding::Windows1252 => "windows-1252",
        }
    }

    /// The character set's name in the IANA registry (what SARIF's `artifacts[].encoding`
    /// takes); the legacy font encodings have none.
    pub fn iana_name(self) -> Option<&'static str> {
        match self {
            Encoding::Utf8 => Some("UTF-8"),
            Encoding::Utf16Le => Some("UTF-16LE"),
            Encoding::Utf16Be => Some("UTF-16BE"),
            Encoding::Windows1258 => Some("windows-1258"),
            Encoding::Windows1252 => Some("windows-1252"),
            Encoding::Tcvn3 | Encoding::Vni => None,
        }
    }

    /// The encoding `name` names (as `Input::encoding` holds it).
    pub fn named(name: &str) -> Option<Encoding> {
        use clap::ValueEnum;
        Encoding::value_variants()
            .iter()
            .copied()
            .find(|encoding| encoding.name() == name)
    }
}

/// Share of control bytes above which the input is called binary rather than text.
const BINARY_CONTROL_SHARE: f64 = 0.05;
/// Bytes looked at to detect an encoding; the whole input is then decoded with the winner.
const DETECTION_SAMPLE_BYTES: usize = 256 * 1024;
/// Broken UTF-8 tolerated (as a share of the multi-byte characters) before the input is taken
/// for another encoding: a file cut mid-character or with a stray byte is still UTF-8.
const TOLERATED_INVALID_UTF8: f64 = 0.01;
/// Legacy candidates, in the order that wins a tie.
const LEGACY: [Encoding; 3] = [Encoding::Windows1258, Encoding::Tcvn3, Encoding::Vni];

pub(crate) fn decode(
    name: &str,
    bytes: &[u8],
    forced: Option<Encoding>,
    notes: &mut Vec<String>,
) -> Result<(String, String)> {
    let (text, encoding) = match forced {
        Some(encoding) => {
            note_forced_over_utf8(bytes, encoding, notes);
            (decode_as(bytes, encoding, notes), encoding)
        }
        None => detect_and_decode(name, bytes, notes)?,
    };
    if looks_binary(text.as_bytes()) {
        return Err(Error::input(
            name,
            "looks like a binary file, not a plan text",
        ));
    }
    let mut text = drop_nuls(text, notes);
    let mut name = encoding.name();
    if forced.is_none()
        && matches!(
            encoding,
            Encoding::Utf8 | Encoding::Utf16Le | Encoding::Utf16Be
        )
    {
        let (repaired, legacy) = repair_unicode(text, notes);
        text = repaired;
        if let Some(legacy) = legacy {
            name = legacy.name();
        }
    }
    Ok((text, name.to_string()))
}

/// Repairs old damage in text that arrived as valid Unicode (UTF files and PDF text). Returns the
/// text and, when the text was legacy font text shown as Latin characters, that encoding.
pub(crate) fn repair_unicode(text: String, notes: &mut Vec<String>) -> (String, Option<Encoding>) {
    let (repair, repaired) = DocumentRepair::decide(&text, notes);
    (repaired.unwrap_or(text), repair.encoding())
}

/// A one-byte encoding forced on bytes that are valid UTF-8 with letters beyond ASCII: every
/// such letter becomes two or three wrong ones ("MỤC" → "Má»¤C"). The user asked for it, so the
/// text is read as asked, but it is said: no real Windows-1258, TCVN3 or VNI text is valid UTF-8
/// by chance.
fn note_forced_over_utf8(bytes: &[u8], forced: Encoding, notes: &mut Vec<String>) {
    let one_byte = matches!(
        forced,
        Encoding::Windows1258 | Encoding::Windows1252 | Encoding::Tcvn3 | Encoding::Vni
    );
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if !one_byte || body.is_ascii() {
        return;
    }
    if let Ok(text) = std::str::from_utf8(body) {
        let letters = text.chars().filter(|c| !c.is_ascii()).count();
        notes.push(format!(
            "encoding damage: the file is valid UTF-8 ({letters} characters beyond ASCII), but \
             --encoding {} reads it one byte per character, so they come out as mojibake; leave \
             out --encoding to read it as UTF-8",
            forced.name()
        ));
    }
}

fn mojibake_note(count: usize) -> String {
    format!(
        "encoding damage: repaired {count} characters of mojibake (UTF-8 that had been read as Windows-1252)"
    )
}

fn legacy_note(lines: usize, encoding: Encoding) -> String {
    format!(
        "encoding damage: {lines} lines were {} font text shown as Latin characters; converted to Unicode",
        encoding.name()
    )
}

/// The repairs of [`repair_unicode`], decided on a whole document and applied to its pieces: a
/// PDF's text is rebuilt from its words, so each word is repaired as the whole text would be.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct DocumentRepair {
    mojibake: bool,
    legacy: Option<mojibake::LegacyFontText>,
}

impl DocumentRepair {
    /// Decides on `text`, the whole document, and notes what was repaired; returns the decision
    /// and the repaired text (`None` when nothing was).
    pub(crate) fn decide(text: &str, notes: &mut Vec<String>) -> (DocumentRepair, Option<String>) {
        let mut decision = DocumentRepair::default();
        let mut repaired = mojibake::repair_mojibake(text).map(|(repaired, count)| {
            notes.push(mojibake_note(count));
            decision.mojibake = true;
            repaired
        });
        let current = repaired.as_deref().unwrap_or(text);
        if let Some(found) = mojibake::detect_legacy_font_text(current) {
            let (converted, lines) = found.convert(current);
            if lines > 0 {
                notes.push(legacy_note(lines, found.encoding));
                decision.legacy = Some(found);
                repaired = Some(converted);
            }
        }
        (decision, repaired)
    }

    /// The legacy font encoding the document was found in.
    pub(crate) fn encoding(&self) -> Option<Encoding> {
        self.legacy.map(|found| found.encoding)
    }

    /// `piece` repaired, or `None` when it needs nothing.
    pub(crate) fn apply(&self, piece: &str) -> Option<String> {
        let mut repaired = None;
        if self.mojibake {
            repaired = mojibake::undo_mojibake(piece).map(|(text, _)| text);
        }
        if let Some(found) = self.legacy {
            let (converted, lines) = found.convert(repaired.as_deref().unwrap_or(piece));
            if lines > 0 {
                repaired = Some(converted);
            }
        }
        repaired
    }
}

fn decode_as(bytes: &[u8], encoding: Encoding, notes: &mut Vec<String>) -> String {
    match encoding {
        Encoding::Utf8 => {
            let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
            let text = String::from_utf8_lossy(body);
            let replaced = text.matches('\u{FFFD}').count();
            if let std::borrow::Cow::Owned(_) = text {
                notes.push(format!(
                    "replaced {replaced} bytes that are not valid UTF-8 with U+FFFD"
                ));
            }
            text.into_owned()
        }
        Encoding::Utf16Le => utf16(bytes, encoding_rs::UTF_16LE, &[0xFF, 0xFE]),
        Encoding::Utf16Be => utf16(bytes, encoding_rs::UTF_16BE, &[0xFE, 0xFF]),
        Encoding::Windows1258 | Encoding::Tcvn3 | Encoding::Vni | Encoding::Windows1252 => {
            legacy::decode(bytes, encoding)
        }
    }
}

fn utf16(bytes: &[u8], encoding: &'static encoding_rs::Encoding, bom: &[u8]) -> String {
    let body = bytes.strip_prefix(bom).unwrap_or(bytes);
    encoding.decode_without_bom_handling(body).0.into_owned()
}

fn detect_and_decode(
    name: &str,
    bytes: &[u8],
    notes: &mut Vec<String>,
) -> Result<(String, Encoding)> {
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Ok((
            decode_as(bytes, Encoding::Utf16Le, notes),
            Encoding::Utf16Le,
        ));
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Ok((
            decode_as(bytes, Encoding::Utf16Be, notes),
            Encoding::Utf16Be,
        ));
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        notes.push(format!(
            "no byte-order mark; read as {} from its zero bytes",
            encoding.name()
        ));
        return Ok((decode_as(bytes, encoding, notes), encoding));
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(body) {
        return Ok((text.to_string(), Encoding::Utf8));
    }
    let (valid_multibyte, invalid) = utf8_evidence(body);
    if invalid as f64 <= valid_multibyte as f64 * TOLERATED_INVALID_UTF8 {
        return Ok((decode_as(bytes, Encoding::Utf8, notes), Encoding::Utf8));
    }
    if looks_binary(bytes) {
        return Err(Error::input(
            name,
            "looks like a binary file, not a plan text",
        ));
    }
    let sample = sample_at_line_end(bytes);
    let mut best: Option<(Encoding, vietnamese::Score)> = None;
    for encoding in LEGACY {
        let score = vietnamese::score(&legacy::decode(sample, encoding));
        if best.is_none_or(|(_, b)| score.net() > b.net()) {
            best = Some((encoding, score));
        }
    }
    match best {
        Some((encoding, score)) if score.valid > 0 && score.share() >= 0.5 => {
            notes.push(format!(
                "not UTF-8; detected {} ({} of {} accented words read as Vietnamese syllables)",
                encoding.name(),
                score.valid,
                score.valid + score.invalid
            ));
            Ok((legacy::decode(bytes, encoding), encoding))
        }
        _ if invalid as f64 <= bytes.len() as f64 * TOLERATED_INVALID_UTF8 => {
            Ok((decode_as(bytes, Encoding::Utf8, notes), Encoding::Utf8))
        }
        _ => Err(Error::input(
            name,
            "not valid UTF-8 and not a Vietnamese legacy encoding (TCVN3, VNI, Windows-1258); \
             force one with --encoding",
        )),
    }
}

/// UTF-16 text of mostly ASCII characters has a zero in every other byte.
pub(crate) fn utf16_without_bom(bytes: &[u8]) -> Option<Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let zero_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let share = |n: usize| n as f64 / pairs as f64;
    if share(zero_odd) > 0.4 && share(zero_even) < 0.05 {
        Some(Encoding::Utf16Le)
    } else if share(zero_even) > 0.4 && share(zero_odd) < 0.05 {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// Counts valid multi-byte UTF-8 characters and invalid bytes.
fn utf8_evidence(bytes: &[u8]) -> (usize, usize) {
    let mut valid = 0;
    let mut invalid = 0;
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    (valid, invalid)
}

fn sample_at_line_end(bytes: &[u8]) -> &[u8] {
    if bytes.len() <= DETECTION_SAMPLE_BYTES {
        return bytes;
    }
    let head = &bytes[..DETECTION_SAMPLE_BYTES];
    match head.iter().rposition(|&b| b == b'\n') {
        Some(end) if end > 0 => &head[..end],
        _ => head,
    }
}

fn drop_nuls(text: String, notes: &mut Vec<String>) -> String {
    let nul_count = text.matches('\0').count();
    if nul_count == 0 {
        return text;
    }
    notes.push(format!("dropped {nul_count} NUL characters"));
    text.replace('\0', "")
}

/// Control bytes other than tab, line feed, carriage return and form feed are rare in any text;
/// a file full of them (NUL included) is an image, an archive or random data.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if sample.is_empty() {
        return false;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    controls as f64 / sample.len() as f64 > BINARY_CONTROL_SHARE
}

//! Text encodings: which one the bytes are in, and turning them into Unicode.

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Encoding {
    #[value(name = "utf-8")]
    Utf8,
    #[value(name = "utf-16le")]
    Utf16Le,
    #[value(name = "utf-16be")]
    Utf16Be,
    #[value(name = "windows-1258")]
    Windows1258,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1258 => "windows-1258",
        }
    }
}

/// Share of control bytes above which the input is called binary rather than text.
const BINARY_CONTROL_SHARE: f64 = 0.05;

pub(crate) fn decode(
    name: &str,
    bytes: &[u8],
    forced: Option<Encoding>,
    notes: &mut Vec<String>,
) -> Result<(String, String)> {
    let encoding = match forced {
        Some(encoding) => encoding,
        None => detect(bytes),
    };
    let body = strip_bom(bytes, encoding);
    let decoded = match encoding {
        Encoding::Utf8 => match std::str::from_utf8(body) {
            Ok(text) => text.to_string(),
            Err(_) if forced.is_some() => String::from_utf8_lossy(body).into_owned(),
            Err(_) => {
                if looks_binary(body) {
                    return Err(Error::input(
                        name,
                        "looks like a binary file, not a plan text",
                    ));
                }
                return Err(Error::input(
                    name,
                    "not valid UTF-8 and no known encoding detected (use --encoding)",
                ));
            }
        },
        Encoding::Utf16Le => encoding_rs::UTF_16LE
            .decode_without_bom_handling(body)
            .0
            .into_owned(),
        Encoding::Utf16Be => encoding_rs::UTF_16BE
            .decode_without_bom_handling(body)
            .0
            .into_owned(),
        Encoding::Windows1258 => encoding_rs::WINDOWS_1258
            .decode_without_bom_handling(body)
            .0
            .into_owned(),
    };
    if looks_binary(decoded.as_bytes()) {
        return Err(Error::input(
            name,
            "looks like a binary file, not a plan text",
        ));
    }
    let nul_count = decoded.matches('\0').count();
    let text = if nul_count > 0 {
        notes.push(format!("dropped {nul_count} NUL characters"));
        decoded.replace('\0', "")
    } else {
        decoded
    };
    Ok((text, encoding.name().to_string()))
}

fn detect(bytes: &[u8]) -> Encoding {
    if bytes.starts_with(&[0xFF, 0xFE]) {
        Encoding::Utf16Le
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Encoding::Utf16Be
    } else {
        Encoding::Utf8
    }
}

fn strip_bom(bytes: &[u8], encoding: Encoding) -> &[u8] {
    match encoding {
        Encoding::Utf8 => bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes),
        Encoding::Utf16Le => bytes.strip_prefix(&[0xFF, 0xFE]).unwrap_or(bytes),
        Encoding::Utf16Be => bytes.strip_prefix(&[0xFE, 0xFF]).unwrap_or(bytes),
        Encoding::Windows1258 => bytes,
    }
}

/// Control bytes other than tab, line feed, carriage return and form feed are rare in any text;
/// a file full of them (NUL included) is an image, an archive or random data.
fn looks_binary(bytes: &[u8]) -> bool {
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

//! Stage 1 — **read**: bytes to Unicode text.
//!
//! Decides what the bytes are (PDF, UTF-8, UTF-16, legacy Vietnamese encodings), refuses what is
//! not a plan (empty, binary, too large) with a reason, and hands the next stage one `String`.

mod encoding;
mod pdf;

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

pub use encoding::Encoding;

/// Inputs larger than this are refused rather than read: a real plan is well under 5 MB and a
/// 50 MB plan is already pathological. The limit keeps memory bounded (see README, "Limits").
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReadOptions {
    /// Force an encoding instead of detecting one.
    pub encoding: Option<Encoding>,
}

/// What the read stage hands on: the decoded text and the facts about where it came from.
#[derive(Debug, Clone)]
pub struct Input {
    /// The path as the user gave it (`-` for standard input).
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    /// `text`, `markdown` or `pdf`.
    pub format: String,
    pub encoding: String,
    pub text: String,
    /// Notes about repairs made while reading (NUL bytes dropped, mojibake repaired…).
    pub notes: Vec<String>,
}

/// Reads a file, or standard input when `path` is `-`.
pub fn read_path(path: &Path, options: &ReadOptions) -> Result<Input> {
    let shown = path.display().to_string();
    let bytes = if shown == "-" {
        let mut buffer = Vec::new();
        std::io::stdin()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut buffer)
            .map_err(|e| Error::input("-", format!("cannot read standard input: {e}")))?;
        buffer
    } else {
        let metadata = std::fs::metadata(path).map_err(|e| Error::input(path, describe_io(&e)))?;
        if metadata.is_dir() {
            return Err(Error::input(path, "is a directory, not a plan file"));
        }
        if metadata.len() > MAX_INPUT_BYTES {
            return Err(Error::input(
                path,
                format!(
                    "file is {} bytes, over the {} MiB limit",
                    metadata.len(),
                    MAX_INPUT_BYTES / 1024 / 1024
                ),
            ));
        }
        std::fs::read(path).map_err(|e| Error::input(path, describe_io(&e)))?
    };
    read_bytes(&shown, &bytes, options)
}

/// Decodes bytes already in memory; `name` is used in messages and in `source.path`.
pub fn read_bytes(name: &str, bytes: &[u8], options: &ReadOptions) -> Result<Input> {
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(Error::input(name, "input is over the size limit"));
    }
    let sha256 = hex(&Sha256::digest(bytes));
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::input(name, "file is empty"));
    }
    let mut notes = Vec::new();
    let (text, format, encoding) = if pdf::is_pdf(bytes) {
        (
            pdf::extract_text(name, bytes)?,
            "pdf".to_string(),
            "pdf".to_string(),
        )
    } else {
        let (text, encoding) = encoding::decode(name, bytes, options.encoding, &mut notes)?;
        let format = if looks_like_markdown(name, &text) {
            "markdown"
        } else {
            "text"
        };
        (text, format.to_string(), encoding)
    };
    if text.trim().is_empty() {
        return Err(Error::input(name, "no text found in the file"));
    }
    Ok(Input {
        path: name.to_string(),
        sha256,
        bytes: bytes.len() as u64,
        format,
        encoding,
        text,
        notes,
    })
}

fn looks_like_markdown(name: &str, text: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".md") || lower.ends_with(".markdown") {
        return true;
    }
    text.lines()
        .take(400)
        .filter(|line| line.starts_with('#') || line.starts_with("**"))
        .count()
        >= 3
}

fn describe_io(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {error}"),
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

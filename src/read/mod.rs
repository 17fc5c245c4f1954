//! Stage 1 — **read**: bytes to Unicode text.
//!
//! Decides what the bytes are (PDF, UTF-8, UTF-16, legacy Vietnamese encodings), refuses what is
//! not a plan (empty, binary, too large) with a reason, and hands the next stage one `String`.

mod comma_separated;
mod encoding;
mod formats;
mod html;
pub(crate) use encoding::DocumentRepair;
mod legacy;
mod mojibake;
pub(crate) use mojibake::punctuation_mojibake;
mod paths;
mod pdf;
pub mod plan_json;
mod vietnamese;

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

pub(crate) use encoding::utf16_without_bom;
pub use encoding::Encoding;
pub use formats::{other_kind_by_extension, refuse_other_formats, Advice};
pub use legacy::{
    as_written as legacy_as_written, can_encode as can_encode_legacy, encode as encode_legacy,
};
pub use paths::{ensure_not_an_input, output_path_under};
pub use pdf::{worker_hook as pdf_worker_hook, PDF_MEMORY_LIMIT_BYTES, PDF_TIME_LIMIT};

/// Inputs larger than this are refused rather than read: a real plan is well under 5 MB and a
/// 50 MB plan is already pathological. The limit keeps memory bounded (see README, "Limits").
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// Texts longer than this (in UTF-8 bytes, once decoded and taken out of their HTML or CSV) are
/// refused: the later stages take about 25 bytes of memory and 0.2–0.5 µs for each byte of a
/// dense text, so a 256 MiB text would pass the 2 GiB and 20 s a file may take. The file limit
/// above is larger for a PDF or a page whose images and markup are not text. A 50 MB plan is
/// already pathological (a real plan is under 1 MB of text).
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// Texts of more lines than this are refused: every stage after this one keeps a record per
/// line (about 90 bytes for a blank line, 155 for a short one), so 50 MB of line breaks took
/// 4.2 GiB; and a line may be an item, a row or a target with a cost of its own (3,000,000 lines
/// of "- 100%" took `check` 17.7 s). A real plan has a few thousand lines; the 50 MB plan of
/// `fuzz/measure-hostile.sh` 395,000. (4,000,000 until stop 48.)
pub const MAX_INPUT_LINES: usize = 2_000_000;

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
    /// `text`, `markdown`, `html`, `csv` or `pdf`.
    pub format: String,
    pub encoding: String,
    pub text: String,
    /// Notes about repairs made while reading (NUL bytes dropped, mojibake repaired…).
    pub notes: Vec<String>,
}

/// Reads a file, or standard input when `path` is `-`.
pub fn read_path(path: &Path, options: &ReadOptions) -> Result<Input> {
    let bytes = read_source(path)?;
    read_bytes(&path.display().to_string(), &bytes, options)
}

/// The bytes of a file, or of standard input for `-` (which can be read only once: a caller
/// that needs to look at them before decoding reads them here and decodes with `read_bytes`).
pub fn read_source(path: &Path) -> Result<Vec<u8>> {
    read_source_limited(path, MAX_INPUT_BYTES)
}

/// As [`read_source`], refusing more than `limit` bytes (a plan's JSON, a configuration file:
/// smaller limits than a document's, each named where it is set).
pub fn read_source_limited(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let over_limit = || format!("input is over the {} limit", size_words(limit));
    if path.as_os_str() == "-" {
        let mut buffer = Vec::new();
        std::io::stdin()
            .take(limit + 1)
            .read_to_end(&mut buffer)
            .map_err(|e| Error::input("-", format!("cannot read standard input: {e}")))?;
        if buffer.len() as u64 > limit {
            return Err(Error::input("-", over_limit()));
        }
        return Ok(buffer);
    }
    let metadata = std::fs::metadata(path).map_err(|e| Error::input(path, describe_io(&e)))?;
    if metadata.is_dir() {
        return Err(Error::input(path, "is a directory, not a plan file"));
    }
    if metadata.len() > limit {
        return Err(Error::input(
            path,
            format!(
                "file is {} bytes, over the {} limit",
                metadata.len(),
                size_words(limit)
            ),
        ));
    }
    // Read up to the limit whatever the size said: a FIFO or a device has none. Sized by it
    // (plus the byte that tells the file grew), so a big file is not copied while read.
    let mut bytes = Vec::with_capacity(metadata.len().min(limit) as usize + 1);
    std::fs::File::open(path)
        .and_then(|file| file.take(limit + 1).read_to_end(&mut bytes))
        .map_err(|e| Error::input(path, describe_io(&e)))?;
    if bytes.len() as u64 > limit {
        return Err(Error::input(path, over_limit()));
    }
    Ok(bytes)
}

/// "256 MiB", "1 MiB", "512 KiB": a limit as messages name it.
pub fn size_words(bytes: u64) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / 1024 / 1024)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
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
    let (text, format, encoding) = if crate::pdf::is_pdf(bytes) {
        let extracted = pdf::extract_text(name, bytes)?;
        let (text, legacy) = encoding::repair_unicode(extracted, &mut notes);
        let encoding = legacy.map_or("pdf", Encoding::name);
        (text, "pdf".to_string(), encoding.to_string())
    } else {
        let declared = options
            .encoding
            .is_none()
            .then(|| html::declared_encoding(bytes))
            .flatten();
        if let Some(declared) = declared {
            notes.push(format!(
                "decoded as {}, the encoding the HTML page declares",
                declared.name()
            ));
        }
        let forced = options.encoding.or(declared);
        let (text, encoding) = encoding::decode(name, bytes, forced, &mut notes)?;
        let (text, format) = read_markup(name, text, &mut notes);
        (text, format.to_string(), encoding)
    };
    if text.trim().is_empty() {
        return Err(Error::input(name, "no text found in the file"));
    }
    refuse_oversized_text(name, &text)?;
    note_long_lines(&text, &mut notes);
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

/// Refuses a text past `MAX_TEXT_BYTES` or `MAX_INPUT_LINES`, whatever it was read from (a
/// text file, a page, a CSV export, a PDF's text layer), before any stage after reading.
pub fn refuse_oversized_text(name: &str, text: &str) -> Result<()> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(Error::input(
            name,
            format!(
                "the text is {} bytes, over the {} limit (a plan is under 1 MiB of text): not read",
                text.len(),
                size_words(MAX_TEXT_BYTES as u64)
            ),
        ));
    }
    let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
    if lines > MAX_INPUT_LINES {
        return Err(Error::input(
            name,
            format!(
                "{lines} lines, over the limit of {MAX_INPUT_LINES} (a plan has a few thousand): \
                 not read"
            ),
        ));
    }
    Ok(())
}

/// Lines past the clean stage's length limit are cut there; say so, naming the lines, so the
/// loss is never silent.
fn note_long_lines(text: &str, notes: &mut Vec<String>) {
    let limit = crate::clean::MAX_LINE_CHARS;
    let mut long: Vec<usize> = Vec::new();
    let mut count = 0usize;
    for (index, line) in text.split('\n').enumerate() {
        // Byte length bounds the character count from above: most lines skip the count.
        if line.len() > limit && line.chars().count() > limit {
            count += 1;
            if long.len() < 5 {
                long.push(index + 1);
            }
        }
    }
    if count > 0 {
        let shown: Vec<String> = long.iter().map(usize::to_string).collect();
        notes.push(format!(
            "{count} lines longer than {limit} characters were cut to that length (lines {}{})",
            shown.join(", "),
            if count > long.len() { ", …" } else { "" }
        ));
    }
}

/// HTML and CSV read as lines of text, their tables as rows of tab-separated cells; other text
/// as it is. Returns the text and its format.
fn read_markup(name: &str, text: String, notes: &mut Vec<String>) -> (String, &'static str) {
    let counted =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let tables = |summary: html::HtmlSummary| {
        let carried = match summary.carried_down {
            0 => String::new(),
            n => format!(
                "; {} merged over rows repeated in each row",
                counted(n, "cell", "cells")
            ),
        };
        format!(
            "{} read as {} of tab-separated cells{carried}",
            counted(summary.tables, "HTML table", "HTML tables"),
            counted(summary.rows, "row", "rows")
        )
    };
    if html::is_document(name, &text) {
        let (read, summary) = html::document_to_text(&text);
        notes.push(format!("read as an HTML page: {}", tables(summary)));
        return (read, "html");
    }
    if comma_separated::is_csv(name, &text) {
        let (read, summary) = comma_separated::to_text(&text);
        notes.push(format!(
            "read as CSV: {}, cells separated by '{}'",
            counted(summary.records, "record", "records"),
            summary.separator
        ));
        if let Some(line) = summary.runaway_cell_at {
            notes.push(format!(
                "a quoted cell from line {line} runs over more than {} lines: a quote left \
                 open there takes the rest of the file into one cell",
                comma_separated::MOST_CELL_LINES
            ));
        }
        return (read, "csv");
    }
    let format = if looks_like_markdown(name, &text) {
        "markdown"
    } else {
        "text"
    };
    if html::has_tables(&text) {
        let (read, summary) = html::tables_to_text(&text);
        notes.push(tables(summary));
        return (read, format);
    }
    (text, format)
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

/// Empties this stage's memos (see [`crate::forget_memos`]).
pub(crate) fn forget_memos() {
    vietnamese::forget_memos();
}

//! A draft as `plandoc check` reads it: the parsed plan, its cleaned lines, and the lines as the
//! file holds them when the reader repaired any (mojibake, TCVN3 or VNI fragments) — damage the
//! reader could undo is still damage in the draft.

use std::path::Path;

use crate::clean::Document;
use crate::error::{Error, Result};
use crate::model::Plan;
use crate::read::{Encoding, Input, ReadOptions};

pub struct Draft {
    pub plan: Plan,
    pub document: Document,
    /// The file's own text, when it differs from what the reader made of it (mojibake or
    /// legacy fragments repaired, a CSV or HTML file turned into lines).
    pub as_written: Option<String>,
    /// The file's text exactly as it holds it, when its lines differ from the reader's (no
    /// normalization, no NUL removed), for report columns. Kept whole, not as a `String` a line:
    /// a record a line cost more than the text itself in a CSV export of a million lines.
    pub written_lines: Option<String>,
    /// The IANA name of the character set the file's bytes are in (reports that point into the
    /// file say how to read it); None for a PDF and for the legacy font encodings.
    pub encoding: Option<&'static str>,
}

impl Draft {
    /// The text the encoding rule looks at, when it is not the document's.
    pub fn as_written(&self) -> Option<&str> {
        self.as_written.as_deref()
    }
}

/// Reads and parses a draft; bytes that are not valid UTF-8 are decoded lossily so that the
/// damage is reported line by line (`encoding-damage`) rather than refusing the whole file.
pub fn read(path: &Path, options: &ReadOptions) -> Result<Draft> {
    read_as(path, options, Role::Draft)
}

/// Reads an issued plan given as a baseline: as `plandoc parse` reads it, with no lossy retry
/// (its encoding damage is not what is being checked).
/// A `.json` file, or any whose bytes are that JSON (standard input, `plan.json.bak`), is the
/// plan `plandoc parse` wrote, as `diff` reads it; its document is not there, so it comes with
/// no lines (a claim's line is then its target's first, in the document the plan names as its
/// source).
pub fn read_baseline(path: &Path, options: &ReadOptions) -> Result<(Plan, Document)> {
    let (plan, bytes) = crate::read::plan_json::read_plan_or_document(path)?;
    if let Some(plan) = plan {
        let mut none = crate::clean::clean("");
        none.lines.clear();
        return Ok((plan, none));
    }
    let issued = from_bytes(&path.display().to_string(), &bytes, options, Role::Baseline)?;
    Ok((issued.plan, issued.document))
}

/// What a file is read for: a draft's damage is checked, a baseline's is not.
#[derive(Clone, Copy, PartialEq)]
enum Role {
    Draft,
    Baseline,
}

fn read_as(path: &Path, options: &ReadOptions, role: Role) -> Result<Draft> {
    // Read once: standard input cannot be read again, for the lossy retry or the lines as written.
    let bytes = crate::read::read_source(path)?;
    from_bytes(&path.display().to_string(), &bytes, options, role)
}

/// Reads a draft from bytes already in memory, as [`read`] reads a file; `name` stands for the
/// file in messages and in the plan's `source.path` (the `check_diff` fuzz target's way in).
pub fn read_bytes(name: &str, bytes: &[u8], options: &ReadOptions) -> Result<Draft> {
    from_bytes(name, bytes, options, Role::Draft)
}

fn from_bytes(shown: &str, bytes: &[u8], options: &ReadOptions, role: Role) -> Result<Draft> {
    let shown = shown.to_string();
    crate::read::refuse_other_formats(&shown, bytes)?;
    if let Some(draft) = read_pdf(&shown, bytes)? {
        return Ok(draft);
    }
    // A forced encoding is the user's own reading of the file: no retry, no lines as written.
    let checked = role == Role::Draft && options.encoding.is_none();
    let input = match crate::read::read_bytes(&shown, bytes, options) {
        Ok(input) => input,
        Err(Error::Input { reason, .. }) if checked && reason.contains("not valid UTF-8") => {
            crate::read::read_bytes(
                &shown,
                bytes,
                &ReadOptions {
                    encoding: Some(Encoding::Utf8),
                },
            )?
        }
        Err(error) => return Err(error),
    };
    let written = if checked {
        text_as_written(bytes, &input)
    } else {
        None
    };
    let mut draft = from_input(&input, written);
    if let Some(reason) = crate::structure::over_limit_reason(&draft.plan) {
        return Err(Error::input(&shown, reason));
    }
    draft.written_lines = lines_as_written(bytes, &input.encoding, &draft.document);
    draft.encoding = bytes_encoding(bytes, &input.encoding, options.encoding);
    Ok(draft)
}

/// A PDF is read as `plandoc parse` reads it: tables from its page geometry, every line range in
/// the plain text both PDF readers print. `None` when the bytes are not a PDF.
fn read_pdf(shown: &str, bytes: &[u8]) -> Result<Option<Draft>> {
    let Some(pdf) = crate::pdf::read_if_pdf(shown, bytes)? else {
        return Ok(None);
    };
    let (plan, document) = crate::pdf::parse_pdf_keeping_document(shown, bytes, &pdf);
    Ok(Some(Draft {
        plan: crate::refuse_over_limit(shown, plan)?,
        document,
        as_written: None,
        written_lines: None,
        encoding: None,
    }))
}

fn from_input(input: &Input, written: Option<String>) -> Draft {
    let (plan, document) = crate::parse_input_keeping_document(input);
    Draft {
        plan,
        document,
        written_lines: None,
        as_written: written,
        encoding: None,
    }
}

/// The character set the file's bytes are in, by its IANA name. The reader's name is not
/// always that: a UTF-8 file whose words were typed in a legacy font is read as TCVN3 or VNI
/// text, but its bytes are UTF-8, and a file read lossily as UTF-8 is still UTF-8 to a viewer.
/// UTF-16 that opens with a byte-order mark is "UTF-16" (RFC 2781: "UTF-16LE" and "UTF-16BE"
/// name text with no mark, whose reader would take the mark for a character of line 1).
fn bytes_encoding(bytes: &[u8], read_as: &str, forced: Option<Encoding>) -> Option<&'static str> {
    let marked = match bytes {
        [0xFF, 0xFE, ..] => Some(Encoding::Utf16Le),
        [0xFE, 0xFF, ..] => Some(Encoding::Utf16Be),
        _ => None,
    };
    let read = match forced {
        Some(forced) => forced,
        None => match Encoding::named(read_as)? {
            // Legacy font text typed into a Unicode file: the file's bytes are Unicode.
            Encoding::Tcvn3 | Encoding::Vni => {
                let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
                match marked {
                    Some(utf16) => utf16,
                    None if std::str::from_utf8(body).is_ok() => Encoding::Utf8,
                    None => crate::read::utf16_without_bom(bytes)?,
                }
            }
            encoding => encoding,
        },
    };
    if marked == Some(read) {
        return Some("UTF-16");
    }
    read.iana_name()
}

/// The file's lines exactly as written, when one differs from the reader's (`clean` composes a
/// decomposed "ệ" and evens out spaces; a Windows-1258 file keeps its tone marks apart): Unicode
/// text as it holds it, a legacy code page a byte a character. None when no line differs.
fn lines_as_written(bytes: &[u8], encoding: &str, document: &Document) -> Option<String> {
    let text = match unicode_as_written(bytes) {
        Some(text) => text,
        None => crate::read::legacy_as_written(bytes, encoding)?,
    };
    // Compared line by line without a copy: most files read as written.
    let same_count = crate::clean::split_lines(&text).count() == document.lines.len();
    let differs = !same_count
        || crate::clean::split_lines(&text)
            .zip(&document.lines)
            .any(|(w, l)| w != l.raw);
    differs.then_some(text)
}

/// The text of a file in a Unicode encoding, as written: UTF-8 (without its BOM), or UTF-16
/// with a BOM (Notepad's "Unicode"), whose every character is kept as written too. None for
/// other bytes.
fn unicode_as_written(bytes: &[u8]) -> Option<String> {
    let utf16 = match bytes {
        [0xFF, 0xFE, ..] => Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF, ..] => Some(encoding_rs::UTF_16BE),
        _ => None,
    };
    if let Some(encoding) = utf16 {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[2..]);
        return (!had_errors).then(|| text.into_owned());
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    std::str::from_utf8(bytes).ok().map(str::to_string)
}

/// The file's text exactly as written, when the reader changed it: Unicode text (UTF-8 or
/// UTF-16) whose mojibake or legacy-font fragments were repaired (whatever encoding the reader
/// then named), or UTF-8 bytes decoded lossily. None when the text is the same, or the file is
/// in a legacy code page, which the reader decoded rather than repaired.
fn text_as_written(bytes: &[u8], input: &Input) -> Option<String> {
    let text = match unicode_as_written(bytes) {
        Some(text) => text.replace('\0', ""),
        None if input.encoding == "utf-8" => {
            let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
            String::from_utf8_lossy(bytes).replace('\0', "")
        }
        None => return None,
    };
    (text != input.text).then_some(text)
}

//! PDF input read from the page geometry rather than from flowed text.
//!
//! Flowed PDF text loses table columns; the PDF itself still has them. This module takes the
//! positioned glyphs and ruling lines of every page ([`glyphs`]), rebuilds words and lines with
//! their boxes ([`lines`]), rebuilds appendix tables from column and row bands ([`tables`]) and
//! writes the text it read in reading order, plain or with columns kept ([`layout_text`]).
//! The plain text is what `plandoc text FILE.pdf` prints and what every `lines` range in the
//! output of `plandoc parse FILE.pdf` refers to.

mod bombs;
pub mod glyphs;
pub(crate) mod guarded;
pub mod layout_text;
pub mod lines;
mod raw;
pub mod tables;
mod unpack;
pub mod worker;

pub use guarded::{abandoned_readers, readers_abandoned_ever};

use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::model::{Diagnostic, Plan, Source, Table, PLAN_SCHEMA};
use guarded::timed_out;

/// Longest time one PDF may take to yield its glyphs or its text, in a child process or
/// in-process (a real plan takes well under a second).
pub const PDF_TIME_LIMIT: Duration = Duration::from_secs(15);
/// Deepest page tree followed up from a page through `/Parent` (real trees have a few levels).
const MAX_PAGE_TREE_DEPTH: usize = 256;
/// Stack of the reader's threads (loading, and each page interpreter): pdf-extract and lopdf
/// recurse over nested objects and drawn XObjects, so give them room, as the flowed-text
/// fallback has (`read::pdf`). Up to five such threads fit the reader child's address-space
/// limit (`read::PDF_MEMORY_LIMIT_BYTES`) with a gigabyte to spare.
const READER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Everything read from one PDF.
#[derive(Debug, Clone)]
pub struct PdfDocument {
    /// Reading-order text: body paragraphs line by line, each table row on one line with its
    /// cells separated by tabs. Line numbers in `tables` refer to this text.
    pub text: String,
    /// The pages with their columns kept (words placed at their x position).
    pub layout_text: String,
    /// Tables rebuilt from geometry.
    pub tables: Vec<Table>,
    pub pages: usize,
    /// `source.encoding`: "pdf", or the legacy font encoding its text was converted from.
    pub encoding: String,
    /// What the reader repaired (encoding damage), as `read::Input` notes it for text files.
    pub notes: Vec<String>,
}

/// Whether the bytes are a PDF (the signature may follow some junk, as readers allow).
pub fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}

/// Reads a PDF from memory; `name` is used in error messages. The plandoc binary reads it in a
/// child process (see [`worker`]), so that a PDF that crashes the PDF library is an input error;
/// library users read it in-process (a thread, `catch_unwind` and a time limit).
pub fn read_pdf(name: &str, bytes: &[u8]) -> Result<PdfDocument> {
    if !worker::uses_child_processes() {
        return read_in_process(bytes).map_err(|reason| Error::input(name, reason));
    }
    match worker::run(name, bytes, worker::Task::Geometry, PDF_TIME_LIMIT)? {
        worker::Outcome::Done(encoded) => decode(&encoded)
            .ok_or_else(|| Error::input(name, "the PDF reader could not pass on its result")),
        worker::Outcome::Refused(reason) => Err(Error::input(name, reason)),
        worker::Outcome::Crashed => Err(Error::input(name, CRASHED)),
        worker::Outcome::TimedOut => Err(Error::input(name, timed_out())),
    }
}

/// Why a PDF that needs a password is refused (both readers say it alike).
pub(crate) const ENCRYPTED: &str =
    "PDF is encrypted and cannot be read without its password; decrypt it first";

const CRASHED: &str =
    "malformed PDF (the PDF reader crashed on it; the file is probably truncated or damaged)";

/// Reads a PDF in this process; the error is the reason, without the file name.
pub(crate) fn read_in_process(bytes: &[u8]) -> std::result::Result<PdfDocument, String> {
    let pages = collect_pages(bytes)?;
    let glyph_count: usize = pages
        .iter()
        .map(|p| {
            p.glyphs
                .iter()
                .filter(|g| g.text.chars().any(char::is_alphanumeric))
                .count()
        })
        .sum();
    if glyph_count < 20 {
        return Err(
            "PDF has no text layer (it looks scanned: the pages are images); run OCR on it first"
                .to_string(),
        );
    }
    let mut lines = lines::assemble(&pages);
    let (encoding, notes) = repair_words(&mut lines);
    let found = tables::find(&pages, &lines);
    let rendered = layout_text::render(&pages, &lines, &found);
    let tables = tables::to_model(&found, &rendered.row_lines, &rendered.header_lines);
    Ok(PdfDocument {
        text: rendered.text,
        layout_text: layout_text::layout(&pages, &lines),
        tables,
        pages: pages.len(),
        encoding,
        notes,
    })
}

/// Undoes old encoding damage in the words, before anything is built from them: a PDF set in a
/// legacy Vietnamese font (.VnTime: TCVN3, VNI-Times) gives its text as Latin characters
/// ("KÕ ho¹ch"), and text once mis-decoded gives mojibake, as a text file may (`read`). Decided
/// on the whole text, applied word by word; returns the `source.encoding` and the notes.
fn repair_words(lines: &mut [lines::TextLine]) -> (String, Vec<String>) {
    let text: Vec<String> = lines.iter().map(lines::TextLine::text).collect();
    let mut notes = Vec::new();
    let (repair, _) = crate::read::DocumentRepair::decide(&text.join("\n"), &mut notes);
    if !notes.is_empty() {
        let tcvn3 = repair.encoding() == Some(crate::read::Encoding::Tcvn3);
        for word in lines.iter_mut().flat_map(|line| line.words.iter_mut()) {
            if tcvn3 {
                restore_tcvn3_u_horn(&mut word.text);
            }
            if let Some(repaired) = repair.apply(&word.text) {
                word.text = repaired;
            }
        }
    }
    let encoding = repair.encoding().map_or("pdf", crate::read::Encoding::name);
    (encoding.to_string(), notes)
}

/// A [`PdfDocument`] on its way back from a reader child. Row confidences travel as their bit
/// patterns: a JSON number read back need not be the same `f64` to the last bit, and the output
/// must be byte for byte what an in-process reading gives.
#[derive(Serialize, Deserialize)]
struct Transfer {
    text: String,
    layout_text: String,
    tables: Vec<Table>,
    confidence_bits: Vec<Vec<u64>>,
    pages: usize,
    encoding: String,
    notes: Vec<String>,
}

pub(crate) fn encode(document: &PdfDocument) -> Vec<u8> {
    let mut tables = document.tables.clone();
    let confidence_bits = tables
        .iter_mut()
        .map(|table| {
            table
                .rows
                .iter_mut()
                .map(|row| std::mem::replace(&mut row.confidence, 0.0).to_bits())
                .collect()
        })
        .collect();
    let transfer = Transfer {
        text: document.text.clone(),
        layout_text: document.layout_text.clone(),
        tables,
        confidence_bits,
        pages: document.pages,
        encoding: document.encoding.clone(),
        notes: document.notes.clone(),
    };
    serde_json::to_vec(&transfer).unwrap_or_default()
}

fn decode(encoded: &[u8]) -> Option<PdfDocument> {
    let mut transfer: Transfer = serde_json::from_slice(encoded).ok()?;
    if transfer.confidence_bits.len() != transfer.tables.len() {
        return None;
    }
    for (table, bits) in transfer.tables.iter_mut().zip(&transfer.confidence_bits) {
        if bits.len() != table.rows.len() {
            return None;
        }
        for (row, &bits) in table.rows.iter_mut().zip(bits) {
            row.confidence = f64::from_bits(bits);
        }
    }
    Some(PdfDocument {
        text: transfer.text,
        layout_text: transfer.layout_text,
        tables: transfer.tables,
        pages: transfer.pages,
        encoding: transfer.encoding,
        notes: transfer.notes,
    })
}

/// Reads `bytes` (of the file or standard input shown as `name`) as a PDF when they are one;
/// `Ok(None)` when they are not (the caller decodes them as text).
pub fn read_if_pdf(name: &str, bytes: &[u8]) -> Result<Option<PdfDocument>> {
    if !is_pdf(bytes) {
        return Ok(None);
    }
    if bytes.len() as u64 > crate::read::MAX_INPUT_BYTES {
        return Err(Error::input(name, "input is over the size limit"));
    }
    let document = read_pdf(name, bytes)?;
    crate::read::refuse_oversized_text(name, &document.text)?;
    Ok(Some(document))
}

/// TCVN3 puts "ư" at byte 0xAD, which WinAnsiEncoding names "hyphen": a .VnTime PDF's
/// "ph­êng" (phường) is read "ph-êng". Inside a word of legacy text, a hyphen between two
/// characters that are neither digits, spaces nor punctuation is that byte ("2026-2030",
/// "KH-UBND" and an all-ASCII "e-mail" keep theirs).
fn restore_tcvn3_u_horn(word: &mut String) {
    if word.is_ascii() || !word.contains('-') {
        return;
    }
    let chars: Vec<char> = word.chars().collect();
    let is_letter_like =
        |c: char| !(c.is_ascii_digit() || c.is_whitespace() || c.is_ascii_punctuation());
    let mut restored = String::with_capacity(word.len());
    for (index, &c) in chars.iter().enumerate() {
        let between_letters = index > 0
            && chars
                .get(index + 1)
                .is_some_and(|&next| is_letter_like(next))
            && is_letter_like(chars[index - 1]);
        restored.push(if c == '-' && between_letters {
            '\u{AD}'
        } else {
            c
        });
    }
    *word = restored;
}

/// The tables read from a PDF's geometry, or none past the rows one document may hold
/// (`structure::MAX_TABLE_ROWS`, as for text): the commands refuse the file on the `over-limit`
/// error this adds.
fn within_row_limit(
    tables: &[Table],
    limit: usize,
    line_count: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Table> {
    let rows: usize = tables.iter().map(|t| t.rows.len()).sum();
    if rows <= limit {
        return tables.to_vec();
    }
    let first = tables.first().map_or(1, |t| t.lines[0]);
    diagnostics.push(crate::structure::over_limit(
        crate::structure::rows_over_limit_message(limit, first),
        [first, line_count.max(first)],
    ));
    Vec::new()
}

/// Parses a PDF plan: sections, targets and metadata from the reading-order text, tables from
/// the geometry (from the text when the geometry finds none).
pub fn parse_pdf(name: &str, bytes: &[u8], document: &PdfDocument) -> Plan {
    parse_pdf_keeping_document(name, bytes, document).0
}

/// As [`parse_pdf`], also returning the cleaned text the plan's line numbers point into, for
/// `check`, which shows those lines (it cleaned the text a second time).
pub fn parse_pdf_keeping_document(
    name: &str,
    bytes: &[u8],
    document: &PdfDocument,
) -> (Plan, crate::clean::Document) {
    let cleaned = crate::clean::clean(&document.text);
    let meta = crate::structure::metadata::extract(&cleaned);
    let (sections, mut diagnostics) = crate::structure::sections::extract(&cleaned);
    let mut targets = Vec::new();
    let tables = if document.tables.is_empty() {
        let (tables, table_diagnostics) = crate::structure::tables::extract(&cleaned);
        diagnostics.extend(table_diagnostics);
        tables
    } else {
        within_row_limit(
            &document.tables,
            crate::structure::MAX_TABLE_ROWS,
            cleaned.lines.len(),
            &mut diagnostics,
        )
    };
    // A document refused for its rows is not read for targets, as a text is not.
    let over_limit = crate::structure::over_limit_in(&diagnostics).is_some();
    if !over_limit {
        let (found, target_diagnostics) =
            crate::structure::targets::extract(&cleaned, &sections, &tables);
        targets = found;
        diagnostics.extend(target_diagnostics);
    }
    diagnostics.sort_by(|a, b| a.lines.cmp(&b.lines).then_with(|| a.rule.cmp(&b.rule)));
    // What the reader repaired comes first, as for a text file.
    diagnostics.splice(
        0..0,
        crate::read_notes(&document.notes, cleaned.lines.len()),
    );
    let plan = Plan {
        schema: PLAN_SCHEMA.to_string(),
        source: Source {
            path: name.to_string(),
            sha256: crate::read::hex(&Sha256::digest(bytes)),
            bytes: bytes.len() as u64,
            format: "pdf".to_string(),
            encoding: document.encoding.clone(),
        },
        plan: meta,
        sections,
        tables,
        targets,
        diagnostics,
    };
    (plan, cleaned)
}

/// pdf-extract looks a page's inherited `/MediaBox` and `/Resources` up through its `/Parent`
/// links with no guard: when they form a cycle and the key is missing, it loops forever (found by
/// fuzzing, `fixtures/hostile/parent-cycle.pdf`). Refuse such a tree before interpreting it.
fn check_page_tree(document: &pdf_extract::Document) -> std::result::Result<(), String> {
    for &page in document.get_pages().values() {
        let mut seen = vec![page];
        let mut id = page;
        while let Ok(parent) = document
            .get_dictionary(id)
            .and_then(|dictionary| dictionary.get(b"Parent"))
            .and_then(|parent| parent.as_reference())
        {
            if seen.contains(&parent) {
                return Err("the page tree's /Parent links form a cycle".to_string());
            }
            if seen.len() >= MAX_PAGE_TREE_DEPTH {
                return Err(format!(
                    "the page tree is more than {MAX_PAGE_TREE_DEPTH} levels deep"
                ));
            }
            seen.push(parent);
            id = parent;
        }
    }
    Ok(())
}

/// Deepest chain of XObjects drawn inside one another that pdf-extract is let interpret (real
/// forms nest a few levels).
const MAX_XOBJECT_DEPTH: usize = 32;

/// pdf-extract draws an XObject (`Do`) by interpreting its content with a recursive call, with no
/// guard: an XObject whose content draws itself again — directly or through others, e.g. a page
/// whose content stream is also its own `/XObject` resource, or a form without `/Resources` that
/// inherits the page's, which name it — recurses until the stack overflows, and a stack overflow
/// aborts the process (no `catch_unwind` stops it; found by fuzzing, `fixtures/hostile/
/// xobject-cycle.pdf`). Follow every `Do` the way pdf-extract would, from every XObject a page
/// can name, and refuse a cycle or a chain deeper than [`MAX_XOBJECT_DEPTH`].
fn check_xobjects(document: &pdf_extract::Document) -> std::result::Result<(), String> {
    let mut done = std::collections::BTreeMap::new();
    for &page in document.get_pages().values() {
        let Some(resources) = inherited_resources(document, page) else {
            continue;
        };
        for id in xobject_ids(document, resources.1) {
            let mut stack = Vec::new();
            check_xobject(document, id, resources, &mut stack, &mut done)?;
        }
    }
    Ok(())
}

/// Which resource dictionary an XObject is interpreted with, by where the file keeps it. (Its
/// address in memory served as well, but the path a lookup in `done` takes then varied from run
/// to run, and the fuzzer counts paths.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum ResourcesAt {
    /// An object of its own.
    Object(pdf_extract::ObjectId),
    /// Written inside the page, page-tree node or XObject with this id.
    Inside(pdf_extract::ObjectId),
}

type Resources<'a> = (ResourcesAt, &'a pdf_extract::Dictionary);

/// The `/Resources` entry of the object `owner`, and where it is kept.
fn resources_of<'a>(
    document: &'a pdf_extract::Document,
    owner: pdf_extract::ObjectId,
    entry: &'a pdf_extract::Object,
) -> Option<Resources<'a>> {
    // Through a chain of references to the object at its end: two chains to one dictionary are
    // one key.
    let (id, dictionary) = document.dereference(entry).ok()?;
    let at = match id {
        Some(id) => ResourcesAt::Object(id),
        None => ResourcesAt::Inside(owner),
    };
    Some((at, dictionary.as_dict().ok()?))
}

/// A page's `/Resources`, looked up through `/Parent` as pdf-extract does (the page tree is
/// already known to be acyclic).
fn inherited_resources(
    document: &pdf_extract::Document,
    page: pdf_extract::ObjectId,
) -> Option<Resources<'_>> {
    let mut id = page;
    for _ in 0..=MAX_PAGE_TREE_DEPTH {
        let dictionary = document.get_dictionary(id).ok()?;
        if let Ok(resources) = dictionary.get(b"Resources") {
            return resources_of(document, id, resources);
        }
        id = dictionary.get(b"Parent").ok()?.as_reference().ok()?;
    }
    None
}

fn resolve<'a>(
    document: &'a pdf_extract::Document,
    object: &'a pdf_extract::Object,
) -> Option<&'a pdf_extract::Object> {
    document.dereference(object).ok().map(|(_, object)| object)
}

/// A resource dictionary's `/XObject` dictionary (name → XObject).
fn xobject_dictionary<'a>(
    document: &'a pdf_extract::Document,
    resources: &'a pdf_extract::Dictionary,
) -> Option<&'a pdf_extract::Dictionary> {
    resources
        .get(b"XObject")
        .ok()
        .and_then(|o| resolve(document, o))
        .and_then(|o| o.as_dict().ok())
}

/// The object ids of the XObjects a resource dictionary names.
fn xobject_ids(
    document: &pdf_extract::Document,
    resources: &pdf_extract::Dictionary,
) -> Vec<pdf_extract::ObjectId> {
    let Some(xobjects) = xobject_dictionary(document, resources) else {
        return Vec::new();
    };
    xobjects
        .iter()
        .filter_map(|(_, object)| object.as_reference().ok())
        .collect()
}

/// Checks the XObject `id` drawn below the XObjects on `stack`, and returns how many levels it
/// and what it draws take (1 when it draws nothing). `done` keeps that height for each XObject
/// checked, with the resources it was checked with: one drawn again is not walked again, but
/// its height still counts against the depth it is drawn at now. (Skipping it outright let a
/// chain through the order of the checks: X2 drawing X1 checked after X1, X3 after X2 …, each
/// one level deep on its own and the whole chain as deep as the file likes.)
fn check_xobject<'a>(
    document: &'a pdf_extract::Document,
    id: pdf_extract::ObjectId,
    inherited: Resources<'a>,
    stack: &mut Vec<pdf_extract::ObjectId>,
    done: &mut std::collections::BTreeMap<(pdf_extract::ObjectId, ResourcesAt), usize>,
) -> std::result::Result<usize, String> {
    let too_deep = || {
        format!("XObjects are drawn inside one another more than {MAX_XOBJECT_DEPTH} levels deep")
    };
    if stack.contains(&id) {
        return Err("an XObject draws itself (directly or through other XObjects)".to_string());
    }
    if stack.len() >= MAX_XOBJECT_DEPTH {
        return Err(too_deep());
    }
    let Ok(stream) = document.get_object(id).and_then(|o| o.as_stream()) else {
        return Ok(1);
    };
    // The resources the XObject's content is interpreted with: its own, else the caller's.
    let resources = stream
        .dict
        .get(b"Resources")
        .ok()
        .and_then(|entry| resources_of(document, id, entry))
        .unwrap_or(inherited);
    let key = (id, resources.0);
    if let Some(&height) = done.get(&key) {
        // Its deepest XObject would sit at `stack.len() + height - 1`.
        if stack.len() + height > MAX_XOBJECT_DEPTH {
            return Err(too_deep());
        }
        return Ok(height);
    }
    let mut below = 0;
    let names = drawn_names(stream);
    if let Some(xobjects) = xobject_dictionary(document, resources.1).filter(|_| !names.is_empty())
    {
        stack.push(id);
        for name in names {
            if let Ok(Ok(next)) = xobjects.get(&name).map(|o| o.as_reference()) {
                below = below.max(check_xobject(document, next, resources, stack, done)?);
            }
        }
        stack.pop();
    }
    done.insert(key, below + 1);
    Ok(below + 1)
}

/// The names an XObject's content draws with `Do`, decoded as pdf-extract decodes it.
fn drawn_names(stream: &pdf_extract::Stream) -> Vec<Vec<u8>> {
    let content = if stream.filters().is_ok() {
        stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone())
    } else {
        stream.content.clone()
    };
    let Ok(content) = pdf_extract::content::Content::decode(&content) else {
        return Vec::new();
    };
    let mut names: Vec<Vec<u8>> = content
        .operations
        .iter()
        .filter(|op| op.operator == "Do")
        .filter_map(|op| op.operands.first()?.as_name().ok().map(<[u8]>::to_vec))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// pdf-extract's flowed text, after the same page-tree and XObject checks as the geometry reader;
/// the error is pdf-extract's message or the problem the checks found.
pub(crate) fn extract_flowed_text(bytes: &[u8]) -> std::result::Result<String, String> {
    match bombs::load(bytes) {
        Ok(document) => {
            check_page_tree(&document)?;
            bombs::check_loaded_streams(&document)?;
            check_xobjects(&document)?;
        }
        Err(bombs::LoadError::Bomb(reason)) => return Err(reason),
        // pdf-extract's own loading says what is wrong, in its words.
        Err(bombs::LoadError::Malformed(_)) => {}
    }
    pdf_extract::extract_text_from_mem(bytes).map_err(|e| e.to_string())
}

/// Interprets the pages on a few threads (pdf-extract rebuilds every font on every page, which
/// dominates the time on long plans), then puts the pages back in order. What comes out does not
/// depend on how many threads there are: the first error in page order wins, and the glyph and
/// rule caps are applied again to the whole document.
fn interpret_pages(
    document: &pdf_extract::Document,
) -> std::result::Result<Vec<glyphs::Page>, String> {
    let numbers: Vec<u32> = document.get_pages().keys().copied().collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
        .min(numbers.len().max(1));
    let chunk = numbers.len().div_ceil(threads).max(1);
    let read_chunk = |part: &[u32]| -> std::result::Result<Vec<glyphs::Page>, String> {
        let mut collector = glyphs::Collector::default();
        for &number in part {
            pdf_extract::output_doc_page(document, &mut collector, number)
                .map_err(|e| format!("malformed PDF (truncated or damaged): {e}"))?;
        }
        Ok(collector.pages)
    };
    let outcomes: Vec<std::result::Result<Vec<glyphs::Page>, String>> = if cfg!(fuzzing) {
        // The same chunks one after another on the calling thread, for the reason
        // `guarded::Readers::run` gives; every chunk is read, as every thread would be.
        numbers
            .chunks(chunk)
            .map(|part| {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_chunk(part)))
                    .unwrap_or_else(|_| Err(CRASHED.to_string()))
            })
            .collect()
    } else {
        std::thread::scope(|scope| {
            let workers: Vec<_> = numbers
                .chunks(chunk)
                .map(|part| {
                    // Named "pdf…" so the CLI's panic hook keeps pdf-extract's panics quiet.
                    std::thread::Builder::new()
                        .name("pdf-page".into())
                        .stack_size(READER_STACK_BYTES)
                        .spawn_scoped(scope, move || read_chunk(part))
                })
                .collect();
            workers
                .into_iter()
                .map(|w| match w {
                    Ok(handle) => handle.join().unwrap_or_else(|_| Err(CRASHED.to_string())),
                    Err(e) => Err(guarded::spawn_failed(e)),
                })
                .collect()
        })
    };
    let mut pages = Vec::new();
    for outcome in outcomes {
        pages.extend(outcome?);
    }
    pages.sort_by_key(|p| p.number);
    glyphs::cap(&mut pages);
    Ok(pages)
}

/// Runs pdf-extract's interpreter over every page on a worker thread. pdf-extract panics on some
/// malformed files and can loop on others, so a panic becomes an input error and a file that
/// takes too long is abandoned with an error rather than hanging a batch. XObjects that draw
/// themselves are refused first ([`check_xobjects`]); a stack overflow that still happened would
/// abort the process, which is why the binary runs this in a child process, see [`worker`].
fn collect_pages(bytes: &[u8]) -> std::result::Result<Vec<glyphs::Page>, String> {
    let owned = bytes.to_vec();
    let outcome = guarded::PDF_READERS.run(
        "pdf-geometry",
        READER_STACK_BYTES,
        PDF_TIME_LIMIT,
        move || -> std::result::Result<Vec<glyphs::Page>, String> {
            let mut document = bombs::load(&owned).map_err(|e| match e {
                bombs::LoadError::Malformed(e) => {
                    format!("malformed PDF (truncated or damaged): {e}")
                }
                bombs::LoadError::Bomb(reason) => reason,
            })?;
            // lopdf decrypts a file that opens with the empty user password (an owner-password-
            // only PDF, as viewers open it) and then drops `/Encrypt` from the trailer. Still
            // there, direct or by reference, it is a file that needs its password: its pages
            // would be read as nothing, or as noise.
            if document.trailer.get(b"Encrypt").is_ok() && document.decrypt("").is_err() {
                return Err(ENCRYPTED.to_string());
            }
            check_page_tree(&document).map_err(|e| format!("malformed PDF: {e}"))?;
            bombs::check_loaded_streams(&document)?;
            check_xobjects(&document).map_err(|e| format!("malformed PDF: {e}"))?;
            interpret_pages(&document)
        },
    );
    match outcome {
        Ok(Ok(pages)) if pages.is_empty() => Err("malformed PDF: no readable pages".to_string()),
        Ok(Ok(pages)) => Ok(pages),
        Ok(Err(reason)) => Err(reason),
        Err(guarded::Failure::Panicked) => Err(CRASHED.to_string()),
        Err(failure) => Err(failure.reason()),
    }
}

#[cfg(test)]
mod tests {
    use super::restore_tcvn3_u_horn;

    /// A PDF's geometry tables past the rows one document may hold are dropped with one
    /// `over-limit` error naming the limit, from the first table's line to the text's end; at
    /// the limit they are kept whole.
    #[test]
    fn geometry_tables_past_the_row_limit_are_an_over_limit_error() {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/kon-tum-142.txt"),
        )
        .unwrap();
        let tables = crate::parse_text("kon-tum-142.txt", &text).tables;
        let rows: usize = tables.iter().map(|t| t.rows.len()).sum();
        assert!(rows > 1);
        let mut said = Vec::new();
        assert_eq!(
            super::within_row_limit(&tables, rows, 900, &mut said),
            tables
        );
        assert!(said.is_empty());
        assert!(super::within_row_limit(&tables, rows - 1, 900, &mut said).is_empty());
        assert_eq!(said.len(), 1);
        assert_eq!(said[0].rule, crate::structure::OVER_LIMIT_RULE);
        let first = tables[0].lines[0];
        assert_eq!(
            said[0].message,
            crate::structure::rows_over_limit_message(rows - 1, first)
        );
        assert!(said[0]
            .message
            .starts_with(&format!("more than {} table rows", rows - 1)));
        assert_eq!(said[0].lines, [first, 900]);
    }

    #[test]
    fn a_hyphen_inside_a_tcvn3_word_is_its_u_horn() {
        for (read, meant) in [
            ("ph-êng", "ph\u{AD}êng"),
            ("®-îc", "®\u{AD}îc"),
            ("n-íc", "n\u{AD}íc"),
            // Not between two letters, or not legacy text: a hyphen.
            ("2026-2030", "2026-2030"),
            ("KH-UBND", "KH-UBND"),
            ("e-mail", "e-mail"),
            ("Sè:-", "Sè:-"),
            ("-®Õn", "-®Õn"),
            ("n¨m-2030", "n¨m-2030"),
        ] {
            let mut word = read.to_string();
            restore_tcvn3_u_horn(&mut word);
            assert_eq!(word, meant, "{read}");
        }
    }
}

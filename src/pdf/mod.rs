//! PDF input read from the page geometry rather than from flowed text.
//!
//! Flowed PDF text loses table columns; the PDF itself still has them. This module takes the
//! positioned glyphs and ruling lines of every page ([`glyphs`]), rebuilds words and lines with
//! their boxes ([`lines`]), rebuilds appendix tables from column and row bands ([`tables`]) and
//! writes the text it read in reading order, plain or with columns kept ([`layout_text`]).
//! The plain text is what `plandoc text FILE.pdf` prints and what every `lines` range in the
//! output of `plandoc parse FILE.pdf` refers to.

pub mod glyphs;
pub mod layout_text;
pub mod lines;
pub mod tables;

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::model::{Plan, Source, Table, PLAN_SCHEMA};

/// Longest time one PDF may take to yield its glyphs.
pub const PDF_TIME_LIMIT: Duration = Duration::from_secs(30);

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
}

/// Whether the bytes are a PDF (the signature may follow some junk, as readers allow).
pub fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}

/// Reads a PDF from memory; `name` is used in error messages.
pub fn read_pdf(name: &str, bytes: &[u8]) -> Result<PdfDocument> {
    let pages = collect_pages(name, bytes)?;
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
        return Err(Error::input(
            name,
            "PDF has no text layer (it looks scanned: the pages are images); run OCR on it first",
        ));
    }
    let lines = lines::assemble(&pages);
    let found = tables::find(&pages, &lines);
    let rendered = layout_text::render(&pages, &lines, &found);
    let tables = tables::to_model(&found, &rendered.row_lines, &rendered.header_lines);
    Ok(PdfDocument {
        text: rendered.text,
        layout_text: layout_text::layout(&pages, &lines),
        tables,
        pages: pages.len(),
    })
}

/// Reads a file when it is a PDF; `Ok(None)` when it is not one (the caller reads it as text).
pub fn read_path_if_pdf(path: &Path) -> Result<Option<(PdfDocument, Vec<u8>)>> {
    let shown = path.display().to_string();
    if shown == "-" || path.is_dir() {
        return Ok(None);
    }
    let Ok(bytes) = std::fs::read(path) else {
        // Let the ordinary reader report the I/O problem in its words.
        return Ok(None);
    };
    if !is_pdf(&bytes) {
        return Ok(None);
    }
    if bytes.len() as u64 > crate::read::MAX_INPUT_BYTES {
        return Err(Error::input(path, "input is over the size limit"));
    }
    let document = read_pdf(&shown, &bytes)?;
    Ok(Some((document, bytes)))
}

/// Parses a PDF plan: sections, targets and metadata from the reading-order text, tables from
/// the geometry (from the text when the geometry finds none).
pub fn parse_pdf(name: &str, bytes: &[u8], document: &PdfDocument) -> Plan {
    let cleaned = crate::clean::clean(&document.text);
    let meta = crate::structure::metadata::extract(&cleaned);
    let (sections, mut diagnostics) = crate::structure::sections::extract(&cleaned);
    let tables = if document.tables.is_empty() {
        let (tables, table_diagnostics) = crate::structure::tables::extract(&cleaned);
        diagnostics.extend(table_diagnostics);
        tables
    } else {
        document.tables.clone()
    };
    let (targets, target_diagnostics) =
        crate::structure::targets::extract(&cleaned, &sections, &tables);
    diagnostics.extend(target_diagnostics);
    diagnostics.sort_by(|a, b| a.lines.cmp(&b.lines).then_with(|| a.rule.cmp(&b.rule)));
    Plan {
        schema: PLAN_SCHEMA.to_string(),
        source: Source {
            path: name.to_string(),
            sha256: crate::read::hex(&Sha256::digest(bytes)),
            bytes: bytes.len() as u64,
            format: "pdf".to_string(),
            encoding: "pdf".to_string(),
        },
        plan: meta,
        sections,
        tables,
        targets,
        diagnostics,
    }
}

/// Interprets the pages on a few threads (pdf-extract rebuilds every font on every page, which
/// dominates the time on long plans), then puts the pages back in order.
fn interpret_pages(
    document: &pdf_extract::Document,
) -> std::result::Result<Vec<glyphs::Page>, String> {
    let numbers: Vec<u32> = document.get_pages().keys().copied().collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
        .min(numbers.len().max(1));
    let chunk = numbers.len().div_ceil(threads).max(1);
    let outcomes: Vec<std::result::Result<Vec<glyphs::Page>, String>> =
        std::thread::scope(|scope| {
            let workers: Vec<_> = numbers
                .chunks(chunk)
                .map(|part| {
                    // Named "pdf…" so the CLI's panic hook keeps pdf-extract's panics quiet.
                    std::thread::Builder::new()
                        .name("pdf-page".into())
                        .spawn_scoped(scope, move || {
                            let mut collector = glyphs::Collector::default();
                            for &number in part {
                                pdf_extract::output_doc_page(document, &mut collector, number)
                                    .map_err(|e| {
                                        format!("malformed PDF (truncated or damaged): {e}")
                                    })?;
                            }
                            Ok(collector.pages)
                        })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| match w {
                    Ok(handle) => handle.join().unwrap_or_else(|_| {
                        Err("malformed PDF (the PDF reader crashed on it)".to_string())
                    }),
                    Err(e) => Err(format!("cannot start the PDF reader: {e}")),
                })
                .collect()
        });
    let mut pages = Vec::new();
    for outcome in outcomes {
        pages.extend(outcome?);
    }
    pages.sort_by_key(|p| p.number);
    Ok(pages)
}

/// Runs pdf-extract's interpreter over every page on a worker thread. pdf-extract panics on some
/// malformed files and can loop on others, so a panic becomes an input error naming the file
/// and a file that takes too long is abandoned with an error rather than hanging a batch.
fn collect_pages(name: &str, bytes: &[u8]) -> Result<Vec<glyphs::Page>> {
    let owned = bytes.to_vec();
    let (sender, receiver) = mpsc::channel();
    std::thread::Builder::new()
        .name("pdf-geometry".into())
        .spawn(move || {
            let outcome = std::panic::catch_unwind(move || {
                let mut document = pdf_extract::Document::load_mem(&owned)
                    .map_err(|e| format!("malformed PDF (truncated or damaged): {e}"))?;
                // An owner-password-only PDF opens with the empty user password, as viewers do.
                if document.is_encrypted() && document.decrypt("").is_err() {
                    return Err("PDF is encrypted; decrypt it first".to_string());
                }
                interpret_pages(&document)
            });
            let _ = sender.send(outcome);
        })
        .map_err(|e| Error::input(name, format!("cannot start PDF reader: {e}")))?;
    let outcome = receiver.recv_timeout(PDF_TIME_LIMIT).map_err(|_| {
        Error::input(
            name,
            format!(
                "PDF took longer than {}s to read; giving up",
                PDF_TIME_LIMIT.as_secs()
            ),
        )
    })?;
    match outcome {
        Ok(Ok(pages)) if pages.is_empty() => Err(Error::input(name, "malformed PDF: no readable pages")),
        Ok(Ok(pages)) => Ok(pages),
        Ok(Err(reason)) => Err(Error::input(name, reason)),
        Err(_) => Err(Error::input(
            name,
            "malformed PDF (the PDF reader crashed on it; the file is probably truncated or damaged)",
        )),
    }
}

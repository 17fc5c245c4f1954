//! plandoc — reads Vietnamese provincial plan documents ("Kế hoạch … /KH-UBND") and writes their
//! section tree, appendix task tables and numeric targets as normalized JSON; compares plans
//! across provinces and lints drafts.
//!
//! The pipeline, one module per stage:
//! **read** (bytes → text) → **clean** (noise, regions) → **structure** (sections, tables,
//! targets) → **model** (the contract's serde types) → **compare** / **check** → **render**.

pub mod check;
pub mod clean;
pub mod cli;
pub mod compare;
pub mod convert;
pub mod domain;
pub mod error;
pub mod eval;
pub mod model;
pub mod pdf;
pub mod read;
pub mod render;
pub mod structure;
#[cfg(test)]
mod test_support;

use std::path::Path;

pub use error::{Error, Result};
use model::{Plan, Source, PLAN_SCHEMA};

/// Reads and parses one plan file (or `-` for standard input).
pub fn parse_path(path: &Path, options: &read::ReadOptions) -> Result<Plan> {
    // Read once: standard input cannot be read again after a look at its first bytes.
    let bytes = read::read_source(path)?;
    parse_bytes(&path.display().to_string(), &bytes, options)
}

/// Parses a file's bytes as every command does; `name` becomes `source.path`. A PDF is read from
/// its page geometry (tables from column and row bands); other bytes are decoded as text.
pub fn parse_bytes(name: &str, bytes: &[u8], options: &read::ReadOptions) -> Result<Plan> {
    read::refuse_other_formats(name, bytes)?;
    if let Some(document) = pdf::read_if_pdf(name, bytes)? {
        return refuse_over_limit(name, pdf::parse_pdf(name, bytes, &document));
    }
    let input = read::read_bytes(name, bytes, options)?;
    refuse_over_limit(name, parse_input(&input))
}

/// A plan past one of the structure stage's limits (table rows, targets) is an error of its
/// file for the commands, not a plan: it was not read whole.
pub(crate) fn refuse_over_limit(name: &str, plan: Plan) -> Result<Plan> {
    match structure::over_limit_reason(&plan) {
        Some(reason) => Err(Error::input(name, reason)),
        None => Ok(plan),
    }
}

/// Parses text already decoded; `name` becomes `source.path`.
pub fn parse_text(name: &str, text: &str) -> Plan {
    let input = read::Input {
        path: name.to_string(),
        sha256: read::hex(&<sha2::Sha256 as sha2::Digest>::digest(text.as_bytes())),
        bytes: text.len() as u64,
        format: "text".to_string(),
        encoding: "utf-8".to_string(),
        text: text.to_string(),
        notes: Vec::new(),
    };
    parse_input(&input)
}

/// Empties the memos this thread's parsing keeps (bodies' keys and values, timeframe openings,
/// syllables), as a new thread finds them. A caller never needs it: the memos bound their own
/// size and never change an answer. The fuzz targets call it before each input, so that what
/// an input covers does not depend on the inputs run before it.
#[doc(hidden)]
pub fn forget_memos() {
    domain::agencies::forget_memos();
    domain::timeframe::forget_memos();
    read::forget_memos();
    structure::tables::forget_memos();
}

/// Runs clean and structure over decoded input. A document past one of the structure stage's
/// limits (`structure::MAX_TABLE_ROWS`, `MAX_TARGETS`) gives the parts read before it and an
/// `over-limit` error diagnostic; [`parse_bytes`] and [`parse_path`] refuse it instead.
pub fn parse_input(input: &read::Input) -> Plan {
    parse_input_keeping_document(input).0
}

/// As [`parse_input`], also returning the cleaned document the plan's line numbers point
/// into, for callers that show those lines (`check`) and would otherwise clean the text again:
/// on a 50 MB table that second copy was a tenth of the peak memory.
pub fn parse_input_keeping_document(input: &read::Input) -> (Plan, clean::Document) {
    let document = clean::clean(&input.text);
    let mut found = structure::structure(&document);
    found
        .diagnostics
        .splice(0..0, read_notes(&input.notes, document.lines.len()));
    let plan = Plan {
        schema: PLAN_SCHEMA.to_string(),
        source: Source {
            path: input.path.clone(),
            sha256: input.sha256.clone(),
            bytes: input.bytes,
            format: input.format.clone(),
            encoding: input.encoding.clone(),
        },
        plan: found.meta,
        sections: found.sections,
        tables: found.tables,
        targets: found.targets,
        diagnostics: found.diagnostics,
    };
    (plan, document)
}

/// What the read stage repaired or guessed becomes diagnostics, so a user sees that the text was
/// not taken as it stood: repaired mojibake or legacy font text and replaced bytes are
/// `encoding-damage`; other notes (an encoding detected without a byte-order mark, cut lines) are
/// `input-note`.
pub(crate) fn read_notes(notes: &[String], line_count: usize) -> Vec<model::Diagnostic> {
    let whole = [1, line_count.max(1)];
    notes
        .iter()
        .map(|note| {
            let damage = note.starts_with("encoding damage") || note.contains("U+FFFD");
            if damage {
                model::Diagnostic::new(
                    "encoding-damage",
                    model::Severity::Warning,
                    note.clone(),
                    whole,
                )
                .with_suggestion(
                    "check the repaired text with `plandoc text`, or re-export the source as UTF-8",
                )
            } else {
                model::Diagnostic::new("input-note", model::Severity::Info, note.clone(), whole)
            }
        })
        .collect()
}

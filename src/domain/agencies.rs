//! Bodies (agencies): splitting a lead/support cell into bodies, their canonical names and their
//! successors after the 2025 reorganization. The lexicon itself is `data/bodies.tsv`.
//!
//! NOTE: first cut — splits on ";" only and keeps names as printed. The lexicon-driven version
//! (comma splitting outside collective names, abbreviations, successors) replaces it; the public
//! functions below are the API other modules (check, compare) build on.

use crate::model::{Agencies, Agency};

/// Splits a lead/support cell into bodies and resolves each one.
pub fn from_cell(raw: &str) -> Agencies {
    let raw = crate::clean::collapse_whitespace(raw);
    let agencies = split(&raw).iter().map(|name| resolve(name)).collect();
    Agencies { raw, agencies }
}

/// The bodies a reader sees in a cell, as printed, trailing punctuation removed.
pub fn split(raw: &str) -> Vec<String> {
    raw.split(';')
        .map(|part| {
            part.trim()
                .trim_end_matches(['.', ',', ';'])
                .trim()
                .to_string()
        })
        .filter(|part| !part.is_empty())
        .collect()
}

/// One body as printed → its canonical name and 2025 successor.
pub fn resolve(name: &str) -> Agency {
    Agency {
        name: name.to_string(),
        canonical: name.to_string(),
        successor: None,
    }
}

/// Whether a name (as printed) is a body the lexicon knows, under any alias or spelling.
pub fn is_known(_name: &str) -> bool {
    false
}

/// The known body closest to an unknown name, with a similarity in [0, 1].
pub fn closest_known(_name: &str) -> Option<(String, f64)> {
    None
}

//! Bodies (agencies): splitting a lead/support cell into bodies, their canonical names and their
//! successors after the 2025 reorganization. The lexicon itself is `data/bodies.tsv`.
//!
//! NOTE: first cut — splits on ";" only and keeps names as printed. The lexicon-driven version
//! (comma splitting outside collective names, abbreviations, successors) replaces it.

use crate::model::{Agencies, Agency};

/// Splits a lead/support cell into bodies and resolves each one.
pub fn from_cell(raw: &str) -> Agencies {
    let raw = crate::clean::collapse_whitespace(raw);
    let agencies = split(&raw)
        .into_iter()
        .map(|name| Agency {
            canonical: name.clone(),
            successor: None,
            name,
        })
        .collect();
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

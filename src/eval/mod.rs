//! Scoring against hand-checked reference readings (`fixtures/gold/`): the figures in the README
//! come from here (`cargo run --release --example score`), and the tests keep them as floors.

pub mod alignment;
pub mod check;
pub mod pdf;
pub mod sections;
pub mod tables;
pub mod targets;

use std::path::{Path, PathBuf};

/// The seeds and the stem of their reference readings.
pub const SEED_STEMS: &[&str] = &[
    "kon-tum-142",
    "son-la-142",
    "gia-lai-142",
    "kon-tum-nq03",
    "dak-lak-142",
];

/// Path of a seed and of one of its reference files, relative to the crate root.
pub fn seed_path(root: &Path, stem: &str) -> PathBuf {
    root.join("seeds").join(format!("{stem}.txt"))
}

pub fn gold_path(root: &Path, stem: &str, kind: &str) -> PathBuf {
    root.join("fixtures")
        .join("gold")
        .join(format!("{stem}.{kind}.json"))
}

/// Reads a reference file, or None when that seed has none.
pub fn load_gold(root: &Path, stem: &str, kind: &str) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(gold_path(root, stem, kind)).ok()?;
    serde_json::from_str(&text).ok()
}

/// Precision, recall and F1 from counts.
pub fn f1(matched: usize, predicted: usize, expected: usize) -> (f64, f64, f64) {
    let precision = if predicted == 0 {
        0.0
    } else {
        matched as f64 / predicted as f64
    };
    let recall = if expected == 0 {
        1.0
    } else {
        matched as f64 / expected as f64
    };
    let f = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    (precision, recall, f)
}

/// NFC + collapsed white space: the equality the reference readings are scored with.
pub fn norm(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    crate::clean::collapse_whitespace(&text.nfc().collect::<String>())
}

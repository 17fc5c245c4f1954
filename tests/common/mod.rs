//! Helpers shared by the `plandoc convert` test files (each test file is its own crate, so each
//! uses only some of them).
#![allow(dead_code)]

pub mod hostile;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

pub fn plandoc() -> Command {
    Command::cargo_bin("plandoc").unwrap()
}

/// A seed plan's bytes (tests run from the repository root).
pub fn seed(name: &str) -> Vec<u8> {
    fs::read(Path::new("seeds").join(name)).unwrap()
}

/// Exit status of `plandoc convert in --out-dir OUT --quiet EXTRA…`, run in `root`.
pub fn convert_in(root: &Path, out: &str, extra: &[&str]) -> i32 {
    plandoc()
        .current_dir(root)
        .args(["convert", "in", "--out-dir", out, "--quiet"])
        .args(extra)
        .output()
        .unwrap()
        .status
        .code()
        .unwrap()
}

/// The `manifest.json` of an output folder.
pub fn manifest(out: &Path) -> Value {
    serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap()
}

/// Every file below `root` (relative path, lossy → bytes), temporary files included so that a
/// leftover would show up.
pub fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(root).unwrap();
            (
                relative.to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// (input path, status, output) of each manifest entry.
pub fn rows(manifest: &Value) -> Vec<(String, String, String)> {
    manifest["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_string(),
                e["status"].as_str().unwrap().to_string(),
                e["output"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

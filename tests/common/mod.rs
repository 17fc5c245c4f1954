//! Helpers shared by the test files (each test file is its own crate, so each uses only some
//! of them).
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

/// One file of a zip archive (an XLSX workbook), found through the central directory.
pub fn zip_entry(archive: &[u8], wanted: &str) -> Option<String> {
    use std::io::Read;
    let u16_at = |at: usize| u16::from_le_bytes([archive[at], archive[at + 1]]) as usize;
    let u32_at = |at: usize| u32::from_le_bytes(archive[at..at + 4].try_into().unwrap()) as usize;
    let end = (0..archive.len().saturating_sub(21))
        .rev()
        .find(|&at| archive[at..].starts_with(&[0x50, 0x4b, 0x05, 0x06]))?;
    let mut at = u32_at(end + 16);
    for _ in 0..u16_at(end + 10) {
        let method = u16_at(at + 10);
        let size = u32_at(at + 20);
        let name_length = u16_at(at + 28);
        let skip = name_length + u16_at(at + 30) + u16_at(at + 32);
        let name = String::from_utf8_lossy(&archive[at + 46..at + 46 + name_length]);
        if name == wanted {
            let local = u32_at(at + 42);
            let start = local + 30 + u16_at(local + 26) + u16_at(local + 28);
            let data = &archive[start..start + size];
            let mut text = String::new();
            match method {
                0 => text = String::from_utf8(data.to_vec()).ok()?,
                8 => {
                    flate2::read::DeflateDecoder::new(data)
                        .read_to_string(&mut text)
                        .ok()?;
                }
                _ => return None,
            }
            return Some(text);
        }
        at += 46 + skip;
    }
    None
}

/// `text` as UTF-16 with its byte-order mark (Notepad's "Unicode"), little- or big-endian.
pub fn utf16_with_bom(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        let pair = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        bytes.extend_from_slice(&pair);
    }
    bytes
}

/// `plandoc convert ARGS` run in `root`.
pub fn run_convert(root: &Path, args: &[&str]) -> std::process::Output {
    plandoc()
        .current_dir(root)
        .arg("convert")
        .args(args)
        .output()
        .unwrap()
}

pub fn exit_code(output: &std::process::Output) -> i32 {
    output.status.code().unwrap()
}

pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

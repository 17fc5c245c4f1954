//! Rules about the source that no compiler checks.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Regular expressions write digits as `[0-9]`: `\d` is Unicode's 680 decimal digits, and each
/// copy of it compiles into a large automaton (a third of a one-file run's instructions went to
/// compiling patterns before they were rewritten; `docs/performance.md`, seventh pass). The
/// rest of plandoc reads numbers as ASCII digits anyway.
#[test]
fn patterns_write_digits_as_ascii() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    files.sort();
    assert!(files.len() > 20, "found {} source files", files.len());
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("source is UTF-8");
        for (number, line) in text.lines().enumerate() {
            if line.contains(r"\d") {
                found.push(format!(
                    "{}:{}: {}",
                    file.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "write [0-9] instead of \\d:\n{}",
        found.join("\n")
    );
}

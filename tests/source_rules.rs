//! Rules about the source that no compiler checks.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// What is wrong with the digit classes of one line of code, if anything: `\d`, `\D` or
/// `\p{Nd}` outside a negated class.
fn digit_class_problem(line: &str) -> Option<&'static str> {
    if line.contains(r"\d") || line.contains(r"\D") {
        return Some(r"write [0-9] (0-9 inside a class) instead of \d, [^0-9] instead of \D");
    }
    for (at, _) in line.match_indices(r"\p{Nd}") {
        // The class it stands in: from the last '[' before it, with no ']' in between.
        let before = &line[..at];
        let negated = before
            .rfind('[')
            .is_some_and(|open| before[open..].starts_with("[^") && !before[open..].contains(']'));
        if !negated {
            return Some(r"\p{Nd} belongs only in a negated class ([^\p{Nd}…]); match [0-9]");
        }
    }
    None
}

/// Regular expressions match digits as `[0-9]`: `\d` is Unicode's 760 decimal digits (71
/// ranges), and each copy of it compiles into a large automaton and literal prefilter — 28 M of
/// a one-file run's 158 M instructions before the patterns were rewritten (docs/performance.md,
/// seventh pass). The rest of plandoc reads numbers in ASCII digits anyway. `[^\p{Nd}…]` is
/// kept where a digit of any script beside a number means the number is longer (one copy, so
/// cheap). Comments may name the classes.
#[test]
fn patterns_match_ascii_digits() {
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
            if line.trim_start().starts_with("//") {
                continue;
            }
            if let Some(problem) = digit_class_problem(line) {
                found.push(format!(
                    "{}:{}: {problem}: {}",
                    file.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn digit_class_rule_reads_classes() {
    assert!(digit_class_problem(r#"Regex::new(r"^\d{1,3}$")"#).is_some());
    assert!(digit_class_problem(r#"Regex::new(r"[^\D]")"#).is_some());
    assert!(digit_class_problem(r#"Regex::new(r"\p{Nd}+")"#).is_some());
    assert!(digit_class_problem(r#"Regex::new(r"[\p{Nd}/]")"#).is_some());
    assert!(digit_class_problem(r#"Regex::new(r"[^x][\p{Nd}]")"#).is_some());
    assert!(digit_class_problem(r#"Regex::new(r"(?:^|[^\p{Nd}/])([0-9]{1,2})")"#).is_none());
    assert!(digit_class_problem(r#"Regex::new(r"^[0-9]{1,3}$")"#).is_none());
}

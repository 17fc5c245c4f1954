//! What every hostile-input test asks of a command's answer: no panic, and either a result or a
//! refusal (exit 2, nothing on stdout, a message naming the file).

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;

/// A guard against hangs, not a timing assertion: far above what any input here needs.
pub const HANG_GUARD: Duration = Duration::from_secs(600);

/// The binary, killed if it runs past [`HANG_GUARD`].
pub fn plandoc() -> Command {
    let mut command = Command::cargo_bin("plandoc").unwrap();
    command.timeout(HANG_GUARD);
    command
}

/// Number of lines in the text plandoc reads from `path`, as the clean stage counts them.
pub fn line_count(path: &Path) -> usize {
    let input = plandoc::read::read_path(path, &Default::default()).unwrap();
    plandoc::clean::clean(&input.text).lines.len()
}

/// No panic message, no overflow report: whatever the status, the process ended on its own terms.
pub fn assert_no_panic(path: &Path, stderr: &str) {
    assert!(
        !stderr.contains("panicked") && !stderr.contains("overflow"),
        "{}: {stderr}",
        path.display()
    );
}

/// A refusal: exit 2, nothing on stdout, and a message naming the file.
pub fn assert_refused(path: &Path, output: &Output) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}: {stderr}",
        path.display()
    );
    assert!(output.stdout.is_empty(), "{}: wrote output", path.display());
    assert!(
        stderr.contains(&path.display().to_string()),
        "message does not name the file: {stderr}"
    );
}

/// A result: exit 0 and JSON of `schema` on stdout.
pub fn json_answer(path: &Path, output: &Output, schema: &str) -> serde_json::Value {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}: {stderr}",
        path.display()
    );
    let value: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()));
    assert_eq!(value["schema"], schema);
    value
}

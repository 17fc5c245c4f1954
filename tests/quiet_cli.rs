//! `--quiet`, which every command takes: notes are left out of standard error, the output is
//! the same, and warnings and errors are still shown.

use std::path::Path;

use assert_cmd::Command;

fn plandoc() -> Command {
    Command::cargo_bin("plandoc").unwrap()
}

fn seed(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn quiet_leaves_out_notes_and_nothing_else() {
    let a = seed("kon-tum-142.txt");
    let b = seed("son-la-142.txt");
    let loud = plandoc()
        .args(["diff", "--format", "csv", &a, &b])
        .output()
        .unwrap();
    assert_eq!(loud.status.code(), Some(0));
    let said = String::from_utf8_lossy(&loud.stderr);
    assert!(
        said.contains("plandoc: note: one CSV holds one view"),
        "{said}"
    );
    // After the subcommand or before it: the same.
    for args in [
        vec!["diff", "--format", "csv", "--quiet", &a, &b],
        vec!["-q", "diff", "--format", "csv", &a, &b],
    ] {
        let quiet = plandoc().args(&args).output().unwrap();
        assert_eq!(quiet.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&quiet.stderr), "", "{args:?}");
        assert_eq!(quiet.stdout, loud.stdout, "{args:?}: the same CSV");
    }
    let parse = plandoc()
        .args(["parse", "--format", "csv", "-q", &a])
        .output()
        .unwrap();
    assert_eq!(parse.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&parse.stderr), "");
    assert!(!parse.stdout.is_empty());
}

#[test]
fn quiet_still_shows_warnings_and_errors() {
    // A text with targets but no part and no table: diff compares it with a warning.
    let dir = tempfile::tempdir().unwrap();
    let targets_only = dir.path().join("targets.txt");
    std::fs::write(
        &targets_only,
        "Đến năm 2030, 100% hồ sơ công việc tại cấp tỉnh được xử lý trên môi trường mạng.\n",
    )
    .unwrap();
    let output = plandoc()
        .args(["diff", "-q", "--only", "targets", "--format", "json"])
        .arg(seed("kon-tum-142.txt"))
        .arg(&targets_only)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("plandoc: warning:"), "{said}");
    assert!(said.contains("targets.txt"), "{said}");
    let missing = dir.path().join("missing.txt");
    let output = plandoc()
        .args(["parse", "-q"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("plandoc: error:") && said.contains("missing.txt"),
        "{said}"
    );
}

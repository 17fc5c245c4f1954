//! Output paths: nothing plandoc writes may replace an input or land outside `--out-dir`.

use std::path::Path;

use plandoc::read::{ensure_not_an_input, output_path_under};

#[test]
fn output_naming_an_input_is_refused_by_identity() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("plan.txt");
    std::fs::write(&input, "Kế hoạch").unwrap();
    let error = ensure_not_an_input(&input, &[&input]).unwrap_err();
    assert!(error.to_string().contains("plan.txt"), "{error}");
    assert!(error.to_string().contains("overwrite"), "{error}");
    // The same file by another spelling.
    let dotted = dir.path().join(".").join("plan.txt");
    assert!(ensure_not_an_input(&dotted, &[&input]).is_err());
    #[cfg(unix)]
    {
        let link = dir.path().join("link.txt");
        std::fs::hard_link(&input, &link).unwrap();
        assert!(ensure_not_an_input(&link, &[&input]).is_err());
    }
    // A new file, another existing file and standard input are fine.
    assert!(ensure_not_an_input(&dir.path().join("plan.json"), &[&input]).is_ok());
    let other = dir.path().join("other.json");
    std::fs::write(&other, "{}").unwrap();
    assert!(ensure_not_an_input(&other, &[&input, Path::new("-")]).is_ok());
}

#[test]
fn output_paths_stay_under_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    assert_eq!(
        output_path_under(&out, Path::new("sub/./plan.txt"), "json").unwrap(),
        out.join("sub/plan.json")
    );
    for hostile in ["../plan.txt", "sub/../../plan.txt", "/etc/passwd", "..", ""] {
        let error = output_path_under(&out, Path::new(hostile), "json");
        assert!(error.is_err(), "{hostile} was accepted");
    }
    #[cfg(unix)]
    {
        let outside = dir.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, out.join("escape")).unwrap();
        let error = output_path_under(&out, Path::new("escape/plan.txt"), "json").unwrap_err();
        assert!(error.to_string().contains("outside"), "{error}");
    }
}

/// A file name holding line breaks ("d⏎::error file=README.md::…⏎.txt", which a pull request
/// can add) never starts a line of its own in what plandoc prints: not in `check`'s human
/// report (a CI log, where a line starting "::" is a command to the runner), not in `diff`'s
/// Markdown (where it would start a heading), not on standard error. The name is shown with
/// "␊" for each line break.
#[cfg(unix)]
#[test]
fn a_line_break_in_a_file_name_never_starts_a_line() {
    use assert_cmd::Command;
    let dir = tempfile::tempdir().unwrap();
    let drafts = dir.path().join("drafts");
    std::fs::create_dir(&drafts).unwrap();
    let name = "d\n::error file=README.md,line=1::forged\n## Injected heading\n.txt";
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/son-la-142.txt");
    std::fs::copy(&seed, drafts.join(name)).unwrap();
    std::fs::write(drafts.join("broken\n::warning::x.txt"), b"").unwrap();
    let forged = |text: &str| {
        text.lines()
            .filter(|line| {
                line.starts_with("::")
                    || line.starts_with("## Injected")
                    || line.starts_with(".txt")
            })
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let run = |args: &[&str]| {
        let output = Command::cargo_bin("plandoc")
            .unwrap()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&output.stdout).into_owned();
        let err = String::from_utf8_lossy(&output.stderr).into_owned();
        (out, err)
    };
    let (out, err) = run(&["check", "drafts", "--no-config", "--color", "never"]);
    assert!(out.contains("d␊::error file=README.md"), "{out}");
    assert_eq!(forged(&out), Vec::<String>::new());
    assert_eq!(forged(&err), Vec::<String>::new(), "{err}");

    let input = format!("drafts/{name}");
    // An unreadable input is named in the error, on one line; nothing is written.
    let (out, err) = run(&["diff", &input, "drafts/../drafts/broken\n::warning::x.txt"]);
    assert_eq!(forged(&err), Vec::<String>::new(), "{err}");
    assert!(out.is_empty());
    for format in ["markdown", "table"] {
        let (out, _) = run(&["diff", &input, seed.to_str().unwrap(), "-f", format]);
        assert_eq!(forged(&out), Vec::<String>::new(), "{format}: {out}");
    }

    // Notes and warnings name files too: two readings of one file, a plan without a task
    // table, a baseline with no target.
    std::fs::write(
        dir.path().join("twin\n::error::twin.txt"),
        std::fs::read(&seed).unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("no-target\n::error::b.txt"),
        "KẾ HOẠCH\nI. MỤC ĐÍCH\n1. Nội dung.\nII. NHIỆM VỤ\n1. Triển khai.\n",
    )
    .unwrap();
    let (_, err) = run(&[
        "diff",
        &input,
        "twin\n::error::twin.txt",
        "no-target\n::error::b.txt",
    ]);
    assert!(err.contains("twin␊::error::twin.txt"), "{err}");
    assert_eq!(forged(&err), Vec::<String>::new(), "{err}");
    let (_, err) = run(&[
        "check",
        &input,
        "--no-config",
        "--baseline",
        "no-target\n::error::b.txt",
    ]);
    assert!(err.contains("no-target␊::error::b.txt"), "{err}");
    assert_eq!(forged(&err), Vec::<String>::new(), "{err}");

    let (_, err) = run(&["convert", "drafts", "-o", "out"]);
    assert!(err.contains("broken␊::warning::x.txt"), "{err}");
    assert_eq!(forged(&err), Vec::<String>::new(), "{err}");
}

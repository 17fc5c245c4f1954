//! `plandoc convert` on folders: outputs mirror the input tree, bad files are reported and do not
//! stop the batch, arguments that could destroy inputs are refused.

use std::fs;
use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

mod common;
use common::*;

fn entry<'a>(manifest: &'a Value, path: &str) -> &'a Value {
    manifest["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == path)
        .unwrap_or_else(|| panic!("{path} not in manifest: {manifest:#}"))
}

/// corpus/{a.txt, nested/deep/b.md, broken.txt (binary), empty.txt, notes.log}
fn corpus(root: &Path) {
    fs::create_dir_all(root.join("corpus/nested/deep")).unwrap();
    fs::write(root.join("corpus/a.txt"), seed("dak-lak-142.txt")).unwrap();
    fs::write(
        root.join("corpus/nested/deep/b.md"),
        seed("gia-lai-142.txt"),
    )
    .unwrap();
    let mut binary = b"\x7fELF\x02\x01\x01\0".to_vec();
    binary.extend((0u8..=255).cycle().take(4000));
    fs::write(root.join("corpus/broken.txt"), binary).unwrap();
    fs::write(root.join("corpus/empty.txt"), b"  \n").unwrap();
    fs::write(root.join("corpus/notes.log"), b"not,a,plan\n").unwrap();
}

#[test]
fn folder_with_broken_files_converts_the_rest_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    plandoc()
        .current_dir(dir.path())
        .args(["convert", "corpus", "--out-dir", "out"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("corpus/broken.txt: looks like a binary file")
                .and(predicate::str::contains("corpus/empty.txt: file is empty")),
        );
    let out = dir.path().join("out");
    // The tree is mirrored below the input folder given on the command line.
    let a: Value = serde_json::from_slice(&fs::read(out.join("a.json")).unwrap()).unwrap();
    assert_eq!(a["schema"], "plandoc/plan@1");
    assert_eq!(a["source"]["path"], "corpus/a.txt");
    assert_eq!(a["plan"]["province"], "Đắk Lắk");
    let b: Value =
        serde_json::from_slice(&fs::read(out.join("nested/deep/b.json")).unwrap()).unwrap();
    assert_eq!(b["source"]["path"], "corpus/nested/deep/b.md");
    assert!(!out.join("broken.json").exists());
    assert!(
        !out.join("notes.json").exists(),
        "log is not a plan extension"
    );

    let m = manifest(&out);
    assert_eq!(m["schema"], "plandoc/convert-manifest@1");
    assert_eq!(m["version"], env!("CARGO_PKG_VERSION"));
    let paths: Vec<&str> = m["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "corpus/a.txt",
            "corpus/broken.txt",
            "corpus/empty.txt",
            "corpus/nested/deep/b.md"
        ]
    );
    let broken = entry(&m, "corpus/broken.txt");
    assert_eq!(broken["status"], "failed");
    assert!(broken["error"].as_str().unwrap().contains("binary"));
    assert_eq!(broken["sha256"].as_str().unwrap().len(), 64);
    let good = entry(&m, "corpus/a.txt");
    assert_eq!(good["status"], "converted");
    assert_eq!(good["output"], "a.json");
    assert_eq!(good["sha256"], a["source"]["sha256"]);
    assert_eq!(
        good["counts"]["sections"],
        a["sections"].as_array().unwrap().len()
    );
    assert_eq!(
        good["counts"]["targets"],
        a["targets"].as_array().unwrap().len()
    );
    assert_eq!(m["totals"]["files"], 4);
    assert_eq!(m["totals"]["failed"], 2);
    assert_eq!(m["totals"]["converted"], 2);
}

#[test]
fn all_good_inputs_exit_0_with_a_summary_and_no_progress_bar_off_terminal() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("in")).unwrap();
    fs::write(dir.path().join("in/x.txt"), seed("son-la-142.txt")).unwrap();
    let output = plandoc()
        .current_dir(dir.path())
        .args(["convert", "in", "--out-dir", "out"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    for column in [
        "files",
        "failed",
        "tables",
        "task rows",
        "targets",
        "warnings",
        "elapsed",
        "MB/s",
    ] {
        assert!(stderr.contains(column), "summary lacks {column}: {stderr}");
    }
    assert!(
        !stderr.contains("ETA"),
        "progress bar drawn off a terminal: {stderr}"
    );
    assert!(!stderr.contains('\r'));
}

/// A PDF in a batch is read as `plandoc parse` reads it (tables from the page geometry), so the
/// plan file holds the bytes `parse` prints for it (read from its flowed text, this plan had no
/// table at all).
#[test]
fn a_pdf_converts_to_what_parse_prints() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("in")).unwrap();
    let pdf = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pdf/kon-tum-142.pdf");
    fs::copy(&pdf, dir.path().join("in/kon-tum.pdf")).unwrap();
    assert_eq!(convert_in(dir.path(), "out", &[]), 0);
    let converted = fs::read(dir.path().join("out/kon-tum.json")).unwrap();
    let parsed = plandoc()
        .current_dir(dir.path())
        .args(["parse", "in/kon-tum.pdf"])
        .output()
        .unwrap();
    assert_eq!(parsed.status.code(), Some(0));
    let plan: Value = serde_json::from_slice(&converted).unwrap();
    assert!(
        plan["tables"][0]["rows"]
            .as_array()
            .is_some_and(|rows| !rows.is_empty()),
        "the appendix table was not read from the page geometry"
    );
    assert_eq!(
        String::from_utf8(converted).unwrap().trim_end(),
        String::from_utf8(parsed.stdout).unwrap().trim_end()
    );
}

#[test]
fn quiet_prints_nothing_but_failures() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let output = plandoc()
        .current_dir(dir.path())
        .args(["convert", "corpus", "--out-dir", "out", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[0].contains("corpus/broken.txt"));
    assert!(lines[1].contains("corpus/empty.txt"));
}

#[test]
fn explicit_files_and_the_glob_filter() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    fs::write(dir.path().join("single.txt"), seed("dak-lak-142.txt")).unwrap();
    plandoc()
        .current_dir(dir.path())
        .args([
            "convert",
            "corpus",
            "single.txt",
            "--glob",
            "**/*.md",
            "-o",
            "out",
        ])
        .assert()
        .code(0);
    let m = manifest(&dir.path().join("out"));
    let paths: Vec<&str> = m["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    // The glob filters folder contents; a file named on the command line is always taken.
    assert_eq!(paths, ["corpus/nested/deep/b.md", "single.txt"]);
    assert!(dir.path().join("out/single.json").is_file());
    assert!(dir.path().join("out/nested/deep/b.json").is_file());
}

/// A path on the command line that does not exist is a mistyped argument (exit 2, nothing
/// written), and a run that finds no plan (an empty folder, a glob that matches nothing) writes
/// nothing either: in both formats the earlier outputs and manifest stay as they were.
#[test]
fn a_run_that_finds_no_plan_leaves_the_earlier_outputs_alone() {
    for format in ["json", "jsonl"] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        corpus(root);
        fs::create_dir_all(root.join("empty")).unwrap();
        let run = |args: &[&str]| {
            plandoc()
                .current_dir(root)
                .arg("convert")
                .args(args)
                .args(["-o", "out", "-q", "--format", format])
                .output()
                .unwrap()
        };
        assert_eq!(run(&["corpus"]).status.code(), Some(1));
        let before = tree(&root.join("out"));
        assert!(before.len() >= 2, "{format}: {:?}", before.keys());

        let empty = run(&["empty"]);
        assert_eq!(empty.status.code(), Some(0), "{format}: {empty:?}");
        let stderr = String::from_utf8_lossy(&empty.stderr);
        assert!(stderr.contains("nothing written"), "{format}: {stderr}");
        assert_eq!(tree(&root.join("out")), before, "{format}: empty folder");

        let unmatched = run(&["corpus", "--glob", "*.doc"]);
        assert_eq!(unmatched.status.code(), Some(0), "{format}: {unmatched:?}");
        assert_eq!(tree(&root.join("out")), before, "{format}: unmatched glob");

        for args in [&["corpsu"][..], &["corpus", "no/such.txt"][..]] {
            let mistyped = run(args);
            assert_eq!(mistyped.status.code(), Some(2), "{format}: {mistyped:?}");
            let stderr = String::from_utf8_lossy(&mistyped.stderr);
            let named = args.last().unwrap();
            assert!(
                stderr.contains(&format!("{named}: no such file or folder")),
                "{format}: {stderr}"
            );
            assert_eq!(tree(&root.join("out")), before, "{format}: {args:?}");
        }
    }
}

#[test]
fn inputs_sharing_an_output_name_keep_their_extensions() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("in")).unwrap();
    fs::write(dir.path().join("in/plan.txt"), seed("son-la-142.txt")).unwrap();
    fs::write(dir.path().join("in/plan.md"), seed("gia-lai-142.txt")).unwrap();
    plandoc()
        .current_dir(dir.path())
        .args(["convert", "in", "-o", "out", "-q"])
        .assert()
        .code(0);
    let out = dir.path().join("out");
    assert!(out.join("plan.md.json").is_file());
    assert!(out.join("plan.txt.json").is_file());
    assert!(!out.join("plan.json").exists());
}

#[test]
fn an_output_that_cannot_be_written_fails_that_input_only() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("in")).unwrap();
    fs::write(dir.path().join("in/a.txt"), seed("son-la-142.txt")).unwrap();
    fs::write(dir.path().join("in/b.txt"), seed("gia-lai-142.txt")).unwrap();
    fs::write(dir.path().join("in/c.txt"), seed("kon-tum-142.txt")).unwrap();
    // A folder where b's output would go: the file cannot replace it.
    fs::create_dir_all(dir.path().join("out/b.json")).unwrap();
    fs::write(dir.path().join("out/b.json/keep"), b"mine").unwrap();
    plandoc()
        .current_dir(dir.path())
        .args(["convert", "in", "-o", "out", "--jobs", "2", "-q"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("in/b.txt:").and(predicate::str::contains("b.json")));
    let out = dir.path().join("out");
    assert!(out.join("a.json").is_file());
    assert!(out.join("c.json").is_file());
    assert_eq!(fs::read(out.join("b.json/keep")).unwrap(), b"mine");
    let m = manifest(&out);
    let b = entry(&m, "in/b.txt");
    assert_eq!(b["status"], "failed", "{m:#}");
    assert!(b.get("output").is_none(), "{b:#}");
    assert!(b["counts"].is_null(), "{b:#}");
    assert_eq!(b["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(
        b["error"],
        "cannot write b.json in the output folder: a folder of that name is there"
    );
    assert_eq!(entry(&m, "in/a.txt")["status"], "converted");
    assert_eq!(entry(&m, "in/c.txt")["status"], "converted");
    assert_eq!(m["totals"]["failed"], 1);
    assert_eq!(m["totals"]["converted"], 2);
    // No temporary file is left behind.
    let leftovers: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn out_dir_inside_the_input_folder_is_not_read_back() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("in")).unwrap();
    fs::write(dir.path().join("in/plan.txt"), seed("son-la-142.txt")).unwrap();
    for _ in 0..2 {
        plandoc()
            .current_dir(dir.path())
            .args([
                "convert", "in", "-o", "in/json", "--glob", "*", "-q", "--force",
            ])
            .assert()
            .code(0)
            .stderr("");
    }
    let m = manifest(&dir.path().join("in/json"));
    assert_eq!(m["totals"]["files"], 1, "{m:#}");
}

/// An output folder inside an input folder is never read as input: plan files already in it are
/// not converted, and the warning names the folder and how many they are (its own outputs and
/// manifest are not counted).
#[test]
fn plan_files_in_an_out_dir_inside_the_input_folder_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("in/old/deeper")).unwrap();
    fs::write(dir.path().join("in/a.txt"), seed("son-la-142.txt")).unwrap();
    fs::write(dir.path().join("in/old/b.txt"), seed("gia-lai-142.txt")).unwrap();
    fs::write(
        dir.path().join("in/old/deeper/c.md"),
        seed("kon-tum-142.txt"),
    )
    .unwrap();
    fs::write(dir.path().join("in/old/.d.txt"), seed("kon-tum-142.txt")).unwrap();
    fs::write(dir.path().join("in/old/notes.log"), b"x,y\n").unwrap();
    for _ in 0..2 {
        plandoc()
            .current_dir(dir.path())
            .args(["convert", "in", "-o", "in/old", "-q"])
            .assert()
            .code(0)
            .stderr(
                "plandoc: warning: in/old: 2 plan files not converted: this is the output \
                 folder (--out-dir), which is never read as input; choose an --out-dir outside \
                 the input folders to convert them\n",
            );
        let m = manifest(&dir.path().join("in/old"));
        assert_eq!(m["totals"]["files"], 1, "{m:#}");
    }
}

/// `plans.jsonl` is as readable as the plan files and the manifest (not private to its owner).
#[cfg(unix)]
#[test]
fn plans_jsonl_has_the_mode_of_the_other_outputs() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("plan.txt"), seed("son-la-142.txt")).unwrap();
    let mode = |name: &str| {
        fs::metadata(dir.path().join("out").join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    for format in ["json", "jsonl"] {
        plandoc()
            .current_dir(dir.path())
            .args(["convert", "plan.txt", "-o", "out", "-q", "--format", format])
            .assert()
            .code(0);
    }
    assert_eq!(mode("manifest.json"), 0o644);
    assert_eq!(mode("plans.jsonl"), 0o644);

    // A new file follows the umask, as `cp` or a redirection would: private under 077.
    let private = dir.path().join("private");
    let output = std::process::Command::new("sh")
        .current_dir(dir.path())
        .arg("-c")
        .arg(format!(
            "umask 077 && '{}' convert plan.txt -o private -q && '{}' parse plan.txt -o private/p.json",
            assert_cmd::cargo::cargo_bin("plandoc").display(),
            assert_cmd::cargo::cargo_bin("plandoc").display()
        ))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for name in ["manifest.json", "plan.json", "p.json"] {
        let mode = fs::metadata(private.join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "{name}");
    }
}

#[test]
fn an_out_dir_that_would_replace_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("in")).unwrap();
    fs::write(dir.path().join("in/plan.txt"), seed("son-la-142.txt")).unwrap();
    // A plan saved with a .json name, converted into its own folder, would be its own output;
    // one named manifest.json would be replaced by the manifest.
    fs::write(dir.path().join("in/other.json"), seed("dak-lak-142.txt")).unwrap();
    fs::write(dir.path().join("in/manifest.json"), seed("dak-lak-142.txt")).unwrap();
    for input in ["in/other.json", "in/manifest.json"] {
        let before = fs::read(dir.path().join(input)).unwrap();
        plandoc()
            .current_dir(dir.path())
            .args(["convert", input, "in/plan.txt", "-o", "in"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("one of the inputs"));
        assert_eq!(fs::read(dir.path().join(input)).unwrap(), before);
    }
    assert!(!dir.path().join("in/plan.json").exists());
}

#[test]
fn bad_arguments_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("file"), b"x").unwrap();
    fs::write(dir.path().join("plan.txt"), seed("son-la-142.txt")).unwrap();
    let cases: &[&[&str]] = &[
        &["convert", "plan.txt"],
        &["convert", "--out-dir", "out"],
        &["convert", "plan.txt", "--out-dir", "file"],
        &["convert", "plan.txt", "--out-dir", "out", "--jobs", "0"],
        &["convert", "plan.txt", "--out-dir", "out", "--glob", "[abc"],
        &["convert", "-", "--out-dir", "out"],
        &["convert", "plan.txt", "--out-dir", "out", "--format", "xml"],
    ];
    for args in cases {
        plandoc()
            .current_dir(dir.path())
            .args(*args)
            .assert()
            .code(2);
    }
    assert!(!dir.path().join("out/manifest.json").exists());
}

/// Runs convert with standard error a pipe whose reading end is closed before anything is
/// written to it (`plandoc convert … 2>&1 | head -1`): every message fails with EPIPE.
fn convert_with_stderr_closed(root: &Path, args: &[&str]) -> Option<i32> {
    use std::process::Stdio;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("plandoc"))
        .current_dir(root)
        .arg("convert")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    child.wait().unwrap().code()
}

#[test]
fn a_closed_standard_error_does_not_stop_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    // Failures named as they are met, then the summary.
    let code = convert_with_stderr_closed(dir.path(), &["corpus", "-o", "out", "-j", "1"]);
    assert_eq!(code, Some(1));
    let m = manifest(&dir.path().join("out"));
    assert_eq!(m["totals"]["files"], 4);
    assert!(dir.path().join("out/a.json").is_file());
    // Nothing failed: only the summary is written.
    let code = convert_with_stderr_closed(dir.path(), &["corpus/a.txt", "-o", "good"]);
    assert_eq!(code, Some(0));
    assert!(dir.path().join("good/manifest.json").is_file());
    // A bad argument keeps its exit status.
    let code = convert_with_stderr_closed(dir.path(), &["corpus", "-o", "x", "--glob", "[a"]);
    assert_eq!(code, Some(2));
}

#[cfg(unix)]
#[test]
fn a_broken_symbolic_link_in_a_folder_is_a_failed_input() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("in")).unwrap();
    fs::write(dir.path().join("in/good.txt"), seed("son-la-142.txt")).unwrap();
    std::os::unix::fs::symlink("nowhere.txt", dir.path().join("in/dangling.txt")).unwrap();
    // Not a plan's name: not looked at, as a file of that name would not be.
    std::os::unix::fs::symlink("nowhere.log", dir.path().join("in/notes.log")).unwrap();
    plandoc()
        .current_dir(dir.path())
        .args(["convert", "in", "-o", "out", "-q"])
        .assert()
        .code(1)
        .stderr("plandoc: error: in/dangling.txt: broken symbolic link\n");
    let m = manifest(&dir.path().join("out"));
    assert_eq!(m["totals"]["files"], 2, "{m:#}");
    let dangling = entry(&m, "in/dangling.txt");
    assert_eq!(dangling["status"], "failed");
    assert_eq!(dangling["error"], "broken symbolic link");
    assert_eq!(entry(&m, "in/good.txt")["status"], "converted");
}

#[test]
fn a_glob_that_matches_nothing_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    plandoc()
        .current_dir(dir.path())
        .args([
            "convert", "corpus", "-o", "out", "-q", "--glob", "*.doc", "--glob", "a.*",
        ])
        .assert()
        .code(0)
        .stderr("plandoc: warning: --glob '*.doc' matches no file in the input folders\n");
    assert_eq!(manifest(&dir.path().join("out"))["totals"]["files"], 1);
}

/// A scanner's upper-case names: `--glob '*.txt'` takes none of them (and says so), `--iglob`
/// takes them all, as the default extensions do.
#[test]
fn iglob_ignores_letter_case() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("in")).unwrap();
    fs::write(dir.path().join("in/A.TXT"), seed("dak-lak-142.txt")).unwrap();
    fs::write(dir.path().join("in/b.Txt"), seed("son-la-142.txt")).unwrap();
    plandoc()
        .current_dir(dir.path())
        .args(["convert", "in", "-o", "out", "-q", "--glob", "*.txt"])
        .assert()
        .code(0)
        .stderr(
            "plandoc: warning: --glob '*.txt' matches no file in the input folders\n\
             plandoc: warning: no plan file found: nothing written in out\n",
        );
    plandoc()
        .current_dir(dir.path())
        .args(["convert", "in", "-o", "out2", "-q", "--iglob", "*.txt"])
        .assert()
        .code(0)
        .stderr("");
    assert_eq!(manifest(&dir.path().join("out2"))["totals"]["files"], 2);
}

/// A folder with no plan file in it is most likely the wrong folder: warned about, the status
/// unchanged (nothing failed), and the other inputs converted.
#[test]
fn a_folder_with_no_plan_file_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("notes")).unwrap();
    fs::create_dir_all(dir.path().join("plans")).unwrap();
    fs::write(dir.path().join("notes/readme.md.bak"), b"x").unwrap();
    fs::write(dir.path().join("plans/a.txt"), seed("dak-lak-142.txt")).unwrap();
    plandoc()
        .current_dir(dir.path())
        .args(["convert", "notes", "plans", "-o", "out", "-q"])
        .assert()
        .code(0)
        .stderr(
            "plandoc: warning: notes: no plan file (.txt, .md, .markdown, .pdf, .html, .htm, .csv) in this folder\n",
        );
    assert_eq!(manifest(&dir.path().join("out"))["totals"]["files"], 1);
}

/// A folder of Word files or scans is what a clerk gives when the plans were never saved as
/// PDF: the warning says what the folder holds and what to do with it. Hidden files and the
/// output folder are not counted, as they are not read, nor Word's lock files.
#[test]
fn a_folder_of_documents_of_another_kind_is_named_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes");
    fs::create_dir_all(notes.join("sub")).unwrap();
    fs::create_dir_all(notes.join("out")).unwrap();
    fs::write(notes.join("plan.docx"), b"x").unwrap();
    fs::write(notes.join("sub/plan 2.DOCX"), b"x").unwrap();
    fs::write(notes.join("scan.jpg"), b"x").unwrap();
    fs::write(notes.join(".draft.docx"), b"x").unwrap();
    fs::write(notes.join("out/old.docx"), b"x").unwrap();
    fs::write(notes.join("readme.doc.bak"), b"x").unwrap();
    fs::write(notes.join("~$plan.docx"), b"x").unwrap();
    plandoc()
        .current_dir(dir.path())
        .args(["convert", "notes", "-o", "notes/out", "-q"])
        .assert()
        .code(0)
        .stderr(
            "plandoc: warning: notes: no plan file (.txt, .md, .markdown, .pdf, .html, .htm, .csv) in this folder \
             outside the output folder (which is never read as input); it holds 2 .docx files \
             and 1 .jpg file, which plandoc does not read: save the office files as PDF (or as \
             plain text); run text recognition (OCR) on the scans\n\
             plandoc: warning: no plan file found: nothing written in notes/out\n",
        );
    plandoc()
        .current_dir(dir.path())
        .args(["check", "notes/sub", "--no-config"])
        .assert()
        .code(2)
        .stderr(
            "plandoc: error: notes/sub: a folder with no plan file (.txt, .md, .markdown, .pdf, \
             .html, .htm, .csv) in it; it holds 1 .docx file, which plandoc does not read: save the office files \
             as PDF (or as plain text)\n",
        );
}

#[test]
fn jobs_are_capped_at_the_number_of_inputs() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("plan.txt"), seed("son-la-142.txt")).unwrap();
    // Without the cap this starts 65,535 threads for one file.
    plandoc()
        .current_dir(dir.path())
        .args(["convert", "plan.txt", "-o", "out", "-q", "--jobs", "65535"])
        .timeout(std::time::Duration::from_secs(120))
        .assert()
        .code(0);
    assert!(dir.path().join("out/plan.json").is_file());
}

#[test]
fn help_says_how_outputs_are_named_and_ordered() {
    let output = plandoc().args(["convert", "--help"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(!help.contains("in input order"), "{help}");
    assert!(help.contains("sorted by input path"), "{help}");
    assert!(help.contains("plan.txt.json"), "{help}");
}

//! What `plandoc convert` must never replace or delete: a `plans.jsonl` it did not write, an
//! input reached through an output folder not made yet, an input named like its lock, another
//! process's temporary files; and the old plan of an input renamed by letter case, which it must
//! not leave behind. Each case is a reproduction from a hostile review (stop 45).

#![cfg(unix)]

use std::fs;
use std::path::Path;
use std::process::Output;

mod common;
use common::*;

fn run(root: &Path, args: &[&str]) -> Output {
    plandoc()
        .current_dir(root)
        .arg("convert")
        .args(args)
        .output()
        .unwrap()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn one_seed(root: &Path, name: &str) {
    fs::create_dir_all(root.join("in")).unwrap();
    fs::write(root.join("in").join(name), seed("son-la-142.txt")).unwrap();
}

#[test]
fn a_plans_jsonl_convert_did_not_write_is_refused_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    one_seed(root, "plan.txt");
    fs::create_dir(root.join("out")).unwrap();
    let theirs = b"{\"my\":\"precious data\"}\n";
    fs::write(root.join("out/plans.jsonl"), theirs).unwrap();
    let refused = run(root, &["in", "-o", "out", "-f", "jsonl", "-q"]);
    assert_eq!(code(&refused), 2, "{}", stderr(&refused));
    let said = stderr(&refused);
    assert!(said.contains("out/plans.jsonl"), "{said}");
    assert!(
        said.contains("convert did not write it (line 1 is not a plan)"),
        "{said}"
    );
    assert!(said.contains("--force"), "{said}");
    assert_eq!(fs::read(root.join("out/plans.jsonl")).unwrap(), theirs);

    // Convert's own file is replaced by a rerun; a line added to it makes it someone's.
    let forced = run(root, &["in", "-o", "out", "-f", "jsonl", "-q", "--force"]);
    assert_eq!(code(&forced), 0, "{}", stderr(&forced));
    let ours = fs::read(root.join("out/plans.jsonl")).unwrap();
    assert!(ours.starts_with(b"{\"schema\":\"plandoc/plan@1\","));
    fs::write(root.join("in/plan.txt"), seed("kon-tum-142.txt")).unwrap();
    let rerun = run(root, &["in", "-o", "out", "-f", "jsonl", "-q"]);
    assert_eq!(code(&rerun), 0, "{}", stderr(&rerun));
    let mut added = fs::read(root.join("out/plans.jsonl")).unwrap();
    added.extend_from_slice(b"my note\n");
    fs::write(root.join("out/plans.jsonl"), &added).unwrap();
    let refused = run(
        root,
        &["in", "-o", "out", "-f", "jsonl", "-q", "--jobs", "1"],
    );
    assert_eq!(code(&refused), 2, "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("line 2 is not a plan"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(fs::read(root.join("out/plans.jsonl")).unwrap(), added);
}

#[test]
fn an_output_folder_spelt_through_a_folder_not_made_yet_cannot_replace_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    one_seed(root, "son-la.txt");
    let mine = b"line one of my data\n";
    fs::write(root.join("in/plans.jsonl"), mine).unwrap();
    for out in ["in", "in/new/.."] {
        let refused = run(
            root,
            &[
                "in/plans.jsonl",
                "in/son-la.txt",
                "-f",
                "jsonl",
                "-o",
                out,
                "-q",
            ],
        );
        assert_eq!(code(&refused), 2, "-o {out}: {}", stderr(&refused));
        assert!(
            stderr(&refused).contains("plans.jsonl: it is one of the inputs"),
            "-o {out}: {}",
            stderr(&refused)
        );
        assert_eq!(
            fs::read(root.join("in/plans.jsonl")).unwrap(),
            mine,
            "-o {out}"
        );
    }
}

#[test]
fn an_input_named_like_the_lock_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir(root.join("out")).unwrap();
    let lock_named = root.join("out/.plandoc-convert.lock");
    fs::write(&lock_named, seed("son-la-142.txt")).unwrap();
    let refused = run(root, &["out/.plandoc-convert.lock", "-o", "out", "-q"]);
    assert_eq!(code(&refused), 2, "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("it is one of the inputs"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(fs::read(&lock_named).unwrap(), seed("son-la-142.txt"));
}

#[test]
fn an_input_renamed_by_letter_case_leaves_no_old_plan() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Where the file system ignores case the two names are one file: nothing to test.
    fs::write(root.join("probe"), "").unwrap();
    if root.join("PROBE").exists() {
        return;
    }
    one_seed(root, "plan.txt");
    assert_eq!(convert_in(root, "out", &[]), 0);
    fs::rename(root.join("in/plan.txt"), root.join("in/Plan.txt")).unwrap();
    let renamed = run(root, &["in", "-o", "out"]);
    assert_eq!(code(&renamed), 0, "{}", stderr(&renamed));
    let files: Vec<String> = tree(&root.join("out")).into_keys().collect();
    assert_eq!(
        files,
        ["Plan.json", "manifest.json"],
        "{}",
        stderr(&renamed)
    );
    assert!(
        stderr(&renamed)
            .contains("removed out/plan.json: its input in/plan.txt is no longer there"),
        "{}",
        stderr(&renamed)
    );
    // And back, after an edit: the new plan is written, not refused as someone else's.
    fs::write(root.join("in/Plan.txt"), seed("kon-tum-142.txt")).unwrap();
    fs::rename(root.join("in/Plan.txt"), root.join("in/plan.txt")).unwrap();
    let back = run(root, &["in", "-o", "out", "-q"]);
    assert_eq!(code(&back), 0, "{}", stderr(&back));
    let files = tree(&root.join("out"));
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        ["manifest.json", "plan.json"]
    );
    assert!(String::from_utf8_lossy(&files["plan.json"]).contains("Kon Tum"));
}

#[test]
fn temporary_files_of_a_running_process_or_beyond_a_link_stay() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("in/sub")).unwrap();
    fs::write(root.join("in/a.txt"), seed("son-la-142.txt")).unwrap();
    fs::write(root.join("in/sub/x.txt"), seed("kon-tum-142.txt")).unwrap();
    fs::create_dir_all(root.join("out")).unwrap();
    fs::create_dir_all(root.join("elsewhere")).unwrap();
    std::os::unix::fs::symlink("../elsewhere", root.join("out/sub")).unwrap();
    // This test's process is running; no process has an id past the kernel's largest.
    let running = format!("out/.plandoc-{}-Ab12Cd.tmp", std::process::id());
    let dead = "out/.plandoc-999999999-Zz99Zz.tmp";
    let earlier_version = "out/.plandoc-Qw12Er.tmp";
    let beyond_link = "elsewhere/.plandoc-Ab12Cd.tmp";
    for name in [running.as_str(), dead, earlier_version, beyond_link] {
        fs::write(root.join(name), "being written").unwrap();
    }
    let output = run(root, &["in", "-o", "out", "-q"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert!(stderr(&output).contains("leads outside the output folder"));
    assert!(
        root.join(&running).exists(),
        "a running process's file stays"
    );
    assert!(
        root.join(beyond_link).exists(),
        "a file beyond a link out of the folder stays"
    );
    assert!(!root.join(dead).exists(), "a dead process's file goes");
    assert!(
        !root.join(earlier_version).exists(),
        "an earlier version's leftover goes"
    );
}

#[test]
fn a_broken_link_as_output_folder_and_a_pipe_named_like_a_plan_are_said() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    one_seed(root, "plan.txt");
    std::os::unix::fs::symlink("nowhere", root.join("dangling")).unwrap();
    let refused = run(root, &["in", "-o", "dangling", "-q"]);
    assert_eq!(code(&refused), 2, "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("--out-dir dangling: a symbolic link that leads nowhere"),
        "{}",
        stderr(&refused)
    );
    let fifo = std::ffi::CString::new(root.join("in/pipe.txt").to_str().unwrap()).unwrap();
    // SAFETY: mkfifo reads the path it is given and creates a file system node.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    let output = run(root, &["in", "-o", "out", "-q"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("in/pipe.txt: not a regular file (a pipe, socket or device)"),
        "{}",
        stderr(&output)
    );
    assert!(root.join("out/plan.json").exists());
}

#[test]
fn a_reason_naming_a_file_with_a_line_break_stays_on_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let name = "a\nplandoc: note: all good";
    one_seed(root, &format!("{name}.txt"));
    fs::create_dir(root.join("out")).unwrap();
    fs::write(root.join(format!("out/{name}.json")), "{}").unwrap();
    let output = run(root, &["in", "-o", "out", "-q"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let said = stderr(&output);
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(
        said.contains("would replace out/a␊plandoc: note: all good.json"),
        "{said}"
    );
}

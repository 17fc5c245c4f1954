//! What `plandoc convert` must never replace or delete: a `plans.jsonl` it did not write, an
//! input reached through an output folder not made yet, an input named like its lock, another
//! process's temporary files; and the old plan of an input renamed by letter case, which it must
//! not leave behind. Each case is a reproduction from a hostile review (stop 45).

#![cfg(unix)]

use std::fs;
use std::path::Path;

mod common;
use common::*;

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
    let refused = run_convert(root, &["in", "-o", "out", "-f", "jsonl", "-q"]);
    assert_eq!(exit_code(&refused), 2, "{}", stderr_of(&refused));
    let said = stderr_of(&refused);
    assert!(said.contains("out/plans.jsonl"), "{said}");
    assert!(
        said.contains("not convert's to replace (line 1 is on no record"),
        "{said}"
    );
    assert!(said.contains("--force"), "{said}");
    assert_eq!(fs::read(root.join("out/plans.jsonl")).unwrap(), theirs);

    // Convert's own file is replaced by a rerun; a line added to it makes it someone's.
    let forced = run_convert(root, &["in", "-o", "out", "-f", "jsonl", "-q", "--force"]);
    assert_eq!(exit_code(&forced), 0, "{}", stderr_of(&forced));
    let ours = fs::read(root.join("out/plans.jsonl")).unwrap();
    assert!(ours.starts_with(b"{\"schema\":\"plandoc/plan@1\","));
    fs::write(root.join("in/plan.txt"), seed("kon-tum-142.txt")).unwrap();
    let rerun = run_convert(root, &["in", "-o", "out", "-f", "jsonl", "-q"]);
    assert_eq!(exit_code(&rerun), 0, "{}", stderr_of(&rerun));
    let mut added = fs::read(root.join("out/plans.jsonl")).unwrap();
    added.extend_from_slice(b"my note\n");
    fs::write(root.join("out/plans.jsonl"), &added).unwrap();
    let refused = run_convert(
        root,
        &["in", "-o", "out", "-f", "jsonl", "-q", "--jobs", "1"],
    );
    assert_eq!(exit_code(&refused), 2, "{}", stderr_of(&refused));
    assert!(
        stderr_of(&refused).contains("line 2 is on no record"),
        "{}",
        stderr_of(&refused)
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
        let refused = run_convert(
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
        assert_eq!(exit_code(&refused), 2, "-o {out}: {}", stderr_of(&refused));
        assert!(
            stderr_of(&refused).contains("plans.jsonl: it is one of the inputs"),
            "-o {out}: {}",
            stderr_of(&refused)
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
    let refused = run_convert(root, &["out/.plandoc-convert.lock", "-o", "out", "-q"]);
    assert_eq!(exit_code(&refused), 2, "{}", stderr_of(&refused));
    assert!(
        stderr_of(&refused).contains("it is one of the inputs"),
        "{}",
        stderr_of(&refused)
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
    let renamed = run_convert(root, &["in", "-o", "out"]);
    assert_eq!(exit_code(&renamed), 0, "{}", stderr_of(&renamed));
    let files: Vec<String> = tree(&root.join("out")).into_keys().collect();
    assert_eq!(
        files,
        ["Plan.json", "manifest.json"],
        "{}",
        stderr_of(&renamed)
    );
    assert!(
        stderr_of(&renamed)
            .contains("removed out/plan.json: its input in/plan.txt is no longer there"),
        "{}",
        stderr_of(&renamed)
    );
    // And back, after an edit: the new plan is written, not refused as someone else's.
    fs::write(root.join("in/Plan.txt"), seed("kon-tum-142.txt")).unwrap();
    fs::rename(root.join("in/Plan.txt"), root.join("in/plan.txt")).unwrap();
    let back = run_convert(root, &["in", "-o", "out", "-q"]);
    assert_eq!(exit_code(&back), 0, "{}", stderr_of(&back));
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
    // This test's process is running; no process has an id past the kernel's largest. All but
    // two are dated an hour back, as a killed run's leftovers are.
    let running = format!("out/.plandoc-{}-Ab12Cd.tmp", std::process::id());
    let dead = "out/.plandoc-999999999-Zz99Zz.tmp";
    let earlier_version = "out/.plandoc-Qw12Er.tmp";
    let beyond_link = "elsewhere/.plandoc-Ab12Cd.tmp";
    let dead_just_now = "out/.plandoc-999999998-Jz98Zz.tmp";
    let forgotten = format!("out/.plandoc-{}-Fg12Cd.tmp", std::process::id());
    let hours_ago =
        |hours: u64| std::time::SystemTime::now() - std::time::Duration::from_secs(hours * 3600);
    for (name, when) in [
        (running.as_str(), hours_ago(1)),
        (dead, hours_ago(1)),
        (earlier_version, hours_ago(1)),
        (beyond_link, hours_ago(1)),
        (dead_just_now, hours_ago(0)),
        (forgotten.as_str(), hours_ago(25)),
    ] {
        fs::write(root.join(name), "being written").unwrap();
        let file = fs::File::options()
            .write(true)
            .open(root.join(name))
            .unwrap();
        file.set_modified(when).unwrap();
    }
    let output = run_convert(root, &["in", "-o", "out", "-q"]);
    assert_eq!(exit_code(&output), 1, "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("leads outside the output folder"));
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
    // Ids are not proof (another container has its own): a file written in the last minutes
    // stays, and one untouched for a day goes whatever its id.
    assert!(
        root.join(dead_just_now).exists(),
        "a file being written stays"
    );
    assert!(
        !root.join(&forgotten).exists(),
        "a file untouched for a day goes"
    );
}

#[test]
fn a_broken_link_as_output_folder_and_a_pipe_named_like_a_plan_are_said() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    one_seed(root, "plan.txt");
    std::os::unix::fs::symlink("nowhere", root.join("dangling")).unwrap();
    let refused = run_convert(root, &["in", "-o", "dangling", "-q"]);
    assert_eq!(exit_code(&refused), 2, "{}", stderr_of(&refused));
    assert!(
        stderr_of(&refused).contains("--out-dir dangling: a symbolic link that leads nowhere"),
        "{}",
        stderr_of(&refused)
    );
    let fifo = std::ffi::CString::new(root.join("in/pipe.txt").to_str().unwrap()).unwrap();
    // SAFETY: mkfifo reads the path it is given and creates a file system node.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    let output = run_convert(root, &["in", "-o", "out", "-q"]);
    assert_eq!(exit_code(&output), 1, "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains("in/pipe.txt: not a regular file (a pipe, socket or device)"),
        "{}",
        stderr_of(&output)
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
    let output = run_convert(root, &["in", "-o", "out", "-q"]);
    assert_eq!(exit_code(&output), 1, "{}", stderr_of(&output));
    let said = stderr_of(&output);
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(
        said.contains("would replace out/a␊plandoc: note: all good.json"),
        "{said}"
    );
}

#[test]
fn plans_of_other_files_in_a_plans_jsonl_with_no_manifest_are_not_convert_s() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    one_seed(root, "plan.txt");
    fs::create_dir(root.join("out")).unwrap();
    // `plandoc parse --compact` of another document: a plan, but of no input of this run.
    let parsed = plandoc()
        .args(["parse", "--compact", "seeds/kon-tum-142.txt"])
        .output()
        .unwrap();
    assert_eq!(exit_code(&parsed), 0);
    fs::write(root.join("out/plans.jsonl"), &parsed.stdout).unwrap();
    let refused = run_convert(root, &["in", "-o", "out", "-f", "jsonl", "-q"]);
    assert_eq!(exit_code(&refused), 2, "{}", stderr_of(&refused));
    assert!(
        stderr_of(&refused)
            .contains("line 1 is on no record of convert's (manifest.json or .plans.jsonl.sha256)"),
        "{}",
        stderr_of(&refused)
    );
    assert_eq!(
        fs::read(root.join("out/plans.jsonl")).unwrap(),
        parsed.stdout
    );
    // Plans of documents in the input folder, written by the user: what a line says of itself
    // proves nothing.
    fs::write(root.join("in/other.txt"), seed("gia-lai-142.txt")).unwrap();
    let users = plandoc()
        .args(["parse", "--compact", "in/other.txt"])
        .current_dir(root)
        .output()
        .unwrap();
    fs::write(root.join("out/plans.jsonl"), &users.stdout).unwrap();
    fs::remove_file(root.join("in/other.txt")).unwrap();
    let refused = run_convert(root, &["in", "-o", "out", "-f", "jsonl", "-q"]);
    assert_eq!(exit_code(&refused), 2, "{}", stderr_of(&refused));
    assert_eq!(
        fs::read(root.join("out/plans.jsonl")).unwrap(),
        users.stdout
    );
    // The plans.jsonl of this very input, its manifest lost, is convert's.
    assert_eq!(
        run_convert(root, &["in", "-o", "out", "-f", "jsonl", "-q", "--force"])
            .status
            .code(),
        Some(0)
    );
    fs::remove_file(root.join("out/manifest.json")).unwrap();
    let again = run_convert(root, &["in", "-o", "out", "-f", "jsonl", "-q"]);
    assert_eq!(exit_code(&again), 0, "{}", stderr_of(&again));
}

#[test]
fn an_input_given_as_a_file_and_renamed_by_letter_case_leaves_no_old_plan() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("probe"), "").unwrap();
    if root.join("PROBE").exists() {
        return;
    }
    one_seed(root, "plan.txt");
    fs::write(root.join("in/other.txt"), seed("gia-lai-142.txt")).unwrap();
    let first = run_convert(root, &["in/plan.txt", "in/other.txt", "-o", "out", "-q"]);
    assert_eq!(exit_code(&first), 0, "{}", stderr_of(&first));
    fs::rename(root.join("in/plan.txt"), root.join("in/Plan.txt")).unwrap();
    let renamed = run_convert(root, &["in/Plan.txt", "in/other.txt", "-o", "out", "-q"]);
    assert_eq!(exit_code(&renamed), 0, "{}", stderr_of(&renamed));
    let files: Vec<String> = tree(&root.join("out")).into_keys().collect();
    assert_eq!(files, ["Plan.json", "manifest.json", "other.json"]);
}

#[test]
fn a_link_in_the_missing_part_of_the_output_folder_or_a_hard_linked_lock_reaches_no_input() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    one_seed(root, "son-la.txt");
    let mine = b"line one of my data\n";
    fs::write(root.join("in/plans.jsonl"), mine).unwrap();
    // "m" is not there yet; "m/../L" is "L" once it is made, and "L" leads to "in".
    std::os::unix::fs::symlink("in", root.join("L")).unwrap();
    let refused = run_convert(
        root,
        &[
            "in/plans.jsonl",
            "in/son-la.txt",
            "-f",
            "jsonl",
            "-o",
            "m/../L",
            "-q",
            "--force",
        ],
    );
    assert_eq!(exit_code(&refused), 2, "{}", stderr_of(&refused));
    assert!(
        stderr_of(&refused).contains("it is one of the inputs"),
        "{}",
        stderr_of(&refused)
    );
    assert_eq!(fs::read(root.join("in/plans.jsonl")).unwrap(), mine);

    // The lock file a hard link of an input: that input's content is not replaced.
    fs::create_dir(root.join("out")).unwrap();
    fs::hard_link(
        root.join("in/son-la.txt"),
        root.join("out/.plandoc-convert.lock"),
    )
    .unwrap();
    let refused = run_convert(root, &["in", "-o", "out", "-q"]);
    assert_eq!(exit_code(&refused), 2, "{}", stderr_of(&refused));
    assert_eq!(
        fs::read(root.join("in/son-la.txt")).unwrap(),
        seed("son-la-142.txt")
    );
    // Not an input, but a file with another name all the same (a backup's hard link): the run
    // takes the lock and leaves the content alone.
    fs::remove_file(root.join("out/.plandoc-convert.lock")).unwrap();
    fs::write(root.join("notes.txt"), "my notes").unwrap();
    fs::hard_link(
        root.join("notes.txt"),
        root.join("out/.plandoc-convert.lock"),
    )
    .unwrap();
    let taken = run_convert(root, &["in/son-la.txt", "-o", "out", "-q"]);
    assert_eq!(exit_code(&taken), 0, "{}", stderr_of(&taken));
    assert_eq!(fs::read(root.join("notes.txt")).unwrap(), b"my notes");
}

#[test]
fn patterns_and_missing_inputs_with_line_breaks_stay_on_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    one_seed(root, "plan.txt");
    for args in [
        vec!["in", "-o", "out", "--glob", "[z-a]\n::error::forged"],
        vec![
            "in",
            "-q",
            "-o",
            "out",
            "--glob",
            "*.none\nplandoc: note: fine",
        ],
        vec!["in\nplandoc: note: x", "-o", "out"],
    ] {
        let output = run_convert(root, &args);
        let said = stderr_of(&output);
        assert!(
            said.lines().all(|line| line.starts_with("plandoc: ")),
            "{args:?}: {said}"
        );
        assert!(said.contains('␊'), "{args:?}: {said}");
    }
}

/// Everyday states a `plans.jsonl` of convert's may be found in: written by a run that died
/// before its manifest (after an input changed), its manifest lost and the inputs spelt
/// otherwise, its line ends turned to CRLF by a checkout. Each is convert's to replace.
#[test]
fn a_plans_jsonl_of_convert_s_is_replaced_whatever_became_of_its_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    one_seed(root, "a.txt");
    fs::write(root.join("in/b.txt"), seed("kon-tum-142.txt")).unwrap();
    let jsonl = |args: &[&str]| {
        let mut all = vec!["-o", "out", "-f", "jsonl", "-q"];
        all.extend_from_slice(args);
        run_convert(root, &all)
    };
    assert_eq!(exit_code(&jsonl(&["in"])), 0);
    // Killed between renaming plans.jsonl and writing the manifest: the new file, the old
    // manifest, whose offsets no longer fit.
    let old_manifest = fs::read(root.join("out/manifest.json")).unwrap();
    let mut longer = seed("son-la-142.txt");
    longer.extend_from_slice("\nmột dòng mới\n".as_bytes());
    fs::write(root.join("in/a.txt"), longer).unwrap();
    assert_eq!(exit_code(&jsonl(&["in"])), 0);
    fs::write(root.join("out/manifest.json"), old_manifest).unwrap();
    let after_crash = jsonl(&["in"]);
    assert_eq!(exit_code(&after_crash), 0, "{}", stderr_of(&after_crash));
    // The manifest lost, the inputs spelt otherwise.
    fs::remove_file(root.join("out/manifest.json")).unwrap();
    let respelt = jsonl(&["./in/"]);
    assert_eq!(exit_code(&respelt), 0, "{}", stderr_of(&respelt));
    // Line ends turned to CRLF.
    let text = fs::read_to_string(root.join("out/plans.jsonl")).unwrap();
    fs::write(root.join("out/plans.jsonl"), text.replace('\n', "\r\n")).unwrap();
    let crlf = jsonl(&["in"]);
    assert_eq!(exit_code(&crlf), 0, "{}", stderr_of(&crlf));
    assert!(!fs::read(root.join("out/plans.jsonl"))
        .unwrap()
        .contains(&b'\r'));
}

//! `plandoc convert` stopped by a signal (Ctrl-C, SIGTERM) part-way through a batch: the files in
//! hand are finished, no temporary file is left, every plan file written is whole, the manifest
//! says what was done, and the same command run again resumes — ending with exactly the bytes of
//! a run that was never stopped. A `jsonl` batch writes nothing when stopped: its one file holds
//! the whole corpus or is left as it was.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;
use common::*;

const PLANS: usize = 160;

/// `PLANS` plans cycling through the seeds, numbered so that their order is the names' order.
fn corpus(root: &Path) {
    let seeds: Vec<_> = fs::read_dir("seeds")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    let mut seeds = seeds;
    seeds.sort();
    fs::create_dir_all(root.join("in")).unwrap();
    for n in 0..PLANS {
        let bytes = fs::read(&seeds[n % seeds.len()]).unwrap();
        fs::write(root.join(format!("in/p{n:03}.txt")), bytes).unwrap();
    }
}

/// The names of the files below `out`, read while a batch may be renaming them.
fn names(out: &Path) -> Vec<String> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

fn plan_files(out: &Path) -> usize {
    names(out)
        .iter()
        .filter(|name| name.ends_with(".json") && *name != "manifest.json")
        .count()
}

/// Starts `plandoc convert in -o out ARGS`, waits until `ready(out)` holds, sends `signal`, and
/// returns its standard error once it has ended — by that signal, as a stopped command should
/// (a shell's loop then stops too), after writing what it had.
fn stopped_run(root: &Path, args: &[&str], signal: i32, ready: impl Fn(&Path) -> bool) -> String {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("plandoc"))
        .current_dir(root)
        .args(["convert", "in", "--out-dir", "out", "--quiet"])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !ready(&root.join("out")) {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the batch ended before it could be stopped"
        );
        assert!(started.elapsed() < Duration::from_secs(120), "never ready");
        std::thread::sleep(Duration::from_millis(5));
    }
    // SAFETY: kill only sends a signal to the child we started and still own.
    assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, signal) }, 0);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.signal(), Some(signal), "{stderr}");
    stderr
}

fn assert_no_temporary_files(out: &Path) {
    let leftovers: Vec<String> = tree(out)
        .into_keys()
        .filter(|name| name.contains(".plandoc-") || name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// What a stopped `json` batch must leave: the stop said on standard error, no temporary file,
/// and a manifest marked interrupted, which is returned.
fn stopped_manifest(out: &Path, stderr: &str) -> Value {
    assert!(stderr.contains("interrupted after"), "{stderr}");
    assert_no_temporary_files(out);
    let stopped = manifest(out);
    assert_eq!(stopped["interrupted"], Value::Bool(true));
    stopped
}

/// The same plan files with the same bytes (manifests differ: "unchanged" against "converted").
fn assert_same_plan_files(
    expected: &BTreeMap<String, Vec<u8>>,
    actual: &BTreeMap<String, Vec<u8>>,
) {
    let plans = |tree: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        tree.keys()
            .filter(|name| *name != "manifest.json")
            .cloned()
            .collect()
    };
    assert_eq!(plans(actual), plans(expected));
    for name in plans(expected) {
        assert!(actual[&name] == expected[&name], "{name} differs");
    }
}

#[test]
fn a_stopped_json_batch_keeps_whole_files_and_resumes_to_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    corpus(root);
    let stderr = stopped_run(root, &["--jobs", "2"], libc::SIGINT, |out| {
        out.is_dir() && plan_files(out) >= 3
    });
    assert!(stderr.contains("manifest.json are written"), "{stderr}");
    let out = root.join("out");
    let first = stopped_manifest(&out, &stderr);
    let done = rows(&first);
    assert!((3..PLANS).contains(&done.len()), "{}", done.len());
    // What was finished is the start of the batch, in order, each a whole plan file.
    for (n, (path, status, output)) in done.iter().enumerate() {
        assert_eq!(path, &format!("in/p{n:03}.txt"));
        assert_eq!(status, "converted");
        let plan: Value = serde_json::from_slice(&fs::read(out.join(output)).unwrap()).unwrap();
        assert_eq!(plan["schema"], "plandoc/plan@1");
    }
    assert_eq!(plan_files(&out), done.len());
    assert_eq!(first["totals"]["files"], done.len());

    // The same command again converts the rest and keeps what was done.
    assert_eq!(convert_in(root, "out", &["--jobs", "2"]), 0);
    let second = manifest(&out);
    assert!(second.get("interrupted").is_none());
    assert_eq!(second["totals"]["unchanged"], done.len());
    assert_eq!(second["totals"]["converted"], PLANS - done.len());

    // Byte for byte what one uninterrupted run writes.
    assert_eq!(convert_in(root, "whole", &["--jobs", "1"]), 0);
    assert_same_plan_files(&tree(&root.join("whole")), &tree(&out));
}

/// A forced rerun stopped part-way: the manifest still vouches for the earlier plan files of the
/// inputs it did not reach, so the next plain run converts nothing.
#[test]
fn a_stopped_forced_rerun_keeps_the_earlier_outputs_on_record() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    corpus(root);
    assert_eq!(convert_in(root, "out", &[]), 0);
    let before = tree(&root.join("out"));
    let started = fs::metadata(root.join("out/manifest.json"))
        .unwrap()
        .modified()
        .unwrap();
    let stderr = stopped_run(root, &["--force", "--jobs", "1"], libc::SIGTERM, |out| {
        // Some plan file rewritten by this run (not the run's lock, made as it starts).
        fs::read_dir(out).unwrap().filter_map(|e| e.ok()).any(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.ends_with(".json")
                && name != "manifest.json"
                && e.metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|time| time > started)
        })
    });
    let out = root.join("out");
    let stopped = stopped_manifest(&out, &stderr);
    let entries = rows(&stopped);
    assert_eq!(entries.len(), PLANS, "every input is on record");
    let this_run = stopped["totals"]["files"].as_u64().unwrap() as usize;
    assert!((1..PLANS).contains(&this_run), "{this_run}");
    // Plan files are the same bytes as before: same inputs, same tool.
    assert_same_plan_files(&before, &tree(&out));
    convert_in(root, "out", &[]);
    let next = manifest(&out);
    assert_eq!(next["totals"]["unchanged"], PLANS);
    assert_eq!(next["totals"]["converted"], 0);
}

#[test]
fn a_stopped_jsonl_batch_writes_nothing_and_leaves_the_earlier_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    corpus(root);
    // Stopped on its first run: nothing but the (empty) output folder.
    let stderr = stopped_run(root, &["--format", "jsonl"], libc::SIGHUP, |out| {
        out.is_dir()
    });
    assert!(stderr.contains("run the same command again"), "{stderr}");
    assert!(names(&root.join("out")).is_empty());

    assert_eq!(convert_in(root, "out", &["--format", "jsonl"]), 0);
    let before = tree(&root.join("out"));
    let stderr = stopped_run(
        root,
        &["--format", "jsonl", "--force", "--jobs", "2"],
        libc::SIGINT,
        // Its temporary file is there: the run is under way.
        |out| names(out).len() > before.len(),
    );
    // "nothing written", or nothing finished yet when the signal came.
    assert!(stderr.contains("run the same command again"), "{stderr}");
    assert_eq!(tree(&root.join("out")), before);
}

/// Inputs whose plan file is renamed by this run (a new file now clashes with their name) while
/// the run is stopped: whether reached or not, the old file is removed by the time a resumed run
/// ends, which leaves exactly what an unstopped run writes.
#[test]
fn a_stopped_run_that_renames_outputs_leaves_no_stale_file_once_resumed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    corpus(root);
    assert_eq!(convert_in(root, "out", &[]), 0);
    // p000.txt (reached) and the last input (not reached) now share their name with a .md file:
    // both move to *.txt.json, and p000.json, pNNN.json are stale.
    let last = PLANS - 1;
    for n in [0, last] {
        fs::copy("seeds/son-la-142.txt", root.join(format!("in/p{n:03}.md"))).unwrap();
    }
    let stderr = stopped_run(root, &["--jobs", "1"], libc::SIGINT, |out| {
        out.join("p000.txt.json").is_file()
    });
    assert!(stderr.contains("interrupted after"), "{stderr}");
    let out = root.join("out");
    let stopped = manifest(&out);
    let last_entries: Vec<_> = rows(&stopped)
        .into_iter()
        .filter(|(path, _, _)| path == &format!("in/p{last:03}.txt"))
        .collect();
    assert_eq!(last_entries.len(), 1, "{last_entries:?}");
    assert_eq!(
        last_entries[0].2,
        format!("p{last:03}.json"),
        "kept on record"
    );
    assert!(
        !out.join("p000.json").exists(),
        "a reached input's old file is removed at once"
    );

    assert_eq!(convert_in(root, "out", &[]), 0);
    assert_eq!(convert_in(root, "whole", &[]), 0);
    assert_same_plan_files(&tree(&root.join("whole")), &tree(&out));
}

/// Inputs deleted before a run that is then stopped: the stopped run does not remove their plan
/// files (it removes nothing it need not), but keeps them on record, so the next run does.
#[test]
fn plans_of_inputs_deleted_before_a_stopped_run_are_removed_by_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    corpus(root);
    assert_eq!(convert_in(root, "out", &[]), 0);
    let deleted: Vec<String> = (0..PLANS).step_by(7).map(|n| format!("p{n:03}")).collect();
    for name in &deleted {
        fs::remove_file(root.join(format!("in/{name}.txt"))).unwrap();
    }
    let started = fs::metadata(root.join("out/manifest.json"))
        .unwrap()
        .modified()
        .unwrap();
    let stderr = stopped_run(root, &["--force", "--jobs", "1"], libc::SIGINT, |out| {
        fs::read_dir(out).unwrap().filter_map(|e| e.ok()).any(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.ends_with(".json")
                && name != "manifest.json"
                && e.metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|time| time > started)
        })
    });
    let out = root.join("out");
    stopped_manifest(&out, &stderr);
    assert!(deleted
        .iter()
        .all(|name| out.join(format!("{name}.json")).is_file()));
    let output = Command::new(assert_cmd::cargo::cargo_bin("plandoc"))
        .current_dir(root)
        .args(["convert", "in", "--out-dir", "out", "--quiet"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    for name in &deleted {
        assert!(
            !out.join(format!("{name}.json")).exists(),
            "{name}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("removed out/{name}.json: its input in/{name}.txt")),
            "{stderr}"
        );
    }
    assert_eq!(plan_files(&out), PLANS - deleted.len());
}

/// GNU `timeout` sends its signal to the command and then to its whole process group: the batch
/// gets it twice at once. That is one stop, done cleanly (a manifest written), not the "second
/// Ctrl-C" that ends the process at once.
#[test]
fn a_signal_sent_twice_at_once_is_one_clean_stop() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    corpus(root);
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("plandoc"))
        .current_dir(root)
        .args([
            "convert",
            "in",
            "--out-dir",
            "out",
            "--quiet",
            "--jobs",
            "1",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = root.join("out");
    let started = Instant::now();
    while !(out.is_dir() && plan_files(&out) >= 2) {
        assert!(
            child.try_wait().unwrap().is_none(),
            "ended before it could be stopped"
        );
        assert!(started.elapsed() < Duration::from_secs(120), "never ready");
        std::thread::sleep(Duration::from_millis(5));
    }
    // SAFETY: kill only sends a signal to the child we started and still own.
    assert_eq!(
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) },
        0
    );
    // Apart enough to be two deliveries (two sent at once may be merged into one), well within
    // the half second that makes them one stop. The batch is still finishing its file then.
    std::thread::sleep(Duration::from_millis(10));
    // SAFETY: as above (not yet waited for, the child is still ours even if it has ended).
    // With the second signal taken as "end at once", this test fails 5 times in 5.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.signal(), Some(libc::SIGTERM), "{stderr}");
    stopped_manifest(&out, &stderr);
}

/// A stopped run with other options, over part of the inputs (`--glob`), keeps the others' plan
/// files on record (they are convert's) but does not vouch for them as this run's (written with
/// `--compact`: carried without their input's hash), so the next full run writes them again,
/// pretty-printed like the rest.
#[test]
fn a_stopped_partial_run_does_not_vouch_for_plans_written_with_other_options() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    corpus(root);
    assert_eq!(convert_in(root, "out", &["--compact"]), 0);
    let stderr = stopped_run(
        root,
        &["--jobs", "1", "--glob", "p0[0-4]*"],
        libc::SIGINT,
        |out| {
            fs::read_dir(out).unwrap().filter_map(|e| e.ok()).any(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.ends_with(".json")
                    && name != "manifest.json"
                    && fs::read(e.path()).is_ok_and(|b| b.starts_with(b"{\n"))
            })
        },
    );
    let stopped = stopped_manifest(&root.join("out"), &stderr);
    let others: Vec<&serde_json::Value> = stopped["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            let path = e["path"].as_str().unwrap();
            !["in/p00", "in/p01", "in/p02", "in/p03", "in/p04"]
                .iter()
                .any(|start| path.starts_with(start))
        })
        .collect();
    assert!(!others.is_empty());
    assert!(
        others
            .iter()
            .all(|e| e["carried"] == true && e["sha256"].is_null()),
        "the others are on record, not to be reused: {others:?}"
    );
    assert_eq!(convert_in(root, "out", &[]), 0);
    let out = root.join("out");
    for entry in fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        let bytes = fs::read(&path).unwrap();
        assert!(
            bytes.starts_with(b"{\n"),
            "{} is still compact",
            path.display()
        );
    }
}

/// A stopped run that spells the inputs otherwise (`in`, after its absolute path) keeps the earlier entries
/// of the inputs it did not reach, found by the file they are: the next run then removes the
/// plan file whose name moved, as a run that was never stopped does.
#[test]
fn a_stopped_run_finds_the_earlier_entries_of_inputs_spelt_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    corpus(root);
    fs::copy("seeds/son-la-142.txt", root.join("in/zz.txt")).unwrap();
    let run = |args: &[&str]| {
        Command::new(assert_cmd::cargo::cargo_bin("plandoc"))
            .current_dir(root)
            .args(["convert"])
            .args(args)
            .args(["--out-dir", "out", "--quiet"])
            .output()
            .unwrap()
    };
    let absolute = root.join("in").to_str().unwrap().to_string();
    assert!(run(&[absolute.as_str()]).status.success());
    // zz.txt's plan must move to zz.txt.json once zz.md is beside it.
    fs::copy("seeds/gia-lai-142.txt", root.join("in/zz.md")).unwrap();
    let stderr = stopped_run(root, &["--jobs", "1"], libc::SIGINT, |out| {
        plan_files(out) > PLANS + 1
            || out.join("p001.json").metadata().is_ok_and(|m| {
                m.modified().is_ok_and(|t| {
                    t > fs::metadata(root.join("in/zz.md"))
                        .unwrap()
                        .modified()
                        .unwrap()
                })
            })
    });
    let stopped = stopped_manifest(&root.join("out"), &stderr);
    let paths: Vec<String> = rows(&stopped).into_iter().map(|(p, _, _)| p).collect();
    let mut unique = paths.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        paths.len(),
        "an input on record twice: {paths:?}"
    );
    assert!(run(&["in"]).status.success());
    let names: Vec<String> = names(&root.join("out"))
        .into_iter()
        .filter(|n| n.starts_with("zz"))
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(names, ["zz.md.json", "zz.txt.json"]);
    // As a run that was never stopped ends: every plan names its input as this run spells it
    // (a plan the stopped run did not reach was not reused under the new spelling).
    for entry in fs::read_dir(root.join("out")).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap() == "manifest.json" {
            continue;
        }
        let plan: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        let source = plan["source"]["path"].as_str().unwrap();
        assert!(source.starts_with("in/"), "{}: {source}", path.display());
    }
}

/// A `json` run over a folder a `jsonl` run wrote, stopped part-way, must leave `plans.jsonl`
/// on record: the next runs then remove it once every plan has its own file, as they do when
/// nothing was stopped. (The stopped run's finished inputs used to lose their line's record, so
/// the file held lines no manifest named, and stayed for good, going stale.)
#[test]
fn a_stopped_json_run_after_a_jsonl_one_leaves_plans_jsonl_to_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    corpus(root);
    assert_eq!(convert_in(root, "out", &["-f", "jsonl"]), 0);
    let stderr = stopped_run(root, &["-j1"], libc::SIGINT, |out| plan_files(out) >= 3);
    stopped_manifest(&root.join("out"), &stderr);
    assert!(
        root.join("out/plans.jsonl").exists(),
        "the stopped run keeps it"
    );
    let stopped = manifest(&root.join("out"));
    let on_record = stopped["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry.get("jsonl").is_some_and(|span| !span.is_null()))
        .count();
    assert_eq!(
        on_record, PLANS,
        "every line of plans.jsonl stays on record"
    );
    assert_eq!(convert_in(root, "out", &[]), 0);
    assert!(
        !root.join("out/plans.jsonl").exists(),
        "once every plan has its own file, plans.jsonl goes"
    );
    assert_eq!(plan_files(&root.join("out")), PLANS);
}

/// The same after an input of the `jsonl` run was deleted: the stopped run keeps the deleted
/// input's line on record (it has no plan file to keep it by), so the next whole run still
/// removes `plans.jsonl`, the deleted document's plan with it.
#[test]
fn a_stopped_json_run_after_a_jsonl_one_and_a_deletion_leaves_plans_jsonl_to_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    corpus(root);
    assert_eq!(convert_in(root, "out", &["-f", "jsonl"]), 0);
    fs::remove_file(root.join(format!("in/p{:03}.txt", PLANS - 1))).unwrap();
    let stderr = stopped_run(root, &["-j1"], libc::SIGINT, |out| plan_files(out) >= 3);
    stopped_manifest(&root.join("out"), &stderr);
    assert_eq!(convert_in(root, "out", &[]), 0);
    assert!(
        !root.join("out/plans.jsonl").exists(),
        "once every plan has its own file, plans.jsonl goes"
    );
    assert_eq!(plan_files(&root.join("out")), PLANS - 1);
    let entries = manifest(&root.join("out"))["inputs"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(entries, PLANS - 1, "the deleted input is off the record");
}

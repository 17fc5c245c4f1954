//! Two `plandoc convert` runs into one output folder never write it at the same time: the second
//! waits for the first (saying so on standard error), or with `--no-wait` stops at once with
//! exit 2 and writes nothing. Without this, each run took the other's temporary files for a
//! killed run's leftovers, removed them, and failed those inputs ("cannot write").

#![cfg(unix)]

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use plandoc::convert::lock::{self, WhenBusy, LOCK_NAME};

mod common;
use common::*;

fn corpus(root: &Path, plans: usize) {
    let mut seeds: Vec<_> = fs::read_dir("seeds")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    seeds.sort();
    fs::create_dir_all(root.join("in")).unwrap();
    for n in 0..plans {
        let bytes = fs::read(&seeds[n % seeds.len()]).unwrap();
        fs::write(root.join(format!("in/p{n:03}.txt")), bytes).unwrap();
    }
}

/// The lock as another run holds it: taken through the library, in this process.
fn held_elsewhere(out: &Path) -> lock::Held {
    fs::create_dir_all(out).unwrap();
    lock::hold(out, WhenBusy::Refuse, &AtomicBool::new(false), &|_| {})
        .unwrap()
        .unwrap()
}

fn binary() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin("plandoc"))
}

#[test]
fn no_wait_refuses_a_busy_folder_and_writes_nothing() {
    let root = tempfile::tempdir().unwrap();
    corpus(root.path(), 2);
    let out = root.path().join("out");
    let held = held_elsewhere(&out);
    let output = plandoc()
        .current_dir(root.path())
        .args(["convert", "in", "--out-dir", "out", "--no-wait", "--quiet"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--out-dir out: another plandoc convert (process ")
            && stderr.contains(&std::process::id().to_string())
            && stderr.contains("is writing to it"),
        "{stderr}"
    );
    let left: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, [LOCK_NAME], "nothing but the other run's lock");
    drop(held);
    assert_eq!(convert_in(root.path(), "out", &["--no-wait"]), 0);
    assert!(
        !out.join(LOCK_NAME).exists(),
        "a finished run removes its lock"
    );
}

#[test]
fn a_second_run_waits_for_the_first_then_converts() {
    let root = tempfile::tempdir().unwrap();
    corpus(root.path(), 3);
    let out = root.path().join("out");
    let held = held_elsewhere(&out);
    let stderr_path = root.path().join("stderr.txt");
    let mut child = binary()
        .current_dir(root.path())
        .args(["convert", "in", "--out-dir", "out", "--quiet"])
        .stdout(Stdio::null())
        .stderr(fs::File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let note = loop {
        let text = fs::read_to_string(&stderr_path).unwrap();
        if text.contains("waiting for another plandoc convert") || started.elapsed().as_secs() > 60
        {
            break text;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        note.contains(&format!(
            "plandoc: note: waiting for another plandoc convert (process {}) to finish writing \
             to out",
            std::process::id()
        )),
        "{note}"
    );
    // Still waiting: it has not read or written anything of the folder.
    std::thread::sleep(Duration::from_millis(500));
    assert!(child.try_wait().unwrap().is_none());
    assert!(!out.join("manifest.json").exists());
    drop(held);
    let status = child.wait().unwrap();
    assert_eq!(
        status.code(),
        Some(0),
        "{}",
        fs::read_to_string(&stderr_path).unwrap()
    );
    assert_eq!(manifest(&out)["totals"]["converted"], 3);
    assert!(!out.join(LOCK_NAME).exists());
}

#[test]
fn two_runs_started_together_both_succeed_and_agree_with_one_run() {
    let root = tempfile::tempdir().unwrap();
    corpus(root.path(), 40);
    let start = |extra: &[&str]| {
        binary()
            .current_dir(root.path())
            .args(["convert", "in", "--out-dir", "out", "--quiet"])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let first = start(&[]);
    let second = start(&["--force", "--jobs", "1"]);
    for child in [first, second] {
        let output = child.wait_with_output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // Whichever ran second found the first's outputs (and converted them again or not): the
    // plan files are a single run's, and the manifest names every input, none failed.
    let mut together = tree(&root.path().join("out"));
    let manifest_together = manifest(&root.path().join("out"));
    together.remove("manifest.json");
    assert_eq!(convert_in(root.path(), "alone", &[]), 0);
    let mut alone = tree(&root.path().join("alone"));
    alone.remove("manifest.json");
    assert_eq!(together, alone);
    let entries = manifest_together["inputs"].as_array().unwrap();
    assert_eq!(entries.len(), 40);
    assert!(entries.iter().all(|e| e["status"] != "failed"));
}

#[test]
fn ctrl_c_while_waiting_gives_up_and_writes_nothing() {
    use std::os::unix::process::ExitStatusExt;
    let root = tempfile::tempdir().unwrap();
    corpus(root.path(), 2);
    let out = root.path().join("out");
    let _held = held_elsewhere(&out);
    let stderr_path = root.path().join("stderr.txt");
    let mut child = binary()
        .current_dir(root.path())
        .args(["convert", "in", "--out-dir", "out"])
        .stdout(Stdio::null())
        .stderr(fs::File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !fs::read_to_string(&stderr_path)
        .unwrap()
        .contains("waiting for another")
    {
        assert!(started.elapsed().as_secs() < 60, "never waited");
        std::thread::sleep(Duration::from_millis(50));
    }
    // SAFETY: kill only sends a signal to the child we started and still own.
    assert_eq!(
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) },
        0
    );
    let status = child.wait().unwrap();
    let stderr = fs::read_to_string(&stderr_path).unwrap();
    assert_eq!(status.signal(), Some(libc::SIGINT), "{stderr}");
    assert!(
        stderr.contains("interrupted before any of the 2 inputs"),
        "{stderr}"
    );
    assert!(!out.join("manifest.json").exists());
}

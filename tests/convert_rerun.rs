//! `plandoc convert` reruns: unchanged inputs are skipped (their outputs kept), changed ones are
//! converted again, `--force` converts everything; the JSON Lines file is rebuilt in path order
//! from kept and new lines alike.

use std::fs;
use std::path::Path;

use serde_json::Value;
use sha2::Digest;

mod common;
use common::*;

fn statuses(manifest: &Value) -> Vec<(String, String)> {
    rows(manifest)
        .into_iter()
        .map(|(path, status, _)| (path, status))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn corpus(root: &Path) {
    fs::create_dir_all(root.join("in/sub")).unwrap();
    fs::copy("seeds/dak-lak-142.txt", root.join("in/a.txt")).unwrap();
    fs::copy("seeds/son-la-142.txt", root.join("in/sub/b.txt")).unwrap();
    fs::write(root.join("in/bad.txt"), b"\n\n").unwrap();
}

fn convert(root: &Path, extra: &[&str]) -> i32 {
    convert_in(root, "out", extra)
}

/// An `in/` folder holding the given seeds under the given names.
fn inputs(root: &Path, files: &[(&str, &str)]) {
    fs::create_dir_all(root.join("in")).unwrap();
    for (seed, name) in files {
        fs::copy(format!("seeds/{seed}"), root.join("in").join(name)).unwrap();
    }
}

#[test]
fn rerun_skips_unchanged_inputs_and_converts_changed_ones() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    corpus(root);
    assert_eq!(convert(root, &[]), 1);
    let first_b = fs::read(root.join("out/sub/b.json")).unwrap();

    // A skipped input leaves its output untouched (same bytes, same modification time).
    let modified = || {
        fs::metadata(root.join("out/a.json"))
            .unwrap()
            .modified()
            .unwrap()
    };
    let first_a = (fs::read(root.join("out/a.json")).unwrap(), modified());
    assert_eq!(convert(root, &[]), 1);
    assert_eq!(
        statuses(&manifest(&root.join("out"))),
        pairs(&[
            ("in/a.txt", "unchanged"),
            ("in/bad.txt", "failed"),
            ("in/sub/b.txt", "unchanged"),
        ])
    );
    assert_eq!(
        (fs::read(root.join("out/a.json")).unwrap(), modified()),
        first_a
    );
    let m = manifest(&root.join("out"));
    let kept = &m["inputs"][0];
    assert_eq!(kept["output"], "a.json");
    assert!(kept["counts"].is_object(), "counts carried over: {kept}");

    // Change one input: only it is converted again.
    let mut changed = fs::read("seeds/son-la-142.txt").unwrap();
    changed.extend_from_slice(b"\n");
    fs::write(root.join("in/sub/b.txt"), changed).unwrap();
    convert(root, &[]);
    assert_eq!(
        statuses(&manifest(&root.join("out"))),
        pairs(&[
            ("in/a.txt", "unchanged"),
            ("in/bad.txt", "failed"),
            ("in/sub/b.txt", "converted"),
        ])
    );
    assert_ne!(fs::read(root.join("out/sub/b.json")).unwrap(), first_b);

    // A deleted output is written again even though its input did not change.
    fs::remove_file(root.join("out/sub/b.json")).unwrap();
    convert(root, &[]);
    assert!(root.join("out/sub/b.json").is_file());

    // --force converts everything.
    convert(root, &["--force"]);
    let m = manifest(&root.join("out"));
    assert_eq!(m["totals"]["converted"], 2);
    assert_eq!(m["totals"]["unchanged"], 0);
    let a: Value = serde_json::from_slice(&fs::read(root.join("out/a.json")).unwrap()).unwrap();
    assert_eq!(a["schema"], "plandoc/plan@1");
}

#[test]
fn a_manifest_from_other_options_is_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    corpus(root);
    convert(root, &[]);
    convert(root, &["--compact"]);
    let m = manifest(&root.join("out"));
    assert_eq!(m["totals"]["converted"], 2, "{m:#}");
    let a = fs::read_to_string(root.join("out/a.json")).unwrap();
    assert_eq!(a.lines().count(), 1, "compact output rewritten");
}

#[test]
fn jsonl_rerun_reuses_lines_and_matches_a_fresh_run() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    corpus(root);
    assert_eq!(convert(root, &["--format", "jsonl"]), 1);
    let jsonl = fs::read_to_string(root.join("out/plans.jsonl")).unwrap();
    let paths: Vec<String> = jsonl
        .lines()
        .map(|l| {
            let plan: Value = serde_json::from_str(l).unwrap();
            plan["source"]["path"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(paths, ["in/a.txt", "in/sub/b.txt"]);

    let mut changed = fs::read("seeds/son-la-142.txt").unwrap();
    changed.extend_from_slice(b"\n\n");
    fs::write(root.join("in/sub/b.txt"), changed).unwrap();
    convert(root, &["--format", "jsonl"]);
    assert_eq!(
        statuses(&manifest(&root.join("out"))),
        pairs(&[
            ("in/a.txt", "unchanged"),
            ("in/bad.txt", "failed"),
            ("in/sub/b.txt", "converted"),
        ])
    );
    let rerun = fs::read(root.join("out/plans.jsonl")).unwrap();
    convert(root, &["--format", "jsonl", "--force"]);
    let fresh = fs::read(root.join("out/plans.jsonl")).unwrap();
    assert_eq!(rerun, fresh);

    // A damaged line is not copied blindly: its hash no longer matches, so it is converted.
    let mut damaged = fresh.clone();
    // A digit of the source's hash: the same offset and length, so still convert's to replace.
    let hash = fresh
        .windows(10)
        .position(|w| w == b"\"sha256\":\"")
        .unwrap();
    damaged[hash + 10] ^= 0x01;
    fs::write(root.join("out/plans.jsonl"), &damaged).unwrap();
    convert(root, &["--format", "jsonl"]);
    assert_eq!(fs::read(root.join("out/plans.jsonl")).unwrap(), fresh);
    assert_eq!(
        manifest(&root.join("out"))["inputs"][0]["status"],
        "converted"
    );
}

#[test]
fn an_input_that_now_fails_keeps_its_output_and_a_moved_name_loses_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    corpus(root);
    assert_eq!(convert(root, &[]), 1);
    assert!(root.join("out/a.json").is_file());

    // A file caught mid-save fails, and its last good plan stays.
    let good = fs::read(root.join("in/a.txt")).unwrap();
    for extra in [&[][..], &["--force"][..]] {
        fs::write(root.join("in/a.txt"), b"\n \n").unwrap();
        assert_eq!(convert(root, extra), 1);
        assert!(root.join("out/a.json").is_file(), "{extra:?}");
        let m = manifest(&root.join("out"));
        assert_eq!(m["inputs"][0]["path"], "in/a.txt");
        assert_eq!(m["inputs"][0]["status"], "failed");
        fs::write(root.join("in/a.txt"), &good).unwrap();
    }
    assert_eq!(convert(root, &[]), 1);

    // A new file clashing with it moves its name (a.txt.json): the old a.json goes.
    fs::copy("seeds/gia-lai-142.txt", root.join("in/a.md")).unwrap();
    assert_eq!(convert(root, &[]), 1);
    assert!(!root.join("out/a.json").exists());
    assert!(root.join("out/a.txt.json").is_file());
    assert!(root.join("out/a.md.json").is_file());

    // Files this tool did not write are never removed, whatever a manifest says: one outside
    // the output folder, one it holds, and an input of this run inside it.
    // (The first and the last read as plans, so that only their place protects them.)
    fs::copy(root.join("out/a.md.json"), root.join("victim.json")).unwrap();
    fs::write(root.join("out/mine.json"), b"{}\n").unwrap();
    fs::create_dir_all(root.join("out/data")).unwrap();
    fs::copy(root.join("out/a.md.json"), root.join("out/data/keep.json")).unwrap();
    let path = root.join("out/manifest.json");
    for (name, extra_input) in [
        ("../victim.json", None),
        ("mine.json", None),
        ("data/keep.json", Some("out/data/keep.json")),
    ] {
        let text = fs::read_to_string(&path).unwrap();
        let edited = text.replacen(
            "\"output\": \"a.txt.json\"",
            &format!("\"output\": \"{name}\""),
            1,
        );
        assert_ne!(edited, text, "the manifest names a.txt.json");
        fs::write(&path, edited).unwrap();
        let mut args = vec!["convert", "in", "--out-dir", "out", "--quiet"];
        args.extend(extra_input);
        plandoc().current_dir(root).args(&args).output().unwrap();
        assert!(root.join("victim.json").is_file(), "{name}");
        assert!(root.join("out/data/keep.json").is_file(), "{name}");
    }
    // The manifest named mine.json as a.txt's old output, but it is no plan this tool wrote.
    assert!(root.join("out/mine.json").is_file());
}

/// An output folder that also holds other files (here the inputs' own folder, where "b.json" sits
/// beside "b.txt"): a file convert did not write is never replaced, with or without `--force`;
/// the input is failed with the reason, the others are converted. Once the file is moved away,
/// the output is convert's own and a forced rerun may replace it.
#[test]
fn a_file_convert_did_not_write_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    inputs(
        root,
        &[("son-la-142.txt", "a.txt"), ("son-la-142.txt", "b.txt")],
    );
    fs::write(root.join("in/b.json"), b"{\"keep\": 1}\n").unwrap();
    for extra in [&[][..], &["--force"][..]] {
        assert_eq!(convert_in(root, "in", extra), 1, "{extra:?}");
        assert_eq!(
            fs::read(root.join("in/b.json")).unwrap(),
            b"{\"keep\": 1}\n"
        );
        assert_eq!(
            statuses(&manifest(&root.join("in"))),
            pairs(&[("in/a.txt", "converted"), ("in/b.txt", "failed")])
        );
        let m = manifest(&root.join("in"));
        let reason = m["inputs"][1]["error"].as_str().unwrap();
        assert!(reason.contains("did not write"), "{reason}");
    }
    fs::remove_file(root.join("in/b.json")).unwrap();
    assert_eq!(convert_in(root, "in", &[]), 0);
    assert_eq!(convert_in(root, "in", &["--force"]), 0);
    assert!(fs::read_to_string(root.join("in/b.json"))
        .unwrap()
        .contains("plandoc/plan@1"));
}

/// Switching the format in the same output folder leaves no plans of the other format behind:
/// a script reading `*.json` or `plans.jsonl` must not find last week's plans as current.
#[test]
fn switching_the_format_removes_the_other_formats_plans() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    inputs(
        root,
        &[("son-la-142.txt", "a.txt"), ("gia-lai-142.txt", "b.txt")],
    );
    let listing = |root: &Path| -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(root.join("out"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(convert(root, &[]), 0);
    assert_eq!(listing(root), ["a.json", "b.json", "manifest.json"]);
    // A file of the user's own in the output folder is never touched.
    fs::write(root.join("out/notes.json"), b"{\"mine\": true}\n").unwrap();
    // Each file removed is named, with where its plan is now, even under --quiet.
    let said = |format: &str| -> String {
        let output = plandoc()
            .current_dir(root)
            .args([
                "convert",
                "in",
                "--out-dir",
                "out",
                "--quiet",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let notes = said("jsonl");
    for input in ["a", "b"] {
        let note = format!(
            "plandoc: note: removed out/{input}.json: the plan of in/{input}.txt is now in \
             out/plans.jsonl\n"
        );
        assert!(notes.contains(&note), "{notes}");
    }
    // (with the hashes of its lines, which show a later run that they are convert's)
    assert_eq!(
        listing(root),
        [
            ".plans.jsonl.sha256",
            "manifest.json",
            "notes.json",
            "plans.jsonl"
        ]
    );
    let notes = said("json");
    assert!(
        notes.contains(
            "plandoc: note: removed out/plans.jsonl: every plan in it has a file of its own now\n"
        ),
        "{notes}"
    );
    assert_eq!(
        listing(root),
        ["a.json", "b.json", "manifest.json", "notes.json"]
    );
}

/// The JSON Lines file of an earlier run goes only when every input it held has its own plan
/// file now: not when one of them fails, nor when only some inputs are given.
#[test]
fn the_jsonl_file_stays_while_it_holds_a_plan_no_file_replaces() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    inputs(
        root,
        &[("son-la-142.txt", "a.txt"), ("gia-lai-142.txt", "b.txt")],
    );
    assert_eq!(convert(root, &["--format", "jsonl"]), 0);
    let jsonl = root.join("out/plans.jsonl");
    // b now fails: its last good plan is only in the JSON Lines file.
    fs::write(root.join("in/b.txt"), b"\x7fELF\x02\x01\x01\0\0\0").unwrap();
    assert_eq!(convert(root, &["--format", "json"]), 1);
    assert!(jsonl.exists());
    // Only a is given: b's plan stays where it is.
    fs::copy("seeds/gia-lai-142.txt", root.join("in/b.txt")).unwrap();
    assert_eq!(convert(root, &["--format", "jsonl", "--force"]), 0);
    let output = common::plandoc()
        .current_dir(root)
        .args(["convert", "in/a.txt", "--out-dir", "out", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(jsonl.exists());
}

/// Only a file the manifest names, spelt as it names it, or this input's own plan, is replaced:
/// "Plan.json" of the user's own beside a recorded "plan.json" is not, nor another file's plan.
#[test]
fn a_users_file_is_not_taken_for_convert_by_its_name_or_schema() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    inputs(root, &[("son-la-142.txt", "b.txt")]);
    // A plan `plandoc parse` wrote for another file, where b's plan would go.
    let other = common::plandoc()
        .args(["parse", "seeds/gia-lai-142.txt"])
        .output()
        .unwrap();
    fs::create_dir_all(root.join("out")).unwrap();
    fs::write(root.join("out/b.json"), &other.stdout).unwrap();
    assert_eq!(convert(root, &[]), 1);
    assert_eq!(fs::read(root.join("out/b.json")).unwrap(), other.stdout);
    // Its own plan, written by a run killed before its manifest, is convert's to replace.
    let own = common::plandoc()
        .current_dir(root)
        .args(["parse", "in/b.txt"])
        .output()
        .unwrap();
    fs::write(root.join("out/b.json"), &own.stdout).unwrap();
    fs::remove_file(root.join("out/manifest.json")).unwrap();
    assert_eq!(convert(root, &[]), 0);
}

/// An input that fails keeps its last good plan in either format, run after run: the plan file
/// with `--format json`, its line of `plans.jsonl` with `--format jsonl` (the manifest records
/// the failure, and where the kept line is).
#[test]
fn a_failed_input_keeps_its_last_good_plan_in_either_format() {
    for format in ["json", "jsonl"] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        inputs(
            root,
            &[("son-la-142.txt", "a.txt"), ("gia-lai-142.txt", "b.txt")],
        );
        let args = ["--format", format];
        assert_eq!(convert(root, &args), 0);
        let plans = |root: &Path| -> Vec<(String, Value)> {
            let out = root.join("out");
            let texts: Vec<String> = if format == "json" {
                ["a.json", "b.json"]
                    .iter()
                    .filter_map(|name| fs::read_to_string(out.join(name)).ok())
                    .collect()
            } else {
                let all = fs::read_to_string(out.join("plans.jsonl")).unwrap();
                all.lines().map(str::to_string).collect()
            };
            texts
                .iter()
                .map(|text| {
                    let plan: Value = serde_json::from_str(text).unwrap();
                    (plan["source"]["path"].as_str().unwrap().to_string(), plan)
                })
                .collect()
        };
        let good = plans(root);
        assert_eq!(good.len(), 2, "{format}");
        fs::write(root.join("in/a.txt"), b"\n \n").unwrap();
        for extra in [&[][..], &["--force"][..], &[][..]] {
            let mut all = args.to_vec();
            all.extend(extra);
            assert_eq!(convert(root, &all), 1, "{format} {extra:?}");
            assert_eq!(plans(root), good, "{format} {extra:?}");
            let m = manifest(&root.join("out"));
            assert_eq!(m["inputs"][0]["status"], "failed", "{format}: {m:#}");
        }
        // Once it reads again, it is converted as usual.
        fs::copy("seeds/son-la-142.txt", root.join("in/a.txt")).unwrap();
        assert_eq!(convert(root, &args), 0);
        assert_eq!(plans(root), good, "{format}");
    }
}

/// A rerun keeps a plan file only while its bytes are those the manifest recorded: one a killed
/// run with other options overwrote, or one emptied or cut short by hand, is written again.
#[test]
fn a_rerun_writes_again_outputs_whose_bytes_changed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    inputs(
        root,
        &[
            ("son-la-142.txt", "a.txt"),
            ("gia-lai-142.txt", "b.txt"),
            ("kon-tum-142.txt", "c.txt"),
            ("dak-lak-142.txt", "d.txt"),
        ],
    );
    assert_eq!(convert(root, &[]), 0);
    let out = root.join("out");
    let first = tree(&out);
    assert_eq!(convert_in(root, "compact", &["--compact"]), 0);
    fs::copy(root.join("compact/a.json"), out.join("a.json")).unwrap();
    fs::write(out.join("b.json"), b"").unwrap();
    fs::write(out.join("c.json"), &first["c.json"][..200]).unwrap();
    assert_eq!(convert(root, &[]), 0);
    assert_eq!(
        statuses(&manifest(&out)),
        pairs(&[
            ("in/a.txt", "converted"),
            ("in/b.txt", "converted"),
            ("in/c.txt", "converted"),
            ("in/d.txt", "unchanged"),
        ])
    );
    let m = manifest(&out);
    for entry in m["inputs"].as_array().unwrap() {
        let name = entry["output"].as_str().unwrap();
        let recorded = entry["output_sha256"].as_str().unwrap();
        // The hash is taken while the JSON streams out: it must be the written file's.
        let written = sha2::Sha256::digest(&tree(&out)[name]);
        let written: String = written.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(recorded, written, "{entry}");
        assert_eq!(tree(&out)[name], first[name], "{name}");
    }
    assert_eq!(convert(root, &[]), 0);
    assert_eq!(manifest(&out)["totals"]["unchanged"], 4);
}

/// Outputs written for inputs spelt one way are convert's own when they are spelt another way
/// (`./in`, `in/`, an absolute path), after a run killed before its manifest or a run given only
/// some of the inputs: no "would replace" failure.
#[test]
fn another_spelling_of_the_inputs_takes_up_the_outputs_already_written() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    inputs(
        root,
        &[("son-la-142.txt", "a.txt"), ("gia-lai-142.txt", "b.txt")],
    );
    assert_eq!(convert(root, &[]), 0);
    let absolute = root.join("in").canonicalize().unwrap();
    let absolute = absolute.to_str().unwrap();
    let run = |inputs: &[&str], extra: &[&str]| {
        let output = plandoc()
            .current_dir(root)
            .arg("convert")
            .args(inputs)
            .args(["--out-dir", "out", "--quiet"])
            .args(extra)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        (output.status.code(), stderr)
    };
    for spelling in ["./in", "in/", absolute, "in"] {
        for extra in [&[][..], &["--force"][..]] {
            // As a run killed before it wrote its manifest leaves the folder.
            fs::remove_file(root.join("out/manifest.json")).unwrap();
            assert_eq!(
                run(&[spelling], extra),
                (Some(0), String::new()),
                "{spelling}"
            );
        }
        // A run given one input forgets the other's plan file; the folder spelt anew takes
        // it up again.
        assert_eq!(run(&["in/a.txt"], &[]), (Some(0), String::new()));
        assert_eq!(
            run(&[spelling], &[]),
            (Some(0), String::new()),
            "{spelling}"
        );
    }
}

/// Temporary files a killed run left (`.plandoc-XXXXXX.tmp`, an earlier build's names) in the
/// folders convert writes to are removed by the next run once left untouched for ten minutes;
/// nothing else is, and no other folder is looked into.
#[test]
fn temporary_files_a_killed_run_left_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    inputs(root, &[("son-la-142.txt", "a.txt")]);
    fs::create_dir_all(root.join("in/sub")).unwrap();
    fs::copy("seeds/gia-lai-142.txt", root.join("in/sub/b.txt")).unwrap();
    assert_eq!(convert(root, &[]), 0);
    let stale = ["out/.plandoc-Ab12Cd.tmp", "out/sub/.plandoc-zz99ZZ.tmp"];
    let kept = [
        "out/.plandoc-notes.txt",
        "out/.plandoc-Ab12Cd7.tmp",
        "out/.plandoc-Ab1.tmp",
        "out/.plandoc-Ab12Cd.tmp.keep",
        "out/plandoc-Ab12Cd.tmp",
        "out/other/.plandoc-Ab12Cd.tmp",
        "in/.plandoc-Qw12Er.tmp",
    ];
    fs::create_dir_all(root.join("out/other")).unwrap();
    for name in stale.iter().chain(&kept) {
        write_an_hour_ago(&root.join(name), b"half a plan");
    }
    // Written just now, it may be another run's at work: it stays.
    let fresh = "out/.plandoc-Fr35h0.tmp";
    fs::write(root.join(fresh), b"being written").unwrap();
    assert_eq!(convert(root, &[]), 0);
    assert!(root.join(fresh).exists());
    for name in stale {
        assert!(!root.join(name).exists(), "{name}");
    }
    for name in kept {
        assert!(root.join(name).exists(), "{name}");
    }
    // A JSON Lines run writes only at the top of the output folder.
    write_an_hour_ago(&root.join(stale[0]), b"half a corpus");
    write_an_hour_ago(&root.join(stale[1]), b"half a plan");
    assert_eq!(convert(root, &["--format", "jsonl"]), 0);
    assert!(!root.join(stale[0]).exists());
    assert!(root.join(stale[1]).exists());
}

/// The plan file of an input removed from a folder goes (with a note), so that `*.json` holds no
/// plan of a document that is not there any more; outputs of inputs that are still there stay,
/// whether this run was given only some inputs or a --glob left them out.
#[test]
fn the_plan_of_a_removed_input_goes_and_the_others_stay() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    inputs(
        root,
        &[
            ("son-la-142.txt", "a.txt"),
            ("gia-lai-142.txt", "b.txt"),
            ("kon-tum-142.txt", "c.txt"),
        ],
    );
    assert_eq!(convert(root, &[]), 0);
    let out = root.join("out");
    let all = ["a.json", "b.json", "c.json"];
    let present = |names: &[&str]| names.iter().all(|name| out.join(name).is_file());
    for subset in [
        &["convert", "in/a.txt"][..],
        &["convert", "in", "--glob", "a.*"][..],
    ] {
        plandoc()
            .current_dir(root)
            .args(subset)
            .args(["--out-dir", "out", "--quiet"])
            .assert()
            .code(0)
            .stderr("");
        assert!(present(&all), "{subset:?}");
        assert_eq!(convert(root, &[]), 0);
    }
    fs::remove_file(root.join("in/b.txt")).unwrap();
    let output = plandoc()
        .current_dir(root)
        .args(["convert", "in", "--out-dir", "out", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "plandoc: note: removed out/b.json: its input in/b.txt is no longer there\n"
    );
    assert!(!out.join("b.json").exists());
    assert!(present(&["a.json", "c.json"]));
    assert_eq!(
        statuses(&manifest(&out)),
        pairs(&[("in/a.txt", "unchanged"), ("in/c.txt", "unchanged")])
    );
}

/// The folder spelt "./in/" one run and "in" the next is one folder: a file gone from it loses
/// its plan file all the same.
#[test]
fn a_removed_input_is_gone_whatever_its_folders_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    inputs(
        root,
        &[("son-la-142.txt", "a.txt"), ("gia-lai-142.txt", "b.txt")],
    );
    plandoc()
        .current_dir(root)
        .args(["convert", "./in/", "--out-dir", "out", "--quiet"])
        .assert()
        .code(0);
    fs::remove_file(root.join("in/b.txt")).unwrap();
    let output = plandoc()
        .current_dir(root)
        .args(["convert", "in", "--out-dir", "out", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(!root.join("out/b.json").exists(), "{output:?}");
    assert!(root.join("out/a.json").is_file());
}

/// A name that is not UTF-8 is shown with U+FFFD, which names no file: an input left out by a
/// --glob under such a name is not taken for gone, and its plan file stays.
#[cfg(unix)]
#[test]
fn an_input_named_in_other_bytes_is_not_taken_for_gone() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    inputs(root, &[("son-la-142.txt", "a.txt")]);
    fs::copy(
        "seeds/gia-lai-142.txt",
        root.join("in").join(OsStr::from_bytes(b"k\xe8.txt")),
    )
    .unwrap();
    assert_eq!(convert(root, &[]), 0);
    assert!(root.join("out/k\u{FFFD}.json").is_file());
    assert_eq!(convert(root, &["--glob", "a.*"]), 0);
    assert!(root.join("out/k\u{FFFD}.json").is_file());
}

/// Two checkouts converted into one shared folder, each from its own folder: the first one's
/// "./a.txt" is not missing because the second has none. Its plan stays.
#[test]
fn a_run_from_another_folder_removes_no_plan_of_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for (folder, seed, name) in [
        ("one", "dak-lak-142.txt", "a.txt"),
        ("two", "son-la-142.txt", "b.txt"),
    ] {
        fs::create_dir_all(root.join(folder)).unwrap();
        fs::copy(format!("seeds/{seed}"), root.join(folder).join(name)).unwrap();
    }
    let shared = root.join("plans");
    for folder in ["one", "two"] {
        let output = plandoc()
            .current_dir(root.join(folder))
            .args(["convert", ".", "--quiet", "--out-dir"])
            .arg(&shared)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{folder}");
    }
    assert!(shared.join("a.json").is_file());
    assert!(shared.join("b.json").is_file());
}

/// A run over a subfolder names its plans below that folder: "a.json" would then be the plan
/// of the outer folder's a.txt, an input not in this run. It is not replaced.
#[test]
fn a_subset_run_does_not_replace_the_plan_of_another_input() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    inputs(root, &[("dak-lak-142.txt", "a.txt")]);
    fs::create_dir_all(root.join("in/sub")).unwrap();
    fs::copy("seeds/son-la-142.txt", root.join("in/sub/a.txt")).unwrap();
    assert_eq!(convert(root, &[]), 0);
    let outer = fs::read(root.join("out/a.json")).unwrap();
    let inner = fs::read(root.join("out/sub/a.json")).unwrap();
    let output = plandoc()
        .current_dir(root)
        .args(["convert", "in/sub", "--out-dir", "out", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("the plan of in/a.txt"), "{stderr}");
    assert_eq!(fs::read(root.join("out/a.json")).unwrap(), outer);
    assert_eq!(fs::read(root.join("out/sub/a.json")).unwrap(), inner);
}

/// The manifest's relative paths are read from the folder its run was started in: run from
/// another folder, "./a.txt" is another file, whose plan neither moves nor replaces the first's.
#[test]
fn a_run_from_another_folder_neither_moves_nor_replaces_the_firsts_plans() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("in/sub")).unwrap();
    fs::create_dir_all(root.join("other")).unwrap();
    fs::copy("seeds/dak-lak-142.txt", root.join("in/a.txt")).unwrap();
    fs::copy("seeds/son-la-142.txt", root.join("in/sub/a.txt")).unwrap();
    fs::copy("seeds/gia-lai-142.txt", root.join("other/a.txt")).unwrap();
    fs::copy("seeds/kon-tum-142.txt", root.join("other/a.md")).unwrap();
    let out = root.join("out");
    let run = |folder: &str| {
        plandoc()
            .current_dir(root.join(folder))
            .args(["convert", ".", "--quiet", "--out-dir"])
            .arg(&out)
            .output()
            .unwrap()
    };
    assert_eq!(run("in").status.code(), Some(0));
    let first = fs::read(out.join("a.json")).unwrap();
    // other/a.txt clashes with other/a.md and is named a.txt.json: the first run's a.json is
    // in/a.txt's, not a moved plan of this "./a.txt".
    assert_eq!(run("other").status.code(), Some(0));
    assert_eq!(fs::read(out.join("a.json")).unwrap(), first);
    // From in/sub, "./a.txt" would be named a.json: that is in/a.txt's plan, refused.
    let output = run("in/sub");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert_eq!(fs::read(out.join("a.json")).unwrap(), first);
}

/// A folder whose every file changed, one of them gone: the gone one's plan goes all the same.
#[test]
fn a_gone_input_goes_even_when_every_other_input_changed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    inputs(root, &[("son-la-142.txt", "plan.txt")]);
    assert_eq!(convert(root, &[]), 0);
    assert!(root.join("out/plan.json").is_file());
    fs::remove_file(root.join("in/plan.txt")).unwrap();
    fs::copy("seeds/gia-lai-142.txt", root.join("in/other.txt")).unwrap();
    assert_eq!(convert(root, &[]), 0);
    assert!(!root.join("out/plan.json").exists());
    assert!(root.join("out/other.json").is_file());
}

/// A manifest a rerun cannot use is said on standard error with the reason, and the inputs are
/// converted again: an older build's fields, another version, other options (named). A file in
/// its place that is not plandoc's manifest (not JSON, another schema, a folder) is someone's:
/// the run is refused before anything is converted, unless `--force` asks to replace it.
#[test]
fn a_manifest_a_rerun_cannot_use_is_named_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    corpus(root);
    let run = |extra: &[&str]| {
        let output = plandoc()
            .current_dir(root)
            .args(["convert", "in", "--out-dir", "out", "--quiet"])
            .args(extra)
            .output()
            .unwrap();
        (
            output.status.code().unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    let (code, said) = run(&[]);
    assert_eq!(code, 1, "bad.txt fails: {said}");
    assert!(!said.contains("manifest"), "a first run has none: {said}");
    assert!(
        !run(&[]).1.contains("note:"),
        "a good one is used in silence"
    );
    let path = root.join("out/manifest.json");
    let good = fs::read_to_string(&path).unwrap();

    let ours: [(&str, String, &str); 3] = [
        (
            "an older build's fields",
            good.replacen("\"options\"", "\"settings\"", 1),
            "cannot read",
        ),
        (
            "another version",
            good.replacen(
                &format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION")),
                "\"version\": \"0.0.1\\u001b[2J\"",
                1,
            ),
            "written by plandoc 0.0.1␛[2J",
        ),
        (
            "other options",
            good.replacen("\"compact\": false", "\"compact\": true", 1),
            "other options: --compact left out",
        ),
    ];
    for (case, text, reason) in ours {
        assert_ne!(text, good, "{case}: the edit applies");
        fs::write(&path, text).unwrap();
        let (code, said) = run(&[]);
        assert_eq!(code, 1, "{case}: {said}");
        assert!(said.contains("manifest.json"), "{case}: {said}");
        assert!(said.contains(reason), "{case}: {said}");
        assert!(said.contains("converted again"), "{case}: {said}");
        assert!(
            !said.contains('\u{1b}'),
            "{case}: a control character quoted raw"
        );
        let m = manifest(&root.join("out"));
        assert_eq!(m["totals"]["converted"], 2, "{case}: {m:#}");
        assert_eq!(m["totals"]["unchanged"], 0, "{case}");
    }

    // A later plandoc's manifest (before a downgrade) is plandoc's own: a note, then replaced.
    fs::write(&path, "{\"schema\": \"plandoc/convert-manifest@2\"}").unwrap();
    let (code, said) = run(&[]);
    assert_eq!(code, 1, "{said}");
    assert!(said.contains("a manifest of another plandoc"), "{said}");
    // A byte-order mark an editor added on saving does not make it another's: used as it is.
    fs::write(&path, format!("\u{FEFF}{good}")).unwrap();
    let (code, said) = run(&[]);
    assert_eq!(code, 1, "{said}");
    assert!(!said.contains("note:"), "{said}");
    assert_eq!(manifest(&root.join("out"))["totals"]["unchanged"], 2);

    let foreign: [(&str, &str, &str); 3] = [
        ("not JSON", "{\"schema\": ", "is not JSON"),
        (
            "another schema",
            "{\"schema\": \"someone/else@1\"}",
            "is not a plandoc convert manifest",
        ),
        ("no schema", "{\"files\": []}", "no \"schema\" field"),
    ];
    for (case, text, reason) in foreign {
        fs::write(&path, text).unwrap();
        let (code, said) = run(&[]);
        assert_eq!(code, 2, "{case}: {said}");
        assert!(
            said.contains(reason) && said.contains("--force"),
            "{case}: {said}"
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), text, "{case}: kept");
        let (code, said) = run(&["--force"]);
        assert_eq!(code, 1, "{case}: forced: {said}");
        assert_eq!(
            manifest(&root.join("out"))["totals"]["converted"],
            2,
            "{case}"
        );
    }
    // A folder in its place cannot be replaced, forced or not; nothing is converted first.
    fs::remove_file(&path).unwrap();
    fs::create_dir(&path).unwrap();
    let before = fs::metadata(root.join("out/a.json"))
        .unwrap()
        .modified()
        .unwrap();
    for extra in [&[][..], &["--force"][..]] {
        let (code, said) = run(extra);
        assert_eq!(code, 2, "{said}");
        assert!(said.contains("is not a file"), "{said}");
    }
    let after = fs::metadata(root.join("out/a.json"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after, "nothing converted before the refusal");
    fs::remove_dir(&path).unwrap();

    // --force asks for a fresh run: no note.
    let (_, said) = run(&["--compact", "--force"]);
    assert!(!said.contains("note:"), "{said}");
}

/// The manifest goes on naming the last good plan a failed input kept: once the input is mended
/// (edited, so its bytes are new), its plan is written over the kept one — with or without
/// `--force` — instead of being refused as a file convert did not write.
#[test]
fn a_failed_input_mended_with_new_words_replaces_its_kept_plan() {
    for extra in [&[][..], &["--force"][..]] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        inputs(
            root,
            &[("son-la-142.txt", "a.txt"), ("gia-lai-142.txt", "b.txt")],
        );
        assert_eq!(convert(root, &[]), 0);
        let kept = fs::read(root.join("out/a.json")).unwrap();
        fs::write(root.join("in/a.txt"), b"").unwrap();
        assert_eq!(convert(root, extra), 1);
        let m = manifest(&root.join("out"));
        let failed = &m["inputs"][0];
        assert_eq!(failed["status"], "failed");
        assert_eq!(failed["output"], "a.json", "{m:#}");
        let sha256 = sha256_hex(&kept);
        assert_eq!(failed["output_sha256"], sha256.as_str());
        assert_eq!(fs::read(root.join("out/a.json")).unwrap(), kept);

        let mut mended = seed("son-la-142.txt");
        mended.extend_from_slice("\nBổ sung.\n".as_bytes());
        fs::write(root.join("in/a.txt"), &mended).unwrap();
        let output = plandoc()
            .current_dir(root)
            .args(["convert", "in", "--out-dir", "out", "--quiet"])
            .args(extra)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{extra:?}: {stderr}");
        assert_ne!(fs::read(root.join("out/a.json")).unwrap(), kept);
        assert_eq!(
            manifest(&root.join("out"))["inputs"][0]["status"],
            "converted"
        );
    }
}

/// jsonl → json with an input failing → jsonl: the failed input's line of the first
/// `plans.jsonl` is still its last good plan in the last one.
#[test]
fn a_failed_input_keeps_its_line_across_a_run_in_the_other_format() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    inputs(
        root,
        &[("son-la-142.txt", "a.txt"), ("gia-lai-142.txt", "b.txt")],
    );
    assert_eq!(convert(root, &["--format", "jsonl"]), 0);
    let first = fs::read_to_string(root.join("out/plans.jsonl")).unwrap();
    let a_line = first.lines().next().unwrap().to_string();
    assert!(a_line.contains("\"in/a.txt\""));
    fs::write(root.join("in/a.txt"), b"GIF89a\0\0\0\0").unwrap();
    assert_eq!(convert(root, &["--format", "json"]), 1);
    assert!(root.join("out/plans.jsonl").is_file());
    let m = manifest(&root.join("out"));
    assert!(m["inputs"][0]["jsonl"].is_object(), "{m:#}");
    assert_eq!(convert(root, &["--format", "jsonl"]), 1);
    let last = fs::read_to_string(root.join("out/plans.jsonl")).unwrap();
    assert_eq!(last.lines().count(), 2);
    assert_eq!(last.lines().next().unwrap(), a_line);
}

/// A plan file is removed, with a note, once its input is gone from a folder the run walks —
/// also when that input failed in between (its entry named the plan it kept), and when a folder
/// has taken the input's name.
#[test]
fn plans_of_inputs_gone_are_removed_even_after_a_failure_or_a_folder_in_their_place() {
    for case in ["failed, then deleted", "replaced by a folder"] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        inputs(
            root,
            &[("son-la-142.txt", "a.txt"), ("gia-lai-142.txt", "b.txt")],
        );
        assert_eq!(convert(root, &[]), 0);
        if case == "failed, then deleted" {
            fs::write(root.join("in/a.txt"), b"GIF89a\0\0").unwrap();
            assert_eq!(convert(root, &[]), 1);
            fs::remove_file(root.join("in/a.txt")).unwrap();
        } else {
            fs::remove_file(root.join("in/a.txt")).unwrap();
            fs::create_dir(root.join("in/a.txt")).unwrap();
            fs::copy("seeds/kon-tum-142.txt", root.join("in/a.txt/c.txt")).unwrap();
        }
        let output = plandoc()
            .current_dir(root)
            .args(["convert", "in", "--out-dir", "out"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{case}: {stderr}");
        assert!(!root.join("out/a.json").exists(), "{case}");
        assert!(
            stderr.contains("removed out/a.json: its input in/a.txt is no longer there"),
            "{case}: {stderr}"
        );
        assert!(root.join("out/b.json").is_file());
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A run started inside the input folder, then a run over a subfolder from outside (its manifest
/// names only the subfolder's inputs), then a run over the whole folder: the first run's plan
/// (source path "son-la.txt" from inside, the same bytes) is known as this input's, not refused
/// as a file convert did not write.
#[test]
fn a_plan_written_from_inside_the_input_folder_is_known_from_outside() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("in/sub")).unwrap();
    fs::copy("seeds/son-la-142.txt", root.join("in/son-la.txt")).unwrap();
    fs::copy("seeds/gia-lai-142.txt", root.join("in/sub/gia-lai.txt")).unwrap();
    let run = |folder: &Path, args: &[&str]| {
        plandoc()
            .current_dir(folder)
            .arg("convert")
            .args(args)
            .arg("--quiet")
            .output()
            .unwrap()
    };
    assert!(run(&root.join("in"), &[".", "-o", "../out"])
        .status
        .success());
    assert!(run(root, &["in/sub", "-o", "out"]).status.success());
    for extra in [&[][..], &["--force"][..]] {
        let mut args = vec!["in", "-o", "out"];
        args.extend(extra);
        let output = run(root, &args);
        assert!(
            output.status.success(),
            "{extra:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // The last run wrote it: its source is spelt as that run spells the input.
    let plan: serde_json::Value =
        serde_json::from_slice(&fs::read(root.join("out/son-la.json")).unwrap()).unwrap();
    assert_eq!(plan["source"]["path"], "in/son-la.txt");
}

/// json, then jsonl with an input failing (its entry names the json plan file it kept), then
/// jsonl with the input mended: the kept plan file is not its plan any more and goes; a later
/// json run then writes the input's plan file, not refused as a file convert did not write.
#[test]
fn a_kept_plan_file_goes_once_its_input_is_converted_into_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    inputs(
        root,
        &[("son-la-142.txt", "a.txt"), ("gia-lai-142.txt", "b.txt")],
    );
    assert_eq!(convert(root, &[]), 0);
    fs::write(root.join("in/a.txt"), b"").unwrap();
    assert_eq!(convert(root, &["--format", "jsonl"]), 1);
    assert!(root.join("out/a.json").is_file(), "kept while it fails");
    let mut mended = seed("son-la-142.txt");
    mended.extend_from_slice("\nThêm.\n".as_bytes());
    fs::write(root.join("in/a.txt"), &mended).unwrap();
    assert_eq!(convert(root, &["--format", "jsonl"]), 0);
    assert!(!root.join("out/a.json").exists());
    assert_eq!(convert(root, &[]), 0);
    assert!(root.join("out/a.json").is_file());
}

/// A plan file convert would remove (its input now in JSON Lines) is removed only while it has
/// the bytes the manifest recorded: the user's own `plandoc parse` output put there since stays.
#[test]
fn a_plan_file_replaced_by_the_users_own_is_not_removed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    inputs(
        root,
        &[("son-la-142.txt", "a.txt"), ("gia-lai-142.txt", "b.txt")],
    );
    assert_eq!(convert(root, &[]), 0);
    fs::write(root.join("in/a.txt"), b"").unwrap();
    assert_eq!(convert(root, &["--format", "jsonl"]), 1);
    let own = root.join("out/a.json");
    plandoc()
        .args(["parse", "seeds/kon-tum-142.txt", "-o"])
        .arg(&own)
        .assert()
        .success();
    let before = fs::read(&own).unwrap();
    let mut mended = seed("son-la-142.txt");
    mended.extend_from_slice("\nThêm.\n".as_bytes());
    fs::write(root.join("in/a.txt"), &mended).unwrap();
    assert_eq!(convert(root, &["--format", "jsonl"]), 0);
    assert_eq!(fs::read(&own).unwrap(), before);
}

/// `plans.jsonl` goes once every plan it holds has its own file: also when that happens a run
/// later (an input failed in the first `json` run, so the file stayed for it), and whatever the
/// spelling of the inputs (`./in` then `in`).
#[test]
fn the_jsonl_file_goes_once_nothing_needs_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    inputs(
        root,
        &[("son-la-142.txt", "a.txt"), ("gia-lai-142.txt", "b.txt")],
    );
    let jsonl = root.join("out/plans.jsonl");
    assert_eq!(convert(root, &["--format", "jsonl"]), 0);
    fs::write(root.join("in/a.txt"), b"GIF89a\0\0\0").unwrap();
    assert_eq!(convert(root, &[]), 1);
    assert!(jsonl.is_file(), "a's last good plan is there");
    fs::copy("seeds/son-la-142.txt", root.join("in/a.txt")).unwrap();
    assert_eq!(convert(root, &[]), 0);
    assert!(!jsonl.exists());

    let other = tempfile::tempdir().unwrap();
    let root = other.path();
    inputs(
        root,
        &[("son-la-142.txt", "a.txt"), ("gia-lai-142.txt", "b.txt")],
    );
    let run = |args: &[&str]| {
        plandoc()
            .current_dir(root)
            .arg("convert")
            .args(args)
            .args(["--out-dir", "out", "--quiet"])
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(run(&["./in", "--format", "jsonl"]), Some(0));
    assert_eq!(run(&["in"]), Some(0));
    assert!(!root.join("out/plans.jsonl").exists());
}

/// `plans.jsonl` stays while it holds a plan no file replaces: a `json` run over part of the
/// inputs (its manifest names only those) and a run from another checkout (its "in/a.txt" is
/// another file) leave it.
#[test]
fn the_jsonl_file_stays_for_inputs_a_run_did_not_convert() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    inputs(
        root,
        &[("son-la-142.txt", "a.txt"), ("gia-lai-142.txt", "b.txt")],
    );
    let run = |folder: &Path, args: &[&str]| {
        plandoc()
            .current_dir(folder)
            .arg("convert")
            .args(args)
            .args(["--quiet"])
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(
        run(root, &["in", "-o", "out", "--format", "jsonl"]),
        Some(0)
    );
    fs::write(root.join("in/a.txt"), b"").unwrap();
    assert_eq!(run(root, &["in/a.txt", "-o", "out"]), Some(1));
    fs::copy("seeds/son-la-142.txt", root.join("in/a.txt")).unwrap();
    assert_eq!(run(root, &["in/a.txt", "-o", "out"]), Some(0));
    let jsonl = fs::read_to_string(root.join("out/plans.jsonl")).unwrap();
    assert!(jsonl.contains("\"in/b.txt\""), "b's only plan is there");

    let other = tempfile::tempdir().unwrap();
    for (checkout, seeds) in [
        ("A", ["son-la-142.txt", "gia-lai-142.txt"]),
        ("B", ["kon-tum-142.txt", "dak-lak-142.txt"]),
    ] {
        fs::create_dir_all(other.path().join(checkout).join("in")).unwrap();
        for (seed, name) in seeds.iter().zip(["a.txt", "b.txt"]) {
            fs::copy(
                Path::new("seeds").join(seed),
                other.path().join(checkout).join("in").join(name),
            )
            .unwrap();
        }
    }
    let a = other.path().join("A");
    let b = other.path().join("B");
    assert_eq!(
        run(&a, &["in", "-o", "../out", "--format", "jsonl"]),
        Some(0)
    );
    // Twice: the second run's previous manifest is B's own, and A's lines are still no plans
    // of B's inputs.
    run(&b, &["in", "-o", "../out"]);
    run(&b, &["in", "-o", "../out"]);
    assert!(
        other.path().join("out/plans.jsonl").is_file(),
        "A's plans are there only"
    );
}

/// A `plans.jsonl` convert did not write (the user's own, made with `plandoc parse --compact`
/// after `json` runs) and a plan file the user edited are never removed.
#[test]
fn a_users_own_jsonl_and_an_edited_plan_file_are_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    inputs(
        root,
        &[("son-la-142.txt", "a.txt"), ("gia-lai-142.txt", "b.txt")],
    );
    assert_eq!(convert(root, &[]), 0);
    let mut own = Vec::new();
    for name in ["in/a.txt", "in/b.txt"] {
        let output = plandoc()
            .current_dir(root)
            .args(["parse", name, "--compact"])
            .output()
            .unwrap();
        own.extend(output.stdout);
    }
    fs::write(root.join("out/plans.jsonl"), &own).unwrap();
    assert_eq!(convert(root, &[]), 0);
    assert_eq!(fs::read(root.join("out/plans.jsonl")).unwrap(), own);

    fs::remove_file(root.join("out/plans.jsonl")).unwrap();
    let edited = fs::read_to_string(root.join("out/a.json"))
        .unwrap()
        .replacen("{", "{\n  \"my_review\": \"checked\",", 1);
    fs::write(root.join("out/a.json"), &edited).unwrap();
    assert_eq!(convert(root, &["--format", "jsonl"]), 0);
    assert_eq!(fs::read_to_string(root.join("out/a.json")).unwrap(), edited);
}

/// Writes `bytes` to `path` and dates the file an hour back, as a killed run's leftover is.
fn write_an_hour_ago(path: &Path, bytes: &[u8]) {
    fs::write(path, bytes).unwrap();
    let file = fs::File::options().write(true).open(path).unwrap();
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    file.set_modified(hour_ago).unwrap();
}

/// A nightly job that spells its input folder another way (`./in`, `in/`, `in//`) finds every
/// input in the manifest: nothing is converted again, and the manifest keeps one spelling.
#[test]
fn rerun_spelt_another_way_skips_unchanged_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    inputs(
        root,
        &[("dak-lak-142.txt", "a.txt"), ("son-la-142.txt", "b.txt")],
    );
    assert_eq!(convert_in(root, "out", &[]), 0);
    let first = manifest(&root.join("out"));
    for spelling in ["./in", "in/", "in//", "./in/./"] {
        let output = run_convert(root, &[spelling, "--out-dir", "out", "--quiet"]);
        assert_eq!(exit_code(&output), 0, "{spelling}: {}", stderr_of(&output));
        assert_eq!(
            statuses(&manifest(&root.join("out"))),
            pairs(&[("in/a.txt", "unchanged"), ("in/b.txt", "unchanged")]),
            "{spelling}"
        );
    }
    assert_eq!(rows(&first)[0].0, "in/a.txt");
}

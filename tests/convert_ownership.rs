//! `plandoc convert` keeps track of every plan it wrote in a folder, whatever each run was given:
//! a run over some of the inputs, a deleted folder, a folder named like the manifest or reached
//! through a symbolic link must never leave a plan that no manifest names (served as current,
//! and refused as someone else's when its input comes back), nor write one outside --out-dir.

use std::fs;
use std::path::Path;

mod common;
use common::*;

fn five_seeds(root: &Path) {
    fs::create_dir_all(root.join("in")).unwrap();
    for seed in [
        "dak-lak-142.txt",
        "gia-lai-142.txt",
        "kon-tum-142.txt",
        "kon-tum-nq03.txt",
        "son-la-142.txt",
    ] {
        fs::copy(Path::new("seeds").join(seed), root.join("in").join(seed)).unwrap();
    }
}

/// (path, carried) of each manifest entry.
fn carried(out: &Path) -> Vec<(String, bool)> {
    manifest(out)["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_string(),
                e["carried"].as_bool().unwrap_or(false),
            )
        })
        .collect()
}

/// Re-running one file by hand keeps the others on record: when one of them changes later, the
/// full run replaces its plan (it used to be refused for good as "not written by convert").
#[test]
fn a_run_over_some_inputs_keeps_the_others_on_record() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    five_seeds(root);
    assert_eq!(exit_code(&run_convert(root, &["in", "-o", "out", "-q"])), 0);
    let one = run_convert(root, &["in/son-la-142.txt", "-o", "out", "-q"]);
    assert_eq!(exit_code(&one), 0, "{}", stderr_of(&one));
    let entries = carried(&root.join("out"));
    assert_eq!(entries.len(), 5, "{entries:?}");
    assert_eq!(
        entries.iter().filter(|(_, carried)| *carried).count(),
        4,
        "{entries:?}"
    );
    assert!(entries.contains(&("in/son-la-142.txt".to_string(), false)));
    // A carried entry counts in no total of the run that carried it.
    assert_eq!(manifest(&root.join("out"))["totals"]["files"], 1);

    let mut edited = seed("dak-lak-142.txt");
    edited.extend_from_slice("\n1. Thêm một mục\n".as_bytes());
    fs::write(root.join("in/dak-lak-142.txt"), &edited).unwrap();
    let full = run_convert(root, &["in", "-o", "out", "-q"]);
    assert_eq!(exit_code(&full), 0, "{}", stderr_of(&full));
    let statuses: Vec<(String, String, String)> = rows(&manifest(&root.join("out")));
    assert!(
        statuses.contains(&(
            "in/dak-lak-142.txt".to_string(),
            "converted".to_string(),
            "dak-lak-142.json".to_string()
        )),
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .filter(|(path, _, _)| path != "in/dak-lak-142.txt")
            .all(|(_, status, _)| status == "unchanged"),
        "the carried entries are reused as they were: {statuses:?}"
    );
    assert!(carried(&root.join("out")).iter().all(|(_, c)| !c));
}

/// A file withdrawn (the run over the folder's files does not name it) and reissued later under
/// the same name with other words: its new plan replaces the old one.
#[test]
fn an_input_withdrawn_then_reissued_replaces_its_old_plan() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    five_seeds(root);
    let files = |root: &Path| -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(root.join("in"))
            .unwrap()
            .map(|e| format!("in/{}", e.unwrap().file_name().to_string_lossy()))
            .collect();
        names.sort();
        names
    };
    let by_files = |root: &Path| {
        let mut args: Vec<String> = files(root);
        args.extend(["-o", "out", "-q"].map(String::from));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run_convert(root, &args)
    };
    assert_eq!(exit_code(&by_files(root)), 0);
    fs::remove_file(root.join("in/dak-lak-142.txt")).unwrap();
    assert_eq!(exit_code(&by_files(root)), 0);
    fs::copy("seeds/kon-tum-142.txt", root.join("in/dak-lak-142.txt")).unwrap();
    let output = by_files(root);
    assert_eq!(exit_code(&output), 0, "{}", stderr_of(&output));
    let plan: serde_json::Value =
        serde_json::from_slice(&fs::read(root.join("out/dak-lak-142.json")).unwrap()).unwrap();
    let kon_tum: serde_json::Value =
        serde_json::from_slice(&fs::read(root.join("out/kon-tum-142.json")).unwrap()).unwrap();
    assert_eq!(plan["source"]["sha256"], kon_tum["source"]["sha256"]);
}

/// A whole subfolder deleted: its plans go, as a deleted file's do, and a file put back at an
/// old path later is converted.
#[test]
fn the_plans_of_a_deleted_subfolder_go() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("in/sub/deeper")).unwrap();
    fs::copy("seeds/son-la-142.txt", root.join("in/sub/x.txt")).unwrap();
    fs::copy("seeds/gia-lai-142.txt", root.join("in/sub/deeper/y.txt")).unwrap();
    fs::copy("seeds/dak-lak-142.txt", root.join("in/a.txt")).unwrap();
    assert_eq!(exit_code(&run_convert(root, &["in", "-o", "out", "-q"])), 0);
    fs::remove_dir_all(root.join("in/sub")).unwrap();
    let output = run_convert(root, &["in", "-o", "out"]);
    assert_eq!(exit_code(&output), 0);
    let said = stderr_of(&output);
    assert!(
        said.contains("removed out/sub/x.json: its input in/sub/x.txt is no longer there"),
        "{said}"
    );
    assert!(said.contains("removed out/sub/deeper/y.json"), "{said}");
    assert!(!root.join("out/sub/x.json").exists());
    assert!(!root.join("out/sub/deeper/y.json").exists());

    fs::create_dir_all(root.join("in/sub")).unwrap();
    fs::copy("seeds/kon-tum-142.txt", root.join("in/sub/x.txt")).unwrap();
    let output = run_convert(root, &["in", "-o", "out", "-q"]);
    assert_eq!(exit_code(&output), 0, "{}", stderr_of(&output));
    assert!(root.join("out/sub/x.json").is_file());
}

/// A folder inside --out-dir that is a symbolic link leading out of it: the plans that would go
/// through it fail (named, with the reason); nothing is written outside.
#[cfg(unix)]
#[test]
fn no_plan_is_written_through_a_link_leading_out_of_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("in/sub")).unwrap();
    fs::create_dir_all(root.join("victim")).unwrap();
    fs::create_dir_all(root.join("out")).unwrap();
    fs::copy("seeds/son-la-142.txt", root.join("in/sub/a.txt")).unwrap();
    fs::copy("seeds/dak-lak-142.txt", root.join("in/b.txt")).unwrap();
    std::os::unix::fs::symlink("../victim", root.join("out/sub")).unwrap();
    let output = run_convert(root, &["in", "-o", "out", "-q"]);
    assert_eq!(exit_code(&output), 1);
    let said = stderr_of(&output);
    assert!(
        said.contains("in/sub/a.txt: out/sub: leads outside the output folder out"),
        "{said}"
    );
    assert_eq!(fs::read_dir(root.join("victim")).unwrap().count(), 0);
    assert!(root.join("out/b.json").is_file());
}

/// A folder inside --out-dir that is a symbolic link to another of its folders (out/a → b):
/// written through, in/a/x.txt and in/b/x.txt would share one plan file, the second replacing
/// the first while the manifest named both. The input whose folder is the link fails, named;
/// the other input's plan is its own.
#[cfg(unix)]
#[test]
fn no_plan_is_written_through_a_link_to_another_folder_of_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("in/a")).unwrap();
    fs::create_dir_all(root.join("in/b")).unwrap();
    fs::create_dir_all(root.join("out/b")).unwrap();
    fs::copy("seeds/son-la-142.txt", root.join("in/a/x.txt")).unwrap();
    fs::copy("seeds/dak-lak-142.txt", root.join("in/b/x.txt")).unwrap();
    std::os::unix::fs::symlink("b", root.join("out/a")).unwrap();
    for jobs in ["1", "2"] {
        let output = run_convert(root, &["in", "-o", "out", "-q", "--force", "--jobs", jobs]);
        assert_eq!(exit_code(&output), 1, "{}", stderr_of(&output));
        let said = stderr_of(&output);
        assert!(
            said.contains("in/a/x.txt: out/a: leads to out/b (through a symbolic link)"),
            "{said}"
        );
        let plan = fs::read_to_string(root.join("out/b/x.json")).unwrap();
        assert!(plan.contains("\"in/b/x.txt\""), "{plan}");
        let manifest = fs::read_to_string(root.join("out/manifest.json")).unwrap();
        assert_eq!(manifest.matches("\"b/x.json\"").count(), 1, "{manifest}");
        assert!(!manifest.contains("\"a/x.json\""), "{manifest}");
    }
}

/// A path through a file ("in/a.txt/x") is a mistyped argument, like a missing one: exit 2,
/// and the manifest of the last run is left as it was.
#[test]
fn a_path_through_a_file_is_a_usage_error_that_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    five_seeds(root);
    assert_eq!(exit_code(&run_convert(root, &["in", "-o", "out", "-q"])), 0);
    let before = fs::read(root.join("out/manifest.json")).unwrap();
    let output = run_convert(root, &["in/son-la-142.txt/x", "-o", "out", "-q"]);
    assert_eq!(exit_code(&output), 2);
    assert!(
        stderr_of(&output).contains("in/son-la-142.txt/x: no such file or folder"),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(fs::read(root.join("out/manifest.json")).unwrap(), before);
}

/// An input folder named like the manifest would become a folder of that name at the top of
/// the output folder, and no manifest could be written there again: its files fail, named,
/// and the batch writes its manifest.
#[test]
fn an_input_folder_named_like_the_manifest_does_not_take_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("in/manifest.json")).unwrap();
    fs::copy("seeds/son-la-142.txt", root.join("in/manifest.json/x.txt")).unwrap();
    fs::copy("seeds/gia-lai-142.txt", root.join("in/z.txt")).unwrap();
    let output = run_convert(root, &["in", "-o", "out", "-q"]);
    assert_eq!(exit_code(&output), 1);
    assert!(
        stderr_of(&output).contains(
            "in/manifest.json/x.txt: its output would go in a folder named manifest.json"
        ),
        "{}",
        stderr_of(&output)
    );
    assert!(root.join("out/manifest.json").is_file());
    assert!(root.join("out/z.json").is_file());
    // And again: the folder is still usable.
    assert_eq!(exit_code(&run_convert(root, &["in", "-o", "out", "-q"])), 1);
    // Given on its own, the folder's name is not part of its outputs' names.
    assert_eq!(
        exit_code(&run_convert(
            root,
            &["in/manifest.json", "-o", "out2", "-q"]
        )),
        0
    );
    assert!(root.join("out2/x.json").is_file());
}

/// Links to folders are not walked (a link up the tree would loop), but are named: a year's
/// folder laid out as a link is not left out without a word.
#[cfg(unix)]
#[test]
fn a_link_to_a_folder_is_named_not_silently_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("in")).unwrap();
    fs::create_dir_all(root.join("archive")).unwrap();
    fs::copy("seeds/son-la-142.txt", root.join("in/a.txt")).unwrap();
    fs::copy("seeds/dak-lak-142.txt", root.join("archive/b.txt")).unwrap();
    std::os::unix::fs::symlink("../archive", root.join("in/2024")).unwrap();
    let output = run_convert(root, &["in", "-o", "out", "-q"]);
    assert_eq!(exit_code(&output), 0);
    assert!(
        stderr_of(&output).contains("in/2024: a symbolic link to a folder, not followed"),
        "{}",
        stderr_of(&output)
    );
    assert!(!root.join("out/2024").exists());
    // The link given as the input is the user's own: walked, without the warning.
    let output = run_convert(root, &["in/2024", "-o", "out3", "-q"]);
    assert_eq!(exit_code(&output), 0);
    assert_eq!(stderr_of(&output), "");
    assert!(root.join("out3/b.json").is_file());
}

/// `-` is standard output elsewhere; convert writes a folder.
#[test]
fn out_dir_dash_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    five_seeds(root);
    let output = run_convert(root, &["in", "-o", "-"]);
    assert_eq!(exit_code(&output), 2);
    assert!(
        stderr_of(&output).contains("--out-dir -"),
        "{}",
        stderr_of(&output)
    );
    assert!(!root.join("-").exists());
}

/// Standard input can be read once: `check - -` says so, as `diff - -` does, instead of
/// reporting the second as an empty file.
#[test]
fn check_refuses_standard_input_twice() {
    let output = plandoc()
        .args(["check", "-", "-"])
        .write_stdin(seed("son-la-142.txt"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_of(&output).contains("standard input (-) can be read only once"),
        "{}",
        stderr_of(&output)
    );
}

/// An output folder no plan can be written to is said once, before any input is read (exit 2):
/// it used to be found input by input, after parsing them all, with a note blaming a missing
/// lock file. Root writes anywhere, so as root the run is made as user nobody (`setpriv`);
/// where that cannot run the binary, the test says so and passes.
#[cfg(unix)]
#[test]
fn a_read_only_output_folder_is_refused_before_any_input_is_read() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::set_permissions(root, fs::Permissions::from_mode(0o755)).unwrap();
    five_seeds(root);
    for entry in fs::read_dir(root.join("in")).unwrap() {
        fs::set_permissions(entry.unwrap().path(), fs::Permissions::from_mode(0o644)).unwrap();
    }
    fs::create_dir(root.join("ro")).unwrap();
    fs::set_permissions(root.join("ro"), fs::Permissions::from_mode(0o555)).unwrap();
    let binary = assert_cmd::cargo::cargo_bin("plandoc");
    // SAFETY: geteuid has no preconditions.
    let mut command = if unsafe { libc::geteuid() } == 0 {
        let mut as_nobody = std::process::Command::new("setpriv");
        as_nobody
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&binary);
        as_nobody
    } else {
        std::process::Command::new(&binary)
    };
    let Ok(output) = command
        .current_dir(root)
        .args(["convert", "in", "-o", "ro"])
        .output()
    else {
        eprintln!("skipped: setpriv is not installed");
        return;
    };
    let said = stderr_of(&output);
    if said.starts_with("setpriv") {
        eprintln!("skipped: user nobody cannot run the binary here: {said}");
        return;
    }
    assert_eq!(output.status.code(), Some(2), "{said}");
    assert!(said.contains("ro: cannot write"), "{said}");
    assert!(!said.contains("in/"), "no input was read: {said}");
    assert_eq!(fs::read_dir(root.join("ro")).unwrap().count(), 0);
}

/// A manifest cut short (a copy or a full disk) or emptied is plainly convert's: a note, every
/// input converted again, the manifest written anew. A file that is not JSON and does not open
/// as one of convert's manifests is still someone's, and refused.
#[test]
fn a_manifest_cut_short_or_empty_is_written_anew() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    five_seeds(root);
    assert_eq!(exit_code(&run_convert(root, &["in", "-o", "out", "-q"])), 0);
    let whole = fs::read(root.join("out/manifest.json")).unwrap();
    for damaged in [&whole[..500], b"".as_slice(), b"\n  \n".as_slice()] {
        fs::write(root.join("out/manifest.json"), damaged).unwrap();
        let output = run_convert(root, &["in", "-o", "out"]);
        assert_eq!(exit_code(&output), 0, "{}", stderr_of(&output));
        assert!(
            stderr_of(&output).contains("every input is converted again"),
            "{}",
            stderr_of(&output)
        );
        assert_eq!(manifest(&root.join("out"))["totals"]["converted"], 5);
    }
    fs::write(root.join("out/manifest.json"), b"{\"a\": [1, 2").unwrap();
    let output = run_convert(root, &["in", "-o", "out", "-q"]);
    assert_eq!(exit_code(&output), 2);
    assert!(
        stderr_of(&output).contains("is not JSON"),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(
        fs::read(root.join("out/manifest.json")).unwrap(),
        b"{\"a\": [1, 2"
    );
}

/// A file name near the 255-byte limit is a valid input whose output name (".json", or
/// ".txt.json" beside a clashing name) would be over it: the output name is shortened, kept
/// apart by a hash of the whole name, and a rerun finds it again.
#[test]
fn a_name_near_the_limit_gets_a_shortened_output_name() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("in")).unwrap();
    let long = "a".repeat(251);
    fs::copy("seeds/son-la-142.txt", root.join(format!("in/{long}.txt"))).unwrap();
    fs::copy("seeds/dak-lak-142.txt", root.join(format!("in/{long}.md"))).unwrap();
    let output = run_convert(root, &["in", "-o", "out", "-q"]);
    assert_eq!(exit_code(&output), 0, "{}", stderr_of(&output));
    let mut names: Vec<String> = fs::read_dir(root.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('a'))
        .collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    assert_ne!(names[0], names[1]);
    assert!(names
        .iter()
        .all(|name| name.len() <= 255 && name.ends_with(".json")));
    let again = run_convert(root, &["in", "-o", "out", "-q"]);
    assert_eq!(exit_code(&again), 0);
    assert_eq!(manifest(&root.join("out"))["totals"]["unchanged"], 2);
}

/// An input deleted while the user put a file of their own at its plan's name: the file is not
/// convert's (not the plan the manifest recorded), so it is neither carried as that input's plan
/// nor replaced later by another input's plan of that name.
#[test]
fn a_users_file_at_a_deleted_inputs_plan_name_is_never_taken_for_its_plan() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    five_seeds(root);
    fs::rename(root.join("in/son-la-142.txt"), root.join("in/notes.txt")).unwrap();
    assert_eq!(exit_code(&run_convert(root, &["in", "-o", "out", "-q"])), 0);
    fs::remove_file(root.join("in/notes.txt")).unwrap();
    fs::write(root.join("out/notes.json"), b"{\"my\": \"own notes\"}").unwrap();
    assert_eq!(exit_code(&run_convert(root, &["in", "-o", "out", "-q"])), 0);
    assert!(carried(&root.join("out"))
        .iter()
        .all(|(path, _)| path != "in/notes.txt"));
    fs::copy("seeds/son-la-142.txt", root.join("in/notes.md")).unwrap();
    let output = run_convert(root, &["in", "-o", "out", "-q"]);
    assert_eq!(exit_code(&output), 1);
    assert!(stderr_of(&output).contains("which convert did not write"));
    assert_eq!(
        fs::read(root.join("out/notes.json")).unwrap(),
        b"{\"my\": \"own notes\"}"
    );
}

/// One file re-run by hand from inside the input folder (another `base`): the others stay on
/// record, by their resolved paths, and a later edit is converted by the usual run.
#[test]
fn a_run_by_hand_from_another_folder_keeps_the_others_on_record() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    five_seeds(root);
    assert_eq!(exit_code(&run_convert(root, &["in", "-o", "out", "-q"])), 0);
    let by_hand = run_convert(&root.join("in"), &["son-la-142.txt", "-o", "../out", "-q"]);
    assert_eq!(exit_code(&by_hand), 0, "{}", stderr_of(&by_hand));
    let entries = carried(&root.join("out"));
    assert_eq!(entries.len(), 5, "{entries:?}");
    assert!(entries
        .iter()
        .filter(|(_, carried)| *carried)
        .all(|(path, _)| Path::new(path).is_absolute()));
    let mut edited = seed("gia-lai-142.txt");
    edited.extend_from_slice("\nThêm.\n".as_bytes());
    fs::write(root.join("in/gia-lai-142.txt"), edited).unwrap();
    for _ in 0..2 {
        let output = run_convert(root, &["in", "-o", "out", "-q"]);
        assert_eq!(exit_code(&output), 0, "{}", stderr_of(&output));
    }
    assert_eq!(carried(&root.join("out")).len(), 5);
}

/// A manifest cut short loses the record of what convert wrote: an input changed since is
/// still converted (its plan names it), not refused on every run.
#[test]
fn after_a_manifest_cut_short_a_changed_input_is_converted() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    five_seeds(root);
    assert_eq!(exit_code(&run_convert(root, &["in", "-o", "out", "-q"])), 0);
    let mut edited = seed("son-la-142.txt");
    edited.extend_from_slice("\nThêm.\n".as_bytes());
    fs::write(root.join("in/son-la-142.txt"), edited).unwrap();
    let whole = fs::read(root.join("out/manifest.json")).unwrap();
    fs::write(root.join("out/manifest.json"), &whole[..300]).unwrap();
    for _ in 0..2 {
        let output = run_convert(root, &["in", "-o", "out", "-q"]);
        assert_eq!(exit_code(&output), 0, "{}", stderr_of(&output));
    }
}

/// Files named one by one (`convert in/*.txt`): a file deleted since has its plan removed, with
/// a note, and leaves the record — the manifest does not grow with every withdrawn file.
#[test]
fn a_deleted_input_named_by_hand_goes_from_the_folder_and_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    five_seeds(root);
    let all = [
        "in/dak-lak-142.txt",
        "in/gia-lai-142.txt",
        "in/kon-tum-142.txt",
        "in/kon-tum-nq03.txt",
        "in/son-la-142.txt",
    ];
    let by_files = |files: &[&str]| {
        let mut args = files.to_vec();
        args.extend(["-o", "out"]);
        run_convert(root, &args)
    };
    assert_eq!(exit_code(&by_files(&all)), 0);
    fs::remove_file(root.join("in/dak-lak-142.txt")).unwrap();
    let output = by_files(&all[1..]);
    assert_eq!(exit_code(&output), 0);
    assert!(
        stderr_of(&output).contains(
            "removed out/dak-lak-142.json: its input in/dak-lak-142.txt is no longer there"
        ),
        "{}",
        stderr_of(&output)
    );
    assert!(!root.join("out/dak-lak-142.json").exists());
    assert_eq!(carried(&root.join("out")).len(), 4);
}

/// Entries whose plan is a line of `plans.jsonl`: a json run over part of the inputs carries
/// them, but not once their input is gone, and `plans.jsonl` goes once nothing needs it.
#[test]
fn lines_of_gone_inputs_are_not_carried_and_the_jsonl_file_goes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    five_seeds(root);
    assert_eq!(
        exit_code(&run_convert(
            root,
            &["in", "-o", "out", "-q", "--format", "jsonl"]
        )),
        0
    );
    assert_eq!(
        exit_code(&run_convert(
            root,
            &["in/dak-lak-142.txt", "-o", "out", "-q"]
        )),
        0
    );
    assert_eq!(carried(&root.join("out")).len(), 5);
    fs::remove_file(root.join("in/gia-lai-142.txt")).unwrap();
    assert_eq!(exit_code(&run_convert(root, &["in", "-o", "out", "-q"])), 0);
    let entries = carried(&root.join("out"));
    assert_eq!(entries.len(), 4, "{entries:?}");
    assert!(entries.iter().all(|(_, carried)| !carried));
    assert!(!root.join("out/plans.jsonl").exists());
}

/// `--format jsonl` writes no plan files, so a folder named like the manifest takes no place.
#[test]
fn a_folder_named_like_the_manifest_is_fine_in_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("in/manifest.json")).unwrap();
    fs::copy("seeds/son-la-142.txt", root.join("in/manifest.json/a.txt")).unwrap();
    fs::copy("seeds/gia-lai-142.txt", root.join("in/c.txt")).unwrap();
    let output = run_convert(root, &["in", "-o", "out", "-q", "--format", "jsonl"]);
    assert_eq!(exit_code(&output), 0, "{}", stderr_of(&output));
    let lines = fs::read_to_string(root.join("out/plans.jsonl")).unwrap();
    assert_eq!(lines.lines().count(), 2);
}

/// No folder is made through a link leading out of --out-dir either.
#[cfg(unix)]
#[test]
fn no_folder_is_made_through_a_link_leading_out() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("in/sub/deep")).unwrap();
    fs::create_dir_all(root.join("elsewhere")).unwrap();
    fs::create_dir_all(root.join("out")).unwrap();
    fs::copy("seeds/son-la-142.txt", root.join("in/sub/deep/a.txt")).unwrap();
    std::os::unix::fs::symlink("../elsewhere", root.join("out/sub")).unwrap();
    assert_eq!(exit_code(&run_convert(root, &["in", "-o", "out", "-q"])), 1);
    assert_eq!(fs::read_dir(root.join("elsewhere")).unwrap().count(), 0);
}

/// A subfolder replaced by a file of its name: its plans go (and the folders they leave
/// empty), as a deleted subfolder's do.
#[test]
fn a_subfolder_replaced_by_a_file_loses_its_plans() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("in/sub")).unwrap();
    fs::copy("seeds/son-la-142.txt", root.join("in/sub/x.txt")).unwrap();
    fs::copy("seeds/dak-lak-142.txt", root.join("in/a.txt")).unwrap();
    assert_eq!(exit_code(&run_convert(root, &["in", "-o", "out", "-q"])), 0);
    fs::remove_dir_all(root.join("in/sub")).unwrap();
    fs::write(root.join("in/sub"), b"hi").unwrap();
    let output = run_convert(root, &["in", "-o", "out"]);
    assert!(
        stderr_of(&output).contains("removed out/sub/x.json"),
        "{}",
        stderr_of(&output)
    );
    assert!(
        !root.join("out/sub").exists(),
        "the emptied folder goes too"
    );
    assert_eq!(carried(&root.join("out")).len(), 1);
}

/// With no manifest, a plan file is convert's only when its `source.path` is this input (its
/// spelling, or the same file): a hand-corrected `plandoc parse` output of another document of
/// that file name, made in another folder, is the user's, and is not replaced.
#[test]
fn with_no_manifest_a_plan_of_another_document_of_that_name_is_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("drafts")).unwrap();
    fs::create_dir_all(root.join("in")).unwrap();
    fs::create_dir_all(root.join("reports")).unwrap();
    fs::copy("seeds/dak-lak-142.txt", root.join("drafts/plan.txt")).unwrap();
    fs::copy("seeds/son-la-142.txt", root.join("in/plan.txt")).unwrap();
    let parsed = plandoc()
        .current_dir(root.join("drafts"))
        .args(["parse", "plan.txt", "-o", "../reports/plan.json"])
        .output()
        .unwrap();
    assert_eq!(parsed.status.code(), Some(0));
    let edited = fs::read_to_string(root.join("reports/plan.json"))
        .unwrap()
        .replace("\"title\": \"", "\"title\": \"HAND ");
    fs::write(root.join("reports/plan.json"), &edited).unwrap();
    let output = run_convert(root, &["in", "-o", "reports", "-q"]);
    assert_eq!(exit_code(&output), 1);
    assert_eq!(
        fs::read_to_string(root.join("reports/plan.json")).unwrap(),
        edited
    );
}

/// A checkout copied with its outputs (`cp -a`, a clone of a repository that commits them):
/// the copy's manifest is read from where it is now, so the copy's own inputs are its plans'
/// inputs — an edit there is converted, and a file deleted in the original costs the copy
/// nothing.
#[test]
fn a_copied_checkout_reads_its_manifest_as_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("ck1");
    five_seeds(&first);
    assert_eq!(
        exit_code(&run_convert(&first, &["in", "-o", "out", "-q"])),
        0
    );
    let copy = dir.path().join("ck2");
    let copied = std::process::Command::new("cp")
        .args(["-a"])
        .arg(&first)
        .arg(&copy)
        .status()
        .unwrap();
    assert!(copied.success());
    let mut edited = seed("gia-lai-142.txt");
    edited.extend_from_slice("\nThêm.\n".as_bytes());
    fs::write(copy.join("in/gia-lai-142.txt"), edited).unwrap();
    fs::remove_file(first.join("in/dak-lak-142.txt")).unwrap();
    let output = run_convert(&copy, &["in", "-o", "out", "-q"]);
    assert_eq!(exit_code(&output), 0, "{}", stderr_of(&output));
    let statuses = rows(&manifest(&copy.join("out")));
    assert!(statuses.contains(&(
        "in/gia-lai-142.txt".to_string(),
        "converted".to_string(),
        "gia-lai-142.json".to_string()
    )));
    assert_eq!(
        statuses.iter().filter(|(_, s, _)| s == "unchanged").count(),
        4
    );
    assert!(copy.join("out/dak-lak-142.json").is_file());
}

/// A file named by hand that is not found in an empty folder (a drive's or a share's mount point
/// with nothing mounted) is out of reach, not deleted: its plan stays, on record.
#[test]
fn an_input_in_an_empty_folder_is_out_of_reach_not_gone() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("usb")).unwrap();
    fs::create_dir_all(root.join("docs")).unwrap();
    fs::copy("seeds/dak-lak-142.txt", root.join("usb/a.txt")).unwrap();
    fs::copy("seeds/son-la-142.txt", root.join("docs/b.txt")).unwrap();
    assert_eq!(
        exit_code(&run_convert(root, &["usb/a.txt", "-o", "out", "-q"])),
        0
    );
    fs::remove_file(root.join("usb/a.txt")).unwrap();
    let output = run_convert(root, &["docs", "-o", "out"]);
    assert_eq!(exit_code(&output), 0);
    assert!(
        !stderr_of(&output).contains("removed"),
        "{}",
        stderr_of(&output)
    );
    assert!(root.join("out/a.json").is_file());
    assert!(carried(&root.join("out")).contains(&("usb/a.txt".to_string(), true)));
}

/// A manifest of a version before 0.1.2 names no `base`: its relative paths, read from this
/// run's folder, are a guess that never removes a plan.
#[test]
fn a_manifest_without_a_base_never_has_plans_removed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    five_seeds(root);
    assert_eq!(
        exit_code(&run_convert(&root.join("in"), &[".", "-o", "../out", "-q"])),
        0
    );
    let mut old: serde_json::Value = manifest(&root.join("out"));
    let object = old.as_object_mut().unwrap();
    object.remove("base");
    object.remove("base_from_out_dir");
    fs::write(
        root.join("out/manifest.json"),
        serde_json::to_vec_pretty(&old).unwrap(),
    )
    .unwrap();
    let output = run_convert(root, &["in/son-la-142.txt", "-o", "out"]);
    assert_eq!(exit_code(&output), 0, "{}", stderr_of(&output));
    assert!(
        !stderr_of(&output).contains("removed"),
        "{}",
        stderr_of(&output)
    );
    let plans = fs::read_dir(root.join("out"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name() != "manifest.json")
        .count();
    assert_eq!(plans, 5);
}

/// `--out-dir out/.` names the folder `out`, made when it is not there, as `--out-dir out` does
/// (it failed: "out/.: cannot write: No such file or directory").
#[test]
fn an_output_folder_named_with_a_trailing_dot_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("in")).unwrap();
    fs::copy("seeds/son-la-142.txt", root.join("in/a.txt")).unwrap();
    let output = run_convert(root, &["in", "-o", "out/.", "-q"]);
    assert_eq!(exit_code(&output), 0, "{}", stderr_of(&output));
    assert!(root.join("out/a.json").is_file());
    assert!(root.join("out/manifest.json").is_file());
    let output = run_convert(root, &["in", "-o", "out/./", "-q"]);
    assert_eq!(exit_code(&output), 0, "{}", stderr_of(&output));
}

fn make_read_only(path: &Path) {
    let mut permissions = fs::metadata(path).unwrap().permissions();
    permissions.set_readonly(true);
    fs::set_permissions(path, permissions).unwrap();
}

/// A plan file or `plans.jsonl` the user made read-only in the output folder is kept, as
/// `parse -o` keeps a read-only file: the plan's input fails (exit 1, the others written, the
/// manifest naming the kept plan), a read-only `plans.jsonl` stops the run before it starts
/// (exit 2). A rename needs only the folder's permission, and replaced both without a word.
#[test]
fn a_read_only_plan_file_is_kept_and_its_input_fails() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    five_seeds(root);
    plandoc()
        .current_dir(root)
        .args(["convert", "in", "-o", "out", "--quiet"])
        .assert()
        .code(0);
    let protected = root.join("out/son-la-142.json");
    make_read_only(&protected);
    let before = fs::read(&protected).unwrap();
    let other = root.join("out/gia-lai-142.json");
    fs::write(&other, "stale").unwrap();
    let output = plandoc()
        .current_dir(root)
        .args(["convert", "in", "-o", "out", "--quiet", "--force"])
        .output()
        .unwrap();
    let said = stderr_of(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(
        said.contains("in/son-la-142.txt: out/son-la-142.json: cannot write: is read-only"),
        "{said}"
    );
    assert_eq!(fs::read(&protected).unwrap(), before);
    assert_ne!(
        fs::read(&other).unwrap(),
        b"stale",
        "the other inputs are written"
    );
    let entries = manifest(&root.join("out"))["inputs"].clone();
    let son_la = entries
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == "in/son-la-142.txt")
        .unwrap()
        .clone();
    assert_eq!(son_la["status"], "failed");
    assert_eq!(
        son_la["output"], "son-la-142.json",
        "the kept plan stays on record"
    );

    let jsonl = root.join("jsonl");
    plandoc()
        .current_dir(root)
        .args([
            "convert", "in", "-o", "jsonl", "--format", "jsonl", "--quiet",
        ])
        .assert()
        .code(0);
    let lines = jsonl.join("plans.jsonl");
    make_read_only(&lines);
    let before = fs::read(&lines).unwrap();
    let output = plandoc()
        .current_dir(root)
        .args([
            "convert", "in", "-o", "jsonl", "--format", "jsonl", "--force",
        ])
        .output()
        .unwrap();
    let said = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2), "{said}");
    assert!(
        said.contains("jsonl/plans.jsonl: cannot write: is read-only"),
        "{said}"
    );
    assert_eq!(fs::read(&lines).unwrap(), before);
}

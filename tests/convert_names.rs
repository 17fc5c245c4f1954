//! `plandoc convert`: where each output goes. Names that would clash — with each other, with the
//! manifest, with a folder — get distinct outputs by one rule that depends only on the files, not
//! on the order or spelling of the arguments.

use std::fs;
use std::path::Path;

use serde_json::Value;

mod common;
use common::*;

fn json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .unwrap()
}

fn convert(root: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["convert", "-q"];
    all.extend_from_slice(args);
    plandoc().current_dir(root).args(&all).output().unwrap()
}

#[test]
fn an_input_named_manifest_keeps_its_output_beside_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("in")).unwrap();
    fs::write(root.join("in/manifest.txt"), seed("dak-lak-142.txt")).unwrap();
    fs::write(root.join("in/Manifest.md"), seed("son-la-142.txt")).unwrap();
    fs::write(root.join("in/other.txt"), seed("gia-lai-142.txt")).unwrap();
    for round in 0..2 {
        let output = convert(root, &["in", "-o", "out"]);
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        let m = manifest(&root.join("out"));
        let status = if round == 0 { "converted" } else { "unchanged" };
        assert_eq!(
            rows(&m),
            [
                ("in/Manifest.md", status, "Manifest.md.json"),
                ("in/manifest.txt", status, "manifest.txt.json"),
                ("in/other.txt", status, "other.json"),
            ]
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        );
        let plan = json(&root.join("out/manifest.txt.json"));
        assert_eq!(plan["source"]["path"], "in/manifest.txt");
        assert_eq!(plan["plan"]["province"], "Đắk Lắk");
        let plan = json(&root.join("out/Manifest.md.json"));
        assert_eq!(plan["source"]["path"], "in/Manifest.md");
        assert!(!root.join("out/Manifest.json").exists());
    }
    // The same for a file named on its own.
    let output = convert(root, &["in/manifest.txt", "-o", "one"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(rows(&manifest(&root.join("one")))[0].2, "manifest.txt.json");
}

#[test]
fn same_names_in_two_input_folders_go_below_each_folders_name_whatever_the_order() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("c2/d1")).unwrap();
    fs::create_dir_all(root.join("c2/d2/sub")).unwrap();
    fs::write(root.join("c2/d1/plan.txt"), seed("dak-lak-142.txt")).unwrap();
    fs::write(root.join("c2/d1/only.txt"), seed("son-la-142.txt")).unwrap();
    fs::write(root.join("c2/d2/plan.txt"), seed("gia-lai-142.txt")).unwrap();
    fs::write(root.join("c2/d2/sub/deep.txt"), seed("son-la-142.txt")).unwrap();
    // A folder whose outputs do not clash with another's keeps the plain layout.
    fs::create_dir_all(root.join("c2/lone")).unwrap();
    fs::write(root.join("c2/lone/lone.txt"), seed("son-la-142.txt")).unwrap();

    for (out, args) in [
        ("o1", ["c2/d1", "c2/d2", "c2/lone"]),
        ("o2", ["c2/lone", "c2/d2", "c2/d1"]),
    ] {
        let output = convert(root, &[args[0], args[1], args[2], "-o", out]);
        assert_eq!(output.status.code(), Some(0), "{output:?}");
    }
    let o1 = root.join("o1");
    assert_eq!(tree(&o1), tree(&root.join("o2")));
    assert_eq!(
        json(&o1.join("d1/plan.json"))["plan"]["province"],
        "Đắk Lắk"
    );
    assert_eq!(
        json(&o1.join("d2/plan.json"))["plan"]["province"],
        "Gia Lai"
    );
    assert!(o1.join("d1/only.json").is_file());
    assert!(o1.join("d2/sub/deep.json").is_file());
    assert!(o1.join("lone.json").is_file());

    // Files named one by one: below the name of the folder each is in.
    let output = convert(root, &["c2/d2/plan.txt", "c2/d1/plan.txt", "-o", "o3"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let o3 = root.join("o3");
    assert_eq!(
        json(&o3.join("d1/plan.json"))["plan"]["province"],
        "Đắk Lắk"
    );
    assert_eq!(
        json(&o3.join("d2/plan.json"))["plan"]["province"],
        "Gia Lai"
    );

    // Folders of the same name: below as much of their paths as tells them apart.
    fs::create_dir_all(root.join("x/in")).unwrap();
    fs::create_dir_all(root.join("y/in")).unwrap();
    fs::write(root.join("x/in/plan.txt"), seed("dak-lak-142.txt")).unwrap();
    fs::write(root.join("y/in/plan.txt"), seed("gia-lai-142.txt")).unwrap();
    let output = convert(root, &["y/in", "x/in", "-o", "o4"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let o4 = root.join("o4");
    assert_eq!(
        json(&o4.join("x/in/plan.json"))["plan"]["province"],
        "Đắk Lắk"
    );
    assert_eq!(
        json(&o4.join("y/in/plan.json"))["plan"]["province"],
        "Gia Lai"
    );
}

#[test]
fn a_name_and_its_extended_form_get_distinct_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("in")).unwrap();
    fs::write(root.join("in/a.txt"), seed("dak-lak-142.txt")).unwrap();
    fs::write(root.join("in/a.md"), seed("gia-lai-142.txt")).unwrap();
    fs::write(root.join("in/a.txt.md"), seed("son-la-142.txt")).unwrap();
    let output = convert(root, &["in", "-o", "out"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let out = root.join("out");
    assert_eq!(json(&out.join("a.txt.json"))["plan"]["province"], "Đắk Lắk");
    assert_eq!(json(&out.join("a.md.json"))["plan"]["province"], "Gia Lai");
    assert_eq!(
        json(&out.join("a.txt.md.json"))["plan"]["province"],
        "Sơn La"
    );
}

#[test]
fn a_file_reached_twice_lands_in_one_place_whatever_the_order_or_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("c1/sub")).unwrap();
    fs::write(root.join("c1/top.txt"), seed("dak-lak-142.txt")).unwrap();
    fs::write(root.join("c1/sub/vni.txt"), seed("son-la-142.txt")).unwrap();
    let runs: [(&str, &[&str]); 4] = [
        ("o6", &["c1", "c1/sub"]),
        ("o7", &["c1/sub", "c1"]),
        ("o8", &["c1", "./c1/sub/vni.txt"]),
        ("o9", &["./c1/sub/vni.txt", "c1"]),
    ];
    for (out, inputs) in runs {
        let mut args = inputs.to_vec();
        args.extend(["-o", out]);
        let output = convert(root, &args);
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        // The name below the outermost folder given.
        assert_eq!(
            rows(&manifest(&root.join(out))),
            [
                ("c1/sub/vni.txt", "converted", "sub/vni.json"),
                ("c1/top.txt", "converted", "top.json"),
            ]
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())),
            "{out}"
        );
    }
    let first = tree(&root.join("o6"));
    for out in ["o7", "o8", "o9"] {
        assert_eq!(tree(&root.join(out)), first, "{out}");
    }
}

#[cfg(unix)]
#[test]
fn names_that_read_the_same_as_text_get_distinct_outputs_in_byte_order() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("in")).unwrap();
    let e_grave = root.join("in").join(OsStr::from_bytes(b"k\xe8.txt"));
    let e_acute = root.join("in").join(OsStr::from_bytes(b"k\xe9.txt"));
    // Written acute first so that creation order is not byte order.
    fs::write(&e_acute, seed("gia-lai-142.txt")).unwrap();
    fs::write(&e_grave, seed("dak-lak-142.txt")).unwrap();
    for (out, jobs) in [("o1", "1"), ("o2", "2")] {
        let output = convert(root, &["in", "-o", out, "-j", jobs]);
        assert_eq!(output.status.code(), Some(0), "{output:?}");
    }
    let o1 = root.join("o1");
    assert_eq!(tree(&o1), tree(&root.join("o2")));
    // k\xe8 sorts first and keeps the name; the other is numbered.
    assert_eq!(
        json(&o1.join("k\u{FFFD}.txt.json"))["plan"]["province"],
        "Đắk Lắk"
    );
    assert_eq!(
        json(&o1.join("k\u{FFFD}.txt.2.json"))["plan"]["province"],
        "Gia Lai"
    );
    // A rerun recognises each of them.
    let output = convert(root, &["in", "-o", "o1"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let statuses: Vec<String> = rows(&manifest(&o1)).into_iter().map(|r| r.1).collect();
    assert_eq!(statuses, ["unchanged", "unchanged"]);
}

#[test]
fn a_folder_where_an_output_goes_fails_that_input_the_same_way_at_any_job_count() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("in")).unwrap();
    for name in ["a", "b", "c", "d", "e", "f"] {
        fs::write(root.join(format!("in/{name}.txt")), seed("son-la-142.txt")).unwrap();
    }
    fs::create_dir_all(root.join("out/c.json")).unwrap();
    fs::write(root.join("out/d.json"), b"").unwrap();
    fs::create_dir_all(root.join("out/e.json/inner")).unwrap();
    let mut manifests = Vec::new();
    for jobs in ["1", "2", "4"] {
        let output = convert(root, &["in", "-o", "out", "-j", jobs, "--force"]);
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 2, "{stderr}");
        assert!(
            stderr.contains("plandoc: error: in/c.txt: ")
                && stderr.contains("plandoc: error: in/e.txt: "),
            "{stderr}"
        );
        manifests.push(fs::read(root.join("out/manifest.json")).unwrap());
    }
    assert!(manifests.windows(2).all(|w| w[0] == w[1]));
    let m = manifest(&root.join("out"));
    let c = &m["inputs"][2];
    assert_eq!(c["path"], "in/c.txt");
    assert_eq!(c["status"], "failed");
    assert_eq!(
        c["error"],
        "cannot write c.json in the output folder: a folder of that name is there"
    );
    assert_eq!(c["sha256"].as_str().unwrap().len(), 64);
    assert!(root.join("out/e.json/inner").is_dir());
}

/// Folders whose paths differ only in case never come apart by more of their path: their
/// outputs are numbered, not named by the whole absolute path (which would make the tree depend
/// on where the corpus lives).
#[test]
fn folders_named_alike_are_numbered_not_named_by_their_absolute_path() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for folder in ["in/Data", "in/data"] {
        fs::create_dir_all(root.join(folder)).unwrap();
        fs::write(root.join(folder).join("plan.txt"), seed("kon-tum-142.txt")).unwrap();
    }
    let output = convert(root, &["in/Data", "in/data", "--out-dir", "out"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let names: Vec<String> = tree(&root.join("out")).into_keys().collect();
    assert_eq!(
        names,
        ["manifest.json", "plan.txt.2.json", "plan.txt.json"],
        "{names:?}"
    );
}

/// A symbolic link to a file of the same folder is that file reached twice: the file itself is
/// kept, not the link that sorts deeper.
#[cfg(unix)]
#[test]
fn a_link_beside_its_file_does_not_replace_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("in/z")).unwrap();
    fs::write(root.join("in/a.txt"), seed("kon-tum-142.txt")).unwrap();
    std::os::unix::fs::symlink("../a.txt", root.join("in/z/link.txt")).unwrap();
    let output = convert(root, &["in", "--out-dir", "out"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let names: Vec<String> = tree(&root.join("out")).into_keys().collect();
    assert_eq!(names, ["a.json", "manifest.json"]);
    assert_eq!(rows(&manifest(&root.join("out")))[0].0, "in/a.txt");
}

/// A symbolic link that sorts before the file it leads to, in the same folder, does not take
/// the file's name: the file itself is converted, under its own name.
#[cfg(unix)]
#[test]
fn a_link_that_sorts_first_does_not_take_its_files_name() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("in")).unwrap();
    fs::write(root.join("in/z.txt"), seed("kon-tum-142.txt")).unwrap();
    std::os::unix::fs::symlink("z.txt", root.join("in/a.txt")).unwrap();
    for order in [["in", "in/a.txt"], ["in/a.txt", "in"]] {
        let output = convert(root, &[order[0], order[1], "--out-dir", "out"]);
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        let names: Vec<String> = tree(&root.join("out")).into_keys().collect();
        assert_eq!(names, ["manifest.json", "z.json"], "{order:?}");
        assert_eq!(rows(&manifest(&root.join("out")))[0].0, "in/z.txt");
    }
}

/// A glob filters what folders hold: with files named one by one there is nothing to warn about.
#[test]
fn a_glob_with_no_folder_given_is_not_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("a.txt"), seed("kon-tum-142.txt")).unwrap();
    let output = convert(root, &["a.txt", "--glob", "*.txt", "--out-dir", "out"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

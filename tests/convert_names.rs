//! `plandoc convert`: where each output goes. Names that would clash — with each other, with the
//! manifest, with a folder — get distinct outputs by one rule that depends only on the files, not
//! on the order or spelling of the arguments.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn plandoc() -> Command {
    Command::cargo_bin("plandoc").unwrap()
}

fn seed(name: &str) -> Vec<u8> {
    fs::read(Path::new("seeds").join(name)).unwrap()
}

fn manifest(out: &Path) -> Value {
    serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap()
}

/// Every file below `root` (relative path, lossy → bytes).
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(root).unwrap();
            (
                relative.to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// (input path, status, output) of each manifest entry.
fn rows(manifest: &Value) -> Vec<(String, String, String)> {
    manifest["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_string(),
                e["status"].as_str().unwrap().to_string(),
                e["output"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn convert(root: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["convert", "-q"];
    all.extend_from_slice(args);
    plandoc().current_dir(root).args(&all).output().unwrap()
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

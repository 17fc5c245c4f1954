//! `plandoc convert` writes the same bytes whatever the number of jobs.

use std::fs;
use std::path::Path;

mod common;
use common::*;

/// 12 plans in nested folders (the seeds, each varied so no two inputs are the same bytes) plus
/// one broken file.
fn corpus(root: &Path) {
    // Seeds of three different shapes that parse quickly in a debug build; what is tested is
    // ordering and bytes, not the parser.
    let seeds = [
        "seeds/dak-lak-142.txt",
        "seeds/gia-lai-142.txt",
        "seeds/son-la-142.txt",
    ];
    for i in 0..12 {
        let mut bytes = fs::read(seeds[i % seeds.len()]).unwrap();
        bytes.resize(bytes.len() + i, b'\n');
        let folder = root.join(format!("in/g{}", i % 3));
        fs::create_dir_all(&folder).unwrap();
        fs::write(folder.join(format!("plan-{i:02}.txt")), bytes).unwrap();
    }
    fs::write(
        root.join("in/g1/broken.txt"),
        [0u8, 159, 146, 150, 0, 0, 1, 2].repeat(100),
    )
    .unwrap();
}

fn run(root: &Path, out: &str, jobs: &str, format: &str) {
    plandoc()
        .current_dir(root)
        .args([
            "convert", "in", "-o", out, "--jobs", jobs, "--format", format, "-q",
        ])
        .assert()
        .code(1);
}

#[test]
fn jobs_1_and_2_write_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    for format in ["json", "jsonl"] {
        let one = format!("out-{format}-1");
        let two = format!("out-{format}-2");
        let three = format!("out-{format}-3");
        run(dir.path(), &one, "1", format);
        run(dir.path(), &two, "2", format);
        run(dir.path(), &three, "3", format);
        let reference = tree(&dir.path().join(&one));
        // jsonl: plans.jsonl, its line hashes and the manifest.
        let expected_files = if format == "json" { 13 } else { 3 };
        assert_eq!(reference.len(), expected_files, "{:?}", reference.keys());
        assert_eq!(
            reference,
            tree(&dir.path().join(&two)),
            "{format}: 1 vs 2 jobs"
        );
        assert_eq!(
            reference,
            tree(&dir.path().join(&three)),
            "{format}: 1 vs 3 jobs"
        );
    }
}

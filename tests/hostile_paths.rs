//! Output paths: nothing plandoc writes may replace an input or land outside `--out-dir`.

use std::path::Path;

use plandoc::read::{ensure_not_an_input, output_path_under};

#[test]
fn output_naming_an_input_is_refused_by_identity() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("plan.txt");
    std::fs::write(&input, "Kế hoạch").unwrap();
    let error = ensure_not_an_input(&input, &[&input]).unwrap_err();
    assert!(error.to_string().contains("plan.txt"), "{error}");
    assert!(error.to_string().contains("overwrite"), "{error}");
    // The same file by another spelling.
    let dotted = dir.path().join(".").join("plan.txt");
    assert!(ensure_not_an_input(&dotted, &[&input]).is_err());
    #[cfg(unix)]
    {
        let link = dir.path().join("link.txt");
        std::fs::hard_link(&input, &link).unwrap();
        assert!(ensure_not_an_input(&link, &[&input]).is_err());
    }
    // A new file, another existing file and standard input are fine.
    assert!(ensure_not_an_input(&dir.path().join("plan.json"), &[&input]).is_ok());
    let other = dir.path().join("other.json");
    std::fs::write(&other, "{}").unwrap();
    assert!(ensure_not_an_input(&other, &[&input, Path::new("-")]).is_ok());
}

#[test]
fn output_paths_stay_under_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    assert_eq!(
        output_path_under(&out, Path::new("sub/./plan.txt"), "json").unwrap(),
        out.join("sub/plan.json")
    );
    for hostile in ["../plan.txt", "sub/../../plan.txt", "/etc/passwd", "..", ""] {
        let error = output_path_under(&out, Path::new(hostile), "json");
        assert!(error.is_err(), "{hostile} was accepted");
    }
    #[cfg(unix)]
    {
        let outside = dir.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, out.join("escape")).unwrap();
        let error = output_path_under(&out, Path::new("escape/plan.txt"), "json").unwrap_err();
        assert!(error.to_string().contains("outside"), "{error}");
    }
}

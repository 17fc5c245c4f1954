//! The HTML diff opened in a real headless browser (Debian's chromium): the page loads on its
//! own (no external assets) and the browser's DOM holds every task group side by side. Skipped
//! with a notice when no browser is installed, unless PLANDOC_REQUIRE_BROWSER=1; PLANDOC_BROWSER
//! names the program to use instead of looking for one on PATH.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use plandoc::eval::alignment::{gold_plan, ALIGNMENT_STEMS};

/// `PLANDOC_BROWSER` if set, else the first Chromium-like program on `PATH` (where `.ci/run`
/// looks for the `chromium` it requires: a snap or Homebrew install is found as well as Debian's).
fn browser() -> Option<PathBuf> {
    if let Some(named) = std::env::var_os("PLANDOC_BROWSER").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(named));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

fn headless(browser: &Path, extra: &[&str], page: &Path) -> std::process::Output {
    Process::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-dev-shm-usage",
        ])
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("the browser runs")
}

#[test]
fn html_diff_renders_every_group_in_a_browser() {
    let Some(browser) = browser() else {
        if std::env::var("PLANDOC_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("PLANDOC_REQUIRE_BROWSER=1 but no chromium found");
        }
        eprintln!(
            "notice: no chromium found; skipping the browser test (apt-get install chromium)"
        );
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = Vec::new();
    for stem in ALIGNMENT_STEMS {
        let path = dir.path().join(format!("{stem}.json"));
        let plan = gold_plan(root, stem).unwrap();
        std::fs::write(&path, serde_json::to_vec(&plan).unwrap()).unwrap();
        inputs.push(path);
    }
    let page = dir.path().join("diff.html");
    let json = Command::cargo_bin("plandoc")
        .unwrap()
        .arg("diff")
        .args(&inputs)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let diff: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let groups = diff["tasks"].as_array().unwrap().len();
    Command::cargo_bin("plandoc")
        .unwrap()
        .arg("diff")
        .args(&inputs)
        .arg("-o")
        .arg(&page)
        .assert()
        .success();

    let dom = headless(&browser, &["--dump-dom"], &page);
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout).into_owned();
    assert_eq!(
        dom.matches("<tr class=\"group ").count(),
        groups,
        "every task group is a row of the rendered page"
    );
    for key in ["kon-tum", "son-la", "gia-lai", "dak-lak"] {
        assert!(
            dom.contains(&format!("<th>{key}</th>")),
            "a column for {key}"
        );
    }
    assert!(
        dom.contains("Tiếp tục rà soát, bổ sung"),
        "Vietnamese text survives"
    );
    assert!(
        dom.contains("<ins>") && dom.contains("<del>"),
        "word differences highlighted"
    );
    assert!(dom.contains("id=\"targets\"") && dom.contains("id=\"agencies\""));

    let shot = dir.path().join("diff.png");
    let screenshot = headless(
        &browser,
        &[
            "--window-size=1400,1600",
            &format!("--screenshot={}", shot.display()),
        ],
        &page,
    );
    assert!(screenshot.status.success());
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "a screenshot with content"
    );
}

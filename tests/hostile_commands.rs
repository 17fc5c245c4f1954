//! `check` and `diff` on hostile inputs: the promise `parse` keeps (tests/hostile_inputs.rs) — a
//! result, or a clear error naming the file with exit 2, never a panic or a hang — kept by the
//! commands that read a plan and then do more with it.
//!
//! `diff` once padded its assignment matrix to a square, so a table of 4,000 rows against a
//! plan of 54 rows took 87 s (and the 9,654 sections of a 50 MB plan against 22 ran past 300 s);
//! it now costs min(n, m) × n × m steps, and two plans too large to compare at all are refused.

mod common;

use std::path::{Path, PathBuf};

use common::hostile::{assert_no_panic, assert_refused, json_answer, line_count, plandoc};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn seed() -> PathBuf {
    root().join("seeds/kon-tum-142.txt")
}

/// Every committed hostile input (the generator script aside), in name order.
fn hostile_fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/hostile"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_none_or(|e| e != "py"))
        .collect();
    files.sort();
    assert!(files.len() >= 40, "fixtures/hostile holds {}", files.len());
    files
}

/// Exit status of `plandoc parse FILE`: what the other commands must agree with.
fn parse_status(path: &Path) -> Option<i32> {
    // Into a file of the test's own, not `-o /dev/null`: before `-o` learnt to write into
    // devices, it renamed its file over /dev/null when the tests ran as root.
    let out = tempfile::tempdir().unwrap();
    plandoc()
        .arg("parse")
        .arg(path)
        .arg("-o")
        .arg(out.path().join("plan.json"))
        .output()
        .unwrap()
        .status
        .code()
}

/// Whether `parse` reads the file but finds no plan in it (`not-a-plan`): `diff` refuses such a
/// file, as it has nothing to compare.
fn parse_finds_no_plan(path: &Path) -> bool {
    let out = tempfile::tempdir().unwrap();
    let json = out.path().join("plan.json");
    let status = plandoc()
        .arg("parse")
        .arg(path)
        .arg("-o")
        .arg(&json)
        .output()
        .unwrap()
        .status;
    status.success()
        && std::fs::read_to_string(&json)
            .unwrap()
            .contains("\"rule\": \"not-a-plan\"")
}

/// Runs `plandoc COMMAND PATH [OTHER] --format json` and returns its output and stderr, after
/// checking that it did not panic.
fn answer(command: &str, path: &Path, other: Option<&Path>) -> (std::process::Output, String) {
    let mut run = plandoc();
    run.arg(command).arg(path);
    if let Some(other) = other {
        run.arg(other);
    }
    let output = run.arg("--format").arg("json").output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_no_panic(path, &stderr);
    (output, stderr)
}

#[test]
fn check_answers_every_hostile_fixture() {
    for path in hostile_fixtures() {
        let (output, stderr) = answer("check", &path, None);
        let refused_by_parse = parse_status(&path) == Some(2);
        let status = output.status.code();
        if status == Some(2) {
            assert!(
                refused_by_parse,
                "{}: only check refuses it",
                path.display()
            );
            assert_refused(&path, &output);
            continue;
        }
        // 0: no errors, 1: errors found — the lint's own answer.
        assert!(
            matches!(status, Some(0 | 1)),
            "{}: exit {status:?}: {stderr}",
            path.display()
        );
        let report: serde_json::Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()));
        assert_eq!(report["schema"], "plandoc/check@1");
        assert_eq!(report["path"], path.display().to_string());
        let errors = report["errors"].as_u64().unwrap();
        assert_eq!(status == Some(1), errors > 0, "{}", path.display());
        let diagnostics = report["diagnostics"].as_array().unwrap();
        if refused_by_parse {
            // A text `parse` cannot decode is still linted: the damage is the finding.
            assert!(
                diagnostics
                    .iter()
                    .any(|d| d["rule"].as_str().unwrap().starts_with("encoding")),
                "{}: parse refuses it, check finds no damage: {report}",
                path.display()
            );
            continue;
        }
        let max = line_count(&path);
        for diagnostic in diagnostics {
            let lines = &diagnostic["lines"];
            let (first, last) = (lines[0].as_u64().unwrap(), lines[1].as_u64().unwrap());
            assert!(
                1 <= first && first <= last && last as usize <= max,
                "{}: {diagnostic} outside 1..={max}",
                path.display()
            );
        }
    }
}

#[test]
fn diff_answers_every_hostile_fixture() {
    let seed = seed();
    for path in hostile_fixtures() {
        let (output, _) = answer("diff", &path, Some(&seed));
        if parse_status(&path) == Some(2) || parse_finds_no_plan(&path) {
            assert_refused(&path, &output);
            continue;
        }
        let diff = json_answer(&path, &output, "plandoc/diff@1");
        assert_eq!(diff["plans"][0]["path"], path.display().to_string());
    }
}

/// The opening of a plan, so generated inputs still go through every stage.
fn plan_head() -> String {
    std::fs::read_to_string(root().join("fixtures/hostile/utf8-bom.txt"))
        .unwrap()
        .trim_start_matches('\u{FEFF}')
        .to_string()
}

/// One line per cell: the document's words with their line breaks and tabs made spaces.
fn cell(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A plan whose appendix table has four groups ("I" … "IV") of `per_group` tab-separated rows
/// that repeat the seed's own task rows in turn (row numbers restart in each group, as printed
/// tables do; a number past 999 is not read as a row's).
fn plan_repeating_seed_rows(per_group: usize) -> String {
    let seed = plandoc::parse_path(&seed(), &Default::default()).unwrap();
    let rows: Vec<&plandoc::model::Row> = seed.tables.iter().flat_map(|t| &t.rows).collect();
    let mut text = plan_head();
    text.push_str("\nPHỤ LỤC\nDANH MỤC CÁC NHIỆM VỤ\n");
    text.push_str("TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\n");
    let mut next = rows.iter().cycle();
    for (g, roman) in ["I", "II", "III", "IV"].iter().enumerate() {
        text.push_str(&format!("{roman}\tNhóm nhiệm vụ {}\t\t\t\n", g + 1));
        for n in 1..=per_group {
            let row = next.next().unwrap();
            text.push_str(&format!(
                "{n}\t{}\t{}\t{}\t{}\n",
                cell(row.task.as_deref().unwrap_or("Nhiệm vụ")),
                cell(&row.lead.raw),
                cell(row.support.as_ref().map_or("", |s| s.raw.as_str())),
                cell(row.timeframe.as_ref().map_or("", |t| t.raw.as_str())),
            ));
        }
    }
    text
}

/// A plan whose objectives state three targets on each of `lines` lines.
fn plan_of_targets(lines: usize) -> String {
    let line = "- Phấn đấu đến năm 2025, 100% cơ quan nhà nước đạt chuẩn; tỷ lệ hồ sơ trực tuyến \
                đạt 80%, giảm 30% thời gian xử lý so với năm 2020.\n";
    format!("{}\nII. MỤC TIÊU\n{}", plan_head(), line.repeat(lines))
}

#[test]
fn diff_of_thousands_of_rows_against_a_real_plan_pairs_each_of_its_rows() {
    // 3,600 rows against the seed's 54: 54 × 54 × 3,600 steps; padded to a square it was 3,600³.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rows.txt");
    std::fs::write(&path, plan_repeating_seed_rows(900)).unwrap();
    let (output, stderr) = answer("diff", &path, Some(&seed()));
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let diff: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let (big, seed_key) = (
        diff["plans"][0]["key"].as_str().unwrap().to_string(),
        diff["plans"][1]["key"].as_str().unwrap().to_string(),
    );
    let groups = diff["tasks"].as_array().unwrap();
    let with = |key: &str| {
        groups
            .iter()
            .filter(|g| !g["members"][key].is_null())
            .count()
    };
    assert_eq!(
        with(&big),
        3_600,
        "every row of the big plan is in one group"
    );
    // Every seed row is printed 66 or 67 times in the big plan: each is paired with one copy.
    let paired = groups
        .iter()
        .filter(|g| !g["members"][&big].is_null() && !g["members"][&seed_key].is_null())
        .count();
    assert_eq!(paired, with(&seed_key), "every seed row finds its copy");
    assert_eq!(paired, 54);
}

#[test]
fn plans_too_large_to_compare_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    // 700 lines of three targets each: 2,100 × 2,100 pairs, past the limit of 4,000,000.
    let first = dir.path().join("first.txt");
    let second = dir.path().join("second.txt");
    std::fs::write(&first, plan_of_targets(700)).unwrap();
    std::fs::write(&second, plan_of_targets(700)).unwrap();
    let out = dir.path().join("diff.json");
    let output = plandoc()
        .arg("diff")
        .arg(&first)
        .arg(&second)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("too large to compare"), "{stderr}");
    assert!(
        stderr.contains("first.txt") && stderr.contains("second.txt") && stderr.contains("targets"),
        "{stderr}"
    );
    assert!(!out.exists(), "a refused diff writes nothing");
    // The same plan against a real one is compared.
    let output = plandoc()
        .arg("diff")
        .arg(&first)
        .arg(seed())
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(out.exists());
}

/// Every command reads a PDF the same way, so a PDF `parse` refuses is refused by the others with
/// the same reason (when `check` and `convert` read PDFs as flowed text, an encrypted file was
/// "encrypted" to them and "malformed" to `parse`).
#[test]
fn every_command_refuses_a_pdf_with_the_reason_parse_gives() {
    use std::ffi::OsString;
    let out = tempfile::tempdir().unwrap();
    let seed = seed();
    // What follows "PATH: " on the line of stderr that names the file.
    let reason = |path: &Path, args: &[OsString]| -> String {
        let output = plandoc().args(args).output().unwrap();
        assert!(output.status.code().is_some_and(|c| c > 0), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let named = format!("{}: ", path.display());
        let line = stderr
            .lines()
            .find(|line| line.contains(&named))
            .unwrap_or_else(|| panic!("{args:?}: the file is not named: {stderr}"));
        line[line.find(&named).unwrap() + named.len()..].to_string()
    };
    let pdfs = hostile_fixtures()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .filter(|p| parse_status(p) == Some(2));
    let mut compared = 0;
    for path in pdfs {
        let with = |command: &str, rest: &[&std::ffi::OsStr]| -> Vec<OsString> {
            let mut args = vec![OsString::from(command), path.clone().into_os_string()];
            args.extend(rest.iter().map(OsString::from));
            args
        };
        let parse = reason(&path, &with("parse", &[]));
        for command in ["check", "text"] {
            assert_eq!(reason(&path, &with(command, &[])), parse, "{command}");
        }
        let layout = with("text", &["--layout".as_ref()]);
        assert_eq!(reason(&path, &layout), parse, "text --layout");
        let baseline = [
            OsString::from("check"),
            seed.clone().into_os_string(),
            "--baseline".into(),
            path.clone().into_os_string(),
        ];
        assert_eq!(
            reason(&path, &baseline),
            format!("{parse} (given as --baseline)"),
            "check --baseline"
        );
        let diff = with(
            "diff",
            &[seed.as_os_str(), "--format".as_ref(), "json".as_ref()],
        );
        assert_eq!(reason(&path, &diff), parse, "diff");
        let folder = out.path().join(compared.to_string());
        let convert = with(
            "convert",
            &["--out-dir".as_ref(), folder.as_os_str(), "--quiet".as_ref()],
        );
        assert_eq!(reason(&path, &convert), parse, "convert");
        compared += 1;
    }
    assert!(compared >= 15, "hostile PDFs missing: {compared}");
}

/// Control characters in a plan (terminal escapes that recolour, retitle a window or hide text;
/// a bidirectional override) reach no terminal, Markdown or HTML view: each is shown as one
/// visible character. JSON keeps the document's exact characters.
#[test]
fn views_show_a_plans_control_characters_instead_of_obeying_them() {
    let text =
        std::fs::read_to_string(root().join("fixtures/drafts/clean/plain-2026.txt")).unwrap();
    let task = "\tXây dựng cơ sở dữ liệu đất đai của tỉnh\t";
    assert!(text.contains(task));
    let hostile = text.replacen(
        task,
        "\tXây dựng \u{1b}[31mcơ sở\u{1b}[0m\u{1b}]0;pwned\u{7} dữ liệu đất\u{8}\u{202e} đai của tỉnh\t",
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("controls.txt");
    std::fs::write(&path, hostile).unwrap();
    let clean = root().join("fixtures/drafts/clean/plain-2026.txt");
    let run = |args: &[&str], with: &[&Path]| {
        let output = plandoc()
            .args(args)
            .args(with)
            .env("COLUMNS", "200")
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let views = [
        ("parse table", run(&["parse", "-f", "table"], &[&path])),
        (
            "diff table",
            run(&["diff", "-f", "table"], &[&clean, &path]),
        ),
        (
            "diff markdown",
            run(&["diff", "-f", "markdown"], &[&clean, &path]),
        ),
        ("diff html", run(&["diff", "-f", "html"], &[&clean, &path])),
    ];
    for (view, shown) in &views {
        let hidden: Vec<char> = shown
            .chars()
            .filter(|&c| (c.is_control() && c != '\n') || c == '\u{202e}')
            .collect();
        assert!(hidden.is_empty(), "{view}: {hidden:?}");
        // (the diff's views mark reworded words, and Markdown escapes "[" and "]")
        assert!(shown.matches('␛').count() >= 3, "{view}");
        assert!(shown.contains("pwned␇"), "{view}");
        assert!(shown.contains("đất␈"), "{view}");
    }
    let json = run(&["parse", "-f", "json"], &[&path]);
    let plan: serde_json::Value = serde_json::from_str(&json).unwrap();
    let kept = plan["tables"][0]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|row| row["task"].as_str())
        .any(|task| task.contains("\u{1b}[31mcơ sở\u{1b}[0m") && task.contains('\u{202e}'));
    assert!(kept, "the JSON keeps the document's own characters");
}

/// `check`'s report quotes the draft's lines: in a terminal or a CI log viewer (which runs
/// terminal escapes), their control characters are shown, not obeyed.
#[test]
fn check_quotes_a_drafts_control_characters_visibly() {
    let draft = root().join("fixtures/hostile/control-chars.txt");
    let raw = std::fs::read_to_string(&draft).unwrap();
    assert!(raw.contains('\u{8}'), "the fixture holds a backspace");
    for format in ["human", "github"] {
        let output = plandoc()
            .args([
                "check",
                "--no-config",
                "--color",
                "never",
                "--format",
                format,
            ])
            .arg(&draft)
            .output()
            .unwrap();
        let shown = String::from_utf8(output.stdout).unwrap();
        let hidden: Vec<char> = shown
            .chars()
            .filter(|&c| c.is_control() && c != '\n')
            .collect();
        assert!(hidden.is_empty(), "{format}: {hidden:?}");
        if format == "human" {
            assert!(shown.contains('␈'), "{shown}");
        }
    }
}

/// Every pair of plans is compared, so many plans each under the limit per pair can still make
/// a run of minutes (ten plans of 2,000 targets: killed at 60 s). Four plans of 1,802 targets
/// (3,247,204 pairs each pair, 19,483,224 in all) are refused, naming the two largest and
/// saying to compare fewer at a time; two of them are compared.
#[test]
fn too_many_plans_of_many_items_are_refused_as_a_run() {
    let dir = tempfile::tempdir().unwrap();
    let text = plan_of_targets(600);
    let plans: Vec<std::path::PathBuf> = (1..=4)
        .map(|n| {
            let path = dir.path().join(format!("plan-{n}.txt"));
            std::fs::write(&path, &text).unwrap();
            path
        })
        .collect();
    let out = dir.path().join("diff.json");
    let output = plandoc()
        .arg("diff")
        .args(&plans)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "plan-1.txt: too many items to compare in one run: 4 plans' targets make \
             19,483,224 pairs (this plan has 1,802,"
        ) && stderr.contains("plan-2.txt has 1,802)"),
        "{stderr}"
    );
    assert!(stderr.contains("compare fewer plans at a time"), "{stderr}");
    assert!(!out.exists(), "a refused diff writes nothing");
    let output = plandoc()
        .arg("diff")
        .args(&plans[..2])
        .args(["--only", "targets", "-f", "json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every view of a diff has a column per plan: more than 200 plans are refused before any is
/// read (2,000 plans of one item each took 24 GB for a terminal table).
#[test]
fn more_plans_than_a_diff_compares_are_refused_before_reading() {
    let names: Vec<String> = (0..201).map(|n| format!("missing-{n}.txt")).collect();
    let output = plandoc().arg("diff").args(&names).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("201 plans given; diff compares at most 200 at a time"),
        "{said}"
    );
    assert!(!said.contains("missing-0.txt"), "nothing is read: {said}");
}

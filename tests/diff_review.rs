//! `plandoc diff` on what a user review found wrong: targets paired across years, ranks compared
//! the wrong way, a missing year or comparator counted as the same level, timeframes compared
//! as raw text, a plan without a task table passed over in silence, an `-o` name of no known
//! format written as JSON, and a targets sheet whose levels could not be sorted.
//! Plans are made from the small made-up plan `fixtures/drafts/clean/plain-2026.txt`, edited
//! as text or as the JSON `plandoc parse` writes of it.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use plandoc::eval::alignment::gold_plan;
use serde_json::Value;

const CLEAN: &str = "fixtures/drafts/clean/plain-2026.txt";

fn plandoc() -> Command {
    Command::cargo_bin("plandoc").unwrap()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn clean() -> String {
    std::fs::read_to_string(root().join(CLEAN)).unwrap()
}

/// `text` with `old` replaced once, which must be there (else the fixture changed under the
/// test and it would test nothing).
fn edit(text: &str, old: &str, new: &str) -> String {
    assert!(text.contains(old), "{old:?} is not in the fixture");
    text.replacen(old, new, 1)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The plan `plandoc parse` reads from `path`, as JSON.
fn parsed(path: &Path) -> Value {
    let output = plandoc()
        .arg("parse")
        .arg(path)
        .args(["-f", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    serde_json::from_slice(&output.stdout).unwrap()
}

fn write_json(dir: &Path, name: &str, value: &Value) -> PathBuf {
    write(dir, name, &serde_json::to_string(value).unwrap())
}

/// `plandoc diff INPUTS ARGS -f json`, after checking that it succeeded.
fn diff_json(inputs: &[&Path], args: &[&str]) -> Value {
    let output = plandoc()
        .arg("diff")
        .args(inputs)
        .args(args)
        .args(["-f", "json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Every value of the CSV column headed `name`, read as CSV (cells hold commas and newlines).
fn column(csv: &str, name: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let at = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    reader
        .records()
        .map(|record| record.unwrap().get(at).unwrap_or_default().to_string())
        .collect()
}

fn targets(diff: &Value) -> &Vec<Value> {
    diff["targets"].as_array().unwrap()
}

/// The target group holding `plan`'s target number `index`.
fn group_of<'a>(diff: &'a Value, plan: &str, index: usize) -> &'a Value {
    targets(diff)
        .iter()
        .find(|g| g["members"][plan] == index)
        .expect("every target is in a group")
}

/// A plan that has two milestones of one subject (2025 and 2030) and a plan that has the 2030
/// one and, in its appendix, a task row with a like wording: each milestone pairs with the
/// other plan's target of its own year: never the 2025 one with the 2030 one while the 2030
/// one goes to the appendix row.
#[test]
fn targets_pair_with_the_milestone_of_their_own_year() {
    let dir = tempfile::tempdir().unwrap();
    let row = "3.1\tSố hóa 100% hồ sơ, kết quả giải quyết thủ tục hành chính\tCác sở, ban, ngành, UBND cấp xã\tCông an tỉnh\t12/2027\n";
    let two = write(dir.path(), "two.txt", &edit(&clean(), row, ""));
    let mut plan = parsed(&two);
    let list = plan["targets"].as_array_mut().unwrap();
    let at = list
        .iter()
        .position(|t| t["path"] == serde_json::json!(["II", "2", "c"]) && t["value"] == 100.0)
        .expect("the 2030 records target");
    // The 2025 milestone keeps the item's quote; the 2030 one has its own clause.
    let mut early = list[at].clone();
    early["value"] = 80.0.into();
    early["comparator"] = ">=".into();
    early["year"] = 2025.into();
    list[at]["quote"] =
        "đến năm 2030 100% hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa".into();
    list.insert(at, early);
    plan["plan"]["province"] = "Tỉnh Một".into();
    let two = write_json(dir.path(), "two.json", &plan);
    let one = write(
        dir.path(),
        "one.txt",
        &edit(&clean(), row, &row.replace("12/2027", "2026 - 2030")),
    );
    let diff = diff_json(&[&two, &one], &["--only", "targets"]);
    let key = diff["plans"][0]["key"].as_str().unwrap().to_string();
    let other = diff["plans"][1]["key"].as_str().unwrap().to_string();
    let early = group_of(&diff, &key, at);
    assert_ne!(
        early["details"][&other]["path"],
        serde_json::json!(["II", "2", "c"]),
        "the 2025 milestone took the 2030 one: {early:#}"
    );
    let late = group_of(&diff, &key, at + 1);
    assert_eq!(
        late["details"][&other]["path"],
        serde_json::json!(["II", "2", "c"]),
        "{late:#}"
    );
    assert_eq!(late["same"], true);
}

/// A rank is better lower: "Thứ bậc 30" is stronger than "Thứ bậc 45", whichever plan is first.
#[test]
fn a_lower_rank_is_stronger() {
    let dir = tempfile::tempdir().unwrap();
    let plan = gold_plan(root(), "kon-tum-nq03").expect("the reading exists");
    let at = plan
        .targets
        .iter()
        .position(|t| t.unit == "rank")
        .expect("a rank target");
    let mut better = plan.clone();
    better.targets[at].value = plan.targets[at].value - 15.0;
    better.plan.province = Some("Tỉnh Hai".to_string());
    let first = write_json(
        dir.path(),
        "first.json",
        &serde_json::to_value(&plan).unwrap(),
    );
    let second = write_json(
        dir.path(),
        "second.json",
        &serde_json::to_value(&better).unwrap(),
    );
    for (inputs, verdict) in [
        ([&first, &second], "stronger"),
        ([&second, &first], "weaker"),
    ] {
        let diff = diff_json(&[inputs[0], inputs[1]], &["--only", "targets"]);
        let key = diff["plans"][1]["key"].as_str().unwrap().to_string();
        let first_key = diff["plans"][0]["key"].as_str().unwrap().to_string();
        let group = group_of(&diff, &first_key, at);
        assert_eq!(group["verdicts"][&key], verdict, "{group:#}");
        assert_eq!(group["same"], false);
    }
}

/// `same` needs the same value, comparator, unit and year, and every verdict says so too: a
/// year one plan gives and the other does not, or "tối thiểu 80%" beside "80%", is not the same
/// level, and `--changed` keeps it.
#[test]
fn a_missing_year_or_another_comparator_is_no_same_level() {
    let dir = tempfile::tempdir().unwrap();
    let full = write(dir.path(), "full.txt", &clean());
    let mut plan = parsed(&full);
    let undated = plan["targets"]
        .as_array()
        .unwrap()
        .iter()
        .position(|t| t["year"].is_i64())
        .expect("a dated target");
    plan["targets"][undated]["year"] = Value::Null;
    let at_least = plan["targets"]
        .as_array()
        .unwrap()
        .iter()
        .position(|t| t["comparator"] == ">=")
        .expect("an at-least target");
    plan["targets"][at_least]["comparator"] = "=".into();
    plan["plan"]["province"] = "Tỉnh Ba".into();
    let edited = write_json(dir.path(), "edited.json", &plan);
    let diff = diff_json(&[&full, &edited], &["--only", "targets", "--changed"]);
    let key = diff["plans"][0]["key"].as_str().unwrap().to_string();
    let other = diff["plans"][1]["key"].as_str().unwrap().to_string();
    for index in [undated, at_least] {
        let group = group_of(&diff, &key, index);
        assert_eq!(group["members"][&other], index, "{group:#}");
        assert_eq!(group["same"], false, "{group:#}");
        assert_eq!(group["verdicts"][&other], "different", "{group:#}");
    }
    // Everywhere, the flag and the verdicts agree.
    for group in targets(&diff_json(&[&full, &edited], &["--only", "targets"])) {
        let all_same = group["verdicts"]
            .as_object()
            .unwrap()
            .values()
            .all(|v| v == "same");
        let present = group["members"]
            .as_object()
            .unwrap()
            .values()
            .filter(|m| !m.is_null())
            .count();
        assert_eq!(group["same"], present >= 2 && all_same, "{group:#}");
    }
}

/// Timeframes are compared as the plans mean them: "Năm 2026" and "2026", "Hằng năm" and
/// "Hàng năm" agree; "2026 - 2028" and "2026 - 2029" do not, and the change shows each plan's
/// own words.
#[test]
fn timeframes_are_compared_by_what_they_mean() {
    let dir = tempfile::tempdir().unwrap();
    let text = clean();
    let before = write(dir.path(), "before.txt", &text);
    let text = edit(&text, "\tNăm 2026\n", "\t2026\n");
    let text = edit(&text, "\tHằng năm\n", "\tHàng năm\n");
    let text = edit(&text, "\t2026 - 2028\n", "\t2026 - 2029\n");
    let after = write(dir.path(), "after.txt", &text);
    let diff = diff_json(&[&before, &after], &["--only", "tasks"]);
    let key = diff["plans"][1]["key"].as_str().unwrap().to_string();
    let timeframe_change = |id: &str| {
        let group = diff["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["members"][&key] == id)
            .unwrap_or_else(|| panic!("row {id}"));
        group["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["field"] == "timeframe")
            .cloned()
    };
    assert_eq!(timeframe_change("I.1.1"), None);
    assert_eq!(timeframe_change("I.1.3"), None);
    let changed = timeframe_change("III.3.2").expect("2026 - 2028 against 2026 - 2029");
    assert_eq!(changed["values"][&key], "2026 - 2029");
    // The rows keep their own words.
    let row = diff["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["members"][&key] == "I.1.3")
        .unwrap();
    assert_eq!(row["rows"][&key]["timeframe"], "Hàng năm");
    assert_eq!(row["status"], "identical");
}

/// A plan in which no task table was found is named on standard error, when tasks are shown.
#[test]
fn a_plan_without_a_task_table_is_noted() {
    let dir = tempfile::tempdir().unwrap();
    let text = clean();
    let cut = text.find("\nPhụ lục\n").expect("the appendix");
    let bare = write(dir.path(), "bare.txt", &text[..cut]);
    let full = write(dir.path(), "full.txt", &text);
    let output = plandoc()
        .arg("diff")
        .args([&full, &bare])
        .args(["-f", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no task table found"), "{stderr}");
    assert!(stderr.contains(&bare.display().to_string()), "{stderr}");
    assert!(!stderr.contains(&full.display().to_string()), "{stderr}");
    // Without the tasks view, nothing to say.
    let output = plandoc()
        .arg("diff")
        .args([&full, &bare])
        .args(["--only", "targets", "-f", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// An `-o` name whose extension is no format plandoc writes is refused unless --format says
/// what to write.
#[test]
fn an_output_name_of_no_known_format_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", &clean());
    let b = write(
        dir.path(),
        "b.txt",
        &edit(&clean(), "\tNăm 2027\n", "\tNăm 2028\n"),
    );
    for name in ["out.xyz", "report.v2"] {
        let out = dir.path().join(name);
        let output = plandoc()
            .arg("diff")
            .args([&a, &b])
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(name), "{stderr}");
        for accepted in [".json", ".csv", ".xlsx", ".html", ".md", ".txt", "--format"] {
            assert!(stderr.contains(accepted), "{stderr}");
        }
        assert!(!out.exists());
        plandoc()
            .arg("diff")
            .args([&a, &b])
            .args(["--format", "json", "-o"])
            .arg(&out)
            .assert()
            .success();
        let written: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
        assert_eq!(written["schema"], "plandoc/diff@1");
    }
}

/// The targets sheet has each plan's level in parts (number, comparator, unit, year) after
/// the columns it had, so a spreadsheet can sort and filter by them.
#[test]
fn the_targets_sheet_has_the_level_in_parts() {
    let dir = tempfile::tempdir().unwrap();
    let full = write(dir.path(), "full.txt", &clean());
    let less = write(
        dir.path(),
        "less.txt",
        &edit(
            &clean(),
            "đáp ứng 100% nhu cầu lưu trữ",
            "đáp ứng tối thiểu 80% nhu cầu lưu trữ",
        ),
    );
    let output = plandoc()
        .arg("diff")
        .args([&full, &less])
        .args(["--only", "targets", "-f", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let key_of = |at: usize| header[at].trim_end_matches(" value").to_string();
    let (first, second) = (key_of(3), key_of(7));
    let mut expected: Vec<String> = vec!["#".into(), "label".into(), "subject".into()];
    for key in [&first, &second] {
        for field in ["value", "verdict", "path", "quote"] {
            expected.push(format!("{key} {field}"));
        }
    }
    expected.push("same".into());
    for key in [&first, &second] {
        for field in ["number", "comparator", "unit", "year"] {
            expected.push(format!("{key} {field}"));
        }
    }
    for key in [&first, &second] {
        for field in ["first line", "last line"] {
            expected.push(format!("{key} {field}"));
        }
    }
    for key in [&first, &second] {
        expected.push(format!("{key} subject"));
    }
    assert_eq!(header, expected);
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let storage = reader
        .records()
        .map(Result::unwrap)
        .find(|r| r[column("label")].contains("nhu cầu lưu trữ"))
        .expect("the storage target");
    let cell = |key: &str, field: &str| storage[column(&format!("{key} {field}"))].to_string();
    assert_eq!(cell(&first, "number"), "100");
    assert_eq!(cell(&second, "number"), "80");
    assert_eq!(cell(&first, "comparator"), "=");
    assert_eq!(cell(&second, "comparator"), ">=");
    assert_eq!(cell(&second, "unit"), "%");
    assert_eq!(cell(&second, "year"), "2030");
    // Each plan's target is found at its own lines: the level as that file words it.
    for (key, path, level) in [(&first, &full, "100%"), (&second, &less, "80%")] {
        let text = std::fs::read_to_string(path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let first_line: usize = cell(key, "first line").parse().unwrap();
        let last_line: usize = cell(key, "last line").parse().unwrap();
        assert!(1 <= first_line && first_line <= last_line && last_line <= lines.len());
        let quoted = lines[first_line - 1..last_line].join(" ");
        assert!(
            quoted.contains(level) && quoted.contains("nhu cầu lưu trữ"),
            "{key} lines {first_line}-{last_line}: {quoted}"
        );
    }
}

/// Two rows whose wordings alone are too far apart to pair, paired because they sit under the
/// same group title with the same bodies, are marked as a weak match wherever the group is
/// shown; a row reworded only a little is not.
#[test]
fn a_match_carried_by_its_context_is_marked_weak() {
    let dir = tempfile::tempdir().unwrap();
    let text = clean();
    let before = write(dir.path(), "before.txt", &text);
    let text = edit(
        &text,
        "\tXây dựng cơ sở dữ liệu đất đai của tỉnh\t",
        "\tChuẩn hóa dữ liệu đất đai, đồng bộ với hệ thống quốc gia\t",
    );
    let text = edit(
        &text,
        "\tXây dựng cơ sở dữ liệu ngành y tế\t",
        "\tXây dựng cơ sở dữ liệu chuyên ngành y tế\t",
    );
    let after = write(dir.path(), "after.txt", &text);
    let diff = diff_json(&[&before, &after], &["--only", "tasks"]);
    let key = diff["plans"][1]["key"].as_str().unwrap().to_string();
    let group = |id: &str| {
        diff["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["members"][&key] == id)
            .unwrap_or_else(|| panic!("row {id} is in no group"))
            .clone()
    };
    let reworded = group("III.3.2");
    assert_eq!(reworded["status"], "changed");
    assert!(
        reworded["similarity"].as_f64().unwrap() < 0.30,
        "{reworded}"
    );
    assert_eq!(reworded["weak"], true);
    let retouched = group("III.3.3");
    assert_eq!(retouched["status"], "changed");
    assert_eq!(retouched["weak"], false);
    for group in diff["tasks"].as_array().unwrap() {
        if group["similarity"].is_null() {
            assert_eq!(group["weak"], false, "{group}");
        }
    }

    let shown = |format: &str| {
        let output = plandoc()
            .arg("diff")
            .args([&before, &after])
            .args(["--only", "tasks", "-f", format])
            .output()
            .unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap()
    };
    let markdown = shown("markdown");
    assert_eq!(markdown.matches("(weak match)").count(), 1, "{markdown}");
    let html = shown("html");
    assert_eq!(html.matches("(weak match)").count(), 1);
    assert!(html.contains("1 weak match in all"), "{html}");
    let csv = shown("csv");
    let weak = column(&csv, "weak match");
    let tasks = column(&csv, &format!("{key} task"));
    let weak_tasks: Vec<&String> = tasks
        .iter()
        .zip(&weak)
        .filter(|(_, weak)| *weak == "yes")
        .map(|(task, _)| task)
        .collect();
    assert_eq!(weak_tasks.len(), 1, "{csv}");
    assert!(weak_tasks[0].contains("đồng bộ với hệ thống quốc gia"));
}

/// A report filtered with `--changed` or `--lead` says so, counts what each view lost, keeps a
/// view the filters emptied (with its heading saying why) and numbers groups as the whole
/// comparison does, so two reports of one comparison cross-reference.
#[test]
fn a_filtered_report_says_what_it_hides() {
    let dir = tempfile::tempdir().unwrap();
    let text = clean();
    let before = write(dir.path(), "before.txt", &text);
    let after = write(
        dir.path(),
        "after.txt",
        &edit(&text, "\tNăm 2027\n", "\tNăm 2028\n"),
    );
    let whole = diff_json(&[&before, &after], &[]);
    assert!(whole.get("filtered").is_none(), "nothing filtered");
    let changed = diff_json(&[&before, &after], &["--changed"]);
    let filtered = &changed["filtered"];
    assert_eq!(filtered["changed"], true);
    let count = |diff: &Value, view: &str| diff[view].as_array().unwrap().len() as u64;
    for view in ["tasks", "targets", "sections", "agencies"] {
        assert_eq!(
            filtered["hidden"][view].as_u64().unwrap() + count(&changed, view),
            count(&whole, view),
            "{view}"
        );
    }
    // Every target is alike in both plans: the view is empty, and its heading says why.
    assert_eq!(count(&changed, "targets"), 0);
    assert!(count(&whole, "targets") > 0);
    // One task changed; it keeps its number.
    let tasks = changed["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 1);
    let number = tasks[0]["number"].as_u64().unwrap() as usize;
    assert_eq!(whole["tasks"][number - 1]["members"], tasks[0]["members"]);
    assert!(number > 1, "not renumbered from 1");

    let shown = |format: &str| {
        let output = plandoc()
            .arg("diff")
            .args([&before, &after])
            .args(["--changed", "-f", format])
            .env("COLUMNS", "80")
            .output()
            .unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap()
    };
    let targets_hidden = format!(
        "{} more hidden by --changed",
        filtered["hidden"]["targets"].as_u64().unwrap()
    );
    for format in ["table", "markdown", "html"] {
        let report = shown(format);
        assert!(report.contains("--changed"), "{format}");
        assert!(report.contains(&targets_hidden), "{format}: {report}");
        assert!(report.contains(&format!("{number}")), "{format}");
        // Markdown headings give the count as the terminal's and the page's do (stop 47).
        assert!(report.contains("Tasks — 1 group"), "{format}: {report}");
        assert!(
            !report.contains(" 1 groups") && !report.contains(" 1 rows"),
            "{format}"
        );
    }
    let table = shown("table");
    let wide: Vec<&str> = table.lines().filter(|l| l.chars().count() > 80).collect();
    assert!(wide.is_empty(), "{wide:?}");
}

/// A plan in which no task table was found is flagged in the report itself, not only on
/// standard error: its column of "—" must not read as "plans none of these tasks".
#[test]
fn a_plan_without_a_task_table_is_flagged_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let text = clean();
    let cut = text.find("\nPhụ lục\n").expect("the appendix");
    let bare = write(dir.path(), "bare.txt", &text[..cut]);
    let full = write(dir.path(), "full.txt", &text);
    let diff = diff_json(&[&full, &bare], &[]);
    let notes: Vec<&Value> = diff["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["note"])
        .collect();
    assert!(notes[0].is_null(), "{notes:?}");
    assert!(notes[1].as_str().unwrap().contains("no task table found"));
    for format in ["table", "markdown", "html"] {
        let output = plandoc()
            .arg("diff")
            .args([&full, &bare])
            .args(["-f", format])
            .output()
            .unwrap();
        let report = String::from_utf8(output.stdout).unwrap();
        assert!(report.contains("no task table found"), "{format}");
        // The agencies view explains its "—", which it prints only for such a plan.
        assert!(
            report.contains("no task table was found in that plan"),
            "{format}"
        );
    }
    let folder = dir.path().join("csv");
    let output = plandoc()
        .arg("diff")
        .args([&full, &bare])
        .args(["-f", "csv", "-o"])
        .arg(format!("{}/", folder.display()))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let plans = std::fs::read_to_string(folder.join("plans.csv")).unwrap();
    let notes = column(&plans, "note");
    assert_eq!(
        notes
            .iter()
            .filter(|note| note.contains("no task table found"))
            .count(),
        1,
        "{plans}"
    );
    // Its counts in the agencies view are missing, not 0 ("assigns nothing").
    let agencies = std::fs::read_to_string(folder.join("agencies.csv")).unwrap();
    let key = |n: usize| diff["plans"][n]["key"].as_str().unwrap().to_string();
    let led = column(&agencies, &format!("{} led", key(1)));
    assert!(
        !led.is_empty() && led.iter().all(|cell| cell.is_empty()),
        "{agencies}"
    );
    let full_led = column(&agencies, &format!("{} led", key(0)));
    assert!(full_led
        .iter()
        .any(|cell| cell.parse::<usize>().unwrap() > 0));
    for row in diff["agencies"].as_array().unwrap() {
        assert_eq!(row["led"].as_object().unwrap().len(), 1, "{row}");
        assert_eq!(row["supported"].as_object().unwrap().len(), 1, "{row}");
    }
}

/// The targets sheet's `same` says "only one plan" for a target one plan has, not "no": a
/// filter on "no" finds the real disagreements.
#[test]
fn a_target_of_one_plan_is_not_called_different() {
    let dir = tempfile::tempdir().unwrap();
    let text = clean();
    let before = write(dir.path(), "before.txt", &text);
    let diff_before = parsed(&before);
    let mut plan = diff_before.clone();
    let targets = plan["targets"].as_array_mut().unwrap();
    assert!(targets.len() >= 3, "the fixture has targets");
    targets.remove(0);
    let after = write_json(dir.path(), "after.json", &plan);
    let output = plandoc()
        .arg("diff")
        .args([&before, &after])
        .args(["--only", "targets", "-f", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let csv = String::from_utf8(output.stdout).unwrap();
    let values = column(&csv, "same");
    assert!(values.iter().any(|v| v == "only one plan"), "{csv}");
    assert!(!values.iter().any(|v| v == "no"), "{csv}");
}

/// The HTML report shows each target's own sentence under its level, not only in a tooltip
/// that printing and most mail readers drop: a wrong pairing is seen on paper.
#[test]
fn the_html_report_prints_each_targets_own_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let before = write(dir.path(), "before.txt", &clean());
    let plan = parsed(&before);
    let quote = plan["targets"][0]["quote"].as_str().unwrap().to_string();
    let output = plandoc()
        .arg("diff")
        .args([&before, &before])
        .args(["--only", "targets", "-f", "html"])
        .output()
        .unwrap();
    let html = String::from_utf8(output.stdout).unwrap();
    let escaped = quote
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;");
    assert!(
        html.contains(&format!("<div class=\"quote\">{escaped}</div>")),
        "{quote}"
    );
    assert!(!html.contains(" title=\""), "no sentence left to a tooltip");
}

/// A sub-heading keeps its indent in Markdown, where a cell's leading spaces are trimmed.
#[test]
fn markdown_keeps_a_sub_headings_indent() {
    let dir = tempfile::tempdir().unwrap();
    let before = write(dir.path(), "before.txt", &clean());
    let output = plandoc()
        .arg("diff")
        .args([&before, &before])
        .args(["--only", "sections", "-f", "markdown"])
        .output()
        .unwrap();
    let markdown = String::from_utf8(output.stdout).unwrap();
    let rows: Vec<&str> = markdown.lines().filter(|l| l.starts_with("| ")).collect();
    let level_of = |row: &str| row.split(" | ").nth(1).unwrap_or_default().to_string();
    let sub = rows
        .iter()
        .find(|row| level_of(row) == "2")
        .expect("a level-2 heading");
    assert!(sub.starts_with("| \u{a0}\u{a0}"), "{sub}");
    let top = rows.iter().find(|row| level_of(row) == "1").unwrap();
    assert!(!top.starts_with("| \u{a0}"), "{top}");
}

/// A plan given as the JSON `plandoc parse` wrote is named in the report by the document it was
/// read from as well: "b.json" alone does not tell a reader which plan it is.
#[test]
fn a_plan_given_as_json_is_named_by_its_document_too() {
    let dir = tempfile::tempdir().unwrap();
    let text = write(dir.path(), "draft.txt", &clean());
    let json = write_json(dir.path(), "draft.json", &parsed(&text));
    let diff = diff_json(&[&text, &json], &[]);
    let plans = diff["plans"].as_array().unwrap();
    assert!(plans[0].get("source").is_none(), "a text names itself");
    assert_eq!(plans[1]["path"], json.display().to_string());
    assert_eq!(plans[1]["source"], text.display().to_string());
    let table = plandoc()
        .arg("diff")
        .args([&text, &json])
        .args(["-f", "table"])
        .output()
        .unwrap();
    assert!(table.status.success());
    let table = String::from_utf8(table.stdout).unwrap();
    let legend = table
        .lines()
        .find(|line| line.contains("draft.json"))
        .expect("the JSON plan's legend line");
    assert!(
        legend.contains(&format!("from {}", text.display())),
        "{legend}"
    );
    // Read from standard input, a plan names no document: no source.
    let output = plandoc()
        .args(["parse", "-", "-f", "json"])
        .write_stdin(clean())
        .output()
        .unwrap();
    assert!(output.status.success());
    let piped = write(
        dir.path(),
        "piped.json",
        &String::from_utf8(output.stdout).unwrap(),
    );
    let diff = diff_json(&[&text, &piped], &[]);
    assert!(
        diff["plans"][1].get("source").is_none(),
        "{}",
        diff["plans"]
    );
}

/// In a group of three, two plans' identical wordings lift the mean similarity over the pairing
/// threshold: the third plan's far wording, brought in by the group title and bodies alone, is
/// still a weak match.
#[test]
fn a_weak_member_of_three_is_not_hidden_by_the_others_mean() {
    let dir = tempfile::tempdir().unwrap();
    let text = clean();
    let first = write(dir.path(), "first.txt", &text);
    let copy = write(dir.path(), "copy.txt", &text);
    let reworded = write(
        dir.path(),
        "reworded.txt",
        &edit(
            &text,
            "\tXây dựng cơ sở dữ liệu đất đai của tỉnh\t",
            "\tChuẩn hóa dữ liệu đất đai, đồng bộ với hệ thống quốc gia\t",
        ),
    );
    let diff = diff_json(&[&first, &reworded, &copy], &["--only", "tasks"]);
    let key = diff["plans"][1]["key"].as_str().unwrap().to_string();
    let group = diff["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["members"][&key] == "III.3.2")
        .expect("the reworded row is in a group");
    assert_eq!(
        group["members"]
            .as_object()
            .unwrap()
            .values()
            .filter(|m| !m.is_null())
            .count(),
        3,
        "{group}"
    );
    assert!(
        group["similarity"].as_f64().unwrap() > 0.30,
        "the mean is over the threshold: {group}"
    );
    assert_eq!(group["weak"], true, "{group}");
    let weak = diff["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["weak"] == true)
        .count();
    assert_eq!(weak, 1, "the identical rows are not weak");
}

/// A plan of three tab-separated task rows, each led by `leads[i]`.
fn duty_plan(year: u32, leads: [&str; 3]) -> String {
    format!(
        "ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH\nSố: 5/KH-UBND\nBình Định, ngày 10 tháng 3 năm {year}\n\n\
         KẾ HOẠCH\nTriển khai Chiến lược dữ liệu\n\nI. MỤC ĐÍCH\n1. Mục đích\n- Cụ thể hóa.\n\n\
         Phụ lục\nDANH MỤC NHIỆM VỤ\n\n\
         TT\tNhiệm vụ\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian thực hiện\n\
         I\tNHIỆM VỤ\t\t\t\n\
         1\tSố hóa dữ liệu báo chí, xuất bản của tỉnh\t{}\tCác sở, ngành, địa phương\tNăm 2026\n\
         2\tXây dựng cơ sở dữ liệu bảo trợ xã hội, trẻ em\t{}\tCác sở, ngành, địa phương\tNăm 2026\n\
         3\tXây dựng cơ sở dữ liệu việc làm của tỉnh\t{}\tCác sở, ngành, địa phương\tNăm 2026\n",
        leads[0], leads[1], leads[2]
    )
}

/// The lead changes of a two-plan diff, by task row: (kind, note).
fn lead_changes(old: &str, new: &str) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", old);
    let b = write(dir.path(), "b.txt", new);
    let output = plandoc()
        .args(["diff", "-f", "json"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    json["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|group| {
            let lead = group["changes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["field"] == "lead");
            match lead {
                Some(c) => (
                    c["kind"].as_str().unwrap().to_string(),
                    c["note"].as_str().unwrap_or("").to_string(),
                ),
                None => ("same".to_string(), String::new()),
            }
        })
        .collect()
}

/// Departments whose duties were split in 2025 (docs/DOMAIN.md): press and publishing went to
/// Sở Văn hóa, Thể thao và Du lịch, social protection to Sở Y tế — not with the rest of the
/// department. The task decides which body is "the same body after the reorganization".
#[test]
fn a_split_departments_successor_depends_on_the_task() {
    let old = duty_plan(
        2024,
        [
            "Sở Thông tin và Truyền thông",
            "Sở Lao động - Thương binh và Xã hội",
            "Sở Lao động - Thương binh và Xã hội",
        ],
    );
    let right = duty_plan(
        2026,
        ["Sở Văn hóa, Thể thao và Du lịch", "Sở Y tế", "Sở Nội vụ"],
    );
    let changes = lead_changes(&old, &right);
    assert_eq!(changes.len(), 3);
    for (kind, _) in &changes {
        assert_eq!(kind, "reorganized", "{changes:?}");
    }
    assert!(changes[1]
        .1
        .contains("Sở Lao động - Thương binh và Xã hội → Sở Y tế, which took over bảo trợ xã hội"));
    // Employment stayed with the main successor; the note says which duties did not.
    assert!(
        changes[2].1.contains(
            "Sở Lao động - Thương binh và Xã hội → Sở Nội vụ, except bảo trợ xã hội → Sở Y tế"
        ),
        "{changes:?}"
    );

    // The main successor where the task names a duty that went elsewhere: the same body only
    // if the words merely mention the duty ("tuyên truyền … trên báo chí" is not press work),
    // which the note says; a body that is neither successor differs.
    let main = duty_plan(2026, ["Sở Khoa học và Công nghệ", "Sở Nội vụ", "Sở Y tế"]);
    let changes = lead_changes(&old, &main);
    assert_eq!(changes[0].0, "reorganized", "{changes:?}");
    assert!(
        changes[0].1.contains(
            "Sở Thông tin và Truyền thông → Sở Khoa học và Công nghệ, unless the task is báo chí, \
             xuất bản, thông tin work"
        ),
        "{changes:?}"
    );
    assert_eq!(changes[1].0, "reorganized", "{changes:?}");
    assert!(changes[1]
        .1
        .contains("unless the task is bảo trợ xã hội work"));
    assert_eq!(changes[2].0, "differs", "{changes:?}");
}

/// Every view that shows targets says whether they are the same, the HTML page too, in the
/// words the spreadsheets use.
#[test]
fn the_html_targets_table_says_whether_they_are_the_same() {
    let seeds = root().join("seeds");
    let a = seeds.join("kon-tum-142.txt");
    let b = seeds.join("gia-lai-142.txt");
    let json = diff_json(&[&a, &b], &["--only", "targets"]);
    let output = plandoc()
        .arg("diff")
        .args([&a, &b])
        .args(["--only", "targets", "-f", "html"])
        .output()
        .unwrap();
    let html = String::from_utf8(output.stdout).unwrap();
    assert!(html.contains("<th>same</th>"));
    let cells = ["<td>yes</td>", "<td>yes, where present</td>", "<td>no</td>"]
        .iter()
        .chain(&[
            "<td>only one plan</td>",
            "<td>same level, worded otherwise</td>",
        ])
        .map(|cell| html.matches(cell).count())
        .sum::<usize>();
    assert_eq!(cells, json["targets"].as_array().unwrap().len());
}

/// In the agencies view a plan that gives a body no task shows "0 / 0"; "—" is kept for a plan
/// in which no task table was found, so an analyst can tell "assigns nothing" from "not read".
#[test]
fn agencies_tell_a_count_of_nothing_from_no_table() {
    let dir = tempfile::tempdir().unwrap();
    let text = clean();
    let cut = text.find("\nPhụ lục\n").expect("the appendix");
    let bare = write(dir.path(), "bare.txt", &text[..cut]);
    let full = write(dir.path(), "full.txt", &text);
    // A body only the second plan leads: the first plan's count of it is 0 / 0.
    let other = write(
        dir.path(),
        "other.txt",
        &edit(&text, "\tSở Y tế\t", "\tSở Ngoại vụ\t"),
    );
    for format in ["markdown", "html", "table"] {
        let output = plandoc()
            .arg("diff")
            .args([&full, &other, &bare])
            .args(["--only", "agencies", "-f", format])
            .output()
            .unwrap();
        let report = String::from_utf8(output.stdout).unwrap();
        let row = report
            .lines()
            .find(|line| line.contains("Sở Ngoại vụ"))
            .unwrap_or_else(|| panic!("{format}: no row of Sở Ngoại vụ: {report}"));
        assert!(row.contains("0 / 0"), "{format}: {row}");
        assert!(
            row.contains('—'),
            "{format}: the plan without a table: {row}"
        );
    }
}

/// A file that does not read as a plan (no numbered part, no task table) is refused by `diff`,
/// naming it, instead of a comparison that looks successful.
#[test]
fn diff_refuses_a_file_that_is_not_a_plan() {
    let dir = tempfile::tempdir().unwrap();
    let notes = write(
        dir.path(),
        "notes.md",
        "Ghi chú cuộc họp\n\nCác đơn vị trao đổi về dữ liệu và thống nhất báo cáo sau.\n",
    );
    let full = write(dir.path(), "full.txt", &clean());
    let output = plandoc()
        .arg("diff")
        .args([&full, &notes])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("{}: does not read as a plan", notes.display())),
        "{stderr}"
    );
    // With a target in its running text it has something to compare: compared, with a warning.
    let memo = write(
        dir.path(),
        "memo.md",
        "Ghi chú cuộc họp\n\nPhấn đấu đến năm 2030, 100% hồ sơ được số hóa.\n",
    );
    let output = plandoc()
        .arg("diff")
        .args([&full, &memo])
        .args(["--only", "targets", "-f", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "warning: {}: does not read as a plan",
            memo.display()
        )),
        "{stderr}"
    );
}

/// On a terminal a sub-heading keeps its indent when its cell wraps: comfy-table breaks a cell
/// at its spaces and dropped an indent of ordinary spaces on the wrapped rows.
#[test]
fn a_wrapped_sub_heading_keeps_its_indent_on_a_terminal() {
    let seeds: Vec<PathBuf> = ["kon-tum-142", "gia-lai-142", "son-la-142", "dak-lak-142"]
        .iter()
        .map(|name| root().join(format!("seeds/{name}.txt")))
        .collect();
    let output = plandoc()
        .arg("diff")
        .args(&seeds)
        .args(["--only", "sections", "-f", "table"])
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    let table = String::from_utf8(output.stdout).unwrap();
    // A row's first line: the heading cell, then the level cell.
    let rows: Vec<(&str, &str)> = table
        .lines()
        .filter_map(|line| {
            let mut cells = line.strip_prefix('│')?.split('┆');
            Some((cells.next()?, cells.next()?.trim()))
        })
        .filter(|(_, level)| *level == "2")
        .collect();
    assert!(rows.len() > 5, "{table}");
    for (heading, _) in rows {
        assert!(heading.starts_with(" \u{a0}\u{a0}"), "{heading:?}\n{table}");
    }
}

/// Targets and sections, like task rows, say where each plan has them: the JSON gives `parse`'s
/// line range of every member, the spreadsheet two columns a plan after every earlier column,
/// and the HTML "· line N" beside the path. A plan with a line added above sees its lines move.
#[test]
fn targets_and_sections_carry_each_plans_lines() {
    let dir = tempfile::tempdir().unwrap();
    let full = write(dir.path(), "full.txt", &clean());
    let shifted = write(dir.path(), "shifted.txt", &format!("\n{}", clean()));
    let diff = diff_json(&[&full, &shifted], &["--only", "targets,sections"]);
    let keys: Vec<String> = diff["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap().to_string())
        .collect();
    let plan = parsed(&full);
    let targets = diff["targets"].as_array().unwrap();
    assert!(!targets.is_empty());
    for group in targets {
        let index = group["members"][&keys[0]].as_u64().unwrap() as usize;
        let own = &plan["targets"][index]["lines"];
        assert_eq!(&group["details"][&keys[0]]["lines"], own);
        let moved: Vec<u64> = own
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_u64().unwrap() + 1)
            .collect();
        assert_eq!(
            group["details"][&keys[1]]["lines"],
            serde_json::json!(moved)
        );
    }
    let sections = diff["sections"].as_array().unwrap();
    assert!(!sections.is_empty());
    for group in sections {
        let path = group["members"][&keys[0]].as_str().unwrap();
        let own = plan["sections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| {
                s["path"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p.as_str().unwrap())
                    .collect::<Vec<_>>()
                    .join(".")
                    == path
            })
            .unwrap();
        assert_eq!(group["lines"][&keys[0]], own["lines"]);
        let [first, last] = [0, 1].map(|i| own["lines"][i].as_u64().unwrap() + 1);
        assert_eq!(group["lines"][&keys[1]], serde_json::json!([first, last]));
    }

    let output = plandoc()
        .arg("diff")
        .args([&full, &shifted])
        .args(["--only", "sections", "-f", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let tail: Vec<String> = keys
        .iter()
        .flat_map(|k| [format!("{k} first line"), format!("{k} last line")])
        .collect();
    assert_eq!(header[header.len() - 4..], tail[..]);
    let text = clean();
    let lines: Vec<&str> = text.lines().collect();
    for record in reader.records().map(Result::unwrap) {
        let first: usize = record[header.len() - 4].parse().unwrap();
        assert_eq!(
            record[header.len() - 2].parse::<usize>().unwrap(),
            first + 1
        );
        // The heading's words are at its first line.
        assert!(
            lines[first - 1].contains(&record[0]),
            "{} at line {first}: {}",
            &record[0],
            lines[first - 1]
        );
    }

    let output = plandoc()
        .arg("diff")
        .args([&full, &shifted])
        .args(["--only", "targets", "-f", "html"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let html = String::from_utf8(output.stdout).unwrap();
    for target in plan["targets"].as_array().unwrap() {
        let [first, last] = [0, 1].map(|i| target["lines"][i].as_u64().unwrap());
        let shown = if first == last {
            format!("· line {first}<")
        } else {
            format!("· lines {first}–{last}<")
        };
        assert!(html.contains(&shown), "{shown} is not in the HTML");
    }
}

/// A plan key is the slug of the province, repeated in every group and naming columns: a
/// province of 400,000 letters (a damaged or hostile plan JSON) gives a key of at most 40
/// characters, not a report hundreds of times the input; a province spelt like a fixed column
/// ("Level") gets a key of its own ("level-plan"), so no CSV has two columns of one name.
#[test]
fn plan_keys_are_short_and_never_a_fixed_columns_name() {
    let dir = tempfile::tempdir().unwrap();
    let full = write(dir.path(), "full.txt", &clean());
    let mut plan = parsed(&full);
    plan["plan"]["province"] = Value::String("Kon Tum ".repeat(50_000));
    let long = write_json(dir.path(), "long.json", &plan);
    plan["plan"]["province"] = Value::String("Level".to_string());
    let level = write_json(dir.path(), "level.json", &plan);
    let output = plandoc()
        .arg("diff")
        .args([&long, &level, &full])
        .args(["-f", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let input_bytes = std::fs::metadata(&long).unwrap().len();
    assert!(
        (output.stdout.len() as u64) < 2 * input_bytes,
        "{} bytes of diff from {input_bytes} bytes of input",
        output.stdout.len()
    );
    let diff: Value = serde_json::from_slice(&output.stdout).unwrap();
    let keys: Vec<&str> = diff["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap())
        .collect();
    assert!(
        keys[0].len() <= 40 && keys[0].starts_with("kon-tum-kon-tum"),
        "{}",
        keys[0]
    );
    assert!(!keys[0].ends_with('-'));
    assert_eq!(keys[1], "level-plan");

    let output = plandoc()
        .arg("diff")
        .args([&level, &full])
        .args(["--only", "sections", "-f", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let mut unique = header.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), header.len(), "{header:?}");
}

/// A word longer than any column (40,000 letters: a damaged extraction, or a hostile file) is
/// broken onto lines of at most 120 letters in the terminal table, every letter kept;
/// comfy-table cut it one letter at a time, measuring the rest each time (a 19,000-letter word
/// in each of 150 rows took 34 s; `docs/robustness.md`).
#[test]
fn a_word_longer_than_any_column_is_broken_in_the_terminal_table_with_every_letter_kept() {
    let dir = tempfile::tempdir().unwrap();
    let full = write(dir.path(), "full.txt", &clean());
    let mut plan = parsed(&full);
    let word = "ж".repeat(40_000);
    plan["tables"][0]["rows"][0]["task"] = Value::String(word.clone());
    let long = write_json(dir.path(), "long.json", &plan);
    let output = plandoc()
        .arg("diff")
        .args([&long, &full])
        .args(["-f", "table"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let shown = String::from_utf8(output.stdout).unwrap();
    // Every letter of the word shown (no other "ж" is in the plans or the report).
    assert_eq!(shown.matches('ж').count(), 40_000);
    let longest = shown
        .split(|c: char| c != 'ж')
        .map(|run| run.chars().count())
        .max()
        .unwrap_or(0);
    assert!((1..=120).contains(&longest), "a run of {longest} letters");
}

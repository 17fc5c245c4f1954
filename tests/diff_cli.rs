//! `plandoc diff` through the binary: inputs (plan files and JSON), every format, filters.
//! Plans come from the hand-checked readings (`fixtures/gold/`), written as `plandoc/plan@1`
//! JSON, so the diff is tested independently of the parser; the seeds themselves are diffed too.

mod common;
use common::zip_entry;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use plandoc::eval::alignment::{gold_plan, ALIGNMENT_STEMS};

fn plandoc() -> Command {
    Command::cargo_bin("plandoc").unwrap()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Writes the reference plans of `stems` as JSON into `dir`, returning their paths.
fn gold_json(dir: &Path, stems: &[&str]) -> Vec<PathBuf> {
    stems
        .iter()
        .map(|stem| {
            let plan = gold_plan(root(), stem).expect("reference readings exist");
            let path = dir.join(format!("{stem}.json"));
            std::fs::write(&path, serde_json::to_vec(&plan).unwrap()).unwrap();
            path
        })
        .collect()
}

/// Runs `plandoc diff INPUTS ARGS -o OUT` and asserts it succeeded.
fn diff_to(inputs: &[PathBuf], args: &[&str], out: &Path) {
    plandoc()
        .arg("diff")
        .args(inputs)
        .args(args)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
}

/// What `plandoc diff INPUTS ARGS` prints, after checking that it succeeded.
fn diff_stdout(inputs: &[PathBuf], args: &[&str]) -> Vec<u8> {
    let output = plandoc()
        .arg("diff")
        .args(inputs)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// The bundled seeds of these stems, as paths relative to the crate (as a user types them).
fn seed_paths(stems: &[&str]) -> Vec<PathBuf> {
    stems
        .iter()
        .map(|stem| PathBuf::from(format!("seeds/{stem}.txt")))
        .collect()
}

fn diff_json(args: &[&str], inputs: &[PathBuf]) -> serde_json::Value {
    let args: Vec<&str> = ["--format", "json"]
        .into_iter()
        .chain(args.iter().copied())
        .collect();
    serde_json::from_slice(&diff_stdout(inputs, &args)).unwrap()
}

#[test]
fn a_plan_diffed_with_itself_is_identical_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    for stem in ["kon-tum-142", "dak-lak-142", "kon-tum-nq03"] {
        let path = gold_json(dir.path(), &[stem]).remove(0);
        let diff = diff_json(&[], &[path.clone(), path]);
        let keys: Vec<&str> = diff["plans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["key"].as_str().unwrap())
            .collect();
        assert_eq!(
            keys[1],
            format!("{}-2", keys[0]),
            "duplicate keys are numbered"
        );
        let tasks = diff["tasks"].as_array().unwrap();
        assert!(!tasks.is_empty());
        for group in tasks {
            assert_eq!(group["status"], "identical", "{stem}: {group}");
            assert_eq!(group["similarity"], 1.0);
            assert!(group["changes"].as_array().unwrap().is_empty());
        }
        for group in diff["targets"].as_array().unwrap() {
            assert_eq!(group["same"], true, "{stem}: {group}");
        }
        for group in diff["sections"].as_array().unwrap() {
            assert!(group["members"]
                .as_object()
                .unwrap()
                .values()
                .all(|m| !m.is_null()));
        }
    }
}

#[test]
fn four_plans_share_differ_and_stand_alone() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = gold_json(dir.path(), ALIGNMENT_STEMS);
    let diff = diff_json(&[], &inputs);
    assert_eq!(diff["schema"], "plandoc/diff@1");
    let keys: Vec<&str> = diff["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["kon-tum", "son-la", "gia-lai", "dak-lak"]);
    let tasks = diff["tasks"].as_array().unwrap();
    // The open-data catalogue task is in all four plans, reworded by Đắk Lắk.
    let catalogue = tasks
        .iter()
        .find(|g| g["members"]["kon-tum"] == "A.I.1")
        .unwrap();
    assert_eq!(catalogue["members"]["son-la"], "I.1");
    assert_eq!(catalogue["members"]["gia-lai"], "A.I.1");
    assert_eq!(catalogue["members"]["dak-lak"], "I.1.4");
    let fields: Vec<&str> = catalogue["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"task") && fields.contains(&"timeframe"),
        "{fields:?}"
    );
    let wording = catalogue["rows"]["dak-lak"]["wording"].as_array().unwrap();
    assert!(wording.iter().any(|s| s["op"] == "added"));
    // Only the province name differs: not a wording change.
    let big_data = tasks
        .iter()
        .find(|g| g["members"]["kon-tum"] == "A.I.2")
        .unwrap();
    assert_eq!(big_data["members"]["gia-lai"], "A.I.2");
    assert!(big_data["changes"].as_array().unwrap().is_empty());
    assert_eq!(big_data["status"], "partial");
    // Đắk Lắk's steering committee task exists nowhere else.
    let alone = tasks
        .iter()
        .find(|g| g["members"]["dak-lak"] == "I.1.1")
        .unwrap();
    assert_eq!(alone["status"], "only");
    assert!(alone["similarity"].is_null());
    // A target whose level changed: 70% in Kon Tum, 80% in Đắk Lắk.
    let targets = diff["targets"].as_array().unwrap();
    let stronger = targets
        .iter()
        .find(|g| g["members"]["kon-tum"] == 6)
        .unwrap();
    assert_eq!(stronger["members"]["dak-lak"], 16);
    assert_eq!(stronger["verdicts"]["dak-lak"], "stronger");
    assert_eq!(stronger["same"], false);
    // `same` as the contract shows it: the plans that have a target agree, a plan without it
    // being a null member; one plan alone agrees with nothing. `--changed` keeps a target a
    // plan lacks, agreeing or not.
    let present = |g: &serde_json::Value| {
        g["members"]
            .as_object()
            .unwrap()
            .values()
            .filter(|m| !m.is_null())
            .count()
    };
    for group in targets {
        if present(group) < 2 {
            assert_eq!(group["same"], false, "{group}");
        }
    }
    let agreeing_where_present = targets
        .iter()
        .filter(|g| g["same"] == true && present(g) < keys.len())
        .count();
    assert!(agreeing_where_present > 0);
    let changed = diff_json(&["--changed"], &inputs);
    let kept = changed["targets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["same"] == true && present(g) < keys.len())
        .count();
    assert_eq!(kept, agreeing_where_present);
    // "Hợp tác quốc tế" is a heading of Kon Tum and Gia Lai, not of Sơn La or Đắk Lắk.
    let sections = diff["sections"].as_array().unwrap();
    let international = sections
        .iter()
        .find(|g| g["heading"] == "Hợp tác quốc tế")
        .unwrap();
    assert!(international["members"]["kon-tum"].is_string());
    assert!(international["members"]["son-la"].is_null());
    assert!(international["members"]["dak-lak"].is_null());
    // The responsibility matrix counts leads and supports per plan.
    let police = diff["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["body"] == "Công an tỉnh")
        .unwrap();
    assert_eq!(police["led"]["dak-lak"], 10);
    assert_eq!(police["led"]["kon-tum"], 2);
}

#[test]
fn filters_keep_what_was_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = gold_json(dir.path(), &["kon-tum-142", "gia-lai-142"]);
    let all = diff_json(&[], &inputs);
    let changed = diff_json(&["--changed"], &inputs);
    let count = |d: &serde_json::Value| d["tasks"].as_array().unwrap().len();
    assert!(count(&changed) < count(&all));
    assert!(changed["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .all(|g| g["status"] != "identical"));
    let only = diff_json(&["--only", "targets"], &inputs);
    assert!(only["tasks"].as_array().unwrap().is_empty());
    assert!(only["sections"].as_array().unwrap().is_empty());
    assert!(!only["targets"].as_array().unwrap().is_empty());
    // Several views: listed with commas or with --only repeated, the same diff.
    let two = diff_json(&["--only", "targets,sections"], &inputs);
    assert_eq!(
        two,
        diff_json(&["--only", "targets", "--only", "sections"], &inputs)
    );
    assert!(two["tasks"].as_array().unwrap().is_empty());
    assert!(two["agencies"].as_array().unwrap().is_empty());
    assert!(!two["targets"].as_array().unwrap().is_empty());
    assert!(!two["sections"].as_array().unwrap().is_empty());
    // One CSV file holds one view: two are refused before anything is written; a folder gets
    // one file for each view asked for.
    let file = dir.path().join("two.csv");
    let refused = plandoc()
        .args(["diff", "--only", "tasks,targets", "-f", "csv", "-o"])
        .arg(&file)
        .args(&inputs)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("one CSV holds one view"));
    assert!(!file.exists());
    let folder = dir.path().join("views/");
    diff_to(&inputs, &["--only", "tasks,targets", "-f", "csv"], &folder);
    let mut written: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        ["filtered.csv", "plans.csv", "targets.csv", "tasks.csv"]
    );
    let police = diff_json(&["--lead", "cong an"], &inputs);
    let groups = police["tasks"].as_array().unwrap();
    assert!(!groups.is_empty());
    for group in groups {
        let leads: Vec<&str> = group["rows"]
            .as_object()
            .unwrap()
            .values()
            .map(|r| r["lead"].as_str().unwrap())
            .collect();
        assert!(leads.iter().any(|l| l.contains("Công an")), "{leads:?}");
    }
}

#[test]
fn every_format_writes_something_readable() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = gold_json(dir.path(), &["kon-tum-142", "son-la-142", "dak-lak-142"]);
    // Markdown and table to standard output; "md", the name users know from the file
    // extension, is the same format.
    let markdown_as =
        |name: &str| String::from_utf8(diff_stdout(&inputs, &["--format", name])).unwrap();
    let markdown = markdown_as("markdown");
    assert_eq!(markdown_as("md"), markdown);
    assert!(markdown.contains("## Tasks") && markdown.contains("| kon-tum |"));
    assert!(markdown.contains("Rà soát"), "Vietnamese text kept");
    let table = plandoc()
        .arg("diff")
        .args(&inputs)
        .args(["--format", "table", "--only", "agencies"])
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("Công an tỉnh"));
    assert!(
        table.lines().all(|l| l.chars().count() <= 100),
        "table fits the width"
    );
    // CSV: one file per view into a folder, with a byte-order mark.
    let folder = dir.path().join("csv/");
    diff_to(&inputs, &["--format", "csv", "--bom"], &folder);
    for view in ["tasks", "targets", "sections", "agencies"] {
        let bytes = std::fs::read(folder.join(format!("{view}.csv"))).unwrap();
        assert!(
            bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
            "{view}.csv has a BOM"
        );
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.lines().count() > 2, "{view}.csv has rows");
    }
    // … and which file each plan key (the other files' column names) stands for.
    let plans = std::fs::read_to_string(folder.join("plans.csv")).unwrap();
    assert!(
        plans.starts_with("\u{FEFF}key,province,path,number,date,note,source\n"),
        "{plans}"
    );
    for input in &inputs {
        assert!(plans.contains(input.to_str().unwrap()), "{plans}");
    }
    // CSV to one file: one view.
    let one = dir.path().join("targets.csv");
    diff_to(&inputs, &["--only", "targets"], &one);
    let text = std::fs::read_to_string(&one).unwrap();
    assert!(
        text.starts_with("#,label,subject,kon-tum value"),
        "{}",
        &text[..80]
    );
    // Each plan's subject in its own words, last: a level `same` in both plans may measure
    // something worded otherwise, which the JSON's `details` and the table's "≠" say.
    let json = diff_json(&["--only", "targets"], &inputs);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let keys: Vec<&str> = json["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap())
        .collect();
    let last: Vec<String> = keys.iter().map(|key| format!("{key} subject")).collect();
    assert_eq!(header[header.len() - keys.len()..], last[..]);
    for (record, group) in reader
        .records()
        .map(Result::unwrap)
        .zip(json["targets"].as_array().unwrap())
    {
        for (at, key) in keys.iter().enumerate() {
            let cell = &record[header.len() - keys.len() + at];
            let subject = group["details"][key]["subject"].as_str().unwrap_or("");
            assert_eq!(cell, subject, "{key} in group {}", group["number"]);
        }
    }
    // XLSX: a zip workbook with one sheet per view.
    let book = dir.path().join("diff.xlsx");
    plandoc()
        .arg("diff")
        .args(&inputs)
        .arg("-o")
        .arg(&book)
        .assert()
        .success();
    let bytes = std::fs::read(&book).unwrap();
    assert!(bytes.starts_with(b"PK"));
    let listing = String::from_utf8_lossy(&bytes);
    for sheet in [
        "sheet1.xml",
        "sheet2.xml",
        "sheet3.xml",
        "sheet4.xml",
        "sheet5.xml",
    ] {
        assert!(listing.contains(sheet), "{sheet} in the workbook");
    }
    let names = zip_entry(&bytes, "xl/workbook.xml").unwrap();
    assert!(names.contains("name=\"plans\""), "{names}");
    // HTML: one self-contained file.
    let page = dir.path().join("diff.html");
    plandoc()
        .arg("diff")
        .args(&inputs)
        .arg("-o")
        .arg(&page)
        .assert()
        .success();
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no external assets"
    );
    assert!(html.contains("<ins>") && html.contains("<del>"));
    for input in &inputs {
        assert!(
            html.contains(input.to_str().unwrap()),
            "the page names its files"
        );
    }
}

#[test]
fn seeds_are_diffed_straight_from_their_text() {
    let output = plandoc()
        .args([
            "diff",
            "seeds/kon-tum-142.txt",
            "seeds/gia-lai-142.txt",
            "seeds/dak-lak-142.txt",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let diff: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let keys: Vec<&str> = diff["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["kon-tum", "gia-lai", "dak-lak"]);
    assert!(!diff["sections"].as_array().unwrap().is_empty());
    // Kon Tum and Gia Lai issued near-copies: their first tasks are one group, and the data
    // work Kon Tum gives to Sở Thông tin và Truyền thông Đắk Lắk gives to its successor.
    let tasks = diff["tasks"].as_array().unwrap();
    let first = tasks
        .iter()
        .find(|g| g["members"]["kon-tum"] == "A.I.1")
        .expect("Kon Tum's first task is in a group");
    assert_eq!(first["members"]["gia-lai"], "A.I.1");
    let lgsp = tasks
        .iter()
        .find(|g| g["members"]["kon-tum"] == "A.IV.1")
        .expect("the data-sharing platform task");
    assert_eq!(lgsp["members"]["dak-lak"], "II.2.1");
    let lead = lgsp["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "lead" && c["values"]["dak-lak"].is_string());
    assert_eq!(lead.map(|c| c["kind"].clone()), Some("reorganized".into()));
}

#[test]
fn bad_inputs_are_refused_with_status_2() {
    let dir = tempfile::tempdir().unwrap();
    let wrong = dir.path().join("wrong.json");
    std::fs::write(&wrong, r#"{"schema":"plandoc/check@1"}"#).unwrap();
    plandoc()
        .args(["diff", "seeds/kon-tum-142.txt"])
        .arg(&wrong)
        .assert()
        .code(2);
    plandoc()
        .args(["diff", "seeds/kon-tum-142.txt"])
        .assert()
        .code(2);
    plandoc()
        .args(["diff", "seeds/kon-tum-142.txt", "no/such/file.txt"])
        .assert()
        .code(2);
}

#[test]
fn an_output_that_is_an_input_is_refused_and_the_input_kept() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("kt.txt");
    std::fs::copy(root().join("seeds/kon-tum-142.txt"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let refused = plandoc()
        .arg("diff")
        .arg(&input)
        .arg(root().join("seeds/gia-lai-142.txt"))
        .arg("-o")
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("would overwrite the input") && message.contains("kt.txt"),
        "{message}"
    );
    assert_eq!(std::fs::read(&input).unwrap(), before, "the input is kept");
    // A CSV folder whose files would include an input.
    let folder = dir.path().join("out");
    std::fs::create_dir(&folder).unwrap();
    let inside = folder.join("targets.csv");
    std::fs::copy(root().join("seeds/kon-tum-142.txt"), &inside).unwrap();
    let refused = plandoc()
        .arg("diff")
        .arg(&inside)
        .arg(root().join("seeds/gia-lai-142.txt"))
        .args(["--format", "csv", "-o"])
        .arg(format!("{}/", folder.display()))
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("targets.csv"), "{message}");
    assert_eq!(std::fs::read(&inside).unwrap(), before);
    assert!(!folder.join("tasks.csv").exists(), "nothing half-written");
}

#[test]
fn standard_input_is_read_once() {
    let refused = plandoc()
        .args(["diff", "-", "-"])
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("only once"), "{message}");
}

fn xml_text(escaped: &str) -> String {
    escaped
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[test]
fn an_xlsx_task_cell_holds_its_own_plans_words() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = gold_json(dir.path(), ALIGNMENT_STEMS);
    let diff = diff_json(&["--only", "tasks"], &inputs);
    let tasks: std::collections::BTreeSet<String> = diff["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["rows"].as_object().unwrap().values())
        .map(|r| r["task"].as_str().unwrap().to_string())
        .collect();
    let book = dir.path().join("d.xlsx");
    diff_to(&inputs, &["--only", "tasks"], &book);
    let shared = zip_entry(&std::fs::read(&book).unwrap(), "xl/sharedStrings.xml")
        .expect("the workbook has shared strings");
    assert!(!shared.contains("<strike"), "no struck-through words");
    let mut rich = 0;
    for item in shared.split("<si>").skip(1) {
        if !item.contains("<r>") {
            continue;
        }
        let text: String = item
            .split("<t")
            .skip(1)
            .filter_map(|t| t.split_once('>'))
            .filter_map(|(_, rest)| rest.split_once("</t>"))
            .map(|(content, _)| xml_text(content))
            .collect();
        // The legend sheet shows the colour on its own sample words.
        if text == "words in bold green" {
            continue;
        }
        rich += 1;
        assert!(
            tasks.contains(&text),
            "a cell that is no plan's task: {text}"
        );
    }
    assert!(rich > 0, "added words are marked");
    // Filter buttons over the header row, across every column of the sheet.
    let sheet = zip_entry(&std::fs::read(&book).unwrap(), "xl/worksheets/sheet1.xml").unwrap();
    assert!(
        sheet.contains("<autoFilter ref=\"A1:"),
        "{}",
        &sheet[..400.min(sheet.len())]
    );
}

#[test]
fn a_provincial_branch_is_not_named_after_one_province() {
    let agencies = |first: &str, second: &str| {
        let output = plandoc()
            .args([
                "diff", first, second, "--only", "agencies", "--format", "json",
            ])
            .output()
            .unwrap();
        assert!(output.status.success());
        let diff: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        diff["agencies"].as_array().unwrap().clone()
    };
    let (kon_tum, gia_lai) = ("seeds/kon-tum-142.txt", "seeds/gia-lai-142.txt");
    let forward = agencies(kon_tum, gia_lai);
    let power: Vec<&serde_json::Value> = forward
        .iter()
        .filter(|row| row["body"].as_str().unwrap().starts_with("Điện lực"))
        .collect();
    assert_eq!(power.len(), 1, "{power:?}");
    assert_eq!(power[0]["body"], "Điện lực tỉnh");
    assert_eq!(power[0]["supported"]["kon-tum"], 1);
    assert_eq!(power[0]["supported"]["gia-lai"], 1);
    // No row names one province while counting the other's tasks.
    for row in &forward {
        let body = row["body"].as_str().unwrap();
        let counts =
            |key: &str| row["led"][key].as_u64().unwrap() + row["supported"][key].as_u64().unwrap();
        assert!(
            !(body.contains("Kon Tum") && counts("gia-lai") > 0),
            "{row}"
        );
        assert!(
            !(body.contains("Gia Lai") && counts("kon-tum") > 0),
            "{row}"
        );
    }
    // The labels do not depend on the order the plans are given in.
    let mut labels: Vec<&str> = forward
        .iter()
        .map(|r| r["body"].as_str().unwrap())
        .collect();
    let backward = agencies(gia_lai, kon_tum);
    let mut reversed: Vec<&str> = backward
        .iter()
        .map(|r| r["body"].as_str().unwrap())
        .collect();
    labels.sort();
    reversed.sort();
    assert_eq!(labels, reversed);
}

/// Writes the reference plan of `stem` as JSON into `dir` after `edit` changed it.
fn edited_gold_json(
    dir: &Path,
    stem: &str,
    edit: impl FnOnce(&mut plandoc::model::Plan),
) -> PathBuf {
    let mut plan = gold_plan(root(), stem).expect("reference readings exist");
    edit(&mut plan);
    let path = dir.join(format!("{stem}.json"));
    std::fs::write(&path, serde_json::to_vec(&plan).unwrap()).unwrap();
    path
}

/// Sets the task wording of the first rows of the plan's first task table.
fn set_tasks(plan: &mut plandoc::model::Plan, wordings: &[&str]) {
    let table = plan
        .tables
        .iter_mut()
        .find(|t| !t.rows.is_empty())
        .expect("a table with rows");
    for (row, wording) in table.rows.iter_mut().zip(wordings) {
        row.task = Some(wording.to_string());
    }
}

#[test]
fn csv_for_excel_shows_formula_like_cells_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let risky = [
        "=HYPERLINK(\"http://example.invalid\",\"x\")",
        "- Hợp tác quốc tế về dữ liệu",
        "+1 nhiệm vụ",
        "@SUM(A1)",
    ];
    let inputs = [
        edited_gold_json(dir.path(), "kon-tum-142", |plan| set_tasks(plan, &risky)),
        gold_json(dir.path(), &["gia-lai-142"]).remove(0),
    ];
    let csv = |bom: bool| {
        let mut command = plandoc();
        command
            .arg("diff")
            .args(&inputs)
            .args(["--only", "tasks", "--format", "csv"]);
        if bom {
            command.arg("--bom");
        }
        let output = command.output().unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap()
    };
    let cells = |text: &str| -> Vec<String> {
        csv::Reader::from_reader(text.trim_start_matches('\u{FEFF}').as_bytes())
            .records()
            .flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
            .collect()
    };
    // By default the text is exact: scripts compare it.
    let exact = cells(&csv(false));
    for wording in risky {
        assert!(exact.iter().any(|c| c == wording), "{wording} kept exactly");
    }
    // For Excel: shown as text, and no cell starts a formula.
    let guarded = cells(&csv(true));
    for wording in risky {
        assert!(
            guarded.contains(&format!("'{wording}")),
            "{wording} guarded"
        );
    }
    assert!(guarded
        .iter()
        .all(|c| !c.starts_with(['=', '+', '-', '@', '\t', '\r'])));
}

#[test]
fn an_empty_csv_view_still_has_its_header() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = gold_json(dir.path(), &["kon-tum-142", "gia-lai-142"]);
    let output = plandoc()
        .arg("diff")
        .args(&inputs)
        .args(["--lead", "zzzz", "--only", "tasks", "--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with("#,status,similarity,kon-tum id,kon-tum task,"),
        "{text}"
    );
}

#[test]
fn changed_keeps_a_section_worded_differently_in_every_plan() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = [
        gold_json(dir.path(), &["kon-tum-142"]).remove(0),
        edited_gold_json(dir.path(), "gia-lai-142", |plan| {
            let section = plan
                .sections
                .iter_mut()
                .find(|s| s.heading.as_deref() == Some("Hợp tác quốc tế"))
                .expect("Gia Lai has the heading");
            section.heading = Some("Hợp tác quốc tế và khu vực".to_string());
        }),
    ];
    let find = |diff: &serde_json::Value| {
        diff["sections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["heading"] == "Hợp tác quốc tế")
            .cloned()
    };
    let all = diff_json(&["--only", "sections"], &inputs);
    let group = find(&all).expect("the headings are one group");
    assert!(group["members"]["gia-lai"].is_string());
    let changed = diff_json(&["--only", "sections", "--changed"], &inputs);
    assert!(find(&changed).is_some(), "a reworded heading is a change");
    // A heading every plan words the same is still hidden.
    assert!(
        changed["sections"].as_array().unwrap().len() < all["sections"].as_array().unwrap().len()
    );
}

#[test]
fn the_html_task_summary_counts_as_the_json_does() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = gold_json(dir.path(), ALIGNMENT_STEMS);
    let diff = diff_json(&["--only", "tasks"], &inputs);
    let count = |status: &str| {
        diff["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| g["status"] == status)
            .count()
    };
    let output = plandoc()
        .arg("diff")
        .args(&inputs)
        .args(["--only", "tasks", "--format", "html"])
        .output()
        .unwrap();
    let html = String::from_utf8(output.stdout).unwrap();
    let summary = html
        .lines()
        .find(|l| l.starts_with("<h2 id=\"tasks\">"))
        .unwrap();
    let wanted = format!(
        ": {} identical, {} changed, {} partial (the plans having it agree, some lack it), {} only here",
        count("identical"),
        count("changed"),
        count("partial"),
        count("only")
    );
    assert!(summary.contains(&wanted), "{wanted} in {summary}");
    assert!(count("partial") > 0 && count("changed") > 0);
}

#[test]
fn markdown_shows_document_text_literally() {
    let dir = tempfile::tempdir().unwrap();
    let wording = "<script>alert(1)</script> dữ liệu _x_ *y* ~~z~~ [a](b) `c` a|b &amp;";
    let inputs = [
        edited_gold_json(dir.path(), "kon-tum-142", |plan| {
            set_tasks(plan, &[wording])
        }),
        gold_json(dir.path(), &["gia-lai-142"]).remove(0),
    ];
    let output = plandoc()
        .arg("diff")
        .args(&inputs)
        .args(["--only", "tasks", "--format", "markdown"])
        .output()
        .unwrap();
    let markdown = String::from_utf8(output.stdout).unwrap();
    assert!(!markdown.contains("<script>"), "raw HTML is escaped");
    let escaped =
        r"\<script\>alert(1)\</script\> dữ liệu \_x\_ \*y\* \~\~z\~\~ \[a\](b) \`c\` a\|b \&amp;";
    assert!(markdown.contains(escaped), "{markdown}");
    // The diff's own marks in a task row are still Markdown (unescaped), beside escaped text.
    let marked = markdown.lines().filter(|l| l.starts_with("| ")).any(|l| {
        let unescaped = l.replace(r"\*", "").replace(r"\~", "");
        unescaped.contains("**") || unescaped.contains("~~")
    });
    assert!(marked, "{markdown}");
}

#[test]
fn the_same_diff_gives_the_same_workbook_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = gold_json(dir.path(), &["kon-tum-142", "gia-lai-142"]);
    let workbook = |name: &str| {
        let book = dir.path().join(name);
        plandoc()
            .arg("diff")
            .args(&inputs)
            .arg("-o")
            .arg(&book)
            .assert()
            .success();
        std::fs::read(&book).unwrap()
    };
    let first = workbook("a.xlsx");
    // The library's timestamp has a resolution of one second.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert!(
        first == workbook("b.xlsx"),
        "two runs, two different workbooks"
    );
}

/// An `-o` name that says another format than `--format`, or one plandoc does not write, is
/// refused before anything is read or written; `.txt` takes any format.
#[test]
fn an_output_name_that_disagrees_with_the_format_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = gold_json(dir.path(), &ALIGNMENT_STEMS[..2]);
    let refused = |args: &[&str], name: &str, says: &str| {
        let output = plandoc()
            .arg("diff")
            .args(&inputs)
            .args(args)
            .arg("-o")
            .arg(dir.path().join(name))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(name) && stderr.contains(says), "{stderr}");
        assert!(!dir.path().join(name).exists(), "{name} written");
    };
    refused(
        &["--format", "csv"],
        "diff.xlsx",
        "the name says xlsx but --format is csv",
    );
    refused(
        &["--format", "json"],
        "diff.html",
        "the name says html but --format is json",
    );
    refused(&[], "diff.xls", "does not write .xls files");
    refused(&[], "diff.tsv", "does not write .tsv files");
    diff_to(
        &inputs,
        &["--format", "markdown"],
        &dir.path().join("diff.txt"),
    );
    diff_to(&inputs, &["--format", "json"], &dir.path().join("diff"));
    // Another ending names no format: refused, unless --format says what to write.
    refused(&[], "report.v2", ".v2 is not a format plandoc writes");
    diff_to(
        &inputs,
        &["--format", "json"],
        &dir.path().join("report.v2"),
    );
    let named: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("report.v2")).unwrap()).unwrap();
    assert_eq!(named["schema"], "plandoc/diff@1");
    diff_to(
        &inputs,
        &["--format", "csv", "--only", "tasks"],
        &dir.path().join("t.csv"),
    );
}

/// A CSV folder gets every view or none: a view that cannot be written (a folder stands where
/// its file goes) leaves the others as they were.
#[test]
fn a_csv_folder_is_written_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = gold_json(dir.path(), &ALIGNMENT_STEMS[..2]);
    let folder = dir.path().join("views");
    std::fs::create_dir_all(folder.join("targets.csv")).unwrap();
    std::fs::write(folder.join("tasks.csv"), b"old").unwrap();
    let output = plandoc()
        .arg("diff")
        .args(&inputs)
        .args(["--format", "csv", "-o"])
        .arg(format!("{}/", folder.display()))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("targets.csv"));
    assert_eq!(std::fs::read(folder.join("tasks.csv")).unwrap(), b"old");
    let names: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    // A name ending in "/" that is a file: said so, the file left as it was.
    let file = dir.path().join("views.csv");
    std::fs::write(&file, b"kept").unwrap();
    let output = plandoc()
        .arg("diff")
        .args(&inputs)
        .args(["--format", "csv", "-o"])
        .arg(format!("{}/", file.display()))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("views.csv/: is a file, not a folder"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"kept");
}

/// Spreadsheets get plandoc's own numbers as numbers (Excel sums and sorts them) and headings
/// without the indent the terminal table gives them (a filter on a heading must match it).
#[test]
fn spreadsheets_hold_counts_as_numbers_and_headings_unindented() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = gold_json(dir.path(), &ALIGNMENT_STEMS[..2]);
    let workbook = dir.path().join("diff.xlsx");
    diff_to(&inputs, &[], &workbook);
    let tasks = zip_entry(
        &std::fs::read(&workbook).unwrap(),
        "xl/worksheets/sheet1.xml",
    )
    .unwrap();
    // Row 2, column A (the task group's number): a number cell, not a shared string.
    let a2 = tasks.split("<c r=\"A2\"").nth(1).unwrap();
    let a2 = &a2[..a2.find("</c>").unwrap()];
    assert!(!a2.contains("t=\"s\"") && a2.contains("<v>1</v>"), "{a2}");

    let folder = dir.path().join("views");
    diff_to(
        &inputs,
        &["--format", "csv"],
        Path::new(&format!("{}/", folder.display())),
    );
    let sections = std::fs::read_to_string(folder.join("sections.csv")).unwrap();
    let mut levels = std::collections::BTreeSet::new();
    for line in sections.lines().skip(1) {
        assert!(!line.starts_with(' ') && !line.starts_with("\" "), "{line}");
        levels.insert(line.split(',').nth(1).unwrap_or("").to_string());
    }
    assert!(levels.len() > 1, "headings of several levels: {levels:?}");
}

/// A diff's own JSON given back as an input is named for what it is, not for the first plan
/// field it lacks.
#[test]
fn a_diff_given_as_an_input_is_named_by_its_schema() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = gold_json(dir.path(), &ALIGNMENT_STEMS[..2]);
    // `plandoc diff FIRST PLAN`: refused, and standard error.
    let refused = |first: &Path| -> String {
        let output = plandoc()
            .arg("diff")
            .arg(first)
            .arg(&inputs[0])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let diff = dir.path().join("diff.json");
    diff_to(&inputs, &["--format", "json"], &diff);
    let stderr = refused(&diff);
    assert!(
        stderr.contains("diff.json: schema is \"plandoc/diff@1\", expected \"plandoc/plan@1\""),
        "{stderr}"
    );
    // An array (several check reports, say) is named as one.
    let array = dir.path().join("reports.json");
    std::fs::write(&array, b"[{\"schema\": \"plandoc/check@1\"}]").unwrap();
    let stderr = refused(&array);
    assert!(stderr.contains("reports.json: a JSON array"), "{stderr}");
}

/// `--compact` and `--bom` each change one format: alone they pick it, with another format they
/// are refused (exit 2) rather than silently ignored.
#[test]
fn compact_and_bom_pick_their_format_or_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = gold_json(dir.path(), &["kon-tum-142", "gia-lai-142"]);
    let run = |args: &[&str]| {
        plandoc()
            .arg("diff")
            .args(&inputs)
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let compact = run(&["--compact", "--only", "targets"]);
    assert_eq!(compact.status.code(), Some(0));
    let text = String::from_utf8(compact.stdout).unwrap();
    assert_eq!(text.trim_end().lines().count(), 1, "one-line JSON: {text}");
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
    let bom = run(&["--bom", "--only", "targets"]);
    assert_eq!(bom.status.code(), Some(0));
    assert!(
        bom.stdout.starts_with("\u{FEFF}".as_bytes()),
        "CSV with its BOM"
    );
    for (args, option) in [
        (&["--compact", "--format", "table"][..], "--compact"),
        (&["--compact", "-o", "diff.html"][..], "--compact"),
        (&["--bom", "--format", "json"][..], "--bom"),
        (&["--bom", "-o", "diff.xlsx"][..], "--bom"),
        (&["--bom", "--compact"][..], "--compact"),
    ] {
        let refused = run(args);
        assert_eq!(refused.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(stderr.contains(option), "{args:?}: {stderr}");
    }
    assert!(!dir.path().join("diff.html").exists());
    assert!(!dir.path().join("diff.xlsx").exists());
    // A .txt file takes any format: the option picks it.
    assert_eq!(run(&["--compact", "-o", "diff.txt"]).status.code(), Some(0));
    let written = std::fs::read_to_string(dir.path().join("diff.txt")).unwrap();
    assert!(serde_json::from_str::<serde_json::Value>(&written).is_ok());
    assert_eq!(written.trim_end().lines().count(), 1);
}

/// `--lead` finds a body by its 2025 successor in the tasks view as in the agencies view: every
/// Kon Tum task led by "Sở Thông tin và Truyền thông" is found by asking for "Sở Khoa học và
/// Công nghệ", which took over its work.
#[test]
fn lead_filter_finds_tasks_by_the_successor_as_agencies_do() {
    let inputs = seed_paths(&["kon-tum-142", "dak-lak-142"]);
    let led_by_information = |diff: &serde_json::Value| {
        diff["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| {
                g["rows"]["kon-tum"]["lead"]
                    .as_str()
                    .is_some_and(|lead| lead.contains("Thông tin và Truyền thông"))
            })
            .count()
    };
    let all = led_by_information(&diff_json(&[], &inputs));
    assert!(all > 5, "{all}");
    let filtered = diff_json(&["--lead", "Sở Khoa học và Công nghệ"], &inputs);
    assert_eq!(led_by_information(&filtered), all);
    assert!(filtered["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .any(|row| row["body"]
            .as_str()
            .is_some_and(|b| b.contains("Thông tin và Truyền thông"))));
}

/// A task naming a duty that went its own way in 2025 is found under that duty's successor
/// (`data/successors_by_duty.tsv`), as the task comparison reads it: Kon Tum's tasks of Sở Lao
/// động - Thương binh và Xã hội on vocational training and on people with disabilities are
/// found by asking for Sở Giáo dục và Đào tạo and Sở Y tế (an analyst's review of stop 47: they
/// were found only under the department's main successor, Sở Nội vụ, where they still are).
#[test]
fn lead_filter_finds_a_task_under_its_duty_successor() {
    let inputs = seed_paths(&["kon-tum-142", "dak-lak-142"]);
    let kon_tum_ids = |lead: &str| -> Vec<String> {
        diff_json(&["--lead", lead, "--only", "tasks"], &inputs)["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|g| g["rows"]["kon-tum"]["id"].as_str().map(str::to_string))
            .collect()
    };
    let education = kon_tum_ids("Sở Giáo dục và Đào tạo");
    assert!(education.contains(&"B.XIV.3".to_string()), "{education:?}");
    let health = kon_tum_ids("Sở Y tế");
    assert!(health.contains(&"B.XIV.2".to_string()), "{health:?}");
    let home_affairs = kon_tum_ids("Sở Nội vụ");
    for id in ["B.XIV.2", "B.XIV.3"] {
        assert!(
            home_affairs.contains(&id.to_string()),
            "{id}: {home_affairs:?}"
        );
    }
}

/// `--lead` ignores diacritics and abbreviations together, not only one at a time: a name typed
/// without its marks and abbreviated ("So TT&TT") finds what "Sở Thông tin và Truyền thông"
/// finds.
#[test]
fn lead_filter_takes_an_abbreviation_typed_without_marks() {
    let inputs = seed_paths(&["kon-tum-142", "gia-lai-142"]);
    let groups = |lead: &str| {
        diff_json(&["--lead", lead, "--only", "tasks"], &inputs)["tasks"]
            .as_array()
            .unwrap()
            .len()
    };
    let full = groups("Sở Thông tin và Truyền thông");
    assert!(full > 5, "{full}");
    for typed in [
        "Sở TT&TT",
        "So Thong tin va Truyen thong",
        "So TT&TT",
        "so tttt",
    ] {
        assert_eq!(groups(typed), full, "{typed}");
    }
    // An abbreviation holding "đ", typed with "d".
    let planning = groups("Sở Kế hoạch và Đầu tư");
    assert!(planning > 0);
    for typed in ["Sở KH&ĐT", "So KH&DT", "so khdt"] {
        assert_eq!(groups(typed), planning, "{typed}");
    }
}

/// What would silently show nothing, or everything identical, is said on standard error.
#[test]
fn an_empty_filter_and_a_file_given_twice_are_noted() {
    let output = plandoc()
        .args(["diff", "seeds/kon-tum-142.txt", "seeds/gia-lai-142.txt"])
        .args(["--lead", "Sở Ngoại vụ XYZ", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("matches no lead body"), "{stderr}");
    // A lead that matches, in views --only leaves out, is no reason for the note.
    let output = plandoc()
        .args(["diff", "seeds/kon-tum-142.txt", "seeds/gia-lai-142.txt"])
        .args([
            "--lead",
            "Sở Thông tin và Truyền thông",
            "--only",
            "targets",
        ])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = plandoc()
        .args(["diff", "seeds/kon-tum-142.txt", "seeds/kon-tum-142.txt"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("are readings of the same file"), "{stderr}");
    let output = plandoc()
        .args(["diff", "seeds/kon-tum-142.txt", "seeds/gia-lai-142.txt"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(output.stderr.is_empty());

    // The JSON parse wrote of a plan reads as that plan; once edited, it is said to differ.
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("k.json");
    plandoc()
        .args(["parse", "seeds/kon-tum-142.txt", "-o"])
        .arg(&json)
        .assert()
        .success();
    let diff_with_json = || {
        let output = plandoc()
            .args(["diff", "seeds/kon-tum-142.txt"])
            .arg(&json)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert!(output.status.success());
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    assert!(diff_with_json().contains("are readings of the same file"));
    let text = std::fs::read_to_string(&json).unwrap();
    let edited = text.replacen("\"task\": \"", "\"task\": \"Sửa: ", 1);
    assert_ne!(edited, text);
    std::fs::write(&json, edited).unwrap();
    let stderr = diff_with_json();
    assert!(
        stderr.contains("their contents differ: the JSON was edited, or written by another")
            && !stderr.contains("every row will read as identical"),
        "{stderr}"
    );
}

/// The terminal table fits the terminal, legend and titles included: which file each key is
/// goes one plan a line.
#[test]
fn the_terminal_table_fits_80_columns() {
    let output = plandoc()
        .args([
            "diff",
            "seeds/kon-tum-142.txt",
            "seeds/gia-lai-142.txt",
            "seeds/son-la-142.txt",
            "seeds/dak-lak-142.txt",
            "--format",
            "table",
        ])
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("Plans compared:\n  kon-tum = seeds/kon-tum-142.txt (Kon Tum)\n"),
        "{}",
        &text[..200]
    );
    let wide: Vec<&str> = text.lines().filter(|l| l.chars().count() > 80).collect();
    assert!(wide.is_empty(), "{wide:?}");
}

/// A target group's `subject` is the matching key; its `label`, which every view shows, is the
/// same subject in the plan's own words: the number the key leaves out, the long form it
/// abbreviates, the tone marks as printed.
#[test]
fn a_target_is_shown_in_the_plans_own_words() {
    let output = plandoc()
        .args([
            "diff",
            "seeds/dak-lak-142.txt",
            "seeds/kon-tum-142.txt",
            "-f",
            "json",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let diff: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let targets = diff["targets"].as_array().unwrap();
    let four_layers = targets
        .iter()
        .find(|g| {
            g["subject"]
                .as_str()
                .unwrap()
                .contains("mô hình bảo vệ lớp")
        })
        .expect("Đắk Lắk's four-layer protection target");
    let label = four_layers["label"].as_str().unwrap();
    assert!(label.contains("mô hình bảo vệ 04 lớp"), "{label}");
    // Every label's words come from a member's quote, in order, unless the label is the
    // subject itself.
    let in_order = |label: &str, quote: &str| {
        let mut rest = quote;
        label.split_whitespace().filter(|w| *w != "…").all(|word| {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            match rest.find(word) {
                Some(at) => {
                    rest = &rest[at + word.len()..];
                    true
                }
                None => false,
            }
        })
    };
    for group in targets {
        let label = group["label"].as_str().unwrap();
        let quotes: Vec<&str> = group["details"]
            .as_object()
            .unwrap()
            .values()
            .map(|d| d["quote"].as_str().unwrap())
            .collect();
        assert!(
            label == group["subject"] || quotes.iter().any(|q| in_order(label, q)),
            "{label:?} is not in order in {quotes:?}"
        );
    }
    let table = plandoc()
        .args([
            "diff",
            "seeds/dak-lak-142.txt",
            "seeds/kon-tum-142.txt",
            "--only",
            "targets",
            "-f",
            "md",
        ])
        .output()
        .unwrap();
    let markdown = String::from_utf8(table.stdout).unwrap();
    assert!(markdown.contains("mô hình bảo vệ 04 lớp"), "{markdown}");
    assert!(!markdown.contains("mô hình bảo vệ lớp"), "{markdown}");
}

/// The label leaves the target's own level out: one plan's "100%" beside another plan's 80%
/// would contradict it, whichever plan came first.
#[test]
fn a_target_label_holds_no_plans_level() {
    let dir = tempfile::tempdir().unwrap();
    let clean =
        std::fs::read_to_string(root().join("fixtures/drafts/clean/plain-2026.txt")).unwrap();
    let sentence = "của tỉnh đáp ứng 100% nhu cầu lưu trữ";
    assert!(clean.contains(sentence));
    let full = dir.path().join("full.txt");
    let less = dir.path().join("less.txt");
    std::fs::write(&full, &clean).unwrap();
    std::fs::write(
        &less,
        clean.replacen(
            sentence,
            "của tỉnh đáp ứng tối thiểu 80% nhu cầu lưu trữ",
            1,
        ),
    )
    .unwrap();
    for inputs in [[&full, &less], [&less, &full]] {
        let diff = diff_json(
            &["--only", "targets"],
            &[inputs[0].clone(), inputs[1].clone()],
        );
        let group = diff["targets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["label"].as_str().unwrap().contains("nhu cầu lưu trữ"))
            .expect("the storage target");
        assert_eq!(
            group["label"],
            "nền tảng điện toán đám mây của tỉnh đáp ứng nhu cầu lưu trữ"
        );
    }
}

/// Spreadsheets and CSV files have no prose around their rows: a filtered one says what it
/// hides in a `filtered` sheet (XLSX), a `filtered.csv` (a CSV folder) or on standard error
/// (one CSV), with the counts the JSON gives.
#[test]
fn a_filtered_spreadsheet_says_what_it_hides() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = gold_json(dir.path(), &["kon-tum-142", "gia-lai-142"]);
    let diff = diff_json(&["--changed"], &inputs);
    let hidden = diff["filtered"]["hidden"].as_object().unwrap().clone();
    assert!(hidden.values().any(|n| n.as_u64().unwrap() > 0));

    let folder = dir.path().join("out");
    std::fs::create_dir(&folder).unwrap();
    diff_to(&inputs, &["--changed", "--format", "csv"], &folder);
    let sheet = std::fs::read_to_string(folder.join("filtered.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(sheet.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, ["view", "hidden", "hidden by"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), hidden.len(), "{sheet}");
    for row in &rows {
        let count = hidden[&row[0]].as_u64().unwrap();
        assert_eq!(row[1].parse::<u64>().unwrap(), count, "{sheet}");
        assert_eq!(row[2].is_empty(), count == 0, "{sheet}");
        if count > 0 {
            assert_eq!(&row[2], "--changed");
        }
    }
    // Views --only leaves out are named as such: the folder may hold an earlier run's files.
    let only = dir.path().join("only");
    std::fs::create_dir(&only).unwrap();
    diff_to(&inputs, &["--only", "tasks", "--format", "csv"], &only);
    let sheet = std::fs::read_to_string(only.join("filtered.csv")).unwrap();
    assert_eq!(
        sheet,
        "view,hidden,hidden by\ntasks,0,\ntargets,,--only: not in this report\n\
         sections,,--only: not in this report\nagencies,,--only: not in this report\n"
    );
    // Without a filter there is nothing to say: the header alone, also where a filtered
    // run's file was (left behind, it would misdescribe the full views beside it).
    for whole in [dir.path().join("whole"), folder.clone()] {
        std::fs::create_dir_all(&whole).unwrap();
        diff_to(&inputs, &["--format", "csv"], &whole);
        let sheet = std::fs::read_to_string(whole.join("filtered.csv")).unwrap();
        assert_eq!(sheet, "view,hidden,hidden by\n");
    }

    let book = dir.path().join("d.xlsx");
    diff_to(&inputs, &["--changed"], &book);
    let names = zip_entry(&std::fs::read(&book).unwrap(), "xl/workbook.xml").unwrap();
    assert!(names.contains("name=\"filtered\""), "{names}");
    let plain = dir.path().join("whole.xlsx");
    diff_to(&inputs, &[], &plain);
    let names = zip_entry(&std::fs::read(&plain).unwrap(), "xl/workbook.xml").unwrap();
    assert!(!names.contains("name=\"filtered\""), "{names}");

    let output = plandoc()
        .arg("diff")
        .args(&inputs)
        .args(["--changed", "--only", "targets", "--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    let targets = diff["filtered"]["hidden"]["targets"].as_u64().unwrap();
    assert!(targets > 0, "the two plans share some target");
    assert!(
        stderr.contains(&format!("filtered: {targets} more hidden by --changed")),
        "{stderr}"
    );

    // Two filters: each view names only those that hid some of its groups (a review of stop
    // 51: "--changed, --lead …" where --changed had hidden none of the tasks).
    let three = gold_json(dir.path(), &["kon-tum-142", "gia-lai-142", "son-la-142"]);
    let changed_alone = diff_json(&["--changed"], &three);
    let both = diff_json(&["--changed", "--lead", "Sở Tư pháp"], &three);
    let folder = dir.path().join("both");
    std::fs::create_dir(&folder).unwrap();
    diff_to(
        &three,
        &["--changed", "--lead", "Sở Tư pháp", "--format", "csv"],
        &folder,
    );
    let sheet = std::fs::read_to_string(folder.join("filtered.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(sheet.as_bytes());
    for row in reader.records().map(Result::unwrap) {
        let view = &row[0];
        let by_changed = changed_alone["filtered"]["hidden"][view].as_u64().unwrap() > 0;
        let hidden = both["filtered"]["hidden"][view].as_u64().unwrap();
        let mut expected = Vec::new();
        if by_changed {
            expected.push("--changed".to_string());
        }
        if matches!(view, "tasks" | "agencies")
            && hidden > changed_alone["filtered"]["hidden"][view].as_u64().unwrap()
        {
            expected.push("--lead 'Sở Tư pháp'".to_string());
        }
        assert_eq!(row[2], expected.join(", "), "{sheet}");
    }
    assert!(sheet.contains("--lead"), "{sheet}");
}

/// Five plans side by side on an 80-column terminal: every column's header words stay whole
/// ("differences", "kon-tum-2", "successor" were broken in two to save a column).
#[test]
fn five_plans_at_80_columns_keep_their_header_words_whole() {
    let seeds = [
        "seeds/dak-lak-142.txt",
        "seeds/gia-lai-142.txt",
        "seeds/kon-tum-142.txt",
        "seeds/kon-tum-nq03.txt",
        "seeds/son-la-142.txt",
    ];
    // In another order too: the columns' widths depend on what each holds.
    let reordered = [
        "seeds/kon-tum-142.txt",
        "seeds/gia-lai-142.txt",
        "seeds/son-la-142.txt",
        "seeds/dak-lak-142.txt",
        "seeds/kon-tum-nq03.txt",
    ];
    for order in [seeds, reordered] {
        header_words_whole_at_80(&order);
    }
    narrower_still_fits(&seeds);
}

fn header_words_whole_at_80(seeds: &[&str]) {
    let output = plandoc()
        .arg("diff")
        .args(seeds)
        .args(["--format", "table"])
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let mut headers = 0;
    let lines: Vec<&str> = text.lines().collect();
    for (at, line) in lines.iter().enumerate() {
        if !line.starts_with('┌') {
            continue;
        }
        headers += 1;
        // The header's lines, up to the double rule; each column's words joined across them.
        let header: Vec<&str> = lines[at + 1..]
            .iter()
            .take_while(|l| !l.starts_with('╞') && !l.starts_with('└'))
            .copied()
            .collect();
        let columns = header[0].split('┆').count();
        let words: Vec<String> = (0..columns)
            .map(|column| {
                header
                    .iter()
                    .map(|l| {
                        l.trim_matches('│')
                            .split('┆')
                            .nth(column)
                            .unwrap_or("")
                            .trim()
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        for name in words {
            for word in name.split_whitespace() {
                assert!(
                    [
                        "#",
                        "label",
                        "heading",
                        "level",
                        "body",
                        "successor",
                        "(2025)",
                        "same",
                        "differences"
                    ]
                    .contains(&word)
                        || ["dak-lak", "gia-lai", "kon-tum", "kon-tum-2", "son-la"].contains(&word),
                    "a header word broken: {word:?} in {header:?}"
                );
            }
        }
    }
    assert_eq!(headers, 4, "four views");
    let wide: Vec<&str> = text.lines().filter(|l| l.chars().count() > 80).collect();
    assert!(wide.is_empty(), "{wide:?}");
}

/// Narrower, where whole header words would not fit: the table still does, and the bodies'
/// names are not squeezed into pieces to keep a header word whole.
fn narrower_still_fits(seeds: &[&str]) {
    let output = plandoc()
        .arg("diff")
        .args(seeds)
        .args(["--format", "table"])
        .env("COLUMNS", "70")
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let wide: Vec<&str> = text.lines().filter(|l| l.chars().count() > 70).collect();
    assert!(wide.is_empty(), "{wide:?}");
    let agencies = &text[text.find("Agencies").unwrap()..];
    let first_body: String = agencies
        .lines()
        .skip_while(|l| !l.starts_with('╞'))
        .skip(1)
        .take_while(|l| !l.starts_with('└'))
        .map(|l| l.trim_start_matches('│').split('┆').next().unwrap().trim())
        .take(8)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        first_body.starts_with("Sở Thông tin và Truyền thông"),
        "{first_body}"
    );
}

/// A workbook travels without the terminal's or the page's legend: its last sheet says what
/// the tints, the coloured words, the statuses and the verdicts mean.
#[test]
fn the_workbook_explains_its_colours_and_words() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = gold_json(dir.path(), ALIGNMENT_STEMS);
    let book = dir.path().join("d.xlsx");
    diff_to(&inputs, &[], &book);
    let bytes = std::fs::read(&book).unwrap();
    let names = zip_entry(&bytes, "xl/workbook.xml").unwrap();
    let sheets: Vec<&str> = names
        .split("<sheet name=\"")
        .skip(1)
        .filter_map(|s| s.split_once('"'))
        .map(|(name, _)| name)
        .collect();
    assert_eq!(sheets.last(), Some(&"legend"), "{sheets:?}");
    let shared = zip_entry(&bytes, "xl/sharedStrings.xml").unwrap();
    for shown in [
        "identical",
        "changed",
        "partial",
        "only here",
        "weak match: yes",
        "verdict",
    ] {
        assert!(shared.contains(&format!(">{shown}<")), "{shown}");
    }
    // The sample of coloured words is coloured as the task cells are.
    let sample = shared
        .split("<si>")
        .find(|item| item.contains("words in bold green") || item.contains(">words <"))
        .expect("the legend's coloured words");
    assert!(
        sample.contains("<r>") && sample.contains("<b/>"),
        "{sample}"
    );
    // As the legend says, the targets sheet tints the levels not alike in every plan: its rows
    // below the header use two cell styles, the plain and the tinted.
    assert_eq!(sheets[1], "targets", "{sheets:?}");
    let targets = zip_entry(&bytes, "xl/worksheets/sheet2.xml").unwrap();
    let styles: std::collections::BTreeSet<&str> = targets
        .split("<row r=\"")
        .skip(2)
        .flat_map(|row| row.split(" s=\"").skip(1))
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert_eq!(styles.len(), 2, "{styles:?}");
}

/// An empty `--lead` would match every lead: refused before anything is read, as is one of
/// no letter or digit (diacritics are ignored, so a lone tone mark matched every lead too). A
/// lead with a quote in it is echoed in the notes as a shell reads it back.
#[test]
fn an_empty_lead_is_refused_and_a_quoted_one_echoed_as_typed() {
    for empty in ["", "   ", "\u{301}", "\u{301}\u{323}", "&"] {
        let output = plandoc()
            .args([
                "diff",
                "seeds/kon-tum-142.txt",
                "seeds/gia-lai-142.txt",
                "--lead",
                empty,
            ])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{empty:?}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("--lead wants"));
    }
    let output = plandoc()
        .args(["diff", "seeds/kon-tum-142.txt", "seeds/gia-lai-142.txt"])
        .args(["--lead", "Sở 'Zz'", "--changed", "-f", "markdown"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let report = String::from_utf8(output.stdout).unwrap();
    assert!(report.contains(r"--lead 'Sở '\\''Zz'\\'''"), "{report}");
    let said = String::from_utf8(output.stderr).unwrap();
    assert!(
        said.contains(r"--lead 'Sở '\''Zz'\''' matches no lead body"),
        "{said}"
    );
}

/// The legend of which file each plan key is fits a narrow terminal: what follows the path goes
/// on below it; the path itself stays whole on the key's line, to be copied.
#[test]
fn the_plan_legend_fits_a_narrow_terminal() {
    let output = plandoc()
        .args(["diff", "seeds/dak-lak-142.txt", "seeds/kon-tum-142.txt"])
        .args(["--format", "table"])
        .env("COLUMNS", "40")
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let legend: Vec<&str> = text
        .lines()
        .skip(1)
        .take_while(|line| !line.is_empty())
        .collect();
    assert!(
        legend[0].starts_with("  dak-lak = seeds/dak-lak-142.txt"),
        "{legend:?}"
    );
    assert!(legend.iter().any(|line| line.contains("129/KH-UBND")));
    for line in &legend {
        assert!(line.chars().count() <= 40, "{line:?}");
    }
}

/// A CSV folder reused for a report `--only` narrows: the earlier report's view files stay (the
/// user may have added to them) and each is named on standard error; a user's own file of a
/// view's name, which does not read as that view, gets no note. Every view's header starts as
/// the check expects.
#[test]
fn a_csv_folder_reused_names_the_earlier_reports_views() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = gold_json(dir.path(), &["kon-tum-142", "gia-lai-142"]);
    let folder = dir.path().join("out");
    std::fs::create_dir(&folder).unwrap();
    diff_to(&inputs, &["--format", "csv", "--bom"], &folder);
    for view in ["tasks", "targets", "sections", "agencies"] {
        let head = std::fs::read(folder.join(format!("{view}.csv"))).unwrap();
        assert!(plandoc::render::diff::is_view_csv(view, &head), "{view}");
        for other in ["tasks", "targets", "sections", "agencies"] {
            assert_eq!(
                plandoc::render::diff::is_view_csv(other, &head),
                other == view,
                "{view} read as {other}"
            );
        }
    }
    std::fs::write(folder.join("sections.csv"), "my own notes\n").unwrap();
    let edited = std::fs::read_to_string(folder.join("tasks.csv")).unwrap() + ",,my note\n";
    std::fs::write(folder.join("tasks.csv"), &edited).unwrap();
    let output = plandoc()
        .arg("diff")
        .args(&inputs)
        .args(["--only", "targets", "--format", "csv", "-o"])
        .arg(&folder)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr
            .contains("tasks.csv is an earlier report's, not this one's (--only leaves tasks out)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("agencies.csv is an earlier report's"),
        "{stderr}"
    );
    assert!(!stderr.contains("sections.csv"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(folder.join("tasks.csv")).unwrap(),
        edited
    );
    // A warning: `--quiet` leaves out notes, not what the folder's reader gets (stop 47).
    let quiet = plandoc()
        .args(["-q", "diff"])
        .args(&inputs)
        .args(["--only", "targets", "--format", "csv", "-o"])
        .arg(&folder)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&quiet.stderr);
    assert!(
        said.contains("warning: ") && said.contains("tasks.csv is an earlier report's"),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(folder.join("sections.csv")).unwrap(),
        "my own notes\n"
    );
}

/// A plan that writes a note after a body ("Sở Y tế (cơ quan thường trực)") and one that does
/// not name the same body: the agencies view counts it once, the row keeps the printed words.
#[test]
fn a_note_after_a_body_does_not_make_another_body() {
    let dir = tempfile::tempdir().unwrap();
    let plan = |province: &str, lead: &str, support: &str| {
        format!(
            "ỦY BAN NHÂN DÂN TỈNH {province}\nSố: 45/KH-UBND\nKẾ HOẠCH\n\
             Triển khai thực hiện Chiến lược dữ liệu quốc gia\nI. MỤC ĐÍCH, YÊU CẦU\n\
             Triển khai đồng bộ các nhiệm vụ.\nPHỤ LỤC - DANH MỤC NHIỆM VỤ\n\
             | STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện |\n\
             |---|---|---|---|---|\n\
             | 1 | Số hóa hồ sơ sức khỏe điện tử. | {lead} | {support} | Năm 2026 |\n\
             | 2 | Xây dựng cơ sở dữ liệu đất đai. | Sở Tài chính | Các sở | Năm 2027 |\n"
        )
    };
    let noted = dir.path().join("bac-nam.txt");
    let plain = dir.path().join("dong-tay.txt");
    std::fs::write(
        &noted,
        plan(
            "BẮC NAM",
            "Sở Y tế (cơ quan thường trực)",
            "Sở Tài chính (về kinh phí); Sở TT&TT (b/c)",
        ),
    )
    .unwrap();
    std::fs::write(
        &plain,
        plan(
            "ĐÔNG TÂY",
            "Sở Y tế",
            "Sở Tài chính; Sở Thông tin và Truyền thông",
        ),
    )
    .unwrap();
    let diff = diff_json(&[], &[noted, plain]);
    let agencies = diff["agencies"].as_array().unwrap();
    let row = |body: &str| {
        let found: Vec<_> = agencies.iter().filter(|a| a["body"] == body).collect();
        assert_eq!(found.len(), 1, "{body}: {agencies:?}");
        found[0].clone()
    };
    assert_eq!(row("Sở Y tế")["led"]["bac-nam"], 1);
    assert_eq!(row("Sở Y tế")["led"]["dong-tay"], 1);
    assert_eq!(row("Sở Tài chính")["supported"]["bac-nam"], 1);
    assert_eq!(row("Sở Tài chính")["supported"]["dong-tay"], 1);
    assert_eq!(
        row("Sở Thông tin và Truyền thông")["successor"],
        "Sở Khoa học và Công nghệ"
    );
    assert!(
        !agencies
            .iter()
            .any(|a| a["body"].as_str().unwrap_or_default().contains('(')),
        "{agencies:?}"
    );
    let first = &diff["tasks"][0];
    assert_eq!(
        first["rows"]["bac-nam"]["lead"],
        "Sở Y tế (cơ quan thường trực)"
    );
    assert!(first["changes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["field"] != "lead"));
}

/// `--changed` keeps a target the plans set at the same level for things worded differently,
/// as it keeps a task worded differently; a target alike in level and words is left out.
#[test]
fn changed_keeps_targets_about_other_things_at_the_same_level() {
    let dir = tempfile::tempdir().unwrap();
    let plan = |name: &str, second: &str| {
        let path = dir.path().join(name);
        std::fs::write(
            &path,
            format!(
                "KẾ HOẠCH\nChuyển đổi số\n\nI. MỤC TIÊU\n\
                 1. Đến năm 2030, 100% hồ sơ công việc được xử lý trên môi trường mạng.\n\
                 2. Đến năm 2030, 80% {second}.\n"
            ),
        )
        .unwrap();
        path
    };
    let inputs = vec![
        plan("a.txt", "hồ sơ thủ tục hành chính được số hóa"),
        plan(
            "b.txt",
            "hồ sơ thủ tục hành chính phát sinh mới được số hóa",
        ),
    ];
    let all = diff_json(&["--only", "targets"], &inputs);
    assert_eq!(all["targets"].as_array().unwrap().len(), 2, "{all:#}");
    let changed = diff_json(&["--only", "targets", "--changed"], &inputs);
    let kept: Vec<&str> = changed["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["label"].as_str().unwrap())
        .collect();
    assert_eq!(kept.len(), 1, "{changed:#}");
    assert!(kept[0].contains("thủ tục hành chính"), "{kept:?}");
}

/// Provenance reaches the reports: each plan's task row carries its input lines in the CSV (two
/// number columns per plan, after every earlier column) and in the HTML (beside the row's id),
/// the same lines as the diff's JSON.
#[test]
fn task_rows_carry_their_input_lines_in_csv_and_html() {
    let inputs = [
        root().join("seeds/dak-lak-142.txt"),
        root().join("seeds/son-la-142.txt"),
    ];
    let json = diff_json(&["--only", "tasks"], &inputs);
    let first = &json["tasks"][0]["rows"]["dak-lak"]["lines"];
    let (from, to) = (first[0].as_u64().unwrap(), first[1].as_u64().unwrap());

    let csv = String::from_utf8(diff_stdout(&inputs, &["--only", "tasks", "-f", "csv"])).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert!(header.ends_with(&[
        "weak match".to_string(),
        "dak-lak first line".to_string(),
        "dak-lak last line".to_string(),
        "son-la first line".to_string(),
        "son-la last line".to_string(),
    ]));
    let row = reader.records().next().unwrap().unwrap();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(row[at("dak-lak first line")], from.to_string());
    assert_eq!(row[at("dak-lak last line")], to.to_string());

    let html = String::from_utf8(diff_stdout(&inputs, &["--only", "tasks", "-f", "html"])).unwrap();
    let shown = if from == to {
        format!("· line {from}<")
    } else {
        format!("· lines {from}–{to}<")
    };
    assert!(html.contains(&shown), "{shown}");
    assert!(html.contains("<title>plandoc diff: dak-lak · son-la</title>"));
    // Both plans have task tables: no "—" to explain in any format.
    for format in ["table", "markdown", "html"] {
        let out = diff_stdout(&inputs, &["--only", "agencies", "-f", format]);
        assert!(
            !String::from_utf8(out).unwrap().contains("no task table"),
            "{format}"
        );
    }
}

/// Plans with no targets: every format still has the Targets view, saying it is empty (a
/// script opening the workbook's `targets` sheet, or a reader looking for the heading, finds
/// it), as the CSV folder and the JSON always did; `--only targets` too.
#[test]
fn an_empty_view_keeps_its_heading_and_sheet_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(root().join("fixtures/drafts/clean/plain-2026.txt")).unwrap();
    let without_targets = regex::Regex::new(r"[0-9]+\s*%")
        .unwrap()
        .replace_all(&text, "nhiều")
        .into_owned();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, &without_targets).unwrap();
    std::fs::write(&b, without_targets.replace("Hòa Bình", "Lâm Đồng")).unwrap();
    let inputs = [a, b];
    let json = diff_json(&[], &inputs);
    assert_eq!(
        json["targets"],
        serde_json::json!([]),
        "the plans should have no targets"
    );
    for only in [&[][..], &["--only", "targets"][..]] {
        let table =
            String::from_utf8(diff_stdout(&inputs, &[only, &["-f", "table"]].concat())).unwrap();
        assert!(table.contains("Targets — 0 groups"), "{only:?}\n{table}");
        assert!(!table.contains("Nothing to show"), "{table}");
        let markdown =
            String::from_utf8(diff_stdout(&inputs, &[only, &["-f", "markdown"]].concat())).unwrap();
        assert!(
            markdown.contains("## Targets — 0 groups\n"),
            "{only:?}\n{markdown}"
        );
        let html =
            String::from_utf8(diff_stdout(&inputs, &[only, &["-f", "html"]].concat())).unwrap();
        assert!(
            html.contains("<h2 id=\"targets\">Targets — 0 groups"),
            "{only:?}"
        );
        let xlsx = dir.path().join("d.xlsx");
        diff_to(&inputs, only, &xlsx);
        let workbook = zip_entry(&std::fs::read(&xlsx).unwrap(), "xl/workbook.xml").unwrap();
        assert!(
            workbook.contains("name=\"targets\""),
            "{only:?}: {workbook}"
        );
    }
    // Plans with no task table: the Agencies view, whose title has no count, says "0 bodies".
    let c = dir.path().join("c.txt");
    let d = dir.path().join("d.txt");
    std::fs::write(&c, "KẾ HOẠCH\nI. MỤC ĐÍCH\n1. Làm việc A\n").unwrap();
    std::fs::write(&d, "KẾ HOẠCH\nI. MỤC ĐÍCH\n1. Làm việc B\n").unwrap();
    let bare = [c, d];
    let table = String::from_utf8(diff_stdout(&bare, &["-f", "table"])).unwrap();
    assert!(
        table.contains("Agencies — tasks led / supported\n0 bodies."),
        "{table}"
    );
    let markdown = String::from_utf8(diff_stdout(&bare, &["-f", "markdown"])).unwrap();
    assert!(
        markdown.contains("## Agencies (tasks led / supported) — 0 bodies\n"),
        "{markdown}"
    );
    // A view `--only` leaves out stays out.
    let table =
        String::from_utf8(diff_stdout(&inputs, &["--only", "targets", "-f", "table"])).unwrap();
    assert!(!table.contains("Sections —"), "{table}");
}

/// The similarity in the CSV is the JSON's, three decimals: a spreadsheet sorting by it sees
/// the same order (two decimals made ties the JSON does not have).
#[test]
fn csv_similarity_is_the_jsons() {
    let seeds: Vec<PathBuf> = ["kon-tum-142", "gia-lai-142", "son-la-142", "dak-lak-142"]
        .iter()
        .map(|stem| root().join(format!("seeds/{stem}.txt")))
        .collect();
    let json = diff_json(&[], &seeds);
    let csv = diff_stdout(&seeds, &["--only", "tasks", "-f", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let header = reader.headers().unwrap().clone();
    let column = header.iter().position(|h| h == "similarity").unwrap();
    let mut compared = 0;
    for (record, group) in reader.records().zip(json["tasks"].as_array().unwrap()) {
        let record = record.unwrap();
        match group["similarity"].as_f64() {
            Some(similarity) => {
                assert_eq!(record[column], format!("{similarity:.3}"));
                compared += 1;
            }
            None => assert_eq!(&record[column], ""),
        }
    }
    assert!(compared > 10, "{compared}");
}

/// A filtered report says so even when the filters hid no group of the views it shows (an
/// analyst's review of stop 47: `--only targets --changed` gave a Markdown and HTML report with
/// no word of a filter), and Markdown headings give each view's count, as the terminal's do.
#[test]
fn a_filtered_report_says_so_even_when_nothing_was_hidden() {
    let inputs = seed_paths(&["kon-tum-142", "gia-lai-142", "son-la-142", "dak-lak-142"]);
    let json = diff_json(&["--only", "targets", "--changed"], &inputs);
    assert_eq!(
        json["filtered"]["hidden"]["targets"], 0,
        "{}",
        json["filtered"]
    );
    let markdown = String::from_utf8(diff_stdout(
        &inputs,
        &["--only", "targets", "--changed", "-f", "markdown"],
    ))
    .unwrap();
    assert!(
        markdown
            .contains("filtered (--only targets, --changed): no group of the views shown hidden"),
        "{markdown}"
    );
    let groups = json["targets"].as_array().unwrap().len();
    assert!(
        markdown.contains(&format!("## Targets — {groups} groups\n")),
        "{markdown}"
    );
    let html = String::from_utf8(diff_stdout(
        &inputs,
        &["--only", "targets", "--changed", "-f", "html"],
    ))
    .unwrap();
    assert!(
        html.contains("Filtered with --only targets, --changed: no group"),
        "{html}"
    );
}

/// The terminal and Markdown cells say where each task and target is in its plan, as the HTML
/// page and the CSV/XLSX line columns do: a report sent on is checked against the documents
/// (an analyst's review of stop 47).
#[test]
fn terminal_and_markdown_cells_give_their_lines() {
    let inputs = seed_paths(&["kon-tum-142", "gia-lai-142"]);
    let json = diff_json(&[], &inputs);
    let words = |lines: &serde_json::Value| {
        let [first, last] = [lines[0].as_u64().unwrap(), lines[1].as_u64().unwrap()];
        if first == last {
            format!("line {first}")
        } else {
            format!("lines {first}–{last}")
        }
    };
    let task_lines = words(&json["tasks"][0]["rows"]["kon-tum"]["lines"]);
    let target = json["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|g| g["details"].get("kon-tum"))
        .unwrap();
    let target_line = words(&target["lines"]);
    for format in ["markdown", "table"] {
        let report = String::from_utf8(diff_stdout(&inputs, &["-f", format])).unwrap();
        assert!(report.contains(&task_lines), "{format}: {task_lines}");
        assert!(report.contains(&target_line), "{format}: {target_line}");
    }
}

/// A target "worded otherwise" that only leaves words out says which ("≠ without: các"): the
/// verdict alone gave the reader nothing to see (an analyst's review of stop 47, target #18).
#[test]
fn a_target_worded_otherwise_by_leaving_words_out_says_which() {
    let inputs = seed_paths(&["kon-tum-142", "gia-lai-142", "son-la-142", "dak-lak-142"]);
    let json = diff_json(&["--only", "targets"], &inputs);
    let only_removed = json["targets"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["details"].as_object().unwrap().values())
        .filter(|d| {
            let ops: Vec<&str> = d["wording"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["op"].as_str().unwrap())
                .collect();
            ops.contains(&"removed") && !ops.contains(&"added")
        })
        .count();
    assert!(only_removed > 0, "the seeds have such a target");
    let markdown = String::from_utf8(diff_stdout(
        &inputs,
        &["--only", "targets", "-f", "markdown"],
    ))
    .unwrap();
    assert_eq!(
        markdown.matches("≠ without: ").count(),
        only_removed,
        "{markdown}"
    );
}

/// The agencies view says which duties of a department went elsewhere in 2025 beside its main
/// successor, in the formats read by people; the CSV column stays a name (an analyst's review
/// of stop 47: "Sở Nội vụ" alone, for counts that take in vocational-training tasks).
#[test]
fn an_agency_whose_duties_split_names_them_beside_its_successor() {
    let inputs = seed_paths(&["kon-tum-142", "gia-lai-142"]);
    for format in ["markdown", "html", "table"] {
        let report = String::from_utf8(diff_stdout(
            &inputs,
            &["--only", "agencies", "-f", format, "--lead", "Lao động"],
        ))
        .unwrap();
        let flat = report.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("except bảo trợ xã hội → Sở Y tế"),
            "{format}: {report}"
        );
    }
    let csv =
        String::from_utf8(diff_stdout(&inputs, &["--only", "agencies", "-f", "csv"])).unwrap();
    assert!(!csv.contains("except"), "{csv}");
}

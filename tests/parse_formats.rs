//! `plandoc parse` for spreadsheets: a plan's task rows, indicator rows, targets, sections and
//! metadata as CSV (one view, or a folder of them) and as an XLSX workbook, each cell the
//! document's own text.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

mod common;
use common::zip_entry;

fn plandoc() -> Command {
    let mut command = Command::cargo_bin("plandoc").unwrap();
    command.current_dir(Path::new(env!("CARGO_MANIFEST_DIR")));
    command
}

const SEED: &str = "seeds/kon-tum-142.txt";

fn stdout(args: &[&str]) -> Vec<u8> {
    let output = plandoc().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

fn plan_json() -> serde_json::Value {
    serde_json::from_slice(&stdout(&["parse", SEED])).unwrap()
}

/// Records of a CSV text, header first.
fn records(text: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn csv_holds_every_task_row_in_the_documents_words() {
    let plan = plan_json();
    let rows: Vec<&serde_json::Value> = plan["tables"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["kind"] == "tasks")
        .flat_map(|t| t["rows"].as_array().unwrap())
        .collect();
    let csv = records(&stdout(&["parse", SEED, "--format", "csv"]));
    assert_eq!(
        csv[0][..6],
        ["appendix", "id", "groups", "tt", "task", "lead"]
    );
    assert_eq!(csv.len() - 1, rows.len());
    for (record, row) in csv[1..].iter().zip(&rows) {
        assert_eq!(record[1], row["id"].as_str().unwrap());
        assert_eq!(record[4], row["task"].as_str().unwrap());
        assert_eq!(record[5], row["lead"]["raw"].as_str().unwrap());
    }
    let targets = records(&stdout(&["parse", SEED, "--only", "targets"]));
    assert_eq!(targets.len() - 1, plan["targets"].as_array().unwrap().len());
    assert_eq!(targets[1][7], plan["targets"][0]["quote"].as_str().unwrap());
    // Beside the quote, the subject in the plan's own words.
    assert_eq!(targets[0][8], "label");
    let label = &targets[1][8];
    assert!(!label.is_empty());
    assert!(label
        .split_whitespace()
        .filter(|w| *w != "…")
        .all(|w| plan["targets"][0]["quote"].as_str().unwrap().contains(w)));
}

#[test]
fn a_folder_gets_every_view_and_bom_guards_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("views/");
    plandoc()
        .args(["parse", SEED, "--bom", "-o"])
        .arg(&folder)
        .assert()
        .success();
    // A folder takes CSV only when CSV is asked for.
    plandoc()
        .args(["parse", SEED, "-o"])
        .arg(&folder)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a folder takes one CSV per view"));
    for view in ["tasks", "indicators", "targets", "sections", "plan"] {
        let bytes = std::fs::read(folder.join(format!("{view}.csv"))).unwrap();
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "{view}");
    }
    // "=" (a plain target) would be a formula in Excel: shown as text.
    let targets = std::fs::read_to_string(folder.join("targets.csv")).unwrap();
    assert!(targets.contains(",'=,"), "{}", &targets[..300]);
    let plain = String::from_utf8(stdout(&["parse", SEED, "--only", "targets"])).unwrap();
    assert!(!plain.contains(",'=,") && plain.contains(",=,"));
}

#[test]
fn the_workbook_has_a_sheet_per_view_and_the_same_bytes_each_time() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str| {
        let path = dir.path().join(name);
        plandoc()
            .args(["parse", SEED, "-o"])
            .arg(&path)
            .assert()
            .success();
        std::fs::read(path).unwrap()
    };
    let first = write("a.xlsx");
    assert!(first.starts_with(b"PK"));
    assert!(first == write("b.xlsx"), "same plan, same workbook bytes");
    // Every view has its sheet, an empty one too (this plan has no indicator table).
    let names = zip_entry(&first, "xl/workbook.xml").unwrap();
    for sheet in ["tasks", "indicators", "targets", "sections", "plan"] {
        assert!(
            names.contains(&format!("<sheet name=\"{sheet}\"")),
            "{sheet}: {names}"
        );
    }
    // Columns are as wide as what they hold: the targets' quotes (column 8) wide, their section
    // paths (column 1) narrow — not the other way round, as when widths went by header names.
    let targets = zip_entry(&first, "xl/worksheets/sheet3.xml").unwrap();
    let width = |column: u32| -> f64 {
        targets
            .split("<col ")
            .skip(1)
            .find_map(|col| {
                let number = |key: &str| -> Option<f64> {
                    let from = col.find(&format!("{key}=\""))? + key.len() + 2;
                    col[from..].split('"').next()?.parse().ok()
                };
                let (min, max) = (number("min")?, number("max")?);
                ((min..=max).contains(&f64::from(column))).then(|| number("width"))?
            })
            .unwrap_or_else(|| panic!("no width for column {column}: {targets}"))
    };
    assert!(
        width(8) >= 50.0 && width(1) <= 20.0,
        "{}, {}",
        width(8),
        width(1)
    );
    plandoc()
        .args(["parse", SEED, "--format", "xlsx"])
        .assert()
        .success()
        .stdout(predicate::function(|b: &[u8]| b.starts_with(b"PK")));
}

/// A part longer than an Excel cell holds (32,767 characters) is cut in the workbook, with a
/// note, rather than losing the whole workbook; the JSON keeps all of it.
#[test]
fn a_section_longer_than_a_cell_does_not_lose_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("long.txt");
    let line = "Triển khai thực hiện các nhiệm vụ của kế hoạch theo đúng lộ trình đề ra.\n";
    std::fs::write(
        &input,
        format!("KẾ HOẠCH\nI. MỤC TIÊU\n{}", line.repeat(600)),
    )
    .unwrap();
    let book = dir.path().join("long.xlsx");
    plandoc()
        .arg("parse")
        .arg(&input)
        .arg("-o")
        .arg(&book)
        .assert()
        .success();
    let bytes = std::fs::read(&book).unwrap();
    let strings = zip_entry(&bytes, "xl/sharedStrings.xml").unwrap();
    assert!(strings.contains("characters in all; the JSON output has them]"));
}

#[test]
fn names_and_options_that_do_not_fit_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.csv");
    // A file that does not exist: refused for the names alone, before it would be read.
    const MISSING: &str = "no/such/plan.txt";
    plandoc()
        .args(["parse", MISSING, "--format", "json", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the name says csv but --format is json",
        ));
    plandoc()
        .args(["parse", MISSING, "--format", "json", "--only", "targets"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--only applies to csv output"));
    plandoc()
        .args(["parse", MISSING, "--only", "tables"])
        .assert()
        .code(2);
    assert!(!out.exists());
    // .txt is the outline, as with diff.
    let outline = dir.path().join("plan.txt");
    plandoc()
        .args(["parse", SEED, "-o"])
        .arg(&outline)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&outline)
        .unwrap()
        .contains("Kon Tum"));
    assert!(!std::fs::read_to_string(&outline).unwrap().starts_with('{'));
    // …and, as with diff, what an option asks for: --compact JSON, --bom CSV (both: refused).
    let compact = dir.path().join("compact.txt");
    plandoc()
        .args(["parse", SEED, "--compact", "-o"])
        .arg(&compact)
        .assert()
        .success();
    let compact = std::fs::read_to_string(&compact).unwrap();
    assert!(compact.starts_with("{\"schema\"") && compact.trim_end().lines().count() == 1);
    let bom = dir.path().join("bom.txt");
    plandoc()
        .args(["parse", SEED, "--bom", "--only", "tasks", "-o"])
        .arg(&bom)
        .assert()
        .success();
    assert!(std::fs::read(&bom)
        .unwrap()
        .starts_with(b"\xEF\xBB\xBFappendix,"));
    plandoc()
        .args(["parse", MISSING, "--bom", "--compact", "-o"])
        .arg(dir.path().join("both.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ask for two formats"));
    // An ending no format has says nothing of what the file holds, as with diff; --format
    // keeps the name.
    let odd = dir.path().join("plan.v2");
    plandoc()
        .args(["parse", SEED, "-o"])
        .arg(&odd)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "name it .json, .txt, .csv or .xlsx",
        ));
    assert!(!odd.exists());
    plandoc()
        .args(["parse", SEED, "--format", "json", "-o"])
        .arg(&odd)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&odd).unwrap().starts_with('{'));
}

/// The terminal outline shows each section's level by its indent, also when its heading is too
/// long for one line (comfy-table drops a wrapped cell's leading spaces).
#[test]
fn the_outline_keeps_a_long_headings_indent() {
    let output = plandoc()
        .args(["parse", "seeds/son-la-142.txt", "-f", "table"])
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    // Nothing runs past the terminal: tables, and the appendix title above its table.
    let wide: Vec<&str> = text.lines().filter(|l| l.chars().count() > 80).collect();
    assert!(wide.is_empty(), "{wide:?}");
    let mut checked = 0;
    let mut continued = 0;
    let mut level = 0;
    let outline = &text[text.find("\nSections\n").unwrap()..];
    for line in outline.lines() {
        let cells: Vec<&str> = line.trim_matches('│').split('┆').collect();
        let [path, heading, _lines] = cells[..] else {
            continue;
        };
        let path = path.trim();
        if path == "path" || heading.trim().is_empty() {
            continue;
        }
        if path.is_empty() {
            // A wrapped heading's next line, under its first line's words.
            continued += 1;
        } else {
            level = path.split('.').count();
            checked += 1;
        }
        let indent = heading
            .trim_start_matches(' ')
            .chars()
            .take_while(|c| *c == '\u{a0}')
            .count();
        assert_eq!(indent, 2 * (level - 1), "{line}");
    }
    assert!(checked > 20, "{checked} sections");
    assert!(continued > 5, "{continued} wrapped lines");
}

/// Text holding "_x" before a letter of more than one byte ("QD_xếếp") made the workbook writer
/// (rust_xlsxwriter 0.79) cut a character in two and panic: `parse -o x.xlsx` and `diff -o
/// x.xlsx` died with exit 101 (found by the `check_diff` fuzz target, round 46). Both now write
/// the workbook, the text kept, and an Excel escape look-alike ("_x00C1_") escaped so that Excel
/// shows it as written.
#[test]
fn underscore_x_in_text_does_not_break_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let input = "fixtures/hostile/xlsx-escape-lookalike.txt";
    let parsed = dir.path().join("plan.xlsx");
    plandoc()
        .args(["parse", input, "-o"])
        .arg(&parsed)
        .assert()
        .success();
    let diffed = dir.path().join("diff.xlsx");
    plandoc()
        .args(["diff", input, "fixtures/drafts/clean/plain-2026.txt", "-o"])
        .arg(&diffed)
        .assert()
        .success();
    for workbook in [&parsed, &diffed] {
        let strings = zip_entry(&std::fs::read(workbook).unwrap(), "xl/sharedStrings.xml").unwrap();
        assert!(strings.contains("QD_xếếp"), "{}", workbook.display());
        assert!(strings.contains("_x005F_x00C1_"), "{}", workbook.display());
    }
}

/// A task cell whose words differ from the other plan's is written as rich text (the changed
/// words coloured); its runs escape an Excel look-alike as a plain cell does (a review of stop
/// 51: "Xây dựng _x0041_" showed "Xây dựng A").
#[test]
fn rich_text_cells_keep_excel_lookalikes_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let gia_lai = std::fs::read_to_string("seeds/gia-lai-142.txt").unwrap();
    let task = "Tổ chức hướng dẫn việc thực hiện số hóa hồ sơ";
    assert!(gia_lai.contains(task));
    let edited = dir.path().join("gia-lai-edited.txt");
    std::fs::write(
        &edited,
        gia_lai.replacen(
            task,
            "Tổ chức _x0041_ hướng _x0041_x0042_ dẫn việc thực hiện số hóa hồ sơ",
            1,
        ),
    )
    .unwrap();
    let book = dir.path().join("diff.xlsx");
    plandoc()
        .args(["diff", "seeds/kon-tum-142.txt"])
        .arg(&edited)
        .arg("-o")
        .arg(&book)
        .assert()
        .success();
    let bytes = std::fs::read(&book).unwrap();
    let sheet = zip_entry(&bytes, "xl/worksheets/sheet1.xml").unwrap();
    let strings = zip_entry(&bytes, "xl/sharedStrings.xml").unwrap();
    // The edited task is a rich string (runs "<r>"), and every look-alike in the book escaped.
    assert!(sheet.contains("t=\"s\""));
    let rich = strings
        .split("<si>")
        .find(|item| item.contains("x0041_"))
        .unwrap();
    assert!(rich.contains("<r>"), "{rich}");
    assert_eq!(
        strings.matches("_x0041").count(),
        strings.matches("_x005F_x0041").count(),
        "{rich}"
    );
    // Back to back, each escaped: "_x0041_x0042_" shows as written, not "_x0041B".
    assert!(rich.contains("_x005F_x0041_x005F_x0042_"), "{rich}");
}

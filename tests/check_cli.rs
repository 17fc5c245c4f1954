//! `plandoc check` as a CI job runs it: several drafts at once, a draft that is not a plan, the
//! layers of configuration, and numbering findings that must not invent a second defect.

use std::path::Path;

use assert_cmd::Command;

mod common;
use common::stderr_of;

fn plandoc() -> Command {
    let mut command = Command::cargo_bin("plandoc").unwrap();
    command.current_dir(Path::new(env!("CARGO_MANIFEST_DIR")));
    command
}

const DEFECT: &str = "fixtures/drafts/defects/dup-letter.txt";
const CLEAN: &str = "fixtures/drafts/clean/plain-2026.txt";

/// The findings of one rule among `check_stdin`'s.
fn with_rule<'a>(
    found: &'a [(String, u64, String, String)],
    rule: &'a str,
) -> impl Iterator<Item = &'a (String, u64, String, String)> {
    found.iter().filter(move |f| f.0 == rule)
}

/// (rule, first line, message, suggestion) of every diagnostic `check --format json` gives for
/// `text` on standard input, with the exit status.
fn check_stdin(text: &str, extra: &[&str]) -> (i32, Vec<(String, u64, String, String)>) {
    let output = plandoc()
        .args(["check", "-", "--format", "json", "--no-config"])
        // Most drafts here are a few lines with no date: the rules under test are the others.
        .args(["--disable", "undated-draft"])
        .args(extra)
        .write_stdin(text)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let found = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_string(),
                d["lines"][0].as_u64().unwrap_or_default(),
                d["message"].as_str().unwrap_or_default().to_string(),
                d["suggestion"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    (output.status.code().unwrap(), found)
}

/// The rule of every diagnostic `check --format jsonl` gives for one draft and `args`.
fn rules_of(args: &[&str]) -> Vec<String> {
    let output = plandoc()
        .args(["check", "--no-config", "--format", "jsonl"])
        .args(args)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["rule"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn an_unreadable_draft_does_not_hide_the_others_report() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("placeholder.txt");
    std::fs::write(&empty, "").unwrap();
    let sarif = dir.path().join("report.sarif");
    let output = plandoc()
        .args(["check", DEFECT, empty.to_str().unwrap(), "--no-config"])
        .args(["--format", "sarif", "-o", sarif.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("placeholder.txt"), "{stderr}");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&sarif).unwrap()).unwrap();
    let results = report["runs"][0]["results"].as_array().unwrap();
    assert!(
        results.iter().any(|r| r["ruleId"] == "numbering-duplicate"),
        "{results:?}"
    );
    // … and says why the job failed, where CI reads it.
    let notification = &report["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    let uri = notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(uri.ends_with("placeholder.txt"), "{notification}");
    let output = plandoc()
        .args(["check", DEFECT, empty.to_str().unwrap(), "--no-config"])
        .args(["--format", "github"])
        .output()
        .unwrap();
    let annotations = String::from_utf8_lossy(&output.stdout);
    assert!(
        annotations.contains("placeholder.txt,title=unreadable::cannot read the draft"),
        "{annotations}"
    );

    // JSON keeps the shape the command line asked for: two drafts, an array of two reports in
    // the order given, the unreadable one with its reason and no findings.
    let output = plandoc()
        .args(["check", DEFECT, empty.to_str().unwrap(), "--no-config"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let reports = json.as_array().unwrap();
    assert_eq!(reports.len(), 2, "{json}");
    assert!(reports[0].get("error").is_none(), "{json}");
    assert!(reports[0]["errors"].as_u64() >= Some(1), "{json}");
    assert!(reports[1]["path"]
        .as_str()
        .unwrap()
        .ends_with("placeholder.txt"));
    assert_eq!(reports[1]["error"], "file is empty", "{json}");
    assert_eq!(reports[1]["diagnostics"], serde_json::json!([]), "{json}");
    // The same in JSON Lines, with the unreadable draft given first.
    let output = plandoc()
        .args(["check", empty.to_str().unwrap(), DEFECT, "--no-config"])
        .args(["--format", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["error"], "file is empty", "{lines:?}");
    assert!(lines[1].get("error").is_none(), "{lines:?}");

    let output = plandoc()
        .args(["check", DEFECT, empty.to_str().unwrap(), "--no-config"])
        .output()
        .unwrap();
    let human = String::from_utf8_lossy(&output.stdout);
    assert!(
        human.contains("in 1 file; 1 file could not be read"),
        "{human}"
    );
}

#[test]
fn a_text_with_no_plan_parts_fails_the_gate() {
    let (status, found) = check_stdin("hello world\n", &[]);
    assert_eq!(status, 1);
    assert!(
        found.iter().any(|(rule, ..)| rule == "missing-section"),
        "{found:?}"
    );
    // A draft cut after its first part: every part after it is missing, and goes after it.
    let draft = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(CLEAN)).unwrap();
    let first_part: String = draft.lines().take(20).map(|l| format!("{l}\n")).collect();
    let (status, found) = check_stdin(&first_part, &[]);
    assert_eq!(status, 1);
    let missing: Vec<_> = found
        .iter()
        .filter(|(rule, ..)| rule == "missing-section")
        .collect();
    assert!(missing.len() >= 4, "{found:?}");
    for (_, line, _, suggestion) in missing {
        assert_eq!(*line, 11, "{suggestion}");
        assert!(
            suggestion.ends_with("after the part that opens at line 11"),
            "{suggestion}"
        );
    }
}

#[test]
fn a_task_table_alone_is_told_from_a_text_that_is_no_plan() {
    let table = "TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\n\
                 1\tXây dựng cơ sở dữ liệu đất đai\tSở Nông nghiệp và Môi trường\tUBND các xã\t2026\n\
                 2\tKết nối dữ liệu dân cư\tCông an tỉnh\tCác sở, ngành\tQuý IV/2026\n";
    let (status, found) = check_stdin(table, &[]);
    assert_eq!(status, 1, "{found:?}");
    let missing: Vec<_> = found
        .iter()
        .filter(|(rule, ..)| rule == "missing-section")
        .collect();
    assert_eq!(missing.len(), 1, "{found:?}");
    let (_, line, message, suggestion) = missing[0];
    assert_eq!(*line, 1);
    assert!(message.contains("a task table (2 rows)"), "{message}");
    assert!(
        suggestion.contains("--disable missing-section"),
        "{suggestion}"
    );
    // The hint works: the table alone passes once the rule is off.
    let (status, found) = check_stdin(table, &["--disable", "missing-section"]);
    assert_eq!(status, 0, "{found:?}");
    // Prose with no parts keeps the plain message.
    let (_, found) = check_stdin("hello world\n", &[]);
    assert!(
        found
            .iter()
            .any(|(rule, _, message, _)| rule == "missing-section"
                && message.contains("does not read as a plan's body")),
        "{found:?}"
    );
}

#[test]
fn a_repeated_part_number_keeps_its_own_sub_items() {
    let draft = "I. MỤC TIÊU\n\n1. Một\n\na) aa\n\nb) bb\n\n3. Ba\n\na) cc\n\nb) dd\n\n3. Bốn\n\n\
                 a) ee\n\nb) ff\n\nII. NHIỆM VỤ\n\nfoo\n";
    let (_, found) = check_stdin(draft, &["--disable", "missing-section"]);
    let numbering: Vec<_> = found
        .iter()
        .map(|(rule, line, ..)| (rule.as_str(), *line))
        .collect();
    // "1, 3, 3": one mistyped number, the first "3." (one edit makes the list whole); before
    // stop 47 a gap whose hint renumbered the items after it, then a repeat at line 15.
    assert_eq!(numbering, [("numbering-gap", 9)], "{found:?}");
    assert!(
        found[0].2.contains("this one should be \"2.\""),
        "{found:?}"
    );
}

#[test]
fn a_gap_in_a_top_level_arabic_list_names_its_neighbour() {
    let draft = "KẾ HOẠCH\nTriển khai dữ liệu\n\nThực hiện Quyết định số 142/QĐ-TTg, UBND tỉnh \
                 ban hành kế hoạch như sau:\n\n1. Nội dung thứ nhất.\n\n3. Nội dung thứ ba.\n\n\
                 4. Nội dung thứ tư.\n";
    let (_, found) = check_stdin(draft, &["--disable", "missing-section"]);
    let gap = found
        .iter()
        .find(|(rule, ..)| rule == "numbering-gap")
        .unwrap_or_else(|| panic!("{found:?}"));
    assert!(gap.2.contains("\"3.\" follows \"1.\""), "{gap:?}");
    assert!(gap.3.is_empty() || !gap.3.contains("as \"1.\""), "{gap:?}");
}

#[test]
fn one_layer_of_settings_may_not_contradict_itself() {
    let output = plandoc()
        .args(["check", DEFECT, "--no-config"])
        .args(["--disable", "numbering-duplicate"])
        .args(["--severity", "numbering-duplicate=warning"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("numbering-duplicate"), "{stderr}");

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("plandoc.toml");
    std::fs::write(
        &config,
        "[check]\ndisable = [\"numbering-duplicate\"]\nenable = [\"numbering-duplicate\"]\n",
    )
    .unwrap();
    let output = plandoc()
        .args(["check", DEFECT, "--config", config.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("plandoc.toml"), "{stderr}");

    // The command line comes after the file and wins.
    std::fs::write(&config, "[check]\ndisable = [\"numbering-duplicate\"]\n").unwrap();
    let run = |extra: &[&str]| {
        plandoc()
            .args(["check", DEFECT, "--config", config.to_str().unwrap()])
            .args(extra)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(run(&[]), Some(0));
    assert_eq!(run(&["--enable", "numbering-duplicate"]), Some(1));
}

#[test]
fn the_summary_counts_notes() {
    let output = plandoc()
        .args(["check", DEFECT, "--no-config"])
        .args(["--severity", "numbering-duplicate=info"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let human = String::from_utf8_lossy(&output.stdout);
    assert!(
        human.contains("0 errors, 0 warnings, 1 info in 1 file"),
        "{human}"
    );
}

/// A folder stands for the plan files below it, sorted; one with none fails rather than passes.
#[test]
fn a_folder_of_drafts_is_checked_file_by_file() {
    let output = plandoc()
        .args([
            "check",
            "fixtures/drafts/clean",
            "--no-config",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let paths: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "fixtures/drafts/clean/markdown-2024.md",
            "fixtures/drafts/clean/plain-2026.txt"
        ]
    );
    let output = plandoc()
        .args(["check", "fixtures/drafts", "--no-config"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let human = String::from_utf8_lossy(&output.stdout);
    assert!(
        human.contains("fixtures/drafts/defects/dup-letter.txt:"),
        "{human}"
    );
    let empty = tempfile::tempdir().unwrap();
    let output = plandoc()
        .args(["check", "--no-config"])
        .arg(empty.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no plan file"));
}

/// A draft piped in is reported under the name CI gives it, so its annotations land on the file.
#[test]
fn a_draft_on_standard_input_is_reported_under_its_given_name() {
    let text = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFECT)).unwrap();
    let output = plandoc()
        .args(["check", "-", "--no-config", "--format", "sarif"])
        .args(["--stdin-filename", "drafts/ke-hoach.txt"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "drafts/ke-hoach.txt");
    let output = plandoc()
        .args(["check", DEFECT, "--stdin-filename", "x.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

/// A piped draft that cannot be read is named under its given name too: on standard error, in
/// the annotation and in SARIF (until stop 49 they said "-", so the CI annotation pointed at no
/// file).
#[test]
fn an_unreadable_draft_on_standard_input_is_named_under_its_given_name() {
    let binary: Vec<u8> = (0u8..=255).cycle().take(4096).collect();
    for format in ["github", "sarif", "jsonl", "json", "human"] {
        let output = plandoc()
            .args(["check", "-", "--no-config", "--format", format])
            .args(["--stdin-filename", "drafts/ke-hoach.txt"])
            .write_stdin(binary.clone())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{format}");
        let stderr = stderr_of(&output);
        assert!(
            stderr.contains("drafts/ke-hoach.txt: "),
            "{format}: {stderr}"
        );
        assert!(!stderr.contains(" -: "), "{format}: {stderr}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        match format {
            "github" => assert!(
                stdout.starts_with("::error file=drafts/ke-hoach.txt,title=unreadable::"),
                "{stdout}"
            ),
            "jsonl" => {
                let report: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
                assert_eq!(report["path"], "drafts/ke-hoach.txt", "{stdout}");
            }
            "sarif" => {
                let sarif: serde_json::Value = serde_json::from_str(&stdout).unwrap();
                // An unreadable file is a tool execution notification, not a result.
                let uris: Vec<&serde_json::Value> = sarif["runs"][0]["invocations"][0]
                    ["toolExecutionNotifications"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|n| &n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
                    .collect();
                assert_eq!(uris, ["drafts/ke-hoach.txt"], "{stdout}");
            }
            _ => {}
        }
    }
}

/// The region of the first SARIF result for a draft of `bytes` saved as `name` (no date, no
/// part headings: the rules under test are the others).
fn first_sarif_region(name: &str, bytes: &[u8]) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let output = plandoc()
        .args(["check", "--no-config", "--disable", "missing-section"])
        .args(["--disable", "undated-draft", "--format", "sarif"])
        .arg(&path)
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"].clone()
}

/// SARIF columns count the file's own characters: a draft saved decomposed (as some Mac
/// editors do: "ấ" as three code points), or in Windows-1258 (which stores a tone mark apart
/// from its letter: "ấ" as "â" and a mark), is underlined where its text is.
#[test]
fn sarif_columns_count_a_decomposed_files_characters() {
    use unicode_normalization::UnicodeNormalization;
    let line = "- Phấn đấu đạt 150% hồ sơ, lưu trữ điện tử.";
    let text = format!("KẾ HOẠCH\n\nI. MỤC TIÊU\n{line}\n");
    let decomposed: String = text.nfd().collect();
    let windows_1258 = plandoc::read::encode_legacy(&text, plandoc::read::Encoding::Windows1258);
    let line_1258 = plandoc::read::encode_legacy(line, plandoc::read::Encoding::Windows1258);
    let written_nfd: String = line.nfd().collect();
    let cases = [
        (
            "nfd.txt",
            decomposed.into_bytes(),
            written_nfd[..written_nfd.find("150%").unwrap()]
                .chars()
                .count(),
        ),
        (
            "cp1258.txt",
            windows_1258,
            // A byte a character.
            line_1258.windows(4).position(|w| w == b"150%").unwrap(),
        ),
    ];
    for (name, bytes, before) in cases {
        let region = first_sarif_region(name, &bytes);
        assert_eq!(region["startLine"], 4, "{name}");
        assert_eq!(region["startColumn"], before + 1, "{name}: {region}");
        assert_eq!(region["endColumn"], before + 5, "{name}: {region}");
    }
}

/// A SARIF report lists each draft as an artifact with the character set its bytes are in (its
/// columns count that file's characters, so a viewer must read it so); a legacy font encoding,
/// which has no registered name, is given none; every result points at its own draft's entry.
#[test]
fn sarif_names_each_drafts_character_set() {
    use plandoc::read::{encode_legacy, Encoding};
    let text = "KẾ HOẠCH\n\nI. MỤC TIÊU\n- Phấn đấu đạt 150% hồ sơ, lưu trữ điện tử.\n";
    let utf16le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    // With a byte-order mark it is "UTF-16" (RFC 2781: "UTF-16LE" names text with none).
    let marked = [vec![0xFF, 0xFE], utf16le.clone()].concat();
    let drafts: [(&str, Vec<u8>, Option<&str>); 5] = [
        ("a-utf8.txt", text.as_bytes().to_vec(), Some("UTF-8")),
        (
            "b-cp1258.txt",
            encode_legacy(text, Encoding::Windows1258),
            Some("windows-1258"),
        ),
        ("c-utf16.txt", marked, Some("UTF-16")),
        ("d-tcvn3.txt", encode_legacy(text, Encoding::Tcvn3), None),
        ("e-utf16le.txt", utf16le, Some("UTF-16LE")),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut command = plandoc();
    command.args(["check", "--no-config", "--disable", "missing-section"]);
    command.args(["--disable", "undated-draft", "--format", "sarif"]);
    for (name, bytes, _) in &drafts {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        command.arg(dir.path().join(name));
    }
    let output = command.output().unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let run = &sarif["runs"][0];
    let artifacts = run["artifacts"].as_array().unwrap();
    assert_eq!(artifacts.len(), drafts.len(), "{run}");
    for (artifact, (name, _, encoding)) in artifacts.iter().zip(&drafts) {
        let uri = artifact["location"]["uri"].as_str().unwrap();
        assert!(uri.ends_with(name), "{uri}");
        assert_eq!(artifact["encoding"].as_str(), *encoding, "{name}");
    }
    let results = run["results"].as_array().unwrap();
    assert!(results.len() >= drafts.len(), "{run}");
    for result in results {
        let location = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        let index = location["index"].as_u64().unwrap() as usize;
        assert_eq!(location["uri"], artifacts[index]["location"]["uri"]);
    }
    // A draft given twice (its file, and standard input named after it) is one artifact.
    let twice = dir.path().join("a-utf8.txt");
    let output = plandoc()
        .args([
            "check",
            "--no-config",
            "--format",
            "sarif",
            "--stdin-filename",
        ])
        .arg(&twice)
        .arg(&twice)
        .arg("-")
        .write_stdin(text)
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(sarif["runs"][0]["artifacts"].as_array().unwrap().len(), 1);
    // A forced reading is the user's word for the bytes.
    let forced = plandoc()
        .args([
            "check",
            "--no-config",
            "--format",
            "sarif",
            "--encoding",
            "windows-1258",
        ])
        .arg(dir.path().join("b-cp1258.txt"))
        .output()
        .unwrap();
    let forced: serde_json::Value = serde_json::from_slice(&forced.stdout).unwrap();
    assert_eq!(
        forced["runs"][0]["artifacts"][0]["encoding"],
        "windows-1258"
    );
}

/// PDF text pads its lines with spaces, which the reader drops: SARIF still gives the columns,
/// as the human report marks them.
#[test]
fn sarif_columns_hold_on_lines_padded_with_spaces() {
    let region = first_sarif_region(
        "padded.txt",
        "KẾ HOẠCH   \n\nI. MỤC TIÊU   \n- Phấn đấu đạt 150% hồ sơ.      \n".as_bytes(),
    );
    assert_eq!(region["startLine"], 4);
    assert_eq!(region["startColumn"], 16, "{region}");
    assert_eq!(region["endColumn"], 20, "{region}");
}

/// A plan whose parts are numbered "1.", "2." (no Roman numeral) is judged part by part like any
/// other: with every standard part there, no part is missing.
#[test]
fn parts_numbered_in_arabic_are_the_plans_parts() {
    let draft = "KẾ HOẠCH\nTriển khai Chiến lược dữ liệu\n\n1. MỤC ĐÍCH, YÊU CẦU\n\na) Mục đích: bảo \
                 đảm.\n\n2. MỤC TIÊU ĐẾN NĂM 2030\n\na) Dữ liệu mở.\n\n3. NHIỆM VỤ TRỌNG TÂM\n\na) Xây \
                 dựng kho dữ liệu.\n\n4. GIẢI PHÁP\n\na) Hoàn thiện thể chế.\n\n5. KINH PHÍ THỰC \
                 HIỆN\n\nNgân sách tỉnh.\n\n6. TỔ CHỨC THỰC HIỆN\n\nSở Khoa học và Công nghệ chủ trì.\n";
    let (status, found) = check_stdin(draft, &[]);
    assert!(
        !found.iter().any(|(rule, ..)| rule == "missing-section"),
        "{found:?}"
    );
    assert_eq!(status, 0, "{found:?}");
    // Without one of them, that one is missing, placed among the others.
    let without_funding = draft.replace("5. KINH PHÍ THỰC HIỆN\n\nNgân sách tỉnh.\n\n", "");
    let (status, found) = check_stdin(&without_funding, &[]);
    assert_eq!(status, 1);
    assert!(
        found
            .iter()
            .any(|(rule, _, message, _)| rule == "missing-section" && message.contains("KINH PHÍ")),
        "{found:?}"
    );
}

/// A finding about one cell of a row printed over several lines points at the line that prints
/// the cell (a CI annotation lands on the name or the deadline, not on the row's number): on
/// every seed and draft fixture, the line of each `unknown-agency` and `past-deadline` finding
/// holds the name's or the deadline's first word. (Kon Tum's NQ 03 prints one word a line in
/// its flowed table, which holds such a finding.)
#[test]
fn a_cell_finding_points_at_the_line_that_prints_the_cell() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = ["seeds", "fixtures/drafts/defects", "fixtures/drafts/clean"]
        .iter()
        .flat_map(|folder| std::fs::read_dir(root.join(folder)).unwrap())
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt" || e == "md"))
        .collect();
    files.sort();
    let output = plandoc()
        .args(["check", "--format", "json", "--no-config"])
        .args(&files)
        .output()
        .unwrap();
    let reports: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut checked = 0;
    for report in reports.as_array().unwrap() {
        let text = std::fs::read_to_string(root.join(report["path"].as_str().unwrap())).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for finding in report["diagnostics"].as_array().unwrap() {
            let rule = finding["rule"].as_str().unwrap();
            if rule != "unknown-agency" && rule != "past-deadline" {
                continue;
            }
            let message = finding["message"].as_str().unwrap();
            let quoted = message.split('"').nth(1).unwrap();
            let first_word = quoted.split_whitespace().next().unwrap();
            let line = finding["lines"][0].as_u64().unwrap() as usize;
            assert!(
                lines[line - 1].contains(first_word),
                "{}:{line} {message}: {:?}",
                report["path"],
                lines[line - 1]
            );
            checked += 1;
        }
    }
    assert!(checked >= 8, "only {checked} findings checked");
}

/// A row's task text comes first and may print the same year or name as a later cell: the
/// finding still points at the cell (the deadline's own line, the lead's first line), not at
/// the task's mention of it.
#[test]
fn a_cell_finding_is_not_pointed_at_the_tasks_mention_of_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text =
        std::fs::read_to_string(root.join("fixtures/drafts/defects/flowed-past-deadline.txt"))
            .unwrap();
    let line_of = |text: &str, wanted: &str| {
        text.lines()
            .position(|line| line.trim_end() == wanted)
            .map(|at| at as u64 + 1)
            .unwrap()
    };
    let findings = |text: &str, rule: &str| -> Vec<u64> {
        check_stdin(text, &[])
            .1
            .into_iter()
            .filter(|(found, ..)| found == rule)
            .map(|(_, line, ..)| line)
            .collect()
    };
    // The task's text names the same years as its deadline cell.
    let deadline_line = line_of(&text, "2022 - 2023");
    let edited = text.replacen(
        "mở theo lộ trình. \n",
        "mở theo lộ trình 2022 - 2023. \n",
        1,
    );
    assert_ne!(edited, text);
    assert_eq!(findings(&edited, "past-deadline"), vec![deadline_line]);
    // The task's text names the misspelt lead's opening words.
    let lead_line = line_of(&text, "Sở Thông tin");
    let edited = text
        .replacen(
            "đổi Danh mục cơ sở dữ liệu \n",
            "đổi cùng Sở Thông tin Danh mục cơ sở dữ liệu \n",
            1,
        )
        .replacen("\nthông \n", "\nthong \n", 1);
    assert_eq!(edited.matches("thong \n").count(), 1);
    assert_eq!(findings(&edited, "unknown-agency"), vec![lead_line]);
    // The task names the second body of the support cell ("Sở Nội vụ, Sở Tài chánh").
    let task = "Ban hành Danh mục dữ liệu \nlớn và Kế hoạch phát triển dữ \n";
    let at = text.find(task).unwrap();
    let (before, after) = text.split_at(at);
    let edited = format!(
        "{before}{}",
        after
            .replacen(
                task,
                "Ban hành Danh mục dữ liệu lớn, phối hợp với Sở Tài chánh \nxây dựng Kế hoạch \
                 phát triển dữ \n",
                1
            )
            .replacen(
                "Các sở, ngành, \nđịa phương \n",
                "Sở Nội vụ, Sở Tài chánh \n",
                1
            )
    );
    let support_line = line_of(&edited, "Sở Nội vụ, Sở Tài chánh");
    assert_eq!(findings(&edited, "unknown-agency"), vec![support_line]);
}

/// In `pdftotext -layout` text a row's lines hold every column side by side, and the task's
/// later lines may name the deadline's year or the lead body again: a cell finding points at the
/// line where the cell starts, found where a column starts (after a wide gap), and a lead
/// wrapped onto the row's next line is found by its opening words.
#[test]
fn a_cell_finding_in_layout_text_points_at_the_cells_column() {
    let findings = |file: &str| -> Vec<(String, u64)> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/drafts/layout")
            .join(file);
        check_stdin(&std::fs::read_to_string(path).unwrap(), &[])
            .1
            .into_iter()
            .filter(|(rule, ..)| rule == "past-deadline" || rule == "unknown-agency")
            .map(|(rule, line, ..)| (rule, line))
            .collect()
    };
    assert_eq!(
        findings("task-text-names-the-cells.txt"),
        [
            ("past-deadline".to_string(), 101),
            ("unknown-agency".to_string(), 104)
        ]
    );
    assert_eq!(
        findings("wrapped-lead.txt"),
        [
            ("unknown-agency".to_string(), 105),
            ("unknown-agency".to_string(), 107)
        ]
    );
}

/// `--format jsonl` gives one report a line whatever the number of drafts, where `json` gives
/// an object for one draft and an array for several: the same lines either way.
#[test]
fn jsonl_gives_one_report_a_line_for_one_draft_or_many() {
    let run = |drafts: &[&str]| {
        let output = plandoc()
            .args(["check", "--format", "jsonl", "--no-config"])
            .args(drafts)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{drafts:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let one = run(&[DEFECT]);
    let both = run(&[DEFECT, CLEAN]);
    assert_eq!(one.lines().count(), 1);
    assert_eq!(both.lines().count(), 2);
    assert_eq!(both.lines().next(), one.lines().next());
    for line in both.lines() {
        let report: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(report["schema"], "plandoc/check@1");
    }
    let json = plandoc()
        .args(["check", "--format", "json", "--no-config", DEFECT])
        .output()
        .unwrap();
    let object: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let line: serde_json::Value = serde_json::from_str(one.trim_end()).unwrap();
    assert_eq!(object, line);
}

#[test]
fn one_unreadable_draft_still_gets_its_ci_report() {
    // The upload step after `check … || true` needs the file, or it fails on its own.
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("placeholder.txt");
    std::fs::write(&empty, "").unwrap();
    let sarif = dir.path().join("report.sarif");
    let output = plandoc()
        .args(["check", empty.to_str().unwrap(), "--no-config"])
        .args(["--format", "sarif", "-o", sarif.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&sarif).unwrap()).unwrap();
    let notification = &report["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    assert!(
        notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .is_some_and(|uri| uri.ends_with("placeholder.txt")),
        "{report}"
    );
    let output = plandoc()
        .args(["check", empty.to_str().unwrap(), "--no-config"])
        .args(["--format", "github"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let annotations = String::from_utf8_lossy(&output.stdout);
    assert!(annotations.contains("title=unreadable::"), "{annotations}");
}

#[test]
fn a_baseline_is_decoded_as_itself_whatever_the_drafts_encoding() {
    // A Windows-1258 draft below a UTF-8 baseline: --encoding is the draft's, and the
    // baseline, decoded as its own, still holds the target the draft falls below.
    let dir = tempfile::tempdir().unwrap();
    let utf8 = std::fs::read_to_string("fixtures/drafts/defects/below-baseline-plan.txt").unwrap();
    let draft = dir.path().join("draft-1258.txt");
    let encoded = plandoc::read::encode_legacy(&utf8, plandoc::read::Encoding::Windows1258);
    std::fs::write(&draft, &encoded).unwrap();
    let baseline = "fixtures/drafts/clean/plain-2026.txt";
    let findings = |extra: &[&str]| {
        let mut args = vec![draft.to_str().unwrap(), "--baseline", baseline];
        args.extend(extra);
        rules_of(&args)
            .iter()
            .filter(|rule| *rule == "target-below-baseline")
            .count()
    };
    let detected = findings(&[]);
    assert!(detected >= 1);
    assert_eq!(findings(&["--encoding", "windows-1258"]), detected);
}

#[test]
fn a_baseline_with_no_target_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "Ghi chú cuộc họp\n\nCác đơn vị báo cáo tiến độ.\n").unwrap();
    let output = plandoc()
        .args(["check", CLEAN, "--no-config", "--baseline"])
        .arg(&notes)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("notes.txt: no percentage target found in this baseline"),
        "{stderr}"
    );
}

#[test]
fn damage_in_a_utf16_draft_is_reported_as_in_utf8() {
    // Notepad's "Unicode" is UTF-16: the reader repairs the damage there too, and the rule must
    // still see the file as written.
    let dir = tempfile::tempdir().unwrap();
    for fixture in [
        "fixtures/drafts/defects/encoding-tcvn3.md",
        "fixtures/drafts/defects/encoding-vni.txt",
    ] {
        let text = std::fs::read_to_string(fixture).unwrap();
        for (name, big_endian) in [("le", false), ("be", true)] {
            let path = dir
                .path()
                .join(format!("{name}-{}", fixture.rsplit('/').next().unwrap()));
            std::fs::write(&path, common::utf16_with_bom(&text, big_endian)).unwrap();
            let rules = rules_of(&[path.to_str().unwrap()]);
            assert!(
                rules.iter().any(|r| r == "encoding-damage"),
                "{path:?}: {rules:?}"
            );
        }
    }
}

#[test]
fn damage_is_shown_as_the_file_holds_it() {
    // The reader repairs the VNI fragment; the author must fix what the file holds.
    let output = plandoc()
        .args(["check", "--no-config", "--color", "never"])
        .arg("fixtures/drafts/defects/encoding-vni.txt")
        .output()
        .unwrap();
    let human = String::from_utf8_lossy(&output.stdout);
    let file = std::fs::read_to_string("fixtures/drafts/defects/encoding-vni.txt").unwrap();
    let damaged = file.lines().find(|l| l.contains("möu")).unwrap();
    assert!(human.contains(&format!("| {damaged}")), "{human}");
    // SARIF: columns mark the first line, so the region ends on it.
    let output = plandoc()
        .args(["check", "--no-config", "--format", "sarif"])
        .args(["fixtures/drafts/defects/encoding-vni.txt", DEFECT])
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for result in sarif["runs"][0]["results"].as_array().unwrap() {
        let region = &result["locations"][0]["physicalLocation"]["region"];
        if region.get("startColumn").is_some() {
            assert_eq!(region["endLine"], region["startLine"], "{region}");
        }
    }
}

/// A missing lead is reported under the name the draft gives its lead column ("Đơn vị thực
/// hiện", "Đơn vị chủ trì"), not one the draft does not print.
#[test]
fn a_missing_lead_names_the_drafts_own_column() {
    let draft =
        std::fs::read_to_string("fixtures/drafts/probe/missing-lead-named-column.txt").unwrap();
    let header = "TT\tNhiệm vụ\tĐơn vị thực hiện\tSản phẩm\tThời gian";
    assert!(draft.contains(header));
    for (column, printed) in [
        ("Đơn vị thực hiện", header.to_string()),
        (
            "Đơn vị chủ trì",
            "TT\tNhiệm vụ\tĐơn vị chủ trì\tSản phẩm\tThời gian".to_string(),
        ),
        (
            "Cơ quan, đơn vị thực hiện",
            "TT\tNhiệm vụ\tCơ quan, đơn vị thực hiện\tSản phẩm\tThời gian".to_string(),
        ),
        (
            "Cơ quan chủ trì",
            "TT\tNhiệm vụ\tCơ quan chủ trì\tSản phẩm\tThời gian".to_string(),
        ),
    ] {
        let (_, found) = check_stdin(&draft.replacen(header, &printed, 1), &[]);
        let messages: Vec<&str> = found
            .iter()
            .filter(|(rule, ..)| rule == "missing-lead")
            .map(|(_, _, message, _)| message.as_str())
            .collect();
        assert_eq!(
            messages,
            [format!("task 2 has no lead body (\"{column}\" is empty)")],
            "{column}"
        );
    }
}

#[test]
fn a_placeholder_lead_is_a_missing_lead() {
    let clean = std::fs::read_to_string("fixtures/drafts/clean/markdown-2024.md").unwrap();
    let row = clean
        .lines()
        .find(|l| l.starts_with("| 1 |"))
        .expect("a numbered row");
    let cells: Vec<&str> = row.split('|').collect();
    for placeholder in ["-", "…", "..."] {
        let mut edited = cells.clone();
        let lead = format!(" {placeholder} ");
        edited[3] = &lead;
        let draft = clean.replacen(row, &edited.join("|"), 1);
        let (status, found) = check_stdin(&draft, &[]);
        assert_eq!(status, 1, "{placeholder}: {found:?}");
        assert!(
            found.iter().any(|(rule, ..)| rule == "missing-lead"),
            "{placeholder}: {found:?}"
        );
    }
    // A ditto mark repeats the body above: no finding.
    for ditto in ["\"", "〃"] {
        let mut edited = cells.clone();
        let lead = format!(" {ditto} ");
        edited[3] = &lead;
        let draft = clean.replacen(row, &edited.join("|"), 1);
        let (_, found) = check_stdin(&draft, &[]);
        assert!(
            !found.iter().any(|(rule, ..)| rule == "missing-lead"),
            "{ditto}: {found:?}"
        );
    }
}

#[test]
fn a_name_typed_without_marks_is_a_misspelling_of_the_marked_one() {
    let clean = std::fs::read_to_string("fixtures/drafts/clean/markdown-2024.md").unwrap();
    let known = "| Sở Thông tin và Truyền thông |";
    assert!(clean.contains(known));
    let draft = clean.replacen(known, "| So Thong tin va Truyen thong |", 1);
    let (_, found) = check_stdin(&draft, &[]);
    assert!(
        found
            .iter()
            .any(|(rule, _, message, suggestion)| rule == "unknown-agency"
                && message.contains("So Thong tin va Truyen thong")
                && suggestion.contains("\"Sở Thông tin và Truyền thông\"")),
        "{found:?}"
    );
}

#[test]
fn a_decomposed_draft_is_shown_composed_with_its_marks_in_place() {
    use unicode_normalization::UnicodeNormalization;
    let text = std::fs::read_to_string(DEFECT).unwrap();
    // Trailing white space, which the reader drops, does not make the line another text.
    let decomposed: String = text.replace('\n', " \n").nfd().collect();
    let composed = plandoc()
        .args(["check", "-", "--no-config", "--color", "never"])
        .write_stdin(text.as_str())
        .output()
        .unwrap();
    let output = plandoc()
        .args(["check", "-", "--no-config", "--color", "never"])
        .write_stdin(decomposed.as_str())
        .output()
        .unwrap();
    // The same report, character for character: a decomposed letter is one column.
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&composed.stdout)
    );
}

/// The (rule, severity) of every diagnostic and the exit status of `check --format jsonl`.
fn levels_of(args: &[&str]) -> (i32, Vec<(String, String)>) {
    let output = plandoc()
        .args(["check", "--format", "jsonl"])
        .args(args)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let levels = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (output.status.code().unwrap(), levels)
}

/// plandoc lowers a finding that rests on a guess (here: a part that most, not all, issued
/// plans have) by one level; a severity the user sets, on the command line or in
/// `plandoc.toml`, is final, so a CI job can make such findings fail the build.
#[test]
fn a_severity_the_user_sets_is_final() {
    const DRAFT: &str = "seeds/kon-tum-nq03.txt";
    let level = |levels: &[(String, String)], rule: &str| {
        levels
            .iter()
            .find(|(r, _)| r == rule)
            .map(|(_, s)| s.clone())
            .unwrap_or_else(|| panic!("no {rule} in {levels:?}"))
    };
    let (status, levels) = levels_of(&["--no-config", DRAFT]);
    assert_eq!(level(&levels, "missing-section"), "warning", "lowered");
    assert_eq!(status, 0);

    let (status, levels) =
        levels_of(&["--no-config", "--severity", "missing-section=error", DRAFT]);
    assert_eq!(level(&levels, "missing-section"), "error");
    assert_eq!(status, 1);
    let (_, levels) = levels_of(&[
        "--no-config",
        "--severity",
        "missing-section=warning",
        DRAFT,
    ]);
    assert_eq!(level(&levels, "missing-section"), "warning", "not info");

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("plandoc.toml");
    std::fs::write(&config, "[check.severity]\nmissing-section = \"error\"\n").unwrap();
    let config = config.to_str().unwrap();
    let (status, levels) = levels_of(&["--config", config, DRAFT]);
    assert_eq!(level(&levels, "missing-section"), "error");
    assert_eq!(status, 1);
    // Rules left at their default keep plandoc's lowering.
    let (_, levels) = levels_of(&["--no-config", "--severity", "past-deadline=error", DRAFT]);
    assert_eq!(level(&levels, "missing-section"), "warning");
}

/// A misspelt rule name is refused with the name it is closest to, from the command line and
/// from `plandoc.toml` alike.
#[test]
fn a_misspelt_rule_is_refused_with_the_closest_name() {
    let draft = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/drafts/clean/plain-2026.txt");
    let output = Command::cargo_bin("plandoc")
        .unwrap()
        .args(["check", "--no-config", "--disable", "numbering-gapp"])
        .arg(&draft)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("unknown rule 'numbering-gapp'; did you mean 'numbering-gap'?"),
        "{stderr}"
    );
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("plandoc.toml");
    std::fs::write(&config, "[check]\ndisable = [\"mising-lead\"]\n").unwrap();
    let output = Command::cargo_bin("plandoc")
        .unwrap()
        .args(["check", "--config"])
        .arg(&config)
        .arg(&draft)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("did you mean 'missing-lead'?"), "{stderr}");
}

/// A folder of drafts in CI: a draft it cannot read (a link leading nowhere) is named and makes
/// the status 2, it is not passed over; an empty folder among the drafts still lets the others be
/// checked and the SARIF be written, naming the folder; a file named twice is checked once.
#[cfg(unix)]
#[test]
fn a_folder_of_drafts_hides_no_unreadable_draft_and_a_file_is_checked_once() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = dir.path().join("drafts");
    std::fs::create_dir_all(&drafts).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(CLEAN),
        drafts.join("a.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink("nowhere.txt", drafts.join("broken.txt")).unwrap();
    let output = Command::cargo_bin("plandoc")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "drafts", "--format", "github", "--no-config"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(2), "{stdout}");
    assert!(
        stdout.contains(
            "::error file=drafts/broken.txt,title=unreadable::cannot read the draft: a symbolic \
             link to no file"
        ),
        "{stdout}"
    );
    // A link to a pipe is no draft: reading it would wait for a writer for ever.
    let pipe = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .is_ok_and(|s| s.success());
    if made {
        std::os::unix::fs::symlink(&pipe, drafts.join("pipe.txt")).unwrap();
        let output = Command::cargo_bin("plandoc")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", "drafts", "--format", "jsonl", "--no-config"])
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(!stdout.contains("pipe.txt"), "{stdout}");
        // a.txt's report, and broken.txt's with why it could not be read.
        assert_eq!(stdout.lines().count(), 2, "{stdout}");
        assert!(
            stdout.contains("\"path\":\"drafts/broken.txt\"") && stdout.contains("\"error\":"),
            "{stdout}"
        );
        std::fs::remove_file(drafts.join("pipe.txt")).unwrap();
    }

    std::fs::remove_file(drafts.join("broken.txt")).unwrap();
    std::fs::create_dir_all(dir.path().join("empty")).unwrap();
    let output = Command::cargo_bin("plandoc")
        .unwrap()
        .current_dir(dir.path())
        .args([
            "check",
            "empty",
            "drafts",
            "--format",
            "sarif",
            "-o",
            "report.sarif",
        ])
        .args(["--no-config"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("report.sarif")).unwrap()).unwrap();
    let run = &sarif["runs"][0];
    let notes = run["invocations"][0]["toolExecutionNotifications"].to_string();
    assert!(notes.contains("a folder with no plan file"), "{notes}");
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);

    let output = Command::cargo_bin("plandoc")
        .unwrap()
        .current_dir(dir.path())
        .args([
            "check",
            "drafts/a.txt",
            "./drafts/a.txt",
            "drafts",
            "--format",
            "jsonl",
        ])
        .args(["--no-config"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
}

/// A body named in quotes in prose, the closing quote right after the name, is that body: not
/// a misspelt one ("Sở Khoa học và Công nghệ"" is not a known body).
#[test]
fn a_quoted_body_name_is_read_without_its_quotes() {
    let clean = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(CLEAN)).unwrap();
    let mut lines: Vec<&str> = clean.lines().collect();
    let at = lines.len().min(20);
    lines.insert(
        at,
        "- Lead \"same body: Sở Thông tin và Truyền thông → Sở Khoa học và Công nghệ\"; 2024.",
    );
    let (_, findings) = check_stdin(&(lines.join("\n") + "\n"), &[]);
    let misread: Vec<_> = findings
        .iter()
        .filter(|(rule, _, message, _)| rule == "unknown-agency" && message.contains("not a known"))
        .collect();
    assert!(misread.is_empty(), "{misread:?}");
}

/// A note after a body ("(chủ trì)") does not hide that the body no longer exists, and a known
/// body with a note is not taken for an unknown one.
#[test]
fn a_body_with_a_note_is_judged_as_the_body() {
    let clean = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(CLEAN)).unwrap();
    let drafted = clean
        .replace(
            "3.3\tXây dựng cơ sở dữ liệu ngành y tế\tSở Y tế\t",
            "3.3\tXây dựng cơ sở dữ liệu ngành y tế\tSở Y tế (cơ quan thường trực)\t",
        )
        .replace(
            "1.3\tRà soát danh mục cơ sở dữ liệu, dữ liệu mở của tỉnh\tVăn phòng UBND tỉnh\t",
            "1.3\tRà soát danh mục cơ sở dữ liệu, dữ liệu mở của tỉnh\tSở TT&TT (chủ trì, tổng hợp)\t",
        );
    assert_ne!(
        drafted, clean,
        "the fixture still has the rows this test edits"
    );
    let (_, findings) = check_stdin(&drafted, &[]);
    let agencies: Vec<_> = findings
        .iter()
        .filter(|(rule, ..)| rule == "unknown-agency")
        .collect();
    assert_eq!(agencies.len(), 1, "{agencies:?}");
    let (_, line, message, suggestion) = agencies[0];
    assert!(
        message.contains("\"Sở TT&TT (chủ trì, tổng hợp)\" no longer exists"),
        "{message}"
    );
    assert!(
        suggestion.contains("Sở Khoa học và Công nghệ"),
        "{suggestion}"
    );
    let row_line = drafted
        .lines()
        .position(|l| l.starts_with("1.3\t"))
        .unwrap() as u64
        + 1;
    assert_eq!(*line, row_line);
}

/// The line that numbers a table's columns under its header ("1 2 3 4 5") is not a first row
/// "1" that the real row 1 repeats.
#[test]
fn the_line_numbering_the_columns_is_no_duplicate_row() {
    let clean = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(CLEAN)).unwrap();
    let header = "TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian thực hiện\n";
    assert!(clean.contains(header), "the fixture still has this header");
    for numbers in ["1\t2\t3\t4\t5\n", "(1)\t(2)\t(3)\t(4)\t(5)\n"] {
        let drafted = clean.replace(header, &format!("{header}{numbers}"));
        let (status, findings) = check_stdin(&drafted, &[]);
        assert_eq!(status, 0, "{numbers:?}: {findings:?}");
        let numbering: Vec<_> = findings
            .iter()
            .filter(|(rule, ..)| rule.starts_with("numbering") || rule == "missing-lead")
            .collect();
        assert!(numbering.is_empty(), "{numbers:?}: {numbering:?}");
    }
}

/// Bodies spelt as plans spell them: the new department abbreviated is known (not "did you mean"
/// the department it replaced), and an abolished body is named so under any dash or level word.
#[test]
fn bodies_spelt_otherwise_are_judged_as_the_body() {
    let clean = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(CLEAN)).unwrap();
    let drafted = clean
        .replace(
            "Xây dựng cơ sở dữ liệu đất đai của tỉnh\tSở Nông nghiệp và Môi trường\t",
            "Xây dựng cơ sở dữ liệu đất đai của tỉnh\tSở NN&MT\t",
        )
        .replace(
            "Xây dựng cơ sở dữ liệu ngành y tế\tSở Y tế\t",
            "Xây dựng cơ sở dữ liệu ngành y tế\tSở Lao động – Thương binh và Xã hội\t",
        )
        .replace(
            "Rà soát danh mục cơ sở dữ liệu, dữ liệu mở của tỉnh\tVăn phòng UBND tỉnh\t",
            "Rà soát danh mục cơ sở dữ liệu, dữ liệu mở của tỉnh\tUBND cấp huyện\t",
        );
    assert_eq!(
        drafted.matches("NN&MT").count(),
        1,
        "the fixture still has the rows"
    );
    let (_, findings) = check_stdin(&drafted, &[]);
    let mut agencies: Vec<(String, String)> = findings
        .into_iter()
        .filter(|(rule, ..)| rule == "unknown-agency")
        .map(|(_, _, message, suggestion)| (message, suggestion))
        .collect();
    agencies.sort();
    assert_eq!(
        agencies,
        [
            (
                "\"Sở Lao động – Thương binh và Xã hội\" no longer exists after the 2025 reorganization".to_string(),
                "its work passed to \"Sở Nội vụ\"".to_string()
            ),
            (
                "\"UBND cấp huyện\" no longer exists after the 2025 reorganization".to_string(),
                "its work passed to \"Ủy ban nhân dân cấp xã\"".to_string()
            ),
        ]
    );
}

/// Without `--format`, the report file's name chooses the format, so a CI step that uploads
/// `plandoc.sarif` gets SARIF; a name and a `--format` that disagree are refused before
/// anything is written.
#[test]
fn the_output_name_chooses_the_format() {
    let dir = tempfile::tempdir().unwrap();
    for (name, starts) in [
        (
            "plandoc.sarif",
            "{\n  \"$schema\": \"https://docs.oasis-open.org/sarif",
        ),
        (
            "report.sarif.json",
            "{\n  \"$schema\": \"https://docs.oasis-open.org/sarif",
        ),
        ("report.json", "{\n  \"schema\": \"plandoc/check@1\""),
        ("report.jsonl", "{\"schema\":\"plandoc/check@1\""),
        ("report.txt", "error[numbering-duplicate]"),
    ] {
        let out = dir.path().join(name);
        let status = plandoc()
            .args(["check", DEFECT, "--no-config", "-o"])
            .arg(&out)
            .output()
            .unwrap()
            .status;
        assert_eq!(status.code(), Some(1), "{name}");
        let written = std::fs::read_to_string(&out).unwrap();
        assert!(written.starts_with(starts), "{name}: {written}");
    }
    // SARIF is JSON: `results.json` is a usual name for it.
    let out = dir.path().join("results.json");
    let status = plandoc()
        .args(["check", DEFECT, "--no-config", "--format", "sarif", "-o"])
        .arg(&out)
        .output()
        .unwrap()
        .status;
    assert_eq!(status.code(), Some(1));
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("\"$schema\""), "{written}");
    let out = dir.path().join("clash.sarif");
    let output = plandoc()
        .args(["check", DEFECT, "--no-config", "--format", "json", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(!out.exists());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("the name says sarif but --format is json"),
        "{stderr}"
    );
}

/// JSON Lines promises one line for each draft given: also for one draft that cannot be read.
#[test]
fn jsonl_has_a_line_for_a_lone_unreadable_draft() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let output = plandoc()
        .args(["check", "--no-config", "--format", "jsonl"])
        .arg(&empty)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["error"], "file is empty");
    assert_eq!(report["path"], empty.display().to_string());
}

/// Reports keep the order the drafts were given, a folder that holds no plan among them.
#[test]
fn an_unreadable_folder_keeps_its_place_among_the_reports() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let output = plandoc()
        .args(["check", "--no-config", "--format", "jsonl", CLEAN])
        .arg(&empty)
        .arg(DEFECT)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let paths: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let report: serde_json::Value = serde_json::from_str(line).unwrap();
            report["path"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(
        paths,
        [
            CLEAN.to_string(),
            empty.display().to_string(),
            DEFECT.to_string()
        ]
    );
}

/// At most 1,000 findings of a rule are listed for a draft; the rest are counted in `errors`
/// and summed up in one info finding after the last listed one.
#[test]
fn a_rule_lists_at_most_a_thousand_findings() {
    let clean = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(CLEAN)).unwrap();
    let header = "TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian thực hiện\n";
    let at = clean.find(header).expect("the table header") + header.len();
    let rows =
        "1\tRà soát quy định về dữ liệu\tSở Tư pháp\tCác sở, ban, ngành\tNăm 2026\n".repeat(1_202);
    let text = format!("{}{rows}", &clean[..at]);
    let output = plandoc()
        .args(["check", "-", "--format", "json", "--no-config"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let duplicates: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "numbering-duplicate")
        .collect();
    let (listed, summary): (Vec<&serde_json::Value>, Vec<&serde_json::Value>) = duplicates
        .into_iter()
        .partition(|d| d["severity"] == "error");
    assert_eq!(listed.len(), 1000);
    assert_eq!(summary.len(), 1, "{summary:?}");
    let message = summary[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("201 more numbering-duplicate findings"),
        "{message}"
    );
    // Every duplicate is counted, listed or not.
    assert_eq!(report["errors"], 1201, "{}", report["errors"]);
}

/// A draft's target is held to every baseline: one that asks less, given with one that asks
/// more, in either order, hides nothing.
#[test]
fn a_weaker_baseline_does_not_hide_a_stronger_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let below = |baselines: &[&str]| -> usize {
        let mut command = plandoc();
        command
            .args(["check", "--no-config", "--format", "json"])
            .arg(root.join("seeds/kon-tum-142.txt"));
        for baseline in baselines {
            command
                .arg("--baseline")
                .arg(root.join("seeds").join(baseline));
        }
        let output = command.output().unwrap();
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] == "target-below-baseline")
            .count()
    };
    let alone = below(&["dak-lak-142.txt"]);
    assert_eq!(alone, 2, "Kon Tum's 70% against Đắk Lắk's 80%");
    assert_eq!(below(&["dak-lak-142.txt", "gia-lai-142.txt"]), alone);
    assert_eq!(below(&["gia-lai-142.txt", "dak-lak-142.txt"]), alone);
}

/// A share of the province's product ("% GRDP") is held only to shares of the product: a
/// review of stop 51 found "20% GRDP" reported weaker than a baseline's "70% kinh tế số" (a
/// share of the digital economy), its real counterpart passed over.
#[test]
fn a_share_of_the_product_is_held_only_to_shares_of_the_product() {
    let dir = tempfile::tempdir().unwrap();
    let head =
        "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSố: 201/KH-UBND\nLâm Đồng, ngày 11 tháng 6 năm 2026\n\n\
                KẾ HOẠCH\nPhát triển kinh tế số\n\nI. MỤC TIÊU\n";
    let baseline = dir.path().join("baseline.txt");
    std::fs::write(
        &baseline,
        format!(
            "{head}- Đến năm 2030, kinh tế số các ngành, lĩnh vực chiếm tối thiểu 70% kinh tế số.\n\
             - Đến năm 2030, kinh tế số chiếm tỷ trọng tối thiểu 25% GRDP.\n\
             - Đến năm 2030, 80% dân số trưởng thành có tài khoản thanh toán điện tử.\n"
        ),
    )
    .unwrap();
    let baseline = baseline.to_str().unwrap();
    let below = |targets: &str| -> Vec<String> {
        let (_, found) = check_stdin(&format!("{head}{targets}"), &["--baseline", baseline]);
        with_rule(&found, "target-below-baseline")
            .map(|f| f.2.clone())
            .collect()
    };
    let found = below("- Đến năm 2030, kinh tế số chiếm tỷ trọng 20% GRDP.\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("weaker than ≥ 25%"), "{found:?}");
    assert_eq!(
        below("- Đến năm 2030, kinh tế số chiếm tỷ trọng 30% GRDP.\n"),
        Vec::<String>::new()
    );
    // A table's unit cell that names what the share counts ("% dân số") is a plain share.
    let table = "\nPHỤ LỤC\nCHỈ TIÊU\n\
                 | TT | Chỉ tiêu | Đơn vị | Kết quả |\n|---|---|---|---|\n\
                 | 1 | Dân số trưởng thành có tài khoản thanh toán điện tử đến năm 2030 | % dân số | 60 |\n";
    let found = below(&format!("- Nâng cao kỹ năng số.\n{table}"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("80%"), "{found:?}");
}

/// A department whose duties went to different successors: the task says which one the hint
/// names, as `diff` does.
#[test]
fn an_abolished_lead_is_pointed_to_the_successor_of_its_task() {
    let draft = "ỦY BAN NHÂN DÂN TỈNH SƠN LA\nSố: 5/KH-UBND\nSơn La, ngày 10 tháng 3 năm 2026\n\n\
                 KẾ HOẠCH\nThử\n\nI. NHIỆM VỤ\nTại Phụ lục.\n\nPHỤ LỤC\n\n\
                 TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\n\
                 1\tSố hóa hồ sơ bảo trợ xã hội\tSở Lao động - Thương binh và Xã hội\tCông an tỉnh\tNăm 2026\n\
                 2\tCơ sở dữ liệu việc làm\tSở Lao động - Thương binh và Xã hội\tCông an tỉnh\tNăm 2026\n";
    let (_, found) = check_stdin(draft, &["--disable", "missing-section"]);
    let hints: Vec<&str> = found
        .iter()
        .filter(|(rule, ..)| rule == "unknown-agency")
        .map(|(_, _, _, suggestion)| suggestion.as_str())
        .collect();
    assert_eq!(
        hints,
        [
            "its work on bảo trợ xã hội passed to \"Sở Y tế\"",
            "its work passed to \"Sở Nội vụ\""
        ]
    );
}

/// The district people's committees, gone since 1 July 2025, in the spellings plans use: each
/// lead of a 2026 plan that names one is found, its work pointed to the communes (a review of
/// stop 51 found "UBND huyện" and "UBND các huyện, thị xã" passed as unknown names).
#[test]
fn district_committees_are_known_in_every_common_spelling() {
    let leads = [
        "UBND huyện",
        "Ủy ban nhân dân huyện",
        "UBND các huyện, thị xã",
        "UBND các huyện, thành phố, thị xã",
        "UBND cấp huyện",
        "UBND huyện, thị xã, thành phố",
        "Ủy ban nhân dân huyện, thị xã",
    ];
    let rows: String = leads
        .iter()
        .enumerate()
        .map(|(at, lead)| format!("{}\tSố hóa hồ sơ\t{lead}\tCông an tỉnh\tNăm 2026\n", at + 1))
        .collect();
    let draft = format!(
        "ỦY BAN NHÂN DÂN TỈNH SƠN LA\nSố: 5/KH-UBND\nSơn La, ngày 10 tháng 3 năm 2026\n\n\
         KẾ HOẠCH\nThử\n\nI. NHIỆM VỤ\nTại Phụ lục.\n\nPHỤ LỤC\n\n\
         TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\n{rows}"
    );
    let (_, found) = check_stdin(&draft, &["--disable", "missing-section"]);
    let abolished: Vec<(u64, &str)> = found
        .iter()
        .filter(|(rule, ..)| rule == "unknown-agency")
        .map(|(_, line, _, suggestion)| (*line, suggestion.as_str()))
        .collect();
    assert_eq!(abolished.len(), leads.len(), "{found:?}");
    for (at, (line, hint)) in abolished.iter().enumerate() {
        assert_eq!(*line, 14 + at as u64, "{found:?}");
        assert!(hint.contains("Ủy ban nhân dân cấp xã"), "{hint}");
    }
}

/// A number used three times: each repeat is told apart, and each hint renumbers it onwards.
#[test]
fn a_number_used_three_times_gets_hints_that_carry_on() {
    let draft = "KẾ HOẠCH\nThử\n\nI. MỤC TIÊU\nA.\nII. NHIỆM VỤ\nB.\nIII. GIẢI PHÁP\nC.\n\
                 IV. GIẢI PHÁP KHÁC\nD.\nIV. KINH PHÍ\nE.\nIV. TỔ CHỨC THỰC HIỆN\nF.\n";
    let (_, found) = check_stdin(draft, &["--disable", "missing-section"]);
    let duplicates: Vec<(u64, &str, &str)> = found
        .iter()
        .filter(|(rule, ..)| rule == "numbering-duplicate")
        .map(|(_, line, message, suggestion)| (*line, message.as_str(), suggestion.as_str()))
        .collect();
    assert_eq!(duplicates.len(), 2, "{found:?}");
    assert_eq!(duplicates[0].0, 12);
    assert!(duplicates[0].1.contains("is used twice"), "{duplicates:?}");
    assert_eq!(duplicates[0].2, "renumber it as \"V.\"");
    assert_eq!(duplicates[1].0, 14);
    assert!(
        duplicates[1].1.contains("is used 3 times"),
        "{duplicates:?}"
    );
    assert_eq!(duplicates[1].2, "renumber it as \"VI.\"");
}

/// A `--baseline` that cannot be read fails the run (exit 2), and the report a CI step uploads
/// is still written, naming it: no earlier run's SARIF file is left to be taken for this one's.
#[test]
fn an_unreadable_baseline_is_named_in_the_ci_report() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("plandoc.sarif");
    std::fs::write(&sarif, "an earlier run's report").unwrap();
    let draft = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/kon-tum-142.txt");
    let output = plandoc()
        .args(["check", "--no-config", "--baseline"])
        .arg(dir.path().join("missing.txt"))
        .arg(&draft)
        .arg("-o")
        .arg(&sarif)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    let notes = report["runs"][0]["invocations"][0]["toolExecutionNotifications"].to_string();
    assert!(notes.contains("cannot read the baseline"), "{notes}");
    assert!(notes.contains("given as --baseline"), "{notes}");
    // The human report is refused at once, as before.
    let human = plandoc()
        .args(["check", "--no-config", "--baseline"])
        .arg(dir.path().join("missing.txt"))
        .arg(&draft)
        .output()
        .unwrap();
    assert_eq!(human.status.code(), Some(2));
    assert!(human.stdout.is_empty());
}

/// A `plandoc.toml` found above the working folder is named on standard error, so a rule a
/// parent's file turned off is not a mystery; `-q` leaves the note out.
#[test]
fn a_config_found_by_looking_up_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("plandoc.toml"),
        "[check]\ndisable = [\"missing-section\"]\n",
    )
    .unwrap();
    let work = dir.path().join("drafts");
    std::fs::create_dir(&work).unwrap();
    let draft = Path::new(env!("CARGO_MANIFEST_DIR")).join(CLEAN);
    let run = |extra: &[&str]| {
        let output = Command::cargo_bin("plandoc")
            .unwrap()
            .current_dir(&work)
            .arg("check")
            .args(extra)
            .arg(&draft)
            .output()
            .unwrap();
        String::from_utf8(output.stderr).unwrap()
    };
    let said = run(&[]);
    assert!(
        said.contains("plandoc: note: rules set by ") && said.contains("plandoc.toml"),
        "{said}"
    );
    assert!(!run(&["-q"]).contains("rules set by"));
    assert!(!run(&["--no-config"]).contains("rules set by"));
}

/// Rows numbered anew under each group are named with their group: "task II.1", not "task 1"
/// twice.
#[test]
fn a_row_without_a_lead_is_named_with_its_group() {
    let draft = "KẾ HOẠCH\nThử\n\nI. NHIỆM VỤ\nTại Phụ lục.\n\nPHỤ LỤC\n\n\
                 TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\n\
                 I\tCHÍNH QUYỀN SỐ\n\
                 1\tNâng cấp cổng dịch vụ công\t\tCác sở, ngành\tNăm 2026\n\
                 II\tKINH TẾ SỐ\n\
                 1\tPhát triển thương mại điện tử\t\tCác sở, ngành\tNăm 2026\n";
    let (_, found) = check_stdin(draft, &["--disable", "missing-section"]);
    let messages: Vec<&str> = found
        .iter()
        .filter(|(rule, ..)| rule == "missing-lead")
        .map(|(_, _, message, _)| message.as_str())
        .collect();
    assert_eq!(messages.len(), 2, "{found:?}");
    assert!(
        messages[0].starts_with("task I.1 has no lead body"),
        "{messages:?}"
    );
    assert!(
        messages[1].starts_with("task II.1 has no lead body"),
        "{messages:?}"
    );
}

/// A baseline given as the JSON `plandoc parse` wrote (here with every non-ASCII letter written
/// as a `\u` escape, as `jq -a` or Python's `json.dump` save it) is read as that plan, as `diff`
/// reads it: the same findings as the document gives, naming the JSON and the document its
/// lines are of. Read as text, it passed the gate with no finding and no warning.
#[test]
fn a_baseline_given_as_plan_json_is_read_as_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let parsed = plandoc()
        .args(["parse", "seeds/dak-lak-142.txt", "-f", "json"])
        .output()
        .unwrap();
    assert!(parsed.status.success());
    let plan: serde_json::Value = serde_json::from_slice(&parsed.stdout).unwrap();
    let mut escaped = String::new();
    for c in serde_json::to_string(&plan).unwrap().chars() {
        if c.is_ascii() {
            escaped.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                escaped.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    let json = dir.path().join("dak-lak.json");
    std::fs::write(&json, escaped).unwrap();

    let run = |baseline: &Path| {
        plandoc()
            .args([
                "check",
                "seeds/kon-tum-142.txt",
                "--no-config",
                "-f",
                "json",
            ])
            .arg("--baseline")
            .arg(baseline)
            .output()
            .unwrap()
    };
    let below = |output: &std::process::Output| -> Vec<(u64, String)> {
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] == "target-below-baseline")
            .map(|d| {
                (
                    d["lines"][0].as_u64().unwrap(),
                    d["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let from_text = run(Path::new("seeds/dak-lak-142.txt"));
    let from_json = run(&json);
    assert_eq!(from_text.status.code(), Some(1));
    assert_eq!(from_json.status.code(), Some(1));
    let (text_findings, json_findings) = (below(&from_text), below(&from_json));
    assert!(!text_findings.is_empty());
    assert_eq!(
        text_findings.iter().map(|f| f.0).collect::<Vec<_>>(),
        json_findings.iter().map(|f| f.0).collect::<Vec<_>>()
    );
    for (_, message) in &json_findings {
        assert!(
            message.contains("dak-lak.json (read from seeds/dak-lak-142.txt) line"),
            "{message}"
        );
    }

    // The same bytes under another name, or on standard input, are the same plan: read by
    // what they are, not by the name's ending.
    let renamed = dir.path().join("dak-lak.json.bak");
    std::fs::copy(&json, &renamed).unwrap();
    assert_eq!(below(&run(&renamed)).len(), json_findings.len());
    let piped = plandoc()
        .args([
            "check",
            "seeds/kon-tum-142.txt",
            "--no-config",
            "-f",
            "json",
        ])
        .args(["--baseline", "-"])
        .write_stdin(std::fs::read(&json).unwrap())
        .output()
        .unwrap();
    assert_eq!(piped.status.code(), Some(1));
    assert_eq!(below(&piped).len(), json_findings.len());

    // JSON that is not a plan is refused, naming the file, as diff refuses it.
    let manifest = dir.path().join("not-a-plan.json");
    std::fs::write(
        &manifest,
        r#"{"schema": "plandoc/manifest@1", "inputs": []}"#,
    )
    .unwrap();
    let output = run(&manifest);
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("not-a-plan.json") && said.contains("plandoc/manifest@1"),
        "{said}"
    );
}

/// Plan JSON is read up to a limit (64 MiB), as documents are (256 MiB): a `.json` that is a
/// device gives a clear error, not an out-of-memory kill.
#[cfg(unix)]
#[test]
fn plan_json_without_end_is_refused_at_its_limit() {
    let dir = tempfile::tempdir().unwrap();
    let zero = dir.path().join("zero.json");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    for command in [
        vec![
            "diff".to_string(),
            zero.display().to_string(),
            "seeds/son-la-142.txt".into(),
        ],
        vec![
            "check".to_string(),
            "seeds/son-la-142.txt".into(),
            "--no-config".into(),
            "--baseline".into(),
            zero.display().to_string(),
        ],
    ] {
        let output = plandoc().args(&command).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{command:?}");
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(
            said.contains("zero.json") && said.contains("over the 64 MiB limit"),
            "{said}"
        );
    }
}

/// Whatever is named `plandoc.toml` nearest the current folder is the configuration: a link to
/// a missing file (a shared configuration not checked out), a folder or a pipe fails the run
/// (exit 2, naming it and how to do without it) instead of leaving the defaults, or a parent's
/// file, to set the rules in silence. A pipe is not waited on.
#[cfg(unix)]
#[test]
fn a_broken_plandoc_toml_nearby_is_an_error_not_skipped() {
    let draft = Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFECT);
    for kind in ["dangling link", "folder", "pipe"] {
        let dir = tempfile::tempdir().unwrap();
        let parent = dir.path();
        // A parent's configuration that would otherwise be used.
        std::fs::write(parent.join("plandoc.toml"), "[check]\n").unwrap();
        let here = parent.join("here");
        std::fs::create_dir(&here).unwrap();
        let config = here.join("plandoc.toml");
        match kind {
            "dangling link" => {
                std::os::unix::fs::symlink("../shared/plandoc.toml", &config).unwrap()
            }
            "folder" => std::fs::create_dir(&config).unwrap(),
            _ => {
                let made = std::process::Command::new("mkfifo").arg(&config).status();
                if !made.is_ok_and(|s| s.success()) {
                    eprintln!("skipped the pipe: mkfifo did not run");
                    continue;
                }
            }
        }
        let output = Command::cargo_bin("plandoc")
            .unwrap()
            .current_dir(&here)
            .arg("check")
            .arg(&draft)
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{kind}");
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(
            said.contains("plandoc.toml: cannot read config") && said.contains("--no-config"),
            "{kind}: {said}"
        );
    }
}

/// A configuration over 1 MiB is refused unread, and a TOML error quotes at most 200
/// characters of the offending line (it quoted all of it: 300 MB on standard error).
#[test]
fn a_huge_or_long_lined_config_gives_a_short_error() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.toml");
    std::fs::write(&huge, "#".repeat(2 * 1024 * 1024)).unwrap();
    let output = plandoc()
        .args(["check", DEFECT, "--config"])
        .arg(&huge)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("huge.toml") && said.contains("over the 1 MiB limit"),
        "{said}"
    );

    let long = dir.path().join("long.toml");
    std::fs::write(
        &long,
        format!("[check]\nenable = [\"{}", "x".repeat(500_000)),
    )
    .unwrap();
    let output = plandoc()
        .args(["check", DEFECT, "--config"])
        .arg(&long)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("long.toml: invalid config"), "{said}");
    assert!(said.len() < 5_000, "{} bytes on standard error", said.len());
}

/// One numbering slip is one finding whose hint, followed, makes the list whole (a CI review
/// of stop 47: a group "III." typed "IV." in a tab-separated appendix was a warning at the next
/// group, "renumber it as V.", exit 0; a row "1.3" typed "1.4" was a gap and a repeat whose
/// hints contradicted each other; a row pasted twice was told to take the next row's number).
#[test]
fn one_numbering_slip_is_one_finding_with_a_hint_that_mends_it() {
    for (fixture, rule, line, hint) in [
        (
            "group-out-of-turn-dak-lak-table.txt",
            "numbering-gap",
            241,
            "renumber it as \"III.\"",
        ),
        (
            "row-mistyped-dak-lak-table.txt",
            "numbering-gap",
            229,
            "renumber it as \"1.3\"",
        ),
        (
            "row-pasted-twice-dak-lak-table.txt",
            "numbering-duplicate",
            229,
            "remove it if it repeats the item above; if it is a new item, renumber it as \
             \"1.3\" and the items after it",
        ),
    ] {
        let text = std::fs::read_to_string(format!("fixtures/drafts/defects/{fixture}")).unwrap();
        let (status, found) = check_stdin(&text, &[]);
        let numbering: Vec<_> = found
            .iter()
            .filter(|(rule, ..)| rule.starts_with("numbering"))
            .collect();
        assert_eq!(numbering.len(), 1, "{fixture}: {found:?}");
        let (found_rule, found_line, _, suggestion) = numbering[0];
        assert_eq!(
            (found_rule.as_str(), *found_line),
            (rule, line),
            "{fixture}"
        );
        assert_eq!(suggestion, hint, "{fixture}");
        assert_eq!(status, 1, "{fixture}: an error, not a warning");
    }
}

/// A repository's drafts folder holds other files too: `--glob`/`--iglob` choose the drafts, as
/// in `convert` (a CI review of stop 47: its README.md and index.html failed the gate with
/// "no level-1 parts", and nothing could leave them out). A file named on the command line is
/// checked whatever its name; a pattern that matches nothing is warned about.
#[test]
fn glob_chooses_the_drafts_of_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = dir.path().join("drafts");
    std::fs::create_dir(&drafts).unwrap();
    std::fs::copy("seeds/dak-lak-142.txt", drafts.join("kh-dak-lak.txt")).unwrap();
    std::fs::write(
        drafts.join("README.md"),
        "# Drafts\n\nPut the drafts here.\n",
    )
    .unwrap();
    std::fs::write(
        drafts.join("index.html"),
        "<html><body><p>Index</p></body></html>\n",
    )
    .unwrap();
    let files_of = |output: &std::process::Output| -> Vec<String> {
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        json.as_array()
            .map(|reports| reports.iter().collect::<Vec<_>>())
            .unwrap_or_else(|| vec![&json])
            .iter()
            .map(|report| report["path"].as_str().unwrap().to_string())
            .collect()
    };
    let run = |extra: &[&str]| {
        plandoc()
            .current_dir(dir.path())
            .args(["check", "drafts", "--no-config", "--format", "json"])
            .args(extra)
            .output()
            .unwrap()
    };
    let all = run(&[]);
    assert_eq!(all.status.code(), Some(1), "{}", stderr_of(&all));
    assert_eq!(files_of(&all).len(), 3);
    for choice in [&["--glob", "*.txt"][..], &["--iglob", "KH-*.TXT"]] {
        let chosen = run(choice);
        assert_eq!(
            chosen.status.code(),
            Some(0),
            "{choice:?}: {}",
            stderr_of(&chosen)
        );
        assert_eq!(files_of(&chosen), ["drafts/kh-dak-lak.txt"], "{choice:?}");
    }
    let none = run(&["--glob", "*.docx"]);
    let said = stderr_of(&none);
    assert_eq!(none.status.code(), Some(2), "{said}");
    assert!(
        said.contains("warning: --glob '*.docx' matches no file"),
        "{said}"
    );
    assert!(
        said.contains("drafts: a folder with no file matching --glob '*.docx'"),
        "{said}"
    );
    let bad = run(&["--glob", ""]);
    assert_eq!(bad.status.code(), Some(2), "{}", stderr_of(&bad));
    // A folder whose name the pattern matches is no match (as in convert).
    std::fs::create_dir(drafts.join("sub-2025")).unwrap();
    std::fs::copy("seeds/son-la-142.txt", drafts.join("sub-2025/kh.txt")).unwrap();
    let folders = run(&["--glob", "sub*"]);
    let said = stderr_of(&folders);
    assert!(
        said.contains("warning: --glob 'sub*' matches no file"),
        "{said}"
    );
}

/// A table's first row number used again right before the next ("1, 1, 2"), where a group
/// heading is missing in a table whose rows restart in each group, is not told to go: the hint
/// names the heading (a review of stop 47: "remove it if it repeats the item above" would have
/// deleted a task).
#[test]
fn a_restarted_row_number_points_at_a_missing_group_heading() {
    let text =
        std::fs::read_to_string("fixtures/drafts/probe/group-heading-missing-gia-lai.txt").unwrap();
    let (_, found) = check_stdin(&text, &[]);
    let duplicate = found
        .iter()
        .find(|(rule, line, ..)| rule == "numbering-duplicate" && *line == 251)
        .unwrap_or_else(|| panic!("{found:?}"));
    assert!(
        duplicate
            .3
            .starts_with("if rows restart at \"1\" in each group, add the group heading"),
        "{duplicate:?}"
    );
}

/// The SARIF region of the first finding of `rule` that `check FILE` gives with `args`.
fn sarif_region(path: &std::path::Path, args: &[&str], rule: &str) -> serde_json::Value {
    let output = plandoc()
        .args(["check", "--no-config", "--format", "sarif"])
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == rule)
        .unwrap_or_else(|| panic!("{}: no {rule} in {sarif}", path.display()))["locations"][0]
        ["physicalLocation"]["region"]
        .clone()
}

/// A missing lead marks the row's number, the one thing of the row the empty cell can be
/// pointed at by; it marked the task's first 60 characters (a CI review of stop 47).
#[test]
fn a_missing_lead_marks_the_rows_number() {
    let region = sarif_region(
        std::path::Path::new("fixtures/drafts/defects/missing-lead-dak-lak.txt"),
        &[],
        "missing-lead",
    );
    let line = region["startLine"].as_u64().unwrap() as usize;
    let text = std::fs::read_to_string("fixtures/drafts/defects/missing-lead-dak-lak.txt").unwrap();
    let number = text
        .lines()
        .nth(line - 1)
        .unwrap()
        .split('\t')
        .next()
        .unwrap();
    assert_eq!(region["startColumn"], 1, "{region}");
    assert_eq!(
        region["endColumn"].as_u64().unwrap() as usize,
        number.chars().count() + 1,
        "{region}"
    );
}

/// A table numbered past 999: a number skipped there is a gap as below it, in cells and in text
/// wrapped over lines (until stop 49 rows from 1000 on were not seen, nor their gaps), and a
/// year alone on a line is no number of the table.
#[test]
fn a_gap_in_numbering_past_999_is_found() {
    let head =
        "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSố: 201/KH-UBND\n\nKẾ HOẠCH\nPhát triển kinh tế số\n\n\
                I. NHIỆM VỤ\nChi tiết tại Phụ lục.\n\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ\n\n";
    // Rows to 2030, so the time cells' "2026" alone on their lines come after row 2025 too.
    let numbers: Vec<usize> = (1..=1001).chain(1003..=2030).collect();
    let mut tabs = String::from("TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\n");
    let mut flowed = String::from("TT Nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời gian\n");
    // No table header the parser reads ("TT Nội dung"): `check` scans the appendix's lines.
    let mut lines = String::from("TT Nội dung\n");
    for i in &numbers {
        tabs += &format!("{i}\tRà soát danh mục số {i}\tSở Tư pháp\tCác sở\t2026\n");
        flowed += &format!("{i}\nRà soát danh mục số {i}\nSở Tư pháp\nCác sở\n2026\n");
        lines += &format!("{i} Rà soát danh mục số {i}\n");
    }
    for table in [tabs, flowed, lines] {
        let (_, found) = check_stdin(&format!("{head}{table}"), &[]);
        let numbering: Vec<&str> = found
            .iter()
            .filter(|f| f.0.starts_with("numbering"))
            .map(|f| f.2.as_str())
            .collect();
        assert_eq!(
            numbering,
            ["table numbering: \"1003\" follows \"1001\": \"1002\" is missing"]
        );
    }
}

/// "-" is standard input even where the working folder holds a broken symbolic link named "-":
/// the piped draft's reason is its own, not the link's.
#[cfg(unix)]
#[test]
fn standard_input_is_not_a_file_named_dash() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(dir.path().join("nowhere"), dir.path().join("-")).unwrap();
    let output = plandoc()
        .current_dir(dir.path())
        .args(["check", "-", "--no-config", "--format", "github"])
        .args(["--stdin-filename", "drafts/ke-hoach.txt"])
        .write_stdin(vec![0u8; 64])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    assert!(!stderr.contains("symbolic link"), "{stderr}");
    assert!(stderr.contains("drafts/ke-hoach.txt: "), "{stderr}");
}

/// A Word table's merged "Cơ quan thực hiện" exported as one cell, its parts on the header's
/// second line: the columns after it stand one place early on the first line. Read as they
/// stand, the support column took the timeframe's name and a row that lost a cell passed.
#[test]
fn a_lost_cell_is_found_under_a_merged_header_cell() {
    let text =
        "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSố: 201/KH-UBND\n\nKẾ HOẠCH\nPhát triển kinh tế số\n\n\
                I. NHIỆM VỤ\nChi tiết tại Phụ lục.\n\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ\n\n\
                TT\tNhiệm vụ\tCơ quan thực hiện\tThời gian thực hiện\n\
                \t\tChủ trì\tPhối hợp\n\
                1\tRà soát thủ tục\tSở Tư pháp\tCác sở\t2026\n\
                2\tĐào tạo kỹ năng số\tCác sở, ngành\tNăm 2027\n";
    let (status, found) = check_stdin(text, &[]);
    let shifted: Vec<(u64, &str)> = with_rule(&found, "table-cells-shifted")
        .map(|f| (f.1, f.3.as_str()))
        .collect();
    assert_eq!(
        shifted,
        [(
            16,
            "put the lost cell back (an empty cell keeps its separator) so that \"Năm 2027\" \
             stands under \"Thời gian thực hiện\""
        )],
        "{found:?}"
    );
    assert_eq!(status, 1);
}

/// A task row that lost a cell with its separator has its values one column early (the support
/// body under the lead, the timeframe under the support): found where a timeframe stands under
/// the lead or support column of a row shorter than its header. A row short only of trailing
/// empty cells (a line's end is trimmed), a row whose cells are all there, and a table whose
/// timeframe column comes before the bodies are no finding.
#[test]
fn a_row_that_lost_a_cell_with_its_separator_is_found() {
    let head =
        "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSố: 201/KH-UBND\n\nKẾ HOẠCH\nPhát triển kinh tế số\n\n\
                I. NHIỆM VỤ\nChi tiết tại Phụ lục.\n\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ\n\n";
    let tabs = "TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\n\
                1\tRà soát thủ tục\tSở Tư pháp\tCác sở\t2026\n\
                2\tSố hóa hồ sơ\tSở Nội vụ\n\
                3\tKết nối dữ liệu\t\t\tQuý II/2026\n\
                4\tCập nhật kiến trúc\tCác sở, ngành\t2026 - 2027\n\
                5\tĐào tạo kỹ năng số\tSở Giáo dục và Đào tạo\tHằng năm\n";
    let (status, found) = check_stdin(&format!("{head}{tabs}"), &[]);
    let shifted: Vec<(u64, &str)> = with_rule(&found, "table-cells-shifted")
        .map(|f| (f.1, f.2.as_str()))
        .collect();
    assert_eq!(
        shifted,
        [
            (
                17,
                "task 4 has 4 cells where its header has 5, and \"2026 - 2027\" under \"Cơ quan \
                 phối hợp\" is a timeframe: a cell was lost with its separator (or more than one), \
                 so the values after it stand under the wrong columns"
            ),
            (
                18,
                "task 5 has 4 cells where its header has 5, and \"Hằng năm\" under \"Cơ quan phối \
                 hợp\" is a timeframe: a cell was lost with its separator (or more than one), \
                 so the values after it stand under the wrong columns"
            ),
        ],
        "{found:?}"
    );
    assert_eq!(status, 1);
    let hint = &found
        .iter()
        .find(|f| f.0 == "table-cells-shifted")
        .unwrap()
        .3;
    assert!(
        hint.contains("\"2026 - 2027\" stands under \"Thời gian\""),
        "{hint}"
    );

    let pipes = "| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |\n\
                 |---|---|---|---|---|\n\
                 | 1 | Rà soát thủ tục | Sở Tư pháp | Các sở | 2026 |\n\
                 | 2 | Số hóa hồ sơ | Các sở | Thường xuyên |\n";
    let (_, found) = check_stdin(&format!("{head}{pipes}"), &[]);
    let lines: Vec<u64> = found
        .iter()
        .filter(|f| f.0 == "table-cells-shifted")
        .map(|f| f.1)
        .collect();
    assert_eq!(lines, [16], "{found:?}");

    let time_first = "TT\tNhiệm vụ\tThời gian\tCơ quan chủ trì\tCơ quan phối hợp\n\
                      1\tRà soát thủ tục\t2026\tSở Tư pháp\n\
                      2\tSố hóa hồ sơ\t2026\tSở Nội vụ\tCác sở\n";
    let (_, found) = check_stdin(&format!("{head}{time_first}"), &[]);
    assert!(
        found.iter().all(|f| f.0 != "table-cells-shifted"),
        "{found:?}"
    );

    // A review of stop 50: another table after the task table (its header names no lead) is
    // not read with the task table's columns; a column after the timeframe's, a column
    // between the bodies and the timeframe, a header over two lines, rows numbered "1)" and a
    // task table in the body hide no lost cell.
    let shifted_lines = |text: &str| -> Vec<u64> {
        let (_, found) = check_stdin(text, &[]);
        found
            .iter()
            .filter(|f| f.0 == "table-cells-shifted")
            .map(|f| f.1)
            .collect()
    };
    let second_table = format!(
        "{head}{tabs}\nDANH MỤC HỘI NGHỊ\nTT\tNội dung\tThời gian\n1\tHội nghị sơ kết\tQuý II/2026\n"
    );
    assert_eq!(shifted_lines(&second_table), [17, 18]);
    let product_after = "TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\tSản phẩm\n\
                         1\tRà soát thủ tục\tSở Tư pháp\tCác sở\t2026\tBáo cáo\n\
                         2\tCập nhật kiến trúc\tCác sở, ngành\t2026 - 2027\tKhung kiến trúc\n";
    assert_eq!(shifted_lines(&format!("{head}{product_after}")), [15]);
    let product_before = "TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tSản phẩm\tThời gian\n\
                          1\tRà soát thủ tục\tSở Tư pháp\tCác sở\tBáo cáo\t2026\n\
                          2\tCập nhật kiến trúc\tCác sở, ngành\tKhung kiến trúc\t2026 - 2027\n";
    assert_eq!(shifted_lines(&format!("{head}{product_before}")), [15]);
    let two_lines = "TT\tNhiệm vụ\tCơ quan thực hiện\t\tThời gian\n\t\tChủ trì\tPhối hợp\n\
                     1\tRà soát thủ tục\tSở Tư pháp\tCác sở\t2026\n\
                     2\tCập nhật kiến trúc\tCác sở, ngành\t2026 - 2027\n";
    assert_eq!(shifted_lines(&format!("{head}{two_lines}")), [16]);
    let parenthesised = tabs.replace("4\t", "4)\t");
    assert_eq!(shifted_lines(&format!("{head}{parenthesised}")), [17, 18]);
    let in_the_body = format!(
        "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSố: 201/KH-UBND\n\nKẾ HOẠCH\nPhát triển kinh tế số\n\n\
         I. NHIỆM VỤ\n{tabs}"
    );
    assert_eq!(shifted_lines(&in_the_body), [12, 13]);

    // The second review: a table with no number column after the task table ("Giai đoạn ⇥
    // Nội dung ⇥ Thời gian") is not read with its columns; a two-line header's first line
    // printed again alone after a page break keeps them; "Tiến độ thực hiện" names the
    // timeframe column; a numbered list typed with tabs in the body of a plan with appendices
    // is no table's rows.
    let no_number_column = format!(
        "{head}{tabs}\nLỘ TRÌNH\nGiai đoạn\tNội dung\tThời gian\n1\tGiai đoạn chuẩn bị\t2026 - 2027\n"
    );
    assert_eq!(shifted_lines(&no_number_column), [17, 18]);
    let repeated = format!(
        "{head}TT\tNhiệm vụ\tCơ quan thực hiện\t\tThời gian\n\t\tChủ trì\tPhối hợp\n\
         1\tRà soát thủ tục\tSở Tư pháp\tCác sở\t2026\n\
         TT\tNhiệm vụ\tCơ quan thực hiện\t\tThời gian\n\
         2\tCập nhật kiến trúc\tCác sở, ngành\t2026 - 2027\n"
    );
    assert_eq!(shifted_lines(&repeated), [17]);
    let progress = tabs.replace("\tThời gian\n", "\tTiến độ thực hiện\n");
    assert_eq!(shifted_lines(&format!("{head}{progress}")), [17, 18]);
    let body_list = format!(
        "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSố: 201/KH-UBND\n\nKẾ HOẠCH\nPhát triển kinh tế số\n\n\
         I. NHIỆM VỤ\n{tabs}\nII. TỔ CHỨC THỰC HIỆN\n1.\tThời gian thực hiện:\tNăm 2026\n\n\
         PHỤ LỤC\nDANH MỤC NHIỆM VỤ\n\n{tabs}"
    );
    assert_eq!(shifted_lines(&body_list), [25, 26]);
}

/// A finding's cell is marked where the cell stands, not at an earlier cell that opens with the
/// same words (the task "Hằng năm tổ chức …" before the timeframe "Hằng năm"), in a text's
/// cells and in an HTML source line's (a review of stop 50).
#[test]
fn the_cell_a_finding_names_is_marked_where_it_stands() {
    let dir = tempfile::tempdir().unwrap();
    let head = "KẾ HOẠCH\n\nI. NHIỆM VỤ\n\nPHỤ LỤC\n";
    let row = "2\tHằng năm tổ chức diễn tập\tCông an tỉnh\tHằng năm";
    let text = format!(
        "{head}TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\n\
         1\tRà soát thủ tục\tSở Tư pháp\tCác sở\t2026\n{row}\n"
    );
    let html = String::from(
        "<html><body><p>KẾ HOẠCH</p>\n<p>I. NHIỆM VỤ</p>\n<p>PHỤ LỤC</p>\n<table>\n\
         <tr><td>TT</td><td>Nhiệm vụ</td><td>Cơ quan chủ trì</td><td>Cơ quan phối hợp</td><td>Thời gian</td></tr>\n\
         <tr><td>1</td><td>Số hóa hồ sơ năm 2026</td><td>Sở Nội vụ</td><td>2026</td></tr>\n\
         </table></body></html>\n"
    );
    let csv = format!(
        "TT,Nhiệm vụ,Cơ quan chủ trì,Cơ quan phối hợp,Thời gian\n\
         1,Rà soát thủ tục,Sở Tư pháp,Các sở,2026\n{}\n",
        "2,\"Hằng năm diễn tập\",Công an tỉnh,Hằng năm"
    );
    for (name, content, line, cell, at) in [
        (
            "tabs.txt",
            text.as_str(),
            8,
            "Hằng năm",
            row.rfind("Hằng năm").unwrap(),
        ),
        ("table.csv", csv.as_str(), 3, "Hằng năm", {
            let line = csv.lines().nth(2).unwrap();
            line.rfind("Hằng năm").unwrap()
        }),
        ("page.html", html.as_str(), 6, "2026", {
            let line = html.lines().nth(5).unwrap();
            line.find(">2026<").unwrap() + 1
        }),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let region = sarif_region(
            &path,
            &["--disable", "missing-section"],
            "table-cells-shifted",
        );
        let source_line = content.lines().nth(line - 1).unwrap();
        let column = source_line[..at].chars().count() + 1;
        assert_eq!(region["startLine"], line, "{name}: {region}");
        assert_eq!(region["startColumn"], column, "{name}: {region}");
        assert_eq!(
            region["endColumn"],
            column + cell.chars().count(),
            "{name}: {region}"
        );
    }
}

/// `--list-rules` shows the level each rule reports at in this folder — plandoc.toml and the
/// flags applied — and the default beside a level that differs.
#[test]
fn the_rule_list_shows_the_levels_in_effect() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("plandoc.toml"),
        "[check]\ndisable = [\"encoding-damage\"]\n[check.severity]\nnumbering-gap = \"warning\"\n",
    )
    .unwrap();
    let listed = |args: &[&str]| -> Vec<(String, String, bool)> {
        let output = Command::cargo_bin("plandoc")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", "--list-rules"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
        String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .map(|line| {
                let mut words = line.split_whitespace();
                let rule = words.next().unwrap().to_string();
                let level = words.next().unwrap().to_string();
                (
                    rule,
                    level,
                    line.ends_with(')') && line.contains("(default: "),
                )
            })
            .collect()
    };
    let level_of = |list: &[(String, String, bool)], rule: &str| {
        list.iter()
            .find(|(name, ..)| name == rule)
            .map(|(_, level, changed)| (level.clone(), *changed))
            .unwrap()
    };
    let found = listed(&[]);
    assert_eq!(level_of(&found, "encoding-damage"), ("off".into(), true));
    assert_eq!(level_of(&found, "numbering-gap"), ("warning".into(), true));
    assert_eq!(level_of(&found, "missing-lead"), ("error".into(), false));
    // The flags come last; --no-config leaves the defaults.
    let found = listed(&[
        "--severity",
        "numbering-gap=info",
        "--disable",
        "missing-lead",
    ]);
    assert_eq!(level_of(&found, "numbering-gap"), ("info".into(), true));
    assert_eq!(level_of(&found, "missing-lead"), ("off".into(), true));
    let found = listed(&["--no-config"]);
    assert!(found.iter().all(|(_, _, changed)| !changed));
    assert_eq!(found.len(), plandoc::check::rules::RULES.len());
}

/// Sub-items numbered with another part's number — "2.2." among "1.1.", "1.3." under "1.", a
/// part's items copied from the part before, in the body and in a table's groups — are one
/// finding each, with the numbers they should have, and nothing else: the section parser reads
/// such an item as text of the one before, and "1.3." is not told that "1.2." is missing.
#[test]
fn a_sub_item_numbered_with_another_parts_number_is_found() {
    let body = "KẾ HOẠCH\n\nI. NHIỆM VỤ\n1. Hạ tầng\n1.1. Xây dựng đường.\n2.2. Xây dựng cầu.\n\
                1.3. Xây dựng cảng.\n2. Sản phẩm\n1.1. Văn hóa.\n1.2. Ẩm thực.\n";
    let (status, found) = check_stdin(body, &["--disable", "missing-section"]);
    assert_eq!(status, 1);
    let numbering: Vec<_> = found
        .iter()
        .filter(|f| f.0.starts_with("numbering"))
        .collect();
    assert_eq!(numbering.len(), 2, "{found:?}");
    assert_eq!(
        (numbering[0].1, numbering[0].3.as_str()),
        (6, "renumber it as \"1.2.\"")
    );
    assert_eq!(
        (numbering[1].1, numbering[1].3.as_str()),
        (9, "renumber them \"2.1.\" to \"2.2.\"")
    );
    let table = "KẾ HOẠCH\n\nPhụ lục\nTT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\n\
                 I\tNhóm hạ tầng\n1.1\tXây dựng đường\tSở Xây dựng\tCác sở\tNăm 2027\n\
                 1.2\tXây dựng cầu\tSở Xây dựng\tCác sở\tNăm 2027\n\
                 II\tNhóm quảng bá\n1.1\tQuảng bá\tSở Du lịch\tCác sở\tNăm 2027\n\
                 1.2\tHội chợ\tSở Du lịch\tCác sở\tNăm 2027\n";
    let (_, found) = check_stdin(table, &["--disable", "missing-section,missing-appendix"]);
    let numbering: Vec<_> = found
        .iter()
        .filter(|f| f.0.starts_with("numbering"))
        .collect();
    assert_eq!(numbering.len(), 1, "{found:?}");
    assert_eq!(
        (numbering[0].1, numbering[0].3.as_str()),
        (9, "renumber them \"2.1\" to \"2.2\"")
    );
}

/// The numbering findings of a body draft: (first line, suggestion).
fn numbering_hints(body: &str) -> Vec<(u64, String)> {
    let (_, found) = check_stdin(body, &["--disable", "missing-section"]);
    found
        .into_iter()
        .filter(|f| f.0.starts_with("numbering"))
        .map(|f| (f.1, f.3))
        .collect()
}

/// A list number typed more than two steps ahead is read by the section tree as text of the
/// item before; the draft is still told about it, on its own line: "g)" typed for "c)" (not
/// "d)", the right one, asked to become "c)"), a heading "6." typed for "2." after the list's
/// last item, "VI." for "III." between two parts, and letters that skip three ("a, b, e, g").
#[test]
fn a_list_number_typed_far_ahead_is_reported_where_it_stands() {
    let body = "KẾ HOẠCH\nChuyển đổi số năm 2026\n\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n\
                Triển khai hiệu quả.\n2. Yêu cầu\nBảo đảm đồng bộ.\n\n\
                II. MỤC TIÊU ĐẾN NĂM 2030\n1. Chính quyền số\na) 100% hồ sơ được số hóa.\n\
                b) Tối thiểu 80% dữ liệu được tái sử dụng.\n\
                g) Tối thiểu 70% cán bộ được đào tạo kỹ năng số.\n\
                d) 90% di sản văn hóa được số hóa.\n6. Kinh tế số\n\
                Hoàn thành 100% các bộ dữ liệu chuyên ngành.\n\n\
                VI. GIẢI PHÁP\nCác giải pháp.\nIV. TỔ CHỨC THỰC HIỆN\nCác sở, ngành triển khai.\n";
    assert_eq!(
        numbering_hints(body),
        vec![
            (14, "renumber it as \"c)\"".to_string()),
            (
                16,
                "renumber \"6.\" as \"2.\" (and the items after it), or add the missing item"
                    .to_string()
            ),
            (19, "renumber it as \"III.\"".to_string()),
        ]
    );
    let letters = "KẾ HOẠCH\n\nI. MỤC TIÊU\n1. Chính quyền số\na) Số hóa hồ sơ.\nb) Tái sử dụng.\n\
                   e) Đào tạo.\ng) Di sản.\nh) Thư viện.\n2. Kinh tế số\nPhát triển.\n";
    assert_eq!(
        numbering_hints(letters),
        vec![(
            7,
            "renumber \"e)\" as \"c)\" (and the items after it), or add the missing item"
                .to_string()
        )]
    );
    // Running text that opens with a number after a list's last item is no item when a
    // lowercase word follows the number.
    let running = "KẾ HOẠCH\n\nI. MỤC TIÊU\n1. Chính quyền số\na) Số hóa hồ sơ.\nb) Tái sử dụng,\n\
                   g) các bước còn lại.\n2. Kinh tế số\nPhát triển.\n";
    assert_eq!(numbering_hints(running), vec![]);
    // Nor when it goes on from a line cut mid-sentence, or has a number far from the one
    // wanted there: the list is judged without it, as before.
    let wrapped = "KẾ HOẠCH\n\nI. MỤC TIÊU\n1. Chính quyền số\nPhát triển.\n2. Kinh tế số\n\
                   Xây dựng các bộ dữ liệu, nâng tổng số bộ dữ liệu dùng chung lên\n\
                   25. Đây là nền tảng của kinh tế số.\n";
    assert_eq!(numbering_hints(wrapped), vec![]);
    let far = "KẾ HOẠCH\n\nI. MỤC TIÊU\n1. Chính quyền số\nPhát triển các nền tảng số.\n\
               25. Hạ tầng bảo đảm an toàn thông tin.\n3. Xã hội số\nPhổ cập kỹ năng số.\n";
    assert_eq!(
        numbering_hints(far),
        vec![(
            7,
            "renumber \"3.\" as \"2.\" (and the items after it), or add the missing item"
                .to_string()
        )]
    );
}

/// An enumeration that running text announces ("… các văn bản sau:" / "1. Đề án 06 …") starts
/// its own list: its numbers repeat the outer list's and are no duplicates of them (an
/// analyst's review of stop 53). A repeated number after a numbered heading that ends in ":"
/// is still a duplicate.
#[test]
fn an_enumeration_announced_by_running_text_repeats_no_number() {
    let body = "KẾ HOẠCH\n\nI. NHIỆM VỤ\n1. Xây dựng dữ liệu\nThực hiện theo Đề án.\n\
                2. Phát triển hạ tầng\nTriển khai theo các văn bản sau:\n\
                1. Đề án 06 của Chính phủ về dữ liệu dân cư.\n\
                2. Nghị quyết số 57 của Bộ Chính trị.\n\
                3. Phát triển nền tảng số\nTriển khai các nền tảng.\n\
                II. GIẢI PHÁP\nCác giải pháp.\n";
    assert_eq!(numbering_hints(body), vec![]);
    // An enumeration as long as the outer list: the outer list's "3." still goes on from its
    // "2.", and its "5." is still a gap.
    let long = body
        .replace(
            "2. Nghị quyết số 57 của Bộ Chính trị.\n",
            "2. Nghị quyết số 57 của Bộ Chính trị.\n3. Chỉ thị số 04 của Thủ tướng.\n",
        )
        .replace("3. Phát triển nền tảng số", "5. Phát triển nền tảng số");
    assert_eq!(
        numbering_hints(&long)
            .into_iter()
            .map(|(line, _)| line)
            .collect::<Vec<_>>(),
        vec![11]
    );
    // Under the outer list's first item, the enumeration's "2." and the outer "2." are no
    // repeats either (the review of the first version of this rule).
    let under_first = "KẾ HOẠCH\n\nI. NHIỆM VỤ\n1. Xây dựng dữ liệu\n\
                       Triển khai theo các văn bản sau:\n1. Đề án 06 của Chính phủ.\n\
                       2. Nghị quyết số 57 của Bộ Chính trị.\n2. Phát triển hạ tầng\n\
                       Triển khai các nền tảng.\nII. GIẢI PHÁP\nCác giải pháp.\n";
    assert_eq!(numbering_hints(under_first), vec![]);
    // A part's own list announced by its running text is the part's list, checked as such.
    let own_list = "KẾ HOẠCH\n\nI. NHIỆM VỤ\nCác nhiệm vụ như sau:\n1. Xây dựng dữ liệu.\n\
                    3. Phát triển hạ tầng.\nII. GIẢI PHÁP\nCác giải pháp.\n";
    assert_eq!(
        numbering_hints(own_list)
            .into_iter()
            .map(|(line, _)| line)
            .collect::<Vec<_>>(),
        vec![6]
    );
    let repeated = "KẾ HOẠCH\n\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích:\n1. Yêu cầu:\n\
                    Bảo đảm đồng bộ.\nII. GIẢI PHÁP\nCác giải pháp.\n";
    assert_eq!(
        numbering_hints(repeated)
            .into_iter()
            .map(|(line, _)| line)
            .collect::<Vec<_>>(),
        vec![5]
    );
}

/// A plan dated 11/06/2026 up to its task table's header: the rows under test follow.
const DATED_TASK_TABLE: &str =
    "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSố: 201/KH-UBND\nLâm Đồng, ngày 11 tháng 6 năm 2026\n\n\
     KẾ HOẠCH\nPhát triển kinh tế số năm 2026\n\nI. NHIỆM VỤ\nChi tiết tại Phụ lục.\n\n\
     PHỤ LỤC\nDANH MỤC NHIỆM VỤ\n\n\
     TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\n";

#[test]
fn old_quarter_spellings_are_quarters_and_a_collective_joined_by_and_is_known() {
    let table = format!(
        "{DATED_TASK_TABLE}\
                 1\tXây dựng kho dữ liệu\tSTC\tCác sở, ban, ngành và địa phương\tQuí 3/2026\n\
                 2\tSố hóa hồ sơ\tSở DT và TG\tSở Nội vụ\tQ3/2026\n\
                 3\tChuẩn hóa dữ liệu\tSở Tài chính\tSở Nội vụ\tQuí I/2026\n"
    );
    let (_, found) = check_stdin(&table, &["--disable", "missing-section"]);
    // The third quarter ends after the plan's date (June 2026): read as the month 3 it was past.
    let past: Vec<&str> = with_rule(&found, "past-deadline")
        .map(|f| f.2.as_str())
        .collect();
    assert_eq!(past.len(), 1, "{found:?}");
    assert!(past[0].contains("Quí I/2026"), "{found:?}");
    assert_eq!(with_rule(&found, "unknown-agency").count(), 0, "{found:?}");
}

#[test]
fn a_district_is_no_quarter_and_a_glued_quarter_past_four_is_invalid() {
    let table = format!(
        "{DATED_TASK_TABLE}\
                 1\tThí điểm kho dữ liệu\tSở Tài chính\tSở Nội vụ\tThí điểm tại Q.1 năm 2026\n\
                 2\tSố hóa hồ sơ\tSở Tài chính\tSở Nội vụ\tQ13/2026\n"
    );
    let (_, found) = check_stdin(&table, &["--disable", "missing-section"]);
    assert_eq!(with_rule(&found, "past-deadline").count(), 0, "{found:?}");
    let invalid: Vec<&str> = with_rule(&found, "invalid-timeframe")
        .map(|f| f.2.as_str())
        .collect();
    assert_eq!(invalid.len(), 1, "{found:?}");
    assert!(invalid[0].contains("Q13/2026"), "{found:?}");
}

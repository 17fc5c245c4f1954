//! The binary on the seeds and on inputs it must refuse.

use assert_cmd::Command;
use predicates::prelude::*;

mod common;
use common::utf16_with_bom;

fn plandoc() -> Command {
    Command::cargo_bin("plandoc").unwrap()
}

const SEEDS: &[(&str, &str)] = &[
    ("seeds/kon-tum-142.txt", "Kon Tum"),
    ("seeds/son-la-142.txt", "Sơn La"),
    ("seeds/gia-lai-142.txt", "Gia Lai"),
    ("seeds/kon-tum-nq03.txt", "Kon Tum"),
    ("seeds/dak-lak-142.txt", "Đắk Lắk"),
];

#[test]
fn every_seed_parses_to_contract_json_with_its_province() {
    for (path, province) in SEEDS {
        let output = plandoc()
            .args(["parse", path, "--format", "json"])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{path}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let plan: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(plan["schema"], "plandoc/plan@1", "{path}");
        assert_eq!(plan["plan"]["province"], *province, "{path}");
        assert_eq!(plan["source"]["path"], *path);
        assert_eq!(plan["source"]["sha256"].as_str().unwrap().len(), 64);
    }
}

#[test]
fn missing_file_is_exit_2_naming_the_file() {
    plandoc()
        .args(["parse", "no/such/plan.txt"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("no/such/plan.txt")
                .and(predicate::str::contains("no such file")),
        );
}

#[test]
fn directory_is_exit_2() {
    plandoc()
        .args(["parse", "seeds"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("seeds").and(predicate::str::contains("directory")));
}

#[test]
fn empty_and_binary_inputs_are_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    plandoc()
        .arg("parse")
        .arg(&empty)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("empty.txt").and(predicate::str::contains("empty")));
    let binary = dir.path().join("random.bin");
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(&binary, bytes).unwrap();
    plandoc()
        .arg("parse")
        .arg(&binary)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("random.bin"));
}

#[test]
fn output_file_is_written_whole_and_stdin_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.json");
    plandoc()
        .args(["parse", "seeds/dak-lak-142.txt", "-o"])
        .arg(&out)
        .assert()
        .success();
    let written: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(written["plan"]["number"], "129/KH-UBND");
    let text = std::fs::read("seeds/dak-lak-142.txt").unwrap();
    let output = plandoc()
        .args(["parse", "-", "--compact"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(output.stdout.iter().filter(|b| **b == b'\n').count(), 1);
}

/// JSON written under a spreadsheet's or a page's name is a file that will not open; refused
/// before anything is read or written.
#[test]
fn an_output_named_for_a_format_parse_does_not_write_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["plan.xls", "plan.ODS", "plan.html", "plan.md"] {
        let out = dir.path().join(name);
        plandoc()
            .args(["parse", "seeds/dak-lak-142.txt", "-o"])
            .arg(&out)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("plandoc parse writes JSON"));
        assert!(!out.exists(), "{name}");
    }
}

#[test]
fn compact_with_the_table_format_is_refused() {
    plandoc()
        .args([
            "parse",
            "seeds/dak-lak-142.txt",
            "--format",
            "table",
            "--compact",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--compact applies to json output, and the output here is table",
        ));
}

#[test]
fn schema_is_printed() {
    let output = plandoc().args(["schema", "plan"]).output().unwrap();
    assert!(output.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(schema["properties"]["sections"].is_object());
}

#[test]
fn repaired_mojibake_is_reported_as_encoding_damage() {
    let original = "I. MỤC TIÊU\n1. Kế hoạch phát triển dữ liệu của tỉnh.\n";
    // UTF-8 bytes read as Windows-1252 and saved again as UTF-8: the classic mojibake.
    let mojibake: String = original
        .bytes()
        .map(|b| encoding_rs::WINDOWS_1252.decode(&[b]).0.into_owned())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("moji.txt");
    std::fs::write(&path, mojibake).unwrap();
    let output = plandoc().arg("parse").arg(&path).output().unwrap();
    assert!(output.status.success());
    let plan: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(plan["sections"][0]["heading"], "MỤC TIÊU");
    let rules: Vec<&str> = plan["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"encoding-damage"), "{rules:?}");
}

/// An error is still exit 2 when standard error is closed (`eprintln!` would panic: 101).
#[test]
fn an_error_with_standard_error_closed_is_still_exit_2() {
    use std::process::Stdio;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("plandoc"))
        .args(["parse", "no/such/plan.txt"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(2));
}

/// A completion script knows every subcommand and their options, for each shell clap knows;
/// where the shell completes values too, it knows those.
#[test]
fn completion_scripts_name_the_subcommands_and_options() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = plandoc().args(["completions", shell]).output().unwrap();
        assert!(output.status.success(), "{shell}: {output:?}");
        let script = String::from_utf8(output.stdout).unwrap();
        for word in ["parse", "diff", "check", "convert", "only", "baseline"] {
            assert!(script.contains(word), "{shell} script lacks {word}");
        }
        if ["bash", "zsh", "fish"].contains(&shell) {
            assert!(
                script.contains("sarif"),
                "{shell} script lacks the check formats"
            );
            // --enable and --disable complete the rule names.
            for rule in plandoc::check::rules::RULES {
                assert!(
                    script.contains(rule.name),
                    "{shell} script lacks {}",
                    rule.name
                );
            }
        }
    }
    plandoc()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("tcsh"));
}

/// `check` takes `--format table` as the other commands name their terminal format.
#[test]
fn check_takes_table_as_its_terminal_format() {
    let draft = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/drafts/clean/plain-2026.txt");
    let table = plandoc()
        .args(["check", "--no-config", "-f", "table"])
        .arg(&draft)
        .output()
        .unwrap();
    let human = plandoc()
        .args(["check", "--no-config", "-f", "human"])
        .arg(&draft)
        .output()
        .unwrap();
    assert_eq!(table.status.code(), Some(0));
    assert_eq!(table.stdout, human.stdout);
}

/// `--format` does not make a name of a format plandoc never writes acceptable: a CSV named
/// `.tsv` opens in Excel as one column, a workbook named `.xls` with a warning.
#[test]
fn a_name_of_a_format_never_written_is_refused_even_with_format() {
    let dir = tempfile::tempdir().unwrap();
    for (command, format, name) in [
        ("parse", "csv", "plan.tsv"),
        ("parse", "xlsx", "plan.xls"),
        ("diff", "csv", "diff.tsv"),
        ("diff", "xlsx", "diff.xls"),
    ] {
        let out = dir.path().join(name);
        let mut cmd = plandoc();
        cmd.arg(command).arg("seeds/dak-lak-142.txt");
        if command == "diff" {
            cmd.arg("seeds/son-la-142.txt");
        }
        cmd.args(["--format", format, "-o"])
            .arg(&out)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                ".{}",
                name.rsplit('.').next().unwrap()
            )));
        assert!(!out.exists(), "{command} {name}");
    }
    // Names of other formats are the user's once --format says what the file holds: compact
    // JSON is a one-line JSON Lines file.
    let out = dir.path().join("plan.jsonl");
    plandoc()
        .args([
            "parse",
            "seeds/dak-lak-142.txt",
            "--format",
            "json",
            "--compact",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    assert!(out.is_file());
}

/// A file name is anyone's bytes: an escape sequence in it reaches neither standard error (the
/// error naming it) nor `check`'s location line as a control character, only as its picture.
#[cfg(unix)]
#[test]
fn escape_sequences_in_file_names_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("\u{1b}[31mnone.txt");
    let output = plandoc().arg("parse").arg(&missing).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(!output.stderr.contains(&0x1b), "{:?}", output.stderr);
    assert!(String::from_utf8_lossy(&output.stderr).contains("␛[31mnone.txt"));

    let draft = dir.path().join("esc\u{1b}[31mred.txt");
    std::fs::copy("seeds/son-la-142.txt", &draft).unwrap();
    let output = plandoc()
        .args(["check", "--color", "never"])
        .arg(&draft)
        .output()
        .unwrap();
    assert!(!output.stdout.contains(&0x1b));
    assert!(String::from_utf8_lossy(&output.stdout).contains("esc␛[31mred.txt:"));
}

/// plandoc's own JSON given where a document is wanted: `parse`, `check` and `text` refuse it
/// (exit 2, naming the file and what to give instead) whatever its name; `diff` and `check
/// --baseline` still read plan JSON as the plan. It was parsed as text: a "plan" of numbers out
/// of the JSON's syntax, and `check` errors about line 1, "{".
#[test]
fn plandocs_own_json_is_no_document() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    plandoc()
        .args(["parse", "seeds/kon-tum-142.txt", "-o"])
        .arg(&plan)
        .assert()
        .success();
    let renamed = dir.path().join("plan.txt");
    std::fs::copy(&plan, &renamed).unwrap();
    let diff = dir.path().join("diff.json");
    plandoc()
        .arg("diff")
        .arg(&plan)
        .args(["seeds/gia-lai-142.txt", "-f", "json", "-o"])
        .arg(&diff)
        .assert()
        .success();
    // What else plandoc writes: convert's JSON Lines, check's array for several drafts, and
    // plan JSON saved as UTF-16 with its byte-order mark (PowerShell 5's `>`).
    let jsonl = dir.path().join("out/plans.jsonl");
    plandoc()
        .args([
            "convert",
            "seeds/kon-tum-142.txt",
            "seeds/son-la-142.txt",
            "-q",
            "--format",
        ])
        .args(["jsonl", "-o"])
        .arg(dir.path().join("out"))
        .assert()
        .success();
    let reports = dir.path().join("reports.json");
    plandoc()
        .args([
            "check",
            "seeds/kon-tum-142.txt",
            "seeds/son-la-142.txt",
            "-f",
            "json",
            "-o",
        ])
        .arg(&reports)
        .assert()
        .code(predicate::in_iter([0, 1]));
    let utf16 = dir.path().join("utf16.txt");
    std::fs::write(
        &utf16,
        utf16_with_bom(&std::fs::read_to_string(&plan).unwrap(), false),
    )
    .unwrap();
    let utf16_lines = dir.path().join("utf16.jsonl");
    std::fs::write(
        &utf16_lines,
        utf16_with_bom(&std::fs::read_to_string(&jsonl).unwrap(), false),
    )
    .unwrap();
    for (file, schema) in [
        (&utf16_lines, "plandoc/plan@1 JSON Lines"),
        (&plan, "plandoc/plan@1 JSON"),
        (&renamed, "plandoc/plan@1 JSON"),
        (&diff, "plandoc/diff@1 JSON"),
        (&jsonl, "plandoc/plan@1 JSON Lines"),
        (&reports, "plandoc/check@1 JSON"),
        (&utf16, "plandoc/plan@1 JSON"),
    ] {
        for command in ["parse", "check", "text"] {
            plandoc()
                .arg(command)
                .arg(file)
                .assert()
                .code(2)
                .stdout("")
                .stderr(predicate::str::contains(format!(
                    "{}: plandoc's own {schema}, not a plan text",
                    file.display()
                )));
        }
    }
    for baseline in [&renamed, &utf16] {
        plandoc()
            .args(["check", "seeds/kon-tum-142.txt", "--baseline"])
            .arg(baseline)
            .assert()
            .code(predicate::in_iter([0, 1]))
            .stderr(predicate::str::contains("not a plan text").not());
    }
    plandoc()
        .arg("diff")
        .arg(&utf16)
        .args(["seeds/gia-lai-142.txt", "-f", "json"])
        .assert()
        .success();
    // A plan's JSON cut short, under a name that does not say JSON: the JSON's own error.
    let cut = dir.path().join("plan.json.bak");
    let whole = std::fs::read(&plan).unwrap();
    std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
    plandoc()
        .arg("diff")
        .arg(&cut)
        .arg("seeds/gia-lai-142.txt")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "not a plandoc/plan@1 JSON file: EOF",
        ));
}

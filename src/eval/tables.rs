//! Table accuracy against `fixtures/gold/*.tables.json`: rows found (matched by table, group
//! numbers and row number) and field accuracy — the share of fields (task or indicator, unit,
//! lead, support, timeframe, result, and each cell's split into bodies) exactly equal after NFC
//! and white-space collapsing. A row's `alternatives` are other accepted values.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::{load_gold, norm, seed_path};
use crate::model::{Plan, Row, TableKind};

#[derive(Debug, Clone, Default)]
pub struct TableScore {
    pub rows_expected: usize,
    pub rows_found: usize,
    /// Rows whose every field is right.
    pub rows_matched: usize,
    pub fields_expected: usize,
    pub fields_right: usize,
    pub accuracy: f64,
    /// Human-readable misses: "PHỤ LỤC A.I.1 lead: expected …, got …".
    pub misses: Vec<String>,
    /// Rows the tool produced that the reading does not have.
    pub extra: Vec<String>,
}

/// Key of a row within a table: group numbers and tt, plus the occurrence for repeats.
fn row_key(groups: &[String], tt: &str) -> String {
    let mut parts: Vec<String> = groups.to_vec();
    parts.push(tt.to_string());
    parts.join("|")
}

fn kind_name(kind: TableKind) -> &'static str {
    match kind {
        TableKind::Tasks => "tasks",
        TableKind::Indicators => "indicators",
    }
}

/// The fields a reading sets on one row, as (name, value) with null as None.
fn predicted_fields(row: &Row, kind: TableKind) -> BTreeMap<&'static str, Option<Value>> {
    let mut fields: BTreeMap<&'static str, Option<Value>> = BTreeMap::new();
    let names = |agencies: &crate::model::Agencies| -> Value {
        Value::Array(
            agencies
                .agencies
                .iter()
                .map(|a| Value::String(norm(&a.name)))
                .collect(),
        )
    };
    fields.insert("lead", Some(Value::String(norm(&row.lead.raw))));
    fields.insert("lead_agencies", Some(names(&row.lead)));
    fields.insert(
        "result",
        Some(
            row.result
                .as_deref()
                .map_or(Value::Null, |r| Value::String(norm(r))),
        ),
    );
    match kind {
        TableKind::Tasks => {
            fields.insert(
                "task",
                Some(Value::String(norm(row.task.as_deref().unwrap_or("")))),
            );
            let support = row.support.clone().unwrap_or_default();
            fields.insert("support", Some(Value::String(norm(&support.raw))));
            fields.insert("support_agencies", Some(names(&support)));
            fields.insert(
                "timeframe",
                Some(Value::String(norm(
                    row.timeframe.as_ref().map_or("", |t| t.raw.as_str()),
                ))),
            );
        }
        TableKind::Indicators => {
            fields.insert(
                "indicator",
                Some(Value::String(norm(row.indicator.as_deref().unwrap_or("")))),
            );
            fields.insert(
                "unit",
                Some(Value::String(norm(row.unit.as_deref().unwrap_or("")))),
            );
        }
    }
    fields
}

fn normalized(value: &Value) -> Value {
    match value {
        Value::String(s) => Value::String(norm(s)),
        Value::Array(items) => Value::Array(items.iter().map(normalized).collect()),
        other => other.clone(),
    }
}

const TASK_FIELDS: &[&str] = &[
    "task",
    "lead",
    "lead_agencies",
    "support",
    "support_agencies",
    "result",
    "timeframe",
];
const INDICATOR_FIELDS: &[&str] = &["indicator", "unit", "result", "lead", "lead_agencies"];

/// Scores one plan against its reading.
pub fn score_plan(plan: &Plan, gold: &Value) -> TableScore {
    let mut score = TableScore::default();
    let gold_tables = gold["tables"].as_array().cloned().unwrap_or_default();
    let mut used_predicted: Vec<usize> = Vec::new();
    for (gold_index, gold_table) in gold_tables.iter().enumerate() {
        let kind = match gold_table["kind"].as_str() {
            Some("indicators") => TableKind::Indicators,
            _ => TableKind::Tasks,
        };
        // The k-th gold table of a kind is scored against the k-th predicted table of that kind.
        let ordinal = gold_tables[..gold_index]
            .iter()
            .filter(|t| t["kind"].as_str() == Some(kind_name(kind)))
            .count();
        let predicted_index = plan
            .tables
            .iter()
            .enumerate()
            .filter(|(_, t)| t.kind == kind)
            .nth(ordinal)
            .map(|(i, _)| i);
        let label = gold_table["appendix"].as_str().unwrap_or("?").to_string();
        let mut predicted_rows: BTreeMap<String, Vec<&Row>> = BTreeMap::new();
        if let Some(index) = predicted_index {
            used_predicted.push(index);
            for row in &plan.tables[index].rows {
                let groups: Vec<String> = row.groups.iter().map(|g| g.number.clone()).collect();
                predicted_rows
                    .entry(row_key(&groups, &row.tt))
                    .or_default()
                    .push(row);
            }
        }
        let fields_of_kind = match kind {
            TableKind::Tasks => TASK_FIELDS,
            TableKind::Indicators => INDICATOR_FIELDS,
        };
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for gold_row in gold_table["rows"].as_array().cloned().unwrap_or_default() {
            score.rows_expected += 1;
            let groups: Vec<String> = gold_row["groups"]
                .as_array()
                .map(|gs| {
                    gs.iter()
                        .filter_map(|g| g["number"].as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            let tt = gold_row["tt"].as_str().unwrap_or("").to_string();
            let key = row_key(&groups, &tt);
            let occurrence = seen.entry(key.clone()).or_insert(0);
            let found = predicted_rows
                .get(&key)
                .and_then(|rows| rows.get(*occurrence))
                .copied();
            *occurrence += 1;
            let name = format!("{label} {}", key.replace('|', "."));
            score.fields_expected += fields_of_kind.len();
            let Some(row) = found else {
                score.misses.push(format!("{name}: row not found"));
                continue;
            };
            score.rows_found += 1;
            let fields = predicted_fields(row, kind);
            let mut all_right = true;
            for field in fields_of_kind {
                let expected = normalized(&gold_row[*field]);
                let got = fields.get(field).cloned().flatten().unwrap_or(Value::Null);
                let alternatives: Vec<Value> = gold_row["alternatives"][*field]
                    .as_array()
                    .map(|a| a.iter().map(normalized).collect())
                    .unwrap_or_default();
                if got == expected || alternatives.contains(&got) {
                    score.fields_right += 1;
                } else {
                    all_right = false;
                    score
                        .misses
                        .push(format!("{name} {field}: expected {expected}, got {got}"));
                }
            }
            if all_right {
                score.rows_matched += 1;
            }
        }
        if predicted_index.is_some() {
            let expected_keys = seen;
            for (key, rows) in &predicted_rows {
                let expected = expected_keys.get(key).copied().unwrap_or(0);
                for row in rows.iter().skip(expected) {
                    score
                        .extra
                        .push(format!("{label} {} (line {})", row.id, row.lines[0]));
                }
            }
        }
    }
    for (index, table) in plan.tables.iter().enumerate() {
        if !used_predicted.contains(&index) {
            score.extra.push(format!(
                "table {:?} with {} rows (lines {}-{})",
                table.appendix,
                table.rows.len(),
                table.lines[0],
                table.lines[1]
            ));
        }
    }
    score.accuracy = if score.fields_expected == 0 {
        1.0
    } else {
        score.fields_right as f64 / score.fields_expected as f64
    };
    score
}

/// Parses a seed and scores its tables; None when the seed has no reading.
pub fn score(root: &Path, stem: &str) -> Option<TableScore> {
    let gold = load_gold(root, stem, "tables")?;
    let plan = crate::parse_path(&seed_path(root, stem), &Default::default()).ok()?;
    Some(score_plan(&plan, &gold))
}

/// The README's table of figures (Markdown), with every miss listed when `verbose`.
pub fn report(root: &Path, verbose: bool) -> String {
    let mut out = String::from(
        "Tables (rows matched by groups + tt; field accuracy = exact fields / expected fields)\n\n",
    );
    out.push_str("| seed | rows expected | rows found | rows all right | extra rows | field accuracy |\n|---|---|---|---|---|---|\n");
    let mut details = String::new();
    for stem in super::SEED_STEMS {
        let Some(s) = score(root, stem) else { continue };
        out.push_str(&format!(
            "| {stem} | {} | {} | {} | {} | {:.4} |\n",
            s.rows_expected,
            s.rows_found,
            s.rows_matched,
            s.extra.len(),
            s.accuracy
        ));
        if verbose {
            for m in &s.misses {
                details.push_str(&format!("  {stem} {m}\n"));
            }
            for m in &s.extra {
                details.push_str(&format!("  {stem} extra {m}\n"));
            }
        }
    }
    out.push_str(&details);
    out
}

/// Text extractions of the PDF fixtures by other tools, one folder per tool under
/// `fixtures/tables/` (`pdftotext-layout/<pdf name>.txt`: poppler's `pdftotext -layout`;
/// `pdfplumber-text/<pdf name>.txt`: pdfplumber's `extract_text()`, every row printed across the
/// columns line by line, one space apart — `scripts/extract_pdfplumber_text.py`;
/// `pdftotext-plain/<pdf name>.txt`: poppler's plain `pdftotext`, text block by block —
/// `scripts/extract_pdftotext_plain.sh`). Each
/// is scored against the reading of the seed its PDF was written from (`fixtures/pdf/SOURCES.txt`):
/// the same tables as extracted by a tool the seeds do not come from.
pub const EXTRACTIONS: &[(&str, &str)] = &[
    ("pdftotext-layout", "pdftotext -layout (poppler 22.12)"),
    ("pdfplumber-text", "pdfplumber extract_text() (0.11.10)"),
    ("pdftotext-plain", "pdftotext, no -layout (poppler 22.12)"),
    (
        "pdfplumber-csv",
        "pdfplumber extract_tables() as CSV (0.11.10, Python's csv)",
    ),
    (
        "libreoffice-html",
        "LibreOffice 7.4 \"Save as HTML\" of the tables in Word",
    ),
    (
        "libreoffice-text",
        "LibreOffice 7.4 \"Save as Text\" of the tables in Word",
    ),
    ("web-html", "a saved web page (generated)"),
    ("markdown-html", "Markdown with HTML tables (generated)"),
];

/// Scores every extraction in `fixtures/tables/<tool>/`: (pdf name, seed stem, score).
pub fn extraction_scores(root: &Path, tool: &str) -> Vec<(String, String, TableScore)> {
    let mut scores = Vec::new();
    for (name, stem) in super::pdf::fixtures(root) {
        let Some(path) = ["txt", "csv", "html", "md"]
            .iter()
            .map(|extension| {
                root.join("fixtures/tables")
                    .join(tool)
                    .join(format!("{name}.{extension}"))
            })
            .find(|path| path.is_file())
        else {
            continue;
        };
        let (Some(gold), Ok(plan)) = (
            load_gold(root, &stem, "tables"),
            crate::parse_path(&path, &Default::default()),
        ) else {
            continue;
        };
        scores.push((name, stem, score_plan(&plan, &gold)));
    }
    scores
}

/// The README's table of figures for the other tools' extractions.
pub fn extractions_report(root: &Path, verbose: bool) -> String {
    let mut out = String::from(
        "Tables of the PDF fixtures as other tools extract them (same measure as above)\n\n",
    );
    out.push_str("| extraction | of | rows expected | rows found | rows all right | field accuracy |\n|---|---|---|---|---|---|\n");
    let mut details = String::new();
    for (tool, described) in EXTRACTIONS {
        let scores = extraction_scores(root, tool);
        let (mut right, mut expected) = (0, 0);
        for (name, stem, s) in &scores {
            out.push_str(&format!(
                "| {described} | {name}.pdf ({stem}) | {} | {} | {} | {:.4} |\n",
                s.rows_expected, s.rows_found, s.rows_matched, s.accuracy
            ));
            right += s.fields_right;
            expected += s.fields_expected;
            if verbose {
                for m in s.misses.iter().chain(&s.extra) {
                    details.push_str(&format!("  {tool}/{name} {m}\n"));
                }
            }
        }
        if expected > 0 {
            out.push_str(&format!(
                "| {described} | all {} | | | | **{:.4}** |\n",
                scores.len(),
                right as f64 / expected as f64
            ));
        }
    }
    out.push_str(&details);
    out
}

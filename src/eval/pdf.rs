//! PDF table accuracy: each PDF in `fixtures/pdf/` was written from a seed's reference tables
//! (`fixtures/pdf/SOURCES.txt` says which), so the reading of the PDF is scored against them.
//!
//! Measure: the share of the reference rows' fields (task, lead, support, timeframe, result and
//! the split of lead and support into bodies; for indicator rows indicator, unit, result, lead
//! and its bodies) that the reading gives exactly, after NFC and white-space collapsing. A
//! reference row with no counterpart (same groups and row number) scores zero on every field.
//!
//! The same measure is applied to pdfplumber's `extract_tables()` cells when
//! `scripts/score_pdfplumber.sh` has dumped them to `fixtures/pdf/pdfplumber/<name>.json`; its
//! cell grids go through the same header, group-row and page-continuation rules as ours
//! ([`crate::pdf::tables::from_cell_grid`]), so the comparison is about what each reads off the
//! page.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{f1, load_gold, norm};
use crate::model::{Row, Table};

/// One PDF fixture and the seed stem whose reference tables it was written from.
pub fn fixtures(root: &Path) -> Vec<(String, String)> {
    let listing =
        std::fs::read_to_string(root.join("fixtures/pdf/SOURCES.txt")).unwrap_or_default();
    listing
        .lines()
        .filter_map(|line| {
            let mut parts = line.split_whitespace();
            Some((parts.next()?.to_string(), parts.next()?.to_string()))
        })
        .collect()
}

pub fn pdf_path(root: &Path, name: &str) -> PathBuf {
    root.join("fixtures/pdf").join(format!("{name}.pdf"))
}

#[derive(Debug, Clone, Default)]
pub struct FieldScore {
    pub fields: usize,
    pub correct: usize,
    /// The cell fields alone (the split into bodies left out): what the geometry reads,
    /// apart from the body splitter in `domain::agencies`.
    pub cell_fields: usize,
    pub cell_correct: usize,
    pub gold_rows: usize,
    pub found_rows: usize,
    pub misses: Vec<String>,
}

impl FieldScore {
    pub fn accuracy(&self) -> f64 {
        if self.fields == 0 {
            0.0
        } else {
            self.correct as f64 / self.fields as f64
        }
    }

    pub fn cell_accuracy(&self) -> f64 {
        if self.cell_fields == 0 {
            0.0
        } else {
            self.cell_correct as f64 / self.cell_fields as f64
        }
    }
}

#[derive(Debug, Clone)]
pub struct PdfScore {
    pub name: String,
    pub ours: FieldScore,
    pub pdfplumber: Option<FieldScore>,
    /// Section paths F1 against the seed's reference section tree.
    pub sections_f1: Option<f64>,
}

/// Scores every PDF fixture.
pub fn scores(root: &Path) -> Vec<PdfScore> {
    let mut out = Vec::new();
    for (name, stem) in fixtures(root) {
        let Some(gold) = load_gold(root, &stem, "tables") else {
            continue;
        };
        let gold_tables = gold["tables"].as_array().cloned().unwrap_or_default();
        let plan = crate::parse_path(&pdf_path(root, &name), &Default::default());
        let (ours, sections_f1) = match &plan {
            Ok(plan) => (
                score_tables(&gold_tables, &plan.tables),
                section_f1(root, &stem, plan),
            ),
            Err(error) => (
                FieldScore {
                    misses: vec![error.to_string()],
                    fields: 1,
                    ..Default::default()
                },
                None,
            ),
        };
        let pdfplumber = plumber_tables(root, &name).map(|t| score_tables(&gold_tables, &t));
        out.push(PdfScore {
            name,
            ours,
            pdfplumber,
            sections_f1,
        });
    }
    out
}

fn section_f1(root: &Path, stem: &str, plan: &crate::model::Plan) -> Option<f64> {
    let gold = load_gold(root, stem, "sections")?;
    let expected: Vec<String> = gold["sections"]
        .as_array()?
        .iter()
        .filter_map(|s| {
            Some(
                s["path"]
                    .as_array()?
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("."),
            )
        })
        .collect();
    let predicted: Vec<String> = plan.sections.iter().map(|s| s.path.join(".")).collect();
    let matched = expected.iter().filter(|p| predicted.contains(p)).count();
    Some(f1(matched, predicted.len(), expected.len()).2)
}

/// pdfplumber's cell grids for one PDF, read the same way as ours.
fn plumber_tables(root: &Path, name: &str) -> Option<Vec<Table>> {
    let path = root
        .join("fixtures/pdf/pdfplumber")
        .join(format!("{name}.json"));
    let dump: Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    // [{"page": n, "rows": [[cell or null, …], …]}, …] in page order.
    let mut grids: Vec<(usize, Vec<Vec<String>>)> = Vec::new();
    for table in dump.as_array()? {
        let page = table["page"].as_u64().unwrap_or(0) as usize;
        let rows = table["rows"]
            .as_array()?
            .iter()
            .map(|row| {
                row.as_array()
                    .map(|cells| {
                        cells
                            .iter()
                            .map(|c| crate::clean::collapse_whitespace(c.as_str().unwrap_or("")))
                            .collect()
                    })
                    .unwrap_or_default()
            })
            .collect();
        grids.push((page, rows));
    }
    Some(crate::pdf::tables::from_cell_grids(&grids))
}

fn gold_str(row: &Value, field: &str) -> Option<String> {
    match &row[field] {
        Value::String(s) => Some(norm(s)),
        Value::Null => None,
        other => Some(norm(&other.to_string())),
    }
}

fn gold_list(row: &Value, field: &str) -> Vec<String> {
    row[field]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).map(norm).collect())
        .unwrap_or_default()
}

fn key(groups: impl Iterator<Item = String>, tt: &str) -> String {
    let mut parts: Vec<String> = groups.collect();
    parts.push(tt.to_string());
    parts.join("/")
}

/// Scores tables against reference tables, pairing tables in order and rows by groups + number.
pub fn score_tables(gold_tables: &[Value], found: &[Table]) -> FieldScore {
    let mut score = FieldScore::default();
    for (t, gold_table) in gold_tables.iter().enumerate() {
        let gold_rows = gold_table["rows"].as_array().cloned().unwrap_or_default();
        score.gold_rows += gold_rows.len();
        let found_rows: Vec<&Row> = found
            .get(t)
            .map(|t| t.rows.iter().collect())
            .unwrap_or_default();
        score.found_rows += found_rows.len();
        let mut by_key: BTreeMap<String, Vec<&Row>> = BTreeMap::new();
        for row in &found_rows {
            let k = key(row.groups.iter().map(|g| norm(&g.number)), &norm(&row.tt));
            by_key.entry(k).or_default().push(row);
        }
        let mut used: BTreeMap<String, usize> = BTreeMap::new();
        let indicators = gold_table["kind"].as_str() == Some("indicators");
        for gold_row in &gold_rows {
            let groups = gold_row["groups"]
                .as_array()
                .map(|g| {
                    g.iter()
                        .map(|g| norm(g["number"].as_str().unwrap_or("")))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            let tt = norm(gold_row["tt"].as_str().unwrap_or(""));
            let k = key(groups.into_iter(), &tt);
            let index = used.entry(k.clone()).or_insert(0);
            let found_row = by_key.get(&k).and_then(|rows| rows.get(*index)).copied();
            *index += 1;
            let fields: Vec<(&str, Option<String>, Option<String>)> = if indicators {
                vec![
                    (
                        "indicator",
                        gold_str(gold_row, "indicator"),
                        found_row.and_then(|r| r.indicator.as_deref().map(norm)),
                    ),
                    (
                        "unit",
                        gold_str(gold_row, "unit"),
                        found_row.and_then(|r| r.unit.as_deref().map(norm)),
                    ),
                    (
                        "result",
                        gold_str(gold_row, "result"),
                        found_row.and_then(|r| r.result.as_deref().map(norm)),
                    ),
                    (
                        "lead",
                        gold_str(gold_row, "lead"),
                        found_row.map(|r| norm(&r.lead.raw)),
                    ),
                ]
            } else {
                vec![
                    (
                        "task",
                        gold_str(gold_row, "task"),
                        found_row.and_then(|r| r.task.as_deref().map(norm)),
                    ),
                    (
                        "lead",
                        gold_str(gold_row, "lead"),
                        found_row.map(|r| norm(&r.lead.raw)),
                    ),
                    (
                        "support",
                        gold_str(gold_row, "support"),
                        found_row.and_then(|r| r.support.as_ref().map(|s| norm(&s.raw))),
                    ),
                    (
                        "timeframe",
                        gold_str(gold_row, "timeframe"),
                        found_row.and_then(|r| r.timeframe.as_ref().map(|t| norm(&t.raw))),
                    ),
                    (
                        "result",
                        gold_str(gold_row, "result"),
                        found_row.and_then(|r| r.result.as_deref().map(norm)),
                    ),
                ]
            };
            let alternatives = &gold_row["alternatives"];
            for (field, expected, got) in fields {
                score.fields += 1;
                score.cell_fields += 1;
                let accepted = expected == got
                    || alternatives[field].as_array().is_some_and(|alts| {
                        alts.iter()
                            .filter_map(Value::as_str)
                            .any(|a| Some(norm(a)) == got)
                    });
                if accepted {
                    score.correct += 1;
                    score.cell_correct += 1;
                } else {
                    score
                        .misses
                        .push(format!("{k} {field}: expected {expected:?}, got {got:?}"));
                }
            }
            let mut lists = vec![(
                "lead_agencies",
                gold_list(gold_row, "lead_agencies"),
                found_row.map(|r| {
                    r.lead
                        .agencies
                        .iter()
                        .map(|a| norm(&a.name))
                        .collect::<Vec<_>>()
                }),
            )];
            if !indicators {
                lists.push((
                    "support_agencies",
                    gold_list(gold_row, "support_agencies"),
                    found_row.and_then(|r| {
                        r.support
                            .as_ref()
                            .map(|s| s.agencies.iter().map(|a| norm(&a.name)).collect::<Vec<_>>())
                    }),
                ));
            }
            for (field, expected, got) in lists {
                score.fields += 1;
                if Some(&expected) == got.as_ref() {
                    score.correct += 1;
                } else {
                    score
                        .misses
                        .push(format!("{k} {field}: expected {expected:?}, got {got:?}"));
                }
            }
        }
    }
    score
}

/// The figures as Markdown, every miss listed when `verbose`.
pub fn report(root: &Path, verbose: bool) -> String {
    let scores = scores(root);
    let mut out = String::from(
        "PDF tables (field accuracy vs the reference rows each PDF was written from)\n\n\
         | PDF | reference rows | rows read | plandoc | pdfplumber extract_tables() | plandoc, cells only | pdfplumber, cells only | sections F1 |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for s in &scores {
        out.push_str(&format!(
            "| {} | {} | {} | {:.4} | {} | {:.4} | {} | {} |\n",
            s.name,
            s.ours.gold_rows,
            s.ours.found_rows,
            s.ours.accuracy(),
            s.pdfplumber
                .as_ref()
                .map_or("not run".to_string(), |p| format!("{:.4}", p.accuracy())),
            s.ours.cell_accuracy(),
            s.pdfplumber
                .as_ref()
                .map_or("not run".to_string(), |p| format!(
                    "{:.4}",
                    p.cell_accuracy()
                )),
            s.sections_f1.map_or("-".to_string(), |f| format!("{f:.3}"))
        ));
    }
    let ours: Vec<f64> = scores.iter().map(|s| s.ours.accuracy()).collect();
    let plumber: Vec<f64> = scores
        .iter()
        .filter_map(|s| s.pdfplumber.as_ref().map(FieldScore::accuracy))
        .collect();
    let summary = |values: &[f64]| {
        if values.is_empty() {
            return "-".to_string();
        }
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        let worst = values.iter().copied().fold(f64::INFINITY, f64::min);
        format!("mean {mean:.4}, worst {worst:.4}")
    };
    out.push_str(&format!(
        "\nplandoc: {}; pdfplumber: {}\n",
        summary(&ours),
        summary(&plumber)
    ));
    if verbose {
        for s in &scores {
            for miss in &s.ours.misses {
                out.push_str(&format!("  {} (plandoc): {miss}\n", s.name));
            }
            for miss in s.pdfplumber.iter().flat_map(|p| &p.misses) {
                out.push_str(&format!("  {} (pdfplumber): {miss}\n", s.name));
            }
        }
    }
    out
}

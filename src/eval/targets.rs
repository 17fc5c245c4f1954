//! Target accuracy against `fixtures/gold/*.targets.json`: a found target matches a reference
//! target when value, unit, comparator and year all agree (one to one; a pair on the same path
//! is preferred, so "path agrees" counts how many matched targets also sit where they should).
//!
//! A second F1 reads the same seed with the reference tables (`*.tables.json`) in place of the
//! tool's own, so the table targets can be judged apart from table reconstruction.

use std::path::Path;

use serde_json::Value;

use super::{f1, load_gold, seed_path};
use crate::model::{Agencies, Group, Row, Table, TableKind, Target};

#[derive(Debug, Clone, Default)]
pub struct TargetScore {
    pub expected: usize,
    pub predicted: usize,
    pub matched: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Matched targets whose path is also the reference path.
    pub path_agrees: usize,
    /// Reference targets nothing matched, as one line each.
    pub missing: Vec<String>,
    /// Found targets that match no reference target.
    pub extra: Vec<String>,
}

/// The comparable part of a target.
#[derive(Debug, Clone, PartialEq)]
struct Key {
    path: Vec<String>,
    value: f64,
    unit: String,
    comparator: String,
    year: Option<i32>,
    quote: String,
}

impl Key {
    fn agrees(&self, other: &Key) -> bool {
        (self.value - other.value).abs() < 1e-9
            && self.unit == other.unit
            && self.comparator == other.comparator
            && self.year == other.year
    }

    fn describe(&self) -> String {
        let year = self.year.map_or("-".to_string(), |y| y.to_string());
        let quote: String = self.quote.chars().take(90).collect();
        format!(
            "[{}] {} {} {} {} — {}",
            self.path.join("."),
            self.comparator,
            self.value,
            self.unit,
            year,
            quote
        )
    }
}

/// Scores the tool's reading of one seed (its own sections and tables).
pub fn score(root: &Path, stem: &str) -> Option<TargetScore> {
    let gold = load_gold(root, stem, "targets")?;
    let plan = crate::parse_path(&seed_path(root, stem), &Default::default()).ok()?;
    Some(compare(&gold_keys(&gold)?, &plan.targets))
}

/// Scores one seed read with the reference tables in place of the tool's.
pub fn score_with_gold_tables(root: &Path, stem: &str) -> Option<TargetScore> {
    let gold = load_gold(root, stem, "targets")?;
    let tables = gold_tables(root, stem)?;
    let input = crate::read::read_path(&seed_path(root, stem), &Default::default()).ok()?;
    let document = crate::clean::clean(&input.text);
    let (sections, _) = crate::structure::sections::extract(&document);
    let (targets, _) = crate::structure::targets::extract(&document, &sections, &tables);
    Some(compare(&gold_keys(&gold)?, &targets))
}

/// The reference tables of a seed as the contract's `Table`s (input lines unknown: 0).
pub fn gold_tables(root: &Path, stem: &str) -> Option<Vec<Table>> {
    let gold = load_gold(root, stem, "tables")?;
    let mut tables = Vec::new();
    for table in gold["tables"].as_array()? {
        let kind = match table["kind"].as_str() {
            Some("indicators") => TableKind::Indicators,
            _ => TableKind::Tasks,
        };
        let mut rows = Vec::new();
        for row in table["rows"].as_array()? {
            let groups: Vec<Group> = row["groups"]
                .as_array()
                .map(|groups| {
                    groups
                        .iter()
                        .map(|g| Group {
                            number: text(&g["number"]).unwrap_or_default(),
                            title: text(&g["title"]).unwrap_or_default(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let tt = text(&row["tt"]).unwrap_or_default();
            let mut id: Vec<String> = groups.iter().map(|g| g.number.clone()).collect();
            id.push(tt.clone());
            rows.push(Row {
                id: id.join("."),
                groups,
                tt,
                task: text(&row["task"]),
                indicator: text(&row["indicator"]),
                unit: text(&row["unit"]),
                lead: Agencies {
                    raw: text(&row["lead"]).unwrap_or_default(),
                    agencies: Vec::new(),
                },
                support: text(&row["support"]).map(|raw| Agencies {
                    raw,
                    agencies: Vec::new(),
                }),
                result: text(&row["result"]),
                timeframe: text(&row["timeframe"]).map(|t| crate::domain::timeframe::parse(&t)),
                lines: [0, 0],
                confidence: 1.0,
                warnings: Vec::new(),
            });
        }
        tables.push(Table {
            appendix: text(&table["appendix"]),
            title: text(&table["title"]),
            kind,
            columns: table["columns"]
                .as_array()
                .map(|c| c.iter().filter_map(text).collect())
                .unwrap_or_default(),
            lines: [0, 0],
            rows,
        });
    }
    Some(tables)
}

fn text(value: &Value) -> Option<String> {
    value.as_str().map(str::to_string)
}

fn gold_keys(gold: &Value) -> Option<Vec<Key>> {
    Some(
        gold["targets"]
            .as_array()?
            .iter()
            .map(|t| Key {
                path: t["path"]
                    .as_array()
                    .map(|p| {
                        p.iter()
                            .filter_map(|s| s.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
                value: t["value"].as_f64().unwrap_or(f64::NAN),
                unit: t["unit"].as_str().unwrap_or("").to_string(),
                comparator: t["comparator"].as_str().unwrap_or("").to_string(),
                year: t["year"].as_i64().and_then(|y| i32::try_from(y).ok()),
                quote: t["quote"].as_str().unwrap_or("").to_string(),
            })
            .collect(),
    )
}

fn compare(expected: &[Key], found: &[Target]) -> TargetScore {
    let found: Vec<Key> = found
        .iter()
        .map(|t| Key {
            path: t.path.clone(),
            value: t.value,
            unit: t.unit.clone(),
            comparator: t.comparator.clone(),
            year: t.year,
            quote: t.quote.clone(),
        })
        .collect();
    let mut taken = vec![false; found.len()];
    let mut partner: Vec<Option<usize>> = vec![None; expected.len()];
    // Same path first, then anywhere: a pair on its own path is the better pair.
    for same_path in [true, false] {
        for (e, want) in expected.iter().enumerate() {
            if partner[e].is_some() {
                continue;
            }
            let hit = found.iter().enumerate().position(|(f, got)| {
                !taken[f] && got.agrees(want) && (!same_path || got.path == want.path)
            });
            if let Some(f) = hit {
                taken[f] = true;
                partner[e] = Some(f);
            }
        }
    }
    let matched = partner.iter().filter(|p| p.is_some()).count();
    let path_agrees = partner
        .iter()
        .enumerate()
        .filter(|(e, p)| p.is_some_and(|f| found[f].path == expected[*e].path))
        .count();
    let (precision, recall, f) = f1(matched, found.len(), expected.len());
    TargetScore {
        expected: expected.len(),
        predicted: found.len(),
        matched,
        precision,
        recall,
        f1: f,
        path_agrees,
        missing: expected
            .iter()
            .zip(&partner)
            .filter(|(_, p)| p.is_none())
            .map(|(k, _)| k.describe())
            .collect(),
        extra: found
            .iter()
            .zip(&taken)
            .filter(|(_, t)| !**t)
            .map(|(k, _)| k.describe())
            .collect(),
    }
}

/// The README's table of figures (Markdown), with every miss listed when `verbose`.
pub fn report(root: &Path, verbose: bool) -> String {
    let mut out = String::from(
        "### Targets (a match: value, unit, comparator and year agree)\n\n\
         | seed | expected | found | matched | precision | recall | F1 | path agrees | F1 with reference tables |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let mut details = String::new();
    for stem in super::SEED_STEMS {
        let Some(score) = score(root, stem) else {
            out.push_str(&format!("| {stem} | – | – | – | – | – | – | – | – |\n"));
            continue;
        };
        let with_tables = score_with_gold_tables(root, stem)
            .map_or("–".to_string(), |s| format!("{:.3}", s.f1));
        out.push_str(&format!(
            "| {stem} | {} | {} | {} | {:.3} | {:.3} | {:.3} | {} | {} |\n",
            score.expected,
            score.predicted,
            score.matched,
            score.precision,
            score.recall,
            score.f1,
            score.path_agrees,
            with_tables
        ));
        if verbose && (!score.missing.is_empty() || !score.extra.is_empty()) {
            details.push_str(&format!("\n#### {stem}\n"));
            for miss in &score.missing {
                details.push_str(&format!("- missing: {miss}\n"));
            }
            for extra in &score.extra {
                details.push_str(&format!("- extra: {extra}\n"));
            }
        }
    }
    out.push_str(&details);
    out
}

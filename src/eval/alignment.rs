//! How well `plandoc diff` groups the same task (and the same target) across plans, scored
//! against a hand-made reference alignment of the four data-strategy seeds
//! (`fixtures/alignment/`): pairwise precision and recall of "these two items are grouped
//! together". Works on any `Plan`s — the ones read from the hand-checked readings
//! (`gold_plan`) and the ones the parser produces.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::compare::{self, Input};
use crate::domain::agencies;
use crate::model::{
    Agencies, Group, Plan, PlanMeta, Row, Section, Source, Table, TableKind, Target, PLAN_SCHEMA,
};

/// The plans the reference alignment covers, in the order they are diffed.
pub const ALIGNMENT_STEMS: &[&str] = &["kon-tum-142", "son-la-142", "gia-lai-142", "dak-lak-142"];

fn text(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

fn cell(raw: &str, listed: Option<&Value>) -> Agencies {
    let names: Vec<String> = listed
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_else(|| agencies::split(raw));
    Agencies {
        raw: raw.to_string(),
        agencies: names.iter().map(|n| agencies::resolve(n)).collect(),
    }
}

/// A `Plan` built from the hand-checked readings of a seed (sections, tables, targets), so the
/// diff can be measured independently of the parser. None when the seed has no readings.
pub fn gold_plan(root: &Path, stem: &str) -> Option<Plan> {
    let tables_json = super::load_gold(root, stem, "tables")?;
    let targets_json = super::load_gold(root, stem, "targets");
    let sections_json = super::load_gold(root, stem, "sections");
    let province = tables_json
        .get("province")
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut tables = Vec::new();
    for table in tables_json
        .get("tables")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let kind = if text(table, "kind") == "indicators" {
            TableKind::Indicators
        } else {
            TableKind::Tasks
        };
        let mut rows = Vec::new();
        for row in table
            .get("rows")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let groups: Vec<Group> = row
                .get("groups")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|g| Group {
                    number: text(g, "number"),
                    title: text(g, "title"),
                })
                .collect();
            let tt = text(row, "tt");
            let mut id_parts: Vec<String> = groups.iter().map(|g| g.number.clone()).collect();
            if !tt.is_empty() {
                id_parts.push(tt.clone());
            }
            let is_tasks = kind == TableKind::Tasks;
            rows.push(Row {
                id: id_parts.join("."),
                groups,
                tt,
                task: is_tasks.then(|| text(row, "task")),
                indicator: (!is_tasks).then(|| text(row, "indicator")),
                unit: (!is_tasks).then(|| text(row, "unit")),
                lead: cell(&text(row, "lead"), row.get("lead_agencies")),
                support: is_tasks.then(|| cell(&text(row, "support"), row.get("support_agencies"))),
                result: row
                    .get("result")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                timeframe: is_tasks
                    .then(|| crate::domain::timeframe::parse(&text(row, "timeframe"))),
                lines: [0, 0],
                confidence: 1.0,
                warnings: Vec::new(),
            });
        }
        tables.push(Table {
            appendix: table
                .get("appendix")
                .and_then(Value::as_str)
                .map(str::to_string),
            title: table
                .get("title")
                .and_then(Value::as_str)
                .map(str::to_string),
            kind,
            columns: table
                .get("columns")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|c| c.as_str().map(str::to_string))
                .collect(),
            lines: [0, 0],
            rows,
        });
    }
    let targets = targets_json
        .as_ref()
        .and_then(|t| t.get("targets"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|t| Target {
            path: t
                .get("path")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|p| p.as_str().map(str::to_string))
                .collect(),
            value: t.get("value").and_then(Value::as_f64).unwrap_or(0.0),
            unit: text(t, "unit"),
            unit_printed: t
                .get("unit_printed")
                .and_then(Value::as_str)
                .map(str::to_string),
            comparator: text(t, "comparator"),
            year: t.get("year").and_then(Value::as_i64).map(|y| y as i32),
            subject: text(t, "subject"),
            quote: text(t, "quote"),
            lines: [0, 0],
            table: t.get("table").and_then(Value::as_str).map(str::to_string),
        })
        .collect();
    let sections = sections_json
        .as_ref()
        .and_then(|s| s.get("sections"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|s| Section {
            path: s
                .get("path")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|p| p.as_str().map(str::to_string))
                .collect(),
            number: text(s, "number"),
            level: s.get("level").and_then(Value::as_u64).unwrap_or(1) as u8,
            heading: s.get("heading").and_then(Value::as_str).map(str::to_string),
            text: text(s, "text_start"),
            lines: [0, 0],
        })
        .collect();
    Some(Plan {
        schema: PLAN_SCHEMA.to_string(),
        source: Source {
            path: format!("fixtures/gold/{stem}"),
            sha256: String::new(),
            bytes: 0,
            format: "gold".to_string(),
            encoding: "utf-8".to_string(),
        },
        plan: PlanMeta {
            province,
            title: tables_json
                .get("title")
                .and_then(Value::as_str)
                .map(str::to_string),
            ..PlanMeta::default()
        },
        sections,
        tables,
        targets,
        diagnostics: Vec::new(),
    })
}

/// An item of the reference: (plan ordinal, item key). Task keys are "table|G.R|tt";
/// target keys are the index in the reference reading's targets.
type Ref = (usize, String);

fn row_key(table: usize, groups: &[String], tt: &str) -> String {
    format!("{table}|{}|{tt}", groups.join("."))
}

/// Reference groups → the set of pairs they imply (each pair ordered).
fn reference_pairs(root: &Path, file: &str) -> Option<BTreeSet<(Ref, Ref)>> {
    let path = root.join("fixtures").join("alignment").join(file);
    let json: Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    let mut pairs = BTreeSet::new();
    for group in json
        .get("groups")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let mut items: Vec<Ref> = Vec::new();
        for (ordinal, stem) in ALIGNMENT_STEMS.iter().enumerate() {
            let Some(member) = group.get(*stem) else {
                continue;
            };
            let key = if let Some(index) = member.get("index").and_then(Value::as_u64) {
                index.to_string()
            } else {
                let groups: Vec<String> = member
                    .get("groups")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|g| g.as_str().map(str::to_string))
                    .collect();
                let table = member.get("table").and_then(Value::as_u64).unwrap_or(0) as usize;
                row_key(table, &groups, &text(member, "tt"))
            };
            items.push((ordinal, key));
        }
        for i in 0..items.len() {
            for j in (i + 1)..items.len() {
                pairs.insert(ordered(items[i].clone(), items[j].clone()));
            }
        }
    }
    Some(pairs)
}

fn ordered(a: Ref, b: Ref) -> (Ref, Ref) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

/// Pairwise agreement with the reference.
#[derive(Debug, Clone, Default)]
pub struct Score {
    pub predicted: usize,
    pub expected: usize,
    pub matched: usize,
    /// Items of the plans that could not be identified with a reference item.
    pub unidentified: usize,
    pub false_pairs: Vec<(Ref, Ref)>,
    pub missed_pairs: Vec<(Ref, Ref)>,
}

impl Score {
    pub fn f1(&self) -> (f64, f64, f64) {
        super::f1(self.matched, self.predicted, self.expected)
    }
}

fn score_pairs(
    predicted: BTreeSet<(Ref, Ref)>,
    expected: &BTreeSet<(Ref, Ref)>,
    unidentified: usize,
) -> Score {
    let matched = predicted.intersection(expected).count();
    Score {
        predicted: predicted.len(),
        expected: expected.len(),
        matched,
        unidentified,
        false_pairs: predicted.difference(expected).cloned().collect(),
        missed_pairs: expected.difference(&predicted).cloned().collect(),
    }
}

/// Diffs `plans` (in `ALIGNMENT_STEMS` order) and scores the task groups and the target groups
/// against the reference, given the reference readings to identify parsed targets by.
pub fn score(root: &Path, plans: &[Plan]) -> Option<(Score, Score)> {
    let task_reference = reference_pairs(root, "tasks.json")?;
    let target_reference = reference_pairs(root, "targets.json")?;
    let inputs: Vec<Input> = plans
        .iter()
        .zip(ALIGNMENT_STEMS)
        .map(|(plan, stem)| Input {
            path: stem.to_string(),
            plan: plan.clone(),
        })
        .collect();
    let diff = compare::diff(&inputs).ok()?;
    let keys: Vec<String> = diff.plans.iter().map(|p| p.key.clone()).collect();

    // Task rows: identified by table index, group numbers and tt.
    let mut unidentified_rows = 0usize;
    let mut row_refs: Vec<BTreeMap<String, String>> = Vec::new();
    for plan in plans {
        let mut by_id = BTreeMap::new();
        for (t, table) in plan.tables.iter().enumerate() {
            if table.kind != TableKind::Tasks {
                continue;
            }
            for row in &table.rows {
                let groups: Vec<String> = row.groups.iter().map(|g| g.number.clone()).collect();
                by_id.insert(row.id.clone(), row_key(t, &groups, &row.tt));
            }
        }
        row_refs.push(by_id);
    }
    let mut predicted = BTreeSet::new();
    for group in &diff.tasks {
        let mut items: Vec<Ref> = Vec::new();
        for (ordinal, key) in keys.iter().enumerate() {
            let Some(Some(id)) = group.members.get(key) else {
                continue;
            };
            // Ids repeated across tables carry a "n:" prefix in the diff.
            let bare = id.split_once(':').map(|(_, rest)| rest).unwrap_or(id);
            match row_refs
                .get(ordinal)
                .and_then(|m| m.get(bare).or_else(|| m.get(id)))
            {
                Some(reference) => items.push((ordinal, reference.clone())),
                None => unidentified_rows += 1,
            }
        }
        for i in 0..items.len() {
            for j in (i + 1)..items.len() {
                predicted.insert(ordered(items[i].clone(), items[j].clone()));
            }
        }
    }
    let tasks = score_pairs(predicted, &task_reference, unidentified_rows);

    // Targets: identified with the reference reading's targets by path, value and quote.
    let mut unidentified_targets = 0usize;
    let mut target_refs: Vec<Vec<Option<usize>>> = Vec::new();
    for (plan, stem) in plans.iter().zip(ALIGNMENT_STEMS) {
        let gold = gold_plan(root, stem).map(|p| p.targets).unwrap_or_default();
        let mapping = identify_targets(&plan.targets, &gold);
        unidentified_targets += mapping.iter().filter(|m| m.is_none()).count();
        target_refs.push(mapping);
    }
    let mut predicted = BTreeSet::new();
    for group in &diff.targets {
        let mut items: Vec<Ref> = Vec::new();
        for (ordinal, key) in keys.iter().enumerate() {
            let Some(Some(index)) = group.members.get(key) else {
                continue;
            };
            if let Some(Some(reference)) = target_refs.get(ordinal).and_then(|m| m.get(*index)) {
                items.push((ordinal, reference.to_string()));
            }
        }
        for i in 0..items.len() {
            for j in (i + 1)..items.len() {
                predicted.insert(ordered(items[i].clone(), items[j].clone()));
            }
        }
    }
    let targets = score_pairs(predicted, &target_reference, unidentified_targets);
    Some((tasks, targets))
}

/// Each found target → the reference target with the same path and value whose quote is most
/// alike, each reference target used once.
fn identify_targets(found: &[Target], reference: &[Target]) -> Vec<Option<usize>> {
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (i, target) in found.iter().enumerate() {
        let quote = compare::text::tokens(&target.quote);
        for (j, gold) in reference.iter().enumerate() {
            let same_place = target.path == gold.path && (target.value - gold.value).abs() < 1e-9;
            if same_place {
                let alike = compare::text::dice(&quote, &compare::text::tokens(&gold.quote));
                candidates.push((alike, i, j));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut mapping = vec![None; found.len()];
    let mut used = vec![false; reference.len()];
    for (_, i, j) in candidates {
        if mapping[i].is_none() && !used[j] {
            mapping[i] = Some(j);
            used[j] = true;
        }
    }
    mapping
}

fn describe_ref(plans: &[Plan], item: &Ref, targets: bool) -> String {
    let stem = ALIGNMENT_STEMS.get(item.0).copied().unwrap_or("?");
    let Some(plan) = plans.get(item.0) else {
        return format!("{stem}:{}", item.1);
    };
    let snippet = if targets {
        item.1
            .parse::<usize>()
            .ok()
            .and_then(|i| plan.targets.get(i))
            .map(|t| t.quote.clone())
    } else {
        plan.tables.iter().enumerate().find_map(|(t, table)| {
            table.rows.iter().find_map(|row| {
                let groups: Vec<String> = row.groups.iter().map(|g| g.number.clone()).collect();
                (row_key(t, &groups, &row.tt) == item.1)
                    .then(|| row.task.clone().unwrap_or_default())
            })
        })
    };
    let snippet: String = snippet.unwrap_or_default().chars().take(70).collect();
    format!("{stem}:{} «{snippet}»", item.1)
}

fn line(name: &str, source: &str, score: &Score) -> String {
    let (p, r, f) = score.f1();
    format!(
        "| {name} | {source} | {p:.3} | {r:.3} | {f:.3} | {}/{}/{} | {} |\n",
        score.matched, score.predicted, score.expected, score.unidentified
    )
}

fn misses(out: &mut String, plans: &[Plan], name: &str, score: &Score, targets: bool) {
    for (a, b) in &score.false_pairs {
        out.push_str(&format!(
            "  {name} wrongly grouped: {} + {}\n",
            describe_ref(plans, a, targets),
            describe_ref(plans, b, targets)
        ));
    }
    for (a, b) in &score.missed_pairs {
        out.push_str(&format!(
            "  {name} not grouped: {} + {}\n",
            describe_ref(plans, a, targets),
            describe_ref(plans, b, targets)
        ));
    }
}

/// The alignment figures (Markdown), on plans from the reference readings and on parsed seeds.
pub fn report(root: &Path, verbose: bool) -> String {
    let mut out = String::from(
        "Alignment (plandoc diff of kon-tum-142, son-la-142, gia-lai-142, dak-lak-142 vs fixtures/alignment)\n\n\
         | view | plans from | precision | recall | F1 | matched/predicted/expected pairs | unidentified |\n\
         |---|---|---|---|---|---|---|\n",
    );
    let gold: Option<Vec<Plan>> = ALIGNMENT_STEMS.iter().map(|s| gold_plan(root, s)).collect();
    let parsed: Vec<Plan> = ALIGNMENT_STEMS
        .iter()
        .filter_map(|s| {
            crate::parse_path(
                &super::seed_path(root, s),
                &crate::read::ReadOptions::default(),
            )
            .ok()
        })
        .collect();
    let mut details = String::new();
    for (source, plans) in [("reference readings", gold), ("parsed seeds", Some(parsed))] {
        let Some(plans) = plans.filter(|p| p.len() == ALIGNMENT_STEMS.len()) else {
            out.push_str(&format!(
                "| tasks | {source} | – | – | – | not available | |\n"
            ));
            continue;
        };
        let rows: usize = plans
            .iter()
            .flat_map(|p| &p.tables)
            .map(|t| t.rows.len())
            .sum();
        let targets: usize = plans.iter().map(|p| p.targets.len()).sum();
        match score(root, &plans) {
            Some((task_score, target_score)) => {
                if rows > 0 {
                    out.push_str(&line("tasks", source, &task_score));
                } else {
                    out.push_str(&format!(
                        "| tasks | {source} | – | – | – | no task rows read | |\n"
                    ));
                }
                if targets > 0 {
                    out.push_str(&line("targets", source, &target_score));
                } else {
                    out.push_str(&format!(
                        "| targets | {source} | – | – | – | no targets read | |\n"
                    ));
                }
                if verbose {
                    details.push_str(&format!("\n{source}:\n"));
                    misses(&mut details, &plans, "task", &task_score, false);
                    misses(&mut details, &plans, "target", &target_score, true);
                }
            }
            None => out.push_str("| – | – | – | – | – | fixtures/alignment missing | |\n"),
        }
    }
    out.push_str(&details);
    out
}

//! Cross-province comparison (`plandoc diff`): which tasks, targets, section headings and bodies
//! two or more plans share, which differ and which only one plan has.
//!
//! Items are aligned across all plans at once (`assign`), by wording similarity that ignores
//! tone-mark placement, case, spacing, abbreviations and province names (`text`).

pub mod assign;
pub mod model;
pub mod text;

mod agencies;
mod sections;
mod targets;
mod tasks;

use crate::model::Plan;
pub use model::*;

/// One plan to compare and the path it was read from.
pub struct Input {
    pub path: String,
    pub plan: Plan,
}

/// Compares plans; every task and target of every plan appears in exactly one group.
pub fn diff(inputs: &[Input]) -> Diff {
    let keys = plan_keys(inputs);
    let plans = inputs
        .iter()
        .zip(&keys)
        .map(|(input, key)| PlanRef {
            key: key.clone(),
            path: input.path.clone(),
            province: input.plan.plan.province.clone(),
            number: input.plan.plan.number.clone(),
            date: input.plan.plan.date.clone(),
        })
        .collect();
    let plan_list: Vec<&Plan> = inputs.iter().map(|i| &i.plan).collect();
    Diff {
        schema: crate::model::DIFF_SCHEMA.to_string(),
        plans,
        tasks: tasks::compare(&plan_list, &keys),
        targets: targets::compare(&plan_list, &keys),
        sections: sections::compare(&plan_list, &keys),
        agencies: agencies::compare(&plan_list, &keys),
    }
}

/// Slug of the province ("Kon Tum" → "kon-tum"), else of the file name; a second plan of the
/// same province gets "-2", a third "-3", in input order.
pub fn plan_keys(inputs: &[Input]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::with_capacity(inputs.len());
    for input in inputs {
        let base_name = input.plan.plan.province.clone().unwrap_or_else(|| {
            std::path::Path::new(&input.path)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "plan".to_string())
        });
        let mut base = slug(&base_name);
        if base.is_empty() {
            base = "plan".to_string();
        }
        let mut key = base.clone();
        let mut n = 2;
        while keys.contains(&key) {
            key = format!("{base}-{n}");
            n += 1;
        }
        keys.push(key);
    }
    keys
}

pub fn slug(text: &str) -> String {
    let folded = crate::domain::text::fold(text);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Which views to keep and which groups to hide.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Keep only this view: `tasks`, `targets`, `sections` or `agencies`.
    pub only: Option<String>,
    /// Hide groups in which nothing differs.
    pub changed: bool,
    /// Keep task groups (and agency rows) whose lead matches this text.
    pub lead: Option<String>,
}

pub const VIEWS: &[&str] = &["tasks", "targets", "sections", "agencies"];

/// Applies `filters` to a diff (the JSON output is filtered the same way as every other format).
pub fn filter(mut diff: Diff, filters: &Filters) -> Diff {
    let keep = |view: &str| !matches!(filters.only.as_deref(), Some(only) if only != view);
    if !keep("tasks") {
        diff.tasks.clear();
    }
    if !keep("targets") {
        diff.targets.clear();
    }
    if !keep("sections") {
        diff.sections.clear();
    }
    if !keep("agencies") {
        diff.agencies.clear();
    }
    let plan_count = diff.plans.len();
    if filters.changed {
        diff.tasks.retain(|g| g.status != "identical");
        diff.targets.retain(|g| !g.same);
        // A heading worded differently is a difference too, even where every plan has it.
        diff.sections.retain(|g| {
            let present = g.members.values().filter(|m| m.is_some()).count();
            let mut wordings: Vec<String> =
                g.headings.values().map(|h| text::wording_key(h)).collect();
            wordings.dedup();
            present < plan_count || wordings.len() > 1
        });
        diff.agencies.retain(|row| {
            let led: Vec<usize> = diff
                .plans
                .iter()
                .map(|p| row.led.get(&p.key).copied().unwrap_or(0))
                .collect();
            let supported: Vec<usize> = diff
                .plans
                .iter()
                .map(|p| row.supported.get(&p.key).copied().unwrap_or(0))
                .collect();
            led.windows(2).any(|w| w[0] != w[1]) || supported.windows(2).any(|w| w[0] != w[1])
        });
    }
    if let Some(wanted) = filters.lead.as_deref() {
        // Diacritics, tone-mark placement and abbreviations do not matter: "cong an",
        // "KH&CN" and "Khoa học và Công nghệ" all find what a reader means.
        let needle = crate::domain::text::fold(wanted);
        let needle_key = text::wording_key(wanted);
        let matches = |text: &str| {
            crate::domain::text::fold(text).contains(&needle)
                || (!needle_key.is_empty() && text::wording_key(text).contains(&needle_key))
        };
        diff.tasks
            .retain(|g| g.rows.values().any(|row| matches(&row.lead)));
        diff.agencies
            .retain(|row| matches(&row.body) || row.successor.as_deref().is_some_and(matches));
    }
    diff
}

//! The serde types of `plandoc diff --format json` (schema `plandoc/diff@1`, see
//! `docs/OUTPUT-CONTRACT.md`). Maps are keyed by plan key and serialized in key order, so the
//! same inputs always give the same bytes; `plans` gives the order the user listed them in.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Diff {
    pub schema: String,
    pub plans: Vec<PlanRef>,
    pub tasks: Vec<TaskGroup>,
    pub targets: Vec<TargetGroup>,
    pub sections: Vec<SectionGroup>,
    pub agencies: Vec<AgencyRow>,
    /// The filters (`--only`, `--changed`, `--lead`) that made this a partial view, and how
    /// many groups each kept view lost to them; absent when nothing was filtered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filtered: Option<Filtered>,
}

/// What a filtered diff leaves out, so that a report says it is one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Filtered {
    /// The views kept; empty for all four.
    pub only: Vec<String>,
    /// Groups in which nothing differs were hidden.
    pub changed: bool,
    /// Task groups and agency rows were kept only where a lead matches this text.
    pub lead: Option<String>,
    /// View → the number of its groups (rows, for agencies) the filters hid. Views `only`
    /// left out are not counted.
    pub hidden: BTreeMap<String, usize>,
    /// View → the group filters that hid some of its groups ("changed", "lead"; a group both
    /// would hide counts for `--changed`, applied first), so that a note names only those.
    /// Not written: the counts above are the contract's.
    #[serde(skip)]
    #[schemars(skip)]
    pub hidden_by: BTreeMap<String, Vec<&'static str>>,
}

impl Filtered {
    /// The filters as the command line gives them: "--changed, --lead 'Công an'".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.only.is_empty() {
            parts.push(format!("--only {}", self.only.join(",")));
        }
        parts.extend(self.group_filters(None));
        parts.join(", ")
    }

    /// The filters that drop groups of `view` (all views when None): `--changed` drops from
    /// every view, `--lead` from tasks and agencies only; for a view, only those that hid some
    /// of its groups, where that is known.
    fn group_filters(&self, view: Option<&str>) -> Vec<String> {
        let hid = |filter: &str| {
            view.and_then(|view| self.hidden_by.get(view))
                .is_none_or(|filters| filters.contains(&filter))
        };
        let mut parts = Vec::new();
        if self.changed && hid("changed") {
            parts.push("--changed".to_string());
        }
        if let Some(lead) = &self.lead {
            if view.is_none_or(|view| matches!(view, "tasks" | "agencies")) && hid("lead") {
                // One line whatever was typed: a line break in it would end a note in Markdown.
                let lead = crate::clean::collapse_whitespace(lead);
                parts.push(format!("--lead {}", shell_quoted(&lead)));
            }
        }
        parts
    }

    /// The filters that drop groups of `view`, as the command line gives them ("--changed").
    pub fn filters_for(&self, view: &str) -> String {
        self.group_filters(Some(view)).join(", ")
    }

    /// "32 more hidden by --changed" for a view that lost groups to the filters, naming only
    /// the ones that drop groups of that view.
    pub fn hidden_note(&self, view: &str) -> Option<String> {
        match self.hidden.get(view).copied().unwrap_or(0) {
            0 => None,
            n => Some(format!("{n} more hidden by {}", self.filters_for(view))),
        }
    }
}

/// `text` as a POSIX shell reads it back as one word: in single quotes, each quote inside
/// closed, escaped and reopened (Sở 'A' → 'Sở '\''A'\''').
pub fn shell_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// One compared plan. `key` is the slug of its province ("kon-tum"; "kon-tum-2" for a second
/// plan of the same province), used as the key of every per-plan map below.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PlanRef {
    pub key: String,
    pub path: String,
    pub province: Option<String>,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    /// What a reader of the comparison must know about this plan: "no task table found; its
    /// tasks are not compared" (every task of the others then reads as theirs alone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The document the plan was read from, when `path` is not that document: a plan JSON that
    /// `plandoc parse` wrote names its source, which says more to a reader than the JSON's path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl PlanRef {
    /// "Kon Tum · 129/KH-UBND · 2026-04-21": what of province, number and date the plan has
    /// (and "from kon-tum.txt" for a plan given as JSON), for the legends that say which file
    /// each key is.
    pub fn about(&self) -> String {
        [
            self.province.as_deref(),
            self.number.as_deref(),
            self.date.as_deref(),
        ]
        .into_iter()
        .flatten()
        .map(str::to_string)
        .chain(self.source.as_ref().map(|source| format!("from {source}")))
        // One line whatever a file holds: a line break would end a legend's line (in Markdown,
        // start a heading).
        .map(|part| crate::clean::collapse_whitespace(&part))
        .collect::<Vec<_>>()
        .join(" · ")
    }
}

/// Rows of different plans that are the same task (one row per plan at most).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TaskGroup {
    /// The group's place (from 1) in the whole comparison; filters keep it, so two reports of
    /// one comparison number a group alike.
    #[serde(default)]
    pub number: usize,
    /// Plan key → the row's `id`, null where the plan has no counterpart.
    pub members: BTreeMap<String, Option<String>>,
    /// Mean text similarity of the members' task wordings in [0, 1]; null for a row alone.
    pub similarity: Option<f64>,
    /// True when a member's wording alone is too far from every other member's to pair them
    /// (its best wording similarity is under the pairing threshold), so the group titles and
    /// bodies they share carried the match: worth a reader's second look.
    #[serde(default)]
    pub weak: bool,
    /// `identical` (every plan has it, nothing differs), `changed` (a field differs between
    /// members), `partial` (some plans lack it, the others agree) or `only` (one plan has it).
    pub status: String,
    pub changes: Vec<Change>,
    /// Plan key → the member row as printed, with its wording compared to the first member.
    pub rows: BTreeMap<String, TaskMember>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TaskMember {
    pub id: String,
    /// Titles of the group rows above the row, outermost first.
    pub groups: Vec<String>,
    pub task: String,
    pub lead: String,
    pub support: String,
    pub timeframe: String,
    /// Word-level difference from the group's first member (empty for that member itself and
    /// when the wording is the same up to tone marks, case, spacing, abbreviations and the
    /// province's own name).
    pub wording: Vec<Segment>,
    pub lines: crate::model::LineRange,
}

/// A run of words: `same`, `added` (in this member only) or `removed` (in the first member only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Segment {
    pub op: SegmentOp,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SegmentOp {
    Same,
    Added,
    Removed,
}

/// One field that differs within a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Change {
    /// `task`, `lead`, `support` or `timeframe`.
    pub field: String,
    /// Plan key → the value as printed (members only).
    pub values: BTreeMap<String, String>,
    /// `differs`, or `reorganized` when the bodies differ only by the 2025 reorganization
    /// (a body and its successor, e.g. Sở Thông tin và Truyền thông → Sở Khoa học và Công nghệ).
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Targets of different plans that are the same commitment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TargetGroup {
    /// The group's place (from 1) in the whole comparison, kept by filters.
    #[serde(default)]
    pub number: usize,
    /// Plan key → index into that plan's `targets`, null where the plan has no counterpart.
    pub members: BTreeMap<String, Option<usize>>,
    /// The first member's subject: the key targets were matched on (abbreviated, tone marks
    /// in one placement, numbers left out).
    pub subject: String,
    /// The same subject in the first member's own words, for a reader (`Target::label`).
    pub label: String,
    /// Plan key → the level as written with comparator and year ("≥ 80% (2030)").
    pub values: BTreeMap<String, String>,
    /// The plans that have it (at least two) give it the same value, comparator, unit and year;
    /// a plan without it is a null in `members` (see [`TargetGroup::in_every_plan_alike`]).
    pub same: bool,
    /// Plan key → `same` (the first member's value, comparator, unit and year), `weaker`,
    /// `stronger` (than the first member: a better level, lower for ceilings and ranks, or the
    /// same level earlier), `different` (units or comparators that do not compare, or one level
    /// with another comparator, or a year one of them lacks) or `only here`.
    pub verdicts: BTreeMap<String, String>,
    pub details: BTreeMap<String, TargetMember>,
}

impl TargetGroup {
    /// Every plan compared has the target, all at the same level.
    pub fn in_every_plan_alike(&self) -> bool {
        self.same && self.members.values().all(Option::is_some)
    }

    /// In every plan, at the same level and about the same thing (the subjects worded alike):
    /// nothing to show under `--changed`, nothing to tint. A task worded differently is changed
    /// too.
    pub fn unchanged(&self) -> bool {
        self.in_every_plan_alike()
            && self
                .details
                .values()
                .all(|member| member.wording.is_empty())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TargetMember {
    pub path: Vec<String>,
    pub value: f64,
    pub unit: String,
    pub comparator: String,
    pub year: Option<i32>,
    pub quote: String,
    /// What the target measures, in this plan's words.
    #[serde(default)]
    pub subject: String,
    /// Runs of words of `subject` against the group's first member's (`same`, `added`,
    /// `removed`); empty for that member and where the subjects are worded alike (up to tone
    /// marks, case, spacing, abbreviations and province names). Targets are paired by what they
    /// measure, so a level "same" as another plan's may still be about other things: this says
    /// what.
    #[serde(default)]
    pub wording: Vec<Segment>,
    /// The target's lines in this plan's input, as `parse` gives them.
    #[serde(default)]
    pub lines: crate::model::LineRange,
}

/// A section heading and which plans have it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SectionGroup {
    /// The heading as the first plan having it prints it.
    pub heading: String,
    pub level: u8,
    /// Plan key → the section's path ("II.2"), null where the plan has no such heading.
    pub members: BTreeMap<String, Option<String>>,
    /// Plan key → the heading as that plan prints it.
    pub headings: BTreeMap<String, String>,
    /// Plan key → the section's lines in that plan's input, as `parse` gives them (members
    /// only).
    #[serde(default)]
    pub lines: BTreeMap<String, crate::model::LineRange>,
}

/// One body (canonical name) and how many tasks it leads and supports in each plan. Each plan's
/// own provincial branch ("Điện lực Kon Tum", "Điện lực Gia Lai") is one row, named without the
/// province ("Điện lực tỉnh") when the plans name different provinces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AgencyRow {
    pub body: String,
    /// The body holding its work after the 2025 reorganization, when there is one.
    pub successor: Option<String>,
    pub led: BTreeMap<String, usize>,
    pub supported: BTreeMap<String, usize>,
}

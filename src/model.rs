//! The serde types of the output contract (`docs/OUTPUT-CONTRACT.md`, schema version 1).
//!
//! Field names here are a promise to every script built on plandoc: they do not change within a
//! schema version. New fields may be added. Strings are NFC with white space collapsed; the
//! document's own spelling is kept, normalized forms go into extra fields.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const PLAN_SCHEMA: &str = "plandoc/plan@1";
pub const DIFF_SCHEMA: &str = "plandoc/diff@1";
pub const CHECK_SCHEMA: &str = "plandoc/check@1";

/// First and last input line (1-based, inclusive) a piece of output came from.
pub type LineRange = [usize; 2];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Plan {
    pub schema: String,
    pub source: Source,
    pub plan: PlanMeta,
    pub sections: Vec<Section>,
    pub tables: Vec<Table>,
    pub targets: Vec<Target>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Plan {
    /// Every input line range the plan cites (sections, tables and their rows, targets,
    /// diagnostics), for checks that provenance stays inside the input.
    pub fn line_ranges(&self) -> impl Iterator<Item = LineRange> + '_ {
        let tables = self
            .tables
            .iter()
            .flat_map(|t| std::iter::once(t.lines).chain(t.rows.iter().map(|r| r.lines)));
        self.sections
            .iter()
            .map(|s| s.lines)
            .chain(tables)
            .chain(self.targets.iter().map(|t| t.lines))
            .chain(self.diagnostics.iter().map(|d| d.lines))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    /// `text`, `markdown`, `html`, `csv` or `pdf`.
    pub format: String,
    /// The encoding the bytes were decoded from (`utf-8`, `utf-16le`, `windows-1258`, `tcvn3`, …).
    #[serde(default)]
    pub encoding: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PlanMeta {
    pub province: Option<String>,
    pub title: Option<String>,
    pub number: Option<String>,
    /// ISO date `YYYY-MM-DD`.
    pub date: Option<String>,
    pub implements: Vec<String>,
    pub signer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Section {
    pub path: Vec<String>,
    pub number: String,
    pub level: u8,
    /// The title of the numbered part as printed; null when the number opens running text.
    pub heading: Option<String>,
    pub text: String,
    pub lines: LineRange,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TableKind {
    Tasks,
    Indicators,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Table {
    pub appendix: Option<String>,
    pub title: Option<String>,
    pub kind: TableKind,
    pub columns: Vec<String>,
    pub lines: LineRange,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Group {
    pub number: String,
    pub title: String,
}

/// Row ids made unique within a table: a row number that repeats under the same groups gets
/// "#2", "#3" … ("-#2" for the second "-" sub-row).
#[derive(Default)]
pub struct RowIds {
    // Ordered, not hashed: the keys come from the input, and the code path a lookup takes then
    // does not depend on a per-process hash seed (fuzzing counts code paths).
    used: std::collections::BTreeSet<String>,
    /// For each base id, the last repeat given: every repeat below it is taken, so the next
    /// search starts there. (A table of thousands of "-" sub-rows once searched a list for
    /// "-#2" … "-#k" at every row: cubic, 4,000 sub-rows took 23 s.)
    last_repeat: std::collections::BTreeMap<String, usize>,
}

impl RowIds {
    /// The id for a row whose number under its groups is `base_id`, and its repeat (1: unique).
    pub fn assign(&mut self, base_id: &str) -> (String, usize) {
        let numbered = |repeat: usize| match repeat {
            1 => base_id.to_string(),
            _ => format!("{base_id}#{repeat}"),
        };
        let mut repeat = self.last_repeat.get(base_id).copied().unwrap_or(1);
        let mut id = numbered(repeat);
        while self.used.contains(&id) {
            repeat += 1;
            id = numbered(repeat);
        }
        self.last_repeat.insert(base_id.to_string(), repeat);
        self.used.insert(id.clone());
        (id, repeat)
    }
}

/// One row of a task table or an indicator table. Task rows carry `task`, `support` and
/// `timeframe`; indicator rows carry `indicator` and `unit`. Both carry `lead` and `result`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Row {
    /// Group numbers and the row number joined by "." (`A.I.1`); unique within the table
    /// (`RowIds` numbers a repeat "#2", "#3" …).
    pub id: String,
    pub groups: Vec<Group>,
    pub tt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    pub lead: Agencies,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub support: Option<Agencies>,
    /// The "Kết quả" cell; null when the table has no such column.
    pub result: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeframe: Option<Timeframe>,
    pub lines: LineRange,
    pub confidence: f64,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Agencies {
    pub raw: String,
    pub agencies: Vec<Agency>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Agency {
    /// As printed.
    pub name: String,
    /// Full standard name: abbreviations expanded, tone marks normalized.
    pub canonical: String,
    /// The body holding this body's work after the 2025 reorganization, or null.
    pub successor: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TimeframeKind {
    Range,
    Year,
    Month,
    Recurring,
    Conditional,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Timeframe {
    pub raw: String,
    pub kind: TimeframeKind,
    pub start: Option<i32>,
    pub end: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Target {
    pub path: Vec<String>,
    pub value: f64,
    /// `%`, `% GRDP`, `% dân số`, `rank`, `count`, or another unit as printed.
    pub unit: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_printed: Option<String>,
    /// `=`, `>=` or `<=`.
    pub comparator: String,
    pub year: Option<i32>,
    pub subject: String,
    pub quote: String,
    pub lines: LineRange,
    /// Appendix label of the table the target comes from, when it comes from a table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
}

impl Target {
    /// The subject in the plan's own words, for a reader: the stretches of the quote it was
    /// taken from ("mô hình bảo vệ 04 lớp", "cán bộ, công chức, viên chức", "số hóa" where
    /// `subject`, a matching key, has "bảo vệ lớp", "CBCCVC", "số hoá"), without the target's
    /// own level; the subject itself when the quote does not hold its words. See
    /// `structure::targets::label`.
    pub fn label(&self) -> String {
        crate::structure::targets::label(
            &self.subject,
            &self.quote,
            &crate::structure::targets::Level {
                value: self.value,
                unit: &self.unit,
                unit_printed: self.unit_printed.as_deref(),
            },
        )
        .unwrap_or_else(|| self.subject.clone())
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Diagnostic {
    /// Stable kebab-case rule name.
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub lines: LineRange,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

impl Diagnostic {
    pub fn new(
        rule: &str,
        severity: Severity,
        message: impl Into<String>,
        lines: LineRange,
    ) -> Self {
        Diagnostic {
            rule: rule.to_string(),
            severity,
            message: message.into(),
            lines,
            suggestion: None,
        }
    }

    pub fn with_suggestion(mut self, suggestion: impl Into<String>) -> Self {
        self.suggestion = Some(suggestion.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::RowIds;

    /// The remembered repeats give the ids a search from "#1" every time gives, whatever the
    /// order of the base ids — including a base id that looks like another's repeat.
    #[test]
    fn row_ids_match_the_plain_search() {
        let bases = [
            "-", "1", "-", "I.1", "-", "1", "1#2", "-", "1", "I.1", "-#3", "-", "1",
        ];
        let mut plain: Vec<String> = Vec::new();
        let mut ids = RowIds::default();
        for round in 0..50 {
            for base in bases.iter().skip(round % 3) {
                let mut repeat = 1;
                let mut id = base.to_string();
                while plain.contains(&id) {
                    repeat += 1;
                    id = format!("{base}#{repeat}");
                }
                plain.push(id.clone());
                assert_eq!(ids.assign(base), (id, repeat), "round {round}, base {base}");
            }
        }
    }
}

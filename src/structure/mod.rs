//! Stage 3 — **structure**: classified lines to the plan's parts — metadata, the body's section
//! tree, the appendix tables and the numeric targets.

pub mod metadata;
pub mod sections;
pub mod tables;
pub mod targets;

use crate::clean::Document;
use crate::model::{Diagnostic, PlanMeta, Section, Severity, Table, Target};

/// Rows all of one document's tables may hold. A plan's tables hold tens to hundreds of rows;
/// each row costs every stage after this one time and memory (up to ~4 KB and 60 µs to build
/// one whose cells name a dozen bodies of their own, twice that to check it: 250,000 such rows
/// took `check` 28 s), so a bigger table is refused, not read: it would pass the 2 GiB and 20 s
/// a file may take (`docs/robustness.md`, "Text, rows and targets").
pub const MAX_TABLE_ROWS: usize = 100_000;

/// Bodies all of one document's table cells may name (a plan names hundreds; the seeds 43 to
/// 117): each costs `parse` and `check` a few µs, and 100,000 rows naming 13 each took `check`
/// 12.3 s. Past it the document is refused, as past the row limit.
pub const MAX_BODY_NAMES: usize = 500_000;

/// Targets one document may hold (a plan has tens): past it the document is refused.
pub const MAX_TARGETS: usize = 100_000;

/// The rule of the diagnostic that says a document passed one of the limits above. A plan
/// carrying it was not read whole; the commands refuse the file with its message (exit 2).
pub const OVER_LIMIT_RULE: &str = "over-limit";

/// What an `over-limit` diagnostic says of tables whose cells name more than `limit` bodies,
/// the first to pass it from `line`.
pub(crate) fn body_names_over_limit_message(limit: usize, line: usize) -> String {
    format!(
        "more than {limit} bodies named in table cells, over the limit for one document (a plan \
         names hundreds); the table from line {line} on is not read"
    )
}

/// What an `over-limit` diagnostic says of tables past `limit` rows, the first from `line`.
pub(crate) fn rows_over_limit_message(limit: usize, line: usize) -> String {
    format!(
        "more than {limit} table rows, over the limit for one document (a plan has tens to \
         hundreds); the table from line {line} on is not read"
    )
}

pub(crate) fn over_limit(message: String, lines: crate::model::LineRange) -> Diagnostic {
    Diagnostic::new(OVER_LIMIT_RULE, Severity::Error, message, lines)
}

/// Why a plan was not read whole: the message of its `over-limit` diagnostic, if it has one.
pub fn over_limit_reason(plan: &crate::model::Plan) -> Option<&str> {
    over_limit_in(&plan.diagnostics).map(|d| d.message.as_str())
}

/// The `over-limit` diagnostic among a document's, if a limit was passed.
pub(crate) fn over_limit_in(diagnostics: &[Diagnostic]) -> Option<&Diagnostic> {
    diagnostics.iter().find(|d| d.rule == OVER_LIMIT_RULE)
}

/// Everything the structure stage finds in one document.
#[derive(Debug, Clone, Default)]
pub struct Structure {
    pub meta: PlanMeta,
    pub sections: Vec<Section>,
    pub tables: Vec<Table>,
    pub targets: Vec<Target>,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn structure(document: &Document) -> Structure {
    let meta = metadata::extract(document);
    let (sections, mut diagnostics) = sections::extract(document);
    let (tables, table_diagnostics) = tables::extract(document);
    diagnostics.extend(table_diagnostics);
    let mut targets = Vec::new();
    // A document refused for its rows is not read for targets: nobody will see them.
    if over_limit_in(&diagnostics).is_none() {
        let (found, target_diagnostics) = targets::extract(document, &sections, &tables);
        targets = found;
        diagnostics.extend(target_diagnostics);
    }
    // A document refused for its size is no evidence of not being a plan.
    let over_limit = over_limit_in(&diagnostics).is_some();
    if sections.is_empty() && tables.is_empty() && !document.lines.is_empty() && !over_limit {
        // Any text parses; a file that is not a plan (a README, a letter, the wrong export)
        // must not pass for one whose parts were simply not found.
        diagnostics.push(
            Diagnostic::new(
                "not-a-plan",
                Severity::Warning,
                "no numbered part (I., 1., a)) and no task table: this does not read as a plan \
                 (Kế hoạch); any targets are numbers read from running text",
                [1, document.lines.len()],
            )
            .with_suggestion("check what was read with `plandoc text FILE`"),
        );
    }
    diagnostics.sort_by(|a, b| a.lines.cmp(&b.lines).then_with(|| a.rule.cmp(&b.rule)));
    Structure {
        meta,
        sections,
        tables,
        targets,
        diagnostics,
    }
}

//! Stage 3 — **structure**: classified lines to the plan's parts — metadata, the body's section
//! tree, the appendix tables and the numeric targets.

pub mod metadata;
pub mod sections;
pub mod tables;
pub mod targets;

use crate::clean::Document;
use crate::model::{Diagnostic, PlanMeta, Section, Severity, Table, Target};

/// Rows all of one document's tables may hold. A plan's tables hold tens to hundreds of rows;
/// each row costs every stage after this one time and memory (about 1.5 KB and 8 µs to build
/// one, twice that to check it), so a table of a million rows is refused, not read: it would
/// pass the 2 GiB and 20 s a file may take (`docs/robustness.md`, "Limits").
pub const MAX_TABLE_ROWS: usize = 500_000;

/// Targets one document may hold (a plan has tens): past it the document is refused.
pub const MAX_TARGETS: usize = 100_000;

/// The rule of the diagnostic that says a document passed one of the limits above. A plan
/// carrying it was not read whole; the commands refuse the file with its message (exit 2).
pub const OVER_LIMIT_RULE: &str = "over-limit";

pub(crate) fn over_limit(message: String, lines: crate::model::LineRange) -> Diagnostic {
    Diagnostic::new(OVER_LIMIT_RULE, Severity::Error, message, lines)
}

/// Why a plan was not read whole: the message of its `over-limit` diagnostic, if it has one.
pub fn over_limit_reason(plan: &crate::model::Plan) -> Option<&str> {
    plan.diagnostics
        .iter()
        .find(|d| d.rule == OVER_LIMIT_RULE)
        .map(|d| d.message.as_str())
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
    if !diagnostics.iter().any(|d| d.rule == OVER_LIMIT_RULE) {
        let (found, target_diagnostics) = targets::extract(document, &sections, &tables);
        targets = found;
        diagnostics.extend(target_diagnostics);
    }
    if sections.is_empty() && tables.is_empty() && !document.lines.is_empty() {
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

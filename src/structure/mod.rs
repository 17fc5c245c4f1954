//! Stage 3 — **structure**: classified lines to the plan's parts — metadata, the body's section
//! tree, the appendix tables and the numeric targets.

pub mod metadata;
pub mod sections;
pub mod tables;
pub mod targets;

use crate::clean::Document;
use crate::model::{Diagnostic, PlanMeta, Section, Severity, Table, Target};

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
    let (targets, target_diagnostics) = targets::extract(document, &sections, &tables);
    diagnostics.extend(target_diagnostics);
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

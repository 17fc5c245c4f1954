//! Stage 3 — **structure**: classified lines to the plan's parts — metadata, the body's section
//! tree, the appendix tables and the numeric targets.

pub mod metadata;
pub mod sections;
pub mod tables;
pub mod targets;

use crate::clean::Document;
use crate::model::{Diagnostic, PlanMeta, Section, Table, Target};

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
    diagnostics.sort_by(|a, b| a.lines.cmp(&b.lines).then_with(|| a.rule.cmp(&b.rule)));
    Structure {
        meta,
        sections,
        tables,
        targets,
        diagnostics,
    }
}

//! Rendering a diff: terminal table, Markdown, CSV, JSON, HTML, XLSX. Every format is built
//! from the same `Sheet`s (one per view), so they show the same groups in the same order.

mod html;
mod sheet;
mod table;
mod xlsx;

pub use html::html;
pub use sheet::{sheet, sheets, Cell, Layout, Sheet, FILTERED_SHEET, PLANS_SHEET};
pub use table::{markdown, table};
pub use xlsx::xlsx;

use crate::compare::Diff;

pub fn json(diff: &Diff, compact: bool) -> String {
    let mut text = if compact {
        serde_json::to_string(diff)
    } else {
        serde_json::to_string_pretty(diff)
    }
    .expect("diff model serializes");
    text.push('\n');
    text
}

/// One view as CSV (`view` is a sheet name: tasks, targets, sections, agencies, plans,
/// filtered), its
/// header row first even when no group is left; see [`crate::render::sheets::csv`].
pub fn csv(diff: &Diff, view: &str, for_excel: bool) -> String {
    match sheet(diff, view, Layout::Wide) {
        Some(sheet) => crate::render::sheets::csv(&sheet, for_excel),
        None if for_excel => "\u{FEFF}".to_string(),
        None => String::new(),
    }
}

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

/// How the header row of each view's CSV starts, whatever the plans (their keys come after):
/// how a file left in a CSV folder by an earlier `diff` is told from a user's own file of the
/// same name.
pub const CSV_HEADER_STARTS: &[(&str, &str)] = &[
    ("tasks", "#,status,similarity,"),
    ("targets", "#,label,subject,"),
    ("sections", "heading,level,"),
    ("agencies", "body,successor (2025),"),
];

/// Whether `bytes` (a file's first bytes) read as the CSV of `view` that `diff` writes.
pub fn is_view_csv(view: &str, bytes: &[u8]) -> bool {
    let text = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(bytes);
    CSV_HEADER_STARTS
        .iter()
        .any(|(name, start)| *name == view && text.starts_with(start.as_bytes()))
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

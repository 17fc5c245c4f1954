//! Rendering a diff: terminal table, Markdown, CSV, JSON, HTML, XLSX. Every format is built
//! from the same `Sheet`s (one per view), so they show the same groups in the same order.

mod html;
mod sheet;
mod table;
mod xlsx;

pub use html::html;
pub use sheet::{sheets, Cell, Layout, Sheet};
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

/// One view as CSV (`view` is a sheet name: tasks, targets, sections, agencies). `bom` puts a
/// UTF-8 byte-order mark first so Excel reads the Vietnamese letters right.
pub fn csv(diff: &Diff, view: &str, bom: bool) -> String {
    let mut out = String::new();
    if bom {
        out.push('\u{FEFF}');
    }
    let Some(sheet) = sheets(diff, Layout::Wide)
        .into_iter()
        .find(|s| s.name == view)
    else {
        return out;
    };
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = writer.write_record(&sheet.header);
    for row in &sheet.rows {
        let _ = writer.write_record(row.iter().map(|c| c.text.as_str()));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    out.push_str(&String::from_utf8_lossy(&bytes));
    out
}

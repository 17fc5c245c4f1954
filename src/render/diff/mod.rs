//! Rendering a diff: terminal table, Markdown, CSV, JSON, HTML, XLSX. Every format is built
//! from the same `Sheet`s (one per view), so they show the same groups in the same order.

mod html;
mod sheet;
mod table;
mod xlsx;

pub use html::html;
pub use sheet::{sheet, sheets, Cell, Layout, Sheet, PLANS_SHEET};
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

/// One view as CSV (`view` is a sheet name: tasks, targets, sections, agencies), its header row
/// first even when no group is left. Cells are the exact text unless `for_excel`: then a UTF-8
/// byte-order mark goes first so Excel reads the Vietnamese letters right, and a cell Excel
/// would run as a formula (starting with =, +, -, @, tab or carriage return: "- Hợp tác …",
/// "=HYPERLINK(…)") gets a leading ' so it is shown as text (OWASP's CSV-injection advice).
pub fn csv(diff: &Diff, view: &str, for_excel: bool) -> String {
    let mut out = String::new();
    if for_excel {
        out.push('\u{FEFF}');
    }
    let Some(sheet) = sheet(diff, view, Layout::Wide) else {
        return out;
    };
    let guard = |text: &str| -> String {
        if for_excel && text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{text}")
        } else {
            text.to_string()
        }
    };
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = writer.write_record(sheet.header.iter().map(|h| guard(h)));
    for row in &sheet.rows {
        let _ = writer.write_record(row.iter().map(|c| guard(&c.text)));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    out.push_str(&String::from_utf8_lossy(&bytes));
    out
}

//! The diff as terminal tables (comfy-table, fitted to the width) and as Markdown.

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};

use super::sheet::{sheets, Cell, Layout, Sheet};
use crate::compare::{Diff, SegmentOp};

/// How a format marks words that differ from the group's first member.
struct Marks {
    added: (&'static str, &'static str),
    removed: (&'static str, &'static str),
}

/// wdiff's convention, readable without colour: `{+added+}` and `[-removed-]`.
const PLAIN_MARKS: Marks = Marks {
    added: ("{+", "+}"),
    removed: ("[-", "-]"),
};

const MARKDOWN_MARKS: Marks = Marks {
    added: ("**", "**"),
    removed: ("~~", "~~"),
};

/// The cell's text with its wording difference marked; lines after the first (lead, support,
/// time) are kept as they are.
fn marked(cell: &Cell, marks: &Marks) -> String {
    if cell.wording.is_empty() {
        return cell.text.clone();
    }
    let mut out = String::new();
    for segment in &cell.wording {
        if !out.is_empty() {
            out.push(' ');
        }
        let (open, close) = match segment.op {
            SegmentOp::Same => ("", ""),
            SegmentOp::Added => marks.added,
            SegmentOp::Removed => marks.removed,
        };
        out.push_str(open);
        out.push_str(&segment.text);
        out.push_str(close);
    }
    if let Some((_, rest)) = cell.text.split_once('\n') {
        out.push('\n');
        out.push_str(rest);
    }
    out
}

fn title(sheet: &Sheet, diff: &Diff) -> String {
    let plans: Vec<String> = diff
        .plans
        .iter()
        .map(|p| format!("{} = {}", p.key, p.path))
        .collect();
    match sheet.name {
        "tasks" => format!(
            "Tasks — {} groups ({})\nwords only in a plan: {{+…+}}, words only in the first plan of the row: [-…-]",
            sheet.rows.len(),
            plans.join(", ")
        ),
        "targets" => format!("Targets — {} groups", sheet.rows.len()),
        "sections" => format!("Sections — {} headings", sheet.rows.len()),
        _ => "Agencies — tasks led / supported".to_string(),
    }
}

pub fn table(diff: &Diff, width: u16) -> String {
    let mut out = String::new();
    for sheet in sheets(diff, Layout::Compact) {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&title(&sheet, diff));
        out.push('\n');
        let mut grid = Table::new();
        grid.load_preset(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width);
        grid.set_header(sheet.header.clone());
        for row in &sheet.rows {
            grid.add_row(row.iter().map(|c| marked(c, &PLAIN_MARKS)));
        }
        out.push_str(&grid.to_string());
    }
    if out.is_empty() {
        out.push_str("Nothing to show.");
    }
    out.push('\n');
    out
}

fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', "<br>")
}

pub fn markdown(diff: &Diff) -> String {
    let mut out = String::from("# plandoc diff\n\n");
    for plan in &diff.plans {
        out.push_str(&format!(
            "- **{}**: {} ({})\n",
            plan.key,
            plan.province.as_deref().unwrap_or("—"),
            plan.path
        ));
    }
    for sheet in sheets(diff, Layout::Compact) {
        let heading = match sheet.name {
            "tasks" => "Tasks",
            "targets" => "Targets",
            "sections" => "Sections",
            _ => "Agencies (tasks led / supported)",
        };
        out.push_str(&format!("\n## {heading}\n\n"));
        if sheet.name == "tasks" {
            out.push_str("Words only in a plan are **bold**; words only in the first plan of the row are ~~struck~~.\n\n");
        }
        out.push_str(&format!(
            "| {} |\n",
            sheet
                .header
                .iter()
                .map(|h| markdown_cell(h))
                .collect::<Vec<_>>()
                .join(" | ")
        ));
        out.push_str(&format!("|{}\n", "---|".repeat(sheet.header.len())));
        for row in &sheet.rows {
            out.push_str(&format!(
                "| {} |\n",
                row.iter()
                    .map(|c| markdown_cell(&marked(c, &MARKDOWN_MARKS)))
                    .collect::<Vec<_>>()
                    .join(" | ")
            ));
        }
    }
    out
}

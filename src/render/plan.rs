//! One plan as JSON (the contract) or as a terminal outline.

use comfy_table::{
    presets::UTF8_FULL_CONDENSED, Cell, ColumnConstraint, ContentArrangement, Table, Width,
};

use crate::model::{Plan, Row, TableKind};
use crate::render::{counted, visible};
use unicode_width::UnicodeWidthStr;

/// The plan's JSON written as it is made (`json`'s bytes), for readings too large to hold twice.
pub fn write_json(plan: &Plan, compact: bool, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    if compact {
        serde_json::to_writer(&mut *out, plan)
    } else {
        serde_json::to_writer_pretty(&mut *out, plan)
    }
    // An I/O error (a reader gone away) keeps its kind: a closed pipe is no failure.
    .map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

pub fn json(plan: &Plan, compact: bool) -> String {
    let mut text = if compact {
        serde_json::to_string(plan)
    } else {
        serde_json::to_string_pretty(plan)
    }
    .expect("plan model serializes");
    text.push('\n');
    text
}

fn new_table(width: Option<u16>) -> Table {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    crate::render::fit_width(&mut table, width);
    table
}

/// A row's cells as a terminal shows them (the document's control characters made visible).
fn shown<S: AsRef<str>>(cells: impl IntoIterator<Item = S>) -> Vec<String> {
    cells
        .into_iter()
        .map(|cell| crate::render::table_text(cell.as_ref()))
        .collect()
}

/// A human view: metadata, the section outline, each appendix table, the targets and the
/// diagnostics, each as a table fitted to the terminal width.
pub fn table(plan: &Plan, width: Option<u16>) -> String {
    let mut out = String::new();
    let meta = &plan.plan;
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".to_string());
    let mut head = new_table(width);
    head.set_header(vec!["field", "value"]);
    head.add_row(shown(["file".to_string(), plan.source.path.clone()]));
    head.add_row(shown(["province".to_string(), show(&meta.province)]));
    head.add_row(shown(["number".to_string(), show(&meta.number)]));
    head.add_row(shown(["date".to_string(), show(&meta.date)]));
    head.add_row(shown(["title".to_string(), show(&meta.title)]));
    head.add_row(shown([
        "implements".to_string(),
        meta.implements.join(", "),
    ]));
    head.add_row(shown(["signer".to_string(), show(&meta.signer)]));
    let rows: usize = plan.tables.iter().map(|t| t.rows.len()).sum();
    head.add_row(shown([
        "counts".to_string(),
        format!(
            "{}, {} ({}), {}, {}",
            counted(plan.sections.len(), "section", "sections"),
            counted(plan.tables.len(), "table", "tables"),
            counted(rows, "row", "rows"),
            counted(plan.targets.len(), "target", "targets"),
            counted(plan.diagnostics.len(), "diagnostic", "diagnostics"),
        ),
    ]));
    out.push_str(&head.to_string());
    out.push_str("\n\nSections\n");
    out.push_str(&outline(plan, width));
    for t in &plan.tables {
        // A table's title runs long (a whole appendix heading): broken between words to the
        // terminal's width, as the tables are.
        let title = format!(
            "{} — {} ({}, lines {}–{})",
            visible(t.appendix.as_deref().unwrap_or("Appendix")),
            visible(t.title.as_deref().unwrap_or("")),
            counted(t.rows.len(), "row", "rows"),
            t.lines[0],
            t.lines[1]
        );
        out.push_str("\n\n");
        out.push_str(&crate::render::fill(
            title.split_whitespace(),
            crate::render::prose_width(width),
            "",
        ));
        out.push('\n');
        let mut grid = new_table(width);
        match t.kind {
            TableKind::Tasks => {
                grid.set_header(vec!["id", "task", "lead", "support", "time", "conf."]);
                for row in &t.rows {
                    grid.add_row(shown(task_cells(row)));
                }
                // The task is what is read: the bodies and the time give it room (laid out
                // evenly, a timeframe took as many columns as the task and a task ran to 20
                // lines on an 80-column terminal).
                for (column, share) in [(2, 20), (3, 20), (4, 12)] {
                    if let Some(column) = grid.column_mut(column) {
                        column.set_constraint(ColumnConstraint::UpperBoundary(Width::Percentage(
                            share,
                        )));
                    }
                }
            }
            TableKind::Indicators => {
                grid.set_header(vec!["id", "indicator", "unit", "result", "lead", "conf."]);
                for row in &t.rows {
                    grid.add_row(shown([
                        row.id.clone(),
                        row.indicator.clone().unwrap_or_default(),
                        row.unit.clone().unwrap_or_default(),
                        row.result.clone().unwrap_or_default(),
                        row.lead.raw.clone(),
                        format!("{:.2}", row.confidence),
                    ]));
                }
            }
        }
        out.push_str(&grid.to_string());
    }
    if !plan.targets.is_empty() {
        out.push_str("\n\nTargets\n");
        let mut grid = new_table(width);
        grid.set_header(vec!["path", "value", "year", "label", "lines"]);
        for target in &plan.targets {
            grid.add_row(shown([
                target.path.join("."),
                format!(
                    "{} {} {}",
                    target.comparator,
                    format_number(target.value),
                    target.unit
                ),
                target
                    .year
                    .map(|y| y.to_string())
                    .unwrap_or_else(|| "—".into()),
                // The subject in the plan's own words: the table is for reading.
                target.label(),
                format!("{}–{}", target.lines[0], target.lines[1]),
            ]));
        }
        out.push_str(&grid.to_string());
    }
    if !plan.diagnostics.is_empty() {
        out.push_str("\n\nDiagnostics\n");
        let mut grid = new_table(width);
        grid.set_header(vec!["rule", "severity", "message", "lines"]);
        for d in &plan.diagnostics {
            grid.add_row(shown([
                d.rule.clone(),
                format!("{:?}", d.severity).to_lowercase(),
                d.message.clone(),
                format!("{}–{}", d.lines[0], d.lines[1]),
            ]));
        }
        out.push_str(&grid.to_string());
    }
    out.push('\n');
    out
}

fn task_cells(row: &Row) -> Vec<String> {
    vec![
        row.id.clone(),
        row.task.clone().unwrap_or_default(),
        row.lead.raw.clone(),
        row.support
            .as_ref()
            .map(|s| s.raw.clone())
            .unwrap_or_default(),
        row.timeframe
            .as_ref()
            .map(|t| t.raw.clone())
            .unwrap_or_default(),
        format!("{:.2}", row.confidence),
    ]
}

/// 80.0 → "80", 2.5 → "2.5".
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

pub fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// The section tree, each heading indented by its level. A heading too long for its column is
/// broken here, every line indented alike, once comfy-table has said how wide the column is:
/// comfy-table drops a wrapped cell's leading spaces, so the lines after the first lost the
/// level.
fn outline(plan: &Plan, width: Option<u16>) -> String {
    let rows: Vec<[String; 3]> = plan
        .sections
        .iter()
        .map(|section| {
            // No-break spaces, which comfy-table keeps at the start of a cell.
            let indent = "\u{a0}\u{a0}".repeat(section.level.saturating_sub(1) as usize);
            let label = match &section.heading {
                Some(h) => h.clone(),
                None => shorten(&section.text, 90),
            };
            [
                section.path.join("."),
                format!("{indent}{}", crate::render::table_text(&label)),
                format!("{}–{}", section.lines[0], section.lines[1]),
            ]
        })
        .collect();
    let grid = |rows: &[[String; 3]], widths: Option<&[usize]>| {
        let mut table = new_table(width);
        table.set_header(vec!["path", "heading / text", "lines"]);
        for row in rows {
            table.add_row(row.iter().map(Cell::new));
        }
        if let Some(widths) = widths {
            for (index, &columns) in widths.iter().enumerate() {
                if let Some(column) = table.column_mut(index) {
                    let columns = u16::try_from(columns).unwrap_or(u16::MAX);
                    column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(columns)));
                }
            }
        }
        table.to_string()
    };
    let first = grid(&rows, None);
    let widths = crate::render::column_widths(&first);
    let Some(room) = widths
        .get(1)
        .map(|w| w.saturating_sub(2))
        .filter(|r| *r > 8)
    else {
        return first;
    };
    if !rows.iter().any(|row| row[1].width() > room) {
        return first;
    }
    let wrapped: Vec<[String; 3]> = rows
        .into_iter()
        .map(|[path, label, lines]| [path, hanging(&label, room), lines])
        .collect();
    grid(&wrapped, Some(&widths))
}

/// `label` (its indent of no-break spaces first) broken between words into lines at most `room`
/// wide, each line after the first under the first one's words; a word wider than a line is cut
/// into pieces that fit (left whole, comfy-table would cut it and set the rest outside the
/// indent).
fn hanging(label: &str, room: usize) -> String {
    let body = label.trim_start_matches('\u{a0}');
    let indent = &label[..label.len() - body.len()];
    let indent_width = indent.chars().count();
    // A level so deep that its indent leaves no room is shown flush: its path says the level.
    let (indent, indent_width) = if indent_width + 8 > room {
        ("", 0)
    } else {
        (indent, indent_width)
    };
    let line_room = room - indent_width;
    let words = body
        .split(' ')
        .filter(|word| !word.is_empty())
        .flat_map(|word| pieces(word, line_room));
    crate::render::fill(words, room, indent)
}

/// `word` cut into pieces at most `room` wide, between user-perceived characters (a flag or a
/// letter with its marks stays whole), each piece measured as the terminal and comfy-table
/// measure it, as a whole (an emoji with its presentation selector is two columns wide, its
/// characters one apiece). A character wider than the room is a piece of its own.
fn pieces(word: &str, room: usize) -> Vec<&str> {
    use unicode_segmentation::UnicodeSegmentation;
    let mut out = Vec::new();
    let mut start = 0;
    for (at, grapheme) in word.grapheme_indices(true) {
        let end = at + grapheme.len();
        if at > start && word[start..end].width() > room {
            out.push(&word[start..at]);
            start = at;
        }
    }
    out.push(&word[start..]);
    out
}

#[cfg(test)]
mod outline_tests {
    use super::hanging;
    use unicode_width::UnicodeWidthStr;

    /// Every line of a wrapped heading fits the room and starts with the level's indent, also
    /// when its words are wider than a line, measured as the terminal shows them (an emoji with
    /// its presentation selector is two columns wide, a flag one symbol).
    #[test]
    fn every_line_fits_under_the_indent() {
        let indent = "\u{a0}\u{a0}";
        for body in [
            "Mục tiêu ❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️❤️".to_string(),
            format!("a {}", "x".repeat(77)),
            "🇻🇳🇻🇳🇻🇳🇻🇳🇻🇳🇻🇳🇻🇳🇻🇳🇻🇳🇻🇳🇻🇳🇻🇳 cờ".to_string(),
            "Chuyển đổi số trong cơ quan nhà nước trên địa bàn tỉnh".to_string(),
        ] {
            let label = format!("{indent}{body}");
            for room in [12, 19, 21, 40] {
                let shown = hanging(&label, room);
                for line in shown.lines() {
                    assert!(line.starts_with(indent), "{room}: {line:?}");
                    assert!(line.width() <= room, "{room}: {line:?} is {}", line.width());
                }
                let words: String = shown.replace(indent, "").split_whitespace().collect();
                let expected: String = body.split_whitespace().collect();
                assert_eq!(words, expected, "{room}: no character lost");
            }
        }
    }
}

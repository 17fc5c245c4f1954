//! The diff as terminal tables (comfy-table, fitted to the width) and as Markdown.

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use unicode_width::UnicodeWidthStr;

use super::sheet::{
    counted, hidden_note, sheets, Cell, Layout, Sheet, AGENCY_ABSENT, VERDICT_LEGEND,
};
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
/// time) are kept as they are. `escape` is applied to the document's text, not to the marks.
fn marked(cell: &Cell, marks: &Marks, escape: fn(&str) -> String) -> String {
    if cell.wording.is_empty() {
        return escape(&cell.text);
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
        out.push_str(&escape(&segment.text));
        out.push_str(close);
    }
    if let Some((_, rest)) = cell.text.split_once('\n') {
        out.push('\n');
        out.push_str(&escape(rest));
    }
    out
}

/// Document text for a terminal: as printed, its control characters made visible (and a word
/// too long for any column broken, `render::table_text`).
fn verbatim(text: &str) -> String {
    crate::render::table_text(text)
}

fn title(diff: &Diff, sheet: &Sheet) -> String {
    let hidden = hidden_note(diff, sheet.name)
        .map(|note| format!(" ({note})"))
        .unwrap_or_default();
    match sheet.name {
        "tasks" => format!(
            "Tasks — {}{hidden}\nwords only in a plan: {{+…+}}, words only in the first plan of the row: [-…-]",
            counted(sheet.rows.len(), "group", "groups"),
        ),
        "targets" => format!(
            "Targets — {}{hidden}\nverdicts, against the first plan of the row that has the target:\nsame, stronger, weaker, different (units or comparators that do not compare)",
            counted(sheet.rows.len(), "group", "groups")
        ),
        "sections" => format!(
            "Sections — {}{hidden}",
            counted(sheet.rows.len(), "heading", "headings")
        ),
        _ if shows_absent(sheet) => {
            format!("Agencies — tasks led / supported{hidden}\n{AGENCY_ABSENT}")
        }
        _ => format!("Agencies — tasks led / supported{hidden}"),
    }
}

/// The lines under the plan legend: plans to read with care, and the filters that made the
/// report a partial one (the numbers # stay those of the whole comparison).
fn cautions(diff: &Diff) -> Vec<String> {
    let mut lines: Vec<String> = diff
        .plans
        .iter()
        .filter_map(|plan| Some(format!("{}: {}", plan.key, plan.note.as_deref()?)))
        .collect();
    if let Some(filtered) = diff.filtered.as_ref() {
        let what = if filtered.hidden.values().any(|&n| n > 0) {
            "groups hidden"
        } else {
            "no group of the views shown hidden"
        };
        lines.push(format!(
            "filtered ({}): {what}; # numbers are the whole comparison's",
            filtered.describe()
        ));
    }
    lines
}

/// `text` broken between words so that no line is wider than `width` (a word longer than the
/// line stays whole): the legend and notes around the tables, which comfy-table does not lay out.
fn wrap(text: &str, width: usize) -> String {
    text.split('\n')
        .map(|line| crate::render::fill(line.split(' '), width, ""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Terminal tables `width` columns wide; None lets comfy-table ask the terminal itself (the
/// shell's COLUMNS is often not exported to programs).
pub fn table(diff: &Diff, width: Option<u16>) -> String {
    // Which file each column key stands for, one plan a line: on one line, four paths ran far
    // past a terminal's width. A line too long goes on under the path (the path itself is never
    // broken: it is copied from here).
    let prose_width = crate::render::prose_width(width);
    let mut out = String::from("Plans compared:\n");
    for plan in &diff.plans {
        let about = plan.about();
        // As typed, spaces and all, but on one line.
        let path = crate::render::visible_name(&plan.path);
        let mut line = format!("{} = {path}", plan.key);
        if !about.is_empty() {
            line.push_str(&format!(" ({})", crate::render::visible(&about)));
        }
        let (head, rest) = line.split_at(line.find(" = ").map_or(0, |at| at + 3) + path.len());
        let laid = crate::render::fill(
            std::iter::once(head).chain(rest.split(' ').filter(|w| !w.is_empty())),
            prose_width,
            "    ",
        );
        out.push_str("  ");
        out.push_str(laid.strip_prefix("    ").unwrap_or(&laid));
        out.push('\n');
    }
    for line in cautions(diff) {
        let note = format!("Note: {}", crate::render::visible(&line));
        out.push_str(&wrap(&note, prose_width));
        out.push('\n');
    }
    for sheet in sheets(diff, Layout::Compact) {
        out.push_str("\n\n");
        out.push_str(&wrap(
            &crate::render::visible(&title(diff, &sheet)),
            prose_width,
        ));
        out.push('\n');
        // "0 groups" in the title says it; an empty grid of headers would only take room. The
        // agencies' title has no count: it is said below it.
        if sheet.rows.is_empty() {
            if sheet.name == "agencies" && hidden_note(diff, sheet.name).is_none() {
                out.push_str("0 bodies.\n");
            }
            continue;
        }
        let mut grid = Table::new();
        grid.load_preset(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic);
        crate::render::fit_width(&mut grid, width);
        grid.set_header(sheet.header.clone());
        let cells: Vec<Vec<String>> = sheet
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| marked(c, &PLAIN_MARKS, verbatim))
                    .collect()
            })
            .collect();
        for row in &cells {
            grid.add_row(row.clone());
        }
        out.push_str(&render_breaking_fewest_words(&mut grid, &cells));
    }
    out.push('\n');
    out
}

/// The grid laid out so that header words are not broken where room allows: with five plans
/// side by side at 80 columns, comfy-table broke "differences" into "differenc/es" and
/// "kon-tum-2" into "kon-tum-/2" to save a column or two, as it shares the room out evenly.
/// Here the room is shared out by water-filling above a floor for each column, its longest word
/// (header or cell, a very long one aside) where all fit, else its header's longest word; the
/// layout that breaks the fewest words (a header word weighing more than a cell's) among that
/// and comfy-table's own is kept, so the result is never wider, nor worse, than comfy-table's.
fn render_breaking_fewest_words(grid: &mut Table, cells: &[Vec<String>]) -> String {
    use comfy_table::{ColumnConstraint, Width};
    let header: Vec<String> = grid
        .header()
        .map(|row| row.cell_iter().map(|cell| cell.content()).collect())
        .unwrap_or_default();
    let shown = grid.to_string();
    let Some(limit) = grid.width().map(usize::from) else {
        return shown;
    };
    let columns = header.len();
    // Padding counts in a column's width: one space either side.
    let needed: Vec<usize> = header.iter().map(|name| longest_word(name) + 2).collect();
    const LONG_WORD: usize = 16;
    let column_texts = |index: usize| {
        std::iter::once(&header[index]).chain(cells.iter().filter_map(move |row| row.get(index)))
    };
    let least: Vec<usize> = (0..columns)
        .map(|index| {
            let words = column_texts(index)
                .map(|text| longest_word(text))
                .filter(|width| *width <= LONG_WORD)
                .max()
                .unwrap_or(0);
            needed[index].max(words + 2)
        })
        .collect();
    let desired: Vec<usize> = (0..columns)
        .map(|index| {
            column_texts(index)
                .flat_map(|text| text.lines())
                .map(UnicodeWidthStr::width)
                .max()
                .unwrap_or(0)
                + 2
        })
        .collect();
    // Borders: one line left of each column and one at the right end.
    let Some(room) = limit.checked_sub(columns + 1) else {
        return shown;
    };
    let mut best = (
        broken_words(&crate::render::column_widths(&shown), &header, cells),
        shown,
    );
    for floor in [&least, &needed] {
        let Some(widths) = water_fill(floor, &desired, room) else {
            continue;
        };
        let mut candidate = grid.clone();
        for (index, &width) in widths.iter().enumerate() {
            if let Some(column) = candidate.column_mut(index) {
                let width = u16::try_from(width).unwrap_or(u16::MAX);
                column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(width)));
            }
        }
        let again = candidate.to_string();
        if widest_line(&again) > limit {
            continue;
        }
        let broken = broken_words(&crate::render::column_widths(&again), &header, cells);
        if broken < best.0 {
            best = (broken, again);
        }
    }
    best.1
}

/// Column widths summing to at most `room`: each at least its `floor`, the rest given to the
/// narrowest columns first, none beyond what it `desire`s (room no column wants is left
/// unused). None when the floors alone do not fit.
fn water_fill(floor: &[usize], desire: &[usize], room: usize) -> Option<Vec<usize>> {
    if floor.iter().sum::<usize>() > room {
        return None;
    }
    let mut widths = floor.to_vec();
    let mut left = room - floor.iter().sum::<usize>();
    // One column at a time, the narrowest that still wants more: a level rising evenly.
    while left > 0 {
        let Some(index) = (0..widths.len())
            .filter(|&i| widths[i] < desire[i])
            .min_by_key(|&i| (widths[i], i))
        else {
            break;
        };
        widths[index] += 1;
        left -= 1;
    }
    Some(widths)
}

fn widest_line(shown: &str) -> usize {
    shown.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

fn longest_word(text: &str) -> usize {
    text.split_whitespace()
        .map(UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}

/// How costly a layout is in broken words: each word of the header or the cells wider than its
/// column's room (its width less one space of padding either side), which comfy-table must break.
/// A header word counts as `HEADER_WORD_COST` cell words: it names the whole column, and is
/// read before every row of it.
fn broken_words(widths: &[usize], header: &[String], cells: &[Vec<String>]) -> usize {
    const HEADER_WORD_COST: usize = 8;
    let broken = |row: &[String]| -> usize {
        row.iter()
            .zip(widths)
            .map(|(text, width)| {
                text.split_whitespace()
                    .filter(|word| word.width() + 2 > *width)
                    .count()
            })
            .sum()
    };
    HEADER_WORD_COST * broken(header) + cells.iter().map(|row| broken(row)).sum::<usize>()
}

/// Document text made literal in Markdown: a backslash before every character that could start
/// emphasis, strikethrough, a link, code, raw HTML or an entity, or end the table cell ("<script>",
/// "_x_" and "*" are shown as printed, not run or rendered).
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::render::visible(text).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '~' | '[' | ']' | '<' | '>' | '&' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A table cell: its lines (already escaped) joined by <br>, since a cell is one line; an
/// indent (a heading's level) kept as no-break spaces, since Markdown trims a cell's spaces.
fn markdown_cell(escaped: &str) -> String {
    let body = escaped.trim_start_matches(' ');
    let indent = escaped.len() - body.len();
    format!("{}{}", "\u{a0}".repeat(indent), body.replace('\n', "<br>"))
}

pub fn markdown(diff: &Diff) -> String {
    let mut out = String::from("# plandoc diff\n\n");
    for plan in &diff.plans {
        let about = plan.about();
        out.push_str(&format!(
            "- **{}**: {} ({})\n",
            markdown_text(&plan.key),
            markdown_text(if about.is_empty() { "—" } else { &about }),
            // One line: a line break would end the list item and start the name's own text.
            markdown_text(&crate::render::visible_name(&plan.path))
        ));
    }
    let cautions = cautions(diff);
    if !cautions.is_empty() {
        out.push('\n');
        for line in cautions {
            out.push_str(&format!("> **Note:** {}\n\n", markdown_text(&line)));
        }
    }
    for sheet in sheets(diff, Layout::Compact) {
        // The counts the terminal's titles give: a report sent on says how much each view
        // holds, and what the filters hid of it.
        let shown = sheet.rows.len();
        let heading = match sheet.name {
            "tasks" => format!("Tasks — {}", counted(shown, "group", "groups")),
            "targets" => format!("Targets — {}", counted(shown, "group", "groups")),
            "sections" => format!("Sections — {}", counted(shown, "heading", "headings")),
            _ => format!(
                "Agencies (tasks led / supported) — {}",
                counted(shown, "body", "bodies")
            ),
        };
        let hidden = hidden_note(diff, sheet.name)
            .map(|note| format!(" ({})", markdown_text(&note)))
            .unwrap_or_default();
        out.push_str(&format!("\n## {heading}{hidden}\n\n"));
        if sheet.rows.is_empty() {
            continue;
        }
        if sheet.name == "tasks" {
            out.push_str("Words only in a plan are **bold**; words only in the first plan of the row are ~~struck~~.\n\n");
        }
        if sheet.name == "targets" {
            out.push_str(&format!("Verdicts: {}.\n\n", markdown_text(VERDICT_LEGEND)));
        }
        if sheet.name == "agencies" && shows_absent(&sheet) {
            out.push_str(&format!("{}.\n\n", markdown_text(AGENCY_ABSENT)));
        }
        out.push_str(&format!(
            "| {} |\n",
            sheet
                .header
                .iter()
                .map(|h| markdown_cell(&markdown_text(h)))
                .collect::<Vec<_>>()
                .join(" | ")
        ));
        out.push_str(&format!("|{}\n", "---|".repeat(sheet.header.len())));
        for row in &sheet.rows {
            out.push_str(&format!(
                "| {} |\n",
                row.iter()
                    .map(|c| markdown_cell(&marked(c, &MARKDOWN_MARKS, markdown_text)))
                    .collect::<Vec<_>>()
                    .join(" | ")
            ));
        }
    }
    out
}

/// Whether a sheet has a "—" cell: the legend of the agencies' "—" is printed only then.
fn shows_absent(sheet: &Sheet) -> bool {
    sheet.rows.iter().flatten().any(|cell| cell.text == "—")
}

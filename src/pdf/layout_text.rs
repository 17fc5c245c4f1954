//! The text a PDF was read as: plain reading order (what the structure stage and `plandoc text`
//! see) and a layout view with columns kept (`plandoc text --layout`).

use super::glyphs::Page;
use super::lines::{join_words, TextLine};
use super::tables::{FoundTable, RowKind};

/// A gap this wide (in font sizes) between two words of one baseline splits the line into
/// blocks that are read one after the other (a two-column letterhead, a signature beside
/// recipients).
const BLOCK_GAP_EM: f64 = 3.0;

pub struct Rendered {
    pub text: String,
    /// Per table, per row: the 1-based line of `text` the row was written on.
    pub row_lines: Vec<Vec<usize>>,
    /// Per table: the line of its header row.
    pub header_lines: Vec<usize>,
}

enum Emit {
    Header(usize),
    Row(usize, usize),
}

/// Plain reading-order text. Table rows are written one per line, cells separated by tabs, so
/// a row is one line whatever its cells' wrapping; repeated headers are left out.
pub fn render(pages: &[Page], lines: &[TextLine], tables: &[FoundTable]) -> Rendered {
    let mut consumed = vec![false; lines.len()];
    let mut emits: Vec<Vec<Emit>> = (0..lines.len()).map(|_| Vec::new()).collect();
    for (t, table) in tables.iter().enumerate() {
        for &i in &table.consumed {
            if let Some(flag) = consumed.get_mut(i) {
                *flag = true;
            }
        }
        if let Some(list) = emits.get_mut(table.header_line) {
            list.push(Emit::Header(t));
        }
        for (r, row) in table.rows.iter().enumerate() {
            if let Some(list) = emits.get_mut(row.first_line) {
                list.push(Emit::Row(t, r));
            }
        }
    }
    let mut out = String::new();
    let mut line_no = 0usize;
    let mut row_lines: Vec<Vec<usize>> = tables.iter().map(|t| vec![0; t.rows.len()]).collect();
    let mut header_lines = vec![0; tables.len()];
    let mut page_break_pending = false;
    let mut previous_page = 0usize;
    let mut push = |out: &mut String, text: &str, page_break: &mut bool| -> usize {
        if *page_break {
            out.push('\u{0C}');
            *page_break = false;
        }
        out.push_str(text);
        out.push('\n');
        line_no += 1;
        line_no
    };
    let _ = pages;
    for (i, line) in lines.iter().enumerate() {
        if line.page != previous_page {
            page_break_pending = true;
            previous_page = line.page;
        }
        for emit in &emits[i] {
            match *emit {
                Emit::Header(t) => {
                    let cells: Vec<&str> = tables[t]
                        .columns
                        .iter()
                        .map(|c| c.header.as_str())
                        .collect();
                    header_lines[t] = push(&mut out, &cells.join("\t"), &mut page_break_pending);
                }
                Emit::Row(t, r) => {
                    let row = &tables[t].rows[r];
                    let text = match row.kind {
                        RowKind::Group => row
                            .cells
                            .iter()
                            .take(2)
                            .cloned()
                            .collect::<Vec<_>>()
                            .join("\t"),
                        RowKind::Data => row.cells.join("\t"),
                    };
                    row_lines[t][r] = push(&mut out, &text, &mut page_break_pending);
                }
            }
        }
        if consumed[i] {
            continue;
        }
        for block in line.segments(BLOCK_GAP_EM) {
            push(&mut out, &join_words(block), &mut page_break_pending);
        }
    }
    Rendered {
        text: out,
        row_lines,
        header_lines,
    }
}

/// Pages with words placed at their x position on a character grid, one text line per
/// baseline, blank lines where the page leaves a gap; pages separated by form feeds.
pub fn layout(pages: &[Page], lines: &[TextLine]) -> String {
    let mut out = String::new();
    let mut start = 0;
    for (index, _page) in pages.iter().enumerate() {
        let end = start
            + lines[start..]
                .iter()
                .take_while(|l| l.page == index)
                .count();
        let page_lines = &lines[start..end];
        start = end;
        if index > 0 {
            out.push('\u{0C}');
        }
        let mut sizes: Vec<f64> = page_lines.iter().map(TextLine::size).collect();
        sizes.sort_by(f64::total_cmp);
        let size = sizes.get(sizes.len() / 2).copied().unwrap_or(10.0).max(1.0);
        let cell_width = size * 0.5;
        let left = page_lines
            .iter()
            .map(TextLine::x0)
            .fold(f64::INFINITY, f64::min);
        let mut previous_bottom: Option<f64> = None;
        for line in page_lines {
            if previous_bottom.is_some_and(|b| line.top - b > 1.0 * size) {
                out.push('\n');
            }
            previous_bottom = Some(line.bottom);
            let mut row = String::new();
            let mut width = 0usize;
            for word in &line.words {
                let column = (((word.x0 - left) / cell_width).round().max(0.0) as usize).min(2000);
                let target = if width == 0 {
                    column
                } else {
                    column.max(width + 1)
                };
                row.extend(std::iter::repeat_n(' ', target - width));
                row.push_str(&word.text);
                width = target + word.text.chars().count();
            }
            out.push_str(row.trim_end());
            out.push('\n');
        }
    }
    out
}

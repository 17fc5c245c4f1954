//! Grids of cells shared by every spreadsheet-like output (a diff's views, a plan's tables):
//! CSV and XLSX are written from a `Sheet`, whatever it shows.

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError,
};

use crate::compare::{Segment, SegmentOp};

/// A cell: its text, and — for a task wording that differs from the group's first member — the
/// word-level difference, which formats able to show it highlight (in the `Wide` layout only
/// the cell's own words, added ones marked).
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub text: String,
    pub wording: Vec<Segment>,
    /// Part of a group in which something differs (formats may tint it).
    pub changed: bool,
    /// A number of plandoc's own (a row number, level, similarity, count), which spreadsheets
    /// may store as a number; the documents' own words never are.
    pub number: bool,
}

impl Cell {
    pub fn plain(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            ..Cell::default()
        }
    }

    pub fn number(text: impl Into<String>) -> Cell {
        Cell {
            number: true,
            ..Cell::plain(text)
        }
    }
}

#[derive(Debug, Clone)]
pub struct Sheet {
    /// The view's name: a CSV file's stem, a workbook sheet's name.
    pub name: &'static str,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A column's width from what it holds, not from its header's name (a header means different
/// things in different workbooks: `path` is a file in `diff`'s plans, a section in `parse`'s):
/// the longest line of most of its cells (nine in ten, so one long note does not widen it), or
/// its header, clamped to 8–60 characters; longer text wraps.
fn column_width<'c>(header: &str, cells: impl Iterator<Item = &'c Cell>) -> f64 {
    let mut lengths: Vec<usize> = cells
        .map(|cell| {
            cell.text
                .lines()
                .map(|line| line.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    lengths.sort_unstable();
    let typical = lengths
        .get((lengths.len() * 9 / 10).min(lengths.len().saturating_sub(1)))
        .copied()
        .unwrap_or(0);
    (typical.max(header.chars().count()) + 2).clamp(8, 60) as f64
}

/// One sheet as CSV, its header row first even when it has no rows. Cells are the exact text
/// unless `for_excel`: then a UTF-8 byte-order mark goes first so Excel reads the Vietnamese
/// letters right, and a cell Excel would run as a formula (starting with =, +, -, @, tab or
/// carriage return: "- Hợp tác …", "=HYPERLINK(…)") gets a leading ' so it is shown as text
/// (OWASP's CSV-injection advice).
pub fn csv(sheet: &Sheet, for_excel: bool) -> String {
    let mut out = String::new();
    if for_excel {
        out.push('\u{FEFF}');
    }
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

/// Sheets as an Excel workbook, one worksheet each: header row frozen, text wrapped, a cell's
/// word-level difference (`Cell::wording`) as coloured rich text, plandoc's own numbers stored
/// as numbers. The same sheets give the same bytes.
pub fn xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // The library stamps the time of writing into docProps/core.xml; a fixed date (the zip
    // format's own epoch, which its entries already carry) makes the same diff the same bytes.
    let created = ExcelDateTime::from_ymd(1980, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let header_format = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xDDE7F3));
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let changed = wrap.clone().set_background_color(Color::RGB(0xFFF4CC));
    let plain_run = Format::new();
    let added_run = Format::new()
        .set_bold()
        .set_font_color(Color::RGB(0x0B6E2E));
    let removed_run = Format::new()
        .set_font_strikethrough()
        .set_font_color(Color::RGB(0xB3261E));
    for sheet in sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(sheet.name)?;
        for (c, title) in sheet.header.iter().enumerate() {
            let column = c as u16;
            worksheet.write_string_with_format(0, column, title, &header_format)?;
            let width = column_width(title, sheet.rows.iter().filter_map(|row| row.get(c)));
            worksheet.set_column_width(column, width)?;
        }
        worksheet.set_freeze_panes(1, 0)?;
        // Filter buttons on the header: the first thing an analyst does with a sheet.
        if let Some(last_column) = sheet.header.len().checked_sub(1) {
            worksheet.autofilter(0, 0, sheet.rows.len() as u32, last_column as u16)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let line = (r + 1) as u32;
            for (c, cell) in row.iter().enumerate() {
                let column = c as u16;
                let format = if cell.changed { &changed } else { &wrap };
                let own_text = cell
                    .wording
                    .iter()
                    .map(|s| s.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                // Rich text only when its runs spell the cell exactly (they are whitespace-split
                // words; a value with other spacing is written as it is, unmarked).
                let marks_words = cell.wording.iter().any(|s| s.op != SegmentOp::Same);
                let fits = cell.text.len() <= EXCEL_CELL_CHARS
                    || cell.text.chars().count() <= EXCEL_CELL_CHARS;
                if let Some(number) = cell.number.then(|| number(&cell.text)).flatten() {
                    worksheet.write_number_with_format(line, column, number, format)?;
                } else if !fits {
                    worksheet.write_string_with_format(
                        line,
                        column,
                        cut_for_excel(&cell.text),
                        format,
                    )?;
                } else if !marks_words || own_text != cell.text {
                    worksheet.write_string_with_format(line, column, &cell.text, format)?;
                } else {
                    let mut runs: Vec<(&Format, String)> = Vec::new();
                    for (i, segment) in cell.wording.iter().enumerate() {
                        let run = match segment.op {
                            SegmentOp::Same => &plain_run,
                            SegmentOp::Added => &added_run,
                            SegmentOp::Removed => &removed_run,
                        };
                        let text = if i + 1 < cell.wording.len() {
                            format!("{} ", segment.text)
                        } else {
                            segment.text.clone()
                        };
                        let text = escape_excel_lookalikes(&text).into_owned();
                        runs.push((run, text));
                    }
                    let borrowed: Vec<(&Format, &str)> =
                        runs.iter().map(|(f, t)| (*f, t.as_str())).collect();
                    worksheet.write_rich_string_with_format(line, column, &borrowed, format)?;
                }
            }
        }
    }
    if sheets.is_empty() {
        workbook.add_worksheet().set_name("empty")?;
    }
    workbook.save_to_buffer()
}

/// A rich-text run's "_xHHHH" escaped as "_x005F_xHHHH": Excel reads "_xHHHH_" in a string as
/// the character HHHH ("_x0041_" shows "A"). The writer escapes plain strings so (every
/// "_xHHHH", the next one's "_" included: "_x0041_x0042_"), but not the runs of a rich string
/// (rust_xlsxwriter 0.85).
fn escape_excel_lookalikes(text: &str) -> std::borrow::Cow<'_, str> {
    static LOOKALIKE: once_cell::sync::Lazy<regex::Regex> =
        once_cell::sync::Lazy::new(|| regex::Regex::new(r"_(x[0-9A-Fa-f]{4})").unwrap());
    LOOKALIKE.replace_all(text, "_x005F_$1")
}

/// Excel holds at most this many characters in a cell (its specification's limit; the writer
/// refuses more, which would lose the whole workbook for one long section).
const EXCEL_CELL_CHARS: usize = 32_767;

/// A text too long for one cell, cut so it fits with a note saying where the rest is.
fn cut_for_excel(text: &str) -> String {
    let total = text.chars().count();
    if total <= EXCEL_CELL_CHARS {
        return text.to_string();
    }
    let note = format!(" … [cut: {total} characters in all; the JSON output has them]");
    let keep = EXCEL_CELL_CHARS - note.chars().count();
    let mut out: String = text.chars().take(keep).collect();
    out.push_str(&note);
    out
}

/// A cell's text as a number, when it is one written plainly ("12", "0.97").
fn number(text: &str) -> Option<f64> {
    let plain = !text.is_empty()
        && text.chars().all(|c| c.is_ascii_digit() || c == '.')
        && !text.starts_with('.')
        && !text.ends_with('.');
    plain
        .then(|| text.parse().ok())
        .flatten()
        .filter(|n: &f64| n.is_finite())
}

//! The diff as an Excel workbook: one sheet per view, header row frozen, text wrapped, each
//! plan's task wording as printed with its words the first member lacks in colour.

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError,
};

use super::sheet::{plans, sheets, Layout};
use crate::compare::{Diff, SegmentOp};

pub fn xlsx(diff: &Diff) -> Result<Vec<u8>, XlsxError> {
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
    // The views, then which file each plan key is (always there, so the workbook is never
    // empty).
    let all = sheets(diff, Layout::Wide).into_iter().chain([plans(diff)]);
    for sheet in all {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(sheet.name)?;
        for (c, title) in sheet.header.iter().enumerate() {
            let column = c as u16;
            worksheet.write_string_with_format(0, column, title, &header_format)?;
            let width = if title.ends_with(" task")
                || title == "subject"
                || title == "body"
                || title == "heading"
                || title == "path"
                || title.ends_with(" quote")
            {
                50.0
            } else if title.ends_with(" lead") || title.ends_with(" support") {
                28.0
            } else {
                12.0
            };
            worksheet.set_column_width(column, width)?;
        }
        worksheet.set_freeze_panes(1, 0)?;
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
                if let Some(number) = cell.number.then(|| number(&cell.text)).flatten() {
                    worksheet.write_number_with_format(line, column, number, format)?;
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
                        runs.push((run, text));
                    }
                    let borrowed: Vec<(&Format, &str)> =
                        runs.iter().map(|(f, t)| (*f, t.as_str())).collect();
                    worksheet.write_rich_string_with_format(line, column, &borrowed, format)?;
                }
            }
        }
    }
    workbook.save_to_buffer()
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

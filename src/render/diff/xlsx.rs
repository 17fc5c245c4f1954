//! The diff as an Excel workbook: one sheet per view, then `plans` (which file each plan key
//! is) and, for a filtered diff, `filtered` (what each view lost to the filters), each plan's task wording as printed with its words the first member lacks in colour.

use rust_xlsxwriter::XlsxError;

use super::sheet::{filtered, plans, sheets, Layout};
use crate::compare::Diff;

pub fn xlsx(diff: &Diff) -> Result<Vec<u8>, XlsxError> {
    let mut all = sheets(diff, Layout::Wide);
    all.push(plans(diff));
    // A workbook has no prose around its sheets: what the filters hid gets a sheet of its own.
    if diff.filtered.is_some() {
        all.push(filtered(diff));
    }
    crate::render::sheets::xlsx(&all)
}

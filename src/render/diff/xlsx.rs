//! The diff as an Excel workbook: one sheet per view, then `plans` (which file each plan key
//! is), for a filtered diff `filtered` (what each view lost to the filters), and `legend` (what
//! the colours and words mean). Each plan's task wording is printed as it is, with the words
//! the row's first plan lacks in colour.

use rust_xlsxwriter::XlsxError;

use super::sheet::{filtered, legend, plans, sheets, Layout};
use crate::compare::Diff;

pub fn xlsx(diff: &Diff) -> Result<Vec<u8>, XlsxError> {
    let mut all = sheets(diff, Layout::Wide);
    all.push(plans(diff));
    // A workbook has no prose around its sheets: what the filters hid gets a sheet of its own.
    if diff.filtered.is_some() {
        all.push(filtered(diff));
    }
    all.push(legend());
    crate::render::sheets::xlsx(&all)
}

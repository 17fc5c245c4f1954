//! The diff as an Excel workbook: one sheet per view, then `plans` (which file each plan key
//! is), each plan's task wording as printed with its words the first member lacks in colour.

use rust_xlsxwriter::XlsxError;

use super::sheet::{plans, sheets, Layout};
use crate::compare::Diff;

pub fn xlsx(diff: &Diff) -> Result<Vec<u8>, XlsxError> {
    let mut all = sheets(diff, Layout::Wide);
    all.push(plans(diff));
    crate::render::sheets::xlsx(&all)
}

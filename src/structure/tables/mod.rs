//! Appendix tables: task tables and indicator tables, whatever shape the extraction gave them.
//!
//! NOTE: not built yet — returns no tables.

use crate::clean::Document;
use crate::model::{Diagnostic, Table};

pub fn extract(_document: &Document) -> (Vec<Table>, Vec<Diagnostic>) {
    (Vec::new(), Vec::new())
}

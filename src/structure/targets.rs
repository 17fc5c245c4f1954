//! Numeric targets: every quantity the plan commits to reach.
//!
//! NOTE: not built yet — returns no targets.

use crate::clean::Document;
use crate::model::{Diagnostic, Section, Table, Target};

pub fn extract(
    _document: &Document,
    _sections: &[Section],
    _tables: &[Table],
) -> (Vec<Target>, Vec<Diagnostic>) {
    (Vec::new(), Vec::new())
}

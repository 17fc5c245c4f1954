//! `unknown-agency`: a lead/support body that the lexicon does not know but is close to a known
//! one ("Sở Thông tin và Truyền thong"), or a body the 2025 reorganization abolished, named in a
//! plan dated after it. Names and successors come from `crate::domain::agencies`.

use super::tables::raw_task_rows;
use super::{Finding, PlanDate};
use crate::clean::Document;
use crate::domain::agencies;
use crate::model::Plan;

/// Similarity from which an unknown name is taken for a misspelling of a known one.
const CLOSE_ENOUGH: f64 = 0.85;
/// Departments merged from 1 March 2025.
const REORGANIZATION: PlanDate = PlanDate {
    year: 2025,
    month: Some(3),
};

/// (line, cell text) of every lead and support cell.
fn cells(plan: &Plan, document: &Document) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let rows: Vec<_> = plan.tables.iter().flat_map(|t| t.rows.iter()).collect();
    if !rows.is_empty() {
        for row in rows {
            out.push((row.lines[0], row.lead.raw.clone()));
            if let Some(support) = &row.support {
                out.push((row.lines[0], support.raw.clone()));
            }
        }
        return out;
    }
    for (row, columns) in raw_task_rows(document) {
        for index in [columns.lead, columns.support].into_iter().flatten() {
            if let Some(cell) = row.cells.get(index) {
                out.push((row.line, cell.clone()));
            }
        }
    }
    out
}

pub fn check(plan: &Plan, document: &Document, date: Option<PlanDate>) -> Vec<Finding> {
    let after_reorganization = date.is_some_and(|d| d >= REORGANIZATION);
    let mut findings = Vec::new();
    for (line, cell) in cells(plan, document) {
        for name in agencies::split(&cell) {
            if agencies::is_known(&name) {
                if after_reorganization {
                    if let Some(successor) = agencies::resolve(&name).successor {
                        findings.push(
                            Finding::new(
                                "unknown-agency",
                                format!(
                                    "\"{name}\" no longer exists after the 2025 reorganization"
                                ),
                                [line, line],
                                true,
                            )
                            .focus(name.clone())
                            .suggest(format!("its work passed to \"{successor}\"")),
                        );
                    }
                }
                continue;
            }
            let Some((known, similarity)) = agencies::closest_known(&name) else {
                continue;
            };
            if (CLOSE_ENOUGH..1.0).contains(&similarity) {
                findings.push(
                    Finding::new(
                        "unknown-agency",
                        format!("\"{name}\" is not a known body"),
                        [line, line],
                        true,
                    )
                    .focus(name.clone())
                    .suggest(format!("did you mean \"{known}\"?")),
                );
            }
        }
    }
    findings
}

//! One plan as sheets for a spreadsheet (CSV, XLSX): its task rows, indicator rows, targets,
//! sections and metadata, each cell the document's own text, with the normalized fields the
//! JSON carries beside it.

use crate::model::{Plan, Row, TableKind};
use crate::render::plan::format_number;
use crate::render::sheets::{Cell, Sheet};

/// The sheets of a plan, in this order.
pub const VIEWS: &[&str] = &["tasks", "indicators", "targets", "sections", "plan"];

/// Every sheet, those with no rows too (a plan with no indicator table has an `indicators`
/// sheet with its header only): a script or a colleague finds the same sheets in every plan.
pub fn sheets(plan: &Plan) -> Vec<Sheet> {
    VIEWS.iter().filter_map(|view| sheet(plan, view)).collect()
}

/// One view by name, with its header even when it has no rows; None for a name that is no view.
pub fn sheet(plan: &Plan, view: &str) -> Option<Sheet> {
    match view {
        "tasks" => Some(rows(plan, TableKind::Tasks)),
        "indicators" => Some(rows(plan, TableKind::Indicators)),
        "targets" => Some(targets(plan)),
        "sections" => Some(sections(plan)),
        "plan" => Some(metadata(plan)),
        _ => None,
    }
}

fn header(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

fn text(value: Option<&str>) -> Cell {
    Cell::plain(value.unwrap_or_default())
}

fn rows(plan: &Plan, kind: TableKind) -> Sheet {
    let (name, own): (&'static str, &[&str]) = match kind {
        TableKind::Tasks => (
            "tasks",
            &[
                "task",
                "lead",
                "support",
                "result",
                "timeframe",
                "timeframe kind",
                "start",
                "end",
            ],
        ),
        TableKind::Indicators => ("indicators", &["indicator", "unit", "result", "lead"]),
    };
    let mut names = vec!["appendix", "id", "groups", "tt"];
    names.extend_from_slice(own);
    names.extend_from_slice(&["first line", "last line", "confidence", "warnings"]);
    let mut out = Vec::new();
    for table in plan.tables.iter().filter(|t| t.kind == kind) {
        for row in &table.rows {
            let mut cells = vec![
                text(table.appendix.as_deref().or(table.title.as_deref())),
                Cell::plain(&row.id),
                Cell::plain(groups(row)),
                Cell::plain(&row.tt),
            ];
            match kind {
                TableKind::Tasks => {
                    let timeframe = row.timeframe.as_ref();
                    let year = |y: Option<i32>| y.map(|y| y.to_string()).unwrap_or_default();
                    cells.extend([
                        text(row.task.as_deref()),
                        Cell::plain(&row.lead.raw),
                        text(row.support.as_ref().map(|s| s.raw.as_str())),
                        text(row.result.as_deref()),
                        text(timeframe.map(|t| t.raw.as_str())),
                        Cell::plain(timeframe.map_or(String::new(), |t| {
                            serde_json::to_value(t.kind)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_string))
                                .unwrap_or_default()
                        })),
                        Cell::number(year(timeframe.and_then(|t| t.start))),
                        Cell::number(year(timeframe.and_then(|t| t.end))),
                    ]);
                }
                TableKind::Indicators => cells.extend([
                    text(row.indicator.as_deref()),
                    text(row.unit.as_deref()),
                    text(row.result.as_deref()),
                    Cell::plain(&row.lead.raw),
                ]),
            }
            cells.extend([
                Cell::number(row.lines[0].to_string()),
                Cell::number(row.lines[1].to_string()),
                Cell::number(format!("{:.2}", row.confidence)),
                Cell::plain(row.warnings.join("; ")),
            ]);
            out.push(cells);
        }
    }
    Sheet {
        name,
        header: header(&names),
        rows: out,
    }
}

/// "A NHIỆM VỤ TRỌNG TÂM › I Xây dựng quy chế": the group rows above a row, outermost first.
fn groups(row: &Row) -> String {
    row.groups
        .iter()
        .map(|g| format!("{} {}", g.number, g.title).trim().to_string())
        .collect::<Vec<_>>()
        .join(" › ")
}

fn targets(plan: &Plan) -> Sheet {
    let rows = plan
        .targets
        .iter()
        .map(|t| {
            vec![
                Cell::plain(t.path.join(".")),
                Cell::plain(&t.comparator),
                Cell::number(format_number(t.value)),
                Cell::plain(&t.unit),
                text(t.unit_printed.as_deref()),
                Cell::number(t.year.map(|y| y.to_string()).unwrap_or_default()),
                Cell::plain(&t.subject),
                Cell::plain(&t.quote),
                // The subject in the plan's own words, for a reader (`Target::label`).
                Cell::plain(t.label()),
                text(t.table.as_deref()),
                Cell::number(t.lines[0].to_string()),
                Cell::number(t.lines[1].to_string()),
            ]
        })
        .collect();
    Sheet {
        name: "targets",
        header: header(&[
            "path",
            "comparator",
            "value",
            "unit",
            "unit printed",
            "year",
            "subject",
            "quote",
            "label",
            "table",
            "first line",
            "last line",
        ]),
        rows,
    }
}

fn sections(plan: &Plan) -> Sheet {
    let rows = plan
        .sections
        .iter()
        .map(|s| {
            vec![
                Cell::plain(s.path.join(".")),
                Cell::plain(&s.number),
                Cell::number(s.level.to_string()),
                text(s.heading.as_deref()),
                Cell::plain(&s.text),
                Cell::number(s.lines[0].to_string()),
                Cell::number(s.lines[1].to_string()),
            ]
        })
        .collect();
    Sheet {
        name: "sections",
        header: header(&[
            "path",
            "number",
            "level",
            "heading",
            "text",
            "first line",
            "last line",
        ]),
        rows,
    }
}

fn metadata(plan: &Plan) -> Sheet {
    let meta = &plan.plan;
    let field = |name: &str, value: Option<&str>| vec![Cell::plain(name), text(value)];
    let implements = meta.implements.join(", ");
    Sheet {
        name: "plan",
        header: header(&["field", "value"]),
        rows: vec![
            field("file", Some(&plan.source.path)),
            field("sha256", Some(&plan.source.sha256)),
            field("province", meta.province.as_deref()),
            field("number", meta.number.as_deref()),
            field("date", meta.date.as_deref()),
            field("title", meta.title.as_deref()),
            field("implements", Some(&implements)),
            field("signer", meta.signer.as_deref()),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_target_and_section_has_a_line_of_its_sheet() {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/kon-tum-142.txt"),
        )
        .unwrap();
        let plan = crate::parse_text("kon-tum-142.txt", &text);
        let rows: usize = plan.tables.iter().map(|t| t.rows.len()).sum();
        let by_name = |name: &str| sheet(&plan, name).unwrap().rows.len();
        assert_eq!(by_name("tasks") + by_name("indicators"), rows);
        assert_eq!(by_name("targets"), plan.targets.len());
        assert_eq!(by_name("sections"), plan.sections.len());
        // The document's own words, as the JSON has them.
        let tasks = sheet(&plan, "tasks").unwrap();
        let first = plan.tables[0].rows[0].task.clone().unwrap();
        assert_eq!(tasks.rows[0][4].text, first);
        assert!(sheet(&plan, "nothing").is_none());
    }
}

//! Targets of the appendix tables: every row of an indicator table that has a value ("Quy mô
//! kinh tế số | % GRDP | ≥ 25"), and every quantity in a task table's task or result cell.

use super::clauses::marker_len;
use super::lexicon::{starts_with_phrase, LEXICON};
use super::quantity::{self, Kind, Mode};
use super::year::{deadline_years, title_year};
use super::{read_text, subject, unreadable_diagnostic};
use crate::clean::{collapse_whitespace, Document};
use crate::domain::text::tone_key;
use crate::model::{Diagnostic, Row, Table, TableKind, Target};

pub(crate) fn collect(
    document: &Document,
    tables: &[Table],
    targets: &mut Vec<Target>,
    diagnostics: &mut Vec<Diagnostic>,
    max_targets: usize,
) {
    let marks = &document.footnote_marks;
    for table in tables {
        for row in &table.rows {
            if targets.len() > max_targets {
                return;
            }
            let mut path = vec!["appendix".to_string()];
            path.extend(row.groups.iter().map(|g| g.number.clone()));
            path.push(row.tt.clone());
            let group_year = row
                .groups
                .iter()
                .rev()
                .find_map(|g| title_year(&g.title, marks));
            let before = targets.len();
            match table.kind {
                TableKind::Indicators => {
                    // "Kết quả đến năm 2030": the value column names its year; one value
                    // column per year, each value takes its column's year. A column of what
                    // was achieved ("Thực hiện năm 2025") holds no target.
                    let value_columns: Vec<(Option<i32>, bool)> = table
                        .columns
                        .iter()
                        .filter(|c| crate::structure::tables::is_value_column(c))
                        .map(|c| {
                            let folded = crate::domain::text::fold(c);
                            let year = crate::domain::timeframe::year_named(&folded)
                                .or_else(|| title_year(c, marks));
                            let achieved =
                                starts_with_phrase(&tone_key(c), &LEXICON.achieved_column)
                                    .is_some();
                            (year, achieved)
                        })
                        .collect();
                    let column_years: Vec<Option<i32>> =
                        value_columns.iter().map(|(year, _)| *year).collect();
                    let achieved: Vec<bool> = value_columns
                        .iter()
                        .map(|(_, achieved)| *achieved)
                        .collect();
                    let any_column_year = table.columns.iter().find_map(|c| title_year(c, marks));
                    let title_year = table.title.as_deref().and_then(|t| title_year(t, marks));
                    let year = group_year
                        .or(value_columns
                            .iter()
                            .filter(|(_, achieved)| !achieved)
                            .find_map(|(year, _)| *year))
                        .or(any_column_year)
                        .or(title_year);
                    let found =
                        indicator_targets(row, &path, year, &column_years, &achieved, marks);
                    if !found.is_empty() {
                        targets.extend(found);
                    } else if row
                        .result
                        .as_deref()
                        .is_some_and(|r| r.chars().any(|c| c.is_ascii_digit()))
                    {
                        let result = collapse_whitespace(row.result.as_deref().unwrap_or(""));
                        super::say(diagnostics, Diagnostic::new(
                            super::UNREADABLE_RULE,
                            crate::model::Severity::Warning,
                            format!(
                                "number not read as a target: indicator {} has the value \"{result}\"",
                                row.id
                            ),
                            row.lines,
                        ));
                    } else {
                        // An indicator without a value column may state its value in its words.
                        cell_targets(
                            row,
                            row.indicator.as_deref(),
                            &path,
                            year,
                            None,
                            marks,
                            targets,
                            diagnostics,
                            max_targets,
                        );
                    }
                }
                TableKind::Tasks => {
                    let row_end = row.timeframe.as_ref().and_then(|t| t.end);
                    for cell in [row.task.as_deref(), row.result.as_deref()] {
                        cell_targets(
                            row,
                            cell,
                            &path,
                            group_year,
                            row_end,
                            marks,
                            targets,
                            diagnostics,
                            max_targets,
                        );
                    }
                }
            }
            for target in &mut targets[before..] {
                target.table = table.appendix.clone();
            }
        }
    }
}

/// The targets of an indicator row: values from the result cell, the unit from the unit cell.
/// A cell may hold one value per year ("80% (năm 2025); 100% (năm 2030)"): each ';' part is
/// read with the year it names. None when the result holds no number ("Tiên tiến, hiện đại …",
/// a group row).
fn indicator_targets(
    row: &Row,
    path: &[String],
    year: Option<i32>,
    column_years: &[Option<i32>],
    achieved: &[bool],
    marks: &[u32],
) -> Vec<Target> {
    let result = collapse_whitespace(row.result.as_deref().unwrap_or(""));
    let printed_unit = collapse_whitespace(row.unit.as_deref().unwrap_or(""))
        .trim_end_matches([',', ';', '.', ':'])
        .trim()
        .to_string();
    let indicator = collapse_whitespace(row.indicator.as_deref().unwrap_or(""));
    let quote = [
        indicator.as_str(),
        row.unit.as_deref().unwrap_or(""),
        &result,
    ]
    .iter()
    .map(|s| collapse_whitespace(s))
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" ");
    let mut targets = Vec::new();
    let parts: Vec<&str> = result.split(';').collect();
    let per_column = column_years.len() > 1 && column_years.len() == parts.len();
    for (at, part) in parts.into_iter().enumerate() {
        if per_column && achieved.get(at).copied().unwrap_or(false) {
            continue;
        }
        let year = if per_column {
            column_years.get(at).copied().flatten().or(year)
        } else {
            year
        };
        let Some(quantity) = quantity::find(part, Mode::Cell)
            .into_iter()
            .find(|q| q.problem.is_none())
        else {
            continue;
        };
        let part_year = deadline_years(part, marks).first().map(|m| m.year);
        let (unit, unit_printed) = indicator_unit(&printed_unit, &quantity);
        // "500 triệu" under "triệu USD": the unit column already carries a number word, which
        // the value is printed in (how "2 tỷ" under "triệu đồng" was meant is not guessed).
        let value = match quantity.unscaled {
            Some(printed) if unit_names_scale(&printed_unit) => printed,
            _ => quantity.value,
        };
        targets.push(Target {
            path: path.to_vec(),
            value,
            unit,
            unit_printed,
            comparator: quantity.comparator.to_string(),
            year: part_year.or(year),
            subject: subject::of_indicator(&indicator),
            quote: quote.clone(),
            lines: row.lines,
            table: None,
        });
    }
    targets
}

/// Whether a unit cell names a number word ("Triệu USD", "nghìn người", "tỷ đồng").
fn unit_names_scale(printed_unit: &str) -> bool {
    printed_unit
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| {
            let word = word.to_lowercase();
            LEXICON.scale.iter().any(|(scale, _)| *scale == word)
        })
}

/// The contract's unit from the printed unit cell: "%", "% GRDP", "% dân số" kept; "Thứ bậc" →
/// rank; a measure unit kept; any other word is the name of counted things → count.
fn indicator_unit(printed: &str, quantity: &quantity::Quantity) -> (String, Option<String>) {
    let lexicon = &*LEXICON;
    if let Some(at) = printed.find('%') {
        // "%", "% GRDP", "% dân số" as printed; "Tỷ lệ (%)" is "%".
        let unit = collapse_whitespace(printed[at..].trim_end_matches([')', ']', ' ']));
        return (unit, None);
    }
    if printed.is_empty() {
        return match quantity.kind {
            Kind::Percent | Kind::Measure => (quantity.unit.clone(), None),
            Kind::Rank => ("rank".to_string(), None),
            Kind::Count => ("count".to_string(), quantity.unit_printed.clone()),
        };
    }
    if starts_with_phrase(&tone_key(printed), &lexicon.rank).is_some() {
        return ("rank".to_string(), Some(printed.to_string()));
    }
    if lexicon.measure.iter().any(|m| m == printed) {
        return (printed.to_string(), None);
    }
    // A unit cell capitalises its first letter ("Tỷ đồng"): the unit prose writes "tỷ đồng",
    // named the same way so the two compare. (Only the first letter: "GB" is not "gb".)
    let first_lowered: String = printed
        .chars()
        .take(1)
        .flat_map(char::to_lowercase)
        .chain(printed.chars().skip(1))
        .collect();
    if let Some(unit) = lexicon.measure.iter().find(|m| **m == first_lowered) {
        return (unit.clone(), None);
    }
    // "70% số xã", "2/3 số xã" under "xã": the cell says what share of the things counted.
    if quantity.kind == Kind::Percent {
        return (quantity.unit.clone(), None);
    }
    ("count".to_string(), Some(printed.to_string()))
}

/// Targets in the words of one cell; year: the clause's, else the group's, else the row's
/// timeframe end.
#[allow(clippy::too_many_arguments)]
fn cell_targets(
    row: &Row,
    cell: Option<&str>,
    path: &[String],
    group_year: Option<i32>,
    timeframe_end: Option<i32>,
    marks: &[u32],
    targets: &mut Vec<Target>,
    diagnostics: &mut Vec<Diagnostic>,
    max_targets: usize,
) {
    let Some(cell) = cell else { return };
    let text = collapse_whitespace(cell);
    if text.is_empty() {
        return;
    }
    let room = max_targets.saturating_sub(targets.len());
    let (found, unreadable) = read_text(&text, marker_len(&text), marks, room);
    for problem in &unreadable {
        super::say_with(diagnostics, || unreadable_diagnostic(problem, row.lines[0]));
    }
    for f in found {
        let year = f.year.or(group_year).or(timeframe_end);
        targets.push(super::target(f, path.to_vec(), year, row.lines));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::clean;
    use crate::model::{Agencies, Group, Timeframe, TimeframeKind};

    fn row(groups: &[(&str, &str)], tt: &str, cells: [&str; 3], timeframe_end: Option<i32>) -> Row {
        let [words, unit, result] = cells;
        Row {
            id: tt.to_string(),
            groups: groups
                .iter()
                .map(|(number, title)| Group {
                    number: number.to_string(),
                    title: title.to_string(),
                })
                .collect(),
            tt: tt.to_string(),
            task: Some(words.to_string()),
            indicator: Some(words.to_string()),
            unit: Some(unit.to_string()),
            lead: Agencies::default(),
            support: None,
            result: Some(result.to_string()).filter(|r| !r.is_empty()),
            timeframe: Some(Timeframe {
                raw: String::new(),
                kind: TimeframeKind::Range,
                start: None,
                end: timeframe_end,
            }),
            lines: [10, 12],
            confidence: 1.0,
            warnings: Vec::new(),
        }
    }

    fn table(kind: TableKind, rows: Vec<Row>) -> Table {
        Table {
            appendix: Some("PHỤ LỤC I".to_string()),
            title: Some("CÁC CHỈ TIÊU".to_string()),
            kind,
            columns: Vec::new(),
            lines: [1, 20],
            rows,
        }
    }

    /// (path, value, unit, comparator, year)
    type Key = (Vec<String>, f64, String, String, Option<i32>);

    fn read(tables: &[Table]) -> Vec<Key> {
        let mut targets = Vec::new();
        collect(
            &clean(""),
            tables,
            &mut targets,
            &mut Vec::new(),
            usize::MAX,
        );
        targets
            .into_iter()
            .map(|t| (t.path, t.value, t.unit, t.comparator, t.year))
            .collect()
    }

    #[test]
    fn indicator_rows_take_value_and_unit_from_their_cells() {
        let group = [("I", "Đến năm 2030")];
        let rows = vec![
            row(
                &group,
                "1",
                [
                    "Xếp hạng năng lực cạnh tranh số",
                    "Thứ bậc",
                    "45 các tỉnh, thành",
                ],
                None,
            ),
            row(
                &group,
                "2",
                ["Số doanh nghiệp công nghệ số", "Doanh nghiệp", "≥ 3"],
                None,
            ),
            row(&group, "3", ["Quy mô kinh tế số", "% GRDP", "≥ 25"], None),
            row(
                &group,
                "4",
                ["Tỷ lệ hộ gia đình có cáp quang", "Tỷ lệ (%)", "100%"],
                None,
            ),
            row(&group, "5", ["Hạ tầng số", "", "Tiên tiến, hiện đại"], None),
            row(
                &group,
                "6",
                ["Tỷ lệ hồ sơ số hóa", "%", "80 (năm 2025); 100 (năm 2028)"],
                None,
            ),
            row(
                &[("II", "Đến năm 2045")],
                "1",
                ["Quy mô kinh tế số", "% GRDP", "≥ 50"],
                None,
            ),
        ];
        let found = read(&[table(TableKind::Indicators, rows)]);
        let expected: Vec<Key> = vec![
            (
                vec!["appendix".into(), "I".into(), "1".into()],
                45.0,
                "rank".into(),
                "=".into(),
                Some(2030),
            ),
            (
                vec!["appendix".into(), "I".into(), "2".into()],
                3.0,
                "count".into(),
                ">=".into(),
                Some(2030),
            ),
            (
                vec!["appendix".into(), "I".into(), "3".into()],
                25.0,
                "% GRDP".into(),
                ">=".into(),
                Some(2030),
            ),
            (
                vec!["appendix".into(), "I".into(), "4".into()],
                100.0,
                "%".into(),
                "=".into(),
                Some(2030),
            ),
            (
                vec!["appendix".into(), "I".into(), "6".into()],
                80.0,
                "%".into(),
                "=".into(),
                Some(2025),
            ),
            (
                vec!["appendix".into(), "I".into(), "6".into()],
                100.0,
                "%".into(),
                "=".into(),
                Some(2028),
            ),
            (
                vec!["appendix".into(), "II".into(), "1".into()],
                50.0,
                "% GRDP".into(),
                ">=".into(),
                Some(2045),
            ),
        ];
        assert_eq!(found, expected);
    }

    #[test]
    fn task_rows_fall_back_to_their_timeframe_year() {
        let rows = vec![
            row(
                &[("A", "NHIỆM VỤ")],
                "3",
                ["Thực hiện số hoá 100% hồ sơ; hoàn thành CSDL", "", ""],
                Some(2030),
            ),
            row(
                &[("A", "NHIỆM VỤ")],
                "4",
                ["Đến năm 2027 tối thiểu 50% dữ liệu được chia sẻ", "", ""],
                Some(2030),
            ),
            row(
                &[("A", "NHIỆM VỤ")],
                "5",
                ["Triển khai mô hình bảo vệ 4 lớp", "", ""],
                Some(2030),
            ),
        ];
        let found = read(&[table(TableKind::Tasks, rows)]);
        let years: Vec<(f64, Option<i32>)> = found.iter().map(|t| (t.1, t.4)).collect();
        assert_eq!(years, [(100.0, Some(2030)), (50.0, Some(2027))]);
    }
}

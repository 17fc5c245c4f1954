//! Tables whose rows are one line each with cells separated by a delimiter: TAB (converters,
//! Markdown) or "|" (text copied from legal-document websites). A row cut by a page break
//! continues on a line whose first cell is empty; its cells are appended column by column.

use super::groups::GroupTracker;
use super::header::{self, Header, Role};
use super::RawRow;
use crate::clean::{collapse_whitespace, Line};
use crate::model::{Diagnostic, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    Tab,
    Pipe,
}

impl Delimiter {
    /// The delimiter a header line uses, if any.
    pub fn of_line(text: &str) -> Option<Delimiter> {
        if text.matches('\t').count() >= 2 {
            Some(Delimiter::Tab)
        } else if text.trim().matches('|').count() >= 3 {
            Some(Delimiter::Pipe)
        } else {
            None
        }
    }

    pub fn cells(self, text: &str) -> Vec<String> {
        match self {
            Delimiter::Tab => text.split('\t').map(collapse_whitespace).collect(),
            Delimiter::Pipe => {
                let trimmed = text.trim();
                let inner = trimmed.strip_prefix('|').unwrap_or(trimmed);
                let inner = inner.strip_suffix('|').unwrap_or(inner);
                // A "|" written "\|" (Markdown's escape, kept by the cleaning) is the cell's own.
                let mut cells = Vec::new();
                let mut start = 0;
                for (at, _) in inner.match_indices('|') {
                    if inner[..at].ends_with('\\') {
                        continue;
                    }
                    cells.push(&inner[start..at]);
                    start = at + 1;
                }
                cells.push(&inner[start..]);
                cells
                    .into_iter()
                    .map(|cell| collapse_whitespace(&cell.replace("\\|", "|")))
                    .collect()
            }
        }
    }

    fn splits(self, text: &str) -> bool {
        match self {
            Delimiter::Tab => text.contains('\t'),
            Delimiter::Pipe => text.trim().matches('|').count() >= 2,
        }
    }
}

/// The header of a delimited table read with the lines below its first that go on its names
/// ("| | Cơ quan phối |" then "| | hợp |": a converter's grid table, a cell wrapped inside its
/// column).
pub struct WrappedHeader {
    pub header: Header,
    /// Lines after the first that the header took (blank ones between included).
    pub taken: usize,
    /// Of them, the lines that went on the names: a repeat of the header after a page break
    /// brings as many.
    pub name_lines: usize,
}

/// Reads a delimited table's header (`WrappedHeader`). The lines going on its names come before
/// the first row, their number cell empty and every other cell empty or made of header words
/// (`header::is_header_continuation`). Header words are common syllables ("Sở Nội vụ", "thực
/// hiện" are all header words), so a row printed without its number could pass: the lines are
/// kept only when a rule follows them ("+===+", "|---|": the rule under a header) or when
/// their words make the names read more columns, or more named ones, than the first line alone.
pub fn header_with_wrapped_names(lines: &[Line], delimiter: Delimiter) -> WrappedHeader {
    /// Most content lines looked at below the header's first: names wrap over a few lines,
    /// and a hostile table of empty-numbered lines must not grow them without end.
    const MAX_NAME_LINES: usize = 8;
    /// Most lines looked at, blank ones included: an HTML page's header cells, each on the
    /// source line where it starts, leave a dozen blank lines between the header's rows.
    const MAX_LINES: usize = 64;
    let alone = |header: Header| WrappedHeader {
        header,
        taken: 0,
        name_lines: 0,
    };
    let Some(first) = lines.first() else {
        return alone(header::from_cells(&[]));
    };
    let mut names = delimiter.cells(&first.text);
    let first_only = header::from_cells(&names);
    if !first_only.has_number_column() {
        return alone(first_only);
    }
    let mut taken = 0;
    let mut name_lines = 0;
    let mut rule_below = false;
    // The names as the lines above a rule left them, and the one line below it that may go on
    // them ("| TT | … | Cơ quan thực hiện | | … |", "|---|…", "| | | Chủ trì | Phối hợp | |":
    // Markdown allows one header line, so a converter puts the second below the rule).
    let mut above_rule: Option<(Vec<String>, usize, usize)> = None;
    let mut looked_at = 0;
    for (k, line) in lines.iter().enumerate().skip(1).take(MAX_LINES) {
        if !line.is_content() {
            continue;
        }
        looked_at += 1;
        if looked_at > MAX_NAME_LINES {
            break;
        }
        if super::only_rule_signs(&line.text) {
            rule_below = line.text.contains("---") || line.text.contains("===");
            if !rule_below {
                break;
            }
            above_rule = Some((names.clone(), taken, name_lines));
            continue;
        }
        let cells = delimiter.cells(&line.text);
        if !delimiter.splits(&line.text) || !goes_on_names(&cells) {
            break;
        }
        // A merged name above exported as one cell ("Cơ quan thực hiện" over "Chủ trì ⇥ Phối
        // hợp"): the names after it move right to stand over their columns.
        let spread = header::spread_under_merged(&names, &cells);
        // Trailing empty cells may be cut with the line's trailing white space.
        if cells.len() > spread.as_ref().unwrap_or(&names).len() {
            break;
        }
        if let Some(spread) = spread {
            names = spread;
        }
        for (name, cell) in names.iter_mut().zip(&cells) {
            if !cell.is_empty() {
                *name = crate::clean::join_lines([name.as_str(), cell.as_str()]);
            }
        }
        taken = k;
        name_lines += 1;
        if above_rule.is_some() {
            break;
        }
    }
    let named = |h: &Header| {
        h.roles
            .iter()
            .filter(|r| **r != header::Role::Other)
            .count()
    };
    // Whether lines joined to the first make a header worth more than the first alone: more
    // columns, or more named ones; as many, when a rule under them marks them as the header's.
    let worth = |names: &[String], rule_below: bool| {
        let joined = header::from_cells(names);
        let reads_more = joined.roles.len() > first_only.roles.len()
            || (joined.roles.len() == first_only.roles.len()
                && named(&joined) > named(&first_only));
        let reads_as_many =
            joined.roles.len() >= first_only.roles.len() && named(&joined) >= named(&first_only);
        (reads_more || (rule_below && reads_as_many)).then_some(joined)
    };
    match above_rule {
        // A line below the rule is more likely a row (a continuation line is made of header
        // words too): it goes on the names only when they then name more.
        Some((names_above, taken_above, lines_above)) => {
            let below = (taken > taken_above)
                .then(|| worth(&names, false))
                .flatten();
            match below {
                Some(header) => WrappedHeader {
                    header,
                    taken,
                    name_lines,
                },
                None if taken_above > 0 => match worth(&names_above, true) {
                    Some(header) => WrappedHeader {
                        header,
                        taken: taken_above,
                        name_lines: lines_above,
                    },
                    None => alone(first_only),
                },
                None => alone(first_only),
            }
        }
        None if taken > 0 => match worth(&names, rule_below) {
            Some(header) => WrappedHeader {
                header,
                taken,
                name_lines,
            },
            None => alone(first_only),
        },
        None => alone(first_only),
    }
}

/// Whether a delimited line's cells go on the header's names: the number cell empty, some
/// other cell not, and every cell made of header words ("trì", "hợp", "thực hiện").
fn goes_on_names(cells: &[String]) -> bool {
    cells.first().is_some_and(String::is_empty)
        && cells.iter().any(|c| !c.is_empty())
        && cells
            .iter()
            .all(|c| c.is_empty() || header::is_header_continuation(c))
}

/// `name_lines`: how many lines the header's names wrap over below its first
/// (`WrappedHeader::name_lines`); the header repeated after a page break is skipped with as
/// many.
pub fn parse(
    lines: &[Line],
    header: &Header,
    name_lines: usize,
    delimiter: Delimiter,
    diagnostics: &mut Vec<Diagnostic>,
    max_rows: usize,
) -> Vec<RawRow> {
    let width = header.cell_roles().len();
    let numbered = header.has_number_column();
    let mut tracker = GroupTracker::default();
    let mut rows: Vec<RawRow> = Vec::new();
    // The last numbered row's number: a long number ("1000") is a row's when it goes on from it.
    let mut last_number = super::numbering::LastRow::default();
    // Whether the last thing seen was a group row (a continuation line then extends its title).
    let mut after_group = false;
    // Wrapped name lines still expected after a repeated header.
    let mut repeated_name_lines = 0;
    // How far the last row's cells from a column on were moved when it had lost a cell
    // (`put_back_shifted_timeframe`): its lines below go on the same cells.
    let mut last_row_shift: Option<(usize, usize)> = None;
    for line in lines {
        // One row past `max_rows` (twice the rows the document has left) is enough for
        // `finish_table` to refuse the table: reading on would only spend memory.
        if rows.len() > max_rows {
            break;
        }
        if !line.is_content() {
            continue;
        }
        if super::only_rule_signs(&line.text) {
            repeated_name_lines = 0;
            continue;
        }
        let text = line.text.as_str();
        if !delimiter.splits(text) {
            // A line without cells: a group title printed across the table, or stray text.
            let joined = collapse_whitespace(text);
            if let Some((number, title, level)) = tracker.recognize(&joined, true) {
                tracker.enter(number, title, level);
                after_group = true;
            } else {
                diagnostics.push(Diagnostic::new(
                    "table-line-skipped",
                    Severity::Info,
                    format!(
                        "line inside the table is not a row: \"{}\"",
                        snippet(&joined)
                    ),
                    [line.no, line.no],
                ));
            }
            continue;
        }
        let mut cells = delimiter.cells(text);
        if header::is_column_number_line(text) {
            continue;
        }
        if header::opens_header(&cells.join(" ")) {
            let named = cells.iter().filter(|c| !c.is_empty()).count();
            if header::from_cells(&cells).kind != header.kind && named != header.columns.len() {
                // Not this table's header again but another table's (indicators, then
                // tasks, exported one after the other): this table ends here. (A repeat of
                // this one's, its names wrapped, may read as another kind from its first
                // line alone; it names as many columns.)
                break;
            }
            // The header repeated after a page break, and its names' wrapped lines after it.
            repeated_name_lines = name_lines;
            continue;
        }
        if repeated_name_lines > 0 && goes_on_names(&cells) {
            repeated_name_lines -= 1;
            continue;
        }
        repeated_name_lines = 0;
        if !numbered {
            cells.insert(0, String::new());
        }
        let first = cells.first().cloned().unwrap_or_default();
        let rest: Vec<String> = cells.iter().skip(1).cloned().collect();
        let rest_filled = rest.iter().filter(|c| !c.is_empty()).count();
        if first.is_empty() {
            if after_group && rest_filled == 1 && rest.first().is_some_and(|c| !c.is_empty()) {
                tracker.extend_title(&rest[0]);
                continue;
            }
            if after_group && rest_filled >= 2 {
                // A row without a number right under its group ("XIV Hiệp hội …" then the task).
                rows.push(unnumbered_row(
                    &rest,
                    width,
                    tracker.current(),
                    line.no,
                    0.95,
                ));
                last_row_shift = None;
                after_group = false;
                continue;
            }
            let roles = header.cell_roles();
            if header.kind == crate::model::TableKind::Tasks
                && rows
                    .last()
                    .is_some_and(|above| is_whole_unnumbered_row(&rest, &above.cells, &roles))
            {
                rows.push(unnumbered_row(
                    &rest,
                    width,
                    tracker.current(),
                    line.no,
                    0.9,
                ));
                last_row_shift = None;
                continue;
            }
            match rows.last_mut() {
                Some(row) => {
                    for (k, cell) in rest.iter().enumerate() {
                        if cell.is_empty() {
                            continue;
                        }
                        let k = match last_row_shift {
                            Some((from, by)) if k >= from => k + by,
                            _ => k,
                        };
                        let slot = k.min(width.saturating_sub(1));
                        if let Some(target) = row.cells.get_mut(slot) {
                            *target = crate::clean::join_lines([target.as_str(), cell]);
                        }
                    }
                    row.lines[1] = line.no;
                    row.continued = true;
                }
                None => diagnostics.push(Diagnostic::new(
                    "table-line-skipped",
                    Severity::Warning,
                    "continuation line before the first row",
                    [line.no, line.no],
                )),
            }
            continue;
        }
        if let Some(tt) = super::row_number_after(&first, last_number.get()) {
            last_number.keep(&tt);
            let mut row_cells: Vec<String> = rest.iter().take(width).cloned().collect();
            row_cells.resize(width, String::new());
            let mut warnings = Vec::new();
            let overflow: Vec<&String> =
                rest.iter().skip(width).filter(|c| !c.is_empty()).collect();
            if !overflow.is_empty() {
                if let Some(last) = row_cells.last_mut() {
                    let extra: Vec<&str> = overflow.iter().map(|s| s.as_str()).collect();
                    *last = crate::clean::join_lines(std::iter::once(last.as_str()).chain(extra));
                }
                warnings.push(
                    "more cells than header columns; extra text joined to the last column"
                        .to_string(),
                );
            }
            last_row_shift = None;
            // Indicator rows have no timeframe field: a value moved there would be lost.
            let tasks = header.kind == crate::model::TableKind::Tasks;
            if let Some((warning, shift)) = tasks
                .then(|| {
                    put_back_shifted_timeframe(
                        &mut row_cells,
                        rest.len(),
                        &header.cell_roles(),
                        &header.columns,
                    )
                })
                .flatten()
            {
                warnings.push(warning);
                last_row_shift = Some(shift);
            }
            let confidence = if warnings.is_empty() {
                0.99
            } else if last_row_shift.is_some() {
                // The row lost a cell: which body stands where is a guess.
                0.6
            } else {
                0.8
            };
            rows.push(RawRow {
                tt,
                groups: tracker.current(),
                cells: row_cells,
                lines: [line.no, line.no],
                confidence,
                warnings,
                continued: false,
            });
            after_group = false;
            continue;
        }
        // A group row: number alone in the first cell and its title in the second, or both in
        // the first cell ("II Văn phòng Ủy ban nhân dân tỉnh", "III. PHÁT TRIỂN DỮ LIỆU").
        let candidate = if rest_filled == 0 {
            first.clone()
        } else {
            // A timeframe merged down from the group's row over its tasks ("Năm 2026" at the
            // row's end) is theirs, not the title's.
            let mut title_cells: Vec<&str> = rest
                .iter()
                .map(String::as_str)
                .filter(|c| !c.is_empty())
                .collect();
            if title_cells.len() > 1
                && title_cells
                    .last()
                    .is_some_and(|c| crate::domain::timeframe::is_timeframe(c))
            {
                title_cells.pop();
            }
            let joined_title = crate::clean::join_lines(title_cells);
            format!("{first} {joined_title}")
        };
        if let Some((number, title, level)) = tracker.recognize(&candidate, false) {
            tracker.enter(number, title, level);
            after_group = true;
            continue;
        }
        diagnostics.push(Diagnostic::new(
            "table-row-unplaced",
            Severity::Warning,
            format!(
                "table line not read as a row or a group: \"{}\"",
                snippet(&collapse_whitespace(text))
            ),
            [line.no, line.no],
        ));
    }
    rows
}

/// Puts a row's timeframe back under its column when the row lost a cell with its separator
/// (a tab deleted with an empty or filled cell): the row has fewer cells than the header
/// (`given`, before padding), the timeframe column holds no timeframe, and a body column before
/// it (lead, support) holds a whole one ("2026 - 2027" under "Cơ quan phối hợp"). A body is
/// never a timeframe, so the values from there on stood early: they move right to their
/// columns, when there is room for every one of them (a row whose cells after the timeframe
/// would be pushed out is in some other disorder, and is left as it is). Which cell before them
/// was lost cannot be known — a support body may now stand as the lead — so the row keeps them
/// as they are and says so. Returns the warning and the move (from which cell, by how many).
fn put_back_shifted_timeframe(
    cells: &mut Vec<String>,
    given: usize,
    roles: &[Role],
    names: &[String],
) -> Option<(String, (usize, usize))> {
    use crate::domain::timeframe::is_timeframe;
    let width = cells.len();
    if given >= width {
        return None;
    }
    let time = roles.iter().position(|r| *r == Role::Time)?;
    let holds_timeframe = |cell: &String| !cell.trim().is_empty() && is_timeframe(cell);
    if cells.get(time).is_some_and(holds_timeframe) {
        return None;
    }
    let stood_at = (0..time.min(given)).find(|&at| {
        matches!(roles.get(at), Some(Role::Lead | Role::Support)) && holds_timeframe(&cells[at])
    })?;
    let by = time - stood_at;
    if cells[width - by..].iter().any(|cell| !cell.is_empty()) {
        return None;
    }
    let moved = cells[stood_at].clone();
    cells.splice(stood_at..stood_at, std::iter::repeat_n(String::new(), by));
    cells.truncate(width);
    // `names` hold the number column's name first when the table has one.
    let offset = names.len().saturating_sub(roles.len());
    let name = |at: usize| names.get(at + offset).map_or("", String::as_str);
    let warning = format!(
        "a cell was lost with its separator: the row has {} cells where the header has {}, and \"{}\" stood under \
         \"{}\"; it was moved to \"{}\" with the cells after it, and the bodies before it may \
         stand under each other's columns",
        given + usize::from(offset > 0),
        names.len(),
        snippet(&moved),
        name(stood_at),
        name(time),
    );
    Some((warning, (stood_at, by)))
}

/// A row with an empty number cell, its cells cut or padded to the table's width.
fn unnumbered_row(
    cells: &[String],
    width: usize,
    groups: Vec<super::Group>,
    line: usize,
    confidence: f64,
) -> RawRow {
    let mut row_cells: Vec<String> = cells.iter().take(width).cloned().collect();
    row_cells.resize(width, String::new());
    RawRow {
        tt: String::new(),
        groups,
        cells: row_cells,
        lines: [line, line],
        confidence,
        warnings: Vec::new(),
        continued: false,
    }
}

/// A line with an empty number cell under a row is most often the rest of that row, cut by a
/// page break; but sub-tasks are also listed unnumbered, each a whole row. A whole row opens its
/// task with a capital (a cut sentence goes on in lower case) and its lead with a body's first
/// word ("Sở", "UBND" …; the rest of a cut name, "Truyền thông", opens with none), and, where
/// the table has the column, has a timeframe of its own; and the row above is whole: its task,
/// lead and timeframe do not stop short ("Sở Thông tin và", "Năm 2025 -", "… tại").
fn is_whole_unnumbered_row(cells: &[String], above: &[String], roles: &[Role]) -> bool {
    use crate::domain::{agencies, timeframe};
    let cell_of = |cells: &[String], role: Role| -> Option<String> {
        let at = roles.iter().position(|r| *r == role)?;
        let text = cells.get(at)?.trim();
        (!text.is_empty()).then(|| text.to_string())
    };
    let capitalised = |text: &str| text.chars().next().is_some_and(char::is_uppercase);
    let ends_open = |text: &str| {
        let text = text.trim_end();
        text.ends_with([',', '-', '–', '/', '(', ':'])
            || text.matches('(').count() > text.matches(')').count()
    };
    let opens_task = cell_of(cells, Role::Task).is_some_and(|task| capitalised(&task));
    let own_lead = cell_of(cells, Role::Lead)
        .is_some_and(|lead| capitalised(&lead) && agencies::opens_with_head(&lead));
    let above_whole = cell_of(above, Role::Task).is_some_and(|task| !ends_open(&task))
        && cell_of(above, Role::Lead)
            .is_some_and(|lead| !ends_open(&lead) && !agencies::is_cut_short(&lead));
    let own_time = !roles.contains(&Role::Time)
        || (cell_of(cells, Role::Time).is_some_and(|time| timeframe::is_timeframe(&time))
            && cell_of(above, Role::Time)
                .is_some_and(|time| !ends_open(&time) && timeframe::is_timeframe(&time)));
    opens_task && own_lead && above_whole && own_time
}

fn snippet(text: &str) -> String {
    let short: String = text.chars().take(60).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    use crate::structure::tables::tests::table_of;

    /// The names every header of these tests reads, wrapped or not.
    const NAMES: [&str; 5] = [
        "TT",
        "Nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian",
    ];

    /// A header name wrapped inside its column goes on in the line below ("Cơ quan phối" /
    /// "hợp"); a row printed without its number right under the header is not a name's line.
    #[test]
    fn a_header_name_wrapped_in_its_cell_goes_on_below() {
        let table = table_of(
            "| TT | Nhiệm vụ | Cơ quan chủ | Cơ quan phối | Thời gian |\n\
             |    |          | trì         | hợp          |           |\n\
             |----|----------|-------------|--------------|-----------|\n\
             | 1  | Số hóa hồ sơ lưu trữ | Sở Nội vụ | Các sở, ngành | Năm 2026 |\n",
        );
        assert_eq!(table.columns, NAMES);
        let support = table.rows[0].support.as_ref().map(|s| s.raw.as_str());
        assert_eq!(support, Some("Các sở, ngành"));

        // A row printed without its number right under the header, short cells or long, its
        // words header words or not ("Thực hiện đánh giá", "Sở Nội vụ" are).
        for unnumbered in [
            "|    | Rà soát các thủ tục hành chính trên môi trường số | Sở Nội vụ | | |",
            "|    | Số hóa | Sở Nội vụ | | |",
            "|    | Thực hiện đánh giá | Sở Nội vụ | | |",
        ] {
            let table = table_of(&format!(
                "| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |\n\
                 {unnumbered}\n\
                 | 1  | Số hóa hồ sơ lưu trữ | Sở Nội vụ | Các sở, ngành | Năm 2026 |\n",
            ));
            assert_eq!(table.columns, NAMES, "{unnumbered}");
        }
    }

    /// The header repeated after a page break brings its wrapped names' lines too: they go on
    /// the repeated names, not the row before.
    #[test]
    fn a_repeated_header_with_wrapped_names_is_skipped_whole() {
        let header = "| TT | Nhiệm vụ | Cơ quan chủ | Cơ quan phối | Thời gian |\n\
                      |    |          | trì         | hợp          |           |\n";
        let table = table_of(&format!(
            "{header}| 1  | Số hóa hồ sơ lưu trữ | Sở Nội vụ | Các sở, ngành | Năm 2026 |\n\
             {header}| 2  | Xây dựng kho dữ liệu | Sở Tài chính | Các sở, ngành | Năm 2027 |\n"
        ));
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].lead.raw, "Sở Nội vụ");
        let support = table.rows[0].support.as_ref().map(|s| s.raw.as_str());
        assert_eq!(support, Some("Các sở, ngành"));
        assert_eq!(table.rows[0].lines[0], table.rows[0].lines[1]);

        // A header of one line repeated: the line after it is the row's own, header words or
        // not.
        let header = "| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |\n";
        let table = table_of(&format!(
            "{header}| 1  | Số hóa hồ sơ lưu trữ | Sở Tài chính | Các sở, ngành | Năm 2026 |\n\
             {header}|    | thực hiện | Sở Nội vụ | | |\n"
        ));
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].lead.raw, "Sở Tài chính Sở Nội vụ");
    }
}

//! The header row of a table: its column names as printed (joined where a name was broken over
//! lines) and the role each column plays.

use crate::domain::text::fold;
use crate::model::TableKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Number,
    Task,
    Indicator,
    Unit,
    Lead,
    Support,
    Result,
    Time,
    /// A column the contract has no field for (kept in `columns`, its text is dropped).
    Other,
}

/// The names of the row-number column, folded ("TT", "STT", "Số TT", "Số thứ tự").
const NUMBER_COLUMN_NAMES: [&str; 4] = ["tt", "stt", "so tt", "so thu tu"];

/// Words that open a column name, compared folded, with the role they usually give. Checked
/// in order; the first opener that matches at a position wins (longest first where they share a
/// prefix).
const OPENERS: &[&str] = &[
    "so thu tu",
    "so tt",
    "stt",
    "tt",
    "ten nhiem vu",
    "nhiem vu",
    // One name, not "Nội dung" beside "nhiệm vụ".
    "noi dung nhiem vu",
    "noi dung",
    "chi tieu",
    "co quan",
    "don vi",
    "ket qua",
    "san pham",
    "thoi gian",
    "thoi han",
    "tien do",
    "ghi chu",
];

/// Every word a header may contain (folded): a line made only of these continues the header.
const HEADER_WORDS: &[&str] = &[
    "so", "tt", "stt", "ten", "nhiem", "vu", "giai", "phap", "noi", "dung", "chi", "tieu", "co",
    "quan", "don", "vi", "chu", "tri", "phoi", "hop", "ket", "qua", "san", "pham", "thoi", "gian",
    "thuc", "hien", "hoan", "thanh", "han", "tien", "do", "theo", "doi", "danh", "gia", "du",
    "kien", "ghi", "chu", "trach", "nhiem", "cap", "thiet", "lap", "dau", "moi",
];

#[derive(Debug, Clone)]
pub struct Header {
    pub columns: Vec<String>,
    pub roles: Vec<Role>,
    pub kind: TableKind,
}

pub(super) fn role_of(name: &str) -> Role {
    let folded = fold(name);
    let has = |w: &str| folded.contains(w);
    if NUMBER_COLUMN_NAMES.contains(&folded.as_str()) {
        Role::Number
    } else if has("chu tri") {
        Role::Lead
    } else if has("phoi hop") {
        Role::Support
    } else if has("ket qua") || has("san pham") || names_a_year(&folded) {
        // "Chỉ tiêu đến năm 2030", "Năm 2030": the value to reach by that year.
        Role::Result
    } else if has("thoi gian") || has("thoi han") || has("tien do") {
        Role::Time
    } else if has("chi tieu") {
        Role::Indicator
    } else if TASK_NAMES.iter().any(|name| has(name)) {
        Role::Task
    } else if (folded.starts_with("don vi") || folded.starts_with("co quan"))
        && (folded.ends_with("thuc hien") || folded.ends_with("theo doi"))
    {
        // "Đơn vị thực hiện", "Cơ quan, đơn vị thực hiện": the body that carries the task out
        // is its lead when no column is named "chủ trì" (`finish`); "Cơ quan theo dõi", the
        // body that tracks an indicator, too.
        Role::Lead
    } else if folded == "don vi" || folded == "don vi tinh" {
        Role::Unit
    } else {
        Role::Other
    }
}

/// Whether a cell is the row-number column's name ("TT", "STT", "Số TT", "Số thứ tự").
pub fn is_number_column_name(cell: &str) -> bool {
    let cell = cell.trim();
    // Longer cells are no such name: no fold for them (most cells are rows' text).
    cell.len() <= 24 && NUMBER_COLUMN_NAMES.contains(&fold(cell).as_str())
}

/// A header's names with room made for the names a line below prints under one of them
/// ("Cơ quan thực hiện" over "Chủ trì ⇥ Phối hợp"), when the merged cell above was exported as
/// one cell, without the empty cells it covers (a Word table's cell spanning two columns,
/// converted to text): the line below names a role in each cell of a run ("Chủ trì", "Phối
/// hợp"), and laid under the names as they stand, one would fall under a column that is no
/// body's ("Phối hợp" under "Thời gian thực hiện"). Each such run is spread: the names after
/// its first cell's column move right by the run's length less one. None when the line lays
/// under the names as it stands (a name wrapped in its cell, "Cơ quan chủ" over "trì", "Sở,
/// ngành" over "phối hợp"; a converter that kept the empty cells). A merged name before a column
/// whose name gives no role ("Ghi chú") cannot be told from a wrapped one, and is not spread.
pub fn spread_under_merged(names: &[String], below: &[String]) -> Option<Vec<String>> {
    // `below` is a row of the grid, each column its own cell (the cells under a merged one
    // exported empty); `names` line up with it up to the first merged name, then stand early.
    // One pass, each name moved once: a hostile header of thousands of runs stays linear.
    let names_a_role = |text: &str| role_of(text) != Role::Other;
    let mut spread: Vec<String> = Vec::with_capacity(names.len() + below.len());
    let mut name_at = 0;
    let mut at = 0;
    let mut changed = false;
    while at < below.len() && name_at < names.len() {
        let run = below[at..].iter().take_while(|c| !c.is_empty()).count();
        if run == 0 {
            spread.push(names[name_at].clone());
            name_at += 1;
            at += 1;
            continue;
        }
        let end = at + run;
        // Laid as they stand, the run's later cells fall under names[name_at + 1 ..].
        let falls_under_another = run >= 2
            && !names[name_at].is_empty()
            && below[at..end].iter().all(|cell| names_a_role(cell))
            && (1..run).any(|k| {
                names
                    .get(name_at + k)
                    .is_some_and(|name| takes_no_body_role(name, &below[at + k]))
            });
        if falls_under_another {
            spread.push(names[name_at].clone());
            spread.extend(std::iter::repeat_n(String::new(), run - 1));
            name_at += 1;
            changed = true;
        } else {
            let taken = run.min(names.len() - name_at);
            spread.extend(names[name_at..name_at + taken].iter().cloned());
            name_at += taken;
        }
        at = end;
    }
    spread.extend(names[name_at..].iter().cloned());
    changed.then_some(spread)
}

/// Whether a name below ("Phối hợp") cannot go on the name above it: the name above names a
/// column of its own that is no body's ("Thời gian thực hiện", "Kết quả"), and the name below
/// another role. A body column's name may go on with the body's part ("Cơ quan thực hiện" or
/// "Sở, ngành" over "phối hợp": a name wrapped in its cell).
fn takes_no_body_role(above: &str, below: &str) -> bool {
    let role = role_of(above);
    !above.is_empty()
        // "Đơn vị" alone names the unit column, and opens a body's name as often.
        && !matches!(role, Role::Other | Role::Lead | Role::Support | Role::Unit)
        && role != role_of(below)
}

/// Whether a line (cells joined) opens a header: its first word is a row-number column name
/// and a task or indicator column follows.
pub fn opens_header(text: &str) -> bool {
    let folded = fold(text);
    let starts = NUMBER_COLUMN_NAMES.iter().any(|name| {
        folded
            .strip_prefix(name)
            .is_some_and(|rest| rest.starts_with(' '))
    });
    starts && (folded.contains("chi tieu") || TASK_NAMES.iter().any(|name| folded.contains(name)))
}

/// Whether a line numbers the columns above it ("1 2 3 4 5", "(1) (2) (3)", in cells or not):
/// tables print this line under their header, and it is no task (its "1" would take the first
/// row's number).
pub fn is_column_number_line(text: &str) -> bool {
    /// Fewer numbers could be a row's number and a short cell or two.
    const FEWEST_COLUMNS: usize = 3;
    let mut count = 0;
    for (at, word) in text
        .split(|c: char| c.is_whitespace() || c == '|')
        .filter(|word| !word.is_empty())
        .enumerate()
    {
        let number = word.strip_prefix('(').unwrap_or(word);
        let number = number.strip_suffix(')').unwrap_or(number);
        if number.parse::<usize>().ok() != Some(at + 1) {
            return false;
        }
        count += 1;
    }
    count >= FEWEST_COLUMNS
}

/// Whether a column's name (folded) names the year its values are for: "năm 2030" in it.
fn names_a_year(folded: &str) -> bool {
    crate::domain::timeframe::year_named(folded).is_some()
}

/// What a task column is named, folded ("Nhiệm vụ", "Nội dung công việc", "Giải pháp").
const TASK_NAMES: [&str; 3] = ["nhiem vu", "noi dung", "giai phap"];

/// Whether two lines open a header whose number column's name is broken over them ("Số" above
/// "TT"), as column-aligned text prints it: the first line holds the other names.
pub fn opens_split_header(text: &str, next: &str) -> bool {
    // Most lines are not headers: the first word of each line decides before anything else.
    let first_is =
        |line: &str, word: &str| line.split_whitespace().next().map(fold).as_deref() == Some(word);
    if !first_is(text, "so") || !first_is(next, "tt") {
        return false;
    }
    let text = crate::clean::collapse_whitespace(text);
    let Some((_, rest)) = text.split_once(' ') else {
        return false;
    };
    is_header_continuation(next) && opens_header(&format!("TT {rest}"))
}

/// The most lines below a number column's name that are weighed for the rest of a header
/// printed one name per line (a header has a dozen words at most).
const MAX_VERTICAL_HEADER_LINES: usize = 12;

/// Whether a line holding only the number column's name ("TT", "STT", "Số TT", or "Số" with
/// "TT" alone below) opens a header whose names follow one per line, as extractions that print
/// each text block on its own lines give it (poppler's plain `pdftotext`, text copied from a PDF
/// viewer): the content lines below (blank lines skipped) that hold only header words — two or
/// more, each at most one name (a name's opening words, as `from_flowed` splits names, begin
/// it or none) — must, joined to it, open a header.
pub fn opens_vertical_header<'a>(text: &str, below: impl Iterator<Item = &'a str>) -> bool {
    // Most lines are not headers: one short fold decides before anything else is read.
    if !is_number_name_alone(text) {
        return false;
    }
    let names: Vec<&str> = below
        .take(MAX_VERTICAL_HEADER_LINES)
        .take_while(|line| is_header_continuation(line))
        .collect();
    // Names side by side (one space apart, or a column gap) are a header printed across the
    // page, which its own reader takes.
    let across_the_page =
        |line: &&str| line.trim().contains(COLUMN_GAP) || from_flowed(line).columns.len() > 1;
    if names.len() < 2 || names.iter().any(across_the_page) {
        return false;
    }
    let mut joined = fold(text);
    if joined == "so" {
        // "Số" alone opens only "Số" above "TT".
        if fold(names[0]) != "tt" {
            return false;
        }
        joined.clear();
    }
    for name in &names {
        joined.push(' ');
        joined.push_str(&fold(name));
    }
    opens_header(joined.trim_start())
}

/// Spaces that part two names printed side by side in column-aligned text (the layout reader's
/// gap between cells: two spaces or more).
const COLUMN_GAP: &str = "  ";

/// Whether a line holds only the number column's name, or the word "Số" that may open it (a
/// header printed one name per line opens so).
pub fn is_number_name_alone(text: &str) -> bool {
    let text = text.trim();
    // Longer lines are not a name of at most two short words: no fold for them.
    if text.len() > 24 {
        return false;
    }
    let folded = fold(text);
    NUMBER_COLUMN_NAMES.contains(&folded.as_str()) || folded == "so"
}

/// Whether every word of `text` is a header word (a header line broken over several lines).
pub fn is_header_continuation(text: &str) -> bool {
    let folded = fold(text);
    let words: Vec<&str> = folded
        .split(|c: char| c.is_whitespace() || c == ',' || c == '/' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty() && words.iter().all(|w| HEADER_WORDS.contains(w))
}

/// Builds a header from cells already separated (tab- or pipe-separated rows).
pub fn from_cells(cells: &[String]) -> Header {
    let columns: Vec<String> = cells
        .iter()
        .map(|c| crate::clean::collapse_whitespace(c))
        .filter(|c| !c.is_empty())
        .collect();
    finish(columns)
}

/// Builds a header from flowed text: the column names run together ("TT Nhiệm vụ, giải pháp Cơ
/// quan chủ trì Cơ quan phối hợp Thời gian"); a new name starts at each opener word.
pub fn from_flowed(text: &str) -> Header {
    let text = crate::clean::collapse_whitespace(text);
    let words: Vec<&str> = text.split(' ').collect();
    let folded_words: Vec<String> = words.iter().map(|w| fold(w)).collect();
    let mut columns: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let opener = OPENERS.iter().find_map(|opener| {
            let parts: Vec<&str> = opener.split(' ').collect();
            // A name's alternatives joined by "/" ("Đơn vị/Cơ quan thực hiện") open with its
            // first: "vị/Cơ" ends the opener "đơn vị".
            let matches = parts.iter().enumerate().all(|(k, p)| {
                folded_words.get(i + k).is_some_and(|w| {
                    let w = w.trim_end_matches([',', ':']);
                    w == *p || (k + 1 == parts.len() && w.split('/').next() == Some(*p))
                })
            });
            matches.then_some(parts.len())
        });
        match opener {
            // "Đơn vị" after "Cơ quan chủ trì …"/"Các …" stays in that name only when it is
            // not a column of its own; an opener always starts a new column.
            Some(len) => {
                columns.push(words[i..i + len].join(" "));
                i += len;
            }
            None => {
                match columns.last_mut() {
                    Some(last) => {
                        last.push(' ');
                        last.push_str(words[i]);
                    }
                    None => columns.push(words[i].to_string()),
                }
                i += 1;
            }
        }
    }
    finish(columns)
}

/// Builds a header from flowed lines: the first line and those continuing it. "Số" opening the
/// first line with "TT" opening the next is the number column's name broken over two lines
/// ("Số Nhiệm vụ, giải pháp Cơ quan chủ trì …" above "TT").
pub fn from_flowed_lines(parts: &[String]) -> Header {
    let mut parts: Vec<String> = parts.to_vec();
    if let [first, second, ..] = parts.as_mut_slice() {
        if let (Some((number, names)), Some(below)) =
            (split_number_above(first), fold_first(second))
        {
            if below == "tt" {
                let (tt, rest) = second.split_once(' ').unwrap_or((second.as_str(), ""));
                *first = format!("{number} {tt} {names}");
                *second = rest.to_string();
            }
        }
    }
    let joined = from_flowed(&crate::clean::join_lines(parts.iter().map(String::as_str)));
    match parts.split_first() {
        Some((first, rest))
            if (1..=MAX_SIDE_BY_SIDE_LINES).contains(&rest.len())
                && named(&joined) < joined.roles.len() =>
        {
            // Names broken over lines side by side ("Cơ quan chủ Cơ quan" above "trì phối
            // hợp"): each line below goes on under the names it completes.
            let mut columns = from_flowed(first).columns;
            for part in rest {
                complete_names(&mut columns, part);
            }
            let beside = finish(columns);
            if named(&beside) > named(&joined) {
                beside
            } else {
                joined
            }
        }
        _ => joined,
    }
}

/// Names broken side by side go on over two or three lines; a header continued over more is
/// read as one run of names (and the work stays linear in its length).
const MAX_SIDE_BY_SIDE_LINES: usize = 3;
/// The most (columns × words²) `complete_names` weighs for one line.
const MAX_NAME_SPLIT_WORK: usize = 10_000;

/// How many columns have a role the header's names give (not `Other`).
fn named(header: &Header) -> usize {
    header.roles.iter().filter(|r| **r != Role::Other).count()
}

/// Appends the words of `line` to `columns`, in order, each run to the column whose name it
/// best completes: the split that gives the most columns a role, ties to the later columns (a
/// name is continued under itself; the last column's continuation is the usual case).
fn complete_names(columns: &mut [String], line: &str) {
    let words: Vec<&str> = line.split_whitespace().collect();
    let (k, n) = (columns.len(), words.len());
    if k == 0 || n == 0 {
        return;
    }
    if k.saturating_mul(n.saturating_mul(n)) > MAX_NAME_SPLIT_WORK {
        if let Some(last) = columns.last_mut() {
            last.push(' ');
            last.push_str(&words.join(" "));
        }
        return;
    }
    let with = |c: usize, from: usize, to: usize| -> String {
        if from == to {
            columns[c].clone()
        } else {
            format!("{} {}", columns[c], words[from..to].join(" "))
        }
    };
    // best[c][j]: (named columns among the first c, total column index of the runs) with the
    // first j words given to them; from[c][j]: where column c - 1's run starts.
    let mut best = vec![vec![None::<(usize, usize)>; n + 1]; k + 1];
    let mut from = vec![vec![0usize; n + 1]; k + 1];
    best[0][0] = Some((0, 0));
    for c in 0..k {
        for i in 0..=n {
            let Some((named_so_far, lateness)) = best[c][i] else {
                continue;
            };
            for j in i..=n {
                let role = role_of(&with(c, i, j));
                let value = (
                    named_so_far + usize::from(role != Role::Other),
                    lateness + if j > i { c * (j - i) } else { 0 },
                );
                if best[c + 1][j].is_none_or(|b| value > b) {
                    best[c + 1][j] = Some(value);
                    from[c + 1][j] = i;
                }
            }
        }
    }
    let mut j = n;
    let mut runs = vec![(0, 0); k];
    for c in (1..=k).rev() {
        let i = from[c][j];
        runs[c - 1] = (i, j);
        j = i;
    }
    let completed: Vec<String> = runs
        .into_iter()
        .enumerate()
        .map(|(c, (i, j))| with(c, i, j))
        .collect();
    for (column, name) in columns.iter_mut().zip(completed) {
        *column = name;
    }
}

/// "Số" and the names after it, when a line opens with the word "Số".
fn split_number_above(line: &str) -> Option<(String, String)> {
    let line = crate::clean::collapse_whitespace(line);
    let (first, rest) = line.split_once(' ')?;
    (fold(first) == "so").then(|| (first.to_string(), rest.to_string()))
}

fn fold_first(line: &str) -> Option<String> {
    line.split_whitespace().next().map(fold)
}

fn finish(columns: Vec<String>) -> Header {
    let mut roles: Vec<Role> = columns.iter().map(|c| role_of(c)).collect();
    // "Đơn vị thực hiện" is the lead only when no column is named "chủ trì": beside one, it is
    // a column of its own (kept, its text dropped).
    let named_lead = |column: &String| fold(column).contains("chu tri");
    if columns.iter().any(named_lead) {
        for (role, column) in roles.iter_mut().zip(&columns) {
            if *role == Role::Lead && !named_lead(column) {
                *role = Role::Other;
            }
        }
    }
    let kind = if roles.contains(&Role::Indicator) {
        TableKind::Indicators
    } else {
        TableKind::Tasks
    };
    // In an indicator table the column after the indicator named "Đơn vị" is the unit, even
    // when a later "Cơ quan chủ trì" exists.
    Header {
        columns,
        roles,
        kind,
    }
}

impl Header {
    /// The columns after the row number, in order, with their roles.
    pub fn cell_roles(&self) -> Vec<Role> {
        self.roles
            .iter()
            .copied()
            .skip_while(|r| *r == Role::Number)
            .collect()
    }

    pub fn has_number_column(&self) -> bool {
        self.roles.first() == Some(&Role::Number)
    }

    /// A header is usable when it has a task or indicator column and a lead column.
    pub fn is_usable(&self) -> bool {
        (self.roles.contains(&Role::Task) || self.roles.contains(&Role::Indicator))
            && self.roles.len() >= 3
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flowed_header_names() {
        let h = from_flowed("TT Nhiệm vụ, giải pháp Cơ quan chủ trì Cơ quan phối hợp Thời gian");
        assert_eq!(
            h.columns,
            vec![
                "TT",
                "Nhiệm vụ, giải pháp",
                "Cơ quan chủ trì",
                "Cơ quan phối hợp",
                "Thời gian"
            ]
        );
        // Names broken over two lines side by side.
        let h = from_flowed_lines(&[
            "TT Nhiệm vụ, giải pháp Cơ quan chủ Cơ quan Thời gian".to_string(),
            "trì phối hợp".to_string(),
        ]);
        assert_eq!(
            h.columns,
            vec![
                "TT",
                "Nhiệm vụ, giải pháp",
                "Cơ quan chủ trì",
                "Cơ quan phối hợp",
                "Thời gian"
            ]
        );
        // "Số" above "TT".
        let h = from_flowed_lines(&[
            "Số Nhiệm vụ, giải pháp Cơ quan chủ trì Cơ quan phối hợp Thời gian".to_string(),
            "TT".to_string(),
        ]);
        assert_eq!(h.columns[0], "Số TT");
        assert_eq!(h.roles[0], Role::Number);
        // A continuation that completes no name goes on under the last one ("thực hiện"),
        // while the names it completes take theirs; an empty line adds nothing.
        let h = from_flowed_lines(&[
            "TT Nhiệm vụ Cơ quan chủ Cơ quan Thời gian".to_string(),
            "trì phối hợp".to_string(),
            "thực hiện".to_string(),
            String::new(),
        ]);
        assert_eq!(
            h.columns,
            vec![
                "TT",
                "Nhiệm vụ",
                "Cơ quan chủ trì",
                "Cơ quan phối hợp",
                "Thời gian thực hiện"
            ]
        );
        let h = from_flowed("TT Chỉ tiêu Đơn vị Kết quả Cơ quan chủ trì theo dõi, đánh giá");
        assert_eq!(h.kind, TableKind::Indicators);
        assert_eq!(
            h.roles,
            vec![
                Role::Number,
                Role::Indicator,
                Role::Unit,
                Role::Result,
                Role::Lead
            ]
        );
    }

    #[test]
    fn names_under_a_merged_name_get_their_own_columns() {
        let cells = |line: &str| -> Vec<String> { line.split('|').map(str::to_string).collect() };
        // A Word table's "Cơ quan thực hiện" spanning two columns, exported as one cell.
        let spread = spread_under_merged(
            &cells("TT|Nhiệm vụ|Cơ quan thực hiện|Thời gian thực hiện"),
            &cells("||Chủ trì|Phối hợp"),
        );
        assert_eq!(
            spread,
            Some(cells("TT|Nhiệm vụ|Cơ quan thực hiện||Thời gian thực hiện"))
        );
        // Before a result column.
        let spread = spread_under_merged(
            &cells("TT|Trách nhiệm thực hiện|Kết quả"),
            &cells("|Chủ trì|Phối hợp"),
        );
        assert_eq!(spread, Some(cells("TT|Trách nhiệm thực hiện||Kết quả")));
        // Lines that lay under the names as they stand: names wrapped in their cells, a
        // converter that kept the merged cell's empty one, one name below.
        for (names, below) in [
            (
                "TT|Nhiệm vụ|Cơ quan chủ|Cơ quan phối|Thời gian",
                "||trì|hợp|",
            ),
            (
                "TT|Nhiệm vụ|Cơ quan|Cơ quan|Thời gian",
                "||chủ trì|phối hợp|",
            ),
            (
                "TT|Nhiệm vụ|Cơ quan, đơn vị|Đơn vị|Thời gian",
                "||chủ trì|phối hợp|",
            ),
            (
                "TT|Nhiệm vụ|Cơ quan thực hiện||Thời gian",
                "||Chủ trì|Phối hợp|",
            ),
            ("TT|Nhiệm vụ|Cơ quan thực hiện|Thời gian", "||Chủ trì|"),
            // Body names wrapped in their cells (a review of stop 51): never spread.
            (
                "TT|Nhiệm vụ|Sở, ngành|Sở, ngành|Thời gian",
                "||chủ trì|phối hợp|",
            ),
            (
                "TT|Nhiệm vụ|Các cơ quan|Các cơ quan|Thời gian",
                "||chủ trì|phối hợp|",
            ),
            (
                "TT|Nhiệm vụ|Cơ quan thực hiện|Cơ quan thực hiện|Thời gian",
                "||chủ trì|phối hợp|",
            ),
            // Before a column whose name gives no role: not told from a wrapped name.
            ("TT|Trách nhiệm thực hiện|Ghi chú", "|Chủ trì|Phối hợp"),
            ("TT|Nhiệm vụ|Thời gian|Ghi chú", "||thực hiện|"),
            // Names below that give no role are not taken for a merged name's parts.
            ("TT|Nhiệm vụ|Thời gian|Ghi chú", "||Bắt đầu|Kết thúc|"),
        ] {
            assert_eq!(
                spread_under_merged(&cells(names), &cells(below)),
                None,
                "{names}"
            );
        }
    }

    #[test]
    fn the_number_column_is_named_in_full_too() {
        for name in ["TT", "STT", "Số TT", "Số thứ tự", " stt "] {
            assert!(is_number_column_name(name), "{name}");
            assert_eq!(role_of(name), Role::Number, "{name}");
        }
        for name in [
            "T",
            "Số",
            "Thứ tự ưu tiên",
            "Số thứ tự của nhiệm vụ trong kế hoạch",
        ] {
            assert!(!is_number_column_name(name), "{name}");
        }
        assert!(opens_header("Số thứ tự Nhiệm vụ Cơ quan chủ trì Thời gian"));
        let header = from_flowed("Số thứ tự Nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời gian");
        assert_eq!(header.columns[0], "Số thứ tự");
        assert!(header.has_number_column());
    }

    #[test]
    fn a_header_printed_one_name_per_line() {
        let names = [
            "Nhiệm vụ",
            "Đơn vị chủ trì",
            "Đơn vị phối hợp",
            "Thời gian",
            "thực hiện",
        ];
        assert!(opens_vertical_header("TT", names.iter().copied()));
        assert!(opens_vertical_header(" STT ", names.iter().copied()));
        // "Số" above "TT", the other names below.
        let below = ["TT", "Nhiệm vụ, giải pháp", "Cơ quan chủ trì", "Thời gian"];
        assert!(opens_vertical_header("Số", below.iter().copied()));
        let h = from_flowed_lines(
            &std::iter::once("TT")
                .chain(names)
                .map(String::from)
                .collect::<Vec<_>>(),
        );
        assert_eq!(
            h.columns,
            [
                "TT",
                "Nhiệm vụ",
                "Đơn vị chủ trì",
                "Đơn vị phối hợp",
                "Thời gian thực hiện"
            ]
        );
        // A lone "TT" above a row's text, a "Số" above anything but "TT …", a line holding
        // more than the name, or names without a task or indicator column open nothing.
        assert!(!opens_vertical_header(
            "TT",
            ["Rà soát quy định"].into_iter()
        ));
        assert!(!opens_vertical_header("Số", names.iter().copied()));
        assert!(!opens_vertical_header("TT 1", names.iter().copied()));
        let no_task = ["Cơ quan chủ trì", "Thời gian"];
        assert!(!opens_vertical_header("TT", no_task.iter().copied()));
        // Only the lines right below are weighed: a row's text ends the names.
        let cut = ["Nhiệm vụ", "Rà soát", "Đơn vị chủ trì"];
        assert!(!opens_vertical_header("TT", cut.iter().copied()));
        // "Số" above a header printed across the page, as column-aligned text has it, is that
        // header's (its own reader takes it), and so are names apart by a column gap.
        let across = [
            "TT    Nhiệm vụ        Cơ quan chủ trì   Thời gian",
            "thực hiện",
        ];
        assert!(!opens_vertical_header("Số", across.iter().copied()));
        let gaps = ["Nhiệm vụ        Cơ quan chủ trì", "Thời gian"];
        assert!(!opens_vertical_header("TT", gaps.iter().copied()));
        let side_by_side = [
            "Nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời gian",
            "thực hiện",
        ];
        assert!(!opens_vertical_header("TT", side_by_side.iter().copied()));
        assert!(is_number_name_alone("Số   TT"));
    }
}

//! The views of a diff as plain grids of cells, shared by every output format.

use crate::compare::{Diff, Segment, SegmentOp, TaskGroup};
pub use crate::render::counted;
pub use crate::render::sheets::{Cell, Sheet};

/// `Compact`: one column per plan (terminal, Markdown, HTML). `Wide`: one column per plan and
/// field, for spreadsheets and scripts (CSV, XLSX).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Compact,
    Wide,
}

/// The views in the report (all four, or those `--only` names), in the order `compare::VIEWS`
/// lists them, each with its header even when it has no rows: plans with no targets still get
/// a Targets heading that says "0 groups" and a `targets` sheet a script can open, as the CSV
/// folder and the JSON always had.
pub fn sheets(diff: &Diff, layout: Layout) -> Vec<Sheet> {
    let mut out = Vec::new();
    if in_report(diff, "tasks") {
        out.push(tasks(diff, layout));
    }
    if in_report(diff, "targets") {
        out.push(targets(diff, layout));
    }
    if in_report(diff, "sections") {
        out.push(sections(diff, layout));
    }
    if in_report(diff, "agencies") {
        out.push(agencies(diff, layout));
    }
    out
}

/// Whether `view` is in the report: `--only` did not leave it out.
pub fn in_report(diff: &Diff, view: &str) -> bool {
    diff.filtered
        .as_ref()
        .is_none_or(|filtered| filtered.only.is_empty() || filtered.only.iter().any(|v| v == view))
}

/// An agency row's 2025 successor as a reader needs it: with the duties that went elsewhere
/// ("Sở Nội vụ, except giáo dục nghề nghiệp → Sở Giáo dục và Đào tạo"), since the counts beside
/// it take in tasks of those duties too.
pub fn successor_shown(row: &crate::compare::model::AgencyRow) -> String {
    let Some(successor) = row.successor.as_deref() else {
        return String::new();
    };
    let elsewhere: Vec<String> = crate::domain::duties::split_duties(&row.body)
        .iter()
        .map(|duty| format!("{} → {}", duty.duty, duty.successor))
        .collect();
    if elsewhere.is_empty() {
        successor.to_string()
    } else {
        format!("{successor}, except {}", elsewhere.join("; "))
    }
}

/// "line 12" or "lines 12–14": where an item is in its plan's input, for checking a difference
/// against the document.
pub fn line_words([first, last]: crate::model::LineRange) -> String {
    if first == last {
        format!("line {first}")
    } else {
        format!("lines {first}–{last}")
    }
}

/// "32 more hidden by --changed" when the filters hid groups of `view`.
pub fn hidden_note(diff: &Diff, view: &str) -> Option<String> {
    diff.filtered.as_ref()?.hidden_note(view)
}

/// How the targets' verdicts read, for every view that shows them.
/// What an agencies cell without counts means, where "0 / 0" would say "gives the body nothing".
pub const AGENCY_ABSENT: &str = "—: no task table was found in that plan";

pub const VERDICT_LEGEND: &str = "each plan's level against the first plan of the row that has it: same, stronger, weaker, different (units or comparators that do not compare)";

/// One view by name, with its header even when it has no rows (a script reading the file still
/// finds its columns); None for a name that is no view.
pub fn sheet(diff: &Diff, view: &str, layout: Layout) -> Option<Sheet> {
    match view {
        "tasks" => Some(tasks(diff, layout)),
        "targets" => Some(targets(diff, layout)),
        "sections" => Some(sections(diff, layout)),
        "agencies" => Some(agencies(diff, layout)),
        PLANS_SHEET => Some(plans(diff)),
        FILTERED_SHEET => Some(filtered(diff)),
        _ => None,
    }
}

/// The name of the sheet that says which file each plan key stands for.
pub const PLANS_SHEET: &str = "plans";

/// Which file, province, number and date each plan key stands for: the other sheets name plans
/// by key only, and two plans of one province (a draft and the issued plan) differ by file alone.
pub fn plans(diff: &Diff) -> Sheet {
    let header = [
        "key", "province", "path", "number", "date", "note", "source",
    ]
    .map(str::to_string)
    .to_vec();
    let rows = diff
        .plans
        .iter()
        .map(|plan| {
            [
                Some(plan.key.as_str()),
                plan.province.as_deref(),
                Some(plan.path.as_str()),
                plan.number.as_deref(),
                plan.date.as_deref(),
                plan.note.as_deref(),
                plan.source.as_deref(),
            ]
            .map(|field| Cell::plain(field.unwrap_or_default()))
            .to_vec()
        })
        .collect();
    Sheet {
        name: PLANS_SHEET,
        header,
        rows,
    }
}

/// The name of the sheet that says what the filters hid, for the formats that cannot say it in
/// words around their tables (XLSX, a CSV folder).
pub const FILTERED_SHEET: &str = "filtered";

/// One row per view: how many of its groups the filters hid and which filters hid them, or,
/// for a view `--only` left out, that it is not in the report (a CSV folder may still hold an
/// earlier run's file of it). No rows when the diff was not filtered.
pub fn filtered(diff: &Diff) -> Sheet {
    let header = ["view", "hidden", "hidden by"].map(str::to_string).to_vec();
    let rows = match &diff.filtered {
        None => Vec::new(),
        Some(filtered) => crate::compare::VIEWS
            .iter()
            .map(|view| match filtered.hidden.get(*view) {
                Some(&hidden) => vec![
                    Cell::plain(*view),
                    Cell {
                        number: true,
                        ..Cell::plain(hidden.to_string())
                    },
                    Cell::plain(if hidden > 0 {
                        filtered.filters_for(view)
                    } else {
                        String::new()
                    }),
                ],
                None => vec![
                    Cell::plain(*view),
                    Cell::plain(""),
                    Cell::plain("--only: not in this report"),
                ],
            })
            .collect(),
    };
    Sheet {
        name: FILTERED_SHEET,
        header,
        rows,
    }
}

/// The name of the workbook's last sheet, which says what its colours and words mean.
pub const LEGEND_SHEET: &str = "legend";

/// What the workbook's colours, statuses and verdicts mean, each shown as the sheets show it:
/// a workbook sent to a colleague travels without the terminal's or the page's legend.
pub fn legend() -> Sheet {
    let header = ["in the sheets", "means"].map(str::to_string).to_vec();
    let marked_words = "words in bold green";
    let entries: Vec<(Cell, &str)> = vec![
        (
            Cell {
                text: "a tinted cell".to_string(),
                changed: true,
                ..Cell::default()
            },
            "tasks: a field that differs between the plans; targets: a level (and its verdict) not alike in every plan; sections: a heading some plan lacks",
        ),
        (
            Cell {
                text: marked_words.to_string(),
                wording: marked_words
                    .split(' ')
                    .map(|word| Segment {
                        op: SegmentOp::Added,
                        text: word.to_string(),
                    })
                    .collect(),
                ..Cell::default()
            },
            "in a plan's task: words the first plan of the row does not have",
        ),
        (Cell::plain("identical"), "status: every plan has the task and nothing differs"),
        (Cell::plain("changed"), "status: a field differs between the plans that have it"),
        (Cell::plain("partial"), "status: some plans lack the task; the others agree"),
        (Cell::plain("only here"), "status: one plan alone has the task"),
        (
            Cell::plain("weak match: yes"),
            "a plan's wording is far from the others'; the group titles and bodies they share paired them: worth a second look",
        ),
        (
            Cell::plain("same body after the 2025 reorganization"),
            "in the differences: the bodies' names differ only by the 2025 reorganization of departments and provinces",
        ),
        (Cell::plain("verdict"), VERDICT_LEGEND),
        (
            Cell::plain("an empty plan column"),
            "the plan has no such task, target or heading; in agencies, no task table was found in the plan (a plan that gives a body no task has 0 and 0)",
        ),
        (Cell::plain("#"), "the group's number in the whole comparison, kept by the filters"),
    ];
    Sheet {
        name: LEGEND_SHEET,
        header,
        rows: entries
            .into_iter()
            .map(|(shown, means)| vec![shown, Cell::plain(means)])
            .collect(),
    }
}

fn keys(diff: &Diff) -> Vec<String> {
    diff.plans.iter().map(|p| p.key.clone()).collect()
}

/// What differs in a group, one line per field.
pub fn change_lines(group: &TaskGroup) -> Vec<String> {
    let mut lines = Vec::new();
    for change in &group.changes {
        let line = match (change.field.as_str(), change.kind.as_str()) {
            ("task", _) => "wording differs".to_string(),
            (field, "reorganized") => format!(
                "{field}: same body after the 2025 reorganization{}",
                change
                    .note
                    .as_deref()
                    .and_then(|n| n.split_once(": "))
                    .map(|(_, names)| format!(" ({names})"))
                    .unwrap_or_default()
            ),
            (field, _) => format!("{field} differs"),
        };
        lines.push(line);
    }
    lines
}

/// The group's status as a reader sees it; a weak match says so, since its members' wordings
/// alone would not have been paired.
pub(super) fn status_text(group: &TaskGroup) -> String {
    if group.weak {
        format!("{} (weak match)", status_word(group))
    } else {
        status_word(group).to_string()
    }
}

/// The status alone, for a column of its own that a spreadsheet filters on.
fn status_word(group: &TaskGroup) -> &str {
    match group.status.as_str() {
        "only" => "only here",
        other => other,
    }
}

fn tasks(diff: &Diff, layout: Layout) -> Sheet {
    let keys = keys(diff);
    let mut header = vec!["#".to_string()];
    match layout {
        Layout::Compact => header.extend(keys.iter().cloned()),
        Layout::Wide => {
            header.extend(["status", "similarity"].map(String::from));
            for key in &keys {
                for field in ["id", "task", "lead", "support", "timeframe"] {
                    header.push(format!("{key} {field}"));
                }
            }
        }
    }
    header.push("differences".to_string());
    // Added after every earlier column, so scripts reading those by position still find them.
    if layout == Layout::Wide {
        header.push("weak match".to_string());
        line_headers(&mut header, &keys);
    }
    let mut rows = Vec::new();
    for group in &diff.tasks {
        let changed = group.status == "changed";
        let field_changed = |field: &str| group.changes.iter().any(|c| c.field == field);
        let mut row = vec![Cell::number(group.number.to_string())];
        if layout == Layout::Wide {
            row.push(Cell::plain(status_word(group).to_string()));
            row.push(Cell::number(
                group
                    .similarity
                    // As the JSON gives it (three decimals): a spreadsheet sorting by it must
                    // not see ties the JSON does not have.
                    .map(|s| format!("{s:.3}"))
                    .unwrap_or_default(),
            ));
        }
        for key in &keys {
            let member = group.rows.get(key);
            match layout {
                Layout::Compact => {
                    let Some(m) = member else {
                        row.push(Cell::plain("—"));
                        continue;
                    };
                    let mut text = format!("[{}] {}", m.id, m.task);
                    let mut details = Vec::new();
                    details.push(format!("lead: {}", or_dash(&m.lead)));
                    details.push(format!("support: {}", or_dash(&m.support)));
                    details.push(format!("time: {}", or_dash(&m.timeframe)));
                    // Where to check it in the plan: a report sent on is read against the
                    // documents.
                    details.push(line_words(m.lines));
                    text.push('\n');
                    text.push_str(&details.join("\n"));
                    let mut wording = Vec::new();
                    if !m.wording.is_empty() {
                        wording.push(Segment {
                            op: SegmentOp::Same,
                            text: format!("[{}]", m.id),
                        });
                        wording.extend(m.wording.iter().cloned());
                    }
                    row.push(Cell {
                        text,
                        wording,
                        changed,
                        ..Cell::default()
                    });
                }
                Layout::Wide => {
                    let get = |f: fn(&crate::compare::TaskMember) -> String| {
                        member.map(f).unwrap_or_default()
                    };
                    row.push(Cell::plain(get(|m| m.id.clone())));
                    row.push(Cell {
                        text: get(|m| m.task.clone()),
                        wording: member.map(|m| own_words(&m.wording)).unwrap_or_default(),
                        changed: field_changed("task"),
                        ..Cell::default()
                    });
                    for (field, value) in [
                        ("lead", get(|m| m.lead.clone())),
                        ("support", get(|m| m.support.clone())),
                        ("timeframe", get(|m| m.timeframe.clone())),
                    ] {
                        row.push(Cell {
                            text: value,
                            wording: Vec::new(),
                            changed: field_changed(field),
                            ..Cell::default()
                        });
                    }
                }
            }
        }
        let mut lines = change_lines(group);
        if layout == Layout::Compact {
            lines.insert(
                0,
                match group.similarity {
                    Some(s) => format!("{} · similarity {s:.2}", status_text(group)),
                    None => status_text(group),
                },
            );
        }
        row.push(Cell {
            text: lines.join("\n"),
            wording: Vec::new(),
            changed,
            ..Cell::default()
        });
        if layout == Layout::Wide {
            row.push(Cell::plain(if group.weak { "yes" } else { "" }));
            for key in &keys {
                push_lines(&mut row, group.rows.get(key).map(|member| member.lines));
            }
        }
        rows.push(row);
    }
    Sheet {
        name: "tasks",
        header,
        rows,
    }
}

/// The member's own words, its added ones marked: a spreadsheet cell is one plan's text, which
/// is copied and filtered as such, so the first member's words it lacks cannot be inside it.
fn own_words(wording: &[Segment]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    for segment in wording.iter().filter(|s| s.op != SegmentOp::Removed) {
        match out.last_mut() {
            Some(last) if last.op == segment.op => {
                last.text.push(' ');
                last.text.push_str(&segment.text);
            }
            _ => out.push(segment.clone()),
        }
    }
    out
}

fn or_dash(text: &str) -> &str {
    if text.trim().is_empty() {
        "—"
    } else {
        text
    }
}

/// A target's level in parts, as the JSON `details` give them: the number, the comparator
/// (`=`, `>=`, `<=`), the unit (the contract's key: `%`, `rank`, `count` …) and the year.
const LEVEL_FIELDS: [&str; 4] = ["number", "comparator", "unit", "year"];

/// At most this many characters of a member's own words are shown under its level.
const OTHER_WORDS_WIDTH: usize = 60;

/// The words a member's subject has where the label (the first member's) has others: "≠ khám,
/// chữa bệnh" under a level paired with "… thủ tục hành chính". Targets are paired by what they
/// measure, so the label alone could hide that another plan's "same" level is about something
/// else. A subject that only leaves words out says which ("≠ without: các"): its level is
/// "worded otherwise", and the reader must see why. Nothing for a subject worded alike.
fn other_words(detail: &crate::compare::model::TargetMember) -> Option<String> {
    use crate::compare::model::SegmentOp;
    let words_of = |op: SegmentOp| -> Vec<&str> {
        detail
            .wording
            .iter()
            .filter(|s| s.op == op)
            .map(|s| s.text.as_str())
            .collect()
    };
    let added = words_of(SegmentOp::Added);
    let (prefix, words) = if added.is_empty() {
        let removed = words_of(SegmentOp::Removed);
        if removed.is_empty() {
            return None;
        }
        ("without: ", removed.join(" … "))
    } else {
        ("", added.join(" … "))
    };
    let shown: String = if words.chars().count() > OTHER_WORDS_WIDTH {
        let cut: String = words.chars().take(OTHER_WORDS_WIDTH - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        words
    };
    Some(format!("≠ {prefix}{shown}"))
}

fn targets(diff: &Diff, layout: Layout) -> Sheet {
    let keys = keys(diff);
    // The label is for reading; a sheet for other programs also gets the key targets were
    // matched on.
    let mut header = vec!["#".to_string(), "label".to_string()];
    if layout == Layout::Wide {
        header.push("subject".to_string());
    }
    for key in &keys {
        match layout {
            Layout::Compact => header.push(key.clone()),
            Layout::Wide => {
                for field in ["value", "verdict", "path", "quote"] {
                    header.push(format!("{key} {field}"));
                }
            }
        }
    }
    header.push("same".to_string());
    // The level's parts, one column each, so a spreadsheet can sort and filter by them; after
    // every earlier column, so scripts reading those by position still find them.
    if layout == Layout::Wide {
        for key in &keys {
            for field in LEVEL_FIELDS {
                header.push(format!("{key} {field}"));
            }
        }
        line_headers(&mut header, &keys);
        // Each plan's subject in its own words: a level `same` in every plan may measure
        // something worded otherwise (the table and Markdown note it as "≠ …").
        header.extend(keys.iter().map(|key| format!("{key} subject")));
    }
    let mut rows = Vec::new();
    for group in &diff.targets {
        let mut row = vec![
            Cell::number(group.number.to_string()),
            Cell::plain(&group.label),
        ];
        if layout == Layout::Wide {
            row.push(Cell::plain(&group.subject));
        }
        for key in &keys {
            let value = group.values.get(key).cloned().unwrap_or_default();
            let verdict = group.verdicts.get(key).cloned().unwrap_or_default();
            let detail = group.details.get(key);
            match layout {
                Layout::Compact => row.push(Cell {
                    text: if value.is_empty() {
                        "—".to_string()
                    } else {
                        let mut text = format!(
                            "{value}\n{verdict} · {}{}",
                            detail.map(|d| d.path.join(".")).unwrap_or_default(),
                            detail
                                .map(|d| format!(" · {}", line_words(d.lines)))
                                .unwrap_or_default()
                        );
                        if let Some(note) = detail.and_then(other_words) {
                            text.push('\n');
                            text.push_str(&note);
                        }
                        text
                    },
                    wording: Vec::new(),
                    changed: !group.unchanged(),
                    ..Cell::default()
                }),
                Layout::Wide => {
                    // Tinted as in the other views: a level that is not alike in every plan.
                    let alike = group.unchanged();
                    row.push(Cell {
                        changed: !alike,
                        ..Cell::plain(value)
                    });
                    row.push(Cell {
                        changed: !alike,
                        ..Cell::plain(verdict)
                    });
                    row.push(Cell::plain(
                        detail.map(|d| d.path.join(".")).unwrap_or_default(),
                    ));
                    row.push(Cell::plain(
                        detail.map(|d| d.quote.clone()).unwrap_or_default(),
                    ));
                }
            }
        }
        row.push(Cell::plain(same_words(group)));
        if layout == Layout::Wide {
            for key in &keys {
                match group.details.get(key) {
                    Some(detail) => {
                        row.push(Cell::number(crate::render::plan::format_number(
                            detail.value,
                        )));
                        row.push(Cell::plain(&detail.comparator));
                        row.push(Cell::plain(&detail.unit));
                        row.push(match detail.year {
                            Some(year) => Cell::number(year.to_string()),
                            None => Cell::plain(""),
                        });
                    }
                    None => row.extend(LEVEL_FIELDS.iter().map(|_| Cell::plain(""))),
                }
            }
            for key in &keys {
                push_lines(&mut row, group.details.get(key).map(|detail| detail.lines));
            }
            for key in &keys {
                row.push(Cell::plain(
                    group
                        .details
                        .get(key)
                        .map(|detail| detail.subject.clone())
                        .unwrap_or_default(),
                ));
            }
        }
        rows.push(row);
    }
    Sheet {
        name: "targets",
        header,
        rows,
    }
}

/// Where each plan's item is in its input, as `parse`'s sheets say it: a reader checks a
/// difference against the document without running `parse` again. Two columns a plan, after
/// every earlier column, so scripts reading those by position still find them.
fn line_headers(header: &mut Vec<String>, keys: &[String]) {
    for key in keys {
        header.push(format!("{key} first line"));
        header.push(format!("{key} last line"));
    }
}

/// The two cells [`line_headers`] names, empty for a plan without the item.
fn push_lines(row: &mut Vec<Cell>, lines: Option<crate::model::LineRange>) {
    match lines {
        Some([first, last]) => {
            row.push(Cell::number(first.to_string()));
            row.push(Cell::number(last.to_string()));
        }
        None => row.extend([Cell::plain(""), Cell::plain("")]),
    }
}

fn sections(diff: &Diff, layout: Layout) -> Sheet {
    let keys = keys(diff);
    let mut header = vec!["heading".to_string(), "level".to_string()];
    header.extend(keys.iter().cloned());
    if layout == Layout::Wide {
        line_headers(&mut header, &keys);
    }
    let rows = diff
        .sections
        .iter()
        .map(|group| {
            let present = group.members.values().filter(|m| m.is_some()).count();
            // Indented for the eye; a spreadsheet has the level column, and a filter or lookup on
            // the heading must not meet leading spaces. No-break spaces: a terminal table that
            // wraps the cell at its spaces would drop an ordinary indent (and Markdown trims it).
            let indent = match layout {
                Layout::Compact => usize::from(group.level.saturating_sub(1)),
                Layout::Wide => 0,
            };
            let mut row = vec![
                Cell::plain(format!(
                    "{}{}",
                    "\u{a0}\u{a0}".repeat(indent),
                    group.heading
                )),
                Cell::number(group.level.to_string()),
            ];
            for key in &keys {
                let text = match group.members.get(key) {
                    Some(Some(path)) => {
                        let own = group.headings.get(key).cloned().unwrap_or_default();
                        if crate::compare::text::wording_key(&own)
                            == crate::compare::text::wording_key(&group.heading)
                        {
                            path.clone()
                        } else {
                            format!("{path} {own}")
                        }
                    }
                    // Spreadsheets and scripts get an empty cell for an absent plan, as in the
                    // other views; the dash is for readers.
                    _ if layout == Layout::Wide => String::new(),
                    _ => "—".to_string(),
                };
                row.push(Cell {
                    text,
                    wording: Vec::new(),
                    changed: present < keys.len(),
                    ..Cell::default()
                });
            }
            if layout == Layout::Wide {
                for key in &keys {
                    push_lines(&mut row, group.lines.get(key).copied());
                }
            }
            row
        })
        .collect();
    Sheet {
        name: "sections",
        header,
        rows,
    }
}

fn agencies(diff: &Diff, layout: Layout) -> Sheet {
    let keys = keys(diff);
    let mut header = vec!["body".to_string(), "successor (2025)".to_string()];
    for key in &keys {
        match layout {
            // "led / supported" is in each view's heading: under every key it took the width of
            // "supported" from the bodies' names on a narrow terminal.
            Layout::Compact => header.push(key.clone()),
            Layout::Wide => {
                header.push(format!("{key} led"));
                header.push(format!("{key} supported"));
            }
        }
    }
    let rows = diff
        .agencies
        .iter()
        .map(|row| {
            let successor = match layout {
                Layout::Compact => successor_shown(row),
                // A column of names for other programs; the duties are in
                // `data/successors_by_duty.tsv`.
                Layout::Wide => row.successor.clone().unwrap_or_default(),
            };
            let mut cells = vec![Cell::plain(&row.body), Cell::plain(successor)];
            for key in &keys {
                // No count: the plan has no task table (empty, not 0, in a spreadsheet; "—"
                // in a compact view). "0 / 0" is a count: the plan gives the body nothing.
                let counts = row.led.get(key).zip(row.supported.get(key));
                match (layout, counts) {
                    (Layout::Compact, Some((&led, &supported))) => {
                        cells.push(Cell::plain(format!("{led} / {supported}")))
                    }
                    (Layout::Compact, None) => cells.push(Cell::plain("—")),
                    (Layout::Wide, Some((led, supported))) => {
                        cells.push(Cell::number(led.to_string()));
                        cells.push(Cell::number(supported.to_string()));
                    }
                    (Layout::Wide, None) => {
                        cells.push(Cell::plain(""));
                        cells.push(Cell::plain(""));
                    }
                }
            }
            cells
        })
        .collect();
    Sheet {
        name: "agencies",
        header,
        rows,
    }
}

/// A target group's `same` as the JSON has it (the plans that have the target agree), in words
/// that say when a plan lacks it, so "yes" is not read as "in every plan". One wording for every
/// view that shows it.
pub(crate) fn same_words(group: &crate::compare::TargetGroup) -> &'static str {
    let present = group.members.values().filter(|m| m.is_some()).count();
    // A level alike for things worded otherwise ("100% … tiêu chuẩn kỹ thuật" against "100% …
    // nhu cầu lưu trữ") is not a plain "yes": whoever filters the column on "yes" would count
    // it as agreement.
    let worded_otherwise = group.details.values().any(|m| !m.wording.is_empty());
    match (group.same, group.in_every_plan_alike(), worded_otherwise) {
        _ if present < 2 => "only one plan",
        (true, true, false) => "yes",
        (true, false, false) => "yes, where present",
        (true, _, true) => "same level, worded otherwise",
        (false, _, _) => "no",
    }
}

#[cfg(test)]
mod tests {
    use super::{sheet, Layout, FILTERED_SHEET, PLANS_SHEET};
    use crate::compare::{self, Filters, RESERVED_KEYS, VIEWS};

    fn seed_input(name: &str) -> compare::Input {
        let path = format!("{}/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("the seed is readable");
        compare::Input {
            path: path.clone(),
            plan: crate::parse_text(&path, &text),
        }
    }

    /// Whether `header` could be spelt as a plan key (lower-case ASCII words joined by "-").
    fn key_shaped(header: &str) -> bool {
        !header.is_empty()
            && header.split('-').all(|word| {
                !word.is_empty()
                    && word
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    }

    /// A plan key is a column's whole name in some sheets, so every fixed column name of such a
    /// sheet that a key could be spelt as must be in `RESERVED_KEYS` (which renames the key):
    /// else a new or renamed column could give a CSV two columns of one name.
    #[test]
    fn every_fixed_column_a_plan_key_could_be_spelt_as_is_reserved() {
        let inputs = [seed_input("kon-tum-142.txt"), seed_input("gia-lai-142.txt")];
        let diff = compare::diff(&inputs).expect("two seeds compare");
        let filtered = compare::filter(
            diff.clone(),
            &Filters {
                changed: true,
                ..Filters::default()
            },
        );
        let keys: Vec<&str> = diff.plans.iter().map(|plan| plan.key.as_str()).collect();
        let names = VIEWS.iter().copied().chain([PLANS_SHEET, FILTERED_SHEET]);
        let mut sheets_with_key_columns = 0;
        for name in names {
            for layout in [Layout::Compact, Layout::Wide] {
                for diff in [&diff, &filtered] {
                    let sheet = sheet(diff, name, layout).expect("a view by its name");
                    let names_a_plan = |header: &str| {
                        keys.iter()
                            .any(|key| header == *key || header.starts_with(&format!("{key} ")))
                    };
                    if !sheet.header.iter().any(|h| names_a_plan(h)) {
                        continue;
                    }
                    sheets_with_key_columns += 1;
                    for header in &sheet.header {
                        if names_a_plan(header) || !key_shaped(header) {
                            continue;
                        }
                        assert!(
                            RESERVED_KEYS.contains(&header.as_str()),
                            "column {header:?} of the {name} sheet ({layout:?}) is not in \
                             compare::RESERVED_KEYS: a plan key spelt so would repeat it"
                        );
                    }
                }
            }
        }
        // The four views have plan columns in both layouts, with and without the filters.
        assert!(sheets_with_key_columns >= 16, "{sheets_with_key_columns}");
    }
}

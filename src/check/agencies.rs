//! `unknown-agency`: a lead/support body that the lexicon does not know but is close to a known
//! one ("Sở Thông tin và Truyền thong"), or a body the 2025 reorganization abolished, named in a
//! plan dated after it. Names and successors come from `crate::domain::agencies`.

use std::borrow::Cow;

use super::tables::raw_task_rows;
use super::{line_holding, Finding, PlanDate};
use crate::clean::Document;
use crate::domain::duties;
use crate::domain::text::fold;
use crate::domain::{agencies, timeframe};
use crate::model::{LineRange, Plan};

/// Distinct names one draft's bodies are judged for (a plan names tens). Judging an unknown
/// name searches the lexicon for its closest body, 70–650 µs by Levenshtein distance, so 5,000
/// cost at most ~3 s; a table of 100,000 rows each naming bodies of their own took `check`
/// 15.9 s with no budget.
const MAX_JUDGED_NAMES: usize = 5_000;

/// Similarity from which an unknown name is taken for a misspelling of a known one.
const CLOSE_ENOUGH: f64 = 0.85;
/// The month from which the body `canonical` no longer exists (`domain::reorganization`).
fn abolished_from(canonical: &str) -> PlanDate {
    let (year, month) = crate::domain::reorganization::abolished_from(canonical);
    PlanDate {
        year,
        month: Some(month),
        day: None,
    }
}

/// (lines of its row, cell text) of every lead and support cell; a parsed plan's cells are
/// borrowed (a table of 708,497 rows names bodies on every row).
fn cells<'a>(plan: &'a Plan, document: &Document) -> Vec<(LineRange, Cow<'a, str>)> {
    let mut out = Vec::new();
    let rows: Vec<_> = plan.tables.iter().flat_map(|t| t.rows.iter()).collect();
    if !rows.is_empty() {
        for row in rows {
            out.push((row.lines, Cow::Borrowed(row.lead.raw.as_str())));
            if let Some(support) = &row.support {
                out.push((row.lines, Cow::Borrowed(support.raw.as_str())));
            }
        }
        return out;
    }
    for (row, columns) in raw_task_rows(document) {
        for index in [columns.lead, columns.support].into_iter().flatten() {
            if let Some(cell) = row.cells.get(index) {
                out.push(([row.line, row.line], Cow::Owned(cell.clone())));
            }
        }
    }
    out
}

/// Department names in the body's running text ("Giao Sở Thông tin và Truyền thông chủ trì"):
/// from each "Sở", the longest run of words the lexicon knows, else the run closest to a known
/// name. (line, name as printed)
fn body_names(document: &Document) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for line in document
        .slice(&document.regions.body)
        .iter()
        .filter(|l| l.is_content())
    {
        // Cell by cell: a name does not run on across a tab into the next cell (a table given
        // alone is read as running text, "Sở Thông tin và Truyền⇥Thường xuyên").
        for cell in line.text.split('\t') {
            names_in(cell, line.no, &mut out);
        }
    }
    out
}

/// The department names of one run of text (a line, or one cell of it), as `body_names` finds
/// them.
fn names_in(text: &str, line: usize, out: &mut Vec<(usize, String)>) {
    const MAX_WORDS: usize = 9;
    let text = crate::clean::collapse_whitespace(text);
    let words: Vec<&str> = text.split(' ').collect();
    for (start, word) in words.iter().enumerate().take(200) {
        if *word != "Sở" {
            continue;
        }
        let mut candidates: Vec<String> = Vec::new();
        let mut current = String::from("Sở");
        for next in words.iter().skip(start + 1).take(MAX_WORDS - 1) {
            let clean = next.trim_end_matches([',', ';', ':', '.', ')', '(']);
            if clean.is_empty() || clean.starts_with('(') {
                break;
            }
            current.push(' ');
            current.push_str(clean);
            candidates.push(current.clone());
            if clean.len() != next.len() {
                break;
            }
        }
        if let Some(known) = candidates.iter().rev().find(|c| agencies::is_known(c)) {
            out.push((line, known.clone()));
            continue;
        }
        let best = candidates
            .iter()
            .filter_map(|c| agencies::closest_known(c).map(|(k, s)| (c, k, s)))
            .filter(|(c, k, _)| c.split(' ').count() == k.split(' ').count())
            .max_by(|a, b| a.2.total_cmp(&b.2));
        if let Some((name, known, similarity)) = best {
            if is_misspelling(name, &known, similarity) {
                out.push((line, name.clone()));
            }
        }
    }
}

#[derive(Debug, Clone)]
enum Verdict {
    /// Abolished by the reorganization; holds the successor.
    Abolished(String),
    /// Not known, close to this known name.
    Misspelt(String),
}

/// Whether `name` is a misspelling of `known`, the known name closest to it: close enough, or
/// the same letters without their marks ("Sở Khoa hoc va Cong nghe", typed without a
/// Vietnamese keyboard: five letters off in a short name, yet no other body's).
fn is_misspelling(name: &str, known: &str, similarity: f64) -> bool {
    similarity >= CLOSE_ENOUGH || fold(name) == fold(known)
}

/// The known name closest to `name`, or to one of its provincial forms (with the province's
/// words put back after it), when close enough to be a misspelling of it.
fn closest_misspelt(name: &str) -> Option<String> {
    std::iter::once((name.to_string(), String::new()))
        .chain(agencies::provincial_forms(name))
        .filter_map(|(form, suffix)| {
            agencies::closest_known(&form)
                .filter(|(known, similarity)| {
                    *similarity < 1.0 && is_misspelling(&form, known, *similarity)
                })
                .map(|(known, similarity)| (format!("{known}{suffix}"), similarity))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(known, _)| known)
}

/// A note that gives a body's present name: "Sở Thông tin và Truyền thông (nay là Sở Khoa học
/// và Công nghệ)" names the body that holds its work now.
static PRESENT_NAME_NOTE: once_cell::sync::Lazy<regex::Regex> = once_cell::sync::Lazy::new(|| {
    regex::Regex::new(r"(?i)\(\s*nay\s+(?:là|thuộc)\s+([^()]+?)\s*\)").unwrap()
});

/// Whether `name`, an abolished body, carries a note naming the body that holds its work now
/// ("Sở Thông tin và Truyền thông (nay là Sở Khoa học và Công nghệ)"): its successor, or the
/// body one of its duties went to (`crate::domain::duties`, "(nay là Sở Văn hóa, Thể thao và
/// Du lịch)" for press work). The draft names the present body, and an old name kept beside it
/// is no mistake; a note naming another body ("(nay là Sở Tài chính)" for Sở Thông tin và
/// Truyền thông) is.
fn names_its_present_body(name: &str) -> bool {
    let body = agencies::resolve(agencies::without_notes(name));
    let Some(successor) = body.successor.as_deref() else {
        return false;
    };
    let mut present_bodies = vec![agencies::resolve(successor).canonical];
    present_bodies.extend(
        crate::domain::duties::split_duties(&body.canonical)
            .into_iter()
            .map(|duty| agencies::resolve(&duty.successor).canonical),
    );
    PRESENT_NAME_NOTE.captures_iter(name).any(|caps| {
        let present = caps[1].trim_end_matches(['.', ',', ';']);
        agencies::is_known(present)
            && present_bodies.contains(&agencies::resolve(present).canonical)
    })
}

fn judge(name: &str, date: Option<PlanDate>) -> Option<Verdict> {
    match judge_name(name, date) {
        // An abolished body with its present name beside it; a misspelt name is misspelt
        // whatever its note says.
        Some(Verdict::Abolished(_)) if names_its_present_body(name) => None,
        verdict => verdict,
    }
}

fn judge_name(name: &str, date: Option<PlanDate>) -> Option<Verdict> {
    if !agencies::is_known(name) {
        // "Sở TT&TT (chủ trì)" is judged as the body its note follows.
        let bare = agencies::without_notes(name);
        if bare != name {
            return judge_name(bare, date);
        }
        if let Some(base) = agencies::provincial_base(name) {
            return judge_name(&base, date);
        }
    }
    if agencies::is_known(name) {
        let body = agencies::resolve(name);
        let successor = body.successor?;
        return date
            .is_some_and(|date| date >= abolished_from(&body.canonical))
            .then_some(Verdict::Abolished(successor));
    }
    let close = closest_misspelt(name);
    // A cell opening with a timeframe's word ("Thường Thông tin", from "Thường xuyên") was
    // misread from another column, not misspelt.
    let opens_with_timeframe_word = name
        .split_whitespace()
        .next()
        .is_some_and(timeframe::is_opening_word);
    // Collectives and firms ("Các doanh nghiệp") are not in the lexicon: a typo in their
    // opening word is caught by the words that open bodies' names.
    close
        .or_else(|| agencies::misspelt_head(name).filter(|_| !opens_with_timeframe_word))
        .map(Verdict::Misspelt)
}

pub fn check(plan: &Plan, document: &Document, date: Option<PlanDate>) -> Vec<Finding> {
    check_within(plan, document, date, MAX_JUDGED_NAMES)
}

/// As [`check`], judging at most `max_judged` distinct names.
fn check_within(
    plan: &Plan,
    document: &Document,
    date: Option<PlanDate>,
    max_judged: usize,
) -> Vec<Finding> {
    // A name quoted in prose ("… → Sở Khoa học và Công nghệ”) keeps its closing quote when the
    // sentence is cut at the name: the quote is not part of it, and would make a known body
    // read as misspelt.
    const QUOTES: &[char] = &['"', '\'', '“', '”', '‘', '’', '«', '»'];
    let unquoted = |name: &str| name.trim_matches(QUOTES).trim().to_string();
    // Plans repeat the same few names on hundreds of rows, and the same cells: each cell is
    // split once and each name judged once. A name is placed on its line only once it is
    // found wanting — most names are known bodies, and a table of 708,497 rows names two on
    // every row.
    let mut verdicts: std::collections::HashMap<String, Option<Verdict>> = Default::default();
    // Names past the budget are not judged, only counted.
    let mut unjudged = super::Skipped::default();
    let mut verdict_of = |name: &str, line: usize| match verdicts.get(name) {
        Some(verdict) => verdict.clone(),
        None if verdicts.len() >= max_judged => {
            unjudged.add(line);
            None
        }
        None => {
            let verdict = judge(name, date);
            verdicts.insert(name.to_string(), verdict.clone());
            verdict
        }
    };
    let cells = cells(plan, document);
    // (the name as split, which `line_holding` looks for; the name without its quotes)
    let mut names_of_cell: std::collections::HashMap<&str, Vec<(String, String)>> =
        Default::default();
    let mut wanting: Vec<(usize, String, Verdict)> = Vec::new();
    for (row, cell) in &cells {
        let names = names_of_cell.entry(cell.as_ref()).or_insert_with(|| {
            agencies::split(cell)
                .into_iter()
                .map(|name| {
                    let bare = unquoted(&name);
                    (name, bare)
                })
                .filter(|(_, bare)| !bare.is_empty())
                .collect()
        });
        for (name, bare) in names.iter() {
            if let Some(verdict) = verdict_of(bare, row[0]) {
                let line = line_holding(document, *row, name).unwrap_or(row[0]);
                wanting.push((line, bare.clone(), verdict));
            }
        }
    }
    for (line, name) in body_names(document) {
        let bare = unquoted(&name);
        if bare.is_empty() {
            continue;
        }
        if let Some(verdict) = verdict_of(&bare, line) {
            wanting.push((line, bare, verdict));
        }
    }
    // The task each row's bodies are given (for a department whose duties went to different
    // successors, the task says which: "bảo trợ xã hội" went to Sở Y tế, not Sở Nội vụ).
    // Rows by their first line, so a name finds its row in one ordered-map step (a table of
    // 100,000 rows naming an abolished body on each would otherwise be quadratic).
    let rows_by_start: std::collections::BTreeMap<usize, (usize, &str)> = if wanting
        .iter()
        .any(|(_, _, verdict)| matches!(verdict, Verdict::Abolished(_)))
    {
        plan.tables
            .iter()
            .flat_map(|t| t.rows.iter())
            .filter_map(|row| Some((row.lines[0], (row.lines[1], row.task.as_deref()?))))
            .collect()
    } else {
        Default::default()
    };
    let task_at = |line: usize| -> Option<&str> {
        let (_, (last, task)) = rows_by_start.range(..=line).next_back()?;
        (line <= *last).then_some(*task)
    };
    let mut findings = Vec::new();
    let mut reported: std::collections::BTreeSet<(usize, &str)> = Default::default();
    for (line, name, verdict) in &wanting {
        let (line, name) = (*line, name.as_str());
        if !reported.insert((line, name)) {
            continue;
        }
        let finding = match verdict {
            Verdict::Abolished(successor) => {
                let canonical = agencies::resolve(agencies::without_notes(name)).canonical;
                let duty = task_at(line).and_then(|task| duties::duty_of(&canonical, task));
                let suggestion = match duty {
                    Some(duty) => {
                        format!("its work on {} passed to \"{}\"", duty.duty, duty.successor)
                    }
                    None => format!("its work passed to \"{successor}\""),
                };
                Finding::new(
                    "unknown-agency",
                    format!("\"{name}\" no longer exists after the 2025 reorganization"),
                    [line, line],
                    true,
                )
                .suggest(suggestion)
            }
            Verdict::Misspelt(known) => Finding::new(
                "unknown-agency",
                format!("\"{name}\" is not a known body"),
                [line, line],
                true,
            )
            .suggest(format!("did you mean \"{known}\"?")),
        };
        findings.push(finding.focus(name));
    }
    findings.extend(unjudged.finding(
        "unknown-agency",
        "body names were not compared with the known bodies",
        &format!("a draft's first {max_judged} distinct names are (a plan names tens)"),
        "check the bodies of the rest of the draft by hand, or split the draft",
    ));
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Past the distinct names a draft's bodies are judged for, the rest are counted in one
    /// uncertain finding at the first of them; within it, a misspelt body is found as ever.
    #[test]
    fn names_past_the_budget_are_counted_not_judged() {
        let text = "KẾ HOẠCH\nTriển khai\n\nPHỤ LỤC\nDANH MỤC CÁC NHIỆM VỤ\n\
                    TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\n\
                    1\tRà soát\tSở Tư pháp\t\t2026\n\
                    2\tSố hóa\tSở Thông tin và Truyền thong\t\t2026\n\
                    3\tTập huấn\tSở Tài chinh\tSở Nội vụ\t2027\n";
        let plan = crate::parse_text("draft.txt", text);
        let document = crate::clean::clean(text);
        let misspelt = |findings: &[Finding]| {
            findings
                .iter()
                .filter(|f| f.message.ends_with("is not a known body"))
                .count()
        };
        let all = check_within(&plan, &document, None, 100);
        assert_eq!(misspelt(&all), 2, "{all:?}");
        assert!(all.iter().all(|f| !f.message.contains("not compared")));
        // Two names judged (Sở Tư pháp, the misspelt Sở TT&TT); three left.
        let some = check_within(&plan, &document, None, 2);
        assert_eq!(misspelt(&some), 1, "{some:?}");
        let left: Vec<&Finding> = some
            .iter()
            .filter(|f| f.message.contains("not compared"))
            .collect();
        assert_eq!(left.len(), 1);
        assert_eq!(
            left[0].message,
            "2 more body names were not compared with the known bodies: a draft's first 2 \
             distinct names are (a plan names tens)"
        );
        assert_eq!(
            left[0].suggestion.as_deref(),
            Some("check the bodies of the rest of the draft by hand, or split the draft")
        );
        assert!(!left[0].certain);
        assert_eq!(left[0].lines, [9, 9]);
    }

    #[test]
    fn a_note_naming_the_present_body_is_no_abolished_body() {
        let after = Some(PlanDate {
            year: 2026,
            month: Some(7),
            day: None,
        });
        for name in [
            "Sở Thông tin và Truyền thông (nay là Sở Khoa học và Công nghệ)",
            "Sở Kế hoạch và Đầu tư (nay là Sở Tài chính)",
            "Sở TT&TT (nay là Sở Khoa học và Công nghệ)",
            // The body one of its duties went to (press work).
            "Sở Thông tin và Truyền thông (nay là Sở Văn hóa, Thể thao và Du lịch)",
        ] {
            assert!(judge(name, after).is_none(), "{name}");
        }
        // A note that names no present body, an abolished one, or another present body than
        // the one that took its work, changes nothing.
        for name in [
            "Sở Thông tin và Truyền thông (chủ trì)",
            "Sở Thông tin và Truyền thông (nay là Sở Kế hoạch và Đầu tư)",
            "Sở Thông tin và Truyền thông (nay là cơ quan thường trực)",
            "Sở Thông tin và Truyền thông (nay là Sở Tài chính)",
            "Sở Kế hoạch và Đầu tư (nay là Sở Nội vụ)",
        ] {
            assert!(
                matches!(judge(name, after), Some(Verdict::Abolished(_))),
                "{name}"
            );
        }
        // A misspelt name is misspelt whatever its note says.
        assert!(matches!(
            judge(
                "Sở Thông tin và Truyền thong (nay là Sở Khoa học và Công nghệ)",
                after
            ),
            Some(Verdict::Misspelt(_))
        ));
    }
}

//! Body rules: numbering of the section tree, the standard parts every plan has
//! (`missing-section`), and appendices referred to but absent or the reverse
//! (`missing-appendix`).
//!
//! The standard parts themselves are domain knowledge (`crate::domain::standard_parts`), which
//! `diff` reads too.

use std::collections::BTreeSet;

use once_cell::sync::Lazy;
use regex::Regex;

use super::outline::{self, Item, Kind};
use super::{numbering, Finding};
use crate::clean::Document;
use crate::domain::numbering::roman_value;
use crate::domain::standard_parts::STANDARD;
pub use crate::domain::standard_parts::{
    derive_standard_parts, from_tsv, standard_parts_named, to_tsv, StandardPart,
    STANDARD_SECTIONS_TSV,
};
use crate::domain::text::fold;
use crate::model::Plan;

/// The body's numbered items: from the section tree when the parser produced one.
pub fn body_items(plan: &Plan, document: &Document) -> Vec<Item> {
    if plan.sections.is_empty() {
        outline::scan_body(document)
    } else {
        outline::from_sections(&plan.sections)
    }
}

pub fn check_numbering(plan: &Plan, document: &Document) -> Vec<Finding> {
    let mut items = body_items(plan, document);
    let scanned_items = (!plan.sections.is_empty()).then(|| outline::scan_body(document));
    if let Some(scanned) = &scanned_items {
        items = with_slipped_items(items, scanned);
        items = with_swallowed_items(items, scanned, document);
    }
    let nested = scanned_items
        .as_deref()
        .map(|scanned| nested_enumerations(&items, scanned, document))
        .unwrap_or_default();
    items.retain(|item| !nested.contains(&item.line));
    let mut findings = numbering::check(&items, "body", true);
    if let Some(scanned) = &scanned_items {
        // The section parser reads a repeated number as running text of the item before (it
        // breaks continuity), so repeats are taken from the line scan as well.
        let outer: Vec<Item> = scanned
            .iter()
            .filter(|item| !nested.contains(&item.line))
            .cloned()
            .collect();
        let scanned = numbering::check(&outer, "body", true);
        for finding in scanned {
            let known = findings.iter().any(|f| f.lines == finding.lines);
            if finding.rule == "numbering-duplicate"
                && !known
                && !nested.contains(&finding.lines[0])
            {
                findings.push(finding);
            }
        }
    }
    findings
}

/// The last line with content before line `line`.
fn content_line_before(document: &Document, line: usize) -> Option<&crate::clean::Line> {
    let before = document.lines.partition_point(|l| l.no < line);
    document.lines[..before]
        .iter()
        .rev()
        .find(|l| l.is_content())
}

/// Lines of enumerations nested in running text: a list that opens at its first number ("1.",
/// "a)") right after a line ending in ":" ("Triển khai theo các văn bản sau:" / "1. Đề án 06
/// …") inside an item of its own kind, and the items numbered on from it. The section tree reads
/// them as the text of the item they stand in, or as repeats of its list; their numbers repeat
/// the outer list's by design and are no duplicates of it.
fn nested_enumerations(tree: &[Item], scanned: &[Item], document: &Document) -> BTreeSet<usize> {
    let tree_lines: BTreeSet<usize> = tree.iter().map(|i| i.line).collect();
    let item_lines: BTreeSet<usize> = scanned.iter().map(|i| i.line).collect();
    // Running text announces the enumeration; a numbered heading ending in ":" ("1. Mục
    // đích:") followed by "1. Yêu cầu:" is a repeated number all the same.
    let opens_after_colon = |line: usize| {
        content_line_before(document, line).is_some_and(|previous| {
            previous.text.trim_end().ends_with(':') && !item_lines.contains(&previous.no)
        })
    };
    let mut nested = BTreeSet::new();
    // The enumeration being read: its last item. It takes every item of its kind that goes on
    // from it — an outer item numbered in step with it too, which costs that item no finding —
    // and ends at one that does not, or at a shallower item.
    let mut run: Option<&Item> = None;
    // The tree's open list at each depth: an enumeration nests only inside an item of its own
    // kind, whose numbers it would repeat ("III. NHIỆM VỤ" / "… các nhiệm vụ sau:" / "1." opens
    // the part's own list).
    let mut open: [Option<&Item>; 4] = [None; 4];
    for item in scanned {
        let depth = usize::from(depth_of(item.kind));
        if let Some(last) = run {
            if last.kind == item.kind && numbering::follows(item.kind, &last.label, &item.label) {
                nested.insert(item.line);
                run = Some(item);
                continue;
            }
            if depth <= usize::from(depth_of(last.kind)) {
                run = None;
            }
        }
        let inside_its_kind = open[depth].is_some_and(|outer| outer.kind == item.kind);
        if run.is_none()
            && inside_its_kind
            && numbering::is_first(item.kind, &item.label)
            && opens_after_colon(item.line)
        {
            nested.insert(item.line);
            run = Some(item);
            continue;
        }
        if tree_lines.contains(&item.line) {
            open[depth] = Some(item);
            for deeper in &mut open[depth + 1..] {
                *deeper = None;
            }
        }
    }
    nested
}

/// The section parser reads a dotted item whose number begins with another part's ("2.2." among
/// "1.1.", "1.3." under "1.") as running text of the item before; the line scan sees it. Such
/// items are put back among the tree's, in the list of the siblings whose numbers they should
/// have had, so that the slip is reported and the list is judged as the author meant it ("1.3."
/// follows the slipped "1.2.", nothing is missing).
fn with_slipped_items(mut items: Vec<Item>, scanned: &[Item]) -> Vec<Item> {
    let slips = numbering::find_prefix_slips(scanned);
    if slips.is_empty() {
        return items;
    }
    let known: std::collections::BTreeSet<usize> = items.iter().map(|i| i.line).collect();
    let depth_and_prefix = |label: &str| {
        let prefix = label.rsplit_once('.').map(|(p, _)| p.to_string());
        prefix.map(|prefix| (label.split('.').count(), prefix))
    };
    // The lists of dotted items by (depth, prefix): (line, list), in line order.
    let mut lists: std::collections::BTreeMap<(usize, String), Vec<(usize, usize)>> =
        Default::default();
    for item in items.iter().filter(|i| i.kind == Kind::Dotted) {
        if let Some(key) = depth_and_prefix(&item.label) {
            lists.entry(key).or_default().push((item.line, item.list));
        }
    }
    let mut fresh = items.iter().map(|i| i.list).max().unwrap_or(0);
    let mut put_back = Vec::new();
    for slip in &slips {
        for &at in &slip.items {
            let item = &scanned[at];
            let Some(key) = depth_and_prefix(&slip.renumbered(item)) else {
                continue;
            };
            if known.contains(&item.line) {
                continue;
            }
            // A run of its own (a part's items all copied from the part before) is a list of
            // its own; a lone item with no sibling in the tree is left out, as before: its list
            // would start at its own number ("1.2." alone) and be told it starts late.
            let of_a_run = slip.items.len() > 1;
            let lines = lists.entry(key).or_default();
            let after = lines.partition_point(|(line, _)| *line < item.line);
            // The nearest sibling's list (one put back before it counts), else a new one.
            let sibling = [after.checked_sub(1), Some(after)]
                .into_iter()
                .flatten()
                .filter_map(|i| lines.get(i))
                .min_by_key(|(line, _)| line.abs_diff(item.line))
                .map(|(_, list)| *list);
            if sibling.is_none() && !of_a_run {
                continue;
            }
            let list = sibling.unwrap_or_else(|| {
                fresh += 1;
                fresh
            });
            lines.insert(after, (item.line, list));
            put_back.push(Item {
                list,
                ..item.clone()
            });
        }
    }
    items.extend(put_back);
    items.sort_by_key(|i| i.line);
    items
}

/// How deep a kind of number stands in a plan's body: a list ends at the next item of its own
/// depth or a shallower one.
fn depth_of(kind: Kind) -> u8 {
    match kind {
        Kind::Roman | Kind::UpperLetter => 0,
        Kind::Arabic => 1,
        Kind::Dotted => 2,
        Kind::Letter => 3,
    }
}

/// The section parser reads an item whose number does not go on from its siblings' as running
/// text of the item before: "g)" typed for "c)" makes "a, b, g, d" read as "a, b, d", the
/// "g)" line inside "b)"; "a, b, e, g" (three letters skipped) as "a, b". The line scan sees
/// those lines. An item is put back in its siblings' list where the list shows the hole it was
/// typed into (one number missing between the two siblings around it, and no other such line
/// between them), and a run of items numbered on from one another after a list's last sibling,
/// past its next number (a lone one only with a capital after its number), is put back after
/// it; the list is then judged as
/// printed, and the mistyped or skipped number is reported on its own line rather than on the
/// sibling after it, or not at all. Running text is not an item: a line that opens lowercase,
/// or goes on from a line that stops mid-sentence ("… nâng tổng số lên" / "25. Đây là …"), or
/// whose number stands far from the one wanted there.
fn with_swallowed_items(mut items: Vec<Item>, scanned: &[Item], document: &Document) -> Vec<Item> {
    let known: BTreeSet<usize> = items.iter().map(|i| i.line).collect();
    let item_lines: BTreeSet<usize> = scanned.iter().map(|i| i.line).collect();
    // The line before opens no sentence that this line would go on: it ends one (or a clause),
    // or is a numbered heading's own line.
    let after_a_break = |line: usize| {
        content_line_before(document, line).is_none_or(|previous| {
            item_lines.contains(&previous.no)
                || previous
                    .text
                    .trim_end()
                    .ends_with(['.', ':', ';', '!', '?', ')'])
        })
    };
    // Lines are compared with a list's members of the same shape only (a dotted number's depth
    // is part of it), each shape's lines in line order: a list looks only at its own shape's
    // lines within its own span, so a draft of many lists is read in near-linear time.
    let shape = |i: &Item| {
        let depth = if i.kind == Kind::Dotted {
            i.label.split('.').count()
        } else {
            0
        };
        (i.kind as u8, depth)
    };
    let mut unread: std::collections::BTreeMap<(u8, usize), Vec<&Item>> = Default::default();
    for item in scanned
        .iter()
        .filter(|i| !known.contains(&i.line))
        .filter(|i| !i.text.starts_with(char::is_lowercase) && after_a_break(i.line))
    {
        unread.entry(shape(item)).or_default().push(item);
    }
    if unread.is_empty() {
        return items;
    }
    let between = |from: usize, to: usize, like: &Item| -> &[&Item] {
        let Some(lines) = unread.get(&shape(like)) else {
            return &[];
        };
        let low = lines.partition_point(|i| i.line <= from);
        let high = lines.partition_point(|i| i.line < to).max(low);
        &lines[low..high]
    };
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&k| items[k].line);
    // For each item, the line where the first later item of each depth, or of a shallower
    // one, opens: where a list that ends with the item ends.
    let mut ends = vec![[usize::MAX; 4]; items.len()];
    let mut nearest = [usize::MAX; 4];
    for &k in order.iter().rev() {
        ends[k] = nearest;
        for slot in &mut nearest[usize::from(depth_of(items[k].kind))..] {
            *slot = items[k].line;
        }
    }
    let mut lists: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for &k in &order {
        lists.entry(items[k].list).or_default().push(k);
    }
    let mut put_back: Vec<Item> = Vec::new();
    for (list, members) in &lists {
        for pair in members.windows(2) {
            let (before, after) = (&items[pair[0]], &items[pair[1]]);
            if shape(before) != shape(after)
                || !numbering::one_missing_between(before.kind, &before.label, &after.label)
            {
                continue;
            }
            if let [typed] = between(before.line, after.line, before) {
                if !numbering::near_the_next(before.kind, &before.label, &typed.label) {
                    continue;
                }
                put_back.push(Item {
                    list: *list,
                    ..(*typed).clone()
                });
            }
        }
        let Some(&last_at) = members.last() else {
            continue;
        };
        let last = &items[last_at];
        let end = ends[last_at][usize::from(depth_of(last.kind))];
        let run = between(last.line, end, last);
        let numbered_on = run
            .windows(2)
            .all(|w| numbering::follows(w[0].kind, &w[0].label, &w[1].label));
        // One line alone must read as a heading does (a capital after its number): running
        // text may open with a number now and then.
        let heading_like = run.len() >= 2
            || run
                .first()
                .is_some_and(|i| i.text.starts_with(char::is_uppercase));
        if heading_like
            && numbered_on
            && numbering::skips_ahead(last.kind, &last.label, &run[0].label)
            && numbering::near_the_next(last.kind, &last.label, &run[0].label)
        {
            put_back.extend(run.iter().map(|typed| Item {
                list: *list,
                ..(*typed).clone()
            }));
        }
    }
    // A line is one item, whichever list found it first.
    let mut taken = BTreeSet::new();
    put_back.retain(|item| taken.insert(item.line));
    items.extend(put_back);
    items.sort_by_key(|i| i.line);
    items
}

/// Level-1 headings of the body: (line, heading text).
pub fn level_one_headings(items: &[Item]) -> Vec<(usize, String)> {
    items
        .iter()
        .filter(|i| i.kind == Kind::Roman)
        .map(|i| (i.line, i.text.clone()))
        .collect()
}

/// Lines outside its tables a file may have and still hold a table alone (its titles).
const MOST_LINES_AROUND_A_TABLE: usize = 6;

pub fn check_missing_sections(plan: &Plan, document: &Document) -> Vec<Finding> {
    let items = body_items(plan, document);
    let mut headings = level_one_headings(&items);
    if !plan.sections.is_empty() {
        // The section parser reads a repeated number as running text of the part before ("IV.
        // KINH PHÍ" typed after "IV. GIẢI PHÁP"): the part is there all the same.
        for (line, text) in level_one_headings(&outline::scan_body(document)) {
            if !headings.iter().any(|(known, _)| *known == line) {
                headings.push((line, text));
            }
        }
        headings.sort_by_key(|(line, _)| *line);
    }
    // No Roman part: a plan may number its parts "1.", "2." (then those are its parts, judged
    // the same way); else a truncated draft, or a text that is not a plan. Listing every
    // standard part as missing would say little; one finding says what is wrong, and keeps
    // such a file from passing the gate.
    if headings.is_empty() {
        let arabic: Vec<(usize, String)> = items
            .iter()
            .filter(|i| i.kind == Kind::Arabic)
            .map(|i| (i.line, i.text.clone()))
            .collect();
        let names_a_part =
            |(_, heading): &(usize, String)| STANDARD.iter().any(|part| part.matches(heading));
        if arabic.iter().any(names_a_part) {
            headings = arabic;
        }
    }
    if headings.is_empty() {
        // The first standard part as the example, from the same table the parts are read from.
        let first = STANDARD
            .iter()
            .min_by_key(|part| part.position)
            .map_or("…", |part| part.example.as_str());
        // A task table with no plan around it (a spreadsheet's or an extractor's export of the
        // appendix) is what the user meant to lint: say so, and how to check the table alone.
        let task_rows: usize = plan
            .tables
            .iter()
            .filter(|t| t.kind == crate::model::TableKind::Tasks)
            .map(|t| t.rows.len())
            .sum();
        let in_a_table = |line: usize| {
            plan.tables
                .iter()
                .any(|t| t.lines[0] <= line && line <= t.lines[1])
        };
        // Little text outside the tables: a title line or two ("PHỤ LỤC", "DANH MỤC NHIỆM
        // VỤ"), not a plan's header and unnumbered parts.
        let outside = document
            .lines
            .iter()
            .filter(|l| l.is_content() && !in_a_table(l.no))
            .count();
        if task_rows > 0
            && plan.sections.is_empty()
            && items.iter().all(|i| in_a_table(i.line))
            && outside <= MOST_LINES_AROUND_A_TABLE
        {
            return vec![Finding::new(
                "missing-section",
                format!(
                    "the file holds a task table ({task_rows} {}) and no plan around it: no \
                     level-1 parts (\"I. {first}\", \"II. …\")",
                    if task_rows == 1 { "row" } else { "rows" }
                ),
                [1, 1],
                true,
            )
            .suggest(
                "check the whole draft, or give --disable missing-section to check the table \
                 alone",
            )];
        }
        return vec![Finding::new(
            "missing-section",
            format!(
                "the draft has no level-1 parts (\"I. {first}\", \"II. …\"): it does not read \
                 as a plan's body"
            ),
            [1, 1],
            true,
        )
        .suggest("number the plan's parts with Roman numerals: I., II., III. …")];
    }
    // Second-level titles count too: a plan may fold "Mục tiêu" under "Mục đích, yêu cầu".
    // They must be titled as the part is; a task that shares its words does not stand for it.
    let second: Vec<&str> = items
        .iter()
        .filter(|i| i.kind == Kind::Arabic)
        .map(|i| i.text.as_str())
        .collect();
    let mut findings = Vec::new();
    for part in STANDARD.iter() {
        let present = headings.iter().any(|(_, h)| part.matches(h))
            || second.iter().any(|h| part.is_titled_by(h));
        if present {
            continue;
        }
        // Point at the heading that now stands where the part should be; when no later part
        // is there, the missing one goes after the last part.
        let later = headings.iter().find(|(_, h)| {
            STANDARD
                .iter()
                .filter(|p| p.position > part.position)
                .any(|p| p.matches(h))
        });
        let (line, place) = match later {
            Some((line, _)) => (*line, format!("before line {line}")),
            None => {
                let line = headings.last().map_or(1, |(line, _)| *line);
                (line, format!("after the part that opens at line {line}"))
            }
        };
        // A part every issued plan has is an error when missing; one most have, a warning.
        let in_every_plan = part.plans > 0 && part.seen_in >= part.plans;
        findings.push(
            Finding::new(
                "missing-section",
                format!(
                    "the plan has no \"{}\" part (found in {} of {} issued plans)",
                    part.example, part.seen_in, part.plans
                ),
                [line, line],
                in_every_plan,
            )
            .suggest(format!("add a part \"{}\" {place}", part.example)),
        );
    }
    findings
}

/// "Chi tiết tại Phụ lục kèm theo", "tại các Phụ lục I, II kèm theo", "nhiệm vụ tại Phụ lục".
static APPENDIX_MENTION: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)ph[ụu]\s+l[ụu]c((?:\s*(?:,|và|;)?\s*(?:số\s+)?(?:[IVX]{1,5}|[0-9]{1,2})\b)*)")
        .unwrap()
});
static LABEL: Lazy<Regex> = Lazy::new(|| Regex::new(r"\b([IVX]{1,5}|[0-9]{1,2})\b").unwrap());

/// What makes an appendix mentioned another document's, a few words after the mention: "(ban
/// hành) kèm theo", "tại", "của" and a document cited by its number ("Phụ lục I ban hành kèm
/// theo Quyết định số 06/QĐ-TTg", "Phụ lục II của Nghị định 47/2020/NĐ-CP", "Phụ lục kèm theo
/// Nghị quyết số 57-NQ/TW"). The number is captured: a plan may cite itself by its own.
/// The window before "kèm theo" ends at a clause's end (".", ";", ",") and at a ")" that closes
/// a bracket opened before the mention ("(chi tiết tại Phụ lục kèm theo) …"); a bracket opened
/// and closed within it ("Phụ lục I (danh mục nhiệm vụ) ban hành kèm theo …") is passed over.
static OTHER_DOCUMENTS_APPENDIX: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:[^.;,()]|\([^.;,()]*\)){{0,40}}?(?:^|\s)(?:kèm\s+theo|tại|của|thuộc)\s+(?:{})\s+(?:số\s+)?([0-9]+\s*[/-][^\s,;.)]*)",
        super::timeframes::kinds_pattern(&DOCUMENT_KINDS)
    ))
    .unwrap()
});

/// The words that only number a document ("Phụ lục … số 2"), not name one.
const NUMBER_WORDS: &[&str] = &["số", "số hiệu"];

/// Every kind of document cited by number ([`super::timeframes::CITED_DOCUMENT_KINDS`]) that
/// names a document: "Quyết định", "Kế hoạch", …, not the [`NUMBER_WORDS`].
static DOCUMENT_KINDS: Lazy<Vec<&'static str>> = Lazy::new(|| {
    super::timeframes::CITED_DOCUMENT_KINDS
        .iter()
        .copied()
        .filter(|kind| !NUMBER_WORDS.contains(kind))
        .collect()
});

/// Whether a line opens an item of a list: numbered ("1.", "a)", "II."), or a bullet ("-",
/// "+", "•").
fn opens_list_item(text: &str) -> bool {
    let text = text.trim_start();
    outline::marker(text).is_some() || text.starts_with(['-', '+', '•', '–', '*'])
}

/// Whether the words after an appendix mention on its line (`rest`) leave the clause open, so
/// that the next line (`next`) carries it on ("… tại Phụ lục I" / "ban hành kèm theo Quyết
/// định …"): not when a bracket closes or a sentence ends after the mention, nor when the next
/// line opens a list item of its own.
fn clause_runs_on(rest: &str, next: &str) -> bool {
    let mut depth = 0usize;
    let mut closes_a_bracket = false;
    for c in rest.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => closes_a_bracket = true,
            ')' => depth -= 1,
            _ => {}
        }
    }
    let closed = closes_a_bracket || rest.trim_end().ends_with(['.', ';', ':', '!', '?']);
    !closed && !opens_list_item(next)
}

/// Whether the words after an appendix mention (`after`) make it another document's appendix
/// ("Phụ lục I ban hành kèm theo Quyết định số 06/QĐ-TTg"), not this plan's: the document
/// cited is not the plan itself (`own_number`, "85/KH-UBND").
fn names_another_documents_appendix(after: &str, own_number: Option<&str>) -> bool {
    let key = |number: &str| -> String {
        number
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect()
    };
    OTHER_DOCUMENTS_APPENDIX
        .captures(after)
        .is_some_and(|caps| own_number.is_none_or(|own| key(&caps[1]) != key(own)))
}

/// The label of an appendix ("II" from "PHỤ LỤC II - …"), or "" when unnumbered.
fn appendix_label(title: &str) -> String {
    let title = crate::clean::collapse_whitespace(title);
    let folded = fold(&title);
    let rest = folded.strip_prefix("phu luc").unwrap_or("").trim_start();
    let rest = rest.strip_prefix("so ").unwrap_or(rest);
    let token: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_uppercase();
    if roman_value(&token).is_some() || token.parse::<u32>().is_ok() {
        arabic_or_roman(&token)
    } else {
        String::new()
    }
}

/// Appendix labels compared as numbers: "II" and "2" are the same appendix.
fn arabic_or_roman(token: &str) -> String {
    roman_value(token)
        .map(|v| v.to_string())
        .unwrap_or_else(|| token.trim_start_matches('0').to_string())
}

/// "(Chi tiết tại Danh mục kèm theo)", "theo Biểu kèm theo": an attachment named otherwise.
static OTHER_ATTACHMENT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:danh mục|biểu|phụ biểu|bảng)[^.;]{0,60}kèm theo|kèm theo\s+(?:danh mục|biểu|phụ biểu|bảng)").unwrap()
});

/// A task table's header row ("TT | Nhiệm vụ | Cơ quan chủ trì …") after the body: an appendix
/// whose title line the extraction lost.
fn has_table_after_body(plan: &Plan, document: &Document) -> bool {
    if !plan.tables.is_empty() {
        return true;
    }
    let start = document.regions.body.end.min(document.lines.len());
    let lines = &document.lines[start..];
    lines.iter().enumerate().any(|(i, line)| {
        let folded = fold(&line.text);
        let window: String = lines[i..]
            .iter()
            .take(8)
            .map(|l| fold(&l.text))
            .collect::<Vec<_>>()
            .join(" ");
        (folded.starts_with("tt") || folded.starts_with("stt")) && window.contains("chu tri")
    })
}

pub fn check_missing_appendix(plan: &Plan, document: &Document) -> Vec<Finding> {
    let regions = &document.regions;
    let appendices: Vec<(usize, String)> = regions
        .appendices
        .iter()
        .filter_map(|range| document.lines.get(range.start))
        .map(|line| (line.no, appendix_label(&line.text)))
        .collect();
    let before_appendices = 0..regions
        .appendices
        .first()
        .map_or(document.lines.len(), |r| r.start);
    let mut mentions: Vec<(usize, Vec<String>)> = Vec::new();
    let content: Vec<&crate::clean::Line> = document
        .slice(&before_appendices)
        .iter()
        .filter(|l| l.is_content())
        .collect();
    for (index, line) in content.iter().enumerate() {
        let text = crate::clean::collapse_whitespace(&line.text);
        for caps in APPENDIX_MENTION.captures_iter(&text).take(8) {
            // Another document's appendix is no reference to this plan's; the words that say so
            // may wrap onto the next line.
            let end = caps.get(0).map_or(text.len(), |m| m.end());
            let mut after = text[end..].to_string();
            if let Some(next) = content.get(index + 1) {
                let next = crate::clean::collapse_whitespace(&next.text);
                if clause_runs_on(&after, &next) {
                    after.push(' ');
                    after.push_str(&next);
                }
            }
            if names_another_documents_appendix(&after, plan.plan.number.as_deref()) {
                continue;
            }
            let labels: Vec<String> = caps
                .get(1)
                .map(|m| {
                    LABEL
                        .captures_iter(m.as_str())
                        .map(|c| arabic_or_roman(&c[1]))
                        .collect()
                })
                .unwrap_or_default();
            mentions.push((line.no, labels));
        }
    }
    let mut findings = Vec::new();
    if appendices.is_empty() {
        if has_table_after_body(plan, document) {
            return findings;
        }
        if let Some((line, _)) = mentions.first() {
            findings.push(
                Finding::new(
                    "missing-appendix",
                    "the body refers to an appendix (\"Phụ lục\") but the document has none",
                    [*line, *line],
                    true,
                )
                .suggest(
                    "attach the appendix (PHỤ LỤC …) after the signature, or remove the reference",
                ),
            );
        }
        return findings;
    }
    let otherwise_named = document
        .slice(&before_appendices)
        .iter()
        .any(|l| OTHER_ATTACHMENT.is_match(&crate::clean::collapse_whitespace(&l.text)));
    if mentions.is_empty() && !otherwise_named {
        let line = appendices[0].0;
        findings.push(
            Finding::new(
                "missing-appendix",
                "the document has an appendix but the body never refers to it",
                [line, line],
                true,
            )
            .suggest(
                "refer to it where its tasks belong, e.g. \"(Chi tiết tại Phụ lục kèm theo)\"",
            ),
        );
        return findings;
    }
    if mentions.is_empty() {
        return findings;
    }
    let present: BTreeSet<&str> = appendices.iter().map(|(_, l)| l.as_str()).collect();
    for (line, labels) in &mentions {
        for label in labels {
            let found = present.contains(label.as_str())
                || (label == "1" && present.len() == 1 && present.contains(""));
            if !found {
                findings.push(
                    Finding::new(
                        "missing-appendix",
                        format!("the body refers to appendix {label} (\"Phụ lục {}\"), which is not attached", crate::domain::numbering::to_roman(label.parse().unwrap_or(0))),
                        [*line, *line],
                        true,
                    )
                    .suggest("attach that appendix or correct the reference"),
                );
            }
        }
    }
    // Numbered appendices never mentioned when the body names appendices by number.
    let named: BTreeSet<&str> = mentions
        .iter()
        .flat_map(|(_, l)| l.iter().map(String::as_str))
        .collect();
    if !named.is_empty() {
        for (line, label) in &appendices {
            if !label.is_empty() && !named.contains(label.as_str()) {
                findings.push(
                    Finding::new(
                        "missing-appendix",
                        format!("appendix {label} is attached but the body never refers to it"),
                        [*line, *line],
                        true,
                    )
                    .suggest("refer to it in the body or remove it"),
                );
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivation_keeps_shared_parts_and_drops_generic_words() {
        let plans = vec![
            vec![
                "MỤC ĐÍCH, YÊU CẦU".to_string(),
                "KINH PHÍ THỰC HIỆN".to_string(),
                "TỔ CHỨC THỰC HIỆN".to_string(),
            ],
            vec![
                "MỤC ĐÍCH, YÊU CẦU".to_string(),
                "KINH PHÍ THỰC HIỆN".to_string(),
                "TỔ CHỨC THỰC HIỆN".to_string(),
            ],
        ];
        let parts = derive_standard_parts(&plans);
        assert_eq!(parts.len(), 3, "{parts:?}");
        assert!(parts
            .iter()
            .all(|p| !p.keys.contains(&"thuc hien".to_string())));
        assert_eq!(parts[0].example, "MỤC ĐÍCH, YÊU CẦU");
    }

    #[test]
    fn another_documents_appendix_is_not_the_plans() {
        for after in [
            " ban hành kèm theo Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng",
            " của Nghị định 47/2020/NĐ-CP",
            " tại Thông tư số 22/2019/TT-BTTTT",
            " kèm theo Nghị quyết số 57-NQ/TW",
            " (danh mục nhiệm vụ) ban hành kèm theo Quyết định số 06/QĐ-TTg",
        ] {
            assert!(names_another_documents_appendix(after, None), "{after}");
        }
        assert!(names_another_documents_appendix(
            " ban hành kèm theo Quyết định số 06/QĐ-TTg",
            Some("12/KH-UBND")
        ));
        for after in [
            " kèm theo Kế hoạch này",
            " kèm theo).",
            " kèm theo. Thực hiện Quyết định số 06/QĐ-TTg",
            " kèm theo, thực hiện tại Quyết định số 06/QĐ-TTg",
            // The mention closes a bracket: a document cited after it is not its.
            " kèm theo) tại Quyết định số 06/QĐ-TTg",
            ") Nhiệm vụ tại Quyết định số 06/QĐ-TTg",
            "",
        ] {
            assert!(!names_another_documents_appendix(after, None), "{after}");
        }
        // The plan cites itself by its own number.
        assert!(!names_another_documents_appendix(
            " kèm theo Kế hoạch số 85/KH-UBND",
            Some("85/KH-UBND")
        ));
        assert!(names_another_documents_appendix(
            " kèm theo Kế hoạch số 85/KH-UBND",
            Some("12/KH-UBND")
        ));
    }

    #[test]
    fn a_mention_runs_on_to_the_next_line_only_mid_clause() {
        assert!(clause_runs_on(
            " I",
            "ban hành kèm theo Quyết định số 06/QĐ-TTg"
        ));
        assert!(clause_runs_on("", "của Nghị định 47/2020/NĐ-CP"));
        assert!(clause_runs_on(
            " I (danh mục nhiệm vụ)",
            "ban hành kèm theo Quyết định số 06/QĐ-TTg"
        ));
        for (rest, next) in [
            // The bracket closes on the mention's line.
            (
                " kèm theo)",
                "Nhiệm vụ tại Quyết định số 06/QĐ-TTg ngày 06/01/2022",
            ),
            (" kèm theo.", "Thực hiện Quyết định số 06/QĐ-TTg"),
            // The next line opens a list item of its own.
            ("", "- Triển khai các nhiệm vụ tại Quyết định số 06/QĐ-TTg"),
            ("", "a) Nhiệm vụ tại Quyết định số 06/QĐ-TTg"),
            ("", "2. Triển khai các nhiệm vụ tại Quyết định số 06/QĐ-TTg"),
            ("", "+ Nhiệm vụ tại Quyết định số 06/QĐ-TTg"),
        ] {
            assert!(!clause_runs_on(rest, next), "{rest} / {next}");
        }
    }

    #[test]
    fn document_kinds_name_documents() {
        assert!(DOCUMENT_KINDS.contains(&"kế hoạch"));
        assert!(DOCUMENT_KINDS.contains(&"quyết định"));
        assert!(!DOCUMENT_KINDS.contains(&"số"));
        assert!(!DOCUMENT_KINDS.contains(&"số hiệu"));
    }

    #[test]
    fn a_numbered_item_stands_for_a_part_when_titled_as_the_part() {
        let part = |example: &str| {
            STANDARD
                .iter()
                .find(|p| p.example == example)
                .unwrap_or_else(|| panic!("{example}"))
        };
        let organization = part("TỔ CHỨC THỰC HIỆN");
        let funding = part("KINH PHÍ THỰC HIỆN");
        let objectives = part("MỤC TIÊU ĐẾN NĂM 2030");
        for title in ["Tổ chức thực hiện", "**Tổ chức thực hiện Kế hoạch**"] {
            assert!(organization.is_titled_by(title), "{title}");
        }
        for title in [
            "Tổ chức tập huấn kỹ năng số cho cán bộ.",
            "Tổ chức bộ máy, mạng lưới",
            "Sở Khoa học và Công nghệ chủ trì, tổ chức thực hiện.",
        ] {
            assert!(!organization.is_titled_by(title), "{title}");
        }
        for title in [
            "Kinh phí thực hiện",
            "Kinh phí",
            "Nguồn kinh phí",
            // Opening with the part's name: no cap on the words.
            "Kinh phí thực hiện Kế hoạch được bố trí từ ngân sách nhà nước",
            "Kinh phí thực hiện được bố trí từ nguồn ngân sách nhà nước theo phân cấp hiện hành",
        ] {
            assert!(funding.is_titled_by(title), "{title}");
        }
        for title in [
            "Sở Tài chính bố trí kinh phí.",
            "Kinh phí hỗ trợ doanh nghiệp chuyển đổi số",
            "Nguồn kinh phí kinh phí nguồn kinh phí nguồn kinh phí nguồn kinh phí",
        ] {
            assert!(!funding.is_titled_by(title), "{title}");
        }
        for title in [
            "Mục tiêu",
            "Mục tiêu cụ thể",
            "Mục tiêu đến năm 2030",
            "Mục tiêu cụ thể đến năm 2030 của tỉnh Ninh Bình về chuyển đổi số",
        ] {
            assert!(objectives.is_titled_by(title), "{title}");
        }
    }

    #[test]
    fn appendix_labels() {
        assert_eq!(appendix_label("PHỤ LỤC II - DANH MỤC"), "2");
        assert_eq!(appendix_label("Phụ lục"), "");
        assert_eq!(appendix_label("Phụ lục số 01"), "1");
    }
}

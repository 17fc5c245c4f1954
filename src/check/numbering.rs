//! `numbering-gap` and `numbering-duplicate`: each list of numbered items must run on without
//! holes or repeats. Letters follow Vietnamese order (a b c d đ e g h …); a plan that uses the
//! Latin order (… d e f g …) is not wrong, so either successor is accepted at every step.

use super::outline::{Item, Kind};
use super::Finding;
use crate::domain::numbering::{roman_value, to_roman};

/// Latin and Vietnamese letters merged into one order, so every item letter has a rank.
const MERGED: &[&str] = &[
    "a", "b", "c", "d", "đ", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r",
    "s", "t", "u", "v", "w", "x", "y", "z",
];
/// The two item orders plans use, kept with the rest of the numbering knowledge.
const VIETNAMESE: &[&str] = crate::domain::numbering::VIETNAMESE_ITEM_LETTERS;
const LATIN: &[&str] = crate::domain::numbering::LATIN_ITEM_LETTERS;
const UPPER: &[&str] = &["A", "B", "C", "D", "Đ", "E", "G", "H", "I", "K"];

fn next_in(order: &[&'static str], label: &str) -> Option<&'static str> {
    let position = order.iter().position(|l| *l == label)?;
    order.get(position + 1).copied()
}

/// The position of an item in its list's order, comparable within one kind.
fn ordinal(kind: Kind, label: &str) -> Option<u32> {
    match kind {
        Kind::Roman => roman_value(label),
        Kind::Arabic => label.parse().ok(),
        Kind::Dotted => label.rsplit('.').next()?.parse().ok(),
        Kind::Letter => MERGED.iter().position(|l| *l == label).map(|p| p as u32),
        Kind::UpperLetter => UPPER.iter().position(|l| *l == label).map(|p| p as u32),
    }
}

/// Labels that may follow `label` directly.
fn successors(kind: Kind, label: &str) -> Vec<String> {
    match kind {
        Kind::Letter => {
            let mut out = Vec::new();
            for order in [VIETNAMESE, LATIN] {
                if let Some(next) = next_in(order, label) {
                    out.push(next.to_string());
                }
            }
            // "f" belongs to neither Vietnamese order position; after it comes "g".
            if label == "f" {
                out.push("g".to_string());
            }
            out
        }
        Kind::UpperLetter => next_in(UPPER, label)
            .map(|l| vec![l.to_string()])
            .unwrap_or_default(),
        Kind::Roman => roman_value(label)
            .map(|v| vec![to_roman(v + 1)])
            .unwrap_or_default(),
        Kind::Arabic => label
            .parse::<u32>()
            .map(|v| vec![(v + 1).to_string()])
            .unwrap_or_default(),
        Kind::Dotted => match label.rsplit_once('.') {
            Some((prefix, last)) => last
                .parse::<u32>()
                .map(|v| vec![format!("{prefix}.{}", v + 1)])
                .unwrap_or_default(),
            None => Vec::new(),
        },
    }
}

/// Whether `to` comes two steps after `from`: one number between them is missing.
pub(super) fn one_missing_between(kind: Kind, from: &str, to: &str) -> bool {
    successors(kind, from)
        .iter()
        .any(|between| follows(kind, between, to))
}

/// Whether `to` may follow `from` directly.
pub(super) fn follows(kind: Kind, from: &str, to: &str) -> bool {
    successors(kind, from).iter().any(|s| s == to)
}

/// How far from the number wanted after `from` a mistyped number may stand and still be read
/// as a typo of it ("g)" for "c)", "6." for "2."): a line of running text may open with any
/// number ("… nâng tổng số lên" / "25. Đây là …").
const MOST_STEPS_MISTYPED: u32 = 5;

/// Whether `label` stands within `MOST_STEPS_MISTYPED` of the number that should follow `from`.
pub(super) fn near_the_next(kind: Kind, from: &str, label: &str) -> bool {
    let want = successors(kind, from).into_iter().next();
    want.and_then(|want| ordinal(kind, &want))
        .zip(ordinal(kind, label))
        .is_some_and(|(want, label)| want.abs_diff(label) <= MOST_STEPS_MISTYPED)
}

/// Whether `label` comes after `from` in its kind's order, more than one step on (a skip).
pub(super) fn skips_ahead(kind: Kind, from: &str, label: &str) -> bool {
    !follows(kind, from, label)
        && ordinal(kind, from)
            .zip(ordinal(kind, label))
            .is_some_and(|(from, label)| label > from)
}

/// Whether `label` is where a list of its kind starts ("1", "a", "I", "A", "2.1").
pub(super) fn is_first(kind: Kind, label: &str) -> bool {
    first_label(kind, label) == label
}

fn first_label(kind: Kind, sample: &str) -> String {
    match kind {
        Kind::Letter => "a".to_string(),
        Kind::UpperLetter => "A".to_string(),
        Kind::Roman => "I".to_string(),
        Kind::Arabic => "1".to_string(),
        Kind::Dotted => match sample.rsplit_once('.') {
            Some((prefix, _)) => format!("{prefix}.1"),
            None => "1".to_string(),
        },
    }
}

/// Labels strictly between `from` and `to` (Vietnamese order for letters), at most a few.
fn missing_between(kind: Kind, from: Option<&str>, to: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = match from {
        Some(label) => successors(kind, label).into_iter().next(),
        None => Some(first_label(kind, to)),
    };
    let target = ordinal(kind, to);
    while let Some(label) = current {
        if out.len() >= 6 || label == to || ordinal(kind, &label) >= target {
            break;
        }
        current = successors(kind, &label).into_iter().next();
        out.push(label);
    }
    out
}

/// A number as a message shows it: with its "." or ")", or `bare` where the document prints it
/// with neither (a table's number cell: "3.4", "1003", "II").
fn shown(kind: Kind, bare: bool, label: &str) -> String {
    match kind {
        Kind::Letter => format!("{label})"),
        _ if bare => label.to_string(),
        _ => format!("{label}."),
    }
}

fn list_of(kind: Kind, bare: bool, labels: &[String]) -> String {
    let shown: Vec<String> = labels
        .iter()
        .map(|l| format!("\"{}\"", shown(kind, bare, l)))
        .collect();
    match shown.len() {
        0 => String::new(),
        1 => shown[0].clone(),
        n => format!("{} and {}", shown[..n - 1].join(", "), shown[n - 1]),
    }
}

/// Table rows: a group's rows may restart at 1 or run on from the previous group's last number.
/// Findings go to `out` as they are found, in no set order: a table of 708,497 rows numbered
/// "1" has 708,496 duplicates, and `check` lists at most 1,000 (`listing`).
pub fn check_table(items: &[Item], certain: bool, out: &mut dyn FnMut(Finding)) {
    let corrected = prefix_slips(items, "table", certain, out);
    check_lists(
        corrected.as_deref().unwrap_or(items),
        "table",
        certain,
        |_| true,
        out,
    );
}

/// Checks every list in `items`; `where_` names the part ("body", "table") in messages.
pub fn check(items: &[Item], where_: &str, certain: bool) -> Vec<Finding> {
    // Some plans number their second-level parts on across first-level parts (I: 1, 2; II: 3).
    let mut findings = Vec::new();
    let corrected = prefix_slips(items, where_, certain, &mut |finding| {
        findings.push(finding)
    });
    check_lists(
        corrected.as_deref().unwrap_or(items),
        where_,
        certain,
        |kind| kind == Kind::Arabic,
        &mut |finding| findings.push(finding),
    );
    findings.sort_by_key(|f| f.lines);
    findings
}

/// The numbers a dotted item's prefix may be, from the items above it: the number of the part
/// it stands in — an arabic item ("1." over "1.1"), a dotted one a level up ("1.2" over "1.2.1",
/// as printed or as it should have been), or a Roman part's value ("II." over "2.1", "2.1.3").
/// The nearest comes first: it is what a slip is renumbered to.
#[derive(Default)]
struct Parts<'a> {
    roman: Option<(&'a Item, u32)>,
    arabic: Option<&'a Item>,
    /// By depth (the number of parts of a dotted number): the item and its number as it should be.
    dotted: std::collections::BTreeMap<usize, (&'a Item, String)>,
    /// The Roman part before this one, and the arabic part before this one in it: what this
    /// part's number should be by its list's order.
    roman_before: Option<u32>,
    arabic_before: Option<u32>,
    /// Whether an arabic part came before anywhere: then the list numbers its sub-items under
    /// arabic parts, and a Roman part's value is no prefix ("I: 1, 1.1, 2 | II: 3, 3.1").
    arabic_seen: bool,
    /// Prefixes of later parts whose headings are not among the items ("3.1", "3.2", "4.1" under
    /// "II": the headings "III", "IV" were lost by the reader or never typed), by depth.
    later: std::collections::BTreeSet<(usize, String)>,
}

impl<'a> Parts<'a> {
    /// (the part's item, the prefix it gives) for a dotted number of `depth` parts.
    fn candidates(&self, depth: usize) -> Vec<(&'a Item, String)> {
        let mut out = Vec::new();
        if let Some((item, corrected)) = self.dotted.get(&(depth - 1)) {
            out.push((*item, corrected.clone()));
            out.push((*item, item.label.clone()));
        }
        if depth == 2 {
            // A Roman part numbers the dotted items right under it ("II." over "2.1"); under an
            // arabic part of it, they take the arabic number.
            match self.arabic {
                Some(item) => out.push((item, item.label.clone())),
                None if !self.arabic_seen => {
                    out.extend(self.roman.map(|(item, value)| (item, value.to_string())))
                }
                None => {}
            }
        }
        if depth == 3 && !self.dotted.contains_key(&2) {
            if let (Some((_, value)), Some(arabic)) = (self.roman, self.arabic) {
                out.push((arabic, format!("{value}.{}", arabic.label)));
            }
        }
        out
    }

    /// The prefix a dotted number of two parts takes when its part's own number is the slip:
    /// the number the part should have by its list's order ("II", "II" over "3.1": the second
    /// "II" is a mistyped "III", and its items are numbered right).
    fn by_order(&self, depth: usize) -> Option<String> {
        if depth != 2 {
            return None;
        }
        let before = match (self.arabic, self.roman) {
            (Some(_), _) => self.arabic_before,
            (None, Some(_)) => self.roman_before,
            (None, None) => return None,
        };
        Some((before.unwrap_or(0) + 1).to_string())
    }
}

/// Dotted numbers that do not begin with the number of the part they stand in ("2.2." among
/// "1.1.", "1.3." under "1."; a group "II"'s rows numbered "1.1", "1.2"): one `numbering-gap`
/// for each run of them, and the items with those numbers as they should be, so that the
/// order of the list is judged on the numbers' last parts. None when no number slipped.
fn prefix_slips(
    items: &[Item],
    where_: &str,
    certain: bool,
    out: &mut dyn FnMut(Finding),
) -> Option<Vec<Item>> {
    let slips = find_prefix_slips(items);
    if slips.is_empty() {
        return None;
    }
    let mut corrected: Vec<Item> = items.to_vec();
    let mut slipped = std::collections::BTreeSet::new();
    for slip in slips {
        out(slip_finding(items, &slip, where_, certain));
        for &at in &slip.items {
            corrected[at].label = slip.renumbered(&items[at]);
            slipped.insert(at);
        }
    }
    // A list is made of the items whose numbers share a prefix (`outline::Lists`): a slipped
    // item joins the list of the siblings before it whose prefix it should have had ("1.1.",
    // "2.2.", "1.3." is one list "1.1.", "1.2.", "1.3.").
    let mut last_list: std::collections::BTreeMap<(usize, String), usize> = Default::default();
    for (at, item) in corrected.iter_mut().enumerate() {
        if item.kind != Kind::Dotted {
            continue;
        }
        let Some((prefix, _)) = item.label.rsplit_once('.') else {
            continue;
        };
        let key = (item.label.split('.').count(), prefix.to_string());
        if slipped.contains(&at) {
            if let Some(list) = last_list.get(&key) {
                item.list = *list;
            }
        }
        last_list.insert(key, item.list);
    }
    Some(corrected)
}

/// Whether the dotted prefix `printed` numbers a part after `want`'s ("3" after "2", "1.3" after
/// "1.2").
fn is_later(printed: &str, want: &str) -> bool {
    let parts = |p: &str| -> Option<Vec<u32>> { p.split('.').map(|n| n.parse().ok()).collect() };
    match (parts(printed), parts(want)) {
        (Some(printed), Some(want)) => printed > want,
        _ => false,
    }
}

/// A run of dotted items under one part whose numbers begin with another part's.
pub(super) struct PrefixSlip<'a> {
    /// Indexes of the slipped items, in order.
    pub items: Vec<usize>,
    /// The part they stand in.
    part: &'a Item,
    /// The prefix their numbers should begin with.
    want: String,
}

impl PrefixSlip<'_> {
    /// An item's number as it should be: the wanted prefix and its own last part.
    pub fn renumbered(&self, item: &Item) -> String {
        let last = item.label.rsplit_once('.').map_or("", |(_, l)| l);
        format!("{}.{last}", self.want)
    }
}

/// The runs of dotted items whose prefix is not their part's, in order.
pub(super) fn find_prefix_slips(items: &[Item]) -> Vec<PrefixSlip<'_>> {
    let mut parts = Parts::default();
    // (index of the run's first item, its last, the part's item, the prefix it wants).
    let mut run: Option<(usize, usize, &Item, String)> = None;
    let mut slips: Vec<(usize, usize, &Item, String)> = Vec::new();
    for (index, item) in items.iter().enumerate() {
        match item.kind {
            Kind::UpperLetter => parts = Parts::default(),
            Kind::Roman => {
                let roman_before = parts.roman.map(|(_, value)| value);
                parts = Parts {
                    roman: roman_value(&item.label).map(|value| (item, value)),
                    roman_before,
                    arabic_seen: parts.arabic_seen,
                    ..Parts::default()
                };
            }
            Kind::Arabic => {
                parts.arabic_before = parts.arabic.and_then(|a| a.label.parse().ok());
                parts.arabic = Some(item);
                parts.arabic_seen = true;
                parts.dotted.clear();
            }
            Kind::Letter => {}
            Kind::Dotted => {
                let Some((prefix, last)) = item.label.rsplit_once('.') else {
                    continue;
                };
                let depth = item.label.split('.').count();
                let candidates = parts.candidates(depth);
                // A number opening running text ("3.2 triệu lượt khách" wrapped to a line of
                // its own) is no item: only a heading, which opens with a capital, can slip.
                let heading = item.text.chars().next().is_none_or(char::is_uppercase);
                let mut slipped = heading
                    && !candidates.is_empty()
                    && candidates.iter().all(|(_, p)| p != prefix)
                    && parts.by_order(depth).as_deref() != Some(prefix)
                    && !parts.later.contains(&(depth, prefix.to_string()));
                // A series that starts at 1 with a later part's number ("3.1" under "II") is
                // that part's, whose heading is missing: a finding of its own (the headings'
                // order, the table's groups), not a slip of every row after it.
                if slipped && last == "1" && is_later(prefix, &candidates[0].1) {
                    parts.later.insert((depth, prefix.to_string()));
                    slipped = false;
                }
                let mut corrected = item.label.clone();
                if slipped {
                    let (part, want) = candidates[0].clone();
                    corrected = format!("{want}.{last}");
                    match run.as_mut() {
                        Some(open) if std::ptr::eq(open.2, part) && open.3 == want => {
                            open.1 = index
                        }
                        _ => slips.extend(run.replace((index, index, part, want))),
                    }
                } else {
                    slips.extend(run.take());
                }
                parts.dotted.retain(|d, _| *d < depth);
                parts.dotted.insert(depth, (item, corrected));
            }
        }
    }
    slips.extend(run);
    slips
        .into_iter()
        .map(|(first, last, part, want)| {
            let depth = items[first].label.split('.').count();
            let items = (first..=last)
                .filter(|&at| {
                    items[at].kind == Kind::Dotted && items[at].label.split('.').count() == depth
                })
                .collect();
            PrefixSlip { items, part, want }
        })
        .collect()
}

fn slip_finding(items: &[Item], slip: &PrefixSlip, where_: &str, certain: bool) -> Finding {
    let (first, end) = (
        &items[slip.items[0]],
        &items[slip.items[slip.items.len() - 1]],
    );
    let (kind, bare, want) = (first.kind, first.bare, &slip.want);
    let part = shown(slip.part.kind, slip.part.bare, &slip.part.label);
    let (what, hint) = if slip.items.len() == 1 {
        (
            format!(
                "\"{}\" stands under \"{part}\": its number should begin with \"{want}.\"",
                shown(kind, bare, &first.label)
            ),
            format!(
                "renumber it as \"{}\"",
                shown(kind, bare, &slip.renumbered(first))
            ),
        )
    } else {
        (
            format!(
                "the items under \"{part}\" are numbered \"{}\" to \"{}\": their numbers \
                 should begin with \"{want}.\"",
                shown(kind, bare, &first.label),
                shown(kind, bare, &end.label)
            ),
            format!(
                "renumber them \"{}\" to \"{}\"",
                shown(kind, bare, &slip.renumbered(first)),
                shown(kind, bare, &slip.renumbered(end))
            ),
        )
    };
    Finding::new(
        "numbering-gap",
        format!("{where_} numbering: {what}"),
        [first.line, first.line],
        certain,
    )
    .focus(first.label.clone())
    .suggest(hint)
}

fn check_lists(
    items: &[Item],
    where_: &str,
    certain: bool,
    run_on: fn(Kind) -> bool,
    out: &mut dyn FnMut(Finding),
) {
    let mut lists: std::collections::BTreeMap<usize, Vec<&Item>> = Default::default();
    for item in items {
        lists.entry(item.list).or_default().push(item);
    }
    let lists: Vec<Vec<&Item>> = lists.into_values().filter(|l| !l.is_empty()).collect();
    // For each run-on list, the first item of the next list of its kind: a list's last item is
    // judged with the item after it, and that one stands there ("I: 1, 1 | II: 3": the second
    // "1" is a mistyped "2", as "3" shows).
    let mut first_after: Vec<Option<&Item>> = vec![None; lists.len()];
    let mut next_first: std::collections::BTreeMap<Kind, &Item> = Default::default();
    for (at, members) in lists.iter().enumerate().rev() {
        let first = members[0];
        if run_on(first.kind) {
            first_after[at] = next_first.get(&first.kind).copied();
            next_first.insert(first.kind, first);
        }
    }
    // Whether the lists of a kind run on from one another here, as more of them do than
    // restart at their first number: only then is a list's first item that stands at or past the
    // last number above ("I: 1, 2 | II: 2, 4") judged against that number. (In a table whose
    // groups restart, "II: 2, 3" lacks its "1".)
    let mut starts: std::collections::BTreeMap<Kind, (usize, usize)> = Default::default();
    let mut typed_last: std::collections::BTreeMap<Kind, &str> = Default::default();
    for members in &lists {
        let (first, last) = (members[0], members[members.len() - 1]);
        if !run_on(first.kind) {
            continue;
        }
        if let Some(above) = typed_last.get(&first.kind) {
            let (restart, run) = starts.entry(first.kind).or_default();
            if first.label == first_label(first.kind, &first.label) {
                *restart += 1;
            } else if ordinal(first.kind, &first.label) > ordinal(first.kind, above) {
                // Past the last number above ("I: 1, 1 | II: 3"): no restart.
                *run += 1;
            }
        }
        typed_last.insert(first.kind, &last.label);
    }
    let mut last_of_kind: std::collections::BTreeMap<Kind, String> = Default::default();
    for (members, after) in lists.iter().zip(first_after) {
        let first = members[0];
        let carried = if run_on(first.kind) {
            last_of_kind.get(&first.kind).cloned()
        } else {
            None
        };
        let runs_on = starts
            .get(&first.kind)
            .is_some_and(|(restart, run)| run > restart);
        // Where groups restart, the next group's "1" says nothing of this one's last row.
        let after = after.filter(|_| runs_on);
        let last = check_list(members, where_, certain, carried, runs_on, after, out);
        if let Some(last) = last {
            last_of_kind.insert(first.kind, last);
        }
    }
}

/// `carried`: the last number of the list above when this one may run on from it (`runs_on`:
/// the lists of its kind do so here); `after`: the first item of the list below when that one
/// may run on from this one.
fn check_list(
    members: &[&Item],
    where_: &str,
    certain: bool,
    carried: Option<String>,
    runs_on: bool,
    after: Option<&Item>,
    out: &mut dyn FnMut(Finding),
) -> Option<String> {
    let mut previous: Option<String> = None;
    let mut seen: std::collections::BTreeSet<String> = Default::default();
    // How many times each number was used so far ("IV." three times: "used 3 times").
    let mut uses: std::collections::BTreeMap<String, usize> = Default::default();
    // The item after a swapped pair's first, already reported with it.
    let mut swapped_with: Option<String> = None;
    // Letters: steps that leave out the Vietnamese "đ" ("d, e", as the Latin order goes), with
    // the letter before each, and whether a step left out the Latin "f" ("e, g", as the
    // Vietnamese order goes): a list that does both is in no order, and its "d, e" is the slip.
    // (A list with both "đ" and "f", "a b c d đ e f g", is in an order issued plans use.)
    let mut latin_steps: Vec<(&Item, String)> = Vec::new();
    let mut vietnamese_step = false;
    for (index, item) in members.iter().enumerate() {
        let kind = item.kind;
        // The numbers of a message are shown as the item prints its own.
        let bare = item.bare;
        let label = item.label.as_str();
        let Some(current) = ordinal(kind, label) else {
            continue;
        };
        if let Some(first) = swapped_with.take() {
            seen.insert(label.to_string());
            *uses.entry(label.to_string()).or_insert(0) += 1;
            previous = Some(first);
            continue;
        }
        let expected: Vec<String> = match &previous {
            Some(p) => successors(kind, p),
            None => {
                let mut first = vec![first_label(kind, label)];
                if let Some(carried) = &carried {
                    first.extend(successors(kind, carried));
                }
                first
            }
        };
        if kind == Kind::Letter && expected.iter().any(|e| e == label) {
            if let Some(p) = previous.as_deref() {
                // "e, g" leaves out "f": the Vietnamese order. (Not "i, k": a reader may have
                // joined a Latin list's "j)" to its "i)".)
                if p == "e" && label == "g" {
                    vietnamese_step = true;
                } else if next_in(LATIN, p) == Some(label) && next_in(MERGED, p) != Some(label) {
                    latin_steps.push((*item, p.to_string()));
                }
            }
        }
        let mut effective = label.to_string();
        let next = members
            .get(index + 1)
            .copied()
            .or(after.filter(|_| index + 1 == members.len()));
        if !expected.iter().any(|e| e == label) {
            let line = [item.line, item.line];
            let focus = if kind == Kind::Letter {
                shown(kind, bare, label)
            } else {
                label.to_string()
            };
            // The first item of a list that runs on from the one above and stands at or past
            // its last number ("I: 1, 2 | II: 2, 4", "I: 1, 2 | II: 4"): it is judged against
            // that number, not against a restart at "1".
            let above = carried.as_deref().filter(|last| {
                runs_on
                    && previous.is_none()
                    && ordinal(kind, last).is_some_and(|last| last <= current)
                    && !successors(kind, last).is_empty()
            });
            let want = match above {
                Some(last) => successors(kind, last).swap_remove(0),
                None => expected.first().cloned().unwrap_or_default(),
            };
            let previous_shown = match (previous.as_deref(), above) {
                (Some(p), _) => format!(
                    "\"{}\" follows \"{}\"",
                    shown(kind, bare, label),
                    shown(kind, bare, p)
                ),
                (None, Some(last)) => format!(
                    "\"{}\" follows \"{}\", the last number of the group above",
                    shown(kind, bare, label),
                    shown(kind, bare, last)
                ),
                (None, None) => format!("the list starts at \"{}\"", shown(kind, bare, label)),
            };
            // "2, 1" where "1, 2" belongs: one finding for the pair, not a gap and then a
            // disorder whose hints contradict each other.
            let swapped = !seen.contains(label)
                && next.is_some_and(|next| next.label == want && follows(kind, &want, label));
            if swapped {
                out(Finding::new(
                    "numbering-gap",
                    format!(
                        "{where_} numbering: \"{}\" comes before \"{}\": the two are swapped",
                        shown(kind, bare, label),
                        shown(kind, bare, &want)
                    ),
                    line,
                    certain,
                )
                .focus(focus.clone())
                .suggest(format!(
                    "swap the numbers of these two items (\"{}\" first, then \"{}\")",
                    shown(kind, bare, &want),
                    shown(kind, bare, label)
                )));
                swapped_with = Some(label.to_string());
                seen.insert(label.to_string());
                *uses.entry(label.to_string()).or_insert(0) += 1;
                previous = Some(label.to_string());
                continue;
            }
            if seen.contains(label) || above == Some(label) {
                // A repeat; if the next item carries on as though this one were `want`, it is a
                // mistyped `want` ("V, IV, VII" → the second IV should be VI).
                // So does a repeat followed by the same number again ("IV, IV, IV": the second
                // is V, the third VI).
                let next_fits = next
                    .is_some_and(|next| follows(kind, &want, &next.label) || next.label == *label);
                if next_fits {
                    effective = want.clone();
                }
                // The next item is the number this one would take: the item is there twice (a
                // row pasted twice) or is new, and renumbering it alone would repeat the next.
                // A list's first number used again ("1, 1, 2") may rather start a group whose
                // heading is missing, in a table whose rows restart in each group.
                let next_is_want = next.is_some_and(|next| next.label == want);
                let restarts = where_ == "table" && *label == first_label(kind, label);
                // A number the group above ends with is one use before this list's own.
                let earlier = uses.get(label).copied().unwrap_or(0) + usize::from(above.is_some());
                let times = match earlier.max(1) + 1 {
                    2 => "twice".to_string(),
                    n => format!("{n} times"),
                };
                let hint = if next_is_want && restarts {
                    format!(
                        "if rows restart at \"{}\" in each group, add the group heading missing \
                         above it; else renumber it as \"{}\" and the items after it",
                        shown(kind, bare, label),
                        shown(kind, bare, &want)
                    )
                } else if next_is_want {
                    format!(
                        "remove it if it repeats the item above; if it is a new item, renumber \
                         it as \"{}\" and the items after it",
                        shown(kind, bare, &want)
                    )
                } else {
                    format!("renumber it as \"{}\"", shown(kind, bare, &want))
                };
                out(Finding::new(
                    "numbering-duplicate",
                    format!(
                        "{where_} numbering: \"{}\" is used {times} ({previous_shown})",
                        shown(kind, bare, label)
                    ),
                    line,
                    certain,
                )
                .focus(focus.clone())
                .suggest(hint));
            } else if let Some(clue) = previous.as_ref().and(next).and_then(|next| {
                if follows(kind, &want, label) && next.label == *label {
                    Some(format!(
                        "the next item is \"{}\" too",
                        shown(kind, bare, label)
                    ))
                } else if follows(kind, &want, &next.label) {
                    Some(format!("\"{}\" follows it", shown(kind, bare, &next.label)))
                } else {
                    None
                }
            }) {
                // A number typed wrong, as the next item shows: it has this number again ("1.2,
                // 1.4, 1.4": this one is a mistyped "1.3"), or goes on as though this one had
                // the number wanted here ("b, g, d"). One finding on this item, not a gap whose
                // hint renumbers the items after it and then a repeat or a disorder whose hint
                // renumbers the right one.
                out(Finding::new(
                    "numbering-gap",
                    format!(
                        "{where_} numbering: {previous_shown}, and {clue}: this one should be \"{}\"",
                        shown(kind, bare, &want)
                    ),
                    line,
                    certain,
                )
                .focus(focus.clone())
                .suggest(format!("renumber it as \"{}\"", shown(kind, bare, &want))));
                effective = want.clone();
            } else if previous.as_deref().or(above).and_then(|p| ordinal(kind, p)) < Some(current) {
                let missing = missing_between(kind, previous.as_deref().or(above), label);
                let what = if missing.is_empty() {
                    format!("\"{}\" is missing", shown(kind, bare, &want))
                } else if missing.len() == 1 {
                    format!("{} is missing", list_of(kind, bare, &missing))
                } else {
                    format!("{} are missing", list_of(kind, bare, &missing))
                };
                let order_hint = if kind == Kind::Letter {
                    " (Vietnamese order: a b c d đ e g h i k …)"
                } else {
                    ""
                };
                out(Finding::new(
                    "numbering-gap",
                    format!("{where_} numbering: {previous_shown}: {what}{order_hint}"),
                    line,
                    certain,
                )
                .focus(focus.clone())
                .suggest(format!(
                    "renumber \"{}\" as \"{}\" (and the items after it), or add the missing item",
                    shown(kind, bare, label),
                    shown(kind, bare, &want)
                )));
            } else {
                out(Finding::new(
                    "numbering-gap",
                    format!("{where_} numbering: {previous_shown}: out of order"),
                    line,
                    certain,
                )
                .focus(focus.clone())
                .suggest(format!("renumber it as \"{}\"", shown(kind, bare, &want))));
            }
        }
        seen.insert(label.to_string());
        *uses.entry(label.to_string()).or_insert(0) += 1;
        previous = Some(effective);
    }
    if vietnamese_step {
        for (item, before) in latin_steps {
            out(latin_step_in_vietnamese_list(
                item, &before, where_, certain,
            ));
        }
    }
    previous
}

/// A step of a letter list that leaves out "đ" ("d, e"), in a list that elsewhere leaves out
/// "f" as the Vietnamese order does ("e, g"): "đ" is missing.
fn latin_step_in_vietnamese_list(
    item: &Item,
    before: &str,
    where_: &str,
    certain: bool,
) -> Finding {
    let (kind, bare, label) = (item.kind, item.bare, item.label.as_str());
    let want = next_in(VIETNAMESE, before).unwrap_or_default();
    Finding::new(
        "numbering-gap",
        format!(
            "{where_} numbering: \"{}\" follows \"{}\": \"{}\" is missing (Vietnamese order: a b \
             c d đ e g h i k …, as the rest of the list goes)",
            shown(kind, bare, label),
            shown(kind, bare, before),
            shown(kind, bare, want)
        ),
        [item.line, item.line],
        certain,
    )
    .focus(shown(kind, bare, label))
    .suggest(format!(
        "renumber \"{}\" as \"{}\" (and the items after it), or add the missing item",
        shown(kind, bare, label),
        shown(kind, bare, want)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(kind: Kind, labels: &[&str]) -> Vec<Item> {
        labels
            .iter()
            .enumerate()
            .map(|(i, l)| Item {
                kind,
                label: l.to_string(),
                text: String::new(),
                line: i + 1,
                list: 1,
                bare: false,
            })
            .collect()
    }

    fn rules(kind: Kind, labels: &[&str]) -> Vec<(String, usize)> {
        check(&items(kind, labels), "body", true)
            .into_iter()
            .map(|f| (f.rule.to_string(), f.lines[0]))
            .collect()
    }

    /// Table rows in groups, each group its own list ("|" parts the groups); lines count on.
    fn grouped(groups: &str) -> Vec<(String, usize, String)> {
        let mut items = Vec::new();
        for (list, group) in groups.split('|').enumerate() {
            for label in group.split_whitespace() {
                items.push(Item {
                    kind: Kind::Arabic,
                    label: label.to_string(),
                    text: String::new(),
                    line: items.len() + 1,
                    list,
                    bare: true,
                });
            }
        }
        table_findings(&items)
    }

    /// (rule, line, suggestion) of the table pass's findings on `items`, by line.
    fn table_findings(items: &[Item]) -> Vec<(String, usize, String)> {
        let mut found = Vec::new();
        check_table(items, true, &mut |f| {
            found.push((
                f.rule.to_string(),
                f.lines[0],
                f.suggestion.unwrap_or_default(),
            ))
        });
        found.sort_by_key(|f| f.1);
        found
    }

    /// Items of several kinds, one a word ("II 1 1.1 1.2"), in lists as the line scan and the
    /// table pass make them: (rule, line, suggestion) of each finding of the table pass.
    fn outlined(spec: &str) -> Vec<(String, usize, String)> {
        let mut lists = crate::check::outline::Lists::new();
        let items: Vec<Item> = spec
            .split_whitespace()
            .enumerate()
            .map(|(at, label)| {
                let kind = if roman_value(label).is_some() {
                    Kind::Roman
                } else if label.contains('.') {
                    Kind::Dotted
                } else {
                    Kind::Arabic
                };
                Item {
                    kind,
                    label: label.to_string(),
                    text: String::new(),
                    line: at + 1,
                    list: lists.assign(kind, label),
                    bare: true,
                }
            })
            .collect();
        table_findings(&items)
    }

    /// A dotted number that begins with another part's number is one finding for the run, with
    /// the numbers it should have; the list around it is judged on those (a review of stop 51:
    /// "1.1, 2.2, 1.3" gave "1.2 is missing" at "1.3", and a group's rows copied from the group
    /// before passed).
    #[test]
    fn a_dotted_number_with_another_parts_prefix_is_found() {
        let found = outlined("I 1.1 2.2 1.3 II 2.1 2.2");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].1, found[0].2.as_str()),
            (3, "renumber it as \"1.2\"")
        );
        let found = outlined("I 1.1 1.2 II 2.1 III 1.1 1.2 1.3");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].1, found[0].2.as_str()),
            (7, "renumber them \"3.1\" to \"3.3\"")
        );
        // Under an arabic part, its number; under a Roman part alone, the part's value.
        assert_eq!(outlined("I 1 1.1 1.2 2 2.1 2.2").len(), 0);
        assert_eq!(outlined("I 1 1.1 1.2 2 1.1 1.2")[0].1, 6);
        assert_eq!(outlined("I 1.1 II 2.1 2.2 III 3.1").len(), 0);
        // Not a slip: the part's own number is ("II" twice, its rows "3.1 …"), or the rows of
        // parts whose headings are missing ("3.1 …", "4.1 …" under "II"), or no part is known.
        assert!(outlined("I 1.1 II 2.1 II 3.1 3.2")
            .iter()
            .all(|f| !f.2.contains("renumber them")));
        assert_eq!(outlined("I 1.1 II 2.1 2.2 3.1 3.2 4.1").len(), 0);
        assert_eq!(outlined("1.1 1.2 2.1 2.2").len(), 0);
        // Rows under arabic rows that run on across groups: a group's value is no prefix (a
        // review of stop 52: "renumber them 3.1 …" where "3.1" stood under row "3").
        assert_eq!(outlined("I 1 1.1 1.2 2 2.1 II 3 3.1 III 1.1 1.2").len(), 0);
    }

    /// A slip at a group's edge in rows numbered on across groups is one finding, whose hint
    /// names the number the numbering around it asks for (a review of stop 51: two findings,
    /// the first asking for "1", the second for the number the slip had taken).
    #[test]
    fn a_slip_where_groups_meet_is_one_finding() {
        let one = |groups: &str, rule: &str, line: usize, asks: &str| {
            let found = grouped(groups);
            assert_eq!(found.len(), 1, "{groups}: {found:?}");
            assert_eq!((found[0].0.as_str(), found[0].1), (rule, line), "{groups}");
            assert!(
                found[0].2.contains(&format!("\"{asks}\"")),
                "{groups}: {found:?}"
            );
        };
        // The group above's last number again.
        one("1 2 | 2 4 | 5 6", "numbering-duplicate", 3, "3");
        // The last row of a group a repeat, the next group going on from the right number.
        one("1 1 | 3 4 5 6", "numbering-duplicate", 2, "2");
        // The last row of a group one ahead, the next group starting at that number.
        one("1 2 | 3 5 | 5 6", "numbering-gap", 4, "4");
        // A group that starts past the number after the last above: the numbers between.
        one("1 2 | 3 4 | 6 7", "numbering-gap", 5, "5");
        // Groups that restart are judged as before: a group without its "1", and not against
        // the next group's "1" (a review of stop 51: "swapped" with it).
        one("1 2 3 | 2 3 | 1 2", "numbering-gap", 4, "1");
        one("1 2 3 | 2 | 1 2 3 | 1 2", "numbering-gap", 4, "1");
        // Both readings fine.
        assert!(grouped("1 2 | 3 4 | 5").is_empty());
        assert!(grouped("1 2 | 1 2 | 1").is_empty());
    }

    #[test]
    fn a_swapped_pair_is_one_finding() {
        for labels in [
            &["2", "1", "3"][..],
            &["1", "3", "2", "4"][..],
            &["1", "2", "4", "3"][..],
        ] {
            let found = check(&items(Kind::Arabic, labels), "table", true);
            assert_eq!(found.len(), 1, "{labels:?}: {found:?}");
            assert!(found[0].message.contains("swapped"), "{}", found[0].message);
        }
        let found = check(&items(Kind::Letter, &["a", "c", "b", "d"]), "body", true);
        assert_eq!(found.len(), 1, "{found:?}");
        // Not a swap: a gap, then the list goes on.
        assert_eq!(
            rules(Kind::Arabic, &["1", "3", "4"]),
            vec![("numbering-gap".to_string(), 2)]
        );
    }

    /// One mistyped number ("1.4" for "1.3", followed by the real "1.4") is one finding whose
    /// hint renumbers that item alone; it was a gap ("and the items after it") and then a
    /// repeat whose hint renumbered the right one.
    #[test]
    fn a_mistyped_number_before_its_own_next_is_one_finding() {
        for (kind, labels, line, want) in [
            (Kind::Arabic, &["1", "2", "4", "4", "5"][..], 3, "3."),
            (Kind::Roman, &["I", "III", "III", "IV"][..], 2, "II."),
            (Kind::Letter, &["a", "c", "c", "d"][..], 2, "b)"),
        ] {
            let found = check(&items(kind, labels), "table", true);
            assert_eq!(found.len(), 1, "{labels:?}: {found:?}");
            assert_eq!(found[0].rule, "numbering-gap");
            assert_eq!(found[0].lines, [line, line], "{found:?}");
            assert_eq!(
                found[0].suggestion.as_deref(),
                Some(format!("renumber it as \"{want}\"").as_str())
            );
        }
        // Two numbers skipped: a gap, as before.
        assert_eq!(
            rules(Kind::Arabic, &["1", "4", "4", "5"]),
            vec![
                ("numbering-gap".to_string(), 2),
                ("numbering-duplicate".to_string(), 3)
            ]
        );
    }

    /// Numbers printed bare (a table's number cells: "1.2", "III") are shown bare, and the
    /// number a hint asks for too; those printed with their "." keep it.
    #[test]
    fn numbers_are_shown_as_their_items_print_them() {
        let labels = ["1.1", "1.2", "1.4", "1.5"];
        let mut bare = items(Kind::Dotted, &labels);
        bare.iter_mut().for_each(|item| item.bare = true);
        let found = check(&bare, "table", true);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].message,
            "table numbering: \"1.4\" follows \"1.2\": \"1.3\" is missing"
        );
        let found = check(&items(Kind::Dotted, &labels), "table", true);
        assert_eq!(
            found[0].message,
            "table numbering: \"1.4.\" follows \"1.2.\": \"1.3.\" is missing"
        );
    }

    /// A repeat followed by the number it would take ("1, 2, 2, 3": a row pasted twice) is
    /// not told to take that number, which the next item has.
    #[test]
    fn a_repeat_before_the_next_number_is_told_to_go() {
        let found = check(&items(Kind::Arabic, &["1", "2", "2", "3"]), "table", true);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .suggestion
                .as_deref()
                .is_some_and(|s| s.starts_with("remove it if it repeats the item above")),
            "{found:?}"
        );
    }

    #[test]
    fn letters_accept_both_orders() {
        assert!(rules(Kind::Letter, &["a", "b", "c", "d", "đ", "e", "g", "h"]).is_empty());
        assert!(rules(Kind::Letter, &["a", "b", "c", "d", "e", "f", "g"]).is_empty());
        assert!(rules(Kind::Letter, &["a", "b", "c", "d", "đ", "e", "f", "g"]).is_empty());
    }

    /// Each step of "a b c d e g h" is in one order or the other ("d, e" Latin, "e, g"
    /// Vietnamese), the list in neither: "đ" is missing (a review of stop 51). A list wholly in
    /// one order passes, and so does one with both "đ" and "f".
    #[test]
    fn a_list_in_neither_order_is_found_where_it_leaves_the_vietnamese() {
        let found = check(
            &items(Kind::Letter, &["a", "b", "c", "d", "e", "g", "h"]),
            "body",
            true,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].lines, [5, 5]);
        assert!(
            found[0].message.contains("\"đ)\" is missing"),
            "{}",
            found[0].message
        );
        let found = check(
            &items(Kind::Letter, &["a", "b", "c", "d", "e", "g", "h", "i", "k"]),
            "body",
            true,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        // A list in one order, or with both "đ" and "f" (as Kon Tum's plan 142 numbers one).
        for labels in [
            &["a", "b", "c", "d", "đ", "e", "g", "h"][..],
            &["a", "b", "c", "d", "e", "f", "g", "h"][..],
            &["a", "b", "c", "d", "đ", "e", "f", "g", "h", "i", "k"][..],
            &["a", "b", "c", "d", "e"][..],
            // A Latin list whose "j)" a reader joined to its "i)" (a review of stop 51).
            &["a", "b", "c", "d", "e", "f", "g", "h", "i", "k", "l"][..],
            &["a", "b", "c", "d", "e", "f", "g", "h", "i", "k"][..],
        ] {
            assert!(
                check(&items(Kind::Letter, labels), "body", true).is_empty(),
                "{labels:?}"
            );
        }
    }

    #[test]
    fn letter_gap_is_found_with_missing_letters() {
        let found = check(&items(Kind::Letter, &["a", "b", "c", "e"]), "body", true);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, "numbering-gap");
        assert_eq!(found[0].lines, [4, 4]);
        assert!(
            found[0].message.contains("\"d)\" and \"đ)\""),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn duplicate_and_mistyped_roman() {
        assert_eq!(
            rules(Kind::Roman, &["I", "II", "III", "IV", "V", "IV", "VII"]),
            vec![("numbering-duplicate".to_string(), 6)]
        );
        assert_eq!(
            rules(Kind::Arabic, &["1", "2", "2", "3"]),
            vec![("numbering-duplicate".to_string(), 3)]
        );
        assert_eq!(
            rules(Kind::Arabic, &["2", "3"]),
            vec![("numbering-gap".to_string(), 1)]
        );
        assert_eq!(
            rules(Kind::Dotted, &["1.1", "1.2", "1.4"]),
            vec![("numbering-gap".to_string(), 3)]
        );
    }
}

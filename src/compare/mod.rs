//! Cross-province comparison (`plandoc diff`): which tasks, targets, section headings and bodies
//! two or more plans share, which differ and which only one plan has.
//!
//! Items are aligned across all plans at once (`assign`), by wording similarity that ignores
//! tone-mark placement, case, spacing, abbreviations and province names (`text`).

pub mod assign;
pub mod model;
pub mod text;

mod agencies;
mod sections;
mod targets;
mod tasks;

use crate::model::Plan;
pub use model::*;

/// One plan to compare and the path it was read from.
pub struct Input {
    pub path: String,
    pub plan: Plan,
}

/// Two plans are compared item by item in each view. Past this many pairs of items (the task
/// rows, targets or sections of one plan times those of the other) the diff is refused instead
/// of running for minutes: a real plan holds at most a few hundred of each (500 × 500 is
/// 250,000 pairs), and one past 2,000 × 2,000 is several plans in one file or a damaged
/// extraction. Each pair costs a few microseconds, so the limit keeps one view of two plans
/// to seconds.
pub const MAX_COMPARED_PAIRS: usize = 4_000_000;

/// The most plans one diff compares: its report has a column per plan in every view (and a
/// row per group, at least one per plan with items of its own), so its size grows as the
/// square of the count. Sixty-three provinces before the 2025 mergers, thirty-four after.
pub const MAX_PLANS: usize = 200;

/// Every pair of plans is compared, so the work of one view is the sum over all pairs: past
/// this many pairs in a run the diff is refused too (ten plans of 2,000 targets each passed
/// the limit per pair and ran for minutes). Thirty-four provinces' plans of 60 task rows each
/// make 2 million pairs.
pub const MAX_RUN_PAIRS: usize = 3 * MAX_COMPARED_PAIRS;

/// Why two plans were not compared: one view of theirs holds too many pairs of items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge {
    /// The plan with more items in that view (named first in the message).
    pub path: String,
    pub count: usize,
    pub other_path: String,
    pub other_count: usize,
    /// "task rows", "targets" or "sections".
    pub items: &'static str,
    /// Set when no pair is too large but the run's plans together are ([`MAX_RUN_PAIRS`]):
    /// how many plans, and the pairs of items all their pairs make. `path` and `other_path`
    /// are then the two plans with the most items.
    pub run: Option<(usize, usize)>,
}

impl TooLarge {
    /// The message without the first plan's path (which `Error::Input` puts in front).
    pub fn reason(&self) -> String {
        if let Some((plans, pairs)) = self.run {
            return format!(
                "too many items to compare in one run: {} plans' {} make {} pairs (this plan \
                 has {}, {} has {}), more than the {} pairs plandoc compares in one run; \
                 compare fewer plans at a time",
                plans,
                self.items,
                grouped(pairs),
                grouped(self.count),
                self.other_path,
                grouped(self.other_count),
                grouped(MAX_RUN_PAIRS)
            );
        }
        format!(
            "too large to compare: {} {} against {} in {} make {} pairs, more than the {} \
             pairs plandoc compares (a file this size is usually several plans, or a damaged \
             extraction)",
            grouped(self.count),
            self.items,
            grouped(self.other_count),
            self.other_path,
            grouped(self.count.saturating_mul(self.other_count)),
            grouped(MAX_COMPARED_PAIRS)
        )
    }
}

/// "4418404" → "4,418,404".
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.reason())
    }
}

impl std::error::Error for TooLarge {}

/// Refuses inputs whose comparison would pass [`MAX_COMPARED_PAIRS`] in one view of two plans.
/// The counts are those of the items each view compares.
pub fn check_size(inputs: &[Input]) -> Result<(), TooLarge> {
    type Count = fn(&Plan) -> usize;
    let views: [(&'static str, Count); 3] = [
        ("task rows", tasks::compared_count),
        ("targets", targets::compared_count),
        ("sections", sections::compared_count),
    ];
    for (items, count_of) in views {
        let counts: Vec<usize> = inputs.iter().map(|i| count_of(&i.plan)).collect();
        for a in 0..inputs.len() {
            for b in (a + 1)..inputs.len() {
                if counts[a].saturating_mul(counts[b]) <= MAX_COMPARED_PAIRS {
                    continue;
                }
                let (big, small) = if counts[b] > counts[a] {
                    (b, a)
                } else {
                    (a, b)
                };
                return Err(TooLarge {
                    path: inputs[big].path.clone(),
                    count: counts[big],
                    other_path: inputs[small].path.clone(),
                    other_count: counts[small],
                    items,
                    run: None,
                });
            }
        }
        // The sum over all pairs: (Σn)² − Σn², halved.
        let total: u128 = counts.iter().map(|&n| n as u128).sum();
        let squares: u128 = counts.iter().map(|&n| (n as u128) * (n as u128)).sum();
        let pairs = (total * total - squares) / 2;
        if pairs > MAX_RUN_PAIRS as u128 {
            let mut order: Vec<usize> = (0..inputs.len()).collect();
            // The most items first; of equal counts, the earlier input.
            order.sort_by_key(|&i| std::cmp::Reverse(counts[i]));
            let (big, next) = (order[0], order[1]);
            return Err(TooLarge {
                path: inputs[big].path.clone(),
                count: counts[big],
                other_path: inputs[next].path.clone(),
                other_count: counts[next],
                items,
                run: Some((inputs.len(), usize::try_from(pairs).unwrap_or(usize::MAX))),
            });
        }
    }
    Ok(())
}

/// The number of task rows of `plan` the tasks view compares: 0 when no task table was found,
/// and every task of the other plans then reads as theirs alone.
pub fn task_row_count(plan: &Plan) -> usize {
    tasks::compared_count(plan)
}

/// The document a plan given as JSON was read from, when it names one other than the input
/// itself: not "-" (standard input names no document), nor the input's own path however written.
fn named_source(source: &str, input: &str) -> Option<String> {
    if source.trim().is_empty() || source == "-" || source == input {
        return None;
    }
    let same_file = match (std::fs::canonicalize(source), std::fs::canonicalize(input)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    (!same_file).then(|| source.to_string())
}

/// Compares plans; every task and target of every plan appears in exactly one group. Refused
/// when two plans are too large to compare ([`check_size`]).
pub fn diff(inputs: &[Input]) -> Result<Diff, TooLarge> {
    check_size(inputs)?;
    let keys = plan_keys(inputs);
    let plans = inputs
        .iter()
        .zip(&keys)
        .map(|(input, key)| PlanRef {
            key: key.clone(),
            path: input.path.clone(),
            province: input.plan.plan.province.clone(),
            number: input.plan.plan.number.clone(),
            date: input.plan.plan.date.clone(),
            note: (task_row_count(&input.plan) == 0)
                .then(|| "no task table found; its tasks are not compared".to_string()),
            source: named_source(&input.plan.source.path, &input.path),
        })
        .collect();
    let plan_list: Vec<&Plan> = inputs.iter().map(|i| &i.plan).collect();
    let mut tasks = tasks::compare(&plan_list, &keys);
    for (index, group) in tasks.iter_mut().enumerate() {
        group.number = index + 1;
    }
    let mut targets = targets::compare(&plan_list, &keys);
    for (index, group) in targets.iter_mut().enumerate() {
        group.number = index + 1;
    }
    Ok(Diff {
        schema: crate::model::DIFF_SCHEMA.to_string(),
        plans,
        tasks,
        targets,
        sections: sections::compare(&plan_list, &keys),
        agencies: agencies::compare(&plan_list, &keys),
        filtered: None,
    })
}

/// Slug of the province ("Kon Tum" → "kon-tum"), else of the file name; a second plan of the
/// same province gets "-2", a third "-3", in input order.
pub fn plan_keys(inputs: &[Input]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::with_capacity(inputs.len());
    for input in inputs {
        let base_name = input.plan.plan.province.clone().unwrap_or_else(|| {
            std::path::Path::new(&input.path)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "plan".to_string())
        });
        let mut base = slug(&base_name);
        if base.is_empty() {
            base = "plan".to_string();
        }
        base = shorten_key(base);
        // A key is a column's whole name in some sheets: one spelt like a fixed column would
        // give a CSV two columns of one name, and a reader by name the wrong one.
        if RESERVED_KEYS.contains(&base.as_str()) {
            base.push_str("-plan");
        }
        let mut key = base.clone();
        let mut n = 2;
        while keys.contains(&key) {
            key = format!("{base}-{n}");
            n += 1;
        }
        keys.push(key);
    }
    keys
}

/// The names of the report's fixed columns a plan key could be spelt as (keys are lower-case
/// ASCII words joined by "-").
pub(crate) const RESERVED_KEYS: &[&str] = &[
    "body",
    "date",
    "differences",
    "heading",
    "hidden",
    "key",
    "label",
    "level",
    "note",
    "number",
    "path",
    "province",
    "same",
    "similarity",
    "source",
    "status",
    "subject",
    "task",
    "view",
];

/// A key is repeated in every group of every view and names columns: a province name is a few
/// words, and a longer one (a damaged or hostile plan: megabytes of letters) is cut to this
/// many characters, at a word where one ends near the cut.
pub const MAX_KEY_CHARS: usize = 40;

fn shorten_key(key: String) -> String {
    if key.len() <= MAX_KEY_CHARS {
        return key;
    }
    // ASCII only (see `slug`): a byte is a character.
    let cut = &key[..MAX_KEY_CHARS];
    let at_word = cut.rfind('-').filter(|&at| at >= MAX_KEY_CHARS / 2);
    at_word.map_or(cut, |at| &cut[..at]).to_string()
}

pub fn slug(text: &str) -> String {
    let folded = crate::domain::text::fold(text);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Which views to keep and which groups to hide.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Keep only these views (`tasks`, `targets`, `sections`, `agencies`); empty keeps all.
    pub only: Vec<String>,
    /// Hide groups in which nothing differs.
    pub changed: bool,
    /// Keep task groups (and agency rows) whose lead matches this text.
    pub lead: Option<String>,
}

impl Filters {
    /// Whether `view` is among the views kept.
    pub fn keeps(&self, view: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|only| only == view)
    }
}

pub const VIEWS: &[&str] = &["tasks", "targets", "sections", "agencies"];

/// Applies `filters` to a diff (the JSON output is filtered the same way as every other format).
pub fn filter(mut diff: Diff, filters: &Filters) -> Diff {
    // `--only` alone hides no group, but leaves views out: the diff is still a partial one.
    let filtered = filters.changed || filters.lead.is_some() || !filters.only.is_empty();
    let counts = |diff: &Diff| {
        [
            ("tasks", diff.tasks.len()),
            ("targets", diff.targets.len()),
            ("sections", diff.sections.len()),
            ("agencies", diff.agencies.len()),
        ]
    };
    let before = counts(&diff);
    let keep = |view: &str| filters.keeps(view);
    if !keep("tasks") {
        diff.tasks.clear();
    }
    if !keep("targets") {
        diff.targets.clear();
    }
    if !keep("sections") {
        diff.sections.clear();
    }
    if !keep("agencies") {
        diff.agencies.clear();
    }
    let plan_count = diff.plans.len();
    if filters.changed {
        diff.tasks.retain(|g| g.status != "identical");
        // A target missing from a plan is a difference, even where the others agree.
        diff.targets.retain(|g| !g.unchanged());
        // A heading worded differently is a difference too, even where every plan has it.
        diff.sections.retain(|g| {
            let present = g.members.values().filter(|m| m.is_some()).count();
            let mut wordings: Vec<String> =
                g.headings.values().map(|h| text::wording_key(h)).collect();
            wordings.dedup();
            present < plan_count || wordings.len() > 1
        });
        diff.agencies.retain(|row| {
            // Plans without a task table have no count, so nothing to differ by.
            let led: Vec<usize> = row.led.values().copied().collect();
            let supported: Vec<usize> = row.supported.values().copied().collect();
            led.windows(2).any(|w| w[0] != w[1]) || supported.windows(2).any(|w| w[0] != w[1])
        });
    }
    let after_changed = counts(&diff);
    if let Some(wanted) = filters.lead.as_deref() {
        // Diacritics, tone-mark placement and abbreviations do not matter, together or
        // apart: "cong an", "KH&CN", "So TT&TT" and "Khoa học và Công nghệ" all find what a
        // reader means (the abbreviations are expanded first, then the marks dropped).
        use crate::domain::text::fold;
        let needle = fold(wanted);
        let needle_key = text::folded_key(wanted);
        let matches = |text: &str| {
            fold(text).contains(&needle)
                || (!needle_key.is_empty() && text::folded_key(text).contains(&needle_key))
        };
        // A lead body matches by its name or by its 2025 successor, as in the agencies view:
        // asking for "Sở Khoa học và Công nghệ" finds the tasks an older plan gave to "Sở
        // Thông tin và Truyền thông" in both views. A task naming a duty that went its own way
        // is found under that duty's successor too ("bảo trợ xã hội" of Sở Lao động - Thương
        // binh và Xã hội: Sở Y tế), as the task comparison reads it; still under the main
        // successor as well, since the words may only mention the duty.
        let lead_matches = |lead: &str, task: &str| {
            matches(lead)
                || crate::domain::agencies::from_cell(lead)
                    .agencies
                    .iter()
                    .any(|body| {
                        matches(&body.canonical)
                            || body.successor.as_deref().is_some_and(matches)
                            || crate::domain::duties::duty_of(&body.canonical, task)
                                .is_some_and(|duty| matches(&duty.successor))
                    })
        };
        diff.tasks.retain(|g| {
            g.rows
                .values()
                .any(|row| lead_matches(&row.lead, &row.task))
        });
        diff.agencies
            .retain(|row| matches(&row.body) || row.successor.as_deref().is_some_and(matches));
    }
    let after = counts(&diff);
    let hidden = before
        .iter()
        .zip(after)
        .filter(|((view, _), _)| filters.keeps(view))
        .map(|((view, before), (_, after))| (view.to_string(), before - after))
        .collect();
    let mut hidden_by: std::collections::BTreeMap<String, Vec<&'static str>> =
        std::collections::BTreeMap::new();
    for ((view, before), ((_, middle), (_, after))) in
        before.iter().zip(after_changed.iter().zip(after))
    {
        let by = hidden_by.entry(view.to_string()).or_default();
        if middle < before {
            by.push("changed");
        }
        if after < *middle {
            by.push("lead");
        }
    }
    diff.filtered = filtered.then(|| Filtered {
        only: filters.only.clone(),
        changed: filters.changed,
        lead: filters.lead.clone(),
        hidden,
        hidden_by,
    });
    diff
}

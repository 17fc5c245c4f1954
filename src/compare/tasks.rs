//! Task rows aligned across plans, and what differs within each group.

use std::collections::BTreeMap;

use once_cell::sync::Lazy;

use super::assign::{align, Item};
use super::model::{Change, TaskGroup, TaskMember};
use super::text::{dice, tokens, word_diff, wording_key, Corpus};
use crate::domain::{agencies, reorganization};
use crate::model::{Agencies, Plan, Row, Table, TableKind};

/// Rows whose wordings are less alike than this are not the same task.
pub const TASK_THRESHOLD: f64 = 0.30;

/// A task row and the id it is known by in the diff.
pub struct TaskRow<'a> {
    pub id: String,
    pub row: &'a Row,
    pub groups: Vec<String>,
}

/// The task rows of a plan in reading order. Row ids are unique within a table; where two task
/// tables of one plan repeat an id, the table's number is put in front ("2:A.1").
/// The tables whose rows this view compares.
fn task_tables(plan: &Plan) -> impl Iterator<Item = &Table> {
    plan.tables.iter().filter(|t| t.kind == TableKind::Tasks)
}

/// The number of a plan's rows this view compares.
pub(super) fn compared_count(plan: &Plan) -> usize {
    task_tables(plan).map(|t| t.rows.len()).sum()
}

pub fn task_rows(plan: &Plan) -> Vec<TaskRow<'_>> {
    let task_tables: Vec<_> = task_tables(plan).collect();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for table in &task_tables {
        for row in &table.rows {
            *seen.entry(row.id.as_str()).or_insert(0) += 1;
        }
    }
    let mut out = Vec::new();
    for (t, table) in task_tables.iter().enumerate() {
        for row in &table.rows {
            let repeated = seen.get(row.id.as_str()).copied().unwrap_or(0) > 1;
            let id = if repeated {
                format!("{}:{}", t + 1, row.id)
            } else {
                row.id.clone()
            };
            out.push(TaskRow {
                id,
                row,
                groups: row
                    .groups
                    .iter()
                    .map(|g| format!("{} {}", g.number, g.title).trim().to_string())
                    .collect(),
            });
        }
    }
    out
}

fn task_text(row: &Row) -> &str {
    row.task.as_deref().unwrap_or("")
}

pub fn compare(plans: &[&Plan], keys: &[String]) -> Vec<TaskGroup> {
    let rows: Vec<Vec<TaskRow>> = plans.iter().map(|p| task_rows(p)).collect();
    let offsets: Vec<usize> = rows
        .iter()
        .scan(0, |acc, r| {
            let start = *acc;
            *acc += r.len();
            Some(start)
        })
        .collect();
    let texts: Vec<String> = rows
        .iter()
        .flat_map(|r| r.iter().map(|t| task_text(t.row).to_string()))
        .collect();
    let corpus = Corpus::new(&texts);
    let document = |item: Item| offsets[item.plan] + item.index;
    let row = |item: Item| rows.get(item.plan).and_then(|r| r.get(item.index));
    // Context: the title of the group the row sits in, and the bodies named for it.
    let contexts: Vec<Vec<(Vec<String>, Vec<String>)>> = rows
        .iter()
        .map(|plan_rows| {
            plan_rows
                .iter()
                .map(|r| {
                    let title = r
                        .row
                        .groups
                        .last()
                        .map(|g| tokens(&g.title))
                        .unwrap_or_default();
                    let task = task_text(r.row);
                    let naming = Naming::Successor { by_duty: true };
                    let mut bodies = body_keys(&r.row.lead, naming, task);
                    if let Some(support) = &r.row.support {
                        bodies.extend(body_keys(support, naming, task));
                    }
                    bodies.sort();
                    bodies.dedup();
                    (title, bodies)
                })
                .collect()
        })
        .collect();
    let context = |item: Item| contexts.get(item.plan).and_then(|c| c.get(item.index));
    let fields: Vec<Vec<FieldEvidence>> = rows
        .iter()
        .map(|plan_rows| plan_rows.iter().map(|r| FieldEvidence::of(r.row)).collect())
        .collect();
    let field = |item: Item| fields.get(item.plan).and_then(|f| f.get(item.index));
    let text_similarity = |a: Item, b: Item| corpus.similarity(document(a), document(b));
    let similarity = |a: Item, b: Item| {
        if let (Some(x), Some(y)) = (field(a), field(b)) {
            if x.conflicts_with(y) {
                return 0.0;
            }
        }
        let text = text_similarity(a, b);
        let (Some((title_a, bodies_a)), Some((title_b, bodies_b))) = (context(a), context(b))
        else {
            return text;
        };
        if text < MIN_TEXT_SIMILARITY {
            // Context alone never makes two rows one task: two unrelated rows under the same
            // group title with the same lead are still two tasks.
            return TEXT_WEIGHT * text;
        }
        let title = if title_a.is_empty() || title_b.is_empty() {
            0.0
        } else {
            dice(title_a, title_b)
        };
        TEXT_WEIGHT * text + TITLE_WEIGHT * title + BODIES_WEIGHT * jaccard(bodies_a, bodies_b)
    };
    let counts: Vec<usize> = rows.iter().map(Vec::len).collect();
    let groups = align(&counts, TASK_THRESHOLD, &similarity);
    groups
        .into_iter()
        .map(|group| {
            // The plans' dates, to tell bodies the 2025 reorganization merged from bodies that
            // were still two when the plans were written.
            let dates: Vec<Option<&str>> = group
                .iter()
                .filter(|item| row(**item).is_some() && keys.get(item.plan).is_some())
                .map(|item| plans[item.plan].plan.date.as_deref())
                .collect();
            build_group(&group, &rows, keys, &dates, plans.len(), &text_similarity)
        })
        .collect()
}

/// How much each kind of evidence counts when deciding that two rows are the same task: the
/// wording first; then the title of the group the row sits in ("Phát triển hạ tầng dữ liệu"),
/// which plans built from one template keep while they rewrite the rows; then the bodies named.
const TEXT_WEIGHT: f64 = 0.75;
/// Below this wording similarity, context is not consulted.
const MIN_TEXT_SIMILARITY: f64 = 0.12;
const TITLE_WEIGHT: f64 = 0.15;
const BODIES_WEIGHT: f64 = 0.10;

/// Words of a body's name that say what kind of body it is, or where, rather than the field it
/// works in ("Sở", "tỉnh", "Ủy ban nhân dân"): the rest ("y tế", "giáo dục và đào tạo") is the
/// field. Compared as `tokens` gives them.
const NOT_A_FIELD: &[&str] = &[
    "sở", "tỉnh", "và", "ủy", "ban", "nhân", "dân", "các", "cấp", "thành", "phố", "huyện", "xã",
    "ngành", "cơ", "quan", "đơn", "vị", "của",
];
/// Pairs that name a kind of body, whose words alone may name a field ("văn" of "văn hóa").
const NOT_A_FIELD_PAIRS: &[&str] = &[
    "văn phòng",
    "trung tâm",
    "hội đồng",
    "chỉ huy",
    "bộ chỉ",
    "chi cục",
];

static NOT_A_FIELD_KEYS: Lazy<Vec<String>> = Lazy::new(|| {
    NOT_A_FIELD
        .iter()
        .chain(NOT_A_FIELD_PAIRS)
        .map(|w| crate::domain::text::tone_key(w))
        .collect()
});

/// What a row says about the field its task is in: the word pairs of its wording, those of its
/// lead bodies' names that name a field ("y tế" of "Sở Y tế"), and the bodies themselves (by
/// their 2025 successors).
struct FieldEvidence {
    wording: std::collections::BTreeSet<String>,
    lead_fields: Vec<String>,
    leads: Vec<String>,
}

impl FieldEvidence {
    fn of(row: &Row) -> FieldEvidence {
        let pairs = |tokens: &[String]| -> Vec<String> {
            tokens
                .windows(2)
                .map(|pair| format!("{} {}", pair[0], pair[1]))
                .collect()
        };
        let wording = pairs(&tokens(task_text(row))).into_iter().collect();
        let mut lead_fields = Vec::new();
        let names: Vec<String> = if row.lead.agencies.is_empty() {
            agencies::split(&row.lead.raw)
                .iter()
                .map(|name| agencies::resolve(name).canonical)
                .collect()
        } else {
            row.lead
                .agencies
                .iter()
                .map(|a| a.canonical.clone())
                .collect()
        };
        for name in &names {
            let words: Vec<String> = tokens(name);
            for pair in words.windows(2) {
                let joined = format!("{} {}", pair[0], pair[1]);
                if pair.iter().all(|w| !NOT_A_FIELD_KEYS.contains(w))
                    && !NOT_A_FIELD_KEYS.contains(&joined)
                {
                    lead_fields.push(joined);
                }
            }
        }
        let leads = body_keys(
            &row.lead,
            Naming::Successor { by_duty: false },
            task_text(row),
        );
        FieldEvidence {
            wording,
            lead_fields,
            leads,
        }
    }

    /// The field its lead works in named in this wording and not in `other`'s.
    fn own_field_not_in(&self, other: &FieldEvidence) -> bool {
        self.lead_fields
            .iter()
            .any(|f| self.wording.contains(f) && !other.wording.contains(f))
    }

    /// Two rows alike but for the field each names, each the field of its own lead ("Xây dựng
    /// CSDL ngành y tế" led by Sở Y tế, "… ngành giáo dục" led by Sở Giáo dục và Đào tạo): two
    /// tasks, however alike the rest of their wording, since plans built from one template
    /// repeat a sentence for every field. Bodies that are one after the 2025 reorganization are
    /// the same lead: a 2024 plan's "… tài nguyên và môi trường" led by Sở Tài nguyên và Môi
    /// trường is a 2026 plan's "… nông nghiệp và môi trường" led by Sở Nông nghiệp và Môi
    /// trường, the body's new name in the task's words.
    fn conflicts_with(&self, other: &FieldEvidence) -> bool {
        let shared_lead = self.leads.iter().any(|l| other.leads.contains(l));
        !shared_lead && self.own_field_not_in(other) && other.own_field_not_in(self)
    }
}

fn jaccard(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let common = a.iter().filter(|x| b.contains(x)).count();
    common as f64 / (a.len() + b.len() - common) as f64
}

fn build_group(
    group: &[Item],
    rows: &[Vec<TaskRow>],
    keys: &[String],
    dates: &[Option<&str>],
    plan_count: usize,
    similarity: &dyn Fn(Item, Item) -> f64,
) -> TaskGroup {
    let mut members: BTreeMap<String, Option<String>> =
        keys.iter().map(|k| (k.clone(), None)).collect();
    let mut member_rows: BTreeMap<String, TaskMember> = BTreeMap::new();
    let picked: Vec<(&String, &TaskRow)> = group
        .iter()
        .filter_map(|item| Some((keys.get(item.plan)?, rows.get(item.plan)?.get(item.index)?)))
        .collect();
    let reference_text = picked.first().map(|(_, r)| task_text(r.row)).unwrap_or("");
    let reference_key = wording_key(reference_text);
    for (key, task_row) in &picked {
        members.insert((*key).clone(), Some(task_row.id.clone()));
        let text = task_text(task_row.row);
        let wording = if wording_key(text) == reference_key {
            Vec::new()
        } else {
            word_diff(reference_text, text)
        };
        member_rows.insert(
            (*key).clone(),
            TaskMember {
                id: task_row.id.clone(),
                groups: task_row.groups.clone(),
                task: text.to_string(),
                lead: task_row.row.lead.raw.clone(),
                support: task_row
                    .row
                    .support
                    .as_ref()
                    .map(|s| s.raw.clone())
                    .unwrap_or_default(),
                timeframe: task_row
                    .row
                    .timeframe
                    .as_ref()
                    .map(|t| t.raw.clone())
                    .unwrap_or_default(),
                wording,
                lines: task_row.row.lines,
            },
        );
    }
    let mut changes = Vec::new();
    if picked.len() > 1 {
        let texts: BTreeMap<String, String> = picked
            .iter()
            .map(|(k, r)| ((*k).clone(), task_text(r.row).to_string()))
            .collect();
        if texts.values().any(|t| wording_key(t) != reference_key) {
            changes.push(Change {
                field: "task".to_string(),
                values: texts,
                kind: "differs".to_string(),
                note: None,
            });
        }
        let empty = Agencies::default();
        let leads: Vec<BodyCell> = picked
            .iter()
            .map(|(k, r)| (*k, &r.row.lead, task_text(r.row)))
            .collect();
        changes.extend(body_change("lead", &leads, dates));
        let supports: Vec<BodyCell> = picked
            .iter()
            .map(|(k, r)| {
                (
                    *k,
                    r.row.support.as_ref().unwrap_or(&empty),
                    task_text(r.row),
                )
            })
            .collect();
        changes.extend(body_change("support", &supports, dates));
        let times: BTreeMap<String, String> = picked
            .iter()
            .map(|(k, r)| {
                (
                    (*k).clone(),
                    r.row
                        .timeframe
                        .as_ref()
                        .map(|t| t.raw.clone())
                        .unwrap_or_default(),
                )
            })
            .collect();
        let time_keys: Vec<TimeKey> = picked
            .iter()
            .map(|(_, r)| time_key(r.row.timeframe.as_ref()))
            .collect();
        if time_keys.windows(2).any(|w| w[0] != w[1]) {
            changes.push(Change {
                field: "timeframe".to_string(),
                values: times,
                kind: "differs".to_string(),
                note: None,
            });
        }
    }
    let similarity_value = if group.len() > 1 {
        let mut sum = 0.0;
        let mut pairs = 0usize;
        for (i, a) in group.iter().enumerate() {
            for b in &group[i + 1..] {
                sum += similarity(*a, *b);
                pairs += 1;
            }
        }
        Some(((sum / pairs as f64) * 1000.0).round() / 1000.0)
    } else {
        None
    };
    // `similarity` here is the wording's alone: the pairing also weighed group titles and
    // bodies, which can carry a row whose wording is under the threshold against every other
    // member. Asked per member, since in a group of three or four the others' close wordings
    // raise the mean over a member that context alone brought in.
    let weak = group.len() > 1
        && group.iter().any(|a| {
            group
                .iter()
                .filter(|b| *b != a)
                .map(|b| similarity(*a, *b))
                .fold(0.0, f64::max)
                < TASK_THRESHOLD
        });
    let status = if group.len() == 1 && plan_count > 1 {
        "only"
    } else if !changes.is_empty() {
        "changed"
    } else if group.len() == plan_count {
        "identical"
    } else {
        "partial"
    };
    TaskGroup {
        number: 0,
        members,
        similarity: similarity_value,
        weak,
        status: status.to_string(),
        changes,
        rows: member_rows,
    }
}

/// What a timeframe cell means, for comparing: its parsed kind and years, whether it goes on
/// past its year, and the words left once the years and filler words are set aside. "Năm 2026"
/// and "2026", "Hằng năm" and "Hàng năm" (two spellings of one word) are the same timeframe;
/// "Quý IV/2026" and "2026", "Thường xuyên" and "Hằng năm" are not. The cell's own words are
/// what the change shows.
#[derive(Debug, PartialEq, Eq)]
struct TimeKey {
    kind: Option<crate::model::TimeframeKind>,
    start: Option<i32>,
    end: Option<i32>,
    goes_on: bool,
    words: Vec<String>,
}

/// Words that say nothing a timeframe's kind and years do not already say: "năm 2026" is
/// 2026, "giai đoạn 2024 - 2025" is 2024-2025. Compared after `fold` (no diacritics), so both
/// spellings of "hằng"/"hàng" meet as "hang".
const TIME_FILLER: &[&str] = &["nam", "giai", "doan", "trong"];
/// "Từ năm 2024 đến năm 2025" is the range 2024-2025; around one year, "từ 2025" (from) and
/// "đến 2025" (by) say more than "2025" (in), so these are filler in ranges only.
const RANGE_FILLER: &[&str] = &["tu", "den"];

fn time_key(timeframe: Option<&crate::model::Timeframe>) -> TimeKey {
    let Some(timeframe) = timeframe else {
        return TimeKey {
            kind: None,
            start: None,
            end: None,
            goes_on: false,
            words: Vec::new(),
        };
    };
    let years: Vec<String> = [timeframe.start, timeframe.end]
        .into_iter()
        .flatten()
        .map(|y| y.to_string())
        .collect();
    // A period the parser read as left open after its start ("Từ năm 2026", "2026 trở đi"):
    // its start and no end say it all, whichever onward phrase says so.
    let is_open = timeframe.start.is_some() && timeframe.end.is_none();
    let folded = if is_open {
        crate::domain::text::fold(&crate::domain::timeframe::without_onward_phrases(
            &timeframe.raw,
        ))
    } else {
        crate::domain::text::fold(&timeframe.raw)
    };
    let is_range = timeframe.kind == crate::model::TimeframeKind::Range;
    let filler = |w: &str| TIME_FILLER.contains(&w) || (is_range && RANGE_FILLER.contains(&w));
    let split: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !filler(w))
        .collect();
    let is_number = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
    let mut words: Vec<String> = Vec::new();
    for (at, word) in split.iter().enumerate() {
        let next = split.get(at + 1).copied().unwrap_or("");
        // "Tháng 12/2027" is "12/2027": the word says what the number already does.
        if *word == "thang" && is_number(next) {
            continue;
        }
        // "Quý IV/2027" is "Quý 4/2027".
        let quarter = (at > 0 && split[at - 1] == "quy")
            .then(|| crate::domain::numbering::roman_value(&word.to_uppercase()))
            .flatten()
            .filter(|q| (1..=4).contains(q));
        let word = match quarter {
            Some(q) => q.to_string(),
            // "06/2025" and "6/2025" are one month.
            None if is_number(word) => {
                let trimmed = word.trim_start_matches('0');
                if trimmed.is_empty() { "0" } else { trimmed }.to_string()
            }
            None => word.to_string(),
        };
        if !years.contains(&word) {
            words.push(word);
        }
    }
    // The parser reads "Quý 4/2027" as a month and "Quý IV/2027" as a year; a quarter is
    // compared by its words ("quy", "4") and year, whatever kind it was given.
    let kind = match timeframe.kind {
        crate::model::TimeframeKind::Month if words.iter().any(|w| w == "quy") => {
            crate::model::TimeframeKind::Year
        }
        kind => kind,
    };
    TimeKey {
        kind: Some(kind),
        start: timeframe.start,
        end: timeframe.end,
        goes_on: crate::domain::timeframe::goes_on(&timeframe.raw),
        words,
    }
}

/// A plan's key, one of its body cells (lead or support) and the task of that row.
type BodyCell<'a> = (&'a String, &'a Agencies, &'a str);

/// How a body is named for comparison.
#[derive(Clone, Copy, PartialEq)]
enum Naming {
    /// Its canonical name.
    Canonical,
    /// Its 2025 successor; with `by_duty`, the successor of the duty the task names, where the
    /// department's duties went to several bodies (see `successor_for`).
    Successor { by_duty: bool },
}

/// The bodies of a cell as comparison keys, named as `naming` says for the row's `task`.
fn body_keys(cell: &Agencies, naming: Naming, task: &str) -> Vec<String> {
    let mut keys: Vec<String> = if cell.agencies.is_empty() {
        agencies::split(&cell.raw)
            .iter()
            .map(|name| agencies::resolve(name))
            .map(|a| body_key(&a, naming, task))
            .collect()
    } else {
        cell.agencies
            .iter()
            .map(|a| body_key(a, naming, task))
            .collect()
    };
    keys.sort();
    keys.dedup();
    keys
}

fn body_key(agency: &crate::model::Agency, naming: Naming, task: &str) -> String {
    let successor = match naming {
        Naming::Canonical => None,
        Naming::Successor { by_duty } => successor_for(agency, task, by_duty),
    };
    match successor {
        Some((s, _)) => wording_key(&s),
        None => wording_key(&agency.canonical),
    }
}

/// The body that does `agency`'s work on `task` after the 2025 reorganization, with the duty
/// when it is not the department's main successor ("bảo trợ xã hội" went to Sở Y tế, not with
/// the rest of Sở Lao động - Thương binh và Xã hội to Sở Nội vụ); `by_duty` false asks for the
/// main successor alone. None for a body that was not reorganized.
fn successor_for(
    agency: &crate::model::Agency,
    task: &str,
    by_duty: bool,
) -> Option<(String, Option<&'static crate::domain::duties::Duty>)> {
    if by_duty {
        if let Some(duty) = crate::domain::duties::duty_of(&agency.canonical, task) {
            return Some((duty.successor.clone(), Some(duty)));
        }
    }
    // A plan read from JSON written before the lexicon knew the body: ask again.
    let successor = agency
        .successor
        .clone()
        .or_else(|| agencies::resolve(&agency.name).successor)?;
    Some((successor, None))
}

/// A lead or support change: none when the bodies are the same, `reorganized` when they are the
/// same once each body is replaced by its 2025 successor, else `differs`. A task that names a
/// duty which went its own way ("bảo trợ xã hội") is compared with that duty's successor
/// first; the words may only mention the duty ("tuyên truyền … trên báo chí" is not press
/// work), so matching the department's main successor still counts, with a note that says on
/// what condition.
///
/// When every plan is dated before the bodies involved stopped existing, the plans were written
/// while those bodies were still separate: giving the task to one or the other was a real
/// choice (two 2024 plans that swap lead and support between Sở Tài nguyên và Môi trường and
/// Sở Nông nghiệp và Phát triển nông thôn differ), so the change `differs`, with a note that
/// the bodies were merged later. `dates` are the plans' dates, in the order of `cells`.
fn body_change(field: &str, cells: &[BodyCell], dates: &[Option<&str>]) -> Option<Change> {
    let keys = |naming: Naming| -> Vec<Vec<String>> {
        cells
            .iter()
            .map(|(_, c, task)| body_keys(c, naming, task))
            .collect()
    };
    let all_equal = |keys: &[Vec<String>]| keys.windows(2).all(|w| w[0] == w[1]);
    if all_equal(&keys(Naming::Canonical)) {
        return None;
    }
    let values: BTreeMap<String, String> = cells
        .iter()
        .map(|(k, c, _)| ((*k).clone(), c.raw.clone()))
        .collect();
    let by_duty = if all_equal(&keys(Naming::Successor { by_duty: true })) {
        true
    } else if all_equal(&keys(Naming::Successor { by_duty: false })) {
        false
    } else {
        return Some(Change {
            field: field.to_string(),
            values,
            kind: "differs".to_string(),
            note: None,
        });
    };
    let mut renamed: Vec<String> = Vec::new();
    for (_, cell, task) in cells {
        for agency in &cell.agencies {
            let Some((successor, duty)) = successor_for(agency, task, by_duty) else {
                continue;
            };
            let line = match duty {
                Some(duty) => format!(
                    "{} → {successor}, which took over {}",
                    agency.canonical, duty.duty
                ),
                None => {
                    let named = crate::domain::duties::duty_of(&agency.canonical, task);
                    let elsewhere: Vec<String> =
                        crate::domain::duties::split_duties(&agency.canonical)
                            .iter()
                            .map(|d| format!("{} → {}", d.duty, d.successor))
                            .collect();
                    match named {
                        // The task's words name a duty that went elsewhere, yet the plans
                        // agree on the main successor: say on what condition they agree.
                        Some(d) => format!(
                            "{} → {successor}, unless the task is {} work, which went to {}",
                            agency.canonical, d.duty, d.successor
                        ),
                        None if elsewhere.is_empty() => {
                            format!("{} → {successor}", agency.canonical)
                        }
                        None => format!(
                            "{} → {successor}, except {}",
                            agency.canonical,
                            elsewhere.join(", ")
                        ),
                    }
                }
            };
            if !renamed.contains(&line) {
                renamed.push(line);
            }
        }
    }
    let written_before = |agency: &crate::model::Agency| {
        let gone = reorganization::abolished_from(&agency.canonical);
        dates.len() == cells.len()
            && dates
                .iter()
                .all(|date| date.is_some_and(|d| reorganization::predates(d, gone)))
    };
    let renamed_bodies: Vec<&crate::model::Agency> = cells
        .iter()
        .flat_map(|(_, cell, task)| {
            cell.agencies
                .iter()
                .filter(move |a| successor_for(a, task, by_duty).is_some())
        })
        .collect();
    if !renamed_bodies.is_empty() && renamed_bodies.iter().all(|a| written_before(a)) {
        return Some(Change {
            field: field.to_string(),
            values,
            kind: "differs".to_string(),
            note: Some(format!(
                "separate bodies when these plans were written, one body since the 2025 \
                 reorganization: {}",
                renamed.join("; ")
            )),
        });
    }
    Some(Change {
        field: field.to_string(),
        values,
        kind: "reorganized".to_string(),
        note: Some(format!(
            "same body after the 2025 reorganization: {}",
            renamed.join("; ")
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::time_key;
    use crate::domain::timeframe::parse;

    fn same(a: &str, b: &str) -> bool {
        time_key(Some(&parse(a))) == time_key(Some(&parse(b)))
    }

    #[test]
    fn timeframes_written_two_ways_are_one() {
        for (a, b) in [
            ("Năm 2026", "2026"),
            ("Hằng năm", "Hàng năm"),
            ("Quý IV/2027", "Quý 4/2027"),
            ("Tháng 12/2027", "12/2027"),
            ("06/2025", "6/2025"),
            ("Từ năm 2026", "2026 trở đi"),
            ("Kể từ năm 2026", "Từ 2026"),
        ] {
            assert!(same(a, b), "{a} = {b}");
        }
        for (a, b) in [
            ("Quý IV/2026", "2026"),
            ("Thường xuyên", "Hằng năm"),
            ("Hằng năm", "Hằng tháng"),
            ("Quý I/2026", "Quý II/2026"),
            ("2026 - 2028", "2026 - 2029"),
            ("Từ năm 2026", "Năm 2026"),
            ("Từ năm 2026", "Sau năm 2026"),
            ("Từ đầu năm 2026", "Từ năm 2026"),
            ("Từ tháng 3/2026", "Từ năm 2026"),
            ("Từ năm 2026", "Từ năm 2027"),
        ] {
            assert!(!same(a, b), "{a} ≠ {b}");
        }
    }
}

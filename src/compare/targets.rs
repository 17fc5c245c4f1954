//! Numeric targets paired across plans by what they measure, with their levels side by side.

use std::collections::BTreeMap;

use once_cell::sync::Lazy;

use super::assign::{align, Item};
use super::model::{TargetGroup, TargetMember};
use super::text::{dice, tokens, word_diff, wording_key, Corpus};
use crate::model::{Plan, Target};

/// Targets whose subjects are less alike than this are not the same commitment.
pub const TARGET_THRESHOLD: f64 = 0.3;

/// Two targets in different units are rarely the same commitment; their similarity is scaled.
const OTHER_UNIT_FACTOR: f64 = 0.6;

fn describe(target: &Target) -> String {
    format!("{} {}", target.subject, target.quote)
}

/// The number of a plan's targets this view compares: all of them.
pub(super) fn compared_count(plan: &Plan) -> usize {
    plan.targets.len()
}

pub fn compare(plans: &[&Plan], keys: &[String]) -> Vec<TargetGroup> {
    let offsets: Vec<usize> = plans
        .iter()
        .scan(0, |acc, p| {
            let start = *acc;
            *acc += p.targets.len();
            Some(start)
        })
        .collect();
    let texts: Vec<String> = plans
        .iter()
        .flat_map(|p| p.targets.iter().map(describe))
        .collect();
    let corpus = Corpus::new(&texts);
    let target = |item: Item| plans.get(item.plan).and_then(|p| p.targets.get(item.index));
    let units: Vec<Vec<String>> = plans
        .iter()
        .map(|p| p.targets.iter().map(|t| measure(t).0).collect())
        .collect();
    let unit = |item: Item| units.get(item.plan).and_then(|u| u.get(item.index));
    // Context: the title of the top-level part a target sits in ("MỤC TIÊU ĐẾN NĂM 2030",
    // "MỤC ĐÍCH, YÊU CẦU", or an appendix table): the same commitment sits in the same part.
    let contexts: Vec<Vec<Vec<String>>> = plans
        .iter()
        .map(|p| p.targets.iter().map(|t| part_title(p, t)).collect())
        .collect();
    let context = |item: Item| contexts.get(item.plan).and_then(|c| c.get(item.index));
    let similarity = |a: Item, b: Item| {
        let text = corpus.similarity(offsets[a.plan] + a.index, offsets[b.plan] + b.index);
        let (Some(x), Some(y)) = (target(a), target(b)) else {
            return text;
        };
        let part = match (context(a), context(b)) {
            (Some(p), Some(q)) if !p.is_empty() && !q.is_empty() => dice(p, q),
            _ => 0.0,
        };
        let same_year = if x.year == y.year { 1.0 } else { 0.0 };
        // Context only modulates: most targets of a plan share a part, a year and "100%", so
        // on their own these say little; they decide between two equally worded candidates.
        let agreement = PART_SHARE * part + (1.0 - PART_SHARE) * same_year;
        let score = text * (1.0 - CONTEXT_WEIGHT + CONTEXT_WEIGHT * agreement);
        let score = if unit(a) != unit(b) {
            score * OTHER_UNIT_FACTOR
        } else {
            score
        };
        match (x.year, y.year) {
            (Some(p), Some(q)) if p != q => score * YEAR_CONFLICT_FACTOR,
            _ => score,
        }
    };
    let counts: Vec<usize> = plans.iter().map(|p| p.targets.len()).collect();
    align(&counts, TARGET_THRESHOLD, &similarity)
        .into_iter()
        .map(|group| {
            let picked: Vec<(&String, usize, &Target)> = group
                .iter()
                .filter_map(|item| Some((keys.get(item.plan)?, item.index, target(*item)?)))
                .collect();
            build_group(&picked, keys)
        })
        .collect()
}

/// Two targets that both name a year, and not the same one, are two milestones ("≥ 80%
/// (2025)", "100% (2030)"), rarely one commitment: their similarity is scaled by this much, as
/// for other units. At a small cost only, a plan with both milestones had its 2025 one paired
/// with the other plan's 2030 target, which sent that plan's own 2030 one to a weaker
/// candidate: the assignment maximizes the total margin over the threshold, and two middling
/// links outweighed one clear one. Scaled, a conflicting link needs close wording in the same
/// part (a plan's text against another's appendix stays below the threshold), and a same-year
/// candidate wins.
const YEAR_CONFLICT_FACTOR: f64 = 0.5;

/// How much where a target sits (its part's title, its year) can raise or lower the
/// similarity of its wording.
const CONTEXT_WEIGHT: f64 = 0.5;
const PART_SHARE: f64 = 0.7;

fn part_title(plan: &Plan, target: &Target) -> Vec<String> {
    let Some(top) = target.path.first() else {
        return Vec::new();
    };
    if top == "appendix" {
        return tokens(&format!(
            "appendix {}",
            target.table.as_deref().unwrap_or("")
        ));
    }
    // The titles of the two outermost parts: "MỤC TIÊU ĐẾN NĂM 2030" + "Phát triển hạ tầng dữ liệu".
    let mut words = Vec::new();
    for depth in 1..=target.path.len().min(2) {
        let prefix = &target.path[..depth];
        if let Some(heading) = plan
            .sections
            .iter()
            .find(|s| s.path.as_slice() == prefix)
            .and_then(|s| s.heading.as_deref())
        {
            words.extend(tokens(heading));
        }
    }
    words
}

fn unit_key(unit: &str) -> String {
    tokens(unit).join(" ")
}

/// Multiples of the đồng a plan counts money in, as their value in đồng: "500 triệu đồng" and
/// "1,5 tỷ đồng" are compared as 500,000,000 and 1,500,000,000 đồng.
const MONEY_MULTIPLES: &[(&str, f64)] = &[
    ("đồng", 1.0),
    ("nghìn đồng", 1e3),
    ("ngàn đồng", 1e3),
    ("triệu đồng", 1e6),
    ("tỷ đồng", 1e9),
    ("tỉ đồng", 1e9),
    ("nghìn tỷ đồng", 1e12),
    ("nghìn tỉ đồng", 1e12),
];

static MONEY_MULTIPLE_KEYS: Lazy<Vec<(String, f64)>> = Lazy::new(|| {
    MONEY_MULTIPLES
        .iter()
        .map(|(unit, scale)| (unit_key(unit), *scale))
        .collect()
});

/// A target's unit key and value, money in đồng whatever multiple the plan printed.
fn measure(target: &Target) -> (String, f64) {
    let key = unit_key(&target.unit);
    match MONEY_MULTIPLE_KEYS.iter().find(|(unit, _)| *unit == key) {
        Some((_, scale)) => (unit_key("đồng"), target.value * scale),
        None => (key, target.value),
    }
}

fn build_group(picked: &[(&String, usize, &Target)], keys: &[String]) -> TargetGroup {
    let mut members: BTreeMap<String, Option<usize>> =
        keys.iter().map(|k| (k.clone(), None)).collect();
    let mut values = BTreeMap::new();
    let mut verdicts = BTreeMap::new();
    let mut details = BTreeMap::new();
    let reference = picked.first().map(|(_, _, t)| *t);
    let reference_subject = reference.map(|t| t.subject.as_str()).unwrap_or("");
    let reference_key = wording_key(reference_subject);
    for (key, index, target) in picked {
        members.insert((*key).clone(), Some(*index));
        values.insert((*key).clone(), level_text(target));
        let verdict = match reference {
            _ if picked.len() == 1 => "only here",
            Some(r) => verdict(r, target),
            None => "only here",
        };
        verdicts.insert((*key).clone(), verdict.to_string());
        details.insert(
            (*key).clone(),
            TargetMember {
                path: target.path.clone(),
                value: target.value,
                unit: target.unit.clone(),
                comparator: target.comparator.clone(),
                year: target.year,
                quote: target.quote.clone(),
                subject: target.subject.clone(),
                wording: if wording_key(&target.subject) == reference_key {
                    Vec::new()
                } else {
                    word_diff(reference_subject, &target.subject)
                },
                lines: target.lines,
            },
        );
    }
    // As the contract defines it: the plans that have the target agree (a plan without it is a
    // null member, seen there). One plan alone has nothing to agree with.
    let same = picked.len() >= 2
        && picked.iter().all(|(_, _, t)| {
            // `verdict` says "same" only for the same value, comparator, unit and year, so the
            // flag and every member's verdict agree.
            reference.is_some_and(|r| verdict(r, t) == "same")
        });
    let (subject, label) = reference
        .map(|t| {
            if t.subject.trim().is_empty() {
                (t.quote.clone(), t.quote.clone())
            } else {
                (t.subject.clone(), t.label())
            }
        })
        .unwrap_or_default();
    TargetGroup {
        number: 0,
        members,
        subject,
        label,
        values,
        same,
        verdicts,
        details,
    }
}

/// "≥ 80% (2030)", "45 Thứ bậc", "≥ 3 Doanh nghiệp (2030)": the unit as printed when the plan
/// gives one.
pub fn level_text(target: &Target) -> String {
    let comparator = match target.comparator.as_str() {
        ">=" => "≥ ",
        "<=" => "≤ ",
        _ => "",
    };
    let value = crate::render::plan::format_number(target.value);
    // The plan's own word where it has one ("Doanh nghiệp", "Thứ bậc"): "count" and "rank" are
    // the contract's keys for comparing, not what a reader of the plan saw.
    let shown = target.unit_printed.as_deref().unwrap_or(&target.unit);
    let unit = if shown.starts_with('%') {
        shown.to_string()
    } else {
        format!(" {shown}")
    };
    match target.year {
        Some(year) => format!("{comparator}{value}{unit} ({year})"),
        None => format!("{comparator}{value}{unit}"),
    }
}

/// Which way a target's level gets better: up for most ("≥ 80%"), down for a ceiling ("≤ 5%")
/// and for a rank (the contract's unit `rank`, "Thứ bậc 30" is ahead of "Thứ bậc 45"), whatever
/// its comparator.
fn lower_is_better(target: &Target) -> bool {
    measure(target).0 == "rank" || target.comparator == "<="
}

/// How `other` compares with `reference`: a better level (higher, or lower for ceilings and
/// ranks) or the same level reached earlier is stronger. `same` only when value, comparator,
/// unit and year all agree, as the group's `same` has it; at one level, a comparator or a
/// year that one plan gives and the other does not is `different`, since neither is weaker.
fn verdict(reference: &Target, other: &Target) -> &'static str {
    let (reference_unit, reference_value) = measure(reference);
    let (other_unit, other_value) = measure(other);
    if reference_unit != other_unit {
        return "different";
    }
    if lower_is_better(reference) != lower_is_better(other) {
        return "different";
    }
    let sign = if lower_is_better(reference) {
        -1.0
    } else {
        1.0
    };
    // Relative, so that amounts in đồng and shares in % are told apart alike.
    let delta = (other_value - reference_value) * sign;
    if delta.abs() > 1e-9 * reference_value.abs().max(1.0) {
        return if delta > 0.0 { "stronger" } else { "weaker" };
    }
    if reference.comparator != other.comparator {
        return "different";
    }
    match (reference.year, other.year) {
        (Some(a), Some(b)) if b < a => "stronger",
        (Some(a), Some(b)) if b > a => "weaker",
        (Some(_), Some(_)) | (None, None) => "same",
        (Some(_), None) | (None, Some(_)) => "different",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(value: f64, unit: &str, comparator: &str, year: Option<i32>) -> Target {
        Target {
            path: vec!["II".to_string()],
            value,
            unit: unit.to_string(),
            unit_printed: None,
            comparator: comparator.to_string(),
            year,
            subject: "chỉ số".to_string(),
            quote: "chỉ số".to_string(),
            lines: Default::default(),
            table: None,
        }
    }

    #[test]
    fn a_lower_rank_is_stronger_whatever_its_comparator() {
        let r45 = target(45.0, "rank", "=", Some(2030));
        let r30 = target(30.0, "rank", "=", Some(2030));
        assert_eq!(verdict(&r45, &r30), "stronger");
        assert_eq!(verdict(&r30, &r45), "weaker");
        let at_most_30 = target(30.0, "rank", "<=", Some(2030));
        assert_eq!(verdict(&r45, &at_most_30), "stronger");
        // Higher is still better for a share.
        let p80 = target(80.0, "%", "=", Some(2030));
        let p90 = target(90.0, "%", "=", Some(2030));
        assert_eq!(verdict(&p80, &p90), "stronger");
    }

    #[test]
    fn money_in_other_multiples_of_the_dong_compares() {
        let millions = target(500.0, "triệu đồng", ">=", Some(2030));
        let billions = target(1.5, "tỷ đồng", ">=", Some(2030));
        assert_eq!(verdict(&millions, &billions), "stronger");
        assert_eq!(verdict(&billions, &millions), "weaker");
        let thousand_millions = target(1000.0, "triệu đồng", ">=", Some(2030));
        let one_billion = target(1.0, "tỉ đồng", ">=", Some(2030));
        assert_eq!(verdict(&thousand_millions, &one_billion), "same");
        // Money and a share never compare.
        let share = target(500.0, "%", ">=", Some(2030));
        assert_eq!(verdict(&millions, &share), "different");
    }

    #[test]
    fn same_needs_the_same_year_and_comparator() {
        let dated = target(80.0, "%", "=", Some(2030));
        let undated = target(80.0, "%", "=", None);
        assert_eq!(verdict(&dated, &undated), "different");
        assert_eq!(verdict(&undated, &dated), "different");
        assert_eq!(verdict(&undated, &undated.clone()), "same");
        let at_least = target(80.0, "%", ">=", Some(2030));
        assert_eq!(verdict(&dated, &at_least), "different");
        assert_eq!(verdict(&dated, &dated.clone()), "same");
        // Another level still reads as stronger or weaker across comparators.
        assert_eq!(
            verdict(&at_least, &target(100.0, "%", "=", None)),
            "stronger"
        );
    }

    #[test]
    fn the_same_flag_agrees_with_the_verdicts() {
        let keys = vec!["a".to_string(), "b".to_string()];
        for (x, y) in [
            (
                target(80.0, "%", ">=", Some(2030)),
                target(80.0, "%", "=", Some(2030)),
            ),
            (
                target(80.0, "%", "=", Some(2030)),
                target(80.0, "%", "=", None),
            ),
            (
                target(80.0, "%", "=", Some(2030)),
                target(80.0, "%", "=", Some(2030)),
            ),
        ] {
            let picked = [(&keys[0], 0, &x), (&keys[1], 0, &y)];
            let group = build_group(&picked, &keys);
            let all_same = group.verdicts.values().all(|v| v == "same");
            assert_eq!(group.same, all_same, "{:?}", group.verdicts);
        }
    }
}

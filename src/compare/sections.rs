//! Which section headings each plan has ("Hợp tác quốc tế" in one plan, not in another).

use std::collections::BTreeMap;

use super::assign::{align, Item};
use super::model::SectionGroup;
use super::text::{dice, tokens};
use crate::model::{Plan, Section};

/// Headings less alike than this are different headings.
const SECTION_THRESHOLD: f64 = 0.6;
/// The heading's own words count most; the part it sits in and its number ("II.1") tell two
/// equally worded headings apart ("Phát triển dữ liệu" as a goal and as a task group).
const HEADING_WEIGHT: f64 = 0.7;
const PARENT_WEIGHT: f64 = 0.2;
const PLACE_WEIGHT: f64 = 0.1;
/// A heading at another depth is less likely the same part of the plan.
const OTHER_LEVEL_FACTOR: f64 = 0.8;

/// A section with a heading: the section, its heading's tokens, its parent heading's tokens.
type Headed<'a> = (&'a Section, Vec<String>, Vec<String>);

/// The comparison tokens of a section's heading; a section without any is not compared.
fn heading_tokens(section: &Section) -> Option<Vec<String>> {
    let tokens = tokens(section.heading.as_deref()?);
    (!tokens.is_empty()).then_some(tokens)
}

/// The number of a plan's sections this view compares.
pub(super) fn compared_count(plan: &Plan) -> usize {
    plan.sections
        .iter()
        .filter(|s| heading_tokens(s).is_some())
        .count()
}

pub fn compare(plans: &[&Plan], keys: &[String]) -> Vec<SectionGroup> {
    let headed: Vec<Vec<Headed>> = plans
        .iter()
        .map(|p| {
            p.sections
                .iter()
                .filter_map(|s| heading_tokens(s).map(|t| (s, t, parent_heading(p, s))))
                .collect()
        })
        .collect();
    let get = |item: Item| headed.get(item.plan).and_then(|h| h.get(item.index));
    // The standard parts each top-level heading names (objectives, tasks, funding, …).
    let parts: Vec<Vec<Vec<usize>>> = headed
        .iter()
        .map(|h| {
            h.iter()
                .map(|(s, _, _)| match (s.level, s.heading.as_deref()) {
                    (1, Some(heading)) => {
                        crate::domain::standard_parts::standard_parts_named(heading)
                    }
                    _ => Vec::new(),
                })
                .collect()
        })
        .collect();
    let part = |item: Item| parts.get(item.plan).and_then(|p| p.get(item.index));
    let similarity = |a: Item, b: Item| match (get(a), get(b)) {
        // Two parts every plan has, and not the same ("KINH PHÍ THỰC HIỆN", "TỔ CHỨC THỰC
        // HIỆN"): however alike their words and places, never one heading.
        _ if part(a).zip(part(b)).is_some_and(|(x, y)| {
            !x.is_empty() && !y.is_empty() && !x.iter().any(|p| y.contains(p))
        }) =>
        {
            0.0
        }
        (Some((sa, ta, pa)), Some((sb, tb, pb))) => {
            let parent = if pa.is_empty() && pb.is_empty() {
                1.0
            } else {
                dice(pa, pb)
            };
            let same_place = if sa.path == sb.path { 1.0 } else { 0.0 };
            let score =
                HEADING_WEIGHT * dice(ta, tb) + PARENT_WEIGHT * parent + PLACE_WEIGHT * same_place;
            if sa.level == sb.level {
                score
            } else {
                score * OTHER_LEVEL_FACTOR
            }
        }
        _ => 0.0,
    };
    let counts: Vec<usize> = headed.iter().map(Vec::len).collect();
    align(&counts, SECTION_THRESHOLD, &similarity)
        .into_iter()
        .map(|group| {
            let mut members: BTreeMap<String, Option<String>> =
                keys.iter().map(|k| (k.clone(), None)).collect();
            let mut headings = BTreeMap::new();
            let mut lines = BTreeMap::new();
            let mut first: Option<&Section> = None;
            for item in &group {
                let (Some(key), Some((section, _, _))) = (keys.get(item.plan), get(*item)) else {
                    continue;
                };
                first.get_or_insert(section);
                members.insert(key.clone(), Some(section.path.join(".")));
                headings.insert(key.clone(), section.heading.clone().unwrap_or_default());
                lines.insert(key.clone(), section.lines);
            }
            SectionGroup {
                heading: first.and_then(|s| s.heading.clone()).unwrap_or_default(),
                level: first.map(|s| s.level).unwrap_or(0),
                members,
                headings,
                lines,
            }
        })
        .collect()
}

fn parent_heading(plan: &Plan, section: &Section) -> Vec<String> {
    let Some((_, parent_path)) = section.path.split_last() else {
        return Vec::new();
    };
    plan.sections
        .iter()
        .find(|s| s.path.as_slice() == parent_path)
        .and_then(|s| s.heading.as_deref())
        .map(tokens)
        .unwrap_or_default()
}

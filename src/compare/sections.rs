//! Which section headings each plan has ("Hợp tác quốc tế" in one plan, not in another).

use std::collections::BTreeMap;

use super::assign::{align, Item};
use super::model::SectionGroup;
use super::text::{dice, tokens};
use crate::model::{Plan, Section};

/// Headings less alike than this are different headings.
const SECTION_THRESHOLD: f64 = 0.6;
/// A heading at another depth is less likely the same part of the plan.
const OTHER_LEVEL_FACTOR: f64 = 0.8;

pub fn compare(plans: &[&Plan], keys: &[String]) -> Vec<SectionGroup> {
    let headed: Vec<Vec<(&Section, Vec<String>)>> = plans
        .iter()
        .map(|p| {
            p.sections
                .iter()
                .filter_map(|s| {
                    let heading = s.heading.as_deref()?;
                    let t = tokens(heading);
                    (!t.is_empty()).then_some((s, t))
                })
                .collect()
        })
        .collect();
    let get = |item: Item| headed.get(item.plan).and_then(|h| h.get(item.index));
    let similarity = |a: Item, b: Item| match (get(a), get(b)) {
        (Some((sa, ta)), Some((sb, tb))) => {
            let base = dice(ta, tb);
            if sa.level == sb.level {
                base
            } else {
                base * OTHER_LEVEL_FACTOR
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
            let mut first: Option<&Section> = None;
            for item in &group {
                let (Some(key), Some((section, _))) = (keys.get(item.plan), get(*item)) else {
                    continue;
                };
                first.get_or_insert(section);
                members.insert(key.clone(), Some(section.path.join(".")));
                headings.insert(key.clone(), section.heading.clone().unwrap_or_default());
            }
            SectionGroup {
                heading: first.and_then(|s| s.heading.clone()).unwrap_or_default(),
                level: first.map(|s| s.level).unwrap_or(0),
                members,
                headings,
            }
        })
        .collect()
}

//! The responsibility matrix: each body × plan, tasks led and tasks supported.

use std::collections::BTreeMap;

use super::model::AgencyRow;
use super::tasks::task_rows;
use super::text::{provinces_named, without_province, wording_key};
use crate::domain::agencies;
use crate::model::{Agencies, Agency, Plan};

/// The bodies that share one comparison key. Province names are one token in the key, so each
/// plan's own branch ("Điện lực Kon Tum", "Điện lực Gia Lai") falls in one tally.
#[derive(Default)]
struct Tally {
    /// Canonical name as printed → (times named, its 2025 successor).
    names: BTreeMap<String, (usize, Option<String>)>,
    led: BTreeMap<String, usize>,
    supported: BTreeMap<String, usize>,
}

impl Tally {
    /// The row's label and successor, whatever order the plans were given in: the name used
    /// most (ties: the first in code-point order), and for branches of several provinces that
    /// name without its province, so no province's name stands for another's body.
    fn label(&self) -> (String, Option<String>) {
        let Some((name, (_, successor))) = self
            .names
            .iter()
            .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then_with(|| b.0.cmp(a.0)))
        else {
            return (String::new(), None);
        };
        let mut provinces: Vec<Vec<String>> =
            self.names.keys().map(|n| provinces_named(n)).collect();
        provinces.sort();
        provinces.dedup();
        if provinces.len() > 1 {
            (without_province(name), successor.clone())
        } else {
            (name.clone(), successor.clone())
        }
    }
}

fn bodies(cell: &Agencies) -> Vec<Agency> {
    if cell.agencies.is_empty() {
        agencies::split(&cell.raw)
            .iter()
            .map(|name| agencies::resolve(name))
            .collect()
    } else {
        cell.agencies.clone()
    }
}

pub fn compare(plans: &[&Plan], keys: &[String]) -> Vec<AgencyRow> {
    // A plan in which no task table was found has no count, not a count of 0: it assigns
    // nothing only as far as plandoc could see, and a spreadsheet's 0 would say it assigns
    // nothing. Its key is left out of `led` and `supported`.
    let counted: Vec<&String> = plans
        .iter()
        .zip(keys)
        .filter(|(plan, _)| !task_rows(plan).is_empty())
        .map(|(_, key)| key)
        .collect();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    for (plan, key) in plans.iter().zip(keys) {
        for task in task_rows(plan) {
            let mut count = |agency: &Agency, led: bool| {
                let id = wording_key(&agency.canonical);
                if id.is_empty() {
                    return;
                }
                let tally = tallies.entry(id).or_default();
                let name = tally.names.entry(agency.canonical.clone()).or_default();
                name.0 += 1;
                if name.1.is_none() {
                    name.1 = agency
                        .successor
                        .clone()
                        .or_else(|| agencies::resolve(&agency.name).successor);
                }
                let map = if led {
                    &mut tally.led
                } else {
                    &mut tally.supported
                };
                *map.entry(key.clone()).or_insert(0) += 1;
            };
            // A body named twice in one cell counts once for that task.
            let mut seen: Vec<String> = Vec::new();
            for agency in bodies(&task.row.lead) {
                let id = wording_key(&agency.canonical);
                if !seen.contains(&id) {
                    seen.push(id);
                    count(&agency, true);
                }
            }
            seen.clear();
            if let Some(support) = &task.row.support {
                for agency in bodies(support) {
                    let id = wording_key(&agency.canonical);
                    if !seen.contains(&id) {
                        seen.push(id);
                        count(&agency, false);
                    }
                }
            }
        }
    }
    let mut rows: Vec<AgencyRow> = tallies
        .into_values()
        .map(|t| {
            let (body, successor) = t.label();
            AgencyRow {
                body,
                successor,
                led: counted
                    .iter()
                    .map(|k| ((*k).clone(), t.led.get(*k).copied().unwrap_or(0)))
                    .collect(),
                supported: counted
                    .iter()
                    .map(|k| ((*k).clone(), t.supported.get(*k).copied().unwrap_or(0)))
                    .collect(),
            }
        })
        .collect();
    // Busiest bodies first; ties by name so the order is stable.
    rows.sort_by(|a, b| {
        let total =
            |r: &AgencyRow| r.led.values().sum::<usize>() * 2 + r.supported.values().sum::<usize>();
        total(b).cmp(&total(a)).then_with(|| {
            crate::domain::text::tone_key(&a.body).cmp(&crate::domain::text::tone_key(&b.body))
        })
    });
    rows
}

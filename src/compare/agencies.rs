//! The responsibility matrix: each body × plan, tasks led and tasks supported.

use std::collections::BTreeMap;

use super::model::AgencyRow;
use super::tasks::task_rows;
use super::text::wording_key;
use crate::domain::agencies;
use crate::model::{Agencies, Agency, Plan};

struct Tally {
    body: String,
    successor: Option<String>,
    led: BTreeMap<String, usize>,
    supported: BTreeMap<String, usize>,
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
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    for (plan, key) in plans.iter().zip(keys) {
        for task in task_rows(plan) {
            let mut count = |agency: &Agency, led: bool| {
                let id = wording_key(&agency.canonical);
                if id.is_empty() {
                    return;
                }
                let tally = tallies.entry(id).or_insert_with(|| Tally {
                    body: agency.canonical.clone(),
                    successor: agency
                        .successor
                        .clone()
                        .or_else(|| agencies::resolve(&agency.name).successor),
                    led: BTreeMap::new(),
                    supported: BTreeMap::new(),
                });
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
        .map(|t| AgencyRow {
            body: t.body,
            successor: t.successor,
            led: keys
                .iter()
                .map(|k| (k.clone(), t.led.get(k).copied().unwrap_or(0)))
                .collect(),
            supported: keys
                .iter()
                .map(|k| (k.clone(), t.supported.get(k).copied().unwrap_or(0)))
                .collect(),
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

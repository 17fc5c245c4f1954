//! Table accuracy on the seeds, kept as floors so it cannot silently drop, and the contract's
//! invariants on every table row the seeds produce.

use std::collections::BTreeSet;
use std::path::Path;

use plandoc::eval::tables::score;
use plandoc::model::TableKind;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// (seed, floor on field accuracy). Every reference row must be found on every seed.
const FLOORS: &[(&str, f64)] = &[
    ("gia-lai-142", 0.995),
    ("dak-lak-142", 0.995),
    ("kon-tum-142", 0.98),
    ("son-la-142", 0.98),
    ("kon-tum-nq03", 0.95),
];

#[test]
fn seeds_meet_their_floors() {
    let mut failures = Vec::new();
    for (stem, floor) in FLOORS {
        let s = score(root(), stem).unwrap_or_else(|| panic!("{stem}: no score"));
        if s.rows_found != s.rows_expected {
            failures.push(format!(
                "{stem}: found {} of {} rows; misses: {:?}",
                s.rows_found, s.rows_expected, s.misses
            ));
        }
        if s.accuracy < *floor {
            failures.push(format!(
                "{stem}: field accuracy {:.4} under floor {floor}; misses: {:?}",
                s.accuracy, s.misses
            ));
        }
        if !s.extra.is_empty() {
            failures.push(format!("{stem}: extra rows {:?}", s.extra));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn seed_rows_keep_the_contract() {
    for (stem, _) in FLOORS {
        let path = plandoc::eval::seed_path(root(), stem);
        let plan = plandoc::parse_path(&path, &Default::default()).expect("seed parses");
        assert!(!plan.tables.is_empty(), "{stem}: no table");
        for table in &plan.tables {
            let mut ids = BTreeSet::new();
            assert!(table.lines[0] <= table.lines[1]);
            for row in &table.rows {
                assert!(
                    ids.insert(row.id.clone()),
                    "{stem}: duplicate id {}",
                    row.id
                );
                assert!((0.0..=1.0).contains(&row.confidence));
                if row.confidence < 0.9 {
                    assert!(
                        !row.warnings.is_empty(),
                        "{stem} {}: low confidence without a warning",
                        row.id
                    );
                }
                assert!(row.lines[0] >= table.lines[0] && row.lines[1] <= table.lines[1]);
                assert!(
                    !row.tt.ends_with('.'),
                    "{stem}: tt {:?} keeps its dot",
                    row.tt
                );
                match table.kind {
                    TableKind::Tasks => {
                        assert!(
                            row.task.is_some() && row.support.is_some() && row.timeframe.is_some()
                        );
                        assert!(row.indicator.is_none() && row.unit.is_none());
                    }
                    TableKind::Indicators => {
                        assert!(
                            row.indicator.is_some() && row.unit.is_some() && row.result.is_some()
                        );
                        assert!(
                            row.task.is_none() && row.support.is_none() && row.timeframe.is_none()
                        );
                    }
                }
            }
        }
    }
}

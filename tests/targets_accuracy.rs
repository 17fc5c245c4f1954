//! Target accuracy on the seeds, kept as floors (`cargo run --release --example score targets`
//! prints the figures). A match: value, unit, comparator and year agree.

use std::path::Path;

use plandoc::eval::targets::{score, score_with_gold_tables};
use plandoc::eval::SEED_STEMS;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// With the reference tables in place of the tool's, every seed reads at F1 ≥ 0.95 and every
/// matched target sits on its reference path.
#[test]
fn targets_with_reference_tables_reach_the_bar_on_every_seed() {
    for stem in SEED_STEMS {
        let score = score_with_gold_tables(root(), stem).expect("seed and reference readings");
        assert!(
            score.f1 >= 0.95,
            "{stem}: F1 {:.3}\nmissing: {:#?}\nextra: {:#?}",
            score.f1,
            score.missing,
            score.extra
        );
        assert_eq!(score.path_agrees, score.matched, "{stem}: paths differ");
    }
}

/// The whole pipeline (the tool's own sections and tables). Floors: the body targets are all
/// found and none is invented; table targets come as the appendix tables are reconstructed.
#[test]
fn pipeline_targets_keep_their_floor() {
    let floors = [
        ("kon-tum-142", 0.95),
        ("son-la-142", 1.0),
        ("gia-lai-142", 0.95),
        ("kon-tum-nq03", 0.40),
        ("dak-lak-142", 0.97),
    ];
    for (stem, floor) in floors {
        let score = score(root(), stem).expect("seed and reference readings");
        assert!(
            score.f1 >= floor,
            "{stem}: F1 {:.3} < {floor}\nmissing: {:#?}\nextra: {:#?}",
            score.f1,
            score.missing,
            score.extra
        );
        assert!(
            score.precision >= 0.99,
            "{stem}: invented targets: {:#?}",
            score.extra
        );
    }
}

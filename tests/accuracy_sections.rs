//! Floors for the section-tree figures in the README (`cargo run --release --example score sections`).
//! They may only go up: a change that loses a heading fails here.

use std::path::Path;

use plandoc::eval::{sections, SEED_STEMS};

#[test]
fn section_tree_matches_reference_readings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for stem in SEED_STEMS {
        let score = sections::score(root, stem).expect("seed and reference present");
        assert!(
            score.f1 >= 0.98,
            "{stem}: F1 {:.3} < 0.98; missing {:?}, extra {:?}",
            score.f1,
            score.missing,
            score.extra
        );
        assert!(
            score.heading_mismatches.is_empty(),
            "{stem}: {:?}",
            score.heading_mismatches
        );
    }
}

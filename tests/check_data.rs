//! `data/standard_sections.tsv` must be what the derivation gives on the issued plans in seeds/.
//! Regenerate after adding issued plans: `PLANDOC_REGENERATE=1 cargo test --test check_data`.

use std::path::Path;

use plandoc::check::{outline, sections};

fn derived() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut plans = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(root.join("seeds"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let document = plandoc::clean::clean(&text);
        let items = outline::scan_body(&document);
        let headings: Vec<String> = sections::level_one_headings(&items)
            .into_iter()
            .map(|(_, h)| h)
            .collect();
        plans.push(headings);
    }
    sections::to_tsv(&sections::derive_standard_parts(&plans))
}

#[test]
fn standard_sections_data_matches_the_issued_plans() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("data/standard_sections.tsv");
    let expected = derived();
    if std::env::var_os("PLANDOC_REGENERATE").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let current = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        current, expected,
        "run PLANDOC_REGENERATE=1 cargo test --test check_data"
    );
    assert!(sections::from_tsv(&current).len() >= 5);
}

//! Prints the accuracy figures of the README: `cargo run --release --example score`.
//! `-v` lists every miss; `sections`, `tables`, `extractions`, `targets`, `alignment`, `check`,
//! `pdf` limit the report to one part.
//! `score file PATH STEM [-v]` scores the tables of any extraction of a seed (another tool's
//! text, a re-typed copy, a PDF) against that seed's reading, `fixtures/gold/STEM.tables.json`.

use std::path::Path;

use plandoc::eval;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    let parts: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wanted = |part: &str| parts.is_empty() || parts.contains(&part);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if parts.first() == Some(&"file") {
        let (Some(path), Some(stem)) = (parts.get(1), parts.get(2)) else {
            eprintln!("usage: score file PATH STEM [-v]");
            std::process::exit(2);
        };
        std::process::exit(score_file(root, Path::new(path), stem, verbose));
    }
    if wanted("sections") {
        println!("{}", eval::sections::report(root, verbose));
    }
    if wanted("tables") {
        println!("{}", eval::tables::report(root, verbose));
    }
    if wanted("targets") {
        println!("{}", eval::targets::report(root, verbose));
    }
    if wanted("alignment") {
        println!("{}", eval::alignment::report(root, verbose));
    }
    if wanted("check") {
        println!("{}", eval::check::report(root, verbose));
    }
    if wanted("extractions") {
        println!("{}", eval::tables::extractions_report(root, verbose));
    }
    if wanted("pdf") {
        println!("{}", eval::pdf::report(root, verbose));
    }
}

fn score_file(root: &Path, path: &Path, stem: &str, verbose: bool) -> i32 {
    let Some(gold) = eval::load_gold(root, stem, "tables") else {
        eprintln!("no reading fixtures/gold/{stem}.tables.json");
        return 2;
    };
    let plan = match plandoc::parse_path(path, &Default::default()) {
        Ok(plan) => plan,
        Err(error) => {
            eprintln!("{error}");
            return 2;
        }
    };
    let score = eval::tables::score_plan(&plan, &gold);
    println!(
        "{}\trows {}/{}\trows all right {}\tfields {}/{} = {:.4}\textra rows {}",
        path.display(),
        score.rows_found,
        score.rows_expected,
        score.rows_matched,
        score.fields_right,
        score.fields_expected,
        score.accuracy,
        score.extra.len()
    );
    if verbose {
        for miss in score.misses.iter().chain(&score.extra) {
            println!("  {miss}");
        }
    }
    0
}

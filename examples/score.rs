//! Prints the accuracy figures of the README: `cargo run --release --example score`.
//! `-v` lists every miss; `sections`, `tables`, `targets` limit the report to one part.

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
    if wanted("pdf") {
        println!("{}", eval::pdf::report(root, verbose));
    }
}

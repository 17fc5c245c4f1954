//! Prints the accuracy figures of the README: `cargo run --release --example score`.
//! `-v` lists every miss.

use std::path::Path;

use plandoc::eval::{self, SEED_STEMS};

fn main() {
    let verbose = std::env::args().any(|a| a == "-v");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    println!("Sections (F1 on paths; headings exact on matched paths)");
    println!("| seed | expected | found | matched | F1 | heading mismatches |");
    println!("|---|---|---|---|---|---|");
    for stem in SEED_STEMS {
        let Some(s) = eval::sections::score(root, stem) else { continue };
        println!(
            "| {stem} | {} | {} | {} | {:.3} | {} |",
            s.expected,
            s.predicted,
            s.matched,
            s.f1,
            s.heading_mismatches.len()
        );
        if verbose {
            for m in &s.heading_mismatches {
                println!("    heading {m}");
            }
            for m in &s.missing {
                println!("    missing {m}");
            }
            for m in &s.extra {
                println!("    extra {m}");
            }
        }
    }
}

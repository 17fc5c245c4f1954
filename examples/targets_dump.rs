//! Debug aid: prints the targets of one seed read with the reference tables.
use std::path::Path;
fn main() {
    let stem = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "kon-tum-nq03".into());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tables = plandoc::eval::targets::gold_tables(root, &stem).unwrap_or_default();
    let text = std::fs::read_to_string(root.join("seeds").join(format!("{stem}.txt"))).unwrap();
    let document = plandoc::clean::clean(&text);
    let (sections, _) = plandoc::structure::sections::extract(&document);
    let (targets, diags) = plandoc::structure::targets::extract(&document, &sections, &tables);
    for t in targets.iter().filter(|t| t.table.is_some()) {
        println!(
            "{:?} {} {} {} {:?} {:?} | {} | {}",
            t.path, t.value, t.unit, t.comparator, t.year, t.unit_printed, t.subject, t.quote
        );
    }
    for d in diags {
        println!("{d:?}");
    }
}

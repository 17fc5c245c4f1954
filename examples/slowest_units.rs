//! Times `parse` of every file under a folder in one process, as the `parse_text` fuzz target
//! runs it (memos forgotten before each file), and prints the slowest and the totals: where
//! hostile or unusual text costs more per byte than a plan does.
//!     cargo run --release --example slowest_units -- FOLDER [HOW_MANY]
//! With `--digest` it prints instead, per file, a hash of the plan's JSON: two builds that print
//! the same lines read every file alike (a check that a speed change changed no reading).
//!     cargo run --release --example slowest_units -- --digest FOLDER > digests.txt
use std::hash::{Hash, Hasher};
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    let digest = args.next_if(|a| a == "--digest").is_some();
    let Some(folder) = args.next() else {
        eprintln!("usage: slowest_units [--digest] FOLDER [HOW_MANY]");
        std::process::exit(2);
    };
    // A PDF reader's panic is caught and reported by the library; its message is noise here.
    std::panic::set_hook(Box::new(|_| {}));
    let how_many: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
    let mut paths: Vec<_> = walk(std::path::Path::new(&folder));
    paths.sort();
    let mut timings = Vec::new();
    let (mut total_bytes, mut total_seconds) = (0usize, 0f64);
    for path in &paths {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        plandoc::forget_memos();
        let started = Instant::now();
        let plan = plandoc::read::read_bytes("unit.txt", &bytes, &Default::default())
            .map(|input| plandoc::parse_input(&input));
        let seconds = started.elapsed().as_secs_f64();
        if digest {
            let json = match plan {
                Ok(plan) => plandoc::render::plan::json(&plan, true),
                Err(error) => error.to_string(),
            };
            // SipHash with fixed keys: the same JSON gives the same line in every build.
            #[allow(deprecated)]
            let mut hasher = std::hash::SipHasher::new();
            json.hash(&mut hasher);
            println!(
                "{:016x} {:8} {}",
                hasher.finish(),
                json.len(),
                path.display()
            );
            continue;
        }
        total_bytes += bytes.len();
        total_seconds += seconds;
        timings.push((seconds, bytes.len(), path.clone()));
    }
    if digest {
        return;
    }
    timings.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!(
        "{} files, {:.1} MB, {:.2} s, {:.2} MB/s, {:.2} ms a file",
        timings.len(),
        total_bytes as f64 / 1e6,
        total_seconds,
        total_bytes as f64 / 1e6 / total_seconds,
        1e3 * total_seconds / timings.len().max(1) as f64
    );
    for (seconds, bytes, path) in timings.iter().take(how_many) {
        println!("{:9.2} ms {:8} B {}", seconds * 1e3, bytes, path.display());
    }
}

fn walk(folder: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(folder) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

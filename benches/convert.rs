//! Throughput benchmark for parsing and `plandoc convert` (not a test: no assertions on time).
//!
//! ```text
//! cargo bench --bench convert                 # 1,000 plans, 3 runs each
//! PLANDOC_BENCH_PLANS=5000 PLANDOC_BENCH_RUNS=5 cargo bench --bench convert
//! PLANDOC_BENCH_KEEP=/tmp/corpus cargo bench --bench convert   # keep the corpus for perf/grep
//! PLANDOC_BENCH_ONLY=parse cargo bench --bench convert   # the per-stage parse table only
//! PLANDOC_BENCH_ONLY=convert cargo bench --bench convert # convert and grep only
//! ```
//!
//! It builds a corpus from `seeds/` in a temporary folder (never committed), then reports:
//! 1. parse throughput on one core, per stage (read/decode, clean, metadata, sections, tables,
//!    targets, JSON), in MB/s of input text: all plans in one thread, then each plan in a fresh
//!    thread (the table reader's memos empty, as for a plan unlike the ones before it);
//! 2. `plandoc convert` wall time and peak memory (max RSS via /usr/bin/time) at 1 and 2 jobs, the
//!    speed-up, and the same for `--format jsonl`;
//! 3. one `grep -r` pass over the same bytes, for scale.
//!
//! Figures are medians of `PLANDOC_BENCH_RUNS` runs, page cache warm.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use plandoc::read::ReadOptions;
use plandoc::{clean, read, structure};

fn main() {
    // `cargo bench` passes `--bench`; a name filter after it is accepted and ignored.
    let plans: usize = env_number("PLANDOC_BENCH_PLANS", 1000);
    let runs: usize = env_number("PLANDOC_BENCH_RUNS", 3).max(1);
    let temp = tempfile::tempdir().expect("temporary folder");
    let root = match std::env::var_os("PLANDOC_BENCH_KEEP") {
        Some(path) => PathBuf::from(path),
        None => temp.path().to_path_buf(),
    };
    let corpus = root.join("corpus");
    let (files, bytes) = build_corpus(&corpus, plans);
    println!(
        "corpus: {} plans, {:.1} MB in {}",
        files.len(),
        bytes as f64 / 1e6,
        corpus.display()
    );
    println!("commit: {}", git_commit());
    println!();

    let only = std::env::var("PLANDOC_BENCH_ONLY").unwrap_or_default();
    if only != "convert" {
        parse_stages(&files, bytes, runs, false);
        println!();
        parse_stages(&files, bytes, runs, true);
        println!();
    }
    if only != "parse" {
        convert_runs(&root, &corpus, bytes, runs);
    }
}

/// CPU time of the calling thread: the machine may be shared, and wall time then measures the
/// neighbours as much as the parser. `clock_gettime(CLOCK_THREAD_CPUTIME_ID)`, which counts to
/// the nanosecond (`/proc/thread-self/schedstat`, used before, moves only at scheduler ticks and
/// context switches, so a stage shorter than a tick handed its time to a neighbour); where it is
/// missing, wall time.
#[derive(Clone, Copy)]
struct Clock {
    wall: Instant,
    cpu_ns: Option<u64>,
}

impl Clock {
    fn now() -> Clock {
        Clock {
            wall: Instant::now(),
            cpu_ns: thread_cpu_ns(),
        }
    }

    fn elapsed(&self) -> Duration {
        let now = Clock::now();
        match (self.cpu_ns, now.cpu_ns) {
            (Some(a), Some(b)) => Duration::from_nanos(b.saturating_sub(a)),
            _ => now.wall.duration_since(self.wall),
        }
    }
}

#[cfg(any(target_os = "linux", target_os = "macos"))]
fn thread_cpu_ns() -> Option<u64> {
    let mut time = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `time` is a valid, writable timespec; the call only writes into it.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut time) };
    (status == 0).then(|| time.tv_sec as u64 * 1_000_000_000 + time.tv_nsec as u64)
}

#[cfg(not(any(target_os = "linux", target_os = "macos")))]
fn thread_cpu_ns() -> Option<u64> {
    None
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn git_commit() -> String {
    Command::new("git")
        .args(["log", "-1", "--format=%h %s"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// `plans` files cycling through the seeds, 100 to a folder, each a little different (trailing
/// blank lines) so the corpus is not one file repeated byte for byte.
fn build_corpus(corpus: &Path, plans: usize) -> (Vec<PathBuf>, u64) {
    let seeds_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(&seeds_dir)
        .expect("seeds/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    seeds.sort();
    let seed_bytes: Vec<Vec<u8>> = seeds.iter().map(|p| std::fs::read(p).unwrap()).collect();
    let _ = std::fs::remove_dir_all(corpus);
    let mut files = Vec::with_capacity(plans);
    let mut total = 0u64;
    for i in 0..plans {
        let folder = corpus.join(format!("p{:02}", i / 100));
        std::fs::create_dir_all(&folder).unwrap();
        let mut bytes = seed_bytes[i % seed_bytes.len()].clone();
        bytes.resize(bytes.len() + i % 7, b'\n');
        let path = folder.join(format!("plan-{i:04}.txt"));
        std::fs::write(&path, &bytes).unwrap();
        total += bytes.len() as u64;
        files.push(path);
    }
    (files, total)
}

#[derive(Default, Clone, Copy)]
struct StageTimes {
    read_file: Duration,
    decode: Duration,
    clean: Duration,
    metadata: Duration,
    sections: Duration,
    tables: Duration,
    targets: Duration,
    json: Duration,
}

impl StageTimes {
    fn parse(&self) -> Duration {
        self.decode + self.clean + self.metadata + self.sections + self.tables + self.targets
    }

    fn add(&mut self, other: &StageTimes) {
        self.read_file += other.read_file;
        self.decode += other.decode;
        self.clean += other.clean;
        self.metadata += other.metadata;
        self.sections += other.sections;
        self.tables += other.tables;
        self.targets += other.targets;
        self.json += other.json;
    }
}

/// One file through the pipeline, each stage on the calling thread's clock.
fn time_stages(path: &Path, options: &ReadOptions) -> StageTimes {
    let mut t = StageTimes::default();
    let start = Clock::now();
    let raw = std::fs::read(path).unwrap();
    t.read_file += start.elapsed();

    let start = Clock::now();
    let input = read::read_bytes(&path.display().to_string(), &raw, options).unwrap();
    t.decode += start.elapsed();

    let start = Clock::now();
    let document = clean::clean(&input.text);
    t.clean += start.elapsed();

    let start = Clock::now();
    let meta = structure::metadata::extract(&document);
    t.metadata += start.elapsed();

    let start = Clock::now();
    let (sections, _) = structure::sections::extract(&document);
    t.sections += start.elapsed();

    let start = Clock::now();
    let (tables, _) = structure::tables::extract(&document);
    t.tables += start.elapsed();

    let start = Clock::now();
    let (targets, _) = structure::targets::extract(&document, &sections, &tables);
    t.targets += start.elapsed();

    // The JSON as convert writes it (the full pipeline's plan, pretty-printed).
    let start = Clock::now();
    let plan = plandoc::parse_input(&input);
    let parse_again = start.elapsed();
    let start = Clock::now();
    let json = plandoc::render::plan::json(&plan, false);
    t.json += start.elapsed();
    std::hint::black_box((meta, targets, json, parse_again));
    t
}

/// Every file, each stage timed on its own, in one thread — or, with `fresh_threads`, each file
/// in a thread of its own, so the table reader's thread-local memos start empty for every plan.
/// The corpus repeats five seeds, so in one thread the memos soon answer almost every question
/// (the best case); a fresh thread per plan is the worst case, a plan sharing no cell text with
/// the ones before it. A folder of distinct plans lies between the two.
fn parse_stages(files: &[PathBuf], bytes: u64, runs: usize, fresh_threads: bool) {
    let options = ReadOptions::default();
    let mut samples: Vec<StageTimes> = Vec::new();
    for _ in 0..runs {
        let mut t = StageTimes::default();
        for path in files {
            if fresh_threads {
                let one = std::thread::scope(|scope| {
                    scope
                        .spawn(|| time_stages(path, &options))
                        .join()
                        .expect("parse thread")
                });
                t.add(&one);
            } else {
                t.add(&time_stages(path, &options));
            }
        }
        samples.push(t);
    }
    samples.sort_by_key(|t| t.parse());
    let t = samples[samples.len() / 2];
    let mb = bytes as f64 / 1e6;
    let parse = t.parse();
    let threads = if fresh_threads {
        "each plan in a fresh thread (memos empty)"
    } else {
        "one thread"
    };
    println!(
        "## Parse, {threads}, CPU time of the thread (median of {runs} passes over the corpus)"
    );
    println!("| stage | seconds | share of parse | MB/s |");
    println!("|---|---:|---:|---:|");
    let stages = [
        ("read file (fs::read)", t.read_file),
        ("decode (read::read_bytes: sha256, encoding)", t.decode),
        ("clean (clean::clean)", t.clean),
        ("metadata", t.metadata),
        ("sections", t.sections),
        ("tables", t.tables),
        ("targets", t.targets),
        ("JSON (render::plan::json, pretty)", t.json),
    ];
    for (name, d) in stages {
        println!(
            "| {name} | {:.3} | {:.1}% | {:.0} |",
            d.as_secs_f64(),
            100.0 * d.as_secs_f64() / parse.as_secs_f64(),
            mb / d.as_secs_f64().max(1e-9)
        );
    }
    println!(
        "| **parse = decode … targets** | {:.3} | 100% | **{:.1}** |",
        parse.as_secs_f64(),
        mb / parse.as_secs_f64()
    );
    let with_json = parse + t.json;
    println!(
        "| parse + JSON | {:.3} | | {:.1} |",
        with_json.as_secs_f64(),
        mb / with_json.as_secs_f64()
    );
}

struct Run {
    /// Wall time.
    seconds: f64,
    /// User + system CPU time of the child (all its threads).
    cpu_seconds: Option<f64>,
    peak_kb: Option<u64>,
}

/// Runs `program args…` under /usr/bin/time when present: wall time from here, CPU time and peak
/// RSS from it.
fn timed(program: &str, args: &[&str], dir: &Path, stdout_null: bool) -> Run {
    let has_time = Path::new("/usr/bin/time").exists();
    let mut command = if has_time {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "%U %S %M"]).arg(program);
        c
    } else {
        Command::new(program)
    };
    command.args(args).current_dir(dir);
    if stdout_null {
        command.stdout(std::process::Stdio::null());
    }
    let start = Instant::now();
    let output = command.output().expect("run benchmark command");
    let seconds = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let fields: Vec<&str> = if has_time {
        stderr
            .lines()
            .last()
            .unwrap_or("")
            .split_whitespace()
            .collect()
    } else {
        Vec::new()
    };
    let number = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
    Run {
        seconds,
        cpu_seconds: number(0).zip(number(1)).map(|(u, s)| u + s),
        peak_kb: number(2).map(|kb| kb as u64),
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

fn median_run(runs: usize, mut one: impl FnMut() -> Run) -> Run {
    let all: Vec<Run> = (0..runs).map(|_| one()).collect();
    let mut walls: Vec<f64> = all.iter().map(|r| r.seconds).collect();
    let mut cpus: Vec<f64> = all.iter().filter_map(|r| r.cpu_seconds).collect();
    Run {
        seconds: median(&mut walls),
        cpu_seconds: (!cpus.is_empty()).then(|| median(&mut cpus)),
        peak_kb: all.iter().filter_map(|r| r.peak_kb).max(),
    }
}

fn show(value: Option<f64>, digits: usize) -> String {
    value
        .map(|v| format!("{v:.digits$}"))
        .unwrap_or_else(|| "n/a".to_string())
}

fn convert_runs(root: &Path, corpus: &Path, bytes: u64, runs: usize) {
    let binary = env!("CARGO_BIN_EXE_plandoc");
    let mb = bytes as f64 / 1e6;
    let corpus_arg = corpus.display().to_string();
    // Warm the page cache so every figure below is CPU and write cost, not first reads.
    let _ = Command::new("grep")
        .args(["-rc", "x", &corpus_arg])
        .stdout(std::process::Stdio::null())
        .status();
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "## plandoc convert (median of {runs} runs, --force --quiet; load average {})",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!("| command | wall s | CPU s (user+sys) | MB/s wall | MB per CPU-s | peak RSS |");
    println!("|---|---:|---:|---:|---:|---:|");
    let mut results: Vec<((&str, &str), Run)> = Vec::new();
    for (format, jobs) in [("json", "1"), ("json", "2"), ("jsonl", "1"), ("jsonl", "2")] {
        let out = root.join(format!("out-{format}-{jobs}"));
        let out_arg = out.display().to_string();
        let args = [
            "convert",
            corpus_arg.as_str(),
            "--out-dir",
            out_arg.as_str(),
            "--jobs",
            jobs,
            "--format",
            format,
            "--force",
            "--quiet",
        ];
        let run = median_run(runs, || timed(binary, &args, root, false));
        println!(
            "| convert --format {format} --jobs {jobs} | {:.3} | {} | {:.1} | {} | {} |",
            run.seconds,
            show(run.cpu_seconds, 3),
            mb / run.seconds,
            show(run.cpu_seconds.map(|c| mb / c), 1),
            run.peak_kb
                .map(|kb| format!("{:.1} MB", kb as f64 / 1024.0))
                .unwrap_or_else(|| "n/a".to_string())
        );
        results.push(((format, jobs), run));
    }
    let find = |format: &str, jobs: &str| {
        results
            .iter()
            .find(|((f, j), _)| *f == format && *j == jobs)
            .map(|(_, r)| r)
            .expect("measured above")
    };
    println!();
    for format in ["json", "jsonl"] {
        let (one, two) = (find(format, "1"), find(format, "2"));
        println!(
            "{format}: wall speed-up 1 → 2 jobs {:.2}×; CPU spent at 2 jobs ÷ at 1 job {}",
            one.seconds / two.seconds,
            show(two.cpu_seconds.zip(one.cpu_seconds).map(|(b, a)| b / a), 2)
        );
    }

    println!();
    println!("## grep, one pass over the same bytes (median of {runs})");
    println!("| command | wall s | CPU s | convert --jobs 2 (json) ÷ grep, wall | same, CPU |");
    println!("|---|---:|---:|---:|---:|");
    let convert = find("json", "2");
    let patterns: [(&str, &[&str]); 2] = [
        ("grep -rc -F 'KẾ HOẠCH'", &["-rc", "-F", "KẾ HOẠCH"]),
        (
            "grep -rcE '^[IVX]+\\. |^[0-9]+\\. '",
            &["-rcE", "^[IVX]+\\. |^[0-9]+\\. "],
        ),
    ];
    for (name, args) in patterns {
        let mut all: Vec<&str> = args.to_vec();
        all.push(corpus_arg.as_str());
        let run = median_run(runs, || timed("grep", &all, root, true));
        println!(
            "| {name} | {:.3} | {} | {:.1}× | {}× |",
            run.seconds,
            show(run.cpu_seconds, 3),
            convert.seconds / run.seconds,
            show(
                convert
                    .cpu_seconds
                    .zip(run.cpu_seconds)
                    .map(|(c, g)| c / g.max(0.01)),
                1
            )
        );
    }
}

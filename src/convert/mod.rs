//! Batch conversion (`plandoc convert`): files and folders of plans to contract JSON, in parallel,
//! with a manifest.
//!
//! - **discover**: walk the inputs, sort them, decide each output path (mirroring the input tree).
//! - **schedule**: convert on N threads, hand results back in input order with a bounded buffer.
//! - **manifest**: record per input what happened; a rerun skips inputs whose bytes and tool
//!   version did not change and whose outputs still hold the bytes recorded.
//!
//! Output bytes (plan files, `plans.jsonl`, `manifest.json`) depend only on the inputs, the options
//! that shape output, and the tool version — never on the job count or on timing. Memory is bounded
//! by the job count, not by the corpus: each worker holds one plan at a time and at most `window`
//! finished results wait to be written in order.
//!
//! A run can be stopped (`Options::stop`; the CLI sets it on Ctrl-C): the inputs being converted
//! are finished and committed, none is started, and the run ends as if its input list had ended
//! there — `json` plan files and a manifest of what was finished (so a rerun resumes), `jsonl`
//! nothing (a `plans.jsonl` must hold the whole corpus, so the previous one and its manifest stay).

mod discover;
pub use discover::{other_files_note, plan_files, plan_files_matching};
mod glob;
pub mod lock;
pub mod manifest;
mod schedule;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{IsTerminal, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::read::{self, Encoding, ReadOptions};
use crate::render::write_stderr;

pub use discover::{extensions_named, DEFAULT_EXTENSIONS};
pub use glob::Glob;
pub use manifest::{Counts, Entry, Manifest, RunOptions, Status, Totals};

/// The JSON Lines file written by `--format jsonl`, in the output folder.
pub const JSONL_NAME: &str = "plans.jsonl";
/// Beside `plans.jsonl`: the SHA-256 of each of its lines (line break included), one per line,
/// written before the file itself is put in place. It is what shows a later run that a line is
/// convert's when the manifest cannot (a run killed, or out of disk, between `plans.jsonl` and
/// the manifest; a manifest lost).
pub const JSONL_HASHES_NAME: &str = ".plans.jsonl.sha256";

/// Finished results allowed to wait for their turn, per job.
const WINDOW_PER_JOB: usize = 8;

/// More threads than this only contend for the one thread that writes the results.
pub const MAX_JOBS: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON file per plan, mirroring the input tree.
    Json,
    /// One line per plan in `plans.jsonl`, sorted by input path.
    Jsonl,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    pub inputs: Vec<PathBuf>,
    pub out_dir: PathBuf,
    /// File patterns for folders; with `iglobs`, empty means the default plan extensions.
    pub globs: Vec<String>,
    /// File patterns as `globs`, letter case ignored (`--iglob`).
    pub iglobs: Vec<String>,
    pub format: Format,
    /// Worker threads; `None` means one per core.
    pub jobs: Option<usize>,
    /// Convert every input even when the manifest says it is unchanged.
    pub force: bool,
    /// One-line JSON for per-plan files (JSON Lines are always one line).
    pub compact: bool,
    pub encoding: Option<Encoding>,
    /// Draw a progress bar on standard error (only ever drawn on a terminal).
    pub progress: bool,
    /// Name each failed input on standard error as it is met.
    pub report_failures: bool,
    /// Set from elsewhere (a signal handler) to end the run early; see the module documentation.
    pub stop: Option<Arc<AtomicBool>>,
    /// When another run is writing to the same output folder (see [`lock`]).
    pub when_busy: lock::WhenBusy,
}

/// The exit status of an interrupted run, as a shell reports a command ended by Ctrl-C.
pub const INTERRUPTED_EXIT: i32 = 130;

/// What a run did, for the summary.
#[derive(Debug, Clone)]
pub struct Report {
    pub totals: Totals,
    /// Bytes read and parsed in this run (unchanged inputs are only hashed).
    pub parsed_bytes: u64,
    pub elapsed: Duration,
    pub jobs: usize,
    pub out_dir: PathBuf,
    /// Inputs found.
    pub inputs: usize,
    /// The run was stopped before every input was converted.
    pub interrupted: bool,
}

impl Report {
    /// A run that converted nothing: no plan found, or stopped before it could start.
    fn of_nothing(out_dir: &Path, inputs: usize, interrupted: bool, started: Instant) -> Report {
        Report {
            totals: Totals::default(),
            parsed_bytes: 0,
            elapsed: started.elapsed(),
            jobs: 1,
            out_dir: out_dir.to_path_buf(),
            inputs,
            interrupted,
        }
    }

    pub fn exit_code(&self) -> i32 {
        if self.interrupted {
            INTERRUPTED_EXIT
        } else if self.totals.failed > 0 {
            1
        } else {
            0
        }
    }

    /// Megabytes (10^6 bytes) parsed per second of wall time.
    pub fn megabytes_per_second(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64();
        if seconds <= 0.0 {
            return 0.0;
        }
        self.parsed_bytes as f64 / 1e6 / seconds
    }

    /// The end-of-run table: files, failures, what was found, time and speed. One row under
    /// its headers; turned to a column of name and value when `width` (a terminal's; a log file
    /// takes any width) is too narrow for the row.
    pub fn summary_table(&self, width: Option<u16>) -> String {
        use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};
        let t = &self.totals;
        let figures = [
            ("files", t.files.to_string()),
            ("converted", t.converted.to_string()),
            ("unchanged", t.unchanged.to_string()),
            ("failed", t.failed.to_string()),
            ("tables", t.counts.tables.to_string()),
            ("task rows", t.counts.task_rows.to_string()),
            ("targets", t.counts.targets.to_string()),
            ("warnings", t.counts.warnings.to_string()),
            ("elapsed", format!("{:.2} s", self.elapsed.as_secs_f64())),
            ("MB/s", format!("{:.1}", self.megabytes_per_second())),
        ];
        let mut table = Table::new();
        table.load_preset(UTF8_FULL_CONDENSED);
        table.set_header(figures.iter().map(|(name, _)| *name));
        table.add_row(figures.iter().map(|(_, value)| value));
        let text = table.to_string();
        let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        if width.is_some_and(|width| widest > usize::from(width)) {
            let mut column = Table::new();
            column.load_preset(UTF8_FULL_CONDENSED);
            for (name, value) in &figures {
                column.add_row(vec![*name, value.as_str()]);
            }
            return format!("{column}\n");
        }
        format!("{text}\n")
    }
}

/// Everything a worker needs, shared read-only.
struct Context<'a> {
    out_dir: &'a Path,
    format: Format,
    compact: bool,
    read_options: ReadOptions,
    previous: BTreeMap<String, Vec<Entry>>,
    /// Every plan file the previous manifest names, spelt exactly as it names them (a "Plan.json"
    /// of the user's own beside a recorded "plan.json" is not ours), whatever its run's options,
    /// with the input it was written for: files convert wrote, which it may replace — unless
    /// they are the plan of another input that is still there and not converted in this run.
    written_before: BTreeMap<String, String>,
    /// This run's inputs, resolved: an input of the previous run among them gets its own plan.
    inputs_now: BTreeSet<PathBuf>,
    /// Each plan file this run may write (`json` format; by `discover::output_key`): its name
    /// and the input it is for.
    outputs_now: BTreeMap<String, (String, String)>,
    /// The folder this run was started in, and the one the previous manifest's relative paths
    /// are below (`Manifest::base`; this run's when the manifest does not say).
    base_now: Option<PathBuf>,
    base_before: Option<PathBuf>,
    earlier: Option<EarlierEntries<'a>>,
    /// No record of earlier runs could be read (no manifest, or one that is empty, cut short or
    /// replaced with --force): a plan file naming this input is taken as convert's.
    no_record: bool,
    /// The previous manifest names the folder its run was started in (versions before 0.1.2
    /// did not: their relative paths are read from this run's folder, a guess that must never
    /// decide that an input is gone).
    base_recorded: bool,
    /// The output folder, resolved once it exists: no plan is written through a symbolic link
    /// leading out of it.
    out_dir_canonical: Option<PathBuf>,
}

impl Context<'_> {
    /// The input of this run whose plan file is `output`: the same name, or a name folded alike
    /// that is the same file (a file system that ignores case).
    fn claimed_now(&self, output: &str) -> Option<&str> {
        let (name, shown) = self.outputs_now.get(&discover::output_key(output))?;
        same_name_or_file(self.out_dir, name, output).then_some(shown.as_str())
    }
}

/// The previous manifest's entries, found by input: each is looked up once per input that
/// fails or keeps a line, and a batch where thousands fail must not resolve every entry's path
/// for each of them (quadratic in `realpath` calls).
struct EarlierEntries<'m> {
    entries: &'m [Entry],
    /// By path as recorded, when both runs were started in the same folder (another
    /// checkout's "in/a.txt" is another input); empty otherwise.
    by_path: BTreeMap<&'m str, Vec<usize>>,
    /// By the file each recorded path leads to, resolved once, when first asked.
    by_file: std::sync::OnceLock<BTreeMap<PathBuf, Vec<usize>>>,
    base_before: Option<PathBuf>,
}

impl<'m> EarlierEntries<'m> {
    fn new(manifest: &'m Manifest, base_before: Option<PathBuf>, same_base: bool) -> Self {
        let mut by_path: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        if same_base {
            for (index, entry) in manifest.inputs.iter().enumerate() {
                by_path.entry(entry.path.as_str()).or_default().push(index);
            }
        }
        EarlierEntries {
            entries: &manifest.inputs,
            by_path,
            by_file: std::sync::OnceLock::new(),
            base_before,
        }
    }

    /// The entries that are `item`'s, in the manifest's order: the same path in a run started
    /// from the same folder, or the same file, however either run spelt it.
    fn of_input(&self, item: &discover::Item) -> Vec<&'m Entry> {
        let by_file = self.by_file.get_or_init(|| {
            let mut by_file: BTreeMap<PathBuf, Vec<usize>> = BTreeMap::new();
            for (index, entry) in self.entries.iter().enumerate() {
                if let Some(file) = resolve(&entry.path, self.base_before.as_deref())
                    .and_then(|p| p.canonicalize().ok())
                {
                    by_file.entry(file).or_default().push(index);
                }
            }
            by_file
        });
        let mut found: Vec<usize> = self
            .by_path
            .get(item.shown.as_str())
            .into_iter()
            .flatten()
            .copied()
            .collect();
        if let Some(indices) = item
            .path
            .canonicalize()
            .ok()
            .and_then(|file| by_file.get(&file))
        {
            found.extend(indices);
        }
        found.sort_unstable();
        found.dedup();
        found
            .into_iter()
            .map(|index| &self.entries[index])
            .collect()
    }
}

/// One input's result on its way to the writer.
struct Outcome {
    entry: Entry,
    /// The JSON line to append (`jsonl` format), with its SHA-256 for the manifest: hashed on
    /// the worker, since the one thread that appends lines is the batch's only serial part.
    line: Option<(Vec<u8>, String)>,
    /// The plan file written beside `entry.output` (`json` format), closed, not yet synced or
    /// renamed. The worker writes it (so a waiting result holds a path, not the plan's text); the
    /// consumer syncs and renames it: each sync waits on the disk, which would otherwise idle a
    /// worker, and the consumer thread has nothing else to do.
    file: Option<tempfile::TempPath>,
}

/// Converts every input; see the module documentation. Returns an error only for bad arguments
/// or when the output folder itself cannot be written; a bad input is recorded and skipped.
pub fn run(options: &Options) -> Result<Report> {
    let started = Instant::now();
    if options.inputs.is_empty() {
        return Err(Error::Usage("convert: no inputs given".to_string()));
    }
    if options.inputs.iter().any(|p| p.as_os_str() == "-") {
        return Err(Error::Usage(
            "convert reads files and folders, not standard input ('-'); use 'plandoc parse -'"
                .to_string(),
        ));
    }
    // A path that is not there is a mistyped argument, not a plan that failed: the run stops
    // before writing anything (a broken symbolic link is there, and fails as an input).
    let missing: Vec<String> = options
        .inputs
        .iter()
        .filter_map(|input| {
            let error = std::fs::symlink_metadata(input).err()?;
            let why = match error.kind() {
                std::io::ErrorKind::NotFound => "no such file or folder",
                // "in/a.txt/x", or a file given as "in/a.txt/".
                std::io::ErrorKind::NotADirectory => {
                    "no such file or folder: part of the path is a file, not a folder"
                }
                _ => return None,
            };
            Some(format!("{}: {why}", name(&discover::slash_path(input))))
        })
        .collect();
    if !missing.is_empty() {
        return Err(Error::Usage(format!("convert: {}", missing.join("; "))));
    }
    let asked_jobs = match options.jobs {
        Some(0) => return Err(Error::Usage("--jobs must be at least 1".to_string())),
        Some(n) => n,
        None => std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
    };
    let globs = options
        .globs
        .iter()
        .map(|g| Glob::new(g))
        .chain(options.iglobs.iter().map(|g| Glob::ignoring_case(g)))
        .collect::<Result<Vec<_>>>()?;
    let out_dir = &options.out_dir;
    if out_dir.as_os_str() == "-" {
        return Err(Error::Usage(
            "--out-dir -: convert writes a folder of files, not standard output; use 'plandoc \
             parse' to print one plan"
                .to_string(),
        ));
    }
    // (`create_dir_all` would only say "File exists".)
    let broken_link = out_dir.ancestors().find(|part| {
        std::fs::symlink_metadata(part).is_ok_and(|m| m.file_type().is_symlink())
            && std::fs::metadata(part).is_err()
    });
    if let Some(link) = broken_link {
        let shown = |path: &Path| name(&path.display().to_string()).into_owned();
        let what = if link == out_dir.as_path() {
            "a symbolic link".to_string()
        } else {
            format!("{} is a symbolic link", shown(link))
        };
        return Err(Error::Usage(format!(
            "--out-dir {}: {what} that leads nowhere (its target is missing, or the links loop)",
            shown(out_dir)
        )));
    }
    if out_dir.exists() && !out_dir.is_dir() {
        return Err(Error::Usage(format!(
            "--out-dir {}: exists and is not a folder",
            name(&out_dir.display().to_string())
        )));
    }
    let out_dir_canonical = planned_folder(out_dir);
    let discovery = discover::discover(
        &options.inputs,
        &globs,
        out_dir_canonical.as_deref(),
        (options.format == Format::Json).then_some(out_dir.as_path()),
    );
    let items = discovery.items;
    refuse_overwriting_inputs(&items, out_dir)?;
    if options.report_failures {
        for glob in &discovery.unmatched_globs {
            write_stderr(&format!(
                "plandoc: warning: {glob} matches no file in the input folders\n"
            ));
        }
        for (folder, count) in &discovery.skipped_out_dirs {
            let folder = name(folder);
            let files = if *count == 1 {
                "plan file"
            } else {
                "plan files"
            };
            write_stderr(&format!(
                "plandoc: warning: {folder}: {count} {files} not converted: this is the output \
                 folder (--out-dir), which is never read as input; choose an --out-dir outside \
                 the input folders to convert them\n"
            ));
        }
        for link in &discovery.links_to_folders {
            let link = name(link);
            write_stderr(&format!(
                "plandoc: warning: {link}: a symbolic link to a folder, not followed; give it as \
                 an input to convert the plans in it\n"
            ));
        }
        for folder in &discovery.folders_without_plans {
            let outside = if folder.holds_output {
                " outside the output folder (which is never read as input)"
            } else {
                ""
            };
            let other = folder
                .other_files
                .as_ref()
                .map(|note| format!("; {note}"))
                .unwrap_or_default();
            write_stderr(&format!(
                "plandoc: warning: {}: no plan file ({}) in this folder{outside}{other}\n",
                name(&folder.shown),
                discover::extensions_named()
            ));
        }
    }
    if items.is_empty() {
        // Nothing to convert is most likely a mistyped folder or pattern (warned about above):
        // an empty manifest or `plans.jsonl` would only erase the last good run's.
        if options.report_failures {
            write_stderr(&format!(
                "plandoc: warning: no plan file found: nothing written in {}\n",
                name(&out_dir.display().to_string())
            ));
        }
        return Ok(Report::of_nothing(out_dir, 0, false, started));
    }
    // Idle threads cost memory and start-up time, and a hostile --jobs would start thousands.
    let jobs = asked_jobs.min(items.len()).clamp(1, MAX_JOBS);

    // The folder is made and locked before the manifest is read: another run could otherwise
    // write a manifest between this run's reading and writing it.
    std::fs::create_dir_all(out_dir).map_err(|source| Error::Write {
        path: out_dir.clone(),
        source,
    })?;
    // Once more on the folder as made: a link in the part of the path that was missing is
    // only followed now.
    refuse_overwriting_inputs(&items, out_dir)?;
    let stop = options.stop.clone().unwrap_or_default();
    let report_failures = options.report_failures;
    let note = |text: &str| {
        if report_failures {
            write_stderr(text);
        }
    };
    let Some(_lock) = lock::hold(out_dir, options.when_busy, &stop, &note)? else {
        // Stopped before it could start: nothing done, as a run stopped before any input.
        return Ok(Report::of_nothing(out_dir, items.len(), true, started));
    };

    let run_options = RunOptions {
        format: options.format.name().to_string(),
        compact: options.compact && options.format == Format::Json,
        encoding: options.encoding.map(|e| e.name().to_string()),
    };
    let manifest_path = out_dir.join(manifest::MANIFEST_NAME);
    let previous_manifest = match manifest::read(out_dir) {
        manifest::Previous::None => None,
        manifest::Previous::Manifest(previous) => {
            if let Some(why) = manifest::stale(&previous, &run_options)
                .filter(|_| options.report_failures && !options.force)
            {
                write_stderr(&format!(
                    "plandoc: note: {}: {why}; every input is converted again\n",
                    name(&manifest_path.display().to_string())
                ));
            }
            Some(*previous)
        }
        manifest::Previous::Unusable(why) => {
            if options.report_failures && !options.force {
                write_stderr(&format!(
                    "plandoc: note: {}: {why}; every input is converted again and the manifest \
                     written anew\n",
                    name(&manifest_path.display().to_string())
                ));
            }
            None
        }
        // Refused before anything is converted: the run would end by replacing it, and it may
        // be someone's own file.
        manifest::Previous::Foreign(why) if !options.force || !manifest_path.is_file() => {
            let hint = if manifest_path.is_file() {
                "; move it, choose another --out-dir, or give --force to replace it"
            } else {
                "; move it or choose another --out-dir"
            };
            return Err(Error::input(&manifest_path, format!("{why}{hint}")));
        }
        manifest::Previous::Foreign(_) => None,
    };
    let base_now = std::env::current_dir()
        .and_then(|folder| folder.canonicalize())
        .ok();
    let previous = if options.force {
        BTreeMap::new()
    } else {
        manifest::reusable(previous_manifest.as_ref(), &run_options)
    };
    let out_dir_canonical = out_dir.canonicalize().ok();
    let base_before = previous_manifest
        .as_ref()
        .and_then(|m| manifest::base_seen_from(m, out_dir_canonical.as_deref()))
        .or_else(|| base_now.clone());
    let context = Context {
        out_dir,
        format: options.format,
        compact: run_options.compact,
        read_options: ReadOptions {
            encoding: options.encoding,
        },
        previous,
        written_before: previous_manifest
            .iter()
            .flat_map(|m| &m.inputs)
            .filter_map(|e| Some((e.output.clone()?, e.path.clone())))
            .collect(),
        inputs_now: items
            .iter()
            .filter_map(|item| item.path.canonicalize().ok())
            .collect(),
        outputs_now: items
            .iter()
            .filter_map(|item| {
                let output = item.output.clone()?;
                Some((discover::output_key(&output), (output, item.shown.clone())))
            })
            .collect(),
        base_now: base_now.clone(),
        base_before: base_before.clone(),
        earlier: previous_manifest
            .as_ref()
            .map(|m| EarlierEntries::new(m, base_before.clone(), base_before == base_now)),
        out_dir_canonical: out_dir_canonical.clone(),
        no_record: previous_manifest.is_none(),
        base_recorded: previous_manifest.as_ref().is_some_and(|m| m.base.is_some()),
    };

    remove_stale_temporaries(out_dir, &items, options.format);
    if options.format == Format::Jsonl && !options.force {
        let path = out_dir.join(JSONL_NAME);
        let recorded: BTreeSet<(u64, u64)> = previous_manifest
            .iter()
            .flat_map(|m| &m.inputs)
            .filter_map(|entry| entry.jsonl.as_ref())
            .map(|span| (span.offset, span.length))
            .collect();
        let mut vouched: BTreeSet<String> = previous_manifest
            .iter()
            .flat_map(|m| &m.inputs)
            .filter_map(|entry| entry.jsonl.as_ref())
            .map(|span| span.sha256.clone())
            .collect();
        vouched.extend(recorded_line_hashes(out_dir));
        if let Some(why) = foreign_jsonl(&path, &recorded, &vouched) {
            return Err(Error::input(
                &path,
                format!(
                    "not convert's to replace ({why}); move it, choose another --out-dir, or \
                     give --force to replace it"
                ),
            ));
        }
    }
    let mut jsonl = match options.format {
        Format::Jsonl => Some(JsonlWriter::create(out_dir)?),
        Format::Json => None,
    };
    let last_good_lines = last_good_lines(previous_manifest.as_ref(), options.format);
    let bar = progress_bar(items.len() as u64, options.progress);
    let mut entries: Vec<(usize, Entry)> = Vec::with_capacity(items.len());
    let mut totals = Totals::default();
    let mut parsed_bytes = 0u64;
    // Inputs an interruption left undone, in input order (see `carried_entry`).
    let mut abandoned: Vec<usize> = Vec::new();
    let consumed = schedule::ordered(
        items.len(),
        jobs,
        jobs * WINDOW_PER_JOB,
        &stop,
        |index| {
            let outcome = convert_one(&items[index], &context);
            // A failure met after a stop may be the stop's own doing: Ctrl-C on a terminal
            // reaches the PDF reader's child process too. It is not recorded as the input's;
            // the next run tries it again.
            let stopped = stop.load(Ordering::SeqCst);
            (!(stopped && outcome.entry.status == Status::Failed)).then_some(outcome)
        },
        |index, outcome| {
            let Some(outcome) = outcome else {
                abandoned.push(index);
                return;
            };
            let mut entry = outcome.entry;
            if let (Some(writer), Some(line)) = (jsonl.as_mut(), outcome.line) {
                let (line, sha256) = line;
                if let Err(reason) = writer
                    .append(&line, sha256)
                    .map(|span| entry.jsonl = Some(span))
                {
                    entry.fail(reason);
                }
            }
            if let (Some(output), Some(temp)) = (entry.output.as_deref(), outcome.file) {
                if let Err(error) = crate::render::commit(temp, &out_dir.join(output)) {
                    entry.fail(error.to_string());
                }
            }
            if entry.status == Status::Failed {
                // A failed input keeps its last good plan — a file caught mid-save must not
                // cost the plan it had — and the manifest goes on naming it: a plan file no
                // manifest names is not convert's, and the input, once mended, could not
                // replace it.
                if let Some(kept) = last_good(&items[index], &context) {
                    entry.output = kept.output;
                    entry.output_sha256 = kept.output_sha256;
                    if jsonl.is_none() {
                        // A `json` run leaves `plans.jsonl` alone while an input of it failed.
                        entry.jsonl = kept.jsonl;
                    }
                }
                let kept_line = last_good_lines.get(&entry.path).and_then(|span| {
                    let line = read_span(&out_dir.join(JSONL_NAME), span)?;
                    Some((line, span.sha256.clone()))
                });
                if let (Some(writer), Some((line, sha256))) = (jsonl.as_mut(), kept_line) {
                    entry.jsonl = writer.append(&line, sha256).ok();
                }
            }
            if entry.status == Status::Converted {
                parsed_bytes += entry.bytes.unwrap_or(0);
            }
            if entry.status == Status::Failed && options.report_failures {
                let reason = name(entry.error.as_deref().unwrap_or("failed"));
                bar.suspend(|| {
                    write_stderr(&format!(
                        "plandoc: error: {}: {reason}\n",
                        name(&entry.path)
                    ))
                });
            }
            totals.add(&entry);
            entries.push((index, entry));
            bar.inc(1);
        },
    )?;
    bar.finish_and_clear();
    let interrupted = consumed < items.len() || !abandoned.is_empty();
    let report = |totals, parsed_bytes| Report {
        totals,
        parsed_bytes,
        elapsed: started.elapsed(),
        jobs,
        out_dir: out_dir.clone(),
        inputs: items.len(),
        interrupted,
    };
    if interrupted && options.format == Format::Jsonl {
        // Dropping the writer removes its temporary file.
        drop(jsonl);
        return Ok(report(totals, parsed_bytes));
    }
    if let Some(writer) = jsonl {
        writer.finish()?;
    }
    let mut entries: Vec<Entry> = match (&previous_manifest, interrupted) {
        (Some(previous), true) => {
            let undone: Vec<usize> = abandoned.into_iter().chain(consumed..items.len()).collect();
            let reusable = manifest::reusable(Some(previous), &run_options);
            let carried = carried_entries(&undone, &items, previous, &reusable, &entries, &context);
            let mut all: Vec<(usize, Entry)> = entries.into_iter().chain(carried).collect();
            // Stable: an input's carried entries keep the earlier manifest's order. An input
            // deleted since goes ahead of the input its index names (it sorts before it).
            let found: BTreeSet<&str> = items.iter().map(|item| item.shown.as_str()).collect();
            all.sort_by_key(|(index, entry)| (*index, found.contains(entry.path.as_str())));
            all.into_iter().map(|(_, entry)| entry).collect()
        }
        _ => entries.into_iter().map(|(_, entry)| entry).collect(),
    };
    if let Some(previous) = &previous_manifest {
        let format_changed = previous.options.format != run_options.format;
        // A stopped run does no more than it must: the next one removes these.
        let walked: Vec<PathBuf> = if interrupted {
            Vec::new()
        } else {
            options
                .inputs
                .iter()
                .filter(|input| input.is_dir())
                .cloned()
                .collect()
        };
        let removed = remove_stale_outputs(
            out_dir,
            previous,
            &entries,
            &items,
            format_changed,
            &walked,
            context.base_before.as_deref(),
        );
        if options.report_failures {
            for (output, input, now_in) in removed {
                let why = match now_in {
                    None => format!("its input {} is no longer there", name(&input)),
                    Some(now_in) => {
                        format!("the plan of {} is now in {}", name(&input), name(&now_in))
                    }
                };
                write_stderr(&format!(
                    "plandoc: note: removed {}: {why}\n",
                    name(&output.display().to_string()),
                ));
            }
        }
        let other = entries_of_other_inputs(previous, &entries, &items, &run_options, &context);
        if options.report_failures {
            for (output, input) in &other.removed {
                write_stderr(&format!(
                    "plandoc: note: removed {}: its input {} is no longer there\n",
                    name(&output.display().to_string()),
                    name(input)
                ));
            }
        }
        for entry in other.carried {
            let at = entries.partition_point(|e| e.path < entry.path);
            entries.insert(at, entry);
        }
        // `plans.jsonl` goes only when every plan in it has its own file now. What it holds is
        // what the previous manifest records of it (`jsonl` spans, with their paths below that
        // manifest's `base`): it goes only when each of its lines is such a span, byte for byte
        // (else it holds something no manifest vouches for: a user's, or another checkout's), and
        // each input holding one was converted in this run — the same path from the same folder,
        // or the same file. An input that failed keeps its last good plan there, and a run that
        // stopped, or was given some of the inputs, leaves the file.
        let same_folder = context.base_before == context.base_now;
        let done: BTreeSet<&str> = entries
            .iter()
            .filter(|e| e.status != Status::Failed && !e.carried)
            .map(|e| e.path.as_str())
            .collect();
        let converted: Vec<&discover::Item> = items
            .iter()
            .filter(|item| done.contains(item.shown.as_str()))
            .collect();
        let converted_shown: BTreeSet<&str> =
            converted.iter().map(|item| item.shown.as_str()).collect();
        let converted_files: BTreeSet<PathBuf> = converted
            .iter()
            .filter_map(|item| item.path.canonicalize().ok())
            .collect();
        // A path shown with U+FFFD names no file, and may be shown alike for two. An input
        // gone since needs no line any more (its plan file, if any, went too).
        let replaced = |old: &&Entry| {
            !old.path.contains('\u{FFFD}')
                && ((same_folder && converted_shown.contains(old.path.as_str()))
                    || (same_folder
                        && context.base_recorded
                        && resolve(&old.path, context.base_before.as_deref())
                            .is_some_and(|path| input_is_gone(&path)))
                    || resolve(&old.path, context.base_before.as_deref())
                        .and_then(|p| p.canonicalize().ok())
                        .is_some_and(|file| converted_files.contains(&file)))
        };
        let holders: Vec<&Entry> = previous
            .inputs
            .iter()
            .filter(|old| old.jsonl.is_some())
            .collect();
        let all_replaced = !interrupted
            && options.format == Format::Json
            && !holders.is_empty()
            && holders.iter().all(replaced)
            && jsonl_is_exactly(
                &out_dir.join(JSONL_NAME),
                holders.iter().filter_map(|old| old.jsonl.as_ref()),
            );
        if all_replaced && remove_stale_jsonl(out_dir, &items) && options.report_failures {
            write_stderr(&format!(
                "plandoc: note: removed {}: every plan in it has a file of its own now\n",
                name(&out_dir.join(JSONL_NAME).display().to_string())
            ));
            for entry in entries.iter_mut() {
                entry.jsonl = None;
            }
            // An input gone since was on record for its line alone.
            entries.retain(|entry| !(entry.carried && entry.output.is_none()));
        } else if options.format == Format::Json {
            // The file stays: each input whose line is in it goes on naming that line, so
            // that a later run knows the file holds nothing else, and removes it once every
            // such input has its own file. A stopped run too: else the lines of the inputs it
            // converted would be on no record, and the file would stay for good.
            let by_shown: BTreeMap<&str, &discover::Item> = items
                .iter()
                .map(|item| (item.shown.as_str(), item))
                .collect();
            for entry in entries.iter_mut().filter(|e| e.jsonl.is_none()) {
                let Some(item) = by_shown.get(entry.path.as_str()) else {
                    continue;
                };
                entry.jsonl = previous_span(item, &context);
            }
        }
    }
    let manifest = Manifest {
        schema: manifest::MANIFEST_SCHEMA.to_string(),
        tool: env!("CARGO_PKG_NAME").to_string(),
        version: manifest::TOOL_VERSION.to_string(),
        options: run_options,
        totals,
        interrupted,
        base: context
            .base_now
            .as_ref()
            .map(|b| b.to_string_lossy().into_owned()),
        base_from_out_dir: context
            .base_now
            .as_deref()
            .zip(context.out_dir_canonical.as_deref())
            .and_then(|(base, out)| manifest::relative_base(base, out)),
        inputs: entries,
    };
    crate::render::write_atomic(
        &out_dir.join(manifest::MANIFEST_NAME),
        &manifest::to_bytes(&manifest),
    )?;
    Ok(report(totals, parsed_bytes))
}

/// Why the `plans.jsonl` at `path`, which a `jsonl` run replaces, is not convert's to replace.
/// A line is convert's when it sits where the manifest records a line (offset and length; its
/// bytes may have been damaged since, and the input is converted again), or when its SHA-256
/// (a CRLF line end read as LF, as a checkout may turn it) is one convert recorded (`vouched`:
/// the manifest's and [`JSONL_HASHES_NAME`]'s). What a line says of itself proves nothing: a
/// user's own `plandoc parse` output says the same. None when there is no such file.
fn foreign_jsonl(
    path: &Path,
    recorded: &BTreeSet<(u64, u64)>,
    vouched: &BTreeSet<String>,
) -> Option<String> {
    let metadata = match std::fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return None,
        Err(error) => return Some(format!("it cannot be looked at: {error}")),
    };
    if !metadata.file_type().is_file() {
        return Some("not a regular file".to_string());
    }
    // A file this run cannot read is not known to be convert's: it is someone's until shown.
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(error) => return Some(format!("it cannot be read: {error}")),
    };
    let mut reader = std::io::BufReader::new(file);
    let mut offset = 0u64;
    for number in 1usize.. {
        let (length, sha256) = match hash_line(&mut reader) {
            Ok(Some(line)) => line,
            Ok(None) => return None,
            Err(error) => return Some(format!("it cannot be read: {error}")),
        };
        if !recorded.contains(&(offset, length)) && !vouched.contains(&sha256) {
            return Some(format!(
                "line {number} is on no record of convert's ({} or {JSONL_HASHES_NAME})",
                manifest::MANIFEST_NAME
            ));
        }
        offset += length;
    }
    None
}

/// The next line's length (its line break included) and the SHA-256 of its bytes with a CRLF
/// line end read as LF; None at the end of the file. The line is not held.
fn hash_line(reader: &mut impl std::io::BufRead) -> std::io::Result<Option<(u64, String)>> {
    let mut hasher = Sha256::new();
    let mut length = 0u64;
    // A '\r' is held back until the next byte shows whether it ends the line.
    let mut held_cr = false;
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            if length == 0 {
                return Ok(None);
            }
            if held_cr {
                hasher.update(b"\r");
            }
            return Ok(Some((length, read::hex(&hasher.finalize()))));
        }
        let (part, ends) = match memchr::memchr(b'\n', buffer) {
            Some(at) => (&buffer[..at], true),
            None => (buffer, false),
        };
        if held_cr && !part.is_empty() {
            hasher.update(b"\r");
            held_cr = false;
        }
        let (body, cr) = match part.split_last() {
            Some((b'\r', body)) => (body, true),
            _ => (part, false),
        };
        hasher.update(body);
        held_cr = held_cr || cr;
        let used = part.len() + usize::from(ends);
        length += used as u64;
        reader.consume(used);
        if ends {
            hasher.update(b"\n");
            return Ok(Some((length, read::hex(&hasher.finalize()))));
        }
    }
}

/// The line hashes a `jsonl` run wrote beside `plans.jsonl` ([`JSONL_HASHES_NAME`]): only
/// well-formed ones, from a regular file of a sane size.
fn recorded_line_hashes(out_dir: &Path) -> Vec<String> {
    let path = out_dir.join(JSONL_HASHES_NAME);
    let readable = std::fs::symlink_metadata(&path)
        .is_ok_and(|m| m.file_type().is_file() && m.len() <= 64 * 1024 * 1024);
    if !readable {
        return Vec::new();
    }
    std::fs::read_to_string(&path)
        .map(|text| {
            text.lines()
                .filter(|line| line.len() == 64 && line.bytes().all(|b| b.is_ascii_hexdigit()))
                .map(str::to_ascii_lowercase)
                .collect()
        })
        .unwrap_or_default()
}

/// Where the previous `plans.jsonl` holds each input's last line (its last good plan, or the one
/// a failed entry kept), for a `jsonl` run. The previous manifest may be a `json` run's: an
/// input that failed there kept its line of the `plans.jsonl` before it. Paths the manifest
/// names more than once (names shown alike) are left out: which line is whose is not known.
/// Each line is read back only if its bytes are the recorded ones.
fn last_good_lines(
    previous: Option<&Manifest>,
    format: Format,
) -> BTreeMap<String, manifest::Span> {
    let mut lines: BTreeMap<String, Option<manifest::Span>> = BTreeMap::new();
    let Some(previous) = previous else {
        return BTreeMap::new();
    };
    if format != Format::Jsonl {
        return BTreeMap::new();
    }
    for entry in &previous.inputs {
        lines
            .entry(entry.path.clone())
            .and_modify(|span| *span = None)
            .or_insert_with(|| entry.jsonl.clone());
    }
    lines
        .into_iter()
        .filter_map(|(path, span)| Some((path, span?)))
        .collect()
}

/// What a failed input keeps of the previous manifest's entry for it: the plan file (and its
/// SHA-256) still in the folder with the bytes recorded, and its line of `plans.jsonl` if that is
/// still there. The entry must be this very input's — the same file, or the same path in a run
/// started from the same folder — and named once; a plan file another input of this run will
/// write is not kept.
fn last_good(item: &discover::Item, context: &Context) -> Option<Entry> {
    let earlier = context.earlier.as_ref()?;
    let [old] = earlier.of_input(item)[..] else {
        return None;
    };
    let mut kept = Entry {
        output: None,
        output_sha256: None,
        jsonl: None,
        carried: false,
        ..old.clone()
    };
    if let (Some(output), Some(sha256)) = (old.output.as_deref(), old.output_sha256.as_deref()) {
        let claimed_by_another = context
            .claimed_now(output)
            .is_some_and(|shown| shown != item.shown);
        if !claimed_by_another
            && discover::is_contained(output)
            && has_bytes(&context.out_dir.join(output), sha256)
        {
            kept.output = Some(output.to_string());
            kept.output_sha256 = Some(sha256.to_string());
        }
    }
    kept.jsonl = old
        .jsonl
        .clone()
        .filter(|span| read_span(&context.out_dir.join(JSONL_NAME), span).is_some());
    Some(kept)
}

/// For the inputs an interrupted run did not convert (`undone`, in input order), the previous
/// manifest's entries of their plan files still on disk, so that the manifest keeps vouching for
/// them: the next run skips an input whose bytes did not change and whose file has the name this
/// run gives it (as if this run had not happened), and it converts one whose name moved and then
/// removes the old file (`remove_stale_outputs`), which it would not know of otherwise. An entry
/// made by another version or with other options (not in `reusable`) is carried without its
/// hash, so no run takes its file for its own. Each (input, plan file) is recorded once.
fn carried_entries(
    undone: &[usize],
    items: &[discover::Item],
    previous: &Manifest,
    reusable: &BTreeMap<String, Vec<Entry>>,
    finished: &[(usize, Entry)],
    context: &Context,
) -> Vec<(usize, Entry)> {
    let out_dir = context.out_dir;
    let base_before = context.base_before.as_deref();
    let same_base = context.base_before == context.base_now;
    let mut earlier: BTreeMap<&str, Vec<&Entry>> = BTreeMap::new();
    for entry in &previous.inputs {
        earlier.entry(entry.path.as_str()).or_default().push(entry);
    }
    // The same inputs spelt otherwise ("./in/a.txt" then "in/a.txt"), by the file they are.
    let mut by_file: BTreeMap<PathBuf, Vec<&Entry>> = BTreeMap::new();
    for entry in &previous.inputs {
        if let Some(file) = resolve(&entry.path, base_before).and_then(|p| p.canonicalize().ok()) {
            by_file.entry(file).or_default().push(entry);
        }
    }
    let mut recorded: BTreeSet<(String, String)> = finished
        .iter()
        .filter_map(|(_, e)| Some((e.path.clone(), e.output.clone()?)))
        .collect();
    let mut carried = Vec::new();
    for &index in undone {
        let path = items[index].shown.as_str();
        // By the path only when both runs started in the same folder (another checkout's
        // "in/a.txt" is another file), else by the file.
        let theirs = earlier
            .get(path)
            .filter(|_| same_base)
            .cloned()
            .or_else(|| {
                let file = items[index].path.canonicalize().ok()?;
                by_file.get(&file).cloned()
            });
        for entry in theirs.into_iter().flatten() {
            // (A failed entry's file is the last good plan it kept.) An entry with no plan
            // file but a line of `plans.jsonl` (a `jsonl` run's) keeps that line on record: a
            // stopped run leaves the file as it is.
            let kept_file = entry
                .output
                .as_deref()
                .filter(|output| out_dir.join(output).is_file());
            if kept_file.is_none() && entry.jsonl.is_none() {
                continue;
            }
            if !recorded.insert((path.to_string(), kept_file.unwrap_or_default().to_string())) {
                continue;
            }
            let mut entry = (*entry).clone();
            if kept_file.is_none() {
                entry.output = None;
                entry.output_sha256 = None;
            }
            let same_run_options = reusable
                .get(&entry.path)
                .is_some_and(|kept| kept.iter().any(|k| k.output == entry.output));
            // Reused only as it was written: a plan file records its input's path as spelt
            // then, so one found under another spelling is converted again.
            if !same_run_options || entry.path != path {
                entry.sha256 = None;
            }
            // Recorded as this run spells the input, which the manifest's `base` goes with.
            entry.path = path.to_string();
            entry.carried = true;
            carried.push((index, entry));
        }
    }
    // Inputs deleted since the previous run (their file is gone, or a folder took its name): a
    // finished run would have removed their plan files from the folders it walked; a stopped one
    // keeps them on record so that the next run does. Only when both runs were started in the
    // same folder (the paths are relative to it); inputs left out by --glob or not given are
    // still there and not carried, as a finished run does not name them either. Each goes where
    // its path sorts among this run's inputs (`index` of the input it precedes, ahead of it).
    if same_base {
        for entry in &previous.inputs {
            let Some(output) = entry.output.as_deref() else {
                continue;
            };
            let gone = resolve(&entry.path, None).is_some_and(|path| {
                std::fs::symlink_metadata(&path).map_or_else(
                    |e| e.kind() == std::io::ErrorKind::NotFound,
                    |m| m.file_type().is_dir(),
                )
            });
            if !gone
                || !out_dir.join(output).is_file()
                || !recorded.insert((entry.path.clone(), output.to_string()))
            {
                continue;
            }
            let mut entry = entry.clone();
            let same_run_options = reusable
                .get(&entry.path)
                .is_some_and(|kept| kept.iter().any(|k| k.output == entry.output));
            if !same_run_options {
                // Not to be reused: no run takes its file for its own (see above).
                entry.sha256 = None;
            }
            entry.carried = true;
            let before = items.partition_point(|item| item.shown < entry.path);
            carried.push((before, entry));
        }
    }
    carried
}

/// A plan file an earlier run wrote for an input that this run converted under another name (its
/// output name moved, e.g. when a new file took its name), or into JSON Lines instead
/// (`format_changed`), is removed: the folder should hold no plan the manifest does not vouch
/// for, which a script globbing `*.json` would read as current. An input that fails this run keeps its last good output
/// — a file caught mid-save must not cost the plan it had. Only inputs of this run are looked at
/// (converting a subset into the folder leaves the others' outputs alone), only `.json` files
/// inside the output folder that read as a plan, never through a symbolic link, never a file
/// another input now owns, and never one of this run's inputs. Returns each plan file removed,
/// with its input's path and where that input's plan is now (None: the input is gone).
fn remove_stale_outputs(
    out_dir: &Path,
    previous: &Manifest,
    entries: &[Entry],
    items: &[discover::Item],
    format_changed: bool,
    walked: &[PathBuf],
    base_before: Option<&Path>,
) -> Vec<(PathBuf, String, Option<String>)> {
    let mut removed = Vec::new();
    let now: BTreeMap<&str, &Entry> = entries.iter().map(|e| (e.path.as_str(), e)).collect();
    let owned = OwnedOutputs::new(entries, out_dir);
    let reserved = [manifest::MANIFEST_NAME, JSONL_NAME].map(discover::output_key);
    let inputs: BTreeSet<PathBuf> = items
        .iter()
        .filter_map(|item| item.path.canonicalize().ok())
        .collect();
    let Ok(out_dir_canonical) = out_dir.canonicalize() else {
        return removed;
    };
    // This run's inputs by the file they are, to find an earlier run's input again however
    // either run spelt it, from whatever folder it was run.
    let now_by_file: BTreeMap<PathBuf, &Entry> = items
        .iter()
        .filter_map(|item| {
            Some((
                item.path.canonicalize().ok()?,
                *now.get(item.shown.as_str())?,
            ))
        })
        .collect();
    let walked: Vec<PathBuf> = walked
        .iter()
        .filter_map(|folder| folder.canonicalize().ok())
        .collect();
    for old in &previous.inputs {
        let Some(output) = old.output.as_deref() else {
            continue;
        };
        // Where its input is: below the folder the earlier run was started in. A path shown
        // with U+FFFD for bytes that are not UTF-8 names no file to look for: never moved or
        // gone.
        let Some(old_path) = resolve(&old.path, base_before) else {
            continue;
        };
        let found_again = old_path
            .canonicalize()
            .ok()
            .and_then(|file| now_by_file.get(&file));
        // (A new entry with no plan file is in JSON Lines: the plan file an earlier failure
        // kept, in a `jsonl` run after a `json` one, is not its plan any more.)
        let moved = found_again.is_some_and(|new| {
            new.status != Status::Failed
                && (format_changed
                    || new.output.as_deref().is_none_or(|name| {
                        discover::output_key(name) != discover::output_key(output)
                    }))
        });
        // Its input was in a folder this run walked, and is not there any more (not merely
        // left out by a --glob: that one still exists), or a folder took its name.
        let gone = nothing_there(&old_path)
            && old_path
                .parent()
                .and_then(canonical_as_far_as_it_exists)
                .is_some_and(|folder| walked.iter().any(|w| folder.starts_with(w)));
        let key = discover::output_key(output);
        // (A failed input's entry names the last good plan it kept: removed when its input is
        // gone, or converted under another name.)
        if !(moved || gone)
            || owned.owns(output)
            || reserved.contains(&key)
            || !discover::is_contained(output)
            || !output.ends_with(".json")
        {
            continue;
        }
        let path = out_dir.join(output);
        let inside = path
            .parent()
            .and_then(|folder| folder.canonicalize().ok())
            .is_some_and(|folder| folder.starts_with(&out_dir_canonical));
        let is_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
        let is_input = path
            .canonicalize()
            .is_ok_and(|canonical| inputs.contains(&canonical));
        // Only the bytes the manifest recorded: a file edited, or replaced by the user's own
        // (a `plandoc parse` output under that name) since, is not convert's to remove.
        // Manifests of earlier versions record no hash: then it must read as a plan.
        let still_ours = match old.output_sha256.as_deref() {
            Some(sha256) => has_bytes(&path, sha256),
            None => is_plan_output(&path),
        };
        if inside && is_file && !is_input && still_ours {
            // Unlinking is atomic; a file that cannot be removed stays, as it would have.
            let unlinked = std::fs::remove_file(&path).is_ok();
            if unlinked {
                remove_empty_folders(out_dir, &path);
            }
            // Said with where the plan is now: the other format's file, or its new name.
            if unlinked {
                let now_in = match found_again {
                    Some(new) if !gone => Some(
                        new.output
                            .as_deref()
                            .map_or_else(|| out_dir.join(JSONL_NAME), |name| out_dir.join(name))
                            .display()
                            .to_string(),
                    ),
                    _ => None,
                };
                removed.push((path, old.path.clone(), now_in));
            }
        }
    }
    removed
}

/// What became of the previous manifest's entries of inputs this run was not given.
struct OtherInputs {
    /// Entries kept on record (`carried`): their plans are still in the folder.
    carried: Vec<Entry>,
    /// Plan files removed because their input is gone, with that input's path.
    removed: Vec<(PathBuf, String)>,
}

/// The previous manifest's entries of inputs this run was not given — a run over some of the
/// files or a subfolder after one over them all, an input left out by `--glob`, one named
/// by hand from another folder — whose plans are still in the folder: the manifest goes on
/// naming them (`carried`), or a later run could neither replace a plan convert wrote (it
/// would take it for someone's) nor remove it once its input is gone. Only a plan file that is
/// still the one written (it reads as a plan of the bytes the entry records), or a line of a
/// `plans.jsonl` still long enough to hold it, never a plan file this run wrote for another
/// input. A path relative to another folder than this run's is recorded resolved (absolute).
/// An entry made with other options is carried without its input's hash, so that no run
/// reuses its file.
///
/// An input that is gone — its file is not there, in a folder that still is — has its plan
/// removed (only the bytes the manifest recorded) and is dropped from the record, as in a
/// folder this run walked; an input whose folder is not there at all (a drive not mounted, a
/// manifest copied from elsewhere) is carried.
fn entries_of_other_inputs(
    previous: &Manifest,
    entries: &[Entry],
    items: &[discover::Item],
    run_options: &RunOptions,
    context: &Context,
) -> OtherInputs {
    let same_base = context.base_before == context.base_now;
    let shown_now: BTreeSet<&str> = items.iter().map(|item| item.shown.as_str()).collect();
    let files_now: BTreeSet<PathBuf> = items
        .iter()
        .filter_map(|item| item.path.canonicalize().ok())
        .collect();
    let owned = OwnedOutputs::new(entries, context.out_dir);
    let mut recorded: BTreeSet<(String, String)> = entries
        .iter()
        .map(|e| (e.path.clone(), e.output.clone().unwrap_or_default()))
        .collect();
    let reusable = manifest::reusable(Some(previous), run_options);
    let jsonl_length = std::fs::symlink_metadata(context.out_dir.join(JSONL_NAME))
        .ok()
        .filter(|m| m.file_type().is_file())
        .map(|m| m.len());
    let mut other = OtherInputs {
        carried: Vec::new(),
        removed: Vec::new(),
    };
    for old in &previous.inputs {
        let resolved = resolve(&old.path, context.base_before.as_deref());
        if (same_base && shown_now.contains(old.path.as_str()))
            || resolved
                .as_deref()
                .and_then(|p| p.canonicalize().ok())
                .is_some_and(|file| files_now.contains(&file))
        {
            continue;
        }
        let usable_output = old.output.as_deref().filter(|output| {
            discover::is_contained(output)
                && !owned.owns(output)
                && context.claimed_now(output).is_none()
                && std::fs::symlink_metadata(context.out_dir.join(output))
                    .is_ok_and(|m| m.file_type().is_file())
        });
        if resolved.as_deref().is_some_and(input_is_gone) && context.base_recorded && same_base {
            if let Some(output) = usable_output.filter(|o| o.ends_with(".json")) {
                let path = context.out_dir.join(output);
                let still_ours = match old.output_sha256.as_deref() {
                    Some(sha256) => has_bytes(&path, sha256),
                    None => is_plan_output(&path),
                };
                let inside = path
                    .parent()
                    .and_then(|f| f.canonicalize().ok())
                    .is_some_and(|folder| {
                        context
                            .out_dir_canonical
                            .as_deref()
                            .is_some_and(|root| folder.starts_with(root))
                    });
                if still_ours && inside && std::fs::remove_file(&path).is_ok() {
                    remove_empty_folders(context.out_dir, &path);
                    other.removed.push((path, old.path.clone()));
                }
            }
            // Its line in `plans.jsonl` stays on record while a `json` run leaves that file:
            // a line on no record would keep the file for good.
            let holds_line = old.jsonl.as_ref().is_some_and(|span| {
                context.format == Format::Json
                    && jsonl_length.is_some_and(|length| {
                        span.offset
                            .checked_add(span.length)
                            .is_some_and(|end| end <= length)
                    })
            });
            if !holds_line {
                continue;
            }
            let mut entry = old.clone();
            entry.output = None;
            entry.output_sha256 = None;
            entry.sha256 = None;
            entry.carried = true;
            if recorded.insert((entry.path.clone(), String::new())) {
                other.carried.push(entry);
            }
            continue;
        }
        let kept_file =
            usable_output.filter(|output| is_plan_of_entry(&context.out_dir.join(output), old));
        // A `json` run leaves `plans.jsonl` as it was while it holds a plan of an input not
        // converted now; a `jsonl` run has written the file anew.
        let kept_line = old.jsonl.clone().filter(|span| {
            context.format == Format::Json
                && jsonl_length.is_some_and(|length| {
                    span.offset
                        .checked_add(span.length)
                        .is_some_and(|end| end <= length)
                })
        });
        if kept_file.is_none() && kept_line.is_none() {
            continue;
        }
        let path = match (&resolved, same_base) {
            (Some(resolved), false) if Path::new(&old.path).is_relative() => {
                resolved.to_string_lossy().into_owned()
            }
            _ => old.path.clone(),
        };
        if !recorded.insert((path.clone(), kept_file.unwrap_or_default().to_string())) {
            continue;
        }
        let mut entry = old.clone();
        if kept_file.is_none() {
            entry.output = None;
            entry.output_sha256 = None;
        }
        entry.jsonl = kept_line;
        let same_run_options = reusable
            .get(&entry.path)
            .is_some_and(|kept| kept.iter().any(|k| k.output == entry.output));
        if !same_run_options || path != old.path {
            entry.sha256 = None;
        }
        entry.path = path;
        entry.carried = true;
        other.carried.push(entry);
    }
    other
}

/// The folders of a removed plan file that it leaves empty (a deleted subfolder's), up to the
/// output folder: `remove_dir` takes only an empty folder, so nothing else is lost.
fn remove_empty_folders(out_dir: &Path, removed: &Path) {
    for folder in removed.ancestors().skip(1) {
        if folder == out_dir || !folder.starts_with(out_dir) || std::fs::remove_dir(folder).is_err()
        {
            break;
        }
    }
}

/// Whether an input path of an earlier run leads to nothing now — no file (or a folder, or a
/// file where its folder was) — in a folder that is still there: deleted, not merely out of
/// reach (a drive not mounted, a share offline, a manifest copied from another machine).
fn input_is_gone(path: &Path) -> bool {
    // Not found in an empty folder: that may be a drive's or a share's mount point with
    // nothing mounted.
    let not_found = std::fs::symlink_metadata(path)
        .is_err_and(|error| error.kind() == std::io::ErrorKind::NotFound);
    nothing_there(path)
        && (!not_found
            || path
                .parent()
                .and_then(|folder| std::fs::read_dir(folder).ok())
                .is_some_and(|mut entries| entries.next().is_some()))
}

/// No file at `path`: nothing by that name, a folder in its place, or a file where one of its
/// folders was.
fn nothing_there(path: &Path) -> bool {
    std::fs::symlink_metadata(path).map_or_else(
        |error| {
            matches!(
                error.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            )
        },
        |metadata| metadata.file_type().is_dir(),
    )
}

/// Whether a plan file is still the one an entry records, read from its head only (a carried
/// entry is looked at on every run): a plan of the input bytes the entry records — or, for an
/// entry whose input failed since (its file is the last good plan) or that records no hash,
/// any plan. A user's own file under that name is not.
fn is_plan_of_entry(path: &Path, entry: &Entry) -> bool {
    let Some((_, source_sha256)) = plan_source_path(path) else {
        return false;
    };
    match entry.sha256.as_deref() {
        Some(sha256) if entry.status != Status::Failed => sha256 == source_sha256,
        _ => true,
    }
}

/// A path made canonical as far as it exists: its deepest existing folder resolved, the rest
/// appended as written. A deleted folder's files are still below the folder that held it.
fn canonical_as_far_as_it_exists(path: &Path) -> Option<PathBuf> {
    let mut missing = Vec::new();
    let mut at = path;
    loop {
        if let Ok(found) = at.canonicalize() {
            return Some(missing.into_iter().rev().fold(found, |mut p, part| {
                p.push(part);
                p
            }));
        }
        missing.push(at.file_name()?.to_os_string());
        at = at.parent()?;
    }
}

/// This run's plan files by their folded names: an old name that folds alike ("plan.json" after
/// "Plan.txt" was renamed "plan.txt") is the same file only on a file system that ignores case
/// or normalization; elsewhere it is the old plan, to remove.
struct OwnedOutputs<'e> {
    out_dir: &'e Path,
    by_key: BTreeMap<String, Vec<&'e str>>,
}

impl<'e> OwnedOutputs<'e> {
    fn new(entries: &'e [Entry], out_dir: &'e Path) -> OwnedOutputs<'e> {
        let mut by_key: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for output in entries.iter().filter_map(|e| e.output.as_deref()) {
            by_key
                .entry(discover::output_key(output))
                .or_default()
                .push(output);
        }
        OwnedOutputs { out_dir, by_key }
    }

    /// Whether `output` is one of this run's plan files: the same name, or the same file.
    fn owns(&self, output: &str) -> bool {
        self.by_key
            .get(&discover::output_key(output))
            .is_some_and(|names| {
                names
                    .iter()
                    .any(|name| same_name_or_file(self.out_dir, name, output))
            })
    }
}

/// Whether two names of the output folder are one plan file: the same name, or names folded
/// alike that a file system ignoring case or normalization takes for one file.
fn same_name_or_file(out_dir: &Path, a: &str, b: &str) -> bool {
    a == b || same_file(&out_dir.join(a), &out_dir.join(b))
}

/// A file's device and inode (links followed); None when it is not there.
#[cfg(unix)]
fn file_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.dev(), metadata.ino()))
}

#[cfg(not(unix))]
fn file_identity(path: &Path) -> Option<(u64, u64)> {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    path.canonicalize().ok()?.hash(&mut hasher);
    Some((0, hasher.finish()))
}

/// Whether two paths name one file (on a file system that ignores case, "plan.json" and
/// "Plan.json" do). False when either is not there.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        #[cfg(unix)]
        (Ok(a), Ok(b)) => {
            use std::os::unix::fs::MetadataExt;
            a.dev() == b.dev() && a.ino() == b.ino()
        }
        #[cfg(not(unix))]
        (Ok(_), Ok(_)) => a.canonicalize().ok() == b.canonicalize().ok(),
        _ => false,
    }
}

/// The folder `path` is, or will be once `create_dir_all` has made it: the part that exists
/// resolved, the rest taken part by part ("in/new/.." is "in" once "in/new" is made).
fn planned_folder(path: &Path) -> Option<PathBuf> {
    let mut existing = path;
    let mut rest = Vec::new();
    let mut found = loop {
        if let Ok(found) = existing.canonicalize() {
            break found;
        }
        if existing == Path::new(".") {
            return None;
        }
        rest.push(existing.components().next_back()?);
        existing = match existing.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
    };
    for part in rest.into_iter().rev() {
        match part {
            std::path::Component::ParentDir => {
                found.pop();
            }
            std::path::Component::Normal(name) => found.push(name),
            _ => {}
        }
    }
    Some(found)
}

/// An input path of a manifest as a path to look at: below `base`, the folder its run was
/// started in, when relative. None for a path shown with U+FFFD (bytes that are not UTF-8),
/// which names no file.
fn resolve(path: &str, base: Option<&Path>) -> Option<PathBuf> {
    if path.contains('\u{FFFD}') {
        return None;
    }
    let path = Path::new(path);
    Some(match base {
        Some(base) if path.is_relative() => base.join(path),
        _ => path.to_path_buf(),
    })
}

/// Temporary files a killed run left (`.plandoc-<pid>-XXXXXX.tmp`, as
/// `render::output::new_temporary` names them; `.plandoc-XXXXXX.tmp` from builds before stop
/// 45) in the folders this run writes to: nothing else renames or removes them. Only names of
/// exactly that pattern left untouched for ten minutes by a process that is not running (a
/// convert into a folder nested in this one, or a `parse -o` into it, is still writing its own),
/// or for a day by any; only regular files (not links), never an input; folders are not walked,
/// and a folder reached through a link leading out of the output folder is not touched.
fn remove_stale_temporaries(out_dir: &Path, items: &[discover::Item], format: Format) {
    let mut folders: BTreeSet<PathBuf> = BTreeSet::from([out_dir.to_path_buf()]);
    if format == Format::Json {
        for output in items.iter().filter_map(|item| item.output.as_deref()) {
            if let Some((folder, _)) = output.rsplit_once('/') {
                folders.insert(out_dir.join(folder));
            }
        }
    }
    let Ok(root) = out_dir.canonicalize() else {
        return;
    };
    let mut inputs: Option<BTreeSet<PathBuf>> = None;
    for folder in folders {
        if !folder
            .canonicalize()
            .is_ok_and(|real| real.starts_with(&root))
        {
            continue;
        }
        let Ok(listing) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in listing.filter_map(|entry| entry.ok()) {
            let is_file = entry.file_type().is_ok_and(|kind| kind.is_file());
            if !is_file {
                continue;
            }
            let Some(owner) = temporary_owner(&entry.file_name().to_string_lossy()) else {
                continue;
            };
            let age = entry
                .metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|modified| modified.elapsed().ok())
                .unwrap_or_default();
            // The process id is a hint, not a proof: another container or host sharing the
            // folder has ids of its own (a live writer there looks dead here, and a dead one
            // may share the id of a live process here). A file left untouched a while is what
            // a killed run leaves; one untouched for a day is no writer's, whatever its id.
            let owner_gone = match owner {
                Some(pid) => pid != std::process::id() && !process_is_running(pid),
                None => true,
            };
            let stale = age >= TEMPORARY_FORGOTTEN || (owner_gone && age >= TEMPORARY_IDLE);
            if !stale {
                continue;
            }
            // Inputs are resolved only once a candidate is met, which is seldom.
            let inputs = inputs.get_or_insert_with(|| {
                items
                    .iter()
                    .filter_map(|item| item.path.canonicalize().ok())
                    .collect()
            });
            let path = entry.path();
            if path.canonicalize().is_ok_and(|c| !inputs.contains(&c)) {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
}

/// How long a temporary file of a process that is not running here must have been left
/// untouched before it is taken for a killed run's, and how long any must have been.
const TEMPORARY_IDLE: std::time::Duration = std::time::Duration::from_secs(10 * 60);
const TEMPORARY_FORGOTTEN: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// Whether `name` is one of this tool's temporary files: `Some(Some(pid))` for
/// `.plandoc-<pid>-XXXXXX.tmp`, `Some(None)` for an earlier version's `.plandoc-XXXXXX.tmp`
/// (six letters or digits: what `tempfile` gives), `None` for any other name.
fn temporary_owner(name: &str) -> Option<Option<u32>> {
    use crate::render::output::{TEMPORARY_START, TEMPORARY_SUFFIX};
    let middle = name
        .strip_prefix(TEMPORARY_START)?
        .strip_suffix(TEMPORARY_SUFFIX)?;
    let random_ok =
        |random: &str| random.len() == 6 && random.bytes().all(|b| b.is_ascii_alphanumeric());
    match middle.split_once('-') {
        Some((pid, random)) if random_ok(random) => {
            let digits =
                !pid.is_empty() && pid.len() <= 10 && pid.bytes().all(|b| b.is_ascii_digit());
            digits.then(|| pid.parse().ok()).flatten().map(Some)
        }
        Some(_) => None,
        None => random_ok(middle).then_some(None),
    }
}

/// Whether a process of this id is running (one of another user counts: it may be writing).
#[cfg(unix)]
fn process_is_running(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return false;
    }
    // Signal 0 checks that the process exists without sending anything.
    // SAFETY: kill with signal 0 has no effect on the target process.
    let answer = unsafe { libc::kill(pid, 0) };
    answer == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_is_running(_pid: u32) -> bool {
    false
}

/// Why the plan file `output` may not be written: a file of that name is in the output folder
/// and convert did not write it (no manifest names it, it does not read as a plan, and it is
/// not empty). An
/// output folder that is also a folder of other files (the inputs' own, say "b.json" beside
/// "b.txt") must not lose them; `--force` does not change that.
fn foreign_file(
    item: &discover::Item,
    output: &str,
    bytes: &[u8],
    context: &Context,
) -> Option<String> {
    let path = context.out_dir.join(output);
    let metadata = std::fs::symlink_metadata(&path).ok()?;
    // An empty file holds nothing to lose. A plan file of this very input that no manifest
    // names is one a run wrote and could not record (it was killed before the manifest).
    if let Some(owner) = context.written_before.get(output) {
        // The plan of another input: replaced only when that input is gone or converted in
        // this run too (it then gets a name of its own). A subset run ("convert in/sub" after
        // "convert in") names its plans below another folder, and "a.json" may be in/a.txt's.
        let owner_path = resolve(owner, context.base_before.as_deref());
        let same_folder = context.base_before == context.base_now;
        let same_input = (*owner == item.shown && same_folder)
            || matches!(
                (owner_path.as_deref().map(Path::canonicalize), item.path.canonicalize()),
                (Some(Ok(a)), Ok(b)) if a == b
            );
        // An owner whose path names no file to look for (shown with U+FFFD) may still be
        // there: it is kept.
        let still_elsewhere = match owner_path {
            Some(owner) => owner
                .canonicalize()
                .is_ok_and(|owner| !context.inputs_now.contains(&owner)),
            None => true,
        };
        return (!same_input && still_elsewhere).then(|| {
            format!(
                "would replace {}, the plan of {owner}, an input this run does not convert (give \
                 both, or choose another --out-dir)",
                path.display()
            )
        });
    }
    let ours = metadata.file_type().is_file()
        && (metadata.len() == 0 || is_plan_output_of(&path, item, bytes, context.no_record));
    (!ours).then(|| {
        format!(
            "would replace {}, which convert did not write (move it away, or choose another \
             --out-dir)",
            path.display()
        )
    })
}

/// The JSON Lines file an earlier run wrote, when this run writes one file per plan instead:
/// left there, it would still be read as the folder's plans. Never through a symbolic link,
/// never one of this run's inputs.
/// Returns whether it was removed.
fn remove_stale_jsonl(out_dir: &Path, items: &[discover::Item]) -> bool {
    let path = out_dir.join(JSONL_NAME);
    let is_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
    let is_input = path.canonicalize().is_ok_and(|canonical| {
        items
            .iter()
            .any(|item| item.path.canonicalize().is_ok_and(|p| p == canonical))
    });
    if !is_file || is_input || std::fs::remove_file(&path).is_err() {
        return false;
    }
    let hashes = out_dir.join(JSONL_HASHES_NAME);
    if std::fs::symlink_metadata(&hashes).is_ok_and(|m| m.file_type().is_file()) {
        let _ = std::fs::remove_file(hashes);
    }
    true
}

/// Whether `plans.jsonl` holds exactly the lines `spans` record: every line at a recorded
/// offset, with the recorded length and SHA-256 (each line with its line break). A file with any
/// other line, or none of them, is not only what the manifest vouches for.
fn jsonl_is_exactly<'a>(path: &Path, spans: impl Iterator<Item = &'a manifest::Span>) -> bool {
    use std::io::BufRead;
    if !std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file()) {
        return false;
    }
    let recorded: BTreeSet<(u64, u64, &str)> = spans
        .map(|span| (span.offset, span.length, span.sha256.as_str()))
        .collect();
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut reader = std::io::BufReader::new(file);
    let mut line = Vec::new();
    let mut offset = 0u64;
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => return true,
            Ok(read) => {
                let sha256 = read::hex(&Sha256::digest(&line));
                if !recorded.contains(&(offset, read as u64, sha256.as_str())) {
                    return false;
                }
                offset += read as u64;
            }
            Err(_) => return false,
        }
    }
}

/// The `plans.jsonl` line the previous manifest records for this very input (the same path
/// from the same folder, or the same file), if it names one.
fn previous_span(item: &discover::Item, context: &Context) -> Option<manifest::Span> {
    context
        .earlier
        .as_ref()?
        .of_input(item)
        .into_iter()
        .find_map(|old| old.jsonl.clone())
}

/// Whether a file reads as the plan this tool writes for `item`: the plan schema, then a source
/// path that is the input's own, spelt as this run spells it or leading to the same file
/// (`./in/a.txt`, `in/a.txt` and an absolute path are one input). A `plandoc parse` output of
/// another file, or one edited by hand under another name, is not.
fn is_plan_output_of(path: &Path, item: &discover::Item, bytes: &[u8], no_record: bool) -> bool {
    let Some((source, sha256)) = plan_source_path(path) else {
        return false;
    };
    // The path alone does not say: a relative one is read from the folder its run was started
    // in, unknown here ("./a.txt" of another checkout). Made from these very bytes, the plan
    // holds nothing a new reading of them would not. With no record of earlier runs at all (no
    // manifest, or one emptied or cut short) a changed input would otherwise be refused on
    // every run: then its path is taken as the plan's input.
    let same_file = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if sha256 != read::hex(&Sha256::digest(bytes)) {
        // Only this input's own spelling, or a path to this very file: a bare "plan.txt" of a
        // `plandoc parse` run elsewhere names any file of that name.
        return no_record && (source == item.shown || same_file(Path::new(&source), &item.path));
    }
    if source == item.shown {
        return true;
    }
    // A relative path from a run started in another folder ("plan.txt", run inside "in/")
    // names this input when it is the end of this input's path: with the same bytes, that is
    // the same document, and its plan holds nothing this run would not write again.
    let relative_tail = {
        let relative = Path::new(&source).is_relative();
        let source: Vec<_> = Path::new(&source)
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect();
        let this: Vec<_> = item
            .path
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect();
        relative
            && !source.is_empty()
            && source
                .iter()
                .all(|c| matches!(c, std::path::Component::Normal(_)))
            && this.ends_with(&source)
    };
    relative_tail || same_file(Path::new(&source), &item.path)
}

/// The `source.path` a plan file starts with (`{"schema": "plandoc/plan@…", "source": {"path":
/// …`), pretty or compact; `None` for any other file. Only the head is read.
fn plan_source_path(path: &Path) -> Option<(String, String)> {
    use std::io::Read;
    let mut head = vec![0u8; 8192];
    let read = std::fs::File::open(path).ok()?.read(&mut head).ok()?;
    let mut rest: &[u8] = &head[..read];
    fn skip_space(rest: &mut &[u8]) {
        while let [first, tail @ ..] = *rest {
            if !first.is_ascii_whitespace() {
                break;
            }
            *rest = tail;
        }
    }
    fn punct(rest: &mut &[u8], wanted: u8) -> Option<()> {
        skip_space(rest);
        let (&first, tail) = rest.split_first()?;
        (first == wanted).then(|| *rest = tail)
    }
    fn string(rest: &mut &[u8]) -> Option<String> {
        skip_space(rest);
        let mut stream = serde_json::Deserializer::from_slice(rest).into_iter::<String>();
        let text = stream.next()?.ok()?;
        let used = stream.byte_offset();
        *rest = &rest[used..];
        Some(text)
    }
    punct(&mut rest, b'{')?;
    (string(&mut rest)? == "schema").then_some(())?;
    punct(&mut rest, b':')?;
    (string(&mut rest)? == crate::model::PLAN_SCHEMA).then_some(())?;
    punct(&mut rest, b',')?;
    (string(&mut rest)? == "source").then_some(())?;
    punct(&mut rest, b':')?;
    punct(&mut rest, b'{')?;
    (string(&mut rest)? == "path").then_some(())?;
    punct(&mut rest, b':')?;
    let path = string(&mut rest)?;
    punct(&mut rest, b',')?;
    (string(&mut rest)? == "sha256").then_some(())?;
    punct(&mut rest, b':')?;
    Some((path, string(&mut rest)?))
}

/// Whether a file reads as a plan this tool wrote (its first bytes name the plan schema): a
/// manifest is a file anyone can edit, and what it names is removed only if it is ours.
fn is_plan_output(path: &Path) -> bool {
    let expected = format!("{{\"schema\":\"{}\"", crate::model::PLAN_SCHEMA);
    compact_head(path, 256).is_some_and(|head| head.starts_with(&expected))
}

/// The first `bytes` of a file with white space taken out, as pretty and compact JSON compare.
fn compact_head(path: &Path, bytes: usize) -> Option<String> {
    use std::io::Read;
    let mut head = vec![0u8; bytes];
    let read = std::fs::File::open(path).ok()?.read(&mut head).unwrap_or(0);
    Some(
        String::from_utf8_lossy(&head[..read])
            .split_whitespace()
            .collect(),
    )
}

/// An output folder placed among the inputs must never replace one of them: checked for every
/// output before anything is written.
fn refuse_overwriting_inputs(items: &[discover::Item], out_dir: &Path) -> Result<()> {
    let Some(root) = planned_folder(out_dir) else {
        return Ok(());
    };
    // By the file itself, not its path: a hard link is another path to an input.
    let inputs: BTreeSet<(u64, u64)> = items
        .iter()
        .filter_map(|item| file_identity(&item.path))
        .collect();
    let fixed = [
        manifest::MANIFEST_NAME,
        JSONL_NAME,
        JSONL_HASHES_NAME,
        lock::LOCK_NAME,
    ];
    let outputs = items
        .iter()
        .filter_map(|item| item.output.as_deref())
        .chain(fixed);
    for output in outputs {
        let target = out_dir.join(output);
        if let Some(identity) = file_identity(&root.join(output)) {
            if inputs.contains(&identity) {
                return Err(Error::Usage(format!(
                    "refusing to write {}: it is one of the inputs (choose another --out-dir)",
                    name(&target.display().to_string())
                )));
            }
        }
    }
    Ok(())
}

fn progress_bar(length: u64, wanted: bool) -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    if !wanted || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(length), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{elapsed_precise} [{wide_bar}] {pos}/{len} files  {rate}  ETA {eta}",
    ) {
        // indicatif's own `{per_sec}` prints four decimals ("852.3446/s").
        let rate = |state: &indicatif::ProgressState, out: &mut dyn std::fmt::Write| {
            let _ = write!(out, "{:.1} files/s", state.per_sec());
        };
        bar.set_style(style.with_key("rate", rate).progress_chars("=> "));
    }
    bar
}

fn failed(
    item: &discover::Item,
    reason: String,
    sha256: Option<String>,
    bytes: Option<u64>,
) -> Outcome {
    Outcome {
        entry: Entry {
            path: item.shown.clone(),
            status: Status::Failed,
            output: None,
            output_sha256: None,
            sha256,
            bytes,
            counts: None,
            jsonl: None,
            error: Some(reason),
            carried: false,
        },
        line: None,
        file: None,
    }
}

fn convert_one(item: &discover::Item, context: &Context) -> Outcome {
    if let Some(problem) = &item.problem {
        return failed(item, problem.clone(), None, None);
    }
    let bytes = match read_limited(&item.path) {
        Ok(bytes) => bytes,
        Err(reason) => return failed(item, reason, None, None),
    };
    let size = bytes.len() as u64;
    // A plan file seen through a link to another output folder is another input's: the
    // reason to give is the link, not "move it away".
    let detour = || {
        let path = context.out_dir.join(item.output.as_deref()?);
        let folder = path.parent()?;
        let reason = output_detour(context, folder)?;
        Some(format!("{}: {reason}", folder.display()))
    };
    let foreign = || foreign_file(item, item.output.as_deref()?, &bytes, context);
    let refused = item.output_problem.clone().or_else(|| {
        (context.format == Format::Json)
            .then(|| detour().or_else(foreign))
            .flatten()
    });
    if let Some(reason) = refused {
        let sha256 = Some(read::hex(&Sha256::digest(&bytes)));
        return failed(item, reason, sha256, Some(size));
    }
    // Hashing is only needed up front when there is something to compare with; otherwise the
    // read stage's own hash is used. Names shown alike (non-UTF-8 bytes) share a path in the
    // manifest: each finds its own entry by hash and output.
    if let Some(previous) = context.previous.get(&item.shown) {
        let sha256 = read::hex(&Sha256::digest(&bytes));
        let same_bytes = previous
            .iter()
            .filter(|p| p.sha256.as_deref() == Some(sha256.as_str()));
        for previous in same_bytes {
            if let Some(outcome) = reuse(item, previous, context) {
                return outcome;
            }
        }
    }
    // As `plandoc parse` reads a file: a PDF from its page geometry, other bytes as text.
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        crate::parse_bytes(&item.shown, &bytes, &context.read_options)
    }));
    let plan = match parsed {
        Ok(Ok(plan)) => plan,
        Ok(Err(error)) => {
            let sha256 = Some(read::hex(&Sha256::digest(&bytes)));
            return failed(item, error.into_reason(), sha256, Some(size));
        }
        Err(panic) => {
            let sha256 = Some(read::hex(&Sha256::digest(&bytes)));
            let reason = format!("internal error while parsing: {}", panic_message(&panic));
            return failed(item, reason, sha256, Some(size));
        }
    };
    drop(bytes);
    let counts = Counts::of(&plan);
    let sha256 = Some(plan.source.sha256.clone());
    let mut entry = Entry {
        path: item.shown.clone(),
        status: Status::Converted,
        output: None,
        output_sha256: None,
        sha256: sha256.clone(),
        bytes: Some(size),
        counts: Some(counts),
        jsonl: None,
        error: None,
        carried: false,
    };
    match context.format {
        Format::Jsonl => {
            let mut line = serde_json::to_vec(&plan).expect("plan model serializes");
            line.push(b'\n');
            Outcome {
                entry,
                line: Some(hashed(line)),
                file: None,
            }
        }
        Format::Json => {
            let Some(output) = item.output.as_deref() else {
                return failed(item, "no output path".to_string(), sha256, Some(size));
            };
            // Written as it is made, hashed on the way: a plan's JSON is ~15× its text, and
            // holding it whole would double the peak of a huge plan.
            let mut hasher = Sha256::new();
            let written =
                write_temporary_with(context, &context.out_dir.join(output), &mut |out| {
                    let mut hashing = Hashing {
                        inner: out,
                        hasher: &mut hasher,
                    };
                    crate::render::plan::write_json(&plan, context.compact, &mut hashing)
                });
            drop(plan);
            let temp = match written {
                Ok(temp) => temp,
                Err(error) => return failed(item, error.to_string(), sha256, Some(size)),
            };
            entry.output_sha256 = Some(read::hex(&hasher.finalize()));
            entry.output = Some(output.to_string());
            Outcome {
                entry,
                line: None,
                file: Some(temp),
            }
        }
    }
}

/// A JSON line and its SHA-256, as the manifest records it.
fn hashed(line: Vec<u8>) -> (Vec<u8>, String) {
    let sha256 = read::hex(&Sha256::digest(&line));
    (line, sha256)
}

/// The previous run's output for an input whose bytes did not change, if it is still there.
fn reuse(item: &discover::Item, previous: &Entry, context: &Context) -> Option<Outcome> {
    let mut entry = previous.clone();
    entry.status = Status::Unchanged;
    entry.error = None;
    entry.carried = false;
    match context.format {
        Format::Json => {
            let output = item.output.as_deref()?;
            if previous.output.as_deref() != Some(output)
                || !has_bytes(
                    &context.out_dir.join(output),
                    previous.output_sha256.as_deref()?,
                )
            {
                return None;
            }
            Some(Outcome {
                entry,
                line: None,
                file: None,
            })
        }
        Format::Jsonl => {
            let span = previous.jsonl.as_ref()?;
            let line = read_span(&context.out_dir.join(JSONL_NAME), span)?;
            entry.jsonl = None;
            Some(Outcome {
                entry,
                // `read_span` checked that these bytes have this hash.
                line: Some((line, span.sha256.clone())),
                file: None,
            })
        }
    }
}

/// Whether the file at `path` holds the bytes whose SHA-256 is `sha256`. Hashing a plan file
/// costs a fraction of parsing its input, and only inputs whose own bytes are unchanged get here.
fn has_bytes(path: &Path, sha256: &str) -> bool {
    let Ok(metadata) = std::fs::metadata(path) else {
        return false;
    };
    // A plan file far over the input limit is not one this tool wrote.
    if !metadata.is_file() || metadata.len() > read::MAX_INPUT_BYTES * 16 {
        return false;
    }
    // Streamed: a plan file may be many times the size of its input.
    let mut hasher = Sha256::new();
    std::fs::File::open(path)
        .and_then(|mut file| std::io::copy(&mut file, &mut hasher))
        .is_ok_and(|_| read::hex(&hasher.finalize()) == sha256)
}

/// A line of the previous `plans.jsonl`, only if its bytes are the ones the manifest recorded.
fn read_span(path: &Path, span: &manifest::Span) -> Option<Vec<u8>> {
    // A recorded length far over the input limit is a damaged manifest, not a plan.
    if span.length > read::MAX_INPUT_BYTES * 16 {
        return None;
    }
    let mut file = std::fs::File::open(path).ok()?;
    file.seek(SeekFrom::Start(span.offset)).ok()?;
    let mut line = Vec::new();
    file.take(span.length).read_to_end(&mut line).ok()?;
    if line.len() as u64 != span.length || read::hex(&Sha256::digest(&line)) != span.sha256 {
        return None;
    }
    Some(line)
}

fn read_limited(path: &Path) -> std::result::Result<Vec<u8>, String> {
    let metadata = std::fs::metadata(path).map_err(|e| discover::describe_io(&e))?;
    if metadata.len() > read::MAX_INPUT_BYTES {
        return Err(format!(
            "file is {} bytes, over the {} MiB limit",
            metadata.len(),
            read::MAX_INPUT_BYTES / 1024 / 1024
        ));
    }
    std::fs::read(path).map_err(|e| discover::describe_io(&e))
}

/// What `fill` writes, in a temporary file beside `path` (its folder made if need be), for the
/// consumer to sync and rename into place.
/// Why a plan must not be written in `folder` of the output tree: a folder that is a symbolic
/// link (out/sub → ../elsewhere) would put the plan outside --out-dir, where no later run would
/// find or remove it; one to another folder of the tree (out/a → b) would give two inputs one
/// plan file, the second replacing the first.
fn output_detour(context: &Context, folder: &Path) -> Option<String> {
    let root = context.out_dir_canonical.as_ref()?;
    let real = canonical_as_far_as_it_exists(folder)?;
    if !real.starts_with(root) {
        return Some(format!(
            "leads outside the output folder {} (through a symbolic link): the plan is not \
             written there",
            context.out_dir.display()
        ));
    }
    // A link is looked for, not a real path unlike the mirrored one: on a file system that
    // ignores case, "out/A" is found as "out/a" with no link on the way.
    let mut at = context.out_dir.to_path_buf();
    let linked = folder
        .strip_prefix(context.out_dir)
        .ok()?
        .components()
        .any(|part| {
            at.push(part);
            at.symlink_metadata()
                .is_ok_and(|meta| meta.file_type().is_symlink())
        });
    linked.then(|| {
        format!(
            "leads to {} (through a symbolic link), another folder of the output: the plan is \
             not written there, where another input's plan may be",
            context
                .out_dir
                .join(real.strip_prefix(root).unwrap_or(&real))
                .display()
        )
    })
}

fn write_temporary_with(
    context: &Context,
    path: &Path,
    fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<tempfile::TempPath> {
    if let Some(folder) = path.parent() {
        // Asked before any folder is made (through the link), and again after.
        let mut refused = output_detour(context, folder);
        if refused.is_none() {
            std::fs::create_dir_all(folder).map_err(|source| Error::Write {
                path: folder.to_path_buf(),
                source,
            })?;
            refused = output_detour(context, folder);
        }
        if let Some(reason) = refused {
            return Err(Error::input(folder, reason));
        }
    }
    // A plan file the user made read-only is kept, as `parse -o` keeps one: the input fails.
    crate::render::refuse_read_only(path)?;
    crate::render::write_temporary_with(path, fill)
}

/// A file or folder name for a message: on one line whatever it holds (a line break in a name
/// would start a line of the name's choosing on standard error).
fn name(shown: &str) -> std::borrow::Cow<'_, str> {
    crate::render::visible_name(shown)
}

/// A writer that hashes what it passes on, so an output's SHA-256 needs no second reading.
struct Hashing<'a> {
    inner: &'a mut dyn std::io::Write,
    hasher: &'a mut Sha256,
}

impl std::io::Write for Hashing<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(bytes)?;
        self.hasher.update(&bytes[..written]);
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(text) = panic.downcast_ref::<&str>() {
        text.to_string()
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text.clone()
    } else {
        "panic".to_string()
    }
}

/// `plans.jsonl` being written: a temporary file in the output folder, renamed into place at the
/// end so a reader never sees half a corpus, and the previous file stays readable (for reuse)
/// until then.
/// How often `plans.jsonl`'s temporary file is written to at least (see `JsonlWriter::flushed`).
const JSONL_FLUSH_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

struct JsonlWriter {
    file: std::io::BufWriter<tempfile::NamedTempFile>,
    offset: u64,
    target: PathBuf,
    /// Each line's SHA-256, for [`JSONL_HASHES_NAME`].
    hashes: String,
    /// When the buffer last went to disk: a temporary file left untouched for ten minutes may
    /// be taken for a killed run's by a run that cannot see this process (another container).
    flushed: Instant,
    /// After a failed write the file's offsets are unknown: every later line fails too, and the
    /// run ends with an error instead of renaming a damaged file into place.
    broken: Option<String>,
}

impl JsonlWriter {
    fn create(out_dir: &Path) -> Result<JsonlWriter> {
        let target = out_dir.join(JSONL_NAME);
        crate::render::refuse_read_only(&target)?;
        let temp =
            crate::render::output::new_temporary(out_dir).map_err(|source| Error::Write {
                path: target.clone(),
                source,
            })?;
        // Temporary files are created private (0600); `plans.jsonl` is read like the plan files
        // and the manifest: the mode of the file it replaces, else the umask's (as
        // `render::write_temporary` gives them).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = crate::render::output::output_mode(&target);
            temp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(mode))
                .map_err(|source| Error::Write {
                    path: target.clone(),
                    source,
                })?;
        }
        Ok(JsonlWriter {
            file: std::io::BufWriter::with_capacity(1 << 20, temp),
            offset: 0,
            target,
            hashes: String::new(),
            flushed: Instant::now(),
            broken: None,
        })
    }

    /// Appends `line`, whose SHA-256 is `sha256`.
    fn append(
        &mut self,
        line: &[u8],
        sha256: String,
    ) -> std::result::Result<manifest::Span, String> {
        if let Some(reason) = &self.broken {
            return Err(reason.clone());
        }
        if let Err(e) = self.file.write_all(line) {
            let reason = format!("cannot write {}: {e}", self.target.display());
            self.broken = Some(reason.clone());
            return Err(reason);
        }
        if self.flushed.elapsed() >= JSONL_FLUSH_EVERY {
            if let Err(e) = self.file.flush() {
                let reason = format!("cannot write {}: {e}", self.target.display());
                self.broken = Some(reason.clone());
                return Err(reason);
            }
            self.flushed = Instant::now();
        }
        self.hashes.push_str(&sha256);
        self.hashes.push('\n');
        let span = manifest::Span {
            offset: self.offset,
            length: line.len() as u64,
            sha256,
        };
        self.offset += line.len() as u64;
        Ok(span)
    }

    fn finish(self) -> Result<()> {
        let target = self.target;
        if let Some(reason) = self.broken {
            return Err(Error::Write {
                path: target,
                source: std::io::Error::other(reason),
            });
        }
        let wrap = |source: std::io::Error| Error::Write {
            path: target.clone(),
            source,
        };
        let temp = self.file.into_inner().map_err(|e| wrap(e.into_error()))?;
        temp.as_file().sync_all().map_err(wrap)?;
        // The record goes first: a run killed between the two renames leaves the old lines
        // vouched for by the manifest and the new ones by this file.
        if let Some(folder) = target.parent() {
            crate::render::write_atomic(&folder.join(JSONL_HASHES_NAME), self.hashes.as_bytes())?;
        }
        temp.persist(&target).map_err(|e| wrap(e.error))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_fits_the_terminal_it_is_shown_on() {
        let mut report = Report::of_nothing(Path::new("out"), 1000, false, Instant::now());
        report.totals.files = 1000;
        report.totals.counts.task_rows = 54_321;
        let row = report.summary_table(None);
        assert_eq!(row.lines().count(), 5, "{row}");
        assert!(row.lines().any(|l| l.chars().count() > 80), "{row}");
        for width in [80, 60, 40] {
            let column = report.summary_table(Some(width));
            assert!(
                column
                    .lines()
                    .all(|l| l.chars().count() <= usize::from(width)),
                "{column}"
            );
            assert!(column.contains("task rows ┆ 54321"), "{column}");
        }
        // Wide enough: the row, as in a log file.
        assert_eq!(report.summary_table(Some(200)), row);
    }
}

#[cfg(test)]
mod line_hash_tests {
    use super::*;

    /// Read a byte at a time, so that a '\r' falls at the end of a buffer: CRLF hashes as LF,
    /// a '\r' inside a line or at the end of the file is kept, and lengths are the bytes read.
    #[test]
    fn crlf_lines_hash_as_lf_whatever_the_buffer() {
        let hex = |bytes: &[u8]| read::hex(&Sha256::digest(bytes));
        let crlf = b"a\r\nb\r\r\nc\r";
        let mut reader = std::io::BufReader::with_capacity(1, &crlf[..]);
        let mut lines = Vec::new();
        while let Some(line) = hash_line(&mut reader).unwrap() {
            lines.push(line);
        }
        assert_eq!(
            lines,
            [(3, hex(b"a\n")), (4, hex(b"b\r\n")), (2, hex(b"c\r")),]
        );
    }
}

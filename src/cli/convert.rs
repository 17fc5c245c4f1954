use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

use clap::ValueEnum;

use crate::convert::{self, Options};
use crate::error::Result;
use crate::read::Encoding;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One JSON file per plan, mirroring the input tree under --out-dir.
    Json,
    /// One line per plan in DIR/plans.jsonl, sorted by input path.
    Jsonl,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Plan files and folders (folders are walked recursively). A path that does not exist is
    /// an error (exit 2, nothing written).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Folder for the JSON outputs and manifest.json (created if missing).
    ///
    /// A plan's output is its path below the input folder it was found in (a file named on its
    /// own: its name), extension replaced: in/a/plan.txt → DIR/a/plan.json. Names that would
    /// clash (plan.txt beside plan.md, an input named manifest.txt, names differing only in
    /// case) keep their extension: plan.txt.json. If two input folders still clash, all outputs
    /// of each go below the folder's own name (d1/plan.json, d2/plan.json; more of its path when
    /// the names are the same). What still clashes is numbered in sorted order
    /// (plan.txt.2.json). A file reached twice is named below the outermost folder given. The
    /// order of the arguments changes nothing.
    #[arg(long, short, value_name = "DIR")]
    pub out_dir: PathBuf,
    /// Only files in folders matching this pattern (repeatable; `*.txt`, `**/kh-*.{txt,md}`).
    /// Default: .txt, .md, .markdown, .pdf, .html, .htm, .csv. A pattern that matches nothing is
    /// warned about.
    #[arg(long, value_name = "PATTERN")]
    pub glob: Vec<String>,
    /// As --glob, ignoring letter case (`--iglob '*.pdf'` takes PLAN.PDF too; repeatable, and
    /// may be given with --glob: a file matching any pattern is taken). `\` before one of
    /// `*?[]{},\` takes it as it is, in either.
    #[arg(long, value_name = "PATTERN")]
    pub iglob: Vec<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Worker threads (default: one per core). Any N from 1 is accepted; no more threads than
    /// inputs, and at most 256, are started. Output is the same for any value.
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Convert every input, even those the manifest says are unchanged; replace a
    /// manifest.json in DIR that is not plandoc's (refused without --force).
    #[arg(long)]
    pub force: bool,
    /// One-line JSON per plan file instead of pretty-printed.
    #[arg(long)]
    pub compact: bool,
    /// Decode every input with this encoding instead of detecting it.
    #[arg(long, value_enum)]
    pub encoding: Option<Encoding>,
    /// If another plandoc convert is writing to DIR, stop at once (exit 2) instead of waiting
    /// for it to finish. Two runs never write one folder at the same time.
    #[arg(long)]
    pub no_wait: bool,
}

pub fn run(args: Args) -> Result<i32> {
    let signals = stop_on_signals();
    let options = Options {
        inputs: args.inputs,
        // "out/." and "out/./sub" as "out" and "out/sub": the standard library cannot make a
        // folder named with a trailing "." whose parent is not there yet.
        out_dir: args.out_dir.components().collect(),
        globs: args.glob,
        iglobs: args.iglob,
        format: match args.format {
            Format::Json => convert::Format::Json,
            Format::Jsonl => convert::Format::Jsonl,
        },
        jobs: args.jobs.map(usize::from),
        force: args.force,
        compact: args.compact,
        encoding: args.encoding,
        progress: !crate::render::is_quiet(),
        report_failures: true,
        stop: Some(Arc::clone(&signals.stop)),
        when_busy: if args.no_wait {
            convert::lock::WhenBusy::Refuse
        } else {
            convert::lock::WhenBusy::Wait
        },
    };
    let report = match convert::run(&options) {
        Ok(report) => report,
        Err(error) => {
            // Reported here, not by the caller's `eprintln!`: with standard error closed that
            // would panic and turn a bad argument's exit status 2 into 101.
            crate::render::write_stderr(&format!("plandoc: error: {error}\n"));
            return Ok(error.exit_code());
        }
    };
    if !crate::render::is_quiet() {
        // The summary goes to standard error with the progress bar: standard output stays empty
        // for scripts, and the numbers are in manifest.json anyway.
        // Fitted to the terminal it is shown on (standard error, not standard output); one that
        // reports no size (`script`, some CI runners say 0 rows) by `COLUMNS`, if set.
        let stderr = std::io::stderr();
        let width = terminal_size::terminal_size_of(&stderr)
            .map(|(width, _)| width.0)
            .or_else(|| {
                use std::io::IsTerminal;
                stderr.is_terminal().then(|| {
                    std::env::var("COLUMNS")
                        .ok()
                        .and_then(|c| c.trim().parse::<u16>().ok())
                })?
            })
            .filter(|&width| width > 0);
        crate::render::write_stderr(&report.summary_table(width));
    }
    if report.interrupted {
        crate::render::write_stderr(&interrupted_message(&report, options.format));
        let signal = signals.signal.load(Ordering::SeqCst) as i32;
        if signal != 0 {
            // Ended by the signal itself, as a shell expects of a command the user stopped: a
            // script's loop over commands then stops too, where an exit status would not.
            let _ = signal_hook::low_level::emulate_default_handler(signal);
            return Ok(128 + signal);
        }
    }
    Ok(report.exit_code())
}

/// What the first Ctrl-C (SIGINT), SIGTERM or SIGHUP sets: the flag that has the batch finish the
/// files in hand and write what it has, and which signal it was.
struct Signals {
    stop: Arc<AtomicBool>,
    signal: Arc<AtomicUsize>,
}

/// A second signal ends the process at once, as the user then asks (temporary files being
/// written may be left behind, named `.plandoc-*.tmp`; a later run removes them) — unless it
/// comes within `SAME_STOP` of the first: GNU `timeout` sends its signal to the command and then
/// to the whole process group, so a batch under `timeout` gets it twice at once, and a person
/// pressing Ctrl-C twice that fast has not changed their mind.
fn stop_on_signals() -> Signals {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let signals = Signals {
        stop: Arc::new(AtomicBool::new(false)),
        signal: Arc::new(AtomicUsize::new(0)),
    };
    let first_at = Arc::new(AtomicU64::new(0));
    for signal in [SIGINT, SIGTERM, SIGHUP] {
        let stop = Arc::clone(&signals.stop);
        let which = Arc::clone(&signals.signal);
        let first_at = Arc::clone(&first_at);
        let action = move || {
            // The first signal's time is set before the stop is, in one step, so a copy of the
            // signal handled at the same moment on another thread finds it set.
            let now = monotonic_millis().max(1);
            match first_at.compare_exchange(0, now, Ordering::SeqCst, Ordering::SeqCst) {
                Ok(_) => {
                    which.store(signal as usize, Ordering::SeqCst);
                    stop.store(true, Ordering::SeqCst);
                }
                Err(first) if now.saturating_sub(first) >= SAME_STOP_MILLIS => {
                    signal_hook::low_level::exit(128 + signal);
                }
                Err(_) => {}
            }
        };
        // SAFETY: the action only touches atomics, reads the monotonic clock and calls _exit,
        // all async-signal-safe. Registration fails only for forbidden signals, which these
        // are not; without it, the signal keeps its default action.
        let _ = unsafe { signal_hook::low_level::register(signal, action) };
    }
    signals
}

/// A second signal this soon after the first is the same stop (see `stop_on_signals`).
const SAME_STOP_MILLIS: u64 = 500;

/// Milliseconds on the monotonic clock; `clock_gettime` may be called in a signal handler.
fn monotonic_millis() -> u64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid timespec for the call to fill.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut now) };
    (now.tv_sec as u64).saturating_mul(1000) + (now.tv_nsec as u64) / 1_000_000
}

fn interrupted_message(report: &convert::Report, format: convert::Format) -> String {
    let done = report.totals.files;
    let of = report.inputs;
    let out_dir = crate::render::visible_name(&report.out_dir.display().to_string()).into_owned();
    if done == 0 {
        return format!(
            "plandoc: interrupted before any of the {of} inputs was finished; run the same \
             command again\n"
        );
    }
    match format {
        convert::Format::Json => format!(
            "plandoc: interrupted after {done} of {of} inputs: their plan files and \
             {out_dir}/{} are written; run the same command again to convert the rest\n",
            convert::manifest::MANIFEST_NAME
        ),
        convert::Format::Jsonl => format!(
            "plandoc: interrupted after {done} of {of} inputs: nothing written (a {} holds the \
             whole batch or nothing; any earlier one and its {} in {out_dir} stay as they \
             were); run the same command again\n",
            convert::JSONL_NAME,
            convert::manifest::MANIFEST_NAME
        ),
    }
}

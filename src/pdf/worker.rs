//! The child-process boundary around the PDF library.
//!
//! pdf-extract panics on some malformed files, overflows its stack on others (a Form XObject
//! that draws itself recurses without end; an overflow aborts the whole process, which no
//! `catch_unwind` can stop), and can spin or allocate without bound. So the plandoc binary does
//! each PDF read in a **child process** of itself: a crash, a stack overflow or an out-of-memory
//! kill there is an input error naming the file, memory is capped, and a read that takes too long
//! is killed. Both PDF readers go through here: the flowed text (`read::pdf`) and the page
//! geometry ([`crate::pdf::read_pdf`]). Library users that have not opted in (tests, fuzzing,
//! other programs) keep the in-process readers: a thread, `catch_unwind` and a time limit.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// Environment variables that turn the plandoc binary into a PDF reader child: the PDF's path,
/// where the result goes, and which reading to do.
const WORKER_INPUT: &str = "PLANDOC_PDF_WORKER_INPUT";
const WORKER_OUTPUT: &str = "PLANDOC_PDF_WORKER_OUTPUT";
const WORKER_TASK: &str = "PLANDOC_PDF_WORKER_TASK";
/// Set in the environment of a test: the reader child aborts as a crashing PDF library would.
const TEST_ABORT_READER: &str = "PLANDOC_TEST_ABORT_PDF_READER";

/// Exit statuses of the child.
const CHILD_OK: i32 = 0;
const CHILD_PDF_ERROR: i32 = 3;
const CHILD_PANIC: i32 = 4;
const CHILD_IO: i32 = 5;
const CHILD_USAGE: i32 = 6;

static USE_CHILD_PROCESS: AtomicBool = AtomicBool::new(false);

/// Which reading a child does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Task {
    /// pdf-extract's flowed text.
    Text,
    /// The page geometry: [`crate::pdf::PdfDocument`], encoded for the trip back.
    Geometry,
}

impl Task {
    fn name(self) -> &'static str {
        match self {
            Task::Text => "text",
            Task::Geometry => "geometry",
        }
    }

    fn from_name(name: &str) -> Option<Task> {
        [Task::Text, Task::Geometry]
            .into_iter()
            .find(|task| task.name() == name)
    }
}

/// What a child made of one PDF.
pub(crate) enum Outcome {
    /// The task's result bytes.
    Done(Vec<u8>),
    /// The PDF library (or plandoc's reader) refused the file; the reason, without the file name.
    Refused(String),
    /// The child panicked, overflowed its stack, or ran out of memory.
    Crashed,
    TimedOut,
}

/// The binary's hook, called first thing in `main`: in a PDF reader child it does the reading
/// and returns the exit status; otherwise it lets later PDF reads use child processes of this
/// executable, and returns `None`.
pub fn hook() -> Option<i32> {
    match (
        std::env::var_os(WORKER_INPUT),
        std::env::var_os(WORKER_OUTPUT),
    ) {
        (Some(input), Some(output)) => {
            let task = std::env::var(WORKER_TASK).ok();
            Some(match task.as_deref().and_then(Task::from_name) {
                Some(task) => serve(task, Path::new(&input), Path::new(&output)),
                None => CHILD_USAGE,
            })
        }
        _ => {
            USE_CHILD_PROCESS.store(true, Ordering::SeqCst);
            None
        }
    }
}

/// Whether PDF reads go to child processes (the binary) or stay in-process (library users).
pub(crate) fn uses_child_processes() -> bool {
    USE_CHILD_PROCESS.load(Ordering::SeqCst)
}

/// The child's side: reads the PDF, does the task, writes the result or the reason.
fn serve(task: Task, input: &Path, output: &Path) -> i32 {
    limit_memory(crate::read::PDF_MEMORY_LIMIT_BYTES);
    let Ok(bytes) = std::fs::read(input) else {
        return CHILD_IO;
    };
    // The child's stderr is discarded; silence panic messages anyway.
    std::panic::set_hook(Box::new(|_| {}));
    // The tests of the child-process boundary need a reader that dies; since the readers refuse
    // every crash known to us before it happens, the child is told to die instead.
    if std::env::var_os(TEST_ABORT_READER).is_some() {
        std::process::abort();
    }
    let done = std::panic::catch_unwind(|| match task {
        Task::Text => crate::pdf::extract_flowed_text(&bytes).map(String::into_bytes),
        Task::Geometry => crate::pdf::read_in_process(&bytes).map(|d| crate::pdf::encode(&d)),
    });
    let (status, message) = match done {
        Ok(Ok(result)) => (CHILD_OK, result),
        Ok(Err(reason)) => (CHILD_PDF_ERROR, reason.into_bytes()),
        Err(_) => (CHILD_PANIC, Vec::new()),
    };
    match std::fs::write(output, message) {
        Ok(()) => status,
        Err(_) => CHILD_IO,
    }
}

#[cfg(unix)]
fn limit_memory(bytes: u64) {
    let limit = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: bytes as libc::rlim_t,
    };
    // SAFETY: setrlimit reads the struct we pass and changes only this process's limits.
    unsafe {
        libc::setrlimit(libc::RLIMIT_AS, &limit);
    }
}

#[cfg(not(unix))]
fn limit_memory(_bytes: u64) {}

/// Runs `task` on the PDF in a child process of this executable, killed after `time_limit`.
pub(crate) fn run(name: &str, bytes: &[u8], task: Task, time_limit: Duration) -> Result<Outcome> {
    let setup = |e: std::io::Error| Error::input(name, super::guarded::spawn_failed(e));
    let exe = std::env::current_exe().map_err(setup)?;
    let folder = tempfile::tempdir().map_err(setup)?;
    let input = folder.path().join("input.pdf");
    let output = folder.path().join("output");
    std::fs::File::create(&input)
        .and_then(|mut f| f.write_all(bytes))
        .map_err(setup)?;
    let mut child = Command::new(exe)
        .env(WORKER_INPUT, &input)
        .env(WORKER_OUTPUT, &output)
        .env(WORKER_TASK, task.name())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(setup)?;
    let deadline = Instant::now() + time_limit;
    let status = loop {
        match child.try_wait().map_err(setup)? {
            Some(status) => break status,
            None if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Ok(Outcome::TimedOut);
            }
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    };
    let result = || std::fs::read(&output).unwrap_or_default();
    Ok(match status.code() {
        Some(CHILD_OK) => Outcome::Done(result()),
        Some(CHILD_PDF_ERROR) => Outcome::Refused(String::from_utf8_lossy(&result()).into_owned()),
        Some(CHILD_IO) | Some(CHILD_USAGE) => {
            return Err(Error::input(
                name,
                "the PDF reader could not pass on its result",
            ))
        }
        _ => Outcome::Crashed,
    })
}

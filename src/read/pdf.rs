//! PDF input through pdf-extract's text.
//!
//! pdf-extract panics on some malformed files, overflows its stack on deeply nested objects (an
//! abort no `catch_unwind` can stop), and can spin or allocate without bound on others. So the
//! plandoc binary reads each PDF in a **child process** of itself: a crash, a stack overflow or an
//! out-of-memory kill there is an input error naming the file, memory is capped, and a PDF that
//! takes too long is killed. Library users that have not opted in (tests, fuzzing, other programs)
//! get the in-process fallback: a thread with a large stack, `catch_unwind` and a time limit.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// Longest time one PDF may take to yield its text.
pub const PDF_TIME_LIMIT: Duration = Duration::from_secs(15);
/// Address space the PDF reader child may use; past it allocations fail and the child dies.
pub const PDF_MEMORY_LIMIT_BYTES: u64 = 1536 * 1024 * 1024;
/// Stack of the in-process fallback thread: deep enough for any real PDF's nesting.
const FALLBACK_STACK_BYTES: usize = 256 * 1024 * 1024;
/// Environment variable that turns the plandoc binary into a PDF reader child. Its value is the
/// path of the PDF; the text goes to the path in [`WORKER_OUTPUT`].
const WORKER_INPUT: &str = "PLANDOC_PDF_WORKER_INPUT";
const WORKER_OUTPUT: &str = "PLANDOC_PDF_WORKER_OUTPUT";

/// Exit statuses of the child.
const CHILD_OK: i32 = 0;
const CHILD_PDF_ERROR: i32 = 3;
const CHILD_PANIC: i32 = 4;
const CHILD_IO: i32 = 5;

static USE_CHILD_PROCESS: AtomicBool = AtomicBool::new(false);

/// The binary's hook, called first thing in `main`: in a PDF reader child it does the reading
/// and returns the exit status; otherwise it lets later PDF reads use child processes of this
/// executable, and returns `None`.
pub fn worker_hook() -> Option<i32> {
    match (
        std::env::var_os(WORKER_INPUT),
        std::env::var_os(WORKER_OUTPUT),
    ) {
        (Some(input), Some(output)) => Some(run_worker(Path::new(&input), Path::new(&output))),
        _ => {
            USE_CHILD_PROCESS.store(true, Ordering::SeqCst);
            None
        }
    }
}

fn run_worker(input: &Path, output: &Path) -> i32 {
    limit_memory(PDF_MEMORY_LIMIT_BYTES);
    let Ok(bytes) = std::fs::read(input) else {
        return CHILD_IO;
    };
    // The child's stderr is discarded; silence the panic message anyway.
    std::panic::set_hook(Box::new(|_| {}));
    let (status, message) =
        match std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(&bytes)) {
            Ok(Ok(text)) => (CHILD_OK, text),
            Ok(Err(error)) => (CHILD_PDF_ERROR, error.to_string()),
            Err(_) => (CHILD_PANIC, String::new()),
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

pub(crate) fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}

/// What the reader made of one PDF, before plandoc judges the text.
enum Outcome {
    Text(String),
    PdfError(String),
    Crashed,
    TimedOut,
}

pub(crate) fn extract_text(name: &str, bytes: &[u8]) -> Result<String> {
    let outcome = if USE_CHILD_PROCESS.load(Ordering::SeqCst) {
        in_child_process(name, bytes)?
    } else {
        in_thread(name, bytes)?
    };
    let encrypted = has_encrypt_dictionary(bytes);
    let text = match outcome {
        Outcome::Text(text) => text,
        Outcome::PdfError(_) if encrypted => {
            return Err(Error::input(
                name,
                "PDF is encrypted and cannot be opened without a password; decrypt it first",
            ))
        }
        Outcome::PdfError(message) => {
            let reason = if message.to_ascii_lowercase().contains("encrypt") {
                "PDF is encrypted; decrypt it first".to_string()
            } else {
                format!("malformed PDF: {message}")
            };
            return Err(Error::input(name, reason));
        }
        Outcome::Crashed => {
            return Err(Error::input(
                name,
                "malformed PDF: the PDF reader crashed on it (or ran out of memory)",
            ))
        }
        Outcome::TimedOut => {
            return Err(Error::input(
                name,
                format!(
                    "PDF took longer than {}s to read; giving up",
                    PDF_TIME_LIMIT.as_secs()
                ),
            ))
        }
    };
    if text.chars().filter(|c| c.is_alphabetic()).count() < 20 {
        let reason = if encrypted {
            "PDF is encrypted and its text did not decrypt; decrypt it first"
        } else {
            "PDF has no text layer to read (a scan, or text drawn as images); run OCR on it first"
        };
        return Err(Error::input(name, reason));
    }
    Ok(text)
}

/// An `/Encrypt` entry in a trailer or cross-reference stream dictionary.
fn has_encrypt_dictionary(bytes: &[u8]) -> bool {
    bytes.windows(8).any(|w| w == b"/Encrypt")
}

fn in_child_process(name: &str, bytes: &[u8]) -> Result<Outcome> {
    let setup = |e: std::io::Error| Error::input(name, format!("cannot start the PDF reader: {e}"));
    let exe = std::env::current_exe().map_err(setup)?;
    let folder = tempfile::tempdir().map_err(setup)?;
    let input = folder.path().join("input.pdf");
    let output = folder.path().join("output.txt");
    std::fs::File::create(&input)
        .and_then(|mut f| f.write_all(bytes))
        .map_err(setup)?;
    let mut child = Command::new(exe)
        .env(WORKER_INPUT, &input)
        .env(WORKER_OUTPUT, &output)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(setup)?;
    let deadline = Instant::now() + PDF_TIME_LIMIT;
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
    let message = || std::fs::read(&output).unwrap_or_default();
    Ok(match status.code() {
        Some(CHILD_OK) => Outcome::Text(String::from_utf8_lossy(&message()).into_owned()),
        Some(CHILD_PDF_ERROR) => {
            Outcome::PdfError(String::from_utf8_lossy(&message()).into_owned())
        }
        Some(CHILD_IO) => {
            return Err(Error::input(
                name,
                "the PDF reader could not pass on its result",
            ))
        }
        _ => Outcome::Crashed,
    })
}

fn in_thread(name: &str, bytes: &[u8]) -> Result<Outcome> {
    let owned = bytes.to_vec();
    let (sender, receiver) = mpsc::channel();
    std::thread::Builder::new()
        .name("pdf-extract".into())
        .stack_size(FALLBACK_STACK_BYTES)
        .spawn(move || {
            let outcome = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(&owned));
            let _ = sender.send(outcome);
        })
        .map_err(|e| Error::input(name, format!("cannot start the PDF reader: {e}")))?;
    Ok(match receiver.recv_timeout(PDF_TIME_LIMIT) {
        Ok(Ok(Ok(text))) => Outcome::Text(text),
        Ok(Ok(Err(error))) => Outcome::PdfError(error.to_string()),
        Ok(Err(_)) => Outcome::Crashed,
        Err(mpsc::RecvTimeoutError::Timeout) => Outcome::TimedOut,
        Err(mpsc::RecvTimeoutError::Disconnected) => Outcome::Crashed,
    })
}

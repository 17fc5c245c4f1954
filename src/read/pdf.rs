//! PDF input through pdf-extract's text.
//!
//! pdf-extract panics on some malformed files, overflows its stack on others and can spin or
//! allocate without bound, so the plandoc binary reads the text in a child process of itself
//! ([`crate::pdf::worker`]). Library users that have not opted in (tests, fuzzing, other
//! programs) get the in-process fallback: a thread with a large stack, `catch_unwind` and a time
//! limit.

use crate::error::{Error, Result};
use crate::pdf::guarded::{timed_out, Failure, PDF_READERS};
use crate::pdf::worker::{self, Task};

/// Longest time one PDF may take to yield its text: the geometry reader's limit.
pub use crate::pdf::PDF_TIME_LIMIT;
/// Address space a PDF reader child may use; past it allocations fail and the child dies.
pub const PDF_MEMORY_LIMIT_BYTES: u64 = 1536 * 1024 * 1024;
/// Stack of the in-process fallback thread: deep enough for any real PDF's nesting.
const FALLBACK_STACK_BYTES: usize = 256 * 1024 * 1024;

/// The binary's hook, called first thing in `main`: in a PDF reader child it does the reading
/// and returns the exit status; otherwise it lets later PDF reads (text and geometry) use child
/// processes of this executable, and returns `None`.
pub fn worker_hook() -> Option<i32> {
    worker::hook()
}

/// What the reader made of one PDF, before plandoc judges the text.
enum Outcome {
    Text(String),
    PdfError(String),
    Crashed,
    TimedOut,
}

pub(crate) fn extract_text(name: &str, bytes: &[u8]) -> Result<String> {
    let outcome = if worker::uses_child_processes() {
        match worker::run(name, bytes, Task::Text, PDF_TIME_LIMIT)? {
            worker::Outcome::Done(text) => {
                Outcome::Text(String::from_utf8_lossy(&text).into_owned())
            }
            worker::Outcome::Refused(message) => Outcome::PdfError(message),
            worker::Outcome::Crashed => Outcome::Crashed,
            worker::Outcome::TimedOut => Outcome::TimedOut,
        }
    } else {
        in_thread(name, bytes)?
    };
    let encrypted = has_encrypt_dictionary(bytes);
    let text = match outcome {
        Outcome::Text(text) => text,
        Outcome::PdfError(_) if encrypted => {
            return Err(Error::input(name, crate::pdf::ENCRYPTED));
        }
        Outcome::PdfError(message) => {
            let reason = if message.to_ascii_lowercase().contains("encrypt") {
                crate::pdf::ENCRYPTED.to_string()
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
        Outcome::TimedOut => return Err(Error::input(name, timed_out())),
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

fn in_thread(name: &str, bytes: &[u8]) -> Result<Outcome> {
    let owned = bytes.to_vec();
    let outcome = PDF_READERS.run(
        "pdf-extract",
        FALLBACK_STACK_BYTES,
        PDF_TIME_LIMIT,
        move || crate::pdf::extract_flowed_text(&owned),
    );
    Ok(match outcome {
        Ok(Ok(text)) => Outcome::Text(text),
        Ok(Err(message)) => Outcome::PdfError(message),
        Err(Failure::Panicked) => Outcome::Crashed,
        Err(Failure::TimedOut) => Outcome::TimedOut,
        Err(failure) => return Err(Error::input(name, failure.reason())),
    })
}

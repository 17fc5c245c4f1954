//! PDF input through pdf-extract's text. pdf-extract panics on some malformed files, so the call
//! is fenced: a panic becomes an input error naming the file, and a file that takes too long is
//! abandoned with an error rather than hanging a batch.

use std::sync::mpsc;
use std::time::Duration;

use crate::error::{Error, Result};

/// Longest time one PDF may take to yield its text.
pub const PDF_TIME_LIMIT: Duration = Duration::from_secs(15);

pub(crate) fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}

pub(crate) fn extract_text(name: &str, bytes: &[u8]) -> Result<String> {
    let owned = bytes.to_vec();
    let (sender, receiver) = mpsc::channel();
    std::thread::Builder::new()
        .name("pdf-extract".into())
        .spawn(move || {
            let outcome = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(&owned));
            let _ = sender.send(outcome);
        })
        .map_err(|e| Error::input(name, format!("cannot start PDF reader: {e}")))?;
    let outcome = receiver.recv_timeout(PDF_TIME_LIMIT).map_err(|_| {
        Error::input(
            name,
            format!(
                "PDF took longer than {}s to read; giving up",
                PDF_TIME_LIMIT.as_secs()
            ),
        )
    })?;
    let text = match outcome {
        Ok(Ok(text)) => text,
        Ok(Err(error)) => {
            let message = error.to_string();
            let reason = if message.to_ascii_lowercase().contains("encrypt") {
                "PDF is encrypted; decrypt it first".to_string()
            } else {
                format!("malformed PDF: {message}")
            };
            return Err(Error::input(name, reason));
        }
        Err(_) => {
            return Err(Error::input(
                name,
                "malformed PDF (the PDF reader crashed on it)",
            ))
        }
    };
    if text.chars().filter(|c| c.is_alphabetic()).count() < 20 {
        return Err(Error::input(
            name,
            "PDF has no text layer (it looks scanned); run OCR on it first",
        ));
    }
    Ok(text)
}

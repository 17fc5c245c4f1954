//! Errors that reach the user. Every variant names the input it is about, so a message printed
//! from a batch of hundreds of files still says which one was bad.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    // The path on one line, whatever its name holds: a line break in it would start a line of
    // the file's choosing in a log (in a CI log, a "::" command to the runner).
    #[error("{}: {reason}", shown(path))]
    Input { path: PathBuf, reason: String },
    #[error("{}: cannot write: {source}", shown(path))]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Usage(String),
}

fn shown(path: &std::path::Path) -> String {
    crate::render::visible_name(&path.display().to_string()).into_owned()
}

impl Error {
    pub fn input(path: impl Into<PathBuf>, reason: impl Into<String>) -> Self {
        Error::Input {
            path: path.into(),
            reason: reason.into(),
        }
    }

    /// The reason alone, for a report that names the file beside it (a manifest entry, an
    /// annotation on that file).
    pub fn into_reason(self) -> String {
        match self {
            Error::Input { reason, .. } => reason,
            other => other.to_string(),
        }
    }

    /// The process exit status this error maps to: 2 for everything the tool could not read or
    /// was asked wrongly to do (see the contract: 1 is reserved for "lint errors found").
    pub fn exit_code(&self) -> i32 {
        2
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

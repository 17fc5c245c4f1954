//! Writing results. Files are written to a temporary file in the target folder and renamed into
//! place, so a crash or a full disk never leaves a half-written file where a good one was.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Where a command's result goes.
#[derive(Debug, Clone)]
pub enum Output {
    Stdout,
    File(PathBuf),
}

impl Output {
    pub fn from_arg(path: Option<&Path>) -> Output {
        match path {
            Some(p) if p.as_os_str() != "-" => Output::File(p.to_path_buf()),
            _ => Output::Stdout,
        }
    }

    pub fn write(&self, bytes: &[u8]) -> Result<()> {
        match self {
            Output::Stdout => {
                let stdout = std::io::stdout();
                let mut lock = stdout.lock();
                // A closed pipe (`plandoc … | head`) is not an error worth a message.
                match lock.write_all(bytes).and_then(|_| lock.flush()) {
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                    Err(e) => Err(Error::Write {
                        path: PathBuf::from("<stdout>"),
                        source: e,
                    }),
                    Ok(()) => Ok(()),
                }
            }
            Output::File(path) => write_atomic(path, bytes),
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    commit(write_temporary(path, bytes)?, path)
}

/// The first half of `write_atomic`: `bytes` in a temporary file beside `path`, with the mode
/// the result should have, not yet synced or renamed. The file is closed (a batch may hold many
/// of these); dropping the path removes the file.
pub fn write_temporary(path: &Path, bytes: &[u8]) -> Result<tempfile::TempPath> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let wrap = |source: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    if path.is_dir() {
        return Err(Error::Write {
            path: path.to_path_buf(),
            source: std::io::Error::other("is a directory"),
        });
    }
    let mut temp = tempfile::Builder::new()
        .prefix(".plandoc-")
        .suffix(".tmp")
        .tempfile_in(&folder)
        .map_err(wrap)?;
    temp.write_all(bytes).map_err(wrap)?;
    // Temporary files are created private (0600); the result should be readable like any file
    // the user writes: keep the mode of the file being replaced, else rw-r--r--.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map(|m| m.permissions().mode() & 0o7777)
            .unwrap_or(0o644);
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(wrap)?;
    }
    Ok(temp.into_temp_path())
}

/// The second half: the temporary file synced to disk, then renamed over `path`, so a crash
/// leaves either the old file or the whole new one.
pub fn commit(temp: tempfile::TempPath, path: &Path) -> Result<()> {
    let wrap = |source: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    std::fs::File::open(&temp)
        .and_then(|file| file.sync_all())
        .map_err(wrap)?;
    temp.persist(path).map_err(|e| wrap(e.error))?;
    Ok(())
}

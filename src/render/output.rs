//! Writing results. Files are written to a temporary file in the target folder and renamed into
//! place, so a crash or a full disk never leaves a half-written file where a good one was.
//!
//! Only regular files are replaced that way. A path the user names (`-o`) that is a stream — a
//! device (`-o /dev/null`, a terminal), a FIFO, or the very file standard output or error already
//! writes to (`-o /dev/stdout` under `> file`) — is written into as it is: renaming a file over
//! it would destroy `/dev/null` for a root user, or cut the shell's redirection off. A socket is
//! refused (it cannot be opened for writing). A symbolic link is followed: the file it points to
//! is replaced, the link stays.

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
        self.write_with(&mut |out: &mut dyn Write| out.write_all(bytes))
    }

    /// Writes what `fill` writes, as it writes it: a large reading (a plan of a million rows,
    /// its JSON hundreds of megabytes) is never held whole in memory.
    pub fn write_with(
        &self,
        fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        match self {
            Output::Stdout => {
                let stdout = std::io::stdout();
                let mut lock = std::io::BufWriter::new(stdout.lock());
                // A closed pipe (`plandoc … | head`) is not an error worth a message.
                match fill(&mut lock).and_then(|_| lock.flush()) {
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                    Err(e) => Err(Error::Write {
                        path: PathBuf::from("<stdout>"),
                        source: e,
                    }),
                    Ok(()) => Ok(()),
                }
            }
            Output::File(path) => write_to_path_with(path, fill),
        }
    }
}

/// Set once by the command line's `--quiet`: notes are not shown (warnings and errors are).
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Hides every later `write_note` (the command line's `--quiet`).
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, std::sync::atomic::Ordering::Relaxed);
}

/// Whether `--quiet` was given: progress bars and summaries are left out too.
pub fn is_quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// A note on standard error ("plandoc: note: …": what the tool did or assumed, nothing wrong),
/// unless `--quiet`; warnings and errors go through `write_stderr` and are always shown.
pub fn write_note(text: &str) {
    if !is_quiet() {
        write_stderr(text);
    }
}

/// `text` on standard error, as is. A closed or broken standard error (`… 2>&1 | head -1`) must
/// not stop a batch halfway, as `eprint!` would by panicking: the message is dropped instead.
pub fn write_stderr(text: &str) {
    // Messages name files and quote documents, whose bytes may hold escape sequences: shown as
    // control pictures, never sent to the terminal (line breaks and tabs stay).
    let _ = std::io::stderr()
        .lock()
        .write_all(super::visible(text).as_bytes());
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, replacing
/// whatever `path` is (a symbolic link itself, not its target): for files the tool owns, such as
/// a batch's manifest, which must never be written through a link out of its folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    commit(write_temporary(path, bytes)?, path)
}

/// Writes `bytes` to a path the user named (`-o`): a regular file through a temporary file and
/// a rename, a stream by writing into it, a symbolic link by replacing its target (see the
/// module documentation).
pub fn write_to_path(path: &Path, bytes: &[u8]) -> Result<()> {
    write_to_path_with(path, &mut |out: &mut dyn Write| out.write_all(bytes))
}

/// `write_to_path`, with what `fill` writes.
fn write_to_path_with(
    path: &Path,
    fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let wrap = |source: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    match target_of(path).map_err(wrap)? {
        Target::Stdout => Output::Stdout.write_with(fill),
        Target::Stderr => {
            let mut lock = std::io::BufWriter::new(std::io::stderr().lock());
            ignore_closed_reader(fill(&mut lock).and_then(|_| lock.flush())).map_err(wrap)
        }
        Target::Stream => write_stream(path, fill).map_err(wrap),
        Target::File(target) => {
            // A rename needs only the folder's permission; `>` in a shell, like `cp`, refuses
            // a file this user may not write, and so does plandoc. A file with no write
            // permission for anyone is refused to root too: a report made read-only was
            // protected on purpose.
            if is_protected(&target) {
                return Err(read_only(target));
            }
            commit(write_temporary_with(&target, fill)?, &target)
        }
    }
}

/// Refuses to replace an existing file made read-only (`is_protected`), for a file written by
/// renaming over it, which needs only the folder's permission. A link is replaced itself, not
/// what it leads to, so what it leads to is not asked about.
pub fn refuse_read_only(path: &Path) -> Result<()> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink());
    if !is_link && is_protected(path) {
        return Err(read_only(path.to_path_buf()));
    }
    Ok(())
}

fn read_only(path: PathBuf) -> Error {
    Error::Write {
        path,
        source: std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "is read-only; make it writable or write to another file",
        ),
    }
}

/// An existing regular file that has no write permission, or that this user may not open for
/// writing (opened without truncating: nothing changes).
fn is_protected(path: &Path) -> bool {
    let Ok(metadata) = std::fs::metadata(path) else {
        return false;
    };
    metadata.is_file()
        && (metadata.permissions().readonly()
            || std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .is_err_and(|e| e.kind() == std::io::ErrorKind::PermissionDenied))
}

/// What writing to a path means.
// Only Unix tells standard streams apart by file identity.
#[cfg_attr(not(unix), allow(dead_code))]
enum Target {
    /// The file standard output or error already writes to (`-o /dev/stdout` under `> file`,
    /// whose offset or append mode a fresh opening would not share).
    Stdout,
    Stderr,
    /// Write into it as it is.
    Stream,
    /// Replace this regular file (or create it): `path` itself, or where its links lead.
    File(PathBuf),
}

/// How far a chain of symbolic links is followed before it is taken for a loop.
const MAX_LINKS: usize = 40;

fn target_of(path: &Path) -> std::io::Result<Target> {
    if let Ok(metadata) = std::fs::metadata(path) {
        if let Some(stream) = standard_stream(&metadata) {
            return Ok(stream);
        }
        if is_socket(&metadata) {
            // open(2) cannot write into a socket; renaming over it would remove it.
            return Err(std::io::Error::other(
                "is a socket; plandoc writes to files, devices and FIFOs",
            ));
        }
        if !metadata.is_file() && !metadata.is_dir() {
            return Ok(Target::Stream);
        }
    }
    let mut target = path.to_path_buf();
    // One more step than links: the last looks at what the last link leads to.
    for _ in 0..=MAX_LINKS {
        match std::fs::symlink_metadata(&target) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let next = std::fs::read_link(&target)?;
                // A relative link is read from the folder that holds it.
                target = match target.parent() {
                    Some(folder) if next.is_relative() => folder.join(next),
                    _ => next,
                };
            }
            _ => return Ok(Target::File(target)),
        }
    }
    Err(std::io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links in a row (a loop?)"
    )))
}

#[cfg(unix)]
fn is_socket(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    metadata.file_type().is_socket()
}

#[cfg(not(unix))]
fn is_socket(_metadata: &std::fs::Metadata) -> bool {
    false
}

/// Standard output or error, if `metadata` is that of the file it writes to.
#[cfg(unix)]
fn standard_stream(metadata: &std::fs::Metadata) -> Option<Target> {
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    let same = |fd: std::os::fd::BorrowedFd| {
        fd.try_clone_to_owned()
            .map(std::fs::File::from)
            .and_then(|file| file.metadata())
            .is_ok_and(|m| m.dev() == metadata.dev() && m.ino() == metadata.ino())
    };
    if same(std::io::stdout().as_fd()) {
        Some(Target::Stdout)
    } else if same(std::io::stderr().as_fd()) {
        Some(Target::Stderr)
    } else {
        None
    }
}

#[cfg(not(unix))]
fn standard_stream(_metadata: &std::fs::Metadata) -> Option<Target> {
    None
}

/// Writes into an existing file as it is, without creating, truncating or replacing it.
fn write_stream(
    path: &Path,
    fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let file = std::fs::OpenOptions::new().write(true).open(path)?;
    let mut file = std::io::BufWriter::new(file);
    ignore_closed_reader(fill(&mut file).and_then(|_| file.flush()))
}

/// A reader that went away (`-o /dev/stdout | head`) is not an error worth a message.
fn ignore_closed_reader(result: std::io::Result<()>) -> std::io::Result<()> {
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// The first half of `write_atomic`: `bytes` in a temporary file beside `path`, with the mode
/// the result should have, not yet synced or renamed. The file is closed (a batch may hold many
/// of these); dropping the path removes the file.
pub fn write_temporary(path: &Path, bytes: &[u8]) -> Result<tempfile::TempPath> {
    write_temporary_with(path, &mut |out: &mut dyn Write| out.write_all(bytes))
}

/// `write_temporary`, with what `fill` writes: the bytes need not be held in memory first.
pub fn write_temporary_with(
    path: &Path,
    fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<tempfile::TempPath> {
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
    if !folder.is_dir() {
        // Said here: the temporary file's own error would name the temporary file.
        let reason = if folder.exists() {
            format!("{} is not a folder", folder.display())
        } else {
            format!("folder {} does not exist", folder.display())
        };
        return Err(Error::Write {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, reason),
        });
    }
    let mut temp = new_temporary(&folder).map_err(wrap)?;
    {
        let mut buffered = std::io::BufWriter::new(temp.as_file_mut());
        fill(&mut buffered)
            .and_then(|_| buffered.flush())
            .map_err(wrap)?;
    }
    // Temporary files are created private (0600); the result should be readable like any file
    // the user writes: keep the mode of the file being replaced, else what the umask gives.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = output_mode(path);
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(wrap)?;
    }
    Ok(temp.into_temp_path())
}

/// A new temporary file in `folder`, named `.plandoc-<pid>-XXXXXX.tmp`: the process id lets a
/// run that clears what a killed run left (`convert`) tell those files from the ones a run still
/// at work is writing (another `convert` into a folder nested in its own, a `parse -o` into it).
/// An error names no temporary file (it never existed, and its random name would make a report
/// differ from run to run).
pub fn new_temporary(folder: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(&temporary_prefix())
        .suffix(TEMPORARY_SUFFIX)
        .tempfile_in(folder)
        .map_err(without_temporary_path)
}

/// The start of this process's temporary files' names (see [`new_temporary`]).
pub fn temporary_prefix() -> String {
    format!("{TEMPORARY_START}{}-", std::process::id())
}

pub const TEMPORARY_START: &str = ".plandoc-";
pub const TEMPORARY_SUFFIX: &str = ".tmp";

/// `tempfile` reports a failure as "<the system's reason> at path <the random name>", and keeps
/// the system's error only inside its own (unreachable) type: the reason is taken from the text.
fn without_temporary_path(error: std::io::Error) -> std::io::Error {
    if error.raw_os_error().is_some() {
        return error;
    }
    let text = error.to_string();
    match text.rsplit_once(" at path ") {
        Some((reason, _)) => std::io::Error::new(error.kind(), reason.to_string()),
        None => error,
    }
}

/// The mode an output written to `path` gets: that of the file it replaces, else that of a new
/// file under the process's umask (rw-r--r-- under the usual 022, rw------- under 077), as `cp`
/// or a shell's redirection would give it.
#[cfg(unix)]
pub fn output_mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o7777)
        .unwrap_or_else(|_| 0o666 & !umask())
}

/// The process's umask. Read from /proc (setting it to read it back, the only other way, would
/// change it for a moment under the other threads); 022 where /proc does not say.
#[cfg(unix)]
fn umask() -> u32 {
    static UMASK: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *UMASK.get_or_init(|| {
        std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|status| {
                let line = status.lines().find(|l| l.starts_with("Umask:"))?;
                u32::from_str_radix(line["Umask:".len()..].trim(), 8).ok()
            })
            .unwrap_or(0o022)
            & 0o777
    })
}

/// The second half: the temporary file synced to disk, then renamed over `path`, so a crash
/// leaves either the old file or the whole new one.
pub fn commit(temp: tempfile::TempPath, path: &Path) -> Result<()> {
    sync(&temp, path)?;
    put_in_place(temp, path)
}

/// The temporary file made for `path`, synced to disk: the step of `commit` that waits on the
/// disk and can fail on a full or failing one. Files that go together (a CSV folder's views)
/// are all synced before any is renamed, so that a failure here leaves every old file as it was.
fn sync(temp: &tempfile::TempPath, path: &Path) -> Result<()> {
    std::fs::File::open(temp)
        .and_then(|file| file.sync_all())
        .map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })
}

/// Writes files that go together (a CSV folder's views) so that a failure leaves them as they
/// were: every file is written and synced before any is renamed into place, so a full disk or a
/// name taken by a folder changes nothing. A rename can still fail halfway (another user's file
/// in a shared folder, a file open in Excel on Windows); the error then names the files already
/// replaced, and the temporary files not yet renamed are removed.
pub fn write_together(files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    write_together_with(files, put_in_place)
}

/// `write_together`, renaming with `put` (a test makes a rename fail).
fn write_together_with(
    files: &[(PathBuf, Vec<u8>)],
    mut put: impl FnMut(tempfile::TempPath, &Path) -> Result<()>,
) -> Result<()> {
    // Refused before anything is made, as a single `-o` file is: a view's file made read-only
    // in a CSV folder was protected on purpose, and a rename would replace it without a word.
    for (path, _) in files {
        refuse_read_only(path)?;
    }
    let mut made = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        made.push((write_temporary(path, bytes)?, path));
    }
    for (temporary, path) in &made {
        sync(temporary, path)?;
    }
    let mut replaced: Vec<String> = Vec::new();
    for (temporary, path) in made {
        if let Err(error) = put(temporary, path) {
            let done = if replaced.is_empty() {
                "no file was replaced".to_string()
            } else {
                format!("already replaced: {}", replaced.join(", "))
            };
            return Err(match error {
                Error::Write { path, source } => Error::Write {
                    path,
                    source: std::io::Error::new(source.kind(), format!("{source}; {done}")),
                },
                other => other,
            });
        }
        replaced.push(
            path.file_name()
                .map_or_else(String::new, |name| name.to_string_lossy().into_owned()),
        );
    }
    Ok(())
}

/// The synced temporary file renamed over `path`.
fn put_in_place(temp: tempfile::TempPath, path: &Path) -> Result<()> {
    temp.persist(path).map_err(|e| Error::Write {
        path: path.to_path_buf(),
        source: e.error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn three_files(folder: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        ["tasks.csv", "targets.csv", "sections.csv"]
            .iter()
            .map(|name| (folder.join(name), format!("new {name}\n").into_bytes()))
            .collect()
    }

    fn leftovers(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".plandoc-"))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_temporary_file_that_cannot_be_made_is_not_named() {
        let folder = tempfile::tempdir().unwrap();
        let error = super::new_temporary(&folder.path().join("missing")).unwrap_err();
        let said = error.to_string();
        assert!(!said.contains(".plandoc-"), "{said}");
        assert!(!said.contains(" at path "), "{said}");
        assert_eq!(error.kind(), std::io::ErrorKind::NotFound, "{said}");
    }

    #[test]
    fn together_refuses_a_read_only_file_before_writing_any() {
        let dir = tempfile::tempdir().unwrap();
        let files = three_files(dir.path());
        for (path, _) in &files {
            std::fs::write(path, b"old").unwrap();
        }
        let protected = &files[1].0;
        let mut permissions = std::fs::metadata(protected).unwrap().permissions();
        permissions.set_readonly(true);
        std::fs::set_permissions(protected, permissions).unwrap();
        let error = write_together(&files).unwrap_err().to_string();
        assert!(error.contains("is read-only"), "{error}");
        for (path, _) in &files {
            assert_eq!(std::fs::read(path).unwrap(), b"old");
        }
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn together_replaces_every_file() {
        let folder = tempfile::tempdir().unwrap();
        let files = three_files(folder.path());
        std::fs::write(&files[1].0, "old\n").unwrap();
        write_together(&files).unwrap();
        for (path, bytes) in &files {
            assert_eq!(&std::fs::read(path).unwrap(), bytes);
        }
        assert!(leftovers(folder.path()).is_empty());
    }

    /// The second rename fails: the first file is new, the others are as they were, the error
    /// names what was replaced, and no temporary file stays behind.
    #[test]
    fn a_failed_rename_names_the_files_already_replaced() {
        let folder = tempfile::tempdir().unwrap();
        let files = three_files(folder.path());
        for (path, _) in &files {
            std::fs::write(path, "old\n").unwrap();
        }
        let mut renames = 0;
        let error = write_together_with(&files, |temp, path| {
            renames += 1;
            if renames == 2 {
                return Err(Error::Write {
                    path: path.to_path_buf(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::PermissionDenied,
                        "Permission denied",
                    ),
                });
            }
            put_in_place(temp, path)
        })
        .unwrap_err();
        let message = error.to_string();
        assert!(message.contains("targets.csv"), "{message}");
        assert!(
            message.contains("Permission denied; already replaced: tasks.csv"),
            "{message}"
        );
        assert_eq!(std::fs::read(&files[0].0).unwrap(), files[0].1);
        assert_eq!(std::fs::read_to_string(&files[1].0).unwrap(), "old\n");
        assert_eq!(std::fs::read_to_string(&files[2].0).unwrap(), "old\n");
        assert!(
            leftovers(folder.path()).is_empty(),
            "{:?}",
            leftovers(folder.path())
        );
    }

    #[test]
    fn a_failed_first_rename_says_nothing_was_replaced() {
        let folder = tempfile::tempdir().unwrap();
        let files = three_files(folder.path());
        let error = write_together_with(&files, |_, path| {
            Err(Error::Write {
                path: path.to_path_buf(),
                source: std::io::Error::other("disk gone"),
            })
        })
        .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("disk gone; no file was replaced"),
            "{error}"
        );
        assert!(std::fs::read_dir(folder.path()).unwrap().next().is_none());
    }
}

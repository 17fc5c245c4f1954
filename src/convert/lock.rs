//! One `convert` at a time per output folder.
//!
//! Two runs writing one folder at once (two cron jobs that overlap, a script started twice) would
//! each read the same earlier manifest, each take the other's temporary files for a killed run's
//! leftovers and remove them, and the manifest written last would name only its own run's
//! inputs, so the next rerun would convert everything again or keep plan files nothing records.
//! A run therefore holds an advisory lock (`flock`) on a file in the folder from before it reads
//! the manifest until it has written it, and removes the file as it lets go, so a finished run
//! leaves only its outputs. The operating system releases the lock when the process ends in any
//! way: a killed run's file stays behind, unlocked, and the next run takes it over.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::error::{Error, Result};

/// The lock file's name in the output folder.
pub const LOCK_NAME: &str = ".plandoc-convert.lock";

/// How often a waiting run asks again: often enough that it starts promptly, seldom enough to
/// cost nothing. Polling rather than a blocking lock keeps Ctrl-C working while it waits.
const POLL: Duration = Duration::from_millis(200);

/// What to do when another run holds the folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenBusy {
    /// Wait for it to finish (after saying so), as `cargo` does for its build folder.
    Wait,
    /// Stop at once with a usage error (exit 2).
    Refuse,
}

/// The lock while the run holds it; dropping it removes the file and releases the folder.
#[derive(Debug)]
pub struct Held {
    locked: Option<(File, PathBuf)>,
}

impl Drop for Held {
    fn drop(&mut self) {
        // Removed while still locked, so no other run can be holding it: a run waiting on this
        // file finds, once it gets the lock, that the name no longer leads to it, and starts over.
        if let Some((_file, path)) = &self.locked {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Takes the output folder's lock. `Ok(None)` means `stop` was set while waiting (nothing was
/// done). Where the folder cannot be locked (a file system without locks, a lock file that is not
/// a regular file), the run goes on unlocked and `note` says so: refusing would stop every run
/// there.
pub fn hold(
    out_dir: &Path,
    when_busy: WhenBusy,
    stop: &AtomicBool,
    note: &dyn Fn(&str),
) -> Result<Option<Held>> {
    let path = out_dir.join(LOCK_NAME);
    let unlocked = |why: &str| {
        note(&format!(
            "plandoc: note: {}: {why}; another convert writing to {} at the same time would not \
             be noticed\n",
            shown(&path),
            shown(out_dir)
        ));
        Ok(Some(Held { locked: None }))
    };
    let mut waiting = false;
    let mut file = loop {
        let mut file = match open(&path) {
            Ok(file) => file,
            // Another user's lock file in a shared folder: a lock needs no write access.
            Err(error) if error.kind() == std::io::ErrorKind::PermissionDenied => {
                match open_read_only(&path) {
                    Ok(file) => file,
                    // No lock file, and none can be made: no plan could be written either.
                    // Said once, before any input is read, not once per input after parsing
                    // them all.
                    Err(missing) if missing.kind() == std::io::ErrorKind::NotFound => {
                        return Err(Error::Write {
                            path: out_dir.to_path_buf(),
                            source: error,
                        });
                    }
                    Err(error) => return unlocked(&format!("cannot be opened ({error})")),
                }
            }
            Err(error) if error.kind() == std::io::ErrorKind::ReadOnlyFilesystem => {
                return Err(Error::Write {
                    path: out_dir.to_path_buf(),
                    source: error,
                });
            }
            Err(error) => return unlocked(&format!("cannot be opened ({error})")),
        };
        if !file.metadata().is_ok_and(|m| m.is_file()) {
            return unlocked("is not a regular file");
        }
        match try_lock(&file) {
            // The run that held it may have removed it before letting go: then this file is
            // no longer the folder's lock, and the name is opened again.
            // Stopped before it could start (while it waited, or as it began): it gives up,
            // removing the lock file it holds like any run that ends.
            Ok(true) if stop.load(Ordering::SeqCst) => {
                if names_file(&path, &file) {
                    drop(Held {
                        locked: Some((file, path)),
                    });
                }
                return Ok(None);
            }
            Ok(true) if names_file(&path, &file) => break file,
            Ok(true) => continue,
            Ok(false) => {}
            Err(error) => return unlocked(&format!("cannot be locked ({error})")),
        }
        let holder = holder(&mut file);
        match when_busy {
            WhenBusy::Refuse => {
                return Err(Error::Usage(format!(
                    "--out-dir {}: another plandoc convert{holder} is writing to it (--no-wait \
                     given); run again once it has finished",
                    shown(out_dir)
                )))
            }
            WhenBusy::Wait if !waiting => {
                waiting = true;
                note(&format!(
                    "plandoc: note: waiting for another plandoc convert{holder} to finish \
                     writing to {} (Ctrl-C to give up)\n",
                    shown(out_dir)
                ));
            }
            WhenBusy::Wait => {}
        }
        if stop.load(Ordering::SeqCst) {
            return Ok(None);
        }
        std::thread::sleep(POLL);
    };
    // The holder's process id, for the message another run prints while it waits. Best effort:
    // the lock, not this number, is what keeps runs apart. Not written into a file with other
    // names (a hard link a backup made, or one to a document): their content is not the lock's.
    if !has_other_names(&file) {
        let _ = file
            .set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| writeln!(file, "{}", std::process::id()));
    }
    Ok(Some(Held {
        locked: Some((file, path)),
    }))
}

/// Whether the open `file` has names besides the lock's (hard links).
#[cfg(unix)]
fn has_other_names(file: &File) -> bool {
    use std::os::unix::fs::MetadataExt;
    file.metadata().map_or(true, |m| m.nlink() > 1)
}

#[cfg(not(unix))]
fn has_other_names(_file: &File) -> bool {
    false
}

/// Whether `path` still names the open `file` (not removed, not replaced).
#[cfg(unix)]
fn names_file(path: &Path, file: &File) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::symlink_metadata(path), file.metadata()) {
        (Ok(named), Ok(open)) => named.dev() == open.dev() && named.ino() == open.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn names_file(_path: &Path, _file: &File) -> bool {
    true
}

/// " (process 1234)": the process holding the lock, or nothing when that cannot be told. The
/// system's own list of locks says it best; the number a holder writes into the file is a
/// fallback (a holder that could open the file only for reading, another user's in a shared
/// folder, cannot write its own, and the number found there is an earlier run's).
fn holder(file: &mut File) -> String {
    if let Some(pid) = holder_from_system(file) {
        return format!(" (process {pid})");
    }
    let mut text = String::new();
    let read = file
        .seek(SeekFrom::Start(0))
        .and_then(|_| file.take(32).read_to_string(&mut text));
    match read.ok().and_then(|_| text.trim().parse::<u32>().ok()) {
        Some(pid) => format!(" (process {pid})"),
        None => String::new(),
    }
}

/// The process holding a `flock` on `file`, from /proc/locks ("1: FLOCK  ADVISORY  WRITE 4242
/// 08:01:1234567 0 EOF": the device's major and minor in hex, then the inode). None where there
/// is no such list, or the file's device or inode are not the ones it shows (overlay file
/// systems).
#[cfg(target_os = "linux")]
fn holder_from_system(file: &File) -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    let metadata = file.metadata().ok()?;
    let dev = metadata.dev() as libc::dev_t;
    let wanted = format!(
        "{:02x}:{:02x}:{}",
        libc::major(dev),
        libc::minor(dev),
        metadata.ino()
    );
    let locks = std::fs::read_to_string("/proc/locks").ok()?;
    locks.lines().find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        // A waiter's line reads "1: -> FLOCK …": its fields are shifted and it is skipped.
        // A holder in another process namespace may be listed as 0: not a process to name.
        (fields.get(1) == Some(&"FLOCK") && fields.get(5) == Some(&wanted.as_str()))
            .then(|| fields.get(4)?.parse().ok().filter(|pid: &u32| *pid > 0))
            .flatten()
    })
}

#[cfg(not(target_os = "linux"))]
fn holder_from_system(_file: &File) -> Option<u32> {
    None
}

#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // Never through a symbolic link: the process id written into the file would land in
    // whatever it points at.
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
}

#[cfg(unix)]
fn open_read_only(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
}

#[cfg(not(unix))]
fn open_read_only(path: &Path) -> std::io::Result<File> {
    std::fs::File::open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> std::io::Result<File> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
}

/// `Ok(false)` while another process holds the lock.
#[cfg(unix)]
fn try_lock(file: &File) -> std::io::Result<bool> {
    use std::os::fd::AsRawFd;
    // SAFETY: flock only reads the descriptor, which `file` keeps open for the call.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Ok(true);
    }
    let error = std::io::Error::last_os_error();
    match error.raw_os_error() {
        Some(code) if code == libc::EWOULDBLOCK || code == libc::EINTR => Ok(false),
        _ => Err(error),
    }
}

/// Elsewhere runs are not kept apart (the documented limit).
#[cfg(not(unix))]
fn try_lock(_file: &File) -> std::io::Result<bool> {
    Ok(true)
}

/// A folder for a message, on one line whatever its name holds.
fn shown(path: &Path) -> String {
    crate::render::visible_name(&path.display().to_string()).into_owned()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn silent(_: &str) {}

    #[test]
    fn a_second_holder_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let stop = AtomicBool::new(false);
        let first = hold(dir.path(), WhenBusy::Refuse, &stop, &silent)
            .unwrap()
            .unwrap();
        let refused = hold(dir.path(), WhenBusy::Refuse, &stop, &silent).unwrap_err();
        let message = refused.to_string();
        assert!(
            message.contains(&format!("(process {})", std::process::id())),
            "{message}"
        );
        drop(first);
        assert!(
            !dir.path().join(LOCK_NAME).exists(),
            "removed as it is let go"
        );
        assert!(hold(dir.path(), WhenBusy::Refuse, &stop, &silent)
            .unwrap()
            .is_some());
    }

    #[test]
    fn a_waiter_on_a_removed_file_takes_the_new_one() {
        // The waiter opens the file while the first run holds it; the first run removes it as
        // it lets go, so the waiter's lock is on an orphan, which must not count: it opens the
        // name again. A third run then finds the waiter's file, not a free folder.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOCK_NAME);
        let stop = AtomicBool::new(false);
        let first = hold(dir.path(), WhenBusy::Refuse, &stop, &silent)
            .unwrap()
            .unwrap();
        let (waiting_tx, waiting_rx) = std::sync::mpsc::channel();
        let waiter = std::thread::scope(|scope| {
            let waiter = scope.spawn(|| {
                let noted = |_: &str| waiting_tx.send(()).unwrap();
                hold(dir.path(), WhenBusy::Wait, &AtomicBool::new(false), &noted)
                    .unwrap()
                    .unwrap()
            });
            // Waiting: it has opened the first run's file.
            waiting_rx.recv().unwrap();
            drop(first);
            waiter.join().unwrap()
        });
        // Taken on the orphan, the lock would be on a file no name leads to.
        let file = &waiter.locked.as_ref().unwrap().0;
        assert!(names_file(&path, file));
        let third = hold(dir.path(), WhenBusy::Refuse, &stop, &silent);
        assert!(third.is_err(), "the waiter holds the folder");
    }

    /// The holder named is the one the system knows, not a number an earlier run left in the
    /// file (a holder that could open it only for reading cannot write its own).
    #[cfg(target_os = "linux")]
    #[test]
    fn the_holder_named_is_the_one_holding_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let stop = AtomicBool::new(false);
        let _held = hold(dir.path(), WhenBusy::Refuse, &stop, &silent)
            .unwrap()
            .unwrap();
        std::fs::write(dir.path().join(LOCK_NAME), "999999999\n").unwrap();
        let message = hold(dir.path(), WhenBusy::Refuse, &stop, &silent)
            .unwrap_err()
            .to_string();
        assert!(
            message.contains(&format!("(process {})", std::process::id())),
            "{message}"
        );
    }

    #[test]
    fn a_lock_file_a_killed_run_left_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(LOCK_NAME), "999999999\n").unwrap();
        let held = hold(
            dir.path(),
            WhenBusy::Refuse,
            &AtomicBool::new(false),
            &silent,
        )
        .unwrap();
        assert!(held.is_some());
        let pid = std::fs::read_to_string(dir.path().join(LOCK_NAME)).unwrap();
        assert_eq!(pid, format!("{}\n", std::process::id()));
    }

    #[test]
    fn a_waiting_holder_gives_up_when_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let _first = hold(dir.path(), WhenBusy::Wait, &AtomicBool::new(false), &silent).unwrap();
        let notes = std::cell::RefCell::new(Vec::new());
        let stopped = hold(
            dir.path(),
            WhenBusy::Wait,
            &AtomicBool::new(true),
            &|n: &str| notes.borrow_mut().push(n.to_string()),
        )
        .unwrap();
        assert!(stopped.is_none());
        assert_eq!(notes.borrow().len(), 1);
        assert!(notes.borrow()[0].contains("waiting for another plandoc convert"));
    }

    #[test]
    fn a_symbolic_link_in_the_lock_file_s_place_is_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("precious.txt");
        std::fs::write(&target, "keep me").unwrap();
        std::os::unix::fs::symlink(&target, dir.path().join(LOCK_NAME)).unwrap();
        let notes = std::cell::RefCell::new(Vec::new());
        let held = hold(
            dir.path(),
            WhenBusy::Refuse,
            &AtomicBool::new(false),
            &|n: &str| notes.borrow_mut().push(n.to_string()),
        )
        .unwrap();
        assert!(held.is_some());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
        assert!(notes.borrow()[0].contains("would not be noticed"));
    }
}

//! The in-process boundary around the PDF library: a thread, `catch_unwind` and a time limit.
//!
//! A thread that passes its time limit cannot be stopped, only abandoned, and an abandoned
//! reader keeps its CPU, its memory and its power to crash the process: a stack overflow in it
//! would kill whatever the process does later (the likeliest cause of the fuzzing child that
//! died on a unit that could not cause it, docs/robustness.md, round 7). So abandoned readers
//! are counted, and while one is still running no new read starts in this process: the caller
//! gets a clear refusal instead of a second runaway. The plandoc binary's readers run in child
//! processes that are killed at the limit ([`super::worker`]), so there the count stays at zero.

use std::panic::UnwindSafe;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

/// Readers of this process that passed their time limit and are still running.
pub(crate) static PDF_READERS: Readers = Readers::new();

/// The number of in-process PDF readers abandoned at their time limit that are still running.
/// While it is not zero, in-process PDF reads are refused.
pub fn abandoned_readers() -> usize {
    PDF_READERS.abandoned()
}

/// The number of in-process PDF readers this process has abandoned at their time limit, whether
/// or not they have ended since.
pub fn readers_abandoned_ever() -> usize {
    PDF_READERS.abandoned_ever.load(Ordering::SeqCst)
}

/// A set of guarded threads that share one count of abandoned threads.
pub(crate) struct Readers {
    abandoned: AtomicUsize,
    abandoned_ever: AtomicUsize,
}

/// Why a guarded run gave no value.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The work panicked (`catch_unwind` caught it).
    Panicked,
    /// The work passed the time limit; its thread is abandoned and counted.
    TimedOut,
    /// An earlier abandoned thread is still running, so this one was not started.
    Busy,
    /// The thread could not be started.
    Spawn(String),
}

impl Failure {
    /// What the readers say for a failure. Each reader words a crash itself (the text reader's
    /// also covers a child that ran out of memory) and maps `Panicked` before asking; this
    /// wording is the fallback.
    pub(crate) fn reason(&self) -> String {
        match self {
            Failure::Panicked => "malformed PDF (the PDF reader crashed on it)".to_string(),
            Failure::TimedOut => timed_out(),
            Failure::Busy => format!(
                "not read: a PDF reader passed its {}s limit on an earlier PDF and is still \
                 running in this process, and no PDF is read in-process until it ends; restart \
                 the process, or read PDFs in child processes that are killed at the limit \
                 (call `plandoc::read::pdf_worker_hook()` first thing in `main`, as the plandoc \
                 binary does)",
                super::PDF_TIME_LIMIT.as_secs()
            ),
            Failure::Spawn(e) => spawn_failed(e),
        }
    }
}

/// The reason given when a PDF read passes [`super::PDF_TIME_LIMIT`], in-process or in a child.
pub(crate) fn timed_out() -> String {
    format!(
        "PDF took longer than {}s to read; giving up",
        super::PDF_TIME_LIMIT.as_secs()
    )
}

/// The reason given when a reader thread or child cannot be started.
pub(crate) fn spawn_failed(error: impl std::fmt::Display) -> String {
    format!("cannot start the PDF reader: {error}")
}

const RUNNING: u8 = 0;
const FINISHED: u8 = 1;
const ABANDONED: u8 = 2;

impl Readers {
    pub(crate) const fn new() -> Readers {
        Readers {
            abandoned: AtomicUsize::new(0),
            abandoned_ever: AtomicUsize::new(0),
        }
    }

    pub(crate) fn abandoned(&self) -> usize {
        self.abandoned.load(Ordering::SeqCst)
    }

    /// Runs `work` on a new thread named `name` (the CLI's panic hook keeps threads named
    /// "pdf…" quiet) with `stack_bytes` of stack, and waits at most `limit` for it.
    pub(crate) fn run<T, F>(
        &'static self,
        name: &str,
        stack_bytes: usize,
        limit: Duration,
        work: F,
    ) -> Result<T, Failure>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + UnwindSafe + 'static,
    {
        if cfg!(fuzzing) {
            // Under the fuzzer the work runs on the calling thread: a thread's start, hand-off
            // and exit, racing with the next unit, made what a unit covers depend on timing.
            // libFuzzer's own timeout stops a unit that hangs; one that only passes the limit
            // gets the threaded path's answer and is counted as abandoned, so the target fails
            // on it and the unit is saved.
            let started = std::time::Instant::now();
            let outcome = std::panic::catch_unwind(work).map_err(|_| Failure::Panicked);
            if started.elapsed() > limit {
                self.abandoned_ever.fetch_add(1, Ordering::SeqCst);
                return Err(Failure::TimedOut);
            }
            return outcome;
        }
        if self.abandoned() > 0 {
            return Err(Failure::Busy);
        }
        let state = Arc::new(AtomicU8::new(RUNNING));
        let worker_state = Arc::clone(&state);
        let (sender, receiver) = mpsc::channel();
        std::thread::Builder::new()
            .name(name.to_string())
            .stack_size(stack_bytes)
            .spawn(move || {
                let outcome = std::panic::catch_unwind(work);
                self.mark_finished(&worker_state);
                let _ = sender.send(outcome);
            })
            .map_err(|e| Failure::Spawn(e.to_string()))?;
        match receiver.recv_timeout(limit) {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(_)) => Err(Failure::Panicked),
            // The thread ended without sending: it can only have been killed by its own panic
            // while sending, which is a crash all the same.
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(Failure::Panicked),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                self.mark_abandoned(&state);
                Err(Failure::TimedOut)
            }
        }
    }

    // The worker and the waiter each swap in their mark; whichever swaps second sees the
    // other's and settles the count, so it balances in either order.

    /// The worker's mark, once its work has returned or panicked: an abandoned thread that
    /// ends takes itself off the count.
    fn mark_finished(&self, state: &AtomicU8) {
        if state.swap(FINISHED, Ordering::SeqCst) == ABANDONED {
            self.abandoned.fetch_sub(1, Ordering::SeqCst);
        }
    }

    /// The waiter's mark at the time limit. Counted before the mark, so the worker never takes
    /// off a count not yet added; a worker that finished meanwhile is taken off again.
    fn mark_abandoned(&self, state: &AtomicU8) {
        self.abandoned.fetch_add(1, Ordering::SeqCst);
        self.abandoned_ever.fetch_add(1, Ordering::SeqCst);
        if state.swap(ABANDONED, Ordering::SeqCst) == FINISHED {
            self.abandoned.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    const SHORT: Duration = Duration::from_millis(50);

    fn wait_until(condition: impl Fn() -> bool) {
        let start = Instant::now();
        while !condition() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "condition never held"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn values_and_panics_come_back() {
        static READERS: Readers = Readers::new();
        assert_eq!(READERS.run("pdf-test", 1 << 20, SHORT * 20, || 7), Ok(7));
        let panicked = READERS.run("pdf-test", 1 << 20, SHORT * 20, || -> u8 { panic!("x") });
        assert_eq!(panicked, Err(Failure::Panicked));
        assert_eq!(READERS.abandoned(), 0);
    }

    #[test]
    #[cfg(not(fuzzing))] // under the fuzzer's cfg nothing runs on a thread to abandon
    fn an_abandoned_reader_blocks_new_reads_until_it_ends() {
        static READERS: Readers = Readers::new();
        let (release, released) = mpsc::channel::<()>();
        let outcome = READERS.run("pdf-test", 1 << 20, SHORT, move || {
            let _ = released.recv();
        });
        assert_eq!(outcome, Err(Failure::TimedOut));
        assert_eq!(READERS.abandoned(), 1);
        let refused = READERS.run("pdf-test", 1 << 20, SHORT, || 1);
        assert_eq!(refused, Err(Failure::Busy));
        release.send(()).unwrap();
        wait_until(|| READERS.abandoned() == 0);
        assert_eq!(READERS.run("pdf-test", 1 << 20, SHORT * 20, || 2), Ok(2));
    }

    #[test]
    fn the_count_balances_whichever_mark_comes_first() {
        let readers = Readers::new();
        // The waiter gives up, then the worker ends.
        let state = AtomicU8::new(RUNNING);
        readers.mark_abandoned(&state);
        assert_eq!(readers.abandoned(), 1);
        readers.mark_finished(&state);
        assert_eq!(readers.abandoned(), 0);
        // The worker ends just before the waiter gives up: never left counted.
        let state = AtomicU8::new(RUNNING);
        readers.mark_finished(&state);
        readers.mark_abandoned(&state);
        assert_eq!(readers.abandoned(), 0);
        // A worker that ends in time is not counted at all.
        let state = AtomicU8::new(RUNNING);
        readers.mark_finished(&state);
        assert_eq!(readers.abandoned(), 0);
        assert_eq!(readers.abandoned_ever.load(Ordering::SeqCst), 2);
    }
}

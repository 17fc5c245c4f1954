//! The in-process boundary around the PDF library: a thread, `catch_unwind` and a time limit.
//!
//! A thread that passes its time limit cannot be stopped, only abandoned, and an abandoned
//! reader keeps its CPU, its memory and its ability to crash the process: a stack overflow in
//! it later kills whatever the process is doing then, which is how a fuzzing child once died on
//! a unit that could not cause it (docs/robustness.md, round 7). So abandoned readers are
//! counted, and while one is still running no new read starts in this process: the caller gets
//! a clear refusal instead of a second runaway. The plandoc binary does not depend on this (it
//! reads PDFs in child processes and kills them, see [`super::worker`]).

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

/// A set of guarded threads that share one count of abandoned threads.
pub(crate) struct Readers {
    abandoned: AtomicUsize,
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
    /// The refusal for [`Failure::Busy`], in the readers' words.
    pub(crate) fn busy_reason(limit: Duration) -> String {
        format!(
            "an earlier PDF's reader passed its {}s limit and is still running in this process; \
             no other PDF is read in-process until it ends (the plandoc binary reads PDFs in \
             child processes and is not affected)",
            limit.as_secs()
        )
    }
}

const RUNNING: u8 = 0;
const FINISHED: u8 = 1;
const ABANDONED: u8 = 2;

impl Readers {
    pub(crate) const fn new() -> Readers {
        Readers {
            abandoned: AtomicUsize::new(0),
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
        F: FnOnce() -> T + Send + 'static,
    {
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
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
                // Whichever of this thread and the waiter swaps second sees the other's mark;
                // only an abandoned thread that finishes takes itself off the count.
                if worker_state.swap(FINISHED, Ordering::SeqCst) == ABANDONED {
                    self.abandoned.fetch_sub(1, Ordering::SeqCst);
                }
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
                // Counted before the mark, so the thread never takes off a count not yet added.
                self.abandoned.fetch_add(1, Ordering::SeqCst);
                if state.swap(ABANDONED, Ordering::SeqCst) == FINISHED {
                    self.abandoned.fetch_sub(1, Ordering::SeqCst);
                }
                Err(Failure::TimedOut)
            }
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
    fn a_reader_that_ends_at_the_limit_is_never_left_counted() {
        // Work that ends about when the waiter gives up exercises both orders of the two marks;
        // whichever happens, the count must come back to zero.
        static READERS: Readers = Readers::new();
        for round in 0..40u64 {
            let pause = SHORT / 2 + Duration::from_millis(round % 8);
            let _ = READERS.run(
                "pdf-test",
                1 << 20,
                SHORT / 2 + Duration::from_millis(4),
                move || std::thread::sleep(pause),
            );
            wait_until(|| READERS.abandoned() == 0);
        }
    }
}

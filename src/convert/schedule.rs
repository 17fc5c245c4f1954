//! Parallel work, results in order, memory bounded.
//!
//! Workers take the next input as soon as they are free (no per-chunk barrier, so one slow file
//! does not idle the other cores), but never more than `window` inputs ahead of the one the
//! consumer waits for: at most `window` finished results wait in the reorder buffer, whatever the
//! corpus size. The consumer sees results strictly in index order, so what it writes is the same
//! for any number of jobs.
//!
//! Once `stop` is set (an interrupted batch), no worker takes another input; the inputs already
//! taken are finished and consumed, so the consumer has seen exactly the inputs `0..n` for the
//! `n` that `ordered` returns.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

use crate::error::{Error, Result};

/// Runs `work(i)` for every `i` in `0..count` on `jobs` threads and calls `consume(i, result)` on
/// the calling thread in increasing `i`, until `stop` is set. Returns how many inputs were
/// consumed: `count`, or fewer after a stop.
pub fn ordered<T, W, C>(
    count: usize,
    jobs: usize,
    window: usize,
    stop: &AtomicBool,
    work: W,
    mut consume: C,
) -> Result<usize>
where
    T: Send,
    W: Fn(usize) -> T + Sync,
    C: FnMut(usize, T),
{
    let jobs = jobs.max(1);
    let window = window.max(jobs);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("plandoc-convert-{i}"))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {jobs} worker threads: {e}")))?;
    let next_to_take = AtomicUsize::new(0);
    // The index the consumer waits for; workers stay within `window` of it.
    let consumed = Mutex::new(0usize);
    let advanced = Condvar::new();
    let (sender, receiver) = mpsc::channel::<(usize, T)>();
    let mut wanted = 0usize;
    pool.in_place_scope(|scope| {
        for _ in 0..jobs {
            let sender = sender.clone();
            let (next_to_take, consumed, advanced, work) =
                (&next_to_take, &consumed, &advanced, &work);
            scope.spawn(move |_| loop {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let index = next_to_take.fetch_add(1, Ordering::Relaxed);
                if index >= count {
                    break;
                }
                {
                    let mut done = consumed.lock().unwrap_or_else(|p| p.into_inner());
                    while index >= *done + window {
                        done = advanced.wait(done).unwrap_or_else(|p| p.into_inner());
                    }
                }
                let result = work(index);
                if sender.send((index, result)).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        // Should the consumer stop early (a panic), release the waiting workers so the scope
        // can end instead of hanging.
        let _release = Release {
            consumed: &consumed,
            advanced: &advanced,
            count,
        };
        let mut waiting: BTreeMap<usize, T> = BTreeMap::new();
        for (index, result) in receiver {
            waiting.insert(index, result);
            let before = wanted;
            while let Some(result) = waiting.remove(&wanted) {
                consume(wanted, result);
                wanted += 1;
            }
            if wanted != before {
                *consumed.lock().unwrap_or_else(|p| p.into_inner()) = wanted;
                advanced.notify_all();
            }
        }
    });
    Ok(wanted)
}

struct Release<'a> {
    consumed: &'a Mutex<usize>,
    advanced: &'a Condvar,
    count: usize,
}

impl Drop for Release<'_> {
    fn drop(&mut self) {
        *self.consumed.lock().unwrap_or_else(|p| p.into_inner()) = self.count;
        self.advanced.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_arrive_in_order_for_any_job_count() {
        for jobs in [1, 2, 3, 8] {
            let mut seen = Vec::new();
            ordered(
                200,
                jobs,
                4,
                &AtomicBool::new(false),
                |i| {
                    // Uneven work so that completion order differs from index order.
                    let spins = (i * 7919) % 5_000;
                    (0..spins).fold(i, |a, b| a.wrapping_add(b % 3))
                },
                |i, _| seen.push(i),
            )
            .unwrap();
            assert_eq!(seen, (0..200).collect::<Vec<_>>(), "jobs {jobs}");
        }
    }

    /// A stop ends the run after the inputs already taken: what was consumed is a prefix, and
    /// no more than a window's worth runs after the stop.
    #[test]
    fn a_stop_ends_the_run_after_a_prefix() {
        for jobs in [1, 2, 3, 8] {
            let stop = AtomicBool::new(false);
            let mut seen = Vec::new();
            let consumed = ordered(
                10_000,
                jobs,
                4,
                &stop,
                |i| (0..(i * 7919) % 5_000).fold(i, |a, b| a.wrapping_add(b % 3)),
                |i, _| {
                    seen.push(i);
                    if i == 20 {
                        stop.store(true, Ordering::SeqCst);
                    }
                },
            )
            .unwrap();
            assert_eq!(seen, (0..consumed).collect::<Vec<_>>(), "jobs {jobs}");
            // Taken before the stop: at most the window (4, at least `jobs`) plus one per job.
            assert!(
                (21..=21 + 4.max(jobs) + jobs).contains(&consumed),
                "jobs {jobs}: {consumed}"
            );
        }
    }

    #[test]
    fn no_work_is_fine() {
        let mut calls = 0;
        ordered(0, 2, 4, &AtomicBool::new(false), |i| i, |_, _| calls += 1).unwrap();
        assert_eq!(calls, 0);
    }
}

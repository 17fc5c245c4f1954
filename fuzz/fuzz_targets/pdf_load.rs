//! Any bytes as a PDF through plandoc's two PDF readers: the page geometry (what every plandoc
//! command reads a PDF with) and pdf-extract's flowed text (what `read::read_bytes` gives a
//! library caller for a PDF). In-process,
//! panics inside pdf-extract are caught by the readers' `catch_unwind` and become input errors;
//! a panic that escapes is a finding. (A stack overflow aborts in-process, and on a reader
//! thread it kills the fuzzer with a bare SIGSEGV and no saved input: run with `-fork=1` to keep
//! the unit. XObjects that draw themselves did it until the readers refused them, see
//! fixtures/hostile/xobject-cycle.pdf; the CLI contains any crash in a child process.)
//! A unit that makes a reader pass its time limit fails too, so that it is saved: the readers
//! abandon such a thread still running, where it could crash a later unit (the likeliest cause
//! of round 7's unexplained signal). Since round 18 cargo-fuzz's `--cfg fuzzing` keeps the
//! readers on this thread instead (`guarded::Readers::run`): libFuzzer's own `-timeout` stops
//! a unit that hangs, a reader that only passes its limit is still counted (so the check below
//! fails the unit and it is saved), and a stack overflow kills the process on the unit that
//! caused it. The readers' threads have up to 256 MiB of stack; `run_pdf_load.sh` gives this
//! thread as much (replay a unit under `ulimit -s 262144`).
#![no_main]

use std::backtrace::Backtrace;
use std::cell::RefCell;
use std::sync::Once;

use libfuzzer_sys::fuzz_target;

static QUIET_PANICS: Once = Once::new();

thread_local! {
    /// The last panic on this thread, kept quiet until we know whether it escaped: the readers
    /// catch pdf-extract's panics on purpose, and printing each would flood the log.
    /// (The backtrace is resolved to names only if printed: most of these panics are caught.)
    static LAST_PANIC: RefCell<Option<(String, Backtrace)>> = const { RefCell::new(None) };
}

fuzz_target!(|bytes: &[u8]| {
    // libfuzzer-sys aborts on any panic, even one caught further down; the reader catches
    // pdf-extract's panics on purpose, so restore a hook that lets them unwind, remembering each
    // one. A panic that escapes is printed with its message and backtrace before the abort, so
    // a fork-mode job log says what killed the child (the round-7 and round-11 signals left
    // only libFuzzer's bare "deadly signal" line).
    QUIET_PANICS.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let thread = std::thread::current();
            let message = format!(
                "panic on thread {:?}: {info}",
                thread.name().unwrap_or("<unnamed>")
            );
            let backtrace = Backtrace::force_capture();
            LAST_PANIC.with(|last| *last.borrow_mut() = Some((message, backtrace)));
        }))
    });
    if std::panic::catch_unwind(|| load(bytes)).is_err() {
        match LAST_PANIC.with(|last| last.borrow_mut().take()) {
            Some((message, backtrace)) => {
                eprintln!("a panic escaped plandoc's PDF reading: {message}\n{backtrace}")
            }
            None => eprintln!("a panic escaped plandoc's PDF reading (no message recorded)"),
        }
        std::process::abort();
    }
});

fn load(bytes: &[u8]) {
    // As in parse_text: what a unit covers depends on the unit alone (see the header for the
    // readers' thread).
    plandoc::forget_memos();
    let mut pdf = b"%PDF-1.4\n".to_vec();
    if !bytes.starts_with(b"%PDF-") {
        pdf.extend_from_slice(bytes);
    } else {
        pdf = bytes.to_vec();
    }
    if let Ok(document) = plandoc::pdf::read_pdf("fuzz.pdf", &pdf) {
        let plan = plandoc::pdf::parse_pdf("fuzz.pdf", &pdf, &document);
        let lines = plandoc::clean::clean(&document.text).lines.len();
        for [first, last] in plan.line_ranges() {
            assert!(
                1 <= first && first <= last && last <= lines,
                "lines [{first}, {last}] of {lines}"
            );
        }
    }
    if let Ok(input) = plandoc::read::read_bytes("fuzz.pdf", &pdf, &Default::default()) {
        let _ = plandoc::parse_input(&input);
    }
    // Counted whether or not the thread has ended since. The message is printed and the process
    // aborted directly because the quiet panic hook above would swallow an assertion's message.
    if plandoc::pdf::readers_abandoned_ever() > 0 {
        eprintln!("a PDF reader passed its time limit on this unit and was abandoned");
        std::process::abort();
    }
}

//! Any bytes as a PDF through plandoc's two PDF readers: the page geometry (what `plandoc parse`
//! and `plandoc text` use) and pdf-extract's flowed text (the fallback of `read`). In-process,
//! panics inside pdf-extract are caught by the readers' `catch_unwind` and become input errors;
//! a panic that escapes is a finding. (A stack overflow aborts in-process, and on a reader
//! thread it kills the fuzzer with a bare SIGSEGV and no saved input: run with `-fork=1` to keep
//! the unit. XObjects that draw themselves did it until the readers refused them, see
//! fixtures/hostile/xobject-cycle.pdf; the CLI contains any crash in a child process.)
//! A unit that makes a reader pass its time limit fails too, so that it is saved: the readers
//! abandon such a thread still running, where it could crash a later unit (the likeliest cause
//! of round 7's unexplained signal).
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;

static QUIET_PANICS: Once = Once::new();

fuzz_target!(|bytes: &[u8]| {
    // libfuzzer-sys aborts on any panic, even one caught further down; the reader catches
    // pdf-extract's panics on purpose, so restore a hook that lets them unwind. A panic that
    // escapes `read_bytes` still reaches libfuzzer-sys's own catch and aborts there.
    QUIET_PANICS.call_once(|| std::panic::set_hook(Box::new(|_| {})));
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
});

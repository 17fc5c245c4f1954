//! Any bytes as a PDF through plandoc's two PDF readers: the page geometry (what `plandoc parse`
//! and `plandoc text` use) and pdf-extract's flowed text (the fallback of `read`). In-process,
//! panics inside pdf-extract are caught by the readers' `catch_unwind` and become input errors;
//! a panic that escapes is a finding. (A stack overflow aborts in-process, and on a reader
//! thread it kills the fuzzer with a bare SIGSEGV and no saved input: run with `-fork=1` to keep
//! the unit. XObjects that draw themselves did it until the readers refused them, see
//! fixtures/hostile/xobject-cycle.pdf; the CLI contains any crash in a child process.)
//! A reader that passes its time limit is a finding too: the readers abandon it still running,
//! where it can crash a later unit (the round-7 signal), so the unit that left it is saved.
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
    assert_eq!(
        plandoc::pdf::abandoned_readers(),
        0,
        "a PDF reader passed its time limit and was left running"
    );
});

//! Any bytes as a PDF through plandoc's reader. In-process, panics inside pdf-extract are caught
//! by the reader's `catch_unwind` and become input errors; a panic that escapes is a finding.
//! (Stack overflows abort in-process: the CLI contains them in a child process, this target
//! reports them so they are known.)
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
    if let Ok(input) = plandoc::read::read_bytes("fuzz.pdf", &pdf, &Default::default()) {
        let _ = plandoc::parse_input(&input);
    }
});

//! Any bytes through the whole text pipeline: read (encoding detection, legacy decoding,
//! mojibake repair) → clean → structure → JSON. Reading may refuse the bytes; nothing may panic,
//! and what is parsed must serialize with its line ranges inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    // What a unit covers should depend on the unit alone, not on what earlier units left in
    // the parser's memos (a memo hit skips the code a miss runs).
    plandoc::forget_memos();
    // PDFs have their own target; here a "%PDF-" in the first kilobyte would only slow us down.
    if bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        return;
    }
    let Ok(input) = plandoc::read::read_bytes("fuzz.txt", bytes, &Default::default()) else {
        return;
    };
    let plan = plandoc::parse_input(&input);
    let lines = plandoc::clean::clean(&input.text).lines.len();
    let json = serde_json_free_check(&plan);
    assert!(!json.is_empty());
    for [first, last] in plan.line_ranges() {
        assert!(
            1 <= first && first <= last && last <= lines,
            "lines [{first}, {last}] of {lines}"
        );
    }
});

/// Renders the plan as the CLI does; a panic in rendering is a finding too.
fn serde_json_free_check(plan: &plandoc::model::Plan) -> String {
    plandoc::render::plan::json(plan, true)
}

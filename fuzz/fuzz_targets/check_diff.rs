#![no_main]
//! What comes after parsing, on whatever plan the parser makes of the bytes: `check`'s rules
//! (with an issued plan as baseline, so the target rules compare) and every report format, a
//! `diff` against that plan and against itself in every format, and `parse`'s own table, CSV
//! and XLSX outputs. The parse_text target covers reading; this one covers what a hostile
//! document can do to the stages that trust the plan the reader made.
//!
//! PDF bytes are left to pdf_load. Build with `cargo fuzz build -s none` like the others; run
//! with the parse_text corpus as seeds (the same documents reach the later stages).

use libfuzzer_sys::fuzz_target;
use once_cell::sync::Lazy;
use plandoc::check::{self, render::Style, Baseline};
use plandoc::compare::{self, Filters, Input};
use plandoc::model::Plan;
use plandoc::render;

/// A short issued plan (sections, a task table, targets): a seed's hundreds of rows would make
/// every execution render the same long report.
static ISSUED: Lazy<(Plan, Baseline)> = Lazy::new(|| {
    let text = include_str!("../check_diff_issued.txt");
    let plan = plandoc::parse_text("issued.txt", text);
    let document = plandoc::clean::clean(text);
    let baseline = Baseline::new(&plan, &document);
    (plan, baseline)
});

fuzz_target!(|bytes: &[u8]| {
    let (issued, baseline) = &*ISSUED;
    plandoc::forget_memos();
    if bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        return;
    }
    let Ok(draft) = check::draft::read_bytes("draft.txt", bytes, &Default::default()) else {
        return;
    };

    let options = check::Options {
        config: Default::default(),
        baselines: vec![baseline.clone()],
    };
    let mut report =
        check::check_with_source(&draft.plan, &draft.document, draft.as_written(), &options);
    report.keep_written(draft.written_lines.clone());
    let reports = [report];
    // Snippets as a file gets them, and cut for a narrow terminal.
    for (color, width) in [(false, None), (true, Some(50))] {
        assert!(!check::render::human(&reports, 0, Style { color, width }).is_empty());
    }
    check::render::json(&reports, false);
    check::render::jsonl(&reports);
    check::render::sarif(&reports, &[]);
    check::render::github(&reports, &[]);

    render::plan::table(&draft.plan, Some(100));
    for sheet in render::plan_sheets::sheets(&draft.plan) {
        render::sheets::csv(&sheet, true);
    }
    let _ = render::sheets::xlsx(&render::plan_sheets::sheets(&draft.plan));

    let draft_input = || Input {
        path: "draft.txt".to_string(),
        plan: draft.plan.clone(),
    };
    let issued_input = Input {
        path: "issued.txt".to_string(),
        plan: issued.clone(),
    };
    // The draft against itself in every format (XLSX once: its cost is compression, the same
    // whatever the text); against the issued plan in the text formats, then filtered.
    for (inputs, xlsx) in [
        (vec![draft_input(), draft_input()], true),
        (vec![issued_input, draft_input()], false),
    ] {
        let Ok(diff) = compare::diff(&inputs) else {
            continue;
        };
        render_diff(&diff, xlsx);
        let changed = compare::filter(
            diff,
            &Filters {
                only: Vec::new(),
                changed: true,
                lead: Some("sở tài chính".to_string()),
            },
        );
        render_diff(&changed, false);
    }
});

fn render_diff(diff: &compare::Diff, xlsx: bool) {
    render::diff::json(diff, false);
    for view in compare::VIEWS {
        render::diff::csv(diff, view, true);
    }
    render::diff::table(diff, Some(120));
    render::diff::markdown(diff);
    render::diff::html(diff);
    if xlsx {
        let _ = render::diff::xlsx(diff);
    }
}

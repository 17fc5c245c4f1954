//! Invariants that hold for every input, checked on generated ones (proptest):
//! - parsing never panics, on any string and on plan-shaped text;
//! - the output is valid contract JSON (it round-trips through the contract's types);
//! - every `lines` range lies inside the input;
//! - parsing is deterministic (same input, same bytes out);
//! - rows, targets and sections keep the document's own words;
//! - reading any bytes never panics, and an error always names the file;
//! - a target's label (what `diff` shows for it) is the quote's own characters, in order.

use plandoc::model::Plan;
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

/// Lines that plans are made of, in the shapes the extractions give them; generated documents
/// are random sequences of these and of random noise, so every stage sees its own kind of input
/// in unexpected orders.
fn plan_line() -> impl Strategy<Value = String> {
    let number = prop_oneof![
        Just("I".to_string()),
        Just("II".to_string()),
        Just("IV".to_string()),
        (1u32..30).prop_map(|n| n.to_string()),
        (1u32..9, 1u32..9).prop_map(|(a, b)| format!("{a}.{b}")),
        Just("a".to_string()),
        Just("đ".to_string()),
        Just("A".to_string()),
    ];
    let words = prop::sample::select(vec![
        "MỤC ĐÍCH, YÊU CẦU",
        "Mục đích",
        "Tổ chức thực hiện",
        "100% hồ sơ được số hóa",
        "tối thiểu 80% dữ liệu",
        "Sở Thông tin và Truyền thông",
        "Các sở, ngành, địa phương",
        "2024 - 2025",
        "Thường xuyên",
        "Năm 2026-2030",
        "đến năm 2030",
        "Công an tỉnh; Sở Tài chính",
        "Kế hoạch số 12/KH-UBND",
        "≥ 25",
        "% GRDP",
        "Thứ bậc",
        "TT",
        "Nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian",
        "Kết quả",
        "PHỤ LỤC",
        "DANH MỤC CÁC NHIỆM VỤ",
        "Nơi nhận:",
        "TM. ỦY BAN NHÂN DÂN",
        "KẾ HOẠCH",
    ]);
    prop_oneof![
        (
            number.clone(),
            prop::sample::select(vec![".", ")", ". ", ""]),
            words.clone()
        )
            .prop_map(|(n, sep, w)| format!("{n}{sep} {w}")),
        words.clone().prop_map(str::to_string),
        prop::collection::vec(words.clone(), 1..6).prop_map(|cells| cells.join("\t")),
        prop::collection::vec(words.clone(), 1..6)
            .prop_map(|cells| format!("| {} |", cells.join(" | "))),
        (1u32..40).prop_map(|n| n.to_string()),
        Just(String::new()),
        Just("\u{0C}".to_string()),
        Just("872 15".to_string()),
        "[ -~\u{00C0}-\u{1EF9}\t]{0,40}",
        any::<String>().prop_map(|s| s.chars().take(40).collect()),
        words.prop_map(|w| format!("**{w}**")),
    ]
}

fn plan_text() -> impl Strategy<Value = String> {
    prop::collection::vec(plan_line(), 0..80).prop_map(|lines| lines.join("\n"))
}

fn parse(text: &str) -> (Plan, String) {
    let plan = plandoc::parse_text("generated.txt", text);
    let json = serde_json::to_string(&plan).expect("a plan always serializes");
    (plan, json)
}

/// The number of lines the clean stage sees in `text`.
fn line_count(text: &str) -> usize {
    plandoc::clean::clean(text).lines.len()
}

/// Every line range of the plan lies inside the text's `max` lines.
fn lines_inside(plan: &Plan, max: usize) -> Result<(), TestCaseError> {
    for [first, last] in plan.line_ranges() {
        prop_assert!(
            1 <= first && first <= last && last <= max,
            "lines [{}, {}] outside 1..={}",
            first,
            last,
            max
        );
    }
    Ok(())
}

fn check_invariants(text: &str) -> Result<(), TestCaseError> {
    let (plan, json) = parse(text);
    // Contract JSON: it reads back into the contract's types, unchanged.
    let back: Plan = serde_json::from_str(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&back, &plan);
    prop_assert_eq!(plan.schema.as_str(), "plandoc/plan@1");
    // Deterministic, whether the parser's memos are warm (the second parse) or empty.
    let (_, again) = parse(text);
    prop_assert_eq!(&json, &again);
    plandoc::forget_memos();
    let (_, fresh) = parse(text);
    prop_assert_eq!(&json, &fresh);
    lines_inside(&plan, line_count(text))?;
    // The document's own words: every word of a row's cells, a target's quote or a section's
    // heading is a word of the input as cleaned (markup gone, NFC).
    let document: String = plandoc::clean::clean(text)
        .lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let mut printed: Vec<(&str, &str)> = Vec::new();
    for section in &plan.sections {
        if let Some(heading) = &section.heading {
            printed.push(("heading", heading));
        }
    }
    for table in &plan.tables {
        for row in &table.rows {
            for (field, value) in [
                ("task", row.task.as_deref()),
                ("indicator", row.indicator.as_deref()),
                ("lead", Some(row.lead.raw.as_str())),
                ("support", row.support.as_ref().map(|s| s.raw.as_str())),
            ] {
                if let Some(value) = value {
                    printed.push((field, value));
                }
            }
        }
    }
    for target in &plan.targets {
        printed.push(("quote", &target.quote));
    }
    for (field, value) in printed {
        prop_assert!(
            value.nfc().eq(value.chars()),
            "{} not NFC: {:?}",
            field,
            value
        );
        for word in value.split_whitespace() {
            prop_assert!(
                document.contains(word),
                "{} word {:?} (in {:?}) is not in the document",
                field,
                word,
                value
            );
        }
    }
    Ok(())
}

/// A reading does not depend on what earlier documents left in the memos: each seed reads the
/// same with the memos full of the other seeds as with them emptied. (Emptying them is what the
/// fuzz targets do before each unit; a `convert` batch reuses its threads, memos and all.)
#[test]
fn earlier_documents_never_change_a_reading() {
    let mut seeds: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 5, "{seeds:?}");
    let read = |path: &std::path::Path| {
        let plan = plandoc::parse_path(path, &Default::default()).unwrap();
        plandoc::render::plan::json(&plan, false)
    };
    for path in &seeds {
        read(path);
    }
    // Every seed now reads with every other seed's answers remembered.
    let warm: Vec<String> = seeds.iter().map(|path| read(path)).collect();
    for (path, warm) in seeds.iter().zip(&warm) {
        plandoc::forget_memos();
        assert_eq!(&read(path), warm, "{}", path.display());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_string_parses_and_keeps_the_invariants(text in any::<String>()) {
        check_invariants(&text)?;
    }

    #[test]
    fn plan_shaped_text_parses_and_keeps_the_invariants(text in plan_text()) {
        check_invariants(&text)?;
    }

    #[test]
    fn reading_any_bytes_answers_text_or_an_error_naming_the_file(
        bytes in prop::collection::vec(any::<u8>(), 0..2048)
    ) {
        match plandoc::read::read_bytes("input-under-test.bin", &bytes, &Default::default()) {
            Ok(input) => {
                prop_assert!(!input.text.trim().is_empty());
                prop_assert!(!input.text.contains('\0'));
            }
            Err(error) => {
                prop_assert!(error.to_string().starts_with("input-under-test.bin: "));
            }
        }
    }

    #[test]
    fn legacy_encodings_round_trip(text in "[ a-zA-Z0-9àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđĐ.,;:]{0,80}") {
        use plandoc::read::{encode_legacy, Encoding};
        for encoding in [Encoding::Vni, Encoding::Windows1258, Encoding::Tcvn3] {
            let bytes = encode_legacy(&text, encoding);
            let options = plandoc::read::ReadOptions { encoding: Some(encoding) };
            match plandoc::read::read_bytes("t.txt", &bytes, &options) {
                Ok(input) if encoding == Encoding::Tcvn3 => {
                    prop_assert_eq!(input.text.to_lowercase(), text.to_lowercase());
                }
                Ok(input) => prop_assert_eq!(input.text, text.clone()),
                Err(error) => prop_assert!(text.trim().is_empty(), "{}", error),
            }
        }
    }
}

/// Words target quotes are made of, with the marks, numbers and short forms the label reads
/// around: brackets and quotation marks opened and not closed, levels, joining words.
fn quote_word() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "và",
        "của",
        "các",
        "cán",
        "bộ,",
        "công",
        "chức,",
        "viên",
        "chức",
        "CBCCVC",
        "100%",
        "80%",
        "70",
        "%",
        "tối",
        "thiểu",
        "đạt",
        "từ",
        "lên",
        "04",
        "lớp",
        "số",
        "hóa",
        "hoá",
        "hồ",
        "sơ",
        "(AI)",
        "trí",
        "tuệ",
        "nhân",
        "tạo",
        "(",
        ")",
        "“dữ",
        "liệu”",
        "\"",
        "…",
        ";",
        ".",
        "-",
        "1Gb/s",
        "Doanh",
        "nghiệp",
        "người",
        "dân",
        "năm",
        "2025",
        "[",
        "]",
        "‘",
        "’",
        "«",
        "»",
        "TTHC",
        "thủ",
        "tục",
        "hành",
        "chính",
        "trực",
        "tuyến",
        "toàn",
        "trình",
        "được",
        "xử",
        "lý",
        ",",
        "cơ",
        "quan",
        "nhà",
        "nước",
        "đ",
        "I.",
        "ẞ",
        "İ",
    ])
}

/// `needle`'s characters, white space and "…" left out, in order among `haystack`'s.
fn is_subsequence(needle: &str, haystack: &str) -> bool {
    let mut rest = haystack.chars().filter(|c| !c.is_whitespace());
    needle
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '…')
        .all(|wanted| rest.any(|c| c == wanted))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// A target's label (what diff and the tables show for it) never panics, and is made of
    /// the quote's own characters in the quote's order: marks are only taken out, "…" only put
    /// in.
    #[test]
    fn a_target_label_is_the_quotes_own_words(
        quote in prop::collection::vec(quote_word(), 0..80),
        kept in prop::collection::vec(any::<bool>(), 80),
        noise in prop::collection::vec(quote_word(), 0..4),
        value in prop::sample::select(vec![0.0, 4.0, 70.0, 80.0, 100.0, 1.5, 2025.0]),
        unit in prop::sample::select(vec!["%", "", "người", "doanh nghiệp"]),
        printed in proptest::option::of(prop::sample::select(vec!["Doanh nghiệp", "người", "%"])),
    ) {
        // The subject is taken from the quote, as the parser takes it, with words of its own.
        let mut subject: Vec<&str> = quote
            .iter()
            .zip(&kept)
            .filter(|(_, kept)| **kept)
            .map(|(word, _)| *word)
            .collect();
        subject.extend(noise);
        let subject = subject.join(" ");
        let quote = quote.join(" ");
        let level = plandoc::structure::targets::Level { value, unit, unit_printed: printed };
        if let Some(label) = plandoc::structure::targets::label(&subject, &quote, &level) {
            prop_assert!(!label.is_empty());
            prop_assert_eq!(label.trim(), label.as_str());
            prop_assert!(!label.contains("  "), "{:?}", label);
            prop_assert!(is_subsequence(&label, &quote), "{:?} from {:?}", label, quote);
        }
    }
}

/// Pieces of HTML and CSV as pages, office programs and converters write them: tags with and
/// without spans (some hostile), character references, words of plans, cells and line ends.
fn markup_piece() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "TT",
        "Nhiệm vụ",
        "Cơ quan chủ trì",
        "Phối hợp",
        "Thời gian",
        "Sở Tư pháp",
        "Các sở, ngành",
        "2026",
        "I. THỂ CHẾ",
        "1",
        "1.2",
        "PHỤ LỤC",
        "KẾ HOẠCH",
        "100% hồ sơ",
        "Sau khi có hướng dẫn",
        "&nbsp;",
        "&agrave;",
        "&#7879;",
        "&#xD800;",
        "&bogus;",
        "\"",
        "\"\"",
        ",",
        ";",
        "\t",
        "\n",
        "\r\n",
        "<",
        ">",
    ]);
    let tag = prop::sample::select(vec![
        "<table>",
        "</table>",
        "<tr>",
        "</tr>",
        "<td>",
        "</td>",
        "<th>",
        "<thead>",
        "</thead>",
        "<p>",
        "</p>",
        "<br>",
        "<b>",
        "</b>",
        "<h2>",
        "</h2>",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "<html>",
        "<!DOCTYPE html>",
        "<head>",
        "</head>",
        "<li>",
        "<div>",
        "sep=;",
    ]);
    prop_oneof![
        word.prop_map(str::to_string),
        tag.prop_map(str::to_string),
        (
            prop::sample::select(vec!["td", "th"]),
            prop::sample::select(vec!["rowspan", "colspan"]),
            prop::sample::select(vec![0u64, 1, 2, 3, 64, 1000, 99_999_999_999]),
        )
            .prop_map(|(cell, span, n)| format!("<{cell} {span}=\"{n}\">")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// HTML and CSV, whole or broken, read as a page, as Markdown with tables, or as CSV:
    /// never a panic, contract JSON, the same bytes twice, line ranges inside the text read.
    #[test]
    fn markup_reads_and_keeps_the_invariants(
        pieces in prop::collection::vec(markup_piece(), 0..200),
        name in prop::sample::select(vec!["page.html", "plan.md", "table.csv", "plan.txt"]),
    ) {
        let bytes = pieces.concat().into_bytes();
        let Ok(input) = plandoc::read::read_bytes(name, &bytes, &Default::default()) else {
            return Ok(());
        };
        let plan = plandoc::parse_input(&input);
        let json = plandoc::render::plan::json(&plan, true);
        let back: Plan =
            serde_json::from_str(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, &plan);
        plandoc::forget_memos();
        let again = plandoc::render::plan::json(&plandoc::parse_input(&input), true);
        prop_assert_eq!(&json, &again);
        lines_inside(&plan, line_count(&input.text))?;
    }
}

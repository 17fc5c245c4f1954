//! Targets never panic on input, and stay linear on long unpunctuated text.

use proptest::prelude::*;

const TOKENS: &[&str] = &[
    "100%",
    "80 %",
    "≥",
    "≤ ",
    "tối thiểu",
    "ít nhất",
    "dưới",
    "trên",
    "trở lên",
    "năm",
    "2025",
    "20301",
    "2025-2030",
    "đến hết năm",
    "Thứ bậc",
    "top",
    "nhóm",
    "01",
    "mô hình",
    "4 lớp",
    "Gb/s",
    "tỷ đồng",
    "% GRDP",
    "%/năm",
    "70-80%",
    "120%",
    "a)",
    "đ)",
    "- ",
    "+ ",
    "I.",
    "II.",
    "1.",
    "1.1.",
    ". ",
    "; ",
    ": ",
    ", ",
    " và ",
    "(",
    ")",
    "“",
    "”",
    "\n",
    "\n\n",
    "\t",
    "...",
    "TP.",
    "số",
    "142/QĐ-TTg",
    "ngày 02/02/2024",
    "tháng 02 năm 2024",
    "so với năm",
    "MỤC TIÊU",
    "Phụ lục",
    "PHỤ LỤC",
    "Nơi nhận:",
    "dữ liệu",
    "được số hóa",
    "CSDL",
    "é",
    "ẫ",
    "Đ",
    "%",
    "1.000",
    "99,5",
    "0",
    "9999999999999999999999",
    ".",
    ",",
    "\u{0C}",
];

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..120).prop_map(|tokens| tokens.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_reads_without_panic(text in document()) {
        let plan = plandoc::parse_text("fuzz.txt", &text);
        for target in &plan.targets {
            prop_assert!(target.value.is_finite());
            prop_assert!(matches!(target.comparator.as_str(), "=" | ">=" | "<="));
            prop_assert!(target.lines[0] <= target.lines[1]);
        }
    }

    #[test]
    fn any_characters_read_without_panic(text in "[0-9%≥≤.,;:/ \\-\\nđêăâơưáàảãạ()a-zA-Z“”]{0,400}") {
        let _ = plandoc::parse_text("fuzz.txt", &format!("I. MỤC TIÊU\n{text}\n"));
    }
}

/// One body paragraph of 60 000 words (6 000 wrapped lines) with no sentence end: every target
/// in it is still read, and the reading finishes (a quadratic scan would not, at this size, in a
/// test run).
#[test]
fn a_long_unpunctuated_paragraph_is_read() {
    let mut text = String::from("I. MỤC TIÊU ĐẾN NĂM 2030\n1. Mục tiêu\n");
    for i in 0..6_000 {
        text.push_str(&format!(
            "tối thiểu {}% dữ liệu được số hóa đến năm 2030 và\n",
            i % 100
        ));
    }
    text.push_str("kết thúc.\nNơi nhận:\n");
    let plan = plandoc::parse_text("long.txt", &text);
    assert_eq!(plan.targets.len(), 6_000);
    assert!(plan
        .targets
        .iter()
        .all(|t| t.comparator == ">=" && t.year == Some(2030)));
}

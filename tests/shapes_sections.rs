//! The same document in other extraction shapes must give the same section tree: re-wrapped at
//! other widths, with or without a blank line after every line, with CRLF line ends. This is the
//! guard against logic that only works for one seed's layout.

use std::path::Path;

use plandoc::eval::{load_gold, norm};

/// Paths and headings of the reference reading.
fn expected(stem: &str) -> Vec<(String, Option<String>)> {
    let gold = load_gold(Path::new(env!("CARGO_MANIFEST_DIR")), stem, "sections").unwrap();
    gold["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let path: Vec<&str> = s["path"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap())
                .collect();
            (path.join("."), s["heading"].as_str().map(norm))
        })
        .collect()
}

fn parsed(text: &str) -> Vec<(String, Option<String>)> {
    plandoc::parse_text("variant.txt", text)
        .sections
        .iter()
        .map(|s| (s.path.join("."), s.heading.clone()))
        .collect()
}

fn seed(stem: &str) -> String {
    std::fs::read_to_string(format!("{}/seeds/{stem}.txt", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Greedy word wrap, as a PDF text layer or a narrow window would break paragraphs.
fn wrap(line: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for word in line.split_whitespace() {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() || out.is_empty() {
        out.push(current);
    }
    out
}

/// Paragraph-per-line documents re-flowed as PDF text: each body line wrapped at `width`,
/// Markdown markers dropped, optional blank line after every line; table rows (tabs) untouched.
fn reflow(text: &str, width: usize, blank_after_each: bool) -> String {
    let mut out = Vec::new();
    for line in text.lines() {
        if line.contains('\t') {
            out.push(line.to_string());
            continue;
        }
        let plain = line.trim_start_matches('#').trim().replace("**", "");
        for piece in wrap(&plain, width) {
            out.push(piece);
            if blank_after_each {
                out.push(String::new());
            }
        }
    }
    out.join("\n")
}

#[test]
fn paragraph_seeds_rewrapped_keep_their_tree() {
    for stem in ["gia-lai-142", "dak-lak-142"] {
        let text = seed(stem);
        for width in [55, 70, 95] {
            for blank in [false, true] {
                assert_eq!(
                    parsed(&reflow(&text, width, blank)),
                    expected(stem),
                    "{stem} wrapped at {width}, blank lines {blank}"
                );
            }
        }
    }
}

#[test]
fn flowed_seeds_with_other_blank_line_and_line_end_conventions_keep_their_tree() {
    for stem in ["kon-tum-142", "son-la-142", "kon-tum-nq03"] {
        let text = seed(stem);
        let with_blanks: String = text.lines().map(|l| format!("{l}\n\n")).collect();
        let without_blanks: String = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| format!("{l}\n"))
            .collect();
        let crlf = text.replace('\n', "\r\n");
        for (name, variant) in [
            ("blank lines", with_blanks),
            ("no blank lines", without_blanks),
            ("CRLF", crlf),
        ] {
            assert_eq!(parsed(&variant), expected(stem), "{stem} with {name}");
        }
    }
}

/// A plan of a province not among the seeds, as copied from a legal-document website: header and
/// signature in `|` table cells, dotted level-3 numbers, colon headings.
#[test]
fn website_copy_of_an_unseen_province() {
    let path = format!(
        "{}/fixtures/shapes/lam-dong-website.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let plan = plandoc::parse_path(path.as_ref(), &Default::default()).unwrap();
    assert_eq!(plan.plan.province.as_deref(), Some("Lâm Đồng"));
    assert_eq!(plan.plan.number.as_deref(), Some("45/KH-UBND"));
    assert_eq!(plan.plan.date.as_deref(), Some("2025-03-15"));
    assert_eq!(plan.plan.signer.as_deref(), Some("Trần Văn Hiệp"));
    assert_eq!(plan.plan.implements, vec!["142/QĐ-TTg"]);
    assert_eq!(
        plan.plan.title.as_deref(),
        Some("Thực hiện Chiến lược dữ liệu quốc gia đến năm 2030 trên địa bàn tỉnh Lâm Đồng")
    );
    let tree: Vec<(String, Option<&str>)> = plan
        .sections
        .iter()
        .map(|s| (s.path.join("/"), s.heading.as_deref()))
        .collect();
    let expected: Vec<(String, Option<&str>)> = vec![
        ("I".into(), Some("MỤC ĐÍCH, YÊU CẦU")),
        ("I/1".into(), Some("Mục đích")),
        ("I/2".into(), Some("Yêu cầu")),
        ("II".into(), Some("MỤC TIÊU")),
        ("II/1".into(), Some("Mục tiêu đến năm 2025")),
        ("II/1/1.1".into(), None),
        ("II/1/1.2".into(), None),
        ("II/2".into(), Some("Mục tiêu đến năm 2030")),
        ("II/2/2.1".into(), None),
        ("III".into(), Some("NHIỆM VỤ, GIẢI PHÁP")),
        ("IV".into(), Some("TỔ CHỨC THỰC HIỆN")),
        ("IV/1".into(), Some("Sở Thông tin và Truyền thông")),
        ("IV/2".into(), Some("Sở Tài chính")),
        (
            "IV/3".into(),
            Some("Các sở, ban, ngành, UBND các huyện, thành phố"),
        ),
    ];
    assert_eq!(tree, expected);
    assert_eq!(
        plan.sections[5].text,
        "100% hồ sơ thủ tục hành chính được số hóa."
    );
    assert_eq!(plan.sections[9].text, "(Chi tiết tại Phụ lục kèm theo)");
}

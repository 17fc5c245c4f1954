//! The same plan in other extraction shapes gives the same targets: re-wrapped as a PDF text
//! layer would break its paragraphs, with a blank line after every line, with CRLF line ends.

fn seed(stem: &str) -> String {
    std::fs::read_to_string(format!("{}/seeds/{stem}.txt", env!("CARGO_MANIFEST_DIR")))
        .expect("seed")
}

/// Greedy word wrap of every body line (tab-separated table rows are left whole).
fn rewrap(text: &str, width: usize, blank_after: bool) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let pieces: Vec<String> = if line.contains('\t') || line.trim().is_empty() {
            vec![line.to_string()]
        } else {
            let mut pieces = Vec::new();
            let mut current = String::new();
            for word in line.split_whitespace() {
                if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width
                {
                    pieces.push(std::mem::take(&mut current));
                }
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(word);
            }
            pieces.push(current);
            pieces
        };
        for piece in pieces {
            out.push_str(&piece);
            out.push('\n');
            if blank_after {
                out.push('\n');
            }
        }
    }
    out
}

type Key = (Vec<String>, String, String, String, Option<i32>, String);

fn keys(text: &str) -> Vec<Key> {
    plandoc::parse_text("variant.txt", text)
        .targets
        .into_iter()
        .map(|t| {
            (
                t.path,
                format!("{}", t.value),
                t.unit,
                t.comparator,
                t.year,
                t.quote.replace('*', ""),
            )
        })
        .collect()
}

#[test]
fn rewrapped_paragraphs_give_the_same_targets() {
    let original = seed("dak-lak-142");
    let expected = keys(&original);
    assert!(expected.len() >= 40);
    for (width, blank_after) in [(72, false), (90, true), (55, false)] {
        let variant = rewrap(&original, width, blank_after);
        assert_eq!(
            keys(&variant),
            expected,
            "width {width}, blank lines {blank_after}"
        );
    }
}

#[test]
fn crlf_line_ends_give_the_same_targets() {
    for stem in ["son-la-142", "kon-tum-142"] {
        let original = seed(stem);
        let crlf = original.replace('\n', "\r\n");
        assert_eq!(keys(&crlf), keys(&original), "{stem}");
    }
}

/// A second lead-in ("Đến năm 2030:") printed as a paragraph of its own after the first list's
/// last item gives its year to the list under it, whatever the blank lines: before, it was read
/// as the last line of that item and its list took the first lead-in's year.
#[test]
fn a_lead_in_after_a_finished_item_opens_its_own_list() {
    let plan = "ỦY BAN NHÂN DÂN TỈNH BẮC NAM\nSố: 77/KH-UBND\nBắc Nam, ngày 10 tháng 3 năm 2026\n\
                KẾ HOẠCH\nTriển khai Chiến lược dữ liệu\nI. MỤC TIÊU\nĐến năm 2026:\n\
                - 100% hồ sơ thủ tục hành chính được số hóa.\nĐến năm 2030:\n\
                - Tối thiểu 70% dữ liệu được chia sẻ.\nII. TỔ CHỨC THỰC HIỆN\n\
                Các sở, ban, ngành triển khai.\n";
    for text in [plan.to_string(), rewrap(plan, 200, true)] {
        let parsed = plandoc::parse_text("lead-ins.txt", &text);
        let read: Vec<(f64, Option<i32>)> = parsed
            .targets
            .iter()
            .map(|target| (target.value, target.year))
            .collect();
        assert_eq!(read, [(100.0, Some(2026)), (70.0, Some(2030))], "{text}");
    }
}

/// One subject with a level for each of two years ("two targets, two years", DOMAIN.md): the
/// later level names only its year, and takes the subject named before it in the sentence, or
/// in the label the sentence opens with. Before, only the first level was read.
#[test]
fn a_subject_with_a_level_for_each_year_gives_a_target_for_each() {
    let plan = "ỦY BAN NHÂN DÂN TỈNH BẮC NAM\nSố: 77/KH-UBND\nBắc Nam, ngày 10 tháng 3 năm 2026\n\
                KẾ HOẠCH\nTriển khai Chiến lược dữ liệu\nI. MỤC TIÊU\n\
                - Tỷ lệ hồ sơ trực tuyến toàn trình đến năm 2027 đạt 50%, đến năm 2030 đạt 80%.\n\
                - Tỷ lệ dữ liệu được làm sạch: năm 2027 đạt 60%; năm 2030 đạt 90%.\n\
                - Đến năm 2030, 100% cơ sở dữ liệu được kết nối; 80%.\n\
                II. TỔ CHỨC THỰC HIỆN\nCác sở, ban, ngành triển khai.\n";
    let parsed = plandoc::parse_text("levels.txt", plan);
    let read: Vec<(f64, Option<i32>, &str)> = parsed
        .targets
        .iter()
        .map(|target| (target.value, target.year, target.subject.as_str()))
        .collect();
    assert_eq!(
        read,
        [
            (50.0, Some(2027), "tỷ lệ hồ sơ trực tuyến toàn trình"),
            (80.0, Some(2030), "tỷ lệ hồ sơ trực tuyến toàn trình"),
            (60.0, Some(2027), "tỷ lệ dữ liệu được làm sạch"),
            (90.0, Some(2030), "tỷ lệ dữ liệu được làm sạch"),
            (100.0, Some(2030), "CSDL được kết nối"),
        ],
        "a bare number with no year before it takes no subject"
    );
}

/// Counts after "hoàn thành", "đưa vào vận hành" are commitments as after "xây dựng"; "phần
/// trăm" written out is "%".
#[test]
fn counts_after_completing_verbs_and_percent_in_words() {
    let plan = "ỦY BAN NHÂN DÂN TỈNH BẮC NAM\nSố: 77/KH-UBND\nBắc Nam, ngày 10 tháng 3 năm 2026\n\
                KẾ HOẠCH\nTriển khai Chiến lược dữ liệu\nI. MỤC TIÊU ĐẾN NĂM 2030\n\
                - Hoàn thành 05 cơ sở dữ liệu chuyên ngành.\n\
                - Đưa vào vận hành 03 nền tảng số.\n\
                - Tỷ lệ người dân hài lòng đạt trên 90 phần trăm.\n\
                II. TỔ CHỨC THỰC HIỆN\nCác sở, ban, ngành triển khai.\n";
    let parsed = plandoc::parse_text("counts.txt", plan);
    let read: Vec<(f64, &str, &str)> = parsed
        .targets
        .iter()
        .map(|target| {
            (
                target.value,
                target.unit.as_str(),
                target.comparator.as_str(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [(5.0, "count", "="), (3.0, "count", "="), (90.0, "%", ">=")]
    );
}

/// What a later level does not inherit: a part's name as a label ("Mục tiêu:"), and a count's
/// subject for a share; a lead-in naming no year ("Về chính quyền số:") goes on the paragraph
/// that names it ("Phấn đấu đến năm 2030, … sau đây.").
#[test]
fn a_level_inherits_only_a_measure_of_its_kind() {
    let plan = "ỦY BAN NHÂN DÂN TỈNH BẮC NAM\nSố: 77/KH-UBND\nKẾ HOẠCH\nTriển khai\n\
                I. MỤC TIÊU\n- Mục tiêu: đến năm 2030 đạt 80%.\n\
                - Hoàn thành 5 nền tảng số đến năm 2027, đến năm 2030 đạt 80%.\n\
                II. KẾT QUẢ\nPhấn đấu đến năm 2030, tỉnh đạt các mục tiêu sau đây.\n\
                Về chính quyền số:\n- 100% hồ sơ thủ tục hành chính được số hóa.\n\
                III. TỔ CHỨC THỰC HIỆN\nCác sở triển khai.\n";
    let parsed = plandoc::parse_text("levels.txt", plan);
    let read: Vec<(f64, Option<i32>, &str)> = parsed
        .targets
        .iter()
        .map(|target| (target.value, target.year, target.unit.as_str()))
        .collect();
    assert_eq!(read, [(5.0, Some(2027), "count"), (100.0, Some(2030), "%")]);
}

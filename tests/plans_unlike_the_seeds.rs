//! Shapes of plans the seeds do not have, as a review session wrote them (stop 42, 21 probe
//! plans of other provinces) and as the parser first misread them. Each case is the smallest
//! text that showed the misreading.

use assert_cmd::Command;
use serde_json::Value;

fn parse(text: &str) -> Value {
    let output = Command::cargo_bin("plandoc")
        .unwrap()
        .args(["parse", "-", "--format", "json"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn rows(plan: &Value) -> Vec<&Value> {
    plan["tables"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["rows"].as_array().unwrap())
        .collect()
}

fn names(agencies: &Value) -> Vec<&str> {
    agencies["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect()
}

const HEAD: &str = "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSố: 201/KH-UBND\nLâm Đồng, ngày 11 tháng 6 năm 2026\n\n\
                    KẾ HOẠCH\nPhát triển kinh tế số năm 2026\n\nI. NHIỆM VỤ\nChi tiết tại Phụ lục.\n\n\
                    PHỤ LỤC\nDANH MỤC NHIỆM VỤ\n\n";

#[test]
fn unnumbered_whole_rows_are_rows_of_their_own() {
    let table = "TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\n\
                 1\tPhát triển du lịch thông minh\tSở Văn hóa, Thể thao và Du lịch\tSở Khoa học và Công nghệ\t2026-2027\n\
                 \tSố hóa điểm đến du lịch tại khu vực Đà Lạt\tSở Văn hóa, Thể thao và Du lịch\tUBND phường Xuân Hương - Đà Lạt\t2026\n\
                 \tXây dựng bản đồ du lịch số khu vực Bình Thuận\tSở Văn hóa, Thể thao và Du lịch\tUBND phường Phan Thiết\t2027\n\
                 2\tHỗ trợ hộ sản xuất đưa sản phẩm lên sàn thương mại\tSở Công Thương\tUBND các xã\t2026\n\
                 \tđiện tử và các nền tảng số\t\t\t\n";
    let plan = parse(&format!("{HEAD}{table}"));
    let rows = rows(&plan);
    let tasks: Vec<&str> = rows.iter().map(|r| r["task"].as_str().unwrap()).collect();
    assert_eq!(
        tasks,
        [
            "Phát triển du lịch thông minh",
            "Số hóa điểm đến du lịch tại khu vực Đà Lạt",
            "Xây dựng bản đồ du lịch số khu vực Bình Thuận",
            // The rest of a cut sentence (lower case, no lead of its own) still goes on.
            "Hỗ trợ hộ sản xuất đưa sản phẩm lên sàn thương mại điện tử và các nền tảng số",
        ]
    );
    assert_eq!(names(&rows[1]["lead"]), ["Sở Văn hóa, Thể thao và Du lịch"]);
    assert_eq!(names(&rows[2]["support"]), ["UBND phường Phan Thiết"]);
    assert_eq!(rows[2]["timeframe"]["raw"], "2027");
    assert_eq!(rows[2]["lines"], serde_json::json!([17, 17]));
    assert!(
        rows[1]["confidence"].as_f64().unwrap() < 0.99,
        "a row with no number is less sure"
    );
}

#[test]
fn one_body_column_that_names_both_roles_gives_each_its_bodies() {
    let table = "TT\tNội dung công việc\tĐơn vị thực hiện\tThời gian thực hiện\n\
                 1\tHợp nhất hệ thống quản lý văn bản\tChủ trì: Văn phòng UBND tỉnh; Phối hợp: Sở Khoa học và Công nghệ\tQuý II/2026\n\
                 2\tXây dựng bản đồ số du lịch\tSở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp Sở Khoa học và Công nghệ\t2026\n\
                 3\tCung cấp dịch vụ công trực tuyến\tCác sở, ban, ngành; UBND các xã, phường\tThường xuyên\n";
    let plan = parse(&format!("{HEAD}{table}"));
    let rows = rows(&plan);
    assert_eq!(names(&rows[0]["lead"]), ["Văn phòng UBND tỉnh"]);
    assert_eq!(rows[0]["lead"]["raw"], "Văn phòng UBND tỉnh");
    assert_eq!(names(&rows[0]["support"]), ["Sở Khoa học và Công nghệ"]);
    assert_eq!(names(&rows[1]["lead"]), ["Sở Văn hóa, Thể thao và Du lịch"]);
    assert_eq!(names(&rows[1]["support"]), ["Sở Khoa học và Công nghệ"]);
    // Bodies alone: all of them lead, as before.
    assert_eq!(
        names(&rows[2]["lead"]),
        ["Các sở, ban, ngành", "UBND các xã, phường"]
    );
    assert!(names(&rows[2]["support"]).is_empty());
}

#[test]
fn parts_called_phan_are_the_plans_level_one_parts() {
    let text = "ỦY BAN NHÂN DÂN TỈNH GIA LAI\nSố: 77/KH-UBND\nGia Lai, ngày 10 tháng 10 năm 2025\n\n\
                KẾ HOẠCH\nTriển khai Chiến lược dữ liệu quốc gia trên địa bàn tỉnh Gia Lai\n\
                (Ban hành kèm theo Quyết định số 1520/QĐ-UBND ngày 10/10/2025 của Chủ tịch UBND tỉnh)\n\n\
                Phần I\nMỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nTriển khai đồng bộ Chiến lược.\n\
                Phần II\nMỤC TIÊU\n1. Đến hết năm 2026\na) 100% cơ sở dữ liệu chuyên ngành được kết nối.\n\
                2. Đến năm 2030\na) 100% dữ liệu mở được công bố.\n";
    let plan = parse(text);
    let sections: Vec<(String, Option<&str>)> = plan["sections"]
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
            (path.join("."), s["heading"].as_str())
        })
        .collect();
    assert_eq!(
        sections,
        [
            ("I".to_string(), Some("MỤC ĐÍCH, YÊU CẦU")),
            ("I.1".to_string(), Some("Mục đích")),
            ("II".to_string(), Some("MỤC TIÊU")),
            ("II.1".to_string(), Some("Đến hết năm 2026")),
            ("II.1.a".to_string(), None),
            ("II.2".to_string(), Some("Đến năm 2030")),
            ("II.2.a".to_string(), None),
        ]
    );
    let years: Vec<i64> = plan["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, [2026, 2030]);
    // The attachment line under the title is not the title.
    assert_eq!(
        plan["plan"]["title"],
        "Triển khai Chiến lược dữ liệu quốc gia trên địa bàn tỉnh Gia Lai"
    );
    assert!(plan["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["rule"] != "numbering-duplicate"));
}

#[test]
fn a_plan_whose_parts_are_arabic_numbers_keeps_its_number_date_and_title() {
    let text =
        "ỦY BAN NHÂN DÂN TỈNH GIA LAI\nSố: 402/KH-UBND\nGia Lai, ngày 21 tháng 7 năm 2026\n\n\
                KẾ HOẠCH\nTổ chức Ngày Chuyển đổi số tỉnh Gia Lai năm 2026\n\n\
                1. Mục đích, yêu cầu\nHưởng ứng Ngày Chuyển đổi số quốc gia.\n\
                2. Chỉ tiêu\na) 100% xã, phường tổ chức hoạt động hưởng ứng.\n\
                3. Tổ chức thực hiện\nSở Khoa học và Công nghệ chủ trì.\n";
    let plan = parse(text);
    assert_eq!(plan["plan"]["number"], "402/KH-UBND");
    assert_eq!(plan["plan"]["date"], "2026-07-21");
    assert_eq!(
        plan["plan"]["title"],
        "Tổ chức Ngày Chuyển đổi số tỉnh Gia Lai năm 2026"
    );
    let first = &plan["sections"][0];
    assert_eq!(first["path"], serde_json::json!(["1"]));
    assert_eq!(first["lines"][0], 8);
}

#[test]
fn a_number_line_printed_under_the_title_is_the_plans_number() {
    let text = "# KẾ HOẠCH\nTriển khai nhiệm vụ chuyển đổi số năm 2026 tỉnh Sơn La\n\n\
                **Số: 12/KH-UBND** — Sơn La, ngày 09 tháng 01 năm 2026\n\n\
                ## I. NHIỆM VỤ\nThực hiện Kế hoạch số 45/KH-UBND ngày 02 tháng 3 năm 2025.\n";
    let plan = parse(text);
    assert_eq!(plan["plan"]["number"], "12/KH-UBND");
    assert_eq!(plan["plan"]["date"], "2026-01-09");
    assert_eq!(
        plan["plan"]["title"],
        "Triển khai nhiệm vụ chuyển đổi số năm 2026 tỉnh Sơn La"
    );
}

fn targets(plan: &Value) -> Vec<(String, f64, String, String)> {
    plan["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["comparator"].as_str().unwrap().to_string(),
                t["value"].as_f64().unwrap(),
                t["unit"].as_str().unwrap().to_string(),
                t["quote"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Each row's lead and support bodies by their canonical names, and its timeframe as [raw,
/// kind, start, end].
fn bodies_and_timeframes(plan: &Value) -> Vec<(Vec<String>, Vec<String>, Value)> {
    let canonical = |agencies: &Value| -> Vec<String> {
        agencies["agencies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["canonical"].as_str().unwrap_or("").to_string())
            .collect()
    };
    rows(plan)
        .iter()
        .map(|r| {
            let tf = &r["timeframe"];
            (
                canonical(&r["lead"]),
                canonical(&r["support"]),
                serde_json::json!([tf["raw"], tf["kind"], tf["start"], tf["end"]]),
            )
        })
        .collect()
}

#[test]
fn deadlines_in_days_and_ranks_out_of_all_provinces_are_targets() {
    let text = "KẾ HOẠCH\nCải cách hành chính năm 2026\n\nI. MỤC TIÊU NĂM 2026\n\
                1. Thời gian giải quyết hồ sơ không quá 3 ngày làm việc.\n\
                2. Chỉ số DTI xếp thứ 15/34 tỉnh, thành phố.\n\
                3. Thời gian cấp giấy phép xây dựng dưới 10 ngày.\n\
                4. Tổ chức hội nghị trong 3 ngày.\n";
    let found = targets(&parse(text));
    let brief: Vec<(&str, f64, &str)> = found
        .iter()
        .map(|(c, v, u, _)| (c.as_str(), *v, u.as_str()))
        .collect();
    assert_eq!(
        brief,
        [
            ("<=", 3.0, "ngày làm việc"),
            ("=", 15.0, "rank"),
            ("<=", 10.0, "ngày"),
        ],
        "a span of time with no comparator is no target: {found:?}"
    );
    assert_eq!(found[1].3, "Chỉ số DTI xếp thứ 15/34 tỉnh, thành phố");
}

#[test]
fn a_second_target_after_trong_do_is_its_own() {
    let text = "KẾ HOẠCH\nKinh tế số năm 2026\n\nI. MỤC TIÊU\n\
                1. Kinh tế số đạt 15% GRDP, trong đó kinh tế số ngành, lĩnh vực đạt tối thiểu 8% GRDP.\n\
                2. Kinh tế số chiếm 10% GRDP, trong đó có 1.200 doanh nghiệp nhỏ và vừa ứng dụng nền tảng số.\n\
                3. Đã cấp 120.000 tài khoản, trong đó 45.000 tài khoản mức độ 2.\n";
    let plan = parse(text);
    let subjects: Vec<&str> = plan["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["subject"].as_str().unwrap())
        .collect();
    assert_eq!(subjects[1], "kinh tế số ngành, lĩnh vực");
    let found = targets(&plan);
    assert_eq!(found.len(), 4, "{found:?}");
    assert_eq!(
        found[1].3,
        "trong đó kinh tế số ngành, lĩnh vực đạt tối thiểu 8% GRDP"
    );
    assert_eq!(
        (found[3].1, found[3].2.as_str(), found[3].3.as_str()),
        (
            1200.0,
            "count",
            "trong đó có 1.200 doanh nghiệp nhỏ và vừa ứng dụng nền tảng số"
        )
    );
    // A breakdown of what was done, with no verb of commitment, is no target.
}

#[test]
fn indicator_cells_name_units_as_prose_does() {
    let text =
        "KẾ HOẠCH\nKinh tế số\n\nI. MỤC TIÊU\nDoanh thu thương mại điện tử đạt 5.000 tỷ đồng; \
                phủ sóng 5G đạt 99% dân số.\n\nPHỤ LỤC I\nCÁC CHỈ TIÊU\n\n\
                TT\tChỉ tiêu\tĐơn vị tính\tNăm 2026\tNăm 2030\tCơ quan chủ trì theo dõi\n\
                1\tDoanh thu thương mại điện tử\tTỷ đồng\t3.500\t7.000\tSở Công Thương\n\
                2\tXếp hạng chỉ số DTI\tThứ bậc\tTop 20\tTop 10\tSở Khoa học và Công nghệ\n\
                3\tXã đạt chuẩn chuyển đổi số\txã\t1/2 số xã\t70% số xã\tSở Nội vụ\n";
    let plan = parse(text);
    let found = targets(&plan);
    let brief: Vec<(&str, f64, &str)> = found
        .iter()
        .map(|(c, v, u, _)| (c.as_str(), *v, u.as_str()))
        .collect();
    assert_eq!(
        brief,
        [
            ("=", 5000.0, "tỷ đồng"),
            // A share "of the population" is a share: compared with the other plans' "%".
            ("=", 99.0, "%"),
            ("=", 3500.0, "tỷ đồng"),
            ("=", 7000.0, "tỷ đồng"),
            ("<=", 20.0, "rank"),
            ("<=", 10.0, "rank"),
            // A share of the things the unit column counts is a share, not 50 or 70 of them.
            ("=", 50.0, "%"),
            ("=", 70.0, "%"),
        ]
    );
    assert!(
        plan["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["rule"] != "target-unreadable"),
        "{}",
        plan["diagnostics"]
    );
}

#[test]
fn marks_name_no_body_and_commune_bodies_are_one() {
    let table = "TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\n\
                 1\tViệc thứ nhất\tUBND các xã\tx\t2026\n\
                 2\tViệc thứ hai\tUBND các phường\t—\t2026\n\
                 3\tViệc thứ ba\tUBND xã, phường, đặc khu\t-\t2026\n";
    let plan = parse(&format!("{HEAD}{table}"));
    for row in rows(&plan) {
        assert!(names(&row["support"]).is_empty(), "{}", row["support"]);
        let canonical = row["lead"]["agencies"][0]["canonical"].as_str().unwrap();
        assert_eq!(canonical, "Ủy ban nhân dân cấp xã", "{}", row["lead"]);
    }
}

// What a review of the fixes above found them doing wrong, each now read as before them (or
// better): `fixtures/shapes/review42/`.

fn parse_fixture(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/shapes/review42")
        .join(name);
    parse(&std::fs::read_to_string(path).unwrap())
}

fn section_paths(plan: &Value) -> Vec<String> {
    plan["sections"]
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
            path.join(".")
        })
        .collect()
}

#[test]
fn a_phan_above_roman_parts_is_not_taken_for_them() {
    let plan = parse_fixture("phan-above-roman-parts.txt");
    let first = &plan["sections"][0];
    assert_eq!(first["path"], serde_json::json!(["I"]));
    assert_eq!(first["heading"], "CHÍNH QUYỀN SỐ");
    let running = parse_fixture("phan-in-running-text.txt");
    assert_eq!(
        section_paths(&running),
        ["I", "I.1", "II", "II.1", "II.2", "III", "III.1"],
        "\"Phần V (kinh phí) được nêu …\" is running text"
    );
}

#[test]
fn deadlines_to_act_by_are_no_targets() {
    // "không quá 10 ngày làm việc kể từ …", "chậm nhất không quá 05 ngày sau khi …", "trong
    // thời hạn không quá 03 ngày làm việc", "trong thời gian không quá 12 tháng", and the
    // breakdowns "trong đó 03 văn bản …" of what was done.
    let plan = parse_fixture("deadlines-in-days.txt");
    assert_eq!(targets(&plan), []);
}

#[test]
fn a_row_cut_by_a_page_break_stays_one_row() {
    for name in ["cut-body-name-no-time-column.txt", "cut-time-range.txt"] {
        let plan = parse_fixture(name);
        let rows = rows(&plan);
        assert_eq!(rows.len(), 2, "{name}");
        assert_eq!(
            names(&rows[0]["lead"]),
            ["Sở Thông tin và Truyền thông"],
            "{name}"
        );
    }
    let plan = parse_fixture("cut-time-range.txt");
    assert_eq!(rows(&plan)[0]["timeframe"]["raw"], "Năm 2025 - 2030");
    // Sub-rows with a lead and a timeframe of their own are rows, named as "-" sub-rows are.
    let plan = parse_fixture("unnumbered-subrows.txt");
    let ids: Vec<&str> = rows(&plan)
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["1", "-", "-#2", "2"]);
    assert!(rows(&plan)
        .iter()
        .all(|r| r["warnings"].as_array().unwrap().is_empty()));
}

#[test]
fn wrapped_title_lines_stay_in_the_title() {
    let plan = parse_fixture("title-wrapped-parenthesis.txt");
    assert_eq!(
        plan["plan"]["title"],
        "Triển khai thực hiện Chương trình số 08-CTr/TU (kèm theo Nghị quyết số 57-NQ/TW) của \
         Tỉnh ủy về phát triển khoa học, công nghệ"
    );
    let plan = parse_fixture("title-wrapped-number.txt");
    assert_eq!(
        plan["plan"]["number"],
        Value::Null,
        "45/KH-BCĐ is another plan's number"
    );
    assert!(plan["plan"]["title"]
        .as_str()
        .unwrap()
        .ends_with("Số 45/KH-BCĐ ngày 10/12/2025 của Ban Chỉ đạo Trung ương về chuyển đổi số"));
}

#[test]
fn each_value_column_gives_its_year_and_achieved_values_are_no_targets() {
    let text = "KẾ HOẠCH\nChuyển đổi số\n\nI. MỤC TIÊU\nTại Phụ lục.\n\nPHỤ LỤC I\nCHỈ TIÊU\n\n\
                TT\tChỉ tiêu\tĐơn vị tính\tThực hiện năm 2025\tKế hoạch năm 2026\tMục tiêu đến năm 2030\tCơ quan theo dõi\n\
                1\tTỷ lệ hồ sơ được xử lý trực tuyến toàn trình\t%\t48,5\t≥ 60\t80\tVăn phòng UBND tỉnh\n\
                2\tTăng trưởng doanh thu thương mại điện tử so với năm trước\t%\t110\t120\t130\tSở Công Thương\n";
    let plan = parse(text);
    let years: Vec<(f64, i64)> = plan["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["value"].as_f64().unwrap(), t["year"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        years,
        [(60.0, 2026), (80.0, 2030), (120.0, 2026), (130.0, 2030)]
    );
    // A growth rate over 100% is no share out of range for `check`.
    let output = Command::cargo_bin("plandoc")
        .unwrap()
        .args(["check", "-", "--format", "json", "--no-config"])
        .write_stdin(text)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["rule"] != "target-out-of-range"),
        "{}",
        report["diagnostics"]
    );
}

#[test]
fn groups_that_name_a_body_lead_their_tasks_where_no_column_does() {
    let table = "TT\tNội dung nhiệm vụ\tThời gian hoàn thành\n\
                 I\tCÔNG AN TỈNH\n\
                 1\tLàm sạch dữ liệu dân cư\tThường xuyên\n\
                 II\tSỞ Y TẾ\n\
                 1\tTriển khai sổ sức khỏe điện tử\tNăm 2026\n\
                 III\tNHIỆM VỤ CHUNG\n\
                 1\tTuyên truyền về chuyển đổi số\tNăm 2026\n";
    let plan = parse(&format!("{HEAD}{table}"));
    let leads: Vec<Vec<&str>> = rows(&plan).iter().map(|r| names(&r["lead"])).collect();
    assert_eq!(
        leads,
        [vec!["CÔNG AN TỈNH"], vec!["SỞ Y TẾ"], vec![]],
        "a group that names no body leads nothing"
    );
    assert_eq!(
        rows(&plan)[1]["lead"]["agencies"][0]["canonical"],
        "Sở Y tế"
    );
}

/// A flat table numbered past 999 in each shape the readers see (one cell per line, cells
/// wrapped over lines, column-aligned, tab-separated). Until stop 49 row numbers took three
/// digits: rows 1000 and on were glued into row 999's task, or dropped with no word said.
#[test]
fn a_flat_table_numbered_past_999_keeps_every_row() {
    const ROWS: usize = 1005;
    let task = |i: usize| format!("Rà soát, bổ sung danh mục số {i} của tỉnh.");
    let mut shapes: Vec<(&str, String)> = Vec::new();
    let mut cells =
        String::from("TT\nNhiệm vụ, giải pháp\nCơ quan chủ trì\nCơ quan phối hợp\nThời gian\n");
    let mut flowed =
        String::from("TT Nhiệm vụ, giải pháp Cơ quan chủ trì Cơ quan phối\nhợp\nThời gian\n");
    let mut layout = String::from(
        "  TT     Nhiệm vụ, giải pháp                      Cơ quan chủ trì      Cơ quan phối hợp   Thời gian\n",
    );
    let mut tabs = String::from("TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\n");
    for i in 1..=ROWS {
        // The time cell "2026" stands alone on its line: a four-digit number that goes on from
        // no row's number is no row.
        cells += &format!("{i}\n{}\nSở Tư pháp\nCác sở, ngành\n2026\n", task(i));
        flowed += &format!(
            "{i}\nRà soát, bổ sung danh mục số {i}\ncủa tỉnh.\nSở Tư pháp\nCác sở, ngành\n2026\n"
        );
        layout += &format!(
            "  {:<6} {:<40} Sở Tư pháp           Các sở, ngành      2026\n",
            format!("{i}."),
            task(i)
        );
        tabs += &format!("{i}\t{}\tSở Tư pháp\tCác sở\t2026\n", task(i));
    }
    shapes.extend([
        ("one cell per line", cells),
        ("wrapped cells", flowed),
        ("column-aligned", layout),
        ("tab-separated", tabs),
    ]);
    for (shape, table) in shapes {
        let plan = parse(&format!("{HEAD}{table}"));
        let rows = rows(&plan);
        let numbers: Vec<&str> = rows.iter().map(|r| r["tt"].as_str().unwrap()).collect();
        let expected: Vec<String> = (1..=ROWS).map(|i| i.to_string()).collect();
        assert_eq!(numbers, expected, "{shape}");
        for (i, row) in rows.iter().enumerate().skip(995) {
            assert_eq!(row["task"], task(i + 1).as_str(), "{shape}");
            assert_eq!(row["lead"]["raw"], "Sở Tư pháp", "{shape}");
            assert_eq!(row["timeframe"]["raw"], "2026", "{shape}");
        }
    }
}

/// Around row 1000, the shapes a long table takes: a sub-row before it ("999.1" then "1000"), a
/// number the document skipped ("1002" missing), a task line that opens with a number going on
/// from the row's ("1000 hộ kinh doanh"), a year alone closing a time cell after row 2025, and a
/// crowded line whose task starts left of the others'. Each row is kept, and no year or amount
/// becomes one (the stop-49 review's cases).
#[test]
fn numbers_past_999_are_rows_only_where_they_go_on_from_the_numbering() {
    let tt = |plan: &Value| -> Vec<String> {
        rows(plan)
            .iter()
            .map(|r| r["tt"].as_str().unwrap().to_string())
            .collect()
    };
    let cells_row = |n: &str, task: &str| format!("{n}\n{task}\nSở Tư pháp\nCác sở, ngành\n2026\n");
    let cells_head = "TT\nNhiệm vụ, giải pháp\nCơ quan chủ trì\nCơ quan phối hợp\nThời gian\n";
    // One cell per line: a sub-row 999.1, then 1000; 1002 skipped.
    let mut table = String::from(cells_head);
    for i in 1..=999 {
        table += &cells_row(&i.to_string(), &format!("Rà soát danh mục số {i}."));
    }
    table += &cells_row("999.1", "Rà soát danh mục phụ.");
    for i in [1000, 1001, 1003, 1004] {
        table += &cells_row(&i.to_string(), &format!("Rà soát danh mục số {i}."));
    }
    let numbers = tt(&parse(&format!("{HEAD}{table}")));
    assert_eq!(numbers.len(), 1004);
    assert_eq!(
        numbers[998..],
        ["999", "999.1", "1000", "1001", "1003", "1004"]
    );

    // Cells wrapped over lines: row 999's task goes on with "1000 hộ kinh doanh"; a table of
    // 2,030 rows whose time cells are "2026" alone on a line.
    let flowed_row =
        |i: usize, task: &str| format!("{i}\n{task}\nSở Tư pháp\nCác sở, ngành\n2026\n");
    let mut table =
        String::from("TT Nhiệm vụ, giải pháp Cơ quan chủ trì Cơ quan phối\nhợp\nThời gian\n");
    for i in 1..=998 {
        table += &flowed_row(i, &format!("Rà soát danh mục số {i}."));
    }
    table += "999\nHỗ trợ chuyển đổi số cho\n1000 hộ kinh doanh trên địa bàn\nSở Tư pháp\nCác sở, ngành\n2026\n";
    let plan = parse(&format!("{HEAD}{table}"));
    let rows_read = rows(&plan);
    assert_eq!(rows_read.len(), 999);
    assert_eq!(
        rows_read[998]["task"],
        "Hỗ trợ chuyển đổi số cho 1000 hộ kinh doanh trên địa bàn"
    );
    let mut table =
        String::from("TT Nhiệm vụ, giải pháp Cơ quan chủ trì Cơ quan phối\nhợp\nThời gian\n");
    for i in 1..=2030 {
        table += &flowed_row(i, &format!("Rà soát danh mục số {i}."));
    }
    let plan = parse(&format!("{HEAD}{table}"));
    let rows_read = rows(&plan);
    assert_eq!(
        tt(&plan),
        (1..=2030).map(|i| i.to_string()).collect::<Vec<_>>()
    );
    assert_eq!(rows_read[2024]["timeframe"]["raw"], "2026");
    assert_eq!(rows_read[2025]["task"], "Rà soát danh mục số 2026.");

    // Column-aligned: every row on one line, the last one crowded (its task one column left).
    let mut table = String::from(
        "  TT   Nhiệm vụ, giải pháp                Cơ quan chủ trì      Cơ quan phối hợp  Thời gian\n",
    );
    for i in 1..=29 {
        table += &format!(
            "  {i:<4} {:<34} Sở Tư pháp           Các sở, ngành     2026\n",
            format!("Rà soát danh mục số {i}")
        );
    }
    table += &format!(
        "  30  {:<35} Sở Tư pháp           Các sở, ngành     2026\n",
        "Rà soát danh mục số 30"
    );
    let plan = parse(&format!("{HEAD}{table}"));
    assert_eq!(
        tt(&plan),
        (1..=30).map(|i| i.to_string()).collect::<Vec<_>>()
    );
    assert_eq!(rows(&plan)[29]["task"], "Rà soát danh mục số 30");

    // Tab-separated: a budget line by year under 50 rows is no row.
    let mut table = String::from("TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\n");
    for i in 1..=50 {
        table += &format!("{i}\tRà soát danh mục số {i}\tSở Tư pháp\tCác sở\t2026\n");
    }
    table += "2026\t1.500 tỷ đồng\tNgân sách tỉnh\t\t\n";
    let numbers = tt(&parse(&format!("{HEAD}{table}")));
    assert_eq!(numbers, (1..=50).map(|i| i.to_string()).collect::<Vec<_>>());
}

/// The second stop-49 review's shapes: short tables that must read as before the rows past 999
/// were read (a group title wrapped onto a line opening with a year; a column-aligned task line
/// opening with a number on a page of unnumbered rows; a note under a row), and long ones whose
/// time cell is a range of years or whose task opens with a number or a bracket.
#[test]
fn long_numbers_take_no_year_note_or_task_line_for_a_row() {
    let tt = |text: &str| -> Vec<String> {
        rows(&parse(&format!("{HEAD}{text}")))
            .iter()
            .map(|r| r["tt"].as_str().unwrap().to_string())
            .collect()
    };
    let flowed_head = "TT Nhiệm vụ, giải pháp Cơ quan chủ trì Cơ quan phối\nhợp\nThời gian\n";
    let flowed_row = |n: usize, task: &str, time: &str| {
        format!("{n}\n{task}\nSở Tư pháp\nCác sở, ngành\n{time}\n")
    };
    let mut table = format!("{flowed_head}I\nNHIỆM VỤ TRỌNG TÂM NĂM\n2026 VỀ CHUYỂN ĐỔI SỐ\n");
    for n in 1..=3 {
        table += &flowed_row(n, &format!("Rà soát danh mục số {n}"), "2026");
    }
    assert_eq!(tt(&table), ["1", "2", "3"]);

    let layout_head = "  TT   Nhiệm vụ, giải pháp                Cơ quan chủ trì      Cơ quan phối hợp  Thời gian\n";
    let dashes = format!(
        "{layout_head}  -    Hỗ trợ chuyển đổi số cho             Sở Tư pháp           Các sở, ngành     2026\n\
         \x20      50 xã, phường trên địa bàn\n\
         \x20 -    Xây dựng cơ sở dữ liệu               Sở Tư pháp           Các sở, ngành     2026\n"
    );
    let plan = parse(&format!("{HEAD}{dashes}"));
    assert!(rows(&plan).iter().all(|r| r["tt"] != "50"), "{plan}");
    // A note's line under row 3, from the margin or from the number column.
    for note in [
        "1 Theo Quyết định số 12/QĐ-UBND ngày 5/3/2026 của UBND tỉnh.",
        "  2 Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.",
    ] {
        let mut notes = String::from(layout_head);
        for n in 1..=5 {
            notes += &format!("  {n}    Rà soát danh mục số {n}                Sở Tư pháp           Các sở, ngành     2026\n");
            if n == 3 {
                notes += &format!("{note}\n");
            }
        }
        assert_eq!(tt(&notes), ["1", "2", "3", "4", "5"], "{note}");
    }

    let mut table = String::from(flowed_head);
    for n in 1..=2030 {
        let task = match n {
            1001 => "100% hồ sơ được số hóa".to_string(),
            1003 => "(Bổ sung) Rà soát danh mục".to_string(),
            _ => format!("Rà soát danh mục số {n}"),
        };
        table += &flowed_row(n, &task, "2026 - 2030");
    }
    let plan = parse(&format!("{HEAD}{table}"));
    let read = rows(&plan);
    assert_eq!(read.len(), 2030);
    assert_eq!(read[1000]["task"], "100% hồ sơ được số hóa");
    assert_eq!(read[1002]["task"], "(Bổ sung) Rà soát danh mục");
    assert_eq!(read[2024]["timeframe"]["raw"], "2026 - 2030");
}

/// A Word table's "Cơ quan thực hiện" spanning the lead and support columns, converted to text
/// with tabs: the merged cell is one cell on the header's first line, its parts on the second
/// under their columns. Read as they stand, the support went into the timeframe of every row.
#[test]
fn a_merged_header_cell_exported_as_one_cell_keeps_each_column() {
    for (first, second) in [
        (
            "TT\tNhiệm vụ\tCơ quan thực hiện\tThời gian thực hiện",
            "\t\tChủ trì\tPhối hợp",
        ),
        (
            "STT\tNội dung\tTrách nhiệm thực hiện\tThời hạn",
            "\t\tChủ trì\tPhối hợp\t",
        ),
        (
            "Số thứ tự\tNhiệm vụ\tĐơn vị thực hiện\tThời gian\tGhi chú",
            "\t\tChủ trì\tPhối hợp",
        ),
    ] {
        let table = format!(
            "{first}\n{second}\n\
             1\tXây dựng cơ sở dữ liệu đất đai\tSở Nông nghiệp và Môi trường\tCác sở, ngành\tNăm 2026\n\
             2\tNâng cấp hạ tầng số\tSở Khoa học và Công nghệ\tUBND các xã\tQuý III/2026\n"
        );
        let plan = parse(&format!("{HEAD}{table}"));
        let rows = rows(&plan);
        let read: Vec<(&str, &str, &str)> = rows
            .iter()
            .map(|r| {
                (
                    r["lead"]["raw"].as_str().unwrap(),
                    r["support"]["raw"].as_str().unwrap(),
                    r["timeframe"]["raw"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                ("Sở Nông nghiệp và Môi trường", "Các sở, ngành", "Năm 2026"),
                ("Sở Khoa học và Công nghệ", "UBND các xã", "Quý III/2026"),
            ],
            "{first}"
        );
        assert!(rows.iter().all(|r| r["confidence"].as_f64() == Some(0.99)));
    }
    // Body names wrapped in their cells are no merged cell (a review of stop 51: their columns
    // were spread, every row's timeframe lost).
    for first in [
        "TT\tNhiệm vụ\tSở, ngành\tSở, ngành\tThời gian",
        "TT\tNhiệm vụ\tCác cơ quan\tCác cơ quan\tThời gian",
    ] {
        let table = format!(
            "{first}\n\t\tchủ trì\tphối hợp\t\n\
             1\tXây dựng cơ sở dữ liệu đất đai\tSở Nông nghiệp và Môi trường\tCác sở, ngành\tNăm 2026\n"
        );
        let plan = parse(&format!("{HEAD}{table}"));
        let row = rows(&plan)[0];
        assert_eq!(row["support"]["raw"], "Các sở, ngành", "{first}");
        assert_eq!(row["timeframe"]["raw"], "Năm 2026", "{first}");
    }
}

/// A row that lost a cell with its tab: its timeframe stood under the support column, read as a
/// body, and the row read as whole. The timeframe goes back to its column, and the row says a
/// cell was lost (which one cannot be known: the body left may be the support).
#[test]
fn a_row_that_lost_a_cell_gets_its_timeframe_back_and_says_so() {
    let table = "TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian thực hiện\n\
                 1\tXây dựng cơ sở dữ liệu đất đai\tSở Nông nghiệp và Môi trường\tCác sở, ngành\tNăm 2026\n\
                 2\tNâng cấp hạ tầng số\tCác sở, ngành\t2026 - 2027\n\
                 3\tĐào tạo kỹ năng số\tSở Nội vụ\t\tThường xuyên\n\
                 4\tTổng kết, đánh giá\tSở Khoa học và Công nghệ\n";
    let plan = parse(&format!("{HEAD}{table}"));
    let rows = rows(&plan);
    let row = |tt: &str| *rows.iter().find(|r| r["tt"] == tt).unwrap();
    let shifted = row("2");
    assert_eq!(shifted["lead"]["raw"], "Các sở, ngành");
    assert_eq!(shifted["support"]["raw"], "");
    assert_eq!(shifted["timeframe"]["raw"], "2026 - 2027");
    assert_eq!(shifted["timeframe"]["end"], 2027);
    let warnings = shifted["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let warning = warnings[0].as_str().unwrap();
    assert!(
        warning.contains("\"2026 - 2027\" stood under \"Cơ quan phối hợp\""),
        "{warning}"
    );
    assert!(shifted["confidence"].as_f64().unwrap() < 0.9);
    // Rows short of cells that lost none: an empty support kept by its tab, a row whose last
    // cells are empty (their tabs cut with the line's end).
    for tt in ["3", "4"] {
        let whole = row(tt);
        assert!(whole["warnings"].as_array().unwrap().is_empty(), "{tt}");
        assert_eq!(whole["confidence"].as_f64(), Some(0.99), "{tt}");
    }
    assert_eq!(row("3")["timeframe"]["raw"], "Thường xuyên");
    assert_eq!(row("4")["timeframe"]["raw"], "");

    // The moved timeframe's next line goes on it, not on the cell it stood under; a row whose
    // cells after the timeframe would be pushed out is left as it is (a review of stop 51: the
    // body after it was dropped).
    let table = "TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian thực hiện\n\
                 1\tNâng cấp hạ tầng số\tCác sở, ngành\tNăm 2026 -\n\
                 \t\t\t2027\n\
                 2\tNâng cấp cổng dữ liệu\t2026\tSở Tư pháp\n";
    let plan = parse(&format!("{HEAD}{table}"));
    let rows = crate::rows(&plan);
    assert_eq!(rows[0]["timeframe"]["raw"], "Năm 2026 - 2027");
    assert_eq!(rows[0]["support"]["raw"], "");
    let kept: Vec<&str> = ["lead", "support", "timeframe"]
        .iter()
        .map(|field| rows[1][field]["raw"].as_str().unwrap())
        .collect();
    assert_eq!(kept, ["2026", "Sở Tư pháp", ""]);
}

/// An analyst's review of stop 53: short names of departments other than the seeds' ("Sở XD"),
/// a quarter written in arabic numerals, a period after a year, and a share written as a
/// fraction ("2/3 số xã") were read wrongly or not at all.
#[test]
fn short_names_quarters_periods_after_a_year_and_fractions() {
    let text = format!(
        "{HEAD}TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian thực hiện\n\
         1\tXây dựng cơ sở dữ liệu quy hoạch\tSở XD\tSở TC, Sở CT\tQuý 3/2026\n\
         2\tSố hóa hồ sơ cán bộ\tSở NV\tSở YT\tSau năm 2026\n\
         3\tCập nhật dữ liệu đồng bào\tSở DT&TG\tSở NgV\tQuý III/2026\n"
    )
    .replace(
        "Chi tiết tại Phụ lục.",
        "Tối thiểu 2/3 số xã đạt chuẩn chuyển đổi số. Chi tiết tại Phụ lục.",
    );
    let plan = parse(&text);
    let read = bodies_and_timeframes(&plan);
    let strings = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    assert_eq!(
        read,
        [
            (
                strings(&["Sở Xây dựng"]),
                strings(&["Sở Tài chính", "Sở Công Thương"]),
                serde_json::json!(["Quý 3/2026", "year", 2026, 2026]),
            ),
            (
                strings(&["Sở Nội vụ"]),
                strings(&["Sở Y tế"]),
                serde_json::json!(["Sau năm 2026", "year", 2027, null]),
            ),
            (
                strings(&["Sở Dân tộc và Tôn giáo"]),
                strings(&["Sở Ngoại vụ"]),
                serde_json::json!(["Quý III/2026", "year", 2026, 2026]),
            ),
        ]
    );
    let targets = targets(&plan);
    assert_eq!(targets.len(), 1, "{targets:?}");
    assert_eq!(
        (targets[0].1, targets[0].2.as_str()),
        (66.67, "%"),
        "{targets:?}"
    );
    assert!(targets[0].3.contains("2/3 số xã"), "{targets:?}");
}

/// The second review of stop 54: a clause's own quarter or month gives its target's year (not
/// the heading's), and a day and month before "số" is no share.
#[test]
fn a_clauses_quarter_gives_its_year_and_a_date_is_no_share() {
    let text = "KẾ HOẠCH\nChuyển đổi số\n\nI. MỤC TIÊU ĐẾN NĂM 2030\n\
                1. Trong Quý 3/2026, 100% xã, phường sử dụng hệ thống quản lý văn bản.\n\
                2. Đến tháng 6/2027 đạt 60% doanh nghiệp sử dụng hóa đơn điện tử.\n\
                3. Sau 1/7 số đơn vị hành chính cấp xã giảm 50%.\n";
    let plan = parse(text);
    let targets = plan["targets"].as_array().unwrap();
    let read: Vec<(f64, Option<i64>)> = targets
        .iter()
        .map(|t| (t["value"].as_f64().unwrap(), t["year"].as_i64()))
        .collect();
    assert_eq!(
        read,
        [(100.0, Some(2026)), (60.0, Some(2027)), (50.0, Some(2030))]
    );
    // The quarter and the month leave nothing of themselves in the subject (tone marks are
    // normalized there: "hoá").
    assert_eq!(
        targets[0]["subject"],
        "xã, phường sử dụng hệ thống quản lý văn bản"
    );
    assert_eq!(
        targets[1]["subject"],
        "doanh nghiệp sử dụng hoá đơn điện tử"
    );
}

#[test]
fn old_quarter_spellings_periods_after_a_year_end_acronyms_and_scaled_counts() {
    let text = format!(
        "{HEAD}TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian thực hiện\n\
         1\tXây dựng kho dữ liệu dùng chung\tSTC\tSNV, SYT\tQuí 3/2026\n\
         2\tSố hóa hồ sơ đồng bào\tSở DT và TG\tCác sở, ban, ngành và địa phương\tQ3/2026\n\
         3\tChuẩn hóa dữ liệu đất đai\tSNNMT\tCác sở, ban, ngành, địa phương\tSau tháng 12/2026\n\
         4\tMở rộng nền tảng dùng chung\tSKHCN\tSở GD & ĐT\tSau Quý 4/2026\n\
         5\tĐánh giá mức độ sẵn sàng\tSở Tài chính\tSở Nội vụ\tSau tháng 6/2026\n"
    )
    .replace(
        "Chi tiết tại Phụ lục.",
        "Đến năm 2027, 100% người dân trên 15 tuổi có tài khoản định danh điện tử. \
         Phấn đấu đến năm 2027 có 1,2 triệu người sử dụng dịch vụ công trực tuyến. \
         Chi tiết tại Phụ lục.",
    );
    let plan = parse(&text);
    let read = bodies_and_timeframes(&plan);
    let strings = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    assert_eq!(
        read,
        [
            (
                strings(&["Sở Tài chính"]),
                strings(&["Sở Nội vụ", "Sở Y tế"]),
                // "Quí" (the older spelling) and "Q3" are quarters, not the months 3.
                serde_json::json!(["Quí 3/2026", "year", 2026, 2026]),
            ),
            (
                strings(&["Sở Dân tộc và Tôn giáo"]),
                // A collective's last comma written "và" names the same bodies.
                strings(&["Các sở, ngành, địa phương"]),
                serde_json::json!(["Q3/2026", "year", 2026, 2026]),
            ),
            (
                strings(&["Sở Nông nghiệp và Môi trường"]),
                strings(&["Các sở, ngành, địa phương"]),
                // After December 2026 the work starts in 2027 …
                serde_json::json!(["Sau tháng 12/2026", "month", 2027, null]),
            ),
            (
                strings(&["Sở Khoa học và Công nghệ"]),
                strings(&["Sở Giáo dục và Đào tạo"]),
                serde_json::json!(["Sau Quý 4/2026", "year", 2027, null]),
            ),
            (
                strings(&["Sở Tài chính"]),
                strings(&["Sở Nội vụ"]),
                // … after June 2026, still in 2026.
                serde_json::json!(["Sau tháng 6/2026", "month", 2026, null]),
            ),
        ]
    );
    // An age says whom a target counts ("trên 15 tuổi"), no count of its own; "1,2 triệu
    // người" is 1,200,000 people.
    let targets = targets(&plan);
    let values: Vec<(f64, &str)> = targets.iter().map(|t| (t.1, t.2.as_str())).collect();
    assert_eq!(
        values,
        [(100.0, "%"), (1_200_000.0, "count")],
        "{targets:?}"
    );
    assert!(targets[1].3.contains("1,2 triệu người"), "{targets:?}");
}

#[test]
fn a_unit_column_that_names_a_number_word_is_not_multiplied_again() {
    let text = format!(
        "{HEAD}TT\tChỉ tiêu\tĐơn vị tính\tNăm 2027\tCơ quan chủ trì\n\
         1\tKim ngạch xuất khẩu\ttriệu USD\t500 triệu\tSở Công Thương\n\
         2\tLượt truy cập\ttriệu lượt\t10 triệu\tSở Tài chính\n\
         3\tNgười dùng dịch vụ công\tngười\t1,5 triệu\tSở Tài chính\n"
    );
    let plan = parse(&text);
    let values: Vec<(f64, String)> = targets(&plan).into_iter().map(|t| (t.1, t.2)).collect();
    assert_eq!(
        values,
        [
            (500.0, "triệu USD".to_string()),
            (10.0, "count".to_string()),
            (1_500_000.0, "count".to_string()),
        ]
    );
}

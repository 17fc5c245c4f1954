//! Table shapes no seed has: "|"-separated rows copied from a legal-document website, a flowed
//! PDF table with page furniture, a repeated header and a row printed across the columns, and
//! the PDF fixtures' tables as other tools extract them (poppler's `pdftotext`, with and without
//! `-layout`; pdfplumber), and a table printed block by block.

use plandoc::model::{Plan, Row, TimeframeKind};

fn parse_fixture(name: &str) -> Plan {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/tables")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("fixture readable");
    plandoc::parse_text(name, &text)
}

/// The header names of the hand-written task tables (blocks, grid, pandoc).
const TASK_TABLE_NAMES: [&str; 5] = [
    "TT",
    "Nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian thực hiện",
];

fn row<'a>(plan: &'a Plan, id: &str) -> &'a Row {
    plan.tables
        .iter()
        .flat_map(|t| &t.rows)
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no row {id}"))
}

/// A plan converted from a word processor's file with its table kept as a table: a grid table
/// ("+---+", "| … |", "+===+" under the header; `grid-converter.txt`) and pandoc's multiline
/// table (columns aligned, dashed rules above, under the header and below;
/// `pandoc-multiline.txt`). Both wrap cells inside their columns, the header's names too
/// ("Cơ quan phối" / "hợp"). Before, the grid table's header kept "Cơ quan phối" (its support
/// column then read nothing), the dashed rules of pandoc's table were read as header or cell
/// text, and its cells were cut by what their words look like even where the exact grid puts
/// them plainly (II.2).
#[test]
fn tables_a_converter_draws_with_rules() {
    for name in ["grid-converter.txt", "pandoc-multiline.txt"] {
        let plan = parse_fixture(name);
        assert_eq!(plan.tables.len(), 1, "{name}");
        let table = &plan.tables[0];
        // The rule above the header is not part of the table's title.
        assert_eq!(table.title.as_deref(), Some("DANH MỤC NHIỆM VỤ"), "{name}");
        assert_eq!(table.columns, TASK_TABLE_NAMES, "{name}");
        let ids: Vec<&str> = table.rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["I.1", "I.2", "II.1", "II.2"], "{name}");
        let expected = [
            (
                "I.1",
                "Xây dựng cơ sở dữ liệu di sản văn hóa vật thể và phi vật thể của tỉnh",
                "Sở Văn hóa, Thể thao và Du lịch",
                "Các sở, ngành, địa phương",
                "Năm 2026",
            ),
            (
                "I.2",
                "Số hóa hiện vật của Bảo tàng tỉnh",
                "Bảo tàng tỉnh",
                "Sở Khoa học và Công nghệ",
                "2026 - 2027",
            ),
            (
                "II.1",
                "Triển khai ứng dụng du lịch thông minh",
                "Sở Văn hóa, Thể thao và Du lịch",
                "-",
                "Quý III/2026",
            ),
            // A task line ending in words that open a body's name ("… của" / "Nhà hát tỉnh")
            // beside a lead the lexicon does not know: on an exact grid the positions decide.
            (
                "II.2",
                "Số hóa tư liệu biểu diễn của Nhà hát tỉnh",
                "Đoàn ca múa nhạc dân tộc",
                "Trung tâm Văn hóa tỉnh",
                "Năm 2027",
            ),
        ];
        for (id, task, lead, support, timeframe) in expected {
            let r = row(&plan, id);
            let got = (
                r.task.as_deref().unwrap_or_default(),
                r.lead.raw.as_str(),
                r.support.as_ref().map_or("", |s| s.raw.as_str()),
                r.timeframe.as_ref().map_or("", |t| t.raw.as_str()),
            );
            assert_eq!(got, (task, lead, support, timeframe), "{name} {id}");
        }
        assert_eq!(row(&plan, "II.1").groups[0].title, "Du lịch thông minh");
        // Provenance: from the row's number to its last wrapped line, rules left out.
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/tables")
                .join(name),
        )
        .unwrap();
        let line_of = |needle: &str| 1 + text.lines().position(|l| l.contains(needle)).unwrap();
        assert_eq!(
            row(&plan, "I.1").lines,
            [
                line_of("Xây dựng cơ sở dữ liệu di"),
                line_of("thể của tỉnh")
            ],
            "{name}"
        );
        assert_eq!(
            row(&plan, "I.2").lines,
            [line_of("Số hóa hiện vật"), line_of("Công nghệ")],
            "{name}"
        );
    }
}

#[test]
fn pipe_separated_rows_from_a_website() {
    let plan = parse_fixture("pipe-website.txt");
    assert_eq!(plan.tables.len(), 1);
    let table = &plan.tables[0];
    assert_eq!(table.appendix.as_deref(), Some("PHỤ LỤC II"));
    assert_eq!(table.title.as_deref(), Some("DANH MỤC NHIỆM VỤ"));
    assert_eq!(
        table.columns,
        vec![
            "STT",
            "Nội dung nhiệm vụ",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời gian thực hiện"
        ]
    );
    let ids: Vec<&str> = table.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, vec!["A.I.1", "A.I.2", "A.II.1", "A.II.1#2", "B.I.1"]);

    let first = row(&plan, "A.I.1");
    assert_eq!(
        first.lead.agencies[0].canonical,
        "Sở Thông tin và Truyền thông"
    );
    assert_eq!(
        first.lead.agencies[0].successor.as_deref(),
        Some("Sở Khoa học và Công nghệ")
    );
    let support: Vec<&str> = first
        .support
        .as_ref()
        .unwrap()
        .agencies
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(
        support,
        vec!["VP UBND tỉnh", "Sở Tư pháp", "các đơn vị liên quan"]
    );
    assert_eq!(first.timeframe.as_ref().unwrap().kind, TimeframeKind::Year);

    // The row continued on a line with an empty first cell.
    let second = row(&plan, "A.I.2");
    assert_eq!(
        second.task.as_deref(),
        Some("Cập nhật danh mục cơ sở dữ liệu dùng chung của tỉnh, công bố trên Cổng dữ liệu.")
    );
    assert_eq!(second.lead.agencies.len(), 1, "a collective is one body");
    assert_eq!(
        second.timeframe.as_ref().unwrap().kind,
        TimeframeKind::Recurring
    );

    // A repeated row number is made unique and says so.
    let repeated = row(&plan, "A.II.1#2");
    assert!(repeated.warnings.iter().any(|w| w.contains("repeats")));
    assert_eq!(repeated.support.as_ref().unwrap().raw, "");
    assert_eq!(
        repeated.timeframe.as_ref().unwrap().kind,
        TimeframeKind::Conditional
    );

    // A group named after a body, under a letter group; the header repeated is skipped.
    let health = row(&plan, "B.I.1");
    assert_eq!(health.groups[1].title, "Sở Y tế");
    assert_eq!(
        health.timeframe.as_ref().unwrap().kind,
        TimeframeKind::Month
    );
    assert_eq!(health.support.as_ref().unwrap().agencies.len(), 2);
}

#[test]
fn flowed_table_with_page_furniture_and_an_interleaved_row() {
    let plan = parse_fixture("flowed-broken.txt");
    assert_eq!(plan.tables.len(), 1);
    let table = &plan.tables[0];
    assert_eq!(
        table.columns,
        vec![
            "TT",
            "Nhiệm vụ, giải pháp",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời gian"
        ]
    );
    let ids: Vec<&str> = table.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        vec!["I.1", "I.2", "I.3", "II.1"],
        "the lone 17 is a page number"
    );

    let first = row(&plan, "I.1");
    assert_eq!(
        first.task.as_deref(),
        Some("Rà soát, bổ sung Danh mục cơ sở dữ liệu mở của tỉnh.")
    );
    assert_eq!(first.lead.raw, "Các sở, ngành, địa phương");
    assert_eq!(
        first.support.as_ref().unwrap().raw,
        "Sở Thông tin và Truyền thông"
    );

    let second = row(&plan, "I.2");
    assert_eq!(second.timeframe.as_ref().unwrap().raw, "Thường xuyên");
    assert_eq!(
        second.support.as_ref().unwrap().raw,
        "Các sở, ngành liên quan"
    );

    // Two lines hold pieces of every column.
    let third = row(&plan, "I.3");
    assert_eq!(
        third.task.as_deref(),
        Some("Hướng dẫn kết nối dữ liệu giữa các hệ thống")
    );
    assert_eq!(third.lead.raw, "Sở Thông tin và Truyền thông");
    assert_eq!(
        third.support.as_ref().unwrap().raw,
        "Các sở, ngành liên quan"
    );
    assert_eq!(third.timeframe.as_ref().unwrap().raw, "2025 - 2030");
    assert!(third.confidence < 0.97 && !third.warnings.is_empty());

    let conditional = row(&plan, "II.1");
    assert_eq!(
        conditional.timeframe.as_ref().unwrap().raw,
        "Khi Bộ Thông tin và Truyền thông hướng dẫn"
    );
    assert_eq!(
        conditional.timeframe.as_ref().unwrap().kind,
        TimeframeKind::Conditional
    );
}

/// A table as poppler's plain `pdftotext` prints it, written for this test (not from a seed):
/// the header one name per line and repeated after a page break, each row's number alone, its
/// cells in blocks with blank lines between, two cells side by side where their first lines
/// share a baseline, a row cut by a page break.
#[test]
fn table_printed_block_by_block() {
    let plan = parse_fixture("blocks-pdftotext.txt");
    assert_eq!(plan.tables.len(), 1);
    let table = &plan.tables[0];
    assert_eq!(table.columns, TASK_TABLE_NAMES);
    let ids: Vec<&str> = table.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["I.1", "I.2", "II.1", "II.2"]);
    // The header repeated after the page break is not the group's title.
    let groups = &row(&plan, "II.1").groups;
    assert_eq!(groups[0].title, "PHÁT TRIỂN HẠ TẦNG");

    // Task, lead and support side by side on the first line.
    let first = row(&plan, "I.1");
    assert_eq!(
        first.task.as_deref(),
        Some("Xây dựng quy chế khai thác, chia sẻ dữ liệu dùng chung của tỉnh")
    );
    assert_eq!(first.lead.raw, "Sở Tư pháp");
    assert_eq!(first.support.as_ref().unwrap().raw, "Văn phòng UBND tỉnh");
    assert_eq!(first.timeframe.as_ref().unwrap().raw, "Quý II/2026");
    assert!(first.warnings.iter().any(|w| w.contains("text blocks")));

    // One block per cell.
    let second = row(&plan, "I.2");
    assert_eq!(
        second.task.as_deref(),
        Some("Rà soát danh mục cơ sở dữ liệu chuyên ngành và công bố danh mục dữ liệu mở")
    );
    assert_eq!(second.lead.raw, "Sở Khoa học và Công nghệ");
    assert_eq!(second.support.as_ref().unwrap().raw, "Các sở, ban, ngành");
    assert_eq!(second.timeframe.as_ref().unwrap().raw, "Năm 2026");

    let third = row(&plan, "II.1");
    assert_eq!(
        third.task.as_deref(),
        Some("Nâng cấp trung tâm dữ liệu của tỉnh, bảo đảm an toàn thông tin theo cấp độ")
    );
    assert_eq!(third.lead.raw, "Công an tỉnh");
    assert_eq!(third.support.as_ref().unwrap().raw, "Sở Tài chính");
    assert_eq!(third.timeframe.as_ref().unwrap().raw, "Thường xuyên");

    // Cut by a page break: the task's tail and the timeframe come after the repeated header.
    let fourth = row(&plan, "II.2");
    assert_eq!(
        fourth.task.as_deref(),
        Some(
            "Xây dựng nền tảng chia sẻ dữ liệu giữa các cơ quan nhà nước trên địa bàn tỉnh và \
             các hệ thống thông tin chuyên ngành"
        )
    );
    assert_eq!(fourth.lead.raw, "Sở Khoa học và Công nghệ");
    assert_eq!(fourth.timeframe.as_ref().unwrap().raw, "Năm 2027");
}

#[test]
fn appendix_without_a_table_is_reported() {
    let text = "KẾ HOẠCH\nI. MỤC ĐÍCH\nNội dung.\nPHỤ LỤC\nDANH SÁCH ĐƠN VỊ\nSở Y tế\n";
    let plan = plandoc::parse_text("no-table.txt", text);
    assert!(plan.tables.is_empty());
    assert!(plan
        .diagnostics
        .iter()
        .any(|d| d.rule == "appendix-without-table"));
}

#[test]
fn tables_survive_hostile_input() {
    // A huge table line, a header with nothing under it, and stray delimiters: no panic.
    let long_cell = "dữ liệu ".repeat(3000);
    let text = format!(
        "I. MỤC ĐÍCH\nx\nPHỤ LỤC\nTT\tNhiệm vụ\tĐơn vị chủ trì\n1\t{long_cell}\tCông an tỉnh\n\t\t\t\t\t\t\n|||\nPHỤ LỤC II\nTT Nhiệm vụ Cơ quan chủ trì\n1\n2\n"
    );
    let plan = plandoc::parse_text("hostile.txt", &text);
    assert!(plan
        .tables
        .iter()
        .all(|t| t.rows.iter().all(|r| r.confidence <= 1.0)));
}

#[test]
fn column_aligned_layout_text() {
    let plan = parse_fixture("layout-pdftotext.txt");
    assert_eq!(plan.tables.len(), 1);
    let table = &plan.tables[0];
    assert_eq!(
        table.columns,
        vec![
            "TT",
            "Nhiệm vụ, giải pháp",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời gian"
        ]
    );
    let ids: Vec<&str> = table.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, vec!["I.1", "I.2", "I.3", "II.1"]);
    let first = row(&plan, "I.1");
    assert_eq!(
        first.task.as_deref(),
        Some("Rà soát, bổ sung Danh mục cơ sở dữ liệu mở của tỉnh.")
    );
    assert_eq!(first.lead.raw, "Các sở, ngành, địa phương");
    assert_eq!(
        first.support.as_ref().unwrap().raw,
        "Sở Thông tin và Truyền thông"
    );
    assert_eq!(first.timeframe.as_ref().unwrap().raw, "2024 - 2025");
    let third = row(&plan, "I.3");
    assert_eq!(third.support.as_ref().unwrap().raw, "");
    assert_eq!(
        third.timeframe.as_ref().unwrap().kind,
        TimeframeKind::Recurring
    );
    let last = row(&plan, "II.1");
    assert_eq!(
        last.timeframe.as_ref().unwrap().raw,
        "Khi Bộ Thông tin và Truyền thông hướng dẫn"
    );
}

/// `pdftotext -layout` of the seven PDF fixtures (`fixtures/tables/pdftotext-layout/`): crowded
/// lines with one space between cells, justified cells with wide gaps inside them, columns that
/// drift by several characters from row to row, "Số" above "TT", headers repeated on every page.
/// Floors just under the measured figures (`cargo run --release --example score extractions`);
/// before the layout reader placed cells by what they hold, these tables read 0 rows (the "Số /
/// TT" one found no header at all). The words pdftotext itself splits ("m ở", "dữ li ệu") can
/// never match the reading, so no file reaches 1.
#[test]
fn pdftotext_layout_extractions_of_the_pdf_fixtures() {
    let floors = [
        ("kon-tum-142", 54, 0.90),
        ("son-la-142", 19, 0.94),
        ("gia-lai-142", 52, 0.96),
        ("kon-tum-nq03", 56, 0.86),
        ("dak-lak-142", 25, 0.87),
        ("kon-tum-142-portrait", 54, 0.95),
        ("son-la-142-unruled", 19, 0.91),
    ];
    assert_extraction_floors("pdftotext-layout", &floors, 0.92);
}

/// Each extraction of `tool` finds at least its rows, no row the reading does not have, and
/// reads at least its field accuracy; all of them together at least `overall`.
fn assert_extraction_floors(tool: &str, floors: &[(&str, usize, f64)], overall: f64) {
    let floors: Vec<_> = floors
        .iter()
        .map(|&(name, rows, accuracy)| (name, rows, accuracy, 0))
        .collect();
    assert_extraction_floors_with_extra(tool, &floors, overall);
}

/// As `assert_extraction_floors`, with at most the given number of rows the reading does not
/// have (`(name, rows, accuracy, extra rows)`).
fn assert_extraction_floors_with_extra(
    tool: &str,
    floors: &[(&str, usize, f64, usize)],
    overall: f64,
) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let scores = plandoc::eval::tables::extraction_scores(root, tool);
    assert_eq!(scores.len(), floors.len());
    let (mut right, mut expected) = (0, 0);
    for &(name, rows, accuracy, extra) in floors {
        let (_, _, score) = scores
            .iter()
            .find(|(n, _, _)| n == name)
            .unwrap_or_else(|| panic!("{tool}/{name} not scored"));
        assert!(
            score.rows_found >= rows,
            "{tool}/{name}: {} rows",
            score.rows_found
        );
        assert!(
            score.accuracy >= accuracy,
            "{tool}/{name}: field accuracy {:.4} under {accuracy}",
            score.accuracy
        );
        assert!(
            score.extra.len() <= extra,
            "{tool}/{name}: {:?}",
            score.extra
        );
        right += score.fields_right;
        expected += score.fields_expected;
    }
    assert!(
        right as f64 / expected as f64 >= overall,
        "{tool}: {right}/{expected}"
    );
}

/// pdfplumber's `extract_text()` of the seven PDF fixtures (`fixtures/tables/pdfplumber-text/`,
/// `scripts/extract_pdfplumber_text.py`): every row printed across the columns line by line,
/// one space between cells; header names broken over two lines side by side. Floors just under
/// the measured figures (`cargo run --release --example score extractions`). Before rows were
/// read across the columns, these read 0.28 over the seven (gia-lai-142 found no table at all).
/// Narrow columns whose names break over three lines (son-la-142) read 0.41 until the opening
/// line was also read as the first line of cells that go on below (a body cell's trailing ","
/// is where its column wraps): 0.88.
#[test]
fn pdfplumber_text_extractions_of_the_pdf_fixtures() {
    let floors = [
        ("kon-tum-142", 54, 0.89),
        ("son-la-142", 19, 0.87),
        ("gia-lai-142", 52, 0.87),
        ("kon-tum-nq03", 55, 0.62),
        ("dak-lak-142", 25, 0.76),
        ("kon-tum-142-portrait", 54, 0.88),
        ("son-la-142-unruled", 19, 0.88),
    ];
    assert_extraction_floors("pdfplumber-text", &floors, 0.82);
}

/// Poppler's plain `pdftotext` (no `-layout`) of the seven PDF fixtures
/// (`fixtures/tables/pdftotext-plain/`, `scripts/extract_pdftotext_plain.sh`): text block by
/// block, the header one name per line ("TT", blank, "Nhiệm vụ", blank, …) and repeated so on
/// every page, neighbouring cells merged side by side where their lines share a baseline. Some
/// damage no reading can undo: cells moved far from their row (gia-lai-142), a name's words
/// spread over two blocks (son-la-142's narrow columns), group headings printed after their
/// rows, whose rows then read under the group before (the extra rows). kon-tum-142's first page
/// prints its header's last name far below it: the header repeated on the next page has it.
/// Before this reading none
/// of the seven found a row (0.0000); floors just under the measured figures
/// (`cargo run --release --example score extractions`).
#[test]
fn pdftotext_plain_extractions_of_the_pdf_fixtures() {
    let floors = [
        ("kon-tum-142", 50, 0.37, 2),
        ("son-la-142", 10, 0.14, 1),
        ("gia-lai-142", 49, 0.40, 2),
        ("kon-tum-nq03", 49, 0.31, 7),
        ("dak-lak-142", 25, 0.57, 0),
        ("kon-tum-142-portrait", 52, 0.55, 2),
        ("son-la-142-unruled", 19, 0.32, 0),
    ];
    assert_extraction_floors_with_extra("pdftotext-plain", &floors, 0.40);
}

/// A made-up plan whose appendix table has `header` and `rows` (cells joined by `separator`:
/// a tab, " | " for a website's rows, or one space for text where the cells run together).
fn plan_with_table(header: &[&str], rows: &[&[&str]], separator: &str) -> Plan {
    let line = |cells: &[&str]| {
        let joined = cells.join(separator);
        if separator == " | " {
            format!("| {joined} |")
        } else {
            joined
        }
    };
    let mut text = String::from(
        "ỦY BAN NHÂN DÂN TỈNH BẮC NAM\nSố: 12/KH-UBND\nBắc Nam, ngày 20 tháng 4 năm 2026\n\
         KẾ HOẠCH\nTriển khai Chiến lược dữ liệu quốc gia\nI. MỤC ĐÍCH, YÊU CẦU\n\
         Triển khai đồng bộ.\nII. TỔ CHỨC THỰC HIỆN\n\
         Các sở, ban, ngành triển khai (Chi tiết tại Phụ lục kèm theo).\n\
         PHỤ LỤC\nDANH MỤC NHIỆM VỤ\n",
    );
    text.push_str(&line(header));
    text.push('\n');
    for row in rows {
        text.push_str(&line(row));
        text.push('\n');
    }
    plandoc::parse_text("made-up.txt", &text)
}

/// (id, group numbers, task, lead) of every row.
fn rows_read(plan: &Plan) -> Vec<(String, Vec<String>, String, String)> {
    plan.tables
        .iter()
        .flat_map(|t| &t.rows)
        .map(|r| {
            (
                r.id.clone(),
                r.groups.iter().map(|g| g.number.clone()).collect(),
                r.task.clone().unwrap_or_default(),
                r.lead.raw.clone(),
            )
        })
        .collect()
}

const SEPARATORS: [&str; 3] = ["\t", " | ", " "];

/// Task columns are also named "Nội dung công việc" and "Nội dung nhiệm vụ"; the lead column
/// "Đơn vị thực hiện" when no column is named "chủ trì". Before, the first table was not found
/// at all and the second lost every lead.
#[test]
fn task_and_lead_columns_named_otherwise() {
    for separator in SEPARATORS {
        for task_name in ["Nội dung công việc", "Nội dung nhiệm vụ", "Nội dung"] {
            let plan = plan_with_table(
                &[
                    "TT",
                    task_name,
                    "Cơ quan chủ trì",
                    "Cơ quan phối hợp",
                    "Thời gian thực hiện",
                ],
                &[
                    &[
                        "1",
                        "Xây dựng kho dữ liệu dùng chung",
                        "Sở Khoa học và Công nghệ",
                        "Sở Tài chính",
                        "Năm 2026",
                    ],
                    &[
                        "2",
                        "Số hóa hồ sơ thủ tục hành chính",
                        "Sở Nội vụ",
                        "Công an tỉnh",
                        "2026-2027",
                    ],
                ],
                separator,
            );
            let rows = rows_read(&plan);
            assert_eq!(rows.len(), 2, "{task_name:?} {separator:?}: {rows:?}");
            assert_eq!(
                rows[1].2, "Số hóa hồ sơ thủ tục hành chính",
                "{separator:?}"
            );
            assert_eq!(rows[1].3, "Sở Nội vụ", "{separator:?}");
        }
        let plan = plan_with_table(
            &["TT", "Nhiệm vụ", "Đơn vị thực hiện", "Thời gian thực hiện"],
            &[
                &[
                    "1",
                    "Xây dựng kho dữ liệu dùng chung",
                    "Sở Khoa học và Công nghệ",
                    "Năm 2026",
                ],
                &[
                    "2",
                    "Số hóa hồ sơ thủ tục hành chính",
                    "Sở Nội vụ",
                    "2026-2027",
                ],
            ],
            separator,
        );
        let leads: Vec<String> = rows_read(&plan).into_iter().map(|r| r.3).collect();
        assert_eq!(
            leads,
            ["Sở Khoa học và Công nghệ", "Sở Nội vụ"],
            "{separator:?}"
        );
    }
}

/// The line that numbers the columns under a header ("1 2 3 4 5") is no task: before, it was
/// read as row 1 (task "2", lead "3"), and the real row 1 became "1#2".
#[test]
fn the_line_numbering_the_columns_is_no_row() {
    for separator in SEPARATORS {
        for numbers in [
            ["1", "2", "3", "4", "5"],
            ["(1)", "(2)", "(3)", "(4)", "(5)"],
        ] {
            let plan = plan_with_table(
                &TASK_TABLE_NAMES,
                &[
                    &numbers,
                    &[
                        "1",
                        "Ban hành quy chế",
                        "Sở Tư pháp",
                        "Sở Nội vụ",
                        "Năm 2026",
                    ],
                    &[
                        "2",
                        "Ban hành danh mục dữ liệu",
                        "Sở Khoa học và Công nghệ",
                        "Các sở",
                        "Quý II/2026",
                    ],
                ],
                separator,
            );
            let rows = rows_read(&plan);
            let ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
            assert_eq!(ids, ["1", "2"], "{separator:?} {numbers:?}: {rows:?}");
            assert_eq!(rows[0].2, "Ban hành quy chế");
        }
    }
}

/// Rows "1", "2" holding only a title above rows "1.1", "1.2", "2.1" are the plan's groups, as
/// "I", "II" are: before, each was a task with no lead (and `check` said so).
#[test]
fn arabic_numbered_titles_over_dotted_rows_are_groups() {
    for separator in SEPARATORS {
        let plan = plan_with_table(
            &[
                "TT",
                "Nội dung nhiệm vụ",
                "Đơn vị chủ trì",
                "Đơn vị phối hợp",
                "Thời gian hoàn thành",
            ],
            &[
                &["1", "HOÀN THIỆN THỂ CHẾ", "", "", ""],
                &[
                    "1.1",
                    "Ban hành quy chế khai thác",
                    "Sở Tư pháp",
                    "Sở Khoa học và Công nghệ",
                    "Quý III/2026",
                ],
                &[
                    "1.2",
                    "Ban hành danh mục dữ liệu mở",
                    "Sở Khoa học và Công nghệ",
                    "Các sở",
                    "Tháng 9/2026",
                ],
                &["2", "Phát triển hạ tầng", "", "", ""],
                &[
                    "2.1",
                    "Nâng cấp trung tâm dữ liệu",
                    "Sở Khoa học và Công nghệ",
                    "Sở Tài chính",
                    "2026-2027",
                ],
                // A task without a lead and without rows under it stays a task.
                &["3", "Tổng kết, đánh giá", "", "", "Năm 2030"],
            ],
            separator,
        );
        let rows = rows_read(&plan);
        let read: Vec<(&str, Vec<&str>)> = rows
            .iter()
            .map(|r| (r.0.as_str(), r.1.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            read,
            [
                ("1.1", vec!["1"]),
                ("1.2", vec!["1"]),
                ("2.1", vec!["2"]),
                ("3", vec![])
            ],
            "{separator:?}: {rows:?}"
        );
        let group = &plan.tables[0].rows[2].groups[0];
        assert_eq!(group.title, "Phát triển hạ tầng", "{separator:?}");
    }
}

/// A cell listing its bodies one per line (a word processor's table, its lines joined into the
/// cell): each body is one agency. Before, they were one made-up body "Sở Nội vụ Công an tỉnh
/// Sở Y tế".
#[test]
fn bodies_listed_one_per_line_in_a_cell_are_apart() {
    for separator in ["\t", " | "] {
        let plan = plan_with_table(
            &TASK_TABLE_NAMES,
            &[
                &[
                    "1",
                    "Xây dựng cơ sở dữ liệu hộ tịch",
                    "Sở Tư pháp",
                    "Sở Nội vụ",
                    "Năm 2026",
                ],
                &["", "", "", "Công an tỉnh", ""],
                &["", "", "", "Sở Y tế", ""],
            ],
            separator,
        );
        let support = plan.tables[0].rows[0].support.as_ref().unwrap();
        assert_eq!(
            support.raw, "Sở Nội vụ Công an tỉnh Sở Y tế",
            "{separator:?}"
        );
        let names: Vec<&str> = support.agencies.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names,
            ["Sở Nội vụ", "Công an tỉnh", "Sở Y tế"],
            "{separator:?}"
        );
    }
}

/// What converters write inside a Markdown table's cells keeps the document's words: a line
/// break (`<br>`) parts words, an escaped "\|" or "\*" is the cell's own character, a footnote
/// star "(*)" stays, and character references are the characters. Before, "<br>" glued words
/// ("Công an tỉnhSở Tư pháp", one made-up body), "\|" cut the cell, "(*)" lost its star and
/// "Sở TT&amp;TT" was cut at the ";" into two bodies.
#[test]
fn cell_markup_from_converters_keeps_the_words() {
    let plan = plan_with_table(
        &TASK_TABLE_NAMES,
        &[
            &[
                "1",
                "Quy chế khai thác<br>và chia sẻ (*)",
                "Sở TT&amp;TT",
                "Công an tỉnh<br/>Sở Tư pháp",
                "2026 -<br>2027",
            ],
            &[
                "2",
                "Chuẩn hóa dữ liệu A \\| B",
                "Sở Tài chính",
                "Sở Tư pháp",
                "Năm 2026",
            ],
            &[
                "3",
                "Danh mục dữ liệu \\* dùng chung",
                "Sở Tài chính",
                "Sở Tư pháp",
                "Năm 2026",
            ],
        ],
        " | ",
    );
    let rows = &plan.tables[0].rows;
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows[0].task.as_deref(),
        Some("Quy chế khai thác và chia sẻ (*)")
    );
    assert_eq!(rows[0].lead.agencies.len(), 1);
    assert_eq!(
        rows[0].lead.agencies[0].canonical,
        "Sở Thông tin và Truyền thông"
    );
    let support: Vec<&str> = rows[0]
        .support
        .as_ref()
        .unwrap()
        .agencies
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(support, ["Công an tỉnh", "Sở Tư pháp"]);
    assert_eq!(rows[0].timeframe.as_ref().unwrap().raw, "2026 - 2027");
    assert_eq!(rows[1].task.as_deref(), Some("Chuẩn hóa dữ liệu A | B"));
    assert_eq!(rows[1].lead.raw, "Sở Tài chính");
    assert_eq!(
        rows[2].task.as_deref(),
        Some("Danh mục dữ liệu * dùng chung")
    );
}

/// "Đơn vị/Cơ quan thực hiện" (alternatives joined by "/") is the lead column too, in every
/// shape; beside a column named "chủ trì", "Đơn vị thực hiện" is a column of its own.
#[test]
fn who_carries_out_the_task_is_the_lead_unless_a_lead_is_named() {
    for separator in SEPARATORS {
        let plan = plan_with_table(
            &[
                "TT",
                "Nội dung",
                "Đơn vị/Cơ quan thực hiện",
                "Thời gian hoàn thành",
            ],
            &[
                &[
                    "1",
                    "Ban hành quy chế quản lý dữ liệu.",
                    "Sở Tư pháp",
                    "2026",
                ],
                &["2", "Nâng cấp nền tảng.", "Sở Y tế", "2026"],
            ],
            separator,
        );
        let leads: Vec<String> = rows_read(&plan).into_iter().map(|r| r.3).collect();
        assert_eq!(leads, ["Sở Tư pháp", "Sở Y tế"], "{separator:?}");
        let plan = plan_with_table(
            &[
                "TT",
                "Nhiệm vụ",
                "Đơn vị thực hiện",
                "Cơ quan chủ trì",
                "Thời gian",
            ],
            &[&[
                "1",
                "Ban hành quy chế.",
                "Phòng Pháp chế",
                "Sở Tư pháp",
                "Năm 2026",
            ]],
            separator,
        );
        let leads: Vec<String> = rows_read(&plan).into_iter().map(|r| r.3).collect();
        assert_eq!(leads, ["Sở Tư pháp"], "{separator:?}");
    }
}

/// A title-only row at the end of one group, above rows of the next group, is a row of its
/// own: before, it vanished as a group nobody was under.
#[test]
fn a_title_ending_one_group_is_no_group_of_the_next() {
    for separator in ["\t", " | "] {
        let plan = plan_with_table(
            &[
                "TT",
                "Nhiệm vụ",
                "Cơ quan chủ trì",
                "Cơ quan phối hợp",
                "Thời gian",
            ],
            &[
                &["I", "NHIỆM VỤ CHUNG", "", "", ""],
                &["1", "Xây dựng kho dữ liệu dùng chung", "", "", ""],
                &["II", "NHIỆM VỤ RIÊNG", "", "", ""],
                &["1.1", "Số hóa hồ sơ y tế", "Sở Y tế", "", "Năm 2027"],
            ],
            separator,
        );
        let ids: Vec<String> = rows_read(&plan).into_iter().map(|r| r.0).collect();
        assert_eq!(ids, ["I.1", "II.1.1"], "{separator:?}");
    }
}

/// Indicator tables name their value and tracking columns in more ways than "Kết quả" and
/// "Cơ quan chủ trì": "Chỉ tiêu đến năm 2030", "Năm 2025 | Năm 2030" (a value per year, each
/// its column's year), "Cơ quan theo dõi". Before, the values and bodies were dropped without a
/// word, and a year named only in the value column's name was lost.
#[test]
fn indicator_value_columns_named_by_their_year() {
    let indicator = "Tỷ lệ hồ sơ thủ tục hành chính được số hóa";
    for separator in ["\t", " | "] {
        for (value_columns, values, expected) in [
            (
                vec!["Chỉ tiêu đến năm 2030"],
                vec!["100"],
                vec![(100.0, Some(2030))],
            ),
            (
                vec!["Kết quả đến năm 2030"],
                vec!["100"],
                vec![(100.0, Some(2030))],
            ),
            (
                vec!["Năm 2025", "Năm 2030"],
                vec!["80", "100"],
                vec![(80.0, Some(2025)), (100.0, Some(2030))],
            ),
        ] {
            let mut header = vec!["TT", "Chỉ tiêu", "Đơn vị tính"];
            header.extend(&value_columns);
            header.push("Cơ quan theo dõi");
            let mut row = vec!["1", indicator, "%"];
            row.extend(&values);
            row.push("Sở Khoa học và Công nghệ");
            let plan = plan_with_table(&header, &[&row], separator);
            let read = &plan.tables[0].rows[0];
            assert_eq!(read.lead.raw, "Sở Khoa học và Công nghệ", "{header:?}");
            let targets: Vec<(f64, Option<i32>)> =
                plan.targets.iter().map(|t| (t.value, t.year)).collect();
            assert_eq!(targets, expected, "{header:?} {separator:?}");
        }
    }
}

/// A two-level header ("Cơ quan thực hiện" over "Chủ trì | Phối hợp"): tab-separated with the
/// second line's trailing empty cell cut, and in Markdown with the alignment rule between the
/// two lines (Markdown has one header line). Before, the empty cell under the spanning name was
/// dropped, the support column lost and the support body read as the timeframe.
#[test]
fn a_two_level_header_names_its_lower_columns() {
    let head = "ỦY BAN NHÂN DÂN TỈNH BẮC NAM\nSố: 12/KH-UBND\nKẾ HOẠCH\nTriển khai\n\
                I. MỤC ĐÍCH, YÊU CẦU\nTriển khai đồng bộ.\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ\n";
    for table in [
        "TT\tNhiệm vụ\tCơ quan thực hiện\t\tThời gian thực hiện\n\t\tChủ trì\tPhối hợp\n\
         1\tBan hành quy chế\tSở Khoa học và Công nghệ\tSở Tư pháp\tNăm 2026\n",
        "| TT | Nhiệm vụ | Cơ quan thực hiện | | Thời gian thực hiện |\n|---|---|---|---|---|\n\
         | | | Chủ trì | Phối hợp | |\n\
         | 1 | Ban hành quy chế | Sở Khoa học và Công nghệ | Sở Tư pháp | Năm 2026 |\n",
    ] {
        let plan = plandoc::parse_text("two-level.txt", &format!("{head}{table}"));
        let row = &plan.tables[0].rows[0];
        assert_eq!(row.lead.raw, "Sở Khoa học và Công nghệ", "{table}");
        assert_eq!(row.support.as_ref().unwrap().raw, "Sở Tư pháp", "{table}");
        assert_eq!(row.timeframe.as_ref().unwrap().raw, "Năm 2026", "{table}");
    }
}

/// One line at most below Markdown's rule goes on the names, and only when the names then
/// read more; a line of header words after it is no name ("Sở Nội vụ"), and names wrapped
/// above the rule are kept when the line below it adds nothing.
#[test]
fn names_below_a_rule_are_one_line_that_names_more() {
    let head = "ỦY BAN NHÂN DÂN TỈNH BẮC NAM\nSố: 12/KH-UBND\nKẾ HOẠCH\nTriển khai\n\
                I. MỤC ĐÍCH, YÊU CẦU\nTriển khai đồng bộ.\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ\n";
    let rows = "| 1 | Ban hành quy chế dữ liệu | Sở Nội vụ | Các sở, ban, ngành | Năm 2026 |\n";
    for (table, columns) in [
        (
            "| TT | Nhiệm vụ | Cơ quan thực hiện | | Thời gian |\n|---|---|---|---|---|\n\
             | | | Chủ trì | Phối hợp | |\n| | Sở Nội vụ | | | |\n",
            [
                "TT",
                "Nhiệm vụ",
                "Cơ quan thực hiện Chủ trì",
                "Phối hợp",
                "Thời gian",
            ],
        ),
        (
            "| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực |\n\
             | | | | | hiện |\n|---|---|---|---|---|\n| | | Sở Nội vụ | | |\n",
            [
                "TT",
                "Nhiệm vụ",
                "Cơ quan chủ trì",
                "Cơ quan phối hợp",
                "Thời gian thực hiện",
            ],
        ),
    ] {
        let plan = plandoc::parse_text("rule.md", &format!("{head}{table}{rows}"));
        assert_eq!(plan.tables[0].columns, columns, "{table}");
        assert_eq!(plan.tables[0].rows[0].lead.raw, "Sở Nội vụ", "{table}");
    }
}

/// pdfplumber's `extract_tables()` grids of the PDF fixtures written as CSV
/// (`fixtures/tables/pdfplumber-csv/`, `scripts/make_html_csv_extractions.py csv`): cells with
/// the PDF's line breaks inside quotes, the header repeated on every page, a row cut by a page
/// break continued on a row with an empty number, two tables one after the other with no title
/// between (kon-tum-nq03), and one file as Excel writes it in a European locale (BOM, ";").
/// `son-la-142-unruled.csv` is empty: pdfplumber finds no table without rules, and an empty
/// file is refused, so it is not scored. Before CSV was read as cells every one of these read
/// no table at all.
#[test]
fn pdfplumber_csv_extractions_of_the_pdf_fixtures() {
    let floors = [
        ("kon-tum-142", 54, 1.0),
        ("son-la-142", 19, 1.0),
        ("gia-lai-142", 52, 1.0),
        ("kon-tum-nq03", 56, 1.0),
        // "Năm 2026-" at a page's foot, "2030" on the next page's continued row.
        ("dak-lak-142", 25, 0.99),
        ("kon-tum-142-portrait", 54, 1.0),
    ];
    assert_extraction_floors("pdfplumber-csv", &floors, 0.998);
}

/// The same Word files as LibreOffice saves them as text (`fixtures/tables/libreoffice-text/`):
/// one line per cell, a covered cell an empty line, a cell of several paragraphs over several
/// lines. Read by the cell-per-line reader; a lead or time left empty by a merge is taken from
/// the row above, a support is not (the misses left: supports merged over rows). Before that
/// reader these read 0.34 (the two-level header) to 0.73.
#[test]
fn libreoffice_text_extractions_of_the_pdf_fixtures() {
    let floors = [
        ("kon-tum-142", 54, 0.90),
        ("son-la-142", 19, 0.87),
        ("gia-lai-142", 52, 0.90),
        ("kon-tum-nq03", 56, 0.93),
        ("dak-lak-142", 25, 0.93),
        ("kon-tum-142-portrait", 54, 0.89),
        ("son-la-142-unruled", 19, 0.87),
    ];
    assert_extraction_floors("libreoffice-text", &floors, 0.90);
}

/// The seeds' tables as HTML (`scripts/make_html_csv_extractions.py`): LibreOffice's "Save as
/// HTML" of a Word file (`<p>` in every cell, lines wrapped mid-sentence, a two-level header in
/// `<thead>`), a saved web page (a layout table before the document, entities, pages minified
/// to one line) and Markdown with HTML tables cut every ten rows (docling, Azure Document
/// Intelligence). Cells merged over rows (`rowspan`) and group rows over the whole width
/// (`colspan`) in each. Before HTML was read every one of these read no table.
#[test]
fn html_extractions_of_the_pdf_fixtures() {
    let floors = [
        ("kon-tum-142", 54, 1.0),
        ("son-la-142", 19, 1.0),
        ("gia-lai-142", 52, 1.0),
        ("kon-tum-nq03", 56, 1.0),
        ("dak-lak-142", 25, 1.0),
        ("kon-tum-142-portrait", 54, 1.0),
        ("son-la-142-unruled", 19, 1.0),
    ];
    for tool in ["libreoffice-html", "web-html", "markdown-html"] {
        assert_extraction_floors(tool, &floors, 1.0);
    }
}

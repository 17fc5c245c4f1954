//! HTML pages, Markdown with HTML tables, and CSV given to the commands: read as text with
//! their tables as rows of cells, line numbers that point into the file itself, and what the
//! reader did said in an `input-note`.

use assert_cmd::Command;
use serde_json::Value;

fn plandoc() -> Command {
    Command::cargo_bin("plandoc").unwrap()
}

fn parse_json(path: &std::path::Path) -> Value {
    let out = plandoc()
        .args(["parse", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn notes(plan: &Value) -> Vec<String> {
    plan["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "input-note")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

const PAGE: &str = "<!DOCTYPE html>\n<html><head><title>KH</title>\n\
<script>var t = '<table><tr><td>1</td></tr></table>';</script></head>\n<body>\n\
<p>ỦY BAN NHÂN DÂN TỈNH BẮC NAM</p>\n<p>Số: 12/KH-UBND</p>\n<p><b>KẾ HOẠCH</b></p>\n\
<p>Chuyển đổi số năm 2026</p>\n<p><b>I. MỤC ĐÍCH, YÊU CẦU</b></p>\n\
<p>Đến năm 2026, 100% hồ sơ được số hóa.</p>\n<p><b>PHỤ LỤC</b></p>\n\
<p>DANH MỤC NHIỆM VỤ</p>\n<table border=1>\n\
<tr><td rowspan=2>TT</td><td rowspan=2>Nhiệm vụ</td><td colspan=2>Cơ quan thực hiện</td><td rowspan=2>Thời gian</td></tr>\n\
<tr><td>Chủ trì</td><td>Phối hợp</td></tr>\n\
<tr><td colspan=5><b>I. THỂ CHẾ</b></td></tr>\n\
<tr><td>1</td><td>Ban hành quy chế dữ liệu</td><td rowspan=2><p>Sở Khoa học</p><p>và Công nghệ</p></td><td>Sở Tư pháp</td><td>Năm 2026</td></tr>\n\
<tr><td>2</td><td>Rà soát thủ tục h&agrave;nh ch&iacute;nh</td><td>C&#225;c sở, ban, ngành</td><td>2026&nbsp;-&nbsp;2027</td></tr>\n\
</table>\n</body></html>\n";

/// A saved page: paragraphs and rows on the page's own lines, a merged lead in both rows it
/// covers, the two-level header's lower names, entities decoded, the script's table ignored.
#[test]
fn a_web_page_reads_as_a_plan_with_the_pages_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ke-hoach.html");
    std::fs::write(&path, PAGE).unwrap();
    let plan = parse_json(&path);
    assert_eq!(plan["source"]["format"], "html");
    assert_eq!(plan["plan"]["number"], "12/KH-UBND");
    let tables = plan["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 1, "{tables:?}");
    let table = &tables[0];
    assert_eq!(table["appendix"], "PHỤ LỤC");
    assert_eq!(
        table["columns"],
        serde_json::json!([
            "TT",
            "Nhiệm vụ",
            "Cơ quan thực hiện Chủ trì",
            "Phối hợp",
            "Thời gian"
        ])
    );
    let rows = table["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["lead"]["raw"], "Sở Khoa học và Công nghệ");
    assert_eq!(rows[1]["lead"]["raw"], "Sở Khoa học và Công nghệ");
    assert_eq!(rows[1]["task"], "Rà soát thủ tục hành chính");
    assert_eq!(rows[1]["support"]["raw"], "Các sở, ban, ngành");
    assert_eq!(rows[1]["timeframe"]["end"], 2027);
    assert_eq!(rows[0]["groups"][0]["number"], "I");
    // Each row's lines are its <tr>'s line of the page.
    let page: Vec<&str> = PAGE.lines().collect();
    for row in rows {
        let line = row["lines"][0].as_u64().unwrap() as usize;
        assert!(page[line - 1].starts_with("<tr><td>"), "{}", page[line - 1]);
        assert!(page[line - 1].contains(&format!("<td>{}</td>", row["tt"].as_str().unwrap())));
    }
    let target = &plan["targets"][0];
    assert_eq!(target["value"], 100.0);
    let line = target["lines"][0].as_u64().unwrap() as usize;
    assert!(page[line - 1].contains("100% hồ sơ"), "{}", page[line - 1]);
    let notes = notes(&plan);
    assert!(
        notes.iter().any(|n| n
            == "read as an HTML page: 1 HTML table read as 5 rows of \
             tab-separated cells; 1 cell merged over rows repeated in each row"),
        "{notes:?}"
    );
    // `plandoc text` prints what was read: the lines the numbers count.
    let text = plandoc().arg("text").arg(&path).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let read: Vec<&str> = text.lines().collect();
    let first = rows[0]["lines"][0].as_u64().unwrap() as usize;
    assert_eq!(
        read[first - 1],
        "1\tBan hành quy chế dữ liệu\tSở Khoa học và Công nghệ\tSở Tư pháp\tNăm 2026"
    );
}

/// A converter's Markdown with its tables in HTML: the Markdown stays as written, the tables
/// become rows, and the lines after a table keep their numbers.
#[test]
fn markdown_with_html_tables() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ke-hoach.md");
    let markdown = "# ỦY BAN NHÂN DÂN TỈNH BẮC NAM\n\nSố: 12/KH-UBND\n\n## KẾ HOẠCH\n\n\
        ## I. MỤC ĐÍCH\n\nTriển khai.\n\n## PHỤ LỤC\n\nDANH MỤC NHIỆM VỤ\n\n\
        <table><tr><th>TT</th><th>Nhiệm vụ</th><th>Cơ quan chủ trì</th><th>Cơ quan phối hợp</th><th>Thời gian</th></tr>\
        <tr><td>1</td><td>Ban hành quy chế</td><td>Sở Nội vụ</td><td>Sở Tư pháp</td><td>2026</td></tr></table>\n\n\
        <!-- PageBreak -->\n\n\
        <table>\n<tr><th>TT</th><th>Nhiệm vụ</th><th>Cơ quan chủ trì</th><th>Cơ quan phối hợp</th><th>Thời gian</th></tr>\n\
        <tr><td>2</td><td>Rà soát</td><td>Công an tỉnh</td><td>Các sở</td><td>2027</td></tr>\n</table>\n";
    std::fs::write(&path, markdown).unwrap();
    let plan = parse_json(&path);
    assert_eq!(plan["source"]["format"], "markdown");
    let rows = plan["tables"][0]["rows"].as_array().unwrap();
    let leads: Vec<&str> = rows
        .iter()
        .map(|r| r["lead"]["raw"].as_str().unwrap())
        .collect();
    assert_eq!(leads, ["Sở Nội vụ", "Công an tỉnh"]);
    let source: Vec<&str> = markdown.lines().collect();
    let second = rows[1]["lines"][0].as_u64().unwrap() as usize;
    assert!(
        source[second - 1].contains("<td>2</td>"),
        "{}",
        source[second - 1]
    );
    let sections = plan["sections"].as_array().unwrap();
    let section = sections.iter().find(|s| s["number"] == "I").unwrap();
    let line = section["lines"][0].as_u64().unwrap() as usize;
    assert_eq!(source[line - 1], "## I. MỤC ĐÍCH");
}

/// CSV named .csv, and CSV under another name told from its records; Excel's "sep=;" line; a
/// table given alone, without the plan around it.
#[test]
fn csv_tables_given_alone() {
    let dir = tempfile::tempdir().unwrap();
    let rows = |s: &str| {
        format!(
            "TT{s}Nhiệm vụ{s}Cơ quan chủ trì{s}Cơ quan phối hợp{s}Thời gian\n\
             I{s}Thể chế{s}{s}{s}\n\
             1{s}\"Ban hành quy chế,\nquản lý dữ liệu\"{s}Sở Nội vụ{s}\"Sở Tư pháp; Công an\ntỉnh\"{s}Năm 2026\n\
             2{s}Rà soát thủ tục{s}Sở Tư pháp{s}Các sở{s}2027\n\
             3{s}Số hóa hồ sơ{s}Sở Nội vụ{s}Các sở{s}Thường xuyên\n"
        )
    };
    for (name, bytes) in [
        ("bang.csv", rows(",")),
        ("bang-excel.txt", format!("\u{feff}sep=;\n{}", rows(";"))),
        ("bang.txt", rows(",")),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let plan = parse_json(&path);
        assert_eq!(plan["source"]["format"], "csv", "{name}");
        let rows = plan["tables"][0]["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 3, "{name}");
        assert_eq!(
            rows[0]["task"], "Ban hành quy chế, quản lý dữ liệu",
            "{name}"
        );
        assert_eq!(
            rows[0]["support"]["raw"], "Sở Tư pháp; Công an tỉnh",
            "{name}"
        );
        assert_eq!(rows[0]["groups"][0]["number"], "I", "{name}");
        // The first row starts on the file's line 3 (4 after "sep=;"), a record of three lines.
        let offset = usize::from(name == "bang-excel.txt");
        assert_eq!(rows[0]["lines"][0], 3 + offset, "{name}");
        assert_eq!(rows[1]["lines"][0], 6 + offset, "{name}");
        assert!(
            notes(&plan)
                .iter()
                .any(|n| n.starts_with("read as CSV: 5 records")),
            "{name}"
        );
    }
}

/// What the review of stop 40 found, each read right now: a header repeated after a page break
/// with a name wrapped below it is this table's (not another table's); a heading printed with a
/// tab after its number is no table row (the "Phụ lục I - …" line above it is no appendix); a
/// table with tabs between its cells is not CSV, whatever commas its cells hold; a page that
/// links to a ".vn" address still gets its declared charset.
#[test]
fn review_cases_of_stop_40() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        parse_json(&path)
    };
    let repeated = write(
        "repeat.txt",
        "KẾ HOẠCH\nI. MỤC ĐÍCH\nNội dung.\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ\n\
         TT\tNhiệm vụ\tChỉ tiêu năm 2030\tCơ quan chủ trì\tThời gian\n\
         1\tXây dựng cơ sở dữ liệu\t100%\tSở Nội vụ\t2026\n2\tĐào tạo cán bộ\t500 người\tSở Tư pháp\t2027\n\
         TT\tNhiệm vụ\tChỉ tiêu\tCơ quan chủ trì\tThời gian\n\t\tnăm 2030\t\t\n\
         3\tRà soát thủ tục\t90%\tSở Tài chính\t2028\n"
            .as_bytes(),
    );
    let tables = repeated["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 1, "{tables:?}");
    assert_eq!(tables[0]["rows"].as_array().unwrap().len(), 3);
    let tab_headings = write(
        "tab-headings.txt",
        "ỦY BAN NHÂN DÂN TỈNH KON TUM\nKẾ HOẠCH\nTriển khai chuyển đổi số năm 2026\n\
         Phụ lục I - Danh mục nhiệm vụ kèm theo Kế hoạch này.\nI.\tMỤC ĐÍCH, YÊU CẦU\n\
         1.\tMục đích\nNâng cao hiệu quả.\nII.\tNHIỆM VỤ\n1.\tHoàn thiện thể chế\nBan hành quy chế.\n"
            .as_bytes(),
    );
    assert_eq!(tab_headings["sections"].as_array().unwrap().len(), 4);
    let spreadsheet_copy: String =
        std::iter::once("TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\n".to_string())
            .chain((1..=6).map(|n| format!("{n}\tViệc {n}\tSở Nội vụ\tCác sở, ban, ngành\t2026\n")))
            .collect();
    let copied = write("copy.txt", spreadsheet_copy.as_bytes());
    assert_eq!(copied["source"]["format"], "text");
    assert_eq!(copied["tables"][0]["rows"].as_array().unwrap().len(), 6);
    let mut page = b"<html><head><meta charset=\"windows-1252\">\
        <link href=\"https://kontum.gov.vn/a.css\"></head><body><p>K\xea ho\xe1ch</p>\
        <p>I. M\xd4 T\xc1</p></body></html>"
        .to_vec();
    page.push(b'\n');
    let plan = write("page.html", &page);
    assert_eq!(plan["source"]["encoding"], "windows-1252");
}

/// A folder with a page and a CSV is converted by default, each to its JSON.
#[test]
fn convert_takes_html_and_csv_files_from_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("plans");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("a.html"), PAGE).unwrap();
    std::fs::write(
        input.join("b.csv"),
        "TT,Nhiệm vụ,Cơ quan chủ trì,Thời gian\n1,Việc,Sở Nội vụ,2026\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    plandoc()
        .arg("convert")
        .arg(&input)
        .arg("--out-dir")
        .arg(&out)
        .arg("--quiet")
        .assert()
        .code(0);
    for name in ["a.json", "b.json"] {
        let plan: Value = serde_json::from_slice(&std::fs::read(out.join(name)).unwrap()).unwrap();
        let rows = plan["tables"][0]["rows"].as_array().unwrap();
        assert!(!rows.is_empty(), "{name}");
        let format = if name == "a.json" { "html" } else { "csv" };
        assert_eq!(plan["source"]["format"], format, "{name}");
    }
}

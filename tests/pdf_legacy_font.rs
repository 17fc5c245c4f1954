//! A PDF set in a legacy Vietnamese font (.VnTime: TCVN3; VNI-Times: VNI) gives its text as Latin
//! characters ("KÕ ho¹ch"). plandoc converts it before anything is built from it, so the plan,
//! the appendix table's cells and the text `plandoc text` prints are Unicode, `source.encoding`
//! names the font encoding, and the repair is reported; `check` and `convert` read it the same way.
//!
//! The PDF is written here, word by word at fixed positions in Helvetica with WinAnsiEncoding,
//! from Unicode strings put into the legacy encoding by plandoc's own encoder: what a document
//! typed in .VnTime and printed to PDF holds.

use std::path::Path;

use assert_cmd::Command;
use plandoc::read::{encode_legacy, Encoding};

fn plandoc() -> Command {
    Command::cargo_bin("plandoc").unwrap()
}

const BODY: &[&str] = &[
    "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK",
    "Số: 129/KH-UBND",
    "KẾ HOẠCH",
    "Triển khai thực hiện Chiến lược dữ liệu đến năm 2030 trên địa bàn tỉnh",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    "Tổ chức triển khai kịp thời, đồng bộ, hiệu quả các mục tiêu, nhiệm vụ được giao.",
    "2. Yêu cầu",
    "Bảo đảm các hệ thống thông tin được kết nối, chia sẻ dữ liệu thông suốt.",
    "II. MỤC TIÊU ĐẾN NĂM 2030",
    "Phấn đấu 100% hồ sơ thủ tục hành chính được số hóa đến năm 2030.",
    "III. NHIỆM VỤ VÀ GIẢI PHÁP",
    "Xây dựng, cập nhật dữ liệu của các ngành, lĩnh vực.",
    "IV. KINH PHÍ THỰC HIỆN",
    "Từ ngân sách nhà nước theo phân cấp hiện hành.",
    "V. TỔ CHỨC THỰC HIỆN",
    "Các sở, ban, ngành triển khai các nhiệm vụ tại Phụ lục kèm theo Kế hoạch này.",
];

/// Where each column's text starts, and the ruling lines between columns, of the appendix
/// table; then its rows (header first), one line each, 30 points apart from y = 500.
const COLUMNS: [f64; 5] = [40.0, 80.0, 390.0, 560.0, 730.0];
const RULES_X: [f64; 6] = [35.0, 77.0, 387.0, 557.0, 727.0, 822.0];
const ROWS: &[[&str; 5]] = &[
    [
        "STT",
        "Nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian",
    ],
    [
        "1",
        "Xây dựng kho dữ liệu dùng chung",
        "Sở Khoa học và Công nghệ",
        "Các sở, ban, ngành",
        "Năm 2026",
    ],
    [
        "2",
        "Số hóa hồ sơ thủ tục hành chính",
        "Văn phòng UBND tỉnh",
        "Sở Nội vụ",
        "2026-2030",
    ],
    [
        "3",
        "Đào tạo kỹ năng dữ liệu cho cán bộ",
        "Sở Nội vụ",
        "UBND các xã, phường",
        "Hằng năm",
    ],
];

/// `text` drawn at (x, y): the legacy encoding's bytes, escaped for a PDF string.
fn show(out: &mut Vec<u8>, x: f64, y: f64, size: f64, text: &str, encoding: Encoding) {
    out.extend(format!("BT /F1 {size} Tf {x} {y} Td (").bytes());
    for byte in encode_legacy(text, encoding) {
        if matches!(byte, b'(' | b')' | b'\\') {
            out.push(b'\\');
        }
        out.push(byte);
    }
    out.extend(b") Tj ET\n");
}

fn legacy_font_pdf(encoding: Encoding) -> Vec<u8> {
    let mut body = Vec::new();
    for (index, line) in BODY.iter().enumerate() {
        show(
            &mut body,
            60.0,
            780.0 - 22.0 * index as f64,
            11.0,
            line,
            encoding,
        );
    }
    let mut appendix = Vec::new();
    show(&mut appendix, 380.0, 560.0, 12.0, "PHỤ LỤC", encoding);
    show(
        &mut appendix,
        250.0,
        542.0,
        11.0,
        "Danh mục nhiệm vụ",
        encoding,
    );
    for (index, row) in ROWS.iter().enumerate() {
        let y = 500.0 - 30.0 * index as f64;
        for (cell, x) in row.iter().zip(COLUMNS) {
            show(&mut appendix, x, y, 9.0, cell, encoding);
        }
    }
    // A ruled table, as word processors draw them: rows between horizontal rules, columns
    // between vertical ones.
    let (top, bottom) = (515.0, 515.0 - 30.0 * ROWS.len() as f64);
    for x in RULES_X {
        appendix.extend(format!("0.5 w {x} {top} m {x} {bottom} l S\n").bytes());
    }
    for index in 0..=ROWS.len() {
        let y = top - 30.0 * index as f64;
        let (left, right) = (RULES_X[0], RULES_X[5]);
        appendix.extend(format!("0.5 w {left} {y} m {right} {y} l S\n").bytes());
    }
    let font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Resources << /Font << /F1 7 0 R >> >> >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Contents 6 0 R /Resources << /Font << /F1 7 0 R >> >> >>".to_vec(),
        stream(&body),
        stream(&appendix),
        font.to_vec(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (number, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", number + 1).bytes());
        out.extend(object);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

fn stream(data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend(data);
    out.extend(b"\nendstream");
    out
}

fn parse(path: &Path) -> serde_json::Value {
    let output = plandoc().arg("parse").arg(path).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn a_pdf_in_a_legacy_font_is_read_as_unicode() {
    for (encoding, name) in [(Encoding::Tcvn3, "tcvn3"), (Encoding::Vni, "vni")] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("{name}.pdf"));
        std::fs::write(&path, legacy_font_pdf(encoding)).unwrap();
        let plan = parse(&path);
        assert_eq!(plan["source"]["encoding"], name);
        assert_eq!(plan["plan"]["number"], "129/KH-UBND", "{name}");
        let headings: Vec<&str> = plan["sections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["heading"].as_str().unwrap_or(""))
            .collect();
        assert!(
            headings.contains(&"MỤC ĐÍCH, YÊU CẦU"),
            "{name}: {headings:?}"
        );
        let rows = plan["tables"][0]["rows"].as_array().unwrap();
        let leads: Vec<&str> = rows
            .iter()
            .map(|r| r["lead"]["raw"].as_str().unwrap())
            .collect();
        assert_eq!(
            leads,
            [
                "Sở Khoa học và Công nghệ",
                "Văn phòng UBND tỉnh",
                "Sở Nội vụ"
            ],
            "{name}"
        );
        assert_eq!(rows[0]["task"], "Xây dựng kho dữ liệu dùng chung");
        let repaired = plan["diagnostics"].as_array().unwrap().iter().any(|d| {
            d["rule"] == "encoding-damage" && d["message"].as_str().unwrap().contains(name)
        });
        assert!(repaired, "{name}: the repair is not reported");
        // `text` prints what the line numbers refer to: converted too.
        let text = plandoc().arg("text").arg(&path).output().unwrap();
        assert!(String::from_utf8(text.stdout)
            .unwrap()
            .contains("Sở Khoa học và Công nghệ"));
    }
}

/// `convert` and `check` read the PDF as `parse` does (they used to get the repair from the
/// flowed text, and lost it when they moved to the page geometry).
#[test]
fn convert_and_check_read_a_legacy_font_pdf_as_parse_does() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::write(
        dir.path().join("in/plan.pdf"),
        legacy_font_pdf(Encoding::Tcvn3),
    )
    .unwrap();
    let converted = plandoc()
        .current_dir(dir.path())
        .args(["convert", "in", "--out-dir", "out", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(converted.status.code(), Some(0));
    let parsed = plandoc()
        .current_dir(dir.path())
        .args(["parse", "in/plan.pdf"])
        .output()
        .unwrap();
    assert_eq!(
        std::fs::read(dir.path().join("out/plan.json")).unwrap(),
        parsed.stdout
    );
    let checked = plandoc()
        .current_dir(dir.path())
        .args(["check", "in/plan.pdf", "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&checked.stdout).unwrap();
    for diagnostic in report["diagnostics"].as_array().unwrap() {
        assert_ne!(diagnostic["rule"], "unknown-agency", "{diagnostic}");
        assert_ne!(diagnostic["rule"], "missing-section", "{diagnostic}");
    }
}

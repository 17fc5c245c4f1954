//! `plandoc diff` on small plans unlike the seeds, from a probe of the matcher (stop 39): rows
//! that differ only in the field each names, a third plan that must not steal a partner, and
//! targets, sections and bodies that look alike and are not the same. Each plan is written
//! here, so the case is read where it is asserted.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// A task row: task, lead, support, timeframe.
type TaskRow<'a> = (&'a str, &'a str, &'a str, &'a str);

/// A small plan of `province`, dated `date` ("ngày 5 tháng 3 năm 2026"), with `body` under its
/// objectives and `rows` in its appendix task table (tab-separated).
fn plan(province: &str, date: &str, body: &[&str], rows: &[TaskRow]) -> String {
    let upper = province.to_uppercase();
    let mut text = format!(
        "ỦY BAN NHÂN DÂN TỈNH {upper}\nSố: 1/KH-UBND\n{province}, {date}\n\nKẾ HOẠCH\n\
         Triển khai Chiến lược dữ liệu quốc gia\n\nThực hiện Quyết định số 142/QĐ-TTg ngày \
         02/02/2024 của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh {province} ban hành Kế hoạch \
         thực hiện như sau:\n\nI. MỤC TIÊU ĐẾN NĂM 2030\n"
    );
    for line in body {
        text.push_str(line);
        text.push('\n');
    }
    text.push_str(
        "II. TỔ CHỨC THỰC HIỆN\nCác sở, ngành thực hiện.\n\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ\n\n\
         TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\n",
    );
    for (n, (task, lead, support, time)) in rows.iter().enumerate() {
        text.push_str(&format!("{}\t{task}\t{lead}\t{support}\t{time}\n", n + 1));
    }
    text
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn diff_json(inputs: &[PathBuf]) -> Value {
    let output = Command::cargo_bin("plandoc")
        .unwrap()
        .arg("diff")
        .args(inputs)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Each task group's members as (plan key, row id or "-"), sorted, for comparing with a
/// reading by hand.
fn task_groups(diff: &Value) -> Vec<Vec<(String, String)>> {
    let mut groups: Vec<Vec<(String, String)>> = diff["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            g["members"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("-").to_string()))
                .collect()
        })
        .collect();
    groups.sort();
    groups
}

fn members(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

const DATE: &str = "ngày 5 tháng 3 năm 2026";

/// The template's sentence for one sector's database, as plans repeat it for every sector.
fn sector_database(field: &str) -> String {
    format!(
        "Xây dựng cơ sở dữ liệu chuyên ngành {field}, kết nối, chia sẻ với Kho dữ liệu dùng chung \
         của tỉnh"
    )
}
const SHARED: TaskRow = (
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "Văn phòng UBND tỉnh",
    "Các sở, ban, ngành",
    "2026",
);

/// The same sentence for two fields, each led by its own department, is two tasks: a plan that
/// has only the health database and one that has only the education database share no task,
/// however alike the sentences.
#[test]
fn rows_that_differ_in_the_field_their_leads_work_in_are_two_tasks() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = sector_database;
    let (health, education) = (sentence("y tế"), sentence("giáo dục"));
    let a = plan(
        "Hà Tĩnh",
        DATE,
        &[],
        &[
            (&health, "Sở Y tế", "Sở Khoa học và Công nghệ", "2026"),
            SHARED,
        ],
    );
    let b = plan(
        "Nghệ An",
        DATE,
        &[],
        &[
            (
                &education,
                "Sở Giáo dục và Đào tạo",
                "Sở Khoa học và Công nghệ",
                "2026",
            ),
            SHARED,
        ],
    );
    let inputs = [
        write(dir.path(), "ha-tinh.txt", &a),
        write(dir.path(), "nghe-an.txt", &b),
    ];
    let diff = diff_json(&inputs);
    assert_eq!(
        task_groups(&diff),
        vec![
            members(&[("ha-tinh", "-"), ("nghe-an", "1")]),
            members(&[("ha-tinh", "1"), ("nghe-an", "-")]),
            members(&[("ha-tinh", "2"), ("nghe-an", "2")]),
        ],
        "{diff}"
    );

    // A row whose wording names both fields is no evidence either way: the same task, given to
    // another department.
    let reworded = |lead: &str| {
        plan(
            "Nghệ An",
            DATE,
            &[],
            &[
                (
                    &format!("{} và giáo dục", sentence("y tế")),
                    lead,
                    "Sở Khoa học và Công nghệ",
                    "2026",
                ),
                SHARED,
            ],
        )
    };
    let both = write(
        dir.path(),
        "nghe-an.txt",
        &reworded("Sở Giáo dục và Đào tạo"),
    );
    let diff = diff_json(&[inputs[0].clone(), both]);
    assert_eq!(
        task_groups(&diff),
        vec![
            members(&[("ha-tinh", "1"), ("nghe-an", "1")]),
            members(&[("ha-tinh", "2"), ("nghe-an", "2")]),
        ],
        "{diff}"
    );
}

/// With three plans, a wrong link between the other two must not take a row's right partner
/// away: Tuyên Quang has both databases, Hà Giang only health, Cao Bằng only education, and
/// the last two reworded theirs alike.
#[test]
fn a_third_plan_does_not_take_a_rows_partner_away() {
    let dir = tempfile::tempdir().unwrap();
    let original = sector_database;
    let reworded = |field: &str, province: &str| {
        format!(
            "Xây dựng CSDL ngành {field} và kết nối, chia sẻ dữ liệu với Kho dữ liệu dùng chung \
             tỉnh {province}"
        )
    };
    let support = "Sở Khoa học và Công nghệ";
    let tuyen_quang = plan(
        "Tuyên Quang",
        DATE,
        &[],
        &[
            (&original("y tế"), "Sở Y tế", support, "2026"),
            (
                &original("giáo dục"),
                "Sở Giáo dục và Đào tạo",
                support,
                "2026",
            ),
            SHARED,
        ],
    );
    let ha_giang = plan(
        "Hà Giang",
        DATE,
        &[],
        &[
            (
                &reworded("y tế", "Hà Giang"),
                "Sở Y tế",
                support,
                "2026 - 2027",
            ),
            SHARED,
        ],
    );
    let cao_bang = plan(
        "Cao Bằng",
        DATE,
        &[],
        &[
            (
                &reworded("giáo dục", "Cao Bằng"),
                "Sở Giáo dục và Đào tạo",
                support,
                "2026 - 2027",
            ),
            SHARED,
        ],
    );
    let tq = write(dir.path(), "tuyen-quang.txt", &tuyen_quang);
    let hg = write(dir.path(), "ha-giang.txt", &ha_giang);
    let cb = write(dir.path(), "cao-bang.txt", &cao_bang);
    let expected = vec![
        members(&[("cao-bang", "-"), ("ha-giang", "1"), ("tuyen-quang", "1")]),
        members(&[("cao-bang", "1"), ("ha-giang", "-"), ("tuyen-quang", "2")]),
        members(&[("cao-bang", "2"), ("ha-giang", "2"), ("tuyen-quang", "3")]),
    ];
    // In any order of the plans.
    for inputs in [
        [tq.clone(), hg.clone(), cb.clone()],
        [cb.clone(), hg.clone(), tq.clone()],
        [hg.clone(), cb.clone(), tq.clone()],
    ] {
        let diff = diff_json(&inputs);
        assert_eq!(task_groups(&diff), expected, "{diff}");
    }
}

/// Targets are paired by what they measure; a pair whose levels are the same but whose subjects
/// are not says so under the level, and the JSON gives each plan's subject with its wording
/// against the first plan's.
#[test]
fn a_target_worded_otherwise_shows_its_own_words() {
    let dir = tempfile::tempdir().unwrap();
    let a = plan(
        "Quảng Ninh",
        DATE,
        &["a) Tối thiểu 80% dữ liệu về kết quả thực hiện thủ tục hành chính được tái sử dụng, chia sẻ."],
        &[SHARED],
    );
    let b = plan(
        "Hải Phòng",
        DATE,
        &["a) Tối thiểu 80% dữ liệu về kết quả khám, chữa bệnh được tái sử dụng, chia sẻ."],
        &[SHARED],
    );
    let inputs = [
        write(dir.path(), "quang-ninh.txt", &a),
        write(dir.path(), "hai-phong.txt", &b),
    ];
    let diff = diff_json(&inputs);
    let targets = diff["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 1, "{diff}");
    let details = &targets[0]["details"];
    assert_eq!(details["quang-ninh"]["wording"], serde_json::json!([]));
    let added: Vec<&str> = details["hai-phong"]["wording"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["op"] == "added")
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(added, ["khám, chữa bệnh"], "{details}");
    assert!(details["hai-phong"]["subject"]
        .as_str()
        .unwrap()
        .contains("khám, chữa bệnh"));

    let output = Command::cargo_bin("plandoc")
        .unwrap()
        .arg("diff")
        .args(&inputs)
        .args(["--only", "targets", "--format", "markdown"])
        .output()
        .unwrap();
    let markdown = String::from_utf8(output.stdout).unwrap();
    let row = markdown
        .lines()
        .find(|l| l.starts_with("| 1 |"))
        .unwrap_or_default();
    assert!(row.contains("<br>≠ khám, chữa bệnh |"), "{markdown}");
    // The first plan's cell has no such line: its words are the label.
    assert_eq!(row.matches('≠').count(), 1, "{row}");
}

/// Two plans written before the 2025 merger that give a task to two departments merged since
/// made a real choice: the change `differs`, with a note on the merger. A 2024 plan against a
/// 2026 one names the same work's body before and after: `reorganized`.
#[test]
fn bodies_merged_after_both_plans_were_written_differ() {
    let dir = tempfile::tempdir().unwrap();
    let task = "Xây dựng cơ sở dữ liệu đất đai của tỉnh";
    let resources = "Sở Tài nguyên và Môi trường";
    let agriculture = "Sở Nông nghiệp và Phát triển nông thôn";
    let kon_tum = plan(
        "Kon Tum",
        "ngày 5 tháng 3 năm 2024",
        &[],
        &[(task, resources, agriculture, "2024 - 2025"), SHARED],
    );
    let binh_dinh = |date: &str, lead: &str, support: &str| {
        plan(
            "Bình Định",
            date,
            &[],
            &[(task, lead, support, "2024 - 2025"), SHARED],
        )
    };
    let kt = write(dir.path(), "kon-tum.txt", &kon_tum);
    let changes = |other: PathBuf| -> Vec<(String, String, String)> {
        let diff = diff_json(&[kt.clone(), other]);
        diff["tasks"][0]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["field"].as_str().unwrap().to_string(),
                    c["kind"].as_str().unwrap().to_string(),
                    c["note"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    // Lead and support swapped in 2024.
    let swapped = write(
        dir.path(),
        "binh-dinh.txt",
        &binh_dinh("ngày 6 tháng 3 năm 2024", agriculture, resources),
    );
    let found = changes(swapped);
    assert_eq!(found.len(), 2, "{found:?}");
    for (field, kind, note) in &found {
        assert_eq!(kind, "differs", "{field}: {note}");
        assert!(
            note.starts_with("separate bodies when these plans were written"),
            "{note}"
        );
    }
    // The 2026 plan names the merged department.
    let merged = "Sở Nông nghiệp và Môi trường";
    let later = write(
        dir.path(),
        "binh-dinh.txt",
        &binh_dinh("ngày 6 tháng 3 năm 2026", merged, merged),
    );
    let found = changes(later);
    assert!(!found.is_empty());
    for (field, kind, note) in &found {
        assert_eq!(kind, "reorganized", "{field}: {note}");
    }
}

/// Two of the parts every plan has are never one heading, however alike their words and
/// places: "KINH PHÍ THỰC HIỆN" in one plan's third place is not the other's "TỔ CHỨC THỰC
/// HIỆN".
#[test]
fn the_funding_part_is_not_the_organization_part() {
    let dir = tempfile::tempdir().unwrap();
    let with_third_part = |province: &str, third: &str| {
        plan(province, DATE, &[], &[SHARED]).replace(
            "II. TỔ CHỨC THỰC HIỆN\nCác sở, ngành thực hiện.\n",
            &format!(
                "II. NHIỆM VỤ\nCác nhiệm vụ tại Phụ lục.\n{third}\nCác sở, ngành thực hiện.\n"
            ),
        )
    };
    let a = with_third_part("Hà Nam", "III. KINH PHÍ THỰC HIỆN");
    let b = with_third_part("Nam Định", "III. TỔ CHỨC THỰC HIỆN");
    assert!(a.contains("III. KINH PHÍ") && b.contains("III. TỔ CHỨC"));
    let inputs = [
        write(dir.path(), "ha-nam.txt", &a),
        write(dir.path(), "nam-dinh.txt", &b),
    ];
    let diff = diff_json(&inputs);
    let sections = diff["sections"].as_array().unwrap();
    let third: Vec<&Value> = sections
        .iter()
        .filter(|g| g["members"]["ha-nam"] == "III" || g["members"]["nam-dinh"] == "III")
        .collect();
    assert_eq!(third.len(), 2, "{sections:?}");
    for group in third {
        let present = group["members"]
            .as_object()
            .unwrap()
            .values()
            .filter(|v| !v.is_null())
            .count();
        assert_eq!(present, 1, "{group}");
    }
}

/// A body renamed by the 2025 reorganization is the same lead, and a task that names the field
/// by the body's new name is the same task: a 2024 plan's land database "… tài nguyên và môi
/// trường" led by Sở Tài nguyên và Môi trường and a 2026 plan's "… nông nghiệp và môi trường"
/// led by Sở Nông nghiệp và Môi trường are one task whose lead was `reorganized`.
#[test]
fn a_task_named_by_its_reorganized_bodys_new_field_is_one_task() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = |field: &str| {
        format!("Xây dựng cơ sở dữ liệu đất đai, {field}, kết nối với Kho dữ liệu dùng chung")
    };
    let support = "Sở Khoa học và Công nghệ";
    let before = plan(
        "Kon Tum",
        "ngày 5 tháng 3 năm 2024",
        &[],
        &[
            (
                &sentence("tài nguyên và môi trường"),
                "Sở Tài nguyên và Môi trường",
                support,
                "2024 - 2025",
            ),
            SHARED,
        ],
    );
    let after = plan(
        "Gia Lai",
        "ngày 5 tháng 3 năm 2026",
        &[],
        &[
            (
                &sentence("nông nghiệp và môi trường"),
                "Sở Nông nghiệp và Môi trường",
                support,
                "2026 - 2027",
            ),
            SHARED,
        ],
    );
    let inputs = [
        write(dir.path(), "kon-tum.txt", &before),
        write(dir.path(), "gia-lai.txt", &after),
    ];
    let diff = diff_json(&inputs);
    assert_eq!(
        task_groups(&diff),
        vec![
            members(&[("gia-lai", "1"), ("kon-tum", "1")]),
            members(&[("gia-lai", "2"), ("kon-tum", "2")]),
        ],
        "{diff}"
    );
    let lead = diff["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["changes"].as_array().unwrap())
        .find(|c| c["field"] == "lead")
        .cloned()
        .unwrap_or_default();
    assert_eq!(lead["kind"], "reorganized", "{diff}");
}

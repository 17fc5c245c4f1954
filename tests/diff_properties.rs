//! Properties of the alignment on generated plans, and the accuracy floor on the seeds.

use std::collections::BTreeMap;
use std::path::Path;

use plandoc::compare::{self, Input, Segment, SegmentOp};
use plandoc::domain::agencies;
use plandoc::eval::alignment::{gold_plan, score, ALIGNMENT_STEMS};
use plandoc::model::{
    Group, Plan, PlanMeta, Row, Section, Source, Table, TableKind, Target, PLAN_SCHEMA,
};
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "số hóa",
    "dữ liệu",
    "cơ sở",
    "kết nối",
    "chia sẻ",
    "nền tảng",
    "hồ sơ",
    "thủ tục",
    "an toàn",
    "thông tin",
    "quy chế",
    "đám mây",
    "Kon Tum",
    "UBND",
    "CSDL",
    "hoá",
    "mở",
    "lớn",
];
const BODIES: &[&str] = &[
    "Sở Thông tin và Truyền thông",
    "Công an tỉnh",
    "Các sở, ngành, địa phương",
    "Văn phòng UBND tỉnh",
];

/// Words for word diffs: province names of two and four words, abbreviations, punctuation.
const DIFF_WORDS: &[&str] = &[
    "dữ liệu",
    "số hóa",
    "tỉnh Đắk Lắk",
    "Bà Rịa - Vũng Tàu",
    "Kon Tum",
    "CSDL",
    "cơ sở dữ liệu",
    "-",
    "(mở)",
    "( mở )",
    ".",
    "theo lộ trình.",
    "kết nối",
];
/// Adjacent words of `DIFF_WORDS` that belong to one province name.
const SPLIT_NAMES: &[&str] = &[
    "Đắk Lắk",
    "Bà Rịa",
    "Rịa -",
    "- Vũng",
    "Vũng Tàu",
    "Kon Tum",
];

/// The first word of `other` shown after `segment`.
fn next_shown<'a>(segments: &'a [Segment], segment: &Segment) -> Option<&'a str> {
    let at = segments.iter().position(|s| std::ptr::eq(s, segment))?;
    segments[at + 1..]
        .iter()
        .find(|s| s.op != SegmentOp::Removed)
        .and_then(|s| s.text.split_whitespace().next())
}

fn plan(province: &str, tasks: &[TaskSpec], targets: &[TargetSpec]) -> Plan {
    let rows = tasks
        .iter()
        .enumerate()
        .map(|(i, (words, lead, year))| Row {
            id: format!("I.{}", i + 1),
            groups: vec![Group {
                number: "I".into(),
                title: "Nhiệm vụ".into(),
            }],
            tt: (i + 1).to_string(),
            task: Some(
                words
                    .iter()
                    .map(|w| WORDS[*w % WORDS.len()])
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            indicator: None,
            unit: None,
            lead: agencies::from_cell(BODIES[*lead % BODIES.len()]),
            support: Some(agencies::from_cell("")),
            result: None,
            timeframe: Some(plandoc::domain::timeframe::parse(&format!(
                "{}",
                2024 + year % 4
            ))),
            lines: [i + 1, i + 1],
            confidence: 1.0,
            warnings: Vec::new(),
        })
        .collect();
    Plan {
        schema: PLAN_SCHEMA.into(),
        source: Source {
            path: province.into(),
            sha256: String::new(),
            bytes: 0,
            format: "text".into(),
            encoding: "utf-8".into(),
        },
        plan: PlanMeta {
            province: Some(province.into()),
            ..PlanMeta::default()
        },
        sections: vec![Section {
            path: vec!["II".into()],
            number: "II".into(),
            level: 1,
            heading: Some("MỤC TIÊU".into()),
            text: String::new(),
            lines: [1, 1],
        }],
        tables: vec![Table {
            appendix: None,
            title: None,
            kind: TableKind::Tasks,
            columns: Vec::new(),
            lines: [1, 1],
            rows,
        }],
        targets: targets
            .iter()
            .map(|(words, value)| Target {
                path: vec!["II".into()],
                value: f64::from(*value),
                unit: "%".into(),
                unit_printed: None,
                comparator: "=".into(),
                year: Some(2030),
                subject: words
                    .iter()
                    .map(|w| WORDS[*w % WORDS.len()])
                    .collect::<Vec<_>>()
                    .join(" "),
                quote: String::new(),
                lines: [1, 1],
                table: None,
            })
            .collect(),
        diagnostics: Vec::new(),
    }
}

/// Task rows (word indices, lead index, year offset) and targets (word indices, value).
type TaskSpec = (Vec<usize>, usize, usize);
type TargetSpec = (Vec<usize>, u8);

fn arbitrary_plan() -> impl Strategy<Value = (Vec<TaskSpec>, Vec<TargetSpec>)> {
    (
        prop::collection::vec(
            (
                prop::collection::vec(0usize..18, 0..8),
                0usize..4,
                0usize..4,
            ),
            0..12,
        ),
        prop::collection::vec((prop::collection::vec(0usize..18, 0..6), 0u8..=100), 0..8),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_task_and_target_is_in_exactly_one_group(
        plans in prop::collection::vec(arbitrary_plan(), 2..5)
    ) {
        let provinces = ["Kon Tum", "Gia Lai", "Kon Tum", "Sơn La"];
        let inputs: Vec<Input> = plans
            .iter()
            .enumerate()
            .map(|(i, (tasks, targets))| Input {
                path: format!("p{i}"),
                plan: plan(provinces[i], tasks, targets),
            })
            .collect();
        let diff = compare::diff(&inputs).unwrap();
        for (input, plan_ref) in inputs.iter().zip(&diff.plans) {
            let mut seen: BTreeMap<String, usize> = BTreeMap::new();
            for group in &diff.tasks {
                if let Some(Some(id)) = group.members.get(&plan_ref.key) {
                    *seen.entry(id.clone()).or_insert(0) += 1;
                }
            }
            let rows = &input.plan.tables[0].rows;
            prop_assert_eq!(seen.len(), rows.len());
            prop_assert!(seen.values().all(|n| *n == 1));
            let mut targets = vec![0usize; input.plan.targets.len()];
            for group in &diff.targets {
                if let Some(Some(index)) = group.members.get(&plan_ref.key) {
                    targets[*index] += 1;
                }
            }
            prop_assert!(targets.iter().all(|n| *n == 1));
        }
        // No group is empty, and no two plans' keys collide.
        prop_assert!(diff.tasks.iter().all(|g| g.members.values().any(Option::is_some)));
        let mut keys: Vec<&str> = diff.plans.iter().map(|p| p.key.as_str()).collect();
        keys.sort();
        keys.dedup();
        prop_assert_eq!(keys.len(), inputs.len());
    }

    #[test]
    fn a_word_diff_keeps_each_sides_words_in_order(
        reference in prop::collection::vec(0usize..DIFF_WORDS.len(), 0..12),
        other in prop::collection::vec(0usize..DIFF_WORDS.len(), 0..12),
    ) {
        let text = |picks: &[usize]| {
            picks.iter().map(|w| DIFF_WORDS[*w]).collect::<Vec<_>>().join(" ")
        };
        let (reference, other) = (text(&reference), text(&other));
        let segments = compare::text::word_diff(&reference, &other);
        let words = |keep: SegmentOp| -> Vec<&str> {
            segments
                .iter()
                .filter(|s| s.op == keep || s.op == SegmentOp::Same)
                .flat_map(|s| s.text.split_whitespace())
                .collect()
        };
        // The other wording, word for word, in its order.
        prop_assert_eq!(words(SegmentOp::Added), other.split_whitespace().collect::<Vec<_>>());
        // The removed words are the reference's, in its order.
        let removed: Vec<&str> = segments
            .iter()
            .filter(|s| s.op == SegmentOp::Removed)
            .flat_map(|s| s.text.split_whitespace())
            .collect();
        let mut rest = reference.split_whitespace();
        for word in &removed {
            prop_assert!(rest.any(|r| r == *word), "{:?} not in order in {:?}", removed, reference);
        }
        // No removed run lands inside a province name of the other wording.
        let mut previous: Option<&str> = None;
        for segment in &segments {
            if segment.op == SegmentOp::Removed {
                if let (Some(before), Some(after)) = (previous, next_shown(&segments, segment)) {
                    let joined = format!("{before} {after}");
                    prop_assert!(
                        !SPLIT_NAMES.contains(&joined.as_str()),
                        "{:?} splits a name: {:?}", segments, joined
                    );
                }
            } else {
                previous = segment.text.split_whitespace().last();
            }
        }
    }

    #[test]
    fn a_plan_against_itself_is_identical((tasks, targets) in arbitrary_plan()) {
        let one = plan("Gia Lai", &tasks, &targets);
        let inputs = vec![
            Input { path: "a".into(), plan: one.clone() },
            Input { path: "b".into(), plan: one },
        ];
        let diff = compare::diff(&inputs).unwrap();
        for group in &diff.tasks {
            prop_assert_eq!(&group.status, "identical");
        }
        for group in &diff.targets {
            prop_assert!(group.same);
        }
    }
}

#[test]
fn the_reorganization_is_not_a_plain_difference() {
    // 2024 names Sở Thông tin và Truyền thông, 2026 Sở Khoa học và Công nghệ for the same work.
    let mut before = plan("Kon Tum", &[(vec![0, 1, 2], 0, 0)], &[]);
    let mut after = plan("Đắk Lắk", &[(vec![0, 1, 2], 0, 0)], &[]);
    before.tables[0].rows[0].lead = agencies::from_cell("Sở Thông tin và Truyền thông");
    after.tables[0].rows[0].lead = agencies::from_cell("Sở Khoa học và Công nghệ");
    let diff = compare::diff(&[
        Input {
            path: "a".into(),
            plan: before,
        },
        Input {
            path: "b".into(),
            plan: after,
        },
    ])
    .unwrap();
    let change = diff.tasks[0]
        .changes
        .iter()
        .find(|c| c.field == "lead")
        .expect("the lead is reported");
    let knows_successor = agencies::resolve("Sở Thông tin và Truyền thông")
        .successor
        .is_some();
    if knows_successor {
        assert_eq!(change.kind, "reorganized", "{change:?}");
        assert!(change.note.as_deref().unwrap_or("").contains("Khoa học"));
    } else {
        eprintln!(
            "notice: the body lexicon has no successors yet; only checking the lead is reported"
        );
        assert_eq!(change.kind, "differs");
    }
}

#[test]
fn alignment_meets_its_floor_on_the_reference_readings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let plans: Vec<Plan> = ALIGNMENT_STEMS
        .iter()
        .map(|s| gold_plan(root, s).unwrap())
        .collect();
    let (tasks, targets) = score(root, &plans).unwrap();
    let (_, _, task_f1) = tasks.f1();
    let (_, _, target_f1) = targets.f1();
    assert!(task_f1 >= 0.95, "task pairwise F1 {task_f1:.3}");
    assert!(target_f1 >= 0.9, "target pairwise F1 {target_f1:.3}");
}

#[test]
fn alignment_holds_on_parsed_seeds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let plans: Vec<Plan> = ALIGNMENT_STEMS
        .iter()
        .map(|s| {
            plandoc::parse_path(
                &root.join("seeds").join(format!("{s}.txt")),
                &plandoc::read::ReadOptions::default(),
            )
            .unwrap()
        })
        .collect();
    let (tasks, targets) = score(root, &plans).unwrap();
    let (_, _, task_f1) = tasks.f1();
    let (_, _, target_f1) = targets.f1();
    // Lower than on the reference readings: parser misses count here too.
    assert!(
        task_f1 >= 0.9,
        "task pairwise F1 on parsed seeds {task_f1:.3}"
    );
    assert!(
        target_f1 >= 0.85,
        "target pairwise F1 on parsed seeds {target_f1:.3}"
    );
}

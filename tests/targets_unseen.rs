//! Targets of plans written for these tests (not seeds): wordings the seeds do not use —
//! "không dưới", "từ … trở lên", "% GRDP", "%/năm", "nhóm 20 tỉnh", counts after a verb, a
//! measure in "tỷ đồng", a lead-in year, a results section, a range, footnote marks — must read
//! as a careful reader reads them.

use std::path::Path;

use serde_json::Value;

fn fixture(name: &str) -> (plandoc::model::Plan, Value) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/targets");
    let plan = plandoc::parse_path(&root.join(format!("{name}.txt")), &Default::default())
        .expect("fixture reads");
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join(format!("{name}.expected.json"))).expect("expected"),
    )
    .expect("expected is JSON");
    (plan, expected)
}

fn keys(plan: &plandoc::model::Plan) -> Vec<Value> {
    plan.targets
        .iter()
        .map(|t| {
            serde_json::json!({
                "path": t.path, "value": t.value, "unit": t.unit,
                "comparator": t.comparator, "year": t.year,
            })
        })
        .collect()
}

fn expected_keys(expected: &Value) -> Vec<Value> {
    expected["targets"]
        .as_array()
        .expect("targets")
        .iter()
        .map(|t| {
            serde_json::json!({
                "path": t["path"], "value": t["value"].as_f64(), "unit": t["unit"],
                "comparator": t["comparator"], "year": t["year"],
            })
        })
        .collect()
}

#[test]
fn unseen_plan_reads_as_checked_by_hand() {
    let (plan, expected) = fixture("quang-tri-unseen");
    assert_eq!(keys(&plan), expected_keys(&expected));
    let unreadable = plan
        .diagnostics
        .iter()
        .filter(|d| d.rule == plandoc::structure::targets::UNREADABLE_RULE)
        .count();
    assert_eq!(unreadable as u64, expected["unreadable"].as_u64().unwrap());
}

#[test]
fn every_target_quotes_its_number_and_names_a_subject() {
    let (plan, _) = fixture("quang-tri-unseen");
    for target in &plan.targets {
        assert!(!target.subject.is_empty(), "{target:?}");
        let printed = format!("{}", target.value);
        assert!(
            target.quote.contains(&printed) || target.quote.contains(&format!("0{printed}")),
            "{target:?}"
        );
        assert!(
            target.lines[0] >= 1 && target.lines[0] <= target.lines[1],
            "{target:?}"
        );
    }
}

#[test]
fn output_is_deterministic() {
    let (first, _) = fixture("quang-tri-unseen");
    let (second, _) = fixture("quang-tri-unseen");
    assert_eq!(
        serde_json::to_string(&first.targets).unwrap(),
        serde_json::to_string(&second.targets).unwrap()
    );
}

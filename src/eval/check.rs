//! Scores `plandoc check` on the fixture drafts: recall of injected defects
//! (`fixtures/drafts/defects/*.expect`: `RULE LINE`, optional `baseline PATH`), errors on the clean
//! drafts (`fixtures/drafts/clean/`), and what it finds on the seeds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::check::{self, Baseline, Options};
use crate::model::Severity;

/// One fixture's expectations.
#[derive(Debug, Clone, Default)]
pub struct Expectation {
    pub defects: Vec<(String, usize)>,
    pub baselines: Vec<PathBuf>,
}

pub fn parse_expect(text: &str, root: &Path) -> Expectation {
    let mut out = Expectation::default();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split_whitespace();
        match (parts.next(), parts.next()) {
            (Some("baseline"), Some(path)) => out.baselines.push(root.join(path)),
            (Some(rule), Some(number)) => {
                if let Ok(number) = number.parse() {
                    out.defects.push((rule.to_string(), number));
                }
            }
            _ => {}
        }
    }
    out
}

fn files(folder: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| extensions.contains(&e))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Runs check on one file with the given baselines.
pub fn run(path: &Path, baselines: &[PathBuf], root: &Path) -> Option<check::Report> {
    let relative = path
        .strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string();
    let mut options = Options::default();
    for baseline in baselines {
        // As `plandoc check --baseline` reads it: a PDF from its page geometry, other files in
        // whatever encoding they are in.
        let (mut plan, document) =
            check::draft::read_baseline(baseline, &Default::default()).ok()?;
        plan.source.path = baseline
            .strip_prefix(root)
            .unwrap_or(baseline)
            .display()
            .to_string();
        options.baselines.push(Baseline::new(&plan, &document));
    }
    // Read as `plandoc check` reads it (legacy fragments repaired, the file's own lines kept for
    // the encoding rule), so that the scores are the command's.
    let mut draft = check::draft::read(path, &Default::default()).ok()?;
    draft.plan.source.path = relative;
    Some(check::check_with_source(
        &draft.plan,
        &draft.document,
        draft.as_written(),
        &options,
    ))
}

/// Whether a report has the expected rule at the expected line (one line of slack either side,
/// for a defect that spans a line break).
pub fn found(report: &check::Report, rule: &str, line: usize) -> bool {
    report
        .diagnostics
        .iter()
        .any(|d| d.rule == rule && d.lines[0] <= line + 1 && line <= d.lines[1].max(d.lines[0]) + 1)
}

pub fn report(root: &Path, verbose: bool) -> String {
    let drafts = root.join("fixtures").join("drafts");
    let mut out = String::from("check — injected defects (fixtures/drafts/defects)\n");
    let mut per_rule: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let (mut matched, mut expected) = (0, 0);
    let mut misses = Vec::new();
    for expect_path in files(&drafts.join("defects"), &["expect"]) {
        let Ok(text) = std::fs::read_to_string(&expect_path) else {
            continue;
        };
        let expectation = parse_expect(&text, root);
        let draft = files(&drafts.join("defects"), &["txt", "md"])
            .into_iter()
            .find(|p| p.file_stem() == expect_path.file_stem());
        let Some(draft) = draft else {
            continue;
        };
        let report = run(&draft, &expectation.baselines, root);
        for (rule, line) in &expectation.defects {
            expected += 1;
            let entry = per_rule.entry(rule.clone()).or_default();
            entry.1 += 1;
            if report.as_ref().is_some_and(|r| found(r, rule, *line)) {
                matched += 1;
                entry.0 += 1;
            } else {
                misses.push(format!("  miss: {} {rule} line {line}", draft.display()));
            }
        }
    }
    let recall = if expected == 0 {
        1.0
    } else {
        matched as f64 / expected as f64
    };
    out.push_str(&format!("  recall {matched}/{expected} = {recall:.3}\n"));
    for (rule, (hit, total)) in &per_rule {
        out.push_str(&format!("    {rule:<24} {hit}/{total}\n"));
    }
    if verbose {
        for miss in &misses {
            out.push_str(miss);
            out.push('\n');
        }
    }
    out.push_str("check — clean drafts (fixtures/drafts/clean): errors must be 0\n");
    let mut clean_errors = 0;
    for path in files(&drafts.join("clean"), &["txt", "md"]) {
        if let Some(report) = run(&path, &[], root) {
            clean_errors += report.errors;
            out.push_str(&format!(
                "  {}: {} errors, {} warnings\n",
                path.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default(),
                report.errors,
                report.warnings
            ));
            if verbose {
                for d in report
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                {
                    out.push_str(&format!(
                        "    {} line {}: {}\n",
                        d.rule, d.lines[0], d.message
                    ));
                }
            }
        }
    }
    out.push_str(&format!("  total errors on clean drafts: {clean_errors}\n"));
    out.push_str("check — seeds (issued plans)\n");
    for stem in super::SEED_STEMS {
        let path = super::seed_path(root, stem);
        if let Some(report) = run(&path, &[], root) {
            out.push_str(&format!(
                "  {stem}: {} errors, {} warnings\n",
                report.errors, report.warnings
            ));
            for d in &report.diagnostics {
                out.push_str(&format!(
                    "    {} {} line {}: {}\n",
                    crate::check::rules::severity_name(d.severity),
                    d.rule,
                    d.lines[0],
                    d.message
                ));
            }
        }
    }
    out
}

//! Section-tree accuracy: F1 on paths, and headings exactly equal on the matched paths.

use std::collections::HashMap;
use std::path::Path;

use super::{f1, load_gold, norm, seed_path};

#[derive(Debug, Clone, Default)]
pub struct SectionScore {
    pub expected: usize,
    pub predicted: usize,
    pub matched: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Matched paths whose heading differs (null vs text counts as different), or whose text does
    /// not start where the reference says it starts.
    pub heading_mismatches: Vec<String>,
    pub missing: Vec<String>,
    /// `plan.title` and `plan.province` equal to the reference reading's.
    pub title_ok: bool,
    pub province_ok: bool,
    pub extra: Vec<String>,
}

pub fn score(root: &Path, stem: &str) -> Option<SectionScore> {
    let gold = load_gold(root, stem, "sections")?;
    let plan = crate::parse_path(&seed_path(root, stem), &Default::default()).ok()?;
    let mut expected: HashMap<String, Option<String>> = HashMap::new();
    let mut text_starts: HashMap<String, String> = HashMap::new();
    let mut order = Vec::new();
    for s in gold["sections"].as_array()? {
        let path = s["path"]
            .as_array()?
            .iter()
            .filter_map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join(".");
        expected.insert(path.clone(), s["heading"].as_str().map(norm));
        if let Some(start) = s["text_start"].as_str() {
            text_starts.insert(path.clone(), norm(start));
        }
        order.push(path);
    }
    let texts: HashMap<String, &str> = plan
        .sections
        .iter()
        .map(|s| (s.path.join("."), s.text.as_str()))
        .collect();
    let predicted: HashMap<String, Option<String>> = plan
        .sections
        .iter()
        .map(|s| (s.path.join("."), s.heading.as_deref().map(norm)))
        .collect();
    let mut score = SectionScore {
        expected: expected.len(),
        predicted: predicted.len(),
        title_ok: plan.plan.title.as_deref().map(norm) == gold["title"].as_str().map(norm),
        province_ok: plan.plan.province.as_deref() == gold["province"].as_str(),
        ..Default::default()
    };
    for path in &order {
        match predicted.get(path) {
            Some(heading) => {
                score.matched += 1;
                let text_ok = text_starts.get(path).is_none_or(|start| {
                    texts
                        .get(path)
                        .is_some_and(|t| t.starts_with(start.as_str()))
                });
                if !text_ok {
                    score.heading_mismatches.push(format!(
                        "{path}: text does not start with {:?}",
                        text_starts[path]
                    ));
                }
                if heading != &expected[path] {
                    score.heading_mismatches.push(format!(
                        "{path}: expected {:?}, got {:?}",
                        expected[path], heading
                    ));
                }
            }
            None => score.missing.push(path.clone()),
        }
    }
    for s in &plan.sections {
        let path = s.path.join(".");
        if !expected.contains_key(&path) {
            score.extra.push(path);
        }
    }
    (score.precision, score.recall, score.f1) = f1(score.matched, score.predicted, score.expected);
    Some(score)
}

/// The README's table of figures (Markdown), with every miss listed when `verbose`.
pub fn report(root: &Path, verbose: bool) -> String {
    let mut out = String::from("Sections (F1 on paths; headings exact on matched paths)\n\n");
    out.push_str("| seed | expected | found | matched | F1 | heading mismatches | title | province |\n|---|---|---|---|---|---|---|---|\n");
    let mut details = String::new();
    for stem in super::SEED_STEMS {
        let Some(s) = score(root, stem) else { continue };
        out.push_str(&format!(
            "| {stem} | {} | {} | {} | {:.3} | {} | {} | {} |\n",
            s.expected,
            s.predicted,
            s.matched,
            s.f1,
            s.heading_mismatches.len(),
            if s.title_ok { "exact" } else { "differs" },
            if s.province_ok { "exact" } else { "differs" },
        ));
        if verbose {
            for m in &s.heading_mismatches {
                details.push_str(&format!("  {stem} heading {m}\n"));
            }
            for m in &s.missing {
                details.push_str(&format!("  {stem} missing {m}\n"));
            }
            for m in &s.extra {
                details.push_str(&format!("  {stem} extra {m}\n"));
            }
        }
    }
    out.push_str(&details);
    out
}

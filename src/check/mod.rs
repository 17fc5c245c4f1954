//! Draft linting (`plandoc check`): rules over the parsed plan and its classified lines.
//!
//! One file per rule family; `rules.rs` names every rule, `config.rs` decides which run and how
//! loud, `render.rs` writes the report (human, JSON, SARIF, GitHub workflow commands).
//! Rules work on the model (`Plan.sections`, `Plan.tables`, `Plan.targets`) where the parser
//! produced it and fall back to light scans of the lines, so a draft is checked even where a
//! table did not parse.

pub mod agencies;
pub mod config;
pub mod draft;
pub mod encoding;
pub mod numbering;
pub mod outline;
pub mod render;
pub mod rules;
pub mod sections;
pub mod tables;
pub mod targets;
pub mod timeframes;

use serde::Serialize;

use crate::clean::Document;
use crate::model::{Diagnostic, LineRange, Plan, Severity, CHECK_SCHEMA};
use config::Config;

/// What a rule found, before the configuration gives it a severity.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static str,
    pub message: String,
    pub lines: LineRange,
    pub suggestion: Option<String>,
    /// The words the finding is about, to underline in the source line.
    pub focus: Option<String>,
    /// False when the finding rests on a guess about the layout (a table reconstructed from
    /// flowed PDF text): it is then reported one level lower.
    pub certain: bool,
}

impl Finding {
    pub fn new(
        rule: &'static str,
        message: impl Into<String>,
        lines: LineRange,
        certain: bool,
    ) -> Self {
        Finding {
            rule,
            message: message.into(),
            lines,
            suggestion: None,
            focus: None,
            certain,
        }
    }

    pub fn focus(mut self, focus: impl Into<String>) -> Self {
        self.focus = Some(focus.into());
        self
    }

    pub fn suggest(mut self, suggestion: impl Into<String>) -> Self {
        self.suggestion = Some(suggestion.into());
        self
    }
}

/// A plan the draft's targets must not fall below.
#[derive(Debug, Clone)]
pub struct Baseline {
    pub path: String,
    pub claims: Vec<targets::Claim>,
}

impl Baseline {
    pub fn new(plan: &Plan, document: &Document) -> Self {
        Baseline {
            path: plan.source.path.clone(),
            claims: targets::claims(plan, document),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub config: Config,
    pub baselines: Vec<Baseline>,
}

/// The `plandoc/check@1` document for one draft (`check --format json` on several drafts writes
/// an array of them, in the order given).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Report {
    pub schema: &'static str,
    pub path: String,
    pub errors: usize,
    pub warnings: usize,
    pub diagnostics: Vec<Diagnostic>,
    #[serde(skip)]
    pub lines: Vec<String>,
    /// For each diagnostic, the words to underline in its first line (human and SARIF columns).
    #[serde(skip)]
    pub focus: Vec<Option<String>>,
    /// The file's lines exactly as written, when they differ from `lines` (the reader's: a
    /// decomposed "ệ" is one character there): SARIF columns count the file's characters. Set
    /// by whoever read the file ([`draft::Draft::written_lines`]).
    #[serde(skip)]
    pub written: Option<Vec<String>>,
}

/// The plan's own date as (year, month); month is None when only the year is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PlanDate {
    pub year: i32,
    pub month: Option<u32>,
}

/// Runs every enabled rule on one draft.
pub fn check(plan: &Plan, document: &Document, options: &Options) -> Report {
    check_with_source(plan, document, document, options)
}

/// As [`check`], with `as_written`: the lines as the file holds them, before the reader repaired
/// any mojibake — damage the reader could undo is still damage in the draft.
pub fn check_with_source(
    plan: &Plan,
    document: &Document,
    as_written: &Document,
    options: &Options,
) -> Report {
    let date = timeframes::plan_date(plan, document);
    let mut findings: Vec<Finding> = Vec::new();
    findings.extend(sections::check_numbering(plan, document));
    findings.extend(tables::check_numbering(plan, document));
    findings.extend(sections::check_missing_sections(plan, document));
    findings.extend(sections::check_missing_appendix(plan, document));
    findings.extend(tables::check_missing_lead(plan, document));
    findings.extend(timeframes::check(plan, document, date));
    findings.extend(targets::check(plan, document, &options.baselines));
    findings.extend(agencies::check(plan, document, date));
    findings.extend(encoding::check(as_written));
    let mut diagnostics: Vec<(Diagnostic, Option<String>)> = Vec::new();
    for finding in findings {
        let Some(level) = options.config.level(finding.rule) else {
            continue;
        };
        let severity = if finding.certain {
            level
        } else {
            match level {
                Severity::Error => Severity::Warning,
                _ => Severity::Info,
            }
        };
        let mut diagnostic =
            Diagnostic::new(finding.rule, severity, finding.message, finding.lines);
        diagnostic.suggestion = finding.suggestion;
        diagnostics.push((diagnostic, finding.focus));
    }
    diagnostics.sort_by(|(a, _), (b, _)| {
        a.lines
            .cmp(&b.lines)
            .then_with(|| a.rule.cmp(&b.rule))
            .then_with(|| a.message.cmp(&b.message))
    });
    diagnostics.dedup_by(|(a, _), (b, _)| {
        a.rule == b.rule && a.lines == b.lines && a.message == b.message
    });
    let (diagnostics, focus): (Vec<Diagnostic>, Vec<Option<String>>) =
        diagnostics.into_iter().unzip();
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    Report {
        schema: CHECK_SCHEMA,
        path: plan.source.path.clone(),
        errors,
        warnings,
        diagnostics,
        lines: document.lines.iter().map(|l| l.raw.clone()).collect(),
        written: None,
        focus,
    }
}

/// The line of `range` where `text` is printed, for a finding about one cell of a row that
/// spans several lines (CI annotations and snippets should point at the cell, not at the row's
/// number). Searched from the row's end: the task's own words come first in a row and may name
/// the same body or year. The last line holding the text whole (white space collapsed), else
/// the last ending with its opening words (a cell wrapped over lines, two words at least), else
/// the last that is its opening (one word a line, as flowed PDF text may print a narrow
/// column); None when no line is.
pub(crate) fn line_holding(document: &Document, range: LineRange, text: &str) -> Option<usize> {
    let [first, last] = range;
    let start = document.lines.partition_point(|line| line.no < first);
    let lines: Vec<(usize, String)> = document.lines[start..]
        .iter()
        .take_while(|line| line.no <= last)
        .map(|line| (line.no, crate::clean::collapse_whitespace(&line.text)))
        .collect();
    let text = crate::clean::collapse_whitespace(text);
    if text.is_empty() {
        return None;
    }
    let words: Vec<&str> = text.split(' ').collect();
    let openings = |shortest: usize| {
        (shortest..words.len())
            .rev()
            .map(|count| words[..count].join(" "))
            .collect::<Vec<_>>()
    };
    let find_last = |holds: &dyn Fn(&str) -> bool| {
        lines
            .iter()
            .rev()
            .find(|(_, line)| holds(line))
            .map(|(no, _)| *no)
    };
    find_last(&|line| line.contains(text.as_str()))
        .or_else(|| {
            let openings = openings(2);
            find_last(&|line| openings.iter().any(|o| ends_with_words(line, o)))
        })
        .or_else(|| {
            let openings = openings(1);
            find_last(&|line| openings.iter().any(|o| line == o))
        })
}

/// Whether `line` ends with `words`, starting at a word's start.
pub(crate) fn ends_with_words(line: &str, words: &str) -> bool {
    line.strip_suffix(words)
        .is_some_and(|before| before.is_empty() || before.ends_with(' '))
}

/// Whether `text` holds one of `words` as whole words, compared by [`tone_key`] (marks kept,
/// their placement and case ignored): folded, "tăng" (grow) would also be "tầng" (layer).
///
/// [`tone_key`]: crate::domain::text::tone_key
pub fn has_whole_word(text: &str, words: &[&str]) -> bool {
    let text = crate::domain::text::tone_key(text);
    words.iter().any(|word| {
        let word = crate::domain::text::tone_key(word);
        text.match_indices(word.as_str()).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + word.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    })
}

/// Parses and checks text already in memory (tests, the scorer).
pub fn check_text(name: &str, text: &str, options: &Options) -> Report {
    let plan = crate::parse_text(name, text);
    let document = crate::clean::clean(text);
    check(&plan, &document, options)
}

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
mod listing;
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
    /// False when the finding rests on a guess (a table reconstructed from flowed PDF text, a
    /// part most but not all issued plans have): it is then reported one level lower, unless
    /// the user set the rule's severity.
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

/// What a rule left unjudged once its budget was spent: counted, with the line of the first, and
/// reported as one uncertain finding there, so the reader knows the check stopped short and where.
#[derive(Debug, Default)]
pub(crate) struct Skipped {
    count: usize,
    first_line: usize,
}

impl Skipped {
    pub(crate) fn add(&mut self, line: usize) {
        if self.count == 0 {
            self.first_line = line;
        }
        self.count += 1;
    }

    /// "{count} more {what}: {budget}", or nothing when nothing was skipped.
    pub(crate) fn finding(
        &self,
        rule: &'static str,
        what: &str,
        budget: &str,
        suggestion: &str,
    ) -> Option<Finding> {
        (self.count > 0).then(|| {
            Finding::new(
                rule,
                format!("{} more {what}: {budget}", self.count),
                [self.first_line, self.first_line],
                false,
            )
            .suggest(suggestion)
        })
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
    /// Why the draft could not be read (its report then has no diagnostics); absent for a draft
    /// that was read. A script reading several drafts' reports sees every draft it gave.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The draft's lines a report shows (under each listed diagnostic, by line number), as
    /// the reader read them; the others are not kept: a report outlives its draft, and `check`
    /// over a folder of drafts held every draft's whole text until the end.
    #[serde(skip)]
    pub lines: ShownLines,
    /// For each diagnostic, the words to underline in its first line (human and SARIF columns).
    #[serde(skip)]
    pub focus: Vec<Option<String>>,
    /// The file's lines exactly as written, when they differ from `lines` (the reader's: a
    /// decomposed "ệ" is one character there): SARIF columns count the file's characters. Set
    /// by whoever read the file ([`draft::Draft::written_lines`]).
    #[serde(skip)]
    pub written: Option<ShownLines>,
    /// The IANA name of the character set the draft's bytes are in, when known (SARIF's
    /// `artifacts[].encoding`: a viewer showing a Windows-1258 draft as UTF-8 would show other
    /// text at the report's columns). Set by whoever read the file ([`draft::Draft::encoding`]).
    #[serde(skip)]
    pub encoding: Option<&'static str>,
}

/// Lines of a draft by their number (from 1): only those a report shows.
pub type ShownLines = std::collections::BTreeMap<usize, String>;

/// The most source lines shown under one diagnostic.
const SNIPPET_LINES: usize = 4;

/// The lines shown under a diagnostic of `lines`: at most its first `SNIPPET_LINES`. One place,
/// for the snippet and for the lines a report keeps for it.
pub(crate) fn snippet_lines([first, last]: LineRange) -> std::ops::RangeInclusive<usize> {
    first..=last.min(first.saturating_add(SNIPPET_LINES - 1))
}

/// The plan's own date as (year, month, day); month and day are None when not printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PlanDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

/// Runs every enabled rule on one draft.
pub fn check(plan: &Plan, document: &Document, options: &Options) -> Report {
    check_with_source(plan, document, None, options)
}

/// As [`check`], with `as_written`: the file's text as it holds it, when the reader repaired any
/// mojibake — damage the reader could undo is still damage in the draft. None: the document's
/// lines are the file's.
pub fn check_with_source(
    plan: &Plan,
    document: &Document,
    as_written: Option<&str>,
    options: &Options,
) -> Report {
    let date = timeframes::plan_date(plan, document);
    // Each family's findings are listed as soon as it gives them: never every finding at once.
    let mut listing = listing::Listing::new(MOST_LISTED_PER_RULE);
    let mut add = |finding: Finding| {
        let Some(level) = options.config.level(finding.rule) else {
            return;
        };
        let severity = if finding.certain || options.config.is_chosen(finding.rule) {
            level
        } else {
            match level {
                Severity::Error => Severity::Warning,
                _ => Severity::Info,
            }
        };
        listing.add(finding, severity);
    };
    sections::check_numbering(plan, document)
        .into_iter()
        .for_each(&mut add);
    tables::check_numbering(plan, document, &mut add);
    sections::check_missing_sections(plan, document)
        .into_iter()
        .for_each(&mut add);
    sections::check_missing_appendix(plan, document)
        .into_iter()
        .for_each(&mut add);
    tables::check_missing_lead(plan, document)
        .into_iter()
        .for_each(&mut add);
    tables::check_shifted_cells(document)
        .into_iter()
        .for_each(&mut add);
    timeframes::check(plan, document, date)
        .into_iter()
        .for_each(&mut add);
    targets::check(plan, document, &options.baselines)
        .into_iter()
        .for_each(&mut add);
    agencies::check(plan, document, date)
        .into_iter()
        .for_each(&mut add);
    // The text as written is read line by line, never held as a second document: for a CSV
    // export every line differs from the reader's, and its records cost more than the text.
    match as_written {
        Some(text) => encoding::check(crate::clean::lines_as_read(text)),
        None => encoding::check(document.lines.iter().map(|line| (line.no, &line.raw))),
    }
    .into_iter()
    .for_each(&mut add);
    // Counted over every finding, listed or not: the status and the counts say what the draft
    // holds.
    let (errors, warnings) = (listing.errors, listing.warnings);
    let diagnostics = listing.into_listed();
    let (diagnostics, focus): (Vec<Diagnostic>, Vec<Option<String>>) =
        diagnostics.into_iter().unzip();
    Report {
        schema: CHECK_SCHEMA,
        path: plan.source.path.clone(),
        errors,
        warnings,
        error: None,
        lines: shown_lines(&diagnostics, |index| {
            document.lines.get(index).map(|line| line.raw.as_str())
        }),
        written: None,
        encoding: None,
        diagnostics,
        focus,
    }
}

/// The lines under `diagnostics`' snippets, taken by index (from 0) from `line_at`.
fn shown_lines<'a>(
    diagnostics: &[Diagnostic],
    line_at: impl Fn(usize) -> Option<&'a str>,
) -> ShownLines {
    let mut shown = ShownLines::new();
    for diagnostic in diagnostics {
        for no in snippet_lines(diagnostic.lines).filter(|&no| no > 0) {
            if let (std::collections::btree_map::Entry::Vacant(entry), Some(line)) =
                (shown.entry(no), line_at(no - 1))
            {
                entry.insert(line.to_string());
            }
        }
    }
    shown
}

/// Findings of one rule listed for one draft, at most: a table of 708,497 rows numbered "1"
/// gave 708,496 duplicates, a 184 MB report no CI annotation view shows and 0.5 GB of memory.
/// The rest are counted in `errors` and `warnings` and summed up in one info finding.
pub const MOST_LISTED_PER_RULE: usize = 1000;

impl Report {
    /// Keeps, of the file's lines as written (when they differ from the reader's), those the
    /// report shows.
    pub fn keep_written(&mut self, written: Option<String>) {
        self.written = written.map(|written| {
            let lines: Vec<&str> = crate::clean::split_lines(&written).collect();
            shown_lines(&self.diagnostics, |index| lines.get(index).copied())
        });
    }

    /// The report of a draft that could not be read: no findings, and the reason.
    pub fn unreadable(path: &str, reason: &str) -> Report {
        Report {
            schema: CHECK_SCHEMA,
            path: path.to_string(),
            errors: 0,
            warnings: 0,
            diagnostics: Vec::new(),
            error: Some(reason.to_string()),
            lines: ShownLines::new(),
            focus: Vec::new(),
            written: None,
            encoding: None,
        }
    }
}

/// The line of `range` where `text` is printed, for a finding about one cell of a row that
/// spans several lines (CI annotations and snippets should point at the cell, not at the row's
/// number). The task's own words may name the same body or year, so a cell is looked for where
/// a cell starts: a stretch of a line between tabs, pipes or runs of spaces (the columns of
/// `pdftotext -layout` text; a whole line in flowed text). In order: a stretch that is the
/// text, one that opens with it, one that is or ends with its opening words (a cell wrapped
/// over lines, one word a line in narrow flowed columns; two words at least at a stretch's
/// end), one that lists it after a comma or semicolon (the second body of a cell), then any
/// line holding it. Flowed text prints a row's cells after its task, so its lines are searched
/// from the row's end; layout text prints them beside the task's first line, so from the
/// start. None when no line holds the text.
pub(crate) fn line_holding(document: &Document, range: LineRange, text: &str) -> Option<usize> {
    let [first, last] = range;
    let start = document.lines.partition_point(|line| line.no < first);
    let mut lines: Vec<(usize, Vec<(usize, &str)>)> = document.lines[start..]
        .iter()
        .take_while(|line| line.no <= last)
        .map(|line| (line.no, cell_stretches(&line.text)))
        .collect();
    let side_by_side = lines.iter().any(|(_, stretches)| stretches.len() > 1);
    if !side_by_side {
        lines.reverse();
    }
    let text = crate::clean::collapse_whitespace(text);
    if text.is_empty() {
        return None;
    }
    let words: Vec<&str> = text.split(' ').collect();
    // A name broken over lines opens with at most a few dozen words; a longer text is a whole
    // cell, and weighing every opening of it would be quadratic in its length.
    const MOST_OPENING_WORDS: usize = 40;
    let openings: Vec<String> = (1..words.len().min(MOST_OPENING_WORDS))
        .rev()
        .map(|count| words[..count].join(" "))
        .collect();
    let listed = [format!(", {text}"), format!("; {text}")];
    let line_where = |holds: &dyn Fn(&str) -> bool| {
        lines
            .iter()
            .find(|(_, stretches)| stretches.iter().any(|(_, stretch)| holds(stretch)))
            .map(|(no, _)| *no)
    };
    line_where(&|stretch| stretch == text)
        .or_else(|| line_where(&|stretch| starts_with_words(stretch, &text)))
        .or_else(|| {
            // The longest opening first: "Văn phòng Ủy" ending a line before a line "Văn".
            openings.iter().find_map(|opening| {
                line_where(&|stretch| {
                    stretch == opening || opening.contains(' ') && ends_with_words(stretch, opening)
                })
            })
        })
        .or_else(|| line_where(&|stretch| listed.iter().any(|l| stretch.contains(l.as_str()))))
        .or_else(|| line_where(&|stretch| stretch.contains(text.as_str())))
}

/// The stretches of a line between tabs, pipes and runs of two spaces or more, trimmed, with
/// the byte each starts at: a table's cells side by side in `pdftotext -layout` text, a
/// Markdown or tab-separated row's cells, the whole line elsewhere.
pub(crate) fn cell_stretches(line: &str) -> Vec<(usize, &str)> {
    let mut stretches = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut blanks = 0;
    for (at, c) in line.char_indices() {
        let separator = c == '\t' || c == '|';
        if separator || c.is_whitespace() && blanks >= 1 {
            if let Some(from) = start.take() {
                stretches.push((from, &line[from..end]));
            }
            blanks = if separator { 2 } else { blanks + 1 };
            continue;
        }
        if c.is_whitespace() {
            blanks += 1;
            continue;
        }
        if start.is_none() {
            start = Some(at);
        }
        blanks = 0;
        end = at + c.len_utf8();
    }
    if let Some(from) = start {
        stretches.push((from, &line[from..end]));
    }
    stretches
}

/// Whether `text` opens with `words`, ending at a word's end.
fn starts_with_words(text: &str, words: &str) -> bool {
    text.strip_prefix(words)
        .is_some_and(|after| after.is_empty() || after.starts_with(' '))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A report keeps the lines its diagnostics show and no others: `check` over a folder of
    /// 1,000 drafts held 183 MB of their text before, 30 MB after.
    #[test]
    fn a_report_keeps_only_the_lines_it_shows() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/son-la-142.txt");
        let draft = draft::read(&path, &Default::default()).unwrap();
        let mut report = check(&draft.plan, &draft.document, &Options::default());
        assert!(
            !report.diagnostics.is_empty(),
            "the seed should give findings"
        );
        assert!(report.lines.len() < draft.document.lines.len() / 2);
        for diagnostic in &report.diagnostics {
            let [first, last] = diagnostic.lines;
            let shown_last = last.min(first + SNIPPET_LINES - 1);
            for no in first.max(1)..=shown_last.min(draft.document.lines.len()) {
                assert_eq!(
                    report.lines.get(&no),
                    Some(&draft.document.lines[no - 1].raw),
                    "line {no} under {}",
                    diagnostic.rule
                );
            }
        }
        for no in report.lines.keys() {
            assert!(report.diagnostics.iter().any(|d| {
                let [first, last] = d.lines;
                (first..=last.min(first + SNIPPET_LINES - 1)).contains(no)
            }));
        }
        // The file's own lines, which differ from the reader's: the shown ones are kept.
        let mut written: Vec<String> = (1..=draft.document.lines.len())
            .map(|no| format!("as written {no}"))
            .collect();
        written.push("a line the reader dropped".to_string());
        report.keep_written(Some(written.join("\n")));
        let kept = report.written.as_ref().unwrap();
        assert!(kept.keys().eq(report.lines.keys()));
        assert!(kept
            .iter()
            .all(|(no, line)| *line == format!("as written {no}")));
    }
}

//! Which findings a report lists: each rule's first `most` in line order, the same finding
//! (rule, lines, message) once, and the counts of errors and warnings over all of them.
//!
//! Findings are taken as the rules give them and never all held at once: a table of 708,497
//! rows numbered "1" gives 708,496 duplicates, and holding them, sorted, until they were cut to
//! 1,000 added some 200 MB to `check`'s 1.8 GB peak on that 50 MB CSV. A finding past a rule's
//! first `most` is kept only as a 128-bit digest, to count it once.

use std::collections::{BTreeMap, HashSet};
use std::hash::{Hash, Hasher};

use super::Finding;
use crate::model::{Diagnostic, LineRange, Severity};

/// A listed finding: its diagnostic and the words its first line underlines.
pub(super) type Listed = (Diagnostic, Option<String>);

/// Findings of one rule: a digest of every distinct one, and the `most` first in line order.
#[derive(Default)]
struct RuleListing {
    seen: HashSet<u128>,
    first: BTreeMap<(LineRange, String), Listed>,
}

pub(super) struct Listing {
    most: usize,
    rules: BTreeMap<&'static str, RuleListing>,
    pub errors: usize,
    pub warnings: usize,
}

impl Listing {
    pub fn new(most: usize) -> Self {
        Listing {
            most,
            rules: BTreeMap::new(),
            errors: 0,
            warnings: 0,
        }
    }

    /// Takes one finding, given the severity the configuration gives it. A finding the rule
    /// already gave (same lines and message) is dropped: the first given stands, with its
    /// severity, suggestion and focus.
    pub fn add(&mut self, finding: Finding, severity: Severity) {
        let rule = self.rules.entry(finding.rule).or_default();
        if !rule.seen.insert(digest(finding.lines, &finding.message)) {
            return;
        }
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => {}
        }
        let key = (finding.lines, finding.message);
        if rule.first.len() == self.most {
            match rule.first.last_key_value() {
                Some((last, _)) if key < *last => {
                    rule.first.pop_last();
                }
                _ => return,
            }
        }
        let mut diagnostic = Diagnostic::new(finding.rule, severity, key.1.clone(), key.0);
        diagnostic.suggestion = finding.suggestion;
        rule.first.insert(key, (diagnostic, finding.focus));
    }

    /// The listed findings in line order (then rule, then message), and for a rule with more
    /// than `most`, one info finding after its last listed one that says how many more there
    /// are.
    pub fn into_listed(self) -> Vec<Listed> {
        let most = self.most;
        let mut counts = Vec::new();
        let mut listed: Vec<Listed> = Vec::new();
        for (rule, findings) in self.rules {
            counts.push((rule, findings.seen.len()));
            listed.extend(findings.first.into_values());
        }
        listed.sort_by(|(a, _), (b, _)| {
            a.lines
                .cmp(&b.lines)
                .then_with(|| a.rule.cmp(&b.rule))
                .then_with(|| a.message.cmp(&b.message))
        });
        for (rule, count) in counts.into_iter().filter(|&(_, count)| count > most) {
            let last = listed
                .iter()
                .rev()
                .find(|(d, _)| d.rule == rule)
                .map_or(1, |(d, _)| d.lines[1]);
            let summary = summary(rule, count - most, most, last);
            let at = listed
                .iter()
                .position(|(d, _)| d.lines > summary.lines)
                .unwrap_or(listed.len());
            listed.insert(at, (summary, None));
        }
        listed
    }
}

/// The info finding that stands for a rule's `more` findings not listed after line `last`.
fn summary(rule: &str, more: usize, most: usize, last: usize) -> Diagnostic {
    Diagnostic::new(
        rule,
        Severity::Info,
        format!(
            "{more} more {rule} finding{} after line {last} {} not listed (at most {most} a \
             rule; the counts of errors and warnings include {})",
            if more == 1 { "" } else { "s" },
            if more == 1 { "is" } else { "are" },
            if more == 1 { "it" } else { "them" }
        ),
        [last, last],
    )
}

/// A finding's lines and message as 128 bits (two SipHash passes under different keys): two
/// distinct findings of a rule share one with a chance of about n² / 2¹²⁹.
fn digest(lines: LineRange, message: &str) -> u128 {
    let half = |key: u8| {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        key.hash(&mut hasher);
        lines.hash(&mut hasher);
        message.hash(&mut hasher);
        hasher.finish()
    };
    (u128::from(half(0)) << 64) | u128::from(half(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &'static str, line: usize, message: &str) -> Finding {
        Finding::new(rule, message, [line, line], true)
    }

    /// Everything the listing is meant to do, as the whole list sorted, de-duplicated and cut
    /// would give it: the reading it replaces.
    fn listed_by_sorting(findings: &[(Finding, Severity)], most: usize) -> (Vec<String>, usize) {
        let mut all: Vec<(Diagnostic, Option<String>)> = findings
            .iter()
            .map(|(f, severity)| {
                (
                    Diagnostic::new(f.rule, *severity, f.message.clone(), f.lines),
                    f.focus.clone(),
                )
            })
            .collect();
        all.sort_by(|(a, _), (b, _)| {
            a.lines
                .cmp(&b.lines)
                .then_with(|| a.rule.cmp(&b.rule))
                .then_with(|| a.message.cmp(&b.message))
        });
        all.dedup_by(|(a, _), (b, _)| {
            a.rule == b.rule && a.lines == b.lines && a.message == b.message
        });
        let errors = all
            .iter()
            .filter(|(d, _)| d.severity == Severity::Error)
            .count();
        let mut per_rule: BTreeMap<String, usize> = BTreeMap::new();
        let mut kept = Vec::new();
        for (d, _) in all {
            let count = per_rule.entry(d.rule.clone()).or_default();
            *count += 1;
            if *count <= most {
                kept.push(d);
            }
        }
        for (rule, count) in per_rule.into_iter().filter(|(_, c)| *c > most) {
            let last = kept
                .iter()
                .rev()
                .find(|d| d.rule == rule)
                .map_or(1, |d| d.lines[1]);
            let s = summary(&rule, count - most, most, last);
            let at = kept
                .iter()
                .position(|d| d.lines > s.lines)
                .unwrap_or(kept.len());
            kept.insert(at, s);
        }
        let shown = kept.iter().map(shown_diagnostic).collect();
        (shown, errors)
    }

    /// A listed diagnostic as the tests compare it: rule, severity, lines and message.
    fn shown_diagnostic(d: &Diagnostic) -> String {
        format!("{} {:?} {:?} {}", d.rule, d.severity, d.lines, d.message)
    }

    fn listed(findings: &[(Finding, Severity)], most: usize) -> (Vec<String>, usize) {
        let mut listing = Listing::new(most);
        for (finding, severity) in findings {
            listing.add(finding.clone(), *severity);
        }
        let errors = listing.errors;
        let shown = listing
            .into_listed()
            .iter()
            .map(|(d, _)| shown_diagnostic(d))
            .collect();
        (shown, errors)
    }

    #[test]
    fn lists_what_sorting_everything_listed() {
        // Findings out of line order, repeats (the first given wins, with its severity), two
        // rules, ties on lines broken by message; cut at every size from none to all.
        let mut findings = Vec::new();
        for k in 0..60usize {
            // 7 lines × 2 messages × 2 rules: every key comes back, some with another severity.
            let line = (k * 5) % 7 + 1;
            let rule = if k % 3 == 0 {
                "numbering-gap"
            } else {
                "numbering-duplicate"
            };
            let severity = if k % 4 == 0 {
                Severity::Warning
            } else {
                Severity::Error
            };
            findings.push((finding(rule, line, &format!("m{}", k % 2)), severity));
        }
        let distinct: std::collections::BTreeSet<_> = findings
            .iter()
            .map(|(f, _)| (f.rule, f.lines, f.message.clone()))
            .collect();
        assert!(distinct.len() < findings.len() / 2, "the findings repeat");
        for most in [0, 1, 2, 5, 10, 30, 100] {
            assert_eq!(
                listed(&findings, most),
                listed_by_sorting(&findings, most),
                "{most}"
            );
        }
    }

    #[test]
    fn a_repeated_finding_counts_once_with_its_first_severity() {
        let findings = vec![
            (finding("numbering-duplicate", 3, "x"), Severity::Warning),
            (finding("numbering-duplicate", 3, "x"), Severity::Error),
            (finding("numbering-duplicate", 2, "y"), Severity::Error),
        ];
        let (shown, errors) = listed(&findings, 1000);
        assert_eq!(errors, 1);
        assert_eq!(
            shown,
            [
                "numbering-duplicate Error [2, 2] y",
                "numbering-duplicate Warning [3, 3] x"
            ]
        );
    }

    /// A finding whose key was cut from the listed ones comes again: counted once, with the
    /// severity it was first given, as sorting everything would.
    #[test]
    fn a_repeat_of_a_finding_cut_from_the_list_counts_once() {
        let findings = vec![
            (finding("numbering-duplicate", 2, "b"), Severity::Warning),
            (finding("numbering-duplicate", 1, "a"), Severity::Error),
            (finding("numbering-duplicate", 2, "b"), Severity::Error),
        ];
        let (shown, errors) = listed(&findings, 1);
        assert_eq!((shown.clone(), errors), listed_by_sorting(&findings, 1));
        assert_eq!(errors, 1);
        assert_eq!(shown.len(), 2, "{shown:?}");
    }

    #[test]
    fn a_rule_past_its_most_is_summed_up_after_its_last_listed_finding() {
        let findings: Vec<_> = (1..=5)
            .rev()
            .map(|line| (finding("numbering-duplicate", line, "x"), Severity::Error))
            .collect();
        let (shown, errors) = listed(&findings, 2);
        assert_eq!(errors, 5);
        assert_eq!(
            shown,
            [
                "numbering-duplicate Error [1, 1] x",
                "numbering-duplicate Error [2, 2] x",
                "numbering-duplicate Info [2, 2] 3 more numbering-duplicate findings after line 2 \
                 are not listed (at most 2 a rule; the counts of errors and warnings include them)"
            ]
        );
    }
}

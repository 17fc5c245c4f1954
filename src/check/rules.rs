//! The rule registry: every rule `plandoc check` knows, its stable name, its default severity and
//! a one-line description (shown in SARIF and in `docs/check.md`).

use crate::model::Severity;

pub struct Rule {
    pub name: &'static str,
    pub severity: Severity,
    pub description: &'static str,
}

/// Errors are reserved for real defects a reviewer would send back; warnings for things worth a
/// look that an issued plan may legitimately contain.
pub const RULES: &[Rule] = &[
    Rule {
        name: "numbering-gap",
        severity: Severity::Error,
        description: "A numbered item skips one or more numbers or letters (\"c)\" then \"e)\"), or a list starts late, or a sub-item's number begins with another part's (\"2.2.\" under \"1.\").",
    },
    Rule {
        name: "numbering-duplicate",
        severity: Severity::Error,
        description: "The same number or letter is used twice in one list.",
    },
    Rule {
        name: "missing-section",
        severity: Severity::Error,
        description: "A standard part of a plan (objectives, tasks, solutions, funding, organization) is absent.",
    },
    Rule {
        name: "missing-appendix",
        severity: Severity::Error,
        description: "The body refers to an appendix that is not there, or an appendix is never referred to.",
    },
    Rule {
        name: "missing-lead",
        severity: Severity::Error,
        description: "A task row has no lead body (\"Cơ quan chủ trì\" is empty).",
    },
    Rule {
        name: "table-cells-shifted",
        severity: Severity::Error,
        description: "A task row of a tab- or pipe-separated table lost a cell with its separator: a timeframe stands under an earlier column (the lead, the support), and the values after the lost cell under the wrong columns.",
    },
    Rule {
        name: "invalid-timeframe",
        severity: Severity::Error,
        description: "A period that cannot be: end before start, a letter O in a year, month 13, a year of five digits or centuries away.",
    },
    Rule {
        name: "past-deadline",
        severity: Severity::Error,
        description: "A deadline before the plan's own date.",
    },
    Rule {
        name: "undated-draft",
        severity: Severity::Info,
        description: "The draft names no year of its own: past-deadline and the search for bodies abolished in 2025 could not run.",
    },
    Rule {
        name: "target-out-of-range",
        severity: Severity::Error,
        description: "A percentage over 100 or below 0.",
    },
    Rule {
        name: "target-below-baseline",
        severity: Severity::Error,
        description: "A target weaker than the same target in a baseline plan or in the national strategy's minimums.",
    },
    Rule {
        name: "unknown-agency",
        severity: Severity::Warning,
        description: "A body name not in the lexicon but close to one, or a body abolished by the 2025 reorganization.",
    },
    Rule {
        name: "encoding-damage",
        severity: Severity::Error,
        description: "Mojibake (UTF-8 read as a legacy code page, TCVN3/VNI fragments) or replacement characters.",
    },
];

pub fn find(name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|rule| rule.name == name)
}

pub fn index_of(name: &str) -> Option<usize> {
    RULES.iter().position(|rule| rule.name == name)
}

pub fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case() {
        let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        for name in &names {
            assert!(name.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RULES.len());
    }
}

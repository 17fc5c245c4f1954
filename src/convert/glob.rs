//! Shell-style file patterns for `--glob`, compiled to a regular expression so matching stays
//! linear in the path length whatever the pattern.
//!
//! `*` any run of characters but `/`, `**` any run including `/`, `?` one character but `/`,
//! `[abc]` / `[a-z]` / `[!a-z]` a class, `{txt,md}` alternatives; a backslash before one of
//! `*?[]{},\` is that character itself (`\*`, `\{`), and elsewhere (inside `[…]` too) a
//! backslash. A pattern
//! without `/` is matched against the file name alone; one with `/` against the path below the
//! input folder. `--iglob` patterns ignore letter case, as the default extensions do (a
//! scanner's `PLAN.PDF`).

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};

/// Alternatives in `{…}` nest rarely; the bound keeps a hostile pattern from growing the regex.
const MAX_PATTERN_CHARS: usize = 1_000;

#[derive(Debug, Clone)]
pub struct Glob {
    pattern: String,
    regex: Regex,
    whole_path: bool,
    ignore_case: bool,
}

impl Glob {
    /// A `--glob` pattern: letter case counts.
    pub fn new(pattern: &str) -> Result<Glob> {
        Glob::with_case(pattern, false)
    }

    /// An `--iglob` pattern: letter case is ignored.
    pub fn ignoring_case(pattern: &str) -> Result<Glob> {
        Glob::with_case(pattern, true)
    }

    fn with_case(pattern: &str, ignore_case: bool) -> Result<Glob> {
        let bad = |why: &str| Error::Usage(format!("{}: {why}", shown(pattern, ignore_case)));
        if pattern.is_empty() {
            return Err(bad("empty pattern"));
        }
        if pattern.chars().count() > MAX_PATTERN_CHARS {
            return Err(bad("pattern too long"));
        }
        // Composed, as names are before matching: a name a Mac wrote decomposed ("kế" as
        // "ke" and two marks) matches the pattern typed composed, and the other way round.
        let composed: String = pattern.nfc().collect();
        let source = translate(&composed).map_err(|why| bad(&why))?;
        // What `translate` lets through is a valid expression; only its size can fail here.
        let case = if ignore_case { "(?i)" } else { "" };
        let regex = Regex::new(&format!("{case}^(?:{source})$"))
            .map_err(|_| bad("too complex a pattern (braces nested too deeply, or too many)"))?;
        Ok(Glob {
            pattern: pattern.to_string(),
            regex,
            whole_path: pattern.contains('/'),
            ignore_case,
        })
    }

    /// The pattern as the command line gave it, for messages: `--glob '*.txt'`.
    pub fn shown(&self) -> String {
        shown(&self.pattern, self.ignore_case)
    }

    /// `relative` uses `/` between components, whatever the platform.
    pub fn matches(&self, relative: &str) -> bool {
        let relative: std::borrow::Cow<str> = if relative.is_ascii() {
            relative.into()
        } else {
            relative.nfc().collect::<String>().into()
        };
        let relative = relative.as_ref();
        if self.whole_path {
            self.regex.is_match(relative)
        } else {
            let name = relative.rsplit('/').next().unwrap_or(relative);
            self.regex.is_match(name)
        }
    }
}

fn shown(pattern: &str, ignore_case: bool) -> String {
    let flag = if ignore_case { "--iglob" } else { "--glob" };
    format!("{flag} '{}'", crate::render::visible_name(pattern))
}

/// Characters a backslash takes as themselves (outside a class: in `[…]` a backslash is a
/// member, and the first `]` closes the class).
const ESCAPABLE: &str = "*?[]{},\\";

fn translate(pattern: &str) -> std::result::Result<String, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut brace_depth = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '*' => {
                if chars.get(i + 1) == Some(&'*') {
                    let at_component_start = i == 0 || chars[i - 1] == '/';
                    if at_component_start && chars.get(i + 2) == Some(&'/') {
                        // `**/` also matches no folder at all.
                        out.push_str("(?:.*/)?");
                        i += 3;
                    } else {
                        out.push_str(".*");
                        i += 2;
                    }
                    continue;
                }
                out.push_str("[^/]*");
            }
            '?' => out.push_str("[^/]"),
            '[' => {
                // A ']' first in the class (after a '!' or '^' that negates it) is a member.
                let negated = matches!(chars.get(i + 1), Some('!' | '^'));
                let close = chars[i + 1..]
                    .iter()
                    .enumerate()
                    .skip(1 + usize::from(negated))
                    .find(|(_, c)| **c == ']')
                    .map(|(k, _)| i + 1 + k)
                    .ok_or("unclosed '['")?;
                let mut class = String::from("[");
                let mut body = &chars[i + 1..close];
                if let Some(('!' | '^', rest)) = body.split_first() {
                    class.push('^');
                    body = rest;
                }
                if body.windows(2).any(|pair| pair == ['[', ':']) {
                    return Err(
                        "classes such as [[:alpha:]] are not read; list the characters \
                                (e.g. [a-z])"
                            .to_string(),
                    );
                }
                let mut at = 0;
                while at < body.len() {
                    match body.get(at..at + 3) {
                        Some(&[from, '-', to]) => {
                            if from > to {
                                return Err(format!(
                                    "the range {from}-{to} is backwards; write {to}-{from}"
                                ));
                            }
                            at += 3;
                        }
                        _ => at += 1,
                    }
                }
                for &member in body {
                    match member {
                        '-' => class.push('-'),
                        '\\' | '[' | ']' | '^' | '&' | '~' => {
                            class.push('\\');
                            class.push(member);
                        }
                        _ => class.push(member),
                    }
                }
                class.push(']');
                out.push_str(&class);
                i = close + 1;
                continue;
            }
            '{' => {
                brace_depth += 1;
                out.push_str("(?:");
            }
            '}' if brace_depth > 0 => {
                brace_depth -= 1;
                out.push(')');
            }
            ',' if brace_depth > 0 => out.push('|'),
            // Only before a character the patterns give a meaning to: elsewhere (`a\b.txt`, a
            // pattern's last character) a backslash is itself, as it was before escapes.
            '\\' if chars
                .get(i + 1)
                .is_some_and(|next| ESCAPABLE.contains(*next)) =>
            {
                out.push_str(&regex::escape(&chars[i + 1].to_string()));
                i += 2;
                continue;
            }
            _ => out.push_str(&regex::escape(&c.to_string())),
        }
        i += 1;
    }
    if brace_depth > 0 {
        return Err("unclosed '{'".to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, path: &str) -> bool {
        Glob::new(pattern).unwrap().matches(path)
    }

    #[test]
    fn star_stays_in_one_component_and_applies_to_the_name_without_slash() {
        assert!(m("*.txt", "a/b/plan.txt"));
        assert!(!m("*.txt", "a/b/plan.md"));
        assert!(m("a/*.txt", "a/plan.txt"));
        assert!(!m("a/*.txt", "a/b/plan.txt"));
    }

    #[test]
    fn a_backslash_takes_the_next_character_as_it_is() {
        assert!(m(r"plan\*.txt", "plan*.txt"));
        assert!(!m(r"plan\*.txt", "plan1.txt"));
        assert!(m(r"\{a,b\}.txt", "{a,b}.txt"));
        assert!(!m(r"\{a,b\}.txt", "a.txt"));
        assert!(m(r"a\?.txt", "a?.txt"));
        assert!(m(r"a\\b.txt", r"a\b.txt"));
        // Before any other character, and at the end, a backslash is itself.
        assert!(m(r"a\b.txt", r"a\b.txt"));
        assert!(!m(r"a\b.txt", "ab.txt"));
        assert!(m(r"plan\", r"plan\"));
    }

    #[test]
    fn names_and_patterns_match_composed_or_decomposed() {
        let composed = "k\u{1ebf}-ho\u{1ea1}ch.txt";
        let decomposed: String = composed.nfd().collect();
        assert_ne!(composed, decomposed);
        for pattern in [
            "k\u{1ebf}-*.txt".to_string(),
            "k\u{1ebf}-*.txt".nfd().collect(),
        ] {
            assert!(m(&pattern, composed), "{pattern:?}");
            assert!(m(&pattern, &decomposed), "{pattern:?}");
            assert!(Glob::ignoring_case(&pattern)
                .unwrap()
                .matches(&decomposed.to_uppercase()));
        }
    }

    #[test]
    fn iglob_ignores_letter_case_and_glob_does_not() {
        let glob = Glob::ignoring_case("*.pdf").unwrap();
        assert!(glob.matches("scans/PLAN.PDF"));
        assert!(glob.matches("plan.Pdf"));
        assert!(!m("*.pdf", "PLAN.PDF"));
        assert_eq!(glob.shown(), "--iglob '*.pdf'");
        let error = Glob::ignoring_case("[z-a]").err().map(|e| e.to_string());
        assert!(error.is_some_and(|e| e.starts_with("--iglob '[z-a]'")));
    }

    #[test]
    fn globstar_alternatives_and_classes() {
        assert!(m("**/kh-*.txt", "kh-1.txt"));
        assert!(m("**/kh-*.txt", "x/y/kh-1.txt"));
        assert!(m("*.{txt,md}", "plan.md"));
        assert!(!m("*.{txt,md}", "plan.pdf"));
        assert!(m("plan-[0-9].txt", "plan-7.txt"));
        assert!(!m("plan-[!0-9].txt", "plan-7.txt"));
        assert!(m("plan?.txt", "plan1.txt"));
        assert!(!m("a.txt", "abtxt"));
    }

    #[test]
    fn malformed_patterns_are_usage_errors() {
        assert!(Glob::new("[abc").is_err());
        assert!(Glob::new("{a,b").is_err());
        assert!(Glob::new("").is_err());
        // Said in the glob's own terms, never as the regular expression made of it.
        for pattern in ["[!]", "[^]", "[]"] {
            let error = Glob::new(pattern)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(error.contains("unclosed '['"), "{pattern}: {error}");
        }
        assert!(m("[!]a].txt", "b.txt"));
        assert!(!m("[!]a].txt", "].txt"));
        let said = |pattern: &str| {
            Glob::new(pattern)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(said("[z-a].txt").contains("the range z-a is backwards; write a-z"));
        assert!(said("[[:alpha:]].txt").contains("classes such as [[:alpha:]] are not read"));
        let deep = format!("{}a{}", "{".repeat(300), "}".repeat(300));
        let error = said(&deep);
        assert!(error.contains("too complex a pattern"), "{error}");
        assert!(!error.contains("(?:"), "{error}");
        // Ranges that read forwards, and a '-' at either end of a class, stay members.
        assert!(m("[a-c-].txt", "-.txt"));
        assert!(m("[-a-c].txt", "b.txt"));
    }
}

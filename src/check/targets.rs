//! Numeric targets: `target-out-of-range` (a percentage over 100 or below 0) and
//! `target-below-baseline` (weaker than the same commitment in a baseline plan or than the
//! national strategy's minimums, `data/national_minimums.tsv`).
//!
//! Targets come from `Plan.targets` when the parser produced them, else from a light scan of the
//! body: each "N%" with the words after it (or before it, when nothing follows) as its subject.

use std::collections::BTreeSet;

use once_cell::sync::Lazy;
use regex::Regex;

use super::outline::{self, Kind};
use super::{has_whole_word, Baseline, Finding};
use crate::clean::Document;
use crate::domain::text::{fold, tone_key};
use crate::model::Plan;

/// One commitment: "tối thiểu 80% dữ liệu … được tái sử dụng" by 2030.
#[derive(Debug, Clone)]
pub struct Claim {
    pub value: f64,
    pub comparator: String,
    pub year: Option<i32>,
    /// Folded words of the subject (what the number is a share of).
    pub words: Vec<String>,
    /// The printed clause, shortened, for messages.
    pub quote: String,
    pub line: usize,
    /// What the percentage counts: the words right after it, as `tone_key` writes them ("dữ liệu" of "80% dữ liệu
    /// về …"), empty when the number ends its clause ("… đạt tối thiểu 70%").
    pub counted: Vec<String>,
    /// Whether the number changes something by that much ("giảm 20% thời gian") rather than
    /// sets the share to reach.
    pub is_change: bool,
    /// What the number is a percentage of when its unit says so, folded: "grdp" for "% GRDP"
    /// (a share of the province's product, not of the thing the words name); None for a plain
    /// share (no allocation: a plan may hold two million of them).
    pub base: Option<String>,
}

/// Verbs that make a percentage right after them a change ("giảm 20% thời gian", "cắt giảm ít
/// nhất 30% giấy tờ"), not a share to reach.
const CHANGE_VERBS: &[&str] = &["giảm", "tăng", "rút ngắn", "tiết kiệm"];
/// Words after a change verb that make it no change: a level again ("tăng lên 80%"), or another
/// verb ("tăng cường", to strengthen).
const NOT_A_CHANGE_AFTER: &[&str] = &["lên", "đến", "tới", "cường"];
/// Words between a percentage and what it counts ("100% các cơ quan", "80% số hồ sơ").
const COUNTED_FILLERS: &[&str] = &["các", "những", "số", "toàn bộ", "tổng số"];

/// Words right after a percentage that say how it binds, not what it counts: "70% trở lên" is
/// at least 70%.
const BOUND_AFTER_SHARE: &[(&str, &str)] = &[("trở lên", ">="), ("trở xuống", "<=")];
/// Words that open a time phrase right after a percentage ("70% vào năm 2030", "đến hết năm
/// 2025"): when a year follows them, the number ends its clause and counts nothing after it.
const TIME_AFTER_SHARE: &[&str] = &["vào", "đến", "tới", "trong", "hết", "cuối", "năm"];

// The word lists above as `tone_key` writes them, made once: a plan of two million shares
// keyed every list again for every share (a third of `check`'s time on it).

/// Each bound as one key and as its words' keys, with its comparison.
static BOUND_KEYS: Lazy<Vec<(String, Vec<String>, &'static str)>> = Lazy::new(|| {
    BOUND_AFTER_SHARE
        .iter()
        .map(|(words, comparator)| {
            let word_keys = words.split(' ').map(tone_key).collect();
            (tone_key(words), word_keys, *comparator)
        })
        .collect()
});
static TIME_KEYS: Lazy<Vec<String>> =
    Lazy::new(|| TIME_AFTER_SHARE.iter().map(|w| tone_key(w)).collect());
static CHANGE_VERB_KEYS: Lazy<Vec<Vec<String>>> = Lazy::new(|| {
    CHANGE_VERBS
        .iter()
        .map(|verb| {
            tone_key(verb)
                .split_whitespace()
                .map(str::to_string)
                .collect()
        })
        .collect()
});
static NOT_A_CHANGE_KEYS: Lazy<Vec<String>> =
    Lazy::new(|| NOT_A_CHANGE_AFTER.iter().map(|w| tone_key(w)).collect());

/// The comparison the words right after a percentage set ("trở lên": ">="), if any.
fn bound_after(after: &str) -> Option<&'static str> {
    let after = tone_key(after);
    BOUND_KEYS
        .iter()
        .find(|(phrase, _, _)| {
            after
                .trim_start()
                .strip_prefix(phrase.as_str())
                .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
        })
        .map(|(_, _, comparator)| *comparator)
}

/// What the words right after a percentage say besides what it counts: how it binds ("trở
/// lên": ">="), when it is due ("vào năm 2025"), and the text after those (`rest`).
#[derive(Debug, PartialEq)]
struct AfterShare<'a> {
    bound: Option<&'static str>,
    year: Option<i32>,
    rest: &'a str,
}

/// The words of `text` with where each starts: ("vào", 1), ("năm", 5), ("2030.", 10).
fn words_at(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |word| (word.as_ptr() as usize - text.as_ptr() as usize, word))
}

/// Reads the bound and the time phrase right after a percentage ("70% trở lên vào năm 2030").
fn read_after_share(after: &str) -> AfterShare<'_> {
    let mut rest = after;
    let bound = bound_after(rest);
    if let Some((words, _)) = BOUND_AFTER_SHARE
        .iter()
        .find(|(_, comparator)| Some(*comparator) == bound)
    {
        // Past the bound's last word, keeping what is glued to it ("lên." keeps ".").
        if let Some((at, word)) = words_at(rest).nth(words.split(' ').count() - 1) {
            let letters = word
                .char_indices()
                .find(|(_, c)| !c.is_alphanumeric())
                .map_or(word.len(), |(i, _)| i);
            rest = &rest[at + letters..];
        }
    }
    // Time words ("vào", "đến hết", "năm") then a year whose word ends there ("2030", "2030.").
    let mut year = None;
    let mut time_words = 0;
    for (at, word) in words_at(rest) {
        let key = tone_key(word);
        if TIME_KEYS.contains(&key) {
            time_words += 1;
            continue;
        }
        let digits = word
            .char_indices()
            .find(|(_, c)| !c.is_ascii_digit())
            .map_or(word.len(), |(i, _)| i);
        let is_year = digits == 4
            && (word.starts_with("19") || word.starts_with("20"))
            && !word[digits..].starts_with(char::is_alphanumeric);
        if is_year && time_words > 0 {
            year = word[..digits].parse().ok();
            rest = &rest[at + digits..];
        }
        break;
    }
    AfterShare { bound, year, rest }
}

/// What the percentage whose text ends where `after` begins counts: up to four words, compared
/// with their marks (folded, "số" (number) would be "sở" (department)). How it binds ("trở
/// lên") is not what it counts, nor is a time phrase ("vào năm 2030"): a number followed by
/// those alone ends its clause.
fn counted_words(after: &str) -> Vec<String> {
    let folded = tone_key(after);
    let clause = folded
        .split([',', ';', '.', ':', '(', ')'])
        .next()
        .unwrap_or("");
    let mut words: Vec<&str> = clause.split_whitespace().collect();
    if let Some((_, bound, _)) = BOUND_KEYS
        .iter()
        .find(|(_, bound, _)| words.len() >= bound.len() && words[..bound.len()] == bound[..])
    {
        words.drain(..bound.len());
    }
    let time_words = words
        .iter()
        .take_while(|w| TIME_KEYS.iter().any(|t| t == **w))
        .count();
    let opens_a_time_phrase = time_words > 0
        && words.get(time_words).is_some_and(|w| {
            w.len() == 4
                && w.chars().all(|c| c.is_ascii_digit())
                && (w.starts_with("19") || w.starts_with("20"))
        });
    if opens_a_time_phrase {
        return Vec::new();
    }
    while let Some(first) = words.first() {
        let two = words.get(..2).map(|w| w.join(" "));
        if two.is_some_and(|two| COUNTED_FILLERS.contains(&two.as_str())) {
            words.drain(..2);
        } else if COUNTED_FILLERS.contains(first) {
            words.remove(0);
        } else {
            break;
        }
    }
    words.into_iter().take(4).map(str::to_string).collect()
}

/// Whether the words just before a percentage make it a change ("giảm", "cắt giảm ít nhất").
/// Compared with their marks: folded, "tăng" (grow) is "tầng" of "hạ tầng" (infrastructure).
fn is_change(before: &str) -> bool {
    let words: Vec<String> = tone_key(before)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let last = &words[words.len().saturating_sub(4)..];
    CHANGE_VERB_KEYS.iter().any(|verb_words| {
        last.windows(verb_words.len())
            .enumerate()
            .any(|(at, window)| {
                window == verb_words.as_slice()
                    && !last
                        .get(at + verb_words.len())
                        .is_some_and(|next| NOT_A_CHANGE_KEYS.contains(next))
            })
    })
}

static PERCENT: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"([0-9]{1,4}(?:[.,][0-9]{1,2})?)\s*%").unwrap());
static YEAR: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i)năm\s+((?:19|20)[0-9]{2})").unwrap());

const SUBJECT_STOP: &[&str] = &[
    "cac", "cua", "va", "duoc", "cho", "voi", "tren", "trong", "theo", "nhung", "mot", "la", "co",
    "de", "dat", "toi", "thieu", "it", "nhat", "ve", "tai", "dia", "ban", "tinh",
];

fn subject_words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2 && !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| !SUBJECT_STOP.contains(w))
        .take(24)
        .map(str::to_string)
        .collect()
}

fn comparator_before(before: &str) -> &'static str {
    let tail: String = before
        .chars()
        .rev()
        .take(24)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let folded = fold(&tail);
    if folded.contains("toi thieu")
        || folded.contains("it nhat")
        || folded.contains("tren ")
        || tail.contains('≥')
        || tail.contains(">=")
    {
        ">="
    } else if folded.contains("toi da")
        || folded.contains("duoi ")
        || tail.contains('≤')
        || tail.contains("<=")
    {
        "<="
    } else {
        "="
    }
}

fn year_in(text: &str) -> Option<i32> {
    YEAR.captures_iter(text)
        .last()
        .and_then(|c| c[1].parse().ok())
}

/// A clause of the body with the line each of its bytes came from.
struct Clause {
    text: String,
    /// (byte offset in `text`, line number), ascending.
    lines: Vec<(usize, usize)>,
    heading_year: Option<i32>,
}

impl Clause {
    fn line_at(&self, offset: usize) -> usize {
        self.lines
            .iter()
            .rev()
            .find(|(start, _)| *start <= offset)
            .or(self.lines.first())
            .map_or(0, |(_, line)| *line)
    }
}

fn body_clauses(document: &Document) -> Vec<Clause> {
    let mut clauses: Vec<Clause> = Vec::new();
    let mut current = Clause {
        text: String::new(),
        lines: Vec::new(),
        heading_year: None,
    };
    let mut roman_year: Option<i32> = None;
    let mut arabic_year: Option<i32> = None;
    let mut dotted_year: Option<i32> = None;
    let flush = |current: &mut Clause, clauses: &mut Vec<Clause>, year: Option<i32>| {
        if !current.text.trim().is_empty() {
            clauses.push(std::mem::replace(
                current,
                Clause {
                    text: String::new(),
                    lines: Vec::new(),
                    heading_year: year,
                },
            ));
        } else {
            current.heading_year = year;
        }
    };
    for line in document
        .slice(&document.regions.body)
        .iter()
        .filter(|l| l.is_content())
    {
        let text = crate::clean::collapse_whitespace(&line.text);
        let starts_item = outline::marker(&text);
        if let Some((kind, _, rest)) = &starts_item {
            match kind {
                Kind::Roman => {
                    roman_year = year_in(rest);
                    arabic_year = None;
                    dotted_year = None;
                }
                Kind::Arabic => {
                    arabic_year = year_in(rest);
                    dotted_year = None;
                }
                Kind::Dotted => dotted_year = year_in(rest),
                _ => {}
            }
        }
        let year = dotted_year.or(arabic_year).or(roman_year);
        if starts_item.is_some() || text.starts_with(['-', '+', '•']) {
            flush(&mut current, &mut clauses, year);
        }
        // Split the line at clause ends, keeping each piece's line.
        let mut rest = text.as_str();
        while !rest.is_empty() {
            let cut = rest
                .char_indices()
                .find(|(i, c)| {
                    *c == ';'
                        || (*c == '.'
                            && rest[i + 1..].starts_with(' ')
                            && rest[i + 1..]
                                .trim_start()
                                .chars()
                                .next()
                                .is_some_and(char::is_uppercase))
                })
                .map(|(i, _)| i);
            let (piece, tail, ends) = match cut {
                Some(i) => (&rest[..i], &rest[i + 1..], true),
                None => (rest, "", false),
            };
            if !current.text.is_empty() {
                current.text.push(' ');
            }
            current.lines.push((current.text.len(), line.no));
            current.text.push_str(piece.trim());
            if ends {
                flush(&mut current, &mut clauses, year);
            }
            rest = tail;
        }
    }
    let year = current.heading_year;
    flush(&mut current, &mut clauses, year);
    clauses
}

/// The draft's commitments: the model's targets, else a scan of the body's clauses.
///
/// A share whose words name nothing is left out: it can match no minimum (each has keywords,
/// `MINIMUM_PHRASES`) and no baseline's claim (`dice` of no words is 0), and a plan of two
/// million bare "- 100%" read each one whole for nothing.
pub fn claims(plan: &Plan, document: &Document) -> Vec<Claim> {
    if !plan.targets.is_empty() {
        return plan
            .targets
            .iter()
            .filter(|t| t.unit.starts_with('%'))
            .filter_map(|t| {
                // The quote keeps the document's words (the subject may abbreviate or cut them):
                // the words after the number, or before it when nothing follows.
                let mut words = quote_subject(&t.quote, t.value);
                if words.len() < 3 {
                    words = subject_words(&t.subject);
                }
                if words.is_empty() {
                    return None;
                }
                let (before, after) = around_share(&t.quote, t.value);
                Some(Claim {
                    value: t.value,
                    comparator: t.comparator.clone(),
                    // A year right after the share is its own ("85% vào năm 2025 và 100% …").
                    year: read_after_share(after).year.or(t.year),
                    words,
                    quote: shorten(&t.quote),
                    line: line_of_share(document, t.lines, t.value),
                    counted: counted_words(after),
                    is_change: is_change(before),
                    base: unit_base(&t.unit).or_else(|| named_base(before, after)),
                })
            })
            .collect();
    }
    let mut out = Vec::new();
    for clause in body_clauses(document) {
        let found: Vec<_> = PERCENT.captures_iter(&clause.text).take(16).collect();
        for (k, caps) in found.iter().enumerate() {
            let (Some(whole), Some(number)) = (caps.get(0), caps.get(1)) else {
                continue;
            };
            let Ok(value) = number.as_str().replace(',', ".").parse::<f64>() else {
                continue;
            };
            let previous_end = if k == 0 {
                0
            } else {
                found[k - 1].get(0).map_or(0, |m| m.end())
            };
            let next_start = found
                .get(k + 1)
                .and_then(|c| c.get(0))
                .map_or(clause.text.len(), |m| m.start());
            let before = &clause.text[previous_end..number.start()];
            let after = read_after_share(&clause.text[whole.end()..next_start]);
            let mut words = subject_words(after.rest);
            if words.len() < 3 {
                words = subject_words(before);
            }
            if words.is_empty() {
                continue;
            }
            let comparator = match comparator_before(before) {
                "=" => after.bound.unwrap_or("="),
                other => other,
            };
            out.push(Claim {
                value,
                comparator: comparator.to_string(),
                // The year right after the share ("đạt 85% vào năm 2025 và 100% vào năm 2030"),
                // else the last one before it, else its heading's.
                year: after
                    .year
                    .or_else(|| year_in(&clause.text[..number.start()]))
                    .or(clause.heading_year),
                words,
                quote: shorten(&clause.text),
                line: clause.line_at(number.start()),
                counted: counted_words(&clause.text[whole.end()..]),
                is_change: is_change(&clause.text[..number.start()]),
                base: crate::structure::targets::percent_base(&clause.text[whole.end()..])
                    .map(|base| fold(&base))
                    .or_else(|| named_base(before, &clause.text[whole.end()..next_start])),
            });
        }
    }
    out
}

/// Subject words of a quote around its number ("tối thiểu 80% dữ liệu về …").
fn quote_subject(quote: &str, value: f64) -> Vec<String> {
    let found: Vec<_> = PERCENT.captures_iter(quote).take(16).collect();
    let position = found.iter().position(|c| {
        c.get(1)
            .and_then(|m| m.as_str().replace(',', ".").parse::<f64>().ok())
            .is_some_and(|v| (v - value).abs() < 1e-9)
    });
    let Some(k) = position else {
        return subject_words(quote);
    };
    let (Some(whole), Some(number)) = (found[k].get(0), found[k].get(1)) else {
        return subject_words(quote);
    };
    let previous_end = if k == 0 {
        0
    } else {
        found[k - 1].get(0).map_or(0, |m| m.end())
    };
    let next_start = found
        .get(k + 1)
        .and_then(|c| c.get(0))
        .map_or(quote.len(), |m| m.start());
    // How the share binds and when it is due are not what it is a share of.
    let after = subject_words(read_after_share(&quote[whole.end()..next_start]).rest);
    if after.len() >= 3 {
        after
    } else {
        subject_words(&quote[previous_end..number.start()])
    }
}

/// The text of `quote` before and after its percentage of `value` (the whole quote before it
/// when the number is not found).
fn around_share(quote: &str, value: f64) -> (&str, &str) {
    PERCENT
        .captures_iter(quote)
        .take(16)
        .find(|c| {
            c.get(1)
                .and_then(|m| m.as_str().replace(',', ".").parse::<f64>().ok())
                .is_some_and(|v| (v - value).abs() < 1e-9)
        })
        .and_then(|c| Some((c.get(1)?.start(), c.get(0)?.end())))
        .map_or((quote, ""), |(start, end)| (&quote[..start], &quote[end..]))
}

fn shorten(text: &str) -> String {
    let text = crate::clean::collapse_whitespace(text);
    if text.chars().count() > 120 {
        format!("{}…", text.chars().take(119).collect::<String>())
    } else {
        text
    }
}

/// A national minimum: a provincial plan may go further, never below.
#[derive(Debug, Clone)]
pub struct Minimum {
    pub keywords: Vec<String>,
    pub comparator: String,
    pub value: f64,
    pub year: i32,
    pub source: String,
    pub wording: String,
    /// What the minimum's percentage counts (spellings of the words right after it, as
    /// `tone_key` writes them);
    /// empty when its number ends the sentence.
    pub counted: Vec<String>,
}

pub const NATIONAL_MINIMUMS_TSV: &str = include_str!("../../data/national_minimums.tsv");

pub fn parse_minimums(text: &str) -> Vec<Minimum> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            Some(Minimum {
                keywords: cells.first()?.split('+').map(fold).collect(),
                // (each keyword may list spellings separated by "|": "thủ tục hành chính|tthc")
                comparator: cells.get(1)?.trim().to_string(),
                value: cells.get(2)?.trim().parse().ok()?,
                year: cells.get(3)?.trim().parse().ok()?,
                source: cells.get(4).unwrap_or(&"").trim().to_string(),
                wording: cells.get(5).unwrap_or(&"").trim().to_string(),
                counted: cells
                    .get(6)
                    .unwrap_or(&"")
                    .split('|')
                    .map(|spelling| tone_key(spelling.trim()))
                    .filter(|spelling| !spelling.is_empty())
                    .collect(),
            })
        })
        .collect()
}

static MINIMUMS: Lazy<Vec<Minimum>> = Lazy::new(|| parse_minimums(NATIONAL_MINIMUMS_TSV));

/// Whether `draft` promises less than `reference` (same direction of comparison).
fn weaker(
    draft_value: f64,
    draft_comparator: &str,
    reference_value: f64,
    reference_comparator: &str,
) -> bool {
    match (draft_comparator, reference_comparator) {
        ("=" | ">=", "=" | ">=") => draft_value + 1e-9 < reference_value,
        // A plain value meets a ceiling when it is under it.
        ("<=" | "=", "<=") => draft_value > reference_value + 1e-9,
        // A ceiling where the reference sets a floor ("tối đa 80%" for "tối thiểu 80%"), or a
        // floor where it sets a ceiling, no longer promises what the reference does.
        ("<=", "=" | ">=") | (">=", "<=") => true,
        _ => false,
    }
}

fn shown(comparator: &str, value: f64) -> String {
    let number = if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    };
    match comparator {
        ">=" => format!("≥ {number}%"),
        "<=" => format!("≤ {number}%"),
        _ => format!("{number}%"),
    }
}

/// The line of a target's lines that prints its share: a target read across a line break
/// starts a line above its number, and an annotation belongs on the number.
fn line_of_share(document: &Document, lines: [usize; 2], value: f64) -> usize {
    let printed = [number_text(value), number_text(value).replace(',', ".")];
    (lines[0]..=lines[1])
        .find(|no| {
            no.checked_sub(1)
                .and_then(|index| document.lines.get(index))
                .is_some_and(|line| {
                    let text = crate::clean::collapse_whitespace(&line.text);
                    SIGNED_PERCENT
                        .captures_iter(&text)
                        .any(|caps| printed.iter().any(|p| p == &caps[3]))
                })
        })
        .unwrap_or(lines[0])
}

/// A value as the plans print it ("80", "99,5").
fn number_text(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        value.to_string().replace('.', ",")
    }
}

/// Each national minimum's keywords as phrases to look for in a claim's joined words (" w1 w2 "):
/// for each keyword, its spellings, stop words removed as they are from a claim's words; a
/// spelling that keeps no word is dropped (it would match nothing). Made once: a plan of 300,000
/// targets made them again for every target.
static MINIMUM_PHRASES: Lazy<Vec<Vec<Vec<String>>>> = Lazy::new(|| {
    MINIMUMS
        .iter()
        .map(|minimum| {
            minimum
                .keywords
                .iter()
                .map(|keyword| {
                    keyword
                        .split('|')
                        .map(subject_words)
                        .filter(|words| !words.is_empty())
                        .map(|words| format!(" {} ", words.join(" ")))
                        .collect()
                })
                .collect()
        })
        .collect()
});

/// Whether the claim's percentage counts what the minimum's does: "50% cán bộ được tập huấn về
/// tái sử dụng dữ liệu" names the same keywords as the reuse minimum, but counts officials, not
/// data. A claim whose number ends its clause says what it counts before it; it is let through.
fn counts_the_same(claim: &Claim, minimum: &Minimum) -> bool {
    if minimum.counted.is_empty() || claim.counted.is_empty() {
        return true;
    }
    let counted = claim.counted.join(" ");
    minimum
        .counted
        .iter()
        .any(|spelling| counted == *spelling || counted.starts_with(&format!("{spelling} ")))
}

pub fn check(plan: &Plan, document: &Document, baselines: &[Baseline]) -> Vec<Finding> {
    check_within(plan, document, baselines, MAX_COMPARED_PAIRS)
}

fn check_within(
    plan: &Plan,
    document: &Document,
    baselines: &[Baseline],
    most_pairs: usize,
) -> Vec<Finding> {
    let mut findings = out_of_range(plan, document);
    let claims = claims(plan, document);
    let mut matcher = Matcher::new(baselines, most_pairs);
    // Shares past the budget are not compared with the baselines, only counted.
    let mut uncompared = super::Skipped::default();
    for claim in &claims {
        if let Some(finding) = below_national(claim) {
            findings.push(finding);
            continue;
        }
        let Some(best) = matcher.best(claim) else {
            uncompared.add(claim.line);
            continue;
        };
        if let Some(finding) = below_baselines(claim, baselines, &best) {
            findings.push(finding);
        }
    }
    findings.extend(uncompared.finding(
        "target-below-baseline",
        "targets were not compared with the baselines' targets",
        &format!(
            "a draft's are compared until {most_pairs} pairs of targets have been (a plan has \
             tens of targets)"
        ),
        "compare the rest of the draft's targets by hand, or split the draft",
    ));
    findings
}

/// Pairs of a draft's target and a baseline's that one `check` compares at most. A plan has tens
/// of targets and a baseline as many (100 × 100 × 5 baselines is 50,000 pairs); two plans of
/// 100,000 distinct targets each made 10^10, hours. A pair costs tens of nanoseconds
/// (`Matcher`), so the budget is well under a second.
const MAX_COMPARED_PAIRS: usize = 10_000_000;

/// How alike two claims' words must be (dice of the words as sets) for a baseline's claim to be
/// on the same thing as the draft's.
const SAME_THING_SCORE: f64 = 0.6;

/// Finds, for a draft's claim, the best-worded claim of each baseline (`below_baselines`'s
/// match) without comparing it with every claim of every baseline: only with the claims that
/// share a word with it (no other can reach `SAME_THING_SCORE`), each claim's words held as
/// sorted ids, and once for claims of the same words, base and year (a plan of thousands of
/// one repeated target made the same search thousands of times).
struct Matcher<'a> {
    baselines: Vec<IndexedBaseline<'a>>,
    ids: std::collections::HashMap<String, u32>,
    memo: std::collections::HashMap<ClaimKey, Vec<Option<usize>>>,
    pairs_left: usize,
}

/// What a claim's match depends on: its distinct words (as sorted ids), its base and its year.
type ClaimKey = (Vec<u32>, Option<String>, Option<i32>);

struct IndexedBaseline<'a> {
    claims: &'a [Claim],
    /// Each claim's distinct words, as sorted ids.
    words: Vec<Vec<u32>>,
    /// For each word id, the claims that name it, in order.
    claims_naming: std::collections::HashMap<u32, Vec<usize>>,
}

impl<'a> Matcher<'a> {
    fn new(baselines: &'a [Baseline], budget: usize) -> Self {
        let mut matcher = Matcher {
            baselines: Vec::new(),
            ids: Default::default(),
            memo: Default::default(),
            pairs_left: budget,
        };
        for baseline in baselines {
            let words: Vec<Vec<u32>> = baseline
                .claims
                .iter()
                .map(|claim| matcher.word_ids(&claim.words))
                .collect();
            let mut claims_naming: std::collections::HashMap<u32, Vec<usize>> = Default::default();
            for (index, ids) in words.iter().enumerate() {
                for id in ids {
                    claims_naming.entry(*id).or_default().push(index);
                }
            }
            matcher.baselines.push(IndexedBaseline {
                claims: &baseline.claims,
                words,
                claims_naming,
            });
        }
        matcher
    }

    /// The distinct words as sorted ids (new words get new ids). A word is looked up before it
    /// is copied: most words of a plan's targets were seen before.
    fn word_ids(&mut self, words: &[String]) -> Vec<u32> {
        let mut ids: Vec<u32> = words
            .iter()
            .map(|word| match self.ids.get(word.as_str()) {
                Some(&id) => id,
                None => {
                    let id = self.ids.len() as u32;
                    self.ids.insert(word.clone(), id);
                    id
                }
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// For each baseline, the index of its best-worded claim on the same thing as `claim`
    /// (dice of the words at least `SAME_THING_SCORE`, the first of the best scores, the same
    /// base, the same year when both name one); None once the budget of pairs is spent.
    fn best(&mut self, claim: &Claim) -> Option<Vec<Option<usize>>> {
        if self.baselines.is_empty() {
            return Some(Vec::new());
        }
        let ids = self.word_ids(&claim.words);
        let key = (ids, claim.base.clone(), claim.year);
        if let Some(found) = self.memo.get(&key) {
            return Some(found.clone());
        }
        let ids = &key.0;
        let mut found = Vec::with_capacity(self.baselines.len());
        let mut compared = 0;
        for baseline in &self.baselines {
            let mut candidates: Vec<usize> = Vec::new();
            for id in ids {
                let naming = baseline
                    .claims_naming
                    .get(id)
                    .map_or(&[][..], Vec::as_slice);
                if naming.len() > self.pairs_left.saturating_sub(candidates.len()) {
                    self.pairs_left = 0;
                    return None;
                }
                candidates.extend_from_slice(naming);
            }
            self.pairs_left -= candidates.len();
            compared += candidates.len();
            candidates.sort_unstable();
            candidates.dedup();
            let mut best: Option<(f64, usize)> = None;
            for index in candidates {
                let other = &baseline.claims[index];
                if claim.base != other.base {
                    continue;
                }
                if let (Some(a), Some(b)) = (claim.year, other.year) {
                    if a != b {
                        continue;
                    }
                }
                let score = dice_of_ids(ids, &baseline.words[index]);
                let better = best.is_none_or(|(best_score, _)| score > best_score);
                if score >= SAME_THING_SCORE && better {
                    best = Some((score, index));
                }
            }
            found.push(best.map(|(_, index)| index));
        }
        // Kept only when it took a search: a claim sharing no word with any baseline is
        // answered as fast again, and two million of them would fill the memo for nothing.
        if compared > 0 {
            self.memo.insert(key.clone(), found.clone());
        }
        Some(found)
    }
}

/// `dice` of two sets of word ids, each sorted and distinct: the same number for the same sets.
fn dice_of_ids(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

fn below_national(claim: &Claim) -> Option<Finding> {
    // A minimum is a share to reach; a change by some percentage is another measure, and so
    // is a share of the province's product ("% GRDP": the minimums are shares of what they
    // name).
    if claim.is_change || claim.base.is_some() {
        return None;
    }
    let joined = format!(" {} ", claim.words.join(" "));
    let matching: Vec<&Minimum> = MINIMUMS
        .iter()
        .zip(MINIMUM_PHRASES.iter())
        .filter(|(m, keywords)| {
            keywords
                .iter()
                .all(|spellings| spellings.iter().any(|phrase| joined.contains(phrase)))
                && counts_the_same(claim, m)
        })
        .map(|(m, _)| m)
        .collect();
    if matching.is_empty() {
        return None;
    }
    let minimum = match claim.year {
        Some(year) => matching
            .iter()
            .filter(|m| m.year <= year)
            .max_by_key(|m| m.year)
            .copied()?,
        None => matching.iter().max_by_key(|m| m.year).copied()?,
    };
    if !weaker(
        claim.value,
        &claim.comparator,
        minimum.value,
        &minimum.comparator,
    ) {
        return None;
    }
    Some(
        Finding::new(
            "target-below-baseline",
            format!(
                "target {} is below the national minimum {} for {} ({}: \"{}\")",
                shown(&claim.comparator, claim.value),
                shown(&minimum.comparator, minimum.value),
                minimum.year,
                minimum.source,
                minimum.wording
            ),
            [claim.line, claim.line],
            true,
        )
        .focus(format!("{}%", number_text(claim.value)))
        .suggest(format!(
            "commit to at least {}% (the national minimum)",
            number_text(minimum.value)
        )),
    )
}

/// The draft's target against each baseline's claim on the same thing (the best-worded match in
/// each, at most one per baseline, as `Matcher::best` found them): reported against the
/// strongest claim it falls short of, so the answer is the same whatever baselines come with it
/// and in whatever order.
fn below_baselines(
    claim: &Claim,
    baselines: &[Baseline],
    best: &[Option<usize>],
) -> Option<Finding> {
    let mut strongest: Option<(&Baseline, &Claim)> = None;
    for (baseline, best) in baselines.iter().zip(best) {
        let Some(other) = best.and_then(|index| baseline.claims.get(index)) else {
            continue;
        };
        if !weaker(
            claim.value,
            &claim.comparator,
            other.value,
            &other.comparator,
        ) {
            continue;
        }
        let stronger = strongest.is_none_or(|(_, kept)| {
            weaker(kept.value, &kept.comparator, other.value, &other.comparator)
        });
        if stronger {
            strongest = Some((baseline, other));
        }
    }
    let (baseline, other) = strongest?;
    Some(
        Finding::new(
            "target-below-baseline",
            format!(
                "target {} is weaker than {} in baseline {} line {} (\"{}\")",
                shown(&claim.comparator, claim.value),
                shown(&other.comparator, other.value),
                baseline.path,
                other.line,
                other.quote
            ),
            [claim.line, claim.line],
            true,
        )
        .focus(format!("{}%", number_text(claim.value)))
        .suggest(format!(
            "commit to at least {}%, as the baseline does",
            number_text(other.value)
        )),
    )
}

/// The base a share's own words name, folded ("tỷ trọng kinh tế số trong GRDP đạt 20%": a share
/// of the product though its unit is "%"): the words between it and its neighbouring shares.
fn named_base(before: &str, after: &str) -> Option<String> {
    use crate::structure::targets::percent_base_named;
    // Its own clause only: "đạt 20% GRDP; 80% doanh nghiệp …" names no base for the 80%.
    let before = before.rsplit(['%', ';', ',']).next().unwrap_or(before);
    let after = after.split(['%', ';', ',']).next().unwrap_or(after);
    percent_base_named(before)
        .or_else(|| percent_base_named(after))
        .map(fold)
}

/// The base of a contract unit, folded ("% GRDP" → "grdp"): None for "%" and for a unit cell
/// that names what the share counts ("% dân số", which the words say too); the bases that make
/// another measure are the contract's ("percent_base" in the target words).
fn unit_base(unit: &str) -> Option<String> {
    let rest = unit.trim_start().strip_prefix('%')?;
    if rest.trim().is_empty() {
        return None;
    }
    crate::structure::targets::percent_base(rest).map(|base| fold(&base))
}

/// The number is read in ASCII digits; a digit of any script (`\p{Nd}`) before it means it is
/// the tail of a longer number.
static SIGNED_PERCENT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(^|[^\p{Nd}.,%])(-|−)?\s?([0-9]{1,5}(?:[.,][0-9]{1,3})?)\s*%").unwrap()
});

/// Words before a share that make it a growth rate or a ratio, which may pass 100% ("tăng
/// 150%", "gấp 2 lần"), and words after one ("120% so với năm 2024", "đạt 110% kế hoạch").
/// Matched as whole words with their marks: folded, "tăng" (grow) is also "tầng" (layer, as in
/// "hạ tầng") and "gấp" is "gập".
const GROWTH_BEFORE: &[&str] = &["tăng", "gấp", "vượt", "so với"];
const GROWTH_AFTER: &[&str] = &["so với", "dự toán", "kế hoạch"];
/// Words right after a share that make it a ratio to a reference ("130% mức năm 2025", "150%
/// của năm 2025"): only right after the number, since "mức" also opens "mức độ 4", "mức sống"
/// a few words on.
const RATIO_RIGHT_AFTER: &[&str] = &["mức năm", "mức của năm", "của năm"];
/// Words right before a share that make it a ratio to a reference ("doanh thu bằng 150% năm
/// 2025"): only right before the number, since "bằng" is also "by means of" ("bằng nguồn vốn
/// …, 100% …").
const RATIO_RIGHT_BEFORE: &[&str] = &["bằng", "tương đương"];
/// An indicator's words that make it a rate of growth or of completion rather than a share (a
/// table row's whole quote is read, so "tăng" alone, as in "tăng cường", is not enough).
const GROWTH_INDICATOR: &[&str] = &[
    "tăng trưởng",
    "tốc độ tăng",
    "tăng so với",
    "so với năm trước",
    "so với cùng kỳ",
    "so với kỳ trước",
    "hoàn thành kế hoạch",
    "vượt kế hoạch",
    "hoàn thành dự toán",
    "vượt dự toán",
    "so với dự toán",
    "so với kế hoạch",
    "gấp",
];
/// A growth or completion rate above this is a typo, not a rate.
const MOST_GROWTH_PERCENT: f64 = 1000.0;

fn last_chars(text: &str, count: usize) -> &str {
    let start = text
        .char_indices()
        .rev()
        .nth(count.saturating_sub(1))
        .map_or(0, |(at, _)| at);
    &text[start..]
}

/// The number of a `SIGNED_PERCENT` match, without its sign.
fn percent_value(caps: &regex::Captures) -> Option<f64> {
    caps[3].replace(',', ".").parse().ok()
}

/// Whether the words around a `SIGNED_PERCENT` match of `text` make it a rate of growth or a
/// ratio to a reference, which may pass 100% ("tăng 150%", "bằng 150% năm 2025", "120% so với
/// năm 2024").
fn reads_as_a_rate(text: &str, caps: &regex::Captures) -> bool {
    let before = &text[..caps.get(3).map_or(0, |m| m.start())];
    let after_start = caps.get(0).map_or(text.len(), |m| m.end());
    let after: String = text[after_start..].chars().take(30).collect();
    has_whole_word(last_chars(before, 30), GROWTH_BEFORE)
        || has_whole_word(&after, GROWTH_AFTER)
        || super::timeframes::ends_with_words(before, RATIO_RIGHT_BEFORE)
        || starts_with_a_ratio_word(&after)
}

/// Whether `after` opens with one of `RATIO_RIGHT_AFTER` as whole words.
fn starts_with_a_ratio_word(after: &str) -> bool {
    let after = crate::domain::text::tone_key(after.trim_start());
    RATIO_RIGHT_AFTER.iter().any(|word| {
        after
            .strip_prefix(crate::domain::text::tone_key(word).as_str())
            .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
    })
}

fn out_of_range(plan: &Plan, document: &Document) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut lines_seen: BTreeSet<usize> = BTreeSet::new();
    let start = document.regions.header.end.min(document.lines.len());
    for line in document.lines[start..].iter().filter(|l| l.is_content()) {
        let text = crate::clean::collapse_whitespace(&line.text);
        for caps in SIGNED_PERCENT.captures_iter(&text).take(16) {
            let Some(value) = percent_value(&caps) else {
                continue;
            };
            // A minus glued to the number and not opening the line ("- 100% …" is a bullet,
            // "20 - 30%" a range).
            let negative = match (caps.get(2), caps.get(3)) {
                (Some(sign), Some(number)) => {
                    let before = text[..sign.start()].trim_end();
                    sign.end() == number.start()
                        && !before.is_empty()
                        && !before.ends_with(|c: char| c.is_ascii_digit())
                }
                _ => false,
            };
            // Asked only of a share over 100%: most lines hold none.
            let growth = || reads_as_a_rate(&text, &caps);
            if (value > 100.0 && !growth()) || (negative && value > 0.0) {
                let printed = format!("{}{}%", if negative { "-" } else { "" }, &caps[3]);
                lines_seen.insert(line.no);
                findings.push(
                    Finding::new(
                        "target-out-of-range",
                        format!("share \"{printed}\" is outside 0–100%"),
                        [line.no, line.no],
                        true,
                    )
                    .focus(format!("{}%", &caps[3]))
                    .suggest("a share of something is between 0% and 100%; check the number"),
                );
            }
        }
    }
    for target in &plan.targets {
        // An indicator of growth or of a plan's completion ("Tăng trưởng doanh thu … so với năm
        // trước | % | 120", "Tỷ lệ hoàn thành kế hoạch thu ngân sách | % | 120") is no share: over
        // 100% is a value it may take, up to a bound no such rate reaches.
        // Asked only of a share over 100%: a plan of two million shares holds none.
        let growth = || {
            target.value <= MOST_GROWTH_PERCENT
                && (has_whole_word(&target.quote, GROWTH_INDICATOR)
                    || SIGNED_PERCENT
                        .captures_iter(&target.quote)
                        .take(16)
                        .any(|caps| {
                            percent_value(&caps) == Some(target.value)
                                && reads_as_a_rate(&target.quote, &caps)
                        }))
        };
        if target.unit.starts_with('%')
            && !lines_seen.contains(&target.lines[0])
            && ((target.value > 100.0 && !growth()) || target.value < 0.0)
        {
            findings.push(
                Finding::new(
                    "target-out-of-range",
                    format!(
                        "target {} is outside 0–100%",
                        shown(&target.comparator, target.value)
                    ),
                    [target.lines[0], target.lines[1].max(target.lines[0])],
                    true,
                )
                .suggest("a share of something is between 0% and 100%; check the number"),
            );
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `claims` leaves out a share whose words name nothing: such a claim must find nothing,
    /// against the national minimums (none may be without keywords) or a baseline's claims
    /// (with words or without).
    #[test]
    fn a_claim_naming_nothing_finds_nothing() {
        assert!(MINIMUM_PHRASES.iter().all(|keywords| !keywords.is_empty()));
        let claim = |value: f64, comparator: &str, year: Option<i32>, words: &[&str]| Claim {
            value,
            comparator: comparator.to_string(),
            year,
            words: words.iter().map(|w| w.to_string()).collect(),
            quote: String::new(),
            line: 1,
            counted: Vec::new(),
            is_change: false,
            base: None,
        };
        let strong = |words: &[&str]| claim(100.0, ">=", Some(2030), words);
        let baseline = Baseline {
            path: "issued.txt".to_string(),
            claims: vec![strong(&["dich", "vu", "cong"]), strong(&[])],
        };
        let baselines = std::slice::from_ref(&baseline);
        let mut matcher = Matcher::new(baselines, MAX_COMPARED_PAIRS);
        let mut below = |claim: &Claim| {
            let best = matcher.best(claim).expect("within the budget");
            below_baselines(claim, baselines, &best)
        };
        for value in [0.0, 1.0, 50.0, 99.0] {
            for comparator in ["=", ">=", "<="] {
                for year in [None, Some(2025), Some(2030)] {
                    let bare = claim(value, comparator, year, &[]);
                    assert!(below_national(&bare).is_none());
                    assert!(below(&bare).is_none());
                }
            }
        }
        // The same share with words is weaker than the baseline's: the test can fail.
        let worded = claim(50.0, ">=", Some(2030), &["dich", "vu", "cong"]);
        assert!(below(&worded).is_some());
    }

    /// The best-worded claim of each baseline, as a scan of all its claims finds it: dice of
    /// the words as sets, at least `SAME_THING_SCORE`, the first of the best scores, the same
    /// base, the same year when both name one.
    fn best_by_scan(claim: &Claim, baseline: &Baseline) -> Option<usize> {
        let set = |words: &[String]| words.iter().cloned().collect::<BTreeSet<String>>();
        let dice = |a: &BTreeSet<String>, b: &BTreeSet<String>| {
            if a.is_empty() || b.is_empty() {
                return 0.0;
            }
            2.0 * a.intersection(b).count() as f64 / (a.len() + b.len()) as f64
        };
        let words = set(&claim.words);
        let mut best: Option<(f64, usize)> = None;
        for (index, other) in baseline.claims.iter().enumerate() {
            if claim.base != other.base || claim.year.zip(other.year).is_some_and(|(a, b)| a != b) {
                continue;
            }
            let score = dice(&words, &set(&other.words));
            if score >= SAME_THING_SCORE && best.is_none_or(|(kept, _)| score > kept) {
                best = Some((score, index));
            }
        }
        best.map(|(_, index)| index)
    }

    fn seed_baselines() -> Vec<(Plan, Document, Baseline)> {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut paths: Vec<_> = std::fs::read_dir(folder)
            .expect("seeds")
            .map(|entry| entry.expect("seed").path())
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|path| {
                let text = std::fs::read_to_string(path).expect("a seed is UTF-8");
                let plan = crate::parse_text(&path.display().to_string(), &text);
                let document = crate::clean::clean(&text);
                let baseline = Baseline::new(&plan, &document);
                (plan, document, baseline)
            })
            .collect()
    }

    /// The index finds what a scan of every baseline claim finds, for every seed's claims
    /// against every seed (itself too), and for each claim with its words cut or changed.
    #[test]
    fn matcher_finds_what_a_scan_finds() {
        let seeds = seed_baselines();
        let baselines: Vec<Baseline> = seeds.iter().map(|(_, _, b)| b.clone()).collect();
        let mut matcher = Matcher::new(&baselines, MAX_COMPARED_PAIRS);
        let (mut compared, mut matched) = (0, 0);
        for (_, _, draft) in &seeds {
            for claim in &draft.claims {
                let mut variants = vec![claim.clone()];
                let mut cut = claim.clone();
                cut.words.truncate(cut.words.len() / 2 + 1);
                variants.push(cut);
                let mut changed = claim.clone();
                changed.words.push("tu moi".to_string());
                changed.words.rotate_left(1);
                changed.year = None;
                variants.push(changed);
                let mut of_product = claim.clone();
                of_product.base = Some("grdp".to_string());
                variants.push(of_product);
                for variant in variants {
                    let found = matcher.best(&variant).expect("within the budget");
                    let scanned: Vec<Option<usize>> = baselines
                        .iter()
                        .map(|b| best_by_scan(&variant, b))
                        .collect();
                    assert_eq!(found, scanned, "{:?}", variant.words);
                    compared += 1;
                    matched += found.iter().flatten().count();
                }
            }
        }
        // The seeds name hundreds of shares, and most match themselves at least.
        assert!(compared > 300, "{compared}");
        assert!(matched > compared, "{matched} of {compared}");
    }

    /// Of two claims that score the same, the first is the match, whatever ids their words
    /// got ("z" is known from an earlier baseline, so the second claim's words are searched
    /// first); a claim of another base is none.
    #[test]
    fn matcher_keeps_the_first_of_equal_scores_and_the_base() {
        let claim = |words: &[&str], base: Option<&str>| Claim {
            value: 100.0,
            comparator: ">=".to_string(),
            year: None,
            words: words.iter().map(|w| w.to_string()).collect(),
            quote: String::new(),
            line: 1,
            counted: Vec::new(),
            is_change: false,
            base: base.map(str::to_string),
        };
        let baselines = [
            Baseline {
                path: "earlier.txt".to_string(),
                claims: vec![claim(&["z"], None)],
            },
            Baseline {
                path: "issued.txt".to_string(),
                claims: vec![
                    claim(&["a", "b", "c"], None),
                    claim(&["z", "a", "b"], None),
                    claim(&["a", "b", "c", "z"], Some("grdp")),
                ],
            },
        ];
        let mut matcher = Matcher::new(&baselines, MAX_COMPARED_PAIRS);
        let draft = claim(&["a", "b", "z", "c"], None);
        assert_eq!(matcher.best(&draft), Some(vec![None, Some(0)]));
        let of_product = claim(&["a", "b", "z", "c"], Some("grdp"));
        assert_eq!(matcher.best(&of_product), Some(vec![None, Some(2)]));
        for draft in [draft, of_product] {
            let scanned: Vec<Option<usize>> =
                baselines.iter().map(|b| best_by_scan(&draft, b)).collect();
            assert_eq!(matcher.best(&draft), Some(scanned));
        }
    }

    /// Past the budget, the claims left are counted, not compared: a draft of thousands of
    /// distinct targets against a baseline of as many answers at once.
    #[test]
    fn targets_past_the_budget_are_counted_not_compared() {
        let plan_of = |value: u32, count: usize| {
            let lines: String = (0..count)
                .map(|i| {
                    format!("- Đến năm 2026, {value}% cơ quan nhà nước cấp tỉnh sử dụng dịch vụ số hiệu x{i}.\n")
                })
                .collect();
            let text = format!("KẾ HOẠCH\nTriển khai\n\nI. MỤC TIÊU\n1. Mục tiêu cụ thể\n{lines}");
            let plan = crate::parse_text("plan.txt", &text);
            let document = crate::clean::clean(&text);
            (plan, document)
        };
        let (issued, issued_document) = plan_of(100, 300);
        let baselines = [Baseline::new(&issued, &issued_document)];
        let (draft, document) = plan_of(50, 300);
        let within = check(&draft, &document, &baselines);
        let below = |findings: &[Finding]| {
            findings
                .iter()
                .filter(|f| f.rule == "target-below-baseline" && f.certain)
                .count()
        };
        assert_eq!(below(&within), 300);
        // Each draft target shares words with all 300 of the baseline's, so a budget of 40,000
        // pairs compares a few of them; the rest are counted in one uncertain finding at the
        // first left.
        let claims = claims(&draft, &document);
        let mut matcher = Matcher::new(&baselines, 40_000);
        let answered = claims
            .iter()
            .take_while(|c| matcher.best(c).is_some())
            .count();
        assert!((1..300).contains(&answered), "{answered}");
        let some = check_within(&draft, &document, &baselines, 40_000);
        assert_eq!(below(&some), answered);
        let left: Vec<&Finding> = some.iter().filter(|f| !f.certain).collect();
        assert_eq!(left.len(), 1, "{left:?}");
        assert_eq!(
            left[0].message,
            format!(
                "{} more targets were not compared with the baselines' targets: a draft's are \
                 compared until 40000 pairs of targets have been (a plan has tens of targets)",
                300 - answered
            )
        );
        assert_eq!(
            left[0].suggestion.as_deref(),
            Some("compare the rest of the draft's targets by hand, or split the draft")
        );
        assert_eq!(left[0].lines, [claims[answered].line; 2]);
    }

    #[test]
    fn weaker_compares_directions() {
        // Floors: less is weaker.
        assert!(weaker(60.0, ">=", 80.0, ">="));
        assert!(!weaker(90.0, "=", 80.0, ">="));
        // Ceilings: more is weaker; a plain value under a ceiling meets it.
        assert!(weaker(8.0, "<=", 5.0, "<="));
        assert!(!weaker(3.0, "=", 5.0, "<="));
        assert!(weaker(7.0, "=", 5.0, "<="));
        // A ceiling for a floor, or a floor for a ceiling, promises something else.
        assert!(weaker(80.0, "<=", 80.0, ">="));
        assert!(weaker(5.0, ">=", 5.0, "<="));
    }

    #[test]
    fn growth_words_are_whole_words_with_their_marks() {
        assert!(has_whole_word("tăng", GROWTH_BEFORE));
        assert!(has_whole_word("Doanh thu TĂNG", GROWTH_BEFORE));
        assert!(!has_whole_word("Hạ tầng số đáp ứng", GROWTH_BEFORE));
        assert!(!has_whole_word("nền tảng", GROWTH_BEFORE));
        assert!(!has_whole_word("gấp rút", &["gấp đôi"]));
    }
    /// The findings of `rule` for the clean Markdown draft with `sentence` added to its targets.
    fn findings_with(rule: &str, sentence: &str) -> Vec<String> {
        let clean = include_str!("../../fixtures/drafts/clean/markdown-2024.md");
        let anchor = "c) 100% các cơ quan nhà nước cung cấp dữ liệu mở đảm bảo chất lượng.";
        assert!(clean.contains(anchor));
        let draft = clean.replace(anchor, &format!("{anchor}\n\nd) {sentence}"));
        crate::check::check_text("draft.md", &draft, &Default::default())
            .diagnostics
            .into_iter()
            .filter(|d| d.rule == rule)
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn a_ratio_to_a_reference_may_pass_100_percent() {
        for sentence in [
            "Đến năm 2030, doanh thu du lịch bằng 150% năm 2025.",
            "Tổng lượt khách tương đương 180% của năm 2025.",
            "Thu ngân sách đạt 130% mức năm 2025.",
        ] {
            let found = findings_with("target-out-of-range", sentence);
            assert_eq!(found, Vec::<String>::new(), "{sentence}");
        }
        // A share is still a share after "bằng" as "by means of", or with no reference, or
        // with "mức" further on (a review of stop 52: "mức độ 4", "mức sống").
        for sentence in [
            "Tỷ lệ hộ dân dùng điện đạt 120%.",
            "Phấn đấu 120% hộ gia đình có mức sống ổn định.",
            "Đạt 110% thủ tục hành chính mức độ 4.",
            "Tỷ lệ hồ sơ số hóa đạt 130%, mức cao nhất khu vực.",
            "Hỗ trợ bằng nguồn vốn ngân sách, 120% các xã được phủ sóng.",
        ] {
            let found = findings_with("target-out-of-range", sentence);
            assert_eq!(found.len(), 1, "{sentence}");
        }
    }

    /// The national-minimum findings of the clean Markdown draft with `sentence` added to its
    /// targets.
    fn national_findings(sentence: &str) -> Vec<String> {
        findings_with("target-below-baseline", sentence)
    }

    #[test]
    fn a_national_minimum_binds_only_what_it_counts() {
        // Below the minimum, counting what it counts.
        for sentence in [
            "Tối thiểu 60% dữ liệu về kết quả thực hiện thủ tục hành chính được tái sử dụng.",
            "Đến năm 2030, 90% các hồ sơ thủ tục hành chính được số hóa.",
            "Tăng lên 60% dữ liệu về kết quả thực hiện thủ tục hành chính được tái sử dụng.",
            "Tỷ lệ hồ sơ thủ tục hành chính được số hóa đạt 70% trở lên.",
            "Tỷ lệ hồ sơ thủ tục hành chính được số hóa đạt 70% vào năm 2030.",
        ] {
            assert_eq!(national_findings(sentence).len(), 1, "{sentence}");
        }
        // Other measures naming the same words: a change, or a share of something else.
        for sentence in [
            "Giảm 20% thời gian giải quyết thủ tục hành chính nhờ tái sử dụng dữ liệu.",
            "Cắt giảm ít nhất 30% giấy tờ khi thực hiện thủ tục hành chính nhờ tái sử dụng dữ liệu đã số hóa.",
            "50% cán bộ được tập huấn về tái sử dụng dữ liệu trong giải quyết thủ tục hành chính.",
        ] {
            assert_eq!(national_findings(sentence), Vec::<String>::new(), "{sentence}");
        }
    }

    #[test]
    fn a_change_is_read_with_the_marks() {
        assert!(is_change("Giảm "));
        assert!(is_change("cắt giảm ít nhất "));
        assert!(!is_change("tăng lên "));
        assert!(!is_change("Tăng cường số hóa "));
        // "tầng" (layer) folds to "tăng" (grow).
        assert!(!is_change("Hạ tầng số đáp ứng "));
        assert_eq!(counted_words(" các cơ quan, đơn vị"), ["cơ", "quan"]);
        assert_eq!(counted_words(" sở, ngành"), ["sở"]);
        assert_eq!(
            counted_words(" số hồ sơ được số hóa"),
            ["hồ", "sơ", "được", "số"]
        );
        assert!(counted_words(".").is_empty());
        // How the share binds and when it is due are not what it counts.
        assert!(counted_words(" trở lên.").is_empty());
        assert!(counted_words(" vào năm 2030.").is_empty());
        assert!(counted_words(" trở lên vào năm 2030").is_empty());
        assert!(counted_words(" đến hết năm 2025").is_empty());
        assert_eq!(counted_words(" trở lên hồ sơ"), ["hồ", "sơ"]);
        assert_eq!(counted_words(" năm học sinh"), ["năm", "học", "sinh"]);
        assert_eq!(bound_after(" trở lên."), Some(">="));
        assert_eq!(bound_after(" trở xuống"), Some("<="));
        assert_eq!(bound_after(" trở lênh"), None);
    }

    #[test]
    fn the_words_after_a_share_give_its_bound_and_year() {
        let read = |after| read_after_share(after);
        assert_eq!(
            read(" trở lên vào năm 2030."),
            AfterShare {
                bound: Some(">="),
                year: Some(2030),
                rest: "."
            }
        );
        assert_eq!(
            read(" vào năm 2025 và "),
            AfterShare {
                bound: None,
                year: Some(2025),
                rest: " và "
            }
        );
        assert_eq!(
            read(" trở lên."),
            AfterShare {
                bound: Some(">="),
                year: None,
                rest: "."
            }
        );
        assert_eq!(read(" đến hết năm 2025").year, Some(2025));
        // What the share counts is no time phrase.
        assert_eq!(
            read(" hồ sơ năm 2030"),
            AfterShare {
                bound: None,
                year: None,
                rest: " hồ sơ năm 2030"
            }
        );
        assert_eq!(read(" năm học sinh").year, None);
        assert_eq!(read(" vào năm 20301").year, None);
        assert_eq!(read("").rest, "");
    }

    #[test]
    fn a_share_binds_for_the_year_after_it() {
        // 85% and 80% are due in 2025 (minimum 80%), before the 2030 minimum (100%) binds.
        for sentence in [
            "Tỷ lệ hồ sơ thủ tục hành chính được số hóa đạt 85% vào năm 2025 và 100% vào năm 2030.",
            "Tỷ lệ hồ sơ thủ tục hành chính được số hóa đạt 80% trở lên vào năm 2025.",
        ] {
            assert_eq!(
                national_findings(sentence),
                Vec::<String>::new(),
                "{sentence}"
            );
        }
        // The year after the share binds it, after "trở lên" too.
        for (sentence, year) in [
            (
                "Tỷ lệ hồ sơ thủ tục hành chính được số hóa đạt 70% trở lên vào năm 2030.",
                "for 2030",
            ),
            (
                "Tỷ lệ hồ sơ thủ tục hành chính được số hóa đạt 75% vào năm 2025.",
                "for 2025",
            ),
        ] {
            let findings = national_findings(sentence);
            assert_eq!(findings.len(), 1, "{sentence}");
            assert!(findings[0].contains(year), "{findings:?}");
        }
    }
}

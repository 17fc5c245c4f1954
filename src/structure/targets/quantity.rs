//! Quantities in running text: a number with what makes it a commitment — a percent sign, a
//! comparator ("tối thiểu", "≥"), a rank word ("Thứ bậc"), a measure unit ("Gb/s") or a counted
//! noun after a comparator or a commitment verb ("tối thiểu 01 mô hình").
//!
//! Everything else that is a number — document numbers, dates, years, list numbers "(1)", codes
//! glued to letters ("5G", "Tum2"), names of models ("mô hình bảo vệ 4 lớp") — is left alone.

use once_cell::sync::Lazy;
use regex::Regex;

use super::lexicon::{
    ends_with_phrase, head_words, starts_with_phrase, tail_slice, tail_words, CONTEXT_BYTES,
    LEXICON,
};
use crate::domain::text::tone_key;

static NUMBER: Lazy<Regex> = Lazy::new(|| Regex::new(r"[0-9]+(?:[.,][0-9]+)*").unwrap());
/// "Nhóm 1" to "Nhóm 4" alone in a value cell name a category; from 5 on, a band of ranks.
const MOST_CATEGORY_NUMBER: f64 = 5.0;
/// "/34" after a rank ("xếp thứ 15/34 tỉnh, thành phố"): how many are ranked.
static RANKED_OUT_OF: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\s*/\s*[0-9]{1,3}\b").unwrap());
/// "70-80%", "70 – 80 %": a range, not one value.
static RANGE_TAIL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\s*[-–—]\s*[0-9]+(?:[.,][0-9]+)?\s*(?:%|(?i:phần trăm)\b)").unwrap()
});
/// "2 - 3" in a value cell: a range of plain numbers.
static NUMBER_RANGE_TAIL: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s*[-–—]\s*[0-9]+(?:[.,][0-9]+)?").unwrap());
/// "từ 70% đến 80%", "70% - 80%": the second bound after the first percent.
static RANGE_WORDS_TAIL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\s*(?:đến|tới|[-–—])\s*[0-9]+(?:[.,][0-9]+)?\s*(?:%|(?i:phần trăm)\b)").unwrap()
});
/// "%", or the words "phần trăm" (per cent) written out.
static PERCENT_TAIL: Lazy<Regex> = Lazy::new(|| Regex::new(r"^ ?(?:%|(?i:phần trăm)\b)").unwrap());
static PER_YEAR: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\s*/\s*năm\b").unwrap());
/// Comparator symbols stand right before the number, with or without a space.
/// The comparison signs a number may follow (none is the end of another).
const SYMBOLS: [&str; 6] = ["≥", ">=", ">", "≤", "<=", "<"];

/// The comparison sign `before` ends with, white space after it left out ("≥ ", ">="), as the
/// pattern `(≥|>=|>|≤|<=|<)\s*$` finds it, without a search and its captures.
fn symbol_before(before: &str) -> Option<&'static str> {
    let trimmed = before.trim_end();
    SYMBOLS.into_iter().find(|symbol| trimmed.ends_with(symbol))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Percent,
    Count,
    Rank,
    Measure,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Quantity {
    /// Byte offset where the quantity's words start (its comparator or rank word if any).
    pub start: usize,
    pub number_start: usize,
    /// Byte offset after the number, its unit and any "trở lên".
    pub end: usize,
    pub value: f64,
    pub unit: String,
    pub unit_printed: Option<String>,
    pub comparator: &'static str,
    pub kind: Kind,
    /// Set when the number was seen as a target but cannot be read as one ("120%", "70-80%").
    pub problem: Option<String>,
    /// The number as printed when a number word after it multiplied `value` (1.2 of "1,2 triệu
    /// người"): a table's unit column may already carry the word ("500 triệu" under "triệu
    /// USD" is 500).
    pub unscaled: Option<f64>,
}

/// What a bare number (no unit, no comparator) means: nothing in running text; a value in a
/// table's result cell, where the unit stands in its own column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Prose,
    Cell,
}

pub(crate) fn find(text: &str, mode: Mode) -> Vec<Quantity> {
    find_at_most(text, mode, usize::MAX)
}

/// As [`find`], stopping one quantity past `most` (a text of a million numbers run together
/// holds more than a document may: `structure::MAX_TARGETS`).
pub(crate) fn find_at_most(text: &str, mode: Mode, most: usize) -> Vec<Quantity> {
    let lexicon = &*LEXICON;
    let mut found = Vec::new();
    // The second bound of a range already reported.
    let mut skip_until = 0usize;
    for number in NUMBER.find_iter(text) {
        if found.len() > most {
            break;
        }
        let (number_start, number_end) = (number.start(), number.end());
        if number_start < skip_until {
            continue;
        }
        let before = tail_slice(&text[..number_start], CONTEXT_BYTES);
        let after = &text[number_end..];
        let previous = before.chars().last();
        // Glued to a word or part of a code, date or range: "Tum2", "142/QĐ", "2025-2030".
        if previous.is_some_and(|c| c.is_alphanumeric() || matches!(c, '/' | '-' | '–' | '.' | ','))
        {
            continue;
        }
        let next = after.chars().next();
        let before_key = tone_key(&tail_words(before, 5));
        let rank = rank_before(&before_key);
        // "xếp thứ 15/34": a rank out of how many are ranked, not a code or a date.
        let out_of = rank
            .filter(|(_, band)| !band)
            .and_then(|_| RANKED_OUT_OF.find(after));
        // "2/3 số xã": a share written as a fraction of a number of things, where the words
        // before commit to it ("tối thiểu", "đạt", "có"): bare, "1/7 số xã" after "Sau", "Từ",
        // "Chỉ thị" or a page stamp "2/3" is a date, a document or a page far more often.
        let committed_to = || {
            mode == Mode::Cell
                || comparator_before(before, &before_key).is_some()
                || ends_with_phrase(&before_key, &lexicon.count_verb).is_some()
                || ends_with_phrase(&before_key, &lexicon.filler)
                    .is_some_and(|filler| !lexicon.not_share_after.iter().any(|w| w == filler))
        };
        if let Some(fraction) =
            share_fraction(number.as_str(), after, &before_key).filter(|_| committed_to())
        {
            let end = number_end + fraction.end;
            found.push(Quantity {
                start: number_start,
                number_start,
                end,
                value: fraction.percent,
                unit: "%".to_string(),
                unit_printed: None,
                comparator: "=",
                kind: Kind::Percent,
                problem: None,
                unscaled: None,
            });
            let quantity = found.last_mut().expect("just pushed");
            let comparator = comparator_before(before, &before_key);
            let words_end = number_start - (before.len() - before.trim_end().len());
            if let Some((_, phrase_chars)) = comparator_phrase_span(before, &before_key) {
                quantity.start = back_chars(text, words_end, phrase_chars);
            }
            quantity.comparator = comparator.unwrap_or("=");
            skip_until = end;
            continue;
        }
        if next.is_some_and(|c| matches!(c, '/' | '-' | '–'))
            && !RANGE_TAIL.is_match(after)
            && after.chars().nth(1).is_some_and(|c| !c.is_whitespace())
            && out_of.is_none()
        {
            continue;
        }
        // "(1) Nền tảng …": a list number.
        if previous == Some('(') && next == Some(')') {
            continue;
        }
        let Some(value) = parse_number(number.as_str()) else {
            continue;
        };
        let mut comparator = comparator_before(before, &before_key);
        let rank_word = rank.map(|(word, _)| word);

        let mut quantity = Quantity {
            start: number_start,
            number_start,
            end: number_end,
            value,
            unit: String::new(),
            unit_printed: None,
            comparator: "=",
            kind: Kind::Count,
            problem: None,
            unscaled: None,
        };

        // A year before a dash ("Đến năm 2030 – 100% …") opens no range of values.
        let is_year = number.as_str().len() == 4 && (1900.0..=2100.0).contains(&value);
        // A range is one unreadable quantity; its second bound ("95%" of "90 - 95%") is no
        // target of its own. In a value cell a range of plain numbers too ("2 - 3").
        let range = match RANGE_TAIL.find(after) {
            Some(range) if !is_year => Some((range, true)),
            _ if mode == Mode::Cell && !is_year => {
                NUMBER_RANGE_TAIL.find(after).map(|range| (range, false))
            }
            _ => None,
        };
        if let Some((range, of_percentages)) = range {
            let what = if of_percentages {
                quantity.kind = Kind::Percent;
                quantity.unit = "%".to_string();
                "a range of percentages"
            } else {
                "a range"
            };
            quantity.end = number_end + range.end();
            quantity.problem = Some(format!(
                "{what} (\"{}\") is not one target value",
                &text[number_start..quantity.end]
            ));
            skip_until = quantity.end;
            found.push(quantity);
            continue;
        }
        if let Some(percent) = PERCENT_TAIL.find(after) {
            quantity.kind = Kind::Percent;
            quantity.end = number_end + percent.end();
            quantity.unit = "%".to_string();
            let rest = &text[quantity.end..];
            if let Some(per_year) = PER_YEAR.find(rest) {
                quantity.unit = "%/năm".to_string();
                quantity.end += per_year.end();
            } else if let Some(base) = percent_base_after(rest) {
                quantity.unit = format!("% {}", base.1);
                quantity.end += base.0;
            }
            if let Some(second) = RANGE_WORDS_TAIL.find(&text[quantity.end..]) {
                let range_end = quantity.end + second.end();
                quantity.problem = Some(format!(
                    "a range of percentages (\"{}\") is not one target value",
                    &text[number_start..range_end]
                ));
                quantity.end = range_end;
                skip_until = range_end;
                found.push(quantity);
                continue;
            }
            if value > 100.0 && quantity.unit == "%" {
                quantity.problem = Some(format!(
                    "{} is over 100%: not read as a share to reach",
                    &text[number_start..quantity.end]
                ));
            }
        } else if let Some((length, unit)) = measure_after(after) {
            quantity.kind = Kind::Measure;
            quantity.unit = unit;
            quantity.end = number_end + length;
        } else if let Some((length, unit)) = comparator
            .and_then(|_| duration_after(after))
            .filter(|(length, _)| !is_deadline_to_act_by(before, &after[*length..]))
        {
            quantity.kind = Kind::Measure;
            quantity.unit = unit;
            quantity.end = number_end + length;
        } else if next.is_some_and(char::is_alphabetic) {
            // "5G", "3D", "4.0": a name, not a quantity.
            continue;
        } else {
            if ends_with_phrase(&before_key, &lexicon.not_before).is_some() && rank_word.is_none() {
                continue;
            }
            // "Nhóm 2:" numbers a group; a band to stay within is followed by what is ranked.
            // In a value cell the band may end the cell ("Top 10" under "Thứ bậc").
            let band = rank.is_some_and(|(_, band)| band);
            // ("Nhóm 1", "Nhóm 2" alone name a category, not a rank to stay within.)
            let closes_cell = mode == Mode::Cell
                && after.trim().is_empty()
                && (value >= MOST_CATEGORY_NUMBER || rank_word != Some("nhóm"));
            if band
                && !closes_cell
                && !(after.starts_with(' ') && after[1..].starts_with(char::is_alphabetic))
            {
                continue;
            }
            // "1,2 triệu người": the number word is part of the value, the noun follows it (not
            // past what a number can hold: a value is always finite).
            let scale = rank_word
                .is_none()
                .then(|| scale_after(after))
                .flatten()
                .filter(|(_, factor)| (value * factor).is_finite());
            let counted_after = scale.map_or(after, |(length, _)| &after[length..]);
            let noun = if rank_word.is_some() {
                None
            } else {
                counted_noun(counted_after)
            };
            if let Some((length, factor)) = scale {
                quantity.value = (value * factor).round();
                quantity.end = number_end + length;
                quantity.unscaled = Some(value);
            }
            let committed = comparator.is_some()
                || rank_word.is_some()
                || ends_with_phrase(&before_key, &lexicon.count_verb).is_some();
            // An age ("trên 15 tuổi") says whom a target counts unless a verb commits to it
            // ("tuổi thọ trung bình đạt 75 tuổi").
            if noun.as_deref().is_some_and(|noun| {
                starts_with_phrase(&tone_key(noun), &lexicon.qualifier_noun).is_some()
            }) && !committed_by_verb(&before_key)
            {
                continue;
            }
            match (noun, mode) {
                (None, _) if scale.is_some() && (committed || mode == Mode::Cell) => {
                    // "đạt 1,2 triệu": the number word alone names no unit, but the count is
                    // plain.
                    quantity.kind = Kind::Count;
                    quantity.unit = "count".to_string();
                }
                (Some(noun), _) if committed || mode == Mode::Cell => {
                    quantity.kind = Kind::Count;
                    quantity.unit = "count".to_string();
                    quantity.unit_printed = Some(noun);
                }
                (None, Mode::Cell) => {
                    quantity.kind = Kind::Count;
                    quantity.unit = String::new();
                }
                (None, Mode::Prose) if rank_word.is_some() => {}
                (None, Mode::Prose)
                    if comparator.is_none()
                        && ends_with_phrase(&before_key, &lexicon.count_verb).is_some()
                        && after_is_clause_end(counted_after) =>
                {
                    // "Chỉ số DTI đạt 0,65.": a value to reach, but of what unit is not said.
                    quantity.problem = Some(format!(
                        "\"{}\" has no unit: not read as a target",
                        number.as_str()
                    ));
                }
                (None, Mode::Prose) if comparator.is_some() => {
                    // "≥ 3" with nothing after: a count of something unnamed.
                    quantity.kind = Kind::Count;
                    quantity.unit = "count".to_string();
                    if !after_is_clause_end(counted_after) {
                        continue;
                    }
                }
                _ => continue,
            }
            if let Some((_, band)) = rank {
                quantity.kind = Kind::Rank;
                quantity.unit = "rank".to_string();
                quantity.unit_printed = None;
                if band && comparator.is_none() {
                    comparator = Some("<=");
                }
                if let Some(out_of) = out_of {
                    quantity.end = number_end + out_of.end();
                }
            }
        }
        if let Some((length, after_comparator)) = comparator_after(&text[quantity.end..]) {
            quantity.end += length;
            if comparator.is_none() {
                comparator = Some(after_comparator);
            }
        }
        // The words are counted back from the number without the white space before it.
        let words_end = number_start - (before.len() - before.trim_end().len());
        if let Some((_, phrase_chars)) = comparator_phrase_span(before, &before_key) {
            quantity.start = back_chars(text, words_end, phrase_chars);
        } else if let Some(rank_chars) = rank_word.map(|w| w.chars().count()) {
            quantity.start = back_chars(text, words_end, rank_chars);
        }
        quantity.comparator = comparator.unwrap_or("=");
        found.push(quantity);
    }
    found
}

/// "/3 số", "/4 tổng số": the denominator of a share written as a fraction, before the number
/// of things it is a share of ("2/3 số xã", "1/2 tổng số hộ").
static FRACTION_TAIL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\s*/\s*([0-9]{1,2})\s+(?i:tổng\s+)?(?i:số)\s+(?i:(hóa|hoá)\b)?").unwrap()
});
/// Most parts a share is written in as a fraction ("9/10 số"); "1/20" and past it are read as
/// the codes or dates they mostly are.
const MOST_FRACTION_PARTS: u32 = 10;

struct Fraction {
    /// Bytes from the end of the numerator through the denominator.
    end: usize,
    percent: f64,
}

/// A proper fraction before "số" (a number of things): the share it is, in per cent, rounded to
/// hundredths as a reader writes "66,67%".
fn share_fraction(numerator: &str, after: &str, before_key: &str) -> Option<Fraction> {
    let captures = FRACTION_TAIL.captures(after)?;
    // "2/3 số hóa": "số hóa" (digitize) is no number of things.
    if captures.get(2).is_some() {
        return None;
    }
    let word_before = before_key.split_whitespace().next_back().unwrap_or("");
    // "02/03" is written so only as a date.
    if LEXICON.not_share_after.iter().any(|w| w == word_before)
        || numerator.starts_with('0')
        || captures[1].starts_with('0')
    {
        return None;
    }
    let denominator: u32 = captures[1].parse().ok()?;
    let numerator: u32 = numerator.parse().ok()?;
    if numerator == 0 || numerator >= denominator || denominator > MOST_FRACTION_PARTS {
        return None;
    }
    let percent = (f64::from(numerator) * 10_000.0 / f64::from(denominator)).round() / 100.0;
    Some(Fraction {
        end: captures.get(1)?.end(),
        percent,
    })
}

/// "1.000" (Vietnamese thousands), "99,5" (Vietnamese decimal), "99.5", "01".
pub(crate) fn parse_number(printed: &str) -> Option<f64> {
    static THOUSANDS: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^[0-9]{1,3}(?:\.[0-9]{3})+$").unwrap());
    static THOUSANDS_COMMA: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^[0-9]{1,3}(?:,[0-9]{3}){2,}$").unwrap());
    let cleaned = if THOUSANDS.is_match(printed) {
        printed.replace('.', "")
    } else if THOUSANDS_COMMA.is_match(printed) {
        printed.replace(',', "")
    } else {
        if printed.matches(['.', ',']).count() > 1 {
            return None;
        }
        printed.replace(',', ".")
    };
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn comparator_before(before: &str, before_key: &str) -> Option<&'static str> {
    comparator_phrase_span(before, before_key).map(|(comparator, _)| comparator)
}

/// The comparator right before the number (a filler word such as "đạt" may stand between) and
/// how many characters its words take back from the number.
fn comparator_phrase_span(before: &str, before_key: &str) -> Option<(&'static str, usize)> {
    let lexicon = &*LEXICON;
    if let Some(symbol) = symbol_before(before) {
        let comparator = match symbol {
            "≤" | "<=" | "<" => "<=",
            _ => ">=",
        };
        return Some((comparator, symbol.chars().count()));
    }
    let key = before_key.trim_end();
    let without_filler = ends_with_phrase(key, &lexicon.filler).map(|filler| {
        let rest = key[..key.len() - filler.len()].trim_end();
        (rest, key.chars().count() - rest.chars().count())
    });
    for (candidate, skipped) in std::iter::once((key, 0usize)).chain(without_filler) {
        for (list, comparator) in [(&lexicon.ge, ">="), (&lexicon.le, "<=")] {
            if let Some(phrase) = ends_with_phrase(candidate, list) {
                // "không dưới" is in `ge`; "dưới" alone in `le`: the longer phrase of either
                // list must win, so compare against the other list too.
                let other = if comparator == ">=" {
                    &lexicon.le
                } else {
                    &lexicon.ge
                };
                if let Some(longer) = ends_with_phrase(candidate, other) {
                    if longer.chars().count() > phrase.chars().count() {
                        let chars = longer.chars().count() + skipped;
                        let flipped = if comparator == ">=" { "<=" } else { ">=" };
                        return Some((flipped, chars));
                    }
                }
                return Some((comparator, phrase.chars().count() + skipped));
            }
        }
    }
    None
}

/// The rank word before the number, and whether it names a band to stay within ("top 10").
fn rank_before(before_key: &str) -> Option<(&'static str, bool)> {
    if let Some(word) = ends_with_phrase(before_key, &LEXICON.rank_top) {
        return Some((word, true));
    }
    ends_with_phrase(before_key, &LEXICON.rank).map(|word| (word, false))
}

fn comparator_after(after: &str) -> Option<(usize, &'static str)> {
    let lexicon = &*LEXICON;
    let window = head_words(after, 3);
    let key = tone_key(&window);
    for (list, comparator) in [(&lexicon.ge_after, ">="), (&lexicon.le_after, "<=")] {
        if let Some(phrase) = starts_with_phrase(&key, list) {
            let leading = after.len() - after.trim_start().len();
            let chars = phrase.chars().count();
            let trimmed = after.trim_start();
            let length = trimmed
                .char_indices()
                .nth(chars)
                .map_or(trimmed.len(), |(i, _)| i);
            return Some((leading + length, comparator));
        }
    }
    None
}

/// What a percentage is a share of when the unit says it, from the text right after its "%":
/// "GRDP" for "30% GRDP" (the contract's unit "% GRDP"); None for a plain share.
pub(crate) fn percent_base(rest: &str) -> Option<String> {
    percent_base_after(rest).map(|(_, base)| base)
}

/// The base a text names as a whole word ("tỷ trọng kinh tế số trong GRDP"), compared without
/// case: a share's words may say what it is a share of where its unit does not.
pub(crate) fn percent_base_named(text: &str) -> Option<&'static str> {
    let bytes = text.as_bytes();
    LEXICON
        .percent_base
        .iter()
        .map(String::as_str)
        .find(|base| {
            let base = base.as_bytes();
            !base.is_empty()
                && bytes.windows(base.len()).enumerate().any(|(at, window)| {
                    window.eq_ignore_ascii_case(base)
                        && (at == 0 || !is_word_byte(bytes[at - 1]))
                        && bytes.get(at + base.len()).is_none_or(|b| !is_word_byte(*b))
                })
        })
}

/// A byte that continues a word: an ASCII letter or digit, or any byte of a multi-byte letter.
fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte >= 0x80
}

/// "% GRDP": the words after "%" that belong to the unit; returns (bytes, word as printed).
fn percent_base_after(rest: &str) -> Option<(usize, String)> {
    let trimmed = rest.trim_start();
    let leading = rest.len() - trimmed.len();
    for base in &LEXICON.percent_base {
        if let Some(tail) = trimmed.get(..base.len()) {
            if tail.eq_ignore_ascii_case(base)
                && trimmed[base.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
            {
                return Some((leading + base.len(), tail.to_string()));
            }
        }
    }
    None
}

/// A measure unit right after the number ("1Gb/s", "500 tỷ đồng"); returns (bytes, unit).
fn measure_after(after: &str) -> Option<(usize, String)> {
    let trimmed = after.trim_start();
    let leading = after.len() - trimmed.len();
    if leading > 1 {
        return None;
    }
    LEXICON.measure.iter().find_map(|unit| {
        let rest = trimmed.strip_prefix(unit.as_str())?;
        if rest.chars().next().is_some_and(char::is_alphanumeric) {
            return None;
        }
        Some((leading + unit.len(), unit.clone()))
    })
}

/// "trong thời hạn không quá 3 ngày", "không quá 10 ngày kể từ …", "01 tháng/lần": a span of
/// time that is a deadline to act by or a frequency, not a target.
fn is_deadline_to_act_by(before: &str, after_span: &str) -> bool {
    let lexicon = &*LEXICON;
    let after_key = tone_key(&head_words(after_span, 3));
    if after_span.trim_start().starts_with('/')
        || starts_with_phrase(&after_key, &lexicon.duration_deadline_after).is_some()
    {
        return true;
    }
    // The words before the comparator ("thời hạn không quá"): the comparator's own words are
    // taken off first.
    let words: Vec<&str> = before.split_whitespace().collect();
    (1..=3).any(|comparator_words| {
        let Some(keep) = words.len().checked_sub(comparator_words) else {
            return false;
        };
        let head = tone_key(&words[..keep].join(" "));
        ends_with_phrase(&head, &lexicon.duration_deadline_before).is_some()
    })
}

/// A span of time right after the number ("3 ngày làm việc" → "ngày làm việc"), lowercase as
/// the lexicon lists it, at a word's end.
fn duration_after(after: &str) -> Option<(usize, String)> {
    let trimmed = after.strip_prefix(' ')?;
    let cut = trimmed
        .char_indices()
        .nth(24)
        .map_or(trimmed.len(), |(at, _)| at);
    let lower = trimmed[..cut].to_lowercase();
    LEXICON.duration.iter().find_map(|unit| {
        let rest = lower.strip_prefix(unit.as_str())?;
        if rest.chars().next().is_some_and(char::is_alphanumeric) {
            return None;
        }
        // The printed span, when lowercasing kept its length (it does for Vietnamese letters).
        let printed = trimmed
            .get(..unit.len())
            .filter(|p| p.to_lowercase() == *unit)?;
        Some((1 + unit.len(), printed.to_string()))
    })
}

/// A number word right after the number ("1,2 triệu người" → "triệu", 1,000,000), at a word's
/// end, not the first syllable of another word ("tỷ lệ", "triệu chứng"): (bytes through it,
/// its factor).
fn scale_after(after: &str) -> Option<(usize, f64)> {
    let rest = after.strip_prefix(' ')?;
    let word = rest.split_whitespace().next()?;
    let word = word.trim_end_matches([',', ';', '.', ':', ')']);
    let lower = word.to_lowercase();
    let (_, factor) = LEXICON.scale.iter().find(|(scale, _)| *scale == lower)?;
    let compound = word.len() == rest.split_whitespace().next()?.len()
        && starts_with_phrase(&tone_key(&head_words(rest, 2)), &LEXICON.not_scale).is_some();
    (!compound).then_some((1 + word.len(), *factor))
}

/// Whether the words before a number commit to it with a verb ("đạt", "đạt trên"), the
/// comparator after the verb taken off.
fn committed_by_verb(before_key: &str) -> bool {
    let lexicon = &*LEXICON;
    if ends_with_phrase(before_key, &lexicon.count_verb).is_some() {
        return true;
    }
    let comparator = ends_with_phrase(before_key, &lexicon.ge)
        .or_else(|| ends_with_phrase(before_key, &lexicon.le));
    comparator.is_some_and(|phrase| {
        let rest = &before_key.trim_end()[..before_key.trim_end().len() - phrase.len()];
        ends_with_phrase(rest, &lexicon.count_verb).is_some()
    })
}

/// The noun counted by a number ("01 mô hình dự đoán" → "mô hình"), at most two syllables,
/// None when the number is followed by a word that makes it a name or a reference.
fn counted_noun(after: &str) -> Option<String> {
    let lexicon = &*LEXICON;
    if !after.starts_with(' ') {
        return None;
    }
    let mut words: Vec<&str> = Vec::new();
    for raw_word in after.split_whitespace().take(2) {
        let word = raw_word.trim_end_matches([',', ';', '.', ':', ')']);
        if word.is_empty() || !word.chars().all(char::is_alphabetic) {
            break;
        }
        if !words.is_empty() && starts_with_phrase(&tone_key(word), &lexicon.noun_stop).is_some() {
            break;
        }
        words.push(word);
        if word.len() != raw_word.len() {
            break;
        }
    }
    let first = words.first()?;
    let key = tone_key(&words.join(" "));
    if starts_with_phrase(&key, &lexicon.not_count_noun).is_some() {
        return None;
    }
    if !first.chars().next().is_some_and(char::is_alphabetic) {
        return None;
    }
    Some(words.join(" "))
}

fn after_is_clause_end(after: &str) -> bool {
    after
        .trim_start()
        .chars()
        .next()
        .is_none_or(|c| matches!(c, ';' | '.' | ',' | ')'))
}

/// The byte offset `chars` characters before `end` in `text`.
fn back_chars(text: &str, end: usize, chars: usize) -> usize {
    if chars == 0 {
        return end;
    }
    text[..end]
        .char_indices()
        .rev()
        .nth(chars - 1)
        .map_or(0, |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sign before a number is what the pattern it replaces found, on every short text of
    /// signs, spaces and letters.
    #[test]
    fn symbol_before_finds_what_the_pattern_found() {
        let pattern = Regex::new(r"(≥|>=|>|≤|<=|<)\s*$").unwrap();
        let pieces = ["≥", ">", "=", "≤", "<", " ", "\u{a0}", "a", "đạt"];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(longer);
        }
        texts.sort();
        texts.dedup();
        assert!(texts.len() > 5_000);
        for text in &texts {
            let expected = pattern
                .captures(text)
                .and_then(|c| c.get(1))
                .map(|m| m.as_str());
            assert_eq!(symbol_before(text), expected, "{text:?}");
        }
    }

    fn read(text: &str) -> Vec<(f64, String, &'static str)> {
        find(text, Mode::Prose)
            .into_iter()
            .filter(|q| q.problem.is_none())
            .map(|q| (q.value, q.unit, q.comparator))
            .collect()
    }

    #[test]
    fn percents_and_comparators() {
        assert_eq!(read("100% hồ sơ được số hóa"), [(100.0, "%".into(), "=")]);
        // A range is one unreadable quantity, its second bound no target of its own.
        assert_eq!(read("Phấn đấu 90 - 95% người dân"), []);
        assert_eq!(read("Phấn đấu 90 - 95 phần trăm người dân"), []);
        assert_eq!(read("từ 70 phần trăm đến 80 phần trăm"), []);
        // A year before a dash is no range's first bound.
        assert_eq!(
            read("Đến năm 2030 – 100% hồ sơ được số hóa"),
            [(100.0, "%".into(), "=")]
        );
        let cell = |text| {
            find(text, Mode::Cell)
                .into_iter()
                .filter(|q| q.problem.is_none())
                .map(|q| q.value)
                .collect::<Vec<_>>()
        };
        assert_eq!(cell("2 - 3"), Vec::<f64>::new());
        assert_eq!(cell("2,5 – 3"), Vec::<f64>::new());
        // Years are no range of values.
        assert!(find("giai đoạn 2026 - 2030 đạt 3 doanh nghiệp", Mode::Cell)
            .iter()
            .all(|q| q.problem.is_none()));
        assert_eq!(
            read("đạt trên 90 phần trăm người dân"),
            [(90.0, "%".into(), ">=")]
        );
        assert_eq!(read("tối thiểu 80% dữ liệu"), [(80.0, "%".into(), ">=")]);
        assert_eq!(read("đạt tối thiểu 70%."), [(70.0, "%".into(), ">=")]);
        assert_eq!(read("ít nhất 15% ngân sách"), [(15.0, "%".into(), ">=")]);
        assert_eq!(
            read("tối thiểu đạt 80% dữ liệu"),
            [(80.0, "%".into(), ">=")]
        );
        assert_eq!(read("không dưới 50% dữ liệu"), [(50.0, "%".into(), ">=")]);
        assert_eq!(read("dưới 5% hồ sơ"), [(5.0, "%".into(), "<=")]);
        assert_eq!(read("99,5 % dân số"), [(99.5, "%".into(), "=")]);
        assert_eq!(read("chiếm ≥ 25 % GRDP"), [(25.0, "% GRDP".into(), ">=")]);
        assert_eq!(read("80% trở lên"), [(80.0, "%".into(), ">=")]);
        assert_eq!(read("giảm 15% thời gian"), [(15.0, "%".into(), "=")]);
    }

    #[test]
    fn counts_need_a_commitment() {
        assert_eq!(
            read("xây dựng tối thiểu 01 mô hình dự đoán"),
            [(1.0, "count".into(), ">=")]
        );
        assert_eq!(read("≥ 3 doanh nghiệp"), [(3.0, "count".into(), ">=")]);
        assert_eq!(read("Thứ bậc 45 các tỉnh"), [(45.0, "rank".into(), "=")]);
        assert_eq!(
            read("thuộc nhóm 20 tỉnh dẫn đầu"),
            [(20.0, "rank".into(), "<=")]
        );
        assert_eq!(read("vào top 10 cả nước"), [(10.0, "rank".into(), "<=")]);
        assert!(read("Nhóm 2: nhiệm vụ").is_empty());
        assert!(read("mô hình bảo vệ 4 lớp").is_empty());
        assert!(read("mô hình bảo vệ 04 lớp theo quy định").is_empty());
        assert!(read("mô hình hợp tác “3 nhà”").is_empty());
        assert!(read("hệ thống thông tin cấp độ 3 trở lên").is_empty());
        assert!(read("Đề án 06").is_empty());
        assert!(read("tại điểm a khoản 2 Điều 5").is_empty());
        assert_eq!(
            read("triển khai 05 chương trình"),
            [(5.0, "count".into(), "=")]
        );
        assert_eq!(read("đạt 80 điểm"), [(80.0, "count".into(), "=")]);
        assert!(read("mạng 5G, 6G").is_empty());
        assert!(read("giám sát 24/7").is_empty());
        assert!(read("Quyết định số 142/QĐ-TTg ngày 02/02/2024").is_empty());
        assert!(read("(1) Nền tảng; (2) Nền tảng").is_empty());
        assert!(read("năm 2025").is_empty());
    }

    /// A share written as a fraction of a number of things is that share in per cent; a date
    /// or code written with a slash is none (an analyst's review of stop 53: "Tối thiểu 2/3 số
    /// xã đạt chuẩn" gave no target and no warning).
    #[test]
    fn a_fraction_of_a_number_of_things_is_a_share() {
        assert_eq!(
            read("Tối thiểu 2/3 số xã đạt chuẩn"),
            [(66.67, "%".into(), ">=")]
        );
        assert_eq!(
            read("đạt 1/2 tổng số hộ gia đình"),
            [(50.0, "%".into(), "=")]
        );
        assert_eq!(read("Có 1/2 số xã"), [(50.0, "%".into(), "=")]);
        // In a value cell the number is the value, with no word before it.
        let cell = find("1/2 số xã", Mode::Cell);
        assert_eq!((cell[0].value, cell[0].unit.as_str()), (50.0, "%"));
        assert_eq!(read("Ít nhất 1 / 3 Số xã"), [(33.33, "%".into(), ">=")]);
        let quantity = &find("đạt tối thiểu 3/4 số huyện", Mode::Prose)[0];
        assert_eq!(quantity.start, "đạt ".len());
        for not_a_share in [
            "ngày 2/3 ban hành",
            "Quyết định 2/3 về",
            "3/2 số",
            "1/20 số trường",
            "0/3 số",
            "Tính đến ngày 1/7 số xã đạt chuẩn là 60",
            "Kế hoạch số 2/3 số hóa hồ sơ",
            "Tối thiểu 02/03 số xã",
            "Sau 1/7 số đơn vị hành chính cấp xã giảm",
            "Từ 2/9 số người dân",
            "Kể từ 1/3 số hồ sơ",
            "Thực hiện Chỉ thị 1/2 số cơ quan",
            "Đạt 2/3 số hóa hồ sơ",
            "tăng 2/3 số lượng cán bộ",
            "2/3 số lượng",
        ] {
            assert_eq!(read(not_a_share), [], "{not_a_share}");
        }
    }

    #[test]
    fn measures_keep_their_unit() {
        assert_eq!(read("tốc độ trên 1Gb/s"), [(1.0, "Gb/s".into(), ">=")]);
        // A number word scales a count; before a currency it is the measure's own unit.
        assert_eq!(
            read("có 1,2 triệu người dùng"),
            [(1_200_000.0, "count".into(), "=")]
        );
        assert_eq!(
            read("đạt trên 5 nghìn doanh nghiệp"),
            [(5_000.0, "count".into(), ">=")]
        );
        assert_eq!(read("đạt 500 tỷ đồng"), [(500.0, "tỷ đồng".into(), "=")]);
        assert_eq!(
            read("số người dùng đạt 1,2 triệu, tăng"),
            [(1_200_000.0, "count".into(), "=")]
        );
        assert_eq!(read("đạt 5 tỉ đồng"), [(5.0, "tỉ đồng".into(), "=")]);
        // A scale word that opens another word scales nothing.
        assert_eq!(read("có 2 tỷ lệ mới"), [(2.0, "count".into(), "=")]);
        // A number past what a value can hold once scaled is left as printed.
        let huge = format!("có {} tỷ người", "9".repeat(305));
        assert!(find(&huge, Mode::Prose).iter().all(|q| q.value.is_finite()));
        // An age says whom a target counts, unless a verb commits to it.
        assert_eq!(read("người dân trên 15 tuổi có tài khoản"), []);
        assert_eq!(
            read("tuổi thọ trung bình đạt trên 74,5 tuổi"),
            [(74.5, "count".into(), ">=")]
        );
    }

    #[test]
    fn unreadable_values_are_flagged() {
        let q = find("tăng 120% so với", Mode::Prose);
        assert!(q[0].problem.is_some());
        let q = find("Chỉ số DTI đạt 0,65.", Mode::Prose);
        assert!(q[0].problem.is_some());
        let q = find("đạt 70-80% hồ sơ", Mode::Prose);
        assert!(q[0].problem.is_some());
        let q = find("đạt từ 70% đến 80% hồ sơ", Mode::Prose);
        assert_eq!(q.len(), 1);
        assert!(q[0].problem.is_some());
    }

    #[test]
    fn numbers_parse_the_vietnamese_way() {
        assert_eq!(parse_number("1.000"), Some(1000.0));
        assert_eq!(parse_number("99,5"), Some(99.5));
        assert_eq!(parse_number("01"), Some(1.0));
        assert_eq!(parse_number("1.2.3"), None);
    }

    #[test]
    fn quantity_start_covers_its_comparator() {
        let text = "xây dựng tối thiểu 01 mô hình";
        let q = &find(text, Mode::Prose)[0];
        assert_eq!(&text[q.start..q.end], "tối thiểu 01");
    }
}

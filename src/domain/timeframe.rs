//! Timeframe cells as written ("2024 - 2025", "Năm 2026", "12/2025", "Thường xuyên", "Khi Bộ …
//! hướng dẫn") parsed into the contract's kinds.

use once_cell::sync::Lazy;
use regex::Regex;

use crate::domain::text::fold;
use crate::model::{Timeframe, TimeframeKind};

/// Words that make a timeframe recurring or conditional, compared after `fold` (no diacritics).
/// One table, so a new wording is one line here.
const WORDS: &[(&str, TimeframeKind)] = &[
    ("thuong xuyen", TimeframeKind::Recurring),
    ("hang nam", TimeframeKind::Recurring),
    ("hang thang", TimeframeKind::Recurring),
    ("hang quy", TimeframeKind::Recurring),
    ("dinh ky", TimeframeKind::Recurring),
    ("lien tuc", TimeframeKind::Recurring),
    ("khi ", TimeframeKind::Conditional),
    ("sau khi", TimeframeKind::Conditional),
    ("theo huong dan", TimeframeKind::Conditional),
    ("theo lo trinh", TimeframeKind::Conditional),
    ("theo yeu cau", TimeframeKind::Conditional),
    ("theo chi dao", TimeframeKind::Conditional),
];

/// Words that carry a task on past the year its cell names ("2025 (và tiếp tục duy trì)"),
/// besides the recurring ones above, compared after `fold`.
const CONTINUES: &[&str] = &["tiep tuc", "duy tri", "tiep theo"];

/// Whether a timeframe cell goes on past its year: it recurs ("hằng năm") or continues
/// ("tiếp tục", "duy trì"), so its year is no deadline.
pub fn goes_on(text: &str) -> bool {
    let folded = fold(text);
    CONTINUES.iter().any(|word| folded.contains(word))
        || WORDS
            .iter()
            .any(|(word, kind)| *kind == TimeframeKind::Recurring && folded.contains(word))
}

/// Words that leave a period open after the date they stand beside, compared with their marks
/// (folded, "từ" (from) is "tư" (fourth), "sau" (after) is "sáu" (six)): before it ("từ năm
/// 2025", "kể từ ngày 01/3/2026", "sau 2025") or after it ("2025 trở đi", "2025 - nay"). Such a
/// date starts the work; it is no deadline.
const ONWARD_BEFORE: &[&str] = &["từ", "kể từ", "bắt đầu từ", "sau"];
const ONWARD_AFTER: &[&str] = &["trở đi", "trở về sau", "nay", "đến nay", "tới nay"];

/// A timeframe's words without the phrases that leave a period open from its date
/// (`ONWARD_BEFORE`, `ONWARD_AFTER`), compared with their marks, lowercase: what `diff` reads
/// of two open periods to compare them by meaning ("Từ năm 2026" and "2026 trở đi" are one).
/// "Sau" (after) stays: "sau năm 2026" starts a year later than "từ năm 2026".
pub fn without_onward_phrases(text: &str) -> String {
    static PHRASES: Lazy<Vec<Vec<&'static str>>> = Lazy::new(|| {
        let mut phrases: Vec<Vec<&str>> = ONWARD_BEFORE
            .iter()
            .chain(ONWARD_AFTER)
            .filter(|phrase| **phrase != "sau")
            .map(|phrase| phrase.split(' ').collect())
            .collect();
        // The longest first: "kể từ" before "từ", "đến nay" before "nay".
        phrases.sort_by_key(|words| std::cmp::Reverse(words.len()));
        phrases
    });
    let keyed = crate::domain::text::tone_key(text);
    let words: Vec<&str> = keyed
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut kept = Vec::with_capacity(words.len());
    let mut at = 0;
    while at < words.len() {
        let phrase = PHRASES
            .iter()
            .find(|phrase| words[at..].starts_with(phrase.as_slice()));
        match phrase {
            Some(phrase) => at += phrase.len(),
            None => {
                kept.push(words[at]);
                at += 1;
            }
        }
    }
    kept.join(" ")
}

/// "6 tháng đầu năm" (the first half of the year, ending in June) or "6 tháng cuối năm" (the
/// second, ending in December) before a year; the one place these words are written (`check`
/// reads the deadline from the captured "đầu" or "cuối").
pub const HALF_YEAR: &str = r"(?:6|sáu)\s+tháng\s+(đầu|cuối)\s+năm";

/// The word "quarter" before its number, as plans write it: "Quý 3", the older spelling "Quí 3"
/// (and "Quy" where marks were lost), or "Q" glued to the number ("Q3/2026"; not "Q.1" nor
/// "Q 1", a district of a city far more often). The one place these spellings are written:
/// every pattern of a quarter before a year is built with it (in a case-insensitive pattern,
/// or on lowercased text).
pub const QUARTER_BEFORE_NUMBER: &str = r"(?:\bqu[ýyí]\s+|\bq)";

/// What may stand before a year and name its month: "12/", "30/06/", "tháng 12 năm ", or a
/// quarter, "Quý 3/", "quý IV năm " (a quarter ends with its third month) — the last of a
/// run of quarters ("Quý I-II/", "Quý I, II/", "quý III và IV năm ").
static MONTH_BEFORE_YEAR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)(?:{q}(?:(?:[IV]{{1,3}}|[1-4])\s*(?:[-–,]|và|đến)\s*(?:{q})?)*([IV]{{1,3}}|[1-4])\s*(?:/|năm)\s*|(?:^|[^\p{{Nd}}/])(?:[0-9]{{1,2}}\s*/\s*)?([0-9]{{1,2}})\s*/\s*|tháng\s+([0-9]{{1,2}})\s+năm\s+)$",
        q = QUARTER_BEFORE_NUMBER
    ))
    .unwrap()
});

/// "6 tháng đầu năm " (the first half: June), "6 tháng cuối năm " (December) before a year.
static HALF_BEFORE_YEAR: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!(r"(?i)(?:^|\s){}\s*$", HALF_YEAR)).unwrap());
/// The month a year's words name just before it (the last month of a quarter or half).
pub fn last_month_before_year(before: &str) -> Option<u32> {
    if let Some(half) = HALF_BEFORE_YEAR.captures(before) {
        return Some(if half[1].to_lowercase() == "đầu" {
            6
        } else {
            12
        });
    }
    let caps = MONTH_BEFORE_YEAR.captures(before)?;
    let month = match caps.get(1) {
        Some(quarter) => {
            let printed = quarter.as_str().to_uppercase();
            crate::domain::numbering::roman_value(&printed)
                .or_else(|| printed.parse().ok())
                .filter(|q| (1..=4).contains(q))?
                * 3
        }
        None => caps.get(2).or(caps.get(3))?.as_str().parse().ok()?,
    };
    (1..=12).contains(&month).then_some(month)
}

/// The first month of the period a year's words name just before it ("quý II/" → 4, "6 tháng
/// cuối năm " → 7, "tháng 4/" → 4), or None for the year alone.
pub fn first_month_before_year(before: &str) -> Option<u32> {
    if let Some(half) = HALF_BEFORE_YEAR.captures(before) {
        return Some(if half[1].to_lowercase() == "đầu" {
            1
        } else {
            7
        });
    }
    let last = last_month_before_year(before)?;
    let quarter = MONTH_BEFORE_YEAR
        .captures(before)
        .is_some_and(|caps| caps.get(1).is_some());
    Some(if quarter { last - 2 } else { last })
}

/// The day of a full date before a year: "30/06/", "ngày 30 tháng 6 năm ".
static DAY_BEFORE_YEAR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:(?:^|[^\p{Nd}/])([0-9]{1,2})\s*/\s*[0-9]{1,2}\s*/\s*|ngày\s+([0-9]{1,2})\s+tháng\s+[0-9]{1,2}\s+năm\s+)$").unwrap()
});

/// The day a year's words name just before it, in a full date ("Tháng 6/7/2026" names two
/// months, no day).
pub fn day_before_year(before: &str) -> Option<u32> {
    let caps = DAY_BEFORE_YEAR.captures(before)?;
    let ahead = crate::domain::text::tone_key(&before[..caps.get(0)?.start()]);
    if ahead.trim_end().ends_with("tháng") {
        return None;
    }
    let day: u32 = caps.get(1).or(caps.get(2))?.as_str().parse().ok()?;
    (1..=31).contains(&day).then_some(day)
}

/// The day, month, quarter or half written before a year ("ngày 01/3/", "10/7/", "tháng 3/",
/// "tháng 03-", "quý I/", "ngày 01 tháng 3 năm ", "đầu năm ", "6 tháng đầu năm "), which stand
/// between an onward word and the year.
static DATE_BEFORE_YEAR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&(format!("(?:{HALF_YEAR}|") + r"(?:(?:ngày\s+)?[0-9]{1,2}\s*/\s*)?(?:tháng\s+)?[0-9]{1,2}\s*[/-]|(?:tháng\s+|" + QUARTER_BEFORE_NUMBER + r")(?:[0-9]{1,2}|[ivx]{1,4})\s*(?:/|-|năm)|(?:ngày\s+[0-9]{1,2}\s+)?tháng\s+[0-9]{1,2}\s+năm|(?:đầu|cuối|giữa)\s+năm|năm)\s*$")).unwrap()
});

/// The words before the date that `text` ends with (its year cut off): without the date's
/// day, month, quarter or half, lowercase, marks in one placement ("Hoàn thành trước tháng 4/"
/// → "hoàn thành trước").
fn words_before_date(text: &str) -> String {
    let key = crate::domain::text::tone_key(text);
    let key = key.trim_end();
    DATE_BEFORE_YEAR
        .find(key)
        .map_or(key, |date| &key[..date.start()])
        .trim_end()
        .to_string()
}

/// Whether the date that ends with `text` (its year last) is led by "trước" (before): "trước
/// năm 2026", "Trước tháng 4/2026", "trước quý II/2026" — the work is due before that period
/// starts, not by its end. Compared with marks ("trước" only).
pub fn due_before(text: &str) -> bool {
    words_before_date(text)
        .strip_suffix("trước")
        .is_some_and(|rest| rest.is_empty() || rest.ends_with([' ', '(', ',', ':']))
}

/// Whether the year at `year` (a byte range of `text`) opens a period that runs on after it.
pub fn runs_onward(text: &str, year: std::ops::Range<usize>) -> bool {
    let (Some(before), Some(after)) = (text.get(..year.start), text.get(year.end..)) else {
        return false;
    };
    let before = words_before_date(before);
    let after = crate::domain::text::tone_key(after);
    let after = after
        .trim_start()
        .trim_start_matches(['-', '–', '—'])
        .trim_start();
    let after = format!("{after} ");
    ONWARD_BEFORE.iter().any(|word| {
        before
            .strip_suffix(word)
            .is_some_and(|rest| rest.is_empty() || rest.ends_with([' ', '(', ',', ':']))
    }) || ONWARD_AFTER.iter().any(|word| {
        after.starts_with(&format!("{word} "))
            || after.starts_with(&format!("{word})"))
            || after.starts_with(&format!("{word}."))
    })
}

/// Whether a year's preceding words say the period starts after that year is over: "sau"
/// (after) before the year alone ("sau năm ", "sau ") or before a period that ends it ("Sau
/// tháng 12/", "sau quý IV/", "sau 6 tháng cuối năm ", "Sau 31/12/"); not "Sau tháng 6/",
/// "Sau ngày 15/12/", "sau đầu năm ". Compared with their marks ("sáu năm" is six years).
fn follows_after_word(before: &str) -> bool {
    let ends_with_after = |words: &str| {
        words
            .strip_suffix("sau")
            .is_some_and(|rest| rest.is_empty() || rest.ends_with([' ', '(', ',', ':']))
    };
    match last_month_before_year(before) {
        Some(month) => {
            month == 12
                && day_before_year(before).is_none_or(|day| day == 31)
                && ends_with_after(&words_before_date(before))
        }
        None => {
            let key = crate::domain::text::tone_key(before);
            let key = key.trim_end();
            ends_with_after(key.strip_suffix("năm").map_or(key, str::trim_end))
        }
    }
}

static RANGE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\b((?:19|20)[0-9]{2})\s*[-–—]\s*((?:19|20)[0-9]{2})\b").unwrap());
/// "12/2025". The number is read in ASCII digits; a digit of any script before it (`\p{Nd}`)
/// means it is the tail of a longer number, not a month.
static MONTH: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?:^|[^\p{Nd}/])([0-9]{1,2})\s*/\s*((?:19|20)[0-9]{2})\b").unwrap());
/// Quarters in arabic numerals before a year ("Quý 3/2026", "Quý 3-4/2026", "quý 3, 4/"): their
/// numbers are no months; a quarter is read as its year, as "Quý III/2026" is.
static QUARTERS_IN_NUMERALS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i){q}[0-9]{{1,2}}(?:\s*(?:[-–,]|và|đến)\s*(?:{q})?[0-9]{{1,2}})*\s*/",
        q = QUARTER_BEFORE_NUMBER
    ))
    .unwrap()
});
/// "Tháng 6 năm 2026", "tháng 12, năm 2025": the month in words.
static MONTH_IN_WORDS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\btháng\s+([0-9]{1,2})\s*,?\s*năm\s+((?:19|20)[0-9]{2})\b").unwrap()
});
static YEAR: Lazy<Regex> = Lazy::new(|| Regex::new(r"\b((?:19|20)[0-9]{2})\b").unwrap());

/// Words that open a timeframe cell, compared after `fold`. A cell opening otherwise ("Bộ …
/// hướng dẫn") is not read as a timeframe even when it contains a timeframe word.
const OPENERS: &[&str] = &[
    "thuong xuyen",
    "hang nam",
    "hang quy",
    "hang thang",
    "dinh ky",
    "lien tuc",
    "khi ",
    "sau khi",
    "theo huong dan",
    "theo lo trinh",
    "theo yeu cau",
    "theo chi dao",
    "nam ",
    "quy ",
    "thang ",
    "truoc ",
    "tu nam",
    "sau nam",
    "den nam",
    "giai doan",
    "trong nam",
];

static OPENS_WITH_DATE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(?:[0-9]{1,2}\s*/\s*)?(?:19|20)[0-9]{2}\b").unwrap());

/// A year range cut after its dash ("2025-").
static OPEN_RANGE: Lazy<Regex> = Lazy::new(|| Regex::new(r"^(?:19|20)[0-9]{2}\s*[-–]$").unwrap());

/// Whether `word` is the first word of a timeframe cell's opening ("Thường" of "Thường
/// xuyên", "Năm" of "Năm 2026"), compared after `fold`.
pub fn is_opening_word(word: &str) -> bool {
    let folded = fold(word.trim());
    !folded.is_empty()
        && OPENERS
            .iter()
            .any(|opener| opener.split(' ').next() == Some(folded.as_str()))
}

/// Whether `text` opens the way a timeframe cell opens ("2024 - 2025", "Năm 2026", "Thường
/// xuyên", "Khi …", "Sau khi …").
pub fn opens_timeframe(text: &str) -> bool {
    // Openers are at most three words: fold only the opening words of a long cell.
    words_open_timeframe(text.split_whitespace())
}

/// `opens_timeframe` of the text these words make, joined by single spaces (only the first
/// four are read): table reading asks about windows of words it already holds.
pub fn words_open_timeframe<'w>(words: impl Iterator<Item = &'w str>) -> bool {
    let mut trimmed = String::with_capacity(48);
    for word in words.take(4) {
        if !trimmed.is_empty() {
            trimmed.push(' ');
        }
        trimmed.push_str(word);
    }
    if let Some(found) = OPENS_CACHE.with(|c| c.borrow().get(&trimmed).copied()) {
        return found;
    }
    let opens = OPENS_WITH_DATE.is_match(&trimmed) || {
        let folded = format!("{} ", fold(&trimmed));
        OPENERS.iter().any(|opener| folded.starts_with(opener))
    };
    OPENS_CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        if cache.len() >= crate::domain::text::MEMO_LIMIT {
            cache.clear();
        }
        cache.insert(trimmed, opens);
    });
    opens
}

thread_local! {
    /// Table reading asks about the same opening words for every span that starts with them.
    static OPENS_CACHE: std::cell::RefCell<crate::domain::text::FastMap<bool>> =
        std::cell::RefCell::new(Default::default());
}

/// Empties this module's memo (see [`crate::forget_memos`]).
pub(crate) fn forget_memos() {
    crate::domain::text::forget(&OPENS_CACHE);
}

/// Most words a timeframe cell has outside parentheses, whatever its kind (the seeds' longest,
/// a conditional, has 16).
const MAX_WORDS_OUTSIDE_NOTES: usize = 16;
/// Most words a year, month or range cell has outside parentheses ("Năm 2025 và các năm tiếp
/// theo"), and a recurring one ("Hằng năm", "Thường xuyên").
const MAX_DATED_WORDS: usize = 8;
const MAX_RECURRING_WORDS: usize = 3;
/// Most words a timeframe cell has in all, notes in parentheses included: a note such as
/// "(trong đó năm 2025 hoàn thành 50% …)" fits well within.
const MAX_TIMEFRAME_WORDS: usize = 48;

/// Whether a whole cell reads as a timeframe: it opens like one, parses, and has no more words
/// than its kind allows (a year or "Thường xuyên" with a sentence after it is not a cell of its
/// own; a note in parentheses may follow).
pub fn is_timeframe(text: &str) -> bool {
    if !opens_timeframe(text) {
        return false;
    }
    // The word bounds and the sentence break are read before the parse, which table reading
    // would otherwise run on every long run of a row. The bound on all words comes first and
    // stops at its 49th word: without it every run that ends inside an unclosed "(" passed the
    // count outside parentheses below and was parsed (a fuzzed 8 KB row took 2 s: cubic in the
    // row's words).
    if text.split_whitespace().nth(MAX_TIMEFRAME_WORDS).is_some() {
        return false;
    }
    // Without parentheses the count outside them is a plain one.
    if !text.contains(['(', ')'])
        && text
            .split_whitespace()
            .nth(MAX_WORDS_OUTSIDE_NOTES)
            .is_some()
    {
        return false;
    }
    let mut depth = 0i32;
    let outside: String = text
        .chars()
        .filter(|c| {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => return depth <= 0,
            }
            false
        })
        .collect();
    let words = outside.split_whitespace().count();
    let has_sentence_break = outside.contains(". ") || outside.trim_end().ends_with('.');
    if words > MAX_WORDS_OUTSIDE_NOTES || has_sentence_break {
        return false;
    }
    let kind = parse(text).kind;
    // After the last year only a note may follow ("2025 và những năm tiếp theo", "(…)").
    let after_year = YEAR
        .find_iter(&outside)
        .last()
        .map(|m| outside[m.end()..].trim().to_string())
        .unwrap_or_default();
    let note_follows = after_year.is_empty()
        || ["và", "(", ";", ",", "-", "–"]
            .iter()
            .any(|p| after_year.starts_with(p));
    match kind {
        TimeframeKind::Unknown => false,
        TimeframeKind::Conditional => true,
        TimeframeKind::Recurring => words <= MAX_RECURRING_WORDS,
        _ => words <= MAX_DATED_WORDS && note_follows,
    }
}

/// Last words of a conditional timeframe that is complete ("… hướng dẫn", "… Trung ương").
const CONDITIONAL_CLOSINGS: &[&str] = &[
    "huong dan",
    "trung uong",
    "ban hanh",
    "quy dinh",
    "phe duyet",
    "chu quan",
    "yeu cau",
    "chi dao",
];

/// Whether a conditional timeframe reads complete: it ends with the words such clauses end with.
pub fn conditional_is_complete(text: &str) -> bool {
    let folded = fold(text);
    let folded = folded.trim_end_matches(['.', ';', ',', ')']).trim_end();
    CONDITIONAL_CLOSINGS.iter().any(|c| folded.ends_with(c))
}

/// A timeframe nothing more can belong to: a year, a month, a closed range, a recurring one, a
/// condition that closes ("… hướng dẫn", "… ban hành"). A range left open after its hyphen
/// ("2026-") is not one: its end is on the next line.
pub fn is_complete(text: &str) -> bool {
    let text = text.trim_end();
    if text.is_empty() || text.ends_with(['-', '–']) || !is_timeframe(text) {
        return false;
    }
    let parsed = parse(text);
    match parsed.kind {
        TimeframeKind::Year | TimeframeKind::Month | TimeframeKind::Recurring => true,
        TimeframeKind::Range => parsed.end.is_some(),
        TimeframeKind::Conditional => conditional_is_complete(text),
        TimeframeKind::Unknown => false,
    }
}

/// Whether `text` is the first word(s) of a timeframe broken over lines ("Thường", "Sau khi").
pub fn is_partial_timeframe(text: &str) -> bool {
    // Folding drops marks but never joins or adds words: a text of more than three words (not
    // counting words made of dropped marks alone) cannot pass, so skip the fold.
    let long = text
        .split_whitespace()
        .filter(|w| w.chars().any(|c| !('\u{0300}'..='\u{036F}').contains(&c)))
        .nth(3)
        .is_some();
    if long {
        return false;
    }
    let folded = fold(text);
    let words = folded.split_whitespace().count();
    folded.chars().count() >= 2
        && words <= 3
        && (OPENERS.iter().any(|opener| opener.starts_with(&folded))
            || OPEN_RANGE.is_match(text.trim()))
}

pub fn parse(raw: &str) -> Timeframe {
    let raw = crate::clean::collapse_whitespace(raw);
    let folded = fold(&raw);
    let mut kind = TimeframeKind::Unknown;
    let (mut start, mut end) = (None, None);
    // A cell naming two years ("Từ tháng 6 năm 2026 đến năm 2030") is a range, whatever month
    // one of them has.
    let mut years = YEAR
        .captures_iter(&raw)
        .filter_map(|c| c[1].parse::<i32>().ok());
    let first_year = years.next();
    let spans_years = years.any(|year| Some(year) != first_year);
    if let Some(caps) = RANGE.captures(&raw) {
        start = caps[1].parse().ok();
        end = caps[2].parse().ok();
        kind = TimeframeKind::Range;
    } else if let Some((month, year)) = MONTH
        .captures_iter(&raw)
        .find(|caps| {
            let number = caps.get(1).map_or(0, |m| m.start());
            !QUARTERS_IN_NUMERALS
                .find_iter(&raw)
                .any(|quarter| quarter.range().contains(&number))
        })
        .map(|caps| (caps[1].to_string(), caps[2].to_string()))
        .or_else(|| {
            MONTH_IN_WORDS
                .captures(&raw)
                .map(|caps| (caps[1].to_string(), caps[2].to_string()))
        })
        .filter(|_| !spans_years)
    {
        let month: u32 = month.parse().unwrap_or(0);
        if (1..=12).contains(&month) {
            let year = year.parse().ok();
            start = year;
            end = year;
            kind = TimeframeKind::Month;
        }
    }
    if kind == TimeframeKind::Unknown {
        let years: Vec<i32> = YEAR
            .captures_iter(&raw)
            .filter_map(|c| c[1].parse().ok())
            .collect();
        // Years named in running words come in any order ("Năm 2026 (đã triển khai từ 2025)"):
        // the period runs from the earliest to the latest. (A range printed "2027 - 2026" is
        // kept as printed above: a typo `check` reports.)
        if let (Some(first), Some(last)) = (years.iter().min(), years.iter().max()) {
            start = Some(*first);
            end = Some(*last);
            kind = if first == last {
                TimeframeKind::Year
            } else {
                TimeframeKind::Range
            };
        }
    }
    // "Từ năm 2026", "Từ tháng 3/2026", "2026 trở đi": a start with no end.
    if matches!(kind, TimeframeKind::Year | TimeframeKind::Month) {
        let last_at = YEAR.find_iter(&raw).last().map(|m| m.range());
        if last_at.is_some_and(|at| runs_onward(&raw, at)) {
            end = None;
        }
    }
    // "Sau năm 2026", "Sau năm 2026 đến năm 2028", "Sau tháng 12/2026", "Sau quý IV/2026": the
    // work starts once the first year named is over; not where that year is named as the start
    // ("Năm 2026 và sau năm 2026"), nor after a period that ends before December ("Sau tháng
    // 6/2026" starts in 2026).
    if let Some(first) = YEAR.find(&raw) {
        let first_year = first.as_str().parse::<i32>().ok();
        let before = &raw[..first.start()];
        if matches!(
            kind,
            TimeframeKind::Year | TimeframeKind::Range | TimeframeKind::Month
        ) && start.is_some()
            && start == first_year
            && end.is_none_or(|end| start.is_some_and(|start| start < end))
            && follows_after_word(before)
        {
            start = start.map(|year| year + 1);
        }
    }
    if kind == TimeframeKind::Unknown || start.is_none() {
        let padded = format!("{folded} ");
        if let Some((_, word_kind)) = WORDS
            .iter()
            .find(|(word, _)| padded.starts_with(word) || padded.contains(&format!(" {word}")))
        {
            kind = *word_kind;
        }
    }
    Timeframe {
        raw,
        kind,
        start,
        end,
    }
}

/// The year a folded (`text::fold`) column name names with "năm YYYY" ("ket qua den nam 2030",
/// "ke hoach nam 2026"): the first such year; a span ("giai doan nam 2026 - 2030") by its end.
pub fn year_named(folded: &str) -> Option<i32> {
    let is_year = |text: &str| {
        text.len() >= 4
            && text.as_bytes()[..4].iter().all(u8::is_ascii_digit)
            && (text.starts_with("19") || text.starts_with("20"))
            && !text.as_bytes().get(4).is_some_and(u8::is_ascii_digit)
    };
    folded.match_indices("nam ").find_map(|(at, word)| {
        let year = &folded[at + word.len()..];
        if !((at == 0 || folded[..at].ends_with(' ')) && is_year(year)) {
            return None;
        }
        let after = year[4..].trim_start();
        let end = after
            .strip_prefix(['-', '–'])
            .map(str::trim_start)
            .filter(|end| is_year(end))
            .unwrap_or(year);
        end[..4].parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Years named in running words, in any order, make a period from the earliest to the latest
    /// (a newcomer's review of stop 47: "Năm 2026 (đã triển khai từ 2025)" gave start 2026, end
    /// 2025, and a script taking `end` as the deadline read 2025).
    #[test]
    fn years_in_words_run_from_the_earliest() {
        let tf = parse("Năm 2026 (đã triển khai từ 2025)");
        assert_eq!(
            (tf.kind, tf.start, tf.end),
            (TimeframeKind::Range, Some(2025), Some(2026))
        );
        let tf = parse("Từ năm 2025 đến năm 2030");
        assert_eq!((tf.start, tf.end), (Some(2025), Some(2030)));
        // A range printed backwards is kept as printed: `check` reports it.
        let tf = parse("2027 - 2026");
        assert_eq!((tf.start, tf.end), (Some(2027), Some(2026)));
    }

    #[test]
    fn a_cell_that_recurs_or_continues_goes_on_past_its_year() {
        for cell in [
            "2025 (và tiếp tục duy trì)",
            "Năm 2025 và các năm tiếp theo",
            "Hằng năm",
            "2024, định kỳ hàng quý",
        ] {
            assert!(goes_on(cell), "{cell}");
        }
        for cell in ["Năm 2025", "12/2025", "2024 - 2025", "Quý IV/2025"] {
            assert!(!goes_on(cell), "{cell}");
        }
    }

    #[test]
    fn opening_words_are_the_first_words_of_openings() {
        for word in ["Thường", "thường", "Năm", "Hằng", "Giai"] {
            assert!(is_opening_word(word), "{word}");
        }
        for word in ["xuyên", "Sở", "Các", "", "2025"] {
            assert!(!is_opening_word(word), "{word}");
        }
    }

    fn kind(raw: &str) -> (TimeframeKind, Option<i32>, Option<i32>) {
        let t = parse(raw);
        (t.kind, t.start, t.end)
    }

    #[test]
    fn written_forms() {
        // "Quí" (the older spelling) and "Q3" are quarters as "Quý 3" is, not months.
        for quarter in ["Quí 3/2026", "Q3/2026", "quí IV/2026", "Q3 năm 2026"] {
            assert_eq!(
                kind(quarter),
                (TimeframeKind::Year, Some(2026), Some(2026)),
                "{quarter}"
            );
        }
        // After a period that ends the year, the work starts the next one.
        assert_eq!(
            kind("Sau tháng 12/2026"),
            (TimeframeKind::Month, Some(2027), None)
        );
        assert_eq!(
            kind("Sau quý IV/2026"),
            (TimeframeKind::Year, Some(2027), None)
        );
        assert_eq!(
            kind("Sau tháng 6/2026"),
            (TimeframeKind::Month, Some(2026), None)
        );
        assert_eq!(
            kind("Sau quý II/2026"),
            (TimeframeKind::Year, Some(2026), None)
        );
        assert_eq!(
            kind("Sau 31/12/2026"),
            (TimeframeKind::Year, Some(2027), None)
        );
        for within in [
            "Sau ngày 15/12/2026",
            "Sau đầu năm 2026",
            "Sau giữa năm 2026",
        ] {
            assert_eq!(kind(within).1, Some(2026), "{within}");
        }
        // "Q.1" is a district far more often than a quarter.
        assert_eq!(
            kind("Thí điểm tại Q.1 năm 2026"),
            (TimeframeKind::Year, Some(2026), Some(2026))
        );
        assert_eq!(
            kind("2024 - 2025"),
            (TimeframeKind::Range, Some(2024), Some(2025))
        );
        assert_eq!(
            kind("Năm 2026-2030"),
            (TimeframeKind::Range, Some(2026), Some(2030))
        );
        assert_eq!(
            kind("Năm 2026"),
            (TimeframeKind::Year, Some(2026), Some(2026))
        );
        assert_eq!(
            kind("12/2025"),
            (TimeframeKind::Month, Some(2025), Some(2025))
        );
        for onward in ["Từ năm 2026", "2026 trở đi", "Kể từ năm 2026"] {
            assert_eq!(
                kind(onward),
                (TimeframeKind::Year, Some(2026), None),
                "{onward}"
            );
        }
        assert_eq!(
            kind("Từ tháng 3/2026"),
            (TimeframeKind::Month, Some(2026), None)
        );
        // After a year: from the next one. After a month: that month's year still.
        for after in ["Sau năm 2026", "sau 2026", "(sau năm 2026)"] {
            assert_eq!(
                kind(after),
                (TimeframeKind::Year, Some(2027), None),
                "{after}"
            );
        }
        for after in [
            "Sau năm 2026 đến năm 2028",
            "Sau năm 2026 - 2028",
            "Sau năm 2026, hoàn thành năm 2028",
        ] {
            assert_eq!(
                kind(after),
                (TimeframeKind::Range, Some(2027), Some(2028)),
                "{after}"
            );
        }
        assert_eq!(
            kind("Sau tháng 6/2026"),
            (TimeframeKind::Month, Some(2026), None)
        );
        for named_before in [
            "Năm 2026 và sau năm 2026",
            "Hoàn thành năm 2026, duy trì sau năm 2026",
        ] {
            assert_eq!(
                kind(named_before),
                (TimeframeKind::Year, Some(2026), None),
                "{named_before}"
            );
        }
        // "Sáu năm 2026" is no "after".
        assert_ne!(kind("Sáu năm 2026").1, Some(2027));
        // A quarter is read as its year, written in either numerals.
        for quarter in [
            "Quý 3/2026",
            "Quý III/2026",
            "quý 4/2026",
            "Quý IV năm 2026",
            "Quý 3-4/2026",
            "Quý 3, 4/2026",
            "Quý 3 và 4/2026",
            "QUÝ 3/2026",
        ] {
            assert_eq!(
                kind(quarter),
                (TimeframeKind::Year, Some(2026), Some(2026)),
                "{quarter}"
            );
        }
        assert_eq!(
            kind("Từ năm 2026 đến năm 2028"),
            (TimeframeKind::Range, Some(2026), Some(2028))
        );
        for range in [
            "Từ tháng 6 năm 2026 đến năm 2030",
            "Từ 6/2026 đến năm 2030",
            "Từ năm 2026 đến tháng 6 năm 2030",
        ] {
            assert_eq!(
                kind(range),
                (TimeframeKind::Range, Some(2026), Some(2030)),
                "{range}"
            );
        }
        for month in [
            "Tháng 6 năm 2026",
            "tháng 12, năm 2026",
            "Trước tháng 6 năm 2026",
        ] {
            assert_eq!(
                kind(month),
                (TimeframeKind::Month, Some(2026), Some(2026)),
                "{month}"
            );
        }
        assert_eq!(
            kind("Tháng 13 năm 2026"),
            (TimeframeKind::Year, Some(2026), Some(2026))
        );
        assert_eq!(kind("Thường xuyên"), (TimeframeKind::Recurring, None, None));
        assert_eq!(kind("Hằng năm"), (TimeframeKind::Recurring, None, None));
        assert_eq!(kind("Hàng năm"), (TimeframeKind::Recurring, None, None));
        assert_eq!(
            kind("Khi Bộ Thông tin và Truyền thông hướng dẫn"),
            (TimeframeKind::Conditional, None, None)
        );
        assert_eq!(
            kind("2025 (và tiếp tục duy trì cho những năm tiếp theo)"),
            (TimeframeKind::Year, Some(2025), Some(2025))
        );
        assert_eq!(kind(""), (TimeframeKind::Unknown, None, None));
    }

    #[test]
    fn a_note_may_follow_but_not_a_page_of_text() {
        let note = "trong đó hoàn thành các nhiệm vụ trọng tâm trước tháng 6";
        assert!(is_timeframe(&format!("Năm 2025 ({note})")));
        let long = [note; 5].join(", ");
        // Closed or left open by a cut row, a note of 60 words is not a timeframe's.
        assert!(!is_timeframe(&format!("Năm 2025 ({long})")));
        assert!(!is_timeframe(&format!("Năm 2025 ({long}")));
        // Up to the bound the words inside parentheses do not count against the cell: "Năm",
        // "2025" and the note's words make exactly the bound, one more word passes it.
        let note = ["chữ"; MAX_TIMEFRAME_WORDS - 2].join(" ");
        assert!(is_timeframe(&format!("Năm 2025 ({note})")));
        assert!(!is_timeframe(&format!("Năm 2025 ({note} thêm)")));
    }
}

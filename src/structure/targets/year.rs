//! The years a clause commits to ("đến hết năm 2025", "giai đoạn 2025-2030"), told apart from
//! dates ("ngày 29 tháng 02 năm 2024"), baselines ("so với năm 2020") and footnote marks glued
//! to a year ("năm 20241" is 2024 with footnote 1).

use once_cell::sync::Lazy;
use regex::Regex;

use super::lexicon::{
    ends_with_phrase, starts_with_phrase, tail_slice, tail_words, CONTEXT_BYTES, LEXICON,
};
use crate::domain::text::tone_key;

/// A year, possibly followed by a glued footnote mark of one or two digits.
static YEAR: Lazy<Regex> = Lazy::new(|| Regex::new(r"((?:19|20)[0-9]{2})([0-9]{0,2})").unwrap());
/// "2025-2030", "2025 – 20301": the end of a range is the deadline.
static RANGE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"((?:19|20)[0-9]{2})\s*[-–—]\s*((?:19|20)[0-9]{2})([0-9]{0,2})").unwrap()
});
/// "tháng 02 năm", "02/" right before a year: the year of a date.
static DATE_BEFORE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:tháng\s*[0-9]{1,2}\s*(?:năm)?|[0-9]{1,2}\s*[/.-])\s*$").unwrap()
});

/// "quý 3/", "Quý III/", "quý 3-4/", "tháng 6/" right before a year: a deadline within it.
static PERIOD_BEFORE_YEAR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)(?:tháng\s+|{q})(?:[0-9]{{1,2}}|[IVX]{{1,4}})(?:\s*[-–,]\s*(?:[0-9]{{1,2}}|[IVX]{{1,4}}))*\s*/\s*$",
        q = crate::domain::timeframe::QUARTER_BEFORE_NUMBER
    ))
    .unwrap()
});
/// "ngày 15" before a month: the date of a document or an event, not a deadline's period.
static DAY_BEFORE: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i)ngày\s+[0-9]{1,2}\s*$").unwrap());

/// "12/KH-UBND", "142/QĐ-TTg", "57-NQ/TW": a document number.
static DOCUMENT_NUMBER: Lazy<Regex> = Lazy::new(|| Regex::new(r"^[0-9]+[/-]\S*\p{Lu}").unwrap());

/// A deadline year and the byte offset where it is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct YearMention {
    pub at: usize,
    pub end: usize,
    pub year: i32,
}

/// Every deadline year named in `text`, in order. `footnote_marks` lets a year with a glued
/// mark but no "năm" before it ("2025-20301") still read as a year.
pub(crate) fn deadline_years(text: &str, footnote_marks: &[u32]) -> Vec<YearMention> {
    let lexicon = &*LEXICON;
    let mut found: Vec<YearMention> = Vec::new();
    let mut covered: Vec<(usize, usize)> = Vec::new();
    for caps in RANGE.captures_iter(text) {
        let (Some(whole), Some(end_year), mark) = (caps.get(0), caps.get(2), caps.get(3)) else {
            continue;
        };
        if !glued_digits_ok(
            text,
            whole.end(),
            mark.map_or("", |m| m.as_str()),
            footnote_marks,
            true,
        ) {
            continue;
        }
        let before = tail_slice(&text[..whole.start()], CONTEXT_BYTES);
        if is_excluded_context(before) {
            continue;
        }
        if let Ok(year) = end_year.as_str().parse::<i32>() {
            found.push(YearMention {
                at: whole.start(),
                end: whole.end(),
                year,
            });
            covered.push((whole.start(), whole.end()));
        }
    }
    let mut next_range = 0usize;
    for caps in YEAR.captures_iter(text) {
        let (Some(whole), Some(year_digits)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        // Both lists run in text order: skip the ranges that end before this year.
        while covered
            .get(next_range)
            .is_some_and(|(_, e)| *e <= whole.start())
        {
            next_range += 1;
        }
        if covered
            .get(next_range)
            .is_some_and(|(s, e)| whole.start() < *e && whole.end() > *s)
        {
            continue;
        }
        // "Quý 3/2026", "tháng 6/2027": the year of a quarter or month the clause names; the
        // mention starts at its quarter's or month's word, which is part of the deadline.
        if let Some(period) = PERIOD_BEFORE_YEAR.find(&text[..whole.start()]) {
            let before = tail_slice(&text[..period.start()], CONTEXT_BYTES);
            let mark = caps.get(2).map_or("", |m| m.as_str());
            if !is_excluded_context(before)
                && !DAY_BEFORE.is_match(before)
                && glued_digits_ok(text, whole.end(), mark, footnote_marks, true)
            {
                if let Ok(year) = year_digits.as_str().parse::<i32>() {
                    found.push(YearMention {
                        at: period.start(),
                        end: whole.end(),
                        year,
                    });
                }
            }
            continue;
        }
        // Part of a longer number or a code ("120251", "A2025").
        if text[..whole.start()]
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '.' || c == ',')
        {
            continue;
        }
        let before = tail_slice(&text[..whole.start()], CONTEXT_BYTES);
        let before_key = tone_key(&tail_words(before, 4));
        let led = ends_with_phrase(&before_key, &lexicon.year_lead).is_some();
        let mark = caps.get(2).map_or("", |m| m.as_str());
        if !glued_digits_ok(text, whole.end(), mark, footnote_marks, led) {
            continue;
        }
        if !led || is_excluded_context(before) {
            continue;
        }
        if let Ok(year) = year_digits.as_str().parse::<i32>() {
            found.push(YearMention {
                at: whole.start(),
                end: whole.end(),
                year,
            });
        }
    }
    found.sort_by_key(|m| m.at);
    found
}

/// The first deadline year of a heading or group title ("MỤC TIÊU ĐẾN NĂM 2030", "Đến năm
/// 2045"); a title without one gives None.
pub(crate) fn title_year(title: &str, footnote_marks: &[u32]) -> Option<i32> {
    deadline_years(title, footnote_marks)
        .first()
        .map(|m| m.year)
}

/// Digits glued after a year are a footnote mark when a year word stands before it (nothing
/// else reads "năm 20241") or when they are one of the page-bottom footnote numbers; and the
/// number must end there.
fn glued_digits_ok(
    text: &str,
    end: usize,
    glued: &str,
    footnote_marks: &[u32],
    led_by_year_word: bool,
) -> bool {
    if text[end..]
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c.is_alphabetic())
    {
        return false;
    }
    if glued.is_empty() {
        return true;
    }
    led_by_year_word
        || glued
            .parse::<u32>()
            .is_ok_and(|mark| footnote_marks.contains(&mark))
}

fn is_excluded_context(before: &str) -> bool {
    let window = tail_words(before, 4);
    if DATE_BEFORE.is_match(&window) {
        return true;
    }
    // "Kế hoạch số 12/KH-UBND năm 2023", "Nghị quyết 57 năm 2024": the year of a document.
    let words: Vec<&str> = window.split_whitespace().collect();
    let names_document = words.iter().any(|w| DOCUMENT_NUMBER.is_match(w))
        || (0..words.len()).any(|i| {
            starts_with_phrase(&tone_key(&words[i..].join(" ")), &LEXICON.document).is_some()
        });
    if names_document {
        return true;
    }
    let key = tone_key(&window);
    let lexicon = &*LEXICON;
    // "so với năm 2020": strip the year word, then look for a baseline phrase.
    let stripped = match ends_with_phrase(&key, &lexicon.year_lead) {
        Some(lead) => key[..key.len() - lead.len()].trim_end().to_string(),
        None => key.clone(),
    };
    ends_with_phrase(&key, &lexicon.baseline).is_some()
        || ends_with_phrase(&stripped, &lexicon.baseline).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A clause's own quarter or month gives its year (a review of stop 54: "Trong Quý 3/2026,
    /// 100% xã …" under "MỤC TIÊU ĐẾN NĂM 2030" was given 2030).
    #[test]
    fn a_quarter_or_month_gives_its_year() {
        for (text, year) in [
            ("Trong Quý 3/2026, 100% xã", 2026),
            ("Đến hết Quý 4/2026 tối thiểu 80%", 2026),
            ("Đến tháng 6/2027 đạt 60%", 2027),
            ("Quý III/2026: 100% cán bộ", 2026),
        ] {
            assert_eq!(years(text, &[]), [year], "{text}");
        }
        let mention = deadline_years("Trong Quý 3/2026, 100%", &[])[0];
        assert_eq!(mention.at, "Trong ".len());
        for not_a_deadline in [
            "Kế hoạch số 12/KH-UBND tháng 3/2026",
            "so với tháng 6/2025",
            "ngày 15 tháng 3/2026",
        ] {
            assert_eq!(
                years(not_a_deadline, &[]),
                Vec::<i32>::new(),
                "{not_a_deadline}"
            );
        }
    }

    fn years(text: &str, marks: &[u32]) -> Vec<i32> {
        deadline_years(text, marks).iter().map(|m| m.year).collect()
    }

    #[test]
    fn deadline_words_make_a_year() {
        assert_eq!(years("Phấn đấu đến hết năm 2025, 100% cán bộ", &[]), [2025]);
        assert_eq!(
            years("Năm 2025 tối thiểu 80%; đến năm 2030 100%", &[]),
            [2025, 2030]
        );
        assert_eq!(years("giai đoạn 2025-2030", &[]), [2030]);
        assert_eq!(years("MỤC TIÊU ĐẾN NĂM 2030", &[]), [2030]);
    }

    #[test]
    fn dates_baselines_and_codes_are_not_deadlines() {
        assert!(years("ngày 29 tháng 02 năm 2024", &[]).is_empty());
        assert!(years("ngày 02/02/2024", &[]).is_empty());
        assert!(years("giảm 15% so với năm 2020", &[]).is_empty());
        assert!(years("mã 120251", &[]).is_empty());
        assert!(years("Thực hiện Kế hoạch số 12/KH-UBND năm 2023, 100%", &[]).is_empty());
        assert!(years("theo Nghị quyết năm 2024", &[]).is_empty());
        assert!(years("tăng 10% so với cùng kỳ năm 2024", &[]).is_empty());
    }

    #[test]
    fn footnote_marks_do_not_corrupt_years() {
        assert_eq!(years("đến năm 20241, Ủy ban", &[1]), [2024]);
        assert_eq!(years("giai đoạn 2025-20301.", &[1]), [2030]);
        // Without the mark among the footnotes and without a year word, "20301" is no year.
        assert!(years("mã 20301", &[]).is_empty());
    }

    #[test]
    fn titles_give_their_first_deadline() {
        assert_eq!(title_year("Đến năm 2045", &[]), Some(2045));
        assert_eq!(title_year("MỤC ĐÍCH, YÊU CẦU", &[]), None);
    }
}

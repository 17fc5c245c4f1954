//! `invalid-timeframe` (end before start, "2O26" with a letter O, month 13) and `past-deadline`
//! (a deadline before the plan's own date).

use once_cell::sync::Lazy;
use regex::Regex;

use super::tables::raw_task_rows;
use super::{has_whole_word, Finding, PlanDate};
use crate::clean::Document;
use crate::domain::text::fold;
use crate::domain::timeframe;
use crate::model::Plan;

static ISO: Lazy<Regex> = Lazy::new(|| Regex::new(r"^([0-9]{4})-([0-9]{2})").unwrap());
static MONTH_YEAR: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"tháng\s+([0-9]{1,2})\s+năm\s+((?:19|20)[0-9]{2})").unwrap());
/// The header's own date line, "Kon Tum, ngày 21 tháng 4 năm 2026": a place (a capital first),
/// a comma, then the date, whose day and month a draft leaves blank ("ngày      tháng      năm
/// 2026"). The line may also hold the plan's number before it ("Số: /KH-UBND   Kon Tum, ngày …").
static DATE_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:^|[\s|*_])(\p{Lu}[\p{L}\s.\-–]{1,40}),\s*ngày\b(.{0,40}?)\bnăm\s+((?:19|20)[0-9]{2})")
        .unwrap()
});
static MONTH_NUMBER: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i)tháng\s*([0-9]{1,2})\b").unwrap());
static ATTACHED: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i)kèm\s+theo").unwrap());
static YEAR_WORD: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)\bnăm\s+((?:19|20)[0-9]{2})\b").unwrap());

/// The kinds of document a plan cites by number and date ("Quyết định số 142/QĐ-TTg ngày 02
/// tháng 02 năm 2024"): a date after one of them is that document's, not the plan's, and a
/// number after one is not a month. The first three only number a document.
const CITED_DOCUMENT_KINDS: &[&str] = &[
    "số",
    "số hiệu",
    "kế hoạch",
    "văn bản",
    "nghị định",
    "quyết định",
    "thông tư",
    "nghị quyết",
    "luật",
    "công văn",
    "chỉ thị",
    "thông báo",
    "hướng dẫn",
    "tờ trình",
    "báo cáo",
    "kết luận",
];

fn kinds_pattern(kinds: &[&str]) -> String {
    kinds.join("|")
}

/// A cited document's number and date before a "ngày … tháng … năm" in the same line.
static CITATION_BEFORE_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)(?:\b(?:{})\b|[0-9]+\s*/\s*[0-9]*\s*/?\s*[\p{{Lu}}Đ]+[-–])[^;]*ngày[^;]*$",
        kinds_pattern(CITED_DOCUMENT_KINDS)
    ))
    .unwrap()
});
/// Where a cited document other than the plan itself begins in an appendix's "(Kèm theo Kế
/// hoạch số … ngày … của UBND tỉnh triển khai Quyết định số 142/QĐ-TTg ngày …)".
static OTHER_DOCUMENT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:{})\b",
        kinds_pattern(&CITED_DOCUMENT_KINDS[3..])
    ))
    .unwrap()
});

fn month_of(text: &str) -> Option<u32> {
    MONTH_NUMBER
        .captures(text)
        .and_then(|m| m[1].parse().ok())
        .filter(|m| (1..=12).contains(m))
}

/// The plan's date: the date line of its header (the year alone when the day and month are left
/// blank), else an appendix's "(Kèm theo Kế hoạch số … ngày … tháng … năm …)" up to any other
/// document it cites, else the parsed date, else a "tháng M năm YYYY" of the header that no cited
/// document owns.
pub fn plan_date(plan: &Plan, document: &Document) -> Option<PlanDate> {
    let header: Vec<String> = document
        .slice(&document.regions.header)
        .iter()
        .take(40)
        .map(|l| crate::clean::collapse_whitespace(&l.text))
        .collect();
    for text in &header {
        let own_date = DATE_LINE
            .captures_iter(text)
            .find(|caps| !has_whole_word(&caps[1], CITED_DOCUMENT_KINDS));
        if let Some(caps) = own_date {
            return Some(PlanDate {
                year: caps[3].parse().ok()?,
                month: month_of(&caps[2]),
            });
        }
    }
    let attached = document
        .regions
        .appendices
        .iter()
        .flat_map(|r| document.slice(r).iter().take(8));
    for line in attached {
        let text = crate::clean::collapse_whitespace(&line.text);
        let Some(at) = ATTACHED.find(&text).map(|m| m.end()) else {
            continue;
        };
        // The plan's own reference, up to the first other document the caption cites.
        let own = &text[at..];
        let own = OTHER_DOCUMENT
            .find(own)
            .map_or(own, |other| &own[..other.start()]);
        if let Some(year) = YEAR_WORD.captures(own) {
            return Some(PlanDate {
                year: year[1].parse().ok()?,
                month: month_of(&own[..year.get(0).map_or(0, |m| m.start())]),
            });
        }
    }
    // The parser's reading, for forms the ones above miss; it takes an appendix caption's
    // first date, which is a cited document's when the plan's own is left blank.
    if let Some(caps) = plan.plan.date.as_deref().and_then(|d| ISO.captures(d)) {
        let year = caps[1].parse().ok()?;
        let month = caps[2].parse().ok().filter(|m| (1..=12).contains(m));
        return Some(PlanDate { year, month });
    }
    for text in &header {
        let Some(caps) = MONTH_YEAR.captures(text) else {
            continue;
        };
        let before = &text[..caps.get(0).map_or(0, |m| m.end())];
        if !CITATION_BEFORE_DATE.is_match(before) {
            return Some(PlanDate {
                year: caps[2].parse().ok()?,
                month: caps[1].parse().ok().filter(|m| (1..=12).contains(m)),
            });
        }
    }
    None
}

static LETTER_O_YEAR: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\b(2[0Oo][0-9Oo]{2}|1[9][0-9Oo]{2})\b").unwrap());
static RANGE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\b((?:19|20)[0-9]{2})\s*[-–—]\s*((?:19|20)[0-9]{2})\b").unwrap());
/// Numbers are read in ASCII digits; a digit of any script (`\p{Nd}`) beside one means it is
/// part of a longer number.
static DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?:^|[^\p{Nd}/])([0-9]{1,2})\s*/\s*([0-9]{1,2})\s*/\s*((?:19|20)[0-9]{2})(?:$|[^\p{Nd}/])",
    )
    .unwrap()
});
static MONTH_SLASH: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?:^|[^\p{Nd}/])([0-9]{1,2})\s*/\s*((?:19|20)[0-9]{2})(?:$|[^\p{Nd}/])").unwrap()
});
static QUARTER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)\bquý\s+([IVX]{1,4}|[0-9]{1,2})\b").unwrap());
static MONTH_WORD: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)tháng\s+([0-9]{1,2})(?:\s*/\s*|\s+năm\s+)((?:19|20)[0-9]{2})").unwrap()
});
static DOCUMENT_NUMBER_BEFORE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)(?:{})\s*$",
        kinds_pattern(CITED_DOCUMENT_KINDS)
    ))
    .unwrap()
});

/// A deadline: (year, month) it ends at.
fn deadlines_in_timeframe(text: &str) -> Option<(i32, Option<u32>)> {
    let tf = crate::domain::timeframe::parse(text);
    let end = tf.end?;
    let month = MONTH_SLASH
        .captures(&tf.raw)
        .and_then(|c| c[1].parse::<u32>().ok())
        .filter(|m| (1..=12).contains(m) && tf.kind == crate::model::TimeframeKind::Month);
    Some((end, month))
}

/// Timeframe cells: from the model, from tab-separated rows, or lone timeframe lines of flowed
/// appendix text. (line, text, certain)
fn timeframe_cells(plan: &Plan, document: &Document) -> Vec<(usize, String, bool)> {
    let mut out = Vec::new();
    let from_model: Vec<_> = plan
        .tables
        .iter()
        .flat_map(|t| t.rows.iter())
        .filter_map(|r| {
            r.timeframe.as_ref().map(|tf| {
                let line = super::line_holding(document, r.lines, &tf.raw)
                    .unwrap_or(r.lines[1].max(r.lines[0]));
                (line, tf.raw.clone(), true)
            })
        })
        .collect();
    if !from_model.is_empty() {
        return from_model;
    }
    let rows = raw_task_rows(document);
    if !rows.is_empty() {
        for (row, columns) in rows {
            if let Some(cell) = columns.time.and_then(|t| row.cells.get(t)) {
                if !cell.is_empty() {
                    out.push((row.line, cell.clone(), true));
                }
            }
        }
        return out;
    }
    static LONE_TIMEFRAME: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(?:năm\s+|trước\s+|tháng\s+|quý\s+[IV]+/?\s*)?(?:[0-9]{1,2}\s*/\s*)?(?:19|20)[0-9]{2}(?:\s*[-–]\s*(?:[0-9]{1,2}\s*/\s*)?(?:19|20)[0-9]{2})?\.?$").unwrap()
    });
    for range in &document.regions.appendices {
        for line in document.slice(range).iter().filter(|l| l.is_content()) {
            let text = crate::clean::collapse_whitespace(&line.text);
            if LONE_TIMEFRAME.is_match(&text) {
                out.push((line.no, text, false));
            }
        }
    }
    out
}

static BODY_DEADLINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:(?:hoàn thành|xong|chậm nhất)\s+(?:trong|trước|vào|trong)?\s*|trước\s+|đến hết\s+)(?:ngày\s+[0-9]{1,2}\s*/\s*|tháng\s+)?(?:([0-9]{1,2})\s*/\s*|([0-9]{1,2})\s+năm\s+|năm\s+|quý\s+[IV]+\s*/?\s*(?:năm\s+)?)?((?:19|20)[0-9]{2})\b")
        .unwrap()
});

static DEADLINE_VERB: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)^(?:hoàn thành|xong|chậm nhất)").unwrap());

/// Words that make a clause tell of what was done, not what is to be done ("các kết quả đạt
/// được trước năm 2025", "kế thừa kết quả … đến hết năm 2025").
const PAST_MARKERS: &[&str] = &[
    "đạt được",
    "đã đạt",
    "đã thực hiện",
    "đã triển khai",
    "đã hoàn thành",
    "kế thừa",
    "trước đây",
];

/// Whether the clause that ends at `before`'s end tells of the past.
fn tells_of_the_past(before: &str) -> bool {
    let clause = before
        .rfind(['.', ';', ':'])
        .map_or(before, |at| &before[at + 1..]);
    has_whole_word(clause, PAST_MARKERS)
}

pub fn check(plan: &Plan, document: &Document, date: Option<PlanDate>) -> Vec<Finding> {
    let mut findings = Vec::new();
    // Lines outside the header: the body, closing and appendices.
    let start = document.regions.header.end.min(document.lines.len());
    for line in document.lines[start..].iter().filter(|l| l.is_content()) {
        let text = crate::clean::collapse_whitespace(&line.text);
        invalid_in_text(&text, line.no, &mut findings);
    }
    if let Some(date) = date {
        for (line, cell, certain) in timeframe_cells(plan, document) {
            let Some((year, month)) = deadlines_in_timeframe(&cell) else {
                continue;
            };
            // "2025 (và tiếp tục duy trì …)" goes on past its year.
            if timeframe::goes_on(&cell) {
                continue;
            }
            if let Some(finding) = past(year, month, date, line, &cell, certain) {
                findings.push(finding);
            }
        }
        let body = document.slice(&document.regions.body);
        for line in body.iter().filter(|l| l.is_content()) {
            let text = crate::clean::collapse_whitespace(&line.text);
            for caps in BODY_DEADLINE.captures_iter(&text).take(8) {
                let Some(year) = caps.get(3).and_then(|m| m.as_str().parse::<i32>().ok()) else {
                    continue;
                };
                let month = caps
                    .get(1)
                    .or(caps.get(2))
                    .and_then(|m| m.as_str().parse::<u32>().ok())
                    .filter(|m| (1..=12).contains(m));
                // "trong giai đoạn 2021-2025" names a period, not a deadline.
                let whole = caps.get(0).map_or("", |m| m.as_str());
                let after = &text[caps.get(0).map_or(0, |m| m.end())..];
                if after.trim_start().starts_with(['-', '–']) || fold(whole).contains("giai doan")
                {
                    continue;
                }
                // A bare "trước năm 2025" or "đến hết năm 2025" also dates what was done before
                // the plan ("các kết quả đạt được trước năm 2025"); only "hoàn thành …" and the
                // like always set a deadline.
                let start = caps.get(0).map_or(0, |m| m.start());
                let bare_year = caps.get(1).is_none()
                    && caps.get(2).is_none()
                    && !has_whole_word(whole, &["ngày", "tháng", "quý"]);
                if bare_year && !DEADLINE_VERB.is_match(whole) && tells_of_the_past(&text[..start])
                {
                    continue;
                }
                if let Some(finding) = past(year, month, date, line.no, whole, true) {
                    findings.push(finding);
                }
            }
        }
    }
    findings
}

fn past(
    year: i32,
    month: Option<u32>,
    date: PlanDate,
    line: usize,
    shown: &str,
    certain: bool,
) -> Option<Finding> {
    let before = match (month, date.month) {
        (Some(m), Some(plan_month)) => (year, m) < (date.year, plan_month),
        _ => year < date.year,
    };
    if !before {
        return None;
    }
    let plan_date = match date.month {
        Some(m) => format!("{m:02}/{}", date.year),
        None => date.year.to_string(),
    };
    Some(
        Finding::new(
            "past-deadline",
            format!("deadline \"{shown}\" is before the plan's own date ({plan_date})"),
            [line, line],
            certain,
        )
        .focus(shown)
        .suggest(format!(
            "set a deadline from {plan_date} on, or mark the task as ongoing (\"Thường xuyên\")"
        )),
    )
}

/// Days in a month of the Gregorian calendar ("30/02/2027" has no such day).
fn days_in_month(month: u32, year: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

fn invalid_in_text(text: &str, line: usize, findings: &mut Vec<Finding>) {
    // "Quý 0/2027" is one wrong quarter, not also a month 0.
    let mut dated_spans: Vec<(usize, usize)> = Vec::new();
    for caps in QUARTER.captures_iter(text).take(8) {
        if let Some(m) = caps.get(0) {
            dated_spans.push((m.start(), m.end()));
        }
        let printed = &caps[1];
        let quarter = crate::domain::numbering::roman_value(&printed.to_uppercase())
            .or_else(|| printed.parse().ok());
        if quarter.is_some_and(|q| q == 0 || q > 4) {
            findings.push(
                Finding::new(
                    "invalid-timeframe",
                    format!(
                        "quarter \"{}\" does not exist (a year has quarters I to IV)",
                        &caps[0]
                    ),
                    [line, line],
                    true,
                )
                .focus(&caps[0])
                .suggest("quarters run from I to IV"),
            );
        }
    }
    for caps in LETTER_O_YEAR.captures_iter(text).take(8) {
        let token = &caps[1];
        if token.chars().any(|c| c == 'O' || c == 'o')
            && token.chars().filter(|c| c.is_ascii_digit()).count() >= 2
        {
            let fixed: String = token
                .chars()
                .map(|c| if c == 'O' || c == 'o' { '0' } else { c })
                .collect();
            findings.push(
                Finding::new(
                    "invalid-timeframe",
                    format!("\"{token}\" is not a year: it has a letter O in place of a zero"),
                    [line, line],
                    true,
                )
                .focus(token)
                .suggest(format!("write \"{fixed}\"")),
            );
        }
    }
    for caps in RANGE.captures_iter(text).take(8) {
        let (Ok(start), Ok(end)) = (caps[1].parse::<i32>(), caps[2].parse::<i32>()) else {
            continue;
        };
        if end < start {
            findings.push(
                Finding::new(
                    "invalid-timeframe",
                    format!("period \"{}\" ends before it starts", &caps[0]),
                    [line, line],
                    true,
                )
                .focus(&caps[0])
                .suggest(format!("write \"{end} - {start}\" or correct the years")),
            );
        }
    }
    for caps in DATE.captures_iter(text).take(8) {
        let (Ok(day), Ok(month), Ok(year)) = (
            caps[1].parse::<u32>(),
            caps[2].parse::<u32>(),
            caps[3].parse::<u32>(),
        ) else {
            continue;
        };
        if let Some(m) = caps.get(0) {
            dated_spans.push((m.start(), m.end()));
        }
        if month == 0 || month > 12 || day == 0 || day > days_in_month(month, year) {
            findings.push(
                Finding::new(
                    "invalid-timeframe",
                    format!(
                        "date \"{}/{}/{}\" has no such day or month",
                        &caps[1], &caps[2], &caps[3]
                    ),
                    [line, line],
                    true,
                )
                .suggest("correct the day or month"),
            );
        }
    }
    let month_tokens = MONTH_SLASH
        .captures_iter(text)
        .take(8)
        .filter_map(|c| {
            let whole = c.get(0)?;
            if dated_spans
                .iter()
                .any(|(s, e)| whole.start() < *e && *s < whole.end())
            {
                return None;
            }
            // "Nghị định số 42/2022" is a document number, not a month.
            let before = &text[..c.get(1)?.start()];
            if DOCUMENT_NUMBER_BEFORE.is_match(before) {
                return None;
            }
            Some((
                c[1].parse::<u32>().ok()?,
                c[2].to_string(),
                c[1].to_string(),
            ))
        })
        .chain(MONTH_WORD.captures_iter(text).take(8).filter_map(|c| {
            Some((
                c[1].parse::<u32>().ok()?,
                c[2].to_string(),
                c[1].to_string(),
            ))
        }));
    for (month, year, printed) in month_tokens {
        if month == 0 || month > 12 {
            findings.push(
                Finding::new(
                    "invalid-timeframe",
                    format!("month {printed} of {year} does not exist"),
                    [line, line],
                    true,
                )
                .suggest("months run from 1 to 12"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        invalid_in_text(text, 1, &mut out);
        out.into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn invalid_forms() {
        assert_eq!(rules("Năm 2O26").len(), 1);
        assert_eq!(rules("2026 - 2025").len(), 1);
        assert_eq!(rules("13/2025").len(), 1);
        assert_eq!(rules("ngày 30/13/2025").len(), 1);
        assert!(rules("2024 - 2025").is_empty());
        assert!(rules("Nghị định số 42/2022/NĐ-CP ngày 24/6/2022").is_empty());
        assert!(rules("Quyết định số 20/2025").is_empty());
        assert!(rules("12/2025").is_empty());
        assert_eq!(rules("trước ngày 30/02/2027").len(), 1);
        assert!(rules("trước ngày 29/02/2028").is_empty());
        assert_eq!(
            rules("Quý 0/2027"),
            ["quarter \"Quý 0\" does not exist (a year has quarters I to IV)"]
        );
        assert!(rules("theo Công văn 13/2025 của Bộ").is_empty());
    }

    fn date_of(text: &str) -> Option<PlanDate> {
        let plan = crate::parse_text("draft.txt", text);
        plan_date(&plan, &crate::clean::clean(text))
    }

    #[test]
    fn the_plan_date_is_its_own() {
        let header = |date_line: &str| {
            format!(
                "ỦY BAN NHÂN DÂN\nTỈNH HÒA BÌNH\nSố: /KH-UBND\n{date_line}\n\nKẾ HOẠCH\nTriển khai Chiến lược dữ liệu\n\nThực hiện Quyết định số 142/QĐ-TTg ngày 02 tháng 02 năm 2024 của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\n\nI. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n"
            )
        };
        // A draft's blank day and month: the year alone, not the cited decision's February.
        assert_eq!(
            date_of(&header("Hòa Bình, ngày      tháng      năm 2026")),
            Some(PlanDate {
                year: 2026,
                month: None
            })
        );
        assert_eq!(
            date_of(&header("Hòa Bình, ngày … tháng 7 năm 2026")),
            Some(PlanDate {
                year: 2026,
                month: Some(7)
            })
        );
        // No date line at all: the cited decision's date is not the plan's.
        assert_eq!(date_of(&header("")), None);
        // The number and the date flattened onto one line; a city's "TP.".
        assert_eq!(
            date_of(&header(
                "Số:    /KH-UBND\tHòa Bình, ngày    tháng 7 năm 2026"
            )),
            Some(PlanDate {
                year: 2026,
                month: Some(7)
            })
        );
        assert_eq!(
            date_of(&header("TP. Hòa Bình, ngày      tháng      năm 2026")),
            Some(PlanDate {
                year: 2026,
                month: None
            })
        );
    }
}

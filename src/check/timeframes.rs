//! `invalid-timeframe` (end before start, "2O26" with a letter O, month 13) and `past-deadline`
//! (a deadline before the plan's own date).

use once_cell::sync::Lazy;
use regex::Regex;

use super::tables::raw_task_rows;
use super::{Finding, PlanDate};
use crate::clean::Document;
use crate::domain::text::fold;
use crate::model::Plan;

static ISO: Lazy<Regex> = Lazy::new(|| Regex::new(r"^([0-9]{4})-([0-9]{2})").unwrap());
static MONTH_YEAR: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"tháng\s+([0-9]{1,2})\s+năm\s+((?:19|20)[0-9]{2})").unwrap());
static ATTACHED_YEAR: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)kèm theo.*năm\s+((?:19|20)[0-9]{2})").unwrap());

/// The plan's date: the parsed date, else the "tháng M năm YYYY" of its header or of an appendix's
/// "(Kèm theo Kế hoạch số … ngày … tháng … năm …)" line.
pub fn plan_date(plan: &Plan, document: &Document) -> Option<PlanDate> {
    if let Some(caps) = plan.plan.date.as_deref().and_then(|d| ISO.captures(d)) {
        let year = caps[1].parse().ok()?;
        let month = caps[2].parse().ok().filter(|m| (1..=12).contains(m));
        return Some(PlanDate { year, month });
    }
    let header = document.slice(&document.regions.header);
    let attached = document
        .regions
        .appendices
        .iter()
        .flat_map(|r| document.slice(r).iter().take(8));
    for line in header.iter().take(40).chain(attached) {
        let text = crate::clean::collapse_whitespace(&line.text);
        if let Some(caps) = MONTH_YEAR.captures(&text) {
            let year = caps[2].parse().ok()?;
            let month = caps[1].parse().ok().filter(|m| (1..=12).contains(m));
            return Some(PlanDate { year, month });
        }
        if let Some(caps) = ATTACHED_YEAR.captures(&text) {
            return Some(PlanDate {
                year: caps[1].parse().ok()?,
                month: None,
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
    Regex::new(r"(?i)(?:số|số hiệu|văn bản|nghị định|quyết định|thông tư|nghị quyết|luật)\s*$")
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
            r.timeframe
                .as_ref()
                .map(|tf| (r.lines[1].max(r.lines[0]), tf.raw.clone(), true))
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
            let folded = fold(&cell);
            if [
                "tiep tuc",
                "duy tri",
                "hang nam",
                "thuong xuyen",
                "tiep theo",
            ]
            .iter()
            .any(|w| folded.contains(w))
            {
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

fn invalid_in_text(text: &str, line: usize, findings: &mut Vec<Finding>) {
    for caps in QUARTER.captures_iter(text).take(8) {
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
    let mut dated_spans: Vec<(usize, usize)> = Vec::new();
    for caps in DATE.captures_iter(text).take(8) {
        let (Ok(day), Ok(month)) = (caps[1].parse::<u32>(), caps[2].parse::<u32>()) else {
            continue;
        };
        if let Some(m) = caps.get(0) {
            dated_spans.push((m.start(), m.end()));
        }
        if month == 0 || month > 12 || day == 0 || day > 31 {
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
    }
}

//! `invalid-timeframe` (end before start, "2O26" with a letter O, month 13, a year of five
//! digits or centuries away in a timeframe cell) and `past-deadline` (a deadline before the
//! plan's own date).

use once_cell::sync::Lazy;
use regex::Regex;

use super::outline;
use super::tables::raw_task_rows;
use super::{has_whole_word, Finding, PlanDate};
use crate::clean::Document;
use crate::domain::text::fold;
use crate::domain::timeframe;
use crate::model::Plan;

static ISO: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?").unwrap());
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
static DAY_NUMBER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)(?:^|\s)([0-9]{1,2})\s+tháng\b").unwrap());
static ATTACHED: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i)kèm\s+theo").unwrap());
static YEAR_WORD: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)\bnăm\s+((?:19|20)[0-9]{2})\b").unwrap());

/// The kinds of document a plan cites by number and date ("Quyết định số 142/QĐ-TTg ngày 02
/// tháng 02 năm 2024"): a date after one of them is that document's, not the plan's, and a
/// number after one is not a month. The first three only number a document.
pub(crate) const CITED_DOCUMENT_KINDS: &[&str] = &[
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

pub(crate) fn kinds_pattern(kinds: &[&str]) -> String {
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

/// The day of a date line's "15 tháng 7" (the number before "tháng"); None when left blank.
fn day_of(text: &str) -> Option<u32> {
    DAY_NUMBER
        .captures(text)
        .and_then(|m| m[1].parse().ok())
        .filter(|d| (1..=31).contains(d))
}

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
                day: day_of(&caps[2]),
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
            let date = &own[..year.get(0).map_or(0, |m| m.start())];
            return Some(PlanDate {
                year: year[1].parse().ok()?,
                month: month_of(date),
                day: day_of(date),
            });
        }
    }
    // The parser's reading, for forms the ones above miss; it takes an appendix caption's
    // first date, which is a cited document's when the plan's own is left blank.
    if let Some(caps) = plan.plan.date.as_deref().and_then(|d| ISO.captures(d)) {
        let year = caps[1].parse().ok()?;
        let month = caps[2].parse().ok().filter(|m| (1..=12).contains(m));
        let day = caps[3].parse().ok().filter(|d| (1..=31).contains(d));
        return Some(PlanDate { year, month, day });
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
                day: None,
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
/// A quarter's number: after "Quý"/"Quí" anywhere, after a glued "Q" only before a year ("Q5/2026";
/// "Q10" alone is a district). The spellings are `timeframe::QUARTER_BEFORE_NUMBER`'s.
static QUARTER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\bqu[ýyí]\s+([IVX]{1,4}|[0-9]{1,2})\b|\bq([IVX]{1,4}|[0-9]{1,2})\s*/\s*(?:19|20)[0-9]{2}\b").unwrap()
});
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

/// A year in ASCII digits, not the tail of a longer number (the digit after it is looked at
/// separately: matching it would swallow the dash of "2025-2030").
static YEAR_NUMBER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?:^|[^\p{Nd}])((?:19|20)[0-9]{2})").unwrap());
/// The deadline of a date whose words end with `before` (the text up to its year): the period's
/// end, or, led by "trước" (before), the end of the month before the period starts ("trước năm
/// 2026" is due in December 2025, "Trước tháng 4/2026" in March, "trước quý II/2026" in March).
/// A day is kept as it is: a day before it is as good as it.
fn deadline_at(before: &str, year: i32) -> (i32, Option<u32>, Option<u32>) {
    let (month, day) = (
        timeframe::last_month_before_year(before),
        timeframe::day_before_year(before),
    );
    if day.is_some() || !timeframe::due_before(before) {
        return (year, month, day);
    }
    match timeframe::first_month_before_year(before) {
        Some(first) if first > 1 => (year, Some(first - 1), None),
        _ => (year - 1, Some(12), None),
    }
}

/// A timeframe cell's deadline: (year, month, day) it ends at. It is the latest year the cell
/// names ("Năm 2026 (đã triển khai từ 2025)" ends in 2026), unless that year opens a period
/// that runs on ("Từ năm 2025", "2025 trở đi"), which has none.
fn deadline_of_cell(text: &str) -> Option<(i32, Option<u32>, Option<u32>)> {
    let raw = crate::clean::collapse_whitespace(text);
    let (year, at) = YEAR_NUMBER
        .captures_iter(&raw)
        .filter_map(|caps| {
            let found = caps.get(1)?;
            let next = raw[found.end()..].chars().next();
            if next.is_some_and(|c| c.is_numeric()) {
                return None;
            }
            Some((found.as_str().parse::<i32>().ok()?, found.range()))
        })
        .max_by_key(|(year, at)| (*year, at.start))?;
    if timeframe::runs_onward(&raw, at.clone()) {
        return None;
    }
    let before = &raw[..at.start];
    if reports_it_done(before) {
        return None;
    }
    Some(deadline_at(before, year))
}

/// Whether a cell's words before its latest year say the work is done by then ("Đã hoàn thành
/// năm 2025", "Đã ban hành tháng 6/2025"): a report of the past, not a deadline. Only the
/// year's own clause counts: "2024 (đã triển khai từ 2023)" is judged on 2024.
fn reports_it_done(before: &str) -> bool {
    let clause = before
        .rfind([',', ';', '.', ':', '(', ')', '-', '–', '—'])
        .map_or(before, |at| &before[at + 1..]);
    let key = crate::domain::text::tone_key(clause);
    let clause = key.rfind(" và ").map_or(key.as_str(), |at| &key[at + 4..]);
    has_whole_word(clause, DONE_IN_A_CELL)
}

/// What a timeframe cell says when the work is done by its year: a completed verb, not any
/// past "đã" ("Đã lùi đến tháng 12/2024", "Đã gia hạn đến …" move a deadline, which stays one).
const DONE_IN_A_CELL: &[&str] = &[
    "đã hoàn thành",
    "đã xong",
    "đã thực hiện",
    "đã triển khai",
    "đã ban hành",
    "đã phê duyệt",
    "đã đưa vào sử dụng",
];

/// The words of `WORDS_BEFORE_A_DATE` read one way.
fn words_of(reading: Reading) -> Vec<&'static str> {
    WORDS_BEFORE_A_DATE
        .iter()
        .filter(|(_, r)| *r == reading)
        .map(|(word, _)| *word)
        .collect()
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
        Regex::new(&format!(
            r"(?i)^(?:năm\s+|trước\s+|tháng\s+|{q}(?:[IV]+|[1-4])/?\s*)?(?:[0-9]{{1,2}}\s*/\s*)?(?:19|20)[0-9]{{2}}(?:\s*[-–]\s*(?:[0-9]{{1,2}}\s*/\s*)?(?:19|20)[0-9]{{2}})?\.?$",
            q = timeframe::QUARTER_BEFORE_NUMBER
        ))
        .unwrap()
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

/// How the words right before a date in running text make it read, for the body's deadlines:
/// one table of every such word, each with what it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// A verb of completing: its date is a deadline however the clause reads ("hoàn thành
    /// trước năm 2025", "chậm nhất ngày …"). These open a deadline's match.
    Completes,
    /// A verb of doing right before the date ("… báo cáo trước ngày 10/12/2025"): the date is
    /// this verb's, so a passive "được" further back ("Các đơn vị được giao triển khai trước
    /// năm 2025") belongs to another verb and does not make the date describe a thing.
    Does,
    /// Dates where a thing comes from when it follows the thing's noun: "hồ sơ … hình thành
    /// trước năm 2025", "hồ sơ tồn đọng phát sinh trước ngày 01/7/2025". Opening its clause
    /// ("Hình thành trước ngày … Trung tâm dữ liệu") it is the task.
    Origin,
    /// A verb that is the task when it opens its clause, follows the body that does it or takes
    /// its object after the date ("Xây dựng trước năm 2027 …", "Sở Tư pháp ban hành trước ngày
    /// …", "Mỗi xã xây dựng trước ngày … một mô hình"), and a participle dating the noun before
    /// it otherwise ("các hệ thống thông tin xây dựng trước năm 2020", "các văn bản do tỉnh ban
    /// hành trước năm 2020").
    DoneTo,
    /// Right before a `DoneTo` verb, makes it the task: "và" (one task more), "để" (what is to
    /// be done), a verb that drives or assigns another ("tiếp tục", "chủ trì", "hướng dẫn").
    /// (A `Completes` or `Does` verb there does too: "Hoàn thành xây dựng trước …".)
    Task,
    /// What must or will be done ("phải", "cần", "sẽ"): a `Task` word that also makes a passive
    /// "được" after it the task ("Các quy chế phải được ban hành trước …").
    Must,
    /// Right before the body a `DoneTo` verb follows, makes the body the agent of a thing
    /// described: "các văn bản do UBND tỉnh ban hành trước năm 2020".
    Agent,
    /// Right before a `DoneTo` verb, makes it tell of what was done, not set a task: "các hệ
    /// thống đã xây dựng trước năm 2020".
    Past,
}

const WORDS_BEFORE_A_DATE: &[(&str, Reading)] = &[
    ("hoàn thành", Reading::Completes),
    ("xong", Reading::Completes),
    ("chậm nhất", Reading::Completes),
    ("triển khai", Reading::Does),
    ("thực hiện", Reading::Does),
    ("báo cáo", Reading::Does),
    ("gửi", Reading::Does),
    ("trình", Reading::Does),
    ("nộp", Reading::Does),
    ("thí điểm", Reading::Does),
    ("hình thành", Reading::Origin),
    ("phát sinh", Reading::Origin),
    ("có từ", Reading::Origin),
    ("xây dựng", Reading::DoneTo),
    ("đầu tư", Reading::DoneTo),
    ("ban hành", Reading::DoneTo),
    ("phê duyệt", Reading::DoneTo),
    ("trang bị", Reading::DoneTo),
    ("lắp đặt", Reading::DoneTo),
    ("tiếp nhận", Reading::DoneTo),
    ("thu thập", Reading::DoneTo),
    ("tạo lập", Reading::DoneTo),
    ("số hóa", Reading::DoneTo),
    ("đưa vào sử dụng", Reading::DoneTo),
    ("đưa vào vận hành", Reading::DoneTo),
    ("và", Reading::Task),
    ("để", Reading::Task),
    ("nhằm", Reading::Task),
    ("tiếp tục", Reading::Task),
    ("đẩy mạnh", Reading::Task),
    ("tăng cường", Reading::Task),
    ("khẩn trương", Reading::Task),
    ("kịp thời", Reading::Task),
    ("phấn đấu", Reading::Task),
    ("tập trung", Reading::Task),
    ("ưu tiên", Reading::Task),
    ("chủ động", Reading::Task),
    ("phối hợp", Reading::Task),
    ("tổ chức", Reading::Task),
    ("chủ trì", Reading::Task),
    ("nghiên cứu", Reading::Task),
    ("chỉ đạo", Reading::Task),
    ("hướng dẫn", Reading::Task),
    ("giao", Reading::Task),
    ("đề nghị", Reading::Task),
    ("yêu cầu", Reading::Task),
    ("phải", Reading::Must),
    ("cần", Reading::Must),
    ("sẽ", Reading::Must),
    ("do", Reading::Agent),
    ("được", Reading::Agent),
    ("mà", Reading::Agent),
    ("đã", Reading::Past),
];

/// Words that may follow a date without naming the object of the verb before it: a
/// preposition, a conjunction, a mark of tense or voice ("dữ liệu thu thập trước ngày 01/7/2025
/// vào hệ thống", "hồ sơ phát sinh trước ngày … chưa được giải quyết"). Any other word after the
/// date is the verb's object, so the verb is a task ("xây dựng trước ngày … kế hoạch").
const WORDS_AFTER_A_DATE_NO_OBJECT: &[&str] = &[
    "vào", "để", "nhằm", "theo", "tại", "trên", "của", "cho", "với", "và", "hoặc", "đã", "chưa",
    "còn", "thì", "mà", "được", "bị", "từ", "đến", "sau", "trong", "đối", "khi", "do", "nay",
    "thuộc", "ở", "trở",
];

/// The table's words of one reading, as a regex alternation.
fn words_read_as(reading: Reading) -> String {
    WORDS_BEFORE_A_DATE
        .iter()
        .filter(|(_, r)| *r == reading)
        .map(|(word, _)| regex::escape(word))
        .collect::<Vec<_>>()
        .join("|")
}

/// The table with each entry's words as `word_key` gives them, built once: a date's reading is
/// looked up for every deadline match.
static READING_KEYS: Lazy<Vec<(Vec<String>, Reading)>> = Lazy::new(|| {
    WORDS_BEFORE_A_DATE
        .iter()
        .map(|(word, reading)| (word.split(' ').map(word_key).collect(), *reading))
        .collect()
});

/// A deadline in running text: a verb of completing with "trong", "trước" or "vào", or a bare
/// "trước" or "đến hết", then the date: a day ("30/6/", "ngày 30 tháng 6 năm "), a month
/// ("tháng 3/", "tháng 3 năm ", "3/"), a half ("6 tháng đầu năm "), a quarter ("quý I/") or
/// the year alone ("năm "), and the year (`year`).
static BODY_DEADLINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)(?:(?:{verbs})\s+(?:trong|trước|vào)?\s*|trước\s+|đến hết\s+)(?:ngày\s+)?(?:[0-9]{{1,2}}\s*/\s*[0-9]{{1,2}}\s*/\s*|[0-9]{{1,2}}\s+tháng\s+[0-9]{{1,2}}\s+năm\s+|tháng\s+[0-9]{{1,2}}\s*(?:/\s*|\s+năm\s+)|[0-9]{{1,2}}\s*/\s*|{half}\s+|{q}(?:(?:[IV]+|[1-4])\s*(?:[-–,]|và|đến)\s*(?:{q})?)*(?:[IV]+|[1-4])\s*/?\s*(?:năm\s+)?|năm\s+)?(?P<year>(?:19|20)[0-9]{{2}})\b",
        verbs = words_read_as(Reading::Completes),
        half = timeframe::HALF_YEAR,
        q = timeframe::QUARTER_BEFORE_NUMBER,
    ))
    .unwrap()
});

/// A timeframe given a label of its own in running text ("- Thời gian hoàn thành: Tháng
/// 3/2026."): read as a table's timeframe cell, up to the end of its sentence.
static TIMEFRAME_LABEL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\bthời\s+(?:gian|hạn)(?:\s+(?:hoàn\s+thành|thực\s+hiện|triển\s+khai))?\s*:\s*(?P<value>[^;]+)")
        .unwrap()
});

/// The value of a labelled timeframe, `after` its label: up to a full stop that ends the
/// sentence (one followed by a space or the line's end; "30.6.2026" keeps its dots), the ")"
/// closing a parenthesis the label is in, or a "," or "(" that opens a clause of its own
/// ("Thường xuyên, hoàn thành trước ngày …", "năm 2026 (báo cáo trước ngày …)"): that clause's
/// deadline is its own, not the label's. (A ";" ends it already: `TIMEFRAME_LABEL`.)
fn labelled_value(after: &str) -> &str {
    let mut depth = 0usize;
    let end = after
        .char_indices()
        .find(|&(at, c)| {
            let rest = &after[at + c.len_utf8()..];
            match c {
                '.' => rest.chars().next().is_none_or(char::is_whitespace),
                ',' => opens_a_clause(rest),
                '(' if opens_a_clause(rest) => true,
                '(' => {
                    depth += 1;
                    false
                }
                ')' if depth == 0 => true,
                ')' => {
                    depth -= 1;
                    false
                }
                _ => false,
            }
        })
        .map_or(after.len(), |(at, _)| at);
    after[..end].trim()
}

/// Whether `text` starts with a verb of the table (or a word that makes the next verb a task).
fn opens_a_clause(text: &str) -> bool {
    // The table's longest entry is three words.
    let keys: Vec<String> = text.split_whitespace().take(3).map(word_key).collect();
    reading_at_start(&keys).is_some_and(is_a_verb)
}

/// A labelled timeframe in parentheses right after a cited document's number ("Kế hoạch số
/// 10/KH-UBND (thời gian thực hiện: năm 2025)"): that document's time, not the task's.
static CITED_BEFORE_PARENTHESIS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:{})\s+(?:số\s+)?[0-9]+\s*/[^\s,;()]*(?:\s+ngày\s+[^,;()]*)?\s*\(\s*$",
        kinds_pattern(CITED_DOCUMENT_KINDS)
    ))
    .unwrap()
});

/// Words just before a deadline verb that make it no deadline: "chưa hoàn thành trong năm
/// 2025" (not finished), "đã hoàn thành trong năm 2025" (finished).
const NOT_A_DEADLINE_BEFORE_VERB: &[&str] = &["chưa", "đã", "đã được", "chưa được"];

static DEADLINE_VERB: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!(r"(?i)^(?:{})", words_read_as(Reading::Completes))).unwrap());

/// A period's start just before its "đến hết năm 2025": "từ năm 2021 ", "từ ngày 01/01/2021 ",
/// "từ tháng 3/2021 " — the years from one to the other, not a deadline.
static PERIOD_START: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:^|[\s(])(?:kể\s+)?từ\s+[^,.;:]{0,30}?(?:19|20)[0-9]{2}\s*$").unwrap()
});

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

/// At most this many bytes before a date are read for its words: the words looked at (below)
/// are far shorter in a plan, and a hostile line of 20,000 characters is then not rescanned for
/// every deadline match in it.
const BYTES_READ_BEFORE_A_DATE: usize = 400;
/// At most this many words before a date are read: the table's longest entry (3 words), a
/// body's name (`LONGEST_NAME`, 12) and the "do" before it fit.
const WORDS_READ_BEFORE_A_DATE: usize = 16;
/// The longest body's name looked for before a verb, in words ("Sở Văn hóa, Thể thao và Du
/// lịch" is 9; "Các sở, ban, ngành" with its commas 4).
const LONGEST_NAME: usize = 12;

/// The end of `text`, at most `BYTES_READ_BEFORE_A_DATE` bytes, from a word's start.
fn tail(text: &str) -> &str {
    let mut from = text.len().saturating_sub(BYTES_READ_BEFORE_A_DATE);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    if from == 0 || text[..from].ends_with(char::is_whitespace) {
        return &text[from..];
    }
    // A word cut in two is no word of the table.
    text[from..]
        .split_once(char::is_whitespace)
        .map_or("", |(_, rest)| rest)
}

/// The last words of the sentence that ends at `before`'s end (at most
/// `WORDS_READ_BEFORE_A_DATE`), each with its `word_key`. A list marker's dot ("1. Xây dựng")
/// ends the sentence too: it leaves nothing worth keeping.
fn last_words(before: &str) -> (Vec<&str>, Vec<String>) {
    let before = tail(before);
    let sentence = before
        .rfind(['.', ';', ':'])
        .map_or(before, |at| &before[at + 1..]);
    let mut words: Vec<&str> = sentence
        .split_whitespace()
        .rev()
        .take(WORDS_READ_BEFORE_A_DATE)
        .collect();
    words.reverse();
    let keys = words.iter().map(|w| word_key(w)).collect();
    (words, keys)
}

/// Whether `text` ends with one of `words` (whole words, tone marks compared as written).
pub(super) fn ends_with_words(text: &str, words: &[&str]) -> bool {
    let text = crate::domain::text::tone_key(tail(text).trim_end());
    words.iter().any(|word| {
        text.strip_suffix(crate::domain::text::tone_key(word).as_str())
            .is_some_and(|rest| !rest.chars().next_back().is_some_and(char::is_alphanumeric))
    })
}

/// A word of running text as the table compares it: marks in one placement, lowercase, the
/// punctuation around it dropped.
fn word_key(word: &str) -> String {
    crate::domain::text::tone_key(word.trim_matches(|c: char| !c.is_alphanumeric()))
}

/// The table's entry that the words end with (the longest), and how many words it spans.
fn reading_at_end(keys: &[String]) -> Option<(Reading, usize)> {
    READING_KEYS
        .iter()
        .filter(|(wanted, _)| keys.ends_with(wanted))
        .map(|(wanted, reading)| (*reading, wanted.len()))
        .max_by_key(|(_, span)| *span)
}

/// The table's entry that the words start with (the longest).
fn reading_at_start(keys: &[String]) -> Option<Reading> {
    READING_KEYS
        .iter()
        .filter(|(wanted, _)| keys.starts_with(wanted))
        .max_by_key(|(wanted, _)| wanted.len())
        .map(|(_, reading)| *reading)
}

/// Whether a reading is a verb's (or a word that makes the next verb the task).
fn is_a_verb(reading: Reading) -> bool {
    !matches!(reading, Reading::Agent | Reading::Past)
}

/// Whether the words after a date (`after`) name the object of the verb before it: "xây dựng
/// trước ngày 30/6/2026 kho dữ liệu" — then the verb is the task, not a participle.
fn names_an_object(after: &str) -> bool {
    let clause = after.trim_start();
    let Some(first) = clause.split_whitespace().next() else {
        return false;
    };
    if first.starts_with(|c: char| !c.is_alphanumeric()) {
        return false;
    }
    let key = word_key(first);
    !WORDS_AFTER_A_DATE_NO_OBJECT
        .iter()
        .any(|word| crate::domain::text::tone_key(word) == key)
}

/// Whether the words around a date make it date a thing the task acts on rather than set the
/// task's deadline. `before` ends at the date's lead word ("trước", "đến hết"), `after` starts
/// at the date's end; `bare_year` when the date has no day, month, quarter or half.
///
/// A date with a day or a month stays a deadline unless the words give positive evidence of a
/// description: where a thing comes from after its noun ("hồ sơ tồn đọng phát sinh trước ngày
/// 01/7/2025"); a passive "được", an agent ("do UBND tỉnh") or a past "đã" before the verb;
/// a participle after its noun with no object after the date ("dữ liệu thu thập trước ngày
/// 01/7/2025 vào hệ thống"). A bare year is read more loosely, as plans write it for the
/// things they act on: a participle after a noun whatever follows ("các hệ thống thông tin
/// xây dựng trước năm 2020 …"), a passive "được" a few words back ("các hệ thống được đầu tư
/// nâng cấp trước năm 2025").
fn dates_a_thing(before: &str, after: &str, bare_year: bool) -> bool {
    let (words, keys) = last_words(before);
    let n = words.len();
    match reading_at_end(&keys) {
        Some((Reading::Origin, span)) => follows_a_noun(&words[..n - span], &keys[..n - span]),
        Some((Reading::DoneTo, span)) => {
            let (words, keys) = (&words[..n - span], &keys[..n - span]);
            if let Some(described) = marked_as_done(words, keys) {
                return described;
            }
            follows_a_noun(words, keys) && (bare_year || !names_an_object(after))
        }
        // "… báo cáo trước năm 2025": a passive right before the verb of doing, not one
        // further back ("Các đơn vị được giao triển khai trước năm 2025").
        Some((Reading::Does, span)) => {
            bare_year
                && keys[..n - span].last().is_some_and(|w| w == "được")
                && !passive_is_a_task(&keys[..n - span - 1])
        }
        _ => {
            // "được" among the last four words (a verb of up to three after it).
            const PASSIVE_REACH: usize = 4;
            bare_year
                && (1..=PASSIVE_REACH.min(n))
                    .any(|back| keys[n - back] == "được" && !passive_is_a_task(&keys[..n - back]))
        }
    }
}

/// Whether the words before a passive "được" make it what is to be done ("phải được", "cần
/// được", "sẽ được").
fn passive_is_a_task(keys: &[String]) -> bool {
    matches!(reading_at_end(keys), Some((Reading::Must, _)))
}

/// What the words before a `DoneTo` verb say of it outright: Some(true) when it is passive
/// ("các văn bản được ban hành trước …"), done by an agent ("do UBND tỉnh ban hành", "mà các
/// sở ban hành") or done in the past ("đã xây dựng"); Some(false) when it is what must be done
/// ("phải được ban hành") or done by the body named before it ("Sở Tư pháp ban hành"); None when
/// they say neither.
fn marked_as_done(words: &[&str], keys: &[String]) -> Option<bool> {
    let n = keys.len();
    if keys.last().is_some_and(|w| w == "được") {
        return Some(!passive_is_a_task(&keys[..n - 1]));
    }
    if matches!(reading_at_end(keys), Some((Reading::Past, _))) {
        return Some(true);
    }
    // A body's name (with its commas: "Các sở, ban, ngành") just before the verb.
    let body = (1..=n.min(LONGEST_NAME)).rev().find(|&count| {
        let name = words[n - count..].join(" ");
        crate::domain::agencies::is_known(name.trim_end_matches([',', ';']))
    });
    if let Some(count) = body {
        return Some(matches!(
            reading_at_end(&keys[..n - count]),
            Some((Reading::Agent, _))
        ));
    }
    None
}

/// Whether a verb after `words` follows a noun it may describe: not when it opens its clause
/// ("Rà soát, xây dựng trước …", "Hình thành trước …") or follows a word that makes it the task
/// ("Chỉ đạo xây dựng trước …", "phải được ban hành trước …") or the body that does it ("Sở Tư
/// pháp ban hành trước …", unless that body is an agent: "do UBND tỉnh ban hành trước …").
fn follows_a_noun(words: &[&str], keys: &[String]) -> bool {
    let in_clause = words
        .iter()
        .rposition(|w| w.ends_with([',', '(']))
        .map_or(words, |at| &words[at + 1..]);
    if in_clause.iter().all(|w| is_list_marker(w)) {
        return false;
    }
    if reading_at_end(keys).is_some_and(|(reading, _)| is_a_verb(reading)) {
        return false;
    }
    marked_as_done(words, keys).unwrap_or(true)
}

/// "1.", "a)", "-", "+", "**": what opens a list item, not a word of its clause.
fn is_list_marker(word: &str) -> bool {
    outline::marker(word).is_some() || !word.chars().any(char::is_alphanumeric)
}

/// Whether the "đến hết …" at `before`'s end closes a period ("từ năm 2021 đến hết năm 2025")
/// that dates a thing ("kết quả thực hiện từ …", "hồ sơ hộ tịch từ năm 1945 …"), not one a task
/// verb governs ("Triển khai thí điểm từ tháng 3/2026 đến hết tháng 6/2026", "Thực hiện từ ngày
/// …"), whose end is the task's deadline.
fn ends_a_described_period(before: &str) -> bool {
    let before = tail(before);
    let Some(start) = PERIOD_START.find(before) else {
        return false;
    };
    let (words, keys) = last_words(&before[..start.start()]);
    let n = words.len();
    match reading_at_end(&keys) {
        Some((reading, span)) if is_a_verb(reading) => {
            follows_a_noun(&words[..n - span], &keys[..n - span])
        }
        _ => true,
    }
}

/// Whether the clause after a bare "đến hết năm 2025" reports what was done by then ("…, toàn
/// tỉnh đã số hóa 85% hồ sơ"): its verb is in the past ("đã").
fn reports_what_was_done(after: &str) -> bool {
    let clause = after.split(['.', ';']).next().unwrap_or("");
    has_whole_word(clause, &words_of(Reading::Past))
}

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
    if date.is_none() {
        findings.push(undated(document));
    }
    let cells = timeframe_cells(plan, document);
    for (line, cell, certain) in &cells {
        for (token, message) in impossible_years(cell) {
            findings.push(
                Finding::new(
                    "invalid-timeframe",
                    format!("timeframe \"{cell}\": {message}"),
                    [*line, *line],
                    *certain,
                )
                .focus(token)
                .suggest("check the year"),
            );
        }
    }
    if let Some(date) = date {
        for (line, cell, certain) in cells {
            let Some((year, month, day)) = deadline_of_cell(&cell) else {
                continue;
            };
            // "2025 (và tiếp tục duy trì …)" goes on past its year; a period that ends before
            // it starts is reported as such (`invalid-timeframe`), its end unknown.
            if timeframe::goes_on(&cell) || !reversed_periods(&cell).is_empty() {
                continue;
            }
            if let Some(finding) = past((year, month, day), date, line, &cell, certain) {
                findings.push(finding);
            }
        }
        let body = document.slice(&document.regions.body);
        for line in body.iter().filter(|l| l.is_content()) {
            let text = crate::clean::collapse_whitespace(&line.text);
            // Labelled timeframes are cells; a deadline's words inside one are that cell's.
            let mut labelled: Vec<std::ops::Range<usize>> = Vec::new();
            for caps in TIMEFRAME_LABEL.captures_iter(&text).take(8) {
                let Some(found) = caps.name("value") else {
                    continue;
                };
                let value = labelled_value(found.as_str());
                labelled.push(found.start()..found.start() + value.len());
                let label_at = caps.get(0).map_or(0, |m| m.start());
                if CITED_BEFORE_PARENTHESIS.is_match(tail(&text[..label_at])) {
                    continue;
                }
                let Some(deadline) = deadline_of_cell(value) else {
                    continue;
                };
                if timeframe::goes_on(value) || !reversed_periods(value).is_empty() {
                    continue;
                }
                if let Some(finding) = past(deadline, date, line.no, value, true) {
                    findings.push(finding);
                }
            }
            for caps in BODY_DEADLINE.captures_iter(&text).take(8) {
                let Some(year) = caps
                    .name("year")
                    .and_then(|m| m.as_str().parse::<i32>().ok())
                else {
                    continue;
                };
                let start = caps.get(0).map_or(0, |m| m.start());
                if labelled.iter().any(|span| span.contains(&start)) {
                    continue;
                }
                let year_at = caps.name("year").map_or(0, |m| m.start());
                let month = timeframe::last_month_before_year(&text[..year_at]);
                let due = deadline_at(&text[..year_at], year);
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
                if DEADLINE_VERB.is_match(whole)
                    && ends_with_words(&text[..start], NOT_A_DEADLINE_BEFORE_VERB)
                {
                    continue;
                }
                // "từ năm 2021 đến hết năm 2025" is a period; "hồ sơ hình thành trước năm
                // 2025", "các hệ thống thông tin xây dựng trước năm 2020" date the things a task
                // acts on, whatever the date's precision.
                let bare_year =
                    month.is_none() && !has_whole_word(whole, &["ngày", "tháng", "quý"]);
                let period =
                    fold(whole).starts_with("den") && ends_a_described_period(&text[..start]);
                if period
                    || (!DEADLINE_VERB.is_match(whole)
                        && dates_a_thing(&text[..start], after, bare_year))
                {
                    continue;
                }
                if bare_year
                    && !DEADLINE_VERB.is_match(whole)
                    && (tells_of_the_past(&text[..start]) || reports_what_was_done(after))
                {
                    continue;
                }
                if let Some(finding) = past(due, date, line.no, whole, true) {
                    findings.push(finding);
                }
            }
        }
    }
    findings
}

fn past(
    (year, month, day): (i32, Option<u32>, Option<u32>),
    date: PlanDate,
    line: usize,
    shown: &str,
    certain: bool,
) -> Option<Finding> {
    // Compared at the finer precision both dates have: a day before the plan's own day in
    // its own month is past too.
    let before = match (month, date.month, day, date.day) {
        (Some(m), Some(plan_month), Some(d), Some(plan_day)) => {
            (year, m, d) < (date.year, plan_month, plan_day)
        }
        (Some(m), Some(plan_month), _, _) => (year, m) < (date.year, plan_month),
        _ => year < date.year,
    };
    if !before {
        return None;
    }
    let plan_date = match (date.month, date.day) {
        (Some(m), Some(d)) if day.is_some() => format!("{d:02}/{m:02}/{}", date.year),
        (Some(m), _) => format!("{m:02}/{}", date.year),
        (None, _) => date.year.to_string(),
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

/// A period of months: "12/2027 - 3/2027", "Tháng 9 - 6/2026" (the start's year is the end's),
/// "tháng 3 năm 2026 đến tháng 6 năm 2026". A month is a number after "tháng" or before
/// "/year", not the tail of a day ("01/12/2027") nor a document's number.
static MONTH_RANGE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)(?:^|[^\p{Nd}/])(?:tháng\s+(?P<m1>[0-9]{1,2})(?:\s*/\s*|\s+năm\s+)?(?P<y1>(?:19|20)[0-9]{2})?|(?P<m1b>[0-9]{1,2})\s*/\s*(?P<y1b>(?:19|20)[0-9]{2}))\s*(?:[-–—]|đến)\s*(?:tháng\s+)?(?P<m2>[0-9]{1,2})(?:\s*/\s*|\s+năm\s+)(?P<y2>(?:19|20)[0-9]{2})(?:$|[^\p{Nd}/])").unwrap()
});
/// A period of quarters: "Quý IV/2027 - Quý II/2027", "Quý III - II/2026".
static QUARTER_RANGE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"(?i){q}(?P<q1>[IV]{{1,3}}|[1-4])(?:(?:\s*/\s*|\s+năm\s+)(?P<y1>(?:19|20)[0-9]{{2}}))?\s*(?:[-–—]|đến)\s*(?:{q})?(?P<q2>[IV]{{1,3}}|[1-4])(?:\s*/\s*|\s+năm\s+)(?P<y2>(?:19|20)[0-9]{{2}})\b",
        q = timeframe::QUARTER_BEFORE_NUMBER
    ))
    .unwrap()
});

/// The periods of `text` that end before they start — years ("2027 - 2025"), months ("12/2027 -
/// 3/2027", "Tháng 9 - 6/2026") or quarters ("Quý IV/2027 - Quý II/2027") — as printed, each
/// with a suggestion. Such a period has no deadline to weigh.
fn reversed_periods(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for caps in RANGE.captures_iter(text).take(8) {
        let (Ok(start), Ok(end)) = (caps[1].parse::<i32>(), caps[2].parse::<i32>()) else {
            continue;
        };
        if end < start {
            out.push((
                caps[0].to_string(),
                format!("write \"{end} - {start}\" or correct the years"),
            ));
        }
    }
    // (start, end) as (year, month or quarter). A start without a year of its own is never
    // reversed: later in the year than the end, it most likely runs across the new year
    // ("Tháng 12 - 3/2027", "Quý IV - I/2027", a winter crop's "tháng 11 - 4/2027").
    let mut weigh = |whole: &str, start: (Option<i32>, u32), end: (i32, u32), most: u32, unit| {
        let Some(start_year) = start.0 else {
            return;
        };
        let start = (start_year, start.1);
        if (1..=most).contains(&start.1) && (1..=most).contains(&end.1) && end < start {
            let printed = whole.trim_matches(|c: char| !c.is_alphanumeric());
            out.push((
                printed.to_string(),
                format!("write the earlier {unit} first, or correct the {unit}s"),
            ));
        }
    };
    let quarter = |printed: &str| {
        crate::domain::numbering::roman_value(&printed.to_uppercase())
            .or_else(|| printed.parse().ok())
    };
    let mut quarter_spans = Vec::new();
    for caps in QUARTER_RANGE.captures_iter(text).take(8) {
        quarter_spans.extend(caps.get(0).map(|m| m.range()));
        let (Some(q1), Some(q2), Ok(y2)) = (
            quarter(&caps["q1"]),
            quarter(&caps["q2"]),
            caps["y2"].parse::<i32>(),
        ) else {
            continue;
        };
        let y1 = caps.name("y1").and_then(|m| m.as_str().parse().ok());
        weigh(&caps[0], (y1, q1), (y2, q2), 4, "quarter");
    }
    for caps in MONTH_RANGE.captures_iter(text).take(8) {
        // "Quý 4/2027 - 2/2027" is a period of quarters, reported once as such.
        let whole = caps.get(0).map_or(0..0, |m| m.range());
        if quarter_spans
            .iter()
            .any(|span| span.start < whole.end && whole.start < span.end)
        {
            continue;
        }
        // "Công văn 12/2027 - …" numbers a document.
        let opening = caps.name("m1b").or(caps.name("m1"));
        if caps
            .name("m1b")
            .is_some_and(|m| DOCUMENT_NUMBER_BEFORE.is_match(&text[..m.start()]))
        {
            continue;
        }
        let number = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
        let (Some(m1), Some(m2), Some(y2)) = (
            opening.and_then(|m| m.as_str().parse::<u32>().ok()),
            number("m2"),
            number("y2"),
        ) else {
            continue;
        };
        let y1 = number("y1").or(number("y1b")).map(|y| y as i32);
        weigh(&caps[0], (y1, m1), (y2 as i32, m2), 12, "month");
    }
    out
}

/// Says that the checks needing the plan's date did not run: without a word, a draft whose
/// date line was left "ngày … tháng … năm" passed CI with an abolished body in it. At the date
/// line left blank (the header's, or an appendix caption's, where `plan_date` looks), else at
/// the first line with words.
fn undated(document: &Document) -> Finding {
    let blank_date = |l: &&crate::clean::Line| {
        has_whole_word(&l.text, &["ngày"]) && has_whole_word(&l.text, &["tháng"])
    };
    let captions = document
        .regions
        .appendices
        .iter()
        .flat_map(|r| document.slice(r).iter().take(8));
    let line = document
        .slice(&document.regions.header)
        .iter()
        .take(40)
        .chain(captions)
        .find(blank_date)
        .or_else(|| document.lines.iter().find(|l| l.is_content()))
        .map_or(1, |l| l.no);
    Finding::new(
        "undated-draft",
        "the draft names no year of its own (\"…, ngày … tháng … năm …\"): deadlines were not \
         compared with its date, and bodies abolished in the 2025 reorganization were not \
         looked for",
        [line, line],
        true,
    )
    .suggest("fill in at least the year of the plan's date")
}

/// The earliest and latest years a plan's timeframe can name: a year outside them is a typing
/// slip ("Năm 2206" for 2026, "2026-2300").
const PLAN_YEARS: std::ops::RangeInclusive<u32> = 1945..=2100;

/// Years in a timeframe cell that cannot be one: five or six digits ("Năm 20266"), or four
/// outside `PLAN_YEARS`. Only numbers where a year stands: after "năm", "đến", a dash or a
/// slash, or at the cell's start (there only five or six digits: "1000 ngày kể từ 2026"
/// counts days), and not before a slash (a document's number, "12345/UBND"). (token, what is
/// wrong) for each.
fn impossible_years(cell: &str) -> Vec<(String, String)> {
    static YEAR_PLACE: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"(?i)(?:^|\bnăm\s*|\bđến\s+|[-–—/]\s*)([0-9]{4,6})\b").unwrap());
    let mut out = Vec::new();
    for caps in YEAR_PLACE.captures_iter(cell).take(8) {
        let Some(number) = caps.get(1) else {
            continue;
        };
        if cell[number.end()..].trim_start().starts_with('/') {
            continue;
        }
        let token = number.as_str();
        let at_start = cell[..number.start()].trim().is_empty();
        let message = if token.len() > 4 {
            format!("\"{token}\" is not a year ({} digits)", token.len())
        } else {
            match token.parse::<u32>() {
                Ok(year) if !at_start && !PLAN_YEARS.contains(&year) => {
                    format!("year {token} is outside any plan's period")
                }
                _ => continue,
            }
        };
        out.push((token.to_string(), message));
    }
    out
}

/// Days in a month of the Gregorian calendar ("30/02/2027" has no such day).
fn days_in_month(month: u32, year: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
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
        let Some(printed) = caps.get(1).or(caps.get(2)).map(|m| m.as_str()) else {
            continue;
        };
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
    for (printed, suggestion) in reversed_periods(text) {
        findings.push(
            Finding::new(
                "invalid-timeframe",
                format!("period \"{printed}\" ends before it starts"),
                [line, line],
                true,
            )
            .focus(printed)
            .suggest(suggestion),
        );
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
                .focus(
                    caps.get(1)
                        .zip(caps.get(3))
                        .map_or(&caps[0], |(first, last)| &text[first.start()..last.end()]),
                )
                .suggest("correct the day or month"),
            );
        }
    }
    // "tháng 13/2026" is one month, read with its word.
    dated_spans.extend(
        MONTH_WORD
            .find_iter(text)
            .take(8)
            .map(|m| (m.start(), m.end())),
    );
    let month_tokens = MONTH_SLASH
        .captures_iter(text)
        .take(8)
        .filter_map(|c| {
            let (number, year) = (c.get(1)?, c.get(2)?);
            if dated_spans
                .iter()
                .any(|(s, e)| number.start() < *e && *s < year.end())
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
                text[c.get(1)?.start()..c.get(2)?.end()].to_string(),
            ))
        })
        .chain(MONTH_WORD.captures_iter(text).take(8).filter_map(|c| {
            Some((
                c[1].parse::<u32>().ok()?,
                c[2].to_string(),
                c[1].to_string(),
                c[0].to_string(),
            ))
        }));
    for (month, year, printed, shown) in month_tokens {
        if month == 0 || month > 12 {
            findings.push(
                Finding::new(
                    "invalid-timeframe",
                    format!("month {printed} of {year} does not exist"),
                    [line, line],
                    true,
                )
                .focus(shown)
                .suggest("months run from 1 to 12"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An impossible month or date is pointed at, as every other invalid timeframe is (a
    /// review of stop 54: the report marked the line's start, SARIF gave no column).
    #[test]
    fn an_impossible_month_or_date_is_pointed_at() {
        for (text, shown) in [
            ("hoàn thành trong tháng 13/2026.", "tháng 13/2026"),
            ("Tháng 13/2026", "Tháng 13/2026"),
            ("hoàn thành trước 13/2026", "13/2026"),
            ("hoàn thành trước ngày 30/02/2027.", "30/02/2027"),
        ] {
            let mut found = Vec::new();
            invalid_in_text(text, 1, &mut found);
            let focus: Vec<Option<&str>> = found.iter().map(|f| f.focus.as_deref()).collect();
            assert_eq!(focus, [Some(shown)], "{text}");
        }
    }

    fn rules(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        invalid_in_text(text, 1, &mut out);
        out.into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn impossible_years_in_a_timeframe_cell() {
        let found = |cell: &str| -> Vec<String> {
            impossible_years(cell).into_iter().map(|(t, _)| t).collect()
        };
        assert_eq!(found("Năm 20266"), ["20266"]);
        assert_eq!(found("Năm 2206"), ["2206"]);
        assert_eq!(found("Năm 2026-2300"), ["2300"]);
        assert_eq!(found("2026 - 20300"), ["20300"]);
        assert_eq!(found("Quý I/20266"), ["20266"]);
        for fine in [
            "Năm 2026",
            "2026-2030",
            "Giai đoạn 2026 - 2030, tầm nhìn đến năm 2050",
            "Thường xuyên",
            "Theo Công văn 12345/UBND",
            "Quý IV/2026",
            "Trước 31/12/2026",
            "1000 ngày kể từ 2026",
        ] {
            assert!(found(fine).is_empty(), "{fine}");
        }
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
        // Months and quarters that end before they start.
        for reversed in [
            "12/2027 - 3/2027",
            "Quý IV/2027 - Quý II/2027",
            "12/2027 - 3/2026",
            "tháng 9 năm 2026 đến tháng 6 năm 2026",
            "Quý III/2026 - II/2026",
            // A quarter's "4/2027" is no month: one finding, the quarters'.
            "Quý 4/2027 - 2/2027",
        ] {
            assert_eq!(
                rules(reversed),
                [format!("period \"{reversed}\" ends before it starts")],
                "{reversed}"
            );
        }
        for in_order in [
            "3/2027 - 12/2027",
            "12/2026 - 3/2027",
            "Quý II/2027 - Quý IV/2027",
            "Quý I-II/2026",
            "Tháng 6 - 9/2026",
            "Từ ngày 10 - 15/6/2026",
            "01/12/2027 - 3/2028",
            "Quý IV/2026 - Quý I/2027",
            // A start without a year of its own, later than the end: across the new year.
            "Tháng 12 - 3/2027",
            "Quý IV - I/2027",
            "Vụ Đông Xuân (tháng 11 - 4/2027)",
            "Tháng 9 - 6/2026",
        ] {
            assert!(
                rules(in_order).is_empty(),
                "{in_order}: {:?}",
                rules(in_order)
            );
        }
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
                month: None,
                day: None
            })
        );
        assert_eq!(
            date_of(&header("Hòa Bình, ngày … tháng 7 năm 2026")),
            Some(PlanDate {
                year: 2026,
                month: Some(7),
                day: None
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
                month: Some(7),
                day: None
            })
        );
        assert_eq!(
            date_of(&header("TP. Hòa Bình, ngày      tháng      năm 2026")),
            Some(PlanDate {
                year: 2026,
                month: None,
                day: None
            })
        );
    }
    #[test]
    fn a_cell_ends_at_its_latest_year_and_its_quarter_or_month() {
        type Deadline = Option<(i32, Option<u32>, Option<u32>)>;
        let cases: &[(&str, Deadline)] = &[
            ("Năm 2026", Some((2026, None, None))),
            ("12/2025", Some((2025, Some(12), None))),
            ("30/06/2026", Some((2026, Some(6), Some(30)))),
            ("Trước ngày 10/7/2026", Some((2026, Some(7), Some(10)))),
            ("ngày 10 tháng 7 năm 2026", Some((2026, Some(7), Some(10)))),
            ("6 tháng đầu năm 2026", Some((2026, Some(6), None))),
            ("6 tháng cuối năm 2026", Some((2026, Some(12), None))),
            // Onward from a day or a half: no deadline. Two months: no day.
            ("Từ 10/7/2026", None),
            ("Bắt đầu từ 01/7/2026", None),
            ("Từ 6 tháng đầu năm 2026", None),
            ("Tháng 6/7/2026", Some((2026, Some(7), None))),
            ("2024 - 12/2025", Some((2025, Some(12), None))),
            ("tháng 9 năm 2026", Some((2026, Some(9), None))),
            // A quarter ends with its third month; written in Roman or Arabic numerals.
            ("Quý 3/2026", Some((2026, Some(9), None))),
            ("Quý I/2026", Some((2026, Some(3), None))),
            ("quý IV năm 2025", Some((2025, Some(12), None))),
            // A run of quarters ends with the last one's third month.
            ("Quý I-II/2026", Some((2026, Some(6), None))),
            ("Quý I, II/2026", Some((2026, Some(6), None))),
            ("Quý I - Quý II/2026", Some((2026, Some(6), None))),
            ("quý III và IV năm 2026", Some((2026, Some(12), None))),
            // The latest year, wherever it is written.
            ("Năm 2026 (đã triển khai từ 2025)", Some((2026, None, None))),
            ("2024 (đã triển khai từ 2023)", Some((2024, None, None))),
            // A period that runs on from its year has no deadline.
            ("Từ năm 2025", None),
            ("Sau năm 2025", None),
            ("2025 trở đi", None),
            ("Đang triển khai (từ 2025)", None),
            ("Từ năm 2025 đến năm 2027", Some((2027, None, None))),
            ("Giai đoạn 2025-2030", Some((2030, None, None))),
            ("2025, 2026", Some((2026, None, None))),
            ("Năm 2025, duy trì đến 2030", Some((2030, None, None))),
            ("năm 20251", None),
            ("Thường xuyên", None),
            // Onward from a month, a quarter or a day; up to now.
            ("Từ tháng 3/2026", None),
            ("Từ Quý I/2026", None),
            ("Kể từ ngày 01/3/2026", None),
            ("2025 - nay", None),
            ("Kể từ ngày 01 tháng 3 năm 2025", None),
            ("Từ đầu năm 2025", None),
            ("Từ tháng 03-2025", None),
            ("Từ 2024 - 2025", Some((2025, None, None))),
            // A quarter or month in words is not "từ" or "sau" without their marks.
            ("Quý tư năm 2025", Some((2025, None, None))),
            ("Tháng Sáu năm 2025", Some((2025, None, None))),
            // What was done by a date reports the past; it sets no deadline.
            ("Đã hoàn thành năm 2025", None),
            ("đã ban hành tháng 6/2025", None),
            (
                "Đã triển khai từ 2023, hoàn thành năm 2025",
                Some((2025, None, None)),
            ),
            ("Hoàn thành năm 2025 (đã)", Some((2025, None, None))),
            // Before a period: due by the month before it starts (a review of stop 54: "Trước
            // tháng 4/2026" passed a plan of 21/04/2026, "trước ngày 01/4/2026" did not).
            ("Trước năm 2026", Some((2025, Some(12), None))),
            ("Trước tháng 4/2026", Some((2026, Some(3), None))),
            ("Trước Quý II/2026", Some((2026, Some(3), None))),
            ("trước quý 1/2026", Some((2025, Some(12), None))),
            ("Trước 6 tháng cuối năm 2026", Some((2026, Some(6), None))),
            ("Trước ngày 01/4/2026", Some((2026, Some(4), Some(1)))),
            // A moved deadline is a deadline; a later clause is judged by itself.
            ("Đã lùi đến tháng 12/2024", Some((2024, Some(12), None))),
            ("Đã gia hạn đến năm 2024", Some((2024, None, None))),
            (
                "Đã khởi công năm 2023 và hoàn thành năm 2024",
                Some((2024, None, None)),
            ),
            (
                "Đã triển khai 2023 - hoàn thành tháng 6/2024",
                Some((2024, Some(6), None)),
            ),
        ];
        for (cell, expected) in cases {
            assert_eq!(deadline_of_cell(cell), *expected, "{cell}");
        }
    }

    fn past_deadlines(body: &str) -> Vec<String> {
        let text = format!(
            "ỦY BAN NHÂN DÂN\nTỈNH HÒA BÌNH\nSố: /KH-UBND\nHòa Bình, ngày 21 tháng 4 năm 2026\n\nKẾ HOẠCH\nTriển khai Chiến lược dữ liệu\n\nI. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n{body}\n"
        );
        let plan = crate::parse_text("draft.txt", &text);
        let document = crate::clean::clean(&text);
        let date = plan_date(&plan, &document);
        assert_eq!(
            date,
            Some(PlanDate {
                year: 2026,
                month: Some(4),
                day: Some(21)
            })
        );
        check(&plan, &document, date)
            .into_iter()
            .filter(|f| f.rule == "past-deadline")
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn past_deadlines_in_the_body() {
        // Deadlines before the plan's date (04/2026), a quarter read as its last month.
        for sentence in [
            "Hoàn thành trong quý I/2026.",
            "Hoàn thành trước tháng 3/2026.",
            "Hoàn thành trong quý I-II/2025.",
            "Triển khai xong trước năm 2025.",
            "Các hệ thống phải được triển khai trước năm 2025.",
            // A day before the plan's own (21/04/2026) in its own month.
            "Hoàn thành trước ngày 10/4/2026.",
            // A day in words or without "ngày", a half year, a labelled timeframe.
            "Hoàn thành trước ngày 30 tháng 3 năm 2026.",
            "Hoàn thành trước 30/3/2026.",
            "Hoàn thành trong 6 tháng cuối năm 2025.",
            "- Thời gian hoàn thành: Tháng 3/2026.",
            "- Thời gian thực hiện: 2024 - 2025.",
            "Thời hạn: trước ngày 30/3/2026; đơn vị chủ trì: Sở Tài chính.",
        ] {
            assert_eq!(past_deadlines(sentence).len(), 1, "{sentence}");
        }
        assert!(past_deadlines("Hoàn thành trước ngày 10/4/2026.")[0].contains("(21/04/2026)"));
        // Before a month, a quarter or a year is due before it starts: "trước tháng 4/2026"
        // is "trước ngày 01/4/2026", past on 21/04/2026.
        for sentence in [
            "Hoàn thành trước tháng 4/2026.",
            "Hoàn thành trước quý II/2026.",
            "Hoàn thành trước năm 2026.",
        ] {
            assert_eq!(past_deadlines(sentence).len(), 1, "{sentence}");
        }
        // No deadline: later ones, and sentences telling of what was or was not done.
        for sentence in [
            "Hoàn thành trong quý II/2026.",
            "Hoàn thành trong quý 3/2026.",
            "Hoàn thành trong quý I, II/2026.",
            "Hoàn thành trước ngày 30/4/2026.",
            "Hoàn thành trước tháng 5/2026 (ngày 25).",
            "Hoàn thành trước ngày 30 tháng 4 năm 2026.",
            "Hoàn thành trong 6 tháng đầu năm 2026.",
            "- Thời gian hoàn thành: Tháng 5/2026.",
            "- Thời gian thực hiện: Từ năm 2025.",
            "- Thời gian thực hiện: Năm 2025 và các năm tiếp theo.",
            "- Thời gian thực hiện: Thường xuyên.",
            "Phân công rõ thời gian hoàn thành.",
            "Tiếp tục triển khai các nhiệm vụ chưa hoàn thành trong năm 2025.",
            "Kế thừa các kết quả đã hoàn thành trong năm 2025.",
            "Nâng cấp các hệ thống thông tin được đầu tư trước năm 2025.",
            "Phát huy các kết quả đạt được trước năm 2025.",
            "Nhiệm vụ chưa được hoàn thành trong năm 2025 chuyển sang năm 2026.",
            "Đến hết năm 2025, toàn tỉnh đã số hóa 85% hồ sơ.",
        ] {
            assert_eq!(past_deadlines(sentence), Vec::<String>::new(), "{sentence}");
        }
    }

    #[test]
    fn a_date_of_the_things_a_task_acts_on_is_no_deadline() {
        // Where things come from, participles dating a noun, periods: no deadline, whatever
        // the date's precision.
        for sentence in [
            "1. Số hóa hồ sơ, tài liệu lưu trữ hình thành trước năm 2025.",
            "2. Nâng cấp các hệ thống thông tin xây dựng trước năm 2020.",
            "3. Đánh giá kết quả thực hiện từ năm 2021 đến hết năm 2025.",
            "4. Xử lý dứt điểm hồ sơ tồn đọng phát sinh trước ngày 01/7/2025.",
            "Rà soát các văn bản do UBND tỉnh ban hành trước ngày 01/7/2025.",
            "Rà soát, sửa đổi các văn bản được ban hành trước ngày 01/7/2025.",
            "Thay thế thiết bị đầu tư trước năm 2020.",
            "Tổng kết giai đoạn từ ngày 01/01/2021 đến hết ngày 31/12/2025.",
            "Đánh giá kết quả kể từ tháng 3/2021 đến hết tháng 12/2025.",
        ] {
            assert_eq!(past_deadlines(sentence), Vec::<String>::new(), "{sentence}");
        }
        // The same verbs as the task: opening their clause, after the body that does them,
        // after what makes them the task; a verb of doing right before its date.
        for sentence in [
            "Xây dựng trước năm 2025 kho dữ liệu dùng chung.",
            "1. Ban hành trước ngày 01/3/2026 quy chế chia sẻ dữ liệu.",
            "Rà soát, ban hành trước ngày 01/3/2026 quy chế chia sẻ dữ liệu.",
            "Sở Tài chính ban hành trước ngày 01/3/2026 hướng dẫn.",
            "Các sở, ban, ngành xây dựng trước năm 2025 cơ sở dữ liệu chuyên ngành.",
            "Các quy chế phải được ban hành trước ngày 01/3/2026.",
            "Tổng hợp danh mục và ban hành trước ngày 01/3/2026.",
            "Các đơn vị được giao triển khai trước năm 2025 nền tảng số.",
            "Hoàn thành số hóa hồ sơ hình thành trước năm 2025 trước ngày 01/3/2026.",
            "Hoàn thành xây dựng trước năm 2025 kho dữ liệu dùng chung.",
            "Tiếp tục số hóa trước năm 2025 hồ sơ đất đai.",
            "Giải quyết dứt điểm hồ sơ tồn đọng trước ngày 01/3/2026.",
            "Khắc phục các tồn tại trước ngày 01/3/2026.",
            // A date with a day or a month after a verb that may be a participle: a deadline
            // unless the words say it describes (below). Here the body, a verb that assigns
            // or drives the task, the object after the date, or the verb opening its clause.
            "Sở Y tế chủ trì xây dựng trước ngày 30/3/2026 kho dữ liệu y tế.",
            "Chỉ đạo xây dựng trước ngày 30/3/2026 kế hoạch chuyển đổi số.",
            "Hướng dẫn xây dựng trước ngày 30/3/2026 kế hoạch chuyển đổi số.",
            "Kịp thời ban hành trước ngày 30/3/2026 quy chế chia sẻ dữ liệu.",
            "Phấn đấu xây dựng trước ngày 30/3/2026 kho dữ liệu dùng chung.",
            "Trường học xây dựng trước ngày 30/3/2026 kế hoạch.",
            "Các doanh nghiệp nhà nước số hóa trước ngày 30/3/2026 hồ sơ.",
            "Hình thành trước ngày 30/3/2026 Trung tâm dữ liệu tỉnh.",
            // A task's own period ends at its deadline.
            "Triển khai thí điểm từ tháng 1/2026 đến hết tháng 3/2026.",
            "Thực hiện từ ngày 01/1/2026 đến hết ngày 30/3/2026.",
            // A labelled value ends where a clause of its own starts.
            "Thời gian thực hiện: Thường xuyên, hoàn thành trước ngày 30/3/2026.",
            "Thời hạn: năm 2026 (báo cáo trước ngày 15/12/2025).",
        ] {
            assert_eq!(past_deadlines(sentence).len(), 1, "{sentence}");
        }
        // Positive evidence of a description, whatever the date's precision.
        for sentence in [
            "Cập nhật dữ liệu thu thập trước ngày 01/7/2025 vào hệ thống.",
            "Nâng cấp các hệ thống đã xây dựng trước ngày 01/7/2025.",
            "Số hóa các văn bản mà UBND tỉnh ban hành trước ngày 01/7/2025.",
            "Rà soát các văn bản ban hành từ tháng 1/2016 đến hết tháng 12/2025.",
            "Đánh giá kết quả thực hiện Kế hoạch số 10/KH-UBND (thời gian thực hiện: năm 2025).",
        ] {
            assert_eq!(past_deadlines(sentence), Vec::<String>::new(), "{sentence}");
        }
    }

    #[test]
    fn a_labelled_value_ends_at_its_own_clause() {
        for (after, value) in [
            (
                "Thường xuyên, hoàn thành trước ngày 30/6/2026.",
                "Thường xuyên",
            ),
            ("năm 2026 (báo cáo trước ngày 15/12/2025).", "năm 2026"),
            ("năm 2025). Tiếp theo", "năm 2025"),
            (
                "Năm 2026 (đã triển khai từ 2025).",
                "Năm 2026 (đã triển khai từ 2025)",
            ),
            ("Quý I, II/2026.", "Quý I, II/2026"),
            ("30.6.2026", "30.6.2026"),
        ] {
            assert_eq!(labelled_value(after), value, "{after}");
        }
    }

    #[test]
    fn only_the_last_words_before_a_date_are_read() {
        let long = format!("{} xây dựng", "ở ".repeat(10_000));
        let (words, keys) = last_words(&long);
        assert_eq!(words.len(), WORDS_READ_BEFORE_A_DATE);
        assert_eq!(keys.last().map(String::as_str), Some("dựng"));
        assert_eq!(last_words("1. Xây dựng").0, ["Xây", "dựng"]);
    }
}

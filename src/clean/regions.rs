//! Where the body starts and ends, and where each appendix begins.
//!
//! Header: everything before the first level-1 heading ("I. …"). Body: up to the closing
//! ("Nơi nhận:", the signature block) or the first appendix. Appendices: from each "PHỤ LỤC"
//! title line to the next.

use std::ops::Range;

use once_cell::sync::Lazy;
use regex::Regex;

use super::{collapse_whitespace, Line};

static FIRST_HEADING: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\s*I\s*[.:]\s*\S").unwrap());
/// The line "KẾ HOẠCH" that heads the plan (Markdown may mark it up); parts come below it.
static PLAN_WORD_LINE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^[#*\s]*K[ẾẼ]\s*HO[ẠẶ]CH[*\s]*$").unwrap());
/// A first part numbered otherwise than "I.": "PHẦN I" / "Phần thứ nhất", or the "A." of a
/// yearly plan ("A. KẾT QUẢ THỰC HIỆN NĂM 2025", then "B. KẾ HOẠCH NĂM 2026", each with its own
/// "I.", "II."); what follows on the line, if anything, is a title in capitals (a wrapped line
/// of the preamble may open "Phần I Quyết định số …" or "A. Quyết định …").
static FIRST_PART_LETTERED: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^[#*\s]*(?:(?:PHẦN|Phần)\s+(?:I|1|THỨ NHẤT|thứ nhất)\b|A\s*[.:])\s*[.:\-–]?\s*[^\p{Ll}]*$")
        .unwrap()
});
/// A first part numbered "1." in a plan whose parts are Arabic numbers (short plans: an event,
/// a year's tasks), its title opening with a capital.
static FIRST_PART_ARABIC: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^[#*\s]*1\s*[.:]\s*(\p{Lu}.*)$").unwrap());
/// Words a cited document's name opens with: "1. Quyết định số …" under "Căn cứ:" cites a
/// document, it is no part.
const DOCUMENT_WORDS: &[&str] = &[
    "Quyết định",
    "Nghị quyết",
    "Nghị định",
    "Luật",
    "Thông tư",
    "Chỉ thị",
    "Kế hoạch",
    "Công văn",
    "Kết luận",
    "Chương trình",
    "Văn bản",
    "Hướng dẫn",
    "Đề án",
];
static CLOSING: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:Nơi nhận\s*:?|TM\.\s*(?:ỦY|UỶ|UBND)|KT\.\s*CHỦ TỊCH|Q\.\s*CHỦ TỊCH)").unwrap()
});
/// An appendix title line: "PHỤ LỤC", "PHỤ LỤC II - …", "Phụ lục I", "Phụ lục số 01" — standing
/// at the start of a line, not the "(Chi tiết tại Phụ lục kèm theo)" of running text.
static APPENDIX: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:PHỤ LỤC|Phụ lục|Phụ Lục)(?:\s+(?:số\s+)?(?:[IVXLC]+|[0-9]{1,2}[a-z]?))?\s*(?:$|[-–:.]\s*\p{Lu}|\()")
        .unwrap()
});

#[derive(Debug, Clone, Default)]
pub struct Regions {
    pub header: Range<usize>,
    pub body: Range<usize>,
    pub closing: Range<usize>,
    pub appendices: Vec<Range<usize>>,
}

/// True when the line opens an appendix (its title line).
pub fn is_appendix_title(text: &str) -> bool {
    // Every title opens with "PHỤ"/"Phụ" (checked before collapsing: it runs on every line).
    let opening = text.trim_start();
    if !(opening.starts_with("PHỤ") || opening.starts_with("Phụ")) {
        return false;
    }
    let text = collapse_whitespace(text);
    APPENDIX.is_match(&text) && text.chars().count() <= 160
}

/// Where the body starts when its first part is not an "I." heading, or is preceded by a part
/// above it: the first "PHẦN I" or "A." line under the "KẾ HOẠCH" line (before the "I." heading,
/// when there is one), or, with no "I." heading at all, its first "1." line. Without the
/// "KẾ HOẠCH" line the header cannot be told from the body this way, and nothing is moved.
fn first_part_otherwise(lines: &[Line], heading: Option<usize>) -> Option<usize> {
    let plan_word = lines
        .iter()
        .take(heading.unwrap_or(lines.len()))
        .position(|l| l.is_content() && PLAN_WORD_LINE.is_match(&l.text))?;
    let end = heading.unwrap_or(lines.len());
    let mut previous: Option<&Line> = None;
    for (at, line) in lines[..end].iter().enumerate().skip(plan_word + 1) {
        if !line.is_content() {
            continue;
        }
        if FIRST_PART_LETTERED.is_match(&line.text) {
            return Some(at);
        }
        let after_colon = previous.is_some_and(|p| p.text.trim_end().ends_with(':'));
        if heading.is_none() && !after_colon {
            let title = FIRST_PART_ARABIC
                .captures(&line.text)
                .and_then(|caps| caps.get(1))
                .map(|m| m.as_str());
            if title.is_some_and(|title| !DOCUMENT_WORDS.iter().any(|w| title.starts_with(w))) {
                return Some(at);
            }
        }
        previous = Some(line);
    }
    None
}

pub(super) fn find(lines: &[Line]) -> Regions {
    let n = lines.len();
    let heading = lines
        .iter()
        .position(|l| l.is_content() && FIRST_HEADING.is_match(&l.text));
    let body_start = first_part_otherwise(lines, heading)
        .or(heading)
        .unwrap_or(0);
    // An appendix can open the file (a table exported with its title, as a web page or CSV
    // gives it): its "I." is then a group row of the table, a line of cells, where a plan's
    // "I. MỤC ĐÍCH" never is. Otherwise appendices are looked for after the body's start.
    let heading_is_a_row = lines.get(body_start).is_some_and(|l| {
        l.text.matches('\t').count() >= 2 || l.text.trim().matches('|').count() >= 3
    });
    let appendix_starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .skip(match heading {
            Some(at) if !heading_is_a_row => at + 1,
            _ => 0,
        })
        .filter(|(_, l)| l.is_content() && is_appendix_title(&l.text))
        .map(|(i, _)| i)
        .collect();
    let first_appendix = appendix_starts.first().copied().unwrap_or(n);
    let body_start = body_start.min(first_appendix);
    let closing_start = lines[body_start..first_appendix]
        .iter()
        .position(|l| l.is_content() && CLOSING.is_match(l.text.trim()))
        .map(|p| p + body_start)
        .unwrap_or(first_appendix);
    let appendices = appendix_starts
        .iter()
        .enumerate()
        .map(|(k, &start)| start..appendix_starts.get(k + 1).copied().unwrap_or(n))
        .collect();
    Regions {
        header: 0..body_start,
        body: body_start..closing_start,
        closing: closing_start..first_appendix,
        appendices,
    }
}

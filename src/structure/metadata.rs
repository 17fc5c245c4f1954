//! Plan metadata: province, title, number, date, the documents it implements, signer. Each is
//! taken from where the document states it and left null otherwise — never guessed.

use once_cell::sync::Lazy;
use regex::Regex;

use crate::clean::{collapse_whitespace, join_lines, Document, Line};
use crate::domain::text::tone_key;
use crate::model::PlanMeta;

/// Words that open the preamble citing the documents a plan implements or rests on.
const PREAMBLE_OPENERS: &[&str] = &["Thực hiện", "Căn cứ"];
/// Words that open a sentence of purpose; under the title they too end it.
const PURPOSE_OPENERS: &[&str] = &["Theo ", "Để ", "Nhằm "];

static PROVINCES: Lazy<Vec<(String, String)>> = Lazy::new(|| {
    include_str!("../../data/provinces.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|name| (name.to_string(), tone_key(name)))
        .collect()
});

/// Any spelling of a province name (case and tone-mark placement free), with "tỉnh" before it
/// when the text says so.
static PROVINCE_MENTION: Lazy<Regex> = Lazy::new(|| province_pattern(r"\b"));

/// `PROVINCE_MENTION` without its word boundaries. Unicode `\b` keeps the regex engine off its
/// DFAs on Vietnamese text (a backtracker on every line); this one runs on a DFA, and every
/// match of the full pattern is a match of this one, so the full pattern only runs on lines
/// where this one finds something, and only from there on.
static PROVINCE_CANDIDATE: Lazy<Regex> = Lazy::new(|| province_pattern(""));

fn province_pattern(word_boundary: &str) -> Regex {
    let mut names: Vec<String> = PROVINCES
        .iter()
        .flat_map(|(name, _)| crate::domain::text::tone_spellings(name))
        .map(|n| regex::escape(&n).replace(' ', r"\s+"))
        .collect();
    // Longest first, so "Thừa Thiên Huế" wins over "Huế".
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let b = word_boundary;
    Regex::new(&format!(r"(?i)(tỉnh\s+)?{b}({}){b}", names.join("|"))).unwrap()
}

/// "Số: 129/KH-UBND" in the header, or "Kế hoạch số 129/KH-UBND" in an appendix's "Kèm theo".
static NUMBER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?i:số)\s*:?\s*([0-9]{1,6}\s*/\s*(?:[0-9]{4}\s*/\s*)?KH\s*-\s*[\p{Lu}Đ]+(?:-[\p{Lu}Đ]+)?)",
    )
    .unwrap()
});
static DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"ngày\s+([0-9]{1,2})\s*(?:tháng\s+|/)\s*([0-9]{1,2})\s*(?:năm\s+|/)\s*((?:19|20)[0-9]{2})",
    )
    .unwrap()
});
/// Documents a plan implements: decisions, resolutions, directives, plans ("142/QĐ-TTg",
/// "03/NQ-CP", "57-NQ/TW", "03/2025/NQ-CP").
static DOCUMENT_REF: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"\b[0-9]{1,5}(?:/[0-9]{4})?/(?:QĐ|NQ|CT|NĐ|KH|TB|CĐ)-[\p{Lu}Đ][\p{L}Đ]*(?:-[\p{Lu}Đ][\p{L}]*)?|\b[0-9]{1,5}-(?:NQ|CT|KL|QĐ)/[\p{Lu}Đ]+")
        .unwrap()
});
static PLAN_WORD: Lazy<Regex> = Lazy::new(|| Regex::new(r"^K[ẾẼ]\s*HO[ẠẶ]CH$").unwrap());
static PLAN_WORD_INLINE: Lazy<Regex> = Lazy::new(|| Regex::new(r"K[ẾẼ]\s*HO[ẠẶ]CH\b").unwrap());
/// The plan's own enacting words, which end its preamble: "xét đề nghị …", "cụ thể như sau", or
/// "UBND tỉnh [name of at most 21 characters] ban hành". As one regular expression the name was
/// `(?i)\p{Lu}[\p{L} ]{0,20}`: twenty copies of the letter class took a third of a one-file
/// run's start-up to compile, so the name is read by `enacting_body_end` instead.
static PREAMBLE_END_PHRASE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)xét đề (?:xuất|nghị)|theo đề nghị|cụ thể như sau").unwrap());
static ENACTING_BODY: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd) tỉnh").unwrap());
/// A space, the name's capital (any case under `(?i)`) and the letters and spaces after it.
static ENACTING_NAME: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i)^ \p{Lu}[\p{L} ]*").unwrap());
/// Letters of the name after its capital, at most.
const ENACTING_NAME_TAIL: usize = 20;

/// Where the preamble ends: the first of the enacting phrases or bodies.
fn preamble_end(text: &str) -> Option<usize> {
    let phrase = PREAMBLE_END_PHRASE.find(text).map(|m| m.start());
    let body = ENACTING_BODY
        .find_iter(&text[..phrase.unwrap_or(text.len())])
        .find(|m| enacts(&text[m.end()..]))
        .map(|m| m.start());
    body.or(phrase)
}

/// Whether `after` ("UBND tỉnh" read) goes on with "[ Name] ban hành".
fn enacts(after: &str) -> bool {
    if starts_with_ban_hanh(after) {
        return true;
    }
    let Some(name) = ENACTING_NAME.find(after) else {
        return false;
    };
    // The name's letters after the capital: the enacting words may start after any 0..=20 of
    // them, inside the run of letters and spaces (they are letters and spaces themselves).
    let capital_end = 1 + after[1..].chars().next().map_or(0, char::len_utf8);
    let run = &after[capital_end..name.end()];
    run.char_indices()
        .map(|(at, _)| at)
        .chain(std::iter::once(run.len()))
        .take(ENACTING_NAME_TAIL + 1)
        .any(|at| starts_with_ban_hanh(&run[at..]))
}

/// " ban hành", any case (the words are plain letters: lowercasing each character is their
/// case folding).
fn starts_with_ban_hanh(text: &str) -> bool {
    let mut chars = text.chars().flat_map(char::to_lowercase);
    " ban hành"
        .chars()
        .all(|expected| chars.next() == Some(expected))
}
static SIGNATURE_TITLE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:TM\.|KT\.|Q\.|TL\.)?\s*(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|CHỦ TỊCH|PHÓ CHỦ TỊCH|CHÁNH VĂN PHÒNG|GIÁM ĐỐC)\b").unwrap()
});
/// Capitalized words; a signer's name has two to five of them (`is_person_name`). The count
/// is not written as `{1,4}`: four copies of the letter classes cost more to compile than every
/// other pattern of this module together.
static CAPITALIZED_WORDS: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*)+$").unwrap());

fn is_person_name(text: &str) -> bool {
    // `\s` is White_Space, as `split_whitespace`'s: the words the pattern matched are counted.
    CAPITALIZED_WORDS.is_match(text) && text.split_whitespace().count() <= 5
}

pub fn extract(document: &Document) -> PlanMeta {
    let content = |range: std::ops::Range<usize>| -> Vec<&Line> {
        document
            .slice(&range)
            .iter()
            .filter(|l| l.is_content())
            .collect()
    };
    let header = content(document.regions.header.clone());
    let title = title(&header);
    let (number, date) = number_and_date(document);
    PlanMeta {
        province: province(document),
        implements: implements(title.as_deref(), &header),
        title,
        number,
        date,
        signer: signer(&content(document.regions.closing.clone())),
    }
}

/// The words under "KẾ HOẠCH", up to the preamble ("Thực hiện …", "Căn cứ …").
fn title(header: &[&Line]) -> Option<String> {
    let start = header
        .iter()
        .position(|l| PLAN_WORD.is_match(&collapse_whitespace(&l.text)))?;
    let mut parts = Vec::new();
    for line in &header[start + 1..] {
        let text = collapse_whitespace(&line.text);
        // The first line under "KẾ HOẠCH" is the title even when it opens like a preamble
        // ("Thực hiện Chiến lược …"); a later line that opens a preamble ends it.
        let opens_preamble = !parts.is_empty()
            && PREAMBLE_OPENERS
                .iter()
                .chain(PURPOSE_OPENERS)
                .any(|w| text.starts_with(w));
        if opens_preamble
            || is_attachment_line(&text)
            || is_number_line(&text)
            || text.chars().all(|c| matches!(c, '-' | '_' | '*' | ' '))
            || parts.len() >= 6
        {
            break;
        }
        parts.push(text);
    }
    let joined = join_lines(parts.iter().map(String::as_str));
    (!joined.is_empty()).then_some(joined)
}

/// "(Ban hành kèm theo Quyết định số … )", "(Kèm theo …)": the line under the title of a plan
/// issued as a decision's attachment says which decision issued it; it is not the title.
fn is_attachment_line(text: &str) -> bool {
    // The whole line is the parenthesis: a title wrapped before "(kèm theo Nghị quyết số …) của
    // Tỉnh ủy" goes on after it.
    let Some(inside) = text
        .strip_prefix('(')
        .filter(|_| text.trim_end().ends_with(')'))
    else {
        return false;
    };
    let folded = crate::domain::text::fold(inside.trim_start());
    ATTACHMENT_OPENERS.iter().any(|w| folded.starts_with(w))
}

/// The plan's own "Số: 12/KH-UBND" line, which a converted page may print under the title
/// ("**Số: 12/KH-UBND** — Sơn La, ngày 09 tháng 01 năm 2026"): "Số:" with its colon, then at
/// most the place and date (a wrapped title line "Số 45/KH-BCĐ ngày … của Ban Chỉ đạo" cites
/// another plan).
fn is_number_line(text: &str) -> bool {
    let bare = text.trim_start_matches(['*', '#', '_', ' ']);
    let Some(rest) = bare.strip_prefix("Số") else {
        return false;
    };
    if !rest.trim_start().starts_with(':') {
        return false;
    }
    let Some(number) = NUMBER.find(bare).filter(|m| m.start() == 0) else {
        return false;
    };
    let after = bare[number.end()..].trim_start_matches(['*', '_', ' ']);
    after.is_empty() || after.starts_with(['—', '–', '-', ','])
}

/// Folded (`domain::text::fold`) openings of the attachment line.
const ATTACHMENT_OPENERS: &[&str] = &["ban hanh kem theo", "kem theo"];

fn implements(title: Option<&str>, header: &[&Line]) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut push = |text: &str| {
        for m in DOCUMENT_REF.find_iter(text) {
            let reference = m.as_str().to_string();
            if !reference.contains("/KH-") && !found.contains(&reference) {
                found.push(reference);
            }
        }
    };
    if let Some(title) = title {
        push(title);
    }
    // The preamble: from "Thực hiện"/"Căn cứ" up to the plan's own enacting words.
    let preamble_start = header.iter().position(|l| {
        let t = l.text.trim_start();
        PREAMBLE_OPENERS.iter().any(|w| t.starts_with(w))
    });
    if let Some(start) = preamble_start {
        let text = join_lines(header[start..].iter().map(|l| l.text.as_str()));
        let cut = preamble_end(&text).unwrap_or(text.len());
        push(&text[..cut]);
    }
    found
}

/// The province named most often as "tỉnh X" (or in capitals), falling back to any mention.
/// One pass of one pattern over the text: this runs on every file of a batch.
fn province(document: &Document) -> Option<String> {
    let mut scores: Vec<usize> = vec![0; PROVINCES.len()];
    for line in document.lines.iter().filter(|l| l.is_content()) {
        let text = line.text.as_str();
        // No full match starts before the leftmost candidate, so the full pattern resumes there
        // (its `\b` still sees the text before); each search either finds a mention and moves
        // past it or ends the line.
        let mut at = 0;
        while let Some(candidate) = PROVINCE_CANDIDATE.find_at(text, at) {
            let Some(caps) = PROVINCE_MENTION.captures_at(text, candidate.start()) else {
                break;
            };
            let Some(whole) = caps.get(0) else { break };
            at = whole.end();
            let Some(name) = caps.get(2) else { continue };
            let key = tone_key(name.as_str());
            if let Some(index) = PROVINCES.iter().position(|(_, k)| *k == key) {
                scores[index] += if caps.get(1).is_some() { 11 } else { 1 };
            }
        }
    }
    // Ties go to the first name in the list, so the answer never depends on anything but the text.
    let (best, score) =
        scores
            .iter()
            .enumerate()
            .fold((0, 0), |acc, (i, &s)| if s > acc.1 { (i, s) } else { acc });
    (score > 0).then(|| PROVINCES[best].0.clone())
}

/// The plan's own date ("2026-04-21"), as in `extract`, without reading the rest of the
/// metadata: the target stage needs it for every document.
pub fn issued_date(document: &Document) -> Option<String> {
    number_and_date(document).1
}

/// "Số: 129/KH-UBND" and the "…, ngày 21 tháng 4 năm 2026" of the header; an appendix's
/// "(Kèm theo Kế hoạch số 129/KH-UBND ngày 21 tháng 4 năm 2026 …)" when the header was lost. A
/// blank number ("số /KH-UBND") or date ("ngày tháng 12 năm 2024") stays null.
fn number_and_date(document: &Document) -> (Option<String>, Option<String>) {
    let header_text = join_lines(
        document
            .slice(&document.regions.header)
            .iter()
            .filter(|l| l.is_content())
            .map(|l| l.text.as_str()),
    );
    let mut number = None;
    let mut date = None;
    // Only the part above "KẾ HOẠCH": the title and the preamble cite other documents' numbers
    // and dates ("Quyết định số 142/QĐ-TTg ngày 02 tháng 02 năm 2024").
    let head = PLAN_WORD_INLINE
        .find(&header_text)
        .map(|m| &header_text[..m.start()])
        .unwrap_or(&header_text);
    if let Some(caps) = NUMBER.captures(head) {
        number = Some(caps[1].split_whitespace().collect::<String>());
    }
    if let Some(caps) = DATE.captures(head) {
        date = iso_date(&caps[1], &caps[2], &caps[3]);
    }
    if number.is_none() {
        // The number line under the title (a converted page's order): only a line that opens
        // with it, never a "Kế hoạch số …" the title or the preamble cites.
        // It stands among the title's lines: at most a few lines under "KẾ HOẠCH", before the
        // preamble (which may cite another plan on a line of its own).
        let lines: Vec<String> = document
            .slice(&document.regions.header)
            .iter()
            .filter(|l| l.is_content())
            .map(|l| collapse_whitespace(&l.text))
            .collect();
        let number_line = lines
            .iter()
            .position(|text| PLAN_WORD.is_match(text))
            .and_then(|plan_word| {
                lines
                    .iter()
                    .skip(plan_word + 1)
                    .take(4)
                    .take_while(|text| !PREAMBLE_OPENERS.iter().any(|w| text.starts_with(w)))
                    .find(|text| is_number_line(text))
                    .cloned()
            });
        if let Some(line) = number_line {
            let bare = line.trim_start_matches(['*', '#', '_', ' ']);
            number = NUMBER
                .captures(bare)
                .map(|caps| caps[1].split_whitespace().collect::<String>());
            if date.is_none() {
                date = DATE
                    .captures(bare)
                    .and_then(|caps| iso_date(&caps[1], &caps[2], &caps[3]));
            }
        }
    }
    if number.is_none() || date.is_none() {
        for range in &document.regions.appendices {
            let text = join_lines(
                document
                    .slice(range)
                    .iter()
                    .take(12)
                    .filter(|l| l.is_content())
                    .map(|l| l.text.as_str()),
            );
            let Some(at) = text.find("Kèm theo") else {
                continue;
            };
            let clause = &text[at..text[at..].find(')').map(|e| at + e).unwrap_or(text.len())];
            if number.is_none() {
                if let Some(caps) = NUMBER.captures(clause) {
                    number = Some(caps[1].split_whitespace().collect::<String>());
                }
            }
            if date.is_none() {
                if let Some(caps) = DATE.captures(clause) {
                    date = iso_date(&caps[1], &caps[2], &caps[3]);
                }
            }
            break;
        }
    }
    (number, date)
}

fn iso_date(day: &str, month: &str, year: &str) -> Option<String> {
    let (d, m, y): (u32, u32, u32) = (day.parse().ok()?, month.parse().ok()?, year.parse().ok()?);
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days_in_month)
        .contains(&d)
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// The name under the signature titles ("TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH").
fn signer(closing: &[&Line]) -> Option<String> {
    // Signature blocks often sit in a table: cells separated by "|" or tabs are read one by one.
    let cells: Vec<String> = closing
        .iter()
        .flat_map(|l| {
            l.text
                .split(['|', '\t'])
                .map(collapse_whitespace)
                .collect::<Vec<_>>()
        })
        .filter(|c| !c.is_empty())
        .collect();
    let last_title = cells.iter().rposition(|c| SIGNATURE_TITLE.is_match(c))?;
    cells
        .get(last_title + 1)
        .filter(|c| is_person_name(c))
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preamble_end_is_the_single_pattern_it_replaces() {
        use proptest::prelude::*;
        let single = Regex::new(r"(?i)xét đề (?:xuất|nghị)|theo đề nghị|(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd) tỉnh(?: \p{Lu}[\p{L} ]{0,20})? ban hành|cụ thể như sau").unwrap();
        let pieces = prop::sample::select(vec![
            "UBND tỉnh",
            "Ủy ban nhân dân tỉnh",
            "ỦY BAN NHÂN DÂN TỈNH",
            "uỷ ban nhân dân tỉnh",
            " ",
            "  ",
            "Kon Tum",
            "kon tum",
            "Đắk Lắk",
            "ban hành",
            "BAN HÀNH",
            "Ban Hành",
            "ban ha\u{300}nh",
            "xét đề nghị",
            "Xét đề xuất",
            "theo đề nghị",
            "cụ thể như sau",
            "Kế hoạch",
            "abcdefghij",
            "x",
            "1",
            ",",
            ".",
            "ǅ",
            "\u{345}",
            "Ⓐ",
            "\u{300}",
            "\n",
        ]);
        let texts = prop::collection::vec(pieces, 0..10).prop_map(|parts| parts.concat());
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(4_000));
        runner
            .run(&texts, |text| {
                prop_assert_eq!(preamble_end(&text), single.find(&text).map(|m| m.start()));
                Ok(())
            })
            .unwrap();
        // Names of 20 and 21 letters after the capital: the bound is kept.
        for tail in [19, 20, 21] {
            let text = format!("UBND tỉnh K{} ban hành", "o".repeat(tail));
            assert_eq!(
                preamble_end(&text),
                single.find(&text).map(|m| m.start()),
                "{tail}"
            );
        }
    }

    #[test]
    fn person_name_is_the_single_pattern_it_replaces() {
        let single = Regex::new(r"^(?:\p{Lu}\p{Ll}*)(?:\s+\p{Lu}\p{Ll}*){1,4}$").unwrap();
        let names = [
            "",
            "Nguyễn",
            "Nguyễn Văn",
            "Nguyễn Văn A",
            "Nguyễn  Văn\tAn Bình Minh",
            "Nguyễn Văn An Bình Minh Châu",
            " Nguyễn Văn",
            "Nguyễn Văn ",
            "Nguyễn văn",
            "NGUYỄN VĂN",
            "Đỗ\u{a0}Thị Hà",
            "Lê Ngọc\u{3000}Tuấn",
            "A B C D E",
            "A B C D E F",
            "Kon Tum 2025",
            "Lê-Ngọc Tuấn",
        ];
        for name in names {
            assert_eq!(is_person_name(name), single.is_match(name), "{name:?}");
        }
    }

    #[test]
    fn dates_are_checked() {
        assert_eq!(iso_date("21", "4", "2026").as_deref(), Some("2026-04-21"));
        assert_eq!(iso_date("31", "4", "2026"), None);
        assert_eq!(iso_date("1", "13", "2026"), None);
    }
}

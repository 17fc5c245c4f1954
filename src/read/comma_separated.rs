//! CSV as the text of a plan: a table exported by a PDF table extractor (pdfplumber, tabula,
//! camelot) or saved from a spreadsheet. Each record becomes one line of tab-separated cells,
//! which the table reader already knows (`structure::tables::delimited`); the line breaks a
//! quoted cell holds (its words wrapped in the PDF's column) become spaces.
//!
//! A record is placed on the line of the file where it starts (blank lines fill in after a
//! record of several lines), so the `lines` of a row are the CSV file's own.

/// The separators a CSV file is taken to use: `,` everywhere, `;` from spreadsheets set to a
/// locale whose decimal mark is a comma.
const SEPARATORS: [u8; 2] = [b',', b';'];
/// Records looked at to tell a file's separator.
const SNIFFED_RECORDS: usize = 200;
/// Records looked at to tell CSV from a text under another name (every text is asked).
const TOLD_BY_RECORDS: usize = 40;

/// How a CSV file was read, for the reader's note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvSummary {
    pub separator: char,
    pub records: usize,
    /// The first line of a cell that runs over more lines than any cell of a table does: a
    /// quote left open takes the rest of the file into one cell.
    pub runaway_cell_at: Option<usize>,
}

/// Lines a quoted cell may run over before it is reported as a quote left open.
pub(super) const MOST_CELL_LINES: usize = 100;

/// Whether the text is CSV: named `.csv`, or — whatever its name — at least five records of
/// which nine in ten have one same number of cells, three or more (prose never does).
pub fn is_csv(name: &str, text: &str) -> bool {
    if name.to_ascii_lowercase().ends_with(".csv") {
        return true;
    }
    // Cells apart by tabs are a table the text readers know (a spreadsheet's copy), whatever
    // commas its cells hold.
    if text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(SNIFFED_RECORDS)
        .any(|l| l.contains('\t'))
    {
        return false;
    }
    let (body, declared) = declared_separator(text);
    let candidates: Vec<u8> = declared.map_or(SEPARATORS.to_vec(), |d| vec![d]);
    candidates.into_iter().any(|separator| {
        let counts = field_counts(body, separator, TOLD_BY_RECORDS);
        let Some((fields, share)) = usual_count(&counts) else {
            return false;
        };
        counts.len() >= 5 && fields >= 3 && share >= 0.9
    })
}

/// The CSV text as lines of tab-separated cells.
pub fn to_text(text: &str) -> (String, CsvSummary) {
    let (body, declared) = declared_separator(text);
    let skipped_lines = usize::from(declared.is_some());
    let separator = declared.unwrap_or_else(|| {
        // The separator whose records agree best on their number of cells.
        SEPARATORS
            .into_iter()
            .max_by(|a, b| {
                let score = |separator| {
                    let counts = field_counts(body, separator, SNIFFED_RECORDS);
                    usual_count(&counts).map_or((0, 0), |(fields, share)| {
                        ((share * 1000.0) as usize * usize::from(fields >= 2), fields)
                    })
                };
                score(*a).cmp(&score(*b)).then(b.cmp(a))
            })
            .unwrap_or(b',')
    });
    // One line end each: the reader's positions count "\r\n" inside a quoted cell apart.
    let body = &body.replace("\r\n", "\n");
    let mut reader = reader(body, separator);
    let mut out = String::with_capacity(text.len());
    let mut next_line = 1;
    let mut records = 0;
    let mut record = csv::StringRecord::new();
    // The line a record starts on, counted from where the reader stood after the record
    // before (its own line count is off after a cell of several lines).
    let (mut counted_to, mut line_at) = (0usize, 1 + skipped_lines);
    let mut start = 0usize;
    let mut runaway_cell_at = None;
    while let Ok(true) = reader.read_record(&mut record) {
        // Blank lines the reader passed over before the record.
        let bytes = body.as_bytes();
        while start < bytes.len() && matches!(bytes[start], b'\n' | b'\r') {
            start += 1;
        }
        if start > counted_to {
            line_at += memchr::memchr_iter(b'\n', &bytes[counted_to..start]).count();
            counted_to = start;
        }
        let line = line_at;
        start = (reader.position().byte() as usize).min(bytes.len());
        if runaway_cell_at.is_none()
            && record
                .iter()
                .any(|cell| memchr::memchr_iter(b'\n', cell.as_bytes()).count() > MOST_CELL_LINES)
        {
            runaway_cell_at = Some(line);
        }
        let cells: Vec<String> = record.iter().map(collapse).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        while next_line < line {
            out.push('\n');
            next_line += 1;
        }
        out.push_str(&cells.join("\t"));
        out.push('\n');
        next_line += 1;
        records += 1;
    }
    (
        out,
        CsvSummary {
            separator: char::from(separator),
            records,
            runaway_cell_at,
        },
    )
}

/// Excel's first line "sep=;" names the separator; the records start after it.
fn declared_separator(text: &str) -> (&str, Option<u8>) {
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or("");
    match first.trim().strip_prefix("sep=").map(str::as_bytes) {
        Some([separator]) if !separator.is_ascii_alphanumeric() => {
            let rest = text.split_once('\n').map_or("", |(_, rest)| rest);
            (rest, Some(*separator))
        }
        _ => (text, None),
    }
}

fn reader(text: &str, separator: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(text.as_bytes())
}

/// The number of cells of each of the first records that are not blank.
fn field_counts(text: &str, separator: u8, most: usize) -> Vec<usize> {
    let mut reader = reader(text, separator);
    let mut record = csv::StringRecord::new();
    let mut counts = Vec::new();
    while counts.len() < most {
        match reader.read_record(&mut record) {
            Ok(true) if record.iter().all(|cell| cell.trim().is_empty()) => {}
            Ok(true) => counts.push(record.len()),
            _ => break,
        }
    }
    counts
}

/// The most usual number of cells and the share of records that have it.
fn usual_count(counts: &[usize]) -> Option<(usize, f64)> {
    let mut tally: std::collections::BTreeMap<usize, usize> = Default::default();
    for &count in counts {
        *tally.entry(count).or_default() += 1;
    }
    let (&fields, &records) = tally
        .iter()
        .max_by_key(|(fields, records)| (**records, **fields))?;
    Some((fields, records as f64 / counts.len() as f64))
}

/// A cell on one line: its white space (line breaks and tabs included) as single spaces. A
/// line that ends on a hyphen joined to its word was broken there by the PDF's column
/// ("Năm 2026-" / "2030"): the next line follows it without a space.
fn collapse(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    for line in cell.split(['\n', '\r']) {
        let words = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if words.is_empty() {
            continue;
        }
        let broken_at_hyphen = out.ends_with('-')
            && out
                .chars()
                .rev()
                .nth(1)
                .is_some_and(|before| !before.is_whitespace());
        if !out.is_empty() && !broken_at_hyphen {
            out.push(' ');
        }
        out.push_str(&words);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_become_lines_on_their_own_source_lines() {
        let csv = "TT,Nhiệm vụ,Cơ quan chủ trì,Thời gian\n\
                   1,\"Ban hành\nquy chế, quy định\",Sở Nội vụ,2026\n\
                   ,,,\n\
                   2,Rà soát,\"Sở Tư pháp\",2027\n";
        let (text, summary) = to_text(csv);
        assert_eq!(
            text,
            "TT\tNhiệm vụ\tCơ quan chủ trì\tThời gian\n\
             1\tBan hành quy chế, quy định\tSở Nội vụ\t2026\n\n\n\
             2\tRà soát\tSở Tư pháp\t2027\n"
        );
        assert_eq!(
            summary,
            CsvSummary {
                separator: ',',
                records: 3,
                runaway_cell_at: None,
            }
        );
    }

    #[test]
    fn the_separator_is_declared_or_told_from_the_records() {
        let excel = "\u{feff}sep=;\nTT;Nhiệm vụ;Chủ trì\n1;Việc, và việc;Sở A\n";
        let (text, summary) = to_text(excel);
        assert_eq!(summary.separator, ';');
        assert_eq!(text, "\nTT\tNhiệm vụ\tChủ trì\n1\tViệc, và việc\tSở A\n");
        let semicolons = "TT;Nhiệm vụ;Chủ trì\n1;Việc, và việc;Sở A\n2;Việc khác;Sở B\n";
        assert_eq!(to_text(semicolons).1.separator, ';');
    }

    #[test]
    fn a_quote_left_open_is_found() {
        let rows: String = (0..300).map(|n| format!("{n},việc,Sở A\n")).collect();
        let csv = format!("TT,Nhiệm vụ,Chủ trì\n1,\"mở,Sở A\n{rows}");
        assert_eq!(to_text(&csv).1.runaway_cell_at, Some(2));
        assert_eq!(to_text(&rows).1.runaway_cell_at, None);
    }

    #[test]
    fn windows_line_ends_count_once() {
        let csv =
            "TT,Nhiệm vụ,Chủ trì\r\n1,\"Ban hành\r\nquy chế\",Sở A\r\n,,\r\n2,Rà soát,Sở B\r\n";
        let (text, _) = to_text(csv);
        assert_eq!(
            text,
            "TT\tNhiệm vụ\tChủ trì\n1\tBan hành quy chế\tSở A\n\n\n2\tRà soát\tSở B\n"
        );
    }

    #[test]
    fn a_cell_broken_at_a_hyphen_joins_without_a_space() {
        assert_eq!(collapse("Năm 2026-\n2030"), "Năm 2026-2030");
        assert_eq!(collapse("Năm 2026-\r2027"), "Năm 2026-2027");
        assert_eq!(collapse("Sở A -\nSở B"), "Sở A - Sở B");
        assert_eq!(
            collapse(" Sở Thông tin và Truyền\r\nthông\t "),
            "Sở Thông tin và Truyền thông"
        );
    }

    #[test]
    fn csv_is_told_from_prose_with_commas() {
        let records = "TT,Nhiệm vụ,Chủ trì\n1,a,b\n2,c,d\n3,e,f\n4,g,h\n";
        assert!(is_csv("table.txt", records));
        assert!(is_csv("any.CSV", "Kế hoạch"));
        let prose =
            "KẾ HOẠCH\nTriển khai, thực hiện\nI. MỤC ĐÍCH\n1. Mục đích, yêu cầu, nội dung\n\
                     Các sở, ban, ngành\nUBND các huyện, thị xã, thành phố\n";
        assert!(!is_csv("plan.txt", prose));
        // A spreadsheet's copy: tabs between cells, commas inside them.
        let tabs = "TT\tNhiệm vụ\tPhối hợp\n1\ta\tCác sở, ban, ngành\n2\tb\tCác sở, ban, ngành\n\
                    3\tc\tCác sở, ban, ngành\n4\td\tCác sở, ban, ngành\n";
        assert!(!is_csv("copy.txt", tabs));
    }
}

//! Writing check reports: `human` (rustc/ruff style), `json` (`plandoc/check@1`), `sarif` (2.1.0,
//! for code-scanning dashboards) and `github` (workflow command lines).

use serde_json::json;

use super::rules::{self, RULES};
use super::Report;
use crate::model::Severity;

/// ANSI colours, or none.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// The terminal's width in columns, when the report goes to one: snippets are cut to fit
    /// it (at least `MIN_SNIPPET_CHARS`), so a wrapped line does not leave its mark under
    /// another row of the screen. None: `MAX_SNIPPET_CHARS`.
    pub width: Option<usize>,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

fn severity_color(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
    }
}

const MAX_SNIPPET_CHARS: usize = 140;
/// The narrowest snippet, whatever the terminal: a mark needs some words around it.
const MIN_SNIPPET_CHARS: usize = 40;

/// Where `focus` stands in `line`: (first char, char count), 0-based. Where a cell starts (a
/// stretch of the line between tabs or wide gaps, `check::cell_stretches`) is preferred to a
/// mention inside other text; a focus wrapped onto the next lines (a cell of a table row) is
/// marked by its longest opening of two words or more that ends a stretch.
fn span(line: &str, focus: Option<&str>) -> Option<(usize, usize)> {
    let focus = focus.filter(|f| !f.is_empty())?;
    let mark = |byte: usize, text: &str| (line[..byte].chars().count(), text.chars().count());
    let stretches = super::cell_stretches(line);
    // A cell that is the focus and nothing else before one that opens with it: "Hằng năm" is
    // the timeframe cell, not the task "Hằng năm tổ chức …" before it.
    if let Some((at, _)) = stretches
        .iter()
        .find(|(_, stretch)| *stretch == focus)
        .or_else(|| {
            stretches
                .iter()
                .find(|(_, stretch)| stretch.starts_with(focus))
        })
    {
        return Some(mark(*at, focus));
    }
    // A field whose text is the focus, on a line the cells above did not split: an HTML source
    // line's cell ("<td> 2026 </td>"), a CSV record's field (`,Hằng năm` after `"Hằng năm …"`).
    if let Some(byte) = whole_field(line, focus) {
        return Some(mark(byte, focus));
    }
    if let Some(byte) = line.find(focus) {
        return Some(mark(byte, focus));
    }
    let words: Vec<&str> = focus.split(' ').collect();
    (2..words.len()).rev().find_map(|count| {
        let opening = words[..count].join(" ");
        stretches.iter().find_map(|(at, stretch)| {
            super::ends_with_words(stretch, &opening)
                .then(|| mark(at + stretch.len() - opening.len(), &opening))
        })
    })
}

/// Where `focus` stands as a whole field of `line`: between delimiters of cells (markup's `>`
/// and `<`, a CSV's `,` and `"`, `;`) or the line's ends, spaces aside. None for a focus with
/// no letter or digit.
fn whole_field(line: &str, focus: &str) -> Option<usize> {
    const OPENING: &[char] = &['>', ',', '"', ';'];
    const CLOSING: &[char] = &['<', ',', '"', ';'];
    // A field holds words or numbers; a mark alone ("�", "%") is looked for where it first is.
    if !focus.chars().any(char::is_alphanumeric) {
        return None;
    }
    line.match_indices(focus).map(|(at, _)| at).find(|&at| {
        let before = line[..at].trim_end_matches(' ');
        let after = line[at + focus.len()..].trim_start_matches(' ');
        (before.is_empty() || before.ends_with(OPENING))
            && (after.is_empty() || after.starts_with(CLOSING))
    })
}

/// `found` (first char, char count in `read`, the reader's NFC line) as the same span of
/// `written`, the file's line: each starter with its combining marks is one step of both. None
/// when the two are not the same text up to normalization (the reader repaired the line).
fn written_span(written: &str, read: &str, found: (usize, usize)) -> Option<(usize, usize)> {
    use unicode_normalization::char::canonical_combining_class;
    use unicode_normalization::UnicodeNormalization;
    // White space the reader dropped from the line's end (PDF text pads its lines) is after
    // any span and moves no column.
    let (written, read) = (written.trim_end(), read.trim_end());
    if written == read {
        return Some(found);
    }
    if written.nfc().ne(read.chars()) {
        return None;
    }
    // (read chars, written chars) at every cluster boundary of the written line.
    let mut boundaries = vec![(0, 0)];
    let mut cluster = String::new();
    let (mut read_at, mut written_at) = (0, 0);
    let chars: Vec<char> = written.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        cluster.push(*c);
        let next_starts = chars
            .get(i + 1)
            .is_none_or(|n| canonical_combining_class(*n) == 0);
        if next_starts {
            read_at += cluster.nfc().count();
            written_at += cluster.chars().count();
            boundaries.push((read_at, written_at));
            cluster.clear();
        }
    }
    let at = |read_offset: usize| {
        boundaries
            .iter()
            .find(|(r, _)| *r == read_offset)
            .map(|(_, w)| *w)
    };
    let start = at(found.0)?;
    let end = at(found.0 + found.1)?;
    Some((start, end - start))
}

/// How a line is shown: tabs as " ⇥ " (they separate cells), at most `most` characters, and
/// `found` (first char, char count in `raw`) where it is shown. A line too long to show whole
/// is cut around what is marked, with "…" where it is cut, so the mark is never cut off: a
/// deadline is the last cell of a long row.
fn snippet(
    raw: &str,
    found: Option<(usize, usize)>,
    most: usize,
) -> (String, Option<(usize, usize)>) {
    // Control characters shown one for one, so the mark's columns hold and a draft cannot
    // drive the terminal or the CI log viewer.
    let shown: Vec<char> = crate::render::visible(raw)
        .replace('\t', " ⇥ ")
        .chars()
        .collect();
    // The mark where it is shown: a tab before it shows as three characters.
    let found = found.map(|(start, length)| {
        let tabs = raw.chars().take(start).filter(|&c| c == '\t').count();
        let tabs_inside = raw
            .chars()
            .skip(start)
            .take(length)
            .filter(|&c| c == '\t')
            .count();
        (start + 2 * tabs, length + 2 * tabs_inside)
    });
    if shown.len() <= most {
        return (shown.into_iter().collect(), found);
    }
    let Some((start, length)) = found else {
        let mut text: String = shown[..most - 1].iter().collect();
        text.push('…');
        return (text, None);
    };
    // A window that ends a little after the mark (or at the line's end), so as much as fits
    // before it is shown; the mark's start is always in it.
    let room = most - 2;
    let from = if start + length.min(most / 2) < most - 1 {
        0
    } else {
        (start + length + 10)
            .saturating_sub(room)
            .min(shown.len().saturating_sub(room))
            .min(start)
    };
    let to = (from + room).min(shown.len());
    let mut text = String::new();
    let mut offset = 0;
    if from > 0 {
        text.push('…');
        offset = 1;
    }
    text.extend(&shown[from..to]);
    if to < shown.len() {
        text.push('…');
    }
    let start_shown = start - from + offset;
    let length_shown = length.min(to.saturating_sub(start)).max(1);
    (text, Some((start_shown, length_shown)))
}

/// The human report; `unreadable` drafts (named on standard error already) are counted in its
/// summary line so the total does not look like every draft was checked.
pub fn human(reports: &[Report], unreadable: usize, style: Style) -> String {
    let mut out = String::new();
    let (mut errors, mut warnings, mut notes) = (0, 0, 0);
    for report in reports {
        errors += report.errors;
        warnings += report.warnings;
        notes += report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Info)
            .count();
        for (index, d) in report.diagnostics.iter().enumerate() {
            let focus = report.focus.get(index).cloned().flatten();
            let level = rules::severity_name(d.severity);
            out.push_str(&format!(
                "{}: {}\n",
                style.paint(severity_color(d.severity), &format!("{level}[{}]", d.rule)),
                style.paint("1", &crate::render::visible_name(&d.message))
            ));
            let [first, last] = d.lines;
            let width = last.to_string().len();
            let pad = " ".repeat(width);
            // The gutter ("123 | ") comes before the snippet on the same row.
            let most = style.width.map_or(MAX_SNIPPET_CHARS, |columns| {
                columns
                    .saturating_sub(width + 3)
                    .clamp(MIN_SNIPPET_CHARS, MAX_SNIPPET_CHARS)
            });
            out.push_str(&format!(
                "{pad}{} {}:{first}\n",
                style.paint("1;34", "-->"),
                // A file name is anyone's bytes: an escape sequence in it must not drive the
                // reader's terminal.
                crate::render::visible_name(&report.path)
            ));
            out.push_str(&format!("{pad} {}\n", style.paint("1;34", "|")));
            let shown = super::snippet_lines(d.lines);
            let shown_last = *shown.end();
            for no in shown {
                let Some(read) = report.lines.get(&no) else {
                    continue;
                };
                // The line as the file holds it, which is what the author must fix: damage
                // the reader repaired shows as written ("möu", not the repair).
                let written = report.written.as_ref().and_then(|w| w.get(&no));
                // Only when it is another text: a line that differs in Unicode normalization
                // alone (a decomposed file) is shown composed, so that a character is a column.
                let written = written.filter(|w| {
                    use unicode_normalization::UnicodeNormalization;
                    w.trim_end().nfc().ne(read.trim_end().chars())
                });
                let raw = written.map_or(read.as_str(), String::as_str);
                // Found in the whole line (its tabs separate cells): in the line as written,
                // else in the reader's line and carried over to the written one.
                let found = if no == first {
                    span(raw, focus.as_deref()).or_else(|| {
                        let found = span(read, focus.as_deref())?;
                        match written {
                            Some(written) => written_span(written, read, found),
                            None => Some(found),
                        }
                    })
                } else {
                    None
                };
                let (text, found) = snippet(raw, found, most);
                out.push_str(&format!(
                    "{} {} {}\n",
                    style.paint("1;34", &format!("{no:>width$}")),
                    style.paint("1;34", "|"),
                    text.trim_end()
                ));
                let (indent, marked) = match found {
                    Some(found) => found,
                    None => (
                        text.chars().take_while(|c| c.is_whitespace()).count(),
                        text.trim().chars().count().clamp(1, most),
                    ),
                };
                out.push_str(&format!(
                    "{pad} {} {}{}\n",
                    style.paint("1;34", "|"),
                    " ".repeat(indent),
                    style.paint(severity_color(d.severity), &"^".repeat(marked.clamp(1, 60)))
                ));
            }
            if shown_last < last {
                out.push_str(&format!("{pad} {} …\n", style.paint("1;34", "|")));
            }
            if let Some(suggestion) = &d.suggestion {
                out.push_str(&format!(
                    "{pad} {} {}: {}\n",
                    style.paint("1;34", "="),
                    style.paint("1", "help"),
                    crate::render::visible(suggestion)
                ));
            }
            out.push('\n');
        }
    }
    let files = reports.len();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let mut summary = format!(
        "{errors} error{}, {warnings} warning{}",
        plural(errors),
        plural(warnings)
    );
    // Info findings are printed above; a summary without them reads as if there were none.
    // Named as they are printed ("info[rule]") and as --severity names them.
    if notes > 0 {
        summary.push_str(&format!(", {notes} info"));
    }
    summary.push_str(&format!(" in {files} file{}", plural(files)));
    if unreadable > 0 {
        summary.push_str(&format!(
            "; {unreadable} file{} could not be read",
            plural(unreadable)
        ));
    }
    let color = if errors > 0 || unreadable > 0 {
        "1;31"
    } else if warnings > 0 {
        "1;33"
    } else {
        "1;32"
    };
    out.push_str(&style.paint(color, &summary));
    out.push('\n');
    out
}

/// One draft's report as an object; `several` (more than one draft asked for, even if some could
/// not be read) as an array, so the shape follows the command line, not which files were readable.
pub fn json(reports: &[Report], several: bool) -> String {
    let text = if !several && reports.len() == 1 {
        serde_json::to_string_pretty(&reports[0])
    } else {
        serde_json::to_string_pretty(reports)
    };
    let mut text = text.unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

/// Each report as one line of JSON, in the order of the drafts.
pub fn jsonl(reports: &[Report]) -> String {
    let mut text = String::new();
    for report in reports {
        text.push_str(&serde_json::to_string(report).unwrap_or_else(|_| "{}".to_string()));
        text.push('\n');
    }
    text
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Paths in SARIF are URIs: relative to the repository (forward slashes, no leading "./"), or
/// `file://` URIs for absolute paths.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.trim_start_matches("./");
    // An absolute path is a file URI ("C:" kept as the drive, not a scheme); a relative one
    // stays relative to the repository.
    let (mut out, path) = if path.starts_with('/') {
        (String::from("file://"), path)
    } else if path.len() >= 3
        && path.as_bytes()[0].is_ascii_alphabetic()
        && path[1..].starts_with(":/")
    {
        (format!("file:///{}", &path[..2]), &path[2..])
    } else {
        (String::new(), path)
    };
    // RFC 3986: a path keeps its unreserved characters and slashes; everything else, the
    // Vietnamese letters included, is percent-encoded UTF-8 ("#" would start a fragment).
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A draft that could not be read (its path as given, and why), which the machine-read reports
/// name too: a CI job that exits 2 should say why where its annotations are read.
pub struct Unreadable {
    pub path: String,
    pub reason: String,
    /// What the file was given as: "the draft", or "the baseline" (`--baseline`).
    pub given_as: &'static str,
}

pub fn sarif(reports: &[Report], unreadable: &[Unreadable]) -> String {
    let rules: Vec<_> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.name,
                "name": r.name,
                "shortDescription": {"text": r.description},
                "fullDescription": {"text": r.description},
                "defaultConfiguration": {"level": sarif_level(r.severity)},
            })
        })
        .collect();
    // Every draft read is an artifact, with the character set its bytes are in where that has
    // a registered name: the columns below count the file's characters, which a viewer finds
    // only by reading the file in that character set. Results point at their draft's entry.
    let mut artifacts: Vec<serde_json::Value> = Vec::new();
    let mut results = Vec::new();
    for report in reports {
        let mut artifact = json!({"location": {"uri": uri(&report.path)}});
        if let Some(encoding) = report.encoding {
            artifact["encoding"] = json!(encoding);
        }
        // A draft given twice (a file and standard input named after it) is one artifact: the
        // schema wants them unique.
        let artifact_index = match artifacts.iter().position(|known| *known == artifact) {
            Some(known) => known,
            None => {
                artifacts.push(artifact);
                artifacts.len() - 1
            }
        };
        for (index, d) in report.diagnostics.iter().enumerate() {
            let mut message = d.message.clone();
            if let Some(s) = &d.suggestion {
                // A message may end without a full stop: the suggestion must not run into it.
                let stop = if message.ends_with(['.', '!', '?', ':', ';']) {
                    ""
                } else {
                    "."
                };
                message.push_str(&format!("{stop} Suggestion: {s}"));
            }
            let focus = report.focus.get(index).cloned().flatten();
            let line_no = d.lines[0];
            // Columns count the file's characters: found in the line as the file holds it
            // (an HTML source line, whose cells the reader's line no longer shows where they
            // stand), else in the reader's line and carried over (a decomposed file has more
            // characters than the reader's composed line).
            let written = report.written.as_ref().and_then(|w| w.get(&line_no));
            let columns = written
                .and_then(|written| span(written, focus.as_deref()))
                .or_else(|| {
                    let read = report.lines.get(&line_no)?;
                    let found = span(read, focus.as_deref())?;
                    match written {
                        Some(written) => written_span(written, read, found),
                        None => Some(found),
                    }
                });
            let mut result = json!({
                "ruleId": d.rule,
                "level": sarif_level(d.severity),
                "message": {"text": message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&report.path), "index": artifact_index},
                        "region": {"startLine": d.lines[0].max(1), "endLine": d.lines[1].max(d.lines[0]).max(1)}
                    }
                }]
            });
            if let Some(index) = rules::index_of(&d.rule) {
                result["ruleIndex"] = json!(index);
            }
            if let Some((start, length)) = columns {
                // SARIF columns are 1-based; endColumn is one past the last character, and it
                // belongs to endLine: the columns mark the first line, so the region ends there.
                let region = &mut result["locations"][0]["physicalLocation"]["region"];
                region["startColumn"] = json!(start + 1);
                region["endColumn"] = json!(start + 1 + length);
                region["endLine"] = region["startLine"].clone();
            }
            results.push(result);
        }
    }
    let mut document = json!({
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "plandoc",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules
            }},
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "results": results
        }]
    });
    if !unreadable.is_empty() {
        let notifications: Vec<_> = unreadable
            .iter()
            .map(|u| {
                json!({
                    "level": "error",
                    "message": {"text": format!("cannot read {}: {}", u.given_as, u.reason)},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(&u.path)}}}]
                })
            })
            .collect();
        document["runs"][0]["invocations"] = json!([{
            "executionSuccessful": false,
            "toolExecutionNotifications": notifications
        }]);
    }
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// Escapes for workflow command data (`%`, CR, LF) and properties (also `:` and `,`); the
/// log viewer runs terminal escapes, so the draft's control characters are made visible.
fn escape_data(text: &str) -> String {
    crate::render::visible(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn github(reports: &[Report], unreadable: &[Unreadable]) -> String {
    let mut out = String::new();
    for u in unreadable {
        out.push_str(&format!(
            "::error file={},title=unreadable::{}\n",
            escape_property(&u.path),
            escape_data(&format!("cannot read {}: {}", u.given_as, u.reason))
        ));
    }
    for report in reports {
        for d in &report.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut message = d.message.clone();
            if let Some(s) = &d.suggestion {
                message.push_str(&format!(" — {s}"));
            }
            out.push_str(&format!(
                "::{command} file={},line={},endLine={},title={}::{}\n",
                escape_property(&report.path),
                d.lines[0],
                d.lines[1].max(d.lines[0]),
                escape_property(&d.rule),
                escape_data(&message)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{snippet, span, written_span, MAX_SNIPPET_CHARS};

    /// The marked text of a snippet.
    fn marked(raw: &str, focus: &str) -> (String, String) {
        let (text, found) = snippet(raw, span(raw, Some(focus)), MAX_SNIPPET_CHARS);
        let (start, length) = found.unwrap();
        let marked = text.chars().skip(start).take(length).collect();
        (text, marked)
    }

    /// On a narrow terminal the snippet is cut to its width, the mark still whole in it (a CI
    /// review of stop 47: lines cut at 140 characters wrapped on an 80-column terminal and
    /// left the carets under another row of the screen).
    #[test]
    fn a_snippet_fits_the_width_it_is_given() {
        let task = "Xây dựng, cập nhật cơ sở dữ liệu chuyên ngành ".repeat(3);
        let row = format!("12\t{task}\tSở Kế hoạch và Đầu tư\tNăm 2026");
        for most in [40, 60, 77] {
            let (text, found) = snippet(&row, span(&row, Some("Sở Kế hoạch và Đầu tư")), most);
            assert!(text.chars().count() <= most, "{most}: {text}");
            let (start, length) = found.unwrap();
            let mark: String = text.chars().skip(start).take(length).collect();
            assert_eq!(mark, "Sở Kế hoạch và Đầu tư", "{most}: {text}");
        }
    }

    #[test]
    fn a_long_line_is_cut_around_its_mark() {
        let task = "Xây dựng, cập nhật cơ sở dữ liệu chuyên ngành ".repeat(5);
        let row = format!("12\t{task}\tSở Khoa học và Công nghệ\tNăm 2025");
        let (text, mark) = marked(&row, "Năm 2025");
        assert_eq!(mark, "Năm 2025");
        assert!(text.starts_with('…'), "{text}");
        assert!(text.chars().count() <= MAX_SNIPPET_CHARS, "{text}");
        // A mark near the start: the line is cut after it.
        let (text, mark) = marked(&row, "Xây dựng");
        assert_eq!(mark, "Xây dựng");
        assert!(text.starts_with("12 ⇥ ") && text.ends_with('…'), "{text}");
        // A short line is shown whole, its tabs as arrows, the mark moved past them.
        let (text, mark) = marked("1\tSở Tài chính\tNăm 2025", "Năm 2025");
        assert_eq!(text, "1 ⇥ Sở Tài chính ⇥ Năm 2025");
        assert_eq!(mark, "Năm 2025");
    }

    #[test]
    fn a_span_of_the_read_line_is_found_in_the_decomposed_file_line() {
        use unicode_normalization::UnicodeNormalization;
        let read = "- Phấn đấu đạt 150% hồ sơ.";
        let written: String = read.nfd().collect();
        let found = span(read, Some("150%")).unwrap();
        let (start, length) = written_span(&written, read, found).unwrap();
        let shown: String = written.chars().skip(start).take(length).collect();
        assert_eq!(shown, "150%");
        assert!(start > found.0);
        assert_eq!(written_span(read, read, found), Some(found));
        assert_eq!(written_span("other text", read, found), None);
    }

    #[test]
    fn a_focus_wrapped_onto_the_next_line_is_marked_by_its_opening() {
        let line = "Cập nhật dữ liệu lên Sở Lao động - Thương Các sở, ngành,";
        let found = span(line, Some("Các sở, ngành, liên quan")).unwrap();
        let marked: String = line.chars().skip(found.0).take(found.1).collect();
        assert_eq!(marked, "Các sở, ngành,");
        // One word alone is too common to mark ("Sở" stands before many names), and an opening
        // that does not end the line is another name.
        assert_eq!(span("Sở Tài chính", Some("Sở Nội vụ")), None);
        assert_eq!(
            span("Sở Tài chính", Some("Sở Tài nguyên và Môi trường")),
            None
        );
        assert_eq!(span("Cá", Some("Cá")), Some((0, 2)));
    }

    use super::uri;

    #[test]
    fn paths_become_uris() {
        assert_eq!(
            uri("./drafts/kế hoạch #1.txt"),
            "drafts/k%E1%BA%BF%20ho%E1%BA%A1ch%20%231.txt"
        );
        assert_eq!(uri("/tmp/a b.txt"), "file:///tmp/a%20b.txt");
        assert_eq!(uri(r"C:\plans\a.txt"), "file:///C:/plans/a.txt");
    }
}

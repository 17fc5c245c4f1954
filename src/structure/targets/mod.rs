//! Numeric targets: every quantity the plan commits to reach — in the body (objectives, tasks,
//! solutions) and in the appendix tables (task cells, every row of an indicator table).
//!
//! The body is read as items (a numbered or bulleted paragraph, its wrapped lines joined), each
//! item as sentences and clauses (`clauses`), each clause for quantities (`quantity`). A target's
//! year is the one its own clause names (`year`), else the nearest enclosing lead-in, heading or
//! table group, else — in a task row — the end of the row's timeframe.

mod body;
mod clauses;
mod label;
mod lexicon;
mod quantity;
mod subject;
mod table;
mod year;

use crate::clean::Document;
use crate::model::{Diagnostic, Section, Severity, Table, Target};

use clauses::Span;
use quantity::{Kind, Mode, Quantity};

/// A subject is built from at most this much text on each side of the number.
const SUBJECT_BYTES: usize = 600;

/// Rule name of the diagnostic for a number read as a target but not understood.
pub const UNREADABLE_RULE: &str = "target-unreadable";

pub use label::{label, Level};
pub(crate) use quantity::{percent_base, percent_base_named};

pub fn extract(
    document: &Document,
    sections: &[Section],
    tables: &[Table],
) -> (Vec<Target>, Vec<Diagnostic>) {
    extract_within(document, sections, tables, super::MAX_TARGETS)
}

/// As [`extract`], with the most targets a document may hold.
fn extract_within(
    document: &Document,
    sections: &[Section],
    tables: &[Table],
    max_targets: usize,
) -> (Vec<Target>, Vec<Diagnostic>) {
    let mut targets = Vec::new();
    let mut diagnostics = Vec::new();
    // A table that stands inside the body is read as a table, not as running text.
    let table_lines: Vec<[usize; 2]> = tables.iter().map(|t| t.lines).collect();
    // Each reader stops one target past the limit: enough to refuse the document.
    body::collect(
        document,
        sections,
        &table_lines,
        &mut targets,
        &mut diagnostics,
        max_targets,
    );
    table::collect(
        document,
        tables,
        &mut targets,
        &mut diagnostics,
        max_targets,
    );
    // Every later stage (check's rules above all) spends on each target: past the limit the
    // document is refused by the commands; the library's plan keeps the first ones.
    if targets.len() > max_targets {
        let first = targets[max_targets].lines[0];
        diagnostics.push(super::over_limit(
            format!(
                "more than {max_targets} targets, over the limit for one document (a plan has \
                 tens): not read"
            ),
            [first, document.lines.len().max(first)],
        ));
        targets.truncate(max_targets);
    }
    (targets, diagnostics)
}

/// One target found in a text, before it is placed in the document.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub quantity: Quantity,
    /// The clause quoted for it (byte range of the text read).
    pub quote_span: Span,
    pub quote: String,
    /// The year the clause itself names.
    pub year: Option<i32>,
    pub subject: String,
}

/// A number seen as a target but not readable as one.
#[derive(Debug, Clone)]
pub(crate) struct Unreadable {
    pub at: usize,
    pub message: String,
}

/// Reads the targets of one text (an item of the body, a table cell) from byte `from` on.
pub(crate) fn read_text(
    text: &str,
    from: usize,
    footnote_marks: &[u32],
    room: usize,
) -> (Vec<Found>, Vec<Unreadable>) {
    let mut found = Vec::new();
    let mut unreadable = Vec::new();
    for sentence in clauses::sentences(text, from) {
        // One past the targets the document has room for is enough to refuse it.
        if found.len() > room {
            break;
        }
        let years: Vec<year::YearMention> =
            year::deadline_years(&text[sentence.0..sentence.1], footnote_marks)
                .into_iter()
                .map(|m| year::YearMention {
                    at: m.at + sentence.0,
                    end: m.end + sentence.0,
                    year: m.year,
                })
                .collect();
        // The subject and unit of the sentence's last target, for a later level of it that
        // names only its year ("… đến năm 2027 đạt 50%, đến năm 2030 đạt 80%").
        let mut last_subject: Option<(String, String)> = None;
        // Each ';' part with its quantities, read first so a clause can look at the parts
        // after it.
        let mut parts: Vec<(Span, Vec<Quantity>)> = Vec::new();
        for part in clauses::semicolon_parts(text, sentence) {
            let mut quantities: Vec<Quantity> = Vec::new();
            let most = room.saturating_sub(found.len());
            for mut q in quantity::find_at_most(&text[part.0..part.1], Mode::Prose, most) {
                q.start += part.0;
                q.number_start += part.0;
                q.end += part.0;
                match &q.problem {
                    Some(problem) => unreadable.push(Unreadable {
                        at: q.number_start,
                        message: problem.clone(),
                    }),
                    None => quantities.push(q),
                }
            }
            // A measure inside a clause that sets a share is the share's threshold ("100% …
            // với tốc độ trên 1Gb/s"), not a target of its own.
            if quantities.iter().any(|q| q.kind == Kind::Percent) {
                quantities.retain(|q| q.kind != Kind::Measure);
            }
            parts.push((part, quantities));
        }
        for (index, (part, quantities)) in parts.iter().enumerate() {
            let part = *part;
            let quantities = quantities.clone();
            let Some(first) = quantities.first() else {
                continue;
            };
            let first_end = quantities
                .get(1)
                .map_or(part.1, |second| second.start.min(part.1));
            let start = clauses::skip_label(text, part.0, (first.start, first.end), first_end);
            // Segments: cut between consecutive targets where " và " or ", " stands.
            let mut segment_of = vec![0usize; quantities.len()];
            let mut segments: Vec<Span> = vec![(start, part.1)];
            for i in 1..quantities.len() {
                let previous_end = quantities[i - 1].end;
                let next_start = quantities[i].start;
                if let Some((cut_end, cut_start)) =
                    clauses::cut_between(text, previous_end, next_start)
                {
                    if let Some(last) = segments.last_mut() {
                        last.1 = cut_end;
                    }
                    segments.push((cut_start, part.1));
                }
                segment_of[i] = segments.len() - 1;
            }
            // A clause whose subject is the quantity ("100% các CSDL … được số hoá") goes on
            // over the parts after it that only add predicates ("; cập nhật …; được kết nối …").
            let last = segments.len() - 1;
            if let (Some(segment), Some(q)) = (segments.get(last), quantities.last()) {
                if clauses::opens_with(text, segment.0, q.start) {
                    let continued = parts[index + 1..]
                        .iter()
                        .take_while(|(next, next_quantities)| {
                            next_quantities.is_empty() && clauses::continues(text, *next)
                        })
                        .last()
                        .map(|(next, _)| next.1);
                    if let (Some(end), Some(segment)) = (continued, segments.get_mut(last)) {
                        segment.1 = end;
                    }
                }
            }
            let bounds: Vec<Span> = quantities.iter().map(|q| (q.start, q.end)).collect();
            for (i, q) in quantities.into_iter().enumerate() {
                let segment = segments
                    .get(segment_of[i])
                    .copied()
                    .unwrap_or((start, part.1));
                let segment = within_quote_limit(segment, &bounds, &segment_of, i);
                // Years are in text order: the last one named before the number, else the
                // first one after it within its clause.
                let before_count = years.partition_point(|m| m.end <= q.start);
                let after_first = years.partition_point(|m| m.at < q.end);
                let year = before_count
                    .checked_sub(1)
                    .and_then(|i| years.get(i))
                    .or_else(|| years.get(after_first).filter(|m| m.at < segment.1))
                    .map(|m| m.year);
                let mut subject = subject::subject(
                    lexicon::tail_slice(text.get(segment.0..q.start).unwrap_or(""), SUBJECT_BYTES),
                    lexicon::head_slice(text.get(q.end..segment.1).unwrap_or(""), SUBJECT_BYTES),
                );
                if subject.is_empty() && clauses::names_only_a_year(text, segment.0, q.start) {
                    // A level for a year of the subject named before it in the sentence: by the
                    // target before, in the same unit (a share after a count measures something
                    // else), or by the label the sentence opens with when it names a measure
                    // ("Tỷ lệ …: năm 2027 đạt 60%; năm 2030 đạt 90%"; not "Mục tiêu: …").
                    subject = match &last_subject {
                        Some((last, unit)) if *unit == q.unit => last.clone(),
                        Some(_) => String::new(),
                        None => {
                            let label = text
                                .get(sentence.0..segment.0)
                                .and_then(|before| before.rsplit_once(':'))
                                .map_or("", |(label, _)| label.trim());
                            if lexicon::names_a_measure(label) {
                                subject::subject(lexicon::tail_slice(label, SUBJECT_BYTES), "")
                            } else {
                                String::new()
                            }
                        }
                    };
                }
                if subject.is_empty() {
                    unreadable.push(Unreadable {
                        at: q.number_start,
                        message: format!(
                            "\"{}\" names no subject: what is to reach it is not said",
                            text.get(q.start..q.end).unwrap_or("")
                        ),
                    });
                    continue;
                }
                last_subject = Some((subject.clone(), q.unit.clone()));
                found.push(Found {
                    quote: clauses::quote(text, segment),
                    quote_span: segment,
                    year,
                    subject,
                    quantity: q,
                });
            }
        }
    }
    (found, unreadable)
}

/// Longest clause a target is quoted with as a whole: real clauses are under 700 bytes.
const MAX_QUOTE_BYTES: usize = 2_000;

/// The clause target `i` is quoted with. Targets that nothing cuts apart share their clause
/// ("… đạt 80% và 100% …"); but a clause of thousands of them run together ("100% A 100% A …"
/// over lines joined into one paragraph) quoted whole by each was quadratic: a 70 KB file made
/// 700 MB of quotes. Past `MAX_QUOTE_BYTES`, a target is quoted from the end of the target
/// before it in its clause to the start of the one after it.
fn within_quote_limit(segment: Span, bounds: &[Span], segment_of: &[usize], i: usize) -> Span {
    if segment.1.saturating_sub(segment.0) <= MAX_QUOTE_BYTES {
        return segment;
    }
    let same_clause = |k: usize| segment_of.get(k) == segment_of.get(i);
    let from = match i.checked_sub(1) {
        Some(before) if same_clause(before) => bounds[before].1,
        _ => segment.0,
    };
    let to = match bounds.get(i + 1) {
        Some(after) if same_clause(i + 1) => after.0,
        _ => segment.1,
    };
    (from.max(segment.0), to.min(segment.1))
}

/// The contract's target from a found quantity.
pub(crate) fn target(
    found: Found,
    path: Vec<String>,
    year: Option<i32>,
    lines: [usize; 2],
) -> Target {
    Target {
        path,
        value: found.quantity.value,
        unit: found.quantity.unit,
        unit_printed: found.quantity.unit_printed,
        comparator: found.quantity.comparator.to_string(),
        year,
        subject: found.subject,
        quote: found.quote,
        lines,
        table: None,
    }
}

/// Diagnostics target reading lists for one document (a plan gives a handful): 3,000,000 bulleted
/// "100%" naming no subject gave as many warnings, 1.8 GB to `parse`.
const MAX_LISTED: usize = 1_000;

/// Adds a diagnostic of target reading, or past `MAX_LISTED` one last saying the rest are not
/// listed.
pub(crate) fn say(diagnostics: &mut Vec<Diagnostic>, diagnostic: Diagnostic) {
    say_with(diagnostics, || diagnostic);
}

/// [`say`], building the diagnostic only when it is listed: a document of a million unreadable
/// numbers lists the first `MAX_LISTED`, and each of the rest cost a message formatted for
/// nothing.
pub(crate) fn say_with(diagnostics: &mut Vec<Diagnostic>, make: impl FnOnce() -> Diagnostic) {
    if diagnostics.len() > MAX_LISTED {
        return;
    }
    let diagnostic = make();
    if diagnostics.len() < MAX_LISTED {
        diagnostics.push(diagnostic);
    } else {
        diagnostics.push(Diagnostic::new(
            UNREADABLE_RULE,
            Severity::Warning,
            format!(
                "more numbers could not be read as targets from here on: only the first \
                 {MAX_LISTED} of these warnings are listed"
            ),
            diagnostic.lines,
        ));
    }
}

pub(crate) fn unreadable_diagnostic(problem: &Unreadable, line: usize) -> Diagnostic {
    Diagnostic::new(
        UNREADABLE_RULE,
        Severity::Warning,
        format!("number not read as a target: {}", problem.message),
        [line, line],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Targets run together in a clause longer than `MAX_QUOTE_BYTES` are each quoted from the
    /// target before to the one after (it was the whole clause for each: quadratic); in a
    /// shorter clause they share it, as before.
    #[test]
    fn a_long_clause_of_many_targets_is_quoted_target_by_target() {
        let long = "100% cơ quan ".repeat(300);
        assert!(long.len() > MAX_QUOTE_BYTES);
        let found = read(&long);
        assert_eq!(found.len(), 300);
        assert_eq!(found[0].3, "100% cơ quan");
        assert_eq!(found[150].3, "cơ quan 100% cơ quan");
        let short = "80% hồ sơ 100% cơ quan";
        let found = read(short);
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|f| f.3 == short), "{found:?}");
    }

    /// Target-reading warnings past `MAX_LISTED` are not listed; one more says so.
    #[test]
    fn target_warnings_past_the_listed_are_counted_in_one() {
        let mut said = Vec::new();
        for line in 1..=MAX_LISTED + 5 {
            say(
                &mut said,
                Diagnostic::new(UNREADABLE_RULE, Severity::Warning, "x", [line, line]),
            );
        }
        assert_eq!(said.len(), MAX_LISTED + 1);
        assert!(said[MAX_LISTED]
            .message
            .starts_with("more numbers could not be read"));
        assert_eq!(said[MAX_LISTED].lines, [MAX_LISTED + 1, MAX_LISTED + 1]);
        // Past the one that says so, nothing more is built.
        say_with(&mut said, || unreachable!("built past the listed"));
        assert_eq!(said.len(), MAX_LISTED + 1);
    }

    /// Past the most targets a document may hold, the first ones are kept and an `over-limit`
    /// error names the count, the limit and the line of the first target past it; at the limit,
    /// every target is kept and nothing is said.
    #[test]
    fn targets_past_the_limit_are_an_over_limit_error() {
        let text = "KẾ HOẠCH\nTriển khai\n\nI. MỤC TIÊU\n- Đến năm 2026, 100% hồ sơ được số hóa.\n\
                    - Đến năm 2027, 90% thủ tục trực tuyến.\n- Đến năm 2028, 80% dữ liệu được chia sẻ.\n";
        let document = crate::clean::clean(text);
        let (sections, _) = crate::structure::sections::extract(&document);
        let (all, said) = extract_within(&document, &sections, &[], 3);
        assert_eq!(all.len(), 3);
        assert!(said.iter().all(|d| d.rule != super::super::OVER_LIMIT_RULE));
        let (kept, said) = extract_within(&document, &sections, &[], 2);
        assert_eq!(kept, all[..2]);
        let over: Vec<_> = said
            .iter()
            .filter(|d| d.rule == super::super::OVER_LIMIT_RULE)
            .collect();
        assert_eq!(over.len(), 1, "{said:?}");
        assert_eq!(
            over[0].message,
            "more than 2 targets, over the limit for one document (a plan has tens): not read"
        );
        assert_eq!(over[0].lines, [all[2].lines[0], document.lines.len()]);
        assert_eq!(over[0].severity, crate::model::Severity::Error);
    }

    fn read(text: &str) -> Vec<(f64, String, Option<i32>, String)> {
        read_text(text, clauses::marker_len(text), &[], usize::MAX)
            .0
            .into_iter()
            .map(|f| {
                (
                    f.quantity.value,
                    f.quantity.comparator.to_string(),
                    f.year,
                    f.quote,
                )
            })
            .collect()
    }

    #[test]
    fn one_sentence_two_years_three_targets() {
        let text = "d) Năm 2025 tối thiểu 80% hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa; đến năm 2030 100% hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa và tối thiểu 80% dữ liệu về kết quả thực hiện các thủ tục hành chính được tái sử dụng, chia sẻ theo quy định.";
        let found = read(text);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].2, Some(2025));
        assert_eq!(
            found[0].3,
            "Năm 2025 tối thiểu 80% hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa"
        );
        assert_eq!(found[1].2, Some(2030));
        assert_eq!(
            found[1].3,
            "đến năm 2030 100% hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa"
        );
        assert_eq!(found[2].1, ">=");
        assert_eq!(found[2].2, Some(2030));
        assert_eq!(found[2].3, "tối thiểu 80% dữ liệu về kết quả thực hiện các thủ tục hành chính được tái sử dụng, chia sẻ theo quy định");
    }

    #[test]
    fn label_and_comma_cuts() {
        let text = "- Lĩnh vực giao thông: Triển khai hệ thống vé điện tử cho 100% phương tiện công cộng, giảm 15% thời gian chờ đợi của hành khách.";
        let found = read(text);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].3,
            "Triển khai hệ thống vé điện tử cho 100% phương tiện công cộng"
        );
        assert_eq!(found[1].3, "giảm 15% thời gian chờ đợi của hành khách");
    }

    #[test]
    fn predicates_after_a_semicolon_stay_with_their_subject() {
        let found = read("- 100% các CSDL của tỉnh được số hoá; cập nhật và đưa vào sử dụng hiệu quả; được kết nối qua LGSP; đồng thời, triển khai giám sát.");
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].3,
            "100% các CSDL của tỉnh được số hoá; cập nhật và đưa vào sử dụng hiệu quả; được kết nối qua LGSP"
        );
        // A clause that opens with a verb, or a part with a subject of its own, ends at ';'.
        let found =
            read("- Tổ chức rà soát, đồng bộ 100% dữ liệu của tỉnh; tích hợp vào Kho dữ liệu.");
        assert_eq!(found[0].3, "Tổ chức rà soát, đồng bộ 100% dữ liệu của tỉnh");
        let found = read(
            "đ) 100% các bộ dữ liệu mở được cung cấp; người lao động có thể tiếp cận dữ liệu.",
        );
        assert_eq!(found[0].3, "100% các bộ dữ liệu mở được cung cấp");
    }

    #[test]
    fn a_table_inside_the_body_is_read_once() {
        use crate::model::{Agencies, Row, TableKind};
        let text = "I. MỤC TIÊU ĐẾN NĂM 2030\nTT Chỉ tiêu Đơn vị Kết quả\n1 Quy mô kinh tế số % GRDP ≥ 25\nII. NHIỆM VỤ\n- 100% hồ sơ được số hóa.\nNơi nhận:\n";
        let document = crate::clean::clean(text);
        let table = Table {
            appendix: None,
            title: None,
            kind: TableKind::Indicators,
            columns: Vec::new(),
            lines: [2, 3],
            rows: vec![Row {
                id: "1".into(),
                groups: Vec::new(),
                tt: "1".into(),
                task: None,
                indicator: Some("Quy mô kinh tế số".into()),
                unit: Some("% GRDP".into()),
                lead: Agencies::default(),
                support: None,
                result: Some("≥ 25".into()),
                timeframe: None,
                lines: [3, 3],
                confidence: 1.0,
                warnings: Vec::new(),
            }],
        };
        let (targets, _) = extract(&document, &[], &[table]);
        let seen: Vec<(f64, &str)> = targets.iter().map(|t| (t.value, t.unit.as_str())).collect();
        assert_eq!(seen, [(100.0, "%"), (25.0, "% GRDP")]);
    }

    #[test]
    fn unreadable_values_become_problems() {
        let (found, problems) = read_text("Tăng 120% so với năm 2020.", 0, &[], usize::MAX);
        assert!(found.is_empty());
        assert_eq!(problems.len(), 1);
    }
}

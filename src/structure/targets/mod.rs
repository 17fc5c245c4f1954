//! Numeric targets: every quantity the plan commits to reach — in the body (objectives, tasks,
//! solutions) and in the appendix tables (task cells, every row of an indicator table).
//!
//! The body is read as items (a numbered or bulleted paragraph, its wrapped lines joined), each
//! item as sentences and clauses (`clauses`), each clause for quantities (`quantity`). A target's
//! year is the one its own clause names (`year`), else the nearest enclosing lead-in, heading or
//! table group, else — in a task row — the end of the row's timeframe.

mod body;
mod clauses;
mod lexicon;
mod quantity;
mod subject;
mod table;
mod year;

use crate::clean::Document;
use crate::model::{Diagnostic, Section, Severity, Table, Target};

use clauses::Span;
use quantity::{Kind, Mode, Quantity};

/// Rule name of the diagnostic for a number read as a target but not understood.
pub const UNREADABLE_RULE: &str = "target-unreadable";

pub fn extract(
    document: &Document,
    sections: &[Section],
    tables: &[Table],
) -> (Vec<Target>, Vec<Diagnostic>) {
    let mut targets = Vec::new();
    let mut diagnostics = Vec::new();
    body::collect(document, sections, &mut targets, &mut diagnostics);
    table::collect(document, tables, &mut targets, &mut diagnostics);
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
) -> (Vec<Found>, Vec<Unreadable>) {
    let mut found = Vec::new();
    let mut unreadable = Vec::new();
    for sentence in clauses::sentences(text, from) {
        let years: Vec<year::YearMention> =
            year::deadline_years(&text[sentence.0..sentence.1], footnote_marks)
                .into_iter()
                .map(|m| year::YearMention {
                    at: m.at + sentence.0,
                    end: m.end + sentence.0,
                    year: m.year,
                })
                .collect();
        for part in clauses::semicolon_parts(text, sentence) {
            let mut quantities: Vec<Quantity> = Vec::new();
            for mut q in quantity::find(&text[part.0..part.1], Mode::Prose) {
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
            let Some(first) = quantities.first() else {
                continue;
            };
            let start = clauses::skip_label(text, part.0, first.start);
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
            for (i, q) in quantities.into_iter().enumerate() {
                let segment = segments
                    .get(segment_of[i])
                    .copied()
                    .unwrap_or((start, part.1));
                let year = years
                    .iter()
                    .rev()
                    .find(|m| m.end <= q.start)
                    .or_else(|| years.iter().find(|m| m.at >= q.end && m.at < segment.1))
                    .map(|m| m.year);
                let subject = subject::subject(
                    text.get(segment.0..q.start).unwrap_or(""),
                    text.get(q.end..segment.1).unwrap_or(""),
                );
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

    fn read(text: &str) -> Vec<(f64, String, Option<i32>, String)> {
        read_text(text, clauses::marker_len(text), &[])
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
    fn unreadable_values_become_problems() {
        let (found, problems) = read_text("Tăng 120% so với năm 2020.", 0, &[]);
        assert!(found.is_empty());
        assert_eq!(problems.len(), 1);
    }
}

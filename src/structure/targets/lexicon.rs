//! The word lists of `data/target_words.tsv`, loaded once. Every decision about what a number
//! means that depends on a Vietnamese word is made through these lists, so a new wording is a
//! new line in the data file, not a new `if`.

use once_cell::sync::Lazy;

use crate::domain::text::tone_key;

#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    pub ge: Vec<String>,
    pub le: Vec<String>,
    pub ge_after: Vec<String>,
    pub le_after: Vec<String>,
    pub filler: Vec<String>,
    pub rank: Vec<String>,
    pub rank_top: Vec<String>,
    pub report_heading: Vec<String>,
    pub count_verb: Vec<String>,
    /// Words after which "1/7", "2/3" is a day and month or a document's number, not a share.
    pub not_share_after: Vec<String>,
    pub not_count_noun: Vec<String>,
    pub not_before: Vec<String>,
    pub noun_stop: Vec<String>,
    /// Kept as printed: units are matched case-sensitively ("GB" is not "gb").
    pub measure: Vec<String>,
    /// Number words that scale the number before them ("1,2 triệu người": 1,200,000), as
    /// printed (lowercase) with their factor, longest first.
    pub scale: Vec<(String, f64)>,
    /// Words a scale word opens that are no number ("tỷ lệ", "triệu chứng").
    pub not_scale: Vec<String>,
    /// Nouns a number before them qualifies, no target unless a verb commits to it ("trên 15
    /// tuổi" of "người dân trên 15 tuổi", but "đạt 75 tuổi").
    pub qualifier_noun: Vec<String>,
    /// Spans of time that are a target's unit after a comparator ("không quá 3 ngày làm việc");
    /// kept as printed, lowercase.
    pub duration: Vec<String>,
    /// Words after ", " that open a second clause with its own target ("…, trong đó 50% …");
    /// kept as printed.
    pub clause_opener: Vec<String>,
    /// Words that make a duration after a comparator a deadline to act by (tone keys).
    pub duration_deadline_before: Vec<String>,
    pub duration_deadline_after: Vec<String>,
    /// How an indicator table names a column of values already reached ("Thực hiện năm 2025").
    pub achieved_column: Vec<String>,
    pub percent_base: Vec<String>,
    pub year_lead: Vec<String>,
    pub baseline: Vec<String>,
    pub document: Vec<String>,
    pub lead_filler: Vec<String>,
    pub subject_stop: Vec<String>,
    pub predicate: Vec<String>,
    pub subject_noise: Vec<String>,
    pub subject_lead: Vec<String>,
    pub list_lead: Vec<String>,
    pub continues: Vec<String>,
    /// Words a label opens with when it names what its levels measure ("Tỷ lệ …:").
    pub measure_label: Vec<String>,
    /// Words a label cut short does not end on (`label::label`).
    pub label_tail: Vec<String>,
    pub abbrev_dot: Vec<String>,
    /// (long form as a tone key, short form as printed).
    pub abbrev: Vec<(String, String)>,
}

pub(crate) static LEXICON: Lazy<Lexicon> =
    Lazy::new(|| Lexicon::parse(include_str!("../../../data/target_words.tsv")));

impl Lexicon {
    pub fn parse(text: &str) -> Lexicon {
        let mut lexicon = Lexicon::default();
        for line in text.lines() {
            let line = line.trim_end();
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split('\t');
            let (Some(kind), Some(phrase)) = (fields.next(), fields.next()) else {
                continue;
            };
            let phrase = phrase.trim();
            if phrase.is_empty() {
                continue;
            }
            let key = tone_key(phrase);
            let list = match kind.trim() {
                "ge" => &mut lexicon.ge,
                "le" => &mut lexicon.le,
                "ge_after" => &mut lexicon.ge_after,
                "le_after" => &mut lexicon.le_after,
                "filler" => &mut lexicon.filler,
                "rank" => &mut lexicon.rank,
                "rank_top" => &mut lexicon.rank_top,
                "report_heading" => &mut lexicon.report_heading,
                "count_verb" => &mut lexicon.count_verb,
                "not_share_after" => &mut lexicon.not_share_after,
                "not_count_noun" => &mut lexicon.not_count_noun,
                "not_scale" => &mut lexicon.not_scale,
                "qualifier_noun" => &mut lexicon.qualifier_noun,
                "not_before" => &mut lexicon.not_before,
                "noun_stop" => &mut lexicon.noun_stop,
                "percent_base" => &mut lexicon.percent_base,
                "year_lead" => &mut lexicon.year_lead,
                "baseline" => &mut lexicon.baseline,
                "document" => &mut lexicon.document,
                "lead_filler" => &mut lexicon.lead_filler,
                "subject_stop" => &mut lexicon.subject_stop,
                "predicate" => &mut lexicon.predicate,
                "subject_noise" => &mut lexicon.subject_noise,
                "subject_lead" => &mut lexicon.subject_lead,
                "list_lead" => &mut lexicon.list_lead,
                "continues" => &mut lexicon.continues,
                "measure_label" => &mut lexicon.measure_label,
                "label_tail" => &mut lexicon.label_tail,
                "achieved_column" => &mut lexicon.achieved_column,
                "duration_deadline_before" => &mut lexicon.duration_deadline_before,
                "duration_deadline_after" => &mut lexicon.duration_deadline_after,
                "measure" => {
                    lexicon.measure.push(phrase.to_string());
                    continue;
                }
                "scale" => {
                    let factor = fields.next().and_then(|f| f.trim().parse::<f64>().ok());
                    if let Some(factor) = factor.filter(|f| f.is_finite() && *f > 1.0) {
                        lexicon.scale.push((phrase.to_lowercase(), factor));
                    }
                    continue;
                }
                "duration" => {
                    lexicon.duration.push(phrase.to_string());
                    continue;
                }
                "clause_opener" => {
                    lexicon.clause_opener.push(phrase.to_string());
                    continue;
                }
                "abbrev_dot" => {
                    lexicon.abbrev_dot.push(phrase.to_string());
                    continue;
                }
                "abbrev" => {
                    if let Some(short) = fields.next().map(str::trim).filter(|s| !s.is_empty()) {
                        lexicon.abbrev.push((key, short.to_string()));
                    }
                    continue;
                }
                _ => continue,
            };
            list.push(key);
        }
        // Longest first, so "không dưới" (≥) is tried before "dưới" (≤).
        for list in [
            &mut lexicon.ge,
            &mut lexicon.le,
            &mut lexicon.ge_after,
            &mut lexicon.le_after,
            &mut lexicon.filler,
            &mut lexicon.rank,
            &mut lexicon.rank_top,
            &mut lexicon.report_heading,
            &mut lexicon.count_verb,
            &mut lexicon.not_count_noun,
            &mut lexicon.not_scale,
            &mut lexicon.qualifier_noun,
            &mut lexicon.not_before,
            &mut lexicon.noun_stop,
            &mut lexicon.measure,
            &mut lexicon.duration,
            &mut lexicon.percent_base,
            &mut lexicon.year_lead,
            &mut lexicon.baseline,
            &mut lexicon.document,
            &mut lexicon.lead_filler,
            &mut lexicon.subject_stop,
            &mut lexicon.predicate,
            &mut lexicon.subject_noise,
            &mut lexicon.subject_lead,
            &mut lexicon.list_lead,
            &mut lexicon.continues,
            &mut lexicon.achieved_column,
            &mut lexicon.duration_deadline_before,
            &mut lexicon.duration_deadline_after,
        ] {
            list.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
            list.dedup();
        }
        lexicon
            .abbrev
            .sort_by_key(|(long, _)| std::cmp::Reverse(long.chars().count()));
        lexicon.scale.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then(a.0.cmp(&b.0))
        });
        lexicon
    }
}

/// The longest phrase of `phrases` that `key` (a tone key) ends with at a word boundary.
pub(crate) fn ends_with_phrase<'a>(key: &str, phrases: &'a [String]) -> Option<&'a str> {
    let key = key.trim_end();
    phrases
        .iter()
        .find(|phrase| {
            key.strip_suffix(phrase.as_str())
                .is_some_and(|rest| rest.chars().last().is_none_or(|c| !c.is_alphanumeric()))
        })
        .map(String::as_str)
}

/// The longest phrase of `phrases` that `key` (a tone key) starts with at a word boundary.
pub(crate) fn starts_with_phrase<'a>(key: &str, phrases: &'a [String]) -> Option<&'a str> {
    let key = key.trim_start();
    phrases
        .iter()
        .find(|phrase| {
            key.strip_prefix(phrase.as_str())
                .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
        })
        .map(String::as_str)
}

/// How far back or ahead of a number its context words are looked for. Bounding the window
/// keeps every look linear in the input however long an item runs without punctuation.
pub(crate) const CONTEXT_BYTES: usize = 240;

/// The last `max_bytes` bytes of `text`, cut at a character boundary.
/// Whether a label names a measure whose levels follow it ("Tỷ lệ dữ liệu được làm sạch"), not
/// a part's name ("Mục tiêu", "Chỉ tiêu chủ yếu").
pub(crate) fn names_a_measure(label: &str) -> bool {
    let key = tone_key(&head_words(label, 3));
    starts_with_phrase(&key, &LEXICON.measure_label).is_some()
}

pub(crate) fn tail_slice(text: &str, max_bytes: usize) -> &str {
    let mut start = text.len().saturating_sub(max_bytes);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

/// The first `max_bytes` bytes of `text`, cut at a character boundary.
pub(crate) fn head_slice(text: &str, max_bytes: usize) -> &str {
    let mut end = max_bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The last `max_words` words of `text` (a window for "what stands right before").
pub(crate) fn tail_words(text: &str, max_words: usize) -> String {
    let text = tail_slice(text, CONTEXT_BYTES);
    let words: Vec<&str> = text.split_whitespace().collect();
    let from = words.len().saturating_sub(max_words);
    words[from..].join(" ")
}

/// The first `max_words` words of `text`.
pub(crate) fn head_words(text: &str, max_words: usize) -> String {
    head_slice(text, CONTEXT_BYTES)
        .split_whitespace()
        .take(max_words)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_file_loads_every_kind() {
        let lexicon = &*LEXICON;
        assert!(lexicon.ge.iter().any(|p| p == "tối thiểu"));
        assert!(lexicon.le.iter().any(|p| p == "tối đa"));
        assert!(lexicon.measure.iter().any(|p| p == "Gb/s"));
        assert!(lexicon.abbrev.iter().any(|(_, s)| s == "CSDL"));
    }

    #[test]
    fn longest_phrase_wins_at_word_boundary() {
        let lexicon = &*LEXICON;
        assert_eq!(
            ends_with_phrase("dữ liệu không dưới", &lexicon.ge),
            Some("không dưới")
        );
        assert_eq!(ends_with_phrase("ở dưới", &lexicon.le), Some("dưới"));
        // "trên" inside a word is not the comparator.
        assert_eq!(ends_with_phrase("xtrên", &lexicon.ge), None);
    }
}

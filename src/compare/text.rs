//! Comparison keys and similarity for wordings. What must not count as a difference is removed
//! before comparing: tone-mark placement and case (`tone_key`), spacing and punctuation,
//! abbreviations (`data/abbreviations.tsv`), and province names (a plan names its own province where
//! another plan names its own).

use std::collections::{BTreeMap, HashMap};

use once_cell::sync::Lazy;

use super::model::{Segment, SegmentOp};
use crate::domain::text::tone_key;

/// Token standing for any province name.
pub const PROVINCE_TOKEN: &str = "‹tỉnh›";

static ABBREVIATIONS: Lazy<HashMap<String, Vec<String>>> = Lazy::new(|| {
    include_str!("../../data/abbreviations.tsv")
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let (short, long) = line.split_once('\t')?;
            Some((
                tone_key(short.trim()),
                words(&tone_key(long.trim()))
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
            ))
        })
        .collect()
});

/// The abbreviations by their folded form ("kh&dt", "hdnd"), for text typed without marks:
/// `ABBREVIATIONS` keeps "đ", which `fold` makes "d".
static FOLDED_ABBREVIATIONS: Lazy<HashMap<String, Vec<String>>> = Lazy::new(|| {
    ABBREVIATIONS
        .iter()
        .map(|(short, long)| {
            (
                crate::domain::text::fold(short),
                long.iter().map(|w| crate::domain::text::fold(w)).collect(),
            )
        })
        .collect()
});

/// The loosest key of a wording, for finding what a user typed: no diacritics (đ → d), lowercase,
/// no punctuation, abbreviations expanded whether typed with their marks or not ("So KH&DT"
/// and "Sở Kế hoạch và Đầu tư" both give "so ke hoach va dau tu").
pub fn folded_key(text: &str) -> String {
    let folded = crate::domain::text::fold(text);
    let mut out: Vec<&str> = Vec::new();
    for word in words(&folded) {
        match FOLDED_ABBREVIATIONS.get(word) {
            Some(long) => out.extend(long.iter().map(String::as_str)),
            None => out.push(word),
        }
    }
    out.join(" ")
}

/// Province names as token sequences, longest first so "Bà Rịa - Vũng Tàu" wins over a prefix.
static PROVINCES: Lazy<Vec<Vec<String>>> = Lazy::new(|| {
    let mut names: Vec<Vec<String>> = include_str!("../../data/provinces.txt")
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| {
            words(&tone_key(line))
                .into_iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|tokens: &Vec<String>| !tokens.is_empty())
        .collect();
    names.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    names
});

/// The names of `PROVINCES` by their first token, in `PROVINCES` order (longest first): a
/// wording's every token was compared with every name, which made tokenizing a plan of
/// thousands of rows the slowest part of a diff.
static PROVINCES_BY_FIRST: Lazy<HashMap<&'static str, Vec<&'static [String]>>> = Lazy::new(|| {
    let mut by_first: HashMap<&'static str, Vec<&'static [String]>> = HashMap::new();
    for name in PROVINCES.iter() {
        if let Some(first) = name.first() {
            by_first
                .entry(first.as_str())
                .or_default()
                .push(name.as_slice());
        }
    }
    by_first
});

/// The number of tokens of the longest province name that starts at `tokens[i]`.
fn province_at(tokens: &[String], i: usize) -> Option<usize> {
    let names = PROVINCES_BY_FIRST.get(tokens.get(i)?.as_str())?;
    names
        .iter()
        .find(|name| tokens.get(i..i + name.len()) == Some(*name))
        .map(|name| name.len())
}

/// Letters and digits make words; "&" stays inside abbreviations such as "TT&TT".
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '&'))
        .map(|w| w.trim_matches('&'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Symbols that carry meaning of their own, unlike punctuation: "≥ 80" and "≤ 80" are a floor
/// and a ceiling, "A + B" is not "A, B", and a pictogram in a cell is the document's word. Each
/// is a token of its own where wordings are told apart (`wording_key`, `word_diff`); the
/// likeness that pairs rows leaves them out, as before.
fn is_significant_symbol(c: char) -> bool {
    matches!(c, '<' | '>' | '=' | '+' | '±' | '×' | '÷' | '¬' | '°')
        || matches!(
            u32::from(c),
            0x2190..=0x23FF // arrows, mathematical operators (≥ ≤ ≠ − …), technical symbols
            | 0x25A0..=0x27BF // geometric shapes, miscellaneous symbols (★), dingbats (✓)
            | 0x2B00..=0x2BFF // more arrows and stars
            | 0x1F000..=0x1FAFF // pictographs and emoji
        )
}

/// `words`, and each significant symbol as a word of its own.
fn words_and_symbols(text: &str) -> Vec<&str> {
    fn flush<'t>(text: &'t str, from: Option<usize>, to: usize, out: &mut Vec<&'t str>) {
        if let Some(from) = from {
            let word = text[from..to].trim_matches('&');
            if !word.is_empty() {
                out.push(word);
            }
        }
    }
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (at, c) in text.char_indices() {
        if c.is_alphanumeric() || c == '&' {
            start.get_or_insert(at);
            continue;
        }
        flush(text, start.take(), at, &mut out);
        if is_significant_symbol(c) {
            out.push(&text[at..at + c.len_utf8()]);
        }
    }
    flush(text, start, text.len(), &mut out);
    out
}

/// The comparison tokens of a wording: modern tone marks, lowercase, no punctuation,
/// abbreviations expanded, every province name replaced by one token.
pub fn tokens(text: &str) -> Vec<String> {
    tokens_split_by(text, words)
}

/// `tokens`, with the significant symbols as tokens too: what tells two wordings apart.
fn tokens_with_symbols(text: &str) -> Vec<String> {
    tokens_split_by(text, words_and_symbols)
}

fn tokens_split_by(text: &str, split: fn(&str) -> Vec<&str>) -> Vec<String> {
    let key = tone_key(text);
    let mut expanded: Vec<String> = Vec::new();
    for word in split(&key) {
        match ABBREVIATIONS.get(word) {
            Some(long) => expanded.extend(long.iter().cloned()),
            None => expanded.push(word.to_string()),
        }
    }
    replace_provinces(&expanded)
}

fn replace_provinces(tokens: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        match province_at(tokens, i) {
            Some(length) => {
                out.push(PROVINCE_TOKEN.to_string());
                i += length;
            }
            None => {
                if let Some(token) = tokens.get(i) {
                    out.push(token.clone());
                }
                i += 1;
            }
        }
    }
    out
}

/// One key for "the same wording": the tokens joined, significant symbols among them.
pub fn wording_key(text: &str) -> String {
    tokens_with_symbols(text).join(" ")
}

/// Features of a wording: its syllables and its adjacent pairs (Vietnamese words are mostly
/// two syllables, so pairs carry much of the meaning).
fn features(tokens: &[String]) -> Vec<String> {
    let mut out: Vec<String> = tokens.to_vec();
    out.extend(
        tokens
            .windows(2)
            .map(|pair| format!("{} {}", pair[0], pair[1])),
    );
    out
}

/// A wording is weighed by its first this many syllables: a task is under a few hundred, and
/// a text of 20,000 words (rows run together, damage, a hostile file) took 30 s to weigh in
/// 450 rows.
const MAX_TEXT_TOKENS: usize = 1_000;

/// A wording's vector keeps at most this many features (syllables and pairs of them): a task of
/// 500 words has about 1,000; more is several rows run together or damage, and what is kept
/// still tells it from other rows.
const MAX_VECTOR_FEATURES: usize = 1_024;

/// TF-IDF vectors over a set of wordings, for cosine similarity between any two of them.
/// Words every document uses ("dữ liệu" in a data plan) weigh little; rare shared words much.
pub struct Corpus {
    /// Per document: (feature id, weight), sorted by id, so a similarity is one merge pass.
    vectors: Vec<Vec<(usize, f64)>>,
}

impl Corpus {
    pub fn new(texts: &[String]) -> Corpus {
        let mut vocabulary: HashMap<String, usize> = HashMap::new();
        let counted: Vec<BTreeMap<usize, f64>> = texts
            .iter()
            .map(|text| {
                let mut counts: BTreeMap<usize, f64> = BTreeMap::new();
                let mut tokens = tokens(text);
                tokens.truncate(MAX_TEXT_TOKENS);
                for feature in features(&tokens) {
                    let next = vocabulary.len();
                    let id = *vocabulary.entry(feature).or_insert(next);
                    *counts.entry(id).or_insert(0.0) += 1.0;
                }
                counts
            })
            .collect();
        let mut document_frequency = vec![0usize; vocabulary.len()];
        for counts in &counted {
            for id in counts.keys() {
                if let Some(df) = document_frequency.get_mut(*id) {
                    *df += 1;
                }
            }
        }
        let documents = texts.len().max(1) as f64;
        let vectors = counted
            .into_iter()
            .map(|counts| {
                let mut vector: BTreeMap<usize, f64> = counts
                    .into_iter()
                    .map(|(id, tf)| {
                        let df = document_frequency.get(id).copied().unwrap_or(1).max(1) as f64;
                        (id, (1.0 + tf.ln()) * (1.0 + (documents / df).ln()))
                    })
                    .collect();
                if vector.len() > MAX_VECTOR_FEATURES {
                    // The heaviest features only (of equal weights, the first seen): a
                    // similarity is a merge of two vectors, and every pair of items is
                    // compared, so a text of 20,000 words made each of its pairs 20,000 steps.
                    let mut kept: Vec<(usize, f64)> = vector.into_iter().collect();
                    kept.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                    kept.truncate(MAX_VECTOR_FEATURES);
                    vector = kept.into_iter().collect();
                }
                let norm = vector.values().map(|w| w * w).sum::<f64>().sqrt();
                if norm > 0.0 {
                    vector.values_mut().for_each(|w| *w /= norm);
                }
                vector.into_iter().collect::<Vec<(usize, f64)>>()
            })
            .collect();
        Corpus { vectors }
    }

    /// Cosine similarity of documents `a` and `b` in [0, 1].
    pub fn similarity(&self, a: usize, b: usize) -> f64 {
        let (Some(x), Some(y)) = (self.vectors.get(a), self.vectors.get(b)) else {
            return 0.0;
        };
        if x.is_empty() && y.is_empty() {
            // Two empty wordings are the same wording (what else tells them apart is context).
            return 1.0;
        }
        let (mut i, mut j) = (0, 0);
        let mut dot = 0.0;
        while let (Some((a_id, a_w)), Some((b_id, b_w))) = (x.get(i), y.get(j)) {
            match a_id.cmp(b_id) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += a_w * b_w;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot.clamp(0.0, 1.0)
    }
}

/// Dice coefficient of two token multisets: a plain overlap for short strings (headings).
pub fn dice(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for token in a {
        *counts.entry(token.as_str()).or_insert(0) += 1;
    }
    let mut common = 0usize;
    for token in b {
        if let Some(count) = counts.get_mut(token.as_str()) {
            if *count > 0 {
                *count -= 1;
                common += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

/// Longest common subsequences beyond this many cells are not computed: the wordings are then
/// shown as wholly replaced (a plan row of 2 000 words is damage, not a wording to diff).
const MAX_DIFF_CELLS: usize = 4_000_000;

/// A comparison token and the printed words it came from: one word, or several for a province
/// name ("Đắk Lắk") whose words become one token.
struct WordToken {
    key: String,
    first: usize,
    last: usize,
}

/// The comparison tokens of a wording, each with the printed words it came from. Words that
/// make no token of their own (punctuation alone) are covered by none.
fn tokens_by_word(words: &[&str]) -> Vec<WordToken> {
    let mut expanded: Vec<(String, usize)> = Vec::new();
    for (index, word) in words.iter().enumerate() {
        let key = tone_key(word);
        for part in words_and_symbols(&key) {
            match ABBREVIATIONS.get(part) {
                Some(long) => expanded.extend(long.iter().map(|t| (t.clone(), index))),
                None => expanded.push((part.to_string(), index)),
            }
        }
    }
    let plain: Vec<String> = expanded.iter().map(|(t, _)| t.clone()).collect();
    let mut out = Vec::with_capacity(expanded.len());
    let mut i = 0;
    while i < plain.len() {
        let hit = province_at(&plain, i);
        let length = hit.unwrap_or(1);
        let first = expanded.get(i).map_or(0, |(_, w)| *w);
        let last = expanded.get(i + length - 1).map_or(first, |(_, w)| *w);
        out.push(WordToken {
            key: match hit {
                Some(_) => PROVINCE_TOKEN.to_string(),
                None => plain[i].clone(),
            },
            first,
            last,
        });
        i += length;
    }
    out
}

/// The word spans (first, last) of the province names in whitespace-split `words`.
fn province_spans(words: &[&str]) -> Vec<(usize, usize)> {
    tokens_by_word(words)
        .into_iter()
        .filter(|t| t.key == PROVINCE_TOKEN)
        .map(|t| (t.first, t.last))
        .collect()
}

/// The province names a text mentions, as comparison keys ("kon tum"), in order.
pub fn provinces_named(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    province_spans(&words)
        .into_iter()
        .map(|(first, last)| self::words(&tone_key(&words[first..=last].join(" "))).join(" "))
        .collect()
}

/// The text with its province names generalized: "Điện lực Kon Tum" → "Điện lực tỉnh",
/// "Công an tỉnh Gia Lai" → "Công an tỉnh" (a name after "tỉnh" or "thành phố" is dropped).
pub fn without_province(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let spans = province_spans(&words);
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut w = 0;
    while w < words.len() {
        let Some(&(_, last)) = spans.iter().find(|(first, _)| *first == w) else {
            out.push(words[w].to_string());
            w += 1;
            continue;
        };
        // Punctuation printed after the name ("Kon Tum,") stays.
        let trailing: String = words[last]
            .chars()
            .rev()
            .take_while(|c| !c.is_alphanumeric())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let after_place_word = out
            .last()
            .is_some_and(|previous| matches!(tone_key(previous).as_str(), "tỉnh" | "phố"));
        match out.last_mut() {
            Some(previous) if after_place_word => previous.push_str(&trailing),
            _ => out.push(format!("tỉnh{trailing}")),
        }
        w = last + 1;
    }
    out.join(" ")
}

/// Which printed words some token covers.
fn covered(words: usize, tokens: &[WordToken]) -> Vec<bool> {
    let mut out = vec![false; words];
    for token in tokens {
        for flag in out.iter_mut().take(token.last + 1).skip(token.first) {
            *flag = true;
        }
    }
    out
}

/// Punctuation that opens what follows ("(", "“"): printed with the next word, not the last.
fn opens_next(word: &str) -> bool {
    word.starts_with(['(', '[', '{', '“', '‘', '"', '\'', '«'])
}

/// Word-level difference of `other` against `reference`. Words are compared by their comparison
/// tokens, so "hoá"/"hóa", "CSDL"/"cơ sở dữ liệu" and one province's name for another are the
/// same; punctuation alone is never a difference. Segments carry the printed words: every word
/// of `other` (`same` or `added`) and the words of `reference` it lacks (`removed`), each side's
/// words in their own order, a removed run never inside a word or a province name of `other`.
pub fn word_diff(reference: &str, other: &str) -> Vec<Segment> {
    let left_words: Vec<&str> = reference.split_whitespace().collect();
    let right_words: Vec<&str> = other.split_whitespace().collect();
    let left = tokens_by_word(&left_words);
    let right = tokens_by_word(&right_words);
    let (n, m) = (left.len(), right.len());
    // Token operations: (Same|Added, right token index) or (Removed, left token index).
    let mut ops: Vec<(SegmentOp, usize)> = Vec::new();
    if n.saturating_mul(m) > MAX_DIFF_CELLS {
        ops.extend((0..n).map(|i| (SegmentOp::Removed, i)));
        ops.extend((0..m).map(|j| (SegmentOp::Added, j)));
    } else {
        let mut lcs = vec![0u32; (n + 1) * (m + 1)];
        let at = |i: usize, j: usize| i * (m + 1) + j;
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[at(i, j)] = if left[i].key == right[j].key {
                    lcs[at(i + 1, j + 1)] + 1
                } else {
                    lcs[at(i + 1, j)].max(lcs[at(i, j + 1)])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        // The left token of each `Same` op, for `whole_words_only`.
        let mut same_left: Vec<usize> = Vec::new();
        while i < n || j < m {
            if i < n && j < m && left[i].key == right[j].key {
                ops.push((SegmentOp::Same, j));
                same_left.push(i);
                i += 1;
                j += 1;
            } else if j < m && (i == n || lcs[at(i, j + 1)] >= lcs[at(i + 1, j)]) {
                ops.push((SegmentOp::Added, j));
                j += 1;
            } else {
                ops.push((SegmentOp::Removed, i));
                i += 1;
            }
        }
        ops = whole_words_only(ops, &same_left, &left, &right);
    }
    let right_covered = covered(right_words.len(), &right);
    let left_covered = covered(left_words.len(), &left);
    let right_added = added_words(&ops, &right, &right_covered);
    let right_op = |w: usize| {
        if right_added[w] {
            SegmentOp::Added
        } else {
            SegmentOp::Same
        }
    };
    let mut words: Vec<(SegmentOp, &str)> = Vec::new();
    let mut next_right = 0usize;
    let mut left_emitted = vec![false; left_words.len()];
    // The reference word printed last, while nothing of `other` has been printed after it: the
    // punctuation between it and the next removed word belongs to the same removed run.
    let mut last_removed: Option<usize> = None;
    for (op, index) in &ops {
        match op {
            SegmentOp::Removed => {
                let Some(token) = left.get(*index) else {
                    continue;
                };
                let from = match last_removed {
                    Some(previous)
                        if previous < token.first
                            && (previous + 1..token.first).all(|w| !left_covered[w]) =>
                    {
                        previous + 1
                    }
                    _ => token.first,
                };
                for word in from..=token.last {
                    if !left_emitted[word] {
                        left_emitted[word] = true;
                        words.push((SegmentOp::Removed, left_words[word]));
                        last_removed = Some(word);
                    }
                }
            }
            _ => {
                let Some(token) = right.get(*index) else {
                    continue;
                };
                if next_right > token.last {
                    continue;
                }
                while next_right <= token.last {
                    words.push((right_op(next_right), right_words[next_right]));
                    next_right += 1;
                }
                // Punctuation after the word goes with it, before any removed run.
                while next_right < right_words.len()
                    && !right_covered[next_right]
                    && !opens_next(right_words[next_right])
                {
                    words.push((right_op(next_right), right_words[next_right]));
                    next_right += 1;
                }
                last_removed = None;
            }
        }
    }
    while next_right < right_words.len() {
        words.push((right_op(next_right), right_words[next_right]));
        next_right += 1;
    }
    let mut segments: Vec<Segment> = Vec::new();
    for (op, word) in words {
        match segments.last_mut() {
            Some(last) if last.op == op => {
                last.text.push(' ');
                last.text.push_str(word);
            }
            _ => segments.push(Segment {
                op,
                text: word.to_string(),
            }),
        }
    }
    segments
}

/// `ops` with every `Same` pair undone (made a removed and an added token) where a printed word
/// on either side would be only partly the same: an abbreviation's expansion matched in part
/// ("TTHC", thủ tục hành chính, against the "hành" of "điều hành" and the "Chính" of "Chính
/// phủ"). A word is shown either as the same or as changed, so the words of the reference
/// matched to part of one would be printed on neither side. Undoing a pair may leave its other
/// word partial in turn, so this repeats until nothing changes. `same_left[k]` is the left token
/// of the k-th `Same` op.
fn whole_words_only(
    ops: Vec<(SegmentOp, usize)>,
    same_left: &[usize],
    left: &[WordToken],
    right: &[WordToken],
) -> Vec<(SegmentOp, usize)> {
    // Each op with its left token when it is a pair.
    let mut pairs: Vec<(SegmentOp, usize, Option<usize>)> = Vec::with_capacity(ops.len());
    let mut lefts = same_left.iter();
    for (op, index) in ops {
        let paired = (op == SegmentOp::Same)
            .then(|| lefts.next().copied())
            .flatten();
        pairs.push((op, index, paired));
    }
    /// The words (by first word) of which some tokens are paired and some are not.
    fn partial(tokens: &[WordToken], paired: &[bool]) -> Vec<bool> {
        let words = tokens.iter().map(|t| t.last + 1).max().unwrap_or(0);
        let (mut some, mut all) = (vec![false; words], vec![true; words]);
        for (token, &is_paired) in tokens.iter().zip(paired) {
            for w in token.first..=token.last {
                some[w] |= is_paired;
                all[w] &= is_paired;
            }
        }
        some.iter().zip(&all).map(|(s, a)| *s && !*a).collect()
    }
    loop {
        let mut left_paired = vec![false; left.len()];
        let mut right_paired = vec![false; right.len()];
        for (_, j, i) in &pairs {
            if let Some(i) = i {
                left_paired[*i] = true;
                right_paired[*j] = true;
            }
        }
        let left_partial = partial(left, &left_paired);
        let right_partial = partial(right, &right_paired);
        let undone = |i: usize, j: usize| {
            (left[i].first..=left[i].last).any(|w| left_partial[w])
                || (right[j].first..=right[j].last).any(|w| right_partial[w])
        };
        let mut changed = false;
        let mut next = Vec::with_capacity(pairs.len() + 4);
        for (op, j, i) in pairs {
            match i {
                Some(i) if undone(i, j) => {
                    next.push((SegmentOp::Removed, i, None));
                    next.push((SegmentOp::Added, j, None));
                    changed = true;
                }
                _ => next.push((op, j, i)),
            }
        }
        pairs = next;
        if !changed {
            return pairs
                .into_iter()
                .map(|(op, index, _)| (op, index))
                .collect();
        }
    }
}

/// Which words of `other` are added: those with an added token, and punctuation standing
/// between added words (or beside one at either end), so it does not split an added run.
fn added_words(ops: &[(SegmentOp, usize)], right: &[WordToken], covered: &[bool]) -> Vec<bool> {
    let mut added = vec![false; covered.len()];
    for (op, j) in ops {
        if *op == SegmentOp::Added {
            if let Some(token) = right.get(*j) {
                for flag in added.iter_mut().take(token.last + 1).skip(token.first) {
                    *flag = true;
                }
            }
        }
    }
    let mut w = 0;
    while w < covered.len() {
        if covered[w] {
            w += 1;
            continue;
        }
        let run_end = (w..covered.len())
            .find(|&x| covered[x])
            .unwrap_or(covered.len());
        let before = w.checked_sub(1).map(|b| added[b]);
        let after = (run_end < covered.len()).then(|| added[run_end]);
        let is_added = match (before, after) {
            (Some(b), Some(a)) => b && a,
            (Some(edge), None) | (None, Some(edge)) => edge,
            (None, None) => false,
        };
        for flag in added.iter_mut().take(run_end).skip(w) {
            *flag = is_added;
        }
        w = run_end;
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unimportant_differences_vanish() {
        assert_eq!(
            wording_key("Số hoá hồ sơ TTHC tỉnh Kon Tum"),
            wording_key("số  hóa hồ sơ thủ tục hành chính tỉnh Gia Lai.")
        );
        assert_eq!(
            wording_key("UBND tỉnh"),
            wording_key("Ủy ban nhân dân tỉnh")
        );
        assert_ne!(wording_key("dữ liệu mở"), wording_key("dữ liệu lớn"));
        // A floor is not a ceiling, "+" is not "&", a pictogram is a word; punctuation is not.
        assert_ne!(wording_key("Tỷ lệ ≥ 80%"), wording_key("Tỷ lệ ≤ 80%"));
        assert_ne!(wording_key("hệ thống A & B"), wording_key("hệ thống A + B"));
        assert_ne!(wording_key("Dịch vụ ★★★"), wording_key("Dịch vụ ★"));
        assert_ne!(wording_key("Biểu tượng 🚀"), wording_key("Biểu tượng 🎉"));
        assert_eq!(wording_key("Số hóa, “hồ sơ”."), wording_key("Số hóa hồ sơ"));
        assert_eq!(wording_key("TT&TT"), wording_key("TT&TT;"));
        // The likeness that pairs rows is as before.
        assert_eq!(tokens("Tỷ lệ ≥ 80%"), tokens("Tỷ lệ ≤ 80%"));
    }

    #[test]
    fn word_diff_marks_changed_words() {
        let segments = word_diff("Phát triển kho dữ liệu", "Xây dựng, duy trì kho dữ liệu");
        let added: Vec<&str> = segments
            .iter()
            .filter(|s| s.op == SegmentOp::Added)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(added, vec!["Xây dựng, duy trì"]);
        assert!(segments
            .iter()
            .any(|s| s.op == SegmentOp::Same && s.text == "kho dữ liệu"));
    }

    #[test]
    fn word_diff_ignores_what_does_not_matter() {
        let segments = word_diff(
            "Danh mục cơ sở dữ liệu (mở) tỉnh Kon Tum, số hoá",
            "Danh mục CSDL ( mở ) tỉnh Gia Lai, số hóa",
        );
        assert!(
            segments.iter().all(|s| s.op == SegmentOp::Same),
            "{segments:?}"
        );
    }

    #[test]
    fn an_abbreviation_matched_in_part_is_not_the_same_and_hides_no_word() {
        // "TTHC" is "thủ tục hành chính": its "hành" and "chính" once matched the reference's
        // "điều hành" and "Chính phủ", and those two words were printed on neither side.
        let segments = word_diff(
            "phục vụ chỉ đạo điều hành của Chính phủ",
            "phục vụ thực hiện TTHC",
        );
        assert_eq!(
            rendered(&segments),
            "phục vụ {+thực hiện TTHC+} [-chỉ đạo điều hành của Chính phủ-]",
            "{segments:?}"
        );
        // Matched whole, an abbreviation is still the same as its words.
        let segments = word_diff("giải quyết thủ tục hành chính", "giải quyết TTHC");
        assert!(
            segments.iter().all(|s| s.op == SegmentOp::Same),
            "{segments:?}"
        );
    }

    fn rendered(segments: &[Segment]) -> String {
        segments
            .iter()
            .map(|s| match s.op {
                SegmentOp::Same => s.text.clone(),
                SegmentOp::Added => format!("{{+{}+}}", s.text),
                SegmentOp::Removed => format!("[-{}-]", s.text),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn side(segments: &[Segment], keep: SegmentOp) -> String {
        segments
            .iter()
            .filter(|s| s.op == keep || s.op == SegmentOp::Same)
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a_province_name_is_not_split_by_removed_words() {
        let reference = "Tiếp tục rà soát Danh mục dữ liệu mở theo lộ trình.";
        let other = "Rà soát danh mục dữ liệu mở của các cơ quan tỉnh Đắk Lắk";
        let segments = word_diff(reference, other);
        assert_eq!(
            rendered(&segments),
            "[-Tiếp tục-] Rà soát danh mục dữ liệu mở {+của các cơ quan tỉnh Đắk Lắk+} [-theo lộ trình.-]"
        );
        assert_eq!(side(&segments, SegmentOp::Added), other);
        // A removed province name is removed whole.
        let segments = word_diff("dữ liệu tỉnh Kon Tum", "dữ liệu");
        assert_eq!(rendered(&segments), "dữ liệu [-tỉnh Kon Tum-]");
    }

    #[test]
    fn punctuation_goes_with_its_own_side() {
        // The other wording's closing punctuation is printed before the reference's removed words.
        let segments = word_diff("cung cấp dữ liệu theo lộ trình", "cung cấp dữ liệu .");
        assert_eq!(rendered(&segments), "cung cấp dữ liệu . [-theo lộ trình-]");
        // Punctuation inside a removed run stays in it; between added words it is added.
        let segments = word_diff("kết nối chia - sẻ", "kết nối");
        assert_eq!(rendered(&segments), "kết nối [-chia - sẻ-]");
        let segments = word_diff("dữ liệu", "dữ liệu kết nối - chia sẻ");
        assert_eq!(rendered(&segments), "dữ liệu {+kết nối - chia sẻ+}");
    }

    #[test]
    fn a_provincial_body_loses_its_province() {
        assert_eq!(without_province("Điện lực Kon Tum"), "Điện lực tỉnh");
        assert_eq!(without_province("Công an tỉnh Gia Lai"), "Công an tỉnh");
        assert_eq!(without_province("Công an tỉnh"), "Công an tỉnh");
        assert_eq!(
            without_province("Bưu điện tỉnh Bà Rịa - Vũng Tàu, Viettel"),
            "Bưu điện tỉnh, Viettel"
        );
        assert_eq!(provinces_named("Điện lực Đắk Lắk"), vec!["đắk lắk"]);
        assert!(provinces_named("Sở Tài chính").is_empty());
    }

    #[test]
    fn similarity_is_one_for_same_wording() {
        let corpus = Corpus::new(&[
            "Số hoá dữ liệu tỉnh Kon Tum".to_string(),
            "số hóa dữ liệu tỉnh Gia Lai".to_string(),
            "an ninh mạng".to_string(),
        ]);
        assert!((corpus.similarity(0, 1) - 1.0).abs() < 1e-9);
        assert!(corpus.similarity(0, 2) < 0.1);
    }
}

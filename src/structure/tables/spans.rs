//! What the placement search asks about a run of atoms (a candidate cell), answered from facts
//! computed once per row. The search weighs O(atoms × window) runs under every column's role;
//! re-reading each run's text (splitting it into words, into bodies, looking for sentence breaks
//! and timeframe openings) made table reading the slowest stage by far. Here word counts,
//! sentence breaks and inner timeframe openings come from prefix counts, a run's body likeness is
//! worked out once for all roles, and the expensive questions are asked only when a cheap upper
//! bound says the answer could change the search.
//!
//! A cell that holds text from before a page break is asked about that text followed by a run;
//! those texts are the runs from 0 of a row whose first atom is the earlier text.
//!
//! Every score equals `cells::score` on the run's text — `tests` checks that on every run of
//! every row of the seeds, under every role, with and without earlier text.

use super::cells::{self, Atom};
use super::header::Role;
use crate::domain::{agencies, timeframe};

/// The longest run whose body likeness is remembered (the search never weighs a longer run for
/// a short column; a task run is asked only while it has at most 12 words).
const REMEMBERED_RUN_ATOMS: usize = 40;

/// Facts about one row's atoms, for runs `atoms[i..j]`.
pub(super) struct RowFacts<'a> {
    /// Every word of the row, atom after atom.
    words: Vec<&'a str>,
    /// Index in `words` of each atom's first word, and the word count at the end.
    first_word: Vec<usize>,
    /// Prefix counts over atoms: atoms with ". " inside, atoms ending with '.'.
    dot_space: Vec<u32>,
    dot_end: Vec<u32>,
    /// Prefix counts over words: words with a character besides combining marks.
    lettered: Vec<u32>,
    /// Prefix counts over words: a capitalized word or a year whose three-word window opens a
    /// timeframe (`cells::has_inner_timeframe` on windows that lie inside the run).
    inner_opening: Vec<u32>,
    /// Capitalized word or year, per word.
    capital_or_year: Vec<bool>,
    /// Whether a body opening at the word may be worth anything (`agencies::may_open_body`).
    may_open: Vec<bool>,
    /// Prefix counts over words: words where splitting may open such a body inside a run
    /// (`agencies::may_open_inside`). A run that opens no such body is worth nothing as a list
    /// of bodies, known without splitting it.
    body_openings: Vec<u32>,
    /// `timeframe::opens_timeframe` of `words[w..w + n]`, n = 1..=4: 0 unknown, 1 no, 2 yes.
    opens: Vec<[u8; 4]>,
    /// `cells::words_open_product` of `words[w..w + n]`, n = 1..=5: 0 unknown, 1 no, 2 yes.
    product: Vec<[u8; 5]>,
    /// Body likeness of `atoms[i..i + n]`, at `i * REMEMBERED_RUN_ATOMS + n - 1`; NaN unknown.
    likeness: Vec<f64>,
}

/// The per-word and per-atom lists a row's facts are read from.
#[derive(Default)]
struct WordLists<'a> {
    words: Vec<&'a str>,
    first_word: Vec<usize>,
    dot_space: Vec<u32>,
    dot_end: Vec<u32>,
    lettered: Vec<u32>,
    capital_or_year: Vec<bool>,
    may_open: Vec<bool>,
}

impl WordLists<'_> {
    /// Appends the lettered counts and capital-or-year flags of the first `count` words (the
    /// counts so far end with the words before them).
    fn push_word_facts(&mut self, count: usize) {
        self.capital_or_year.reserve(count);
        for word in &self.words[..count] {
            let (has_letter, capital) = word_facts(word);
            let last = self.lettered.last().copied().unwrap_or(0);
            self.lettered.push(last + u32::from(has_letter));
            self.capital_or_year.push(capital);
            self.may_open.push(agencies::may_open_body(word));
        }
    }
}

impl<'a> RowFacts<'a> {
    pub(super) fn new(atoms: &'a [Atom]) -> RowFacts<'a> {
        RowFacts::of_texts(atoms.iter().map(|atom| atom.text.as_str()), atoms.len())
    }

    /// Facts about the runs of `texts` (atoms' texts, each trimmed, joined with one space),
    /// remembering the body likeness of runs that start at the first `starts` atoms.
    /// A cell that already holds text from before a page break is read as a row whose first
    /// atom is that text: its runs from 0 are the cell's candidate texts.
    pub(super) fn of_texts(texts: impl Iterator<Item = &'a str>, starts: usize) -> RowFacts<'a> {
        let mut lists = WordLists {
            dot_space: vec![0],
            dot_end: vec![0],
            lettered: vec![0],
            ..WordLists::default()
        };
        for text in texts {
            lists.first_word.push(lists.words.len());
            lists.words.extend(text.split_whitespace());
            let count = |yes: bool, counts: &mut Vec<u32>| {
                let last = counts.last().copied().unwrap_or(0);
                counts.push(last + u32::from(yes));
            };
            count(text.contains(". "), &mut lists.dot_space);
            count(text.ends_with('.'), &mut lists.dot_end);
        }
        let atom_count = lists.first_word.len();
        lists.first_word.push(lists.words.len());
        lists.push_word_facts(lists.words.len());
        let known = (
            vec![[0; 4]; lists.words.len()],
            vec![[0; 5]; lists.words.len()],
        );
        RowFacts::from_lists(lists, known, starts.min(atom_count))
    }

    /// The facts of these lists, knowing what `known` says of the words' windows (which open a
    /// timeframe, which a product), remembering the likeness of runs from the first `starts`
    /// atoms.
    fn from_lists(
        lists: WordLists<'a>,
        known: (Vec<[u8; 4]>, Vec<[u8; 5]>),
        starts: usize,
    ) -> RowFacts<'a> {
        let mut facts = RowFacts {
            opens: known.0,
            product: known.1,
            likeness: vec![f64::NAN; starts * REMEMBERED_RUN_ATOMS],
            inner_opening: Vec::new(),
            words: lists.words,
            first_word: lists.first_word,
            dot_space: lists.dot_space,
            dot_end: lists.dot_end,
            lettered: lists.lettered,
            capital_or_year: lists.capital_or_year,
            may_open: lists.may_open,
            body_openings: Vec::new(),
        };
        facts.inner_opening = facts.inner_openings();
        facts.body_openings = facts.body_openings();
        facts
    }

    /// The facts of `of_texts(once(prior).chain(texts of atoms[i..upper]), 1)`: a cell holding
    /// `prior` from before a page break, continued by a run from atom `i`. Read from this row's
    /// facts instead of the words anew: the search asks this for every start of every such
    /// cell, so rebuilding them (and asking again which windows open a timeframe) was a cost
    /// quadratic in the row's length.
    pub(super) fn after_prior<'b>(&self, prior: &'b str, i: usize, upper: usize) -> RowFacts<'b>
    where
        'a: 'b,
    {
        let (s, e) = self.word_span(i, upper);
        let mut lists = WordLists::default();
        lists.words.reserve(e - s + 8);
        lists.words.extend(prior.split_whitespace());
        let p = lists.words.len();
        lists.words.extend_from_slice(&self.words[s..e]);
        lists.first_word = std::iter::once(0)
            .chain((i..=upper).map(|a| p + self.first_word[a] - s))
            .collect();
        let per_atom = |counts: &[u32], prior_yes: bool| -> Vec<u32> {
            let start = u32::from(prior_yes);
            std::iter::once(0)
                .chain((i..=upper).map(|a| start + counts[a] - counts[i]))
                .collect()
        };
        lists.dot_space = per_atom(&self.dot_space, prior.contains(". "));
        lists.dot_end = per_atom(&self.dot_end, prior.ends_with('.'));
        lists.lettered.push(0);
        lists.push_word_facts(p);
        let before = lists.lettered[p];
        let row_lettered = (s + 1..=e).map(|w| before + self.lettered[w] - self.lettered[s]);
        lists.lettered.extend(row_lettered);
        lists.may_open.extend_from_slice(&self.may_open[s..e]);
        lists
            .capital_or_year
            .extend_from_slice(&self.capital_or_year[s..e]);
        // What the row already knows of its windows holds for the same words here.
        let mut opens = vec![[0u8; 4]; p];
        opens.extend_from_slice(&self.opens[s..e]);
        let mut product = vec![[0u8; 5]; p];
        product.extend_from_slice(&self.product[s..e]);
        RowFacts::from_lists(lists, (opens, product), 1)
    }

    /// Prefix counts of the words where a body worth something may open inside a run.
    fn body_openings(&self) -> Vec<u32> {
        let mut openings = Vec::with_capacity(self.words.len() + 1);
        openings.push(0u32);
        for (w, word) in self.words.iter().enumerate() {
            let previous = w.checked_sub(1).map(|p| self.words[p]);
            let opens = self.may_open[w] && agencies::may_open_inside(previous, word);
            openings.push(openings[w] + u32::from(opens));
        }
        openings
    }

    /// Prefix counts of the capitalized words or years whose three-word window opens a
    /// timeframe.
    fn inner_openings(&mut self) -> Vec<u32> {
        let mut inner = Vec::with_capacity(self.words.len() + 1);
        inner.push(0u32);
        for w in 0..self.words.len() {
            let full = w + 3 <= self.words.len();
            let opens = full && self.capital_or_year[w] && self.opens_at(w, 3);
            inner.push(inner[inner.len() - 1] + u32::from(opens));
        }
        inner
    }

    /// Whether `words[w..w + n]` (n ≤ 4, inside the row) opens a timeframe.
    fn opens_at(&mut self, w: usize, n: usize) -> bool {
        let window = &self.words[w..w + n];
        remembered_flag(&mut self.opens[w][n - 1], || {
            timeframe::words_open_timeframe(window.iter().copied())
        })
    }

    /// `cells::opens_product` of the run's text (it reads the first five words).
    fn opens_product(&mut self, i: usize, j: usize, text: &str) -> bool {
        if !text.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
        let (s, e) = self.word_span(i, j);
        let n = (e - s).min(5);
        if n == 0 {
            return cells::opens_product(text);
        }
        let words = &self.words[s..s + n];
        remembered_flag(&mut self.product[s][n - 1], || {
            cells::words_open_product(&words.join(" "))
        })
    }

    fn word_span(&self, i: usize, j: usize) -> (usize, usize) {
        (self.first_word[i], self.first_word[j])
    }

    /// `timeframe::opens_timeframe` of the run's text (it reads the first four words).
    fn run_opens_timeframe(&mut self, i: usize, j: usize) -> bool {
        let (s, e) = self.word_span(i, j);
        e > s && self.opens_at(s, (e - s).min(4))
    }

    /// `cells::has_inner_timeframe` of the run's text.
    fn has_inner_timeframe(&mut self, i: usize, j: usize) -> bool {
        let (s, e) = self.word_span(i, j);
        // Windows of three words that end inside the run: from the prefix counts.
        if e >= s + 4 && self.inner_opening[e - 2] > self.inner_opening[s + 1] {
            return true;
        }
        // The last two positions see a window cut short by the run's end.
        (e.saturating_sub(2).max(s + 1)..e)
            .any(|w| self.capital_or_year[w] && self.opens_at(w, e - w))
    }

    fn contains_sentence_break(&self, i: usize, j: usize) -> bool {
        self.dot_space[j] > self.dot_space[i]
            || (j > i + 1 && self.dot_end[j - 1] > self.dot_end[i])
    }

    /// The most the run's body likeness can be, read from where bodies may open in it. When
    /// its first word may open one, 1. Otherwise its first body is worth nothing, and with `k`
    /// words inside it where one worth something may open, at most `k` of its at least `k + 1`
    /// bodies are worth anything, each at most 1: `k / (k + 1)` (0 for none, exactly).
    fn likeness_ceiling(&self, i: usize, j: usize) -> f64 {
        let (s, e) = self.word_span(i, j);
        if e == s || self.may_open[s] {
            return 1.0;
        }
        let inside = self.body_openings[e] - self.body_openings[s + 1];
        f64::from(inside) / f64::from(inside + 1)
    }

    fn body_likeness(&mut self, i: usize, j: usize, text: &str) -> f64 {
        if self.likeness_ceiling(i, j) == 0.0 {
            return 0.0;
        }
        // Runs longer than the window, or starting past the remembered starts, are not kept.
        let n = j - i;
        let slot = (1..=REMEMBERED_RUN_ATOMS)
            .contains(&n)
            .then(|| i * REMEMBERED_RUN_ATOMS + n - 1)
            .and_then(|index| self.likeness.get_mut(index));
        match slot {
            Some(known) if !known.is_nan() => *known,
            Some(unknown) => {
                *unknown = agencies::likeness_of_collapsed(text);
                *unknown
            }
            None => agencies::likeness_of_collapsed(text),
        }
    }

    /// `body_likeness(..) >= 0.8`, the test of a body in a task's or a result's cell, without
    /// splitting a run whose ceiling is lower.
    fn reads_as_bodies(&mut self, i: usize, j: usize, text: &str) -> bool {
        self.likeness_ceiling(i, j) >= 0.8 && self.body_likeness(i, j, text) >= 0.8
    }

    fn is_timeframe(&mut self, i: usize, j: usize, text: &str) -> bool {
        self.run_opens_timeframe(i, j) && cells::is_timeframe(text)
    }

    /// A bound `score(role, text)` never exceeds for the run `atoms[i..j]` (`text`, j > i),
    /// from facts that cost nothing: what the run opens and ends with, and its length.
    pub(super) fn bound(&mut self, role: Role, i: usize, j: usize, text: &str) -> f64 {
        if cells::is_placeholder(text) || matches!(role, Role::Unit | Role::Time | Role::Number) {
            // Cheap to answer exactly.
            return self.score(role, i, j, text);
        }
        let likeness = self.likeness_ceiling(i, j);
        if matches!(role, Role::Lead | Role::Support) && likeness == 0.0 {
            // Exact: the score of a likeness of 0.
            return -4.0;
        }
        let (s, e) = self.word_span(i, j);
        cheap_bound(
            role,
            &Cheap {
                lowercase: cells::starts_lowercase(text),
                quantity: cells::opens_quantity(text),
                words: e - s,
                sentence_break: self.contains_sentence_break(i, j),
                end: text,
                likeness,
            },
        )
    }

    /// `cells::score(role, text)` for the run `atoms[i..j]` whose text is `text` (j > i).
    /// Mirrors `cells::compute_score` term by term, in the same order, so the sums are the
    /// same to the last bit.
    pub(super) fn score(&mut self, role: Role, i: usize, j: usize, text: &str) -> f64 {
        let (s, e) = self.word_span(i, j);
        let words = e - s;
        if cells::is_placeholder(text)
            && !matches!(role, Role::Task | Role::Indicator | Role::Number)
        {
            return cells::score(role, text);
        }
        match role {
            Role::Task | Role::Indicator | Role::Other => {
                let mut s = 0.0;
                if cells::starts_lowercase(text) {
                    s -= 1.0;
                }
                if words <= 12 && self.reads_as_bodies(i, j, text) {
                    s -= 1.5;
                }
                if role == Role::Task && self.is_timeframe(i, j, text) {
                    s -= 2.0;
                }
                if cells::ends_complete(text) {
                    s += 0.5;
                }
                s
            }
            Role::Lead | Role::Support => {
                let likeness = self.body_likeness(i, j, text);
                if likeness == 0.0 {
                    return -4.0;
                }
                let mut s = 4.0 * likeness - 2.0;
                if text.ends_with(';') {
                    s -= 3.0;
                } else if text.ends_with(',') || cells::separator_ends_unknown_name(text) {
                    s -= 1.5;
                }
                if self.has_inner_timeframe(i, j) {
                    s -= 1.5;
                }
                if text.ends_with('.') || self.contains_sentence_break(i, j) {
                    s -= 1.0;
                }
                if self.is_timeframe(i, j, text) {
                    s -= 3.0;
                }
                if words > 30 {
                    s -= 1.0;
                }
                s
            }
            Role::Result => {
                let mut s = 0.3;
                if cells::opens_quantity(text) {
                    s += 1.5;
                }
                if self.opens_product(i, j, text) {
                    s += 1.0;
                }
                if words > 20 {
                    s -= 0.1 * (words - 20) as f64;
                }
                if self.is_timeframe(i, j, text) {
                    s -= if timeframe::parse(text).kind == crate::model::TimeframeKind::Conditional
                    {
                        0.5
                    } else {
                        2.0
                    };
                }
                if self.reads_as_bodies(i, j, text) {
                    s -= 1.5;
                }
                s
            }
            Role::Unit => {
                if words > 3 {
                    -1.5
                } else {
                    cells::score(role, text)
                }
            }
            Role::Time => {
                if self.is_timeframe(i, j, text) {
                    let conditional =
                        timeframe::parse(text).kind == crate::model::TimeframeKind::Conditional;
                    if conditional && timeframe::conditional_is_complete(text) {
                        3.0
                    } else {
                        2.5
                    }
                } else if self.lettered[e] - self.lettered[s] <= 3
                    && timeframe::is_partial_timeframe(text)
                {
                    0.3
                } else {
                    -3.0 - 0.2 * words as f64
                }
            }
            Role::Number => -10.0,
        }
    }
}

/// A yes/no answer kept in `slot` (0 not asked yet, 1 no, 2 yes), computed on the first ask.
fn remembered_flag(slot: &mut u8, compute: impl FnOnce() -> bool) -> bool {
    if *slot == 0 {
        *slot = if compute() { 2 } else { 1 };
    }
    *slot == 2
}

/// Whether a word has a character besides combining marks, and whether it is capitalized or a
/// year.
fn word_facts(word: &str) -> (bool, bool) {
    let has_letter = word
        .chars()
        .any(|c| !('\u{0300}'..='\u{036F}').contains(&c));
    let starts_capital = word.chars().next().is_some_and(|c| c.is_uppercase());
    let is_year = word.len() == 4 && word.chars().all(|c| c.is_ascii_digit());
    (has_letter, starts_capital || is_year)
}

/// The cheap facts of a candidate cell's text.
struct Cheap<'t> {
    lowercase: bool,
    quantity: bool,
    words: usize,
    /// ". " inside the text (not counting a final '.').
    sentence_break: bool,
    /// The text's last part (its end is the text's end).
    end: &'t str,
    /// The most its body likeness can be (`RowFacts::likeness_ceiling`).
    likeness: f64,
}

/// A bound `cells::score` never exceeds, for roles whose score needs more than cheap facts.
/// Every term left out only lowers the score, and the terms kept are added in the score's own
/// order, so the bound holds to the last bit.
fn cheap_bound(role: Role, text: &Cheap) -> f64 {
    match role {
        Role::Task | Role::Indicator | Role::Other => {
            let mut s = 0.0;
            if text.lowercase {
                s -= 1.0;
            }
            if cells::ends_complete(text.end) {
                s += 0.5;
            }
            s
        }
        Role::Lead | Role::Support => {
            // The likeness's ceiling; the penalties read from the text's ends and length.
            let mut s = 4.0 * text.likeness - 2.0;
            if text.end.ends_with(';') {
                s -= 3.0;
            } else if text.end.ends_with(',') {
                s -= 1.5;
            }
            if text.end.ends_with('.') || text.sentence_break {
                s -= 1.0;
            }
            if text.words > 30 {
                s -= 1.0;
            }
            // A likeness of 0 scores -4 whatever the penalties (it is never the ceiling here).
            s.max(-4.0)
        }
        Role::Result => {
            // A product word assumed.
            let mut s = 0.3;
            if text.quantity {
                s += 1.5;
            }
            s += 1.0;
            if text.words > 20 {
                s -= 0.1 * (text.words - 20) as f64;
            }
            s
        }
        // Nothing cheap to read: the highest score the role can get, a little above.
        Role::Unit => 1.6,
        Role::Time => 3.1,
        Role::Number => -9.9,
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(in crate::structure::tables) const ROLES: [Role; 9] = [
        Role::Number,
        Role::Task,
        Role::Indicator,
        Role::Unit,
        Role::Lead,
        Role::Support,
        Role::Result,
        Role::Time,
        Role::Other,
    ];

    pub(in crate::structure::tables) const PRIORS: [&str; 4] = [
        "Sở Tài chính.",
        "triển khai. Các",
        "15%",
        "Xây dựng kế hoạch chuyển đổi số của tỉnh giai đoạn 2024 - 2025 và những năm tiếp theo",
    ];

    fn join(atoms: &[Atom]) -> String {
        atoms
            .iter()
            .map(|a| a.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Rows of real extractions: windows of lines from every seed's appendix text, cut into
    /// atoms both ways, with and without quantity cuts.
    pub(in crate::structure::tables) fn sample_rows() -> Vec<Vec<Atom>> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut files: Vec<_> = std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        let mut rows = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let lines: Vec<(usize, String)> = text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(n, l)| (n + 1, l.replace('\t', " ")))
                .collect();
            // The second half of a plan holds its appendix; windows of 9 lines, every 5th.
            let from = lines.len() / 2;
            for start in (from..lines.len().saturating_sub(9)).step_by(5) {
                let window = &lines[start..start + 9];
                for (quantities, fine) in [(false, false), (true, false), (false, true)] {
                    rows.push(cells::atoms(window, quantities, fine));
                }
            }
        }
        rows
    }

    /// Words that open, close, cut or only look like bodies' names: heads, known names and
    /// their abbreviations, the separators splitting reads (", ", " và ", " Các ", ';' inside a
    /// word), the marks `trim_body` strips, and a task's ordinary words.
    const BODY_WORDS: &str = "(Sở|Sở,|sở,|Y|tế|tế,|tế;|tế.|và|Các|các|sở|ngành,|ngành|địa|phương|\\-|\\+|•|-Sở|•Các|;|x;Sở|a;UBND|UBND|tỉnh|tỉnh;|Xây|dựng|kế|hoạch.|Văn|phòng|VP|Ủy|ban|nhân|dân|Công|an|công|tác|Thông|tin|Truyền|thông|Tài|chính|SNV,|SYT|\\(chủ|trì\\)|–|&|TT&TT|Trung|tâm|văn|bản|,|2025|Năm|Thường|xuyên|Bộ,|ban,|Khoa|học|Nội|vụ)";

    /// The likeness ceiling is never below a run's likeness, and is 0 only where the likeness
    /// is: on generated runs of words that bodies are made of and cut at.
    #[test]
    fn likeness_never_exceeds_its_ceiling() {
        let pattern = format!("({BODY_WORDS} ){{1,24}}");
        let compared = std::cell::Cell::new(0usize);
        crate::test_support::for_generated_texts(&pattern, 3_000, 0x5eed_0b0d, |text| {
            let words: Vec<&str> = text.split_whitespace().collect();
            // Atoms of one to three words, as lines and their cut pieces are.
            let atoms: Vec<Atom> = words
                .chunks(1 + words.len() % 3)
                .map(|chunk| Atom {
                    text: chunk.join(" "),
                    starts_line: true,
                    cut_cost: 0.0,
                })
                .collect();
            let facts = RowFacts::new(&atoms);
            for i in 0..atoms.len() {
                for j in i + 1..=atoms.len() {
                    let run = join(&atoms[i..j]);
                    let likeness = agencies::likeness_of_collapsed(&run);
                    let ceiling = facts.likeness_ceiling(i, j);
                    assert!(likeness <= ceiling, "{run:?}: {likeness} > {ceiling}");
                    if ceiling == 0.0 {
                        assert_eq!(likeness, 0.0, "{run:?}");
                    }
                    compared.set(compared.get() + 1);
                }
            }
        });
        assert!(compared.get() > 50_000, "{}", compared.get());
    }

    #[test]
    fn run_scores_equal_text_scores() {
        let rows = sample_rows();
        assert!(rows.len() > 300, "too few sample rows: {}", rows.len());
        let mut compared = 0;
        let mut compared_after = 0;
        for atoms in &rows {
            let mut facts = RowFacts::new(atoms);
            for i in 0..atoms.len() {
                for j in i + 1..=atoms.len().min(i + 14) {
                    let text = join(&atoms[i..j]);
                    for role in ROLES {
                        let expected = cells::score(role, &text);
                        let fast = facts.score(role, i, j, &text);
                        assert_eq!(
                            fast.to_bits(),
                            expected.to_bits(),
                            "{role:?} on {text:?}: {fast} vs {expected}"
                        );
                        let bound = facts.bound(role, i, j, &text);
                        assert!(bound >= expected, "{role:?} bound on {text:?}");
                        compared += 1;
                    }
                }
                // The same runs after text from before a page break: a row that opens with it.
                let end = atoms.len().min(i + 14);
                for prior in PRIORS {
                    let texts = atoms[i..end].iter().map(|a| a.text.as_str());
                    let fresh = RowFacts::of_texts(std::iter::once(prior).chain(texts), 1);
                    let mut continued = facts.after_prior(prior, i, end);
                    assert_eq!(continued.words, fresh.words);
                    assert_eq!(continued.first_word, fresh.first_word);
                    assert_eq!(continued.dot_space, fresh.dot_space);
                    assert_eq!(continued.dot_end, fresh.dot_end);
                    assert_eq!(continued.lettered, fresh.lettered);
                    assert_eq!(continued.capital_or_year, fresh.capital_or_year);
                    assert_eq!(continued.inner_opening, fresh.inner_opening);
                    for j in i + 1..=end {
                        let whole = format!("{prior} {}", join(&atoms[i..j]));
                        for role in ROLES {
                            let expected = cells::score(role, &whole);
                            let fast = continued.score(role, 0, j - i + 1, &whole);
                            assert_eq!(
                                fast.to_bits(),
                                expected.to_bits(),
                                "{role:?} on {whole:?}: {fast} vs {expected}"
                            );
                            let bound = continued.bound(role, 0, j - i + 1, &whole);
                            assert!(bound >= expected, "{role:?} bound on {whole:?}");
                            compared_after += 1;
                        }
                    }
                }
            }
        }
        assert!(compared > 100_000, "{compared}");
        assert!(compared_after > 100_000, "{compared_after}");
    }
}

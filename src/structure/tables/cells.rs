//! Placing flowed text into columns. A row of a PDF table comes out as its cells one after the
//! other, in column order, each broken into short lines; sometimes two cells share a line. The
//! row's lines are cut into atoms (whole lines, or line pieces where a body's name or a
//! timeframe starts), and a small dynamic program assigns atoms to columns in non-decreasing
//! column order, maximizing how much each cell's text looks like what its column holds.

use std::cell::RefCell;

use super::header::Role;
use super::spans::RowFacts;
use crate::domain::text::FastMap;
use crate::domain::{agencies, timeframe};

/// One piece of a row's text: a line or part of one.
#[derive(Debug, Clone)]
pub struct Atom {
    pub text: String,
    /// The atom begins its line (a cut before it costs nothing).
    pub starts_line: bool,
    /// What opening a cell at this atom costs (0 at a line start).
    pub cut_cost: f64,
}

/// Cutting a line inside costs this much: cells share a line only now and then.
const INNER_CUT: f64 = 1.4;
/// A cell rarely opens with a lowercase word (continuation lines do).
const LOWERCASE_OPENING: f64 = 0.8;
/// Bodies, timeframes, units and results are short: longer spans are not tried for them.
pub(super) const MAX_SHORT_CELL_ATOMS: usize = 40;
/// Atoms of one row beyond this are kept whole-line (no inner cuts), so the work stays bounded.
const MAX_ATOMS: usize = 400;

fn ends_with_separator(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with(',') || t.ends_with(';') || agencies::ends_with_connector(t)
}

const CELL_WORDS_TSV: &str = include_str!("../../../data/cell-words.tsv");

static PRODUCT_OPENERS: once_cell::sync::Lazy<Vec<String>> = once_cell::sync::Lazy::new(|| {
    CELL_WORDS_TSV
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| format!("{l} "))
        .collect()
});

/// Whether a timeframe opens inside `text` at a capitalized word ("… Truyền thông Sau khi có
/// hướng dẫn"): the time column's words, not a body's.
fn has_inner_timeframe(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (1..words.len()).any(|k| {
        let starts_capital = words[k].chars().next().is_some_and(|c| c.is_uppercase());
        let is_year = words[k].len() == 4 && words[k].chars().all(|c| c.is_ascii_digit());
        (starts_capital || is_year) && {
            let end = (k + 3).min(words.len());
            timeframe::opens_timeframe(&words[k..end].join(" "))
        }
    })
}

/// Whether a result cell opens with a product word ("Kế hoạch", "Quyết định", "Báo cáo" …).
pub(super) fn opens_product(text: &str) -> bool {
    if !text.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    let opening: Vec<&str> = text.split_whitespace().take(5).collect();
    words_open_product(&opening.join(" "))
}

/// The product-word test of `opens_product` on the text's first five words, joined by spaces.
pub(super) fn words_open_product(opening: &str) -> bool {
    let mut folded = crate::domain::text::fold(opening);
    folded.push(' ');
    PRODUCT_OPENERS
        .iter()
        .any(|opener| folded.starts_with(opener.as_str()))
}

/// A cell printed as a dash: nothing to say.
pub(super) fn is_placeholder(text: &str) -> bool {
    matches!(text, "-" | "–" | "—" | "x" | "+")
}

/// The text ends a sentence: a cell that needs nothing more.
pub(super) fn ends_complete(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with('.') || t.ends_with('!') || t.ends_with('?') || t.ends_with(".)")
}

pub(super) fn starts_lowercase(text: &str) -> bool {
    text.trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase())
}

/// Numbers, comparison signs and percentages open an indicator's result or unit.
pub(super) fn opens_quantity(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '≥' | '≤' | '>' | '<' | '%'))
}

thread_local! {
    static TIMEFRAME_CACHE: RefCell<FastMap<bool>> = RefCell::new(FastMap::default());
    static SCORE_CACHE: RefCell<FastMap<f64>> = RefCell::new(FastMap::default());
}

/// Empties this module's memos (see [`crate::forget_memos`]).
pub(crate) fn forget_memos() {
    crate::domain::text::forget(&TIMEFRAME_CACHE);
    crate::domain::text::forget(&SCORE_CACHE);
}

/// `score`, remembered by role and text: the cut refinements weigh the same cells again and
/// again as neighbouring cuts move.
fn remembered_score(role: Role, text: &str) -> f64 {
    let mut key = String::with_capacity(text.len() + 1);
    key.push(char::from(b'0' + role as u8));
    key.push_str(text);
    crate::domain::text::remembered(&SCORE_CACHE, &key, |_| score(role, text))
}

/// Not remembered here: the span search remembers each run's likeness itself (`spans`), and
/// the bodies' own values are remembered by `agencies`.
pub(super) fn body_likeness(text: &str) -> f64 {
    agencies::body_likeness(text)
}

pub(super) fn is_timeframe(text: &str) -> bool {
    crate::domain::text::remembered(&TIMEFRAME_CACHE, text, timeframe::is_timeframe)
}

/// The text ends with a separator ("và", "-", "/" …) that does not cut a known body's name in
/// two: a list that goes on in the same cell.
pub(super) fn separator_ends_unknown_name(text: &str) -> bool {
    ends_with_separator(text) && !agencies::last_body_is_known_prefix(text)
}

/// How much `text` looks like the content of a column with `role`; higher is likelier.
pub fn score(role: Role, text: &str) -> f64 {
    let text = text.trim();
    compute_score(role, text)
}

fn compute_score(role: Role, text: &str) -> f64 {
    let words = text.split_whitespace().count();
    if is_placeholder(text) && !matches!(role, Role::Task | Role::Indicator | Role::Number) {
        // "-" printed in a cell that has nothing to say.
        return score(role, "") + 0.5;
    }
    match role {
        Role::Task | Role::Indicator | Role::Other => {
            if text.is_empty() {
                return -8.0;
            }
            let mut s = 0.0;
            if starts_lowercase(text) {
                s -= 1.0;
            }
            if words <= 12 && body_likeness(text) >= 0.8 {
                s -= 1.5;
            }
            if role == Role::Task && is_timeframe(text) {
                s -= 2.0;
            }
            if ends_complete(text) {
                s += 0.5;
            }
            s
        }
        Role::Lead | Role::Support => {
            if text.is_empty() {
                return if role == Role::Lead { -2.5 } else { -0.3 };
            }
            let likeness = body_likeness(text);
            if likeness == 0.0 {
                return -4.0;
            }
            let mut s = 4.0 * likeness - 2.0;
            if text.ends_with(';') {
                // ";" separates bodies of one cell: the list goes on in this cell.
                s -= 3.0;
            } else if text.ends_with(',') || separator_ends_unknown_name(text) {
                // A list cut after its comma goes on in this cell; a name cut after "và" may
                // be a known name broken by the column width.
                s -= 1.5;
            }
            if has_inner_timeframe(text) {
                s -= 1.5;
            }
            if text.ends_with('.') || text.contains(". ") {
                s -= 1.0;
            }
            if is_timeframe(text) {
                s -= 3.0;
            }
            if words > 30 {
                s -= 1.0;
            }
            s
        }
        Role::Result => {
            if text.is_empty() {
                return -0.4;
            }
            let mut s = 0.3;
            if opens_quantity(text) {
                s += 1.5;
            }
            if opens_product(text) {
                s += 1.0;
            }
            if words > 20 {
                // Results are short noun phrases; a long sentence is a task's tail.
                s -= 0.1 * (words - 20) as f64;
            }
            if is_timeframe(text) {
                // A conditional timeframe may run into the result printed below it.
                s -= if timeframe::parse(text).kind == crate::model::TimeframeKind::Conditional {
                    0.5
                } else {
                    2.0
                };
            }
            if body_likeness(text) >= 0.8 {
                s -= 1.5;
            }
            s
        }
        Role::Unit => {
            if text.is_empty() {
                return -0.8;
            }
            if text.starts_with('%')
                && words <= 3
                && !text.chars().skip(1).any(|c| c.is_ascii_digit())
            {
                return 1.5;
            }
            if words <= 3 && !text.chars().any(|c| c.is_ascii_digit()) && !opens_quantity(text) {
                return 0.8;
            }
            -1.5
        }
        Role::Time => {
            if text.is_empty() {
                return -2.0;
            }
            if is_timeframe(text) {
                let conditional =
                    timeframe::parse(text).kind == crate::model::TimeframeKind::Conditional;
                if conditional && timeframe::conditional_is_complete(text) {
                    3.0
                } else {
                    2.5
                }
            } else if timeframe::is_partial_timeframe(text) {
                0.3
            } else {
                -3.0 - 0.2 * words as f64
            }
        }
        Role::Number => -10.0,
    }
}

/// Cuts a row's lines into atoms: each line, cut again where a body's name, a timeframe or (in
/// indicator tables) a quantity starts after other words. `fine` cuts at every word (lines that
/// hold pieces of several columns side by side), the evidence-backed cuts costing less.
pub fn atoms(lines: &[(usize, String)], quantities: bool, fine: bool) -> Vec<Atom> {
    let mut out = Vec::new();
    for (_, text) in lines {
        let words: Vec<&str> = text.split_whitespace().collect();
        if words.is_empty() {
            continue;
        }
        let mut start = 0;
        let allow_cuts = out.len() < MAX_ATOMS;
        let mut pending_cost = 0.0;
        for k in 1..words.len() {
            if !allow_cuts {
                break;
            }
            // Openers and body heads are short: the next few words decide.
            let rest = words[k..(k + 4).min(words.len())].join(" ");
            let previous = words[k - 1];
            let evidence = agencies::starts_with_head(&rest) && !previous.ends_with(['(', '/'])
                || timeframe::opens_timeframe(&rest) && !ends_with_separator(previous)
                || quantities && opens_quantity(&rest);
            let cost = match (evidence, fine) {
                (true, true) => 0.3,
                (false, true) => 0.6,
                (true, false) => INNER_CUT,
                (false, false) => continue,
            };
            out.push(Atom {
                text: words[start..k].join(" "),
                starts_line: start == 0,
                cut_cost: pending_cost,
            });
            pending_cost = cost;
            start = k;
        }
        out.push(Atom {
            text: words[start..].join(" "),
            starts_line: start == 0,
            cut_cost: pending_cost,
        });
    }
    out
}

fn join(atoms: &[Atom]) -> String {
    let mut out = String::new();
    for atom in atoms {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&atom.text);
    }
    out
}

fn opening_cost(role: Role, atom: &Atom) -> f64 {
    atom.cut_cost + lowercase_opening_cost(role, &atom.text)
}

/// Whether `word` goes on a range that `before` ends at its hyphen ("2026-" then "2030").
pub(super) fn continues_range(before: &str, word: &str) -> bool {
    let mut tail = before.chars().rev();
    matches!(tail.next(), Some('-' | '–'))
        && tail.next().is_some_and(|c| c.is_ascii_digit())
        && word.starts_with(|c: char| c.is_ascii_digit())
}

/// `join_lines` for a cell going on from an earlier line (a range wrapped after its hyphen, "2026-" / "2030", joins without a space).
pub(super) fn join_line_text(cell: &mut String, text: &str) {
    let text = crate::clean::collapse_whitespace(text);
    if text.is_empty() {
        return;
    }
    if !cell.is_empty() && !continues_range(cell, &text) {
        cell.push(' ');
    }
    cell.push_str(&text);
}

/// How a cell reads as its column's (`score`) when it holds `prefix` from earlier lines or pages
/// and `text` is added. A cell opened here pays for a lowercase first word, as in `place`, except
/// a task or indicator cell: the row's own text starts there, whatever its case (`place` exempts
/// the row's first atom, which opens that cell).
pub(super) fn score_continued(role: Role, prefix: &str, text: &str) -> f64 {
    if prefix.is_empty() {
        let opening = match role {
            Role::Task | Role::Indicator => 0.0,
            _ => lowercase_opening_cost(role, text),
        };
        remembered_score(role, text) - opening
    } else if text.is_empty() {
        remembered_score(role, prefix)
    } else {
        remembered_score(role, &format!("{prefix} {text}"))
    }
}

/// How many words a line's own cut may move in one step of `refine_cuts`.
pub(super) const LINE_CUT_REACH: usize = 2;
/// Rounds of `refine_cuts` over every cut of every line.
pub(super) const CUT_ROUNDS: usize = 2;

/// Moves each line's cuts, in turn, by up to `LINE_CUT_REACH` words where `value` says the
/// cells they divide read better. `cuts[l][b]` is the word of line `l` that opens column `b + 1`
/// (cuts of a line never decrease; `lengths[l]` words in line `l`); `value(cuts, l, b)` weighs
/// the two cells cut `b` divides. A move must gain more than rounding noise; otherwise the cut
/// stays, so equal readings keep the first guess.
pub(super) fn refine_cuts(
    cuts: &mut [Vec<usize>],
    lengths: &[usize],
    mut value: impl FnMut(&[Vec<usize>], usize, usize) -> f64,
) {
    for _ in 0..CUT_ROUNDS {
        for l in 0..cuts.len() {
            for b in 0..cuts[l].len() {
                let low = if b == 0 { 0 } else { cuts[l][b - 1] };
                let high = cuts[l].get(b + 1).copied().unwrap_or(lengths[l]);
                let current = cuts[l][b];
                let mut best = (value(cuts, l, b), current);
                for moved in current.saturating_sub(LINE_CUT_REACH)..=current + LINE_CUT_REACH {
                    if moved == current || moved < low || moved > high {
                        continue;
                    }
                    cuts[l][b] = moved;
                    let trial = value(cuts, l, b);
                    if trial > best.0 + 1e-9 {
                        best = (trial, moved);
                    }
                    cuts[l][b] = current;
                }
                cuts[l][b] = best.1;
            }
        }
    }
}

/// What opening a cell with `text` costs for its case: a cell rarely opens with a lowercase
/// word (continuation lines do).
pub(super) fn lowercase_opening_cost(role: Role, text: &str) -> f64 {
    if !starts_lowercase(text) {
        return 0.0;
    }
    // Bodies are printed capitalized ("Các sở", "Sở …"); a lowercase "các sở" is running text.
    match role {
        Role::Lead | Role::Support => 2.0 * LOWERCASE_OPENING,
        _ => LOWERCASE_OPENING,
    }
}

/// Adding to a cell that already holds text: a lowercase word continues an unfinished cell
/// well and a finished sentence badly.
fn continuation_cost(prior: &str, atom: &Atom) -> f64 {
    let mut cost = atom.cut_cost / 2.0;
    if starts_lowercase(&atom.text) {
        cost += if ends_complete(prior) { 1.0 } else { 0.0 };
    }
    cost
}

/// The best assignment of `atoms` to `roles` (cells in order, each possibly empty), given text
/// the cells already hold (`prefix`, from before a page break; empty strings at first). Returns
/// the text added to each cell, the score margin over the runner-up and whether a line was cut.
pub struct Placement {
    pub added: Vec<String>,
    pub inner_cuts: usize,
}

/// Whether a span from `start` whose total is at most `total` loses to the best found so far
/// (`best`, from `chosen`): a higher total wins, an equal one only from an earlier start.
fn cannot_win(total: f64, start: usize, best: f64, chosen: usize) -> bool {
    total < best || (total == best && start >= chosen)
}

pub fn place(atoms: &[Atom], roles: &[Role], prefix: &[String]) -> Placement {
    let m = atoms.len();
    let k = roles.len();
    const NONE: f64 = f64::NEG_INFINITY;
    // best[c][j]: best score with atoms[..j] given to columns < c. choice[c][j]: start of c-1's
    // span.
    let mut best = vec![vec![NONE; m + 1]; k + 1];
    let mut choice = vec![vec![0usize; m + 1]; k + 1];
    best[0][0] = 0.0;
    let base: Vec<f64> = roles
        .iter()
        .enumerate()
        .map(|(c, role)| score(*role, prefix.get(c).map_or("", String::as_str)))
        .collect();
    let mut facts = RowFacts::new(atoms);
    let mut text = String::new();
    // The cell's text grows one atom at a time instead of being joined anew per span.
    let mut span_text = String::new();
    let mut starts: Vec<usize> = Vec::with_capacity(m + 1);
    for c in 0..k {
        let role = roles[c];
        let prior = prefix.get(c).map_or("", String::as_str);
        let short = !matches!(role, Role::Task | Role::Indicator | Role::Other);
        // Starts with the best scores first: the totals they give make the bound below skip
        // more of the weaker starts' spans. Ties between equal totals still go to the earliest
        // start, whatever the order they are met in.
        starts.clear();
        starts.extend((0..=m).filter(|&i| best[c][i] != NONE));
        starts.sort_by(|&a, &b| best[c][b].total_cmp(&best[c][a]).then(a.cmp(&b)));
        for &i in &starts {
            let from = best[c][i];
            let upper = if short {
                (i + MAX_SHORT_CELL_ATOMS).min(m)
            } else {
                m
            };
            span_text.clear();
            // A cell holding text from before a page break: its candidates are that text and a
            // run from `i`, read as the runs from 0 of a row that opens with the prior text.
            let mut continued =
                (!prior.is_empty() && upper > i).then(|| facts.after_prior(prior, i, upper));
            if continued.is_some() {
                text.clear();
                text.push_str(prior);
            }
            for j in i..=upper {
                if j > i {
                    let atom = &atoms[j - 1].text;
                    if !span_text.is_empty() {
                        span_text.push(' ');
                    }
                    span_text.push_str(atom);
                    if continued.is_some() {
                        text.push(' ');
                        text.push_str(atom);
                    }
                }
                // The last column must end the row: only its spans that reach the end count
                // (the backtrack starts from there), so the others are not scored.
                if c + 1 == k && j < m {
                    continue;
                }
                let gain = if j == i {
                    // An empty addition leaves the cell as it was.
                    base[c]
                } else {
                    let opening = if prior.is_empty() {
                        opening_cost(role, &atoms[i])
                    } else {
                        continuation_cost(prior, &atoms[i])
                    };
                    // The first atom of the row opens its cell whatever its case.
                    let opening = if i == 0 && prior.is_empty() {
                        0.0
                    } else {
                        opening
                    };
                    // A span whose best possible score cannot win (`cannot_win`) is not scored.
                    let bound = match continued.as_mut() {
                        None => facts.bound(role, i, j, &span_text),
                        Some(run) => run.bound(role, 0, j - i + 1, &text),
                    };
                    if cannot_win(
                        from + (bound - opening),
                        i,
                        best[c + 1][j],
                        choice[c + 1][j],
                    ) {
                        continue;
                    }
                    let score = match continued.as_mut() {
                        None => facts.score(role, i, j, &span_text),
                        Some(run) => run.score(role, 0, j - i + 1, &text),
                    };
                    score - opening
                };
                let total = from + gain;
                if !cannot_win(total, i, best[c + 1][j], choice[c + 1][j]) {
                    best[c + 1][j] = total;
                    choice[c + 1][j] = i;
                }
            }
        }
    }
    let mut added = vec![String::new(); k];
    let mut inner_cuts = 0;
    let mut j = m;
    for c in (1..=k).rev() {
        let i = choice[c][j];
        if i < j {
            added[c - 1] = join(&atoms[i..j]);
            if i > 0 && !atoms[i].starts_line {
                inner_cuts += 1;
            }
        }
        j = i;
    }
    Placement { added, inner_cuts }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::tables::spans::tests::{sample_rows, PRIORS, ROLES};

    /// The memo behind `score_continued` answers as `score` does, for every role of the same
    /// text (the role is part of its key), asked in any order, before and after it is emptied.
    #[test]
    fn remembered_scores_are_the_scores_of_each_role() {
        let texts = [
            "Sở Y tế",
            "Năm 2026",
            "Xây dựng kế hoạch chuyển đổi số",
            "100%",
            "-",
            "Các sở, ban, ngành",
        ];
        forget_memos();
        let mut distinct = std::collections::BTreeSet::new();
        for round in 0..2 {
            for role in ROLES.iter().chain(ROLES.iter().rev()) {
                for text in texts {
                    let expected = score(*role, text);
                    let prefix_alone = score_continued(*role, text, "");
                    assert_eq!(
                        prefix_alone.to_bits(),
                        expected.to_bits(),
                        "{role:?} {text:?}"
                    );
                    let continued = score_continued(*role, "Sở Tài chính", text);
                    let joined = score(*role, &format!("Sở Tài chính {text}"));
                    assert_eq!(continued.to_bits(), joined.to_bits(), "{role:?} {text:?}");
                    distinct.insert(expected.to_bits());
                }
            }
            if round == 0 {
                forget_memos();
            }
        }
        // The roles do score these texts differently: a key without the role would mix them.
        assert!(distinct.len() > texts.len(), "{distinct:?}");
    }

    /// `place` as specified, without its shortcuts: every span of every start scored from its
    /// joined text, starts in order, a strictly better total replacing the best so far.
    fn plain_place(atoms: &[Atom], roles: &[Role], prefix: &[String]) -> Vec<String> {
        let (m, k) = (atoms.len(), roles.len());
        let mut best = vec![vec![f64::NEG_INFINITY; m + 1]; k + 1];
        let mut choice = vec![vec![0usize; m + 1]; k + 1];
        best[0][0] = 0.0;
        for c in 0..k {
            let role = roles[c];
            let prior = prefix.get(c).map_or("", String::as_str);
            let short = !matches!(role, Role::Task | Role::Indicator | Role::Other);
            for i in 0..=m {
                let from = best[c][i];
                if from == f64::NEG_INFINITY {
                    continue;
                }
                let upper = if short {
                    (i + MAX_SHORT_CELL_ATOMS).min(m)
                } else {
                    m
                };
                for j in i..=upper {
                    if c + 1 == k && j < m {
                        continue;
                    }
                    let gain = if j == i {
                        score(role, prior)
                    } else {
                        let opening = match (i == 0 && prior.is_empty(), prior.is_empty()) {
                            (true, _) => 0.0,
                            (false, true) => opening_cost(role, &atoms[i]),
                            (false, false) => continuation_cost(prior, &atoms[i]),
                        };
                        let run = join(&atoms[i..j]);
                        let text = if prior.is_empty() {
                            run
                        } else {
                            format!("{prior} {run}")
                        };
                        score(role, &text) - opening
                    };
                    if from + gain > best[c + 1][j] {
                        best[c + 1][j] = from + gain;
                        choice[c + 1][j] = i;
                    }
                }
            }
        }
        let mut added = vec![String::new(); k];
        let mut j = m;
        for c in (1..=k).rev() {
            let i = choice[c][j];
            if i < j {
                added[c - 1] = join(&atoms[i..j]);
            }
            j = i;
        }
        added
    }

    /// The search's bounds, remembered facts and order of starts change how fast it finds the
    /// best placement, never which one it finds: on rows of every seed, under the column sets
    /// plans use, with and without text from before a page break.
    #[test]
    fn place_finds_what_the_plain_search_finds() {
        let role_sets: [&[Role]; 4] = [
            &[Role::Task, Role::Lead, Role::Support, Role::Time],
            &[
                Role::Task,
                Role::Lead,
                Role::Support,
                Role::Result,
                Role::Time,
            ],
            &[
                Role::Indicator,
                Role::Unit,
                Role::Result,
                Role::Lead,
                Role::Time,
            ],
            &[Role::Other, Role::Task, Role::Time, Role::Lead],
        ];
        let rows = sample_rows();
        let mut compared = 0;
        for (n, atoms) in rows.iter().enumerate().step_by(3) {
            for (r, roles) in role_sets.iter().enumerate() {
                let prefix: Vec<String> = if (n + r) % 2 == 0 {
                    Vec::new()
                } else {
                    // Some cells hold earlier text, some not.
                    (0..roles.len())
                        .map(|c| match (n + c) % 3 {
                            0 => String::new(),
                            _ => PRIORS[(n + c) % PRIORS.len()].to_string(),
                        })
                        .collect()
                };
                let fast = place(atoms, roles, &prefix).added;
                assert_eq!(
                    fast,
                    plain_place(atoms, roles, &prefix),
                    "row {n}, roles {r}"
                );
                compared += 1;
            }
        }
        assert!(compared > 400, "{compared}");
    }

    fn lines(texts: &[&str]) -> Vec<(usize, String)> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| (i + 1, t.to_string()))
            .collect()
    }

    #[test]
    fn cells_in_column_order() {
        let roles = [Role::Task, Role::Lead, Role::Support, Role::Time];
        let row = lines(&[
            "Ban hành Danh mục dữ liệu",
            "lớn và Kế hoạch phát triển dữ",
            "liệu lớn tỉnh.",
            "Sở Thông tin và",
            "Truyền thông",
            "Các sở, ngành,",
            "địa phương",
            "2024 - 2025",
        ]);
        let placed = place(&atoms(&row, false, false), &roles, &[]);
        assert_eq!(
            placed.added,
            vec![
                "Ban hành Danh mục dữ liệu lớn và Kế hoạch phát triển dữ liệu lớn tỉnh.",
                "Sở Thông tin và Truyền thông",
                "Các sở, ngành, địa phương",
                "2024 - 2025"
            ]
        );
    }

    #[test]
    fn empty_support_cell() {
        let roles = [Role::Task, Role::Lead, Role::Support, Role::Time];
        let row = lines(&[
            "Thu thập, khai thác dữ liệu",
            "Các sở, ngành, địa",
            "phương",
            "Thường",
            "xuyên",
        ]);
        let placed = place(&atoms(&row, false, false), &roles, &[]);
        assert_eq!(placed.added[1], "Các sở, ngành, địa phương");
        assert_eq!(placed.added[2], "");
        assert_eq!(placed.added[3], "Thường xuyên");
    }
}

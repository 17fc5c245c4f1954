//! Row numbers of task tables ("1", "6.1", "1000"), and whether one goes on from another.
//! Readers that cannot tell a row's number from other numbers by its place (cells wrapped over
//! lines, or one cell per line) and every reader past three digits a part ask here.

/// Row numbers as a list of integers ("6.1" → [6, 1]).
pub(super) fn parse_number(tt: &str) -> Option<Vec<u32>> {
    tt.split('.').map(|p| p.parse::<u32>().ok()).collect()
}

/// Whether `next` may follow `previous` (None: first row of a group or table).
pub(super) fn continues(previous: Option<&[u32]>, next: &[u32], after_group: bool) -> bool {
    let Some(previous) = previous else {
        // First row: 1, 1.1, or numbering that runs on from another table part.
        return next.first().is_some_and(|n| *n <= 1) || after_group;
    };
    if after_group && next.first() == Some(&1) {
        return true;
    }
    // A group opens the next chapter of numbered rows: 1.7, then group II, then 2.1.
    if after_group
        && next.len() >= 2
        && next.len() == previous.len()
        && next.last() == Some(&1)
        && continues(
            Some(&previous[..previous.len() - 1]),
            &next[..next.len() - 1],
            false,
        )
    {
        return true;
    }
    let (Some(last), Some(next_last)) = (previous.last(), next.last()) else {
        return false;
    };
    // Same depth, next number: 3 → 4, 6.1 → 6.2.
    if next.len() == previous.len()
        && next[..next.len() - 1] == previous[..previous.len() - 1]
        && *next_last == last + 1
    {
        return true;
    }
    // One level down: 6 → 6.1.
    if next.len() == previous.len() + 1 && next[..previous.len()] == *previous && *next_last == 1 {
        return true;
    }
    // Back up a level: 6.2 → 7.
    if next.len() < previous.len() {
        let depth = next.len();
        return next[..depth - 1] == previous[..depth - 1] && *next_last == previous[depth - 1] + 1;
    }
    false
}

/// A lone number one to three past the previous one, or the same: a row whose number repeats or
/// skips (the document's own slip) rather than a page number, when a task opens below it.
pub(super) fn near_previous(previous: Option<&[u32]>, next: &[u32]) -> bool {
    let Some(previous) = previous else {
        return false;
    };
    next.len() == previous.len()
        && next[..next.len() - 1] == previous[..previous.len() - 1]
        && match (previous.last(), next.last()) {
            (Some(p), Some(n)) => *n >= *p && *n <= p + 3,
            _ => false,
        }
}

/// The number of the last numbered row a reader has read: a long number is a row's only where it
/// fits after it (rows under a dash or a letter, or without a number, say nothing of it).
#[derive(Default)]
pub(super) struct LastRow(Option<Vec<u32>>);

impl LastRow {
    pub(super) fn get(&self) -> Option<&[u32]> {
        self.0.as_deref()
    }

    /// Keeps `tt` as the last numbered row's number when it is one ("1000", "2.1"; not "-", "a").
    pub(super) fn keep(&mut self, tt: &str) {
        if let Some(number) = parse_number(tt) {
            self.0 = Some(number);
        }
    }
}

/// Whether a number with four or five digits in a part is a row's after `previous` (the last
/// numbered row's): it goes on from it, or repeats or skips a few (the document's own slip).
/// Three-digit numbers need no such test; a longer one elsewhere is a year or an amount.
pub(super) fn long_number_fits(previous: Option<&[u32]>, next: &[u32]) -> bool {
    continues(previous, next, false) || near_previous(previous, next)
}

/// Whether `text`, the line after a row number of four or five digits or the rest of its line,
/// may open the row's task: not a lowercase word or a dash (a cell going on, "1000 hộ kinh
/// doanh", "2026 - 2030"), not another number (a year in the next cell), not the header printed
/// again.
pub(super) fn opens_long_numbered_task(text: &str) -> bool {
    let Some(first_word) = text.split_whitespace().next() else {
        return false;
    };
    let is_number = first_word
        .trim_end_matches(['.', ')'])
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.');
    let first = first_word.chars().next();
    first.is_some_and(|c| !c.is_lowercase() && !matches!(c, '-' | '–' | '—'))
        && !is_number
        && !super::header::opens_header(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fits(previous: &str, next: &str) -> bool {
        long_number_fits(
            parse_number(previous).as_deref(),
            &parse_number(next).unwrap(),
        )
    }

    #[test]
    fn a_long_number_fits_where_it_goes_on_from_the_last_row() {
        assert!(fits("999", "1000"));
        assert!(fits("2.999", "2.1000"));
        assert!(fits("1000", "1000.1"), "one level down");
        assert!(fits("999.2", "1000"), "back up a level");
        assert!(
            fits("1001", "1003"),
            "a skip of a few is the document's slip"
        );
        assert!(fits("1000", "1000"), "a repeat too");
    }

    #[test]
    fn a_long_number_opens_a_row_only_before_a_task() {
        assert!(opens_long_numbered_task("Rà soát danh mục"));
        assert!(opens_long_numbered_task("100% hồ sơ được số hóa"));
        assert!(opens_long_numbered_task("(Bổ sung) Rà soát"));
        assert!(!opens_long_numbered_task("hộ kinh doanh trên địa bàn"));
        assert!(!opens_long_numbered_task("- 2030"));
        assert!(!opens_long_numbered_task("2026"));
        assert!(!opens_long_numbered_task(""));
    }

    #[test]
    fn a_year_or_an_amount_does_not_fit() {
        assert!(!fits("50", "2026"));
        assert!(!fits("999", "1500"));
        assert!(!fits("1005", "2026"));
        assert!(!fits("1005", "1004"), "no step back");
        assert!(!long_number_fits(None, &[1000]), "no row before it");
    }
}

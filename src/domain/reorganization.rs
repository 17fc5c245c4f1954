//! When the bodies the 2025 reorganization replaced stopped existing: the departments on 1 March
//! 2025, the district level on 1 July 2025 (`data/abolished_from.tsv` lists the bodies that did
//! not go with the departments). A plan dated before that month still names them rightly.

use std::collections::HashMap;

use once_cell::sync::Lazy;

use super::text::fold;

/// A year and month.
pub type Month = (i32, u32);

/// The departments' merger, the month from which a body with a successor no longer exists
/// unless `data/abolished_from.tsv` says otherwise.
pub const DEPARTMENTS_MERGED: Month = (2025, 3);

/// Folded canonical name → the month from which it no longer exists.
static ABOLISHED_FROM: Lazy<HashMap<String, Month>> = Lazy::new(|| {
    include_str!("../../data/abolished_from.tsv")
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let (name, when) = line.split_once('\t')?;
            let (year, month) = when.trim().split_once('-')?;
            Some((fold(name.trim()), (year.parse().ok()?, month.parse().ok()?)))
        })
        .collect()
});

/// The month from which the body `canonical` (one the lexicon gives a successor) no longer
/// exists.
pub fn abolished_from(canonical: &str) -> Month {
    ABOLISHED_FROM
        .get(&fold(canonical))
        .copied()
        .unwrap_or(DEPARTMENTS_MERGED)
}

/// Whether a plan dated `date` ("2024-03-05", "2024-03", "2024") is surely from before
/// `month`: a date without its month is before only if its year is.
pub fn predates(date: &str, month: Month) -> bool {
    let mut parts = date.split('-');
    let Some(year) = parts.next().and_then(|y| y.parse::<i32>().ok()) else {
        return false;
    };
    let plan_month = parts.next().and_then(|m| m.parse::<u32>().ok());
    match plan_month {
        Some(m) => (year, m) < month,
        None => year < month.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_district_level_went_later_than_the_departments() {
        assert_eq!(abolished_from("Sở Thông tin và Truyền thông"), (2025, 3));
        assert_eq!(
            abolished_from("Ủy ban nhân dân các huyện, thành phố"),
            (2025, 7)
        );
        assert!(predates("2024-03-05", DEPARTMENTS_MERGED));
        assert!(predates("2025-02", DEPARTMENTS_MERGED));
        assert!(!predates("2025-03-01", DEPARTMENTS_MERGED));
        assert!(predates("2024", DEPARTMENTS_MERGED));
        // 2025 alone may be after March.
        assert!(!predates("2025", DEPARTMENTS_MERGED));
        assert!(!predates("", DEPARTMENTS_MERGED));
    }
}

//! The standard level-1 parts every plan has (purpose, targets, tasks, funding, organization …),
//! for `check` (`missing-section`) and `diff` (two different parts are never one heading). Not
//! written by hand: `data/standard_sections.tsv` is derived from the plans already issued by
//! [`derive_standard_parts`] (regenerate with `PLANDOC_REGENERATE=1 cargo test --test
//! check_data`).

use std::collections::{BTreeMap, BTreeSet};

use once_cell::sync::Lazy;

use crate::domain::text::fold;

/// Words that name no part by themselves.
const STOP_WORDS: &[&str] = &[
    "va", "den", "nam", "cac", "cua", "cho", "ve", "tren", "dia", "ban", "tinh", "nguon",
];

/// The comparison words of a heading: folded, punctuation and numbers dropped.
fn words(heading: &str) -> Vec<String> {
    fold(heading)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| !STOP_WORDS.contains(w))
        .map(str::to_string)
        .collect()
}

fn bigrams(heading: &str) -> Vec<String> {
    let words = words(heading);
    words
        .windows(2)
        .map(|w| format!("{} {}", w[0], w[1]))
        .collect()
}

/// One standard part: the word pairs that name it and how it is usually printed.
#[derive(Debug, Clone, PartialEq)]
pub struct StandardPart {
    pub keys: Vec<String>,
    pub example: String,
    pub seen_in: usize,
    pub plans: usize,
    /// Usual position among level-1 parts (1-based).
    pub position: usize,
}

/// The most words a numbered item's title made of a part's words alone may have to stand for
/// the part: a longer text is a sentence ("1. Nguồn kinh phí … được bố trí …").
const MOST_TITLE_WORDS: usize = 10;

impl StandardPart {
    pub(crate) fn matches(&self, heading: &str) -> bool {
        let pairs = bigrams(heading);
        self.keys.iter().any(|k| pairs.contains(k))
    }

    /// The words the part's name opens with: the run of its usual heading's words that its
    /// word pairs cover ("to chuc thuc" of "TỔ CHỨC THỰC HIỆN", "kinh phi thuc" of "KINH PHÍ
    /// THỰC HIỆN", "muc tieu" of "MỤC TIÊU ĐẾN NĂM 2030").
    fn name_words(&self) -> Vec<String> {
        let example = words(&self.example);
        let covered: Vec<usize> = example
            .windows(2)
            .enumerate()
            .filter(|(_, pair)| self.keys.contains(&pair.join(" ")))
            .map(|(at, _)| at)
            .collect();
        match (covered.first(), covered.last()) {
            (Some(&first), Some(&last)) => example[first..=last + 1].to_vec(),
            _ => self
                .keys
                .first()
                .map(|k| k.split(' ').map(str::to_string).collect())
                .unwrap_or_default(),
        }
    }

    /// Whether a numbered item's title below a part stands for this part (a plan may fold
    /// "2. Mục tiêu" under "I. MỤC ĐÍCH, YÊU CẦU"): a title that opens with the part's name
    /// ("Tổ chức thực hiện", "Kinh phí thực hiện Kế hoạch", "Mục tiêu cụ thể"), or a short one
    /// made of its words alone ("Kinh phí", "Nguồn kinh phí"). A title that only shares a word
    /// pair is not: "1. Tổ chức tập huấn …" organizes a training, "2. Sở Tài chính bố trí kinh
    /// phí." is a task.
    pub(crate) fn is_titled_by(&self, title: &str) -> bool {
        let short = title.split_whitespace().count() <= MOST_TITLE_WORDS;
        let title = words(title);
        if title.is_empty() {
            return false;
        }
        // An item that opens with the part's name stands for it however long it runs ("2. Mục
        // tiêu cụ thể đến năm 2030 của tỉnh …", "1. Kinh phí thực hiện Kế hoạch được bố trí
        // từ …"); one made of the part's words alone must be short.
        let part_words: BTreeSet<&str> = self.keys.iter().flat_map(|k| k.split(' ')).collect();
        title.starts_with(&self.name_words())
            || (short && title.iter().all(|w| part_words.contains(w.as_str())))
    }
}

/// The standard parts (their usual positions) a level-1 heading names: "KINH PHÍ THỰC HIỆN" is
/// the funding part, "NHIỆM VỤ VÀ GIẢI PHÁP" two parts, a heading of another kind none.
pub fn standard_parts_named(heading: &str) -> Vec<usize> {
    STANDARD
        .iter()
        .filter(|part| part.matches(heading))
        .map(|part| part.position)
        .collect()
}

/// Derives the standard parts from the level-1 headings of issued plans: word pairs found in at
/// least 60% of plans, that never name two parts of one plan, joined into one part where they
/// overlap in a heading ("mục đích, yêu cầu").
pub fn derive_standard_parts(plans: &[Vec<String>]) -> Vec<StandardPart> {
    let total = plans.len();
    if total == 0 {
        return Vec::new();
    }
    let mut frequency: BTreeMap<String, usize> = BTreeMap::new();
    let mut generic: BTreeSet<String> = BTreeSet::new();
    for headings in plans {
        let mut in_plan: BTreeMap<String, usize> = BTreeMap::new();
        for heading in headings {
            let unique: BTreeSet<String> = bigrams(heading).into_iter().collect();
            for pair in unique {
                *in_plan.entry(pair).or_default() += 1;
            }
        }
        for (pair, count) in in_plan {
            if count > 1 {
                generic.insert(pair.clone());
            }
            *frequency.entry(pair).or_default() += 1;
        }
    }
    let threshold = (total * 6).div_ceil(10);
    let kept: BTreeSet<String> = frequency
        .iter()
        .filter(|(pair, count)| **count >= threshold && !generic.contains(*pair))
        .map(|(pair, _)| pair.clone())
        .collect();
    // Union pairs that follow each other in one heading.
    let mut parent: BTreeMap<String, String> =
        kept.iter().map(|k| (k.clone(), k.clone())).collect();
    fn root(parent: &BTreeMap<String, String>, key: &str) -> String {
        let mut current = key.to_string();
        for _ in 0..64 {
            match parent.get(&current) {
                Some(next) if *next != current => current = next.clone(),
                _ => break,
            }
        }
        current
    }
    for headings in plans {
        for heading in headings {
            let pairs: Vec<String> = bigrams(heading)
                .into_iter()
                .filter(|p| kept.contains(p))
                .collect();
            let all = bigrams(heading);
            for window in all.windows(2) {
                if kept.contains(&window[0]) && kept.contains(&window[1]) {
                    let (a, b) = (root(&parent, &window[0]), root(&parent, &window[1]));
                    if a != b {
                        let (low, high) = if a < b { (a, b) } else { (b, a) };
                        parent.insert(high, low);
                    }
                }
            }
            drop(pairs);
        }
    }
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for key in &kept {
        groups
            .entry(root(&parent, key))
            .or_default()
            .push(key.clone());
    }
    let mut parts: Vec<StandardPart> = Vec::new();
    for keys in groups.into_values() {
        let mut part = StandardPart {
            keys,
            example: String::new(),
            seen_in: 0,
            plans: total,
            position: 0,
        };
        let mut examples: BTreeMap<String, usize> = BTreeMap::new();
        let mut positions: Vec<usize> = Vec::new();
        for headings in plans {
            if let Some(index) = headings.iter().position(|h| part.matches(h)) {
                part.seen_in += 1;
                positions.push(index + 1);
                let heading = crate::clean::collapse_whitespace(&headings[index]);
                *examples.entry(heading).or_default() += 1;
            }
        }
        positions.sort_unstable();
        part.position = positions.get(positions.len() / 2).copied().unwrap_or(0);
        part.example = examples
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.len().cmp(&a.0.len())))
            .map(|(h, _)| h.clone())
            .unwrap_or_default();
        parts.push(part);
    }
    parts.sort_by(|a, b| {
        a.position
            .cmp(&b.position)
            .then_with(|| a.keys.cmp(&b.keys))
    });
    parts
}

pub const STANDARD_SECTIONS_TSV: &str = include_str!("../../data/standard_sections.tsv");

pub fn to_tsv(parts: &[StandardPart]) -> String {
    let mut out = String::from(
        "# Standard level-1 parts of a plan, derived from the issued plans in seeds/ by\n\
         # plandoc::domain::standard_parts::derive_standard_parts (PLANDOC_REGENERATE=1 cargo test --test check_data).\n\
         # position\tkeys (folded word pairs, |-separated)\texample heading\tseen in\n",
    );
    for part in parts {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}/{}\n",
            part.position,
            part.keys.join("|"),
            part.example,
            part.seen_in,
            part.plans
        ));
    }
    out
}

pub fn from_tsv(text: &str) -> Vec<StandardPart> {
    let mut parts = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let (Some(position), Some(keys), Some(example)) =
            (cells.first(), cells.get(1), cells.get(2))
        else {
            continue;
        };
        let (seen_in, plans) = cells
            .get(3)
            .and_then(|c| c.split_once('/'))
            .and_then(|(a, b)| Some((a.trim().parse().ok()?, b.trim().parse().ok()?)))
            .unwrap_or((0, 0));
        parts.push(StandardPart {
            keys: keys.split('|').map(|k| k.trim().to_string()).collect(),
            example: example.to_string(),
            seen_in,
            plans,
            position: position.trim().parse().unwrap_or(0),
        });
    }
    parts
}

pub(crate) static STANDARD: Lazy<Vec<StandardPart>> = Lazy::new(|| from_tsv(STANDARD_SECTIONS_TSV));

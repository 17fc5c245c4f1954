//! A target's subject in the plan's own words. The subject is a matching key: long forms
//! abbreviated ("cán bộ, công chức, viên chức" → "CBCCVC"), tone marks in one placement ("số
//! hoá"), numbers and asides left out ("bảo vệ lớp" from "bảo vệ 04 lớp"), cut after a few
//! words. A reader wants the words the plan printed, so the label is the stretch of the quote the
//! subject was taken from, with "…" where the subject skipped a long aside. The target's own
//! level ("100%", "tối thiểu 70%") is left out: a diff shows each plan's level beside the label,
//! and one plan's level in it would contradict the others'.

use once_cell::sync::Lazy;

use super::lexicon::LEXICON;
use crate::domain::text::tone_key;

/// Quote words the subject passed over between two of its words that stay in the label
/// ("bảo vệ 04 lớp", "của tỉnh"); a longer gap (an aside in brackets, a clause the subject
/// dropped) becomes "…".
const MAX_KEPT_GAP: usize = 4;
/// A label goes on to the end of its clause (the subject may have been cut after a number of
/// words, or stopped at words it does not keep) when that is at most this many words away, else
/// ends with "…".
const MAX_CLAUSE_END: usize = 8;
/// A label whose clause goes on reads on to the target's level ("… của các cơ quan nhà nước |
/// đạt 70%") when that is at most this many words away.
const MAX_LEVEL_REACH: usize = 12;
/// Places a subject word is looked for in the quote: a word as common as "và" may stand
/// dozens of times in a long quote, and the alignment weighs every pair of places.
const MAX_PLACES: usize = 64;
/// Subject words aligned; a subject is cut well before this.
const MAX_SUBJECT_WORDS: usize = 48;

/// Characters around a word that do not make it another word ("kết quả," is "kết quả").
const PUNCTUATION: &[char] = &[
    ',', '.', ';', ':', '(', ')', '[', ']', '"', '\'', '“', '”', '‘', '’', '*', '-', '–', '…',
];

fn word_key(word: &str) -> String {
    tone_key(word.trim_matches(PUNCTUATION))
}

/// The `abbrev` short forms as keys, each with its long form's word keys: a subject word that
/// is a short form stands for those words of the quote.
static LONG_FORMS: Lazy<Vec<(String, Vec<String>)>> = Lazy::new(|| {
    LEXICON
        .abbrev
        .iter()
        .map(|(long, short)| {
            (
                tone_key(short),
                long.split_whitespace().map(word_key).collect(),
            )
        })
        .collect()
});

/// What the target's level looks like in its quote: its number, its unit ("%" wants the number
/// printed with "%"), and the unit word as printed ("Doanh nghiệp", "Thứ bậc": in a table row,
/// the unit column follows the indicator).
pub struct Level<'a> {
    pub value: f64,
    pub unit: &'a str,
    pub unit_printed: Option<&'a str>,
}

/// One word of the quote: its bytes and its comparison key.
struct Word {
    start: usize,
    end: usize,
    key: String,
}

/// The label of a target with this subject, quote and level: None when fewer than half of the
/// subject's words can be found in the quote, in order (the subject then came from elsewhere,
/// such as a table's indicator column).
pub fn label(subject: &str, quote: &str, level: &Level) -> Option<String> {
    let words = quote_words(quote);
    let wanted: Vec<String> = subject
        .split_whitespace()
        .map(word_key)
        .filter(|key| !key.is_empty())
        .take(MAX_SUBJECT_WORDS)
        .collect();
    let found = align(&words, &wanted)?;
    if found.len() * 2 < wanted.len() {
        return None;
    }
    // Runs of found words close enough to read as one stretch.
    let mut stretches: Vec<(usize, usize)> = Vec::new();
    for (first, last) in found.iter().copied() {
        match stretches.last_mut() {
            Some(stretch) if first - stretch.1 - 1 <= MAX_KEPT_GAP => stretch.1 = last,
            _ => stretches.push((first, last)),
        }
    }
    let matched: Vec<bool> = {
        let mut matched = vec![false; words.len()];
        for (first, last) in &found {
            matched[*first..=*last].iter_mut().for_each(|m| *m = true);
        }
        matched
    };
    let (dropped, level_at) = level_words(&words, &matched, level);
    // A subject cut short, or one that stops before the end of its clause, reads on to that
    // end when it is near, or to the level when that comes first; else the label says it goes
    // on, and does not end on a word that joins it to what follows ("và", "của").
    let mut cut_short = false;
    if let Some(last) = stretches.last_mut() {
        match clause_end(&words, quote, last.1, level_at, level.unit_printed) {
            Some(end) => last.1 = end,
            None => {
                cut_short = true;
                while last.1 > last.0
                    && (dropped[last.1] || LEXICON.label_tail.contains(&words[last.1].key))
                {
                    last.1 -= 1;
                }
            }
        }
    }
    let pieces: Vec<String> = stretches
        .iter()
        .map(|&(first, last)| piece(quote, &words, first, last, &dropped))
        .filter(|piece| !piece.is_empty())
        .collect();
    if pieces.is_empty() {
        return None;
    }
    let mut label = pieces.join(" … ");
    if cut_short {
        label.push_str(" …");
    }
    Some(label)
}

fn quote_words(quote: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut start = None;
    for (at, c) in quote
        .char_indices()
        .chain(std::iter::once((quote.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (true, Some(from)) => {
                words.push(Word {
                    start: from,
                    end: at,
                    key: word_key(&quote[from..at]),
                });
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    words
}

/// The places (first and last quote word) of the subject's words, in order, chosen so that
/// as many subject words as possible are found and, among those alignments, the found words
/// make the fewest stretches. (Taking each word's first place after the previous one pulls a
/// word such as "người lao động" back to an earlier mention and splits the label.)
fn align(words: &[Word], wanted: &[String]) -> Option<Vec<(usize, usize)>> {
    let places: Vec<Vec<(usize, usize)>> =
        wanted.iter().map(|word| places_of(words, word)).collect();
    // best[i][k]: (subject words skipped, stretches, previous (i, k)) of the best alignment
    // whose last found word is word i at its place k.
    type Best = (usize, usize, Option<(usize, usize)>);
    let mut best: Vec<Vec<Best>> = Vec::with_capacity(wanted.len());
    for (i, here) in places.iter().enumerate() {
        let mut row = Vec::with_capacity(here.len());
        for &(first, _) in here {
            let mut chosen: Best = (i, 1, None);
            for (j, there) in places.iter().enumerate().take(i) {
                for (k, &(_, previous_last)) in there.iter().enumerate() {
                    if previous_last >= first {
                        continue;
                    }
                    let (skipped, stretches, _) = best[j][k];
                    let gap = first - previous_last - 1;
                    let candidate = (
                        skipped + (i - j - 1),
                        stretches + usize::from(gap > MAX_KEPT_GAP),
                        Some((j, k)),
                    );
                    if (candidate.0, candidate.1) < (chosen.0, chosen.1) {
                        chosen = candidate;
                    }
                }
            }
            row.push(chosen);
        }
        best.push(row);
    }
    let mut end: Option<((usize, usize), (usize, usize))> = None;
    for (i, row) in best.iter().enumerate() {
        for (k, &(skipped, stretches, _)) in row.iter().enumerate() {
            let cost = (skipped + (wanted.len() - 1 - i), stretches);
            if end.is_none_or(|(best_cost, _)| cost < best_cost) {
                end = Some((cost, (i, k)));
            }
        }
    }
    let (_, mut at) = end?;
    let mut found = Vec::new();
    loop {
        found.push(places[at.0][at.1]);
        match best[at.0][at.1].2 {
            Some(previous) => at = previous,
            None => break,
        }
    }
    found.reverse();
    Some(found)
}

/// Where `word` stands in the quote: as itself, or (a short form) as the long form it was made
/// from.
fn places_of(words: &[Word], word: &str) -> Vec<(usize, usize)> {
    let mut places: Vec<(usize, usize)> = words
        .iter()
        .enumerate()
        .filter(|(_, w)| w.key == word)
        .map(|(at, _)| (at, at))
        .collect();
    for (_, long) in LONG_FORMS.iter().filter(|(short, _)| short == word) {
        for at in 0..words.len().saturating_sub(long.len() - 1) {
            if words[at..at + long.len()]
                .iter()
                .zip(long)
                .all(|(w, part)| w.key == *part)
            {
                places.push((at, at + long.len() - 1));
            }
        }
    }
    places.sort_unstable();
    places.truncate(MAX_PLACES);
    places
}

/// The last word of the clause the word at `last` is in, when it ends within `MAX_CLAUSE_END`
/// words (a word ending in punctuation, the quote's end, the word before a symbol such as "%"
/// or before the unit as printed), or when the target's level (`level_at`) comes first, with
/// nothing but words between: then the word before the level. A list's lead-in ("gồm:") is not
/// kept.
fn clause_end(
    words: &[Word],
    quote: &str,
    last: usize,
    level_at: Option<usize>,
    unit: Option<&str>,
) -> Option<usize> {
    let text = |at: usize| &quote[words[at].start..words[at].end];
    let unit: Vec<String> = unit
        .map(|u| u.split_whitespace().map(word_key).collect())
        .unwrap_or_default();
    let stops_before = |at: usize| {
        Some(at) == level_at
            || !text(at).chars().any(char::is_alphanumeric)
            || (!unit.is_empty()
                && words
                    .get(at..at + unit.len())
                    .is_some_and(|w| w.iter().zip(&unit).all(|(w, u)| w.key == *u)))
    };
    let mut end = None;
    for at in last..words.len() {
        if at > last && stops_before(at) {
            end = Some(at - 1);
            break;
        }
        if at + 1 == words.len() || text(at).ends_with(PUNCTUATION) {
            end = Some(at);
            break;
        }
        // Past the reach of a clause's end, only the level ahead is read on to.
        if at >= last + MAX_CLAUSE_END
            && level_at.is_none_or(|l| l <= at || l > last + MAX_LEVEL_REACH)
        {
            break;
        }
    }
    let end = end?;
    // "… ngành nông nghiệp gồm:": the words introducing what follows are not the subject's.
    let list_lead = LEXICON.list_lead.iter().find_map(|phrase| {
        let length = phrase.split_whitespace().count();
        let from = (end + 1).checked_sub(length)?;
        let keys: Vec<&str> = words[from..=end].iter().map(|w| w.key.as_str()).collect();
        (from > last && keys.join(" ") == *phrase).then_some(from)
    });
    Some(list_lead.map_or(end, |from| from - 1))
}

/// Quote words that print the target's own level: its number ("100%", "01": the first that
/// the subject did not take, with "%" when the unit is a share) and the comparator and linking
/// words right before it ("đạt", "tối thiểu", "≥"). With the number's place.
fn level_words(words: &[Word], matched: &[bool], level: &Level) -> (Vec<bool>, Option<usize>) {
    let mut dropped = vec![false; words.len()];
    let share = level.unit.starts_with('%');
    let at = words.iter().enumerate().position(|(at, word)| {
        !matched[at] && is_number(&word.key, level.value) && (!share || word.key.contains('%'))
    });
    if let Some(at) = at {
        dropped[at] = true;
        // Comparator and linking words right before it ("đạt tối thiểu 80%"), longest first.
        let mut before = at;
        while let Some(from) = level_phrase_before(words, matched, before) {
            dropped[from..before].iter_mut().for_each(|d| *d = true);
            before = from;
        }
    }
    (dropped, at)
}

/// Where the longest comparator or linking phrase (`ge`, `le`, `filler`) that ends right
/// before word `at` starts, when the subject did not take its words.
fn level_phrase_before(words: &[Word], matched: &[bool], at: usize) -> Option<usize> {
    LEXICON
        .ge
        .iter()
        .chain(&LEXICON.le)
        .chain(&LEXICON.filler)
        .filter_map(|phrase| {
            let from = at.checked_sub(phrase.split_whitespace().count())?;
            let keys: Vec<&str> = words[from..at].iter().map(|w| w.key.as_str()).collect();
            (from < at && keys.join(" ") == *phrase && !matched[from..at].contains(&true))
                .then_some(from)
        })
        .min()
}

/// Whether a word prints `value` ("100%", "80,5%", "≥80", "01").
fn is_number(key: &str, value: f64) -> bool {
    let digits = key
        .trim_start_matches(['≥', '≤', '>', '<', '='])
        .trim_end_matches('%')
        .replace(',', ".");
    !digits.is_empty()
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && digits
            .parse::<f64>()
            .is_ok_and(|n| (n - value).abs() < 1e-9)
}

/// The words `first..=last` of the quote as printed, without the level's words, and without
/// punctuation that only joined them to what was left out: a trailing comma, a bracket or
/// quotation mark opened or closed outside them.
fn piece(quote: &str, words: &[Word], first: usize, last: usize, dropped: &[bool]) -> String {
    let mut runs: Vec<&str> = Vec::new();
    let mut run: Option<(usize, usize)> = None;
    for (at, &dropped) in dropped.iter().enumerate().take(last + 1).skip(first) {
        if dropped {
            if let Some((from, to)) = run.take() {
                runs.push(&quote[words[from].start..words[to].end]);
            }
            continue;
        }
        run = Some((run.map_or(at, |(from, _)| from), at));
    }
    if let Some((from, to)) = run {
        runs.push(&quote[words[from].start..words[to].end]);
    }
    balance(&runs.join(" "))
}

/// `text` without an unpaired bracket or quotation mark, and without trailing joining
/// punctuation ("hệ thống)." → "hệ thống"). An aside opened and not closed ends the label there
/// ("hồ sơ (trực tuyến" → "hồ sơ") unless that would leave less than half of it: then only the
/// mark goes.
fn balance(text: &str) -> String {
    let mut text = text.trim().to_string();
    for (open, close) in [('(', ')'), ('[', ']'), ('“', '”'), ('‘', '’'), ('«', '»')] {
        loop {
            let opens = text.matches(open).count();
            let closes = text.matches(close).count();
            if opens > closes {
                let at = text.rfind(open).unwrap_or(0);
                let kept = text[..at].split_whitespace().count();
                if kept * 2 >= text.split_whitespace().count() && kept > 0 {
                    text.truncate(at);
                } else {
                    text.replace_range(at..at + open.len_utf8(), "");
                }
            } else if closes > opens {
                let at = text.find(close).unwrap_or(0);
                text.replace_range(at..at + close.len_utf8(), "");
            } else {
                break;
            }
        }
    }
    // A straight quotation mark opens and closes alike: an odd one out goes.
    if text.matches('"').count() % 2 == 1 {
        let at = if text.starts_with('"') {
            0
        } else {
            text.rfind('"').unwrap_or(0)
        };
        text.replace_range(at..at + 1, "");
    }
    let text = text
        .trim()
        .trim_end_matches([',', ';', ':', '.', '-', '–'])
        .trim_start_matches([',', ';', ':', '-', '–'])
        .trim();
    crate::clean::collapse_whitespace(text)
}

#[cfg(test)]
mod tests {
    use super::{label as label_of, Level};

    fn label(subject: &str, quote: &str, value: f64) -> Option<String> {
        label_of(
            subject,
            quote,
            &Level {
                value,
                unit: "%",
                unit_printed: None,
            },
        )
    }

    #[test]
    fn the_label_is_the_quotes_own_words() {
        // Abbreviations back to the long form printed, tone marks as printed, the level left
        // out.
        assert_eq!(
            label(
                "dữ liệu về CBCCVC được số hoá và lưu trữ",
                "100% dữ liệu về cán bộ, công chức, viên chức được số hóa và lưu trữ trong CSDL",
                100.0
            )
            .as_deref(),
            Some("dữ liệu về cán bộ, công chức, viên chức được số hóa và lưu trữ trong CSDL")
        );
        // A number that is not the level stays; an abbreviation opening the subject.
        assert_eq!(
            label(
                "CSDL tuân thủ mô hình bảo vệ lớp",
                "100% cơ sở dữ liệu tuân thủ mô hình bảo vệ 04 lớp theo quy định",
                100.0
            )
            .as_deref(),
            Some("cơ sở dữ liệu tuân thủ mô hình bảo vệ 04 lớp theo quy định")
        );
        // The level inside the stretch, with its comparator words, is left out.
        assert_eq!(
            label(
                "nền tảng đáp ứng nhu cầu lưu trữ",
                "Nền tảng của tỉnh đáp ứng tối thiểu 80% nhu cầu lưu trữ",
                80.0
            )
            .as_deref(),
            Some("Nền tảng của tỉnh đáp ứng nhu cầu lưu trữ")
        );
        // Only the level is left out, not another number equal to it.
        assert_eq!(
            label(
                "cơ quan cung cấp bộ dữ liệu mở",
                "100% các cơ quan cung cấp ít nhất 100 bộ dữ liệu mở",
                100.0
            )
            .as_deref(),
            Some("cơ quan cung cấp ít nhất 100 bộ dữ liệu mở")
        );
        // A long aside the subject skipped.
        assert_eq!(
            label(
                "dữ liệu thanh tra được số hoá",
                "100% dữ liệu thanh tra (tập hợp thông tin đầy đủ về hoạt động thanh tra, kiểm \
                 soát tài sản, thu nhập...) được số hóa",
                100.0
            )
            .as_deref(),
            Some("dữ liệu thanh tra … được số hóa")
        );
        // A word said twice: the place that keeps the label in one stretch.
        assert_eq!(
            label(
                "dữ liệu sổ lao động điện tử, người lao động đóng BHXH",
                "Dữ liệu sổ lao động điện tử, dữ liệu đào tạo nghề của người lao động được triển \
                 khai, hoàn thiện cho 100% người lao động đóng bảo hiểm xã hội",
                100.0
            )
            .as_deref(),
            Some("Dữ liệu sổ lao động điện tử … người lao động đóng bảo hiểm xã hội")
        );
        // Punctuation that joined the stretch to what was left out.
        assert_eq!(
            label("hồ sơ, kết quả", "80% hồ sơ, kết quả, và", 80.0).as_deref(),
            Some("hồ sơ, kết quả")
        );
        assert_eq!(
            label("hồ sơ trực", "80% hồ sơ (trực tuyến", 80.0).as_deref(),
            Some("hồ sơ")
        );
        assert_eq!(
            label(
                "hồ sơ được số hoá trên hệ thống",
                "(100% hồ sơ được số hóa trên hệ thống).",
                100.0
            )
            .as_deref(),
            Some("hồ sơ được số hóa trên hệ thống")
        );
        assert_eq!(
            label(
                "hồ sơ được số hoá trên",
                "“100% hồ sơ được số hóa” trên toàn tỉnh",
                100.0
            )
            .as_deref(),
            Some("hồ sơ được số hóa trên toàn tỉnh")
        );
        // A mark opened early and never closed goes alone; a straight quotation mark too.
        assert_eq!(
            label(
                "cơ quan cấp tỉnh cung cấp dữ liệu mở đầu mối",
                "100% cơ quan “cấp tỉnh cung cấp dữ liệu mở đầu mối",
                100.0
            )
            .as_deref(),
            Some("cơ quan cấp tỉnh cung cấp dữ liệu mở đầu mối")
        );
        assert_eq!(
            label(
                "các cơ quan cung cấp dữ liệu mở",
                "\"100% các cơ quan cung cấp dữ liệu mở\" đảm bảo",
                100.0
            )
            .as_deref(),
            Some("các cơ quan cung cấp dữ liệu mở")
        );
        // Fewer than half the words found: the subject did not come from this quote.
        assert_eq!(label("hồ sơ kết quả dữ", "100% dữ liệu", 100.0), None);
        assert_eq!(label("hồ sơ", "", 1.0), None);
        assert_eq!(label("", "hồ sơ", 1.0), None);
    }

    #[test]
    fn a_cut_subject_reads_to_the_end_of_its_clause() {
        let subject = "tỷ lệ áp dụng dữ liệu trong phục vụ quản lý điều hành của các cơ quan nhà";
        assert_eq!(subject.split(' ').count(), 18);
        // The clause ends two words on.
        assert_eq!(
            label(
                subject,
                "Tỷ lệ áp dụng dữ liệu trong phục vụ quản lý điều hành của các cơ quan nhà nước \
                 đạt 70%, và tiếp tục",
                70.0
            )
            .as_deref(),
            Some("Tỷ lệ áp dụng dữ liệu trong phục vụ quản lý điều hành của các cơ quan nhà nước")
        );
        // A table row's unit column is not read on into, nor a list's lead-in.
        assert_eq!(
            label_of(
                "số doanh nghiệp công nghệ số có năng lực cạnh tranh",
                "Số doanh nghiệp công nghệ số có năng lực cạnh tranh Doanh nghiệp ≥ 3",
                &Level {
                    value: 3.0,
                    unit: "count",
                    unit_printed: Some("Doanh nghiệp")
                }
            )
            .as_deref(),
            Some("Số doanh nghiệp công nghệ số có năng lực cạnh tranh")
        );
        assert_eq!(
            label(
                "hoàn thành bộ dữ liệu ngành nông nghiệp",
                "Hoàn thành 100% bộ dữ liệu ngành nông nghiệp gồm: đất đai",
                100.0
            )
            .as_deref(),
            Some("Hoàn thành bộ dữ liệu ngành nông nghiệp")
        );
        // The clause's end too far, the level near: read on to the level.
        let to_level = "Tỷ lệ áp dụng dữ liệu trong phục vụ quản lý điều hành của các cơ quan nhà \
                        trên địa bàn tỉnh và các huyện đạt 70%";
        assert_eq!(
            label(subject, to_level, 70.0).as_deref(),
            Some(
                "Tỷ lệ áp dụng dữ liệu trong phục vụ quản lý điều hành của các cơ quan nhà trên \
                 địa bàn tỉnh và các huyện"
            )
        );
        // Both too far: the label says it goes on, and not after a joining word ("các").
        let far = "70% tỷ lệ áp dụng dữ liệu trong phục vụ quản lý điều hành của các cơ quan nhà \
                   các địa bàn tỉnh và thành phố trực thuộc trung ương";
        let shown = label(subject, far, 70.0).unwrap();
        assert!(shown.ends_with("cơ quan nhà …"), "{shown}");
        // Another number is a word like any other: the label does not stop before it.
        assert_eq!(
            label(
                "cơ quan cung cấp dữ liệu mở theo",
                "100% cơ quan cung cấp dữ liệu mở theo 03 nhóm.",
                100.0
            )
            .as_deref(),
            Some("cơ quan cung cấp dữ liệu mở theo 03 nhóm")
        );
    }
}

//! Bodies (agencies): splitting a lead/support cell into bodies, their canonical names and their
//! successors after the 2025 reorganization. The lexicon itself is `data/bodies.tsv`: names,
//! aliases, abbreviations, successors and the words that open a body's name all live there.

use std::collections::BTreeMap;

use once_cell::sync::Lazy;

use crate::domain::text::{remembered, tone_key};
use crate::model::{Agencies, Agency};

const BODIES_TSV: &str = include_str!("../../data/bodies.tsv");

#[derive(Debug, Clone)]
struct Entry {
    canonical: String,
    successor: Option<String>,
}

#[derive(Debug, Default)]
struct Lexicon {
    entries: Vec<Entry>,
    /// Comparison key (abbreviations expanded, tone-normalized, lowercase) → entry index.
    by_key: BTreeMap<String, usize>,
    /// (abbreviation, expansion), longest first.
    abbreviations: Vec<(String, String)>,
    /// Words opening a body's name, whether a collective absorbs them ("weak"), and whether
    /// a capitalized word must follow ("Ban Dân tộc", not "Ban hành").
    heads: Vec<(String, bool, bool)>,
    /// For each first character, the indices in `heads` of the heads it opens (in `heads`'
    /// order): a text is compared only with the heads that can match it.
    /// Asked at every separator of every run the table search weighs: a cheap hash.
    heads_by_first: std::collections::HashMap<
        char,
        Vec<usize>,
        std::hash::BuildHasherDefault<crate::domain::text::FastHasher>,
    >,
    /// Lowercased words a collective enumerates.
    list_words: Vec<String>,
    /// Each word of the canonical names and of the abbreviations' expansions, lowercase, by
    /// its tone key: how the lexicon spells it (`lexicon_spelling`).
    word_forms: BTreeMap<String, String>,
    /// Tone keys of the phrases that are one letter off a head but open ordinary names.
    not_heads: Vec<String>,
    /// The same, each cut into its words.
    list_word_parts: Vec<Vec<String>>,
    /// For each first word, the indices in `list_word_parts` of the list words it opens (in
    /// their order, longest first): the table search asks `is_enumerating_collective` of every
    /// run that opens with "Các", and only these can match at a word.
    list_words_by_first: crate::domain::text::FastMap<Vec<usize>>,
    /// First words of every comparison key: a name whose first word (abbreviation expanded,
    /// tone-normalized) is not among them is not known.
    /// (A fixed hash, as everywhere a memo or table is looked up: the search takes the same
    /// path for the same input in every process.)
    key_first_words: std::collections::HashSet<
        String,
        std::hash::BuildHasherDefault<crate::domain::text::FastHasher>,
    >,
    /// Every comparison key's words up to each space ("sở", "sở thông", … of "sở thông tin và
    /// truyền thông"): a name's key that goes on past words not among them is not known.
    key_openings: std::collections::HashSet<
        String,
        std::hash::BuildHasherDefault<crate::domain::text::FastHasher>,
    >,
    /// Names of one word ("STC", "SNV"), as printed: after ", " or " và " such a name is a body
    /// of its own, as a head opens one ("SNV, SYT").
    one_word_names: std::collections::HashSet<
        String,
        std::hash::BuildHasherDefault<crate::domain::text::FastHasher>,
    >,
    /// Keys in `by_key` only as the spaced form of a short form with "&" ("sở kh và cn" of "Sở
    /// KH&CN"): a name is known by them, but not suggested for a misspelling by them (their
    /// letters are too few to measure a misspelling against).
    spaced_forms: std::collections::BTreeSet<String>,
    /// Names exactly as the lexicon prints them (case kept), tone-normalized.
    exact: std::collections::BTreeSet<String>,
    /// Words in the longest comparison key. Expanding abbreviations and normalizing tones never
    /// drop a word, so a name with more words is not known (nor the start of a known name).
    most_key_words: usize,
}

static LEXICON: Lazy<Lexicon> = Lazy::new(|| load(BODIES_TSV));

fn load(text: &str) -> Lexicon {
    let mut lexicon = Lexicon::default();
    let mut names: Vec<(Vec<String>, usize)> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let field = |i: usize| fields.get(i).map(|f| f.trim()).unwrap_or("");
        let (kind, canonical, aliases, successor) = (field(0), field(1), field(2), field(3));
        let aliases: Vec<String> = aliases
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect();
        if matches!(kind, "abbrev" | "department" | "body" | "collective") {
            for word in canonical.split_whitespace() {
                let word = word
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                if !word.is_empty() {
                    lexicon.word_forms.entry(tone_key(&word)).or_insert(word);
                }
            }
        }
        match kind {
            "abbrev" => {
                for alias in aliases {
                    lexicon.abbreviations.push((alias, canonical.to_string()));
                }
            }
            "head" => lexicon.heads.push((
                canonical.to_string(),
                false,
                aliases.iter().any(|a| a == "next-capital"),
            )),
            "head-weak" => lexicon.heads.push((
                canonical.to_string(),
                true,
                aliases.iter().any(|a| a == "next-capital"),
            )),
            "list-word" => lexicon.list_words.push(canonical.to_lowercase()),
            "not-head" => lexicon.not_heads.push(tone_key(canonical)),
            _ => {
                let index = lexicon.entries.len();
                lexicon.entries.push(Entry {
                    canonical: canonical.to_string(),
                    successor: (!successor.is_empty()).then(|| successor.to_string()),
                });
                let mut all = vec![canonical.to_string()];
                all.extend(aliases);
                if kind == "collective" {
                    let joined_by_and: Vec<String> = all
                        .iter()
                        .filter_map(|name| last_comma_as_and(name))
                        .collect();
                    all.extend(joined_by_and);
                }
                names.push((all, index));
            }
        }
    }
    lexicon
        .abbreviations
        .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    lexicon
        .list_words
        .sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    lexicon
        .heads
        .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    for (all, index) in names {
        for name in all {
            let key = key_with(&lexicon.abbreviations, &name);
            lexicon.by_key.entry(key).or_insert(index);
            // A name short-formed with "&" inside a word ("Sở KH&CN") is also written with
            // spaces around it ("Sở KH & CN"), which leaves its parts apart from the
            // abbreviation the glued form expands as.
            if name.contains('&') {
                let spaced = name.replace('&', " & ");
                let key = key_with(&lexicon.abbreviations, &spaced);
                if !lexicon.by_key.contains_key(&key) {
                    lexicon.by_key.insert(key.clone(), index);
                    lexicon.spaced_forms.insert(key);
                }
            }
            lexicon.exact.insert(exact_key(&name));
            if !name.contains(char::is_whitespace) {
                lexicon.one_word_names.insert(name);
            }
        }
    }
    for (index, (head, _, _)) in lexicon.heads.iter().enumerate() {
        if let Some(first) = head.chars().next() {
            lexicon.heads_by_first.entry(first).or_default().push(index);
        }
    }
    lexicon.list_word_parts = lexicon
        .list_words
        .iter()
        .map(|w| w.split(' ').map(str::to_string).collect())
        .collect();
    for (index, parts) in lexicon.list_word_parts.iter().enumerate() {
        if let Some(first) = parts.first() {
            let same_first = lexicon.list_words_by_first.entry(first.clone());
            same_first.or_default().push(index);
        }
    }
    lexicon.key_first_words = lexicon
        .by_key
        .keys()
        .filter_map(|k| k.split(' ').next())
        .map(str::to_string)
        .collect();
    lexicon.key_openings = lexicon
        .by_key
        .keys()
        .flat_map(|k| k.match_indices(' ').map(|(at, _)| k[..at].to_string()))
        .collect();
    lexicon.most_key_words = lexicon
        .by_key
        .keys()
        .map(|k| k.split_whitespace().count())
        .max()
        .unwrap_or(0);
    lexicon
}

/// A collective's enumeration with its last comma written "và" ("Các sở, ban, ngành và địa
/// phương" for "Các sở, ban, ngành, địa phương"): plans write both, and they name the same
/// bodies. None when the name has no comma or already ends its list with "và".
fn last_comma_as_and(name: &str) -> Option<String> {
    let (before, after) = name.rsplit_once(", ")?;
    if after.split_whitespace().any(|word| word == "và") {
        return None;
    }
    Some(format!("{before} và {after}"))
}

/// Whether the first word of `name`'s key could open a known name's key: the key of that one
/// word, built the way `key` builds a whole name's (abbreviation expanded, tone-normalized).
/// Keys are built word by word, so a name whose first word fails is not known.
fn opens_like_a_key(name: &str) -> bool {
    let Some(first) = trim_body(name).split_whitespace().next() else {
        return true;
    };
    first_word_opens_a_key(first)
}

/// Whether a body that opens at `word` may be worth anything to `body_likeness`. Splitting
/// opens a body only at a word's start or just after a ';' inside it, and a body is worth more
/// than nothing only when it opens with a head word ("Sở", "UBND" …), with "Các", or with a
/// word that opens a known name's key. So a run of words none of which passes this test is
/// worth exactly 0, and the table search need not split it. The test errs towards yes: it
/// looks at each opening both before and after the marks `trim_body` strips, and at its first
/// word with and without what follows a ';' or the marks at its end.
pub fn may_open_body(word: &str) -> bool {
    remembered(&MAY_OPEN_CACHE, word, compute_may_open_body)
}

fn compute_may_open_body(word: &str) -> bool {
    let openings =
        std::iter::once(0).chain(memchr::memchr_iter(b';', word.as_bytes()).map(|at| at + 1));
    for at in openings {
        let raw = &word[at..];
        let stripped = raw.trim_start_matches(LIST_MARKS);
        for opening in [raw, stripped] {
            let Some(first) = opening.chars().next() else {
                continue;
            };
            // `head_at` needs the opening to start with a head's first word.
            let opens_head = LEXICON.heads_by_first.get(&first).is_some_and(|heads| {
                heads.iter().any(|&index| {
                    LEXICON.heads.get(index).is_some_and(|(head, _, _)| {
                        opening.starts_with(head.split(' ').next().unwrap_or(head))
                    })
                })
            });
            if opens_head || opening.starts_with("Các") || opening.starts_with("các") {
                return true;
            }
            // The opening's first word, as a body of several words keeps it, and as
            // `trim_body` leaves it when it is the whole body.
            let before_semicolon = opening.split(';').next().unwrap_or(opening);
            for form in [opening, before_semicolon] {
                if !form.is_empty() && (first_word_opens_a_key(form) || opens_like_a_key(form)) {
                    return true;
                }
            }
            if stripped == raw {
                break;
            }
        }
    }
    false
}

/// Whether the key of `word`, one word as printed, opens with a known key's first word.
fn first_word_opens_a_key(word: &str) -> bool {
    with_token_key(word, |key| {
        key.split(' ')
            .next()
            .is_some_and(|first| LEXICON.key_first_words.contains(first))
    })
}

/// Whether splitting a run may open a body at `word`, which follows `previous` inside the run:
/// `split_part` cuts only after ',' and " và ", before " Các ", and after ';' (',' and ';'
/// inside a word too: "tế,Sở"). (The run's first word opens a body whatever precedes it. A body that opens with marks
/// `trim_body` strips, "- Sở", opens at the mark, which `may_open_body` lets pass.)
pub fn may_open_inside(previous: Option<&str>, word: &str) -> bool {
    word.contains(';')
        || word.trim_end_matches(',').contains(',')
        || word.starts_with("Các")
        || previous.is_some_and(|previous| previous.ends_with([',', ';']) || previous == "và")
}

/// Whether `name` has too many words to be a known name or the start of one (so its key need
/// not be built: table reading asks about many long runs of text).
fn too_long_to_be_known(name: &str) -> bool {
    trim_body(name)
        .split_whitespace()
        .nth(LEXICON.most_key_words)
        .is_some()
}

/// Replaces abbreviation tokens ("UBND", "TT&TT", "VP") by their expansion.
fn expand_with(abbreviations: &[(String, String)], name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 16);
    for token in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        let bare = token.trim_matches(|c: char| matches!(c, ',' | ';' | '.' | '(' | ')'));
        match abbreviations.iter().find(|(abbr, _)| abbr == bare) {
            Some((abbr, expansion)) if !bare.is_empty() => {
                out.push_str(&token.replacen(abbr.as_str(), expansion, 1))
            }
            _ => out.push_str(token),
        }
    }
    out
}

/// A dash standing alone between words joins two fields of one body as "và" does ("Sở Kế
/// hoạch - Đầu tư", "Sở Lao động – Thương binh và Xã hội", whatever the dash): keys read it
/// as "và".
fn joining_word(token: &str) -> &str {
    match token {
        "-" | "–" | "—" | "‒" | "‐" | "&" => "và",
        _ => token,
    }
}

fn key_with(abbreviations: &[(String, String)], name: &str) -> String {
    let joined: Vec<&str> = trim_body(name)
        .split_whitespace()
        .map(joining_word)
        .collect();
    let expanded = expand_with(abbreviations, &joined.join(" "));
    word_key(&expanded)
}

/// The key of text whose abbreviations are expanded: tone-normalized, "&" read as "và", a
/// comma glued between two words given its space. The one place the punctuation of a key is
/// settled, for whole names and for the word-by-word keys alike.
fn word_key(expanded: &str) -> String {
    comma_spaced(and_sign_as_word(tone_key(expanded)))
}

/// A comma with no space after it, between two letters ("Văn hóa,Thể thao", "VH,TT"), reads as
/// the comma and space the name is written with: PDF text and hand typing drop the space, and a
/// key that kept "hóa,thể" as one word knew no such body. A comma before or after a digit
/// ("1,5") is a number's and stays.
fn comma_spaced(key: String) -> String {
    let glued = |at: &usize| {
        key[..*at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic)
            && key[at + 1..]
                .chars()
                .next()
                .is_some_and(char::is_alphabetic)
    };
    let mut commas = key
        .match_indices(',')
        .map(|(at, _)| at)
        .filter(glued)
        .peekable();
    if commas.peek().is_none() {
        return key;
    }
    let mut spaced = String::with_capacity(key.len() + 4);
    let mut from = 0;
    for at in commas {
        spaced.push_str(&key[from..=at]);
        spaced.push(' ');
        from = at + 1;
    }
    spaced.push_str(&key[from..]);
    spaced
}

/// "&" inside a word joins two fields as "và" does ("Sở DT&TG" is "Sở DT và TG"): keys read it
/// as the word, after abbreviations ("TT&TT") have been expanded whole.
fn and_sign_as_word(key: String) -> String {
    if !key.contains('&') {
        return key;
    }
    let words: Vec<&str> = key
        .split('&')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    words.join(" và ")
}

/// `key_with(&LEXICON.abbreviations, name)`, built word by word from remembered word keys. The
/// table search asks for the keys of thousands of distinct runs of a row's words, made of the
/// same few hundred words. A word's key does not depend on its neighbours: abbreviations are
/// whole words, lowercasing and NFC never look across a space, and no tone pair spans one.
fn key_of(name: &str) -> String {
    key_while(name, usize::MAX, |_| true).unwrap_or_default()
}

/// `key_of(name)`, or `None` when the name is `too_long_to_be_known` or once the key built so
/// far, word by word, is not followed by a space in any known key: the whole key is then
/// neither known nor the start of a known one. The table search values many runs that open
/// like a name and go on with a task's words.
fn key_if_it_may_be_known(name: &str) -> Option<String> {
    key_while(name, LEXICON.most_key_words, |key| {
        LEXICON.key_openings.contains(key)
    })
}

/// `name`'s key, built word by word (each word's key, the empty ones left out, one space
/// apart); `None` when `name` has more than `most_words` words, or as soon as the key built so
/// far is not one that `goes_on` lets another word follow.
fn key_while(name: &str, most_words: usize, goes_on: impl Fn(&str) -> bool) -> Option<String> {
    let mut key = String::with_capacity(name.len() + 16);
    for (index, token) in trim_body(name).split_whitespace().enumerate() {
        if index == most_words {
            return None;
        }
        let kept = with_token_key(token, |token_key| {
            if token_key.is_empty() {
                return true;
            }
            if !key.is_empty() {
                if !goes_on(&key) {
                    return false;
                }
                key.push(' ');
            }
            key.push_str(token_key);
            true
        });
        if !kept {
            return None;
        }
    }
    Some(key)
}

/// Calls `answer` with the key of one white-space-free token: its abbreviation expanded, then
/// tone-normalized (nothing trimmed: `key_with` trims the whole name, not its words). `answer`
/// runs while the cache is borrowed, so it must not ask for another word's key.
fn with_token_key<T>(token: &str, answer: impl FnOnce(&str) -> T) -> T {
    let token = joining_word(token);
    // No name in the lexicon has a word this long: such a token (hostile input, a cell kept
    // whole) is keyed but not remembered, so the cache's size stays bounded in bytes too.
    if token.len() > MAX_REMEMBERED_TOKEN_BYTES {
        return answer(&word_key(&expand_with(&LEXICON.abbreviations, token)));
    }
    TOKEN_KEY_CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(found) = cache.get(token) {
            return answer(found);
        }
        if cache.len() >= crate::domain::text::MEMO_LIMIT {
            cache.clear();
        }
        let computed = word_key(&expand_with(&LEXICON.abbreviations, token));
        let result = answer(&computed);
        cache.insert(token.to_string(), computed);
        result
    })
}

/// Tone-normalized but case-kept: "Môi trường" and "môi trường" differ here.
fn exact_key(name: &str) -> String {
    // Only names whose folded key is known can match exactly; skip the work for the rest.
    modern_spelling(&crate::clean::collapse_whitespace(trim_body(name)))
}

thread_local! {
    /// Keys of names already seen: table reading asks about the same names many times over.
    static KEY_CACHE: std::cell::RefCell<crate::domain::text::FastMap<String>> =
        std::cell::RefCell::new(Default::default());
    static PREFIX_CACHE: std::cell::RefCell<crate::domain::text::FastMap<bool>> =
        std::cell::RefCell::new(Default::default());
    /// Keys of single words (`key_of` builds names' keys from them).
    static TOKEN_KEY_CACHE: std::cell::RefCell<crate::domain::text::FastMap<String>> =
        std::cell::RefCell::new(Default::default());
    /// `may_open_body` of words already seen: asked of every word of every row read.
    static MAY_OPEN_CACHE: std::cell::RefCell<crate::domain::text::FastMap<bool>> =
        std::cell::RefCell::new(Default::default());
}

/// Empties this module's memos (see [`crate::forget_memos`]).
pub(crate) fn forget_memos() {
    use crate::domain::text::forget;
    forget(&KEY_CACHE);
    forget(&PREFIX_CACHE);
    forget(&TOKEN_KEY_CACHE);
    forget(&MAY_OPEN_CACHE);
    forget(&BODY_VALUE_CACHE);
}

/// The longest word whose key is remembered.
const MAX_REMEMBERED_TOKEN_BYTES: usize = 64;

fn key(name: &str) -> String {
    remembered(&KEY_CACHE, name, key_of)
}

/// Marks a list opens a body with ("- Sở Y tế"), not part of its name.
const LIST_MARKS: [char; 3] = ['-', '+', '•'];

fn trim_body(name: &str) -> &str {
    name.trim()
        .trim_end_matches(['.', ',', ';', ':'])
        .trim_start_matches(LIST_MARKS)
        .trim()
}

/// Bodies kept from one cell: more is not a cell of a plan.
const MAX_BODIES: usize = 200;

/// What a body cell holds when it names no body: a dash, a tick ("x"), an ellipsis.
const NO_BODY_MARKS: &[&str] = &["-", "–", "—", "‒", "x", "X", "+", "…", "..."];

/// Splits a lead/support cell into bodies and resolves each one. A cell that holds a
/// condition instead ("Sau khi có hướng dẫn của Trung ương", a timeframe written in the
/// support column) names no body.
pub fn from_cell(raw: &str) -> Agencies {
    let raw = crate::clean::collapse_whitespace(raw);
    if is_a_condition(&raw) || NO_BODY_MARKS.contains(&raw.trim()) {
        return Agencies {
            raw,
            agencies: Vec::new(),
        };
    }
    let agencies = split(&raw).iter().map(|name| resolve(name)).collect();
    Agencies { raw, agencies }
}

/// A body cell that says which body leads and which support, where the table gives both one
/// column ("Đơn vị thực hiện") or the lead column holds both: the lead's part and the
/// supporters' part, each as printed (the role words left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleSplit {
    pub lead: String,
    pub support: String,
}

/// "Chủ trì: …; Phối hợp: …" (labels, "cơ quan"/"đơn vị" before them or not).
static ROLE_LABEL: Lazy<regex::Regex> = Lazy::new(|| {
    regex::Regex::new(
        r"(?i)(?:^|[;.]\s*|\s-\s*|^-\s*)(?:(?:cơ quan|đơn vị)\s+)?(chủ trì|phối hợp)\s*:",
    )
    .unwrap()
});
/// "X chủ trì, phối hợp [chặt chẽ] [với] Y" / "X chủ trì; Y phối hợp".
static ROLE_VERBS: Lazy<regex::Regex> = Lazy::new(|| {
    regex::Regex::new(
        r"(?i)^(.+?)\s+chủ trì\s*(?:(?:[,;]\s*|\s)phối hợp(?:\s+chặt chẽ)?(?:\s+với)?\s+(.+?)|[,;.]\s*(.+?)\s+phối hợp)\s*[.;]?$",
    )
    .unwrap()
});
/// "(chủ trì)" / "(phối hợp)" after a body: "X (chủ trì); Y (phối hợp), Z (phối hợp)".
static ROLE_MARK: Lazy<regex::Regex> =
    Lazy::new(|| regex::Regex::new(r"(?i)\s*\((chủ trì|phối hợp)\)").unwrap());

/// Reads the roles out of a body cell, when it names them; `None` for a cell of bodies alone.
pub fn split_roles(cell: &str) -> Option<RoleSplit> {
    let cell = crate::clean::collapse_whitespace(cell);
    let cell = cell.trim();
    // Cheap first: every form names both roles.
    let folded = cell.to_lowercase();
    if !(folded.contains("chủ trì") && folded.contains("phối hợp")) {
        return None;
    }
    let labels: Vec<regex::Captures> = ROLE_LABEL.captures_iter(cell).collect();
    if labels.len() >= 2 && labels[0].get(0).is_some_and(|m| m.start() == 0) {
        let (mut lead, mut support) = (Vec::new(), Vec::new());
        for (k, label) in labels.iter().enumerate() {
            let (Some(whole), Some(role)) = (label.get(0), label.get(1)) else {
                return None;
            };
            let end = labels
                .get(k + 1)
                .and_then(|next| next.get(0))
                .map_or(cell.len(), |m| m.start());
            let part = cell[whole.end()..end]
                .trim()
                .trim_end_matches(['.', ';', ',']);
            if part.is_empty() {
                continue;
            }
            if role.as_str().to_lowercase() == "chủ trì" {
                lead.push(part);
            } else {
                support.push(part);
            }
        }
        return (!lead.is_empty()).then(|| RoleSplit {
            lead: lead.join("; "),
            support: support.join("; "),
        });
    }
    let parts = |lead: &str, support: &str| {
        let (lead, support) = (lead.trim(), support.trim());
        (!lead.is_empty() && !support.is_empty()).then(|| RoleSplit {
            lead: lead.trim_end_matches([',', ';']).to_string(),
            support: support.trim_end_matches(['.', ',', ';']).to_string(),
        })
    };
    // Marks: each body before its mark, the text since the mark before (or the cell's start).
    let marks: Vec<regex::Captures> = ROLE_MARK.captures_iter(cell).collect();
    if !marks.is_empty() {
        let (mut lead, mut support) = (Vec::new(), Vec::new());
        let mut from = 0;
        for mark in &marks {
            let (Some(whole), Some(role)) = (mark.get(0), mark.get(1)) else {
                return None;
            };
            let body = cell[from..whole.start()]
                .trim()
                .trim_matches([',', ';', '.', ' ']);
            // "Sở Y tế (chủ trì) và Sở Tài chính (phối hợp)": the joining word is no body's.
            let body = ["và ", "với ", "cùng "]
                .iter()
                .find_map(|w| body.strip_prefix(w))
                .unwrap_or(body)
                .trim();
            from = whole.end();
            if body.is_empty() {
                return None;
            }
            if role.as_str().to_lowercase() == "chủ trì" {
                lead.push(body);
            } else {
                support.push(body);
            }
        }
        // Text after the last mark belongs to no role: not a cell of marks.
        if !cell[from..].trim().trim_matches(['.', ';', ',']).is_empty() {
            return None;
        }
        return parts(&lead.join("; "), &support.join("; "));
    }
    if let Some(caps) = ROLE_VERBS.captures(cell) {
        let support = caps.get(2).or(caps.get(3)).map_or("", |m| m.as_str());
        return parts(&caps[1], support);
    }
    None
}

fn is_a_condition(cell: &str) -> bool {
    super::timeframe::opens_timeframe(cell)
        && super::timeframe::is_timeframe(cell)
        && super::timeframe::parse(cell).kind == crate::model::TimeframeKind::Conditional
}

/// The bodies a reader sees in a cell, as printed, trailing punctuation removed. ";" always
/// separates; "," and "và" separate only where a body's opening word follows and the body
/// before is not a collective still enumerating ("Các sở, ban, ngành, UBND cấp xã" is one);
/// bodies run together with no separator are cut where a known body ends (`run_together`).
pub fn split(raw: &str) -> Vec<String> {
    let raw = crate::clean::collapse_whitespace_borrowed(raw);
    let mut out = Vec::new();
    split_into(&raw, &mut out);
    let mut bodies: Vec<String> = Vec::with_capacity(out.len());
    for piece in out.into_iter().flat_map(run_together) {
        if bodies.len() < MAX_BODIES && !bodies.iter().any(|kept| kept == piece) {
            bodies.push(piece.to_string());
        }
    }
    bodies
}

/// A body with more bodies run on after it without a separator, as a cell prints them one per
/// line ("Sở Nội vụ" / "Công an tỉnh" / "Sở Y tế", joined "Sở Nội vụ Công an tỉnh Sở Y tế"):
/// cut before a word that opens a body's name wherever the words before it are a known body.
/// A known name is never cut, nor a name whose start is not a known body.
fn run_together(body: &str) -> Vec<&str> {
    /// Longer runs are no cell's bodies (and the cuts stay cheap).
    const MOST_WORDS: usize = 60;
    if body.split(' ').nth(MOST_WORDS).is_some() || is_known(body) {
        return vec![body];
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    for (at, _) in body.match_indices(' ') {
        let (before, after) = (&body[start..at], &body[at + 1..]);
        // A capitalized opening word: "các" goes on a name as often as it opens one ("Sở Y
        // tế các tỉnh lân cận"); a weak head ("UBND") may go on a collective still listing.
        let opens_body = after.starts_with(char::is_uppercase)
            && match head_at(after) {
                Some((_, weak)) => !(weak && is_enumerating_collective(before)),
                None => false,
            };
        if opens_body && is_known(before) {
            pieces.push(before);
            start = at + 1;
        }
    }
    pieces.push(&body[start..]);
    pieces
}

/// Whether the last body `split` reads in `raw` is the beginning of a known name
/// (`is_known_prefix`): the bodies are not copied out to ask about one.
pub fn last_body_is_known_prefix(raw: &str) -> bool {
    let raw = crate::clean::collapse_whitespace_borrowed(raw);
    let mut bodies = Vec::with_capacity(16);
    split_into(&raw, &mut bodies);
    bodies.last().is_some_and(|body| is_known_prefix(body))
}

/// `split` of a text whose white space is already collapsed, as slices of it.
fn split_into<'t>(raw: &'t str, out: &mut Vec<&'t str>) {
    for part in semicolon_parts(raw).take(MAX_BODIES) {
        // The part's bodies are read onto the end of `out`, then kept in place: trimmed, not
        // empty, not already there, at most MAX_BODIES in all.
        let kept = out.len();
        split_part(part, out);
        let mut write = kept;
        for read in kept..out.len() {
            let body = trim_body(out[read]);
            if !body.is_empty() && write < MAX_BODIES && !out[..write].contains(&body) {
                out[write] = body;
                write += 1;
            }
        }
        out.truncate(write);
    }
}

/// `raw.split(';')`, with the SIMD byte search: the table search splits every run it weighs,
/// and the general `char` pattern was a tenth of the splitting.
fn semicolon_parts(raw: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(raw);
    std::iter::from_fn(move || {
        let text = rest?;
        match memchr::memchr(b';', text.as_bytes()) {
            Some(at) => {
                rest = Some(&text[at + 1..]);
                Some(&text[..at])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

/// Whether a one-word name opens `after` where a body `candidate` was read before it ("SNV" of
/// "Sở Y tế, SNV"); not inside an aside ("Ban Chỉ đạo (thường trực: SNV, SYT)").
fn opens_one_more_body(candidate: &str, after: &str) -> bool {
    !candidate.trim().is_empty()
        && opens_with_one_word_name(after)
        && memchr::memchr_iter(b'(', candidate.as_bytes()).count()
            <= memchr::memchr_iter(b')', candidate.as_bytes()).count()
}

/// Whether `text` opens with a name of one word ("SYT" of "SYT, Công an tỉnh").
fn opens_with_one_word_name(text: &str) -> bool {
    let word = text
        .split([' ', ',', ';', '.', ')'])
        .next()
        .unwrap_or_default();
    !word.is_empty() && LEXICON.one_word_names.contains(word)
}

/// The opening word of a body at the start of `text`, and whether it is weak.
fn head_at(text: &str) -> Option<(&'static str, bool)> {
    let candidates = LEXICON.heads_by_first.get(&text.chars().next()?)?;
    candidates.iter().find_map(|&index| {
        let (head, weak, next_capital) = LEXICON.heads.get(index)?;
        let rest = text.strip_prefix(head.as_str())?;
        let boundary = rest.is_empty() || rest.starts_with([' ', '/', ',']);
        let capital_follows = rest
            .trim_start()
            .chars()
            .next()
            .is_none_or(|c| c.is_uppercase() || c.is_ascii_digit());
        (boundary && (!next_capital || capital_follows)).then_some((head.as_str(), *weak))
    })
}

/// A collective that is still enumerating kinds of bodies ("Các sở, ban, ngành"): every word
/// after "Các" is a list word, so a following "UBND cấp xã" belongs to it.
fn is_enumerating_collective(body: &str) -> bool {
    let body = body.trim();
    let Some(rest) = body
        .strip_prefix("Các ")
        .or_else(|| body.strip_prefix("các "))
    else {
        return false;
    };
    // Words are lowercased as the matching reaches them: the table search asks this of long
    // runs that mostly fail at an early word. (Lowercasing never looks across a space or ',',
    // so a word lowercased alone reads as it does inside the whole text.)
    let mut tokens = LoweredWords {
        unread: rest
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|t| !t.is_empty()),
        read: Vec::new(),
    };
    // Longest list words first (sorted at load) so "ủy ban nhân dân" is consumed whole.
    let mut at = 0;
    'tokens: while let Some(token) = tokens.get(at) {
        let Some(candidates) = LEXICON.list_words_by_first.get(token) else {
            return false;
        };
        for parts in candidates
            .iter()
            .filter_map(|&i| LEXICON.list_word_parts.get(i))
        {
            let mut length = 0;
            let mut matched = true;
            for part in parts {
                if tokens.get(at + length) != Some(part.as_str()) {
                    matched = false;
                    break;
                }
                length += 1;
            }
            if matched && length > 0 {
                at += length;
                continue 'tokens;
            }
        }
        return false;
    }
    true
}

/// Words of a text, lowercased one by one as they are asked for.
struct LoweredWords<'t, I: Iterator<Item = &'t str>> {
    unread: I,
    read: Vec<String>,
}

impl<'t, I: Iterator<Item = &'t str>> LoweredWords<'t, I> {
    fn get(&mut self, index: usize) -> Option<&str> {
        while self.read.len() <= index {
            let word = self.unread.next()?;
            self.read.push(word.to_lowercase());
        }
        self.read.get(index).map(String::as_str)
    }
}

/// A cell part longer than this is not a list of body names; it is kept whole (and the comma
/// analysis stays linear on hostile input).
const MAX_PART_BYTES: usize = 1_500;

fn split_part<'t>(part: &'t str, bodies: &mut Vec<&'t str>) {
    let part = part.trim();
    if part.len() > MAX_PART_BYTES {
        bodies.push(part);
        return;
    }
    // The body being read is always `part[current_start..offset]` (it never skips text), so
    // candidates are slices rather than copies: a long cell stays linear.
    let mut current_start = 0;
    let mut offset = 0;
    // Boundary candidates: ",", " và ", or a space before a capitalized "Các" (the space is
    // the boundary), found in one pass over the bytes. Occurrences that overlap a separator
    // already read (", Các", " và Các") are passed over, as a search resumed after it would.
    // Only the rarer bytes are looked for (',' and the letters that open "và" and "Các");
    // a separator that opens with a space stands one byte before its letter.
    let bytes = part.as_bytes();
    for found in memchr::memchr3_iter(b',', b'v', b'C', bytes) {
        let (position, width) = match bytes[found] {
            b',' if bytes[found..].starts_with(b", ") => (found, 2),
            // A comma with no space after it, as PDF text and hand typing leave it ("Sở Y
            // tế,Sở Tài chính", "SNV,SYT"): a boundary too, where a body opens right after it.
            b',' => (found, 1),
            b'v' if found > 0 && bytes[found - 1..].starts_with(" và ".as_bytes()) => {
                (found - 1, " và ".len())
            }
            b'C' if found > 0 && bytes[found - 1..].starts_with(" Các ".as_bytes()) => {
                (found - 1, 1)
            }
            _ => continue,
        };
        if position < offset {
            continue;
        }
        let after = &part[position + width..];
        let candidate = &part[current_start..position];
        let splits = match head_at(after) {
            None => opens_one_more_body(candidate, after),
            Some((_, weak)) => {
                !(candidate.trim().is_empty() || weak && is_enumerating_collective(candidate))
            }
        };
        offset = position + width;
        if splits {
            bodies.push(candidate);
            current_start = offset;
        }
    }
    let current = &part[current_start..];
    if !current.trim().is_empty() {
        bodies.push(current);
    }
}

/// One body as printed → its canonical name and 2025 successor. A note in parentheses after
/// the body ("Sở Y tế (cơ quan thường trực)", "Sở Tài chính (chủ trì, tổng hợp)") stays in the
/// name as printed but not in the canonical name: it says the body's role or scope in this
/// task, and a body named with one is the same body as without it.
pub fn resolve(name: &str) -> Agency {
    let name = trim_body(&crate::clean::collapse_whitespace(name)).to_string();
    let bare = without_notes(&name);
    let entry_of = |name: &str| {
        LEXICON
            .by_key
            .get(&key(name))
            .and_then(|i| LEXICON.entries.get(*i))
    };
    // A province's own branch named with the province ("Sở Thông tin và Truyền thông tỉnh
    // Nghệ An", "Ban Dân tộc tỉnh") is the known body.
    // A note whose brackets an extraction broke ("Sở Thông tin và Truyền thông (VP UBND tỉnh)
    // đảm nhận khi … theo quy định)", a tab inside it): the known body before its first "(".
    let before_note = || {
        let (head, _) = name.split_once('(')?;
        let head = trim_body(head);
        (!head.is_empty() && head != bare)
            .then(|| entry_of(head))
            .flatten()
    };
    let entry = entry_of(&name)
        .or_else(|| (bare != name).then(|| entry_of(bare)).flatten())
        .or_else(|| provincial_base(bare).and_then(|base| entry_of(&base)))
        .or_else(before_note);
    match entry {
        Some(entry) => Agency {
            canonical: entry.canonical.clone(),
            successor: entry.successor.clone(),
            name,
        },
        None => Agency {
            canonical: lexicon_spelling(&expand_with(&LEXICON.abbreviations, bare)),
            successor: None,
            name,
        },
    }
}

/// Words after "tỉnh" a provincial form of a name may have: the province's name ("tỉnh Kon
/// Tum", "tỉnh Bà Rịa - Vũng Tàu").
const MOST_PROVINCE_WORDS: usize = 5;
/// Words after "Tỉnh" that make it a body's own name ("Tỉnh ủy", "Tỉnh đoàn"), not the province.
const PROVINCIAL_BODY_WORDS: &[&str] = &["ủy", "uỷ", "đoàn", "đội"];

/// A name's forms without the province's name after it, as plans name their province's own
/// branch: (the name up to and with "tỉnh", the words after it), then (the name before "tỉnh",
/// "tỉnh" and the words after it). "Công an tỉnh Kon Tum" gives ("Công an tỉnh", " Kon Tum")
/// and ("Công an", " tỉnh Kon Tum"). Empty when the name has no "tỉnh" followed by at most a
/// province's words.
pub fn provincial_forms(name: &str) -> Vec<(String, String)> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let key = |word: &str| crate::domain::text::tone_key(word);
    let Some(at) = words.iter().enumerate().rposition(|(at, word)| {
        key(word) == "tỉnh"
            && words
                .get(at + 1)
                .is_none_or(|next| !PROVINCIAL_BODY_WORDS.contains(&key(next).as_str()))
    }) else {
        return Vec::new();
    };
    if at == 0 || words.len() - at - 1 > MOST_PROVINCE_WORDS {
        return Vec::new();
    }
    let suffix = |from: usize| {
        words[from..]
            .iter()
            .map(|word| format!(" {word}"))
            .collect::<String>()
    };
    [
        (words[..=at].join(" "), suffix(at + 1)),
        (words[..at].join(" "), suffix(at)),
    ]
    .into_iter()
    .filter(|(base, _)| base != name)
    .collect()
}

/// The known name a provincial form stands for: "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh"
/// is the known body, and "Công an tỉnh Kon Tum" is the known "Công an tỉnh". The name up to
/// and with "tỉnh" is tried first.
pub fn provincial_base(name: &str) -> Option<String> {
    provincial_forms(name)
        .into_iter()
        .map(|(base, _)| base)
        .find(|base| is_known(base))
}

/// The name without the notes in parentheses that close it ("Sở Y tế (cơ quan thường trực)" →
/// "Sở Y tế"; nested and repeated notes too), trailing punctuation trimmed. The name itself when
/// nothing would be left, or when a ")" closes nothing.
pub fn without_notes(name: &str) -> &str {
    let mut bare = trim_body(name);
    while let Some(inner) = bare.strip_suffix(')') {
        let mut depth = 1usize;
        let mut opening = None;
        for (at, c) in inner.char_indices().rev() {
            match c {
                ')' => depth += 1,
                '(' => {
                    depth -= 1;
                    if depth == 0 {
                        opening = Some(at);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(opening) = opening else {
            break;
        };
        let before = trim_body(&inner[..opening]);
        if before.is_empty() {
            break;
        }
        bare = before;
    }
    bare
}

/// `modern_spelling`, but a word the lexicon's names spell is spelt as they do ("Uỷ ban nhân dân
/// thành phố …" → "Ủy ban nhân dân thành phố …", as "Ủy ban nhân dân tỉnh" is written): an
/// unknown body's canonical name reads like the known ones beside it.
fn lexicon_spelling(text: &str) -> String {
    modern_spelling(text)
        .split(' ')
        .map(|word| {
            let lowered = word.to_lowercase();
            let Some(form) = LEXICON.word_forms.get(&tone_key(&lowered)) else {
                return word.to_string();
            };
            if *form == lowered {
                return word.to_string();
            }
            // Same letters and marks, the marks placed as the lexicon places them.
            cased_like(word, form)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Tone marks moved to the modern position, case kept ("Hoá" → "Hóa").
fn modern_spelling(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let lowered = word.to_lowercase();
            let modern = tone_key(&lowered);
            if modern == lowered || modern.is_empty() {
                return word.to_string();
            }
            cased_like(word, &modern)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `form` (lowercase) in the case of `word`: all capitals ("HOÁ" → "HÓA"), a capital first
/// letter ("Hoá" → "Hóa"), or lowercase.
fn cased_like(word: &str, form: &str) -> String {
    let letters = || word.chars().filter(|c| c.is_alphabetic());
    if letters().count() > 1 && letters().all(char::is_uppercase) {
        return form.to_uppercase();
    }
    let mut chars = form.chars();
    match (word.chars().next(), chars.next()) {
        (Some(first), Some(form_first)) if first.is_uppercase() => {
            form_first.to_uppercase().chain(chars).collect()
        }
        _ => form.to_string(),
    }
}

/// Whether a name (as printed) is a body the lexicon knows, under any alias or spelling.
pub fn is_known(name: &str) -> bool {
    could_be_known(name) && LEXICON.by_key.contains_key(&key(name))
}

/// Cheap tests a known name, or the start of one, always passes: a first word that opens some
/// name's key, and few enough words.
fn could_be_known(name: &str) -> bool {
    // The first word's key is remembered, so it is the cheaper test: most runs the table
    // search weighs fail it.
    opens_like_a_key(name) && !too_long_to_be_known(name)
}

/// The known body closest to an unknown name, with a similarity in [0, 1].
pub fn closest_known(name: &str) -> Option<(String, f64)> {
    let wanted = key(name);
    if wanted.is_empty() {
        return None;
    }
    // A name over twice as long as every known one is close to none (its similarity is under
    // 0.5), and measuring it against each was the cost: a cell of 490,000 names run together
    // took `check` 14 s.
    static LONGEST_KEY: Lazy<usize> = Lazy::new(|| {
        LEXICON
            .by_key
            .keys()
            .map(|key| key.chars().count())
            .max()
            .unwrap_or(0)
    });
    if wanted.chars().count() > 2 * *LONGEST_KEY {
        return None;
    }
    let mut best: Option<(usize, f64)> = None;
    for (candidate, index) in &LEXICON.by_key {
        if LEXICON.spaced_forms.contains(candidate) {
            continue;
        }
        let similarity = strsim::normalized_levenshtein(&wanted, candidate);
        if best.is_none_or(|(_, s)| similarity > s) {
            best = Some((*index, similarity));
        }
    }
    let (index, similarity) = best?;
    Some((LEXICON.entries.get(index)?.canonical.clone(), similarity))
}

/// An unknown name whose opening word(s) are one letter away from a word that opens bodies'
/// names ("Cá doanh nghiệp", "Sơ Tài chính"): the name with that opening put right. The lexicon
/// cannot list every collective or firm a plan names, but it knows how their names open. None
/// when the name already opens like a body or a known name, or when the corrected name would
/// not open like one either (a head that wants a capital after it, "Đài", is not suggested for
/// "Đại học …").
pub fn misspelt_head(name: &str) -> Option<String> {
    let name = trim_body(&crate::clean::collapse_whitespace(name)).to_string();
    if name.is_empty() || starts_with_head(&name) || opens_like_a_key(&name) {
        return None;
    }
    // A head in other capitals ("Điện Lực", "Chi Cục") is no misspelling, nor an ordinary
    // phrase one letter off a head ("Cá nhân").
    let lowered = tone_key(&name);
    let opens_with = |phrase: &str| {
        lowered
            .strip_prefix(phrase)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', ',']))
    };
    if LEXICON
        .heads
        .iter()
        .any(|(head, _, _)| opens_with(&tone_key(head)))
        || LEXICON.not_heads.iter().any(|phrase| opens_with(phrase))
    {
        return None;
    }
    let words: Vec<&str> = name.split(' ').collect();
    LEXICON.heads.iter().find_map(|(head, _, _)| {
        // One letter off an abbreviation ("VP", "UBND") is another abbreviation ("TP").
        if head.is_ascii() {
            return None;
        }
        let head_words = head.split(' ').count();
        // A head alone is not a name.
        if words.len() <= head_words {
            return None;
        }
        let opening = words[..head_words].join(" ");
        // Compared lowercase: a capital ("Trung Tâm", "Chi Cục") is not a misspelling.
        let (opening_key, head_key) = (tone_key(&opening), tone_key(head));
        if opening_key.chars().count() < 2 || strsim::levenshtein(&opening_key, &head_key) != 1 {
            return None;
        }
        // The head in the opening's case: "các" for "cá", "Các" for "Cá".
        let head = if opening.starts_with(char::is_lowercase) {
            head_key
        } else {
            let mut chars = head_key.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        };
        let corrected = format!("{head} {}", words[head_words..].join(" "));
        starts_with_head(&corrected).then_some(corrected)
    })
}

/// Words that end a collective's name (compared lowercase).
const CLOSING_WORDS: &[&str] = &[
    "liên quan",
    "địa phương",
    "cấp xã",
    "thành phố",
    "cấp huyện",
];

/// `body_likeness`'s share of a list's last body that opens a known name, cut short by the
/// column width, in at least `KNOWN_OPENING_MIN_WORDS` words ("Sở Thông tin và Truyền"); a name
/// that only opens with a head word ("Sở …"), or a shorter opening, is worth 0.6. Measured on
/// the PDF fixtures' extractions (`cargo run --release --example score extractions`): 0.65–0.8
/// and 4 words do about equally well; 3 words lose part of the gain, 2 lose some of it again.
const KNOWN_OPENING_VALUE: f64 = 0.7;
const KNOWN_OPENING_MIN_WORDS: usize = 4;

/// Whether `text` opens with a word that opens a body's name ("Sở", "UBND", "Công an" …).
pub fn opens_with_head(text: &str) -> bool {
    head_at(text.trim_start()).is_some()
}

/// Whether a body cell's text stops short of a whole name: it ends with a connector ("Sở Thông
/// tin và"), or is the start of a known name and not the name ("Sở Nông nghiệp").
pub fn is_cut_short(cell: &str) -> bool {
    let cell = cell.trim();
    ends_with_connector(cell) || cell.ends_with(',') || (is_known_prefix(cell) && !is_known(cell))
}

/// Whether a name ends with a word or sign that joins it to more ("và", "-", "/").
pub fn ends_with_connector(name: &str) -> bool {
    let name = name.trim_end();
    name.ends_with(" và") || name.ends_with('-') || name.ends_with('/')
}

/// Whether `name` is the beginning (two words or more) of a body the lexicon knows.
pub fn is_known_prefix(name: &str) -> bool {
    // The start of a known name (two words or more) opens like one.
    if !could_be_known(name) {
        return false;
    }
    remembered(&PREFIX_CACHE, name, compute_known_prefix)
}

fn compute_known_prefix(name: &str) -> bool {
    key_opens_known_name(&key(name))
}

/// Whether a name's key (two words or more) is the beginning of a known name's key.
fn key_opens_known_name(wanted: &str) -> bool {
    if !wanted.contains(' ') {
        return false;
    }
    // Keys that start with `wanted` sort right after it: the first key past it decides.
    LEXICON
        .by_key
        .range::<str, _>((
            std::ops::Bound::Excluded(wanted),
            std::ops::Bound::Unbounded,
        ))
        .next()
        .is_some_and(|(candidate, _)| candidate.starts_with(wanted))
}

/// Whether `text` opens with a body's opening word ("Sở", "Các", "Văn phòng", "UBND" …).
pub fn starts_with_head(text: &str) -> bool {
    head_at(text.trim_start()).is_some()
}

/// How much a cell's text reads like a list of bodies, in [0, 1]: 1 for a body the lexicon
/// knows, less for a short name that only opens like a body ("Sở …", "Các …"), little for a long
/// one, nothing for text that does not open like a body.
pub fn body_likeness(text: &str) -> f64 {
    likeness_of_collapsed(&crate::clean::collapse_whitespace_borrowed(text))
}

/// `body_likeness` of a text whose white space is already single spaces between words (table
/// reading asks about runs of words it joined itself, many thousand times a row).
pub fn likeness_of_collapsed(text: &str) -> f64 {
    debug_assert_eq!(text, crate::clean::collapse_whitespace(text));
    // Runs weighed by the table search often hold more than eight "bodies": one allocation.
    let mut bodies = Vec::with_capacity(16);
    split_into(text, &mut bodies);
    if bodies.is_empty() {
        return 0.0;
    }
    let mut total = 0.0;
    let last = bodies.len() - 1;
    for (index, body) in bodies.iter().enumerate() {
        let [inside, at_end] = remembered_body_value(body);
        total += if index == last { at_end } else { inside };
    }
    total / bodies.len() as f64
}

thread_local! {
    /// Table reading weighs many runs of one row's lines; their bodies are mostly the same few
    /// names, each asked about once per run.
    static BODY_VALUE_CACHE: std::cell::RefCell<crate::domain::text::FastMap<[f64; 2]>> =
        std::cell::RefCell::new(Default::default());
}

/// Whether `text` splits at ' ' into at most `most` pieces (`split(' ').count() <= most`),
/// counted by a byte search that stops at the first piece too many: the bodies valued are
/// mostly long runs of a task's words.
fn words_at_most(text: &str, most: usize) -> bool {
    // `split` gives one piece more than there are spaces, and never none.
    most > 0
        && memchr::memchr_iter(b' ', text.as_bytes())
            .nth(most - 1)
            .is_none()
}

/// A body's share of `body_likeness`: inside a list, and as the list's last body (where a name
/// cut short by the column width still counts).
fn remembered_body_value(body: &str) -> [f64; 2] {
    remembered(&BODY_VALUE_CACHE, body, body_values)
}

/// A body's value inside a list and as the list's last body: they differ only for a name that
/// is neither known nor a collective, where the last one may be a known name cut short.
fn body_values(body: &str) -> [f64; 2] {
    // `is_known` and `is_known_prefix`, sharing their tests and the name's key (the values are
    // remembered, so the key need not be).
    // (`key_if_it_may_be_known` asks what `could_be_known` asks after its first word, and
    // gives up on a long run within a few words.)
    let name_key = opens_like_a_key(body)
        .then(|| key_if_it_may_be_known(body))
        .flatten();
    let known = name_key
        .as_ref()
        .is_some_and(|k| LEXICON.by_key.contains_key(k));
    let same = |value: f64| [value, value];
    if known && LEXICON.exact.contains(&exact_key(body)) {
        same(1.0)
    } else if known {
        // Known, but not as printed: under another case (a lowercase word borrowed from a
        // neighbouring cell) or with a comma that lost its space ("Văn hóa,Thể thao").
        same(0.95)
    } else if is_enumerating_collective(body) {
        // "… có liên quan", "… địa phương": the collective's usual last words close it.
        let lowered = body.to_lowercase();
        let closed = CLOSING_WORDS.iter().any(|w| lowered.ends_with(w));
        same(if closed { 1.0 } else { 0.9 })
    } else {
        let opens_like_a_body = if starts_with_head(body) {
            if words_at_most(body, 8) {
                0.6
            } else {
                0.3
            }
        } else {
            0.0
        };
        // A name cut short by the column width ("Sở Thông tin và Truyền"): its tail may follow.
        // It is worth more than a name that only opens with a head word ("Sở Thông tin liên
        // quan"): where a row's lines are cut by content, the cut that keeps a known name's
        // opening together is the likelier one.
        let at_end = if name_key.as_deref().is_some_and(key_opens_known_name) {
            // Cut right after "và" ("Sở Thông tin và"), the name is plainly unfinished: no
            // more likely than any other name, since a cell never ends there. A short opening
            // ("Sở Tư", "Sở Khoa học") opens many names and says little.
            if ends_with_connector(body) || words_at_most(body, KNOWN_OPENING_MIN_WORDS - 1) {
                0.6
            } else {
                KNOWN_OPENING_VALUE
            }
        } else {
            opens_like_a_body
        };
        [opens_like_a_body, at_end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `key_if_it_may_be_known` gives up only on names that are neither known nor the start of
    /// a known name (nor short enough to be), and otherwise gives the name's key: on generated
    /// names made of the lexicon's words, other words and the marks around them.
    #[test]
    fn a_key_given_up_is_neither_known_nor_an_opening() {
        let pattern = "((Sở|sở|Y|tế|Thông|tin|và|Truyền|thông|Tài|chính|Nội|vụ|Khoa|học|Công|nghệ|an|tỉnh|UBND|Ủy|ban|nhân|dân|Văn|phòng|VP|TT&TT|Các|sở,|ngành|xây|dựng|kế|hoạch|Kon|Tum|-|&|Trung|tâm|Đài|Phát|thanh|Truyền|hình|Ban|Dân|tộc|Bộ|Giáo|dục|và|Đào|tạo|Lao|động|Thương|binh|Xã|hội) ){1,18}";
        let given_up = std::cell::Cell::new(0usize);
        crate::test_support::for_generated_texts(pattern, 4_000, 0x6b65_7973, |name| {
            let name = name.trim();
            let fast = key_if_it_may_be_known(name);
            if too_long_to_be_known(name) {
                assert_eq!(fast, None, "{name:?}");
                return;
            }
            let full = key_of(name);
            match fast {
                Some(key) => assert_eq!(key, full, "{name:?}"),
                None => {
                    assert!(!LEXICON.by_key.contains_key(&full), "{name:?}");
                    assert!(!key_opens_known_name(&full), "{name:?}");
                    given_up.set(given_up.get() + 1);
                }
            }
        });
        assert!(given_up.get() > 500, "{}", given_up.get());
    }

    #[test]
    fn words_at_most_counts_as_split_does() {
        for text in [
            "",
            " ",
            "Sở",
            "Sở Y tế",
            "Sở  Y",
            " Sở Y tế ",
            "a b c d e f g h",
            "a b c d e f g h i",
        ] {
            for most in 0..12 {
                assert_eq!(
                    words_at_most(text, most),
                    text.split(' ').count() <= most,
                    "{text:?} {most}"
                );
            }
        }
    }

    /// A known name's key, and every start of one, is never given up.
    #[test]
    fn known_keys_and_their_openings_are_kept() {
        for key in LEXICON.by_key.keys() {
            assert_eq!(key_if_it_may_be_known(key).as_deref(), Some(key.as_str()));
        }
    }

    /// A known body followed by a note whose brackets an extraction broke is that body (an
    /// analyst's review of stop 47: Gia Lai's "Sở Thông tin và Truyền thông (VP UBND tỉnh) đảm
    /// nhận khi … theo quy định)" was a body of its own, with no successor); the name stays as
    /// printed.
    #[test]
    fn a_known_body_before_a_broken_note_is_that_body() {
        let printed = "Sở Thông tin và Truyền thông (VP UBND tỉnh) đảm nhận khi Sở Thông tin và \
                       Truyền thông hoàn thành bàn giao theo quy định)";
        let agency = resolve(printed);
        assert_eq!(agency.name, printed);
        assert_eq!(agency.canonical, "Sở Thông tin và Truyền thông");
        assert_eq!(
            agency.successor.as_deref(),
            Some("Sở Khoa học và Công nghệ")
        );
        // An unknown name before a broken note is not cut at the "(": only a known body is.
        let unknown = resolve("Tổ công tác số 1 (VP UBND tỉnh) đảm nhận khi có quyết định)");
        assert!(
            unknown.canonical.contains("đảm nhận khi"),
            "{}",
            unknown.canonical
        );
        assert_eq!(unknown.successor, None);
    }

    #[test]
    fn roles_named_in_one_cell_are_read_out_of_it() {
        let split = |cell: &str| split_roles(cell).map(|s| (s.lead, s.support));
        let both = |lead: &str, support: &str| Some((lead.to_string(), support.to_string()));
        assert_eq!(
            split("Chủ trì: Văn phòng UBND tỉnh; Phối hợp: Sở Khoa học và Công nghệ"),
            both("Văn phòng UBND tỉnh", "Sở Khoa học và Công nghệ")
        );
        assert_eq!(
            split("Chủ trì: Sở Nội vụ. Phối hợp: Các sở, ban, ngành, UBND các xã, phường"),
            both("Sở Nội vụ", "Các sở, ban, ngành, UBND các xã, phường")
        );
        assert_eq!(
            split("- Đơn vị chủ trì: Sở Y tế - Đơn vị phối hợp: Sở Tài chính, Công an tỉnh"),
            both("Sở Y tế", "Sở Tài chính, Công an tỉnh")
        );
        assert_eq!(
            split("Sở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp Sở Khoa học và Công nghệ"),
            both(
                "Sở Văn hóa, Thể thao và Du lịch",
                "Sở Khoa học và Công nghệ"
            )
        );
        assert_eq!(
            split("Sở Y tế chủ trì, phối hợp với các sở, ngành liên quan."),
            both("Sở Y tế", "các sở, ngành liên quan")
        );
        assert_eq!(
            split("Công an tỉnh chủ trì; Sở Tư pháp phối hợp"),
            both("Công an tỉnh", "Sở Tư pháp")
        );
        assert_eq!(
            split("Công an tỉnh (chủ trì); Sở Tư pháp (phối hợp)"),
            both("Công an tỉnh", "Sở Tư pháp")
        );
        assert_eq!(
            split("Sở Tài chính (chủ trì), Sở Văn hóa, Thể thao và Du lịch (phối hợp), Công an tỉnh (phối hợp)."),
            both("Sở Tài chính", "Sở Văn hóa, Thể thao và Du lịch; Công an tỉnh")
        );
        assert_eq!(
            split("Công an tỉnh chủ trì, phối hợp chặt chẽ với Sở KH&CN"),
            both("Công an tỉnh", "Sở KH&CN")
        );
        // Bodies alone, or one role only: not split.
        assert_eq!(split("Sở Y tế; Sở Tài chính"), None);
        assert_eq!(split("Sở Y tế chủ trì"), None);
        assert_eq!(split("Chủ trì: Sở Y tế"), None);
        assert_eq!(split("Ban Chỉ đạo phối hợp liên ngành chủ trì"), None);
    }

    #[test]
    fn a_note_after_a_body_stays_in_its_name_but_not_in_its_canonical_name() {
        let noted = resolve("Sở Y tế (cơ quan thường trực).");
        assert_eq!(noted.name, "Sở Y tế (cơ quan thường trực)");
        assert_eq!(noted.canonical, "Sở Y tế");
        // The successor of a merged body is found through its note.
        let merged = resolve("Sở TT&TT (chủ trì, tổng hợp)");
        assert_eq!(merged.canonical, "Sở Thông tin và Truyền thông");
        assert_eq!(
            merged.successor.as_deref(),
            Some("Sở Khoa học và Công nghệ")
        );
        // An unknown body loses its note too, so the same body with two notes is one body.
        assert_eq!(
            resolve("Ban Quản lý dự án (nếu có)").canonical,
            resolve("Ban Quản lý dự án (đối với dự án đầu tư)").canonical
        );
    }

    /// Spellings plans use for the same body: dashes for "và" (any dash), abbreviations with a
    /// hyphen, the province's name after the body, the district level named by its level.
    #[test]
    fn a_body_spelt_otherwise_is_the_same_body() {
        for (printed, canonical, successor) in [
            (
                "Sở Lao động – Thương binh và Xã hội",
                "Sở Lao động - Thương binh và Xã hội",
                Some("Sở Nội vụ"),
            ),
            (
                "Sở LĐTB&XH",
                "Sở Lao động - Thương binh và Xã hội",
                Some("Sở Nội vụ"),
            ),
            (
                "Sở Kế hoạch - Đầu tư",
                "Sở Kế hoạch và Đầu tư",
                Some("Sở Tài chính"),
            ),
            (
                "Sở Thông tin — Truyền thông",
                "Sở Thông tin và Truyền thông",
                Some("Sở Khoa học và Công nghệ"),
            ),
            (
                "Sở TT-TT",
                "Sở Thông tin và Truyền thông",
                Some("Sở Khoa học và Công nghệ"),
            ),
            ("Sở GD-ĐT", "Sở Giáo dục và Đào tạo", None),
            ("Sở NN&MT", "Sở Nông nghiệp và Môi trường", None),
            (
                "Sở Nông nghiệp và PTNT",
                "Sở Nông nghiệp và Phát triển nông thôn",
                Some("Sở Nông nghiệp và Môi trường"),
            ),
            ("BHXH tỉnh", "Bảo hiểm xã hội tỉnh", None),
            (
                "Ban Dân tộc tỉnh",
                "Ban Dân tộc",
                Some("Sở Dân tộc và Tôn giáo"),
            ),
            (
                "Sở Thông tin và Truyền thông tỉnh Nghệ An",
                "Sở Thông tin và Truyền thông",
                Some("Sở Khoa học và Công nghệ"),
            ),
            (
                "UBND cấp huyện",
                "Ủy ban nhân dân các huyện, thành phố",
                Some("Ủy ban nhân dân cấp xã"),
            ),
            (
                "UBND các xã, phường, thị trấn",
                "Ủy ban nhân dân cấp xã",
                None,
            ),
        ] {
            let body = resolve(printed);
            assert_eq!(body.name, printed);
            assert_eq!(body.canonical, canonical, "{printed}");
            assert_eq!(body.successor.as_deref(), successor, "{printed}");
        }
        // A dash inside a word, or between years, is no "và".
        assert_eq!(
            resolve("Đài PT-TH tỉnh").canonical,
            "Đài Phát thanh và Truyền hình tỉnh"
        );
        assert!(!is_known("2025 - 2026"));
    }

    /// An unknown body's canonical name spells the lexicon's words as the lexicon does: "Ủy"
    /// (not "Uỷ") as in "Ủy ban nhân dân tỉnh", "hóa" as in "Sở Văn hóa, …".
    #[test]
    fn an_unknown_body_is_spelt_like_the_known_ones() {
        assert_eq!(
            resolve("Uỷ ban nhân dân thành phố Buôn Ma Thuột").canonical,
            "Ủy ban nhân dân thành phố Buôn Ma Thuột"
        );
        assert_eq!(
            resolve("Trung tâm Văn hoá tỉnh").canonical,
            "Trung tâm Văn hóa tỉnh"
        );
        assert_eq!(resolve("Trung tâm VĂN HOÁ").canonical, "Trung tâm VĂN HÓA");
    }

    #[test]
    fn notes_are_the_parentheses_that_close_a_name() {
        for (name, bare) in [
            ("Sở Y tế (chủ trì)", "Sở Y tế"),
            ("Sở Y tế (chủ trì);", "Sở Y tế"),
            ("Sở Y tế (chủ trì (tổng hợp))", "Sở Y tế"),
            ("Sở Y tế (chủ trì) (tổng hợp)", "Sở Y tế"),
            ("Sở Y tế, (chủ trì)", "Sở Y tế"),
            // Nothing before the note, or a ")" that closes nothing: the name as it is.
            ("(chủ trì)", "(chủ trì)"),
            ("Sở Y tế chủ trì)", "Sở Y tế chủ trì)"),
            ("a(b)c)", "a(b)c)"),
            // A note inside the name is part of it.
            ("Sở Giáo dục (GD) và Đào tạo", "Sở Giáo dục (GD) và Đào tạo"),
            ("", ""),
        ] {
            assert_eq!(without_notes(name), bare, "{name}");
        }
    }

    #[test]
    fn a_name_opening_one_letter_off_a_head_is_put_right() {
        for (name, corrected) in [
            ("Cá doanh nghiệp", "Các doanh nghiệp"),
            ("cá đơn vị liên quan", "các đơn vị liên quan"),
            (
                "Trung tăm Công nghệ thông tin",
                "Trung tâm Công nghệ thông tin",
            ),
        ] {
            assert_eq!(misspelt_head(name).as_deref(), Some(corrected), "{name}");
        }
        for name in [
            // Ordinary names one letter off a head, in any case.
            "Cá nhân, tổ chức có liên quan",
            "cán bộ, công chức cấp xã",
            "Trưởng Ban Chỉ đạo",
            "Đại Học Tây Nguyên",
            "Viễn Thông Kon Tum",
            "Việt Nam Airlines",
            "Cụm Công nghiệp Hòa Bình",
            "Hộ Kinh doanh",
            // An abbreviation one letter off another.
            "TP Kon Tum",
            // A head in other capitals.
            "Chi Cục Thuế",
            "Điện Lực Kon Tum",
            "Trung Tâm Công nghệ thông tin",
            "Thư Viện tỉnh",
            // Already open like a body, or like a known name.
            "Các doanh nghiệp",
            "Sở Tài chính",
            "Bảo hiểm xã hội tỉnh",
            "Công ty Điện lực",
            // The corrected opening would want a capital after it ("Đài Phát thanh …").
            "Đại học Tây Nguyên",
            // An opening alone, or too short to be one letter off anything in particular.
            "Cá",
            "X Tài chính",
            "",
        ] {
            assert_eq!(misspelt_head(name), None, "{name}");
        }
    }

    #[test]
    fn semicolon_parts_are_str_split() {
        for text in [
            "",
            ";",
            "a",
            "a;",
            ";a",
            "a;b;;c",
            "Sở A; Sở B;",
            "ủy ban;; ;x",
        ] {
            let parts: Vec<&str> = semicolon_parts(text).collect();
            assert_eq!(parts, text.split(';').collect::<Vec<_>>(), "{text:?}");
        }
    }

    /// The first, plainly quadratic reading of `split_part`: the fast one must agree with it.
    fn split_part_reference(part: &str) -> Vec<String> {
        let part = part.trim();
        if part.len() > MAX_PART_BYTES {
            return vec![part.to_string()];
        }
        let mut bodies: Vec<String> = Vec::new();
        // The body being read is always `part[current_start..offset]` (it never skips text), so
        // candidates are slices rather than copies: a long cell stays linear.
        let mut current_start = 0;
        let mut offset = 0;
        loop {
            let rest = &part[offset..];
            // Next boundary candidate: ", " or a bare ",", " và ", or a space before a
            // capitalized "Các".
            let candidates = [
                rest.find(',')
                    .map(|p| (p, if rest[p..].starts_with(", ") { 2 } else { 1 })),
                rest.find(" và ").map(|p| (p, " và ".len())),
                rest.find(" Các ").map(|p| (p, " ".len())),
            ];
            let Some((position, width)) = candidates.iter().flatten().min().copied() else {
                break;
            };
            let after = &rest[position + width..];
            let candidate = &part[current_start..offset + position];
            let splits = match head_at(after) {
                None => opens_one_more_body(candidate, after),
                Some((_, weak)) => {
                    !(candidate.trim().is_empty() || weak && is_enumerating_collective(candidate))
                }
            };
            offset += position + width;
            if splits {
                bodies.push(candidate.to_string());
                current_start = offset;
            }
        }
        let current = &part[current_start..];
        if !current.trim().is_empty() {
            bodies.push(current.to_string());
        }
        bodies
    }

    #[test]
    fn split_part_agrees_with_its_reference() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut compared = 0;
        for entry in std::fs::read_dir(root).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            for window in lines.windows(4).step_by(2) {
                let joined = window.join(" ");
                for part in joined.split(';') {
                    let mut fast = Vec::new();
                    split_part(part, &mut fast);
                    assert_eq!(fast, split_part_reference(part), "{part:?}");
                    compared += 1;
                }
            }
        }
        for part in [
            ", , và Các ,",
            " và và  Các Các",
            "Sở A, Sở B và Các sở",
            "Sở Y tế,Sở Tài chính, SNV,SYT",
            ",,Sở A,,Sở B,",
            " và ,Sở A",
            "",
        ] {
            let mut fast = Vec::new();
            split_part(part, &mut fast);
            assert_eq!(fast, split_part_reference(part), "{part:?}");
        }
        assert!(compared > 1000);
    }

    /// A comma with no space after it still parts two bodies, where a body opens after it;
    /// inside a name or a number it parts nothing.
    #[test]
    fn a_comma_without_its_space_parts_bodies() {
        assert_eq!(
            split("Sở Y tế,Sở Tài chính"),
            vec!["Sở Y tế", "Sở Tài chính"]
        );
        assert_eq!(split("SNV,SYT"), vec!["SNV", "SYT"]);
        assert_eq!(
            split("Sở Nội vụ,UBND cấp xã"),
            vec!["Sở Nội vụ", "UBND cấp xã"]
        );
        assert_eq!(
            split("Sở Văn hóa,Thể thao và Du lịch"),
            vec!["Sở Văn hóa,Thể thao và Du lịch"]
        );
        assert_eq!(split("Sở Y tế,"), vec!["Sở Y tế"]);
        // Where a body may open inside a word, the table search must know it.
        assert!(may_open_inside(Some("Sở"), "tế,Sở"));
        assert!(!may_open_inside(Some("Sở"), "tế,"));
    }

    /// A comma that lost its space inside a name is the name's own comma: the body is known,
    /// as it is written with the space. A number's comma is left as it is.
    #[test]
    fn a_comma_glued_inside_a_name_reads_as_the_name() {
        for (glued, spaced) in [
            (
                "Sở Văn hóa,Thể thao và Du lịch",
                "Sở Văn hóa, Thể thao và Du lịch",
            ),
            ("Sở VH,TT&DL", "Sở VH, TT&DL"),
            (
                "Sở Văn hoá,Thể thao và Du lịch",
                "Sở Văn hóa, Thể thao và Du lịch",
            ),
        ] {
            let read = resolve(glued);
            assert_eq!(read.name, glued, "the name as printed is kept");
            assert!(is_known(glued), "{glued}");
            assert_eq!(read.canonical, resolve(spaced).canonical, "{glued}");
            assert_eq!(read.canonical, "Sở Văn hóa, Thể thao và Du lịch", "{glued}");
        }
        assert_eq!(
            key_of("Sở Văn hóa,Thể thao"),
            key_of("Sở Văn hóa, Thể thao")
        );
        assert_eq!(key_of("tỷ lệ 1,5"), "tỷ lệ 1,5");
        assert_eq!(comma_spaced("a,1".to_string()), "a,1");
        assert_eq!(comma_spaced("a,b,c".to_string()), "a, b, c");
        assert_eq!(comma_spaced("a, b".to_string()), "a, b");
        assert_eq!(comma_spaced(",a,".to_string()), ",a,");
    }

    /// A short form with "&" reads the same with spaces around the sign.
    #[test]
    fn an_and_sign_with_spaces_reads_as_the_glued_short_form() {
        for name in ["Sở KH & CN", "Sở KH&CN", "Sở GD & ĐT"] {
            let glued = resolve(&name.replace(" & ", "&"));
            assert_ne!(glued.canonical, glued.name, "{name}");
            assert_eq!(resolve(name).canonical, glued.canonical, "{name}");
        }
        // Known by it, but never a name a misspelling is measured against: short keys such as
        // "sở kh và cn" sit a few letters from many garbled names.
        assert!(!LEXICON.spaced_forms.is_empty());
        for spaced in &LEXICON.spaced_forms {
            let (_, similarity) = closest_known(spaced).unwrap();
            assert!(similarity < 1.0, "{spaced}");
        }
    }

    #[test]
    fn bodies_run_together_are_cut_where_a_known_body_ends() {
        assert_eq!(
            split("Sở Nội vụ Công an tỉnh Sở Y tế"),
            vec!["Sở Nội vụ", "Công an tỉnh", "Sở Y tế"]
        );
        assert_eq!(
            split("Sở Tư pháp Trung tâm Phục vụ hành chính công, Sở Nội vụ"),
            vec![
                "Sở Tư pháp",
                "Trung tâm Phục vụ hành chính công",
                "Sở Nội vụ"
            ]
        );
        assert_eq!(
            split("Sở Nội vụ UBND cấp xã"),
            vec!["Sở Nội vụ", "UBND cấp xã"]
        );
        for whole in [
            "Sở Y tế các tỉnh lân cận",
            "Các sở, ban, ngành UBND cấp xã",
            "Sở Văn hóa, Thể thao và Du lịch",
            "Liên hiệp các Hội Khoa học và Kỹ thuật",
            "Văn phòng UBND tỉnh",
            "Công an tỉnh Kon Tum",
            "Sở Tài chính Kon Tum",
            "Trung tâm Dữ liệu Sở Tài chính",
        ] {
            assert_eq!(split(whole), vec![whole], "{whole}");
        }
    }

    #[test]
    fn collective_names_are_not_split_at_commas() {
        assert_eq!(
            split("Các sở, ban, ngành, UBND cấp xã"),
            vec!["Các sở, ban, ngành, UBND cấp xã"]
        );
        assert_eq!(
            split("Sở Khoa học và Công nghệ, Văn phòng UBND tỉnh và các đơn vị liên quan"),
            vec![
                "Sở Khoa học và Công nghệ",
                "Văn phòng UBND tỉnh",
                "các đơn vị liên quan"
            ]
        );
        assert_eq!(
            split("Sở Văn hóa, Thể thao và Du lịch"),
            vec!["Sở Văn hóa, Thể thao và Du lịch"]
        );
        assert_eq!(
            split("Văn phòng Ủy ban nhân dân tỉnh; Sở Nội vụ"),
            vec!["Văn phòng Ủy ban nhân dân tỉnh", "Sở Nội vụ"]
        );
        assert_eq!(
            split("Sở Kế hoạch và Đầu tư,"),
            vec!["Sở Kế hoạch và Đầu tư"]
        );
        // A name of one word after a comma is a body of its own, as a head opens one.
        assert_eq!(split("SNV, SYT và STC"), vec!["SNV", "SYT", "STC"]);
        assert_eq!(split("Sở Nội vụ, SYT"), vec!["Sở Nội vụ", "SYT"]);
        // Not inside an aside.
        assert_eq!(
            split("Ban Chỉ đạo tỉnh (thường trực: SNV, SYT)"),
            vec!["Ban Chỉ đạo tỉnh (thường trực: SNV, SYT)"]
        );
    }

    #[test]
    fn and_written_as_a_sign_or_for_a_collectives_last_comma_is_the_same_name() {
        assert_eq!(resolve("Sở DT và TG").canonical, "Sở Dân tộc và Tôn giáo");
        assert_eq!(resolve("Sở GD & ĐT").canonical, "Sở Giáo dục và Đào tạo");
        assert_eq!(
            resolve("Các sở, ban, ngành và địa phương").canonical,
            "Các sở, ngành, địa phương"
        );
        assert!(is_known("Các sở, ban, ngành và địa phương"));
        assert_eq!(last_comma_as_and("Các sở, ngành và địa phương"), None);
    }

    /// A name over twice as long as every known body is close to none; measuring it was the
    /// cost of a cell of names run together.
    #[test]
    fn a_name_far_longer_than_every_body_is_close_to_none() {
        let long = "Sở Thông tin và Truyền thông ".repeat(40);
        assert!(closest_known(&long).is_none());
        assert!(closest_known("Sở Thông tin và Truyền thông Sở Tư pháp").is_some());
    }

    #[test]
    fn canonical_names_and_successors() {
        let office = resolve("VP UBND tỉnh");
        assert_eq!(office.canonical, "Văn phòng Ủy ban nhân dân tỉnh");
        let ict = resolve("Sở TT&TT");
        assert_eq!(ict.canonical, "Sở Thông tin và Truyền thông");
        assert_eq!(ict.successor.as_deref(), Some("Sở Khoa học và Công nghệ"));
        assert!(is_known("Sở Văn hoá, Thể thao và Du lịch"));
        assert!(!is_known("Sở Vũ trụ"));
        let (closest, similarity) = closest_known("Sở Thong tin và Truyền thông").unwrap();
        assert_eq!(closest, "Sở Thông tin và Truyền thông");
        assert!(similarity > 0.9);
    }

    /// The plain readings the word-by-word ones replace: a name's key built whole, the first
    /// word's key built alone, the collective test on the text lowercased whole.
    fn opens_like_a_key_reference(name: &str) -> bool {
        let Some(first) = trim_body(name).split_whitespace().next() else {
            return true;
        };
        let first_key = word_key(&expand_with(&LEXICON.abbreviations, first));
        match first_key.split(' ').next() {
            Some(word) => LEXICON.key_first_words.contains(word),
            None => true,
        }
    }

    fn is_enumerating_collective_reference(body: &str) -> bool {
        let body = body.trim();
        let Some(rest) = body
            .strip_prefix("Các ")
            .or_else(|| body.strip_prefix("các "))
        else {
            return false;
        };
        let lowered = rest.to_lowercase();
        let tokens: Vec<&str> = lowered
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|t| !t.is_empty())
            .collect();
        let mut at = 0;
        'tokens: while at < tokens.len() {
            for parts in &LEXICON.list_word_parts {
                let mut length = 0;
                let mut matched = true;
                for part in parts {
                    if tokens.get(at + length) != Some(&part.as_str()) {
                        matched = false;
                        break;
                    }
                    length += 1;
                }
                if matched && length > 0 {
                    at += length;
                    continue 'tokens;
                }
            }
            return false;
        }
        true
    }

    fn assert_word_readings_agree(text: &str) {
        assert_eq!(
            key_of(text),
            key_with(&LEXICON.abbreviations, text),
            "key of {text:?}"
        );
        assert_eq!(
            opens_like_a_key(text),
            opens_like_a_key_reference(text),
            "opens like a key: {text:?}"
        );
        assert_eq!(
            is_enumerating_collective(text),
            is_enumerating_collective_reference(text),
            "enumerating collective: {text:?}"
        );
    }

    #[test]
    fn word_by_word_readings_agree_with_whole_text_readings() {
        let mut texts: Vec<String> = Vec::new();
        // Every name, alias and abbreviation of the lexicon, as printed and as a collective.
        for line in BODIES_TSV.lines().filter(|l| !l.starts_with('#')) {
            for field in line.split('\t').skip(1) {
                for name in field.split('|').filter(|n| !n.trim().is_empty()) {
                    texts.push(name.to_string());
                    texts.push(format!("Các {name}, {}", name.to_uppercase()));
                }
            }
        }
        // Runs of up to 16 words (longer than any known name) from every seed, starting at every
        // word of every fourth line.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        for entry in std::fs::read_dir(root).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines().step_by(4) {
                let words: Vec<&str> = line.split_whitespace().collect();
                for start in 0..words.len() {
                    for end in start + 1..=words.len().min(start + 16) {
                        texts.push(words[start..end].join(" "));
                    }
                }
            }
        }
        texts.extend(
            [
                "",
                " ",
                "-Sở Y tế",
                "- -Sở Y tế",
                "Sở. Y tế",
                "UBND, các huyện",
                "Các sở,ban,,ngành, UBND, ủy ban nhân dân",
                "Các ΣΑΣ, sở",
                "các ỦY BAN NHÂN DÂN cấp xã và đơn vị có liên quan",
                "Các sở UBND\u{00A0}tỉnh",
                "Sở Thông tin và\u{2003}Truyền thông",
                "Hoà Bình Thuỷ lợi ΟΔΟΣ",
                "ho\u{0300}a thu\u{0309}y",
                "\u{0301}Sở \u{0301}y tế",
                "TT&TT, VP. UBND; (UBND)",
            ]
            .map(String::from),
        );
        // Words too long to be remembered are keyed all the same.
        texts.push(format!("Sở {} UBND", "ỦY".repeat(40)));
        texts.push(format!("Các {}, sở", "ngành".repeat(20)));
        for text in &texts {
            assert_word_readings_agree(text);
        }
        assert!(texts.len() > 50_000, "{}", texts.len());
    }

    #[test]
    fn word_by_word_readings_agree_on_any_text() {
        crate::test_support::for_generated_texts(
            "(Các |các |UBND|VP|TT&TT|Sở|sở|ban|ngành|ủy|Ủy|ỦY|ΣΑΣ|Σ|ς|hoà|thuỷ|o\u{0300}a|\u{0301}|[.,;:()+•-]| |\u{00A0}|\u{2003}|[a-zA-Zđơư]){0,24}",
            3_000,
            0x706c_616e,
            assert_word_readings_agree,
        );
    }
}

//! Stage 6 — **render**: models to bytes (JSON, terminal tables, Markdown, CSV, HTML, XLSX) and
//! the one place output reaches the disk.

pub mod diff;
pub mod output;
pub mod plan;
pub mod plan_sheets;
pub mod sheets;

pub use output::{
    commit, is_quiet, refuse_read_only, set_quiet, write_atomic, write_note, write_stderr,
    write_temporary, write_temporary_with, write_together, Output,
};

/// Text as a terminal, a Markdown viewer or a browser should show it: control characters a
/// document may carry (ESC, BEL, backspace, bidirectional overrides …) made visible, one
/// character for one, so that a plan cannot recolour a terminal, retitle its window, rewrite
/// what a reviewer sees or shift columns. C0 controls become their Unicode control pictures
/// ("␛"), DEL "␡", bidirectional formatting characters (embeddings, overrides, isolates, the
/// directional marks) "⇄" — not "�", which a reader takes for a broken encoding — and C1
/// controls, which text gets only from a broken encoding, "�". Line breaks and
/// tabs stay (each view lays them out itself). JSON, CSV and XLSX keep the document's exact
/// characters.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    fn hidden(c: char) -> bool {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(
                c,
                '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
            )
    }
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            c if !hidden(c) => c,
            '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
            '\u{7F}' => '\u{2421}',
            c if c.is_control() => '\u{FFFD}',
            _ => '\u{21C4}',
        })
        .collect::<String>()
        .into()
}

/// Words longer than this are broken into pieces of this many characters, one a line, before a
/// terminal table lays them out: comfy-table cuts a word wider than its column one character at
/// a time, measuring the rest each time, so a 19,000-letter word took seconds and a megabyte
/// one minutes. Wider than a column on any terminal, so a real word (a long web address) is
/// laid out as before.
pub const MAX_TABLE_WORD_CHARS: usize = 120;

/// Document text for a terminal table: [`visible`], with words over
/// [`MAX_TABLE_WORD_CHARS`] broken onto lines of that many characters.
pub fn table_text(text: &str) -> String {
    // Words as comfy-table splits them: at ASCII spaces only (a no-break or ideographic space
    // joins two words into one for it), and at line ends.
    let is_break = |c: char| c == ' ' || c == '\n';
    let shown = visible(text);
    let long_word = shown.split(is_break).any(|word| {
        word.len() > MAX_TABLE_WORD_CHARS && word.chars().count() > MAX_TABLE_WORD_CHARS
    });
    if !long_word {
        return shown.into_owned();
    }
    let mut out = String::with_capacity(shown.len() + shown.len() / MAX_TABLE_WORD_CHARS);
    let mut run = 0;
    for c in shown.chars() {
        if is_break(c) {
            run = 0;
        } else {
            if run == MAX_TABLE_WORD_CHARS {
                out.push('\n');
                run = 0;
            }
            run += 1;
        }
        out.push(c);
    }
    out
}

/// A file name, or a message that must stay one line, for a reader: as [`visible`], and line
/// breaks and tabs shown as their pictures too ("␊", "␉"). A name is one line wherever it is
/// printed: a line break in it would start a line of its own in a report or a CI log (where a
/// line starting "::" is a command to the runner).
pub fn visible_name(text: &str) -> std::borrow::Cow<'_, str> {
    // The Unicode line and paragraph separators and NEL end a line for some viewers too.
    const BREAKS: [char; 5] = ['\n', '\t', '\u{85}', '\u{2028}', '\u{2029}'];
    if !text.contains(BREAKS) {
        return visible(text);
    }
    let named: String = text
        .chars()
        .map(|c| match c {
            '\n' => '\u{240A}',
            '\t' => '\u{2409}',
            '\u{85}' | '\u{2028}' => '\u{2424}',
            '\u{2029}' => '\u{B6}',
            c => c,
        })
        .collect();
    visible(&named).into_owned().into()
}

/// `words` laid out in lines at most `width` columns wide (as a terminal counts them), each line
/// starting with `indent`, words one space apart; a word wider than a line gets one to itself.
pub(crate) fn fill<'a>(
    words: impl IntoIterator<Item = &'a str>,
    width: usize,
    indent: &str,
) -> String {
    use unicode_width::UnicodeWidthStr;
    let indent_width = indent.width();
    let mut out = String::from(indent);
    let mut used = indent_width;
    let mut line_empty = true;
    for word in words {
        let word_width = word.width();
        if !line_empty && used + 1 + word_width > width {
            out.push('\n');
            out.push_str(indent);
            used = indent_width;
        } else if !line_empty {
            out.push(' ');
            used += 1;
        }
        out.push_str(word);
        used += word_width;
        line_empty = false;
    }
    out
}

/// How wide the prose around terminal tables (titles, notes) may run: `width` when given, else
/// what the terminal reports (a silly report of under 40 aside), else `terminal_width()`.
pub(crate) fn prose_width(width: Option<u16>) -> usize {
    usize::from(
        width
            .or_else(|| comfy_table::Table::new().width())
            .filter(|w| *w >= 40)
            .unwrap_or_else(terminal_width),
    )
}

/// "1 group", "2 groups": a count with its noun, for the headings of every view.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Each column's width, padding included, read off a rendered comfy-table grid's top border
/// ("┌───┬──┐"): comfy-table lays columns out when it renders and does not say how.
pub(crate) fn column_widths(shown: &str) -> Vec<usize> {
    shown
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches('┌')
        .trim_end_matches('┐')
        .split('┬')
        .map(|segment| segment.chars().count())
        .collect()
}

/// The width a terminal table is laid out for when it goes to `output`: `COLUMNS` when the
/// shell exports it, a file's 120, else None: comfy-table then asks the terminal itself
/// (interactive shells often do not export COLUMNS to programs, and a table laid out for 120
/// columns wrapped every line on an 80-column terminal).
pub fn table_width(to_file: bool) -> Option<u16> {
    if std::env::var_os("COLUMNS").is_some() || to_file {
        Some(terminal_width())
    } else {
        None
    }
}

/// Sets `table`'s width: `width` when given, else what the terminal reports, unless it reports
/// no size or a silly one (`script` and some CI runners report 0 × 0, which would squeeze every
/// column to one character): then `terminal_width()`.
pub fn fit_width(table: &mut comfy_table::Table, width: Option<u16>) {
    match width {
        Some(width) => {
            table.set_width(width);
        }
        None if table.width().is_none_or(|w| w < 40) => {
            table.set_width(terminal_width());
        }
        None => {}
    }
}

/// The width of the terminal standard output writes to: `COLUMNS` when the shell exports it,
/// else what the terminal reports (None when it reports nothing useful, as `script` and some CI
/// runners do).
pub fn terminal_columns() -> Option<u16> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .or_else(|| comfy_table::Table::new().width())
        .filter(|&w: &u16| w >= 20)
}

/// Terminal width to lay tables out for: `COLUMNS` (at least 40: no table of plandoc's fits in
/// fewer, and laid out for 40 it overflows a narrow terminal least), else 120 (also for a
/// `COLUMNS` of 0, which says nothing of the terminal).
pub fn terminal_width() -> u16 {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|w: &u16| *w > 0)
        .map_or(120, |w| w.max(40))
}

#[cfg(test)]
mod tests {
    use super::visible;

    #[test]
    fn controls_are_shown_one_character_for_one() {
        assert!(matches!(
            visible("Sở Y tế\tx\ny"),
            std::borrow::Cow::Borrowed(_)
        ));
        let hostile = "\u{1b}[31mĐỎ\u{1b}[0m\u{1b}]0;pwned\u{7}a\u{8}b\u{7f}\u{9b}c\u{202e}d";
        let shown = visible(hostile);
        assert_eq!(shown, "␛[31mĐỎ␛[0m␛]0;pwned␇a␈b␡�c⇄d");
        assert_eq!(shown.chars().count(), hostile.chars().count());
        assert!(!shown.chars().any(|c| c.is_control()));
    }

    #[test]
    fn a_name_is_one_line_whatever_it_holds() {
        let name = "d\n::error::x\r\t\u{85}\u{2028}\u{2029}\u{b}\u{c}\u{1b}.txt";
        let shown = super::visible_name(name);
        assert_eq!(shown, "d␊::error::x␍␉␤␤¶␋␌␛.txt");
        assert_eq!(shown.chars().count(), name.chars().count());
        assert_eq!(shown.lines().count(), 1);
        assert!(!shown.chars().any(|c| c.is_control()));
        assert!(matches!(
            super::visible_name("Sở Y tế.txt"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn long_words_are_broken_for_tables_with_every_character_kept() {
        let word = "ữ".repeat(300);
        let text = format!("a {word} b\tc");
        let shown = super::table_text(&text);
        assert_eq!(shown.replace('\n', ""), format!("a {word} b\tc"));
        assert!(shown
            .split(char::is_whitespace)
            .all(|w| w.chars().count() <= 120));
        assert_eq!(super::table_text("Sở Y tế"), "Sở Y tế");
        // Words joined by spaces comfy-table does not split at are one word to it.
        let joined = ["chữ"; 100].join("\u{a0}");
        let shown = super::table_text(&joined);
        assert_eq!(shown.replace('\n', ""), joined);
        assert!(shown.split([' ', '\n']).all(|w| w.chars().count() <= 120));
    }
}

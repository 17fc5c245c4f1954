//! HTML as the text of a plan: a saved web page, an office program's "Save as HTML", or the
//! `<table>` blocks that document converters (Azure Document Intelligence, docling …) put inside
//! their Markdown. Paragraphs become lines; each table row becomes one line of tab-separated
//! cells, which the table reader already knows (`structure::tables::delimited`).
//!
//! Two things a web table says with attributes rather than text are made explicit here:
//! - `colspan`: the cell, then empty cells for the other columns it covers, so the columns of
//!   later cells stay where the header put them;
//! - `rowspan`: a cell merged over rows belongs to each of them (a lead body printed once for
//!   three tasks leads all three), so its words are repeated in every row it covers. Left
//!   empty below instead: in the table's header zone (up to its first row of three or more
//!   cells, or one opening with a row's number), since "TT" over two header lines is one name;
//!   when the row's number cell is merged too (one task whose bodies take several rows: the
//!   rows below continue it); in a group's title row, whose words are not a task's.
//!
//! Line numbers: every paragraph and row is placed on the line of the source where it starts
//! (blank lines fill the rest), so the `lines` of a section or row are the HTML file's own
//! whenever it starts each row and paragraph on a line of its own, as office programs and most
//! pages do. Where several start on one source line (a minified page), they follow each other
//! and the numbers are those of the text `plandoc text` prints.

use std::borrow::Cow;

use once_cell::sync::Lazy;
use regex::Regex;

/// The widest a `colspan` is taken (HTML allows 1,000): wider spans in a plan are markup
/// errors, and the bound keeps a hostile span from multiplying a row's size.
const MAX_COLSPAN: usize = 64;
/// Columns past this many get no more spanned or carried-down cells (only their own words).
const MAX_GRID_COLUMNS: usize = 512;
/// The most rows a `rowspan` is carried down (HTML allows 65,534).
const MAX_ROWSPAN: usize = 1_000;
/// Bytes of carried-down words a document may add, beyond twice its own size: a long cell
/// merged over many rows must not multiply the text (past it, covered cells stay empty).
const CARRY_ALLOWANCE: usize = 4 * 1024 * 1024;

/// What the HTML reader did, for the reader's note.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct HtmlSummary {
    pub tables: usize,
    pub rows: usize,
    /// Cells whose words were repeated in the rows below them (`rowspan`).
    pub carried_down: usize,
}

/// Whether the text is an HTML document rather than text with some markup in it: it opens with
/// a doctype, `<html>` or an XML declaration followed by `<html>`, or it is named `.html`/`.htm`
/// and holds a body, paragraph or table tag.
pub fn is_document(name: &str, text: &str) -> bool {
    let head: String = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return true;
    }
    if head.starts_with("<?xml") && head.contains("<html") {
        return true;
    }
    let lower = name.to_ascii_lowercase();
    let named_html = [".html", ".htm", ".xhtml"]
        .iter()
        .any(|extension| lower.ends_with(extension));
    named_html && DOCUMENT_TAG.is_match(&text[..floor_boundary(text, 64 * 1024)])
}

/// The encoding an HTML page declares (`<meta charset=…>`, `content="text/html; charset=…"`)
/// when its bytes are not UTF-8: Word saves pages in the Windows code page of the machine, and
/// Western text read as a Vietnamese legacy font encoding garbles every accented letter. A page
/// set in a legacy Vietnamese font (".VnTime", "VNI-Times") declares a Western code page for
/// bytes that are not Western: left to detection.
pub fn declared_encoding(bytes: &[u8]) -> Option<super::Encoding> {
    // Most inputs are no page: the opening byte decides before anything is read in full.
    let start = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes)
        .iter()
        .position(|b| !b.is_ascii_whitespace())?;
    if bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)[start] != b'<' {
        return None;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(8 * 1024)]).to_ascii_lowercase();
    if !(head.contains("<html") || head.contains("<meta")) || std::str::from_utf8(bytes).is_ok() {
        return None;
    }
    if LEGACY_FONT.is_match(&head) {
        return None;
    }
    let declared = CHARSET.captures(&head)?.get(1)?.as_str().to_string();
    match declared.as_str() {
        "windows-1258" | "cp1258" => Some(super::Encoding::Windows1258),
        "windows-1252" | "cp1252" | "iso-8859-1" | "latin1" | "us-ascii" => {
            Some(super::Encoding::Windows1252)
        }
        _ => None,
    }
}

/// A legacy Vietnamese font named in the page's styles (".VnTime", "VNI-Times"), not a ".vn"
/// web address.
static LEGACY_FONT: Lazy<Regex> =
    Lazy::new(|| Regex::new(r#"(?:['"\s,:;=]\.vn[a-z]|vni-[a-z])"#).unwrap());
static CHARSET: Lazy<Regex> =
    Lazy::new(|| Regex::new(r#"charset\s*=\s*["']?\s*([a-z0-9_-]{2,20})"#).unwrap());

/// Whether a text that is not an HTML document carries HTML tables (Markdown from a converter
/// that writes its tables in HTML).
pub fn has_tables(text: &str) -> bool {
    TABLE_OPEN.find(text).is_some_and(|found| {
        let after = &text[found.end()..];
        ROW_OR_CELL.is_match(&after[..floor_boundary(after, 64 * 1024)])
    })
}

/// The whole HTML document as lines of text (see the module's notes).
pub fn document_to_text(html: &str) -> (String, HtmlSummary) {
    let mut reader = Reader::for_input(html);
    reader.read(html, 1);
    reader.finish()
}

/// The text with each `<table>…</table>` block read as rows of tab-separated cells; every
/// other line is kept as it is.
pub fn tables_to_text(text: &str) -> (String, HtmlSummary) {
    let mut reader = Reader::for_input(text);
    let mut kept_from = 0;
    let mut line = 1;
    let mut search_from = 0;
    while let Some(open) = TABLE_OPEN.find_at(text, search_from) {
        let end = table_end(text, open.start());
        // The text before the table, the part of its first line before `<table>` included.
        let before = &text[kept_from..open.start()];
        reader.keep_verbatim(before, line);
        line += count_lines(before);
        reader.read(&text[open.start()..end], line);
        reader.close_open_tables();
        line += count_lines(&text[open.start()..end]);
        kept_from = end;
        search_from = end;
    }
    reader.keep_verbatim(&text[kept_from..], line);
    reader.finish()
}

static DOCUMENT_TAG: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)<(body|p|div|table|br|h[1-6])\b").unwrap());
static TABLE_OPEN: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i)<table\b").unwrap());
static TABLE_TAG: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i)</?table\b[^>]*>").unwrap());
static ROW_OR_CELL: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i)<(tr|td|th)\b").unwrap());
/// A task row's number ("3", "1.2", "2.1.", "1000": a flat table may number past 999).
static ROW_NUMBER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^[0-9]{1,5}(?:\.[0-9]{1,5}){0,3}\.?$").unwrap());
static SPAN: Lazy<Regex> =
    Lazy::new(|| Regex::new(r#"(?i)\b(rowspan|colspan)\s*=\s*["']?\s*([0-9]{1,6})"#).unwrap());
/// Elements whose content is not text of the page.
static RAW_END: Lazy<[(&'static str, Regex); 6]> = Lazy::new(|| {
    [
        "script", "style", "textarea", "title", "template", "noscript",
    ]
    .map(|name| (name, Regex::new(&format!(r"(?i)</{name}\s*>")).unwrap()))
});

/// Where the table opened at `start` ends: after its matching `</table>`, or at the end of the
/// text when it is never closed.
fn table_end(text: &str, start: usize) -> usize {
    let mut depth = 0usize;
    for tag in TABLE_TAG.find_iter(&text[start..]) {
        if tag.as_str().starts_with("</") {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return start + tag.end();
            }
        } else {
            depth += 1;
        }
    }
    text.len()
}

fn count_lines(text: &str) -> usize {
    memchr::memchr_iter(b'\n', text.as_bytes()).count()
}

/// The largest char boundary at or below `at` (no further than the text's end).
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The next '>' as last found.
#[derive(Clone, Copy)]
enum NextGt {
    Unknown,
    At(usize),
    /// None at or after this position.
    NoneFrom(usize),
}

impl NextGt {
    fn after(self, bytes: &[u8], from: usize) -> NextGt {
        match self {
            NextGt::At(gt) if gt > from => self,
            NextGt::NoneFrom(start) if start <= from => self,
            _ => memchr::memchr(b'>', &bytes[from..])
                .map_or(NextGt::NoneFrom(from), |i| NextGt::At(from + i)),
        }
    }
}

#[derive(Default)]
struct Cell {
    /// The cell's words, its paragraphs apart by '\n'.
    text: String,
    colspan: usize,
    rowspan: usize,
    /// The source line the cell opens on.
    line: usize,
}

impl Cell {
    /// The words on one line (a row's cell).
    fn words(&self) -> String {
        let mut words = String::with_capacity(self.text.len());
        for paragraph in self
            .text
            .split('\n')
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            if !words.is_empty() {
                words.push(' ');
            }
            words.push_str(paragraph);
        }
        words
    }
}

#[derive(Default)]
struct Row {
    line: usize,
    cells: Vec<Cell>,
}

#[derive(Default)]
struct Table {
    rows: Vec<Row>,
    /// Whether a cell is open (its words go into the last cell of the last row).
    in_cell: bool,
    /// The table lays the page out (a table stands in one of its cells): its cells are read
    /// as paragraphs, not as a row's cells.
    layout: bool,
}

/// Tables inside tables past this depth are read as their words alone.
const MAX_TABLE_DEPTH: usize = 32;

/// A line of output and the source line it starts on.
struct Placed {
    line: usize,
    text: String,
}

#[derive(Default)]
struct Reader {
    out: Vec<Placed>,
    /// The paragraph being read and the source line of its first word.
    paragraph: String,
    paragraph_line: usize,
    paragraph_has_words: bool,
    /// The open tables, innermost last.
    tables: Vec<Table>,
    /// Tables opened past `MAX_TABLE_DEPTH` and not yet closed.
    too_deep: usize,
    in_head: bool,
    summary: HtmlSummary,
    /// Bytes of carried-down words still allowed.
    carry_budget: usize,
}

impl Reader {
    fn for_input(text: &str) -> Reader {
        Reader {
            carry_budget: text.len().saturating_mul(2).saturating_add(CARRY_ALLOWANCE),
            ..Reader::default()
        }
    }

    /// Reads HTML starting on source line `line`.
    fn read(&mut self, html: &str, mut line: usize) {
        let bytes = html.as_bytes();
        let mut at = 0;
        // Where the last search for a '>' ended: a run of '<' without one must not send every
        // '<' scanning to the end again.
        let mut next_gt = NextGt::Unknown;
        while at < bytes.len() {
            let Some(lt) = memchr::memchr(b'<', &bytes[at..]).map(|i| at + i) else {
                self.text(&html[at..], line);
                break;
            };
            if lt > at {
                self.text(&html[at..lt], line);
                line += count_lines(&html[at..lt]);
            }
            let rest = &html[lt..];
            if rest.starts_with("<!--") {
                let end = rest.find("-->").map_or(html.len(), |i| lt + i + 3);
                line += count_lines(&html[lt..end]);
                at = end;
                continue;
            }
            let opens_tag = rest
                .as_bytes()
                .get(1)
                .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'/' || b == b'!' || b == b'?');
            let gt = if opens_tag {
                next_gt = next_gt.after(bytes, lt);
                match next_gt {
                    NextGt::At(gt) => Some(gt),
                    _ => None,
                }
            } else {
                None
            };
            let Some(gt) = gt else {
                // A '<' that opens no tag is the document's own.
                self.text("<", line);
                at = lt + 1;
                continue;
            };
            let tag = &html[lt + 1..gt];
            line += count_lines(tag);
            at = gt + 1;
            let closing = tag.starts_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .take(16)
                .collect::<String>()
                .to_ascii_lowercase();
            if !closing {
                if let Some((_, end)) = RAW_END.iter().find(|(raw, _)| *raw == name) {
                    let end = end
                        .find_at(html, at)
                        .map_or(html.len(), |found| found.end());
                    line += count_lines(&html[at..end]);
                    at = end;
                    continue;
                }
            }
            self.tag(&name, closing, tag, line);
        }
    }

    fn tag(&mut self, name: &str, closing: bool, tag: &str, line: usize) {
        match name {
            "head" => self.in_head = !closing,
            "body" => self.in_head = false,
            "table" => self.table_tag(closing),
            "tr" | "td" | "th" | "thead" | "tbody" | "tfoot" if self.reads_rows() => {
                self.table_part(name, closing, tag, line)
            }
            "b" | "strong" => self.words(if closing { "</b>" } else { "<b>" }, line, false),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.block_break();
                if !closing && !self.in_cell() {
                    let level = usize::from(name.as_bytes()[1] - b'0');
                    self.words(&format!("{} ", "#".repeat(level)), line, false);
                }
            }
            "br" | "p" | "div" | "li" | "ul" | "ol" | "dl" | "dt" | "dd" | "blockquote" | "pre"
            | "section" | "article" | "header" | "footer" | "main" | "nav" | "aside" | "hr"
            | "caption" | "address" | "figure" | "figcaption" | "form" | "fieldset" | "center"
            | "tr" | "td" | "th" => self.block_break(),
            _ => {}
        }
    }

    /// Whether the innermost open table reads rows (it is not the page's layout).
    fn reads_rows(&self) -> bool {
        self.too_deep == 0 && self.tables.last().is_some_and(|table| !table.layout)
    }

    fn in_cell(&self) -> bool {
        self.tables
            .last()
            .is_some_and(|table| !table.layout && table.in_cell)
    }

    /// A block starts or ends: inside a cell a new paragraph of it starts; elsewhere the line
    /// ends.
    fn block_break(&mut self) {
        if self.in_cell() {
            if let Some(cell) = self.open_cell() {
                if !cell.text.is_empty() && !cell.text.ends_with('\n') {
                    let kept = cell.text.trim_end_matches(' ').len();
                    cell.text.truncate(kept);
                    cell.text.push('\n');
                }
            }
        } else {
            self.flush_paragraph();
        }
    }

    fn open_cell(&mut self) -> Option<&mut Cell> {
        self.tables
            .last_mut()
            .and_then(|table| table.rows.last_mut())
            .and_then(|row| row.cells.last_mut())
    }

    fn table_tag(&mut self, closing: bool) {
        if self.too_deep > 0 || (!closing && self.tables.len() >= MAX_TABLE_DEPTH) {
            if closing {
                self.too_deep -= 1;
            } else {
                self.too_deep += 1;
            }
            self.block_break();
            return;
        }
        if closing {
            match self.tables.last() {
                None => {}
                Some(table) if table.layout => {
                    self.flush_paragraph();
                    self.tables.pop();
                }
                Some(_) => self.close_innermost(),
            }
            return;
        }
        if self.reads_rows() {
            if self.in_cell() {
                let has_rows = self
                    .tables
                    .last()
                    .is_some_and(|table| table.rows.iter().any(|row| row.cells.len() >= 3));
                if has_rows {
                    // A table inside a cell of a table with rows of its own: its words are
                    // the cell's.
                    self.too_deep += 1;
                    self.block_break();
                    return;
                }
                // A table inside a cell of a table without rows yet: the outer one holds the
                // page's layout.
                self.make_layout();
            } else {
                // A table opened between the cells of another: the first one ends here.
                self.close_innermost();
            }
        }
        self.flush_paragraph();
        self.tables.push(Table::default());
    }

    /// The innermost table turns out to lay the page out: what it read so far becomes
    /// paragraphs, and so will the rest of its cells.
    fn make_layout(&mut self) {
        let Some(table) = self.tables.last_mut() else {
            return;
        };
        let rows = std::mem::take(&mut table.rows);
        table.layout = true;
        table.in_cell = false;
        self.place_as_paragraphs(rows);
    }

    /// Each cell's paragraphs as lines of their own, in reading order.
    fn place_as_paragraphs(&mut self, rows: Vec<Row>) {
        self.flush_paragraph();
        for row in rows {
            for cell in row.cells {
                for paragraph in cell.text.split('\n').map(str::trim) {
                    if !paragraph.is_empty() && paragraph != "<b></b>" {
                        self.out.push(Placed {
                            line: cell.line,
                            text: paragraph.to_string(),
                        });
                    }
                }
            }
        }
    }

    fn table_part(&mut self, name: &str, closing: bool, tag: &str, line: usize) {
        let table = self.tables.last_mut().expect("a table is open");
        match (name, closing) {
            ("tr", false) => {
                table.in_cell = false;
                table.rows.push(Row {
                    line,
                    cells: Vec::new(),
                });
            }
            ("td" | "th", false) => {
                if table.rows.is_empty() {
                    table.rows.push(Row {
                        line,
                        cells: Vec::new(),
                    });
                }
                let (mut colspan, mut rowspan) = (1, 1);
                for span in SPAN.captures_iter(tag) {
                    let value: usize = span[2].parse().unwrap_or(1);
                    if span[1].eq_ignore_ascii_case("colspan") {
                        colspan = value.clamp(1, MAX_COLSPAN);
                    } else {
                        rowspan = value.clamp(1, MAX_ROWSPAN);
                    }
                }
                let row = table.rows.last_mut().expect("a row was pushed");
                row.cells.push(Cell {
                    text: String::new(),
                    colspan,
                    rowspan,
                    line,
                });
                table.in_cell = true;
            }
            ("td" | "th", true) | ("tr", true) | ("thead" | "tbody" | "tfoot", _) => {
                table.in_cell = false;
            }
            _ => {}
        }
    }

    /// Text between tags: character references decoded, white space collapsed.
    fn text(&mut self, raw: &str, line: usize) {
        if self.in_head {
            return;
        }
        let decoded = decode_references(raw);
        let mut line = line;
        let mut pending_space = false;
        let mut chunk = String::new();
        let mut chunk_line = line;
        let mut has_words = false;
        for c in decoded.chars() {
            if c == '\n' {
                line += 1;
            }
            if c.is_whitespace() {
                pending_space = true;
                continue;
            }
            if pending_space {
                chunk.push(' ');
                pending_space = false;
            }
            if !has_words {
                chunk_line = line;
                has_words = true;
            }
            chunk.push(c);
        }
        if pending_space {
            chunk.push(' ');
        }
        if !chunk.is_empty() {
            self.words(&chunk, chunk_line, has_words);
        }
    }

    /// Adds words (or markers, or a space) to the open cell, or else to the paragraph.
    fn words(&mut self, words: &str, line: usize, has_words: bool) {
        if let Some(table) = self.tables.last_mut().filter(|table| !table.layout) {
            if table.in_cell {
                if let Some(cell) = table.rows.last_mut().and_then(|row| row.cells.last_mut()) {
                    push_collapsed(&mut cell.text, words);
                }
                return;
            }
            if !has_words {
                return;
            }
        }
        if !self.paragraph_has_words && has_words {
            self.paragraph_line = line;
        }
        self.paragraph_has_words |= has_words;
        push_collapsed(&mut self.paragraph, words);
    }

    fn flush_paragraph(&mut self) {
        let text = std::mem::take(&mut self.paragraph);
        if self.paragraph_has_words {
            let text = text.trim();
            self.out.push(Placed {
                line: self.paragraph_line,
                text: text.to_string(),
            });
        }
        self.paragraph_has_words = false;
    }

    /// Closes every open table, innermost first.
    fn close_open_tables(&mut self) {
        self.too_deep = 0;
        while let Some(table) = self.tables.last() {
            if table.layout {
                self.flush_paragraph();
                self.tables.pop();
            } else {
                self.close_innermost();
            }
        }
        self.flush_paragraph();
    }

    /// Lays the innermost table out as rows (see the module's notes on spans); a table of one
    /// or two cells a row (the issuing body beside the motto, the signature beside "Nơi
    /// nhận") lays the page out, and its cells are paragraphs.
    fn close_innermost(&mut self) {
        self.flush_paragraph();
        let Some(table) = self.tables.pop() else {
            return;
        };
        if table.rows.iter().all(|row| row.cells.len() <= 2) {
            self.place_as_paragraphs(table.rows);
            return;
        }
        self.summary.tables += 1;
        // Each column's cell carried down: rows left to fill and the words they get.
        let mut carried: Vec<Option<(usize, String)>> = Vec::new();
        let mut in_header_zone = true;
        for row in table.rows {
            let mut cells: Vec<String> = Vec::with_capacity(row.cells.len());
            let mut column = 0;
            // A row of a group's title (its number, and a title over the rest of the width)
            // takes no words from a cell merged across it: they are a task's, not the title's.
            let own = row
                .cells
                .iter()
                .filter(|c| !c.text.trim().is_empty())
                .count();
            let title_row = own <= 2 && row.cells.last().is_some_and(|c| c.colspan >= 2);
            let budget = &mut self.carry_budget;
            let mut fill = |carried: &mut Vec<Option<(usize, String)>>,
                            cells: &mut Vec<String>,
                            column: usize|
             -> bool {
                let Some(Some((left, words))) = carried.get_mut(column) else {
                    return false;
                };
                if title_row || words.len() > *budget {
                    cells.push(String::new());
                } else {
                    *budget -= words.len();
                    cells.push(words.clone());
                }
                *left -= 1;
                if *left == 0 {
                    carried[column] = None;
                }
                true
            };
            let wide = row.cells.len() >= 3;
            // A row that opens with a row's number is a task, not a header line (a table
            // continued from a page break starts so).
            if row
                .cells
                .first()
                .is_some_and(|c| ROW_NUMBER.is_match(c.text.trim()))
            {
                in_header_zone = false;
            }
            // A row whose number cell is merged over the rows below goes on in them (one task,
            // its bodies in rows): its merged cells are left empty below, as continued rows.
            let continues_below = row.cells.first().map_or(1, |c| c.rowspan);
            for cell in row.cells {
                while fill(&mut carried, &mut cells, column) {
                    column += 1;
                }
                let words = cell.words();
                let span = if column < MAX_GRID_COLUMNS {
                    cell.colspan
                } else {
                    1
                };
                if cell.rowspan > 1 && column + span <= MAX_GRID_COLUMNS {
                    if carried.len() < column + span {
                        carried.resize(column + span, None);
                    }
                    let repeated = !in_header_zone && cell.rowspan > continues_below;
                    for offset in 0..span {
                        let below = if offset == 0 && repeated && !words.is_empty() {
                            self.summary.carried_down += 1;
                            words.clone()
                        } else {
                            String::new()
                        };
                        carried[column + offset] = Some((cell.rowspan - 1, below));
                    }
                }
                cells.push(words);
                cells.extend(std::iter::repeat_n(String::new(), span - 1));
                column += span;
            }
            // Carried cells right of the row's own.
            while column < carried.len() {
                if !fill(&mut carried, &mut cells, column) {
                    cells.push(String::new());
                }
                column += 1;
            }
            // Merges that ended leave no width behind: later rows are as wide as their cells.
            while carried.last().is_some_and(Option::is_none) {
                carried.pop();
            }
            if wide {
                in_header_zone = false;
            }
            if cells.iter().all(|cell| cell.is_empty()) {
                continue;
            }
            self.summary.rows += 1;
            self.out.push(Placed {
                line: row.line,
                text: cells.join("\t"),
            });
        }
    }

    /// Text outside any table of a Markdown file, kept line for line from source line `line`.
    /// What is left of a table's first or last line beside it is kept only when it has words:
    /// a line of its own would push the lines after it down.
    fn keep_verbatim(&mut self, text: &str, line: usize) {
        let pieces: Vec<&str> = text.split('\n').collect();
        let last = pieces.len() - 1;
        for (offset, kept) in pieces.into_iter().enumerate() {
            let kept = kept.trim_end_matches('\r');
            let shares_a_tables_line = (offset == 0 && self.summary.tables > 0) || offset == last;
            if shares_a_tables_line && kept.trim().is_empty() {
                continue;
            }
            // A converter's note between tables ("<!-- PageBreak -->", "<!-- PageFooter=… -->")
            // is markup, not a line of the plan: a blank line keeps the numbering.
            let kept = if is_comment_alone(kept) { "" } else { kept };
            self.out.push(Placed {
                line: line + offset,
                text: kept.to_string(),
            });
        }
    }

    fn finish(mut self) -> (String, HtmlSummary) {
        self.flush_paragraph();
        self.close_open_tables();
        let mut text = String::new();
        let mut next_line = 1;
        for placed in &self.out {
            while next_line < placed.line {
                text.push('\n');
                next_line += 1;
            }
            text.push_str(&placed.text);
            text.push('\n');
            next_line += 1;
        }
        (text, self.summary)
    }
}

fn is_comment_alone(line: &str) -> bool {
    let line = line.trim();
    line.len() >= 7
        && line.starts_with("<!--")
        && line.ends_with("-->")
        && line[4..].find("-->") == Some(line.len() - 7)
}

/// Appends words, never two spaces in a row nor a space at the start.
fn push_collapsed(into: &mut String, words: &str) {
    for c in words.chars() {
        if c == ' ' && (into.is_empty() || into.ends_with([' ', '\n'])) {
            continue;
        }
        into.push(c);
    }
}

/// `&amp;`, `&agrave;`, `&#7897;`, `&#x1EE5;` … as the characters they stand for; a reference to
/// nothing known is kept as written. A no-break space is a space.
fn decode_references(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    REFERENCE.replace_all(text, |caps: &regex::Captures| {
        let found = if let Some(name) = caps.get(1) {
            NAMED_REFERENCES
                .binary_search_by(|(known, _)| known.cmp(&name.as_str()))
                .ok()
                .map(|index| NAMED_REFERENCES[index].1)
        } else {
            let code = match (caps.get(2), caps.get(3)) {
                (Some(decimal), _) => decimal.as_str().parse().ok(),
                (_, Some(hex)) => u32::from_str_radix(hex.as_str(), 16).ok(),
                _ => None,
            };
            code.and_then(char::from_u32)
                .filter(|c| !c.is_control() || c.is_whitespace())
        };
        match found {
            // A line break written as a reference is no line of the source: the numbering
            // counts the file's own lines.
            Some('\u{a0}' | '\n' | '\r') => " ".to_string(),
            Some(c) => c.to_string(),
            None => caps[0].to_string(),
        }
    })
}

static REFERENCE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"&(?:([A-Za-z][A-Za-z0-9]{1,9})|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));").unwrap()
});

/// HTML's named character references that Vietnamese pages use: Latin-1's letters (older
/// editors write "Kế hoạch" with `&ecirc;`-style names where they can), the letters of
/// Vietnamese that HTML5 names, and punctuation. Sorted by name for a binary search.
const NAMED_REFERENCES: &[(&str, char)] = &[
    ("AElig", 'Æ'),
    ("Aacute", 'Á'),
    ("Abreve", 'Ă'),
    ("Acirc", 'Â'),
    ("Agrave", 'À'),
    ("Aring", 'Å'),
    ("Atilde", 'Ã'),
    ("Auml", 'Ä'),
    ("Ccedil", 'Ç'),
    ("Dstrok", 'Đ'),
    ("ETH", 'Ð'),
    ("Eacute", 'É'),
    ("Ecirc", 'Ê'),
    ("Egrave", 'È'),
    ("Euml", 'Ë'),
    ("Iacute", 'Í'),
    ("Icirc", 'Î'),
    ("Igrave", 'Ì'),
    ("Itilde", 'Ĩ'),
    ("Iuml", 'Ï'),
    ("Ntilde", 'Ñ'),
    ("Oacute", 'Ó'),
    ("Ocirc", 'Ô'),
    ("Ograve", 'Ò'),
    ("Oslash", 'Ø'),
    ("Otilde", 'Õ'),
    ("Ouml", 'Ö'),
    ("Uacute", 'Ú'),
    ("Ucirc", 'Û'),
    ("Ugrave", 'Ù'),
    ("Utilde", 'Ũ'),
    ("Uuml", 'Ü'),
    ("Yacute", 'Ý'),
    ("aacute", 'á'),
    ("abreve", 'ă'),
    ("acirc", 'â'),
    ("aelig", 'æ'),
    ("agrave", 'à'),
    ("amp", '&'),
    ("apos", '\''),
    ("aring", 'å'),
    ("atilde", 'ã'),
    ("auml", 'ä'),
    ("bdquo", '„'),
    ("bull", '•'),
    ("ccedil", 'ç'),
    ("copy", '©'),
    ("deg", '°'),
    ("divide", '÷'),
    ("dstrok", 'đ'),
    ("eacute", 'é'),
    ("ecirc", 'ê'),
    ("egrave", 'è'),
    ("emsp", ' '),
    ("ensp", ' '),
    ("eth", 'ð'),
    ("euml", 'ë'),
    ("euro", '€'),
    ("frac12", '½'),
    ("frac14", '¼'),
    ("frac34", '¾'),
    ("ge", '≥'),
    ("gt", '>'),
    ("hellip", '…'),
    ("iacute", 'í'),
    ("icirc", 'î'),
    ("igrave", 'ì'),
    ("itilde", 'ĩ'),
    ("iuml", 'ï'),
    ("laquo", '«'),
    ("ldquo", '“'),
    ("le", '≤'),
    ("lsquo", '‘'),
    ("lt", '<'),
    ("mdash", '—'),
    ("middot", '·'),
    ("minus", '−'),
    ("nbsp", '\u{a0}'),
    ("ndash", '–'),
    ("ne", '≠'),
    ("ntilde", 'ñ'),
    ("oacute", 'ó'),
    ("ocirc", 'ô'),
    ("ograve", 'ò'),
    ("ordf", 'ª'),
    ("ordm", 'º'),
    ("oslash", 'ø'),
    ("otilde", 'õ'),
    ("ouml", 'ö'),
    ("para", '¶'),
    ("permil", '‰'),
    ("plusmn", '±'),
    ("quot", '"'),
    ("raquo", '»'),
    ("rdquo", '”'),
    ("reg", '®'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("sect", '§'),
    ("shy", '\u{ad}'),
    ("sup1", '¹'),
    ("sup2", '²'),
    ("sup3", '³'),
    ("szlig", 'ß'),
    ("thinsp", ' '),
    ("times", '×'),
    ("trade", '™'),
    ("uacute", 'ú'),
    ("ucirc", 'û'),
    ("ugrave", 'ù'),
    ("utilde", 'ũ'),
    ("uuml", 'ü'),
    ("yacute", 'ý'),
    ("yuml", 'ÿ'),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_references_are_sorted_for_the_search() {
        assert!(NAMED_REFERENCES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn paragraphs_become_lines_on_their_own_source_lines() {
        let html = "<html><head><title>x</title>\n<style>p{}</style></head>\n<body>\n\
                    <p>K&ecirc; hoạch</p>\n<p>I. MỤC&nbsp;ĐÍCH,\n   YÊU CẦU</p>\n\
                    <h2>II. NHIỆM VỤ</h2><script>var a = '<p>';</script>\n</body></html>\n";
        let (text, summary) = document_to_text(html);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[3], "Kê hoạch");
        assert_eq!(lines[4], "I. MỤC ĐÍCH, YÊU CẦU");
        assert_eq!(lines[5], "");
        assert_eq!(lines[6], "## II. NHIỆM VỤ");
        assert_eq!(summary.tables, 0);
        assert!(!text.contains("var a"), "{text}");
    }

    #[test]
    fn spans_are_laid_out_on_the_grid() {
        let html = "<table>\n\
            <tr><th rowspan=2>TT</th><th rowspan=2>Nhiệm vụ</th><th colspan=2>Cơ quan thực hiện</th><th rowspan=\"2\">Thời gian</th></tr>\n\
            <tr><th>Chủ trì</th><th>Phối hợp</th></tr>\n\
            <tr><td colspan=5><b>I. THỂ CHẾ</b></td></tr>\n\
            <tr><td>1</td><td>Ban hành <br>quy chế</td><td rowspan=2><p>Sở Nội vụ</p></td><td>Sở Tư pháp</td><td>2026</td></tr>\n\
            <tr><td>2</td><td>Rà soát</td><td>Các sở</td><td>2027</td></tr>\n\
            </table>\n";
        let (text, summary) = document_to_text(html);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "TT\tNhiệm vụ\tCơ quan thực hiện\t\tThời gian");
        assert_eq!(lines[2], "\t\tChủ trì\tPhối hợp\t");
        assert_eq!(lines[3], "<b>I. THỂ CHẾ</b>\t\t\t\t");
        assert_eq!(lines[4], "1\tBan hành quy chế\tSở Nội vụ\tSở Tư pháp\t2026");
        assert_eq!(lines[5], "2\tRà soát\tSở Nội vụ\tCác sở\t2027");
        assert_eq!(
            summary,
            HtmlSummary {
                tables: 1,
                rows: 5,
                carried_down: 1
            }
        );
    }

    #[test]
    fn tables_inside_markdown_keep_the_other_lines() {
        let text = "# KẾ HOẠCH\n\nPHỤ LỤC\n<table><tr><td>TT</td><td>Nhiệm vụ</td><td>Chủ trì</td></tr>\n<tr><td>1</td><td>Việc &amp; làm</td><td>Sở A</td></tr></table> sau\nHết\n";
        assert!(has_tables(text));
        let (read, summary) = tables_to_text(text);
        assert_eq!(
            read,
            "# KẾ HOẠCH\n\nPHỤ LỤC\nTT\tNhiệm vụ\tChủ trì\n1\tViệc & làm\tSở A\n sau\nHết\n"
        );
        // Nothing beside the table: the lines after it keep their numbers.
        let (read, _) =
            tables_to_text("a\n<table><tr><td>1</td><td>2</td><td>3</td></tr></table>\nb\n");
        assert_eq!(read, "a\n1\t2\t3\nb\n");
        assert_eq!(summary.rows, 2);
    }

    /// A page laid out in a table (the plan in one of its cells) and a signature beside "Nơi
    /// nhận" are paragraphs; the plan's own table inside the layout cell is read as rows, and
    /// a table inside one of its cells as that cell's words.
    #[test]
    fn tables_that_lay_the_page_out_are_paragraphs() {
        let html = "<html><body><table><tr><td>Menu</td><td>\n<p>KẾ HOẠCH</p>\n\
            <table>\n<tr><td>TT</td><td>Nhiệm vụ</td><td>Chủ trì</td></tr>\n\
            <tr><td>1</td><td>Việc<table><tr><td>lồng</td></tr></table></td><td>Sở A</td></tr>\n</table>\n\
            <table><tr><td><p>Nơi nhận:</p><p>- Như trên;</p></td><td><p>TM. ỦY BAN NHÂN DÂN</p><p>Lê Văn A</p></td></tr></table>\n\
            </td></tr></table></body></html>";
        let (text, summary) = document_to_text(html);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "Menu",
                "KẾ HOẠCH",
                "",
                "TT\tNhiệm vụ\tChủ trì",
                "1\tViệc lồng\tSở A",
                "",
                "Nơi nhận:",
                "- Như trên;",
                "TM. ỦY BAN NHÂN DÂN",
                "Lê Văn A"
            ]
        );
        assert_eq!(summary.tables, 1);
    }

    #[test]
    fn a_converters_comment_between_tables_is_no_line() {
        for (line, alone) in [
            ("<!-- PageBreak -->", true),
            ("  <!-- PageFooter=\"7\" -->", true),
            ("<!---->", true),
            ("<!--->", false),
            ("<!-- a --> b <!-- c -->", false),
            ("Hết <!-- x -->", false),
        ] {
            assert_eq!(is_comment_alone(line), alone, "{line}");
        }
    }

    #[test]
    fn hostile_markup_stays_linear_and_bounded() {
        // Every '<' opens a tag that never closes: read as the text's own, once each.
        let lt_run = "<a".repeat(200_000);
        let (text, _) = document_to_text(&format!("<html>{lt_run}"));
        assert_eq!(text.trim_end(), lt_run);
        let wide = format!(
            "<table><tr>{}</tr><tr><td>x</td></tr></table>",
            "<td colspan=999999 rowspan=999999>y</td>".repeat(2_000)
        );
        let (text, _) = document_to_text(&wide);
        assert!(text.len() < 2_000_000, "{}", text.len());
        // Merges that end leave no width behind them.
        let rows = "<tr><td>1</td></tr>\n".repeat(1_000);
        let (text, _) = document_to_text(&format!(
            "<table><tr>{}</tr>\n<tr><td>a</td></tr>\n{rows}</table>",
            "<td colspan=64 rowspan=2>h</td>".repeat(8)
        ));
        assert!(text.len() < 10_000, "{}", text.len());
        let (text, _) = document_to_text("<html><p>a < b &bogus; &#0; &#x1F600;</p><table><td>x");
        assert_eq!(text, "a < b &bogus; &#0; 😀\nx\n");
    }

    #[test]
    fn documents_are_told_from_text_with_markup() {
        assert!(is_document("a.txt", "\u{feff}<!DOCTYPE html><p>x"));
        assert!(is_document(
            "-",
            "  <html xmlns:v=\"urn:schemas-microsoft-com:vml\">"
        ));
        assert!(is_document(
            "page.HTM",
            "<meta charset=utf-8><p>Kế hoạch</p>"
        ));
        // A declared charset, unless the page is set in a legacy Vietnamese font.
        let declared = |head: &str| {
            let mut bytes = format!("<html><head>{head}</head><p>K").into_bytes();
            bytes.push(0xEA);
            declared_encoding(&bytes)
        };
        assert_eq!(
            declared("<meta charset=windows-1252><link href='https://a.gov.vn/x'>"),
            Some(super::super::Encoding::Windows1252)
        );
        assert_eq!(
            declared("<meta charset=windows-1252><style>p{font-family:\".VnTime\"}</style>"),
            None
        );
        assert_eq!(
            declared("<meta charset=windows-1252><font face=\"VNI-Times\">"),
            None
        );
        // A line break written as a reference is a space, not a line.
        let (text, _) = document_to_text("<p>a&#10;b</p>\n<p>c</p>\n");
        assert_eq!(text, "a b\nc\n");
        assert!(!is_document(
            "plan.md",
            "# KẾ HOẠCH\n<table><tr><td>1</td></tr></table>"
        ));
        assert!(!is_document("plan.txt", "Kế hoạch <b>số 12</b>"));
        assert!(has_tables("x\n<TABLE border=1>\n<TR><TD>1"));
        assert!(!has_tables("bảng <table> không có hàng"));
    }
}

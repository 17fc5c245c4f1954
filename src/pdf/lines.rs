//! Glyphs → words → lines, each with its box on the page.
//!
//! A line here is every word on one baseline of a page, across table columns: the table stage
//! cuts lines into cells by x, the text stages cut them into column segments by gaps.

use super::glyphs::{Glyph, Page};

/// A run of glyphs with no space between them.
#[derive(Debug, Clone)]
pub struct Word {
    pub x0: f64,
    pub x1: f64,
    /// Top and bottom of the text box (from the baseline and the font size).
    pub top: f64,
    pub bottom: f64,
    pub size: f64,
    pub text: String,
}

impl Word {
    pub fn center_x(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
}

#[derive(Debug, Clone)]
pub struct TextLine {
    /// Index into the document's pages.
    pub page: usize,
    pub baseline: f64,
    pub top: f64,
    pub bottom: f64,
    pub words: Vec<Word>,
}

impl TextLine {
    pub fn x0(&self) -> f64 {
        self.words.first().map_or(0.0, |w| w.x0)
    }

    pub fn x1(&self) -> f64 {
        self.words.last().map_or(0.0, |w| w.x1)
    }

    /// Typical font size of the line.
    pub fn size(&self) -> f64 {
        let mut sizes: Vec<f64> = self.words.iter().map(|w| w.size).collect();
        sizes.sort_by(f64::total_cmp);
        sizes.get(sizes.len() / 2).copied().unwrap_or(10.0)
    }

    /// Words joined with single spaces.
    pub fn text(&self) -> String {
        join_words(&self.words)
    }

    /// The words split where the gap between two words is wider than `gap_em` font sizes: the
    /// pieces of a line that sit in different columns or cells.
    pub fn segments(&self, gap_em: f64) -> Vec<&[Word]> {
        let mut out = Vec::new();
        let mut start = 0;
        for index in 1..self.words.len() {
            let (before, after) = (&self.words[index - 1], &self.words[index]);
            if after.x0 - before.x1 > gap_em * before.size.max(after.size) {
                out.push(&self.words[start..index]);
                start = index;
            }
        }
        if start < self.words.len() {
            out.push(&self.words[start..]);
        }
        out
    }
}

pub fn join_words(words: &[Word]) -> String {
    let mut out = String::new();
    for word in words {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word.text);
    }
    out
}

/// All lines of all pages, pages in order, lines top to bottom.
pub fn assemble(pages: &[Page]) -> Vec<TextLine> {
    let mut lines = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        lines.extend(page_lines(index, &page.glyphs));
    }
    lines
}

fn page_lines(page: usize, glyphs: &[Glyph]) -> Vec<TextLine> {
    let mut order: Vec<&Glyph> = glyphs.iter().filter(|g| g.size > 0.5).collect();
    order.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    // Baseline clusters: a glyph joins the current line while it sits within a third of a font
    // size of the line's first baseline (accents and small size changes stay on their line).
    let mut clusters: Vec<Vec<&Glyph>> = Vec::new();
    let mut anchor = f64::NEG_INFINITY;
    for glyph in order {
        let tolerance = 0.35 * glyph.size;
        match clusters.last_mut() {
            Some(cluster) if glyph.y - anchor <= tolerance => cluster.push(glyph),
            _ => {
                anchor = glyph.y;
                clusters.push(vec![glyph]);
            }
        }
    }
    let mut lines = Vec::new();
    for mut cluster in clusters {
        cluster.sort_by(|a, b| a.x.total_cmp(&b.x));
        let words = words_of(&cluster);
        if words.is_empty() {
            continue;
        }
        let baseline = cluster.iter().map(|g| g.y).sum::<f64>() / cluster.len() as f64;
        let top = words.iter().map(|w| w.top).fold(f64::MAX, f64::min);
        let bottom = words.iter().map(|w| w.bottom).fold(f64::MIN, f64::max);
        lines.push(TextLine {
            page,
            baseline,
            top,
            bottom,
            words,
        });
    }
    lines
}

/// Splits one baseline's glyphs (sorted by x) into words: at space glyphs, and where the next
/// glyph starts clearly right of where the previous one ended.
fn words_of(glyphs: &[&Glyph]) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut current: Option<Word> = None;
    for glyph in glyphs {
        if glyph.is_space() {
            if let Some(word) = current.take() {
                words.push(word);
            }
            continue;
        }
        let end = glyph.x + glyph.width.max(0.0);
        match current.as_mut() {
            Some(word) if glyph.x - word.x1 <= 0.2 * glyph.size.max(word.size) => {
                word.text.push_str(&glyph.text);
                word.x1 = word.x1.max(end);
                word.size = word.size.max(glyph.size);
                word.top = word.top.min(glyph.y - 0.8 * glyph.size);
                word.bottom = word.bottom.max(glyph.y + 0.2 * glyph.size);
            }
            _ => {
                if let Some(word) = current.take() {
                    words.push(word);
                }
                current = Some(Word {
                    x0: glyph.x,
                    x1: end,
                    top: glyph.y - 0.8 * glyph.size,
                    bottom: glyph.y + 0.2 * glyph.size,
                    size: glyph.size,
                    text: glyph.text.clone(),
                });
            }
        }
    }
    if let Some(word) = current {
        words.push(word);
    }
    words
}

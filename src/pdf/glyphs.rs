//! Positioned glyphs and ruling lines out of a PDF, through pdf-extract's `OutputDev` callbacks.
//!
//! Coordinates are page points with the origin at the top left (y grows downwards), so "above"
//! means a smaller y everywhere after this module.

use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, PathOp, Transform};

/// Pages, glyphs and rules past these counts are not collected: a pathological file cannot make
/// later stages (which sort and scan these lists) slow or memory-hungry.
const MAX_GLYPHS: usize = 4_000_000;
const MAX_RULES: usize = 1_000_000;

/// One drawn character (or ligature) with its baseline position.
#[derive(Debug, Clone)]
pub struct Glyph {
    pub x: f64,
    /// Baseline.
    pub y: f64,
    /// Advance width in points.
    pub width: f64,
    /// Font size in points, after the page transform.
    pub size: f64,
    pub text: String,
}

impl Glyph {
    pub fn is_space(&self) -> bool {
        self.text.chars().all(char::is_whitespace)
    }
}

/// An axis-aligned ruling line (a table border).
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rule {
    pub fn is_horizontal(&self) -> bool {
        (self.y1 - self.y0).abs() <= (self.x1 - self.x0).abs()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub number: u32,
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
}

/// Keeps the first [`MAX_GLYPHS`] glyphs and [`MAX_RULES`] rules of the document, in page order.
/// Each collector caps what it gathers, but pages are read in chunks, one collector per chunk and
/// as many chunks as threads: capped again over the whole document, the result is the same
/// whatever the number of chunks (each chunk's first glyphs include its share of the document's).
pub fn cap(pages: &mut [Page]) {
    cap_to(pages, MAX_GLYPHS, MAX_RULES);
}

fn cap_to(pages: &mut [Page], max_glyphs: usize, max_rules: usize) {
    let (mut glyphs, mut rules) = (0usize, 0usize);
    for page in pages {
        page.glyphs.truncate(max_glyphs - glyphs);
        glyphs += page.glyphs.len();
        page.rules.truncate(max_rules - rules);
        rules += page.rules.len();
    }
}

/// Collects every page's glyphs and rules.
#[derive(Default)]
pub struct Collector {
    pub pages: Vec<Page>,
    glyph_count: usize,
    rule_count: usize,
    flip_height: f64,
}

impl Collector {
    fn page(&mut self) -> Option<&mut Page> {
        self.pages.last_mut()
    }

    fn to_page(&self, ctm: &Transform, x: f64, y: f64) -> (f64, f64) {
        let px = x * ctm.m11 + y * ctm.m21 + ctm.m31;
        let py = x * ctm.m12 + y * ctm.m22 + ctm.m32;
        (px, self.flip_height - py)
    }

    fn add_rule(&mut self, (ax, ay): (f64, f64), (bx, by): (f64, f64)) {
        if self.rule_count >= MAX_RULES {
            return;
        }
        let (dx, dy) = ((bx - ax).abs(), (by - ay).abs());
        // Only axis-aligned lines are table borders; diagonals and curves are drawings.
        if dx.min(dy) > 1.0 || dx.max(dy) < 2.0 {
            return;
        }
        let rule = Rule {
            x0: ax.min(bx),
            y0: ay.min(by),
            x1: ax.max(bx),
            y1: ay.max(by),
        };
        if let Some(page) = self.page() {
            page.rules.push(rule);
            self.rule_count += 1;
        }
    }

    fn add_path(&mut self, ctm: &Transform, path: &Path, filled: bool) {
        // Each sub-path: a list of page points; a thin filled shape is a rule drawn as a box.
        let mut subpaths: Vec<Vec<(f64, f64)>> = Vec::new();
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => subpaths.push(vec![self.to_page(ctm, x, y)]),
                PathOp::LineTo(x, y) => {
                    let point = self.to_page(ctm, x, y);
                    match subpaths.last_mut() {
                        Some(current) => current.push(point),
                        None => subpaths.push(vec![point]),
                    }
                }
                PathOp::CurveTo(_, _, _, _, x, y) => {
                    // A curve breaks any straight run: start a fresh sub-path at its end.
                    subpaths.push(vec![self.to_page(ctm, x, y)]);
                }
                PathOp::Rect(x, y, w, h) => subpaths.push(vec![
                    self.to_page(ctm, x, y),
                    self.to_page(ctm, x + w, y),
                    self.to_page(ctm, x + w, y + h),
                    self.to_page(ctm, x, y + h),
                    self.to_page(ctm, x, y),
                ]),
                PathOp::Close => {
                    if let Some(current) = subpaths.last_mut() {
                        if let Some(first) = current.first().copied() {
                            current.push(first);
                        }
                    }
                }
            }
        }
        for points in subpaths {
            let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for &(x, y) in &points {
                x0 = x0.min(x);
                y0 = y0.min(y);
                x1 = x1.max(x);
                y1 = y1.max(y);
            }
            if points.is_empty() {
                continue;
            }
            let thin = (x1 - x0).min(y1 - y0) <= 2.5;
            if thin {
                let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
                if x1 - x0 >= y1 - y0 {
                    self.add_rule((x0, cy), (x1, cy));
                } else {
                    self.add_rule((cx, y0), (cx, y1));
                }
            } else if !filled || points.len() == 5 {
                // A stroked outline, or a filled box (cell shading) whose edges are cell edges.
                for pair in points.windows(2) {
                    self.add_rule(pair[0], pair[1]);
                }
            }
        }
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.flip_height = media_box.ury - media_box.lly;
        self.pages.push(Page {
            number: page_num,
            width: (media_box.urx - media_box.llx).abs(),
            height: self.flip_height.abs(),
            glyphs: Vec::new(),
            rules: Vec::new(),
        });
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        if self.glyph_count >= MAX_GLYPHS || text.is_empty() {
            return Ok(());
        }
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = font_size * scale;
        let advance = width * font_size * trm.m11.hypot(trm.m12);
        let x = trm.m31;
        let y = self.flip_height - trm.m32;
        if !(x.is_finite() && y.is_finite() && size.is_finite() && advance.is_finite()) {
            return Ok(());
        }
        let glyph = Glyph {
            x,
            y,
            width: advance,
            size,
            text: text.to_string(),
        };
        if let Some(page) = self.page() {
            page.glyphs.push(glyph);
            self.glyph_count += 1;
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn stroke(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.add_path(ctm, path, false);
        Ok(())
    }

    fn fill(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.add_path(ctm, path, true);
        Ok(())
    }
}

#[cfg(test)]
mod cap_tests {
    use super::*;

    fn page(number: u32, glyphs: usize, rules: usize) -> Page {
        let glyph = Glyph {
            x: 0.0,
            y: 0.0,
            width: 1.0,
            size: 10.0,
            text: "a".to_string(),
        };
        let rule = Rule {
            x0: 0.0,
            y0: 0.0,
            x1: 10.0,
            y1: 0.0,
        };
        Page {
            number,
            glyphs: vec![glyph; glyphs],
            rules: vec![rule; rules],
            ..Page::default()
        }
    }

    fn counts(pages: &[Page]) -> Vec<(usize, usize)> {
        pages
            .iter()
            .map(|p| (p.glyphs.len(), p.rules.len()))
            .collect()
    }

    /// Collectors cap each chunk of pages; capped again over the document, one chunk or three
    /// give the same pages.
    #[test]
    fn the_caps_do_not_depend_on_the_chunks() {
        let sizes = [(3, 1), (4, 2), (2, 2), (5, 0)];
        let collect = |chunk: usize| -> Vec<Page> {
            let mut pages = Vec::new();
            for part in sizes.chunks(chunk) {
                // What one collector keeps: its first 6 glyphs and 3 rules in page order.
                let (mut glyphs, mut rules) = (0, 0);
                for (k, &(g, r)) in part.iter().enumerate() {
                    let (g, r) = (g.min(6 - glyphs), r.min(3 - rules));
                    glyphs += g;
                    rules += r;
                    pages.push(page(k as u32, g, r));
                }
            }
            cap_to(&mut pages, 6, 3);
            pages
        };
        assert_eq!(counts(&collect(4)), vec![(3, 1), (3, 2), (0, 0), (0, 0)]);
        for chunk in 1..=3 {
            assert_eq!(
                counts(&collect(chunk)),
                counts(&collect(4)),
                "chunks of {chunk}"
            );
        }
    }
}

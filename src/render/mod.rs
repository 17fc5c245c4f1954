//! Stage 6 — **render**: models to bytes (JSON, terminal tables, Markdown, CSV, HTML, XLSX) and
//! the one place output reaches the disk.

pub mod diff;
pub mod output;
pub mod plan;
pub mod plan_sheets;
pub mod sheets;

pub use output::{commit, write_atomic, write_stderr, write_temporary, write_together, Output};

/// Terminal width to lay tables out for: `COLUMNS`, else 120.
pub fn terminal_width() -> u16 {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|w: &u16| *w >= 40)
        .unwrap_or(120)
}

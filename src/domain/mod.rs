//! Domain knowledge, kept in one place: numbering systems, text folding for comparison, bodies
//! (agencies) and their 2025 successors, timeframe words. The word lists live in `data/`.

pub mod agencies;
pub mod duties;
pub mod numbering;
pub mod reorganization;
pub mod standard_parts;
pub mod text;
pub mod timeframe;

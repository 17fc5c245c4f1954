//! Cross-province comparison (`plandoc diff`).
//!
//! NOTE: not built yet.

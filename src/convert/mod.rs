//! Batch conversion (`plandoc convert`): folders of plans to JSON, in parallel, with a manifest.
//!
//! NOTE: not built yet.

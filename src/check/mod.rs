//! Draft linting (`plandoc check`).
//!
//! NOTE: not built yet.

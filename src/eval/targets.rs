//! Target accuracy. NOTE: not built yet.

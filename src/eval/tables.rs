//! Table accuracy. NOTE: not built yet.

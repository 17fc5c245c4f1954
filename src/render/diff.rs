//! Rendering a diff (table, Markdown, CSV, JSON, HTML, XLSX). NOTE: not built yet.

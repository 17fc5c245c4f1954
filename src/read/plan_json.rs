//! A plan as JSON that `plandoc parse` wrote (`plandoc/plan@1`), read back for `diff` and for
//! `check --baseline`: a file named `.json` is that JSON, never a document to parse (read as
//! text, its numbers and quotes would be taken for the plan's words).

use std::path::Path;

use crate::error::{Error, Result};
use crate::model::{Plan, PLAN_SCHEMA};

/// Plan JSON larger than this is refused before it is read: a real plan's JSON is under 2 MB
/// (about 15× its text), and reading one holds it twice over (the bytes, then the values), so
/// the limit keeps a wrong file, a device or `/dev/zero` from taking the memory.
pub const MAX_PLAN_JSON_BYTES: u64 = 64 * 1024 * 1024;

/// Whether `path` names plan JSON rather than a document: its extension, in any case.
pub fn is_plan_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Reads the plan JSON at `path`, refusing (exit 2, naming the file) anything else: another of
/// plandoc's schemas, an array, JSON that is not a plan, bytes over the limit.
pub fn load(path: &Path) -> Result<Plan> {
    let bytes = super::read_source_limited(path, MAX_PLAN_JSON_BYTES)?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| Error::input(path, format!("not UTF-8 JSON: {e}")))?;
    let text = text.trim_start_matches('\u{FEFF}');
    // The schema first: a diff's or a manifest's JSON is told apart by its name, not by the
    // first field a plan has and it lacks.
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(fields)) => match fields.get("schema") {
            Some(serde_json::Value::String(schema)) if schema != PLAN_SCHEMA => {
                return Err(Error::input(
                    path,
                    format!(
                        "schema is \"{}\", expected \"{PLAN_SCHEMA}\" (a plan as `plandoc \
                         parse` writes it)",
                        crate::render::plan::shorten(schema, 80)
                    ),
                ));
            }
            _ => {}
        },
        Ok(serde_json::Value::Array(_)) => {
            return Err(Error::input(
                path,
                format!("a JSON array, not a {PLAN_SCHEMA} plan (one plan per file)"),
            ));
        }
        _ => {}
    }
    serde_json::from_str(text)
        .map_err(|e| Error::input(path, format!("not a {PLAN_SCHEMA} JSON file: {e}")))
}

//! A plan as JSON that `plandoc parse` wrote (`plandoc/plan@1`), read back for `diff` and for
//! `check --baseline`: a file named `.json` is that JSON, never a document to parse (read as
//! text, its numbers and quotes would be taken for the plan's words).

use std::path::Path;

use once_cell::sync::Lazy;
use regex::Regex;

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

/// The one field read before the plan: which of plandoc's shapes the JSON says it is. Every
/// other field is skipped without being kept, so telling a plan from a diff or a manifest, or
/// from a JSON file of zeros, costs no memory (reading the file into values first took 2.4 GB
/// for 64 MiB).
#[derive(serde::Deserialize)]
struct Head {
    schema: Option<SchemaName>,
}

/// The `schema` field's string; any other value is skipped unkept (a megabyte array there
/// would otherwise be built in memory) and read as none.
struct SchemaName(Option<String>);

impl<'de> serde::Deserialize<'de> for SchemaName {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
        struct Name;
        impl<'de> Visitor<'de> for Name {
            type Value = SchemaName;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E>(self, value: &str) -> std::result::Result<SchemaName, E> {
                Ok(SchemaName(Some(value.to_string())))
            }
            fn visit_bool<E>(self, _: bool) -> std::result::Result<SchemaName, E> {
                Ok(SchemaName(None))
            }
            fn visit_i64<E>(self, _: i64) -> std::result::Result<SchemaName, E> {
                Ok(SchemaName(None))
            }
            fn visit_u64<E>(self, _: u64) -> std::result::Result<SchemaName, E> {
                Ok(SchemaName(None))
            }
            fn visit_f64<E>(self, _: f64) -> std::result::Result<SchemaName, E> {
                Ok(SchemaName(None))
            }
            fn visit_unit<E>(self) -> std::result::Result<SchemaName, E> {
                Ok(SchemaName(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<SchemaName, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(SchemaName(None))
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<SchemaName, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(SchemaName(None))
            }
        }
        deserializer.deserialize_any(Name)
    }
}

/// Whether `bytes` are the JSON of a plan whatever the file is named (`-`, `baseline`,
/// `plan.json.bak`): a JSON object whose `schema` is `plandoc/plan@1`. A text document never
/// is one.
pub fn is_plan_json_bytes(bytes: &[u8]) -> bool {
    plandoc_schema_of(bytes).as_deref() == Some(PLAN_SCHEMA)
}

/// The `schema` of one of plandoc's own JSON outputs (`plandoc/plan@1`, `plandoc/diff@1`,
/// `plandoc/check@1`, `plandoc/manifest@1` …) when `bytes` are one: a JSON object whose `schema`
/// opens with `plandoc/`.
pub fn plandoc_schema_of(bytes: &[u8]) -> Option<String> {
    // The cheap tests first: a UTF-16 plan text is not decoded whole only to be let go.
    if bytes.len() as u64 > MAX_PLAN_JSON_BYTES || !head_text(bytes).trim_start().starts_with('{') {
        return None;
    }
    let utf8 = as_utf8(bytes);
    let SchemaName(name) = serde_json::from_slice::<Head>(strip_bom(&utf8))
        .ok()?
        .schema?;
    name.filter(|name| name.starts_with("plandoc/"))
}

/// How much of a file's head is looked at for the `schema` of plandoc's own JSON.
const JSON_HEAD_BYTES: usize = 4096;

/// The `schema` of one of plandoc's own JSON outputs and whether the file is JSON Lines (one
/// object a line), when `bytes` are one: an object, an array of them (`check`'s report on
/// several drafts) or JSON Lines (`convert`'s `plans.jsonl`, `check -f jsonl`) whose first
/// object opens with a `schema` naming `plandoc/…`, as plandoc writes them, in UTF-8 or in
/// UTF-16 with its byte-order mark (PowerShell's `>`), of any size; or a whole object under
/// the limit with that `schema` anywhere in it (keys reordered by a script).
pub(crate) fn plandoc_json(bytes: &[u8]) -> Option<(String, bool)> {
    static OPENING: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r#"^[\[\s]*\{\s*"schema"\s*:\s*"(plandoc/[A-Za-z0-9@._-]{1,64})""#).unwrap()
    });
    if let Some(found) = OPENING.captures(&head_text(bytes)) {
        // A first line that is a whole object, and another after it.
        let utf8 = as_utf8(bytes);
        let json_lines = utf8.iter().position(|&b| b == b'\n').is_some_and(|at| {
            utf8[..at].trim_ascii_end().ends_with(b"}")
                && utf8[at + 1..].trim_ascii_start().starts_with(b"{")
        });
        return Some((found[1].to_string(), json_lines));
    }
    plandoc_schema_of(bytes).map(|schema| (schema, false))
}

/// The file's first `JSON_HEAD_BYTES` as text: UTF-16 with its byte-order mark decoded, UTF-8
/// without its mark.
fn head_text(bytes: &[u8]) -> String {
    let decode = |rest: &[u8], encoding: &'static encoding_rs::Encoding| {
        let end = rest.len().min(JSON_HEAD_BYTES) & !1;
        encoding
            .decode_without_bom_handling(&rest[..end])
            .0
            .into_owned()
    };
    match bytes {
        [0xFF, 0xFE, rest @ ..] => decode(rest, encoding_rs::UTF_16LE),
        [0xFE, 0xFF, rest @ ..] => decode(rest, encoding_rs::UTF_16BE),
        _ => {
            let rest = strip_bom(bytes);
            String::from_utf8_lossy(&rest[..rest.len().min(JSON_HEAD_BYTES)]).into_owned()
        }
    }
}

/// The first byte that is not white space: `{` for an object, `[` for an array.
fn first_byte(text: &[u8]) -> Option<u8> {
    text.iter().copied().find(|b| !b.is_ascii_whitespace())
}

/// JSON saved as UTF-16 with its byte-order mark (Windows PowerShell 5's `>` writes it so) as
/// UTF-8; other bytes as they are.
fn as_utf8(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let encoding = match bytes {
        [0xFF, 0xFE, ..] => encoding_rs::UTF_16LE,
        [0xFE, 0xFF, ..] => encoding_rs::UTF_16BE,
        _ => return std::borrow::Cow::Borrowed(bytes),
    };
    let (text, _) = encoding.decode_with_bom_removal(bytes);
    std::borrow::Cow::Owned(text.into_owned().into_bytes())
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// A plan from a file given where a plan is wanted (`diff`'s inputs, `check --baseline`): the
/// JSON `plandoc parse` wrote when the file is named `.json` or its bytes are that JSON
/// whatever its name (standard input, `plan.json.bak`), else `None` and the bytes, read once,
/// for the caller to parse as a document.
pub fn read_plan_or_document(path: &Path) -> Result<(Option<Plan>, Vec<u8>)> {
    if is_plan_json(path) {
        return Ok((Some(load(path)?), Vec::new()));
    }
    let bytes = super::read_source(path)?;
    // A file that opens as a plan's JSON and is damaged (cut short, over the limit) gets the
    // JSON's own error, not a reading as a document that calls it plandoc's JSON.
    let opens_as_plan =
        || plandoc_json(&bytes).is_some_and(|(schema, lines)| schema == PLAN_SCHEMA && !lines);
    if is_plan_json_bytes(&bytes) || opens_as_plan() {
        return Ok((Some(from_bytes(path, &bytes)?), Vec::new()));
    }
    Ok((None, bytes))
}

/// Reads the plan JSON at `path`, refusing (exit 2, naming the file) anything else: another of
/// plandoc's schemas, an array, JSON that is not a plan, bytes over the limit.
pub fn load(path: &Path) -> Result<Plan> {
    let bytes = super::read_source_limited(path, MAX_PLAN_JSON_BYTES)?;
    from_bytes(path, &bytes)
}

/// As [`load`], for bytes already read (`name` in messages).
pub fn from_bytes(name: &Path, bytes: &[u8]) -> Result<Plan> {
    if bytes.len() as u64 > MAX_PLAN_JSON_BYTES {
        return Err(Error::input(
            name,
            format!(
                "plan JSON is over the {} limit",
                super::size_words(MAX_PLAN_JSON_BYTES)
            ),
        ));
    }
    let utf8 = as_utf8(bytes);
    let text = strip_bom(&utf8);
    if first_byte(text) == Some(b'[') {
        return Err(Error::input(
            name,
            format!("a JSON array, not a {PLAN_SCHEMA} plan (one plan per file)"),
        ));
    }
    // The schema first: a diff's or a manifest's JSON is told apart by its name, not by the
    // first field a plan has and it lacks.
    if let Ok(Head {
        schema: Some(SchemaName(schema)),
    }) = serde_json::from_slice::<Head>(text)
    {
        if schema.as_deref() != Some(PLAN_SCHEMA) {
            let shown = match schema {
                Some(name) => format!("\"{}\"", crate::render::plan::shorten(&name, 80)),
                None => "not a string".to_string(),
            };
            return Err(Error::input(
                name,
                format!(
                    "schema is {shown}, expected \"{PLAN_SCHEMA}\" (a plan as `plandoc parse` \
                     writes it)"
                ),
            ));
        }
    }
    serde_json::from_slice(text)
        .map_err(|e| Error::input(name, format!("not a {PLAN_SCHEMA} JSON file: {e}")))
}

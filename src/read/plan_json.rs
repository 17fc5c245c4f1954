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
    let utf8 = as_utf8(bytes);
    let text = strip_bom(&utf8);
    if first_byte(text) != Some(b'{') || bytes.len() as u64 > MAX_PLAN_JSON_BYTES {
        return None;
    }
    let SchemaName(name) = serde_json::from_slice::<Head>(text).ok()?.schema?;
    name.filter(|name| name.starts_with("plandoc/"))
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
    if is_plan_json_bytes(&bytes) {
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

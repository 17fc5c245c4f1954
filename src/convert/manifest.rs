//! `manifest.json`: what each input became. It is the record a rerun consults to skip inputs that
//! did not change, so it holds nothing that varies between identical runs (no times, no job
//! count): the same inputs give the same manifest bytes.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::{Plan, Severity, TableKind};

pub const MANIFEST_SCHEMA: &str = "plandoc/convert-manifest@1";
pub const MANIFEST_NAME: &str = "manifest.json";
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub schema: String,
    pub tool: String,
    pub version: String,
    pub options: RunOptions,
    pub totals: Totals,
    /// The run was interrupted: `inputs` holds the inputs it finished and, for those it did not
    /// reach, the previous manifest's entries of their plan files still on disk, as they were
    /// (without their hash when an earlier version or other options wrote them, so that no run
    /// reuses those files); `totals` counts this run's inputs only.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub interrupted: bool,
    /// The folder the run was started in, resolved: the inputs' relative paths are below it. A
    /// later run from another folder (another checkout, a script's own folder) reads them from
    /// here, not as its own "./a.txt". Absent in manifests of versions before 0.1.2, which are
    /// read as if from the current folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// `base` as seen from the output folder ("..", "../.."; `/`-separated): the same for every
    /// output folder beside another, so the manifest's bytes do not depend on the folder's
    /// name. A manifest found where `base` is not at that place any more (a checkout copied
    /// with its outputs, a tree moved) reads `base` from here when the inputs it names are
    /// found there rather than at the recorded `base`. Absent in manifests before stop 43.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_from_out_dir: Option<String>,
    pub inputs: Vec<Entry>,
}

/// The options that change output bytes: an output made with other options is not reused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunOptions {
    /// `json` (one file per plan) or `jsonl` (one line per plan in `plans.jsonl`).
    pub format: String,
    pub compact: bool,
    /// The forced encoding, if any.
    pub encoding: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Read, parsed and written in this run.
    Converted,
    /// Same bytes and tool version as the previous run: its output was kept.
    Unchanged,
    Failed,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// The input path as given on the command line (joined with the path below a folder).
    pub path: String,
    pub status: Status,
    /// The JSON file written for it, relative to the output folder (`json` format).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// The SHA-256 of that file's bytes as written: a rerun keeps the file only while its bytes
    /// are still these (a killed run with other options, or a hand, may have changed them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_sha256: Option<String>,
    pub sha256: Option<String>,
    pub bytes: Option<u64>,
    pub counts: Option<Counts>,
    /// Where its line sits in `plans.jsonl` (`jsonl` format); for a failed input, its last good
    /// line, kept from the previous file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jsonl: Option<Span>,
    pub error: Option<String>,
    /// This run did not look at the input (it was not among the run's inputs, or the run was
    /// interrupted before it): the entry is the previous manifest's, kept because its plan is
    /// still in the folder. The manifest goes on naming every plan convert wrote there, so a
    /// later run may replace or remove it; `totals` do not count it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub carried: bool,
}

impl Entry {
    /// Its output could not be written: it failed, and this run wrote nothing of it. (The
    /// caller then names the last good plan file it kept, if any: see `convert::last_good`.)
    pub fn fail(&mut self, reason: String) {
        self.status = Status::Failed;
        self.output = None;
        self.output_sha256 = None;
        self.counts = None;
        self.jsonl = None;
        self.error = Some(reason);
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub sections: u64,
    pub tables: u64,
    /// Rows of all tables (task and indicator rows).
    pub rows: u64,
    pub task_rows: u64,
    pub targets: u64,
    /// Diagnostics of warning or error severity plus per-row warnings.
    pub warnings: u64,
}

impl Counts {
    pub fn of(plan: &Plan) -> Counts {
        let rows: usize = plan.tables.iter().map(|t| t.rows.len()).sum();
        let task_rows: usize = plan
            .tables
            .iter()
            .filter(|t| t.kind == TableKind::Tasks)
            .map(|t| t.rows.len())
            .sum();
        let row_warnings: usize = plan
            .tables
            .iter()
            .flat_map(|t| &t.rows)
            .map(|r| r.warnings.len())
            .sum();
        let diagnostics = plan
            .diagnostics
            .iter()
            .filter(|d| d.severity >= Severity::Warning)
            .count();
        Counts {
            sections: plan.sections.len() as u64,
            tables: plan.tables.len() as u64,
            rows: rows as u64,
            task_rows: task_rows as u64,
            targets: plan.targets.len() as u64,
            warnings: (diagnostics + row_warnings) as u64,
        }
    }

    pub fn add(&mut self, other: &Counts) {
        self.sections = self.sections.saturating_add(other.sections);
        self.tables = self.tables.saturating_add(other.tables);
        self.rows = self.rows.saturating_add(other.rows);
        self.task_rows = self.task_rows.saturating_add(other.task_rows);
        self.targets = self.targets.saturating_add(other.targets);
        self.warnings = self.warnings.saturating_add(other.warnings);
    }
}

/// A byte range of `plans.jsonl` and the SHA-256 of those bytes, so a rerun can copy an unchanged
/// plan's line from the previous file and prove it is the line it meant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub offset: u64,
    pub length: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub files: u64,
    pub converted: u64,
    pub unchanged: u64,
    pub failed: u64,
    pub bytes: u64,
    pub counts: Counts,
}

impl Totals {
    pub fn add(&mut self, entry: &Entry) {
        self.files += 1;
        match entry.status {
            Status::Converted => self.converted += 1,
            Status::Unchanged => self.unchanged += 1,
            Status::Failed => self.failed += 1,
        }
        // Saturating: an unchanged entry's figures come from the manifest on disk, which a
        // hand may have edited.
        self.bytes = self.bytes.saturating_add(entry.bytes.unwrap_or(0));
        if let Some(counts) = &entry.counts {
            self.counts.add(counts);
        }
    }
}

/// What stands at `out_dir/manifest.json` before a run.
#[derive(Debug)]
pub enum Previous {
    /// Nothing: a first run.
    None,
    /// A manifest this version reads.
    Manifest(Box<Manifest>),
    /// A plandoc convert manifest this version cannot read (an older build's fields): the run
    /// converts every input and writes it anew.
    Unusable(String),
    /// A file that is not a plandoc convert manifest (not JSON, another schema) or not a file:
    /// replacing it could lose someone's file, so the run is refused unless forced.
    Foreign(String),
}

/// A value read from a file of unknown origin, made fit to quote in a message: control
/// characters shown, one line, at most 60 characters.
fn quoted(value: &str) -> String {
    let line = crate::clean::collapse_whitespace(value);
    let mut shown: String = crate::render::visible(&line).chars().take(60).collect();
    if line.chars().count() > 60 {
        shown.push('…');
    }
    shown
}

/// The previous run's manifest in `out_dir`, or what stands in its place.
/// Whether `bytes` open as convert writes its manifests: `{`, then `"schema"` naming this
/// manifest's family (any version), pretty or compact.
fn starts_like_a_manifest(bytes: &[u8]) -> bool {
    let compact: Vec<u8> = bytes
        .iter()
        .take(256)
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let family = MANIFEST_SCHEMA.split('@').next().unwrap_or(MANIFEST_SCHEMA);
    compact.starts_with(format!("{{\"schema\":\"{family}@").as_bytes())
}

pub fn read(out_dir: &Path) -> Previous {
    let path = out_dir.join(MANIFEST_NAME);
    match std::fs::metadata(&path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Previous::None,
        Err(error) => return Previous::Foreign(format!("cannot be read ({error})")),
        Ok(meta) if !meta.is_file() => return Previous::Foreign("is not a file".to_string()),
        Ok(_) => {}
    }
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) => return Previous::Foreign(format!("cannot be read ({error})")),
    };
    // A byte-order mark is what an editor adds on saving; it does not make the file another's.
    let bytes = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(&bytes);
    let value: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        // convert writes its manifest whole or not at all (temp file, rename): a file that is
        // not JSON is not one of its manifests — unless it is nothing at all, or plainly one
        // of them cut short (a copy, a full disk, a hand): replacing either loses nothing
        // anyone wrote, and refusing would stop an unattended pipeline until a person came.
        Err(_) if bytes.iter().all(u8::is_ascii_whitespace) => {
            return Previous::Unusable("is empty".to_string())
        }
        Err(error) if starts_like_a_manifest(bytes) => {
            return Previous::Unusable(format!("is a plandoc manifest cut short ({error})"))
        }
        Err(error) => return Previous::Foreign(format!("is not JSON ({error})")),
    };
    let Some(schema) = value.get("schema").and_then(|s| s.as_str()) else {
        return Previous::Foreign(format!(
            "is not a plandoc convert manifest (it has no \"schema\" field; plandoc's say \
             '{MANIFEST_SCHEMA}')"
        ));
    };
    if schema != MANIFEST_SCHEMA {
        // Another version of plandoc's own manifest (a later one, before a downgrade): plandoc's
        // to replace, not someone else's file.
        let family = MANIFEST_SCHEMA.split('@').next().unwrap_or(MANIFEST_SCHEMA);
        if schema.starts_with(&format!("{family}@")) {
            return Previous::Unusable(format!(
                "is a manifest of another plandoc (schema '{}', this one reads '{MANIFEST_SCHEMA}')",
                quoted(schema)
            ));
        }
        return Previous::Foreign(format!(
            "is not a plandoc convert manifest (schema '{}', not '{MANIFEST_SCHEMA}')",
            quoted(schema)
        ));
    }
    match serde_json::from_value::<Manifest>(value) {
        Ok(manifest) => Previous::Manifest(Box::new(manifest)),
        Err(error) => Previous::Unusable(format!(
            "is a manifest this plandoc cannot read ({})",
            quoted(&error.to_string())
        )),
    }
}

/// Why none of `previous`'s entries may be reused, when it was written by another version or
/// with other options (their outputs could differ from what this run would write).
pub fn stale(previous: &Manifest, options: &RunOptions) -> Option<String> {
    if previous.version != TOOL_VERSION {
        return Some(format!(
            "was written by plandoc {}, not {TOOL_VERSION}",
            quoted(&previous.version)
        ));
    }
    let was = &previous.options;
    let mut changed = Vec::new();
    if was.format != options.format {
        changed.push(format!(
            "--format {} (was {})",
            options.format,
            quoted(&was.format)
        ));
    }
    if was.compact != options.compact {
        changed.push(format!(
            "--compact {}",
            if options.compact { "given" } else { "left out" }
        ));
    }
    if was.encoding != options.encoding {
        let name = |e: &Option<String>| e.as_deref().map_or("detected".to_string(), quoted);
        changed.push(format!(
            "--encoding {} (was {})",
            name(&options.encoding),
            name(&was.encoding)
        ));
    }
    (!changed.is_empty()).then(|| format!("was written with other options: {}", changed.join(", ")))
}

/// What a rerun may reuse: the previous run's successful entries, by input path (several when
/// names shown alike share one). Empty when there is no previous manifest or it was made by
/// another version or with other options.
pub fn reusable(previous: Option<&Manifest>, options: &RunOptions) -> BTreeMap<String, Vec<Entry>> {
    let mut reusable: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
    let Some(previous) = previous else {
        return reusable;
    };
    if stale(previous, options).is_some() {
        return reusable;
    }
    for entry in &previous.inputs {
        if entry.status != Status::Failed && entry.sha256.is_some() && entry.counts.is_some() {
            reusable
                .entry(entry.path.clone())
                .or_default()
                .push(entry.clone());
        }
    }
    reusable
}

pub fn to_bytes(manifest: &Manifest) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(manifest).expect("manifest serializes");
    bytes.push(b'\n');
    bytes
}

/// `base` as seen from the output folder, both resolved: ".." components up to their common
/// folder, then the names down to `base`. None when they share no folder.
pub fn relative_base(base: &Path, out_dir: &Path) -> Option<String> {
    let common = out_dir
        .ancestors()
        .find(|folder| base.starts_with(folder))?;
    let up = out_dir.strip_prefix(common).ok()?.components().count();
    let down = base.strip_prefix(common).ok()?;
    let mut parts: Vec<String> = vec!["..".to_string(); up];
    parts.extend(
        down.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Some(if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    })
}

/// The folder a previous run was started in, as this run must read it: `base` as recorded, or
/// the folder at the recorded place relative to the output folder (`base_from_out_dir`) when
/// the two differ and as many of the manifest's inputs are found there (some at least): the
/// folder was copied or moved with its inputs. None when the manifest names no `base`.
pub fn base_seen_from(
    manifest: &Manifest,
    out_dir_now: Option<&Path>,
) -> Option<std::path::PathBuf> {
    let base = std::path::PathBuf::from(manifest.base.as_deref()?);
    let (Some(relative), Some(now)) = (manifest.base_from_out_dir.as_deref(), out_dir_now) else {
        return Some(base);
    };
    let mut rebased = now.to_path_buf();
    for part in relative.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                rebased = match rebased.parent() {
                    Some(parent) => parent.to_path_buf(),
                    None => return Some(base),
                }
            }
            name => rebased.push(name),
        }
    }
    if rebased == base {
        return Some(base);
    }
    let found_below = |folder: &Path| {
        manifest
            .inputs
            .iter()
            .filter(|e| Path::new(&e.path).is_relative())
            .filter(|e| std::fs::symlink_metadata(folder.join(&e.path)).is_ok())
            .count()
    };
    // A copy beside its original finds all its inputs in both places: the manifest goes with
    // the folder it is in.
    let here = found_below(&rebased);
    Some(if here > 0 && here >= found_below(&base) {
        rebased
    } else {
        base
    })
}

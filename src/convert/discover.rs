//! Finding the plans to convert and where each one's output goes.
//!
//! Inputs are files and folders from the command line. Folders are walked recursively (hidden
//! entries and the output folder skipped); each file found keeps its path as given (`corpus/a/b.txt`)
//! and its path below the folder it was found in (`a/b.txt`), which is mirrored under the output
//! folder. Everything is sorted, so the order — of outputs, of the JSON Lines file, of the
//! manifest — never depends on the file system's listing order, on thread timing or on the order
//! of the arguments.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use super::glob::Glob;

/// Extensions converted from a folder when no `--glob` is given.
pub const DEFAULT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "pdf"];

/// One input plan.
#[derive(Debug, Clone)]
pub struct Item {
    /// The path as the user gave it, joined with the path found below a folder (`/`-separated).
    pub shown: String,
    /// The path to open.
    pub path: PathBuf,
    /// Where its JSON goes, relative to the output folder (`/`-separated); `None` when the input
    /// could not even be listed or its output would collide with another's.
    pub output: Option<String>,
    /// Why this input cannot be converted, known before reading it.
    pub problem: Option<String>,
}

/// Walks the inputs. `skip_dir` (the output folder, canonical) is never descended into, so a rerun
/// into a folder inside the input tree does not convert its own outputs.
pub fn discover(inputs: &[PathBuf], globs: &[Glob], skip_dir: Option<&Path>) -> Vec<Item> {
    let mut found: Vec<(Item, String)> = Vec::new();
    for input in inputs {
        let shown_root = slash_path(input);
        let metadata = match std::fs::metadata(input) {
            Ok(m) => m,
            Err(e) => {
                found.push((
                    problem_item(&shown_root, input, describe_io(&e)),
                    String::new(),
                ));
                continue;
            }
        };
        if metadata.is_file() {
            let name = input
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| shown_root.clone());
            found.push((plain_item(shown_root, input.clone()), name));
            continue;
        }
        if !metadata.is_dir() {
            found.push((
                problem_item(
                    &shown_root,
                    input,
                    "not a regular file or folder".to_string(),
                ),
                String::new(),
            ));
            continue;
        }
        let walker = walkdir::WalkDir::new(input)
            .follow_links(false)
            .into_iter()
            .filter_entry(|entry| {
                if entry.depth() == 0 {
                    return true;
                }
                if entry.file_name().to_string_lossy().starts_with('.') {
                    return false;
                }
                match skip_dir {
                    Some(skip) if entry.file_type().is_dir() => entry
                        .path()
                        .canonicalize()
                        .map(|c| c != skip)
                        .unwrap_or(true),
                    _ => true,
                }
            });
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let path = e.path().map(Path::to_path_buf).unwrap_or(input.clone());
                    let reason = e
                        .io_error()
                        .map(describe_io)
                        .unwrap_or_else(|| e.to_string());
                    found.push((
                        problem_item(&slash_path(&path), &path, reason),
                        String::new(),
                    ));
                    continue;
                }
            };
            // Symbolic links to files are followed; links to folders are not walked (cycles).
            let is_file = entry.file_type().is_file()
                || (entry.file_type().is_symlink() && entry.path().is_file());
            if !is_file {
                continue;
            }
            let Ok(relative) = entry.path().strip_prefix(input) else {
                continue;
            };
            let relative = slash_path(relative);
            if !wanted(&relative, globs) {
                continue;
            }
            found.push((
                plain_item(slash_path(entry.path()), entry.path().to_path_buf()),
                relative,
            ));
        }
    }
    // Names that print alike (non-UTF-8 bytes shown as U+FFFD) are ordered by their bytes.
    found.sort_by(|a, b| {
        a.0.shown
            .cmp(&b.0.shown)
            .then_with(|| a.0.path.as_os_str().cmp(b.0.path.as_os_str()))
    });
    let mut found = dedupe(found);
    assign_outputs(&mut found);
    found.into_iter().map(|(item, _)| item).collect()
}

fn plain_item(shown: String, path: PathBuf) -> Item {
    Item {
        shown,
        path,
        output: None,
        problem: None,
    }
}

fn problem_item(shown: &str, path: &Path, reason: String) -> Item {
    Item {
        shown: shown.to_string(),
        path: path.to_path_buf(),
        output: None,
        problem: Some(reason),
    }
}

fn wanted(relative: &str, globs: &[Glob]) -> bool {
    if globs.is_empty() {
        let extension = relative
            .rsplit('/')
            .next()
            .and_then(|name| name.rsplit_once('.'))
            .map(|(_, ext)| ext.to_ascii_lowercase());
        return matches!(extension, Some(ext) if DEFAULT_EXTENSIONS.contains(&ext.as_str()));
    }
    globs.iter().any(|g| g.matches(relative))
}

/// The same file reached twice (a folder and a file or folder inside it, or two spellings of one
/// path) is converted once, whatever the order of the arguments: under its name below the
/// outermost folder given (the longest relative path), then the first shown path in sorted order.
fn dedupe(found: Vec<(Item, String)>) -> Vec<(Item, String)> {
    let mut best: BTreeMap<PathBuf, usize> = BTreeMap::new();
    let mut reported: BTreeSet<&Path> = BTreeSet::new();
    let mut keep = vec![false; found.len()];
    for (index, (item, relative)) in found.iter().enumerate() {
        if item.problem.is_some() {
            // Nothing to choose between: the same unreadable path given twice is reported once.
            keep[index] = reported.insert(&item.path);
            continue;
        }
        let key = item
            .path
            .canonicalize()
            .unwrap_or_else(|_| item.path.clone());
        match best.get(&key) {
            Some(&held) if depth(relative) <= depth(&found[held].1) => {}
            Some(&held) => {
                // Sorted by shown path already: a later candidate wins only by depth.
                keep[held] = false;
                keep[index] = true;
                best.insert(key, index);
            }
            None => {
                keep[index] = true;
                best.insert(key, index);
            }
        }
    }
    found
        .into_iter()
        .zip(keep)
        .filter_map(|(found, keep)| keep.then_some(found))
        .collect()
}

fn depth(relative: &str) -> usize {
    relative.split('/').count()
}

/// `a/b/plan.txt` → `a/b/plan.json`. Two inputs that would share an output (`plan.txt` and
/// `plan.pdf` side by side) both keep their extension (`plan.txt.json`, `plan.pdf.json`); if even
/// that collides (two input folders with the same tree), the later one in sorted order fails
/// rather than overwrite the earlier one's output.
fn assign_outputs(found: &mut [(Item, String)]) {
    let mut by_stem: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, (item, relative)) in found.iter().enumerate() {
        if item.problem.is_none() {
            by_stem
                .entry(replace_extension(relative))
                .or_default()
                .push(index);
        }
    }
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    let mut proposals: Vec<(usize, String)> = Vec::new();
    for (stem_output, indices) in by_stem {
        if indices.len() == 1 {
            proposals.extend(indices.into_iter().map(|i| (i, stem_output.clone())));
        } else {
            for i in indices {
                proposals.push((i, format!("{}.json", found[i].1)));
            }
        }
    }
    proposals.sort();
    for (index, output) in proposals {
        let (item, _) = &mut found[index];
        if !is_contained(&output) {
            item.problem = Some(format!(
                "output path '{output}' would leave the output folder"
            ));
            continue;
        }
        match taken.get(&output) {
            Some(first) => {
                item.problem = Some(format!(
                    "output '{output}' would overwrite the output of {first}"
                ))
            }
            None => {
                taken.insert(output.clone(), item.shown.clone());
                item.output = Some(output);
            }
        }
    }
}

fn replace_extension(relative: &str) -> String {
    let (folder, name) = match relative.rsplit_once('/') {
        Some((folder, name)) => (Some(folder), name),
        None => (None, relative),
    };
    let stem = match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    };
    match folder {
        Some(folder) => format!("{folder}/{stem}.json"),
        None => format!("{stem}.json"),
    }
}

/// Only plain names below the output folder: no `..`, no root, no drive.
pub fn is_contained(relative: &str) -> bool {
    !relative.is_empty()
        && Path::new(relative)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// The path with `/` between components, for messages, the manifest and output names.
pub fn slash_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        text.into_owned()
    } else {
        text.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

pub fn describe_io(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_names_replace_the_last_extension_only() {
        assert_eq!(replace_extension("a/b/plan.txt"), "a/b/plan.json");
        assert_eq!(replace_extension("plan.v2.md"), "plan.v2.json");
        assert_eq!(replace_extension(".hidden"), ".hidden.json");
        assert_eq!(replace_extension("a.d/noext"), "a.d/noext.json");
    }

    #[test]
    fn containment_refuses_parent_and_absolute_components() {
        assert!(is_contained("a/b.json"));
        assert!(!is_contained("../b.json"));
        assert!(!is_contained("a/../../b.json"));
        assert!(!is_contained("/etc/b.json"));
    }
}

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

use unicode_normalization::UnicodeNormalization;

use super::glob::Glob;

/// Extensions converted from a folder when no `--glob` is given.
pub const DEFAULT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "pdf", "html", "htm", "csv"];

/// `DEFAULT_EXTENSIONS` as messages name them: ".txt, .md, …".
pub fn extensions_named() -> String {
    DEFAULT_EXTENSIONS
        .iter()
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Names convert itself writes at the top of the output folder: no plan's output may take them.
const RESERVED: &[&str] = &[super::manifest::MANIFEST_NAME, super::JSONL_NAME];

/// Rounds of clash resolution before the numbering fallback; each round moves at least one name
/// one step, and real corpora settle in two or three.
const MAX_ROUNDS: usize = 64;

/// One input plan.
#[derive(Debug, Clone)]
pub struct Item {
    /// The path as the user gave it, joined with the path found below a folder (`/`-separated).
    pub shown: String,
    /// The path to open.
    pub path: PathBuf,
    /// Where its JSON goes, relative to the output folder (`/`-separated); `None` when the input
    /// could not even be listed.
    pub output: Option<String>,
    /// Why this input cannot be converted, known before reading it.
    pub problem: Option<String>,
    /// Why its output cannot be written, known before converting it (a folder in the way). The
    /// input is still read, so the manifest records its hash like any other failure's.
    pub output_problem: Option<String>,
}

/// What the walk found.
#[derive(Debug)]
pub struct Discovery {
    /// Sorted by shown path (then raw path bytes); one item per file.
    pub items: Vec<Item>,
    /// The patterns that matched no file in any input folder, as given (`--iglob '*.PDF'`).
    pub unmatched_globs: Vec<String>,
    /// Input folders (as given) in which no file has a plan's extension, when no `--glob` says
    /// what to take: most likely the wrong folder, which would otherwise "succeed" with 0 files.
    pub folders_without_plans: Vec<FolderWithoutPlans>,
    /// The output folder where a walk met it inside an input folder (as reached, e.g.
    /// `in/json`), with the number of files in it that would otherwise be converted: they are
    /// never read, and the user should know (only folders where that number is not 0).
    pub skipped_out_dirs: Vec<(String, usize)>,
    /// Symbolic links to folders met in the walk (as reached): never walked (a link back up
    /// the tree would loop), and a whole year's folder laid out as a link would otherwise be
    /// left out without a word.
    pub links_to_folders: Vec<String>,
}

/// An input folder with no plan file in it.
#[derive(Debug)]
pub struct FolderWithoutPlans {
    /// The folder as given.
    pub shown: String,
    /// Whether the output folder is inside it (its files are never read as input).
    pub holds_output: bool,
    /// What it holds instead that users mistake for plans ([`other_files_note`]).
    pub other_files: Option<String>,
}

/// An item on its way through discovery.
struct Found {
    item: Item,
    /// The folder its output name is relative to: the input folder it was found in, or the
    /// folder of a file named on its own. Resolved, so that two spellings of a folder are one.
    root: PathBuf,
    /// Its path below `root` (`/`-separated).
    relative: String,
}

/// Why a pipe, socket or device named like a plan, in a folder walked, is not read.
const NOT_A_FILE: &str = "not a regular file (a pipe, socket or device)";
const NOT_A_FILE_BEHIND_LINK: &str =
    "a symbolic link to something that is not a regular file or folder (a pipe, socket or device)";

/// Walks the inputs. `skip_dir` (the output folder, canonical) is never descended into, so a rerun
/// into a folder inside the input tree does not convert its own outputs. `out_dir`, when given,
/// is checked for folders and files standing where an output must go.
pub fn discover(
    inputs: &[PathBuf],
    globs: &[Glob],
    skip_dir: Option<&Path>,
    out_dir: Option<&Path>,
) -> Discovery {
    let mut found: Vec<Found> = Vec::new();
    let mut matched = vec![false; globs.len()];
    // A glob filters what folders hold; with no folder given it has nothing to match.
    let mut any_folder = false;
    let mut folders_without_plans = Vec::new();
    let mut skipped_out_dirs = Vec::new();
    let mut links_to_folders = Vec::new();
    for input in inputs {
        let shown_root = slash_path(input);
        let metadata = match std::fs::metadata(input) {
            Ok(m) => m,
            Err(e) => {
                found.push(problem(&shown_root, input, describe_unreadable(input, &e)));
                continue;
            }
        };
        if metadata.is_file() {
            let name = input
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| shown_root.clone());
            let folder = match input.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            found.push(Found {
                item: plain_item(shown_root, input.clone()),
                root: resolve(folder),
                relative: name,
            });
            continue;
        }
        if !metadata.is_dir() {
            found.push(problem(
                &shown_root,
                input,
                "not a regular file or folder".to_string(),
            ));
            continue;
        }
        any_folder = true;
        let found_before = found.len();
        let root = resolve(input);
        let mut skipped: Vec<PathBuf> = Vec::new();
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
                let is_skipped = match skip_dir {
                    Some(skip) if entry.file_type().is_dir() => {
                        entry.path().canonicalize().is_ok_and(|c| c == skip)
                    }
                    _ => false,
                };
                if is_skipped {
                    skipped.push(entry.path().to_path_buf());
                }
                !is_skipped
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
                    found.push(problem(&slash_path(&path), &path, reason));
                    continue;
                }
            };
            // The folder given itself, perhaps through a link the user named: walked, not a
            // link met in the walk (it was warned about as "not followed", and followed).
            if entry.depth() == 0 {
                continue;
            }
            let file_type = entry.file_type();
            // Symbolic links to files are followed; links to folders are not walked (cycles).
            // A link that leads nowhere is reported if its name is one that would be converted.
            let link_problem = if file_type.is_symlink() {
                match std::fs::metadata(entry.path()) {
                    Ok(target) if target.is_file() => None,
                    Ok(target) if target.is_dir() => {
                        links_to_folders.push(slash_path(entry.path()));
                        continue;
                    }
                    // Named like a plan, it is one the user expects converted: said, as on the
                    // command line, not skipped in silence.
                    Ok(_) => Some(NOT_A_FILE_BEHIND_LINK.to_string()),
                    Err(e) => Some(describe_unreadable(entry.path(), &e)),
                }
            } else if file_type.is_file() {
                None
            } else if file_type.is_dir() {
                continue;
            } else {
                Some(NOT_A_FILE.to_string())
            };
            let Ok(relative) = entry.path().strip_prefix(input) else {
                continue;
            };
            let relative = slash_path(relative);
            if !wanted(&relative, globs, &mut matched) {
                continue;
            }
            let shown = slash_path(entry.path());
            found.push(match link_problem {
                Some(reason) => problem(&shown, entry.path(), reason),
                None => Found {
                    item: plain_item(shown, entry.path().to_path_buf()),
                    root: root.clone(),
                    relative,
                },
            });
        }
        for folder in skipped {
            let count = plans_in_out_dir(input, &folder, globs);
            if count > 0 {
                skipped_out_dirs.push((slash_path(&folder), count));
            }
        }
        if globs.is_empty() && found.len() == found_before {
            let holds_output = skip_dir.is_some_and(|skip| skip.starts_with(&root));
            folders_without_plans.push(FolderWithoutPlans {
                shown: shown_root,
                holds_output,
                other_files: other_files_note(input, skip_dir),
            });
        }
    }
    // Names that print alike (non-UTF-8 bytes shown as U+FFFD) are ordered by their bytes.
    found.sort_by(|a, b| {
        a.item
            .shown
            .cmp(&b.item.shown)
            .then_with(|| a.item.path.as_os_str().cmp(b.item.path.as_os_str()))
    });
    let mut found = dedupe(found);
    assign_outputs(&mut found);
    if let Some(out_dir) = out_dir {
        check_out_dir(&mut found, out_dir);
    }
    let unmatched_globs = globs
        .iter()
        .zip(&matched)
        .filter(|(_, matched)| any_folder && !**matched)
        .map(|(glob, _)| glob.shown())
        .collect();
    Discovery {
        items: found.into_iter().map(|f| f.item).collect(),
        unmatched_globs,
        folders_without_plans,
        skipped_out_dirs,
        links_to_folders,
    }
}

/// The files in the output folder `folder`, met inside the input folder `input`, that would be
/// converted if it were not the output folder: wanted by name (as below `input`), and neither a
/// file convert writes there (the manifest, `plans.jsonl`, a plan file) nor hidden.
fn plans_in_out_dir(input: &Path, folder: &Path, globs: &[Glob]) -> usize {
    let mut scratch = vec![false; globs.len()];
    visible_files(folder)
        .filter(|entry| {
            let relative = entry
                .path()
                .strip_prefix(input)
                .map(slash_path)
                .unwrap_or_default();
            // By name first: only a file that would be converted has its head read.
            let name = entry.file_name().to_string_lossy();
            wanted(&relative, globs, &mut scratch)
                && !RESERVED.contains(&name.as_ref())
                && !super::is_plan_output(entry.path())
        })
        .count()
}

fn plain_item(shown: String, path: PathBuf) -> Item {
    Item {
        shown,
        path,
        output: None,
        problem: None,
        output_problem: None,
    }
}

fn problem(shown: &str, path: &Path, reason: String) -> Found {
    let mut item = plain_item(shown.to_string(), path.to_path_buf());
    item.problem = Some(reason);
    Found {
        item,
        root: PathBuf::new(),
        relative: String::new(),
    }
}

/// The folder with symbolic links, `.` and `..` resolved; if it cannot be (permissions), as
/// absolute as the current folder makes it.
fn resolve(folder: &Path) -> PathBuf {
    folder
        .canonicalize()
        .or_else(|_| std::path::absolute(folder))
        .unwrap_or_else(|_| folder.to_path_buf())
}

/// Whether a file below an input folder is converted; notes which patterns matched.
fn wanted(relative: &str, globs: &[Glob], matched: &mut [bool]) -> bool {
    if globs.is_empty() {
        let extension = relative
            .rsplit('/')
            .next()
            .and_then(|name| name.rsplit_once('.'))
            .map(|(_, ext)| ext.to_ascii_lowercase());
        return matches!(extension, Some(ext) if DEFAULT_EXTENSIONS.contains(&ext.as_str()));
    }
    let mut any = false;
    for (glob, matched) in globs.iter().zip(matched.iter_mut()) {
        if glob.matches(relative) {
            *matched = true;
            any = true;
        }
    }
    any
}

/// The plan files below `folder` (the extensions `convert` takes by default, hidden files and
/// folders skipped, links to folders not followed), sorted by path: what `plandoc check FOLDER`
/// lints. A symbolic link with a plan's extension is one of them even when it leads nowhere (its
/// reading then fails and says so); a subfolder that cannot be listed is returned apart, with
/// the reason: a CI job must not pass over drafts it could not see.
pub fn plan_files(folder: &Path) -> (Vec<PathBuf>, Vec<(PathBuf, String)>) {
    plan_files_matching(folder, &[], &mut [])
}

/// `plan_files`, taking what `globs` match (see `convert --glob`) instead of the default
/// extensions when there are any; notes in `matched` which patterns matched a file.
pub fn plan_files_matching(
    folder: &Path,
    globs: &[Glob],
    matched: &mut [bool],
) -> (Vec<PathBuf>, Vec<(PathBuf, String)>) {
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    let walk = walkdir::WalkDir::new(folder)
        .follow_links(false)
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        });
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().unwrap_or(folder).to_path_buf();
                let reason = error
                    .io_error()
                    .map(describe_io)
                    .unwrap_or_else(|| error.to_string());
                unreadable.push((path, reason));
                continue;
            }
        };
        let relative = entry
            .path()
            .strip_prefix(folder)
            .map(slash_path)
            .unwrap_or_default();
        let kind = entry.file_type();
        // A link is followed only to see where it leads: to a file, or nowhere (a broken link,
        // a loop: its reading then fails and says so), it is a draft; to a folder it is passed
        // over, as links to folders are, and so is one to a pipe or a device, which reading
        // would wait on.
        let link_to_draft = kind.is_symlink()
            && std::fs::metadata(entry.path()).map_or(true, |target| target.is_file());
        // Asked of files alone, as `convert` asks: a folder whose name a pattern matches must
        // not count as the pattern's match.
        if entry.depth() > 0
            && (kind.is_file() || link_to_draft)
            && wanted(&relative, globs, matched)
        {
            files.push(entry.into_path());
        }
    }
    files.sort();
    unreadable.sort();
    (files, unreadable)
}

/// What a folder without plans holds instead, when that is documents, scans or archives a user
/// may have taken for plans: "it holds 3 .docx files and 1 .png file, which plandoc does not
/// read: save the office files as PDF (or as plain text); run text recognition (OCR) on the
/// scans".
/// Hidden entries and `skip_dir` are passed over, as the walk for plans passes them.
pub fn other_files_note(folder: &Path, skip_dir: Option<&Path>) -> Option<String> {
    let mut counts: BTreeMap<(crate::read::Advice, String), usize> = BTreeMap::new();
    let entries = walkdir::WalkDir::new(folder)
        .follow_links(false)
        .into_iter()
        .filter_entry(|entry| {
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            let skipped = entry.file_type().is_dir()
                && skip_dir
                    .is_some_and(|skip| entry.path().canonicalize().is_ok_and(|c| c == skip));
            entry.depth() == 0 || !hidden && !skipped
        })
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_file());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().to_lowercase();
        // "~$plan.docx" is the lock file an open Word document leaves beside it.
        let Some((_, extension)) = name.rsplit_once('.').filter(|_| !name.starts_with("~$")) else {
            continue;
        };
        if let Some(advice) = crate::read::other_kind_by_extension(extension) {
            *counts.entry((advice, extension.to_string())).or_default() += 1;
        }
    }
    if counts.is_empty() {
        return None;
    }
    let held: Vec<String> = counts
        .iter()
        .map(|((_, extension), count)| {
            let files = if *count == 1 { "file" } else { "files" };
            format!("{count} .{extension} {files}")
        })
        .collect();
    let held = match held.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => held.join(""),
    };
    let mut advice: Vec<&str> = counts
        .keys()
        .map(|(advice, _)| advice.for_a_folder())
        .collect();
    advice.dedup();
    Some(format!(
        "it holds {held}, which plandoc does not read: {}",
        advice.join("; ")
    ))
}

/// The same file reached twice (a folder and a file or folder inside it, or two spellings of one
/// path) is converted once, whatever the order of the arguments: under its name below the
/// outermost folder given (the longest relative path, from a folder that holds the other's), then
/// the first shown path in sorted order.
fn dedupe(found: Vec<Found>) -> Vec<Found> {
    let mut best: BTreeMap<PathBuf, usize> = BTreeMap::new();
    let mut reported: BTreeSet<&Path> = BTreeSet::new();
    let mut keep = vec![false; found.len()];
    for (index, candidate) in found.iter().enumerate() {
        let item = &candidate.item;
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
            // Deeper wins only from a folder that holds the other's (a folder given with a
            // folder inside it); a symbolic link elsewhere in the same folder does not. Between
            // two that no folder ranks, the file itself wins over a link to it, which would
            // otherwise take its name by sorting first.
            Some(&held)
                if !outer(candidate, &found[held])
                    && (outer(&found[held], candidate)
                        || !is_link(&found[held].item.path)
                        || is_link(&item.path)) => {}
            Some(&held) => {
                // Sorted by shown path already: a later candidate wins only by rank.
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

/// Whether `a` is named below a folder given that holds `b`'s folder, further from its file.
fn outer(a: &Found, b: &Found) -> bool {
    depth(&a.relative) > depth(&b.relative) && b.root.starts_with(&a.root) && b.root != a.root
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

fn depth(relative: &str) -> usize {
    relative.split('/').count()
}

/// Gives every input a distinct output name, by a rule that depends only on the files:
///
/// 1. its path below its root with the extension replaced: `a/plan.txt` → `a/plan.json`;
/// 2. names that clash — with each other, with a name convert writes itself (`manifest.json`),
///    or a file's name with another output's folder — keep their extension: `plan.txt.json`
///    (repeated, so `a.txt`, `a.md` and `a.txt.md` all end apart);
/// 3. names from different roots that clash even so move every output of those roots below the
///    root's own name (`d1/plan.json`, `d2/plan.json`), or as much more of its path as tells the
///    roots apart, and rules 1–2 apply again below it;
/// 4. what still clashes (names that differ only in bytes shown alike, or in letter case on a
///    file system that ignores it) is numbered in sorted order: the first keeps the name, the
///    next is `name.txt.2.json`, ….
///
/// Names are compared without regard to letter case or Unicode normalization, so the outputs
/// are the same on file systems that ignore either.
fn assign_outputs(found: &mut [Found]) {
    let candidates: Vec<usize> = (0..found.len())
        .filter(|&i| found[i].item.problem.is_none())
        .collect();
    let mut roots: BTreeMap<&Path, Root> = BTreeMap::new();
    for &i in &candidates {
        roots
            .entry(found[i].root.as_path())
            .or_insert_with(|| Root::new(&found[i].root))
            .members
            .push(i);
    }
    let reserved: BTreeSet<String> = RESERVED.iter().map(|name| output_key(name)).collect();
    let mut keep_extension = vec![false; found.len()];
    let name = |roots: &BTreeMap<&Path, Root>, i: usize, keep_extension: bool| {
        roots[found[i].root.as_path()].name(&found[i].relative, keep_extension)
    };

    for _ in 0..MAX_ROUNDS {
        let names: Vec<(usize, String)> = candidates
            .iter()
            .map(|&i| (i, output_key(&name(&roots, i, keep_extension[i]))))
            .collect();
        let mut moved = false;
        let mut deeper: BTreeSet<&Path> = BTreeSet::new();
        for group in clashing_groups(&names, &reserved) {
            let lagging: Vec<usize> = group
                .iter()
                .copied()
                .filter(|&i| !keep_extension[i])
                .collect();
            if !lagging.is_empty() {
                for i in lagging {
                    keep_extension[i] = true;
                }
                moved = true;
                continue;
            }
            // Only moving whole roots apart can help now; the shallowest of them move first.
            let involved: BTreeSet<&Path> =
                group.iter().map(|&i| found[i].root.as_path()).collect();
            if involved.len() < 2 {
                continue;
            }
            // Folders whose whole paths compare alike ("Data", "data") never come apart by
            // more of their path: they are numbered instead, rather than named by the whole
            // absolute path.
            let whole_keys: Vec<String> = involved
                .iter()
                .map(|root| roots[root].whole_key())
                .collect();
            let movable: Vec<&Path> = involved
                .iter()
                .zip(&whole_keys)
                .filter(|(root, key)| {
                    roots[**root].can_go_deeper()
                        && whole_keys.iter().filter(|other| other == key).count() == 1
                })
                .map(|(root, _)| *root)
                .collect();
            if let Some(least) = movable.iter().map(|root| roots[root].depth).min() {
                deeper.extend(
                    movable
                        .into_iter()
                        .filter(|root| roots[root].depth == least),
                );
            }
        }
        for path in deeper {
            if let Some(root) = roots.get_mut(path) {
                root.depth += 1;
                for &i in &root.members {
                    keep_extension[i] = false;
                }
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }

    // A name that kept its extension only because of names that have moved since goes back to
    // the plain form when nothing else has or wants it (`/in` and `/x/in` both holding plan.txt:
    // `in/plan.json`, not `in/plan.txt.json`). In sorted order, so the result is deterministic.
    let mut current: BTreeSet<String> = BTreeSet::new();
    let mut folders: BTreeSet<String> = BTreeSet::new();
    let mut plain_count: BTreeMap<String, usize> = BTreeMap::new();
    for &i in &candidates {
        let output = output_key(&name(&roots, i, keep_extension[i]));
        folders.extend(folders_of(&output).map(str::to_string));
        current.insert(output);
        *plain_count
            .entry(output_key(&name(&roots, i, false)))
            .or_default() += 1;
    }
    for &i in &candidates {
        if !keep_extension[i] {
            continue;
        }
        let plain = output_key(&name(&roots, i, false));
        if plain_count[&plain] == 1
            && !current.contains(&plain)
            && !reserved.contains(&plain)
            && !folders.contains(&plain)
        {
            keep_extension[i] = false;
            current.insert(plain);
        }
    }

    // Rule 4: what still clashes is numbered, the first in sorted order keeping the name.
    let names: Vec<(usize, String)> = candidates
        .iter()
        .map(|&i| (i, name(&roots, i, keep_extension[i])))
        .collect();
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for (_, output) in &names {
        *count.entry(output_key(output)).or_default() += 1;
    }
    let free = |key: &str| !reserved.contains(key) && !folders.contains(key);
    let mut taken: BTreeSet<String> = count
        .iter()
        .filter(|(key, count)| **count == 1 && free(key))
        .map(|(key, _)| key.clone())
        .collect();
    // The next number to try for each clashing name: the numbers below it are taken or not free
    // for good, so each search starts there (thousands of names shown alike would otherwise
    // cost a search from 2 each, quadratic in their count).
    let mut next_number: BTreeMap<String, usize> = BTreeMap::new();
    let mut outputs: Vec<(usize, Option<String>)> = Vec::with_capacity(names.len());
    for (i, output) in names {
        let key = output_key(&output);
        if count[&key] == 1 && free(&key) {
            outputs.push((i, Some(output)));
            continue;
        }
        let base = output.strip_suffix(".json").unwrap_or(&output).to_string();
        let first = next_number.get(&key).copied().unwrap_or(2);
        let plain = (first == 2).then_some((1, output));
        let chosen = plain
            .into_iter()
            .chain((first..).map(|n| (n, format!("{base}.{n}.json"))))
            .take(found.len() + 2)
            .find(|(_, candidate)| {
                let key = output_key(candidate);
                free(&key) && !taken.contains(&key)
            });
        if let Some((n, chosen)) = &chosen {
            taken.insert(output_key(chosen));
            next_number.insert(key, (n + 1).max(2));
        }
        outputs.push((i, chosen.map(|(_, name)| name)));
    }
    for (i, output) in outputs {
        let item = &mut found[i].item;
        match output {
            Some(output) if is_contained(&output) => item.output = Some(fit_name_max(output)),
            Some(output) => {
                item.problem = Some(format!(
                    "output path '{output}' would leave the output folder"
                ))
            }
            None => item.problem = Some("no free output name".to_string()),
        }
    }
}

/// A folder inputs are named below, and how much of its own path is put before their names.
struct Root {
    /// Its path's components; the last `depth` of them go before its inputs' names.
    names: Vec<String>,
    depth: usize,
    /// Its inputs (indices of candidates).
    members: Vec<usize>,
}

impl Root {
    fn new(path: &Path) -> Root {
        let names = path
            .components()
            .filter_map(|c| match c {
                Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        Root {
            names,
            depth: 0,
            members: Vec::new(),
        }
    }

    /// Its whole path as output names compare.
    fn whole_key(&self) -> String {
        output_key(&self.names.join("/"))
    }

    fn can_go_deeper(&self) -> bool {
        self.depth < self.names.len()
    }

    fn name(&self, relative: &str, keep_extension: bool) -> String {
        let below = if keep_extension {
            format!("{relative}.json")
        } else {
            replace_extension(relative)
        };
        let prefix = &self.names[self.names.len() - self.depth..];
        if prefix.is_empty() {
            below
        } else {
            format!("{}/{below}", prefix.join("/"))
        }
    }
}

/// Groups of candidates whose names clash: the same name, a reserved one, or a name another
/// output uses as a folder. Only the file side of a file/folder clash is in the group: renaming
/// the file is what resolves it.
fn clashing_groups(names: &[(usize, String)], reserved: &BTreeSet<String>) -> Vec<Vec<usize>> {
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut folders: BTreeSet<&str> = BTreeSet::new();
    for (i, name) in names {
        by_name.entry(name.as_str()).or_default().push(*i);
        folders.extend(folders_of(name));
    }
    by_name
        .into_iter()
        .filter(|(name, group)| {
            group.len() > 1 || reserved.contains(*name) || folders.contains(name)
        })
        .map(|(_, group)| group)
        .collect()
}

/// `a/b/c.json` → `a`, `a/b`.
fn folders_of(name: &str) -> impl Iterator<Item = &str> {
    name.match_indices('/').map(move |(at, _)| &name[..at])
}

/// Names as a file system that ignores case and normalization sees them.
pub fn output_key(name: &str) -> String {
    name.nfc().collect::<String>().to_lowercase()
}

/// An output whose place in the output folder is taken by a folder (or whose folder is a file)
/// fails up front, with the same message at any job count. So does one below a folder named as
/// a file convert writes at the top of the output folder (in/manifest.json/a.txt): that folder
/// would take the manifest's place, which could never be written again. (Only plan files need
/// folders: a `jsonl` run, which writes none, does not get here.)
fn check_out_dir(found: &mut [Found], out_dir: &Path) {
    let reserved: BTreeSet<String> = RESERVED.iter().map(|name| output_key(name)).collect();
    for candidate in found.iter_mut() {
        let item = &mut candidate.item;
        let Some((first, _)) = item.output.as_deref().and_then(|o| o.split_once('/')) else {
            continue;
        };
        if reserved.contains(&output_key(first)) {
            item.problem = Some(format!(
                "its output would go in a folder named {first} at the top of the output folder, \
                 the name of a file convert writes there; rename the input folder, or convert it \
                 on its own"
            ));
            item.output = None;
        }
    }
    if !out_dir.is_dir() {
        return;
    }
    let mut not_folders: BTreeMap<String, bool> = BTreeMap::new();
    for candidate in found.iter_mut() {
        let item = &mut candidate.item;
        let Some(output) = item.output.as_deref() else {
            continue;
        };
        let blocked_by = folders_of(output).find(|folder| {
            *not_folders.entry(folder.to_string()).or_insert_with(|| {
                let path = out_dir.join(folder);
                path.exists() && !path.is_dir()
            })
        });
        if let Some(folder) = blocked_by {
            item.output_problem = Some(format!(
                "cannot write {output} in the output folder: {folder} there is a file, not a folder"
            ));
        } else if out_dir.join(output).is_dir() {
            item.output_problem = Some(format!(
                "cannot write {output} in the output folder: a folder of that name is there"
            ));
        }
    }
}

/// The longest file name most file systems take, in bytes.
const NAME_MAX: usize = 255;

/// An output whose file name is over `NAME_MAX` bytes (an input name near the limit, then
/// ".json" or ".txt.2.json" added) is shortened: the start of the name, "~", twelve hex digits of
/// the SHA-256 of the whole name (names cut alike stay apart), ".json". Else that input could
/// never be written, and would fail on every run.
fn fit_name_max(output: String) -> String {
    use sha2::{Digest, Sha256};
    let (folder, name) = match output.rsplit_once('/') {
        Some((folder, name)) => (Some(folder), name),
        None => (None, output.as_str()),
    };
    if name.len() <= NAME_MAX {
        return output;
    }
    let digest = crate::read::hex(&Sha256::digest(name.as_bytes()));
    let tail = format!("~{}.json", &digest[..12]);
    let mut keep = NAME_MAX - tail.len();
    while !name.is_char_boundary(keep) {
        keep -= 1;
    }
    let short = format!("{}{tail}", &name[..keep]);
    match folder {
        Some(folder) => format!("{folder}/{short}"),
        None => short,
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

/// A path as messages and the manifest name it: `/`-separated, in one spelling whatever the
/// user typed. `./in`, `in/`, `in//` and `in/./` are one folder, and a rerun spelt another way
/// must find its inputs in the manifest rather than convert them all again; `..` is kept
/// (it cannot be taken out by spelling alone when a link is on the way), and so are leading
/// slashes (`//server/share` on Windows).
pub fn slash_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    let text = if std::path::MAIN_SEPARATOR == '/' {
        text
    } else {
        text.replace(std::path::MAIN_SEPARATOR, "/").into()
    };
    one_spelling(&text)
}

fn one_spelling(text: &str) -> String {
    let body = text.trim_start_matches('/');
    let leading = &text[..text.len() - body.len()];
    let parts: Vec<&str> = body
        .split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect();
    match (leading.is_empty(), parts.is_empty()) {
        (true, true) if text.is_empty() => String::new(),
        (true, true) => ".".to_string(),
        _ => format!("{leading}{}", parts.join("/")),
    }
}

pub fn describe_io(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {error}"),
    }
}

/// Like `describe_io`, but a symbolic link whose target is missing says so.
fn describe_unreadable(path: &Path, error: &std::io::Error) -> String {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link && error.kind() == std::io::ErrorKind::NotFound {
        "broken symbolic link".to_string()
    } else {
        describe_io(error)
    }
}

/// The files below `folder` that a walk for plans looks at: not through symbolic links to
/// folders, not hidden (nor below a hidden folder), readable.
fn visible_files(folder: &Path) -> impl Iterator<Item = walkdir::DirEntry> {
    walkdir::WalkDir::new(folder)
        .follow_links(false)
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        })
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_has_one_spelling() {
        for (typed, spelt) in [
            ("in/a.txt", "in/a.txt"),
            ("./in/a.txt", "in/a.txt"),
            ("in//a.txt", "in/a.txt"),
            ("in/./sub/./a.txt", "in/sub/a.txt"),
            ("in/", "in"),
            ("./", "."),
            (".", "."),
            ("../in/a.txt", "../in/a.txt"),
            ("in/../a.txt", "in/../a.txt"),
            ("/srv//plans/./a.txt", "/srv/plans/a.txt"),
            ("//server/share/a.txt", "//server/share/a.txt"),
            ("/", "/"),
            ("", ""),
        ] {
            assert_eq!(slash_path(Path::new(typed)), spelt, "{typed:?}");
        }
    }

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

    /// Outputs for (root, relative) pairs, in the order given (already sorted by shown path).
    fn outputs(inputs: &[(&str, &str)]) -> Vec<String> {
        let mut found: Vec<Found> = inputs
            .iter()
            .map(|(root, relative)| Found {
                item: plain_item(format!("{root}/{relative}"), PathBuf::from(root)),
                root: PathBuf::from(root),
                relative: relative.to_string(),
            })
            .collect();
        assign_outputs(&mut found);
        found
            .into_iter()
            .map(|f| f.item.output.unwrap_or_else(|| f.item.problem.unwrap()))
            .collect()
    }

    #[test]
    fn clashing_names_keep_their_extension_then_move_below_their_roots() {
        assert_eq!(
            outputs(&[("/c/in", "plan.txt"), ("/c/in", "sub/plan.txt")]),
            ["plan.json", "sub/plan.json"]
        );
        assert_eq!(
            outputs(&[("/c/in", "a.md"), ("/c/in", "a.txt"), ("/c/in", "a.txt.md")]),
            ["a.md.json", "a.txt.json", "a.txt.md.json"]
        );
        assert_eq!(
            outputs(&[("/c/in", "manifest.txt"), ("/c/in", "MANIFEST.md")]),
            ["manifest.txt.json", "MANIFEST.md.json"]
        );
        assert_eq!(
            outputs(&[
                ("/c/d1", "plan.txt"),
                ("/c/d1", "x.txt"),
                ("/c/d2", "plan.txt"),
                ("/c/other", "y.txt"),
            ]),
            ["d1/plan.json", "d1/x.json", "d2/plan.json", "y.json"]
        );
        assert_eq!(
            outputs(&[("/x/in", "plan.txt"), ("/y/in", "plan.txt")]),
            ["x/in/plan.json", "y/in/plan.json"]
        );
        // A root with no name left to add stays; the other moves further.
        assert_eq!(
            outputs(&[("/in", "plan.txt"), ("/x/in", "plan.txt")]),
            ["in/plan.json", "x/in/plan.json"]
        );
        // A file's output against another's folder: the file moves.
        assert_eq!(
            outputs(&[("/a", "x.txt"), ("/b", "x.json/y.txt")]),
            ["x.txt.json", "x.json/y.json"]
        );
    }

    #[test]
    fn names_still_clashing_are_numbered_in_order() {
        assert_eq!(
            outputs(&[("/in", "k\u{FFFD}.txt"), ("/in", "k\u{FFFD}.txt")]),
            ["k\u{FFFD}.txt.json", "k\u{FFFD}.txt.2.json"]
        );
        // Without an extension to keep: the reserved name is never given out.
        assert_eq!(outputs(&[("/in", "manifest")]), ["manifest.2.json"]);
        // A number already taken by another input is skipped.
        assert_eq!(
            outputs(&[("/in", "a.txt"), ("/in", "a.txt"), ("/in", "a.txt.2.md")]),
            ["a.txt.json", "a.txt.3.json", "a.txt.2.json"]
        );
    }

    /// Thousands of names shown alike are numbered in one pass (each search starts after the
    /// last number given), skipping numbers other inputs hold.
    #[test]
    fn many_names_shown_alike_are_numbered_in_turn() {
        let mut files = vec![("/in", "k\u{FFFD}.txt"); 3_000];
        files.push(("/in", "k\u{FFFD}.txt.7.md"));
        let named = outputs(&files);
        assert_eq!(named[0], "k\u{FFFD}.txt.json");
        assert_eq!(named[5], "k\u{FFFD}.txt.6.json");
        assert_eq!(named[6], "k\u{FFFD}.txt.8.json");
        assert_eq!(named[2_999], "k\u{FFFD}.txt.3001.json");
        assert_eq!(named[3_000], "k\u{FFFD}.txt.7.json");
        let distinct: BTreeSet<&String> = named.iter().collect();
        assert_eq!(distinct.len(), named.len());
    }
}

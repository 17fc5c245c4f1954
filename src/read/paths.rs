//! Output paths that must not do harm: an output that would replace one of the inputs, or a
//! path built from an input's name that would land outside the output folder
//! (`--out-dir out` with an input named `../../etc/x.txt`, an absolute path, or a symbolic link
//! inside the output folder that points elsewhere).

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// Refuses an output path that names the same file as one of the inputs (by identity, so
/// `./plan.txt`, `plan.txt` and a hard link all count).
pub fn ensure_not_an_input(output: &Path, inputs: &[&Path]) -> Result<()> {
    let Ok(output_meta) = std::fs::metadata(output) else {
        // Nothing there yet: it cannot be an input.
        return Ok(());
    };
    for input in inputs {
        if input.as_os_str() == "-" {
            continue;
        }
        let Ok(input_meta) = std::fs::metadata(input) else {
            continue;
        };
        if same_file(&output_meta, &input_meta, output, input) {
            return Err(Error::input(
                output,
                format!(
                    "output would overwrite the input {}; choose another output path",
                    input.display()
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata, _: &Path, _: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata, a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

/// The output path for an input found at `relative` (relative to the folder the user named),
/// with its extension replaced by `extension`, under `out_dir`. Refuses a relative path that
/// climbs out (`..`), is absolute, or passes through a symbolic link that leads outside.
pub fn output_path_under(out_dir: &Path, relative: &Path, extension: &str) -> Result<PathBuf> {
    let mut clean = PathBuf::new();
    for component in relative.components() {
        match component {
            Component::Normal(part) => clean.push(part),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => {
                return Err(Error::input(
                    relative,
                    format!(
                        "output for this input would land outside the output folder {}",
                        out_dir.display()
                    ),
                ))
            }
        }
    }
    if clean.as_os_str().is_empty() {
        return Err(Error::input(
            relative,
            "input has no file name to name its output after",
        ));
    }
    clean.set_extension(extension);
    let target = out_dir.join(&clean);
    // Existing parts of the path may be symbolic links: resolve the deepest one that exists and
    // check it is still inside the output folder.
    if let Ok(root) = out_dir.canonicalize() {
        let mut existing = target.as_path();
        while !existing.exists() {
            match existing.parent() {
                Some(parent) => existing = parent,
                None => break,
            }
        }
        if let Ok(resolved) = existing.canonicalize() {
            if !resolved.starts_with(&root) {
                return Err(Error::input(
                    &target,
                    format!(
                        "output path leads outside the output folder {} (through a link)",
                        out_dir.display()
                    ),
                ));
            }
        }
    }
    Ok(target)
}

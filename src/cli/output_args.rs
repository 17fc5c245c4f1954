//! What `parse` and `diff` share about where and how they write: folders of CSV files, names
//! whose extension says a format plandoc does not write, binary output on a terminal, and
//! options that belong to one format.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// An existing folder, or a name ending in a separator (one that does not exist yet).
pub fn is_folder(path: &Path) -> bool {
    path.is_dir() || path.to_string_lossy().ends_with(['/', '\\'])
}

/// Extensions of formats no plandoc command writes, which a user may expect it to.
pub const NEVER_WRITTEN: &[&str] = &[
    "xls", "xlsm", "xlsb", "ods", "tsv", "tab", "pdf", "doc", "docx", "odt", "rtf", "xml", "yaml",
    "yml", "jsonl", "ndjson",
];

/// Of `NEVER_WRITTEN`, the names a spreadsheet program opens by what they say they are, not by
/// what is in them: a CSV named `.tsv` opens as one column, a workbook named `.xls` with a
/// warning that it is not one. Refused even with `--format`; the others (`.jsonl` for compact
/// JSON, `.yaml`) are the user's name for the file once `--format` says what it holds.
pub const SPREADSHEET_LOOKALIKES: &[&str] = &["xls", "xlsm", "xlsb", "ods", "tsv", "tab"];

/// An XLSX workbook printed on a terminal is bytes on the screen, not a file.
pub fn refuse_workbook_on_terminal(output: Option<&Path>) -> Result<()> {
    if output.is_none() && std::io::stdout().is_terminal() {
        return Err(Error::Usage(
            "an XLSX workbook is binary: give -o FILE.xlsx or redirect the output".to_string(),
        ));
    }
    Ok(())
}

/// `option` changes `applies` output only; given with another format it would be silently
/// ignored, and the user left believing the output has it.
pub fn misfit(option: &str, applies: &str, format: &str) -> Error {
    Error::Usage(format!(
        "{option} applies to {applies} output, and the output here is {format}; leave {option} \
         out or ask for {applies}"
    ))
}

/// `-o FOLDER/` for a format written as one file: a usage error that says so (the system's
/// "Not a directory" would name the wrong problem).
pub fn refuse_folder_for_one_file(output: &Path, format: &str) -> Result<()> {
    if is_folder(output) && format != "csv" {
        return Err(Error::Usage(format!(
            "-o {}: a folder takes one CSV per view (add --format csv); give a file name for \
             {format}",
            output.display()
        )));
    }
    Ok(())
}

/// Writes one CSV file per view into `folder` (created if needed): all of them or none, so a
/// failure leaves the folder's old views as they were.
pub fn write_csv_folder(folder: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    // "-o out.csv/" where out.csv is a file: the system's "File exists" would not say which.
    // (The name is looked up without its "/": with it, the lookup fails as "not a folder".)
    let named: PathBuf = folder.components().collect();
    if named.exists() && !named.is_dir() {
        return Err(Error::Usage(format!(
            "{}: is a file, not a folder: a name ending in \"/\" asks for a folder of CSV files \
             (give the name without the \"/\" to write one CSV file)",
            folder.display()
        )));
    }
    std::fs::create_dir_all(folder).map_err(|source| Error::Write {
        path: folder.to_path_buf(),
        source,
    })?;
    crate::render::write_together(files)
}

/// The name clap shows for a value (`--format csv`).
pub fn value_name<T: clap::ValueEnum>(value: &T) -> String {
    value
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default()
}

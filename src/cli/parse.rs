use std::path::PathBuf;

use clap::ValueEnum;

use crate::error::{Error, Result};
use crate::read::{Encoding, ReadOptions};
use crate::render::{self, Output};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Table,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Plan file (.txt, .md, .pdf), or - for standard input.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// One-line JSON instead of pretty-printed.
    #[arg(long)]
    pub compact: bool,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Decode the input with this encoding instead of detecting it.
    #[arg(long, value_enum)]
    pub encoding: Option<Encoding>,
}

/// Extensions of formats `parse` does not write. JSON in a file named `.xlsx` or `.csv` is a
/// file the spreadsheet refuses as corrupt, found out only when a colleague opens it.
const NOT_WRITTEN_BY_PARSE: &[&str] = &[
    "xlsx", "xls", "xlsm", "xlsb", "ods", "csv", "tsv", "tab", "html", "htm", "md", "markdown",
    "pdf", "doc", "docx", "odt", "rtf", "xml", "yaml", "yml", "jsonl", "ndjson",
];

pub fn run(args: Args) -> Result<i32> {
    if let Some(output) = &args.output {
        let extension = output
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if NOT_WRITTEN_BY_PARSE.contains(&extension.as_str()) {
            return Err(Error::Usage(format!(
                "-o {}: plandoc parse writes JSON (or, with --format table, a text outline), not \
                 .{extension}; name it .json or .txt (plandoc convert writes JSON Lines, plandoc \
                 diff writes csv, xlsx, html and markdown)",
                output.display()
            )));
        }
        crate::read::ensure_not_an_input(output, &[&args.file])?;
    }
    if args.compact && args.format != Format::Json {
        // Ignored, it would leave the user believing the output is what they asked for.
        let format = clap::ValueEnum::to_possible_value(&args.format)
            .map_or_else(String::new, |value| value.get_name().to_string());
        return Err(Error::Usage(format!(
            "--compact applies to json output, and --format is {format}; leave one of them out"
        )));
    }
    let options = ReadOptions {
        encoding: args.encoding,
    };
    let plan = crate::parse_path(&args.file, &options)?;
    let text = match args.format {
        Format::Json => render::plan::json(&plan, args.compact),
        Format::Table => render::plan::table(&plan, render::terminal_width()),
    };
    Output::from_arg(args.output.as_deref()).write(text.as_bytes())?;
    Ok(0)
}

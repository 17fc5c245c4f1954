use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::compare::{self, Filters, Input};
use crate::error::{Error, Result};
use crate::model::{Plan, PLAN_SCHEMA};
use crate::read::{Encoding, ReadOptions};
use crate::render::{self, write_atomic, Output};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Markdown,
    Csv,
    Json,
    Html,
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum View {
    Tasks,
    Targets,
    Sections,
    Agencies,
}

impl View {
    fn name(self) -> &'static str {
        match self {
            View::Tasks => "tasks",
            View::Targets => "targets",
            View::Sections => "sections",
            View::Agencies => "agencies",
        }
    }
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  plandoc diff kon-tum.txt gia-lai.md son-la.txt\n  plandoc diff a.json b.json --only tasks --changed --format markdown\n  plandoc diff *.txt --format html -o diff.html\n  plandoc diff *.txt --format csv --bom -o out/   (one CSV per view)"
)]
pub struct Args {
    /// Two or more plans: files `parse` reads (.txt, .md, .pdf) or JSON that `parse` wrote.
    #[arg(required = true, num_args = 2..)]
    pub inputs: Vec<PathBuf>,
    /// Output format [default: table on a terminal, else the -o file's extension, else json].
    #[arg(long, short, value_enum)]
    pub format: Option<Format>,
    /// Show only one view.
    #[arg(long, value_enum)]
    pub only: Option<View>,
    /// Hide groups in which nothing differs.
    #[arg(long)]
    pub changed: bool,
    /// Keep task groups (and agency rows) whose lead body matches TEXT (diacritics ignored).
    #[arg(long, value_name = "TEXT")]
    pub lead: Option<String>,
    /// Write to this file (atomically); for CSV, a folder gets one file per view.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Start CSV files with a UTF-8 byte-order mark (Excel then reads Vietnamese correctly).
    #[arg(long)]
    pub bom: bool,
    /// One-line JSON instead of pretty-printed.
    #[arg(long)]
    pub compact: bool,
    /// Decode text inputs with this encoding instead of detecting it.
    #[arg(long, value_enum)]
    pub encoding: Option<Encoding>,
}

/// A plan from a file: JSON written by `plandoc parse`, or a document to parse.
pub fn load(path: &Path, options: &ReadOptions) -> Result<Plan> {
    let looks_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if looks_json {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::input(path, format!("cannot read: {e}")))?;
        let plan: Plan = serde_json::from_str(text.trim_start_matches('\u{FEFF}'))
            .map_err(|e| Error::input(path, format!("not a {PLAN_SCHEMA} JSON file: {e}")))?;
        if plan.schema != PLAN_SCHEMA {
            return Err(Error::input(
                path,
                format!("schema is {:?}, expected {PLAN_SCHEMA:?}", plan.schema),
            ));
        }
        return Ok(plan);
    }
    crate::parse_path(path, options)
}

fn format_from_extension(path: &Path) -> Option<Format> {
    let extension = path.extension()?.to_string_lossy().to_lowercase();
    Some(match extension.as_str() {
        "html" | "htm" => Format::Html,
        "xlsx" => Format::Xlsx,
        "csv" => Format::Csv,
        "md" | "markdown" => Format::Markdown,
        "json" => Format::Json,
        "txt" => Format::Table,
        _ => return None,
    })
}

fn is_folder(path: &Path) -> bool {
    path.is_dir() || path.to_string_lossy().ends_with(['/', '\\'])
}

pub fn run(args: Args) -> Result<i32> {
    let options = ReadOptions {
        encoding: args.encoding,
    };
    let mut inputs = Vec::with_capacity(args.inputs.len());
    for path in &args.inputs {
        inputs.push(Input {
            path: path.display().to_string(),
            plan: load(path, &options)?,
        });
    }
    let filters = Filters {
        only: args.only.map(|v| v.name().to_string()),
        changed: args.changed,
        lead: args.lead.clone(),
    };
    let diff = compare::filter(compare::diff(&inputs), &filters);
    let output = args.output.as_deref();
    let format = args
        .format
        .or_else(|| {
            output.and_then(|p| {
                if is_folder(p) {
                    Some(Format::Csv)
                } else {
                    format_from_extension(p)
                }
            })
        })
        .unwrap_or_else(|| {
            if output.is_none() && std::io::stdout().is_terminal() {
                Format::Table
            } else {
                Format::Json
            }
        });
    let bytes: Vec<u8> = match format {
        Format::Table => render::diff::table(&diff, render::terminal_width()).into_bytes(),
        Format::Markdown => render::diff::markdown(&diff).into_bytes(),
        Format::Json => render::diff::json(&diff, args.compact).into_bytes(),
        Format::Html => render::diff::html(&diff).into_bytes(),
        Format::Xlsx => {
            if output.is_none() && std::io::stdout().is_terminal() {
                return Err(Error::Usage(
                    "an XLSX workbook is binary: give -o FILE.xlsx or redirect the output"
                        .to_string(),
                ));
            }
            render::diff::xlsx(&diff)
                .map_err(|e| Error::Usage(format!("cannot build the workbook: {e}")))?
        }
        Format::Csv => {
            if let Some(folder) = output.filter(|p| is_folder(p)) {
                std::fs::create_dir_all(folder).map_err(|source| Error::Write {
                    path: folder.to_path_buf(),
                    source,
                })?;
                for view in compare::VIEWS {
                    if filters.only.as_deref().is_some_and(|only| only != *view) {
                        continue;
                    }
                    let text = render::diff::csv(&diff, view, args.bom);
                    write_atomic(&folder.join(format!("{view}.csv")), text.as_bytes())?;
                }
                return Ok(0);
            }
            let view = filters.only.as_deref().unwrap_or("tasks");
            if filters.only.is_none() {
                eprintln!(
                    "plandoc: note: one CSV holds one view; writing tasks (use --only VIEW, or -o FOLDER/ for every view)"
                );
            }
            render::diff::csv(&diff, view, args.bom).into_bytes()
        }
    };
    Output::from_arg(output).write(&bytes)?;
    Ok(0)
}

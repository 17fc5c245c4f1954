use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::error::{Error, Result};
use crate::read::{Encoding, ReadOptions};
use crate::render::{self, plan_sheets, Output};

use super::output_args::{
    is_folder, misfit, refuse_folder_for_one_file, refuse_workbook_on_terminal, value_name,
    write_csv_folder, NEVER_WRITTEN, SPREADSHEET_LOOKALIKES,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Table,
    /// One view (--only, default tasks); `-o FOLDER/` writes every view.
    Csv,
    /// A workbook: tasks, indicators, targets, sections and the plan's metadata, one sheet each.
    Xlsx,
}

impl Format {
    fn name(self) -> String {
        value_name(&self)
    }
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  plandoc parse plan.pdf -o plan.json\n  plandoc parse plan.txt --format table\n  plandoc parse plan.txt -o plan.xlsx              (one sheet per view)\n  plandoc parse plan.txt --format csv --only targets --bom -o targets.csv\n  plandoc parse plan.txt --format csv -o views/    (one CSV per view)"
)]
pub struct Args {
    /// Plan file (.txt, .md, .markdown, .pdf, .html, .htm, .csv; any other name is read as text),
    /// or - for standard input.
    pub file: PathBuf,
    /// Output format [default: the -o file's extension (.json, .csv, .xlsx; .txt: table), else
    /// csv with --only or --bom, else json].
    #[arg(long, short, value_enum)]
    pub format: Option<Format>,
    /// The view a CSV holds: tasks, indicators, targets, sections or plan (default: tasks).
    #[arg(long, value_name = "VIEW", value_parser = clap::builder::PossibleValuesParser::new(plan_sheets::VIEWS))]
    pub only: Option<String>,
    /// One-line JSON instead of pretty-printed.
    #[arg(long)]
    pub compact: bool,
    /// CSV for Excel: a byte-order mark first, and cells that would run as formulas shown as
    /// text. Without it every cell is the exact text.
    #[arg(long)]
    pub bom: bool,
    /// Write to this file (atomically) instead of standard output; with --format csv, a folder
    /// (existing, or a name ending in /) gets one file per view.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Decode the input with this encoding instead of detecting it.
    #[arg(long, value_enum)]
    pub encoding: Option<Encoding>,
}

/// Formats `diff` writes and `parse` does not: JSON in a file named `.html` or `.md` is a file
/// that will not open as what its name says, found out only when a colleague opens it.
const WRITTEN_BY_DIFF_ONLY: &[&str] = &["html", "htm", "md", "markdown"];

/// The views a CSV folder gets one file each for: `--only`'s, else all of them.
fn csv_views(only: Option<&str>) -> impl Iterator<Item = &'static str> + '_ {
    plan_sheets::VIEWS
        .iter()
        .copied()
        .filter(move |view| only.is_none_or(|only| only == *view))
}

/// The format an `-o` name asks for: its extension. A folder asks for none: it takes CSV only
/// when CSV is asked for (`--format csv`, `--only`, `--bom`), so a JSON reading aimed at a
/// folder is refused rather than turned into CSV files.
fn format_from_output(output: &Path) -> Option<Format> {
    if is_folder(output) {
        return None;
    }
    let extension = output.extension()?.to_string_lossy().to_lowercase();
    match extension.as_str() {
        "json" => Some(Format::Json),
        "txt" => Some(Format::Table),
        "csv" => Some(Format::Csv),
        "xlsx" => Some(Format::Xlsx),
        _ => None,
    }
}

/// Refuses, before anything is read, an `-o` name that says a format plandoc parse does not
/// write, or another format than `--format` asks for, and options that do not go with the
/// format (they would be silently ignored).
fn check_arguments(args: &Args, format: Format) -> Result<()> {
    if let Some(output) = args.output.as_deref().filter(|o| o.as_os_str() != "-") {
        let extension = output
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        // With --format given, any other ending is the user's name for the file, as in diff.
        // An ending no format has ("report.v2") is refused too, as diff refuses it: the name
        // would not say what the file holds.
        let not_written = NEVER_WRITTEN.contains(&extension.as_str())
            || WRITTEN_BY_DIFF_ONLY.contains(&extension.as_str())
            || (!extension.is_empty() && format_from_output(output).is_none());
        // Even with --format: see SPREADSHEET_LOOKALIKES.
        let never = SPREADSHEET_LOOKALIKES.contains(&extension.as_str());
        if (args.format.is_none() || never) && !is_folder(output) && not_written {
            return Err(Error::Usage(format!(
                "-o {}: plandoc parse writes JSON, a text outline, CSV or XLSX, not \
                 .{extension}; name it .json, .txt, .csv or .xlsx (plandoc diff writes html and \
                 markdown)",
                output.display()
            )));
        }
        if let (Some(asked), Some(named)) = (args.format, format_from_output(output)) {
            if asked != named && !(named == Format::Table && extension == "txt") {
                return Err(Error::Usage(format!(
                    "-o {}: the name says {} but --format is {}; rename the file or leave out \
                     --format",
                    output.display(),
                    named.name(),
                    asked.name()
                )));
            }
        }
        refuse_folder_for_one_file(output, &format.name())?;
    }
    let misfit = |option: &str, applies: &str| Err(misfit(option, applies, &format.name()));
    if args.compact && (args.bom || args.only.is_some()) {
        let csv_option = if args.bom { "--bom" } else { "--only" };
        return Err(Error::Usage(format!(
            "--compact (json) and {csv_option} (csv) ask for two formats; keep one of them"
        )));
    }
    if args.compact && format != Format::Json {
        return misfit("--compact", "json");
    }
    if args.bom && format != Format::Csv {
        return misfit("--bom", "csv");
    }
    if args.only.is_some() && format != Format::Csv {
        return misfit("--only", "csv");
    }
    if format == Format::Xlsx {
        refuse_workbook_on_terminal(args.output.as_deref())?;
    }
    Ok(())
}

pub fn run(args: Args) -> Result<i32> {
    // Options only one format takes ask for it: --only and --bom for CSV, --compact for JSON.
    let from_options = if args.only.is_some() || args.bom {
        Some(Format::Csv)
    } else if args.compact {
        Some(Format::Json)
    } else {
        None
    };
    let format = args
        .format
        .or_else(
            || match args.output.as_deref().and_then(format_from_output) {
                // `.txt` takes any format, as in diff: the outline unless an option asks for one.
                Some(Format::Table) => from_options.or(Some(Format::Table)),
                named => named,
            },
        )
        .or(from_options)
        .unwrap_or(Format::Json);
    check_arguments(&args, format)?;
    // Checked before reading anything: an input replaced by its own reading is lost for good.
    if let Some(output) = &args.output {
        let written: Vec<PathBuf> = if format == Format::Csv && is_folder(output) {
            csv_views(args.only.as_deref())
                .map(|view| output.join(format!("{view}.csv")))
                .collect()
        } else {
            vec![output.clone()]
        };
        for target in &written {
            crate::read::ensure_not_an_input(target, &[&args.file])?;
        }
    }
    let options = ReadOptions {
        encoding: args.encoding,
    };
    let plan = crate::parse_path(&args.file, &options)?;
    let output = Output::from_arg(args.output.as_deref());
    match format {
        Format::Json => output.write_with(&mut |out: &mut dyn std::io::Write| {
            render::plan::write_json(&plan, args.compact, out)
        })?,
        Format::Table => {
            let width = render::table_width(args.output.is_some());
            output.write(render::plan::table(&plan, width).as_bytes())?
        }
        Format::Csv => match args.output.as_deref().filter(|o| is_folder(o)) {
            Some(folder) => {
                let views: Vec<(PathBuf, Vec<u8>)> = csv_views(args.only.as_deref())
                    .filter_map(|view| plan_sheets::sheet(&plan, view))
                    .map(|sheet| {
                        let text = render::sheets::csv(&sheet, args.bom);
                        (
                            folder.join(format!("{}.csv", sheet.name)),
                            text.into_bytes(),
                        )
                    })
                    .collect();
                write_csv_folder(folder, &views)?;
            }
            None => {
                if args.only.is_none() {
                    render::write_note(
                        "plandoc: note: one CSV holds one view; writing tasks (use --only VIEW, \
                         or --format csv -o FOLDER/ for every view)\n",
                    );
                }
                let view = args.only.as_deref().unwrap_or("tasks");
                let sheet = plan_sheets::sheet(&plan, view)
                    .ok_or_else(|| Error::Usage(format!("no view '{view}'")))?;
                output.write(render::sheets::csv(&sheet, args.bom).as_bytes())?;
            }
        },
        Format::Xlsx => {
            let bytes = render::sheets::xlsx(&plan_sheets::sheets(&plan))
                .map_err(|e| Error::Usage(format!("cannot build the workbook: {e}")))?;
            output.write(&bytes)?;
        }
    }
    Ok(0)
}

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::compare::{self, Filters, Input};
use crate::error::{Error, Result};
use crate::model::Plan;
use crate::read::{Encoding, ReadOptions};
use crate::render::{self, Output};

use super::output_args::{
    is_folder, misfit, refuse_folder_for_one_file, refuse_workbook_on_terminal, write_csv_folder,
    NEVER_WRITTEN, SPREADSHEET_LOOKALIKES,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    /// Also accepted as "md", the extension users type.
    #[value(alias = "md")]
    Markdown,
    Csv,
    Json,
    Html,
    Xlsx,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Markdown => "markdown",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Html => "html",
            Format::Xlsx => "xlsx",
        }
    }
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
    /// Two or more plans: files `parse` reads (.txt, .md, .markdown, .pdf, .html, .htm, .csv) or
    /// JSON that `parse` wrote. A file with no numbered part, no task table and no target is
    /// refused (exit 2).
    #[arg(required = true, num_args = 2..)]
    pub inputs: Vec<PathBuf>,
    /// Output format [default: the -o file's extension (a folder: csv); else json with
    /// --compact, csv with --bom; else table on a terminal without -o, json otherwise].
    #[arg(long, short, value_enum)]
    pub format: Option<Format>,
    /// Show only these views (`--only tasks,targets`, or --only repeated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "VIEW")]
    pub only: Vec<View>,
    /// Hide groups in which nothing differs.
    #[arg(long)]
    pub changed: bool,
    /// Keep task groups (and agency rows) whose lead body, or its 2025 successor, matches TEXT
    /// (diacritics and abbreviations ignored).
    #[arg(long, value_name = "TEXT")]
    pub lead: Option<String>,
    /// Write to this file (atomically); for CSV, a folder (existing, or a name ending in /) gets
    /// one file per view, plans.csv (which file each plan key is) and filtered.csv (what the
    /// filters left out).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// CSV for Excel: a UTF-8 byte-order mark first (Excel then reads Vietnamese correctly), and
    /// a ' before a cell starting with =, +, -, @, tab or CR, so Excel shows it as text instead of
    /// running it as a formula. Without --bom every cell is the exact text.
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
    match crate::read::plan_json::read_plan_or_document(path)? {
        (Some(plan), _) => Ok(plan),
        (None, bytes) => crate::parse_bytes(&path.display().to_string(), &bytes, options),
    }
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

/// A `-o` name whose extension says another format than `--format`, or a format plandoc does not
/// write (`NEVER_WRITTEN`: `.xls`, `.tsv` …; the spreadsheet look-alikes whatever `--format`
/// says), is refused before anything is read: a CSV named
/// `.xlsx` is a file Excel will not open, and JSON named `.xls` a surprise. `.txt` goes with any
/// format. Any other ending (`.xyz`, `.v2`) is refused too unless `--format` says what to
/// write: written as JSON silently, it was a surprise as well.
fn check_output_name(output: Option<&Path>, asked: Option<Format>) -> Result<()> {
    let Some(path) = output.filter(|p| !is_folder(p) && p.as_os_str() != "-") else {
        return Ok(());
    };
    let Some(extension) = path.extension().map(|e| e.to_string_lossy().to_lowercase()) else {
        return Ok(());
    };
    if extension == "txt" {
        return Ok(());
    }
    match (format_from_extension(path), asked) {
        (Some(named), Some(asked)) if named != asked => Err(Error::Usage(format!(
            "-o {}: the name says {} but --format is {}; rename the file or leave out --format",
            path.display(),
            named.name(),
            asked.name()
        ))),
        // Even with --format: see SPREADSHEET_LOOKALIKES.
        (None, _) if SPREADSHEET_LOOKALIKES.contains(&extension.as_str()) => {
            Err(Error::Usage(format!(
                "-o {}: plandoc does not write .{extension} files (a spreadsheet program would \
                 open it as one); name it .csv or .xlsx, or .json, .html, .md or .txt",
                path.display()
            )))
        }
        (None, None) if NEVER_WRITTEN.contains(&extension.as_str()) => Err(Error::Usage(format!(
            "-o {}: plandoc does not write .{extension} files; name it .json, .csv, .xlsx, \
             .html, .md or .txt, or give --format",
            path.display()
        ))),
        (None, None) => Err(Error::Usage(format!(
            "-o {}: .{extension} is not a format plandoc writes; name it .json, .csv, .xlsx, \
             .html, .md or .txt, or give --format to keep this name",
            path.display()
        ))),
        _ => Ok(()),
    }
}

/// With no format given or named by `-o`, an option that only one format has picks it:
/// `--compact` asks for JSON, `--bom` for CSV (where the terminal would get a table).
fn format_from_options(args: &Args) -> Option<Format> {
    match (args.compact, args.bom) {
        (true, false) => Some(Format::Json),
        (false, true) => Some(Format::Csv),
        _ => None,
    }
}

/// `--compact` and `--bom` change one format each; given with another, they would be silently
/// ignored, and the user left believing the output has them.
fn check_options_fit(args: &Args, format: Format) -> Result<()> {
    let misfit = |option: &str, applies: &str| Err(misfit(option, applies, format.name()));
    if args.compact && args.bom {
        return Err(Error::Usage(
            "--compact (json) and --bom (csv) ask for two formats; keep one of them".to_string(),
        ));
    }
    if args.compact && format != Format::Json {
        return misfit("--compact", "json");
    }
    if args.bom && format != Format::Csv {
        return misfit("--bom", "csv");
    }
    let views = unique_views(&args.only);
    let into_folder = args.output.as_deref().is_some_and(is_folder);
    if let Some(output) = args.output.as_deref() {
        refuse_folder_for_one_file(output, format.name())?;
    }
    if format == Format::Csv && views.len() > 1 && !into_folder {
        return Err(Error::Usage(format!(
            "one CSV holds one view, and --only asks for {}: give one view, or -o FOLDER/ for \
             one CSV per view",
            views.join(", ")
        )));
    }
    Ok(())
}

/// The views `--only` names, each once, in the order first given (`--only tasks,tasks` is one).
fn unique_views(only: &[View]) -> Vec<&'static str> {
    let mut views: Vec<&'static str> = Vec::new();
    for view in only {
        if !views.contains(&view.name()) {
            views.push(view.name());
        }
    }
    views
}

/// Standard input can be read once: a second `-` would be an empty plan, reported as an empty
/// file, which hides what went wrong.
pub(crate) fn refuse_stdin_twice(inputs: &[PathBuf]) -> Result<()> {
    if inputs.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(Error::Usage(
            "standard input (-) can be read only once: give it as one input at most".to_string(),
        ));
    }
    Ok(())
}

/// Two inputs read from the same bytes (the same file given twice, a copy, or a plan and the
/// JSON `parse` wrote of it, which records the source's SHA-256) diff as identical
/// everywhere, which is easy to mistake for two plans that agree: said on standard error.
fn note_identical_inputs(inputs: &[Input]) {
    for (later, input) in inputs.iter().enumerate() {
        let earlier = inputs[..later]
            .iter()
            .find(|e| e.plan.source.sha256 == input.plan.source.sha256);
        let Some(earlier) = earlier else {
            continue;
        };
        // JSON that `parse` wrote records its source's SHA-256, but may have been edited since.
        let content = |plan: &Plan| {
            serde_json::to_string(&(&plan.plan, &plan.sections, &plan.tables, &plan.targets))
                .unwrap_or_default()
        };
        if content(&earlier.plan) == content(&input.plan) {
            render::write_note(&format!(
                "plandoc: note: {} and {} are readings of the same file (the same SHA-256): \
                 every row will read as identical\n",
                render::visible_name(&earlier.path),
                render::visible_name(&input.path)
            ));
        } else {
            render::write_note(&format!(
                "plandoc: note: {} and {} were read from the same file (the same SHA-256), but \
                 their contents differ: the JSON was edited, or written by another plandoc \
                 version or with another --encoding\n",
                render::visible_name(&earlier.path),
                render::visible_name(&input.path)
            ));
        }
    }
}

/// A file with no numbered part, no task table and no target (`not-a-plan` and nothing else: a
/// README, a report, the wrong export) has nothing to compare; put beside plans, it would make
/// a comparison that looks successful, with a column of absences. One with targets read from
/// its running text is compared, with a warning. `parse` only warns: its JSON of such a file
/// misleads no one.
fn refuse_a_text_that_is_not_a_plan(path: &Path, plan: &Plan) -> Result<()> {
    if !plan.diagnostics.iter().any(|d| d.rule == "not-a-plan") {
        return Ok(());
    }
    let hint = if crate::read::plan_json::is_plan_json(path) {
        "as `plandoc parse` read its document".to_string()
    } else {
        "`plandoc text FILE` shows what was read".to_string()
    };
    if plan.targets.is_empty() {
        return Err(Error::input(
            path,
            format!(
                "does not read as a plan (Kế hoạch): no numbered part (I., 1., a)), no task \
                 table and no target, so nothing to compare ({hint})"
            ),
        ));
    }
    render::write_stderr(&format!(
        "plandoc: warning: {}: does not read as a plan (Kế hoạch): no numbered part and no task \
         table; only its {} target{} (numbers read from running text) are compared ({hint})\n",
        render::visible_name(&path.display().to_string()),
        plan.targets.len(),
        if plan.targets.len() == 1 { "" } else { "s" }
    ));
    Ok(())
}

/// A plan in which no task table was found has no task to compare, and every task of the others
/// then shows as theirs alone, which reads as a plan that left them all out: said on standard
/// error, when the tasks view is shown.
fn note_missing_task_tables(inputs: &[Input], filters: &Filters) {
    if !filters.keeps("tasks") {
        return;
    }
    for input in inputs {
        if compare::task_row_count(&input.plan) == 0 {
            render::write_note(&format!(
                "plandoc: note: {}: no task table found; its tasks are not compared (the other \
                 plans' tasks show as theirs alone)\n",
                render::visible_name(&input.path)
            ));
        }
    }
}

/// The views a CSV folder gets one file each for, `plans.csv`, which says what file each plan
/// key (the other files' column names) stands for, and `filtered.csv`, what each view lost to
/// `--changed` or `--lead` (a CSV has no room to say it). `filtered.csv` is written by every
/// run, its header alone when nothing was filtered, so that a filtered run's file is not left
/// behind to misdescribe a later full one.
fn csv_views(filters: &Filters) -> impl Iterator<Item = &'static str> + '_ {
    compare::VIEWS
        .iter()
        .copied()
        .filter(|view| filters.keeps(view))
        .chain([render::diff::PLANS_SHEET, render::diff::FILTERED_SHEET])
}

/// A view's CSV that an earlier `diff` left in the folder and `--only` leaves out of this
/// report: named on standard error, so the folder is not sent on as one report — a warning,
/// which `--quiet` keeps: the folder's reader gets a file this report did not write. Not removed: the
/// user may have added to it (a column of notes in Excel), and nothing can tell their copy from
/// plandoc's; `filtered.csv` also says the view is not in this report.
fn note_views_left_out(folder: &Path, filters: &Filters) {
    use std::io::Read;
    for view in compare::VIEWS.iter().filter(|view| !filters.keeps(view)) {
        let path = csv_file(folder, view);
        let is_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
        let mut head = Vec::new();
        let read = std::fs::File::open(&path).and_then(|f| f.take(256).read_to_end(&mut head));
        if is_file && read.is_ok() && render::diff::is_view_csv(view, &head) {
            render::write_stderr(&format!(
                "plandoc: warning: {} is an earlier report's, not this one's (--only leaves \
                 {view} out); remove it before the folder goes to anyone\n",
                render::visible_name(&path.display().to_string())
            ));
        }
    }
}

fn csv_file(folder: &Path, view: &str) -> PathBuf {
    folder.join(format!("{view}.csv"))
}

/// Every file the command will write: the -o file, or for CSV into a folder one file per view.
fn files_written(output: Option<&Path>, format: Format, filters: &Filters) -> Vec<PathBuf> {
    match output {
        None => Vec::new(),
        Some(path) if path.as_os_str() == "-" => Vec::new(),
        Some(folder) if format == Format::Csv && is_folder(folder) => csv_views(filters)
            .map(|view| csv_file(folder, view))
            .collect(),
        Some(path) => vec![path.to_path_buf()],
    }
}

pub fn run(args: Args) -> Result<i32> {
    let options = ReadOptions {
        encoding: args.encoding,
    };
    let output = args.output.as_deref();
    check_output_name(output, args.format)?;
    let named = output.and_then(|p| {
        if is_folder(p) {
            Some(Format::Csv)
        } else {
            format_from_extension(p)
        }
    });
    let format = args
        .format
        .or_else(|| match named {
            // `.txt` takes any format: the table unless an option asks for one.
            Some(Format::Table) => format_from_options(&args).or(named),
            other => other,
        })
        .or_else(|| format_from_options(&args))
        .unwrap_or_else(|| {
            if output.is_none() && std::io::stdout().is_terminal() {
                Format::Table
            } else {
                Format::Json
            }
        });
    check_options_fit(&args, format)?;
    let filters = Filters {
        only: unique_views(&args.only)
            .into_iter()
            .map(str::to_string)
            .collect(),
        changed: args.changed,
        lead: args.lead.clone(),
    };
    if filters.lead.as_deref().is_some_and(|lead| {
        !crate::domain::text::fold(lead)
            .chars()
            .any(char::is_alphanumeric)
    }) {
        // It would match every lead (diacritics are ignored, so a lone tone mark is nothing
        // either): a filter that filters nothing is a slip of the script.
        return Err(Error::Usage(
            "--lead wants the text of a lead body (\"Công an\"); it holds no letter or digit"
                .to_string(),
        ));
    }
    if args.inputs.len() > compare::MAX_PLANS {
        // Every view has a row per group and a column per plan: 2,000 one-item plans made a
        // table of 2,000 × 2,000 cells and took 24 GB.
        return Err(Error::Usage(format!(
            "{} plans given; diff compares at most {} at a time (every view has a column per \
             plan)",
            args.inputs.len(),
            compare::MAX_PLANS
        )));
    }
    refuse_stdin_twice(&args.inputs)?;
    // Checked before reading anything: a refused command must not leave a half-done result, and
    // an input replaced by its own diff is lost for good.
    let input_paths: Vec<&Path> = args.inputs.iter().map(PathBuf::as_path).collect();
    for target in files_written(output, format, &filters) {
        crate::read::ensure_not_an_input(&target, &input_paths)?;
    }
    let mut inputs = Vec::with_capacity(args.inputs.len());
    for path in &args.inputs {
        let plan = load(path, &options)?;
        refuse_a_text_that_is_not_a_plan(path, &plan)?;
        inputs.push(Input {
            path: path.display().to_string(),
            plan,
        });
    }
    note_identical_inputs(&inputs);
    note_missing_task_tables(&inputs, &filters);
    let diff = compare::diff(&inputs).map_err(|e| Error::input(&e.path, e.reason()))?;
    if let Some(lead) = &filters.lead {
        // Every format would show no task and no agency, silently: say why. Asked of the lead
        // alone, before --only and --changed empty views for their own reasons.
        let lead_only = Filters {
            only: Vec::new(),
            changed: false,
            lead: Some(lead.clone()),
        };
        let matched = compare::filter(diff.clone(), &lead_only);
        if matched.tasks.is_empty() && matched.agencies.is_empty() {
            render::write_note(&format!(
                "plandoc: note: --lead {} matches no lead body (nor its 2025 successor) in \
                 these plans: no task and no agency is shown\n",
                render::visible(&compare::shell_quoted(&crate::clean::collapse_whitespace(
                    lead
                )))
            ));
        }
    }
    let diff = compare::filter(diff, &filters);
    let bytes: Vec<u8> = match format {
        Format::Table => {
            render::diff::table(&diff, render::table_width(output.is_some())).into_bytes()
        }
        Format::Markdown => render::diff::markdown(&diff).into_bytes(),
        Format::Json => render::diff::json(&diff, args.compact).into_bytes(),
        Format::Html => render::diff::html(&diff).into_bytes(),
        Format::Xlsx => {
            refuse_workbook_on_terminal(output)?;
            render::diff::xlsx(&diff)
                .map_err(|e| Error::Usage(format!("cannot build the workbook: {e}")))?
        }
        Format::Csv => {
            if let Some(folder) = output.filter(|p| is_folder(p)) {
                let views: Vec<(PathBuf, Vec<u8>)> = csv_views(&filters)
                    .map(|view| {
                        let text = render::diff::csv(&diff, view, args.bom);
                        (csv_file(folder, view), text.into_bytes())
                    })
                    .collect();
                write_csv_folder(folder, &views)?;
                note_views_left_out(folder, &filters);
                return Ok(0);
            }
            let view = filters.only.first().map_or("tasks", String::as_str);
            if filters.only.is_empty() {
                render::write_note(
                    "plandoc: note: one CSV holds one view; writing tasks (use --only VIEW, or -o FOLDER/ for every view)\n",
                );
            }
            // The file itself cannot say it is partial without breaking its columns.
            if let Some(note) = diff.filtered.as_ref().and_then(|f| f.hidden_note(view)) {
                render::write_note(&format!(
                    "plandoc: note: this CSV of {view} is filtered: {note}\n"
                ));
            }
            render::diff::csv(&diff, view, args.bom).into_bytes()
        }
    };
    Output::from_arg(output).write(&bytes)?;
    Ok(0)
}

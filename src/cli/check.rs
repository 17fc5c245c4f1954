//! `plandoc check DRAFT… [--baseline PLAN]…`: lint drafts for CI. Exit 0 when no errors, 1 when
//! errors were found, 2 when an input or an argument could not be read.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::check::{self, config, render, Baseline, Options};
use crate::error::{Error, Result};
use crate::read::{Encoding, ReadOptions};
use crate::render::Output;

/// A rule name as typed. It offers the registry's names to shell completion (with each rule's
/// description, where the shell shows one) and passes any text on: the configuration checks
/// names for the command line and `plandoc.toml` alike, with one message for a typo.
#[derive(Debug, Clone, Copy)]
pub struct RuleName;

impl clap::builder::TypedValueParser for RuleName {
    type Value = String;

    fn parse_ref(
        &self,
        command: &clap::Command,
        argument: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> std::result::Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(command, argument, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(check::rules::RULES.iter().map(|rule| {
            clap::builder::PossibleValue::new(rule.name).help(rule.description)
        })))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Findings with their source lines, as rustc prints them (also accepted as table).
    #[value(alias = "table")]
    Human,
    /// The report as `plandoc/check@1` JSON (an array of reports for several drafts).
    Json,
    /// One `plandoc/check@1` report a line, for each draft: the same shape for one draft as
    /// for many, for scripts.
    Jsonl,
    /// SARIF 2.1.0, for code-scanning uploads.
    Sarif,
    /// GitHub Actions workflow commands: one annotation per finding.
    Github,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Draft plan(s) to check (.txt, .md, .markdown, .pdf, .html, .htm, .csv), folders of them
    /// (every such file below, sorted), or - for standard input.
    #[arg(required_unless_present = "list_rules")]
    pub drafts: Vec<PathBuf>,
    /// In folders among the drafts, only files matching this pattern (repeatable; `*.txt`,
    /// `**/kh-*.{txt,md}`), as `convert --glob` takes them: a drafts folder that also holds a
    /// README.md or an index.html. Default: .txt, .md, .markdown, .pdf, .html, .htm, .csv. A
    /// file named on the command line is checked whatever its name; a pattern that matches
    /// nothing is warned about.
    #[arg(long, value_name = "PATTERN")]
    pub glob: Vec<String>,
    /// As --glob, ignoring letter case (`--iglob '*.pdf'` takes PLAN.PDF too).
    #[arg(long, value_name = "PATTERN")]
    pub iglob: Vec<String>,
    /// An issued plan whose targets the draft must not fall below (repeatable): a document, or
    /// the JSON `plandoc parse` wrote of it (known by its content, whatever its name).
    #[arg(long, value_name = "PLAN")]
    pub baseline: Vec<PathBuf>,
    /// Output format [default: what -o's name says (.sarif or .sarif.json, .json, .jsonl or
    /// .ndjson, any case), else human].
    #[arg(long, short, value_enum)]
    pub format: Option<Format>,
    /// Configuration file (default: plandoc.toml in the current folder or a parent).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore any plandoc.toml.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Turn a rule on (repeatable; comma-separated lists allowed).
    #[arg(long, value_name = "RULE", value_delimiter = ',', value_parser = RuleName, hide_possible_values = true)]
    pub enable: Vec<String>,
    /// Turn a rule off (repeatable; comma-separated lists allowed).
    #[arg(long, value_name = "RULE", value_delimiter = ',', value_parser = RuleName, hide_possible_values = true)]
    pub disable: Vec<String>,
    /// Set a rule's severity: RULE=error|warning|info|off (repeatable).
    #[arg(long, value_name = "RULE=LEVEL", value_delimiter = ',')]
    pub severity: Vec<String>,
    /// Colour the human report: auto (terminal and no NO_COLOR), always, never.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Write the report to this file instead of standard output. Without --format, a name
    /// ending in .sarif (.sarif.json), .json or .jsonl (.ndjson) chooses that format; .json
    /// also takes --format sarif or jsonl.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// The path to report for a draft read from standard input (-): annotations and SARIF
    /// locations then point at the file in the repository, not at "-".
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Decode the drafts with this encoding instead of detecting it (baselines are always
    /// detected).
    #[arg(long, value_enum)]
    pub encoding: Option<Encoding>,
    /// List the rules with the severity each reports at — plandoc.toml, --config, --enable,
    /// --disable and --severity applied; "(default: LEVEL)" where the level is not the default —
    /// and exit.
    #[arg(long, conflicts_with_all = ["drafts", "glob", "iglob", "baseline", "format", "output", "stdin_filename", "encoding"])]
    pub list_rules: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

pub fn run(args: Args) -> Result<i32> {
    let config_path = match (&args.config, args.no_config) {
        (Some(path), _) => Some(path.clone()),
        (None, true) => None,
        (None, false) => std::env::current_dir()
            .ok()
            .and_then(|d| config::discover(&d)),
    };
    if args.list_rules {
        return list_rules(&args, config_path.as_deref());
    }
    if args.stdin_filename.is_some() && !args.drafts.iter().any(|p| p.as_os_str() == "-") {
        // Ignored, it would leave the user believing the locations were renamed.
        return Err(Error::Usage(
            "--stdin-filename names a draft read from standard input; give - among the drafts"
                .to_string(),
        ));
    }
    let stdin_readers: Vec<PathBuf> = args.drafts.iter().chain(&args.baseline).cloned().collect();
    super::diff::refuse_stdin_twice(&stdin_readers)?;
    let format = output_format(args.output.as_deref(), args.format)?;
    let globs = args
        .glob
        .iter()
        .map(|pattern| crate::convert::Glob::new(pattern))
        .chain(
            args.iglob
                .iter()
                .map(|p| crate::convert::Glob::ignoring_case(p)),
        )
        .collect::<Result<Vec<_>>>()?;
    let mut expanded = expand_folders(&args.drafts, &globs);
    // Only a folder, and nothing to report on: refused like an unreadable single draft.
    if let [Expanded::Unreadable(..)] = expanded.as_slice() {
        if !matches!(format, Format::Sarif | Format::Github | Format::Jsonl) {
            if let Some(Expanded::Unreadable(_, error)) = expanded.pop() {
                return Err(error);
            }
        }
    }
    let drafts: Vec<PathBuf> = expanded
        .iter()
        .filter_map(|entry| match entry {
            Expanded::Draft(path) => Some(path.clone()),
            Expanded::Unreadable(..) => None,
        })
        .collect();
    // Before anything is read: a report written over a draft, a baseline or the configuration
    // would lose it for good.
    if let Some(output) = args.output.as_deref().filter(|p| p.as_os_str() != "-") {
        if super::output_args::is_folder(output) {
            return Err(Error::Usage(format!(
                "-o {}: a folder; check writes one report, in one file: give a file name \
                 (report.sarif, report.json, report.txt)",
                output.display()
            )));
        }
        let mut inputs: Vec<&Path> = drafts.iter().map(PathBuf::as_path).collect();
        inputs.extend(args.baseline.iter().map(PathBuf::as_path));
        inputs.extend(config_path.as_deref());
        crate::read::ensure_not_an_input(output, &inputs)?;
    }
    let config = rule_levels(&args, config_path.as_deref())?;
    let read_options = ReadOptions {
        encoding: args.encoding,
    };
    let mut baselines = Vec::new();
    // A baseline that cannot be read fails the run (exit 2); for the formats a later CI step
    // uploads, the report is still written and names it, so no earlier run's file is taken
    // for this one's. The drafts are checked against the other baselines.
    let ci_format = matches!(format, Format::Sarif | Format::Github | Format::Jsonl);
    let mut unreadable_baselines: Vec<render::Unreadable> = Vec::new();
    for path in &args.baseline {
        // Detected, whatever --encoding says: an issued plan comes from elsewhere than the
        // draft, and decoded as the draft's encoding it would lose its targets unseen.
        let read = check::draft::read_baseline(path, &ReadOptions::default())
            .map_err(|error| baseline_said(path, error));
        let (plan, document) = match read {
            Ok(read) => read,
            Err(error) if ci_format => {
                super::report(&error);
                unreadable_baselines.push(render::Unreadable {
                    path: path.display().to_string(),
                    reason: error.into_reason(),
                    given_as: "the baseline",
                });
                continue;
            }
            Err(error) => return Err(error),
        };
        let mut baseline = Baseline::new(&plan, &document);
        // Read from its JSON: no lines of its own.
        if document.lines.is_empty() {
            // Its lines are the document's the JSON was read from, which findings then name.
            baseline.path = format!("{} (read from {})", path.display(), plan.source.path);
        }
        if baseline.claims.is_empty() {
            crate::render::write_stderr(&format!(
                "plandoc: warning: {}: no percentage target found in this baseline; no draft \
                 target is compared with it\n",
                crate::render::visible_name(&path.display().to_string())
            ));
        }
        baselines.push(baseline);
    }
    let options = Options { config, baselines };
    // One unreadable draft must not hide the others' findings: a CI job would upload no report
    // at all. It is named on standard error and makes the status 2 once the report is written.
    let mut reports = Vec::new();
    let mut unreadable: Vec<render::Unreadable> = Vec::new();
    // Where each draft's report goes in the JSON reports: in the order the drafts were given,
    // after the baselines that could not be read.
    let mut order: Vec<Slot> = Vec::new();
    for baseline in unreadable_baselines {
        order.push(Slot::Unreadable(unreadable.len()));
        unreadable.push(baseline);
    }
    let several = expanded.len() > 1;
    // A draft read from standard input is reported under --stdin-filename, read or not: a CI
    // step's annotation must point at the file in the repository, not at "-".
    let stdin_name = |path: &Path| {
        args.stdin_filename
            .as_deref()
            .filter(|_| path.as_os_str() == "-")
    };
    for entry in expanded {
        let path = match entry {
            Expanded::Draft(path) => path,
            Expanded::Unreadable(path, error) => {
                super::report(&error);
                order.push(Slot::Unreadable(unreadable.len()));
                unreadable.push(render::Unreadable {
                    path: path.display().to_string(),
                    reason: error.into_reason(),
                    given_as: "the draft",
                });
                continue;
            }
        };
        let path = &path;
        match check::draft::read(path, &read_options) {
            Ok(draft) => {
                let mut report = check::check_with_source(
                    &draft.plan,
                    &draft.document,
                    draft.as_written(),
                    &options,
                );
                report.keep_written(draft.written_lines);
                report.encoding = draft.encoding;
                if let Some(name) = stdin_name(path) {
                    report.path = name.display().to_string();
                }
                order.push(Slot::Read(reports.len()));
                reports.push(report);
            }
            // SARIF and annotations are uploaded by a later CI step: a report that names the
            // unreadable draft beats no file at all, even for one draft; JSON Lines promises a
            // line for each draft given, however many.
            Err(error)
                if several || matches!(format, Format::Sarif | Format::Github | Format::Jsonl) =>
            {
                let error = named_as_given(broken_link_said(path, error), stdin_name(path));
                super::report(&error);
                order.push(Slot::Unreadable(unreadable.len()));
                unreadable.push(render::Unreadable {
                    path: stdin_name(path).unwrap_or(path).display().to_string(),
                    reason: error.into_reason(),
                    given_as: "the draft",
                });
            }
            Err(error) => {
                return Err(named_as_given(
                    broken_link_said(path, error),
                    stdin_name(path),
                ))
            }
        }
    }
    let text = match format {
        Format::Human => {
            let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => to_terminal && !no_color,
            };
            // Snippets fit the terminal they are shown on; a file or a pipe (a CI log) gets
            // them whole up to the fixed cut.
            let width = to_terminal
                .then(crate::render::terminal_columns)
                .flatten()
                .map(usize::from);
            render::human(&reports, unreadable.len(), render::Style { color, width })
        }
        Format::Json => render::json(
            &in_order(&order, &reports, &unreadable),
            drafts.len() > 1 || drafts != args.drafts,
        ),
        Format::Jsonl => render::jsonl(&in_order(&order, &reports, &unreadable)),
        Format::Sarif => render::sarif(&reports, &unreadable),
        Format::Github => render::github(&reports, &unreadable),
    };
    Output::from_arg(args.output.as_deref()).write(text.as_bytes())?;
    let errors: usize = reports.iter().map(|r| r.errors).sum();
    Ok(if !unreadable.is_empty() {
        2
    } else if errors > 0 {
        1
    } else {
        0
    })
}

/// A draft's place among the reports: read (an index into the reports) or not (into the
/// unreadable drafts).
enum Slot {
    Read(usize),
    Unreadable(usize),
}

/// Every draft's report in the order given, a draft that could not be read with its `error`: a
/// script given several drafts' reports must see every draft, not only the good ones.
fn in_order(
    order: &[Slot],
    reports: &[check::Report],
    unreadable: &[render::Unreadable],
) -> Vec<check::Report> {
    order
        .iter()
        .map(|slot| match *slot {
            Slot::Read(i) => reports[i].clone(),
            Slot::Unreadable(i) => {
                check::Report::unreadable(&unreadable[i].path, &unreadable[i].reason)
            }
        })
        .collect()
}

/// A draft as the command line gives it, after folders are opened: a file to read, or a folder
/// (or a subfolder) that could not be, with the reason. In the order given, which the reports
/// keep.
enum Expanded {
    Draft(PathBuf),
    Unreadable(PathBuf, Error),
}

/// A folder among the drafts stands for the plan files below it (`convert::DEFAULT_EXTENSIONS`,
/// sorted), as `convert` reads folders: a repository's drafts folder is one argument. A
/// folder with none, and a subfolder that cannot be listed, are unreadable drafts (named, exit
/// 2): a CI job pointed at the wrong folder, or one it cannot see into, must not pass. A file
/// named twice (also through a folder, or by another spelling) is checked once.
fn expand_folders(drafts: &[PathBuf], globs: &[crate::convert::Glob]) -> Vec<Expanded> {
    let mut matched = vec![false; globs.len()];
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut add = |path: PathBuf, out: &mut Vec<Expanded>| {
        // Standard input and paths that do not resolve are kept as given: reading says why.
        let key = if path.as_os_str() == "-" {
            None
        } else {
            path.canonicalize().ok()
        };
        if key.is_none_or(|key| seen.insert(key)) {
            out.push(Expanded::Draft(path));
        }
    };
    for path in drafts {
        if path.as_os_str() != "-" && path.is_dir() {
            let (found, problems) = crate::convert::plan_files_matching(path, globs, &mut matched);
            if found.is_empty() && problems.is_empty() {
                let reason = if globs.is_empty() {
                    let other = crate::convert::other_files_note(path, None)
                        .map(|note| format!("; {note}"))
                        .unwrap_or_default();
                    let extensions = crate::convert::extensions_named();
                    format!("a folder with no plan file ({extensions}) in it{other}")
                } else {
                    let patterns: Vec<String> = globs.iter().map(|g| g.shown()).collect();
                    format!("a folder with no file matching {}", patterns.join(" or "))
                };
                out.push(Expanded::Unreadable(
                    path.clone(),
                    Error::input(path, reason),
                ));
            }
            for (folder, reason) in problems {
                out.push(Expanded::Unreadable(
                    folder.clone(),
                    Error::input(folder, reason),
                ));
            }
            for file in found {
                add(file, &mut out);
            }
        } else {
            add(path.clone(), &mut out);
        }
    }
    if drafts.iter().any(|path| path.is_dir()) {
        for (glob, _) in globs.iter().zip(&matched).filter(|(_, matched)| !**matched) {
            crate::render::write_stderr(&format!(
                "plandoc: warning: {} matches no file in the drafts' folders\n",
                glob.shown()
            ));
        }
    }
    out
}

/// `error` naming `name` (the --stdin-filename of a draft read from standard input) instead of
/// "-".
fn named_as_given(error: Error, name: Option<&Path>) -> Error {
    match (error, name) {
        (Error::Input { reason, .. }, Some(name)) => Error::Input {
            path: name.to_path_buf(),
            reason,
        },
        (error, _) => error,
    }
}

/// "No such file" for a path that is there, as a symbolic link leading nowhere, misleads: said
/// as what it is. ("-" is standard input, whatever a file of that name in the working folder
/// is.)
fn broken_link_said(path: &Path, error: Error) -> Error {
    if path.as_os_str() == "-" {
        return error;
    }
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let leads_nowhere =
        std::fs::metadata(path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound);
    if is_link && leads_nowhere {
        Error::input(path, "a symbolic link to no file")
    } else {
        error
    }
}

/// The format of the report: `--format`, else what `-o`'s name says, else the human report. A
/// CI step that uploads `plandoc.sarif` must get SARIF even when `--format` was forgotten. A
/// name that says one format while `--format` says another is refused before anything is read;
/// a plain `.json` goes with every format that writes JSON (SARIF is JSON: `results.json` is a
/// usual name for it).
fn output_format(output: Option<&Path>, asked: Option<Format>) -> Result<Format> {
    let named = output.and_then(format_from_name);
    let json_shaped =
        |format: Format| matches!(format, Format::Json | Format::Jsonl | Format::Sarif);
    match (named, asked) {
        (Some(Format::Json), Some(asked)) if json_shaped(asked) => Ok(asked),
        (Some(named), Some(asked)) if named != asked => Err(Error::Usage(format!(
            "-o {}: the name says {} but --format is {}; name the file for --format (.{}), or \
             leave out --format to write {}",
            output.map(|p| p.display().to_string()).unwrap_or_default(),
            format_name(named),
            format_name(asked),
            extension_for(asked),
            format_name(named)
        ))),
        (named, asked) => Ok(asked.or(named).unwrap_or(Format::Human)),
    }
}

/// The format a report file's name says, whatever its case: `.sarif` (also `.sarif.json`),
/// `.json`, `.jsonl` or `.ndjson`. Other names (`.txt`, `.log`, none) say nothing.
fn format_from_name(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    if name.ends_with(".sarif") || name.ends_with(".sarif.json") {
        Some(Format::Sarif)
    } else if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        Some(Format::Jsonl)
    } else if name.ends_with(".json") {
        Some(Format::Json)
    } else {
        None
    }
}

/// The ending a report of `format` is best named with.
fn extension_for(format: Format) -> &'static str {
    match format {
        Format::Human | Format::Github => "txt",
        Format::Json => "json",
        Format::Jsonl => "jsonl",
        Format::Sarif => "sarif",
    }
}

fn format_name(format: Format) -> String {
    format
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default()
}

/// A baseline that cannot be read is named as the baseline: "nope.txt: no such file" alone
/// reads as if a draft were missing.
fn baseline_said(path: &Path, error: Error) -> Error {
    match error {
        Error::Input { path: _, reason } => {
            Error::input(path, format!("{reason} (given as --baseline)"))
        }
        other => other,
    }
}

/// The rules with the level each reports at in this run (plandoc.toml and the flags applied),
/// and the default where that differs.
fn list_rules(args: &Args, config_path: Option<&Path>) -> Result<i32> {
    let config = rule_levels(args, config_path)?;
    let mut text = String::new();
    for rule in check::rules::RULES {
        let level = config
            .level(rule.name)
            .map_or("off", check::rules::severity_name);
        let default = check::rules::severity_name(rule.severity);
        let changed = if level == default {
            String::new()
        } else {
            format!(" (default: {default})")
        };
        text.push_str(&format!(
            "{:<24} {:<8} {}{changed}\n",
            rule.name, level, rule.description
        ));
    }
    Output::Stdout.write(text.as_bytes())?;
    Ok(0)
}

/// Each rule's level: the defaults, then the configuration file, then the flags.
fn rule_levels(args: &Args, config_path: Option<&Path>) -> Result<config::Config> {
    let mut config = config::Config::default();
    if let Some(path) = config_path {
        config
            .apply_file(path)
            .map_err(|error| match (&args.config, error) {
                // Found, not given: say how it was found and how to do without it.
                (None, Error::Input { path, reason }) => Error::Input {
                    path,
                    reason: format!(
                        "{reason} (the plandoc.toml nearest the current folder; --config FILE or \
                     --no-config to do without it)"
                    ),
                },
                (_, error) => error,
            })?;
        // Found by looking up from the working folder, it may be a parent's the user forgot:
        // say which file set the rules (`-q` leaves the note out).
        if args.config.is_none() {
            crate::render::write_note(&format!(
                "plandoc: note: rules set by {} (--no-config to ignore it)\n",
                crate::render::visible_name(&path.display().to_string())
            ));
        }
    }
    let mut flags = config::Settings {
        enable: args.enable.clone(),
        disable: args.disable.clone(),
        severity: Vec::new(),
    };
    for setting in &args.severity {
        let (rule, level) = setting
            .split_once('=')
            .ok_or_else(|| Error::Usage(format!("--severity wants RULE=LEVEL, got '{setting}'")))?;
        flags.severity.push((rule.to_string(), level.to_string()));
    }
    config.apply(&flags)?;
    Ok(config)
}

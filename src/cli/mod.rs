//! The command line: argument parsing and dispatch only. Each subcommand is one module that turns
//! its arguments into library calls; no parsing or rendering logic lives here.

mod check;
mod completions;
mod convert;
mod diff;
mod output_args;
mod parse;
mod schema;
mod text;

use clap::{Parser, Subcommand};

use crate::error::Error;

#[derive(Debug, Parser)]
#[command(
    name = "plandoc",
    version,
    about = "Read, compare and lint Vietnamese provincial plan documents (Kế hoạch …/KH-UBND)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Leave out notes ("plandoc: note: …"), convert's progress bar and its summary; warnings,
    /// errors, and convert's notes on what it did to the output folder (outputs removed, a
    /// manifest it could not use, waiting for another run) are still shown.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse one plan into the contract's JSON (or a readable outline).
    Parse(parse::Args),
    /// Compare two or more plans: tasks, targets, sections, agencies.
    Diff(diff::Args),
    /// Lint a draft plan for CI (exit 1 when errors are found).
    Check(check::Args),
    /// Convert files and folders of plans to JSON, in parallel.
    Convert(convert::Args),
    /// Print the text plandoc read from a file (PDF text, decoded legacy encodings, HTML and CSV
    /// rows as tab-separated cells).
    Text(text::Args),
    /// Print the JSON Schema of an output shape.
    Schema(schema::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(completions::Args),
}

/// Runs the CLI and returns the process exit status.
pub fn run() -> i32 {
    if let Some(status) = crate::read::pdf_worker_hook() {
        return status;
    }
    silence_pdf_reader_panics();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return match error.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => 2,
            };
        }
    };
    crate::render::set_quiet(cli.quiet);
    let outcome = match cli.command {
        Command::Parse(args) => parse::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Check(args) => check::run(args),
        Command::Convert(args) => convert::run(args),
        Command::Text(args) => text::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Completions(args) => completions::run(args),
    };
    match outcome {
        Ok(status) => status,
        Err(error) => {
            report(&error);
            error.exit_code()
        }
    }
}

/// The PDF readers run in threads named "pdf…" and turn a panic of the PDF library into an input
/// error naming the file; the default hook would also print the library's panic and backtrace.
fn silence_pdf_reader_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current()
            .name()
            .is_some_and(|name| name.starts_with("pdf"))
        {
            return;
        }
        default(info);
    }));
}

pub(crate) fn report(error: &Error) {
    // Not `eprintln!`: with standard error closed it panics, and exit 2 would become 101.
    crate::render::write_stderr(&format!("plandoc: error: {error}\n"));
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    /// The help texts name the extensions read from a folder by hand (clap's help is written at
    /// compile time): they must follow the one list convert and check use.
    #[test]
    fn help_texts_name_the_extensions_read_from_folders() {
        let listed = crate::convert::extensions_named();
        let mut cli = Cli::command();
        for name in ["parse", "diff", "check", "convert"] {
            let sub = cli
                .find_subcommand_mut(name)
                .unwrap_or_else(|| panic!("no subcommand {name}"));
            let help = sub.render_long_help().to_string();
            let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                flat.contains(&listed),
                "{name}'s help does not list {listed}:\n{help}"
            );
        }
    }
}

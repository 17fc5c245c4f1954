//! `plandoc completions SHELL`: the shell's completion script for every subcommand, option and
//! value, printed for the user to install (no file is written, nothing is guessed about where
//! the shell keeps its scripts).

use clap::CommandFactory;

use crate::error::Result;
use crate::render::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Install, for example:\n  plandoc completions bash > ~/.local/share/bash-completion/completions/plandoc\n  plandoc completions zsh > ~/.zfunc/_plandoc   (with fpath+=~/.zfunc before compinit)\n  plandoc completions fish > ~/.config/fish/completions/plandoc.fish\n  plandoc completions powershell >> $PROFILE"
)]
pub struct Args {
    /// The shell to write the script for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn run(args: Args) -> Result<i32> {
    let mut command = super::Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "plandoc", &mut script);
    Output::Stdout.write(&script)?;
    Ok(0)
}

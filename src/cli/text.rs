use std::path::PathBuf;

use crate::error::Result;
use crate::read::{Encoding, ReadOptions};
use crate::render::Output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Plan file, or - for standard input.
    pub file: PathBuf,
    /// Decode the input with this encoding instead of detecting it.
    #[arg(long, value_enum)]
    pub encoding: Option<Encoding>,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// For a PDF: keep the page layout (words at their column positions) instead of the
    /// reading-order text that `parse` line numbers refer to.
    #[arg(long)]
    pub layout: bool,
}

pub fn run(args: Args) -> Result<i32> {
    if let Some(output) = &args.output {
        crate::read::ensure_not_an_input(output, &[&args.file])?;
    }
    // Read once: standard input cannot be read again after a look at its first bytes.
    let bytes = crate::read::read_source(&args.file)?;
    let shown = args.file.display().to_string();
    crate::read::refuse_other_formats(&shown, &bytes)?;
    if let Some(document) = crate::pdf::read_if_pdf(&shown, &bytes)? {
        let text = if args.layout {
            document.layout_text
        } else {
            document.text
        };
        Output::from_arg(args.output.as_deref()).write(text.as_bytes())?;
        return Ok(0);
    }
    if args.layout {
        crate::render::write_note(&format!(
            "plandoc: note: --layout applies to PDFs; {} is read as text\n",
            crate::render::visible_name(&shown)
        ));
    }
    let input = crate::read::read_bytes(
        &shown,
        &bytes,
        &ReadOptions {
            encoding: args.encoding,
        },
    )?;
    let mut text = input.text;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Output::from_arg(args.output.as_deref()).write(text.as_bytes())?;
    Ok(0)
}

use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Inputs.
    pub inputs: Vec<std::path::PathBuf>,
}

pub fn run(_args: Args) -> Result<i32> {
    Err(Error::Usage("'plandoc diff' is not built yet".to_string()))
}

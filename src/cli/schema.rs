use clap::ValueEnum;

use crate::error::Result;
use crate::model::Plan;
use crate::render::Output;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shape {
    /// `plandoc/plan@1`, what `parse` and `convert` write.
    Plan,
    /// `plandoc/diff@1`, what `diff --format json` writes.
    Diff,
    /// `plandoc/check@1`, what `check --format json` writes for one draft (for several, an
    /// array of these).
    Check,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which output shape.
    #[arg(value_enum, default_value_t = Shape::Plan)]
    pub shape: Shape,
}

pub fn run(args: Args) -> Result<i32> {
    let schema = match args.shape {
        Shape::Plan => schemars::schema_for!(Plan),
        Shape::Diff => schemars::schema_for!(crate::compare::model::Diff),
        Shape::Check => schemars::schema_for!(crate::check::Report),
    };
    let mut text = serde_json::to_string_pretty(&schema).expect("schema serializes");
    text.push('\n');
    Output::Stdout.write(text.as_bytes())?;
    Ok(0)
}

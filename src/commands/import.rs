//! placeholder
use crate::{cli::ImportArgs, error::Result, store::Store};
/// Runs `import`.
pub async fn run<S: Store>(_s: &S, _a: &ImportArgs) -> Result<()> { Err(crate::error::Error::invalid("import: not yet")) }

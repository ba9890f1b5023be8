//! `tfsecrets export <service>... [-f json|dotenv|tfvars] [-o FILE]` (docs/chamber-compat.md §6)

use super::{Pairs, fetch_services};
use crate::cli::{ExportArgs, ExportFormat};
use crate::error::{Error, Result};
use crate::format;
use crate::naming::ServiceRef;
use crate::output;
use crate::secret::Secret;
use crate::store::Store;

/// Merges services in order: a later service overrides a key, with chamber's warning (docs/chamber-compat.md §6).
pub fn merge(services: &[ServiceRef], fetched: Vec<Pairs>) -> Pairs {
    let (merged, overrides) = super::merge(services, fetched);
    for o in overrides {
        crate::ui::raw(format!(
            "warning: parameter {} specified more than once (overridden by service {})",
            o.key, o.by
        ));
    }
    merged.into_iter().map(|m| (m.source.id.key, m.value)).collect()
}

/// Renders merged secrets in a format (docs/chamber-compat.md §6).
pub fn render(pairs: &[(String, Secret)], fmt: ExportFormat) -> Result<Secret> {
    Ok(match fmt {
        ExportFormat::Json => format::json::export_json(pairs),
        ExportFormat::Dotenv => format::dotenv::export_dotenv(pairs).map_err(Error::invalid)?,
        ExportFormat::Tfvars => format::tfvars_export::export_tfvars(pairs),
    })
}

/// Runs `export`: every service fetched concurrently, merged, rendered, written once.
pub async fn run<S: Store>(store: &S, args: &ExportArgs) -> Result<()> {
    let services = args.services.iter().map(|s| ServiceRef::parse(s)).collect::<Result<Vec<_>>>()?;
    let fetched = fetch_services(store, &services).await?;
    let merged = merge(&services, fetched);
    let text = render(&merged, args.format)?;
    match &args.output {
        Some(path) => crate::files::private::write(path, text.expose_bytes()),
        None => output::secret(&text),
    }
}

//! `tfsecrets read <service> <key>`

use super::{json_time, print_json, resolve_existing};
use crate::cli::ReadArgs;
use crate::error::{Error, Result};
use crate::format::listing;
use crate::naming;
use crate::secret::Secret;
use crate::store::{Meta, Store};
use std::io::Write;

/// What `read` found: the stored name, its metadata and its value.
struct Found {
    meta: Meta,
    value: Secret,
}

fn not_found(service: &str, key: &str) -> Error {
    Error::not_found(format!("Failed to read: secret not found ({})", naming::param_name(service, key)))
}

async fn latest<S: Store>(store: &S, service: &str, name: &str) -> Result<Option<Found>> {
    let names = [name.to_owned()];
    let (described, fetched) = futures::join!(store.describe(&names), store.get(&names));
    let Some(value) = fetched?.values.remove(name) else { return Ok(None) };
    let meta = match described?.into_iter().find(|m| m.name == name) {
        Some(m) => m,
        // DescribeParameters(Name Equals) can miss a name GetParameters found: fall back to the service scan.
        None => store.list(service).await?.into_iter().find(|m| m.name == name).unwrap_or(Meta {
            name: name.to_owned(),
            version: 0,
            last_modified: value.last_modified,
            user: None,
        }),
    };
    Ok(Some(Found { meta, value: value.value }))
}

async fn at_version<S: Store>(store: &S, name: &str, version: i64) -> Result<Option<Found>> {
    let history = match store.history(name, true).await {
        Ok(h) => h,
        Err(e) if e.kind == crate::error::Kind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    Ok(history.into_iter().rev().find(|h| h.version == version).and_then(|h| {
        h.value.map(|value| Found {
            meta: Meta { name: name.to_owned(), version: h.version, last_modified: h.date, user: h.user },
            value,
        })
    }))
}

async fn lookup<S: Store>(store: &S, args: &ReadArgs, name: &str) -> Result<Option<Found>> {
    match args.version {
        Some(v) => at_version(store, name, v).await,
        None => latest(store, &args.service, name).await,
    }
}

/// Runs `read`.
pub async fn run<S: Store>(store: &S, args: &ReadArgs) -> Result<()> {
    naming::validate_service(&args.service)?;
    naming::validate_key(&args.key)?;
    let name = naming::param_name(&args.service, &args.key);
    let found = match lookup(store, args, &name).await? {
        Some(f) => f,
        None => match resolve_existing(store, &args.service, &args.key).await? {
            Some(other) => lookup(store, args, &other).await?.ok_or_else(|| not_found(&args.service, &args.key))?,
            None => return Err(not_found(&args.service, &args.key)),
        },
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        let mut m = super::meta_json(&found.meta);
        m.insert("service".into(), args.service.clone().into());
        m.insert("value".into(), found.value.expose().into());
        m.insert("last_modified".into(), json_time(found.meta.last_modified));
        print_json(&serde_json::Value::Object(m));
        return Ok(());
    }
    let text = if args.quiet {
        let mut s = String::with_capacity(found.value.len() + 1);
        s.push_str(found.value.expose());
        s.push('\n');
        Secret::new(s)
    } else {
        Secret::new(listing::read_table(
            found.meta.key(),
            &found.value,
            found.meta.version,
            found.meta.last_modified,
            found.meta.user.as_deref(),
        ))
    };
    out.write_all(text.expose_bytes()).map_err(|e| Error::io(format!("writing to stdout: {e}")))?;
    Ok(())
}

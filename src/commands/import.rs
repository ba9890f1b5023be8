//! `tfsecrets import <service> <file|->`: store a tfvars file's variables, verify them, then scrub the file.

use super::print_json;
use super::write::{check_required_tags, parse_tags};
use crate::cli::ImportArgs;
use crate::error::{Error, Result};
use crate::files::{self, rewrite, source};
use crate::naming;
use crate::secret::Secret;
use crate::store::{self, Put, SecretId, SecretRef, Selector, Store};
use crate::tfvars::{self, Syntax, Variable};
use crate::ui;
use std::io::IsTerminal;

/// The import plan: each storable variable classified against the service.
#[derive(Default)]
struct Plan {
    new: Vec<String>,
    changed: Vec<String>,
    unchanged: Vec<String>,
}

fn select(vars: Vec<Variable>, args: &ImportArgs, label: &str) -> Result<Vec<Variable>> {
    for name in args.only.iter().chain(&args.except) {
        if !vars.iter().any(|v| &v.name == name) {
            return Err(Error::invalid(format!("{label} has no variable {name:?} (named in --only/--except)")));
        }
    }
    Ok(vars
        .into_iter()
        .filter(|v| args.only.is_empty() || args.only.contains(&v.name))
        .filter(|v| !args.except.contains(&v.name))
        .collect())
}

fn tfvars_error(e: tfvars::TfvarsError) -> Error {
    let hint = e.hint.clone();
    let mut err = Error::invalid(match e.pos {
        Some(p) => format!("{}:{}:{}: {}", e.file, p.line, p.col, e.message),
        None => format!("{}: {}", e.file, e.message),
    });
    if !hint.is_empty() {
        err = err.hint(hint);
    }
    err
}

async fn make_plan<S: Store>(store: &S, service: &str, vars: &[(String, Secret)]) -> Result<(Plan, Vec<store::Meta>)> {
    let listing = store.list(service).await?;
    for (key, _) in vars {
        if let Some(v) = listing.iter().find(|m| m.id.key != *key && m.id.key.eq_ignore_ascii_case(key)) {
            ui::warn(format!(
                "{key} differs only in case from the stored {}; chamber lowercases keys, so it sees one name",
                v.id
            ));
        }
    }
    let existing: Vec<SecretRef> = vars
        .iter()
        .map(|(k, _)| SecretId::new(service, k.as_str()))
        .filter(|id| listing.iter().any(|m| m.id == *id))
        .map(|id| id.at(Selector::Latest))
        .collect();
    let mut current = if existing.is_empty() { Default::default() } else { store.get(&existing).await? };
    let mut plan = Plan::default();
    for (key, value) in vars {
        match current.remove(&SecretId::new(service, key.as_str())) {
            None => plan.new.push(key.clone()),
            Some(old) if old.value.ct_eq(value) => plan.unchanged.push(key.clone()),
            Some(_) => plan.changed.push(key.clone()),
        }
    }
    Ok((plan, listing))
}

fn print_plan(plan: &Plan, service: &str, to_stdout: bool) {
    let mut lines: Vec<(String, &str)> = Vec::new();
    lines.extend(plan.new.iter().map(|k| (k.clone(), "new")));
    lines.extend(plan.changed.iter().map(|k| (k.clone(), "changed")));
    lines.extend(plan.unchanged.iter().map(|k| (k.clone(), "unchanged")));
    lines.sort();
    for (k, what) in lines {
        let line = format!("  {what:<9} {}", SecretId::new(service, k));
        if to_stdout { println!("{line}") } else { eprintln!("{line}") }
    }
}

/// Writes with a progress bar on a terminal, plain lines otherwise; returns (written, failed with errors).
async fn write_all<S: Store>(store: &S, puts: Vec<Put<'_>>, quiet: bool) -> (Vec<SecretId>, Vec<(SecretId, Error)>) {
    let total = puts.len() as u64;
    let bar = if !quiet && std::io::stderr().is_terminal() {
        let pb = indicatif::ProgressBar::new(total);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} writing {pos}/{len} [{bar:30}] {msg}") {
            pb.set_style(style.progress_chars("=> "));
        }
        Some(pb)
    } else {
        None
    };
    let done = std::cell::Cell::new(0u64);
    let progress = |name: &SecretId| {
        done.set(done.get() + 1);
        match &bar {
            Some(pb) => {
                pb.set_position(done.get());
                pb.set_message(name.to_string());
            }
            None if !quiet => eprintln!("tfsecrets: wrote {name} ({}/{total})", done.get()),
            None => {}
        }
    };
    let results = store.put_many(puts, &progress).await;
    if let Some(pb) = bar {
        pb.finish_and_clear();
    }
    let mut written = Vec::new();
    let mut failed = Vec::new();
    for (name, res) in results {
        match res {
            Ok(()) => written.push(name),
            Err(e) => failed.push((name, e)),
        }
    }
    (written, failed)
}

/// Secrets' names, comma-separated, for messages.
fn joined(ids: &[SecretId]) -> String {
    ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// Runs `import`.
pub async fn run<S: Store>(store: &S, args: &ImportArgs) -> Result<()> {
    naming::validate_service(&args.service)?;
    naming::refuse_reserved(&args.service)?;
    let tags = parse_tags(&args.tags)?;
    let stdin = args.file == "-";
    let source = if stdin { source::read_stdin()? } else { source::read_file(&args.file, args.keep || args.dry_run)? };
    let hash = rewrite::sha256(&source.bytes);
    let text = tfvars::decode_utf8(&source.bytes, &source.label).map_err(tfvars_error)?;
    let syntax = if stdin { Syntax::Native } else { Syntax::from_file_name(&source.label) };
    // Parsed once: the scrub below works from this parse (no second parse or evaluation of the file).
    let mut parsed = tfvars::parse(text, syntax, &source.label).map_err(tfvars_error)?;
    let chosen = select(std::mem::take(&mut parsed.vars), args, &source.label)?;

    let (storable, kept): (Vec<Variable>, Vec<Variable>) =
        chosen.into_iter().partition(|v| v.kind.is_storable() && v.value.is_some());
    let kept: Vec<String> = kept.into_iter().map(|v| v.name).collect();
    let vars: Vec<(String, Secret)> = storable.into_iter().filter_map(|v| v.value.map(|s| (v.name, s))).collect();
    store::check_value_sizes(vars.iter().map(|(k, v)| (k.as_str(), v)), args.tier)?;
    naming::warn_mixed_case_service(&args.service);
    let upper: Vec<&str> =
        vars.iter().map(|(k, _)| k.as_str()).filter(|k| k.chars().any(|c| c.is_ascii_uppercase())).collect();
    if !upper.is_empty() {
        ui::warn(format!(
            "keys with upper-case letters ({}): chamber lowercases keys, so chamber read/write/delete cannot reach them (list/exec/export can)",
            upper.join(", ")
        ));
    }

    let (plan, listing) = make_plan(store, &args.service, &vars).await?;
    if !args.json {
        print_plan(&plan, &args.service, args.dry_run);
    }
    let summary_counts =
        format!("{} new, {} changed, {} unchanged", plan.new.len(), plan.changed.len(), plan.unchanged.len());
    let kept_note = (!kept.is_empty())
        .then(|| format!("left in the file (null or empty; SSM cannot store them): {}", kept.join(", ")));
    if args.dry_run {
        if args.json {
            print_json(&serde_json::json!({"service": args.service, "file": source.label, "dry_run": true,
                "new": plan.new, "changed": plan.changed, "unchanged": plan.unchanged, "kept": kept}))?;
        } else {
            println!("dry run: {summary_counts}; nothing written");
        }
        if let Some(n) = &kept_note {
            ui::note(n);
        }
        return Ok(());
    }

    // Write new and changed keys.
    let to_write: Vec<&(String, Secret)> = vars.iter().filter(|(k, _)| !plan.unchanged.contains(k)).collect();
    let mut written = Vec::new();
    if !to_write.is_empty() {
        if !plan.new.is_empty() {
            let new_ids: Vec<SecretId> =
                plan.new.iter().map(|k| SecretId::new(args.service.as_str(), k.as_str())).collect();
            let required = store.required_tags().await?;
            check_required_tags(&required, &tags, &new_ids)?;
        }
        store.check_kms_key().await?;
        let puts = to_write
            .iter()
            .map(|(k, v)| {
                let id = SecretId::new(args.service.as_str(), k.as_str());
                let version = listing.iter().find(|m| m.id == id).map_or(0, |m| m.version) + 1;
                Put { id, value: v, version, tier: args.tier }
            })
            .collect();
        let (ok, failed) = write_all(store, puts, args.json).await;
        written = ok;
        if let Some((_, first_err)) = failed.first() {
            let not_written: Vec<String> = failed.iter().map(|(id, _)| id.to_string()).collect();
            return Err(Error::new(first_err.kind, format!(
                "import stopped: {} of {} writes failed ({})\n  written: {}\n  not written: {}\n  {} was not changed",
                failed.len(),
                failed.len() + written.len(),
                first_err.message,
                if written.is_empty() { "none".to_owned() } else { joined(&written) },
                not_written.join(", "),
                source.label
            ))
            .hint("re-run the same command: values already stored are skipped"));
        }
        // After the writes, any failure must still say what was written and that the file is untouched.
        let stopped = |e: Error| {
            let msg = format!(
                "import stopped after all {} writes: {}\n  written: {}\n  {} was not changed",
                written.len(),
                e.message,
                joined(&written),
                source.label
            );
            Error::new(e.kind, msg).hint("re-run the same command: values already stored are skipped")
        };
        if !tags.is_empty() {
            for k in &plan.new {
                store.tag(&SecretId::new(args.service.as_str(), k.as_str()), &tags).await.map_err(stopped)?;
            }
        }
        // Read every written key back and compare byte for byte before touching the file.
        let refs: Vec<SecretRef> = written.iter().map(|id| id.at(Selector::Latest)).collect();
        let mut back = store.get(&refs).await.map_err(stopped)?;
        let bad: Vec<&str> = to_write
            .iter()
            .filter(|(k, v)| {
                back.remove(&SecretId::new(args.service.as_str(), k.as_str())).is_none_or(|b| !b.value.ct_eq(v))
            })
            .map(|(k, _)| k.as_str())
            .collect();
        if !bad.is_empty() {
            return Err(Error::aws(format!(
                "read-back check failed for {}: SSM does not hold what was written; {} was not changed",
                bad.join(", "),
                source.label
            ))
            .hint("re-run the import; if it persists, check for another writer on the same service"));
        }
    }

    // Scrub.
    let stored_keys: Vec<&str> = vars.iter().map(|(k, _)| k.as_str()).collect();
    let scrub_state = match (&source.target, args.keep) {
        (None, _) => "not scrubbed (stdin)".to_owned(),
        (Some(_), true) => format!("{} kept (--keep)", source.label),
        (Some(_), false) if stored_keys.is_empty() => format!("{} unchanged (nothing stored)", source.label),
        (Some(target), false) => {
            let outcome = parsed.scrub(&stored_keys, &args.service).map_err(tfvars_error)?;
            let shown = source.shown();
            let (content, state) = match &outcome {
                tfvars::ScrubOutcome::Rewritten(c) => (Some(c.expose_bytes()), format!("{shown} scrubbed")),
                tfvars::ScrubOutcome::Empty => (None, format!("{shown} removed (nothing else was in it)")),
            };
            match rewrite::replace_and_wipe(target, content, &hash) {
                Ok(()) => state,
                Err(rewrite::RewriteError::ChangedSinceParsed { .. }) => {
                    return Err(Error::io(format!(
                        "{} changed while importing; it was not scrubbed ({summary_counts}: the secrets are in SSM)",
                        source.label
                    ))
                    .hint("re-run the import to scrub the file"));
                }
                Err(e @ rewrite::RewriteError::WipeFailed { .. }) => {
                    ui::warn(format!("{e}"));
                    state
                }
                Err(e) => {
                    return Err(Error::io(format!(
                        "{e}; the secrets are in SSM ({summary_counts}), the file was not changed"
                    )));
                }
            }
        }
    };
    let exposure = source.target.as_deref().filter(|_| !stored_keys.is_empty()).and_then(files::git::exposure);
    if let Some(how) = exposure {
        ui::warn(format!(
            "{} {how}: the imported values are still in the git history; rotate these secrets: {}",
            source.label,
            stored_keys.join(", ")
        ));
    }
    if let Some(n) = &kept_note {
        ui::note(n);
    }
    if args.json {
        print_json(&serde_json::json!({
            "service": args.service, "file": source.label,
            "target": source.target.as_ref().map(|t| t.display().to_string()),
            "dry_run": false, "new": plan.new, "changed": plan.changed, "unchanged": plan.unchanged,
            "kept": kept, "written": written.iter().map(|id| id.key.as_str()).collect::<Vec<_>>(),
            "scrub": scrub_state, "git_exposure": exposure,
        }))?;
    } else {
        println!("{summary_counts}; {scrub_state}");
    }
    Ok(())
}

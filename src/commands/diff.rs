//! `tfsecrets diff <service> <file|->`: which variables of a tfvars file are new, changed or equal to the stored
//! secrets, and which stored keys the file lacks; names only, values compared in constant time, the file never
//! touched. Exit status 1 when they differ, like diff(1).

use crate::cli::DiffArgs;
use crate::error::Result;
use crate::import::{Candidates, Document, Plan};
use crate::naming;
use crate::output;
use crate::store::{SecretId, SecretRef, Selector, Store};
use crate::ui;

/// Runs `diff`; returns the exit status (0 equal, 1 different).
pub async fn run<S: Store>(store: &S, args: &DiffArgs) -> Result<i32> {
    naming::validate_service(&args.service)?;
    // Read with import's checks (but none about scrubbing: the file is never changed) and parsed by its code.
    let mut doc = Document::read(&args.file, true)?;
    let candidates = Candidates::select(&mut doc, &args.only, &args.except)?;
    let label = doc.source.label.clone();
    let refs: Vec<SecretRef> = candidates
        .vars
        .iter()
        .map(|(k, _)| SecretId::new(args.service.as_str(), k.as_str()).at(Selector::Latest))
        .collect();
    // The values (10 names a call, all calls at once) and the listing for "only stored", together.
    let (listing, current) = futures::join!(store.list(&args.service), store.get(&refs));
    let (listing, current) = (listing?, current?);
    let in_file = |k: &str| candidates.keys().contains(&k) || candidates.kept.iter().any(|n| n == k);
    let selected =
        |k: &str| (args.only.is_empty() || args.only.iter().any(|o| o == k)) && !args.except.iter().any(|e| e == k);
    let only_stored: Vec<String> =
        listing.iter().map(|m| m.id.key.clone()).filter(|k| !in_file(k) && selected(k)).collect();
    let plan = Plan::classify(&args.service, &candidates, current, listing);
    let kept = &candidates.kept;
    if !kept.is_empty() {
        ui::note(format!("not compared (null or empty; SSM cannot store them): {}", kept.join(", ")));
    }
    let differ = !(plan.new.is_empty() && plan.changed.is_empty() && only_stored.is_empty());
    if args.json {
        output::json(&serde_json::json!({"service": args.service, "file": label, "differ": differ,
            "new": plan.new, "changed": plan.changed, "only_stored": only_stored, "equal": plan.unchanged,
            "kept": kept}))?;
        return Ok(i32::from(differ));
    }
    let mut lines: Vec<(&str, &str)> = Vec::new();
    lines.extend(plan.new.iter().map(|k| (k.as_str(), "new")));
    lines.extend(plan.changed.iter().map(|k| (k.as_str(), "changed")));
    lines.extend(only_stored.iter().map(|k| (k.as_str(), "only stored")));
    lines.extend(plan.unchanged.iter().map(|k| (k.as_str(), "equal")));
    lines.sort();
    let mut text = String::new();
    for (k, what) in lines {
        text.push_str(&format!("  {what:<11} {}\n", SecretId::new(args.service.as_str(), k)));
    }
    text.push_str(&format!(
        "{} new, {} changed, {} only stored, {} equal\n",
        plan.new.len(),
        plan.changed.len(),
        only_stored.len(),
        plan.unchanged.len()
    ));
    output::write(text.as_bytes())?;
    Ok(i32::from(differ))
}

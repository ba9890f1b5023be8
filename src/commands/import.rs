//! `tfsecrets import <service> <file|->`: store a tfvars file's variables, verify them, then scrub the file.
//!
//! The pipeline (read, select, plan, commit, scrub) is `crate::import`; this is its UI: warnings, the plan
//! lines, the progress of the writes, the notes and the summary or JSON report.

use super::write::parse_tags;
use crate::cli::ImportArgs;
use crate::error::Result;
use crate::import::{self, Candidates, Commit, Document, Plan};
use crate::naming;
use crate::output;
use crate::store::{self, SecretId, Store};
use crate::ui;
use std::cell::Cell;
use std::io::IsTerminal;

/// The writes as they happen: a progress bar on a terminal, a line each otherwise, nothing with `--json`.
struct WriteProgress {
    bar: Option<indicatif::ProgressBar>,
    quiet: bool,
    total: usize,
    done: Cell<usize>,
}

impl WriteProgress {
    fn new(total: usize, quiet: bool) -> WriteProgress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let pb = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} writing {pos}/{len} [{bar:30}] {msg}")
            {
                pb.set_style(style.progress_chars("=> "));
            }
            pb
        });
        WriteProgress { bar, quiet, total, done: Cell::new(0) }
    }
}

impl import::Progress for WriteProgress {
    fn wrote(&self, id: &SecretId) {
        self.done.set(self.done.get() + 1);
        match &self.bar {
            Some(pb) => {
                pb.set_position(self.done.get() as u64);
                pb.set_message(id.to_string());
            }
            None if !self.quiet => ui::raw(format!("tfsecrets: wrote {id} ({}/{})", self.done.get(), self.total)),
            None => {}
        }
    }

    fn writes_done(&self) {
        if let Some(pb) = &self.bar {
            pb.finish_and_clear();
        }
    }
}

/// Runs `import`.
pub async fn run<S: Store>(store: &S, args: &ImportArgs) -> Result<()> {
    naming::validate_service(&args.service)?;
    naming::refuse_reserved(&args.service)?;
    let tags = parse_tags(&args.tags)?;
    let mut doc = Document::read(&args.file, args.keep || args.dry_run)?;
    let candidates = Candidates::select(&mut doc, &args.only, &args.except)?;
    store::check_value_sizes(candidates.vars.iter().map(|(k, v)| (k.as_str(), v)), args.tier)?;
    naming::warn_mixed_case_service(&args.service);
    let upper = candidates.upper_case_keys();
    if !upper.is_empty() {
        ui::warn(format!(
            "keys with upper-case letters ({}): chamber lowercases keys, so chamber read/write/delete cannot reach them (list/exec/export can)",
            upper.join(", ")
        ));
    }

    let plan = Plan::make(store, &args.service, &candidates).await?;
    if !args.json {
        for line in plan.lines() {
            if args.dry_run {
                output::line(line)?;
            } else {
                ui::raw(line);
            }
        }
    }
    let summary = plan.summary();
    let kept = &candidates.kept;
    let kept_note = (!kept.is_empty())
        .then(|| format!("left in the file (null or empty; SSM cannot store them): {}", kept.join(", ")));
    let label = &doc.source.label;
    if args.dry_run {
        if args.json {
            output::json(&serde_json::json!({"service": args.service, "file": label, "dry_run": true,
                "new": plan.new, "changed": plan.changed, "unchanged": plan.unchanged, "kept": kept}))?;
        } else {
            output::line(format!("dry run: {summary}; nothing written"))?;
        }
        if let Some(n) = &kept_note {
            ui::note(n);
        }
        return Ok(());
    }

    let progress = WriteProgress::new(plan.to_write(&candidates).len(), args.json);
    let how = Commit { tags: &tags, tier: args.tier, label };
    let written = import::commit(store, &plan, &candidates, &how, &progress).await?;
    let stored = candidates.keys();
    let scrubbed = import::scrub(&doc, &stored, &args.service, args.keep, &summary)?;
    if let Some(how) = scrubbed.exposure {
        ui::warn(format!(
            "{label} {how}: the imported values are still in the git history; rotate these secrets: {}",
            stored.join(", ")
        ));
    }
    if let Some(n) = &kept_note {
        ui::note(n);
    }
    if args.json {
        output::json(&serde_json::json!({
            "service": args.service, "file": label,
            "target": doc.source.target.as_ref().map(|t| t.display().to_string()),
            "dry_run": false, "new": plan.new, "changed": plan.changed, "unchanged": plan.unchanged,
            "kept": kept, "written": written.iter().map(|id| id.key.as_str()).collect::<Vec<_>>(),
            "scrub": scrubbed.state, "git_exposure": scrubbed.exposure,
        }))?;
    } else {
        output::line(format!("{summary}; {}", scrubbed.state))?;
    }
    Ok(())
}

//! `tfsecrets scan <service>... [--plan FILE | --state FILE|-]`: is any stored secret in plaintext in terraform's
//! state or a saved plan, and where (docs/scan.md). Exit status 0: nothing found; 1: something found; errors as
//! for every command.

use super::{Pairs, fetch_services, suggest_lowercase};
use crate::cli::{Global, ScanArgs};
use crate::error::{Error, Result};
use crate::naming::ServiceRef;
use crate::output;
use crate::scan::locate::Document;
use crate::scan::{self, Finding, Report, Wanted};
use crate::secret::Secret;
use crate::session::{self, Session};
use crate::store::{SecretId, Selector, Store};
use crate::tfmodule::binary::{self, Captured, RunError};
use crate::tfmodule::{self, Module};
use crate::ui;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where the document comes from.
enum Source {
    /// `terraform show -json [PLAN]` in the module directory.
    Terraform { program: PathBuf, plan: Option<PathBuf> },
    /// A file (`--state FILE`).
    File(PathBuf),
    /// `--state -`.
    Stdin,
}

impl Source {
    /// How messages name it.
    fn label(&self) -> String {
        match self {
            Source::Terraform { plan: None, .. } => "`terraform show -json`".to_owned(),
            Source::Terraform { plan: Some(p), .. } => format!("`terraform show -json {}`", p.display()),
            Source::File(p) => p.display().to_string(),
            Source::Stdin => "stdin".to_owned(),
        }
    }
}

/// Runs `scan`; the exit status: 0 when nothing was found, 1 when a secret was (like diff(1)).
pub async fn run(global: &Global, args: &ScanArgs) -> Result<i32> {
    let services = args.services.iter().map(|s| ServiceRef::parse(s)).collect::<Result<Vec<_>>>()?;
    let cwd = std::env::current_dir().map_err(|e| Error::io(format!("current directory: {e}")))?;
    let dir = args.chdir.as_ref().map_or_else(|| cwd.clone(), |d| cwd.join(d));
    let source = source(args, &cwd, &dir)?;
    let module = read_module(&dir);
    let (sess, store) = super::open(global).await?;
    // terraform reads the state (from a backend, maybe) while the secrets are fetched.
    let document = match &source {
        Source::Terraform { program, plan } => {
            let cmd = show_command(program, plan.as_deref(), &dir, &sess);
            let running = tokio::task::spawn_blocking(move || binary::run_captured(cmd, None));
            let wanted = fetch(&store, &services).await?;
            let ran = running.await.map_err(|e| Error::io(format!("running terraform: {e}")))?;
            (shown(ran, &source, &dir, &wanted)?, wanted)
        }
        Source::File(path) => (read_file(path)?, fetch(&store, &services).await?),
        Source::Stdin => (read_stdin()?, fetch(&store, &services).await?),
    };
    let (doc, wanted) = document;
    let report = scan::scan(doc.expose(), &wanted, module.as_ref()).map_err(|e| {
        Error::invalid(format!("{}: {}", source.label(), e.message())).hint(
            "scan reads a state (terraform.tfstate, `terraform state pull`) or the output of `terraform show -json`",
        )
    })?;
    drop(doc);
    if args.json {
        output::json(&json_report(&report, &wanted, &source))?;
    } else {
        output::write(text_report(&report, &wanted).as_bytes())?;
    }
    Ok(if report.findings.is_empty() { 0 } else { 1 })
}

/// Checks the arguments that name files and programs, before anything is fetched.
fn source(args: &ScanArgs, cwd: &Path, dir: &Path) -> Result<Source> {
    match args.state.as_deref() {
        Some("-") => return Ok(Source::Stdin),
        Some(file) => return Ok(Source::File(cwd.join(file))),
        None => {}
    }
    if !dir.is_dir() {
        return Err(Error::not_found(format!("{}: no such directory", dir.display())));
    }
    let plan = args.plan.as_ref().map(|p| cwd.join(p));
    if let Some(p) = &plan
        && !p.is_file()
    {
        return Err(Error::not_found(format!("{}: no such plan file", p.display()))
            .hint("make one with `terraform plan -out FILE` (through `tfsecrets exec`)"));
    }
    let program = crate::child::resolve_command(&args.terraform).map_err(|e| {
        Error::config(format!("cannot run terraform: {}", e.message)).hint(
            "install terraform (or tofu), or name it with --terraform BIN or TFSECRETS_TERRAFORM; \
             --state FILE scans a state file without terraform",
        )
    })?;
    Ok(Source::Terraform { program, plan })
}

/// The root module's declarations, for hints that name the variable; quietly nothing when there is none.
fn read_module(dir: &Path) -> Option<Module> {
    let module = tfmodule::scan(dir).ok().flatten()?;
    for n in &module.notes {
        ui::verbose(n);
    }
    module.readable.then_some(module)
}

/// `terraform show -json [PLAN]` in `dir`, with the AWS session environment `exec` gives terraform (an S3
/// backend behind an MFA role works the same).
fn show_command(program: &Path, plan: Option<&Path>, dir: &Path, sess: &Session) -> Command {
    let mut cmd = Command::new(program);
    cmd.args(["show", "-json", "-no-color"]).current_dir(dir);
    if let Some(p) = plan {
        cmd.arg(p);
    }
    let changes = session::child_env(sess, session::ChildEnvOptions::default());
    for name in &changes.remove {
        cmd.env_remove(name);
    }
    for (name, value) in &changes.set {
        cmd.env(name, value.expose());
    }
    cmd
}

/// Every secret of every service, unmerged: a key that a later service overrides is still a secret.
async fn fetch<S: Store>(store: &S, services: &[ServiceRef]) -> Result<Vec<Wanted>> {
    let fetched: Vec<Pairs> = fetch_services(store, services).await?;
    let mut wanted = Vec::new();
    for (svc, pairs) in services.iter().zip(fetched) {
        let selector = Selector::label_or_latest(svc.label.as_deref());
        for (key, value) in pairs {
            wanted.push(Wanted { source: SecretId::new(svc.service.as_str(), key).at(selector.clone()), value });
        }
    }
    if wanted.is_empty() {
        for s in services {
            suggest_lowercase(store, &s.service).await?;
        }
        let what = services.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
        return Err(Error::not_found(format!("no secrets found in service(s) {what}: nothing to look for"))
            .hint("check the service name (`tfsecrets list <service>`)"));
    }
    ui::verbose(format!("looking for {} secret(s)", wanted.len()));
    Ok(wanted)
}

/// terraform's output, or its failure as an error; what it printed on stderr is shown with every secret
/// redacted (on failure, or with --verbose).
fn shown(
    ran: std::result::Result<Captured, RunError>,
    source: &Source,
    dir: &Path,
    wanted: &[Wanted],
) -> Result<Secret> {
    let label = source.label();
    let out = match ran {
        Ok(out) => out,
        Err(RunError::Spawn(e)) => return Err(Error::config(format!("cannot run terraform: {e}"))),
        Err(RunError::Stdout(e)) => {
            return Err(Error::io(format!("{label} printed something that is not UTF-8 text ({})", e.kind())));
        }
        Err(RunError::TimedOut) => return Err(Error::io(format!("{label} did not finish"))),
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stderr = scan::redact(stderr.trim_end(), wanted);
    if out.status.success() {
        if !stderr.is_empty() {
            ui::verbose(format!("{label} said:\n{stderr}"));
        }
        return Ok(out.stdout);
    }
    if !stderr.is_empty() {
        ui::raw(&stderr);
    }
    let status = out.status.code().map_or_else(|| "killed by a signal".to_owned(), |c| format!("exit status {c}"));
    Err(Error::io(format!("{label} failed in {} ({status})", dir.display()))
        .hint("terraform's message is above; `terraform init` may be needed, or scan a state file with --state FILE"))
}

fn read_file(path: &Path) -> Result<Secret> {
    let mut f = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::not_found(format!("{}: no such file", path.display())),
        _ => Error::io(format!("{}: {e}", path.display())),
    })?;
    let size = f.metadata().map_or(0, |m| usize::try_from(m.len()).unwrap_or(0));
    Secret::read_sized(&mut f, size).map_err(|e| unreadable(&path.display().to_string(), e))
}

fn read_stdin() -> Result<Secret> {
    Secret::read_from(&mut std::io::stdin().lock()).map_err(|e| unreadable("stdin", e))
}

fn unreadable(what: &str, e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::InvalidData {
        return Error::invalid(format!("{what}: not UTF-8 text, so not a JSON state"))
            .hint("a saved plan file is binary: pass it with --plan FILE");
    }
    Error::io(format!("{what}: {e}"))
}

/// `/prod/db_password` (or with its label).
fn secret_name(wanted: &[Wanted], i: usize) -> String {
    wanted[i].source.to_string()
}

/// `embedded, json-escaped, sensitive` and, for a plan, the parts it is in.
fn details(f: &Finding, plan: bool) -> String {
    let mut d = vec![if f.whole { "whole" } else { "embedded" }];
    match f.form {
        scan::patterns::Form::Value => {}
        scan::patterns::Form::Trimmed => d.push("without surrounding white space"),
        scan::patterns::Form::JsonEscaped => d.push("JSON-escaped"),
        scan::patterns::Form::Element => d.push("an element of the stored value"),
    }
    if f.in_key {
        d.push("in a map key");
    }
    d.push(if f.location.sensitive { "marked sensitive" } else { "not marked sensitive" });
    let mut text = d.join(", ");
    if plan {
        let sections: Vec<&str> = f.sections.iter().map(|s| s.as_str()).collect();
        text.push_str(&format!("; in {}", sections.join(", ")));
    }
    text
}

/// One line per finding, then a summary line (names, places and hints: never a value).
fn text_report(report: &Report, wanted: &[Wanted]) -> String {
    let mut out = String::with_capacity(256);
    let plan = report.document == Document::Plan;
    for f in &report.findings {
        let place = [f.location.address.as_str(), f.location.path.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        out.push_str(&format!(
            "{place}: {} ({}); hint: {}\n",
            secret_name(wanted, f.secret),
            details(f, plan),
            f.hint.text
        ));
    }
    out.push_str(&summary(report, wanted));
    out.push('\n');
    out
}

fn summary(report: &Report, wanted: &[Wanted]) -> String {
    let what = match report.document {
        Document::Plan => "the saved plan",
        Document::State | Document::ShowState => "the state",
    };
    let by = report.terraform_version.map(|v| format!(" (terraform {v})")).unwrap_or_default();
    let mut s = if report.findings.is_empty() {
        let empty = if report.empty { ", which is empty" } else { "" };
        format!("no stored secret found in {what}{by}{empty}: {} secret(s) searched", report.searched)
    } else {
        let mut secrets: Vec<usize> = report.findings.iter().map(|f| f.secret).collect();
        secrets.sort_unstable();
        secrets.dedup();
        format!(
            "{} finding(s) of {} secret(s) in {what}{by}; {} secret(s) searched",
            report.findings.len(),
            secrets.len(),
            report.searched
        )
    };
    if !report.skipped.is_empty() {
        let names: Vec<String> = report.skipped.iter().map(|k| secret_name(wanted, k.secret)).collect();
        s.push_str(&format!(
            "; {} too short or blank to search (under {} bytes): {}",
            names.len(),
            scan::patterns::MIN_LEN,
            names.join(", ")
        ));
    }
    s
}

#[derive(serde::Serialize)]
struct JsonReport<'a> {
    document: &'static str,
    source: String,
    terraform_version: Option<String>,
    empty: bool,
    searched: usize,
    skipped: Vec<JsonSkipped<'a>>,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(serde::Serialize)]
struct JsonSecret<'a> {
    secret: String,
    service: &'a str,
    key: &'a str,
}

#[derive(serde::Serialize)]
struct JsonSkipped<'a> {
    #[serde(flatten)]
    secret: JsonSecret<'a>,
    reason: &'static str,
}

#[derive(serde::Serialize)]
struct JsonFinding<'a> {
    address: &'a str,
    path: &'a str,
    #[serde(flatten)]
    secret: JsonSecret<'a>,
    #[serde(rename = "match")]
    matched: &'static str,
    form: &'static str,
    in_key: bool,
    sensitive: bool,
    sections: Vec<&'static str>,
    hint: &'static str,
    hint_text: &'a str,
}

fn json_secret(wanted: &[Wanted], i: usize) -> JsonSecret<'_> {
    let id = &wanted[i].source.id;
    JsonSecret { secret: secret_name(wanted, i), service: &id.service, key: &id.key }
}

fn json_report<'a>(report: &'a Report, wanted: &'a [Wanted], source: &Source) -> JsonReport<'a> {
    let document = match report.document {
        Document::State => "state",
        Document::ShowState => "show-state",
        Document::Plan => "plan",
    };
    JsonReport {
        document,
        source: source.label().trim_matches('`').to_owned(),
        terraform_version: report.terraform_version.map(|v| v.to_string()),
        empty: report.empty,
        searched: report.searched,
        skipped: report
            .skipped
            .iter()
            .map(|k| JsonSkipped { secret: json_secret(wanted, k.secret), reason: k.reason })
            .collect(),
        findings: report
            .findings
            .iter()
            .map(|f| JsonFinding {
                address: &f.location.address,
                path: &f.location.path,
                secret: json_secret(wanted, f.secret),
                matched: if f.whole { "whole" } else { "embedded" },
                form: f.form.as_str(),
                in_key: f.in_key,
                sensitive: f.location.sensitive,
                sections: f.sections.iter().map(|s| s.as_str()).collect(),
                hint: f.hint.code,
                hint_text: &f.hint.text,
            })
            .collect(),
    }
}

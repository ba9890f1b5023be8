//! `tfsecrets exec <service>... -- <command> [args...]`: fetch, merge, encode for the module's declared types, then
//! replace the process (docs/chamber-compat.md §4, §7).

use super::{Merged, Pairs, fetch_services, suggest_lowercase};
use crate::child::{ChildEnv, EnvValue, ExecPlan};
use crate::cli::{EnvStyle, ExecArgs, Global};
use crate::error::{Error, Result};
use crate::naming::{self, ServiceRef};
use crate::output;
use crate::session::{self, Session, SourceKind};
use crate::store::{SecretId, SecretRef, Selector, Store};
use crate::tfmodule::binary::Version;
use crate::tfmodule::terragrunt::{self, Terragrunt};
use crate::tfmodule::{self, Module};
use crate::ui;

/// What exec knows about the command it runs: the root module's declarations, and for terragrunt its
/// configuration.
#[derive(Default)]
struct Target {
    module: Option<Module>,
    terragrunt: Option<Terragrunt>,
}

/// What reading the target found to say: notes, and lines for `--verbose` only.
#[derive(Default)]
struct Said(Vec<(bool, String)>);

impl Said {
    fn note(&mut self, text: impl Into<String>) {
        self.0.push((true, text.into()));
    }

    fn verbose(&mut self, text: impl Into<String>) {
        self.0.push((false, text.into()));
    }

    /// Prints what was collected, in order.
    fn print(self) {
        for (note, text) in self.0 {
            if note { ui::note(text) } else { ui::verbose(text) }
        }
    }
}

/// Reads the target on a blocking thread while the session and the client are built (neither waits for the
/// other); what it has to say is printed afterwards, in order.
fn start_scan(args: &ExecArgs) -> tokio::task::JoinHandle<(Result<Target>, Said)> {
    let args = args.clone();
    tokio::task::spawn_blocking(move || {
        let started = std::time::Instant::now();
        let mut said = Said::default();
        let target = scan_module(&args, &mut said);
        if let Ok(Target { module: Some(m), .. }) = &target {
            said.verbose(format!(
                "{}: {} variable declaration(s) read in {} ms, while connecting",
                m.dir.display(),
                m.declarations.len(),
                started.elapsed().as_millis()
            ));
        }
        (target, said)
    })
}

/// Reads the root module's declarations unless `--no-var-check` (or the env style isn't terraform's): the
/// `-chdir` directory for terraform, the module `terragrunt.hcl` names for terragrunt (`tfmodule::terragrunt`),
/// the current directory for anything else. Says nothing itself: `said` collects the notes.
fn scan_module(args: &ExecArgs, said: &mut Said) -> Result<Target> {
    if args.no_var_check || args.env_style != EnvStyle::Tf {
        return Ok(Target::default());
    }
    let cwd = std::env::current_dir().map_err(|e| Error::io(format!("current directory: {e}")))?;
    let argv0 = args.command.first().map_or("", String::as_str);
    let (dir, terragrunt) = if terragrunt::is_terragrunt_command(argv0) {
        let tg = terragrunt::inspect(&args.command, &cwd);
        match &tg.module {
            Ok(dir) => (dir.clone(), Some(tg)),
            Err(why) => {
                said.note(format!(
                    "terragrunt: {why}: fetching the whole service, values pass verbatim, no variable checks"
                ));
                return Ok(Target { module: None, terragrunt: Some(tg) });
            }
        }
    } else {
        (tfmodule::module_dir(&args.command, &cwd), None)
    };
    let module = tfmodule::scan(&dir).map_err(|e| Error::io(format!("reading {}: {e}", dir.display())))?;
    match &module {
        None if tfmodule::is_terraform_command(argv0) || terragrunt.is_some() => {
            said.note(tfmodule::no_tf_files_note(&dir))
        }
        None => said.verbose(tfmodule::no_tf_files_note(&dir)),
        Some(m) => {
            for n in &m.notes {
                said.note(n);
            }
        }
    }
    Ok(Target { module, terragrunt })
}

/// Names to fetch when the module declares its variables (and `--all` is off): declared ∩ valid keys.
fn declared_keys(module: Option<&Module>, all: bool) -> Option<Vec<String>> {
    let m = module.filter(|m| m.readable && !all && !m.declarations.is_empty())?;
    Some(m.declarations.keys().filter(|k| naming::validate_key(k).is_ok()).cloned().collect())
}

/// The plan file when the command applies a saved plan (`terraform apply plan.out`) and the module is read.
fn saved_plan(args: &ExecArgs) -> Option<&str> {
    (!args.no_var_check && args.env_style == EnvStyle::Tf).then(|| tfmodule::saved_plan(&args.command)).flatten()
}

/// Applying a saved plan: only the declared ephemeral variables are fetched and passed; the plan holds the
/// other values, and terraform prints both values of a variable whose value changed since the plan
/// (docs/terraform-vars.md §9).
fn saved_plan_keys(plan: &str, module: Option<&Module>) -> Vec<String> {
    let Some(m) = module.filter(|m| m.readable) else {
        ui::note(format!(
            "applying the saved plan {plan}: no readable variable declarations tell which variables are \
             ephemeral, so no secret is passed (the plan holds the values; --no-var-check passes every secret)"
        ));
        return Vec::new();
    };
    let keys: Vec<String> = m
        .declarations
        .values()
        .filter(|d| d.ephemeral && naming::validate_key(&d.name).is_ok())
        .map(|d| d.name.clone())
        .collect();
    ui::note(tfmodule::saved_plan_note(plan, &keys.iter().map(String::as_str).collect::<Vec<_>>()));
    keys
}

/// Starts asking the terraform binary for its version, for the `ephemeral = true` note, when the note could
/// apply: a terraform/tofu command on a readable module with a variable that is not ephemeral. Runs while the
/// secrets are fetched.
fn start_version_probe(
    args: &ExecArgs,
    program: &std::path::Path,
    module: Option<&Module>,
) -> Option<tokio::task::JoinHandle<Option<Version>>> {
    let m = module.filter(|m| m.readable)?;
    let applies = args.command.first().is_some_and(|c| tfmodule::is_terraform_command(c));
    if !applies || m.declarations.values().all(|d| d.ephemeral) {
        return None;
    }
    let program = program.to_path_buf();
    Some(tokio::task::spawn_blocking(move || tfmodule::binary::probe_version(&program, VERSION_PROBE_TIMEOUT)))
}

/// How long `terraform version` may take before the note is given up.
const VERSION_PROBE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

/// The one note suggesting `ephemeral = true`, when the terraform in use supports it and secrets feed variables
/// without it. A probe that was started is always waited for: it must be over before the command runs.
async fn ephemeral_note(
    probe: Option<tokio::task::JoinHandle<Option<Version>>>,
    program: &std::path::Path,
    module: Option<&Module>,
    injected: &[Merged],
) {
    let Some(probe) = probe else { return };
    let version = probe.await.ok().flatten();
    let (Some(v), Some(m)) = (version, module) else { return };
    let keys: Vec<&str> = injected.iter().map(Merged::key).collect();
    let names = tfmodule::not_ephemeral(m, &keys);
    if !names.is_empty() && tfmodule::supports_ephemeral(program, v) {
        ui::note(tfmodule::ephemeral_note(v, &names));
    }
}

/// Fetches exactly `keys` under every service in one parallel round of GetParameters (docs/chamber-compat.md §4).
async fn fetch_declared<S: Store>(store: &S, services: &[ServiceRef], keys: &[String]) -> Result<Vec<Pairs>> {
    let refs: Vec<SecretRef> = services
        .iter()
        .flat_map(|s| {
            let selector = Selector::label_or_latest(s.label.as_deref());
            keys.iter().map(move |k| SecretId::new(s.service.as_str(), k.as_str()).at(selector.clone()))
        })
        .collect();
    let mut fetched = store.get(&refs).await?;
    // `refs` holds each service's keys in turn.
    Ok(refs
        .chunks(keys.len().max(1))
        .map(|service| {
            service.iter().filter_map(|r| fetched.remove(&r.id).map(|v| (r.id.key.clone(), v.value))).collect()
        })
        .collect())
}

/// Stored keys that match a declared name only ignoring case, as `/svc/Key (variable "key")`.
async fn case_variants<S: Store>(store: &S, services: &[ServiceRef], declared: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for s in services {
        for m in store.list(&s.service).await? {
            if let Some(d) = declared.iter().find(|d| d.eq_ignore_ascii_case(&m.id.key) && **d != m.id.key) {
                out.push(format!("{} (variable \"{d}\")", m.id));
            }
        }
    }
    Ok(out)
}

/// Merges services in order; a later service's key wins, with a warning naming both services.
fn merge(services: &[ServiceRef], fetched: Vec<Pairs>) -> Vec<Merged> {
    let (merged, overrides) = super::merge(services, fetched);
    for o in overrides {
        ui::warn(format!("key {:?} of service {} overrides the one of service {}", o.key, o.by, o.replaced));
    }
    merged
}

fn env_name(style: EnvStyle, key: &str) -> String {
    match style {
        EnvStyle::Tf => naming::tf_var_name(key),
        EnvStyle::Chamber => naming::chamber_env_name(key),
        EnvStyle::Exact => key.to_owned(),
    }
}

/// Encodes each secret for its declared type; W5/W6 (and with --strict-vars W1/W2/W7) stop the run.
fn encode_all(
    args: &ExecArgs,
    module: Option<&Module>,
    injected: &mut [Merged],
    services: &[ServiceRef],
) -> Result<Vec<&'static str>> {
    let mut how = vec!["verbatim"; injected.len()];
    let Some(module) = module else { return Ok(how) };
    let mut errors = Vec::new();
    for (i, inj) in injected.iter_mut().enumerate() {
        match module.encode(inj.key(), &inj.value) {
            Ok((enc, warnings)) => {
                how[i] = enc.describe();
                inj.value = enc.into_secret();
                warnings.iter().for_each(|w| ui::warn(&w.message));
            }
            Err(e) => errors.push(e.message),
        }
    }
    let keys: Vec<&str> = injected.iter().map(Merged::key).collect();
    let service_of = |k: &str| match injected.iter().find(|i| i.key() == k) {
        Some(i) => i.source.to_string(),
        None => SecretId::new(services[0].service.as_str(), k).to_string(),
    };
    let var_settings = tfmodule::var_file_settings(&module.dir, &args.command);
    for w in tfmodule::check(module, &keys, &var_settings, &service_of) {
        if args.strict_vars && matches!(w.id, "W1" | "W2" | "W7") {
            errors.push(format!("{} (--strict-vars)", w.message));
        } else {
            ui::warn(&w.message);
        }
    }
    for r in &module.aws_profile_refs {
        ui::warn(format!("{r}: terraform will re-resolve that profile itself instead of using tfsecrets' session"));
    }
    if errors.is_empty() {
        return Ok(how);
    }
    for e in &errors[..errors.len() - 1] {
        ui::error_line(e);
    }
    Err(Error::invalid(errors.pop().unwrap_or_default())
        .hint("fix the stored value or the declaration, or pass --no-var-check to pass values verbatim"))
}

/// Variables a `--pristine` child keeps from the parent when the credentials came from the environment.
const ENV_CREDENTIAL_VARS: [&str; 6] = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
];

/// Applies the session's AWS variables to the child's environment.
fn apply_session(env: &mut ChildEnv, sess: &Session, args: &ExecArgs) {
    if args.pristine && !args.no_aws_env && matches!(sess.kind, SourceKind::Environment { .. }) {
        for name in ENV_CREDENTIAL_VARS {
            if let Some(v) = std::env::var_os(name) {
                env.set(name, EnvValue::Inherited(v));
            }
        }
    }
    let changes = session::child_env(sess, session::ChildEnvOptions { no_aws_env: args.no_aws_env });
    for name in &changes.remove {
        env.remove(name);
    }
    for (name, value) in changes.set {
        env.set(&name, EnvValue::Secret(value));
    }
}

/// Builds the child's environment from the parent's (or a pristine one), the session and the secrets.
fn build_env(args: &ExecArgs, sess: &Session, injected: Vec<Merged>) -> ChildEnv {
    let mut env = if args.pristine { ChildEnv::pristine() } else { ChildEnv::inherited() };
    apply_session(&mut env, sess, args);
    for inj in injected {
        let name = env_name(args.env_style, inj.key());
        match env.get(&name) {
            Some(EnvValue::Inherited(_)) if args.no_clobber => {
                ui::warn(format!(
                    "{name} is already set in the environment; keeping it (--no-clobber), the secret from {} is not used",
                    inj.service
                ));
                continue;
            }
            Some(EnvValue::Inherited(_)) => {
                ui::warn(format!(
                    "{name} was set in the environment; the secret from service {} overrides it",
                    inj.service
                ));
            }
            Some(EnvValue::Secret(_)) => {
                ui::warn(format!("service {} overwriting environment variable {name}", inj.service));
            }
            None => {}
        }
        env.set(&name, EnvValue::Secret(inj.value));
    }
    env
}

/// One variable of `exec --dry-run --json`: where it comes from and how it is encoded, never its value.
#[derive(serde::Serialize)]
struct DryRunVar<'a> {
    name: String,
    key: &'a str,
    service: &'a str,
    label: Option<&'a str>,
    source: String,
    encoding: &'a str,
    declared_type: Option<&'a str>,
}

/// `--dry-run`: one line per variable (`NAME<TAB>source<TAB>encoding`), or with `--json` one JSON object:
/// `{"module", "fetched", "variables": [{"name", "key", "service", "label", "source", "encoding",
/// "declared_type"}]}`.
fn dry_run(args: &ExecArgs, module: Option<&Module>, declared: bool, injected: &[Merged], how: &[&str]) -> Result<()> {
    if !args.json {
        let text: String = injected
            .iter()
            .zip(how)
            .map(|(inj, how)| format!("{}\t{}\t{how}\n", env_name(args.env_style, inj.key()), inj.source))
            .collect();
        return output::write(text.as_bytes());
    }
    let variables: Vec<DryRunVar> = injected
        .iter()
        .zip(how)
        .map(|(inj, how)| DryRunVar {
            name: env_name(args.env_style, inj.key()),
            key: inj.key(),
            service: &inj.source.id.service,
            label: match &inj.source.selector {
                Selector::Label(l) => Some(l.as_str()),
                _ => None,
            },
            source: inj.source.to_string(),
            encoding: how,
            declared_type: module.and_then(|m| m.declaration(inj.key())).and_then(|d| d.type_text.as_deref()),
        })
        .collect();
    output::json(&serde_json::json!({
        "module": module.map(|m| m.dir.display().to_string()),
        "fetched": if declared { "declared" } else { "service" },
        "variables": variables,
    }))
}

/// The usage error for `exec` without a command after `--`.
fn no_command(args: &ExecArgs) -> Result<()> {
    if args.command.is_empty() {
        return Err(Error::usage("no command given: put it after `--`, e.g. `tfsecrets exec prod -- terraform plan`"));
    }
    Ok(())
}

/// Runs `exec` up to the point of replacing the process: reads the target while it connects and builds the client,
/// then [`prepare`]s the plan.
pub async fn run(global: &Global, args: &ExecArgs) -> Result<Option<ExecPlan>> {
    // A usage error comes before any AWS call.
    no_command(args)?;
    let scan = start_scan(args);
    let (session, store) = super::open(global).await?;
    let scanned = scan.await.map_err(|e| Error::io(format!("internal: reading the module failed: {e}")))?;
    prepare(&store, session, &super::session_options(global), args, scanned).await
}

/// Runs the async part of `exec`: fetch, encode, build the environment. Returns `None` for `--dry-run`.
async fn prepare<S: Store>(
    store: &S,
    sess: Session,
    opts: &session::Options,
    args: &ExecArgs,
    (target, said): (Result<Target>, Said),
) -> Result<Option<ExecPlan>> {
    no_command(args)?;
    let services = args.services.iter().map(|s| ServiceRef::parse(s)).collect::<Result<Vec<_>>>()?;
    let program = crate::child::resolve_command(&args.command[0])?;
    said.print();
    let target = target?;
    let module = target.module;
    let plan = saved_plan(args);
    let declared = match plan {
        Some(plan) => Some(saved_plan_keys(plan, module.as_ref())),
        None => declared_keys(module.as_ref(), args.all),
    };
    let probe = if plan.is_none() { start_version_probe(args, &program, module.as_ref()) } else { None };
    let fetched = match &declared {
        Some(keys) if keys.is_empty() => Vec::new(),
        Some(keys) => {
            ui::verbose(format!("fetching the {} declared variable(s) only", keys.len()));
            fetch_declared(store, &services, keys).await?
        }
        None => fetch_services(store, &services).await?,
    };
    let mut injected = merge(&services, fetched);
    if injected.is_empty() && plan.is_none() {
        for s in &services {
            suggest_lowercase(store, &s.service).await?;
        }
        let what = services.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
        let msg = match &declared {
            Some(keys) => {
                let mut msg = format!(
                    "none of the {} variable(s) declared in the module is stored in service(s) {what}",
                    keys.len()
                );
                let near = case_variants(store, &services, keys).await?;
                if !near.is_empty() {
                    msg.push_str(&format!(
                        "; stored keys that differ from a declared variable only in case: {} (names are case-sensitive: store the secret under the declared name)",
                        near.join(", ")
                    ));
                }
                msg
            }
            None => format!("no secrets found in service(s) {what}"),
        };
        if !args.allow_empty {
            return Err(Error::not_found(msg)
                .hint("check the service name (`tfsecrets list <service>`), or pass --allow-empty to run anyway"));
        }
        ui::warn(format!("{msg}; running anyway (--allow-empty)"));
    }
    if let Some(tg) = &target.terragrunt {
        for inj in &injected {
            if let Some(w) = tg.input_collision(inj.key(), &inj.source.to_string()) {
                ui::warn(w);
            }
        }
    }
    let how = encode_all(args, module.as_ref(), &mut injected, &services)?;
    ephemeral_note(probe, &program, module.as_ref(), &injected).await;
    if args.dry_run {
        dry_run(args, module.as_ref(), declared.is_some(), &injected, &how)?;
        return Ok(None);
    }
    // The session must outlive --min-ttl from the moment terraform starts, not from when tfsecrets did.
    let sess = if args.no_aws_env { sess } else { sess.ensure_min_ttl(opts).await? };
    let env = build_env(args, &sess, injected);
    ui::verbose(format!(
        "exec {} with {} secret variable(s): {}",
        program.display(),
        env.secret_names().len(),
        env.secret_names().join(" ")
    ));
    Ok(Some(ExecPlan { program, argv: args.command.clone(), env }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn declared_keys_are_fetched_per_service_at_each_selector() {
        let s = crate::commands::tests::base_and_prod();
        let services: Vec<ServiceRef> = ["base", "prod:blue"].iter().map(|a| ServiceRef::parse(a).unwrap()).collect();
        let keys = ["a".to_owned(), "b".to_owned(), "c".to_owned(), "undeclared".to_owned()];
        let got = fetch_declared(&s, &services, &keys).await.unwrap();
        let got: Vec<Vec<(&str, &str)>> =
            got.iter().map(|pairs| pairs.iter().map(|(k, v)| (k.as_str(), v.expose())).collect()).collect();
        // prod's `c` has no `blue` version: left out.
        assert_eq!(got, [vec![("a", "base-a"), ("b", "base-b")], vec![("b", "prod-b-blue")]]);
        let merged = merge(&services, fetch_declared(&s, &services, &keys).await.unwrap());
        let shown: Vec<String> = merged.iter().map(|m| m.source.to_string()).collect();
        assert_eq!(shown, ["/base/a", "/prod/b:blue"]);
    }
}

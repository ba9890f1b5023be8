//! `tfsecrets doctor [service]`: one screen of checks, each with a hint (docs/iam.md for the permissions they
//! need). The AWS checks run concurrently once the session is resolved; no credentials is a failed check, not a
//! stop. Exit status 1 when a check failed.

use super::open;
use crate::cli::{DoctorArgs, Global};
use crate::doctor::{self, Check, Status};
use crate::error::{Error, Kind, Result};
use crate::naming;
use crate::session::{self, Session, SourceKind};
use crate::store::{SecretId, Selector, SsmStore, Store};
use std::collections::BTreeSet;

fn skipped(name: &'static str, why: &str) -> Check {
    Check::new(name, Status::Skip, why)
}

fn from_error(name: &'static str, e: &Error) -> Check {
    let c = Check::new(name, Status::Fail, e.message.lines().next().unwrap_or_default());
    match (&e.hint, e.kind) {
        (Some(h), _) => c.hint(h.clone()),
        (None, Kind::Config | Kind::Denied) => {
            c.hint("check the credentials and the IAM permissions (tfsecrets policy <service>)")
        }
        (None, _) => c,
    }
}

fn source(sess: &Session) -> String {
    let profile = sess.profile.as_deref().map(|p| format!(", profile {p}")).unwrap_or_default();
    match &sess.kind {
        SourceKind::Environment { aws_vault: Some(v) } => format!("environment (aws-vault: {v}){profile}"),
        SourceKind::Environment { aws_vault: None } => format!("environment (AWS_ACCESS_KEY_ID){profile}"),
        SourceKind::MfaRole { role_arn, from_cache, .. } => {
            format!("MFA session for {role_arn} ({}){profile}", if *from_cache { "from cache" } else { "new" })
        }
        SourceKind::MfaUser { mfa_serial, from_cache } => {
            format!("MFA session for {mfa_serial} ({}){profile}", if *from_cache { "from cache" } else { "new" })
        }
        SourceKind::DefaultChain => format!("the AWS SDK's default chain{profile}"),
    }
}

fn session_time(sess: &Session, min_ttl: std::time::Duration) -> Check {
    let floor = session::time::format_duration(min_ttl);
    let Some(expiry) = sess.expiry else {
        return Check::new("session", Status::Ok, "no expiry (long-term keys, or refreshed by the SDK)");
    };
    let text = format!("{} (--min-ttl {floor})", session::describe_remaining(expiry));
    if session::time::ttl_at_least(expiry, min_ttl) {
        return Check::new("session", Status::Ok, text);
    }
    let hint = match sess.kind {
        SourceKind::MfaRole { .. } | SourceKind::MfaUser { .. } => "start a new session: tfsecrets --fresh session",
        _ => "renew the credentials (e.g. a new aws-vault exec) before a long apply",
    };
    Check::new("session", Status::Fail, format!("less than --min-ttl left: {text}")).hint(hint)
}

async fn identity(sess: &Session) -> Check {
    match session::caller_identity(sess).await {
        Ok((account, arn)) => Check::new("identity", Status::Ok, format!("{arn} (account {account})")),
        Err(e) => from_error("identity", &e),
    }
}

async fn kms<S: Store>(store: &S) -> Check {
    match store.kms_key().await {
        Ok(k) if !k.enabled => Check::new("kms key", Status::Fail, format!("{} ({}) is disabled", k.key_id, k.arn))
            .hint("enable it (aws kms enable-key) or point CHAMBER_KMS_KEY_ALIAS at another key"),
        Ok(k) if !k.customer_managed => Check::new(
            "kms key",
            Status::Warn,
            format!(
                "{} is AWS managed: every principal of the account that may read a parameter can decrypt it",
                k.key_id
            ),
        )
        .hint("create a customer-managed key (examples/bootstrap) and point CHAMBER_KMS_KEY_ALIAS at its alias"),
        Ok(k) => Check::new("kms key", Status::Ok, format!("{} -> {} (customer managed, enabled)", k.key_id, k.arn)),
        Err(e) => from_error("kms key", &e),
    }
}

/// SSM reachable (one listing) and, for a service, its keys listed and up to 10 of them decrypted (one call,
/// values dropped at once). Returns the stored key names for the local checks.
async fn ssm<S: Store>(store: &S, service: Option<&str>) -> (Check, Check, Option<BTreeSet<String>>) {
    let Some(service) = service else {
        let reach = match store.list(naming::RESERVED_SERVICE).await {
            Ok(_) => Check::new("ssm", Status::Ok, "reachable (DescribeParameters)"),
            Err(e) => from_error("ssm", &e),
        };
        return (reach, skipped("service", "no service named: tfsecrets doctor <service> checks one"), None);
    };
    let listing = match store.list(service).await {
        Ok(l) => l,
        Err(e) => return (from_error("ssm", &e), skipped("service", "SSM did not answer"), None),
    };
    let reach = Check::new("ssm", Status::Ok, "reachable (DescribeParameters)");
    if listing.is_empty() {
        let hint = match super::suggest_lowercase(store, service).await {
            Err(e) => e.hint.unwrap_or(e.message),
            Ok(()) => format!("import them first: tfsecrets import {service} <file.tfvars>"),
        };
        return (reach, Check::new("service", Status::Fail, format!("/{service} holds no secrets")).hint(hint), None);
    }
    let keys: BTreeSet<String> = listing.iter().map(|m| m.id.key.clone()).collect();
    let sample: Vec<_> =
        listing.iter().take(10).map(|m| SecretId::new(service, m.id.key.as_str()).at(Selector::Latest)).collect();
    let read = match store.get(&sample).await {
        Ok(found) if found.len() == sample.len() => Check::new(
            "service",
            Status::Ok,
            format!("/{service}: {} secret(s); {} read and decrypted", keys.len(), found.len()),
        ),
        Ok(found) => Check::new(
            "service",
            Status::Warn,
            format!("/{service}: {} secret(s), but only {} of {} could be read", keys.len(), found.len(), sample.len()),
        ),
        Err(e) => from_error("service", &e)
            .hint(format!("reading needs ssm:GetParameters and kms:Decrypt through SSM: tfsecrets policy {service}")),
    };
    (reach, read, Some(keys))
}

/// The checks that need AWS, concurrently after the session.
async fn aws_checks(global: &Global, service: Option<&str>) -> (Vec<Check>, Option<BTreeSet<String>>) {
    let (sess, store): (Session, SsmStore) = match open(global).await {
        Ok(found) => found,
        Err(e) => {
            let region =
                if e.message.contains("region") { from_error("region", &e) } else { skipped("region", "no session") };
            let mut checks = vec![from_error("credentials", &e), region];
            for name in ["identity", "session", "kms key", "ssm", "service"] {
                checks.push(skipped(name, "no credentials"));
            }
            return (checks, None);
        }
    };
    let mut checks = vec![
        Check::new("credentials", Status::Ok, source(&sess)),
        Check::new("region", Status::Ok, sess.region.clone()),
    ];
    let (who, key, (reach, read, keys)) = futures::join!(identity(&sess), kms(&store), ssm(&store, service));
    checks.insert(1, who);
    checks.insert(2, session_time(&sess, global.min_ttl));
    checks.extend([key, reach, read]);
    (checks, keys)
}

/// Runs `doctor`; returns the exit status (1 when a check failed).
pub async fn run(global: &Global, args: &DoctorArgs) -> Result<i32> {
    if let Some(s) = &args.service {
        naming::validate_service(s)?;
    }
    let cwd = std::env::current_dir().map_err(|e| Error::io(format!("the current directory: {e}")))?;
    // The tools answer on their own threads while AWS is asked.
    let tools = std::thread::spawn(|| {
        let probe = |name: &str, flag: &str| doctor::probe(name, flag);
        doctor::tool_checks(probe("terraform", "-version"), probe("tofu", "-version"), probe("terragrunt", "--version"))
    });
    // A diagnosis should not sit through ten retries of an unreachable endpoint.
    let quick = Global { retries: global.retries.min(3), ..global.clone() };
    let (mut checks, stored) = aws_checks(&quick, args.service.as_deref()).await;
    checks
        .extend(tools.join().unwrap_or_else(|_| vec![Check::new("terraform", Status::Fail, "the tool probe failed")]));
    checks.push(doctor::module_check(&cwd, stored.as_ref()));
    match (&args.service, &stored) {
        (Some(s), Some(keys)) => checks.push(doctor::tfvars_check(&cwd, s, keys)),
        _ => checks.push(skipped("tfvars", "needs the service's keys")),
    }
    checks.push(doctor::git_check(&cwd));
    let failed = checks.iter().any(|c| c.status == Status::Fail);
    let text = if args.json {
        let mut t = serde_json::json!({"ok": !failed, "checks": checks}).to_string();
        t.push('\n');
        t
    } else {
        doctor::render(&checks)
    };
    crate::output::write(text.as_bytes())?;
    Ok(i32::from(failed))
}

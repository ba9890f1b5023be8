//! `tfsecrets session`: show the AWS session (role, account, expiry), export it, write it as a profile, or clear it.

use super::{print_json, session_options};
use crate::cli::{Global, SessionArgs};
use crate::error::{Error, Result};
use crate::session::{self, Session, SourceKind, cache, credfile};
use chrono::Utc;
use std::io::IsTerminal;

fn source_name(kind: &SourceKind) -> &'static str {
    match kind {
        SourceKind::Environment { .. } => "environment",
        SourceKind::MfaRole { .. } => "mfa-role",
        SourceKind::MfaUser { .. } => "mfa-user",
        SourceKind::DefaultChain => "default-chain",
    }
}

fn shell_quote(v: &str) -> String {
    format!("'{}'", v.replace('\'', "'\\''"))
}

/// Runs `session`.
pub async fn run(global: &Global, args: &SessionArgs) -> Result<()> {
    if args.clear {
        return clear(global).await;
    }
    let sess = session::connect(&session_options(global)).await?;
    if args.export {
        return export(&sess).await;
    }
    if let Some(name) = &args.write_profile {
        let creds = session::current_credentials(&sess).await?;
        let expiry = sess.expiry.map(cache::format_env_expiration);
        if Some(name.as_str()) == sess.profile.as_deref() {
            return Err(Error::invalid(format!("--write-profile {name}: that is the profile the session comes from"))
                .hint("pick another name, e.g. {name}-session"));
        }
        let path = credfile::write_profile(name, &creds, sess.profile.as_deref(), expiry.as_deref())?;
        let until = sess.expiry.map(|e| format!(", {}", session::describe_remaining(e))).unwrap_or_default();
        println!("wrote [{name}] to {}{until}; use it with --profile {name} or AWS_PROFILE={name}", path.display());
        return Ok(());
    }
    show(&sess, args.json).await
}

async fn clear(global: &Global) -> Result<()> {
    let name = session::profile_name(global.profile.as_deref()).unwrap_or_else(|| "default".into());
    let Some(path) = session::cache_entry_for(global.profile.as_deref()).await? else {
        return Err(Error::invalid(format!(
            "profile {name:?} has no mfa_serial: there is no cached MFA session to clear"
        ))
        .hint("--clear works on profiles with mfa_serial"));
    };
    match std::fs::remove_file(&path) {
        Ok(()) => {
            println!("cleared the cached MFA session of profile {name} ({})", path.display());
            crate::ui::note(
                "AWS cannot revoke it: the credentials stay valid until they expire wherever they were copied",
            );
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            println!("no cached MFA session for profile {name} ({})", path.display());
            Ok(())
        }
        Err(e) => Err(Error::io(format!("cannot remove {}: {e}", path.display()))),
    }
}

async fn export(sess: &Session) -> Result<()> {
    let creds = session::current_credentials(sess).await?;
    let mut out = String::new();
    out.push_str(&format!("export AWS_ACCESS_KEY_ID={}\n", shell_quote(&creds.access_key_id)));
    out.push_str(&format!("export AWS_SECRET_ACCESS_KEY={}\n", shell_quote(creds.secret_access_key.expose())));
    let mut unset = vec!["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN", "AWS_SESSION_EXPIRATION"];
    if creds.session_token.is_empty() {
        unset.push("AWS_SESSION_TOKEN");
    } else {
        out.push_str(&format!("export AWS_SESSION_TOKEN={}\n", shell_quote(creds.session_token.expose())));
    }
    match sess.expiry {
        Some(e) => out.push_str(&format!("export AWS_CREDENTIAL_EXPIRATION={}\n", cache::format_env_expiration(e))),
        None => unset.push("AWS_CREDENTIAL_EXPIRATION"),
    }
    let region = sess.child_region.clone().unwrap_or_else(|| sess.region.clone());
    out.push_str(&format!("export AWS_REGION={0}\nexport AWS_DEFAULT_REGION={0}\n", shell_quote(&region)));
    out.push_str(&format!("unset {}\n", unset.join(" ")));
    out.push_str(
        "# deactivate: unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION\n",
    );
    print!("{out}");
    let out = zeroize::Zeroizing::new(out);
    drop(out);
    if std::io::stdout().is_terminal() {
        crate::ui::note("to use these in your shell: eval \"$(tfsecrets session --export ...)\"");
    }
    Ok(())
}

async fn show(sess: &Session, json: bool) -> Result<()> {
    let (account, arn) = session::caller_identity(sess).await?;
    let (role_arn, serial, from_cache, vault) = match &sess.kind {
        SourceKind::MfaRole { role_arn, mfa_serial, from_cache } => {
            (Some(role_arn.clone()), Some(mfa_serial.clone()), Some(*from_cache), None)
        }
        SourceKind::MfaUser { mfa_serial, from_cache } => (None, Some(mfa_serial.clone()), Some(*from_cache), None),
        SourceKind::Environment { aws_vault } => (None, None, None, aws_vault.clone()),
        SourceKind::DefaultChain => (None, None, None, None),
    };
    let expires_in = sess.expiry.map(|e| (e - Utc::now()).num_seconds());
    if json {
        let v = serde_json::json!({
            "profile": sess.profile,
            "source": source_name(&sess.kind),
            "role_arn": role_arn,
            "mfa_serial": serial,
            "from_cache": from_cache,
            "aws_vault": vault,
            "arn": arn,
            "account": account,
            "region": sess.region,
            "expiration": sess.expiry.map(cache::format_env_expiration),
            "expires_in_seconds": expires_in,
            "cache_file": sess.cache_path.as_ref().map(|p| p.display().to_string()),
        });
        print_json(&v);
        return Ok(());
    }
    let mut lines: Vec<(&str, String)> = Vec::new();
    lines.push(("profile", sess.profile.clone().unwrap_or_else(|| "(none)".into())));
    let source = match (&sess.kind, from_cache) {
        (SourceKind::Environment { aws_vault: Some(v) }, _) => format!("environment (aws-vault: {v})"),
        (SourceKind::Environment { .. }, _) => "environment".into(),
        (SourceKind::DefaultChain, _) => "SDK default chain".into(),
        (_, Some(true)) => "MFA session, from the shared cache".into(),
        (_, _) => "MFA session, new".into(),
    };
    lines.push(("source", source));
    if let Some(r) = role_arn {
        lines.push(("role", r));
    }
    if let Some(s) = serial {
        lines.push(("mfa", s));
    }
    lines.push(("identity", arn));
    lines.push(("account", account));
    lines.push(("region", sess.region.clone()));
    lines.push((
        "expires",
        match sess.expiry {
            Some(e) => format!("{} ({})", cache::format_env_expiration(e), session::remaining_text(e)),
            None => "unknown".into(),
        },
    ));
    if let Some(p) = &sess.cache_path {
        lines.push(("cache", p.display().to_string()));
    }
    for (k, v) in lines {
        println!("{:<9} {v}", format!("{k}:"));
    }
    Ok(())
}

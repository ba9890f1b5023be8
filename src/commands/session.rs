//! `tfsecrets session`: show the AWS session (role, account, expiry), export it, write it as a profile, or clear it
//! (docs/sessions.md §9).

use super::session_options;
use crate::cli::{Global, SessionArgs};
use crate::error::{Error, Result};
use crate::output;
use crate::secret::Secret;
use crate::session::time::format_env_expiration;
use crate::session::{self, Session, SourceKind, credfile};
use chrono::Utc;
use std::fmt::Write as _;
use std::io::IsTerminal;

fn source_name(kind: &SourceKind) -> &'static str {
    match kind {
        SourceKind::Environment { .. } => "environment",
        SourceKind::MfaRole { .. } => "mfa-role",
        SourceKind::MfaUser { .. } => "mfa-user",
        SourceKind::DefaultChain => "default-chain",
    }
}

/// Appends `export NAME='value'` and a newline.
fn push_export(out: &mut Secret, name: &str, value: &str) {
    out.push_str("export ");
    out.push_str(name);
    out.push('=');
    push_shell_quoted(out, value);
    out.push('\n');
}

/// Appends `v` single-quoted for a POSIX shell (`'` becomes `'\''`), without a copy outside `out`.
fn push_shell_quoted(out: &mut Secret, v: &str) {
    out.push('\'');
    for (i, part) in v.split('\'').enumerate() {
        if i > 0 {
            out.push_str("'\\''");
        }
        out.push_str(part);
    }
    out.push('\'');
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
        let expiry = sess.expiry.map(format_env_expiration);
        if Some(name.as_str()) == sess.profile.as_deref() {
            return Err(Error::usage(format!("--write-profile {name}: that is the profile the session comes from"))
                .hint("pick another name, e.g. {name}-session"));
        }
        let path = credfile::write_profile(name, &creds, sess.profile.as_deref(), expiry.as_deref())?;
        let until = sess.expiry.map(|e| format!(", {}", session::describe_remaining(e))).unwrap_or_default();
        return output::line(format!(
            "wrote [{name}] to {}{until}; use it with --profile {name} or AWS_PROFILE={name}",
            path.display()
        ));
    }
    show(&sess, args.json).await
}

async fn clear(global: &Global) -> Result<()> {
    let name = session::profile_name(global.profile.as_deref()).unwrap_or_else(|| "default".into());
    let Some(path) = session::cache_entry_for(global.profile.as_deref()).await? else {
        return Err(Error::usage(format!(
            "profile {name:?} has no mfa_serial: there is no cached MFA session to clear"
        ))
        .hint("--clear works on profiles with mfa_serial"));
    };
    match std::fs::remove_file(&path) {
        Ok(()) => {
            output::line(format!("cleared the cached MFA session of profile {name} ({})", path.display()))?;
            crate::ui::note(
                "AWS cannot revoke it: the credentials stay valid until they expire wherever they were copied",
            );
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            output::line(format!("no cached MFA session for profile {name} ({})", path.display()))
        }
        Err(e) => Err(Error::io(format!("cannot remove {}: {e}", path.display()))),
    }
}

async fn export(sess: &Session) -> Result<()> {
    let creds = session::current_credentials(sess).await?;
    output::secret(&export_script(&creds, sess.expiry, sess.child_region.as_deref().unwrap_or(&sess.region)))?;
    if std::io::stdout().is_terminal() {
        crate::ui::note("to use these in your shell: eval \"$(tfsecrets session --export ...)\"");
    }
    Ok(())
}

/// The `export`/`unset` lines of `session --export`, built in a `Secret`: they hold the secret key and token.
fn export_script(
    creds: &session::cache::CachedCredentials,
    expiry: Option<chrono::DateTime<Utc>>,
    region: &str,
) -> Secret {
    let mut out = Secret::with_capacity(512 + creds.secret_access_key.len() + creds.session_token.len());
    push_export(&mut out, "AWS_ACCESS_KEY_ID", &creds.access_key_id);
    push_export(&mut out, "AWS_SECRET_ACCESS_KEY", creds.secret_access_key.expose());
    let mut unset = vec!["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN", "AWS_SESSION_EXPIRATION"];
    if creds.session_token.is_empty() {
        unset.push("AWS_SESSION_TOKEN");
    } else {
        push_export(&mut out, "AWS_SESSION_TOKEN", creds.session_token.expose());
    }
    match expiry {
        Some(e) => {
            let _ = writeln!(out, "export AWS_CREDENTIAL_EXPIRATION={}", format_env_expiration(e));
        }
        None => unset.push("AWS_CREDENTIAL_EXPIRATION"),
    }
    push_export(&mut out, "AWS_REGION", region);
    push_export(&mut out, "AWS_DEFAULT_REGION", region);
    let _ = writeln!(out, "unset {}", unset.join(" "));
    out.push_str(
        "# deactivate: unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION\n",
    );
    out
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
            "expiration": sess.expiry.map(format_env_expiration),
            "expires_in_seconds": expires_in,
            "cache_file": sess.cache_path.as_ref().map(|p| p.display().to_string()),
        });
        return output::json(&v);
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
            Some(e) => format!("{} ({})", format_env_expiration(e), session::remaining_text(e)),
            None => "unknown".into(),
        },
    ));
    if let Some(p) = &sess.cache_path {
        lines.push(("cache", p.display().to_string()));
    }
    let text: String = lines.iter().map(|(k, v)| format!("{:<9} {v}\n", format!("{k}:"))).collect();
    output::write(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::cache::CachedCredentials;
    use chrono::TimeZone;

    fn creds(token: &str) -> CachedCredentials {
        CachedCredentials {
            access_key_id: "ASIAX".into(),
            secret_access_key: Secret::from_str_copy("s'k"),
            session_token: Secret::from_str_copy(token),
            expiration: Utc::now(),
        }
    }

    #[test]
    fn export_script_is_shell_safe() {
        let at = Utc.with_ymd_and_hms(2030, 1, 2, 3, 4, 5).single();
        assert_eq!(
            export_script(&creds("tok"), at, "eu-west-1").expose(),
            "export AWS_ACCESS_KEY_ID='ASIAX'\n\
             export AWS_SECRET_ACCESS_KEY='s'\\''k'\n\
             export AWS_SESSION_TOKEN='tok'\n\
             export AWS_CREDENTIAL_EXPIRATION=2030-01-02T03:04:05Z\n\
             export AWS_REGION='eu-west-1'\n\
             export AWS_DEFAULT_REGION='eu-west-1'\n\
             unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SECURITY_TOKEN AWS_SESSION_EXPIRATION\n\
             # deactivate: unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION\n"
        );
        assert_eq!(
            export_script(&creds(""), None, "r").expose(),
            "export AWS_ACCESS_KEY_ID='ASIAX'\n\
             export AWS_SECRET_ACCESS_KEY='s'\\''k'\n\
             export AWS_REGION='r'\n\
             export AWS_DEFAULT_REGION='r'\n\
             unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SECURITY_TOKEN AWS_SESSION_EXPIRATION AWS_SESSION_TOKEN \
             AWS_CREDENTIAL_EXPIRATION\n\
             # deactivate: unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION\n"
        );
    }
}

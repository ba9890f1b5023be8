//! The AWS variables `exec` hands to its child (spec mfa-sessions §8).

use super::{Session, SourceKind};
use crate::secret::Secret;

/// Changes to apply to the child's environment, on top of what tfsecrets inherited.
#[derive(Debug, Clone, Default)]
pub struct EnvChanges {
    /// Variables to set (values may be secret: pass them only through the execve environment).
    pub set: Vec<(String, Secret)>,
    /// Variables to remove.
    pub remove: Vec<String>,
}

impl EnvChanges {
    /// The value set for `name`, if any.
    pub fn get(&self, name: &str) -> Option<&Secret> {
        self.set.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// Every AWS variable name this change set touches (set or removed), for `--pristine` allow-lists.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.set.iter().map(|(k, _)| k.as_str()).chain(self.remove.iter().map(String::as_str))
    }
}

/// Options for [`child_env`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ChildEnvOptions {
    /// `--no-aws-env`: leave every AWS variable exactly as tfsecrets inherited it (no changes at all).
    pub no_aws_env: bool,
}

/// The child's AWS environment for a session, reading tfsecrets' own environment for row 1.
pub fn child_env(session: &Session, opts: ChildEnvOptions) -> EnvChanges {
    child_env_with(session, opts, &|k| std::env::var(k).ok())
}

fn nonempty(get: &dyn Fn(&str) -> Option<String>, k: &str) -> Option<String> {
    get(k).filter(|v| !v.is_empty())
}

/// [`child_env`] with an explicit view of the parent environment (for tests).
pub fn child_env_with(session: &Session, opts: ChildEnvOptions, get: &dyn Fn(&str) -> Option<String>) -> EnvChanges {
    let mut ch = EnvChanges::default();
    if opts.no_aws_env {
        return ch;
    }
    let remove = |ch: &mut EnvChanges, names: &[&str]| ch.remove.extend(names.iter().map(|s| (*s).to_owned()));
    match &session.kind {
        SourceKind::DefaultChain => {}
        SourceKind::Environment { .. } => {
            if nonempty(get, "AWS_SESSION_TOKEN").is_none() {
                if let Some(t) = nonempty(get, "AWS_SECURITY_TOKEN") {
                    ch.set.push(("AWS_SESSION_TOKEN".into(), Secret::new(t)));
                }
            }
            if nonempty(get, "AWS_CREDENTIAL_EXPIRATION").is_none() {
                if let Some(t) = nonempty(get, "AWS_SESSION_EXPIRATION") {
                    ch.set.push(("AWS_CREDENTIAL_EXPIRATION".into(), Secret::new(t)));
                }
            }
            remove(&mut ch, &["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_FILE"]);
        }
        SourceKind::MfaRole { .. } | SourceKind::MfaUser { .. } => {
            if let Some(c) = &session.credentials {
                ch.set.push(("AWS_ACCESS_KEY_ID".into(), Secret::from_str_copy(&c.access_key_id)));
                ch.set.push(("AWS_SECRET_ACCESS_KEY".into(), c.secret_access_key.clone()));
                ch.set.push(("AWS_SESSION_TOKEN".into(), c.session_token.clone()));
                ch.set.push((
                    "AWS_CREDENTIAL_EXPIRATION".into(),
                    Secret::new(super::cache::format_env_expiration(c.expiration)),
                ));
            }
            if let Some(r) = &session.child_region {
                ch.set.push(("AWS_REGION".into(), Secret::from_str_copy(r)));
                ch.set.push(("AWS_DEFAULT_REGION".into(), Secret::from_str_copy(r)));
            }
            remove(
                &mut ch,
                &["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_FILE", "AWS_SESSION_EXPIRATION"],
            );
        }
    }
    ch
}

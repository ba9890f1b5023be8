//! The AWS variables `exec` hands to its child (docs/sessions.md §8).

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
        SourceKind::DefaultChain => {
            // Row 3 leaves the environment alone, except that a `--profile` flag must reach the child, or
            // terraform would use another identity (the environment's keys or the default profile);
            // docs/sessions.md §8.
            if let (true, Some(p)) = (session.profile_from_flag, &session.profile) {
                ch.set.push(("AWS_PROFILE".into(), Secret::from_str_copy(p)));
                if session.env_overridden {
                    remove(
                        &mut ch,
                        &[
                            "AWS_ACCESS_KEY_ID",
                            "AWS_SECRET_ACCESS_KEY",
                            "AWS_SESSION_TOKEN",
                            "AWS_SECURITY_TOKEN",
                            "AWS_CREDENTIAL_EXPIRATION",
                            "AWS_SESSION_EXPIRATION",
                        ],
                    );
                }
            }
        }
        SourceKind::Environment { .. } => {
            if nonempty(get, "AWS_SESSION_TOKEN").is_none()
                && let Some(t) = nonempty(get, "AWS_SECURITY_TOKEN")
            {
                ch.set.push(("AWS_SESSION_TOKEN".into(), Secret::new(t)));
            }
            if nonempty(get, "AWS_CREDENTIAL_EXPIRATION").is_none()
                && let Some(t) = nonempty(get, "AWS_SESSION_EXPIRATION")
            {
                ch.set.push(("AWS_CREDENTIAL_EXPIRATION".into(), Secret::new(t)));
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
                    Secret::new(super::time::format_env_expiration(c.expiration)),
                ));
            }
            if let Some(r) = &session.child_region {
                ch.set.push(("AWS_REGION".into(), Secret::from_str_copy(r)));
                ch.set.push(("AWS_DEFAULT_REGION".into(), Secret::from_str_copy(r)));
            }
            remove(
                &mut ch,
                &[
                    "AWS_PROFILE",
                    "AWS_DEFAULT_PROFILE",
                    "AWS_SECURITY_TOKEN",
                    "AWS_CREDENTIAL_FILE",
                    "AWS_SESSION_EXPIRATION",
                ],
            );
        }
    }
    ch
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::cache::CachedCredentials;
    use chrono::TimeZone;

    fn session(kind: SourceKind) -> Session {
        Session {
            config: aws_config::SdkConfig::builder().build(),
            region: "eu-west-1".into(),
            profile: Some("admin".into()),
            kind,
            credentials: Some(CachedCredentials {
                access_key_id: "ASIAX".into(),
                secret_access_key: Secret::from_str_copy("sk"),
                session_token: Secret::from_str_copy("tok"),
                expiration: chrono::Utc.with_ymd_and_hms(2030, 1, 2, 3, 4, 5).single().unwrap(),
            }),
            expiry: None,
            child_region: Some("eu-west-1".into()),
            cache_path: None,
            env_overridden: false,
            profile_from_flag: true,
        }
    }

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_owned())
    }

    fn set_map(ch: &EnvChanges) -> Vec<(String, String)> {
        let mut v: Vec<_> = ch.set.iter().map(|(k, s)| (k.clone(), s.expose().to_owned())).collect();
        v.sort();
        v
    }

    #[test]
    fn mfa_session_is_exported_and_profiles_removed() {
        let s = session(SourceKind::MfaRole { role_arn: "r".into(), mfa_serial: "m".into(), from_cache: true });
        let ch = child_env_with(&s, ChildEnvOptions::default(), &env_of(&[("AWS_PROFILE", "admin")]));
        let want: Vec<(String, String)> = [
            ("AWS_ACCESS_KEY_ID", "ASIAX"),
            ("AWS_CREDENTIAL_EXPIRATION", "2030-01-02T03:04:05Z"),
            ("AWS_DEFAULT_REGION", "eu-west-1"),
            ("AWS_REGION", "eu-west-1"),
            ("AWS_SECRET_ACCESS_KEY", "sk"),
            ("AWS_SESSION_TOKEN", "tok"),
        ]
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
        assert_eq!(set_map(&ch), want);
        let mut removed = ch.remove.clone();
        removed.sort();
        assert_eq!(
            removed,
            [
                "AWS_CREDENTIAL_FILE",
                "AWS_DEFAULT_PROFILE",
                "AWS_PROFILE",
                "AWS_SECURITY_TOKEN",
                "AWS_SESSION_EXPIRATION"
            ]
        );
        assert!(format!("{ch:?}").contains("<redacted>") && !format!("{ch:?}").contains("tok"));
    }

    #[test]
    fn environment_row_copies_legacy_names() {
        let s = session(SourceKind::Environment { aws_vault: None });
        let ch = child_env_with(
            &s,
            ChildEnvOptions::default(),
            &env_of(&[("AWS_SECURITY_TOKEN", "legacy"), ("AWS_SESSION_EXPIRATION", "2030-01-01T00:00:00Z")]),
        );
        assert_eq!(
            set_map(&ch),
            [
                ("AWS_CREDENTIAL_EXPIRATION".to_owned(), "2030-01-01T00:00:00Z".to_owned()),
                ("AWS_SESSION_TOKEN".to_owned(), "legacy".to_owned())
            ]
        );
        assert!(
            ch.remove.contains(&"AWS_PROFILE".to_owned()) && !ch.remove.contains(&"AWS_SESSION_EXPIRATION".to_owned())
        );
        let ch = child_env_with(
            &s,
            ChildEnvOptions::default(),
            &env_of(&[("AWS_SESSION_TOKEN", "t"), ("AWS_SECURITY_TOKEN", "legacy")]),
        );
        assert!(ch.set.is_empty(), "AWS_SESSION_TOKEN already set: nothing copied");
    }

    #[test]
    fn default_chain_untouched_unless_profile_flag() {
        let mut s = session(SourceKind::DefaultChain);
        s.profile_from_flag = false;
        let ch = child_env_with(&s, ChildEnvOptions::default(), &env_of(&[]));
        assert!(ch.set.is_empty() && ch.remove.is_empty());
        s.profile_from_flag = true;
        s.env_overridden = true;
        let ch = child_env_with(&s, ChildEnvOptions::default(), &env_of(&[]));
        assert_eq!(set_map(&ch), [("AWS_PROFILE".to_owned(), "admin".to_owned())]);
        assert!(ch.remove.contains(&"AWS_ACCESS_KEY_ID".to_owned()));
    }

    #[test]
    fn no_aws_env_changes_nothing() {
        let s = session(SourceKind::MfaRole { role_arn: "r".into(), mfa_serial: "m".into(), from_cache: false });
        let ch = child_env_with(&s, ChildEnvOptions { no_aws_env: true }, &env_of(&[("AWS_PROFILE", "x")]));
        assert!(ch.set.is_empty() && ch.remove.is_empty());
    }
}

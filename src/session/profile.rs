//! Profile lookups (docs/sessions.md §2): the keys tfsecrets reads itself, parsed with aws-config's loader so
//! tfsecrets and the SDK see identical values.

use super::cache::{RoleKey, python_int};
use crate::error::{Error, Result};
use crate::secret::Secret;
use aws_config::profile::ProfileSet;
#[allow(deprecated)]
use aws_config::profile::profile_file::ProfileFiles;
use aws_types::os_shim_internal::{Env, Fs};
use std::borrow::Cow;

/// The profile name: `--profile` > `AWS_PROFILE` > `AWS_DEFAULT_PROFILE` > none (the SDK's `default`).
pub fn name(env: &Env, flag: Option<&str>) -> Option<String> {
    let var = |k: &str| env.get(k).ok().filter(|v| !v.is_empty());
    flag.map(str::to_owned).or_else(|| var("AWS_PROFILE")).or_else(|| var("AWS_DEFAULT_PROFILE"))
}

/// Loads `~/.aws/config` and `~/.aws/credentials` (or `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE`).
pub async fn load(selected: Option<&str>) -> Result<ProfileSet> {
    load_with(&Fs::real(), &Env::real(), selected).await
}

/// [`load`] through the given file system and environment (the real ones, or fixed ones in tests).
#[allow(deprecated)]
pub async fn load_with(fs: &Fs, env: &Env, selected: Option<&str>) -> Result<ProfileSet> {
    aws_config::profile::parser::load(fs, env, &ProfileFiles::default(), selected.map(|p| Cow::Owned(p.to_owned())))
        .await
        .map_err(|e| Error::config(format!("cannot read the AWS config files: {e}")))
}

/// Where a role profile's base credentials come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `source_profile = NAME` (may be the profile itself: its own static keys).
    Profile(String),
    /// `credential_source = Environment | Ec2InstanceMetadata | EcsContainer`.
    CredentialSource(String),
}

/// A profile that needs an MFA code: `mfa_serial` with `role_arn` (AssumeRole) or without (GetSessionToken).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MfaProfile {
    /// The profile's name.
    pub name: String,
    /// `role_arn`; `None` for an IAM user (GetSessionToken).
    pub role_arn: Option<String>,
    /// `mfa_serial`.
    pub mfa_serial: String,
    /// Base credentials (for GetSessionToken always the profile's own keys).
    pub source: Source,
    /// `duration_seconds` when it parses like Python's `int()`, normalized.
    pub duration_seconds: Option<String>,
    /// `role_session_name` when non-empty.
    pub role_session_name: Option<String>,
    /// `external_id` when configured.
    pub external_id: Option<String>,
}

impl MfaProfile {
    /// The AssumeRole cache key inputs (`None` for GetSessionToken profiles).
    pub fn role_key(&self) -> Option<RoleKey> {
        Some(RoleKey {
            role_arn: self.role_arn.clone()?,
            role_session_name: self.role_session_name.clone(),
            external_id: self.external_id.clone(),
            serial_number: Some(self.mfa_serial.clone()),
            duration_seconds: self.duration_seconds.clone(),
        })
    }

    /// The session length a fresh prompt would give, in seconds (`duration_seconds`, else 3600).
    pub fn session_seconds(&self) -> i64 {
        self.duration_seconds.as_deref().and_then(|d| d.parse().ok()).unwrap_or(3600)
    }
}

fn get<'a>(set: &'a ProfileSet, profile: &str, key: &str) -> Option<&'a str> {
    set.get_profile(profile).and_then(|p| p.get(key))
}

fn files_hint() -> String {
    let config = std::env::var("AWS_CONFIG_FILE").unwrap_or_else(|_| "~/.aws/config".into());
    let creds = std::env::var("AWS_SHARED_CREDENTIALS_FILE").unwrap_or_else(|_| "~/.aws/credentials".into());
    format!("profiles are read from {config} ([profile NAME]) and {creds} ([NAME])")
}

/// Error for a profile that does not exist.
pub fn unknown_profile(name: &str) -> Error {
    Error::config(format!("AWS profile {name:?} not found")).hint(files_hint())
}

/// Whether a profile exists in either file.
pub fn exists(set: &ProfileSet, name: &str) -> bool {
    set.get_profile(name).is_some()
}

/// Reads an MFA profile's settings; `Ok(None)` when `name` has no `mfa_serial` (not an MFA profile).
pub fn mfa_profile(set: &ProfileSet, name: &str) -> Result<Option<MfaProfile>> {
    let Some(serial) = get(set, name, "mfa_serial").filter(|s| !s.is_empty()) else { return Ok(None) };
    let role_arn = get(set, name, "role_arn").filter(|s| !s.is_empty()).map(str::to_owned);
    let source_profile = get(set, name, "source_profile").filter(|s| !s.is_empty());
    let credential_source = get(set, name, "credential_source").filter(|s| !s.is_empty());
    let source = if role_arn.is_none() {
        // GetSessionToken: the user's own long-term keys.
        Source::Profile(name.to_owned())
    } else {
        match (source_profile, credential_source) {
            (Some(_), Some(_)) => {
                return Err(Error::config(format!("profile {name:?} sets both source_profile and credential_source"))
                    .hint("keep exactly one of them"));
            }
            (None, None) => {
                return Err(Error::config(format!(
                    "profile {name:?} has role_arn but neither source_profile nor credential_source"
                ))
                .hint("add `source_profile = <profile with your keys>` to it"));
            }
            (Some(s), None) => Source::Profile(s.to_owned()),
            (None, Some(c)) => {
                if !matches!(c, "Environment" | "Ec2InstanceMetadata" | "EcsContainer") {
                    return Err(Error::config(format!("profile {name:?}: unsupported credential_source {c:?}"))
                        .hint("use Environment, Ec2InstanceMetadata or EcsContainer"));
                }
                Source::CredentialSource(c.to_owned())
            }
        }
    };
    let profile = MfaProfile {
        name: name.to_owned(),
        role_arn,
        mfa_serial: serial.to_owned(),
        source,
        duration_seconds: get(set, name, "duration_seconds").and_then(python_int),
        role_session_name: get(set, name, "role_session_name").filter(|s| !s.is_empty()).map(str::to_owned),
        external_id: get(set, name, "external_id").map(str::to_owned),
    };
    if let Source::Profile(src) = &profile.source {
        check_source_chain(set, name, src)?;
    }
    Ok(Some(profile))
}

/// Follows `source_profile` links from `start`'s source: every link must exist, no loop, and no nested MFA role.
pub fn check_source_chain(set: &ProfileSet, start: &str, first_source: &str) -> Result<()> {
    let mut path = vec![start.to_owned()];
    let mut current = first_source.to_owned();
    if current == start {
        return Ok(()); // the profile's own static keys
    }
    loop {
        if !exists(set, &current) {
            return Err(Error::config(format!(
                "profile {:?}: source_profile {current:?} not found",
                path.last().map_or(start, String::as_str)
            ))
            .hint(files_hint()));
        }
        if path.contains(&current) {
            path.push(current);
            return Err(Error::config(format!("loop in AWS profile chain: {}", path.join(" -> ")))
                .hint("a source_profile chain must end at a profile with credentials"));
        }
        let has_role = get(set, &current, "role_arn").is_some_and(|s| !s.is_empty());
        if has_role && get(set, &current, "mfa_serial").is_some_and(|s| !s.is_empty()) {
            return Err(Error::config(format!(
                "profile {start:?}: its source profile {current:?} is itself an MFA role profile; nested MFA profiles are unsupported"
            ))
            .hint(format!("give {start:?} a source_profile with plain credentials, and keep mfa_serial on {start:?}")));
        }
        path.push(current.clone());
        match get(set, &current, "source_profile").filter(|s| !s.is_empty()) {
            Some(next) if has_role && next != current => current = next.to_owned(),
            _ => return Ok(()),
        }
    }
}

/// For a role profile without `mfa_serial` whose `source_profile` has one: that source profile's name (the
/// AWS CLI and tfsecrets read `mfa_serial` only on the role profile itself).
pub fn misplaced_mfa_serial(set: &ProfileSet, name: &str) -> Option<String> {
    get(set, name, "role_arn").filter(|s| !s.is_empty())?;
    if get(set, name, "mfa_serial").is_some_and(|s| !s.is_empty()) {
        return None;
    }
    let src = get(set, name, "source_profile").filter(|s| !s.is_empty() && *s != name)?;
    get(set, src, "mfa_serial").filter(|s| !s.is_empty()).map(|_| src.to_owned())
}

/// Static keys of a profile, if it has both (`aws_access_key_id`, `aws_secret_access_key`, optional token).
pub fn static_keys(set: &ProfileSet, name: &str) -> Option<(String, Secret, Option<Secret>)> {
    let akid = get(set, name, "aws_access_key_id").filter(|s| !s.is_empty())?;
    let secret = get(set, name, "aws_secret_access_key").filter(|s| !s.is_empty())?;
    let token = get(set, name, "aws_session_token").filter(|s| !s.is_empty()).map(Secret::from_str_copy);
    Some((akid.to_owned(), Secret::from_str_copy(secret), token))
}

/// The first `region` on `name` or up its `source_profile` chain.
pub fn region(set: &ProfileSet, name: &str) -> Option<String> {
    let mut seen: Vec<&str> = Vec::new();
    let mut current = name;
    loop {
        if let Some(r) = get(set, current, "region").filter(|r| !r.is_empty()) {
            return Some(r.to_owned());
        }
        seen.push(current);
        match get(set, current, "source_profile") {
            Some(next) if !seen.contains(&next) => current = next,
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn parse(config: &str) -> ProfileSet {
        let fs = Fs::from_slice(&[("/cfg", config), ("/creds", "")]);
        let env =
            Env::from_slice(&[("AWS_CONFIG_FILE", "/cfg"), ("AWS_SHARED_CREDENTIALS_FILE", "/creds"), ("HOME", "/")]);
        load_with(&fs, &env, None).await.unwrap()
    }

    #[test]
    fn profile_name_order() {
        let env = Env::from_slice(&[("AWS_PROFILE", "a"), ("AWS_DEFAULT_PROFILE", "b")]);
        assert_eq!(name(&env, Some("flag")).as_deref(), Some("flag"));
        assert_eq!(name(&env, None).as_deref(), Some("a"));
        let env = Env::from_slice(&[("AWS_PROFILE", ""), ("AWS_DEFAULT_PROFILE", "b")]);
        assert_eq!(name(&env, None).as_deref(), Some("b"), "an empty AWS_PROFILE counts as unset");
        assert_eq!(name(&Env::from_slice(&[]), None), None);
    }

    const CFG: &str = "
[profile base]
aws_access_key_id = AKIABASE
aws_secret_access_key = s
region = eu-west-1

[profile admin]
role_arn = arn:aws:iam::123456789012:role/prod-admin
source_profile = base
mfa_serial = arn:aws:iam::111111111111:mfa/alice   # comment
duration_seconds =  7200
external_id = xyz

[profile mid]
role_arn = arn:aws:iam::222222222222:role/mid
source_profile = base

[profile chained]
role_arn = arn:aws:iam::333333333333:role/top
source_profile = mid
mfa_serial = arn:aws:iam::111111111111:mfa/alice

[profile loop1]
role_arn = arn:aws:iam::1:role/a
source_profile = loop2
mfa_serial = m

[profile loop2]
role_arn = arn:aws:iam::1:role/b
source_profile = loop3

[profile loop3]
role_arn = arn:aws:iam::1:role/c
source_profile = loop2

[profile orphan]
role_arn = arn:aws:iam::1:role/a
source_profile = nowhere
mfa_serial = m

[profile nested]
role_arn = arn:aws:iam::1:role/a
source_profile = admin
mfa_serial = m

[profile user]
aws_access_key_id = AKIAUSER
aws_secret_access_key = s
mfa_serial = arn:aws:iam::111111111111:mfa/bob
duration_seconds = 1h

[profile both]
role_arn = arn:aws:iam::1:role/a
source_profile = base
credential_source = Environment
mfa_serial = m
";

    #[tokio::test]
    async fn reads_mfa_profile() {
        let set = parse(CFG).await;
        let p = mfa_profile(&set, "admin").unwrap().unwrap();
        assert_eq!(p.mfa_serial, "arn:aws:iam::111111111111:mfa/alice");
        assert_eq!(p.duration_seconds.as_deref(), Some("7200"));
        assert_eq!(p.source, Source::Profile("base".into()));
        assert_eq!(p.external_id.as_deref(), Some("xyz"));
        assert_eq!(p.session_seconds(), 7200);
        assert!(mfa_profile(&set, "mid").unwrap().is_none());
        assert!(mfa_profile(&set, "chained").unwrap().is_some());
        assert_eq!(region(&set, "chained").as_deref(), Some("eu-west-1"));
    }

    #[tokio::test]
    async fn user_profile_uses_get_session_token() {
        let set = parse(CFG).await;
        let p = mfa_profile(&set, "user").unwrap().unwrap();
        assert_eq!(p.role_arn, None);
        assert_eq!(p.source, Source::Profile("user".into()));
        assert_eq!(p.duration_seconds, None, "unparseable duration_seconds is dropped");
        assert!(p.role_key().is_none());
    }

    #[tokio::test]
    async fn chain_errors_name_the_profile() {
        let set = parse(CFG).await;
        let e = mfa_profile(&set, "loop1").unwrap_err().to_string();
        assert!(e.contains("loop") && e.contains("loop2 -> loop3 -> loop2"), "{e}");
        let e = mfa_profile(&set, "orphan").unwrap_err().to_string();
        assert!(e.contains("\"orphan\"") && e.contains("\"nowhere\""), "{e}");
        let e = mfa_profile(&set, "nested").unwrap_err().to_string();
        assert!(e.contains("nested MFA"), "{e}");
        let e = mfa_profile(&set, "both").unwrap_err().to_string();
        assert!(e.contains("both source_profile and credential_source"), "{e}");
    }
}

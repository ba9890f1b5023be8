//! Row 2 (docs/sessions.md §1): a profile with `mfa_serial`. Its session comes from the AWS CLI cache when
//! enough of it is left (§5), else from one prompt and one STS call (AssumeRole with `role_arn`, GetSessionToken
//! without), written to the cache before it is used (§4, §6).

use super::{Context, Resolved};
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::session::cache::{self, CachedCredentials, Miss};
use crate::session::profile::{self, MfaProfile, Source};
use crate::session::sdk::{error_text, fixed_provider};
use crate::session::time::{describe_remaining, format_duration, ttl_at_least};
use crate::session::tty::{self, Tty};
use crate::session::{SourceKind, region, status, sts};
use aws_config::profile::ProfileSet;
use aws_credential_types::Credentials;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use std::path::PathBuf;
use std::time::Duration;

/// Row 2 applies when the profile (`default` when none is named) has `mfa_serial`; a broken MFA profile (no
/// source, both sources, a loop or a nested MFA role in its chain) is an error here, before any AWS call.
pub fn select(profiles: &ProfileSet, name: Option<&str>) -> Result<Option<MfaProfile>> {
    profile::mfa_profile(profiles, name.unwrap_or("default"))
}

/// Obtains the session, prints the status line and hands the SDK the session's credentials.
pub async fn resolve(p: &MfaProfile, profiles: &ProfileSet, ctx: &Context<'_>) -> Result<Resolved> {
    let out = obtain(p, profiles, ctx).await?;
    let c = &out.credentials;
    status::print(&status::mfa_session(p.role_arn.as_deref(), &p.mfa_serial, out.from_cache, c.expiration));
    let kind = match &p.role_arn {
        Some(arn) => {
            SourceKind::MfaRole { role_arn: arn.clone(), mfa_serial: p.mfa_serial.clone(), from_cache: out.from_cache }
        }
        None => SourceKind::MfaUser { mfa_serial: p.mfa_serial.clone(), from_cache: out.from_cache },
    };
    Ok(Resolved {
        provider: fixed_provider(&c.access_key_id, &c.secret_access_key, Some(&c.session_token), Some(c.expiration)),
        kind,
        expiry: Some(c.expiration),
        child_region: region::for_child(profiles, ctx.profile.as_deref()),
        credentials: Some(out.credentials),
        cache_path: Some(out.cache_path),
    })
}

/// A usable MFA session.
struct Outcome {
    credentials: CachedCredentials,
    /// Whether it came from the cache (no prompt, no STS call).
    from_cache: bool,
    cache_path: PathBuf,
}

/// The cache file stem for a profile; GetSessionToken needs the source access key id.
fn cache_key(p: &MfaProfile, source_akid: Option<&str>) -> Option<String> {
    match p.role_key() {
        Some(k) => Some(k.key()),
        None => source_akid.map(|a| cache::sts_key(a, &p.mfa_serial, p.duration_seconds.as_deref())),
    }
}

/// The cache entry of a profile (`default` when none is named), without any AWS call: `Ok(None)` when it has
/// no `mfa_serial`, or when a GetSessionToken profile's source keys are not static keys in the files.
pub async fn cache_entry_for(name: &str) -> Result<Option<PathBuf>> {
    let profiles = profile::load(Some(name)).await?;
    if !profile::exists(&profiles, name) {
        return Err(profile::unknown_profile(name));
    }
    let Some(p) = profile::mfa_profile(&profiles, name)? else { return Ok(None) };
    let akid = profile::static_keys(&profiles, &p.name).map(|k| k.0);
    let dir = cache::cache_dir()?;
    Ok(cache_key(&p, akid.as_deref()).map(|k| cache::entry_path(&dir, &k)))
}

/// Loads the source credentials of an MFA profile (docs/sessions.md §2).
async fn source_credentials(p: &MfaProfile, profiles: &ProfileSet, ctx: &Context<'_>) -> Result<Credentials> {
    let who = |e: &(dyn std::error::Error + 'static)| {
        Error::config(format!("cannot load the source credentials of profile {:?}: {}", p.name, error_text(e)))
    };
    match &p.source {
        Source::Profile(src) if *src == p.name => {
            let (akid, secret, token) = profile::static_keys(profiles, &p.name).ok_or_else(|| {
                Error::config(format!(
                    "profile {:?} has mfa_serial but no aws_access_key_id/aws_secret_access_key of its own",
                    p.name
                ))
                .hint("add the IAM user's keys to ~/.aws/credentials, or set source_profile and role_arn")
            })?;
            Ok(Credentials::new(akid, secret.expose(), token.map(|t| t.expose().to_owned()), None, "tfsecrets-profile"))
        }
        Source::Profile(src) => {
            let provider = aws_config::profile::ProfileFileCredentialsProvider::builder()
                .configure(&ctx.provider)
                .profile_name(src)
                .build();
            provider.provide_credentials().await.map_err(|e| who(&e))
        }
        Source::CredentialSource(kind) => {
            let result = match kind.as_str() {
                "Environment" => {
                    aws_config::environment::EnvironmentVariableCredentialsProvider::new().provide_credentials().await
                }
                "EcsContainer" => {
                    aws_config::ecs::EcsCredentialsProvider::builder()
                        .configure(&ctx.provider)
                        .build()
                        .provide_credentials()
                        .await
                }
                _ => {
                    let Some(client) = ctx.imds.clone() else {
                        return Err(Error::config(format!(
                            "profile {:?}: credential_source = Ec2InstanceMetadata but AWS_EC2_METADATA_DISABLED is set",
                            p.name
                        )));
                    };
                    aws_config::imds::credentials::ImdsCredentialsProvider::builder()
                        .configure(&ctx.provider)
                        .imds_client(client)
                        .build()
                        .provide_credentials()
                        .await
                }
            };
            result.map_err(|e| who(&e))
        }
    }
}

/// Where the MFA code will come from, settled before any AWS call.
enum CodeSource<'a> {
    Flag(&'a Secret),
    Terminal(Tty),
}

fn code_source<'a>(p: &MfaProfile, token: Option<&'a Secret>) -> Result<CodeSource<'a>> {
    if let Some(t) = token {
        if !tty::valid_code(t.expose().trim()) {
            return Err(Error::usage("--mfa-token must be a 6-digit code"));
        }
        return Ok(CodeSource::Flag(t));
    }
    Tty::open().map(CodeSource::Terminal).ok_or_else(|| {
        Error::config(format!(
            "profile {:?} needs an MFA code for {} and there is no terminal to ask on",
            p.name, p.mfa_serial
        ))
        .hint(format!(
            "pass --mfa-token CODE, or start the session from a terminal first (`tfsecrets session --profile {0}` or `aws sts get-caller-identity --profile {0}`: both fill the shared cache)",
            p.name
        ))
    })
}

/// A session that would be shorter than `--min-ttl` fails before the prompt (docs/sessions.md §5).
fn check_new_session_length(p: &MfaProfile, min_ttl: Duration) -> Result<()> {
    let length = Duration::from_secs(u64::try_from(p.session_seconds()).unwrap_or(0));
    if length.as_secs() >= min_ttl.as_secs() {
        return Ok(());
    }
    Err(Error::config(format!(
        "profile {:?}: a new session would last {} ({}), less than --min-ttl {}",
        p.name,
        format_duration(length),
        if p.duration_seconds.is_some() { "duration_seconds" } else { "the default; duration_seconds is unset" },
        format_duration(min_ttl)
    ))
    .hint("raise duration_seconds in the profile (within the role's maximum session) or lower --min-ttl / TFSECRETS_MIN_TTL"))
}

/// Returns a session for an MFA profile: the cached one when it has at least `min_ttl` left, else a new one
/// (one prompt, one STS call, cache written before the credentials are used).
async fn obtain(p: &MfaProfile, profiles: &ProfileSet, ctx: &Context<'_>) -> Result<Outcome> {
    let opts = ctx.opts;
    let dir = cache::cache_dir()?;
    // GetSessionToken keys on the source key id; a role profile needs no AWS call to find its entry.
    let mut source: Option<Credentials> = None;
    if p.role_arn.is_none() {
        source = Some(source_credentials(p, profiles, ctx).await?);
    }
    let key = cache_key(p, source.as_ref().map(|c| c.access_key_id()))
        .ok_or_else(|| Error::config("internal: no cache key"))?;
    let path = cache::entry_path(&dir, &key);
    if opts.fresh {
        crate::ui::verbose(format!("--fresh: not using {}", path.display()));
    } else {
        match cache::read_entry(&path) {
            Ok(c) if ttl_at_least(c.expiration, opts.min_ttl) => {
                return Ok(Outcome { credentials: c, from_cache: true, cache_path: path });
            }
            Ok(c) => crate::ui::note(format!(
                "cached MFA session for profile {:?} {}: renewing (min-ttl {})",
                p.name,
                describe_remaining(c.expiration),
                format_duration(opts.min_ttl)
            )),
            Err(Miss::Absent) => {}
            Err(Miss::Corrupt(why)) => {
                crate::ui::warn(format!("ignoring cache entry {} ({why}); it will be replaced", path.display()))
            }
        }
    }
    check_new_session_length(p, opts.min_ttl)?;
    let mut code_src = code_source(p, opts.mfa_token.as_ref())?;
    let source = match source {
        Some(s) => s,
        None => source_credentials(p, profiles, ctx).await?,
    };
    let code = match &mut code_src {
        CodeSource::Flag(t) => (*t).clone(),
        CodeSource::Terminal(tty) => tty.ask_mfa_code(&p.mfa_serial)?,
    };
    let config = ctx.sdk_config(SharedCredentialsProvider::new(source)).await;
    let client = crate::session::sdk::sts_client(&config);
    let (creds, user) = sts::mfa_session(p, &client, &code).await?;
    drop(code);
    let path = cache::write_entry(&dir, &key, &creds, user.as_ref())?;
    Ok(Outcome { credentials: creds, from_cache: false, cache_path: path })
}

//! Row 3 (docs/sessions.md §1): aws-config's default chain for the profile (static keys, SSO,
//! `credential_process`, a role without MFA, web identity, ECS, IMDS through the bounded client).

use super::{Context, Resolved};
use crate::error::{Error, Kind, Result};
use crate::session::aws_error;
use crate::session::sdk::error_text;
use crate::session::{SourceKind, profile};
use aws_config::default_provider::credentials::DefaultCredentialsChain;
use aws_config::profile::{ProfileFileCredentialsProvider, ProfileSet};
use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_types::region::Region;
use chrono::{DateTime, Utc};

/// Loads credentials once through the chain (so a missing source fails now, with a hint) and keeps the chain
/// as the SDK's provider. `skip_env`: `--profile` beat keys in the environment, so only the profile is read.
pub async fn resolve(profiles: &ProfileSet, skip_env: bool, ctx: &Context<'_>) -> Result<Resolved> {
    let (provider, creds) = load(skip_env, ctx).await.map_err(|e| no_credentials(&e, profiles, ctx))?;
    crate::ui::verbose(format!(
        "region {}, profile {}",
        ctx.region,
        ctx.profile.as_deref().unwrap_or("(default chain)")
    ));
    Ok(Resolved {
        provider,
        kind: SourceKind::DefaultChain,
        credentials: None,
        expiry: creds.expiry().map(DateTime::<Utc>::from),
        child_region: None,
        cache_path: None,
    })
}

async fn load(
    skip_env: bool,
    ctx: &Context<'_>,
) -> std::result::Result<(SharedCredentialsProvider, Credentials), CredentialsError> {
    if skip_env {
        let p = ProfileFileCredentialsProvider::builder()
            .configure(&ctx.provider)
            .profile_name(ctx.profile.clone().unwrap_or_default())
            .build();
        let c = p.provide_credentials().await?;
        return Ok((SharedCredentialsProvider::new(p), c));
    }
    let mut chain =
        DefaultCredentialsChain::builder().configure(ctx.provider.clone()).region(Region::new(ctx.region.clone()));
    if let Some(p) = &ctx.profile {
        chain = chain.profile_name(p);
    }
    if let Some(client) = ctx.imds.clone() {
        chain = chain.imds_client(client);
    }
    let chain = chain.build().await;
    let c = chain.provide_credentials().await?;
    Ok((SharedCredentialsProvider::new(chain), c))
}

/// What went wrong and what to do: move a misplaced `mfa_serial`, or configure some credentials.
fn no_credentials(e: &CredentialsError, profiles: &ProfileSet, ctx: &Context<'_>) -> Error {
    let profile = ctx.profile.as_deref();
    let who = profile.map(|p| format!(" for profile {p:?}")).unwrap_or_default();
    // A role the chain assumed may have been refused by STS (AccessDenied → 77): the code decides the kind, and
    // AWS's code and message are shown instead of the error chain's text.
    let refusal = aws_error::sts_refusal(e);
    let kind = match refusal.map(|r| aws_error::kind_of_code(r.code, None)) {
        Some(Kind::Denied) => Kind::Denied,
        _ => Kind::Config,
    };
    let why = refusal.map_or_else(|| error_text(e), |r| r.to_string());
    let err = Error::new(kind, format!("no usable AWS credentials{who}: {why}"));
    match profile.and_then(|p| profile::misplaced_mfa_serial(profiles, p)) {
        Some(src) => err.hint(format!(
            "mfa_serial is set on the source profile {src:?}, where it is ignored: move it to profile {:?} (the one with role_arn)",
            profile.unwrap_or_default()
        )),
        None => err.hint(
            "run `aws configure` or `aws sso login`, pass --profile, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
        ),
    }
}

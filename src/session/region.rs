//! The region: the one tfsecrets uses (docs/sessions.md §2, §7) and the one an MFA session's child gets (§8).

use super::profile;
use super::sdk::{bounded_imds, env_nonempty, imds_disabled};
use crate::error::{Error, Result};
use aws_config::imds::region::ImdsRegionProvider;
use aws_config::meta::region::ProvideRegion;
use aws_config::profile::{ProfileFileRegionProvider, ProfileSet};
use aws_config::provider_config::ProviderConfig;

/// `--region` → `CHAMBER_AWS_REGION` → `AWS_REGION` → `AWS_DEFAULT_REGION` → the profile's `region` → IMDS
/// (bounded, skipped when disabled); none of them → an error saying where to set one.
pub async fn resolve(flag: Option<&str>, profile: Option<&str>, provider: &ProviderConfig) -> Result<String> {
    if let Some(r) = flag.filter(|r| !r.is_empty()) {
        return Ok(r.to_owned());
    }
    for var in ["CHAMBER_AWS_REGION", "AWS_REGION", "AWS_DEFAULT_REGION"] {
        if let Some(r) = env_nonempty(var) {
            return Ok(r);
        }
    }
    let mut builder = ProfileFileRegionProvider::builder().configure(provider);
    if let Some(p) = profile {
        builder = builder.profile_name(p);
    }
    if let Some(r) = ProvideRegion::region(&builder.build()).await {
        return Ok(r.to_string());
    }
    if !imds_disabled() {
        let imds = ImdsRegionProvider::builder().configure(provider).imds_client(bounded_imds(provider)).build();
        if let Some(r) = ProvideRegion::region(&imds).await {
            return Ok(r.to_string());
        }
    }
    Err(Error::config("no AWS region configured").hint(
        "pass --region, set AWS_REGION (or CHAMBER_AWS_REGION), or add `region = ...` to the profile in ~/.aws/config",
    ))
}

/// The region a child gets: `AWS_REGION` → `AWS_DEFAULT_REGION` → the profile chain (never CHAMBER_AWS_REGION).
pub fn for_child(profiles: &ProfileSet, profile: Option<&str>) -> Option<String> {
    env_nonempty("AWS_REGION")
        .or_else(|| env_nonempty("AWS_DEFAULT_REGION"))
        .or_else(|| profile::region(profiles, profile.unwrap_or("default")))
}

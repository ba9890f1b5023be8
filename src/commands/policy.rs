//! `tfsecrets policy <service>... [--write] [--delete]`: the least-privilege IAM policy for those services
//! (docs/iam.md). Account, region and KMS key come from the flags, else from the session, else wildcards.

use super::open;
use crate::cli::{Global, PolicyArgs};
use crate::error::{Error, Result};
use crate::naming;
use crate::policy::{self, KmsKey, Mode, Target};
use crate::session;
use crate::store::Store;
use crate::ui;

/// What the session said, each part `None` when it could not be found out.
#[derive(Default)]
struct Found {
    region: Option<String>,
    account: Option<String>,
    key_arn: Option<String>,
}

/// Asks AWS for what the flags did not give (the caller's account, the session's region, the key's ARN);
/// anything that fails is left out with a note.
async fn from_session(global: &Global, need_account: bool, need_key: bool) -> Found {
    let (sess, store) = match open(global).await {
        Ok(found) => found,
        Err(e) => {
            ui::note(format!("no AWS session ({}): unknown parts of the policy are wildcards", first_line(&e)));
            return Found::default();
        }
    };
    let account = async {
        if !need_account {
            return None;
        }
        session::caller_identity(&sess)
            .await
            .map_err(|e| ui::note(format!("cannot ask STS for the account ({})", first_line(&e))))
            .ok()
            .map(|(account, _)| account)
    };
    let key = async {
        if !need_key {
            return None;
        }
        store
            .kms_key()
            .await
            .map_err(|e| ui::note(format!("cannot describe the KMS key ({})", first_line(&e))))
            .ok()
            .map(|k| k.arn)
    };
    let (account, key_arn) = futures::join!(account, key);
    Found { region: Some(sess.region.clone()), account, key_arn }
}

fn first_line(e: &Error) -> &str {
    e.message.lines().next().unwrap_or_default()
}

/// Runs `policy`.
pub async fn run(global: &Global, args: &PolicyArgs) -> Result<()> {
    let mode = Mode { write: args.write, delete: args.delete };
    if args.template {
        return print(&policy::document(&[policy::TEMPLATE_SERVICE.to_owned()], mode, &Target::template()), args.json);
    }
    for service in &args.services {
        naming::validate_service(service)?;
    }
    if let Some(a) = &args.account {
        policy::validate_account(a)?;
    }
    if let Some(r) = &global.region {
        policy::validate_region(r)?;
    }
    if let Some(k) = &args.kms_key_arn {
        policy::validate_key_arn(k)?;
    }
    let alias = naming::kms_key_id(std::env::var("CHAMBER_KMS_KEY_ALIAS").ok().as_deref());
    let complete = args.account.is_some() && global.region.is_some() && args.kms_key_arn.is_some();
    let found = if complete {
        Found::default()
    } else {
        from_session(global, args.account.is_none(), args.kms_key_arn.is_none()).await
    };
    let region = global.region.clone().or(found.region);
    let account = args.account.clone().or(found.account);
    let key = args.kms_key_arn.clone().or(found.key_arn);
    if region.is_none() {
        ui::note("region unknown: the policy allows any region (*); pass --region to pin it");
    }
    if account.is_none() {
        ui::note("account unknown: the policy allows any account (*); pass --account to pin it");
    }
    let key = match key {
        Some(arn) => KmsKey::Arn(arn),
        None => {
            ui::note(format!(
                "KMS key ARN unknown: the KMS statements allow the keys carrying {alias} (kms:ResourceAliases); pass --kms-key-arn to name the key"
            ));
            KmsKey::Alias(alias)
        }
    };
    ui::note(
        "DescribeParameters cannot be limited to a path: it is granted on \"*\" (names and metadata, never values)",
    );
    ui::note("IAM's * matches '/': parameter/<service>/* also covers nested services such as <service>/<name>");
    let target = Target::new(region.as_deref().unwrap_or("*"), account.as_deref().unwrap_or("*"), key);
    print(&policy::document(&args.services, mode, &target), args.json)
}

fn print(doc: &serde_json::Value, compact: bool) -> Result<()> {
    let text = if compact { doc.to_string() } else { serde_json::to_string_pretty(doc).unwrap_or_default() };
    crate::output::line(text)
}

//! `Store` over AWS SSM Parameter Store, laid out exactly as chamber v3 does (see shared spec chamber-compat.md).

use super::{Fetched, HistoryEntry, Meta, Put, Store, Tier, Value};
use crate::error::{Error, Kind, Result};
use crate::naming;
use crate::secret::Secret;
use aws_sdk_ssm::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_ssm::types::{ParameterStringFilter, ParameterTier, ParameterType, ResourceTypeForTagging, Tag};
use chrono::{DateTime, Utc};
use futures::StreamExt;
use std::sync::Arc;
use tokio::sync::{OnceCell, Semaphore};

/// GetParameters accepts at most this many names per call.
pub const GET_BATCH: usize = 10;
/// DescribeParameters returns at most this many per page, and a filter holds at most this many values.
pub const DESCRIBE_PAGE: usize = 50;

/// Tuning for an [`SsmStore`].
#[derive(Debug, Clone)]
pub struct Settings {
    /// KMS key id for writes (`alias/...`).
    pub key_id: String,
    /// Most writes in flight at once.
    pub write_concurrency: usize,
    /// Most GetParameters calls in flight at once.
    pub read_concurrency: usize,
}

/// The remembered answer of the one KMS key check per process (an error's kind, message and hint).
type KmsCheck = Result<(), (Kind, String, Option<String>)>;

/// The SSM-backed store.
#[derive(Clone)]
pub struct SsmStore {
    ssm: aws_sdk_ssm::Client,
    kms: aws_sdk_kms::Client,
    settings: Settings,
    kms_checked: Arc<OnceCell<KmsCheck>>,
}

impl SsmStore {
    /// Builds the store from the SDK clients the session module configured.
    pub fn new(ssm: aws_sdk_ssm::Client, kms: aws_sdk_kms::Client, settings: Settings) -> Self {
        SsmStore { ssm, kms, settings, kms_checked: Arc::new(OnceCell::new()) }
    }

    async fn describe_page(
        &self,
        filter: ParameterStringFilter,
        token: Option<String>,
    ) -> Result<(Vec<Meta>, Option<String>)> {
        let out = self
            .ssm
            .describe_parameters()
            .parameter_filters(filter)
            .max_results(DESCRIBE_PAGE as i32)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| sdk_error("DescribeParameters", e))?;
        let metas = out
            .parameters
            .unwrap_or_default()
            .into_iter()
            .filter_map(|p| {
                let name = p.name?;
                naming::is_valid_aws_name(&name).then(|| Meta {
                    version: naming::chamber_version(p.description.as_deref()),
                    last_modified: p.last_modified_date.as_ref().and_then(to_chrono),
                    user: p.last_modified_user,
                    name,
                })
            })
            .collect();
        Ok((metas, out.next_token.filter(|t| !t.is_empty())))
    }

    async fn describe_all(&self, filter: ParameterStringFilter) -> Result<Vec<Meta>> {
        let mut all = Vec::new();
        let mut token = None;
        loop {
            let (page, next) = self.describe_page(filter.clone(), token).await?;
            all.extend(page);
            match next {
                Some(t) => token = Some(t),
                None => return Ok(all),
            }
        }
    }

    fn semaphore(&self) -> Arc<Semaphore> {
        Arc::new(Semaphore::new(self.settings.read_concurrency.max(1)))
    }
}

fn filter(key: &str, option: &str, values: Vec<String>) -> ParameterStringFilter {
    ParameterStringFilter::builder()
        .key(key)
        .option(option)
        .set_values(Some(values))
        .build()
        .unwrap_or_else(|e| panic!("ParameterStringFilter with a key cannot fail to build: {e}"))
}

fn to_chrono(t: &aws_smithy_types::DateTime) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(t.secs(), t.subsec_nanos())
}

/// One GetParameters call (≤ 10 names), values moved straight into `Secret`s.
async fn get_batch(ssm: aws_sdk_ssm::Client, names: Vec<String>) -> Result<(Vec<Value>, Vec<String>)> {
    let out = ssm
        .get_parameters()
        .set_names(Some(names))
        .with_decryption(true)
        .send()
        .await
        .map_err(|e| sdk_error("GetParameters", e))?;
    let mut values = Vec::new();
    for mut p in out.parameters.unwrap_or_default() {
        let (Some(name), Some(value)) = (p.name.take(), p.value.take()) else { continue };
        // A labelled selector comes back as the plain name plus `selector`; keep the name.
        values.push(Value {
            name,
            value: Secret::new(value),
            last_modified: p.last_modified_date.as_ref().and_then(to_chrono),
        });
    }
    Ok((values, out.invalid_parameters.unwrap_or_default()))
}

/// Runs GetParameters batches concurrently (bounded), as they are handed in.
async fn run_batches(
    ssm: &aws_sdk_ssm::Client,
    sem: Arc<Semaphore>,
    batches: Vec<Vec<String>>,
    set: &mut tokio::task::JoinSet<Result<(Vec<Value>, Vec<String>)>>,
) {
    for batch in batches {
        let ssm = ssm.clone();
        let sem = sem.clone();
        set.spawn(async move {
            let _permit = sem.acquire_owned().await.map_err(|_| Error::aws("internal: request limiter closed"))?;
            get_batch(ssm, batch).await
        });
    }
}

async fn collect_batches(
    set: &mut tokio::task::JoinSet<Result<(Vec<Value>, Vec<String>)>>,
    into: &mut Fetched,
) -> Result<()> {
    let mut first_err = None;
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok(Ok((values, missing))) => {
                for v in values {
                    into.values.insert(v.name.clone(), v);
                }
                into.missing.extend(missing);
            }
            Ok(Err(e)) => {
                first_err.get_or_insert(e);
            }
            Err(e) => {
                first_err.get_or_insert(Error::aws(format!("internal: a request task failed: {e}")));
            }
        }
    }
    match first_err {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

impl Store for SsmStore {
    async fn list(&self, service: &str) -> Result<Vec<Meta>> {
        let prefix = format!("/{service}/");
        let mut metas = self.describe_all(filter("Path", "OneLevel", vec![format!("/{service}")])).await?;
        metas.retain(|m| m.name.starts_with(&prefix) && !m.name[prefix.len()..].contains('/'));
        metas.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(metas)
    }

    async fn describe(&self, names: &[String]) -> Result<Vec<Meta>> {
        let mut all = Vec::new();
        for chunk in names.chunks(DESCRIBE_PAGE) {
            all.extend(self.describe_all(filter("Name", "Equals", chunk.to_vec())).await?);
        }
        Ok(all)
    }

    async fn get(&self, names: &[String]) -> Result<Fetched> {
        let started = std::time::Instant::now();
        let mut set = tokio::task::JoinSet::new();
        let batches = names.chunks(GET_BATCH).map(<[String]>::to_vec).collect();
        run_batches(&self.ssm, self.semaphore(), batches, &mut set).await;
        let mut fetched = Fetched::default();
        collect_batches(&mut set, &mut fetched).await?;
        crate::ui::verbose(format!(
            "GetParameters: {} name(s) in {} call(s), {} found, {} missing, {} ms",
            names.len(),
            names.len().div_ceil(GET_BATCH),
            fetched.values.len(),
            fetched.missing.len(),
            started.elapsed().as_millis()
        ));
        Ok(fetched)
    }

    async fn get_service(&self, service: &str) -> Result<Vec<(Meta, Secret)>> {
        let started = std::time::Instant::now();
        let mut pages = 0usize;
        let sem = self.semaphore();
        let mut set = tokio::task::JoinSet::new();
        let mut metas = Vec::new();
        let mut token = None;
        let prefix = format!("/{service}/");
        let path = filter("Path", "OneLevel", vec![format!("/{service}")]);
        loop {
            let (mut page, next) = self.describe_page(path.clone(), token).await?;
            pages += 1;
            page.retain(|m| m.name.starts_with(&prefix) && !m.name[prefix.len()..].contains('/'));
            let names: Vec<String> = page.iter().map(|m| m.name.clone()).collect();
            run_batches(&self.ssm, sem.clone(), names.chunks(GET_BATCH).map(<[String]>::to_vec).collect(), &mut set)
                .await;
            metas.extend(page);
            match next {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        let mut fetched = Fetched::default();
        collect_batches(&mut set, &mut fetched).await?;
        metas.sort_by(|a, b| a.name.cmp(&b.name));
        crate::ui::verbose(format!(
            "/{service}: {} secret(s) from {pages} listing page(s) and {} GetParameters call(s), {} ms",
            metas.len(),
            metas.len().div_ceil(GET_BATCH),
            started.elapsed().as_millis()
        ));
        // A parameter deleted between the listing and the read is simply absent.
        Ok(metas.into_iter().filter_map(|m| fetched.values.remove(&m.name).map(|v| (m, v.value))).collect())
    }

    async fn put_many(&self, puts: Vec<Put>, progress: &dyn Fn(&str)) -> Vec<(String, Result<()>)> {
        let started = std::time::Instant::now();
        let count = puts.len();
        let key_id = self.settings.key_id.clone();
        let mut results: Vec<(usize, String, Result<()>)> = futures::stream::iter(puts.into_iter().enumerate())
            .map(|(i, put)| {
                let ssm = self.ssm.clone();
                let key_id = key_id.clone();
                async move {
                    let mut req = ssm
                        .put_parameter()
                        .name(&put.name)
                        .value(put.value.expose())
                        .r#type(ParameterType::SecureString)
                        .key_id(key_id)
                        .overwrite(true)
                        .description(put.version.to_string());
                    if put.tier == Tier::Advanced {
                        req = req.tier(ParameterTier::Advanced);
                    }
                    let res = req.send().await.map(|_| ()).map_err(|e| {
                        let mut err = sdk_error("PutParameter", e).context(&put.name);
                        redact(&mut err.message, put.value.expose());
                        err
                    });
                    (i, put.name, res)
                }
            })
            .buffer_unordered(self.settings.write_concurrency.max(1))
            .inspect(|(_, name, res)| {
                if res.is_ok() {
                    progress(name)
                }
            })
            .collect()
            .await;
        results.sort_by_key(|(i, _, _)| *i);
        crate::ui::verbose(format!(
            "PutParameter: {count} write(s), {} in flight at most, {} ms",
            self.settings.write_concurrency,
            started.elapsed().as_millis()
        ));
        results.into_iter().map(|(_, n, r)| (n, r)).collect()
    }

    async fn tag(&self, name: &str, tags: &[(String, String)]) -> Result<()> {
        let tags = tags
            .iter()
            .map(|(k, v)| Tag::builder().key(k).value(v).build().map_err(|e| Error::invalid(format!("tag {k:?}: {e}"))))
            .collect::<Result<Vec<_>>>()?;
        self.ssm
            .add_tags_to_resource()
            .resource_type(ResourceTypeForTagging::Parameter)
            .resource_id(name)
            .set_tags(Some(tags))
            .send()
            .await
            .map_err(|e| sdk_error("AddTagsToResource", e).context(name))?;
        Ok(())
    }

    async fn history(&self, name: &str, with_values: bool) -> Result<Vec<HistoryEntry>> {
        let mut all = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let out = self
                .ssm
                .get_parameter_history()
                .name(name)
                .with_decryption(with_values)
                .max_results(DESCRIBE_PAGE as i32)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| sdk_error("GetParameterHistory", e))?;
            for mut p in out.parameters.unwrap_or_default() {
                all.push(HistoryEntry {
                    version: naming::chamber_version(p.description.as_deref()),
                    ssm_version: p.version,
                    date: p.last_modified_date.as_ref().and_then(to_chrono),
                    user: p.last_modified_user.take(),
                    value: if with_values { p.value.take().map(Secret::new) } else { None },
                });
            }
            match out.next_token.filter(|t| !t.is_empty()) {
                Some(t) => token = Some(t),
                None => return Ok(all),
            }
        }
    }

    async fn delete(&self, name: &str) -> Result<()> {
        self.ssm.delete_parameter().name(name).send().await.map_err(|e| sdk_error("DeleteParameter", e))?;
        Ok(())
    }

    async fn names_with_prefix(&self, prefix: &str) -> Result<Vec<String>> {
        let metas = self.describe_all(filter("Name", "BeginsWith", vec![prefix.to_owned()])).await?;
        Ok(metas.into_iter().map(|m| m.name).collect())
    }

    async fn check_kms_key(&self) -> Result<()> {
        let key_id = self.settings.key_id.clone();
        let answer = self
            .kms_checked
            .get_or_init(|| async {
                match self.kms.describe_key().key_id(&key_id).send().await {
                    Ok(_) => Ok(()),
                    Err(e) => {
                        let code = e.code().unwrap_or_default().to_owned();
                        if code == "NotFoundException" {
                            Err((
                                Kind::Invalid,
                                format!("KMS key {key_id} does not exist in this account and region"),
                                Some(kms_hint(&key_id)),
                            ))
                        } else if code.contains("AccessDenied") {
                            crate::ui::verbose(format!("kms:DescribeKey on {key_id} denied; skipping the key check"));
                            Ok(())
                        } else {
                            let err = sdk_error("DescribeKey", e);
                            Err((err.kind, err.message, err.hint))
                        }
                    }
                }
            })
            .await;
        match answer {
            Ok(()) => Ok(()),
            Err((kind, msg, hint)) => Err(Error { kind: *kind, message: msg.clone(), hint: hint.clone() }),
        }
    }

    async fn required_tags(&self) -> Result<Vec<String>> {
        let name = format!("/{}/store-config", naming::RESERVED_SERVICE);
        let (values, _) = get_batch(self.ssm.clone(), vec![name.clone()]).await?;
        let Some(v) = values.into_iter().next() else { return Ok(Vec::new()) };
        #[derive(serde::Deserialize)]
        struct StoreConfig {
            #[serde(rename = "requiredTags", default)]
            required_tags: Vec<String>,
        }
        let cfg: StoreConfig = serde_json::from_str(v.value.expose())
            .map_err(|e| Error::invalid(format!("{name} is not valid chamber store config JSON: {e}")))?;
        Ok(cfg.required_tags)
    }
}

/// Removes any copy of `secret` from an AWS error message (SSM validation errors echo the value).
fn redact(message: &mut String, secret: &str) {
    if !secret.is_empty() && message.contains(secret) {
        *message = message.replace(secret, "<redacted>");
    }
}

fn kms_hint(key_id: &str) -> String {
    format!(
        "create the alias (aws kms create-alias --alias-name {key_id} --target-key-id <key id>) or set CHAMBER_KMS_KEY_ALIAS to an existing alias"
    )
}

/// Turns an SDK error into a user-facing one: SSM's code and message, never a request body.
pub fn sdk_error<E>(op: &str, err: SdkError<E, aws_smithy_runtime_api::client::orchestrator::HttpResponse>) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match &err {
        SdkError::ServiceError(se) => {
            let e = se.err();
            let code = e.code().unwrap_or("Unknown");
            let msg = e.message().unwrap_or("");
            let base = format!("{op} failed: {code}: {msg}");
            match code {
                "ParameterNotFound" | "ParameterVersionNotFound" => Error::not_found(base),
                "InvalidKeyId" => Error::invalid(base).hint("create the KMS alias named by CHAMBER_KMS_KEY_ALIAS (default alias/parameter_store_key), or point CHAMBER_KMS_KEY_ALIAS at an existing one"),
                "ValidationException" | "ParameterLimitExceeded" | "HierarchyLevelLimitExceededException"
                | "HierarchyTypeMismatchException" | "InvalidFilterKey" | "InvalidFilterValue"
                | "ParameterMaxVersionLimitExceeded" | "UnsupportedParameterType" | "ParameterPatternMismatchException" => Error::invalid(base),
                c if c.contains("AccessDenied") || c.contains("UnrecognizedClient") || c.contains("ExpiredToken") || c.contains("InvalidSignature") => {
                    Error::credentials(base).hint("check the credentials and the IAM permissions of the profile in use")
                }
                c if c.contains("Throttl") || c == "TooManyUpdates" => {
                    Error::aws(base).hint("throttled past the retry budget; raise --retries or try again")
                }
                _ => Error::aws(base),
            }
        }
        SdkError::DispatchFailure(df) => {
            // A dispatch failure happened before any response: its chain holds no response body.
            let detail = aws_smithy_types::error::display::DisplayErrorContext(&err).to_string();
            if df.is_timeout() || df.is_io() {
                Error::aws(format!("{op} failed: could not reach AWS: {detail}")).hint("check the network, the region and any endpoint override (AWS_ENDPOINT_URL_SSM, CHAMBER_AWS_SSM_ENDPOINT)")
            } else {
                Error::aws(format!("{op} failed: {detail}"))
            }
        }
        SdkError::ConstructionFailure(_) => {
            let detail = aws_smithy_types::error::display::DisplayErrorContext(&err).to_string();
            if detail.contains("credentials") {
                Error::credentials(format!("{op} failed: no usable AWS credentials: {detail}"))
                    .hint("set AWS_PROFILE/--profile, run `aws configure`, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
            } else {
                Error::aws(format!("{op} failed: {detail}"))
            }
        }
        SdkError::TimeoutError(_) => {
            Error::aws(format!("{op} failed: timed out")).hint("check the network; raise --retries for a slow link")
        }
        // An unreadable response: never print it (a GetParameters body holds secret values).
        SdkError::ResponseError(re) => Error::aws(format!(
            "{op} failed: AWS sent a response that could not be read (HTTP {})",
            re.raw().status().as_u16()
        )),
        _ => Error::aws(format!("{op} failed")),
    }
}

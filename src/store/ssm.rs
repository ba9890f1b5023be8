//! `Store` over AWS SSM Parameter Store, laid out exactly as chamber v3 does (docs/chamber-compat.md §1, §3, §4):
//! the only code that turns a [`SecretId`] and a [`Selector`] into a parameter name (`/<service>/<key>[:<label>]`)
//! and back.
//!
//! About 600 lines of non-test code on purpose: every SSM request and the parameter-name mapping stay in this one
//! file, so a change to the layout or the call plan (docs/chamber-compat.md §4) is reviewed in one place.

use super::sdk_error::{redact, sdk_error};
use super::{Fetched, HistoryEntry, KmsKeyInfo, Meta, Put, SecretId, SecretRef, Selector, Store, Tier, Value};
use crate::error::{Error, Kind, Result};
use crate::naming;
use crate::secret::Secret;
use aws_sdk_ssm::error::ProvideErrorMetadata;
use aws_sdk_ssm::types::{ParameterStringFilter, ParameterTier, ParameterType, ResourceTypeForTagging, Tag};
use chrono::{DateTime, Utc};
use futures::StreamExt;
use std::sync::Arc;
use tokio::sync::{OnceCell, Semaphore};

/// GetParameters accepts at most this many names per call.
pub const GET_BATCH: usize = 10;
/// DescribeParameters returns at most this many per page, and a filter holds at most this many values.
pub const DESCRIBE_PAGE: usize = 50;

/// The SSM parameter name of a secret: `/<service>/<key>` (docs/chamber-compat.md §1).
pub fn parameter_name(id: &SecretId) -> String {
    format!("/{}/{}", id.service, id.key)
}

/// The GetParameters name of a secret at a selector (`/<service>/<key>` or `/<service>/<key>:<label>`); `None` for
/// a chamber version, which SSM cannot select (it is read from the history).
pub fn selector_name(r: &SecretRef) -> Option<String> {
    match &r.selector {
        Selector::Latest => Some(parameter_name(&r.id)),
        Selector::Label(label) => Some(format!("{}:{label}", parameter_name(&r.id))),
        Selector::Version(_) => None,
    }
}

/// The secret a parameter name from AWS holds: the service is everything between the leading `/` and the last
/// `/` (empty for a root-level name), the key the last segment. `None` for names chamber would not accept.
pub fn secret_id(name: &str) -> Option<SecretId> {
    if !naming::is_valid_aws_name(name) {
        return None;
    }
    let path = &name[1..];
    Some(match path.rsplit_once('/') {
        Some((service, key)) => SecretId::new(service, key),
        None => SecretId::new("", path),
    })
}

/// The DescribeParameters filter for one service's direct children.
fn service_filter(service: &str) -> ParameterStringFilter {
    filter("Path", "OneLevel", vec![format!("/{service}")])
}

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

/// Builds the KMS client when the first write needs it.
type KmsFactory = Arc<dyn Fn() -> aws_sdk_kms::Client + Send + Sync>;

/// The SSM-backed store.
#[derive(Clone)]
pub struct SsmStore {
    ssm: aws_sdk_ssm::Client,
    /// Only writes (and doctor) use KMS: the client is built the first time (building one costs a parse of the
    /// root certificates, about 0.3 ms, that reads never need).
    make_kms: KmsFactory,
    kms: Arc<std::sync::OnceLock<aws_sdk_kms::Client>>,
    settings: Settings,
    kms_checked: Arc<OnceCell<KmsCheck>>,
}

impl SsmStore {
    /// Builds the store from the SSM client the session module configured and a way to build its KMS client.
    pub fn new(
        ssm: aws_sdk_ssm::Client,
        kms: impl Fn() -> aws_sdk_kms::Client + Send + Sync + 'static,
        settings: Settings,
    ) -> Self {
        SsmStore { ssm, make_kms: Arc::new(kms), kms: Arc::default(), settings, kms_checked: Arc::new(OnceCell::new()) }
    }

    /// The KMS client, built on first use.
    fn kms(&self) -> &aws_sdk_kms::Client {
        self.kms.get_or_init(|| (self.make_kms)())
    }

    /// The same store with at most `n` writes in flight (`import --concurrency`).
    pub fn with_write_concurrency(mut self, n: usize) -> Self {
        self.settings.write_concurrency = n;
        self
    }

    async fn describe_page(
        &self,
        filter: ParameterStringFilter,
        token: Option<String>,
    ) -> Result<(Vec<Meta>, Option<String>)> {
        let request = self.describe_request(filter, token);
        let out = request.send().await.map_err(|e| sdk_error("DescribeParameters", e))?;
        Ok(describe_output(out))
    }

    fn describe_request(
        &self,
        filter: ParameterStringFilter,
        token: Option<String>,
    ) -> aws_sdk_ssm::operation::describe_parameters::builders::DescribeParametersFluentBuilder {
        self.ssm.describe_parameters().parameter_filters(filter).max_results(DESCRIBE_PAGE as i32).set_next_token(token)
    }

    /// A listing page whose first attempt is not retried when it is throttled: `None` then, so that the caller
    /// reads the service with GetParametersByPath instead. Any other failure gets the full retry budget.
    async fn describe_page_unless_throttled(
        &self,
        filter: ParameterStringFilter,
        token: Option<String>,
    ) -> Result<Option<(Vec<Meta>, Option<String>)>> {
        let one_attempt = aws_sdk_ssm::config::Builder::default()
            .retry_config(aws_smithy_types::retry::RetryConfig::standard().with_max_attempts(1));
        let first = self.describe_request(filter.clone(), token.clone()).customize().config_override(one_attempt);
        match first.send().await {
            Ok(out) => Ok(Some(describe_output(out))),
            Err(e) if is_throttle(&e) => Ok(None),
            Err(_) => self.describe_page(filter, token).await.map(Some),
        }
    }

    /// A whole service by GetParametersByPath pages (10 a page, one after another, values included): the plan
    /// when the account's DescribeParameters quota is exhausted (docs/chamber-compat.md §4).
    async fn get_by_path(&self, service: &str) -> Result<Vec<(Meta, Secret)>> {
        let mut found = Vec::new();
        let mut token = None;
        loop {
            let out = self
                .ssm
                .get_parameters_by_path()
                .path(format!("/{service}"))
                .recursive(false)
                .with_decryption(true)
                .max_results(GET_BATCH as i32)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| sdk_error("GetParametersByPath", e))?;
            for mut p in out.parameters.unwrap_or_default() {
                let (Some(id), Some(value)) = (p.name.as_deref().and_then(secret_id), p.value.take()) else { continue };
                if id.service != service {
                    continue;
                }
                let last_modified = p.last_modified_date.as_ref().and_then(to_chrono);
                // The counter lives in Description, which this API does not return: exec and export never need it.
                found.push((Meta { id, version: 0, last_modified, user: None }, Secret::new(value)));
            }
            match out.next_token.filter(|t| !t.is_empty()) {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        found.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        Ok(found)
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

    /// A whole service by the listing, each page's names fetched by GetParameters as the page arrives. With
    /// `fallback`, `None` when a listing page was throttled at its first attempt (nothing is fetched then).
    async fn get_service_listed(
        &self,
        service: &str,
        selector: &Selector,
        fallback: bool,
    ) -> Result<Option<Vec<(Meta, Secret)>>> {
        let started = std::time::Instant::now();
        let mut pages = 0usize;
        let sem = self.semaphore();
        let mut set = tokio::task::JoinSet::new();
        let mut metas = Vec::new();
        let mut token = None;
        let path = service_filter(service);
        loop {
            let page = if fallback {
                self.describe_page_unless_throttled(path.clone(), token).await?
            } else {
                Some(self.describe_page(path.clone(), token).await?)
            };
            let Some((mut page, next)) = page else {
                set.abort_all();
                return Ok(None);
            };
            pages += 1;
            page.retain(|m| m.id.service == service);
            let names: Vec<String> = page.iter().filter_map(|m| selector_name(&m.id.at(selector.clone()))).collect();
            spawn_batches(&self.ssm, &sem, &names, &mut set);
            metas.extend(page);
            match next {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        let mut fetched = Fetched::new();
        collect_batches(&mut set, &mut fetched).await?;
        metas.sort_by(|a, b| a.id.cmp(&b.id));
        crate::ui::verbose(format!(
            "/{service}: {} secret(s) from {pages} listing page(s) and {} GetParameters call(s), {} ms",
            metas.len(),
            metas.len().div_ceil(GET_BATCH),
            started.elapsed().as_millis()
        ));
        // A parameter deleted between the listing and the read (or without the label) is simply absent.
        Ok(Some(metas.into_iter().filter_map(|m| fetched.remove(&m.id).map(|v| (m, v.value))).collect()))
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

/// One DescribeParameters page as metadata, and the next token.
fn describe_output(
    out: aws_sdk_ssm::operation::describe_parameters::DescribeParametersOutput,
) -> (Vec<Meta>, Option<String>) {
    let metas = out
        .parameters
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| {
            Some(Meta {
                id: secret_id(p.name.as_deref()?)?,
                version: naming::chamber_version(p.description.as_deref()),
                last_modified: p.last_modified_date.as_ref().and_then(to_chrono),
                user: p.last_modified_user,
            })
        })
        .collect();
    (metas, out.next_token.filter(|t| !t.is_empty()))
}

/// Whether AWS answered with throttling.
fn is_throttle<E: ProvideErrorMetadata, R>(e: &aws_sdk_ssm::error::SdkError<E, R>) -> bool {
    e.as_service_error().and_then(ProvideErrorMetadata::code).is_some_and(crate::session::is_throttling_code)
}

/// What one fetch task returns: the values it found.
type Batch = Result<Vec<(SecretId, Value)>>;

/// One GetParameters call (≤ 10 names), values moved straight into `Secret`s.
async fn get_batch(ssm: aws_sdk_ssm::Client, names: Vec<String>) -> Batch {
    let out = ssm
        .get_parameters()
        .set_names(Some(names))
        .with_decryption(true)
        .send()
        .await
        .map_err(|e| sdk_error("GetParameters", e))?;
    let mut values = Vec::new();
    for mut p in out.parameters.unwrap_or_default() {
        // A labelled selector comes back as the plain name (plus `selector`): the name is the secret's.
        let (Some(id), Some(value)) = (p.name.as_deref().and_then(secret_id), p.value.take()) else { continue };
        values.push((
            id,
            Value { value: Secret::new(value), last_modified: p.last_modified_date.as_ref().and_then(to_chrono) },
        ));
    }
    Ok(values)
}

/// Starts GetParameters calls for `names`, 10 a call, at most the semaphore's permits in flight.
fn spawn_batches(
    ssm: &aws_sdk_ssm::Client,
    sem: &Arc<Semaphore>,
    names: &[String],
    set: &mut tokio::task::JoinSet<Batch>,
) {
    for batch in names.chunks(GET_BATCH) {
        let (ssm, sem, batch) = (ssm.clone(), sem.clone(), batch.to_vec());
        set.spawn(async move {
            let _permit = sem.acquire_owned().await.map_err(|_| Error::internal("the request limiter closed"))?;
            get_batch(ssm, batch).await
        });
    }
}

/// Waits for every started call; the first error wins, after all calls ended.
async fn collect_batches(set: &mut tokio::task::JoinSet<Batch>, into: &mut Fetched) -> Result<()> {
    let mut first_err = None;
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok(Ok(values)) => into.extend(values),
            Ok(Err(e)) => {
                first_err.get_or_insert(e);
            }
            Err(e) => {
                first_err.get_or_insert(Error::internal(format!("a request task failed: {e}")));
            }
        }
    }
    match first_err {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Pages through GetParameterHistory (50 a page), oldest first.
async fn fetch_history(ssm: &aws_sdk_ssm::Client, name: &str, with_values: bool) -> Result<Vec<HistoryEntry>> {
    let mut all = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = ssm
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
                labels: p.labels.take().unwrap_or_default(),
                value: if with_values { p.value.take().map(Secret::new) } else { None },
            });
        }
        match out.next_token.filter(|t| !t.is_empty()) {
            Some(t) => token = Some(t),
            None => return Ok(all),
        }
    }
}

impl Store for SsmStore {
    async fn list(&self, service: &str) -> Result<Vec<Meta>> {
        let mut metas = self.describe_all(service_filter(service)).await?;
        metas.retain(|m| m.id.service == service);
        metas.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(metas)
    }

    async fn describe(&self, ids: &[SecretId]) -> Result<Vec<Meta>> {
        // A Name filter holds at most 50 names: one call per 50, all in parallel.
        let calls = ids.chunks(DESCRIBE_PAGE).map(|chunk| {
            let names = chunk.iter().map(parameter_name).collect();
            self.describe_all(filter("Name", "Equals", names))
        });
        Ok(futures::future::try_join_all(calls).await?.into_iter().flatten().collect())
    }

    async fn get(&self, refs: &[SecretRef]) -> Result<Fetched> {
        let started = std::time::Instant::now();
        let mut names = Vec::with_capacity(refs.len());
        let mut by_version = Vec::new();
        for r in refs {
            match selector_name(r) {
                Some(name) => names.push(name),
                None => by_version.push(r),
            }
        }
        let mut set = tokio::task::JoinSet::new();
        spawn_batches(&self.ssm, &self.semaphore(), &names, &mut set);
        let mut fetched = Fetched::new();
        collect_batches(&mut set, &mut fetched).await?;
        // chamber versions: the newest matching version of each history (no command fetches these in bulk).
        let read = futures::future::try_join_all(by_version.iter().map(|r| self.read(&r.id, &r.selector))).await?;
        for (meta, value) in read.into_iter().flatten() {
            fetched.insert(meta.id, Value { value, last_modified: meta.last_modified });
        }
        crate::ui::verbose(format!(
            "GetParameters: {} name(s) in {} call(s), {} found, {} missing, {} ms",
            refs.len(),
            names.len().div_ceil(GET_BATCH),
            fetched.len(),
            refs.len() - fetched.len(),
            started.elapsed().as_millis()
        ));
        Ok(fetched)
    }

    async fn get_service(&self, service: &str, selector: &Selector) -> Result<Vec<(Meta, Secret)>> {
        if let Selector::Version(_) = selector {
            // Each key has its own version counter: read each key's history (no command asks for this).
            let metas = self.list(service).await?;
            let mut fetched = self.get(&metas.iter().map(|m| m.id.at(selector.clone())).collect::<Vec<_>>()).await?;
            return Ok(metas.into_iter().filter_map(|m| fetched.remove(&m.id).map(|v| (m, v.value))).collect());
        }
        // The listing plan first: about one round trip a page of 50. When DescribeParameters is throttled (its
        // quota is far lower than the Get APIs' and the whole account shares it), GetParametersByPath reads the
        // latest values on the Get quota instead; a label needs the listing (docs/chamber-compat.md §4).
        let fallback = *selector == Selector::Latest;
        if let Some(found) = self.get_service_listed(service, selector, fallback).await? {
            return Ok(found);
        }
        let started = std::time::Instant::now();
        match self.get_by_path(service).await {
            Ok(found) => {
                crate::ui::verbose(format!(
                    "/{service}: DescribeParameters is throttled: {} secret(s) by GetParametersByPath, {} ms",
                    found.len(),
                    started.elapsed().as_millis()
                ));
                Ok(found)
            }
            Err(e) if e.kind == Kind::Denied => {
                // A policy from before GetParametersByPath was granted (docs/iam.md §1): the listing, patiently.
                crate::ui::verbose(format!("/{service}: GetParametersByPath is not allowed; listing again"));
                self.get_service_listed(service, selector, false).await?.ok_or_else(|| Error::internal("listing"))
            }
            Err(e) => Err(e),
        }
    }

    async fn put_many(&self, puts: Vec<Put<'_>>, progress: &dyn Fn(&SecretId)) -> Vec<(SecretId, Result<()>)> {
        let started = std::time::Instant::now();
        let count = puts.len();
        let key_id = self.settings.key_id.clone();
        let mut results: Vec<(usize, SecretId, Result<()>)> = futures::stream::iter(puts.into_iter().enumerate())
            .map(|(i, put)| {
                let ssm = self.ssm.clone();
                let key_id = key_id.clone();
                async move {
                    let name = parameter_name(&put.id);
                    let mut req = ssm
                        .put_parameter()
                        .name(&name)
                        .value(put.value.expose())
                        .r#type(ParameterType::SecureString)
                        .key_id(key_id)
                        .overwrite(true)
                        .description(put.version.to_string());
                    if put.tier == Tier::Advanced {
                        req = req.tier(ParameterTier::Advanced);
                    }
                    let res = req.send().await.map(|_| ()).map_err(|e| {
                        let mut err = sdk_error("PutParameter", e).context(&name);
                        redact(&mut err.message, put.value.expose());
                        err
                    });
                    (i, put.id, res)
                }
            })
            .buffer_unordered(self.settings.write_concurrency.max(1))
            .inspect(|(_, id, res)| {
                if res.is_ok() {
                    progress(id)
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
        results.into_iter().map(|(_, id, r)| (id, r)).collect()
    }

    async fn tag(&self, id: &SecretId, tags: &[(String, String)]) -> Result<()> {
        let name = parameter_name(id);
        let tags = tags
            .iter()
            .map(|(k, v)| Tag::builder().key(k).value(v).build().map_err(|e| Error::invalid(format!("tag {k:?}: {e}"))))
            .collect::<Result<Vec<_>>>()?;
        self.ssm
            .add_tags_to_resource()
            .resource_type(ResourceTypeForTagging::Parameter)
            .resource_id(&name)
            .set_tags(Some(tags))
            .send()
            .await
            .map_err(|e| sdk_error("AddTagsToResource", e).context(&name))?;
        Ok(())
    }

    async fn history(&self, id: &SecretId, with_values: bool) -> Result<Vec<HistoryEntry>> {
        fetch_history(&self.ssm, &parameter_name(id), with_values).await
    }

    async fn delete(&self, id: &SecretId) -> Result<()> {
        self.ssm
            .delete_parameter()
            .name(parameter_name(id))
            .send()
            .await
            .map_err(|e| sdk_error("DeleteParameter", e))?;
        Ok(())
    }

    async fn list_all(&self, prefix: &str) -> Result<Vec<SecretId>> {
        let metas = self.describe_all(filter("Name", "BeginsWith", vec![format!("/{prefix}")])).await?;
        Ok(metas.into_iter().map(|m| m.id).collect())
    }

    async fn check_kms_key(&self) -> Result<()> {
        let key_id = self.settings.key_id.clone();
        let answer = self
            .kms_checked
            .get_or_init(|| async {
                match self.kms().describe_key().key_id(&key_id).send().await {
                    Ok(_) => Ok(()),
                    Err(e) => {
                        let code = e.code().unwrap_or_default().to_owned();
                        if code == "NotFoundException" {
                            Err((
                                Kind::Config,
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
            Err((kind, msg, hint)) => {
                let e = Error::new(*kind, msg.clone());
                Err(match hint {
                    Some(h) => e.hint(h.clone()),
                    None => e,
                })
            }
        }
    }

    async fn kms_key(&self) -> Result<KmsKeyInfo> {
        let key_id = self.settings.key_id.clone();
        let out = self.kms().describe_key().key_id(&key_id).send().await.map_err(|e| {
            if e.code() == Some("NotFoundException") {
                Error::config(format!("KMS key {key_id} does not exist in this account and region"))
                    .hint(kms_hint(&key_id))
            } else {
                sdk_error("DescribeKey", e)
            }
        })?;
        let meta = out.key_metadata.ok_or_else(|| Error::unavailable("DescribeKey returned no key metadata"))?;
        Ok(KmsKeyInfo {
            arn: meta.arn.clone().unwrap_or_default(),
            customer_managed: meta.key_manager != Some(aws_sdk_kms::types::KeyManagerType::Aws),
            enabled: meta.enabled,
            key_id,
        })
    }

    async fn required_tags(&self) -> Result<Vec<String>> {
        let name = parameter_name(&SecretId::new(naming::RESERVED_SERVICE, "store-config"));
        let values = get_batch(self.ssm.clone(), vec![name.clone()]).await?;
        let Some((_, v)) = values.into_iter().next() else { return Ok(Vec::new()) };
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

fn kms_hint(key_id: &str) -> String {
    format!(
        "create the alias (aws kms create-alias --alias-name {key_id} --target-key-id <key id>) or set CHAMBER_KMS_KEY_ALIAS to an existing alias"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_selectors_become_parameter_names() {
        let id = SecretId::new("team/web", "db_Password");
        assert_eq!(parameter_name(&id), "/team/web/db_Password");
        assert_eq!(id.to_string(), "/team/web/db_Password");
        assert_eq!(selector_name(&id.at(Selector::Latest)).as_deref(), Some("/team/web/db_Password"));
        let blue = id.at(Selector::Label("blue".into()));
        assert_eq!(selector_name(&blue).as_deref(), Some("/team/web/db_Password:blue"));
        assert_eq!(blue.to_string(), "/team/web/db_Password:blue");
        // A chamber version is not an SSM selector: it is read from the history.
        let v3 = id.at(Selector::Version(3));
        assert_eq!(selector_name(&v3), None);
        assert_eq!(v3.to_string(), "/team/web/db_Password (version 3)");
    }

    #[test]
    fn parameter_names_become_ids() {
        assert_eq!(secret_id("/team/web/k"), Some(SecretId::new("team/web", "k")));
        assert_eq!(secret_id("/prod/db.host-1"), Some(SecretId::new("prod", "db.host-1")));
        // A root-level name has an empty service (list-services shows it so).
        assert_eq!(secret_id("/k"), Some(SecretId::new("", "k")));
        for bad in ["prod.k", "/a b/k", "/a//k", "/a/", "", "/a/k:label"] {
            assert_eq!(secret_id(bad), None, "{bad}");
        }
        let id = SecretId::new("a/b/c", "key");
        assert_eq!(secret_id(&parameter_name(&id)), Some(id));
    }
}

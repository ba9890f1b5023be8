//! The least-privilege IAM policy for using services with tfsecrets (docs/iam.md): which SSM, KMS and STS actions
//! each mode needs, on which resources, under which conditions. `tfsecrets policy` prints it, and the reader and
//! writer policies of examples/bootstrap are rendered from [`Target::template`] (a test keeps them in step).

use crate::error::{Error, Result};
use crate::naming;
use serde_json::{Value, json};
use std::sync::LazyLock;

/// What the principal may do (docs/iam.md §1). Reading is always included: writers read back what they wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mode {
    /// `write` and `import`: PutParameter, tags, encryption through SSM, the KMS key check.
    pub write: bool,
    /// `delete`: DeleteParameter.
    pub delete: bool,
}

impl Mode {
    /// Read only: exec, read, list, history, export, list-services, session, diff, doctor, scan.
    pub const READ: Mode = Mode { write: false, delete: false };
    /// Read and write.
    pub const WRITE: Mode = Mode { write: true, delete: false };
}

/// The KMS key the policy lets SSM use on the principal's behalf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KmsKey {
    /// A key ARN (`arn:aws:kms:REGION:ACCOUNT:key/ID`), or a placeholder in a template.
    Arn(String),
    /// Any key of the account and region that carries this alias (`kms:ResourceAliases`), when the ARN is unknown.
    Alias(String),
}

/// Where the secrets live: partition, region, account and key, each either known or a wildcard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `aws`, `aws-cn` or `aws-us-gov` (or a placeholder).
    pub partition: String,
    /// The DNS suffix of the partition's endpoints (`amazonaws.com`, `amazonaws.com.cn`), for `kms:ViaService`.
    pub dns_suffix: String,
    /// The region, or `*`.
    pub region: String,
    /// The 12-digit account id, or `*`.
    pub account: String,
    /// The KMS key.
    pub key: KmsKey,
}

/// The service placeholder of [`Target::template`].
pub const TEMPLATE_SERVICE: &str = "${service}";

static ACCOUNT_RE: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new(r"^\d{12}$").expect("account regex"));
static REGION_RE: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"^[a-z]{2}(-[a-z]+)+-\d{1,2}$").expect("region regex"));
static KEY_ARN_RE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"^arn:(aws|aws-cn|aws-us-gov):kms:[a-z0-9-]+:\d{12}:key/[A-Za-z0-9-]+$").expect("key arn regex")
});

/// Checks `--account`: twelve digits.
pub fn validate_account(account: &str) -> Result<()> {
    if ACCOUNT_RE.is_match(account) {
        return Ok(());
    }
    Err(Error::invalid(format!("invalid account id {account:?}: an AWS account id is 12 digits")))
}

/// Checks a region name (`eu-west-1`, `us-gov-west-1`, `cn-north-1`).
pub fn validate_region(region: &str) -> Result<()> {
    if REGION_RE.is_match(region) {
        return Ok(());
    }
    Err(Error::invalid(format!("invalid region {region:?}: expected a region name such as eu-west-1")))
}

/// Checks `--kms-key-arn`: a key ARN, not an alias ARN (IAM authorizes key use against the key, docs/iam.md §3).
pub fn validate_key_arn(arn: &str) -> Result<()> {
    if KEY_ARN_RE.is_match(arn) {
        return Ok(());
    }
    let e = Error::invalid(format!("invalid KMS key ARN {arn:?}: expected arn:aws:kms:REGION:ACCOUNT:key/KEY-ID"));
    Err(if arn.contains(":alias/") {
        e.hint("give the ARN of the key the alias points to (aws kms describe-key --key-id alias/...): IAM checks the key, not the alias")
    } else {
        e
    })
}

/// The partition and its DNS suffix for a region (`*`: the commercial partition).
pub fn partition_of(region: &str) -> (&'static str, &'static str) {
    if region.starts_with("cn-") {
        ("aws-cn", "amazonaws.com.cn")
    } else if region.starts_with("us-gov-") {
        ("aws-us-gov", "amazonaws.com")
    } else {
        ("aws", "amazonaws.com")
    }
}

impl Target {
    /// A target in `region` (or `*`) and `account` (or `*`).
    pub fn new(region: &str, account: &str, key: KmsKey) -> Self {
        let (partition, dns_suffix) = partition_of(region);
        Target {
            partition: partition.into(),
            dns_suffix: dns_suffix.into(),
            region: region.into(),
            account: account.into(),
            key,
        }
    }

    /// The target of a terraform `templatefile()` template: `${partition}`, `${dns_suffix}`, `${region}`,
    /// `${account_id}` and `${kms_key_arn}` stand for the values (the service is [`TEMPLATE_SERVICE`]).
    pub fn template() -> Self {
        Target {
            partition: "${partition}".into(),
            dns_suffix: "${dns_suffix}".into(),
            region: "${region}".into(),
            account: "${account_id}".into(),
            key: KmsKey::Arn("${kms_key_arn}".into()),
        }
    }

    /// The ARN of the parameters under `path` (`prod/*`, `_chamber/store-config`).
    fn parameters(&self, path: &str) -> String {
        format!("arn:{}:ssm:{}:{}:parameter/{path}", self.partition, self.region, self.account)
    }

    /// The `Resource` of KMS statements and the conditions that pick the key.
    fn key_resource(&self) -> (String, Option<(&'static str, Value)>) {
        match &self.key {
            KmsKey::Arn(arn) => (arn.clone(), None),
            KmsKey::Alias(alias) => (
                format!("arn:{}:kms:{}:{}:key/*", self.partition, self.region, self.account),
                Some(("ForAnyValue:StringEquals", json!({ "kms:ResourceAliases": alias }))),
            ),
        }
    }

    /// The `kms:ViaService` condition: the key is used only by SSM in this region on the caller's behalf.
    fn via_ssm(&self) -> (&'static str, Value) {
        let op = if self.region.contains('*') { "StringLike" } else { "StringEquals" };
        (op, json!({ "kms:ViaService": format!("ssm.{}.{}", self.region, self.dns_suffix) }))
    }
}

/// A statement: `Action` and `Resource` as one string when there is one, else a list (as AWS prints them).
fn statement(sid: &str, actions: &[&str], resources: Vec<String>, conditions: Vec<(&'static str, Value)>) -> Value {
    let one_or_many = |v: Vec<Value>| if v.len() == 1 { v[0].clone() } else { Value::Array(v) };
    let mut s = json!({
        "Sid": sid,
        "Effect": "Allow",
        "Action": one_or_many(actions.iter().map(|a| json!(a)).collect()),
        "Resource": one_or_many(resources.into_iter().map(Value::String).collect()),
    });
    if !conditions.is_empty() {
        let mut cond = serde_json::Map::new();
        for (op, kv) in conditions {
            match cond.get_mut(op).and_then(Value::as_object_mut) {
                Some(existing) => existing.extend(kv.as_object().cloned().unwrap_or_default()),
                None => {
                    cond.insert(op.to_owned(), kv);
                }
            }
        }
        s["Condition"] = Value::Object(cond);
    }
    s
}

/// The policy document for `services` in `mode` (docs/iam.md §2 lists each statement and why).
///
/// Services are taken as given (validate them first, or pass [`TEMPLATE_SERVICE`]); each becomes
/// `parameter/<service>/*`, which also covers nested services: IAM's `*` matches `/` too.
pub fn document(services: &[String], mode: Mode, target: &Target) -> Value {
    let under = |suffix: &str| services.iter().map(|s| target.parameters(&format!("{s}/{suffix}"))).collect();
    let (key, key_condition) = target.key_resource();
    let with_key = |mut c: Vec<(&'static str, Value)>| {
        c.extend(key_condition.clone());
        c
    };
    let mut statements = vec![
        // DescribeParameters has no resource-level permissions: it can only be granted on "*" (names and
        // metadata of every parameter, never a value).
        statement("ListParameters", &["ssm:DescribeParameters"], vec!["*".into()], vec![]),
        statement("ReadParameters", &["ssm:GetParameters", "ssm:GetParameterHistory"], under("*"), vec![]),
        // GetParametersByPath is authorized against the path itself (`parameter/<service>`), not its children:
        // a whole service is read with it when DescribeParameters is throttled (docs/iam.md §1).
        statement(
            "ReadServiceByPath",
            &["ssm:GetParametersByPath"],
            services.iter().map(|s| target.parameters(s)).collect(),
            vec![],
        ),
    ];
    if mode.write {
        statements.push(statement(
            "WriteParameters",
            &["ssm:PutParameter", "ssm:AddTagsToResource"],
            under("*"),
            vec![],
        ));
        // write and import read chamber's store configuration for the tags it requires (docs/chamber-compat.md §3).
        let config = target.parameters(&format!("{}/store-config", naming::RESERVED_SERVICE));
        statements.push(statement("ReadChamberStoreConfig", &["ssm:GetParameters"], vec![config], vec![]));
    }
    if mode.delete {
        statements.push(statement("DeleteParameters", &["ssm:DeleteParameter"], under("*"), vec![]));
    }
    // SSM, not the caller, calls KMS: Decrypt for reads, Encrypt for Standard and GenerateDataKey for Advanced
    // parameters (envelope encryption); kms:ViaService keeps the key out of direct use.
    let crypto: &[&str] =
        if mode.write { &["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"] } else { &["kms:Decrypt"] };
    statements.push(statement("UseKeyThroughSsm", crypto, vec![key.clone()], with_key(vec![target.via_ssm()])));
    // The one direct KMS call: doctor's key check, and write's and import's before their first write.
    statements.push(statement("DescribeKey", &["kms:DescribeKey"], vec![key], with_key(vec![])));
    json!({ "Version": "2012-10-17", "Statement": statements })
}

/// Renders a [`Target::template`] document as terraform's `templatefile()` would: each `${name}` replaced.
pub fn render_template(template: &str, vars: &[(&str, &str)]) -> String {
    vars.iter().fold(template.to_owned(), |text, (name, value)| text.replace(&format!("${{{name}}}"), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> Target {
        Target::new("eu-west-1", "123456789012", KmsKey::Arn("arn:aws:kms:eu-west-1:123456789012:key/k-1".into()))
    }

    fn statements(doc: &Value) -> Vec<(String, Value, Value)> {
        doc["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["Sid"].as_str().unwrap().to_owned(), s["Action"].clone(), s["Resource"].clone()))
            .collect()
    }

    #[test]
    fn read_mode_reads_and_decrypts_through_ssm_only() {
        let doc = document(&["prod".into(), "team/web".into()], Mode::READ, &target());
        let s = statements(&doc);
        let sids: Vec<&str> = s.iter().map(|(sid, _, _)| sid.as_str()).collect();
        assert_eq!(sids, ["ListParameters", "ReadParameters", "ReadServiceByPath", "UseKeyThroughSsm", "DescribeKey"]);
        assert!(doc["Statement"][4].get("Condition").is_none(), "DescribeKey is a direct call");
        assert_eq!(s[0].2, json!("*"));
        assert_eq!(
            s[1].2,
            json!([
                "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/*",
                "arn:aws:ssm:eu-west-1:123456789012:parameter/team/web/*"
            ])
        );
        assert_eq!(
            s[2].2,
            json!([
                "arn:aws:ssm:eu-west-1:123456789012:parameter/prod",
                "arn:aws:ssm:eu-west-1:123456789012:parameter/team/web"
            ])
        );
        assert_eq!(s[3].1, json!("kms:Decrypt"));
        let via = &doc["Statement"][3]["Condition"];
        assert_eq!(*via, json!({"StringEquals": {"kms:ViaService": "ssm.eu-west-1.amazonaws.com"}}));
        let text = doc.to_string();
        for write in ["PutParameter", "AddTags", "DeleteParameter", "kms:Encrypt", "GenerateDataKey", "store-config"] {
            assert!(!text.contains(write), "read mode grants {write}");
        }
    }

    #[test]
    fn write_and_delete_modes_add_their_statements() {
        let doc = document(&["prod".into()], Mode { write: true, delete: true }, &target());
        let sids: Vec<String> = statements(&doc).into_iter().map(|(sid, _, _)| sid).collect();
        assert_eq!(
            sids,
            [
                "ListParameters",
                "ReadParameters",
                "ReadServiceByPath",
                "WriteParameters",
                "ReadChamberStoreConfig",
                "DeleteParameters",
                "UseKeyThroughSsm",
                "DescribeKey"
            ]
        );
        assert_eq!(
            doc["Statement"][4]["Resource"],
            json!("arn:aws:ssm:eu-west-1:123456789012:parameter/_chamber/store-config")
        );
        assert_eq!(doc["Statement"][6]["Action"], json!(["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]));
        let delete_only = document(&["prod".into()], Mode { write: false, delete: true }, &target());
        assert!(delete_only.to_string().contains("ssm:DeleteParameter"));
        assert!(!delete_only.to_string().contains("ssm:PutParameter"));
    }

    #[test]
    fn unknown_account_region_and_key_become_wildcards_scoped_by_alias() {
        let t = Target::new("*", "*", KmsKey::Alias("alias/parameter_store_key".into()));
        let doc = document(&["prod".into()], Mode::READ, &t);
        assert_eq!(doc["Statement"][1]["Resource"], json!("arn:aws:ssm:*:*:parameter/prod/*"));
        assert_eq!(doc["Statement"][2]["Resource"], json!("arn:aws:ssm:*:*:parameter/prod"));
        assert_eq!(doc["Statement"][3]["Resource"], json!("arn:aws:kms:*:*:key/*"));
        assert_eq!(
            doc["Statement"][3]["Condition"],
            json!({
                "StringLike": {"kms:ViaService": "ssm.*.amazonaws.com"},
                "ForAnyValue:StringEquals": {"kms:ResourceAliases": "alias/parameter_store_key"}
            })
        );
        let doc = document(&["prod".into()], Mode::WRITE, &t);
        let describe = &doc["Statement"][6];
        assert_eq!(describe["Sid"], "DescribeKey");
        assert_eq!(
            describe["Condition"],
            json!({"ForAnyValue:StringEquals": {"kms:ResourceAliases": "alias/parameter_store_key"}})
        );
        assert!(describe["Condition"].get("StringLike").is_none(), "DescribeKey is a direct call, not through SSM");
    }

    #[test]
    fn partitions() {
        assert_eq!(partition_of("cn-north-1"), ("aws-cn", "amazonaws.com.cn"));
        assert_eq!(partition_of("us-gov-west-1"), ("aws-us-gov", "amazonaws.com"));
        assert_eq!(partition_of("eu-west-1"), ("aws", "amazonaws.com"));
        let doc =
            document(&["p".into()], Mode::READ, &Target::new("cn-north-1", "123456789012", KmsKey::Alias("a".into())));
        assert_eq!(doc["Statement"][1]["Resource"], json!("arn:aws-cn:ssm:cn-north-1:123456789012:parameter/p/*"));
        assert_eq!(
            doc["Statement"][3]["Condition"]["StringEquals"]["kms:ViaService"],
            json!("ssm.cn-north-1.amazonaws.com.cn")
        );
    }

    #[test]
    fn the_template_renders_to_the_concrete_document() {
        let template =
            serde_json::to_string_pretty(&document(&[TEMPLATE_SERVICE.into()], Mode::WRITE, &Target::template()))
                .unwrap();
        let rendered = render_template(
            &template,
            &[
                ("service", "prod"),
                ("partition", "aws"),
                ("dns_suffix", "amazonaws.com"),
                ("region", "eu-west-1"),
                ("account_id", "123456789012"),
                ("kms_key_arn", "arn:aws:kms:eu-west-1:123456789012:key/k-1"),
            ],
        );
        let concrete = document(&["prod".into()], Mode::WRITE, &target());
        assert_eq!(serde_json::from_str::<Value>(&rendered).unwrap(), concrete);
    }

    #[test]
    fn input_checks() {
        assert!(validate_account("123456789012").is_ok());
        for bad in ["12345678901", "1234567890123", "12345678901a", ""] {
            assert_eq!(validate_account(bad).unwrap_err().exit_code(), 65, "{bad}");
        }
        for ok in ["eu-west-1", "us-gov-west-1", "cn-north-1", "ap-southeast-4"] {
            assert!(validate_region(ok).is_ok(), "{ok}");
        }
        for bad in ["eu-west", "EU-WEST-1", "*", "eu west 1"] {
            assert!(validate_region(bad).is_err(), "{bad}");
        }
        assert!(validate_key_arn("arn:aws:kms:eu-west-1:123456789012:key/mrk-1a2b").is_ok());
        let e = validate_key_arn("arn:aws:kms:eu-west-1:123456789012:alias/parameter_store_key").unwrap_err();
        assert!(e.hint.unwrap().contains("IAM checks the key"));
        assert!(validate_key_arn("alias/x").is_err());
    }
}

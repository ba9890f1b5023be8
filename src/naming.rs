//! Every name rule (docs/chamber-compat.md §1, §3): services, keys, labels, tags, the names accepted back from AWS,
//! the KMS key id, chamber's version counter. How a service and key become an SSM parameter name is the SSM
//! store's business (`store::ssm`).

use crate::error::{Error, Result};
use regex::Regex;
use std::sync::LazyLock;

static KEY_RE: LazyLock<Regex> = LazyLock::new(|| re(r"^[\w\-\.]+$"));
static SERVICE_RE: LazyLock<Regex> = LazyLock::new(|| re(r"^[\w\-\.]+(/[\w\-\.]+)*$"));
static LABEL_RE: LazyLock<Regex> = LazyLock::new(|| re(r"^[\w\-\.]+$"));
static AWS_NAME_RE: LazyLock<Regex> = LazyLock::new(|| re(r"^(/[\w\-\.]+)+$"));
static TF_IDENT_RE: LazyLock<Regex> = LazyLock::new(|| re(r"^[A-Za-z_][A-Za-z0-9_-]*$"));
static TAG_KEY_RE: LazyLock<Regex> = LazyLock::new(|| re(r"^[A-Za-z0-9 +\-=\._:/@]{1,128}$"));
static TAG_VALUE_RE: LazyLock<Regex> = LazyLock::new(|| re(r"^[A-Za-z0-9 +\-=\._:/@]{1,256}$"));

fn re(pattern: &str) -> Regex {
    // `\w` must mean ASCII word characters, as in Go's regexp.
    Regex::new(&format!("(?-u){pattern}")).unwrap_or_else(|e| panic!("built-in regex {pattern}: {e}"))
}

/// The reserved service chamber keeps its store configuration under.
pub const RESERVED_SERVICE: &str = "_chamber";

/// The default KMS key alias chamber and tfsecrets encrypt with.
pub const DEFAULT_KMS_ALIAS: &str = "alias/parameter_store_key";

/// Largest value a Standard-tier parameter holds, in bytes.
pub const STANDARD_TIER_MAX: usize = 4096;

/// Largest value an Advanced-tier parameter holds, in bytes.
pub const ADVANCED_TIER_MAX: usize = 8192;

/// Checks a service name against chamber's rule (`team/web` nests; no leading, trailing or double `/`).
pub fn validate_service(service: &str) -> Result<()> {
    if is_valid_service(service) {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "invalid service name {service:?}: a service is one or more /-separated segments of letters, digits, _, - and . (regex ^[\\w\\-\\.]+(\\/[\\w\\-\\.]+)*$)"
    ))
    .hint("drop leading or trailing '/', '//' and characters such as spaces or ':'"))
}

/// Whether a service name matches chamber's rule (see [`validate_service`]).
pub fn is_valid_service(service: &str) -> bool {
    SERVICE_RE.is_match(service)
}

/// Checks a key name against chamber's rule (letters, digits, `_`, `-`, `.`).
pub fn validate_key(key: &str) -> Result<()> {
    if KEY_RE.is_match(key) {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "invalid key name {key:?}: a key is letters, digits, _, - and . only (regex ^[\\w\\-\\.]+$)"
    )))
}

/// Refuses writes, imports and deletes under chamber's reserved `_chamber` service.
pub fn refuse_reserved(service: &str) -> Result<()> {
    if service == RESERVED_SERVICE || service.starts_with("_chamber/") {
        return Err(Error::invalid(format!(
            "service {service:?} is reserved for chamber's store configuration; tfsecrets does not write or delete there"
        )));
    }
    Ok(())
}

/// Warns when a service has upper-case letters: chamber lowercases services, so it will never see it
/// (docs/chamber-compat.md §2).
pub fn warn_mixed_case_service(service: &str) {
    if service.chars().any(|c| c.is_ascii_uppercase()) {
        crate::ui::warn(format!(
            "service {service:?} has upper-case letters; chamber lowercases service names and will not find it"
        ));
    }
}

/// A service with an optional label (`svc:label`, `a/b:label`), as `exec` and `export` accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRef {
    /// The service path as typed, without the label.
    pub service: String,
    /// The SSM parameter label, if any.
    pub label: Option<String>,
}

impl ServiceRef {
    /// Parses and validates `service[:label]`.
    pub fn parse(text: &str) -> Result<Self> {
        let (service, label) = match text.split_once(':') {
            Some((s, l)) => (s, Some(l)),
            None => (text, None),
        };
        validate_service(service)?;
        if let Some(label) = label
            && !LABEL_RE.is_match(label)
        {
            return Err(Error::invalid(format!(
                "invalid label {label:?} in {text:?}: a label is letters, digits, _, - and . only"
            )));
        }
        Ok(ServiceRef { service: service.to_owned(), label: label.map(str::to_owned) })
    }
}

impl std::fmt::Display for ServiceRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.label {
            Some(l) => write!(f, "{}:{l}", self.service),
            None => f.write_str(&self.service),
        }
    }
}

/// Whether a name returned by AWS is one chamber would accept (others are skipped silently).
pub fn is_valid_aws_name(name: &str) -> bool {
    AWS_NAME_RE.is_match(name)
}

/// Whether a key is a Terraform identifier (so it can match a `variable` block).
pub fn is_terraform_identifier(key: &str) -> bool {
    TF_IDENT_RE.is_match(key)
}

/// Checks a tag key and value against chamber's rules.
pub fn validate_tag(key: &str, value: &str) -> Result<()> {
    if !TAG_KEY_RE.is_match(key) {
        return Err(Error::invalid(format!("invalid tag key {key:?}: 1-128 of A-Z a-z 0-9 space + - = . _ : / @")));
    }
    if !TAG_VALUE_RE.is_match(value) {
        return Err(Error::invalid(format!(
            "invalid tag value for {key:?}: 1-256 of A-Z a-z 0-9 space + - = . _ : / @"
        )));
    }
    Ok(())
}

/// The KMS key id for writes, from the value of `CHAMBER_KMS_KEY_ALIAS` (unset → the default alias;
/// docs/chamber-compat.md §3).
pub fn kms_key_id(env_value: Option<&str>) -> String {
    match env_value {
        None => DEFAULT_KMS_ALIAS.to_owned(),
        Some(v) if v.starts_with("alias/") => v.to_owned(),
        Some(v) => format!("alias/{v}"),
    }
}

/// chamber's version counter from a parameter Description, parsed like Go's `strconv.Atoi` (else 0;
/// docs/chamber-compat.md §3).
pub fn chamber_version(description: Option<&str>) -> i64 {
    let Some(text) = description else { return 0 };
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    text.parse::<i64>().unwrap_or_default()
}

pub use crate::format::envname::{chamber_env_name, tf_var_name};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services() {
        for ok in ["prod", "team/web", "a.b-c_d", "a/b/c", "Prod"] {
            assert!(validate_service(ok).is_ok(), "{ok}");
        }
        for bad in ["", "/prod", "prod/", "a//b", "a b", "a:b", "é", "a/b/"] {
            let e = validate_service(bad).unwrap_err();
            assert_eq!(e.exit_code(), 65, "{bad}");
            assert!(e.message.contains("invalid service name"));
        }
    }

    #[test]
    fn keys() {
        for ok in ["db_password", "DB-Pass.word", "x"] {
            assert!(validate_key(ok).is_ok());
        }
        for bad in ["", "a/b", "a b", "ключ", "a:b"] {
            assert!(validate_key(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn labels() {
        let r = ServiceRef::parse("a/b:blue").unwrap();
        assert_eq!(r.service, "a/b");
        assert_eq!(r.label.as_deref(), Some("blue"));
        assert!(ServiceRef::parse("a:").is_err());
        assert!(ServiceRef::parse("a:b:c").is_err());
        assert_eq!(ServiceRef::parse("prod").unwrap().label, None);
    }

    #[test]
    fn names() {
        assert!(is_valid_aws_name("/a/b"));
        assert!(!is_valid_aws_name("a.b"));
        assert!(!is_valid_aws_name("/a b"));
    }

    #[test]
    fn reserved() {
        assert!(refuse_reserved("_chamber").is_err());
        assert!(refuse_reserved("_chamber/x").is_err());
        assert!(refuse_reserved("chamber").is_ok());
    }

    #[test]
    fn kms_alias_rules() {
        assert_eq!(kms_key_id(None), "alias/parameter_store_key");
        assert_eq!(kms_key_id(Some("aws/ssm")), "alias/aws/ssm");
        assert_eq!(kms_key_id(Some("alias/custom")), "alias/custom");
        assert_eq!(kms_key_id(Some("")), "alias/");
    }

    #[test]
    fn version_counter_like_atoi() {
        assert_eq!(chamber_version(None), 0);
        assert_eq!(chamber_version(Some("3")), 3);
        assert_eq!(chamber_version(Some("+4")), 4);
        assert_eq!(chamber_version(Some("-2")), -2);
        assert_eq!(chamber_version(Some("abc")), 0);
        assert_eq!(chamber_version(Some(" 2")), 0);
        assert_eq!(chamber_version(Some("2 ")), 0);
        assert_eq!(chamber_version(Some("")), 0);
        assert_eq!(chamber_version(Some("+")), 0);
        assert_eq!(chamber_version(Some("99999999999999999999999")), 0);
    }

    #[test]
    fn env_names() {
        assert_eq!(chamber_env_name("db-host.x"), "DB_HOST.X");
        assert_eq!(tf_var_name("DB_pass"), "TF_VAR_DB_pass");
        assert!(is_terraform_identifier("db_pass-1"));
        assert!(!is_terraform_identifier("1db"));
        assert!(!is_terraform_identifier("a.b"));
    }

    #[test]
    fn tags() {
        assert!(validate_tag("team", "platform").is_ok());
        assert!(validate_tag("", "x").is_err());
        assert!(validate_tag("k", "a,b").is_err());
    }
}

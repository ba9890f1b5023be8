//! What an AWS request needs from IAM, and a small evaluator of identity policies, for the test that keeps
//! `tfsecrets policy` honest (tests/policy/reality.rs, docs/iam.md §4).
//!
//! Each request an [`Intercept`](super::Intercept) proxy recorded becomes the authorizations AWS checks for it:
//! the API action on its resource (an SSM parameter ARN per name, the KMS key), plus the KMS calls SSM makes
//! on the caller's behalf for SecureString values (`kms:Decrypt` to read, `kms:Encrypt` for a Standard and
//! `kms:GenerateDataKey` for an Advanced parameter), carrying `kms:ViaService`. The evaluator implements what
//! the generated policies use: `Allow` statements, `*`/`?` wildcards in actions (case-insensitive) and
//! resources, and the `StringEquals`, `StringLike` and `ForAnyValue:StringEquals` condition operators.

use super::Request;
use serde_json::Value;

/// The region and account moto uses.
pub const REGION: &str = "us-east-1";
/// moto's account id.
pub const ACCOUNT: &str = "123456789012";

/// One authorization AWS checks.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Need {
    /// `service:Action`.
    pub action: String,
    /// The resource ARN (`*` for actions without resource-level permissions).
    pub resource: String,
    /// Request context keys, e.g. `kms:ViaService`, `kms:ResourceAliases` (several values: a list).
    pub context: Vec<(String, Vec<String>)>,
}

/// How the recorded requests map to resources: the KMS key behind the alias writes use.
pub struct World {
    /// The key alias (`alias/parameter_store_key`).
    pub alias: String,
    /// The ARN of the key it points to.
    pub key_arn: String,
}

impl World {
    fn parameter(&self, name: &str) -> String {
        // A selector (`/svc/key:label`) is authorized against the parameter itself.
        let name = name.split(':').next().unwrap_or(name);
        format!("arn:aws:ssm:{REGION}:{ACCOUNT}:parameter{name}")
    }

    fn key(&self, action: &str, via_ssm: bool) -> Need {
        let mut context = vec![("kms:ResourceAliases".to_owned(), vec![self.alias.clone()])];
        if via_ssm {
            context.push(("kms:ViaService".to_owned(), vec![format!("ssm.{REGION}.amazonaws.com")]));
        }
        Need { action: action.to_owned(), resource: self.key_arn.clone(), context }
    }

    /// The authorizations one recorded request needs; panics on an API this module does not know (a new call
    /// in the code must be added here and to the policy rules).
    pub fn needs(&self, req: &Request) -> Vec<Need> {
        let plain = |action: &str, resource: String| Need { action: action.to_owned(), resource, context: vec![] };
        if let Some(target) = req.header("x-amz-target") {
            let body: Value = serde_json::from_str(&req.body).unwrap_or(Value::Null);
            let str_of = |k: &str| body[k].as_str().unwrap_or_default().to_owned();
            let decrypt = body["WithDecryption"].as_bool() == Some(true);
            let mut out = Vec::new();
            match target {
                "AmazonSSM.DescribeParameters" => out.push(plain("ssm:DescribeParameters", "*".into())),
                "AmazonSSM.GetParameters" => {
                    for name in body["Names"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                        out.push(plain("ssm:GetParameters", self.parameter(name)));
                    }
                    if decrypt {
                        out.push(self.key("kms:Decrypt", true));
                    }
                }
                "AmazonSSM.GetParametersByPath" => {
                    // Authorized against the path itself (`parameter/<service>`), not its children.
                    out.push(plain("ssm:GetParametersByPath", self.parameter(str_of("Path").trim_end_matches('/'))));
                    if decrypt {
                        out.push(self.key("kms:Decrypt", true));
                    }
                }
                "AmazonSSM.GetParameterHistory" => {
                    out.push(plain("ssm:GetParameterHistory", self.parameter(&str_of("Name"))));
                    if decrypt {
                        out.push(self.key("kms:Decrypt", true));
                    }
                }
                "AmazonSSM.PutParameter" => {
                    out.push(plain("ssm:PutParameter", self.parameter(&str_of("Name"))));
                    assert_eq!(str_of("KeyId"), self.alias, "writes encrypt with the configured key");
                    let advanced = str_of("Tier") == "Advanced";
                    out.push(self.key(if advanced { "kms:GenerateDataKey" } else { "kms:Encrypt" }, true));
                }
                "AmazonSSM.AddTagsToResource" => {
                    out.push(plain("ssm:AddTagsToResource", self.parameter(&str_of("ResourceId"))));
                }
                "AmazonSSM.DeleteParameter" => out.push(plain("ssm:DeleteParameter", self.parameter(&str_of("Name")))),
                "TrentService.DescribeKey" => {
                    assert_eq!(str_of("KeyId"), self.alias, "the key check names the configured alias");
                    out.push(self.key("kms:DescribeKey", false));
                }
                other => panic!(
                    "an AWS call the policy rules do not know: {other} (add it to docs/iam.md and src/policy.rs)"
                ),
            }
            return out;
        }
        match req.action().as_deref() {
            // GetCallerIdentity needs no permission: AWS always allows it.
            Some("GetCallerIdentity") => vec![],
            other => panic!("an AWS call the policy rules do not know: {other:?}"),
        }
    }
}

fn one_or_many(v: &Value) -> Vec<&str> {
    match v {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    }
}

/// IAM's wildcard match: `*` any run of characters (`/` included), `?` one character.
pub fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

fn condition_holds(cond: Option<&Value>, need: &Need) -> bool {
    let Some(cond) = cond.and_then(Value::as_object) else { return true };
    cond.iter().all(|(op, pairs)| {
        pairs.as_object().into_iter().flatten().all(|(key, wanted)| {
            let wanted = one_or_many(wanted);
            let have: &[String] = need.context.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_slice()).unwrap_or(&[]);
            match op.as_str() {
                "StringEquals" => have.len() == 1 && wanted.contains(&have[0].as_str()),
                "StringLike" => have.len() == 1 && wanted.iter().any(|w| glob(w, &have[0])),
                "ForAnyValue:StringEquals" => have.iter().any(|h| wanted.contains(&h.as_str())),
                other => panic!("condition operator {other} is not implemented by this evaluator"),
            }
        })
    })
}

/// The `Sid`s of the statements of `policy` that allow `need` (empty: denied).
pub fn allowed_by<'a>(policy: &'a Value, need: &Need) -> Vec<&'a str> {
    policy["Statement"]
        .as_array()
        .expect("a Statement list")
        .iter()
        .filter(|s| s["Effect"] == "Allow")
        .filter(|s| {
            one_or_many(&s["Action"]).iter().any(|a| glob(&a.to_ascii_lowercase(), &need.action.to_ascii_lowercase()))
        })
        .filter(|s| one_or_many(&s["Resource"]).iter().any(|r| glob(r, &need.resource)))
        .filter(|s| condition_holds(s.get("Condition"), need))
        .map(|s| s["Sid"].as_str().unwrap_or("?"))
        .collect()
}

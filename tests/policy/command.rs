//! `tfsecrets policy`: the whole output for given account, region and key, the notes when they are unknown, and
//! bad input.

use crate::support::Env;

/// An environment whose endpoint answers nothing (policy with every part given makes no AWS call).
fn offline() -> Env {
    Env::on("http://127.0.0.1:9")
}

fn run(env: &Env, args: &[&str]) -> (i32, String, String) {
    let o = env.cmd().arg("policy").args(args).output().expect("run policy");
    (
        o.status.code().expect("exit code"),
        String::from_utf8_lossy(&o.stdout).into(),
        String::from_utf8_lossy(&o.stderr).into(),
    )
}

const NOTES: &str = "tfsecrets: note: DescribeParameters cannot be limited to a path: it is granted on \"*\" (names and metadata, never values)
tfsecrets: note: IAM's * matches '/': parameter/<service>/* also covers nested services such as <service>/<name>
";

#[test]
fn read_policy_for_given_account_region_and_key() {
    let (code, out, err) = run(
        &offline(),
        &[
            "prod",
            "team/web",
            "--region",
            "eu-west-1",
            "--account",
            "123456789012",
            "--kms-key-arn",
            "arn:aws:kms:eu-west-1:123456789012:key/k-1",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, NOTES);
    assert_eq!(
        out,
        r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ListParameters",
      "Effect": "Allow",
      "Action": "ssm:DescribeParameters",
      "Resource": "*"
    },
    {
      "Sid": "ReadParameters",
      "Effect": "Allow",
      "Action": [
        "ssm:GetParameters",
        "ssm:GetParameterHistory"
      ],
      "Resource": [
        "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/*",
        "arn:aws:ssm:eu-west-1:123456789012:parameter/team/web/*"
      ]
    },
    {
      "Sid": "ReadServiceByPath",
      "Effect": "Allow",
      "Action": "ssm:GetParametersByPath",
      "Resource": [
        "arn:aws:ssm:eu-west-1:123456789012:parameter/prod",
        "arn:aws:ssm:eu-west-1:123456789012:parameter/team/web"
      ]
    },
    {
      "Sid": "UseKeyThroughSsm",
      "Effect": "Allow",
      "Action": "kms:Decrypt",
      "Resource": "arn:aws:kms:eu-west-1:123456789012:key/k-1",
      "Condition": {
        "StringEquals": {
          "kms:ViaService": "ssm.eu-west-1.amazonaws.com"
        }
      }
    },
    {
      "Sid": "DescribeKey",
      "Effect": "Allow",
      "Action": "kms:DescribeKey",
      "Resource": "arn:aws:kms:eu-west-1:123456789012:key/k-1"
    }
  ]
}
"#
    );
}

#[test]
fn without_a_session_unknown_parts_are_wildcards_with_a_note() {
    let env = offline();
    let o = env.cmd().args(["policy", "prod", "--json"]).env_remove("AWS_REGION").output().expect("run policy");
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        err,
        format!(
            "tfsecrets: note: no AWS session (no AWS region configured): unknown parts of the policy are wildcards
tfsecrets: note: region unknown: the policy allows any region (*); pass --region to pin it
tfsecrets: note: account unknown: the policy allows any account (*); pass --account to pin it
tfsecrets: note: KMS key ARN unknown: the KMS statements allow the keys carrying alias/parameter_store_key (kms:ResourceAliases); pass --kms-key-arn to name the key
{NOTES}"
        )
    );
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["Statement"][1]["Resource"], "arn:aws:ssm:*:*:parameter/prod/*");
    assert_eq!(doc["Statement"][2]["Resource"], "arn:aws:ssm:*:*:parameter/prod");
    assert_eq!(doc["Statement"][3]["Resource"], "arn:aws:kms:*:*:key/*");
    assert_eq!(
        doc["Statement"][3]["Condition"]["ForAnyValue:StringEquals"]["kms:ResourceAliases"],
        "alias/parameter_store_key"
    );
    assert_eq!(o.stdout.iter().filter(|b| **b == b'\n').count(), 1, "--json is one line");
}

#[test]
fn the_alias_follows_chamber_kms_key_alias() {
    let o = offline()
        .cmd()
        .args(["policy", "prod", "--json", "--account", "123456789012", "--region", "eu-west-1"])
        .env("CHAMBER_KMS_KEY_ALIAS", "team_key")
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["Statement"][3]["Condition"]["ForAnyValue:StringEquals"]["kms:ResourceAliases"], "alias/team_key");
    assert_eq!(doc["Statement"][1]["Resource"], "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/*");
}

#[test]
fn bad_input() {
    let env = offline();
    let given = [
        "--region",
        "eu-west-1",
        "--account",
        "123456789012",
        "--kms-key-arn",
        "arn:aws:kms:eu-west-1:123456789012:key/k",
    ];
    let cases: &[(&[&str], &str)] = &[
        (
            &["prod/", "--write"],
            "tfsecrets: error: invalid service name \"prod/\": a service is one or more /-separated segments of letters, digits, _, - and . (regex ^[\\w\\-\\.]+(\\/[\\w\\-\\.]+)*$)\n  hint: drop leading or trailing '/', '//' and characters such as spaces or ':'\n",
        ),
        (
            &["prod", "--account", "12345"],
            "tfsecrets: error: invalid account id \"12345\": an AWS account id is 12 digits\n",
        ),
        (
            &["prod", "--region", "Europe"],
            "tfsecrets: error: invalid region \"Europe\": expected a region name such as eu-west-1\n",
        ),
        (
            &["prod", "--kms-key-arn", "arn:aws:kms:eu-west-1:123456789012:alias/parameter_store_key"],
            "tfsecrets: error: invalid KMS key ARN \"arn:aws:kms:eu-west-1:123456789012:alias/parameter_store_key\": expected arn:aws:kms:REGION:ACCOUNT:key/KEY-ID\n  hint: give the ARN of the key the alias points to (aws kms describe-key --key-id alias/...): IAM checks the key, not the alias\n",
        ),
    ];
    for (args, want) in cases {
        let mut all: Vec<&str> = args.to_vec();
        if !args.contains(&"--account") && !args.contains(&"--region") && !args.contains(&"--kms-key-arn") {
            all.extend(given);
        }
        let (code, out, err) = run(&env, &all);
        assert_eq!((code, out.as_str(), err.as_str()), (65, "", *want), "{args:?}");
    }
    // No service, or a service with --template: usage errors.
    for args in [&[][..], &["prod", "--template"]] {
        let (code, out, err) = run(&env, args);
        assert_eq!((code, out.as_str()), (64, ""), "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{err}");
    }
}

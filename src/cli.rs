//! The command line: every command, flag and environment variable tfsecrets reads.

use crate::secret::Secret;
use crate::session::RetryMode;
use crate::store::Tier;
use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Keep Terraform secrets in AWS SSM Parameter Store (chamber-compatible) and run terraform with them.
#[derive(Debug, Parser)]
#[command(name = "tfsecrets", version, about, long_about = None)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: Global,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes; `--help` shows them under their own heading, after the command's own.
#[derive(Debug, Args, Clone)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// AWS profile to use (default: AWS_PROFILE, then the SDK's default chain).
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// AWS region (default: CHAMBER_AWS_REGION, AWS_REGION, AWS_DEFAULT_REGION, the profile's region).
    #[arg(long, global = true, value_name = "REGION")]
    pub region: Option<String>,
    /// Max attempts per AWS request: throttling, 5xx and broken connections are retried with jittered exponential
    /// backoff (an endpoint that cannot be reached at all is not). 0 = SDK default.
    #[arg(long, short = 'r', global = true, env = "CHAMBER_RETRIES", default_value_t = 10, value_name = "N")]
    pub retries: u32,
    /// Retry mode for AWS requests.
    #[arg(long, global = true, value_enum, default_value_t = RetryMode::Standard)]
    pub retry_mode: RetryMode,
    /// Print diagnostics on stderr (names and timings, never a secret value).
    #[arg(long, global = true)]
    pub verbose: bool,
    /// MFA code for a profile with mfa_serial, instead of a prompt on the terminal.
    #[arg(long, visible_alias = "mfa-code", global = true, value_name = "CODE", value_parser = parse_secret)]
    pub mfa_token: Option<Secret>,
    /// Least lifetime session credentials must have left; a cached MFA session is renewed below it (e.g. 90m, 1h30m).
    #[arg(long, global = true, env = "TFSECRETS_MIN_TTL", default_value = "15m", value_name = "DURATION", value_parser = crate::session::parse_duration)]
    pub min_ttl: std::time::Duration,
    /// Ignore a cached MFA session: prompt for a code and replace the cache entry.
    #[arg(long, global = true)]
    pub fresh: bool,
}

fn parse_secret(s: &str) -> Result<Secret, String> {
    Ok(Secret::from_str_copy(s))
}

/// `--retry-mode` values: the session's domain enum, parsed here so clap stays out of `session/`.
impl ValueEnum for RetryMode {
    fn value_variants<'a>() -> &'a [Self] {
        &[RetryMode::Standard, RetryMode::Adaptive]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            RetryMode::Standard => PossibleValue::new("standard").help("Exponential backoff with full jitter"),
            RetryMode::Adaptive => {
                PossibleValue::new("adaptive").help("The same as standard (tfsecrets paces itself after a throttle)")
            }
        })
    }
}

/// Every command.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write one secret.
    Write(WriteArgs),
    /// Read one secret (value and metadata).
    Read(ReadArgs),
    /// List a service's secrets (values only with -e).
    List(ListArgs),
    /// Show a secret's version history.
    History(HistoryArgs),
    /// Delete one secret.
    Delete(DeleteArgs),
    /// Export one or more services as JSON, dotenv or tfvars.
    Export(ExportArgs),
    /// List services (and with -s their secrets) under a prefix.
    ListServices(ListServicesArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Run a command (terraform, terragrunt, anything) with a service's secrets in its environment.
    Exec(ExecArgs),
    /// Store every variable of a .tfvars/.tfvars.json file in SSM, verify, then scrub the file.
    Import(ImportArgs),
    /// Show the AWS session (role, account, expiry); start an MFA session, export it, or clear it.
    Session(SessionArgs),
    /// Print the least-privilege IAM policy for using services (read; --write, --delete).
    Policy(PolicyArgs),
    /// Print the manual page, or write every page into a directory.
    Man(ManArgs),
    /// Check credentials, session, region, KMS key, SSM access, tools and the module here (one screen).
    Doctor(DoctorArgs),
    /// Compare a tfvars file with a service's secrets: new, changed, only stored, equal (names only).
    Diff(DiffArgs),
    /// Find where a service's secrets are stored in plaintext in terraform's state or a saved plan.
    Scan(ScanArgs),
}

/// `--tier` values: the store's domain enum, parsed here so clap stays out of `store/`.
impl ValueEnum for Tier {
    fn value_variants<'a>() -> &'a [Self] {
        &[Tier::Standard, Tier::Advanced]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Tier::Standard => {
                PossibleValue::new("standard").help("Account default (normally Standard): at most 4096 bytes")
            }
            Tier::Advanced => {
                PossibleValue::new("advanced").help("Advanced parameters: at most 8192 bytes (costs money)")
            }
        })
    }
}

/// How `exec` names environment variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum EnvStyle {
    /// `TF_VAR_<key>` with the key's exact case (terraform).
    #[default]
    Tf,
    /// chamber's names: upper-case, `-` → `_` (for non-terraform commands).
    Chamber,
    /// The key as is.
    Exact,
}

/// `exec`
#[derive(Debug, Clone, Args)]
pub struct ExecArgs {
    /// Services to fetch (a later one overrides an earlier one's keys); `svc:label` selects labelled versions.
    #[arg(required = true, value_name = "SERVICE")]
    pub services: Vec<String>,
    /// The command and its arguments, after `--`.
    #[arg(last = true, value_name = "COMMAND")]
    pub command: Vec<String>,
    /// Environment variable names.
    #[arg(long, value_enum, default_value_t = EnvStyle::Tf)]
    pub env_style: EnvStyle,
    /// Fetch the whole service even when the module declares its variables.
    #[arg(long)]
    pub all: bool,
    /// Don't read the module's variable blocks: pass every value verbatim.
    #[arg(long)]
    pub no_var_check: bool,
    /// Make warnings W1/W2 (a secret matching no variable) and W7 (a tfvars file or -var overriding a secret)
    /// errors; the codes are explained in README.md ("exec warnings").
    #[arg(long)]
    pub strict_vars: bool,
    /// Keep a variable already set in the environment instead of overriding it with the secret.
    #[arg(long)]
    pub no_clobber: bool,
    /// Pass only the secrets plus PATH, HOME, TERM, USER, LANG (and the AWS session variables).
    #[arg(long)]
    pub pristine: bool,
    /// Run the command even when no secret was found.
    #[arg(long)]
    pub allow_empty: bool,
    /// Print the variable names and their encoding (never values) and run nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// With --dry-run: print the plan as JSON (names, sources, encodings; never values).
    #[arg(long, requires = "dry_run")]
    pub json: bool,
    /// Leave the child's AWS variables as inherited (don't export the MFA session, don't remove AWS_PROFILE).
    #[arg(long)]
    pub no_aws_env: bool,
}

/// `import`
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Service to store the variables under (`/<service>/<name>`).
    pub service: String,
    /// The .tfvars or .tfvars.json file, or `-` for stdin (HCL; nothing is scrubbed).
    pub file: String,
    /// Print the plan (new / changed / unchanged names) and stop.
    #[arg(long)]
    pub dry_run: bool,
    /// Import only these variables (comma-separated); the rest stay in the file.
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub only: Vec<String>,
    /// Import all but these variables (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub except: Vec<String>,
    /// Don't scrub the file after importing.
    #[arg(long)]
    pub keep: bool,
    /// Tag for new secrets, `KEY=VALUE`; repeatable.
    #[arg(long = "tag", value_name = "KEY=VALUE")]
    pub tags: Vec<String>,
    /// Parameter tier (advanced holds up to 8 KB and is billed).
    #[arg(long, value_enum, default_value_t = Tier::Standard)]
    pub tier: Tier,
    /// Most SSM writes in flight at once.
    #[arg(long, default_value_t = 4, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=32))]
    pub concurrency: u16,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `session`
#[derive(Debug, Args)]
pub struct SessionArgs {
    /// Print as JSON.
    #[arg(long, conflicts_with_all = ["export", "clear"])]
    pub json: bool,
    /// Print `export AWS_...=...` lines for `eval` (the only output that shows the secret key and token).
    #[arg(long, conflicts_with_all = ["clear", "write_profile"])]
    pub export: bool,
    /// Write the session's credentials as section [NAME] of the shared credentials file (mode 0600).
    #[arg(long, value_name = "NAME", conflicts_with = "clear")]
    pub write_profile: Option<String>,
    /// Delete this profile's cached MFA session (only this machine's copy: AWS cannot revoke it).
    #[arg(long)]
    pub clear: bool,
}

/// `write`
#[derive(Debug, Args)]
pub struct WriteArgs {
    /// Service, e.g. `prod` or `team/web`.
    pub service: String,
    /// Key (kept exactly as typed; Terraform names are case-sensitive).
    pub key: String,
    /// The value, or `-` to read it from stdin verbatim (safer: argv is visible to other processes).
    #[arg(allow_hyphen_values = true, value_parser = parse_secret)]
    pub value: Secret,
    /// With `-`: read one line from stdin and drop its newline.
    #[arg(long, short = 's')]
    pub singleline: bool,
    /// Don't write when the stored value is already equal.
    #[arg(long)]
    pub skip_unchanged: bool,
    /// Tag for a new secret, `KEY=VALUE`; repeatable.
    #[arg(long = "tag", value_name = "KEY=VALUE")]
    pub tags: Vec<String>,
    /// Parameter tier (advanced holds up to 8 KB and is billed).
    #[arg(long, value_enum, default_value_t = Tier::Standard)]
    pub tier: Tier,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `read`
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Service.
    pub service: String,
    /// Key.
    pub key: String,
    /// Print only the value and a newline.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// chamber version to read (default: latest).
    #[arg(long, short = 'v', value_name = "N", allow_negative_numbers = true)]
    pub version: Option<i64>,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `list`
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Service.
    pub service: String,
    /// Include values.
    #[arg(long, short = 'e')]
    pub expand: bool,
    /// Sort by last-modified time.
    #[arg(long, short = 't')]
    pub time: bool,
    /// Sort by user.
    #[arg(long, short = 'u')]
    pub user: bool,
    /// Sort by version.
    #[arg(long = "version", short = 'v')]
    pub by_version: bool,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `history`
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Service.
    pub service: String,
    /// Key.
    pub key: String,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `delete`
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Service.
    pub service: String,
    /// Key (exact; a case-insensitive match is only suggested).
    pub key: String,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "lower")]
pub enum ExportFormat {
    /// One-line JSON object, keys sorted (chamber-identical).
    Json,
    /// `NAME="value"` lines (chamber-identical).
    Dotenv,
    /// Valid HCL `name = value` lines, collections kept typed.
    Tfvars,
}

/// `export`
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Services (later ones override earlier ones); `svc:label` selects labelled versions.
    #[arg(required = true)]
    pub services: Vec<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ExportFormat::Json, ignore_case = true)]
    pub format: ExportFormat,
    /// Write to this file (created with mode 0600) instead of stdout.
    #[arg(long = "output-file", short = 'o', value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
}

/// `list-services`
#[derive(Debug, Args)]
pub struct ListServicesArgs {
    /// Only services whose path starts with this.
    #[arg(default_value = "")]
    pub prefix: String,
    /// Include secret names (full paths).
    #[arg(long, short = 's')]
    pub secrets: bool,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `policy`
#[derive(Debug, Args)]
pub struct PolicyArgs {
    /// Services the policy covers; each grants /<service>/* (nested services included: IAM's * matches '/').
    #[arg(value_name = "SERVICE", required_unless_present = "template")]
    pub services: Vec<String>,
    /// Also allow write and import (PutParameter, tags, encryption through SSM).
    #[arg(long)]
    pub write: bool,
    /// Also allow delete (DeleteParameter).
    #[arg(long)]
    pub delete: bool,
    /// The KMS key's ARN (default: asked from AWS for the alias writes use; else any key carrying the alias).
    #[arg(long, value_name = "ARN")]
    pub kms_key_arn: Option<String>,
    /// The 12-digit account id (default: the session's, from STS GetCallerIdentity; else *).
    #[arg(long, value_name = "ID")]
    pub account: Option<String>,
    /// Print the document on one line.
    #[arg(long)]
    pub json: bool,
    /// Print a terraform templatefile() template for one service instead: ${service}, ${partition},
    /// ${dns_suffix}, ${region}, ${account_id} and ${kms_key_arn} stand for the values (examples/bootstrap).
    #[arg(long, conflicts_with_all = ["services", "account", "kms_key_arn"])]
    pub template: bool,
}

/// `diff`
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Service to compare with.
    pub service: String,
    /// The .tfvars or .tfvars.json file, or `-` for stdin (HCL); never changed.
    pub file: String,
    /// Compare only these variables (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub only: Vec<String>,
    /// Compare all but these variables (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub except: Vec<String>,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `doctor`
#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// A service to check: its secrets readable, the module's variables and tfvars files against its keys.
    #[arg(value_name = "SERVICE")]
    pub service: Option<String>,
    /// Print the checks as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `man`
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write tfsecrets.1 and one tfsecrets-<command>.1 per command into this directory (printing their paths).
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<std::path::PathBuf>,
}

/// `scan`
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Services whose secrets to look for; `svc:label` selects labelled versions.
    #[arg(required = true, value_name = "SERVICE")]
    pub services: Vec<String>,
    /// Scan this saved plan (`terraform show -json FILE`) instead of the current state.
    #[arg(long, value_name = "FILE", conflicts_with = "state")]
    pub plan: Option<std::path::PathBuf>,
    /// Scan this state file instead, or `-` for stdin: a raw state (terraform.tfstate, `terraform state pull`) or
    /// the output of `terraform show -json`. No terraform needed.
    #[arg(long, value_name = "FILE")]
    pub state: Option<String>,
    /// The root module directory, where terraform runs (default: the current directory).
    #[arg(long, value_name = "DIR")]
    pub chdir: Option<std::path::PathBuf>,
    /// The terraform (or tofu) binary that runs `show -json`.
    #[arg(long, env = "TFSECRETS_TERRAFORM", default_value = "terraform", value_name = "BIN")]
    pub terraform: String,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `completions`
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to generate for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }
}

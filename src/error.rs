//! The error type every command returns, and the one table that maps it to an exit code.
//!
//! tfsecrets' own failures use the BSD `sysexits.h` range, never 1 or 2, so that after
//! `tfsecrets exec ... -- terraform plan -detailed-exitcode` a 1 or a 2 can only be terraform's:
//!
//! | code | [`Kind`] | meaning |
//! |---:|---|---|
//! | 0 | | success (also when the reader of stdout went away: output stops quietly) |
//! | 1 | | `diff`/`scan`/`doctor`: found something, like diff(1) (a command returns `crate::Outcome::Exit(1)`) |
//! | 64 | `Usage` | the command line is wrong: every clap parse error (unknown flag, missing argument, bad value), `exec` without a command |
//! | 65 | `Invalid` | invalid input data: tfvars content, service and key names, values, tags, a stored value that does not fit its declared type (W5/W6), W1/W2/W7 with `--strict-vars`, SSM validation errors |
//! | 66 | `NotFound` | an input file, a profile's source file, a service or a secret that does not exist |
//! | 69 | `Unavailable` | AWS unreachable (connection refused, DNS, TLS, connect timeout) or failing (5xx, resets, unreadable answers) after the retries |
//! | 70 | `Internal` | a bug in tfsecrets |
//! | 73 | `CantCreate` | an output file (`export -o`, `session --write-profile`, the MFA cache) cannot be created or written |
//! | 74 | `Io` | a local read or write failed (stdin, the terminal, scrubbing the tfvars file, stdout other than a closed pipe) |
//! | 75 | `Temporary` | try again later: throttled past the retry budget; an import that stopped half-way for such a reason (re-running converges) |
//! | 77 | `Denied` | AWS refused the caller: IAM or KMS access denied, an MFA code refused |
//! | 78 | `Config` | the setup is incomplete or wrong: no region, no credentials, credentials AWS does not accept (unknown key, bad signature, expired token), a bad profile, a missing or disabled KMS key, a terraform binary `scan` cannot run |
//! | 126, 127 | `Exec` | `exec`: the command is not executable / not found |
//! | any | | `exec`: the command's own exit status, untouched |
//!
//! The same table is in README.md ("Exit codes"). AWS error codes are mapped to kinds in `store/sdk_error.rs`
//! and `session/sts.rs`; transport failures are classified in `session/transport.rs`.

use std::fmt;

/// What kind of failure an [`Error`] is; decides the exit code ([`Kind::exit_code`], the table above).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The command line is wrong (what clap cannot see, e.g. `exec` without a command): 64.
    Usage,
    /// Invalid input data (tfvars content, names, values, a declared-type mismatch): 65.
    Invalid,
    /// An input file, a service or a secret that does not exist (or an input file that cannot be read): 66.
    NotFound,
    /// AWS could not be reached, or kept failing after the retries: 69.
    Unavailable,
    /// A bug in tfsecrets: 70.
    Internal,
    /// An output file could not be created or written: 73.
    CantCreate,
    /// A local read or write failed: 74.
    Io,
    /// Throttled past the retry budget, or an import stopped half-way for such a reason; re-run: 75.
    Temporary,
    /// AWS refused the caller (IAM, KMS, an MFA code): 77.
    Denied,
    /// No region, no usable credentials, a bad profile, a missing KMS key alias: 78.
    Config,
    /// The command to exec could not be run: 126 (not executable) or 127 (not found).
    Exec(i32),
}

impl Kind {
    /// The process exit code of this kind: the one table (module docs, README "Exit codes").
    pub fn exit_code(self) -> i32 {
        match self {
            Kind::Usage => 64,
            Kind::Invalid => 65,
            Kind::NotFound => 66,
            Kind::Unavailable => 69,
            Kind::Internal => 70,
            Kind::CantCreate => 73,
            Kind::Io => 74,
            Kind::Temporary => 75,
            Kind::Denied => 77,
            Kind::Config => 78,
            Kind::Exec(code) => code,
        }
    }

    /// The kind of a multi-step job (an import) that stopped half-way because of this: a transient cause
    /// (unreachable, throttled, a local I/O hiccup) becomes [`Kind::Temporary`], since running the same command
    /// again converges; a cause that a re-run cannot fix (access denied, invalid data, configuration) keeps its
    /// own kind.
    pub fn stopped_half_way(self) -> Kind {
        match self {
            Kind::Unavailable | Kind::Temporary | Kind::Io => Kind::Temporary,
            other => other,
        }
    }
}

/// A user-facing error: what went wrong, and optionally what to do next. Never holds a secret value.
#[derive(Debug)]
pub struct Error {
    /// The failure class.
    pub kind: Kind,
    /// What went wrong, and where.
    pub message: String,
    /// What to do next.
    pub hint: Option<String>,
    /// The underlying causes, outermost first (an SDK error's source chain), shown only with `--verbose`.
    /// Never a value, never a request or response body.
    pub causes: Vec<String>,
}

/// Result alias used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Builds an error of the given kind.
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Error { kind, message: message.into(), hint: None, causes: Vec::new() }
    }

    /// The command line is wrong (exit 64).
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Kind::Usage, message)
    }

    /// Invalid input data (exit 65).
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(Kind::Invalid, message)
    }

    /// Something does not exist (exit 66).
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(Kind::NotFound, message)
    }

    /// AWS unreachable or failing after the retries (exit 69).
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(Kind::Unavailable, message)
    }

    /// A bug in tfsecrets (exit 70).
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(Kind::Internal, message)
    }

    /// An output file could not be created or written (exit 73).
    pub fn cant_create(message: impl Into<String>) -> Self {
        Self::new(Kind::CantCreate, message)
    }

    /// A local I/O failure (exit 74).
    pub fn io(message: impl Into<String>) -> Self {
        Self::new(Kind::Io, message)
    }

    /// Throttled past the retry budget, or stopped half-way; running again converges (exit 75).
    pub fn temporary(message: impl Into<String>) -> Self {
        Self::new(Kind::Temporary, message)
    }

    /// AWS refused the caller (exit 77).
    pub fn denied(message: impl Into<String>) -> Self {
        Self::new(Kind::Denied, message)
    }

    /// Missing or wrong configuration: region, credentials, profile, KMS key (exit 78).
    pub fn config(message: impl Into<String>) -> Self {
        Self::new(Kind::Config, message)
    }

    /// Adds the "what to do next" line.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds the causes `--verbose` shows (outermost first).
    pub fn causes(mut self, causes: Vec<String>) -> Self {
        self.causes = causes;
        self
    }

    /// Prefixes the message with context (e.g. the file or the key concerned).
    pub fn context(mut self, context: impl fmt::Display) -> Self {
        self.message = format!("{context}: {}", self.message);
        self
    }

    /// The process exit code for this error (the table in the module docs and README.md).
    pub fn exit_code(&self) -> i32 {
        self.kind.exit_code()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::io(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exit_code_table() {
        let table = [
            (Kind::Usage, 64),
            (Kind::Invalid, 65),
            (Kind::NotFound, 66),
            (Kind::Unavailable, 69),
            (Kind::Internal, 70),
            (Kind::CantCreate, 73),
            (Kind::Io, 74),
            (Kind::Temporary, 75),
            (Kind::Denied, 77),
            (Kind::Config, 78),
            (Kind::Exec(126), 126),
            (Kind::Exec(127), 127),
        ];
        for (kind, code) in table {
            assert_eq!(Error::new(kind, "x").exit_code(), code, "{kind:?}");
            // Never terraform's 1 (error) or 2 (plan -detailed-exitcode: changes present).
            assert!(code != 1 && code != 2);
        }
    }

    #[test]
    fn a_half_way_stop_is_temporary_only_when_a_rerun_can_converge() {
        assert_eq!(Kind::Unavailable.stopped_half_way(), Kind::Temporary);
        assert_eq!(Kind::Temporary.stopped_half_way(), Kind::Temporary);
        assert_eq!(Kind::Io.stopped_half_way(), Kind::Temporary);
        assert_eq!(Kind::Denied.stopped_half_way(), Kind::Denied);
        assert_eq!(Kind::Invalid.stopped_half_way(), Kind::Invalid);
        assert_eq!(Kind::Config.stopped_half_way(), Kind::Config);
    }

    #[test]
    fn display_with_hint_and_context() {
        let e = Error::invalid("bad name").hint("use letters").context("write");
        assert_eq!(e.to_string(), "write: bad name\n  hint: use letters");
        // Causes are for --verbose only: never part of the message.
        let e = Error::unavailable("cannot reach x").causes(vec!["io error".into()]);
        assert_eq!(e.to_string(), "cannot reach x");
    }
}

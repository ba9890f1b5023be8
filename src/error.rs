//! The error type every command returns, and how it maps to an exit code.

use std::fmt;

/// What kind of failure an [`Error`] is; decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Bad command line or invalid input (names, files, values): exit 2.
    Invalid,
    /// A secret, service or file that does not exist: exit 1.
    NotFound,
    /// AWS said no, or could not be reached: exit 1.
    Aws,
    /// Credentials or region could not be resolved: exit 1.
    Credentials,
    /// A local file or terminal failed: exit 1.
    Io,
    /// The command to exec could not be run: exit 126 (not executable) or 127 (not found).
    Exec(i32),
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
}

/// Result alias used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Builds an error of the given kind.
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Error { kind, message: message.into(), hint: None }
    }

    /// Invalid input or usage (exit 2).
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(Kind::Invalid, message)
    }

    /// Something does not exist (exit 1).
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(Kind::NotFound, message)
    }

    /// An AWS-side failure (exit 1).
    pub fn aws(message: impl Into<String>) -> Self {
        Self::new(Kind::Aws, message)
    }

    /// A credentials/region failure (exit 1).
    pub fn credentials(message: impl Into<String>) -> Self {
        Self::new(Kind::Credentials, message)
    }

    /// A local I/O failure (exit 1).
    pub fn io(message: impl Into<String>) -> Self {
        Self::new(Kind::Io, message)
    }

    /// Adds the "what to do next" line.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Prefixes the message with context (e.g. the file or the key concerned).
    pub fn context(mut self, context: impl fmt::Display) -> Self {
        self.message = format!("{context}: {}", self.message);
        self
    }

    /// The process exit code for this error (documented in README.md).
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            Kind::Invalid => 2,
            Kind::Exec(code) => code,
            Kind::NotFound | Kind::Aws | Kind::Credentials | Kind::Io => 1,
        }
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
    fn exit_codes() {
        assert_eq!(Error::invalid("x").exit_code(), 2);
        assert_eq!(Error::not_found("x").exit_code(), 1);
        assert_eq!(Error::aws("x").exit_code(), 1);
        assert_eq!(Error::new(Kind::Exec(127), "x").exit_code(), 127);
    }

    #[test]
    fn display_with_hint_and_context() {
        let e = Error::invalid("bad name").hint("use letters").context("write");
        assert_eq!(e.to_string(), "write: bad name\n  hint: use letters");
    }
}

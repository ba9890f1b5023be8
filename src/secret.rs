//! The `Secret` type: a secret value that never prints itself and is wiped from memory on drop.

use std::fmt;
use zeroize::{Zeroize, Zeroizing};

/// A secret value (UTF-8 text) that zeroizes its buffer on drop and prints `<redacted>` in Debug/Display.
///
/// The only ways to see the value are [`Secret::expose`] and [`Secret::expose_bytes`]; call them only
/// where the user asked for the value (`read`, `export`, `list -e`) or where it is handed to AWS or a child.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps a string as a secret, taking ownership of its buffer.
    pub fn new(value: String) -> Self {
        Secret(Zeroizing::new(value))
    }

    /// Copies a string slice into a new secret.
    pub fn from_str_copy(value: &str) -> Self {
        Secret(Zeroizing::new(value.to_owned()))
    }

    /// The plaintext value. Use only where the value must leave the process as the user asked.
    pub fn expose(&self) -> &str {
        self.0.as_str()
    }

    /// The plaintext value as bytes.
    pub fn expose_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// Length of the value in bytes (safe to print).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the value is empty (SSM refuses empty values).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Constant-time-ish equality of two secrets' bytes (no early exit on the first difference).
    pub fn ct_eq(&self, other: &Secret) -> bool {
        let (a, b) = (self.expose_bytes(), other.expose_bytes());
        if a.len() != b.len() {
            return false;
        }
        a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }

    /// Wipes the value now (it is wiped on drop anyway).
    pub fn wipe(&mut self) {
        self.0.zeroize();
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_are_redacted() {
        let s = Secret::from_str_copy("hunter2");
        assert_eq!(format!("{s:?}"), "<redacted>");
        assert_eq!(format!("{s}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(&s)), "Some(<redacted>)");
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn ct_eq_compares_bytes() {
        let a = Secret::from_str_copy("abc");
        assert!(a.ct_eq(&Secret::from_str_copy("abc")));
        assert!(!a.ct_eq(&Secret::from_str_copy("abd")));
        assert!(!a.ct_eq(&Secret::from_str_copy("ab")));
    }

    #[test]
    fn wipe_clears_value() {
        let mut a = Secret::from_str_copy("abc");
        a.wipe();
        assert!(a.is_empty());
    }
}

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

    /// An empty secret with room for `capacity` bytes, to be filled with [`Secret::push_str`].
    pub fn with_capacity(capacity: usize) -> Self {
        Secret(Zeroizing::new(String::with_capacity(capacity)))
    }

    /// Appends text. When the buffer must grow, the value moves to a larger buffer and the old one is wiped
    /// first, so no copy of the plaintext is ever freed unwiped (a plain `String` reallocates and frees the
    /// old bytes as they are).
    pub fn push_str(&mut self, text: &str) {
        let needed = self.0.len() + text.len();
        if needed > self.0.capacity() {
            let mut grown = String::with_capacity(needed.max(self.0.capacity() * 2).max(16));
            grown.push_str(&self.0);
            self.0.zeroize();
            self.0 = Zeroizing::new(grown);
        }
        self.0.push_str(text);
    }

    /// Reads `reader` to its end into a secret (UTF-8), wiping every buffer it outgrows; invalid UTF-8 is wiped
    /// and reported as `InvalidData`. (`Read::read_to_end` would free each outgrown buffer unwiped.)
    pub fn read_from(reader: &mut impl std::io::Read) -> std::io::Result<Secret> {
        Self::read_sized(reader, 0)
    }

    /// [`Secret::read_from`] with room for `size` bytes from the start (a file's length): a text of that size is
    /// read without ever moving to a larger buffer.
    pub fn read_sized(reader: &mut impl std::io::Read, size: usize) -> std::io::Result<Secret> {
        let mut bytes = Zeroizing::new(Vec::<u8>::with_capacity(size.saturating_add(1).max(8192)));
        let mut chunk = Zeroizing::new([0u8; 65536]);
        loop {
            let n = match reader.read(&mut chunk[..]) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if bytes.len() + n > bytes.capacity() {
                let mut grown = Zeroizing::new(Vec::with_capacity((bytes.len() + n).max(bytes.capacity() * 2)));
                grown.extend_from_slice(&bytes);
                bytes = grown; // the outgrown buffer is wiped as it drops
            }
            bytes.extend_from_slice(&chunk[..n]);
        }
        match String::from_utf8(std::mem::take(&mut *bytes)) {
            Ok(text) => Ok(Secret::new(text)),
            Err(e) => {
                e.into_bytes().zeroize();
                Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "not valid UTF-8"))
            }
        }
    }

    /// Appends one character (see [`Secret::push_str`] for how growth is handled).
    pub fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0u8; 4]));
    }
}

/// `write!(secret, ...)` builds a value in place, wiping on growth like [`Secret::push_str`].
impl fmt::Write for Secret {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push_str(s);
        Ok(())
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
    fn push_str_grows_and_keeps_the_value() {
        use std::fmt::Write;
        let mut s = Secret::with_capacity(2);
        for i in 0..100 {
            s.push_str("ab");
            s.push('c');
            write!(s, "{i}").unwrap();
        }
        let expected: String = (0..100).map(|i| format!("abc{i}")).collect();
        assert_eq!(s.expose(), expected);
    }

    #[test]
    fn read_from_keeps_every_byte_and_refuses_invalid_utf8() {
        let text: String = (0..5000).map(|i| format!("line {i} é\n")).collect();
        let s = Secret::read_from(&mut text.as_bytes()).unwrap();
        assert_eq!(s.expose(), text);
        assert!(Secret::read_from(&mut &b""[..]).unwrap().is_empty());
        let e = Secret::read_from(&mut &b"ok\xff"[..]).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidData);
    }

    #[test]
    fn wipe_clears_value() {
        let mut a = Secret::from_str_copy("abc");
        a.wipe();
        assert!(a.is_empty());
    }
}

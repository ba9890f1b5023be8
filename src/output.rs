//! Everything tfsecrets prints on stdout goes through here (tables, values, JSON, plans, completions).
//!
//! A reader that went away (`tfsecrets list prod | head -1`, a closed pipe: `EPIPE`) ends the output quietly:
//! the rest is dropped, nothing is printed on stderr, and the command finishes what it was doing (an import still
//! writes, verifies and scrubs) and exits as it would have, 0 on success. Rust ignores `SIGPIPE`, so the write
//! fails with `EPIPE` instead of killing the process; `println!` would panic on it. Any other write error (a full
//! disk behind a redirection) is an error (exit 74).
//!
//! Diagnostics on stderr are `crate::ui`'s.

use crate::error::{Error, Result};
use crate::secret::Secret;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

static CLOSED: AtomicBool = AtomicBool::new(false);

/// Whether stdout's reader went away (every later write is dropped).
pub fn closed() -> bool {
    CLOSED.load(Ordering::Relaxed)
}

/// Writes bytes to stdout in one write and flushes; a closed pipe ends output quietly (module docs).
pub fn write(bytes: &[u8]) -> Result<()> {
    write_to(&mut std::io::stdout().lock(), bytes, &CLOSED)
}

/// [`write`] into any writer, with its own "reader went away" flag (the unit tests give it a closed pipe).
fn write_to(out: &mut impl Write, bytes: &[u8], closed: &AtomicBool) -> Result<()> {
    if closed.load(Ordering::Relaxed) {
        return Ok(());
    }
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            closed.store(true, Ordering::Relaxed);
            Ok(())
        }
        Err(e) => Err(Error::io(format!("writing to stdout: {e}"))),
    }
}

/// Prints one line (a newline is added). For text without secret values; those go through [`secret`].
pub fn line(text: impl AsRef<str>) -> Result<()> {
    let text = text.as_ref();
    let mut buf = Vec::with_capacity(text.len() + 1);
    buf.extend_from_slice(text.as_bytes());
    buf.push(b'\n');
    write(&buf)
}

/// Prints text that may hold secret values (a table with values, an export, `read -q`), exactly as built; the
/// caller drops (and so wipes) the `Secret` after.
pub fn secret(text: &Secret) -> Result<()> {
    write(text.expose_bytes())
}

/// Prints a value as one line of JSON. The text is built in a `Secret` (it may hold values) and written with one
/// write.
pub fn json(value: &impl serde::Serialize) -> Result<()> {
    let mut out = Secret::with_capacity(256);
    serde_json::to_writer(SecretWriter(&mut out), value)
        .map_err(|e| Error::internal(format!("cannot encode the JSON output: {e}")))?;
    out.push('\n');
    secret(&out)
}

/// `io::Write` into a `Secret` (serde_json writes whole UTF-8 fragments; anything else is refused).
pub struct SecretWriter<'a>(pub &'a mut Secret);

impl std::io::Write for SecretWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = std::str::from_utf8(buf).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        self.0.push_str(text);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_pipe_ends_output_quietly_and_for_good() {
        let (reader, mut writer) = std::io::pipe().unwrap();
        drop(reader);
        let closed = AtomicBool::new(false);
        write_to(&mut writer, b"first\n", &closed).unwrap();
        assert!(closed.load(Ordering::Relaxed), "EPIPE marks stdout closed");
        // Later writes are dropped without touching the writer at all.
        write_to(&mut FailingWriter, b"second\n", &closed).unwrap();
    }

    /// A writer that fails with something other than a closed pipe.
    struct FailingWriter;

    impl Write for FailingWriter {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::from_raw_os_error(libc::ENOSPC))
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn other_write_errors_are_io_errors() {
        let e = write_to(&mut FailingWriter, b"x", &AtomicBool::new(false)).unwrap_err();
        assert_eq!(e.exit_code(), 74);
        assert!(e.message.starts_with("writing to stdout: No space left on device"), "{}", e.message);
    }

    #[test]
    fn json_is_built_in_a_secret() {
        let mut out = Secret::default();
        serde_json::to_writer(SecretWriter(&mut out), &serde_json::json!({"k": "v<&>"})).unwrap();
        assert_eq!(out.expose(), r#"{"k":"v<&>"}"#);
    }
}

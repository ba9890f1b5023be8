//! The MFA prompt on the controlling terminal (`/dev/tty`): never stdin or stdout, which may carry data.

use crate::error::{Error, Result};
use crate::secret::Secret;
use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::AsFd;

/// An open controlling terminal.
pub struct Tty {
    file: File,
}

impl Tty {
    /// Opens `/dev/tty`; `None` when the process has no controlling terminal.
    pub fn open() -> Option<Tty> {
        std::fs::OpenOptions::new().read(true).write(true).open("/dev/tty").ok().map(|file| Tty { file })
    }

    /// Writes `prompt`, reads one line with echo off; `Ok(None)` on end of input.
    fn read_line(&mut self, prompt: &str) -> Result<Option<Secret>> {
        self.file.write_all(prompt.as_bytes())?;
        self.file.flush()?;
        let saved = nix::sys::termios::tcgetattr(self.file.as_fd()).ok();
        if let Some(t) = &saved {
            let mut quiet = t.clone();
            quiet.local_flags.remove(nix::sys::termios::LocalFlags::ECHO);
            quiet.local_flags.insert(nix::sys::termios::LocalFlags::ECHONL);
            let _ = nix::sys::termios::tcsetattr(self.file.as_fd(), nix::sys::termios::SetArg::TCSANOW, &quiet);
        }
        let mut line = zeroize::Zeroizing::new(Vec::with_capacity(16));
        let mut byte = [0u8; 1];
        let outcome = loop {
            match self.file.read(&mut byte) {
                Ok(0) => break Ok(false),
                Ok(_) if byte[0] == b'\n' => break Ok(true),
                Ok(_) => {
                    if line.len() < 256 {
                        line.push(byte[0]);
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => break Err(e),
            }
        };
        if let Some(t) = &saved {
            let _ = nix::sys::termios::tcsetattr(self.file.as_fd(), nix::sys::termios::SetArg::TCSANOW, t);
        }
        match outcome {
            Ok(false) if line.is_empty() => Ok(None),
            Ok(_) => Ok(Some(Secret::new(String::from_utf8_lossy(&line).into_owned()))),
            Err(e) => Err(Error::io(format!("reading the MFA code from the terminal: {e}"))),
        }
    }

    /// Asks for a 6-digit MFA code, up to 3 times. End of input aborts.
    pub fn ask_mfa_code(&mut self, serial: &str) -> Result<Secret> {
        for attempt in 1..=3 {
            let Some(answer) = self.read_line(&format!("Enter MFA code for {serial}: "))? else {
                return Err(Error::config("MFA prompt aborted (end of input)"));
            };
            let code = answer.expose().trim();
            if valid_code(code) {
                return Ok(Secret::from_str_copy(code));
            }
            if attempt < 3 {
                let _ = writeln!(self.file, "The MFA code must be 6 digits; try again.");
            }
        }
        Err(Error::invalid("no valid MFA code after 3 tries (a code is 6 digits)"))
    }
}

/// Whether `code` matches `^[0-9]{6}$`.
pub fn valid_code(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_shape() {
        assert!(valid_code("012345"));
        for bad in ["12345", "1234567", "12345a", " 12345", "１２３４５６"] {
            assert!(!valid_code(bad), "{bad}");
        }
    }
}

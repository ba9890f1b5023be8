//! The JSON tokens both readers share (the tree reader in `json.rs`, the streaming walker in `walk.rs`): string
//! literals (validated, optionally unescaped into a [`Secret`]), numbers and the keywords, with the same fixed
//! error texts and offsets. Errors are `(offset, message)`; each reader turns them into its own error.

use crate::secret::Secret;

/// A token error: the byte offset of the problem and a fixed description (never input text).
pub(super) type LexError = (usize, &'static str);

/// Bytes that end a run of plain string content: `"`, `\` and the control characters.
const STOP: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// Reads the string literal whose opening quote is at `open`, validating every escape. With `out`, its text
/// (escapes decoded) is appended there. Returns the offset just after the closing quote and whether the
/// literal had any escape (without one, its text is exactly `src[open + 1..end - 1]`).
pub(super) fn string(src: &str, open: usize, mut out: Option<&mut Secret>) -> Result<(usize, bool), LexError> {
    let b = src.as_bytes();
    let mut i = open + 1;
    let mut escaped = false;
    loop {
        let run = i;
        while i < b.len() && !STOP[usize::from(b[i])] {
            i += 1;
        }
        if let Some(out) = out.as_deref_mut() {
            out.push_str(&src[run..i]);
        }
        match b.get(i) {
            None => return Err((open, "unterminated string")),
            Some(b'"') => return Ok((i + 1, escaped)),
            Some(b'\\') => {
                escaped = true;
                let (c, next) = escape(src, i)?;
                if let Some(out) = out.as_deref_mut() {
                    out.push(c);
                }
                i = next;
            }
            Some(_) => return Err((i, "control character in string (must be escaped)")),
        }
    }
}

/// The character of the escape whose backslash is at `at`, and the offset after it.
fn escape(src: &str, at: usize) -> Result<(char, usize), LexError> {
    let c = match src.as_bytes().get(at + 1) {
        Some(b'"') => '"',
        Some(b'\\') => '\\',
        Some(b'/') => '/',
        Some(b'b') => '\u{8}',
        Some(b'f') => '\u{c}',
        Some(b'n') => '\n',
        Some(b'r') => '\r',
        Some(b't') => '\t',
        Some(b'u') => return unicode_escape(src, at),
        _ => return Err((at, "invalid escape sequence")),
    };
    Ok((c, at + 2))
}

/// The character of a `\uXXXX` escape at `at` (and of its low surrogate escape, if any), and the offset after.
fn unicode_escape(src: &str, at: usize) -> Result<(char, usize), LexError> {
    let hi = hex4(src, at + 2).ok_or((at, "invalid \\u escape"))?;
    let (cp, end) = if (0xD800..0xDC00).contains(&hi) {
        if !src[at + 6..].starts_with("\\u") {
            return Err((at, "lone surrogate in \\u escape"));
        }
        let lo = hex4(src, at + 8).ok_or((at, "invalid \\u escape"))?;
        if !(0xDC00..0xE000).contains(&lo) {
            return Err((at, "invalid surrogate pair in \\u escape"));
        }
        (0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00), at + 12)
    } else {
        (hi, at + 6)
    };
    char::from_u32(cp).map(|c| (c, end)).ok_or((at, "invalid \\u escape"))
}

fn hex4(src: &str, at: usize) -> Option<u32> {
    let h = src.get(at..at + 4).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))?;
    u32::from_str_radix(h, 16).ok()
}

/// The end of the number starting at `start` (RFC 8259 grammar).
pub(super) fn number(b: &[u8], start: usize) -> Result<usize, LexError> {
    let digits = |i: &mut usize| {
        let s = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - s
    };
    let mut i = start;
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    let int_start = i;
    let n = digits(&mut i);
    if n == 0 || (n > 1 && b[int_start] == b'0') {
        return Err((start, "invalid number"));
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return Err((start, "invalid number"));
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return Err((start, "invalid number"));
        }
    }
    Ok(i)
}

/// The keyword (`true`, `false`, `null`) at `at`, if any: the keyword and the offset after it.
pub(super) fn keyword(src: &str, at: usize) -> Option<(&'static str, usize)> {
    ["true", "false", "null"].into_iter().find(|w| src[at..].starts_with(w)).map(|w| (w, at + w.len()))
}

/// Advances over JSON white space.
pub(super) fn ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

//! Nesting-depth checks on raw text, run before any recursive parser sees the input.
//!
//! The scanners understand just enough of each syntax (strings, comments, heredocs, template
//! interpolations) not to count brackets inside string contents. They only ever reject input
//! whose real nesting exceeds [`MAX_DEPTH`]; malformed input is left to the parsers.

use super::{MAX_DEPTH, Pos, TfvarsError, TfvarsErrorKind};

fn too_deep(source: &str, offset: usize, file: &str) -> TfvarsError {
    TfvarsError::new(
        TfvarsErrorKind::TooDeep,
        file,
        Some(Pos::at_offset(source, offset)),
        format!("value nested more than {MAX_DEPTH} levels deep"),
        "flatten the value; terraform variables this deep are not supported",
    )
}

/// Checks the nesting depth of a JSON text.
pub(crate) fn check_json(source: &str, file: &str) -> Result<(), TfvarsError> {
    let b = source.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(too_deep(source, i, file));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Frame<'a> {
    /// Inside `[`, `{` or `(` in expression context.
    Bracket,
    /// Inside `${` / `%{` in a template; `}` returns to the template.
    Interp,
    /// Inside a quoted string template.
    Str,
    /// Inside a heredoc body with this delimiter; `bol` = at the beginning of a line.
    Heredoc { delim: &'a [u8], bol: bool },
}

/// Checks the nesting depth of an HCL native text.
pub(crate) fn check_native(source: &str, file: &str) -> Result<(), TfvarsError> {
    let b = source.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    while i < b.len() {
        match stack.last().copied() {
            None | Some(Frame::Bracket) | Some(Frame::Interp) => match b[i] {
                b'#' => i = skip_line(b, i),
                b'/' if at(i + 1) == b'/' => i = skip_line(b, i),
                b'/' if at(i + 1) == b'*' => {
                    i = source[i + 2..].find("*/").map_or(b.len(), |p| i + 2 + p + 2);
                }
                b'"' => {
                    stack.push(Frame::Str);
                    i += 1;
                }
                b'<' if at(i + 1) == b'<' => {
                    let mut j = i + 2;
                    if at(j) == b'-' {
                        j += 1;
                    }
                    let start = j;
                    while at(j).is_ascii_alphanumeric() || at(j) == b'_' || at(j) == b'-' {
                        j += 1;
                    }
                    let delim = &b[start..j];
                    let eol = if at(j) == b'\n' {
                        Some(j + 1)
                    } else if at(j) == b'\r' && at(j + 1) == b'\n' {
                        Some(j + 2)
                    } else {
                        None
                    };
                    match eol {
                        Some(next) if !delim.is_empty() => {
                            stack.push(Frame::Heredoc { delim, bol: true });
                            i = next;
                        }
                        _ => i += 2,
                    }
                }
                b'[' | b'{' | b'(' => {
                    stack.push(Frame::Bracket);
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Err(too_deep(source, i, file));
                    }
                    i += 1;
                }
                b']' | b'}' | b')' => {
                    if stack.pop().is_some() {
                        depth = depth.saturating_sub(1);
                    }
                    i += 1;
                }
                _ => i += 1,
            },
            Some(Frame::Str) => match b[i] {
                b'\\' => i += 2,
                b'"' | b'\n' => {
                    stack.pop();
                    i += 1;
                }
                c => i = template_char(b, i, c, &mut stack, &mut depth, source, file)?,
            },
            Some(Frame::Heredoc { delim, bol }) => {
                if bol {
                    let line_end = b[i..].iter().position(|&c| c == b'\n').map_or(b.len(), |p| i + p);
                    let line = &b[i..line_end];
                    let trimmed = trim_ascii_ws(line);
                    if trimmed == delim {
                        stack.pop();
                        i = line_end;
                        continue;
                    }
                    if let Some(Frame::Heredoc { bol, .. }) = stack.last_mut() {
                        *bol = false;
                    }
                }
                match b[i] {
                    b'\n' => {
                        if let Some(Frame::Heredoc { bol, .. }) = stack.last_mut() {
                            *bol = true;
                        }
                        i += 1;
                    }
                    c => i = template_char(b, i, c, &mut stack, &mut depth, source, file)?,
                }
            }
        }
    }
    Ok(())
}

/// Handles one character of template text: `$${` / `%%{` are literals, `${` / `%{` open an
/// interpolation. Returns the next offset.
fn template_char(
    b: &[u8],
    i: usize,
    c: u8,
    stack: &mut Vec<Frame>,
    depth: &mut usize,
    source: &str,
    file: &str,
) -> Result<usize, TfvarsError> {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    if (c == b'$' || c == b'%') && at(i + 1) == c && at(i + 2) == b'{' {
        return Ok(i + 3);
    }
    if (c == b'$' || c == b'%') && at(i + 1) == b'{' {
        stack.push(Frame::Interp);
        *depth += 1;
        if *depth > MAX_DEPTH {
            return Err(too_deep(source, i, file));
        }
        return Ok(i + 2);
    }
    Ok(i + 1)
}

fn skip_line(b: &[u8], i: usize) -> usize {
    b[i..].iter().position(|&c| c == b'\n').map_or(b.len(), |p| i + p)
}

fn trim_ascii_ws(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(s.len());
    let end = s.iter().rposition(|c| !c.is_ascii_whitespace()).map_or(start, |p| p + 1);
    &s[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn native_depth_err(src: &str) -> Option<Pos> {
        check_native(src, "f").err().and_then(|e| {
            assert_eq!(e.kind, TfvarsErrorKind::TooDeep);
            e.pos
        })
    }

    #[test]
    fn deep_native_brackets_are_rejected() {
        let src = format!("a = {}1{}\n", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(native_depth_err(&src), Some(Pos { line: 1, col: 4 + MAX_DEPTH + 1 }));
        let src = format!("a = {}1{}\n", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert_eq!(native_depth_err(&src), None);
    }

    #[test]
    fn deep_native_interpolations_are_rejected() {
        let src = format!("a = {}1{}\n", "\"${".repeat(200), "}\"".repeat(200));
        assert!(native_depth_err(&src).is_some());
        let src = format!("a = <<EOT\n{}\nEOT\n", "${[".repeat(100));
        assert!(native_depth_err(&src).is_some());
    }

    #[test]
    fn brackets_in_strings_comments_and_heredocs_do_not_count() {
        let many = "[".repeat(1000);
        let cases = [
            format!("a = \"{many}\"\n"),
            format!("a = \"$${{{many}\"\n"),
            format!("# {many}\na = 1\n"),
            format!("// {many}\na = 1\n"),
            format!("/* {many} */ a = 1\n"),
            format!("a = <<EOT\n{many}\nEOT\nb = 1\n"),
            format!("a = <<-EOT\n  {many}\n  EOT\nb = [1]\n"),
            format!("a = \"\\\"{many}\"\n"),
            format!("a = \"${{\"{many}\"}}\"\n"),
        ];
        for c in cases {
            assert_eq!(native_depth_err(&c), None, "{}", &c[..20]);
        }
    }

    #[test]
    fn json_depth() {
        let src = format!("{{\"a\": {}1{}}}", "[".repeat(10_000), "]".repeat(10_000));
        let e = check_json(&src, "f").err().map(|e| (e.kind, e.pos));
        assert_eq!(e, Some((TfvarsErrorKind::TooDeep, Some(Pos { line: 1, col: 7 + MAX_DEPTH - 1 }))));
        let src = format!("{{\"a\": \"{}\"}}", "[".repeat(10_000));
        assert!(check_json(&src, "f").is_ok());
        let src = format!("{{\"a\": \"\\\"{}\"}}", "[".repeat(10_000));
        assert!(check_json(&src, "f").is_ok());
    }
}

//! The one nesting guard: checks on raw text, run before any recursive parser sees the input.
//!
//! The scanners understand just enough of each syntax (strings, comments, heredocs, template interpolations)
//! not to count brackets inside string contents. They only ever reject input whose real nesting exceeds
//! [`MAX_DEPTH`]; malformed input is left to the parsers, which report it with a better message.
//!
//! One limit for every reader: `.tfvars`, `.tfvars.json`, `*.tf`, `*.tf.json` and stored values alike
//! (docs/terraform-vars.md §3). hcl-edit has its own, lower limit for native syntax (64 levels); this guard
//! keeps pathological input (thousands of brackets) away from every parser and gives it one clear error.

/// Deepest nesting of brackets, braces, parentheses and template interpolations accepted in a text.
pub const MAX_DEPTH: usize = 128;

/// The text nests deeper than [`MAX_DEPTH`]; `offset` is the byte that opens the level too many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep {
    /// Byte offset of the opening bracket (or `${`) one level too deep.
    pub offset: usize,
}

impl TooDeep {
    /// The message for users (no input text).
    pub fn message() -> String {
        format!("value nested more than {MAX_DEPTH} levels deep")
    }
}

/// Checks the nesting depth of a JSON text.
pub fn check_json(source: &str) -> Result<(), TooDeep> {
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
                    return Err(TooDeep { offset: i });
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
pub fn check_hcl(source: &str) -> Result<(), TooDeep> {
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
                        return Err(TooDeep { offset: i });
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
                c => i = template_char(b, i, c, &mut stack, &mut depth)?,
            },
            Some(Frame::Heredoc { delim, bol }) => {
                if bol {
                    let line_end = b[i..].iter().position(|&c| c == b'\n').map_or(b.len(), |p| i + p);
                    if b[i..line_end].trim_ascii() == delim {
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
                    c => i = template_char(b, i, c, &mut stack, &mut depth)?,
                }
            }
        }
    }
    Ok(())
}

/// Handles one character of template text: `$${` / `%%{` are literals, `${` / `%{` open an interpolation.
/// Returns the next offset.
fn template_char(b: &[u8], i: usize, c: u8, stack: &mut Vec<Frame>, depth: &mut usize) -> Result<usize, TooDeep> {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    if (c == b'$' || c == b'%') && at(i + 1) == c && at(i + 2) == b'{' {
        return Ok(i + 3);
    }
    if (c == b'$' || c == b'%') && at(i + 1) == b'{' {
        stack.push(Frame::Interp);
        *depth += 1;
        if *depth > MAX_DEPTH {
            return Err(TooDeep { offset: i });
        }
        return Ok(i + 2);
    }
    Ok(i + 1)
}

fn skip_line(b: &[u8], i: usize) -> usize {
    b[i..].iter().position(|&c| c == b'\n').map_or(b.len(), |p| i + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hcl_err(src: &str) -> Option<usize> {
        check_hcl(src).err().map(|e| e.offset)
    }

    #[test]
    fn deep_brackets_are_rejected_at_the_level_too_many() {
        let src = format!("a = {}1{}\n", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(hcl_err(&src), Some(4 + MAX_DEPTH));
        let src = format!("a = {}1{}\n", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert_eq!(hcl_err(&src), None);
        let src = format!("a = {}1{}\n", "{".repeat(MAX_DEPTH + 1), "}".repeat(MAX_DEPTH + 1));
        assert_eq!(hcl_err(&src), Some(4 + MAX_DEPTH));
    }

    #[test]
    fn deep_interpolations_are_rejected() {
        let src = format!("a = {}1{}\n", "\"${".repeat(200), "}\"".repeat(200));
        assert!(hcl_err(&src).is_some());
        let src = format!("a = <<EOT\n{}\nEOT\n", "${[".repeat(100));
        assert!(hcl_err(&src).is_some());
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
            assert_eq!(hcl_err(&c), None, "{}", &c[..20]);
        }
    }

    #[test]
    fn json_depth() {
        let src = format!("{{\"a\": {}1{}}}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(check_json(&src), Err(TooDeep { offset: 6 + MAX_DEPTH - 1 }));
        let src = format!("{{\"a\": {}1{}}}", "[".repeat(MAX_DEPTH - 1), "]".repeat(MAX_DEPTH - 1));
        assert_eq!(check_json(&src), Ok(()));
        let src = format!("{{\"a\": \"{}\"}}", "[".repeat(10_000));
        assert!(check_json(&src).is_ok());
        let src = format!("{{\"a\": \"\\\"{}\"}}", "[".repeat(10_000));
        assert!(check_json(&src).is_ok());
    }

    #[test]
    fn message_names_the_limit() {
        assert_eq!(TooDeep::message(), "value nested more than 128 levels deep");
    }
}

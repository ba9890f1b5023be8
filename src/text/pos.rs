//! Positions in source text: one type and one offset → line:column rule for every reader and message.

use std::fmt;

/// A 1-based line and column; columns count Unicode scalar values (characters), as terraform's messages do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column number, starting at 1.
    pub col: usize,
}

impl Pos {
    /// Line 1, column 1.
    pub const START: Pos = Pos { line: 1, col: 1 };

    /// The position of byte `offset` in `source` (for one lookup; use [`Lines`] for many).
    pub fn at_offset(source: &str, offset: usize) -> Pos {
        Lines::new(source).pos(offset)
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// Where each line of a text starts, for many offset → [`Pos`] lookups in the same text.
pub struct Lines<'a> {
    source: &'a str,
    /// Byte offset of the first byte of every line (the first is 0).
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    /// Indexes the line starts of `source` (a line ends after each `\n`; a CR belongs to its line).
    pub fn new(source: &'a str) -> Lines<'a> {
        let starts = std::iter::once(0).chain(source.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Lines { source, starts }
    }

    /// The position of byte `offset`. An offset inside a character counts as that character; an offset past
    /// the end is clamped to the end.
    pub fn pos(&self, offset: usize) -> Pos {
        let mut offset = offset.min(self.source.len());
        while !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        // `starts[0] == 0 <= offset`, so at least one start qualifies.
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        Pos { line, col: self.source[start..offset].chars().count() + 1 }
    }

    /// The 1-based line of byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.pos(offset).line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_lines() {
        let s = "ab\n😀x\r\ny";
        let at = |line, col| Pos { line, col };
        assert_eq!(Pos::at_offset(s, 0), at(1, 1));
        assert_eq!(Pos::at_offset(s, 2), at(1, 3));
        assert_eq!(Pos::at_offset(s, 3), at(2, 1));
        // Inside the 4-byte emoji: that character.
        assert_eq!(Pos::at_offset(s, 5), at(2, 1));
        assert_eq!(Pos::at_offset(s, 7), at(2, 2));
        assert_eq!(Pos::at_offset(s, 8), at(2, 3));
        assert_eq!(Pos::at_offset(s, 10), at(3, 1));
        assert_eq!(Pos::at_offset(s, 999), at(3, 2));
        assert_eq!(Pos::at_offset("", 5), Pos::START);
        assert_eq!(Pos::at_offset("\n\n", 2), at(3, 1));
        assert_eq!(at(12, 3).to_string(), "12:3");
    }

    #[test]
    fn line_index_agrees_with_a_naive_count() {
        let s = "a = 1\n\n  é = \"x\"\r\n😀\nlast";
        let lines = Lines::new(s);
        for offset in 0..=s.len() + 2 {
            let mut o = offset.min(s.len());
            while !s.is_char_boundary(o) {
                o -= 1;
            }
            let before = &s[..o];
            let line = before.matches('\n').count() + 1;
            let col = before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count() + 1;
            assert_eq!(lines.pos(offset), Pos { line, col }, "offset {offset}");
            assert_eq!(lines.line(offset), line);
        }
    }
}

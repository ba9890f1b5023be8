//! Byte-exact emulation of Go's `text/tabwriter.NewWriter(w, 0, 8, 2, '\t', 0)`, the table writer
//! chamber uses for `list`, `read` and `history` (docs/chamber-compat.md §5).
//!
//! Semantics (minwidth 0, tabwidth 8, padding 2, pad char TAB, no flags):
//! - `\t` and `\v` end a cell; `\n` and `\f` end the cell and the line. Terminators are not copied.
//! - The last cell of every line (the text after its last cell terminator) belongs to no column and is
//!   written unpadded. At the very end of the input, a line with no line terminator keeps its text as its
//!   last cell; if that text is empty, the line's last tab-terminated cell becomes its last cell instead
//!   (Go drops that tab).
//! - Column `j` is laid out in blocks: maximal runs of consecutive lines that each have a terminated cell
//!   in column `j` (a line with `n` cells has `n - 1` terminated ones). A `\f` also ends every block.
//! - Block width `W = max(rune count) + 2`; each terminated cell is followed by
//!   `ceil((roundup8(W) - runecount(text)) / 8)` TABs (always at least one).
//! - Every `\n` and `\f` in the input becomes `\n` in the output; nothing else is added or removed.
//! - Go's 0xFF escape brackets cannot occur: the input is `&str`, and 0xFF is never part of valid UTF-8.

use crate::secret::Secret;

/// Go tabwriter settings (left alignment, no flags).
struct Config {
    /// Minimal column width including padding (Go `minwidth`).
    minwidth: usize,
    /// Width of a TAB in the output (Go `tabwidth`).
    tabwidth: usize,
    /// Padding added to the widest cell of a column block (Go `padding`).
    padding: usize,
    /// Padding character (Go `padchar`); with TAB, widths are rounded up to tab stops.
    padchar: char,
}

/// chamber's settings: `tabwriter.NewWriter(w, 0, 8, 2, '\t', 0)`.
const CHAMBER: Config = Config { minwidth: 0, tabwidth: 8, padding: 2, padchar: '\t' };

/// Accumulates text and renders it like Go's `tabwriter.NewWriter(w, 0, 8, 2, '\t', 0)` + `Flush`. Input and
/// output are [`Secret`]s: tables of `list -e` and `read` hold values.
#[derive(Default)]
pub struct TabWriter {
    text: Secret,
}

impl TabWriter {
    /// An empty writer.
    pub fn new() -> Self {
        TabWriter { text: Secret::with_capacity(256) }
    }

    /// Appends text (like Go's `Write`; nothing is rendered until [`TabWriter::finish`]).
    pub fn write_str(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// Appends one line: the cells separated by TABs, then `\n` (chamber's `fmt.Fprintf(w, "%s\t%s\n", ...)`).
    pub fn write_row(&mut self, cells: &[&str]) {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.text.push('\t');
            }
            self.text.push_str(cell);
        }
        self.text.push('\n');
    }

    /// Renders everything written so far (like Go's `Flush`) and returns the output.
    pub fn finish(self) -> Secret {
        render(self.text.expose())
    }
}

/// One cell of input: its text and its width in runes.
struct Cell<'a> {
    text: &'a str,
    width: usize,
}

/// One input line: its cells and whether a `\n`/`\f` ended it (`\f` also closes every column block).
struct Line<'a> {
    cells: Vec<Cell<'a>>,
    /// `Some(true)` for `\f`, `Some(false)` for `\n`, `None` for the unterminated final line.
    ended_by_formfeed: Option<bool>,
}

impl Line<'_> {
    /// Number of cells that sit in a column (all but the line's last cell).
    fn columns(&self) -> usize {
        self.cells.len().saturating_sub(1)
    }
}

fn cell(text: &str) -> Cell<'_> {
    Cell { text, width: text.chars().count() }
}

/// Splits the input into lines of cells.
fn split_lines(input: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut cells = Vec::new();
    let mut start = 0;
    for (i, b) in input.bytes().enumerate() {
        // All four terminators are ASCII, so `start` and `i` are always char boundaries.
        match b {
            b'\t' | b'\x0b' => {
                cells.push(cell(&input[start..i]));
                start = i + 1;
            }
            b'\n' | b'\x0c' => {
                cells.push(cell(&input[start..i]));
                start = i + 1;
                lines.push(Line { cells: std::mem::take(&mut cells), ended_by_formfeed: Some(b == b'\x0c') });
            }
            _ => {}
        }
    }
    let rest = &input[start..];
    if !rest.is_empty() {
        cells.push(cell(rest));
    }
    lines.push(Line { cells, ended_by_formfeed: None });
    lines
}

/// Renders `input` exactly as Go's tabwriter (configured as chamber does) would print it.
fn render(input: &str) -> Secret {
    render_with(input, &CHAMBER)
}

fn render_with(input: &str, cfg: &Config) -> Secret {
    let lines = split_lines(input);

    // Block widths. Blocks of column j are maximal runs of lines having a terminated cell j, so the set of
    // columns with an open block is always a prefix 0..open.len(); a line with k column cells closes the
    // blocks of columns >= k and opens new ones for the columns it adds.
    let mut block_width: Vec<usize> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut cell_block: Vec<Vec<usize>> = Vec::with_capacity(lines.len());
    for line in &lines {
        let k = line.columns();
        open.truncate(k);
        let mut ids = Vec::with_capacity(k);
        for (j, c) in line.cells.iter().take(k).enumerate() {
            if j == open.len() {
                block_width.push(cfg.minwidth);
                open.push(block_width.len() - 1);
            }
            let id = open[j];
            block_width[id] = block_width[id].max(c.width + cfg.padding);
            ids.push(id);
        }
        cell_block.push(ids);
        if line.ended_by_formfeed == Some(true) {
            open.clear();
        }
    }

    let mut out = Secret::with_capacity(input.len() + input.len() / 2 + 16);
    for (line, ids) in lines.iter().zip(&cell_block) {
        for (c, &id) in line.cells.iter().zip(ids) {
            out.push_str(c.text);
            let (n, ch) = padding(cfg, c.width, block_width[id]);
            (0..n).for_each(|_| out.push(ch));
        }
        if let Some(last) = line.cells.get(line.columns()) {
            out.push_str(last.text);
        }
        if line.ended_by_formfeed.is_some() {
            out.push('\n');
        }
    }
    out
}

/// How many of which character pad a cell of `text_width` runes to a column of `cell_width`. With TAB
/// padding the column is first rounded up to a tab stop and each TAB counts as a full tab width.
fn padding(cfg: &Config, text_width: usize, cell_width: usize) -> (usize, char) {
    if cfg.padchar != '\t' {
        return (cell_width.saturating_sub(text_width), cfg.padchar);
    }
    if cfg.tabwidth == 0 {
        return (0, '\t');
    }
    let stop = cell_width.div_ceil(cfg.tabwidth) * cfg.tabwidth;
    (stop.saturating_sub(text_width).div_ceil(cfg.tabwidth), '\t')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tw(s: &str) -> String {
        let mut w = TabWriter::new();
        w.write_str(s);
        w.finish().expose().to_owned()
    }

    /// An independent model of Go's streaming writer, structured like the Go algorithm (flush on `\f`
    /// and after one-cell lines, recursive per-column block formatting), used for differential tests.
    mod model {
        #[derive(Clone, Copy)]
        struct C {
            start: usize,
            size: usize,
            width: usize,
        }

        struct W<'a> {
            src: &'a [u8],
            out: Vec<u8>,
            lines: Vec<Vec<C>>,
            cell: C,
            widths: Vec<usize>,
        }

        impl<'a> W<'a> {
            fn term(&mut self) -> usize {
                let c = self.cell;
                if let Some(l) = self.lines.last_mut() {
                    l.push(c);
                }
                self.cell = C { start: c.start + c.size, size: 0, width: 0 };
                self.lines.last().map_or(0, |l| l.len())
            }
            fn flush(&mut self, final_: bool) {
                if final_ && self.cell.size > 0 {
                    self.term();
                }
                let n = self.lines.len();
                self.format(0, n);
                self.lines = vec![vec![]];
                self.widths.clear();
            }
            fn write_lines(&mut self, l0: usize, l1: usize) {
                for i in l0..l1 {
                    let line = self.lines[i].clone();
                    for (j, c) in line.iter().enumerate() {
                        self.out.extend_from_slice(&self.src[c.start..c.start + c.size]);
                        if j < self.widths.len() {
                            let cw = self.widths[j].div_ceil(8) * 8;
                            let n = cw - c.width;
                            for _ in 0..n.div_ceil(8) {
                                self.out.push(b'\t');
                            }
                        }
                    }
                    if i + 1 != self.lines.len() {
                        self.out.push(b'\n');
                    }
                }
            }
            fn format(&mut self, mut l0: usize, l1: usize) {
                let col = self.widths.len();
                let mut this = l0;
                while this < l1 {
                    if col + 1 < self.lines[this].len() {
                        self.write_lines(l0, this);
                        l0 = this;
                        let mut width = 0;
                        while this < l1 && col + 1 < self.lines[this].len() {
                            width = width.max(self.lines[this][col].width + 2);
                            this += 1;
                        }
                        self.widths.push(width);
                        self.format(l0, this);
                        self.widths.pop();
                        l0 = this;
                    }
                    this += 1;
                }
                self.write_lines(l0, l1);
            }
        }

        pub fn render(s: &str) -> String {
            let src = s.as_bytes();
            let mut w =
                W { src, out: vec![], lines: vec![vec![]], cell: C { start: 0, size: 0, width: 0 }, widths: vec![] };
            // Feed byte by byte: text bytes grow the current cell; terminators are skipped in the source.
            let mut i = 0;
            while i < src.len() {
                let b = src[i];
                match b {
                    b'\t' | b'\x0b' | b'\n' | b'\x0c' => {
                        let text = &s[w.cell.start..w.cell.start + w.cell.size];
                        w.cell.width = text.chars().count();
                        let n = w.term();
                        // The terminator byte is skipped: the next cell starts after it.
                        w.cell.start = i + 1;
                        if b == b'\n' || b == b'\x0c' {
                            w.lines.push(vec![]);
                            if b == b'\x0c' || n == 1 {
                                w.flush(false);
                            }
                        }
                    }
                    _ => w.cell.size += 1,
                }
                i += 1;
            }
            let text = &s[w.cell.start..w.cell.start + w.cell.size];
            w.cell.width = text.chars().count();
            w.flush(true);
            String::from_utf8(w.out).unwrap_or_default()
        }
    }

    #[test]
    fn spec_example_byte_exact() {
        let input =
            "Key\tVersion\tLastModified\tUser\napikey\t2\t2024-01-02 03:04:05\tarn:aws:sts::1:assumed-role/r/s\n";
        let want =
            "Key\tVersion\t\tLastModified\t\tUser\napikey\t2\t\t2024-01-02 03:04:05\tarn:aws:sts::1:assumed-role/r/s\n";
        assert_eq!(tw(input), want);
    }

    #[test]
    fn header_only() {
        assert_eq!(tw("Key\tVersion\tLastModified\tUser\n"), "Key\tVersion\t\tLastModified\tUser\n");
        assert_eq!(tw("Event\tVersion\tDate\tUser\n"), "Event\tVersion\t\tDate\tUser\n");
    }

    #[test]
    fn empty_and_plain_text() {
        assert_eq!(tw(""), "");
        assert_eq!(tw("\n"), "\n");
        assert_eq!(tw("abc"), "abc");
        assert_eq!(tw("abc\n\ndef\n"), "abc\n\ndef\n");
    }

    #[test]
    fn widths_round_to_tab_stops() {
        // W = 6+2 = 8 -> one tab for both.
        assert_eq!(tw("abcdef\tx\na\ty\n"), "abcdef\tx\na\ty\n");
        // W = 7+2 = 9 -> 16: 7 runes need 2 tabs, 1 rune needs 2 tabs.
        assert_eq!(tw("abcdefg\tx\na\ty\n"), "abcdefg\t\tx\na\t\ty\n");
        // W = 14+2 = 16: the 14-rune cell needs 1 tab, an 8-rune cell 1 tab, a 7-rune cell 2 tabs.
        assert_eq!(
            tw("abcdefghijklmn\t1\nabcdefgh\t2\nabcdefg\t3\n"),
            "abcdefghijklmn\t1\nabcdefgh\t2\nabcdefg\t\t3\n"
        );
    }

    #[test]
    fn exact_multiple_of_eight_gets_a_full_tab() {
        // 8 runes: W = 10 -> 16; 16 - 8 = 8 -> 1 tab. 16 runes: W = 18 -> 24; 24 - 16 = 8 -> 1 tab.
        assert_eq!(tw("12345678\tx\n"), "12345678\tx\n");
        assert_eq!(tw("1234567890123456\tx\n1\ty\n"), "1234567890123456\tx\n1\t\t\ty\n");
    }

    #[test]
    fn empty_cells_are_padded() {
        // Column 0 W = 2 -> 8 (one tab each); column 1 W = max(0, 5)+2 = 7 -> 8.
        assert_eq!(tw("\t\tz\na\tuser1\tz\n"), "\t\tz\na\tuser1\tz\n");
        // Empty cell in a column whose W is 21 -> 24: 3 tabs.
        assert_eq!(tw("k\t\tu\nk\t2024-01-02 03:04:05\tu\n"), "k\t\t\t\tu\nk\t2024-01-02 03:04:05\tu\n");
    }

    #[test]
    fn trailing_cell_is_unpadded_and_not_a_column() {
        // The last cells ("longlonglong", "x") are not in a column.
        assert_eq!(tw("a\tlonglonglonglong\nb\tx\n"), "a\tlonglonglonglong\nb\tx\n");
    }

    #[test]
    fn column_blocks_are_contiguous_runs() {
        // Go's doc example: b and c are in distinct column blocks.
        let input = "aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n";
        // Col 0 block over all four lines: W = 6 -> 8. Col 1: lines 1-2 (W = 5 -> 8) and line 4 alone
        // (W = 6 -> 8); line 3 has no column-1 cell.
        let want = "aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n";
        assert_eq!(tw(input), want);
        // With a wide cell: the run split matters.
        let input = "a\tbbbbbbbbbbbb\tx\na\t\nb\tc\ty\n";
        // col0 W = 3 -> 8 (1 tab each). col1: line 1 alone W = 14 -> 16 (12 runes -> 1 tab); line 3 alone W = 3 -> 8.
        assert_eq!(tw(input), "a\tbbbbbbbbbbbb\tx\na\t\nb\tc\ty\n");
    }

    #[test]
    fn line_without_tab_ends_every_block() {
        let input = "abcdefghij\tx\nplain\nab\ty\n";
        // First block W = 12 -> 16 (10 runes -> 1 tab); after "plain", "ab" is alone: W = 4 -> 8 (1 tab).
        assert_eq!(tw(input), "abcdefghij\tx\nplain\nab\ty\n");
        let input = "abcdefghij\tx\nab\ty\n";
        assert_eq!(tw(input), "abcdefghij\tx\nab\t\ty\n");
    }

    #[test]
    fn multibyte_runes_count_once() {
        // "é" is 2 bytes, "字" 3 bytes, "🔑" 4 bytes: widths are rune counts.
        let input = "ééééééé\tx\na\ty\n"; // 7 runes -> W 9 -> 16: 2 tabs each
        assert_eq!(tw(input), "ééééééé\t\tx\na\t\ty\n");
        let input = "字字字字字字\tx\n🔑\ty\n"; // 6 runes -> W 8: 1 tab each
        assert_eq!(tw(input), "字字字字字字\tx\n🔑\ty\n");
    }

    #[test]
    fn value_with_tab_breaks_alignment_like_chamber() {
        // read: Key, Value, Version, LastModified, User; value "a\tb" adds a column.
        let input = "Key\tValue\tVersion\tLastModified\tUser\nk\ta\tb\t1\t2024-01-02 03:04:05\tu\n";
        // col0: W 5 -> 8. col1 (Value/a): W 7 -> 8. col2 (Version/b): W 9 -> 16. col3 (LastModified/1): W 14 -> 16.
        // col4: only line 2 has it terminated ("2024..." W 21 -> 24). Header "User" is its last cell.
        let want = "Key\tValue\tVersion\t\tLastModified\tUser\nk\ta\tb\t\t1\t\t2024-01-02 03:04:05\tu\n";
        assert_eq!(tw(input), want);
    }

    #[test]
    fn value_with_newline_breaks_alignment_like_chamber() {
        let input = "Key\tValue\tVersion\tLastModified\tUser\nk\tline1\nline2\t1\t2024-01-02 03:04:05\tu\n";
        // Line 2 "k\tline1" has one column cell: it shares col0 with header and line 3
        // (W = max(3,1,5)+2 = 7 -> 8) but ends the col1 block (header alone: "Value" W 7 -> 8).
        // Line 3: col1 "1" alone (W 3 -> 8), col2 alone W 21 -> 24, "u" last.
        // So the header is alone from col1 on: "Version" W 9 -> 16 takes 2 tabs.
        let want = "Key\tValue\tVersion\t\tLastModified\tUser\nk\tline1\nline2\t1\t2024-01-02 03:04:05\tu\n";
        assert_eq!(tw(input), want);
    }

    #[test]
    fn unterminated_last_line_drops_trailing_tab() {
        assert_eq!(tw("a\t"), "a");
        assert_eq!(tw("a\tb\t"), "a\tb");
        assert_eq!(tw("abcdefghij\tb\t"), "abcdefghij\tb");
        // "x" shares col0 with the final line (W 12 -> 16): 2 tabs.
        assert_eq!(tw("x\ty\nabcdefghij\tb\t"), "x\t\ty\nabcdefghij\tb");
        // The unterminated final line still takes part in the block above it.
        assert_eq!(tw("abcdefghij\tx\nab\ty"), "abcdefghij\tx\nab\t\ty");
    }

    #[test]
    fn vertical_tab_is_a_cell_terminator() {
        assert_eq!(tw("abcdefghij\x0bx\nab\ty\n"), "abcdefghij\tx\nab\t\ty\n");
    }

    #[test]
    fn formfeed_ends_line_and_blocks() {
        // Without \x0c the two lines share a block; with \x0c they are laid out separately.
        assert_eq!(tw("abcdefghij\tx\nab\ty\n"), "abcdefghij\tx\nab\t\ty\n");
        assert_eq!(tw("abcdefghij\tx\x0cab\ty\n"), "abcdefghij\tx\nab\ty\n");
        assert_eq!(tw("\x0c"), "\n");
        assert_eq!(tw("a\tb\x0c"), "a\tb\n");
    }

    #[test]
    fn other_settings_min_width_and_pad_chars() {
        let dots = Config { minwidth: 6, tabwidth: 0, padding: 1, padchar: '.' };
        assert_eq!(render_with("ab\tc\nabcdefg\td\n", &dots).expose(), "ab......c\nabcdefg.d\n");
        assert_eq!(render_with("ab\tc\n", &dots).expose(), "ab....c\n");
        let no_tab_width = Config { minwidth: 0, tabwidth: 0, padding: 2, padchar: '\t' };
        assert_eq!(render_with("ab\tc\n", &no_tab_width).expose(), "abc\n");
        let wide_tabs = Config { minwidth: 0, tabwidth: 4, padding: 1, padchar: '\t' };
        // W = 6 -> 8: "abcde" needs ceil(3/4) = 1 tab, "a" ceil(7/4) = 2 tabs.
        assert_eq!(render_with("abcde\tx\na\ty\n", &wide_tabs).expose(), "abcde\tx\na\t\ty\n");
    }

    #[test]
    fn incremental_writes_equal_one_write() {
        let mut w = TabWriter::new();
        for part in [
            "Key\tVer",
            "sion\tLastModified\tUser",
            "\n",
            "apikey\t2\t2024-01-02 03:04:05\t",
            "arn:aws:sts::1:assumed-role/r/s\n",
        ] {
            w.write_str(part);
        }
        assert_eq!(
            w.finish().expose(),
            tw("Key\tVersion\tLastModified\tUser\napikey\t2\t2024-01-02 03:04:05\tarn:aws:sts::1:assumed-role/r/s\n")
        );
    }

    #[test]
    fn many_columns_do_not_overflow_the_stack() {
        let line = "x\t".repeat(20_000);
        let input = format!("{line}\n{line}\n");
        let out = tw(&input);
        assert_eq!(out.matches('\n').count(), 2);
    }

    #[test]
    fn model_agrees_on_handwritten_cases() {
        for s in [
            "",
            "a",
            "a\t",
            "\t",
            "\t\t\n\t\n",
            "a\tb\nc\td\te\n\nf\tg",
            "x\x0cy\tz\x0c\t\t",
            "aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n",
            "é\t字\n🔑🔑🔑🔑🔑🔑🔑🔑🔑\t\x0bq\n",
        ] {
            assert_eq!(tw(s), model::render(s), "input {s:?}");
        }
    }

    fn strip(s: &str, set: &[char]) -> String {
        s.chars().filter(|c| !set.contains(c)).collect()
    }

    proptest! {
        #[test]
        fn never_panics(s in any::<String>()) {
            let _ = tw(&s);
        }

        #[test]
        fn matches_go_model(s in "[a\u{e9}\u{5b57}\u{1f511} \t\x0b\n\x0c]{0,60}") {
            prop_assert_eq!(tw(&s), model::render(&s));
        }

        #[test]
        fn matches_go_model_wide(s in "(([a-z]{0,20}|[\u{e9}\u{5b57}]{0,9})[\t\n]){0,30}") {
            prop_assert_eq!(tw(&s), model::render(&s));
        }

        #[test]
        fn only_adds_tabs_and_newlines(s in "[a\u{e9}\u{5b57} \t\x0b\n\x0c]{0,80}") {
            let out = tw(&s);
            prop_assert_eq!(strip(&out, &['\t', '\n']), strip(&s, &['\t', '\x0b', '\n', '\x0c']));
            prop_assert_eq!(out.matches('\n').count(), s.matches(['\n', '\x0c']).count());
        }
    }
}

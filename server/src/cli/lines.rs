//! Byte offsets → 1-based line and column, the column counted in chars
//! (what a person reading the file counts, and what GitHub annotations use).
//!
//! `\n`, `\r\n` and a lone `\r` all end a line, as in LSP, so the line
//! numbers printed here match the ones an editor shows.

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Lines are indexed lazily, only as far as asked: most findings sit in the
/// front matter, a few lines into a file whose prompt may run to hundreds.
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset where each line starts, as far as indexed; `starts[0] == 0`.
    starts: Vec<usize>,
    /// Every line is indexed.
    complete: bool,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            starts: vec![0],
            complete: false,
        }
    }

    /// Index lines until one starts after `offset` (or all are indexed), so
    /// the line holding `offset` and its end are known.
    fn reach(&mut self, offset: usize) {
        while !self.complete && self.starts.last().is_some_and(|&s| s <= offset) {
            self.index_next();
        }
    }

    /// Index the line after the last one indexed, if there is one.
    fn index_next(&mut self) {
        let from = self.starts.last().copied().unwrap_or(0);
        let rest = &self.text.as_bytes()[from..];
        match rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            // `\r\n` is one line ending.
            Some(end) if rest[end..].starts_with(b"\r\n") => self.starts.push(from + end + 2),
            Some(end) => self.starts.push(from + end + 1),
            None => self.complete = true,
        }
    }

    /// Clamp an offset from the core to the text and to a char boundary, so a
    /// bad offset never panics and at worst points a little early.
    pub fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// 0-based index of the line holding `offset`.
    pub fn line_of(&mut self, offset: usize) -> usize {
        let offset = self.clamp(offset);
        self.reach(offset);
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte offset where a line (from [`Self::line_of`]) starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line]
    }

    pub fn position(&mut self, offset: usize) -> Position {
        let offset = self.clamp(offset);
        let line = self.line_of(offset);
        let start = self.starts[line];
        Position {
            line: line + 1,
            column: self.text[start..offset].chars().count() + 1,
        }
    }

    /// Text of a 0-based line (from [`Self::line_of`]) without its line ending.
    pub fn line_text(&mut self, line: usize) -> &'a str {
        let start = self.starts[line];
        self.reach(start);
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let text = &self.text[start..end];
        let text = text.strip_suffix('\n').unwrap_or(text);
        text.strip_suffix('\r').unwrap_or(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_in_chars() {
        let mut idx = LineIndex::new("ab\né x\r\nlast");
        assert_eq!(idx.position(0), Position { line: 1, column: 1 });
        assert_eq!(idx.position(3), Position { line: 2, column: 1 });
        // `x` follows a two-byte `é` and a space: third char on its line.
        assert_eq!(idx.position(6), Position { line: 2, column: 3 });
        assert_eq!(idx.position(9), Position { line: 3, column: 1 });
        assert_eq!(idx.line_text(1), "é x");
        assert_eq!(idx.line_text(2), "last");
    }

    #[test]
    fn lone_cr_ends_a_line() {
        let mut idx = LineIndex::new("a\rb");
        assert_eq!(idx.position(2), Position { line: 2, column: 1 });
        assert_eq!(idx.line_text(0), "a");
    }

    #[test]
    fn bad_offsets_are_clamped() {
        let mut idx = LineIndex::new("é");
        assert_eq!(idx.position(1), Position { line: 1, column: 1 });
        assert_eq!(idx.position(99), Position { line: 1, column: 2 });
        let mut empty = LineIndex::new("");
        assert_eq!(empty.position(5), Position { line: 1, column: 1 });
        assert_eq!(empty.line_text(0), "");
    }

    #[test]
    fn lazy_indexing_matches_a_full_scan() {
        let text = "a\r\nb\rc\n\r\r\n\nlong line é\r";
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        // Asked in any order, from a fresh index and from a used one.
        let mut used = LineIndex::new(text);
        for offset in (0..=text.len() + 1).rev().chain(0..=text.len()) {
            let line = starts.partition_point(|&s| s <= offset.min(text.len())) - 1;
            assert_eq!(LineIndex::new(text).line_of(offset), line, "{offset}");
            assert_eq!(used.line_of(offset), line, "{offset}");
        }
        let lines: Vec<&str> = (0..starts.len()).map(|l| used.line_text(l)).collect();
        assert_eq!(lines, ["a", "b", "c", "", "", "", "long line é", ""]);
    }

    #[test]
    fn offset_after_final_newline_is_on_the_empty_last_line() {
        let mut idx = LineIndex::new("a\n");
        assert_eq!(idx.position(2), Position { line: 2, column: 1 });
        assert_eq!(idx.line_text(1), "");
    }
}

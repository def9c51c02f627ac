//! LSP positions <-> byte offsets, in the encoding negotiated at
//! `initialize`. Documents store byte offsets; conversion happens only at
//! the protocol boundary.
//!
//! Lines are split the way LSP splits them (`\n`, `\r\n`, `\r`), which is
//! what ropey does with `cr_lines`. Positions from the client are never
//! trusted: out-of-range ones clamp and mid-character ones snap back, and
//! each such repair is reported so the caller can log it.

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind};

/// How `Position.character` counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (the LSP default; astral characters count 2).
    #[default]
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it (no conversion cost), else UTF-16,
    /// which every client must support.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// Why a client position had to be adjusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repair {
    /// Line past the last line: moved to the end of the document.
    LineClamped,
    /// Character past the end of the line: moved to the end of the line.
    CharacterClamped,
    /// Inside a multi-byte character or a surrogate pair: moved to its start.
    SnappedToCharStart,
}

/// Byte offset of `pos` in `rope`, plus the repair applied, if any.
pub fn to_byte(rope: &Rope, pos: Position, enc: Encoding) -> (usize, Option<Repair>) {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return (rope.len_bytes(), Some(Repair::LineClamped));
    }
    let start_char = rope.line_to_char(line);
    let end_char = start_char + line_len_without_break(rope, line);
    let want = pos.character as usize;
    match enc {
        Encoding::Utf8 => {
            let start = rope.char_to_byte(start_char);
            let end = rope.char_to_byte(end_char);
            let target = start.saturating_add(want);
            if target > end {
                return (end, Some(Repair::CharacterClamped));
            }
            let snapped = rope.char_to_byte(rope.byte_to_char(target));
            let repair = (snapped != target).then_some(Repair::SnappedToCharStart);
            (snapped, repair)
        }
        Encoding::Utf16 => {
            let start = rope.char_to_utf16_cu(start_char);
            let end = rope.char_to_utf16_cu(end_char);
            let target = start.saturating_add(want);
            if target > end {
                return (rope.char_to_byte(end_char), Some(Repair::CharacterClamped));
            }
            // utf16_cu_to_char rounds down inside a surrogate pair.
            let ch = rope.utf16_cu_to_char(target);
            let repair =
                (rope.char_to_utf16_cu(ch) != target).then_some(Repair::SnappedToCharStart);
            (rope.char_to_byte(ch), repair)
        }
    }
}

/// LSP position of byte `offset` in `rope`. Offsets from the analysis are
/// trusted to be in range, but are clamped and snapped anyway so a bad one
/// can never panic.
pub fn to_position(rope: &Rope, offset: usize, enc: Encoding) -> Position {
    let offset = offset.min(rope.len_bytes());
    let ch = rope.byte_to_char(offset);
    let line = rope.char_to_line(ch);
    let line_start = rope.line_to_char(line);
    let character = match enc {
        Encoding::Utf8 => rope.char_to_byte(ch) - rope.char_to_byte(line_start),
        Encoding::Utf16 => rope.char_to_utf16_cu(ch) - rope.char_to_utf16_cu(line_start),
    };
    Position::new(to_u32(line), to_u32(character))
}

/// Positions of byte offsets of one text without building a rope: for
/// offsets in increasing order it is one pass over the text (an offset
/// behind the last one starts over). Lines break where the documents'
/// ropes break them: LF, CRLF and lone CR.
pub struct Cursor<'a> {
    text: &'a str,
    enc: Encoding,
    at: usize,
    line: usize,
    /// Units of the encoding from the line's start to `at`.
    column: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str, enc: Encoding) -> Cursor<'a> {
        Cursor {
            text,
            enc,
            at: 0,
            line: 0,
            column: 0,
        }
    }

    /// Same answer as [`to_position`] on a rope of the text.
    pub fn position(&mut self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.at {
            *self = Cursor::new(self.text, self.enc);
        }
        let bytes = self.text.as_bytes();
        let mut i = self.at;
        while i < offset {
            // Jump from line break to line break; count units in between.
            let stop = memchr::memchr2(b'\n', b'\r', &bytes[i..offset]).map_or(offset, |k| i + k);
            self.column += units(&bytes[i..stop], self.enc);
            if stop == offset {
                break;
            }
            // CR ends a line unless LF follows (then the LF does).
            if bytes[stop] == b'\r' && bytes.get(stop + 1) == Some(&b'\n') {
                self.column += 1;
            } else {
                self.line += 1;
                self.column = 0;
            }
            i = stop + 1;
        }
        self.at = offset;
        Position::new(to_u32(self.line), to_u32(self.column))
    }
}

/// Units of `bytes` (whole characters) in the encoding.
fn units(bytes: &[u8], enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => bytes.len(),
        _ if bytes.is_ascii() => bytes.len(),
        // One unit per character (continuation bytes add none), two for
        // those beyond the BMP (4-byte sequences).
        Encoding::Utf16 => bytes
            .iter()
            .map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
            .sum(),
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Length of line `line` in chars, without its line break.
fn line_len_without_break(rope: &Rope, line: usize) -> usize {
    let slice = rope.line(line);
    let len = slice.len_chars();
    let last = |back: usize| len.checked_sub(back).map(|i| slice.char(i));
    match (last(2), last(1)) {
        (Some('\r'), Some('\n')) => len - 2,
        (_, Some('\n' | '\r')) => len - 1,
        _ => len,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cursor agrees with the rope at every offset, in order and not.
    #[test]
    fn cursor_matches_the_rope() {
        let texts = [
            "a\nb\r\nc\rd\r\r\n\n🧠x\u{e9}\r",
            "---\r\nname: 🧠\r\n---\r\nbody @x `y`\n",
            "",
            "\r\n\r\n",
            "no break at all 🧠🧠",
        ];
        for text in texts {
            let rope = Rope::from_str(text);
            for enc in [Encoding::Utf8, Encoding::Utf16] {
                let mut cursor = Cursor::new(text, enc);
                for offset in 0..=text.len() + 2 {
                    let mut snapped = offset.min(text.len());
                    while !text.is_char_boundary(snapped) {
                        snapped -= 1;
                    }
                    let want = to_position(&rope, snapped, enc);
                    assert_eq!(cursor.position(offset), want, "{text:?} {offset} {enc:?}");
                }
                // Backwards: starts over.
                assert_eq!(cursor.position(0), Position::new(0, 0));
            }
        }
    }

    /// The reference: walk the text char by char, splitting lines the LSP
    /// way, and count units per the encoding. Independent of ropey.
    fn naive_positions(text: &str, enc: Encoding) -> Vec<(usize, Position)> {
        let mut out = Vec::new();
        let (mut line, mut col) = (0u32, 0u32);
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            out.push((i, Position::new(line, col)));
            let is_crlf = c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n');
            if is_crlf {
                let (j, _) = chars.next().unwrap_or((i + 1, '\n'));
                out.push((j, Position::new(line, col + 1)));
            }
            if c == '\n' || c == '\r' {
                line += 1;
                col = 0;
            } else {
                col += match enc {
                    Encoding::Utf8 => c.len_utf8() as u32,
                    Encoding::Utf16 => c.len_utf16() as u32,
                };
            }
        }
        out.push((text.len(), Position::new(line, col)));
        out
    }

    const SAMPLES: &[&str] = &[
        "",
        "abc",
        "description: 🧠🧠 x\n",
        "a\r\nb\rc\n\nd",
        "é😀ü\r\n🧠\r",
        "line\n\n\n",
        "\u{10FFFF}a\u{FFFF}b",
    ];

    #[test]
    fn byte_to_position_matches_a_char_walk() {
        for text in SAMPLES {
            let rope = Rope::from_str(text);
            for enc in [Encoding::Utf8, Encoding::Utf16] {
                for (byte, pos) in naive_positions(text, enc) {
                    // The middle of a CRLF is not a position a client can
                    // name; skip it.
                    if byte > 0 && text[..byte].ends_with('\r') && text[byte..].starts_with('\n') {
                        continue;
                    }
                    assert_eq!(
                        to_position(&rope, byte, enc),
                        pos,
                        "{text:?} byte {byte} {enc:?}"
                    );
                    assert_eq!(
                        to_byte(&rope, pos, enc),
                        (byte, None),
                        "{text:?} {pos:?} {enc:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn utf16_counts_astral_characters_as_two_units() {
        let text = "description: 🧠🧠 x\n";
        let rope = Rope::from_str(text);
        let x = text.find('x').unwrap_or_default();
        assert_eq!(to_position(&rope, x, Encoding::Utf16), Position::new(0, 18));
        assert_eq!(to_position(&rope, x, Encoding::Utf8), Position::new(0, 22));
        // Insertion point after the first emoji: UTF-16 column 15.
        assert_eq!(
            to_byte(&rope, Position::new(0, 15), Encoding::Utf16),
            ("description: 🧠".len(), None)
        );
    }

    #[test]
    fn position_inside_a_surrogate_pair_snaps_back() {
        let rope = Rope::from_str("🧠x");
        assert_eq!(
            to_byte(&rope, Position::new(0, 1), Encoding::Utf16),
            (0, Some(Repair::SnappedToCharStart))
        );
    }

    #[test]
    fn utf8_position_inside_a_multibyte_char_snaps_back() {
        let rope = Rope::from_str("a🧠");
        for mid in 2..5 {
            assert_eq!(
                to_byte(&rope, Position::new(0, mid), Encoding::Utf8),
                (1, Some(Repair::SnappedToCharStart))
            );
        }
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let rope = Rope::from_str("ab\r\ncd");
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            assert_eq!(
                to_byte(&rope, Position::new(0, 99), enc),
                (2, Some(Repair::CharacterClamped))
            );
            assert_eq!(
                to_byte(&rope, Position::new(1, u32::MAX), enc),
                (6, Some(Repair::CharacterClamped))
            );
            assert_eq!(
                to_byte(&rope, Position::new(7, 0), enc),
                (6, Some(Repair::LineClamped))
            );
            assert_eq!(
                to_byte(&rope, Position::new(u32::MAX, u32::MAX), enc),
                (6, Some(Repair::LineClamped))
            );
        }
        assert_eq!(
            to_position(&rope, 999, Encoding::Utf16),
            Position::new(1, 2)
        );
    }

    #[test]
    fn negotiation_prefers_utf8_only_when_offered() {
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&both)), Encoding::Utf8);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF32])),
            Encoding::Utf16
        );
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
    }
}

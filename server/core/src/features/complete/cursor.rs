//! The text around the cursor, byte by byte: words, their boundaries, and
//! what to put before an inserted item so the YAML stays valid.

use std::ops::Range;

use crate::parse::lines::{KeyLine, floor_boundary, line_around, yaml_region};

pub(super) fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Characters of tool names, rules' names, MCP names and agent names.
pub(super) fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'*' | b'.')
}

pub(super) fn is_value_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

pub(super) fn is_key_prefix(before: &str) -> bool {
    !before.starts_with('-') && before.bytes().all(is_key_byte)
}

/// A `#` after whitespace before the cursor: the cursor is in a comment.
pub(super) fn has_comment_before(before: &str) -> bool {
    before.contains(" #") || before.contains("\t#")
}

pub(super) fn scan_back(text: &str, offset: usize, ok: impl Fn(u8) -> bool) -> usize {
    let bytes = text.as_bytes();
    let mut at = offset;
    while at > 0 && ok(bytes[at - 1]) {
        at -= 1;
    }
    at
}

pub(super) fn scan_forward(text: &str, offset: usize, ok: impl Fn(u8) -> bool) -> usize {
    let bytes = text.as_bytes();
    let mut at = offset;
    while at < bytes.len() && ok(bytes[at]) {
        at += 1;
    }
    at
}

/// The word under the cursor (to replace) and the text to put before an
/// inserted item: a space right after the key's `:`, a `,` or a block-list
/// `-`, so the result stays valid YAML. `None` when the character before the
/// word cannot precede a value (`]`, `)`, a letter of a longer token...).
pub(super) fn word_at(
    text: &str,
    line: Range<usize>,
    offset: usize,
    ok: impl Fn(u8) -> bool + Copy,
) -> Option<(Range<usize>, &'static str)> {
    let mut start = scan_back(text, offset, ok).max(line.start);
    // Tool names never start with `-`: a glued one is a list marker.
    while start < offset && text.as_bytes()[start] == b'-' {
        start += 1;
    }
    let end = scan_forward(text, offset, ok).min(line.end);
    let before = text[line.start..start].chars().next_back();
    let block_marker = before == Some('-') && text[line.start..start - 1].trim().is_empty();
    let prefix = match before {
        Some(':' | ',') => " ",
        Some('-') if block_marker => " ",
        Some(' ' | '\t' | '[' | '(' | '"' | '\'') => "",
        _ => return None,
    };
    Some((start..end, prefix))
}

/// Where a completion request is in the front matter.
pub(super) struct Spot<'t> {
    /// On a character boundary.
    pub offset: usize,
    pub line: Range<usize>,
    pub line_text: &'t str,
    /// The line up to the cursor.
    pub before: &'t str,
}

/// The cursor at `offset` when it is inside the YAML and not on a comment
/// line: the one place agent and skill completion decide that.
pub(super) fn spot(text: &str, offset: usize) -> Option<Spot<'_>> {
    let (region, closed) = yaml_region(text)?;
    let offset = floor_boundary(text, offset);
    // At the closing fence the cursor is on the `---` line, not in the YAML.
    if offset < region.start || offset > region.end || (closed && offset == region.end) {
        return None;
    }
    let line = line_around(text, offset);
    let line_text = &text[line.clone()];
    if line_text.trim_start().starts_with('#') {
        return None;
    }
    Some(Spot {
        offset,
        before: &text[line.start..offset],
        line_text,
        line,
    })
}

/// The lines after the owner's own line, with their start offsets.
pub(super) fn nested_lines<'t>(
    text: &'t str,
    owner: &KeyLine,
) -> impl Iterator<Item = (usize, &'t str)> {
    let region = &text[owner.value.clone()];
    let first = region.find('\n').map_or(region.len(), |i| i + 1);
    let base = owner.value.start + first;
    text[base..owner.value.end]
        .split_inclusive('\n')
        .scan(base, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line.trim_end_matches(['\n', '\r'])))
        })
}

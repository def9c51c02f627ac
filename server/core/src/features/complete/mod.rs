//! Completion in the front matter, as plain data with byte ranges: keys
//! ([`keys`]), list entries: tools, skills, agent names ([`lists`]), and
//! scalar values ([`keys::value_items`]).
//!
//! The context is read from the lines around the cursor
//! ([`crate::parse::lines`]), not from the parsed YAML: while someone types,
//! the YAML is broken more often than not, and that is exactly when
//! completion is wanted.

mod keys;
mod lists;

use std::ops::Range;

use crate::catalog::{FieldKind, catalog};
use crate::parse::lines::{floor_boundary, key_lines, line_around, yaml_region};
use keys::{key_items, value_items};
use lists::{ListOf, list_items};

/// What completion knows about the workspace beyond the file itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkspaceFacts {
    /// Server names from the workspace's `.mcp.json`.
    pub mcp_servers: Vec<String>,
    /// Known agents: `name:` and the first line of `description:` (may be
    /// empty).
    pub agents: Vec<(String, String)>,
    /// Known skills: name and the first line of their description (may be
    /// empty).
    pub skills: Vec<(String, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Key,
    Tool,
    McpServer,
    Agent,
    Skill,
    Color,
    Value,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Doc {
    Markdown(String),
    /// Shown as is; a color item's hex goes here so editors draw a swatch.
    Plain(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub label: String,
    pub kind: ItemKind,
    /// The type (keys) or a short description.
    pub detail: String,
    pub documentation: Doc,
    /// Text replacing `replace`; a snippet when `snippet` is set.
    pub insert: String,
    pub snippet: bool,
    /// The partial word under the cursor (empty at the cursor when none).
    pub replace: Range<usize>,
    pub sort: String,
}

/// Completion items at byte `offset` of `text`.
pub fn complete(text: &str, offset: usize, facts: &WorkspaceFacts) -> Vec<Item> {
    let Some((region, closed)) = yaml_region(text) else {
        return Vec::new();
    };
    let offset = floor_boundary(text, offset);
    // At the closing fence the cursor is on the `---` line, not in the YAML.
    if offset < region.start || offset > region.end || (closed && offset == region.end) {
        return Vec::new();
    }
    let line = line_around(text, offset);
    let line_text = &text[line.clone()];
    let before = &text[line.start..offset];
    if line_text.trim_start().starts_with('#') {
        return Vec::new();
    }
    let keys = key_lines(text);
    let nested = line_text.starts_with([' ', '\t', '-']);
    if !nested && is_key_prefix(before) {
        return key_items(text, &keys, line, offset);
    }
    let owner = if nested {
        keys.iter().rev().find(|k| k.key.start < line.start)
    } else {
        keys.iter()
            .find(|k| k.key.start == line.start)
            .filter(|k| offset > k.colon)
    };
    let Some(owner) = owner else {
        return Vec::new();
    };
    let key = &text[owner.key.clone()];
    let Some(field) = catalog().field(key) else {
        return Vec::new();
    };
    if field.kind == FieldKind::Tools {
        return list_items(text, owner, line, offset, facts, ListOf::Tools);
    }
    if field.name == "skills" {
        return list_items(text, owner, line, offset, facts, ListOf::Skills);
    }
    // Other values are single scalars on the key's own line.
    if nested || has_comment_before(before) {
        return Vec::new();
    }
    value_items(text, field, offset)
}

// Text helpers shared by the item builders.

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

fn is_key_prefix(before: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_panic_at_any_offset() {
        let t = "\u{feff}---\r\nname: é\r\ntools: [Agent(ré, \r\n  - 🧠\rcolor: \"\r\n---\r\nbody";
        for i in 0..=t.len() + 2 {
            let _ = complete(t, i, &WorkspaceFacts::default());
        }
    }
}

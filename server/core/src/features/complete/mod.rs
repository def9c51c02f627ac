//! Completion in the front matter, as plain data with byte ranges: keys
//! ([`keys`]), list entries: tools, skills, agent names ([`lists`]), and
//! scalar values ([`keys::value_items`]).
//!
//! The context is read from the lines around the cursor
//! ([`crate::parse::lines`]), not from the parsed YAML: while someone types,
//! the YAML is broken more often than not, and that is exactly when
//! completion is wanted.

mod copilot;
mod cursor;
mod handoffs;
mod host;
pub(crate) mod host_keys;
mod host_names;
mod items;
mod keys;
mod lists;
mod memory;
mod offered;
mod skill;

use crate::catalog::{FieldKind, catalog};
use crate::parse::lines::key_lines;
pub use copilot::complete_copilot;
use cursor::{Spot, has_comment_before, is_key_prefix, spot};
pub use host::{complete_host, complete_host_in};
pub use items::{Doc, HostAgentFact, Item, ItemKind, WorkspaceFacts};
use keys::{key_items, value_items};
use lists::{ListOf, list_items};
pub use memory::complete_memory;
pub use skill::complete_skill;

/// Completion items at byte `offset` of `text`.
pub fn complete(text: &str, offset: usize, facts: &WorkspaceFacts) -> Vec<Item> {
    let Some(Spot {
        offset,
        line,
        line_text,
        before,
    }) = spot(text, offset)
    else {
        return Vec::new();
    };
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

//! Completion from a flat catalog of keys (skills, commands, output
//! styles, rules, memory, Copilot agents): the keys this kind of file reads
//! and does not have yet, and on a key's own line the values of a closed
//! set. Each catalog only says what it offers ([`Offered`]).

use super::cursor::{Spot, has_comment_before, is_key_byte, is_key_prefix, is_value_byte};
use super::cursor::{scan_forward, spot, word_at};
use super::items::{Doc, Item, ItemKind};
use crate::parse::lines::key_lines;

/// One key a catalog offers in this kind of file, in catalog order.
pub(super) struct Offered<'c> {
    pub name: &'c str,
    /// The value's type, shown beside the key.
    pub detail: String,
    pub summary: &'c str,
    /// A closed set of values (empty when the value is free).
    pub values: Vec<String>,
    /// Put before the catalog position in the sort text: a group that
    /// sorts first.
    pub group: &'static str,
}

/// Completion items at byte `offset` of a front matter whose keys are
/// `offered`.
pub(super) fn complete_offered(text: &str, offset: usize, offered: &[Offered]) -> Vec<Item> {
    let Some(Spot {
        offset,
        line,
        line_text,
        before,
    }) = spot(text, offset)
    else {
        return Vec::new();
    };
    // Keys and scalar values only: nothing is offered on nested lines.
    if line_text.starts_with([' ', '\t', '-']) {
        return Vec::new();
    }
    let keys = key_lines(text);
    if is_key_prefix(before) {
        let end = scan_forward(text, offset, is_key_byte).min(line.end);
        let replace = line.start..end;
        let present: Vec<&str> = keys
            .iter()
            .filter(|k| k.key.start != line.start)
            .map(|k| &text[k.key.clone()])
            .collect();
        let has_colon = text[end..line.end].trim_start().starts_with(':');
        return offered
            .iter()
            .enumerate()
            .filter(|(_, f)| !present.contains(&f.name))
            .map(|(i, f)| Item {
                label: f.name.to_string(),
                kind: ItemKind::Key,
                detail: f.detail.clone(),
                documentation: Doc::Markdown(f.summary.to_string()),
                insert: if has_colon {
                    f.name.to_string()
                } else if f.values.is_empty() {
                    format!("{}: ${{1}}", f.name)
                } else {
                    format!("{}: ${{1|{}|}}", f.name, f.values.join(","))
                },
                snippet: !has_colon,
                replace: replace.clone(),
                sort: format!("{}{i:02}", f.group),
            })
            .collect();
    }
    // A value on the key's own line.
    let Some(owner) = keys
        .iter()
        .find(|k| k.key.start == line.start && offset > k.colon)
    else {
        return Vec::new();
    };
    let Some(field) = offered.iter().find(|f| f.name == &text[owner.key.clone()]) else {
        return Vec::new();
    };
    if field.values.is_empty() || has_comment_before(before) {
        return Vec::new();
    }
    let Some((replace, prefix)) = word_at(text, line, offset, is_value_byte) else {
        return Vec::new();
    };
    field
        .values
        .iter()
        .enumerate()
        .map(|(i, v)| Item {
            label: v.clone(),
            kind: ItemKind::Value,
            detail: format!("{} value", field.name),
            documentation: Doc::Markdown(field.summary.to_string()),
            insert: format!("{prefix}{v}"),
            snippet: false,
            replace: replace.clone(),
            sort: format!("{i:02}"),
        })
        .collect()
}

/// A boolean's values, as every catalog offers them.
pub(super) fn booleans() -> Vec<String> {
    vec!["true".into(), "false".into()]
}

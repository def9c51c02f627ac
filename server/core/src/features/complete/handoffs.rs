//! Completion inside a Copilot agent's `handoffs` list (VS Code): the keys
//! of one entry not yet in it (`label`, `agent`, `prompt`, `send`, `model`),
//! `true`/`false` after `send:`, and the workspace's agents after `agent:`.

use super::cursor::{Spot, has_comment_before, is_key_byte, is_value_byte, nested_lines};
use super::cursor::{scan_forward, word_at};
use super::items::{Doc, Item, ItemKind, WorkspaceFacts};
use super::offered::booleans;
use crate::catalog::copilot_catalog;
use crate::parse::lines::KeyLine;

/// The keys of an entry, in the order they are usually written.
pub(super) const ORDER: &[&str] = &["label", "agent", "prompt", "send", "model"];

pub(super) fn handoff_items(
    text: &str,
    owner: &KeyLine,
    s: &Spot,
    facts: &WorkspaceFacts,
) -> Vec<Item> {
    if has_comment_before(s.before) {
        return Vec::new();
    }
    let indent = s.line_text.len() - s.line_text.trim_start().len();
    let dash = s.line_text[indent..].starts_with("- ");
    let key_start = s.line.start + indent + if dash { 2 } else { 0 };
    let Some(before) = text.get(key_start..s.offset) else {
        return Vec::new();
    };
    let docs = &copilot_catalog().handoff_keys;
    if before.bytes().all(is_key_byte) {
        let end = scan_forward(text, s.offset, is_key_byte).min(s.line.end);
        let has_colon = text[end..s.line.end].trim_start().starts_with(':');
        let present = entry_keys(text, owner, s.line.start);
        return ORDER
            .iter()
            .enumerate()
            .filter(|(_, k)| !present.contains(k))
            .filter_map(|(i, k)| {
                let doc = docs.get(*k)?;
                let value = if *k == "send" {
                    "${1|false,true|}"
                } else {
                    "${1}"
                };
                Some(Item {
                    label: k.to_string(),
                    kind: ItemKind::Key,
                    detail: if *k == "send" {
                        "true | false"
                    } else {
                        "string"
                    }
                    .into(),
                    documentation: Doc::Markdown(doc.clone()),
                    insert: if has_colon {
                        k.to_string()
                    } else {
                        format!("{k}: {value}")
                    },
                    snippet: !has_colon,
                    replace: key_start..end,
                    sort: format!("{i:02}"),
                })
            })
            .collect();
    }
    if let Some(items) = super::host_names::handoff_agent_items(text, s, before, facts) {
        return items;
    }
    if !before.trim_start().starts_with("send:") {
        return Vec::new();
    }
    let Some((replace, prefix)) = word_at(text, s.line.clone(), s.offset, is_value_byte) else {
        return Vec::new();
    };
    booleans()
        .into_iter()
        .enumerate()
        .map(|(i, v)| Item {
            documentation: Doc::Markdown(docs.get("send").cloned().unwrap_or_default()),
            label: v.clone(),
            kind: ItemKind::Value,
            detail: "send value".into(),
            insert: format!("{prefix}{v}"),
            snippet: false,
            replace: replace.clone(),
            sort: format!("{i:02}"),
        })
        .collect()
}

/// The keys already in the entry holding the line at `here`: from the last
/// `- ` line at or before it to the next one.
fn entry_keys<'t>(text: &'t str, owner: &KeyLine, here: usize) -> Vec<&'t str> {
    let lines: Vec<(usize, &str)> = nested_lines(text, owner).collect();
    let is_item = |l: &str| l.trim_start().starts_with('-');
    let Some(at) = lines.iter().position(|(start, _)| *start == here) else {
        return Vec::new();
    };
    let first = (0..=at).rev().find(|i| is_item(lines[*i].1)).unwrap_or(0);
    let last = (at + 1..lines.len())
        .find(|i| is_item(lines[*i].1))
        .unwrap_or(lines.len());
    lines[first..last]
        .iter()
        .filter(|(start, _)| *start != here)
        .filter_map(|(_, l)| {
            let t = l.trim_start().trim_start_matches("- ").trim_start();
            let end = t.bytes().position(|b| !is_key_byte(b))?;
            t[end..].starts_with(':').then(|| &t[..end])
        })
        .collect()
}

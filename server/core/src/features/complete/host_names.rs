//! Agent names in Copilot files, from the workspace index
//! ([`WorkspaceFacts::copilot_agents`]): `agents:` entries and
//! `handoffs[].agent` values of a Copilot agent, and a prompt file's
//! `agent:` after VS Code's own `ask`, `edit` and `agent`.

use std::ops::Range;

use super::cursor::{Spot, has_comment_before, is_value_byte, spot, word_at};
use super::items::{Doc, Item, ItemKind, WorkspaceFacts};
use crate::parse::lines::key_lines;

/// One item per agent of `facts` not in `skip`, replacing `replace` with
/// `lead` before the name; sorted after anything sorted below `1`.
pub(super) fn name_items(
    facts: &WorkspaceFacts,
    replace: Range<usize>,
    lead: &str,
    skip: &[String],
) -> Vec<Item> {
    facts
        .copilot_agents
        .iter()
        .filter(|a| !skip.iter().any(|s| s.eq_ignore_ascii_case(&a.name)))
        .enumerate()
        .map(|(i, a)| Item {
            label: a.name.clone(),
            kind: ItemKind::Agent,
            detail: a.label.to_string(),
            documentation: Doc::Markdown(if a.description.is_empty() {
                format!("A {} of this workspace.", a.label)
            } else {
                a.description.clone()
            }),
            insert: format!("{lead}{}", a.name),
            snippet: false,
            replace: replace.clone(),
            sort: format!("1{i:04}"),
        })
        .collect()
}

/// The workspace's agents at a prompt file's `agent:` value (the catalog
/// offers the built-ins there): empty anywhere else.
pub(super) fn prompt_agent_items(text: &str, offset: usize, facts: &WorkspaceFacts) -> Vec<Item> {
    let Some(Spot {
        offset,
        line,
        line_text,
        before,
    }) = spot(text, offset)
    else {
        return Vec::new();
    };
    if line_text.starts_with([' ', '\t', '-']) || has_comment_before(before) {
        return Vec::new();
    }
    let at_agent = key_lines(text)
        .iter()
        .any(|k| k.key.start == line.start && offset > k.colon && &text[k.key.clone()] == "agent");
    if !at_agent {
        return Vec::new();
    }
    let Some((replace, prefix)) = word_at(text, line, offset, is_value_byte) else {
        return Vec::new();
    };
    let built_in: Vec<String> = ["ask", "edit", "agent"].map(String::from).to_vec();
    name_items(facts, replace, prefix, &built_in)
}

/// At a handoff's `agent:` value (`before` is the entry's text from its
/// key to the cursor): the workspace's agents.
pub(super) fn handoff_agent_items(
    text: &str,
    s: &Spot,
    before: &str,
    facts: &WorkspaceFacts,
) -> Option<Vec<Item>> {
    if !before.trim_start().starts_with("agent:") {
        return None;
    }
    let (replace, prefix) = word_at(text, s.line.clone(), s.offset, is_value_byte)?;
    Some(name_items(facts, replace, prefix, &[]))
}

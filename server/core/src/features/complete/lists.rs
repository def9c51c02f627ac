//! Completion items for list entries: tools (with `Agent(` and MCP
//! servers), skills, and agent names inside `Agent(…)`.

use std::ops::Range;

use super::cursor::{has_comment_before, is_name_byte, scan_back, word_at};
use super::items::{Doc, Item, ItemKind, WorkspaceFacts};
use crate::ToolRef;
use crate::catalog::catalog;
use crate::parse::lines::{KeyLine, list_entries};

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ListOf {
    Tools,
    Skills,
}

/// Where a list entry is being typed.
struct Slot<'a> {
    /// The partial entry under the cursor.
    replace: Range<usize>,
    /// Text to put before an inserted entry.
    lead: &'static str,
    /// The other entries of the list, as written.
    others: Vec<&'a str>,
}

/// Entries of a list value (`a, b`, `[a, b]` or a block list) at the cursor.
pub(super) fn list_items(
    text: &str,
    owner: &KeyLine,
    line: Range<usize>,
    offset: usize,
    facts: &WorkspaceFacts,
    of: ListOf,
) -> Vec<Item> {
    let value = owner.value.start..owner.value.end.max(offset);
    let from = line.start.max(value.start);
    if has_comment_before(&text[from..offset]) {
        return Vec::new();
    }
    if let Some(open) = unclosed_paren(text, from, offset) {
        let tool = &text[scan_back(text, open, is_name_byte)..open];
        return if of == ListOf::Tools && tool == "Agent" {
            agent_items(text, open, line, offset, facts)
        } else {
            Vec::new()
        };
    }
    let Some((replace, prefix)) = word_at(text, line.clone(), offset, is_name_byte) else {
        return Vec::new();
    };
    let others = list_entries(text, value)
        .into_iter()
        .filter(|r| !(r.start <= offset && offset <= r.end))
        .map(|r| &text[r])
        .collect();
    // An indented empty line under the key with nothing on the key's line
    // is a block list being written: items need their `- `.
    let line_text = &text[line.clone()];
    let bare_block_line = line.start > owner.key.start
        && !line_text.trim_start().starts_with('-')
        && text[owner.value.start..]
            .split(['\n', '\r'])
            .next()
            .is_some_and(|v| v.trim().is_empty() || v.trim().starts_with('#'));
    let slot = Slot {
        lead: if bare_block_line { "- " } else { prefix },
        replace,
        others,
    };
    match of {
        ListOf::Tools => tool_items(text, owner, &slot, facts),
        ListOf::Skills => skill_items(&slot, facts),
    }
}

fn tool_items(text: &str, owner: &KeyLine, slot: &Slot, facts: &WorkspaceFacts) -> Vec<Item> {
    let Slot { replace, lead, .. } = slot;
    // Old names count as their replacement, rules (`Bash(git *)`) as their
    // tool.
    let listed: Vec<String> = slot
        .others
        .iter()
        .map(|e| {
            ToolRef::parse(e, 0..e.len())
                .resolved_name()
                .trim()
                .to_string()
        })
        .collect();
    let mut items = Vec::new();
    for t in catalog().current_tools() {
        if listed.contains(&t.name) {
            continue;
        }
        let permission = if t.permission {
            "Needs permission: Claude Code asks before each use unless a rule allows it."
        } else {
            "Runs without asking for permission."
        };
        items.push(Item {
            label: t.name.clone(),
            kind: ItemKind::Tool,
            detail: "Claude Code tool".into(),
            documentation: Doc::Markdown(format!("{}\n\n{permission}", t.summary)),
            insert: format!("{lead}{}", t.name),
            snippet: false,
            replace: replace.clone(),
            sort: format!("1{}", t.name),
        });
    }
    // In a flow list (`[a, b]`) YAML splits `Agent(x, y)` at its comma:
    // the rule must be quoted there.
    let flow = text[owner.value.clone()].trim_start().starts_with('[')
        && !text[..replace.start].ends_with(['"', '\'']);
    let agent_rule = if flow {
        "\"Agent(${1})\""
    } else {
        "Agent(${1})"
    };
    if !listed.iter().any(|l| l == "Agent") {
        items.push(Item {
            label: "Agent(".into(),
            kind: ItemKind::Tool,
            detail: "Agent restricted to some agent types".into(),
            documentation: Doc::Markdown(
                "Lets this agent start only the listed agent types, e.g. \
                 `Agent(reviewer, tester)`. The names are the `name:` of agent files."
                    .into(),
            ),
            insert: format!("{lead}{agent_rule}"),
            snippet: true,
            replace: replace.clone(),
            sort: "1Agent(".into(),
        });
    }
    for s in &facts.mcp_servers {
        let label = format!("mcp__{s}__");
        items.push(Item {
            kind: ItemKind::McpServer,
            detail: "MCP server from .mcp.json".into(),
            documentation: Doc::Markdown(format!(
                "Tools of the MCP server `{s}` defined in the workspace's `.mcp.json`: \
                 `{label}<tool>` for one tool, `{label}*` for all of them."
            )),
            insert: format!("{lead}{label}"),
            snippet: false,
            replace: replace.clone(),
            sort: format!("2{s}"),
            label,
        });
    }
    items
}

fn skill_items(slot: &Slot, facts: &WorkspaceFacts) -> Vec<Item> {
    named_items(&facts.skills, &slot.others, |name, description| Item {
        label: name.to_string(),
        kind: ItemKind::Skill,
        detail: or_else(description, "skill"),
        documentation: Doc::Markdown(with_description(
            description,
            format!(
                "Loads the full content of the skill `{name}` into this agent's context at start."
            ),
        )),
        insert: format!("{}{name}", slot.lead),
        snippet: false,
        replace: slot.replace.clone(),
        sort: format!("0{name}"),
    })
}

fn agent_items(
    text: &str,
    open: usize,
    line: Range<usize>,
    offset: usize,
    facts: &WorkspaceFacts,
) -> Vec<Item> {
    let Some((replace, prefix)) = word_at(text, line.clone(), offset, is_name_byte) else {
        return Vec::new();
    };
    let close = text[open..line.end]
        .find(')')
        .map_or(line.end, |i| open + i);
    let listed: Vec<&str> = text[open + 1..close]
        .split([',', ' ', '\t'])
        .filter(|s| !s.is_empty())
        .filter(|s| {
            let at = s.as_ptr() as usize - text.as_ptr() as usize;
            !(at <= offset && offset <= at + s.len())
        })
        .collect();
    named_items(&facts.agents, &listed, |name, description| Item {
        label: name.to_string(),
        kind: ItemKind::Agent,
        detail: or_else(description, "agent"),
        documentation: Doc::Markdown(with_description(
            description,
            format!("Lets this agent start the `{name}` agent."),
        )),
        insert: format!("{prefix}{name}"),
        snippet: false,
        replace: replace.clone(),
        sort: format!("0{name}"),
    })
}

/// One item per known `(name, description)` not in `listed`; a name known
/// twice (a project and a user definition) is offered once.
fn named_items(
    known: &[(String, String)],
    listed: &[&str],
    item: impl Fn(&str, &str) -> Item,
) -> Vec<Item> {
    // A set: workspaces can know thousands of names.
    let mut seen: std::collections::HashSet<&str> = listed.iter().copied().collect();
    let mut out = Vec::new();
    for (name, description) in known {
        if name.is_empty() || !seen.insert(name.as_str()) {
            continue;
        }
        out.push(item(name, first_line(description)));
    }
    out
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("").trim()
}

fn or_else(description: &str, fallback: &str) -> String {
    if description.is_empty() {
        fallback
    } else {
        description
    }
    .to_string()
}

fn with_description(description: &str, what: String) -> String {
    if description.is_empty() {
        what
    } else {
        format!("{description}\n\n{what}")
    }
}

/// The innermost `(` still open at `offset`, scanning from `from` on one line.
fn unclosed_paren(text: &str, from: usize, offset: usize) -> Option<usize> {
    let mut stack = Vec::new();
    for (i, b) in text.as_bytes()[from..offset].iter().enumerate() {
        match b {
            b'(' => stack.push(from + i),
            b')' => {
                stack.pop();
            }
            _ => {}
        }
    }
    stack.pop()
}

//! Completion in other hosts' files (Copilot, OpenCode, Cursor, Gemini CLI,
//! Codex), from their catalogs ([`host_view`]): keys and closed values
//! through the flat-catalog engine, then what only some hosts have: tool
//! names in a `tools` list (Copilot, Gemini CLI), tool and permission names
//! as keys of OpenCode's `tools` and `permission` maps with their values,
//! and in a Copilot prompt's body the `${…}` variables and `#tool:` names.

use std::ops::Range;

use super::cursor::{Spot, nested_lines, scan_back, scan_forward, spot, word_at};
use super::cursor::{has_comment_before, is_key_byte, is_name_byte, is_value_byte};
use super::host_keys::{HostView, ToolsShape, host_view};
use super::host_names::{name_items, prompt_agent_items};
use super::items::{Doc, Item, ItemKind, WorkspaceFacts};
use super::offered::{Offered, booleans, complete_offered};
use crate::HostFile;
use crate::parse::lines::{KeyLine, key_lines, list_entries};
use crate::parse::split::{Split, split_at_fence_line};

/// Completion items at byte `offset` of a file of kind `host`, knowing no
/// other file.
pub fn complete_host(text: &str, offset: usize, host: HostFile) -> Vec<Item> {
    complete_host_in(text, offset, host, &WorkspaceFacts::default())
}

/// [`complete_host`] with the workspace's agents (`facts`) where a Copilot
/// file names one.
pub fn complete_host_in(
    text: &str,
    offset: usize,
    host: HostFile,
    facts: &WorkspaceFacts,
) -> Vec<Item> {
    let view = host_view(host);
    if let Some(items) = body_items(text, offset, &view) {
        return items;
    }
    if let Some(items) = nested_items(text, offset, &view, facts) {
        return items;
    }
    let present: Vec<&str> = key_lines(text)
        .into_iter()
        .filter_map(|k| text.get(k.key))
        .collect();
    let offered: Vec<Offered> = view
        .keys
        .iter()
        // Codex reads both spellings: one is enough.
        .filter(|k| !(k.name == "argument_hint" && present.contains(&"argument-hint")))
        .filter(|k| !(k.name == "argument-hint" && present.contains(&"argument_hint")))
        .map(|k| Offered {
            name: k.name,
            detail: k.detail.clone(),
            summary: k.summary,
            values: k.values.clone(),
            group: "",
        })
        .collect();
    let mut items = complete_offered(text, offset, &offered);
    if host == HostFile::CopilotPrompt {
        items.extend(prompt_agent_items(text, offset, facts));
    }
    items
}

/// Items inside the value of `tools` or OpenCode's `permission`; `None`
/// when the cursor is elsewhere (the flat engine then decides).
fn nested_items(
    text: &str,
    offset: usize,
    view: &HostView,
    facts: &WorkspaceFacts,
) -> Option<Vec<Item>> {
    let s = spot(text, offset)?;
    let keys = key_lines(text);
    let nested = s.line_text.starts_with([' ', '\t', '-']);
    let owner = if nested {
        keys.iter().rev().find(|k| k.key.start < s.line.start)
    } else {
        keys.iter()
            .find(|k| k.key.start == s.line.start)
            .filter(|k| s.offset > k.colon)
    }?;
    let key = &text[owner.key.clone()];
    match (key, view.shape) {
        ("tools", ToolsShape::List) => Some(tool_list(text, owner, &s, view)),
        ("agents", _) if view.host == HostFile::CopilotAgent => {
            let Some((replace, lead, listed)) = list_spot(text, owner, &s) else {
                return Some(Vec::new());
            };
            Some(name_items(facts, replace, lead, &listed))
        }
        ("tools", ToolsShape::Map) if nested => {
            let names: Vec<_> = view.tools.iter().map(|(n, d)| (*n, *d)).collect();
            Some(map_items(
                text,
                owner,
                &s,
                &names,
                &booleans(),
                ItemKind::Tool,
            ))
        }
        ("permission", _) if nested && !view.permissions.is_empty() => {
            let names: Vec<_> = view
                .permissions
                .iter()
                .map(|p| (p.name.as_str(), p.summary.as_str()))
                .collect();
            let actions = view.key("permission").map(|k| k.values.clone());
            let actions = actions.unwrap_or_default();
            Some(map_items(text, owner, &s, &names, &actions, ItemKind::Key))
        }
        ("handoffs", _) if nested && view.host == HostFile::CopilotAgent => {
            Some(super::handoffs::handoff_items(text, owner, &s, facts))
        }
        _ => None,
    }
}

/// At an entry of a list (flow or block) under `owner`: what the edit
/// replaces, what goes before the name, and the entries already listed
/// (lowercase) other than the one under the cursor.
fn list_spot(
    text: &str,
    owner: &KeyLine,
    s: &Spot,
) -> Option<(Range<usize>, &'static str, Vec<String>)> {
    let value = owner.value.start..owner.value.end.max(s.offset);
    let from = s.line.start.max(value.start);
    if has_comment_before(&text[from..s.offset]) {
        return None;
    }
    let (replace, prefix) = word_at(text, s.line.clone(), s.offset, is_name_byte)?;
    let listed: Vec<String> = list_entries(text, value)
        .into_iter()
        .filter(|r| !(r.start <= s.offset && s.offset <= r.end))
        .map(|r| text[r].to_ascii_lowercase())
        .collect();
    // An indented line under a key with nothing after its colon: a block
    // list being written, so items need their `- `.
    let bare_block_line = s.line.start > owner.key.start
        && !s.line_text.trim_start().starts_with('-')
        && text[owner.value.start..]
            .split(['\n', '\r'])
            .next()
            .is_some_and(|v| v.trim().is_empty());
    let lead = if bare_block_line { "- " } else { prefix };
    Some((replace, lead, listed))
}

/// Tool names not yet listed, at an entry of a `tools` list.
fn tool_list(text: &str, owner: &KeyLine, s: &Spot, view: &HostView) -> Vec<Item> {
    let Some((replace, lead, listed)) = list_spot(text, owner, s) else {
        return Vec::new();
    };
    view.tools
        .iter()
        .enumerate()
        .filter(|(_, (name, _))| !listed.contains(&name.to_ascii_lowercase()))
        .map(|(i, (name, summary))| Item {
            label: name.to_string(),
            kind: ItemKind::Tool,
            detail: format!("{} tool", view.host.host()),
            documentation: Doc::Markdown(summary.to_string()),
            insert: format!("{lead}{name}"),
            snippet: false,
            replace: replace.clone(),
            sort: format!("{i:02}"),
        })
        .collect()
}

/// A nested line of a map (`  write: false`): its keys among `names` (only
/// on the map's first level) and then one of `values`.
fn map_items(
    text: &str,
    owner: &KeyLine,
    s: &Spot,
    names: &[(&str, &str)],
    values: &[String],
    kind: ItemKind,
) -> Vec<Item> {
    let indent = s.line_text.len() - s.line_text.trim_start().len();
    let Some(before) = text.get(s.line.start + indent..s.offset) else {
        return Vec::new();
    };
    if has_comment_before(s.before) || s.line_text.trim_start().starts_with('-') {
        return Vec::new();
    }
    if before.bytes().all(is_key_byte) {
        if indent > first_level(text, owner, s.line.start).unwrap_or(indent) {
            return Vec::new();
        }
        let start = s.line.start + indent;
        let end = scan_forward(text, s.offset, is_key_byte).min(s.line.end);
        let has_colon = text[end..s.line.end].trim_start().starts_with(':');
        let present = map_keys(text, owner);
        return names
            .iter()
            .enumerate()
            .filter(|(_, (n, _))| !present.iter().any(|p| p == n) || text[start..end] == **n)
            .map(|(i, (name, doc))| Item {
                label: name.to_string(),
                kind,
                detail: values.join(" | "),
                documentation: Doc::Markdown(doc.to_string()),
                insert: if has_colon {
                    name.to_string()
                } else {
                    format!("{name}: ${{1|{}|}}", values.join(","))
                },
                snippet: !has_colon,
                replace: start..end,
                sort: format!("{i:02}"),
            })
            .collect();
    }
    if !before.contains(':') {
        return Vec::new();
    }
    let Some((replace, prefix)) = word_at(text, s.line.clone(), s.offset, is_value_byte) else {
        return Vec::new();
    };
    values
        .iter()
        .enumerate()
        .map(|(i, v)| Item {
            label: v.clone(),
            kind: ItemKind::Value,
            detail: format!("{} value", &text[owner.key.clone()]),
            documentation: Doc::Markdown(match v.as_str() {
                "allow" => "Done without asking.".into(),
                "ask" => "Asks the user each time.".into(),
                "deny" => "Refused.".into(),
                "true" => "The tool is available.".into(),
                _ => "The tool is turned off.".into(),
            }),
            insert: format!("{prefix}{v}"),
            snippet: false,
            replace: replace.clone(),
            sort: format!("{i:02}"),
        })
        .collect()
}

/// The indentation of the map's first nested key line other than the one
/// at `skip`.
fn first_level(text: &str, owner: &KeyLine, skip: usize) -> Option<usize> {
    nested_lines(text, owner)
        .filter(|(start, line)| *start != skip && !line.trim().is_empty())
        .map(|(_, line)| line.len() - line.trim_start().len())
        .min()
}

/// The first-level key names of the map under `owner`.
fn map_keys<'t>(text: &'t str, owner: &KeyLine) -> Vec<&'t str> {
    let level = first_level(text, owner, usize::MAX);
    nested_lines(text, owner)
        .filter(|(_, line)| Some(line.len() - line.trim_start().len()) == level)
        .filter_map(|(_, line)| {
            let t = line.trim_start();
            let end = t.bytes().position(|b| !is_key_byte(b))?;
            t[end..].starts_with(':').then(|| &t[..end])
        })
        .collect()
}

/// In a Copilot file's body: `${…}` variables (prompt files) and `#tool:`
/// names. `None` outside the body, or in a file of another host.
fn body_items(text: &str, offset: usize, view: &HostView) -> Option<Vec<Item>> {
    if !view.is_copilot() || !text.is_char_boundary(offset) {
        return None;
    }
    let body = match split_at_fence_line(text) {
        Split::FrontMatter(p) => p.body_start,
        Split::None | Split::Displaced { .. } => 0,
        Split::Unclosed { .. } => return None,
    };
    if offset < body {
        return None;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let word = scan_back(text, offset, |b| is_name_byte(b) || b == b':');
    if view.host == HostFile::CopilotPrompt
        && word >= line_start + 2
        && text.get(word - 2..word) == Some("${")
    {
        let end = scan_forward(text, offset, is_name_byte);
        return Some(variables(text, word..end, view));
    }
    let at = scan_back(text, offset, is_name_byte);
    if text[..at].ends_with("#tool:") && at >= line_start + "#tool:".len() {
        let end = scan_forward(text, offset, is_name_byte);
        return Some(
            view.tools
                .iter()
                .enumerate()
                .map(|(i, (name, summary))| Item {
                    label: name.to_string(),
                    kind: ItemKind::Tool,
                    detail: "GitHub Copilot tool".into(),
                    documentation: Doc::Markdown(summary.to_string()),
                    insert: name.to_string(),
                    snippet: false,
                    replace: at..end,
                    sort: format!("{i:02}"),
                })
                .collect(),
        );
    }
    None
}

/// The variables of a prompt file, replacing `replace` (after `${`).
fn variables(text: &str, replace: Range<usize>, view: &HostView) -> Vec<Item> {
    let Some(files) = view.files else {
        return Vec::new();
    };
    let closed = text[replace.end..].starts_with('}');
    let close = if closed { "" } else { "}" };
    let doc = |name: &str| {
        files
            .variable_docs
            .get(name)
            .cloned()
            .unwrap_or_else(|| "Replaced by VS Code when the prompt runs.".into())
    };
    let mut items: Vec<Item> = files
        .variables
        .iter()
        .enumerate()
        .map(|(i, v)| Item {
            label: v.clone(),
            kind: ItemKind::Value,
            detail: "prompt variable".into(),
            documentation: Doc::Markdown(doc(v)),
            insert: format!("{v}{close}"),
            snippet: false,
            replace: replace.clone(),
            sort: format!("1{i:02}"),
        })
        .collect();
    items.insert(
        0,
        Item {
            label: "input:".into(),
            kind: ItemKind::Value,
            detail: "a value asked for when the prompt runs".into(),
            documentation: Doc::Markdown(doc("input")),
            insert: format!("input:${{1:name}}{close}"),
            snippet: true,
            replace,
            sort: "000".into(),
        },
    );
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str, at: &str, host: HostFile) -> Vec<String> {
        let offset = text.find(at).unwrap() + at.len();
        complete_host(text, offset, host)
            .into_iter()
            .map(|i| i.label)
            .collect()
    }

    #[test]
    fn no_panic_at_any_offset() {
        let t = "\u{feff}---\r\ntools:\r\n  wr: é\r\npermission:\r\n  - 🧠\r\n---\r\n${in #tool:";
        use HostFile::*;
        for host in [CopilotPrompt, OpenCodeAgent, GeminiAgent, CursorRule] {
            for i in 0..=t.len() + 2 {
                let _ = complete_host(t, i, host);
            }
        }
    }

    #[test]
    fn opencode_maps_offer_names_then_values() {
        let text = "---\ntools:\n  write: false\n  b\npermission:\n  bash:\n    \"git *\": \n---\n";
        let tools = labels(text, "\n  b", HostFile::OpenCodeAgent);
        assert!(tools.contains(&"bash".into()) && !tools.contains(&"write".into()));
        assert_eq!(
            labels(text, "write:", HostFile::OpenCodeAgent),
            ["true", "false"]
        );
        assert_eq!(
            labels(text, "\"git *\": ", HostFile::OpenCodeAgent),
            ["allow", "ask", "deny"]
        );
    }
}

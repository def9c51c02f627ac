//! Completion in the front matter, as plain data with byte ranges.
//!
//! The context is read from the lines around the cursor, not from the parsed
//! YAML: while someone types, the YAML is broken more often than not, and
//! that is exactly when completion is wanted. The same line scan
//! ([`key_lines`], [`list_entries`], [`scalar_value`]) serves the LSP's
//! colors and semantic tokens, so they work on broken files too.

use std::ops::Range;

use crate::catalog::{Field, FieldKind, ToolStatus, catalog};
use crate::parse::split::{self, Split};

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

/// A top-level `key:` line of the front matter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyLine {
    pub key: Range<usize>,
    pub colon: usize,
    /// From after the colon to the start of the next top-level key (or the
    /// end of the front matter): the value with its nested lines.
    pub value: Range<usize>,
}

/// The YAML between the fences, and whether a closing fence exists. An
/// unclosed block (a new file being written) runs to the end of the text.
pub fn yaml_region(text: &str) -> Option<(Range<usize>, bool)> {
    match split::split(text) {
        Split::FrontMatter(p) => Some((p.yaml, true)),
        Split::Unclosed { open } => {
            let start = text[open.end..]
                .find('\n')
                .map_or(text.len(), |i| open.end + i + 1);
            Some((start..text.len(), false))
        }
        Split::Displaced { .. } | Split::None => None,
    }
}

/// Top-level keys of the front matter, found line by line.
pub fn key_lines(text: &str) -> Vec<KeyLine> {
    let Some((region, _)) = yaml_region(text) else {
        return Vec::new();
    };
    let mut out: Vec<KeyLine> = Vec::new();
    for line in lines(text, region.clone()) {
        let Some((key, colon)) = parse_key_line(&text[line.clone()]) else {
            continue;
        };
        if let Some(prev) = out.last_mut() {
            prev.value.end = line.start;
        }
        out.push(KeyLine {
            key: line.start + key.start..line.start + key.end,
            colon: line.start + colon,
            value: line.start + colon + 1..region.end,
        });
    }
    out
}

/// The entries of a list value (string, flow list or block list), each
/// without quotes or list markers; `Bash(git *)` stays one entry. An unclosed
/// `(` ends at its line, so one typo does not swallow the rest.
pub fn list_entries(text: &str, region: Range<usize>) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start: Option<usize> = None;
    let mut comment = false;
    let flush = |start: &mut Option<usize>, end: usize, out: &mut Vec<Range<usize>>| {
        if let Some(mut s) = start.take() {
            // A block-list marker glued to nothing (`-`) or a stray dash:
            // tool names never start with one.
            while s < end && bytes[s] == b'-' {
                s += 1;
            }
            if s < end {
                out.push(s..end);
            }
        }
    };
    for at in region.clone() {
        let b = bytes[at];
        if b == b'\n' || b == b'\r' {
            comment = false;
            depth = 0;
            flush(&mut start, at, &mut out);
            continue;
        }
        if comment {
            continue;
        }
        let after_space = at == region.start || bytes[at - 1].is_ascii_whitespace();
        match b {
            b'#' if depth == 0 && start.is_none() && after_space => comment = true,
            b'(' => {
                depth += 1;
                start.get_or_insert(at);
            }
            b')' => {
                depth = depth.saturating_sub(1);
                start.get_or_insert(at);
            }
            b',' | b' ' | b'\t' | b'[' | b']' | b'"' | b'\'' if depth == 0 => {
                flush(&mut start, at, &mut out)
            }
            _ => {
                start.get_or_insert(at);
            }
        }
    }
    flush(&mut start, region.end, &mut out);
    out
}

/// The value on a key's own line: trimmed, without quotes or a trailing
/// comment. `None` when empty or when the value is a block or a list.
pub fn scalar_value(text: &str, kl: &KeyLine) -> Option<Range<usize>> {
    let line_end = text[kl.value.clone()]
        .find(['\n', '\r'])
        .map_or(kl.value.end, |i| kl.value.start + i);
    let raw = &text[kl.value.start..line_end];
    let lead = raw.len() - raw.trim_start().len();
    let mut start = kl.value.start + lead;
    let mut v = raw.trim_start();
    if let Some(q) = v.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let inner = &v[1..];
        let close = inner.find(q).unwrap_or(inner.len());
        start += 1;
        v = &inner[..close];
    } else {
        if let Some(i) = v.find(" #").or_else(|| v.find("\t#")) {
            v = &v[..i];
        }
        v = v.trim_end();
        if v.starts_with(['|', '>', '[', '{', '&', '*', '!', '#'])
            || v == "-"
            || v.starts_with("- ")
        {
            return None;
        }
    }
    (!v.is_empty()).then(|| start..start + v.len())
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

// ---------------------------------------------------------------------------
// Keys

fn key_items(text: &str, keys: &[KeyLine], line: Range<usize>, offset: usize) -> Vec<Item> {
    let end = scan_forward(text, offset, is_key_byte);
    let replace = line.start..end.min(line.end);
    let present: Vec<&str> = keys
        .iter()
        .filter(|k| k.key.start != line.start)
        .map(|k| &text[k.key.clone()])
        .collect();
    // Renaming the key of an existing `key: value` line: insert the name only.
    let has_colon = text[replace.end..line.end].trim_start().starts_with(':');
    catalog()
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.undocumented && !present.contains(&f.name.as_str()))
        .map(|(i, f)| Item {
            label: f.name.clone(),
            kind: ItemKind::Key,
            detail: type_of(f),
            documentation: Doc::Markdown(key_doc(f)),
            insert: if has_colon {
                f.name.clone()
            } else {
                key_snippet(f)
            },
            snippet: !has_colon,
            replace: replace.clone(),
            sort: format!("{}{i:02}", if f.required { 0 } else { 1 }),
        })
        .collect()
}

fn type_of(f: &Field) -> String {
    match f.kind {
        FieldKind::String => "string".into(),
        FieldKind::Text => "string (text)".into(),
        FieldKind::Name => "string (agent name)".into(),
        FieldKind::Tools => "tool names: comma-separated string or list".into(),
        FieldKind::Model => "model alias, `inherit` or model ID".into(),
        FieldKind::Enum => f.values.join(" | "),
        FieldKind::Bool => "true | false".into(),
        FieldKind::PositiveInt => "positive integer".into(),
        FieldKind::Effort => format!("{} | integer", f.values.join(" | ")),
        FieldKind::List => "list".into(),
        FieldKind::Map => "mapping".into(),
    }
}

fn key_doc(f: &Field) -> String {
    let mut doc = f.summary.clone();
    if f.required {
        doc.push_str("\n\n**Required**: without it Claude Code skips the file.");
    }
    if let Some(d) = &f.detail {
        doc.push_str("\n\n");
        doc.push_str(d);
    }
    if let Some(d) = &f.default {
        doc.push_str(&format!("\n\nDefault: {d}."));
    }
    match (&f.since, &f.documented) {
        (Some(v), _) => doc.push_str(&format!("\n\nSince Claude Code {v}.")),
        (None, Some(d)) => doc.push_str(&format!("\n\nDocumented since {d}.")),
        (None, None) => {}
    }
    doc
}

fn key_snippet(f: &Field) -> String {
    let choice = |values: &[String]| format!("{}: ${{1|{}|}}", f.name, values.join(","));
    match f.kind {
        FieldKind::Enum | FieldKind::Effort => choice(&f.values),
        FieldKind::Bool => choice(&["true".into(), "false".into()]),
        FieldKind::Model => choice(&model_values()),
        FieldKind::List => format!("{}:\n  - ${{1}}", f.name),
        FieldKind::Map => format!("{}:\n  ${{1}}", f.name),
        _ => format!("{}: ${{1}}", f.name),
    }
}

fn model_values() -> Vec<String> {
    let m = &catalog().models;
    m.aliases.iter().chain(&m.keywords).cloned().collect()
}

// ---------------------------------------------------------------------------
// Lists: tools and skills

#[derive(Clone, Copy, PartialEq, Eq)]
enum ListOf {
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
fn list_items(
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
    let listed: Vec<String> = slot.others.iter().map(|e| canonical(e)).collect();
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

/// The tool an entry resolves to, for "already listed": aliases count as
/// their replacement, rules (`Bash(git *)`) as their tool.
fn canonical(entry: &str) -> String {
    let base = entry.split('(').next().unwrap_or(entry).trim();
    match catalog().tool(base) {
        Some(t) if t.status == ToolStatus::Alias => t.replacement.clone().unwrap_or_default(),
        _ => base.to_string(),
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

// ---------------------------------------------------------------------------
// Scalar values

fn value_items(text: &str, field: &Field, offset: usize) -> Vec<Item> {
    let line = line_around(text, offset);
    let Some((replace, prefix)) = word_at(text, line, offset, is_value_byte) else {
        return Vec::new();
    };
    let cat = catalog();
    let item = |i: usize, value: &str, kind: ItemKind, doc: Doc| Item {
        label: value.to_string(),
        kind,
        detail: format!("{} value", field.name),
        documentation: doc,
        insert: format!("{prefix}{value}"),
        snippet: false,
        replace: replace.clone(),
        sort: format!("{i:02}"),
    };
    let values: Vec<String> = match field.kind {
        FieldKind::Enum | FieldKind::Effort => field.values.clone(),
        FieldKind::Bool => vec!["true".into(), "false".into()],
        FieldKind::Model => model_values(),
        _ => return Vec::new(),
    };
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            if field.name == "color" {
                let hex = cat.colors.get(v).cloned().unwrap_or_default();
                return item(i, v, ItemKind::Color, Doc::Plain(hex));
            }
            let note = cat.meaning(&field.name, v).unwrap_or(&field.summary);
            item(i, v, ItemKind::Value, Doc::Markdown(note.to_string()))
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Text helpers

/// Byte ranges of the lines in `region`, without their line breaks.
fn lines(text: &str, region: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = region.start;
    std::iter::from_fn(move || {
        if at >= region.end {
            return None;
        }
        let rest = &text[at..region.end];
        let len = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let line = at..at + len;
        at += len;
        at += if rest[len..].starts_with("\r\n") {
            2
        } else {
            usize::from(len < rest.len())
        };
        Some(line)
    })
}

/// The line containing `offset`, without its line break.
fn line_around(text: &str, offset: usize) -> Range<usize> {
    let start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let end = text[offset..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| offset + i);
    start..end
}

/// `key:` at column 0: the key's range and the colon, relative to the line.
fn parse_key_line(line: &str) -> Option<(Range<usize>, usize)> {
    if line.starts_with([
        ' ', '\t', '-', '#', '"', '\'', '[', '{', '<', '?', '&', '*', '!', '|', '>', '%', '@', '`',
    ]) {
        return None;
    }
    let bytes = line.as_bytes();
    let colon = (0..bytes.len()).find(|&i| {
        bytes[i] == b':' && bytes.get(i + 1).is_none_or(|b| *b == b' ' || *b == b'\t')
    })?;
    let key = line[..colon].trim_end();
    (!key.is_empty()).then_some((0..key.len(), colon))
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Characters of tool names, rules' names, MCP names and agent names.
fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'*' | b'.')
}

fn is_value_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

fn is_key_prefix(before: &str) -> bool {
    !before.starts_with('-') && before.bytes().all(is_key_byte)
}

/// A `#` after whitespace before the cursor: the cursor is in a comment.
fn has_comment_before(before: &str) -> bool {
    before.contains(" #") || before.contains("\t#")
}

fn scan_back(text: &str, offset: usize, ok: impl Fn(u8) -> bool) -> usize {
    let bytes = text.as_bytes();
    let mut at = offset;
    while at > 0 && ok(bytes[at - 1]) {
        at -= 1;
    }
    at
}

fn scan_forward(text: &str, offset: usize, ok: impl Fn(u8) -> bool) -> usize {
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
fn word_at(
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

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(src: &str) -> Vec<&str> {
        list_entries(src, 0..src.len())
            .into_iter()
            .map(|r| &src[r])
            .collect()
    }

    #[test]
    fn list_entries_in_every_form() {
        assert_eq!(entries(" Read, Grep,Glob"), ["Read", "Grep", "Glob"]);
        assert_eq!(entries(" [Read, \"Grep\"]"), ["Read", "Grep"]);
        assert_eq!(
            entries("\n  - Read\n  -Bash(git *) # x, Y\n"),
            ["Read", "Bash(git *)"]
        );
        assert_eq!(entries(" Bash(git\n - Read"), ["Bash(git", "Read"]);
    }

    #[test]
    fn key_lines_see_through_broken_yaml() {
        let t = "---\nname: a\ndescription: x: y\nExamples:\n<example>\ntools: Read\n---\n";
        let keys: Vec<&str> = key_lines(t).iter().map(|k| &t[k.key.clone()]).collect();
        assert_eq!(keys, ["name", "description", "Examples", "tools"]);
    }

    #[test]
    fn scalar_values() {
        let t = "---\ncolor: \"purple\" \nmodel: opus # fast\ntools:\n---\n";
        let got: Vec<Option<&str>> = key_lines(t)
            .iter()
            .map(|k| scalar_value(t, k).map(|r| &t[r]))
            .collect();
        assert_eq!(got, [Some("purple"), Some("opus"), None]);
    }

    #[test]
    fn no_panic_at_any_offset() {
        let t = "\u{feff}---\r\nname: é\r\ntools: [Agent(ré, \r\n  - 🧠\rcolor: \"\r\n---\r\nbody";
        for i in 0..=t.len() + 2 {
            let _ = complete(t, i, &WorkspaceFacts::default());
        }
    }
}

//! `tools` and `disallowedTools`: every entry resolved as Claude Code does
//! when it spawns the agent.

use std::ops::Range;

use super::{Context, diag, replace};
use crate::catalog::{ToolStatus, catalog};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::parse::yaml::{Node, ScalarKind, Style};
use crate::suggest;

/// One entry of a tools list, with the source range it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToolRef {
    pub text: String,
    pub range: Range<usize>,
}

/// What an entry resolves to when the agent is spawned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Resolution {
    /// Resolves (a tool, an alias, `*`, an MCP pattern, a rule).
    Yes,
    /// Resolves only when something is enabled in the session.
    Maybe,
    /// Dropped.
    No,
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let allowed = cx
        .fm
        .get("tools")
        .map(|e| (&e.value, entries(cx.text, &e.value)));
    let denied = cx
        .fm
        .get("disallowedTools")
        .map(|e| (&e.value, entries(cx.text, &e.value)));
    if let Some((node, refs)) = &allowed {
        check_list(cx, "tools", node, refs, out);
    }
    if let Some((node, refs)) = &denied {
        check_list(cx, "disallowedTools", node, refs, out);
    }
    if let (Some((_, allow)), Some((_, deny))) = (&allowed, &denied) {
        for a in allow {
            if let Some(d) = deny
                .iter()
                .find(|d| base_name(&d.text) == base_name(&a.text) && !a.text.contains('('))
            {
                out.push(
                    diag(
                        codes::TOOL_CONFLICT,
                        a.range.clone(),
                        format!(
                            "`{}` is also in `disallowedTools`, which is applied first: the agent \
                             will not get it. Remove it from one of the lists.",
                            a.text
                        ),
                    )
                    .with_related(d.range.clone(), "denied here"),
                );
            }
        }
    }
}

fn check_list(cx: &Context, field: &str, node: &Node, refs: &[ToolRef], out: &mut Vec<Diagnostic>) {
    match node {
        Node::Scalar(s)
            if s.kind == ScalarKind::Null
                || (s.kind == ScalarKind::Str && s.text.trim().is_empty()) =>
        {
            if field == "tools" {
                out.push(diag(
                    codes::TOOLS_EMPTY,
                    cx.fm.get(field).map_or(node.range(), |e| e.key.range()),
                    "`tools` is empty, so this agent gets no tools at all. Remove the line to \
                     inherit every tool, or list the ones it needs."
                        .into(),
                ));
            }
            return;
        }
        Node::Seq { items, .. } if items.is_empty() => {
            if field == "tools" {
                out.push(diag(
                    codes::TOOLS_EMPTY,
                    node.range(),
                    "`tools: []` gives this agent no tools at all. Remove the line to inherit \
                     every tool, or list the ones it needs."
                        .into(),
                ));
            }
            return;
        }
        Node::Scalar(s) if s.kind == ScalarKind::Str => {}
        Node::Seq { .. } => {}
        other => {
            out.push(diag(
                codes::INVALID_VALUE,
                other.range(),
                format!(
                    "`{field}` must be a comma-separated string or a list of tool names, not {}.",
                    other.kind_name()
                ),
            ));
            return;
        }
    }
    let denying = field == "disallowedTools";
    let mut seen: Vec<(String, Range<usize>)> = Vec::new();
    let mut resolutions = Vec::new();
    for r in refs {
        let res = check_entry(r, denying, out);
        resolutions.push(res);
        let canonical = canonical(&r.text);
        if let Some((_, first)) = seen.iter().find(|(c, _)| *c == canonical) {
            out.push(
                diag(
                    codes::TOOL_DUPLICATE,
                    r.range.clone(),
                    format!("`{}` is already listed.", r.text),
                )
                .with_related(first.clone(), "first listed here")
                .with_fix(
                    "Remove the duplicate",
                    remove_entry(cx.text, node, r),
                    true,
                ),
            );
        } else {
            seen.push((canonical, r.range.clone()));
        }
    }
    if !denying && !refs.is_empty() && resolutions.iter().all(|r| *r == Resolution::No) {
        let names: Vec<_> = refs.iter().map(|r| r.text.as_str()).collect();
        out.push(diag(
            codes::TOOLS_NONE_RESOLVE,
            node.range(),
            format!(
                "None of these tools exists for subagents ({}), so Claude Code refuses to start \
                 this agent (\"would be spawned with zero tools\"). Fix the names, or remove \
                 `tools` to inherit every tool.",
                names.join(", ")
            ),
        ));
    }
}

/// The name part of `Name(specifier)`.
fn base_name(text: &str) -> &str {
    text.split('(').next().unwrap_or(text).trim()
}

/// What a duplicate is judged by: the tool an entry resolves to.
fn canonical(text: &str) -> String {
    let base = base_name(text);
    if text.contains('(') {
        return text.to_string();
    }
    match catalog().tool(base) {
        Some(t) if t.status == ToolStatus::Alias => t.replacement.clone().unwrap_or_default(),
        _ => base.to_string(),
    }
}

fn check_entry(r: &ToolRef, denying: bool, out: &mut Vec<Diagnostic>) -> Resolution {
    let text = r.text.as_str();
    let effect = if denying {
        "has no effect here"
    } else {
        "is dropped when the agent starts"
    };
    if text == "*" {
        return Resolution::Yes;
    }
    if let Some(rest) = text.strip_prefix("mcp__") {
        return mcp(r, rest, out);
    }
    let name = match text.find('(') {
        Some(open) => {
            if !text.ends_with(')') || text.matches('(').count() != text.matches(')').count() {
                out.push(diag(
                    codes::TOOL_MALFORMED,
                    r.range.clone(),
                    format!(
                        "`{text}` has unbalanced parentheses: Claude Code cannot read this rule \
                         and it {effect}. Close it, e.g. `{}(...)`.",
                        &text[..open]
                    ),
                ));
                return Resolution::No;
            }
            &text[..open]
        }
        None => text,
    };
    let name_range = r.range.start..r.range.start + name.len();
    let cat = catalog();
    let Some(tool) = cat.tool(name) else {
        let suggestion = suggest::closest(name, cat.current_tools().map(|t| t.name.as_str()));
        let message = match suggestion {
            Some(s) if s.eq_ignore_ascii_case(name) => {
                format!("Tool names are case-sensitive: `{name}` is not `{s}`, so it {effect}.")
            }
            Some(s) => {
                format!("Claude Code has no tool `{name}`, so it {effect}. Did you mean `{s}`?")
            }
            None => format!("Claude Code has no tool `{name}`, so it {effect}."),
        };
        let mut d = diag(codes::TOOL_UNKNOWN, name_range.clone(), message);
        if let Some(s) = suggestion {
            d = d.with_fix(format!("Change to `{s}`"), replace(name_range, s), true);
        }
        out.push(d);
        return Resolution::No;
    };
    match tool.status {
        ToolStatus::Current => Resolution::Yes,
        ToolStatus::Alias => {
            let to = tool.replacement.as_deref().unwrap_or_default();
            out.push(
                diag(
                    codes::TOOL_RENAMED,
                    name_range.clone(),
                    format!("`{name}` is the old name of `{to}`; it still works, but `{to}` is the current name."),
                )
                .with_fix(format!("Rename to `{to}`"), replace(name_range, to), true),
            );
            Resolution::Yes
        }
        ToolStatus::Removed => {
            let mut message = format!("`{name}` no longer exists in Claude Code, so it {effect}.");
            if let Some(to) = &tool.replacement {
                message.push_str(&format!(" Use `{to}` instead."));
            }
            let mut d = diag(codes::TOOL_REMOVED, name_range.clone(), message);
            if let Some(to) = &tool.replacement {
                d = d.with_fix(
                    format!("Replace with `{to}`"),
                    replace(name_range, to.as_str()),
                    true,
                );
            }
            out.push(d);
            Resolution::No
        }
        ToolStatus::MainOnly | ToolStatus::Optional => {
            if denying {
                return Resolution::Yes;
            }
            let (mut message, res) = if tool.status == ToolStatus::MainOnly {
                let exception = tool
                    .note
                    .as_deref()
                    .map(|n| format!(" (Exception: {n}.)"))
                    .unwrap_or_default();
                (
                    format!(
                        "`{name}` exists, but Claude Code never gives it to subagents: it {effect}.{exception}"
                    ),
                    Resolution::No,
                )
            } else {
                let why = tool.note.as_deref().unwrap_or("off unless enabled");
                (
                    format!(
                        "`{name}` exists, but it is {why}, so it is usually dropped when this agent starts."
                    ),
                    Resolution::Maybe,
                )
            };
            if let Some(to) = &tool.replacement {
                message.push_str(&format!(" Use `{to}` instead."));
            }
            out.push(diag(codes::TOOL_UNAVAILABLE, name_range, message));
            res
        }
    }
}

/// `mcp__server`, `mcp__server__tool`, `mcp__server__*`.
fn mcp(r: &ToolRef, rest: &str, out: &mut Vec<Diagnostic>) -> Resolution {
    let valid_part = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
    };
    let ok = match rest.split_once("__") {
        Some((server, tool)) => valid_part(server) && (tool == "*" || valid_part(tool)),
        None => valid_part(rest),
    };
    if ok {
        return Resolution::Yes;
    }
    out.push(diag(
        codes::TOOL_MALFORMED,
        r.range.clone(),
        format!(
            "`{}` is not a valid MCP tool name: write `mcp__<server>`, `mcp__<server>__<tool>` \
             or `mcp__<server>__*`.",
            r.text
        ),
    ));
    Resolution::No
}

/// The entries of a tools value with their source ranges. A string is split on
/// commas and whitespace outside parentheses, as Claude Code does.
pub fn entries(text: &str, node: &Node) -> Vec<ToolRef> {
    match node {
        Node::Scalar(s) if s.kind == ScalarKind::Str => {
            let (src, base) = source_of(text, s.range.clone(), s.style, &s.text);
            split_names(src, base)
        }
        Node::Seq { items, .. } => items
            .iter()
            .filter_map(|item| {
                let s = item.as_scalar()?;
                let (src, base) = source_of(text, s.range.clone(), s.style, &s.text);
                let trimmed = src.trim();
                let lead = src.len() - src.trim_start().len();
                (!trimmed.is_empty()).then(|| ToolRef {
                    text: s.text.trim().to_string(),
                    range: base + lead..base + lead + trimmed.len(),
                })
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The source text that spells out a scalar, and where it starts; the loaded
/// text at the value's start when quoting changed it.
fn source_of<'t>(
    text: &'t str,
    range: Range<usize>,
    style: Style,
    value: &'t str,
) -> (&'t str, usize) {
    let src = &text[range.clone()];
    let inner = match style {
        Style::SingleQuoted | Style::DoubleQuoted if src.len() >= 2 => &src[1..src.len() - 1],
        _ => src,
    };
    if inner == value {
        (inner, range.start + (src.len() - inner.len()).min(1))
    } else {
        (value, range.start)
    }
}

fn split_names(src: &str, base: usize) -> Vec<ToolRef> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start: Option<usize> = None;
    let flush = |start: &mut Option<usize>, end: usize, out: &mut Vec<ToolRef>| {
        if let Some(s) = start.take() {
            out.push(ToolRef {
                text: src[s..end].to_string(),
                range: base + s..base + end,
            });
        }
    };
    for (i, c) in src.char_indices() {
        match c {
            '(' => {
                depth += 1;
                start.get_or_insert(i);
            }
            ')' => {
                depth = depth.saturating_sub(1);
                start.get_or_insert(i);
            }
            ',' if depth == 0 => flush(&mut start, i, &mut out),
            c if c.is_whitespace() && depth == 0 => flush(&mut start, i, &mut out),
            _ => {
                start.get_or_insert(i);
            }
        }
    }
    if depth > 0 {
        // An unclosed `(`: end that entry at its first comma and go on, so
        // one typo does not swallow the rest of the list.
        if let Some(s) = start.take() {
            match src[s..].find(',') {
                Some(comma) => {
                    let entry = src[s..s + comma].trim_end();
                    out.push(ToolRef {
                        text: entry.to_string(),
                        range: base + s..base + s + entry.len(),
                    });
                    out.extend(split_names(&src[s + comma + 1..], base + s + comma + 1));
                }
                None => start = Some(s),
            }
        }
    }
    flush(&mut start, src.len(), &mut out);
    out
}

/// An edit removing one entry (and its separator) from a tools value.
fn remove_entry(text: &str, node: &Node, r: &ToolRef) -> Vec<crate::Edit> {
    // In a list, remove the whole item (quotes included), not just its text.
    let (target, block) = match node {
        Node::Seq { items, range } => (
            items
                .iter()
                .map(Node::range)
                .find(|i| i.start <= r.range.start && r.range.end <= i.end)
                .unwrap_or_else(|| r.range.clone()),
            !text[range.start..].starts_with('['),
        ),
        _ => (r.range.clone(), false),
    };
    if block {
        // Block list: drop the whole `- item` line.
        let start = text[..target.start].rfind('\n').map_or(0, |i| i + 1);
        let end = text[target.end..]
            .find('\n')
            .map_or(text.len(), |i| target.end + i + 1);
        return replace(start..end, "");
    }
    // Inline: drop the separator before the entry (`, ` or spaces), so the
    // last entry leaves no dangling comma; for a first entry (nothing but the
    // key, `[` or a quote before it), drop the separator after it instead.
    let before = text[..target.start].trim_end_matches([' ', '\t']);
    let after = &text[target.end..];
    let next = after.trim_start_matches([' ', '\t']);
    let first = before.ends_with([':', '[', '"', '\'']) || before.ends_with('\n');
    if !first {
        let sep = before.strip_suffix(',').unwrap_or(before);
        return replace(sep.trim_end_matches([' ', '\t']).len()..target.end, "");
    }
    let next_entry = next.strip_prefix(',').unwrap_or(next);
    let next_entry = next_entry.trim_start_matches([' ', '\t']);
    let end = if next_entry.starts_with(['\n', '\r', ']', '"', '\'']) || next_entry.is_empty() {
        // The only entry: keep the line's shape.
        target.end
    } else {
        text.len() - next_entry.len()
    };
    replace(target.start..end, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(src: &str) -> Vec<String> {
        split_names(src, 0).into_iter().map(|r| r.text).collect()
    }

    #[test]
    fn splitting_keeps_rules_whole() {
        assert_eq!(names("Read, Grep,Glob"), ["Read", "Grep", "Glob"]);
        assert_eq!(names("Read Grep"), ["Read", "Grep"]);
        assert_eq!(
            names("Bash(git diff:*), Agent(a, b)"),
            ["Bash(git diff:*)", "Agent(a, b)"]
        );
        assert_eq!(names("Bash(git diff:*"), ["Bash(git diff:*"]);
        assert_eq!(
            names("Bash(git diff:*, Read, Agent(a, b)"),
            ["Bash(git diff:*", "Read", "Agent(a, b)"]
        );
    }
}

//! `tools` and `disallowedTools`: every entry resolved as Claude Code does
//! when it spawns the agent.

use std::ops::Range;

use super::context::Context;
use crate::catalog::{ToolStatus, catalog};
use crate::codes;
use crate::codes::diag;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::replace;
use crate::model::{ToolRef, spawn_of};
use crate::parse::yaml::{Node, ScalarKind};
use crate::suggest;

/// What an entry resolves to when the agent is spawned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Resolution {
    /// Resolves (a tool, an alias, `*`, an MCP pattern, a rule).
    Yes,
    /// Dropped.
    No,
}

pub fn check<'a>(cx: &Context<'a>, out: &mut Vec<Diagnostic>) {
    let list = |key: &str, refs: Option<&'a [ToolRef]>| Some((&cx.fm.get(key)?.value, refs?));
    let allowed = list("tools", cx.tools);
    let denied = list("disallowedTools", cx.disallowed_tools);
    // With Bash, Claude Code leaves searching to it: Grep and Glob go.
    let is_bash = |t: &&ToolRef| !t.is_mcp() && t.resolved_name() == "Bash";
    let bash = allowed
        .as_ref()
        .is_some_and(|(_, a)| a.iter().any(|t| is_bash(&t)))
        && !denied
            .as_ref()
            .is_some_and(|(_, d)| d.iter().any(|t| is_bash(&t) && t.specifier().is_none()));
    if let Some((node, refs)) = &allowed {
        check_list(cx, "tools", node, refs, bash, out);
        if bash {
            replaced_by_bash(refs, out);
        }
    }
    if let Some((node, refs)) = &denied {
        check_list(cx, "disallowedTools", node, refs, false, out);
    }
    if let Some((_, refs)) = &allowed {
        tool_search_dropped(cx, refs, out);
    }
    if let (Some((_, allow)), Some((_, deny))) = (&allowed, &denied) {
        for a in allow.iter() {
            if let Some(d) = deny
                .iter()
                .find(|d| d.name().trim() == a.name().trim() && !a.text.contains('('))
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

/// `ToolSearch` named in `tools` but not sent: tool search is off for the
/// model, or the agent has nothing to defer (it still counts against the
/// "zero tools" refusal).
fn tool_search_dropped(cx: &Context, refs: &[ToolRef], out: &mut Vec<Diagnostic>) {
    let cat = &catalog().spawn;
    let search = cat.tool_search.as_str();
    let named = |r: &&ToolRef| !r.is_mcp() && r.resolved_name() == search;
    let denied = cx
        .disallowed_tools
        .is_some_and(|d| d.iter().any(|d| d.is_all() || named(&d)));
    if denied || !refs.iter().any(|r| named(&r)) {
        return;
    }
    let spawn = spawn_of(cx.fm, cx.tools, cx.disallowed_tools);
    if spawn.tools.iter().any(|t| t == search) {
        return;
    }
    let model = cx.fm.get("model").and_then(|e| e.value.as_str());
    let message = if !cat.tool_search_on(model) {
        format!(
            "Tool search is off for the model `{}`, so `{search}` is dropped when the agent \
             starts and the tools it would defer are given directly. Remove `{search}`.",
            model.unwrap_or_default()
        )
    } else {
        let alone = if spawn.tools.is_empty() {
            " This agent starts with no tools at all."
        } else {
            ""
        };
        format!(
            "`{search}` only loads the tools Claude Code defers ({}, and MCP tools); this agent \
             has none, so it is dropped when the agent starts.{alone} Remove it, or list the \
             deferrable tools it should load on demand.",
            cat.deferrable.join(", ")
        )
    };
    for r in refs.iter().filter(named) {
        out.push(diag(
            codes::TOOL_UNAVAILABLE,
            r.name_range(),
            message.clone(),
        ));
    }
}

/// Grep and Glob beside Bash: dropped at spawn, Bash searches instead.
fn replaced_by_bash(refs: &[ToolRef], out: &mut Vec<Diagnostic>) {
    let gone = &catalog().spawn.bash_replaces;
    for r in refs
        .iter()
        .filter(|r| !r.is_mcp() && gone.iter().any(|g| g == r.resolved_name()))
    {
        let name = r.name();
        out.push(diag(
            codes::TOOL_REPLACED_BY_BASH,
            r.name_range(),
            format!(
                "With `Bash` among its tools, Claude Code starts this agent without `{name}`: it \
                 searches with Bash (`rg`, `find`) instead. Remove `{name}`, or remove `Bash` to \
                 keep it."
            ),
        ));
    }
}

fn check_list(
    cx: &Context,
    field: &str,
    node: &Node,
    refs: &[ToolRef],
    bash: bool,
    out: &mut Vec<Diagnostic>,
) {
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
        let removal = || remove_entry(cx.text, node, r);
        let before = out.len();
        let res = check_entry(r, denying, bash, &removal, out);
        if let Some(item) = shared_item(cx.text, node, refs, r) {
            // `- Read File` is two entries to Claude Code: say so where a
            // name is unknown.
            for d in out[before..]
                .iter_mut()
                .filter(|d| d.code == codes::TOOL_UNKNOWN)
            {
                d.message.push_str(&format!(
                    " Claude Code splits `{item}` on spaces and commas, as in a string: write \
                     one tool per list item."
                ));
            }
        }
        if !r.located() {
            // Edits need the entry's place in the source, which quoting hid.
            out[before..].iter_mut().for_each(|d| d.fixes.clear());
        }
        resolutions.push(res);
        let canonical = r.canonical();
        if let Some((_, first)) = seen.iter().find(|(c, _)| *c == canonical) {
            let d = diag(
                codes::TOOL_DUPLICATE,
                r.range.clone(),
                format!("`{}` is already listed.", r.text),
            )
            .with_related(first.clone(), "first listed here");
            out.push(if r.located() {
                d.with_fix("Remove the duplicate", remove_entry(cx.text, node, r), true)
            } else {
                d
            });
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

/// What happens to one entry; `removal` is the edit that takes it out.
fn check_entry(
    r: &ToolRef,
    denying: bool,
    bash: bool,
    removal: &dyn Fn() -> Vec<crate::Edit>,
    out: &mut Vec<Diagnostic>,
) -> Resolution {
    let text = r.text.as_str();
    let effect = if denying {
        "has no effect here"
    } else {
        "is dropped when the agent starts"
    };
    if r.is_all() {
        return Resolution::Yes;
    }
    if r.is_mcp() {
        return mcp(r, out);
    }
    let name = r.name();
    if r.is_unbalanced() {
        out.push(diag(
            codes::TOOL_MALFORMED,
            r.range.clone(),
            format!(
                "`{text}` has unbalanced parentheses: Claude Code cannot read this rule and it \
                 {effect}. Close it, e.g. `{name}(...)`."
            ),
        ));
        return Resolution::No;
    }
    let name_range = r.name_range();
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
            // A replacement Bash takes over is no replacement for this agent.
            let to = tool
                .replacement
                .as_ref()
                .filter(|to| !(bash && catalog().spawn.bash_replaces.contains(to)));
            if let Some(to) = to {
                message.push_str(&format!(" Use `{to}` instead."));
            } else if tool.replacement.is_some() {
                message.push_str(" Remove it: this agent has `Bash`, which does the same.");
            }
            let mut d = diag(codes::TOOL_REMOVED, name_range.clone(), message);
            if to.is_none() && tool.replacement.is_some() {
                d = d.with_fix(format!("Remove `{name}`"), removal(), true);
            }
            if let Some(to) = to {
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
                        "`{name}` exists, but it is {why}, so it is dropped when this agent starts \
                         unless that is changed."
                    ),
                    Resolution::No,
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
fn mcp(r: &ToolRef, out: &mut Vec<Diagnostic>) -> Resolution {
    if !r.is_malformed_mcp() {
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

/// The text of the list item holding `r`, when it holds other entries too.
fn shared_item<'t>(text: &'t str, node: &Node, refs: &[ToolRef], r: &ToolRef) -> Option<&'t str> {
    let Node::Seq { items, .. } = node else {
        return None;
    };
    let item = items
        .iter()
        .map(Node::range)
        .find(|i| i.start <= r.range.start && r.range.end <= i.end)?;
    let within = |o: &ToolRef| item.start <= o.range.start && o.range.end <= item.end;
    let shared = refs.iter().filter(|o| within(o)).count() > 1;
    shared.then(|| text.get(item)).flatten().map(str::trim)
}

/// An edit removing one entry (and its separator) from a tools value.
fn remove_entry(text: &str, node: &Node, r: &ToolRef) -> Vec<crate::Edit> {
    // In a list, remove the whole item (quotes included), not just its text,
    // unless the item holds other entries too (`- Read Grep`).
    let (target, block) = match node {
        Node::Seq { items, range } => {
            let item = items
                .iter()
                .map(Node::range)
                .find(|i| i.start <= r.range.start && r.range.end <= i.end)
                .filter(|i| {
                    let rest = [&text[i.start..r.range.start], &text[r.range.end..i.end]];
                    rest.iter()
                        .all(|s| s.trim_matches(['"', '\'', ' ']).is_empty())
                });
            match item {
                Some(item) => (item, !text[range.start..].starts_with('[')),
                None => (r.range.clone(), false),
            }
        }
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

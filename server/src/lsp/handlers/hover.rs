//! `textDocument/hover`: keys, tools, values, body sections, file references.
//! The cards come from the core; this layer converts positions, supplies
//! the (bounded, workspace-confined) file-system facts, and puts what the
//! workspace index knows about a named agent, skill or MCP server on top.

use std::path::Path;

use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::View;
use super::links::FsLookup;
use crate::lsp::index::LiveIndex;
use agentls_core::FileKind;
use agentls_core::catalog::catalog;
use agentls_core::hover;
use agentls_core::navigate::Site;
use agentls_core::targets::{self, Target};
use agentls_core::workspace::{COPILOT_BUILT_INS, Scope, mcp_json_server_range};

pub fn hover(view: &View, ws: Option<&LiveIndex>, position: Position) -> Option<Hover> {
    let offset = view.offset(position);
    if let Some(card) = super::imports::hover(view, position) {
        return Some(markdown_hover(view, card.markdown, &card.range));
    }
    if let Some(card) = hover::memory_hover(view.text, view.analysis, offset) {
        return Some(markdown_hover(view, card.markdown, &card.range));
    }
    if !view.kind.is_agent() {
        // Skills, commands and Copilot agents: their own keys' cards; for
        // Claude Code's files also what the index knows of a `/name` or
        // `Skill(name)`; nothing of the agents'.
        let card = hover::skill_hover(view.text, view.analysis, offset)
            .or_else(|| hover::copilot_hover(view.text, view.analysis, offset))
            .or_else(|| hover::host_file_hover(view.text, view.analysis, offset))
            .or_else(|| hover::host_value_hover(view.text, view.analysis, offset));
        // A Copilot agent's `agents:` entry or handoff target: the agent
        // it names on top of the key's card.
        if let Some((named, range)) = ws.and_then(|ws| copilot_name_card(view, ws, position)) {
            let markdown = match card {
                Some(core) => format!("{named}\n\n---\n\n{}", core.markdown),
                None => named,
            };
            return Some(markdown_hover(view, markdown, &range));
        }
        if let Some(card) = card {
            return Some(markdown_hover(view, card.markdown, &card.range));
        }
        if matches!(view.kind, FileKind::Host(_)) {
            return None;
        }
        let (card, range) = target_card(view, ws?, position)?;
        return Some(markdown_hover(view, card, &range));
    }
    let fs = FsLookup::new(view.root, view.path);
    let core = hover::hover(view.text, view.analysis, view.sections, offset, &fs);
    let indexed = ws.and_then(|ws| index_card(view, ws, position));
    let (markdown, range) = match (indexed, core) {
        (Some((card, range)), Some(core)) => (format!("{card}\n\n---\n\n{}", core.markdown), range),
        (Some((card, range)), None) => (card, range),
        (None, Some(core)) => (core.markdown, core.range),
        (None, None) => return None,
    };
    Some(markdown_hover(view, markdown, &range))
}

fn markdown_hover(view: &View, markdown: String, range: &std::ops::Range<usize>) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        range: Some(view.range(range)),
    }
}

/// What the index says about the agent, skill or MCP server named under the
/// cursor, and the name's range. Declarations get no card: the file itself
/// is what it would show.
fn index_card(
    view: &View,
    ws: &LiveIndex,
    position: Position,
) -> Option<(String, std::ops::Range<usize>)> {
    if let Some(site) = super::navigate::site(view, Some(ws), position) {
        if site.site == Site::Declaration {
            return None;
        }
        // A word no agent is named: maybe a skill's `/name`.
        if let Some(card) = agent_card(ws, &site.name, view.root) {
            return Some((card, site.range));
        }
    }
    target_card(view, ws, position)
}

/// The card of the skill, command or MCP server named under the cursor.
fn target_card(
    view: &View,
    ws: &LiveIndex,
    position: Position,
) -> Option<(String, std::ops::Range<usize>)> {
    let (target, range) = targets::target_at(view.text, view.analysis, view.offset(position))?;
    let card = match &target {
        Target::Skill(name) => skill_card(ws, name, view.root),
        Target::McpServer(name) => mcp_card(ws, name, view.root),
    };
    Some((card, range))
}

fn agent_card(ws: &LiveIndex, name: &str, root: Option<&Path>) -> Option<String> {
    let Some(def) = ws.index.agent(name) else {
        if catalog().is_built_in_agent(name) {
            return Some(format!("**{name}** · built-in agent of Claude Code"));
        }
        // Only body words that look like mentions reach here; unknown ones
        // get no card rather than a guess.
        return None;
    };
    let mut out = format!("**{name}** · {} agent", scope(&def.scope));
    if !def.description.is_empty() {
        out.push_str(&format!("\n\n{}", def.description));
    }
    out.push_str(&format!("\n\nDefined in `{}`", shown(&def.path, root)));
    let others: Vec<_> = ws
        .index
        .agents
        .iter()
        .filter(|a| a.name == name && a.path != def.path)
        .collect();
    if !others.is_empty() {
        let list: Vec<String> = others
            .iter()
            .map(|a| format!("`{}`", shown(&a.path, root)))
            .collect();
        out.push_str(&format!(
            "; this definition wins over {} ({})",
            list.join(", "),
            if others.len() == 1 {
                "not used"
            } else {
                "none of them used"
            }
        ));
    }
    if catalog().is_built_in_agent(name) {
        out.push_str("\n\nReplaces the built-in agent of the same name.");
    }
    Some(out)
}

/// The card of the agent a Copilot agent names under the cursor: the
/// Copilot agent of that name, else the Claude Code agent VS Code reads,
/// else VS Code's built-in; an unknown name has its finding (AG280).
fn copilot_name_card(
    view: &View,
    ws: &LiveIndex,
    position: Position,
) -> Option<(String, std::ops::Range<usize>)> {
    let (name, range) = super::host_navigate::named_at(view, position)?;
    let (what, description, path) = if let Some(def) = ws.index.copilot_agent(&name) {
        (def.label().to_string(), &def.description, &def.path)
    } else if let Some(def) = ws
        .index
        .agents
        .iter()
        .filter(|a| a.name == name && !matches!(a.scope, Scope::Plugin { .. }))
        .min_by_key(|a| !a.loads)
    {
        let what = format!(
            "{} Claude Code agent, which VS Code also reads",
            scope(&def.scope)
        );
        (what, &def.description, &def.path)
    } else if COPILOT_BUILT_INS.contains(&name.as_str()) {
        return Some((format!("**{name}** · built-in agent of VS Code"), range));
    } else {
        return None;
    };
    let mut out = format!("**{name}** · {what}");
    if !description.is_empty() {
        out.push_str(&format!("\n\n{description}"));
    }
    out.push_str(&format!("\n\nDefined in `{}`", shown(path, view.root)));
    Some((out, range))
}

fn skill_card(ws: &LiveIndex, name: &str, root: Option<&Path>) -> String {
    let Some(skill) = ws.index.skill(name) else {
        if let Some(c) = ws.index.commands.iter().find(|c| c.name == name) {
            let at = shown(&c.path, root);
            return format!(
                "**{name}** · {} command\n\nDefined in `{at}`",
                scope(&c.scope)
            );
        }
        return format!("**{name}** · skill not found in this workspace or your user skills");
    };
    let mut out = format!("**{name}** · {} skill", scope(&skill.scope));
    if !skill.description.is_empty() {
        out.push_str(&format!("\n\n{}", skill.description));
    }
    out.push_str(&format!("\n\nDefined in `{}`", shown(&skill.path, root)));
    if !skill.model_invocable {
        out.push_str(
            "\n\nSets `disable-model-invocation: true`, so it cannot be preloaded into an agent.",
        );
    }
    out
}

fn mcp_card(ws: &LiveIndex, name: &str, root: Option<&Path>) -> String {
    let files: Vec<String> = ws
        .mcp_json()
        .iter()
        .filter(|(_, json)| mcp_json_server_range(json, name).is_some())
        .map(|(path, _)| format!("`{}`", shown(path, root)))
        .collect();
    if files.is_empty() || !ws.index.mcp_servers.iter().any(|s| s == name) {
        return format!(
            "**{name}** · MCP server not configured in this project's `.mcp.json` (it may be \
             configured at user level)"
        );
    }
    format!("**{name}** · MCP server configured in {}", files.join(", "))
}

fn scope(scope: &Scope) -> String {
    match scope {
        Scope::Project { .. } => "project".to_string(),
        Scope::User => "user".to_string(),
        Scope::Plugin { plugin } => format!("plugin `{plugin}`"),
    }
}

/// A path relative to the workspace folder when inside it; `~/…` for home.
fn shown(path: &Path, root: Option<&Path>) -> String {
    if let Some(rel) = root.and_then(|r| path.strip_prefix(r).ok()) {
        return rel.display().to_string();
    }
    if let Some(home) = crate::host::user_home()
        && let Ok(rel) = path.strip_prefix(&home)
    {
        return format!("~/{}", rel.display());
    }
    path.display().to_string()
}

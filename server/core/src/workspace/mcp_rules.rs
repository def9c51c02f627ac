//! The MCP servers an agent names (in `tools` and in `mcpServers`) against
//! where servers are configured: `.mcp.json`, `~/.claude.json`, the agent's
//! own inline `mcpServers`, and plugins (`plugin_…` servers).

use std::path::PathBuf;

use super::defs::AgentDef;
use super::index::Index;
use super::layout::Scope;
use crate::codes::{self, diag};
use crate::{Diagnostic, Severity};

pub(super) fn check(index: &Index, agent: &AgentDef, out: &mut Vec<(PathBuf, Diagnostic)>) {
    let refs = &agent.refs;
    let project = project_of(agent);
    let known = |server: &str| {
        // Plugin servers are registered as `plugin_<plugin>_<server>`.
        server.starts_with("plugin_")
            || index.mcp.has(server, project.as_deref())
            || refs.inline_servers.iter().any(|s| s == server)
    };
    let user = index.mcp.user;
    // One finding per server, on its first entry; the others as notes.
    let mut unknown: Vec<(&str, Vec<std::ops::Range<usize>>)> = Vec::new();
    for tool in &refs.tools {
        let (Some(server), Some(at)) = (tool.mcp_server(), tool.mcp_server_range()) else {
            continue;
        };
        if server.is_empty() || known(server) {
            continue;
        }
        match unknown.iter_mut().find(|(s, _)| *s == server) {
            Some((_, ranges)) => ranges.push(at),
            None => unknown.push((server, vec![at])),
        }
    }
    for (server, ranges) in &unknown {
        let mut d = diag(
            codes::MCP_SERVER_UNKNOWN,
            ranges[0].clone(),
            message(server, user),
        );
        if user == Some(false) {
            d.severity = Severity::Information;
        }
        for r in &ranges[1..] {
            d = d.with_related(r.clone(), format!("another tool of `{server}`"));
        }
        out.push((agent.path.clone(), d));
    }
    for (server, at) in &refs.server_refs {
        if known(server) {
            continue;
        }
        let mut d = diag(
            codes::MCP_SERVER_UNKNOWN,
            at.clone(),
            format!(
                "No MCP server `{server}` is configured {where_}: Claude Code reports \"MCP server \
                 not found\" and starts the agent without it.",
                where_ = places(user)
            ),
        );
        if user == Some(false) {
            d.severity = Severity::Information;
        }
        out.push((agent.path.clone(), d));
    }
    // Only MCP tools, and none of their servers exists: spawn refused.
    let servers_known = user != Some(false);
    if refs.only_mcp && servers_known && !unknown.is_empty() {
        let all_unknown = refs
            .tools
            .iter()
            .filter_map(|t| t.mcp_server())
            .all(|s| unknown.iter().any(|(u, _)| *u == s));
        if let (true, Some(first), Some(last)) =
            (all_unknown, refs.tools.first(), refs.tools.last())
        {
            let names: Vec<String> = unknown.iter().map(|(s, _)| format!("`{s}`")).collect();
            out.push((
                agent.path.clone(),
                diag(
                    codes::TOOLS_NONE_RESOLVE,
                    first.range.start..last.range.end,
                    format!(
                        "These tools all belong to MCP servers that are not configured ({}), so \
                         none resolves and Claude Code refuses to start this agent (\"would be \
                         spawned with zero tools\"). Configure the server, or list built-in \
                         tools.",
                        names.join(", ")
                    ),
                ),
            ));
        }
    }
}

/// The project folder whose local MCP configuration applies to `agent`.
fn project_of(agent: &AgentDef) -> Option<PathBuf> {
    match agent.scope {
        // Without `.` parts: `./pkg` and `pkg` are one project.
        Scope::Project { .. } => Some(
            agent
                .root
                .parent()?
                .parent()?
                .components()
                .filter(|c| !matches!(c, std::path::Component::CurDir))
                .collect(),
        ),
        _ => None,
    }
}

fn places(user: Option<bool>) -> &'static str {
    match user {
        Some(true) => {
            "in this project (`.mcp.json`), your user configuration (`~/.claude.json`) or this \
             agent's `mcpServers`"
        }
        _ => "in this project (`.mcp.json`) or in this agent's `mcpServers`",
    }
}

fn message(server: &str, user: Option<bool>) -> String {
    let where_ = places(user);
    match user {
        Some(true) => format!(
            "No MCP server `{server}` is configured {where_}, so its tools are dropped when the \
             agent starts."
        ),
        Some(false) => format!(
            "No MCP server `{server}` is configured {where_}. agentls could not read your user \
             configuration (`~/.claude.json`), where it may be; if it is not, the tool is \
             dropped."
        ),
        None => format!(
            "No MCP server `{server}` is configured {where_}. It may still work if it is \
             configured at user level (`~/.claude.json`); otherwise the tool is dropped."
        ),
    }
}

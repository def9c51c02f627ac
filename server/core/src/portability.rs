//! Portability: a file one host owns that another host the project serves
//! reads too. VS Code's Copilot reads a project's Claude Code agents
//! (`.claude/agents/*.md`) as custom agents; what Claude Code understands
//! there and Copilot does not is lost for Copilot's users.
//!
//! Findings are worked out from the analysis once ([`host_findings`]), each
//! tagged with the host it concerns, and kept only for the hosts the project
//! serves ([`served_findings`]) when the policy is known, so a project that
//! serves Claude Code alone never sees them. The hosts a project serves are
//! data: `hosts` in `agentls.toml`, or, when unset, what the caller infers
//! from the folders it found ([`infer_hosts`]).

use crate::analysis::Analysis;
use crate::catalog::copilot_catalog;
use crate::codes::{self, diag};
use crate::kind::{FileKind, HostFile};
use crate::policy::Policy;
use crate::{Diagnostic, ToolRef};

/// `hosts` names, as `agentls.toml` spells them.
pub const CLAUDE_CODE: &str = "claude-code";
pub const COPILOT: &str = "copilot";

/// A finding that holds only when the project serves `host`.
#[derive(Clone, Debug, PartialEq)]
pub struct HostFinding {
    pub host: &'static str,
    pub diagnostic: Diagnostic,
}

/// Claude Code's model aliases (not `inherit`: Copilot falls back to the
/// chat's model anyway): Copilot names its models in full
/// (`Claude Sonnet 4.5 (copilot)`), so none of these picks one there.
const CLAUDE_MODEL_ALIASES: &[&str] = &["sonnet", "opus", "haiku", "fable"];

/// Every finding about hosts other than the file's own that read it.
pub fn host_findings(analysis: &Analysis) -> Vec<HostFinding> {
    // Copilot reads the project's (and the user's) `.claude/agents`, not a
    // plugin's agents.
    if !matches!(analysis.kind, FileKind::ClaudeAgent { .. }) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for tool in analysis.tools.iter().flatten() {
        if let Some(d) = copilot_tool(tool) {
            out.push(d);
        }
    }
    if let Some(d) = copilot_model(analysis) {
        out.push(d);
    }
    out.into_iter()
        .map(|diagnostic| HostFinding {
            host: COPILOT,
            diagnostic,
        })
        .collect()
}

/// A `tools` entry VS Code cannot resolve: a name no alias covers, a
/// permission rule (`Bash(git *)`) or Claude Code's `mcp__server__tool`.
fn copilot_tool(tool: &ToolRef) -> Option<Diagnostic> {
    if tool.is_all() {
        return None;
    }
    let (why, hint) = if tool.is_mcp() {
        let server = tool.mcp_server().unwrap_or("server");
        let what = tool.mcp_tool().unwrap_or("*");
        (
            "Claude Code's MCP form".to_string(),
            format!(" Copilot names MCP tools `{server}/{what}`."),
        )
    } else if let Some(spec) = tool.specifier() {
        (
            format!("a Claude Code permission rule (`{spec}`)"),
            " Copilot grants whole tools only.".to_string(),
        )
    } else if !copilot_catalog().knows_tool(tool.name()) {
        (
            "not a tool name Copilot knows".to_string(),
            " Copilot resolves `read`, `edit`, `search`, `execute`, `agent`, `web`, `todo` and \
             the Claude Code names they stand for."
                .to_string(),
        )
    } else {
        return None;
    };
    Some(diag(
        codes::PORT_COPILOT_TOOL,
        tool.range.clone(),
        format!(
            "VS Code's Copilot, which this project also serves, reads this agent and ignores \
             `{}`: {why}.{hint} Keep it for Claude Code, or set `hosts` in agentls.toml.",
            tool.text
        ),
    ))
}

/// A Claude Code model alias: Copilot does not know it and uses the model
/// chosen in the chat instead.
fn copilot_model(analysis: &Analysis) -> Option<Diagnostic> {
    let entry = analysis.frontmatter.as_ref()?.get("model")?;
    let value = entry.value.as_str()?.trim();
    let alias = CLAUDE_MODEL_ALIASES
        .iter()
        .find(|a| a.eq_ignore_ascii_case(value))?;
    Some(diag(
        codes::PORT_COPILOT_MODEL,
        entry.value.range(),
        format!(
            "`{alias}` is a Claude Code alias; VS Code's Copilot, which this project also \
             serves, names models in full (`Claude Sonnet 4.5 (copilot)`) and uses the model \
             picked in the chat instead."
        ),
    ))
}

/// The findings of `found` for the hosts `served` names, ready for
/// [`crate::policy::settle`]. `served` is the policy's `hosts` when set,
/// else the caller's inference ([`served_hosts`]).
pub fn served_findings(served: &[String], found: &[HostFinding]) -> Vec<Diagnostic> {
    found
        .iter()
        .filter(|f| served.iter().any(|h| h == f.host))
        .map(|f| f.diagnostic.clone())
        .collect()
}

/// The hosts a project serves: its configuration's `hosts` when set, else
/// `inferred`.
pub fn served_hosts(policy: &Policy, inferred: &[String]) -> Vec<String> {
    if policy.hosts.is_empty() {
        inferred.to_vec()
    } else {
        policy.hosts.clone()
    }
}

/// The hosts a project's own folders show, from the kinds of the files
/// found in it: Copilot agents or chat modes (`.github/agents`,
/// `.github/chatmodes`) for `copilot`, `.opencode` agents for `opencode`,
/// `.gemini` agents for `gemini-cli`, `.cursor` rules for `cursor`,
/// `.codex` prompts for `codex`, `.windsurf` rules and workflows for
/// `windsurf`, `.kiro` steering for `kiro`, `.claude` files for `claude-code`.
pub fn infer_hosts<'a>(kinds: impl IntoIterator<Item = &'a FileKind>) -> Vec<String> {
    let mut hosts: Vec<&'static str> = Vec::new();
    for kind in kinds {
        let host = match kind {
            FileKind::Host(HostFile::CopilotAgent | HostFile::CopilotChatMode) => COPILOT,
            FileKind::Host(HostFile::OpenCodeAgent) => "opencode",
            FileKind::Host(HostFile::GeminiAgent) => "gemini-cli",
            FileKind::Host(HostFile::CursorRule) => "cursor",
            FileKind::Host(HostFile::CodexPrompt) => "codex",
            FileKind::Host(HostFile::WindsurfRule | HostFile::WindsurfWorkflow) => "windsurf",
            FileKind::Host(HostFile::KiroSteering) => "kiro",
            FileKind::Host(HostFile::CopilotPrompt | HostFile::CopilotInstructions) => continue,
            FileKind::Other => continue,
            _ => CLAUDE_CODE,
        };
        if !hosts.contains(&host) {
            hosts.push(host);
        }
    }
    hosts.sort_unstable();
    hosts.into_iter().map(str::to_string).collect()
}

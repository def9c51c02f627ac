//! Cross-file findings about other hosts' agents: a Copilot agent's
//! `handoffs[].agent` or `agents:` entry naming no agent VS Code knows.

use std::collections::HashSet;
use std::path::PathBuf;

use super::index::Index;
use super::layout::Scope;
use crate::codes::{self, diag};
use crate::complete::HostAgentFact;
use crate::{Diagnostic, Edit};

/// VS Code's built-in agents (chat modes). Only said not to be flagged:
/// what VS Code does with a handoff to one is not recorded, so agentls
/// neither resolves nor reports these names.
pub const COPILOT_BUILT_INS: &[&str] = &["agent", "ask", "edit", "plan"];

/// The names a Copilot handoff can reach: Copilot agents and chat modes,
/// and the Claude Code agents VS Code also reads (not plugins').
fn copilot_names(index: &Index) -> HashSet<&str> {
    let copilot = index
        .host_agents
        .iter()
        .filter(|a| a.is_copilot())
        .map(|a| a.name.as_str());
    let claude = index
        .agents
        .iter()
        .filter(|a| !matches!(a.scope, Scope::Plugin { .. }))
        .map(|a| a.name.as_str());
    copilot.chain(claude).collect()
}

/// The agents a Copilot file can name, for completion: Copilot agents and
/// chat modes first (they win a name VS Code finds twice), then the Claude
/// Code agents it also reads; one per name, sorted by name.
pub fn copilot_agent_facts(index: &Index) -> Vec<HostAgentFact> {
    let copilot = index
        .host_agents
        .iter()
        .filter(|a| a.is_copilot())
        .map(|a| (a.name.as_str(), a.description.as_str(), a.label()));
    let claude = index
        .agents
        .iter()
        .filter(|a| !matches!(a.scope, Scope::Plugin { .. }))
        .map(|a| (a.name.as_str(), a.description.as_str(), "Claude Code agent"));
    let mut seen = HashSet::new();
    let mut out: Vec<HostAgentFact> = copilot
        .chain(claude)
        .filter(|(name, _, _)| seen.insert(*name))
        .map(|(name, description, label)| HostAgentFact {
            name: name.to_string(),
            description: description.to_string(),
            label,
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Whether a Copilot agent may name `name` without a finding.
pub fn copilot_knows(index: &Index, name: &str) -> bool {
    COPILOT_BUILT_INS.contains(&name) || copilot_names(index).contains(name)
}

/// Every Copilot agent's `handoffs[].agent` and `agents:` entry naming no
/// agent the workspace holds, by file.
pub fn host_diagnostics(index: &Index) -> Vec<(PathBuf, Diagnostic)> {
    let known = copilot_names(index);
    let mut sorted: Vec<&str> = known.iter().copied().collect();
    sorted.sort_unstable();
    let mut out = Vec::new();
    for agent in index.host_agents.iter().filter(|a| a.is_copilot()) {
        for n in &agent.names {
            if known.contains(n.name.as_str()) || COPILOT_BUILT_INS.contains(&n.name.as_str()) {
                continue;
            }
            let what = if n.handoff {
                format!("VS Code cannot hand off to `{}`", n.name)
            } else {
                format!("VS Code cannot run `{}` as a subagent", n.name)
            };
            let near = crate::suggest::closest(&n.name, sorted.iter().copied());
            let hint = near.map_or_else(
                || " Create it in `.github/agents/`, or correct the name.".to_string(),
                |s| format!(" Did you mean `{s}`?"),
            );
            let mut d = diag(
                codes::COPILOT_AGENT_UNKNOWN,
                n.range.clone(),
                format!(
                    "{what}: no Copilot agent (`.github/agents`) or Claude Code agent \
                     (`.claude/agents`) in this workspace has that name.{hint}"
                ),
            );
            if let Some(s) = near {
                d = d.with_fix(
                    format!("Change to `{s}`"),
                    vec![Edit {
                        range: n.range.clone(),
                        new_text: s.to_string(),
                    }],
                    false,
                );
            }
            out.push((agent.path.clone(), d));
        }
    }
    out
}

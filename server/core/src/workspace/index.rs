//! The index of a workspace's definitions: which agent wins each name,
//! which skills exist, which MCP servers are configured.

use std::collections::{HashMap, HashSet};

use super::defs::{AgentDef, CommandDef, Defs, SkillDef, WorkspaceFile};
use super::host_defs::HostAgentDef;
use super::layout::{Scope, rank};
use super::mcp::McpConfig;
use crate::{Analysis, analyze, classify};

#[derive(Clone, Debug, Default)]
pub struct Index {
    /// Every agent file, sorted by path, loading or not.
    pub agents: Vec<AgentDef>,
    pub skills: Vec<SkillDef>,
    pub commands: Vec<CommandDef>,
    /// Other hosts' agents (Copilot, OpenCode, Gemini CLI), sorted by path.
    pub host_agents: Vec<HostAgentDef>,
    /// Configured MCP server names (`.mcp.json`, and `~/.claude.json`'s top
    /// level when it was read).
    pub mcp_servers: Vec<String>,
    /// Where MCP servers are configured, in full.
    pub mcp: McpConfig,
    /// Registered name → index in `agents` of the definition that wins.
    winners: HashMap<String, usize>,
    skills_by_name: HashMap<String, usize>,
    /// Copilot agent name → index in `host_agents` of the first by path.
    copilot_by_name: HashMap<String, usize>,
}

impl Index {
    /// Analyse every file and build the index.
    pub fn build(files: &[WorkspaceFile], mcp_servers: &[String]) -> Index {
        // Only agents need the full analysis; skills are read for one key.
        let analyses: Vec<Option<Analysis>> = files
            .iter()
            .map(|f| {
                classify(&f.path)
                    .is_agent()
                    .then(|| analyze(&f.text, Some(&f.path)))
            })
            .collect();
        Index::from_analyses(
            files.iter().zip(analyses.iter().map(Option::as_ref)),
            mcp_servers,
        )
    }

    /// Build from analyses the caller already has (each agent file with its
    /// analysis), so a file is never analysed twice.
    pub fn from_analyses<'a>(
        files: impl IntoIterator<Item = (&'a WorkspaceFile<'a>, Option<&'a Analysis>)>,
        mcp_servers: &[String],
    ) -> Index {
        let mut defs = Defs::default();
        for (file, analysis) in files {
            defs.add(file, analysis);
        }
        Index::from_defs(defs, mcp_servers)
    }

    /// Build from definitions already read (the server keeps them per file,
    /// so a front-matter edit rebuilds the index without reading any file).
    /// Agents' `loads` is whether the file itself loads; who wins a name is
    /// decided here.
    pub fn from_defs(defs: Defs, mcp_servers: &[String]) -> Index {
        Index::with_mcp(defs, McpConfig::project(mcp_servers))
    }

    /// [`Self::from_defs`] with the MCP servers of every configuration read.
    pub fn with_mcp(defs: Defs, mcp: McpConfig) -> Index {
        let mut index = Index {
            agents: defs.agents,
            skills: defs.skills,
            commands: defs.commands,
            host_agents: defs.host_agents,
            mcp_servers: mcp.servers.clone(),
            mcp,
            ..Index::default()
        };
        index.agents.sort_by(|a, b| a.path.cmp(&b.path));
        index
            .skills
            .sort_by(|a, b| (&a.scope, &a.path).cmp(&(&b.scope, &b.path)));
        index.commands.sort_by(|a, b| a.path.cmp(&b.path));
        index.host_agents.sort_by(|a, b| a.path.cmp(&b.path));
        for (i, agent) in index.host_agents.iter().enumerate() {
            if agent.is_copilot() {
                index.copilot_by_name.entry(agent.name.clone()).or_insert(i);
            }
        }
        // Priority: lower rank wins; within one rank the first by path (the
        // real order is the filesystem's, undocumented — duplicates are
        // reported on every file anyway).
        for (i, agent) in index.agents.iter().enumerate() {
            if !agent.loads {
                continue;
            }
            match index.winners.get(&agent.name) {
                Some(&w) if rank(&index.agents[w].scope) <= rank(&agent.scope) => {}
                _ => {
                    index.winners.insert(agent.name.clone(), i);
                }
            }
        }
        let winners: HashSet<usize> = index.winners.values().copied().collect();
        for (i, agent) in index.agents.iter_mut().enumerate() {
            agent.loads = agent.loads && winners.contains(&i);
        }
        // Personal skills win over project ones (the reverse of agents);
        // plugins' are namespaced and come last.
        for (i, skill) in index.skills.iter().enumerate() {
            let slot = index.skills_by_name.entry(skill.name.clone()).or_insert(i);
            if skill.scope == Scope::User && index.skills[*slot].scope != Scope::User {
                *slot = i;
            }
        }
        index
    }

    /// The definition Claude Code uses for a registered name.
    pub fn agent(&self, name: &str) -> Option<&AgentDef> {
        self.winners.get(name).map(|&i| &self.agents[i])
    }

    /// The Copilot custom agent (or chat mode) registered as `name`.
    pub fn copilot_agent(&self, name: &str) -> Option<&HostAgentDef> {
        self.copilot_by_name
            .get(name)
            .map(|&i| &self.host_agents[i])
    }

    pub fn skill(&self, name: &str) -> Option<&SkillDef> {
        self.skills_by_name.get(name).map(|&i| &self.skills[i])
    }
}

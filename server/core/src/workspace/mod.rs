//! Workspace intelligence: what Claude Code sees across files: which agent
//! wins a name, which `Agent(x)`, `mcp__server__…` and `skills:` references
//! resolve, as a pure index over texts the caller has already read.
//!
//! Everything is keyed by name in hash maps, so building the index and
//! running the rules stays linear in the number of files and references.

mod defs;
mod files;
mod host_defs;
mod host_rules;
mod index;
mod layout;
mod mcp;
mod mcp_rules;
mod rules;
mod skill_rules;

pub use defs::{
    AgentDef, CommandDef, Def, Defs, Refs, SkillDef, WorkspaceFile, def, def_as, indexed_kind,
};
pub use files::{FileMention, file_mentions, missing_files};
pub use host_defs::{AgentName, HostAgentDef, host_agent_def, host_label};
pub use host_rules::{COPILOT_BUILT_INS, copilot_agent_facts, copilot_knows, host_diagnostics};
pub use index::Index;
pub use layout::{Scope, agent_scope, project_chains, user_dirs};
pub use mcp::{McpConfig, mcp_json_server_range, mcp_json_servers};
pub use rules::{DESCRIPTION_BUDGET_CHARS, chained_diagnostics, workspace_diagnostics};

//! What completion offers: items with their kind, docs and edit, and what
//! it knows of the workspace beyond the file.

use std::ops::Range;

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
    /// The agents a Copilot file can name (`agents:`, `handoffs[].agent`,
    /// a prompt's `agent:`): Copilot agents and chat modes, and the Claude
    /// Code agents VS Code also reads, by name.
    pub copilot_agents: Vec<HostAgentFact>,
}

/// An agent a Copilot file can name, as completion shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HostAgentFact {
    pub name: String,
    /// First line of its description (may be empty).
    pub description: String,
    /// What it is: "Copilot agent", "Claude Code agent"…
    pub label: &'static str,
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

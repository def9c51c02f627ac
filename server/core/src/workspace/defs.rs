//! What one file defines (an agent, a skill, a command), read from its
//! path and its analysis, with the references the cross-file rules follow.

use std::borrow::Cow;
use std::ops::Range;
use std::path::PathBuf;

use super::host_defs::{HostAgentDef, host_agent_def};
use super::layout::Scope;
use crate::kind::{FileKind, classify};
use crate::model::{ToolRef, list_entries};
use crate::parse::yaml::{Node, ScalarKind};
use crate::parse::{frontmatter, split};
use crate::{Analysis, Verdict};

/// One file of the workspace, already read.
#[derive(Clone, Debug)]
pub struct WorkspaceFile<'a> {
    pub path: PathBuf,
    /// Borrowed when the caller already holds the text (`agentls check`).
    pub text: Cow<'a, str>,
    pub scope: Scope,
}

/// One agent definition found in the workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentDef {
    /// The name it is registered under (`plugin:name` for plugins).
    pub name: String,
    pub path: PathBuf,
    pub scope: Scope,
    /// The `agents` folder it was found under: duplicates are judged per tree.
    pub root: PathBuf,
    /// Byte range of the `name` value.
    pub name_range: Range<usize>,
    /// 1-based line and column (in characters) of `name_range.start`, for
    /// messages in other files.
    pub name_position: (usize, usize),
    /// Byte range of the `description` key, when present.
    pub description_key: Option<Range<usize>>,
    /// First line of the description.
    pub description: String,
    /// Characters of the whole description as loaded.
    pub description_chars: usize,
    /// False when Claude Code skips the file, or another definition wins the
    /// name: such agents are listed but never resolve a reference.
    pub loads: bool,
    /// What the agent refers to, read once from its analysis (so the rules
    /// never parse a file again). Empty when the file does not load.
    pub refs: Refs,
}

/// The references of one agent, with their byte ranges.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Refs {
    /// Entries of `tools` that name an MCP server or agents (`Agent(x)`).
    pub tools: Vec<ToolRef>,
    /// Entries of `skills`.
    pub skills: Vec<(String, Range<usize>)>,
    /// Servers defined inline in `mcpServers` (`- name: {…}`).
    pub inline_servers: Vec<String>,
    /// Servers named in `mcpServers` (`- github`): configured elsewhere.
    pub server_refs: Vec<(String, Range<usize>)>,
    /// Every entry of `tools` Claude Code recognizes is an MCP tool: with
    /// none of their servers configured, it refuses to start the agent.
    pub only_mcp: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkillDef {
    pub name: String,
    pub path: PathBuf,
    pub scope: Scope,
    /// `disable-model-invocation: true`: the skill cannot be preloaded.
    pub model_invocable: bool,
    /// First line of its `description`.
    pub description: String,
    /// The `agent` value (with its byte range) when `context: fork` runs the
    /// skill in that agent.
    pub fork_agent: Option<(String, Range<usize>)>,
    /// Where a finding about the whole skill points: see [`CommandDef::anchor`].
    pub anchor: Range<usize>,
    /// Byte range of the `name` value without quotes, when it is a string
    /// (rename edits it with the folder).
    pub name_range: Option<Range<usize>>,
    /// `Skill(name)` rules of `allowed-tools`.
    pub skill_rules: Vec<(String, Range<usize>)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandDef {
    pub name: String,
    pub path: PathBuf,
    pub scope: Scope,
    /// Where a finding about the whole command points: the `name` key when
    /// there is one, else the file's first line.
    pub anchor: Range<usize>,
    /// `Skill(name)` rules of `allowed-tools`.
    pub skill_rules: Vec<(String, Range<usize>)>,
}

/// What one file defines, read from its path and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Def {
    Agent(AgentDef),
    Skill(SkillDef),
    Command(CommandDef),
    /// Another host's agent (Copilot, OpenCode, Gemini CLI).
    HostAgent(HostAgentDef),
}

/// Definitions gathered file by file, for [`Index::from_defs`].
#[derive(Clone, Debug, Default)]
pub struct Defs {
    pub agents: Vec<AgentDef>,
    pub skills: Vec<SkillDef>,
    pub commands: Vec<CommandDef>,
    pub host_agents: Vec<HostAgentDef>,
}

impl Defs {
    /// Add what `file` defines (agents need their analysis).
    pub fn add(&mut self, file: &WorkspaceFile<'_>, analysis: Option<&Analysis>) {
        self.push(def(file, analysis));
    }

    pub fn push(&mut self, def: Option<Def>) {
        match def {
            Some(Def::Agent(a)) => self.agents.push(a),
            Some(Def::Skill(s)) => self.skills.push(s),
            Some(Def::Command(c)) => self.commands.push(c),
            Some(Def::HostAgent(h)) => self.host_agents.push(h),
            None => {}
        }
    }
}

/// The kind the workspace index registers a file under, from the kind a
/// project's `[kinds]` decided and the one its folders give: another
/// host's agent joins that host's agents wherever it lies; Claude Code
/// finds its agents, skills and commands by their folders only, so one
/// whose folders say otherwise is left out. `None`: not in the index.
pub fn indexed_kind(decided: FileKind, folders: FileKind) -> Option<FileKind> {
    match decided {
        FileKind::Host(host) if host.is_agent() => Some(decided),
        _ if decided.name() == folders.name() && folders.is_indexed() => Some(folders),
        _ => None,
    }
}

/// What `file` defines, if anything (an agent file without a usable
/// `name` defines nothing).
pub fn def(file: &WorkspaceFile<'_>, analysis: Option<&Analysis>) -> Option<Def> {
    def_as(file, analysis, classify(&file.path))
}

/// [`def`] for a file of the kind `kind` (a project's `[kinds]` may give
/// it another than its folders do).
pub fn def_as(
    file: &WorkspaceFile<'_>,
    analysis: Option<&Analysis>,
    kind: FileKind,
) -> Option<Def> {
    match kind {
        FileKind::ClaudeAgent { root } | FileKind::PluginAgent { root } => analysis
            .and_then(|a| agent_def(file, a, root))
            .map(Def::Agent),
        FileKind::ClaudeSkill { name } => {
            let read;
            let fm = match skill_analysis(analysis) {
                Some(a) => a.frontmatter.as_ref(),
                None => {
                    read = front_matter(&file.text);
                    read.as_ref()
                }
            };
            let scalar = |key: &str| fm.and_then(|fm| fm.get(key)?.value.as_scalar());
            let fork =
                scalar("context").is_some_and(|v| v.kind == ScalarKind::Str && &*v.text == "fork");
            Some(Def::Skill(SkillDef {
                name,
                path: file.path.clone(),
                scope: file.scope.clone(),
                model_invocable: !scalar("disable-model-invocation")
                    .is_some_and(|v| v.kind == ScalarKind::Bool && &*v.text == "true"),
                description: scalar("description")
                    .and_then(|v| v.text.lines().next().map(str::to_string))
                    .unwrap_or_default(),
                fork_agent: scalar("agent")
                    .filter(|v| fork && v.kind == ScalarKind::Str && !v.text.trim().is_empty())
                    .map(|v| {
                        (
                            v.text.trim().to_string(),
                            crate::features::navigate::unquoted(&file.text, v.range.clone()),
                        )
                    }),
                anchor: anchor(&file.text, fm),
                name_range: scalar("name")
                    .filter(|v| v.kind == ScalarKind::Str)
                    .and_then(|v| {
                        let r = crate::features::navigate::unquoted(&file.text, v.range.clone());
                        (file.text.get(r.clone()) == Some(&*v.text)).then_some(r)
                    }),
                skill_rules: skill_rules(&file.text, fm),
            }))
        }
        FileKind::ClaudeCommand { name } => {
            let read;
            let fm = match skill_analysis(analysis) {
                Some(a) => a.frontmatter.as_ref(),
                None => {
                    read = front_matter(&file.text);
                    read.as_ref()
                }
            };
            Some(Def::Command(CommandDef {
                name,
                path: file.path.clone(),
                scope: file.scope.clone(),
                anchor: anchor(&file.text, fm),
                skill_rules: skill_rules(&file.text, fm),
            }))
        }
        // Output styles, rules and memory define nothing other files name.
        FileKind::ClaudeOutputStyle { .. }
        | FileKind::ClaudeRule
        | FileKind::ClaudeMemory
        | FileKind::Other => None,
        FileKind::Host(host) => host_agent_def(&file.path, &file.text, host).map(Def::HostAgent),
    }
}

fn agent_def(file: &WorkspaceFile<'_>, analysis: &Analysis, root: PathBuf) -> Option<AgentDef> {
    let fm = analysis.frontmatter.as_ref()?;
    let name_entry = fm.get("name")?;
    let raw = name_entry.value.as_str()?;
    let name = match &file.scope {
        Scope::Plugin { plugin } => format!("{plugin}:{raw}"),
        _ => raw.to_string(),
    };
    let name_range = name_entry.value.range();
    let description = analysis
        .agent
        .as_ref()
        .and_then(|a| a.description.clone())
        .or_else(|| {
            fm.get("description")
                .and_then(|e| e.value.as_str())
                .map(str::to_string)
        })
        .unwrap_or_default();
    Some(AgentDef {
        name,
        path: file.path.clone(),
        scope: file.scope.clone(),
        root,
        name_position: position(&file.text, name_range.start),
        name_range,
        description_key: fm.get("description").map(|e| e.key.range()),
        description_chars: description.chars().count(),
        description: description.lines().next().unwrap_or("").to_string(),
        loads: analysis.agent.is_some() && analysis.verdict != Verdict::DoesNotLoad,
        refs: if analysis.agent.is_some() {
            refs(&file.text, fm, analysis)
        } else {
            Refs::default()
        },
    })
}

fn refs(text: &str, fm: &frontmatter::FrontMatter, analysis: &Analysis) -> Refs {
    let tools = analysis.tools.as_deref();
    let mut refs = Refs {
        only_mcp: analysis.spawn().is_some_and(|s| s.only_mcp),
        // Only entries that name another definition: the cross-file rules
        // need no others, and 10,000 agents keep these in memory.
        tools: tools
            .unwrap_or_default()
            .iter()
            .filter(|t| t.is_mcp() || !t.agent_names().is_empty() || t.skill_name().is_some())
            .cloned()
            .collect(),
        ..Refs::default()
    };
    if let Some(entry) = fm.get("skills") {
        refs.skills = list_entries(text, &entry.value);
    }
    let keys = |entries: &[crate::parse::yaml::Entry]| -> Vec<String> {
        entries
            .iter()
            .filter_map(|e| e.key.as_str().map(str::to_string))
            .collect()
    };
    match fm.get("mcpServers").map(|e| &e.value) {
        Some(Node::Seq { items, .. }) => {
            for item in items {
                match item {
                    Node::Map { entries, .. } => refs.inline_servers.extend(keys(entries)),
                    Node::Scalar(s) if s.kind == ScalarKind::Str => {
                        refs.server_refs.push((s.text.to_string(), s.range.clone()));
                    }
                    _ => {}
                }
            }
        }
        // Inline definitions written as one mapping.
        Some(Node::Map { entries, .. }) => refs.inline_servers.extend(keys(entries)),
        _ => {}
    }
    refs
}

/// 1-based line and character column of a byte offset.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let Some(prefix) = text.get(..offset) else {
        return (1, 1);
    };
    let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
    (
        prefix.matches('\n').count() + 1,
        prefix[line_start..].chars().count() + 1,
    )
}

/// A skill's or command's front matter, when it has one.
/// An analysis of the file as a skill or command: its front matter is read
/// as [`front_matter`] reads it, so the index need not parse it again on
/// every keystroke.
fn skill_analysis(analysis: Option<&Analysis>) -> Option<&Analysis> {
    analysis.filter(|a| {
        matches!(
            a.kind,
            FileKind::ClaudeSkill { .. } | FileKind::ClaudeCommand { .. }
        )
    })
}

fn front_matter(text: &str) -> Option<frontmatter::FrontMatter> {
    let split::Split::FrontMatter(parts) = split::split(text) else {
        return None;
    };
    let yaml = text.get(parts.yaml.clone())?;
    Some(frontmatter::read(yaml, parts.yaml.start))
}

/// The `Skill(name)` rules of `allowed-tools`, with the names' ranges.
fn skill_rules(text: &str, fm: Option<&frontmatter::FrontMatter>) -> Vec<(String, Range<usize>)> {
    let Some(entry) = fm.and_then(|fm| fm.get("allowed-tools")) else {
        return Vec::new();
    };
    crate::model::tool_entries(text, &entry.value)
        .iter()
        .filter_map(|t| t.skill_name().map(|(n, r)| (n.to_string(), r)))
        .collect()
}

/// The `name` key, else the first line (at most 80 bytes of it).
fn anchor(text: &str, fm: Option<&frontmatter::FrontMatter>) -> Range<usize> {
    if let Some(key) = fm.and_then(|fm| fm.get("name")) {
        return key.key.range();
    }
    let line = text.lines().next().unwrap_or("");
    let mut end = line.len().min(80);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    0..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::HostFile;
    use std::path::Path;

    #[test]
    fn the_index_takes_host_agents_by_kind_and_claudes_by_folders() {
        let by = |decided: &str, path: &str| {
            let path = Path::new(path);
            let decided = FileKind::from_name(decided, path).unwrap();
            indexed_kind(decided, classify(path)).map(|k| k.name())
        };
        let copilot = Some(HostFile::CopilotAgent.name());
        assert_eq!(by("copilot-agent", "/w/docs/agents/a.md"), copilot);
        assert_eq!(by("copilot-agent", "/w/.claude/agents/a.md"), copilot);
        // Its folders' agent keeps its root (a plugin's stays a plugin's).
        let plugin = Path::new("/w/docs/agents/a.md");
        let decided = FileKind::from_name("claude-agent", plugin).unwrap();
        assert_eq!(
            indexed_kind(decided, classify(plugin)),
            Some(classify(plugin))
        );
        assert_eq!(by("claude-agent", "/w/.github/agents/a.agent.md"), None);
        assert_eq!(by("none", "/w/.claude/agents/a.md"), None);
        assert_eq!(by("codex-prompt", "/w/.claude/agents/a.md"), None);
        assert_eq!(
            by("claude-skill", "/w/.claude/skills/s/SKILL.md"),
            Some("claude-skill")
        );
    }
}

//! Workspace intelligence: what Claude Code sees across files — which agent
//! wins a name, which `Agent(x)`, `mcp__server__…` and `skills:` references
//! resolve — as a pure index over texts the caller has already read.
//!
//! Everything is keyed by name in hash maps, so building the index and
//! running the rules stays linear in the number of files and references.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::parse::yaml::{Node, ScalarKind};
use crate::parse::{frontmatter, split};
use crate::{Analysis, Diagnostic, Verdict, analyze, codes, rules};

/// Agents Claude Code ships; a file with one of these names replaces it.
pub const BUILT_IN_AGENTS: &[&str] = &[
    "general-purpose",
    "Explore",
    "Plan",
    "statusline-setup",
    "claude-code-guide",
    "claude",
];

/// Above this many characters of loaded descriptions (≈4,000 tokens at
/// ≈4 characters a token) the budget note is shown; small setups never see it.
pub const DESCRIPTION_BUDGET_CHARS: usize = 16_000;

/// Related notes listed on one duplicate-name finding before "and N more".
const MAX_DUPLICATE_NOTES: usize = 3;

/// Where a file comes from, in Claude Code's priority order.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// A project `.claude/` folder; `depth` 0 is the one closest to the
    /// working directory, 1 its parent's, and so on. All project files given
    /// to one index are assumed to lie on one chain of ancestors, as Claude
    /// Code sees them from one working directory.
    Project { depth: usize },
    /// `~/.claude/`.
    User,
    /// A plugin's folder: its agents are registered as `plugin:name`.
    Plugin { plugin: String },
}

/// One file of the workspace, already read.
#[derive(Clone, Debug)]
pub struct WorkspaceFile<'a> {
    pub path: PathBuf,
    /// Borrowed when the caller already holds the text (`agentls check`).
    pub text: Cow<'a, str>,
    pub scope: Scope,
}

/// What a file is to Claude Code, judged by its path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `…/agents/**.md`, with the folder that roots the tree.
    Agent {
        root: PathBuf,
    },
    /// `…/skills/<name>/SKILL.md`.
    Skill {
        name: String,
    },
    /// `…/commands/**.md`: the path below `commands` without `.md`, joined by `:`.
    Command {
        name: String,
    },
    Other,
}

/// Classify a path. The innermost `agents`/`skills`/`commands` folder decides.
pub fn kind(path: &Path) -> Kind {
    let is_md = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"));
    if !is_md {
        return Kind::Other;
    }
    let parts: Vec<_> = path.components().collect();
    for i in (0..parts.len().saturating_sub(1)).rev() {
        let name = parts[i].as_os_str();
        if name == "skills"
            && i + 3 == parts.len()
            && path.file_name().is_some_and(|f| f == "SKILL.md")
            && let Some(skill) = parts[i + 1].as_os_str().to_str()
        {
            return Kind::Skill {
                name: skill.to_string(),
            };
        }
        if name == "commands" {
            let rest: Vec<_> = parts[i + 1..]
                .iter()
                .filter_map(|c| c.as_os_str().to_str())
                .collect();
            let joined = rest.join(":");
            // `.md` was checked above in any case; a non-UTF-8 file name
            // (dropped from `rest`) leaves no command name at all.
            let name = joined
                .get(..joined.len().saturating_sub(3))
                .filter(|_| joined.to_ascii_lowercase().ends_with(".md"))
                .unwrap_or("");
            if name.is_empty() {
                return Kind::Other;
            }
            return Kind::Command {
                name: name.to_string(),
            };
        }
        if name == "agents" {
            let root: PathBuf = parts[..=i].iter().collect();
            return Kind::Agent { root };
        }
    }
    Kind::Other
}

/// Where an agent file stands among a workspace's, as Claude Code sees it:
/// the folder that groups it — its project (the folder holding `.claude`)
/// or, for a plugin, its `agents` folder — and its scope. `user_agents` is
/// `~/.claude/agents`.
pub fn agent_scope(path: &Path, user_agents: Option<&Path>) -> Option<(PathBuf, Scope)> {
    let Kind::Agent { root } = kind(path) else {
        return None;
    };
    if user_agents.is_some_and(|h| path.starts_with(h)) {
        return Some((root, Scope::User));
    }
    let parent = root.parent().unwrap_or(Path::new(""));
    if parent.file_name().is_some_and(|n| n == ".claude") {
        let project = parent.parent().unwrap_or(Path::new("")).to_path_buf();
        return Some((project, Scope::Project { depth: 0 }));
    }
    let plugin = parent
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    Some((root, Scope::Plugin { plugin }))
}

/// Claude Code sees project agents from one working directory: its own
/// `.claude/agents` and every ancestor's, the closest first. One chain per
/// innermost project (none below it); empty when there are no projects.
pub fn project_chains(projects: &BTreeSet<PathBuf>) -> Vec<Vec<&PathBuf>> {
    projects
        .iter()
        .filter(|p| !projects.iter().any(|q| q != *p && q.starts_with(p)))
        .map(|leaf| {
            let mut chain: Vec<&PathBuf> =
                projects.iter().filter(|p| leaf.starts_with(p)).collect();
            chain.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
            chain
        })
        .collect()
}

/// The cross-file findings as Claude Code started in each innermost
/// project sees them: one index per chain of `projects` (closest first),
/// where an agent whose `project_of` lies outside the chain is left out and
/// agents of no project (user, plugin) always count; with no projects, one
/// index of everything. `defs` keep the order they are given in (ties in
/// the index go to the first). Findings repeat across chains: callers keep
/// one of each per file.
pub fn chained_diagnostics(
    mut defs: Defs,
    projects: &BTreeSet<PathBuf>,
    project_of: impl Fn(&AgentDef) -> Option<PathBuf>,
    servers: &[String],
) -> Vec<(PathBuf, Diagnostic)> {
    let mut chains = project_chains(projects);
    if chains.is_empty() {
        chains.push(Vec::new());
    }
    let mut out = Vec::new();
    for (n, chain) in chains.iter().enumerate() {
        // The last chain takes the definitions; earlier ones copy them.
        let last = n + 1 == chains.len();
        let mut chained = if last {
            std::mem::take(&mut defs)
        } else {
            defs.clone()
        };
        for mut agent in std::mem::take(&mut chained.agents) {
            if let Some(project) = project_of(&agent) {
                let Some(depth) = chain.iter().position(|c| **c == project) else {
                    continue;
                };
                agent.scope = Scope::Project { depth };
            }
            chained.agents.push(agent);
        }
        out.extend(workspace_diagnostics(&Index::from_defs(chained, servers)));
    }
    out
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
    /// Entries of `tools`, as written.
    pub tools: Vec<(String, Range<usize>)>,
    /// Entries of `skills`.
    pub skills: Vec<(String, Range<usize>)>,
    /// Servers defined inline in `mcpServers` (`- name: {…}`).
    pub inline_servers: Vec<String>,
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
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandDef {
    pub name: String,
    pub path: PathBuf,
    pub scope: Scope,
}

/// What one file defines, read from its path and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Def {
    Agent(AgentDef),
    Skill(SkillDef),
    Command(CommandDef),
}

/// Definitions gathered file by file, for [`Index::from_defs`].
#[derive(Clone, Debug, Default)]
pub struct Defs {
    pub agents: Vec<AgentDef>,
    pub skills: Vec<SkillDef>,
    pub commands: Vec<CommandDef>,
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
            None => {}
        }
    }
}

/// What `file` defines, if anything (an agent file without a usable
/// `name` defines nothing).
pub fn def(file: &WorkspaceFile<'_>, analysis: Option<&Analysis>) -> Option<Def> {
    match kind(&file.path) {
        Kind::Agent { root } => analysis
            .and_then(|a| agent_def(file, a, root))
            .map(Def::Agent),
        Kind::Skill { name } => Some(Def::Skill(SkillDef {
            name,
            path: file.path.clone(),
            scope: file.scope.clone(),
            model_invocable: !skill_key(&file.text, "disable-model-invocation")
                .is_some_and(|v| v.kind == ScalarKind::Bool && v.text == "true"),
            description: skill_key(&file.text, "description")
                .and_then(|v| v.text.lines().next().map(str::to_string))
                .unwrap_or_default(),
        })),
        Kind::Command { name } => Some(Def::Command(CommandDef {
            name,
            path: file.path.clone(),
            scope: file.scope.clone(),
        })),
        Kind::Other => None,
    }
}

#[derive(Clone, Debug, Default)]
pub struct Index {
    /// Every agent file, sorted by path, loading or not.
    pub agents: Vec<AgentDef>,
    pub skills: Vec<SkillDef>,
    pub commands: Vec<CommandDef>,
    /// Configured MCP server names (`.mcp.json`).
    pub mcp_servers: Vec<String>,
    /// Registered name → index in `agents` of the definition that wins.
    winners: HashMap<String, usize>,
    skills_by_name: HashMap<String, usize>,
}

impl Index {
    /// Analyse every file and build the index.
    pub fn build(files: &[WorkspaceFile], mcp_servers: &[String]) -> Index {
        // Only agents need the full analysis; skills are read for one key.
        let analyses: Vec<Option<Analysis>> = files
            .iter()
            .map(|f| {
                matches!(kind(&f.path), Kind::Agent { .. }).then(|| analyze(&f.text, Some(&f.path)))
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
        let mut index = Index {
            agents: defs.agents,
            skills: defs.skills,
            commands: defs.commands,
            mcp_servers: mcp_servers.to_vec(),
            ..Index::default()
        };
        index.agents.sort_by(|a, b| a.path.cmp(&b.path));
        index
            .skills
            .sort_by(|a, b| (&a.scope, &a.path).cmp(&(&b.scope, &b.path)));
        index.commands.sort_by(|a, b| a.path.cmp(&b.path));
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
        // Project skills shadow user skills of the same name, like agents.
        for (i, skill) in index.skills.iter().enumerate() {
            index.skills_by_name.entry(skill.name.clone()).or_insert(i);
        }
        index
    }

    /// The definition Claude Code uses for a registered name.
    pub fn agent(&self, name: &str) -> Option<&AgentDef> {
        self.winners.get(name).map(|&i| &self.agents[i])
    }

    pub fn skill(&self, name: &str) -> Option<&SkillDef> {
        self.skills_by_name.get(name).map(|&i| &self.skills[i])
    }
}

/// Priority rank: managed and `--agents` are never files here, so project
/// (closest first), then user, then plugins.
fn rank(scope: &Scope) -> (u8, usize) {
    match scope {
        Scope::Project { depth } => (0, *depth),
        Scope::User => (1, 0),
        Scope::Plugin { .. } => (2, 0),
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
            refs(&file.text, fm)
        } else {
            Refs::default()
        },
    })
}

fn refs(text: &str, fm: &frontmatter::FrontMatter) -> Refs {
    let mut refs = Refs::default();
    if let Some(entry) = fm.get("tools") {
        refs.tools = rules::tool_entries(text, &entry.value)
            .into_iter()
            .map(|t| (t.text, t.range))
            .collect();
    }
    if let Some(entry) = fm.get("skills") {
        refs.skills = list_entries(text, &entry.value);
    }
    if let Some(Node::Seq { items, .. }) = fm.get("mcpServers").map(|e| &e.value) {
        for item in items {
            if let Node::Map { entries, .. } = item {
                refs.inline_servers.extend(
                    entries
                        .iter()
                        .filter_map(|e| e.key.as_str().map(str::to_string)),
                );
            }
        }
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

/// A scalar of a skill's front matter (skills are read for two keys only).
fn skill_key(text: &str, key: &str) -> Option<crate::parse::yaml::Scalar> {
    let split::Split::FrontMatter(parts) = split::split(text) else {
        return None;
    };
    let yaml = text.get(parts.yaml.clone())?;
    let fm = frontmatter::read(yaml, parts.yaml.start);
    fm.get(key)?.value.as_scalar().cloned()
}

/// `path:line:col` of an agent's name, for notes in another file.
fn at(def: &AgentDef) -> String {
    format!(
        "{}:{}:{}",
        def.path.display(),
        def.name_position.0,
        def.name_position.1
    )
}

fn elsewhere(def: &AgentDef) -> crate::diagnostic::Elsewhere {
    crate::diagnostic::Elsewhere {
        path: def.path.clone(),
        range: def.name_range.clone(),
    }
}

fn scope_name(scope: &Scope) -> &'static str {
    match scope {
        Scope::Project { .. } => "project",
        Scope::User => "user",
        Scope::Plugin { .. } => "plugin",
    }
}

/// The cross-file rules over an index (which carries every reference it
/// needs, so no file is parsed again). Sorted by path, then position.
pub fn workspace_diagnostics(index: &Index) -> Vec<(PathBuf, Diagnostic)> {
    let mut out = Vec::new();
    shadowing_and_duplicates(index, &mut out);
    descriptions_budget(index, &mut out);
    let configured: HashSet<&str> = index.mcp_servers.iter().map(String::as_str).collect();
    for agent in &index.agents {
        references(index, agent, &configured, &mut out);
    }
    out.sort_by(|(pa, a), (pb, b)| {
        (pa, a.range.start, a.range.end, a.code, &a.message).cmp(&(
            pb,
            b.range.start,
            b.range.end,
            b.code,
            &b.message,
        ))
    });
    out
}

fn shadowing_and_duplicates(index: &Index, out: &mut Vec<(PathBuf, Diagnostic)>) {
    // Loading definitions grouped by (name, tree): a linear pass.
    let mut by_tree: HashMap<(&str, &Path), Vec<&AgentDef>> = HashMap::new();
    for agent in &index.agents {
        let loadable = agent.loads || index.agent(&agent.name).is_some();
        if loadable && !agent.name.is_empty() {
            by_tree
                .entry((agent.name.as_str(), agent.root.as_path()))
                .or_default()
                .push(agent);
        }
        if BUILT_IN_AGENTS.contains(&agent.name.as_str())
            && matches!(agent.scope, Scope::Project { .. } | Scope::User)
        {
            out.push((
                agent.path.clone(),
                rules::diag(
                    codes::AGENT_OVERRIDES_BUILT_IN,
                    agent.name_range.clone(),
                    format!(
                        "`{}` is a built-in agent: this {} agent replaces it.",
                        agent.name,
                        scope_name(&agent.scope)
                    ),
                ),
            ));
        }
    }
    for agent in &index.agents {
        let Some(winner) = index.agent(&agent.name) else {
            continue;
        };
        if winner.path == agent.path || winner.root == agent.root {
            continue;
        }
        if rank(&winner.scope) >= rank(&agent.scope) {
            continue;
        }
        let why = match (&winner.scope, &agent.scope) {
            (Scope::Project { .. }, Scope::User) => {
                "a project agent of the same name wins over user agents"
            }
            (Scope::Project { .. }, Scope::Project { .. }) => {
                "the `.claude/agents` closest to the working directory wins"
            }
            _ => "an agent of the same name in a higher-priority scope wins",
        };
        out.push((
            agent.path.clone(),
            rules::diag(
                codes::AGENT_SHADOWED,
                agent.name_range.clone(),
                format!(
                    "`{}` is shadowed: {why}, so this definition is never used.",
                    agent.name
                ),
            )
            .with_related_elsewhere(
                agent.name_range.clone(),
                format!("the definition used is at {}", at(winner)),
                elsewhere(winner),
            ),
        ));
    }
    let mut groups: Vec<_> = by_tree.into_values().filter(|g| g.len() > 1).collect();
    groups.sort_by(|a, b| a[0].path.cmp(&b[0].path));
    for group in groups {
        for agent in &group {
            let mut d = rules::diag(
                codes::AGENT_DUPLICATE_NAME,
                agent.name_range.clone(),
                format!(
                    "{} files under this agents folder are named `{}`: Claude Code loads only one of \
                     them, which one depends on the filesystem's order. Rename or remove the others.",
                    group.len(),
                    agent.name
                ),
            );
            // At most a few notes each: n copies of one name must not cost
            // n² notes (10,000 copied files would mean 10⁸).
            let others = group.iter().filter(|o| o.path != agent.path);
            for other in others.take(MAX_DUPLICATE_NOTES) {
                d = d.with_related_elsewhere(
                    agent.name_range.clone(),
                    format!("also named `{}` at {}", agent.name, at(other)),
                    elsewhere(other),
                );
            }
            // Each file is in its group once, so the others are len - 1.
            let more = (group.len() - 1).saturating_sub(MAX_DUPLICATE_NOTES);
            if more > 0 {
                d = d.with_related(
                    agent.name_range.clone(),
                    format!("and {more} more files named `{}`", agent.name),
                );
            }
            out.push((agent.path.clone(), d));
        }
    }
}

fn descriptions_budget(index: &Index, out: &mut Vec<(PathBuf, Diagnostic)>) {
    let loaded: Vec<&AgentDef> = index.agents.iter().filter(|a| a.loads).collect();
    let total: usize = loaded.iter().map(|a| a.description_chars).sum();
    if total <= DESCRIPTION_BUDGET_CHARS {
        return;
    }
    for agent in &loaded {
        let Some(key) = &agent.description_key else {
            continue;
        };
        out.push((
            agent.path.clone(),
            rules::diag(
                codes::DESCRIPTIONS_BUDGET,
                key.clone(),
                format!(
                    "{} agents' descriptions are loaded into every session: ≈{} tokens in total \
                     (this one ≈{}). Shorter descriptions leave more context for the work.",
                    loaded.len(),
                    tokens(total),
                    tokens(agent.description_chars)
                ),
            ),
        ));
    }
}

/// ≈4 characters a token: the usual estimate for English prose.
fn tokens(chars: usize) -> usize {
    chars.div_ceil(4)
}

fn references(
    index: &Index,
    agent: &AgentDef,
    configured: &HashSet<&str>,
    out: &mut Vec<(PathBuf, Diagnostic)>,
) {
    let refs = &agent.refs;
    let plugin = match &agent.scope {
        Scope::Plugin { plugin } => Some(plugin.as_str()),
        _ => None,
    };
    {
        for (tool, range) in &refs.tools {
            if let Some(rest) = tool.strip_prefix("mcp__") {
                let server = rest.split("__").next().unwrap_or(rest);
                // Plugin servers are registered as `plugin_<plugin>_<server>`.
                if server.is_empty()
                    || server.starts_with("plugin_")
                    || configured.contains(server)
                    || refs.inline_servers.iter().any(|s| s == server)
                {
                    continue;
                }
                let start = range.start + "mcp__".len();
                out.push((
                    agent.path.clone(),
                    rules::diag(
                        codes::MCP_SERVER_UNKNOWN,
                        start..start + server.len(),
                        format!(
                            "No MCP server `{server}` is configured in this project (`.mcp.json`) \
                             or in this agent's `mcpServers`. It may still work if it is \
                             configured at user level (`~/.claude.json`); otherwise the tool is \
                             dropped."
                        ),
                    ),
                ));
                continue;
            }
            for (name, range) in agent_refs(tool, range.start) {
                let qualified = plugin.map(|p| format!("{p}:{name}"));
                let known = BUILT_IN_AGENTS.contains(&name)
                    || index.agent(name).is_some()
                    || qualified.is_some_and(|q| index.agent(&q).is_some());
                if !known {
                    out.push((
                        agent.path.clone(),
                        rules::diag(
                            codes::AGENT_UNKNOWN,
                            range,
                            format!(
                                "No agent named `{name}` loads in this workspace (nor is it a \
                                 built-in), so this agent cannot start it."
                            ),
                        ),
                    ));
                }
            }
        }
    }
    {
        for (name, range) in &refs.skills {
            let message = match index.skill(name) {
                None => format!(
                    "No skill `{name}` found (`.claude/skills/{name}/SKILL.md`): it is not \
                     preloaded."
                ),
                Some(skill) if !skill.model_invocable => format!(
                    "Skill `{name}` sets `disable-model-invocation: true` ({}), so it cannot be \
                     preloaded into this agent.",
                    skill.path.display()
                ),
                Some(_) => continue,
            };
            out.push((
                agent.path.clone(),
                rules::diag(codes::SKILL_UNAVAILABLE, range.clone(), message),
            ));
        }
    }
}

/// The agent names inside `Agent(a, b)` / `Task(a)`, with their ranges.
pub(crate) fn agent_refs(text: &str, base: usize) -> Vec<(&str, Range<usize>)> {
    let inner = ["Agent(", "Task("]
        .iter()
        .find_map(|p| text.strip_prefix(p).map(|rest| (p.len(), rest)));
    let Some((open, rest)) = inner else {
        return Vec::new();
    };
    let Some(rest) = rest.strip_suffix(')') else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut offset = base + open;
    for piece in rest.split(',') {
        let lead = piece.len() - piece.trim_start().len();
        let name = piece.trim();
        // `*` and wildcards are patterns, not names.
        if !name.is_empty() && !name.contains('*') {
            out.push((name, offset + lead..offset + lead + name.len()));
        }
        offset += piece.len() + 1;
    }
    out
}

/// Entries of a list field written as a YAML list or a comma-separated string.
pub(crate) fn list_entries(text: &str, node: &Node) -> Vec<(String, Range<usize>)> {
    match node {
        Node::Seq { items, .. } => items
            .iter()
            .filter_map(|i| i.as_str().map(|s| (s.trim().to_string(), i.range())))
            .filter(|(s, _)| !s.is_empty())
            .collect(),
        Node::Scalar(s) if s.kind == ScalarKind::Str => {
            // Ranges from the source when the scalar is plain text in it;
            // otherwise the whole value.
            let range = s.range.clone();
            let source = text.get(range.clone()).unwrap_or("");
            if source != s.text {
                return s
                    .text
                    .split(',')
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(|n| (n.to_string(), range.clone()))
                    .collect();
            }
            let mut out = Vec::new();
            let mut offset = range.start;
            for piece in source.split(',') {
                let lead = piece.len() - piece.trim_start().len();
                let name = piece.trim();
                if !name.is_empty() {
                    out.push((name.to_string(), offset + lead..offset + lead + name.len()));
                }
                offset += piece.len() + 1;
            }
            out
        }
        _ => Vec::new(),
    }
}

/// Server names from a `.mcp.json` text (`{"mcpServers": {"name": {…}}}`),
/// sorted; empty when the JSON does not parse.
pub fn mcp_json_servers(json: &str) -> Vec<String> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(json) else {
        return Vec::new();
    };
    let mut names: Vec<String> = value
        .get("mcpServers")
        .and_then(|s| s.as_object())
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_paths() {
        assert_eq!(
            kind(Path::new("p/.claude/agents/sub/a.md")),
            Kind::Agent {
                root: PathBuf::from("p/.claude/agents")
            }
        );
        assert_eq!(
            kind(Path::new("p/.claude/skills/fmt/SKILL.md")),
            Kind::Skill { name: "fmt".into() }
        );
        assert_eq!(
            kind(Path::new("p/.claude/commands/git/commit.md")),
            Kind::Command {
                name: "git:commit".into()
            }
        );
        assert_eq!(kind(Path::new("README.md")), Kind::Other);
    }

    #[test]
    fn agent_refs_have_exact_ranges() {
        let refs = agent_refs("Agent(a, bee)", 10);
        assert_eq!(refs, vec![("a", 16..17), ("bee", 19..22)]);
        assert!(agent_refs("Agent(", 0).is_empty());
        assert!(agent_refs("Read", 0).is_empty());
    }
}

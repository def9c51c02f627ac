//! The workspace rules in `agentls check`: the checked agents, the user's
//! agents and the skills and `.mcp.json` found next to them, judged
//! together as Claude Code started in each innermost project sees them.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use agentls_core::workspace::{self, AgentDef, Def, Defs, McpConfig, Scope, WorkspaceFile};
use agentls_core::{Diagnostic, FileKind, analyze};

use super::policies::Policies;
use super::report::Decided;
use super::report::{FileReport, Outcome, WorkspaceAgent, sort_diagnostics};
use super::walk;
use crate::discover;

/// Where an agent file stands among the workspace's: its key (project
/// folder, normalised, or `agents` folder) and scope, as Claude Code would
/// see it.
pub(super) fn agent_scope(path: &Path, home_agents: Option<&Path>) -> Option<(PathBuf, Scope)> {
    let (key, scope) = workspace::agent_scope(path, home_agents)?;
    let key = match scope {
        Scope::Project { .. } => normal(&key),
        _ => key,
    };
    Some((key, scope))
}

/// Path without `.` components, so `./pkg` and `pkg` compare equal and the
/// current directory is the empty path (a prefix of every relative path).
fn normal(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// The folder whose `.claude/skills`, `.claude/commands`, `skills` or
/// `commands` holds a skill or command file: read for context around it.
fn item_root(path: &Path, folders: &FileKind) -> Option<PathBuf> {
    let folder = match folders {
        FileKind::ClaudeSkill { .. } => "skills",
        FileKind::ClaudeCommand { .. } => "commands",
        _ => return None,
    };
    let holder = path
        .ancestors()
        .skip(1)
        .find(|a| a.file_name().is_some_and(|n| n == folder))?
        .parent()?;
    let root = if holder.file_name().is_some_and(|n| n == ".claude") {
        holder.parent()?
    } else {
        holder
    };
    Some(root.to_path_buf())
}

/// A file read for context only (user agents, skills): never reported.
fn read_context(path: &Path) -> Option<String> {
    discover::read_text(path)
}

/// The agents `check` was not asked about but that share a workspace with
/// the checked ones: `check one-file.md` must know the file's sibling
/// agents, and the projects above and below it, or it would report agents
/// missing that the server and `check DIR` find. The workspace is the
/// current folder for files inside it, else the file's own project folder.
fn workspace_neighbours(
    projects: &BTreeSet<PathBuf>,
    checked: &HashSet<PathBuf>,
    policies: &mut Policies,
) -> Vec<WorkspaceAgent> {
    let cwd = std::env::current_dir().ok();
    let roots: BTreeSet<PathBuf> = projects
        .iter()
        .map(|project| {
            let climbs = project
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir));
            match &cwd {
                _ if project.is_relative() && !climbs => PathBuf::from("."),
                Some(cwd) if project.starts_with(cwd) => cwd.clone(),
                _ => project.clone(),
            }
        })
        .collect();
    let mut found = Vec::new();
    for root in roots {
        for path in walk::agents_in(&root) {
            // An agent by its folders that `[kinds]` gives another kind is
            // none of Claude Code's here, as in the server's index.
            if checked.contains(&normal(&path)) || !claude_indexed(&path, policies) {
                continue;
            }
            let Some((key, scope)) = agent_scope(&path, None) else {
                continue;
            };
            let Some(text) = read_context(&path) else {
                continue;
            };
            let analysis = analyze(&text, Some(&path));
            let file = WorkspaceFile {
                path,
                text: Cow::Owned(text),
                scope: scope.clone(),
            };
            if let Some(Def::Agent(def)) = workspace::def(&file, Some(&analysis)) {
                found.push(WorkspaceAgent {
                    key,
                    scope,
                    def: Some(def),
                });
            }
        }
    }
    found
}

/// Whether the index counts a file read for context as the Claude Code
/// file its folders make it ([`workspace::indexed_kind`]).
fn claude_indexed(path: &Path, policies: &mut Policies) -> bool {
    let Decided { kind, folders, .. } = policies.decide(path);
    workspace::indexed_kind(kind, folders).is_some_and(|k| !matches!(k, FileKind::Host(_)))
}

/// Run the workspace rules over the checked files and merge their findings
/// into each file's report.
///
/// Claude Code sees project agents from one working directory: its own
/// `.claude/agents` and every ancestor's. So one index is built per
/// innermost project folder (with its ancestors among the checked ones),
/// plus the user's agents and the skills and `.mcp.json` found next to
/// them; findings from several indexes are merged without duplicates.
pub(super) fn apply_workspace(
    reports: &mut [FileReport],
    paths: &[PathBuf],
    home: Option<&Path>,
    policies: &mut Policies,
) {
    // Agent definitions among the reports, taken out of them.
    let mut projects: BTreeSet<PathBuf> = BTreeSet::new();
    let mut agents: Vec<Box<WorkspaceAgent>> = Vec::new();
    for report in reports.iter_mut() {
        if let Outcome::Checked(checked) = &mut report.outcome
            && let Some(agent) = checked.agent.take()
        {
            if matches!(agent.scope, Scope::Project { .. }) {
                projects.insert(agent.key.clone());
            }
            agents.push(agent);
        }
    }
    // Skills and commands checked: their own folders are read for context.
    let mut item_roots: BTreeSet<PathBuf> = BTreeSet::new();
    for report in reports.iter() {
        let folders = report.decided.as_ref().map(|d| &d.folders);
        if let Some(root) = folders.and_then(|f| item_root(&report.path, f)) {
            item_roots.insert(normal(&root));
        }
    }
    if agents.is_empty() && item_roots.is_empty() {
        return;
    }
    // The checked agents' neighbours, read for context, as the server (whose
    // workspace folder is the current one) and `check DIR` see them.
    let checked: HashSet<PathBuf> = reports.iter().map(|r| normal(&r.path)).collect();
    let neighbours = if paths.is_empty() {
        Vec::new() // every agent below the current folder is checked already
    } else {
        workspace_neighbours(&projects, &checked, policies)
    };
    projects.extend(neighbours.iter().map(|a| a.key.clone()));
    agents.extend(neighbours.into_iter().map(Box::new));

    // Context: skills and `.mcp.json` at each project and each walked root.
    let mut roots: BTreeSet<PathBuf> = projects.clone();
    if paths.is_empty() {
        roots.insert(PathBuf::new());
    }
    roots.extend(paths.iter().filter(|p| p.is_dir()).map(|p| normal(p)));
    roots.extend(item_roots);
    let mut mcp_servers = BTreeSet::new();
    let mut context = Defs::default();
    let mut add_context = |path: PathBuf, scope: Scope| {
        if !claude_indexed(&path, policies) {
            return;
        }
        if let Some(text) = read_context(&path) {
            let file = WorkspaceFile {
                path,
                text: Cow::Owned(text),
                scope,
            };
            context.push(workspace::def(&file, None));
        }
    };
    let at = |root: &Path, rel: &str| {
        if root.as_os_str().is_empty() {
            PathBuf::from(rel)
        } else {
            root.join(rel)
        }
    };
    for root in &roots {
        if let Some(json) = read_context(&at(root, ".mcp.json")) {
            mcp_servers.extend(workspace::mcp_json_servers(&json));
        }
        for dir in [".claude/skills", "skills"] {
            for skill in walk::skill_files(&at(root, dir)) {
                add_context(skill, Scope::Project { depth: 0 });
            }
        }
        for dir in [".claude/commands", "commands"] {
            for command in walk::markdown_below(&at(root, dir)) {
                add_context(command, Scope::Project { depth: 0 });
            }
        }
    }
    let mut user_agents: Vec<AgentDef> = Vec::new();
    if let Some(home) = home {
        let [agents, skills] = workspace::user_dirs(home);
        let checked: HashSet<&Path> = reports.iter().map(|r| r.path.as_path()).collect();
        for path in walk::markdown_below(&agents) {
            if checked.contains(path.as_path()) {
                continue;
            }
            if let Some(text) = read_context(&path) {
                let analysis = analyze(&text, Some(&path));
                let file = WorkspaceFile {
                    path,
                    text: Cow::Owned(text),
                    scope: Scope::User,
                };
                if let Some(Def::Agent(def)) = workspace::def(&file, Some(&analysis)) {
                    user_agents.push(def);
                }
            }
        }
        for skill in walk::skill_files(&skills) {
            add_context(skill, Scope::User);
        }
        for command in walk::markdown_below(&home.join(".claude").join("commands")) {
            add_context(command, Scope::User);
        }
    }
    let mcp_servers: Vec<String> = mcp_servers.into_iter().collect();
    let mut mcp = McpConfig::project(&mcp_servers);
    mcp.add_user_config(crate::host::user_claude_json(home).as_deref());
    // Local servers are keyed by absolute project folders; projects here
    // are keyed as the paths were given (relative to the current folder).
    let cwd = std::env::current_dir().ok();
    for (path, _) in &mut mcp.local {
        if let Some(rel) = cwd.as_ref().and_then(|c| path.strip_prefix(c).ok()) {
            *path = normal(rel);
        }
    }

    // Checked agents by path, then user agents, then context: the order the
    // index's stable sorts break ties by. Projects are keyed by normalised
    // paths, so `starts_with` compares like with like.
    let mut defs = Defs::default();
    let mut keys: HashMap<PathBuf, PathBuf> = HashMap::new();
    for agent in &mut agents {
        if let Some(def) = agent.def.take() {
            if matches!(agent.scope, Scope::Project { .. }) {
                keys.insert(def.path.clone(), agent.key.clone());
            }
            defs.agents.push(AgentDef {
                scope: agent.scope.clone(),
                ..def
            });
        }
    }
    defs.agents.append(&mut user_agents);
    defs.skills.append(&mut context.skills);
    defs.commands.append(&mut context.commands);
    let project_of = |def: &AgentDef| keys.get(&def.path).cloned();
    let found = workspace::chained_diagnostics(defs, &projects, project_of, &mcp);

    // Only files the user asked to check get findings.
    let slot: HashMap<&Path, usize> = reports
        .iter()
        .enumerate()
        .map(|(i, r)| (r.path.as_path(), i))
        .collect();
    let found: Vec<(usize, Diagnostic)> = found
        .into_iter()
        .filter_map(|(path, d)| Some((*slot.get(path.as_path())?, d)))
        .collect();
    for (i, diagnostic) in found {
        if let Outcome::Checked(checked) = &mut reports[i].outcome
            && !checked.diagnostics.contains(&diagnostic)
        {
            checked.diagnostics.push(diagnostic);
        }
    }
    for report in reports.iter_mut() {
        if let Outcome::Checked(checked) = &mut report.outcome {
            sort_diagnostics(&mut checked.diagnostics);
        }
    }
}

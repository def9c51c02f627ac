//! Where files stand to Claude Code: their scope (project, user, plugin),
//! the priority between scopes, and the chains of nested projects Claude
//! Code sees from one working directory.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::kind::{FileKind, classify};

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

/// The user scope's folders below a home: `~/.claude/agents` and
/// `~/.claude/skills`.
pub fn user_dirs(home: &Path) -> [PathBuf; 2] {
    let claude = home.join(".claude");
    [claude.join("agents"), claude.join("skills")]
}

/// Where an agent file stands among a workspace's, as Claude Code sees it:
/// the folder that groups it — its project (the folder holding `.claude`)
/// or, for a plugin, its `agents` folder — and its scope. `user_agents` is
/// `~/.claude/agents`.
pub fn agent_scope(path: &Path, user_agents: Option<&Path>) -> Option<(PathBuf, Scope)> {
    let kind = classify(path);
    let root = kind.agents_root()?.to_path_buf();
    if user_agents.is_some_and(|h| path.starts_with(h)) {
        return Some((root, Scope::User));
    }
    let parent = root.parent().unwrap_or(Path::new(""));
    if let FileKind::ClaudeAgent { .. } = kind {
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

/// Priority rank: managed and `--agents` are never files here, so project
/// (closest first), then user, then plugins.
pub(crate) fn rank(scope: &Scope) -> (u8, usize) {
    match scope {
        Scope::Project { depth } => (0, *depth),
        Scope::User => (1, 0),
        Scope::Plugin { .. } => (2, 0),
    }
}

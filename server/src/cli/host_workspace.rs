//! Other hosts' cross-file rules in `agentls check`: each checked Copilot
//! agent is judged with the agents of its project (`.github/agents`,
//! `.github/chatmodes`, `.claude/agents`) and the user's Claude Code agents,
//! the names VS Code resolves a handoff among, as the server's index does.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

use agentls_core::workspace::{self, Defs, Index, Scope, WorkspaceFile};
use agentls_core::{FileKind, HostFile, analyze, classify};

use super::report::{FileReport, Outcome, sort_diagnostics};
use super::walk;
use crate::discover;

/// Path without `.` components, so `./p` and `p` compare equal.
fn normal(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

/// The folder holding the `.github` a Copilot agent is in.
fn project_of(path: &Path) -> Option<PathBuf> {
    let github = path
        .ancestors()
        .skip(1)
        .find(|a| a.file_name().is_some_and(|n| n == ".github"))?;
    Some(normal(github.parent()?))
}

fn is_copilot(path: &Path) -> bool {
    matches!(
        classify(path),
        FileKind::Host(HostFile::CopilotAgent | HostFile::CopilotChatMode)
    )
}

/// Add the findings of [`workspace::host_diagnostics`] to the checked
/// Copilot agents' reports.
pub(super) fn apply_host_workspace(reports: &mut [FileReport], home: Option<&Path>) {
    let projects: BTreeSet<PathBuf> = reports
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Checked(_)) && is_copilot(&r.path))
        .filter_map(|r| project_of(&r.path))
        .collect();
    if projects.is_empty() {
        return;
    }
    let mut user = Defs::default();
    if let Some(home) = home {
        read_agents(&home.join(".claude").join("agents"), Scope::User, &mut user);
    }
    let slot: HashMap<PathBuf, usize> = reports
        .iter()
        .enumerate()
        .map(|(i, r)| (normal(&r.path), i))
        .collect();
    for project in projects {
        let mut defs = user.clone();
        for dir in [".github/agents", ".github/chatmodes", ".claude/agents"] {
            let dir = if project.as_os_str().is_empty() {
                PathBuf::from(dir)
            } else {
                project.join(dir)
            };
            read_agents(&dir, Scope::Project { depth: 0 }, &mut defs);
        }
        let index = Index::from_defs(defs, &[]);
        for (path, d) in workspace::host_diagnostics(&index) {
            let Some(&i) = slot.get(&normal(&path)) else {
                continue;
            };
            if let Outcome::Checked(checked) = &mut reports[i].outcome
                && !checked.diagnostics.contains(&d)
            {
                checked.diagnostics.push(d);
                sort_diagnostics(&mut checked.diagnostics);
            }
        }
    }
}

/// The agents defined below `dir` (Copilot's or Claude Code's).
fn read_agents(dir: &Path, scope: Scope, defs: &mut Defs) {
    for path in walk::markdown_below(dir) {
        let kind = classify(&path);
        if !kind.is_indexed() {
            continue;
        }
        let Some(text) = discover::read_text(&path) else {
            continue;
        };
        let analysis = kind.is_agent().then(|| analyze(&text, Some(&path)));
        let file = WorkspaceFile {
            path,
            text: Cow::Owned(text),
            scope: scope.clone(),
        };
        defs.push(workspace::def(&file, analysis.as_ref()));
    }
}

//! Other hosts' cross-file rules in `agentls check`: each checked Copilot
//! agent is judged with the agents of its project (`.github/agents`,
//! `.github/chatmodes`, `.claude/agents`) and the user's Claude Code agents,
//! the names VS Code resolves a handoff among, as the server's index does.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

use agentls_core::workspace::{self, Defs, Index, Scope, WorkspaceFile};
use agentls_core::{FileKind, HostFile, analyze_as};

use super::policies::Policies;
use super::report::Decided;
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

/// The kind the index registers a file under, as the server's does: the
/// configuration's `[kinds]` for another host's agent, else its folders.
fn indexed(decided: &Decided) -> Option<FileKind> {
    workspace::indexed_kind(decided.kind.clone(), decided.folders.clone())
}

fn is_copilot(kind: Option<&FileKind>) -> bool {
    matches!(
        kind,
        Some(FileKind::Host(
            HostFile::CopilotAgent | HostFile::CopilotChatMode
        ))
    )
}

/// Add the findings of [`workspace::host_diagnostics`] to the checked
/// Copilot agents' reports. A checked file `[kinds]` makes a Copilot agent
/// outside `.github` is judged with the current folder's agents, and is
/// one of them.
pub(super) fn apply_host_workspace(
    reports: &mut [FileReport],
    home: Option<&Path>,
    policies: &mut Policies,
) {
    let mut projects: BTreeSet<PathBuf> = BTreeSet::new();
    // Checked agents `[kinds]` moved into another host: no folder read
    // below finds them.
    let mut moved: Vec<PathBuf> = Vec::new();
    for r in reports.iter() {
        let (Outcome::Checked(_), Some(decided)) = (&r.outcome, &r.decided) else {
            continue;
        };
        let kind = indexed(decided);
        // The server's index reads the files folders show, then asks
        // their kind: one no folder shows is not in it.
        let folders = &decided.folders;
        if folders.is_indexed() && kind.as_ref().is_some_and(|k| k != folders) {
            moved.push(r.path.clone());
        }
        if is_copilot(kind.as_ref()) {
            projects.insert(project_of(&r.path).unwrap_or_default());
        }
    }
    if projects.is_empty() {
        return;
    }
    let mut user = Defs::default();
    if let Some(home) = home {
        let dir = home.join(".claude").join("agents");
        read_agents(walk::markdown_below(&dir), Scope::User, &mut user, policies);
    }
    read_agents(moved, Scope::Project { depth: 0 }, &mut user, policies);
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
            let found = walk::markdown_below(&dir);
            read_agents(found, Scope::Project { depth: 0 }, &mut defs, policies);
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

/// The agents `paths` define (Copilot's or Claude Code's), each of the
/// kind the index registers it under.
fn read_agents(paths: Vec<PathBuf>, scope: Scope, defs: &mut Defs, policies: &mut Policies) {
    for path in paths {
        let Some(kind) = indexed(&policies.decide(&path)) else {
            continue;
        };
        let Some(text) = discover::read_text(&path) else {
            continue;
        };
        let analysis = kind
            .is_agent()
            .then(|| analyze_as(&text, Some(&path), kind.clone()));
        let file = WorkspaceFile {
            path,
            text: Cow::Owned(text),
            scope: scope.clone(),
        };
        defs.push(workspace::def_as(&file, analysis.as_ref(), kind));
    }
}

//! Skills and commands across files (AG113, AG114, AG117), over the fixture
//! workspace in `tests/fixtures/skills_workspace/`: a project with skills,
//! commands and one agent, and a fake home with a personal skill and
//! command. The files that need the disk (AG115, AG116) are shown by
//! tests/cli_skills_workspace.rs.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use agentls_core::workspace::{Index, Scope, WorkspaceFile, workspace_diagnostics};

const ROOT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/skills_workspace"
);

/// Every markdown file below `rel`, sorted, paths relative to the fixture.
fn files_below(rel: &str, scope: Scope, out: &mut Vec<WorkspaceFile<'static>>) {
    let mut stack = vec![PathBuf::from(ROOT).join(rel)];
    let mut found = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                found.push(path);
            }
        }
    }
    found.sort();
    for path in found {
        let text = std::fs::read_to_string(&path).unwrap();
        out.push(WorkspaceFile {
            path: path.strip_prefix(ROOT).unwrap().to_path_buf(),
            text: Cow::Owned(text),
            scope: scope.clone(),
        });
    }
}

fn workspace() -> Vec<WorkspaceFile<'static>> {
    let mut files = Vec::new();
    files_below("project/.claude", Scope::Project { depth: 0 }, &mut files);
    files_below("home/.claude", Scope::User, &mut files);
    files
}

fn render(files: &[WorkspaceFile<'_>], found: &[(PathBuf, agentls_core::Diagnostic)]) -> String {
    let mut out = String::new();
    for (path, d) in found {
        let text = &files.iter().find(|f| &f.path == path).unwrap().text;
        let line = text[..d.range.start].matches('\n').count() + 1;
        let col = d.range.start - text[..d.range.start].rfind('\n').map_or(0, |i| i + 1) + 1;
        out.push_str(&format!(
            "{}:{line}:{col} {} {} `{}` {}\n",
            path.display(),
            d.code,
            d.severity.as_str(),
            &text[d.range.clone()],
            d.message
        ));
    }
    out
}

#[test]
fn skills_and_commands_across_files() {
    let files = workspace();
    let found = workspace_diagnostics(&Index::build(&files, &[]));
    insta::assert_snapshot!("skills_workspace_diagnostics", render(&files, &found));
}

/// Personal skills win over project ones, the reverse of agents: the index
/// resolves a name to the personal skill.
#[test]
fn the_personal_skill_wins_its_name() {
    let files = workspace();
    let index = Index::build(&files, &[]);
    assert_eq!(
        index.skill("notes").map(|s| s.path.as_path()),
        Some(Path::new("home/.claude/skills/notes/SKILL.md"))
    );
}

/// A skill and a command of one name in different folders do not hide each
/// other (only the same `.claude` was measured).
#[test]
fn a_command_is_hidden_only_by_a_skill_of_its_own_folder() {
    let file = |path: &str, text: &'static str| WorkspaceFile {
        path: PathBuf::from(path),
        text: Cow::Borrowed(text),
        scope: Scope::Project { depth: 0 },
    };
    let files = vec![
        file(
            "a/.claude/skills/x/SKILL.md",
            "---\ndescription: d\n---\nX.\n",
        ),
        file("b/.claude/commands/x.md", "X.\n"),
    ];
    assert!(workspace_diagnostics(&Index::build(&files, &[])).is_empty());
}

/// Every code of the table is shown here or by the CLI test of the disk.
#[test]
fn every_code_is_exercised() {
    let files = workspace();
    let mut seen: std::collections::BTreeSet<&str> =
        workspace_diagnostics(&Index::build(&files, &[]))
            .iter()
            .map(|(_, d)| d.code)
            .collect();
    // Shown with the disk by tests/cli_skills_workspace.rs.
    seen.insert(agentls_core::codes::SKILL_FILE_MISSING);
    seen.insert(agentls_core::codes::INCLUDE_MISSING);
    for info in agentls_core::codes::SKILLS_WORKSPACE {
        assert!(seen.contains(info.code), "{} not exercised", info.code);
    }
}

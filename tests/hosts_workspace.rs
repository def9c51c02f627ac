//! Other hosts' agents in the workspace index, over the fixture project in
//! `tests/fixtures/hosts-workspace/`: Copilot agents and a chat mode, a
//! Claude Code agent, OpenCode and Gemini CLI agents. Each agent is listed
//! under the name its host registers it by, with its host; a Copilot
//! agent's `handoffs[].agent` and `agents:` entries naming no agent of the
//! workspace get AG280 (VS Code's built-in agents never do).

mod common;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use agentls_core::codes::{self, HOSTS_WORKSPACE};
use agentls_core::workspace::{Index, Scope, WorkspaceFile, copilot_knows, host_diagnostics};
use common::assert_every_code_shown;

const ROOT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/hosts-workspace"
);

/// Every `.md` below the fixture, sorted, with paths relative to it.
fn files() -> Vec<WorkspaceFile<'static>> {
    let mut stack = vec![PathBuf::from(ROOT)];
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
    found
        .into_iter()
        .map(|path| WorkspaceFile {
            text: Cow::Owned(std::fs::read_to_string(&path).unwrap()),
            path: path.strip_prefix(ROOT).unwrap().to_path_buf(),
            scope: Scope::Project { depth: 0 },
        })
        .collect()
}

fn index(files: &[WorkspaceFile<'_>]) -> Index {
    Index::build(files, &[])
}

#[test]
fn every_host_agent_is_indexed_under_its_hosts_name() {
    let files = files();
    let index = index(&files);
    let listed: Vec<String> = index
        .host_agents
        .iter()
        .map(|a| format!("{} `{}` {}", a.label(), a.name, a.path.display()))
        .chain(
            index
                .agents
                .iter()
                .map(|a| format!("Claude Code agent `{}` {}", a.name, a.path.display())),
        )
        .collect();
    insta::assert_snapshot!(listed.join("\n"));
    // The file name names a Copilot agent only without `name:`.
    assert!(index.copilot_agent("implementer").is_some());
    assert!(index.copilot_agent("impl").is_none());
    assert!(index.copilot_agent("legacy").is_some());
    // OpenCode and Gemini CLI agents are not Copilot's to hand off to.
    assert!(index.copilot_agent("fixer").is_none());
    assert!(!copilot_knows(&index, "scout"));
    assert!(copilot_knows(&index, "critic")); // `.claude/agents`, read by VS Code
    assert!(copilot_knows(&index, "ask")); // built-in
}

#[test]
fn copilot_entries_naming_no_agent_are_reported() {
    let files = files();
    let found = host_diagnostics(&index(&files));
    let mut out = String::new();
    for (path, d) in &found {
        let text = &files.iter().find(|f| &f.path == path).unwrap().text;
        let line = text[..d.range.start].matches('\n').count() + 1;
        out.push_str(&format!(
            "{}:{line} {} {} `{}` {}\n",
            path.display(),
            d.code,
            d.severity.as_str(),
            &text[d.range.clone()],
            d.message
        ));
        for f in &d.fixes {
            out.push_str(&format!(
                "  fix: {} -> {:?}\n",
                f.title, f.edits[0].new_text
            ));
        }
    }
    insta::assert_snapshot!(out);
    assert!(
        found
            .iter()
            .all(|(_, d)| d.code == codes::COPILOT_AGENT_UNKNOWN)
    );
    assert_every_code_shown(HOSTS_WORKSPACE, found.iter().map(|(_, d)| d.code));
}

#[test]
fn a_new_agent_resolves_the_handoff() {
    let mut files = files();
    let before = host_diagnostics(&index(&files)).len();
    files.push(WorkspaceFile {
        path: Path::new(".github/agents/ghost-writer-9000.agent.md").to_path_buf(),
        text: Cow::Borrowed("---\ndescription: Writes.\n---\nWrite.\n"),
        scope: Scope::Project { depth: 0 },
    });
    assert_eq!(host_diagnostics(&index(&files)).len(), before - 1);
}

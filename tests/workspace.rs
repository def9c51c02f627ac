//! Workspace intelligence (the pure index and its cross-file rules) over the
//! fixture workspace in `tests/fixtures/workspace/`: a project with a nested
//! package, a fake home with user agents, skills, commands and `.mcp.json`.
//!
//! The view is Claude Code's from `project/packages/web`: that package's
//! `.claude/agents` is closest (depth 0), the project's next (depth 1), then
//! the user's.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use agentls_core::workspace::{
    Index, Scope, WorkspaceFile, mcp_json_servers, workspace_diagnostics,
};
use agentls_core::{FileKind, classify};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/workspace");

/// Every file below `rel`, sorted, with paths relative to the fixture root
/// (so messages and snapshots do not depend on the checkout's location).
fn files_below(rel: &str, scope: Scope, out: &mut Vec<WorkspaceFile<'static>>) {
    let mut stack = vec![PathBuf::from(ROOT).join(rel)];
    let mut found = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                // The nested package is its own scope.
                if !path.ends_with("packages") {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "md") {
                found.push(path);
            }
        }
    }
    found.sort();
    for path in found {
        let text = std::fs::read_to_string(&path).unwrap();
        let path = path.strip_prefix(ROOT).unwrap().to_path_buf();
        out.push(WorkspaceFile {
            path,
            text: Cow::Owned(text),
            scope: scope.clone(),
        });
    }
}

fn workspace() -> Vec<WorkspaceFile<'static>> {
    let mut files = Vec::new();
    files_below(
        "project/packages/web/.claude",
        Scope::Project { depth: 0 },
        &mut files,
    );
    files_below("project/.claude", Scope::Project { depth: 1 }, &mut files);
    files_below("home/.claude", Scope::User, &mut files);
    files
}

fn servers() -> Vec<String> {
    mcp_json_servers(&std::fs::read_to_string(format!("{ROOT}/project/.mcp.json")).unwrap())
}

/// One line per finding: `path:line:col code severity `token` message`, then
/// its related notes.
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
        for r in &d.related {
            out.push_str(&format!("    note: {}\n", r.message));
        }
    }
    out
}

#[test]
fn index_lists_every_kind() {
    let files = workspace();
    let index = Index::build(&files, &servers());
    assert_eq!(index.mcp_servers, ["github"]);
    let skills: Vec<_> = index
        .skills
        .iter()
        .map(|s| (s.name.as_str(), s.model_invocable))
        .collect();
    assert_eq!(
        skills,
        [("fmt", true), ("manual-only", false), ("notes", true)]
    );
    let commands: Vec<_> = index.commands.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(commands, ["git:commit"]);
    // Agents are listed whether they load or not; `ghost` has no description.
    let agents: Vec<_> = index
        .agents
        .iter()
        .map(|a| (a.name.as_str(), a.loads, a.description.as_str()))
        .collect();
    assert_eq!(
        agents,
        [
            ("personal", true, "A user agent nobody shadows."),
            ("reviewer", false, "My personal reviewer."),
            (
                "Explore",
                true,
                "Our own explorer, replacing the built-in one."
            ),
            ("ghost", false, ""),
            ("helper", false, "Helps with small tasks."),
            ("reviewer", true, "Reviews pull requests for correctness."),
            ("twin", true, "First of two files with one name."),
            ("twin", false, "Second of two files with one name."),
            ("helper", true, "The web package's own helper."),
        ]
    );
    let reviewer = index
        .agents
        .iter()
        .find(|a| a.path.ends_with("project/.claude/agents/reviewer.md"))
        .unwrap();
    assert_eq!(reviewer.name_position, (2, 7));
}

#[test]
fn precedence() {
    let files = workspace();
    let index = Index::build(&files, &servers());
    let winner = |name: &str| index.agent(name).map(|a| (a.path.clone(), a.scope.clone()));
    // Project beats user.
    assert_eq!(
        winner("reviewer"),
        Some((
            PathBuf::from("project/.claude/agents/reviewer.md"),
            Scope::Project { depth: 1 }
        ))
    );
    // The `.claude/agents` closest to the working directory beats its parent's.
    assert_eq!(
        winner("helper"),
        Some((
            PathBuf::from("project/packages/web/.claude/agents/helper.md"),
            Scope::Project { depth: 0 }
        ))
    );
    // A user agent with no rival wins its name.
    assert_eq!(winner("personal").map(|w| w.1), Some(Scope::User));
    // A file Claude Code skips resolves nothing.
    assert_eq!(winner("ghost"), None);
    // Identity is the `name` field, never the file name.
    assert!(index.agent("explore").is_none());
    assert!(index.agent("Explore").is_some());
}

#[test]
fn plugin_agents_are_namespaced_and_lose_to_users() {
    let agent = |path: &str, name: &str, scope: Scope| WorkspaceFile {
        path: PathBuf::from(path),
        text: Cow::Owned(format!("---\nname: {name}\ndescription: d\n---\nBody.\n")),
        scope,
    };
    let files = vec![
        agent(
            "plug/agents/fmt.md",
            "fmt",
            Scope::Plugin {
                plugin: "plug".into(),
            },
        ),
        agent("home/.claude/agents/fmt.md", "fmt", Scope::User),
        agent("home/.claude/agents/caller.md", "caller", Scope::User),
    ];
    let index = Index::build(&files, &[]);
    assert_eq!(
        index.agent("plug:fmt").unwrap().path,
        Path::new("plug/agents/fmt.md")
    );
    assert_eq!(index.agent("fmt").unwrap().scope, Scope::User);
    // Different registered names: no shadowing between plugin and user.
    assert!(workspace_diagnostics(&index).is_empty());
}

#[test]
fn diagnostics_snapshot() {
    let files = workspace();
    let index = Index::build(&files, &servers());
    let found = workspace_diagnostics(&index);
    insta::assert_snapshot!("workspace_diagnostics", render(&files, &found));
}

#[test]
fn descriptions_budget_only_for_large_setups() {
    let make = |n: usize, chars: usize| -> Vec<WorkspaceFile<'static>> {
        (0..n)
            .map(|i| WorkspaceFile {
                path: PathBuf::from(format!(".claude/agents/a{i:02}.md")),
                text: Cow::Owned(format!(
                    "---\nname: a{i:02}\ndescription: {}\n---\nBody.\n",
                    "x".repeat(chars)
                )),
                scope: Scope::Project { depth: 0 },
            })
            .collect()
    };
    let small = make(10, 100);
    assert!(workspace_diagnostics(&Index::build(&small, &[])).is_empty());
    let large = make(20, 1000);
    let found = workspace_diagnostics(&Index::build(&large, &[]));
    assert_eq!(found.len(), 20);
    assert_eq!(found[0].1.code, "AG066");
    assert_eq!(&large[0].text[found[0].1.range.clone()], "description");
    assert!(
        found[0].1.message.starts_with(
            "20 agents' descriptions are loaded into every session: ≈5000 tokens in total (this one ≈250)"
        ),
        "{}",
        found[0].1.message
    );
}

#[test]
fn kinds_and_bad_input_never_panic() {
    assert_eq!(
        classify(Path::new(".claude/commands/a/b/c.MD")),
        FileKind::ClaudeCommand {
            name: "a:b:c".into()
        }
    );
    assert!(mcp_json_servers("{not json").is_empty());
    assert!(mcp_json_servers("[1, 2]").is_empty());
    let odd = [
        "",
        "---\n",
        "---\nname: [a\n---\n",
        "---\nname: x\ndescription: d\ntools: Agent(, Task(\nskills: 3\nmcpServers: {a: 1}\n---\n",
        "---\nname: x\ndescription: d\ntools: [mcp__, 'Agent()', Task(*)]\nskills: 'a, , b'\n---\n",
    ];
    let files: Vec<_> = odd
        .iter()
        .enumerate()
        .map(|(i, t)| WorkspaceFile {
            path: PathBuf::from(format!(".claude/agents/{i}.md")),
            text: Cow::Borrowed(*t),
            scope: Scope::Project { depth: 0 },
        })
        .collect();
    let index = Index::build(&files, &[]);
    for (path, d) in workspace_diagnostics(&index) {
        let text = &files.iter().find(|f| f.path == path).unwrap().text;
        assert!(text.get(d.range.clone()).is_some(), "{d:?}");
    }
}

/// Every workspace code is shown by the fixture workspace or the budget test
/// (the counterpart of `every_code_has_a_fixture` for single files).
#[test]
fn every_workspace_code_is_exercised() {
    let files = workspace();
    let index = Index::build(&files, &servers());
    let mut seen: std::collections::BTreeSet<&str> = workspace_diagnostics(&index)
        .iter()
        .map(|(_, d)| d.code)
        .collect();
    seen.insert(agentls_core::codes::DESCRIPTIONS_BUDGET);
    for info in agentls_core::codes::WORKSPACE {
        assert!(seen.contains(info.code), "{} not exercised", info.code);
        assert_eq!(
            agentls_core::codes::lookup(info.code).map(|c| c.name),
            Some(info.name)
        );
    }
}

/// Many copies of one name: every file is reported, with a bounded number
/// of notes (no n² output).
#[test]
fn duplicate_notes_are_capped() {
    let files: Vec<_> = (0..6)
        .map(|i| WorkspaceFile {
            path: PathBuf::from(format!(".claude/agents/copy-{i}.md")),
            text: Cow::Borrowed("---\nname: same\ndescription: d\n---\nBody.\n"),
            scope: Scope::Project { depth: 0 },
        })
        .collect();
    let found = workspace_diagnostics(&Index::build(&files, &[]));
    assert_eq!(found.len(), 6);
    let notes: Vec<_> = found[0]
        .1
        .related
        .iter()
        .map(|r| r.message.as_str())
        .collect();
    assert_eq!(
        notes,
        [
            "also named `same` at .claude/agents/copy-1.md:2:7",
            "also named `same` at .claude/agents/copy-2.md:2:7",
            "also named `same` at .claude/agents/copy-3.md:2:7",
            "and 2 more files named `same`",
        ]
    );
    assert!(
        found[0]
            .1
            .message
            .starts_with("6 files under this agents folder")
    );
}

//! `agentls check` and the server find the same files: both walk with
//! `discover.rs`. A tree that exercises every rule of the walk (ignore files,
//! the project's own `.claude` always read, hidden and vendored folders,
//! a symlink loop, a FIFO, a dangling link, nested projects, a plugin) is
//! checked from the command line and indexed by the server, and the agent
//! files each lists must be the same.

mod lsp_support;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use lsp_support::Enc;
use lsp_support::workspace::{Init, TempWorkspace, start_in};
use serde_json::{Value, json};

fn agent(name: &str) -> String {
    format!("---\nname: {name}\ndescription: Does {name}.\n---\nBody.\n")
}

fn tree() -> TempWorkspace {
    let ws = TempWorkspace::new("discovery");
    ws.write(
        ".gitignore",
        "vendor/\n.claude/agents/private.md\n*.tmp.md\n",
    );
    ws.write("pkg/.gitignore", "!keep.tmp.md\n");
    for (rel, name) in [
        (".claude/agents/a.md", "a"),
        (".claude/agents/private.md", "private"),
        (".claude/agents/team/t.md", "t"),
        ("pkg/.claude/agents/p.md", "p"),
        ("pkg/.claude/agents/x.tmp.md", "ignored-tmp"),
        ("pkg/.claude/agents/keep.tmp.md", "kept-tmp"),
        ("pkg/sub/.claude/agents/s.md", "s"),
        ("plugins/tools/agents/plug.md", "plug"),
        ("vendor/.claude/agents/v.md", "vendored"),
        ("node_modules/x/.claude/agents/n.md", "node"),
        (".hidden/.claude/agents/h.md", "hidden"),
        ("target/.claude/agents/b.md", "built"),
    ] {
        ws.write(rel, agent(name));
    }
    ws.write("docs/readme.md", "# Not an agent\n");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(ws.root(), ws.path(".claude/agents/loop")).unwrap();
        std::os::unix::fs::symlink(ws.path("nowhere.md"), ws.path("pkg/.claude/agents/gone.md"))
            .unwrap();
        let fifo = ws.path(".claude/agents/pipe.md");
        let made = Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    }
    ws
}

/// Agent files `agentls check` (no paths, run in the root) reports.
fn checked(root: &Path) -> BTreeSet<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_agentls"))
        .args(["check", "--format", "json"])
        .current_dir(root)
        .env("AGENTLS_HOME", "/nonexistent/agentls-test-home")
        .output()
        .expect("run agentls check");
    let json: Value = serde_json::from_slice(&out.stdout).expect("json output");
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

/// Agent files the server's index holds (workspace symbols of kind class).
fn indexed(ws: &TempWorkspace) -> BTreeSet<String> {
    let (mut c, _) = start_in(ws, Init::new(Enc::Utf16));
    let r = c.request("workspace/symbol", json!({ "query": "" }));
    let prefix = format!("{}/", ws.root_uri());
    r["result"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == 5)
        .map(|s| {
            let uri = s["location"]["uri"].as_str().unwrap();
            uri.strip_prefix(&prefix).unwrap_or(uri).to_string()
        })
        .collect()
}

#[test]
fn check_and_the_server_find_the_same_files() {
    let ws = tree();
    let from_check = checked(ws.root());
    let from_server = indexed(&ws);
    let want: BTreeSet<String> = [
        ".claude/agents/a.md",
        ".claude/agents/private.md",
        ".claude/agents/team/t.md",
        "pkg/.claude/agents/keep.tmp.md",
        "pkg/.claude/agents/p.md",
        "pkg/sub/.claude/agents/s.md",
        "plugins/tools/agents/plug.md",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(from_check, want);
    assert_eq!(from_server, want);
}

//! A FIFO where the project expects a file never hangs anything (issue 11:
//! `check` blocked forever in `open` on a FIFO `.mcp.json`). One workspace
//! holds a FIFO at every place a file is read: an agent, a skill, a
//! command, `.mcp.json`, the user's `~/.claude.json`, a user agent and
//! skill, and a file the body references (hover previews). Nobody ever
//! writes to them, so a blocking open would wait forever; every run here
//! has a deadline instead.
#![cfg(unix)]

mod lsp_support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use lsp_support::Enc;
use lsp_support::workspace::{Init, TempWorkspace, start_in};
use serde_json::json;

const DEADLINE: Duration = Duration::from_secs(30);

const AGENT: &str = "---\nname: a\ndescription: Reviews code.\ntools: Read, mcp__jira__search\n\
skills: s\n---\nRead @docs/real.md and @docs/pipe.md first.\n";

fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let made = Command::new("mkfifo").arg(path).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", path.display());
}

fn workspace() -> TempWorkspace {
    let ws = TempWorkspace::new("fifo");
    ws.write(".claude/agents/a.md", AGENT);
    ws.write("docs/real.md", "# Real\nline two\n");
    for rel in [
        ".claude/agents/pipe.md",
        ".claude/skills/s/SKILL.md",
        ".claude/commands/pipe.md",
        ".mcp.json",
        "docs/pipe.md",
    ] {
        mkfifo(&ws.path(rel));
    }
    for rel in [
        "home/.claude.json",
        "home/.claude/agents/pipe.md",
        "home/.claude/skills/u/SKILL.md",
    ] {
        mkfifo(&ws.beside(rel));
    }
    ws
}

/// `agentls check <args>` in the workspace; stdout and exit code, or a
/// failure when it outlives the deadline.
fn check(ws: &TempWorkspace, args: &[&str]) -> (String, i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_agentls"))
        .current_dir(ws.root())
        .env("AGENTLS_HOME", ws.beside("home"))
        .env("NO_COLOR", "1")
        .arg("check")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let t0 = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let out = child.wait_with_output().unwrap();
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            return (text, status.code().unwrap_or(-1));
        }
        if t0.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("`agentls check {args:?}` hung on a FIFO");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn check_never_blocks_on_a_fifo() {
    let ws = workspace();
    for args in [
        &[][..],
        &["."],
        &[".claude/agents/a.md"],
        &[".claude/agents/pipe.md"],
    ] {
        let (out, code) = check(&ws, args);
        assert!(
            code == 0 || code == 1 || code == 2,
            "{args:?}: {code}\n{out}"
        );
        if args != [".claude/agents/pipe.md"] {
            assert!(out.contains(".claude/agents/a.md"), "{args:?}\n{out}");
        }
    }
    // Named on the command line, the FIFO is reported, not waited for.
    let (out, code) = check(&ws, &[".claude/agents/pipe.md"]);
    assert_eq!(code, 2, "{out}");
}

#[test]
fn the_server_never_blocks_on_a_fifo() {
    let ws = workspace();
    let mut init = Init::new(Enc::Utf16);
    init.home = Some(ws.beside("home"));
    // `start_in` waits for the first scan, which reads every place above.
    let (mut c, _) = start_in(&ws, init);
    let uri = ws.uri(".claude/agents/a.md");
    c.open(&uri, AGENT, 1);
    c.diagnostics(&uri, Some(1));
    let line = 6;
    let hover_at = |c: &mut lsp_support::Client, word: &str| {
        let character = AGENT.lines().nth(line).unwrap().find(word).unwrap() + 2;
        c.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        )
    };
    // The regular file is previewed (so previews are on); the FIFO is not.
    let real = hover_at(&mut c, "docs/real.md");
    assert!(
        real["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("line two")),
        "{real}"
    );
    let pipe = hover_at(&mut c, "docs/pipe.md");
    assert!(pipe.get("error").is_none(), "{pipe}");
    let links = c.request(
        "textDocument/documentLink",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert!(links.get("error").is_none(), "{links}");
    // Other requests that read the workspace.
    let r = c.request("workspace/symbol", json!({ "query": "" }));
    assert!(r["result"].is_array(), "workspace/symbol: {r}");
    c.assert_alive();
    assert_eq!(c.shutdown().code(), Some(0));
}

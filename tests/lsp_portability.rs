//! Portability in the editor, end to end through the real binary: with
//! `hosts` naming Copilot, a Claude Code agent shows what VS Code's Copilot
//! cannot use (AG230, AG231) on the exact characters; with `hosts` naming
//! Claude Code alone it shows none of it.

mod lsp_support;

use lsp_support::workspace::{Init, TempWorkspace, start_in};
use lsp_support::{Client, Enc};
use serde_json::{Value, json};

const AGENT: &str = "---\nname: reviewer\ndescription: Reviews diffs.\n\
                     tools: Read, Bash(git diff:*)\nmodel: sonnet\n---\nReview.\n";

fn open_agent(ws: &TempWorkspace) -> (Client, Vec<Value>) {
    ws.write(".claude/agents/reviewer.md", AGENT);
    let (mut c, _) = start_in(ws, Init::new(Enc::Utf16));
    let uri = ws.uri(".claude/agents/reviewer.md");
    c.open(&uri, AGENT, 1);
    let diags = c.diagnostics(&uri, Some(1));
    (c, diags)
}

fn find<'a>(diags: &'a [Value], code: &str) -> Option<&'a Value> {
    diags.iter().find(|d| d["code"] == code)
}

#[test]
fn hosts_naming_copilot_show_what_copilot_cannot_use() {
    let ws = TempWorkspace::new("port-copilot");
    ws.write("agentls.toml", "hosts = [\"claude-code\", \"copilot\"]\n");
    let (_c, diags) = open_agent(&ws);
    let tool = find(&diags, "AG230").unwrap_or_else(|| panic!("{diags:?}"));
    assert_eq!(tool["severity"], 2);
    // `Bash(git diff:*)` on line 3 (0-based), after `tools: Read, `.
    assert_eq!(
        tool["range"],
        json!({ "start": { "line": 3, "character": 13 }, "end": { "line": 3, "character": 29 } })
    );
    let model = find(&diags, "AG231").unwrap_or_else(|| panic!("{diags:?}"));
    assert_eq!(model["severity"], 3);
    assert_eq!(
        model["range"],
        json!({ "start": { "line": 4, "character": 7 }, "end": { "line": 4, "character": 13 } })
    );
}

#[test]
fn hosts_naming_claude_code_alone_show_none() {
    let ws = TempWorkspace::new("port-claude");
    ws.write("agentls.toml", "hosts = [\"claude-code\"]\n");
    ws.write(
        ".github/agents/helper.agent.md",
        "---\ndescription: Helps.\n---\nHelp.\n",
    );
    let (_c, diags) = open_agent(&ws);
    assert!(find(&diags, "AG230").is_none(), "{diags:?}");
    assert!(find(&diags, "AG231").is_none(), "{diags:?}");
}

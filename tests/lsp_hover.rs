//! Hover and document links end to end: the real `agentls lsp` binary, a
//! workspace folder on disk, positions in UTF-16.

mod lsp_support;

use std::ops::Range;

use lsp_support::workspace::{Init, TempWorkspace, start_in};
use lsp_support::{Client, Enc, nth_range, position, range};
use serde_json::{Value, json};

/// A throwaway workspace: `.claude/agents/`, `docs/notes.md`, and (on Unix)
/// `docs/escape.md`, a symlink to `secret/key.md` beside the workspace
/// folder, outside it. Removed on drop.
fn workspace(tag: &str) -> TempWorkspace {
    let ws = TempWorkspace::new(&format!("hover-{tag}"));
    std::fs::create_dir_all(ws.path(".claude/agents")).unwrap();
    let notes: String = (1..=30).map(|i| format!("note line {i}\n")).collect();
    ws.write("docs/notes.md", notes);
    let key = ws.write_beside("secret/key.md", "TOP SECRET\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink(key, ws.path("docs/escape.md")).unwrap();
    ws
}

const AGENT: &str = "---
name: a
description: Test agent.
tools: Read, Grep
---
# Guide

## Steps

1. Read `docs/notes.md` first.
2. Never open @../../etc/passwd, `docs/missing.md` or `docs/escape.md`.

🧠🧠 then check `docs/notes.md` again.
";

/// Spawn, initialize with the workspace folder (UTF-16), write and open the
/// agent file and wait for its diagnostics so it is known to the server.
fn start(ws: &TempWorkspace) -> (Client, String) {
    let (mut c, result) = start_in(ws, Init::new(Enc::Utf16));
    assert_eq!(result["capabilities"]["hoverProvider"], true);
    let uri = ws.uri(".claude/agents/a.md");
    ws.write(".claude/agents/a.md", AGENT);
    c.open(&uri, AGENT, 1);
    c.diagnostics(&uri, Some(1));
    (c, uri)
}

/// Hover at byte `offset` of [`AGENT`]: (markdown, range).
fn hover(c: &mut Client, uri: &str, offset: usize) -> Option<(String, Value)> {
    let resp = c.request(
        "textDocument/hover",
        json!({
            "textDocument": { "uri": uri },
            "position": position(AGENT, offset, Enc::Utf16),
        }),
    );
    let result = resp.get("result")?;
    if result.is_null() {
        return None;
    }
    assert_eq!(result["contents"]["kind"], "markdown", "{result}");
    Some((
        result["contents"]["value"].as_str()?.to_string(),
        result["range"].clone(),
    ))
}

/// Byte range of the `nth` (0-based) occurrence of `needle` in [`AGENT`].
fn find(needle: &str, nth: usize) -> Range<usize> {
    nth_range(AGENT, needle, nth)
}

#[test]
fn hover_over_keys_tools_headings_and_files() {
    let ws = workspace("hover");
    let (mut c, uri) = start(&ws);

    let tool = find("Grep", 0);
    let (md, r) = hover(&mut c, &uri, tool.start + 1).expect("tool hover");
    assert!(md.contains("Searches file contents"), "{md}");
    assert_eq!(r, range(AGENT, &tool, Enc::Utf16));

    let key = find("tools", 0);
    let (md, r) = hover(&mut c, &uri, key.start).expect("key hover");
    assert!(
        md.contains("front-matter key") && md.contains("Default"),
        "{md}"
    );
    assert_eq!(r, range(AGENT, &key, Enc::Utf16));

    let heading = find("## Steps", 0);
    let (md, r) = hover(&mut c, &uri, heading.start + 4).expect("heading hover");
    assert!(md.contains("Guide › Steps"), "{md}");
    assert!(md.contains("`docs/notes.md` — exists"), "{md}");
    assert!(md.contains("`docs/missing.md` — not found"), "{md}");
    assert!(md.contains("outside the workspace"), "{md}");
    assert_eq!(r, range(AGENT, &heading, Enc::Utf16));

    let file = find("docs/notes.md", 0);
    let (md, r) = hover(&mut c, &uri, file.start + 2).expect("file hover");
    assert!(
        md.contains("note line 1\n") && md.contains("note line 15\n"),
        "{md}"
    );
    assert!(!md.contains("note line 16"), "capped at 15 lines: {md}");
    assert_eq!(r, range(AGENT, &file, Enc::Utf16));

    let missing = find("docs/missing.md", 0);
    let (md, _) = hover(&mut c, &uri, missing.start).expect("missing hover");
    assert!(md.contains("not found"), "{md}");

    assert!(c.shutdown().success());
}

/// `../../etc/passwd` and a symlink pointing out of the workspace are named,
/// never read.
#[test]
fn references_outside_the_workspace_are_not_read() {
    let ws = workspace("outside");
    let (mut c, uri) = start(&ws);

    let passwd = find("../../etc/passwd", 0);
    let (md, r) = hover(&mut c, &uri, passwd.start + 3).expect("outside hover");
    assert!(md.contains("outside the workspace"), "{md}");
    assert!(!md.contains("root:") && !md.contains("```"), "{md}");
    assert_eq!(r, range(AGENT, &passwd, Enc::Utf16));

    if cfg!(unix) {
        let escape = find("docs/escape.md", 0);
        let (md, _) = hover(&mut c, &uri, escape.start).expect("symlink hover");
        assert!(md.contains("outside the workspace"), "{md}");
        assert!(!md.contains("TOP SECRET"), "{md}");
    }
    assert!(c.shutdown().success());
}

/// Two emoji (four UTF-16 units) before the token: the range is in UTF-16.
#[test]
fn hover_range_after_emoji_is_utf16() {
    let ws = workspace("emoji");
    let (mut c, uri) = start(&ws);
    let file = find("docs/notes.md", 1);
    let line_start = AGENT[..file.start].rfind('\n').unwrap() + 1;
    assert!(AGENT[line_start..file.start].contains('🧠'));
    let (md, r) = hover(&mut c, &uri, file.start + 1).expect("hover after emoji");
    assert!(md.contains("note line 1"), "{md}");
    // "🧠🧠 then check `" is 2 + 2 + 13 = 17 UTF-16 units (25 bytes).
    assert_eq!(r["start"]["character"], 17, "{r}");
    assert_eq!(r["end"]["character"], 17 + "docs/notes.md".len(), "{r}");
    assert!(c.shutdown().success());
}

#[test]
fn document_links_point_at_existing_files_only() {
    let ws = workspace("links");
    let (mut c, uri) = start(&ws);
    let resp = c.request(
        "textDocument/documentLink",
        json!({ "textDocument": { "uri": uri } }),
    );
    let links = resp["result"].as_array().cloned().unwrap_or_default();
    let notes = ws.uri("docs/notes.md");
    let want: Vec<Value> = [find("docs/notes.md", 0), find("docs/notes.md", 1)]
        .iter()
        .map(|r| json!({ "range": range(AGENT, r, Enc::Utf16), "target": notes }))
        .collect();
    assert_eq!(links, want);
    assert!(c.shutdown().success());
}

/// Without a workspace folder the root is the folder above `.claude`.
#[test]
fn root_falls_back_to_the_folder_above_dot_claude() {
    let ws = workspace("noroot");
    let (mut c, _) = Client::start(Some(&["utf-16"]));
    let uri = ws.uri(".claude/agents/a.md");
    c.open(&uri, AGENT, 1);
    c.diagnostics(&uri, Some(1));
    let file = find("docs/notes.md", 0);
    let (md, _) = hover(&mut c, &uri, file.start).expect("file hover");
    assert!(md.contains("note line 1"), "{md}");
    assert!(ws.path("docs/notes.md").exists());
    assert!(c.shutdown().success());
}

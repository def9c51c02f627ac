//! Hover and document links end to end: the real `agentls lsp` binary, a
//! workspace folder on disk, positions in UTF-16.

mod lsp_support;

use std::path::{Path, PathBuf};

use lsp_support::{Client, Enc, position, range};
use serde_json::{Value, json};

/// A throwaway workspace: `.claude/agents/a.md`, `docs/notes.md`, and (on
/// Unix) `docs/escape.md`, a symlink to a file outside it. Removed on drop.
struct Workspace {
    root: PathBuf,
    outside: PathBuf,
}

impl Workspace {
    fn new(tag: &str) -> Workspace {
        let unique = format!(
            "agentls-{tag}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        );
        let base = std::env::temp_dir().join(unique);
        let root = base.join("ws");
        let outside = base.join("secret");
        std::fs::create_dir_all(root.join(".claude/agents")).unwrap();
        std::fs::create_dir_all(root.join("docs")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        let notes: String = (1..=30).map(|i| format!("note line {i}\n")).collect();
        std::fs::write(root.join("docs/notes.md"), notes).unwrap();
        std::fs::write(outside.join("key.md"), "TOP SECRET\n").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(outside.join("key.md"), root.join("docs/escape.md")).unwrap();
        Workspace {
            root: root.canonicalize().unwrap(),
            outside,
        }
    }

    fn uri(&self, rel: &str) -> String {
        format!("file://{}", self.root.join(rel).display())
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        if let Some(base) = self.outside.parent() {
            let _ = std::fs::remove_dir_all(base);
        }
    }
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

/// Spawn, initialize with `root` as the workspace folder (UTF-16), open the
/// agent file and wait for its diagnostics so it is known to the server.
fn start(ws: &Workspace) -> (Client, String) {
    let mut c = Client::spawn();
    let root_uri = format!("file://{}", ws.root.display());
    let resp = c.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root_uri,
            "workspaceFolders": [{ "uri": root_uri, "name": "ws" }],
            "capabilities": { "general": { "positionEncodings": ["utf-16"] } },
        }),
    );
    assert_eq!(resp["result"]["capabilities"]["hoverProvider"], true);
    c.notify("initialized", json!({}));
    let uri = ws.uri(".claude/agents/a.md");
    std::fs::write(ws.root.join(".claude/agents/a.md"), AGENT).unwrap();
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
fn find(needle: &str, nth: usize) -> std::ops::Range<usize> {
    let start = AGENT
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle} #{nth}"))
        .0;
    start..start + needle.len()
}

#[test]
fn hover_over_keys_tools_headings_and_files() {
    let ws = Workspace::new("hover");
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
    let ws = Workspace::new("outside");
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
    let ws = Workspace::new("emoji");
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
    let ws = Workspace::new("links");
    let (mut c, uri) = start(&ws);
    let resp = c.request(
        "textDocument/documentLink",
        json!({ "textDocument": { "uri": uri } }),
    );
    let links = resp["result"].as_array().cloned().unwrap_or_default();
    let notes = format!("file://{}", ws.root.join("docs/notes.md").display());
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
    let ws = Workspace::new("noroot");
    let (mut c, _) = Client::start(Some(&["utf-16"]));
    let uri = ws.uri(".claude/agents/a.md");
    c.open(&uri, AGENT, 1);
    c.diagnostics(&uri, Some(1));
    let file = find("docs/notes.md", 0);
    let (md, _) = hover(&mut c, &uri, file.start).expect("file hover");
    assert!(md.contains("note line 1"), "{md}");
    assert!(Path::new(&ws.root).join("docs/notes.md").exists());
    assert!(c.shutdown().success());
}

//! A panic anywhere in the server is a bug to report, never the server's
//! end: a request handler that panics is answered with an error and logged
//! with the method and the file; an index change that panics drops the
//! index, which is built again from scratch (never kept half updated).
//!
//! The panics are injected: debug builds (the ones `cargo test` runs) panic
//! once at the site `AGENTLS_INJECT_PANIC` names (`site@path fragment`).

mod lsp_support;

use std::time::Duration;

use lsp_support::workspace::{Init, TempWorkspace, start_in};
use lsp_support::{Client, Enc, TIMEOUT};
use serde_json::{Value, json};

const LEAD: &str = "---\nname: lead\ndescription: Leads.\ntools: Read, Agent(reviewer)\n---\nAsk the reviewer agent.\n";
const REVIEWER: &str =
    "---\nname: reviewer\ndescription: Reviews.\ntools: Read, MultiEdit\n---\nReview.\n";

fn workspace() -> TempWorkspace {
    let ws = TempWorkspace::new("faults");
    ws.write(".claude/agents/lead.md", LEAD);
    ws.write(".claude/agents/reviewer.md", REVIEWER);
    ws
}

fn start(ws: &TempWorkspace, inject: &str) -> Client {
    let mut init = Init::new(Enc::Utf16);
    init.env.push(("AGENTLS_INJECT_PANIC", inject.to_string()));
    start_in(ws, init).0
}

fn hover(c: &mut Client, uri: &str, line: u32, character: u32) -> Value {
    c.request(
        "textDocument/hover",
        json!({
            "textDocument": { "uri": uri },
            "position": { "line": line, "character": character },
        }),
    )
}

/// The first `window/logMessage` whose text contains every one of `words`.
fn logged(c: &mut Client, words: &[&str]) -> Option<String> {
    c.wait_for(TIMEOUT, |m| {
        m["method"] == "window/logMessage"
            && words
                .iter()
                .all(|w| m["params"]["message"].as_str().unwrap_or("").contains(w))
    })
    .map(|m| m["params"]["message"].as_str().unwrap_or("").to_string())
}

fn agent_names(c: &mut Client) -> Vec<String> {
    let r = c.request("workspace/symbol", json!({ "query": "" }));
    let mut names: Vec<String> = r["result"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|s| s["kind"] == 5)
                .filter_map(|s| s["name"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_panicking_request_is_answered_with_an_error_and_logged() {
    let ws = workspace();
    let mut c = start(&ws, "textDocument/hover@reviewer.md");
    let uri = ws.uri(".claude/agents/reviewer.md");
    c.open(&uri, REVIEWER, 1);
    // On `MultiEdit` in `tools`.
    let r = hover(&mut c, &uri, 3, 14);
    assert_eq!(r["error"]["code"], -32603, "{r}");
    let message = r["error"]["message"].as_str().unwrap_or("");
    assert!(
        message.contains("textDocument/hover") && message.contains("reviewer.md"),
        "{message}"
    );
    let log = logged(
        &mut c,
        &["textDocument/hover", "reviewer.md", "injected panic"],
    );
    assert!(log.is_some(), "the panic was not logged");
    // The server goes on: the same hover now answers, and so does the rest.
    let r = hover(&mut c, &uri, 3, 14);
    let card = r["result"]["contents"]["value"].as_str().unwrap_or("");
    assert!(card.contains("removed tool"), "{r}");
    assert_eq!(agent_names(&mut c), ["lead", "reviewer"]);
    c.assert_alive();
}

#[test]
fn a_panicking_index_update_rebuilds_the_index_from_scratch() {
    let ws = workspace();
    let mut c = start(&ws, "index update@lead.md");
    assert_eq!(agent_names(&mut c), ["lead", "reviewer"]);
    let uri = ws.uri(".claude/agents/lead.md");
    // Opening the file updates the index from its analysis: that update
    // panics, and its diagnostics are still published.
    let renamed = LEAD.replace("name: lead", "name: leader");
    c.open(&uri, &renamed, 1);
    let diags = c.diagnostics(&uri, Some(1));
    assert!(diags.iter().all(|d| d["code"] != "AG010"), "{diags:?}");
    let log = logged(
        &mut c,
        &["index update failed", "lead.md", "rebuilt from scratch"],
    );
    assert!(log.is_some(), "the lost index was not reported");
    // The scan from scratch lays the open document over the disk.
    let deadline = std::time::Instant::now() + TIMEOUT;
    loop {
        let names = agent_names(&mut c);
        if names == ["leader", "reviewer"] {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "index not rebuilt: {names:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // Cross-file findings are back: `Agent(reviewer)` resolves, and a
    // definition request answers from the new index.
    let r = c.request(
        "textDocument/definition",
        json!({
            "textDocument": { "uri": uri },
            "position": { "line": 3, "character": 26 },
        }),
    );
    let target = r["result"]["uri"].as_str().unwrap_or("");
    assert!(target.ends_with("reviewer.md"), "{r}");
    c.assert_alive();
}

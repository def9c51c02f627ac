//! The project configuration (`agentls.toml`) in the server, end to end
//! through the real binary: rules turned off or given another severity,
//! per-folder overrides, `exclude`, the file's own findings published, and
//! a change to it applied to every open document.

mod lsp_support;

use lsp_support::workspace::{Init, TempWorkspace, start_in};
use lsp_support::{Client, Enc, TIMEOUT};
use serde_json::{Value, json};

/// An unknown key (AG015, warning) and a name not in kebab case (AG023, hint).
const AGENT: &str = "---\nname: Reviewer\ndescription: Reviews diffs.\ncolour: red\n---\nReview.\n";

fn start(ws: &TempWorkspace) -> Client {
    let mut init = Init::new(Enc::Utf16);
    init.capabilities["workspace"]["didChangeWatchedFiles"] =
        json!({ "dynamicRegistration": true });
    let (mut c, _) = start_in(ws, init);
    c.wait_for(TIMEOUT, |m| m["method"] == "client/registerCapability")
        .expect("the server registers file watchers");
    c
}

/// `(code, severity)` of each diagnostic.
fn codes(diags: &[Value]) -> Vec<(String, i64)> {
    diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["severity"].as_i64().unwrap_or_default(),
            )
        })
        .collect()
}

fn has(diags: &[Value], code: &str) -> Option<i64> {
    codes(diags)
        .into_iter()
        .find(|(c, _)| c == code)
        .map(|c| c.1)
}

#[test]
fn rules_turn_codes_off_or_change_their_severity_and_the_file_reports_its_own_mistakes() {
    let ws = TempWorkspace::new("config-rules");
    ws.write(
        "agentls.toml",
        "[rules]\nAG015 = \"off\"\nname-style = \"error\"\nbogus = 1\n",
    );
    ws.write(".claude/agents/reviewer.md", AGENT);
    let mut c = start(&ws);

    let config = c.diagnostics(&ws.uri("agentls.toml"), None);
    assert_eq!(codes(&config), [("AG083".to_string(), 2)], "{config:?}");
    assert_eq!(
        config[0]["range"]["start"],
        json!({ "line": 3, "character": 0 })
    );

    let uri = ws.uri(".claude/agents/reviewer.md");
    c.open(&uri, AGENT, 1);
    let diags = c.diagnostics(&uri, Some(1));
    assert_eq!(has(&diags, "AG015"), None, "turned off: {diags:?}");
    assert_eq!(has(&diags, "AG023"), Some(1), "raised to error: {diags:?}");

    // Edited on disk: the open document is published again with the new
    // rules, and the configuration's findings are cleared.
    ws.write("agentls.toml", "[rules]\nunknown-key = \"info\"\n");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": ws.uri("agentls.toml"), "type": 2 }] }),
    );
    let republished = c
        .wait_for(TIMEOUT, |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri.as_str()
                && has(m["params"]["diagnostics"].as_array().unwrap(), "AG015") == Some(3)
        })
        .expect("the document is published again under the new configuration");
    let diags = republished["params"]["diagnostics"].as_array().unwrap();
    assert_eq!(
        has(diags, "AG023"),
        Some(4),
        "back to its own severity: {diags:?}"
    );
    let config = c.diagnostics(&ws.uri("agentls.toml"), None);
    assert!(config.is_empty(), "{config:?}");
    c.assert_alive();
}

#[test]
fn overrides_hold_for_their_folders_and_excluded_files_are_left_alone() {
    let ws = TempWorkspace::new("config-overrides");
    ws.write(
        "agentls.toml",
        "exclude = [\"vendor\"]\n\n[[overrides]]\nfiles = [\"legacy/**\"]\nrules = { AG015 = \"off\" }\n",
    );
    ws.write(".claude/agents/reviewer.md", AGENT);
    ws.write("legacy/.claude/agents/old.md", AGENT);
    let vendored = AGENT.replace("Reviewer", "vendored");
    ws.write("vendor/pkg/.claude/agents/vendored.md", &vendored);
    let mut c = start(&ws);

    let here = ws.uri(".claude/agents/reviewer.md");
    c.open(&here, AGENT, 1);
    assert_eq!(has(&c.diagnostics(&here, Some(1)), "AG015"), Some(2));

    let legacy = ws.uri("legacy/.claude/agents/old.md");
    c.open(&legacy, AGENT, 1);
    let diags = c.diagnostics(&legacy, Some(1));
    assert_eq!(has(&diags, "AG015"), None, "{diags:?}");
    assert_eq!(has(&diags, "AG023"), Some(4), "other codes stay: {diags:?}");

    let vendor = ws.uri("vendor/pkg/.claude/agents/vendored.md");
    c.open(&vendor, &vendored, 1);
    assert!(c.diagnostics(&vendor, Some(1)).is_empty());
    // Not indexed either: its agent is nowhere in the workspace symbols.
    let symbols = c.request("workspace/symbol", json!({ "query": "vendored" }));
    assert_eq!(symbols["result"], json!([]), "{symbols}");
    c.assert_alive();
}

/// A closed file whose cross-file findings stay the same but which gains a
/// suppression comment on disk is published again, without the finding.
#[test]
fn a_comment_written_to_a_closed_file_is_applied() {
    let ws = TempWorkspace::new("config-closed-comment");
    let twin = "---\nname: twin\ndescription: One of two.\n---\nBody.\n";
    ws.write(".claude/agents/a.md", twin);
    ws.write(".claude/agents/b.md", twin);
    let mut c = start(&ws);
    let uri = ws.uri(".claude/agents/a.md");
    let before = c.diagnostics(&uri, None);
    assert_eq!(has(&before, "AG061"), Some(2), "{before:?}");

    ws.write(
        ".claude/agents/a.md",
        // After the keys: every finding keeps its place.
        "---\nname: twin\ndescription: One of two.\n# agentls-ignore-file: AG061\n---\nBody.\n",
    );
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri, "type": 2 }] }),
    );
    let after = c.diagnostics(&uri, None);
    assert!(after.is_empty(), "{after:?}");
    c.assert_alive();
}

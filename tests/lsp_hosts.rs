//! The server judges another host's file by that host's rules: a Copilot
//! agent opened in the editor shows Copilot's findings, none of Claude
//! Code's, is completed and hovered from Copilot's catalog, and gets
//! Copilot's semantic tokens, not Claude Code's.

mod lsp_support;

use lsp_support::{Client, Enc, expected_diagnostics, sorted};
use serde_json::json;

fn uri_of(path: &str) -> (String, std::path::PathBuf) {
    let path = std::path::PathBuf::from(path);
    (format!("file://{}", path.display()), path)
}

#[test]
fn a_copilot_agent_shows_copilot_findings_not_claude_ones() {
    let (mut c, _) = Client::start(None);
    // Claude Code would call `target` and `user-invocable` unknown (AG015)
    // and `description` fine; Copilot ignores `color` and lacks nothing.
    let text = "---\nname: planner\ndescription: Plans a change.\ntarget: vscode\n\
                user-invocable: false\ncolor: red\n---\nPlan.\n";
    let (uri, path) = uri_of("/tmp/ws-hosts/.github/agents/planner.agent.md");
    c.open(&uri, text, 1);
    let got = c.diagnostics(&uri, Some(1));
    let codes: Vec<&str> = got.iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, ["AG203"], "{got:?}");
    assert!(got[0]["message"].as_str().unwrap().contains("Copilot"));
    let want = expected_diagnostics(&uri, &path, text, Enc::Utf16);
    assert_eq!(sorted(got), sorted(want));

    // Without a description Copilot CLI skips it: an error, in Copilot's words.
    c.change(
        &uri,
        2,
        json!([{ "text": "---\nname: planner\n---\nPlan.\n" }]),
    );
    let got = c.diagnostics(&uri, Some(2));
    let codes: Vec<&str> = got.iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, ["AG202"], "{got:?}");

    // Copilot's keys offered, none of Claude Code's; Copilot's card on hover.
    let reply = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 0}}),
    );
    let result = &reply["result"];
    let items = result["items"].as_array().or(result.as_array());
    let labels: Vec<&str> = items
        .into_iter()
        .flatten()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert!(labels.contains(&"user-invocable"), "{labels:?}");
    for claude_key in ["color", "permissionMode", "disallowedTools"] {
        assert!(!labels.contains(&claude_key), "{labels:?}");
    }
    let reply = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 1}}),
    );
    let card = reply["result"]["contents"]["value"].as_str().unwrap_or("");
    assert!(card.contains("GitHub Copilot"), "{reply}");
    c.change(&uri, 3, json!([{ "text": text }]));
    let reply = c.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": uri}}),
    );
    // Copilot's tokens: only `color`, which Copilot ignores, struck through
    // (Claude Code would strike `target` and `user-invocable`).
    let data: Vec<u64> = reply["result"]["data"]
        .as_array()
        .expect("tokens")
        .iter()
        .filter_map(|v| v.as_u64())
        .collect();
    let mut line = 0;
    let struck: Vec<u64> = data
        .chunks(5)
        .filter_map(|t| {
            line += t[0];
            (t[4] & 1 == 1).then_some(line)
        })
        .collect();
    assert_eq!(struck, [5], "{data:?}");
    assert!(data.len() >= 5 * 7, "keys and values: {data:?}");

    // The same text as a Claude Code agent: Claude Code's rules.
    let (claude, _) = uri_of("/tmp/ws-hosts/.claude/agents/planner.md");
    c.open(&claude, text, 1);
    let got = c.diagnostics(&claude, Some(1));
    let codes: Vec<&str> = got.iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(codes.contains(&"AG015"), "{codes:?}");
    let reply = c.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": claude}}),
    );
    assert!(
        reply["result"]["data"]
            .as_array()
            .is_some_and(|d| !d.is_empty())
    );
    assert!(c.shutdown().success());
}

/// A Cursor rule in the editor: Cursor's findings (its unquoted globs are
/// right, its quoted `alwaysApply` is not) and Cursor's card on hover.
#[test]
fn a_cursor_rule_shows_cursor_findings_and_cards() {
    let (mut c, _) = Client::start(None);
    let text =
        "---\ndescription: TS\nglobs: src/**/*.ts, src/**/*.tsx\nalwaysApply: \"true\"\n---\nTS.\n";
    let (uri, path) = uri_of("/tmp/ws-hosts/.cursor/rules/ts.mdc");
    c.open(&uri, text, 1);
    let got = c.diagnostics(&uri, Some(1));
    let codes: Vec<&str> = got.iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, ["AG249"], "{got:?}");
    let want = expected_diagnostics(&uri, &path, text, Enc::Utf16);
    assert_eq!(sorted(got), sorted(want));
    let reply = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 1}}),
    );
    let card = reply["result"]["contents"]["value"].as_str().unwrap_or("");
    assert!(card.contains("**`globs`** (Cursor)"), "{reply}");
}

/// A Windsurf rule and a Kiro steering file in the editor: their own
/// findings (warnings, none of Claude Code's), the same as `check`, the
/// hosts' values completed and their cards on hover.
#[test]
fn windsurf_rules_and_kiro_steering_show_their_hosts_findings() {
    let (mut c, _) = Client::start(None);
    let cases = [
        (
            "/tmp/ws-hosts/.windsurf/rules/ts.md",
            "---\ntrigger: glob\ndescription: TS\n---\nStrict.\n",
            "AG254",
            "**`trigger`** (Windsurf)",
            "model_decision",
        ),
        (
            "/tmp/ws-hosts/.kiro/steering/go.md",
            "---\ninclusion: fileMatch\nname: go\n---\nGo.\n",
            "AG259",
            "**`inclusion`** (Kiro)",
            "fileMatch",
        ),
    ];
    for (version, (file, text, code, card_title, value)) in (1..).zip(cases) {
        let (uri, path) = uri_of(file);
        c.open(&uri, text, version);
        let got = c.diagnostics(&uri, Some(version));
        let codes: Vec<&str> = got.iter().filter_map(|d| d["code"].as_str()).collect();
        assert_eq!(codes, [code], "{got:?}");
        assert_eq!(got[0]["severity"], 2, "a warning: {got:?}");
        let want = expected_diagnostics(&uri, &path, text, Enc::Utf16);
        assert_eq!(sorted(got), sorted(want));
        let reply = c.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 2}}),
        );
        let card = reply["result"]["contents"]["value"].as_str().unwrap_or("");
        assert!(card.contains(card_title), "{reply}");
        // The value set on the key's line, after `key: `.
        let col = text.lines().nth(1).unwrap().find(": ").unwrap() + 2;
        let reply = c.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": col}}),
        );
        let result = &reply["result"];
        let items = result["items"].as_array().or(result.as_array());
        let labels: Vec<&str> = items
            .into_iter()
            .flatten()
            .filter_map(|i| i["label"].as_str())
            .collect();
        assert!(labels.contains(&value), "{labels:?}");
    }
}

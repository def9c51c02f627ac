//! "Convert to <host> agent" end to end through the real binary: on an
//! agent file, one `refactor.rewrite` action per other host, whose edit
//! creates the converted file where that host reads it; the new file, once
//! opened, shows no error or warning of its host. A client that cannot
//! create files in an edit is offered none.

mod lsp_support;

use lsp_support::workspace::{Init, TempWorkspace, start_in};
use lsp_support::{Client, Enc};
use serde_json::{Value, json};

const AGENT: &str = "---\nname: reviewer\ndescription: Reviews code.\ntools: Read, Grep, Bash\n\
                     model: sonnet\ncolor: red\n---\nReview the change.\n";

fn actions(c: &mut Client, uri: &str, only: Option<&[&str]>) -> Vec<Value> {
    let mut context = json!({ "diagnostics": [] });
    if let Some(only) = only {
        context["only"] = json!(only);
    }
    let r = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": { "line": 5, "character": 0 }, "end": { "line": 5, "character": 0 } },
            "context": context,
        }),
    );
    r["result"].as_array().cloned().unwrap_or_default()
}

fn conversions(actions: &[Value]) -> Vec<&Value> {
    actions
        .iter()
        .filter(|a| a["kind"] == "refactor.rewrite")
        .collect()
}

#[test]
fn an_agent_converts_to_every_other_host_with_a_file_creating_edit() {
    let ws = TempWorkspace::new("lsp-convert");
    let source = ws.write(".claude/agents/reviewer.md", AGENT);
    let mut init = Init::new(Enc::Utf16);
    init.capabilities["workspace"] = json!({
        "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create"] }
    });
    let (mut c, result) = start_in(&ws, init);
    let kinds = &result["capabilities"]["codeActionProvider"]["codeActionKinds"];
    assert!(
        kinds
            .as_array()
            .unwrap()
            .contains(&json!("refactor.rewrite")),
        "{kinds}"
    );
    let uri = ws.uri(".claude/agents/reviewer.md");
    c.open(&uri, AGENT, 1);
    c.diagnostics(&uri, Some(1));
    let all = actions(&mut c, &uri, None);
    let offered = conversions(&all);
    let titles: Vec<&str> = offered.iter().filter_map(|a| a["title"].as_str()).collect();
    assert_eq!(
        titles,
        [
            "Convert to GitHub Copilot agent (.github/agents/reviewer.agent.md)",
            "Convert to OpenCode agent (.opencode/agents/reviewer.md)",
            "Convert to Gemini CLI agent (.gemini/agents/reviewer.md)",
        ],
        "{all:?}"
    );
    // Asked for refactorings only: the same three.
    assert_eq!(actions(&mut c, &uri, Some(&["refactor"])).len(), 3);
    assert!(conversions(&actions(&mut c, &uri, Some(&["quickfix"]))).is_empty());

    for (action, to) in offered.iter().zip([
        agentls_core::convert::Host::Copilot,
        agentls_core::convert::Host::OpenCode,
        agentls_core::convert::Host::Gemini,
    ]) {
        let want = agentls_core::convert::convert(AGENT, &source, to).unwrap();
        let target = ws.path(&want.path);
        let target_uri = ws.uri(&want.path);
        let ops = action["edit"]["documentChanges"]
            .as_array()
            .expect("operations");
        assert_eq!(
            ops[0],
            json!({ "kind": "create", "uri": target_uri,
                    "options": { "overwrite": false, "ignoreIfExists": false } }),
            "{action}"
        );
        assert_eq!(ops[1]["textDocument"]["uri"], target_uri.as_str());
        let edits = ops[1]["edits"].as_array().unwrap();
        assert_eq!(edits.len(), 1);
        assert_eq!(edits[0]["newText"], want.text.as_str());
        // Applied as a client would: the new file is its host's and clean.
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, &want.text).unwrap();
        c.open(&target_uri, &want.text, 1);
        let got = c.diagnostics(&target_uri, Some(1));
        let serious: Vec<&Value> = got
            .iter()
            .filter(|d| d["severity"] == 1 || d["severity"] == 2)
            .collect();
        assert!(serious.is_empty(), "{}: {serious:?}", want.path);
        // The converted file converts back to Claude Code (and to the two
        // other hosts), never to its own host.
        let back = conversions(&actions(&mut c, &target_uri, None)).len();
        assert_eq!(back, 3, "{}", want.path);
    }
    assert!(c.shutdown().success());
}

#[test]
fn no_conversion_without_file_creation_in_edits() {
    let ws = TempWorkspace::new("lsp-convert-none");
    ws.write(".claude/agents/reviewer.md", AGENT);
    let (mut c, _) = start_in(&ws, Init::new(Enc::Utf16));
    let uri = ws.uri(".claude/agents/reviewer.md");
    c.open(&uri, AGENT, 1);
    c.diagnostics(&uri, Some(1));
    assert!(conversions(&actions(&mut c, &uri, None)).is_empty());
    assert!(c.shutdown().success());
}

//! Code actions end to end through the real binary: quick fixes at a
//! diagnostic, and `source.fixAll.agentls`, whose edit must produce exactly
//! the core's `fix_all` result in either position encoding.

mod lsp_support;

use lsp_support::{Client, Enc, agent_uri, offset, range, seeds};
use serde_json::{Value, json};

fn start(enc: Enc) -> Client {
    let (client, result) = Client::start(Some(&[enc.name()]));
    assert_eq!(result["capabilities"]["positionEncoding"], enc.name());
    let kinds = &result["capabilities"]["codeActionProvider"]["codeActionKinds"];
    assert!(
        kinds
            .as_array()
            .is_some_and(|k| k.contains(&json!("source.fixAll.agentls"))),
        "{kinds}"
    );
    client
}

fn seed(prefix: &str) -> (String, String) {
    seeds()
        .into_iter()
        .find(|(n, _)| n.starts_with(prefix))
        .expect("seed")
}

/// Open `text` and wait until it is analysed.
fn open(c: &mut Client, name: &str, text: &str) -> String {
    let (uri, _) = agent_uri("actions", name);
    c.open(&uri, text, 1);
    c.diagnostics(&uri, Some(1));
    uri
}

fn code_actions(c: &mut Client, uri: &str, range: Value, context: Value) -> Vec<Value> {
    let resp = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": range, "context": context }),
    );
    assert!(resp.get("error").is_none(), "{resp}");
    resp["result"].as_array().cloned().unwrap_or_default()
}

/// `text` with the action's edits for `uri` applied.
fn apply(text: &str, action: &Value, uri: &str, enc: Enc) -> String {
    let edits = action["edit"]["changes"][uri]
        .as_array()
        .cloned()
        .expect("edits for the document");
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"], enc),
                offset(text, &e["range"]["end"], enc),
                e["newText"].as_str().expect("newText").to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (s, e, t) in spans {
        out.replace_range(s..e, &t);
    }
    out
}

#[test]
fn quick_fix_at_a_legacy_tool_replaces_it() {
    for enc in [Enc::Utf8, Enc::Utf16] {
        let mut c = start(enc);
        let (name, text) = seed("000");
        let uri = open(&mut c, &name, &text);
        let at = text.find("MultiEdit").expect("MultiEdit in seed 000");
        let token = at..at + "MultiEdit".len();
        let cursor = range(&text, &(at + 2..at + 2), enc);
        let actions = code_actions(&mut c, &uri, cursor, json!({ "diagnostics": [] }));
        let action = actions
            .iter()
            .find(|a| a["title"] == "Replace with `Edit`")
            .unwrap_or_else(|| panic!("no replace action: {actions:#?}"));
        assert_eq!(action["kind"], "quickfix");
        assert_eq!(action["isPreferred"], true);
        assert_eq!(action["diagnostics"][0]["code"], "AG031");
        assert_eq!(action["diagnostics"][0]["range"], range(&text, &token, enc));
        assert_eq!(
            action["edit"]["changes"][&uri],
            json!([{ "range": range(&text, &token, enc), "newText": "Edit" }])
        );
        assert!(
            actions
                .iter()
                .all(|a| a["kind"] == "quickfix" && a["diagnostics"][0]["code"] == "AG031"),
            "only the diagnostic under the cursor: {actions:#?}"
        );
        // Fix-all is not offered unless asked for.
        assert!(!actions.iter().any(|a| a["kind"] == "source.fixAll.agentls"));
        assert!(c.shutdown().success());
    }
}

#[test]
fn rescued_description_offers_block_scalar_then_quoting() {
    let mut c = start(Enc::Utf16);
    let (name, text) = seed("004");
    let uri = open(&mut c, &name, &text);
    let at = text.find("description: ").expect("description") + "description: ".len() + 3;
    let actions = code_actions(
        &mut c,
        &uri,
        range(&text, &(at..at), Enc::Utf16),
        json!({ "diagnostics": [], "only": ["quickfix"] }),
    );
    let titles: Vec<_> = actions
        .iter()
        .filter(|a| a["diagnostics"][0]["code"] == "AG011")
        .map(|a| (a["title"].as_str().unwrap_or(""), a["isPreferred"] == true))
        .collect();
    // The repairs, then the suppression comments (tests/lsp_suppress.rs).
    assert_eq!(
        titles,
        [
            ("Rewrite as a block scalar (same loaded text)", true),
            ("Quote the value (same loaded text)", false),
            ("Ignore AG011 (yaml-strict-rejects) on this line", false),
            ("Ignore AG011 (yaml-strict-rejects) in this file", false),
        ]
    );
    let fixed = apply(&text, &actions[0], &uri, Enc::Utf16);
    let a = agentls_core::analyze(
        &fixed,
        Some(std::path::Path::new(&format!("/w/.claude/agents/{name}"))),
    );
    assert!(!a.diagnostics.iter().any(|d| d.code == "AG011"));
}

#[test]
fn fix_all_on_seed_003_removes_every_legacy_tool() {
    for enc in [Enc::Utf8, Enc::Utf16] {
        let mut c = start(enc);
        let (name, text) = seed("003");
        let uri = open(&mut c, &name, &text);
        let whole = range(&text, &(0..0), enc);
        for only in [json!(["source.fixAll"]), json!(["source.fixAll.agentls"])] {
            let actions = code_actions(
                &mut c,
                &uri,
                whole.clone(),
                json!({ "diagnostics": [], "only": only }),
            );
            assert_eq!(actions.len(), 1, "{actions:#?}");
            let action = &actions[0];
            assert_eq!(action["kind"], "source.fixAll.agentls");
            let fixed = apply(&text, action, &uri, enc);
            let path = std::path::PathBuf::from(format!("/tmp/actions/.claude/agents/{name}"));
            let want = agentls_core::fix::fix_all(&text, Some(&path)).0;
            assert_eq!(fixed, want, "{enc:?}");
            let after = agentls_core::analyze(&fixed, Some(&path));
            assert!(
                !after.diagnostics.iter().any(|d| d.code == "AG031"),
                "{fixed}"
            );
        }
        // A quick-fix-only request gets no fix-all.
        let actions = code_actions(
            &mut c,
            &uri,
            whole,
            json!({ "diagnostics": [], "only": ["quickfix"] }),
        );
        assert!(!actions.iter().any(|a| a["kind"] == "source.fixAll.agentls"));
        assert!(c.shutdown().success());
    }
}

/// Multi-byte text before the edits: the fix-all edit lands on the same
/// characters in both encodings.
#[test]
fn fix_all_with_multibyte_text_in_both_encodings() {
    for enc in [Enc::Utf8, Enc::Utf16] {
        let mut c = start(enc);
        let (name, text) = seed("002");
        let uri = open(&mut c, &name, &text);
        let actions = code_actions(
            &mut c,
            &uri,
            range(&text, &(0..0), enc),
            json!({ "diagnostics": [], "only": ["source"] }),
        );
        let action = actions
            .iter()
            .find(|a| a["kind"] == "source.fixAll.agentls")
            .expect("fix-all");
        let path = std::path::PathBuf::from(format!("/tmp/actions/.claude/agents/{name}"));
        let want = agentls_core::fix::fix_all(&text, Some(&path)).0;
        assert_eq!(apply(&text, action, &uri, enc), want, "{enc:?}");
    }
}

/// Actions come from the server's own analysis: diagnostics a client sends
/// back with forged `data` change nothing.
#[test]
fn client_sent_fix_data_is_ignored() {
    let mut c = start(Enc::Utf16);
    let (name, text) = seed("000");
    let uri = open(&mut c, &name, &text);
    let at = text.find("MultiEdit").expect("MultiEdit");
    let r = range(&text, &(at..at + 9), Enc::Utf16);
    let forged = json!([{
        "range": r, "message": "x", "code": "AG031", "source": "agentls",
        "data": { "fixes": [{ "title": "Delete everything", "isPreferred": true,
                  "edits": [{ "range": range(&text, &(0..text.len()), Enc::Utf16), "newText": "" }] }] }
    }]);
    let actions = code_actions(&mut c, &uri, r, json!({ "diagnostics": forged }));
    assert!(!actions.is_empty());
    assert!(
        actions.iter().all(|a| a["title"] != "Delete everything"),
        "{actions:#?}"
    );
}

//! Kinds given by a project's `[kinds]` and by the editor's `kinds`
//! setting, end to end through the real binary: an open document is judged
//! by the kind they give, `none` leaves a file alone (not published, not
//! indexed), the project's pattern wins over the editor's, and a change to
//! either publishes the open documents anew.

mod lsp_support;

use lsp_support::workspace::{Init, TempWorkspace, start_in};
use lsp_support::{Client, Enc, TIMEOUT};
use serde_json::{Value, json};

/// A correct Copilot custom agent (no `name`, Copilot's tools, a handoff
/// to VS Code's built-in `agent`, which the index it joins never lacks):
/// by Copilot's rules only AG205 (handoffs work in VS Code only); as a
/// Claude Code plugin's agent (its `agents` folder), AG020 and more.
const COPILOT_AGENT: &str = "---\ndescription: Reviews pull requests.\n\
    tools: ['read', 'search']\nhandoffs:\n  - label: Fix it\n    agent: agent\n\
    \x20   prompt: Fix what the review found.\n---\nReview the diff.\n";

const DRAFT: &str = "---\nname: draft\ndescription: Not ready.\ncolour: red\n---\nLater.\n";

fn start(ws: &TempWorkspace, options: Option<Value>) -> Client {
    let mut init = Init::new(Enc::Utf16);
    init.capabilities["workspace"]["didChangeWatchedFiles"] =
        json!({ "dynamicRegistration": true });
    init.initialization_options = options;
    let (mut c, _) = start_in(ws, init);
    c.wait_for(TIMEOUT, |m| m["method"] == "client/registerCapability")
        .expect("the server registers file watchers");
    c
}

fn codes(diags: &[Value]) -> Vec<String> {
    let mut codes: Vec<String> = diags
        .iter()
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

/// The next publication for `uri` whose codes `want` accepts.
fn published(c: &mut Client, uri: &str, want: impl Fn(&[String]) -> bool) -> Vec<String> {
    let msg = c
        .wait_for(TIMEOUT, |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && want(&codes(m["params"]["diagnostics"].as_array().unwrap()))
        })
        .unwrap_or_else(|| panic!("no such publication for {uri}"));
    codes(msg["params"]["diagnostics"].as_array().unwrap())
}

fn symbols(c: &mut Client, query: &str) -> Value {
    c.request("workspace/symbol", json!({ "query": query }))["result"].clone()
}

#[test]
fn the_projects_kinds_judge_open_documents_and_leave_none_alone() {
    let ws = TempWorkspace::new("kinds-project");
    ws.write(
        "agentls.toml",
        "[kinds]\n\"docs/agents/**\" = \"copilot-agent\"\n\".claude/agents/draft.md\" = \"none\"\n",
    );
    ws.write("docs/agents/review.md", COPILOT_AGENT);
    ws.write(".claude/agents/draft.md", DRAFT);
    let mut c = start(&ws, None);

    let review = ws.uri("docs/agents/review.md");
    c.open(&review, COPILOT_AGENT, 1);
    assert_eq!(codes(&c.diagnostics(&review, Some(1))), ["AG205"]);

    // `none`: not indexed, so no workspace symbol names it.
    assert_eq!(symbols(&mut c, "draft"), json!([]));

    // The configuration changes: the folders decide again, and the open
    // document is published by Claude Code's rules.
    ws.write("agentls.toml", "# no kinds\n");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": ws.uri("agentls.toml"), "type": 2 }] }),
    );
    let now = published(&mut c, &review, |codes| codes.iter().any(|c| c == "AG020"));
    assert!(!now.contains(&"AG205".to_string()), "{now:?}");
    // And the draft is an agent of the index again.
    let deadline = std::time::Instant::now() + TIMEOUT;
    while symbols(&mut c, "draft") == json!([]) {
        assert!(std::time::Instant::now() < deadline, "draft never indexed");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    c.assert_alive();
}

#[test]
fn the_editor_setting_gives_kinds_and_the_project_wins_over_it() {
    let ws = TempWorkspace::new("kinds-setting");
    // The project says `prompts/` holds Codex prompts; the editor says
    // none, and is overruled there.
    ws.write(
        "agentls.toml",
        "[kinds]\n\"prompts/**\" = \"codex-prompt\"\n",
    );
    ws.write("docs/agents/review.md", COPILOT_AGENT);
    let prompt = "---\ndescription: Fix it.\nmodel: x\n---\nFix $1.\n";
    ws.write("prompts/fix.md", prompt);
    let options = json!({ "kinds": { "docs/agents/**": "copilot-agent", "prompts/**": "none" } });
    let mut c = start(&ws, Some(options));

    let review = ws.uri("docs/agents/review.md");
    c.open(&review, COPILOT_AGENT, 1);
    assert_eq!(codes(&c.diagnostics(&review, Some(1))), ["AG205"]);
    let fix = ws.uri("prompts/fix.md");
    c.open(&fix, prompt, 1);
    assert_eq!(
        codes(&c.diagnostics(&fix, Some(1))),
        ["AG251"],
        "the project's `[kinds]` wins"
    );

    // The setting changes to `none`: what the document showed is cleared.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "agentls": { "kinds": { "docs/agents/**": "none" } } } }),
    );
    published(&mut c, &review, <[String]>::is_empty);

    // Without the setting, its folders make it a Claude Code plugin's agent.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "agentls": { "kinds": {} } } }),
    );
    published(&mut c, &review, |codes| codes.iter().any(|c| c == "AG020"));
    c.assert_alive();
}

/// A document opened while the first scan still runs is judged before the
/// scan has read `[kinds]`; once it has, the document is published by the
/// kind the configuration gives it.
#[test]
fn a_document_opened_before_the_scan_takes_its_kind_once_the_scan_is_done() {
    let ws = TempWorkspace::new("kinds-early");
    ws.write(
        "agentls.toml",
        "[kinds]\n\"docs/agents/**\" = \"copilot-agent\"\n",
    );
    ws.write("docs/agents/review.md", COPILOT_AGENT);
    // Enough files that the scan is still running when the document opens.
    for i in 0..1500 {
        ws.write(
            &format!(".claude/agents/a{i}.md"),
            format!("---\nname: a{i}\ndescription: Agent {i}.\n---\nBody.\n"),
        );
    }
    let mut c = Client::spawn();
    let root = ws.root_uri();
    let init = c.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root,
            "workspaceFolders": [{ "uri": root, "name": "project" }],
            "capabilities": {},
        }),
    );
    assert!(init["result"].is_object(), "{init}");
    c.notify("initialized", json!({}));
    let review = ws.uri("docs/agents/review.md");
    c.open(&review, COPILOT_AGENT, 1);
    published(&mut c, &review, |codes| codes == ["AG205"]);
    c.assert_alive();
}

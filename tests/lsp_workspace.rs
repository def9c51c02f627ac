//! End-to-end workspace navigation through the real `agentls lsp` binary:
//! the background index, go to definition, find references, rename and
//! workspace symbols, in a temporary workspace on disk.

mod lsp_support;

use lsp_support::workspace::{Init, TempWorkspace, start_in};
use lsp_support::{Client, Enc, needle_range, position, sorted_locations};
use serde_json::{Value, json};

const REVIEWER: &str = "---\nname: reviewer\ndescription: Reviews diffs.\n---\nReview.\n";
const LEAD: &str = "---\nname: lead\ndescription: Leads.\ntools: Read, Agent(reviewer)\n---\nAsk the reviewer agent to check, then ping @reviewer again.\n";

/// The workspace: two agents, a skill, `.mcp.json`, and an agent inside
/// `node_modules` (skipped).
fn workspace(tag: &str) -> TempWorkspace {
    let ws = TempWorkspace::new(&format!("ws-{tag}"));
    ws.write(".claude/agents/reviewer.md", REVIEWER);
    ws.write(".claude/agents/lead.md", LEAD);
    ws.write(
        ".claude/skills/fmt/SKILL.md",
        "---\nname: fmt\ndescription: Formats.\n---\nFormat.\n",
    );
    // Skipped: inside node_modules.
    ws.write(
        "node_modules/x/.claude/agents/reviewer-copy.md",
        "---\nname: reviewer-copy\ndescription: X.\n---\nX.\n",
    );
    ws.write(".mcp.json", r#"{"mcpServers": {"github": {}}}"#);
    ws
}

/// Initialize with the folder (UTF-8 positions), then wait, bounded, until
/// workspace/symbol answers with the index.
fn start(ws: &TempWorkspace) -> Client {
    let (c, result) = start_in(ws, Init::new(Enc::Utf8));
    let caps = &result["capabilities"];
    assert_eq!(caps["definitionProvider"], true, "{caps}");
    assert_eq!(caps["referencesProvider"], true);
    assert_eq!(caps["renameProvider"]["prepareProvider"], true);
    assert_eq!(caps["workspaceSymbolProvider"], true);
    c
}

/// The position `skip` bytes into the first `needle` of `text`.
fn at(text: &str, needle: &str, skip: usize) -> Value {
    let offset = text.find(needle).expect(needle) + skip;
    position(text, offset, Enc::Utf8)
}

/// The range of `name` inside the first `context` of `text`.
fn span(text: &str, context: &str, name: &str) -> Value {
    needle_range(text, context, name, Enc::Utf8)
}

#[test]
fn definition_goes_from_agent_entries_and_mentions_to_the_name() {
    let ws = workspace("def");
    let mut c = start(&ws);
    let lead = ws.uri(".claude/agents/lead.md");
    c.open(&lead, LEAD, 1);
    let expected = json!({
        "uri": ws.uri(".claude/agents/reviewer.md"),
        "range": span(REVIEWER, "reviewer", "reviewer"),
    });
    for (needle, skip) in [
        ("Agent(reviewer)", 8),
        ("reviewer agent", 2),
        ("@reviewer", 3),
    ] {
        let r = c.request(
            "textDocument/definition",
            json!({ "textDocument": { "uri": lead }, "position": at(LEAD, needle, skip) }),
        );
        assert_eq!(r["result"], expected, "from {needle}: {r}");
    }
    let r = c.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": lead }, "position": at(LEAD, "Ask", 1) }),
    );
    assert_eq!(r["result"], Value::Null);
    assert!(c.shutdown().success());
}

#[test]
fn references_from_the_name_list_every_use() {
    let ws = workspace("refs");
    let mut c = start(&ws);
    let reviewer = ws.uri(".claude/agents/reviewer.md");
    let lead = ws.uri(".claude/agents/lead.md");
    c.open(&reviewer, REVIEWER, 1);
    let params = |decl: bool| {
        json!({
            "textDocument": { "uri": reviewer },
            "position": at(REVIEWER, "reviewer", 2),
            "context": { "includeDeclaration": decl },
        })
    };
    let uses = [
        (lead.clone(), span(LEAD, "Agent(reviewer)", "reviewer")),
        (lead.clone(), span(LEAD, "reviewer agent", "reviewer")),
        (lead.clone(), span(LEAD, "@reviewer", "reviewer")),
    ];
    let mut expected: Vec<_> = uses
        .iter()
        .map(|(u, r)| (u.clone(), r.to_string()))
        .collect();
    expected.sort();
    let r = c.request("textDocument/references", params(false));
    assert_eq!(sorted_locations(&r["result"]), expected, "{r}");
    expected.push((
        reviewer.clone(),
        span(REVIEWER, "reviewer", "reviewer").to_string(),
    ));
    expected.sort();
    let r = c.request("textDocument/references", params(true));
    assert_eq!(sorted_locations(&r["result"]), expected, "{r}");
    assert!(c.shutdown().success());
}

#[test]
fn rename_edits_the_name_and_every_reference() {
    let ws = workspace("rename");
    let mut c = start(&ws);
    let reviewer = ws.uri(".claude/agents/reviewer.md");
    let lead = ws.uri(".claude/agents/lead.md");
    c.open(&lead, LEAD, 1);
    let pos = at(LEAD, "Agent(reviewer)", 9);
    let r = c.request(
        "textDocument/prepareRename",
        json!({ "textDocument": { "uri": lead }, "position": pos }),
    );
    assert_eq!(
        r["result"],
        json!({ "range": span(LEAD, "Agent(reviewer)", "reviewer"), "placeholder": "reviewer" }),
        "{r}"
    );
    let r = c.request(
        "textDocument/prepareRename",
        json!({ "textDocument": { "uri": lead }, "position": at(LEAD, "Ask", 1) }),
    );
    assert!(r["error"].is_object(), "refused: {r}");
    for bad in ["", "a:b", "-x"] {
        let r = c.request(
            "textDocument/rename",
            json!({ "textDocument": { "uri": lead }, "position": pos, "newName": bad }),
        );
        assert!(r["error"].is_object(), "{bad:?} refused: {r}");
    }
    let r = c.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": lead }, "position": pos, "newName": "critic" }),
    );
    let changes = &r["result"]["changes"];
    let edits = |uri: &str| {
        let mut e: Vec<String> = changes[uri]
            .as_array()
            .unwrap_or_else(|| panic!("edits for {uri}: {r}"))
            .iter()
            .map(|e| {
                assert_eq!(e["newText"], "critic");
                e["range"].to_string()
            })
            .collect();
        e.sort();
        e
    };
    assert_eq!(
        edits(&reviewer),
        vec![span(REVIEWER, "reviewer", "reviewer").to_string()]
    );
    let mut lead_edits = vec![
        span(LEAD, "Agent(reviewer)", "reviewer").to_string(),
        span(LEAD, "reviewer agent", "reviewer").to_string(),
        span(LEAD, "@reviewer", "reviewer").to_string(),
    ];
    lead_edits.sort();
    assert_eq!(edits(&lead), lead_edits);
    assert_eq!(changes.as_object().unwrap().len(), 2, "{r}");
    assert!(c.shutdown().success());
}

#[test]
fn workspace_symbols_match_names_and_open_edits_update_the_index() {
    let ws = workspace("symbols");
    let mut c = start(&ws);
    let r = c.request("workspace/symbol", json!({ "query": "REV" }));
    let result = r["result"].as_array().expect("symbols");
    assert_eq!(
        result.len(),
        1,
        "only reviewer (node_modules is skipped): {r}"
    );
    assert_eq!(result[0]["name"], "reviewer");
    assert_eq!(result[0]["kind"], 5); // CLASS
    assert_eq!(
        result[0]["containerName"],
        "Claude Code agent · project · Reviews diffs."
    );
    assert_eq!(
        result[0]["location"]["uri"],
        ws.uri(".claude/agents/reviewer.md")
    );
    assert_eq!(
        result[0]["location"]["range"],
        span(REVIEWER, "reviewer", "reviewer")
    );
    let r = c.request("workspace/symbol", json!({ "query": "fm" }));
    assert_eq!(r["result"][0]["name"], "fmt");
    assert_eq!(r["result"][0]["kind"], 12); // FUNCTION

    // An open document overrides the disk: renaming in the editor shows up.
    let reviewer = ws.uri(".claude/agents/reviewer.md");
    let edited = REVIEWER.replace("name: reviewer", "name: checker");
    c.open(&reviewer, &edited, 1);
    let r = c.request("workspace/symbol", json!({ "query": "checker" }));
    assert_eq!(r["result"][0]["name"], "checker", "{r}");
    c.close(&reviewer);
    let r = c.request("workspace/symbol", json!({ "query": "checker" }));
    assert_eq!(r["result"], json!([]), "back to the disk after close: {r}");
    assert!(c.shutdown().success());
}

#[test]
fn hover_on_a_name_shows_what_the_index_knows() {
    let ws = workspace("hover");
    let mut c = start(&ws);
    let lead = ws.uri(".claude/agents/lead.md");
    c.open(&lead, LEAD, 1);
    let hover = |c: &mut Client, pos: Value| {
        let r = c.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": lead }, "position": pos }),
        );
        r["result"].clone()
    };
    // `Agent(reviewer)`: the agent's card on top of the tool's.
    let h = hover(&mut c, at(LEAD, "Agent(reviewer)", 8));
    let md = h["contents"]["value"].as_str().unwrap_or_default();
    assert!(md.starts_with("**reviewer** · project agent"), "{md}");
    assert!(md.contains("Reviews diffs."), "{md}");
    assert!(
        md.contains("Defined in `.claude/agents/reviewer.md`"),
        "{md}"
    );
    assert!(md.contains("---"), "the tool's card follows: {md}");
    assert_eq!(h["range"], span(LEAD, "Agent(reviewer)", "reviewer"));
    // A body mention gets the same card, on the name.
    let h = hover(&mut c, at(LEAD, "@reviewer", 3));
    let md = h["contents"]["value"].as_str().unwrap_or_default();
    assert!(md.starts_with("**reviewer** · project agent"), "{md}");
    assert_eq!(h["range"], span(LEAD, "@reviewer", "reviewer"));
    // An ordinary body word: no card at all.
    let h = hover(&mut c, at(LEAD, "check", 1));
    assert!(h.is_null(), "{h}");
    assert!(c.shutdown().success());
}

//! End-to-end workspace navigation through the real `agentls lsp` binary:
//! the background index, go to definition, find references, rename and
//! workspace symbols, in a temporary workspace on disk.

mod lsp_support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use lsp_support::{Client, Enc, range};
use serde_json::{Value, json};

const REVIEWER: &str = "---\nname: reviewer\ndescription: Reviews diffs.\n---\nReview.\n";
const LEAD: &str = "---\nname: lead\ndescription: Leads.\ntools: Read, Agent(reviewer)\n---\nAsk the reviewer agent to check, then ping @reviewer again.\n";

/// A workspace folder on disk, removed on drop.
struct Workspace {
    root: PathBuf,
}

impl Workspace {
    fn new(tag: &str) -> Workspace {
        let root = std::env::temp_dir().join(format!("agentls-ws-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let agents = root.join(".claude/agents");
        std::fs::create_dir_all(&agents).unwrap();
        std::fs::create_dir_all(root.join(".claude/skills/fmt")).unwrap();
        std::fs::create_dir_all(root.join("node_modules/x/.claude/agents")).unwrap();
        std::fs::write(agents.join("reviewer.md"), REVIEWER).unwrap();
        std::fs::write(agents.join("lead.md"), LEAD).unwrap();
        std::fs::write(
            root.join(".claude/skills/fmt/SKILL.md"),
            "---\nname: fmt\ndescription: Formats.\n---\nFormat.\n",
        )
        .unwrap();
        // Skipped: inside node_modules.
        std::fs::write(
            root.join("node_modules/x/.claude/agents/reviewer-copy.md"),
            "---\nname: reviewer-copy\ndescription: X.\n---\nX.\n",
        )
        .unwrap();
        std::fs::write(root.join(".mcp.json"), r#"{"mcpServers": {"github": {}}}"#).unwrap();
        Workspace { root }
    }

    fn uri(&self, rel: &str) -> String {
        format!("file://{}", self.root.join(rel).display())
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// Initialize with the folder (UTF-8 positions), then wait, bounded, until
/// workspace/symbol answers with the index.
fn start(ws: &Workspace) -> Client {
    let mut c = Client::spawn();
    let root = format!("file://{}", ws.root.display());
    let resp = c.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root,
            "workspaceFolders": [{ "uri": root, "name": "ws" }],
            "capabilities": { "general": { "positionEncodings": ["utf-8"] } },
        }),
    );
    let caps = &resp["result"]["capabilities"];
    assert_eq!(caps["definitionProvider"], true, "{caps}");
    assert_eq!(caps["referencesProvider"], true);
    assert_eq!(caps["renameProvider"]["prepareProvider"], true);
    assert_eq!(caps["workspaceSymbolProvider"], true);
    c.notify("initialized", json!({}));
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let r = c.request("workspace/symbol", json!({ "query": "" }));
        if r["result"].is_array() {
            break;
        }
        assert!(Instant::now() < deadline, "index not ready: {r}");
        std::thread::sleep(Duration::from_millis(20));
    }
    c
}

fn at(text: &str, needle: &str, skip: usize) -> Value {
    let offset = text.find(needle).expect(needle) + skip;
    lsp_support::position(text, offset, Enc::Utf8)
}

fn span(text: &str, needle: &str, skip: usize, len: usize) -> Value {
    let start = text.find(needle).expect(needle) + skip;
    range(text, &(start..start + len), Enc::Utf8)
}

fn rspan(text: &str, needle: &str, skip: usize, len: usize) -> Value {
    let start = text.rfind(needle).expect(needle) + skip;
    range(text, &(start..start + len), Enc::Utf8)
}

fn sorted_locations(v: &Value) -> Vec<(String, String)> {
    let mut out: Vec<_> = v
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| {
            (
                l["uri"].as_str().unwrap().to_string(),
                l["range"].to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn definition_goes_from_agent_entries_and_mentions_to_the_name() {
    let ws = Workspace::new("def");
    let mut c = start(&ws);
    let lead = ws.uri(".claude/agents/lead.md");
    c.open(&lead, LEAD, 1);
    let expected = json!({
        "uri": ws.uri(".claude/agents/reviewer.md"),
        "range": span(REVIEWER, "reviewer", 0, 8),
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
    let ws = Workspace::new("refs");
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
        (lead.clone(), span(LEAD, "Agent(reviewer)", 6, 8)),
        (lead.clone(), span(LEAD, "reviewer agent", 0, 8)),
        (lead.clone(), span(LEAD, "@reviewer", 1, 8)),
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
        span(REVIEWER, "reviewer", 0, 8).to_string(),
    ));
    expected.sort();
    let r = c.request("textDocument/references", params(true));
    assert_eq!(sorted_locations(&r["result"]), expected, "{r}");
    assert!(c.shutdown().success());
}

#[test]
fn rename_edits_the_name_and_every_reference() {
    let ws = Workspace::new("rename");
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
        json!({ "range": span(LEAD, "Agent(reviewer)", 6, 8), "placeholder": "reviewer" }),
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
        vec![span(REVIEWER, "reviewer", 0, 8).to_string()]
    );
    let mut lead_edits = vec![
        span(LEAD, "Agent(reviewer)", 6, 8).to_string(),
        span(LEAD, "reviewer agent", 0, 8).to_string(),
        rspan(LEAD, "@reviewer", 1, 8).to_string(),
    ];
    lead_edits.sort();
    assert_eq!(edits(&lead), lead_edits);
    assert_eq!(changes.as_object().unwrap().len(), 2, "{r}");
    assert!(c.shutdown().success());
}

#[test]
fn workspace_symbols_match_names_and_open_edits_update_the_index() {
    let ws = Workspace::new("symbols");
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
    assert_eq!(result[0]["containerName"], "project · Reviews diffs.");
    assert_eq!(
        result[0]["location"]["uri"],
        ws.uri(".claude/agents/reviewer.md")
    );
    assert_eq!(
        result[0]["location"]["range"],
        span(REVIEWER, "reviewer", 0, 8)
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
    let ws = Workspace::new("hover");
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
    assert_eq!(h["range"], span(LEAD, "Agent(reviewer)", 6, 8));
    // A body mention gets the same card, on the name.
    let h = hover(&mut c, at(LEAD, "@reviewer", 3));
    let md = h["contents"]["value"].as_str().unwrap_or_default();
    assert!(md.starts_with("**reviewer** · project agent"), "{md}");
    assert_eq!(h["range"], span(LEAD, "@reviewer", 1, 8));
    // An ordinary body word: no card at all.
    let h = hover(&mut c, at(LEAD, "check", 1));
    assert!(h.is_null(), "{h}");
    assert!(c.shutdown().success());
}

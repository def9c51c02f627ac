//! Pull diagnostics end to end through the real `agentls lsp` binary: a
//! client that declares `textDocument.diagnostic` gets a diagnostic
//! provider and no pushes; document pulls answer with result ids and
//! `unchanged`; workspace pulls list agents nobody opened, with their own
//! and cross-file findings; `workspaceDiagnostics: false` turns those off;
//! a client that does not pull keeps getting pushes.

mod lsp_support;

use std::time::{Duration, Instant};

use lsp_support::workspace::{Init, TempWorkspace, start_in};
use lsp_support::{Client, Enc, TIMEOUT, expected_diagnostics, sorted};
use serde_json::{Value, json};

/// Named like `broken.md`: one of the two gets AG061 for the other.
const OTHER: &str = "---\nname: twin\ndescription: The other twin.\n---\nBody.\n";
/// No description (AG021), and the name `OTHER` has (AG061).
const BROKEN: &str = "---\nname: twin\n---\nBody.\n";
const FIXED: &str = "---\nname: twin\ndescription: Fixed now.\n---\nBody.\n";
/// Only a removed tool (AG030, AG031: its own findings), nothing cross-file.
const OPENED: &str = "---\nname: opened\ndescription: Opened.\ntools: MultiEdit\n---\nBody.\n";

fn workspace(tag: &str) -> TempWorkspace {
    let ws = TempWorkspace::new(&format!("pull-{tag}"));
    ws.write(".claude/agents/other.md", OTHER);
    ws.write(".claude/agents/broken.md", BROKEN);
    ws.write(".claude/agents/opened.md", OPENED);
    ws.write(
        ".claude/skills/fmt/SKILL.md",
        "---\nname: fmt\ndescription: Formats.\n---\n",
    );
    ws
}

/// A client that pulls (and can be asked to pull again).
fn pulling(options: Option<Value>) -> Init {
    let mut init = Init::new(Enc::Utf16);
    init.capabilities["textDocument"] = json!({ "diagnostic": { "dynamicRegistration": false } });
    init.capabilities["workspace"] = json!({ "diagnostics": { "refreshSupport": true } });
    init.initialization_options = options;
    init
}

fn pull(c: &mut Client, uri: &str, previous: Option<&str>) -> Value {
    let mut params = json!({ "textDocument": { "uri": uri }, "identifier": "agentls" });
    if let Some(id) = previous {
        params["previousResultId"] = json!(id);
    }
    let resp = c.request("textDocument/diagnostic", params);
    resp.get("result")
        .cloned()
        .unwrap_or_else(|| panic!("textDocument/diagnostic failed: {resp}"))
}

fn pull_workspace(c: &mut Client, previous: &[(String, String)]) -> Vec<Value> {
    let previous: Vec<Value> = previous
        .iter()
        .map(|(uri, id)| json!({ "uri": uri, "value": id }))
        .collect();
    let resp = c.request(
        "workspace/diagnostic",
        json!({ "identifier": "agentls", "previousResultIds": previous }),
    );
    resp["result"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("workspace/diagnostic failed: {resp}"))
}

fn codes(items: &Value) -> Vec<String> {
    let mut out: Vec<String> = items
        .as_array()
        .expect("items")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect();
    out.sort();
    out
}

fn report_for<'a>(items: &'a [Value], uri: &str) -> Option<&'a Value> {
    items.iter().find(|r| r["uri"] == uri)
}

/// Every report's uri and result id, as the next pull's `previousResultIds`.
fn ids(items: &[Value]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|r| {
            (
                r["uri"].as_str().unwrap().to_string(),
                r["resultId"].as_str().expect("a result id").to_string(),
            )
        })
        .collect()
}

fn no_pushes(c: &mut Client) {
    let pushed: Vec<Value> = c
        .drain(Duration::from_millis(300))
        .into_iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .collect();
    assert!(pushed.is_empty(), "a pulling client got pushes: {pushed:?}");
}

#[test]
fn a_pulling_client_pulls_documents_and_the_workspace_and_gets_no_pushes() {
    let ws = workspace("main");
    let (mut c, result) = start_in(&ws, pulling(None));
    let provider = &result["capabilities"]["diagnosticProvider"];
    assert_eq!(provider["identifier"], "agentls", "{result}");
    assert_eq!(provider["interFileDependencies"], true);
    assert_eq!(provider["workspaceDiagnostics"], true);

    // An open document: its own findings, then `unchanged`, then after an
    // edit that changes them, a full report again.
    let opened = ws.uri(".claude/agents/opened.md");
    c.open(&opened, OPENED, 1);
    let first = pull(&mut c, &opened, None);
    assert_eq!(first["kind"], "full", "{first}");
    let path = ws.path(".claude/agents/opened.md");
    let expected = expected_diagnostics(&opened, &path, OPENED, Enc::Utf16);
    assert!(!expected.is_empty(), "the fixture must have findings");
    assert_eq!(
        sorted(first["items"].as_array().unwrap().clone()),
        sorted(expected)
    );
    let id = first["resultId"].as_str().expect("a result id").to_string();
    let again = pull(&mut c, &opened, Some(&id));
    assert_eq!(again["kind"], "unchanged", "{again}");
    assert_eq!(again["resultId"], id.as_str());
    let edited = OPENED.replace("MultiEdit", "Read");
    c.change(&opened, 2, json!([{ "text": edited }]));
    let after = pull(&mut c, &opened, Some(&id));
    assert_eq!(after["kind"], "full", "{after}");
    assert_ne!(after["resultId"], id.as_str());
    assert_eq!(
        sorted(after["items"].as_array().unwrap().clone()),
        sorted(expected_diagnostics(&opened, &path, &edited, Enc::Utf16))
    );

    // The workspace: agents nobody opened, own findings and cross-file
    // ones, and the skill (by its own rules: nothing to say); not the open
    // document.
    let broken = ws.uri(".claude/agents/broken.md");
    let other = ws.uri(".claude/agents/other.md");
    let skill = ws.uri(".claude/skills/fmt/SKILL.md");
    let items = pull_workspace(&mut c, &[]);
    assert!(report_for(&items, &opened).is_none(), "{items:?}");
    let mut uris: Vec<&str> = items.iter().map(|r| r["uri"].as_str().unwrap()).collect();
    uris.sort();
    assert_eq!(
        uris,
        [broken.as_str(), other.as_str(), skill.as_str()],
        "{items:?}"
    );
    let s = report_for(&items, &skill).unwrap();
    assert_eq!(codes(&s["items"]), Vec::<String>::new(), "{s}");
    let b = report_for(&items, &broken).unwrap();
    assert_eq!(b["kind"], "full");
    assert_eq!(codes(&b["items"]), ["AG021", "AG061"], "{b}");
    let o = report_for(&items, &other).unwrap();
    assert_eq!(codes(&o["items"]), ["AG061"], "{o}");

    // Nothing changed: every report unchanged, with the same ids.
    let previous = ids(&items);
    let again = pull_workspace(&mut c, &previous);
    assert_eq!(again.len(), 3, "{again:?}");
    for r in &again {
        assert_eq!(r["kind"], "unchanged", "{r}");
    }
    assert_eq!(ids(&again), previous);

    // The file changes on disk: a full report without AG021 (AG061 stays),
    // and the client is asked to pull again.
    std::fs::write(ws.path(".claude/agents/broken.md"), FIXED).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": broken, "type": 2 }] }),
    );
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let items = pull_workspace(&mut c, &previous);
        let b = report_for(&items, &broken).expect("broken.md reported");
        if b["kind"] == "full" && codes(&b["items"]) == ["AG061"] {
            assert_eq!(report_for(&items, &other).unwrap()["kind"], "unchanged");
            break;
        }
        assert!(Instant::now() < deadline, "broken.md never fixed: {b}");
        std::thread::sleep(Duration::from_millis(50));
    }
    c.wait_for(TIMEOUT, |m| m["method"] == "workspace/diagnostic/refresh")
        .expect("a refresh after the file changed");

    // Closed, the document is the workspace's again (from disk).
    c.close(&opened);
    let items = pull_workspace(&mut c, &[]);
    let r = report_for(&items, &opened).expect("the closed document is reported");
    assert_eq!(codes(&r["items"]), ["AG030", "AG031"], "{r}");
    no_pushes(&mut c);
    c.shutdown();
}

#[test]
fn a_closed_file_is_pulled_from_disk_but_nothing_outside_the_folders() {
    let ws = workspace("closed");
    let outside = ws.write_beside(".claude/agents/outside.md", BROKEN);
    let (mut c, _) = start_in(&ws, pulling(None));
    let broken = pull(&mut c, &ws.uri(".claude/agents/broken.md"), None);
    assert_eq!(codes(&broken["items"]), ["AG021", "AG061"], "{broken}");
    let far = pull(&mut c, &format!("file://{}", outside.display()), None);
    assert_eq!(far["kind"], "full");
    assert_eq!(far["items"], json!([]), "{far}");
    // Not an agent: an empty report.
    let skill = pull(&mut c, &ws.uri(".claude/skills/fmt/SKILL.md"), None);
    assert_eq!(skill["items"], json!([]), "{skill}");
    no_pushes(&mut c);
    c.shutdown();
}

#[test]
fn cross_file_changes_from_an_open_document_ask_for_a_refresh() {
    let ws = workspace("refresh");
    let (mut c, _) = start_in(&ws, pulling(None));
    let opened = ws.uri(".claude/agents/opened.md");
    c.open(&opened, OPENED, 1);
    c.drain(Duration::from_millis(400));
    // Renamed to the twins' name: every twin's findings change.
    c.change(
        &opened,
        2,
        json!([{ "text": OPENED.replace("name: opened", "name: twin") }]),
    );
    c.wait_for(TIMEOUT, |m| m["method"] == "workspace/diagnostic/refresh")
        .expect("a refresh after a cross-file change");
    let items = pull_workspace(&mut c, &[]);
    let o = report_for(&items, &ws.uri(".claude/agents/other.md")).unwrap();
    assert!(
        o["items"].to_string().contains("3 files"),
        "other.md should count three twins: {o}"
    );
    c.shutdown();
}

#[test]
fn workspace_diagnostics_can_be_turned_off() {
    let ws = workspace("off");
    let options = json!({ "workspaceDiagnostics": false });
    let (mut c, result) = start_in(&ws, pulling(Some(options)));
    let provider = &result["capabilities"]["diagnosticProvider"];
    assert_eq!(provider["workspaceDiagnostics"], false, "{result}");
    assert!(pull_workspace(&mut c, &[]).is_empty());
    // Documents are still pulled.
    let opened = ws.uri(".claude/agents/opened.md");
    c.open(&opened, OPENED, 1);
    assert_eq!(
        codes(&pull(&mut c, &opened, None)["items"]),
        ["AG030", "AG031"]
    );
    no_pushes(&mut c);
    c.shutdown();
}

#[test]
fn a_client_that_does_not_pull_keeps_getting_pushes() {
    let ws = workspace("push");
    let (mut c, result) = start_in(&ws, Init::new(Enc::Utf16));
    assert!(
        result["capabilities"].get("diagnosticProvider").is_none(),
        "{result}"
    );
    let opened = ws.uri(".claude/agents/opened.md");
    c.open(&opened, OPENED, 1);
    assert_eq!(
        codes(&json!(c.diagnostics(&opened, Some(1)))),
        ["AG030", "AG031"]
    );
    // A closed file's cross-file findings are pushed as before.
    let found = c.diagnostics(&ws.uri(".claude/agents/broken.md"), None);
    assert_eq!(codes(&json!(found)), ["AG061"]);
    c.shutdown();
}

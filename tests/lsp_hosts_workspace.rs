//! Other hosts' agents in the editor, end to end through the real binary:
//! a Copilot agent's `handoffs[].agent` and `agents:` entries go to the
//! agent they name, list its references and rename it; workspace symbols
//! say each agent's host; a handoff naming no agent gets AG280; and a
//! project with `.claude/agents` and `.github/agents` but no `hosts` setting
//! shows the portability findings (AG230, AG231) as `agentls check` does.

mod lsp_support;

use lsp_support::workspace::{Init, TempWorkspace, start_in};
use lsp_support::{Client, Enc, needle_position, needle_range, sorted_locations};
use serde_json::{Value, json};

const PLAN: &str = "---\ndescription: Plans the work.\nagents: [implementer, reviewer]\n\
handoffs:\n  - label: Implement\n    agent: implementer\n    prompt: Go.\n  \
- label: Review\n    agent: reviewr\n---\nPlan.\n";
const IMPL: &str = "---\nname: implementer\ndescription: Implements.\n---\nDo it.\n";
const TESTER: &str = "---\ndescription: Tests.\nhandoffs:\n  - label: Fix\n    agent: \
implementer\n---\nTest.\n";
const REVIEWER: &str = "---\nname: reviewer\ndescription: Reviews diffs.\n\
tools: Read, Bash(git diff:*)\nmodel: sonnet\n---\nReview.\n";
const SCOUT: &str = "---\nname: scout\ndescription: Scouts.\n---\nScout.\n";

fn project(tag: &str) -> TempWorkspace {
    let ws = TempWorkspace::new(tag);
    ws.write(".github/agents/plan.agent.md", PLAN);
    ws.write(".github/agents/impl.agent.md", IMPL);
    ws.write(".github/agents/tester.agent.md", TESTER);
    ws.write(".claude/agents/reviewer.md", REVIEWER);
    ws.write(
        ".opencode/agents/review.md",
        "---\ndescription: Reviews.\n---\nR.\n",
    );
    ws.write(".gemini/agents/scout.md", SCOUT);
    ws
}

fn start(ws: &TempWorkspace) -> Client {
    let mut init = Init::new(Enc::Utf16);
    init.capabilities["workspace"] = json!({
        "workspaceEdit": { "documentChanges": true, "resourceOperations": ["rename"] }
    });
    start_in(ws, init).0
}

fn at(ws: &TempWorkspace, rel: &str, text: &str, context: &str, needle: &str) -> Value {
    json!({
        "textDocument": { "uri": ws.uri(rel) },
        "position": needle_position(text, context, needle, Enc::Utf16),
    })
}

#[test]
fn a_handoff_goes_to_the_copilot_agent_it_names() {
    let ws = project("hostws-def");
    let mut c = start(&ws);
    let plan = ".github/agents/plan.agent.md";
    c.open(&ws.uri(plan), PLAN, 1);
    let r = c.request(
        "textDocument/definition",
        at(&ws, plan, PLAN, "agent: implementer", "implementer"),
    );
    assert_eq!(
        r["result"]["uri"],
        ws.uri(".github/agents/impl.agent.md"),
        "{r}"
    );
    assert_eq!(
        r["result"]["range"],
        needle_range(IMPL, "name: implementer", "implementer", Enc::Utf16)
    );
    // An `agents:` entry naming a Claude Code agent VS Code reads too.
    let r = c.request(
        "textDocument/definition",
        at(&ws, plan, PLAN, "implementer, reviewer", "reviewer"),
    );
    assert_eq!(
        r["result"]["uri"],
        ws.uri(".claude/agents/reviewer.md"),
        "{r}"
    );
    assert!(c.shutdown().success());
}

#[test]
fn references_and_rename_cover_every_copilot_entry() {
    let ws = project("hostws-refs");
    let mut c = start(&ws);
    let plan = ".github/agents/plan.agent.md";
    c.open(&ws.uri(plan), PLAN, 1);
    let mut params = at(&ws, plan, PLAN, "agent: implementer", "implementer");
    params["context"] = json!({ "includeDeclaration": true });
    let r = c.request("textDocument/references", params);
    let got = sorted_locations(&r["result"]);
    let loc = |rel: &str, text: &str, ctx: &str| {
        (
            ws.uri(rel),
            needle_range(text, ctx, "implementer", Enc::Utf16).to_string(),
        )
    };
    let mut want = vec![
        loc(plan, PLAN, "agents: [implementer"),
        loc(plan, PLAN, "agent: implementer"),
        loc(".github/agents/tester.agent.md", TESTER, "implementer"),
        loc(".github/agents/impl.agent.md", IMPL, "name: implementer"),
    ];
    want.sort();
    assert_eq!(got, want, "{r}");

    let r = c.request(
        "textDocument/prepareRename",
        at(&ws, plan, PLAN, "agent: implementer", "implementer"),
    );
    assert_eq!(r["result"]["placeholder"], "implementer", "{r}");
    let mut params = at(&ws, plan, PLAN, "agent: implementer", "implementer");
    params["newName"] = json!("builder");
    let r = c.request("textDocument/rename", params);
    let changes = &r["result"]["changes"];
    let edited = |rel: &str| -> usize {
        changes[ws.uri(rel)]
            .as_array()
            .unwrap_or_else(|| panic!("{rel}: {r}"))
            .iter()
            .filter(|e| e["newText"] == "builder")
            .count()
    };
    assert_eq!(edited(plan), 2);
    assert_eq!(edited(".github/agents/tester.agent.md"), 1);
    assert_eq!(edited(".github/agents/impl.agent.md"), 1);
    assert!(c.shutdown().success());
}

#[test]
fn renaming_an_agent_named_by_its_file_renames_the_file() {
    let ws = project("hostws-file");
    let mut c = start(&ws);
    // `tester` has no `name:`: VS Code names it after its file.
    ws.write(
        ".github/agents/lead.agent.md",
        "---\ndescription: Leads.\nagents: [tester]\n---\nLead.\n",
    );
    let lead = "---\ndescription: Leads.\nagents: [tester]\n---\nLead.\n";
    c.open(&ws.uri(".github/agents/lead.agent.md"), lead, 1);
    let mut params = at(
        &ws,
        ".github/agents/lead.agent.md",
        lead,
        "[tester]",
        "tester",
    );
    params["newName"] = json!("checker");
    let r = c.request("textDocument/rename", params);
    let ops = r["result"]["documentChanges"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"));
    let rename = ops.last().unwrap();
    assert_eq!(rename["kind"], "rename", "{r}");
    assert_eq!(rename["oldUri"], ws.uri(".github/agents/tester.agent.md"));
    assert_eq!(rename["newUri"], ws.uri(".github/agents/checker.agent.md"));
    assert!(
        ops.iter().any(
            |o| o["textDocument"]["uri"] == ws.uri(".github/agents/lead.agent.md")
                && o["edits"][0]["newText"] == "checker"
        ),
        "{r}"
    );
    assert!(c.shutdown().success());
}

#[test]
fn workspace_symbols_say_the_host() {
    let ws = project("hostws-symbols");
    let mut c = start(&ws);
    let r = c.request("workspace/symbol", json!({ "query": "" }));
    let mut got: Vec<String> = r["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .map(|s| {
            format!(
                "{} · {}",
                s["name"].as_str().unwrap(),
                s["containerName"].as_str().unwrap()
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            "implementer · Copilot agent · Implements.",
            "plan · Copilot agent · Plans the work.",
            "review · OpenCode agent · Reviews.",
            "reviewer · Claude Code agent · project · Reviews diffs.",
            "scout · Gemini CLI agent · Scouts.",
            "tester · Copilot agent · Tests.",
        ]
    );
    assert!(c.shutdown().success());
}

#[test]
fn a_handoff_naming_no_agent_is_a_warning_with_a_fix() {
    let ws = project("hostws-unknown");
    let mut c = start(&ws);
    let plan = ".github/agents/plan.agent.md";
    c.open(&ws.uri(plan), PLAN, 1);
    let diags = c.diagnostics(&ws.uri(plan), Some(1));
    let found: Vec<&Value> = diags.iter().filter(|d| d["code"] == "AG280").collect();
    assert_eq!(found.len(), 1, "{diags:?}");
    assert_eq!(found[0]["severity"], 2);
    assert_eq!(
        found[0]["range"],
        needle_range(PLAN, "agent: reviewr", "reviewr", Enc::Utf16)
    );
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("Did you mean `reviewer`?")
    );
    assert!(c.shutdown().success());
}

/// Differential: without `hosts`, the editor serves the hosts the index's
/// folders show, as `check` does: the same AG230 and AG231.
#[test]
fn portability_is_inferred_from_the_folders_as_check_does() {
    let ws = project("hostws-port");
    let mut c = start(&ws);
    let rel = ".claude/agents/reviewer.md";
    c.open(&ws.uri(rel), REVIEWER, 1);
    let diags = c.diagnostics(&ws.uri(rel), Some(1));
    let mut server: Vec<(String, u64)> = diags
        .iter()
        .filter(|d| d["code"] == "AG230" || d["code"] == "AG231")
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap() + 1,
            )
        })
        .collect();
    server.sort();
    assert_eq!(
        server,
        vec![("AG230".to_string(), 4), ("AG231".to_string(), 5)],
        "{diags:?}"
    );
    let out = std::process::Command::new(lsp_support::binary())
        .args(["check", "--format", "json", "."])
        .current_dir(ws.root())
        .env("AGENTLS_HOME", "/nonexistent/agentls-home")
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut check: Vec<(String, u64)> = Vec::new();
    for file in report["files"].as_array().unwrap() {
        if !file["path"].as_str().unwrap().ends_with("reviewer.md") {
            continue;
        }
        for d in file["diagnostics"].as_array().unwrap() {
            let code = d["code"].as_str().unwrap();
            if code == "AG230" || code == "AG231" {
                check.push((
                    code.to_string(),
                    d["range"]["start"]["line"].as_u64().unwrap(),
                ));
            }
        }
    }
    check.sort();
    assert_eq!(server, check, "server == check");
    assert!(c.shutdown().success());
}

/// Removing the Copilot folder takes Copilot off the hosts served: the open
/// Claude Code agent is shown again without AG230.
#[test]
fn the_open_documents_follow_the_hosts_the_index_shows() {
    let ws = TempWorkspace::new("hostws-follow");
    ws.write(".claude/agents/reviewer.md", REVIEWER);
    let mut init = Init::new(Enc::Utf16);
    init.capabilities["workspace"] =
        json!({ "didChangeWatchedFiles": { "dynamicRegistration": false } });
    let (mut c, _) = start_in(&ws, init);
    let rel = ".claude/agents/reviewer.md";
    c.open(&ws.uri(rel), REVIEWER, 1);
    let diags = c.diagnostics(&ws.uri(rel), Some(1));
    assert!(!diags.iter().any(|d| d["code"] == "AG230"), "{diags:?}");
    ws.write(
        ".github/agents/helper.agent.md",
        "---\ndescription: Helps.\n---\nHelp.\n",
    );
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": ws.uri(".github/agents/helper.agent.md"), "type": 1 }] }),
    );
    let uri = ws.uri(rel);
    let shown = c.wait_for(std::time::Duration::from_secs(10), |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri.as_str()
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["code"] == "AG230"))
    });
    assert!(shown.is_some(), "AG230 once the project has .github/agents");
    assert!(c.shutdown().success());
}

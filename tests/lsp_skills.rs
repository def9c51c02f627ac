//! The server analyses skills and commands by their own rules and
//! publishes their findings; agent-only features stay away from them.

mod lsp_support;

use lsp_support::{Client, Enc, expected_diagnostics, sorted};
use serde_json::json;

fn uri_of(path: &str) -> (String, std::path::PathBuf) {
    let path = std::path::PathBuf::from(path);
    (format!("file://{}", path.display()), path)
}

#[test]
fn opening_a_skill_or_command_publishes_its_own_findings() {
    let (mut c, _) = Client::start(None);
    let skill = "---\nname: Other_Name\ndescription: Formats code.\nallowed-tools: Read\n\
                 effort: huge\n---\n# Format\n";
    let (uri, path) = uri_of("/tmp/ws-skills/.claude/skills/fmt/SKILL.md");
    c.open(&uri, skill, 1);
    let got = c.diagnostics(&uri, Some(1));
    let codes: Vec<&str> = got.iter().filter_map(|d| d["code"].as_str()).collect();
    // The skill rules: name differs from the folder (AG101) and breaks the
    // specification (AG102); `effort` is out of its set (AG041). The agent
    // rules would have called `allowed-tools` unknown (AG015).
    for code in ["AG101", "AG102", "AG041"] {
        assert!(codes.contains(&code), "{code} missing in {codes:?}");
    }
    assert!(!codes.contains(&"AG015"), "{codes:?}");
    let want = expected_diagnostics(&uri, &path, skill, Enc::Utf16);
    assert_eq!(sorted(got), sorted(want));

    let command = "---\ndescription: Commit\npaths: src\n---\nCommit.\n";
    let (uri, _) = uri_of("/tmp/ws-skills/.claude/commands/commit.md");
    c.open(&uri, command, 1);
    let got = c.diagnostics(&uri, Some(1));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["code"], "AG015");
    assert!(got[0]["message"].as_str().unwrap().contains("skills only"));
    assert!(c.shutdown().success());
}

/// Completion offers agent keys in agent files only: a `SKILL.md` gets its
/// own keys (the skill catalog's), none of the agents'.
#[test]
fn no_agent_completion_in_a_skill() {
    let (mut c, _) = Client::start(None);
    let text = "---\nna\n---\n";
    let (uri, _) = uri_of("/tmp/ws-skills-c/.claude/skills/s/SKILL.md");
    c.open(&uri, text, 1);
    let _ = c.diagnostics(&uri, Some(1));
    let labels = completion_labels(&mut c, &uri, 1, 2);
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    for agent_key in ["tools", "color", "memory"] {
        assert!(!labels.contains(&agent_key), "{labels:?}");
    }
    for skill_key in [
        "name",
        "allowed-tools",
        "disable-model-invocation",
        "context",
    ] {
        assert!(
            labels.contains(&skill_key),
            "{skill_key} missing in {labels:?}"
        );
    }
    // A value of a skill enum.
    let text = "---
context: 
---
";
    c.change(&uri, 2, json!([{ "text": text }]));
    assert_eq!(completion_labels(&mut c, &uri, 1, 9), ["fork", "inline"]);
    assert!(c.shutdown().success());
}

/// The labels completion offers at a position (a list or a CompletionList).
fn completion_labels(c: &mut Client, uri: &str, line: u32, character: u32) -> Vec<String> {
    let reply = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    );
    let result = &reply["result"];
    let items = result["items"].as_array().or(result.as_array());
    items
        .into_iter()
        .flatten()
        .filter_map(|i| i["label"].as_str().map(str::to_string))
        .collect()
}

/// The `name` line of the skill below, whole.
fn name_line_range() -> serde_json::Value {
    json!({"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 16}})
}

/// Quick fixes reach skills: AG101 (name differs from the folder) offers
/// the folder's name, with the diagnostic it fixes.
#[test]
fn a_skill_gets_quick_fixes_for_its_own_findings() {
    let (mut c, _) = Client::start(None);
    let skill = "---\nname: Other_Name\ndescription: Formats code.\n---\n# Format\n";
    let (uri, _) = uri_of("/tmp/ws-skills-a/.claude/skills/fmt/SKILL.md");
    c.open(&uri, skill, 1);
    let _ = c.diagnostics(&uri, Some(1));
    let reply = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": name_line_range(),
            "context": {"diagnostics": []},
        }),
    );
    let actions = reply["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{reply}"));
    let fix = actions
        .iter()
        .find(|a| {
            a["kind"] == "quickfix"
                && a["diagnostics"]
                    .as_array()
                    .is_some_and(|d| d.iter().any(|d| d["code"] == "AG101"))
                && a["edit"]["changes"][&uri]
                    .as_array()
                    .is_some_and(|e| e.iter().any(|e| e["newText"] == "fmt"))
        })
        .unwrap_or_else(|| panic!("no AG101 fix in {actions:#?}"));
    let edit = &fix["edit"]["changes"][&uri][0];
    assert_eq!(edit["range"]["start"]["line"], 1, "{edit}");

    // The outline is kind-agnostic too.
    let reply = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(
        reply["result"].as_array().is_some_and(|s| !s.is_empty()),
        "{reply}"
    );
    assert!(c.shutdown().success());
}

/// Hover on a skill's or command's key shows the skill catalog's card; an
/// agent-only key gets no agent card there.
#[test]
fn hover_on_a_skill_key_reads_the_skill_catalog() {
    let (mut c, _) = Client::start(None);
    let skill = "---\nname: fmt\ndescription: Formats.\ndisable-model-invocation: true\n\
                 color: red\n---\n";
    let (uri, _) = uri_of("/tmp/ws-skills-h/.claude/skills/fmt/SKILL.md");
    c.open(&uri, skill, 1);
    let _ = c.diagnostics(&uri, Some(1));
    let hover = |c: &mut Client, line: u32| {
        c.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 3}}),
        )["result"]
            .clone()
    };
    let card = hover(&mut c, 3);
    let text = card["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("{card}"));
    assert!(text.contains("disable-model-invocation"), "{text}");
    assert!(text.contains("only the user can invoke it"), "{text}");
    assert!(text.contains("`true`, `false`"), "{text}");
    assert_eq!(card["range"]["start"]["line"], 3);
    // `color` is an agent key: no card from the agent catalog in a skill.
    assert!(hover(&mut c, 4).is_null());

    // In a command, a skill-only key says so.
    let command = "---\npaths: src/**\n---\nBody.\n";
    let (uri, _) = uri_of("/tmp/ws-skills-h/.claude/commands/go.md");
    c.open(&uri, command, 1);
    let _ = c.diagnostics(&uri, Some(1));
    let card = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 2}}),
    )["result"]
        .clone();
    let text = card["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("{card}"));
    assert!(text.contains("skills only"), "{text}");
    assert!(c.shutdown().success());
}

/// A pulling client's `workspace/diagnostic` lists a skill nobody opened,
/// with its own findings.
#[test]
fn a_never_opened_skill_is_in_the_workspace_pull() {
    use lsp_support::workspace::{Init, TempWorkspace, start_in};
    let ws = TempWorkspace::new("skills-pull");
    ws.write(
        ".claude/skills/fmt/SKILL.md",
        "---\nname: Other_Name\ndescription: Formats.\n---\n",
    );
    ws.write(
        ".claude/agents/ok.md",
        "---\nname: ok\ndescription: Fine.\n---\nBody.\n",
    );
    let mut init = Init::new(Enc::Utf16);
    init.capabilities["textDocument"] = json!({ "diagnostic": { "dynamicRegistration": false } });
    let (mut c, _) = start_in(&ws, init);
    let reply = c.request(
        "workspace/diagnostic",
        json!({ "identifier": "agentls", "previousResultIds": [] }),
    );
    let items = reply["result"]["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{reply}"));
    let uri = ws.uri(".claude/skills/fmt/SKILL.md");
    let report = items
        .iter()
        .find(|r| r["uri"] == uri.as_str())
        .unwrap_or_else(|| panic!("the skill is not reported: {items:#?}"));
    let codes: Vec<&str> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"AG101"), "{codes:?}");
    c.shutdown();
}

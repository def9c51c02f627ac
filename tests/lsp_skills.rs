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

/// Completion offers agent keys in agent files only: a `SKILL.md` gets none
/// of them (its own keys are for later).
#[test]
fn no_agent_completion_in_a_skill() {
    let (mut c, _) = Client::start(None);
    let text = "---\nna\n---\n";
    let (uri, _) = uri_of("/tmp/ws-skills-c/.claude/skills/s/SKILL.md");
    c.open(&uri, text, 1);
    let _ = c.diagnostics(&uri, Some(1));
    let reply = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 2}}),
    );
    let result = &reply["result"];
    let items = result["items"].as_array().or(result.as_array());
    let labels: Vec<&str> = items
        .into_iter()
        .flatten()
        .filter_map(|i| i["label"].as_str())
        .collect();
    for agent_key in ["tools", "color", "memory"] {
        assert!(!labels.contains(&agent_key), "{labels:?}");
    }
    assert!(c.shutdown().success());
}

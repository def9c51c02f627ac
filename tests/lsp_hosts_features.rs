//! Editing an OpenCode agent and a Gemini CLI subagent through the real
//! server: completion offers that host's keys, values and tool names (none
//! of Claude Code's), hover shows that host's card, and semantic tokens mark
//! what that host does not read.

mod lsp_support;

use lsp_support::Client;
use serde_json::{Value, json};

fn uri_of(path: &str) -> String {
    format!("file://{path}")
}

fn labels(reply: &Value) -> Vec<String> {
    let result = &reply["result"];
    result["items"]
        .as_array()
        .or(result.as_array())
        .into_iter()
        .flatten()
        .filter_map(|i| i["label"].as_str().map(String::from))
        .collect()
}

fn complete(c: &mut Client, uri: &str, line: u32, character: u32) -> Vec<String> {
    labels(&c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    ))
}

fn hover(c: &mut Client, uri: &str, line: u32, character: u32) -> String {
    let reply = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    );
    reply["result"]["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

/// (line, start, length, struck through) of each semantic token.
fn tokens(c: &mut Client, uri: &str) -> Vec<(u64, u64, u64, bool)> {
    let reply = c.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": uri}}),
    );
    let data: Vec<u64> = reply["result"]["data"]
        .as_array()
        .expect("tokens")
        .iter()
        .filter_map(Value::as_u64)
        .collect();
    let (mut line, mut start) = (0, 0);
    data.chunks(5)
        .map(|t| {
            if t[0] > 0 {
                start = 0;
            }
            line += t[0];
            start += t[1];
            (line, start, t[2], t[4] & 1 == 1)
        })
        .collect()
}

#[test]
fn an_opencode_agent_is_completed_hovered_and_highlighted_as_opencode() {
    let (mut c, _) = Client::start(None);
    let text = "---\ndescription: Reviews code.\nmode: \ntools:\n  write: false\n  \n\
                color: red\n---\nReview.\n";
    let uri = uri_of("/tmp/ws-hostfeat/.opencode/agents/review.md");
    c.open(&uri, text, 1);
    // `mode: ` offers OpenCode's three modes.
    assert_eq!(complete(&mut c, &uri, 2, 6), ["subagent", "primary", "all"]);
    // Under `tools:`, OpenCode's tool names not yet listed.
    let tools = complete(&mut c, &uri, 5, 2);
    assert!(tools.contains(&"bash".to_string()), "{tools:?}");
    assert!(!tools.contains(&"write".to_string()), "{tools:?}");
    assert!(!tools.contains(&"Bash".to_string()), "{tools:?}");
    let card = hover(&mut c, &uri, 2, 1);
    assert!(card.starts_with("**`mode`** (OpenCode)"), "{card}");
    let card = hover(&mut c, &uri, 4, 3);
    assert!(card.contains("(OpenCode tool)"), "{card}");
    // Keys, the mode, the tool; `red` is not one of OpenCode's colors.
    let got = tokens(&mut c, &uri);
    assert!(got.contains(&(4, 2, 5, false)), "write: {got:?}");
    assert!(got.contains(&(6, 7, 3, true)), "red: {got:?}");
    assert_eq!(got.iter().filter(|t| t.3).count(), 1, "{got:?}");
    assert!(c.shutdown().success());
}

#[test]
fn a_gemini_subagent_is_completed_hovered_and_highlighted_as_gemini() {
    let (mut c, _) = Client::start(None);
    let text = "---\nname: reviewer\ndescription: Reviews code.\ntools: [read_file, ]\n\
                kind: \ncolor: red\n---\nReview.\n";
    let uri = uri_of("/tmp/ws-hostfeat/.gemini/agents/reviewer.md");
    c.open(&uri, text, 1);
    let tools = complete(&mut c, &uri, 3, 19);
    assert!(tools.contains(&"grep_search".to_string()), "{tools:?}");
    assert!(!tools.contains(&"read_file".to_string()), "{tools:?}");
    assert!(!tools.contains(&"Read".to_string()), "{tools:?}");
    assert_eq!(complete(&mut c, &uri, 4, 6), ["local", "remote"]);
    let card = hover(&mut c, &uri, 3, 10);
    assert!(
        card.starts_with("**`read_file`** (Gemini CLI tool)"),
        "{card}"
    );
    let card = hover(&mut c, &uri, 1, 1);
    assert!(card.starts_with("**`name`** (Gemini CLI)"), "{card}");
    // `color` is not a Gemini CLI key: the one token struck through.
    let got = tokens(&mut c, &uri);
    assert!(got.contains(&(3, 8, 9, false)), "read_file: {got:?}");
    assert_eq!(
        got.iter().filter(|t| t.3).collect::<Vec<_>>(),
        [&(5, 0, 5, true)],
        "{got:?}"
    );
    assert!(c.shutdown().success());
}

//! End-to-end completion, colors and semantic tokens through the real
//! `agentls lsp` binary, in a temporary workspace with agents on disk and a
//! `.mcp.json`, so names offered come from the workspace index.

mod lsp_support;

use std::path::Path;

use lsp_support::workspace::{Init, TempWorkspace, start_in};
use lsp_support::{Client, Enc, position, range};
use serde_json::{Value, json};

/// The workspace: two agents, a README that is not one, and `.mcp.json`.
fn workspace(tag: &str) -> TempWorkspace {
    let ws = TempWorkspace::new(&format!("completion-{tag}"));
    ws.write(
        ".claude/agents/x.md",
        "---\nname: x-helper\ndescription: Helps.\n---\nHelp.\n",
    );
    ws.write(
        ".claude/agents/reviewer.md",
        "---\nname: reviewer\ndescription: Reviews.\n---\nReview.\n",
    );
    // Not an agent: no front matter, so no name.
    ws.write(".claude/agents/README.md", "# Agents\nname: nope\n");
    ws.write(
        ".mcp.json",
        r#"{"mcpServers": {"github": {"command": "gh-mcp"}, "context7": {"url": "https://x"}}}"#,
    );
    ws
}

/// `initialize` with the workspace folder and the client capabilities the
/// features need. Names come from the workspace index, built in the
/// background: [`start_in`] waits until workspace/symbol answers with it.
fn start(ws: &TempWorkspace, enc: Enc) -> Client {
    let mut init = Init::new(enc);
    init.capabilities["textDocument"] =
        json!({ "completion": { "completionItem": { "snippetSupport": true } } });
    let (c, result) = start_in(ws, init);
    assert_eq!(result["capabilities"]["positionEncoding"], enc.name());
    c
}

/// Completion at byte `offset` of `text`: the items.
fn complete(c: &mut Client, uri: &str, text: &str, offset: usize, enc: Enc) -> Vec<Value> {
    let resp = c.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": position(text, offset, enc) }),
    );
    let result = &resp["result"];
    let items = result
        .get("items")
        .or(Some(result))
        .and_then(Value::as_array);
    items.cloned().unwrap_or_default()
}

fn labels(items: &[Value]) -> Vec<&str> {
    items.iter().filter_map(|i| i["label"].as_str()).collect()
}

fn item<'a>(items: &'a [Value], label: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["label"] == label)
        .unwrap_or_else(|| panic!("no {label} in {:?}", labels(items)))
}

const KIND_PROPERTY: i64 = 10;
const KIND_COLOR: i64 = 16;
const KIND_FUNCTION: i64 = 3;

#[test]
fn completion_in_a_workspace() {
    let ws = workspace("complete");
    // An emoji before the cursor on the tools line makes UTF-16 and UTF-8
    // columns differ.
    let text = "---\nname: lead\ndescription: Delegates work.\nco\ntools: Read, 🧠x, Gr, Agent(\n---\nDelegate.\n";
    for enc in [Enc::Utf16, Enc::Utf8] {
        let mut c = start(&ws, enc);
        let uri = ws.uri(".claude/agents/lead.md");
        c.open(&uri, text, 1);

        // A partial key at column 0.
        let at = text.find("co\n").unwrap() + 2;
        let items = complete(&mut c, &uri, text, at, enc);
        let color = item(&items, "color");
        assert_eq!(color["kind"], KIND_PROPERTY);
        assert_eq!(color["insertTextFormat"], 2, "snippet");
        let start = at - 2;
        assert_eq!(color["textEdit"]["range"], range(text, &(start..at), enc));
        assert!(
            color["textEdit"]["newText"]
                .as_str()
                .unwrap()
                .starts_with("color: ${1|red,")
        );
        assert_eq!(color["documentation"]["kind"], "markdown");
        assert!(!labels(&items).contains(&"name"), "present key offered");

        // A partial tool name: replaced whole, legacy names never offered.
        let at = text.find("Gr,").unwrap() + 2;
        let items = complete(&mut c, &uri, text, at, enc);
        let grep = item(&items, "Grep");
        assert_eq!(grep["kind"], KIND_FUNCTION);
        assert_eq!(grep["textEdit"]["range"], range(text, &(at - 2..at), enc));
        assert_eq!(grep["textEdit"]["newText"], "Grep");
        let l = labels(&items);
        assert!(!l.contains(&"Read") && !l.contains(&"MultiEdit") && !l.contains(&"Task"));
        assert!(
            l.contains(&"mcp__github__") && l.contains(&"mcp__context7__"),
            "{l:?}"
        );

        // Inside `Agent(`: the agents on disk, by their `name:`.
        let at = text.find("Agent(").unwrap() + 6;
        let items = complete(&mut c, &uri, text, at, enc);
        assert_eq!(labels(&items), ["reviewer", "x-helper"]);

        // The body gets nothing.
        let at = text.find("Delegate.").unwrap() + 3;
        assert!(complete(&mut c, &uri, text, at, enc).is_empty());
        assert!(c.shutdown().success());
    }
}

#[test]
fn color_values_and_swatches() {
    let ws = workspace("colors");
    let text = "---\nname: painter\ndescription: Paints.\ncolor: purple\n---\nPaint.\n";
    let enc = Enc::Utf16;
    let mut c = start(&ws, enc);
    let uri = ws.uri(".claude/agents/painter.md");
    c.open(&uri, text, 1);

    let at = text.find("purple").unwrap();
    let items = complete(&mut c, &uri, text, at + 3, enc);
    assert_eq!(
        labels(&items),
        [
            "red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan"
        ]
    );
    let purple = item(&items, "purple");
    assert_eq!(purple["kind"], KIND_COLOR);
    assert_eq!(purple["documentation"], "#8e4ec6");
    assert_eq!(purple["textEdit"]["range"], range(text, &(at..at + 6), enc));

    let resp = c.request(
        "textDocument/documentColor",
        json!({ "textDocument": { "uri": uri } }),
    );
    let colors = resp["result"].as_array().expect("colors");
    assert_eq!(colors.len(), 1, "{resp}");
    assert_eq!(colors[0]["range"], range(text, &(at..at + 6), enc));
    let c0 = &colors[0]["color"];
    let close = |v: &Value, want: f64| (v.as_f64().unwrap() - want).abs() < 1e-3;
    assert!(close(&c0["red"], 0x8e as f64 / 255.0), "{c0}");
    assert!(close(&c0["green"], 0x4e as f64 / 255.0), "{c0}");
    assert!(close(&c0["blue"], 0xc6 as f64 / 255.0), "{c0}");

    // Picking something near red offers `red` first, as an edit of the value.
    let resp = c.request(
        "textDocument/colorPresentation",
        json!({
            "textDocument": { "uri": uri },
            "color": { "red": 0.9, "green": 0.3, "blue": 0.3, "alpha": 1.0 },
            "range": colors[0]["range"],
        }),
    );
    let presentations = resp["result"].as_array().expect("presentations");
    assert_eq!(presentations.len(), 8);
    assert_eq!(presentations[0]["label"], "red");
    assert_eq!(presentations[0]["textEdit"]["newText"], "red");
    assert_eq!(presentations[0]["textEdit"]["range"], colors[0]["range"]);
    assert!(c.shutdown().success());
}

/// One decoded token: line, start, length, type name, modifier names.
type Decoded = (u64, u64, u64, String, Vec<String>);

fn decode(data: &[Value], legend: &Value) -> Vec<Decoded> {
    let types: Vec<&str> = legend["tokenTypes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let mods: Vec<&str> = legend["tokenModifiers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let nums: Vec<u64> = data.iter().filter_map(Value::as_u64).collect();
    assert_eq!(nums.len() % 5, 0, "data comes in fives");
    let (mut line, mut start) = (0, 0);
    nums.chunks(5)
        .map(|t| {
            if t[0] > 0 {
                start = 0;
            }
            line += t[0];
            start += t[1];
            let kind = types
                .get(t[3] as usize)
                .expect("type in legend")
                .to_string();
            let m = (0..mods.len())
                .filter(|b| t[4] & (1 << b) != 0)
                .map(|b| mods[b].to_string())
                .collect();
            (line, start, t[2], kind, m)
        })
        .collect()
}

#[test]
fn semantic_tokens_for_seed_003() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds/003_03229a3180e98b31.md"),
    )
    .unwrap();
    let ws = workspace("tokens");
    for enc in [Enc::Utf16, Enc::Utf8] {
        // No workspace folder: the tokens need no index.
        let (mut c, init) = Client::start(Some(&[enc.name()]));
        let legend = init["capabilities"]["semanticTokensProvider"]["legend"].clone();
        let uri = ws.uri(".claude/agents/003.md");
        c.open(&uri, &text, 1);
        let resp = c.request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": uri } }),
        );
        let data = resp["result"]["data"].as_array().expect("data").clone();
        let tokens = decode(&data, &legend);
        assert!(!tokens.is_empty());
        // Every token is exactly the text it claims, in this encoding.
        let lines: Vec<&str> = text.lines().collect();
        let token_text = |t: &Decoded| -> String {
            let line = lines[t.0 as usize];
            let (s, e) = match enc {
                Enc::Utf8 => (t.1 as usize, (t.1 + t.2) as usize),
                Enc::Utf16 => {
                    let byte = |col: u64| {
                        let mut units = 0;
                        line.char_indices()
                            .find(|(_, ch)| {
                                let here = units;
                                units += ch.len_utf16() as u64;
                                here >= col
                            })
                            .map_or(line.len(), |(i, _)| i)
                    };
                    (byte(t.1), byte(t.1 + t.2))
                }
            };
            line[s..e].to_string()
        };
        let find = |word: &str| {
            tokens
                .iter()
                .find(|t| token_text(t) == word)
                .unwrap_or_else(|| panic!("no token {word}: {tokens:?}"))
                .clone()
        };
        let multi = find("MultiEdit");
        assert_eq!(multi.3, "function");
        assert!(multi.4.contains(&"deprecated".to_string()), "{multi:?}");
        let read = find("Read");
        assert_eq!((read.3.as_str(), read.4.len()), ("function", 0));
        let name = find("name");
        assert_eq!((name.3.as_str(), name.4.len()), ("property", 0));
        let unknown = find("aml_enabled");
        assert!(unknown.4.contains(&"deprecated".to_string()), "{unknown:?}");
        let sonnet = find("sonnet");
        assert_eq!((sonnet.3.as_str(), sonnet.4.len()), ("enumMember", 0));
        assert!(find("LS").4.contains(&"deprecated".to_string()));
        assert!(c.shutdown().success());
    }
}

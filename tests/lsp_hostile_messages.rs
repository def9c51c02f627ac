//! The transport never dies: a table of hostile JSON-RPC bodies (every
//! member of a request, a notification and a response replaced in turn by
//! something deep, undecodable, huge or of the wrong type) is sent to one
//! server. Each request whose id survives gets exactly one answer, and a
//! normal request afterwards is still answered.

mod lsp_support;

use std::collections::BTreeMap;
use std::time::Duration;

use lsp_support::{Client, agent_uri};
use serde_json::json;

/// Raw JSON fragments, not all of them valid JSON or UTF-8.
fn hostile_values() -> Vec<(&'static str, Vec<u8>)> {
    let deep = |open: &str, close: &str, n: usize| {
        let mut v = open.repeat(n).into_bytes();
        v.extend(close.repeat(n).into_bytes());
        v
    };
    vec![
        ("array depth 1000", deep("[", "]", 1000)),
        ("array depth 127", deep("[", "]", 127)),
        ("object depth 1000", {
            let mut v = r#"{"a":"#.repeat(1000).into_bytes();
            v.extend(b"1");
            v.extend("}".repeat(1000).into_bytes());
            v
        }),
        ("unclosed depth 1000", "[".repeat(1000).into_bytes()),
        ("invalid UTF-8 in a string", b"\"\xff\xfe\xc3\"".to_vec()),
        ("invalid UTF-8 bare", b"\xff\x80".to_vec()),
        ("lone surrogate escape", br#""\udc00\ud800""#.to_vec()),
        ("NUL and controls", b"\"\x00\x01\x1b\"".to_vec()),
        ("float overflow", b"1e999".to_vec()),
        (
            "huge integer",
            b"123456789012345678901234567890123456789".to_vec(),
        ),
        ("negative", b"-1".to_vec()),
        ("fraction", b"0.5".to_vec()),
        ("true", b"true".to_vec()),
        ("null", b"null".to_vec()),
        ("empty object", b"{}".to_vec()),
        ("empty array", b"[]".to_vec()),
        ("string", br#""textDocument/hover""#.to_vec()),
        ("one MB string", {
            let mut v = b"\"".to_vec();
            v.extend(std::iter::repeat_n(b'a', 1 << 20));
            v.push(b'"');
            v
        }),
    ]
}

/// Values that make the whole body invalid JSON: no id can be read from
/// it, so JSON-RPC wants a parse error with a null id.
const NOT_JSON: [&str; 3] = [
    "unclosed depth 1000",
    "invalid UTF-8 bare",
    "NUL and controls",
];

/// A message as an ordered list of members, each a raw fragment.
fn body(members: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = b"{".to_vec();
    for (i, (name, value)) in members.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend(format!("\"{name}\":").into_bytes());
        out.extend(value);
    }
    out.push(b'}');
    out
}

#[test]
fn hostile_message_table_never_ends_the_server() {
    let (mut c, _) = Client::start(Some(&["utf-16"]));
    let (uri, _) = agent_uri("hostile", "a.md");
    let text = "---\nname: a\ndescription: d\ntools: Read\n---\nbody\n";
    c.open(&uri, text, 1);
    c.diagnostics(&uri, Some(1));

    let hover_params = serde_json::to_vec(&json!({
        "textDocument": { "uri": uri }, "position": { "line": 3, "character": 8 }
    }))
    .expect("json");
    let change_params = serde_json::to_vec(&json!({
        "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": text }]
    }))
    .expect("json");

    let mut expect_answer: BTreeMap<i64, String> = BTreeMap::new();
    let mut next_id = 10_000;
    let mut sent = 0;
    let mut not_json = 0;
    for (value_name, value) in hostile_values() {
        for shape in ["request", "notification", "response"] {
            let base: Vec<(&str, Vec<u8>)> = match shape {
                "request" => vec![
                    ("jsonrpc", br#""2.0""#.to_vec()),
                    ("id", next_id.to_string().into_bytes()),
                    ("method", br#""textDocument/hover""#.to_vec()),
                    ("params", hover_params.clone()),
                ],
                "notification" => vec![
                    ("jsonrpc", br#""2.0""#.to_vec()),
                    ("method", br#""textDocument/didChange""#.to_vec()),
                    ("params", change_params.clone()),
                ],
                _ => vec![
                    ("jsonrpc", br#""2.0""#.to_vec()),
                    ("id", next_id.to_string().into_bytes()),
                    ("result", b"null".to_vec()),
                ],
            };
            let names = ["jsonrpc", "id", "method", "params", "result", "error", "x"];
            for member in names {
                let mut msg = base.clone();
                if let Some(id) = msg.iter_mut().find(|(n, _)| *n == "id") {
                    id.1 = next_id.to_string().into_bytes();
                }
                match msg.iter_mut().find(|(n, _)| *n == member) {
                    Some(slot) => slot.1 = value.clone(),
                    None => msg.push((member, value.clone())),
                }
                c.send_body(&body(&msg));
                sent += 1;
                if NOT_JSON.contains(&value_name) {
                    not_json += 1;
                } else if shape == "request" && member != "id" {
                    expect_answer.insert(next_id, format!("{member} = {value_name}"));
                }
                next_id += 1;
            }
        }
    }
    assert!(sent > 300, "the table shrank to {sent} messages");

    // A normal request is answered after all of that.
    let hover = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 3, "character": 8 } }),
    );
    assert!(
        hover["result"]["contents"].is_object(),
        "hover after the table: {hover}"
    );
    c.assert_alive();

    let mut answers: BTreeMap<i64, usize> = BTreeMap::new();
    let mut parse_errors = 0;
    for m in c.drain(Duration::from_millis(300)) {
        if m.get("method").is_some() {
            continue;
        }
        if let Some(id) = m["id"].as_i64() {
            *answers.entry(id).or_default() += 1;
        } else if m["id"].is_null() && m["error"]["code"] == -32700 {
            parse_errors += 1;
        }
    }
    assert!(
        parse_errors >= not_json,
        "{not_json} bodies were not JSON, {parse_errors} parse errors came back"
    );
    for (id, what) in &expect_answer {
        assert_eq!(
            answers.get(id).copied().unwrap_or(0),
            1,
            "request {id} with {what} was not answered exactly once"
        );
    }
    assert_eq!(c.shutdown().code(), Some(0));
}

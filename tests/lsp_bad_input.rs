//! Protocol-level bad input: each test sends something hostile or broken
//! and then proves the server is still alive by getting an answer to a
//! later request. No test may hang: every wait has a timeout.

mod lsp_support;

use std::time::{Duration, Instant};

use lsp_support::{Client, Enc, agent_uri, expected_diagnostics, sorted};
use serde_json::{Value, json};

/// Generous for a debug build; the point is "bounded", not "fast".
const BIG_INPUT_TIMEOUT: Duration = Duration::from_secs(90);

fn started() -> Client {
    Client::start(Some(&["utf-16"])).0
}

/// Open `text` as an agent file and require its diagnostics (any) in time.
fn open_and_expect_publish(c: &mut Client, name: &str, text: &str) -> Duration {
    let (uri, _) = agent_uri("bad", name);
    let t0 = Instant::now();
    c.open(&uri, text, 1);
    c.diagnostics_within(&uri, Some(1), BIG_INPUT_TIMEOUT);
    t0.elapsed()
}

#[test]
fn ten_megabyte_document_is_analysed_in_bounded_time() {
    let mut c = started();
    let mut text = String::from("---\nname: big\ndescription: a big one\n---\n");
    let line = "Some body text with **markdown** and `code` and a [link](http://x).\n";
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(line);
    }
    let took = open_and_expect_publish(&mut c, "big.md", &text);
    eprintln!("10 MB didOpen -> publishDiagnostics: {took:?}");
    // An edit at the end of the big document is applied and published too.
    let (uri, _) = agent_uri("bad", "big.md");
    let end = json!({ "line": text.matches('\n').count(), "character": 0 });
    c.change(
        &uri,
        2,
        json!([{ "range": { "start": end, "end": end }, "text": "x" }]),
    );
    c.diagnostics_within(&uri, Some(2), BIG_INPUT_TIMEOUT);
    c.assert_alive();
}

#[test]
fn hundred_thousand_line_front_matter() {
    let mut c = started();
    let mut text = String::from("---\nname: long\n");
    for i in 0..100_000 {
        text.push_str(&format!("key{i}: value {i}\n"));
    }
    text.push_str("---\nbody\n");
    open_and_expect_publish(&mut c, "long.md", &text);
    c.assert_alive();
}

#[test]
fn yaml_alias_bomb_in_front_matter() {
    let mut c = started();
    let mut text = String::from("---\nname: bomb\n");
    let mut prev = String::from("x");
    for (i, anchor) in ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .enumerate()
    {
        let items = vec![prev.clone(); 9].join(",");
        text.push_str(&format!("{anchor}: &{anchor} [{items}]\n"));
        prev = format!("*{anchor}");
        let _ = i;
    }
    text.push_str("tools: *i\ndescription: *i\n---\nbody\n");
    open_and_expect_publish(&mut c, "bomb.md", &text);
    c.assert_alive();
}

#[test]
fn ten_thousand_deep_nesting_in_front_matter() {
    let mut c = started();
    for (name, open, close) in [("flow-seq.md", "[", "]"), ("flow-map.md", "{a: ", "}")] {
        let deep = format!("{}x{}", open.repeat(10_000), close.repeat(10_000));
        let text = format!("---\nname: deep\ntools: {deep}\n---\nbody\n");
        open_and_expect_publish(&mut c, name, &text);
        // Unclosed, too.
        let text = format!(
            "---\nname: deep\ntools: {}\n---\nbody\n",
            open.repeat(10_000)
        );
        open_and_expect_publish(&mut c, &format!("unclosed-{name}"), &text);
    }
    let mut block = String::from("---\nname: deep\ntools:\n");
    for depth in 0..2_000 {
        block.push_str(&" ".repeat(depth));
        block.push_str("- \n");
    }
    block.push_str("---\n");
    open_and_expect_publish(&mut c, "block-seq.md", &block);
    c.assert_alive();
}

#[test]
fn binary_and_nul_content() {
    let mut c = started();
    let mut text = String::from("---\nname: bin\u{0}ary\n---\n");
    for b in 0u8..=127 {
        text.push(char::from(b));
    }
    text.push_str("\u{FFFD}\u{FEFF}\u{202E}\u{0}\u{0}\r\r\n\u{10FFFF}");
    open_and_expect_publish(&mut c, "binary.md", &text);
    let (uri, _) = agent_uri("bad", "binary.md");
    // Edit in the middle of the NUL-laden line.
    let at = json!({ "line": 1, "character": 9 });
    c.change(
        &uri,
        2,
        json!([{ "range": { "start": at, "end": at }, "text": "\u{0}" }]),
    );
    c.diagnostics(&uri, Some(2));
    c.assert_alive();
}

/// JSON can carry `\ud800`, which is no Unicode scalar value; serde_json
/// refuses it. The message is dropped, the server lives, and a properly
/// escaped surrogate *pair* still decodes to its character.
#[test]
fn lone_surrogate_escapes_in_json_strings() {
    let mut c = started();
    let (uri, _) = agent_uri("bad", "surrogate.md");
    let open = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":"{uri}","languageId":"markdown","version":1,"text":"---\nname: \ud800\n---\n"}}}}}}"#
    );
    c.send_body(open.as_bytes());
    let req = r#"{"jsonrpc":"2.0","id":"s1","method":"agentls/unknown","params":{"x":"\udc00 lone low"}}"#;
    c.send_body(req.as_bytes());
    c.assert_alive();

    let (uri2, path2) = agent_uri("bad", "pair.md");
    let open = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":"{uri2}","languageId":"markdown","version":1,"text":"---\nname: \ud83e\udde0x\n---\n"}}}}}}"#
    );
    c.send_body(open.as_bytes());
    let got = c.diagnostics(&uri2, Some(1));
    let text = "---\nname: 🧠x\n---\n";
    assert_eq!(
        sorted(got),
        sorted(expected_diagnostics(&uri2, &path2, text, Enc::Utf16))
    );
}

/// Positions past the end of a line or the document clamp; positions in
/// the middle of a surrogate pair snap to its start; each is logged.
#[test]
fn out_of_range_and_mid_surrogate_positions_in_did_change() {
    let mut c = started();
    let (uri, path) = agent_uri("bad", "positions.md");
    let mut text = String::from("---\nname: 🧠pos\n---\nbody\n");
    c.open(&uri, &text, 1);
    c.diagnostics(&uri, Some(1));

    let pos = |l: u64, ch: u64| json!({ "line": l, "character": ch });
    let changes = json!([
        // Past the end of line 1 (`name: 🧠pos` is 11 UTF-16 units).
        { "range": { "start": pos(1, 500), "end": pos(1, 500) }, "text": "!" },
        // Line far past the end: appends.
        { "range": { "start": pos(1_000_000, 0), "end": pos(u32::MAX as u64, u32::MAX as u64) }, "text": "tail" },
        // Inside the surrogate pair (after its high half): snaps before it.
        { "range": { "start": pos(1, 7), "end": pos(1, 7) }, "text": "<" },
    ]);
    c.change(&uri, 2, changes);
    text = text.replacen("pos\n", "pos!\n", 1);
    text.push_str("tail");
    text = text.replacen("🧠", "<🧠", 1);
    let got = c.diagnostics(&uri, Some(2));
    assert_eq!(
        sorted(got),
        sorted(expected_diagnostics(&uri, &path, &text, Enc::Utf16))
    );

    let warnings = c
        .drain(Duration::from_millis(100))
        .into_iter()
        .filter(|m| m["method"] == "window/logMessage" && m["params"]["type"] == 2)
        .count();
    assert!(
        warnings >= 3,
        "expected a logged warning per repaired position, got {warnings}"
    );
    c.assert_alive();
}

#[test]
fn did_change_for_an_unknown_uri_is_ignored() {
    let mut c = started();
    let (uri, _) = agent_uri("bad", "never-opened.md");
    let at = json!({ "line": 0, "character": 0 });
    c.change(
        &uri,
        5,
        json!([{ "range": { "start": at, "end": at }, "text": "x" }]),
    );
    c.change(&uri, 6, json!([{ "text": "full" }]));
    c.assert_alive();
    let published = c
        .drain(Duration::from_millis(100))
        .into_iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .count();
    assert_eq!(published, 0);
}

#[test]
fn unknown_methods_request_and_notification() {
    let mut c = started();
    let resp = c.request("workspace/noSuchThing", json!({ "a": 1 }));
    assert_eq!(resp["error"]["code"], -32601);
    let resp = c.request("$/noSuchThing", json!(null));
    assert_eq!(resp["error"]["code"], -32601);
    c.notify("custom/notification", json!({ "a": 1 }));
    c.notify("$/setTrace", json!({ "value": "verbose" }));
    c.assert_alive();
    assert_eq!(c.shutdown().code(), Some(0));
}

#[test]
fn malformed_json_bodies() {
    let mut c = started();
    for body in [
        &b"{not json"[..],
        b"",
        b"null",
        b"[1,2,3]",
        b"{\"jsonrpc\":\"2.0\"}",
        b"{\"jsonrpc\":\"2.0\",\"id\":1}",
        b"{\"jsonrpc\":\"1.0\",\"id\":2,\"method\":\"shutdown\"}",
        b"\xff\xfe\x00 invalid utf-8",
    ] {
        c.send_body(body);
        c.assert_alive();
    }
    // Parse errors are answered with id null (JSON-RPC 2.0).
    let errors = c
        .drain(Duration::from_millis(100))
        .into_iter()
        .filter(|m| m["id"].is_null() && m.get("error").is_some())
        .count();
    assert!(errors >= 1, "no error response for malformed input");
}

#[test]
fn wrong_params_for_known_methods() {
    let mut c = started();
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": 42 } }),
    );
    c.notify(
        "textDocument/didChange",
        json!({ "contentChanges": "nope" }),
    );
    c.notify("textDocument/didOpen", json!({ "textDocument": { "uri": "not a uri at all", "languageId": "markdown", "version": 1, "text": "x" } }));
    c.notify("textDocument/didClose", json!(null));
    let resp = c.request("initialize", json!({ "capabilities": "wrong" }));
    assert!(resp.get("error").is_some(), "{resp}");
    c.assert_alive();
}

#[test]
fn requests_before_initialize_are_refused_not_fatal() {
    let mut c = Client::spawn();
    let resp = c.request("textDocument/hover", json!({}));
    assert_eq!(resp["error"]["code"], -32002, "{resp}");
    let init = c.initialize(None);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    c.assert_alive();
}

#[test]
fn closed_input_ends_the_server() {
    let mut c = started();
    c.close_stdin();
    let status = c
        .wait_exit(Duration::from_secs(10))
        .expect("server exits when stdin closes");
    assert_eq!(status.code(), Some(1), "no shutdown was requested");
}

#[test]
fn duplicate_open_and_close_of_unknown_documents() {
    let mut c = started();
    let (uri, path) = agent_uri("bad", "twice.md");
    c.open(&uri, "---\nname: one\n---\n", 1);
    c.diagnostics(&uri, Some(1));
    // A second open replaces the first.
    let second = "---\nname: two\ntools: Reed\n---\n";
    c.open(&uri, second, 7);
    let got = c.diagnostics(&uri, Some(7));
    assert_eq!(
        sorted(got),
        sorted(expected_diagnostics(&uri, &path, second, Enc::Utf16))
    );
    c.close(&uri);
    c.close(&uri);
    let (other, _) = agent_uri("bad", "never.md");
    c.close(&other);
    c.assert_alive();
    let _: Vec<Value> = c.drain(Duration::from_millis(50));
}

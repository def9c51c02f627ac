//! A slow request holds up nothing: while one runs, edits are published,
//! other requests are answered, and `$/cancelRequest` ends it at once with
//! the "request cancelled" error (-32800).
//!
//! The slow request is made on purpose: debug builds (the ones `cargo
//! test` runs) stall every request `AGENTLS_INJECT_STALL` names
//! (`method@path fragment`) until it is cancelled, 30 s at most. Every wait
//! below is far shorter, so a server that handles requests one at a time
//! fails here.

mod lsp_support;

use std::time::Duration;

use lsp_support::workspace::{Init, TempWorkspace, start_in};
use lsp_support::{Client, Enc};
use serde_json::{Value, json};

const SLOW: &str = "---\nname: slow\ndescription: Stalls on hover.\n---\n# Body\n";
const FAST: &str = "---\nname: fast\ndescription: Answers.\ntools: Read\n---\n# Body\n";

/// Far below the stall (30 s): long enough for a loaded machine.
const PROMPT: Duration = Duration::from_secs(10);

fn hover_params(uri: &str) -> Value {
    json!({
        "textDocument": { "uri": uri },
        "position": { "line": 1, "character": 2 },
    })
}

fn reply(c: &mut Client, id: i64) -> Option<Value> {
    c.wait_for(PROMPT, |m| m["id"] == id && m.get("method").is_none())
}

#[test]
fn a_stalled_request_delays_no_edit_and_no_other_request_and_can_be_cancelled() {
    let ws = TempWorkspace::new("slow-requests");
    ws.write(".claude/agents/slow.md", SLOW);
    ws.write(".claude/agents/fast.md", FAST);
    let mut init = Init::new(Enc::Utf16);
    init.env
        .push(("AGENTLS_INJECT_STALL", "textDocument/hover@slow.md".into()));
    let (mut c, _) = start_in(&ws, init);
    let (slow, fast) = (
        ws.uri(".claude/agents/slow.md"),
        ws.uri(".claude/agents/fast.md"),
    );
    c.open(&slow, SLOW, 1);
    c.open(&fast, FAST, 1);

    let stalled = c.send_request("textDocument/hover", hover_params(&slow));

    // An edit meanwhile is published, with its own version.
    c.change(&fast, 2, json!([{ "text": FAST.replace("Read", "Reed") }]));
    let published = c.diagnostics_within(&fast, Some(2), PROMPT);
    assert!(
        published.iter().any(|d| d["code"] == "AG033"),
        "the edit's own findings: {published:?}"
    );

    // Another request is answered.
    let other = c.send_request("textDocument/hover", hover_params(&fast));
    let answer = reply(&mut c, other).expect("another hover is answered meanwhile");
    assert!(answer["result"]["contents"].is_object(), "{answer}");

    // The stalled one is still waiting, and cancelling it answers it.
    assert!(
        c.drain(Duration::from_millis(100))
            .iter()
            .all(|m| m["id"] != stalled),
        "the stalled hover has not answered on its own"
    );
    c.notify("$/cancelRequest", json!({ "id": stalled }));
    let cancelled = reply(&mut c, stalled).expect("a cancelled request is answered");
    assert_eq!(cancelled["error"]["code"], -32800, "{cancelled}");

    c.assert_alive();
    assert!(c.shutdown().success());
}

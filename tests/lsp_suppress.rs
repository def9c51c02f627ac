//! Suppression comments through the real `agentls lsp` binary: the "ignore"
//! code action adds a comment and the finding is gone from the next
//! publication; a closed file's cross-file finding is silenced by a comment
//! in its front matter, and a comment there that silences nothing is shown.

mod lsp_support;

use lsp_support::workspace::{Init, TempWorkspace, start_in};
use lsp_support::{Client, Enc, TIMEOUT, offset, range};
use serde_json::{Value, json};

fn codes(diags: &[Value]) -> Vec<String> {
    let mut c: Vec<String> = diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect();
    c.sort();
    c
}

/// The first publication for `uri` (closed: no version) that has `pred`.
fn closed_publication(c: &mut Client, uri: &str, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    loop {
        let d = c.diagnostics_within(uri, None, TIMEOUT);
        if pred(&d) {
            return d;
        }
    }
}

#[test]
fn ignore_action_adds_a_comment_and_the_finding_goes() {
    let ws = TempWorkspace::new("suppress-action");
    let text = "---\nname: a\ndescription: Reviews code.\ncolour: red\nmodel: opus\n---\nBody.\n";
    ws.write(".claude/agents/a.md", text);
    let (mut c, _) = start_in(&ws, Init::new(Enc::Utf16));
    let uri = ws.uri(".claude/agents/a.md");
    c.open(&uri, text, 1);
    let first = c.diagnostics(&uri, Some(1));
    assert_eq!(codes(&first), ["AG015"], "{first:?}");
    let at = text.find("colour").unwrap();
    let resp = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": range(text, &(at..at + 6), Enc::Utf16),
            "context": { "diagnostics": first },
        }),
    );
    let actions = resp["result"].as_array().cloned().unwrap_or_default();
    let titles: Vec<&str> = actions.iter().filter_map(|a| a["title"].as_str()).collect();
    let ignore = actions
        .iter()
        .find(|a| a["title"] == "Ignore AG015 (unknown-key) on this line")
        .unwrap_or_else(|| panic!("no ignore action in {titles:?}"));
    assert!(
        ignore.get("isPreferred").is_none_or(|p| p == false),
        "{ignore}"
    );
    // The repairs come first, the ignores after them.
    assert!(titles[0].starts_with("Rename"), "{titles:?}");
    let edits = ignore["edit"]["changes"][&uri].as_array().expect("edits");
    assert_eq!(edits.len(), 1);
    let e = &edits[0];
    let (s, end) = (
        offset(text, &e["range"]["start"], Enc::Utf16),
        offset(text, &e["range"]["end"], Enc::Utf16),
    );
    let fixed = format!(
        "{}{}{}",
        &text[..s],
        e["newText"].as_str().unwrap(),
        &text[end..]
    );
    assert!(
        fixed.contains("\n# agentls-ignore: AG015\ncolour: red\n"),
        "{fixed}"
    );
    c.change(&uri, 2, json!([{ "text": fixed }]));
    let after = c.diagnostics(&uri, Some(2));
    assert!(after.is_empty(), "{after:?}");
    // With the comment, no ignore is offered again, and an unused code is
    // reported with its removal as a quick fix.
    let unused = fixed.replace("AG015", "AG015, AG042");
    c.change(&uri, 3, json!([{ "text": unused }]));
    let hint = c.diagnostics(&uri, Some(3));
    assert_eq!(codes(&hint), ["AG090"], "{hint:?}");
    let resp = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": hint[0]["range"],
            "context": { "diagnostics": hint },
        }),
    );
    let titles: Vec<String> = resp["result"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["title"].as_str().map(String::from))
        .collect();
    assert_eq!(titles, ["Remove the code from the comment"], "{resp}");
}

#[test]
fn closed_files_cross_file_findings_follow_their_comments() {
    let ws = TempWorkspace::new("suppress-closed");
    // Two agents named `twin` in one folder: AG061 on each, silenced in one,
    // whose other comment silences nothing: that is told once it is open.
    let quiet = "---\nname: twin  # agentls-ignore: AG061\ndescription: One.\n# agentls-ignore: AG015, AG063\nmodel: opus\n---\nOne.\n";
    let loud = "---\nname: twin\ndescription: Two.\n---\nTwo.\n";
    ws.write(".claude/agents/quiet.md", quiet);
    ws.write(".claude/agents/loud.md", loud);
    let (mut c, _) = start_in(&ws, Init::new(Enc::Utf8));
    let loud_d = closed_publication(&mut c, &ws.uri(".claude/agents/loud.md"), |d| !d.is_empty());
    assert_eq!(codes(&loud_d), ["AG061"]);
    // The silenced file gets a publication (its raw findings changed when
    // the index was built), and it is empty.
    let quiet_uri = ws.uri(".claude/agents/quiet.md");
    let quiet_d = c.diagnostics_within(&quiet_uri, None, TIMEOUT);
    assert!(quiet_d.is_empty(), "{quiet_d:?}");
    // Opened: still no AG061, and both unused codes are reported.
    c.open(&quiet_uri, quiet, 1);
    let open = c.diagnostics(&quiet_uri, Some(1));
    assert_eq!(codes(&open), ["AG090", "AG090"], "{open:?}");
    let at = quiet.find("AG063").unwrap();
    assert!(
        open.iter()
            .any(|d| d["range"] == range(quiet, &(at..at + 5), Enc::Utf8)),
        "{open:?}"
    );
}

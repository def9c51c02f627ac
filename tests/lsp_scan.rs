//! The workspace scan, told honestly: work-done progress while it runs (for
//! clients that show it), and past the file cap a warning, in the log and
//! on screen, with findings that something is missing turned off (the
//! missing thing may be among the files left out).

mod lsp_support;

use std::time::Duration;

use lsp_support::workspace::{Init, TempWorkspace, start_in};
use lsp_support::{Enc, TIMEOUT};
use serde_json::{Value, json};

/// Names an agent that exists nowhere: AG063 when the index is complete.
const BOSS: &str = "\
---
name: boss
description: Delegates the work.
tools: Read, Agent(ghost)
---
Delegate.
";

/// The scan's cap on indexed files (`MAX_FILES` in the server).
const MAX_FILES: usize = 20_000;

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect()
}

fn progress_kind(m: &Value, token: &Value) -> Option<String> {
    (m["method"] == "$/progress" && &m["params"]["token"] == token).then(|| {
        m["params"]["value"]["kind"]
            .as_str()
            .unwrap_or("")
            .to_string()
    })
}

#[test]
fn the_scan_reports_work_done_progress_to_clients_that_show_it() {
    let ws = TempWorkspace::new("scan-progress");
    ws.write(".claude/agents/boss.md", BOSS);
    let mut init = Init::new(Enc::Utf16);
    init.capabilities["window"] = json!({ "workDoneProgress": true });
    let (mut c, _) = start_in(&ws, init);

    let create = c
        .wait_for(TIMEOUT, |m| m["method"] == "window/workDoneProgress/create")
        .expect("the server creates a progress token");
    let token = create["params"]["token"].clone();
    let begin = c
        .wait_for(TIMEOUT, |m| {
            progress_kind(m, &token).as_deref() == Some("begin")
        })
        .expect("progress begins");
    assert!(begin["params"]["value"]["title"].is_string(), "{begin}");
    let end = c
        .wait_for(TIMEOUT, |m| {
            progress_kind(m, &token).as_deref() == Some("end")
        })
        .expect("progress ends");
    let message = end["params"]["value"]["message"].as_str().unwrap_or("");
    assert_eq!(message, "1 files indexed", "{end}");
    c.shutdown();
}

#[test]
fn clients_without_a_progress_ui_get_no_progress() {
    let ws = TempWorkspace::new("scan-no-progress");
    ws.write(".claude/agents/boss.md", BOSS);
    let (mut c, _) = start_in(&ws, Init::new(Enc::Utf16));
    let quiet = c.drain(Duration::from_millis(300));
    let about_progress =
        |m: &&Value| m["method"] == "window/workDoneProgress/create" || m["method"] == "$/progress";
    assert_eq!(quiet.iter().filter(about_progress).count(), 0, "{quiet:?}");
    c.shutdown();
}

#[test]
fn a_complete_index_reports_an_agent_that_exists_nowhere() {
    let ws = TempWorkspace::new("scan-complete");
    ws.write(".claude/agents/boss.md", BOSS);
    let (mut c, _) = start_in(&ws, Init::new(Enc::Utf16));
    let uri = ws.uri(".claude/agents/boss.md");
    c.open(&uri, BOSS, 1);
    assert!(codes(&c.diagnostics(&uri, Some(1))).contains(&"AG063".to_string()));
    c.shutdown();
}

#[test]
fn past_the_file_cap_the_index_says_so_and_stops_calling_things_missing() {
    let ws = TempWorkspace::new("scan-capped");
    ws.write(".claude/agents/boss.md", BOSS);
    // Commands sort after agents, so the cut falls among them.
    for i in 0..MAX_FILES {
        ws.write(&format!(".claude/commands/c{i:05}.md"), "Run it.\n");
    }
    let (mut c, _) = start_in(&ws, Init::new(Enc::Utf16));
    let shown = c
        .wait_for(TIMEOUT, |m| m["method"] == "window/showMessage")
        .expect("a message about the cap");
    assert_eq!(shown["params"]["type"], 2, "a warning: {shown}");
    let text = shown["params"]["message"].as_str().unwrap_or("");
    assert!(text.contains("20000"), "{text}");
    let logged = c.wait_for(TIMEOUT, |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("20000"))
    });
    assert!(logged.is_some(), "the cap is logged too");

    let uri = ws.uri(".claude/agents/boss.md");
    c.open(&uri, BOSS, 1);
    let found = codes(&c.diagnostics(&uri, Some(1)));
    assert!(!found.contains(&"AG063".to_string()), "{found:?}");
    c.shutdown();
}

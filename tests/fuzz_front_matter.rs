//! Front-matter fuzzing: random YAML shapes in agent files (nested and
//! flow collections, block scalars, quotes left open, tabs, colons in
//! values, multi-byte characters at the edges, CRLF and lone CR, BOM,
//! anchors, aliases, tags, deep nesting, broken fences) never panic, hang
//! or end the server, whatever is asked of them.
//!
//! Each front matter (seed `SEED + k`) is analysed by the core in this
//! process (ranges must lie on character boundaries in the text;
//! completion and hover at random offsets), then opened in the server,
//! which must publish its diagnostics and answer every request it
//! advertises, at random positions (some out of range, some inside a
//! surrogate pair), without an internal error (a caught handler panic),
//! an error in its log or a panic on stderr. Settings (seed, minutes,
//! `AGENTLS_FUZZ_FRONT_MATTERS`, workers, `AGENTLS_BIN`) are described in
//! `fuzz_support`; the long run is in the README.

mod fuzz_support;
mod lsp_support;

use std::path::Path;

use agentls_core::{analyze, complete, hover};
use fuzz_support::{Budget, Config, Rng, failure, generate, on_workers};
use lsp_support::workspace::{Init, TempWorkspace, start_in};
use lsp_support::{Enc, TIMEOUT, position};
use serde_json::{Value, json};

const FUZZER: &str = "fuzz_front_matter";
const COUNT_VAR: &str = "AGENTLS_FUZZ_FRONT_MATTERS";
/// The slice `cargo test` runs: a few seconds in a debug build.
const SHORT: u64 = 150;
const DOC: &str = ".claude/agents/fuzz.md";
/// On disk, so names, references and renames have a second agent to find.
const REVIEWER: &str = "---\nname: reviewer\ndescription: Reviews.\ntools: Read, Agent(fuzz)\n---\nAsk the fuzz agent.\n";
/// JSON-RPC's internal error: how a caught handler panic is answered.
const INTERNAL_ERROR: i64 = -32603;

#[test]
fn random_front_matters_never_break_the_core_or_the_server() {
    let config = Config::from_env(COUNT_VAR, SHORT, 0x5EED_0002);
    let budget = Budget::new(&config);
    let counts: Vec<(u64, u64)> = on_workers(&config, &budget, worker);
    let requests: u64 = counts.iter().map(|c| c.0).sum();
    let diagnostics: u64 = counts.iter().map(|c| c.1).sum();
    println!(
        "{FUZZER}: seed {}, {} front matters, {requests} requests answered, \
         {diagnostics} diagnostics published, {} workers, {:.1?}",
        config.seed,
        budget.done(),
        config.workers,
        budget.started.elapsed()
    );
    assert!(budget.done() > 0, "nothing was fuzzed");
    // Shapes that all load cleanly would test little: most must not.
    assert!(diagnostics > 0, "no front matter had a finding");
}

/// One server in its own workspace; (requests answered, diagnostics seen).
fn worker(config: &Config, budget: &Budget) -> (u64, u64) {
    let ws = TempWorkspace::new("fuzz-front-matter");
    ws.write(".claude/agents/reviewer.md", REVIEWER);
    let (mut c, _) = start_in(&ws, Init::new(Enc::Utf16));
    let uri = ws.uri(DOC);
    let path = ws.path(DOC);
    let (mut requests, mut diagnostics) = (0, 0);
    let mut version = 0;
    while let Some(k) = budget.claim() {
        let seed = config.seed.wrapping_add(k);
        let mut rng = Rng::new(seed);
        let text = generate::agent_file(&mut rng);
        let fail = |what: String, request: Option<&Value>| -> ! {
            budget.stop();
            let mut files = vec![("agent.md", text.clone())];
            if let Some(r) = request {
                files.push(("request.json", format!("{r:#}")));
            }
            panic!("{}", failure(FUZZER, COUNT_VAR, seed, &what, &files));
        };
        let core = std::panic::catch_unwind(|| core_checks(&mut Rng::new(seed ^ 1), &text, &path));
        if let Err(e) = core {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            fail(format!("the core panicked: {msg}"), None);
        }

        c.drain(std::time::Duration::ZERO);
        version += 1;
        c.open(&uri, &text, version);
        let published = c
            .wait_for(TIMEOUT, |m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri.as_str()
                    && m["params"]["version"] == version
            })
            .unwrap_or_else(|| fail("no diagnostics published (hang or exit)".into(), None));
        let diags = published["params"]["diagnostics"].clone();
        diagnostics += diags.as_array().map_or(0, |d| d.len() as u64);

        let sent: Vec<(i64, Value)> = requests_for(&mut rng, &text, &uri, &diags)
            .into_iter()
            .map(|(method, params)| {
                let id = c.send_request(method, params.clone());
                (id, json!({ "method": method, "params": params }))
            })
            .collect();
        for (id, request) in &sent {
            let answer = c.wait_for(TIMEOUT, |m| m["id"] == *id && m.get("method").is_none());
            let Some(answer) = answer else {
                fail(
                    format!("no answer within {TIMEOUT:?} (hang or exit)"),
                    Some(request),
                );
            };
            if answer["error"]["code"] == INTERNAL_ERROR {
                fail(format!("internal error: {answer}"), Some(request));
            }
        }
        requests += sent.len() as u64;
        let logged_error = c
            .drain(std::time::Duration::ZERO)
            .into_iter()
            .find(|m| m["method"] == "window/logMessage" && m["params"]["type"] == 1);
        if let Some(m) = logged_error {
            fail(format!("the server logged an error: {m}"), None);
        }
        if c.stderr().contains("panicked") {
            fail(format!("a panic on stderr:\n{}", c.stderr()), None);
        }
        budget.add(1);
    }
    if let Some(status) = c.exited() {
        panic!("{FUZZER}: the server exited ({status}) during the run");
    }
    (requests, diagnostics)
}

/// The core alone: every range on character boundaries inside the text;
/// completion and hover anywhere.
fn core_checks(rng: &mut Rng, text: &str, path: &Path) {
    let a = analyze(text, Some(path));
    let inside = |r: &std::ops::Range<usize>| {
        r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
    };
    for d in &a.diagnostics {
        assert!(inside(&d.range), "diagnostic range {d:?}");
        for e in d.fixes.iter().flat_map(|f| &f.edits) {
            assert!(inside(&e.range), "fix edit range {e:?} of {d:?}");
        }
    }
    let facts = complete::WorkspaceFacts::default();
    for _ in 0..4 {
        let at = rng.below(text.len() + 1);
        complete::complete(text, at, &facts);
        hover::hover(text, &a, &[], at, &hover::NoFiles);
    }
}

/// Every request the server advertises, at random places.
fn requests_for(rng: &mut Rng, text: &str, uri: &str, diags: &Value) -> Vec<(&'static str, Value)> {
    let doc = json!({ "uri": uri });
    let mut at = || random_position(rng, text);
    let at_doc = |p: Value| json!({ "textDocument": doc, "position": p });
    let (p1, p2, p3, p4, p5, p6, p7) = (at(), at(), at(), at(), at(), at(), at());
    let (r1, r2, r3) = (at(), at(), at());
    let mut out = vec![
        ("textDocument/hover", at_doc(p1.clone())),
        ("textDocument/completion", at_doc(p2)),
        ("textDocument/definition", at_doc(p3)),
        ("textDocument/prepareRename", at_doc(p4.clone())),
        (
            "textDocument/documentSymbol",
            json!({ "textDocument": doc }),
        ),
        ("textDocument/foldingRange", json!({ "textDocument": doc })),
        (
            "textDocument/semanticTokens/full",
            json!({ "textDocument": doc }),
        ),
        ("textDocument/documentLink", json!({ "textDocument": doc })),
        ("textDocument/documentColor", json!({ "textDocument": doc })),
        ("workspace/symbol", json!({ "query": "e" })),
    ];
    let mut refs = at_doc(p5);
    refs["context"] = json!({ "includeDeclaration": true });
    out.push(("textDocument/references", refs));
    let mut rename = at_doc(p4);
    rename["newName"] = json!(
        ["renamed", "bad name", "", "é-x", "reviewer"]
            [(p6["line"].as_u64().unwrap_or(0) % 5) as usize]
    );
    out.push(("textDocument/rename", rename));
    out.push((
        "textDocument/selectionRange",
        json!({ "textDocument": doc, "positions": [p1, p6, p7] }),
    ));
    out.push((
        "textDocument/colorPresentation",
        json!({ "textDocument": doc, "color": { "red": 0.5, "green": 0.1, "blue": 1.0, "alpha": 1.0 },
                "range": { "start": r1, "end": r2 } }),
    ));
    // Quick fixes for the published diagnostics, then fix-all of the file.
    let end = position(text, text.len(), Enc::Utf16);
    out.push((
        "textDocument/codeAction",
        json!({ "textDocument": doc, "range": { "start": r3.clone(), "end": r3 },
                "context": { "diagnostics": diags } }),
    ));
    out.push((
        "textDocument/codeAction",
        json!({ "textDocument": doc, "range": { "start": { "line": 0, "character": 0 }, "end": end },
                "context": { "diagnostics": diags, "only": ["source.fixAll"] } }),
    ));
    out
}

/// Mostly a real place in the text; sometimes past a line's end or the
/// last line, or inside a surrogate pair.
fn random_position(rng: &mut Rng, text: &str) -> Value {
    let mut at = rng.below(text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut p = position(text, at, Enc::Utf16);
    match rng.below(20) {
        0 => p["character"] = json!(p["character"].as_u64().unwrap_or(0) + 1 + rng.below(3) as u64),
        1 => p["character"] = json!(u32::MAX),
        2 => p["line"] = json!(p["line"].as_u64().unwrap_or(0) + 1 + rng.below(100) as u64),
        _ => {}
    }
    p
}

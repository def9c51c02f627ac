//! Differential fuzzing of incremental sync: random `didChange` edits, in
//! the UTF-16 positions the server negotiates, must leave the server where
//! a fresh open of the final text puts it, and the server must find what
//! `agentls check` finds in the same file.
//!
//! Each episode (seed `SEED + k`) opens an agent file in a workspace (a
//! generated one or a seed fixture), sends rounds of edits, each round one
//! `didChange` of several range changes (line breaks of every kind, YAML,
//! multi-byte text, moved slices, out-of-range and reversed ranges), and
//! waits for that version's diagnostics. At the end it compares:
//! - the diagnostics, outline, folds, semantic tokens and links of the
//!   edited document with those after closing it and opening the final
//!   text afresh;
//! - those diagnostics with `agentls check --format json` of the final
//!   text written to the document's path.
//!
//! A mismatch is narrowed down to the first round that shows it, and the
//! start text and that prefix of rounds are written under the target dir.
//! Settings (seed, minutes, `AGENTLS_FUZZ_EDITS`, workers, `AGENTLS_BIN`)
//! are described in `fuzz_support`; the long run is in the README.

mod fuzz_support;
mod lsp_support;

use std::process::Command;

use fuzz_support::{Budget, Config, Rng, failure, generate, on_workers};
use lsp_support::workspace::{Init, TempWorkspace, start_in};
use lsp_support::{Client, Enc, offset, position, seeds, sorted};
use serde_json::{Value, json};

const FUZZER: &str = "fuzz_edits";
const COUNT_VAR: &str = "AGENTLS_FUZZ_EDITS";
/// The slice `cargo test` runs: a few seconds in a debug build.
const SHORT: u64 = 1_500;
const DOC: &str = ".claude/agents/fuzz.md";
/// On disk beside the edited file, so cross-file findings have a partner.
const REVIEWER: &str = "---\nname: reviewer\ndescription: Reviews changes.\ntools: Read, Grep\n---\nReview the diff.\n";

/// A round: one `didChange`, as sent.
type Round = Value;

#[test]
fn incremental_edits_match_a_fresh_open_and_check() {
    let config = Config::from_env(COUNT_VAR, SHORT, 0x5EED_0001);
    let budget = Budget::new(&config);
    let totals: Vec<Totals> = on_workers(&config, &budget, worker);
    let sum = totals.iter().fold(Totals::default(), |a, t| a.plus(t));
    println!(
        "{FUZZER}: seed {}, {} edits in {} didChanges over {} episodes, {} diagnostics compared, \
         {} check runs, {} workers, {:.1?}",
        config.seed,
        sum.edits,
        sum.changes,
        sum.episodes,
        sum.diagnostics,
        sum.episodes,
        config.workers,
        budget.started.elapsed()
    );
    assert!(sum.episodes > 0 && sum.edits > 0, "nothing was fuzzed");
    // Comparisons of empty lists prove nothing: some must have findings.
    assert!(sum.diagnostics > 0, "no episode ended with diagnostics");
}

#[derive(Default)]
struct Totals {
    episodes: u64,
    edits: u64,
    changes: u64,
    diagnostics: u64,
}

impl Totals {
    fn plus(&self, o: &Totals) -> Totals {
        Totals {
            episodes: self.episodes + o.episodes,
            edits: self.edits + o.edits,
            changes: self.changes + o.changes,
            diagnostics: self.diagnostics + o.diagnostics,
        }
    }
}

/// One server in its own workspace, running episodes until the budget is spent.
fn worker(config: &Config, budget: &Budget) -> Totals {
    let ws = TempWorkspace::new("fuzz-edits");
    ws.write(".claude/agents/reviewer.md", REVIEWER);
    let (mut c, _) = start_in(&ws, Init::new(Enc::Utf16));
    let fixtures = seeds();
    let mut totals = Totals::default();
    let mut version = 0;
    while let Some(k) = budget.claim() {
        let seed = config.seed.wrapping_add(k);
        let ep = Episode::generate(seed, &fixtures);
        let found = match run(&mut c, &ws, &ep, ep.rounds.len(), &mut version) {
            Ok(found) => found,
            Err(why) => {
                budget.stop();
                let first = narrow(&mut c, &ws, &ep, &mut version);
                let files = ep.files(first, &why);
                panic!("{}", failure(FUZZER, COUNT_VAR, seed, &why, &files));
            }
        };
        totals.episodes += 1;
        totals.edits += ep.edits;
        totals.changes += ep.rounds.len() as u64;
        totals.diagnostics += found;
        budget.add(ep.edits);
    }
    totals
}

/// A start text, the rounds of changes, and the text after each round.
struct Episode {
    start: String,
    rounds: Vec<Round>,
    texts: Vec<String>,
    edits: u64,
}

impl Episode {
    /// Everything an episode sends follows from its seed alone.
    fn generate(seed: u64, fixtures: &[(String, String)]) -> Episode {
        let mut rng = Rng::new(seed);
        let start = if rng.one_in(4) {
            fixtures[rng.below(fixtures.len())].1.clone()
        } else {
            generate::agent_file(&mut rng)
        };
        let mut text = start.clone();
        let (mut rounds, mut texts, mut edits) = (Vec::new(), Vec::new(), 0);
        for _ in 0..1 + rng.skewed(60) {
            let n = 1 + rng.skewed(16);
            let changes: Vec<Value> = (0..n).map(|_| edit(&mut rng, &mut text)).collect();
            edits += n as u64;
            rounds.push(Value::Array(changes));
            texts.push(text.clone());
        }
        Episode {
            start,
            rounds,
            texts,
            edits,
        }
    }

    /// The reproduction: the start text, the first `rounds` changes and
    /// the text they should make.
    fn files(&self, rounds: usize, why: &str) -> Vec<(&'static str, String)> {
        let text = self
            .texts
            .get(rounds.wrapping_sub(1))
            .unwrap_or(&self.start);
        let changes = serde_json::to_string_pretty(&self.rounds[..rounds]).unwrap_or_default();
        vec![
            ("start.md", self.start.clone()),
            ("changes.json", changes),
            ("expected.md", text.clone()),
            ("mismatch.txt", why.to_string()),
        ]
    }
}

/// One random change applied to `text`; returns it as LSP sends it.
fn edit(rng: &mut Rng, text: &mut String) -> Value {
    if rng.one_in(400) {
        *text = generate::agent_file(rng);
        return json!({ "text": text.as_str() });
    }
    let a = boundary(rng, text);
    // Mostly typing and short deletions; now and then a big cut.
    let b = match rng.below(24) {
        0..=9 => a,
        10 => boundary(rng, text),
        _ => boundary_near(rng, text, a),
    };
    let inserted = if rng.one_in(6) && !text.is_empty() {
        // A short slice of the text itself: moved and duplicated lines
        // (short, or texts would double and double).
        let x = boundary(rng, text);
        text[x..boundary_near(rng, text, x)].to_string()
    } else if rng.one_in(3) {
        String::new()
    } else {
        generate::snippet(rng)
    };
    let mut start = position(text, a, Enc::Utf16);
    let mut end = position(text, b, Enc::Utf16);
    // Clients do send ranges past a line's end and reversed ranges: the
    // server clamps the one and spans the other.
    if rng.one_in(40) {
        end["character"] = json!(1_000_000 + rng.below(1000));
    } else if rng.one_in(80) {
        end = json!({ "line": 1_000_000, "character": 0 });
    }
    if rng.one_in(30) {
        std::mem::swap(&mut start, &mut end);
    }
    let (x, y) = (
        offset(text, &start, Enc::Utf16),
        offset(text, &end, Enc::Utf16),
    );
    text.replace_range(x.min(y)..x.max(y), &inserted);
    json!({ "range": { "start": start, "end": end }, "text": inserted })
}

/// A random offset LSP can name: a char boundary, never inside a CRLF.
fn boundary(rng: &mut Rng, text: &str) -> usize {
    snap(text, rng.below(text.len() + 1))
}

/// An offset a short way after `from` (most deletions are short).
fn boundary_near(rng: &mut Rng, text: &str, from: usize) -> usize {
    snap(text, (from + rng.skewed(40)).min(text.len()))
}

fn snap(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    if at > 0 && text.as_bytes()[at - 1] == b'\r' && text.as_bytes().get(at) == Some(&b'\n') {
        at -= 1;
    }
    at
}

/// Open the start text, send the first `rounds` rounds, then compare with
/// a fresh open and with `check`. Ok: how many diagnostics were compared.
fn run(
    c: &mut Client,
    ws: &TempWorkspace,
    ep: &Episode,
    rounds: usize,
    version: &mut i64,
) -> Result<u64, String> {
    let uri = ws.uri(DOC);
    c.drain(std::time::Duration::ZERO);
    *version += 1;
    c.open(&uri, &ep.start, *version);
    let mut edited = c.diagnostics(&uri, Some(*version));
    for round in &ep.rounds[..rounds] {
        *version += 1;
        c.change(&uri, *version, round.clone());
        edited = c.diagnostics(&uri, Some(*version));
    }
    let edited = sorted(edited);
    let text = ep.texts.get(rounds.wrapping_sub(1)).unwrap_or(&ep.start);
    let edited_views = views(c, &uri);

    ws.write(DOC, text);
    let checked = check(ws)?;
    let served = findings(text, &edited);
    if served != checked {
        return Err(format!(
            "the server and `agentls check` disagree on the final text\nserver: {served:#?}\ncheck: {checked:#?}"
        ));
    }

    c.close(&uri);
    *version += 1;
    c.open(&uri, text, *version);
    let fresh = sorted(c.diagnostics(&uri, Some(*version)));
    if fresh != edited {
        return Err(format!(
            "diagnostics after the edits differ from a fresh open\nedited: {edited:#?}\nfresh: {fresh:#?}"
        ));
    }
    let fresh_views = views(c, &uri);
    for ((method, got), (_, want)) in edited_views.iter().zip(&fresh_views) {
        if got != want {
            return Err(format!(
                "{method} after the edits differs from a fresh open\nedited: {got:#}\nfresh: {want:#}"
            ));
        }
    }
    Ok(edited.len() as u64)
}

/// The first round count whose result differs from a fresh open (the
/// whole episode when no prefix fails on its own).
fn narrow(c: &mut Client, ws: &TempWorkspace, ep: &Episode, version: &mut i64) -> usize {
    let (mut good, mut bad) = (0, ep.rounds.len());
    while bad - good > 1 {
        let mid = (good + bad) / 2;
        match run(c, ws, ep, mid, version) {
            Ok(_) => good = mid,
            Err(_) => bad = mid,
        }
    }
    bad
}

/// What the document looks like to the editor, beyond diagnostics.
fn views(c: &mut Client, uri: &str) -> Vec<(&'static str, Value)> {
    let doc = json!({ "textDocument": { "uri": uri } });
    [
        "textDocument/documentSymbol",
        "textDocument/foldingRange",
        "textDocument/semanticTokens/full",
        "textDocument/documentLink",
    ]
    .into_iter()
    .map(|method| {
        let mut r = c.request(method, doc.clone());
        // Token result ids number the requests, not the text.
        if let Some(m) = r["result"].as_object_mut() {
            m.remove("resultId");
        }
        (method, r["result"].take())
    })
    .collect()
}

/// (code, severity, message, byte range): how check and the server can
/// both say a finding.
type Finding = (String, String, String, usize, usize);

fn findings(text: &str, diags: &[Value]) -> Vec<Finding> {
    let severity = |n: &Value| match n.as_u64() {
        Some(1) => "error",
        Some(2) => "warning",
        Some(3) => "info",
        _ => "hint",
    };
    let mut out: Vec<Finding> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                severity(&d["severity"]).to_string(),
                d["message"].as_str().unwrap_or("").to_string(),
                offset(text, &d["range"]["start"], Enc::Utf16),
                offset(text, &d["range"]["end"], Enc::Utf16),
            )
        })
        .collect();
    out.sort();
    out
}

/// `agentls check --format json` of the document's file, as findings.
fn check(ws: &TempWorkspace) -> Result<Vec<Finding>, String> {
    let out = Command::new(lsp_support::binary())
        .args(["check", "--format", "json", DOC])
        .current_dir(ws.root())
        .env("AGENTLS_HOME", "/nonexistent/agentls-test-home")
        .output()
        .expect("run agentls check");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "check failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("check's JSON");
    let file = &report["files"][0];
    if file["path"] != DOC {
        return Err(format!("check did not check the file: {report:#}"));
    }
    let diags = file["diagnostics"].as_array().cloned().unwrap_or_default();
    let mut found: Vec<Finding> = diags
        .iter()
        .map(|d| {
            let at = |i: usize| d["byte_range"][i].as_u64().unwrap_or(u64::MAX) as usize;
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["severity"].as_str().unwrap_or("").to_string(),
                d["message"].as_str().unwrap_or("").to_string(),
                at(0),
                at(1),
            )
        })
        .collect();
    found.sort();
    Ok(found)
}

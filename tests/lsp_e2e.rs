//! End-to-end: the real `agentls lsp` binary over framed JSON-RPC on stdio.
//!
//! Expected diagnostics are always `analyze()` of the text the document
//! should hold, with positions computed here by a plain char walk, so these
//! tests stay exact as the analysis core grows.

mod lsp_support;

use lsp_support::{
    Client, Enc, XorShift, agent_uri, core_is_live, expected_diagnostics, position, seeds, sorted,
};
use serde_json::{Value, json};
use std::time::Duration;

const ENCODINGS: [Enc; 2] = [Enc::Utf8, Enc::Utf16];

fn start(enc: Enc) -> Client {
    let offered: &[&str] = match enc {
        Enc::Utf8 => &["utf-16", "utf-8"],
        Enc::Utf16 => &["utf-16"],
    };
    let (client, result) = Client::start(Some(offered));
    assert_eq!(result["capabilities"]["positionEncoding"], enc.name());
    client
}

#[test]
fn initialize_announces_incremental_sync_and_server_info() {
    let (client, result) = Client::start(None);
    let caps = &result["capabilities"];
    let sync = &caps["textDocumentSync"];
    assert_eq!(sync["change"], 2, "incremental sync: {caps}");
    assert_eq!(sync["openClose"], true);
    assert_eq!(result["serverInfo"]["name"], "agentls");
    assert_eq!(result["serverInfo"]["version"], env!("CARGO_PKG_VERSION"));
    assert!(client.shutdown().success());
}

#[test]
fn utf8_is_chosen_when_the_client_offers_it() {
    for offered in [
        &["utf-8"][..],
        &["utf-16", "utf-8"],
        &["utf-32", "utf-8", "utf-16"],
    ] {
        let (_c, result) = Client::start(Some(offered));
        assert_eq!(
            result["capabilities"]["positionEncoding"], "utf-8",
            "{offered:?}"
        );
    }
}

#[test]
fn utf16_is_chosen_otherwise() {
    for offered in [
        None,
        Some(&[][..]),
        Some(&["utf-16"][..]),
        Some(&["utf-32"][..]),
    ] {
        let (_c, result) = Client::start(offered);
        assert_eq!(
            result["capabilities"]["positionEncoding"], "utf-16",
            "{offered:?}"
        );
    }
}

#[test]
fn opening_each_seed_publishes_its_analysis() {
    for enc in ENCODINGS {
        let mut c = start(enc);
        for (name, text) in seeds() {
            // One folder per seed: 000 and 001 share a name, and two open
            // files named alike in one folder are (rightly) duplicates.
            let (uri, path) = agent_uri(&format!("ws-{name}"), &name);
            c.open(&uri, &text, 1);
            let got = c.diagnostics(&uri, Some(1));
            let want = expected_diagnostics(&uri, &path, &text, enc);
            assert_eq!(sorted(got), sorted(want), "{name} ({enc:?})");
        }
        assert!(c.shutdown().success());
    }
}

/// Positions of lines with astral characters count 2 per character in
/// UTF-16 and 4 in UTF-8.
#[test]
fn columns_after_emoji_follow_the_negotiated_encoding() {
    let text = "---\n\
                name: emoji-🧠\n\
                description: 🧠🧠 x\n\
                model: 🧠🧠opus\n\
                tools: Read, 🧠🧠, Reed\n\
                color: 🧠🧠 purple\n\
                🧠🧠: value\n\
                ---\n\
                🧠🧠 body\r\nline two\r🧠\n";
    for enc in ENCODINGS {
        let mut c = start(enc);
        let (uri, path) = agent_uri("ws", "emoji.md");
        c.open(&uri, text, 1);
        let got = sorted(c.diagnostics(&uri, Some(1)));
        assert_eq!(
            got,
            sorted(expected_diagnostics(&uri, &path, text, enc)),
            "{enc:?}"
        );
        if core_is_live() {
            // At least one diagnostic edge must sit after an emoji on its
            // line, or this test would not distinguish the encodings.
            let after_emoji = got.iter().any(|d| {
                ["start", "end"].iter().any(|edge| {
                    let p = &d["range"][edge];
                    let line = text
                        .split(['\n'])
                        .nth(p["line"].as_u64().unwrap_or(0) as usize);
                    line.is_some_and(|l| l.contains('🧠')) && p["character"].as_u64() > Some(4)
                })
            });
            assert!(after_emoji, "no diagnostic after an emoji: {got:#?}");
        }
        assert!(c.shutdown().success());
    }
}

/// An insertion at UTF-16 column 17 of `description: 🧠🧠 x` is right after
/// the second emoji (13 + 2 + 2), which is UTF-8 column 21.
#[test]
fn insertion_after_emoji_lands_at_the_right_byte() {
    let before = "---\nname: emoji-insert\ndescription: 🧠🧠 x\ntools: Read\n---\nbody\n";
    let inserted = "\ntools: Reed";
    let after = before.replacen("🧠🧠 x", &format!("🧠🧠{inserted} x"), 1);
    for (enc, col) in [(Enc::Utf16, 17), (Enc::Utf8, 21)] {
        let mut c = start(enc);
        let (uri, path) = agent_uri("ws", "insert.md");
        c.open(&uri, before, 1);
        c.diagnostics(&uri, Some(1));
        let at = json!({ "line": 2, "character": col });
        c.change(
            &uri,
            2,
            json!([{ "range": { "start": at, "end": at }, "text": inserted }]),
        );
        let got = c.diagnostics(&uri, Some(2));
        assert_eq!(
            sorted(got.clone()),
            sorted(expected_diagnostics(&uri, &path, &after, enc)),
            "{enc:?}"
        );

        // And the same as opening the expected text fresh.
        let (fresh_uri, _) = agent_uri("fresh", "insert.md");
        c.open(&fresh_uri, &after, 1);
        let fresh = c.diagnostics(&fresh_uri, Some(1));
        assert_eq!(without_uris(got), without_uris(fresh));
        assert!(c.shutdown().success());
    }
}

/// One random edit: a range in the model text and its replacement.
struct Edit {
    start: usize,
    end: usize,
    text: String,
}

fn random_body_edit(rng: &mut XorShift, text: &str, body_start: usize) -> Edit {
    let chars: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .filter(|&i| i >= body_start)
        .chain([text.len()])
        .collect();
    let k = rng.below(chars.len());
    let start = chars[k];
    if rng.below(3) == 0 && k + 1 < chars.len() {
        // Delete one character (two UTF-16 units for an emoji).
        return Edit {
            start,
            end: chars[k + 1],
            text: String::new(),
        };
    }
    const INSERTS: [&str; 10] = ["a", "Z", " ", "é", "🧠", "\n", ":", "-", "#", "`"];
    Edit {
        start,
        end: start,
        text: INSERTS[rng.below(INSERTS.len())].to_string(),
    }
}

/// Type `word` char by char at `offset`, one edit per char.
fn typing(offset: usize, word: &str) -> Vec<Edit> {
    word.char_indices()
        .map(|(i, ch)| Edit {
            start: offset + i,
            end: offset + i,
            text: ch.to_string(),
        })
        .collect()
}

fn lsp_change(text: &str, e: &Edit, enc: Enc) -> Value {
    json!({
        "range": { "start": position(text, e.start, enc), "end": position(text, e.end, enc) },
        "text": e.text,
    })
}

/// 500 single-character edits sent back to back, some notifications
/// carrying several changes (each relative to the text after the previous
/// one). The server must publish every version in order and end with the
/// diagnostics of a fresh open of the final text.
#[test]
fn many_rapid_incremental_edits_end_where_a_fresh_open_does() {
    const EDITS: usize = 500;
    for enc in ENCODINGS {
        let (name, seed) = seeds().into_iter().next().expect("a seed");
        let mut c = start(enc);
        let (uri, path) = agent_uri("ws", &name);
        let mut text = seed.clone();
        c.open(&uri, &text, 1);
        let at_open = c.diagnostics(&uri, Some(1));

        // Scripted first: misspelled tools and an unknown key typed into the
        // front matter, so the final diagnostics depend on exact content.
        let fm_end = text[3..].find("\n---").map_or(0, |i| i + 4);
        let tools_eol = text
            .find("tools:")
            .and_then(|t| text[t..].find('\n').map(|n| t + n));
        let mut script = Vec::new();
        if let Some(eol) = tools_eol {
            script.extend(typing(eol, ", Reed, Grpe"));
        }
        let key_at = fm_end;
        let mut rng = XorShift(0x5EED_0000 + enc as u64);
        let mut version = 1;
        let mut pending: Vec<Value> = Vec::new();
        let mut done = 0;
        let mut script = script.into_iter();
        let mut typed_key = typing(key_at, "colour: red\n").into_iter();
        while done < EDITS {
            // The key goes in at the closing fence, after the tools line, so
            // typing it first leaves the tools offsets valid.
            let edit = typed_key
                .next()
                .or_else(|| script.next())
                .unwrap_or_else(|| {
                    let body_start = text[3..].find("\n---\n").map_or(0, |i| i + 8);
                    random_body_edit(&mut rng, &text, body_start)
                });
            pending.push(lsp_change(&text, &edit, enc));
            text.replace_range(edit.start..edit.end, &edit.text);
            done += 1;
            // Every few notifications carry 2..=4 changes.
            let batch = if version % 7 == 0 {
                2 + (version as usize % 3)
            } else {
                1
            };
            if pending.len() >= batch || done == EDITS {
                version += 1;
                c.change(&uri, version, Value::Array(std::mem::take(&mut pending)));
            }
        }
        let last = c.diagnostics(&uri, Some(version));

        // Every version was published, in order.
        let published: Vec<i64> = c
            .drain(Duration::from_millis(100))
            .iter()
            .filter(|m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            })
            .filter_map(|m| m["params"]["version"].as_i64())
            .collect();
        assert_eq!(
            published,
            (2..version).collect::<Vec<_>>(),
            "{enc:?}: versions out of order"
        );

        assert_eq!(
            sorted(last.clone()),
            sorted(expected_diagnostics(&uri, &path, &text, enc)),
            "{enc:?}"
        );
        let (fresh_uri, _) = agent_uri("fresh", &name);
        c.open(&fresh_uri, &text, 1);
        assert_eq!(
            without_uris(last.clone()),
            without_uris(c.diagnostics(&fresh_uri, Some(1)))
        );
        if core_is_live() {
            assert_ne!(
                sorted(last),
                sorted(at_open),
                "{enc:?}: edits had no visible effect"
            );
        }
        assert!(c.shutdown().success());
    }
}

#[test]
fn full_text_change_replaces_the_document() {
    let mut c = start(Enc::Utf16);
    let (name, seed) = seeds().into_iter().nth(1).expect("a seed");
    let (uri, path) = agent_uri("ws", &name);
    c.open(&uri, "---\nname: [\n---\n", 1);
    c.diagnostics(&uri, Some(1));
    c.change(&uri, 2, json!([{ "text": seed }]));
    let got = c.diagnostics(&uri, Some(2));
    assert_eq!(
        sorted(got),
        sorted(expected_diagnostics(&uri, &path, &seed, Enc::Utf16))
    );
}

#[test]
fn closing_a_document_clears_its_diagnostics() {
    let mut c = start(Enc::Utf16);
    let (uri, _) = agent_uri("ws", "closing.md");
    c.open(&uri, "---\nname: x\ntools: Reed\n---\n", 1);
    c.diagnostics(&uri, Some(1));
    c.close(&uri);
    assert_eq!(c.diagnostics(&uri, None), Vec::<Value>::new());
    // A change after close is for an unknown document: ignored, no publish.
    c.change(&uri, 2, json!([{ "text": "x" }]));
    c.assert_alive();
    let stray = c
        .drain(Duration::from_millis(100))
        .into_iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == 2)
        .count();
    assert_eq!(stray, 0);
}

/// Only agent definitions are analysed; other markdown gets nothing.
#[test]
fn other_markdown_files_get_no_diagnostics() {
    let mut c = start(Enc::Utf16);
    let broken = "---\nname: [\ntools: Reed\n---\n";
    for other in [
        "file:///tmp/ws/README.md",
        "file:///tmp/ws/docs/agent.md",
        "untitled:Untitled-1",
    ] {
        c.open(other, broken, 1);
    }
    // Handled in order: once this publish arrives, any for the others
    // would have arrived before it.
    let (uri, _) = agent_uri("ws", "marker.md");
    c.open(&uri, broken, 1);
    c.diagnostics(&uri, Some(1));
    let others = c
        .drain(Duration::from_millis(100))
        .into_iter()
        .filter(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] != uri.as_str()
        })
        .collect::<Vec<_>>();
    assert!(others.is_empty(), "{others:#?}");
}

#[test]
fn shutdown_then_exit_ends_the_process_with_status_0() {
    let (c, _) = Client::start(None);
    assert_eq!(c.shutdown().code(), Some(0));
}

#[test]
fn exit_without_shutdown_ends_the_process_with_status_1() {
    let (mut c, _) = Client::start(None);
    c.notify("exit", Value::Null);
    let status = c.wait_exit(lsp_support::TIMEOUT).expect("exited");
    assert_eq!(status.code(), Some(1));
}

fn without_uris(diags: Vec<Value>) -> Vec<Value> {
    let mut diags = sorted(diags);
    for d in &mut diags {
        if let Some(rel) = d
            .get_mut("relatedInformation")
            .and_then(Value::as_array_mut)
        {
            for r in rel {
                r["location"]["uri"] = Value::Null;
            }
        }
    }
    diags
}

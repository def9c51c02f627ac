//! `documentSymbol`, `foldingRange` and `selectionRange` end to end through
//! the real binary, on every seed and the outline fixture, in both position
//! encodings: the containment rules of the LSP spec hold.

mod lsp_support;

use lsp_support::{Client, Enc, agent_uri, position, seeds};
use serde_json::{Value, json};

fn start(enc: Enc) -> Client {
    Client::start(Some(&[enc.name()])).0
}

fn documents() -> Vec<(String, String)> {
    let mut docs = seeds();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/structure/outline.md");
    docs.push((
        "outline.md".into(),
        std::fs::read_to_string(fixture).expect("fixture"),
    ));
    docs
}

fn pos(p: &Value) -> (u64, u64) {
    (
        p["line"].as_u64().expect("line"),
        p["character"].as_u64().expect("character"),
    )
}

/// `outer` contains `inner` (positions compared as (line, character)).
fn contains(outer: &Value, inner: &Value) -> bool {
    pos(&outer["start"]) <= pos(&inner["start"]) && pos(&inner["end"]) <= pos(&outer["end"])
}

fn open(c: &mut Client, name: &str, text: &str) -> String {
    let (uri, _) = agent_uri("structure", name);
    c.open(&uri, text, 1);
    c.diagnostics(&uri, Some(1));
    uri
}

fn check_symbols(name: &str, parent: Option<&Value>, symbols: &[Value], seen: &mut Vec<String>) {
    for s in symbols {
        let label = s["name"].as_str().expect("name").to_string();
        assert!(!label.is_empty(), "{name}: empty symbol name");
        assert!(
            contains(&s["range"], &s["selectionRange"]),
            "{name}: {label}: range must contain selectionRange: {s}"
        );
        if let Some(p) = parent {
            assert!(
                contains(&p["range"], &s["range"]),
                "{name}: {label} is outside its parent {}",
                p["name"]
            );
        }
        seen.push(label);
        if let Some(children) = s["children"].as_array() {
            check_symbols(name, Some(s), children, seen);
        }
    }
}

#[test]
fn document_symbols_nest_and_contain_their_selection_ranges() {
    for enc in [Enc::Utf8, Enc::Utf16] {
        let mut c = start(enc);
        for (name, text) in documents() {
            let uri = open(&mut c, &name, &text);
            let resp = c.request(
                "textDocument/documentSymbol",
                json!({ "textDocument": { "uri": uri } }),
            );
            let symbols = resp["result"].as_array().cloned().expect("symbols");
            assert_eq!(symbols[0]["name"], "front matter", "{name}");
            assert_eq!(
                symbols[0]["range"]["start"],
                json!({"line": 0, "character": 0})
            );
            let mut seen = Vec::new();
            check_symbols(&name, None, &symbols, &mut seen);
            assert!(seen.iter().any(|s| s == "description"), "{name}: {seen:?}");
            if name.starts_with("000") || name == "outline.md" {
                assert!(seen.iter().any(|s| s == "example 1"), "{name}: {seen:?}");
            }
        }
        assert!(c.shutdown().success());
    }
}

#[test]
fn folding_ranges_are_line_spans_inside_the_document() {
    let mut c = start(Enc::Utf16);
    for (name, text) in documents() {
        let uri = open(&mut c, &name, &text);
        let resp = c.request(
            "textDocument/foldingRange",
            json!({ "textDocument": { "uri": uri } }),
        );
        let folds = resp["result"].as_array().cloned().expect("folds");
        let last_line = pos(&position(&text, text.len(), Enc::Utf16)).0;
        assert!(!folds.is_empty(), "{name}");
        assert_eq!(folds[0]["startLine"], 0, "{name}: front matter first");
        for f in &folds {
            let (s, e) = (
                f["startLine"].as_u64().expect("start"),
                f["endLine"].as_u64().expect("end"),
            );
            assert!(s < e && e <= last_line, "{name}: {f}");
        }
        if name == "outline.md" {
            // Front matter, two examples, four sections, two code blocks.
            assert_eq!(folds.len(), 9, "{folds:#?}");
        }
    }
}

#[test]
fn selection_ranges_grow_outwards_to_the_whole_document() {
    for enc in [Enc::Utf8, Enc::Utf16] {
        let mut c = start(enc);
        for (name, text) in documents() {
            let uri = open(&mut c, &name, &text);
            // A spread of positions: front matter, description, body, end.
            let offsets: Vec<usize> = (0..text.len())
                .step_by((text.len() / 40).max(1))
                .filter(|o| text.is_char_boundary(*o))
                .chain([text.len()])
                .collect();
            let positions: Vec<Value> = offsets.iter().map(|o| position(&text, *o, enc)).collect();
            let resp = c.request(
                "textDocument/selectionRange",
                json!({ "textDocument": { "uri": uri }, "positions": positions }),
            );
            let result = resp["result"].as_array().cloned().expect("ranges");
            assert_eq!(result.len(), positions.len(), "{name}: one per position");
            let whole = json!({ "start": position(&text, 0, enc), "end": position(&text, text.len(), enc) });
            for (p, sel) in positions.iter().zip(&result) {
                let here = json!({ "start": p, "end": p });
                assert!(contains(&sel["range"], &here), "{name}: {p} not in {sel}");
                let mut node = sel;
                let mut depth = 0;
                while let Some(parent) = node.get("parent").filter(|v| !v.is_null()) {
                    assert!(
                        contains(&parent["range"], &node["range"])
                            && parent["range"] != node["range"],
                        "{name}: parent does not strictly contain child at {p}: {sel}"
                    );
                    node = parent;
                    depth += 1;
                }
                assert_eq!(node["range"], whole, "{name}: outermost is the document");
                assert!(depth >= 1 || text.is_empty(), "{name}: at {p}");
            }
        }
        assert!(c.shutdown().success());
    }
}

#[test]
fn selection_starts_at_the_word_under_the_cursor() {
    let mut c = start(Enc::Utf16);
    let (name, text) = seeds()
        .into_iter()
        .find(|(n, _)| n.starts_with("000"))
        .expect("seed");
    let uri = open(&mut c, &name, &text);
    let at = text.find("MultiEdit").expect("MultiEdit");
    let resp = c.request(
        "textDocument/selectionRange",
        json!({ "textDocument": { "uri": uri }, "positions": [position(&text, at + 3, Enc::Utf16)] }),
    );
    let sel = &resp["result"][0];
    assert_eq!(
        sel["range"],
        lsp_support::range(&text, &(at..at + 9), Enc::Utf16)
    );
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    // word → tools value → `tools:` entry → front matter → document
    assert_eq!(
        sel["parent"]["parent"]["range"]["start"],
        position(&text, line_start, Enc::Utf16)
    );
}

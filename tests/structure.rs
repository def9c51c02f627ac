//! Outline and structure in the core (`analysis::structure`): snapshots of
//! symbols, folds and selection chains on the seeds and a fixture, and the
//! containment invariants LSP clients rely on, on every byte offset.

mod common;

use std::ops::Range;
use std::path::Path;

use agentls_core::outline::{self, Section};
use agentls_core::structure::{self, Symbol};
use common::check;

fn files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for sub in ["seeds", "structure"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(sub))
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        paths.sort();
        for p in paths {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            out.push((name, std::fs::read_to_string(&p).unwrap()));
        }
    }
    out
}

fn sections(text: &str) -> Vec<Section> {
    outline::sections(text, &outline::parse_blocks(text, None).expect("tree"))
}

/// `line:col` (1-based, bytes) of an offset.
fn at(text: &str, offset: usize) -> String {
    let line = text[..offset].matches('\n').count() + 1;
    let col = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("{line}:{col}")
}

fn span(text: &str, r: &Range<usize>) -> String {
    let snippet: String = text[r.clone()].chars().take(30).collect();
    format!(
        "{}-{} {:?}{}",
        at(text, r.start),
        at(text, r.end),
        snippet,
        if text[r.clone()].chars().count() > 30 {
            "…"
        } else {
            ""
        }
    )
}

fn render_symbols(text: &str, symbols: &[Symbol], depth: usize, out: &mut String) {
    for s in symbols {
        out.push_str(&format!(
            "{}{:?} {:?}{} @ {} sel {}\n",
            "  ".repeat(depth),
            s.kind,
            s.name,
            s.detail
                .as_ref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default(),
            span(text, &s.range),
            span(text, &s.selection),
        ));
        render_symbols(text, &s.children, depth + 1, out);
    }
}

fn render(text: &str, name: &str) -> String {
    let a = check(name, text);
    let secs = sections(text);
    let mut out = String::from("symbols:\n");
    render_symbols(text, &structure::symbols(text, &a, &secs), 1, &mut out);
    out.push_str("folds:\n");
    for f in structure::folds(text, &a, &secs) {
        out.push_str(&format!("  {:?} {}\n", f.kind, span(text, &f.range)));
    }
    out.push_str("selection:\n");
    for needle in [
        "MultiEdit",
        "Context:",
        "Checklist",
        "correctness",
        "four",
        "You are",
    ] {
        if let Some(i) = text.find(needle) {
            out.push_str(&format!("  at {needle:?}:\n"));
            for r in structure::selection_chain(text, &a, &secs, i + 1) {
                out.push_str(&format!("    {}\n", span(text, &r)));
            }
        }
    }
    out
}

#[test]
fn structure_snapshots() {
    for (name, text) in files() {
        insta::assert_snapshot!(name.clone(), render(&text, &name));
    }
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

fn check_symbols(name: &str, parent: Option<&Symbol>, symbols: &[Symbol]) {
    for s in symbols {
        assert!(!s.name.trim().is_empty(), "{name}: empty name {s:?}");
        assert!(
            contains(&s.range, &s.selection),
            "{name}: {} range does not contain its selection",
            s.name
        );
        if let Some(p) = parent {
            assert!(
                contains(&p.range, &s.range),
                "{name}: {} outside its parent {}",
                s.name,
                p.name
            );
        }
        check_symbols(name, Some(s), &s.children);
    }
}

#[test]
fn symbols_nest_and_contain_their_selections() {
    for (name, text) in files() {
        let a = check(&name, &text);
        let secs = sections(&text);
        let symbols = structure::symbols(&text, &a, &secs);
        assert!(!symbols.is_empty(), "{name}");
        check_symbols(&name, None, &symbols);
    }
}

#[test]
fn the_fixture_outline_has_fields_examples_and_headings() {
    let (_, text) = files()
        .into_iter()
        .find(|(n, _)| n == "outline")
        .expect("fixture");
    let a = check("outline", &text);
    let symbols = structure::symbols(&text, &a, &sections(&text));
    let fm = &symbols[0];
    let keys: Vec<_> = fm.children.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(keys, ["name", "description", "tools", "model", "hooks"]);
    let examples: Vec<_> = fm.children[1]
        .children
        .iter()
        .map(|c| (c.name.as_str(), c.detail.as_deref()))
        .collect();
    assert_eq!(
        examples,
        [
            ("example 1", Some("Context: A pull request is ready")),
            ("example 2", Some("user: \"Check this diff\"")),
        ]
    );
    assert_eq!(fm.children[4].children[0].name, "PreToolUse");
    assert_eq!(symbols[1].name, "Code Reviewer");
    let subs: Vec<_> = symbols[1]
        .children
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(subs, ["Checklist", "Output"]);
}

#[test]
fn folds_span_lines() {
    for (name, text) in files() {
        let a = check(&name, &text);
        for f in structure::folds(&text, &a, &sections(&text)) {
            let t = &text[f.range.clone()];
            assert!(t.contains('\n'), "{name}: one-line fold {f:?}");
            assert!(
                !t.ends_with('\n'),
                "{name}: fold claims the next line {f:?}"
            );
        }
    }
}

/// At every offset (and a few past the end), each range of the chain holds
/// the offset and the range before it, and the last is the whole document.
#[test]
fn selection_chains_nest_at_every_offset() {
    for (name, text) in files() {
        let a = check(&name, &text);
        let secs = sections(&text);
        for offset in (0..=text.len() + 2).step_by(3) {
            let chain = structure::selection_chain(&text, &a, &secs, offset);
            // Inside a multi-byte char the chain is that of the char's start.
            let mut o = offset.min(text.len());
            while !text.is_char_boundary(o) {
                o -= 1;
            }
            assert_eq!(chain.last(), Some(&(0..text.len())), "{name} @{offset}");
            for pair in chain.windows(2) {
                assert!(
                    contains(&pair[1], &pair[0]) && pair[0] != pair[1],
                    "{name} @{offset}: {chain:?}"
                );
            }
            assert!(chain[0].start <= o && o <= chain[0].end, "{name} @{offset}");
        }
    }
}

#[test]
fn odd_input_does_not_panic() {
    for text in [
        "",
        "---",
        "---\n",
        "---\n---",
        "---\ndescription: <example>\n---\n```",
        "---\ndescription: \"<example>Context:\"\n---\n# \n## x\n",
        "\u{feff}---\nname: é\n---\n~~~\n",
        "---\r\nname: a\r\n---\r\n# H\r\nx\r\n",
    ] {
        let a = check("odd", text);
        let secs = sections(text);
        let _ = structure::symbols(text, &a, &secs);
        let _ = structure::folds(text, &a, &secs);
        for o in 0..=text.len() {
            let _ = structure::selection_chain(text, &a, &secs, o);
        }
    }
}

//! Hover cards from the pure core. Each fixture in `fixtures/hover/` marks
//! the cursor with `$0`; the snapshot holds the hovered token and the card.
//! The file system is a fake: a few known paths, everything else missing.

use std::path::Path;

use agentls_core::hover::{FileLookup, FileState, HoverInfo, Preview, hover};
use agentls_core::outline::{Section, parse_blocks, sections};
use agentls_core::{Analysis, analyze};

const CURSOR: &str = "$0";

/// `docs/api.md` and `insights.md` exist; `workspaces/` is a folder;
/// anything with `..` leads outside; the rest is missing.
struct FakeWorkspace;

impl FileLookup for FakeWorkspace {
    fn state(&self, path: &str) -> FileState {
        match path {
            "docs/api.md" | "insights.md" => FileState::File,
            p if p.starts_with("workspaces/") && p.ends_with('/') => FileState::Folder,
            p if p.contains("..") => FileState::Outside,
            _ => FileState::Missing,
        }
    }

    fn preview(&self, path: &str) -> Option<Preview> {
        (path == "docs/api.md").then(|| Preview::Text {
            head: (1..=20)
                .map(|i| format!("line {i} of the API notes"))
                .collect::<Vec<_>>()
                .join("\n"),
            more: false,
        })
    }
}

struct Doc {
    text: String,
    analysis: Analysis,
    sections: Vec<Section>,
}

fn doc(text: &str) -> Doc {
    let tree = parse_blocks(text, None).expect("markdown parser");
    Doc {
        analysis: analyze(text, Some(Path::new("/ws/.claude/agents/x.md"))),
        sections: sections(text, &tree),
        text: text.to_string(),
    }
}

fn hover_at(d: &Doc, offset: usize) -> Option<HoverInfo> {
    hover(&d.text, &d.analysis, &d.sections, offset, &FakeWorkspace)
}

/// The card at the cursor, with the exact text its range covers.
fn card(marked: &str) -> String {
    let offset = marked.find(CURSOR).expect("fixture has a $0 cursor");
    let d = doc(&marked.replacen(CURSOR, "", 1));
    let info = hover_at(&d, offset).unwrap_or_else(|| panic!("no hover at {offset}"));
    assert!(
        info.range.start <= offset && offset < info.range.end,
        "range {:?} does not hold the cursor {offset}",
        info.range
    );
    format!(
        "range: {:?}\n---\n{}\n",
        &d.text[info.range.clone()],
        info.markdown
    )
}

fn fixtures() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hover");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("hover fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

fn seed(prefix: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    let path = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .expect("seed");
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn hover_fixtures() {
    let all = fixtures();
    assert!(all.len() >= 17, "hover fixtures went missing");
    for (name, text) in all {
        insta::assert_snapshot!(name.clone(), card(&text));
    }
}

/// The protocol section of a real agent: subsections, numbered steps from
/// two of them, the files and agents it names, its size.
#[test]
fn seed_workspace_protocol_section() {
    let text = seed("004_");
    let at = text.find("## WORKSPACE MANAGEMENT PROTOCOL").unwrap() + 5;
    let marked = format!("{}{CURSOR}{}", &text[..at], &text[at..]);
    insta::assert_snapshot!("seed-004-workspace-protocol", card(&marked));
}

#[test]
fn seed_story_update_protocol_section() {
    let text = seed("003_");
    let at = text.find("## Story File Update Protocol").unwrap() + 9;
    let marked = format!("{}{CURSOR}{}", &text[..at], &text[at..]);
    insta::assert_snapshot!("seed-003-story-protocol", card(&marked));
}

/// A nested heading shows where it sits in the outline.
#[test]
fn nested_heading_has_a_breadcrumb() {
    let text = seed("003_");
    let at = text.find("### Learning Protocol").unwrap() + 6;
    let marked = format!("{}{CURSOR}{}", &text[..at], &text[at..]);
    let got = card(&marked);
    assert!(
        got.contains("Backend Architect › AML Integration › Learning Protocol"),
        "{got}"
    );
}

/// Keys stay explained when the YAML is broken (no tree to read them from).
#[test]
fn keys_have_cards_in_broken_yaml() {
    let got = card("---\nname: x\nde$0scription: Use when: ends with colon:\n---\nbody\n");
    assert!(got.contains("front-matter key"), "{got}");
}

/// Whitespace, fences and plain body text have no card.
#[test]
fn nothing_to_say_is_none() {
    let text = "---\nname: x\ndescription: d\n---\nplain words here\n";
    let d = doc(text);
    for offset in [0, 1, 3, 8, 9, text.find("plain").unwrap(), text.len()] {
        assert_eq!(hover_at(&d, offset), None, "offset {offset}");
    }
    // Inside a multi-byte character, or past the end: no card, no panic.
    let d = doc("---\nname: é\ndescription: d\n---\n# é\n");
    assert_eq!(hover_at(&d, 11), None);
    assert_eq!(hover_at(&d, 10_000), None);
}

/// Every offset of every fixture and seed: no panic, and every card's range
/// holds the cursor and lies on character boundaries.
#[test]
fn any_offset_is_safe() {
    let mut texts: Vec<String> = fixtures()
        .into_iter()
        .map(|(_, t)| t.replace(CURSOR, ""))
        .collect();
    for p in ["000_", "001_", "002_", "003_", "004_"] {
        texts.push(seed(p));
    }
    texts.push("---\nname: é🧠\ntools: \"R\\u00e9ad, 🧠\"\ncolor: 🧠\n---\n# 🧠 `ä.md`\n".into());
    texts.push("---\n\u{feff}name: [\n---\n# x\n`a.md`".into());
    texts.push("# only a heading\r\n1. step\r\n`@x/y`\r\n".into());
    for text in texts {
        let d = doc(&text);
        // Keep the sweep fast on the long seeds: the body scan is linear.
        let stride = (text.len() / 1500).max(1);
        let heading_starts = d.sections.iter().map(|s| s.heading.start);
        let offsets: Vec<usize> = (0..=text.len())
            .step_by(stride)
            .chain(heading_starts)
            .filter(|&o| text.is_char_boundary(o))
            .collect();
        for offset in offsets {
            if let Some(info) = hover_at(&d, offset) {
                assert!(
                    info.range.start <= offset && offset < info.range.end,
                    "{offset} not in {:?} of {text:?}",
                    info.range
                );
                assert!(text.is_char_boundary(info.range.start));
                assert!(text.is_char_boundary(info.range.end));
                assert!(!info.markdown.is_empty());
            }
        }
    }
}

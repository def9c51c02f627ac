//! The line scan that outlines huge bodies (`outline_scan::scan_sections`, used
//! past `outline_scan::SCAN_ABOVE` bytes) finds the same sections as the
//! tree-sitter tree used below it: on every markdown file in the repository
//! and on random documents built from the block constructs that decide
//! what a heading is.

use std::path::Path;

use agentls_core::outline::{Section, parse_blocks, sections};
use agentls_core::outline_scan::scan_sections;

fn from_tree(text: &str) -> Vec<Section> {
    sections(text, &parse_blocks(text, None).expect("parser"))
}

fn assert_same(text: &str, what: &str) {
    let tree = from_tree(text);
    let scan = scan_sections(text);
    assert!(
        tree == scan,
        "{what}: the scan and the tree disagree\n--- text ---\n{text:?}\n--- tree ---\n{tree:#?}\n--- scan ---\n{scan:#?}"
    );
}

fn markdown_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

#[test]
fn the_scan_agrees_with_the_tree_on_every_markdown_file_here() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["examples", "tests/fixtures", "editors"] {
        markdown_files(&root.join(dir), &mut files);
    }
    files.push(root.join("README.md"));
    assert!(files.len() > 100, "only {} files found", files.len());
    let mut with_headings = 0;
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        with_headings += usize::from(!from_tree(&text).is_empty());
        assert_same(&text, &path.display().to_string());
    }
    assert!(
        with_headings > 20,
        "only {with_headings} files have headings"
    );
}

/// Lines that start, end or hide headings.
const PIECES: &[&str] = &[
    "# Title",
    "## Sub heading ##",
    "### Three",
    "###### six",
    "####### seven is text",
    "#no space",
    "   # indented three",
    "    # indented four",
    "\t# tab",
    "Para line",
    "another para line",
    "===",
    "---",
    "- - -",
    "***",
    "___",
    "```",
    "```rust",
    "````",
    "~~~",
    "~~~ info",
    "``` a`b",
    "- item",
    "- # heading in item",
    "  continued item",
    "  # indented in item",
    "1. first",
    "2. second",
    "* star",
    "+ plus",
    "> quote",
    "> # quoted heading",
    ">",
    "<div>",
    "</div>",
    "<!-- comment",
    "-->",
    "<pre>",
    "</pre>",
    "<span>inline</span>",
    "<custom-tag>",
    "",
    "",
    "",
    "text with `code`",
    "    indented code",
];

#[test]
fn the_scan_agrees_with_the_tree_on_random_documents() {
    let mut seed: u64 = std::env::var("AGENTLS_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15);
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for case in 0..cases() {
        let lines = 1 + (next() % 12) as usize;
        let mut text = String::new();
        if next() % 5 == 0 {
            text.push_str("---\nname: x\n---\n");
        }
        for _ in 0..lines {
            text.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
            text.push_str(match next() % 10 {
                0 => "\r\n",
                _ => "\n",
            });
        }
        // Without a final line break, except for a lone line: tree-sitter-md
        // reads `# a` with nothing else as an error, a case no body big
        // enough for the scan can be.
        if next() % 4 == 0 && lines > 1 {
            text.pop();
        }
        assert_same(&text, &format!("random document {case}"));
    }
}

/// 20,000 by default; `AGENTLS_OUTLINE_CASES` for a longer run.
fn cases() -> usize {
    std::env::var("AGENTLS_OUTLINE_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000)
}

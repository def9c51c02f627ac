//! Body structure (headings and sections) from the tree-sitter-md block tree.
//!
//! Only the block grammar is used: headings, their levels and extents are
//! block-level facts, and the inline grammar would double the parse cost.

use std::cell::RefCell;
use std::ops::Range;

use tree_sitter::{Node, Parser, Point, Tree};

/// One heading and everything under it up to the next heading of the same
/// or a higher level (smaller number).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// 1 for `#` / `===`, 2 for `##` / `---`, ... up to 6.
    pub level: u8,
    /// Heading text without markers; setext lines joined by a space.
    pub title: String,
    /// Byte range of the heading line(s), without the trailing line break.
    pub heading: Range<usize>,
    /// Byte range of the whole section, subsections included.
    pub range: Range<usize>,
    pub children: Vec<Section>,
}

thread_local! {
    // A parser is cheap to keep and costs an allocation plus language
    // setup to create, so each thread keeps one.
    static BLOCK_PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// Parse `text` with the markdown block grammar. Pass the previous tree,
/// already adjusted with [`Tree::edit`], to reparse incrementally.
/// `None` only if the parser could not be set up.
pub fn parse_blocks(text: &str, old: Option<&Tree>) -> Option<Tree> {
    BLOCK_PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut parser = Parser::new();
            parser.set_language(&tree_sitter_md::LANGUAGE.into()).ok()?;
            *slot = Some(parser);
        }
        slot.as_mut()?.parse(text, old)
    })
}

/// The tree-sitter position of byte `offset` in `text`: rows count `\n`
/// only (tree-sitter's rule, unlike LSP), columns are bytes.
pub fn point_at(text: &str, offset: usize) -> Point {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let row = before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    Point::new(row, before.len() - line_start)
}

/// The heading hierarchy of the document body. Headings inside block
/// quotes and list items are content, not structure, and are skipped, as
/// is the front matter.
pub fn sections(text: &str, tree: &Tree) -> Vec<Section> {
    let mut flat = Vec::new();
    collect_headings(text, tree.root_node(), &mut flat);
    nest(flat, text.len())
}

/// A heading found in document order, before nesting.
pub(super) struct Heading {
    level: u8,
    title: String,
    range: Range<usize>,
}

impl Heading {
    /// An ATX heading on `line` (at byte `start`), `content` after its marker.
    pub(super) fn atx(start: usize, line: &str, level: u8, content: &str) -> Heading {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        Heading {
            level,
            title: atx_title(content),
            range: start + indent..start + line.len(),
        }
    }

    /// A setext heading: paragraph lines from byte `first` up to the
    /// underline, which ends at byte `end`.
    pub(super) fn setext(text: &str, first: usize, end: usize, level: u8) -> Heading {
        let underline = text[..end].rfind(['\n', '\r']).map_or(first, |i| i + 1);
        let content = &text[first..underline.max(first)];
        let indent = content.len() - content.trim_start_matches([' ', '\t']).len();
        Heading {
            level,
            title: content.split_whitespace().collect::<Vec<_>>().join(" "),
            range: first + indent..end,
        }
    }
}

fn collect_headings(text: &str, node: Node<'_>, out: &mut Vec<Heading>) {
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        match child.kind() {
            "section" => collect_headings(text, child, out),
            "atx_heading" | "setext_heading" => {
                if let Some(h) = heading(text, child) {
                    out.push(h);
                }
            }
            // Front matter, block quotes, lists, code: no structure inside.
            _ => {}
        }
    }
}

fn heading(text: &str, node: Node<'_>) -> Option<Heading> {
    let mut level = None;
    let mut content = None;
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        match child.kind() {
            "atx_h1_marker" | "setext_h1_underline" => level = Some(1),
            "atx_h2_marker" | "setext_h2_underline" => level = Some(2),
            "atx_h3_marker" => level = Some(3),
            "atx_h4_marker" => level = Some(4),
            "atx_h5_marker" => level = Some(5),
            "atx_h6_marker" => level = Some(6),
            _ => {}
        }
    }
    if let Some(c) = node.child_by_field_name("heading_content") {
        content = text.get(c.byte_range());
    }
    let title = match (node.kind(), content) {
        ("atx_heading", Some(c)) => atx_title(c),
        (_, Some(c)) => c.split_whitespace().collect::<Vec<_>>().join(" "),
        (_, None) => String::new(),
    };
    let range = node.byte_range();
    let line = text.get(range.clone())?;
    let end = range.start + line.trim_end_matches(['\r', '\n']).len();
    // The tree gives the indentation before a heading to the heading or to
    // the block before it, depending on that block; it is never part of it.
    let start = range.start + (line.len() - line.trim_start_matches([' ', '\t']).len());
    Some(Heading {
        level: level?,
        title,
        range: start.min(end)..end,
    })
}

/// ATX content without the optional closing `#` run (CommonMark: only when
/// preceded by a space, or when the content is nothing but `#`s).
fn atx_title(content: &str) -> String {
    let trimmed = content.trim();
    let without_hashes = trimmed.trim_end_matches('#');
    if without_hashes.is_empty() {
        return String::new();
    }
    if without_hashes.len() < trimmed.len() && without_hashes.ends_with([' ', '\t']) {
        return without_hashes.trim_end().to_string();
    }
    trimmed.to_string()
}

/// Build the tree: a section ends where the next heading of the same or a
/// higher level starts, or at the end of the text.
pub(super) fn nest(flat: Vec<Heading>, text_len: usize) -> Vec<Section> {
    let mut roots: Vec<Section> = Vec::new();
    // Open sections, outermost first.
    let mut open: Vec<Section> = Vec::new();
    for h in flat {
        while open.last().is_some_and(|s| s.level >= h.level) {
            close_last(&mut open, &mut roots, h.range.start);
        }
        open.push(Section {
            level: h.level,
            title: h.title,
            heading: h.range.clone(),
            range: h.range.start..text_len,
            children: Vec::new(),
        });
    }
    while !open.is_empty() {
        close_last(&mut open, &mut roots, text_len);
    }
    roots
}

fn close_last(open: &mut Vec<Section>, roots: &mut Vec<Section>, end: usize) {
    if let Some(mut s) = open.pop() {
        s.range.end = end;
        match open.last_mut() {
            Some(parent) => parent.children.push(s),
            None => roots.push(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tree_sitter::InputEdit;

    fn outline(text: &str) -> Vec<Section> {
        let tree = parse_blocks(text, None).expect("parser");
        sections(text, &tree)
    }

    /// (level, title, heading text, section text) of every section, depth first.
    fn flat(text: &str, secs: &[Section]) -> Vec<(u8, String, String, String)> {
        let mut out = Vec::new();
        for s in secs {
            out.push((
                s.level,
                s.title.clone(),
                text[s.heading.clone()].to_string(),
                text[s.range.clone()].to_string(),
            ));
            out.extend(flat(text, &s.children));
        }
        out
    }

    #[test]
    fn front_matter_is_not_a_heading() {
        let text = "---\nname: x\n---\nbody\n";
        assert_eq!(outline(text), Vec::new());
    }

    #[test]
    fn atx_sections_nest_by_level_and_end_at_next_same_level() {
        let text = "---\nname: x\n---\n# A\na\n## B\nb\n### C\nc\n## D\nd\n# E\n";
        let got = flat(text, &outline(text));
        assert_eq!(
            got,
            vec![
                (
                    1,
                    "A".into(),
                    "# A".into(),
                    "# A\na\n## B\nb\n### C\nc\n## D\nd\n".into()
                ),
                (2, "B".into(), "## B".into(), "## B\nb\n### C\nc\n".into()),
                (3, "C".into(), "### C".into(), "### C\nc\n".into()),
                (2, "D".into(), "## D".into(), "## D\nd\n".into()),
                (1, "E".into(), "# E".into(), "# E\n".into()),
            ]
        );
        let roots = outline(text);
        assert_eq!(roots.len(), 2);
        assert_eq!(roots[0].children.len(), 2);
        assert_eq!(roots[0].children[0].children.len(), 1);
    }

    #[test]
    fn setext_headings_have_levels_and_joined_titles() {
        let text = "Title\nsecond line\n===\n\nSub\n---\n\ntext\n";
        let got = flat(text, &outline(text));
        assert_eq!(got[0].0, 1);
        assert_eq!(got[0].1, "Title second line");
        assert_eq!(got[0].2, "Title\nsecond line\n===");
        assert_eq!(got[1].0, 2);
        assert_eq!(got[1].1, "Sub");
        assert_eq!(got[1].3, "Sub\n---\n\ntext\n");
    }

    #[test]
    fn closing_hashes_are_dropped_only_after_a_space() {
        let text = "# One ##\n## Two#\n### ###\n";
        let titles: Vec<_> = flat(text, &outline(text))
            .into_iter()
            .map(|t| t.1)
            .collect();
        assert_eq!(titles, vec!["One", "Two#", ""]);
    }

    #[test]
    fn headings_in_code_quotes_and_lists_are_not_structure() {
        let text = "# Top\n```\n# code\n```\n> ## quoted\n- ## listed\n";
        let got = flat(text, &outline(text));
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, "Top");
    }

    #[test]
    fn heading_range_excludes_crlf() {
        let text = "# A\r\nx\r\n";
        let s = outline(text);
        assert_eq!(&text[s[0].heading.clone()], "# A");
        assert_eq!(s[0].range, 0..text.len());
    }

    #[test]
    fn point_rows_count_only_line_feeds() {
        let text = "a\r\nb\rc\nd";
        assert_eq!(point_at(text, 0), Point::new(0, 0));
        assert_eq!(point_at(text, 3), Point::new(1, 0));
        // A lone CR is not a row break for tree-sitter.
        assert_eq!(point_at(text, 5), Point::new(1, 2));
        assert_eq!(point_at(text, 8), Point::new(2, 1));
    }

    #[test]
    fn seed_outlines_cover_the_body_and_are_well_formed() {
        for (name, text) in seeds() {
            let secs = outline(&text);
            assert!(!secs.is_empty(), "{name}: no headings found");
            check_well_formed(&name, &text, &secs, 0..text.len());
        }
    }

    fn check_well_formed(name: &str, text: &str, secs: &[Section], within: Range<usize>) {
        let mut prev_end = within.start;
        for s in secs {
            assert!((1..=6).contains(&s.level), "{name}: level {}", s.level);
            assert!(s.range.start >= prev_end, "{name}: sections overlap");
            assert!(s.range.end <= within.end, "{name}: section escapes parent");
            assert_eq!(s.heading.start, s.range.start, "{name}");
            assert!(text[s.heading.clone()].lines().next().is_some());
            for c in &s.children {
                assert!(c.level > s.level, "{name}: child level not deeper");
            }
            check_well_formed(name, text, &s.children, s.heading.end..s.range.end);
            prev_end = s.range.end;
        }
    }

    fn seeds() -> Vec<(String, String)> {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/seeds");
        let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
            .expect("seed dir")
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .map(|p| {
                let text = std::fs::read_to_string(&p).expect("seed text");
                (p.display().to_string(), text)
            })
            .collect();
        out.sort();
        assert!(!out.is_empty(), "no seeds in {}", dir.display());
        out
    }

    /// Deterministic pseudo-random numbers (xorshift64*), no dependency.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            self.0 = x;
            x.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    /// Fragments chosen to flip block structure: heading markers, setext
    /// underlines, fences, quotes, list markers, front matter fences, CR/LF
    /// and multi-byte characters.
    const FRAGMENTS: &[&str] = &[
        "a",
        " ",
        "\n",
        "\r\n",
        "\r",
        "#",
        "# ",
        "## H\n",
        "=",
        "===\n",
        "-",
        "---\n",
        "```",
        "```\n",
        "~~~\n",
        "> ",
        "- ",
        "1. ",
        "*",
        "    ",
        "\t",
        "<div>\n",
        "é",
        "🧠",
        "\n\n",
        "| a | b |\n|---|---|\n",
        "[x]: http://e\n",
    ];

    fn random_edit(rng: &mut XorShift, text: &str) -> (Range<usize>, String) {
        let snap = |mut i: usize| {
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = snap(rng.below(text.len() + 1));
        let max_del = if rng.below(10) == 0 { 200 } else { 8 };
        let end = snap((start + rng.below(max_del + 1)).min(text.len())).max(start);
        let mut insert = String::new();
        if rng.below(4) != 0 {
            for _ in 0..=rng.below(3) {
                insert.push_str(FRAGMENTS[rng.below(FRAGMENTS.len())]);
            }
        }
        (start..end, insert)
    }

    /// The incremental block tree is only worth keeping if it is exactly the
    /// tree a fresh parse would produce, after any sequence of edits.
    #[test]
    fn incremental_reparse_matches_fresh_parse_over_random_edits() {
        const EDITS_PER_SEED: usize = 500;
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        let mut total = 0;
        for (name, seed) in seeds() {
            let mut text = seed.clone();
            let mut tree = parse_blocks(&text, None).expect("parse");
            for step in 0..EDITS_PER_SEED {
                let (range, insert) = random_edit(&mut rng, &text);
                let edit = InputEdit {
                    start_byte: range.start,
                    old_end_byte: range.end,
                    new_end_byte: range.start + insert.len(),
                    start_position: point_at(&text, range.start),
                    old_end_position: point_at(&text, range.end),
                    new_end_position: Point::default(),
                };
                text.replace_range(range.clone(), &insert);
                let edit = InputEdit {
                    new_end_position: point_at(&text, edit.new_end_byte),
                    ..edit
                };
                tree.edit(&edit);
                tree = parse_blocks(&text, Some(&tree)).expect("reparse");
                let fresh = parse_blocks(&text, None).expect("fresh parse");
                assert_eq!(
                    tree.root_node().to_sexp(),
                    fresh.root_node().to_sexp(),
                    "{name}: step {step}: replacing {range:?} with {insert:?}"
                );
                assert_eq!(sections(&text, &tree), sections(&text, &fresh));
                total += 1;
                // Keep documents near seed size so edits stay representative.
                if text.len() > 3 * seed.len() || text.len() < seed.len() / 4 {
                    text = seed.clone();
                    tree = parse_blocks(&text, None).expect("parse");
                }
            }
        }
        assert!(total >= 2000, "only {total} edits checked");
    }
}

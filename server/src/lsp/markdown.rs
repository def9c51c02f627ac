//! The tree-sitter block tree kept with each document.
//!
//! Typing must stay cheap, so a change only tells the old tree what moved
//! (`Tree::edit`, no parsing) and marks it stale; the reparse, incremental,
//! happens when something asks for the outline, outside the session's lock
//! (see [`OutlineJob`]). Past [`SCAN_ABOVE`] bytes no tree is kept at all:
//! a line scan outlines such bodies in a fraction of the time and memory.

use ropey::Rope;
use tree_sitter::{InputEdit, Point, Tree};

use agentls_core::outline::{self, Section};
use agentls_core::outline_scan::{SCAN_ABOVE, scan_sections};

#[derive(Default)]
pub struct MarkdownTree {
    tree: Option<Tree>,
    stale: bool,
    /// Number of `\r` not followed by `\n`. Tree-sitter rows count `\n`
    /// only, ropey lines also break at a lone `\r`: while this is zero the
    /// two agree and points come from ropey's line index in O(log n).
    lone_crs: usize,
}

/// The tree-sitter side of one text replacement, computed before the rope
/// changes (the old positions are gone afterwards).
pub struct PendingEdit {
    start_byte: usize,
    old_end_byte: usize,
    start_position: Point,
    old_end_position: Point,
    lone_crs_removed: usize,
}

impl MarkdownTree {
    pub fn new(rope: &Rope) -> MarkdownTree {
        MarkdownTree {
            tree: None,
            stale: true,
            lone_crs: count_lone_crs(rope, 0, rope.len_bytes()),
        }
    }

    /// Call before replacing `start..old_end` (bytes) in `rope`.
    pub fn before_replace(&self, rope: &Rope, start: usize, old_end: usize) -> PendingEdit {
        PendingEdit {
            start_byte: start,
            old_end_byte: old_end,
            start_position: self.point(rope, start),
            old_end_position: self.point(rope, old_end),
            // A CR's status depends on the byte after it, so the one just
            // before the edit can change too.
            lone_crs_removed: count_lone_crs(rope, start.saturating_sub(1), old_end),
        }
    }

    /// Call after the replacement, with the new text's length in bytes.
    pub fn after_replace(&mut self, rope: &Rope, pending: PendingEdit, new_len: usize) {
        let new_end = pending.start_byte + new_len;
        let added = count_lone_crs(rope, pending.start_byte.saturating_sub(1), new_end);
        self.lone_crs = (self.lone_crs + added).saturating_sub(pending.lone_crs_removed);
        self.stale = true;
        let new_end_position = self.point(rope, new_end);
        if let Some(tree) = self.tree.as_mut() {
            tree.edit(&InputEdit {
                start_byte: pending.start_byte,
                old_end_byte: pending.old_end_byte,
                new_end_byte: new_end,
                start_position: pending.start_position,
                old_end_position: pending.old_end_position,
                new_end_position,
            });
        }
    }

    /// The whole text was replaced: the old tree says nothing useful.
    pub fn reset(&mut self, rope: &Rope) {
        *self = MarkdownTree::new(rope);
    }

    /// The up-to-date block tree, reparsed incrementally if stale (none
    /// past [`SCAN_ABOVE`] bytes).
    #[cfg(test)]
    fn tree(&mut self, rope: &Rope) -> Option<&Tree> {
        let (_, tree) = self.job(rope).run();
        self.keep(tree);
        self.tree.as_ref()
    }

    /// Headings and sections of the current text.
    #[cfg(test)]
    fn outline(&mut self, rope: &Rope) -> Vec<Section> {
        let (sections, tree) = self.job(rope).run();
        self.keep(tree);
        sections
    }

    /// What outlining the current text needs, to run without `self`: the
    /// tree is shared, not copied, and edits to `self` leave it alone.
    pub fn job(&self, rope: &Rope) -> OutlineJob {
        OutlineJob {
            rope: rope.clone(),
            tree: self.tree.clone(),
            stale: self.stale,
        }
    }

    /// Keep the tree an [`OutlineJob`] made from the current text.
    pub fn keep(&mut self, tree: Option<Tree>) {
        self.stale = tree.is_none();
        self.tree = tree;
    }

    /// Tree-sitter point of byte `offset` (a char boundary).
    fn point(&self, rope: &Rope, offset: usize) -> Point {
        let offset = offset.min(rope.len_bytes());
        if self.lone_crs == 0 {
            let line = rope.byte_to_line(offset);
            return Point::new(line, offset - rope.line_to_byte(line));
        }
        // Rare (classic Mac line ends): count line feeds directly.
        let (mut row, mut line_start) = (0, 0);
        let mut pos = 0;
        for chunk in rope.byte_slice(..offset).chunks() {
            for (i, b) in chunk.bytes().enumerate() {
                if b == b'\n' {
                    row += 1;
                    line_start = pos + i + 1;
                }
            }
            pos += chunk.len();
        }
        Point::new(row, offset - line_start)
    }
}

/// The outline of one text, made away from the document it came from.
pub struct OutlineJob {
    rope: Rope,
    tree: Option<Tree>,
    stale: bool,
}

impl OutlineJob {
    /// The sections, and the tree to keep for the next incremental parse
    /// (none past [`SCAN_ABOVE`], where the line scan replaces it).
    pub fn run(self) -> (Vec<Section>, Option<Tree>) {
        let text = self.rope.to_string();
        if text.len() > SCAN_ABOVE {
            return (scan_sections(&text), None);
        }
        let tree = match self.tree {
            Some(tree) if !self.stale => Some(tree),
            old => outline::parse_blocks(&text, old.as_ref()),
        };
        let sections = tree
            .as_ref()
            .map(|t| outline::sections(&text, t))
            .unwrap_or_default();
        (sections, tree)
    }
}

/// Lone CRs at byte positions `from..to` of `rope`, looking one byte past
/// `to` to see whether a CR is followed by LF.
fn count_lone_crs(rope: &Rope, from: usize, to: usize) -> usize {
    let len = rope.len_bytes();
    let to = to.min(len);
    if from >= to {
        return 0;
    }
    // One pass over the bytes (a lookup per byte would cost a tree descent
    // each), reading one byte past `to`: it decides whether a CR at
    // `to - 1` is lone.
    let mut count = 0;
    let mut previous_cr = false;
    for b in rope.bytes_at(from).take((to + 1).min(len) - from) {
        if previous_cr && b != b'\n' {
            count += 1;
        }
        previous_cr = b == b'\r';
    }
    // A CR at `to - 1` with nothing after it (end of text) is lone too.
    if previous_cr && to == len {
        count += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use agentls_core::outline::point_at;

    /// Apply a replacement to both the rope and the tree bookkeeping, the
    /// way the document store does.
    fn replace(md: &mut MarkdownTree, rope: &mut Rope, start: usize, end: usize, new: &str) {
        let pending = md.before_replace(rope, start, end);
        let (cs, ce) = (rope.byte_to_char(start), rope.byte_to_char(end));
        rope.remove(cs..ce);
        rope.insert(cs, new);
        md.after_replace(rope, pending, new.len());
    }

    #[test]
    fn lone_crs_are_counted_as_a_byte_by_byte_scan_would() {
        let text = "\r\ra\r\nb\r\u{e9}\r\n\r";
        let rope = Rope::from_str(text);
        let b = text.as_bytes();
        for from in 0..=b.len() {
            for to in from..=b.len() + 1 {
                let naive = (from..to.min(b.len()))
                    .filter(|&i| b[i] == b'\r' && b.get(i + 1) != Some(&b'\n'))
                    .count();
                assert_eq!(count_lone_crs(&rope, from, to), naive, "{from}..{to}");
            }
        }
    }

    #[test]
    fn points_agree_with_tree_sitter_rows_even_with_lone_crs() {
        let texts = ["a\nb\r\nc", "a\rb\r\nc\rd\n", "\r\r\n\n\r"];
        for text in texts {
            let rope = Rope::from_str(text);
            let md = MarkdownTree::new(&rope);
            for i in 0..=text.len() {
                assert_eq!(md.point(&rope, i), point_at(text, i), "{text:?} at {i}");
            }
        }
    }

    #[test]
    fn lone_cr_count_follows_edits_that_split_and_join_crlf() {
        let mut rope = Rope::from_str("a\r\nb");
        let mut md = MarkdownTree::new(&rope);
        assert_eq!(md.lone_crs, 0);
        replace(&mut md, &mut rope, 2, 3, ""); // delete the LF: "a\rb"
        assert_eq!(md.lone_crs, 1);
        replace(&mut md, &mut rope, 2, 2, "\n"); // rejoin: "a\r\nb"
        assert_eq!(md.lone_crs, 0);
        replace(&mut md, &mut rope, 4, 4, "\r\r"); // "a\r\nb\r\r"
        assert_eq!(md.lone_crs, 2);
        replace(&mut md, &mut rope, 4, 5, ""); // "a\r\nb\r"
        assert_eq!(md.lone_crs, 1);
    }

    #[test]
    fn edited_tree_reparses_to_the_fresh_tree() {
        let text = "---\nname: x\n---\n# A\r\ntext\n## B\n";
        let mut rope = Rope::from_str(text);
        let mut md = MarkdownTree::new(&rope);
        assert_eq!(md.outline(&rope).len(), 1);
        replace(&mut md, &mut rope, 16, 16, "# Z\r\r\n");
        replace(&mut md, &mut rope, 0, 0, "x");
        let incremental = md.tree(&rope).map(|t| t.root_node().to_sexp());
        let fresh = outline::parse_blocks(&rope.to_string(), None).map(|t| t.root_node().to_sexp());
        assert_eq!(incremental, fresh);
        let titles: Vec<_> = md.outline(&rope).into_iter().map(|s| s.title).collect();
        // Front matter broken by the leading "x": the fence lines are now
        // a setext heading, then the two ATX headings.
        assert!(titles.contains(&"Z".to_string()), "{titles:?}");
    }
}

//! Open documents: text in a rope, the client's version, the block tree,
//! and the analysis of the current text once it has been made.
//!
//! Everything here is synchronous on purpose: the server applies each
//! notification completely before it looks at the next, so changes can
//! never interleave.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent, Uri};

use super::encoding::{self, Encoding, Repair};
use super::markdown::{MarkdownTree, OutlineJob};
use agentls_core::outline::Section;
use agentls_core::{Analysis, FileKind, classify};

pub struct Document {
    pub rope: Rope,
    pub version: i32,
    /// File-system path when the URI is a `file:` URI.
    pub path: Option<PathBuf>,
    /// What the path makes the file ([`FileKind::Other`] without a path).
    pub kind: FileKind,
    /// Bumped by every change: an analysis is kept only for the revision
    /// it was made from.
    revision: u64,
    analysed: Option<Analysed>,
    /// Headings of the current revision, made once by the first request
    /// that asks; requests at the same time wait for it rather than redo it.
    outline: Arc<OnceLock<Outline>>,
    markdown: MarkdownTree,
}

/// The headings of a revision, with the block tree they came from (where
/// the next edit's parse starts).
struct Outline {
    sections: Arc<Vec<Section>>,
    tree: Option<tree_sitter::Tree>,
}

/// The headings of one revision, to make outside the session's lock; every
/// request that asked for the same revision shares the cell.
pub struct SharedOutline {
    cell: Arc<OnceLock<Outline>>,
    job: OutlineJob,
}

impl SharedOutline {
    /// The headings, made now unless another request made them already.
    pub fn make(self) -> Arc<Vec<Section>> {
        let made = self.cell.get_or_init(|| {
            let (sections, tree) = self.job.run();
            Outline {
                sections: Arc::new(sections),
                tree,
            }
        });
        Arc::clone(&made.sections)
    }
}

/// The current text and its analysis, made once per revision and shared by
/// the publish and every request that follows it.
#[derive(Clone)]
pub struct Analysed {
    pub text: Arc<str>,
    pub analysis: Arc<Analysis>,
}

/// A client position that had to be repaired, for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionWarning {
    pub position: Position,
    pub repair: Repair,
}

impl Document {
    pub fn new(uri: &Uri, text: &str, version: i32) -> Document {
        let rope = Rope::from_str(text);
        let markdown = MarkdownTree::new(&rope);
        let path = file_path(uri);
        Document {
            rope,
            version,
            kind: path.as_deref().map_or(FileKind::Other, classify),
            path,
            revision: 0,
            analysed: None,
            outline: Arc::default(),
            markdown,
        }
    }

    /// Which text the document holds: compare before keeping an analysis.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The analysis of the current text, when it has been made.
    pub fn analysed(&self) -> Option<&Analysed> {
        self.analysed.as_ref()
    }

    /// Keep `analysed` if it was made from revision `revision`, the current one.
    pub fn keep_analysis(&mut self, revision: u64, analysed: Analysed) {
        if revision == self.revision {
            self.analysed = Some(analysed);
        }
    }

    /// Apply one content change. A change without a range replaces the
    /// whole text; a range refers to the text as left by the previous change.
    pub fn apply(
        &mut self,
        change: &TextDocumentContentChangeEvent,
        enc: Encoding,
    ) -> Vec<PositionWarning> {
        // The tree a request parsed for this text is where the next parse
        // starts (the edit below is applied to it).
        if let Some(made) = self.outline.get() {
            self.markdown.keep(made.tree.clone());
        }
        self.revision += 1;
        self.analysed = None;
        self.outline = Arc::default();
        let Some(range) = change.range else {
            self.rope = Rope::from_str(&change.text);
            self.markdown.reset(&self.rope);
            return Vec::new();
        };
        let mut warnings = Vec::new();
        let mut to_byte = |pos: Position| {
            let (byte, repair) = encoding::to_byte(&self.rope, pos, enc);
            if let Some(repair) = repair {
                warnings.push(PositionWarning {
                    position: pos,
                    repair,
                });
            }
            byte
        };
        let start = to_byte(range.start);
        let end = to_byte(range.end);
        // A reversed range is a client bug; treat it as the range it spans.
        let (start, end) = (start.min(end), start.max(end));

        let pending = self.markdown.before_replace(&self.rope, start, end);
        let start_char = self.rope.byte_to_char(start);
        let end_char = self.rope.byte_to_char(end);
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, &change.text);
        self.markdown
            .after_replace(&self.rope, pending, change.text.len());
        warnings
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    /// Headings and sections, made now if need be (tests; the server makes
    /// them outside its lock through [`Document::shared_outline`]).
    pub fn outline(&self) -> Arc<Vec<Section>> {
        self.shared_outline().make()
    }

    /// What makes the headings of the current revision, once.
    pub fn shared_outline(&self) -> SharedOutline {
        SharedOutline {
            cell: Arc::clone(&self.outline),
            job: self.markdown.job(&self.rope),
        }
    }
}

fn file_path(uri: &Uri) -> Option<PathBuf> {
    let is_file = uri.scheme().as_str().eq_ignore_ascii_case("file");
    if !is_file {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}

/// Open documents by URI string (the client's spelling, as LSP requires).
#[derive(Default)]
pub struct DocumentStore {
    docs: HashMap<String, Document>,
}

impl DocumentStore {
    pub fn open(&mut self, uri: &Uri, text: &str, version: i32) -> &Document {
        let doc = Document::new(uri, text, version);
        let slot = self.docs.entry(uri.as_str().to_string());
        match slot {
            std::collections::hash_map::Entry::Occupied(mut e) => {
                e.insert(doc);
                e.into_mut()
            }
            std::collections::hash_map::Entry::Vacant(e) => e.insert(doc),
        }
    }

    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.docs.get(uri.as_str())
    }

    pub fn get_mut(&mut self, uri: &Uri) -> Option<&mut Document> {
        self.docs.get_mut(uri.as_str())
    }

    pub fn close(&mut self, uri: &Uri) -> Option<Document> {
        self.docs.remove(uri.as_str())
    }

    pub fn iter(&self) -> impl Iterator<Item = &Document> {
        self.docs.values()
    }

    /// Open documents with their URIs as the client spelled them.
    pub fn iter_with_uris(&self) -> impl Iterator<Item = (Uri, &Document)> {
        self.docs
            .iter()
            .filter_map(|(u, d)| Some((u.parse::<Uri>().ok()?, d)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::Range;

    fn uri(s: &str) -> Uri {
        s.parse().expect("uri")
    }

    fn change(r: Option<((u32, u32), (u32, u32))>, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: r.map(|((a, b), (c, d))| Range::new(Position::new(a, b), Position::new(c, d))),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn changes_apply_in_order_each_relative_to_the_previous_text() {
        let mut doc = Document::new(&uri("file:///w/.claude/agents/a.md"), "abc\ndef\n", 1);
        for c in [
            change(Some(((0, 1), (0, 2))), "XY"), // aXYc
            change(Some(((1, 0), (1, 0))), ">"),  // >def
            change(Some(((0, 4), (1, 1))), ""),   // aXYcdef
        ] {
            assert!(doc.apply(&c, Encoding::Utf16).is_empty());
        }
        assert_eq!(doc.text(), "aXYcdef\n");
        doc.apply(&change(None, "new"), Encoding::Utf16);
        assert_eq!(doc.text(), "new");
    }

    #[test]
    fn utf16_insert_after_emoji_lands_after_the_emoji() {
        let mut doc = Document::new(&uri("file:///a.md"), "d: 🧠🧠 x\n", 1);
        // Column 5 in UTF-16 is after the first emoji (3 + 2).
        doc.apply(&change(Some(((0, 5), (0, 5))), "!"), Encoding::Utf16);
        assert_eq!(doc.text(), "d: 🧠!🧠 x\n");
        doc.apply(&change(Some(((0, 8), (0, 8))), "?"), Encoding::Utf8);
        assert_eq!(doc.text(), "d: 🧠!?🧠 x\n");
    }

    #[test]
    fn bad_positions_are_repaired_and_reported_not_panicked_on() {
        let mut doc = Document::new(&uri("file:///a.md"), "🧠\nab", 1);
        let w = doc.apply(&change(Some(((0, 1), (0, 1))), "x"), Encoding::Utf16);
        assert_eq!(w[0].repair, Repair::SnappedToCharStart);
        assert_eq!(doc.text(), "x🧠\nab");
        let w = doc.apply(&change(Some(((9, 9), (99, 0))), "!"), Encoding::Utf16);
        assert_eq!(w.len(), 2);
        assert_eq!(doc.text(), "x🧠\nab!");
        // Reversed range: treated as the span it covers.
        doc.apply(&change(Some(((1, 2), (1, 0))), ""), Encoding::Utf8);
        assert_eq!(doc.text(), "x🧠\n!");
    }

    #[test]
    fn file_uris_have_paths_and_others_do_not() {
        let doc = Document::new(&uri("file:///tmp/ws/.claude/agents/a%20b.md"), "", 1);
        assert_eq!(
            doc.path,
            Some(PathBuf::from("/tmp/ws/.claude/agents/a b.md"))
        );
        let doc = Document::new(&uri("untitled:Untitled-1"), "", 1);
        assert_eq!(doc.path, None);
    }

    #[test]
    fn outline_follows_edits() {
        let mut doc = Document::new(&uri("file:///a.md"), "# One\ntext\n", 1);
        assert_eq!(doc.outline()[0].title, "One");
        doc.apply(&change(Some(((0, 2), (0, 5))), "Two"), Encoding::Utf8);
        doc.apply(&change(Some(((2, 0), (2, 0))), "## Sub\n"), Encoding::Utf8);
        let outline = doc.outline();
        assert_eq!(outline[0].title, "Two");
        assert_eq!(outline[0].children[0].title, "Sub");
    }
}

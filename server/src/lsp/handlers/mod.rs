//! Request handlers: functions of a document's [`View`] (and the index) and
//! the request's parameters. Each module turns core results (byte offsets)
//! into protocol types for one family of requests; `backend` only routes
//! to them.

pub mod actions;
pub mod colors;
pub mod completion;
pub mod convert_action;
pub mod host_navigate;
pub mod hover;
pub mod imports;
pub mod links;
pub mod navigate;
pub mod rename_skill;
pub mod symbols;
pub mod tokens;

use std::path::Path;

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Uri};

use super::documents::Analysed;
use super::encoding::{self, Encoding};
use super::session::DocView;
use agentls_core::outline::Section;
use agentls_core::{Analysis, FileKind};

/// One document as a request sees it: a consistent snapshot taken under the
/// session's lock, with the analysis of exactly that text.
pub struct View<'a> {
    pub uri: &'a Uri,
    /// An agent's, unless the request serves skills and commands too.
    pub kind: &'a FileKind,
    pub rope: &'a Rope,
    pub text: &'a str,
    /// The file's path (only files the server analyses reach the handlers).
    pub path: &'a Path,
    pub encoding: Encoding,
    pub analysis: &'a Analysis,
    /// Headings of the body, from the tree-sitter block tree; empty unless
    /// the request reads headings.
    pub sections: &'a [Section],
    /// The workspace folder containing the document, if known.
    pub root: Option<&'a Path>,
}

impl<'a> View<'a> {
    pub fn new(doc: &'a DocView, analysed: &'a Analysed) -> View<'a> {
        View {
            uri: &doc.uri,
            kind: &doc.kind,
            rope: &doc.rope,
            text: &analysed.text,
            path: &doc.path,
            encoding: doc.encoding,
            analysis: &analysed.analysis,
            sections: doc.sections.as_slice(),
            root: doc.root.as_deref(),
        }
    }

    /// Byte offset of a client position (clamped to the document).
    pub fn offset(&self, position: Position) -> usize {
        encoding::to_byte(self.rope, position, self.encoding).0
    }

    pub fn position(&self, offset: usize) -> Position {
        encoding::to_position(self.rope, offset, self.encoding)
    }

    pub fn range(&self, r: &std::ops::Range<usize>) -> tower_lsp_server::ls_types::Range {
        super::convert::range(self.rope, r, self.encoding)
    }
}

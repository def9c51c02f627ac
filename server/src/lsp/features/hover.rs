//! `textDocument/hover`: keys, tools, values, body sections, file references.
//! The cards come from the core; this layer converts positions and supplies
//! the (bounded, workspace-confined) file-system facts.

use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::View;
use super::links::FsWorkspace;
use crate::analysis::hover;

pub fn hover(view: &View, position: Position) -> Option<Hover> {
    let offset = view.offset(position);
    let ws = FsWorkspace::new(view.root, view.path);
    let info = hover::hover(view.text, view.analysis, view.sections, offset, &ws)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: info.markdown,
        }),
        range: Some(view.range(&info.range)),
    })
}

//! `textDocument/hover`: keys, tools, values, body sections, file references.

use tower_lsp_server::ls_types::{Hover, Position};

use super::View;

pub fn hover(view: &View, position: Position) -> Option<Hover> {
    let _ = (view, position);
    None
}

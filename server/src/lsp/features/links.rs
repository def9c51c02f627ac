//! `textDocument/documentLink`: file references in the body.

use tower_lsp_server::ls_types::DocumentLink;

use super::View;

pub fn document_links(view: &View) -> Vec<DocumentLink> {
    let _ = view;
    Vec::new()
}

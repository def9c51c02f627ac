//! `textDocument/completion` in the front matter.

use tower_lsp_server::ls_types::{CompletionResponse, Position};

use super::View;

/// Characters after which the client should ask for completions.
pub const TRIGGERS: &[&str] = &[":", " ", ",", "(", "[", "-"];

pub fn complete(view: &View, position: Position) -> Option<CompletionResponse> {
    let _ = (view, position);
    None
}

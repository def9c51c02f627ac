//! `textDocument/codeAction`: quick fixes from the diagnostics' fixes and
//! `source.fixAll.agentls`.

use tower_lsp_server::ls_types::{CodeActionKind, CodeActionParams, CodeActionResponse};

use super::View;

/// The `source.fixAll` kind this server offers.
pub fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.fixAll.agentls")
}

pub fn code_actions(view: &View, params: &CodeActionParams) -> Option<CodeActionResponse> {
    let _ = (view, params);
    None
}

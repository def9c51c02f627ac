//! "Convert to <host> agent": a code action (`refactor.rewrite`) on an
//! agent file for each other host, whose edit creates the converted file
//! where that host reads it (a `create` resource operation, then the text).
//! Offered only to clients that apply `create` operations; the client
//! refuses the edit when the file already exists (`overwrite: false`), so
//! nothing here touches the disk.

use std::path::Path;

use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CreateFile, CreateFileOptions, DocumentChangeOperation,
    DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier, Position, Range, ResourceOp,
    TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

use super::View;
use agentls_core::classify;
use agentls_core::convert::{Host, convert, project_root};

/// The conversions of the agent in `view` to every other host (none for a
/// file that is no agent, or that cannot be converted).
pub fn conversions(view: &View) -> Vec<CodeAction> {
    let Some(from) = Host::of(&classify(view.path)) else {
        return Vec::new();
    };
    let Some(root) = project_root(view.path).or_else(|| view.root.map(Path::to_path_buf)) else {
        return Vec::new();
    };
    let chat_mode = view.path.to_string_lossy().ends_with(".chatmode.md");
    Host::ALL
        .into_iter()
        .filter(|&to| to != from || chat_mode)
        .filter_map(|to| {
            let c = convert(view.text, view.path, to).ok()?;
            let uri = Uri::from_file_path(root.join(&c.path))?;
            Some(CodeAction {
                title: format!("Convert to {} agent ({})", to.label(), c.path),
                kind: Some(CodeActionKind::REFACTOR_REWRITE),
                edit: Some(create(uri, c.text)),
                ..CodeAction::default()
            })
        })
        .collect()
}

fn create(uri: Uri, text: String) -> WorkspaceEdit {
    let start = Position::new(0, 0);
    WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(vec![
            DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                uri: uri.clone(),
                options: Some(CreateFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(false),
                }),
                annotation_id: None,
            })),
            DocumentChangeOperation::Edit(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                edits: vec![OneOf::Left(TextEdit::new(Range::new(start, start), text))],
            }),
        ])),
        ..WorkspaceEdit::default()
    }
}

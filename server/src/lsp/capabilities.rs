//! What the server offers in `initialize`, and what it keeps of what the
//! client says there.

use std::path::PathBuf;

use tower_lsp_server::ls_types::{
    self as lsp, CodeActionOptions, CodeActionProviderCapability, ColorProviderCapability,
    CompletionOptions, DocumentLinkOptions, FoldingRangeProviderCapability,
    HoverProviderCapability, InitializeParams, OneOf, RenameOptions,
    SelectionRangeProviderCapability, SemanticTokensFullOptions, SemanticTokensOptions,
    SemanticTokensServerCapabilities, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions,
};

use super::encoding::Encoding;
use super::handlers;
use super::index::Config;
use super::index::kinds::EditorKinds;
use super::session::{EditSupport, PullSupport, Setup, WatchSupport};

/// The diagnostic provider's identifier (`textDocument/diagnostic`).
pub const DIAGNOSTIC_IDENTIFIER: &str = "agentls";

pub fn capabilities(encoding: Encoding, pull: PullSupport) -> ServerCapabilities {
    // Offered only to clients that pull: the others keep getting pushes.
    let diagnostic_provider = pull.enabled.then(|| {
        lsp::DiagnosticServerCapabilities::Options(lsp::DiagnosticOptions {
            identifier: Some(DIAGNOSTIC_IDENTIFIER.to_string()),
            // Another file's edit can change a file's findings (names).
            inter_file_dependencies: true,
            workspace_diagnostics: pull.workspace,
            work_done_progress_options: Default::default(),
        })
    });
    ServerCapabilities {
        diagnostic_provider,
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..TextDocumentSyncOptions::default()
            },
        )),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(
                handlers::completion::TRIGGERS
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            ),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                lsp::CodeActionKind::QUICKFIX,
                handlers::actions::fix_all_kind(),
                lsp::CodeActionKind::REFACTOR_REWRITE,
            ]),
            ..CodeActionOptions::default()
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
        document_link_provider: Some(DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: Default::default(),
        }),
        color_provider: Some(ColorProviderCapability::Simple(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: handlers::tokens::legend(),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: None,
                work_done_progress_options: Default::default(),
            },
        )),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

/// What the session keeps of `initialize`'s parameters.
pub fn setup(params: &InitializeParams) -> Setup {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_deref());
    let encoding = Encoding::negotiate(offered);
    #[allow(deprecated)] // root_uri: older clients send only that.
    let mut roots: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .map(|f| &f.uri)
        .chain(params.root_uri.as_ref())
        .filter_map(|u| u.to_file_path().map(|p| p.into_owned()))
        .collect();
    roots.sort_by_key(|r| std::cmp::Reverse(r.as_os_str().len()));
    roots.dedup();
    let workspace_caps = params.capabilities.workspace.as_ref();
    let watched = workspace_caps.and_then(|w| w.did_change_watched_files.as_ref());
    let watch = WatchSupport {
        dynamic: watched.and_then(|w| w.dynamic_registration) == Some(true),
        relative: watched.and_then(|w| w.relative_pattern_support) == Some(true),
    };
    let edit = workspace_caps.and_then(|w| w.workspace_edit.as_ref());
    let resource_op = |kind: lsp::ResourceOperationKind| {
        edit.and_then(|e| e.document_changes) == Some(true)
            && edit
                .and_then(|e| e.resource_operations.as_ref())
                .is_some_and(|ops| ops.contains(&kind))
    };
    let edits = EditSupport {
        rename_file: resource_op(lsp::ResourceOperationKind::Rename),
        create_file: resource_op(lsp::ResourceOperationKind::Create),
    };
    // `initializationOptions.userScope: false` leaves `~/.claude` out.
    let user_scope = params
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("userScope"))
        .and_then(|v| v.as_bool())
        .unwrap_or(true);
    let text_caps = params.capabilities.text_document.as_ref();
    let folding_limit = text_caps
        .and_then(|t| t.folding_range.as_ref())
        .and_then(|f| f.range_limit)
        .map(|n| n as usize);
    let options = params.initialization_options.as_ref();
    let pull = text_caps.and_then(|t| t.diagnostic.as_ref()).is_some();
    let pull = PullSupport {
        enabled: pull,
        // `initializationOptions.workspaceDiagnostics: false` turns them off.
        workspace: pull
            && options
                .and_then(|o| o.get("workspaceDiagnostics"))
                .and_then(|v| v.as_bool())
                .unwrap_or(true),
        refresh: pull
            && workspace_caps
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                == Some(true),
    };
    let progress = params
        .capabilities
        .window
        .as_ref()
        .and_then(|w| w.work_done_progress)
        == Some(true);
    // `initializationOptions.kinds`: kinds by pattern, as in `[kinds]`.
    let (kinds, kind_problems) = EditorKinds::read(options, &roots);
    Setup {
        encoding,
        roots,
        folding_limit,
        progress,
        config: Config {
            home: user_scope.then(crate::host::user_home).flatten(),
            kinds,
        },
        kind_problems,
        watch,
        edits,
        pull,
    }
}

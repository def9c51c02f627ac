//! The `LanguageServer` implementation: lifecycle, document sync, and
//! publishing diagnostics.
//!
//! Ordering rule: every handler finishes mutating state before its first
//! `.await`, under a std mutex, so notifications apply in arrival order
//! even if the transport ran handlers concurrently (it does not: see
//! `run_stdio`, which sets the concurrency level to 1).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use ropey::Rope;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    self as lsp, CodeActionOptions, CodeActionParams, CodeActionProviderCapability,
    CodeActionResponse, ColorInformation, ColorPresentation, ColorPresentationParams,
    ColorProviderCapability, CompletionOptions, CompletionParams, CompletionResponse,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DocumentColorParams, DocumentLink, DocumentLinkOptions, DocumentLinkParams,
    DocumentSymbolParams, DocumentSymbolResponse, FoldingRange, FoldingRangeParams,
    FoldingRangeProviderCapability, Hover, HoverParams, HoverProviderCapability, InitializeParams,
    InitializeResult, InitializedParams, MessageType, OneOf, SelectionRange, SelectionRangeParams,
    SelectionRangeProviderCapability, SemanticTokensFullOptions, SemanticTokensOptions,
    SemanticTokensParams, SemanticTokensResult, SemanticTokensServerCapabilities,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, Uri,
};
use tower_lsp_server::{Client, LanguageServer};

use super::convert;
use super::documents::{DocumentStore, PositionWarning};
use super::encoding::Encoding;
use super::features::{self, View};
use crate::analysis;

pub struct Backend {
    client: Client,
    state: Mutex<State>,
    /// Set by `shutdown`; decides the exit code (LSP: 0 only after shutdown).
    shutdown_requested: Arc<AtomicBool>,
}

struct State {
    encoding: Encoding,
    docs: DocumentStore,
    /// Workspace folders from `initialize`, longest first.
    roots: Vec<PathBuf>,
}

/// What the analysis needs, taken under the lock and used outside it.
struct Snapshot {
    uri: Uri,
    rope: Rope,
    version: i32,
    path: PathBuf,
}

impl Backend {
    pub fn new(client: Client, shutdown_requested: Arc<AtomicBool>) -> Backend {
        Backend {
            client,
            state: Mutex::new(State {
                encoding: Encoding::Utf16,
                docs: DocumentStore::default(),
                roots: Vec::new(),
            }),
            shutdown_requested,
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // No handler panics while holding the lock, but if one ever did the
        // documents are still consistent (each edit is applied atomically
        // by ropey), so keep serving rather than poison every later call.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Analyse and publish, if the document is an agent file.
    async fn publish(&self, snapshot: Option<Snapshot>, encoding: Encoding) {
        let Some(s) = snapshot else { return };
        let text = s.rope.to_string();
        // The analysis must never take the server down with it.
        let analysis = catch_unwind(AssertUnwindSafe(|| analysis::analyze(&text, Some(&s.path))));
        match analysis {
            Ok(a) => {
                let diags = convert::to_lsp(&s.rope, &s.uri, encoding, &a.diagnostics);
                self.client
                    .publish_diagnostics(s.uri, diags, Some(s.version))
                    .await;
            }
            Err(_) => {
                let msg = format!("agentls: analysis failed on {}", s.uri.as_str());
                self.client.log_message(MessageType::ERROR, msg).await;
            }
        }
    }

    /// Run a request handler on a snapshot of an agent document: the state
    /// lock is held only to copy the rope and outline; analysis runs outside.
    /// `None` for unknown or non-agent documents.
    fn with_view<R>(&self, uri: &Uri, f: impl FnOnce(&View) -> R) -> Option<R> {
        let (rope, path, sections, encoding, root) = {
            let mut st = self.state();
            let encoding = st.encoding;
            let doc = st.docs.get_mut(uri)?;
            let path = doc.path.clone().filter(|p| analysis::is_agent_path(p))?;
            let sections = doc.outline();
            let rope = doc.rope.clone();
            let root = st.roots.iter().find(|r| path.starts_with(r)).cloned();
            (rope, path, sections, encoding, root)
        };
        let text = rope.to_string();
        catch_unwind(AssertUnwindSafe(|| {
            let analysis = analysis::analyze(&text, Some(&path));
            f(&View {
                uri,
                rope: &rope,
                text: &text,
                path: &path,
                encoding,
                analysis: &analysis,
                sections: &sections,
                root: root.as_deref(),
            })
        }))
        .ok()
    }

    async fn log_position_warnings(&self, uri: &Uri, warnings: Vec<PositionWarning>) {
        for w in warnings {
            let msg = format!(
                "agentls: didChange position {}:{} in {} repaired ({:?})",
                w.position.line,
                w.position.character,
                uri.as_str(),
                w.repair
            );
            self.client.log_message(MessageType::WARNING, msg).await;
        }
    }
}

fn snapshot(state: &State, uri: &Uri) -> Option<Snapshot> {
    let doc = state.docs.get(uri)?;
    let path = doc.path.as_ref().filter(|p| analysis::is_agent_path(p))?;
    Some(Snapshot {
        uri: uri.clone(),
        rope: doc.rope.clone(),
        version: doc.version,
        path: path.clone(),
    })
}

pub fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
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
                features::completion::TRIGGERS
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
                features::actions::fix_all_kind(),
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
                legend: features::tokens::legend(),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: None,
                work_done_progress_options: Default::default(),
            },
        )),
        ..ServerCapabilities::default()
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
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
        {
            let mut st = self.state();
            st.encoding = encoding;
            st.roots = roots;
        }
        Ok(InitializeResult {
            capabilities: capabilities(encoding),
            server_info: Some(ServerInfo {
                name: "agentls".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {}

    async fn shutdown(&self) -> Result<()> {
        self.shutdown_requested.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let (snap, enc) = {
            let mut st = self.state();
            st.docs.open(&doc.uri, &doc.text, doc.version);
            (snapshot(&st, &doc.uri), st.encoding)
        };
        self.publish(snap, enc).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let (found, warnings, snap, enc) = {
            let mut st = self.state();
            let enc = st.encoding;
            match st.docs.get_mut(&uri) {
                Some(doc) => {
                    let mut warnings = Vec::new();
                    for change in &params.content_changes {
                        warnings.extend(doc.apply(change, enc));
                    }
                    doc.version = params.text_document.version;
                    (true, warnings, snapshot(&st, &uri), enc)
                }
                None => (false, Vec::new(), None, enc),
            }
        };
        if !found {
            let msg = format!("agentls: didChange for unopened {}, ignored", uri.as_str());
            self.client.log_message(MessageType::WARNING, msg).await;
            return;
        }
        self.log_position_warnings(&uri, warnings).await;
        self.publish(snap, enc).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let closed = self.state().docs.close(&uri);
        let was_published = closed
            .and_then(|d| d.path)
            .is_some_and(|p| analysis::is_agent_path(&p));
        if was_published {
            self.client
                .publish_diagnostics(uri, Vec::<lsp::Diagnostic>::new(), None)
                .await;
        }
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        Ok(self
            .with_view(&p.text_document.uri, |v| {
                features::completion::complete(v, p.position)
            })
            .flatten())
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        Ok(self
            .with_view(&p.text_document.uri, |v| {
                features::hover::hover(v, p.position)
            })
            .flatten())
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        Ok(self
            .with_view(&params.text_document.uri, |v| {
                features::actions::code_actions(v, &params)
            })
            .flatten())
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        Ok(self
            .with_view(
                &params.text_document.uri,
                features::symbols::document_symbols,
            )
            .map(DocumentSymbolResponse::Nested))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        Ok(self.with_view(&params.text_document.uri, features::symbols::folding_ranges))
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        Ok(self.with_view(&params.text_document.uri, |v| {
            features::symbols::selection_ranges(v, &params.positions)
        }))
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        Ok(self.with_view(&params.text_document.uri, features::links::document_links))
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        Ok(self
            .with_view(&params.text_document.uri, features::tokens::semantic_tokens)
            .map(SemanticTokensResult::Tokens))
    }

    async fn document_color(&self, params: DocumentColorParams) -> Result<Vec<ColorInformation>> {
        Ok(self
            .with_view(&params.text_document.uri, features::colors::document_colors)
            .unwrap_or_default())
    }

    async fn color_presentation(
        &self,
        params: ColorPresentationParams,
    ) -> Result<Vec<ColorPresentation>> {
        Ok(self
            .with_view(&params.text_document.uri, |v| {
                features::colors::color_presentations(v, &params)
            })
            .unwrap_or_default())
    }
}

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
use tower_lsp_server::ls_types::{
    GotoDefinitionParams, GotoDefinitionResponse, Location, PrepareRenameResponse, ReferenceParams,
    RenameOptions, RenameParams, TextDocumentPositionParams, WorkspaceEdit, WorkspaceSymbolParams,
    WorkspaceSymbolResponse,
};
use tower_lsp_server::{Client, LanguageServer};

use super::convert;
use super::documents::{DocumentStore, PositionWarning};
use super::encoding::Encoding;
use super::features::{self, View};
use super::index::{self, Workspace};
use crate::analysis;

pub struct Backend {
    client: Client,
    /// Shared with the background scan, which stores the index when done.
    state: Arc<Mutex<State>>,
    /// Set by `shutdown`; decides the exit code (LSP: 0 only after shutdown).
    shutdown_requested: Arc<AtomicBool>,
}

struct State {
    encoding: Encoding,
    docs: DocumentStore,
    /// Workspace folders from `initialize`, longest first.
    roots: Vec<PathBuf>,
    /// The workspace index, once the background scan has finished; open
    /// documents override the disk.
    workspace: Option<Arc<Workspace>>,
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
            state: Arc::new(Mutex::new(State {
                encoding: Encoding::Utf16,
                docs: DocumentStore::default(),
                roots: Vec::new(),
                workspace: None,
            })),
            shutdown_requested,
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// The workspace index, when the scan has finished.
    fn workspace(&self) -> Option<Arc<Workspace>> {
        self.state().workspace.clone()
    }

    /// Bring the index up to date with an open document (cheap when only
    /// the body changed: the text is swapped, nothing is rebuilt).
    fn index_open(&self, uri: &Uri) {
        let mut st = self.state();
        let Some(doc) = st.docs.get(uri) else { return };
        let Some(path) = doc.path.clone().filter(|p| index::indexed(p)) else {
            return;
        };
        let text = doc.rope.to_string();
        if let Some(ws) = st.workspace.as_mut() {
            let _ = catch_unwind(AssertUnwindSafe(|| {
                Arc::make_mut(ws).update(&path, Some(&text));
            }));
        }
    }

    /// The agent-name site under the cursor and the index, for navigation.
    fn name_at(
        &self,
        p: &TextDocumentPositionParams,
    ) -> Option<(
        crate::analysis::navigate::NameSite,
        Option<Arc<Workspace>>,
        Encoding,
    )> {
        let site = self
            .with_view(&p.text_document.uri, |v| {
                features::navigate::site(v, p.position)
            })
            .flatten()?;
        let (ws, enc) = {
            let st = self.state();
            (st.workspace.clone(), st.encoding)
        };
        Some((site, ws, enc))
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
        self.view(uri, false, f)
    }

    /// [`Self::with_view`] with the body's sections filled in. Only the
    /// requests that read headings pay for the tree-sitter reparse; the ones
    /// clients send after every edit (tokens, colors, code actions,
    /// completion) do not.
    fn with_outlined_view<R>(&self, uri: &Uri, f: impl FnOnce(&View) -> R) -> Option<R> {
        self.view(uri, true, f)
    }

    fn view<R>(&self, uri: &Uri, outline: bool, f: impl FnOnce(&View) -> R) -> Option<R> {
        let (rope, path, sections, encoding, root) = {
            let mut st = self.state();
            let encoding = st.encoding;
            let doc = st.docs.get_mut(uri)?;
            let path = doc.path.clone().filter(|p| analysis::is_agent_path(p))?;
            let sections = if outline { doc.outline() } else { Vec::new() };
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

/// No handler panics while holding the lock, but if one ever did the
/// documents are still consistent (each edit is applied atomically by
/// ropey), so keep serving rather than poison every later call.
fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|e| e.into_inner())
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

    async fn initialized(&self, _: InitializedParams) {
        // The scan runs on the blocking pool; requests never wait for it.
        let state = Arc::clone(&self.state);
        let roots = self.state().roots.clone();
        drop(tokio::task::spawn_blocking(move || {
            let Ok(mut ws) = catch_unwind(|| Workspace::scan(&roots)) else {
                return;
            };
            let mut st = lock(&state);
            // Documents opened meanwhile override what the disk held.
            let open: Vec<(PathBuf, String)> = st
                .docs
                .iter()
                .filter_map(|d| {
                    let path = d.path.clone().filter(|p| index::indexed(p))?;
                    Some((path, d.rope.to_string()))
                })
                .collect();
            let _ = catch_unwind(AssertUnwindSafe(|| {
                for (path, text) in &open {
                    ws.update(path, Some(text));
                }
            }));
            st.workspace = Some(Arc::new(ws));
        }));
    }

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
        self.index_open(&doc.uri);
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
        self.index_open(&uri);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let closed = self.state().docs.close(&uri);
        let path = closed.and_then(|d| d.path);
        if let Some(p) = path.as_ref().filter(|p| index::indexed(p)) {
            // Back to the disk's text (or out of the index, when the file
            // is gone or lies outside the workspace folders).
            let mut st = self.state();
            let inside = st.roots.iter().any(|r| p.starts_with(r));
            let text = inside.then(|| index::read(p)).flatten();
            if let Some(ws) = st.workspace.as_mut() {
                let _ = catch_unwind(AssertUnwindSafe(|| {
                    Arc::make_mut(ws).update(p, text.as_deref());
                }));
            }
        }
        let was_published = path.is_some_and(|p| analysis::is_agent_path(&p));
        if was_published {
            self.client
                .publish_diagnostics(uri, Vec::<lsp::Diagnostic>::new(), None)
                .await;
        }
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        let Some((site, ws, enc)) = self.name_at(&p) else {
            return Ok(None);
        };
        let found = ws.and_then(|ws| features::navigate::definition(&ws, &site.name, enc));
        Ok(found.map(GotoDefinitionResponse::Scalar))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        let Some((site, Some(ws), enc)) = self.name_at(&p) else {
            return Ok(None);
        };
        let declaration = params.context.include_declaration;
        Ok(Some(features::navigate::references(
            &ws,
            &site.name,
            declaration,
            enc,
        )))
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let ws = self.workspace();
        let answer = self.with_view(&params.text_document.uri, |v| {
            features::navigate::prepare_rename(v, ws.as_deref(), params.position)
        });
        match answer {
            Some(Ok(r)) => Ok(Some(r)),
            Some(Err(why)) => Err(tower_lsp_server::jsonrpc::Error::invalid_params(why)),
            None => Err(tower_lsp_server::jsonrpc::Error::invalid_params(
                "not an agent name",
            )),
        }
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let p = params.text_document_position;
        let Some((site, ws, enc)) = self.name_at(&p) else {
            return Err(tower_lsp_server::jsonrpc::Error::invalid_params(
                "not an agent name",
            ));
        };
        let Some(ws) = ws else {
            return Err(tower_lsp_server::jsonrpc::Error::invalid_params(
                "the workspace is still being indexed",
            ));
        };
        features::navigate::rename(&ws, &site.name, &params.new_name, enc)
            .map(Some)
            .map_err(tower_lsp_server::jsonrpc::Error::invalid_params)
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let (ws, enc) = {
            let st = self.state();
            (st.workspace.clone(), st.encoding)
        };
        // Before the index is ready: no answer (null), not an empty list.
        Ok(ws.map(|ws| {
            WorkspaceSymbolResponse::Flat(features::navigate::symbols(&ws, &params.query, enc))
        }))
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
            .with_outlined_view(&p.text_document.uri, |v| {
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
            .with_outlined_view(
                &params.text_document.uri,
                features::symbols::document_symbols,
            )
            .map(DocumentSymbolResponse::Nested))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        Ok(self.with_outlined_view(&params.text_document.uri, features::symbols::folding_ranges))
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        Ok(self.with_outlined_view(&params.text_document.uri, |v| {
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

//! The `LanguageServer` implementation: lifecycle, document sync, and
//! publishing diagnostics.
//!
//! Ordering rule: every handler finishes mutating state before its first
//! `.await`, under a std mutex, so notifications apply in arrival order
//! even if the transport ran handlers concurrently (it does not: see
//! `run_stdio`, which sets the concurrency level to 1).

use std::collections::{HashMap, HashSet};
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
use super::features::navigate::EditSupport;
use super::features::{self, View};
use super::index::{self, Workspace};
use super::live::{self, Change, WatchSupport};
use super::scan::Config;
use agentls_core::{self, Diagnostic};

pub struct Backend {
    client: Client,
    /// Shared with the background scan, which stores the index when done.
    state: Arc<Mutex<State>>,
    /// Set by `shutdown`; decides the exit code (LSP: 0 only after shutdown).
    shutdown_requested: Arc<AtomicBool>,
}

pub(super) struct State {
    pub encoding: Encoding,
    pub docs: DocumentStore,
    /// Workspace folders from `initialize`, longest first.
    pub roots: Vec<PathBuf>,
    /// What to index besides the folders (`initializationOptions`).
    pub config: Config,
    /// The workspace index, once the background scan has finished; open
    /// documents override the disk.
    pub workspace: Option<Arc<Workspace>>,
    /// Bumped by every index change; a debounced rebuild runs only if it
    /// is still the latest.
    pub generation: u64,
    /// Cross-file findings last published, by file.
    pub published: Arc<HashMap<PathBuf, Vec<Diagnostic>>>,
    /// Open documents last published without their cross-file findings
    /// (the index was being rebuilt).
    pub omitted: HashSet<PathBuf>,
    /// File events that arrived while the first scan ran.
    pub early_changes: Vec<Change>,
    watch: WatchSupport,
    edits: EditSupport,
}

/// What the analysis needs, taken under the lock and used outside it.
pub(super) struct Snapshot {
    uri: Uri,
    rope: Rope,
    version: i32,
    path: PathBuf,
    encoding: Encoding,
}

impl Backend {
    pub fn new(client: Client, shutdown_requested: Arc<AtomicBool>) -> Backend {
        Backend {
            client,
            state: Arc::new(Mutex::new(State {
                encoding: Encoding::Utf16,
                docs: DocumentStore::default(),
                roots: Vec::new(),
                config: Config::default(),
                workspace: None,
                generation: 0,
                published: Arc::default(),
                omitted: HashSet::new(),
                early_changes: Vec::new(),
                watch: WatchSupport::default(),
                edits: EditSupport::default(),
            })),
            shutdown_requested,
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// The workspace index, when the scan has finished, brought up to date
    /// first if edits are waiting for the debounced rebuild (a request must
    /// not answer from a stale index).
    fn workspace(&self) -> Option<Arc<Workspace>> {
        let mut guard = self.state();
        let st = &mut *guard;
        let ws = st.workspace.as_mut()?;
        if ws.has_pending() || ws.is_dirty() {
            let docs = &st.docs;
            let text_of = |path: &std::path::Path| {
                docs.iter()
                    .find(|d| d.path.as_deref() == Some(path))
                    .map(|d| d.rope.to_string())
            };
            let _ = catch_unwind(AssertUnwindSafe(|| {
                let ws = Arc::make_mut(ws);
                ws.refresh(text_of);
                if ws.is_dirty() {
                    ws.rebuild();
                }
            }));
        }
        Some(Arc::clone(ws))
    }

    /// The index as it is, for hover and completion: a rebuild of a large
    /// workspace on every keystroke's hover would cost more than a name
    /// one edit old.
    fn workspace_now(&self) -> Option<Arc<Workspace>> {
        self.state().workspace.clone()
    }

    /// Bring the index up to date with an open document (cheap when only
    /// the body changed: its mentions are read again, nothing is rebuilt).
    fn index_open(&self, uri: &Uri) {
        let stale = {
            let mut st = self.state();
            let Some(doc) = st.docs.get(uri) else { return };
            let Some(path) = doc.path.clone().filter(|p| index::indexed(p)) else {
                return;
            };
            let text = doc.rope.to_string();
            let Some(ws) = st.workspace.as_mut() else {
                return;
            };
            let _ = catch_unwind(AssertUnwindSafe(|| {
                Arc::make_mut(ws).update(&path, Some(&text));
            }));
            ws.is_dirty()
        };
        if stale {
            live::schedule_rebuild(self.client.clone(), Arc::clone(&self.state));
        }
    }

    /// The agent-name site under the cursor and the index, for navigation.
    fn name_at(
        &self,
        p: &TextDocumentPositionParams,
    ) -> Option<(agentls_core::navigate::NameSite, Option<Arc<Workspace>>)> {
        let ws = self.workspace();
        let site = self
            .with_view(&p.text_document.uri, |v| {
                features::navigate::site(v, ws.as_deref(), p.position)
            })
            .flatten()?;
        Some((site, ws))
    }

    /// The skill or MCP server under the cursor, with the index.
    fn target_at(
        &self,
        p: &TextDocumentPositionParams,
    ) -> Option<(agentls_core::targets::Target, Arc<Workspace>)> {
        let target = self
            .with_view(&p.text_document.uri, |v| {
                features::navigate::target(v, p.position)
            })
            .flatten()?;
        Some((target, self.workspace()?))
    }

    /// After an edit: the index learns the text (from the same analysis
    /// the diagnostics come from), then the document is published.
    async fn publish_and_index(&self, uri: &Uri, snapshot: Option<Snapshot>) {
        if snapshot.is_none() {
            // Skills and commands are indexed too, but not analysed.
            self.index_open(uri);
        }
        publish(&self.client, &self.state, snapshot, true).await;
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
            let path = doc
                .path
                .clone()
                .filter(|p| agentls_core::is_agent_path(p))?;
            let sections = if outline { doc.outline() } else { Vec::new() };
            let rope = doc.rope.clone();
            let root = st.roots.iter().find(|r| path.starts_with(r)).cloned();
            (rope, path, sections, encoding, root)
        };
        let text = rope.to_string();
        catch_unwind(AssertUnwindSafe(|| {
            let analysis = agentls_core::analyze(&text, Some(&path));
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
pub(super) fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|e| e.into_inner())
}

/// Analyse and publish, if the document is an agent file: its own
/// diagnostics and the index's cross-file findings about it.
pub(super) async fn publish_document(
    client: &Client,
    state: &Arc<Mutex<State>>,
    snapshot: Option<Snapshot>,
) {
    publish(client, state, snapshot, false).await;
}

/// Up to this many indexed files, a definition edit rebuilds the index at
/// once (well under a millisecond) instead of after the debounce.
const INLINE_REBUILD_MAX: usize = 300;

/// Analyse and publish, if the document is an agent file: its own
/// diagnostics and the index's cross-file findings about it. With `index`,
/// the same analysis first brings the index up to date with the text.
async fn publish(
    client: &Client,
    state: &Arc<Mutex<State>>,
    snapshot: Option<Snapshot>,
    index: bool,
) {
    let Some(s) = snapshot else { return };
    let text = s.rope.to_string();
    // The analysis must never take the server down with it.
    let Ok(analysis) = catch_unwind(AssertUnwindSafe(|| {
        agentls_core::analyze(&text, Some(&s.path))
    })) else {
        return analysis_failed(client, &s.uri).await;
    };
    let (ws, stale) = {
        let mut st = lock(state);
        let mut stale = false;
        if index && let Some(ws) = st.workspace.as_mut() {
            let _ = catch_unwind(AssertUnwindSafe(|| {
                let ws = Arc::make_mut(ws);
                ws.update_open(&s.path, &text, &analysis);
                if ws.is_dirty() && ws.files().len() <= INLINE_REBUILD_MAX {
                    ws.rebuild();
                }
            }));
            stale = ws.is_dirty();
        }
        (st.workspace.clone(), stale)
    };
    if stale {
        live::schedule_rebuild(client.clone(), Arc::clone(state));
    }
    let published = catch_unwind(AssertUnwindSafe(|| {
        let mut diags = analysis.diagnostics.clone();
        let findings = ws.as_ref().map(|ws| ws.findings_for(&s.path, &text));
        if let Some(Some(found)) = &findings {
            diags.extend(found.iter().cloned());
            diags.sort_by_key(|d| (d.range.start, d.range.end, d.severity));
        }
        let locate = |e: &agentls_core::Elsewhere| ws.as_ref().and_then(|w| w.locate(e));
        let lsp = convert::to_lsp_resolving(&s.rope, &s.uri, s.encoding, &diags, &locate);
        // Left out while the index catches up: the rebuild publishes again.
        (lsp, matches!(findings, Some(None)))
    }));
    match published {
        Ok((diags, omitted)) => {
            if omitted {
                lock(state).omitted.insert(s.path.clone());
            }
            client
                .publish_diagnostics(s.uri, diags, Some(s.version))
                .await;
        }
        Err(_) => analysis_failed(client, &s.uri).await,
    }
}

/// A panic in the analysis is a bug to report, never the server's end.
async fn analysis_failed(client: &Client, uri: &Uri) {
    let msg = format!("agentls: analysis failed on {}", uri.as_str());
    client.log_message(MessageType::ERROR, msg).await;
}

pub(super) fn snapshot(state: &State, uri: &Uri) -> Option<Snapshot> {
    let doc = state.docs.get(uri)?;
    let path = doc
        .path
        .as_ref()
        .filter(|p| agentls_core::is_agent_path(p))?;
    Some(Snapshot {
        uri: uri.clone(),
        rope: doc.rope.clone(),
        version: doc.version,
        path: path.clone(),
        encoding: state.encoding,
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
        let workspace_caps = params.capabilities.workspace.as_ref();
        let watched = workspace_caps.and_then(|w| w.did_change_watched_files.as_ref());
        let watch = WatchSupport {
            dynamic: watched.and_then(|w| w.dynamic_registration) == Some(true),
            relative: watched.and_then(|w| w.relative_pattern_support) == Some(true),
        };
        let edit = workspace_caps.and_then(|w| w.workspace_edit.as_ref());
        let edits = EditSupport {
            rename_file: edit.and_then(|e| e.document_changes) == Some(true)
                && edit
                    .and_then(|e| e.resource_operations.as_ref())
                    .is_some_and(|ops| ops.contains(&lsp::ResourceOperationKind::Rename)),
        };
        // `initializationOptions.userScope: false` leaves `~/.claude` out.
        let user_scope = params
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("userScope"))
            .and_then(|v| v.as_bool())
            .unwrap_or(true);
        {
            let mut st = self.state();
            st.encoding = encoding;
            st.roots = roots;
            st.config = Config {
                home: user_scope.then(crate::host::user_home).flatten(),
            };
            st.watch = watch;
            st.edits = edits;
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
        // Scanning runs in the background; requests never wait for it.
        let watch = self.state().watch;
        tokio::spawn(live::start(
            self.client.clone(),
            Arc::clone(&self.state),
            watch,
            Arc::clone(&self.shutdown_requested),
        ));
    }

    async fn did_change_watched_files(&self, params: lsp::DidChangeWatchedFilesParams) {
        let changes: Vec<Change> = params
            .changes
            .iter()
            .filter_map(Change::from_event)
            .collect();
        // Awaited, so requests sent after the event see its effect.
        live::apply_changes(self.client.clone(), Arc::clone(&self.state), changes).await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.shutdown_requested.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let snap = {
            let mut st = self.state();
            st.docs.open(&doc.uri, &doc.text, doc.version);
            snapshot(&st, &doc.uri)
        };
        self.publish_and_index(&doc.uri, snap).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let (found, warnings, snap) = {
            let mut st = self.state();
            let enc = st.encoding;
            match st.docs.get_mut(&uri) {
                Some(doc) => {
                    let mut warnings = Vec::new();
                    for change in &params.content_changes {
                        warnings.extend(doc.apply(change, enc));
                    }
                    doc.version = params.text_document.version;
                    (true, warnings, snapshot(&st, &uri))
                }
                None => (false, Vec::new(), None),
            }
        };
        if !found {
            let msg = format!("agentls: didChange for unopened {}, ignored", uri.as_str());
            self.client.log_message(MessageType::WARNING, msg).await;
            return;
        }
        self.log_position_warnings(&uri, warnings).await;
        self.publish_and_index(&uri, snap).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let closed = self.state().docs.close(&uri);
        let path = closed.and_then(|d| d.path);
        let was_published = path
            .as_ref()
            .is_some_and(|p| agentls_core::is_agent_path(p));
        if was_published {
            self.client
                .publish_diagnostics(uri, Vec::<lsp::Diagnostic>::new(), None)
                .await;
        }
        if let Some(p) = path.filter(|p| index::indexed(p)) {
            // Back to the disk's text (or out of the index when the file is
            // gone), and the closed file's cross-file findings published anew.
            // Awaited (the read itself runs on the blocking pool): requests
            // after the close must see the disk's text.
            Arc::make_mut(&mut self.state().published).remove(&p);
            let change = Change {
                path: p,
                deleted: false,
            };
            live::apply_changes(self.client.clone(), Arc::clone(&self.state), vec![change]).await;
        }
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        let found = match self.name_at(&p) {
            Some((site, ws)) => ws.and_then(|ws| features::navigate::definition(&ws, &site.name)),
            None => self
                .target_at(&p)
                .and_then(|(target, ws)| features::navigate::target_definition(&ws, &target)),
        };
        Ok(found.map(GotoDefinitionResponse::Scalar))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        let declaration = params.context.include_declaration;
        if let Some((site, ws)) = self.name_at(&p) {
            return Ok(ws.map(|ws| features::navigate::references(&ws, &site.name, declaration)));
        }
        Ok(self
            .target_at(&p)
            .map(|(target, ws)| features::navigate::target_references(&ws, &target, declaration)))
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
        let Some((site, ws)) = self.name_at(&p) else {
            return Err(tower_lsp_server::jsonrpc::Error::invalid_params(
                "not an agent name",
            ));
        };
        let Some(ws) = ws else {
            return Err(tower_lsp_server::jsonrpc::Error::invalid_params(
                "the workspace is still being indexed",
            ));
        };
        let support = self.state().edits;
        features::navigate::rename(&ws, &site.name, &params.new_name, support)
            .map(Some)
            .map_err(tower_lsp_server::jsonrpc::Error::invalid_params)
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        // Before the index is ready: no answer (null), not an empty list.
        Ok(self.workspace().map(|ws| {
            WorkspaceSymbolResponse::Flat(features::navigate::symbols(&ws, &params.query))
        }))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        // Before the index is ready there is nothing to offer by name.
        let facts = self.workspace_now().map(|ws| Arc::clone(&ws.facts));
        let facts = facts.unwrap_or_default();
        Ok(self
            .with_view(&p.text_document.uri, |v| {
                features::completion::complete(v, p.position, &facts)
            })
            .flatten())
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        let ws = self.workspace_now();
        Ok(self
            .with_outlined_view(&p.text_document.uri, |v| {
                features::hover::hover(v, ws.as_deref(), p.position)
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

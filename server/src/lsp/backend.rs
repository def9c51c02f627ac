//! The `LanguageServer` implementation: it routes. Document sync changes the
//! [`Session`](super::session::Session) and publishes ([`super::publish`]);
//! a request takes a view of its document (with the analysis the last
//! publish made) and hands it to a function of [`super::handlers`].
//!
//! Ordering rule: the transport runs messages side by side but polls each
//! first in arrival order, and every notification finishes changing the
//! session before its first `.await`, so edits apply in arrival order. A
//! request takes its view before its first await too, except after file
//! events still in flight, which it waits for. Its work then runs on the
//! blocking pool (`on_doc`), where it can be cancelled.
//!
//! A panic in a request is caught here: logged with the method and the
//! file, and answered with an error; the server keeps serving.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::jsonrpc::{self, Result};
use tower_lsp_server::ls_types::{
    self as lsp, CodeActionParams, CodeActionResponse, ColorInformation, ColorPresentation,
    ColorPresentationParams, CompletionParams, CompletionResponse, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DocumentColorParams, DocumentLink,
    DocumentLinkParams, DocumentSymbolParams, DocumentSymbolResponse, FoldingRange,
    FoldingRangeParams, GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverParams,
    InitializeParams, InitializeResult, InitializedParams, Location, MessageType, Position,
    PrepareRenameResponse, ReferenceParams, RenameParams, SelectionRange, SelectionRangeParams,
    SemanticTokensParams, SemanticTokensResult, ServerInfo, TextDocumentPositionParams, Uri,
    WorkspaceEdit, WorkspaceSymbolParams, WorkspaceSymbolResponse,
};
use tower_lsp_server::{Client, LanguageServer};

use super::guards::{CancelOnDrop, FileEvent};
use super::handlers::imports::{definition_at as go_to, document_links};
use super::handlers::{self, View, navigate, rename_skill};
use super::index::{LiveIndex, indexed};
use super::publish::{self, log};
use super::session::{self, Change, DocJob, Shared, lock};
use super::{capabilities, faults, live, pull};
use agentls_core::targets::Target;

pub struct Backend {
    client: Client,
    shared: Shared,
    /// File events being applied (watched files, `didClose`): the disk is
    /// read off the loop, so they take awaits to complete. Requests wait
    /// for none to be in flight, so they see every event sent before them.
    /// Notifications need not wait: every session change is made before
    /// the first await, and file events yield to open documents.
    file_events: tokio::sync::watch::Sender<usize>,
    /// Set by `shutdown`; decides the exit code (LSP: 0 only after shutdown).
    shutdown_requested: Arc<AtomicBool>,
    /// Workspace pull reports, kept so the next pull reads only files that
    /// changed.
    pulled: Arc<std::sync::Mutex<pull::Reports>>,
}

impl Backend {
    pub fn new(client: Client, shutdown_requested: Arc<AtomicBool>) -> Backend {
        Backend {
            client,
            shared: Shared::default(),
            file_events: tokio::sync::watch::Sender::new(0),
            shutdown_requested,
            pulled: Arc::default(),
        }
    }

    /// After an edit: an agent document is analysed and published (the same
    /// analysis brings the index up to date); a skill or command only goes
    /// to the index.
    async fn edited(&self, uri: &Uri, job: Option<DocJob>) {
        let stale = match job {
            Some(job) => publish::document(&self.client, &self.shared, job, true).await,
            None => self.index_open(uri),
        };
        if stale {
            live::schedule_rebuild(self.client.clone(), Arc::clone(&self.shared));
        }
    }

    /// Index an open document the server does not analyse (skills,
    /// commands); whether the index now waits for a rebuild.
    fn index_open(&self, uri: &Uri) -> bool {
        let mut s = lock(&self.shared);
        let Some((path, kind)) = s.doc_path(uri) else {
            return false;
        };
        if !kind.is_indexed() {
            return false;
        }
        let text = s.open_text(&path);
        s.with_index("index update", Some(&path), |ix| {
            ix.update(&path, text.as_deref());
            ix.is_dirty()
        })
        .unwrap_or(false)
    }

    /// The index, brought up to date first (for navigation).
    fn index_fresh(&self) -> Option<Arc<LiveIndex>> {
        lock(&self.shared).index_fresh()
    }

    /// Answer a request about an open agent document with `f` (`Ok(None)`
    /// for other documents). `outline`: the request reads headings.
    async fn on_doc<R: Send + 'static>(
        &self,
        method: &'static str,
        uri: &Uri,
        outline: bool,
        f: impl FnOnce(&View) -> R + Send + 'static,
    ) -> Result<Option<R>> {
        self.on_view(method, uri, outline, false, f).await
    }

    /// [`Backend::on_doc`] for any document the server analyses: agents,
    /// skills and commands (`View::kind` tells them apart).
    async fn on_any_doc<R: Send + 'static>(
        &self,
        method: &'static str,
        uri: &Uri,
        outline: bool,
        f: impl FnOnce(&View) -> R + Send + 'static,
    ) -> Result<Option<R>> {
        self.on_view(method, uri, outline, true, f).await
    }

    /// The work of [`Backend::on_doc`]; `any`: not only agents.
    ///
    /// The view is taken at once (so the request sees every edit sent
    /// before it); the work (headings, analysis if not made yet, `f`) runs
    /// on the blocking pool, so a slow request never holds up the edits and
    /// requests behind it. `$/cancelRequest` drops this future, which raises
    /// the flag the work checks between its phases. A panic is logged with
    /// the method and the file and answered with an error.
    async fn on_view<R: Send + 'static>(
        &self,
        method: &'static str,
        uri: &Uri,
        outline: bool,
        any: bool,
        f: impl FnOnce(&View) -> R + Send + 'static,
    ) -> Result<Option<R>> {
        self.after_file_events().await;
        let Some(mut doc) = lock(&self.shared).view(uri, outline, any) else {
            return Ok(None);
        };
        let path = doc.path.clone();
        let cancel = CancelOnDrop::default();
        let cancelled = Arc::clone(&cancel.0);
        let work = tokio::task::spawn_blocking(move || {
            catch_unwind(AssertUnwindSafe(|| {
                faults::inject(method, Some(&doc.path));
                faults::stall(method, Some(&doc.path), &cancelled);
                doc.make_outline();
                if cancelled.load(Ordering::Relaxed) {
                    return None;
                }
                let analysed = session::analysed(&doc);
                if cancelled.load(Ordering::Relaxed) {
                    return None;
                }
                let answer = f(&View::new(&doc, &analysed));
                let fresh = doc.analysed.is_none().then_some(analysed);
                Some((answer, fresh, doc.revision))
            }))
        });
        let what = match work.await {
            Ok(Ok(Some((answer, fresh, revision)))) => {
                if let Some(analysed) = fresh {
                    lock(&self.shared).keep_analysis(uri, revision, analysed);
                }
                return Ok(Some(answer));
            }
            Ok(Ok(None)) => return Err(jsonrpc::Error::request_cancelled()),
            Ok(Err(panic)) => faults::message(&*panic),
            Err(join) => join.to_string(),
        };
        drop(cancel);
        let msg = format!("agentls: {method} failed on {}: {what}", path.display());
        log(&self.client, MessageType::ERROR, msg.clone()).await;
        Err(jsonrpc::Error {
            code: jsonrpc::ErrorCode::InternalError,
            message: msg.into(),
            data: None,
        })
    }

    /// A pull's answer; a panic is logged with the method and what was
    /// pulled, and answered with an error.
    async fn pulled<R>(
        &self,
        method: &str,
        what: &str,
        pulled: std::result::Result<R, pull::Failed>,
    ) -> Result<R> {
        match pulled {
            Ok(report) => Ok(report),
            Err(pull::Failed::Cancelled) => Err(jsonrpc::Error::request_cancelled()),
            Err(pull::Failed::Panicked(why)) => {
                let msg = format!("agentls: {method} failed on {what}: {why}");
                log(&self.client, MessageType::ERROR, msg.clone()).await;
                Err(jsonrpc::Error {
                    code: jsonrpc::ErrorCode::InternalError,
                    message: msg.into(),
                    data: None,
                })
            }
        }
    }

    /// Wait until the file events sent so far are applied.
    async fn after_file_events(&self) {
        let mut events = self.file_events.subscribe();
        // Only fails when the sender is gone, and `self` holds it.
        let _ = events.wait_for(|n| *n == 0).await;
    }

    /// Count a file event in flight until the guard is dropped.
    fn file_event(&self) -> FileEvent<'_> {
        self.file_events.send_modify(|n| *n += 1);
        FileEvent(&self.file_events)
    }

    /// What `f` finds at the cursor (in agents only unless `any`), with
    /// the index as it was when asked.
    async fn at<R: Send + 'static>(
        &self,
        method: &'static str,
        p: &TextDocumentPositionParams,
        any: bool,
        f: impl FnOnce(&View, Option<&LiveIndex>, Position) -> Option<R> + Send + 'static,
    ) -> Result<Option<(R, Option<Arc<LiveIndex>>)>> {
        self.after_file_events().await;
        let ix = self.index_fresh();
        let (index, position) = (ix.clone(), p.position);
        let found = self
            .on_view(method, &p.text_document.uri, false, any, move |v| {
                f(v, index.as_deref(), position)
            })
            .await?
            .flatten();
        Ok(found.map(|r| (r, ix)))
    }

    /// The skill or MCP server under the cursor, with the index.
    async fn target_at(
        &self,
        method: &'static str,
        p: &TextDocumentPositionParams,
    ) -> Result<Option<(Target, Arc<LiveIndex>)>> {
        let found = self.at(method, p, true, |v, _, at| navigate::target(v, at));
        Ok(found.await?.and_then(|(t, ix)| Some((t, ix?))))
    }
}

fn invalid(why: impl Into<String>) -> jsonrpc::Error {
    jsonrpc::Error::invalid_params(why.into())
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let setup = capabilities::setup(&params);
        let (encoding, pull) = (setup.encoding, setup.pull);
        lock(&self.shared).configure(setup);
        Ok(InitializeResult {
            capabilities: capabilities::capabilities(encoding, pull),
            server_info: Some(ServerInfo {
                name: "agentls".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        // Scanning runs in the background; requests never wait for it.
        tokio::spawn(live::start(
            self.client.clone(),
            Arc::clone(&self.shared),
            Arc::clone(&self.shutdown_requested),
        ));
    }

    async fn did_change_watched_files(&self, params: lsp::DidChangeWatchedFilesParams) {
        let changes: Vec<Change> = params
            .changes
            .iter()
            .filter_map(|e| {
                Some(Change {
                    path: e.uri.to_file_path()?.into_owned(),
                    deleted: e.typ == lsp::FileChangeType::DELETED,
                })
            })
            .collect();
        // Requests sent after the event wait until it is applied.
        let _in_flight = self.file_event();
        live::apply_changes(self.client.clone(), Arc::clone(&self.shared), changes).await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.shutdown_requested.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let job = lock(&self.shared).open(&doc.uri, &doc.text, doc.version);
        self.edited(&doc.uri, job).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let changed = lock(&self.shared).change(&uri, version, &params.content_changes);
        let Some((warnings, job)) = changed else {
            let msg = format!("agentls: didChange for unopened {}, ignored", uri.as_str());
            log(&self.client, MessageType::WARNING, msg).await;
            return;
        };
        for w in warnings {
            let msg = format!(
                "agentls: didChange position {}:{} in {} repaired ({:?})",
                w.position.line,
                w.position.character,
                uri.as_str(),
                w.repair
            );
            log(&self.client, MessageType::WARNING, msg).await;
        }
        self.edited(&uri, job).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let Some((path, published)) = lock(&self.shared).close(&uri) else {
            return;
        };
        let path = path.filter(|p| indexed(p));
        // Requests after the close must see the disk's text: they wait
        // until it is read (on the blocking pool) and applied.
        let _in_flight = path.is_some().then(|| self.file_event());
        if let Some(p) = &path {
            lock(&self.shared).forget_published(p);
        }
        // A client that pulls clears what it pulled itself.
        if published && !lock(&self.shared).pull().enabled {
            self.client
                .publish_diagnostics(uri, Vec::<lsp::Diagnostic>::new(), None)
                .await;
        }
        if let Some(p) = path {
            // Back to the disk's text (or out of the index when the file is
            // gone), and the closed file's cross-file findings published anew.
            let change = Change {
                path: p,
                deleted: false,
            };
            live::apply_changes(self.client.clone(), Arc::clone(&self.shared), vec![change]).await;
        }
    }

    async fn diagnostic(
        &self,
        params: lsp::DocumentDiagnosticParams,
    ) -> Result<lsp::DocumentDiagnosticReportResult> {
        self.after_file_events().await;
        let uri = params.text_document.uri;
        let cancel = CancelOnDrop::default();
        let pulled = pull::document(
            &self.shared,
            &uri,
            params.previous_result_id,
            Arc::clone(&cancel.0),
        )
        .await;
        let what = uri.as_str().to_string();
        Ok(self
            .pulled("textDocument/diagnostic", &what, pulled)
            .await?
            .into())
    }

    async fn workspace_diagnostic(
        &self,
        params: lsp::WorkspaceDiagnosticParams,
    ) -> Result<lsp::WorkspaceDiagnosticReportResult> {
        self.after_file_events().await;
        let cancel = CancelOnDrop::default();
        let previous = params.previous_result_ids;
        let kept = Arc::clone(&self.pulled);
        let pulled = pull::workspace(&self.shared, kept, previous, Arc::clone(&cancel.0)).await;
        let what = "the workspace";
        Ok(self
            .pulled("workspace/diagnostic", what, pulled)
            .await?
            .into())
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        const METHOD: &str = "textDocument/definition";
        let p = params.text_document_position_params;
        let import = self.on_any_doc(METHOD, &p.text_document.uri, false, go_to(p.position));
        let agent = self.at(METHOD, &p, false, navigate::site).await?;
        let mut found = agent.and_then(|(s, ix)| navigate::definition(&*ix?, &s.name));
        // Not an agent the index knows: a skill, command or MCP server.
        if found.is_none() {
            let target = self.target_at(METHOD, &p).await?;
            found = target.and_then(|(t, ix)| navigate::target_definition(&ix, &t));
        }
        let found = found.or(import.await?.flatten());
        Ok(found.map(GotoDefinitionResponse::Scalar))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        const METHOD: &str = "textDocument/references";
        let p = params.text_document_position;
        let declaration = params.context.include_declaration;
        if let Some((site, Some(ix))) = self.at(METHOD, &p, false, navigate::site).await?
            && ix.index.agent(&site.name).is_some()
        {
            return Ok(Some(navigate::references(&ix, &site.name, declaration)));
        }
        Ok(self
            .target_at(METHOD, &p)
            .await?
            .map(|(target, ix)| navigate::target_references(&ix, &target, declaration)))
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let method = "textDocument/prepareRename";
        match self
            .at(method, &params, true, rename_skill::prepare)
            .await?
        {
            Some((Ok(r), _)) => Ok(Some(r)),
            Some((Err(why), _)) => Err(invalid(why)),
            None => Err(invalid("not an agent, skill or command name")),
        }
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let (p, new_name) = (params.text_document_position, params.new_name);
        let method = "textDocument/rename";
        let support = lock(&self.shared).edits();
        if let Some(((name, _), ix)) = self.at(method, &p, true, rename_skill::site).await? {
            let ix = ix.ok_or_else(|| invalid("the workspace is still being indexed"))?;
            return rename_skill::rename(&ix, &name, &new_name, support)
                .map(Some)
                .map_err(invalid);
        }
        let Some((site, ix)) = self.at(method, &p, false, navigate::site).await? else {
            return Err(invalid("not an agent, skill or command name"));
        };
        let Some(ix) = ix else {
            return Err(invalid("the workspace is still being indexed"));
        };
        navigate::rename(&ix, &site.name, &new_name, support)
            .map(Some)
            .map_err(invalid)
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        self.after_file_events().await;
        // Before the index is ready: no answer (null), not an empty list.
        Ok(self.index_fresh().map(|ix| {
            WorkspaceSymbolResponse::Flat(handlers::navigate::symbols(&ix, &params.query))
        }))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        self.after_file_events().await;
        let p = params.text_document_position;
        // Before the index is ready there is nothing to offer by name.
        let ix = lock(&self.shared).index_now();
        let facts = ix.map(|ix| Arc::clone(&ix.facts)).unwrap_or_default();
        let (uri, position) = (&p.text_document.uri, p.position);
        Ok(self
            .on_any_doc("textDocument/completion", uri, false, move |v| {
                handlers::completion::complete(v, position, &facts)
            })
            .await?
            .flatten())
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.after_file_events().await;
        let p = params.text_document_position_params;
        let ix = lock(&self.shared).index_now();
        let (uri, position) = (&p.text_document.uri, p.position);
        Ok(self
            .on_any_doc("textDocument/hover", uri, true, move |v| {
                handlers::hover::hover(v, ix.as_deref(), position)
            })
            .await?
            .flatten())
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = &params.text_document.uri.clone();
        // The findings shown (cross-file ones too, through the file's
        // policy) are the ones actions are offered for.
        let (ix, policy) = {
            let s = lock(&self.shared);
            (s.index_now(), s.job(uri).map(|j| j.policy))
        };
        Ok(self
            .on_any_doc("textDocument/codeAction", uri, false, move |v| {
                let policy = policy.unwrap_or_default();
                handlers::actions::code_actions(v, &params, ix.as_deref(), &policy)
            })
            .await?
            .flatten())
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let uri = &params.text_document.uri;
        let symbols = handlers::symbols::document_symbols;
        Ok(self
            .on_any_doc("textDocument/documentSymbol", uri, true, symbols)
            .await?
            .map(DocumentSymbolResponse::Nested))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let uri = &params.text_document.uri;
        let limit = lock(&self.shared).folding_limit();
        self.on_any_doc("textDocument/foldingRange", uri, true, move |v| {
            handlers::symbols::folding_ranges(v, limit)
        })
        .await
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        let uri = &params.text_document.uri;
        let positions = params.positions.clone();
        self.on_any_doc("textDocument/selectionRange", uri, true, move |v| {
            handlers::symbols::selection_ranges(v, &positions)
        })
        .await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let uri = &params.text_document.uri;
        self.on_any_doc("textDocument/documentLink", uri, false, document_links)
            .await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let uri = &params.text_document.uri;
        let tokens = handlers::tokens::semantic_tokens;
        Ok(self
            .on_any_doc("textDocument/semanticTokens/full", uri, false, tokens)
            .await?
            .map(SemanticTokensResult::Tokens))
    }

    async fn document_color(&self, params: DocumentColorParams) -> Result<Vec<ColorInformation>> {
        let uri = &params.text_document.uri;
        let colors = handlers::colors::document_colors;
        Ok(self
            .on_doc("textDocument/documentColor", uri, false, colors)
            .await?
            .unwrap_or_default())
    }

    async fn color_presentation(
        &self,
        params: ColorPresentationParams,
    ) -> Result<Vec<ColorPresentation>> {
        let uri = &params.text_document.uri.clone();
        Ok(self
            .on_doc("textDocument/colorPresentation", uri, false, move |v| {
                handlers::colors::color_presentations(v, &params)
            })
            .await?
            .unwrap_or_default())
    }
}

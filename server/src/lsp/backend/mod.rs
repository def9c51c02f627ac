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

use std::sync::Arc;
use std::sync::atomic::Ordering;

use tower_lsp_server::LanguageServer;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    self as lsp, CodeActionParams, CodeActionResponse, ColorInformation, ColorPresentation,
    ColorPresentationParams, CompletionParams, CompletionResponse, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DocumentColorParams, DocumentLink,
    DocumentLinkParams, DocumentSymbolParams, DocumentSymbolResponse, FoldingRange,
    FoldingRangeParams, GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverParams,
    InitializeParams, InitializeResult, InitializedParams, Location, MessageType,
    PrepareRenameResponse, ReferenceParams, RenameParams, SelectionRange, SelectionRangeParams,
    SemanticTokensParams, SemanticTokensResult, ServerInfo, TextDocumentPositionParams,
    WorkspaceEdit, WorkspaceSymbolParams, WorkspaceSymbolResponse,
};

use super::guards::CancelOnDrop;
use super::handlers::imports::{definition_at as go_to, document_links};
use super::handlers::{self, host_navigate, navigate, rename_skill};
use super::index::indexed;
use super::index::kinds::EditorKinds;
use super::publish::log;
use super::session::{Change, lock};
use super::{capabilities, live, pull};

mod routing;

pub use routing::Backend;
use routing::invalid;

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
        let problems = lock(&self.shared).take_kind_problems();
        for p in problems {
            log(&self.client, MessageType::WARNING, p).await;
        }
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

    /// The `kinds` setting (the only one read from here): files take the
    /// new kinds, the index is built again and everything published anew.
    async fn did_change_configuration(&self, params: lsp::DidChangeConfigurationParams) {
        let settings = params.settings.get("agentls").unwrap_or(&params.settings);
        if settings.get("kinds").is_none() {
            return;
        }
        let roots = lock(&self.shared).roots().to_vec();
        let (kinds, problems) = EditorKinds::read(Some(settings), &roots);
        for p in problems {
            log(&self.client, MessageType::WARNING, p).await;
        }
        if lock(&self.shared).set_kinds(kinds) {
            // As when a configuration file changes: in the background.
            tokio::spawn(live::config_changed(
                self.client.clone(),
                Arc::clone(&self.shared),
            ));
        }
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
        if let Some(((name, _), Some(ix))) = self.at(METHOD, &p, true, host_navigate::site).await? {
            return Ok(host_navigate::definition(&ix, &name).map(GotoDefinitionResponse::Scalar));
        }
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
        if let Some(((name, _), Some(ix))) = self.at(METHOD, &p, true, host_navigate::site).await? {
            return Ok(Some(host_navigate::references(&ix, &name, declaration)));
        }
        if let Some((site, Some(ix))) = self.at(METHOD, &p, false, navigate::site).await?
            && ix.index.agent(&site.name).is_some()
        {
            let mut found = navigate::references(&ix, &site.name, declaration);
            found.extend(host_navigate::claude_agent_entries(&ix, &site.name));
            return Ok(Some(found));
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
        if let Some(((name, _), ix)) = self.at(method, &p, true, host_navigate::site).await? {
            let ix = ix.ok_or_else(|| invalid("the workspace is still being indexed"))?;
            return host_navigate::rename(&ix, &name, &new_name, support)
                .map(Some)
                .map_err(invalid);
        }
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
        let mut edit = navigate::rename(&ix, &site.name, &new_name, support).map_err(invalid)?;
        // Copilot agents naming this Claude Code agent follow it.
        if ix.index.copilot_agent(&site.name).is_none() {
            host_navigate::add_entries(&ix, &site.name, &new_name, &mut edit);
        }
        Ok(Some(edit))
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
        let (ix, policy, edits) = {
            let s = lock(&self.shared);
            (s.index_now(), s.job(uri).map(|j| j.policy), s.edits())
        };
        Ok(self
            .on_any_doc("textDocument/codeAction", uri, false, move |v| {
                let policy = policy.unwrap_or_default();
                handlers::actions::code_actions(v, &params, ix.as_deref(), &policy, edits)
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
        // The index as it is: a link to a skill made a moment ago can wait.
        let ix = lock(&self.shared).index_now();
        self.on_any_doc("textDocument/documentLink", uri, false, move |v| {
            let mut links = document_links(v);
            links.extend(
                ix.map(|ix| navigate::slash_links(v, &ix))
                    .unwrap_or_default(),
            );
            links
        })
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

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
    self as lsp, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, InitializeParams, InitializeResult, InitializedParams, MessageType,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, Uri,
};
use tower_lsp_server::{Client, LanguageServer};

use super::convert;
use super::documents::{DocumentStore, PositionWarning};
use super::encoding::Encoding;
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
        self.state().encoding = encoding;
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
}

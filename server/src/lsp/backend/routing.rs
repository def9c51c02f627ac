//! How a message reaches its handler: an edit is published, a request
//! takes its document's view (after any file events in flight) and runs on
//! the blocking pool, cancellable, with panics caught and logged.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::{self, Result};
use tower_lsp_server::ls_types::{MessageType, Position, TextDocumentPositionParams, Uri};

use crate::lsp::guards::{CancelOnDrop, FileEvent};
use crate::lsp::handlers::{View, navigate};
use crate::lsp::index::LiveIndex;
use crate::lsp::publish::{self, log};
use crate::lsp::session::{self, DocJob, Shared, lock};
use crate::lsp::{faults, live, pull};
use agentls_core::targets::Target;

pub struct Backend {
    pub(super) client: Client,
    pub(super) shared: Shared,
    /// File events being applied (watched files, `didClose`): the disk is
    /// read off the loop, so they take awaits to complete. Requests wait
    /// for none to be in flight, so they see every event sent before them.
    /// Notifications need not wait: every session change is made before
    /// the first await, and file events yield to open documents.
    pub(super) file_events: tokio::sync::watch::Sender<usize>,
    /// Set by `shutdown`; decides the exit code (LSP: 0 only after shutdown).
    pub(super) shutdown_requested: Arc<AtomicBool>,
    /// Workspace pull reports, kept so the next pull reads only files that
    /// changed.
    pub(super) pulled: Arc<std::sync::Mutex<pull::Reports>>,
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
    pub(super) async fn edited(&self, uri: &Uri, job: Option<DocJob>) {
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
    pub(super) fn index_open(&self, uri: &Uri) -> bool {
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
    pub(super) fn index_fresh(&self) -> Option<Arc<LiveIndex>> {
        lock(&self.shared).index_fresh()
    }

    /// Answer a request about an open agent document with `f` (`Ok(None)`
    /// for other documents). `outline`: the request reads headings.
    pub(super) async fn on_doc<R: Send + 'static>(
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
    pub(super) async fn on_any_doc<R: Send + 'static>(
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
    pub(super) async fn on_view<R: Send + 'static>(
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
    pub(super) async fn pulled<R>(
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
    pub(super) async fn after_file_events(&self) {
        let mut events = self.file_events.subscribe();
        // Only fails when the sender is gone, and `self` holds it.
        let _ = events.wait_for(|n| *n == 0).await;
    }

    /// Count a file event in flight until the guard is dropped.
    pub(super) fn file_event(&self) -> FileEvent<'_> {
        self.file_events.send_modify(|n| *n += 1);
        FileEvent(&self.file_events)
    }

    /// What `f` finds at the cursor (in agents only unless `any`), with
    /// the index as it was when asked.
    pub(super) async fn at<R: Send + 'static>(
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
    pub(super) async fn target_at(
        &self,
        method: &'static str,
        p: &TextDocumentPositionParams,
    ) -> Result<Option<(Target, Arc<LiveIndex>)>> {
        let found = self.at(method, p, true, |v, _, at| navigate::target(v, at));
        Ok(found.await?.and_then(|(t, ix)| Some((t, ix?))))
    }
}

pub(super) fn invalid(why: impl Into<String>) -> jsonrpc::Error {
    jsonrpc::Error::invalid_params(why.into())
}

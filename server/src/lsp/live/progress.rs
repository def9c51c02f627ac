//! Work-done progress for a workspace scan, when the client shows it.
//!
//! The token must be created by a request the client answers before any
//! `$/progress` is sent; the scan never waits for that answer. A task
//! creates the token, begins, and ends when told the scan is over (or at
//! once, if it ended first).

use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::oneshot;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{NumberOrString, ProgressToken};

/// Distinct tokens for the scans of one session.
static NEXT: AtomicU64 = AtomicU64::new(1);

/// The end of a scan's progress: send the closing message through it.
pub struct ScanProgress(Option<oneshot::Sender<String>>);

impl ScanProgress {
    /// Start reporting a scan (nothing when the client has no progress UI).
    pub fn start(client: &Client, shown: bool) -> ScanProgress {
        if !shown {
            return ScanProgress(None);
        }
        let (done, finished) = oneshot::channel::<String>();
        let client = client.clone();
        let token: ProgressToken = NumberOrString::String(format!(
            "agentls/scan/{}",
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        tokio::spawn(async move {
            if client
                .create_work_done_progress(token.clone())
                .await
                .is_err()
            {
                return; // refused: no progress then
            }
            let ongoing = client
                .progress(token, "agentls")
                .with_message("Indexing agents, skills and commands")
                .begin()
                .await;
            let message = finished.await.unwrap_or_default();
            ongoing.finish_with_message(message).await;
        });
        ScanProgress(Some(done))
    }

    /// The scan is over; `message` says what it found.
    pub fn finish(mut self, message: String) {
        if let Some(done) = self.0.take() {
            let _ = done.send(message);
        }
    }
}

impl Drop for ScanProgress {
    fn drop(&mut self) {
        // A scan that failed still ends its progress.
        if let Some(done) = self.0.take() {
            let _ = done.send("Indexing stopped".to_string());
        }
    }
}

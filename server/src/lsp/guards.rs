//! Guards the backend holds while a request or a file event is under way.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A file event in flight (see `Backend::file_events`).
pub struct FileEvent<'a>(pub &'a tokio::sync::watch::Sender<usize>);

impl Drop for FileEvent<'_> {
    fn drop(&mut self) {
        self.0.send_modify(|n| *n = n.saturating_sub(1));
    }
}

/// Raised when the request's future is dropped (cancelled, or the server
/// is going away): the blocking work stops at its next check.
#[derive(Default)]
pub struct CancelOnDrop(pub Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

//! One thread that analyses large documents, one after the other.
//!
//! Not the blocking pool: a keystroke's analysis reuses much of the last
//! one's (the chunked YAML parse), and on a thread of its own that memory
//! stays in one allocator arena and a warm cache; a pool thread picked at
//! random made a 100,000-key keystroke twice as slow. Jobs whose document
//! moved on before their turn are skipped by the caller's check.

use std::sync::Mutex;
use std::sync::mpsc::{Sender, channel};

use tokio::sync::oneshot;

type Job = Box<dyn FnOnce() + Send>;

/// The thread's queue, started on first use.
static QUEUE: Mutex<Option<Sender<Job>>> = Mutex::new(None);

/// Run `work` on the analysis thread and wait for it without blocking the
/// caller's thread. `None` if the thread is gone (it never panics: the work
/// catches its own panics) or could not start.
pub async fn run<R: Send + 'static>(work: impl FnOnce() -> R + Send + 'static) -> Option<R> {
    let (done, result) = oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = done.send(work());
    });
    queue()?.send(job).ok()?;
    result.await.ok()
}

fn queue() -> Option<Sender<Job>> {
    let mut slot = QUEUE.lock().unwrap_or_else(|p| p.into_inner());
    if slot.is_none() {
        let (tx, rx) = channel::<Job>();
        std::thread::Builder::new()
            .name("agentls-analyst".into())
            .spawn(move || {
                for job in rx {
                    job();
                }
            })
            .ok()?;
        *slot = Some(tx);
    }
    slot.clone()
}

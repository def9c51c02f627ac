//! The language server: a thin protocol layer over the core. The transport
//! guard and the backend's routing, the session (documents, index,
//! bookkeeping), publishing, the live index, and one handler module per
//! request family.

mod analyst;
mod backend;
mod capabilities;
pub mod convert;
pub mod documents;
pub mod encoding;
mod faults;
mod guards;
mod handlers;
pub mod index;
mod live;
pub mod markdown;
mod publish;
mod pull;
mod session;
mod shown;
pub mod transport;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::{LspService, Server};

/// Messages handled at once; past this, reading waits for one to finish.
const CONCURRENT_MESSAGES: usize = 64;

/// Serve LSP over stdin/stdout until the client exits. Returns the exit code:
/// 0 after `shutdown` then `exit` (or end of input after `shutdown`), 1 when
/// the client went away without asking for shutdown, as LSP specifies.
pub fn run_stdio() -> i32 {
    // One thread for the protocol: the slow work goes to the blocking pool.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("agentls: cannot start the async runtime: {e}");
            return 2;
        }
    };
    let shutdown_requested = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&shutdown_requested);
    runtime.block_on(async move {
        let (service, socket) = LspService::new(move |client| backend::Backend::new(client, flag));
        transport::guarded(tokio::io::stdin(), tokio::io::stdout(), |input, output| {
            // Requests overlap (their work runs on the blocking pool), so a
            // slow one neither delays an edit's diagnostics nor ignores
            // `$/cancelRequest`. Each message is first polled in arrival
            // order and changes the session before its first await, so
            // edits still apply in order (see `backend/mod.rs`).
            Server::new(input, output, socket)
                .concurrency_level(CONCURRENT_MESSAGES)
                .serve(service)
        })
        .await;
    });
    // The input pump may be blocked reading a stdin the client keeps open
    // after `exit`; do not wait for it.
    runtime.shutdown_background();
    if shutdown_requested.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}

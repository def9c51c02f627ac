//! Building the index: a whole scan of the folders and the user scope, and
//! the debounced rebuild after edits; each installs the index under the
//! session lock and then publishes what changed.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::Duration;

use tower_lsp_server::Client;
use tower_lsp_server::ls_types as lsp;

use super::progress::ScanProgress;
use crate::lsp::index::LiveIndex;
use crate::lsp::index::scan::{MAX_FILES, Stamp};
use crate::lsp::publish::{self, log};
use crate::lsp::session::{Shared, lock};

/// Edits this close together rebuild the index once.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// Scan the folders and the user scope and install the index, with the open
/// documents laid over it. Returns the stamp of every file read, `None` if
/// the scan failed.
pub(super) async fn scan(client: &Client, shared: &Shared) -> Option<Vec<(PathBuf, Stamp)>> {
    let (roots, config, encoding, shown) = {
        let s = lock(shared);
        (
            s.roots().to_vec(),
            s.config().clone(),
            s.encoding(),
            s.progress(),
        )
    };
    let progress = ScanProgress::start(client, shown);
    let scanned = tokio::task::spawn_blocking(move || {
        catch_unwind(|| LiveIndex::scan_stamped(&roots, config, encoding)).ok()
    })
    .await;
    let Ok(Some((mut ix, stamps))) = scanned else {
        log(
            client,
            lsp::MessageType::ERROR,
            "agentls: workspace scan failed".into(),
        )
        .await;
        return None;
    };
    let installed = {
        let mut s = lock(shared);
        // Documents opened meanwhile override what the disk held.
        let open = s.open_texts();
        let laid = catch_unwind(AssertUnwindSafe(|| {
            for (path, text) in &open {
                ix.update(path, Some(text));
            }
            // The scan built the index already: rebuild (under the lock, on
            // the runtime's thread) only when an open document changed a
            // definition.
            if ix.is_dirty() {
                ix.rebuild();
            }
        }));
        let summary = (ix.files().len(), ix.truncated);
        if laid.is_ok() {
            s.set_index(ix);
            s.bump_generation();
        }
        laid.is_ok().then_some(summary)
    };
    let Some((files, truncated)) = installed else {
        log(
            client,
            lsp::MessageType::ERROR,
            "agentls: workspace scan failed".into(),
        )
        .await;
        return None;
    };
    progress.finish(format!("{files} files indexed"));
    if truncated {
        let msg = format!(
            "agentls: this workspace holds more than {MAX_FILES} agent, skill and command \
             files; only the first {MAX_FILES} (by path) are indexed, and findings that an \
             agent or skill is missing are turned off."
        );
        log(client, lsp::MessageType::WARNING, msg.clone()).await;
        client.show_message(lsp::MessageType::WARNING, msg).await;
    }
    let _ = tokio::task::spawn_blocking(crate::host::release_freed_memory).await;
    Some(stamps)
}

/// A project configuration file changed: what is indexed (`exclude`) and
/// what every file shows may differ, so scan again and publish everything.
pub async fn config_changed(client: Client, shared: Shared) {
    if scan(&client, &shared).await.is_some() {
        publish::everything(&client, &shared).await;
    }
}

/// Rebuild the index once edits pause, then publish what changed.
pub fn schedule_rebuild(client: Client, shared: Shared) {
    let generation = lock(&shared).bump_generation();
    tokio::spawn(async move {
        tokio::time::sleep(DEBOUNCE).await;
        let ix = {
            let s = lock(&shared);
            if s.generation() != generation {
                return;
            }
            s.index_now()
        };
        let Some(ix) = ix else { return };
        if ix.is_dirty() {
            // Built on a copy (entries are shared), so requests keep being
            // answered from the previous index meanwhile.
            let built = tokio::task::spawn_blocking(move || {
                let mut copy = (*ix).clone();
                catch_unwind(AssertUnwindSafe(|| copy.rebuild())).ok()?;
                Some(copy)
            })
            .await;
            let Ok(Some(built)) = built else { return };
            let mut s = lock(&shared);
            if s.generation() != generation {
                return;
            }
            s.set_index(built);
        }
        publish::findings(&client, &shared).await;
    });
}

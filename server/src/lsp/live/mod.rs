//! Keeping the workspace index live: the first scan (and a scan from scratch
//! after an index change failed), file events from the client or from
//! polling ([`events`], [`poll`]), and debounced rebuilds, each followed by
//! publishing the cross-file findings that changed.
//!
//! Disk I/O always runs on the blocking pool; its results are applied under
//! the session lock, where open documents win over whatever the disk says.

mod events;
mod poll;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{
    self as lsp, DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, OneOf,
    Registration, RelativePattern, Uri,
};

use super::index::{Config, LiveIndex};
use super::publish::{self, log};
use super::session::{IndexLost, Shared, lock};

pub use events::apply_changes;

/// Edits this close together rebuild the index once.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// After `initialized`: register watchers, scan, publish, then poll what the
/// client cannot watch.
pub async fn start(client: Client, shared: Shared, stop: Arc<AtomicBool>) {
    let (roots, config, watch) = {
        let s = lock(&shared);
        (s.roots().to_vec(), s.config().clone(), s.watch())
    };
    if watch.dynamic {
        // Not awaited here: a client slow to answer must not hold the scan.
        let (client, config) = (client.clone(), config.clone());
        tokio::spawn(async move { register_watchers(&client, &config, watch.relative).await });
    }
    // What nobody reports changes of is polled.
    let polled: Vec<PathBuf> = if watch.dynamic { Vec::new() } else { roots };
    let home = if watch.dynamic && watch.relative {
        Config::default()
    } else {
        config
    };
    let Some(stamps) = scan(&client, &shared).await else {
        return;
    };
    // The first look is the scan's own (each file stamped before it was
    // read): a file written while the index is built then differs from it
    // on the next look.
    if !polled.is_empty() || home.home.is_some() {
        let first = poll::first_look(stamps, &polled, &home);
        tokio::spawn(poll::poll(client, shared, polled, home, first, stop));
    }
}

/// The index failed to change and was dropped: say so, and build it again
/// from scratch in the background.
pub fn recover(client: &Client, shared: &Shared, lost: IndexLost) {
    let (client, shared) = (client.clone(), Arc::clone(shared));
    tokio::spawn(async move {
        log(
            &client,
            lsp::MessageType::ERROR,
            format!("agentls: {}", lost.0),
        )
        .await;
        scan(&client, &shared).await;
    });
}

/// Scan the folders and the user scope, install the index with the open
/// documents laid over it, apply the file events that came meanwhile and
/// publish. Returns the stamp of every file read, `None` if the scan failed.
async fn scan(
    client: &Client,
    shared: &Shared,
) -> Option<Vec<(PathBuf, super::index::scan::Stamp)>> {
    let (roots, config, encoding) = {
        let s = lock(shared);
        (s.roots().to_vec(), s.config().clone(), s.encoding())
    };
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
        if laid.is_ok() {
            s.set_index(ix);
            s.bump_generation();
        }
        laid.is_ok()
    };
    if !installed {
        log(
            client,
            lsp::MessageType::ERROR,
            "agentls: workspace scan failed".into(),
        )
        .await;
        return None;
    }
    let early = lock(shared).take_early_changes();
    if early.is_empty() {
        publish::findings(client, shared).await;
    } else {
        apply_changes(client.clone(), Arc::clone(shared), early).await;
    }
    let _ = tokio::task::spawn_blocking(crate::host::release_freed_memory).await;
    Some(stamps)
}

async fn register_watchers(client: &Client, config: &Config, relative: bool) {
    let glob = |p: &str| FileSystemWatcher {
        glob_pattern: GlobPattern::String(p.to_string()),
        kind: None,
    };
    // Folders too: a deleted or renamed folder is reported once, by itself.
    let mut watchers: Vec<FileSystemWatcher> = [
        "**/.claude/**",
        "**/agents/**",
        "**/skills/**",
        "**/commands/**",
        "**/.mcp.json",
    ]
    .iter()
    .map(|p| glob(p))
    .collect();
    if relative && let Some(uri) = config.user_claude().and_then(|c| Uri::from_file_path(&c)) {
        watchers.push(FileSystemWatcher {
            glob_pattern: GlobPattern::Relative(RelativePattern {
                base_uri: OneOf::Right(uri),
                pattern: "**".to_string(),
            }),
            kind: None,
        });
    }
    let options = DidChangeWatchedFilesRegistrationOptions { watchers };
    let registration = Registration {
        id: "agentls-watch".to_string(),
        method: "workspace/didChangeWatchedFiles".to_string(),
        register_options: serde_json::to_value(options).ok(),
    };
    if let Err(e) = client.register_capability(vec![registration]).await {
        let msg = format!("agentls: could not register file watchers: {e}");
        log(client, lsp::MessageType::WARNING, msg).await;
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

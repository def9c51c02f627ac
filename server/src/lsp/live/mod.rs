//! Keeping the workspace index live: the first scan (and a scan from scratch
//! after an index change failed), file events from the client or from
//! polling ([`events`], [`poll`]), and debounced rebuilds, each followed by
//! publishing the cross-file findings that changed.
//!
//! Disk I/O always runs on the blocking pool; its results are applied under
//! the session lock, where open documents win over whatever the disk says.

mod events;
mod poll;
mod progress;
mod rebuild;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{
    self as lsp, DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, OneOf,
    Registration, RelativePattern, Uri,
};

use super::index::Config;
use super::index::scan::Stamp;
use super::publish::{self, log};
use super::session::{Shared, lock};

pub use events::apply_changes;
pub use rebuild::{config_changed, schedule_rebuild};

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
    tokio::spawn(rescan_when_lost(
        client.clone(),
        Arc::clone(&shared),
        Arc::clone(&stop),
    ));
    let Some(stamps) = scan_and_publish(&client, &shared).await else {
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

/// Scan, then apply the file events that came meanwhile (or publish).
async fn scan_and_publish(client: &Client, shared: &Shared) -> Option<Vec<(PathBuf, Stamp)>> {
    let stamps = rebuild::scan(client, shared).await?;
    publish::configs(client, shared).await;
    // Documents opened meanwhile were judged before `[kinds]` was read.
    publish::rekinded(client, shared).await;
    let early = lock(shared).take_early_changes();
    if early.is_empty() {
        publish::findings(client, shared).await;
    } else {
        apply_changes(client.clone(), Arc::clone(shared), early).await;
    }
    Some(stamps)
}

/// Whenever an index change fails and drops the index, say why and scan
/// again from scratch.
async fn rescan_when_lost(client: Client, shared: Shared, stop: Arc<AtomicBool>) {
    let signal = lock(&shared).rescan_signal();
    loop {
        signal.notified().await;
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let why = lock(&shared).take_lost();
        if let Some(why) = why {
            log(&client, lsp::MessageType::ERROR, format!("agentls: {why}")).await;
        }
        scan_and_publish(&client, &shared).await;
    }
}

async fn register_watchers(client: &Client, config: &Config, relative: bool) {
    let glob = |p: &str| FileSystemWatcher {
        glob_pattern: GlobPattern::String(p.to_string()),
        kind: None,
    };
    // Folders too: a deleted or renamed folder is reported once, by itself.
    // Every markdown file: memory anywhere, and the files `@path` imports
    // name (a `docs/guide.md` that appears resolves an import); an event on
    // an unrelated one costs a look at the open memory, never a rescan.
    let mut watchers: Vec<FileSystemWatcher> = [
        "**/*.md",
        "**/.claude/**",
        "**/agents/**",
        "**/skills/**",
        "**/commands/**",
        "**/.mcp.json",
        "**/agentls.toml",
        "**/.agentls.toml",
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

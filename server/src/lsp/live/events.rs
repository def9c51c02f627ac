//! File events, from the client or from polling: what changed is read on
//! the blocking pool, judged by the scan's own rules, and applied to the
//! index under the lock, where open documents win over the disk.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use tower_lsp_server::Client;

use super::rebuild::schedule_rebuild;
use crate::lsp::encoding::Encoding;
use crate::lsp::index::scan::{self, Config};
use crate::lsp::index::{Entry, LiveIndex};
use crate::lsp::publish;
use crate::lsp::session::{Change, DocJob, Shared, lock};

/// Read what changed (on the blocking pool), apply it, rebuild soon.
pub async fn apply_changes(client: Client, shared: Shared, mut changes: Vec<Change>) {
    // Open memory and rules may import a file that just came or went.
    tokio::spawn(recheck_imports(client.clone(), Arc::clone(&shared)));
    // Without an index yet, every change waits for the scan (below).
    if lock(&shared).index_now().is_some() {
        let (configs, rest): (Vec<Change>, Vec<Change>) = changes
            .into_iter()
            .partition(|c| crate::config::is_config_name(&c.path));
        if !configs.is_empty() {
            // Rare, and it may change what is indexed: a scan from scratch.
            tokio::spawn(super::rebuild::config_changed(
                client.clone(),
                Arc::clone(&shared),
            ));
        }
        if rest.is_empty() {
            return;
        }
        changes = rest;
    }
    let (roots, config, enc, covered, outside) = {
        let mut s = lock(&shared);
        let Some(ix) = s.index_now() else {
            // The scan may have read these files before they changed:
            // applied once it is done.
            s.defer_changes(changes);
            return;
        };
        // A file outside the folders is indexed only while it is open.
        let (covered, outside): (Vec<Change>, Vec<Change>) =
            changes.into_iter().partition(|c| ix.covers(&c.path));
        (
            s.roots().to_vec(),
            s.config().clone(),
            ix.encoding,
            covered,
            outside,
        )
    };
    let read =
        tokio::task::spawn_blocking(move || read_changes(&roots, &config, enc, covered)).await;
    let Ok(mut updates) = read else { return };
    updates.extend(outside.into_iter().map(|c| Update::Removed(c.path)));
    if updates.is_empty() {
        return;
    }
    let applied = {
        let mut s = lock(&shared);
        let open = s.open_texts();
        // A file read anew may hold new suppression comments that change
        // what it shows with the same findings: published again.
        let read: Vec<PathBuf> = updates
            .iter()
            .filter_map(|u| match u {
                Update::File(entry) => Some(entry.path.clone()),
                _ => None,
            })
            .collect();
        let applied = s.with_index("file events", None, |ix| {
            ix.disk_generation += 1;
            for update in updates {
                apply(ix, update, &open);
            }
        });
        for path in &read {
            s.forget_published(path);
        }
        applied
    };
    // A failed change dropped the index: the rescan takes over.
    if applied.is_some() {
        schedule_rebuild(client, shared);
    }
}

/// The open memory, rules, skills and commands, analysed again (their
/// imports, own files and includes are looked up on disk) and published:
/// the files they name may have changed.
async fn recheck_imports(client: Client, shared: Shared) {
    let jobs: Vec<DocJob> = {
        let s = lock(&shared);
        let uris = s.open_uris();
        let jobs = uris.values().filter_map(|uri| s.job(uri));
        jobs.filter(|j| j.kind.reads_disk())
            .map(|j| DocJob {
                analysed: None,
                ..j
            })
            .collect()
    };
    for job in jobs {
        publish::document(&client, &shared, job, false).await;
    }
    if lock(&shared).pull().enabled {
        crate::lsp::pull::refresh_soon(&client, &shared);
    }
}

/// A change, read from disk.
enum Update {
    /// Remove the path and everything below it.
    Removed(PathBuf),
    /// A file read anew (its entry built off the lock).
    File(Box<Entry>),
    /// A root's `.mcp.json` (`None`: gone or unreadable).
    McpJson(PathBuf, Option<String>),
    /// A file judged alone (memory, a rule...) that is on disk.
    Other(PathBuf),
}

fn read_changes(
    roots: &[PathBuf],
    config: &Config,
    enc: Encoding,
    changes: Vec<Change>,
) -> Vec<Update> {
    let mut out = Vec::new();
    for c in changes {
        if scan::is_mcp_json(&c.path, roots) {
            let text = (!c.deleted).then(|| scan::read(&c.path)).flatten();
            out.push(Update::McpJson(c.path, text));
            continue;
        }
        if c.deleted {
            out.push(Update::Removed(c.path));
            continue;
        }
        if c.path.is_dir() {
            // A folder created or moved in: its files were not reported.
            if !scan::would_index(&c.path, true, roots, config) {
                continue;
            }
            for p in scan::files_below(&c.path) {
                if !scan::would_index(&p, false, roots, config) {
                    continue;
                }
                if scan::analysed_only(&p) {
                    out.push(Update::Other(p));
                    continue;
                }
                if let Some(text) = scan::read(&p) {
                    let scope = crate::lsp::index::scope_of(&p, config);
                    out.push(Update::File(Box::new(Entry::new(&p, &text, scope, enc))));
                }
            }
            continue;
        }
        if scan::analysed_only(&c.path)
            && scan::would_index(&c.path, false, roots, config)
            && scan::stamp(&c.path).is_some()
        {
            out.push(Update::Other(c.path));
            continue;
        }
        if !scan::indexed(&c.path) || !scan::would_index(&c.path, false, roots, config) {
            // Never indexed by the scan; if it was (an open document), it
            // goes like any file that disappeared.
            out.push(Update::Removed(c.path));
            continue;
        }
        match scan::read(&c.path) {
            Some(text) => {
                let scope = crate::lsp::index::scope_of(&c.path, config);
                out.push(Update::File(Box::new(Entry::new(
                    &c.path, &text, scope, enc,
                ))));
            }
            None => out.push(Update::Removed(c.path)),
        }
    }
    out
}

fn apply(ws: &mut LiveIndex, update: Update, open: &HashMap<PathBuf, String>) {
    match update {
        Update::McpJson(path, text) => ws.set_mcp_json(&path, text),
        Update::Other(path) => ws.set_other(&path, true),
        Update::File(entry) => {
            if !open.contains_key(&entry.path) {
                ws.put(*entry);
            }
        }
        Update::Removed(path) => {
            ws.remove_below(&path);
            ws.set_other(&path, false);
            // An open document stays indexed with its editor text.
            for (p, text) in open.iter().filter(|(p, _)| p.starts_with(&path)) {
                ws.update(p, Some(text));
            }
        }
    }
}

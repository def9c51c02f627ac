//! Keeping the workspace index live: the first scan, file events from the
//! client (or from polling when it cannot send them), debounced rebuilds,
//! and publishing the cross-file findings that change with them.
//!
//! Disk I/O always runs on the blocking pool; its results are applied under
//! the state lock, where open documents win over whatever the disk says.

use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{
    self as lsp, DidChangeWatchedFilesRegistrationOptions, FileChangeType, FileSystemWatcher,
    GlobPattern, OneOf, Registration, RelativePattern, Uri,
};

use super::encoding::Encoding;
use super::index::{self, Entry, Workspace};
use super::scan::{self, Config};
use super::server::{State, lock, publish_document, snapshot};
use agentls_core::{Diagnostic, codes};

/// Edits this close together rebuild the index once.
const DEBOUNCE: Duration = Duration::from_millis(150);
/// How often the disk is polled when the client cannot report changes.
const POLL_EVERY: Duration = Duration::from_secs(2);

/// What the client told `initialize` about watching files.
#[derive(Clone, Copy, Debug, Default)]
pub struct WatchSupport {
    /// `workspace/didChangeWatchedFiles` can be registered dynamically.
    pub dynamic: bool,
    /// Watchers may be relative to a folder outside the workspace.
    pub relative: bool,
}

/// One change seen on disk.
#[derive(Clone, Debug)]
pub struct Change {
    pub path: PathBuf,
    pub deleted: bool,
}

impl Change {
    pub fn from_event(e: &lsp::FileEvent) -> Option<Change> {
        Some(Change {
            path: e.uri.to_file_path()?.into_owned(),
            deleted: e.typ == FileChangeType::DELETED,
        })
    }
}

/// After `initialized`: register watchers, scan, publish, then poll what the
/// client cannot watch.
pub(super) async fn start(
    client: Client,
    state: Arc<Mutex<State>>,
    watch: WatchSupport,
    stop: Arc<AtomicBool>,
) {
    let (roots, config, encoding) = {
        let st = lock(&state);
        (st.roots.clone(), st.config.clone(), st.encoding)
    };
    if watch.dynamic {
        // Not awaited here: a client slow to answer must not hold the scan.
        let (client, config) = (client.clone(), config.clone());
        tokio::spawn(async move { register_watchers(&client, &config, watch.relative).await });
    }
    // What nobody reports changes of is polled. The first look is the
    // scan's own (each file stamped before it was read): a file written
    // while the index is built then differs from it on the next look.
    let polled: Vec<PathBuf> = if watch.dynamic {
        Vec::new()
    } else {
        roots.clone()
    };
    let home = if watch.dynamic && watch.relative {
        Config::default()
    } else {
        config.clone()
    };
    let scanned = {
        let (roots, config) = (roots.clone(), config.clone());
        tokio::task::spawn_blocking(move || {
            catch_unwind(|| Workspace::scan_stamped(&roots, config, encoding)).ok()
        })
        .await
    };
    let Ok(Some((mut ws, scanned_stamps))) = scanned else {
        client
            .log_message(lsp::MessageType::ERROR, "agentls: workspace scan failed")
            .await;
        return;
    };
    let baseline = (!polled.is_empty() || home.home.is_some()).then(|| {
        let user = home.user_claude();
        let mut last: Stamps = scanned_stamps
            .into_iter()
            .filter(|(p, _)| {
                polled.iter().any(|r| p.starts_with(r))
                    || user.as_ref().is_some_and(|u| p.starts_with(u))
            })
            .collect();
        last.extend(mcp_stamps(&polled));
        last
    });
    {
        let mut st = lock(&state);
        // Documents opened meanwhile override what the disk held.
        let open: Vec<(PathBuf, String)> = st
            .docs
            .iter()
            .filter_map(|d| Some((d.path.clone()?, d.rope.to_string())))
            .collect();
        for (path, text) in &open {
            ws.update(path, Some(text));
        }
        // The scan built the index already: rebuild (under the lock, on the
        // runtime's thread) only when an open document changed a definition.
        if ws.is_dirty() {
            ws.rebuild();
        }
        st.workspace = Some(Arc::new(ws));
    }
    let early = std::mem::take(&mut lock(&state).early_changes);
    if early.is_empty() {
        publish_findings(&client, &state).await;
    } else {
        apply_changes(client.clone(), Arc::clone(&state), early).await;
    }
    let _ = tokio::task::spawn_blocking(crate::host::release_freed_memory).await;
    if let Some(last) = baseline {
        tokio::spawn(poll(client, state, polled, home, last, stop));
    }
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
        client.log_message(lsp::MessageType::WARNING, msg).await;
    }
}

/// Read what changed (on the blocking pool), apply it, rebuild soon.
pub(super) async fn apply_changes(client: Client, state: Arc<Mutex<State>>, changes: Vec<Change>) {
    let (roots, config, enc, covered, outside) = {
        let mut st = lock(&state);
        let Some(ws) = st.workspace.clone() else {
            // The scan may have read these files before they changed:
            // applied once it is done.
            st.early_changes.extend(changes);
            return;
        };
        // A file outside the folders is indexed only while it is open.
        let (covered, outside): (Vec<Change>, Vec<Change>) =
            changes.into_iter().partition(|c| ws.covers(&c.path));
        (
            st.roots.clone(),
            st.config.clone(),
            ws.encoding,
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
    {
        let mut st = lock(&state);
        let open: HashMap<PathBuf, String> = st
            .docs
            .iter()
            .filter_map(|d| Some((d.path.clone()?, d.rope.to_string())))
            .collect();
        let Some(ws) = st.workspace.as_mut() else {
            return;
        };
        let ws = Arc::make_mut(ws);
        let _ = catch_unwind(AssertUnwindSafe(|| {
            for update in updates {
                apply(ws, update, &open);
            }
        }));
    }
    schedule_rebuild(client, state);
}

/// A change, read from disk.
enum Update {
    /// Remove the path and everything below it.
    Removed(PathBuf),
    /// A file read anew (its entry built off the lock).
    File(Box<Entry>),
    /// A root's `.mcp.json` (`None`: gone or unreadable).
    McpJson(PathBuf, Option<String>),
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
            let mut found = Vec::new();
            scan::walk(&c.path, false, &mut found);
            for p in found {
                if !scan::would_index(&p, false, roots, config) {
                    continue;
                }
                if let Some(text) = scan::read(&p) {
                    let scope = index::scope_of(&p, config);
                    out.push(Update::File(Box::new(Entry::new(&p, &text, scope, enc))));
                }
            }
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
                let scope = index::scope_of(&c.path, config);
                out.push(Update::File(Box::new(Entry::new(
                    &c.path, &text, scope, enc,
                ))));
            }
            None => out.push(Update::Removed(c.path)),
        }
    }
    out
}

fn apply(ws: &mut Workspace, update: Update, open: &HashMap<PathBuf, String>) {
    match update {
        Update::McpJson(path, text) => ws.set_mcp_json(&path, text),
        Update::File(entry) => {
            if !open.contains_key(&entry.path) {
                ws.put(*entry);
            }
        }
        Update::Removed(path) => {
            ws.remove_below(&path);
            // An open document stays indexed with its editor text.
            for (p, text) in open.iter().filter(|(p, _)| p.starts_with(&path)) {
                ws.update(p, Some(text));
            }
        }
    }
}

/// Rebuild the index once edits pause, then publish what changed.
pub(super) fn schedule_rebuild(client: Client, state: Arc<Mutex<State>>) {
    let generation = {
        let mut st = lock(&state);
        st.generation += 1;
        st.generation
    };
    tokio::spawn(async move {
        tokio::time::sleep(DEBOUNCE).await;
        let ws = {
            let st = lock(&state);
            if st.generation != generation {
                return;
            }
            st.workspace.clone()
        };
        let Some(ws) = ws else { return };
        if ws.is_dirty() {
            // Built on a copy (entries are shared), so requests keep being
            // answered from the previous index meanwhile.
            let built = tokio::task::spawn_blocking(move || {
                let mut copy = (*ws).clone();
                catch_unwind(AssertUnwindSafe(|| copy.rebuild())).ok()?;
                Some(copy)
            })
            .await;
            let Ok(Some(built)) = built else { return };
            let mut st = lock(&state);
            if st.generation != generation {
                return;
            }
            st.workspace = Some(Arc::new(built));
        }
        publish_findings(&client, &state).await;
    });
}

/// Publish the cross-file findings that changed since last time: open
/// documents get all their diagnostics again, closed files only these.
pub(super) async fn publish_findings(client: &Client, state: &Arc<Mutex<State>>) {
    let (ws, open, closed) = {
        let mut st = lock(state);
        let Some(ws) = st.workspace.clone() else {
            return;
        };
        if ws.is_dirty() {
            return;
        }
        let old = std::mem::replace(&mut st.published, Arc::clone(&ws.findings));
        let mut changed: Vec<PathBuf> = Vec::new();
        // Files whose only change is the budget note: its workspace total
        // moves with any description, and closed files do not show it.
        let mut budget_only: HashSet<PathBuf> = HashSet::new();
        if !Arc::ptr_eq(&old, &ws.findings) {
            for (p, f) in ws.findings.iter().filter(|(p, f)| old.get(*p) != Some(*f)) {
                if old
                    .get(p)
                    .is_some_and(|o| without_budget(o).eq(without_budget(f)))
                {
                    budget_only.insert(p.clone());
                }
                changed.push(p.clone());
            }
            changed.extend(
                old.keys()
                    .filter(|p| !ws.findings.contains_key(*p))
                    .cloned(),
            );
        }
        // Published without findings while the index was stale: again,
        // only if there are findings to add now.
        let omitted = std::mem::take(&mut st.omitted);
        changed.extend(omitted.into_iter().filter(|p| ws.findings.contains_key(p)));
        changed.sort();
        changed.dedup();
        // Open documents by path: the client's URI spelling is the one to use.
        let open_uris: HashMap<PathBuf, Uri> = st
            .docs
            .iter_with_uris()
            .filter_map(|(u, d)| Some((d.path.clone()?, u)))
            .collect();
        let mut open = Vec::new();
        let mut closed = Vec::new();
        for path in changed {
            if let Some(uri) = open_uris.get(&path) {
                open.push(snapshot(&st, uri));
            } else if budget_only.contains(&path) {
                continue;
            } else if let Some(uri) = Uri::from_file_path(&path) {
                closed.push((path, uri));
            }
        }
        (ws, open, closed)
    };
    // Converted one by one outside the lock: the first publication of a
    // large workspace is thousands of files.
    for (i, (path, uri)) in closed.into_iter().enumerate() {
        let diags = ws.closed_findings(&path);
        client.publish_diagnostics(uri, diags, None).await;
        // Thousands at once (the first scan of a large workspace) would
        // queue ahead of every reply for a while: let replies through.
        if i % 100 == 99 {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }
    for snap in open {
        publish_document(client, state, snap).await;
    }
}

/// Findings as a closed file shows them (see [`Workspace::closed_findings`]).
fn without_budget(found: &[Diagnostic]) -> impl Iterator<Item = &Diagnostic> {
    found
        .iter()
        .filter(|d| d.code != codes::DESCRIPTIONS_BUDGET)
}

/// Watch by polling: every few seconds, compare sizes and times of the
/// indexable files with the last look (the first one is `last`) and report
/// the differences.
async fn poll(
    client: Client,
    state: Arc<Mutex<State>>,
    roots: Vec<PathBuf>,
    config: Config,
    mut last: Stamps,
    stop: Arc<AtomicBool>,
) {
    let look = move || stamps(&roots, &config);
    let mut pause = POLL_EVERY;
    loop {
        tokio::time::sleep(pause).await;
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let next = look.clone();
        let started = std::time::Instant::now();
        let Ok(now) = tokio::task::spawn_blocking(next).await else {
            return;
        };
        // A huge tree must not keep a core busy: a look may take at most a
        // twentieth of the time between looks.
        pause = POLL_EVERY.max(started.elapsed() * 20);
        let changes = differences(&last, &now);
        last = now;
        if !changes.is_empty() {
            apply_changes(client.clone(), Arc::clone(&state), changes).await;
        }
    }
}

type Stamps = HashMap<PathBuf, scan::Stamp>;

fn stamps(roots: &[PathBuf], config: &Config) -> Stamps {
    let paths = scan::paths(roots, config);
    let mut out: Stamps = paths.into_iter().filter_map(stamped).collect();
    out.extend(mcp_stamps(roots));
    out
}

fn mcp_stamps(roots: &[PathBuf]) -> Stamps {
    roots
        .iter()
        .filter_map(|r| stamped(r.join(".mcp.json")))
        .collect()
}

fn stamped(p: PathBuf) -> Option<(PathBuf, scan::Stamp)> {
    let meta = std::fs::metadata(&p).ok()?;
    Some((p, (meta.modified().ok(), meta.len())))
}

fn differences(old: &Stamps, new: &Stamps) -> Vec<Change> {
    let mut out: Vec<Change> = new
        .iter()
        .filter(|(p, s)| old.get(*p) != Some(*s))
        .map(|(p, _)| Change {
            path: p.clone(),
            deleted: false,
        })
        .collect();
    out.extend(
        old.keys()
            .filter(|p| !new.contains_key(*p))
            .map(|p| Change {
                path: p.clone(),
                deleted: true,
            }),
    );
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::SystemTime;

    #[test]
    fn differences_report_creates_changes_and_deletes() {
        let t = Some(SystemTime::UNIX_EPOCH);
        let old: Stamps = [(PathBuf::from("a"), (t, 1)), (PathBuf::from("b"), (t, 1))].into();
        let new: Stamps = [(PathBuf::from("a"), (t, 2)), (PathBuf::from("c"), (t, 1))].into();
        let got: Vec<_> = differences(&old, &new)
            .into_iter()
            .map(|c| (c.path.to_string_lossy().into_owned(), c.deleted))
            .collect();
        assert_eq!(
            got,
            vec![
                ("a".to_string(), false),
                ("b".to_string(), true),
                ("c".to_string(), false)
            ]
        );
    }
}

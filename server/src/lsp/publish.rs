//! Publishing diagnostics: an open agent document's own findings together
//! with the index's cross-file ones, and the cross-file findings of every
//! file whose findings changed after the index did. What a file shows is
//! [`super::shown`]'s, pushed here or pulled ([`super::pull`]).

use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{MessageType, Uri};

use super::documents::Analysed;
use super::session::{self, DocJob, Shared, lock};
use super::shown::{Shown, shown};
use super::{analyst, convert, pull};
use agentls_core::{Diagnostic, codes};

/// Up to this many indexed files, a definition edit rebuilds the index at
/// once (well under a millisecond) instead of after the debounce.
const INLINE_REBUILD_MAX: usize = 300;

/// Documents up to this size (bytes) are analysed on the protocol's own
/// thread; larger ones on the blocking pool.
const ANALYSE_IN_PLACE_MAX: usize = 256 * 1024;

/// Analyse and publish an agent document: its own diagnostics and the
/// index's cross-file findings about it. With `index`, the same analysis
/// first brings the index up to date with the text. The analysis is kept
/// with the document for the requests that follow. A client that pulls
/// gets nothing pushed: only a refresh when cross-file findings changed.
/// Returns whether the index changed and waits for a rebuild.
pub async fn document(client: &Client, shared: &Shared, job: DocJob, index: bool) -> bool {
    let mut stale = false;
    let Some(made) = analyse(shared, &job).await else {
        return stale; // edited again meanwhile: that edit publishes
    };
    let Ok(analysed) = made else {
        log(client, MessageType::ERROR, failed("analysis", &job.path)).await;
        return stale;
    };
    let text = Arc::clone(&analysed.text);
    let analysis = Arc::clone(&analysed.analysis);
    let ix = {
        let mut s = lock(shared);
        let pull = s.pull().enabled;
        s.keep_analysis(&job.uri, job.revision, analysed);
        if index {
            stale = s
                .with_index("index update", Some(&job.path), |ix| {
                    ix.update_open(&job.path, &text, &analysis);
                    if ix.is_dirty() && ix.files().len() <= INLINE_REBUILD_MAX {
                        ix.rebuild();
                    }
                    ix.is_dirty()
                })
                .unwrap_or(false);
        }
        let ix = s.index_now();
        if pull {
            // The client pulls this document itself; other open ones
            // whose cross-file findings changed are told to pull again.
            let changed = ix.as_ref().is_some_and(|ix| {
                let old = s.swap_published(Arc::clone(&ix.findings));
                let hosts = !ix.is_dirty() && s.swap_hosts(&ix.hosts);
                hosts
                    || (!ix.is_dirty() && !Arc::ptr_eq(&old, &ix.findings) && *old != *ix.findings)
            });
            drop(s);
            if changed {
                pull::refresh_soon(client, shared);
            }
            return stale;
        }
        ix
    };
    let converted = catch_unwind(AssertUnwindSafe(|| {
        let findings = ix.as_ref().map(|ix| ix.findings_for(&job.path, &text));
        // `None` while the index catches up (the rebuild publishes again).
        let cross = findings.clone().flatten();
        let file = Shown::of(&job);
        let lsp = shown(&file, &analysis, cross, ix.as_deref());
        // Left out while the index catches up: the rebuild publishes again.
        (lsp, matches!(findings, Some(None)))
    }));
    match converted {
        Ok((diags, omitted)) => {
            if omitted {
                lock(shared).omit(job.path.clone());
            }
            client
                .publish_diagnostics(job.uri, diags, Some(job.version))
                .await;
        }
        Err(_) => log(client, MessageType::ERROR, failed("publishing", &job.path)).await,
    }
    stale
}

/// The analysis of the job's text (`Err` if it panicked). A large text is
/// analysed on the analysis thread, so it holds up no other message; `None`
/// when the document changed before or while it was made. Small ones are
/// analysed at once: that is quicker than a trip to another thread.
async fn analyse(shared: &Shared, job: &DocJob) -> Option<Result<Analysed, ()>> {
    if let Some(analysed) = &job.analysed {
        return Some(Ok(analysed.clone()));
    }
    // Memory, rules, skills and commands may look files up on disk: never
    // in place. Most name none, so a small one is analysed in place first
    // and only its disk lookups are sent on when it does.
    let disk = job.kind.reads_disk();
    let mut made_here = None;
    if job.rope.len_bytes() <= ANALYSE_IN_PLACE_MAX {
        let made = catch_unwind(AssertUnwindSafe(|| {
            let made = session::analyse(&job.rope, &job.path, &job.kind);
            let home = disk.then(crate::host::user_home).flatten();
            let names = disk
                && crate::imports::names_files(
                    &made.analysis,
                    &made.text,
                    &job.path,
                    home.as_deref(),
                );
            (made, names)
        }));
        match made {
            Ok((made, false)) => return Some(Ok(made)),
            Ok((made, true)) => made_here = Some(made),
            Err(_) => return Some(Err(())),
        }
    }
    let roots = if disk {
        lock(shared).roots().to_vec()
    } else {
        Vec::new()
    };
    // The analysis must never take the server down with it.
    let kind = job.kind.clone();
    let run = move |rope: &ropey::Rope, path: &Path| {
        catch_unwind(AssertUnwindSafe(|| {
            let made = made_here.unwrap_or_else(|| session::analyse(rope, path, &kind));
            if disk {
                session::with_disk_findings(made, path, &roots)
            } else {
                made
            }
        }))
        .map_err(|_| ())
    };
    let (rope, path) = (job.rope.clone(), job.path.clone());
    let (queued, uri, revision) = (Arc::clone(shared), job.uri.clone(), job.revision);
    let made = analyst::run(move || {
        // Typing outruns a large file's analysis: only the latest is made.
        let current = lock(&queued).is_current(&uri, revision);
        current.then(|| run(&rope, &path))
    })
    .await;
    // Checked in the same step as the publish that follows (no await in
    // between), so an older version never lands after a newer one.
    if !lock(shared).is_current(&job.uri, job.revision) {
        return None;
    }
    Some(made.flatten().unwrap_or(Err(())))
}

/// Publish the cross-file findings that changed since last time: open
/// documents get all their diagnostics again, closed files only these.
pub async fn findings(client: &Client, shared: &Shared) {
    if lock(shared).pull().enabled {
        return pulled_findings(client, shared);
    }
    let (ix, open, closed) = {
        let mut s = lock(shared);
        let Some(ix) = s.index_now() else {
            return;
        };
        if ix.is_dirty() {
            return;
        }
        let old = s.swap_published(Arc::clone(&ix.findings));
        let mut changed: Vec<PathBuf> = Vec::new();
        // Other hosts served changed what open documents show (portability).
        if s.swap_hosts(&ix.hosts) {
            changed.extend(s.open_uris().into_keys());
        }
        if s.take_republish_all() {
            changed.extend(old.keys().cloned());
            changed.extend(ix.findings.keys().cloned());
        }
        // Files whose only change is the budget note: its workspace total
        // moves with any description, and closed files do not show it.
        let mut budget_only: HashSet<PathBuf> = HashSet::new();
        if !Arc::ptr_eq(&old, &ix.findings) {
            for (p, f) in ix.findings.iter().filter(|(p, f)| old.get(*p) != Some(*f)) {
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
                    .filter(|p| !ix.findings.contains_key(*p))
                    .cloned(),
            );
        }
        // Published without findings while the index was stale: again,
        // only if there are findings to add now.
        let omitted = s.take_omitted();
        changed.extend(omitted.into_iter().filter(|p| ix.findings.contains_key(p)));
        changed.sort();
        changed.dedup();
        // Open documents by path: the client's URI spelling is the one to use.
        let open_uris: HashMap<PathBuf, Uri> = s.open_uris();
        let mut open = Vec::new();
        let mut closed = Vec::new();
        for path in changed {
            if let Some(uri) = open_uris.get(&path) {
                open.extend(s.job(uri));
            } else if budget_only.contains(&path) {
                continue;
            } else if let Some(uri) = Uri::from_file_path(&path) {
                let policy = s.policy_for(&path);
                closed.push((path, uri, policy));
            }
        }
        (ix, open, closed)
    };
    // Converted one by one outside the lock: the first publication of a
    // large workspace is thousands of files.
    for (i, (path, uri, policy)) in closed.into_iter().enumerate() {
        let diags = ix.closed_findings(&path, &policy);
        client.publish_diagnostics(uri, diags, None).await;
        // Thousands at once (the first scan of a large workspace) would
        // queue ahead of every reply for a while: let replies through.
        if i % 100 == 99 {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }
    for job in open {
        // The index is already current: nothing to update, only to show.
        document(client, shared, job, false).await;
    }
}

/// Open documents whose kind changed since their publication (opened
/// before the scan read their configuration), published anew; what one no
/// longer read showed is cleared.
pub async fn rekinded(client: &Client, shared: &Shared) {
    let (jobs, gone) = {
        let s = lock(shared);
        let (jobs, gone) = s.rekinded();
        let gone = if s.pull().enabled { Vec::new() } else { gone };
        (jobs, gone)
    };
    for uri in gone {
        client.publish_diagnostics(uri, Vec::new(), None).await;
    }
    for job in jobs {
        document(client, shared, job, false).await;
    }
}

/// After a configuration changed: every file's findings again (what each
/// shows may differ with the same findings), and each configuration file's
/// own findings.
pub async fn everything(client: &Client, shared: &Shared) {
    lock(shared).republish_all();
    findings(client, shared).await;
    let (jobs, cleared): (Vec<DocJob>, Vec<Uri>) = {
        let s = lock(shared);
        let mut jobs = Vec::new();
        let mut cleared = Vec::new();
        for uri in s.open_uris().into_values() {
            match s.job(&uri) {
                Some(job) => jobs.push(job),
                // No longer a file agentls reads (`[kinds]` or the editor's
                // setting says `none`): what it showed goes.
                None if !s.pull().enabled => cleared.push(uri),
                None => {}
            }
        }
        (jobs, cleared)
    };
    for uri in cleared {
        client.publish_diagnostics(uri, Vec::new(), None).await;
    }
    for job in jobs {
        document(client, shared, job, false).await;
    }
    configs(client, shared).await;
}

/// Each configuration file's own findings (pushed whether or not it is
/// open: an editor shows them in its problems list), and none for those
/// that are gone.
pub async fn configs(client: &Client, shared: &Shared) {
    let (ix, enc) = {
        let s = lock(shared);
        (s.index_now(), s.encoding())
    };
    let Some(ix) = ix else { return };
    let mut now = HashSet::new();
    let mut sends = Vec::new();
    for (path, file) in ix.configs.all() {
        let Some(uri) = Uri::from_file_path(path) else {
            continue;
        };
        let rope = ropey::Rope::from_str(&file.text);
        let diags = convert::to_lsp(&rope, &uri, enc, &file.loaded.diagnostics);
        now.insert(path.clone());
        sends.push((uri, diags));
    }
    let gone = lock(shared).swap_published_configs(now.clone());
    for path in gone.difference(&now) {
        if let Some(uri) = Uri::from_file_path(path) {
            sends.push((uri, Vec::new()));
        }
    }
    for (uri, diags) in sends {
        client.publish_diagnostics(uri, diags, None).await;
    }
}

/// [`findings`] for a client that pulls: nothing is pushed; once the index
/// is current it is told to pull again (this runs after a scan, file events
/// or a debounced rebuild, never per keystroke).
fn pulled_findings(client: &Client, shared: &Shared) {
    {
        let mut s = lock(shared);
        let Some(ix) = s.index_now().filter(|ix| !ix.is_dirty()) else {
            return;
        };
        s.swap_published(Arc::clone(&ix.findings));
        s.swap_hosts(&ix.hosts);
        s.take_omitted();
    }
    pull::refresh_soon(client, shared);
}

/// Findings as a closed file shows them (see `LiveIndex::closed_findings`).
fn without_budget(found: &[Diagnostic]) -> impl Iterator<Item = &Diagnostic> {
    found
        .iter()
        .filter(|d| d.code != codes::DESCRIPTIONS_BUDGET)
}

fn failed(what: &str, path: &Path) -> String {
    format!("agentls: {what} failed on {}", path.display())
}

pub async fn log(client: &Client, typ: MessageType, message: String) {
    client.log_message(typ, message).await;
}

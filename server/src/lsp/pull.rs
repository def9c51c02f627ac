//! Pull diagnostics (`textDocument/diagnostic`, `workspace/diagnostic`) for
//! clients that ask for them: the findings push would show
//! ([`super::shown`]), with result ids so that what did not change is
//! not sent again. Closed files are read from disk on the blocking pool; a
//! workspace pull keeps each file's report and reads again only the files
//! whose stamp, cross-file findings or policy changed (VS Code pulls the
//! workspace every two seconds).

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ropey::Rope;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{
    self as lsp, DocumentDiagnosticReport, FullDocumentDiagnosticReport, PreviousResultId,
    RelatedFullDocumentDiagnosticReport, RelatedUnchangedDocumentDiagnosticReport,
    UnchangedDocumentDiagnosticReport, Uri, WorkspaceDiagnosticReport,
    WorkspaceDocumentDiagnosticReport, WorkspaceFullDocumentDiagnosticReport,
    WorkspaceUnchangedDocumentDiagnosticReport,
};

use super::encoding::Encoding;
use super::index::LiveIndex;
use super::index::scan::{self, Stamp};
use super::session::{self, DocJob, Shared, lock};
use super::shown::{Shown, shown};
use crate::host::{self, Priority};
use agentls_core::policy::Policy;
use agentls_core::{Diagnostic, FileKind, codes};

/// Refreshes asked for this close together go out once.
const REFRESH_DEBOUNCE: Duration = Duration::from_millis(200);

/// Files a workspace pull reads between two looks at the cancel flag.
const CHUNK: usize = 64;

/// Why a pull gave no report.
pub enum Failed {
    Cancelled,
    /// A panic, with its message.
    Panicked(String),
}

/// Ask the client to pull again, once changes pause (when it can be asked:
/// `workspace.diagnostics.refreshSupport`).
pub fn refresh_soon(client: &Client, shared: &Shared) {
    let (supported, generation) = {
        let mut s = lock(shared);
        (s.pull().refresh, s.bump_refresh())
    };
    if !supported {
        return;
    }
    let (client, shared) = (client.clone(), Arc::clone(shared));
    tokio::spawn(async move {
        tokio::time::sleep(REFRESH_DEBOUNCE).await;
        if lock(&shared).refresh_generation() != generation {
            return;
        }
        // A client that fails the request only misses a refresh.
        let _ = client.workspace_diagnostic_refresh().await;
    });
}

/// The result id of a report: a hash of what it shows, so an unchanged
/// file keeps its id (even across edits that change nothing shown).
fn result_id(items: &[lsp::Diagnostic]) -> String {
    let mut h = DefaultHasher::new();
    serde_json::to_vec(items).unwrap_or_default().hash(&mut h);
    format!("{:016x}", h.finish())
}

/// A full report of `items`, or `unchanged` when the client has them.
fn document_report(
    items: Vec<lsp::Diagnostic>,
    previous: Option<&str>,
) -> DocumentDiagnosticReport {
    let id = result_id(&items);
    if previous == Some(id.as_str()) {
        return DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
            related_documents: None,
            unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                result_id: id,
            },
        });
    }
    DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
        related_documents: None,
        full_document_diagnostic_report: FullDocumentDiagnosticReport {
            result_id: Some(id),
            items,
        },
    })
}

/// What a document pull reads: an open agent document, a closed agent file
/// in the folders, or nothing to report.
enum Source {
    Open(Box<DocJob>),
    Closed(Closed),
    Nothing,
}

/// A closed agent file, as a pull reads it.
struct Closed {
    path: PathBuf,
    uri: Uri,
    policy: Arc<Policy>,
    kind: FileKind,
}

/// `textDocument/diagnostic`: an open document's findings (from the
/// analysis of its current revision when made, else made now), or a closed
/// agent file's as the disk holds it. Other documents: an empty report.
pub async fn document(
    shared: &Shared,
    uri: &Uri,
    previous: Option<String>,
    cancelled: Arc<AtomicBool>,
) -> Result<DocumentDiagnosticReport, Failed> {
    let (source, ix, encoding, roots) = {
        let s = lock(shared);
        let ix = s.index_now();
        let source = if s.is_open(uri) {
            s.job(uri)
                .map_or(Source::Nothing, |j| Source::Open(Box::new(j)))
        } else {
            match uri.to_file_path().map(|p| p.into_owned()) {
                // Never read outside what the index reads (the folders and
                // the user scope).
                Some(path)
                    if s.kind_of(&path).is_analysed()
                        && ix.as_ref().map_or_else(
                            || s.roots().iter().any(|r| path.starts_with(r)),
                            |ix| ix.covers(&path),
                        ) =>
                {
                    let policy = s.policy_for(&path);
                    Source::Closed(Closed {
                        kind: s.kind_of(&path),
                        path,
                        uri: uri.clone(),
                        policy,
                    })
                }
                _ => Source::Nothing,
            }
        };
        (source, ix, s.encoding(), s.roots().to_vec())
    };
    let work = tokio::task::spawn_blocking(move || {
        catch_unwind(AssertUnwindSafe(|| {
            if cancelled.load(Ordering::Relaxed) {
                return None;
            }
            Some(match source {
                Source::Nothing => (Vec::new(), None),
                Source::Closed(f) => {
                    let roots = ix.as_ref().map_or(&roots, |ix| &ix.roots);
                    (closed_items(&f, ix.as_deref(), roots, encoding).0, None)
                }
                Source::Open(job) => {
                    let analysed = job.analysed.clone().unwrap_or_else(|| {
                        session::analyse_on_disk(&job.rope, &job.path, &job.kind, &roots)
                    });
                    // Left out while the index catches up: the rebuild
                    // asks the client to pull again.
                    let cross = ix
                        .as_ref()
                        .and_then(|ix| ix.findings_for(&job.path, &analysed.text));
                    let file = Shown::of(&job);
                    let items = shown(&file, &analysed.analysis, cross, ix.as_deref());
                    let fresh = job.analysed.is_none().then_some((*job, analysed));
                    (items, fresh)
                }
            })
        }))
    });
    let (items, fresh) = match work.await {
        Ok(Ok(Some(made))) => made,
        Ok(Ok(None)) => return Err(Failed::Cancelled),
        Ok(Err(panic)) => return Err(Failed::Panicked(super::faults::message(&*panic))),
        Err(join) => return Err(Failed::Panicked(join.to_string())),
    };
    if let Some((job, analysed)) = fresh {
        lock(shared).keep_analysis(&job.uri, job.revision, analysed);
    }
    Ok(document_report(items, previous.as_deref()))
}

/// A closed file's diagnostics as the disk holds it, with the stamp taken
/// before reading and whether the cross-file findings were current (a file
/// changed since the index read it waits for the index). Unreadable: none.
fn closed_items(
    f: &Closed,
    ix: Option<&LiveIndex>,
    roots: &[PathBuf],
    encoding: Encoding,
) -> (Vec<lsp::Diagnostic>, Option<Stamp>, bool) {
    let Some((text, stamp)) = scan::read_stamped(&f.path) else {
        return (Vec::new(), None, true);
    };
    let mut analysis = agentls_core::analyze_as(&text, Some(&f.path), f.kind.clone());
    // Imports, a skill's own files, a command's includes: as for open
    // documents and `check`.
    if f.kind.reads_disk() {
        let found = session::findings_on_disk(&analysis, &text, &f.path, roots);
        if !found.is_empty() {
            analysis.diagnostics.extend(found);
            analysis
                .diagnostics
                .sort_by_key(|d| (d.range.start, d.range.end, d.code));
        }
    }
    let cross = ix.map(|ix| ix.findings_for(&f.path, &text));
    let current = !matches!(cross, Some(None));
    let rope = Rope::from_str(&text);
    let file = Shown {
        path: &f.path,
        uri: &f.uri,
        rope: &rope,
        encoding,
        policy: &f.policy,
    };
    let cross = cross.flatten().map(without_budget);
    (shown(&file, &analysis, cross, ix), Some(stamp), current)
}

/// The budget note is left to open files, as push does: it would be on
/// every agent of the workspace at once.
fn without_budget(mut found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    found.retain(|d| d.code != codes::DESCRIPTIONS_BUDGET);
    found
}

/// Each closed file's last workspace report and what it was made from.
#[derive(Default)]
pub struct Reports {
    files: HashMap<PathBuf, Kept>,
}

#[derive(Clone)]
struct Kept {
    /// `None`: made before the index had the file's text; made anew.
    stamp: Option<Stamp>,
    /// The index's disk generation, for files whose findings look at
    /// other files (an import made or deleted changes them).
    generation: Option<u64>,
    cross: Vec<Diagnostic>,
    policy: u64,
    id: String,
    items: Vec<lsp::Diagnostic>,
}

/// A policy's fingerprint: `Policy` has no `Eq`, and its debug print shows
/// every field, so two policies that print alike settle alike.
fn fingerprint_kind(kind: &FileKind) -> u64 {
    let mut h = DefaultHasher::new();
    kind.hash(&mut h);
    h.finish()
}

fn fingerprint(policy: &Policy) -> u64 {
    let mut h = DefaultHasher::new();
    format!("{policy:?}").hash(&mut h);
    h.finish()
}

/// `workspace/diagnostic`: a report for every agent file nobody has
/// open (indexed, or judged alone: memory, rules, output styles...) (open ones are pulled one by one), its own findings as on disk and
/// the cross-file ones; `unchanged` where the client's result id still
/// holds. Files the client knows that are gone get an empty report.
pub async fn workspace(
    shared: &Shared,
    kept: Arc<Mutex<Reports>>,
    previous: Vec<PreviousResultId>,
    cancelled: Arc<AtomicBool>,
) -> Result<WorkspaceDiagnosticReport, Failed> {
    let (files, ix, encoding, open) = {
        let s = lock(shared);
        let ix = s.index_now();
        let Some(ix) = ix.filter(|_| s.pull().workspace) else {
            // Turned off, or before the first scan (a refresh follows it).
            return Ok(WorkspaceDiagnosticReport::default());
        };
        let open: HashSet<PathBuf> = s.open_uris().into_keys().collect();
        // The indexed files, then those judged alone (memory, rules...).
        let indexed = ix.files().iter().map(|e| (&e.path, e.uri.clone()));
        let others = ix.others().iter().map(|p| (p, Uri::from_file_path(p)));
        let files: Vec<Closed> = indexed
            .chain(others)
            .filter(|(path, _)| !open.contains(*path) && ix.covers(path))
            .filter_map(|(path, uri)| {
                let kind = s.kind_of(path);
                Some(Closed {
                    kind: kind.is_analysed().then_some(kind)?,
                    uri: uri?,
                    policy: s.policy_for(path),
                    path: path.clone(),
                })
            })
            .collect();
        (files, ix, s.encoding(), open)
    };
    let work = tokio::task::spawn_blocking(move || {
        catch_unwind(AssertUnwindSafe(|| {
            let before = std::mem::take(&mut lock_reports(&kept).files);
            let mut now: HashMap<PathBuf, Kept> = HashMap::with_capacity(files.len());
            let mut done = true;
            for chunk in files.chunks(CHUNK) {
                if cancelled.load(Ordering::Relaxed) {
                    done = false;
                    break;
                }
                let made = host::map(chunk, Priority::Background, |f| {
                    report_of(f, before.get(&f.path), &ix, encoding)
                });
                for (f, k) in chunk.iter().zip(made) {
                    if let Some(k) = k {
                        now.insert(f.path.clone(), k);
                    }
                }
            }
            let reports = done.then(|| items(&files, &now, &previous, &open));
            // Kept for the next pull even when cancelled: the work is done.
            let mut kept_now = lock_reports(&kept);
            if done {
                kept_now.files = now;
            } else {
                kept_now.files = before;
                kept_now.files.extend(now);
            }
            reports
        }))
    });
    match work.await {
        Ok(Ok(Some(items))) => Ok(WorkspaceDiagnosticReport { items }),
        Ok(Ok(None)) => Err(Failed::Cancelled),
        Ok(Err(panic)) => Err(Failed::Panicked(super::faults::message(&*panic))),
        Err(join) => Err(Failed::Panicked(join.to_string())),
    }
}

fn lock_reports(r: &Mutex<Reports>) -> std::sync::MutexGuard<'_, Reports> {
    r.lock().unwrap_or_else(|e| e.into_inner())
}

/// One file's report: the last one when nothing it was made from changed,
/// else made from the disk. `None` when the file cannot be read (gone
/// since the index read it: the file event will follow) or panicked.
fn report_of(f: &Closed, last: Option<&Kept>, ix: &LiveIndex, encoding: Encoding) -> Option<Kept> {
    let cross = without_budget(ix.findings.get(&f.path).cloned().unwrap_or_default());
    // The kind counts too: the editor's setting may change it alone.
    let policy = fingerprint(&f.policy) ^ fingerprint_kind(&f.kind);
    // What other files on disk say counts for files that look at them.
    let generation = f.kind.reads_disk().then_some(ix.disk_generation);
    if let Some(last) = last
        && last.cross == cross
        && last.policy == policy
        && last.generation == generation
        && last.stamp.is_some()
        && scan::stamp(&f.path) == last.stamp
    {
        return Some(last.clone());
    }
    let made = catch_unwind(AssertUnwindSafe(|| {
        closed_items(f, Some(ix), &ix.roots, encoding)
    }))
    .ok();
    let (items, stamp, current) = made?;
    let stamp = stamp?;
    Some(Kept {
        // Cross-file findings the index did not have for this text yet:
        // never taken for current by the next pull.
        stamp: current.then_some(stamp),
        generation,
        cross,
        policy,
        id: result_id(&items),
        items,
    })
}

/// The reports to send: full or unchanged for every file made, and empty
/// ones for files the client knows that are no longer there.
fn items(
    files: &[Closed],
    made: &HashMap<PathBuf, Kept>,
    previous: &[PreviousResultId],
    open: &HashSet<PathBuf>,
) -> Vec<WorkspaceDocumentDiagnosticReport> {
    let known: HashMap<PathBuf, (&Uri, &str)> = previous
        .iter()
        .filter_map(|p| {
            Some((
                p.uri.to_file_path()?.into_owned(),
                (&p.uri, p.value.as_str()),
            ))
        })
        .collect();
    let mut out = Vec::with_capacity(files.len());
    let mut reported: HashSet<&Path> = HashSet::new();
    for f in files {
        let Some(k) = made.get(&f.path) else { continue };
        reported.insert(&f.path);
        let previous = known.get(&f.path).map(|(_, id)| *id);
        out.push(workspace_report(f.uri.clone(), &k.id, &k.items, previous));
    }
    let gone = result_id(&[]);
    for (path, (uri, id)) in &known {
        if reported.contains(path.as_path()) || open.contains(path) {
            continue;
        }
        out.push(workspace_report((*uri).clone(), &gone, &[], Some(id)));
    }
    out
}

fn workspace_report(
    uri: Uri,
    id: &str,
    items: &[lsp::Diagnostic],
    previous: Option<&str>,
) -> WorkspaceDocumentDiagnosticReport {
    if previous == Some(id) {
        return WorkspaceDocumentDiagnosticReport::Unchanged(
            WorkspaceUnchangedDocumentDiagnosticReport {
                uri,
                version: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id: id.to_string(),
                },
            },
        );
    }
    WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
        uri,
        version: None,
        full_document_diagnostic_report: FullDocumentDiagnosticReport {
            result_id: Some(id.to_string()),
            items: items.to_vec(),
        },
    })
}

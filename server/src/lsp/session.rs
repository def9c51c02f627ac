//! The server's state, behind one type: open documents, the workspace index
//! and the bookkeeping of what was published. Fields are private; the
//! protocol handlers and the background tasks change the state only through
//! these methods, under one mutex ([`Shared`]), and never across an `.await`.
//!
//! Every change to the index runs through [`Session::with_index`]: a panic
//! there drops the index and signals the background task that builds it
//! again from scratch, rather than keep one that is half updated.

use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use ropey::Rope;
use tokio::sync::Notify;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use super::documents::{Analysed, DocumentStore, PositionWarning, SharedOutline};
use super::encoding::Encoding;
use super::faults;
use super::index::{Config, LiveIndex};
use crate::imports::disk_findings;

mod kinds;
use agentls_core::outline::Section;
use agentls_core::policy::Policy;
use agentls_core::{Analysis, Diagnostic, FileKind};

/// The session as the handlers and background tasks share it.
pub type Shared = Arc<Mutex<Session>>;

/// No code panics while holding the lock (index changes catch their own),
/// but if one ever did the documents are still consistent (each edit is
/// applied atomically by ropey), so keep serving rather than poison every
/// later call.
pub fn lock(shared: &Shared) -> MutexGuard<'_, Session> {
    shared.lock().unwrap_or_else(|e| e.into_inner())
}

/// What the client said in `initialize` that the session keeps.
#[derive(Clone, Debug, Default)]
pub struct Setup {
    pub encoding: Encoding,
    /// Workspace folders, longest first.
    pub roots: Vec<PathBuf>,
    pub config: Config,
    pub watch: WatchSupport,
    pub edits: EditSupport,
    /// The client's `foldingRange.rangeLimit`.
    pub folding_limit: Option<usize>,
    /// The client shows `$/progress` (`window.workDoneProgress`).
    pub progress: bool,
    /// Pull diagnostics, when the client asks for them.
    pub pull: PullSupport,
    /// What the `kinds` setting left out, for the log.
    pub kind_problems: Vec<String>,
}

/// What the client told `initialize` about pulling diagnostics.
#[derive(Clone, Copy, Debug, Default)]
pub struct PullSupport {
    /// `textDocument.diagnostic`: the client pulls, so nothing is pushed.
    pub enabled: bool,
    /// Workspace diagnostics are offered (the client pulls, and the
    /// `workspaceDiagnostics` option did not turn them off).
    pub workspace: bool,
    /// `workspace.diagnostics.refreshSupport`.
    pub refresh: bool,
}

/// What the client told `initialize` about watching files.
#[derive(Clone, Copy, Debug, Default)]
pub struct WatchSupport {
    /// `workspace/didChangeWatchedFiles` can be registered dynamically.
    pub dynamic: bool,
    /// Watchers may be relative to a folder outside the workspace.
    pub relative: bool,
}

/// What the client can do with a rename's edit.
#[derive(Clone, Copy, Debug, Default)]
pub struct EditSupport {
    /// `documentChanges` with a `rename` resource operation.
    pub rename_file: bool,
    /// `documentChanges` with a `create` resource operation.
    pub create_file: bool,
}

/// One change seen on disk.
#[derive(Clone, Debug)]
pub struct Change {
    pub path: PathBuf,
    pub deleted: bool,
}

/// An agent document to analyse and publish, copied out of the lock.
pub struct DocJob {
    pub uri: Uri,
    pub rope: Rope,
    pub version: i32,
    pub revision: u64,
    pub path: PathBuf,
    pub encoding: Encoding,
    /// The analysis of this revision, when already made.
    pub analysed: Option<Analysed>,
    /// The project configuration that applies to the document.
    pub policy: Arc<Policy>,
    /// Its kind, as the configuration and the editor's setting decide it.
    pub kind: FileKind,
}

/// One agent document as a request sees it: copied out of the lock, with
/// the analysis of its current text when that is already made.
pub struct DocView {
    pub uri: Uri,
    /// Its kind: agent-only features look at it.
    pub kind: FileKind,
    pub rope: Rope,
    pub revision: u64,
    pub path: PathBuf,
    pub encoding: Encoding,
    pub analysed: Option<Analysed>,
    /// Headings, once [`DocView::make_outline`] has made them (empty if
    /// the request does not read headings).
    pub sections: Arc<Vec<Section>>,
    /// What makes them, when the request reads headings.
    outline: Option<SharedOutline>,
    /// The workspace folder that holds the document, if any.
    pub root: Option<PathBuf>,
}

impl DocView {
    /// Make the headings if the request reads them (the slow part of a
    /// first outline: run it off the loop; later requests find them made).
    pub fn make_outline(&mut self) {
        if let Some(outline) = self.outline.take() {
            self.sections = outline.make();
        }
    }
}

#[derive(Default)]
pub struct Session {
    setup: Setup,
    docs: DocumentStore,
    /// The workspace index, once a scan has finished; open documents
    /// override the disk.
    index: Option<Arc<LiveIndex>>,
    /// Bumped by every index change; a debounced rebuild runs only if it is
    /// still the latest.
    generation: u64,
    /// Cross-file findings last published, by file.
    published: Arc<HashMap<PathBuf, Vec<Diagnostic>>>,
    /// Open documents last published without their cross-file findings
    /// (the index was being rebuilt).
    omitted: HashSet<PathBuf>,
    /// File events that arrived while a scan ran.
    early_changes: Vec<Change>,
    /// Why the index was dropped, until the rescan reports it.
    lost: Option<String>,
    /// Wakes the task that scans again after the index was dropped.
    rescan: Arc<Notify>,
    /// The next [`crate::lsp::publish::findings`] sends every file again
    /// (a configuration changed what each shows).
    republish_all: bool,
    /// Configuration files whose own findings were published.
    published_configs: HashSet<PathBuf>,
    /// The hosts inferred from the index when findings were last published:
    /// open documents are shown again when they change (portability).
    published_hosts: Arc<Vec<String>>,
    /// See [`Session::bump_refresh`].
    refresh_generation: u64,
}

impl Session {
    pub fn configure(&mut self, setup: Setup) {
        self.setup = setup;
    }

    pub fn encoding(&self) -> Encoding {
        self.setup.encoding
    }

    pub fn roots(&self) -> &[PathBuf] {
        &self.setup.roots
    }

    pub fn config(&self) -> &Config {
        &self.setup.config
    }

    pub fn watch(&self) -> WatchSupport {
        self.setup.watch
    }

    pub fn edits(&self) -> EditSupport {
        self.setup.edits
    }

    pub fn folding_limit(&self) -> Option<usize> {
        self.setup.folding_limit
    }

    /// Whether the client shows work-done progress (`$/progress`).
    pub fn progress(&self) -> bool {
        self.setup.progress
    }

    pub fn pull(&self) -> PullSupport {
        self.setup.pull
    }

    /// Bump the refresh generation: a debounced refresh is sent only if it
    /// is still the latest.
    pub fn bump_refresh(&mut self) -> u64 {
        self.refresh_generation += 1;
        self.refresh_generation
    }

    pub fn refresh_generation(&self) -> u64 {
        self.refresh_generation
    }

    // -- documents ---------------------------------------------------------

    /// Open (or reopen) a document; the job to publish it when it is an agent.
    pub fn open(&mut self, uri: &Uri, text: &str, version: i32) -> Option<DocJob> {
        self.docs.open(uri, text, version);
        self.job(uri)
    }

    /// Apply a `didChange`, every change in order; `None` when the document
    /// is not open.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
    ) -> Option<(Vec<PositionWarning>, Option<DocJob>)> {
        let enc = self.setup.encoding;
        let doc = self.docs.get_mut(uri)?;
        let mut warnings = Vec::new();
        for change in changes {
            warnings.extend(doc.apply(change, enc));
        }
        doc.version = version;
        Some((warnings, self.job(uri)))
    }

    /// Close a document: its path and whether diagnostics were published for it.
    pub fn close(&mut self, uri: &Uri) -> Option<(Option<PathBuf>, bool)> {
        let published = self
            .doc_kind(self.docs.get(uri)?.path.as_deref())
            .is_analysed();
        let doc = self.docs.close(uri)?;
        Some((doc.path, published))
    }

    /// The job to analyse and publish an open agent, skill or command.
    pub fn job(&self, uri: &Uri) -> Option<DocJob> {
        let doc = self.docs.get(uri)?;
        let kind = self.doc_kind(doc.path.as_deref());
        let path = doc.path.clone().filter(|_| kind.is_analysed())?;
        let policy = self.policy_for(&path);
        Some(DocJob {
            uri: uri.clone(),
            rope: doc.rope.clone(),
            version: doc.version,
            revision: doc.revision(),
            path,
            encoding: self.setup.encoding,
            // An analysis made as another kind (the configuration or the
            // setting changed since) is made again.
            analysed: doc.analysed().filter(|a| a.analysis.kind == kind).cloned(),
            policy,
            kind,
        })
    }

    /// The project configuration for a file (`agentls.toml` found upwards
    /// from it), or the defaults.
    pub fn policy_for(&self, path: &Path) -> Arc<Policy> {
        match &self.index {
            Some(ix) => ix.policy(path),
            None => Policy::shared_default(),
        }
    }

    /// An open document as a request sees it: an agent, or with `any` any
    /// file the server analyses (skills and commands too); `outline` brings
    /// its block tree up to date for the headings.
    pub fn view(&mut self, uri: &Uri, outline: bool, any: bool) -> Option<DocView> {
        let encoding = self.setup.encoding;
        let kind = self.doc_kind(self.docs.get(uri)?.path.as_deref());
        let doc = self.docs.get_mut(uri)?;
        // Kept for what reads the document's own (the kind may change with
        // the configuration or the setting).
        doc.kind = kind;
        let served = if any {
            doc.kind.is_analysed()
        } else {
            doc.kind.is_agent()
        };
        let path = doc.path.clone().filter(|_| served)?;
        let outline = outline.then(|| doc.shared_outline());
        let root = self
            .setup
            .roots
            .iter()
            .find(|r| path.starts_with(r))
            .cloned();
        Some(DocView {
            uri: uri.clone(),
            kind: doc.kind.clone(),
            rope: doc.rope.clone(),
            revision: doc.revision(),
            path,
            encoding,
            analysed: doc
                .analysed()
                .filter(|a| a.analysis.kind == doc.kind)
                .cloned(),
            sections: Arc::default(),
            outline,
            root,
        })
    }

    /// Whether `uri` is open at `revision` still.
    pub fn is_current(&self, uri: &Uri, revision: u64) -> bool {
        self.docs.get(uri).is_some_and(|d| d.revision() == revision)
    }

    /// Keep the analysis made from `revision` of `uri`, if still current.
    pub fn keep_analysis(&mut self, uri: &Uri, revision: u64, analysed: Analysed) {
        if let Some(doc) = self.docs.get_mut(uri) {
            doc.keep_analysis(revision, analysed);
        }
    }

    /// The text of the open document at `path`, if one is open.
    pub fn open_text(&self, path: &Path) -> Option<String> {
        self.docs
            .iter()
            .find(|d| d.path.as_deref() == Some(path))
            .map(|d| d.rope.to_string())
    }

    /// Every open document that has a path, with its text.
    pub fn open_texts(&self) -> HashMap<PathBuf, String> {
        self.docs
            .iter()
            .filter_map(|d| Some((d.path.clone()?, d.rope.to_string())))
            .collect()
    }

    /// Open documents by path, with the URI as the client spelled it.
    pub fn open_uris(&self) -> HashMap<PathBuf, Uri> {
        self.docs
            .iter_with_uris()
            .filter_map(|(u, d)| Some((d.path.clone()?, u)))
            .collect()
    }

    pub fn is_open(&self, uri: &Uri) -> bool {
        self.docs.get(uri).is_some()
    }

    /// The path and kind of an open document.
    pub fn doc_path(&self, uri: &Uri) -> Option<(PathBuf, FileKind)> {
        let doc = self.docs.get(uri)?;
        let path = doc.path.clone()?;
        let kind = self.kind_of(&path);
        Some((path, kind))
    }

    // -- the index ---------------------------------------------------------

    /// The index as it is (maybe a few edits behind), for hover and
    /// completion: rebuilding a large index on every keystroke's hover would
    /// cost more than a name one edit old.
    pub fn index_now(&self) -> Option<Arc<LiveIndex>> {
        self.index.clone()
    }

    /// The index brought up to date first when edits wait for the debounced
    /// rebuild: navigation must not answer from a stale index.
    pub fn index_fresh(&mut self) -> Option<Arc<LiveIndex>> {
        let ix = self.index.as_ref()?;
        if ix.has_pending() || ix.is_dirty() {
            let open = self.open_texts();
            self.with_index("index refresh", None, |ix| {
                ix.refresh(|p| open.get(p).cloned());
                if ix.is_dirty() {
                    ix.rebuild();
                }
            });
        }
        self.index.clone()
    }

    /// Install a freshly built index (a scan or a debounced rebuild).
    pub fn set_index(&mut self, index: LiveIndex) {
        self.index = Some(Arc::new(index));
    }

    /// Change the index in place; `None` when there is none. A panic drops
    /// the index and wakes the rescan ([`Self::rescan_signal`]); `site` and
    /// `path` name the change in the log.
    pub fn with_index<R>(
        &mut self,
        site: &str,
        path: Option<&Path>,
        f: impl FnOnce(&mut LiveIndex) -> R,
    ) -> Option<R> {
        let ix = self.index.as_mut()?;
        let changed = catch_unwind(AssertUnwindSafe(|| {
            faults::inject(site, path);
            f(Arc::make_mut(ix))
        }));
        match changed {
            Ok(r) => Some(r),
            Err(panic) => {
                self.index = None;
                self.generation += 1;
                let at = path.map_or(String::new(), |p| format!(" on {}", p.display()));
                self.lost = Some(format!(
                    "{site} failed{at} ({}); the index is rebuilt from scratch",
                    faults::message(&*panic)
                ));
                self.rescan.notify_one();
                None
            }
        }
    }

    /// What the rescan task waits on.
    pub fn rescan_signal(&self) -> Arc<Notify> {
        Arc::clone(&self.rescan)
    }

    /// Why the index was dropped, once.
    pub fn take_lost(&mut self) -> Option<String> {
        self.lost.take()
    }

    /// Note an index change; returns the generation a debounced rebuild
    /// must still find to run.
    pub fn bump_generation(&mut self) -> u64 {
        self.generation += 1;
        self.generation
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Keep file events that arrive while a scan runs.
    pub fn defer_changes(&mut self, changes: Vec<Change>) {
        self.early_changes.extend(changes);
    }

    pub fn take_early_changes(&mut self) -> Vec<Change> {
        std::mem::take(&mut self.early_changes)
    }

    // -- what was published -------------------------------------------------

    /// Record `findings` as published; returns what was published before.
    pub fn swap_published(
        &mut self,
        findings: Arc<HashMap<PathBuf, Vec<Diagnostic>>>,
    ) -> Arc<HashMap<PathBuf, Vec<Diagnostic>>> {
        std::mem::replace(&mut self.published, findings)
    }

    /// Record `hosts` as published; true when the change can alter what a
    /// document shows (one host served, before and after, shows no
    /// portability finding either way).
    pub fn swap_hosts(&mut self, hosts: &Arc<Vec<String>>) -> bool {
        let old = std::mem::replace(&mut self.published_hosts, Arc::clone(hosts));
        *old != **hosts && (old.len() > 1 || hosts.len() > 1)
    }

    /// Every file's findings are published anew by the next publication.
    pub fn republish_all(&mut self) {
        self.republish_all = true;
    }

    pub fn take_republish_all(&mut self) -> bool {
        std::mem::take(&mut self.republish_all)
    }

    /// Record which configuration files now have findings published;
    /// returns those published before.
    pub fn swap_published_configs(&mut self, now: HashSet<PathBuf>) -> HashSet<PathBuf> {
        std::mem::replace(&mut self.published_configs, now)
    }

    /// A closed file's findings are published anew.
    pub fn forget_published(&mut self, path: &Path) {
        Arc::make_mut(&mut self.published).remove(path);
    }

    /// An open document was published without its cross-file findings.
    pub fn omit(&mut self, path: PathBuf) {
        self.omitted.insert(path);
    }

    pub fn take_omitted(&mut self) -> HashSet<PathBuf> {
        std::mem::take(&mut self.omitted)
    }
}

/// A document's text and analysis as `kind`, made now (off the lock).
pub fn analyse(rope: &Rope, path: &Path, kind: &FileKind) -> Analysed {
    let text: Arc<str> = Arc::from(rope.to_string());
    let analysis = Arc::new(agentls_core::analyze_as(&text, Some(path), kind.clone()));
    Analysed { text, analysis }
}

/// [`analyse`], and the findings that need the disk (memory's and rules'
/// `@path` imports, a skill's files, a command's includes), looked up below
/// `roots` and `~/.claude` only. It reads files: never on the protocol
/// thread.
pub fn analyse_on_disk(rope: &Rope, path: &Path, kind: &FileKind, roots: &[PathBuf]) -> Analysed {
    with_disk_findings(analyse(rope, path, kind), path, roots)
}

/// The findings of `analysis` (the file at `path`) that need the disk,
/// nothing outside the folders and the user's `~/.claude` looked at.
pub fn findings_on_disk(
    analysis: &Analysis,
    text: &str,
    path: &Path,
    roots: &[PathBuf],
) -> Vec<Diagnostic> {
    let home = crate::host::user_home();
    let mut roots = roots.to_vec();
    roots.extend(home.as_ref().map(|h| h.join(".claude")));
    disk_findings(analysis, text, path, home.as_deref(), Some(&roots))
}

/// `made` with the findings that need the disk added (see
/// [`analyse_on_disk`]); the analysis is not made again.
pub fn with_disk_findings(made: Analysed, path: &Path, roots: &[PathBuf]) -> Analysed {
    let found = findings_on_disk(&made.analysis, &made.text, path, roots);
    if found.is_empty() {
        return made;
    }
    let mut analysis = Arc::unwrap_or_clone(made.analysis);
    analysis.diagnostics.extend(found);
    analysis
        .diagnostics
        .sort_by_key(|d| (d.range.start, d.range.end, d.code));
    Analysed {
        text: made.text,
        analysis: Arc::new(analysis),
    }
}

/// The analysis a request reads: the document's own when it was made for
/// this revision, else made now (on the blocking pool: memory and rules
/// look their imports up on disk, as their publishing analysis does).
pub fn analysed(view: &DocView) -> Analysed {
    view.analysed.clone().unwrap_or_else(|| {
        let roots: Vec<PathBuf> = view.root.iter().cloned().collect();
        analyse_on_disk(&view.rope, &view.path, &view.kind, &roots)
    })
}

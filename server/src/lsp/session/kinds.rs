//! The kinds of open documents: the project's `[kinds]` (once the scan
//! has read the configurations), then the editor's `kinds` setting, then
//! their folders.

use std::path::Path;

use tower_lsp_server::ls_types::Uri;

use super::{DocJob, Session};
use crate::lsp::index::kinds::EditorKinds;
use agentls_core::FileKind;
use agentls_core::policy::Policy;

impl Session {
    /// A new `kinds` setting; `false` when it is the one in force.
    pub fn set_kinds(&mut self, kinds: EditorKinds) -> bool {
        if self.setup.config.kinds == kinds {
            return false;
        }
        self.setup.config.kinds = kinds;
        true
    }

    /// What the `kinds` setting of `initialize` left out, once.
    pub fn take_kind_problems(&mut self) -> Vec<String> {
        std::mem::take(&mut self.setup.kind_problems)
    }

    /// The kind of the file at `path`: the project's `[kinds]` (once the
    /// scan has read the configurations), then the editor's setting, then
    /// its folders.
    pub fn kind_of(&self, path: &Path) -> FileKind {
        match &self.index {
            Some(ix) => ix.kind_of(path),
            None => self
                .setup
                .config
                .kinds
                .kind_of(path, &Policy::shared_default().kinds),
        }
    }

    pub(super) fn doc_kind(&self, path: Option<&Path>) -> FileKind {
        path.map_or(FileKind::Other, |p| self.kind_of(p))
    }

    /// Open documents last analysed as another kind than theirs now
    /// (opened before the scan read their configuration's `[kinds]`): the
    /// jobs to publish them anew, and those no longer read at all.
    pub fn rekinded(&self) -> (Vec<DocJob>, Vec<Uri>) {
        let mut jobs = Vec::new();
        let mut gone = Vec::new();
        for (uri, doc) in self.docs.iter_with_uris() {
            let Some(made) = doc.analysed() else { continue };
            let kind = self.doc_kind(doc.path.as_deref());
            if made.analysis.kind == kind {
                continue;
            }
            match self.job(&uri) {
                Some(job) => jobs.push(job),
                None => gone.push(uri),
            }
        }
        (jobs, gone)
    }
}

//! `textDocument/documentLink`: file references in the body, and the
//! file-system side of them that hover also uses.
//!
//! Every path is resolved from the workspace root and must stay inside it:
//! checked lexically before the file system is touched, and again after
//! symlinks are resolved. Reads are bounded and only of regular files.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use tower_lsp_server::ls_types::{DocumentLink, Uri};

use super::View;
use agentls_core::hover::{FileLookup, FileState, PREVIEW_LINES, Preview};
use agentls_core::mentions as references;

/// Bytes read from a referenced file for its preview.
const READ_CAP: u64 = 64 * 1024;
/// Characters kept of each previewed line: a minified file is one line.
const LINE_CAP: usize = 240;
/// References resolved for links: each costs a few system calls.
const MAX_LINKS: usize = 500;

pub fn document_links(view: &View) -> Vec<DocumentLink> {
    let ws = FsLookup::new(view.root, view.path);
    references::file_refs(view.text, view.analysis.body.clone())
        .into_iter()
        .take(MAX_LINKS)
        .filter_map(|r| {
            let (path, FileState::File) = ws.resolve(&r.path) else {
                return None;
            };
            Some(DocumentLink {
                range: view.range(&r.range),
                target: Some(Uri::from_file_path(path)?),
                tooltip: None,
                data: None,
            })
        })
        .collect()
}

/// The workspace on disk: the client's workspace folder, else the folder
/// that holds `.claude` above the agent file.
pub struct FsLookup {
    /// As given, for the lexical check.
    root: Option<PathBuf>,
    /// With symlinks resolved, for the check after resolution.
    canonical_root: Option<PathBuf>,
}

impl FsLookup {
    pub fn new(root: Option<&Path>, document: &Path) -> FsLookup {
        let root = root.map(Path::to_path_buf).or_else(|| {
            document
                .ancestors()
                .find(|a| a.file_name().is_some_and(|n| n == ".claude"))
                .and_then(Path::parent)
                .map(Path::to_path_buf)
        });
        let canonical_root = root.as_ref().and_then(|r| r.canonicalize().ok());
        FsLookup {
            root,
            canonical_root,
        }
    }

    /// The real path of `written` and what it is, never looking outside the
    /// workspace.
    pub fn resolve(&self, written: &str) -> (PathBuf, FileState) {
        let Some(root) = &self.root else {
            return (PathBuf::new(), FileState::Unknown);
        };
        // `~` is the user's home: outside any workspace by definition.
        if written.starts_with('~') {
            return (PathBuf::new(), FileState::Outside);
        }
        self.resolve_abs(&root.join(written))
    }

    /// [`Self::resolve`] for a path already joined (an import resolved from
    /// its file's folder): never looking outside the workspace.
    pub fn resolve_abs(&self, joined: &Path) -> (PathBuf, FileState) {
        let (Some(root), Some(canonical_root)) = (&self.root, &self.canonical_root) else {
            return (PathBuf::new(), FileState::Unknown);
        };
        let Some(lexical) = normalize(joined) else {
            return (PathBuf::new(), FileState::Outside);
        };
        if !lexical.starts_with(root) && !lexical.starts_with(canonical_root) {
            return (PathBuf::new(), FileState::Outside);
        }
        let Ok(real) = lexical.canonicalize() else {
            return (lexical, FileState::Missing);
        };
        // A symlink inside the workspace may point anywhere.
        if !real.starts_with(canonical_root) {
            return (PathBuf::new(), FileState::Outside);
        }
        let state = match real.metadata() {
            Ok(m) if m.is_file() => FileState::File,
            Ok(m) if m.is_dir() => FileState::Folder,
            // Sockets, FIFOs, devices: opening them may block; not files here.
            Ok(_) => FileState::Missing,
            Err(_) => FileState::Missing,
        };
        (real, state)
    }
}

impl FileLookup for FsLookup {
    fn state(&self, path: &str) -> FileState {
        self.resolve(path).1
    }

    fn preview(&self, path: &str) -> Option<Preview> {
        let (real, FileState::File) = self.resolve(path) else {
            return None;
        };
        Some(read_head(&real))
    }
}

impl FsLookup {
    /// The first lines of `real`, a path [`Self::resolve_abs`] found to be a
    /// file inside the workspace.
    pub fn preview_of(&self, real: &Path) -> Preview {
        read_head(real)
    }
}

/// Resolve `.` and `..` without touching the file system; `None` when `..`
/// climbs above the top.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    Some(out)
}

/// The first lines of a regular file, read up to [`READ_CAP`] bytes.
fn read_head(path: &Path) -> Preview {
    // Checked to be a file when resolved, but it may have been replaced
    // since: opened so that a FIFO cannot block the server.
    let Ok(file) = crate::discover::open_regular(path) else {
        return Preview::Unreadable;
    };
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut bytes = Vec::new();
    if file.take(READ_CAP).read_to_end(&mut bytes).is_err() {
        return Preview::Unreadable;
    }
    if bytes.contains(&0) {
        return Preview::Binary;
    }
    let text = String::from_utf8_lossy(&bytes);
    let mut lines = text.lines();
    let head: Vec<String> = lines
        .by_ref()
        .take(PREVIEW_LINES)
        .map(|l| match l.char_indices().nth(LINE_CAP) {
            Some((i, _)) => format!("{}…", &l[..i]),
            None => l.to_string(),
        })
        .collect();
    let more = lines.next().is_some() || size > bytes.len() as u64;
    Preview::Text {
        head: head.join("\n"),
        more,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_never_climbs_above_the_top() {
        assert_eq!(
            normalize(Path::new("/w/a/../b/./c")),
            Some(PathBuf::from("/w/b/c"))
        );
        assert_eq!(normalize(Path::new("/w/../../x")), None);
    }

    #[test]
    fn paths_outside_the_root_are_never_resolved() {
        let ws = FsLookup::new(Some(Path::new("/")), Path::new("/a/.claude/agents/x.md"));
        // The whole file system is the workspace here, so only `~` is outside.
        assert_eq!(ws.resolve("~/x").1, FileState::Outside);
        let ws = FsLookup::new(None, Path::new("/nonexistent-root/.claude/agents/x.md"));
        assert_eq!(ws.resolve("a.md").1, FileState::Unknown);
        let ws = FsLookup::new(None, Path::new("/no/agents/dir/x.md"));
        assert_eq!(ws.resolve("a.md").1, FileState::Unknown);
    }
}

//! The disk behind the core's findings on files a file names: the `@path`
//! imports of memory and rules (`agentls_core::imports`), a skill's own
//! files and a command's `@file` includes (`workspace::missing_files`).
//! What is at a path is read the way `check` and the live index read files
//! (regular files only, never a FIFO, size-capped). `check` and the server
//! both ask [`disk_findings`], so they agree.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use agentls_core::imports::{self, Lookup};
use agentls_core::workspace;
use agentls_core::{Analysis, Diagnostic, FileKind};

use crate::discover;

/// What is at `path`. With `roots`, a path below none of them is not read
/// (an editor's workspace: its files only).
pub fn lookup(path: &Path, roots: Option<&[PathBuf]>) -> Lookup {
    if roots.is_some_and(|roots| !roots.iter().any(|r| path.starts_with(r))) {
        return Lookup::NotRead;
    }
    match discover::read(path) {
        Ok(Some(bytes)) => discover::decode(bytes).map_or(Lookup::NotRead, Lookup::Text),
        Ok(None) => Lookup::NotRead,
        Err(e) if e.kind() == ErrorKind::NotFound => Lookup::Missing,
        // A folder is no file to inline: Claude Code skips it too.
        Err(_) if path.is_dir() => Lookup::Missing,
        Err(_) => Lookup::NotRead,
    }
}

/// The import findings of `text`, the file at `path`, from the disk.
pub fn findings(
    text: &str,
    path: &Path,
    home: Option<&Path>,
    roots: Option<&[PathBuf]>,
) -> Vec<Diagnostic> {
    imports::findings(text, path, home, &mut |p| lookup(p, roots))
}

/// Every finding of `analysis` (the file at `path`) that needs the disk:
/// imports that do not resolve, a skill's missing files, a project
/// command's missing includes (a personal command's are read in whatever
/// project it runs in: left alone). With `roots`, nothing outside them is
/// looked at.
pub fn disk_findings(
    analysis: &Analysis,
    text: &str,
    path: &Path,
    home: Option<&Path>,
    roots: Option<&[PathBuf]>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if analysis.kind.has_imports() {
        out.extend(findings(text, path, home, roots));
    }
    let personal = home.is_some_and(|h| path.starts_with(h.join(".claude")));
    let named_files = match analysis.kind {
        FileKind::ClaudeSkill { .. } => true,
        FileKind::ClaudeCommand { .. } => !personal,
        _ => false,
    };
    if named_files {
        let inside = |p: &Path| roots.is_none_or(|roots| roots.iter().any(|r| p.starts_with(r)));
        // Outside the roots nothing is known: taken to exist.
        let exists = |p: &Path| !inside(p) || p.exists();
        out.extend(workspace::missing_files(
            text,
            path,
            analysis.body.clone(),
            &exists,
        ));
    }
    out
}

/// Whether [`disk_findings`] would look anything up for this file: most
/// skills and commands name no file, and their analysis then stays where it
/// is quickest (in place, no trip to another thread).
pub fn names_files(analysis: &Analysis, text: &str, path: &Path, home: Option<&Path>) -> bool {
    match analysis.kind {
        FileKind::ClaudeSkill { .. } | FileKind::ClaudeCommand { .. } => {
            !workspace::file_mentions(text, path, analysis.body.clone()).is_empty()
        }
        _ if analysis.kind.has_imports() => !imports::imports(text, path, home).is_empty(),
        _ => false,
    }
}

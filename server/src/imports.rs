//! The disk behind the core's import findings (`agentls_core::imports`):
//! what is at an imported path, read the way `check` and the live index
//! read files (regular files only, never a FIFO, size-capped).

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use agentls_core::Diagnostic;
use agentls_core::imports::{self, Lookup};

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

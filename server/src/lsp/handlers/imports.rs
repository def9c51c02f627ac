//! `@path` imports of memory and rules in the editor: a document link and a
//! definition to each import's file, and a hover with the file's path and
//! first lines. Files are only ever looked at inside the workspace (see
//! [`FsLookup`]); an import elsewhere shows its path alone.

use std::path::PathBuf;

use tower_lsp_server::ls_types::{DocumentLink, Location, Position, Range, Uri};

use super::View;
use super::links::FsLookup;
use agentls_core::hover::{FileState, HoverInfo, Preview};
use agentls_core::imports::{Import, imports};

/// Imports linked per document: each costs a few system calls.
const MAX_LINKS: usize = 500;

fn all(view: &View) -> Vec<Import> {
    if !view.kind.has_imports() {
        return Vec::new();
    }
    let home = crate::host::user_home();
    imports(view.text, view.path, home.as_deref())
}

/// The real path of the import's file when it is a file inside the
/// workspace.
fn inside(ws: &FsLookup, import: &Import) -> Option<PathBuf> {
    match ws.resolve_abs(import.target.as_deref()?) {
        (path, FileState::File) => Some(path),
        _ => None,
    }
}

/// `textDocument/documentLink`: for memory and rules their imports, for
/// other files the file references of their body.
pub fn document_links(view: &View) -> Vec<DocumentLink> {
    if view.kind.has_imports() {
        links(view)
    } else {
        super::links::document_links(view)
    }
}

fn links(view: &View) -> Vec<DocumentLink> {
    let ws = FsLookup::new(view.root, view.path);
    all(view)
        .into_iter()
        .take(MAX_LINKS)
        .filter_map(|i| {
            let path = inside(&ws, &i)?;
            Some(DocumentLink {
                range: view.range(&i.range),
                target: Some(Uri::from_file_path(path)?),
                tooltip: None,
                data: None,
            })
        })
        .collect()
}

fn at(view: &View, position: Position) -> Option<Import> {
    let offset = view.offset(position);
    all(view)
        .into_iter()
        .find(|i| i.range.start <= offset && offset <= i.range.end)
}

/// [`definition`] at `position`, as a request's work.
pub fn definition_at(position: Position) -> impl FnOnce(&View) -> Option<Location> + Send {
    move |view| definition(view, position)
}

/// The start of the imported file, for the import under the cursor.
fn definition(view: &View, position: Position) -> Option<Location> {
    let import = at(view, position)?;
    let path = inside(&FsLookup::new(view.root, view.path), &import)?;
    let start = Position::new(0, 0);
    Some(Location::new(
        Uri::from_file_path(path)?,
        Range::new(start, start),
    ))
}

/// The card of the import under the cursor: where it points, and the
/// file's first lines when it is inside the workspace.
pub fn hover(view: &View, position: Position) -> Option<HoverInfo> {
    let import = at(view, position)?;
    let mut md = format!("**Import** `@{}`", import.raw);
    let Some(target) = &import.target else {
        md.push_str("\n\nA `~/` path: the home folder is not known here.");
        return Some(HoverInfo {
            range: import.range,
            markdown: md,
        });
    };
    md.push_str(&format!("\n\n`{}`", target.display()));
    let ws = FsLookup::new(view.root, view.path);
    let note = match ws.resolve_abs(target) {
        (real, FileState::File) => match ws.preview_of(&real) {
            Preview::Text { head, more } => {
                let fence = if head.contains("```") { "~~~~" } else { "```" };
                let more = if more { "\n…" } else { "" };
                format!("\n\n{fence}markdown\n{head}{more}\n{fence}")
            }
            Preview::Binary => "\n\nA binary file: Claude Code cannot inline it.".into(),
            Preview::Unreadable => "\n\nThe file cannot be read.".into(),
        },
        (_, FileState::Missing) => {
            "\n\nNo file there: Claude Code silently skips this import.".into()
        }
        (_, FileState::Folder) => "\n\nA folder, not a file: Claude Code skips it.".into(),
        (_, FileState::Outside | FileState::Unknown) => {
            "\n\nOutside the workspace: not read here.".into()
        }
    };
    md.push_str(&note);
    Some(HoverInfo {
        range: import.range,
        markdown: md,
    })
}

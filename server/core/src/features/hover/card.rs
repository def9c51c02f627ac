//! What every card is made of, and what the caller answers about files.

use std::ops::Range;

/// A hover card and the source range it describes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverInfo {
    pub range: Range<usize>,
    pub markdown: String,
}

/// What a path named in the body is, seen from the workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileState {
    File,
    Folder,
    /// Inside the workspace, but nothing is there.
    Missing,
    /// Leads outside the workspace: never looked at.
    Outside,
    /// No workspace to resolve it against.
    Unknown,
}

/// The start of a referenced file, as the caller read it (bounded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Preview {
    /// The first lines; `more` when the file goes on.
    Text {
        head: String,
        more: bool,
    },
    Binary,
    Unreadable,
}

/// File-system facts the cards need, answered by the caller.
pub trait FileLookup {
    fn state(&self, path: &str) -> FileState;
    /// Only asked for paths whose state is [`FileState::File`].
    fn preview(&self, path: &str) -> Option<Preview>;
}

/// No file system: every path is [`FileState::Unknown`].
pub struct NoFiles;

impl FileLookup for NoFiles {
    fn state(&self, _: &str) -> FileState {
        FileState::Unknown
    }
    fn preview(&self, _: &str) -> Option<Preview> {
        None
    }
}

/// Lines of a referenced file shown in its card.
pub const PREVIEW_LINES: usize = 15;

/// `offset` inside `r` (its end excluded).
pub(super) fn within(r: &Range<usize>, offset: usize) -> bool {
    r.start <= offset && offset < r.end
}

/// The front-matter key under byte `offset` of `analysis`'s file: its range
/// (one that slices `text`) and its name.
pub(super) fn key_at<'a>(
    text: &str,
    analysis: &'a crate::Analysis,
    offset: usize,
) -> Option<(Range<usize>, &'a str)> {
    let fm = analysis.frontmatter.as_ref()?;
    let entry = fm
        .entries()
        .iter()
        .find(|e| within(&e.key.range(), offset))?;
    let range = entry.key.range();
    let key = entry.key.as_scalar()?;
    text.get(range.clone())?;
    Some((range, &key.text))
}

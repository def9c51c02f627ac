//! What every front-matter rule looks at, and the small helpers they share.

use std::cell::Cell;
use std::ops::Range;

use crate::model::ToolRef;
use crate::parse::frontmatter::FrontMatter;
use crate::parse::split::Parts;
use crate::parse::yaml::Entry;

/// What every front-matter rule looks at.
pub struct Context<'a> {
    pub text: &'a str,
    pub parts: &'a Parts,
    pub fm: &'a FrontMatter,
    /// File name without extension, for suggestions.
    pub stem: Option<&'a str>,
    /// The entries of `tools` and `disallowedTools`, when present.
    pub tools: Option<&'a [ToolRef]>,
    pub disallowed_tools: Option<&'a [ToolRef]>,
    /// Findings past the cap ([`crate::codes::MAX_FINDINGS`]) that a rule
    /// counted instead of building, and where the first of them is.
    pub left_out: Cell<(usize, Option<(usize, usize)>)>,
}

impl Context<'_> {
    /// Count a finding at `range` that is past the cap.
    pub fn leave_out(&self, range: Range<usize>) {
        let (count, first) = self.left_out.get();
        self.left_out
            .set((count + 1, first.or(Some((range.start, range.end)))));
    }
}

/// The whole lines an entry occupies, with the final line break: what to
/// delete to remove it.
pub(crate) fn entry_lines(text: &str, entry: &Entry) -> Range<usize> {
    let start = text[..entry.key.range().start]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let end_of_value = entry.value.range().end.max(entry.key.range().end);
    let end = text[end_of_value..]
        .find('\n')
        .map_or(text.len(), |i| end_of_value + i + 1);
    start..end
}

/// 1-based line number of a byte offset (for messages).
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

//! The rules: each module turns one aspect of the model into diagnostics.

mod body;
mod fields;
mod syntax;
mod tools;
mod values;

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Edit, Fix, Related};
use crate::parse::frontmatter::FrontMatter;
use crate::parse::split::Parts;
use crate::parse::yaml::Entry;

pub use body::check as check_body;
pub use syntax::check_split;
pub use tools::entries as tool_entries;

/// What every front-matter rule looks at.
pub struct Context<'a> {
    pub text: &'a str,
    pub parts: &'a Parts,
    pub fm: &'a FrontMatter,
    /// File name without extension, for suggestions.
    pub stem: Option<&'a str>,
}

/// Run every front-matter rule on a front matter that loads.
pub fn check_front_matter(cx: &Context, out: &mut Vec<Diagnostic>) {
    syntax::check(cx, out);
    fields::check(cx, out);
    values::check(cx, out);
    tools::check(cx, out);
}

pub(crate) fn diag(code: &'static str, range: Range<usize>, message: String) -> Diagnostic {
    let severity = crate::codes::lookup(code).map_or(crate::Severity::Warning, |c| c.severity);
    Diagnostic {
        code,
        severity,
        range,
        message,
        fixes: Vec::new(),
        related: Vec::new(),
    }
}

impl Diagnostic {
    pub(crate) fn with_fix(
        mut self,
        title: impl Into<String>,
        edits: Vec<Edit>,
        preferred: bool,
    ) -> Self {
        self.fixes.push(Fix {
            title: title.into(),
            edits,
            preferred,
        });
        self
    }

    pub(crate) fn with_related(mut self, range: Range<usize>, message: impl Into<String>) -> Self {
        self.related.push(Related {
            range,
            message: message.into(),
            elsewhere: None,
        });
        self
    }

    /// A note whose place is in another file.
    pub(crate) fn with_related_elsewhere(
        mut self,
        range: Range<usize>,
        message: impl Into<String>,
        elsewhere: crate::diagnostic::Elsewhere,
    ) -> Self {
        self.related.push(Related {
            range,
            message: message.into(),
            elsewhere: Some(elsewhere),
        });
        self
    }
}

pub(crate) fn replace(range: Range<usize>, new_text: impl Into<String>) -> Vec<Edit> {
    vec![Edit {
        range,
        new_text: new_text.into(),
    }]
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

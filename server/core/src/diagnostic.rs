//! Diagnostics produced by the core: byte ranges, stable codes, fix data.

use std::ops::Range;

/// How bad a finding is, stated as what really happens in Claude Code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Will not load, or cannot work.
    Error,
    /// Silently lost, ignored, or rejected by another host.
    Warning,
    /// Worth knowing; nothing is lost.
    Information,
    /// Style.
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "info",
            Severity::Hint => "hint",
        }
    }
}

/// A text replacement, in byte offsets of the analysed text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Edit {
    pub range: Range<usize>,
    pub new_text: String,
}

/// A fix a client may offer: a title and the edits that carry it out.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    /// True when this is clearly the right fix (safe to apply in bulk).
    pub preferred: bool,
}

/// Another place that explains this finding (e.g. the first of two duplicate keys).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Related {
    pub range: Range<usize>,
    pub message: String,
    /// The same place in another file (cross-file findings), for clients
    /// that can point there; `range` stays in this file for those that cannot.
    #[serde(skip)]
    pub elsewhere: Option<Elsewhere>,
}

/// A byte range in another file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Elsewhere {
    pub path: std::path::PathBuf,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Stable code, e.g. `AG001`; see [`crate::codes`].
    pub code: &'static str,
    pub severity: Severity,
    /// Byte range of the offending token in the analysed text.
    pub range: Range<usize>,
    pub message: String,
    pub fixes: Vec<Fix>,
    pub related: Vec<Related>,
}

// Building diagnostics, for the rules.

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
        elsewhere: Elsewhere,
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

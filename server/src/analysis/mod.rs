//! The pure analysis core: text (and a path) in; a model of the agent file
//! and its diagnostics out. Every position is a byte offset into the text.
//! Nothing here knows about LSP or does I/O.

pub mod codes;
pub mod diagnostic;
pub mod outline;

use std::ops::Range;
use std::path::Path;

pub use diagnostic::{Diagnostic, Edit, Fix, Related, Severity};

/// What Claude Code does with the file as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Loads with every field as written.
    Loads,
    /// Loads, but some field or value is dropped or ignored.
    LoadsWithLoss,
    /// Claude Code skips the file.
    DoesNotLoad,
    /// Not an agent definition at all (no front matter): documentation.
    NotAnAgent,
}

/// The result of analysing one file.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub verdict: Verdict,
    /// Byte range of the body (the system prompt).
    pub body: Range<usize>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Analyse one agent file. `path` is used only for its name (never read).
pub fn analyze(text: &str, path: Option<&Path>) -> Analysis {
    let _ = path;
    Analysis {
        verdict: Verdict::NotAnAgent,
        body: 0..text.len(),
        diagnostics: Vec::new(),
    }
}

/// True when Claude Code would read `path` as an agent definition:
/// a `.md` file below a folder named `agents` (`.claude/agents/`,
/// `~/.claude/agents/`, a plugin's `agents/`).
pub fn is_agent_path(path: &Path) -> bool {
    let is_md = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"));
    is_md
        && path
            .parent()
            .is_some_and(|p| p.ancestors().any(|a| a.file_name().is_some_and(|n| n == "agents")))
}

/// Text decoded from a file's bytes the way Claude Code reads it (UTF-8,
/// invalid sequences replaced by U+FFFD), or `None` for binary content
/// (a NUL byte in the first 8 KiB), which is not an agent file at all.
pub fn decode_bytes(bytes: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return None;
    }
    Some(String::from_utf8_lossy(bytes))
}

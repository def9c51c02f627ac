//! What `agentls check` keeps of each file until it is rendered: the
//! outcome (checked, skipped, unreadable), the diagnostics and verdict, and
//! the counts for the summary line and the exit code.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use agentls_core::policy::Policy;
use agentls_core::workspace::{AgentDef, Scope};
use agentls_core::{Diagnostic, FileKind, Severity, Verdict};

use crate::discover;

pub enum Outcome {
    Checked(Checked),
    /// Not checked, and not a failure (binary content, absurd size).
    Skipped(&'static str),
    Unreadable(io::Error),
    /// The analysis panicked: a bug in agentls, reported rather than aborting
    /// the whole run.
    Crashed,
}

pub struct FileReport {
    pub path: PathBuf,
    pub outcome: Outcome,
    /// Its configuration and kind, decided when it became a target; none
    /// for a configuration file's own report.
    pub(super) decided: Option<Decided>,
}

/// What is decided about a file once, when it becomes a target (or is
/// read for context), and read by every later pass: its absolute path,
/// its configuration, its kind.
#[derive(Clone, Debug)]
pub struct Decided {
    /// The configuration's globs are relative to its folder.
    pub absolute: PathBuf,
    pub policy: Arc<Policy>,
    /// The kind the file is judged as: its configuration's `[kinds]`, else
    /// its folders'.
    pub kind: FileKind,
    /// The kind its folders give it: the workspace rules find files by
    /// their folders.
    pub folders: FileKind,
    /// Whether `[kinds]` gave [`Decided::kind`].
    pub overridden: bool,
}

impl Decided {
    /// `[kinds]` makes it `none`: not an agent file, even when named.
    pub fn silenced(&self) -> bool {
        self.overridden && self.kind == FileKind::Other
    }
}

/// What is kept of an analysed file. Not its text: 10,000 files of 10 KB
/// would hold 100 MB; [`Checked::text`] reads it again when rendering.
pub struct Checked {
    pub verdict: Verdict,
    /// Sorted by position; fixes only as detailed as the format prints them.
    pub diagnostics: Vec<Diagnostic>,
    pub(super) fingerprint: Fingerprint,
    /// For the workspace rules, which take it. Boxed: most of a report.
    pub(super) agent: Option<Box<WorkspaceAgent>>,
    /// The text itself when it came from stdin: there is no file to read
    /// again (and the file at that path, if any, is not what was checked).
    pub(super) stdin_text: Option<Box<str>>,
    /// The file's `agentls-ignore` comments, applied with the configuration
    /// once the workspace rules have added their findings.
    pub(super) suppressions: agentls_core::policy::Suppressions,
    /// Its keys with the release each arrived in, for `claude-code-version`.
    pub(super) versioned: Vec<agentls_core::policy::VersionedKey>,
    /// Findings for other hosts that read the file, kept for those the
    /// project serves.
    pub(super) ported: Vec<agentls_core::portability::HostFinding>,
}

/// An agent file's part in the workspace rules.
pub(super) struct WorkspaceAgent {
    /// The project folder (project scope) or the `agents` folder.
    pub(super) key: PathBuf,
    /// Final except a project's depth, set per index.
    pub(super) scope: Scope,
    /// None when the file names no agent: its project still counts.
    pub(super) def: Option<AgentDef>,
}

impl Checked {
    /// A report on a text kept whole (a configuration file's findings).
    pub fn of_text(verdict: Verdict, diagnostics: Vec<Diagnostic>, text: String) -> Checked {
        Checked {
            verdict,
            diagnostics,
            fingerprint: Fingerprint::of(text.as_bytes()),
            agent: None,
            stdin_text: Some(text.into()),
            suppressions: Default::default(),
            versioned: Vec::new(),
            ported: Vec::new(),
        }
    }

    /// The text the diagnostics were computed on, read again. Should the
    /// file have changed or gone since, what is there now (maybe nothing)
    /// is returned with a note on stderr: renderers clamp every offset, so
    /// the output is only misplaced, never a panic.
    pub fn text(&self, path: &Path) -> String {
        if let Some(text) = &self.stdin_text {
            return text.to_string();
        }
        let bytes = discover::read(path).ok().flatten().unwrap_or_default();
        if Fingerprint::of(&bytes) != self.fingerprint {
            let _ = writeln!(
                io::stderr(),
                "{}: changed while being checked: the places shown may be off",
                path.display()
            );
        }
        // Not `decode`: the file was judged text when analysed, and the
        // strict UTF-8 check is several times faster than its lossy scan.
        String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// Length and a fast 64-bit hash of a file's bytes: enough to tell, when
/// reading it again, that it is still the text analysed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Fingerprint {
    len: usize,
    hash: u64,
}

impl Fingerprint {
    pub(super) fn of(bytes: &[u8]) -> Fingerprint {
        // FxHash's step over 8-byte words: not for adversaries, but a change
        // of any one word always changes it. Four lanes, so the
        // multiplications overlap: a fraction of the cost of reading.
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let step = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(K);
        let word = |w: &[u8]| u64::from_le_bytes(w.try_into().unwrap_or_default());
        let mut lanes = [0u64; 4];
        let mut blocks = bytes.chunks_exact(32);
        for block in blocks.by_ref() {
            for (lane, w) in lanes.iter_mut().zip(block.chunks_exact(8)) {
                *lane = step(*lane, word(w));
            }
        }
        let mut hash = lanes.into_iter().fold(0, step);
        for &b in blocks.remainder() {
            hash = step(hash, u64::from(b));
        }
        Fingerprint {
            len: bytes.len(),
            hash,
        }
    }
}

/// Counts for the summary line and the exit code.
#[derive(Debug, Default, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub info: usize,
    pub hints: usize,
    pub does_not_load: usize,
    pub skipped: usize,
    pub unreadable: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut s = Summary::default();
        for report in reports {
            match &report.outcome {
                Outcome::Checked(checked) => {
                    s.files += 1;
                    if checked.verdict == Verdict::DoesNotLoad {
                        s.does_not_load += 1;
                    }
                    for d in &checked.diagnostics {
                        *match d.severity {
                            Severity::Error => &mut s.errors,
                            Severity::Warning => &mut s.warnings,
                            Severity::Information => &mut s.info,
                            Severity::Hint => &mut s.hints,
                        } += 1;
                    }
                }
                Outcome::Skipped(_) => s.skipped += 1,
                Outcome::Unreadable(_) | Outcome::Crashed => s.unreadable += 1,
            }
        }
        s
    }

    /// 2 on any I/O failure (it hides findings), else 1 on any error or
    /// a file Claude Code would not load, else 0.
    pub fn exit_code(&self) -> i32 {
        if self.unreadable > 0 {
            2
        } else if self.errors > 0 || self.does_not_load > 0 {
            1
        } else {
            0
        }
    }
}

/// The order every report uses: position, then severity, then code. The
/// sort is stable and workspace findings arrive in a fixed order, so ties
/// print the same way on every run.
pub(super) fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, a.severity, a.code).cmp(&(
            b.range.start,
            b.range.end,
            b.severity,
            b.code,
        ))
    });
}

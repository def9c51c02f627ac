//! A project's rule settings, read from its configuration: which codes are
//! off or shown with another severity, per folder, and what is excluded.

use std::path::{Path, PathBuf};

use globset::GlobSet;

use super::globs;
use crate::kind::overrides::KindOverrides;
use crate::{Diagnostic, Severity};

/// What the configuration makes of one code: shown with another severity,
/// or not at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

/// `[rules]` or an override's `rules`: code → level, in file order (a later
/// line for the same code wins).
pub type Levels = Vec<(&'static str, Level)>;

/// `[[overrides]]`: levels for the files its globs match.
#[derive(Clone, Debug)]
pub struct Override {
    pub files: GlobSet,
    pub rules: Levels,
}

/// A project's rule settings; [`Policy::default`] changes nothing.
#[derive(Clone, Debug)]
pub struct Policy {
    /// Whether `agentls-ignore` comments in files are honoured
    /// (`check --no-inline-ignores` turns them off for audits).
    pub inline_ignores: bool,
    /// The folder the configuration's globs are relative to (its own).
    pub root: PathBuf,
    /// The configuration file, when there is one.
    pub source: Option<PathBuf>,
    pub rules: Levels,
    /// In file order: a later override wins over an earlier one, and any
    /// over `rules`.
    pub overrides: Vec<Override>,
    /// Paths to leave alone, on top of `.gitignore`.
    pub exclude: Option<GlobSet>,
    /// The hosts the project serves (`claude-code`, `copilot`, …); empty
    /// when the configuration does not say.
    pub hosts: Vec<String>,
    /// The Claude Code release to judge against, when given.
    pub claude_code_version: Option<String>,
    /// `[kinds]`: the kinds the project gives files whatever their folders
    /// say (see [`crate::classify_with`]).
    pub kinds: KindOverrides,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            inline_ignores: true,
            root: PathBuf::new(),
            source: None,
            rules: Vec::new(),
            overrides: Vec::new(),
            exclude: None,
            hosts: Vec::new(),
            claude_code_version: None,
            kinds: KindOverrides::default(),
        }
    }
}

impl Policy {
    /// The defaults, shared: asked for on every keystroke of a file no
    /// configuration covers, so made once.
    pub fn shared_default() -> std::sync::Arc<Policy> {
        static DEFAULT: std::sync::OnceLock<std::sync::Arc<Policy>> = std::sync::OnceLock::new();
        std::sync::Arc::clone(DEFAULT.get_or_init(|| std::sync::Arc::new(Policy::default())))
    }

    /// Severity overrides and rules turned off, for a file at `path`
    /// (absolute, or relative to [`Policy::root`]).
    pub fn apply(&self, path: &Path, diags: &mut Vec<Diagnostic>) {
        if self.rules.is_empty() && self.overrides.is_empty() {
            return;
        }
        let rel = self.relative(path);
        let matching: Vec<&Override> = self
            .overrides
            .iter()
            .filter(|o| globs::matches(&o.files, &rel))
            .collect();
        diags.retain_mut(|d| match self.level(d.code, &matching) {
            None => true,
            Some(Level::Off) => false,
            Some(Level::On(severity)) => {
                d.severity = severity;
                true
            }
        });
    }

    /// The level the configuration sets for `code` in a file the given
    /// overrides match; `None`: the code's own severity.
    fn level(&self, code: &str, matching: &[&Override]) -> Option<Level> {
        let last = |levels: &Levels| levels.iter().rev().find(|(c, _)| *c == code).map(|l| l.1);
        matching
            .iter()
            .rev()
            .find_map(|o| last(&o.rules))
            .or_else(|| last(&self.rules))
    }

    /// Whether `exclude` names this file (or a folder above it).
    pub fn excludes(&self, path: &Path) -> bool {
        self.exclude
            .as_ref()
            .is_some_and(|set| globs::matches(set, &self.relative(path)))
    }

    fn relative(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }
}

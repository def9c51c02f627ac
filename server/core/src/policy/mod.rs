//! What a project's configuration (`agentls.toml`) and the file's own
//! suppression comments do to its findings. Every finding the CLI prints or
//! the server publishes (a file's own, cross-file, pushed or pulled) goes
//! through [`settle`] once, on the file's whole set, so the two never differ.

use std::path::Path;

use crate::Diagnostic;

pub mod suppress;
pub use suppress::Suppressions;

/// A project's rule settings; [`Policy::default`] changes nothing.
#[derive(Clone, Debug)]
pub struct Policy {
    /// Whether `agentls-ignore` comments in files are honoured
    /// (`check --no-inline-ignores` turns them off for audits).
    pub inline_ignores: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            inline_ignores: true,
        }
    }
}

impl Policy {
    /// Severity overrides and rules turned off, for a file at `path`.
    pub fn apply(&self, _path: &Path, _diags: &mut Vec<Diagnostic>) {}
}

/// The one step between a file's findings and what is shown: `diags` are
/// all its findings, own and cross-file; `suppressions` the file's comments
/// ([`Suppressions::read`], kept with its analysis). Suppression comments
/// first, then the configuration (which may turn the unused-suppression
/// finding off too).
pub fn settle(
    policy: &Policy,
    path: &Path,
    suppressions: &Suppressions,
    diags: &mut Vec<Diagnostic>,
) {
    if policy.inline_ignores {
        suppressions.apply(diags);
    }
    policy.apply(path, diags);
}

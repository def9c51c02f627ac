//! What a project's configuration (`agentls.toml`) and the file's own
//! suppression comments do to its findings. Every finding the CLI prints or
//! the server publishes (a file's own, cross-file, pushed or pulled) goes
//! through [`settle`] once, on the file's whole set, so the two never differ.

use std::path::Path;

use crate::Diagnostic;

pub mod config;
mod globs;
mod levels;
pub mod suppress;
mod versions;
pub use config::{CONFIG_NAMES, HOSTS, Loaded, parse_config};
pub use levels::{Level, Levels, Override, Policy};
pub use suppress::Suppressions;
pub use versions::{VersionedKey, version_findings};

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

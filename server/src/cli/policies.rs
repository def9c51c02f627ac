//! Which configuration judges each checked file (`--config`, `--isolated`,
//! or each file's nearest `agentls.toml`), and the configuration files' own
//! findings, reported like any file's.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use agentls_core::Verdict;
use agentls_core::policy::{Loaded, Policy};

use super::args::CheckOptions;
use super::report::{Checked, FileReport, Outcome};
use crate::config::{self, Upwards};

enum Mode {
    Nearest(Upwards),
    Given(Arc<Loaded>),
    Isolated,
}

pub struct Policies {
    mode: Mode,
    /// For files no configuration covers.
    default: Arc<Policy>,
    inline_ignores: bool,
}

impl Policies {
    /// `Err`: the file `--config` names cannot be read (exit code 2).
    pub fn new(options: &CheckOptions, inline_ignores: bool) -> Result<Policies, String> {
        let mode = match (&options.config, options.isolated) {
            (_, true) => Mode::Isolated,
            (Some(path), false) => {
                let loaded = config::load(path).map_err(|e| {
                    format!("{}: cannot read the configuration: {e}", path.display())
                })?;
                // Its globs are relative to its own folder, wherever it is.
                let absolute = absolute(path);
                let mut loaded = loaded;
                let mut policy = (*loaded.policy).clone();
                policy.root = absolute.parent().unwrap_or(Path::new("")).to_path_buf();
                loaded.policy = Arc::new(policy);
                Mode::Given(Arc::new(loaded))
            }
            (None, false) => Mode::Nearest(Upwards::default()),
        };
        let default = Policy {
            inline_ignores,
            ..Policy::default()
        };
        Ok(Policies {
            mode,
            default: Arc::new(default),
            inline_ignores,
        })
    }

    /// The policy for a file (as named on the command line or found).
    pub fn for_file(&mut self, path: &Path) -> Arc<Policy> {
        let loaded = match &mut self.mode {
            Mode::Isolated => None,
            Mode::Given(loaded) => Some(Arc::clone(loaded)),
            Mode::Nearest(upwards) => upwards.for_file(&absolute(path)),
        };
        match loaded {
            None => Arc::clone(&self.default),
            Some(loaded) if self.inline_ignores => Arc::clone(&loaded.policy),
            Some(loaded) => Arc::new(Policy {
                inline_ignores: false,
                ..(*loaded.policy).clone()
            }),
        }
    }

    /// Whether the configuration leaves this file alone (`exclude`).
    pub fn excludes(&mut self, path: &Path) -> bool {
        self.for_file(path).excludes(&absolute(path))
    }

    /// Configuration files that could not be read, with why.
    pub fn failures(&self) -> Vec<String> {
        match &self.mode {
            Mode::Nearest(upwards) => upwards
                .failures
                .iter()
                .map(|(p, e)| format!("{}: cannot read the configuration: {e}", p.display()))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// A report for each configuration in use that has findings of its own.
    pub fn reports(&self) -> Vec<FileReport> {
        let used = match &self.mode {
            Mode::Isolated => Vec::new(),
            Mode::Given(loaded) => vec![Arc::clone(loaded)],
            Mode::Nearest(upwards) => upwards.loaded(),
        };
        used.iter()
            .filter(|l| !l.diagnostics.is_empty())
            .filter_map(|l| {
                let path = l.policy.source.clone()?;
                let text = crate::discover::read_text(&path).unwrap_or_default();
                let checked = Checked::of_text(Verdict::NotAnAgent, l.diagnostics.clone(), text);
                Some(FileReport {
                    path: shown(&path),
                    outcome: Outcome::Checked(checked),
                })
            })
            .collect()
    }
}

/// A path as the rest of the output shows paths: relative to the current
/// folder when it is below it.
fn shown(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

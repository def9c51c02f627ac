//! Which configuration judges each checked file (`--config`, `--isolated`,
//! or each file's nearest `agentls.toml`), and the configuration files' own
//! findings, reported like any file's.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use agentls_core::policy::Policy;
use agentls_core::{Verdict, classify};

use super::args::CheckOptions;
use super::report::{Checked, Decided, FileReport, Outcome};
use crate::config::{self, ConfigFile, Upwards};

enum Mode {
    Nearest(Upwards),
    Given(Arc<ConfigFile>),
    Isolated,
}

pub struct Policies {
    mode: Mode,
    /// For files no configuration covers.
    default: Arc<Policy>,
    /// Asked once: `std::path::absolute` asks the system on every call.
    cwd: Option<PathBuf>,
}

impl Policies {
    /// `inline_ignores: false` disregards suppression comments whatever the
    /// configuration says (`--no-inline-ignores`). `Err`: the file
    /// `--config` names cannot be read (exit code 2).
    pub fn new(options: &CheckOptions, inline_ignores: bool) -> Result<Policies, String> {
        let mode = match (&options.config, options.isolated) {
            (_, true) => Mode::Isolated,
            (Some(path), false) => {
                let file = config::read_file(path).map_err(|e| {
                    format!("{}: cannot read the configuration: {e}", path.display())
                })?;
                let file = if inline_ignores {
                    file
                } else {
                    file.without_inline_ignores()
                };
                Mode::Given(Arc::new(file))
            }
            (None, false) => Mode::Nearest(Upwards::new(inline_ignores)),
        };
        let default = Policy {
            inline_ignores,
            ..Policy::default()
        };
        Ok(Policies {
            mode,
            default: Arc::new(default),
            cwd: std::env::current_dir().ok(),
        })
    }

    /// Everything decided about the file at `path` (as named on the
    /// command line or found): one configuration lookup, one
    /// classification. Ask once per file and carry the answer.
    pub fn decide(&mut self, path: &Path) -> Decided {
        let absolute = self.absolute(path);
        let policy = self.for_absolute(&absolute);
        let folders = classify(path);
        let given = policy.kinds.kind_of(&absolute);
        Decided {
            overridden: given.is_some(),
            kind: given.unwrap_or_else(|| folders.clone()),
            folders,
            absolute,
            policy,
        }
    }

    /// The policy for a file, named absolutely.
    fn for_absolute(&mut self, absolute: &Path) -> Arc<Policy> {
        let file = match &mut self.mode {
            Mode::Isolated => None,
            Mode::Given(file) => Some(Arc::clone(file)),
            Mode::Nearest(upwards) => upwards.for_file(absolute),
        };
        file.map_or_else(
            || Arc::clone(&self.default),
            |f| Arc::clone(&f.loaded.policy),
        )
    }

    /// `std::path::absolute` with the current folder asked once.
    pub fn absolute(&self, path: &Path) -> PathBuf {
        let joined = match &self.cwd {
            Some(cwd) if path.is_relative() => cwd.join(path),
            _ => path.to_path_buf(),
        };
        std::path::absolute(&joined).unwrap_or(joined)
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
            Mode::Given(file) => vec![Arc::clone(file)],
            Mode::Nearest(upwards) => upwards.loaded(),
        };
        used.iter()
            .filter(|f| !f.loaded.diagnostics.is_empty())
            .filter_map(|f| {
                let path = f.loaded.policy.source.clone()?;
                let diagnostics = f.loaded.diagnostics.clone();
                let checked =
                    Checked::of_text(Verdict::NotAnAgent, diagnostics, f.text.to_string());
                Some(FileReport {
                    path: shown(&path),
                    outcome: Outcome::Checked(checked),
                    decided: None,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The current folder is asked once, but paths come out as
    /// `std::path::absolute` makes them: configurations match on them.
    #[test]
    fn absolute_paths_are_the_standard_ones() {
        let policies = Policies::new(&CheckOptions::default(), true).unwrap();
        for p in [
            "a.md",
            "./a/b.md",
            "a/./b/../c.md",
            ".",
            "/x/./y.md",
            "//z.md",
        ] {
            let p = Path::new(p);
            assert_eq!(
                policies.absolute(p),
                std::path::absolute(p).unwrap(),
                "{p:?}"
            );
        }
    }
}

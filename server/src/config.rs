//! Finding a file's project configuration (`agentls.toml` or
//! `.agentls.toml`, the nearest one upwards from the file) and reading it.
//! The parsing is the core's ([`agentls_core::policy::parse_config`]);
//! this is the I/O around it, shared by `check` and the server.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use agentls_core::policy::{CONFIG_NAMES, Loaded, Policy, parse_config};

use crate::discover;

/// Read and parse one configuration file. A file that is not UTF-8 text
/// reads as empty (and so applies nothing).
pub fn load(path: &Path) -> io::Result<Loaded> {
    let bytes = discover::read(path)?.ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidData, "file too large (over 16 MiB)")
    })?;
    let text = discover::decode(bytes).unwrap_or_default();
    Ok(parse_config(&text, path))
}

/// Whether a path is named like a configuration file.
pub fn is_config_name(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| CONFIG_NAMES.contains(&n))
}

/// The configuration file in `dir` itself, if any (`agentls.toml` first).
fn in_dir(dir: &Path) -> Option<PathBuf> {
    CONFIG_NAMES
        .iter()
        .map(|name| dir.join(name))
        .find(|p| p.is_file())
}

/// `check`'s lookup: from each file's folder upwards to the repository's
/// root (the first folder with `.git`) or the filesystem's, each folder
/// asked once.
#[derive(Default)]
pub struct Upwards {
    by_dir: HashMap<PathBuf, Option<Arc<Loaded>>>,
    /// Configuration files that could not be read, with why.
    pub failures: Vec<(PathBuf, io::Error)>,
}

impl Upwards {
    /// The configuration for a file (given absolute).
    pub fn for_file(&mut self, file: &Path) -> Option<Arc<Loaded>> {
        let dir = file.parent()?;
        self.for_dir(dir)
    }

    fn for_dir(&mut self, dir: &Path) -> Option<Arc<Loaded>> {
        if let Some(found) = self.by_dir.get(dir) {
            return found.clone();
        }
        let found = match in_dir(dir) {
            Some(path) => match load(&path) {
                Ok(loaded) => Some(Arc::new(loaded)),
                Err(e) => {
                    self.failures.push((path, e));
                    None
                }
            },
            None if dir.join(".git").exists() => None,
            None => dir.parent().and_then(|up| self.for_dir(up)),
        };
        self.by_dir.insert(dir.to_path_buf(), found.clone());
        found
    }

    /// Every configuration found so far, each once, by path.
    pub fn loaded(&self) -> Vec<Arc<Loaded>> {
        let mut all: Vec<Arc<Loaded>> = self.by_dir.values().flatten().cloned().collect();
        all.sort_by(|a, b| a.policy.source.cmp(&b.policy.source));
        all.dedup_by(|a, b| a.policy.source == b.policy.source);
        all
    }
}

/// A configuration file as the server keeps it: what it says, and its
/// text (to place its findings).
#[derive(Clone, Debug)]
pub struct ConfigFile {
    pub loaded: Arc<Loaded>,
    pub text: Arc<str>,
}

/// Read a configuration file for the server (`None`: gone or unreadable).
pub fn read_file(path: &Path) -> Option<ConfigFile> {
    let bytes = discover::read(path).ok().flatten()?;
    let text = discover::decode(bytes).unwrap_or_default();
    Some(ConfigFile {
        loaded: Arc::new(parse_config(&text, path)),
        text: text.into(),
    })
}

/// The server's configuration files, as the workspace scan and file events
/// found them: lookups do no I/O (the protocol thread asks on every
/// keystroke).
#[derive(Clone, Debug, Default)]
pub struct ConfigMap {
    files: HashMap<PathBuf, ConfigFile>,
}

impl ConfigMap {
    /// Read the configuration files at these paths (found by a walk).
    pub fn read(paths: &[PathBuf]) -> ConfigMap {
        let mut map = ConfigMap::default();
        for path in paths {
            map.set(path, read_file(path));
        }
        map
    }

    /// A file read anew, or gone (`None`).
    pub fn set(&mut self, path: &Path, file: Option<ConfigFile>) {
        match file {
            Some(file) => self.files.insert(path.to_path_buf(), file),
            None => self.files.remove(path),
        };
    }

    /// The configuration in `dir` itself (`agentls.toml` first).
    fn in_dir(&self, dir: &Path) -> Option<&ConfigFile> {
        CONFIG_NAMES
            .iter()
            .find_map(|name| self.files.get(&dir.join(name)))
    }

    /// The nearest configuration above `path`, not looking past the
    /// workspace folder that holds it (none outside every folder).
    pub fn for_file(&self, path: &Path, roots: &[PathBuf]) -> Option<&ConfigFile> {
        if self.files.is_empty() {
            return None;
        }
        let root = roots.iter().find(|r| path.starts_with(r))?;
        path.ancestors()
            .skip(1)
            .take_while(|dir| dir.starts_with(root))
            .find_map(|dir| self.in_dir(dir))
    }

    /// The policy for a file: its configuration's, or the defaults.
    pub fn policy(&self, path: &Path, roots: &[PathBuf]) -> Arc<Policy> {
        match self.for_file(path, roots) {
            Some(file) => Arc::clone(&file.loaded.policy),
            None => Arc::new(Policy::default()),
        }
    }

    /// Every configuration file, by path.
    pub fn all(&self) -> Vec<(&PathBuf, &ConfigFile)> {
        let mut all: Vec<_> = self.files.iter().collect();
        all.sort_by(|a, b| a.0.cmp(b.0));
        all
    }
}

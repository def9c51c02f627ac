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

/// A configuration file, read: what it says, and its text (to place and
/// print its findings).
#[derive(Clone, Debug)]
pub struct ConfigFile {
    pub loaded: Arc<Loaded>,
    pub text: Arc<str>,
}

impl ConfigFile {
    /// The same configuration with suppression comments disregarded
    /// (`check --no-inline-ignores`), made once per file.
    pub fn without_inline_ignores(&self) -> ConfigFile {
        let policy = Policy {
            inline_ignores: false,
            ..(*self.loaded.policy).clone()
        };
        let loaded = Loaded {
            policy: Arc::new(policy),
            diagnostics: self.loaded.diagnostics.clone(),
        };
        ConfigFile {
            loaded: Arc::new(loaded),
            text: Arc::clone(&self.text),
        }
    }
}

/// Read and parse one configuration file. Its globs are relative to its
/// folder, so it is named absolutely; a file that is not UTF-8 text reads
/// as empty (and so applies nothing).
pub fn read_file(path: &Path) -> io::Result<ConfigFile> {
    let bytes = discover::read(path)?.ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidData, "file too large (over 16 MiB)")
    })?;
    let text = discover::decode(bytes).unwrap_or_default();
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    Ok(ConfigFile {
        loaded: Arc::new(parse_config(&text, &path)),
        text: text.into(),
    })
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
    by_dir: HashMap<PathBuf, Option<Arc<ConfigFile>>>,
    /// `false`: each configuration is read with its suppression comments
    /// disregarded (`--no-inline-ignores`).
    inline_ignores: bool,
    /// Configuration files that could not be read, with why.
    pub failures: Vec<(PathBuf, io::Error)>,
}

impl Upwards {
    pub fn new(inline_ignores: bool) -> Upwards {
        Upwards {
            inline_ignores,
            ..Upwards::default()
        }
    }

    /// The configuration for a file (given absolute).
    pub fn for_file(&mut self, file: &Path) -> Option<Arc<ConfigFile>> {
        let dir = file.parent()?;
        self.for_dir(dir)
    }

    fn for_dir(&mut self, dir: &Path) -> Option<Arc<ConfigFile>> {
        if let Some(found) = self.by_dir.get(dir) {
            return found.clone();
        }
        let found = match in_dir(dir) {
            Some(path) => match read_file(&path) {
                Ok(file) if self.inline_ignores => Some(Arc::new(file)),
                Ok(file) => Some(Arc::new(file.without_inline_ignores())),
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
    pub fn loaded(&self) -> Vec<Arc<ConfigFile>> {
        let mut all: Vec<Arc<ConfigFile>> = self.by_dir.values().flatten().cloned().collect();
        let source = |f: &Arc<ConfigFile>| f.loaded.policy.source.clone();
        all.sort_by_key(source);
        all.dedup_by(|a, b| source(a) == source(b));
        all
    }
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
            map.set(path, read_file(path).ok());
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
            None => Policy::shared_default(),
        }
    }

    /// Every configuration file, by path.
    pub fn all(&self) -> Vec<(&PathBuf, &ConfigFile)> {
        let mut all: Vec<_> = self.files.iter().collect();
        all.sort_by(|a, b| a.0.cmp(b.0));
        all
    }
}

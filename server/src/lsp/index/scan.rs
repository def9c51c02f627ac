//! The files the workspace index holds: the workspace folders and the
//! user's `~/.claude`, walked and read by [`crate::discover`] (the walk
//! `agentls check` uses), kept to the kinds the index knows.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use agentls_core::classify;
use agentls_core::workspace::user_dirs;

use crate::discover::{self, Found};

/// Files indexed per scan, at most: a workspace with more agents than this
/// is not one a person edits, and memory stays bounded.
pub const MAX_FILES: usize = 20_000;

/// What to index besides the workspace folders.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// The home whose `.claude/agents` and `.claude/skills` are the user
    /// scope; `None` leaves the user scope out.
    pub home: Option<PathBuf>,
    /// The editor's `kinds` setting.
    pub kinds: super::kinds::EditorKinds,
}

impl Config {
    /// `~/.claude`, when the user scope is on.
    pub fn user_claude(&self) -> Option<PathBuf> {
        self.home.as_ref().map(|h| h.join(".claude"))
    }

    /// The user-scope folders the index reads: `~/.claude/agents` and
    /// `~/.claude/skills`.
    fn user_dirs(&self) -> Vec<PathBuf> {
        self.home
            .as_deref()
            .map_or_else(Vec::new, |h| user_dirs(h).to_vec())
    }
}

/// True for the files the index holds.
pub fn indexed(path: &Path) -> bool {
    classify(path).is_indexed()
}

/// True for the files judged alone, that define nothing other files name
/// (memory, rules, output styles, other hosts' prompts and instructions):
/// the scan lists them for the workspace pull, the index keeps no entry.
pub fn analysed_only(path: &Path) -> bool {
    let kind = classify(path);
    kind.is_analysed() && !kind.is_indexed()
}

/// True for a `.mcp.json` directly in one of `roots`.
pub fn is_mcp_json(path: &Path, roots: &[PathBuf]) -> bool {
    path.file_name().is_some_and(|n| n == ".mcp.json")
        && path.parent().is_some_and(|p| roots.iter().any(|r| r == p))
}

/// Indexable files under the roots and the user scope, sorted: at most
/// [`MAX_FILES`]; see [`paths_counted`] for whether some were left out.
pub fn paths(roots: &[PathBuf], config: &Config) -> Vec<PathBuf> {
    paths_counted(roots, config).0
}

/// [`paths`], and whether the cap left files out.
/// Project configuration files (`agentls.toml`) are among them, and do not
/// count towards the cap.
pub fn paths_counted(roots: &[PathBuf], config: &Config) -> (Vec<PathBuf>, bool) {
    let keep = |p: &Path| indexed(p) || analysed_only(p) || crate::config::is_config_name(p);
    let mut found: Vec<Found> = Vec::new();
    // One more than the cap: finding it tells that the cap cut something.
    for root in roots {
        found.extend(discover::project_files(root, &keep, MAX_FILES + 1));
    }
    for dir in config.user_dirs() {
        found.extend(discover::files_below(&dir, &keep, MAX_FILES + 1));
    }
    let mut out: Vec<PathBuf> = found
        .into_iter()
        .filter_map(|f| match f {
            Found::File(p) => Some(p),
            Found::Failed(..) => None,
        })
        .collect();
    out.sort();
    out.dedup();
    // Configurations and files judged alone do not count towards the cap.
    let (configs, mut out): (Vec<PathBuf>, Vec<PathBuf>) = out
        .into_iter()
        .partition(|p| crate::config::is_config_name(p) || analysed_only(p));
    let truncated = out.len() > MAX_FILES;
    out.truncate(MAX_FILES);
    out.extend(configs);
    out.sort();
    (out, truncated)
}

/// Indexable files below `dir` (a folder that appeared), walked like the
/// scan walks its root, and the files judged alone ([`analysed_only`]).
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    discover::files_below(dir, &|p: &Path| indexed(p) || analysed_only(p), MAX_FILES)
        .into_iter()
        .filter_map(|f| match f {
            Found::File(p) => Some(p),
            Found::Failed(..) => None,
        })
        .collect()
}

/// Whether the scan would reach `path` (a file, or a folder when `is_dir`).
/// File events report whatever matches the client's globs
/// (`node_modules/…/.claude/agents/x.md` too), so each is checked against
/// the walk's own rules.
pub fn would_index(path: &Path, is_dir: bool, roots: &[PathBuf], config: &Config) -> bool {
    for base in config.user_dirs() {
        if path.starts_with(&base) {
            return discover::reaches(&base, path, is_dir, false);
        }
    }
    roots
        .iter()
        .any(|root| discover::reaches(root, path, is_dir, true))
}

/// A file's text, when it is a regular file (through symlinks), not too
/// large and not binary.
pub fn read(path: &Path) -> Option<String> {
    read_stamped(path).map(|(text, _)| text)
}

/// What polling compares: modification time and size.
pub type Stamp = (Option<SystemTime>, u64);

/// A regular file's stamp, without reading it.
pub fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    meta.is_file().then(|| (meta.modified().ok(), meta.len()))
}

/// [`read`], with the stamp taken before reading (a write in between shows
/// up as a change on the next look, never as a missed one).
pub fn read_stamped(path: &Path) -> Option<(String, Stamp)> {
    let stamp = stamp(path)?;
    Some((discover::read_text(path)?, stamp))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn tree(name: &str) -> PathBuf {
        let root = std::env::temp_dir().join(format!("agentls-scan-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        root
    }

    fn put(path: &Path, text: &str) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    #[test]
    fn respects_gitignore_but_always_reads_the_project_claude_folder() {
        let root = tree("ignore");
        let agent = "---\nname: a\ndescription: A.\n---\nA.\n";
        put(
            &root.join(".gitignore"),
            "vendor/\n.claude/agents/private.md\n",
        );
        put(&root.join(".claude/agents/a.md"), agent);
        put(&root.join(".claude/agents/private.md"), agent);
        put(&root.join("vendor/.claude/agents/v.md"), agent);
        put(&root.join("pkg/.claude/agents/p.md"), agent);
        put(&root.join("node_modules/x/.claude/agents/n.md"), agent);
        put(&root.join(".hidden/.claude/agents/h.md"), agent);
        put(
            &root.join("pkg/.claude/skills/fmt/SKILL.md"),
            "---\nname: fmt\n---\n",
        );
        put(&root.join("docs/readme.md"), "# no\n");
        let found = paths(std::slice::from_ref(&root), &Config::default());
        let rel: Vec<_> = found
            .iter()
            .map(|p| {
                p.strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        let _ = fs::remove_dir_all(&root);
        assert_eq!(
            rel,
            vec![
                ".claude/agents/a.md",
                ".claude/agents/private.md",
                "pkg/.claude/agents/p.md",
                "pkg/.claude/skills/fmt/SKILL.md",
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_and_user_scope() {
        let root = tree("loop");
        let home = root.join("home");
        let project = root.join("project");
        put(&project.join(".claude/agents/a.md"), "---\nname: a\n---\n");
        std::os::unix::fs::symlink(&project, project.join(".claude/agents/loop")).unwrap();
        put(&home.join(".claude/agents/u.md"), "---\nname: u\n---\n");
        put(
            &home.join(".claude/skills/s/SKILL.md"),
            "---\nname: s\n---\n",
        );
        let config = Config {
            home: Some(home.clone()),
            ..Config::default()
        };
        let found = paths(std::slice::from_ref(&project), &config);
        let _ = fs::remove_dir_all(&root);
        assert_eq!(
            found,
            vec![
                home.join(".claude/agents/u.md"),
                home.join(".claude/skills/s/SKILL.md"),
                project.join(".claude/agents/a.md"),
            ]
        );
    }

    #[test]
    fn file_events_are_judged_like_the_scan() {
        let root = tree("would");
        put(&root.join(".gitignore"), "vendor/\n*.tmp.md\n");
        put(&root.join("pkg/.gitignore"), "!keep.tmp.md\n");
        let home = root.join("home");
        let config = Config {
            home: Some(home.clone()),
            ..Config::default()
        };
        let roots = vec![root.join("proj"), root.clone()];
        let yes = |rel: &str| would_index(&root.join(rel), false, &roots, &config);
        assert!(yes(".claude/agents/a.md"));
        assert!(yes("pkg/.claude/agents/a.md"));
        assert!(!yes("vendor/.claude/agents/a.md"), "ignored folder");
        assert!(!yes("node_modules/p/.claude/agents/a.md"), "skipped folder");
        assert!(!yes(".hidden/.claude/agents/a.md"), "hidden folder");
        assert!(!yes("pkg/.claude/agents/x.tmp.md"), "ignored name");
        assert!(yes("pkg/.claude/agents/keep.tmp.md"), "re-included deeper");
        assert!(
            yes(".claude/agents/x.tmp.md"),
            "the root's .claude is always read"
        );
        assert!(!would_index(&root.join("vendor"), true, &roots, &config));
        assert!(would_index(
            &home.join(".claude/agents/u.md"),
            false,
            &roots,
            &config
        ));
        assert!(!would_index(
            &home.join(".claude/todos/u.md"),
            false,
            &[],
            &config
        ));
        let _ = fs::remove_dir_all(&root);
    }
}

//! Finding the files to check.
//!
//! Symlinked directories are never followed (no loops, no escaping the tree);
//! symlinked files are checked, and a dangling one is reported as unreadable
//! because Claude Code cannot load it either.

use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use agentls_core::is_agent_path;

/// Directory names never descended into: VCS data, dependencies, build output.
const SKIPPED_DIRS: &[&str] = &[".git", "node_modules", "target"];

/// A path to check, or one that failed while looking.
#[derive(Debug)]
pub enum Target {
    File(PathBuf),
    Failed(PathBuf, io::Error),
}

impl Target {
    pub fn path(&self) -> &Path {
        match self {
            Target::File(p) | Target::Failed(p, _) => p,
        }
    }
}

/// Which files found while walking get checked.
enum Filter {
    /// Every `*.md` (an explicit directory argument).
    Markdown,
    /// Only agent files (no argument: search the current directory).
    /// `base` is the current directory's own name, prefixed to relative
    /// paths so that running inside `.claude/agents` itself still finds them.
    Agents { base: PathBuf },
}

impl Filter {
    fn accepts(&self, path: &Path) -> bool {
        match self {
            Filter::Markdown => is_markdown(path),
            Filter::Agents { base } => is_agent_path(&base.join(path)),
        }
    }
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// Expand the command line's paths into targets (unsorted, maybe repeated).
pub fn collect(paths: &[PathBuf]) -> Vec<Target> {
    let mut out = Vec::new();
    if paths.is_empty() {
        let base = std::env::current_dir()
            .ok()
            .and_then(|d| d.file_name().map(PathBuf::from))
            .unwrap_or_default();
        walk(Path::new("."), &Filter::Agents { base }, &mut out);
        return out;
    }
    for path in paths {
        // An explicit argument is followed even when it is a symlink:
        // the user named it.
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &Filter::Markdown, &mut out),
            Ok(meta) if meta.is_file() => out.push(Target::File(path.clone())),
            Ok(_) => out.push(Target::Failed(
                path.clone(),
                io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"),
            )),
            Err(e) => out.push(Target::Failed(path.clone(), e)),
        }
    }
    out
}

/// Iterative walk (an explicit stack, so a very deep tree cannot overflow
/// the call stack).
fn walk(root: &Path, filter: &Filter, out: &mut Vec<Target>) {
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                out.push(Target::Failed(dir, e));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    out.push(Target::Failed(dir.clone(), e));
                    continue;
                }
            };
            let path = join(&dir, &entry.file_name());
            // `DirEntry::file_type` does not follow symlinks.
            let file_type = match entry.file_type() {
                Ok(t) => t,
                Err(e) => {
                    out.push(Target::Failed(path, e));
                    continue;
                }
            };
            if file_type.is_dir() {
                let skipped = entry
                    .file_name()
                    .to_str()
                    .is_some_and(|n| SKIPPED_DIRS.contains(&n));
                if !skipped {
                    stack.push(path);
                }
            } else if filter.accepts(&path) {
                if file_type.is_file() {
                    out.push(Target::File(path));
                } else if file_type.is_symlink() {
                    match fs::metadata(&path) {
                        Ok(meta) if meta.is_file() => out.push(Target::File(path)),
                        // A link to a directory (not followed) or to a device.
                        Ok(_) => {}
                        Err(e) => out.push(Target::Failed(path, e)),
                    }
                }
                // Sockets, FIFOs, devices named *.md: not files to read.
            }
        }
    }
}

/// Every `*.md` below `dir` (recursively, same skips as the walk), sorted;
/// unreadable entries are silently left out: this gathers context (user
/// agents), not files the user asked to check.
pub fn markdown_below(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    walk(dir, &Filter::Markdown, &mut found);
    let mut paths: Vec<PathBuf> = found
        .into_iter()
        .filter_map(|t| match t {
            Target::File(p) => Some(p),
            Target::Failed(..) => None,
        })
        .collect();
    paths.sort();
    paths
}

/// `dir/*/SKILL.md` for every skill folder directly below `dir`, sorted.
pub fn skill_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| join(dir, &e.file_name()).join("SKILL.md"))
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

/// `dir/name`, without a leading `./` when walking the current directory,
/// so printed paths look like the ones a user types.
fn join(dir: &Path, name: &OsStr) -> PathBuf {
    if dir == Path::new(".") {
        PathBuf::from(name)
    } else {
        dir.join(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agents_filter_uses_the_current_directory_name() {
        let inside = Filter::Agents {
            base: PathBuf::from("agents"),
        };
        assert!(inside.accepts(Path::new("reviewer.md")));
        let outside = Filter::Agents {
            base: PathBuf::from("project"),
        };
        assert!(!outside.accepts(Path::new("README.md")));
        assert!(outside.accepts(Path::new(".claude/agents/reviewer.md")));
    }

    #[test]
    fn markdown_filter_ignores_case() {
        assert!(Filter::Markdown.accepts(Path::new("a/B.MD")));
        assert!(!Filter::Markdown.accepts(Path::new("a/b.txt")));
    }

    #[test]
    fn walking_the_current_directory_drops_the_dot() {
        assert_eq!(join(Path::new("."), OsStr::new("a")), PathBuf::from("a"));
        assert_eq!(join(Path::new("x"), OsStr::new("a")), PathBuf::from("x/a"));
    }
}

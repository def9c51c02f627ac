//! Which files `agentls check` looks at: the command line's paths expanded
//! with the one walk ([`crate::discover`]) the server's index uses too.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use agentls_core::{FileKind, classify};

use super::policies::Policies;
use super::report::Decided;
use crate::discover::{self, Found};

/// A path to check, with what was decided about it once (see
/// [`Policies::decide`]); `error`: looking for it failed.
#[derive(Debug)]
pub struct Target {
    pub path: PathBuf,
    pub decided: Decided,
    pub error: Option<io::Error>,
}

impl Target {
    fn of(found: Found, policies: &mut Policies) -> Target {
        let decided = policies.decide(found.path());
        let (path, error) = match found {
            Found::File(p) => (p, None),
            Found::Failed(p, e) => (p, Some(e)),
        };
        Target {
            path,
            decided,
            error,
        }
    }
}

/// Expand the command line's paths into targets (unsorted, maybe repeated).
/// Without paths, the current directory is searched as `.` is. Below a
/// directory, only the files of a kind are checked (agents, skills,
/// commands, memory, other hosts' files…): the configuration's `[kinds]`
/// decides first, then the folders. A file named on the command line is
/// checked whatever its name, unless `[kinds]` makes it `none`.
pub fn collect(paths: &[PathBuf], policies: &mut Policies) -> Vec<Target> {
    if paths.is_empty() {
        return files_of_a_kind(Path::new("."), policies);
    }
    let mut out = Vec::new();
    for path in paths {
        // An explicit argument is followed even when it is a symlink: the
        // user named it.
        let found = match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                out.extend(files_of_a_kind(path, policies));
                continue;
            }
            Ok(meta) if meta.is_file() => Found::File(path.clone()),
            Ok(_) => Found::Failed(
                path.clone(),
                io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"),
            ),
            Err(e) => Found::Failed(path.clone(), e),
        };
        out.push(Target::of(found, policies));
    }
    out
}

/// The files below `root` the classifier gives a kind, each decided once.
fn files_of_a_kind(root: &Path, policies: &mut Policies) -> Vec<Target> {
    // A root that ends without a name (`.`, `..`) loses the folder's own
    // name from the paths found; it is put back in front when classifying,
    // so running inside `.claude/agents` itself still finds the agents.
    let base = match root.components().next_back() {
        Some(Component::Normal(_)) => None,
        _ => policies
            .absolute(root)
            .file_name()
            .map(PathBuf::from)
            .filter(|_| root.is_relative()),
    };
    // Only markdown takes a kind (`[kinds]` included): the rest is not
    // even decided.
    let found = discover::project_files(root, &takes_a_kind, usize::MAX);
    let dot = root == Path::new(".");
    found
        .into_iter()
        .map(|f| if dot { without_dot(f) } else { f })
        .map(|f| Target::of(f, policies))
        .filter(|t| {
            let d = &t.decided;
            match &base {
                _ if d.overridden => d.kind.is_analysed(),
                Some(base) => classify(&base.join(&t.path)).is_analysed(),
                None => d.folders.is_analysed(),
            }
        })
        .collect()
}

/// The agent files below `root` (`.`: the current folder, listed without
/// `./`), found as a `check` without paths finds them.
pub fn agents_in(root: &Path) -> Vec<PathBuf> {
    let base = if root == Path::new(".") {
        std::env::current_dir()
            .ok()
            .and_then(|d| d.file_name().map(PathBuf::from))
            .unwrap_or_default()
    } else {
        PathBuf::new()
    };
    let is_agent = |p: &Path| is_markdown(p) && classify(&base.join(p)).is_agent();
    let found = discover::project_files(root, &is_agent, usize::MAX);
    let found = if root == Path::new(".") {
        found.into_iter().map(without_dot).collect()
    } else {
        found
    };
    files(found)
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// `*.md` and Cursor's `*.mdc`: the only files given a kind.
fn takes_a_kind(path: &Path) -> bool {
    is_markdown(path)
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("mdc"))
}

/// Paths found below `.` without the leading `./`, so printed paths look like
/// the ones a user types.
fn without_dot(found: Found) -> Found {
    let strip = |p: PathBuf| match p.strip_prefix(".") {
        Ok(rest) => rest.to_path_buf(),
        Err(_) => p,
    };
    match found {
        Found::File(p) => Found::File(strip(p)),
        Found::Failed(p, e) => Found::Failed(strip(p), e),
    }
}

/// Every `*.md` below `dir`, sorted; unreadable entries are left out: this
/// gathers context (user agents), not files the user asked to check.
pub fn markdown_below(dir: &Path) -> Vec<PathBuf> {
    files(discover::files_below(dir, &is_markdown, usize::MAX))
}

/// `dir/*/SKILL.md` for every skill folder directly below `dir`, sorted.
pub fn skill_files(dir: &Path) -> Vec<PathBuf> {
    let skill = |p: &Path| {
        matches!(classify(p), FileKind::ClaudeSkill { .. })
            && p.parent().and_then(Path::parent) == Some(dir)
    };
    files(discover::files_below(dir, &skill, usize::MAX))
}

fn files(found: Vec<Found>) -> Vec<PathBuf> {
    found
        .into_iter()
        .filter_map(|f| match f {
            Found::File(p) => Some(p),
            Found::Failed(..) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_filter_ignores_case() {
        assert!(is_markdown(Path::new("a/B.MD")));
        assert!(!is_markdown(Path::new("a/b.txt")));
    }

    #[test]
    fn walking_the_current_directory_drops_the_dot() {
        let f = without_dot(Found::File(PathBuf::from("./a/b.md")));
        assert_eq!(f.path(), Path::new("a/b.md"));
    }
}

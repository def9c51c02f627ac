//! Which files `agentls check` looks at: the command line's paths expanded
//! with the one walk ([`crate::discover`]) the server's index uses too.

use std::cell::RefCell;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use agentls_core::{FileKind, classify};

use super::policies::Policies;
use crate::discover::{self, Found};

/// A path to check, or one that failed while looking.
pub type Target = Found;

/// Expand the command line's paths into targets (unsorted, maybe repeated).
/// Without paths, the current directory is searched for agent, skill and
/// command files. A configuration's `[kinds]` decides before the folders:
/// a file it gives a kind is found anywhere, one it makes `none` nowhere.
pub fn collect(paths: &[PathBuf], policies: &mut Policies) -> Vec<Target> {
    // The walk asks one file at a time; the configurations are read as met.
    let policies = RefCell::new(policies);
    let overridden = |p: &Path| policies.borrow_mut().kind_override(p);
    if paths.is_empty() {
        // The current directory's own name is put in front of relative paths
        // when classifying, so running inside `.claude/agents` itself still
        // finds the agents there.
        let base = std::env::current_dir()
            .ok()
            .and_then(|d| d.file_name().map(PathBuf::from))
            .unwrap_or_default();
        let analysed = |p: &Path| {
            overridden(p)
                .unwrap_or_else(|| classify(&base.join(p)))
                .is_analysed()
        };
        return discover::project_files(Path::new("."), &analysed, usize::MAX)
            .into_iter()
            .map(without_dot)
            .collect();
    }
    let mut out = Vec::new();
    for path in paths {
        // An explicit argument is followed even when it is a symlink: the
        // user named it.
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let keeps = |p: &Path| match overridden(p) {
                    Some(kind) => kind.is_analysed(),
                    None => named_dir_keeps(p),
                };
                let found = discover::project_files(path, &keeps, usize::MAX);
                if path == Path::new(".") {
                    out.extend(found.into_iter().map(without_dot));
                } else {
                    out.extend(found);
                }
            }
            Ok(meta) if meta.is_file() => out.push(Found::File(path.clone())),
            Ok(_) => out.push(Found::Failed(
                path.clone(),
                io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"),
            )),
            Err(e) => out.push(Found::Failed(path.clone(), e)),
        }
    }
    out
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

/// Every `*.md` is checked below a directory named on the command line,
/// except in other hosts' folders (`.github`…), where only the files of a
/// kind are: an issue template is nobody's agent.
fn named_dir_keeps(path: &Path) -> bool {
    let hosted = path
        .components()
        .any(|c| discover::HOST_DIRS.iter().any(|h| c.as_os_str() == *h));
    if hosted {
        classify(path).is_analysed()
    } else {
        is_markdown(path)
    }
}

/// Every `*.md` is checked below a directory named on the command line.
fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
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

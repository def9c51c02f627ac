//! Finding the files the workspace index holds: a `.gitignore`-aware walk of
//! the workspace folders plus the user's `~/.claude`, then reading them in
//! parallel. Every failure (unreadable file, symlink loop, binary content)
//! means "not indexed", never an error.

use std::borrow::Cow;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use ignore::gitignore::GitignoreBuilder;
use ignore::{Match, WalkBuilder};

use agentls_core::{self, workspace};

/// Files indexed per scan, at most: a workspace with more agents than this
/// is not one a person edits, and memory stays bounded.
pub const MAX_FILES: usize = 20_000;
/// Directory entries looked at per root, at most (huge trees).
const MAX_VISITED: usize = 2_000_000;
/// Files larger than this are not read.
const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;
/// Never worth walking, ignored or not.
const SKIPPED_DIRS: &[&str] = &[".git", "node_modules", "target"];

/// What to index besides the workspace folders.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// The home whose `.claude/agents` and `.claude/skills` are the user
    /// scope; `None` leaves the user scope out.
    pub home: Option<PathBuf>,
}

impl Config {
    /// `~/.claude`, when the user scope is on.
    pub fn user_claude(&self) -> Option<PathBuf> {
        self.home.as_ref().map(|h| h.join(".claude"))
    }
}

/// True for the files the index holds.
pub fn indexed(path: &Path) -> bool {
    !matches!(workspace::kind(path), workspace::Kind::Other)
}

/// True for a `.mcp.json` directly in one of `roots`.
pub fn is_mcp_json(path: &Path, roots: &[PathBuf]) -> bool {
    path.file_name().is_some_and(|n| n == ".mcp.json")
        && path.parent().is_some_and(|p| roots.iter().any(|r| r == p))
}

/// Indexable files under the roots and the user scope, sorted.
pub fn paths(roots: &[PathBuf], config: &Config) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for root in roots {
        walk(root, true, &mut out);
        // Claude Code loads the project's own `.claude` whatever `.gitignore`
        // says (personal agents are often ignored), so it is always read.
        walk(&root.join(".claude"), false, &mut out);
    }
    if let Some(claude) = config.user_claude() {
        walk(&claude.join("agents"), false, &mut out);
        walk(&claude.join("skills"), false, &mut out);
    }
    out.sort();
    out.dedup();
    out.truncate(MAX_FILES);
    out
}

/// Indexable files below `dir` (itself included when it is one). Symlinked
/// folders are not followed, so loops cannot happen.
pub fn walk(dir: &Path, gitignore: bool, out: &mut Vec<PathBuf>) {
    let mut visited = 0usize;
    let walker = WalkBuilder::new(dir)
        .hidden(false)
        .git_ignore(gitignore)
        .git_exclude(gitignore)
        .git_global(false)
        .ignore(gitignore)
        .parents(gitignore)
        // `.gitignore` counts outside git repositories too: fixtures and
        // fresh projects have none yet.
        .require_git(false)
        .follow_links(false)
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            // The root itself may be hidden (`~/.claude/agents`).
            e.depth() == 0
                || !is_dir
                || (!SKIPPED_DIRS.contains(&name.as_ref())
                    && (!name.starts_with('.') || name == ".claude"))
        })
        .build();
    for entry in walker.filter_map(Result::ok) {
        visited += 1;
        if visited > MAX_VISITED || out.len() >= MAX_FILES {
            return;
        }
        let ft = entry.file_type();
        if ft.is_some_and(|t| t.is_file() || t.is_symlink()) && indexed(entry.path()) {
            out.push(entry.into_path());
        }
    }
}

/// Whether walking the roots and the user scope would reach `path` (a file,
/// or a folder when `is_dir`). File events report whatever matches the
/// client's globs — `node_modules/…/.claude/agents/x.md` too — so each is
/// checked against the same rules as the scan.
pub fn would_index(path: &Path, is_dir: bool, roots: &[PathBuf], config: &Config) -> bool {
    if let Some(claude) = config.user_claude() {
        for base in [claude.join("agents"), claude.join("skills")] {
            if let Ok(rest) = path.strip_prefix(&base) {
                return visible(rest, is_dir);
            }
        }
    }
    roots.iter().any(|root| {
        let Ok(rel) = path.strip_prefix(root) else {
            return false;
        };
        // The project's own `.claude` is read whatever git ignores.
        visible(rel, is_dir) && (rel.starts_with(".claude") || !ignored(root, rel, is_dir))
    })
}

/// No folder on the way is skipped or hidden (but `.claude`).
fn visible(rel: &Path, is_dir: bool) -> bool {
    let parts: Vec<_> = rel.components().collect();
    let folders = if is_dir {
        parts.len()
    } else {
        parts.len().saturating_sub(1)
    };
    parts[..folders].iter().all(|c| {
        let name = c.as_os_str().to_string_lossy();
        !SKIPPED_DIRS.contains(&name.as_ref()) && (!name.starts_with('.') || name == ".claude")
    })
}

/// The `.ignore`/`.gitignore` files from `rel`'s folder up to the root
/// exclude it; the deepest file that has a say decides, as in git.
fn ignored(root: &Path, rel: &Path, is_dir: bool) -> bool {
    let path = root.join(rel);
    let mut dirs: Vec<PathBuf> = path
        .ancestors()
        .skip(1)
        .take_while(|d| d.starts_with(root))
        .map(Path::to_path_buf)
        .collect();
    // Deepest first.
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for dir in dirs {
        for name in [".ignore", ".gitignore"] {
            let file = dir.join(name);
            if !file.is_file() {
                continue;
            }
            let mut builder = GitignoreBuilder::new(&dir);
            if builder.add(&file).is_some() {
                continue;
            }
            let Ok(matcher) = builder.build() else {
                continue;
            };
            match matcher.matched_path_or_any_parents(&path, is_dir) {
                Match::Ignore(_) => return true,
                Match::Whitelist(_) => return false,
                Match::None => {}
            }
        }
    }
    false
}

/// A file's text, when it is a regular file (through symlinks), small and
/// not binary.
pub fn read(path: &Path) -> Option<String> {
    read_stamped(path).map(|(text, _)| text)
}

/// What polling compares: modification time and size.
pub type Stamp = (Option<SystemTime>, u64);

/// [`read`], with the stamp taken before reading (a write in between shows
/// up as a change on the next look, never as a missed one).
pub fn read_stamped(path: &Path) -> Option<(String, Stamp)> {
    let meta = fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
        return None;
    }
    let stamp = (meta.modified().ok(), meta.len());
    let bytes = fs::read(path).ok()?;
    Some((
        agentls_core::decode_bytes(&bytes).map(Cow::into_owned)?,
        stamp,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

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

//! The one walk over a tree and the one way to read a file, for `agentls
//! check` and the server's index alike, so the same project gets the same
//! findings in CI and in the editor.
//!
//! The rules: `.gitignore` and `.ignore` are respected (also outside a git
//! repository), except inside a root's own `.claude` folder, which Claude
//! Code loads whatever git ignores; `.git`, `node_modules`, `target` and
//! hidden folders other than `.claude` and other hosts' ([`HOST_DIRS`])
//! are never entered; symlinked folders
//! are not followed (no loops, no escaping the tree); only regular files
//! (or links to them) are listed, so FIFOs and devices are never opened; a
//! file over [`MAX_FILE_BYTES`] is not read.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use ignore::gitignore::GitignoreBuilder;
use ignore::{Match, WalkBuilder};

/// Files larger than this are not read: no agent prompt is this large, and
/// reading one whole must not exhaust memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// Other hosts' hidden folders, entered like `.claude`: their agent files
/// live there (`.github/agents`, `.opencode/agents`, `.cursor/rules`…).
pub const HOST_DIRS: &[&str] = &[
    ".github",
    ".opencode",
    ".cursor",
    ".gemini",
    ".codex",
    // The Agent Skills folder (`.agents/skills`), which Codex reads.
    ".agents",
    ".windsurf",
    ".kiro",
];
/// Never worth walking, ignored or not.
const SKIPPED_DIRS: &[&str] = &[".git", "node_modules", "target"];
/// Directory entries looked at per walk, at most (huge trees).
const MAX_VISITED: usize = 2_000_000;

/// A file found by a walk, or a place where looking failed.
#[derive(Debug)]
pub enum Found {
    File(PathBuf),
    Failed(PathBuf, io::Error),
}

impl Found {
    pub fn path(&self) -> &Path {
        match self {
            Found::File(p) | Found::Failed(p, _) => p,
        }
    }
}

/// Files below `root` that `keep` accepts, sorted (by bytes), with the failures met on
/// the way; the root's own `.claude` is walked whatever the ignore files say.
/// At most `limit` files are listed.
pub fn project_files(root: &Path, keep: &dyn Fn(&Path) -> bool, limit: usize) -> Vec<Found> {
    let mut out = Vec::new();
    walk(root, Walk::Project, keep, limit, &mut out);
    walk(&root.join(".claude"), Walk::Plain, keep, limit, &mut out);
    sorted(out, limit)
}

/// Files below `dir` that `keep` accepts, no ignore file consulted (the
/// user's `~/.claude/agents`); sorted.
pub fn files_below(dir: &Path, keep: &dyn Fn(&Path) -> bool, limit: usize) -> Vec<Found> {
    let mut out = Vec::new();
    walk(dir, Walk::Plain, keep, limit, &mut out);
    sorted(out, limit)
}

/// Sorted by the paths' bytes (cheaper than by components; callers that
/// print sort again), without duplicates.
fn sorted(mut found: Vec<Found>, limit: usize) -> Vec<Found> {
    found.sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()));
    found.dedup_by(|a, b| a.path().as_os_str() == b.path().as_os_str());
    found.truncate(limit);
    found
}

/// How a walk treats its root.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Walk {
    /// A project: ignore files count, and the root's own `.claude` is left
    /// to a walk of its own (which ignores them).
    Project,
    /// Every file below, whatever the ignore files say.
    Plain,
}

/// `dir` and below. A missing `dir` finds nothing and fails nothing.
fn walk(dir: &Path, how: Walk, keep: &dyn Fn(&Path) -> bool, limit: usize, out: &mut Vec<Found>) {
    if fs::symlink_metadata(dir).is_err() {
        return;
    }
    let gitignore = how == Walk::Project;
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
        .filter_entry(move |e| {
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            let name = e.file_name().to_string_lossy();
            // The root itself may be hidden (`~/.claude/agents`).
            e.depth() == 0
                || !is_dir
                || (enters(&name) && !(gitignore && e.depth() == 1 && name == ".claude"))
        })
        .build();
    let mut visited = 0usize;
    for entry in walker {
        visited += 1;
        if visited > MAX_VISITED || out.len() >= limit {
            return;
        }
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = error_path(&e).unwrap_or_else(|| dir.to_path_buf());
                let err = e
                    .into_io_error()
                    .unwrap_or_else(|| io::Error::other("cannot walk"));
                out.push(Found::Failed(path, err));
                continue;
            }
        };
        let Some(ft) = entry.file_type() else {
            continue;
        };
        if ft.is_dir() || !keep(entry.path()) {
            continue;
        }
        if ft.is_file() {
            out.push(Found::File(entry.into_path()));
        } else if ft.is_symlink() {
            // A link to a regular file is read; a dangling one is reported
            // (Claude Code cannot load it either); links to folders, FIFOs
            // and devices are left alone.
            match fs::metadata(entry.path()) {
                Ok(meta) if meta.is_file() => out.push(Found::File(entry.into_path())),
                Ok(_) => {}
                Err(e) => out.push(Found::Failed(entry.into_path(), e)),
            }
        }
        // Sockets, FIFOs, devices: never listed, never opened.
    }
}

fn error_path(e: &ignore::Error) -> Option<PathBuf> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

/// Whether a walk goes into a folder of this name.
fn enters(name: &str) -> bool {
    !SKIPPED_DIRS.contains(&name)
        && (!name.starts_with('.') || name == ".claude" || HOST_DIRS.contains(&name))
}

/// Whether walking `root` reaches `path` below it (a file, or a folder
/// when `is_dir`): no folder on the way is skipped or hidden, and the
/// ignore files do not exclude it (they never do in the root's `.claude`).
/// File events are judged by this, like the walk.
pub fn reaches(root: &Path, path: &Path, is_dir: bool, gitignore: bool) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let parts: Vec<_> = rel.components().collect();
    let folders = if is_dir {
        parts.len()
    } else {
        parts.len().saturating_sub(1)
    };
    let visible = parts[..folders]
        .iter()
        .all(|c| enters(&c.as_os_str().to_string_lossy()));
    visible && (!gitignore || rel.starts_with(".claude") || !ignored(root, rel, is_dir))
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

/// A file's bytes: `Ok(None)` when it is larger than [`MAX_FILE_BYTES`], an
/// error when it is not a regular file. Opened without blocking, so a FIFO
/// put where a file was expected cannot hang the caller.
pub fn read(path: &Path) -> io::Result<Option<Vec<u8>>> {
    let file = open_regular(path)?;
    let hint = file.metadata().map_or(0, |m| m.len()).min(MAX_FILE_BYTES);
    let mut bytes = Vec::with_capacity(hint as usize + 1);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= MAX_FILE_BYTES).then_some(bytes))
}

/// [`read`], decoded as Claude Code reads it; `None` for anything that is
/// not a small text file.
pub fn read_text(path: &Path) -> Option<String> {
    decode(read(path).ok()??)
}

/// Text from a file's bytes (see [`agentls_core::decode_bytes`]), keeping
/// valid UTF-8 (the usual case) without a copy.
pub fn decode(bytes: Vec<u8>) -> Option<String> {
    use std::borrow::Cow;
    let lossy = match agentls_core::decode_bytes(&bytes)? {
        Cow::Owned(text) => Some(text),
        Cow::Borrowed(_) => None,
    };
    lossy.or_else(|| String::from_utf8(bytes).ok())
}

/// Open `path` for reading if it is a regular file (through symlinks),
/// without ever blocking on a FIFO.
pub fn open_regular(path: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A FIFO opened for reading blocks until a writer comes; a
        // non-blocking open returns at once, and is then refused below.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(name: &str) -> PathBuf {
        let root =
            std::env::temp_dir().join(format!("agentls-discover-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        root
    }

    fn put(path: &Path, text: &str) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn rel(root: &Path, found: &[Found]) -> Vec<String> {
        found
            .iter()
            .map(|f| {
                f.path()
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    }

    #[test]
    fn walk_rules() {
        let root = tree("rules");
        put(
            &root.join(".gitignore"),
            "vendor/\n.claude/agents/private.md\n*.tmp.md\n",
        );
        put(&root.join("pkg/.gitignore"), "!keep.tmp.md\n");
        for f in [
            ".claude/agents/a.md",
            ".claude/agents/private.md",
            "vendor/.claude/agents/v.md",
            "pkg/.claude/agents/p.md",
            "pkg/.claude/agents/x.tmp.md",
            "pkg/.claude/agents/keep.tmp.md",
            "node_modules/x/.claude/agents/n.md",
            ".hidden/.claude/agents/h.md",
            "docs/readme.md",
        ] {
            put(&root.join(f), "x");
        }
        let md = |p: &Path| p.extension().is_some_and(|e| e == "md");
        let found = project_files(&root, &md, usize::MAX);
        assert_eq!(
            rel(&root, &found),
            [
                ".claude/agents/a.md",
                ".claude/agents/private.md",
                "docs/readme.md",
                "pkg/.claude/agents/keep.tmp.md",
                "pkg/.claude/agents/p.md",
            ]
        );
        for f in &found {
            assert!(
                reaches(&root, f.path(), false, true),
                "{}",
                f.path().display()
            );
        }
        for f in [
            "vendor/.claude/agents/v.md",
            "node_modules/x/.claude/agents/n.md",
            ".hidden/.claude/agents/h.md",
            "pkg/.claude/agents/x.tmp.md",
        ] {
            assert!(!reaches(&root, &root.join(f), false, true), "{f}");
        }
        assert_eq!(project_files(&root, &md, 2).len(), 2);
        let _ = fs::remove_dir_all(&root);
    }

    #[cfg(unix)]
    #[test]
    fn loops_fifos_and_dangling_links() {
        let root = tree("special");
        put(&root.join("agents/a.md"), "x");
        std::os::unix::fs::symlink(&root, root.join("agents/loop")).unwrap();
        std::os::unix::fs::symlink(root.join("nowhere.md"), root.join("agents/dangling.md"))
            .unwrap();
        let fifo = root.join("agents/pipe.md");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: mkfifo with a valid C string.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let md = |p: &Path| p.extension().is_some_and(|e| e == "md");
        let found = project_files(&root, &md, usize::MAX);
        let got: Vec<_> = found
            .iter()
            .map(|f| {
                (
                    rel(&root, std::slice::from_ref(f))[0].clone(),
                    matches!(f, Found::File(_)),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("agents/a.md".to_string(), true),
                ("agents/dangling.md".to_string(), false)
            ]
        );
        // Reading a FIFO returns at once with an error.
        assert!(read(&fifo).is_err());
        assert!(read_text(&fifo).is_none());
        let _ = fs::remove_dir_all(&root);
    }
}

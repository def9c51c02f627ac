//! The server's workspace index: every agent, skill and command file under
//! the workspace folders, read once in the background, with open documents
//! overriding the disk. Each file keeps its analysis, so updating one file
//! rebuilds the core [`Index`] without analysing the others again.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::workspace::{self, Index, Kind, Scope, WorkspaceFile};
use crate::analysis::{self, Analysis};

/// Files looked at per scan, at most.
pub const MAX_FILES: usize = 20_000;
/// Files larger than this are not read.
const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;
const SKIPPED_DIRS: &[&str] = &[".git", "node_modules", "target"];

/// One indexed file.
#[derive(Clone, Debug)]
pub struct Entry {
    pub path: PathBuf,
    pub text: Arc<str>,
    /// For agent files only.
    pub analysis: Option<Arc<Analysis>>,
}

/// A consistent view of the workspace: files and the index built from them.
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    pub files: Vec<Entry>,
    by_path: HashMap<PathBuf, usize>,
    mcp_servers: Vec<String>,
    pub index: Arc<Index>,
}

/// True for the files the index holds.
pub fn indexed(path: &Path) -> bool {
    !matches!(workspace::kind(path), Kind::Other)
}

impl Workspace {
    /// Walk the folders and index what they hold.
    pub fn scan(roots: &[PathBuf]) -> Workspace {
        let mut paths = Vec::new();
        let mut budget = MAX_FILES;
        let mut mcp_servers = Vec::new();
        for root in roots {
            walk(root, &mut budget, &mut paths);
            if let Some(text) = read(&root.join(".mcp.json")) {
                mcp_servers.extend(workspace::mcp_json_servers(&text));
            }
        }
        mcp_servers.sort();
        mcp_servers.dedup();
        paths.sort();
        paths.dedup();
        let files = paths
            .into_iter()
            .filter_map(|p| read(&p).map(|t| entry(p, t.into())))
            .collect();
        let mut ws = Workspace {
            files,
            mcp_servers,
            ..Workspace::default()
        };
        ws.rebuild();
        ws
    }

    pub fn get(&self, path: &Path) -> Option<&Entry> {
        self.by_path.get(path).map(|&i| &self.files[i])
    }

    /// Set one file's text (an open document, or the disk after a close);
    /// `None` removes it. The index is rebuilt only when the front matter
    /// changed: body edits just swap the text.
    pub fn update(&mut self, path: &Path, text: Option<&str>) {
        if !indexed(path) {
            return;
        }
        let Some(text) = text else {
            if let Some(i) = self.by_path.get(path).copied() {
                self.files.remove(i);
                self.rebuild();
            }
            return;
        };
        if let Some(&i) = self.by_path.get(path) {
            let old = &self.files[i];
            if &*old.text == text {
                return;
            }
            if let Some(a) = &old.analysis
                && a.parts.is_some()
                && same_front_matter(&old.text, text, a.body.start)
            {
                self.files[i].text = text.into();
                return;
            }
            self.files[i] = entry(path.to_path_buf(), text.into());
        } else {
            self.files.push(entry(path.to_path_buf(), text.into()));
            self.files.sort_by(|a, b| a.path.cmp(&b.path));
        }
        self.rebuild();
    }

    fn rebuild(&mut self) {
        self.by_path = self
            .files
            .iter()
            .enumerate()
            .map(|(i, e)| (e.path.clone(), i))
            .collect();
        let files: Vec<WorkspaceFile> = self
            .files
            .iter()
            .map(|e| WorkspaceFile {
                path: e.path.clone(),
                text: Cow::Borrowed(&e.text),
                scope: Scope::Project { depth: 0 },
            })
            .collect();
        let index = Index::from_analyses(
            files
                .iter()
                .zip(self.files.iter().map(|e| e.analysis.as_deref())),
            &self.mcp_servers,
        );
        self.index = Arc::new(index);
    }
}

/// Same text up to the body, so the front matter's analysis still holds.
fn same_front_matter(old: &str, new: &str, body_start: usize) -> bool {
    body_start > 0
        && old
            .get(..body_start)
            .is_some_and(|p| new.get(..body_start) == Some(p))
}

fn entry(path: PathBuf, text: Arc<str>) -> Entry {
    let analysis = matches!(workspace::kind(&path), Kind::Agent { .. })
        .then(|| Arc::new(analysis::analyze(&text, Some(&path))));
    Entry {
        path,
        text,
        analysis,
    }
}

/// A file's text, when it is small and not binary.
pub fn read(path: &Path) -> Option<String> {
    let meta = fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
        return None;
    }
    let bytes = fs::read(path).ok()?;
    analysis::decode_bytes(&bytes).map(Cow::into_owned)
}

/// Indexable files below `dir`: no symlinked folders, no `.git`,
/// `node_modules`, `target` or hidden folders but `.claude`.
fn walk(dir: &Path, budget: &mut usize, out: &mut Vec<PathBuf>) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.filter_map(Result::ok) {
            if *budget == 0 {
                return;
            }
            *budget -= 1;
            let Ok(ft) = e.file_type() else { continue };
            let path = e.path();
            let name = e.file_name();
            let name = name.to_string_lossy();
            if ft.is_dir() {
                let hidden = name.starts_with('.') && name != ".claude";
                if !hidden && !SKIPPED_DIRS.contains(&name.as_ref()) {
                    stack.push(path);
                }
            } else if (ft.is_file() || ft.is_symlink()) && indexed(&path) {
                out.push(path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_edits_keep_the_index_and_front_matter_edits_rebuild_it() {
        let path = PathBuf::from("/w/.claude/agents/a.md");
        let mut ws = Workspace::default();
        ws.update(&path, Some("---\nname: a\ndescription: A.\n---\nBody.\n"));
        assert_eq!(ws.index.agents[0].name, "a");
        let before = Arc::clone(&ws.index);
        ws.update(&path, Some("---\nname: a\ndescription: A.\n---\nBody 2.\n"));
        assert!(Arc::ptr_eq(&before, &ws.index));
        assert_eq!(
            &*ws.get(&path).unwrap().text,
            "---\nname: a\ndescription: A.\n---\nBody 2.\n"
        );
        ws.update(&path, Some("---\nname: b\ndescription: A.\n---\nBody 2.\n"));
        assert_eq!(ws.index.agents[0].name, "b");
        ws.update(&path, None);
        assert!(ws.index.agents.is_empty());
    }
}

#[cfg(test)]
mod scan_tests {
    use super::*;

    #[test]
    fn scan_reads_agents_skills_and_skips_node_modules() {
        let root = std::env::temp_dir().join(format!("agentls-scan-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join(".claude/agents")).unwrap();
        fs::create_dir_all(root.join("node_modules/.claude/agents")).unwrap();
        fs::create_dir_all(root.join(".hidden/.claude/agents")).unwrap();
        let agent = "---\nname: a\ndescription: A.\n---\nA.\n";
        fs::write(root.join(".claude/agents/a.md"), agent).unwrap();
        fs::write(root.join("node_modules/.claude/agents/b.md"), agent).unwrap();
        fs::write(root.join(".hidden/.claude/agents/c.md"), agent).unwrap();
        fs::write(root.join(".mcp.json"), r#"{"mcpServers": {"gh": {}}}"#).unwrap();
        let ws = Workspace::scan(std::slice::from_ref(&root));
        let _ = fs::remove_dir_all(&root);
        let paths: Vec<_> = ws.files.iter().map(|e| e.path.clone()).collect();
        assert_eq!(paths, vec![root.join(".claude/agents/a.md")]);
        assert_eq!(ws.index.agents.len(), 1);
        assert_eq!(ws.index.mcp_servers, vec!["gh".to_string()]);
    }
}

//! What completion needs from the disk: MCP server names from `.mcp.json`
//! and agent names from `.claude/agents/`. Every read is bounded (file size,
//! file count) and every failure means "nothing known", never an error: a
//! completion request must not fail because a file is unreadable.

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime};

use crate::analysis::complete::WorkspaceFacts;
use crate::analysis::workspace::mcp_json_servers;

/// `.mcp.json` larger than this is not read.
const MAX_MCP_JSON: u64 = 1024 * 1024;
/// Agent files looked at, at most.
const MAX_AGENT_FILES: usize = 300;
/// Bytes of each agent file scanned for its `name:`.
const HEAD_BYTES: u64 = 4096;
/// The mtimes below miss edits inside an existing agent file (a folder's
/// mtime changes only when entries are added, removed or renamed), so a
/// cached result is also dropped after this long.
const MAX_AGE: Duration = Duration::from_secs(5);

/// Per root: the stamp the facts were read under, when, and the facts.
type Cache = HashMap<PathBuf, (Stamp, Instant, Arc<WorkspaceFacts>)>;

/// The facts for a document at `file`, in workspace `root` when known.
pub fn facts(root: Option<&Path>, file: &Path) -> Arc<WorkspaceFacts> {
    let Some(root) = root.map(Path::to_path_buf).or_else(|| project_root(file)) else {
        return Arc::default();
    };
    let stamp = Stamp::of(&root);
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Ok(map) = cache.lock()
        && let Some((s, at, facts)) = map.get(&root)
        && *s == stamp
        && at.elapsed() < MAX_AGE
    {
        return Arc::clone(facts);
    }
    let facts = Arc::new(WorkspaceFacts {
        mcp_servers: mcp_servers(&root.join(".mcp.json")),
        agent_names: agent_names(&root.join(".claude").join("agents")),
    });
    if let Ok(mut map) = cache.lock() {
        // Editors open few workspaces; a bound keeps a long session small.
        if map.len() > 32 {
            map.clear();
        }
        map.insert(root, (stamp, Instant::now(), Arc::clone(&facts)));
    }
    facts
}

/// The nearest folder above `file` that contains `.claude`.
fn project_root(file: &Path) -> Option<PathBuf> {
    file.ancestors()
        .skip(1)
        .find(|dir| dir.join(".claude").is_dir())
        .map(Path::to_path_buf)
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct Stamp {
    mcp: Option<SystemTime>,
    agents: Option<SystemTime>,
}

impl Stamp {
    fn of(root: &Path) -> Stamp {
        let mtime = |p: PathBuf| fs::metadata(p).and_then(|m| m.modified()).ok();
        Stamp {
            mcp: mtime(root.join(".mcp.json")),
            agents: mtime(root.join(".claude").join("agents")),
        }
    }
}

/// Keys of `mcpServers` in `.mcp.json`, sorted.
fn mcp_servers(path: &Path) -> Vec<String> {
    let Ok(meta) = fs::metadata(path) else {
        return Vec::new();
    };
    if !meta.is_file() || meta.len() > MAX_MCP_JSON {
        return Vec::new();
    }
    let Ok(bytes) = fs::read(path) else {
        return Vec::new();
    };
    std::str::from_utf8(&bytes).map_or_else(|_| Vec::new(), mcp_json_servers)
}

/// `name:` of every `*.md` in `dir` (not recursive), sorted and unique.
fn agent_names(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("md")))
        .take(MAX_AGENT_FILES)
        .filter_map(|p| agent_name(&p))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The `name:` of an agent file, from its first [`HEAD_BYTES`] bytes: a line
/// scan of the front matter, far cheaper than an analysis.
fn agent_name(path: &Path) -> Option<String> {
    let file = fs::File::open(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut head = Vec::new();
    file.take(HEAD_BYTES).read_to_end(&mut head).ok()?;
    name_in(&String::from_utf8_lossy(&head))
}

fn name_in(head: &str) -> Option<String> {
    let head = head.strip_prefix('\u{feff}').unwrap_or(head);
    let mut lines = head.lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    for line in lines {
        if line.trim_end() == "---" {
            break;
        }
        let Some(value) = line.strip_prefix("name:") else {
            continue;
        };
        let value = value.trim();
        let value = value
            .strip_prefix(['"', '\''])
            .and_then(|v| v.strip_suffix(['"', '\'']))
            .unwrap_or(value)
            .trim();
        // Only names an `Agent(...)` list can hold.
        let plausible = !value.is_empty()
            && !value.contains([',', '(', ')', ' ', '#', ':'])
            && !value.starts_with('-');
        return plausible.then(|| value.to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_front_matter_heads() {
        assert_eq!(name_in("---\nname: rev\n---\n"), Some("rev".into()));
        assert_eq!(name_in("---\r\nname: \"q-a\"\r\n---"), Some("q-a".into()));
        assert_eq!(name_in("---\ndescription: x\n---\nname: body\n"), None);
        assert_eq!(name_in("# doc\nname: x\n"), None);
        assert_eq!(name_in("---\nname: Backend Architect\n"), None);
    }

    #[test]
    fn missing_folders_give_nothing() {
        let f = facts(Some(Path::new("/nonexistent/agentls")), Path::new("/x.md"));
        assert_eq!(*f, WorkspaceFacts::default());
    }
}

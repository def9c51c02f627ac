//! The server's workspace index: every agent, skill and command file under
//! the workspace folders and the user scope, read once in the background,
//! kept live from open documents and file events.

mod entry;
pub mod kinds;
mod others;
pub mod scan;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types as lsp;

use super::convert;
use super::encoding::Encoding;
use crate::config::ConfigMap;
use crate::host::{self, Priority};
use agentls_core::complete::WorkspaceFacts;
use agentls_core::policy::{self, Policy, Suppressions, suppress::Known};
use agentls_core::workspace::{self, Defs, Index, McpConfig, Scope};
use agentls_core::{self, Analysis, Diagnostic, codes};

pub use entry::{Entry, Mention};
pub use scan::{Config, indexed};

/// Claude Code's scope of a file: user when under `~/.claude`; for agents
/// plugin when their `agents` folder is not a `.claude`'s; else project
/// (all at depth 0: [`LiveIndex::rebuild`] judges nested projects).
pub fn scope_of(path: &Path, config: &Config) -> Scope {
    let claude = config.user_claude();
    let user_agents = config
        .home
        .as_deref()
        .map(|h| workspace::user_dirs(h)[0].clone());
    if let Some((_, scope)) = workspace::agent_scope(path, user_agents.as_deref()) {
        return scope;
    }
    match claude {
        Some(claude) if path.starts_with(&claude) => Scope::User,
        _ => Scope::Project { depth: 0 },
    }
}

/// With nested projects, the findings as Claude Code started in each
/// innermost project sees them (its `.claude/agents` first, then each
/// ancestor's), as `agentls check` judges them; `None` with one project or
/// none, where the plain index says it all.
fn chain_findings(defs: &Defs, mcp: &McpConfig) -> Option<Vec<(PathBuf, Diagnostic)>> {
    let project = |a: &workspace::AgentDef| -> Option<PathBuf> {
        let claude = a.root.parent()?;
        (matches!(a.scope, Scope::Project { .. }) && claude.file_name()? == ".claude")
            .then(|| claude.parent().map(Path::to_path_buf))
            .flatten()
    };
    let projects: BTreeSet<PathBuf> = defs.agents.iter().filter_map(project).collect();
    (projects.len() >= 2)
        .then(|| workspace::chained_diagnostics(defs.clone(), &projects, project, mcp))
}

/// Findings that something is nowhere in the workspace: only said when the
/// scan read every file.
const NEED_EVERY_FILE: [&str; 5] = [
    codes::AGENT_UNKNOWN,
    codes::COPILOT_AGENT_UNKNOWN,
    codes::SKILL_UNAVAILABLE,
    codes::FORK_AGENT_UNKNOWN,
    codes::SKILL_RULE_UNKNOWN,
];

/// The index and everything it was built from.
#[derive(Clone, Debug, Default)]
pub struct LiveIndex {
    /// Sorted by path; shared with older snapshots, so updating one file
    /// copies pointers, not entries.
    files: Vec<Arc<Entry>>,
    pub roots: Vec<PathBuf>,
    pub config: Config,
    pub encoding: Encoding,
    /// `.mcp.json` of each root: path and text.
    mcp: Vec<(PathBuf, Arc<str>)>,
    /// `~/.claude.json` as read by the last scan (`None`: unreadable).
    user_config: Option<Arc<str>>,
    pub index: Arc<Index>,
    /// The cross-file findings of `index`, by file.
    pub findings: Arc<HashMap<PathBuf, Vec<Diagnostic>>>,
    /// What completion offers from `index`.
    pub facts: Arc<WorkspaceFacts>,
    /// The hosts the indexed files' kinds show
    /// ([`agentls_core::portability::infer_hosts`], as `agentls check`):
    /// served unless a configuration sets `hosts`.
    pub hosts: Arc<Vec<String>>,
    /// Files changed since `index` was built.
    dirty: bool,
    /// Open documents whose body mentions are not read yet.
    pending: HashSet<PathBuf>,
    /// The project configuration files below the folders.
    pub configs: ConfigMap,
    /// The files judged alone (memory, rules...), for the workspace pull.
    others: others::Others,
    /// Bumped by every file event: findings that look at other files on
    /// disk (imports, a skill's own files) may have changed.
    pub disk_generation: u64,
    /// The scan stopped at [`scan::MAX_FILES`]: findings that something is
    /// missing from the workspace are left out, it may be among the rest.
    pub truncated: bool,
}

impl LiveIndex {
    /// Walk the folders and the user scope, read and index what they hold.
    pub fn scan(roots: &[PathBuf], config: Config, encoding: Encoding) -> LiveIndex {
        LiveIndex::scan_stamped(roots, config, encoding).0
    }

    /// [`Self::scan`], with the stamp of every file read (for polling).
    pub fn scan_stamped(
        roots: &[PathBuf],
        config: Config,
        encoding: Encoding,
    ) -> (LiveIndex, Vec<(PathBuf, scan::Stamp)>) {
        let (paths, truncated) = scan::paths_counted(roots, &config);
        let (configs, paths): (Vec<PathBuf>, Vec<PathBuf>) = paths
            .into_iter()
            .partition(|p| crate::config::is_config_name(p));
        let mut ws = LiveIndex {
            roots: roots.to_vec(),
            config,
            encoding,
            truncated,
            configs: ConfigMap::read(&configs),
            ..LiveIndex::default()
        };
        let (others, paths): (Vec<PathBuf>, Vec<PathBuf>) =
            paths.into_iter().partition(|p| scan::analysed_only(p));
        // What a project's configuration excludes is not indexed at all.
        // Nor what a `[kinds]` pattern (or the editor's) gives another kind.
        let paths: Vec<PathBuf> = paths.into_iter().filter(|p| !ws.leaves_out(p)).collect();
        let others: Vec<PathBuf> = others.into_iter().filter(|p| !ws.excludes(p)).collect();
        let files = host::map(&paths, Priority::Background, |p| {
            let (text, stamp) = scan::read_stamped(p)?;
            let entry = Entry::new(p, &text, ws.scope(p), encoding).retyped(&ws.kind_of(p));
            Some((Arc::new(entry), stamp))
        });
        let mut stamps = Vec::with_capacity(files.len() + configs.len());
        // Polling notices a configuration change by its stamp too.
        stamps.extend(
            configs
                .iter()
                .chain(&others)
                .filter_map(|p| Some((p.clone(), scan::stamp(p)?))),
        );
        ws.others = others::Others::new(others);
        ws.files = files
            .into_iter()
            .flatten()
            .map(|(e, stamp)| {
                stamps.push((e.path.clone(), stamp));
                e
            })
            .collect();
        for root in roots {
            let path = root.join(".mcp.json");
            if let Some(text) = scan::read(&path) {
                ws.mcp.push((path, text.into()));
            }
        }
        ws.user_config = host::user_claude_json(ws.config.home.as_deref()).map(Arc::from);
        ws.rebuild();
        (ws, stamps)
    }

    /// Claude Code's scope of a file: user when under `~/.claude`, else
    /// project. (Nested `.claude` folders all count as the project's: the
    /// server does not know which folder Claude Code will be started in.)
    pub fn scope(&self, path: &Path) -> Scope {
        scope_of(path, &self.config)
    }

    /// Whether the configuration above `path` excludes it.
    pub fn excludes(&self, path: &Path) -> bool {
        self.configs.policy(path, &self.roots).excludes(path)
    }

    /// The kind of `path`: the project's `[kinds]`, then the editor's
    /// setting, then its folders.
    pub fn kind_of(&self, path: &Path) -> agentls_core::FileKind {
        self.config.kinds.kind_of(path, &self.policy(path).kinds)
    }

    /// Whether the index leaves `path` out: excluded, or of no kind it
    /// registers ([`workspace::indexed_kind`]: another host's agent by its
    /// kind, Claude Code's files by their folders).
    fn leaves_out(&self, path: &Path) -> bool {
        self.excludes(path)
            || workspace::indexed_kind(self.kind_of(path), agentls_core::classify(path)).is_none()
    }

    /// The project configuration for a file.
    pub fn policy(&self, path: &Path) -> Arc<Policy> {
        self.configs.policy(path, &self.roots)
    }

    /// True when `path` belongs to the index's folders.
    pub fn covers(&self, path: &Path) -> bool {
        self.roots.iter().any(|r| path.starts_with(r))
            || self
                .config
                .user_claude()
                .is_some_and(|c| path.starts_with(c))
    }

    pub fn files(&self) -> &[Arc<Entry>] {
        &self.files
    }

    pub fn get(&self, path: &Path) -> Option<&Entry> {
        self.position(path).ok().map(|i| &*self.files[i])
    }

    /// Whether files changed since the index was built.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Set one file's text, read whole (the disk, or an open document
    /// when a request needs it all); `None` removes it. The index is not
    /// rebuilt here ([`Self::rebuild`] does, once edits pause), and a
    /// body-only change never makes it stale.
    pub fn update(&mut self, path: &Path, text: Option<&str>) {
        self.pending.remove(path);
        self.set(path, text, None, true);
    }

    /// An open document after an edit, with the analysis its diagnostics
    /// came from: the front matter (what it defines) is read at once, the
    /// body's mentions only when [`Self::refresh`] asks, so typing in a
    /// body costs the index nothing.
    pub fn update_open(&mut self, path: &Path, text: &str, analysis: &Analysis) {
        if !indexed(path) {
            return;
        }
        if !self.get(path).is_some_and(|e| e.body_unchanged_head(text)) {
            self.set(path, Some(text), Some(analysis), false);
        }
        self.pending.insert(path.to_path_buf());
    }

    /// Read the bodies [`Self::update_open`] left for later; `text_of`
    /// gives an open document's text (a closed one was re-read already).
    pub fn refresh(&mut self, text_of: impl Fn(&Path) -> Option<String>) {
        for path in std::mem::take(&mut self.pending) {
            if let Some(text) = text_of(&path) {
                self.set(&path, Some(&text), None, true);
            }
        }
    }

    /// Whether bodies wait for [`Self::refresh`].
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    fn set(&mut self, path: &Path, text: Option<&str>, analysis: Option<&Analysis>, body: bool) {
        let Some(text) = text.filter(|_| indexed(path) && !self.leaves_out(path)) else {
            self.remove_below(path);
            return;
        };
        let entry = self
            .get(path)
            .filter(|_| body)
            .and_then(|e| e.with_body(text, self.encoding))
            .unwrap_or_else(|| {
                Entry::analysed(path, text, self.scope(path), self.encoding, analysis, body)
            });
        self.put(entry);
    }

    /// Put an entry read elsewhere (off the lock) in place of its file's.
    pub fn put(&mut self, entry: Entry) {
        let path = entry.path.clone();
        if self.leaves_out(&path) {
            return;
        }
        let entry = entry.retyped(&self.kind_of(&path));
        if self.get(&path).is_none_or(|o| o.def != entry.def) {
            self.dirty = true;
        }
        match self.position(&path) {
            Ok(i) => self.files[i] = Arc::new(entry),
            Err(at) => self.files.insert(at, Arc::new(entry)),
        }
    }

    /// The files judged alone ([`scan::analysed_only`]) below the folders.
    pub fn others(&self) -> &[PathBuf] {
        self.others.paths()
    }

    /// Note that a file judged alone is on disk, or that `path` (a file or
    /// a folder) is gone. (An open document never removes one.)
    pub fn set_other(&mut self, path: &Path, present: bool) {
        let kept = present && !self.excludes(path);
        self.others.set(path, kept);
    }

    /// Remove `path` and, when it was a folder, every file below it.
    pub fn remove_below(&mut self, path: &Path) {
        let before = self.files.len();
        self.files.retain(|e| !e.path.starts_with(path));
        self.pending.retain(|p| !p.starts_with(path));
        let mcp = self.mcp.len();
        self.mcp.retain(|(p, _)| p != path);
        if self.files.len() != before || self.mcp.len() != mcp {
            self.dirty = true;
        }
    }

    /// Set a root's `.mcp.json` (`None`: deleted or unreadable).
    pub fn set_mcp_json(&mut self, path: &Path, text: Option<String>) {
        self.mcp.retain(|(p, _)| p != path);
        if let Some(text) = text {
            self.mcp.push((path.to_path_buf(), text.into()));
        }
        self.dirty = true;
    }

    /// The `.mcp.json` texts, for definitions of server names.
    pub fn mcp_json(&self) -> &[(PathBuf, Arc<str>)] {
        &self.mcp
    }

    /// Where `path` is in `files` (sorted by path), or where it would go.
    fn position(&self, path: &Path) -> Result<usize, usize> {
        self.files.binary_search_by(|e| e.path.as_path().cmp(path))
    }

    /// Build the index and its findings from the entries.
    pub fn rebuild(&mut self) {
        let mut defs = Defs::default();
        for e in &self.files {
            defs.push(e.def.clone());
        }
        let mut servers: Vec<String> = self
            .mcp
            .iter()
            .flat_map(|(_, t)| workspace::mcp_json_servers(t))
            .collect();
        servers.sort();
        servers.dedup();
        let mut mcp = McpConfig::project(&servers);
        if self.config.home.is_some() {
            mcp.add_user_config(self.user_config.as_deref());
        }
        let found = chain_findings(&defs, &mcp);
        let index = Index::with_mcp(defs, mcp);
        let mut found = found.unwrap_or_else(|| workspace::workspace_diagnostics(&index));
        found.extend(workspace::host_diagnostics(&index));
        let kinds: Vec<_> = self.files.iter().map(|e| self.kind_of(&e.path)).collect();
        self.hosts = Arc::new(agentls_core::portability::infer_hosts(&kinds));
        let mut findings: HashMap<PathBuf, Vec<Diagnostic>> = HashMap::new();
        for (path, d) in found {
            // A file opened from outside the folders belongs to a project
            // the index has not read: what its references name is unknown.
            let about_references = [
                codes::AGENT_UNKNOWN,
                codes::MCP_SERVER_UNKNOWN,
                codes::SKILL_UNAVAILABLE,
                codes::DESCRIPTIONS_BUDGET,
                codes::FORK_AGENT_UNKNOWN,
                codes::SKILL_RULE_UNKNOWN,
                codes::COPILOT_AGENT_UNKNOWN,
            ]
            .contains(&d.code);
            if about_references && !self.covers(&path) {
                continue;
            }
            if self.truncated && NEED_EVERY_FILE.contains(&d.code) {
                continue;
            }
            let here = findings.entry(path).or_default();
            // Chains share files: one finding once.
            if !here.contains(&d) {
                here.push(d);
            }
        }
        self.facts = Arc::new(WorkspaceFacts {
            mcp_servers: index.mcp_servers.clone(),
            // Only names that resolve: a shadowed or broken agent is not
            // one `Agent(…)` can start.
            agents: index
                .agents
                .iter()
                .filter(|a| a.loads)
                .map(|a| (a.name.clone(), a.description.clone()))
                .collect(),
            skills: index
                .skills
                .iter()
                .filter(|s| s.model_invocable)
                .map(|s| (s.name.clone(), s.description.clone()))
                .collect(),
            copilot_agents: workspace::copilot_agent_facts(&index),
        });
        self.index = Arc::new(index);
        self.findings = Arc::new(findings);
        self.dirty = false;
    }

    /// The cross-file findings for `path` whose text is `text`, when the
    /// index was built from this very front matter (else `None` until the
    /// next rebuild: their ranges might point at the wrong characters).
    pub fn findings_for(&self, path: &Path, text: &str) -> Option<Vec<Diagnostic>> {
        // A file without a head defines nothing, so it has no findings.
        let fresh = !self.dirty
            && self
                .get(path)
                .is_none_or(|e| e.head.is_empty() || text.starts_with(&*e.head));
        fresh.then(|| self.findings.get(path).cloned().unwrap_or_default())
    }

    /// Findings of files nobody has open, as LSP diagnostics, after the
    /// suppression comments in the file's head and `policy`. The budget
    /// note is left to open files: it would be on every agent of the
    /// workspace at once.
    pub fn closed_findings(&self, path: &Path, policy: &Policy) -> Vec<lsp::Diagnostic> {
        let (Some(entry), Some(found)) = (self.get(path), self.findings.get(path)) else {
            return Vec::new();
        };
        let Some(uri) = &entry.uri else {
            return Vec::new();
        };
        let mut shown: Vec<Diagnostic> = found
            .iter()
            .filter(|d| d.code != codes::DESCRIPTIONS_BUDGET)
            .cloned()
            .collect();
        // Only cross-file findings are known here, and they are published
        // only when they change: comments silence, and are judged unused
        // when the file is opened or checked.
        let suppressions = Suppressions::read(&entry.head).knowing(Known::Nothing);
        policy::settle(policy, path, &suppressions, &mut shown);
        if policy.excludes(path) {
            shown.clear();
        }
        let rope = Rope::from_str(&entry.head);
        convert::to_lsp_resolving(&rope, uri, self.encoding, &shown, &|e| self.locate(e))
    }

    /// A byte range of another file's head as an LSP location.
    pub fn locate(&self, at: &agentls_core::Elsewhere) -> Option<lsp::Location> {
        let entry = self.get(&at.path)?;
        Some(lsp::Location::new(
            entry.uri.clone()?,
            entry.range(&at.range, self.encoding),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use agentls_core::navigate::Site;
    use agentls_core::workspace::Def;

    fn ws() -> LiveIndex {
        LiveIndex {
            encoding: Encoding::Utf16,
            ..LiveIndex::default()
        }
    }

    #[test]
    fn body_edits_keep_the_index_and_front_matter_edits_mark_it_stale() {
        let path = PathBuf::from("/w/.claude/agents/a.md");
        let mut ws = ws();
        ws.update(&path, Some("---\nname: a\ndescription: A.\n---\nBody.\n"));
        assert!(ws.is_dirty());
        ws.rebuild();
        assert_eq!(ws.index.agents[0].name, "a");
        ws.update(
            &path,
            Some("---\nname: a\ndescription: A.\n---\nAsk the b agent.\n"),
        );
        assert!(!ws.is_dirty());
        let e = ws.get(&path).unwrap();
        let b: Vec<_> = e.mentions_of("b").collect();
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].range.start, lsp::Position::new(4, 8));
        ws.update(&path, Some("---\nname: b\ndescription: A.\n---\nBody 2.\n"));
        assert!(ws.is_dirty());
        ws.rebuild();
        assert_eq!(ws.index.agents[0].name, "b");
        ws.update(&path, None);
        ws.rebuild();
        assert!(ws.index.agents.is_empty());
    }

    /// What an entry says, comparable.
    fn facts(e: &Entry) -> (String, Option<Def>, Vec<(String, Site, lsp::Range)>) {
        let mentions = e
            .mentions()
            .iter()
            .map(|m| (e.name(m).to_string(), m.site, m.range))
            .collect();
        (e.head.to_string(), e.def.clone(), mentions)
    }

    /// Differential: an entry kept up to date edit by edit says exactly what
    /// one read fresh from the final text says.
    #[test]
    fn incremental_entries_equal_fresh_ones() {
        let path = PathBuf::from("/w/.claude/agents/lead.md");
        let seeds = [
            include_str!("../../../../tests/fixtures/seeds/000_6cb43e73f3232d70.md"),
            include_str!("../../../../tests/fixtures/seeds/003_03229a3180e98b31.md"),
        ];
        let inserts = [
            "the reviewer agent ",
            "@agent-x ",
            "`lead` ",
            "\n",
            "tools: Agent(a)\n",
            "---\n",
            "é",
            "```\n",
        ];
        let mut seed: u64 = 7;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n.max(1) as u64) as usize
        };
        for base in seeds {
            let mut ws = ws();
            let mut text = base.to_string();
            ws.update(&path, Some(&text));
            for _ in 0..300 {
                let mut at = next(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                if next(3) == 0 {
                    let mut end = (at + next(12)).min(text.len());
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    text.replace_range(at..end, "");
                } else {
                    text.insert_str(at, inserts[next(inserts.len())]);
                }
                ws.update(&path, Some(&text));
                let fresh = Entry::new(&path, &text, ws.scope(&path), ws.encoding);
                assert_eq!(facts(ws.get(&path).unwrap()), facts(&fresh), "{text:?}");
            }
        }
    }

    #[test]
    fn removing_a_folder_removes_its_files() {
        let mut ws = ws();
        let agent = "---\nname: a\ndescription: A.\n---\n";
        ws.update(Path::new("/w/.claude/agents/x/a.md"), Some(agent));
        ws.update(Path::new("/w/.claude/agents/b.md"), Some(agent));
        ws.remove_below(Path::new("/w/.claude/agents/x"));
        assert_eq!(ws.files().len(), 1);
        assert!(ws.get(Path::new("/w/.claude/agents/b.md")).is_some());
    }

    #[test]
    fn scan_reads_agents_skills_and_mcp_servers() {
        let root = std::env::temp_dir().join(format!("agentls-index-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join(".claude/agents")).unwrap();
        std::fs::create_dir_all(root.join(".claude/skills/fmt")).unwrap();
        let agent = "---\nname: a\ndescription: A.\n---\nA.\n";
        std::fs::write(root.join(".claude/agents/a.md"), agent).unwrap();
        std::fs::write(
            root.join(".claude/skills/fmt/SKILL.md"),
            "---\nname: fmt\n---\n",
        )
        .unwrap();
        std::fs::write(root.join(".mcp.json"), r#"{"mcpServers": {"gh": {}}}"#).unwrap();
        let ws = LiveIndex::scan(
            std::slice::from_ref(&root),
            Config::default(),
            Encoding::Utf16,
        );
        let _ = std::fs::remove_dir_all(&root);
        assert_eq!(ws.index.agents.len(), 1);
        assert_eq!(ws.index.skills[0].name, "fmt");
        assert_eq!(ws.index.mcp_servers, vec!["gh".to_string()]);
    }
}

//! One file of the index: its front matter, what it defines, and every
//! place that could mention an agent, already as LSP positions. A file's
//! full text and analysis are dropped once read: memory is what limits a
//! large workspace.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::{self as lsp, Uri};

use crate::lsp::convert;
use crate::lsp::encoding::{self, Encoding};
use agentls_core::navigate::{self, Site};
use agentls_core::slash;
use agentls_core::workspace::{self, Def, Scope, WorkspaceFile};
use agentls_core::{self, Analysis};

/// A place in a file that names an agent (or could: see
/// [`navigate::body_candidates`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Into [`Entry::names`].
    name: Range<u32>,
    pub site: Site,
    pub range: lsp::Range,
}

/// One indexed file.
#[derive(Clone, Debug)]
pub struct Entry {
    pub path: std::path::PathBuf,
    pub uri: Option<Uri>,
    pub scope: Scope,
    /// The text up to the body: every range a definition or cross-file
    /// finding carries lies in it. Empty without front matter.
    pub head: Arc<str>,
    /// What the file defines, as read from it (an agent's `loads` says
    /// whether the file itself loads).
    pub def: Option<Def>,
    /// The names of `mentions` and `skill_refs`, one after the other.
    names: String,
    mentions: Vec<Mention>,
    /// `Skill(name)` entries ([`Site::Tools`]) and `/name` in the body
    /// ([`Site::Body`]): places naming a skill or command.
    skill_refs: Vec<Mention>,
}

impl Entry {
    /// Read what `text` defines and mentions. Positions use `enc`.
    pub fn new(path: &Path, text: &str, scope: Scope, enc: Encoding) -> Entry {
        Entry::analysed(path, text, scope, enc, None, true)
    }

    /// [`Entry::new`] reusing the analysis of `text` when the caller has it;
    /// without `read_body` the body's mentions are left for later (an open
    /// document's body changes with every keystroke and is read only when
    /// a request needs it).
    pub fn analysed(
        path: &Path,
        text: &str,
        scope: Scope,
        enc: Encoding,
        analysis: Option<&Analysis>,
        read_body: bool,
    ) -> Entry {
        let file = WorkspaceFile {
            path: path.to_path_buf(),
            text: text.into(),
            scope: scope.clone(),
        };
        let mut entry = Entry {
            path: path.to_path_buf(),
            uri: Uri::from_file_path(path),
            scope,
            head: Arc::from(""),
            def: None,
            names: String::new(),
            mentions: Vec::new(),
            skill_refs: Vec::new(),
        };
        let kind = agentls_core::classify(path);
        if !kind.is_analysed() {
            entry.def = workspace::def(&file, None);
            return entry;
        }
        let fresh;
        let analysis = match analysis {
            Some(a) => a,
            None => {
                fresh = agentls_core::analyze(text, Some(path));
                &fresh
            }
        };
        // A skill's or command's definition reuses the analysis's front
        // matter too.
        entry.def = workspace::def(&file, Some(analysis));
        let body = analysis.body.start.min(text.len());
        if analysis.parts.is_some() {
            entry.head = Arc::from(&text[..body]);
        }
        // Another host's agent names no Claude Code skill or agent; what it
        // names (handoffs) its definition carries, with ranges in `head`.
        if matches!(kind, agentls_core::FileKind::Host(_)) {
            return entry;
        }
        entry.add_skill_refs(text, analysis, read_body, enc);
        if !kind.is_agent() {
            return entry;
        }
        let mut sites: Vec<(Range<usize>, Site)> = navigate::declaration(text, analysis)
            .into_iter()
            .chain(navigate::tool_sites(text, analysis))
            .map(|s| (s.range, s.site))
            .collect();
        if read_body {
            let start = entry.head.len();
            sites.extend(
                navigate::body_candidates(text, start..text.len())
                    .into_iter()
                    .map(|r| (r, Site::Body)),
            );
        }
        entry.add_mentions(text, sites, enc);
        entry
    }

    /// Record the places of `text` naming a skill or command: `Skill(…)`
    /// entries, and `/name` in the body when `read_body`.
    fn add_skill_refs(&mut self, text: &str, analysis: &Analysis, read_body: bool, enc: Encoding) {
        let mut sites: Vec<(Range<usize>, Site)> = slash::skill_tool_sites(text, analysis)
            .into_iter()
            .map(|(_, r)| (r, Site::Tools))
            .collect();
        if read_body {
            let body = self.head.len()..text.len();
            sites.extend(
                slash::slash_mentions(text, body)
                    .into_iter()
                    .map(|(_, r)| (r, Site::Body)),
            );
        }
        let mentions = std::mem::take(&mut self.mentions);
        self.add_mentions(text, sites, enc);
        self.skill_refs = std::mem::replace(&mut self.mentions, mentions);
    }

    /// Record `sites` of `text`, converting positions in one pass.
    fn add_mentions(&mut self, text: &str, sites: Vec<(Range<usize>, Site)>, enc: Encoding) {
        // Every start and end, in order, through one cursor (ranges overlap:
        // "the reviewer" and "reviewer" end alike but start apart).
        let mut offsets: Vec<usize> = sites.iter().flat_map(|(r, _)| [r.start, r.end]).collect();
        offsets.sort_unstable();
        offsets.dedup();
        let mut cursor = encoding::Cursor::new(text, enc);
        let positions: Vec<lsp::Position> = offsets.iter().map(|&o| cursor.position(o)).collect();
        let at = |o: usize| {
            offsets
                .binary_search(&o)
                .map_or_else(|_| lsp::Position::default(), |i| positions[i])
        };
        for (range, site) in sites {
            let Some(name) = text.get(range.clone()) else {
                continue;
            };
            let from = self.names.len() as u32;
            self.names.push_str(name);
            self.mentions.push(Mention {
                name: from..self.names.len() as u32,
                site,
                range: lsp::Range::new(at(range.start), at(range.end)),
            });
        }
    }

    /// The same file after an edit below its front matter: only the body's
    /// mentions are read again. `None` when the front matter changed.
    pub(super) fn with_body(&self, text: &str, enc: Encoding) -> Option<Entry> {
        // A head that does not end a line could grow into a different
        // fence with the next keystroke: such a file is read again whole.
        if !self.body_unchanged_head(text) {
            return None;
        }
        let mut entry = Entry {
            names: String::new(),
            mentions: Vec::new(),
            skill_refs: Vec::new(),
            ..self.clone()
        };
        let keep = |entry: &mut Entry, m: &Mention| {
            let at = entry.names.len() as u32;
            entry.names.push_str(self.name(m));
            Mention {
                name: at..entry.names.len() as u32,
                ..m.clone()
            }
        };
        for m in self.skill_refs.iter().filter(|m| m.site != Site::Body) {
            let kept = keep(&mut entry, m);
            entry.skill_refs.push(kept);
        }
        for m in self.mentions.iter().filter(|m| m.site != Site::Body) {
            let kept = keep(&mut entry, m);
            entry.mentions.push(kept);
        }
        let head = self.head.len();
        if matches!(
            agentls_core::classify(&self.path),
            agentls_core::FileKind::Host(_)
        ) {
            return Some(entry);
        }
        // Front sites keep their positions; body ones are read afresh.
        let slashes = slash::slash_mentions(text, head..text.len())
            .into_iter()
            .map(|(_, r)| (r, Site::Body))
            .collect();
        let mentions = std::mem::take(&mut entry.mentions);
        entry.mentions = std::mem::take(&mut entry.skill_refs);
        entry.add_mentions(text, slashes, enc);
        entry.skill_refs = std::mem::replace(&mut entry.mentions, mentions);
        if agentls_core::classify(&self.path).is_agent() {
            let body = navigate::body_candidates(text, head..text.len())
                .into_iter()
                .map(|r| (r, Site::Body))
                .collect();
            entry.add_mentions(text, body, enc);
        }
        Some(entry)
    }

    /// The same file as the index registers it when a project's kinds make
    /// it another host's agent than its folders do: what it defines is read
    /// again from its head (the front matter), and it mentions nothing of
    /// Claude Code's.
    pub fn retyped(mut self, kind: &agentls_core::FileKind) -> Entry {
        let agentls_core::FileKind::Host(host) = kind else {
            return self;
        };
        if agentls_core::classify(&self.path) == *kind {
            return self;
        }
        self.def = workspace::host_agent_def(&self.path, &self.head, *host).map(Def::HostAgent);
        self.names.clear();
        self.mentions.clear();
        self.skill_refs.clear();
        self
    }

    /// True when `text` has this entry's front matter, ending a line, so
    /// only its body can differ.
    pub(super) fn body_unchanged_head(&self, text: &str) -> bool {
        self.head.ends_with('\n') && text.starts_with(&*self.head)
    }

    pub fn name(&self, m: &Mention) -> &str {
        self.names
            .get(m.name.start as usize..m.name.end as usize)
            .unwrap_or("")
    }

    /// Every place of the file that names (or could name) an agent.
    pub fn mentions(&self) -> &[Mention] {
        &self.mentions
    }

    /// The places naming `name`.
    pub fn mentions_of<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Mention> + 'a {
        self.mentions.iter().filter(move |m| self.name(m) == name)
    }

    /// The places naming the skill or command `name`.
    pub fn skill_refs_of<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Mention> + 'a {
        self.skill_refs.iter().filter(move |m| self.name(m) == name)
    }

    /// The agent the file defines.
    pub fn agent(&self) -> Option<&workspace::AgentDef> {
        match &self.def {
            Some(Def::Agent(a)) => Some(a),
            _ => None,
        }
    }

    /// Another host's agent the file defines.
    pub fn host_agent(&self) -> Option<&workspace::HostAgentDef> {
        match &self.def {
            Some(Def::HostAgent(a)) => Some(a),
            _ => None,
        }
    }

    /// A byte range of the head in LSP positions.
    pub fn range(&self, r: &Range<usize>, enc: Encoding) -> lsp::Range {
        convert::range(&Rope::from_str(&self.head), r, enc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = "---\ndescription: Plans.\nhandoffs:\n  - label: Go\n    agent: impl\n---\nRun /fmt, then ask the impl agent.\n";

    /// A Copilot agent defines its host's agent, names what its handoffs
    /// name, and nothing of Claude Code's: its `/fmt` is no skill
    /// reference, "the impl agent" no mention; a body edit keeps it equal
    /// to a fresh read.
    #[test]
    fn a_copilot_agent_defines_a_host_agent_and_mentions_nothing_of_claudes() {
        let path = Path::new("/w/.github/agents/plan.agent.md");
        let scope = Scope::Project { depth: 0 };
        let e = Entry::new(path, PLAN, scope.clone(), Encoding::Utf16);
        let def = e.host_agent().expect("a Copilot agent");
        assert_eq!(def.name, "plan");
        assert_eq!(def.names.len(), 1);
        assert_eq!(&e.head[def.names[0].range.clone()], "impl");
        assert!(e.agent().is_none());
        assert!(e.mentions().is_empty() && e.skill_refs_of("fmt").next().is_none());
        let edited = format!("{PLAN}More /lint.\n");
        let kept = e.with_body(&edited, Encoding::Utf16).expect("same head");
        let fresh = Entry::new(path, &edited, scope, Encoding::Utf16);
        assert_eq!(kept.def, fresh.def);
        assert_eq!(kept.head, fresh.head);
        assert!(kept.skill_refs.is_empty() && fresh.skill_refs.is_empty());
    }
}

//! Analysing one file: text and path in, the file's model and diagnostics
//! out ([`Analysis`]). Every position is a byte offset into the text.

use std::ops::Range;
use std::path::Path;

use crate::catalog::{Applies, MemoryKind, catalog, memory_catalog, skill_catalog};
use crate::codes::diag;
use crate::kind::{FileKind, HostFile, classify};
use crate::model::{Spawn, ToolRef, spawn_of, tool_entries};
use crate::parse::frontmatter::{self, FrontMatter, Syntax};
use crate::parse::split::{self, Parts};
use crate::policy::{Suppressions, VersionedKey};
use crate::{Diagnostic, codes, rules};

/// What Claude Code does with the file as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Loads with every field as written.
    Loads,
    /// Loads, but some field or value is dropped or ignored.
    LoadsWithLoss,
    /// Claude Code skips the file.
    DoesNotLoad,
    /// Not an agent definition at all (no front matter): documentation.
    NotAnAgent,
}

impl Verdict {
    pub fn describe(self) -> &'static str {
        match self {
            Verdict::Loads => "loads",
            Verdict::LoadsWithLoss => "loads, with fields or values lost",
            Verdict::DoesNotLoad => "Claude Code will not load this agent",
            Verdict::NotAnAgent => "not an agent (no front matter)",
        }
    }
}

/// What Claude Code would load from the file.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct LoadedAgent {
    pub name: Option<String>,
    /// After Claude Code's normalisation (every `\n` sequence a line break).
    pub description: Option<String>,
    /// Entries of `tools` as written (before resolution), when present.
    pub tools: Option<Vec<String>>,
    pub model: Option<String>,
}

/// The result of analysing one file.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// What the path makes the file ([`FileKind::Other`] without a path).
    /// Skills and commands are judged by their own rules; every other file
    /// given to [`analyze`] is judged as an agent.
    pub kind: FileKind,
    pub verdict: Verdict,
    /// The fences and YAML range, when the file has front matter.
    pub parts: Option<Parts>,
    /// The YAML as read, when the file has front matter.
    pub frontmatter: Option<FrontMatter>,
    /// The loaded fields, when the agent loads.
    pub agent: Option<LoadedAgent>,
    /// Byte range of the body (the system prompt).
    pub body: Range<usize>,
    /// Sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The entries of `tools`, each taken apart once (`None`: no such key,
    /// or a front matter that does not load).
    pub tools: Option<Vec<ToolRef>>,
    /// The entries of `disallowedTools`, likewise.
    pub disallowed_tools: Option<Vec<ToolRef>>,
    /// The file's `agentls-ignore` comments; [`crate::policy::settle`]
    /// applies them once cross-file findings are added.
    pub suppressions: crate::policy::Suppressions,
}

/// Analyse one agent file. `path` gives the file's kind and name (it is
/// never read).
pub fn analyze(text: &str, path: Option<&Path>) -> Analysis {
    analyze_as(text, path, path.map_or(FileKind::Other, classify))
}

/// [`analyze`] with the kind already decided (a project's `[kinds]` or the
/// editor's setting may give the file another than its folders do).
pub fn analyze_as(text: &str, path: Option<&Path>, kind: FileKind) -> Analysis {
    let mut a = Analysis {
        kind,
        verdict: Verdict::DoesNotLoad,
        parts: None,
        frontmatter: None,
        agent: None,
        body: 0..text.len(),
        diagnostics: Vec::new(),
        tools: None,
        disallowed_tools: None,
        suppressions: Suppressions::default(),
    };
    if matches!(
        a.kind,
        FileKind::ClaudeSkill { .. } | FileKind::ClaudeCommand { .. }
    ) {
        return analyze_skill(a, text, path);
    }
    if let Some(kind) = memory_kind(&a.kind) {
        return analyze_memory(a, text, kind);
    }
    if let FileKind::Host(host) = a.kind {
        return analyze_host(a, text, host);
    }
    let stem = path.and_then(|p| p.file_stem()).and_then(|s| s.to_str());
    let split = split::split(text);
    let split::Split::FrontMatter(parts) = split else {
        a.suppressions = Suppressions::read_parsed(text, None, None);
        rules::check_split(text, &split, &mut a.diagnostics);
        if split == split::Split::None {
            a.verdict = Verdict::NotAnAgent;
        }
        return finish(a);
    };
    let fm = frontmatter::read(&text[parts.yaml.clone()], parts.yaml.start);
    // Read with the parse made here: comments are told from text by it.
    a.suppressions = Suppressions::read_parsed(text, Some(&parts), Some(&fm));
    a.body = parts.body_start..text.len();
    if let Syntax::Broken(failures) = &fm.syntax {
        for f in failures {
            a.diagnostics.push(diag(
                codes::YAML_NOT_LOADED,
                f.range.clone(),
                f.message.clone(),
            ));
        }
        rules::check_body(
            text,
            a.body.clone(),
            parts.close.clone(),
            None,
            &mut a.diagnostics,
        );
        a.parts = Some(parts);
        a.frontmatter = Some(fm);
        return finish(a);
    }
    let entries = |key: &str| fm.get(key).map(|e| tool_entries(text, &e.value));
    a.tools = entries("tools");
    a.disallowed_tools = entries("disallowedTools");
    let cx = rules::Context {
        text,
        parts: &parts,
        fm: &fm,
        stem,
        tools: a.tools.as_deref(),
        disallowed_tools: a.disallowed_tools.as_deref(),
        left_out: Default::default(),
    };
    rules::check_front_matter(&cx, &mut a.diagnostics);
    let left_out = cx.left_out.get();
    let description = fm.get("description").map(|e| e.value.range());
    rules::check_body(
        text,
        a.body.clone(),
        parts.close.clone(),
        description,
        &mut a.diagnostics,
    );
    let skipped = a.diagnostics.iter().any(|d| {
        matches!(
            d.code,
            codes::NAME_MISSING
                | codes::DESCRIPTION_MISSING
                | codes::NAME_INVALID
                | codes::HOOKS_INVALID
                | codes::HOOK_OUTSIDE_HOOKS
        )
    });
    let lossy = a.diagnostics.iter().any(|d| {
        codes::lookup(d.code).is_some_and(|c| c.loss) || d.code == codes::TOOLS_NONE_RESOLVE
    });
    a.verdict = if skipped {
        Verdict::DoesNotLoad
    } else if lossy {
        Verdict::LoadsWithLoss
    } else {
        Verdict::Loads
    };
    a.agent = (!skipped).then(|| loaded(&fm, a.tools.as_deref()));
    a.parts = Some(parts);
    a.frontmatter = Some(fm);
    sort(&mut a.diagnostics);
    cap(&mut a.diagnostics, left_out);
    a
}

/// A skill or command: its own rules (`rules::skills`). Claude Code never
/// skips one for its front matter, so the verdict is `Loads` or
/// `LoadsWithLoss`; `agent` and the tool lists stay empty.
fn analyze_skill(mut a: Analysis, text: &str, path: Option<&Path>) -> Analysis {
    let split = split::split(text);
    let (parts, fm) = read_front(&mut a, text, &split);
    let (kind, folder) = match &a.kind {
        FileKind::ClaudeSkill { name } => (Applies::Skill, Some(name.as_str())),
        _ => (Applies::Command, None),
    };
    let item = rules::SkillItem {
        text,
        kind,
        folder,
        body: a.body.clone(),
    };
    let dropped = rules::check_skill(
        &item,
        &split,
        parts.as_ref(),
        fm.as_ref(),
        &mut a.diagnostics,
    );
    // Codex reads skills from its own folders: what it skips there.
    if let Some(folder) = folder
        && path.is_some_and(rules::codex_skills::reads)
    {
        rules::codex_skills::check(text, folder, &split, fm.as_ref(), &mut a.diagnostics);
    }
    conclude(a, parts, fm, dropped)
}

/// The front matter of a file that is not an agent, read the same way for
/// every kind: its parts, the parsed YAML, the body's range and the
/// suppression comments.
fn read_front(
    a: &mut Analysis,
    text: &str,
    split: &split::Split,
) -> (Option<Parts>, Option<FrontMatter>) {
    let (parts, fm) = match split {
        split::Split::FrontMatter(parts) => {
            let fm = frontmatter::read(&text[parts.yaml.clone()], parts.yaml.start);
            a.body = parts.body_start..text.len();
            (Some(parts.clone()), Some(fm))
        }
        _ => (None, None),
    };
    a.suppressions = Suppressions::read_parsed(text, parts.as_ref(), fm.as_ref());
    (parts, fm)
}

/// The verdict of a file its host uses whatever its front matter: it loads,
/// with loss when something was `dropped` or a finding says so.
fn conclude(
    mut a: Analysis,
    parts: Option<Parts>,
    fm: Option<FrontMatter>,
    dropped: bool,
) -> Analysis {
    let lossy = a
        .diagnostics
        .iter()
        .any(|d| codes::lookup(d.code).is_some_and(|c| c.loss));
    a.verdict = if dropped || lossy {
        Verdict::LoadsWithLoss
    } else {
        Verdict::Loads
    };
    a.parts = parts;
    a.frontmatter = fm;
    finish(a)
}

/// The memory catalog's kind for an output style, rule or CLAUDE.md.
pub(crate) fn memory_kind(kind: &FileKind) -> Option<MemoryKind> {
    match kind {
        FileKind::ClaudeOutputStyle { .. } => Some(MemoryKind::OutputStyle),
        FileKind::ClaudeRule => Some(MemoryKind::Rule),
        FileKind::ClaudeMemory => Some(MemoryKind::Memory),
        _ => None,
    }
}

/// An output style, rule or CLAUDE.md: its own rules (`rules::memory`).
/// Claude Code uses these files whatever their front matter, so the verdict
/// is `Loads` or `LoadsWithLoss`.
fn analyze_memory(mut a: Analysis, text: &str, kind: MemoryKind) -> Analysis {
    let split = split::split(text);
    let (parts, fm) = read_front(&mut a, text, &split);
    let item = rules::MemoryItem {
        text,
        kind,
        plugin: a.kind == FileKind::ClaudeOutputStyle { plugin: true },
    };
    rules::check_memory(
        &item,
        &split,
        parts.as_ref(),
        fm.as_ref(),
        &mut a.diagnostics,
    );
    conclude(a, parts, fm, false)
}

/// Another host's file: that host's rules only (`rules::hosts`). The
/// verdict speaks of Claude Code, which does not read the file: `Loads`, or
/// `LoadsWithLoss` when the host drops something or skips the file (its
/// errors say so).
fn analyze_host(mut a: Analysis, text: &str, host: HostFile) -> Analysis {
    let split = split::split_at_fence_line(text);
    let (parts, fm) = read_front(&mut a, text, &split);
    rules::check_host(text, host, &split, fm.as_ref(), &mut a.diagnostics);
    // An error means the host skips the file or refuses to start.
    let skipped = a
        .diagnostics
        .iter()
        .any(|d| d.severity == crate::Severity::Error);
    conclude(a, parts, fm, skipped)
}

impl Analysis {
    /// The keys of an analysed file whose catalog row says when they appeared
    /// (kept by `check`, which drops the analysis before the policy is known).
    pub fn versioned_keys(&self) -> Vec<VersionedKey> {
        let Some(fm) = &self.frontmatter else {
            return Vec::new();
        };
        // `since` is a Claude Code release: other hosts' keys have none.
        if matches!(self.kind, FileKind::Host(_)) {
            return Vec::new();
        }
        let skill = matches!(
            self.kind,
            FileKind::ClaudeSkill { .. } | FileKind::ClaudeCommand { .. }
        );
        fm.entries()
            .iter()
            .filter_map(|e| {
                let key = e.key.as_str()?;
                let (name, since) = if memory_kind(&self.kind).is_some() {
                    let f = memory_catalog().field(key)?;
                    (f.name.as_str(), f.since.as_deref()?)
                } else if skill {
                    let f = skill_catalog().field(key)?;
                    (f.name.as_str(), f.since.as_deref()?)
                } else {
                    let f = catalog().field(key)?;
                    (f.name.as_str(), f.since.as_deref()?)
                };
                Some(VersionedKey {
                    key: name,
                    since,
                    range: e.key.range(),
                })
            })
            .collect()
    }

    /// The tools the agent starts with; `None` for a file that does not load.
    pub fn spawn(&self) -> Option<Spawn> {
        self.agent.as_ref()?;
        Some(spawn_of(
            self.frontmatter.as_ref()?,
            self.tools.as_deref(),
            self.disallowed_tools.as_deref(),
        ))
    }
}

fn finish(mut a: Analysis) -> Analysis {
    sort(&mut a.diagnostics);
    cap(&mut a.diagnostics, (0, None));
    a
}

fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| (d.range.start, d.range.end, d.code));
}

/// Keep the first [`codes::MAX_FINDINGS`] findings (the verdict is decided
/// before, from all of them) and say how many were left out: a file with
/// 100,000 unknown keys must not cost an editor 100,000 squiggles. `counted`:
/// findings the rules counted past the cap without building them, and where
/// the first is.
fn cap(diagnostics: &mut Vec<Diagnostic>, counted: (usize, Option<(usize, usize)>)) {
    let (counted, first_counted) = counted;
    let built_over = diagnostics.len().saturating_sub(codes::MAX_FINDINGS);
    let left_out = built_over + counted;
    if left_out == 0 {
        return;
    }
    let first_cut = diagnostics
        .get(codes::MAX_FINDINGS)
        .map(|d| d.range.clone());
    let first_counted = first_counted.map(|(start, end)| start..end);
    let at = [first_cut, first_counted]
        .into_iter()
        .flatten()
        .min_by_key(|r| (r.start, r.end))
        .unwrap_or(0..0);
    diagnostics.truncate(codes::MAX_FINDINGS);
    diagnostics.push(diag(
        codes::FINDINGS_CAPPED,
        at,
        format!(
            "{left_out} more findings from here on are not shown: agentls reports at most {} \
             per file. Fix the ones above and the rest will appear.",
            codes::MAX_FINDINGS
        ),
    ));
}

fn loaded(fm: &FrontMatter, tools: Option<&[ToolRef]>) -> LoadedAgent {
    let string = |key: &str| {
        fm.get(key)
            .and_then(|e| e.value.as_str())
            .map(str::to_string)
    };
    LoadedAgent {
        name: string("name"),
        description: string("description").map(|d| d.replace("\\n", "\n")),
        tools: tools.map(|t| t.iter().map(|t| t.text.clone()).collect()),
        model: string("model"),
    }
}

/// Text decoded from a file's bytes the way Claude Code reads it (UTF-8,
/// invalid sequences replaced by U+FFFD), or `None` for binary content
/// (a NUL byte in the first 8 KiB), which is not an agent file at all.
pub fn decode_bytes(bytes: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return None;
    }
    Some(String::from_utf8_lossy(bytes))
}

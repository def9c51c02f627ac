//! Kinds by name, as `agentls.toml`'s `[kinds]` and the editor setting
//! write them, and the overrides that give a path the kind a project says
//! rather than the one its folders give. [`classify_with`] is
//! [`super::classify`] with these overrides consulted first.

use std::path::{Path, PathBuf};

use globset::GlobSet;

use super::{FileKind, HostFile};

/// Every kind name, in the order the documentation lists them. `none`: not
/// a file agentls reads.
pub const KIND_NAMES: &[&str] = &[
    "claude-agent",
    "claude-skill",
    "claude-command",
    "claude-output-style",
    "claude-rule",
    "claude-memory",
    "copilot-agent",
    "copilot-chatmode",
    "copilot-prompt",
    "copilot-instructions",
    "opencode-agent",
    "cursor-rule",
    "gemini-agent",
    "codex-prompt",
    "windsurf-rule",
    "windsurf-workflow",
    "kiro-steering",
    "none",
];

impl HostFile {
    /// Every host file kind (`names_go_both_ways` below
    /// fails when one is missing: its name would not resolve).
    pub const ALL: [HostFile; 11] = [
        HostFile::CopilotAgent,
        HostFile::CopilotChatMode,
        HostFile::CopilotPrompt,
        HostFile::CopilotInstructions,
        HostFile::OpenCodeAgent,
        HostFile::CursorRule,
        HostFile::GeminiAgent,
        HostFile::CodexPrompt,
        HostFile::WindsurfRule,
        HostFile::WindsurfWorkflow,
        HostFile::KiroSteering,
    ];

    /// The file's stable kind name (see [`KIND_NAMES`]).
    pub fn name(self) -> &'static str {
        match self {
            HostFile::CopilotAgent => "copilot-agent",
            HostFile::CopilotChatMode => "copilot-chatmode",
            HostFile::CopilotPrompt => "copilot-prompt",
            HostFile::CopilotInstructions => "copilot-instructions",
            HostFile::OpenCodeAgent => "opencode-agent",
            HostFile::CursorRule => "cursor-rule",
            HostFile::GeminiAgent => "gemini-agent",
            HostFile::CodexPrompt => "codex-prompt",
            HostFile::WindsurfRule => "windsurf-rule",
            HostFile::WindsurfWorkflow => "windsurf-workflow",
            HostFile::KiroSteering => "kiro-steering",
        }
    }
}

impl FileKind {
    /// The kind's stable name (see [`KIND_NAMES`]); a plugin's agent is a
    /// `claude-agent`, and [`FileKind::Other`] is `none`.
    pub fn name(&self) -> &'static str {
        match self {
            FileKind::ClaudeAgent { .. } | FileKind::PluginAgent { .. } => "claude-agent",
            FileKind::ClaudeSkill { .. } => "claude-skill",
            FileKind::ClaudeCommand { .. } => "claude-command",
            FileKind::ClaudeOutputStyle { .. } => "claude-output-style",
            FileKind::ClaudeRule => "claude-rule",
            FileKind::ClaudeMemory => "claude-memory",
            FileKind::Host(host) => host.name(),
            FileKind::Other => "none",
        }
    }

    /// The kind named `name` for the file at `path`, which gives the parts
    /// a name leaves open: an agent's `agents` folder is the file's own, a
    /// skill is named by its folder, a command by its file. `None`: not a
    /// kind name.
    pub fn from_name(name: &str, path: &Path) -> Option<FileKind> {
        let stem = || {
            path.file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
        };
        Some(match name {
            "claude-agent" => FileKind::ClaudeAgent {
                root: path.parent().map_or_else(PathBuf::new, Path::to_path_buf),
            },
            "claude-skill" => FileKind::ClaudeSkill {
                name: path
                    .parent()
                    .and_then(Path::file_name)
                    .map_or_else(stem, |n| n.to_string_lossy().into_owned()),
            },
            "claude-command" => FileKind::ClaudeCommand { name: stem() },
            "claude-output-style" => FileKind::ClaudeOutputStyle { plugin: false },
            "claude-rule" => FileKind::ClaudeRule,
            "claude-memory" => FileKind::ClaudeMemory,
            "none" => FileKind::Other,
            other => FileKind::Host(HostFile::ALL.into_iter().find(|h| h.name() == other)?),
        })
    }
}

/// Patterns that give the files they match a kind, relative to a folder
/// (the configuration's, or the workspace folder for the editor setting).
/// The last matching pattern wins, as in the file.
#[derive(Clone, Debug, Default)]
pub struct KindOverrides {
    root: PathBuf,
    entries: Vec<(GlobSet, &'static str)>,
}

impl KindOverrides {
    pub fn new(root: PathBuf) -> KindOverrides {
        KindOverrides {
            root,
            entries: Vec::new(),
        }
    }

    /// Add a pattern; `kind` must be one of [`KIND_NAMES`] (anything else
    /// is left out).
    pub fn push(&mut self, files: GlobSet, kind: &str) {
        if let Some(name) = KIND_NAMES.iter().find(|n| **n == kind) {
            self.entries.push((files, name));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The kind these overrides give `path`, if a pattern matches it. Only
    /// markdown files (`.md`, `.mdc`) take a kind; `none` takes any file.
    /// A path outside the folder is never matched.
    pub fn kind_of(&self, path: &Path) -> Option<FileKind> {
        if self.entries.is_empty() {
            return None;
        }
        let rel = path.strip_prefix(&self.root).ok()?;
        let name = self
            .entries
            .iter()
            .rev()
            .find(|(set, _)| set.is_match(rel))?
            .1;
        let markdown = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("mdc"));
        if !markdown && name != "none" {
            return None;
        }
        FileKind::from_name(name, path)
    }
}

/// The kind of the file at `path`: the first of `overrides` that matches it
/// decides (a project's configuration is put before the editor's setting),
/// else its folders do ([`super::classify`]).
pub fn classify_with(path: &Path, overrides: &[&KindOverrides]) -> FileKind {
    overrides
        .iter()
        .find_map(|o| o.kind_of(path))
        .unwrap_or_else(|| super::classify(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use globset::{Glob, GlobSetBuilder};

    fn set(patterns: &[&str]) -> GlobSet {
        let mut b = GlobSetBuilder::new();
        for p in patterns {
            b.add(Glob::new(p).unwrap());
        }
        b.build().unwrap()
    }

    fn overrides(root: &str, entries: &[(&[&str], &str)]) -> KindOverrides {
        let mut o = KindOverrides::new(PathBuf::from(root));
        for (patterns, kind) in entries {
            o.push(set(patterns), kind);
        }
        o
    }

    #[test]
    fn names_go_both_ways() {
        let p = Path::new("/w/x/y/file.md");
        for name in KIND_NAMES {
            let kind = FileKind::from_name(name, p).unwrap();
            assert_eq!(kind.name(), *name);
        }
        assert_eq!(FileKind::from_name("copilot", p), None);
        assert_eq!(
            FileKind::from_name("claude-skill", Path::new("/w/s/fmt/SKILL.md")),
            Some(FileKind::ClaudeSkill { name: "fmt".into() })
        );
        assert_eq!(
            FileKind::from_name("claude-agent", p),
            Some(FileKind::ClaudeAgent {
                root: PathBuf::from("/w/x/y")
            })
        );
        assert_eq!(
            FileKind::from_name("claude-command", p),
            Some(FileKind::ClaudeCommand {
                name: "file".into()
            })
        );
        let plugin = super::super::classify(Path::new("plug/agents/a.md"));
        assert_eq!(plugin.name(), "claude-agent");
    }

    #[test]
    fn overrides_come_first_and_the_last_pattern_wins() {
        let project = overrides(
            "/w",
            &[
                (&["docs/agents/**"], "copilot-agent"),
                (&["docs/agents/old/**"], "none"),
                (&["bogus/**"], "not-a-kind"),
            ],
        );
        let editor = overrides("/w", &[(&["docs/**", "prompts/*.md"], "codex-prompt")]);
        let layers = [&project, &editor];
        let kind = |p: &str| classify_with(Path::new(p), &layers);
        assert_eq!(
            kind("/w/docs/agents/r.md"),
            FileKind::Host(HostFile::CopilotAgent),
            "the project's pattern wins over the editor's"
        );
        assert_eq!(kind("/w/docs/agents/old/r.md"), FileKind::Other);
        assert_eq!(
            kind("/w/docs/guide.md"),
            FileKind::Host(HostFile::CodexPrompt)
        );
        assert_eq!(
            kind("/w/prompts/fix.md"),
            FileKind::Host(HostFile::CodexPrompt)
        );
        // Unmatched, outside the folder, or not markdown: the folders decide.
        assert!(kind("/w/.claude/agents/a.md").is_agent());
        // (Any `agents` folder is a Claude Code plugin's by its folders.)
        assert_eq!(
            kind("/elsewhere/docs/agents/r.md"),
            FileKind::PluginAgent {
                root: PathBuf::from("/elsewhere/docs/agents")
            }
        );
        assert_eq!(kind("/w/docs/agents/logo.png"), FileKind::Other);
        assert_eq!(
            kind("/w/bogus/a.md"),
            FileKind::Other,
            "unknown names are left out"
        );
        // `none` silences a file its folders would have made an agent.
        let silence = overrides("/w", &[(&[".claude/agents/draft.md"], "none")]);
        assert_eq!(
            classify_with(Path::new("/w/.claude/agents/draft.md"), &[&silence]),
            FileKind::Other
        );
        assert_eq!(
            classify_with(Path::new("/w/.claude/agents/a.md"), &[]),
            super::super::classify(Path::new("/w/.claude/agents/a.md"))
        );
    }
}

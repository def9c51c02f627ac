//! The hosts, the result of a conversion and what it could not carry
//! over: shared by the reader, the writer and the tool lists.

use std::fmt;

use crate::kind::{FileKind, HostFile};

/// A host whose agents can be converted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Host {
    ClaudeCode,
    Copilot,
    OpenCode,
    Gemini,
}

impl Host {
    pub const ALL: [Host; 4] = [
        Host::ClaudeCode,
        Host::Copilot,
        Host::OpenCode,
        Host::Gemini,
    ];

    /// The name `agentls convert --to` takes.
    pub fn id(self) -> &'static str {
        match self {
            Host::ClaudeCode => "claude-code",
            Host::Copilot => "copilot",
            Host::OpenCode => "opencode",
            Host::Gemini => "gemini",
        }
    }

    pub fn parse(id: &str) -> Option<Host> {
        Host::ALL.into_iter().find(|h| h.id() == id)
    }

    /// The host's name, for messages.
    pub fn label(self) -> &'static str {
        match self {
            Host::ClaudeCode => "Claude Code",
            Host::Copilot => "GitHub Copilot",
            Host::OpenCode => "OpenCode",
            Host::Gemini => "Gemini CLI",
        }
    }

    /// The host whose agent a file of `kind` is, when it is one.
    pub fn of(kind: &FileKind) -> Option<Host> {
        match kind {
            FileKind::ClaudeAgent { .. } | FileKind::PluginAgent { .. } => Some(Host::ClaudeCode),
            FileKind::Host(HostFile::CopilotAgent | HostFile::CopilotChatMode) => {
                Some(Host::Copilot)
            }
            FileKind::Host(HostFile::OpenCodeAgent) => Some(Host::OpenCode),
            FileKind::Host(HostFile::GeminiAgent) => Some(Host::Gemini),
            _ => None,
        }
    }

    /// Where the host reads a project's agent named `slug`, relative to the
    /// project root.
    pub fn agent_path(self, slug: &str) -> String {
        match self {
            Host::ClaudeCode => format!(".claude/agents/{slug}.md"),
            Host::Copilot => format!(".github/agents/{slug}.agent.md"),
            Host::OpenCode => format!(".opencode/agents/{slug}.md"),
            Host::Gemini => format!(".gemini/agents/{slug}.md"),
        }
    }
}

/// A converted agent.
#[derive(Clone, Debug, PartialEq)]
pub struct Converted {
    /// Where the target host reads it, relative to the project root, with
    /// `/` separators.
    pub path: String,
    pub text: String,
    /// What was not carried over (also in the text, as a comment).
    pub lost: Vec<Lost>,
}

/// Why a file cannot be converted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not an agent of a host agentls converts.
    NotAnAgent,
    /// Already the target host's.
    SameHost(Host),
    NoFrontMatter,
    /// The front matter cannot be read as YAML.
    Unreadable,
    NoDescription,
    /// A Gemini CLI remote (A2A) agent: a card, not a prompt.
    Remote,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::NotAnAgent => write!(
                f,
                "not an agent file agentls converts (a Claude Code, GitHub Copilot, OpenCode or \
                 Gemini CLI agent, by its folder)"
            ),
            Refusal::SameHost(h) => write!(f, "already a {} agent", h.label()),
            Refusal::NoFrontMatter => write!(
                f,
                "no front matter on the first line: there is nothing to convert but the body"
            ),
            Refusal::Unreadable => write!(
                f,
                "the front matter cannot be read as YAML: fix it first (`agentls check` says where)"
            ),
            Refusal::NoDescription => write!(
                f,
                "no `description`: every host but OpenCode needs one; add it first"
            ),
            Refusal::Remote => write!(f, "a remote (A2A) agent has no prompt to convert"),
        }
    }
}

/// Something of the source the target does not get, with why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lost {
    /// The source text, or its first line when it spans several.
    pub what: String,
    pub why: String,
    /// The source's further lines, for an entry that spans several.
    pub more: Vec<String>,
}

pub fn lost_text(source: &str, why: &str) -> Lost {
    let mut lines = source.lines();
    Lost {
        what: lines.next().unwrap_or("").trim_end().to_string(),
        why: why.to_string(),
        more: lines.map(|l| l.trim_end().to_string()).collect(),
    }
}

/// A name made fit for a file name and for Gemini CLI: lowercase ASCII
/// letters, digits and `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "agent".to_string()
    } else {
        out.to_string()
    }
}

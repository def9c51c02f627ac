//! Converting an agent of one host into another host's form: Claude Code
//! (`.claude/agents/`), GitHub Copilot (`.github/agents/*.agent.md`),
//! OpenCode (`.opencode/agents/`) and Gemini CLI (`.gemini/agents/`).
//!
//! Pure: text and path in, the new file's place (relative to the project
//! root) and text out. [`read`] turns the source's front matter into one
//! description of the agent ([`Agent`]), [`write`] writes it the way the
//! target reads it, tool names through `catalog/convert.toml`. What the
//! target cannot hold is listed in a YAML comment at the end of the new
//! front matter, never dropped silently. The body is kept as it is.

mod read;
mod tools;
mod write;
mod yaml_out;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::kind::{FileKind, HostFile, classify};

pub use read::{Agent, Lost};

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

/// The file at `path` (any form: only its place is read, never the disk),
/// holding `text`, as an agent of `to`.
pub fn convert(text: &str, path: &Path, to: Host) -> Result<Converted, Refusal> {
    let from = Host::of(&classify(path)).ok_or(Refusal::NotAnAgent)?;
    let chat_mode = classify(path) == FileKind::Host(HostFile::CopilotChatMode);
    if from == to && !chat_mode {
        return Err(Refusal::SameHost(to));
    }
    let agent = read::read(text, from, &stem(path))?;
    if chat_mode && to == Host::Copilot {
        // A chat mode is a custom agent under its former name: same
        // fields, new place.
        return Ok(Converted {
            path: to.agent_path(&slug(&agent.name)),
            text: text.to_string(),
            lost: Vec::new(),
        });
    }
    Ok(write::write(&agent, to))
}

/// The file name less the extensions that only say the kind
/// (`x.agent.md`, `x.chatmode.md`).
fn stem(path: &Path) -> String {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("agent");
    [".agent.md", ".chatmode.md", ".md", ".mdc"]
        .iter()
        .find_map(|ext| name.strip_suffix(ext))
        .unwrap_or(name)
        .to_string()
}

/// The project an agent file belongs to: the folder holding its host's
/// folder (`.claude`, `.github`, `.opencode`, `.gemini`), the innermost
/// one. `None` for a file outside them (a plugin's agent, the user's
/// `~/.config/opencode`).
pub fn project_root(path: &Path) -> Option<PathBuf> {
    let hosts = [".claude", ".github", ".opencode", ".gemini"];
    path.ancestors()
        .skip(1)
        .find(|a| {
            a.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| hosts.contains(&n))
        })
        .and_then(Path::parent)
        .map(Path::to_path_buf)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_roots_and_stems() {
        assert_eq!(slug("Code Reviewer"), "code-reviewer");
        assert_eq!(slug("  test_runner!! "), "test-runner");
        assert_eq!(slug("???"), "agent");
        assert_eq!(
            project_root(Path::new("/p/.claude/agents/x.md")),
            Some(PathBuf::from("/p"))
        );
        assert_eq!(
            project_root(Path::new("/p/.github/agents/x.agent.md")),
            Some(PathBuf::from("/p"))
        );
        assert_eq!(project_root(Path::new("/p/plugin/agents/x.md")), None);
        assert_eq!(stem(Path::new("/p/.github/agents/x.agent.md")), "x");
        assert_eq!(stem(Path::new("/p/.github/chatmodes/y.chatmode.md")), "y");
    }

    #[test]
    fn refusals() {
        let ok = "---\nname: a\ndescription: Does a.\n---\nBody\n";
        let claude = Path::new("/p/.claude/agents/a.md");
        assert_eq!(
            convert(ok, Path::new("/p/README.md"), Host::Copilot),
            Err(Refusal::NotAnAgent)
        );
        assert_eq!(
            convert(ok, claude, Host::ClaudeCode),
            Err(Refusal::SameHost(Host::ClaudeCode))
        );
        assert_eq!(
            convert("Body only\n", claude, Host::Copilot),
            Err(Refusal::NoFrontMatter)
        );
        assert_eq!(
            convert("---\nname: a\n---\nBody\n", claude, Host::Copilot),
            Err(Refusal::NoDescription)
        );
        assert_eq!(
            convert(
                "---\nname: a\ndescription: \"never closed\n---\nBody\n",
                claude,
                Host::Copilot
            ),
            Err(Refusal::Unreadable)
        );
    }
}

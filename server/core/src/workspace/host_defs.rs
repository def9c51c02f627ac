//! Other hosts' agents in the workspace: Copilot custom agents (and chat
//! modes), OpenCode agents and Gemini CLI subagents, each under the name
//! its host registers it by, and the agents a Copilot agent names
//! (`handoffs[].agent`, `agents:`) with their byte ranges.

use std::ops::Range;
use std::path::Path;

use crate::features::navigate::unquoted;
use crate::kind::HostFile;
use crate::model::list_entries;
use crate::parse::yaml::{Node, ScalarKind};
use crate::parse::{frontmatter, split};

/// One agent of another host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostAgentDef {
    /// The file's kind: which host registers the agent.
    pub host: HostFile,
    /// The name the host registers it by.
    pub name: String,
    pub path: std::path::PathBuf,
    /// Byte range of the `name` value without quotes, when the name comes
    /// from it (else the host names the agent after its file).
    pub name_range: Option<Range<usize>>,
    /// First line of its `description`.
    pub description: String,
    /// Copilot only: the agents it names, in `handoffs[].agent` and
    /// `agents:` entries.
    pub names: Vec<AgentName>,
}

/// A Copilot agent's mention of another agent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentName {
    pub name: String,
    /// Byte range of the name without quotes.
    pub range: Range<usize>,
    /// True for a `handoffs[].agent`, false for an `agents:` entry.
    pub handoff: bool,
}

impl HostAgentDef {
    /// What the agent is, for workspace symbols and messages.
    pub fn label(&self) -> &'static str {
        host_label(self.host)
    }

    /// Whether VS Code's Copilot reads it as a custom agent.
    pub fn is_copilot(&self) -> bool {
        matches!(
            self.host,
            HostFile::CopilotAgent | HostFile::CopilotChatMode
        )
    }
}

/// "Copilot agent", "OpenCode agent"…: what an agent file of `host` is.
pub fn host_label(host: HostFile) -> &'static str {
    match host {
        HostFile::CopilotAgent => "Copilot agent",
        HostFile::CopilotChatMode => "Copilot chat mode",
        HostFile::CopilotPrompt => "Copilot prompt",
        HostFile::CopilotInstructions => "Copilot instructions",
        HostFile::OpenCodeAgent => "OpenCode agent",
        HostFile::CursorRule => "Cursor rule",
        HostFile::GeminiAgent => "Gemini CLI agent",
        HostFile::CodexPrompt => "Codex prompt",
        HostFile::WindsurfRule => "Windsurf rule",
        HostFile::WindsurfWorkflow => "Windsurf workflow",
        HostFile::KiroSteering => "Kiro steering",
    }
}

/// The agent the file at `path` (of kind `host`) defines, if any. Only the
/// front matter is read: the hosts' own rules judge the rest.
pub fn host_agent_def(path: &Path, text: &str, host: HostFile) -> Option<HostAgentDef> {
    if !host.is_agent() {
        return None;
    }
    let fm = front_matter(text);
    let scalar = |key: &str| {
        fm.as_ref()
            .and_then(|fm| fm.get(key)?.value.as_scalar())
            .filter(|v| v.kind == ScalarKind::Str && !v.text.trim().is_empty())
    };
    let declared = scalar("name").map(|v| {
        let r = unquoted(text, v.range.clone());
        let exact = text.get(r.clone()) == Some(&*v.text);
        (v.text.trim().to_string(), exact.then_some(r))
    });
    // Copilot and OpenCode fall back on the file name; Gemini requires
    // `name` (its own rules say so).
    let (name, name_range) = match declared {
        Some(d) => d,
        None => (file_name(path, host)?, None),
    };
    let description = scalar("description")
        .and_then(|v| v.text.lines().next().map(str::to_string))
        .unwrap_or_default();
    let names = match (&fm, host) {
        (Some(fm), HostFile::CopilotAgent | HostFile::CopilotChatMode) => copilot_names(text, fm),
        _ => Vec::new(),
    };
    Some(HostAgentDef {
        host,
        name,
        path: path.to_path_buf(),
        name_range,
        description,
        names,
    })
}

/// The name a host gives an agent that sets no `name`: Copilot the file
/// name without `.agent.md` / `.chatmode.md` / `.md`; OpenCode the path
/// below `agent(s)` or `mode(s)` without `.md`.
fn file_name(path: &Path, host: HostFile) -> Option<String> {
    let file = path.file_name()?.to_str()?;
    let strip = |suffixes: &[&str]| {
        suffixes
            .iter()
            .find_map(|s| file.strip_suffix(s).filter(|n| !n.is_empty()))
            .map(str::to_string)
    };
    match host {
        HostFile::CopilotAgent => strip(&[".agent.md", ".md"]),
        HostFile::CopilotChatMode => strip(&[".chatmode.md", ".md"]),
        HostFile::OpenCodeAgent => {
            let parts: Vec<&str> = path.iter().filter_map(|p| p.to_str()).collect();
            let at = parts
                .iter()
                .rposition(|p| matches!(*p, "agent" | "agents" | "mode" | "modes"))?;
            let rel = parts[at + 1..].join("/");
            rel.strip_suffix(".md")
                .filter(|n| !n.is_empty())
                .map(str::to_string)
        }
        _ => None,
    }
}

/// `handoffs[].agent` values and `agents:` entries (not `*`), with the
/// names' ranges, in file order; a value whose source differs from it (escapes) is left
/// out: no exact range to navigate or rename.
fn copilot_names(text: &str, fm: &frontmatter::FrontMatter) -> Vec<AgentName> {
    let mut out = Vec::new();
    if let Some(Node::Seq { items, .. }) = fm.get("handoffs").map(|e| &e.value) {
        for item in items {
            let Node::Map { entries, .. } = item else {
                continue;
            };
            let agent = entries
                .iter()
                .rev()
                .find(|e| e.key.as_str() == Some("agent"))
                .and_then(|e| e.value.as_scalar())
                .filter(|v| v.kind == ScalarKind::Str);
            if let Some(v) = agent {
                let r = unquoted(text, v.range.clone());
                if text.get(r.clone()) == Some(&*v.text) && !v.text.trim().is_empty() {
                    out.push(AgentName {
                        name: v.text.to_string(),
                        range: r,
                        handoff: true,
                    });
                }
            }
        }
    }
    if let Some(entry) = fm.get("agents") {
        for (name, range) in list_entries(text, &entry.value) {
            let r = unquoted(text, range);
            let src = text.get(r.clone()).unwrap_or("");
            let start = r.start + (src.len() - src.trim_start().len());
            let r = start..start + src.trim().len();
            if name != "*" && text.get(r.clone()) == Some(name.as_str()) {
                out.push(AgentName {
                    name,
                    range: r,
                    handoff: false,
                });
            }
        }
    }
    out.sort_by_key(|n| n.range.start);
    out
}

fn front_matter(text: &str) -> Option<frontmatter::FrontMatter> {
    let split::Split::FrontMatter(parts) = split::split_at_fence_line(text) else {
        return None;
    };
    let yaml = text.get(parts.yaml.clone())?;
    Some(frontmatter::read(yaml, parts.yaml.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(path: &str, text: &str) -> Option<HostAgentDef> {
        let crate::FileKind::Host(host) = crate::classify(Path::new(path)) else {
            return None;
        };
        host_agent_def(Path::new(path), text, host)
    }

    #[test]
    fn names_by_host() {
        let plain = "---\ndescription: Plans.\n---\nPlan.\n";
        let named = "---\nname: 'lead'\ndescription: Plans.\n---\nPlan.\n";
        let cases = [
            ("/p/.github/agents/plan.agent.md", plain, Some("plan")),
            ("/p/.github/agents/plan.md", plain, Some("plan")),
            ("/p/.github/agents/plan.agent.md", named, Some("lead")),
            ("/p/.github/chatmodes/plan.chatmode.md", plain, Some("plan")),
            ("/p/.opencode/agents/team/plan.md", plain, Some("team/plan")),
            ("/p/.opencode/agent/plan.md", named, Some("lead")),
            ("/p/.opencode/modes/plan.md", plain, Some("plan")),
            ("/p/.gemini/agents/plan.md", plain, None),
            ("/p/.gemini/agents/plan.md", named, Some("lead")),
            ("/p/.github/prompts/plan.prompt.md", named, None),
        ];
        for (path, text, want) in cases {
            let got = def(path, text);
            assert_eq!(got.as_ref().map(|d| d.name.as_str()), want, "{path}");
        }
        let d = def("/p/.github/agents/plan.agent.md", named).unwrap();
        assert_eq!(&named[d.name_range.unwrap()], "lead");
        assert_eq!(d.description, "Plans.");
    }

    #[test]
    fn handoffs_and_agents_entries() {
        let text = "---\ndescription: Plans.\nagents: [impl, \"review\", '*']\nhandoffs:\n  - label: Go\n    agent: impl\n    prompt: Do it.\n  - label: Check\n    agent: \"tester\"\n  - label: Odd\n    agent: \"t\\x65st\"\n---\nPlan.\n";
        let d = def("/p/.github/agents/plan.agent.md", text).unwrap();
        let got: Vec<(&str, &str, bool)> = d
            .names
            .iter()
            .map(|n| (n.name.as_str(), &text[n.range.clone()], n.handoff))
            .collect();
        assert_eq!(
            got,
            vec![
                ("impl", "impl", false),
                ("review", "review", false),
                ("impl", "impl", true),
                ("tester", "tester", true),
            ]
        );
        let block = "---\ndescription: X.\nagents:\n  - impl\n  - ' review '\n---\n";
        let d = def("/p/.github/agents/x.agent.md", block).unwrap();
        let spelled: Vec<&str> = d.names.iter().map(|n| &block[n.range.clone()]).collect();
        assert_eq!(spelled, vec!["impl", "review"]);
    }

    #[test]
    fn odd_input_never_panics() {
        let text =
            "---\nname: x\ndescription: y\nhandoffs:\n  - agent: [a]\n  - b\nagents: 3\n---\n";
        for cut in 0..text.len() {
            let _ = def("/p/.github/agents/x.agent.md", &text[..cut]);
        }
    }
}

//! One view of what a host reads in one kind of its files, whichever
//! catalog holds it (`copilot.toml` for Copilot agents and chat modes,
//! `host-files.toml` for the rest): the keys with their values, the tool
//! names it knows and how its `tools` is written. Completion, hover and
//! semantic tokens of host files all ask here.

use crate::HostFile;
use crate::catalog::{
    CopilotKind, CopilotType, HostFileKey, HostFileKeys, copilot_catalog, gemini_tool_known,
    host_files_catalog,
};

/// One key the host reads in this kind of file.
pub(crate) struct HostKey<'c> {
    pub name: &'c str,
    /// The value's shape, shown beside the key.
    pub detail: String,
    pub summary: &'c str,
    /// A closed set of values (empty when the value is free).
    pub values: Vec<String>,
    /// `values` are only the common ones.
    pub open: bool,
}

/// How the file's `tools` names tools.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ToolsShape {
    /// A list of names (Copilot, Gemini CLI).
    List,
    /// A map of names to `true`/`false` (OpenCode).
    Map,
    /// No tools key.
    None,
}

/// What one kind of host file reads.
pub(crate) struct HostView<'c> {
    pub host: HostFile,
    pub keys: Vec<HostKey<'c>>,
    /// Tool names the host knows, with what each does.
    pub tools: Vec<(&'c str, &'c str)>,
    pub shape: ToolsShape,
    /// OpenCode's permission names (empty elsewhere).
    pub permissions: &'c [HostFileKey],
    /// The host-files catalog entry, when the kind has one.
    pub files: Option<&'static HostFileKeys>,
}

/// What VS Code's own tool names get as a summary.
const VSCODE_TOOL: &str = "A VS Code tool or tool set (older agents and chat modes list these).";

impl HostView<'_> {
    pub fn key(&self, name: &str) -> Option<&HostKey<'_>> {
        self.keys.iter().find(|k| k.name == name)
    }

    /// What the host does with the tool `name`, when it is one it knows.
    pub fn tool(&self, name: &str) -> Option<&str> {
        let lower = name.to_ascii_lowercase();
        self.tools
            .iter()
            .find(|(n, _)| *n == name || (self.is_copilot() && *n == lower))
            .map(|(_, s)| *s)
    }

    /// Whether the host resolves the tool `name` (MCP names and wildcards
    /// included); `true` where the host takes any name (OpenCode).
    pub fn knows_tool(&self, name: &str) -> bool {
        if self.is_copilot() {
            return name.contains('/') || copilot_catalog().knows_tool(name);
        }
        match self.host {
            HostFile::GeminiAgent => gemini_tool_known(name),
            _ => true,
        }
    }

    pub fn is_copilot(&self) -> bool {
        matches!(
            self.host,
            HostFile::CopilotAgent | HostFile::CopilotChatMode | HostFile::CopilotPrompt
        )
    }
}

/// The view of files of kind `host`.
pub(crate) fn host_view(host: HostFile) -> HostView<'static> {
    let c = host_files_catalog();
    let files = match host {
        HostFile::CopilotAgent | HostFile::CopilotChatMode => None,
        HostFile::CopilotPrompt => Some(&c.copilot_prompt),
        HostFile::CopilotInstructions => Some(&c.copilot_instructions),
        HostFile::OpenCodeAgent => Some(&c.opencode_agent),
        HostFile::CursorRule => Some(&c.cursor_rule),
        HostFile::GeminiAgent => Some(&c.gemini_agent),
        HostFile::CodexPrompt => Some(&c.codex_prompt),
        HostFile::WindsurfRule => Some(&c.windsurf_rule),
        HostFile::WindsurfWorkflow => Some(&c.windsurf_workflow),
        HostFile::KiroSteering => Some(&c.kiro_steering),
    };
    let keys = match (host, files) {
        (HostFile::CopilotAgent, _) => copilot_keys(CopilotKind::Agent),
        (HostFile::CopilotChatMode, _) => copilot_keys(CopilotKind::ChatMode),
        (_, Some(f)) => f
            .keys
            .iter()
            .map(|k| HostKey {
                name: &k.name,
                detail: k.detail.clone().unwrap_or_else(|| {
                    if k.values.is_empty() {
                        "string".into()
                    } else {
                        k.values.join(" | ")
                    }
                }),
                summary: &k.summary,
                values: k.values.clone(),
                open: k.open,
            })
            .collect(),
        (_, None) => Vec::new(),
    };
    let shape = match host {
        HostFile::OpenCodeAgent => ToolsShape::Map,
        HostFile::CopilotAgent
        | HostFile::CopilotChatMode
        | HostFile::CopilotPrompt
        | HostFile::GeminiAgent => ToolsShape::List,
        _ => ToolsShape::None,
    };
    let tools = if shape == ToolsShape::List && host != HostFile::GeminiAgent {
        copilot_tools()
    } else {
        files.map_or_else(Vec::new, |f| {
            f.tools
                .iter()
                .map(|t| (t.name.as_str(), t.summary.as_str()))
                .collect()
        })
    };
    HostView {
        host,
        keys,
        tools,
        shape,
        permissions: files.map_or(&[], |f| f.permissions.as_slice()),
        files,
    }
}

fn copilot_keys(kind: CopilotKind) -> Vec<HostKey<'static>> {
    copilot_catalog()
        .fields_of(kind)
        .map(|f| HostKey {
            name: &f.name,
            detail: super::copilot::type_of(f).into(),
            summary: &f.summary,
            values: match f.kind {
                CopilotType::Bool => super::offered::booleans(),
                CopilotType::Target => f.values.clone(),
                _ => Vec::new(),
            },
            open: false,
        })
        .collect()
}

/// Copilot's aliases (what they do), then VS Code's own tool names.
fn copilot_tools() -> Vec<(&'static str, &'static str)> {
    let c = copilot_catalog();
    let aliases = c.tools.keys().map(|a| {
        let summary = c.tool_summaries.get(a).map_or("", String::as_str);
        (a.as_str(), summary)
    });
    let vscode = c.vscode_tools.iter().map(|t| (t.as_str(), VSCODE_TOOL));
    aliases.chain(vscode).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_keys_and_every_tool_a_summary() {
        for host in HostFile::ALL {
            let v = host_view(host);
            assert!(!v.keys.is_empty(), "{host:?}");
            assert!(
                v.tools.iter().all(|(_, s)| !s.is_empty()),
                "{host:?}: a tool without summary"
            );
            assert_eq!(v.shape == ToolsShape::None, v.tools.is_empty(), "{host:?}");
        }
        let copilot = host_view(HostFile::CopilotPrompt);
        assert!(copilot.tool("Read").is_some() && copilot.knows_tool("github/*"));
        let gemini = host_view(HostFile::GeminiAgent);
        assert!(gemini.knows_tool("mcp_github_*") && !gemini.knows_tool("Read"));
    }
}

//! The catalog of other hosts' prompt and rule files (Copilot prompt files
//! and instructions, Cursor rules, Codex prompts, Windsurf rules and
//! workflows, Kiro steering): `catalog/host-files.toml`,
//! read from the embedded TOML once.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

const SOURCE: &str = include_str!("../../catalog/host-files.toml");

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct HostFilesCatalog {
    pub copilot_prompt: HostFileKeys,
    pub copilot_instructions: HostFileKeys,
    pub cursor_rule: HostFileKeys,
    pub codex_prompt: HostFileKeys,
    pub opencode_agent: HostFileKeys,
    pub gemini_agent: HostFileKeys,
    pub windsurf_rule: HostFileKeys,
    pub windsurf_workflow: HostFileKeys,
    pub kiro_steering: HostFileKeys,
}

/// What one kind of file reads in its front matter.
#[derive(Debug, Deserialize)]
pub struct HostFileKeys {
    pub keys: Vec<HostFileKey>,
    /// Older spellings, with the key that replaced them.
    pub renamed: BTreeMap<String, String>,
    /// Body variables (`${name}`) the host replaces.
    pub variables: Vec<String>,
    /// What each body variable stands for (`input` for `${input:…}`).
    #[serde(default, rename = "variable-docs")]
    pub variable_docs: BTreeMap<String, String>,
    /// The tool names the host knows, with what each does.
    #[serde(default)]
    pub tools: Vec<HostFileKey>,
    /// OpenCode's permission names.
    #[serde(default)]
    pub permissions: Vec<HostFileKey>,
}

#[derive(Debug, Deserialize)]
pub struct HostFileKey {
    pub name: String,
    pub summary: String,
    /// A closed set of values, offered by completion.
    #[serde(default)]
    pub values: Vec<String>,
    /// `values` are only the common ones: others are fine too.
    #[serde(default)]
    pub open: bool,
    /// The value's shape, shown beside the key.
    pub detail: Option<String>,
}

impl HostFileKeys {
    pub fn key(&self, name: &str) -> Option<&HostFileKey> {
        self.keys.iter().find(|k| k.name == name)
    }

    pub fn tool(&self, name: &str) -> Option<&HostFileKey> {
        self.tools.iter().find(|k| k.name == name)
    }

    pub fn permission(&self, name: &str) -> Option<&HostFileKey> {
        self.permissions.iter().find(|k| k.name == name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(|k| k.name.as_str())
    }
}

/// The embedded catalog, parsed once.
pub fn host_files_catalog() -> &'static HostFilesCatalog {
    static CATALOG: OnceLock<HostFilesCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        // Part of the binary and checked by the test below: a parse failure
        // is a build defect, not a user input problem.
        toml::from_str(SOURCE).expect("embedded host files catalog is valid")
    })
}

/// Whether Gemini CLI (0.61.0, measured) accepts `name` in a subagent's
/// `tools`: `*`, a built-in name of the catalog, `discovered_tool_…`, or an
/// MCP tool (`mcp_*`, `mcp_<server>_*`, `mcp_<server>_<tool>`). The rule,
/// completion, hover and tokens all ask this one function.
pub fn gemini_tool_known(name: &str) -> bool {
    if name == "*"
        || host_files_catalog().gemini_agent.tool(name).is_some()
        || name.starts_with("discovered_tool_")
    {
        return true;
    }
    let Some(rest) = name.strip_prefix("mcp_") else {
        return false;
    };
    if rest == "*" {
        return true;
    }
    let slug = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-'))
    };
    // `mcp_<server>_<tool>`: the server runs to the first `_`.
    match rest.split_once('_') {
        Some((server, tool)) if !server.is_empty() && slug(server) => {
            tool == "*" || (!tool.bytes().all(|b| b == b'_') && slug(tool))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_host_files_catalog_parses_and_is_consistent() {
        let c = host_files_catalog();
        for kind in [
            &c.copilot_prompt,
            &c.copilot_instructions,
            &c.cursor_rule,
            &c.codex_prompt,
            &c.opencode_agent,
            &c.gemini_agent,
            &c.windsurf_rule,
            &c.windsurf_workflow,
            &c.kiro_steering,
        ] {
            assert!(!kind.keys.is_empty());
            for (from, to) in &kind.renamed {
                assert!(kind.key(to).is_some(), "{from} -> unknown {to}");
                assert!(kind.key(from).is_none(), "{from} is a key itself");
            }
        }
        assert!(c.copilot_prompt.variables.iter().any(|v| v == "selection"));
        for v in &c.copilot_prompt.variables {
            assert!(c.copilot_prompt.variable_docs.contains_key(v), "{v}");
        }
        assert!(c.copilot_prompt.variable_docs.contains_key("input"));
        assert!(c.gemini_agent.tool("grep_search").is_some());
        assert!(c.opencode_agent.permission("doom_loop").is_some());
        // Cursor's globs are never offered: a quoted glob does not match there.
        assert!(c.cursor_rule.key("globs").unwrap().values.is_empty());
        assert_eq!(
            c.cursor_rule.names().collect::<Vec<_>>(),
            ["description", "globs", "alwaysApply"]
        );
    }
}

//! The catalog of GitHub Copilot custom agents and chat modes
//! (`catalog/copilot.toml`), read from the embedded TOML once.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

const SOURCE: &str = include_str!("../../catalog/copilot.toml");

#[derive(Debug, Deserialize)]
pub struct CopilotCatalog {
    #[serde(rename = "field")]
    pub fields: Vec<CopilotField>,
    /// Each alias with the names (lowercase) it also stands for.
    pub tools: BTreeMap<String, Vec<String>>,
    /// VS Code's own tool names (lowercase).
    pub vscode_tools: Vec<String>,
    /// Likely slips, with the key meant.
    pub key_hints: BTreeMap<String, String>,
    /// What each alias does (completion and hover).
    #[serde(default)]
    pub tool_summaries: BTreeMap<String, String>,
    /// The keys of a `handoffs` entry, with what each does.
    #[serde(default)]
    pub handoff_keys: BTreeMap<String, String>,
}

/// Which Copilot file a key is read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CopilotKind {
    Agent,
    ChatMode,
}

/// How a value is checked (see the TOML's header).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CopilotType {
    String,
    Bool,
    Tools,
    Names,
    Model,
    Target,
    Object,
    Handoffs,
}

#[derive(Debug, Deserialize)]
pub struct CopilotField {
    pub name: String,
    pub applies_to: Vec<CopilotKind>,
    #[serde(rename = "type")]
    pub kind: CopilotType,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub values: Vec<String>,
    /// The only host that reads it, when not all do.
    #[serde(rename = "where")]
    pub only_in: Option<String>,
    pub summary: String,
}

impl CopilotCatalog {
    pub fn field(&self, name: &str) -> Option<&CopilotField> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The keys read in files of `kind`.
    pub fn fields_of(&self, kind: CopilotKind) -> impl Iterator<Item = &CopilotField> {
        self.fields
            .iter()
            .filter(move |f| f.applies_to.contains(&kind))
    }

    /// Whether Copilot resolves the tool `name` (case-insensitive): an
    /// alias, a name an alias stands for, or one of VS Code's own.
    pub fn knows_tool(&self, name: &str) -> bool {
        let lower = name.to_ascii_lowercase();
        lower == "*"
            || self.tools.contains_key(&lower)
            || self.tools.values().any(|v| v.contains(&lower))
            || self.vscode_tools.contains(&lower)
    }
}

/// The embedded catalog, parsed once.
pub fn copilot_catalog() -> &'static CopilotCatalog {
    static CATALOG: OnceLock<CopilotCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        // Part of the binary and checked by the test below: a parse failure
        // is a build defect, not a user input problem.
        toml::from_str(SOURCE).expect("embedded Copilot catalog is valid")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_copilot_catalog_parses_and_is_consistent() {
        let c = copilot_catalog();
        for (from, to) in &c.key_hints {
            assert!(c.field(to).is_some(), "hint {from} -> unknown {to}");
            assert!(c.field(from).is_none(), "hint {from} is a key itself");
        }
        for f in &c.fields {
            assert!(!f.applies_to.is_empty(), "{} applies nowhere", f.name);
            assert_eq!(
                f.kind == CopilotType::Target,
                !f.values.is_empty(),
                "{}",
                f.name
            );
        }
        let mode: Vec<_> = c
            .fields_of(CopilotKind::ChatMode)
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(mode, ["description", "tools", "model"]);
        assert!(c.knows_tool("Read") && c.knows_tool("EDIT") && c.knows_tool("codebase"));
        assert!(!c.knows_tool("Reed"));
        assert_eq!(c.handoff_keys.len(), 5);
        for alias in c.tools.keys() {
            assert!(
                c.tool_summaries.contains_key(alias),
                "{alias} has no summary"
            );
        }
    }
}

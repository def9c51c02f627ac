//! The catalog's types, read from the embedded TOML once.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

const SOURCE: &str = include_str!("../../catalog/claude-code.toml");

#[derive(Debug, Deserialize)]
pub struct Catalog {
    pub meta: Meta,
    #[serde(rename = "field")]
    pub fields: Vec<Field>,
    pub key_hints: BTreeMap<String, String>,
    /// Keys of other hosts' files, with the host's name.
    pub other_hosts: BTreeMap<String, String>,
    pub colors: BTreeMap<String, String>,
    pub models: Models,
    #[serde(rename = "tool")]
    pub tools: Vec<Tool>,
    pub agents: Agents,
    pub spawn: Spawn,
    pub hooks: Hooks,
    /// Memory directory per `memory` scope, with `<name>` for the agent's name.
    pub memory: BTreeMap<String, String>,
}

/// The tools a subagent starts with, beyond what its `tools` lists.
#[derive(Debug, Deserialize)]
pub struct Spawn {
    /// Without `tools`, or with `*`.
    pub default: Vec<String>,
    /// Given by `memory`.
    pub memory_adds: Vec<String>,
    /// Taken away when the agent has Bash (it searches with Bash).
    pub bash_replaces: Vec<String>,
    /// The tool that loads deferred tools on demand.
    pub tool_search: String,
    /// Tools left out of the first request and loaded through `tool_search`.
    pub deferrable: Vec<String>,
    /// Substrings of model ids (lowercase) for which tool search is off.
    pub no_tool_search_models: Vec<String>,
}

impl Spawn {
    /// Whether tool search is on for an agent whose `model` is this.
    pub fn tool_search_on(&self, model: Option<&str>) -> bool {
        let model = model.unwrap_or_default().to_lowercase();
        !self
            .no_tool_search_models
            .iter()
            .any(|m| model.contains(m.as_str()))
    }
}

/// What `hooks` may hold.
#[derive(Debug, Deserialize)]
pub struct Hooks {
    pub events: Vec<String>,
    /// Handler `type`s.
    pub types: Vec<String>,
    /// Events whose unreadable hooks stop the agent from loading, and
    /// whose keys outside `hooks` do too.
    pub guarding: Vec<String>,
    /// Top-level keys not scanned for hook-shaped data, at any depth.
    pub outside_unscanned: Vec<String>,
    /// How many levels below a top-level key the scan goes.
    pub outside_depth: usize,
    /// Event names beyond `events` that the scan treats as events.
    pub other_events: Vec<String>,
}

impl Hooks {
    /// A key named after a hook event, for the scan outside `hooks`.
    pub fn is_event_name(&self, key: &str) -> bool {
        self.events
            .iter()
            .chain(&self.other_events)
            .any(|e| e == key)
    }
}

#[derive(Debug, Deserialize)]
pub struct Agents {
    /// Agents Claude Code ships; a file with one of these names replaces it.
    pub built_in: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Meta {
    pub claude_code_version: String,
}

/// How a field's value is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldKind {
    String,
    Text,
    Name,
    Tools,
    Model,
    Enum,
    Bool,
    PositiveInt,
    Effort,
    List,
    Map,
}

#[derive(Debug, Deserialize)]
pub struct Field {
    pub name: String,
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub values: Vec<String>,
    /// Claude Code version that introduced the field, when known.
    pub since: Option<String>,
    /// Date the field first appeared in the documentation.
    pub documented: Option<String>,
    #[serde(default)]
    pub undocumented: bool,
    pub summary: String,
    pub detail: Option<String>,
    pub default: Option<String>,
    /// One sentence per allowed value: what choosing it does.
    #[serde(default)]
    pub meanings: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
pub struct Models {
    pub aliases: Vec<String>,
    pub keywords: Vec<String>,
    pub extra_aliases: Vec<String>,
    pub id_prefixes: Vec<String>,
    /// One sentence per alias or keyword.
    #[serde(default)]
    pub meanings: BTreeMap<String, String>,
}

impl Catalog {
    /// What choosing `value` for `field` does, when the catalog says.
    pub fn meaning(&self, field: &str, value: &str) -> Option<&str> {
        let table = if field == "model" {
            &self.models.meanings
        } else {
            &self.field(field)?.meanings
        };
        table.get(value).map(String::as_str)
    }
}

/// What happens to a tool name in an agent's `tools` list when it is spawned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ToolStatus {
    /// Resolves for subagents.
    Current,
    /// Old name that still resolves to its replacement.
    Alias,
    /// No longer known: dropped at spawn.
    Removed,
    /// Exists, but never given to subagents: dropped at spawn.
    MainOnly,
    /// Exists only when enabled (setting, env var, plugin): otherwise dropped.
    Optional,
}

#[derive(Debug, Deserialize)]
pub struct Tool {
    pub name: String,
    pub status: ToolStatus,
    #[serde(default)]
    pub permission: bool,
    pub since: Option<String>,
    pub summary: String,
    pub replacement: Option<String>,
    pub note: Option<String>,
}

impl Catalog {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn tool(&self, name: &str) -> Option<&Tool> {
        self.tools.iter().find(|t| t.name == name)
    }

    /// The name `name` resolves to when the agent is spawned: an old name
    /// becomes its replacement, anything else stays as it is.
    pub fn resolve<'a>(&'a self, name: &'a str) -> &'a str {
        match self.tool(name) {
            Some(t) if t.status == ToolStatus::Alias => t.replacement.as_deref().unwrap_or(name),
            _ => name,
        }
    }

    /// True for the name of an agent Claude Code ships.
    pub fn is_built_in_agent(&self, name: &str) -> bool {
        self.agents.built_in.iter().any(|a| a == name)
    }

    /// Tool names to offer and suggest: the ones that resolve today.
    pub fn current_tools(&self) -> impl Iterator<Item = &Tool> {
        self.tools
            .iter()
            .filter(|t| t.status == ToolStatus::Current)
    }
}

/// The embedded catalog, parsed once.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        // The file is part of the binary and checked by a unit test: a parse
        // failure here is a build defect, not a user input problem.
        toml::from_str(SOURCE).expect("embedded catalog is valid")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalog_parses_and_is_consistent() {
        let c = catalog();
        assert_eq!(c.colors.len(), 8, "Claude Code accepts exactly 8 colors");
        let color = c.field("color").expect("color field");
        assert_eq!(color.values.len(), c.colors.len());
        for v in &color.values {
            assert!(c.colors.contains_key(v), "{v} has no swatch");
        }
        for t in &c.tools {
            if let Some(r) = &t.replacement {
                let target = c.tool(r).unwrap_or_else(|| panic!("{} -> {r}", t.name));
                assert_eq!(target.status, ToolStatus::Current, "{} -> {r}", t.name);
            }
            if t.status == ToolStatus::Alias {
                assert!(t.replacement.is_some(), "alias {} needs a target", t.name);
            }
        }
        for (from, to) in &c.key_hints {
            assert!(c.field(to).is_some(), "hint {from} -> unknown {to}");
        }
        assert!(c.field("name").is_some_and(|f| f.required));
        for f in c.fields.iter().filter(|f| !f.meanings.is_empty()) {
            for v in &f.values {
                assert!(f.meanings.contains_key(v), "{}: no meaning for {v}", f.name);
            }
        }
        for m in c.models.aliases.iter().chain(&c.models.keywords) {
            assert!(c.meaning("model", m).is_some(), "model {m} has no meaning");
        }
        assert!(c.field("description").is_some_and(|f| f.required));
        let memory = c.field("memory").expect("memory field");
        for v in &memory.values {
            assert!(c.memory.contains_key(v), "memory `{v}` has no location");
        }
        assert!(c.is_built_in_agent("Explore"));
        let search = c.tool(&c.spawn.tool_search).expect("tool search");
        assert_eq!(search.status, ToolStatus::Current);
        for t in c.spawn.default.iter().chain(&c.spawn.deferrable) {
            let tool = c.tool(t).unwrap_or_else(|| panic!("spawn tool {t}"));
            assert_eq!(tool.status, ToolStatus::Current, "{t}");
        }
        for m in &c.spawn.no_tool_search_models {
            assert_eq!(*m, m.to_lowercase(), "matched lowercased");
        }
    }
}

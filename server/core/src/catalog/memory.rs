//! The catalog of output style, rule and memory front matter
//! (`catalog/claude-code-memory.toml`), read from the embedded TOML once.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

const SOURCE: &str = include_str!("../../catalog/claude-code-memory.toml");

#[derive(Debug, Deserialize)]
pub struct MemoryCatalog {
    #[serde(rename = "field")]
    pub fields: Vec<MemoryField>,
    /// Likely slips, with the key meant.
    pub key_hints: BTreeMap<String, String>,
}

/// Which of these files a key is read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MemoryKind {
    OutputStyle,
    Rule,
    Memory,
}

impl MemoryKind {
    /// The file, for messages ("an output style").
    pub fn noun(self) -> &'static str {
        match self {
            MemoryKind::OutputStyle => "an output style",
            MemoryKind::Rule => "a rule",
            MemoryKind::Memory => "a CLAUDE.md",
        }
    }
}

/// How a value is checked (see the TOML's header).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MemoryType {
    String,
    Bool,
    Paths,
}

#[derive(Debug, Deserialize)]
pub struct MemoryField {
    pub name: String,
    pub applies_to: Vec<MemoryKind>,
    #[serde(rename = "type")]
    pub kind: MemoryType,
    pub since: Option<String>,
    pub summary: String,
    /// Read only in a plugin's file.
    #[serde(default)]
    pub plugin_only: bool,
}

impl MemoryCatalog {
    pub fn field(&self, name: &str) -> Option<&MemoryField> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The keys read in files of `kind`.
    pub fn fields_of(&self, kind: MemoryKind) -> impl Iterator<Item = &MemoryField> {
        self.fields
            .iter()
            .filter(move |f| f.applies_to.contains(&kind))
    }
}

/// The embedded catalog, parsed once.
pub fn memory_catalog() -> &'static MemoryCatalog {
    static CATALOG: OnceLock<MemoryCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        // Part of the binary and checked by the test below: a parse failure
        // is a build defect, not a user input problem.
        toml::from_str(SOURCE).expect("embedded memory catalog is valid")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_memory_catalog_parses_and_is_consistent() {
        let c = memory_catalog();
        for (from, to) in &c.key_hints {
            assert!(c.field(to).is_some(), "hint {from} -> unknown {to}");
            assert!(c.field(from).is_none(), "hint {from} is a key itself");
        }
        for f in &c.fields {
            assert!(!f.applies_to.is_empty(), "{} applies nowhere", f.name);
        }
        let style: Vec<_> = c
            .fields_of(MemoryKind::OutputStyle)
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(
            style,
            [
                "name",
                "description",
                "keep-coding-instructions",
                "force-for-plugin"
            ]
        );
        assert_eq!(c.field("paths").unwrap().since.as_deref(), Some("2.1.84"));
    }
}

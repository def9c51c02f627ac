//! The catalog of skill and command front matter
//! (`catalog/claude-code-skills.toml`), read from the embedded TOML once.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

const SOURCE: &str = include_str!("../../catalog/claude-code-skills.toml");

#[derive(Debug, Deserialize)]
pub struct SkillCatalog {
    #[serde(rename = "field")]
    pub fields: Vec<SkillField>,
    /// Likely slips, with the key meant.
    pub key_hints: BTreeMap<String, String>,
    pub limits: Limits,
    pub upload: Upload,
    pub booleans: Booleans,
}

/// Which files a key is read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applies {
    Skill,
    Command,
}

/// How a value is checked (see the TOML's header).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkillType {
    String,
    Text,
    Bool,
    Enum,
    Model,
    Tools,
    ListOrString,
    Map,
    Hooks,
    Any,
}

#[derive(Debug, Deserialize)]
pub struct SkillField {
    pub name: String,
    pub applies_to: Vec<Applies>,
    #[serde(rename = "type")]
    pub kind: SkillType,
    #[serde(default)]
    pub values: Vec<String>,
    pub since: Option<String>,
    pub summary: String,
    /// In the Agent Skills specification / the claude.ai upload allow-list.
    #[serde(default)]
    pub spec: bool,
}

#[derive(Debug, Deserialize)]
pub struct Limits {
    pub listing_cap: usize,
    pub description_max: usize,
    pub name_max: usize,
    pub compatibility_max: usize,
    pub skill_lines: usize,
}

#[derive(Debug, Deserialize)]
pub struct Upload {
    pub allowed_keys: Vec<String>,
    pub reserved_words: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Booleans {
    pub accepted_true: Vec<String>,
    pub accepted_false: Vec<String>,
}

impl SkillCatalog {
    pub fn field(&self, name: &str) -> Option<&SkillField> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// True when `text` is a boolean spelling Claude Code takes here.
    pub fn is_bool(&self, text: &str) -> bool {
        self.booleans
            .accepted_true
            .iter()
            .chain(&self.booleans.accepted_false)
            .any(|b| b.eq_ignore_ascii_case(text.trim()))
    }
}

/// The embedded skill catalog, parsed once.
pub fn skill_catalog() -> &'static SkillCatalog {
    static CATALOG: OnceLock<SkillCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        // Part of the binary and checked by the test below: a parse failure
        // is a build defect, not a user input problem.
        toml::from_str(SOURCE).expect("embedded skill catalog is valid")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_skill_catalog_parses_and_is_consistent() {
        let c = skill_catalog();
        for (from, to) in &c.key_hints {
            assert!(c.field(to).is_some(), "hint {from} -> unknown {to}");
            assert!(c.field(from).is_none(), "hint {from} is a key itself");
        }
        for f in &c.fields {
            assert!(!f.applies_to.is_empty(), "{} applies nowhere", f.name);
            assert_eq!(
                f.kind == SkillType::Enum,
                !f.values.is_empty(),
                "{}",
                f.name
            );
        }
        for k in &c.upload.allowed_keys {
            let f = c.field(k).unwrap_or_else(|| panic!("upload key {k}"));
            assert!(f.spec, "{k} is uploadable but not marked spec");
        }
        assert!(c.is_bool("Yes") && c.is_bool("0") && !c.is_bool("maybe"));
        assert_eq!(c.limits.listing_cap, 1536);
    }
}

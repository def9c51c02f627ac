//! What moving an agent between hosts needs (`catalog/convert.toml`): each
//! tool's name on every host and how each host names a model family, read
//! from the embedded TOML once.

use std::sync::OnceLock;

use serde::Deserialize;

const SOURCE: &str = include_str!("../../catalog/convert.toml");

#[derive(Debug, Deserialize)]
pub struct ConvertCatalog {
    #[serde(rename = "tool")]
    pub tools: Vec<ToolRow>,
    #[serde(rename = "model")]
    pub models: Vec<ModelFamily>,
}

/// One capability with its names per host (the first is written).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ToolRow {
    pub id: String,
    pub claude_code: Vec<String>,
    pub copilot: Vec<String>,
    pub opencode: Vec<String>,
    pub gemini: Vec<String>,
}

/// A family of model ids and the template (`{id}`) each host writes them in.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ModelFamily {
    pub family: String,
    pub prefix: String,
    pub claude_code: Option<String>,
    pub copilot: Option<String>,
    pub opencode: Option<String>,
    pub gemini: Option<String>,
}

/// The embedded catalog, parsed once.
pub fn convert_catalog() -> &'static ConvertCatalog {
    static CATALOG: OnceLock<ConvertCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        // Part of the binary and checked by the test below: a parse failure
        // is a build defect, not a user input problem.
        toml::from_str(SOURCE).expect("embedded conversion catalog is valid")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{catalog, copilot_catalog};

    #[test]
    fn embedded_convert_catalog_parses_and_names_real_tools() {
        let c = convert_catalog();
        assert!(c.tools.len() >= 10);
        let copilot = copilot_catalog();
        for row in &c.tools {
            // Claude Code's names are the catalog's (current or old).
            for name in &row.claude_code {
                assert!(catalog().tool(name).is_some(), "{}: {name}", row.id);
            }
            // Copilot's are its aliases or names they stand for.
            for name in &row.copilot {
                assert!(copilot.knows_tool(name), "{}: {name}", row.id);
            }
        }
        for m in &c.models {
            for t in [&m.claude_code, &m.copilot, &m.opencode, &m.gemini]
                .into_iter()
                .flatten()
            {
                assert!(t.contains("{id}"), "{}: {t}", m.family);
            }
        }
    }
}

//! Completion in the front matter of GitHub Copilot custom agents and chat
//! modes, from Copilot's catalog: the keys read in that kind of file and
//! not yet present, and the values of boolean keys and `target`.

use super::items::Item;
use super::offered::{Offered, booleans, complete_offered};
use crate::catalog::{CopilotField, CopilotKind, CopilotType, copilot_catalog};

/// Completion items at byte `offset` of a Copilot file of kind `here`.
pub fn complete_copilot(text: &str, offset: usize, here: CopilotKind) -> Vec<Item> {
    let offered: Vec<Offered> = copilot_catalog()
        .fields_of(here)
        .map(|f| Offered {
            name: &f.name,
            detail: type_of(f).into(),
            summary: &f.summary,
            values: values(f),
            group: "",
        })
        .collect();
    complete_offered(text, offset, &offered)
}

/// The values a key takes, when they are a closed set.
fn values(f: &CopilotField) -> Vec<String> {
    match f.kind {
        CopilotType::Bool => booleans(),
        CopilotType::Target => f.values.clone(),
        _ => Vec::new(),
    }
}

pub(super) fn type_of(f: &CopilotField) -> &'static str {
    match f.kind {
        CopilotType::String => "string",
        CopilotType::Bool => "true | false",
        CopilotType::Tools => "list of tool names",
        CopilotType::Names => "list of agent names",
        CopilotType::Model => "model name or list",
        CopilotType::Target => "vscode | github-copilot",
        CopilotType::Object => "mapping",
        CopilotType::Handoffs => "list of handoffs",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str, at: &str, here: CopilotKind) -> Vec<String> {
        let offset = text.find(at).unwrap() + at.len();
        complete_copilot(text, offset, here)
            .into_iter()
            .map(|i| i.label)
            .collect()
    }

    #[test]
    fn each_kind_gets_its_own_keys_and_values() {
        let text = "---\ndescription: d\nt\n---\n";
        assert_eq!(
            labels(text, "\nt", CopilotKind::ChatMode),
            ["tools", "model"]
        );
        let agent = labels(text, "\nt", CopilotKind::Agent);
        assert!(agent.contains(&"user-invocable".to_string()), "{agent:?}");
        assert!(!agent.contains(&"description".to_string()), "{agent:?}");
        assert!(!agent.contains(&"color".to_string()), "{agent:?}");
        let text = "---\ntarget: \n---\n";
        assert_eq!(
            labels(text, "target: ", CopilotKind::Agent),
            ["vscode", "github-copilot"]
        );
        let text = "---\nuser-invocable: \n---\n";
        assert_eq!(
            labels(text, "user-invocable: ", CopilotKind::Agent),
            ["true", "false"]
        );
    }
}

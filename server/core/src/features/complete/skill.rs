//! Completion in a skill's or command's front matter, from the skill catalog
//! (`catalog/claude-code-skills.toml`): the keys read in that kind of file
//! and not yet present, and the values of enum, boolean and model keys. The
//! agent catalog's keys are never offered here.

use super::items::Item;
use super::keys::model_values;
use super::offered::{Offered, booleans, complete_offered};
use crate::catalog::{Applies, SkillField, SkillType, skill_catalog};

/// Completion items at byte `offset` of a skill's (`here` is
/// [`Applies::Skill`]) or a command's front matter. Keys of the Agent
/// Skills specification sort first.
pub fn complete_skill(text: &str, offset: usize, here: Applies) -> Vec<Item> {
    let offered: Vec<Offered> = skill_catalog()
        .fields
        .iter()
        .filter(|f| f.applies_to.contains(&here))
        .map(|f| Offered {
            name: &f.name,
            detail: type_of(f),
            summary: &f.summary,
            values: values(f),
            group: if f.spec { "0" } else { "1" },
        })
        .collect();
    complete_offered(text, offset, &offered)
}

fn values(f: &SkillField) -> Vec<String> {
    match f.kind {
        SkillType::Enum => f.values.clone(),
        SkillType::Bool => booleans(),
        SkillType::Model => model_values(),
        _ => Vec::new(),
    }
}

fn type_of(f: &SkillField) -> String {
    match f.kind {
        SkillType::String => "string".into(),
        SkillType::Text => "string (text)".into(),
        SkillType::Enum | SkillType::Bool => values(f).join(" | "),
        SkillType::Model => "model alias, keyword or model ID".into(),
        SkillType::Tools => "tool names: string or list".into(),
        SkillType::ListOrString => "list or space-separated string".into(),
        SkillType::Map => "mapping".into(),
        SkillType::Hooks => "hooks".into(),
        SkillType::Any => "any".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str, at: &str, here: Applies) -> Vec<String> {
        let offset = text.find(at).unwrap() + at.len();
        complete_skill(text, offset, here)
            .into_iter()
            .map(|i| i.label)
            .collect()
    }

    #[test]
    fn keys_of_the_kind_not_yet_present() {
        let text = "---\nname: x\nus\n---\n";
        let got = labels(text, "\nus", Applies::Skill);
        assert!(got.contains(&"user-invocable".to_string()), "{got:?}");
        assert!(got.contains(&"context".to_string()), "{got:?}");
        assert!(!got.contains(&"name".to_string()), "{got:?}");
        assert!(!got.contains(&"tools".to_string()), "{got:?}");
        let got = labels(text, "\nus", Applies::Command);
        assert!(!got.contains(&"context".to_string()), "{got:?}");
    }

    #[test]
    fn values_of_enums_and_booleans() {
        let text = "---\ncontext: \nbackground: \ndescription: \n---\n";
        assert_eq!(
            labels(text, "context: ", Applies::Skill),
            ["fork", "inline"]
        );
        assert_eq!(
            labels(text, "background: ", Applies::Skill),
            ["true", "false"]
        );
        assert!(labels(text, "description: ", Applies::Skill).is_empty());
        assert!(labels(text, "context: ", Applies::Command).is_empty());
    }
}

//! Completion in a skill's or command's front matter, from the skill catalog
//! (`catalog/claude-code-skills.toml`): the keys read in that kind of file
//! and not yet present, and the values of enum, boolean and model keys. The
//! agent catalog's keys are never offered here.

use super::cursor::{Spot, scan_forward, spot, word_at};
use super::cursor::{has_comment_before, is_key_byte, is_key_prefix, is_value_byte};
use super::items::{Doc, Item, ItemKind};
use super::keys::model_values;
use crate::catalog::{Applies, SkillField, SkillType, skill_catalog};
use crate::parse::lines::key_lines;

/// Completion items at byte `offset` of a skill's (`here` is
/// [`Applies::Skill`]) or a command's front matter.
pub fn complete_skill(text: &str, offset: usize, here: Applies) -> Vec<Item> {
    let Some(Spot {
        offset,
        line,
        line_text,
        before,
    }) = spot(text, offset)
    else {
        return Vec::new();
    };
    // Keys and scalar values only: nothing is offered on nested lines.
    if line_text.starts_with([' ', '\t', '-']) {
        return Vec::new();
    }
    let keys = key_lines(text);
    let fields = skill_catalog()
        .fields
        .iter()
        .filter(|f| f.applies_to.contains(&here));
    if is_key_prefix(before) {
        let end = scan_forward(text, offset, is_key_byte).min(line.end);
        let replace = line.start..end;
        let present: Vec<&str> = keys
            .iter()
            .filter(|k| k.key.start != line.start)
            .map(|k| &text[k.key.clone()])
            .collect();
        let has_colon = text[end..line.end].trim_start().starts_with(':');
        return fields
            .enumerate()
            .filter(|(_, f)| !present.contains(&f.name.as_str()))
            .map(|(i, f)| Item {
                label: f.name.clone(),
                kind: ItemKind::Key,
                detail: type_of(f),
                documentation: Doc::Markdown(f.summary.clone()),
                insert: if has_colon {
                    f.name.clone()
                } else {
                    snippet(f)
                },
                snippet: !has_colon,
                replace: replace.clone(),
                sort: format!("{}{i:02}", u8::from(!f.spec)),
            })
            .collect();
    }
    // A value on the key's own line.
    let Some(owner) = keys
        .iter()
        .find(|k| k.key.start == line.start && offset > k.colon)
    else {
        return Vec::new();
    };
    let Some(field) = fields
        .into_iter()
        .find(|f| f.name == text[owner.key.clone()])
    else {
        return Vec::new();
    };
    let values = values(field);
    if values.is_empty() || has_comment_before(before) {
        return Vec::new();
    }
    let Some((replace, prefix)) = word_at(text, line, offset, is_value_byte) else {
        return Vec::new();
    };
    values
        .iter()
        .enumerate()
        .map(|(i, v)| Item {
            label: v.clone(),
            kind: ItemKind::Value,
            detail: format!("{} value", field.name),
            documentation: Doc::Markdown(field.summary.clone()),
            insert: format!("{prefix}{v}"),
            snippet: false,
            replace: replace.clone(),
            sort: format!("{i:02}"),
        })
        .collect()
}

fn values(f: &SkillField) -> Vec<String> {
    match f.kind {
        SkillType::Enum => f.values.clone(),
        SkillType::Bool => vec!["true".into(), "false".into()],
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

fn snippet(f: &SkillField) -> String {
    let values = values(f);
    if values.is_empty() {
        format!("{}: ${{1}}", f.name)
    } else {
        format!("{}: ${{1|{}|}}", f.name, values.join(","))
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

//! Completion in the front matter of GitHub Copilot custom agents and chat
//! modes, from Copilot's catalog: the keys read in that kind of file and
//! not yet present, and the values of boolean keys and `target`.

use super::cursor::{Spot, has_comment_before, is_key_byte, is_key_prefix, is_value_byte};
use super::cursor::{scan_forward, spot, word_at};
use super::items::{Doc, Item, ItemKind};
use crate::catalog::{CopilotField, CopilotKind, CopilotType, copilot_catalog};
use crate::parse::lines::key_lines;

/// Completion items at byte `offset` of a Copilot file of kind `here`.
pub fn complete_copilot(text: &str, offset: usize, here: CopilotKind) -> Vec<Item> {
    let Some(Spot {
        offset,
        line,
        line_text,
        before,
    }) = spot(text, offset)
    else {
        return Vec::new();
    };
    if line_text.starts_with([' ', '\t', '-']) {
        return Vec::new();
    }
    let keys = key_lines(text);
    if is_key_prefix(before) {
        let end = scan_forward(text, offset, is_key_byte).min(line.end);
        let replace = line.start..end;
        let present: Vec<&str> = keys
            .iter()
            .filter(|k| k.key.start != line.start)
            .map(|k| &text[k.key.clone()])
            .collect();
        let has_colon = text[end..line.end].trim_start().starts_with(':');
        return copilot_catalog()
            .fields_of(here)
            .enumerate()
            .filter(|(_, f)| !present.contains(&f.name.as_str()))
            .map(|(i, f)| Item {
                label: f.name.clone(),
                kind: ItemKind::Key,
                detail: type_of(f).into(),
                documentation: Doc::Markdown(f.summary.clone()),
                insert: if has_colon {
                    f.name.clone()
                } else {
                    match values(f) {
                        Some(v) => format!("{}: ${{1|{}|}}", f.name, v.join(",")),
                        None => format!("{}: ${{1}}", f.name),
                    }
                },
                snippet: !has_colon,
                replace: replace.clone(),
                sort: format!("{i:02}"),
            })
            .collect();
    }
    let Some(owner) = keys
        .iter()
        .find(|k| k.key.start == line.start && offset > k.colon)
    else {
        return Vec::new();
    };
    let field = copilot_catalog()
        .fields_of(here)
        .find(|f| f.name == text[owner.key.clone()]);
    let Some((field, choices)) = field.and_then(|f| Some((f, values(f)?))) else {
        return Vec::new();
    };
    if has_comment_before(before) {
        return Vec::new();
    }
    let Some((replace, prefix)) = word_at(text, line, offset, is_value_byte) else {
        return Vec::new();
    };
    choices
        .iter()
        .enumerate()
        .map(|(i, v)| Item {
            label: v.to_string(),
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

/// The values a key takes, when they are a closed set.
fn values(f: &CopilotField) -> Option<Vec<String>> {
    match f.kind {
        CopilotType::Bool => Some(vec!["true".into(), "false".into()]),
        CopilotType::Target => Some(f.values.clone()),
        _ => None,
    }
}

fn type_of(f: &CopilotField) -> &'static str {
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

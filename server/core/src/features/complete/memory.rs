//! Completion in the front matter of output styles, rules and CLAUDE.md,
//! from the memory catalog: the keys read in that kind of file and not yet
//! present, and `true`/`false` for boolean keys.

use super::cursor::{Spot, has_comment_before, is_key_byte, is_key_prefix, is_value_byte};
use super::cursor::{scan_forward, spot, word_at};
use super::items::{Doc, Item, ItemKind};
use crate::catalog::{MemoryField, MemoryKind, MemoryType, memory_catalog};
use crate::parse::lines::key_lines;

/// Completion items at byte `offset` of a front matter of kind `here`.
pub fn complete_memory(text: &str, offset: usize, here: MemoryKind) -> Vec<Item> {
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
    let fields = memory_catalog().fields_of(here);
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
                detail: type_of(f).into(),
                documentation: Doc::Markdown(f.summary.clone()),
                insert: if has_colon {
                    f.name.clone()
                } else if f.kind == MemoryType::Bool {
                    format!("{}: ${{1|true,false|}}", f.name)
                } else {
                    format!("{}: ${{1}}", f.name)
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
    let field = memory_catalog()
        .fields_of(here)
        .find(|f| f.name == text[owner.key.clone()]);
    let Some(field) = field.filter(|f| f.kind == MemoryType::Bool) else {
        return Vec::new();
    };
    if has_comment_before(before) {
        return Vec::new();
    }
    let Some((replace, prefix)) = word_at(text, line, offset, is_value_byte) else {
        return Vec::new();
    };
    ["true", "false"]
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

fn type_of(f: &MemoryField) -> &'static str {
    match f.kind {
        MemoryType::String => "string",
        MemoryType::Bool => "true | false",
        MemoryType::Paths => "glob string or list of globs",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str, at: &str, here: MemoryKind) -> Vec<String> {
        let offset = text.find(at).unwrap() + at.len();
        complete_memory(text, offset, here)
            .into_iter()
            .map(|i| i.label)
            .collect()
    }

    #[test]
    fn each_kind_gets_its_own_keys_and_values() {
        let text = "---\nname: t\nk\n---\n";
        assert_eq!(
            labels(text, "\nk", MemoryKind::OutputStyle),
            [
                "description",
                "keep-coding-instructions",
                "force-for-plugin"
            ]
        );
        assert_eq!(labels(text, "\nk", MemoryKind::Rule), ["paths"]);
        let text = "---\nkeep-coding-instructions: \n---\n";
        assert_eq!(
            labels(text, "instructions: ", MemoryKind::OutputStyle),
            ["true", "false"]
        );
    }
}

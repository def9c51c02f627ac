//! Completion items for keys (with value snippets) and for scalar values.

use std::ops::Range;

use super::cursor::{is_key_byte, is_value_byte, scan_forward, word_at};
use super::items::{Doc, Item, ItemKind};
use crate::catalog::{Field, FieldKind, catalog};
use crate::parse::lines::{KeyLine, line_around};

pub(super) fn key_items(
    text: &str,
    keys: &[KeyLine],
    line: Range<usize>,
    offset: usize,
) -> Vec<Item> {
    let end = scan_forward(text, offset, is_key_byte);
    let replace = line.start..end.min(line.end);
    let present: Vec<&str> = keys
        .iter()
        .filter(|k| k.key.start != line.start)
        .map(|k| &text[k.key.clone()])
        .collect();
    // Renaming the key of an existing `key: value` line: insert the name only.
    let has_colon = text[replace.end..line.end].trim_start().starts_with(':');
    catalog()
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.undocumented && !present.contains(&f.name.as_str()))
        .map(|(i, f)| Item {
            label: f.name.clone(),
            kind: ItemKind::Key,
            detail: type_of(f),
            documentation: Doc::Markdown(key_doc(f)),
            insert: if has_colon {
                f.name.clone()
            } else {
                key_snippet(f)
            },
            snippet: !has_colon,
            replace: replace.clone(),
            sort: format!("{}{i:02}", if f.required { 0 } else { 1 }),
        })
        .collect()
}

fn type_of(f: &Field) -> String {
    match f.kind {
        FieldKind::String => "string".into(),
        FieldKind::Text => "string (text)".into(),
        FieldKind::Name => "string (agent name)".into(),
        FieldKind::Tools => "tool names: comma-separated string or list".into(),
        FieldKind::Model => "model alias, `inherit` or model ID".into(),
        FieldKind::Enum => f.values.join(" | "),
        FieldKind::Bool => "true | false".into(),
        FieldKind::PositiveInt => "positive integer".into(),
        FieldKind::Effort => format!("{} | integer", f.values.join(" | ")),
        FieldKind::List => "list".into(),
        FieldKind::Map => "mapping".into(),
    }
}

fn key_doc(f: &Field) -> String {
    let mut doc = f.summary.clone();
    if f.required {
        doc.push_str("\n\n**Required**: without it Claude Code skips the file.");
    }
    if let Some(d) = &f.detail {
        doc.push_str("\n\n");
        doc.push_str(d);
    }
    if let Some(d) = &f.default {
        doc.push_str(&format!("\n\nDefault: {d}."));
    }
    match (&f.since, &f.documented) {
        (Some(v), _) => doc.push_str(&format!("\n\nSince Claude Code {v}.")),
        (None, Some(d)) => doc.push_str(&format!("\n\nDocumented since {d}.")),
        (None, None) => {}
    }
    doc
}

fn key_snippet(f: &Field) -> String {
    let choice = |values: &[String]| format!("{}: ${{1|{}|}}", f.name, values.join(","));
    match f.kind {
        FieldKind::Enum | FieldKind::Effort => choice(&f.values),
        FieldKind::Bool => choice(&["true".into(), "false".into()]),
        FieldKind::Model => choice(&model_values()),
        FieldKind::List => format!("{}:\n  - ${{1}}", f.name),
        FieldKind::Map => format!("{}:\n  ${{1}}", f.name),
        _ => format!("{}: ${{1}}", f.name),
    }
}

pub(super) fn model_values() -> Vec<String> {
    let m = &catalog().models;
    m.aliases.iter().chain(&m.keywords).cloned().collect()
}

pub(super) fn value_items(text: &str, field: &Field, offset: usize) -> Vec<Item> {
    let line = line_around(text, offset);
    let Some((replace, prefix)) = word_at(text, line, offset, is_value_byte) else {
        return Vec::new();
    };
    let cat = catalog();
    let item = |i: usize, value: &str, kind: ItemKind, doc: Doc| Item {
        label: value.to_string(),
        kind,
        detail: format!("{} value", field.name),
        documentation: doc,
        insert: format!("{prefix}{value}"),
        snippet: false,
        replace: replace.clone(),
        sort: format!("{i:02}"),
    };
    let values: Vec<String> = match field.kind {
        FieldKind::Enum | FieldKind::Effort => field.values.clone(),
        FieldKind::Bool => vec!["true".into(), "false".into()],
        FieldKind::Model => model_values(),
        _ => return Vec::new(),
    };
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            if field.name == "color" {
                let hex = cat.colors.get(v).cloned().unwrap_or_default();
                return item(i, v, ItemKind::Color, Doc::Plain(hex));
            }
            let note = cat.meaning(&field.name, v).unwrap_or(&field.summary);
            item(i, v, ItemKind::Value, Doc::Markdown(note.to_string()))
        })
        .collect()
}

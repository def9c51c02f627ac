//! Cards for front-matter keys: what the key does, its type, values,
//! default and history.

use super::markdown::code;
use crate::catalog::{Field, FieldKind, catalog};
use crate::suggest;

pub(super) fn key_card(key: &str, overridden: bool) -> String {
    let cat = catalog();
    let Some(field) = cat.field(key) else {
        return unknown_key_card(key);
    };
    let mut md = format!("**{}** · front-matter key\n\n{}", code(key), field.summary);
    if let Some(detail) = &field.detail {
        md.push_str(&format!("\n\n{detail}"));
    }
    md.push_str("\n\n");
    let mut facts = vec![format!("- **Type**: {}", type_name(field))];
    if let Some(values) = allowed_values(field) {
        facts.push(format!("- **Values**: {values}"));
    }
    if field.required {
        facts.push("- **Required**: without it Claude Code skips the file".into());
    } else if let Some(d) = &field.default {
        facts.push(format!("- **Default**: {d}"));
    }
    facts.push(format!("- **Since**: {}", since(field)));
    md.push_str(&facts.join("\n"));
    if overridden {
        md.push_str(&format!(
            "\n\n**This one is ignored**: a later {} in the front matter wins.",
            code(key)
        ));
    }
    md
}

fn unknown_key_card(key: &str) -> String {
    // The same suggestion the unknown-key rule makes: a known misspelling
    // first, then the closest documented key.
    let suggestion = suggest::key(key);
    let mut md = format!(
        "**{}** · unknown key\n\nNot a Claude Code key; ignored. The agent loads as if this line \
         were not there.",
        code(key)
    );
    match suggestion {
        Some(s) if s.eq_ignore_ascii_case(key) => md.push_str(&format!(
            "\n\nKeys are case-sensitive: did you mean {}?",
            code(s)
        )),
        Some(s) => md.push_str(&format!("\n\nDid you mean {}?", code(s))),
        None => {}
    }
    md
}

fn type_name(field: &Field) -> &'static str {
    match field.kind {
        FieldKind::String => "string",
        FieldKind::Text => "string (may span several lines)",
        FieldKind::Name => "string: an identifier, lowercase letters and hyphens by convention",
        FieldKind::Tools => "tool names: a comma-separated string or a YAML list",
        FieldKind::Model => "string: a model alias, `inherit` or a full model ID",
        FieldKind::Enum => "one of a fixed set of strings (case-sensitive)",
        FieldKind::Bool => "boolean",
        FieldKind::PositiveInt => "positive integer",
        FieldKind::Effort => "a level name or an integer",
        FieldKind::List => "YAML list",
        FieldKind::Map => "YAML mapping",
    }
}

pub(super) fn allowed_values(field: &Field) -> Option<String> {
    let models = &catalog().models;
    let list =
        |v: &mut dyn Iterator<Item = &String>| v.map(|s| code(s)).collect::<Vec<_>>().join(", ");
    match field.kind {
        FieldKind::Enum => Some(list(&mut field.values.iter())),
        FieldKind::Effort => Some(format!("{} or an integer", list(&mut field.values.iter()))),
        FieldKind::Bool => Some("`true`, `false`".into()),
        FieldKind::Model => Some(format!(
            "{} or a full model ID such as `claude-sonnet-4-5`",
            list(&mut models.aliases.iter().chain(&models.keywords))
        )),
        _ => None,
    }
}

fn since(field: &Field) -> String {
    match (&field.since, &field.documented) {
        (Some(v), Some(d)) => format!("Claude Code {v} (documented {d})"),
        (Some(v), None) => format!("Claude Code {v}"),
        (None, Some(d)) => format!("documented {d} (first version not recorded)"),
        (None, None) => format!(
            "not documented: the Claude Code {} loader accepts it, but it may change without \
             notice",
            catalog().meta.claude_code_version
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_key_has_a_card() {
        for f in &catalog().fields {
            assert!(key_card(&f.name, false).contains(&f.summary), "{}", f.name);
        }
    }
}

//! Semantic tokens of the front matter and the color swatch, as byte
//! ranges: keys, tool names and enumerated values, each marked when Claude
//! Code drops, ignores or renamed it. Built from the line scan
//! ([`crate::parse::lines`]), so highlighting survives YAML that does not
//! parse; validity is the catalog's one answer, as the rules give it.

use std::ops::Range;

use crate::ToolRef;
use crate::catalog::{FieldKind, ScalarValue, ToolStatus, catalog};
use crate::parse::lines::{KeyLine, key_lines, list_entries, scalar_value};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A front-matter key.
    Key,
    /// A tool name in `tools` or `disallowedTools`.
    Tool,
    /// The value of an enumerated field (color, model, permissionMode, …).
    Value,
    /// What Claude Code substitutes in a skill's or command's body:
    /// `$ARGUMENTS`, `$0`, `$name`, `${CLAUDE_…}`.
    Variable,
    /// A `` !`cmd` `` or a ```` ```! ```` line run before the body is sent.
    Shell,
}

/// One token, in source order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub range: Range<usize>,
    pub kind: TokenKind,
    /// Dropped, ignored or renamed by Claude Code.
    pub deprecated: bool,
    /// A name Claude Code has never heard of (implies `deprecated`).
    pub unknown: bool,
}

/// Every token of the front matter of `text`.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for kl in key_lines(text) {
        collect(text, &kl, &mut out);
    }
    out
}

fn collect(text: &str, kl: &KeyLine, out: &mut Vec<Token>) {
    let cat = catalog();
    let field = cat.field(&text[kl.key.clone()]);
    out.push(Token {
        range: kl.key.clone(),
        kind: TokenKind::Key,
        deprecated: field.is_none(),
        unknown: field.is_none(),
    });
    let Some(field) = field else { return };
    if field.kind == FieldKind::Tools {
        for entry in list_entries(text, kl.value.clone()) {
            let tool = ToolRef::parse(&text[entry.clone()], entry);
            if tool.name().is_empty() {
                continue;
            }
            let (deprecated, unknown) = if tool.is_all() || tool.is_mcp() {
                (false, false)
            } else {
                match tool.status() {
                    // Optional tools exist once enabled: not marked.
                    Some(ToolStatus::Current | ToolStatus::Optional) => (false, false),
                    Some(ToolStatus::Alias | ToolStatus::Removed | ToolStatus::MainOnly) => {
                        (true, false)
                    }
                    None => (true, true),
                }
            };
            out.push(Token {
                range: tool.name_range(),
                kind: TokenKind::Tool,
                deprecated,
                unknown,
            });
        }
        return;
    }
    if !matches!(
        field.kind,
        FieldKind::Enum | FieldKind::Bool | FieldKind::Effort | FieldKind::Model
    ) {
        return;
    }
    if let Some(range) = scalar_value(text, kl) {
        let quoted = text[..range.start].ends_with(['"', '\'']);
        let valid = cat.accepts(
            field,
            Some(ScalarValue::from_source(&text[range.clone()], quoted)),
        );
        out.push(Token {
            range,
            kind: TokenKind::Value,
            deprecated: !valid,
            unknown: !valid,
        });
    }
}

/// The `color` value Claude Code draws in, with its hex swatch.
pub fn color(text: &str) -> Option<(Range<usize>, &'static str)> {
    let kl = key_lines(text)
        .into_iter()
        .rev()
        .find(|k| &text[k.key.clone()] == "color")?;
    let range = scalar_value(text, &kl)?;
    let hex = catalog().colors.get(&text[range.clone()])?;
    Some((range, hex.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str) -> Vec<(&str, bool)> {
        tokens(text)
            .into_iter()
            .map(|t| (&text[t.range], t.deprecated))
            .collect()
    }

    #[test]
    fn tokens_agree_with_the_value_rule() {
        let text = "---\nmodel: claude-X_!\nbackground: True\ntools: Read, LS(x)\n---\n";
        assert_eq!(
            marked(text),
            [
                ("model", false),
                ("claude-X_!", true),
                ("background", false),
                ("True", false),
                ("tools", false),
                ("Read", false),
                ("LS", true),
            ]
        );
        let a = crate::analyze(text, None);
        let codes: Vec<_> = a.diagnostics.iter().map(|d| d.code).collect();
        assert!(codes.contains(&crate::codes::INVALID_MODEL));
        assert!(!codes.contains(&crate::codes::INVALID_VALUE), "{codes:?}");
    }

    #[test]
    fn color_swatch() {
        let text = "---\ncolor: \"purple\"\n---\n";
        let (range, hex) = color(text).unwrap();
        assert_eq!(&text[range], "purple");
        assert!(hex.starts_with('#'));
        assert_eq!(color("---\ncolor: mauve\n---\n"), None);
    }
}

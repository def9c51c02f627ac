//! Semantic tokens of an output style, rule or CLAUDE.md: front-matter keys
//! from the memory catalog, marked when Claude Code does not read them in
//! this kind of file (or, for `force-for-plugin`, outside a plugin), and
//! boolean values, marked when they are not YAML `true`/`false`. The body is
//! plain instructions: no tokens there.

use crate::FileKind;
use crate::analysis::memory_kind;
use crate::catalog::{MemoryType, memory_catalog};
use crate::parse::lines::{key_lines, scalar_value};

use super::tokens::{Token, TokenKind};

/// Every token of the front matter of a file of `kind`, in source order;
/// nothing for a file that is not an output style, rule or memory.
pub fn memory_tokens(text: &str, kind: &FileKind) -> Vec<Token> {
    let Some(memory) = memory_kind(kind) else {
        return Vec::new();
    };
    let in_plugin = matches!(kind, FileKind::ClaudeOutputStyle { plugin: true });
    let cat = memory_catalog();
    let mut out = Vec::new();
    for kl in key_lines(text) {
        let field = cat.field(&text[kl.key.clone()]);
        let read =
            field.is_some_and(|f| f.applies_to.contains(&memory) && (!f.plugin_only || in_plugin));
        out.push(Token {
            range: kl.key.clone(),
            kind: TokenKind::Key,
            deprecated: !read,
            unknown: field.is_none(),
        });
        if let Some(field) = field.filter(|f| read && f.kind == MemoryType::Bool)
            && let Some(range) = scalar_value(text, &kl)
        {
            let valid = matches!(&text[range.clone()], "true" | "false");
            debug_assert_eq!(field.kind, MemoryType::Bool);
            out.push(Token {
                range,
                kind: TokenKind::Value,
                deprecated: !valid,
                unknown: !valid,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelled<'t>(text: &'t str, kind: &FileKind) -> Vec<(&'t str, TokenKind, bool)> {
        memory_tokens(text, kind)
            .into_iter()
            .map(|t| (&text[t.range], t.kind, t.deprecated))
            .collect()
    }

    #[test]
    fn an_output_style_outside_a_plugin() {
        let text = "---\nname: Terse\nkeep-coding-instructions: yes\nforce-for-plugin: true\n\
                    paths: x\n---\nBe brief.\n";
        use TokenKind::*;
        assert_eq!(
            spelled(text, &FileKind::ClaudeOutputStyle { plugin: false }),
            [
                ("name", Key, false),
                ("keep-coding-instructions", Key, false),
                ("yes", Value, true),
                ("force-for-plugin", Key, true),
                ("paths", Key, true),
            ]
        );
        let in_plugin = spelled(text, &FileKind::ClaudeOutputStyle { plugin: true });
        assert!(in_plugin.contains(&("force-for-plugin", Key, false)));
        assert!(in_plugin.contains(&("true", Value, false)));
    }

    #[test]
    fn a_rule_reads_paths_only() {
        let text = "---\npaths: [\"src/**\"]\ndescription: Rust\n---\nUse rustfmt.\n";
        use TokenKind::*;
        assert_eq!(
            spelled(text, &FileKind::ClaudeRule),
            [("paths", Key, false), ("description", Key, true)]
        );
        assert!(memory_tokens(text, &FileKind::Other).is_empty());
    }
}

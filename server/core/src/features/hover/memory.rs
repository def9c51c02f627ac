//! Hover on the front-matter keys of output styles, rules and CLAUDE.md,
//! from the memory catalog (`catalog/claude-code-memory.toml`).

use super::card::{HoverInfo, key_at};
use crate::Analysis;
use crate::analysis::memory_kind;
use crate::catalog::{MemoryField, MemoryKind, MemoryType, memory_catalog};

/// The card for the key under byte `offset` of the front matter; `None`
/// elsewhere, for keys the catalog does not know, and for other kinds.
pub fn memory_hover(text: &str, analysis: &Analysis, offset: usize) -> Option<HoverInfo> {
    let here = memory_kind(&analysis.kind)?;
    let (range, key) = key_at(text, analysis, offset)?;
    let field = memory_catalog().field(key)?;
    Some(HoverInfo {
        range,
        markdown: key_card(field, here),
    })
}

fn key_card(field: &MemoryField, here: MemoryKind) -> String {
    let mut md = format!("**`{}`**\n\n{}", field.name, field.summary);
    match field.kind {
        MemoryType::Bool => md.push_str("\n\nValues: `true`, `false`"),
        MemoryType::Paths => md.push_str("\n\nA glob string, or a list of them."),
        MemoryType::String => {}
    }
    if !field.applies_to.contains(&here) {
        md.push_str(&format!("\n\nNot read in {}: ignored here.", here.noun()));
    }
    if let Some(since) = &field.since {
        md.push_str(&format!("\n\nSince Claude Code {since}."));
    }
    md
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::analyze;

    fn hover_at(path: &str, text: &str, needle: &str) -> Option<HoverInfo> {
        let a = analyze(text, Some(Path::new(path)));
        memory_hover(text, &a, text.find(needle).unwrap() + 1)
    }

    #[test]
    fn keys_get_their_catalog_card_by_kind() {
        let text = "---\npaths: src/**\nkeep-coding-instructions: true\n---\nBody\n";
        let h = hover_at("/w/.claude/rules/r.md", text, "paths").unwrap();
        assert_eq!(&text[h.range.clone()], "paths");
        assert!(
            h.markdown.contains("Since Claude Code 2.1.84"),
            "{}",
            h.markdown
        );
        let h = hover_at("/w/.claude/rules/r.md", text, "keep-coding").unwrap();
        assert!(h.markdown.contains("Not read in a rule"), "{}", h.markdown);
        let h = hover_at("/w/.claude/output-styles/s.md", text, "keep-coding").unwrap();
        assert!(!h.markdown.contains("Not read"), "{}", h.markdown);
        assert!(hover_at("/w/.claude/agents/a.md", text, "paths").is_none());
        assert!(hover_at("/w/CLAUDE.md", text, "Body").is_none());
    }
}

//! Hover on the front-matter keys of GitHub Copilot custom agents and chat
//! modes, from Copilot's catalog (`catalog/copilot.toml`). Claude Code's
//! cards are never shown in these files.

use super::card::{HoverInfo, key_at};
use crate::catalog::{CopilotField, CopilotKind, CopilotType, copilot_catalog};
use crate::{Analysis, FileKind, HostFile};

/// The Copilot catalog's kind for a Copilot agent or chat mode.
fn copilot_kind(kind: &FileKind) -> Option<CopilotKind> {
    match kind {
        FileKind::Host(HostFile::CopilotAgent) => Some(CopilotKind::Agent),
        FileKind::Host(HostFile::CopilotChatMode) => Some(CopilotKind::ChatMode),
        _ => None,
    }
}

/// The card for the key under byte `offset` of the front matter; `None`
/// elsewhere, for keys the catalog does not know, and for other kinds.
pub fn copilot_hover(text: &str, analysis: &Analysis, offset: usize) -> Option<HoverInfo> {
    let here = copilot_kind(&analysis.kind)?;
    let (range, key) = key_at(text, analysis, offset)?;
    let field = copilot_catalog().field(key)?;
    Some(HoverInfo {
        range,
        markdown: key_card(field, here),
    })
}

fn key_card(field: &CopilotField, here: CopilotKind) -> String {
    let mut md = format!("**`{}`** (GitHub Copilot)\n\n{}", field.name, field.summary);
    match field.kind {
        CopilotType::Bool => md.push_str("\n\nValues: `true`, `false`"),
        CopilotType::Target => {
            let list: Vec<String> = field.values.iter().map(|v| format!("`{v}`")).collect();
            md.push_str(&format!("\n\nValues: {}", list.join(", ")));
        }
        _ => {}
    }
    if field.required {
        md.push_str("\n\nRequired by Copilot CLI and github.com.");
    }
    if let Some(only) = &field.only_in {
        md.push_str(&format!("\n\nRead by {only} only."));
    }
    if !field.applies_to.contains(&here) {
        md.push_str("\n\nNot read in a chat mode: ignored here.");
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
        copilot_hover(text, &a, text.find(needle).unwrap() + 1)
    }

    #[test]
    fn a_copilot_key_gets_its_catalog_card() {
        let text = "---\ndescription: Plans.\ntarget: vscode\nhandoffs: []\n---\nBody\n";
        let path = "/w/.github/agents/plan.agent.md";
        let h = hover_at(path, text, "target").unwrap();
        assert_eq!(&text[h.range.clone()], "target");
        assert!(
            h.markdown.contains("`vscode`, `github-copilot`"),
            "{}",
            h.markdown
        );
        let h = hover_at(path, text, "handoffs").unwrap();
        assert!(
            h.markdown.contains("Read by VS Code only"),
            "{}",
            h.markdown
        );
        let h = hover_at(path, text, "description").unwrap();
        assert!(h.markdown.contains("Required"), "{}", h.markdown);
    }

    #[test]
    fn nothing_for_claude_agents_values_or_unknown_keys() {
        let text = "---\ndescription: Plans.\ncolor: red\n---\n";
        assert!(hover_at("/w/.claude/agents/plan.md", text, "description").is_none());
        assert!(hover_at("/w/.github/agents/plan.md", text, "color").is_none());
        assert!(hover_at("/w/.github/agents/plan.md", text, "Plans").is_none());
    }
}

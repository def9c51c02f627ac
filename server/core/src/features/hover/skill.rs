//! Hover on the front-matter keys of skills and commands, from the skill
//! catalog (`catalog/claude-code-skills.toml`): the key's summary, where it
//! is read, and the values it takes. The agent cards ([`super::keys`]) are
//! never shown here.

use super::card::{HoverInfo, key_at};
use crate::catalog::{Applies, SkillField, SkillType, skill_catalog};
use crate::{Analysis, FileKind};

/// The card for the key under byte `offset` of a skill's or command's front
/// matter; `None` elsewhere, for keys the catalog does not know, and for
/// files of other kinds.
pub fn skill_hover(text: &str, analysis: &Analysis, offset: usize) -> Option<HoverInfo> {
    let here = match analysis.kind {
        FileKind::ClaudeSkill { .. } => Applies::Skill,
        FileKind::ClaudeCommand { .. } => Applies::Command,
        _ => return None,
    };
    let (range, key) = key_at(text, analysis, offset)?;
    let field = skill_catalog().field(key)?;
    let mut markdown = key_card(field, here);
    if matches!(key, "name" | "description" | "when_to_use") {
        markdown.push_str(&listed(text, analysis));
    }
    Some(HoverInfo { range, markdown })
}

/// What the model reads for this item in its listing, from the measured
/// rules ([`crate::listing`]).
fn listed(text: &str, analysis: &Analysis) -> String {
    match crate::listing::listing_entry(text, analysis) {
        Some(l) => {
            let shown: String = l.text.chars().take(300).collect();
            let more = if shown.len() < l.text.len() {
                "…"
            } else {
                ""
            };
            format!("\n\nListed as: `{}`: {shown}{more}", l.label)
        }
        None => "\n\nNot listed: `disable-model-invocation` keeps it from the model.".into(),
    }
}

fn key_card(field: &SkillField, here: Applies) -> String {
    let mut md = format!("**`{}`**\n\n{}", field.name, field.summary);
    let values: Vec<String> = match field.kind {
        SkillType::Enum => field.values.clone(),
        SkillType::Bool => vec!["true".into(), "false".into()],
        _ => Vec::new(),
    };
    if !values.is_empty() {
        let list: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
        md.push_str(&format!("\n\nValues: {}", list.join(", ")));
    }
    if !field.applies_to.contains(&here) {
        let (is, only) = match here {
            Applies::Skill => ("a skill", "commands"),
            Applies::Command => ("a command", "skills"),
        };
        md.push_str(&format!("\n\nRead in {only} only: ignored in {is}."));
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
        skill_hover(text, &a, text.find(needle).unwrap() + 1)
    }

    #[test]
    fn a_skill_key_gets_its_catalog_card() {
        let text = "---\nname: fmt\ndisable-model-invocation: true\n---\nBody\n";
        let h = hover_at("/w/.claude/skills/fmt/SKILL.md", text, "disable-model").unwrap();
        assert_eq!(&text[h.range.clone()], "disable-model-invocation");
        assert!(
            h.markdown.contains("only the user can invoke it"),
            "{}",
            h.markdown
        );
        assert!(h.markdown.contains("`true`, `false`"), "{}", h.markdown);
    }

    #[test]
    fn name_and_description_show_the_listing_line() {
        let text = "---\nname: pdf\ndescription: Fills <forms>\n---\nBody\n";
        let h = hover_at("/w/.claude/skills/fill/SKILL.md", text, "description").unwrap();
        assert!(
            h.markdown
                .ends_with("Listed as: `fill (pdf)`: Fills &lt;forms&gt;"),
            "{}",
            h.markdown
        );
        let text = "---\nname: fill\ndisable-model-invocation: yes\n---\n";
        let h = hover_at("/w/.claude/skills/fill/SKILL.md", text, "name").unwrap();
        assert!(h.markdown.contains("Not listed"), "{}", h.markdown);
        let h = hover_at("/w/.claude/skills/fill/SKILL.md", text, "disable").unwrap();
        assert!(!h.markdown.contains("Listed as"), "{}", h.markdown);
    }

    #[test]
    fn nothing_for_agents_values_or_unknown_keys() {
        let text = "---\nname: fmt\ncolour: red\n---\n";
        assert!(hover_at("/w/.claude/agents/fmt.md", text, "name").is_none());
        assert!(hover_at("/w/.claude/skills/fmt/SKILL.md", text, "colour").is_none());
        assert!(hover_at("/w/.claude/skills/fmt/SKILL.md", text, "fmt").is_none());
    }
}

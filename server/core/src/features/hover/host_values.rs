//! Hover on what other hosts' files name besides keys: tool names in a
//! `tools` list (Copilot, Gemini CLI) or map (OpenCode), OpenCode's
//! permission names, and in a Copilot file's body the `${…}` variables
//! (prompt files) and `#tool:` names. Found line by line, like the keys.

use std::ops::Range;

use super::card::{HoverInfo, within};
use crate::catalog::copilot_catalog;
use crate::features::complete::host_keys::{HostView, ToolsShape, host_view};
use crate::parse::lines::{key_lines, list_entries};
use crate::parse::split::{Split, split_at_fence_line};
use crate::{Analysis, FileKind, HostFile};

/// The card for the name under byte `offset`, when the host's catalog
/// knows it.
pub fn host_value_hover(text: &str, analysis: &Analysis, offset: usize) -> Option<HoverInfo> {
    let FileKind::Host(host) = analysis.kind else {
        return None;
    };
    if !text.is_char_boundary(offset) {
        return None;
    }
    let view = host_view(host);
    let body = match split_at_fence_line(text) {
        Split::FrontMatter(p) => p.body_start,
        Split::None | Split::Displaced { .. } => 0,
        Split::Unclosed { .. } => text.len(),
    };
    if offset >= body {
        return body_card(text, offset, &view);
    }
    let owner = key_lines(text)
        .into_iter()
        .find(|k| within(&k.value, offset))?;
    let key = text.get(owner.key.clone())?;
    match (key, view.shape) {
        ("tools", ToolsShape::List) => {
            let entry = list_entries(text, owner.value.clone())
                .into_iter()
                .find(|r| within(r, offset))?;
            let name = text.get(entry.clone())?;
            Some(HoverInfo {
                markdown: tool_card(name, &view)?,
                range: entry,
            })
        }
        ("tools", ToolsShape::Map) => {
            let (range, name) = nested_key(text, offset)?;
            Some(HoverInfo {
                markdown: tool_card(name, &view)?,
                range,
            })
        }
        ("permission", _) => {
            let (range, name) = nested_key(text, offset)?;
            let p = view.permissions.iter().find(|p| p.name == name)?;
            Some(HoverInfo {
                markdown: format!(
                    "**`{name}`** (OpenCode permission)\n\n{}\n\nValues: `allow`, `ask`, `deny`",
                    p.summary
                ),
                range,
            })
        }
        ("handoffs", _) if host == HostFile::CopilotAgent => {
            let (range, name) = nested_key(text, offset)?;
            let doc = copilot_catalog().handoff_keys.get(name)?;
            Some(HoverInfo {
                markdown: format!("**`{name}`** (GitHub Copilot handoff, VS Code)\n\n{doc}"),
                range,
            })
        }
        _ => None,
    }
}

/// What the host does with the tool `name`: its own card, or for Copilot
/// the alias a name stands for.
fn tool_card(name: &str, view: &HostView) -> Option<String> {
    let host = view.host.host();
    if let Some(summary) = view.tool(name) {
        let mut md = format!("**`{name}`** ({host} tool)\n\n{summary}");
        if view.is_copilot()
            && let Some(also) = copilot_catalog().tools.get(&name.to_ascii_lowercase())
        {
            let list: Vec<String> = also.iter().map(|a| format!("`{a}`")).collect();
            md.push_str(&format!("\n\nAlso written: {}", list.join(", ")));
        }
        return Some(md);
    }
    if !view.is_copilot() {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    let (alias, _) = copilot_catalog()
        .tools
        .iter()
        .find(|(_, names)| names.contains(&lower))?;
    let summary = view.tool(alias).unwrap_or("");
    Some(format!(
        "**`{name}`** ({host} tool)\n\nCopilot reads it as `{alias}`: {summary}"
    ))
}

/// The key of the nested map line holding `offset` (`  write: false`).
fn nested_key(text: &str, offset: usize) -> Option<(Range<usize>, &str)> {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    let line = &line[..line.find(['\n', '\r']).unwrap_or(line.len())];
    let mut indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    // The first key of a list entry (`  - label: Go`).
    if line[indent..].starts_with("- ") {
        indent += 2;
    }
    let rest = &line[indent..];
    let len = rest.find(':')?;
    let name = rest[..len].trim_matches(['"', '\'']);
    let at = start + indent + rest.find(name)?;
    let range = at..at + name.len();
    (indent > 0 && !name.is_empty() && within(&range, offset)).then_some((range, name))
}

/// A `${…}` variable or a `#tool:` name in a Copilot file's body.
fn body_card(text: &str, offset: usize, view: &HostView) -> Option<HoverInfo> {
    if !view.is_copilot() {
        return None;
    }
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = &text[start..end];
    if view.host == HostFile::CopilotPrompt {
        let files = view.files?;
        let mut from = 0;
        while let Some(i) = line[from..].find("${").map(|i| from + i) {
            let Some(len) = line[i..].find('}') else {
                break;
            };
            from = i + len + 1;
            let range = start + i..start + i + len + 1;
            if !within(&range, offset) {
                continue;
            }
            let name = &line[i + 2..i + len];
            let (shown, doc) = match name.strip_prefix("input:") {
                Some(input) => {
                    let input = input.split(':').next().unwrap_or("");
                    let doc = files.variable_docs.get("input")?;
                    (format!("input `{input}`"), doc)
                }
                None => (format!("`{name}`"), files.variable_docs.get(name)?),
            };
            return Some(HoverInfo {
                markdown: format!("**{shown}** (GitHub Copilot prompt variable)\n\n{doc}"),
                range,
            });
        }
    }
    let mut from = 0;
    while let Some(i) = line[from..].find("#tool:").map(|i| from + i) {
        let name_start = i + "#tool:".len();
        let len = line[name_start..]
            .find(|c: char| !(c.is_alphanumeric() || "_-./*".contains(c)))
            .unwrap_or(line.len() - name_start);
        from = name_start + len;
        let name = line[name_start..name_start + len].trim_end_matches('.');
        let range = start + name_start..start + name_start + name.len();
        if within(&range, offset) {
            return Some(HoverInfo {
                markdown: tool_card(name, view)?,
                range,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::analyze;

    fn hover_at(path: &str, text: &str, needle: &str) -> Option<HoverInfo> {
        let a = analyze(text, Some(Path::new(path)));
        host_value_hover(text, &a, text.find(needle)? + 1)
    }

    #[test]
    fn tools_permissions_and_variables_get_cards() {
        let g = "---\nname: r\ndescription: d\ntools: [read_file, grep_search]\n---\nBody.\n";
        let h = hover_at("/w/.gemini/agents/r.md", g, "grep_search").unwrap();
        assert_eq!(&g[h.range.clone()], "grep_search");
        assert!(h.markdown.contains("(Gemini CLI tool)"), "{}", h.markdown);
        let oc = "---\ntools:\n  write: false\npermission:\n  bash:\n    \"git *\": allow\n---\n";
        let h = hover_at("/w/.opencode/agents/r.md", oc, "write").unwrap();
        assert!(h.markdown.contains("(OpenCode tool)"), "{}", h.markdown);
        let h = hover_at("/w/.opencode/agents/r.md", oc, "bash").unwrap();
        assert!(h.markdown.contains("OpenCode permission"), "{}", h.markdown);
        let cp = "---\ntools: [Bash, read]\n---\nUse ${input:topic:a topic} and #tool:edit.\n";
        let p = "/w/.github/prompts/a.prompt.md";
        let h = hover_at(p, cp, "Bash").unwrap();
        assert!(h.markdown.contains("as `execute`"), "{}", h.markdown);
        let h = hover_at(p, cp, "{input").unwrap();
        assert!(
            h.markdown.starts_with("**input `topic`**"),
            "{}",
            h.markdown
        );
        let h = hover_at(p, cp, "edit.").unwrap();
        assert_eq!(&cp[h.range], "edit");
        // Claude Code's files: nothing here.
        assert!(hover_at("/w/.claude/agents/a.md", cp, "Bash").is_none());
    }
}

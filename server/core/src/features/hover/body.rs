//! Cards for the body: a file reference (its first lines, from the caller's
//! [`FileLookup`]) and a heading (the section's outline, steps, files, tools,
//! agents and size).

use std::ops::Range;

use super::card::{FileLookup, FileState, HoverInfo, PREVIEW_LINES, Preview, within};
use super::markdown::{clip, code, escape, longest_backtick_run, plural};
use crate::catalog::{ToolStatus, catalog};
use crate::features::mentions::{self as references, FileRef};
use crate::features::outline::Section;
use crate::{Analysis, ToolRef};

/// Numbered steps listed in a section card.
const MAX_STEPS: usize = 12;
/// Files, tools and agents listed in a section card, each.
const MAX_LISTED: usize = 20;

pub(super) fn card(
    text: &str,
    a: &Analysis,
    sections: &[Section],
    offset: usize,
    ws: &dyn FileLookup,
) -> Option<HoverInfo> {
    let refs = references::file_refs(text, a.body.clone());
    if let Some(r) = refs.iter().find(|r| within(&r.range, offset)) {
        return Some(HoverInfo {
            range: r.range.clone(),
            markdown: file_card(r, ws),
        });
    }
    let chain = heading_chain(sections, offset)?;
    let section = *chain.last()?;
    Some(HoverInfo {
        range: section.heading.clone(),
        markdown: section_card(text, a, &chain, ws),
    })
}

/// The sections from the outermost down to the one whose heading holds `offset`.
fn heading_chain(sections: &[Section], offset: usize) -> Option<Vec<&Section>> {
    for s in sections {
        if within(&s.heading, offset) {
            return Some(vec![s]);
        }
        if within(&s.range, offset)
            && let Some(mut rest) = heading_chain(&s.children, offset)
        {
            rest.insert(0, s);
            return Some(rest);
        }
    }
    None
}

fn file_card(r: &FileRef, ws: &dyn FileLookup) -> String {
    let head = format!("**{}**", code(&r.path));
    match ws.state(&r.path) {
        FileState::File => {
            let mut md = format!("{head} · file in the workspace");
            match ws.preview(&r.path) {
                Some(Preview::Text {
                    head: content,
                    more,
                }) => {
                    let lines: Vec<&str> = content.lines().take(PREVIEW_LINES).collect();
                    let more = more || content.lines().count() > PREVIEW_LINES;
                    let body = lines.join("\n");
                    let fence = "`".repeat(longest_backtick_run(&body).max(2) + 1);
                    md.push_str(&format!(
                        "\n\n{fence}{}\n{body}\n{fence}",
                        fence_language(&r.path)
                    ));
                    if more {
                        md.push_str(&format!("\n\n*First {PREVIEW_LINES} lines.*"));
                    }
                }
                Some(Preview::Binary) => md.push_str("\n\nA binary file; not shown."),
                Some(Preview::Unreadable) | None => {
                    md.push_str("\n\nThe file could not be read.");
                }
            }
            md
        }
        FileState::Folder => format!("{head} · folder in the workspace"),
        FileState::Missing => format!(
            "{head} · not found\n\nNo such file in the workspace (paths are resolved from the \
             workspace root)."
        ),
        FileState::Outside => format!(
            "{head} · outside the workspace\n\nThis path leads outside the workspace, so agentls \
             does not read it."
        ),
        FileState::Unknown => format!(
            "{head} · file reference\n\nNo workspace folder is known for this file, so the path \
             cannot be checked."
        ),
    }
}

/// The fence's info string: the file's extension, when it is a plain word.
fn fence_language(path: &str) -> &str {
    path.rsplit_once('.')
        .map(|(_, ext)| ext)
        .filter(|e| !e.is_empty() && e.len() <= 10 && e.bytes().all(|b| b.is_ascii_alphanumeric()))
        .unwrap_or("")
}

const PROTOCOL_WORDS: &[&str] = &[
    "protocol",
    "protocols",
    "workflow",
    "workflows",
    "process",
    "processes",
    "procedure",
    "procedures",
    "rules",
    "checklist",
    "checklists",
    "steps",
    "guidelines",
];

fn section_card(text: &str, a: &Analysis, chain: &[&Section], ws: &dyn FileLookup) -> String {
    let Some(section) = chain.last() else {
        return String::new();
    };
    let mut md = format!(
        "**{}** · section (level {})",
        escape(&section.title),
        section.level
    );
    if chain.len() > 1 {
        let crumbs: Vec<String> = chain.iter().map(|s| escape(&s.title)).collect();
        md.push_str(&format!("\n\n{}", crumbs.join(" › ")));
    } else {
        md.push_str("\n\nA top-level section of the system prompt.");
    }
    if !section.children.is_empty() {
        md.push_str("\n\n**Subsections**");
        for c in &section.children {
            md.push_str(&format!("\n- {}", escape(&c.title)));
        }
    }
    if is_protocol(text, section) {
        let steps = steps(text, section);
        if !steps.is_empty() {
            md.push_str(&format!("\n\n**Steps**{}", render_steps(&steps)));
        }
    }
    let mut files: Vec<FileRef> = references::file_refs(text, section.range.clone());
    dedup_by_name(&mut files, |f| f.path.clone());
    if !files.is_empty() {
        md.push_str("\n\n**Files**");
        for f in files.iter().take(MAX_LISTED) {
            md.push_str(&format!(
                "\n- {} — {}",
                code(&f.path),
                state_words(ws.state(&f.path))
            ));
        }
        more_line(&mut md, files.len());
    }
    let tools = tool_notes(text, a, section.range.clone());
    if !tools.is_empty() {
        md.push_str(&format!("\n\n**Tools**: {}", tools.join(", ")));
    }
    let own = a
        .agent
        .as_ref()
        .and_then(|g| g.name.as_deref())
        .or_else(|| {
            a.frontmatter
                .as_ref()
                .and_then(|f| f.get("name"))
                .and_then(|e| e.value.as_str())
        });
    let mut agents = references::agent_mentions(text, section.range.clone());
    dedup_by_name(&mut agents, |m| m.name.clone());
    if !agents.is_empty() {
        let names: Vec<String> = agents
            .iter()
            .take(MAX_LISTED)
            .map(|m| {
                let mine = if Some(m.name.as_str()) == own {
                    " (this agent)"
                } else {
                    ""
                };
                format!("{}{mine}", code(&m.name))
            })
            .collect();
        md.push_str(&format!("\n\n**Agents**: {}", names.join(", ")));
        more_line(&mut md, agents.len());
    }
    let body = text.get(section.range.clone()).unwrap_or_default();
    let lines = body.trim_end_matches(['\n', '\r']).lines().count();
    let words = body.split_whitespace().count();
    let tokens = body.chars().count().div_ceil(4);
    md.push_str(&format!(
        "\n\n**Size**: {lines} line{}, {words} word{}, ≈{tokens} tokens (an estimate: \
         characters ÷ 4){}",
        plural(lines),
        plural(words),
        if section.children.is_empty() {
            ""
        } else {
            ", subsections included"
        }
    ));
    md
}

fn more_line(md: &mut String, total: usize) {
    if total > MAX_LISTED {
        md.push_str(&format!("\n\n…and {} more.", total - MAX_LISTED));
    }
}

fn dedup_by_name<T>(items: &mut Vec<T>, key: impl Fn(&T) -> String) {
    let mut seen = std::collections::HashSet::new();
    items.retain(|i| seen.insert(key(i)));
}

fn state_words(state: FileState) -> &'static str {
    match state {
        FileState::File => "exists",
        FileState::Folder => "folder, exists",
        FileState::Missing => "not found in the workspace",
        FileState::Outside => "outside the workspace (not checked)",
        FileState::Unknown => "not checked (no workspace)",
    }
}

/// Tools the section names, each with what this agent's front matter does
/// to it: a prompt that tells the agent to use a tool it does not have is a
/// common, silent mistake.
fn tool_notes(text: &str, a: &Analysis, range: Range<usize>) -> Vec<String> {
    let cat = catalog();
    let mut mentions = references::tool_mentions(text, range);
    dedup_by_name(&mut mentions, |m| m.name.clone());
    let granted: Option<Vec<&str>> = a
        .tools
        .as_ref()
        .map(|t| t.iter().map(ToolRef::resolved_name).collect());
    let denied: Vec<&str> = a
        .disallowed_tools
        .iter()
        .flatten()
        .map(ToolRef::resolved_name)
        .collect();
    mentions
        .iter()
        .take(MAX_LISTED)
        .map(|m| {
            let tool = cat.tool(&m.name);
            let canon = cat.resolve(&m.name);
            let note = match tool.map(|t| t.status) {
                Some(ToolStatus::Removed) => Some("removed from Claude Code".to_string()),
                Some(ToolStatus::MainOnly) => Some("main conversation only".to_string()),
                _ if denied.contains(&canon) => Some("denied by `disallowedTools`".to_string()),
                _ => match &granted {
                    Some(g) if !g.iter().any(|n| *n == canon || *n == "*") => {
                        Some("not in this agent's `tools`".to_string())
                    }
                    _ => None,
                },
            };
            match note {
                Some(n) => format!("{} ({n})", code(&m.name)),
                None => code(&m.name),
            }
        })
        .collect()
}

/// A protocol-like section: its heading says so, or its own text is mostly
/// a numbered list.
fn is_protocol(text: &str, section: &Section) -> bool {
    let by_title = section
        .title
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| PROTOCOL_WORDS.contains(&w.to_lowercase().as_str()));
    if by_title {
        return true;
    }
    let lines = references::prose_lines(text, content_range(section));
    let content: Vec<&str> = lines
        .iter()
        .map(|(_, l)| *l)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let numbered = content
        .iter()
        .filter(|l| numbered_item(l).is_some())
        .count();
    let in_list = content
        .iter()
        .filter(|l| numbered_item(l).is_some() || l.starts_with([' ', '\t']))
        .count();
    numbered >= 2 && in_list * 10 >= content.len() * 6
}

/// The section's text after its heading and before its first subsection.
fn content_range(section: &Section) -> Range<usize> {
    let end = section
        .children
        .first()
        .map_or(section.range.end, |c| c.range.start);
    section.heading.end.min(end)..end
}

/// `1. text` / `1) text` at the left margin: the item's first line.
fn numbered_item(line: &str) -> Option<&str> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=4).contains(&digits) {
        return None;
    }
    let after = rest[digits..].strip_prefix(['.', ')'])?;
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    Some(after.trim())
}

/// Numbered steps of a section and its subsections, grouped by the
/// subsection they appear in (`None`: the section itself).
fn steps<'t>(text: &'t str, section: &'t Section) -> Vec<(Option<&'t str>, Vec<&'t str>)> {
    let mut out = Vec::new();
    collect_steps(text, section, None, &mut out);
    out
}

fn collect_steps<'t>(
    text: &'t str,
    s: &'t Section,
    title: Option<&'t str>,
    out: &mut Vec<(Option<&'t str>, Vec<&'t str>)>,
) {
    let items: Vec<&str> = references::prose_lines(text, content_range(s))
        .into_iter()
        .filter_map(|(_, l)| numbered_item(l))
        .filter(|i| !i.is_empty())
        .collect();
    if !items.is_empty() {
        out.push((title, items));
    }
    for c in &s.children {
        collect_steps(text, c, Some(c.title.as_str()), out);
    }
}

fn render_steps(groups: &[(Option<&str>, Vec<&str>)]) -> String {
    let mut md = String::new();
    let mut shown = 0;
    let total: usize = groups.iter().map(|(_, i)| i.len()).sum();
    for (title, items) in groups {
        if shown >= MAX_STEPS {
            break;
        }
        if let Some(t) = title {
            md.push_str(&format!("\n\n*{}*", escape(t)));
        }
        md.push('\n');
        for (n, item) in items.iter().enumerate() {
            if shown >= MAX_STEPS {
                break;
            }
            md.push_str(&format!("\n{}. {}", n + 1, clip(item, 120)));
            shown += 1;
        }
    }
    if total > shown {
        md.push_str(&format!("\n\n…and {} more steps.", total - shown));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_items() {
        assert_eq!(numbered_item("1. Read it"), Some("Read it"));
        assert_eq!(numbered_item("  12) Go"), Some("Go"));
        assert_eq!(numbered_item("1.5 percent"), None);
        assert_eq!(numbered_item("    1. code"), None);
    }
}

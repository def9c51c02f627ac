//! Cards for the entries of `tools` and `disallowedTools`: what the tool
//! does, what happens to it at spawn, what a rule or MCP name means.

use super::card::{HoverInfo, within};
use super::markdown::code;
use crate::catalog::{Tool, ToolStatus, catalog};
use crate::{Analysis, ToolRef, suggest};

/// The card of the entry of `list` (`tools` or `disallowedTools`) at `offset`.
pub(super) fn tool_card(a: &Analysis, list: &str, offset: usize) -> Option<HoverInfo> {
    let denying = list == "disallowedTools";
    let entries = if denying {
        &a.disallowed_tools
    } else {
        &a.tools
    };
    let entry = entries
        .iter()
        .flatten()
        .find(|e| within(&e.range, offset))?;
    let name = entry.name();
    let name_range = entry.name_range();
    let range = if within(&name_range, offset) {
        name_range
    } else {
        entry.range.clone()
    };
    let mut md = tool_markdown(name, denying);
    if let Some(spec) = entry.specifier() {
        md.push_str("\n\n");
        md.push_str(&specifier_note(name, spec, denying));
    }
    Some(HoverInfo {
        range,
        markdown: md,
    })
}

fn specifier_note(name: &str, spec: &str, denying: bool) -> String {
    if catalog().resolve(name) == "Agent" {
        return format!(
            "{} limits which agent types this agent may start.",
            code(spec)
        );
    }
    if denying {
        return format!(
            "{} is a permission-rule specifier for {}.",
            code(spec),
            code(name)
        );
    }
    format!(
        "{} is a permission-rule specifier. In `tools` it does not narrow the tool: the agent \
         gets the whole {} tool.",
        code(spec),
        code(name)
    )
}

/// The card for one tool name as listed in `tools` (or `disallowedTools`).
pub fn tool_markdown(name: &str, denying: bool) -> String {
    let cat = catalog();
    let entry = ToolRef::parse(name, 0..name.len());
    if entry.is_all() {
        return if denying {
            "**`*`** · every tool\n\nIn `disallowedTools`, removes every tool from this agent."
                .into()
        } else {
            "**`*`** · every tool\n\nGrants every tool subagents can have, the same as leaving \
             `tools` out."
                .into()
        };
    }
    if entry.is_mcp() {
        return mcp_markdown(&entry);
    }
    let dropped = if denying {
        "so this entry has no effect"
    } else {
        "so the entry is dropped when the agent is spawned"
    };
    let Some(tool) = cat.tool(name) else {
        let mut md = format!(
            "**{}** · unknown tool\n\nClaude Code has no tool {}, {dropped}.",
            code(name),
            code(name)
        );
        match suggest::closest(name, cat.current_tools().map(|t| t.name.as_str())) {
            Some(s) if s.eq_ignore_ascii_case(name) => md.push_str(&format!(
                " Tool names are case-sensitive: write {}.",
                code(s)
            )),
            Some(s) => md.push_str(&format!(" Did you mean {}?", code(s))),
            None => {}
        }
        return md;
    };
    let mut md = match tool.status {
        ToolStatus::Current => format!("**{}** · tool\n\n{}", code(name), tool.summary),
        ToolStatus::Alias => {
            let to = tool.replacement.as_deref().unwrap_or_default();
            let mut md = format!(
                "**{}** · old name of {}\n\n{}\n\nStill works: Claude Code resolves it to {} \
                 when the agent is spawned. {} is the current name.",
                code(name),
                code(to),
                tool.summary,
                code(to),
                code(to)
            );
            if let Some(target) = cat.tool(to) {
                md.push_str(&format!("\n\n{}: {}", code(to), target.summary));
                md.push_str(&format!("\n\n{}", permission_line(target)));
            }
            return md;
        }
        ToolStatus::Removed => {
            let mut md = format!(
                "**{}** · removed tool\n\n{}\n\nClaude Code no longer has this tool, {dropped}.",
                code(name),
                tool.summary
            );
            if let Some(to) = &tool.replacement {
                md.push_str(&format!(" Use {} instead.", code(to)));
            }
            return md;
        }
        ToolStatus::MainOnly => {
            let mut md = format!(
                "**{}** · main conversation only\n\n{}\n\nSubagents do not get this tool: Claude \
                 Code gives it only to the main conversation, {dropped}.",
                code(name),
                tool.summary,
            );
            if let Some(note) = &tool.note {
                md.push_str(&format!(" Exception: {note}."));
            }
            if let Some(to) = &tool.replacement {
                md.push_str(&format!(" Use {} instead.", code(to)));
            }
            md
        }
        ToolStatus::Optional => format!(
            "**{}** · optional tool\n\n{}\n\nSubagents do not get this tool unless it is enabled: \
             {}. Otherwise the entry is dropped when the agent is spawned.",
            code(name),
            tool.summary,
            tool.note.as_deref().unwrap_or("it is off by default"),
        ),
    };
    md.push_str(&format!("\n\n{}", permission_line(tool)));
    if let Some(v) = &tool.since {
        md.push_str(&format!("\n\nSince Claude Code {v}."));
    }
    if denying {
        md.push_str(&format!(
            "\n\nListed in `disallowedTools`: this agent does not get {}.",
            code(name)
        ));
    }
    md
}

fn permission_line(tool: &Tool) -> String {
    if tool.permission {
        "**Permission**: asks before use, unless a permission rule or mode allows it.".into()
    } else {
        "**Permission**: none needed.".into()
    }
}

fn mcp_markdown(entry: &ToolRef) -> String {
    let name = entry.text.as_str();
    let naming = "MCP tools are named `mcp__<server>__<tool>`; `mcp__<server>` or \
                  `mcp__<server>__*` stands for every tool of that server.";
    let server = entry.mcp_server().filter(|_| !entry.is_malformed_mcp());
    let what = match (server, entry.mcp_tool()) {
        (Some(server), None | Some("*")) => {
            format!("Every tool of the MCP server {}.", code(server))
        }
        (Some(server), Some(tool)) => format!(
            "The tool {} of the MCP server {}.",
            code(tool),
            code(server)
        ),
        (None, _) => {
            return format!(
                "**{}** · malformed MCP name\n\nNot a valid MCP tool name, so the entry is \
                 dropped. {naming}",
                code(name)
            );
        }
    };
    format!(
        "**{}** · MCP tool\n\n{what} {naming}\n\nThe agent gets it only when a server named {} \
         is configured and connected (in the project's MCP configuration or this agent's \
         `mcpServers`).",
        code(name),
        code(server.unwrap_or_default())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_tool_has_a_card() {
        for t in &catalog().tools {
            let md = tool_markdown(&t.name, false);
            assert!(md.contains(&t.summary), "{}", t.name);
        }
    }

    #[test]
    fn mcp_names() {
        assert!(tool_markdown("mcp__gh__*", false).contains("Every tool of the MCP server `gh`"));
        assert!(tool_markdown("mcp__gh__x", false).contains("The tool `x` of the MCP server `gh`"));
        assert!(tool_markdown("mcp__", false).contains("malformed MCP name"));
    }
}

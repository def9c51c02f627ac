//! Hover cards: what the thing under the cursor means to Claude Code.
//!
//! Front-matter keys, tool names, values, body headings and file references
//! each get a markdown card built from the catalog and the analysis. Pure:
//! whatever needs the file system (does a referenced file exist, what is in
//! it) is asked of a [`Workspace`] the caller supplies.

use std::ops::Range;

use super::mentions::{self as references, FileRef};
use super::outline::Section;
use crate::catalog::{Field, FieldKind, Tool, ToolStatus, catalog};
use crate::parse::yaml::{Node, Scalar, ScalarKind};
use crate::rules::tool_entries;
use crate::{Analysis, codes, suggest};

/// A hover card and the source range it describes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverInfo {
    pub range: Range<usize>,
    pub markdown: String,
}

/// What a path named in the body is, seen from the workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileState {
    File,
    Folder,
    /// Inside the workspace, but nothing is there.
    Missing,
    /// Leads outside the workspace: never looked at.
    Outside,
    /// No workspace to resolve it against.
    Unknown,
}

/// The start of a referenced file, as the caller read it (bounded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Preview {
    /// The first lines; `more` when the file goes on.
    Text {
        head: String,
        more: bool,
    },
    Binary,
    Unreadable,
}

/// File-system facts the cards need, answered by the caller.
pub trait Workspace {
    fn state(&self, path: &str) -> FileState;
    /// Only asked for paths whose state is [`FileState::File`].
    fn preview(&self, path: &str) -> Option<Preview>;
}

/// No workspace: every path is [`FileState::Unknown`].
pub struct NoWorkspace;

impl Workspace for NoWorkspace {
    fn state(&self, _: &str) -> FileState {
        FileState::Unknown
    }
    fn preview(&self, _: &str) -> Option<Preview> {
        None
    }
}

/// Lines of a referenced file shown in its card.
pub const PREVIEW_LINES: usize = 15;
/// Numbered steps listed in a section card.
const MAX_STEPS: usize = 12;
/// Files, tools and agents listed in a section card, each.
const MAX_LISTED: usize = 20;

/// The card for byte `offset` of `text`, if anything there has one.
pub fn hover(
    text: &str,
    analysis: &Analysis,
    sections: &[Section],
    offset: usize,
    ws: &dyn Workspace,
) -> Option<HoverInfo> {
    if !text.is_char_boundary(offset) {
        return None;
    }
    let info = match &analysis.parts {
        Some(parts) if offset < parts.body_start => {
            if offset < parts.yaml.start || offset >= parts.yaml.end {
                return None;
            }
            front_matter(text, analysis, offset)
        }
        _ if offset < analysis.body.start => None,
        _ => body(text, analysis, sections, offset, ws),
    }?;
    // Ranges come from several scanners; never hand out one that would
    // slice the text badly.
    let ok = info.range.start <= info.range.end
        && info.range.end <= text.len()
        && text.is_char_boundary(info.range.start)
        && text.is_char_boundary(info.range.end);
    ok.then_some(info)
}

fn within(r: &Range<usize>, offset: usize) -> bool {
    r.start <= offset && offset < r.end
}

// ---------------------------------------------------------------------------
// Front matter

fn front_matter(text: &str, a: &Analysis, offset: usize) -> Option<HoverInfo> {
    let fm = a.frontmatter.as_ref()?;
    if fm.root.is_none() {
        return broken_key(text, a, offset);
    }
    let entries = fm.entries();
    for (i, e) in entries.iter().enumerate() {
        let Some(key) = e.key.as_scalar().map(|s| s.text.as_str()) else {
            continue;
        };
        if within(&e.key.range(), offset) {
            let overridden = entries[i + 1..]
                .iter()
                .any(|later| later.key.as_scalar().is_some_and(|s| s.text == key));
            return Some(HoverInfo {
                range: e.key.range(),
                markdown: key_card(key, overridden),
            });
        }
        if within(&e.value.range(), offset) {
            return value_card(text, a, key, &e.value, offset);
        }
    }
    None
}

/// Broken YAML has no tree, but a `key:` at the start of a line is still a
/// key the reader may want explained.
fn broken_key(text: &str, a: &Analysis, offset: usize) -> Option<HoverInfo> {
    let yaml = a.parts.as_ref()?.yaml.clone();
    let line_start = text[..offset]
        .rfind('\n')
        .map_or(0, |i| i + 1)
        .max(yaml.start);
    let line = &text[line_start..yaml.end];
    let len = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(line.len());
    let range = line_start..line_start + len;
    (len > 0 && line[len..].starts_with(':') && within(&range, offset)).then(|| HoverInfo {
        markdown: key_card(&line[..len], false),
        range,
    })
}

fn key_card(key: &str, overridden: bool) -> String {
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

fn allowed_values(field: &Field) -> Option<String> {
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

// ---------------------------------------------------------------------------
// Values

fn value_card(
    text: &str,
    a: &Analysis,
    key: &str,
    value: &Node,
    offset: usize,
) -> Option<HoverInfo> {
    if key == "tools" || key == "disallowedTools" {
        return tool_card(text, key, value, offset);
    }
    let s = value.as_scalar()?;
    let markdown = match key {
        "model" => model_value(a, s),
        "color" => color_value(s),
        "name" => name_value(s)?,
        "maxTurns" => max_turns_value(s),
        "permissionMode" | "memory" | "effort" | "isolation" | "background" => {
            setting_value(a, key, s)
        }
        _ => return None,
    };
    Some(HoverInfo {
        range: s.range.clone(),
        markdown,
    })
}

fn model_value(a: &Analysis, s: &Scalar) -> String {
    let m = &catalog().models;
    let text = s.text.as_str();
    let lower = text.to_ascii_lowercase();
    let head = format!("**{}** · model", code(text));
    if s.kind != ScalarKind::Str {
        return format!(
            "{head}\n\n`model` must be a string; this is {}. Write an alias such as `sonnet`, \
             or `inherit`.",
            Node::Scalar(s.clone()).kind_name()
        );
    }
    if m.aliases.contains(&lower) {
        let family = capitalised(&lower);
        return format!(
            "{head} alias\n\nResolves to the latest {family} model when the agent is spawned, so \
             the agent moves to new {family} versions as they ship."
        );
    }
    if m.keywords.contains(&lower) {
        return format!(
            "{head}\n\nThe agent runs on the main conversation's model: whichever model the \
             session that starts it is using. Leaving `model` out does the same."
        );
    }
    if m.extra_aliases.contains(&lower) {
        return format!(
            "{head} alias\n\nAn alias meant for the `/model` setting; it also works here and \
             resolves the same way it does there."
        );
    }
    let invalid = a.diagnostics.iter().any(|d| {
        d.code == codes::INVALID_MODEL
            && d.range.start <= s.range.end
            && d.range.end >= s.range.start
    });
    if !invalid {
        return format!(
            "{head} ID\n\nA specific model version: the agent always runs on exactly this model \
             and does not move to newer releases."
        );
    }
    let mut md = if lower == "default" {
        format!(
            "{head}\n\n`default` is not a model for agents. Claude Code does not check `model` \
             when the file loads; it sends `default` to the API when the agent is spawned, the \
             request fails, and the agent cannot run. Write `inherit` or leave the line out."
        )
    } else {
        format!(
            "{head}\n\nNot a Claude model. Claude Code does not check `model` when the file \
             loads; it sends this string to the API when the agent is spawned, the request \
             fails, and the agent cannot run."
        )
    };
    if let Some(g) = suggest::closest(&lower, m.aliases.iter().map(String::as_str)).or_else(|| {
        m.aliases
            .iter()
            .map(String::as_str)
            .find(|a| lower.contains(a))
    }) {
        md.push_str(&format!(" Did you mean {}?", code(g)));
    }
    md
}

fn color_value(s: &Scalar) -> String {
    let cat = catalog();
    let text = s.text.as_str();
    match cat.colors.get(text) {
        Some(hex) => format!(
            "**{}** · color `{hex}`\n\nClaude Code draws this agent's name in {text} in its \
             terminal interface (the agent list and the agent's lines while it works). The hex \
             value approximates how terminals render it.",
            code(text)
        ),
        None => {
            let mut md = format!(
                "**{}** · not a color Claude Code knows\n\nThe value is ignored without a word \
                 and the agent gets an automatic color. Claude Code has {} colors: {}.",
                code(text),
                cat.colors.len(),
                cat.colors
                    .keys()
                    .map(|c| code(c))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            if let Some(g) = suggest::closest(text, cat.colors.keys().map(String::as_str)) {
                md.push_str(&format!(" Did you mean {}?", code(g)));
            }
            md
        }
    }
}

fn name_value(s: &Scalar) -> Option<String> {
    let name = s.text.as_str();
    (s.kind == ScalarKind::Str && !name.is_empty()).then(|| {
        format!(
            "**{}** · agent name\n\nClaude Code delegates to this agent as `subagent_type: \
             \"{name}\"`, and you can mention it as `@agent-{name}`. The file name does not \
             matter.",
            code(name)
        )
    })
}

fn max_turns_value(s: &Scalar) -> String {
    match s.text.trim().parse::<u64>() {
        Ok(n) if n > 0 => format!(
            "**{}** · turn limit\n\nThe agent stops after at most {n} agentic turn{}.",
            code(&s.text),
            if n == 1 { "" } else { "s" }
        ),
        _ => format!(
            "**{}** · not a turn limit\n\n`maxTurns` takes a positive whole number; this value \
             is ignored and the agent has no limit.",
            code(&s.text)
        ),
    }
}

/// Enumerated settings: the meaning of the chosen value, or why it is ignored.
fn setting_value(a: &Analysis, key: &str, s: &Scalar) -> String {
    let field = catalog().field(key);
    let text = s.text.as_str();
    let valid = match key {
        "background" => s.kind == ScalarKind::Bool,
        "effort" if s.kind == ScalarKind::Int => true,
        _ => field.is_some_and(|f| f.values.iter().any(|v| v == text)),
    };
    let head = format!("**{}** · `{key}`", code(text));
    if !valid {
        let values = field.and_then(allowed_values).unwrap_or_default();
        let mut md =
            format!("{head}\n\nNot a valid `{key}`: Claude Code ignores it. Valid: {values}.");
        if let Some(f) = field
            && let Some(g) = suggest::closest(text, f.values.iter().map(String::as_str))
        {
            md.push_str(&format!(" Did you mean {}?", code(g)));
        }
        return md;
    }
    let meaning = match (key, text) {
        ("effort", _) if s.kind == ScalarKind::Int => {
            "an explicit effort value given as a number instead of a level name".to_string()
        }
        ("memory", v) => memory_meaning(a, v),
        (k, v) => catalog()
            .meaning(k, v)
            .unwrap_or("a valid value")
            .to_string(),
    };
    let mut md = format!("{head}\n\n{}", sentence(&meaning));
    if key == "permissionMode"
        && let Some(d) = field.and_then(|f| f.detail.as_deref())
    {
        md.push_str(&format!("\n\n{d}"));
    }
    md
}

/// The memory directory for `value`, read from the catalog's summary
/// (`user: ~/.claude/agent-memory/<name>/, ...`) with the agent's name filled in.
fn memory_meaning(a: &Analysis, value: &str) -> String {
    let summary = catalog().field("memory").map_or("", |f| f.summary.as_str());
    let dir = summary.find(&format!("{value}: ")).and_then(|i| {
        let rest = &summary[i + value.len() + 2..];
        rest.find([',', ')']).map(|end| rest[..end].trim())
    });
    let Some(dir) = dir else {
        return format!("persistent memory with scope `{value}`");
    };
    let name = a
        .agent
        .as_ref()
        .and_then(|g| g.name.as_deref())
        .filter(|n| !n.is_empty() && !n.contains(['/', '\\']));
    let dir = match name {
        Some(n) => dir.replace("<name>", n),
        None => dir.to_string(),
    };
    let scope = match value {
        "user" => "shared by every project on this machine",
        "project" => "inside this project, so it can be committed and shared with the team",
        _ => "inside this project, but meant to stay out of version control",
    };
    format!(
        "the agent keeps a persistent memory directory at `{dir}`, {scope}; it reads and writes \
         it across runs"
    )
}

// ---------------------------------------------------------------------------
// Tools

fn tool_card(text: &str, list: &str, value: &Node, offset: usize) -> Option<HoverInfo> {
    let entries = tool_entries(text, value);
    let entry = entries.iter().find(|e| within(&e.range, offset))?;
    let name = entry.text.split('(').next().unwrap_or_default().trim_end();
    let name_range = entry.range.start..entry.range.start + name.len();
    let range = if within(&name_range, offset) {
        name_range
    } else {
        entry.range.clone()
    };
    let denying = list == "disallowedTools";
    let mut md = tool_markdown(name, denying);
    if let Some(spec) = entry.text.get(name.len()..).filter(|s| s.starts_with('(')) {
        md.push_str("\n\n");
        md.push_str(&specifier_note(name, spec, denying));
    }
    Some(HoverInfo {
        range,
        markdown: md,
    })
}

fn specifier_note(name: &str, spec: &str, denying: bool) -> String {
    let resolved = catalog()
        .tool(name)
        .filter(|t| t.status == ToolStatus::Alias)
        .and_then(|t| t.replacement.as_deref())
        .unwrap_or(name);
    if resolved == "Agent" {
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
    if name == "*" {
        return if denying {
            "**`*`** · every tool\n\nIn `disallowedTools`, removes every tool from this agent."
                .into()
        } else {
            "**`*`** · every tool\n\nGrants every tool subagents can have, the same as leaving \
             `tools` out."
                .into()
        };
    }
    if let Some(rest) = name.strip_prefix("mcp__") {
        return mcp_markdown(name, rest);
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

fn mcp_markdown(name: &str, rest: &str) -> String {
    let part_ok = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
    };
    let naming = "MCP tools are named `mcp__<server>__<tool>`; `mcp__<server>` or \
                  `mcp__<server>__*` stands for every tool of that server.";
    let (what, server) = match rest.split_once("__") {
        Some((server, "*")) if part_ok(server) => (
            format!("Every tool of the MCP server {}.", code(server)),
            server,
        ),
        Some((server, tool)) if part_ok(server) && part_ok(tool) => (
            format!(
                "The tool {} of the MCP server {}.",
                code(tool),
                code(server)
            ),
            server,
        ),
        None if part_ok(rest) => (
            format!("Every tool of the MCP server {}.", code(rest)),
            rest,
        ),
        _ => {
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
        code(server)
    )
}

// ---------------------------------------------------------------------------
// Body

fn body(
    text: &str,
    a: &Analysis,
    sections: &[Section],
    offset: usize,
    ws: &dyn Workspace,
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

fn file_card(r: &FileRef, ws: &dyn Workspace) -> String {
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

fn longest_backtick_run(s: &str) -> usize {
    s.split(|c| c != '`').map(str::len).max().unwrap_or(0)
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

fn section_card(text: &str, a: &Analysis, chain: &[&Section], ws: &dyn Workspace) -> String {
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

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
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
    let fm = a.frontmatter.as_ref();
    let names_in = |key: &str| -> Option<Vec<String>> {
        let e = fm?.get(key)?;
        Some(
            tool_entries(text, &e.value)
                .into_iter()
                .map(|t| canonical(t.text.split('(').next().unwrap_or_default()))
                .collect(),
        )
    };
    let granted = names_in("tools");
    let denied = names_in("disallowedTools").unwrap_or_default();
    mentions
        .iter()
        .take(MAX_LISTED)
        .map(|m| {
            let tool = cat.tool(&m.name);
            let canon = canonical(&m.name);
            let note = match tool.map(|t| t.status) {
                Some(ToolStatus::Removed) => Some("removed from Claude Code".to_string()),
                Some(ToolStatus::MainOnly) => Some("main conversation only".to_string()),
                _ if denied.contains(&canon) => Some("denied by `disallowedTools`".to_string()),
                _ => match &granted {
                    Some(g) if !g.iter().any(|n| *n == canon || n == "*") => {
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

/// The name a tool entry resolves to: aliases become their replacement.
fn canonical(name: &str) -> String {
    let name = name.trim();
    match catalog().tool(name) {
        Some(t) if t.status == ToolStatus::Alias => {
            t.replacement.clone().unwrap_or_else(|| name.to_string())
        }
        _ => name.to_string(),
    }
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

// ---------------------------------------------------------------------------
// Markdown helpers

/// Inline code that survives backticks in the content.
fn code(s: &str) -> String {
    let run = longest_backtick_run(s);
    if run == 0 {
        return format!("`{s}`");
    }
    let fence = "`".repeat(run + 1);
    format!("{fence} {s} {fence}")
}

/// Plain text with markdown punctuation escaped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\`*_[]<>#|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn clip(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A meaning phrase as a sentence: capital first letter, final period.
fn sentence(s: &str) -> String {
    let mut out = capitalised(s);
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_directories_come_from_the_catalog() {
        let a = crate::analyze("---\nname: keeper\ndescription: d\n---\n", None);
        assert!(memory_meaning(&a, "user").contains("~/.claude/agent-memory/keeper/"));
        assert!(memory_meaning(&a, "project").contains("`.claude/agent-memory/keeper/`"));
        assert!(memory_meaning(&a, "local").contains(".claude/agent-memory-local/keeper/"));
    }

    #[test]
    fn every_catalog_tool_and_key_has_a_card() {
        for t in &catalog().tools {
            let md = tool_markdown(&t.name, false);
            assert!(md.contains(&t.summary), "{}", t.name);
        }
        for f in &catalog().fields {
            assert!(key_card(&f.name, false).contains(&f.summary), "{}", f.name);
        }
    }

    #[test]
    fn numbered_items_and_code_fences() {
        assert_eq!(numbered_item("1. Read it"), Some("Read it"));
        assert_eq!(numbered_item("  12) Go"), Some("Go"));
        assert_eq!(numbered_item("1.5 percent"), None);
        assert_eq!(numbered_item("    1. code"), None);
        assert_eq!(code("a`b"), "`` a`b ``");
    }
}

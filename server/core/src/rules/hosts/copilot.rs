//! GitHub Copilot custom agents (`.github/agents/*.md`) and chat modes
//! (`.github/chatmodes/*.chatmode.md`), driven by `catalog/copilot.toml`.
//!
//! Copilot CLI (1.0.102, measured) reads the front matter as strict YAML
//! and skips a file it cannot read or whose `description` is missing; it
//! ignores the keys it does not know, with a warning in its log.

use std::ops::Range;

use crate::catalog::{CopilotField, CopilotKind, CopilotType, copilot_catalog};
use crate::codes::{self, diag};
use crate::diagnostic::{Diagnostic, replace};
use crate::model::list_entries;
use crate::parse::frontmatter::{FrontMatter, Syntax};
use crate::parse::split::Split;
use crate::parse::yaml::{Node, ScalarKind};

/// The body length github.com accepts, in characters.
const MAX_BODY_CHARS: usize = 30_000;

pub fn check(
    text: &str,
    chat_mode: bool,
    split: &Split,
    fm: Option<&FrontMatter>,
    out: &mut Vec<Diagnostic>,
) {
    let first_line = 0..text.find(['\n', '\r']).unwrap_or(text.len());
    if chat_mode {
        out.push(diag(
            codes::COPILOT_CHAT_MODE_LEGACY,
            first_line.clone(),
            "Chat modes are the former name of custom agents: move this file to \
             `.github/agents/` as `<name>.agent.md` (same fields) to keep it working as VS Code \
             retires chat modes."
                .into(),
        ));
    }
    let parts = match split {
        Split::FrontMatter(parts) => parts,
        Split::None => {
            let message = if chat_mode {
                "No front matter: Copilot skips this chat mode. Start the file with `---`, a \
                 `description:` line and `---`."
            } else {
                "No front matter: Copilot CLI reads every `.md` here as an agent and skips this \
                 one with an error. Start the file with `---`, a `description:` line and `---`, \
                 or move documentation out of `.github/agents/`."
            };
            out.push(diag(
                codes::COPILOT_NO_FRONTMATTER,
                first_line,
                message.into(),
            ));
            return;
        }
        Split::Unclosed { open } => {
            out.push(diag(
                codes::COPILOT_NO_FRONTMATTER,
                open.clone(),
                "This front matter is never closed, so Copilot CLI skips the agent: add a \
                 `---` line after the last field."
                    .into(),
            ));
            return;
        }
        Split::Displaced { fence } => {
            out.push(
                diag(
                    codes::COPILOT_NO_FRONTMATTER,
                    fence.clone(),
                    "Front matter must open with `---` on the first line: Copilot CLI does not \
                     find this one and skips the agent. Delete the lines before it."
                        .into(),
                )
                .with_fix(
                    "Remove the lines before the front matter",
                    replace(text.starts_with('\u{feff}') as usize * 3..fence.start, ""),
                    true,
                ),
            );
            return;
        }
    };
    body_length(text, parts.body_start, out);
    let Some(fm) = fm else { return };
    match &fm.syntax {
        Syntax::Broken(failures) => {
            for f in failures {
                out.push(diag(
                    codes::COPILOT_YAML_REJECTED,
                    f.range.clone(),
                    format!(
                        "Copilot CLI cannot read this YAML and skips the agent: {}",
                        as_copilot(&f.message)
                    ),
                ));
            }
            return;
        }
        Syntax::Rescued { needed, lax } => {
            for range in needed {
                let value = &text[range.clone()];
                out.push(
                    diag(
                        codes::COPILOT_YAML_REJECTED,
                        range.clone(),
                        "Copilot CLI reads front matter as strict YAML, which rejects this \
                         unquoted value (a `: ` or `#` in it): the agent is skipped. Quote it."
                            .into(),
                    )
                    .with_fix(
                        "Quote the value",
                        replace(range.clone(), quoted(value)),
                        true,
                    ),
                );
            }
            for l in lax.iter().filter(|l| l.breaks_other_readers()) {
                out.push(diag(
                    codes::COPILOT_YAML_REJECTED,
                    l.range.clone(),
                    "Copilot CLI reads front matter as strict YAML, which rejects a tab in \
                     the indentation: the agent is skipped. Indent with spaces."
                        .into(),
                ));
            }
        }
        Syntax::Strict => {}
    }
    let kind = if chat_mode {
        CopilotKind::ChatMode
    } else {
        CopilotKind::Agent
    };
    keys(text, kind, fm, parts.open.clone(), out);
}

/// A plain value made a double-quoted YAML string with the same text.
fn quoted(value: &str) -> String {
    let escaped = value.trim().replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\"")
}

fn body_length(text: &str, body_start: usize, out: &mut Vec<Diagnostic>) {
    let body = &text[body_start..];
    if let Some((cut, _)) = body.char_indices().nth(MAX_BODY_CHARS) {
        let chars = body.chars().count();
        out.push(diag(
            codes::COPILOT_BODY_TOO_LONG,
            body_start + cut..text.len(),
            format!(
                "The prompt is {chars} characters long: github.com accepts at most 30,000 \
                 for a custom agent. Shorten it, or move reference material to files the \
                 agent reads."
            ),
        ));
    }
}

fn keys(
    text: &str,
    kind: CopilotKind,
    fm: &FrontMatter,
    open: Range<usize>,
    out: &mut Vec<Diagnostic>,
) {
    let catalog = copilot_catalog();
    for field in catalog.fields_of(kind).filter(|f| f.required) {
        let missing = match fm.get(&field.name) {
            None => true,
            Some(e) => e.value.as_str().is_none_or(|s| s.trim().is_empty()),
        };
        if missing {
            out.push(diag(
                codes::COPILOT_DESCRIPTION_MISSING,
                fm.get(&field.name).map_or(open.clone(), |e| e.key.range()),
                format!(
                    "Copilot CLI and github.com skip an agent without a `{}`: add one saying \
                     what the agent does and when to use it.",
                    field.name
                ),
            ));
        }
    }
    for entry in fm.entries() {
        let Some(key) = entry.key.as_str() else {
            continue;
        };
        let at = entry.key.range();
        match catalog.field(key).filter(|f| f.applies_to.contains(&kind)) {
            Some(field) => {
                // Read by VS Code, ignored (with a warning) by Copilot CLI.
                if field.name == "handoffs" {
                    out.push(diag(
                        codes::COPILOT_HANDOFFS_VSCODE_ONLY,
                        at,
                        "`handoffs` only work in VS Code: Copilot CLI and github.com ignore \
                         them. Fine if the agent is for VS Code."
                            .into(),
                    ));
                }
                value(text, kind, field, &entry.value, out);
            }
            None => unknown(key, &entry.value, at, kind, out),
        }
    }
}

fn unknown(key: &str, v: &Node, at: Range<usize>, kind: CopilotKind, out: &mut Vec<Diagnostic>) {
    let catalog = copilot_catalog();
    let d = match key {
        // Still read, as a boolean: another value skips the agent.
        "infer"
            if kind == CopilotKind::Agent
                && v.as_scalar().is_none_or(|s| s.kind != ScalarKind::Bool) =>
        {
            diag(
                codes::COPILOT_VALUE_REJECTED,
                v.range(),
                format!(
                    "`infer` must be `true` or `false`, not {}: Copilot CLI skips this agent. \
                     Better, write `disable-model-invocation: true` for `infer: false`.",
                    v.kind_name()
                ),
            )
        }
        "user-invokable" if kind == CopilotKind::Agent => diag(
            codes::COPILOT_USER_INVOKABLE,
            at.clone(),
            "`user-invokable` is VS Code's spelling: Copilot CLI and github.com read \
             `user-invocable` and ignore this key. Write `user-invocable` for them; keep both \
             keys if the agent is for VS Code too."
                .into(),
        )
        .with_fix(
            "Rename to `user-invocable`",
            replace(at, "user-invocable"),
            false,
        ),
        "infer" => diag(
            codes::COPILOT_INFER_RETIRED,
            at,
            "`infer` is the former key: Copilot CLI still reads it, newer Copilot documents \
             `disable-model-invocation` (`infer: false` is `disable-model-invocation: true`) and \
             `user-invocable: false` to hide the agent from the picker."
                .into(),
        ),
        _ => {
            let hint = catalog.key_hints.get(key).filter(|to| {
                catalog
                    .field(to)
                    .is_some_and(|f| f.applies_to.contains(&kind))
            });
            let what = if kind == CopilotKind::ChatMode {
                "a chat mode"
            } else {
                "a custom agent"
            };
            let mut d = diag(
                codes::COPILOT_UNKNOWN_FIELD,
                at.clone(),
                match hint {
                    Some(to) => format!("Copilot does not read `{key}`: did you mean `{to}`?"),
                    None => format!(
                        "Copilot does not read `{key}` in {what}: the key is ignored. Remove it."
                    ),
                },
            );
            if let Some(to) = hint {
                d = d.with_fix(format!("Rename to `{to}`"), replace(at, to.clone()), true);
            }
            d
        }
    };
    out.push(d);
}

/// The fields whose type Copilot CLI checks when it loads an agent (1.0.102,
/// measured): a value of another type makes it skip the whole file.
const CLI_CHECKED: &[&str] = &[
    "name",
    "description",
    "tools",
    "model",
    "user-invocable",
    "disable-model-invocation",
    "mcp-servers",
];

fn value(text: &str, kind: CopilotKind, field: &CopilotField, v: &Node, out: &mut Vec<Diagnostic>) {
    let name = &field.name;
    let is_str = v.as_str().is_some();
    let is_bool = v.as_scalar().is_some_and(|s| s.kind == ScalarKind::Bool);
    let is_list = matches!(v, Node::Seq { .. });
    let is_map = matches!(v, Node::Map { .. });
    let is_null = v.as_scalar().is_some_and(|s| s.kind == ScalarKind::Null);
    let wanted = match field.kind {
        CopilotType::String if !is_str => Some("a string"),
        CopilotType::Bool if !is_bool => Some("`true` or `false`"),
        CopilotType::Tools | CopilotType::Names if !is_list && !is_str => Some("a list of names"),
        CopilotType::Model if !is_list && !is_str => Some("a model name or a list of them"),
        CopilotType::Object if !is_map && !is_null => Some("a mapping"),
        CopilotType::Handoffs if !is_list => Some("a list of handoffs"),
        CopilotType::Target if !is_str => Some("`vscode` or `github-copilot`"),
        _ => None,
    };
    if let Some(wanted) = wanted {
        let d = if kind == CopilotKind::Agent && CLI_CHECKED.contains(&name.as_str()) {
            diag(
                codes::COPILOT_VALUE_REJECTED,
                v.range(),
                format!(
                    "`{name}` must be {wanted}, not {}: Copilot CLI skips this agent. {}",
                    v.kind_name(),
                    if is_str && field.kind == CopilotType::Bool {
                        "Write `true` or `false` (`yes`, `no` and quoted words are strings)."
                    } else {
                        "Give it a value of that type, or delete the line."
                    }
                ),
            )
        } else {
            diag(
                codes::COPILOT_VALUE_INVALID,
                v.range(),
                format!(
                    "`{name}` should be {wanted}, not {}: Copilot does not use this value.",
                    v.kind_name()
                ),
            )
        };
        out.push(d);
        return;
    }
    if kind == CopilotKind::Agent && name == "mcp-servers" {
        mcp_servers(v, out);
    }
    if field.kind == CopilotType::Target
        && let Some(s) = v.as_str()
        && !field.values.iter().any(|x| x == s)
    {
        out.push(diag(
            codes::COPILOT_VALUE_INVALID,
            v.range(),
            format!(
                "`target: {s}` is not a Copilot target: write `vscode` or `github-copilot`, or \
                 leave `target` out for both."
            ),
        ));
    }
    if field.kind == CopilotType::Tools {
        tools(text, v, out);
    }
}

/// Each MCP server must list its `tools` (`["*"]` for all), and a local one
/// (with a `command`) its `args`, even `[]`: without them Copilot CLI skips
/// the agent (measured: "mcp-servers.notes.tools: Required", "….args: Required").
fn mcp_servers(v: &Node, out: &mut Vec<Diagnostic>) {
    let Node::Map { entries, .. } = v else { return };
    for server in entries {
        let Node::Map { entries: keys, .. } = &server.value else {
            continue;
        };
        let has = |k: &str| keys.iter().any(|e| e.key.as_str() == Some(k));
        let name = server.key.as_str().unwrap_or("this server");
        let mut missing = Vec::new();
        if !has("tools") {
            missing.push("`tools` (`[\"*\"]` for all of them)");
        }
        if has("command") && !has("args") {
            missing.push("`args` (`[]` if the command takes none)");
        }
        if !missing.is_empty() {
            out.push(diag(
                codes::COPILOT_VALUE_REJECTED,
                server.key.range(),
                format!(
                    "The MCP server `{name}` needs {}: without, Copilot CLI skips this agent.",
                    missing.join(" and ")
                ),
            ));
        }
    }
}

/// Tool names Copilot does not resolve: ignored, so the agent lacks them.
fn tools(text: &str, v: &Node, out: &mut Vec<Diagnostic>) {
    let catalog = copilot_catalog();
    for (name, range) in list_entries(text, v) {
        // `server/tool`, `server/*`: MCP tools (and VS Code's tool sets).
        if name.contains('/') || catalog.knows_tool(&name) {
            continue;
        }
        out.push(diag(
            codes::COPILOT_TOOL_UNKNOWN,
            range,
            format!(
                "Copilot does not know the tool `{name}` and ignores it: use an alias \
                 (`execute`, `read`, `edit`, `search`, `agent`, `web`, `todo`), or \
                 `server/tool` for an MCP server's tool."
            ),
        ));
    }
}

/// A YAML failure told for Copilot CLI: the parser's words are the same,
/// what Claude Code does with the file is not the point here.
fn as_copilot(message: &str) -> String {
    message
        .replace(
            "; Claude Code cannot read the front matter and skips the agent",
            "",
        )
        .replace(
            "Claude Code cannot rescue it and skips the agent",
            "Copilot CLI skips the agent",
        )
        .replace("Claude Code skips the agent", "Copilot CLI skips the agent")
}

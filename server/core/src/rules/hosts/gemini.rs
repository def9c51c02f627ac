//! Gemini CLI subagents (`.gemini/agents/*.md`, `~/.gemini/agents/*.md`).
//! Measured with Gemini CLI 0.61.0: the front matter is strict YAML, checked
//! against a strict schema; any failure rejects the agent ("Agent loading
//! error") while the CLI itself runs on.

use std::ops::Range;

use crate::catalog::gemini_tool_known;
use crate::codes::{self, diag};
use crate::diagnostic::{Diagnostic, replace};
use crate::model::list_entries;
use crate::parse::frontmatter::{FrontMatter, Syntax};
use crate::parse::split::Split;
use crate::parse::yaml::{Node, ScalarKind};

/// The keys of a local agent in 0.61.0's schema.
const KEYS: &[&str] = &[
    "kind",
    "name",
    "description",
    "display_name",
    "tools",
    "mcp_servers",
    "model",
    "temperature",
    "max_turns",
    "timeout_mins",
];

/// The keys of a remote agent (`kind: remote`), also a strict schema.
const REMOTE_KEYS: &[&str] = &[
    "kind",
    "name",
    "description",
    "display_name",
    "auth",
    "agent_card_url",
    "agent_card_json",
];

/// Keys from other hosts' agents, with Gemini's spelling.
const HINTS: &[(&str, &str)] = &[
    ("mcpServers", "mcp_servers"),
    ("mcp-servers", "mcp_servers"),
    ("maxTurns", "max_turns"),
    ("timeoutMins", "timeout_mins"),
    ("displayName", "display_name"),
];

pub fn check(text: &str, split: &Split, fm: Option<&FrontMatter>, out: &mut Vec<Diagnostic>) {
    let first_line = 0..text.find(['\n', '\r']).unwrap_or(text.len());
    if text.starts_with('\u{feff}') {
        // Measured: Gemini CLI matches `---` at the very first byte.
        out.push(
            diag(
                codes::GEMINI_NO_FRONTMATTER,
                first_line,
                "Gemini CLI does not see front matter after a byte-order mark and rejects the \
                 subagent: save the file as UTF-8 without BOM."
                    .into(),
            )
            .with_fix("Remove the byte-order mark", replace(0..3, ""), true),
        );
        return;
    }
    let open = match split {
        Split::FrontMatter(parts) => parts.open.clone(),
        Split::None => return no_front_matter(first_line, out),
        Split::Unclosed { open } => return no_front_matter(open.clone(), out),
        Split::Displaced { fence } => return no_front_matter(fence.clone(), out),
    };
    let Some(fm) = fm else { return };
    match &fm.syntax {
        Syntax::Broken(failures) => {
            for f in failures {
                rejected(f.range.clone(), out);
            }
            return;
        }
        Syntax::Rescued { needed, lax } => {
            let lax = lax.iter().filter(|l| l.breaks_other_readers());
            for range in needed.iter().chain(lax.map(|l| &l.range)) {
                rejected(range.clone(), out);
            }
        }
        Syntax::Strict => {}
    }
    for key in ["name", "description"] {
        let empty = fm
            .get(key)
            .is_none_or(|e| e.value.as_str().is_none_or(|s| s.trim().is_empty()));
        if empty {
            let at = fm.get(key).map_or(open.clone(), |e| e.key.range());
            out.push(diag(
                codes::GEMINI_FIELD_MISSING,
                at,
                format!(
                    "Gemini CLI rejects a subagent without a `{key}` (a non-empty string): add \
                     one."
                ),
            ));
        }
    }
    if let Some(e) = fm.get("name")
        && let Some(name) = e.value.as_str()
        && !name.trim().is_empty()
        && !is_slug(name)
    {
        out.push(diag(
            codes::GEMINI_NAME_INVALID,
            e.value.range(),
            format!(
                "Gemini CLI rejects the name `{name}`: a subagent's name is a slug of lowercase \
                 letters, digits, `-` and `_` (it becomes a tool name). Use `display_name` for \
                 the name shown."
            ),
        ));
    }
    if let Some(e) = fm.get("tools")
        && !matches!(e.value, Node::Seq { .. })
    {
        out.push(diag(
            codes::GEMINI_TOOLS_NOT_LIST,
            e.value.range(),
            format!(
                "Gemini CLI rejects `tools` as {}: write a list of Gemini's tool names \
                 (`[read_file, grep_search]`).",
                e.value.kind_name()
            ),
        ));
    }
    let remote = fm.get("kind").and_then(|e| e.value.as_str()) == Some("remote");
    if remote
        && let Some(kind) = fm.get("kind")
        && fm.get("agent_card_url").is_none()
        && fm.get("agent_card_json").is_none()
    {
        out.push(diag(
            codes::GEMINI_FIELD_MISSING,
            kind.key.range(),
            "Gemini CLI rejects a remote subagent without its agent card: add \
             `agent_card_url` (or `agent_card_json`), or remove `kind: remote` for a local one."
                .into(),
        ));
    }
    let keys = if remote { REMOTE_KEYS } else { KEYS };
    for entry in fm.entries() {
        let Some(key) = entry.key.as_str() else {
            continue;
        };
        if !keys.contains(&key) {
            unknown(key, entry.key.range(), out);
            continue;
        }
        value(text, key, &entry.value, out);
    }
}

/// The values Gemini CLI's schema checks beyond presence: any mismatch
/// rejects the subagent. An empty value is null, which no field accepts.
fn value(text: &str, key: &str, v: &Node, out: &mut Vec<Diagnostic>) {
    let scalar = v.as_scalar();
    let number = scalar.is_some_and(|s| matches!(s.kind, ScalarKind::Int | ScalarKind::Float));
    let wanted = match key {
        "display_name" | "model" | "agent_card_url" | "agent_card_json" if v.as_str().is_none() => {
            Some("a string")
        }
        "temperature" if !number => Some("a number"),
        "max_turns" | "timeout_mins" if !scalar.is_some_and(positive_integer) => {
            Some("a whole number above 0")
        }
        "kind" if !matches!(v.as_str(), Some("local" | "remote")) => Some("`local` or `remote`"),
        "mcp_servers" | "auth" if !matches!(v, Node::Map { .. }) => Some("a mapping"),
        "tools" => return tools(text, v, out),
        _ => None,
    };
    let Some(wanted) = wanted else { return };
    let shown = match v.as_scalar() {
        Some(s) if s.kind == ScalarKind::Str => format!("the string `{}`", s.text),
        Some(s) if s.kind != ScalarKind::Null => format!("`{}`", s.text),
        _ => v.kind_name().to_string(),
    };
    out.push(diag(
        codes::GEMINI_VALUE_INVALID,
        v.range(),
        format!("Gemini CLI rejects the subagent: `{key}` must be {wanted}, not {shown}."),
    ));
}

fn positive_integer(s: &crate::parse::yaml::Scalar) -> bool {
    match s.kind {
        ScalarKind::Int => s
            .text
            .trim_start_matches('+')
            .parse::<u64>()
            .is_ok_and(|n| n > 0),
        // `5.0` is the number 5 once read.
        ScalarKind::Float => s
            .text
            .parse::<f64>()
            .is_ok_and(|n| n > 0.0 && n.fract() == 0.0),
        _ => false,
    }
}

/// Each `tools` entry must be a tool Gemini CLI knows (the list itself is
/// AG225's): one unknown name rejects the whole subagent.
fn tools(text: &str, v: &Node, out: &mut Vec<Diagnostic>) {
    let Node::Seq { items, .. } = v else { return };
    for item in items.iter().filter(|i| i.as_str().is_none()) {
        out.push(diag(
            codes::GEMINI_TOOL_INVALID,
            item.range(),
            format!(
                "Gemini CLI rejects the subagent: a `tools` entry is a tool name, not {}.",
                item.kind_name()
            ),
        ));
    }
    for (name, range) in list_entries(text, v) {
        if gemini_tool_known(&name) {
            continue;
        }
        let hint = claude_tool(&name)
            .map(|to| format!(" (Gemini's name for it is `{to}`)"))
            .unwrap_or_default();
        out.push(diag(
            codes::GEMINI_TOOL_INVALID,
            range,
            format!(
                "Gemini CLI does not know the tool `{name}`{hint} and rejects the subagent: use \
                 its tool names (`read_file`, `grep_search`, `run_shell_command`…), `*`, or \
                 `mcp_<server>_<tool>`."
            ),
        ));
    }
}

/// Gemini's tool for a Claude Code tool name, for the message.
fn claude_tool(name: &str) -> Option<&'static str> {
    Some(match name {
        "Read" => "read_file",
        "Grep" => "grep_search",
        "Glob" => "glob",
        "Bash" => "run_shell_command",
        "Edit" | "MultiEdit" => "replace",
        "Write" => "write_file",
        "WebFetch" => "web_fetch",
        "WebSearch" => "google_web_search",
        "TodoWrite" => "write_todos",
        "LS" | "ls" => "list_directory",
        _ => return None,
    })
}

fn unknown(key: &str, at: Range<usize>, out: &mut Vec<Diagnostic>) {
    let hint = HINTS
        .iter()
        .find(|(from, _)| *from == key)
        .map(|(_, to)| *to);
    let mut d = diag(
        codes::GEMINI_UNKNOWN_KEY,
        at.clone(),
        match hint {
            Some(to) => format!("Gemini CLI rejects a subagent with `{key}`: the key is `{to}`."),
            None => format!(
                "Gemini CLI rejects a subagent with a key it does not know: remove `{key}`."
            ),
        },
    );
    if let Some(to) = hint {
        d = d.with_fix(format!("Rename to `{to}`"), replace(at, to), true);
    }
    out.push(d);
}

fn no_front_matter(at: Range<usize>, out: &mut Vec<Diagnostic>) {
    out.push(diag(
        codes::GEMINI_NO_FRONTMATTER,
        at,
        "Gemini CLI rejects a subagent without front matter on its first line: start the file \
         with `---`, `name:`, `description:` and `---`."
            .into(),
    ));
}

fn rejected(at: Range<usize>, out: &mut Vec<Diagnostic>) {
    out.push(diag(
        codes::GEMINI_YAML_REJECTED,
        at,
        "Gemini CLI reads front matter as strict YAML, which rejects this (an unquoted `: `, a \
         tab): the subagent is not loaded. Quote the value."
            .into(),
    ));
}

fn is_slug(name: &str) -> bool {
    name.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

//! Gemini CLI subagents (`.gemini/agents/*.md`, `~/.gemini/agents/*.md`).
//! Measured with Gemini CLI 0.61.0: the front matter is strict YAML, checked
//! against a strict schema; any failure rejects the agent ("Agent loading
//! error") while the CLI itself runs on.

use std::ops::Range;

use crate::codes::{self, diag};
use crate::diagnostic::{Diagnostic, replace};
use crate::parse::frontmatter::{FrontMatter, Syntax};
use crate::parse::split::Split;
use crate::parse::yaml::Node;

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
            for range in needed.iter().chain(lax.iter().map(|l| &l.range)) {
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
    // A remote agent (`kind: remote`) takes other keys: not judged here.
    if fm.get("kind").and_then(|e| e.value.as_str()) == Some("remote") {
        return;
    }
    for entry in fm.entries() {
        let Some(key) = entry.key.as_str() else {
            continue;
        };
        if !KEYS.contains(&key) {
            unknown(key, entry.key.range(), out);
        }
    }
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

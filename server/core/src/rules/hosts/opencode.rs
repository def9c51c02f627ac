//! OpenCode agents (`.opencode/agent(s)/`, `~/.config/opencode/agent(s)/`,
//! `mode(s)/`). Measured with OpenCode 1.18.33: one invalid value among
//! these makes OpenCode refuse to start at all, so each is an error. Broken
//! YAML is not reported: OpenCode then loads the file as a plain prompt.

use crate::codes::{self, diag};
use crate::diagnostic::Diagnostic;
use crate::parse::frontmatter::FrontMatter;
use crate::parse::yaml::{Node, ScalarKind};

/// The theme colors OpenCode accepts besides `#RRGGBB`.
const THEME_COLORS: &[&str] = &[
    "primary",
    "secondary",
    "accent",
    "success",
    "warning",
    "error",
    "info",
];
const MODES: &[&str] = &["subagent", "primary", "all"];
const ACTIONS: &[&str] = &["allow", "ask", "deny"];

/// The type OpenCode's schema wants for a field.
#[derive(Clone, Copy)]
enum Want {
    Str,
    Number,
    Bool,
}

/// Fields whose wrong type was measured to stop OpenCode 1.18.33 (an empty
/// value too: its schema allows a missing key, not a null).
const TYPED: &[(&str, Want)] = &[
    ("description", Want::Str),
    ("model", Want::Str),
    ("temperature", Want::Number),
    ("top_p", Want::Number),
    ("steps", Want::Number),
    ("disable", Want::Bool),
    ("hidden", Want::Bool),
];

pub fn check(_text: &str, fm: Option<&FrontMatter>, out: &mut Vec<Diagnostic>) {
    let Some(fm) = fm.filter(|fm| fm.root.is_some()) else {
        return;
    };
    if let Some(e) = fm.get("color") {
        let shown = match e.value.as_str() {
            Some(c) if is_hex(c) || THEME_COLORS.contains(&c) => None,
            Some(c) => Some(format!("`color: {c}`")),
            // An unquoted `#1E90FF` is a YAML comment: the value is empty.
            None if is_null(&e.value) => {
                Some("an empty `color` (quote a hex color: `\"#1E90FF\"`)".to_string())
            }
            None => Some(format!("`color` as {}", e.value.kind_name())),
        };
        if let Some(shown) = shown {
            out.push(diag(
                codes::OPENCODE_COLOR_INVALID,
                e.value.range(),
                format!(
                    "OpenCode refuses to start with {shown}: write a hex color like \
                     `#FF6B6B` or a theme color ({}).",
                    THEME_COLORS.join(", ")
                ),
            ));
        }
    }
    if let Some(e) = fm.get("tools")
        && matches!(e.value, Node::Seq { .. }) | e.value.as_str().is_some()
    {
        out.push(diag(
            codes::OPENCODE_TOOLS_NOT_MAP,
            e.value.range(),
            format!(
                "OpenCode refuses to start with `tools` as {}: it wants a map of tool names to \
                 true or false (`tools:` then `  write: false`), or better a `permission` map.",
                e.value.kind_name()
            ),
        ));
    }
    if let Some(e) = fm.get("mode")
        && !e.value.as_str().is_some_and(|m| MODES.contains(&m))
    {
        let shown = match e.value.as_str() {
            Some(mode) => format!("`mode: {mode}`"),
            None => format!("`mode` {}", e.value.kind_name()),
        };
        out.push(diag(
            codes::OPENCODE_MODE_INVALID,
            e.value.range(),
            format!(
                "OpenCode refuses to start with {shown}: write `subagent`, `primary` or `all`, \
                 or leave `mode` out."
            ),
        ));
    }
    if let Some(Node::Map { entries, .. }) = fm.get("tools").map(|e| &e.value) {
        for t in entries {
            if !is_kind(&t.value, ScalarKind::Bool) {
                let tool = t.key.as_str().unwrap_or("?");
                value_invalid(out, &t.value, &format!("tools.{tool}"), "true or false");
            }
        }
    }
    for &(key, want) in TYPED {
        if let Some(e) = fm.get(key) {
            let ok = match want {
                Want::Str => e.value.as_str().is_some(),
                Want::Number => {
                    is_kind(&e.value, ScalarKind::Int) || is_kind(&e.value, ScalarKind::Float)
                }
                Want::Bool => is_kind(&e.value, ScalarKind::Bool),
            };
            if !ok {
                let wanted = match want {
                    Want::Str => "a string",
                    Want::Number => "a number (unquoted)",
                    Want::Bool => "true or false (unquoted)",
                };
                value_invalid(out, &e.value, key, wanted);
            }
        }
    }
    if let Some(e) = fm.get("permission") {
        check_permission(&e.value, out);
    }
}

/// `permission`: one action for everything, or a map of permissions to an
/// action or to a map of patterns to actions.
fn check_permission(value: &Node, out: &mut Vec<Diagnostic>) {
    let wanted = "allow, ask or deny";
    match value {
        Node::Map { entries, .. } => {
            for p in entries {
                let name = p.key.as_str().unwrap_or("?");
                match &p.value {
                    Node::Map { entries, .. } => {
                        for rule in entries {
                            if !is_action(&rule.value) {
                                let pattern = rule.key.as_str().unwrap_or("?");
                                let at = format!("permission.{name}.{pattern}");
                                value_invalid(out, &rule.value, &at, wanted);
                            }
                        }
                    }
                    v if !is_action(v) => {
                        value_invalid(out, v, &format!("permission.{name}"), wanted)
                    }
                    _ => {}
                }
            }
        }
        v if !is_action(v) => value_invalid(
            out,
            v,
            "permission",
            "allow, ask or deny, or a map (`edit: deny`)",
        ),
        _ => {}
    }
}

fn value_invalid(out: &mut Vec<Diagnostic>, value: &Node, at: &str, wanted: &str) {
    out.push(diag(
        codes::OPENCODE_VALUE_INVALID,
        value.range(),
        format!(
            "OpenCode refuses to start with `{at}` {}: it wants {wanted}.",
            value.kind_name()
        ),
    ));
}

fn is_action(value: &Node) -> bool {
    value.as_str().is_some_and(|a| ACTIONS.contains(&a))
}

fn is_kind(value: &Node, kind: ScalarKind) -> bool {
    value.as_scalar().is_some_and(|s| s.kind == kind)
}

fn is_null(value: &Node) -> bool {
    is_kind(value, ScalarKind::Null)
}

fn is_hex(color: &str) -> bool {
    color.len() == 7 && color.starts_with('#') && color[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

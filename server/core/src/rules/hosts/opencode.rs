//! OpenCode agents (`.opencode/agent(s)/`, `~/.config/opencode/agent(s)/`,
//! `mode(s)/`). Measured with OpenCode 1.18.33: one invalid value among
//! these makes OpenCode refuse to start at all, so each is an error. Broken
//! YAML is not reported: OpenCode then loads the file as a plain prompt.

use crate::codes::{self, diag};
use crate::diagnostic::Diagnostic;
use crate::parse::frontmatter::FrontMatter;
use crate::parse::yaml::Node;

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

pub fn check(_text: &str, fm: Option<&FrontMatter>, out: &mut Vec<Diagnostic>) {
    let Some(fm) = fm.filter(|fm| fm.root.is_some()) else {
        return;
    };
    if let Some(e) = fm.get("color")
        && let Some(color) = e.value.as_str()
        && !is_hex(color)
        && !THEME_COLORS.contains(&color)
    {
        out.push(diag(
            codes::OPENCODE_COLOR_INVALID,
            e.value.range(),
            format!(
                "OpenCode refuses to start with `color: {color}`: write a hex color like \
                 `#FF6B6B` or a theme color ({}).",
                THEME_COLORS.join(", ")
            ),
        ));
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
        && let Some(mode) = e.value.as_str()
        && !MODES.contains(&mode)
    {
        out.push(diag(
            codes::OPENCODE_MODE_INVALID,
            e.value.range(),
            format!(
                "OpenCode refuses to start with `mode: {mode}`: write `subagent`, `primary` or \
                 `all`."
            ),
        ));
    }
}

fn is_hex(color: &str) -> bool {
    color.len() == 7 && color.starts_with('#') && color[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

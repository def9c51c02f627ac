//! Where the front matter is, and whether its YAML reads the same everywhere.

use super::context::Context;
use crate::codes;
use crate::codes::diag;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::replace;
use crate::parse::frontmatter::Syntax;
use crate::parse::retry;
use crate::parse::split::Split;
use crate::parse::yaml::{Node, Style};

/// Diagnostics for a file whose front matter Claude Code does not find.
pub fn check_split(text: &str, split: &Split, out: &mut Vec<Diagnostic>) {
    match split {
        Split::Displaced { fence } => out.push(
            diag(
                codes::FRONTMATTER_NOT_AT_START,
                fence.clone(),
                "Claude Code only reads front matter that opens with `---` on the first line; \
                 the lines before this one hide it, so the agent is not loaded. Delete them."
                    .into(),
            )
            .with_fix(
                "Remove the lines before the front matter",
                replace(text.starts_with('\u{feff}') as usize * 3..fence.start, ""),
                true,
            ),
        ),
        Split::Unclosed { open } => out.push(diag(
            codes::FRONTMATTER_UNCLOSED,
            open.clone(),
            "This front matter is never closed: add a `---` line after the last field. Until \
             then Claude Code does not load the agent."
                .into(),
        )),
        Split::None => out.push(diag(
            codes::NOT_AN_AGENT,
            0..text.find(['\n', '\r']).unwrap_or(text.len()),
            "No front matter, so this is not an agent: Claude Code skips it as documentation. \
             To define an agent, start the file with `---`, `name:`, `description:` and `---`."
                .into(),
        )),
        Split::FrontMatter(_) => {}
    }
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    if let Syntax::Rescued { needed } = &cx.fm.syntax {
        for range in needed {
            let value = &cx.text[range.clone()];
            let mut d = diag(
                codes::YAML_STRICT_REJECTS,
                range.clone(),
                format!(
                    "Strict YAML rejects this unquoted value ({}). Claude Code still loads it \
                     through its fallback parser, but Copilot CLI, OpenCode, PyYAML and other \
                     tools reading agent files fail on the whole file. Quote it or make it a \
                     block scalar.",
                    why_strict_fails(value)
                ),
            );
            let loaded = loaded_text(cx.text, range.clone());
            if let Some(edit) = block_scalar(cx.text, range.clone(), &loaded) {
                d = d.with_fix("Rewrite as a block scalar (same loaded text)", edit, true);
            }
            d = d.with_fix(
                "Quote the value (same loaded text)",
                replace(range.clone(), double_quoted(&loaded)),
                false,
            );
            out.push(d);
        }
    }
    if cx.parts.close_is_inline {
        let lost: Vec<&str> = following_keys(cx.text, cx.parts.close.end);
        let tail = if lost.is_empty() {
            String::new()
        } else {
            format!(
                " This drops {}.",
                lost.iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        out.push(diag(
            codes::FRONTMATTER_CUT,
            cx.parts.close.clone(),
            format!(
                "Claude Code ends the front matter at the first `---`, even inside a value: the \
                 value stops here and everything after it becomes the system prompt.{tail} \
                 Write it another way (e.g. `—`)."
            ),
        ));
    }
    for entry in cx.fm.entries() {
        comment_truncates(cx, &entry.key, &entry.value, out);
    }
}

fn why_strict_fails(value: &str) -> &'static str {
    if value.contains(": ") {
        "`: ` inside a plain value starts a nested mapping"
    } else if value.starts_with(['[', '{']) {
        "it starts with a flow-collection bracket"
    } else if value.starts_with(['*', '&', '!', '@', '`', '%', '|', '>']) {
        "it starts with a YAML indicator character"
    } else if value.contains('\t') {
        "it contains a tab"
    } else {
        "it contains YAML indicator characters"
    }
}

/// ` #x` inside a plain scalar: YAML reads a comment and drops the rest.
fn comment_truncates(cx: &Context, key: &Node, value: &Node, out: &mut Vec<Diagnostic>) {
    let Node::Scalar(s) = value else { return };
    if s.style != Style::Plain || s.range.is_empty() {
        return;
    }
    let line_end = cx.text[s.range.end..]
        .find(['\n', '\r'])
        .map_or(cx.text.len(), |i| s.range.end + i);
    let rest = &cx.text[s.range.end..line_end];
    let Some(hash) = rest.find('#') else { return };
    // `# note` with a space reads as an intended comment; `#123` as lost text.
    let after = &rest[hash + 1..];
    if !rest[..hash].chars().all(char::is_whitespace)
        || hash == 0
        || after.starts_with([' ', '\t'])
        || after.is_empty()
    {
        return;
    }
    let comment = s.range.end + hash..line_end;
    let full = cx.text[s.range.start..line_end].trim_end();
    let key_name = key.as_str().unwrap_or("value");
    out.push(
        diag(
            codes::COMMENT_TRUNCATES,
            comment.clone(),
            format!(
                "` #` starts a YAML comment: Claude Code loads `{key_name}` as \"{}\" and drops \
                 \"{}\". Quote the value to keep it.",
                s.text,
                cx.text[comment].trim_end()
            ),
        )
        .with_fix(
            "Quote the value",
            replace(
                s.range.start..s.range.start + full.len(),
                retry::quote(full),
            ),
            true,
        ),
    );
}

/// Keys at the start of lines after `from` up to the next `---` line.
fn following_keys(text: &str, from: usize) -> Vec<&str> {
    let mut keys = Vec::new();
    let rest = &text[from..];
    for line in rest.lines().skip(1) {
        if line.trim_end() == "---" {
            break;
        }
        if let Some(kl) = retry::key_line(line, 0) {
            keys.push(&line[kl.key]);
        } else if let Some(k) = line.strip_suffix(':').filter(|k| !k.contains(' ')) {
            keys.push(k);
        }
    }
    keys
}

/// The text Claude Code loads from a rescued value: the raw text, with
/// every `\n` sequence made a line break for `description` only (the one
/// field it normalises; see `analysis::loaded`).
fn loaded_text(text: &str, value: std::ops::Range<usize>) -> String {
    let raw = &text[value.clone()];
    let line_start = text[..value.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[value.end..]
        .find('\n')
        .map_or(text.len(), |i| value.end + i);
    let is_description = retry::key_line(&text[line_start..line_end], line_start)
        .is_some_and(|kl| &text[kl.key] == "description");
    if is_description {
        raw.replace("\\n", "\n")
    } else {
        raw.to_string()
    }
}

/// YAML's printable set (c-printable), minus the BOM: anything else cannot
/// be written literally in a block scalar.
fn printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && c != '\u{feff}'
}

/// Rewrite a single-line `key: value` as `key: |2-` whose content is exactly
/// `loaded`. The explicit indentation indicator keeps lines that start with
/// spaces, and `|2+` keeps a final line break, which the original line's own
/// break supplies. Only top-level keys are rescued, so content is indented
/// by two spaces.
fn block_scalar(
    text: &str,
    value: std::ops::Range<usize>,
    loaded: &str,
) -> Option<Vec<crate::Edit>> {
    let raw = &text[value.clone()];
    // Only for values that sit alone at the end of their line, and text a
    // block scalar can spell.
    let line_end = text[value.end..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| value.end + i);
    if !text[value.end..line_end].trim().is_empty()
        || raw.contains(['\n', '\r'])
        || !loaded.chars().all(printable)
    {
        return None;
    }
    let keep_final = loaded.ends_with('\n');
    // `+` would also keep the blank lines after the value as content.
    let next_line = text.get(line_end + 1..).unwrap_or("");
    let next_line = &next_line[..next_line.find('\n').unwrap_or(next_line.len())];
    if keep_final && line_end < text.len() && next_line.trim().is_empty() {
        return None;
    }
    let body = loaded.strip_suffix('\n').unwrap_or(loaded);
    let mut out = String::from(if keep_final { "|2+" } else { "|2-" });
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str("  ");
            out.push_str(line);
        }
    }
    Some(replace(value, out))
}

/// `loaded` as a double-quoted YAML string that parses back to exactly it.
/// Line breaks become `\n` escapes, so Claude Code's own `\n` replacement
/// (which runs after parsing) finds nothing left to change.
fn double_quoted(loaded: &str) -> String {
    let mut out = String::with_capacity(loaded.len() + 2);
    out.push('"');
    for c in loaded.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if !printable(c) => {
                let u = c as u32;
                if u <= 0xFFFF {
                    out.push_str(&format!("\\u{u:04X}"));
                } else {
                    out.push_str(&format!("\\U{u:08X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

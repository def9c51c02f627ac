//! Where the front matter is, and whether its YAML reads the same everywhere.

use super::context::Context;
use crate::codes;
use crate::codes::diag;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::replace;
use crate::parse::frontmatter::Syntax;
use crate::parse::lax::{LaxKind, Laxity};
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
    if let Syntax::Rescued { lax, .. } = &cx.fm.syntax {
        for l in lax.iter().filter(|l| l.breaks_other_readers()) {
            out.push(laxity(l));
        }
    }
    if let Syntax::Rescued { needed, .. } = &cx.fm.syntax {
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
    fence(cx, out);
    for entry in cx.fm.entries() {
        comment_truncates(cx, &entry.key, &entry.value, out);
        tag_drops_text(cx, &entry.key, &entry.value, out);
    }
}

/// A place only Claude Code's own parser reads: portable once made strict.
fn laxity(l: &Laxity) -> Diagnostic {
    let (what, fix) = match l.kind {
        LaxKind::TabIndent => (
            "Tabs indent this line. Claude Code reads them as indentation, but YAML forbids \
             tabs there",
            "Indent with spaces",
        ),
        LaxKind::ClosingBracket => (
            "This bracket closes a list or mapping of several lines without being indented \
             past its key. Claude Code reads it, but YAML wants it indented",
            "Indent the closing bracket",
        ),
    };
    diag(
        codes::YAML_STRICT_REJECTS,
        l.range.clone(),
        format!(
            "{what}: Copilot CLI, OpenCode, PyYAML and other tools reading agent files fail on \
             the whole file. {fix}."
        ),
    )
    .with_fix(fix, replace(l.range.clone(), l.strict.clone()), true)
}

/// Where the first `---` closes the front matter, when that is not where the
/// author meant it to.
fn fence(cx: &Context, out: &mut Vec<Diagnostic>) {
    let close = cx.parts.close.clone();
    let line_end = cx.text[close.end..]
        .find(['\n', '\r'])
        .map_or(cx.text.len(), |i| close.end + i);
    if cx.parts.close_is_inline && cx.parts.close_at_line_start {
        // `-----` or `--- text`: the front matter is whole; the rest of the
        // line opens the system prompt.
        let rest = cx.text[close.end..line_end].trim_end();
        out.push(
            diag(
                codes::FRONTMATTER_CUT,
                close.start..close.end + rest.len(),
                format!(
                    "Claude Code closes the front matter at the first three dashes of this \
                     line; the rest (`{}`) becomes the first line of the agent's system \
                     prompt. Make the closing line exactly `---`.",
                    clip(rest, 40)
                ),
            )
            .with_fix(
                "Keep only `---`",
                replace(close.end..close.end + rest.len(), ""),
                true,
            ),
        );
        return;
    }
    if cx.parts.close_is_inline {
        let lost: Vec<&str> = following_keys(cx.text, close.end);
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
            close,
            format!(
                "Claude Code ends the front matter at the first `---`, even inside a value: the \
                 value stops here and everything after it becomes the system prompt.{tail} \
                 Write it another way (e.g. `—`)."
            ),
        ));
        return;
    }
    // A `---` line inside a block scalar: the block is cut, its next lines
    // go to the body.
    let last = cx.fm.entries().iter().max_by_key(|e| e.key.range().start);
    let block = last.and_then(|e| {
        let s = e.value.as_scalar()?;
        matches!(s.style, Style::Literal | Style::Folded).then_some(e)
    });
    let next = cx.text.get(cx.parts.body_start..).unwrap_or("");
    if let Some(entry) = block
        && next.starts_with([' ', '\t'])
    {
        let key = entry.key.as_str().unwrap_or("value");
        out.push(diag(
            codes::FRONTMATTER_CUT,
            close,
            format!(
                "This `---` line ends the front matter inside the block of `{key}`: Claude Code \
                 keeps `{key}` up to here, and the indented lines after it become the start of \
                 the system prompt. Take the `---` out of the value."
            ),
        ));
    }
}

/// At most `max` characters of `s`, with `…` when cut.
fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
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

/// `key: !word text`: YAML reads `!word` as a tag; Claude Code drops it.
fn tag_drops_text(cx: &Context, key: &Node, value: &Node, out: &mut Vec<Diagnostic>) {
    let Node::Scalar(s) = value else { return };
    let from = key.range().end;
    let Some(src) = cx.text.get(from..s.range.end.max(from)) else {
        return;
    };
    let after_colon = src.strip_prefix(':').unwrap_or(src);
    let lead = src.len() - after_colon.trim_start_matches([' ', '\t']).len();
    let rest = &src[lead..];
    if !rest.starts_with('!') || rest.starts_with("!!") {
        return;
    }
    let tag_len = rest.find([' ', '\t']).unwrap_or(rest.len());
    let tag = &rest[..tag_len];
    let start = from + lead;
    let line_end = cx.text[start..]
        .find(['\n', '\r'])
        .map_or(cx.text.len(), |i| start + i);
    let whole = cx.text[start..line_end].trim_end();
    let key_name = key.as_str().unwrap_or("value");
    out.push(
        diag(
            codes::YAML_TAG,
            start..start + tag_len,
            format!(
                "YAML reads `{tag}` as a tag, not as text: Claude Code drops it and loads \
                 `{key_name}` as \"{}\". Quote the value to keep it.",
                s.text
            ),
        )
        .with_fix(
            "Quote the value",
            replace(start..start + whole.len(), retry::quote(whole)),
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

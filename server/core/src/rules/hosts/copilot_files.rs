//! GitHub Copilot prompt files (`.github/prompts/*.prompt.md`) and
//! instructions (`.github/instructions/**/*.instructions.md`), from
//! `catalog/host-files.toml`.
//!
//! VS Code reads both with a lenient parser and ignores what it does not
//! know, so nothing here is an error, and YAML it might still read is not
//! reported: silent beats wrong.

use std::ops::Range;

use super::super::memory::paths;
use crate::catalog::{HostFileKeys, copilot_catalog, host_files_catalog};
use crate::codes::{self, diag};
use crate::diagnostic::{Diagnostic, replace};
use crate::features::mentions::{code_spans, prose_lines};
use crate::model::list_entries;
use crate::parse::frontmatter::FrontMatter;
use crate::parse::split::Split;
use crate::parse::yaml::{Node, Style};
use crate::suggest;

pub fn check_prompt(
    text: &str,
    split: &Split,
    fm: Option<&FrontMatter>,
    out: &mut Vec<Diagnostic>,
) {
    let keys = &host_files_catalog().copilot_prompt;
    if let Some(fm) = fm {
        for entry in fm.entries() {
            let Some(key) = entry.key.as_str() else {
                continue;
            };
            let at = entry.key.range();
            if key == "tools" {
                for (name, range) in list_entries(text, &entry.value) {
                    tool(&name, range, out);
                }
            }
            if keys.key(key).is_some() {
                continue;
            }
            if let Some(to) = keys.renamed.get(key) {
                // Renaming next to an `agent` key would write it twice.
                out.push(if fm.get(to).is_none() {
                    diag(
                        codes::COPILOT_PROMPT_MODE_LEGACY,
                        at.clone(),
                        format!("`{key}` is the older spelling of `{to}`: write `{to}`."),
                    )
                    .with_fix(
                        format!("Rename to `{to}`"),
                        replace(at, to.clone()),
                        true,
                    )
                } else {
                    diag(
                        codes::COPILOT_PROMPT_MODE_LEGACY,
                        at,
                        format!(
                            "`{key}` is the older spelling of `{to}`, which this file has: \
                             remove `{key}`."
                        ),
                    )
                });
                continue;
            }
            out.push(unknown(
                keys,
                key,
                at,
                codes::COPILOT_PROMPT_UNKNOWN_KEY,
                "a prompt file",
            ));
        }
    }
    let body_start = match split {
        Split::FrontMatter(parts) => parts.body_start,
        Split::None => 0,
        Split::Unclosed { .. } | Split::Displaced { .. } => return,
    };
    body(text, body_start, keys, out);
}

pub fn check_instructions(
    text: &str,
    split: &Split,
    fm: Option<&FrontMatter>,
    out: &mut Vec<Diagnostic>,
) {
    let keys = &host_files_catalog().copilot_instructions;
    let open = match split {
        Split::FrontMatter(parts) => parts.open.clone(),
        Split::None => 0..text.find(['\n', '\r']).unwrap_or(text.len()),
        Split::Unclosed { .. } | Split::Displaced { .. } => return,
    };
    let apply_to = fm.and_then(|fm| fm.get("applyTo"));
    if apply_to.is_none() {
        out.push(diag(
            codes::COPILOT_INSTRUCTIONS_NO_APPLY_TO,
            open,
            "No `applyTo`: VS Code adds these instructions only when they are attached to a \
             request by hand. Add `applyTo: \"**\"` for every file, or a glob for some."
                .into(),
        ));
    }
    if let Some(e) = apply_to {
        globs(text, &e.value, out);
    }
    let Some(fm) = fm else { return };
    for entry in fm.entries() {
        let Some(key) = entry.key.as_str() else {
            continue;
        };
        if keys.key(key).is_none() {
            out.push(unknown(
                keys,
                key,
                entry.key.range(),
                codes::COPILOT_INSTRUCTIONS_UNKNOWN_KEY,
                "an instructions file",
            ));
        }
    }
}

/// A key the file's kind does not read, with the closest one it does.
fn unknown(
    keys: &HostFileKeys,
    key: &str,
    at: Range<usize>,
    code: &'static str,
    what: &str,
) -> Diagnostic {
    // `paths` is what `.claude/rules` files say for `applyTo`.
    let hint = if key == "paths" && keys.key("applyTo").is_some() {
        Some("applyTo")
    } else {
        suggest::closest(key, keys.names())
    };
    match hint {
        Some(to) => diag(
            code,
            at.clone(),
            format!("VS Code does not read `{key}` in {what} and ignores it: did you mean `{to}`?"),
        )
        .with_fix(format!("Rename to `{to}`"), replace(at, to), false),
        None => diag(
            code,
            at,
            format!("VS Code does not read `{key}` in {what} and ignores it: remove it."),
        ),
    }
}

/// Each comma-separated glob of `applyTo` that can match no file.
fn globs(text: &str, v: &Node, out: &mut Vec<Diagnostic>) {
    let Some(s) = v.as_scalar().filter(|_| v.as_str().is_some()) else {
        return;
    };
    let quoted = matches!(s.style, Style::SingleQuoted | Style::DoubleQuoted);
    let inner = if quoted && s.range.len() >= 2 {
        s.range.start + 1..s.range.end - 1
    } else {
        s.range.clone()
    };
    // Escapes make the source differ from the value: judge it whole.
    let pieces: Vec<Range<usize>> = if text.get(inner.clone()) == Some(&*s.text) {
        split_globs(&s.text)
            .into_iter()
            .map(|r| {
                let p = &s.text[r.clone()];
                let lead = p.len() - p.trim_start().len();
                let start = inner.start + r.start + lead;
                start..start + p.trim().len()
            })
            .collect()
    } else {
        vec![s.range.clone()]
    };
    let whole_empty = s.text.trim().is_empty();
    for r in pieces {
        let g = if r == s.range {
            s.text.trim()
        } else {
            &text[r.clone()]
        };
        // `a,,b` or a trailing comma: an empty piece, not a pattern.
        if g.is_empty() && !whole_empty {
            continue;
        }
        if let Some(why) = paths::problem(g) {
            let at = if g.is_empty() { s.range.clone() } else { r };
            out.push(diag(
                codes::COPILOT_INSTRUCTIONS_GLOB_INVALID,
                at,
                format!("{why}: VS Code does not add these instructions for the files meant. Fix the pattern."),
            ));
        }
    }
}

/// The comma-separated pieces of `applyTo`. A comma inside `{…}` or `[…]`
/// is part of its pattern (`**/*.{ts,tsx}`): whether VS Code splits there
/// too is not known, so such a glob is taken whole rather than misjudged.
fn split_globs(v: &str) -> Vec<Range<usize>> {
    let (mut out, mut start, mut depth) = (Vec::new(), 0, 0usize);
    for (i, c) in v.char_indices() {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(start..i);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(start..v.len());
    out
}

/// `${…}` variables and `#tool:` references of a prompt's body, outside code.
fn body(text: &str, start: usize, keys: &HostFileKeys, out: &mut Vec<Diagnostic>) {
    for (line_start, line) in prose_lines(text, start..text.len()) {
        let code = code_spans(line);
        let in_code = |i: usize| code.iter().any(|r| r.start <= i && i < r.end);
        let mut from = 0;
        while let Some(i) = line[from..].find("${").map(|i| from + i) {
            let Some(len) = line[i..].find('}') else {
                break;
            };
            from = i + len + 1;
            if in_code(i) {
                continue;
            }
            let name = &line[i + 2..i + len];
            if known_variable(keys, name) {
                continue;
            }
            let at = line_start + i..line_start + i + len + 1;
            let hint = suggest::closest(name, keys.variables.iter().map(String::as_str));
            let mut d = diag(
                codes::COPILOT_PROMPT_VARIABLE_UNKNOWN,
                at.clone(),
                format!(
                    "`${{{name}}}` is not a prompt file variable: VS Code leaves it as written. {}",
                    match hint {
                        Some(h) => format!("Did you mean `${{{h}}}`?"),
                        None => "Use `${input:name}` to ask for a value when the prompt runs."
                            .to_string(),
                    }
                ),
            );
            if let Some(h) = hint {
                d = d.with_fix(
                    format!("Write `${{{h}}}`"),
                    replace(at, format!("${{{h}}}")),
                    false,
                );
            }
            out.push(d);
        }
        let mut from = 0;
        while let Some(i) = line[from..].find("#tool:").map(|i| from + i) {
            let start = i + "#tool:".len();
            let len = line[start..]
                .find(|c: char| !(c.is_alphanumeric() || "_-./*".contains(c)))
                .unwrap_or(line.len() - start);
            from = start + len;
            let name = line[start..start + len].trim_end_matches('.');
            if in_code(i) || name.is_empty() {
                continue;
            }
            tool(
                name,
                line_start + start..line_start + start + name.len(),
                out,
            );
        }
    }
}

fn known_variable(keys: &HostFileKeys, name: &str) -> bool {
    if let Some(rest) = name.strip_prefix("input:") {
        let input = rest.split(':').next().unwrap_or("");
        return !input.trim().is_empty();
    }
    keys.variables.iter().any(|v| v == name)
}

/// A tool Copilot does not resolve by itself: an MCP server or an extension
/// may give it, which cannot be seen from here.
fn tool(name: &str, range: Range<usize>, out: &mut Vec<Diagnostic>) {
    if name.contains('/') || copilot_catalog().knows_tool(name) {
        return;
    }
    out.push(diag(
        codes::COPILOT_PROMPT_TOOL_UNKNOWN,
        range,
        format!(
            "`{name}` is not a Copilot alias or VS Code tool: fine if an MCP server or an \
             extension gives it, otherwise the prompt runs without it. Check the spelling."
        ),
    ));
}

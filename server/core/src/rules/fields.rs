//! Which keys are present: required ones, unknown ones, duplicates, names.

use std::collections::HashMap;

use super::context::{Context, entry_lines, line_of};
use crate::catalog::catalog;
use crate::codes;
use crate::codes::diag;
use crate::diagnostic::replace;
use crate::diagnostic::{Diagnostic, Edit};
use crate::parse::yaml::{Entry, Node, ScalarKind};
use crate::suggest;

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    duplicates(cx, out);
    unknown_keys(cx, out);
    name(cx, out);
    description(cx, out);
}

pub(super) fn duplicates(cx: &Context, out: &mut Vec<Diagnostic>) {
    if !cx.fm.may_repeat_keys() {
        return;
    }
    let entries = cx.fm.entries();
    // The winner's line, counted once per key: a file may repeat a key
    // thousands of times.
    let mut winner_line: HashMap<&str, usize> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        let Some(key) = e.key.as_str() else { continue };
        // The entry Claude Code keeps for each key: the last one.
        let Some(last) = cx.fm.last_index(key).filter(|&last| last != i) else {
            continue;
        };
        let winner = &entries[last];
        let line = *winner_line
            .entry(key)
            .or_insert_with(|| line_of(cx.text, winner.key.range().start));
        out.push(
            diag(
                codes::DUPLICATE_KEY,
                e.key.range(),
                format!(
                    "`{key}` is given again on line {}; Claude Code keeps the last one and \
                     ignores this one (strict parsers reject the file). Remove one of them.",
                    line
                ),
            )
            .with_related(winner.key.range(), format!("the `{key}` Claude Code uses"))
            .with_fix(
                format!("Remove this `{key}`"),
                replace(entry_lines(cx.text, e), ""),
                true,
            ),
        );
    }
}

fn unknown_keys(cx: &Context, out: &mut Vec<Diagnostic>) {
    let cat = catalog();
    let description_at = cx.fm.get("description").map(|d| d.key.range().start);
    let mut reported = 0;
    for e in cx.fm.entries() {
        let Some(key) = e.key.as_str() else { continue };
        if cat.field(key).is_some() {
            continue;
        }
        // Past the cap on findings only the count matters: the findings
        // would be cut anyway, and spelling suggestions cost a distance per
        // known key.
        reported += 1;
        if reported > codes::MAX_FINDINGS {
            cx.leave_out(e.key.range());
            continue;
        }
        // Capitalised required keys are reported as the missing field itself.
        if ["name", "description"]
            .iter()
            .any(|r| r.eq_ignore_ascii_case(key))
            && cx.fm.get(&key.to_lowercase()).is_none()
        {
            continue;
        }
        let host = cat.other_hosts.get(key);
        // Another host's key is that host's, not a misspelling of ours.
        let suggestion = if host.is_some() {
            None
        } else {
            suggest::key(key)
        };
        let mut message = format!("Claude Code does not know the key `{key}`: it is ignored.");
        if let Some(host) = host {
            message = format!(
                "`{key}` is a key of {host} agent files: Claude Code ignores it. Keep it only if \
                 {host} reads this file too."
            );
        } else if let Some(s) = suggestion {
            if s.eq_ignore_ascii_case(key) {
                message =
                    format!("Keys are case-sensitive: Claude Code ignores `{key}`. Write `{s}`.");
            } else {
                message.push_str(&format!(" Did you mean `{s}`?"));
            }
        } else if stray_example_line(e, description_at) {
            message = format!(
                "`{key}:` starts a line of its own, so YAML reads a new key here and Claude Code \
                 ignores it: the description stops at the line before. To keep this line in the \
                 description, write the description as a block (`description: |`) with every \
                 line indented."
            );
        }
        let mut d = diag(codes::UNKNOWN_KEY, e.key.range(), message);
        if let Some(s) = suggestion.filter(|s| cx.fm.get(s).is_none()) {
            d = d.with_fix(format!("Rename to `{s}`"), replace(e.key.range(), s), true);
        }
        d = d.with_fix(
            format!("Remove `{key}`"),
            replace(entry_lines(cx.text, e), ""),
            false,
        );
        out.push(d);
    }
}

/// A line of a wizard-style example (`user: "…"`, `assistant: "…"`,
/// `<commentary>…`) after the description (at `description_at`): meant as
/// part of it.
fn stray_example_line(e: &Entry, description_at: Option<usize>) -> bool {
    let key = e.key.as_str().unwrap_or("").to_ascii_lowercase();
    let example = key.starts_with('<')
        || matches!(
            key.as_str(),
            "user" | "assistant" | "context" | "example" | "examples" | "commentary"
        );
    example && description_at.is_some_and(|d| d < e.key.range().start)
}

/// Where to insert a missing field: right after the opening `---` line.
pub(super) fn insertion(cx: &Context, line: String) -> Vec<Edit> {
    let at = cx.text[cx.parts.open.end..]
        .find('\n')
        .map_or(cx.parts.yaml.start, |i| cx.parts.open.end + i + 1);
    // Keep a CRLF file's line endings uniform.
    let line = if cx.text[..at].ends_with("\r\n") {
        line.replace('\n', "\r\n")
    } else {
        line
    };
    replace(at..at, line)
}

/// A key written with the wrong case (`Name:`), if any.
fn miscased<'a>(cx: &'a Context, key: &str) -> Option<&'a Node> {
    cx.fm.entries().iter().map(|e| &e.key).find(|k| {
        k.as_str()
            .is_some_and(|s| s != key && s.eq_ignore_ascii_case(key))
    })
}

fn name(cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(entry) = cx.fm.get("name") else {
        let stem = cx
            .stem
            .map(kebab)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "my-agent".into());
        let d = match miscased(cx, "name") {
            Some(k) => diag(
                codes::NAME_MISSING,
                k.range(),
                format!(
                    "Keys are case-sensitive: Claude Code looks for `name`, not `{}`, finds no \
                     name and skips this file as documentation.",
                    k.as_str().unwrap_or_default()
                ),
            )
            .with_fix("Rename to `name`", replace(k.range(), "name"), true),
            None => diag(
                codes::NAME_MISSING,
                cx.parts.open.clone(),
                "No `name` field: Claude Code treats this file as documentation and skips it. \
                 Add `name:` with the agent's identifier."
                    .into(),
            )
            .with_fix(
                format!("Add `name: {stem}`"),
                insertion(cx, format!("name: {stem}\n")),
                true,
            ),
        };
        out.push(d);
        return;
    };
    let value = &entry.value;
    // Spaces are a name (Claude Code loads `name: "   "`); nothing is not.
    let Some(name) = value.as_str().filter(|s| !s.is_empty()) else {
        let what = value.kind_name();
        let mut d = diag(
            codes::NAME_MISSING,
            non_empty_range(value, &entry.key),
            format!(
                "`name` is {what}, not a non-empty string, so Claude Code finds no name and skips \
                 this file."
            ),
        );
        if let Node::Scalar(s) = value
            && s.kind != ScalarKind::Null
            && s.kind != ScalarKind::Str
        {
            d.message.push_str(" Quote it to make it a string.");
            d = d.with_fix(
                "Quote the name",
                replace(s.range.clone(), format!("\"{}\"", s.text)),
                true,
            );
        }
        out.push(d);
        return;
    };
    if let Some(i) = name.find(':') {
        let range = char_range(cx.text, value, i, ':');
        out.push(
            diag(
                codes::NAME_INVALID,
                range,
                "Agent names may not contain `:` (it separates plugin namespaces): Claude Code \
             rejects the file. Use a hyphen."
                    .into(),
            )
            .with_fix(
                "Replace `:` with `-`",
                replace(value.range(), kebab(name)),
                true,
            ),
        );
        return;
    }
    if name.starts_with('-') {
        out.push(
            diag(
                codes::NAME_INVALID,
                value.range(),
                "Agent names may not start with `-`: Claude Code rejects the file.".into(),
            )
            .with_fix(
                "Drop the leading hyphens",
                replace(value.range(), kebab(name)),
                true,
            ),
        );
        return;
    }
    if !is_kebab(name) {
        let fixed = kebab(name);
        let mut d = diag(
            codes::NAME_STYLE,
            value.range(),
            format!(
                "Claude Code accepts `{name}`, but agent names are meant to be lowercase words \
                 joined by hyphens (`{fixed}`)."
            ),
        );
        if !fixed.is_empty() {
            d = d.with_fix(
                format!("Rename to `{fixed}`"),
                replace(value.range(), fixed),
                true,
            );
        }
        out.push(d);
    }
}

fn description(cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(entry) = cx.fm.get("description") else {
        let d = match miscased(cx, "description") {
            Some(k) => diag(
                codes::DESCRIPTION_MISSING,
                k.range(),
                format!(
                    "Keys are case-sensitive: Claude Code looks for `description`, not `{}`, \
                     and skips an agent without one.",
                    k.as_str().unwrap_or_default()
                ),
            )
            .with_fix(
                "Rename to `description`",
                replace(k.range(), "description"),
                true,
            ),
            None => diag(
                codes::DESCRIPTION_MISSING,
                cx.fm
                    .get("name")
                    .map_or(cx.parts.open.clone(), |e| e.key.range()),
                "No `description`: Claude Code skips this agent. Add one saying when Claude \
                 should delegate to it."
                    .into(),
            )
            .with_fix(
                "Add a `description`",
                insertion(cx, "description: Use this agent when ...\n".into()),
                false,
            ),
        };
        out.push(d);
        return;
    };
    let value = &entry.value;
    if value.as_str().is_some_and(|s| !s.is_empty()) {
        return;
    }
    out.push(diag(
        codes::DESCRIPTION_MISSING,
        non_empty_range(value, &entry.key),
        format!(
            "`description` is {}, not a non-empty string: Claude Code skips this agent.",
            if value.as_str().is_some() {
                "empty"
            } else {
                value.kind_name()
            }
        ),
    ));
}

/// The value's range, or the key's when the value is empty.
fn non_empty_range(value: &Node, key: &Node) -> std::ops::Range<usize> {
    let r = value.range();
    if r.is_empty() { key.range() } else { r }
}

/// The source range of the `nth` byte of a scalar's text when the source
/// spells the text out (plain style), else the whole value.
fn char_range(text: &str, value: &Node, at: usize, c: char) -> std::ops::Range<usize> {
    let r = value.range();
    let src = &text[r.clone()];
    match src.find(c) {
        Some(i) if src.len() >= at => r.start + i..r.start + i + c.len_utf8(),
        _ => r,
    }
}

pub fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// `Backend Architect` → `backend-architect`.
pub fn kebab(s: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && prev_lower && !out.ends_with('-') {
                out.push('-');
            }
            out.extend(c.to_lowercase());
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
        } else {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            prev_lower = false;
        }
    }
    out.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_case() {
        assert_eq!(kebab("Backend Architect"), "backend-architect");
        assert_eq!(kebab("codeReviewer"), "code-reviewer");
        assert_eq!(kebab("B25_Under_Score"), "b25-under-score");
        assert_eq!(kebab("my:agent"), "my-agent");
        assert_eq!(kebab("-agent"), "agent");
        assert!(is_kebab("code-reviewer-2"));
        assert!(!is_kebab("Code Reviewer"));
    }
}

//! Windsurf (Cascade) rules (`.windsurf/rules/*.md`), from
//! `catalog/host-files.toml`. No recording of Windsurf exists: what it does
//! with a file beyond its documentation is not known, so nothing here says
//! a rule fails to load, only that it may not apply as meant.
//!
//! The front matter is read line by line, never as YAML: `globs: **/*.ts`
//! unquoted is common in rules and strict YAML rejects it.

use std::ops::Range;

use super::super::memory::paths;
use crate::catalog::{HostFileKeys, host_files_catalog};
use crate::codes::{self, diag};
use crate::diagnostic::{Diagnostic, replace};
use crate::parse::lines::{KeyLine, key_lines, list_entries};
use crate::parse::split::Split;
use crate::suggest;

/// Windsurf's limit on one rule file, in characters.
const MAX_RULE_CHARS: usize = 12_000;

pub fn check(text: &str, split: &Split, out: &mut Vec<Diagnostic>) {
    too_long(text, out);
    let lines = match split {
        Split::FrontMatter(_) => key_lines(text),
        Split::None => Vec::new(),
        // Windsurf's reading of these is not known: say nothing.
        Split::Unclosed { .. } | Split::Displaced { .. } => return,
    };
    let keys = &host_files_catalog().windsurf_rule;
    let mut glob_trigger = None;
    let mut globbed = false;
    for line in &lines {
        let key = &text[line.key.clone()];
        match key {
            "description" => {}
            "trigger" => {
                let (at, value) = one_value(text, line);
                if value == "glob" {
                    glob_trigger = Some(at.clone());
                }
                if keys
                    .key(key)
                    .is_some_and(|k| !k.values.iter().any(|v| v == value))
                {
                    out.push(bad_value(
                        codes::WINDSURF_TRIGGER_INVALID,
                        line,
                        at,
                        value,
                        keys,
                        "trigger",
                        "when Windsurf applies this rule is unknown",
                    ));
                }
            }
            "globs" => {
                globbed = globs(
                    text,
                    line,
                    "Windsurf does not attach the rule to the files meant",
                    out,
                )
            }
            _ => out.push(unknown(
                keys,
                key,
                line.key.clone(),
                codes::WINDSURF_UNKNOWN_KEY,
                "Windsurf documents `trigger`, `description` and `globs` for a rule",
            )),
        }
    }
    if let Some(at) = glob_trigger.filter(|_| !globbed) {
        out.push(diag(
            codes::WINDSURF_GLOBS_MISSING,
            at,
            "`trigger: glob` with no `globs`: no file attaches this rule. Add `globs` (say \
             `globs: \"**/*.ts\"`), or pick another trigger."
                .into(),
        ));
    }
}

fn too_long(text: &str, out: &mut Vec<Diagnostic>) {
    if let Some((cut, _)) = text.char_indices().nth(MAX_RULE_CHARS) {
        let chars = thousands(text.chars().count());
        out.push(diag(
            codes::WINDSURF_RULE_TOO_LONG,
            cut..text.len(),
            format!(
                "The rule is {chars} characters long: Windsurf limits a rule file to 12,000. \
                 Split it into several rules, or shorten it."
            ),
        ));
    }
}

/// `12083` as `12,083`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The value on the key's own line, trimmed and without quotes, with its
/// range (empty where the key has none).
pub(super) fn one_value<'a>(text: &'a str, line: &KeyLine) -> (Range<usize>, &'a str) {
    let rest = &text[line.value.clone()];
    let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
    let raw = &rest[..end];
    let lead = raw.len() - raw.trim_start().len();
    let mut start = line.value.start + lead;
    let mut value = raw.trim();
    if let Some(q) = value.chars().next().filter(|c| matches!(c, '"' | '\''))
        && value.len() >= 2
        && value.ends_with(q)
    {
        start += 1;
        value = &value[1..value.len() - 1];
    } else if let Some(i) = value.find(" #") {
        value = value[..i].trim_end();
    }
    (start..start + value.len(), value)
}

/// A value outside the key's documented set, with the closest one offered:
/// the same words spelt otherwise (`model-decision`), the one it begins
/// (`always` for `always_on`), or the nearest by edits.
pub(super) fn bad_value(
    code: &'static str,
    line: &KeyLine,
    at: Range<usize>,
    value: &str,
    keys: &HostFileKeys,
    key: &str,
    what: &str,
) -> Diagnostic {
    let values = keys
        .key(key)
        .map(|k| k.values.as_slice())
        .unwrap_or_default();
    let list = values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if value.is_empty() {
        return diag(
            code,
            line.key.clone(),
            format!("`{key}` has no value: {what}. Write one of {list}."),
        );
    }
    let plain = |v: &str| v.to_ascii_lowercase().replace(['-', '_'], "");
    let prefixed: Vec<&String> = values
        .iter()
        .filter(|v| {
            v.to_ascii_lowercase()
                .starts_with(&value.to_ascii_lowercase())
        })
        .collect();
    let hint = values
        .iter()
        .find(|v| plain(v) == plain(value))
        .or(match prefixed.as_slice() {
            [one] => Some(*one),
            _ => None,
        })
        .map(String::as_str)
        .or_else(|| suggest::closest(value, values.iter().map(String::as_str)));
    let said = format!("`{key}: {value}` is not documented: {what}");
    match hint {
        Some(to) => diag(code, at.clone(), format!("{said}. Did you mean `{to}`?")).with_fix(
            format!("Write `{to}`"),
            replace(at, to),
            false,
        ),
        None => diag(code, at, format!("{said}. Write one of {list}.")),
    }
}

/// A key the host does not document, with the closest one it does.
pub(super) fn unknown(
    keys: &HostFileKeys,
    key: &str,
    at: Range<usize>,
    code: &'static str,
    documented: &str,
) -> Diagnostic {
    match suggest::closest(key, keys.names()) {
        Some(to) => diag(
            code,
            at.clone(),
            format!("{documented}, not `{key}`: did you mean `{to}`?"),
        )
        .with_fix(format!("Rename to `{to}`"), replace(at, to), false),
        None => diag(
            code,
            at,
            format!("{documented}, not `{key}`: it is likely ignored."),
        ),
    }
}

/// Each glob of the key's value (one on its line, or a list) that can match
/// no file; whether any glob is given.
pub(super) fn globs(text: &str, line: &KeyLine, effect: &str, out: &mut Vec<Diagnostic>) -> bool {
    let (at, value) = one_value(text, line);
    let pieces = if value.starts_with('[')
        || (value.is_empty() && !text[line.value.clone()].trim().is_empty())
    {
        // A flow or block list: its entries, judged one by one.
        list_entries(text, line.value.clone())
    } else if value.is_empty() {
        Vec::new()
    } else {
        vec![at]
    };
    for r in &pieces {
        let g = &text[r.clone()];
        if let Some(why) = paths::problem(g) {
            out.push(diag(
                codes::HOST_RULE_GLOB_INVALID,
                r.clone(),
                format!("{why}: {effect}. Fix the pattern."),
            ));
        }
    }
    !pieces.is_empty()
}

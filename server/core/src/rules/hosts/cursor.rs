//! Cursor rules (`.cursor/rules/**/*.mdc`), from `catalog/host-files.toml`.
//!
//! Cursor's front matter is not YAML: `globs: src/**/*.ts, src/**/*.tsx`,
//! unquoted and separated by commas, is how Cursor writes it, and YAML's
//! quoting is what breaks it. So the lines are read as `key: value` and
//! nothing is said about YAML.

use std::ops::Range;

use crate::catalog::host_files_catalog;
use crate::codes::{self, diag};
use crate::diagnostic::{Diagnostic, replace};
use crate::parse::lines::{KeyLine, key_lines, list_entries};
use crate::parse::split::Split;
use crate::suggest;

pub fn check(text: &str, split: &Split, out: &mut Vec<Diagnostic>) {
    let first_line = 0..text.find(['\n', '\r']).unwrap_or(text.len());
    let lines = match split {
        Split::FrontMatter(_) => key_lines(text),
        Split::None => Vec::new(),
        // Cursor's reading of these is not known: say nothing.
        Split::Unclosed { .. } | Split::Displaced { .. } => return,
    };
    let keys = &host_files_catalog().cursor_rule;
    let (mut described, mut globbed, mut always) = (false, false, false);
    for line in &lines {
        let key = &text[line.key.clone()];
        let (value, value_text) = first_value(text, line);
        // A value may go on below its key (a block list, a folded text).
        let given = !text[line.value.clone()].trim().is_empty();
        match key {
            "description" => described = given,
            "globs" => {
                globbed = given;
                globs(text, value, value_text, out);
            }
            "alwaysApply" => {
                always = value_text == "true";
                if matches!(value_text, "\"true\"" | "'true'") {
                    out.push(
                        diag(
                            codes::CURSOR_ALWAYS_APPLY_STRING,
                            value.clone(),
                            "`alwaysApply` is the string \"true\", which Cursor takes as false: \
                             write `true` without quotes."
                                .into(),
                        )
                        .with_fix(
                            "Write `true`",
                            replace(value, "true"),
                            true,
                        ),
                    );
                }
            }
            _ => {
                let hint = suggest::closest(key, keys.names());
                let at = line.key.clone();
                out.push(match hint {
                    Some(to) => diag(
                        codes::CURSOR_UNKNOWN_KEY,
                        at.clone(),
                        format!("Cursor does not read `{key}` in a rule: did you mean `{to}`?"),
                    )
                    .with_fix(
                        format!("Rename to `{to}`"),
                        replace(at, to),
                        false,
                    ),
                    None => diag(
                        codes::CURSOR_UNKNOWN_KEY,
                        at,
                        format!(
                            "Cursor does not read `{key}` in a rule and ignores it: a rule has \
                             `description`, `globs` and `alwaysApply`."
                        ),
                    ),
                });
            }
        }
    }
    if !(described || globbed || always) {
        out.push(diag(
            codes::CURSOR_MANUAL_ONLY,
            lines.first().map_or(first_line, |l| l.key.clone()),
            "Manual only: with no `description`, `globs` or `alwaysApply: true`, Cursor applies \
             this rule only when it is @-mentioned. Add one of them to have it applied by itself."
                .into(),
        ));
    }
}

/// The value on the key's own line, trimmed, with its range.
fn first_value<'a>(text: &'a str, line: &KeyLine) -> (Range<usize>, &'a str) {
    let rest = &text[line.value.clone()];
    let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
    let raw = &rest[..end];
    let lead = raw.len() - raw.trim_start().len();
    let value = raw.trim();
    let start = line.value.start + lead;
    (start..start + value.len(), value)
}

/// Quoted or bracketed globs, which users report never match: written out
/// unquoted and comma-separated instead.
fn globs(text: &str, value: Range<usize>, value_text: &str, out: &mut Vec<Diagnostic>) {
    let Some(first) = value_text.chars().next() else {
        return;
    };
    if !matches!(first, '"' | '\'' | '[') {
        return;
    }
    let entries = list_entries(text, value.clone());
    if entries.is_empty() {
        return;
    }
    let plain = entries
        .iter()
        .map(|r| &text[r.clone()])
        .collect::<Vec<_>>()
        .join(", ");
    let how = if first == '[' { "brackets" } else { "quotes" };
    out.push(
        diag(
            codes::CURSOR_GLOBS_QUOTED,
            value.clone(),
            format!(
                "Cursor reportedly does not match globs written in {how}: write them unquoted, \
                 separated by commas (`globs: {plain}`)."
            ),
        )
        .with_fix(
            format!("Write `{plain}`"),
            replace(value, plain.clone()),
            true,
        ),
    );
}

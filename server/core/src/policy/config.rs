//! Reading `agentls.toml`: text in, a [`Policy`] and the file's own
//! findings out. A bad setting is reported on its exact characters and
//! left out; the rest still applies. Only a file that is not TOML at all
//! applies nothing (AG080).

use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::globs;
use super::levels::{Level, Levels, Override, Policy};
use crate::codes::{self, diag};
use crate::kind::overrides::{KIND_NAMES, KindOverrides};
use crate::{Diagnostic, Severity};

/// The names a configuration file may have, in the order they are looked
/// for in each folder.
pub const CONFIG_NAMES: [&str; 2] = ["agentls.toml", ".agentls.toml"];

/// The hosts `hosts` may name.
pub const HOSTS: &[&str] = &[
    "claude-code",
    "copilot",
    "opencode",
    "cursor",
    "gemini-cli",
    "codex",
    "windsurf",
    "kiro",
];

/// A configuration file, read.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub policy: std::sync::Arc<Policy>,
    /// Findings about the file itself, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

/// Read a configuration file's text; `path` is the file (its folder is what
/// its globs are relative to).
pub fn parse_config(text: &str, path: &Path) -> Loaded {
    let mut policy = Policy {
        root: path.parent().unwrap_or(Path::new("")).to_path_buf(),
        source: Some(path.to_path_buf()),
        ..Policy::default()
    };
    let mut out = Vec::new();
    match DeTable::parse(text) {
        Err(e) => {
            let at = error_range(text, e.span().unwrap_or(0..0));
            out.push(diag(
                codes::CONFIG_SYNTAX,
                at,
                format!(
                    "Not valid TOML: {}. Nothing in this file applies until it is fixed.",
                    e.message().trim_end_matches('\n')
                ),
            ));
        }
        Ok(table) => read_top(table.get_ref(), &mut policy, &mut out),
    }
    out.sort_by_key(|d| (d.range.start, d.range.end));
    Loaded {
        policy: std::sync::Arc::new(policy),
        diagnostics: out,
    }
}

fn read_top(table: &DeTable, policy: &mut Policy, out: &mut Vec<Diagnostic>) {
    for (key, value) in sorted(table) {
        let span = key.span();
        match key.get_ref().as_ref() {
            "hosts" => policy.hosts = read_hosts(value, out),
            "exclude" => {
                let globs = read_globs(value, "exclude", out);
                policy.exclude = globs.and_then(globs::set);
            }
            "claude-code-version" => policy.claude_code_version = read_version(value, out),
            "rules" => match value.get_ref() {
                DeValue::Table(t) => policy.rules = read_levels(t, out),
                other => out.push(wrong_type(value, "rules", "a table", other)),
            },
            "overrides" => policy.overrides = read_overrides(value, out),
            "kinds" => policy.kinds = read_kinds(value, &policy.root, out),
            other => out.push(unknown_setting(span, other, TOP_KEYS)),
        }
    }
}

const TOP_KEYS: &[&str] = &[
    "hosts",
    "exclude",
    "claude-code-version",
    "rules",
    "overrides",
    "kinds",
];

/// A table's entries in file order (TOML tables are maps).
fn sorted<'a, 'i>(
    table: &'a DeTable<'i>,
) -> Vec<(
    &'a Spanned<std::borrow::Cow<'i, str>>,
    &'a Spanned<DeValue<'i>>,
)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

fn read_hosts(value: &Spanned<DeValue>, out: &mut Vec<Diagnostic>) -> Vec<String> {
    let mut hosts = Vec::new();
    for item in strings(value, "hosts", out) {
        let name = item.get_ref().as_str().unwrap_or_default();
        if HOSTS.contains(&name) {
            hosts.push(name.to_string());
        } else {
            out.push(diag(
                codes::CONFIG_INVALID_VALUE,
                item.span(),
                format!(
                    "`{name}` is not a host agentls knows{}; one of: {}.",
                    crate::suggest::closest(name, HOSTS.iter().copied())
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default(),
                    HOSTS.join(", ")
                ),
            ));
        }
    }
    hosts
}

fn read_version(value: &Spanned<DeValue>, out: &mut Vec<Diagnostic>) -> Option<String> {
    let Some(version) = value.get_ref().as_str() else {
        out.push(wrong_type(
            value,
            "claude-code-version",
            "a string such as \"2.1.332\"",
            value.get_ref(),
        ));
        return None;
    };
    let parts: Vec<&str> = version.split('.').collect();
    let numeric = parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if numeric {
        return Some(version.to_string());
    }
    out.push(diag(
        codes::CONFIG_INVALID_VALUE,
        value.span(),
        format!("`{version}` is not a release number: write it as `MAJOR.MINOR.PATCH`, e.g. \"2.1.332\"."),
    ));
    None
}

/// A list of patterns (or one pattern as a string), each compiled; bad
/// ones are reported and left out. `None` when there is none to use.
fn read_globs(
    value: &Spanned<DeValue>,
    what: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<Vec<globset::Glob>> {
    let mut all = Vec::new();
    for item in strings(value, what, out) {
        let pattern = item.get_ref().as_str().unwrap_or_default();
        match globs::compile(pattern) {
            Ok(globs) => all.extend(globs),
            Err(why) => out.push(diag(
                codes::CONFIG_INVALID_VALUE,
                item.span(),
                format!("`{pattern}` is not a valid pattern ({why}): it is left out."),
            )),
        }
    }
    (!all.is_empty()).then_some(all)
}

/// The strings of a list (a lone string counts as a list of one); items
/// of another type are reported.
fn strings<'a, 'i>(
    value: &'a Spanned<DeValue<'i>>,
    what: &str,
    out: &mut Vec<Diagnostic>,
) -> Vec<&'a Spanned<DeValue<'i>>> {
    match value.get_ref() {
        DeValue::String(_) => vec![value],
        DeValue::Array(items) => items
            .iter()
            .filter(|item| {
                let ok = item.get_ref().is_str();
                if !ok {
                    out.push(wrong_type(item, what, "a string", item.get_ref()));
                }
                ok
            })
            .collect(),
        other => {
            out.push(wrong_type(value, what, "a list of strings", other));
            Vec::new()
        }
    }
}

/// `CODE-or-name = "level"` entries.
fn read_levels(table: &DeTable, out: &mut Vec<Diagnostic>) -> Levels {
    let mut levels = Vec::new();
    for (key, value) in sorted(table) {
        let written = key.get_ref().as_ref();
        let Some(info) = codes::all().find(|c| c.code == written || c.name == written) else {
            let known = codes::all().flat_map(|c| [c.code, c.name]);
            out.push(diag(
                codes::CONFIG_UNKNOWN_CODE,
                key.span(),
                format!(
                    "`{written}` is not an agentls code or rule name{}: this line is ignored (`agentls explain` lists them).",
                    crate::suggest::closest(written, known)
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default()
                ),
            ));
            continue;
        };
        match read_level(value) {
            Some(level) => levels.push((info.code, level)),
            None => out.push(diag(
                codes::CONFIG_INVALID_VALUE,
                value.span(),
                format!(
                    "`{}` takes one of \"off\", \"error\", \"warning\", \"info\", \"hint\": this line is ignored.",
                    written
                ),
            )),
        }
    }
    levels
}

fn read_level(value: &Spanned<DeValue>) -> Option<Level> {
    Some(match value.get_ref().as_str()? {
        "off" => Level::Off,
        "error" => Level::On(Severity::Error),
        "warning" => Level::On(Severity::Warning),
        "info" | "information" => Level::On(Severity::Information),
        "hint" => Level::On(Severity::Hint),
        _ => return None,
    })
}

fn read_overrides(value: &Spanned<DeValue>, out: &mut Vec<Diagnostic>) -> Vec<Override> {
    let DeValue::Array(items) = value.get_ref() else {
        out.push(wrong_type(
            value,
            "overrides",
            "a list of tables (`[[overrides]]`)",
            value.get_ref(),
        ));
        return Vec::new();
    };
    let mut overrides = Vec::new();
    for item in items {
        let DeValue::Table(table) = item.get_ref() else {
            out.push(wrong_type(item, "overrides", "a table", item.get_ref()));
            continue;
        };
        let mut files = None;
        let mut rules = None;
        for (key, value) in sorted(table) {
            match key.get_ref().as_ref() {
                "files" => files = Some((read_globs(value, "files", out), value.span())),
                "rules" => match value.get_ref() {
                    DeValue::Table(t) => rules = Some(read_levels(t, out)),
                    other => out.push(wrong_type(value, "rules", "a table", other)),
                },
                other => out.push(unknown_setting(key.span(), other, &["files", "rules"])),
            }
        }
        match files {
            Some((Some(globs), _)) => {
                if let Some(files) = globs::set(globs) {
                    overrides.push(Override {
                        files,
                        rules: rules.unwrap_or_default(),
                    });
                }
            }
            Some((None, _)) => {} // its patterns were reported
            None => out.push(diag(
                codes::CONFIG_INVALID_VALUE,
                item.span(),
                "This override has no `files`, so it applies to nothing: add `files = [\"some/dir/**\"]`.".into(),
            )),
        }
    }
    overrides
}

/// `[kinds]`: `"pattern" = "kind-name"` entries, relative to the
/// configuration's folder.
fn read_kinds(value: &Spanned<DeValue>, root: &Path, out: &mut Vec<Diagnostic>) -> KindOverrides {
    let mut kinds = KindOverrides::new(root.to_path_buf());
    let DeValue::Table(table) = value.get_ref() else {
        out.push(wrong_type(
            value,
            "kinds",
            "a table of `\"pattern\" = \"kind\"`",
            value.get_ref(),
        ));
        return kinds;
    };
    for (key, value) in sorted(table) {
        let pattern = key.get_ref().as_ref();
        let Some(name) = value.get_ref().as_str() else {
            out.push(wrong_type(value, pattern, "a kind name", value.get_ref()));
            continue;
        };
        if !KIND_NAMES.contains(&name) {
            out.push(diag(
                codes::CONFIG_INVALID_VALUE,
                value.span(),
                format!(
                    "`{name}` is not a kind agentls knows{}: this line is ignored. Kinds: {}.",
                    crate::suggest::closest(name, KIND_NAMES.iter().copied())
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default(),
                    KIND_NAMES.join(", ")
                ),
            ));
            continue;
        }
        match globs::compile(pattern).map(globs::set) {
            Ok(Some(set)) => kinds.push(set, name),
            Ok(None) => {}
            Err(why) => out.push(diag(
                codes::CONFIG_INVALID_VALUE,
                key.span(),
                format!("`{pattern}` is not a valid pattern ({why}): this line is ignored."),
            )),
        }
    }
    kinds
}

/// The editor's setting of the same map (`"pattern": "kind"`), relative to
/// a workspace folder: the overrides, and a message for each entry left
/// out (the server logs them; a setting has no file to point into).
pub fn kind_overrides(root: &Path, entries: &[(String, String)]) -> (KindOverrides, Vec<String>) {
    let mut kinds = KindOverrides::new(root.to_path_buf());
    let mut problems = Vec::new();
    for (pattern, name) in entries {
        if !KIND_NAMES.contains(&name.as_str()) {
            problems.push(format!(
                "`{name}` (for `{pattern}`) is not a kind agentls knows: left out. Kinds: {}.",
                KIND_NAMES.join(", ")
            ));
            continue;
        }
        match globs::compile(pattern).map(globs::set) {
            Ok(Some(set)) => kinds.push(set, name),
            Ok(None) => {}
            Err(why) => problems.push(format!(
                "`{pattern}` is not a valid pattern ({why}): left out."
            )),
        }
    }
    (kinds, problems)
}

fn unknown_setting(span: Range<usize>, key: &str, known: &[&str]) -> Diagnostic {
    let hint = crate::suggest::closest(key, known.iter().copied())
        .map(|s| format!("Did you mean `{s}`? "))
        .unwrap_or_default();
    diag(
        codes::CONFIG_UNKNOWN_SETTING,
        span,
        format!(
            "`{key}` is not an agentls setting: it is ignored. {hint}Settings here: {}.",
            known.join(", ")
        ),
    )
}

fn wrong_type(value: &Spanned<DeValue>, what: &str, wanted: &str, got: &DeValue) -> Diagnostic {
    diag(
        codes::CONFIG_INVALID_VALUE,
        value.span(),
        format!(
            "`{what}` takes {wanted}, not {}: it is ignored.",
            with_article(got.type_str())
        ),
    )
}

fn with_article(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

/// A parser's place in `text`, widened to the rest of its line when it is
/// empty (an editor shows nothing for an empty range at a line's end).
fn error_range(text: &str, range: Range<usize>) -> Range<usize> {
    let len = text.len();
    let mut start = range.start.min(len);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let end = range.end.min(len).max(start);
    if end > start && text.is_char_boundary(end) {
        return start..end;
    }
    let line_end = text[start..].find('\n').map_or(len, |i| start + i);
    if line_end > start {
        return start..line_end;
    }
    // At the end of a line: the line itself.
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    line_start..start
}

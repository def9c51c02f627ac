//! Which keys a skill or command has, and whether each value has the shape
//! Claude Code reads: unknown keys (AG015), values of the wrong type or
//! outside their set (AG041), models (AG042).

use super::Item;
use super::text::clip;
use crate::catalog::{Applies, SkillField, SkillType, catalog, skill_catalog};
use crate::codes::{self, diag};
use crate::diagnostic::{Diagnostic, replace};
use crate::parse::frontmatter::FrontMatter;
use crate::parse::yaml::{Entry, Node, ScalarKind};
use crate::rules::context::entry_lines;

pub fn check(item: &Item, fm: &FrontMatter, out: &mut Vec<Diagnostic>) {
    let cat = skill_catalog();
    let mut unknown = 0;
    for e in fm.entries() {
        let Some(key) = e.key.as_str() else { continue };
        match cat.field(key) {
            Some(f) if f.applies_to.contains(&item.kind) => value(item, f, e, out),
            Some(_) => out.push(
                diag(
                    codes::UNKNOWN_KEY,
                    e.key.range(),
                    format!(
                        "`{key}` applies to skills only: Claude Code ignores it in a command. \
                         To use it, make this command a skill (`skills/<name>/SKILL.md`)."
                    ),
                )
                .with_fix(
                    format!("Remove `{key}`"),
                    replace(entry_lines(item.text, e), ""),
                    false,
                ),
            ),
            None => {
                unknown += 1;
                // Past the cap only the count matters (the findings are cut
                // later): spare a distance per known key for each.
                let suggestion = (unknown <= codes::MAX_FINDINGS)
                    .then(|| suggest(key, item.kind))
                    .flatten();
                out.push(unknown_key(item, fm, e, key, suggestion));
            }
        }
    }
}

/// The key someone writing `key` most likely meant, among the keys read in
/// files of kind `applies`: a known slip first, then the closest key.
fn suggest(key: &str, applies: Applies) -> Option<&'static str> {
    let cat = skill_catalog();
    if let Some(hint) = cat.key_hints.get(key) {
        return Some(hint);
    }
    crate::suggest::closest(
        key,
        cat.fields
            .iter()
            .filter(|f| f.applies_to.contains(&applies))
            .map(|f| f.name.as_str()),
    )
}

fn unknown_key(
    item: &Item,
    fm: &FrontMatter,
    e: &Entry,
    key: &str,
    suggestion: Option<&str>,
) -> Diagnostic {
    let noun = item.noun();
    let mut message =
        format!("Claude Code does not read `{key}` in a {noun}'s front matter: it is ignored.");
    match suggestion {
        Some(s) if s.eq_ignore_ascii_case(key) => {
            message = format!("Keys are case-sensitive: Claude Code ignores `{key}`. Write `{s}`.");
        }
        Some(s) => message.push_str(&format!(" Did you mean `{s}`?")),
        None => {}
    }
    let mut d = diag(codes::UNKNOWN_KEY, e.key.range(), message);
    if let Some(s) = suggestion.filter(|s| fm.get(s).is_none()) {
        d = d.with_fix(format!("Rename to `{s}`"), replace(e.key.range(), s), true);
    }
    d.with_fix(
        format!("Remove `{key}`"),
        replace(entry_lines(item.text, e), ""),
        false,
    )
}

/// The value of a known key against its type.
fn value(item: &Item, f: &SkillField, e: &Entry, out: &mut Vec<Diagnostic>) {
    let key = f.name.as_str();
    let v = &e.value;
    let scalar = v.as_scalar();
    // An empty value is the key left out: Claude Code takes the default.
    if scalar.is_some_and(|s| s.kind == ScalarKind::Null) {
        return;
    }
    let invalid = |why: String| diag(codes::INVALID_VALUE, v.range(), why);
    match f.kind {
        // `description` has rules of its own (spec.rs): a wrong one is
        // listed differently, not just ignored.
        SkillType::Text if key == "description" => {}
        // Shown as JavaScript prints it: a number or boolean as written, a
        // list's items joined by `,` (measured on `when_to_use`).
        SkillType::Text if scalar.is_some() => {}
        SkillType::Text if matches!(v, Node::Seq { .. }) => out.push(invalid(format!(
            "`{key}` takes a string; this list is shown to the model as its items joined by \
             commas without spaces (`{}`). Write it as one string.",
            clip(&seq_text(v), 40)
        ))),
        SkillType::String | SkillType::Text if v.as_str().is_none() => out.push(invalid(format!(
            "`{key}` takes a string; this is {}: Claude Code ignores it.",
            v.kind_name()
        ))),
        SkillType::Bool => {
            let ok = scalar.is_some_and(|s| skill_catalog().is_bool(&s.text));
            if !ok {
                out.push(invalid(format!(
                    "`{key}` takes `true` or `false` (`yes`/`no`, `on`/`off` and `1`/`0` are \
                     read too); {}: Claude Code ignores it.",
                    shown(v)
                )));
            }
        }
        SkillType::Enum => {
            let text = v.as_str();
            if !text.is_some_and(|t| f.values.iter().any(|x| x == t)) {
                let choices = f
                    .values
                    .iter()
                    .map(|x| format!("`{x}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let mut d = invalid(format!(
                    "`{key}` takes one of {choices}; {}: Claude Code ignores it.",
                    shown(v)
                ));
                let near = text
                    .and_then(|t| crate::suggest::closest(t, f.values.iter().map(String::as_str)));
                if let Some(near) = near {
                    d = d.with_fix(
                        format!("Change to `{near}`"),
                        replace(v.range(), near),
                        true,
                    );
                }
                out.push(d);
            }
        }
        SkillType::Model => {
            let ok = v.as_str().is_some_and(|t| catalog().models.accepts(t));
            if !ok {
                out.push(diag(
                    codes::INVALID_MODEL,
                    v.range(),
                    format!(
                        "{} is not a model alias (`sonnet`, `opus`, `haiku`, `inherit`, …) or \
                         a Claude model ID: Claude Code sends it to the API as it is when the \
                         {} runs, and the request fails.",
                        shown_upper(v),
                        item.noun()
                    ),
                ));
            }
        }
        SkillType::Tools | SkillType::ListOrString => {
            if !matches!(v, Node::Seq { .. }) && v.as_str().is_none() {
                out.push(invalid(format!(
                    "`{key}` takes a string or a list; this is {}: Claude Code ignores it.",
                    v.kind_name()
                )));
            }
        }
        SkillType::Map | SkillType::Hooks => {
            if !matches!(v, Node::Map { .. }) {
                out.push(invalid(format!(
                    "`{key}` takes a mapping (`key: value` lines indented below it); this is \
                     {}: Claude Code drops it.",
                    v.kind_name()
                )));
            }
        }
        SkillType::String | SkillType::Text | SkillType::Any => {}
    }
}

/// The value for a message: `` `text` `` for a scalar, else its kind.
fn shown(v: &Node) -> String {
    match v.as_scalar() {
        Some(s) => format!("`{}` is not one of them", clip(&s.text, 40)),
        None => format!("this is {}", v.kind_name()),
    }
}

fn shown_upper(v: &Node) -> String {
    match v.as_scalar() {
        Some(s) => format!("`{}`", clip(&s.text, 40)),
        None => format!("A value that is {}", v.kind_name()),
    }
}

/// A list as JavaScript's `String([a, b])` prints it.
fn seq_text(v: &Node) -> String {
    match v {
        Node::Seq { items, .. } => items
            .iter()
            .map(|i| i.as_scalar().map_or(String::new(), |s| s.text.to_string()))
            .collect::<Vec<_>>()
            .join(","),
        _ => String::new(),
    }
}

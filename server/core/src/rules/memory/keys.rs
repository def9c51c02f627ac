//! Which keys an output style, rule or CLAUDE.md has, and whether each value
//! has the shape Claude Code reads: unknown keys (AG015), values of the
//! wrong type (AG041), `force-for-plugin` outside a plugin (AG122).

use super::Item;
use crate::catalog::{MemoryField, MemoryKind, MemoryType, memory_catalog};
use crate::codes::{self, diag};
use crate::diagnostic::{Diagnostic, replace};
use crate::parse::frontmatter::FrontMatter;
use crate::parse::yaml::{Entry, Node, ScalarKind};
use crate::rules::context::entry_lines;

pub fn check(item: &Item, fm: &FrontMatter, out: &mut Vec<Diagnostic>) {
    let cat = memory_catalog();
    let mut unknown = 0;
    for e in fm.entries() {
        let Some(key) = e.key.as_str() else { continue };
        let remove = || {
            (
                format!("Remove `{key}`"),
                replace(entry_lines(item.text, e), ""),
            )
        };
        match cat.field(key) {
            Some(f) if f.plugin_only && !item.plugin => {
                let (title, edit) = remove();
                out.push(
                    diag(
                        codes::FORCE_FOR_PLUGIN_IGNORED,
                        e.key.range(),
                        format!(
                            "`{key}` is read only in a plugin's output style: Claude Code \
                             ignores it here. Choose the style with `/output-style` or the \
                             `outputStyle` setting instead."
                        ),
                    )
                    .with_fix(title, edit, false),
                );
            }
            Some(f) if f.applies_to.contains(&item.kind) => value(f, e, out),
            Some(f) => {
                let (title, edit) = remove();
                let read_in = f
                    .applies_to
                    .iter()
                    .map(|k| plural(*k))
                    .collect::<Vec<_>>()
                    .join(" and ");
                out.push(
                    diag(
                        codes::UNKNOWN_KEY,
                        e.key.range(),
                        format!(
                            "`{key}` is read in {read_in} only: Claude Code ignores it in {}.",
                            item.noun()
                        ),
                    )
                    .with_fix(title, edit, false),
                );
            }
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

fn plural(kind: MemoryKind) -> &'static str {
    match kind {
        MemoryKind::OutputStyle => "output styles",
        MemoryKind::Rule => "rules",
        MemoryKind::Memory => "CLAUDE.md",
    }
}

/// The key someone writing `key` most likely meant, among the keys read in
/// files of `kind`: a known slip first, then the closest key.
fn suggest(key: &str, kind: MemoryKind) -> Option<&'static str> {
    let cat = memory_catalog();
    let readable = |name: &str| {
        cat.field(name)
            .is_some_and(|f| f.applies_to.contains(&kind))
    };
    if let Some(hint) = cat.key_hints.get(key).filter(|h| readable(h)) {
        return Some(hint);
    }
    crate::suggest::closest(key, cat.fields_of(kind).map(|f| f.name.as_str()))
}

fn unknown_key(
    item: &Item,
    fm: &FrontMatter,
    e: &Entry,
    key: &str,
    suggestion: Option<&str>,
) -> Diagnostic {
    let mut message = match item.kind {
        MemoryKind::Memory => format!(
            "Claude Code strips a CLAUDE.md's front matter and reads only `paths` from it: \
             `{key}` is ignored."
        ),
        _ => format!(
            "Claude Code does not read `{key}` in {}'s front matter: it is ignored.",
            item.noun()
        ),
    };
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
fn value(f: &MemoryField, e: &Entry, out: &mut Vec<Diagnostic>) {
    let key = f.name.as_str();
    let v = &e.value;
    // An empty value is the key left out: Claude Code takes the default.
    if v.as_scalar().is_some_and(|s| s.kind == ScalarKind::Null) {
        return;
    }
    let invalid = |at: &Node, why: String| diag(codes::INVALID_VALUE, at.range(), why);
    match f.kind {
        MemoryType::String if v.as_str().is_none() => out.push(invalid(
            v,
            format!(
                "`{key}` takes a string; this is {}: Claude Code ignores it.",
                v.kind_name()
            ),
        )),
        MemoryType::Bool if !v.as_scalar().is_some_and(|s| s.kind == ScalarKind::Bool) => {
            out.push(invalid(
                v,
                format!(
                    "`{key}` takes `true` or `false`; this is {}: Claude Code does not read \
                     it as either.",
                    v.kind_name()
                ),
            ))
        }
        MemoryType::Paths => match v {
            Node::Seq { items, .. } => {
                for item in items.iter().filter(|i| i.as_str().is_none()) {
                    out.push(invalid(
                        item,
                        format!(
                            "Each entry of `paths` is a glob string; this one is {}: Claude \
                             Code may not match it as written. Quote it.",
                            item.kind_name()
                        ),
                    ));
                }
            }
            _ if v.as_str().is_some() => {}
            _ => out.push(invalid(
                v,
                format!(
                    "`paths` takes a glob string or a list of them; this is {}: Claude Code \
                     ignores it, and the file applies everywhere.",
                    v.kind_name()
                ),
            )),
        },
        MemoryType::String | MemoryType::Bool => {}
    }
}

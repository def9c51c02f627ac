//! Hook-shaped data outside `hooks` (measured on 2.1.332): Claude Code
//! refuses the whole agent, since a `PreToolUse` or `PermissionRequest`
//! hook it cannot load may be what guards the agent's permissions. It looks
//! for a top-level `PreToolUse`, `PermissionRequest` or
//! `PreSkillShellCommand`, and, a few levels below any other top-level key,
//! for a mapping that holds one or is shaped like a hook matcher. The
//! catalog's `[hooks]` table holds the keys and the depth.

use std::collections::HashSet;
use std::ops::Range;

use super::context::Context;
use crate::catalog::{Hooks, catalog};
use crate::codes::{self, diag};
use crate::diagnostic::Diagnostic;
use crate::parse::yaml::{Entry, Node, ScalarKind};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let h = &catalog().hooks;
    let may_repeat = cx.fm.may_repeat_keys();
    for (i, entry) in cx.fm.entries().iter().enumerate() {
        let Some(key) = key_text(&entry.key) else {
            continue;
        };
        // Claude Code reads the last of repeated keys.
        let repeated = may_repeat && cx.fm.last_index(key).is_some_and(|last| last != i);
        if key == "hooks" || unscanned(h, key) || repeated {
            continue;
        }
        let found = if guards(h, key) && counts(&entry.value) {
            Some(Found::TopGuard(entry.key.range()))
        } else if matches!(entry.value, Node::Scalar(_)) {
            None // nothing below a scalar (the usual case: keep it cheap)
        } else {
            let scan = Scan {
                depth: h.outside_depth,
                matchers: !h.is_event_name(key),
                in_hooks_list: false,
            };
            scan.find(h, &entry.value)
        };
        if let Some(found) = found {
            out.push(found.diagnostic(key));
        }
    }
}

/// What was found, at the key to point at.
enum Found {
    /// A top-level `PreToolUse`-like key with a value.
    TopGuard(Range<usize>),
    /// The same key below the top-level one.
    Guard(Range<usize>),
    /// The `hooks:` of a mapping shaped like a matcher.
    Matcher(Range<usize>),
}

impl Found {
    fn diagnostic(self, top: &str) -> Diagnostic {
        let why = "Claude Code does not load this agent: a PreToolUse/PermissionRequest hook it \
                   cannot load may be what guards its permissions";
        match self {
            Found::TopGuard(at) => diag(
                codes::HOOK_OUTSIDE_HOOKS,
                at,
                format!(
                    "`{top}` at the top level is a hook event outside `hooks`. {why}. Move it \
                     under `hooks:`, or remove it."
                ),
            ),
            Found::Guard(at) => diag(
                codes::HOOK_OUTSIDE_HOOKS,
                at,
                format!(
                    "A hook event outside `hooks` (under `{top}`). {why}. Move it under `hooks:`, \
                     or rename the key (notes may go under `metadata:`, which is not checked)."
                ),
            ),
            Found::Matcher(at) => diag(
                codes::HOOK_OUTSIDE_HOOKS,
                at,
                format!(
                    "This `hooks:` under `{top}` is shaped like a hook matcher outside the \
                     top-level `hooks`. {why}. Move it into `hooks:` under its event, or rename \
                     the key (notes may go under `metadata:`, which is not checked)."
                ),
            ),
        }
    }
}

/// One step of the scan below a top-level key.
#[derive(Clone, Copy)]
struct Scan {
    /// Levels left to descend.
    depth: usize,
    /// Whether matcher shapes count (not below a key named after an event).
    matchers: bool,
    /// Directly inside a `hooks:` list, where a handler (`type: …`) is
    /// not descended into.
    in_hooks_list: bool,
}

impl Scan {
    fn find(self, h: &Hooks, node: &Node) -> Option<Found> {
        if let Some(at) = guard_key(h, node) {
            return Some(Found::Guard(at));
        }
        if self.matchers
            && let Some(at) = matcher_shape(h, node)
        {
            return Some(Found::Matcher(at));
        }
        if self.depth == 0 {
            return None;
        }
        let below = Scan {
            depth: self.depth - 1,
            ..self
        };
        match node {
            Node::Seq { items, .. } => items.iter().find_map(|i| below.find(h, i)),
            Node::Map { entries, .. } => {
                if self.in_hooks_list && value(entries, "type").and_then(Node::as_str).is_some() {
                    return None;
                }
                last_entries(entries).find_map(|(key, e)| {
                    if unscanned(h, key) {
                        return None;
                    }
                    let scan = Scan {
                        matchers: self.matchers && !h.is_event_name(key),
                        in_hooks_list: key == "hooks" && matches!(e.value, Node::Seq { .. }),
                        ..below
                    };
                    scan.find(h, &e.value)
                })
            }
            _ => None,
        }
    }
}

/// A mapping holding a guarding key with a value: that key.
fn guard_key(h: &Hooks, node: &Node) -> Option<Range<usize>> {
    let Node::Map { entries, .. } = node else {
        return None;
    };
    last_entries(entries)
        .find(|(key, e)| guards(h, key) && counts(&e.value))
        .map(|(_, e)| e.key.range())
}

/// A mapping shaped like a matcher: `hooks:` a non-empty list, or a mapping
/// beside `matcher:` or holding a string `type`. Its `hooks` key.
fn matcher_shape(h: &Hooks, node: &Node) -> Option<Range<usize>> {
    let Node::Map { entries, .. } = node else {
        return None;
    };
    let has_matcher = value(entries, "matcher").is_some();
    let keys = || entries.iter().filter_map(|e| key_text(&e.key));
    if !has_matcher && keys().any(|k| h.is_event_name(k)) {
        return None;
    }
    let hooks = entries
        .iter()
        .rev()
        .find(|e| key_text(&e.key) == Some("hooks"))?;
    let shaped = match &hooks.value {
        Node::Seq { items, .. } => !items.is_empty(),
        Node::Map { entries, .. } => {
            has_matcher || value(entries, "type").and_then(Node::as_str).is_some()
        }
        _ => false,
    };
    shaped.then(|| hooks.key.range())
}

/// Not empty and not `[]`.
fn counts(value: &Node) -> bool {
    match value {
        Node::Scalar(s) => s.kind != ScalarKind::Null,
        Node::Seq { items, .. } => !items.is_empty(),
        _ => true,
    }
}

fn guards(h: &Hooks, key: &str) -> bool {
    h.guarding.iter().any(|g| g == key)
}

fn unscanned(h: &Hooks, key: &str) -> bool {
    h.outside_unscanned.iter().any(|k| k == key)
}

/// A key as Claude Code's object has it (any scalar, as text).
fn key_text(key: &Node) -> Option<&str> {
    key.as_scalar().map(|s| &*s.text)
}

/// The value Claude Code reads for `key`: the last one.
fn value<'a>(entries: &'a [Entry], key: &str) -> Option<&'a Node> {
    entries
        .iter()
        .rev()
        .find(|e| key_text(&e.key) == Some(key))
        .map(|e| &e.value)
}

/// The entries Claude Code keeps (the last of repeated keys), in order of
/// their last appearance reversed; order does not matter to `any`.
fn last_entries(entries: &[Entry]) -> impl Iterator<Item = (&str, &Entry)> {
    let mut seen = HashSet::new();
    entries
        .iter()
        .rev()
        .filter_map(|e| key_text(&e.key).map(|k| (k, e)))
        .filter(move |(k, _)| seen.insert(*k))
}

#[cfg(test)]
mod tests {
    fn refused(front: &str) -> bool {
        let text = format!("---\nname: a\ndescription: d\n{front}---\nBody.\n");
        let a = crate::analyze(&text, None);
        a.diagnostics.iter().any(|d| d.code == "AG045")
    }

    #[test]
    fn hook_shapes_outside_hooks() {
        assert!(refused("PreToolUse: [x]\n"));
        assert!(refused("PreToolUse: ''\n"));
        assert!(!refused("PreToolUse:\n"));
        assert!(!refused("PreToolUse: []\n"));
        assert!(refused("related:\n  hooks: [x]\n"));
        assert!(!refused("related:\n  hooks: []\n"));
        assert!(refused("related:\n  PermissionRequest: x\n"));
        assert!(refused("a:\n  - hooks: [x]\n"));
        assert!(refused("a: {b: {c: {d: {hooks: [x]}}}}\n"));
        assert!(!refused("a: {b: {c: {d: {e: {hooks: [x]}}}}}\n"));
        assert!(!refused("metadata:\n  hooks: [x]\n"));
        assert!(!refused("a:\n  metadata:\n    hooks: [x]\n"));
        assert!(!refused("related:\n  Stop:\n    hooks: [x]\n"));
        assert!(refused("related:\n  matcher: Bash\n  hooks: {}\n"));
        assert!(refused("related:\n  hooks:\n    type: command\n"));
        assert!(!refused("related:\n  hooks:\n    type: 1\n"));
        assert!(!refused("related:\n  Stop: x\n  hooks: [x]\n"));
        assert!(!refused("hooks:\n  PreToolUse: []\n"));
    }

    #[test]
    fn points_at_the_key() {
        let text = "---\nname: a\ndescription: d\nrelated:\n  hooks: [x]\n---\nBody.\n";
        let a = crate::analyze(text, None);
        let d = a.diagnostics.iter().find(|d| d.code == "AG045").unwrap();
        assert_eq!(&text[d.range.clone()], "hooks");
        assert_eq!(a.verdict, crate::Verdict::DoesNotLoad);
    }
}

//! `hooks`: Claude Code checks them when it loads the agent (measured on
//! 2.1.332). A `hooks` that is not a mapping stops the agent from loading.
//! Below it, what cannot be read (an event that is not a list of matchers,
//! a matcher without its `hooks` list, a handler of an unknown type) stops
//! it too when the event is one that may guard permissions (`PreToolUse`,
//! `PermissionRequest`); elsewhere that entry is ignored with a warning, as
//! is an unknown event or an event left empty.

use std::ops::Range;

use super::context::Context;
use crate::catalog::catalog;
use crate::codes::{self, diag};
use crate::diagnostic::Diagnostic;
use crate::parse::yaml::{Entry, Node, ScalarKind};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(hooks) = cx.fm.get("hooks") else {
        return;
    };
    match &hooks.value {
        Node::Scalar(s) if s.kind == ScalarKind::Null => {}
        Node::Map { entries, .. } => {
            for event in entries {
                check_event(event, out);
            }
        }
        other => out.push(diag(
            codes::HOOKS_INVALID,
            other.range(),
            format!(
                "`hooks` must map hook events to lists of matchers, not {}: Claude Code cannot \
                 read it and does not load this agent. Write `hooks:` then an event such as \
                 `PreToolUse:` with its list below.",
                other.kind_name()
            ),
        )),
    }
}

/// One event's hooks, and how much a problem in them costs.
struct Event<'a> {
    name: &'a str,
    /// A problem stops the agent from loading.
    guarding: bool,
}

impl Event<'_> {
    fn problem(&self, range: Range<usize>, why: &str) -> Diagnostic {
        if self.guarding {
            diag(
                codes::HOOKS_INVALID,
                range,
                format!(
                    "{why}. A `{}` hook Claude Code cannot read may be what guards this agent's \
                     permissions, so it does not load the agent at all.",
                    self.name
                ),
            )
        } else {
            diag(
                codes::HOOK_IGNORED,
                range,
                format!("{why}: Claude Code ignores this `{}` entry.", self.name),
            )
        }
    }
}

fn check_event(entry: &Entry, out: &mut Vec<Diagnostic>) {
    let name = entry.key.as_str().unwrap_or("");
    let cat = catalog();
    if !cat.hooks.events.iter().any(|e| e == name) {
        out.push(diag(
            codes::HOOK_IGNORED,
            entry.key.range(),
            format!("Claude Code has no hook event `{name}`: it ignores these hooks."),
        ));
        return;
    }
    let event = Event {
        name,
        guarding: cat.hooks.guarding.iter().any(|g| g == name),
    };
    match &entry.value {
        Node::Seq { items, .. } => {
            for matcher in items {
                check_matcher(&event, matcher, out);
            }
        }
        // Empty: ignored, whatever the event.
        Node::Scalar(s) if s.kind == ScalarKind::Null => out.push(diag(
            codes::HOOK_IGNORED,
            entry.key.range(),
            format!("`{name}` has no matchers: Claude Code ignores it."),
        )),
        other => out.push(event.problem(
            other.range(),
            &format!(
                "`{name}` must be a list of matchers (`- matcher: …` with `hooks:`), not {}",
                other.kind_name()
            ),
        )),
    }
}

/// `- matcher: … hooks: [ {type: …}, … ]`.
fn check_matcher(event: &Event, matcher: &Node, out: &mut Vec<Diagnostic>) {
    let Node::Map { entries, .. } = matcher else {
        let why = format!(
            "A matcher is a mapping (`matcher:` and `hooks:`), not {}",
            matcher.kind_name()
        );
        out.push(event.problem(matcher.range(), &why));
        return;
    };
    let handlers = entries
        .iter()
        .rev()
        .find(|e| e.key.as_str() == Some("hooks"));
    let Some(Node::Seq { items, .. }) = handlers.map(|e| &e.value) else {
        // On the `hooks:` value, or on the matcher's first key.
        let at = handlers
            .map(|e| e.value.range())
            .or_else(|| entries.first().map(|e| e.key.range()))
            .unwrap_or_else(|| matcher.range());
        out.push(event.problem(at, "A matcher needs `hooks:` with a list of handlers"));
        return;
    };
    for handler in items {
        if let Some((at, why)) = handler_problem(handler) {
            out.push(event.problem(at, &why));
        }
    }
}

/// What is wrong with one handler (`type: command`, `command: …`), if
/// anything, and where.
fn handler_problem(handler: &Node) -> Option<(Range<usize>, String)> {
    let Node::Map { entries, .. } = handler else {
        let why = format!(
            "A handler is a mapping with a `type`, not {}",
            handler.kind_name()
        );
        return Some((handler.range(), why));
    };
    let get = |k: &str| entries.iter().rev().find(|e| e.key.as_str() == Some(k));
    let kind_entry = get("type");
    let at = kind_entry
        .map(|e| e.value.range())
        .or_else(|| entries.first().map(|e| e.key.range()))
        .unwrap_or_else(|| handler.range());
    let kind = kind_entry.and_then(|e| e.value.as_str()).unwrap_or("");
    if !catalog().hooks.types.iter().any(|t| t == kind) {
        let types = catalog().hooks.types.join("`, `");
        return Some((at, format!("`{kind}` is not a handler type (`{types}`)")));
    }
    if kind == "command" && get("command").and_then(|e| e.value.as_str()).is_none() {
        let why = "A `command` handler needs the command to run in `command:`".to_string();
        return Some((at, why));
    }
    None
}

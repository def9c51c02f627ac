//! `textDocument/codeAction`: quick fixes from the diagnostics' fixes,
//! `source.fixAll.agentls`, and an agent's conversion to each other host
//! ([`super::convert_action`]).
//!
//! Everything is recomputed from the document as the server holds it
//! (`View.analysis`), never from the `data` a client sends back: a stale or
//! forged diagnostic must not turn into an edit.

use std::collections::HashMap;

use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    TextEdit, WorkspaceEdit,
};

use super::View;
use crate::lsp::index::LiveIndex;
use crate::lsp::session::EditSupport;
use crate::lsp::{convert, shown};
use agentls_core::policy::Policy;
use agentls_core::policy::suppress::ignore_fixes;
use agentls_core::{Diagnostic, Fix, fix};

/// The `source.fixAll` kind this server offers.
pub fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.fixAll.agentls")
}

/// The actions for `params`: the fixes of the findings shown in its range
/// (`ix` gives the cross-file ones; `policy` is the file's), then a comment
/// to ignore each of them on its line or in the file, then the agent's
/// conversions (when `support` lets the client create files).
pub fn code_actions(
    view: &View,
    params: &CodeActionParams,
    ix: Option<&LiveIndex>,
    policy: &Policy,
    support: EditSupport,
) -> Option<CodeActionResponse> {
    let only = params.context.only.as_deref();
    let mut actions = Vec::new();
    if wants(only, &CodeActionKind::QUICKFIX, true) {
        let start = view.offset(params.range.start);
        let end = view.offset(params.range.end).max(start);
        let mut shown = view.analysis.diagnostics.clone();
        let cross = ix.and_then(|ix| ix.findings_for(view.path, view.text));
        let known = cross.is_some();
        shown.extend(cross.into_iter().flatten());
        let hosts = ix.map_or(&[][..], |ix| &ix.hosts[..]);
        shown::settle(policy, view.path, view.analysis, known, hosts, &mut shown);
        shown.retain(|d| d.range.start <= end && start <= d.range.end);
        for d in &shown {
            for f in &d.fixes {
                actions.push(CodeActionOrCommand::CodeAction(quick_fix(view, d, f)));
            }
        }
        // Ignoring comes after every repair, once per distinct edit.
        let mut offered = Vec::new();
        for (d, fixes) in shown
            .iter()
            .zip(ignore_fixes(view.text, view.analysis, &shown))
        {
            for f in fixes {
                if !offered.contains(&f.edits) {
                    offered.push(f.edits.clone());
                    actions.push(CodeActionOrCommand::CodeAction(quick_fix(view, d, &f)));
                }
            }
        }
    }
    // Fix-all is offered only when asked for: it rewrites the whole file.
    if wants(only, &fix_all_kind(), false)
        && let Some(action) = fix_all(view, policy)
    {
        actions.push(CodeActionOrCommand::CodeAction(action));
    }
    if wants(only, &CodeActionKind::REFACTOR_REWRITE, true) && support.create_file {
        actions.extend(
            super::convert_action::conversions(view)
                .into_iter()
                .map(CodeActionOrCommand::CodeAction),
        );
    }
    Some(actions)
}

/// Does the client's `only` filter admit `kind`? Kinds are hierarchical:
/// `source` admits `source.fixAll.agentls`. Without a filter, `default`.
fn wants(only: Option<&[CodeActionKind]>, kind: &CodeActionKind, default: bool) -> bool {
    let Some(only) = only else { return default };
    let kind = kind.as_str();
    only.iter().any(|o| {
        let o = o.as_str();
        kind == o || kind.strip_prefix(o).is_some_and(|r| r.starts_with('.'))
    })
}

fn workspace_edit(view: &View, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(view.uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

fn quick_fix(view: &View, d: &Diagnostic, f: &Fix) -> CodeAction {
    let edits = f
        .edits
        .iter()
        .map(|e| TextEdit::new(view.range(&e.range), e.new_text.clone()))
        .collect();
    CodeAction {
        title: f.title.clone(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(convert::to_lsp(
            view.rope,
            view.uri,
            view.encoding,
            std::slice::from_ref(d),
        )),
        edit: Some(workspace_edit(view, edits)),
        is_preferred: f.preferred.then_some(true),
        ..CodeAction::default()
    }
}

/// Every preferred fix at once, as one edit replacing the lines that change.
fn fix_all(view: &View, policy: &Policy) -> Option<CodeAction> {
    // Fix-all judges by the project's `[kinds]`; a kind only the editor's
    // setting gives is not one it can fix by.
    let by_project = agentls_core::classify_with(view.path, &[&policy.kinds]);
    if by_project.name() != view.kind.name() {
        return None;
    }
    let (fixed, count) = fix::fix_all_with(view.text, Some(view.path), policy);
    if count == 0 || fixed == view.text {
        return None;
    }
    let (range, new_text) = changed_lines(view.text, &fixed);
    Some(CodeAction {
        title: format!(
            "Fix all agentls problems ({count} fix{})",
            if count == 1 { "" } else { "es" }
        ),
        kind: Some(fix_all_kind()),
        edit: Some(workspace_edit(
            view,
            vec![TextEdit::new(view.range(&range), new_text.to_string())],
        )),
        ..CodeAction::default()
    })
}

/// The smallest run of whole lines of `old` that differs from `new`, and its
/// replacement. Whole lines keep the edit off char and CRLF boundaries.
pub fn changed_lines<'a>(old: &str, new: &'a str) -> (std::ops::Range<usize>, &'a str) {
    let prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    // Bytes, not `str` slicing: the common prefix may end inside a char.
    let prefix = old.as_bytes()[..prefix]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let max_suffix = (old.len() - prefix).min(new.len() - prefix);
    let suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    // Keep the suffix starting right after a line break.
    let old_tail = &old.as_bytes()[old.len() - suffix..];
    let suffix = old_tail
        .iter()
        .position(|&b| b == b'\n')
        .map_or(0, |i| suffix - (i + 1));
    (prefix..old.len() - suffix, &new[prefix..new.len() - suffix])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(old: &str, new: &str) -> String {
        let (r, t) = changed_lines(old, new);
        format!("{}{}{}", &old[..r.start], t, &old[r.end..])
    }

    #[test]
    fn changed_lines_cover_the_difference_in_whole_lines() {
        for (old, new) in [
            ("a\nb\nc\n", "a\nB\nc\n"),
            ("a\nb\nc", "a\nc"),
            ("x", "y"),
            ("a\r\nb\r\n", "a\r\nbb\r\n"),
            ("é\n", "è\n"),
            ("same\n", "same\nmore\n"),
            ("aa\naa\n", "aa\n"),
        ] {
            assert_eq!(apply(old, new), new, "{old:?} -> {new:?}");
            let (r, _) = changed_lines(old, new);
            assert!(r.start == 0 || old[..r.start].ends_with('\n'));
            assert!(r.end == old.len() || old[..r.end].ends_with('\n'));
        }
    }
}

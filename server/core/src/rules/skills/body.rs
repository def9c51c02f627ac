//! The body of a skill or command is a template Claude Code expands before
//! sending: `$ARGUMENTS`, `$0`, `$name`, `${CLAUDE_…}` are substituted and
//! `` !`cmd` `` / ```` ```! ```` blocks run in a shell. Findings: the old
//! argument numbering (AG109), undeclared named arguments (AG110), unknown
//! substitutions (AG111), shell commands `allowed-tools` does not allow
//! (AG112).
//!
//! Substitution is textual, so `$…` inside code still counts as a use; but
//! code is full of shell variables (`$HOME`, awk's `$1`), so nothing in code
//! is flagged as a mistake.

use super::Item;
use crate::codes::{self, diag};
use crate::diagnostic::{Diagnostic, replace};
use crate::model::tool_entries;
use crate::parse::frontmatter::{FrontMatter, Syntax};
use crate::parse::split::Parts;
use crate::parse::yaml::{Node, ScalarKind};
use scan::{Dollar, Scan, Token, scan};

/// The `${…}` names Claude Code substitutes.
pub const SUBSTITUTIONS: &[&str] = &[
    "CLAUDE_SESSION_ID",
    "CLAUDE_EFFORT",
    "CLAUDE_SKILL_DIR",
    "CLAUDE_PROJECT_DIR",
    "CLAUDE_PLUGIN_ROOT",
    "CLAUDE_PLUGIN_DATA",
];

/// `fm` is the front matter when Claude Code reads it.
pub fn check(
    item: &Item,
    parts: Option<&Parts>,
    fm: Option<&FrontMatter>,
    out: &mut Vec<Diagnostic>,
) {
    let fm = fm.filter(|fm| !matches!(fm.syntax, Syntax::Broken(_)));
    let scan = scan(item.text, item.body.clone());
    old_numbering(&scan, out);
    if let Some(declared) = fm.and_then(declared_arguments) {
        undeclared(&scan, &declared, out);
    }
    unknown_substitutions(item.text, &scan.dollars, out);
    // `allowed-tools` Bash rules are substituted too.
    if let Some(e) = fm.and_then(|fm| fm.get("allowed-tools")) {
        let mut found = Vec::new();
        for r in tool_entries(item.text, &e.value) {
            if r.located() && !r.is_mcp() && r.name().trim() == "Bash" {
                scan::dollars(item.text, r.range.clone(), false, &mut found);
            }
        }
        unknown_substitutions(item.text, &found, out);
    }
    if !scan.shells.is_empty() {
        shell::check(item.text, item.noun(), parts, fm, &scan, out);
    }
}

/// `$1` used, `$0` never: written when `$1` was the first argument.
fn old_numbering(scan: &Scan, out: &mut Vec<Diagnostic>) {
    let current = scan
        .dollars
        .iter()
        .any(|d| matches!(d.token, Token::ArgIndex | Token::Index { n: 0, .. }));
    // In prose, not money: those are the ones renumbered by the fix.
    let prose = |d: &&Dollar| matches!(d.token, Token::Index { price: false, .. }) && !d.in_code;
    if current {
        return;
    }
    let Some(first) = scan
        .dollars
        .iter()
        .filter(prose)
        .find(|d| d.token == Token::Index { n: 1, price: false })
    else {
        return;
    };
    let edits = scan
        .dollars
        .iter()
        .filter(prose)
        .filter_map(|d| match d.token {
            Token::Index { n, .. } if n >= 1 && n != u64::MAX => {
                Some(replace(d.range.clone(), format!("${}", n - 1)).remove(0))
            }
            _ => None,
        })
        .collect();
    out.push(
        diag(
            codes::ARGUMENTS_OLD_NUMBERING,
            first.range.clone(),
            "Claude Code counts arguments from `$0` now: `$1` is the second argument, and \
             `$0` is never used here. If this body was written when `$1` was the first, \
             count from `$0`."
                .into(),
        )
        .with_fix("Count the arguments from `$0`", edits, false),
    );
}

/// The names `arguments:` declares (a space-separated string or a list).
fn declared_arguments(fm: &FrontMatter) -> Option<Vec<String>> {
    let words = |s: &str| s.split_whitespace().map(String::from).collect::<Vec<_>>();
    match &fm.get("arguments")?.value {
        Node::Scalar(s) if s.kind == ScalarKind::Str => Some(words(&s.text)),
        Node::Seq { items, .. } => Some(
            items
                .iter()
                .filter_map(Node::as_scalar)
                .flat_map(|s| words(&s.text))
                .collect(),
        ),
        _ => None,
    }
}

/// `$word` in prose when `arguments:` is declared without `word`. Only
/// lowercase words: `$HOME` or `$PATH` are shell variables, not slips.
fn undeclared(scan: &Scan, declared: &[String], out: &mut Vec<Diagnostic>) {
    for d in scan.dollars.iter().filter(|d| !d.in_code) {
        let Token::Named(word) = &d.token else {
            continue;
        };
        let lower = word
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !lower || !word.as_bytes()[0].is_ascii_lowercase() || declared.contains(word) {
            continue;
        }
        let names = declared
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let names = if names.is_empty() {
            "none".into()
        } else {
            names
        };
        let candidates = declared.iter().map(String::as_str).chain(["ARGUMENTS"]);
        let mut message = format!(
            "`${word}` is not a declared argument (`arguments`: {names}): Claude Code leaves \
             it as written."
        );
        let suggestion = crate::suggest::closest(word, candidates);
        if let Some(s) = suggestion {
            message.push_str(&format!(" Did you mean `${s}`?"));
        } else {
            message.push_str(&format!(
                " Add `{word}` to `arguments` if it is meant as one."
            ));
        }
        let mut dg = diag(codes::ARGUMENT_UNDECLARED, d.range.clone(), message);
        if let Some(s) = suggestion {
            dg = dg.with_fix(
                format!("Change to `${s}`"),
                replace(d.range.start + 1..d.range.end, s),
                false,
            );
        }
        out.push(dg);
    }
}

/// `${CLAUDE_…}` outside code that Claude Code does not substitute.
fn unknown_substitutions(text: &str, dollars: &[Dollar], out: &mut Vec<Diagnostic>) {
    for d in dollars.iter().filter(|d| !d.in_code) {
        let Token::Brace(name) = &d.token else {
            continue;
        };
        let name_text = &text[name.clone()];
        if SUBSTITUTIONS.contains(&name_text) {
            continue;
        }
        let suggestion = crate::suggest::closest(name_text, SUBSTITUTIONS.iter().copied());
        let mut message = format!(
            "Claude Code does not substitute `${{{name_text}}}`: it stays as written. It \
             substitutes {}.",
            SUBSTITUTIONS
                .iter()
                .map(|s| format!("`${{{s}}}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if let Some(s) = suggestion {
            message.push_str(&format!(" Did you mean `${{{s}}}`?"));
        }
        let mut dg = diag(codes::SUBSTITUTION_UNKNOWN, d.range.clone(), message);
        if let Some(s) = suggestion {
            dg = dg.with_fix(
                format!("Change to `${{{s}}}`"),
                replace(name.clone(), s),
                false,
            );
        }
        out.push(dg);
    }
}

pub(crate) mod scan;
mod shell;

#[cfg(test)]
mod tests;

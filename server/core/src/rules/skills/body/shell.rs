//! `` !`cmd` `` and ```` ```! ```` commands against the `Bash` rules of
//! `allowed-tools` (AG112): a command no rule allows asks for permission
//! when the item runs, and fails where nobody can answer.

use super::scan::Scan;
use crate::codes::{self, diag};
use crate::diagnostic::{Diagnostic, Edit, replace};
use crate::model::{ToolRef, tool_entries};
use crate::parse::frontmatter::FrontMatter;
use crate::parse::split::Parts;
use crate::parse::yaml::{Node, ScalarKind, Style};

pub(super) fn check(
    text: &str,
    noun: &str,
    parts: Option<&Parts>,
    fm: Option<&FrontMatter>,
    scan: &Scan,
    out: &mut Vec<Diagnostic>,
) {
    let allowed = fm.and_then(|fm| fm.get("allowed-tools"));
    let rules: Vec<ToolRef> = allowed.map_or_else(Vec::new, |e| tool_entries(text, &e.value));
    for sh in &scan.shells {
        let command = &text[sh.command.clone()];
        let Some(denied) = subcommands(command)
            .into_iter()
            .find(|c| !rules.iter().any(|r| allows(r, c)))
        else {
            continue;
        };
        let first = denied.split_whitespace().next().unwrap_or("");
        let entry = format!("Bash({first} *)");
        let pre = if allowed.is_some() {
            "no `Bash` rule of `allowed-tools` allows it"
        } else {
            "no `allowed-tools` pre-approves it"
        };
        let mut d = diag(
            codes::SHELL_NOT_ALLOWED,
            sh.range.clone(),
            format!(
                "Claude Code runs `{denied}` before sending this {}, but {pre}: unless your \
                 settings allow it, every run asks for permission, and a run with nobody to \
                 answer fails. Add `{entry}` (or a narrower rule) to `allowed-tools`.",
                noun
            ),
        );
        let simple = !first.is_empty()
            && first
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._/+-".contains(&b));
        let edits = simple
            .then(|| match (allowed, fm, parts) {
                (Some(e), _, _) => add_to_list(text, &e.value, &entry),
                (None, Some(_), Some(p)) => Some(replace(
                    p.close.start..p.close.start,
                    format!("allowed-tools: {entry}\n"),
                )),
                _ => None,
            })
            .flatten();
        if let Some(edits) = edits {
            d = d.with_fix(format!("Allow `{entry}`"), edits, false);
        }
        out.push(d);
    }
}

/// The simple commands of a command line, split on `&&`, `||`, `;` and
/// `|` outside quotes: Claude Code checks each against the rules.
fn subcommands(line: &str) -> Vec<&str> {
    let b = line.as_bytes();
    let mut parts = Vec::new();
    let (mut start, mut i, mut quote) = (0, 0, None);
    while i < b.len() {
        match (quote, b[i]) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, c @ (b'\'' | b'"')) => quote = Some(c),
            (None, b'\\') => i += 1,
            (None, b';' | b'|' | b'&' | b'\n') => {
                // A lone `&` (background, `2>&1`) does not split.
                let double = b.get(i + 1) == Some(&b[i]);
                if b[i] != b'&' || double {
                    parts.push(&line[start..i]);
                    i += double as usize;
                    start = i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(&line[start.min(line.len())..]);
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Whether the `allowed-tools` entry `rule` allows `command`: `Bash` (or
/// `*`) allows every command; `Bash(p:*)` every command starting with `p`;
/// `Bash(p *)` `p` and `p …`; `*` elsewhere matches anything.
fn allows(rule: &ToolRef, command: &str) -> bool {
    if rule.is_all() {
        return true;
    }
    if rule.is_mcp() || rule.name().trim() != "Bash" {
        return false;
    }
    let Some(spec) = rule.specifier() else {
        return true;
    };
    let spec = spec.strip_prefix('(').unwrap_or(spec);
    let spec = spec.strip_suffix(')').unwrap_or(spec).trim();
    if let Some(prefix) = spec.strip_suffix(":*") {
        return command.starts_with(prefix.trim_end());
    }
    if let Some(prefix) = spec.strip_suffix(" *")
        && command == prefix.trim_end()
    {
        return true;
    }
    glob(spec.as_bytes(), command.as_bytes())
}

/// `*` matches any run of characters; the rest literally.
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut back: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && pattern[p] == b'*' {
            back = Some((p, t));
            p += 1;
        } else if p < pattern.len() && pattern[p] == text[t] {
            p += 1;
            t += 1;
        } else if let Some((bp, bt)) = back {
            p = bp + 1;
            t = bt + 1;
            back = Some((bp, bt + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

/// Edits appending `entry` to an `allowed-tools` value, when its form is
/// one that can safely be extended: a one-line string, a flow list, a
/// block list of one-line items.
fn add_to_list(text: &str, value: &Node, entry: &str) -> Option<Vec<Edit>> {
    let at = |pos: usize, s: String| Some(replace(pos..pos, s));
    match value {
        Node::Scalar(s) if s.kind == ScalarKind::Str => {
            let src = text.get(s.range.clone())?;
            if src.contains('\n') || src.trim().is_empty() {
                return None;
            }
            match s.style {
                Style::Plain => at(s.range.end, format!(", {entry}")),
                Style::SingleQuoted | Style::DoubleQuoted if src.len() >= 2 => {
                    at(s.range.end - 1, format!(", {entry}"))
                }
                _ => None,
            }
        }
        Node::Seq { items, range } => {
            let src = text.get(range.clone())?;
            if src.starts_with('[') {
                let close = range.start + src.rfind(']')?;
                let sep = if items.is_empty() { "" } else { ", " };
                return at(close, format!("{sep}{entry}"));
            }
            let last = items.last()?.as_scalar()?;
            let line_start = text[..last.range.start].rfind('\n').map_or(0, |i| i + 1);
            let lead = &text[line_start..last.range.start];
            let dash = lead.trim_start_matches(' ');
            if !(dash.starts_with('-') && dash[1..].trim().is_empty())
                || text[last.range.clone()].contains('\n')
            {
                return None;
            }
            let line_end = text[last.range.end..]
                .find('\n')
                .map_or(text.len(), |i| last.range.end + i);
            let line_end = line_end - text[..line_end].ends_with('\r') as usize;
            at(line_end, format!("\n{lead}{entry}"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_operators_outside_quotes() {
        assert_eq!(
            subcommands("git status && git diff | head; echo 'a;b' 2>&1"),
            ["git status", "git diff", "head", "echo 'a;b' 2>&1"]
        );
    }

    #[test]
    fn rules_match_like_claude_code() {
        let r = |s: &str| ToolRef::parse(s, 0..s.len());
        assert!(allows(&r("Bash"), "rm -rf x"));
        assert!(allows(&r("Bash(git status:*)"), "git status --short"));
        assert!(allows(&r("Bash(git *)"), "git"));
        assert!(allows(&r("Bash(git *)"), "git log -1"));
        assert!(!allows(&r("Bash(git *)"), "gitk"));
        assert!(allows(&r("Bash(npm run *:ci)"), "npm run test:ci"));
        assert!(!allows(&r("Bash(git status)"), "git diff"));
        assert!(!allows(&r("Read"), "cat x"));
    }
}

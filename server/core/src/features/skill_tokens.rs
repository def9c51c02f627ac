//! Semantic tokens of a skill or command: front-matter keys, tool names
//! and enumerated values from the skill catalog (marked when Claude Code
//! ignores them), and in the body what Claude Code expands: `$ARGUMENTS`,
//! `$0`, declared `$name`, `${CLAUDE_…}` and `` !`cmd` `` / ```` ```! ````
//! commands. Same [`Token`]s as agents', so the server encodes both alike.

use crate::ToolRef;
use crate::catalog::{Applies, SkillType, ToolStatus, skill_catalog};
use crate::parse::lines::{KeyLine, key_lines, list_entries, scalar_value};
use crate::parse::split::{Split, split};
use crate::rules::skills::body::scan::{Token as Dollar, scan};

use super::tokens::{Token, TokenKind};

/// Every token of a skill's or command's text, in source order.
pub fn skill_tokens(text: &str, kind: Applies) -> Vec<Token> {
    let mut out = Vec::new();
    let lines = key_lines(text);
    for kl in &lines {
        front(text, kl, kind, &mut out);
    }
    let body = match split(text) {
        Split::FrontMatter(parts) => {
            let end = parts.close.end;
            end + text[end..].find('\n').map_or(text.len() - end, |i| i + 1)
        }
        _ => 0,
    };
    let declared: Vec<&str> = lines
        .iter()
        .find(|kl| &text[kl.key.clone()] == "arguments")
        .map(|kl| {
            text[kl.value.clone()]
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .filter(|w| !w.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let found = scan(text, body.min(text.len())..text.len());
    let mut body_tokens: Vec<Token> = Vec::new();
    for d in &found.dollars {
        let expanded = match &d.token {
            Dollar::Index { price, .. } => !price,
            Dollar::Named(name) => declared.contains(&name.as_str()),
            _ => true,
        };
        if expanded {
            body_tokens.push(token(d.range.clone(), TokenKind::Variable, false));
        }
    }
    for s in &found.shells {
        body_tokens.push(token(s.range.clone(), TokenKind::Shell, false));
    }
    body_tokens.sort_by_key(|t| t.range.start);
    out.extend(body_tokens);
    out
}

fn token(range: std::ops::Range<usize>, kind: TokenKind, bad: bool) -> Token {
    Token {
        range,
        kind,
        deprecated: bad,
        unknown: bad,
    }
}

fn front(text: &str, kl: &KeyLine, kind: Applies, out: &mut Vec<Token>) {
    let cat = skill_catalog();
    let field = cat.field(&text[kl.key.clone()]);
    let read = field.is_some_and(|f| f.applies_to.contains(&kind));
    out.push(Token {
        range: kl.key.clone(),
        kind: TokenKind::Key,
        deprecated: !read,
        unknown: field.is_none(),
    });
    let Some(field) = field.filter(|_| read) else {
        return;
    };
    match field.kind {
        SkillType::Tools => {
            for entry in list_entries(text, kl.value.clone()) {
                let tool = ToolRef::parse(&text[entry.clone()], entry);
                if tool.name().is_empty() {
                    continue;
                }
                let (deprecated, unknown) = if tool.is_all() || tool.is_mcp() {
                    (false, false)
                } else {
                    match tool.status() {
                        Some(ToolStatus::Current | ToolStatus::Optional) => (false, false),
                        Some(_) => (true, false),
                        None => (true, true),
                    }
                };
                out.push(Token {
                    range: tool.name_range(),
                    kind: TokenKind::Tool,
                    deprecated,
                    unknown,
                });
            }
        }
        SkillType::Enum | SkillType::Bool => {
            if let Some(range) = scalar_value(text, kl) {
                let value = &text[range.clone()];
                let valid = match field.kind {
                    SkillType::Bool => cat.is_bool(value),
                    _ => field.values.iter().any(|v| v == value),
                };
                out.push(token(range, TokenKind::Value, !valid));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelled(text: &str, kind: Applies) -> Vec<(&str, TokenKind, bool)> {
        skill_tokens(text, kind)
            .into_iter()
            .map(|t| (&text[t.range], t.kind, t.deprecated))
            .collect()
    }

    #[test]
    fn a_skill_front_matter_and_body() {
        let text = "---\ncontext: forked\nuser-invocable: yes\nallowed-tools: Bash(git *), Nope\n\
                    arguments: [file]\ncolor: red\n---\nFix $ARGUMENTS then $0, $file, $other \
                    in ${CLAUDE_SKILL_DIR}.\nStatus: !`git status`, $5.00\n";
        use TokenKind::*;
        assert_eq!(
            spelled(text, Applies::Skill),
            [
                ("context", Key, false),
                ("forked", Value, true),
                ("user-invocable", Key, false),
                ("yes", Value, false),
                ("allowed-tools", Key, false),
                ("Bash", Tool, false),
                ("Nope", Tool, true),
                ("arguments", Key, false),
                ("color", Key, true),
                ("$ARGUMENTS", Variable, false),
                ("$0", Variable, false),
                ("$file", Variable, false),
                ("${CLAUDE_SKILL_DIR}", Variable, false),
                ("!`git status`", Shell, false),
            ]
        );
    }

    #[test]
    fn odd_text_never_panics() {
        for text in [
            "",
            "---",
            "---\n",
            "---\na: $0\n---",
            "$",
            "!`",
            "---\n---\n$ARGUMENTS[",
        ] {
            let _ = skill_tokens(text, Applies::Command);
        }
    }
}

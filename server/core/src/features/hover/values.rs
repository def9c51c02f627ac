//! Cards for values: what the chosen model, color, mode or setting does, or
//! why Claude Code ignores it.

use super::card::HoverInfo;
use super::keys::allowed_values;
use super::markdown::{capitalised, code, sentence};
use super::tools;
use crate::catalog::{ScalarValue, catalog};
use crate::parse::yaml::{Node, Scalar, ScalarKind};
use crate::{Analysis, codes, suggest};

pub(super) fn value_card(
    a: &Analysis,
    key: &str,
    value: &Node,
    offset: usize,
) -> Option<HoverInfo> {
    if key == "tools" || key == "disallowedTools" {
        return tools::tool_card(a, key, offset);
    }
    let s = value.as_scalar()?;
    let markdown = match key {
        "model" => model_value(a, s),
        "color" => color_value(s),
        "name" => name_value(s)?,
        "maxTurns" => max_turns_value(s),
        "permissionMode" | "memory" | "effort" | "isolation" | "background" => {
            setting_value(a, key, s)
        }
        _ => return None,
    };
    Some(HoverInfo {
        range: s.range.clone(),
        markdown,
    })
}

fn model_value(a: &Analysis, s: &Scalar) -> String {
    let m = &catalog().models;
    let text = &*s.text;
    let lower = text.to_ascii_lowercase();
    let head = format!("**{}** · model", code(text));
    if s.kind != ScalarKind::Str {
        return format!(
            "{head}\n\n`model` must be a string; this is {}. Write an alias such as `sonnet`, \
             or `inherit`.",
            Node::Scalar(s.clone()).kind_name()
        );
    }
    if m.aliases.contains(&lower) {
        let family = capitalised(&lower);
        return format!(
            "{head} alias\n\nResolves to the latest {family} model when the agent is spawned, so \
             the agent moves to new {family} versions as they ship."
        );
    }
    if m.keywords.contains(&lower) {
        return format!(
            "{head}\n\nThe agent runs on the main conversation's model: whichever model the \
             session that starts it is using. Leaving `model` out does the same."
        );
    }
    if m.extra_aliases.contains(&lower) {
        return format!(
            "{head} alias\n\nAn alias meant for the `/model` setting; it also works here and \
             resolves the same way it does there."
        );
    }
    let invalid = a.diagnostics.iter().any(|d| {
        d.code == codes::INVALID_MODEL
            && d.range.start <= s.range.end
            && d.range.end >= s.range.start
    });
    if !invalid {
        return format!(
            "{head} ID\n\nA specific model version: the agent always runs on exactly this model \
             and does not move to newer releases."
        );
    }
    let mut md = if lower == "default" {
        format!(
            "{head}\n\n`default` is not a model for agents. Claude Code does not check `model` \
             when the file loads; it sends `default` to the API when the agent is spawned, the \
             request fails, and the agent cannot run. Write `inherit` or leave the line out."
        )
    } else {
        format!(
            "{head}\n\nNot a Claude model. Claude Code does not check `model` when the file \
             loads; it sends this string to the API when the agent is spawned, the request \
             fails, and the agent cannot run."
        )
    };
    if let Some(g) = suggest::closest(&lower, m.aliases.iter().map(String::as_str)).or_else(|| {
        m.aliases
            .iter()
            .map(String::as_str)
            .find(|a| lower.contains(a))
    }) {
        md.push_str(&format!(" Did you mean {}?", code(g)));
    }
    md
}

fn color_value(s: &Scalar) -> String {
    let cat = catalog();
    let text = &*s.text;
    match cat.colors.get(text) {
        Some(hex) => format!(
            "**{}** · color `{hex}`\n\nClaude Code draws this agent's name in {text} in its \
             terminal interface (the agent list and the agent's lines while it works). The hex \
             value approximates how terminals render it.",
            code(text)
        ),
        None => {
            let mut md = format!(
                "**{}** · not a color Claude Code knows\n\nThe value is ignored without a word \
                 and the agent gets an automatic color. Claude Code has {} colors: {}.",
                code(text),
                cat.colors.len(),
                cat.colors
                    .keys()
                    .map(|c| code(c))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            if let Some(g) = suggest::closest(text, cat.colors.keys().map(String::as_str)) {
                md.push_str(&format!(" Did you mean {}?", code(g)));
            }
            md
        }
    }
}

fn name_value(s: &Scalar) -> Option<String> {
    let name = &*s.text;
    (s.kind == ScalarKind::Str && !name.is_empty()).then(|| {
        format!(
            "**{}** · agent name\n\nClaude Code delegates to this agent as `subagent_type: \
             \"{name}\"`, and you can mention it as `@agent-{name}`. The file name does not \
             matter.",
            code(name)
        )
    })
}

fn max_turns_value(s: &Scalar) -> String {
    match s.text.trim().parse::<u64>() {
        Ok(n) if n > 0 => format!(
            "**{}** · turn limit\n\nThe agent stops after at most {n} agentic turn{}.",
            code(&s.text),
            if n == 1 { "" } else { "s" }
        ),
        _ => format!(
            "**{}** · not a turn limit\n\n`maxTurns` takes a positive whole number; this value \
             is ignored and the agent has no limit.",
            code(&s.text)
        ),
    }
}

/// Enumerated settings: the meaning of the chosen value, or why it is ignored.
fn setting_value(a: &Analysis, key: &str, s: &Scalar) -> String {
    let field = catalog().field(key);
    let text = &*s.text;
    let value = ScalarValue { text, kind: s.kind };
    let valid = field.is_some_and(|f| catalog().accepts(f, Some(value)));
    let head = format!("**{}** · `{key}`", code(text));
    if !valid {
        let values = field.and_then(allowed_values).unwrap_or_default();
        let mut md =
            format!("{head}\n\nNot a valid `{key}`: Claude Code ignores it. Valid: {values}.");
        if let Some(f) = field
            && let Some(g) = suggest::closest(text, f.values.iter().map(String::as_str))
        {
            md.push_str(&format!(" Did you mean {}?", code(g)));
        }
        return md;
    }
    let meaning = match (key, text) {
        ("effort", _) if s.kind == ScalarKind::Int => {
            "an explicit effort value given as a number instead of a level name".to_string()
        }
        ("memory", v) => memory_meaning(a, v),
        (k, v) => catalog()
            .meaning(k, v)
            .unwrap_or("a valid value")
            .to_string(),
    };
    let mut md = format!("{head}\n\n{}", sentence(&meaning));
    if key == "permissionMode"
        && let Some(d) = field.and_then(|f| f.detail.as_deref())
    {
        md.push_str(&format!("\n\n{d}"));
    }
    md
}

/// The memory directory of scope `value` from the catalog, with the
/// agent's name filled in.
fn memory_meaning(a: &Analysis, value: &str) -> String {
    let Some(dir) = catalog().memory.get(value) else {
        return format!("persistent memory with scope `{value}`");
    };
    let name = a
        .agent
        .as_ref()
        .and_then(|g| g.name.as_deref())
        .filter(|n| !n.is_empty() && !n.contains(['/', '\\']));
    let dir = match name {
        Some(n) => dir.replace("<name>", n),
        None => dir.to_string(),
    };
    let scope = match value {
        "user" => "shared by every project on this machine",
        "project" => "inside this project, so it can be committed and shared with the team",
        _ => "inside this project, but meant to stay out of version control",
    };
    format!(
        "the agent keeps a persistent memory directory at `{dir}`, {scope}; it reads and writes \
         it across runs"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_directories_come_from_the_catalog() {
        let a = crate::analyze("---\nname: keeper\ndescription: d\n---\n", None);
        assert!(memory_meaning(&a, "user").contains("~/.claude/agent-memory/keeper/"));
        assert!(memory_meaning(&a, "project").contains("`.claude/agent-memory/keeper/`"));
        assert!(memory_meaning(&a, "local").contains(".claude/agent-memory-local/keeper/"));
    }
}

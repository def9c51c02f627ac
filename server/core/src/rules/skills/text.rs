//! Text helpers for the skill rules: characters counted as Claude Code
//! counts them, and mapped back to the YAML source.

use crate::parse::yaml::{Scalar, Style};

/// At most `max` characters of `s`, with `…` when cut.
pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max).collect();
    out.push('…');
    out
}

/// A parser's message as a sentence (capital first, full stop last).
pub fn sentence(message: &str) -> String {
    let message = message.trim();
    let mut chars = message.chars();
    let mut out: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// A message of a rule shared with agents, told as it is for a skill or
/// command (`noun`): Claude Code ignores their front matter where it skips
/// an agent, and their body is instructions, not a system prompt.
pub fn for_skills(message: &str, noun: &str) -> String {
    message
        .replace(
            "Claude Code cannot read the front matter and skips the agent",
            "Claude Code cannot read the front matter",
        )
        .replace("skips the agent", "ignores the whole front matter")
        .replace("the agent is skipped", "the whole front matter is ignored")
        .replace("the agent's system prompt", &format!("the {noun}'s body"))
        .replace("the system prompt", "the body")
}

/// The byte in `text` (the whole file) where character `index` of the
/// scalar's loaded value is written.
///
/// Exact when the source spells the value as loaded (plain scalars, and
/// quoted ones without escapes). Otherwise (block scalars, escapes,
/// folded lines) it is approximate: the n-th non-blank character of the
/// value is taken to be the n-th non-blank character of its source after
/// the opening quote. Blanks are what indentation, folding
/// and line breaks change; escapes shift it by a character or two. The
/// result is always a character boundary inside the scalar's range.
pub fn source_at(text: &str, scalar: &Scalar, index: usize) -> usize {
    let range = scalar.range.clone();
    let Some(src) = text.get(range.clone()) else {
        return range.start.min(text.len());
    };
    let value: &str = &scalar.text;
    let inner = match scalar.style {
        Style::SingleQuoted | Style::DoubleQuoted
            if src.len() >= 2 && src.starts_with(['"', '\'']) && src.ends_with(['"', '\'']) =>
        {
            Some(1..src.len() - 1)
        }
        Style::Plain => Some(0..src.len()),
        _ => None,
    };
    if let Some(inner) = inner
        && src.get(inner.clone()) == Some(value)
    {
        let at = value
            .char_indices()
            .nth(index)
            .map_or(value.len(), |(i, _)| i);
        return range.start + inner.start + at;
    }
    let wanted = value
        .chars()
        .take(index)
        .filter(|c| !c.is_whitespace())
        .count();
    let skip = match scalar.style {
        // The range starts at the block's content; a header is skipped in case.
        Style::Literal | Style::Folded if src.starts_with(['|', '>']) => {
            src.find('\n').map_or(src.len(), |i| i + 1)
        }
        Style::Literal | Style::Folded => 0,
        Style::SingleQuoted | Style::DoubleQuoted => usize::from(src.starts_with(['"', '\''])),
        Style::Plain => 0,
    };
    let mut seen = 0;
    for (i, c) in src[skip..].char_indices() {
        if c.is_whitespace() {
            continue;
        }
        if seen == wanted {
            return range.start + skip + i;
        }
        seen += 1;
    }
    range.end
}

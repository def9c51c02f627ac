//! Writing YAML that every host reads the same: strict YAML (Copilot CLI
//! and Gemini CLI reject what Claude Code rescues), a value quoted whenever
//! a plain scalar could be read as something else.

/// `s` as a scalar: plain when that reads back as the same string,
/// double-quoted otherwise. `flow`: inside `[...]`, where `,[]{}` end it.
pub fn scalar(s: &str, flow: bool) -> String {
    if plain(s, flow) {
        s.to_string()
    } else {
        quoted(s)
    }
}

fn plain(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let lower = s.to_ascii_lowercase();
    let reserved = [
        "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n",
    ];
    s.trim() == s
        && !"-?:,[]{}#&*!|>'\"%@`".contains(first)
        && !first.is_ascii_digit()
        && !matches!(first, '.' | '+')
        && !reserved.contains(&lower.as_str())
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.contains("---")
        && !(flow && s.contains([',', '[', ']', '{', '}']))
        && s.chars().all(|c| !c.is_control())
}

/// A double-quoted scalar: `"` and `\` escaped, control characters too.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::yaml::{self, Node};

    /// Every written scalar reads back, strictly, as the same string.
    #[test]
    fn scalars_read_back_as_written() {
        for s in [
            "plain words",
            "Use it when: the user asks",
            "a # not a comment",
            "true",
            "42",
            "1.5",
            "-dash",
            "*",
            "github/*",
            "say \"hi\" \\ there",
            "two\nlines",
            "tab\there",
            "ends with:",
            "",
            " padded ",
            "#FF0000",
            "a, b",
            "é ✓",
        ] {
            for flow in [false, true] {
                let doc = if flow {
                    format!("k: [{}]", scalar(s, true))
                } else {
                    format!("k: {}", scalar(s, false))
                };
                let root = yaml::parse(&doc).unwrap_or_else(|e| panic!("{doc}: {e:?}"));
                let Node::Map { entries, .. } = root else {
                    panic!("{doc}")
                };
                let v = match &entries[0].value {
                    Node::Seq { items, .. } => items[0].clone(),
                    v => v.clone(),
                };
                assert_eq!(v.as_str(), Some(s), "{doc}");
            }
        }
    }
}

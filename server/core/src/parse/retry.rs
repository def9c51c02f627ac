//! Claude Code's lenient second pass over front matter that strict YAML
//! rejects.
//!
//! Emulated from the measured behaviour of Claude Code (2.1.330, confirmed on
//! 2.1.332): on a strict parse failure, every top-level line `key: value`
//! whose value holds a character YAML treats specially (but a list in
//! brackets that reads as one) is rewritten as a double-quoted string,
//! taking the raw text verbatim (backslashes and quotes escaped, trailing
//! spaces kept, no comment stripping), and the result is parsed strictly
//! again. Lines are split on `\n` only, so on CRLF files the trailing `\r`
//! stops a line from matching and nothing is rescued. Values that start and end
//! with the same quote are left alone; one that only starts with a quote is
//! quoted like any other (its quote becomes text). Values ending in `:` or
//! starting with `- ` are left alone too: they contain no special character.

use std::ops::Range;

/// A line the retry rewrote, in offsets of the original YAML text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rewrite {
    /// Index of the line within the YAML text.
    pub line: usize,
    pub key: Range<usize>,
    pub value: Range<usize>,
}

/// A top-level `key: value` line as the retry's pattern sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyLine {
    pub key: Range<usize>,
    pub value: Range<usize>,
}

/// Match `^([a-zA-Z_-]+):\s+(.+)$` against one line (without its `\n`); as in
/// JavaScript, `.` does not match `\r`.
pub fn key_line(line: &str, base: usize) -> Option<KeyLine> {
    let key_len = line
        .bytes()
        .take_while(|b| b.is_ascii_alphabetic() || *b == b'_' || *b == b'-')
        .count();
    if key_len == 0 || line.as_bytes().get(key_len) != Some(&b':') {
        return None;
    }
    let after = &line[key_len + 1..];
    let value = after.trim_start_matches(|c: char| c.is_whitespace() && c != '\r' && c != '\n');
    let spaces = after.len() - value.len();
    if spaces == 0 || value.is_empty() || value.contains('\r') {
        return None;
    }
    let start = base + key_len + 1 + spaces;
    Some(KeyLine {
        key: base..base + key_len,
        value: start..start + value.len(),
    })
}

/// Would the retry quote this value? Not one that starts and ends with the
/// same quote (`"hi"\nassistant: ok` is quoted, `"hi"\nassistant: "ok"` is
/// not), and not a list written in brackets that reads as one (measured on
/// 2.1.332: `tools: [Read, Grep]` stays a list, `[WIP] agent` and `{a, b}`
/// become strings).
pub fn needs_quoting(value: &str) -> bool {
    let quoted = |q: char| value.starts_with(q) && value.ends_with(q);
    if quoted('"') || quoted('\'') {
        return false;
    }
    if value.starts_with('[')
        && value.ends_with(']')
        && matches!(super::yaml::parse(value), Ok(super::yaml::Node::Seq { .. }))
    {
        return false;
    }
    value.contains(": ")
        || value.chars().any(|c| {
            matches!(
                c,
                '{' | '}' | '[' | ']' | '*' | '&' | '#' | '!' | '|' | '>' | '%' | '@' | '`' | '\t'
            )
        })
}

/// The value as the retry writes it: a double-quoted YAML string.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    out.push('"');
    let mut last = 0;
    // Copy runs between the two characters that need escaping (a hot path:
    // descriptions run to kilobytes and are quoted on every keystroke).
    for (i, b) in value.bytes().enumerate() {
        if b == b'\\' || b == b'"' {
            out.push_str(&value[last..i]);
            out.push('\\');
            last = i;
        }
    }
    out.push_str(&value[last..]);
    out.push('"');
    out
}

/// Lines of `yaml` (split on `\n` only) with their byte offsets.
pub fn lines(yaml: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    yaml.split('\n').map(move |line| {
        let start = offset;
        offset += line.len() + 1;
        (start, line)
    })
}

/// The lines the retry would rewrite.
pub fn candidates(yaml: &str) -> Vec<Rewrite> {
    lines(yaml)
        .enumerate()
        .filter_map(|(i, (start, line))| {
            let kl = key_line(line, start)?;
            needs_quoting(&yaml[kl.value.clone()]).then_some(Rewrite {
                line: i,
                key: kl.key,
                value: kl.value,
            })
        })
        .collect()
}

/// `yaml` with the given rewrites applied (each `value` replaced by its quoted form).
pub fn apply(yaml: &str, rewrites: &[Rewrite]) -> String {
    let mut out = String::with_capacity(yaml.len() + rewrites.len() * 8);
    let mut last = 0;
    for r in rewrites {
        out.push_str(&yaml[last..r.value.start]);
        out.push_str(&quote(&yaml[r.value.clone()]));
        last = r.value.end;
    }
    out.push_str(&yaml[last..]);
    out
}

/// Map a byte offset in the rewritten text back to the original text.
pub fn map_back(offset: usize, yaml: &str, rewritten: &str) -> usize {
    let line = rewritten[..offset.min(rewritten.len())]
        .matches('\n')
        .count();
    let col = offset
        - rewritten[..offset.min(rewritten.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
    let (start, text) = lines(yaml).nth(line).unwrap_or((yaml.len(), ""));
    let mut at = start + col.min(text.len());
    while !yaml.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_only_top_level_single_line_values() {
        assert!(key_line("description: a: b", 0).is_some());
        assert!(key_line("  nested: a: b", 0).is_none());
        assert!(key_line("description:", 0).is_none());
        assert!(
            key_line("description: a: b\r", 0).is_none(),
            "CRLF lines never match"
        );
        assert!(
            key_line("max2: x", 0).is_none(),
            "digits are not in the key pattern"
        );
    }

    #[test]
    fn quoting_rules() {
        assert!(needs_quoting("Triggers include: X"));
        assert!(needs_quoting("[WIP] agent"));
        assert!(needs_quoting("[a] [b]"));
        assert!(needs_quoting("[a, b]  "), "trailing spaces: quoted");
        assert!(needs_quoting("{a, b}"));
        assert!(!needs_quoting("[Read, Grep]"));
        assert!(!needs_quoting("[\"Read\", \"Grep\"]"));
        assert!(needs_quoting("issue #5"));
        assert!(!needs_quoting("ends with colon:"));
        assert!(!needs_quoting("- dash first"));
        assert!(needs_quoting("\"unterminated: x"));
        assert!(needs_quoting("\"hi\"\\nassistant: ok"));
        assert!(!needs_quoting("\"hi\"\\nassistant: \"ok\""));
        assert!(!needs_quoting("'a: b'"));
        assert!(!needs_quoting("\"unterminated"), "nothing special");
        assert_eq!(quote(r#"C:\temp "x""#), r#""C:\\temp \"x\"""#);
    }

    #[test]
    fn apply_and_map_back() {
        let yaml = "name: a\ndescription: x: y\ntools: Read\n";
        let c = candidates(yaml);
        assert_eq!(c.len(), 1);
        let out = apply(yaml, &c);
        assert_eq!(out, "name: a\ndescription: \"x: y\"\ntools: Read\n");
        let tools = out.find("tools").unwrap();
        assert_eq!(map_back(tools, yaml, &out), yaml.find("tools").unwrap());
    }
}

//! The front matter read line by line, for the features that must work
//! while the YAML is broken (completion, semantic tokens, colors): top-level
//! `key:` lines, list entries and the scalar on a key's line, with byte
//! ranges. While someone types, the YAML is broken more often than not.

use std::ops::Range;

use super::split::{self, Split};

/// A top-level `key:` line of the front matter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyLine {
    pub key: Range<usize>,
    pub colon: usize,
    /// From after the colon to the start of the next top-level key (or the
    /// end of the front matter): the value with its nested lines.
    pub value: Range<usize>,
}

/// The YAML between the fences, and whether a closing fence exists. An
/// unclosed block (a new file being written) runs to the end of the text.
pub fn yaml_region(text: &str) -> Option<(Range<usize>, bool)> {
    match split::split(text) {
        Split::FrontMatter(p) => Some((p.yaml, true)),
        Split::Unclosed { open } => {
            let start = text[open.end..]
                .find('\n')
                .map_or(text.len(), |i| open.end + i + 1);
            Some((start..text.len(), false))
        }
        Split::Displaced { .. } | Split::None => None,
    }
}

/// Top-level keys of the front matter, found line by line.
pub fn key_lines(text: &str) -> Vec<KeyLine> {
    let Some((region, _)) = yaml_region(text) else {
        return Vec::new();
    };
    let mut out: Vec<KeyLine> = Vec::new();
    for line in lines(text, region.clone()) {
        let Some((key, colon)) = parse_key_line(&text[line.clone()]) else {
            continue;
        };
        if let Some(prev) = out.last_mut() {
            prev.value.end = line.start;
        }
        out.push(KeyLine {
            key: line.start + key.start..line.start + key.end,
            colon: line.start + colon,
            value: line.start + colon + 1..region.end,
        });
    }
    out
}

/// The entries of a list value (string, flow list or block list), each
/// without quotes or list markers; `Bash(git *)` stays one entry. An unclosed
/// `(` ends at its line, so one typo does not swallow the rest.
pub fn list_entries(text: &str, region: Range<usize>) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start: Option<usize> = None;
    let mut comment = false;
    let flush = |start: &mut Option<usize>, end: usize, out: &mut Vec<Range<usize>>| {
        if let Some(mut s) = start.take() {
            // A block-list marker glued to nothing (`-`) or a stray dash:
            // tool names never start with one.
            while s < end && bytes[s] == b'-' {
                s += 1;
            }
            if s < end {
                out.push(s..end);
            }
        }
    };
    for at in region.clone() {
        let b = bytes[at];
        if b == b'\n' || b == b'\r' {
            comment = false;
            depth = 0;
            flush(&mut start, at, &mut out);
            continue;
        }
        if comment {
            continue;
        }
        let after_space = at == region.start || bytes[at - 1].is_ascii_whitespace();
        match b {
            b'#' if depth == 0 && start.is_none() && after_space => comment = true,
            b'(' => {
                depth += 1;
                start.get_or_insert(at);
            }
            b')' => {
                depth = depth.saturating_sub(1);
                start.get_or_insert(at);
            }
            b',' | b' ' | b'\t' | b'[' | b']' | b'"' | b'\'' if depth == 0 => {
                flush(&mut start, at, &mut out)
            }
            _ => {
                start.get_or_insert(at);
            }
        }
    }
    flush(&mut start, region.end, &mut out);
    out
}

/// The value on a key's own line: trimmed, without quotes or a trailing
/// comment. `None` when empty or when the value is a block or a list.
pub fn scalar_value(text: &str, kl: &KeyLine) -> Option<Range<usize>> {
    let line_end = text[kl.value.clone()]
        .find(['\n', '\r'])
        .map_or(kl.value.end, |i| kl.value.start + i);
    let raw = &text[kl.value.start..line_end];
    let lead = raw.len() - raw.trim_start().len();
    let mut start = kl.value.start + lead;
    let mut v = raw.trim_start();
    if let Some(q) = v.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let inner = &v[1..];
        let close = inner.find(q).unwrap_or(inner.len());
        start += 1;
        v = &inner[..close];
    } else {
        if let Some(i) = v.find(" #").or_else(|| v.find("\t#")) {
            v = &v[..i];
        }
        v = v.trim_end();
        if v.starts_with(['|', '>', '[', '{', '&', '*', '!', '#'])
            || v == "-"
            || v.starts_with("- ")
        {
            return None;
        }
    }
    (!v.is_empty()).then(|| start..start + v.len())
}

// Text helpers

/// Byte ranges of the lines in `region`, without their line breaks.
pub(crate) fn lines(text: &str, region: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = region.start;
    std::iter::from_fn(move || {
        if at >= region.end {
            return None;
        }
        let rest = &text[at..region.end];
        let len = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let line = at..at + len;
        at += len;
        at += if rest[len..].starts_with("\r\n") {
            2
        } else {
            usize::from(len < rest.len())
        };
        Some(line)
    })
}

/// The line containing `offset`, without its line break.
pub(crate) fn line_around(text: &str, offset: usize) -> Range<usize> {
    let start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let end = text[offset..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| offset + i);
    start..end
}

/// `key:` at column 0: the key's range and the colon, relative to the line.
pub(crate) fn parse_key_line(line: &str) -> Option<(Range<usize>, usize)> {
    if line.starts_with([
        ' ', '\t', '-', '#', '"', '\'', '[', '{', '<', '?', '&', '*', '!', '|', '>', '%', '@', '`',
    ]) {
        return None;
    }
    let bytes = line.as_bytes();
    let colon = (0..bytes.len()).find(|&i| {
        bytes[i] == b':' && bytes.get(i + 1).is_none_or(|b| *b == b' ' || *b == b'\t')
    })?;
    let key = line[..colon].trim_end();
    (!key.is_empty()).then_some((0..key.len(), colon))
}

pub(crate) fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(src: &str) -> Vec<&str> {
        list_entries(src, 0..src.len())
            .into_iter()
            .map(|r| &src[r])
            .collect()
    }

    #[test]
    fn list_entries_in_every_form() {
        assert_eq!(entries(" Read, Grep,Glob"), ["Read", "Grep", "Glob"]);
        assert_eq!(entries(" [Read, \"Grep\"]"), ["Read", "Grep"]);
        assert_eq!(
            entries("\n  - Read\n  -Bash(git *) # x, Y\n"),
            ["Read", "Bash(git *)"]
        );
        assert_eq!(entries(" Bash(git\n - Read"), ["Bash(git", "Read"]);
    }

    #[test]
    fn key_lines_see_through_broken_yaml() {
        let t = "---\nname: a\ndescription: x: y\nExamples:\n<example>\ntools: Read\n---\n";
        let keys: Vec<&str> = key_lines(t).iter().map(|k| &t[k.key.clone()]).collect();
        assert_eq!(keys, ["name", "description", "Examples", "tools"]);
    }

    #[test]
    fn scalar_values() {
        let t = "---\ncolor: \"purple\" \nmodel: opus # fast\ntools:\n---\n";
        let got: Vec<Option<&str>> = key_lines(t)
            .iter()
            .map(|k| scalar_value(t, k).map(|r| &t[r]))
            .collect();
        assert_eq!(got, [Some("purple"), Some("opus"), None]);
    }
}

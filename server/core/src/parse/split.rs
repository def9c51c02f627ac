//! Finding the front matter the way Claude Code does.
//!
//! Claude Code only sees front matter when the file starts with a `---` line
//! (a UTF-8 BOM before it is tolerated since 2.1.239), and the block ends at
//! the *first* `---` after that line, even one in the middle of a value.

use std::ops::Range;

/// How the file's start was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Split {
    /// Front matter found.
    FrontMatter(Parts),
    /// The file opens with `---` but no closing `---` follows.
    Unclosed { open: Range<usize> },
    /// A `---` line exists, but something (blank lines, spaces) precedes it.
    Displaced { fence: Range<usize> },
    /// No front matter at all.
    None,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parts {
    /// The opening `---` (without its line break).
    pub open: Range<usize>,
    /// The YAML text between the fences.
    pub yaml: Range<usize>,
    /// The `---` that closed the block.
    pub close: Range<usize>,
    /// True when that `---` is not alone on its line (it cut a value short,
    /// or more dashes or text follow it).
    pub close_is_inline: bool,
    /// True when that `---` starts its line (what follows it on the line goes
    /// to the body; the front matter itself is whole).
    pub close_at_line_start: bool,
    /// Where the body (system prompt) begins.
    pub body_start: usize,
}

const FENCE: &str = "---";

pub fn split(text: &str) -> Split {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let Some(open_len) = opening_fence_len(rest) else {
        return displaced(text, start);
    };
    let open = start..start + FENCE.len();
    let yaml_start = start + open_len;
    let Some(found) = text[yaml_start..].find(FENCE) else {
        return Split::Unclosed { open };
    };
    let close_start = yaml_start + found;
    let close = close_start..close_start + FENCE.len();
    let line_start = text[..close_start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let after = &text[close.end..];
    let line_rest_len = after.find(['\n', '\r']).unwrap_or(after.len());
    let close_is_inline =
        line_start != close_start || !after[..line_rest_len].trim_matches([' ', '\t']).is_empty();
    let mut body_start = close.end;
    if !close_is_inline {
        body_start += line_rest_len;
        body_start += line_break_len(&text[body_start..]);
    }
    Split::FrontMatter(Parts {
        open,
        yaml: yaml_start..close_start,
        close,
        close_is_inline,
        close_at_line_start: line_start == close_start,
        body_start,
    })
}

/// Front matter as the other hosts find it (Copilot CLI measured, and the
/// gray-matter and js-yaml readers of the others): it closes at the first
/// line that is `---` alone, so a `---` inside a value or a comment is
/// text, unlike in Claude Code.
pub fn split_at_fence_line(text: &str) -> Split {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let Some(open_len) = opening_fence_len(&text[start..]) else {
        return displaced(text, start);
    };
    let open = start..start + FENCE.len();
    let yaml_start = start + open_len;
    let mut at = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim_end_matches([' ', '\t']) == FENCE {
            let close = at..at + FENCE.len();
            return Split::FrontMatter(Parts {
                open,
                yaml: yaml_start..at,
                close,
                close_is_inline: false,
                close_at_line_start: true,
                body_start: at + line.len(),
            });
        }
        at += line.len();
    }
    Split::Unclosed { open }
}

/// Length of an opening `---` line including its line break, if `s` starts with one.
fn opening_fence_len(s: &str) -> Option<usize> {
    let after = s.strip_prefix(FENCE)?;
    let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
    let tail = &after[spaces..];
    let brk = line_break_len(tail);
    (brk > 0).then_some(FENCE.len() + spaces + brk)
}

fn line_break_len(s: &str) -> usize {
    if s.starts_with("\r\n") {
        2
    } else if s.starts_with('\n') || s.starts_with('\r') {
        1
    } else {
        0
    }
}

/// A `---` line preceded only by blank lines or indentation: the author meant
/// front matter, but Claude Code will not see it.
fn displaced(text: &str, start: usize) -> Split {
    let mut offset = start;
    for line in text[start..].split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            offset += line.len();
            continue;
        }
        if trimmed == FENCE {
            let at = offset + line.find(FENCE).unwrap_or(0);
            if at == start {
                // `---` with nothing after it: an opening fence never closed.
                return Split::Unclosed {
                    open: at..at + FENCE.len(),
                };
            }
            return Split::Displaced {
                fence: at..at + FENCE.len(),
            };
        }
        break;
    }
    Split::None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Parts {
        match split(text) {
            Split::FrontMatter(p) => p,
            other => panic!("expected front matter, got {other:?}"),
        }
    }

    #[test]
    fn other_hosts_close_only_at_a_fence_line() {
        let t = "---\nd: has --- inside\nx: [a, # ---\n  b]\n---  \r\nbody";
        let Split::FrontMatter(p) = split_at_fence_line(t) else {
            panic!("expected front matter");
        };
        assert_eq!(
            &t[p.yaml.clone()],
            "d: has --- inside\nx: [a, # ---\n  b]\n"
        );
        assert_eq!(&t[p.body_start..], "body");
        assert_eq!(
            split_at_fence_line("---\nname: a\n"),
            Split::Unclosed { open: 0..3 }
        );
        assert_eq!(split_at_fence_line("# T\n---\n"), Split::None);
    }

    #[test]
    fn plain_front_matter() {
        let t = "---\nname: a\n---\nbody\n";
        let p = parts(t);
        assert_eq!(&t[p.yaml.clone()], "name: a\n");
        assert_eq!(&t[p.body_start..], "body\n");
        assert!(!p.close_is_inline);
    }

    #[test]
    fn crlf_and_bom() {
        let t = "\u{feff}---\r\nname: a\r\n---\r\nbody";
        let p = parts(t);
        assert_eq!(&t[p.yaml.clone()], "name: a\r\n");
        assert_eq!(&t[p.body_start..], "body");
    }

    #[test]
    fn first_dashes_anywhere_close_the_block() {
        let t = "---\nname: a\ndescription: has --- inside\n---\nbody";
        let p = parts(t);
        assert_eq!(&t[p.yaml.clone()], "name: a\ndescription: has ");
        assert!(p.close_is_inline);
        assert_eq!(&t[p.body_start..], " inside\n---\nbody");
    }

    #[test]
    fn empty_front_matter() {
        let p = parts("---\n---\n");
        assert_eq!(p.yaml, 4..4);
    }

    #[test]
    fn unclosed_and_displaced_and_none() {
        assert_eq!(split("---\nname: a\n"), Split::Unclosed { open: 0..3 });
        assert_eq!(
            split("\n---\nname: a\n---\n"),
            Split::Displaced { fence: 1..4 }
        );
        assert_eq!(split("# Title\n---\n"), Split::None);
        assert_eq!(split(""), Split::None);
        assert_eq!(split("---"), Split::Unclosed { open: 0..3 });
        assert_eq!(split("----\nx\n---\n"), Split::None);
    }
}

//! What Claude Code's own YAML parser reads that strict YAML refuses, made
//! strict so our parser can read it too. Measured on Claude Code 2.1.332
//! (`tests/fixtures/recorded/`):
//!
//! - tabs in a line's indentation read as indentation (`tools:` then
//!   `\t- Read`): here each becomes two spaces;
//! - in a flow collection over several lines, the line that closes it may
//!   sit at or left of its key's indentation (`tools: [` … `]` at column 0):
//!   here it is moved one column right of the key. Other lines of the
//!   collection must still be indented past the key, as strict YAML says.
//!
//! Only spaces are inserted, so every position maps back to the original.

use std::ops::Range;

/// One place where Claude Code is laxer than the YAML spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Laxity {
    /// In the original text.
    pub range: Range<usize>,
    pub kind: LaxKind,
    /// What strict YAML reads in place of `range` (the fix).
    pub strict: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaxKind {
    /// Tabs in the indentation.
    TabIndent,
    /// A closing bracket left of where strict YAML wants it.
    ClosingBracket,
}

impl Laxity {
    /// Whether readers other than Claude Code's own parser fail on it.
    /// Tabs: yes. A closing bracket at or left of its key's column: no,
    /// measured (Copilot CLI 1.0.102, Gemini CLI 0.61.0 and Codex 0.171.0
    /// load it, as do js-yaml and PyYAML); only the strict parser agentls
    /// reads with needs it moved.
    pub fn breaks_other_readers(&self) -> bool {
        self.kind == LaxKind::TabIndent
    }
}

/// The text made strict, and where spaces went in.
#[derive(Clone, Debug)]
pub struct Tightened {
    pub text: String,
    /// `(offset in the original, spaces inserted there)`, by offset.
    inserts: Vec<(usize, usize)>,
    pub sites: Vec<Laxity>,
}

impl Tightened {
    /// The original offset of `offset` in [`Self::text`].
    pub fn original(&self, offset: usize) -> usize {
        let mut shift = 0;
        for &(at, n) in &self.inserts {
            if at + shift + n > offset {
                // Inside the inserted spaces: where they were put.
                return if at + shift <= offset {
                    at
                } else {
                    offset - shift
                };
            }
            shift += n;
        }
        offset - shift
    }
}

/// `yaml` with its laxities made strict; `None` when it has none.
pub fn tighten(yaml: &str) -> Option<Tightened> {
    let mut text = String::with_capacity(yaml.len() + 16);
    let mut inserts = Vec::new();
    let mut sites = Vec::new();
    // Flow nesting at the start of the current line, and the indentation
    // of the line that opened the outermost collection.
    let mut depth = 0usize;
    let mut key_indent = 0usize;
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let lead = line.len() - line.trim_start_matches([' ', '\t']).len();
        let indent_src = &line[..lead];
        let content = &line[lead..];
        let tabs = indent_src.matches('\t').count();
        let mut indent = lead + tabs;
        let mut added = 0;
        if tabs > 0 {
            let spaces = indent_src.replace('\t', "  ");
            sites.push(Laxity {
                range: offset..offset + lead,
                kind: LaxKind::TabIndent,
                strict: spaces.clone(),
            });
            text.push_str(&spaces);
            added += tabs;
        } else {
            text.push_str(indent_src);
        }
        if depth > 0 && content.starts_with([']', '}']) && indent <= key_indent {
            let more = key_indent + 1 - indent;
            sites.push(Laxity {
                range: offset + lead..offset + lead + 1,
                kind: LaxKind::ClosingBracket,
                strict: format!("{}{}", " ".repeat(more), &content[..1]),
            });
            text.extend(std::iter::repeat_n(' ', more));
            added += more;
            indent += more;
        }
        if added > 0 {
            inserts.push((offset + lead, added));
        }
        text.push_str(content);
        let before = depth;
        depth = flow_depth_after(content, depth);
        if before == 0 && depth > 0 {
            key_indent = indent;
        }
        offset += line.len();
    }
    (!sites.is_empty()).then_some(Tightened {
        text,
        inserts: merge(inserts),
        sites,
    })
}

/// Insertions at the same offset, as one.
fn merge(inserts: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(inserts.len());
    for (at, n) in inserts {
        match out.last_mut() {
            Some(last) if last.0 == at => last.1 += n,
            _ => out.push((at, n)),
        }
    }
    out
}

/// Flow nesting after `line`, outside quotes and comments.
fn flow_depth_after(line: &str, mut depth: usize) -> usize {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for c in line.chars() {
        match quote {
            Some(q) => {
                if c == q && prev != '\\' {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' if depth > 0 || prev.is_whitespace() || prev == ':' => quote = Some(c),
                '#' if prev.is_whitespace() => break,
                '[' | '{' => depth += 1,
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        prev = c;
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strict(yaml: &str) -> String {
        tighten(yaml).map_or_else(|| yaml.to_string(), |t| t.text)
    }

    #[test]
    fn tabs_and_closing_brackets_are_made_strict() {
        assert_eq!(strict("tools:\n\t- Read\n"), "tools:\n  - Read\n");
        assert_eq!(strict("tools: [\n  Read\n]\n"), "tools: [\n  Read\n ]\n");
        assert_eq!(
            strict("m:\n  x:\n    args: [\n      a\n  ]\nk: 1\n"),
            "m:\n  x:\n    args: [\n      a\n     ]\nk: 1\n"
        );
        // Items at the key's column stay as they are: Claude Code refuses them too.
        assert_eq!(
            strict("tools: [\n\"Read\"\n]\n"),
            "tools: [\n\"Read\"\n ]\n"
        );
        assert!(tighten("tools: [Read]\nname: a # [x\n").is_none());
        assert!(tighten("d: \"[ not a list\"\nn: ]\n").is_none());
    }

    #[test]
    fn positions_map_back() {
        let yaml = "t:\n\t\t- a\n";
        let t = tighten(yaml).unwrap();
        assert_eq!(t.text, "t:\n    - a\n");
        let a = t.text.find('a').unwrap();
        assert_eq!(t.original(a), yaml.find('a').unwrap());
        assert_eq!(t.original(3), 3);
        assert_eq!(t.original(5), 5, "inside the rewritten indentation");
        assert_eq!(t.sites[0].range, 3..5);
    }
}

//! Where a new suppression comment can go: the "Ignore AG015 on this line"
//! and "… in this file" fixes. A comment is offered only where it reads as
//! one and changes nothing else: never inside a multi-line value (where a
//! `#` is text), never in a code block, never before the opening `---`.

use std::ops::Range;

use super::{Comment, MARKER, Opaque, inside, line_end, line_start, next_line, opaque};
use crate::parse::frontmatter::Syntax;
use crate::{Analysis, Diagnostic, Edit, Fix, codes};

/// The ignore fixes for each of `diags` (findings of `analysis`, own or
/// cross-file, on `text`), in order. Never preferred: silencing is a
/// choice, not a repair.
pub fn ignore_fixes(text: &str, analysis: &Analysis, diags: &[Diagnostic]) -> Vec<Vec<Fix>> {
    let mut place = Place {
        text,
        analysis,
        opaque: None,
    };
    diags.iter().map(|d| place.fixes(d)).collect()
}

struct Place<'a> {
    text: &'a str,
    analysis: &'a Analysis,
    /// Scalars and flow collections of the front matter, once asked for.
    opaque: Option<Opaque>,
}

impl Place<'_> {
    fn fixes(&mut self, d: &Diagnostic) -> Vec<Fix> {
        let text = self.text;
        let at = d.range.start;
        // The unused-suppression hint is not silenced by comments; a
        // finding outside this text has no line here.
        if d.code == codes::UNUSED_SUPPRESSION
            || at > text.len()
            || !text.is_char_boundary(at)
            || self.listed(d)
        {
            return Vec::new();
        }
        let name = codes::lookup(d.code).map_or("", |c| c.name);
        let fix = |edit: Edit, place: &str| Fix {
            title: format!("Ignore {} ({name}) {place}", d.code),
            edits: vec![edit],
            preferred: false,
        };
        let mut out = Vec::new();
        out.extend(self.line(d).map(|e| fix(e, "on this line")));
        out.extend(self.file(d).map(|e| fix(e, "in this file")));
        out
    }

    /// Whether a comment already names the code where it applies (it is
    /// shown anyway when inline ignores are off): nothing to add.
    fn listed(&self, d: &Diagnostic) -> bool {
        self.analysis.suppressions.comments().iter().any(|c| {
            c.covers.as_ref().is_none_or(|r| r.contains(&d.range.start))
                && c.codes.iter().any(|t| t.code == Some(d.code))
        })
    }

    fn line(&mut self, d: &Diagnostic) -> Option<Edit> {
        let text = self.text;
        let at = d.range.start;
        let line = line_start(text, at);
        let existing = self
            .analysis
            .suppressions
            .comments()
            .iter()
            .find(|c| c.covers.as_ref().is_some_and(|r| r.contains(&at)));
        if let Some(c) = existing {
            return Some(append(c, d.code));
        }
        match &self.analysis.parts {
            Some(p) if p.yaml.contains(&line) => self.yaml_line(d, line, p.yaml.end),
            Some(p) if line >= p.body_start => self.body_line(d, line),
            // On a fence line.
            Some(_) => None,
            None => {
                // Without front matter, never above a `---` line: the file
                // would stop opening with it.
                let content = &text[line..line_end(text, line)];
                (!content
                    .trim_start_matches('\u{feff}')
                    .trim()
                    .starts_with("---"))
                .then(|| self.body_line(d, line))
                .flatten()
            }
        }
    }

    fn yaml_line(&mut self, d: &Diagnostic, line: usize, yaml_end: usize) -> Option<Edit> {
        let text = self.text;
        let fm = self.analysis.frontmatter.as_ref()?;
        let root = fm.root.as_ref()?;
        let (scalars, flows) = self.opaque.get_or_insert_with(|| opaque(text, root));
        let end = line_end(text, line);
        // Strictly inside: a key's scalar starts its line.
        let within = |r: &Range<usize>, at: usize| r.start < at && at < r.end;
        let in_value = |at: usize| {
            let i = scalars.partition_point(|r| r.start < at);
            (i > 0 && within(&scalars[i - 1], at)) || flows.iter().any(|f| within(f, at))
        };
        let content = &text[line..end];
        let has_comment = content.match_indices('#').any(|(i, _)| {
            (i == 0 || matches!(content.as_bytes()[i - 1], b' ' | b'\t'))
                && !inside(scalars, line + i)
        });
        // Above, when the line starts a key or a list item: Claude Code's
        // retry (when strict YAML fails) quotes a top-level value whole,
        // and a trailing comment would join it (`name: a  # agentls-ignore:
        // AG023` becomes a name with a `:`, which does not load).
        let trimmed = content.trim_start_matches([' ', '\t']);
        let starts_entry = trimmed.starts_with("- ")
            || trimmed == "-"
            || (!trimmed.starts_with('#') && (trimmed.contains(": ") || trimmed.ends_with(':')));
        if starts_entry && !in_value(line) {
            let indent = &content[..content.len() - trimmed.len()];
            return Some(Edit {
                range: line..line,
                new_text: format!("{indent}# {MARKER}: {}{}", d.code, newline(text, line)),
            });
        }
        // Else trailing (a continuation line, never a top-level key's), when
        // the line ends outside every value and has no comment yet.
        let trailing = matches!(fm.syntax, Syntax::Strict)
            && end <= yaml_end
            && !in_value(end)
            && !has_comment;
        trailing.then(|| Edit {
            range: end..end,
            new_text: format!("  # {MARKER}: {}", d.code),
        })
    }

    fn body_line(&self, d: &Diagnostic, line: usize) -> Option<Edit> {
        let body = self.analysis.body.clone();
        if crate::structure::code_blocks(self.text, body)
            .iter()
            .any(|r| r.contains(&line) || r.contains(&d.range.start))
        {
            return None;
        }
        Some(Edit {
            range: line..line,
            new_text: format!("<!-- {MARKER} {} -->{}", d.code, newline(self.text, line)),
        })
    }

    /// A file-level comment as the front matter's first line (YAML ignores
    /// it; the prompt does not see it), or the code added to one there is.
    fn file(&self, d: &Diagnostic) -> Option<Edit> {
        let existing = self
            .analysis
            .suppressions
            .comments()
            .iter()
            .find(|c| c.covers.is_none() && !c.codes.is_empty());
        if let Some(c) = existing {
            return Some(append(c, d.code));
        }
        let p = self.analysis.parts.as_ref()?;
        // Comments in a front matter that does not parse are not read.
        self.analysis.frontmatter.as_ref()?.root.as_ref()?;
        Some(Edit {
            range: p.yaml.start..p.yaml.start,
            new_text: format!(
                "# {MARKER}-file: {}{}",
                d.code,
                newline(self.text, p.open.start)
            ),
        })
    }
}

/// One more code at the end of a comment's list.
fn append(c: &Comment, code: &str) -> Edit {
    let sep = if c.codes.is_empty() { " " } else { ", " };
    Edit {
        range: c.list_end..c.list_end,
        new_text: format!("{sep}{code}"),
    }
}

/// The line break `at`'s line ends with (`\n` for the last line).
fn newline(text: &str, at: usize) -> &'static str {
    let next = next_line(text, at).min(text.len());
    if next >= 2 && &text.as_bytes()[next - 2..next] == b"\r\n" {
        "\r\n"
    } else {
        "\n"
    }
}

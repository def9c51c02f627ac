//! One entry of a `tools` or `disallowedTools` list (`Read`, `Bash(git *)`,
//! `Agent(a, b)`, `mcp__server__tool`, `*`), taken apart once: every rule and
//! feature reads its parts from here.

use std::ops::Range;

use crate::catalog::{Tool, ToolStatus, catalog};
use crate::parse::yaml::{Node, Scalar, ScalarKind, Style};

/// A tools entry and its parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToolRef {
    /// The entry as Claude Code reads it.
    pub text: String,
    /// Source range of the entry: where the source spells `text` out, or the
    /// whole value when quoting changed it (see [`Self::located`]).
    pub range: Range<usize>,
    form: Form,
    located: bool,
}

/// How the entry is written.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Form {
    /// `*`: every tool.
    All,
    /// `mcp__server`, `mcp__server__tool` or `mcp__server__*`; byte ranges
    /// into `text`. `valid`: both parts are made of MCP name characters.
    Mcp {
        server: Range<usize>,
        tool: Option<Range<usize>>,
        valid: bool,
    },
    /// `Name` or `Name(args)`: `args` inside the parentheses (into `text`),
    /// `balanced` when the parentheses close properly at the end.
    Named {
        name_len: usize,
        args: Option<Range<usize>>,
        balanced: bool,
    },
}

const MCP: &str = "mcp__";

impl ToolRef {
    /// Take `text` apart; `range` is where it was found in the source.
    pub fn parse(text: &str, range: Range<usize>) -> ToolRef {
        ToolRef {
            form: form(text),
            text: text.to_string(),
            range,
            located: true,
        }
    }

    /// False when quoting changed the value (escapes, `''`, folded lines),
    /// so the entry cannot be found in the source: its range (and every
    /// part's) is the whole value, and no edit may be made from it.
    pub fn located(&self) -> bool {
        self.located
    }

    /// `*`.
    pub fn is_all(&self) -> bool {
        self.form == Form::All
    }

    /// The tool's name: `Bash` of `Bash(git *)`; an MCP entry is its whole
    /// text.
    pub fn name(&self) -> &str {
        match &self.form {
            Form::Named { name_len, .. } => &self.text[..*name_len],
            _ => &self.text,
        }
    }

    /// Source range of [`Self::name`].
    pub fn name_range(&self) -> Range<usize> {
        if !self.located {
            return self.range.clone();
        }
        self.range.start..self.range.start + self.name().len()
    }

    /// What is inside `Name(…)`, with the parentheses (`(git *)`).
    pub fn specifier(&self) -> Option<&str> {
        match &self.form {
            Form::Named { name_len, args, .. } if args.is_some() => Some(&self.text[*name_len..]),
            _ => None,
        }
    }

    /// Parentheses opened and not closed at the end (`Bash(git diff:*`).
    pub fn is_unbalanced(&self) -> bool {
        matches!(
            self.form,
            Form::Named {
                balanced: false,
                ..
            }
        )
    }

    /// An `mcp__…` entry, well formed or not.
    pub fn is_mcp(&self) -> bool {
        matches!(self.form, Form::Mcp { .. })
    }

    /// An `mcp__…` entry that is not a valid MCP name.
    pub fn is_malformed_mcp(&self) -> bool {
        matches!(self.form, Form::Mcp { valid: false, .. })
    }

    /// The server part of `mcp__server[__tool]`, as written (maybe empty or
    /// malformed: see [`Self::is_malformed_mcp`]).
    pub fn mcp_server(&self) -> Option<&str> {
        match &self.form {
            Form::Mcp { server, .. } => Some(&self.text[server.clone()]),
            _ => None,
        }
    }

    /// Source range of [`Self::mcp_server`] (exact only where the source
    /// spells the entry out: compare the text at it before trusting it).
    pub fn mcp_server_range(&self) -> Option<Range<usize>> {
        match &self.form {
            Form::Mcp { .. } if !self.located => Some(self.range.clone()),
            Form::Mcp { server, .. } => {
                Some(self.range.start + server.start..self.range.start + server.end)
            }
            _ => None,
        }
    }

    /// The tool of `mcp__server__tool` (`*` for every tool).
    pub fn mcp_tool(&self) -> Option<&str> {
        match &self.form {
            Form::Mcp {
                tool: Some(tool),
                valid: true,
                ..
            } => Some(&self.text[tool.clone()]),
            _ => None,
        }
    }

    /// The catalog's entry for the tool's name, when it has one.
    pub fn tool(&self) -> Option<&'static Tool> {
        match self.form {
            Form::Named { .. } => catalog().tool(self.name()),
            _ => None,
        }
    }

    /// What the catalog says happens to the name at spawn (`None`: unknown,
    /// or not a name: `*` and MCP entries).
    pub fn status(&self) -> Option<ToolStatus> {
        self.tool().map(|t| t.status)
    }

    /// The name the entry resolves to: an old name becomes its replacement.
    pub fn resolved_name(&self) -> &str {
        catalog().resolve(self.name())
    }

    /// What duplicates are judged by: the resolved tool, or the whole entry
    /// for a rule (`Bash(git *)` and `Bash(npm *)` are two entries).
    pub fn canonical(&self) -> String {
        if self.specifier().is_some() || self.is_unbalanced() {
            return self.text.clone();
        }
        self.resolved_name().to_string()
    }

    /// The skill or command named by `Skill(name)`, with its source range;
    /// `Skill(name:*)` names `name`, patterns with other `*` none.
    pub fn skill_name(&self) -> Option<(&str, Range<usize>)> {
        let Form::Named {
            name_len,
            args: Some(args),
            balanced: true,
        } = &self.form
        else {
            return None;
        };
        if &self.text[..*name_len] != "Skill" {
            return None;
        }
        let piece = &self.text[args.clone()];
        let lead = piece.len() - piece.trim_start().len();
        let name = piece.trim();
        let name = name.strip_suffix(":*").unwrap_or(name);
        if name.is_empty() || name.contains(['*', ' ', ',']) {
            return None;
        }
        let start = self.range.start + args.start + lead;
        let range = if self.located {
            start..start + name.len()
        } else {
            self.range.clone()
        };
        Some((name, range))
    }

    /// The agent types named by `Agent(a, b)` (or its old name `Task(…)`),
    /// with their source ranges; patterns with `*` are left out.
    pub fn agent_names(&self) -> Vec<(&str, Range<usize>)> {
        let Form::Named {
            name_len,
            args: Some(args),
            balanced: true,
        } = &self.form
        else {
            return Vec::new();
        };
        if catalog().resolve(&self.text[..*name_len]) != "Agent" {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut offset = self.range.start + args.start;
        for piece in self.text[args.clone()].split(',') {
            let lead = piece.len() - piece.trim_start().len();
            let name = piece.trim();
            if !name.is_empty() && !name.contains('*') {
                let range = if self.located {
                    offset + lead..offset + lead + name.len()
                } else {
                    self.range.clone()
                };
                out.push((name, range));
            }
            offset += piece.len() + 1;
        }
        out
    }
}

fn form(text: &str) -> Form {
    if text == "*" {
        return Form::All;
    }
    if let Some(rest) = text.strip_prefix(MCP) {
        let valid = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
        };
        let at = MCP.len();
        return match rest.split_once("__") {
            Some((server, tool)) => Form::Mcp {
                server: at..at + server.len(),
                tool: Some(at + server.len() + 2..text.len()),
                valid: valid(server) && (tool == "*" || valid(tool)),
            },
            None => Form::Mcp {
                server: at..text.len(),
                tool: None,
                valid: valid(rest),
            },
        };
    }
    match text.find('(') {
        Some(open) => {
            let balanced =
                text.ends_with(')') && text.matches('(').count() == text.matches(')').count();
            let end = if balanced { text.len() - 1 } else { text.len() };
            Form::Named {
                name_len: open,
                args: Some(open + 1..end.max(open + 1)),
                balanced,
            }
        }
        None => Form::Named {
            name_len: text.len(),
            args: None,
            balanced: true,
        },
    }
}

/// The entries of a tools value with their source ranges. A string, and
/// each item of a list, is split on commas and whitespace outside
/// parentheses, as Claude Code does (`- Task Decomposer` is two entries).
pub fn tool_entries(text: &str, node: &Node) -> Vec<ToolRef> {
    match node {
        Node::Scalar(s) if s.kind == ScalarKind::Str => match source_of(text, s) {
            Some((src, base)) => split_names(src, base),
            None => unlocated(split_names(&s.text, 0), &s.range),
        },
        Node::Seq { items, .. } => items
            .iter()
            .filter_map(Node::as_scalar)
            .flat_map(|s| match source_of(text, s) {
                Some((src, base)) => split_names(src, base),
                None => unlocated(split_names(&s.text, 0), &s.range),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The source text that spells out a scalar's value and where it starts;
/// None when quoting changed the value. A tag or an anchor before the
/// quotes (`! 'Read'`, `&t "Read"`) is in the node's range, not the value.
fn source_of<'t>(text: &'t str, s: &Scalar) -> Option<(&'t str, usize)> {
    let src = text.get(s.range.clone()).unwrap_or("");
    let quote = match s.style {
        Style::SingleQuoted => Some('\''),
        Style::DoubleQuoted => Some('"'),
        _ => None,
    };
    let (inner, start) = match quote.and_then(|q| Some((q, src.find(q)?))) {
        Some((q, open)) if src.len() >= open + 2 && src.ends_with(q) => {
            (&src[open + 1..src.len() - 1], s.range.start + open + 1)
        }
        _ => (src, s.range.start),
    };
    (inner == &*s.text).then_some((inner, start))
}

/// Entries that cannot be found in the source: each stands for the whole value.
fn unlocated(mut refs: Vec<ToolRef>, value: &Range<usize>) -> Vec<ToolRef> {
    for r in &mut refs {
        r.range = value.clone();
        r.located = false;
    }
    refs
}

fn split_names(src: &str, base: usize) -> Vec<ToolRef> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start: Option<usize> = None;
    let flush = |start: &mut Option<usize>, end: usize, out: &mut Vec<ToolRef>| {
        if let Some(s) = start.take() {
            out.push(ToolRef::parse(&src[s..end], base + s..base + end));
        }
    };
    for (i, c) in src.char_indices() {
        match c {
            '(' => {
                depth += 1;
                start.get_or_insert(i);
            }
            ')' => {
                depth = depth.saturating_sub(1);
                start.get_or_insert(i);
            }
            ',' if depth == 0 => flush(&mut start, i, &mut out),
            c if c.is_whitespace() && depth == 0 => flush(&mut start, i, &mut out),
            _ => {
                start.get_or_insert(i);
            }
        }
    }
    if depth > 0 {
        // An unclosed `(`: end that entry at its first comma and go on, so
        // one typo does not swallow the rest of the list.
        if let Some(s) = start.take() {
            match src[s..].find(',') {
                Some(comma) => {
                    let entry = src[s..s + comma].trim_end();
                    out.push(ToolRef::parse(entry, base + s..base + s + entry.len()));
                    out.extend(split_names(&src[s + comma + 1..], base + s + comma + 1));
                }
                None => start = Some(s),
            }
        }
    }
    flush(&mut start, src.len(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(src: &str) -> Vec<String> {
        split_names(src, 0).into_iter().map(|r| r.text).collect()
    }

    #[test]
    fn splitting_keeps_rules_whole() {
        assert_eq!(names("Read, Grep,Glob"), ["Read", "Grep", "Glob"]);
        assert_eq!(names("Read Grep"), ["Read", "Grep"]);
        assert_eq!(
            names("Bash(git diff:*), Agent(a, b)"),
            ["Bash(git diff:*)", "Agent(a, b)"]
        );
        assert_eq!(names("Bash(git diff:*"), ["Bash(git diff:*"]);
        assert_eq!(
            names("Bash(git diff:*, Read, Agent(a, b)"),
            ["Bash(git diff:*", "Read", "Agent(a, b)"]
        );
    }

    #[test]
    fn parts_of_an_entry() {
        let t = ToolRef::parse("Bash(git diff:*)", 10..26);
        assert_eq!((t.name(), t.name_range()), ("Bash", 10..14));
        assert_eq!(t.specifier(), Some("(git diff:*)"));
        assert_eq!(t.canonical(), "Bash(git diff:*)");
        let t = ToolRef::parse("Bash(git diff:*", 0..15);
        assert!(t.is_unbalanced());
        let t = ToolRef::parse("mcp__github__create_issue", 5..30);
        assert_eq!(t.mcp_server(), Some("github"));
        assert_eq!(t.mcp_server_range(), Some(10..16));
        assert_eq!(t.mcp_tool(), Some("create_issue"));
        assert!(ToolRef::parse("mcp__", 0..5).is_malformed_mcp());
        assert_eq!(
            ToolRef::parse("mcp__a__b__c", 0..12).mcp_tool(),
            Some("b__c")
        );
        assert_eq!(
            ToolRef::parse("mcp__bad!__x", 0..12).mcp_server(),
            Some("bad!")
        );
        assert_eq!(ToolRef::parse("mcp__gh__*", 0..10).mcp_tool(), Some("*"));
        assert_eq!(ToolRef::parse("Task", 0..4).canonical(), "Agent");
        assert!(ToolRef::parse("*", 0..1).is_all());
    }

    #[test]
    fn agent_names_have_exact_ranges() {
        let names = |s: &str| {
            let t = ToolRef::parse(s, 10..10 + s.len());
            t.agent_names()
                .into_iter()
                .map(|(n, r)| (n.to_string(), r))
                .collect::<Vec<_>>()
        };
        let owned = |v: &[(&str, Range<usize>)]| {
            v.iter()
                .map(|(n, r)| (n.to_string(), r.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names("Agent(a, bee)"),
            owned(&[("a", 16..17), ("bee", 19..22)])
        );
        assert_eq!(names("Task(x)"), owned(&[("x", 15..16)]));
        assert!(names("Agent(").is_empty());
        assert!(names("Agent(a*, *)").is_empty());
        assert!(names("Read").is_empty());
    }
}

//! Outline and structure of an agent file, in byte ranges: symbols (front
//! matter fields, `<example>` blocks, headings), folds and selection chains.
//! The LSP layer only converts these to positions and lines.

use std::ops::Range;

use super::outline::Section;
use crate::Analysis;
use crate::parse::yaml::{Entry, Node};

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum SymbolKind {
    FrontMatter,
    Field,
    Example,
    Heading,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Symbol {
    /// Never empty (clients reject empty symbol names).
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// Everything the symbol covers; always contains `selection`.
    pub range: Range<usize>,
    /// What to highlight when the symbol is picked (a key, a heading line).
    pub selection: Range<usize>,
    pub children: Vec<Symbol>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum FoldKind {
    /// Front matter, code blocks, examples.
    Region,
    /// A heading's section.
    Section,
}

/// A foldable span: from the line holding `range.start` to the line holding
/// the last byte of `range` (so `range.end` is exclusive and never a line start).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Fold {
    pub range: Range<usize>,
    pub kind: FoldKind,
}

/// Longest detail shown for a field or example, in chars.
const DETAIL_CHARS: usize = 60;

/// The document outline: the front matter (fields as children) then the
/// heading tree of the body.
pub fn symbols(text: &str, analysis: &Analysis, sections: &[Section]) -> Vec<Symbol> {
    let mut out = Vec::new();
    if let Some(parts) = &analysis.parts {
        let fields = analysis
            .frontmatter
            .as_ref()
            .map(|fm| fm.entries().iter().map(|e| field(text, e, 0)).collect())
            .unwrap_or_default();
        out.push(Symbol {
            name: "front matter".into(),
            detail: analysis
                .agent
                .as_ref()
                .and_then(|a| a.name.clone())
                .or_else(|| Some(analysis.verdict.describe().into())),
            kind: SymbolKind::FrontMatter,
            range: parts.open.start..parts.close.end,
            selection: parts.open.clone(),
            children: fields,
        });
    }
    out.extend(
        sections
            .iter()
            .filter(|s| s.heading.start >= analysis.body.start)
            .map(heading),
    );
    out
}

/// Nested mappings deeper than this are shown as a single field.
const MAX_FIELD_DEPTH: usize = 4;

fn field(text: &str, e: &Entry, depth: usize) -> Symbol {
    let key = e.key.range();
    let value = e.value.range();
    let name = match e.key.as_str() {
        Some(k) if !k.is_empty() => k.to_string(),
        _ => short(&text[key.clone()]).unwrap_or_else(|| "?".into()),
    };
    let mut children = Vec::new();
    match &e.value {
        Node::Map { entries, .. } if depth < MAX_FIELD_DEPTH => {
            children = entries.iter().map(|c| field(text, c, depth + 1)).collect();
        }
        Node::Scalar(_) if depth == 0 && name == "description" => {
            children = examples(text, value.clone());
        }
        _ => {}
    }
    let detail = match &e.value {
        Node::Scalar(s) => short(&s.text.replace("\\n", "\n")),
        Node::Seq { items, .. } => Some(format!(
            "[{}]",
            items
                .iter()
                .filter_map(Node::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .and_then(|s| short(&s)),
        Node::Map { entries, .. } => Some(format!("{} keys", entries.len())),
        Node::Alias { .. } => Some("alias".into()),
    };
    Symbol {
        name,
        detail,
        kind: SymbolKind::Field,
        range: key.start..value.end.max(key.end),
        selection: key,
        children,
    }
}

/// The first line of `s`, trimmed and cut to [`DETAIL_CHARS`]; `None` if blank.
fn short(s: &str) -> Option<String> {
    let line = s.lines().map(str::trim).find(|l| !l.is_empty())?;
    let mut out: String = line.chars().take(DETAIL_CHARS).collect();
    if line.chars().count() > DETAIL_CHARS {
        out.push('…');
    }
    Some(out)
}

/// `<example>` blocks in a description's source text, numbered from 1; an
/// unclosed one runs to the end of the value.
pub fn examples(text: &str, value: Range<usize>) -> Vec<Symbol> {
    const OPEN: &str = "<example>";
    const CLOSE: &str = "</example>";
    let src = &text[value.clone()];
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = src[at..].find(OPEN) {
        let start = at + i;
        let inner_start = start + OPEN.len();
        let end = src[inner_start..]
            .find(CLOSE)
            .map_or(src.len(), |j| inner_start + j + CLOSE.len());
        let inner = &src[inner_start..end.min(src.len())];
        out.push(Symbol {
            name: format!("example {}", out.len() + 1),
            detail: example_detail(inner),
            kind: SymbolKind::Example,
            range: value.start + start..value.start + end,
            selection: value.start + start..value.start + inner_start,
            children: Vec::new(),
        });
        at = end.max(inner_start);
    }
    out
}

/// What an example is about: its `Context:` line, else its `user:` line.
/// Wizard descriptions put a whole example on one line, so a line also ends
/// where the next speaker starts.
fn example_detail(inner: &str) -> Option<String> {
    let loaded = inner.replace("\\n", "\n");
    let pick = ["Context:", "user:"]
        .iter()
        .find_map(|m| loaded.find(m).map(|i| &loaded[i..]))?;
    let mut end = pick.find('\n').unwrap_or(pick.len());
    for stop in [" user:", " assistant:", "<commentary>", "</example>"] {
        if let Some(i) = pick[..end].find(stop).filter(|&i| i > 0) {
            end = end.min(i);
        }
    }
    short(&pick[..end])
}

fn heading(s: &Section) -> Symbol {
    Symbol {
        name: if s.title.trim().is_empty() {
            "#".repeat(usize::from(s.level.max(1)))
        } else {
            s.title.clone()
        },
        detail: None,
        kind: SymbolKind::Heading,
        range: s.range.start..s.range.end.max(s.heading.end),
        selection: s.heading.clone(),
        children: s.children.iter().map(heading).collect(),
    }
}

/// Foldable spans: the front matter (fences included), each section,
/// fenced code blocks, and `<example>` blocks that span lines.
pub fn folds(text: &str, analysis: &Analysis, sections: &[Section]) -> Vec<Fold> {
    let mut out = Vec::new();
    if let Some(parts) = &analysis.parts {
        out.push(Fold {
            range: parts.open.start..parts.close.end,
            kind: FoldKind::Region,
        });
        if let Some(d) = analysis
            .frontmatter
            .as_ref()
            .and_then(|fm| fm.get("description"))
        {
            out.extend(examples(text, d.value.range()).into_iter().map(|e| Fold {
                range: e.range,
                kind: FoldKind::Region,
            }));
        }
    }
    fn walk(text: &str, s: &Section, body: usize, out: &mut Vec<Fold>) {
        if s.heading.start >= body {
            let end = s.heading.end.max(trim_end(text, s.range.clone()));
            out.push(Fold {
                range: s.heading.start..end,
                kind: FoldKind::Section,
            });
        }
        for c in &s.children {
            walk(text, c, body, out);
        }
    }
    for s in sections {
        walk(text, s, analysis.body.start, &mut out);
    }
    out.extend(
        code_blocks(text, analysis.body.clone())
            .into_iter()
            .map(|r| Fold {
                range: r,
                kind: FoldKind::Region,
            }),
    );
    // Only spans of two lines or more fold.
    out.retain(|f| f.range.end > f.range.start && text[f.range.clone()].contains('\n'));
    out.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
    out
}

/// The end of `range` without trailing whitespace.
fn trim_end(text: &str, range: Range<usize>) -> usize {
    range.start + text[range].trim_end().len()
}

/// Fenced code blocks (``` or ~~~, up to three spaces of indent) in the
/// body, from the opening fence to the end of the closing one; an unclosed
/// fence runs to the end of the body (as in CommonMark).
pub fn code_blocks(text: &str, body: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char, usize)> = None; // start, fence char, length
    let mut offset = body.start;
    for line in text[body.clone()].split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start_matches(' ').len();
        if indent > 3 {
            continue;
        }
        let rest = &content[indent..];
        let Some(c) = rest.chars().next().filter(|c| *c == '`' || *c == '~') else {
            continue;
        };
        let len = rest.len() - rest.trim_start_matches(c).len();
        if len < 3 {
            continue;
        }
        match open {
            None => {
                // A backtick fence's info string may not contain backticks.
                if c == '`' && rest[len..].contains('`') {
                    continue;
                }
                open = Some((start + indent, c, len));
            }
            Some((from, oc, olen)) if c == oc && len >= olen && rest[len..].trim().is_empty() => {
                out.push(from..start + content.len());
                open = None;
            }
            Some(_) => {}
        }
    }
    if let Some((from, _, _)) = open {
        out.push(from..trim_end(text, from..body.end));
    }
    out
}

/// Nested ranges around `offset`, innermost first, each containing the one
/// before: in the front matter token → value or key → entry (→ parent
/// entries) → front matter → document; in the body word → line → sections
/// → body → document.
pub fn selection_chain(
    text: &str,
    analysis: &Analysis,
    sections: &[Section],
    offset: usize,
) -> Vec<Range<usize>> {
    let offset = floor_boundary(text, offset);
    let mut candidates: Vec<Range<usize>> = Vec::new();
    candidates.extend(word(text, offset));
    let in_front_matter = analysis
        .parts
        .as_ref()
        .filter(|p| (p.open.start..p.close.end).contains(&offset))
        .cloned();
    if let Some(parts) = in_front_matter {
        if let Some(fm) = &analysis.frontmatter {
            entry_chain(text, fm.entries(), offset, 0, &mut candidates);
        }
        candidates.push(line(text, offset));
        candidates.push(parts.open.start..parts.close.end);
    } else {
        candidates.push(line(text, offset));
        let mut level = sections;
        let mut inner_first = Vec::new();
        while let Some(s) = level
            .iter()
            .find(|s| s.heading.start >= analysis.body.start && s.range.contains(&offset))
        {
            inner_first.push(s.range.clone());
            level = &s.children;
        }
        candidates.extend(inner_first.into_iter().rev());
        candidates.push(analysis.body.clone());
    }
    candidates.push(0..text.len());
    let mut chain: Vec<Range<usize>> = Vec::new();
    for c in candidates {
        let contains_last = chain
            .last()
            .is_none_or(|l| c.start <= l.start && l.end <= c.end && c != *l);
        if contains_last && c.start <= offset && offset <= c.end {
            chain.push(c);
        }
    }
    chain
}

/// Innermost first: example block, value or key, entry; then the same for
/// the entry's parent (pushed after, as they are larger).
fn entry_chain(
    text: &str,
    entries: &[Entry],
    offset: usize,
    depth: usize,
    out: &mut Vec<Range<usize>>,
) {
    let Some(e) = entries.iter().find(|e| {
        let r = e.key.range().start..e.value.range().end.max(e.key.range().end);
        r.start <= offset && offset <= r.end
    }) else {
        return;
    };
    let key = e.key.range();
    let value = e.value.range();
    if let Node::Map { entries, .. } = &e.value
        && depth < MAX_FIELD_DEPTH
    {
        entry_chain(text, entries, offset, depth + 1, out);
    }
    if depth == 0 && e.key.as_str() == Some("description") {
        out.extend(
            examples(text, value.clone())
                .into_iter()
                .map(|x| x.range)
                .filter(|r| r.contains(&offset)),
        );
    }
    if key.contains(&offset) || key.end == offset {
        out.push(key.clone());
    } else if value.start <= offset && offset <= value.end {
        out.push(value.clone());
    }
    out.push(key.start..value.end.max(key.end));
}

/// The run of word characters at (or just before) `offset`.
fn word(text: &str, offset: usize) -> Option<Range<usize>> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let Range { start, end } = crate::text::word_around(text, offset, is_word);
    // `\nContext`: the `n` belongs to the escape, not the word.
    let start = if start < offset && text[..start].ends_with('\\') && text[start..].starts_with('n')
    {
        start + 1
    } else {
        start
    };
    (start < end).then_some(start..end)
}

/// The line holding `offset`, without its line break.
fn line(text: &str, offset: usize) -> Range<usize> {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let end = if text[..end].ends_with('\r') && end > start {
        end - 1
    } else {
        end
    };
    start..end.max(start)
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_pair_fences_of_the_same_kind() {
        let text = "a\n```rust\nx\n~~~\n```\n\n~~~~\ny\n";
        let blocks = code_blocks(text, 0..text.len());
        assert_eq!(blocks.len(), 2);
        assert_eq!(&text[blocks[0].clone()], "```rust\nx\n~~~\n```");
        assert_eq!(&text[blocks[1].clone()], "~~~~\ny");
    }

    #[test]
    fn example_details_stop_at_the_next_speaker() {
        let d = example_detail("Context: The user needs help. user: \"hi\" assistant: \"ok\"");
        assert_eq!(d.as_deref(), Some("Context: The user needs help."));
        let d = example_detail("\\nuser: \"Add OAuth\"\\nassistant: x");
        assert_eq!(d.as_deref(), Some("user: \"Add OAuth\""));
    }

    #[test]
    fn words_and_lines() {
        let text = "ab cd\r\nef";
        assert_eq!(word(text, 1), Some(0..2));
        assert_eq!(word(text, 2), Some(0..2));
        assert_eq!(word(text, 5), Some(3..5));
        assert_eq!(line(text, 4), 0..5);
        assert_eq!(word("a\\nContext", 5), Some(3..10));
        assert_eq!(line(text, 8), 7..9);
    }
}

//! Strict YAML (1.2 core schema) with byte spans, built from saphyr-parser's
//! event stream. Aliases are kept as references, never expanded, so alias
//! bombs cost nothing; nesting deeper than [`MAX_DEPTH`] is refused.

use std::ops::Range;
use std::sync::Arc;

use saphyr_parser::{Event, Parser, ScalarStyle};

/// Deeper nesting is refused: nobody writes it in front matter, and the tree
/// must stay cheap to build and to drop.
pub const MAX_DEPTH: usize = 64;

#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Scalar(Scalar),
    Seq {
        items: Vec<Node>,
        range: Range<usize>,
    },
    Map {
        entries: Vec<Entry>,
        range: Range<usize>,
    },
    Alias {
        range: Range<usize>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    /// The value after YAML processing (escapes, folding). Shared, so that
    /// the huge front matters reused piece by piece clone without copying.
    pub text: Arc<str>,
    pub kind: ScalarKind,
    pub style: Style,
    pub range: Range<usize>,
}

/// Core-schema type of a scalar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarKind {
    Str,
    Null,
    Bool,
    Int,
    Float,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset where the parser gave up.
    pub offset: usize,
    pub message: String,
}

impl Node {
    pub fn range(&self) -> Range<usize> {
        match self {
            Node::Scalar(s) => s.range.clone(),
            Node::Seq { range, .. } | Node::Map { range, .. } | Node::Alias { range } => {
                range.clone()
            }
        }
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match self {
            Node::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The scalar's text when it is a string in the core schema.
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar()
            .filter(|s| s.kind == ScalarKind::Str)
            .map(|s| &*s.text)
    }

    pub fn kind_name(&self) -> &'static str {
        match self {
            Node::Scalar(s) => match s.kind {
                ScalarKind::Str => "a string",
                ScalarKind::Null => "empty",
                ScalarKind::Bool => "a boolean",
                ScalarKind::Int => "an integer",
                ScalarKind::Float => "a number",
            },
            Node::Seq { .. } => "a list",
            Node::Map { .. } => "a mapping",
            Node::Alias { .. } => "an alias",
        }
    }
}

/// Parse `src` strictly. An empty document yields a null scalar.
pub fn parse(src: &str) -> Result<Node, SyntaxError> {
    // YAML allows a tab between a key's `:` and its value; saphyr does not.
    // Spaces in their place (byte for byte) read the same.
    let spaced;
    let src = if src.contains(":\t") {
        spaced = tabs_after_keys(src);
        spaced.as_str()
    } else {
        src
    };
    let offsets = CharOffsets::new(src);
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0;
    for item in Parser::new_from_str(src) {
        let (event, span) = item.map_err(|e| SyntaxError {
            offset: offsets.byte(e.marker().index()),
            message: e.info().to_string(),
        })?;
        let range = offsets.byte(span.start.index())..offsets.byte(span.end.index());
        let node = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(SyntaxError {
                        offset: range.start,
                        message: "more than one YAML document".into(),
                    });
                }
                continue;
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(SyntaxError {
                        offset: range.start,
                        message: format!("nesting deeper than {MAX_DEPTH} levels"),
                    });
                }
                let is_map = matches!(event, Event::MappingStart(..));
                stack.push(Frame {
                    is_map,
                    start: range.start,
                    items: Vec::new(),
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = stack.pop() else { continue };
                let end = frame
                    .items
                    .last()
                    .map_or(range.end, |n| n.range().end)
                    .max(frame.start);
                let range = frame.start..end.max(range.end.min(src.len())).max(frame.start);
                if frame.is_map {
                    let mut entries = Vec::with_capacity(frame.items.len() / 2);
                    let mut it = frame.items.into_iter();
                    while let (Some(key), Some(value)) = (it.next(), it.next()) {
                        entries.push(Entry { key, value });
                    }
                    Node::Map { entries, range }
                } else {
                    Node::Seq {
                        items: frame.items,
                        range,
                    }
                }
            }
            Event::Scalar(value, style, _anchor, tag) => {
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted => Style::SingleQuoted,
                    ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
                    ScalarStyle::Literal => Style::Literal,
                    ScalarStyle::Folded => Style::Folded,
                };
                let explicit_str = tag.as_ref().is_some_and(|t| t.suffix == "str");
                let kind = if style == Style::Plain && !explicit_str {
                    resolve_plain(&value)
                } else {
                    ScalarKind::Str
                };
                Node::Scalar(Scalar {
                    text: Arc::from(value.as_ref()),
                    kind,
                    style,
                    range,
                })
            }
            Event::Alias(_) => Node::Alias { range },
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {
                continue;
            }
        };
        match stack.last_mut() {
            Some(frame) => frame.items.push(node),
            None => root = Some(node),
        }
    }
    Ok(root.unwrap_or(Node::Scalar(Scalar {
        text: Arc::from(""),
        kind: ScalarKind::Null,
        style: Style::Plain,
        range: 0..0,
    })))
}

/// `src` with the tabs right after a simple key's `:` made spaces.
fn tabs_after_keys(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    for line in src.split_inclusive('\n') {
        let body = line.trim_start_matches([' ', '\t']);
        let key_len = body
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
            .count();
        let rest = &body[key_len..];
        if key_len > 0 && rest.starts_with(":\t") {
            let tabs = rest[1..].len() - rest[1..].trim_start_matches('\t').len();
            out.push_str(&line[..line.len() - rest.len() + 1]);
            out.extend(std::iter::repeat_n(' ', tabs));
            out.push_str(&rest[1 + tabs..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

struct Frame {
    is_map: bool,
    start: usize,
    items: Vec<Node>,
}

/// YAML 1.2 core schema resolution of a plain scalar.
pub(crate) fn resolve_plain(s: &str) -> ScalarKind {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return ScalarKind::Null,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => return ScalarKind::Bool,
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return ScalarKind::Float,
        _ => {}
    }
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return ScalarKind::Int;
    }
    if let Some(oct) = s.strip_prefix("0o")
        && !oct.is_empty()
        && oct.bytes().all(|b| (b'0'..=b'7').contains(&b))
    {
        return ScalarKind::Int;
    }
    if let Some(hex) = s.strip_prefix("0x")
        && !hex.is_empty()
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return ScalarKind::Int;
    }
    if is_float(unsigned) {
        return ScalarKind::Float;
    }
    ScalarKind::Str
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_float(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => digits(int) && digits(frac) && (!int.is_empty() || !frac.is_empty()),
        None => !mantissa.is_empty() && digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// saphyr reports positions in chars; we work in bytes.
struct CharOffsets {
    /// Byte offset of each char, plus the end; empty for ASCII input.
    table: Vec<usize>,
    len: usize,
}

impl CharOffsets {
    fn new(src: &str) -> Self {
        let table = if src.is_ascii() {
            Vec::new()
        } else {
            src.char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(src.len()))
                .collect()
        };
        CharOffsets {
            table,
            len: src.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.table.is_empty() {
            char_index.min(self.len)
        } else {
            self.table.get(char_index).copied().unwrap_or(self.len)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(src: &str) -> Vec<Entry> {
        match parse(src) {
            Ok(Node::Map { entries, .. }) => entries,
            other => panic!("expected a map, got {other:?}"),
        }
    }

    #[test]
    fn spans_are_bytes_and_cover_the_token() {
        let src = "name: é-agent\ndescription: \"quoted: yes\"\n";
        let e = map(src);
        assert_eq!(&src[e[0].value.range()], "é-agent");
        assert_eq!(&src[e[1].key.range()], "description");
        assert_eq!(&src[e[1].value.range()], "\"quoted: yes\"");
        assert_eq!(e[1].value.as_str(), Some("quoted: yes"));
    }

    #[test]
    fn core_schema_types() {
        let e = map("a: true\nb: yes\nc: 123\nd: 1.5\ne: ~\nf:\ng: '123'\nh: on\n");
        let kinds: Vec<_> = e
            .iter()
            .map(|e| e.value.as_scalar().map(|s| s.kind))
            .collect();
        use ScalarKind::*;
        assert_eq!(
            kinds,
            [Bool, Str, Int, Float, Null, Null, Str, Str].map(Some)
        );
    }

    #[test]
    fn a_tab_may_follow_a_keys_colon() {
        let src = "description:\tReviews code\nq: \"a:\tb\"\n";
        let e = map(src);
        assert_eq!(e[0].value.as_str(), Some("Reviews code"));
        assert_eq!(&src[e[0].value.range()], "Reviews code");
        assert_eq!(e[1].value.as_str(), Some("a:\tb"));
    }

    #[test]
    fn duplicate_keys_are_all_kept_in_order() {
        let e = map("description: one\ndescription: two\n");
        assert_eq!(e.len(), 2);
        assert_eq!(e[1].value.as_str(), Some("two"));
    }

    #[test]
    fn errors_carry_a_byte_offset() {
        let src = "description: ü: x\n";
        let err = parse(src).unwrap_err();
        assert!(err.offset <= src.len());
        assert!(src.is_char_boundary(err.offset));
    }

    #[test]
    fn alias_bombs_are_not_expanded() {
        let mut src = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = (b'a' + i - 1) as char;
            let cur = (b'a' + i) as char;
            src.push_str(&format!(
                "{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        assert_eq!(map(&src).len(), 10);
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let src = format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000));
        // saphyr's own recursion limit or ours, whichever comes first.
        assert!(parse(&src).is_err());
    }
}

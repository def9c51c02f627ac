//! The outline of a huge body without a syntax tree: one pass over the
//! lines, keeping only what decides whether a line is a heading (open
//! fences, HTML blocks, paragraphs, block quotes and list items).
//!
//! tree-sitter-md's tree of a 10 MB body takes seconds and a gigabyte and
//! a half; this takes tens of milliseconds and no more than the sections.
//! It is used past [`SCAN_ABOVE`] bytes only: below, the tree is cheap
//! and exact. The two agree on every markdown file in the repository and
//! on random documents of headings, setext underlines, fences, indented
//! code, lists, quotes, HTML and front matter (`tests/outline_scan.rs`;
//! 11 of 300,000 differ, all after a front matter, where tree-sitter-md
//! counts a leading tab differently). Corners not modelled: link reference
//! definitions and containers nested in containers.

use super::outline::{Heading, nest};

/// Bodies larger than this (bytes) are outlined by [`scan_sections`].
pub const SCAN_ABOVE: usize = 1 << 20;

/// What the previous lines left open.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Nothing,
    /// A paragraph; the byte offset of its first line (a setext heading
    /// starts there).
    Paragraph(usize),
    /// A fenced code block: its character, length and indentation.
    Fence(u8, usize),
    /// An HTML block and the condition that ends it.
    Html(HtmlEnd),
}

/// A block whose lines are content, never structure.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Container {
    Quote,
    /// A list item and the column its content starts at.
    Item(usize),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum HtmlEnd {
    /// Kinds 1 to 5: a line containing this text.
    Contains(&'static str),
    /// Kinds 6 and 7: a blank line.
    Blank,
}

/// The heading hierarchy of `text`, as [`super::outline::sections`] would
/// give it from the tree, in one pass over the lines.
pub fn scan_sections(text: &str) -> Vec<super::outline::Section> {
    let mut flat = Vec::new();
    let mut open = Open::Nothing;
    // The list item or block quote the last lines belong to.
    let mut container: Option<Container> = None;
    // A paragraph open inside the container (lazy lines continue it).
    let mut container_paragraph = false;
    let mut lines = Lines::new(text);
    // A byte order mark is not part of the first line (tree-sitter-md).
    lines.pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
    if let Some(end) = front_matter_end(text, lines.pos) {
        lines.pos = end;
    }
    while let Some((start, line)) = lines.next() {
        let (indent, rest) = indentation(line);
        let blank = rest.trim().is_empty();

        if let Open::Fence(ch, len) = open {
            if container.is_none() && closes_fence(indent, rest, ch, len) {
                open = Open::Nothing;
            }
            if container.is_none() {
                continue;
            }
        }
        if let Open::Html(end) = open {
            let ended = match end {
                HtmlEnd::Contains(s) => contains_ignore_case(line, s),
                HtmlEnd::Blank => blank,
            };
            if ended {
                open = Open::Nothing;
            }
            continue;
        }

        if let Some(inside) = container {
            let continued = match inside {
                // A quote goes on with `>` lines; a blank line ends it.
                Container::Quote => indent < 4 && rest.starts_with('>'),
                // A list item goes on with lines indented to its content,
                // and across blank lines.
                Container::Item(column) => blank || indent >= column,
            };
            if continued {
                let content = match inside {
                    Container::Quote => rest[1..].strip_prefix(' ').unwrap_or(&rest[1..]),
                    Container::Item(column) => &after_column(line, column),
                };
                // A paragraph goes on over a line that starts no block.
                container_paragraph = if container_paragraph {
                    let (i, r) = indentation(content);
                    !r.trim().is_empty() && !starts_block(i, r)
                } else {
                    opens_paragraph(content)
                };
                continue;
            }
            if !blank && container_paragraph && !starts_block(indent, rest) {
                continue; // a lazy continuation line
            }
            container = None;
            container_paragraph = false;
            open = Open::Nothing;
        }

        if blank {
            open = Open::Nothing;
            continue;
        }
        let paragraph = match open {
            Open::Paragraph(first) => Some(first),
            _ => None,
        };
        if indent >= 4 {
            // Indented code, or a continuation of the open paragraph.
            continue;
        }
        // An underline on the last line, without a line break after it, is
        // paragraph text to tree-sitter-md.
        let ends_line = lines.pos > start + line.len();
        if let (Some(first), Some(level), true) = (paragraph, setext_level(rest), ends_line) {
            flat.push(Heading::setext(text, first, start + line.len(), level));
            open = Open::Nothing;
            continue;
        }
        if let Some((level, content)) = atx(rest) {
            flat.push(Heading::atx(start, line, level, content));
            open = Open::Nothing;
            continue;
        }
        if let Some((ch, len)) = fence_open(rest) {
            open = Open::Fence(ch, len);
            continue;
        }
        if let Some(end) = html_start(rest, paragraph.is_some()) {
            open = Open::Html(end);
            if let HtmlEnd::Contains(s) = end
                && contains_ignore_case(&rest[1..], s)
            {
                open = Open::Nothing;
            }
            continue;
        }
        // Before list items: `- - -` is a break, not an item.
        if is_thematic_break(rest) {
            open = Open::Nothing;
            continue;
        }
        if let Some(column) = container_start(indent, rest, paragraph.is_some()) {
            container = Some(if rest.starts_with('>') {
                Container::Quote
            } else {
                Container::Item(column)
            });
            container_paragraph = opens_paragraph(&after_column(line, column));
            open = Open::Nothing;
            continue;
        }
        if paragraph.is_none() {
            open = Open::Paragraph(start);
        }
    }
    nest(flat, text.len())
}

/// Lines of `text` with their byte offsets, without line endings (`\n`,
/// `\r\n` or a lone `\r`, as CommonMark counts them).
struct Lines<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        Lines { text, pos: 0 }
    }

    fn next(&mut self) -> Option<(usize, &'a str)> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text.as_bytes()[start..];
        let (len, ending) = match rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            Some(i) if rest[i] == b'\r' && rest.get(i + 1) == Some(&b'\n') => (i, 2),
            Some(i) => (i, 1),
            None => (rest.len(), 0),
        };
        self.pos = start + len + ending;
        Some((start, &self.text[start..start + len]))
    }
}

/// Where the body starts when `text` opens with a `---` front matter block
/// that is closed (tree-sitter-md's metadata rule), else `None`.
fn front_matter_end(text: &str, from: usize) -> Option<usize> {
    let mut lines = Lines::new(text);
    lines.pos = from;
    let (_, first) = lines.next()?;
    if first != "---" {
        return None;
    }
    while let Some((_, line)) = lines.next() {
        if line == "---" {
            return Some(lines.pos);
        }
    }
    None
}

/// Columns of leading spaces and tabs (a tab goes to the next multiple of
/// four) and the rest of the line.
fn indentation(line: &str) -> (usize, &str) {
    let mut column = 0;
    for (i, b) in line.bytes().enumerate() {
        match b {
            b' ' => column += 1,
            b'\t' => column += 4 - column % 4,
            _ => return (column, &line[i..]),
        }
    }
    (column, "")
}

/// The text of `line` from `column` on (tabs expanded to multiples of
/// four; a tab split by the column leaves its remaining spaces).
fn after_column(line: &str, column: usize) -> std::borrow::Cow<'_, str> {
    let mut at = 0;
    for (i, c) in line.char_indices() {
        if at >= column {
            return line[i..].into();
        }
        if c == '\t' {
            at += 4 - at % 4;
            if at > column {
                return format!("{}{}", " ".repeat(at - column), &line[i + 1..]).into();
            }
        } else {
            at += 1;
        }
    }
    "".into()
}

/// Whether `content` (a container's line after its marker) is paragraph
/// text, which the next lines may continue lazily.
fn opens_paragraph(content: &str) -> bool {
    let (indent, rest) = indentation(content);
    !rest.trim().is_empty() && indent < 4 && !starts_block(indent, rest)
}

/// Whether a line starting with `rest` (after `indent` columns) begins a
/// block that ends a paragraph (so it cannot be a lazy continuation).
fn starts_block(indent: usize, rest: &str) -> bool {
    indent < 4
        && (atx(rest).is_some()
            || fence_open(rest).is_some()
            || is_thematic_break(rest)
            || html_start(rest, true).is_some()
            || container_start(indent, rest, true).is_some())
}

/// `#` to `######` followed by a space, a tab or the end of the line: the
/// level and the content after the marker.
fn atx(rest: &str) -> Option<(u8, &str)> {
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let after = &rest[hashes..];
    match after.bytes().next() {
        None => Some((hashes as u8, after)),
        Some(b' ' | b'\t') => Some((hashes as u8, after)),
        _ => None,
    }
}

/// `===` (level 1) or `---` (level 2) underlines, trailing spaces allowed.
fn setext_level(rest: &str) -> Option<u8> {
    let trimmed = rest.trim_end_matches([' ', '\t']);
    let ch = trimmed.bytes().next()?;
    if !matches!(ch, b'=' | b'-') || !trimmed.bytes().all(|b| b == ch) {
        return None;
    }
    Some(if ch == b'=' { 1 } else { 2 })
}

/// Three or more `` ` `` or `~`; a backtick fence's info has no backtick.
fn fence_open(rest: &str) -> Option<(u8, usize)> {
    let ch = *rest.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = rest.bytes().take_while(|&b| b == ch).count();
    if len < 3 || (ch == b'`' && rest[len..].contains('`')) {
        return None;
    }
    Some((ch, len))
}

fn closes_fence(indent: usize, rest: &str, ch: u8, len: usize) -> bool {
    let run = rest.bytes().take_while(|&b| b == ch).count();
    indent < 4 && run >= len && rest[run..].trim().is_empty()
}

/// `***`, `---` or `___` (three or more, spaces between allowed).
fn is_thematic_break(rest: &str) -> bool {
    let Some(ch) = rest.bytes().next() else {
        return false;
    };
    if !matches!(ch, b'*' | b'-' | b'_') {
        return false;
    }
    let mut count = 0;
    for b in rest.bytes() {
        match b {
            b' ' | b'\t' => {}
            b if b == ch => count += 1,
            _ => return false,
        }
    }
    count >= 3
}

/// A block quote (`>`) or list item (`-`, `+`, `*`, `1.`, `1)`) starting
/// the line: the column its content starts at. An ordered item other than
/// `1` and an empty item do not interrupt a paragraph.
fn container_start(indent: usize, rest: &str, in_paragraph: bool) -> Option<usize> {
    if indent >= 4 {
        return None;
    }
    let bytes = rest.as_bytes();
    if bytes.first() == Some(&b'>') {
        return Some(indent + 1 + usize::from(bytes.get(1) == Some(&b' ')));
    }
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let marker = match (digits, bytes.get(digits)) {
        (0, Some(b'-' | b'+' | b'*')) => 1,
        (1..=9, Some(b'.' | b')')) => digits + 1,
        _ => return None,
    };
    let after = &rest[marker..];
    if after.trim().is_empty() {
        return (!in_paragraph).then_some(indent + marker + 1);
    }
    let (spaces, _) = indentation(after);
    if spaces == 0 {
        return None;
    }
    // Five or more spaces: the content is indented code, one space counts.
    let pad = if spaces > 4 { 1 } else { spaces };
    Some(indent + marker + pad)
}

const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// The start of an HTML block (CommonMark's seven kinds) and what ends it.
fn html_start(rest: &str, in_paragraph: bool) -> Option<HtmlEnd> {
    let lower = rest.get(..rest.len().min(12))?.to_ascii_lowercase();
    if !lower.starts_with('<') {
        return None;
    }
    for (open, close) in [
        ("<script", "</script>"),
        ("<pre", "</pre>"),
        ("<style", "</style>"),
        ("<textarea", "</textarea>"),
    ] {
        if lower.starts_with(open)
            && matches!(
                rest.as_bytes().get(open.len()),
                None | Some(b' ' | b'\t' | b'>')
            )
        {
            return Some(HtmlEnd::Contains(close));
        }
    }
    if lower.starts_with("<!--") {
        return Some(HtmlEnd::Contains("-->"));
    }
    if lower.starts_with("<?") {
        return Some(HtmlEnd::Contains("?>"));
    }
    if lower.starts_with("<![cdata[") {
        return Some(HtmlEnd::Contains("]]>"));
    }
    if lower.len() > 2 && lower.starts_with("<!") && lower.as_bytes()[2].is_ascii_alphabetic() {
        return Some(HtmlEnd::Contains(">"));
    }
    let name_at = if lower.starts_with("</") { 2 } else { 1 };
    let name: String = rest[name_at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase();
    let after = rest[name_at + name.len()..].bytes().next();
    let tag_ends = matches!(after, None | Some(b' ' | b'\t' | b'>'))
        || (after == Some(b'/') && rest[name_at + name.len()..].starts_with("/>"));
    if BLOCK_TAGS.contains(&name.as_str()) && tag_ends {
        return Some(HtmlEnd::Blank);
    }
    // Kind 7: a whole tag alone on the line; it cannot interrupt a paragraph.
    let whole_tag = !name.is_empty()
        && name.as_bytes()[0].is_ascii_alphabetic()
        && rest.trim_end().ends_with('>')
        && !rest[1..rest.trim_end().len() - 1].contains(['<', '>']);
    (whole_tag && !in_paragraph).then_some(HtmlEnd::Blank)
}

fn contains_ignore_case(line: &str, needle: &str) -> bool {
    line.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

//! Strict YAML for huge front matter, one top-level entry at a time, with
//! the entries of the previous parse on this thread reused.
//!
//! A keystroke in a front matter of 100,000 keys changes one entry; parsing
//! all of them again costs about 100 ms. A top-level key at column 0 starts
//! an entry whose parse depends on its own lines only, so the text is cut
//! before each such line and each piece is parsed alone, or taken from the
//! last parse when its text is the same. Anything whose meaning could cross
//! a cut (an alias, a directive, a document marker, a piece that is not a
//! mapping or does not parse) sends the whole text to [`yaml::parse`], so
//! the result is always the one `yaml::parse` gives (`tests/yaml_chunks.rs`
//! holds the two to that).

use std::ops::Range;
use std::sync::Mutex;

use super::yaml::{self, Entry, Node, SyntaxError};

/// Smaller YAML is parsed whole: it is fast, and the cache is not worth it.
pub const CHUNK_ABOVE: usize = 64 * 1024;

/// One piece of the last parse.
#[derive(Clone)]
struct Piece {
    /// Its bytes in the last text.
    span: Range<usize>,
    /// Its entries among the last entries.
    entries: Range<usize>,
    /// The range of its mapping (absolute).
    map: Range<usize>,
}

/// The last chunked parse.
#[derive(Default)]
struct Last {
    src: String,
    pieces: Vec<Piece>,
    entries: Vec<Entry>,
    /// How many pieces were taken from the parse before (for tests).
    #[cfg_attr(not(test), allow(dead_code))]
    reused: usize,
}

/// Replaced by every chunked parse, whichever thread made it: the server
/// analyses large documents on a pool, a keystroke's thread is not the one
/// before. Taken out while a parse runs, so a parse at the same time just
/// starts from nothing.
static LAST: Mutex<Last> = Mutex::new(Last {
    src: String::new(),
    pieces: Vec::new(),
    entries: Vec::new(),
    reused: 0,
});

/// [`yaml::parse`], reusing unchanged pieces of the last parse of a large
/// front matter.
pub fn parse(src: &str) -> Result<Node, SyntaxError> {
    if src.len() <= CHUNK_ABOVE {
        return yaml::parse(src);
    }
    match parse_pieces(src) {
        Some(node) => Ok(node),
        None => yaml::parse(src),
    }
}

/// The parse assembled from pieces; `None` when it could differ from the
/// whole parse (the caller then parses the whole).
///
/// A piece is reused when its bytes and its neighbours' cuts are where the
/// last text had them: before the first changed byte, or after the last
/// one (shifted by the change in length).
pub fn parse_pieces(src: &str) -> Option<Node> {
    let take = || std::mem::take(&mut *LAST.lock().unwrap_or_else(|p| p.into_inner()));
    let (node, made) = assemble(src, take());
    if let Some(made) = made {
        *LAST.lock().unwrap_or_else(|p| p.into_inner()) = made;
    }
    node
}

/// The parse of `src` from pieces, reusing those of `last`; with the parse
/// to keep for next time.
fn assemble(src: &str, last: Last) -> (Option<Node>, Option<Last>) {
    let Some(cuts) = cuts(src).filter(|c| c.len() >= 2) else {
        return (None, None);
    };
    let (same_head, same_tail) = common_ends(&last.src, src);
    let delta = src.len() as isize - last.src.len() as isize;
    // Reused entries are moved out, not cloned: pieces are reused in
    // order, so one pass over the old entries takes them all.
    let mut entries: Vec<Entry> = Vec::with_capacity(last.entries.len().max(cuts.len()));
    let mut old_entries = last.entries.into_iter();
    let mut taken = 0;
    let mut pieces: Vec<Piece> = Vec::with_capacity(cuts.len());
    let mut reused_count = 0;
    let mut cursor = 0;
    for (i, &start) in cuts.iter().enumerate() {
        let end = cuts.get(i + 1).copied().unwrap_or(src.len());
        let old = if end <= same_head {
            Some((start, 0))
        } else if start >= src.len() - same_tail {
            Some(((start as isize - delta) as usize, delta))
        } else {
            None
        };
        // Old pieces are visited in order, as the new ones are.
        let reused = old.and_then(|(old_start, shift)| {
            while cursor < last.pieces.len() && last.pieces[cursor].span.start < old_start {
                cursor += 1;
            }
            let p = last.pieces.get(cursor)?;
            let same = p.span.start == old_start && p.span.end as isize + shift == end as isize;
            same.then_some((p, shift))
        });
        let first = entries.len();
        reused_count += usize::from(reused.is_some());
        let map = match reused {
            Some((p, shift)) => {
                let by = |o: usize| (o as isize + shift) as usize;
                for _ in taken..p.entries.start {
                    old_entries.next();
                }
                let moved = (&mut old_entries).take(p.entries.len());
                taken = p.entries.end;
                entries.extend(moved.map(|mut e| {
                    if shift != 0 {
                        move_entry(&mut e, &by);
                    }
                    e
                }));
                by(p.map.start)..by(p.map.end)
            }
            None => {
                let Some((mut parsed, map)) = parse_piece(&src[start..end]) else {
                    return (None, None);
                };
                let by = |o: usize| o + start;
                parsed.iter_mut().for_each(|e| move_entry(e, &by));
                entries.extend(parsed);
                by(map.start)..by(map.end)
            }
        };
        pieces.push(Piece {
            span: start..end,
            entries: first..entries.len(),
            map,
        });
    }
    let start = pieces.first().map_or(0, |p| p.map.start);
    let end = pieces.iter().map(|p| p.map.end).max().unwrap_or(start);
    let node = Node::Map {
        entries: entries.clone(),
        range: start..end,
    };
    let made = Last {
        src: src.to_string(),
        pieces,
        entries,
        reused: reused_count,
    };
    (Some(node), Some(made))
}

/// Lengths of the longest common prefix and suffix of `a` and `b`, not
/// overlapping in either.
fn common_ends(a: &str, b: &str) -> (usize, usize) {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // Whole blocks compared as slices (memcmp), then the last bytes.
    const BLOCK: usize = 256;
    let room = a.len().min(b.len());
    let mut head = 0;
    while head + BLOCK <= room && a[head..head + BLOCK] == b[head..head + BLOCK] {
        head += BLOCK;
    }
    while head < room && a[head] == b[head] {
        head += 1;
    }
    let room = room - head;
    let (a_end, b_end) = (a.len(), b.len());
    let mut tail = 0;
    while tail + BLOCK <= room
        && a[a_end - tail - BLOCK..a_end - tail] == b[b_end - tail - BLOCK..b_end - tail]
    {
        tail += BLOCK;
    }
    while tail < room && a[a_end - tail - 1] == b[b_end - tail - 1] {
        tail += 1;
    }
    (head, tail)
}

/// Byte offsets where pieces start: 0, then every line that starts with a
/// plain key character at column 0. `None` when the text holds what could
/// tie pieces together or change how one is read.
fn cuts(src: &str) -> Option<Vec<usize>> {
    let mut cuts = vec![0];
    let mut at = 0;
    for line in src.split_inclusive('\n') {
        let first = line.as_bytes().first().copied();
        if line.starts_with("---") || line.starts_with("...") || first == Some(b'%') {
            return None;
        }
        if at > 0 && first.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
            cuts.push(at);
        }
        at += line.len();
    }
    Some(cuts)
}

fn parse_piece(text: &str) -> Option<(Vec<Entry>, Range<usize>)> {
    match yaml::parse(text).ok()? {
        Node::Map { entries, range } => {
            // Every piece must be a mapping at column 0, as the whole is.
            let column_0 = range.start == 0 || text[..range.start].ends_with('\n');
            if !column_0 || entries.iter().any(|e| ties(&e.key) || ties(&e.value)) {
                return None;
            }
            Some((entries, range))
        }
        _ => None,
    }
}

/// Whether `node` holds what may read differently in the whole text: an
/// alias (its anchor may be in another piece), or an empty block scalar
/// (its span reaches to whatever token comes next).
fn ties(node: &Node) -> bool {
    match node {
        Node::Alias { .. } => true,
        Node::Scalar(s) => {
            s.text.is_empty() && matches!(s.style, yaml::Style::Literal | yaml::Style::Folded)
        }
        Node::Seq { items, .. } => items.iter().any(ties),
        Node::Map { entries, .. } => entries.iter().any(|e| ties(&e.key) || ties(&e.value)),
    }
}

fn move_entry(e: &mut Entry, by: &impl Fn(usize) -> usize) {
    move_node(&mut e.key, by);
    move_node(&mut e.value, by);
}

fn move_node(node: &mut Node, by: &impl Fn(usize) -> usize) {
    let move_range = |r: &mut Range<usize>| *r = by(r.start)..by(r.end);
    match node {
        Node::Scalar(s) => move_range(&mut s.range),
        Node::Alias { range } => move_range(range),
        Node::Seq { items, range } => {
            move_range(range);
            items.iter_mut().for_each(|n| move_node(n, by));
        }
        Node::Map { entries, range } => {
            move_range(range);
            entries.iter_mut().for_each(|e| move_entry(e, by));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines that make pieces, tie them together or break them.
    const LINES: &[&str] = &[
        "key: value",
        "name: x",
        "description: |",
        "  a block line",
        "tools: [Read, Grep]",
        "map:",
        "  inner: 1",
        "# comment",
        "",
        // Past here, lines that tie pieces together or break the YAML.
        "  - item",
        "- item",
        "tools: [Read,",
        "  Grep]",
        "anchor: &a 1",
        "alias: *a",
        "quoted: 'it",
        "  goes on'",
        "double: \"a",
        "b: c\"",
        "bad: x: y",
        "tabbed:\tvalue",
        "\tindented: tab",
        "? complex",
        "...",
        "---",
        "%YAML 1.2",
        "  other: [1, 2]",
        "!tag x",
        "key: !!str 12",
        "ünicode: é",
        "k: v # trailing",
    ];

    /// Mostly the well-formed lines (the first `BENIGN`), sometimes any.
    const BENIGN: usize = 9;

    fn line(next: &mut impl FnMut() -> u64) -> &'static str {
        let pool = if next().is_multiple_of(8) {
            LINES.len()
        } else {
            BENIGN
        };
        LINES[(next() % pool as u64) as usize]
    }

    fn random_front_matter(next: &mut impl FnMut() -> u64) -> String {
        let n = 2 + (next() % 14) as usize;
        let mut out = String::new();
        for _ in 0..n {
            out.push_str(line(next));
            out.push('\n');
        }
        out
    }

    #[test]
    fn pieces_give_what_the_whole_parse_gives() {
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut assembled = 0;
        for _ in 0..20_000 {
            let mut src = random_front_matter(&mut next);
            // A few edits of the same text, so the cache is used.
            for _ in 0..3 {
                let whole = yaml::parse(&src);
                if let Some(pieces) = parse_pieces(&src) {
                    assembled += 1;
                    assert_eq!(Ok(pieces), whole, "{src:?}");
                }
                let at = (next() as usize) % (src.len() + 1);
                let at = (0..=at)
                    .rev()
                    .find(|&i| src.is_char_boundary(i))
                    .unwrap_or(0);
                let insert = line(&mut next);
                src.insert_str(at, &format!("{insert}\n"));
            }
        }
        assert!(assembled > 2_000, "only {assembled} texts were assembled");
    }

    #[test]
    fn a_large_front_matter_reuses_its_pieces() {
        let mut src: String = (0..5_000).map(|i| format!("key{i}: value {i}\n")).collect();
        assert!(src.len() > CHUNK_ABOVE);
        let (first, last) = assemble(&src, Last::default());
        assert_eq!(first.map(Ok), Some(yaml::parse(&src)));
        src.insert(20, 'x');
        let (second, last) = assemble(&src, last.expect("kept"));
        assert_eq!(second.map(Ok), Some(yaml::parse(&src)));
        // Every piece but the edited one is taken from the parse before.
        assert_eq!(last.expect("kept").reused, 4_999);
    }
}

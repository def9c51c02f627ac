//! Reading the front matter's YAML as Claude Code does: strict first, then
//! what its own parser reads beyond strict YAML ([`super::lax`]), then its
//! lenient retry ([`super::retry`]). Every range in the result is a byte
//! offset into the whole file.

use std::ops::Range;

use super::chunks;
use super::lax::{self, Laxity};
use super::retry::{self, Rewrite};
use super::yaml::{self, Entry, Node};
use crate::hash::{FxMap, str_hash};

/// How the YAML was read.
#[derive(Clone, Debug, PartialEq)]
pub enum Syntax {
    /// Valid YAML.
    Strict,
    /// Strict YAML fails; Claude Code reads it. `needed` are the values its
    /// retry had to quote, `lax` what only its own parser accepts (absolute
    /// ranges): strict parsers choke on each.
    Rescued {
        needed: Vec<Range<usize>>,
        lax: Vec<Laxity>,
    },
    /// Nothing reads it: Claude Code skips the file.
    Broken(Vec<Failure>),
}

/// Where and why the YAML cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub range: Range<usize>,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FrontMatter {
    pub syntax: Syntax,
    /// The loaded YAML (after the retry when it was needed); `None` when broken.
    pub root: Option<Node>,
    /// The hash of each top-level key and the index of its last entry:
    /// rules ask for keys by name dozens of times, and a front matter may
    /// hold 100,000 of them.
    last: FxMap<u64, usize>,
    repeats: bool,
}

impl FrontMatter {
    fn new(syntax: Syntax, root: Option<Node>) -> FrontMatter {
        let mut fm = FrontMatter {
            syntax,
            root,
            last: FxMap::default(),
            repeats: false,
        };
        let entries = fm.entries();
        let mut last = FxMap::with_capacity_and_hasher(entries.len(), Default::default());
        let mut keyed = 0;
        for (i, e) in entries.iter().enumerate() {
            if let Some(key) = e.key.as_str() {
                last.insert(str_hash(key), i);
                keyed += 1;
            }
        }
        // Fewer hashes than keys: a key repeats (or, rarely, two collide).
        fm.repeats = last.len() < keyed;
        fm.last = last;
        fm
    }

    /// Whether some key may be given more than once (exact when `false`).
    pub fn may_repeat_keys(&self) -> bool {
        self.repeats
    }

    /// The index among [`Self::entries`] of the entry Claude Code uses for
    /// `key`: the last one.
    pub fn last_index(&self, key: &str) -> Option<usize> {
        let entries = self.entries();
        match self.last.get(&str_hash(key)) {
            Some(&i) if entries[i].key.as_str() == Some(key) => Some(i),
            // Absent, or another key with the same hash: look the slow way.
            Some(_) => entries.iter().rposition(|e| e.key.as_str() == Some(key)),
            None => None,
        }
    }

    /// Top-level entries, in order (empty when the root is not a mapping).
    pub fn entries(&self) -> &[Entry] {
        match &self.root {
            Some(Node::Map { entries, .. }) => entries,
            _ => &[],
        }
    }

    /// The entry Claude Code uses for `key`: the last one.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.last_index(key).map(|i| &self.entries()[i])
    }
}

/// Read the YAML text `yaml`, which starts at byte `base` of the file.
pub fn read(yaml: &str, base: usize) -> FrontMatter {
    let strict_err = match chunks::parse(yaml) {
        Ok(mut root) => {
            shift(&mut root, &|o| base + o);
            return FrontMatter::new(Syntax::Strict, Some(root));
        }
        Err(e) => e,
    };
    // What Claude Code's own parser reads beyond strict YAML, made strict:
    // the retry below works on that text, as Claude Code's does on its.
    let tight = lax::tighten(yaml);
    let src = tight.as_ref().map_or(yaml, |t| t.text.as_str());
    let original = |o: usize| tight.as_ref().map_or(o, |t| t.original(o));
    let lax: Vec<Laxity> = tight
        .iter()
        .flat_map(|t| t.sites.iter())
        .map(|l| Laxity {
            range: base + l.range.start..base + l.range.end,
            ..l.clone()
        })
        .collect();
    let first_error = match &tight {
        None => strict_err,
        Some(t) => match yaml::parse(&t.text) {
            Ok(mut root) => {
                shift(&mut root, &|o| base + original(o));
                let syntax = Syntax::Rescued {
                    needed: Vec::new(),
                    lax,
                };
                return FrontMatter::new(syntax, Some(root));
            }
            Err(e) => e,
        },
    };
    let all = retry::candidates(src);
    let retried = retry::apply(src, &all);
    match yaml::parse(&retried) {
        Ok(mut root) => {
            let map = OffsetMap::new(&all, src);
            shift(&mut root, &|o| base + original(map.original(o)));
            let needed = needed_rewrites(src, &all, first_error.offset)
                .into_iter()
                .map(|r| base + original(r.value.start)..base + original(r.value.end))
                .collect();
            FrontMatter::new(Syntax::Rescued { needed, lax }, Some(root))
        }
        Err(e) => {
            let fallback = original(retry::map_back(e.offset, src, &retried));
            let failures = diagnose(yaml, base, fallback, &e.message);
            FrontMatter::new(Syntax::Broken(failures), None)
        }
    }
}

/// Each step of the search below re-parses the whole YAML; past this many
/// steps every candidate is reported, so huge front matter stays linear.
const MAX_SEARCH_STEPS: usize = 8;

/// The smallest set of retry rewrites that makes strict YAML succeed, found
/// by following the parser's errors; every candidate if that does not converge.
fn needed_rewrites(yaml: &str, all: &[Rewrite], first_error: usize) -> Vec<Rewrite> {
    // Strict parsing failed and rewriting everything succeeded: with a single
    // candidate (the usual wizard-style description) it is the one needed.
    if all.len() == 1 {
        return all.to_vec();
    }
    let mut needed: Vec<Rewrite> = Vec::new();
    let mut error = first_error;
    for _ in 0..all.len().min(MAX_SEARCH_STEPS) {
        let line = yaml[..error.min(yaml.len())].matches('\n').count();
        let pick = all
            .iter()
            .filter(|r| !needed.contains(r))
            .filter(|r| r.line <= line)
            .max_by_key(|r| r.line)
            .or_else(|| all.iter().find(|r| !needed.contains(r)));
        let Some(pick) = pick else { break };
        needed.push(pick.clone());
        needed.sort_by_key(|r| r.line);
        let text = retry::apply(yaml, &needed);
        match yaml::parse(&text) {
            Ok(_) => return needed,
            Err(e) => error = retry::map_back(e.offset, yaml, &text),
        }
    }
    all.to_vec()
}

/// Maps offsets in the retried text back to the original YAML.
struct OffsetMap {
    /// (range in retried text, range in original, total growth up to and
    /// including this rewrite), in order.
    spans: Vec<(Range<usize>, Range<usize>, isize)>,
}

impl OffsetMap {
    fn new(rewrites: &[Rewrite], yaml: &str) -> Self {
        let mut delta: isize = 0;
        let spans = rewrites
            .iter()
            .map(|r| {
                let quoted = retry::quote(&yaml[r.value.clone()]).len();
                let start = (r.value.start as isize + delta) as usize;
                delta += quoted as isize - r.value.len() as isize;
                (start..start + quoted, r.value.clone(), delta)
            })
            .collect();
        OffsetMap { spans }
    }

    fn original(&self, offset: usize) -> usize {
        let after = self
            .spans
            .partition_point(|(new, _, _)| new.start <= offset);
        let Some((new, old, delta)) = after.checked_sub(1).map(|i| &self.spans[i]) else {
            return offset;
        };
        if offset < new.end {
            // Inside a rewritten value: its quotes map onto the raw value.
            return (old.start + (offset - new.start).saturating_sub(1)).min(old.end);
        }
        if offset == new.end {
            return old.end;
        }
        (offset as isize - delta).max(0) as usize
    }
}

fn shift(node: &mut Node, f: &dyn Fn(usize) -> usize) {
    let fix = |r: &mut Range<usize>| {
        let start = f(r.start);
        *r = start..f(r.end).max(start);
    };
    match node {
        Node::Scalar(s) => fix(&mut s.range),
        Node::Alias { range } => fix(range),
        Node::Seq { items, range } => {
            fix(range);
            for item in items {
                shift(item, f);
            }
        }
        Node::Map { entries, range } => {
            fix(range);
            for e in entries {
                shift(&mut e.key, f);
                shift(&mut e.value, f);
            }
        }
    }
}

/// Name the shapes that make YAML unreadable to Claude Code, at the
/// characters at fault. Falls back to the parser's own position and words.
fn diagnose(yaml: &str, base: usize, fallback: usize, parser_message: &str) -> Vec<Failure> {
    let crlf = yaml.contains("\r\n");
    let mut failures = Vec::new();
    let lines: Vec<(usize, &str)> = retry::lines(yaml).collect();
    // The top-level key whose value the current line may continue.
    let mut open_value: Option<(usize, &str)> = None;
    // One error for unindented continuation lines is enough: they come in runs.
    let mut reported_continuation = false;
    for (i, &(start, raw)) in lines.iter().enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        if !indented {
            if let Some((key_end, value)) = top_level_key(line) {
                let value_start = start + key_end + (line[key_end..].len() - value.len());
                open_value = inline_plain(value).then_some((value_start, value));
                // A line the retry quotes is not what breaks the YAML.
                let rescued =
                    retry::key_line(raw, 0).is_some_and(|kl| retry::needs_quoting(&raw[kl.value]));
                let failure = (!rescued)
                    .then(|| single_line_failure(yaml, value_start, value, crlf, &lines[i + 1..]));
                if let Some(f) = failure.flatten() {
                    failures.push(f.offset(base));
                }
                continue;
            }
            if open_value.is_some() && !line.starts_with("- ") && !reported_continuation {
                failures.push(
                    Failure {
                        range: start..start + line.len(),
                        message: "This line continues the value above but is not indented, so \
                                  it breaks the YAML and Claude Code skips the agent. Indent the \
                                  continuation lines, or write the value as a block scalar \
                                  (`description: |`) with every line indented."
                            .into(),
                    }
                    .offset(base),
                );
                reported_continuation = true;
            }
            continue;
        }
        if let Some((value_start, _)) = open_value
            && let Some(colon) = find_mapping_colon(line)
        {
            let key_start = line.len() - line.trim_start().len();
            failures.push(
                Failure {
                    range: start + key_start..start + colon + 1,
                    message: format!(
                        "`{}` looks like a new key inside the indented continuation of the \
                             value that starts on line {}; YAML cannot read that and Claude Code \
                             skips the agent. Quote the whole value or use a block scalar (`|`).",
                        &line[key_start..colon],
                        yaml[..value_start].matches('\n').count() + 1 + LINE_OFFSET,
                    ),
                }
                .offset(base),
            );
            open_value = None;
        }
    }
    if failures.is_empty() {
        let at = fallback.min(yaml.len());
        let end = yaml[at..].find(['\n', '\r']).map_or(yaml.len(), |i| at + i);
        failures.push(
            Failure {
                range: at..end.max(at),
                message: format!(
                    "YAML syntax error ({parser_message}); Claude Code cannot read the front \
                     matter and skips the agent."
                ),
            }
            .offset(base),
        );
    }
    failures
}

/// Line numbers in messages count the opening `---` as line 1.
const LINE_OFFSET: usize = 1;

impl Failure {
    fn offset(mut self, base: usize) -> Self {
        self.range = base + self.range.start..base + self.range.end;
        self
    }
}

/// `key: value` at column 0: the end of the key's colon and the value text.
fn top_level_key(line: &str) -> Option<(usize, &str)> {
    if line.starts_with([
        '-', '#', '"', '\'', '[', '{', '<', '?', '&', '*', '!', '|', '>', '%', '@', '`',
    ]) {
        return None;
    }
    let colon = find_mapping_colon(line)?;
    let value = line[colon + 1..].trim_start_matches([' ', '\t']);
    Some((colon + 1, value))
}

/// The first `:` followed by a space or the end of the line.
fn find_mapping_colon(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    (0..bytes.len())
        .find(|&i| bytes[i] == b':' && bytes.get(i + 1).is_none_or(|b| *b == b' ' || *b == b'\t'))
}

/// A non-empty plain value on the key's line (one that later lines may continue).
fn inline_plain(value: &str) -> bool {
    let v = value.trim();
    !v.is_empty() && !v.starts_with(['|', '>', '"', '\'', '[', '{', '&', '*', '#', '!'])
}

/// Problems visible on one `key: value` line that the retry does not rescue.
fn single_line_failure(
    yaml: &str,
    value_start: usize,
    value: &str,
    crlf: bool,
    rest: &[(usize, &str)],
) -> Option<Failure> {
    let v = value.trim_end_matches([' ', '\t']);
    if v.is_empty() {
        return None;
    }
    let line_alone_fails = yaml::parse(&format!("k: {v}")).is_err();
    if let Some(quote) = v.chars().next().filter(|c| *c == '"' || *c == '\'') {
        // A quoted value may span lines; look a bounded distance ahead.
        let after = &yaml[value_start + 1..];
        let after = &after[..floor_char_boundary(after, 64 * 1024)];
        let closed = if quote == '"' {
            after
                .char_indices()
                .any(|(i, c)| c == '"' && !after[..i].ends_with('\\'))
        } else {
            after.contains('\'')
        };
        if !closed {
            return Some(Failure {
                range: value_start..value_start + v.len(),
                message: format!(
                    "This {} quote is never closed, so the YAML cannot be read and Claude Code \
                     skips the agent. Close the quote.",
                    if quote == '"' { "double" } else { "single" }
                ),
            });
        }
        return None;
    }
    if !line_alone_fails {
        return None;
    }
    if let Some(dash) = v.strip_prefix("- ").map(|_| value_start..value_start + 1) {
        return Some(Failure {
            range: dash,
            message: "A value that starts with `- ` reads as a list item where a string was \
                      expected; Claude Code cannot rescue it and skips the agent. Quote the value."
                .into(),
        });
    }
    let continued = rest
        .iter()
        .find(|(_, l)| !l.trim().is_empty())
        .is_some_and(|(_, l)| !l.starts_with([' ', '\t']) && top_level_key(l).is_none());
    if v.ends_with(':') && !continued {
        let at = value_start + v.len() - 1;
        return Some(Failure {
            range: at..at + 1,
            message: "A value ending in `:` reads as a nested key; Claude Code cannot rescue it \
                      and skips the agent. Quote the value or drop the final colon."
                .into(),
        });
    }
    if crlf && retry::needs_quoting(v) {
        return Some(Failure {
            range: value_start..value_start + v.len(),
            message: "Strict YAML rejects this unquoted value, and because the file has Windows \
                      (CRLF) line endings Claude Code's fallback cannot rescue it: the agent is \
                      skipped. Quote the value, or save the file with LF line endings."
                .into(),
        });
    }
    None
}

fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

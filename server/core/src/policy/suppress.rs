//! Suppression comments in a file: `# agentls-ignore: AG015` in the front
//! matter, `<!-- agentls-ignore AG051 -->` in the body, and the file-level
//! `agentls-ignore-file` forms. [`Suppressions::read`] finds them (on every
//! keystroke, so a file without the marker costs one `memmem` pass and no
//! allocation); [`Suppressions::apply`] drops the findings they name and
//! reports each code that silenced nothing (AG090, as ruff's RUF100 does).
//!
//! A front-matter comment counts only when YAML reads it as one: a `#` in
//! a quoted or block scalar is text, which the parser's spans tell. When the
//! front matter does not parse, its comments cannot be told from text and
//! are not read.

use std::ops::Range;

use memchr::memmem;

use crate::codes::{self, diag};
use crate::parse::frontmatter::{self, FrontMatter};
use crate::parse::split::{self, Parts, Split};
use crate::parse::yaml::Node;
use crate::{Diagnostic, Edit};

mod place;
#[cfg(test)]
mod tests;

pub use place::ignore_fixes;

const MARKER: &str = "agentls-ignore";
const FILE: &str = "-file";

/// Which findings the set given to [`Suppressions::apply`] holds: only a
/// code whose findings were all looked for can be called unused.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Known {
    /// Every finding of the file, its own and the cross-file ones.
    #[default]
    All,
    /// Its own findings only (the workspace's are not known yet).
    Own,
    /// Only some of them (a closed file in the editor shows its cross-file
    /// findings, published when they change): comments silence, but none
    /// is called unused.
    Nothing,
}

/// The suppression comments of one file, read once with its analysis.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Suppressions {
    comments: Vec<Comment>,
    known: Known,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Comment {
    /// The `agentls-ignore` word (with `-file`), where a bare one is reported.
    marker: Range<usize>,
    /// The lines whose findings it silences (from the start of the first to
    /// the start of the next, so the end of the text is on the last line);
    /// `None`: the whole file.
    covers: Option<Range<usize>>,
    /// The start of the comment's own line.
    line: usize,
    /// Alone on its line (so it covers the line below).
    own_line: bool,
    /// What deleting the comment removes: its whole line when it is alone
    /// there, else the comment and the blanks before it.
    removal: Range<usize>,
    /// Where one more code goes: after the last one, or after the marker.
    pub(crate) list_end: usize,
    pub(crate) codes: Vec<Code>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Code {
    range: Range<usize>,
    /// `None`: neither an agentls code nor a rule name.
    pub(crate) code: Option<&'static str>,
    written: Box<str>,
    /// The token with one separator beside it.
    removal: Range<usize>,
}

impl Suppressions {
    /// Find every suppression comment in `text`.
    pub fn read(text: &str) -> Suppressions {
        let Some(first) = memmem::find(text.as_bytes(), MARKER.as_bytes()) else {
            return Suppressions::default();
        };
        let parts = match split::split(text) {
            Split::FrontMatter(p) => Some(p),
            _ => None,
        };
        // The YAML is parsed only when a marker may be in it.
        let fm = parts
            .as_ref()
            .filter(|p| first < p.yaml.end)
            .map(|p| frontmatter::read(&text[p.yaml.clone()], p.yaml.start));
        Suppressions::read_parsed(text, parts.as_ref(), fm.as_ref())
    }

    /// [`Suppressions::read`] with the front matter already split and
    /// parsed, as `analyze` has it.
    pub(crate) fn read_parsed(
        text: &str,
        parts: Option<&Parts>,
        fm: Option<&FrontMatter>,
    ) -> Suppressions {
        let mut hits = memmem::find_iter(text.as_bytes(), MARKER.as_bytes()).peekable();
        if hits.peek().is_none() {
            return Suppressions::default();
        }
        let yaml = parts.map(|p| p.yaml.clone());
        let body = parts.map_or(0, |p| p.body_start)..text.len();
        let mut scalars: Option<Vec<Range<usize>>> = None;
        let mut blocks: Option<Vec<Range<usize>>> = None;
        let mut comments = Vec::new();
        for at in hits {
            let found = match &yaml {
                Some(y) if y.contains(&at) => {
                    let Some(root) = fm.and_then(|f| f.root.as_ref()) else {
                        continue;
                    };
                    let scalars = scalars.get_or_insert_with(|| opaque(text, root).0);
                    yaml_comment(text, at, y.clone(), scalars)
                }
                _ if at >= body.start => {
                    let blocks = blocks
                        .get_or_insert_with(|| crate::structure::code_blocks(text, body.clone()));
                    html_comment(text, at, body.start, blocks)
                }
                _ => None,
            };
            comments.extend(found);
        }
        stack(text, &mut comments);
        Suppressions {
            comments,
            known: Known::All,
        }
    }

    /// The same comments, judged against findings of `known` kind.
    pub fn knowing(mut self, known: Known) -> Suppressions {
        self.known = known;
        self
    }

    pub fn is_empty(&self) -> bool {
        self.comments.is_empty()
    }

    pub(crate) fn comments(&self) -> &[Comment] {
        &self.comments
    }

    /// Drop the findings these comments silence, and report the comments
    /// that silence nothing.
    pub fn apply(&self, diags: &mut Vec<Diagnostic>) {
        if self.comments.is_empty() {
            return;
        }
        let mut used: Vec<Vec<bool>> = self
            .comments
            .iter()
            .map(|c| vec![false; c.codes.len()])
            .collect();
        let mut lines: Vec<(Range<usize>, usize)> = Vec::new();
        let mut files: Vec<(&str, usize, usize)> = Vec::new();
        for (i, c) in self.comments.iter().enumerate() {
            match &c.covers {
                Some(r) => lines.push((r.clone(), i)),
                None => files.extend(
                    c.codes
                        .iter()
                        .enumerate()
                        .filter_map(|(k, t)| Some((t.code?, i, k))),
                ),
            }
        }
        lines.sort_by_key(|(r, _)| r.start);
        files.sort_unstable();
        diags.retain(|d| {
            // The unused-suppression hint cannot hide itself (as in ruff):
            // only the configuration turns it off.
            if d.code == codes::UNUSED_SUPPRESSION {
                return true;
            }
            let at = d.range.start;
            let mut silenced = false;
            let below = lines.partition_point(|(r, _)| r.start <= at);
            // Covered lines are whole lines: those holding `at` come last.
            for (r, i) in lines[..below].iter().rev() {
                if !r.contains(&at) {
                    break;
                }
                for (k, t) in self.comments[*i].codes.iter().enumerate() {
                    if t.code == Some(d.code) {
                        used[*i][k] = true;
                        silenced = true;
                    }
                }
            }
            let from = files.partition_point(|(c, _, _)| *c < d.code);
            for (_, i, k) in files[from..].iter().take_while(|(c, _, _)| *c == d.code) {
                used[*i][*k] = true;
                silenced = true;
            }
            !silenced
        });
        // Past the cap some findings were counted, not built: whether a
        // comment silences one of them cannot be told.
        if diags.iter().any(|d| d.code == codes::FINDINGS_CAPPED) {
            return;
        }
        for (c, used) in self.comments.iter().zip(&used) {
            self.report(c, used, diags);
        }
    }

    fn report(&self, c: &Comment, used: &[bool], out: &mut Vec<Diagnostic>) {
        let place = match (&c.covers, c.own_line) {
            (None, _) => "in this file",
            (Some(_), true) => "on the line below",
            (Some(_), false) => "on this line",
        };
        if c.codes.is_empty() {
            if self.known != Known::Nothing {
                out.push(
                    diag(
                        codes::UNUSED_SUPPRESSION,
                        c.marker.clone(),
                        format!(
                            "`{MARKER}` without codes silences nothing: name them, e.g. \
                             `{MARKER}: AG015`. A blanket ignore would hide every problem to \
                             come {place}."
                        ),
                    )
                    .with_fix(
                        "Remove the comment",
                        remove(c.removal.clone()),
                        false,
                    ),
                );
            }
            return;
        }
        let none_used = !used.iter().any(|u| *u);
        // Removing a code is safe when nothing else can bring its finding:
        // a single-file code, whose findings were all looked for.
        let own = |t: &Code| {
            t.code
                .is_some_and(|c| !codes::WORKSPACE.iter().any(|w| w.code == c))
                && t.code != Some(codes::UNUSED_SUPPRESSION)
        };
        for (t, _) in c.codes.iter().zip(used).filter(|(_, u)| !**u) {
            let workspace = t
                .code
                .is_some_and(|c| codes::WORKSPACE.iter().any(|w| w.code == c));
            let judged = match self.known {
                Known::All => true,
                Known::Own => !workspace,
                Known::Nothing => false,
            };
            if !judged {
                continue;
            }
            let message = match t.code {
                None => format!(
                    "`{}` is not an agentls code or rule name, so it silences nothing. Codes \
                     look like AG015 and names like unknown-key (`agentls explain`).",
                    t.written
                ),
                Some(codes::UNUSED_SUPPRESSION) => format!(
                    "`{}` cannot be silenced by a comment: turn the unused-suppression \
                     rule off in the project configuration instead.",
                    t.written
                ),
                Some(code) => format!(
                    "`{}` silences nothing: there is no {} finding {place}. Remove it, or it \
                     will hide the next one that appears.",
                    t.written,
                    named(code, &t.written)
                ),
            };
            let (title, edits, preferred) = if none_used {
                let safe = c.codes.iter().all(own);
                ("Remove the suppression comment", c.removal.clone(), safe)
            } else {
                let title = "Remove the code from the comment";
                (title, t.removal.clone(), own(t))
            };
            out.push(
                diag(codes::UNUSED_SUPPRESSION, t.range.clone(), message).with_fix(
                    title,
                    remove(edits),
                    preferred,
                ),
            );
        }
    }
}

fn remove(range: Range<usize>) -> Vec<Edit> {
    crate::diagnostic::replace(range, "")
}

/// `AG015 (unknown-key)`, or `unknown-key (AG015)` when the name was written.
fn named(code: &str, written: &str) -> String {
    let name = codes::lookup(code).map_or("", |c| c.name);
    if written == name {
        format!("{name} ({code})")
    } else {
        format!("{code} ({name})")
    }
}

/// The row a written code or name stands for.
fn resolve(token: &str) -> Option<&'static str> {
    codes::all()
        .find(|c| c.code.eq_ignore_ascii_case(token) || c.name == token)
        .map(|c| c.code)
}

/// The scalars' ranges and the outermost flow collections', each sorted
/// by start.
pub(crate) type Opaque = (Vec<Range<usize>>, Vec<Range<usize>>);

pub(crate) fn opaque(text: &str, root: &Node) -> Opaque {
    fn walk(
        text: &str,
        n: &Node,
        in_flow: bool,
        s: &mut Vec<Range<usize>>,
        f: &mut Vec<Range<usize>>,
    ) {
        match n {
            // A block scalar's range starts at its content: a comment on
            // its `|` line stays a comment.
            Node::Scalar(sc) => s.push(quoted(text, sc.range.clone())),
            Node::Seq { range, .. } | Node::Map { range, .. } => {
                let flow =
                    !in_flow && matches!(text.as_bytes().get(range.start), Some(b'[' | b'{'));
                if flow {
                    f.push(range.clone());
                }
                let children: Box<dyn Iterator<Item = &Node>> = match n {
                    Node::Seq { items, .. } => Box::new(items.iter()),
                    Node::Map { entries, .. } => {
                        Box::new(entries.iter().flat_map(|e| [&e.key, &e.value]))
                    }
                    _ => Box::new(std::iter::empty()),
                };
                for c in children {
                    walk(text, c, in_flow || flow, s, f);
                }
            }
            Node::Alias { .. } => {}
        }
    }
    let (mut s, mut f) = (Vec::new(), Vec::new());
    walk(text, root, false, &mut s, &mut f);
    s.sort_unstable_by_key(|r| r.start);
    f.sort_unstable_by_key(|r| r.start);
    (s, f)
}

/// A quoted scalar's range up to its closing quote: saphyr's span runs on
/// over the blanks and comment that follow it.
fn quoted(text: &str, r: Range<usize>) -> Range<usize> {
    let b = text.as_bytes();
    let Some(&q) = b.get(r.start).filter(|q| matches!(q, b'"' | b'\'')) else {
        return r;
    };
    let mut i = r.start + 1;
    while i < r.end.min(b.len()) {
        // An escape (`\"`) or a doubled single quote (`''`) is no end.
        let escaped = (q == b'"' && b[i] == b'\\')
            || (q == b'\'' && b[i] == q && b.get(i + 1) == Some(&b'\''));
        if escaped {
            i += 2;
        } else if b[i] == q {
            return r.start..i + 1;
        } else {
            i += 1;
        }
    }
    r
}

/// Whether `at` lies in one of `ranges` (sorted, disjoint), start included.
pub(crate) fn inside(ranges: &[Range<usize>], at: usize) -> bool {
    let i = ranges.partition_point(|r| r.start <= at);
    i > 0 && ranges[i - 1].contains(&at)
}

pub(crate) fn line_start(text: &str, at: usize) -> usize {
    memchr::memrchr(b'\n', &text.as_bytes()[..at]).map_or(0, |i| i + 1)
}

/// The end of `at`'s line before its line break (`\r\n` or `\n`).
pub(crate) fn line_end(text: &str, at: usize) -> usize {
    let b = text.as_bytes();
    let nl = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |i| at + i);
    if nl > at && b[nl - 1] == b'\r' {
        nl - 1
    } else {
        nl
    }
}

/// The start of the line after `at`'s; one past the end on the last line,
/// so a line's range holds every offset on it, the text's end included.
pub(crate) fn next_line(text: &str, at: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len() + 1, |i| at + i + 1)
}

fn blank(s: &str) -> bool {
    s.bytes().all(|b| b == b' ' || b == b'\t')
}

/// A `# agentls-ignore` whose `#` YAML reads as a comment.
fn yaml_comment(
    text: &str,
    at: usize,
    yaml: Range<usize>,
    scalars: &[Range<usize>],
) -> Option<Comment> {
    let b = text.as_bytes();
    let mut h = at;
    while h > yaml.start && matches!(b[h - 1], b' ' | b'\t') {
        h -= 1;
    }
    if h == yaml.start || b[h - 1] != b'#' {
        return None;
    }
    let hash = h - 1;
    let line = line_start(text, hash);
    if (hash > line && !matches!(b[hash - 1], b' ' | b'\t')) || inside(scalars, hash) {
        return None;
    }
    let end = line_end(text, at).min(yaml.end);
    let own_line = blank(&text[line..hash]);
    let removal = if own_line {
        line..next_line(text, at).min(text.len())
    } else {
        line + text[line..hash].trim_end_matches([' ', '\t']).len()..end
    };
    comment(text, at, end, line, own_line, removal)
}

/// A `<!-- agentls-ignore … -->` on one line, outside code.
fn html_comment(text: &str, at: usize, body: usize, blocks: &[Range<usize>]) -> Option<Comment> {
    let b = text.as_bytes();
    let mut h = at;
    while h > body && matches!(b[h - 1], b' ' | b'\t') {
        h -= 1;
    }
    if h < body + 4 || &b[h - 4..h] != b"<!--" {
        return None;
    }
    let open = h - 4;
    let line = line_start(text, open).max(body);
    let in_span = crate::mentions::code_spans(&text[line..line_end(text, open)])
        .iter()
        .any(|s| s.contains(&(open - line)));
    if in_span || blocks.iter().any(|r| r.contains(&open)) {
        return None;
    }
    let eol = line_end(text, at);
    let close = at + memmem::find(&b[at..eol], b"-->")?;
    let own_line = blank(&text[line..open]) && blank(&text[close + 3..eol]);
    let removal = if own_line {
        line..next_line(text, at).min(text.len())
    } else if blank(&text[line..open]) {
        // First on its line: the blanks after it go with it.
        let after = &text[close + 3..eol];
        open..close + 3 + (after.len() - after.trim_start_matches([' ', '\t']).len())
    } else {
        line + text[line..open].trim_end_matches([' ', '\t']).len()..close + 3
    };
    comment(text, at, close, line, own_line, removal)
}

/// The marker at `at` and its codes up to `end`; `None` when the word is
/// another (`agentls-ignored`).
fn comment(
    text: &str,
    at: usize,
    end: usize,
    line: usize,
    own_line: bool,
    removal: Range<usize>,
) -> Option<Comment> {
    let b = text.as_bytes();
    let mut i = at + MARKER.len();
    let file = text[i..end.max(i)].starts_with(FILE);
    if file {
        i += FILE.len();
    }
    if i < end && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'-' | b'_')) {
        return None;
    }
    let marker = at..i;
    while i < end && matches!(b[i], b' ' | b'\t') {
        i += 1;
    }
    if i < end && b[i] == b':' {
        i += 1;
    }
    let mut list_end = i;
    let sep = |c: u8| matches!(c, b' ' | b'\t' | b',');
    let mut codes = Vec::new();
    loop {
        while i < end && sep(b[i]) {
            i += 1;
        }
        let start = i;
        while i < end && !sep(b[i]) {
            i += 1;
        }
        let token = &text[start..i];
        // A reason may follow: `-- why`, or a further `# why`.
        if token.is_empty() || token == "--" || token.starts_with('#') {
            break;
        }
        list_end = i;
        codes.push(Code {
            range: start..i,
            code: resolve(token),
            written: token.into(),
            removal: start..i,
        });
    }
    for k in 0..codes.len() {
        codes[k].removal = if k + 1 < codes.len() {
            codes[k].range.start..codes[k + 1].range.start
        } else if k > 0 {
            codes[k - 1].range.end..codes[k].range.end
        } else {
            codes[k].range.clone()
        };
    }
    let covers = (!file).then(|| {
        if own_line {
            let below = next_line(text, at).min(text.len());
            below..next_line(text, below)
        } else {
            line..next_line(text, at)
        }
    });
    Some(Comment {
        marker,
        covers,
        line,
        own_line,
        removal,
        list_end,
        codes,
    })
}

/// Comments alone on lines stacked above one line all cover it.
fn stack(text: &str, comments: &mut [Comment]) {
    for i in (0..comments.len().saturating_sub(1)).rev() {
        let (head, tail) = comments.split_at_mut(i + 1);
        let (c, next) = (&mut head[i], &tail[0]);
        let Some(covers) = &c.covers else { continue };
        if c.own_line && next.own_line && covers.start == next.line {
            c.covers = match &next.covers {
                Some(r) => Some(r.clone()),
                // A file-level line between: the line below it.
                None => {
                    let below = next.removal.end;
                    Some(below..next_line(text, below))
                }
            };
        }
    }
}

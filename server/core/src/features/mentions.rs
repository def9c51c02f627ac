//! What a stretch of the body points at: files (`@path`, backticked relative
//! paths), other agents (`@agent-x`, "the x agent", `subagent_type: x`) and
//! tools (`Read`, `` `Bash` ``). Pure text scans with byte ranges; whether a
//! file exists is for the caller to find out.
//!
//! Fenced code blocks are skipped: they hold examples and command output, and
//! a path in a shell snippet is not a reference the prompt asks the agent to
//! follow.

use std::ops::Range;

use crate::ToolRef;
use crate::catalog::catalog;

/// A file named in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRef {
    /// The path as written (without `@` or backticks).
    pub path: String,
    /// Byte range of the path itself.
    pub range: Range<usize>,
}

/// Another agent named in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentMention {
    /// The agent name (without `@` or `agent-`).
    pub name: String,
    pub range: Range<usize>,
}

/// A Claude Code tool named in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToolMention {
    pub name: String,
    pub range: Range<usize>,
}

/// Every file reference in `within` (a byte range of `text`), in order.
pub fn file_refs(text: &str, within: Range<usize>) -> Vec<FileRef> {
    let mut out = Vec::new();
    for (start, line) in prose_lines(text, within) {
        line_file_refs(start, line, &code_spans(line), &mut out);
    }
    out.sort_by_key(|r| r.range.start);
    out
}

/// The file references of one prose line starting at byte `start`, whose
/// code spans are `spans`, in the order [`file_refs`] finds them.
pub(crate) fn line_file_refs(
    start: usize,
    line: &str,
    spans: &[Range<usize>],
    out: &mut Vec<FileRef>,
) {
    for span in spans {
        let content = &line[span.clone()];
        let (skip, path) = match content.strip_prefix('@') {
            Some(p) => (1, p),
            None => (0, content),
        };
        if looks_like_path(path) {
            let at = start + span.start + skip;
            out.push(FileRef {
                path: path.to_string(),
                range: at..at + path.len(),
            });
        }
    }
    for (range, word) in at_words(line, spans) {
        if looks_like_path(word) {
            out.push(FileRef {
                path: word.to_string(),
                range: start + range.start..start + range.end,
            });
        }
    }
}

/// Every mention of another agent in `within`, in order.
pub fn agent_mentions(text: &str, within: Range<usize>) -> Vec<AgentMention> {
    let mut out = Vec::new();
    for (start, line) in prose_lines(text, within) {
        let spans = code_spans(line);
        let mut push = |r: Range<usize>, name: &str| {
            out.push(AgentMention {
                name: name.to_string(),
                range: start + r.start..start + r.end,
            });
        };
        for (range, word) in at_words(line, &spans) {
            if looks_like_path(word) {
                continue;
            }
            let name = word.strip_prefix("agent-").unwrap_or(word);
            // `@x` alone is too often a decorator or a handle; kebab-case
            // (or the explicit `@agent-` prefix) is how agents are named.
            if is_kebab(name) && (name.contains('-') || word.starts_with("agent-")) {
                let skip = word.len() - name.len();
                push(range.start + skip..range.end, name);
            }
        }
        for (range, name) in named_before_agent(line) {
            push(range, name);
        }
        for (range, name) in subagent_types(line) {
            push(range, name);
        }
    }
    out.sort_by_key(|m| m.range.start);
    out.dedup_by_key(|m| m.range.start);
    out
}

/// Every tool named in `within`: in backticks, as `Name(...)`, or as a bare
/// word when the name is not also an everyday English word.
pub fn tool_mentions(text: &str, within: Range<usize>) -> Vec<ToolMention> {
    let cat = catalog();
    let mut out = Vec::new();
    for (start, line) in prose_lines(text, within) {
        let spans = code_spans(line);
        for (range, word) in words(line) {
            if catalog_tool(word).is_none() && !is_mcp_name(word) {
                continue;
            }
            let in_code = spans
                .iter()
                .any(|s| s.start <= range.start && range.end <= s.end);
            let after = line[range.end..].trim_start_matches(['`', '*', ' ']);
            let tool_word = after.starts_with("tool") || line[range.end..].starts_with('(');
            let ambiguous = cat.tool(word).is_some_and(|_| is_english_word(word));
            if in_code || tool_word || !ambiguous {
                out.push(ToolMention {
                    name: word.to_string(),
                    range: start + range.start..start + range.end,
                });
            }
        }
    }
    out
}

/// `Read`, `Write`, `Task`... start sentences ("Read the spec first"), so as
/// bare words they are not counted; `Bash`, `Grep`, `WebFetch` are.
fn is_english_word(name: &str) -> bool {
    let mut chars = name.chars();
    let single_capitalised = chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_lowercase());
    single_capitalised && !matches!(name, "Bash" | "Grep" | "Glob")
}

fn catalog_tool(word: &str) -> Option<&'static str> {
    catalog()
        .tools
        .iter()
        .find(|t| t.name == word)
        .map(|t| t.name.as_str())
}

fn is_mcp_name(word: &str) -> bool {
    ToolRef::parse(word, 0..word.len())
        .mcp_server()
        .is_some_and(|s| !s.is_empty() && !s.starts_with('_'))
}

/// Lines of `within` outside fenced code blocks, with their absolute start
/// offsets (line breaks excluded). Fence lines themselves are skipped too.
pub fn prose_lines(text: &str, within: Range<usize>) -> Vec<(usize, &str)> {
    let start = within.start.min(text.len());
    let end = within.end.clamp(start, text.len());
    let Some(slice) = text.get(start..end) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let bytes = slice.as_bytes();
    let mut at = 0;
    // Line by line with memchr and byte trims: this runs several times per
    // keystroke (mentions, navigation, a skill's file mentions).
    while at < bytes.len() {
        let line_start = at;
        at = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |p| at + p + 1);
        let mut end = at;
        while end > line_start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        let line = &slice[line_start..end];
        let line_start = start + line_start;
        let opener = fence_marker(line);
        match (fence, opener) {
            (None, Some(f)) => fence = Some(f),
            (Some((c, n)), Some((c2, n2))) if c == c2 && n2 >= n && is_bare_fence(line) => {
                fence = None;
            }
            (Some(_), _) => {}
            (None, None) => out.push((line_start, line)),
        }
    }
    out
}

/// A fence line: up to three spaces, then three or more backticks or tildes.
fn fence_marker(line: &str) -> Option<(u8, usize)> {
    let indent = line.bytes().take_while(|&b| b == b' ').count();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let c = *rest.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = rest.bytes().take_while(|&b| b == c).count();
    (n >= 3).then_some((c, n))
}

/// A closing fence carries nothing after its marker.
fn is_bare_fence(line: &str) -> bool {
    line.trim().bytes().all(|b| b == b'`' || b == b'~')
}

/// Byte ranges of inline code contents on one line (CommonMark: a run of N
/// backticks closes at the next run of exactly N; one space of padding on
/// each side is stripped).
pub fn code_spans(line: &str) -> Vec<Range<usize>> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let open = i;
        while i < bytes.len() && bytes[i] == b'`' {
            i += 1;
        }
        let n = i - open;
        let mut j = i;
        let mut close = None;
        while j < bytes.len() {
            if bytes[j] == b'`' {
                let run = j;
                while j < bytes.len() && bytes[j] == b'`' {
                    j += 1;
                }
                if j - run == n {
                    close = Some(run);
                    break;
                }
            } else {
                j += 1;
            }
        }
        let Some(close) = close else { continue };
        let (mut s, mut e) = (i, close);
        if e > s + 1 && bytes[s] == b' ' && bytes[e - 1] == b' ' {
            s += 1;
            e -= 1;
        }
        if s < e {
            out.push(s..e);
        }
        i = close + n;
    }
    out
}

/// Words after an `@` that starts a token (not an e-mail address), outside
/// code spans: `(range of the word, the word)`, trailing punctuation dropped.
fn at_words<'l>(line: &'l str, spans: &[Range<usize>]) -> Vec<(Range<usize>, &'l str)> {
    let mut out = Vec::new();
    for (i, _) in line.match_indices('@') {
        let starts_token = line[..i]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || "([{<\"'*".contains(c));
        let in_code = spans.iter().any(|s| s.start <= i && i < s.end);
        if !starts_token || in_code {
            continue;
        }
        let rest = &line[i + 1..];
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || "._/-~+".contains(c)))
            .unwrap_or(rest.len());
        // A sentence may end right after the path: `see @docs/a.md.`
        let word = rest[..len].trim_end_matches(['.', '-', '/']);
        let word = if rest[..len].ends_with('/') && !word.is_empty() {
            &rest[..word.len() + 1]
        } else {
            word
        };
        if !word.is_empty() {
            out.push((i + 1..i + 1 + word.len(), word));
        }
    }
    out
}

/// True for text that names a file or folder: no spaces or shell/template
/// punctuation, not a URL, and either a `/` or a file extension.
pub fn looks_like_path(s: &str) -> bool {
    if s.is_empty()
        || s.len() > 512
        || s.starts_with('-')
        || s.contains("://")
        || s.chars().any(|c| {
            c.is_whitespace() || c.is_control() || "()<>[]{}*?$|;:\"'=,!`\\#%&^".contains(c)
        })
    {
        return false;
    }
    let has_segment = s
        .split('/')
        .any(|seg| seg.chars().any(|c| c.is_alphanumeric()));
    if !has_segment {
        return false;
    }
    if s.contains('/') {
        return true;
    }
    let Some((stem, ext)) = s.rsplit_once('.') else {
        return false;
    };
    !stem.is_empty()
        && !stem.ends_with('.')
        && (1..=8).contains(&ext.len())
        && ext.starts_with(|c: char| c.is_ascii_alphabetic())
        && ext.chars().all(|c| c.is_ascii_alphanumeric())
}

fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && s.bytes().any(|b| b.is_ascii_lowercase())
}

/// `code-reviewer agent`, `the `code-reviewer` subagent`, `**x-y** agent`:
/// a kebab-case name followed by the word agent/subagent.
fn named_before_agent(line: &str) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    for (range, word) in kebab_words(line) {
        if !word.contains('-') || after_article(&line[..range.start]) {
            continue;
        }
        let after = line[range.end..].trim_start_matches(['`', '*', '"', '\'', '_']);
        let after = after.trim_start_matches([' ', '\t']);
        if after.len() == line[range.end..].len() {
            continue; // no space between the name and the next word
        }
        let lower = after.get(..8).unwrap_or(after).to_ascii_lowercase();
        let word_len = if lower.starts_with("subagent") {
            8
        } else if lower.starts_with("agent") {
            5
        } else {
            continue;
        };
        let ends = after[word_len..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric() || c == 's');
        if ends {
            out.push((range, word));
        }
    }
    out
}

/// "a well-known agent", "this read-only agent": a determiner before the
/// hyphenated word makes it a description, not an agent's name.
fn after_article(before: &str) -> bool {
    let before = before.trim_end_matches(['`', '*', '"', '\'', '_', ' ', '\t']);
    let last = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    matches!(
        last.as_str(),
        "a" | "an" | "any" | "each" | "every" | "another" | "this"
    )
}

/// `subagent_type: "x"`, `subagent_type="x"`, `subagent_type: x`.
fn subagent_types(line: &str) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    for (i, key) in line.match_indices("subagent_type") {
        let rest = &line[i + key.len()..];
        let value = rest.trim_start_matches(['`', '"', '\'', ' ', '\t']);
        let Some(value) = value.strip_prefix([':', '=']) else {
            continue;
        };
        let value = value.trim_start_matches([' ', '\t', '"', '\'', '`']);
        let len = value
            .find(|c: char| !(c.is_ascii_alphanumeric() || "-_:".contains(c)))
            .unwrap_or(value.len());
        if len > 0 {
            let at = line.len() - value.len();
            out.push((at..at + len, &value[..len]));
        }
    }
    out
}

/// Maximal runs of `[a-z0-9-]` (with range), trimmed of outer hyphens.
fn kebab_words(line: &str) -> Vec<(Range<usize>, &str)> {
    runs(line, |c| {
        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
    })
    .into_iter()
    .filter_map(|r| {
        let w = &line[r.clone()];
        let lead = w.len() - w.trim_start_matches('-').len();
        let w = w.trim_matches('-');
        let r = r.start + lead..r.start + lead + w.len();
        // A run glued to a letter of another case is part of a larger word.
        let glued = line[..r.start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '/' || c == '.')
            || line[r.end..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '/');
        (is_kebab(w) && !glued).then_some((r, w))
    })
    .collect()
}

/// Identifier-like words (`[A-Za-z0-9_]`), with ranges.
fn words(line: &str) -> Vec<(Range<usize>, &str)> {
    runs(line, |c| c.is_ascii_alphanumeric() || c == '_')
        .into_iter()
        .map(|r| (r.clone(), &line[r]))
        .collect()
}

fn runs(line: &str, keep: impl Fn(char) -> bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        match (keep(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..line.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(text: &str) -> Vec<String> {
        file_refs(text, 0..text.len())
            .into_iter()
            .inspect(|r| assert_eq!(&text[r.range.clone()], r.path))
            .map(|r| r.path)
            .collect()
    }

    fn agents(text: &str) -> Vec<String> {
        agent_mentions(text, 0..text.len())
            .into_iter()
            .map(|m| m.name)
            .collect()
    }

    fn tools(text: &str) -> Vec<String> {
        tool_mentions(text, 0..text.len())
            .into_iter()
            .map(|m| m.name)
            .collect()
    }

    #[test]
    fn file_references_in_backticks_and_after_at() {
        let text = "Read @docs/api.md and `insights.md`, run `./scripts/x.sh`.\n\
                    See @notes.md. Not `Read`, `v1.2`, `mkdir -p x/`, `docs/[id].md`,\n\
                    `https://x.io/a.md`, me@example.com, `e.g.`, or @code-reviewer.\n\
                    Folder `workspaces/backend/` and `../../etc/passwd`.\n";
        assert_eq!(
            paths(text),
            [
                "docs/api.md",
                "insights.md",
                "./scripts/x.sh",
                "notes.md",
                "workspaces/backend/",
                "../../etc/passwd"
            ]
        );
    }

    #[test]
    fn fenced_code_is_skipped() {
        let text = "`a.md`\n```sh\ncat `b.md` @c.md\n```\n~~~\n```\n`d.md`\n~~~\n`e.md`\n";
        assert_eq!(paths(text), ["a.md", "e.md"]);
    }

    #[test]
    fn agents_by_at_phrase_and_subagent_type() {
        let text = "Ask @agent-reviewer or @code-reviewer. Use the backend-architect agent,\n\
                    the `test-runner` subagent, subagent_type: \"doc-writer\", \
                    subagent_type=\"plugin:fixer\".\n\
                    Not a well-known agent? Not @param or user@team-x.com.\n";
        assert_eq!(
            agents(text),
            [
                "reviewer",
                "code-reviewer",
                "backend-architect",
                "test-runner",
                "doc-writer",
                "plugin:fixer"
            ]
        );
    }

    #[test]
    fn tools_in_code_as_calls_and_unambiguous_words() {
        let text = "Read the spec. Use `Read`, Bash, the Write tool, Task(x), WebFetch, \
                    mcp__github__create_issue and Grepp.\n";
        assert_eq!(
            tools(text),
            [
                "Read",
                "Bash",
                "Write",
                "Task",
                "WebFetch",
                "mcp__github__create_issue"
            ]
        );
    }

    #[test]
    fn code_spans_follow_backtick_run_lengths() {
        let line = "a ``x ` y`` b `c` `unclosed";
        let got: Vec<_> = code_spans(line).into_iter().map(|r| &line[r]).collect();
        assert_eq!(got, ["x ` y", "c"]);
    }

    #[test]
    fn ranges_outside_the_text_are_clamped() {
        assert!(file_refs("`a.md`", 3..100).is_empty());
        let backwards = Range { start: 5, end: 2 };
        assert!(agent_mentions("x", backwards).is_empty());
        assert!(prose_lines("é`a.md`", 1..3).is_empty());
    }
}

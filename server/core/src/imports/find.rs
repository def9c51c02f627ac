//! Finding and resolving `@path` imports in a file's text.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use crate::parse::split::{self, Split};

/// One `@path` mention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    /// The mention, `@` included.
    pub range: Range<usize>,
    /// The path as written (escaped spaces unescaped).
    pub raw: String,
    /// The file it names: `None` for a `~/` path when no home folder is known.
    pub target: Option<PathBuf>,
}

/// The imports of `text`, the file at `file`; `home` resolves `~/`. The
/// front matter (stripped by Claude Code) is skipped.
pub fn imports(text: &str, file: &Path, home: Option<&Path>) -> Vec<Import> {
    let start = match split::split(text) {
        Split::FrontMatter(parts) => parts.body_start,
        _ => 0,
    };
    let folder = file.parent().unwrap_or(Path::new(""));
    mentions(text, start)
        .into_iter()
        .map(|(range, raw)| {
            let target = resolve(&raw, folder, home);
            Import { range, raw, target }
        })
        .collect()
}

/// The file `raw` names from `folder`, `.` and `..` taken out.
pub fn resolve(raw: &str, folder: &Path, home: Option<&Path>) -> Option<PathBuf> {
    let joined = if let Some(rest) = raw.strip_prefix("~/") {
        home?.join(rest)
    } else if Path::new(raw).is_absolute() {
        PathBuf::from(raw)
    } else {
        folder.join(raw)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    Some(out)
}

/// `(range, path)` of each `@path` from byte `start` on, outside fenced
/// code blocks and code spans.
fn mentions(text: &str, start: usize) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let mut at = start;
    for line in text[start..].split_inclusive('\n') {
        let line_start = at;
        at += line.len();
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let run = |c: u8| trimmed.bytes().take_while(|b| *b == c).count();
        if indent < 4 {
            if let Some((c, n)) = fence {
                if run(c) >= n && trimmed[run(c)..].trim().is_empty() {
                    fence = None;
                }
                continue;
            }
            let (ticks, tildes) = (run(b'`'), run(b'~'));
            if ticks >= 3 && !trimmed[ticks..].contains('`') {
                fence = Some((b'`', ticks));
                continue;
            }
            if tildes >= 3 {
                fence = Some((b'~', tildes));
                continue;
            }
        } else if fence.is_some() {
            continue;
        }
        in_line(line, line_start, &mut out);
    }
    out
}

/// The mentions of one line, code spans left out.
fn in_line(line: &str, base: usize, out: &mut Vec<(Range<usize>, String)>) {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'`' => {
                // A code span runs to the next run of as many backticks.
                let n = b[i..].iter().take_while(|c| **c == b'`').count();
                let ticks = &line[i..i + n];
                let close = line[i + n..]
                    .match_indices(ticks)
                    .find(|(j, _)| b.get(i + n + j + n) != Some(&b'`'));
                i = match close {
                    Some((j, _)) => i + n + j + n,
                    None => i + n,
                };
            }
            b'@' if i == 0 || b[i - 1].is_ascii_whitespace() => {
                let (len, raw) = path_at(&line[i + 1..]);
                if len > 0 && plausible(&raw) {
                    out.push((base + i..base + i + 1 + len, raw));
                }
                i += 1 + len;
            }
            _ => i += 1,
        }
    }
}

/// The path after an `@`: up to whitespace, `\ ` an escaped space, a
/// `#fragment` left out. Returns its length in the source and the path.
fn path_at(s: &str) -> (usize, String) {
    let (len, mut raw) = mention_at(s);
    if let Some(hash) = raw.find('#') {
        raw.truncate(hash);
    }
    (len, raw)
}

fn mention_at(s: &str) -> (usize, String) {
    let mut raw = String::new();
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|(_, n)| *n == ' ') {
            chars.next();
            raw.push(' ');
            continue;
        }
        if c.is_whitespace() {
            return (i, raw);
        }
        raw.push(c);
    }
    (s.len(), raw)
}

/// A mention Claude Code takes for a path (not a handle, a decorator or
/// punctuation): `./`, `~/` or `/` in front, or a letter, digit, `.`, `_`
/// or `-` first.
fn plausible(raw: &str) -> bool {
    raw.starts_with("./")
        || raw.starts_with("~/")
        || (raw.starts_with('/') && raw != "/")
        || raw
            .bytes()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, &str)> {
        imports(text, Path::new("/p/sub/CLAUDE.md"), Some(Path::new("/h")))
            .into_iter()
            .map(|i| {
                let target = i.target.unwrap().to_string_lossy().into_owned();
                (target, &text[i.range])
            })
            .collect()
    }

    #[test]
    fn imports_resolve_from_the_file_folder() {
        let text = "See @docs/a.md and @../b.md, @~/c.md, @/abs/d.md.\n@./e.md\n";
        assert_eq!(
            found(text),
            [
                ("/p/sub/docs/a.md".into(), "@docs/a.md"),
                ("/p/b.md,".into(), "@../b.md,"),
                ("/h/c.md,".into(), "@~/c.md,"),
                ("/abs/d.md.".into(), "@/abs/d.md."),
                ("/p/sub/e.md".into(), "@./e.md"),
            ]
        );
    }

    #[test]
    fn code_handles_and_front_matter_are_not_imports() {
        let text = "---\nx: @a.md\n---\nmail me@b.md, `@c.md`, ``x @d.md``\n\
                    ```sh\n@e.md\n```\n~~~\n@f.md\n~~~\n@ alone, @@g, @~x, @#h, @h\\ i.md#part\n";
        let got: Vec<&str> = found(text).into_iter().map(|(_, s)| s).collect();
        assert_eq!(got, ["@h\\ i.md#part"]);
        let i = &imports(text, Path::new("/p/CLAUDE.md"), None)[0];
        assert_eq!(i.raw, "h i.md");
        // No home folder: a `~/` path is not resolved.
        assert_eq!(
            imports("@~/x.md", Path::new("/p/CLAUDE.md"), None)[0].target,
            None
        );
    }
}

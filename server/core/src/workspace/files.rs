//! Files a skill's body points at inside its folder (AG115) and a command's
//! `@file` includes (AG116). The references and their ranges are found
//! here; whether a file exists is asked of the caller, who has the disk
//! (`agentls check` asks it directly; the core never reads it).

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use crate::Diagnostic;
use crate::codes::{self, diag};
use crate::features::mentions::{
    code_spans, file_refs, line_file_refs, looks_like_path, prose_lines,
};
use crate::kind::{FileKind, classify};

/// Folders the Agent Skills guidance puts a skill's files in: a path in the
/// prose that starts with one of them means the skill's own file. Other
/// bare names (`package.json`, `README.md`) more often mean the project's.
const SKILL_FOLDERS: [&str; 6] = [
    "scripts",
    "references",
    "reference",
    "assets",
    "templates",
    "examples",
];

/// What `missing_files` needs checked: a path, resolved, and where it is
/// written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileMention {
    pub written: String,
    pub resolved: PathBuf,
    pub range: Range<usize>,
}

/// The files a skill or command at `path` refers to, resolved: a skill's
/// relative to its folder (and kept only when inside it), a command's
/// `@file` relative to the folder holding its `.claude`. Commands of the
/// user scope run in whatever project Claude Code is started in: the
/// caller leaves those out.
pub fn file_mentions(text: &str, path: &Path, body: Range<usize>) -> Vec<FileMention> {
    let kind = classify(path);
    if !may_name_files(text.get(body.clone()).unwrap_or(""), &kind) {
        return Vec::new();
    }
    match kind {
        FileKind::ClaudeSkill { .. } => {
            let Some(folder) = path.parent() else {
                return Vec::new();
            };
            skill_mentions(text, body)
                .into_iter()
                .filter_map(|(written, range)| {
                    let resolved = inside(folder, &written)?;
                    Some(FileMention {
                        written,
                        resolved,
                        range,
                    })
                })
                .collect()
        }
        FileKind::ClaudeCommand { .. } => {
            let Some(root) = path
                .ancestors()
                .find(|a| a.file_name().is_some_and(|n| n == ".claude"))
                .and_then(Path::parent)
            else {
                return Vec::new();
            };
            includes(text, body)
                .into_iter()
                .filter(|(w, _)| !w.starts_with(['~', '/']))
                .map(|(written, range)| FileMention {
                    resolved: root.join(&written),
                    written,
                    range,
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// Whether `body` holds anything a mention starts with: a link, a skill's
/// own folder, `./`, `${CLAUDE_SKILL_DIR}/`, or a command's `@`. The server
/// asks on every keystroke in a skill or command, and most name no file.
fn may_name_files(body: &str, kind: &FileKind) -> bool {
    match kind {
        FileKind::ClaudeSkill { .. } => {
            // One memchr pass over the slashes, rare in prose, instead of
            // a substring search per folder name.
            body.contains("](")
                || body.match_indices('/').any(|(i, _)| {
                    let before = &body[..i];
                    before.ends_with('.')
                        || before.ends_with("${CLAUDE_SKILL_DIR}")
                        || SKILL_FOLDERS.iter().any(|f| before.ends_with(f))
                })
        }
        FileKind::ClaudeCommand { .. } => body.contains('@'),
        _ => false,
    }
}

/// The findings for the mentions `exists` says are missing.
pub fn missing_files(
    text: &str,
    path: &Path,
    body: Range<usize>,
    exists: &dyn Fn(&Path) -> bool,
) -> Vec<Diagnostic> {
    let skill = matches!(classify(path), FileKind::ClaudeSkill { .. });
    let mut out = Vec::new();
    for m in file_mentions(text, path, body) {
        if exists(&m.resolved) {
            continue;
        }
        let d = if skill {
            diag(
                codes::SKILL_FILE_MISSING,
                m.range,
                format!(
                    "`{}` is not in this skill's folder ({} does not exist): the model is sent to \
                     a file that is not there. Add the file or fix the path.",
                    m.written,
                    m.resolved.display()
                ),
            )
        } else {
            diag(
                codes::INCLUDE_MISSING,
                m.range,
                format!(
                    "`@{}` includes nothing: {} does not exist (includes are read from the \
                     project folder, the one holding `.claude`). Fix the path.",
                    m.written,
                    m.resolved.display()
                ),
            )
        };
        out.push(d);
    }
    out
}

/// A relative path inside `folder`, lexically (no `..` out of it); `None`
/// for URLs, anchors, absolute paths and paths leaving the folder.
fn inside(folder: &Path, written: &str) -> Option<PathBuf> {
    let rel = written
        .strip_prefix("${CLAUDE_SKILL_DIR}/")
        .unwrap_or(written);
    if rel.is_empty() || rel.contains("://") || rel.starts_with(['/', '~', '#', '$']) {
        return None;
    }
    let mut depth = 0usize;
    let mut out = folder.to_path_buf();
    for c in Path::new(rel).components() {
        match c {
            Component::Normal(n) => {
                depth += 1;
                out.push(n);
            }
            Component::CurDir => {}
            Component::ParentDir => {
                depth = depth.checked_sub(1)?;
                out.pop();
            }
            _ => return None,
        }
    }
    (depth > 0).then_some(out)
}

/// A skill body's references to files: markdown link targets, and paths
/// (backticked, `@`, or bare) under the usual skill folders or `./`.
fn skill_mentions(text: &str, body: Range<usize>) -> Vec<(String, Range<usize>)> {
    let mut out: Vec<(String, Range<usize>)> = Vec::new();
    let mut refs = Vec::new();
    for (start, line) in prose_lines(text, body) {
        // A link has `](`, and every other mention kept has a `/` (see
        // `own_file`): a line with neither names no file. Most lines.
        let bytes = line.as_bytes();
        if memchr::memchr(b'/', bytes).is_none() && memchr::memmem::find(bytes, b"](").is_none() {
            continue;
        }
        let spans = code_spans(line);
        for r in link_targets(line, &spans) {
            out.push((line[r.clone()].to_string(), start + r.start..start + r.end));
        }
        for (r, word) in bare_words(line, &spans) {
            if own_file(word) && names_a_file(word) {
                out.push((word.to_string(), start + r.start..start + r.end));
            }
        }
        line_file_refs(start, line, &spans, &mut refs);
    }
    // After the links and words, as `file_refs` over the body would add
    // them: the sort is stable and the first of a start is kept.
    refs.sort_by_key(|r| r.range.start);
    for r in refs {
        if own_file(&r.path) {
            out.push((r.path, r.range));
        }
    }
    out.sort_by_key(|(_, r)| r.start);
    out.dedup_by_key(|(_, r)| r.start);
    out
}

/// Written the way a skill names its own files.
fn own_file(path: &str) -> bool {
    let rel = path
        .strip_prefix("${CLAUDE_SKILL_DIR}/")
        .or_else(|| path.strip_prefix("./"));
    match rel {
        Some(rel) => looks_like_path(rel),
        // The folder first: it rules out nearly every word of the prose
        // cheaply (this runs on every keystroke in a skill).
        None => {
            path.split_once('/')
                .is_some_and(|(first, rest)| SKILL_FOLDERS.contains(&first) && !rest.is_empty())
                && looks_like_path(path)
        }
    }
}

/// A bare word of prose names a file or a folder only with an extension or
/// a closing `/`: "links to assets/code" and "a references/citations
/// section" use the slash as "or" (seen in OpenAI's published skills).
/// `./` and `${CLAUDE_SKILL_DIR}/` say "path" on their own.
fn names_a_file(word: &str) -> bool {
    word.starts_with("./")
        || word.starts_with("${CLAUDE_SKILL_DIR}/")
        || word.ends_with('/')
        || word.rsplit('/').next().is_some_and(|last| {
            last.rsplit_once('.')
                .is_some_and(|(stem, ext)| !stem.is_empty() && !ext.is_empty())
        })
}

/// `[text](target)` outside code spans: the target's range, without a
/// `#fragment`, `<…>` or a title; URLs and pure anchors left out.
fn link_targets(line: &str, spans: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = line[from..].find("](") {
        let open = from + i + 2;
        from = open;
        if spans.iter().any(|s| s.contains(&open)) {
            continue;
        }
        let Some(len) = line[open..].find(')') else {
            break;
        };
        let mut target = open..open + len;
        let raw = &line[target.clone()];
        let lead = raw.len() - raw.trim_start().len();
        target.start += lead;
        let raw = &line[target.clone()];
        let raw = raw.split_whitespace().next().unwrap_or("");
        target.end = target.start + raw.len();
        if raw.starts_with('<') && raw.ends_with('>') && raw.len() >= 2 {
            target = target.start + 1..target.end - 1;
        }
        let raw = &line[target.clone()];
        if let Some(cut) = raw.find(['#', '?']) {
            target.end = target.start + cut;
        }
        let raw = &line[target.clone()];
        if !raw.is_empty() && !raw.contains("://") && !raw.contains(':') && !raw.contains('%') {
            out.push(target);
        }
    }
    out
}

/// Words of the line outside code spans, punctuation around them trimmed.
fn bare_words<'l>(line: &'l str, spans: &[Range<usize>]) -> Vec<(Range<usize>, &'l str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for word in line.split(' ') {
        let start = at;
        at += word.len() + 1;
        if spans
            .iter()
            .any(|s| s.start < start + word.len() && start < s.end)
        {
            continue;
        }
        let trimmed = word.trim_start_matches(['(', '"', '\'', '*', '_', '[']);
        let lead = word.len() - trimmed.len();
        let trimmed =
            trimmed.trim_end_matches(['.', ',', ';', ':', ')', '"', '\'', '*', '_', '!', '?', ']']);
        if !trimmed.is_empty() && !trimmed.starts_with('@') {
            out.push((start + lead..start + lead + trimmed.len(), trimmed));
        }
    }
    out
}

/// A command's `@path` includes outside code spans.
fn includes(text: &str, body: Range<usize>) -> Vec<(String, Range<usize>)> {
    file_refs(text, body)
        .into_iter()
        .filter(|r| {
            let before = text.get(..r.range.start).unwrap_or("");
            before.ends_with('@') && !before[..before.len() - 1].ends_with('`')
        })
        .map(|r| (r.path, r.range))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(text: &str, path: &str) -> Vec<String> {
        file_mentions(text, Path::new(path), 0..text.len())
            .into_iter()
            .map(|m| format!("{} -> {}", &text[m.range.clone()], m.resolved.display()))
            .collect()
    }

    #[test]
    fn a_skill_names_its_own_files() {
        let text = "See [the guide](reference.md#top) and [site](https://x.y/z.md).\n\
                    Run scripts/run.sh, then `templates/a.txt` and ./notes.md.\n\
                    Our package.json and README.md are the project's.\n\
                    [up](../other/x.md) [deep](a/../../x.md) [ok](<docs/my.md> \"t\")\n\
                    ```\nscripts/in-code.sh\n```\n";
        assert_eq!(
            written(text, "p/.claude/skills/s/SKILL.md"),
            [
                "reference.md -> p/.claude/skills/s/reference.md",
                "scripts/run.sh -> p/.claude/skills/s/scripts/run.sh",
                "templates/a.txt -> p/.claude/skills/s/templates/a.txt",
                "./notes.md -> p/.claude/skills/s/notes.md",
                "docs/my.md -> p/.claude/skills/s/docs/my.md",
            ]
        );
    }

    #[test]
    fn a_slash_in_prose_names_a_file_only_with_an_extension_or_a_closing_slash() {
        let text = "Capture links to assets/code and a references/citations section.\n\
                    Keep scripts/run.sh, assets/tpl/ and ./data/raw; `scripts/tool` too.\n";
        assert_eq!(
            written(text, "p/.agents/skills/s/SKILL.md"),
            [
                "scripts/run.sh -> p/.agents/skills/s/scripts/run.sh",
                "assets/tpl/ -> p/.agents/skills/s/assets/tpl",
                "./data/raw -> p/.agents/skills/s/data/raw",
                "scripts/tool -> p/.agents/skills/s/scripts/tool",
            ]
        );
    }

    #[test]
    fn a_command_includes_from_its_project() {
        let text = "Review @src/main.rs and @~/x.md, not `@code/span.rs` nor me@x.\n";
        assert_eq!(
            written(text, "p/.claude/commands/git/review.md"),
            ["src/main.rs -> p/src/main.rs"]
        );
    }

    #[test]
    fn only_missing_files_are_reported() {
        let text = "[a](a.md) [b](b.md)\n";
        let path = Path::new("s/skills/x/SKILL.md");
        let found = missing_files(text, path, 0..text.len(), &|p| p.ends_with("a.md"));
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].range.clone()], "b.md");
        assert_eq!(found[0].code, codes::SKILL_FILE_MISSING);
    }
}

//! Hover on the front-matter keys of Copilot prompt files and instructions,
//! Cursor rules and Codex prompts, from `catalog/host-files.toml`. The keys
//! are found line by line: Cursor's front matter is not YAML.

use super::card::{HoverInfo, within};
use crate::catalog::{HostFileKeys, host_files_catalog};
use crate::parse::lines::key_lines;
use crate::{Analysis, FileKind, HostFile};

fn keys_of(kind: &FileKind) -> Option<&'static HostFileKeys> {
    let c = host_files_catalog();
    match kind {
        FileKind::Host(HostFile::CopilotPrompt) => Some(&c.copilot_prompt),
        FileKind::Host(HostFile::CopilotInstructions) => Some(&c.copilot_instructions),
        FileKind::Host(HostFile::CursorRule) => Some(&c.cursor_rule),
        FileKind::Host(HostFile::CodexPrompt) => Some(&c.codex_prompt),
        _ => None,
    }
}

/// The card for the key under byte `offset`; `None` elsewhere, for keys
/// the catalog does not know, and for other kinds.
pub fn host_file_hover(text: &str, analysis: &Analysis, offset: usize) -> Option<HoverInfo> {
    let keys = keys_of(&analysis.kind)?;
    let FileKind::Host(host) = analysis.kind else {
        return None;
    };
    let line = key_lines(text)
        .into_iter()
        .find(|l| within(&l.key, offset))?;
    let key = keys.key(text.get(line.key.clone())?)?;
    Some(HoverInfo {
        range: line.key,
        markdown: format!("**`{}`** ({})\n\n{}", key.name, host.host(), key.summary),
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::analyze;

    fn hover_at(path: &str, text: &str, needle: &str) -> Option<HoverInfo> {
        let a = analyze(text, Some(Path::new(path)));
        host_file_hover(text, &a, text.find(needle)? + 1)
    }

    #[test]
    fn keys_get_their_hosts_card() {
        let cursor = "---\nglobs: src/**/*.ts, src/**/*.tsx\nbogus: 1\n---\nBody.\n";
        let h = hover_at("/ws/.cursor/rules/ts.mdc", cursor, "globs").unwrap();
        assert!(
            h.markdown.starts_with("**`globs`** (Cursor)"),
            "{}",
            h.markdown
        );
        assert_eq!(&cursor[h.range], "globs");
        assert!(hover_at("/ws/.cursor/rules/ts.mdc", cursor, "bogus").is_none());
        let prompt = "---\nagent: ask\n---\nBody.\n";
        let h = hover_at("/ws/.github/prompts/a.prompt.md", prompt, "agent").unwrap();
        assert!(h.markdown.contains("GitHub Copilot"), "{}", h.markdown);
        let codex = "---\nargument-hint: FILE=<path>\n---\n$FILE\n";
        assert!(hover_at("/ws/.codex/prompts/a.md", codex, "argument-hint").is_some());
        // Not these files: nothing.
        assert!(hover_at("/ws/.claude/rules/a.md", cursor, "globs").is_none());
    }
}

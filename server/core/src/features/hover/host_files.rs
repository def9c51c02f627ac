//! Hover on the front-matter keys of Copilot prompt files and instructions,
//! OpenCode agents, Cursor rules, Gemini CLI subagents and Codex prompts,
//! from `catalog/host-files.toml`. The keys are found line by line:
//! Cursor's front matter is not YAML. Copilot agents and chat modes have
//! their own cards ([`super::copilot`]).

use super::card::{HoverInfo, within};
use crate::features::complete::host_keys::{HostKey, host_view};
use crate::parse::lines::key_lines;
use crate::{Analysis, FileKind, HostFile};

/// The card for the key under byte `offset`; `None` elsewhere, for keys
/// the catalog does not know, and for other kinds.
pub fn host_file_hover(text: &str, analysis: &Analysis, offset: usize) -> Option<HoverInfo> {
    let FileKind::Host(host) = analysis.kind else {
        return None;
    };
    if matches!(host, HostFile::CopilotAgent | HostFile::CopilotChatMode) {
        return None;
    }
    let view = host_view(host);
    let line = key_lines(text)
        .into_iter()
        .find(|l| within(&l.key, offset))?;
    let name = text.get(line.key.clone())?;
    let markdown = match view.key(name) {
        Some(key) => key_card(key, host),
        // An older or another host's spelling: say which key is read.
        None => {
            let to = view.files?.renamed.get(name)?;
            let key = view.key(to)?;
            format!(
                "**`{name}`** ({})\n\n`{to}` is the name {} documents for this key.\n\n{}",
                host.host(),
                host.host(),
                key.summary
            )
        }
    };
    Some(HoverInfo {
        range: line.key,
        markdown,
    })
}

fn key_card(key: &HostKey, host: HostFile) -> String {
    let mut md = format!("**`{}`** ({})\n\n{}", key.name, host.host(), key.summary);
    if !key.values.is_empty() {
        let list: Vec<String> = key.values.iter().map(|v| format!("`{v}`")).collect();
        let label = if key.open { "Common values" } else { "Values" };
        md.push_str(&format!("\n\n{label}: {}", list.join(", ")));
    }
    md
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
        let opencode = "---\nmode: subagent\n---\nBody.\n";
        let h = hover_at("/ws/.opencode/agents/a.md", opencode, "mode").unwrap();
        assert!(
            h.markdown.starts_with("**`mode`** (OpenCode)"),
            "{}",
            h.markdown
        );
        assert!(
            h.markdown.contains("`subagent`, `primary`, `all`"),
            "{}",
            h.markdown
        );
        let gemini = "---\nmax_turns: 5\n---\nBody.\n";
        let h = hover_at("/ws/.gemini/agents/a.md", gemini, "max_turns").unwrap();
        assert!(
            h.markdown.starts_with("**`max_turns`** (Gemini CLI)"),
            "{}",
            h.markdown
        );
        // Not these files: nothing.
        assert!(hover_at("/ws/.claude/rules/a.md", cursor, "globs").is_none());
    }
}

//! Converting an agent of one host into another host's form: Claude Code
//! (`.claude/agents/`), GitHub Copilot (`.github/agents/*.agent.md`),
//! OpenCode (`.opencode/agents/`) and Gemini CLI (`.gemini/agents/`).
//!
//! Pure: text and path in, the new file's place (relative to the project
//! root) and text out. [`read`] turns the source's front matter into one
//! description of the agent ([`Agent`]), [`write`] writes it the way the
//! target reads it, tool names through `catalog/convert.toml`. What the
//! target cannot hold is listed in a YAML comment at the end of the new
//! front matter, never dropped silently. The body is kept as it is.

mod host;
mod read;
mod tools;
mod write;
mod yaml_out;

use std::path::{Path, PathBuf};

use crate::kind::{FileKind, HostFile, classify};

pub use host::{Converted, Host, Lost, Refusal, slug};

/// The file at `path` (any form: only its place is read, never the disk),
/// holding `text`, as an agent of `to`.
pub fn convert(text: &str, path: &Path, to: Host) -> Result<Converted, Refusal> {
    let from = Host::of(&classify(path)).ok_or(Refusal::NotAnAgent)?;
    let chat_mode = classify(path) == FileKind::Host(HostFile::CopilotChatMode);
    if from == to && !chat_mode {
        return Err(Refusal::SameHost(to));
    }
    let agent = read::read(text, from, &stem(path))?;
    if chat_mode && to == Host::Copilot {
        // A chat mode is a custom agent under its former name: same
        // fields, new place.
        return Ok(Converted {
            path: to.agent_path(&slug(&agent.name)),
            text: text.to_string(),
            lost: Vec::new(),
        });
    }
    Ok(write::write(&agent, to))
}

/// The file name less the extensions that only say the kind
/// (`x.agent.md`, `x.chatmode.md`).
fn stem(path: &Path) -> String {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("agent");
    [".agent.md", ".chatmode.md", ".md", ".mdc"]
        .iter()
        .find_map(|ext| name.strip_suffix(ext))
        .unwrap_or(name)
        .to_string()
}

/// The project an agent file belongs to: the folder holding its host's
/// folder (`.claude`, `.github`, `.opencode`, `.gemini`), the innermost
/// one. `None` for a file outside them (a plugin's agent, the user's
/// `~/.config/opencode`).
pub fn project_root(path: &Path) -> Option<PathBuf> {
    let hosts = [".claude", ".github", ".opencode", ".gemini"];
    path.ancestors()
        .skip(1)
        .find(|a| {
            a.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| hosts.contains(&n))
        })
        .and_then(Path::parent)
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_roots_and_stems() {
        assert_eq!(slug("Code Reviewer"), "code-reviewer");
        assert_eq!(slug("  test_runner!! "), "test-runner");
        assert_eq!(slug("???"), "agent");
        assert_eq!(
            project_root(Path::new("/p/.claude/agents/x.md")),
            Some(PathBuf::from("/p"))
        );
        assert_eq!(
            project_root(Path::new("/p/.github/agents/x.agent.md")),
            Some(PathBuf::from("/p"))
        );
        assert_eq!(project_root(Path::new("/p/plugin/agents/x.md")), None);
        assert_eq!(stem(Path::new("/p/.github/agents/x.agent.md")), "x");
        assert_eq!(stem(Path::new("/p/.github/chatmodes/y.chatmode.md")), "y");
    }

    #[test]
    fn no_tools_stays_no_tools() {
        let oc = "---\ndescription: Talks.\npermission: deny\n---\nTalk.\n";
        let path = Path::new("/p/.opencode/agents/talker.md");
        let claude = convert(oc, path, Host::ClaudeCode).unwrap();
        assert!(claude.text.contains("\ntools:\n"), "{}", claude.text);
        let copilot = convert(oc, path, Host::Copilot).unwrap();
        assert!(copilot.text.contains("\ntools: []\n"), "{}", copilot.text);
        let gemini = convert(
            &claude.text,
            Path::new("/p/.claude/agents/talker.md"),
            Host::Gemini,
        );
        assert!(gemini.unwrap().text.contains("\ntools: []\n"));
    }

    #[test]
    fn refusals() {
        let ok = "---\nname: a\ndescription: Does a.\n---\nBody\n";
        let claude = Path::new("/p/.claude/agents/a.md");
        assert_eq!(
            convert(ok, Path::new("/p/README.md"), Host::Copilot),
            Err(Refusal::NotAnAgent)
        );
        assert_eq!(
            convert(ok, claude, Host::ClaudeCode),
            Err(Refusal::SameHost(Host::ClaudeCode))
        );
        assert_eq!(
            convert("Body only\n", claude, Host::Copilot),
            Err(Refusal::NoFrontMatter)
        );
        assert_eq!(
            convert("---\nname: a\n---\nBody\n", claude, Host::Copilot),
            Err(Refusal::NoDescription)
        );
        assert_eq!(
            convert(
                "---\nname: a\ndescription: \"never closed\n---\nBody\n",
                claude,
                Host::Copilot
            ),
            Err(Refusal::Unreadable)
        );
    }
}

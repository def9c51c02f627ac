//! Other hosts' files, each judged by what its own host does with it, never
//! by Claude Code's rules: GitHub Copilot custom agents and chat modes
//! ([`copilot`]), OpenCode agents ([`opencode`]), Gemini CLI subagents
//! ([`gemini`]). The other kinds (Copilot prompts and instructions, Cursor
//! rules, Codex prompts) are classified and get no findings yet: silent
//! beats wrong.

mod copilot;
mod gemini;
mod opencode;

use crate::diagnostic::Diagnostic;
use crate::kind::HostFile;
use crate::parse::frontmatter::FrontMatter;
use crate::parse::split::Split;

/// Every rule of `host`'s files. `fm` is the front matter when `split`
/// found one.
pub fn check(
    text: &str,
    host: HostFile,
    split: &Split,
    fm: Option<&FrontMatter>,
    out: &mut Vec<Diagnostic>,
) {
    match host {
        HostFile::CopilotAgent => copilot::check(text, false, split, fm, out),
        HostFile::CopilotChatMode => copilot::check(text, true, split, fm, out),
        HostFile::OpenCodeAgent => opencode::check(text, fm, out),
        HostFile::GeminiAgent => gemini::check(text, split, fm, out),
        HostFile::CopilotPrompt
        | HostFile::CopilotInstructions
        | HostFile::CursorRule
        | HostFile::CodexPrompt => {}
    }
}

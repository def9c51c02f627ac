//! Other hosts' files, each judged by what its own host does with it, never
//! by Claude Code's rules: GitHub Copilot custom agents and chat modes
//! ([`copilot`]), OpenCode agents ([`opencode`]), Gemini CLI subagents
//! ([`gemini`]); Copilot prompt files and instructions ([`copilot_files`]),
//! Cursor rules ([`cursor`]) and Codex prompts ([`codex`]); Windsurf rules
//! ([`windsurf`]) and Kiro steering files ([`kiro`]). Skills where Codex
//! reads them are skills still, with what Codex skips added
//! ([`codex_skills`]).

mod codex;
pub mod codex_skills;
mod copilot;
mod copilot_files;
mod cursor;
mod gemini;
mod kiro;
mod opencode;
mod windsurf;

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
        HostFile::CopilotPrompt => copilot_files::check_prompt(text, split, fm, out),
        HostFile::CopilotInstructions => copilot_files::check_instructions(text, split, fm, out),
        HostFile::CursorRule => cursor::check(text, split, out),
        HostFile::CodexPrompt => codex::check(text, split, out),
        HostFile::WindsurfRule => windsurf::check(text, split, out),
        // What Windsurf reads in a workflow's front matter is not documented.
        HostFile::WindsurfWorkflow => {}
        HostFile::KiroSteering => kiro::check(text, split, out),
    }
}

//! `textDocument/semanticTokens/full` for the front matter.
//!
//! Legend (indices are what the client receives):
//! - types: `property` (keys), `function` (tool names in `tools` and
//!   `disallowedTools`, or a skill's `allowed-tools`), `enumMember` (values
//!   of color, model, permissionMode, effort, memory, isolation, background;
//!   a skill's enums and booleans), `variable` (what a skill's or command's
//!   body substitutes: `$ARGUMENTS`, `$0`, a declared `$name`,
//!   `${CLAUDE_…}`), `macro` (`` !`cmd` `` and ```` ```! ```` lines).
//! - modifiers: `deprecated` (standard, struck through by most themes) on
//!   anything Claude Code drops, ignores or has renamed: unknown keys, legacy
//!   and unknown tool names, invalid values; `unknown` (custom) additionally
//!   on names the catalog has never heard of, so a theme can tell a typo from
//!   a legacy name. In another host's file (Copilot, OpenCode, Cursor, Gemini
//!   CLI, Codex) the same marks say what that host does not read
//!   ([`agentls_core::host_tokens`]).
//!
//! Which token is what, and whether it is valid, is the core's
//! ([`agentls_core::tokens`]); this module only encodes.

use tower_lsp_server::ls_types::{
    SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens, SemanticTokensLegend,
};

use super::View;
use agentls_core::FileKind;
use agentls_core::catalog::Applies;
use agentls_core::host_tokens::host_tokens;
use agentls_core::memory_tokens::memory_tokens;
use agentls_core::skill_tokens::skill_tokens;
use agentls_core::tokens::{self, Token, TokenKind};

const PROPERTY: u32 = 0;
const FUNCTION: u32 = 1;
const ENUM_MEMBER: u32 = 2;
const VARIABLE: u32 = 3;
const MACRO: u32 = 4;

const DEPRECATED: u32 = 1 << 0;
const UNKNOWN: u32 = 1 << 1;

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: vec![
            SemanticTokenType::PROPERTY,
            SemanticTokenType::FUNCTION,
            SemanticTokenType::ENUM_MEMBER,
            SemanticTokenType::VARIABLE,
            SemanticTokenType::MACRO,
        ],
        token_modifiers: vec![
            SemanticTokenModifier::DEPRECATED,
            SemanticTokenModifier::new("unknown"),
        ],
    }
}

pub fn semantic_tokens(view: &View) -> SemanticTokens {
    SemanticTokens {
        result_id: None,
        data: encode(view, &of_kind(view)),
    }
}

/// The tokens by the file's kind: skills, commands, output styles, rules
/// and memory have their own keys.
fn of_kind(view: &View) -> Vec<Token> {
    match view.kind {
        FileKind::ClaudeSkill { .. } => skill_tokens(view.text, Applies::Skill),
        FileKind::ClaudeCommand { .. } => skill_tokens(view.text, Applies::Command),
        FileKind::ClaudeOutputStyle { .. } | FileKind::ClaudeRule | FileKind::ClaudeMemory => {
            memory_tokens(view.text, view.kind)
        }
        // Another host's file: that host's catalog, never Claude Code's.
        FileKind::Host(host) => host_tokens(view.text, *host),
        _ => tokens::tokens(view.text),
    }
}

/// LSP's relative encoding: each token's line and start as deltas from the
/// previous token, lengths in the negotiated encoding's units.
fn encode(view: &View, tokens: &[Token]) -> Vec<SemanticToken> {
    let mut data = Vec::with_capacity(tokens.len());
    let (mut prev_line, mut prev_start) = (0, 0);
    for t in tokens {
        let start = view.position(t.range.start);
        let end = view.position(t.range.end);
        // Tokens never span lines here; skip rather than send a bad one.
        if end.line != start.line || end.character <= start.character {
            continue;
        }
        // Deltas are unsigned: out-of-order tokens would wrap.
        if !data.is_empty() && (start.line, start.character) <= (prev_line, prev_start) {
            continue;
        }
        let delta_line = start.line - prev_line;
        let delta_start = if delta_line == 0 {
            start.character - prev_start
        } else {
            start.character
        };
        data.push(SemanticToken {
            delta_line,
            delta_start,
            length: end.character - start.character,
            token_type: match t.kind {
                TokenKind::Key => PROPERTY,
                TokenKind::Tool => FUNCTION,
                TokenKind::Value => ENUM_MEMBER,
                TokenKind::Variable => VARIABLE,
                TokenKind::Shell => MACRO,
            },
            token_modifiers_bitset: if t.deprecated { DEPRECATED } else { 0 }
                | if t.unknown { UNKNOWN } else { 0 },
        });
        prev_line = start.line;
        prev_start = start.character;
    }
    data
}

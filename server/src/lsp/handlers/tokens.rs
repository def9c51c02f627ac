//! `textDocument/semanticTokens/full` for the front matter.
//!
//! Legend (indices are what the client receives):
//! - types: `property` (keys), `function` (tool names in `tools` and
//!   `disallowedTools`), `enumMember` (values of color, model, permissionMode,
//!   effort, memory, isolation, background).
//! - modifiers: `deprecated` (standard, struck through by most themes) on
//!   anything Claude Code drops, ignores or has renamed: unknown keys, legacy
//!   and unknown tool names, invalid values; `unknown` (custom) additionally
//!   on names the catalog has never heard of, so a theme can tell a typo from
//!   a legacy name.
//!
//! Which token is what, and whether it is valid, is the core's
//! ([`agentls_core::tokens`]); this module only encodes.

use tower_lsp_server::ls_types::{
    SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens, SemanticTokensLegend,
};

use super::View;
use agentls_core::tokens::{self, Token, TokenKind};

const PROPERTY: u32 = 0;
const FUNCTION: u32 = 1;
const ENUM_MEMBER: u32 = 2;

const DEPRECATED: u32 = 1 << 0;
const UNKNOWN: u32 = 1 << 1;

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: vec![
            SemanticTokenType::PROPERTY,
            SemanticTokenType::FUNCTION,
            SemanticTokenType::ENUM_MEMBER,
        ],
        token_modifiers: vec![
            SemanticTokenModifier::DEPRECATED,
            SemanticTokenModifier::new("unknown"),
        ],
    }
}

pub fn semantic_tokens(view: &View) -> SemanticTokens {
    // The tokens mark keys Claude Code does not know: not for another
    // host's file.
    let tokens = if matches!(view.kind, agentls_core::FileKind::Host(_)) {
        Vec::new()
    } else {
        tokens::tokens(view.text)
    };
    SemanticTokens {
        result_id: None,
        data: encode(view, &tokens),
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
            },
            token_modifiers_bitset: if t.deprecated { DEPRECATED } else { 0 }
                | if t.unknown { UNKNOWN } else { 0 },
        });
        prev_line = start.line;
        prev_start = start.character;
    }
    data
}

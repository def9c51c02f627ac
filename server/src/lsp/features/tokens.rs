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
//! Built from the line scan in [`agentls_core::complete`], so highlighting
//! survives YAML that does not parse.

use std::ops::Range;

use tower_lsp_server::ls_types::{
    SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens, SemanticTokensLegend,
};

use super::View;
use agentls_core::catalog::{Field, FieldKind, ToolStatus, catalog};
use agentls_core::complete::{self, KeyLine};

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

/// One token before encoding: byte range, type, modifier bits.
struct Token {
    range: Range<usize>,
    kind: u32,
    modifiers: u32,
}

pub fn semantic_tokens(view: &View) -> SemanticTokens {
    let mut tokens = Vec::new();
    for kl in complete::key_lines(view.text) {
        collect(view.text, &kl, &mut tokens);
    }
    SemanticTokens {
        result_id: None,
        data: encode(view, &tokens),
    }
}

fn collect(text: &str, kl: &KeyLine, out: &mut Vec<Token>) {
    let field = catalog().field(&text[kl.key.clone()]);
    out.push(Token {
        range: kl.key.clone(),
        kind: PROPERTY,
        modifiers: if field.is_some() {
            0
        } else {
            DEPRECATED | UNKNOWN
        },
    });
    let Some(field) = field else { return };
    if field.kind == FieldKind::Tools {
        for entry in complete::list_entries(text, kl.value.clone()) {
            let name_len = text[entry.clone()].find('(').unwrap_or(entry.len());
            if name_len > 0 {
                let name = entry.start..entry.start + name_len;
                out.push(Token {
                    modifiers: tool_modifiers(&text[name.clone()]),
                    range: name,
                    kind: FUNCTION,
                });
            }
        }
        return;
    }
    if !matches!(
        field.kind,
        FieldKind::Enum | FieldKind::Bool | FieldKind::Effort | FieldKind::Model
    ) {
        return;
    }
    if let Some(range) = complete::scalar_value(text, kl) {
        out.push(Token {
            modifiers: if valid_value(field, &text[range.clone()]) {
                0
            } else {
                DEPRECATED | UNKNOWN
            },
            range,
            kind: ENUM_MEMBER,
        });
    }
}

fn tool_modifiers(name: &str) -> u32 {
    if name == "*" || name.starts_with("mcp__") {
        return 0;
    }
    match catalog().tool(name).map(|t| t.status) {
        // Optional tools exist once enabled: not marked.
        Some(ToolStatus::Current | ToolStatus::Optional) => 0,
        Some(ToolStatus::Alias | ToolStatus::Removed | ToolStatus::MainOnly) => DEPRECATED,
        None => DEPRECATED | UNKNOWN,
    }
}

fn valid_value(field: &Field, value: &str) -> bool {
    match field.kind {
        FieldKind::Bool => matches!(value, "true" | "false"),
        FieldKind::Effort => {
            field.values.iter().any(|v| v == value) || value.parse::<i64>().is_ok()
        }
        FieldKind::Model => {
            let m = &catalog().models;
            let lower = value.to_ascii_lowercase();
            m.aliases
                .iter()
                .chain(&m.keywords)
                .chain(&m.extra_aliases)
                .any(|a| *a == lower)
                || m.id_prefixes.iter().any(|p| lower.starts_with(p.as_str()))
        }
        _ => field.values.iter().any(|v| v == value),
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
            token_type: t.kind,
            token_modifiers_bitset: t.modifiers,
        });
        prev_line = start.line;
        prev_start = start.character;
    }
    data
}

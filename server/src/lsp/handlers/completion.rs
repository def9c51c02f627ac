//! `textDocument/completion` in the front matter: the core decides what to
//! offer ([`agentls_core::complete`]); this turns it into LSP items.

use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionList, CompletionResponse, CompletionTextEdit,
    Documentation, InsertTextFormat, MarkupContent, MarkupKind, Position, TextEdit,
};

use super::View;
use agentls_core::FileKind;
use agentls_core::catalog::{Applies, MemoryKind};
use agentls_core::complete::{self, Doc, Item, ItemKind, WorkspaceFacts};

/// Characters after which the client should ask for completions.
pub const TRIGGERS: &[&str] = &[":", " ", ",", "(", "[", "-", "{"];

/// Completion at `position`; names of agents, skills and MCP servers come
/// from the workspace index (`facts`). Skills and commands get their own
/// keys and values (the skill catalog), never the agents'.
pub fn complete(
    view: &View,
    position: Position,
    facts: &WorkspaceFacts,
) -> Option<CompletionResponse> {
    let offset = view.offset(position);
    let mut items = match view.kind {
        FileKind::ClaudeSkill { .. } => complete::complete_skill(view.text, offset, Applies::Skill),
        FileKind::ClaudeCommand { .. } => {
            complete::complete_skill(view.text, offset, Applies::Command)
        }
        FileKind::ClaudeOutputStyle { .. } => {
            complete::complete_memory(view.text, offset, MemoryKind::OutputStyle)
        }
        FileKind::ClaudeRule => complete::complete_memory(view.text, offset, MemoryKind::Rule),
        FileKind::ClaudeMemory => complete::complete_memory(view.text, offset, MemoryKind::Memory),
        // Another host's file: its own keys where the catalog has them,
        // never Claude Code's keys; in Copilot files the agents VS Code
        // can name (its own and `.claude/agents`).
        FileKind::Host(host) => complete::complete_host_in(view.text, offset, *host, facts),
        _ => complete::complete(view.text, offset, facts),
    };
    if items.is_empty() {
        return None;
    }
    // A workspace with thousands of agents would send megabytes per
    // keystroke: past the cap, only names containing what is typed, and
    // the client asks again as typing narrows them.
    let incomplete = items.len() > MAX_ITEMS;
    if incomplete {
        let typed = view
            .text
            .get(items[0].replace.clone())
            .unwrap_or("")
            .to_lowercase();
        items.retain(|i| i.label.to_lowercase().contains(&typed));
        items.sort_by(|a, b| a.sort.cmp(&b.sort));
        items.truncate(MAX_ITEMS);
    }
    let items = items.iter().map(|i| to_lsp(view, i)).collect();
    Some(if incomplete {
        CompletionResponse::List(CompletionList {
            is_incomplete: true,
            items,
        })
    } else {
        CompletionResponse::Array(items)
    })
}

/// Items sent at most in one reply.
const MAX_ITEMS: usize = 200;

fn to_lsp(view: &View, item: &Item) -> CompletionItem {
    let kind = match item.kind {
        ItemKind::Key => CompletionItemKind::PROPERTY,
        ItemKind::Tool => CompletionItemKind::FUNCTION,
        ItemKind::McpServer => CompletionItemKind::MODULE,
        ItemKind::Agent => CompletionItemKind::CLASS,
        ItemKind::Skill => CompletionItemKind::REFERENCE,
        ItemKind::Color => CompletionItemKind::COLOR,
        ItemKind::Value => CompletionItemKind::ENUM_MEMBER,
    };
    let documentation = match &item.documentation {
        Doc::Markdown(s) => Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value: s.clone(),
        }),
        // VS Code draws a swatch for a COLOR item whose documentation is a
        // plain hex string; markup would hide it.
        Doc::Plain(s) => Documentation::String(s.clone()),
    };
    CompletionItem {
        label: item.label.clone(),
        kind: Some(kind),
        detail: Some(item.detail.clone()),
        documentation: Some(documentation),
        sort_text: Some(item.sort.clone()),
        // Filter on the name, not on an inserted `- ` or `: ` prefix.
        filter_text: Some(item.label.clone()),
        insert_text_format: Some(if item.snippet {
            InsertTextFormat::SNIPPET
        } else {
            InsertTextFormat::PLAIN_TEXT
        }),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit {
            range: view.range(&item.replace),
            new_text: item.insert.clone(),
        })),
        ..CompletionItem::default()
    }
}

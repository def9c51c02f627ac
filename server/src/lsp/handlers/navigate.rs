//! Go to definition, find references, rename and workspace symbols for
//! agent names, over the server's workspace index.

use std::collections::HashMap;
use std::path::Path;

#[allow(deprecated)] // `SymbolInformation::deprecated` must still be spelled.
use tower_lsp_server::ls_types::{
    DocumentChangeOperation, DocumentChanges, Location, OneOf,
    OptionalVersionedTextDocumentIdentifier, Position, PrepareRenameResponse, RenameFile,
    RenameFileOptions, ResourceOp, SymbolInformation, SymbolKind, TextDocumentEdit, TextEdit, Uri,
    WorkspaceEdit,
};

use ropey::Rope;

use super::View;
use crate::lsp::convert;
use crate::lsp::index::{Entry, LiveIndex};
use crate::lsp::session::EditSupport;
use agentls_core::navigate::{self, NameSite, Site};
use agentls_core::targets::{self, Target};
use agentls_core::workspace::{Scope, mcp_json_server_range};

/// The agent-name site under the cursor; in the body, a mention naming an
/// agent the index knows is preferred.
pub fn site(v: &View, ws: Option<&LiveIndex>, position: Position) -> Option<NameSite> {
    // Claude Code's agent names mean nothing in another host's file.
    if matches!(v.kind, agentls_core::FileKind::Host(_)) {
        return None;
    }
    let known = |name: &str| ws.is_some_and(|ws| ws.index.agent(name).is_some());
    navigate::site_at(v.text, v.analysis, v.offset(position), &known)
}

/// The `name:` value of the definition that wins `name`.
pub fn definition(ws: &LiveIndex, name: &str) -> Option<Location> {
    let def = ws.index.agent(name)?;
    let entry = ws.get(&def.path)?;
    let range = navigate::unquoted(&entry.head, def.name_range.clone());
    Some(Location::new(
        entry.uri.clone()?,
        entry.range(&range, ws.encoding),
    ))
}

/// Every site of `name` across the workspace, by file: `Agent(…)` entries
/// and body mentions, plus the winning declaration when asked.
fn sites<'a>(
    ws: &'a LiveIndex,
    name: &'a str,
    declaration: bool,
) -> impl Iterator<Item = (&'a Entry, Vec<tower_lsp_server::ls_types::Range>)> + 'a {
    let winner = ws.index.agent(name).map(|d| d.path.as_path());
    ws.files().iter().filter_map(move |e| {
        let ranges: Vec<_> = e
            .mentions_of(name)
            .filter(|m| {
                m.site != Site::Declaration || (declaration && winner == Some(e.path.as_path()))
            })
            .map(|m| m.range)
            .collect();
        (!ranges.is_empty()).then_some((&**e, ranges))
    })
}

pub fn references(ws: &LiveIndex, name: &str, declaration: bool) -> Vec<Location> {
    sites(ws, name, declaration)
        .flat_map(|(e, ranges)| {
            let uri = e.uri.clone();
            ranges
                .into_iter()
                .filter_map(move |r| Some(Location::new(uri.clone()?, r)))
        })
        .collect()
}

/// The range to rename, or why not.
pub fn prepare_rename(
    v: &View,
    ws: Option<&LiveIndex>,
    position: Position,
) -> Result<PrepareRenameResponse, String> {
    let s = site(v, ws, position).ok_or("not an agent name")?;
    let defined =
        ws.is_none_or(|ws| ws.index.agent(&s.name).is_some()) || s.site == Site::Declaration;
    if !defined {
        return Err(format!(
            "no agent named `{}` is defined in this workspace",
            s.name
        ));
    }
    Ok(PrepareRenameResponse::RangeWithPlaceholder {
        range: v.range(&s.range),
        placeholder: s.name,
    })
}

/// The skill or MCP server named under the cursor.
pub fn target(v: &View, position: Position) -> Option<Target> {
    if matches!(v.kind, agentls_core::FileKind::Host(_)) {
        return None;
    }
    targets::target_at(v.text, v.analysis, v.offset(position)).map(|(t, _)| t)
}

/// Where a skill or MCP server is defined: the skill's `SKILL.md`, or the
/// server's key in `.mcp.json`.
pub fn target_definition(ws: &LiveIndex, target: &Target) -> Option<Location> {
    match target {
        Target::Skill(name) => {
            // A skill wins over a command of the same name.
            let path = match ws.index.skill(name) {
                Some(skill) => &skill.path,
                None => &ws.index.commands.iter().find(|c| c.name == *name)?.path,
            };
            Some(Location::new(
                Uri::from_file_path(path)?,
                Default::default(),
            ))
        }
        Target::McpServer(name) => mcp_definitions(ws, name).next(),
    }
}

/// Document links from each `/name` in the body to the skill's `SKILL.md`
/// or the command's file it names (a skill wins over a command); names the
/// index does not know are left alone.
pub fn slash_links(view: &View, ws: &LiveIndex) -> Vec<tower_lsp_server::ls_types::DocumentLink> {
    let body = view.analysis.body.start.min(view.text.len())..view.text.len();
    agentls_core::slash::slash_mentions(view.text, body)
        .into_iter()
        .take(MAX_SLASH_LINKS)
        .filter_map(|(name, range)| {
            let to = target_definition(ws, &Target::Skill(name))?;
            // The `/` too, as the mention is written.
            let range = range.start.saturating_sub(1)..range.end;
            Some(tower_lsp_server::ls_types::DocumentLink {
                range: view.range(&range),
                target: Some(to.uri),
                tooltip: None,
                data: None,
            })
        })
        .collect()
}

/// `/name` links per document: each is a lookup in the index.
const MAX_SLASH_LINKS: usize = 500;

/// The key of `name` in each `.mcp.json` that configures it.
fn mcp_definitions<'a>(ws: &'a LiveIndex, name: &'a str) -> impl Iterator<Item = Location> + 'a {
    // Only servers the index knows: a half-typed `.mcp.json` is not a
    // definition.
    let known = ws.index.mcp_servers.iter().any(|s| s == name);
    ws.mcp_json()
        .iter()
        .filter(move |_| known)
        .filter_map(move |(path, json)| {
            let range = mcp_json_server_range(json, name)?;
            let rope = Rope::from_str(json);
            Some(Location::new(
                Uri::from_file_path(path)?,
                convert::range(&rope, &range, ws.encoding),
            ))
        })
}

/// Every agent's `skills:` entry naming the skill, or `tools` entry using
/// the server; the definition too when asked.
pub fn target_references(ws: &LiveIndex, target: &Target, declaration: bool) -> Vec<Location> {
    let mut out: Vec<Location> = Vec::new();
    if declaration {
        out.extend(target_definition(ws, target));
        if let Target::McpServer(name) = target {
            out.extend(mcp_definitions(ws, name).skip(1));
        }
    }
    for e in ws.files() {
        let Some(uri) = &e.uri else { continue };
        if let Target::Skill(name) = target {
            out.extend(
                e.skill_refs_of(name)
                    .map(|m| Location::new(uri.clone(), m.range)),
            );
        }
        let Some(agent) = e.agent() else {
            continue;
        };
        let ranges: Vec<std::ops::Range<usize>> = match target {
            Target::Skill(name) => agent
                .refs
                .skills
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, r)| navigate::unquoted(&e.head, r.clone()))
                .collect(),
            Target::McpServer(name) => agent
                .refs
                .tools
                .iter()
                .filter(|t| t.mcp_server() == Some(name.as_str()))
                .filter_map(|t| t.mcp_server_range())
                .collect(),
        };
        out.extend(
            ranges
                .iter()
                .filter(|r| e.head.get((*r).clone()).is_some())
                .map(|r| Location::new(uri.clone(), e.range(r, ws.encoding))),
        );
    }
    out
}

/// One edit of every site of `name` (declaration included) to `new_name`;
/// when the winning definition's file is called `<name>.md` and the client
/// can rename files, the file follows the name.
pub fn rename(
    ws: &LiveIndex,
    name: &str,
    new_name: &str,
    support: EditSupport,
) -> Result<WorkspaceEdit, String> {
    if let Some(why) = navigate::invalid_name(new_name) {
        return Err(format!("cannot rename to `{new_name}`: {why}"));
    }
    let mut by_file: Vec<(Uri, Vec<TextEdit>)> = Vec::new();
    for (e, ranges) in sites(ws, name, true) {
        let Some(uri) = e.uri.clone() else { continue };
        let edits = ranges
            .into_iter()
            .map(|r| TextEdit::new(r, new_name.to_string()))
            .collect();
        by_file.push((uri, edits));
    }
    let file_rename = ws
        .index
        .agent(name)
        .filter(|_| support.rename_file)
        .and_then(|def| renamed_file(&def.path, name, new_name));
    let Some((old, new)) = file_rename else {
        return Ok(WorkspaceEdit {
            changes: Some(by_file.into_iter().collect::<HashMap<_, _>>()),
            ..WorkspaceEdit::default()
        });
    };
    let mut ops: Vec<DocumentChangeOperation> = by_file
        .into_iter()
        .map(|(uri, edits)| {
            DocumentChangeOperation::Edit(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            })
        })
        .collect();
    // After the text edits, which name the file by its old URI.
    ops.push(DocumentChangeOperation::Op(ResourceOp::Rename(
        RenameFile {
            old_uri: old,
            new_uri: new,
            options: Some(RenameFileOptions {
                overwrite: Some(false),
                ignore_if_exists: Some(false),
            }),
            annotation_id: None,
        },
    )));
    Ok(WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(ops)),
        ..WorkspaceEdit::default()
    })
}

/// `<dir>/<old>.md` → `<dir>/<new>.md`, when the file is named after the
/// agent and nothing is in the way.
fn renamed_file(path: &Path, old: &str, new: &str) -> Option<(Uri, Uri)> {
    let stem = path.file_stem()?.to_str()?;
    if stem != old || new.contains(['/', '\\']) {
        return None;
    }
    let target = path.with_file_name(format!("{new}.md"));
    if target.exists() {
        return None;
    }
    Some((Uri::from_file_path(path)?, Uri::from_file_path(&target)?))
}

fn scope_name(scope: &Scope) -> String {
    match scope {
        Scope::Project { .. } => "project".into(),
        Scope::User => "user".into(),
        Scope::Plugin { plugin } => format!("plugin {plugin}"),
    }
}

/// Agents, skills and commands whose name contains `query` (any case).
#[allow(deprecated)] // `SymbolInformation::deprecated` must still be spelled.
pub fn symbols(ws: &LiveIndex, query: &str) -> Vec<SymbolInformation> {
    let query = query.to_lowercase();
    let matches = |name: &str| name.to_lowercase().contains(&query);
    let symbol = |name: &str, kind, location: Location, container: String| SymbolInformation {
        name: name.to_string(),
        kind,
        tags: None,
        deprecated: None,
        location,
        container_name: Some(container),
    };
    let mut out = Vec::new();
    for a in ws.index.agents.iter().filter(|a| matches(&a.name)) {
        let Some(entry) = ws.get(&a.path) else {
            continue;
        };
        let range = navigate::unquoted(&entry.head, a.name_range.clone());
        let Some(uri) = entry.uri.clone() else {
            continue;
        };
        let loc = Location::new(uri, entry.range(&range, ws.encoding));
        let what = match a.scope {
            Scope::Plugin { .. } => "Claude Code plugin agent",
            _ => "Claude Code agent",
        };
        let mut container = format!("{what} · {}", scope_name(&a.scope));
        if !a.description.is_empty() {
            container = format!("{container} · {}", a.description);
        }
        out.push(symbol(&a.name, SymbolKind::CLASS, loc, container));
    }
    for a in ws.index.host_agents.iter().filter(|a| matches(&a.name)) {
        let Some(entry) = ws.get(&a.path) else {
            continue;
        };
        let Some(uri) = entry.uri.clone() else {
            continue;
        };
        let range = a.name_range.as_ref().map(|r| entry.range(r, ws.encoding));
        let loc = Location::new(uri, range.unwrap_or_default());
        let mut container = a.label().to_string();
        if !a.description.is_empty() {
            container = format!("{container} · {}", a.description);
        }
        out.push(symbol(&a.name, SymbolKind::CLASS, loc, container));
    }
    let start = |path: &Path| {
        Some(Location::new(
            Uri::from_file_path(path)?,
            Default::default(),
        ))
    };
    for s in ws.index.skills.iter().filter(|s| matches(&s.name)) {
        if let Some(loc) = start(&s.path) {
            out.push(symbol(
                &s.name,
                SymbolKind::FUNCTION,
                loc,
                format!("Claude Code skill · {}", scope_name(&s.scope)),
            ));
        }
    }
    for c in ws.index.commands.iter().filter(|c| matches(&c.name)) {
        if let Some(loc) = start(&c.path) {
            out.push(symbol(
                &c.name,
                SymbolKind::EVENT,
                loc,
                format!("Claude Code command · {}", scope_name(&c.scope)),
            ));
        }
    }
    out
}

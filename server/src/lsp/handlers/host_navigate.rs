//! Go to definition, find references and rename for the agents a Copilot
//! agent names: `handoffs[].agent`, `agents:` entries and its own `name:`.
//! A name resolves to the Copilot agent (or chat mode) of that name, else
//! to the Claude Code agent VS Code also reads; a Claude Code agent's own
//! references and rename (handlers::navigate) take these entries along.

use std::ops::Range;
use std::path::Path;

use tower_lsp_server::ls_types::{
    DocumentChangeOperation, DocumentChanges, Location, OneOf,
    OptionalVersionedTextDocumentIdentifier, Position, PrepareRenameResponse, RenameFile,
    RenameFileOptions, ResourceOp, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

use super::View;
use crate::lsp::index::LiveIndex;
use crate::lsp::session::EditSupport;
use agentls_core::navigate;
use agentls_core::workspace::{self, Def, HostAgentDef, WorkspaceFile};
use agentls_core::{FileKind, HostFile};

/// The agent name under the cursor in a Copilot agent file, with its range.
pub fn site(v: &View, _: Option<&LiveIndex>, position: Position) -> Option<(String, Range<usize>)> {
    let def = copilot_def(v)?;
    let offset = v.offset(position);
    if let Some(r) = def.name_range.clone().filter(|r| within(r, offset)) {
        return Some((def.name, r));
    }
    named_in(def, offset)
}

/// The agent a Copilot agent names under the cursor (a `handoffs[].agent`
/// value or an `agents:` entry; not its own `name:`), with its range.
pub fn named_at(v: &View, position: Position) -> Option<(String, Range<usize>)> {
    named_in(copilot_def(v)?, v.offset(position))
}

fn within(r: &Range<usize>, offset: usize) -> bool {
    r.start <= offset && offset <= r.end
}

fn named_in(def: HostAgentDef, offset: usize) -> Option<(String, Range<usize>)> {
    def.names
        .into_iter()
        .find(|n| within(&n.range, offset))
        .map(|n| (n.name, n.range))
}

/// What the Copilot agent (or chat mode) open in `v` defines.
fn copilot_def(v: &View) -> Option<HostAgentDef> {
    if !matches!(
        v.kind,
        FileKind::Host(HostFile::CopilotAgent | HostFile::CopilotChatMode)
    ) {
        return None;
    }
    let file = WorkspaceFile {
        path: v.path.to_path_buf(),
        text: v.text.into(),
        scope: workspace::Scope::Project { depth: 0 },
    };
    match workspace::def(&file, None) {
        Some(Def::HostAgent(def)) => Some(def),
        _ => None,
    }
}

/// The Copilot agent `name` resolves to, when one has it.
fn copilot<'a>(ws: &'a LiveIndex, name: &str) -> Option<&'a HostAgentDef> {
    ws.index.copilot_agent(name)
}

/// Where `name` is defined: the Copilot agent's `name:` value (or its
/// file's start, when the file names it), else the Claude Code agent's.
pub fn definition(ws: &LiveIndex, name: &str) -> Option<Location> {
    let Some(def) = copilot(ws, name) else {
        return super::navigate::definition(ws, name);
    };
    let entry = ws.get(&def.path)?;
    let range = def
        .name_range
        .as_ref()
        .map(|r| entry.range(r, ws.encoding))
        .unwrap_or_default();
    Some(Location::new(entry.uri.clone()?, range))
}

/// Every Copilot agent's entry naming `name`, by file, as LSP ranges.
fn entries<'a>(
    ws: &'a LiveIndex,
    name: &'a str,
) -> impl Iterator<Item = (Uri, Vec<tower_lsp_server::ls_types::Range>)> + 'a {
    ws.files().iter().filter_map(move |e| {
        let def = e.host_agent().filter(|d| d.is_copilot())?;
        let ranges: Vec<_> = def
            .names
            .iter()
            .filter(|n| n.name == name && e.head.get(n.range.clone()).is_some())
            .map(|n| e.range(&n.range, ws.encoding))
            .collect();
        (!ranges.is_empty())
            .then(|| Some((e.uri.clone()?, ranges)))
            .flatten()
    })
}

/// The Copilot entries naming the Claude Code agent `name` (no Copilot
/// agent takes the name first), for that agent's own references.
pub fn claude_agent_entries(ws: &LiveIndex, name: &str) -> Vec<Location> {
    if copilot(ws, name).is_some() {
        return Vec::new();
    }
    entries(ws, name)
        .flat_map(|(uri, ranges)| {
            ranges
                .into_iter()
                .map(move |r| Location::new(uri.clone(), r))
        })
        .collect()
}

/// Every entry naming `name`; the definition too when asked. A name that
/// resolves to a Claude Code agent brings that agent's references.
pub fn references(ws: &LiveIndex, name: &str, declaration: bool) -> Vec<Location> {
    if copilot(ws, name).is_none() && ws.index.agent(name).is_some() {
        let mut out = super::navigate::references(ws, name, declaration);
        out.extend(claude_agent_entries(ws, name));
        return out;
    }
    let mut out: Vec<Location> = Vec::new();
    if declaration {
        out.extend(definition(ws, name));
    }
    out.extend(entries(ws, name).flat_map(|(uri, ranges)| {
        ranges
            .into_iter()
            .map(move |r| Location::new(uri.clone(), r))
    }));
    out
}

/// The range to rename, or why not.
pub fn prepare(
    v: &View,
    ws: Option<&LiveIndex>,
    position: Position,
) -> Option<Result<PrepareRenameResponse, String>> {
    let (name, range) = site(v, ws, position)?;
    let known = ws.is_none_or(|ws| copilot(ws, &name).is_some() || ws.index.agent(&name).is_some());
    Some(if known {
        Ok(PrepareRenameResponse::RangeWithPlaceholder {
            range: v.range(&range),
            placeholder: name,
        })
    } else {
        Err(format!(
            "no agent named `{name}` is defined in this workspace"
        ))
    })
}

/// Rename the agent `name` everywhere it is named: the Copilot agent's
/// `name:` (or its file, when the file names it), every entry naming it;
/// for a Claude Code agent, its own rename plus the Copilot entries.
pub fn rename(
    ws: &LiveIndex,
    name: &str,
    new_name: &str,
    support: EditSupport,
) -> Result<WorkspaceEdit, String> {
    if let Some(why) = navigate::invalid_name(new_name) {
        return Err(format!("cannot rename to `{new_name}`: {why}"));
    }
    let Some(def) = copilot(ws, name) else {
        if ws.index.agent(name).is_none() {
            return Err(format!(
                "no agent named `{name}` is defined in this workspace"
            ));
        }
        let mut edit = super::navigate::rename(ws, name, new_name, support)?;
        add_entries(ws, name, new_name, &mut edit);
        return Ok(edit);
    };
    let mut by_file: Vec<(Uri, Vec<TextEdit>)> = Vec::new();
    if let Some(r) = &def.name_range {
        let entry = ws.get(&def.path).ok_or("the agent's file is not indexed")?;
        let uri = entry.uri.clone().ok_or("the agent's file has no URI")?;
        by_file.push((
            uri,
            vec![TextEdit::new(entry.range(r, ws.encoding), new_name.into())],
        ));
    }
    let file_rename = match def.name_range {
        Some(_) => None,
        None if support.rename_file => {
            Some(renamed_file(&def.path, new_name).ok_or_else(|| {
                format!("cannot rename the file of `{name}`: the new file exists already")
            })?)
        }
        None => {
            return Err(format!(
                "`{name}` is named after its file, and this editor cannot rename files: add \
                 `name: {name}` to it first"
            ));
        }
    };
    let mut edit = WorkspaceEdit::default();
    for (uri, edits) in by_file {
        push_edits(&mut edit, uri, edits);
    }
    add_entries(ws, name, new_name, &mut edit);
    if let Some((old_uri, new_uri)) = file_rename {
        let mut ops = match edit.changes.take() {
            Some(changes) => changes
                .into_iter()
                .map(|(uri, edits)| DocumentChangeOperation::Edit(document_edit(uri, edits)))
                .collect(),
            None => Vec::new(),
        };
        // After the text edits, which name the file by its old URI.
        ops.push(DocumentChangeOperation::Op(ResourceOp::Rename(
            RenameFile {
                old_uri,
                new_uri,
                options: Some(RenameFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(false),
                }),
                annotation_id: None,
            },
        )));
        edit.document_changes = Some(DocumentChanges::Operations(ops));
    }
    Ok(edit)
}

/// Add the edits of every Copilot entry naming `name` to `edit`.
pub fn add_entries(ws: &LiveIndex, name: &str, new_name: &str, edit: &mut WorkspaceEdit) {
    for (uri, ranges) in entries(ws, name) {
        let edits = ranges
            .into_iter()
            .map(|r| TextEdit::new(r, new_name.to_string()))
            .collect();
        push_edits(edit, uri, edits);
    }
}

fn document_edit(uri: Uri, edits: Vec<TextEdit>) -> TextDocumentEdit {
    TextDocumentEdit {
        text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
        edits: edits.into_iter().map(OneOf::Left).collect(),
    }
}

/// Add `edits` of `uri` to either form of a workspace edit (text edits go
/// before a file rename, which names the file by its old URI).
fn push_edits(edit: &mut WorkspaceEdit, uri: Uri, edits: Vec<TextEdit>) {
    if let Some(DocumentChanges::Operations(ops)) = &mut edit.document_changes {
        ops.insert(0, DocumentChangeOperation::Edit(document_edit(uri, edits)));
        return;
    }
    edit.changes
        .get_or_insert_with(Default::default)
        .entry(uri)
        .or_default()
        .extend(edits);
}

/// `<dir>/<old>.agent.md` → `<dir>/<new>.agent.md` (the same suffix).
fn renamed_file(path: &Path, new: &str) -> Option<(Uri, Uri)> {
    let file = path.file_name()?.to_str()?;
    let suffix = [".agent.md", ".chatmode.md", ".md"]
        .into_iter()
        .find(|s| file.ends_with(s))?;
    if new.contains(['/', '\\']) {
        return None;
    }
    let target = path.with_file_name(format!("{new}{suffix}"));
    if target.exists() {
        return None;
    }
    Some((Uri::from_file_path(path)?, Uri::from_file_path(&target)?))
}

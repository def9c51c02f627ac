//! Rename of a skill or command. Claude Code names a skill after its folder
//! and a command after its file, so the rename moves the folder (or file)
//! with a resource operation, and edits the `name:` value and every
//! `/name`, `Skill(name)` and `skills:` entry naming it.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types::{
    DocumentChangeOperation, DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier,
    Position, PrepareRenameResponse, RenameFile, RenameFileOptions, ResourceOp, TextDocumentEdit,
    TextEdit, Uri, WorkspaceEdit,
};

use super::View;
use super::navigate::target_references;
use crate::lsp::index::LiveIndex;
use crate::lsp::session::EditSupport;
use agentls_core::targets::{self, Target};
use agentls_core::{FileKind, classify};

/// The skill or command named under the cursor: a skill's own `name:`
/// value, or a `/name`, `Skill(name)` or `skills:` entry naming a skill or
/// command the index knows (any, before the index is ready).
pub fn site(
    v: &View,
    ws: Option<&LiveIndex>,
    position: Position,
) -> Option<(String, Range<usize>)> {
    let offset = v.offset(position);
    if let FileKind::ClaudeSkill { name } = classify(v.path)
        && let Some(entry) = v
            .analysis
            .frontmatter
            .as_ref()
            .and_then(|fm| fm.get("name"))
    {
        let r = agentls_core::navigate::unquoted(v.text, entry.value.range());
        if r.start <= offset && offset <= r.end {
            return Some((name, r));
        }
    }
    let (Target::Skill(name), range) = targets::target_at(v.text, v.analysis, offset)? else {
        return None;
    };
    let known = ws.is_none_or(|ws| {
        ws.index.skill(&name).is_some() || ws.index.commands.iter().any(|c| c.name == name)
    });
    known.then_some((name, range))
}

/// The range to rename: a skill's or command's name, else an agent's (in
/// agent files), or why not.
pub fn prepare(
    v: &View,
    ws: Option<&LiveIndex>,
    position: Position,
) -> Option<Result<PrepareRenameResponse, String>> {
    if let Some(found) = super::host_navigate::prepare(v, ws, position) {
        return Some(found);
    }
    if let Some((name, range)) = site(v, ws, position) {
        return Some(Ok(PrepareRenameResponse::RangeWithPlaceholder {
            range: v.range(&range),
            placeholder: name,
        }));
    }
    v.kind
        .is_agent()
        .then(|| super::navigate::prepare_rename(v, ws, position))
}

/// Why `name` cannot name a skill or command (the Agent Skills rules; `:`
/// would make a command a subfolder's).
fn invalid(name: &str) -> Option<&'static str> {
    let ok = (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--");
    (!ok).then_some("use 1 to 64 of `a-z`, `0-9` and `-`, with no `-` at either end and no `--`")
}

/// The folder (skill) or file (command) to move, and where to.
fn moved(ws: &LiveIndex, name: &str, new_name: &str) -> Result<(PathBuf, PathBuf), String> {
    if let Some(skill) = ws.index.skill(name) {
        let folder = skill.path.parent().ok_or("the skill has no folder")?;
        return Ok((folder.to_path_buf(), folder.with_file_name(new_name)));
    }
    if name.contains(':') {
        return Err(format!(
            "`{name}` is a command in a subfolder: rename its file instead"
        ));
    }
    let command = ws
        .index
        .commands
        .iter()
        .find(|c| c.name == name)
        .ok_or_else(|| format!("no skill or command named `{name}` in this workspace"))?;
    Ok((
        command.path.clone(),
        command.path.with_file_name(format!("{new_name}.md")),
    ))
}

pub fn rename(
    ws: &LiveIndex,
    name: &str,
    new_name: &str,
    support: EditSupport,
) -> Result<WorkspaceEdit, String> {
    if let Some(why) = invalid(new_name) {
        return Err(format!("cannot rename to `{new_name}`: {why}"));
    }
    let (old, new) = moved(ws, name, new_name)?;
    if !support.rename_file {
        return Err(format!(
            "renaming `{name}` moves {}, and this editor cannot rename files in an edit \
             (workspace.workspaceEdit.resourceOperations has no \"rename\")",
            old.display()
        ));
    }
    if new.exists() {
        return Err(format!("{} already exists", new.display()));
    }
    let mut by_file: BTreeMap<String, (Uri, Vec<TextEdit>)> = BTreeMap::new();
    let mut edit = |uri: Uri, range| {
        let slot = by_file.entry(uri.to_string()).or_insert((uri, Vec::new()));
        if !slot.1.iter().any(|e: &TextEdit| e.range == range) {
            slot.1.push(TextEdit::new(range, new_name.to_string()));
        }
    };
    for loc in target_references(ws, &Target::Skill(name.to_string()), false) {
        edit(loc.uri, loc.range);
    }
    if let Some(skill) = ws.index.skill(name)
        && let (Some(r), Some(entry)) = (&skill.name_range, ws.get(&skill.path))
        && let Some(uri) = entry.uri.clone()
    {
        edit(uri, entry.range(r, ws.encoding));
    }
    let mut ops: Vec<DocumentChangeOperation> = by_file
        .into_values()
        .map(|(uri, edits)| {
            DocumentChangeOperation::Edit(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            })
        })
        .collect();
    // After the text edits, which name files by their old URIs.
    ops.push(DocumentChangeOperation::Op(ResourceOp::Rename(
        RenameFile {
            old_uri: uri_of(&old)?,
            new_uri: uri_of(&new)?,
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

fn uri_of(path: &Path) -> Result<Uri, String> {
    Uri::from_file_path(path).ok_or_else(|| format!("{} has no URI", path.display()))
}

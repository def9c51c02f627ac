//! Go to definition, find references, rename and workspace symbols for
//! agent names, over the server's workspace index.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use ropey::Rope;
#[allow(deprecated)] // `SymbolInformation::deprecated` must still be spelled.
use tower_lsp_server::ls_types::{
    Location, Position, PrepareRenameResponse, SymbolInformation, SymbolKind, TextEdit, Uri,
    WorkspaceEdit,
};

use super::View;
use crate::analysis::navigate::{self, NameSite, Site};
use crate::analysis::workspace::Scope;
use crate::lsp::convert;
use crate::lsp::encoding::Encoding;
use crate::lsp::index::Workspace;

/// The agent-name site under the cursor.
pub fn site(v: &View, position: Position) -> Option<NameSite> {
    navigate::site_at(v.text, v.analysis, v.offset(position))
}

fn location(ws: &Workspace, path: &Path, ranges: &[Range<usize>], enc: Encoding) -> Vec<Location> {
    let (Some(entry), Some(uri)) = (ws.get(path), Uri::from_file_path(path)) else {
        return Vec::new();
    };
    let rope = Rope::from_str(&entry.text);
    ranges
        .iter()
        .map(|r| Location::new(uri.clone(), convert::range(&rope, r, enc)))
        .collect()
}

/// The `name:` value of the definition that wins `name`.
pub fn definition(ws: &Workspace, name: &str, enc: Encoding) -> Option<Location> {
    let def = ws.index.agent(name)?;
    let entry = ws.get(&def.path)?;
    let range = navigate::unquoted(&entry.text, def.name_range.clone());
    location(ws, &def.path, std::slice::from_ref(&range), enc).pop()
}

/// Every site of `name` across the workspace, by file: `Agent(…)` entries
/// and body mentions, plus the winning declaration when asked.
fn sites<'a>(
    ws: &'a Workspace,
    name: &str,
    declaration: bool,
) -> Vec<(&'a Path, Vec<Range<usize>>)> {
    let winner = ws.index.agent(name).map(|d| d.path.as_path());
    ws.files
        .iter()
        .filter_map(|e| {
            let analysis = e.analysis.as_deref()?;
            let ranges: Vec<_> = navigate::sites_of(&e.text, analysis, name)
                .into_iter()
                .filter(|s| {
                    s.site != Site::Declaration || (declaration && winner == Some(e.path.as_path()))
                })
                .map(|s| s.range)
                .collect();
            (!ranges.is_empty()).then_some((e.path.as_path(), ranges))
        })
        .collect()
}

pub fn references(ws: &Workspace, name: &str, declaration: bool, enc: Encoding) -> Vec<Location> {
    sites(ws, name, declaration)
        .into_iter()
        .flat_map(|(path, ranges)| location(ws, path, &ranges, enc))
        .collect()
}

/// The range to rename, or why not.
pub fn prepare_rename(
    v: &View,
    ws: Option<&Workspace>,
    position: Position,
) -> Result<PrepareRenameResponse, String> {
    let s = site(v, position).ok_or("not an agent name")?;
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

/// One edit of every site of `name` (declaration included) to `new_name`.
pub fn rename(
    ws: &Workspace,
    name: &str,
    new_name: &str,
    enc: Encoding,
) -> Result<WorkspaceEdit, String> {
    if let Some(why) = navigate::invalid_name(new_name) {
        return Err(format!("cannot rename to `{new_name}`: {why}"));
    }
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for (path, ranges) in sites(ws, name, true) {
        for loc in location(ws, path, &ranges, enc) {
            changes
                .entry(loc.uri)
                .or_default()
                .push(TextEdit::new(loc.range, new_name.to_string()));
        }
    }
    Ok(WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    })
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
pub fn symbols(ws: &Workspace, query: &str, enc: Encoding) -> Vec<SymbolInformation> {
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
        let range = navigate::unquoted(&entry.text, a.name_range.clone());
        let Some(loc) = location(ws, &a.path, std::slice::from_ref(&range), enc).pop() else {
            continue;
        };
        let mut container = scope_name(&a.scope);
        if !a.description.is_empty() {
            container = format!("{container} · {}", a.description);
        }
        out.push(symbol(&a.name, SymbolKind::CLASS, loc, container));
    }
    let start = |path: &Path| location(ws, path, std::slice::from_ref(&(0..0)), enc).pop();
    for s in ws.index.skills.iter().filter(|s| matches(&s.name)) {
        if let Some(loc) = start(&s.path) {
            out.push(symbol(
                &s.name,
                SymbolKind::FUNCTION,
                loc,
                scope_name(&s.scope),
            ));
        }
    }
    for c in ws.index.commands.iter().filter(|c| matches(&c.name)) {
        if let Some(loc) = start(&c.path) {
            out.push(symbol(
                &c.name,
                SymbolKind::EVENT,
                loc,
                scope_name(&c.scope),
            ));
        }
    }
    out
}

//! What a file's diagnostics show, pushed ([`super::publish`]) or pulled
//! ([`super::pull`]) alike: its own findings and the index's cross-file
//! ones, settled by the project's policy, sorted and converted.

use std::path::Path;

use ropey::Rope;
use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::convert;
use super::encoding::Encoding;
use super::index::LiveIndex;
use agentls_core::policy::{self, Policy};
use agentls_core::{Analysis, Diagnostic, Elsewhere};

/// A file as its diagnostics are shown.
pub struct Shown<'a> {
    pub path: &'a Path,
    pub uri: &'a Uri,
    pub rope: &'a Rope,
    pub encoding: Encoding,
    pub policy: &'a Policy,
}

/// What a file shows: its own findings with the index's cross-file ones,
/// settled by the project's policy (suppression comments, configuration),
/// sorted and converted. The one recipe for push and pull alike.
pub fn shown(
    file: &Shown,
    analysis: &Analysis,
    cross: Vec<Diagnostic>,
    ix: Option<&LiveIndex>,
) -> Vec<lsp::Diagnostic> {
    let mut diags = analysis.diagnostics.clone();
    diags.extend(cross);
    policy::settle(file.policy, file.path, &analysis.suppressions, &mut diags);
    diags.sort_by_key(|d| (d.range.start, d.range.end, d.severity));
    let locate = |e: &Elsewhere| ix.and_then(|i| i.locate(e));
    convert::to_lsp_resolving(file.rope, file.uri, file.encoding, &diags, &locate)
}

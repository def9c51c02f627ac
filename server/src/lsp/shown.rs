//! What a file's diagnostics show, pushed ([`super::publish`]) or pulled
//! ([`super::pull`]) alike: its own findings and the index's cross-file
//! ones, settled by the project's policy, sorted and converted.

use std::path::Path;

use ropey::Rope;
use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::convert;
use super::encoding::Encoding;
use super::index::LiveIndex;
use super::session::DocJob;
use agentls_core::policy::{self, Policy, suppress::Known};
use agentls_core::{Analysis, Diagnostic, Elsewhere};

/// A file as its diagnostics are shown.
pub struct Shown<'a> {
    pub path: &'a Path,
    pub uri: &'a Uri,
    pub rope: &'a Rope,
    pub encoding: Encoding,
    pub policy: &'a Policy,
}

impl<'a> Shown<'a> {
    /// An open document, as a publish or a pull has it.
    pub fn of(job: &'a DocJob) -> Shown<'a> {
        Shown {
            path: &job.path,
            uri: &job.uri,
            rope: &job.rope,
            encoding: job.encoding,
            policy: &job.policy,
        }
    }
}

/// What a file shows: its own findings with the index's cross-file ones,
/// settled by the project's policy (suppression comments, configuration),
/// sorted and converted. The one recipe for push and pull alike.
/// `cross` is `None` while the index catches up.
pub fn shown(
    file: &Shown,
    analysis: &Analysis,
    cross: Option<Vec<Diagnostic>>,
    ix: Option<&LiveIndex>,
) -> Vec<lsp::Diagnostic> {
    let mut diags = analysis.diagnostics.clone();
    let known = cross.is_some();
    diags.extend(cross.into_iter().flatten());
    let hosts = ix.map_or(&[][..], |ix| &ix.hosts[..]);
    settle(file.policy, file.path, analysis, known, hosts, &mut diags);
    diags.sort_by_key(|d| (d.range.start, d.range.end, d.severity));
    let locate = |e: &Elsewhere| ix.and_then(|i| i.locate(e));
    convert::to_lsp_resolving(file.rope, file.uri, file.encoding, &diags, &locate)
}

/// A file's findings as shown: its own and, when the index has them
/// (`cross_file`), the cross-file ones, through its suppression comments
/// and `policy`; `inferred` are the hosts the index's folders show (see
/// [`LiveIndex::hosts`]). Without the cross-file findings a comment naming one of
/// their codes cannot be called unused yet.
pub fn settle(
    policy: &Policy,
    path: &Path,
    analysis: &Analysis,
    cross_file: bool,
    inferred: &[String],
    diags: &mut Vec<Diagnostic>,
) {
    // Most projects set no version: no keys to list on every keystroke.
    if policy.claude_code_version.is_some() {
        diags.extend(policy::version_findings(policy, &analysis.versioned_keys()));
    }
    // Other hosts reading the file: those the configuration names, else
    // those whose folders the index holds, as `agentls check` infers them.
    let served = agentls_core::portability::served_hosts(policy, inferred);
    if !served.is_empty() {
        let found = agentls_core::portability::host_findings(analysis);
        diags.extend(agentls_core::portability::served_findings(&served, &found));
    }
    let known = if cross_file { Known::All } else { Known::Own };
    let suppressions = analysis.suppressions.clone().knowing(known);
    policy::settle(policy, path, &suppressions, diags);
    if policy.excludes(path) {
        diags.clear(); // the project's configuration leaves it alone
    }
}

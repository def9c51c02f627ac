//! `agentls check`: read, decode and analyse every target, in parallel, and
//! hand the reports (sorted by path) to a renderer.
//!
//! Memory stays small however many files are checked: right after its
//! analysis a file is reduced to what the renderers and the workspace rules
//! need (diagnostics, verdict, its agent definition); the text is read again
//! when the file is rendered.

use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};

use agentls_core::workspace::{self, AgentDef, Def, Defs, Scope, WorkspaceFile};
use agentls_core::{Diagnostic, Severity, Verdict, analyze};

use super::render::{self, FixDetail, Format};
use super::walk::{self, Target};
use crate::discover::{self, decode};
use crate::host::{self, Priority};

pub enum Outcome {
    Checked(Checked),
    /// Not checked, and not a failure (binary content, absurd size).
    Skipped(&'static str),
    Unreadable(io::Error),
    /// The analysis panicked: a bug in agentls, reported rather than aborting
    /// the whole run.
    Crashed,
}

pub struct FileReport {
    pub path: PathBuf,
    pub outcome: Outcome,
}

/// What is kept of an analysed file. Not its text: 10,000 files of 10 KB
/// would hold 100 MB; [`Checked::text`] reads it again when rendering.
pub struct Checked {
    pub verdict: Verdict,
    /// Sorted by position; fixes only as detailed as the format prints them.
    pub diagnostics: Vec<Diagnostic>,
    fingerprint: Fingerprint,
    /// For the workspace rules, which take it. Boxed: most of a report.
    agent: Option<Box<WorkspaceAgent>>,
}

/// An agent file's part in the workspace rules.
struct WorkspaceAgent {
    /// The project folder (project scope) or the `agents` folder.
    key: PathBuf,
    /// Final except a project's depth, set per index.
    scope: Scope,
    /// None when the file names no agent: its project still counts.
    def: Option<AgentDef>,
}

impl Checked {
    /// The text the diagnostics were computed on, read again. Should the
    /// file have changed or gone since, what is there now (maybe nothing)
    /// is returned with a note on stderr: renderers clamp every offset, so
    /// the output is only misplaced, never a panic.
    pub fn text(&self, path: &Path) -> String {
        let bytes = discover::read(path).ok().flatten().unwrap_or_default();
        if Fingerprint::of(&bytes) != self.fingerprint {
            let _ = writeln!(
                io::stderr(),
                "{}: changed while being checked: the places shown may be off",
                path.display()
            );
        }
        // Not `decode`: the file was judged text when analysed, and the
        // strict UTF-8 check is several times faster than its lossy scan.
        String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// Length and a fast 64-bit hash of a file's bytes: enough to tell, when
/// reading it again, that it is still the text analysed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Fingerprint {
    len: usize,
    hash: u64,
}

impl Fingerprint {
    fn of(bytes: &[u8]) -> Fingerprint {
        // FxHash's step over 8-byte words: not for adversaries, but a change
        // of any one word always changes it. Four lanes, so the
        // multiplications overlap: a fraction of the cost of reading.
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let step = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(K);
        let word = |w: &[u8]| u64::from_le_bytes(w.try_into().unwrap_or_default());
        let mut lanes = [0u64; 4];
        let mut blocks = bytes.chunks_exact(32);
        for block in blocks.by_ref() {
            for (lane, w) in lanes.iter_mut().zip(block.chunks_exact(8)) {
                *lane = step(*lane, word(w));
            }
        }
        let mut hash = lanes.into_iter().fold(0, step);
        for &b in blocks.remainder() {
            hash = step(hash, u64::from(b));
        }
        Fingerprint {
            len: bytes.len(),
            hash,
        }
    }
}

/// Counts for the summary line and the exit code.
#[derive(Debug, Default, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub info: usize,
    pub hints: usize,
    pub does_not_load: usize,
    pub skipped: usize,
    pub unreadable: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut s = Summary::default();
        for report in reports {
            match &report.outcome {
                Outcome::Checked(checked) => {
                    s.files += 1;
                    if checked.verdict == Verdict::DoesNotLoad {
                        s.does_not_load += 1;
                    }
                    for d in &checked.diagnostics {
                        *match d.severity {
                            Severity::Error => &mut s.errors,
                            Severity::Warning => &mut s.warnings,
                            Severity::Information => &mut s.info,
                            Severity::Hint => &mut s.hints,
                        } += 1;
                    }
                }
                Outcome::Skipped(_) => s.skipped += 1,
                Outcome::Unreadable(_) | Outcome::Crashed => s.unreadable += 1,
            }
        }
        s
    }

    /// 2 on any I/O failure (it hides findings), else 1 on any error or
    /// a file Claude Code would not load, else 0.
    pub fn exit_code(&self) -> i32 {
        if self.unreadable > 0 {
            2
        } else if self.errors > 0 || self.does_not_load > 0 {
            1
        } else {
            0
        }
    }
}

/// Run `agentls check`; returns the exit code.
pub fn main(format: Format, paths: &[PathBuf], fix: bool) -> i32 {
    let targets = walk::collect(paths);
    // Failures go to stderr in every format, so stdout stays parseable.
    let mut stderr = io::stderr().lock();
    if fix {
        for line in super::fix::fix_targets(&targets) {
            let _ = writeln!(stderr, "{line}");
        }
    }
    let home = crate::host::user_home();
    let mut reports = check_targets(targets, home.as_deref(), format.fix_detail());
    apply_workspace(&mut reports, paths, home.as_deref());
    let summary = Summary::of(&reports);

    for report in &reports {
        let line = match &report.outcome {
            Outcome::Unreadable(e) => format!("{}: cannot read: {e}", report.path.display()),
            Outcome::Crashed => format!(
                "{}: internal error: the analysis panicked (please report this file)",
                report.path.display()
            ),
            _ => continue,
        };
        let _ = writeln!(stderr, "{line}");
    }
    drop(stderr);

    let color = format == Format::Text && render::text::color_wanted();
    let mut out = io::BufWriter::new(io::stdout().lock());
    // A closed pipe (`agentls check | head`) is not worth a panic or a
    // message; the exit code still reports what was found.
    let _ = render::write(format, &reports, &summary, color, &mut out).and_then(|()| out.flush());
    // The process exits next: freeing every report one by one is wasted time.
    std::mem::forget(reports);
    summary.exit_code()
}

/// Check targets in parallel; the result is sorted by path with duplicates
/// (a file named twice, or inside a named directory too) removed.
pub fn check_targets(
    mut targets: Vec<Target>,
    home: Option<&Path>,
    fixes: FixDetail,
) -> Vec<FileReport> {
    targets.sort_by(|a, b| a.path().cmp(b.path()));
    targets.dedup_by(|a, b| a.path() == b.path());

    let mut files = Vec::new();
    let mut slots: Vec<Option<FileReport>> = Vec::with_capacity(targets.len());
    for target in targets {
        match target {
            Target::File(path) => {
                files.push((slots.len(), path));
                slots.push(None);
            }
            Target::Failed(path, e) => slots.push(Some(FileReport {
                path,
                outcome: Outcome::Unreadable(e),
            })),
        }
    }
    let home_agents = home.map(|h| h.join(".claude").join("agents"));
    let keep = Keep {
        home_agents: home_agents.as_deref(),
        fixes,
    };
    for (index, report) in check_files(files, &keep) {
        slots[index] = Some(report);
    }
    slots.into_iter().flatten().collect()
}

/// Check every file on all cores ([`host::map`]); each result keeps its
/// slot index, so output order does not depend on timing.
fn check_files(files: Vec<(usize, PathBuf)>, keep: &Keep) -> Vec<(usize, FileReport)> {
    // check_one catches analysis panics, so a worker cannot panic.
    host::map(&files, Priority::Normal, |(i, p)| {
        (*i, check_one(p.clone(), keep))
    })
}

/// What a worker needs to reduce a file to its [`Checked`].
struct Keep<'a> {
    /// `~/.claude/agents`: agents below it are of user scope.
    home_agents: Option<&'a Path>,
    fixes: FixDetail,
}

fn check_one(path: PathBuf, keep: &Keep) -> FileReport {
    let outcome = match discover::read(&path) {
        Err(e) => Outcome::Unreadable(e),
        Ok(None) => Outcome::Skipped("file too large (over 16 MiB)"),
        Ok(Some(bytes)) => {
            let fingerprint = Fingerprint::of(&bytes);
            match decode(bytes) {
                None => Outcome::Skipped("binary file"),
                Some(text) => analyse(&text, &path, fingerprint, keep),
            }
        }
    };
    FileReport { path, outcome }
}

/// Where an agent file stands among the workspace's: its key (project
/// folder, normalised, or `agents` folder) and scope, as Claude Code would
/// see it.
fn agent_scope(path: &Path, home_agents: Option<&Path>) -> Option<(PathBuf, Scope)> {
    let (key, scope) = workspace::agent_scope(path, home_agents)?;
    let key = match scope {
        Scope::Project { .. } => normal(&key),
        _ => key,
    };
    Some((key, scope))
}

/// Path without `.` components, so `./pkg` and `pkg` compare equal and the
/// current directory is the empty path (a prefix of every relative path).
fn normal(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// A file read for context only (user agents, skills): never reported.
fn read_context(path: &Path) -> Option<String> {
    discover::read_text(path)
}

/// Run the workspace rules over the checked files and merge their findings
/// into each file's report.
///
/// Claude Code sees project agents from one working directory: its own
/// `.claude/agents` and every ancestor's. So one index is built per
/// innermost project folder (with its ancestors among the checked ones),
/// plus the user's agents and the skills and `.mcp.json` found next to
/// them; findings from several indexes are merged without duplicates.
fn apply_workspace(reports: &mut [FileReport], paths: &[PathBuf], home: Option<&Path>) {
    // Agent definitions among the reports, taken out of them.
    let mut projects: BTreeSet<PathBuf> = BTreeSet::new();
    let mut agents: Vec<Box<WorkspaceAgent>> = Vec::new();
    for report in reports.iter_mut() {
        if let Outcome::Checked(checked) = &mut report.outcome
            && let Some(agent) = checked.agent.take()
        {
            if matches!(agent.scope, Scope::Project { .. }) {
                projects.insert(agent.key.clone());
            }
            agents.push(agent);
        }
    }
    if agents.is_empty() {
        return;
    }

    // Context: skills and `.mcp.json` at each project and each walked root.
    let mut roots: BTreeSet<PathBuf> = projects.clone();
    if paths.is_empty() {
        roots.insert(PathBuf::new());
    }
    roots.extend(paths.iter().filter(|p| p.is_dir()).map(|p| normal(p)));
    let mut mcp_servers = BTreeSet::new();
    let mut context = Defs::default();
    let mut add_context = |path: PathBuf, scope: Scope| {
        if let Some(text) = read_context(&path) {
            let file = WorkspaceFile {
                path,
                text: Cow::Owned(text),
                scope,
            };
            context.push(workspace::def(&file, None));
        }
    };
    let at = |root: &Path, rel: &str| {
        if root.as_os_str().is_empty() {
            PathBuf::from(rel)
        } else {
            root.join(rel)
        }
    };
    for root in &roots {
        if let Some(json) = read_context(&at(root, ".mcp.json")) {
            mcp_servers.extend(workspace::mcp_json_servers(&json));
        }
        for dir in [".claude/skills", "skills"] {
            for skill in walk::skill_files(&at(root, dir)) {
                add_context(skill, Scope::Project { depth: 0 });
            }
        }
    }
    let mut user_agents: Vec<AgentDef> = Vec::new();
    if let Some(home) = home {
        let claude = home.join(".claude");
        let checked: HashSet<&Path> = reports.iter().map(|r| r.path.as_path()).collect();
        for path in walk::markdown_below(&claude.join("agents")) {
            if checked.contains(path.as_path()) {
                continue;
            }
            if let Some(text) = read_context(&path) {
                let analysis = analyze(&text, Some(&path));
                let file = WorkspaceFile {
                    path,
                    text: Cow::Owned(text),
                    scope: Scope::User,
                };
                if let Some(Def::Agent(def)) = workspace::def(&file, Some(&analysis)) {
                    user_agents.push(def);
                }
            }
        }
        for skill in walk::skill_files(&claude.join("skills")) {
            add_context(skill, Scope::User);
        }
    }
    let mcp_servers: Vec<String> = mcp_servers.into_iter().collect();

    // Checked agents by path, then user agents, then context: the order the
    // index's stable sorts break ties by. Projects are keyed by normalised
    // paths, so `starts_with` compares like with like.
    let mut defs = Defs::default();
    let mut keys: HashMap<PathBuf, PathBuf> = HashMap::new();
    for agent in &mut agents {
        if let Some(def) = agent.def.take() {
            if matches!(agent.scope, Scope::Project { .. }) {
                keys.insert(def.path.clone(), agent.key.clone());
            }
            defs.agents.push(AgentDef {
                scope: agent.scope.clone(),
                ..def
            });
        }
    }
    defs.agents.append(&mut user_agents);
    defs.skills.append(&mut context.skills);
    defs.commands.append(&mut context.commands);
    let project_of = |def: &AgentDef| keys.get(&def.path).cloned();
    let found = workspace::chained_diagnostics(defs, &projects, project_of, &mcp_servers);

    // Only files the user asked to check get findings.
    let slot: HashMap<&Path, usize> = reports
        .iter()
        .enumerate()
        .map(|(i, r)| (r.path.as_path(), i))
        .collect();
    let found: Vec<(usize, Diagnostic)> = found
        .into_iter()
        .filter_map(|(path, d)| Some((*slot.get(path.as_path())?, d)))
        .collect();
    for (i, diagnostic) in found {
        if let Outcome::Checked(checked) = &mut reports[i].outcome
            && !checked.diagnostics.contains(&diagnostic)
        {
            checked.diagnostics.push(diagnostic);
        }
    }
    for report in reports.iter_mut() {
        if let Outcome::Checked(checked) = &mut report.outcome {
            sort_diagnostics(&mut checked.diagnostics);
        }
    }
}

/// The order every report uses: position, then severity, then code. The
/// sort is stable and workspace findings arrive in a fixed order, so ties
/// print the same way on every run.
fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, a.severity, a.code).cmp(&(
            b.range.start,
            b.range.end,
            b.severity,
            b.code,
        ))
    });
}

/// Analyse a file and keep only what the renderers and the workspace
/// rules need (see [`Checked`]).
fn analyse(text: &str, path: &Path, fingerprint: Fingerprint, keep: &Keep) -> Outcome {
    let reduce = || {
        let analysis = analyze(text, Some(path));
        let agent = agent_scope(path, keep.home_agents).map(|(key, scope)| {
            let file = WorkspaceFile {
                path: path.to_path_buf(),
                text: Cow::Borrowed(text),
                scope,
            };
            let def = match workspace::def(&file, Some(&analysis)) {
                Some(Def::Agent(def)) => Some(def),
                _ => None,
            };
            Box::new(WorkspaceAgent {
                key,
                scope: file.scope,
                def,
            })
        });
        let mut diagnostics = analysis.diagnostics;
        sort_diagnostics(&mut diagnostics);
        compact(&mut diagnostics, keep.fixes);
        Checked {
            verdict: analysis.verdict,
            diagnostics,
            fingerprint,
            agent,
        }
    };
    match catch_unwind(AssertUnwindSafe(reduce)) {
        Ok(checked) => Outcome::Checked(checked),
        Err(_) => Outcome::Crashed,
    }
}

/// Drop the parts of fixes the format does not print, and the spare
/// capacity the analysis left in strings and lists: kept for every file
/// until rendering, that slack is a sixth of `check`'s memory.
fn compact(diagnostics: &mut Vec<Diagnostic>, fixes: FixDetail) {
    for d in diagnostics.iter_mut() {
        fixes.trim(&mut d.fixes);
        d.message.shrink_to_fit();
        d.related.shrink_to_fit();
        d.fixes.shrink_to_fit();
        for fix in &mut d.fixes {
            fix.title.shrink_to_fit();
            fix.edits.shrink_to_fit();
            for edit in &mut fix.edits {
                edit.new_text.shrink_to_fit();
            }
        }
    }
    diagnostics.shrink_to_fit();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file changed or removed between its analysis and its rendering is
    /// rendered against what is there now: misplaced, but no panic.
    #[test]
    fn files_changed_before_rendering_render_without_panicking() {
        let dir = std::env::temp_dir().join(format!("agentls-changed-{}", std::process::id()));
        let path = dir.join(".claude/agents/a.md");
        // A second file, so the renderers' parallel path runs too.
        let other = dir.join(".claude/agents/b.md");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&other, "---\nname: b\n---\n").unwrap();
        let original = "---\nname: Bad\ndescription: a: b\ntools: MultiEdit\n---\nðŸ§  body\n";
        for format in [Format::Text, Format::Json, Format::Github] {
            for now in [Some("é"), Some(""), Some("\r\r\n\u{1b}"), None] {
                std::fs::write(&path, original).unwrap();
                let targets = vec![Target::File(path.clone()), Target::File(other.clone())];
                let reports = check_targets(targets, None, format.fix_detail());
                let Outcome::Checked(checked) = &reports[0].outcome else {
                    panic!("not checked");
                };
                assert!(!checked.diagnostics.is_empty());
                match now {
                    Some(text) => std::fs::write(&path, text).unwrap(),
                    None => std::fs::remove_file(&path).unwrap(),
                }
                let mut out = Vec::new();
                render::write(format, &reports, &Summary::of(&reports), false, &mut out).unwrap();
                assert!(!out.is_empty());
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn fingerprints_tell_texts_apart() {
        let of = |s: &str| Fingerprint::of(s.as_bytes());
        assert_eq!(of("name: a\n"), of("name: a\n"));
        assert_ne!(of("name: a\n"), of("name: b\n"));
        // Same length, a byte changed in the tail that is not a whole word.
        assert_ne!(of("0123456789"), of("0123456788"));
        assert_ne!(of(""), of("\0"));
    }
}

//! `agentls check`: read, decode and analyse every target, in parallel, and
//! hand the reports (sorted by path) to a renderer.

use std::fs::File;
use std::io::{self, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use crate::analysis::workspace::{self, Index, Kind, Scope, WorkspaceFile};
use crate::analysis::{Analysis, Diagnostic, Severity, Verdict, analyze, decode_bytes};

use super::render::{self, Format};
use super::walk::{self, Target};

/// Files above this size are skipped: no agent prompt is this large, and
/// reading one whole (or `/dev/zero` named explicitly) must not exhaust memory.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

pub enum Outcome {
    // Boxed: an `Analysis` is large next to the other variants.
    Checked {
        text: String,
        analysis: Box<Analysis>,
    },
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
                Outcome::Checked { analysis, .. } => {
                    s.files += 1;
                    if analysis.verdict == Verdict::DoesNotLoad {
                        s.does_not_load += 1;
                    }
                    for d in &analysis.diagnostics {
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
    let mut reports = check_targets(targets);
    apply_workspace(&mut reports, paths);
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
    summary.exit_code()
}

/// Check targets in parallel; the result is sorted by path with duplicates
/// (a file named twice, or inside a named directory too) removed.
pub fn check_targets(mut targets: Vec<Target>) -> Vec<FileReport> {
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
    for (index, report) in check_files(files) {
        slots[index] = Some(report);
    }
    slots.into_iter().flatten().collect()
}

/// Work-sharing over the available cores: each worker takes the next index
/// from a shared counter, so one slow file does not stall a whole chunk.
/// Results carry their index, so output order does not depend on timing.
fn check_files(files: Vec<(usize, PathBuf)>) -> Vec<(usize, FileReport)> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len());
    if workers <= 1 {
        return files.into_iter().map(|(i, p)| (i, check_one(p))).collect();
    }
    let next = AtomicUsize::new(0);
    let files = &files;
    let mut results = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let n = next.fetch_add(1, Ordering::Relaxed);
                        let Some((index, path)) = files.get(n) else {
                            break done;
                        };
                        done.push((*index, check_one(path.clone())));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            // check_one catches analysis panics, so a worker cannot panic.
            .flat_map(|h| h.join().unwrap_or_default())
            .collect::<Vec<_>>()
    });
    results.sort_by_key(|(i, _)| *i);
    results
}

fn check_one(path: PathBuf) -> FileReport {
    let outcome = match read_capped(&path) {
        Err(e) => Outcome::Unreadable(e),
        Ok(None) => Outcome::Skipped("file too large (over 16 MiB)"),
        Ok(Some(bytes)) => match decode_bytes(&bytes) {
            None => Outcome::Skipped("binary file"),
            Some(text) => {
                let text = text.into_owned();
                analyse(text, &path)
            }
        },
    };
    FileReport { path, outcome }
}

/// The home whose `.claude/` is the user scope: `$AGENTLS_HOME`, else
/// `$HOME` (the variable lets tests and CI point at a fake home).
fn user_home() -> Option<PathBuf> {
    std::env::var_os("AGENTLS_HOME")
        .or_else(|| std::env::var_os("HOME"))
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
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
    let bytes = read_capped(path).ok()??;
    Some(decode_bytes(&bytes)?.into_owned())
}

/// Run the workspace rules over the checked files and merge their findings
/// into each file's report.
///
/// Claude Code sees project agents from one working directory: its own
/// `.claude/agents` and every ancestor's. So one index is built per
/// innermost project folder (with its ancestors among the checked ones),
/// plus the user's agents and the skills and `.mcp.json` found next to
/// them; findings from several indexes are merged without duplicates.
fn apply_workspace(reports: &mut [FileReport], paths: &[PathBuf]) {
    let home_agents = user_home().map(|h| h.join(".claude").join("agents"));
    // Agent files among the reports, by project folder (None: plugin or other).
    let mut projects: BTreeSet<PathBuf> = BTreeSet::new();
    let mut agent_reports: Vec<(usize, PathBuf, Scope)> = Vec::new();
    for (i, report) in reports.iter().enumerate() {
        let Outcome::Checked { .. } = report.outcome else {
            continue;
        };
        let Kind::Agent { root } = workspace::kind(&report.path) else {
            continue;
        };
        if home_agents
            .as_ref()
            .is_some_and(|h| report.path.starts_with(h))
        {
            agent_reports.push((i, root, Scope::User));
            continue;
        }
        let parent = root.parent().unwrap_or(Path::new(""));
        if parent.file_name().is_some_and(|n| n == ".claude") {
            let project = normal(parent.parent().unwrap_or(Path::new("")));
            projects.insert(project.clone());
            agent_reports.push((i, project, Scope::Project { depth: 0 }));
        } else {
            let plugin = parent
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            agent_reports.push((i, root, Scope::Plugin { plugin }));
        }
    }
    if agent_reports.is_empty() {
        return;
    }

    // Context: skills and `.mcp.json` at each project and each walked root.
    let mut roots: BTreeSet<PathBuf> = projects.clone();
    if paths.is_empty() {
        roots.insert(PathBuf::new());
    }
    roots.extend(paths.iter().filter(|p| p.is_dir()).map(|p| normal(p)));
    let mut mcp_servers = BTreeSet::new();
    let mut context: Vec<(PathBuf, String, Scope)> = Vec::new();
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
                if let Some(text) = read_context(&skill) {
                    context.push((skill, text, Scope::Project { depth: 0 }));
                }
            }
        }
    }
    let checked: std::collections::HashSet<&Path> =
        reports.iter().map(|r| r.path.as_path()).collect();
    let mut user_agents: Vec<(PathBuf, String, Analysis)> = Vec::new();
    if let Some(home) = user_home() {
        let claude = home.join(".claude");
        for path in walk::markdown_below(&claude.join("agents")) {
            if checked.contains(path.as_path()) {
                continue;
            }
            if let Some(text) = read_context(&path) {
                let analysis = analyze(&text, Some(&path));
                user_agents.push((path, text, analysis));
            }
        }
        for skill in walk::skill_files(&claude.join("skills")) {
            if let Some(text) = read_context(&skill) {
                context.push((skill, text, Scope::User));
            }
        }
    }
    let mcp_servers: Vec<String> = mcp_servers.into_iter().collect();

    // Innermost project folders: no other project folder below them.
    let leaves: Vec<&PathBuf> = projects
        .iter()
        .filter(|p| !projects.iter().any(|q| q != *p && q.starts_with(p)))
        .collect();
    let chains: Vec<Vec<&PathBuf>> = if leaves.is_empty() {
        vec![Vec::new()]
    } else {
        leaves
            .iter()
            .map(|leaf| {
                // Ancestors, closest first: `starts_with` on normalised paths.
                let mut chain: Vec<&PathBuf> =
                    projects.iter().filter(|p| leaf.starts_with(p)).collect();
                chain.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
                chain
            })
            .collect()
    };

    let mut found: Vec<(PathBuf, Diagnostic)> = Vec::new();
    for chain in &chains {
        let depth: HashMap<&Path, usize> = chain
            .iter()
            .enumerate()
            .map(|(d, p)| (p.as_path(), d))
            .collect();
        let mut files: Vec<WorkspaceFile<'_>> = Vec::new();
        let mut analyses: Vec<Option<&Analysis>> = Vec::new();
        for (i, key, scope) in &agent_reports {
            let scope = match scope {
                Scope::Project { .. } => match depth.get(key.as_path()) {
                    Some(&depth) => Scope::Project { depth },
                    None => continue,
                },
                other => other.clone(),
            };
            let Outcome::Checked { text, analysis } = &reports[*i].outcome else {
                continue;
            };
            files.push(WorkspaceFile {
                path: reports[*i].path.clone(),
                text: Cow::Borrowed(text),
                scope,
            });
            analyses.push(Some(analysis));
        }
        for (path, text, analysis) in &user_agents {
            files.push(WorkspaceFile {
                path: path.clone(),
                text: Cow::Borrowed(text),
                scope: Scope::User,
            });
            analyses.push(Some(analysis));
        }
        for (path, text, scope) in &context {
            files.push(WorkspaceFile {
                path: path.clone(),
                text: Cow::Borrowed(text),
                scope: scope.clone(),
            });
            analyses.push(None);
        }
        let index = Index::from_analyses(files.iter().zip(analyses), &mcp_servers);
        found.extend(workspace::workspace_diagnostics(&index));
    }

    // Only files the user asked to check get findings.
    let slot: HashMap<PathBuf, usize> = reports
        .iter()
        .enumerate()
        .map(|(i, r)| (r.path.clone(), i))
        .collect();
    for (path, diagnostic) in found {
        let Some(&i) = slot.get(&path) else {
            continue;
        };
        if let Outcome::Checked { analysis, .. } = &mut reports[i].outcome
            && !analysis.diagnostics.contains(&diagnostic)
        {
            analysis.diagnostics.push(diagnostic);
        }
    }
    for report in reports.iter_mut() {
        if let Outcome::Checked { analysis, .. } = &mut report.outcome {
            sort_diagnostics(&mut analysis.diagnostics);
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

fn analyse(text: String, path: &Path) -> Outcome {
    match catch_unwind(AssertUnwindSafe(|| analyze(&text, Some(path)))) {
        Ok(mut analysis) => {
            sort_diagnostics(&mut analysis.diagnostics);
            Outcome::Checked {
                text,
                analysis: Box::new(analysis),
            }
        }
        Err(_) => Outcome::Crashed,
    }
}

/// The file's bytes, or `None` when it is larger than [`MAX_FILE_BYTES`].
pub fn read_capped(path: &Path) -> io::Result<Option<Vec<u8>>> {
    let file = File::open(path)?;
    let hint = file.metadata().map_or(0, |m| m.len()).min(MAX_FILE_BYTES);
    let mut bytes = Vec::with_capacity(hint as usize + 1);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= MAX_FILE_BYTES).then_some(bytes))
}

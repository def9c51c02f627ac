//! `agentls check`: read, decode and analyse every target, in parallel, and
//! hand the reports (sorted by path) to a renderer.
//!
//! Memory stays small however many files are checked: right after its
//! analysis a file is reduced to what the renderers and the workspace rules
//! need (diagnostics, verdict, its agent definition); the text is read again
//! when the file is rendered.

use std::borrow::Cow;
use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use agentls_core::policy;
use agentls_core::workspace::{self, Def, WorkspaceFile};
use agentls_core::{Diagnostic, FileKind, analyze_as};

use super::args::CheckOptions;
use super::policies::Policies;
use super::render::{self, FixDetail, Format};
use super::report::Decided;
use super::report::{
    Checked, FileReport, Fingerprint, Outcome, Summary, WorkspaceAgent, sort_diagnostics,
};
use super::walk::{self, Target};
use super::workspace::{agent_scope, apply_workspace};
use crate::discover::{self, decode};
use crate::host::{self, Priority};
use crate::imports::disk_findings;

/// Run `agentls check`; returns the exit code.
pub fn main(options: &CheckOptions) -> i32 {
    let format = options.format;
    let home = crate::host::user_home();
    // Failures go to stderr in every format, so stdout stays parseable.
    let mut stderr = io::stderr().lock();
    // `--no-inline-ignores` (audits) turns the comments off whatever the
    // configuration says.
    let mut policies = match Policies::new(options, !options.no_inline_ignores) {
        Ok(policies) => policies,
        Err(message) => {
            let _ = writeln!(stderr, "agentls: {message}");
            return 2;
        }
    };
    let (mut reports, paths) = match &options.stdin_filename {
        Some(path) => {
            let home_agents = home.as_deref().map(|h| workspace::user_dirs(h)[0].clone());
            let keep = Keep {
                home_agents: home_agents.as_deref(),
                home: home.as_deref(),
                fixes: format.fix_detail(),
            };
            let decided = policies.decide(path);
            // `none`: not an agent file, whatever the text.
            let report = (!decided.silenced()).then(|| check_stdin(path.clone(), decided, &keep));
            // Its place counts for the workspace rules, as a named file's.
            (report.into_iter().collect(), vec![path.clone()])
        }
        None => {
            let mut targets = walk::collect(&options.paths, &mut policies);
            // `exclude` holds for named files too: a hook that passes every
            // changed file must not check what the project leaves out; and
            // a file `[kinds]` makes `none` is not an agent file.
            targets.retain(|t| {
                let d = &t.decided;
                !d.policy.excludes(&d.absolute) && !d.silenced()
            });
            if options.fix {
                for line in super::fix::fix_targets(&targets) {
                    let _ = writeln!(stderr, "{line}");
                }
            }
            let reports = check_targets(targets, home.as_deref(), format.fix_detail());
            (reports, options.paths.clone())
        }
    };
    apply_workspace(&mut reports, &paths, home.as_deref(), &mut policies);
    super::host_workspace::apply_host_workspace(&mut reports, home.as_deref(), &mut policies);
    settle_all(&mut reports);
    let config_reports = policies.reports();
    if !config_reports.is_empty() {
        reports.extend(config_reports);
        reports.sort_by(|a, b| a.path.cmp(&b.path));
    }
    for line in policies.failures() {
        let _ = writeln!(stderr, "agentls: {line}");
    }
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
    let written = if options.quiet && matches!(format, Format::Text | Format::Github) {
        quiet(&summary, &mut out)
    } else {
        render::write(format, &reports, &summary, color, &mut out)
    };
    let _ = written.and_then(|()| out.flush());
    // The process exits next: freeing every report one by one is wasted time.
    std::mem::forget(reports);
    match summary.exit_code() {
        1 if options.exit_zero => 0,
        code => code,
    }
}

/// Suppression comments and the configuration, on each file's findings
/// once the workspace rules have added theirs.
fn settle_all(reports: &mut [FileReport]) {
    use agentls_core::portability;
    // Without `hosts` in the configuration, the hosts whose files this run
    // found are the ones served.
    let kinds: Vec<FileKind> = reports
        .iter()
        .map(|r| {
            r.decided
                .as_ref()
                .map_or(FileKind::Other, |d| d.kind.clone())
        })
        .collect();
    let inferred = portability::infer_hosts(&kinds);
    for report in reports {
        if let Outcome::Checked(checked) = &mut report.outcome
            && let Some(decided) = &report.decided
        {
            let policy = &decided.policy;
            let newer = policy::version_findings(policy, &checked.versioned);
            checked.diagnostics.extend(newer);
            let served = portability::served_hosts(policy, &inferred);
            let ported = portability::served_findings(&served, &checked.ported);
            checked.diagnostics.extend(ported);
            policy::settle(
                policy,
                &decided.absolute,
                &checked.suppressions,
                &mut checked.diagnostics,
            );
            sort_diagnostics(&mut checked.diagnostics);
        }
    }
}

/// `--quiet`: the summary line when there is something to report, else
/// nothing, so a clean run in CI or a hook prints no noise.
fn quiet(summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    let findings = summary.errors + summary.warnings + summary.info + summary.hints;
    if findings + summary.does_not_load + summary.skipped + summary.unreadable == 0 {
        return Ok(());
    }
    writeln!(out, "{}", render::summary_line(summary))
}

/// Stdin is read whole, then judged like a file at `path`; nothing is read
/// from disk for it. Over 16 MiB it is skipped, as a file would be.
fn check_stdin(path: PathBuf, decided: Decided, keep: &Keep) -> FileReport {
    use std::io::Read;
    let mut bytes = Vec::new();
    let limit = discover::MAX_FILE_BYTES;
    let outcome = match io::stdin().lock().take(limit + 1).read_to_end(&mut bytes) {
        Err(e) => Outcome::Unreadable(e),
        Ok(_) if bytes.len() as u64 > limit => Outcome::Skipped("file too large (over 16 MiB)"),
        Ok(_) => {
            let fingerprint = Fingerprint::of(&bytes);
            match decode(bytes) {
                None => Outcome::Skipped("binary file"),
                Some(text) => {
                    let mut outcome = analyse(&text, &path, &decided, fingerprint, keep);
                    if let Outcome::Checked(checked) = &mut outcome {
                        checked.stdin_text = Some(text.into());
                    }
                    outcome
                }
            }
        }
    };
    FileReport {
        path,
        outcome,
        decided: Some(decided),
    }
}

/// Check targets in parallel; the result is sorted by path with duplicates
/// (a file named twice, or inside a named directory too) removed.
pub fn check_targets(
    mut targets: Vec<Target>,
    home: Option<&Path>,
    fixes: FixDetail,
) -> Vec<FileReport> {
    targets.sort_by(|a, b| a.path.cmp(&b.path));
    targets.dedup_by(|a, b| a.path == b.path);

    let mut files = Vec::new();
    let mut slots: Vec<Option<FileReport>> = Vec::with_capacity(targets.len());
    for target in targets {
        match target.error {
            None => {
                files.push((slots.len(), target.path, target.decided));
                slots.push(None);
            }
            Some(e) => slots.push(Some(FileReport {
                path: target.path,
                outcome: Outcome::Unreadable(e),
                decided: Some(target.decided),
            })),
        }
    }
    let home_agents = home.map(|h| workspace::user_dirs(h)[0].clone());
    let keep = Keep {
        home_agents: home_agents.as_deref(),
        home,
        fixes,
    };
    for (index, report) in check_files(files, &keep) {
        slots[index] = Some(report);
    }
    slots.into_iter().flatten().collect()
}

/// Check every file on all cores ([`host::map`]); each result keeps its
/// slot index, so output order does not depend on timing.
fn check_files(files: Vec<(usize, PathBuf, Decided)>, keep: &Keep) -> Vec<(usize, FileReport)> {
    // check_one catches analysis panics, so a worker cannot panic.
    host::map(&files, Priority::Normal, |(i, p, d)| {
        (*i, check_one(p.clone(), d.clone(), keep))
    })
}

/// What a worker needs to reduce a file to its [`Checked`].
struct Keep<'a> {
    /// `~/.claude/agents`: agents below it are of user scope.
    home_agents: Option<&'a Path>,
    /// Where `~/` in an `@path` import points.
    home: Option<&'a Path>,
    fixes: FixDetail,
}

fn check_one(path: PathBuf, decided: Decided, keep: &Keep) -> FileReport {
    let outcome = match discover::read(&path) {
        Err(e) => Outcome::Unreadable(e),
        Ok(None) => Outcome::Skipped("file too large (over 16 MiB)"),
        Ok(Some(bytes)) => {
            let fingerprint = Fingerprint::of(&bytes);
            match decode(bytes) {
                None => Outcome::Skipped("binary file"),
                Some(text) => analyse(&text, &path, &decided, fingerprint, keep),
            }
        }
    };
    FileReport {
        path,
        outcome,
        decided: Some(decided),
    }
}

/// Analyse a file and keep only what the renderers and the workspace
/// rules need (see [`Checked`]).
fn analyse(
    text: &str,
    path: &Path,
    decided: &Decided,
    fingerprint: Fingerprint,
    keep: &Keep,
) -> Outcome {
    let reduce = || {
        // A file given another kind than its folders' is no agent the
        // workspace rules count (they find agents by their folders).
        let by_folders = decided.kind.name() == decided.folders.name();
        let analysis = analyze_as(text, Some(path), decided.kind.clone());
        let scope = agent_scope(path, keep.home_agents).filter(|_| by_folders);
        let agent = scope.map(|(key, scope)| {
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
        let versioned = analysis.versioned_keys();
        let ported = agentls_core::portability::host_findings(&analysis);
        let on_disk = disk_findings(&analysis, text, path, keep.home, None);
        let mut diagnostics = analysis.diagnostics;
        diagnostics.extend(on_disk);
        sort_diagnostics(&mut diagnostics);
        compact(&mut diagnostics, keep.fixes);
        Checked {
            verdict: analysis.verdict,
            diagnostics,
            fingerprint,
            agent,
            stdin_text: None,
            versioned,
            ported,
            suppressions: analysis.suppressions,
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
        let options = CheckOptions {
            isolated: true,
            ..CheckOptions::default()
        };
        let mut policies = Policies::new(&options, true).unwrap();
        for format in [Format::Text, Format::Json, Format::Github, Format::Sarif] {
            for now in [Some("é"), Some(""), Some("\r\r\n\u{1b}"), None] {
                std::fs::write(&path, original).unwrap();
                let targets = walk::collect(&[path.clone(), other.clone()], &mut policies);
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

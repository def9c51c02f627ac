//! `agentls check`: read, decode and analyse every target, in parallel, and
//! hand the reports (sorted by path) to a renderer.

use std::fs::File;
use std::io::{self, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::analysis::{Analysis, Severity, Verdict, analyze, decode_bytes};

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
    let reports = check_targets(targets);
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

fn analyse(text: String, path: &Path) -> Outcome {
    match catch_unwind(AssertUnwindSafe(|| analyze(&text, Some(path)))) {
        Ok(mut analysis) => {
            analysis.diagnostics.sort_by(|a, b| {
                (a.range.start, a.range.end, a.severity, a.code).cmp(&(
                    b.range.start,
                    b.range.end,
                    b.severity,
                    b.code,
                ))
            });
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

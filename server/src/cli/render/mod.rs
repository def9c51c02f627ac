//! Output formats of `agentls check`. Each renderer writes the reports (already
//! sorted by path, diagnostics by position) and the summary to `out`.
//! Read failures are not rendered here: `check` prints them on stderr.

pub mod github;
pub mod json;
pub mod sarif;
pub mod text;

use std::io::{self, Write};
use std::sync::mpsc;

use super::report::{FileReport, Summary};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Text,
    Json,
    Github,
    Sarif,
}

/// How much of a fix a format prints. `check` drops the rest right after
/// analysis: fix edits (often a whole value rewritten) would otherwise be
/// the largest part of what it keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixDetail {
    None,
    Titles,
    Full,
}

impl Format {
    pub fn fix_detail(self) -> FixDetail {
        match self {
            Format::Text => FixDetail::Titles,
            Format::Json => FixDetail::Full,
            Format::Github => FixDetail::None,
            Format::Sarif => FixDetail::Full,
        }
    }
}

impl FixDetail {
    pub fn trim(self, fixes: &mut Vec<agentls_core::Fix>) {
        match self {
            FixDetail::None => *fixes = Vec::new(),
            FixDetail::Titles => fixes.iter_mut().for_each(|f| f.edits = Vec::new()),
            FixDetail::Full => {}
        }
    }
}

pub fn write(
    format: Format,
    reports: &[FileReport],
    summary: &Summary,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Text => text::write(reports, summary, color, out),
        Format::Json => json::write(reports, summary, out),
        Format::Github => github::write(reports, summary, out),
        Format::Sarif => sarif::write(reports, summary, out),
    }
}

/// Render each report with `file` on every core and write the pieces in
/// the reports' order. Rendering reads each file again, so doing it in
/// parallel keeps `check` as fast as when it kept every text in memory.
/// Workers run at most a few reports ahead of the writer: memory stays
/// bounded whatever the output's size.
fn in_order(
    reports: &[FileReport],
    out: &mut dyn Write,
    file: impl Fn(&FileReport, &mut dyn Write) -> io::Result<()> + Sync,
) -> io::Result<()> {
    const AHEAD: usize = 16;
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(reports.len());
    if workers <= 1 {
        return reports.iter().try_for_each(|report| file(report, out));
    }
    std::thread::scope(|scope| {
        // Report i is rendered by worker i % workers, which sends its
        // pieces in order: receiving round-robin restores the order.
        let pieces: Vec<_> = (0..workers)
            .map(|w| {
                let (send, receive) = mpsc::sync_channel(AHEAD);
                let file = &file;
                scope.spawn(move || {
                    for report in reports.iter().skip(w).step_by(workers) {
                        let mut piece = Vec::new();
                        let piece = file(report, &mut piece).map(|()| piece);
                        // The writer stopped (closed pipe): stop too.
                        if send.send(piece).is_err() {
                            break;
                        }
                    }
                });
                receive
            })
            .collect();
        for i in 0..reports.len() {
            // Only a panicking worker hangs up early; the scope re-raises it.
            let Ok(piece) = pieces[i % workers].recv() else {
                break;
            };
            out.write_all(&piece?)?;
        }
        Ok(())
    })
}

/// The kebab-case name of a diagnostic code (`AG031` → `removed-tool`).
pub(crate) fn code_name(code: &str) -> Option<&'static str> {
    agentls_core::codes::lookup(code).map(|info| info.name)
}

/// `1 error`, `2 errors`.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The one-line summary shared by the text and github formats, e.g.
/// `5 files checked: 2 errors, 3 warnings, 1 hint`.
pub(crate) fn summary_line(s: &Summary) -> String {
    let mut line = format!("{} checked: ", plural(s.files, "file", "files"));
    let findings: Vec<String> = [
        (s.errors, "error", "errors"),
        (s.warnings, "warning", "warnings"),
        (s.info, "info", "info"),
        (s.hints, "hint", "hints"),
    ]
    .into_iter()
    .filter(|(n, ..)| *n > 0)
    .map(|(n, one, many)| plural(n, one, many))
    .collect();
    if findings.is_empty() {
        line.push_str("no problems found");
    } else {
        line.push_str(&findings.join(", "));
    }
    if s.does_not_load > 0 {
        line.push_str(&format!(
            "; {} not load",
            plural(s.does_not_load, "file does", "files do")
        ));
    }
    if s.skipped > 0 {
        line.push_str(&format!("; {} skipped", s.skipped));
    }
    if s.unreadable > 0 {
        line.push_str(&format!("; {} unreadable", s.unreadable));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_wording() {
        let s = Summary {
            files: 5,
            errors: 2,
            warnings: 3,
            hints: 1,
            ..Summary::default()
        };
        assert_eq!(
            summary_line(&s),
            "5 files checked: 2 errors, 3 warnings, 1 hint"
        );
        let s = Summary {
            files: 1,
            does_not_load: 1,
            skipped: 2,
            unreadable: 1,
            ..Summary::default()
        };
        assert_eq!(
            summary_line(&s),
            "1 file checked: no problems found; 1 file does not load; 2 skipped; 1 unreadable"
        );
    }
}

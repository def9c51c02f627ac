//! Output formats of `agentls check`. Each renderer writes the reports (already
//! sorted by path, diagnostics by position) and the summary to `out`.
//! Read failures are not rendered here: `check` prints them on stderr.

pub mod github;
pub mod json;
pub mod text;

use std::io::{self, Write};

use super::check::{FileReport, Summary};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Github,
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
    }
}

/// The kebab-case name of a diagnostic code (`AG031` → `removed-tool`).
pub(crate) fn code_name(code: &str) -> Option<&'static str> {
    crate::analysis::codes::lookup(code).map(|info| info.name)
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

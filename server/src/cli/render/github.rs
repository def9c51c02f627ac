//! GitHub Actions workflow commands: one annotation per diagnostic, shown
//! on the pull request's diff. Escaping follows the runner's rules: in the
//! message `%`, `\r`, `\n`; in properties also `:` and `,`.

use std::io::{self, Write};

use crate::cli::lines::LineIndex;
use crate::cli::report::{FileReport, Outcome, Summary};
use agentls_core::{Severity, Verdict};

pub fn write(reports: &[FileReport], summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    super::in_order(reports, out, file)?;
    writeln!(out, "{}", super::summary_line(summary))
}

fn file(report: &FileReport, out: &mut dyn Write) -> io::Result<()> {
    let file = escape_property(&report.path.to_string_lossy());
    match &report.outcome {
        Outcome::Checked(checked) => {
            let text = checked.text(&report.path);
            let mut index = LineIndex::new(&text);
            for d in &checked.diagnostics {
                let start = index.position(d.range.start);
                let end = index.position(d.range.end.max(d.range.start));
                writeln!(
                    out,
                    "::{} file={file},line={},col={},endLine={},endColumn={},title={}::{}",
                    level(d.severity),
                    start.line,
                    start.column,
                    end.line,
                    end.column,
                    escape_property(&title(d.code)),
                    escape_data(&d.message),
                )?;
            }
            // The core reports why with an error; say it only if it did not.
            let has_error = checked
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error);
            if checked.verdict == Verdict::DoesNotLoad && !has_error {
                writeln!(
                    out,
                    "::error file={file},line=1::Claude Code will not load this agent"
                )?;
            }
        }
        Outcome::Skipped(why) => {
            writeln!(out, "::notice file={file}::skipped: {}", escape_data(why))?
        }
        // Already on stderr, where the runner also sees it.
        Outcome::Unreadable(_) | Outcome::Crashed => {}
    }
    Ok(())
}

/// `AG031 removed-tool`: the code to search for, the name to read.
fn title(code: &str) -> String {
    match super::code_name(code) {
        Some(name) => format!("{code} {name}"),
        None => code.to_owned(),
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "notice",
    }
}

pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50%\r\nnext: a,b"), "50%25%0D%0Anext: a,b");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}

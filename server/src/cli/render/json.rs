//! One JSON document for machines. Positions are 1-based (line, column in
//! chars, end exclusive) plus the raw byte range, so tools can use either.
//!
//! ```text
//! { "files": [ { "path", "verdict", "diagnostics": [ { "code", "severity",
//!   "name", "message", "range": {"start": {"line","column"}, "end": {..}},
//!   "byte_range": [s, e], "fixes": [..], "related": [..] } ] } ],
//!   "skipped": [ {"path", "reason"} ], "unreadable": [ {"path", "error"} ],
//!   "summary": { "files", "errors", "warnings", "info", "hints",
//!   "does_not_load", "skipped", "unreadable" } }
//! ```

use std::io::{self, Write};
use std::ops::Range;

use serde::{Serialize, Serializer};

use crate::cli::lines::{LineIndex, Position};
use crate::cli::report::{Checked, FileReport, Outcome, Summary};
use agentls_core::{Diagnostic, Verdict};

// Structs rather than `json!` so fields keep this (documented) order.
#[derive(Serialize)]
struct Doc<'a> {
    files: Files<'a>,
    skipped: Vec<Skipped<'a>>,
    unreadable: Vec<Unreadable>,
    summary: &'a Summary,
}

/// The checked files, each read and serialised only when its turn comes,
/// so one file's document is in memory at a time, not all of them.
struct Files<'a>(&'a [FileReport]);

impl Serialize for Files<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().filter_map(|report| match &report.outcome {
            Outcome::Checked(checked) => Some(file(report, checked)),
            _ => None,
        }))
    }
}

#[derive(Serialize)]
struct File<'a> {
    path: String,
    verdict: Verdict,
    diagnostics: Vec<Diag<'a>>,
}

#[derive(Serialize)]
struct Skipped<'a> {
    path: String,
    reason: &'a str,
}

#[derive(Serialize)]
struct Unreadable {
    path: String,
    error: String,
}

#[derive(Serialize)]
struct Diag<'a> {
    code: &'static str,
    name: Option<&'static str>,
    severity: &'static str,
    message: &'a str,
    range: Span,
    byte_range: [usize; 2],
    fixes: Vec<Fix<'a>>,
    related: Vec<Related<'a>>,
}

#[derive(Serialize)]
struct Span {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Fix<'a> {
    title: &'a str,
    preferred: bool,
    edits: Vec<Edit<'a>>,
}

#[derive(Serialize)]
struct Edit<'a> {
    range: Span,
    byte_range: [usize; 2],
    new_text: &'a str,
}

#[derive(Serialize)]
struct Related<'a> {
    range: Span,
    byte_range: [usize; 2],
    message: &'a str,
}

pub fn write(reports: &[FileReport], summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    let mut doc = Doc {
        files: Files(reports),
        skipped: Vec::new(),
        unreadable: Vec::new(),
        summary,
    };
    for report in reports {
        let path = || report.path.to_string_lossy().into_owned();
        match &report.outcome {
            Outcome::Checked(_) => {}
            Outcome::Skipped(reason) => doc.skipped.push(Skipped {
                path: path(),
                reason,
            }),
            Outcome::Unreadable(e) => doc.unreadable.push(Unreadable {
                path: path(),
                error: e.to_string(),
            }),
            Outcome::Crashed => doc.unreadable.push(Unreadable {
                path: path(),
                error: "internal error: the analysis panicked".into(),
            }),
        }
    }
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

fn file<'a>(report: &FileReport, checked: &'a Checked) -> File<'a> {
    let text = checked.text(&report.path);
    let mut index = LineIndex::new(&text);
    File {
        path: report.path.to_string_lossy().into_owned(),
        verdict: checked.verdict,
        diagnostics: checked
            .diagnostics
            .iter()
            .map(|d| diagnostic(&mut index, d))
            .collect(),
    }
}

fn diagnostic<'a>(index: &mut LineIndex, d: &'a Diagnostic) -> Diag<'a> {
    Diag {
        code: d.code,
        name: super::code_name(d.code),
        severity: d.severity.as_str(),
        message: &d.message,
        range: span(index, &d.range),
        byte_range: [d.range.start, d.range.end],
        fixes: d
            .fixes
            .iter()
            .map(|f| Fix {
                title: &f.title,
                preferred: f.preferred,
                edits: f
                    .edits
                    .iter()
                    .map(|e| Edit {
                        range: span(index, &e.range),
                        byte_range: [e.range.start, e.range.end],
                        new_text: &e.new_text,
                    })
                    .collect(),
            })
            .collect(),
        related: d
            .related
            .iter()
            .map(|r| Related {
                range: span(index, &r.range),
                byte_range: [r.range.start, r.range.end],
                message: &r.message,
            })
            .collect(),
    }
}

fn span(index: &mut LineIndex, r: &Range<usize>) -> Span {
    Span {
        start: index.position(r.start),
        end: index.position(r.end.max(r.start)),
    }
}

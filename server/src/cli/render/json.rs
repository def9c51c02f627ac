//! One JSON document for machines. Positions are 1-based (line, column in
//! chars, end exclusive) plus the raw byte range, so tools can use either.
//!
//! ```text
//! { "files": [ { "path", "verdict", "diagnostics": [ { "code", "severity",
//!   "message", "range": {"start": {"line","column"}, "end": {..}},
//!   "byte_range": [s, e], "fixes": [..], "related": [..] } ] } ],
//!   "skipped": [ {"path", "reason"} ], "unreadable": [ {"path", "error"} ],
//!   "summary": { "files", "errors", "warnings", "info", "hints",
//!   "does_not_load", "skipped", "unreadable" } }
//! ```

use std::io::{self, Write};
use std::ops::Range;

use serde_json::{Value, json};

use crate::analysis::Diagnostic;
use crate::cli::check::{FileReport, Outcome, Summary};
use crate::cli::lines::LineIndex;

pub fn write(reports: &[FileReport], summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let mut unreadable = Vec::new();
    for report in reports {
        let path = report.path.to_string_lossy();
        match &report.outcome {
            Outcome::Checked { text, analysis } => {
                let index = LineIndex::new(text);
                let diagnostics: Vec<Value> = analysis
                    .diagnostics
                    .iter()
                    .map(|d| diagnostic(&index, d))
                    .collect();
                files.push(json!({
                    "path": path,
                    "verdict": analysis.verdict,
                    "diagnostics": diagnostics,
                }));
            }
            Outcome::Skipped(reason) => skipped.push(json!({ "path": path, "reason": reason })),
            Outcome::Unreadable(e) => {
                unreadable.push(json!({ "path": path, "error": e.to_string() }))
            }
            Outcome::Crashed => unreadable.push(json!({
                "path": path,
                "error": "internal error: the analysis panicked",
            })),
        }
    }
    let doc = json!({
        "files": files,
        "skipped": skipped,
        "unreadable": unreadable,
        "summary": summary,
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

fn diagnostic(index: &LineIndex, d: &Diagnostic) -> Value {
    let fixes: Vec<Value> = d
        .fixes
        .iter()
        .map(|f| {
            let edits: Vec<Value> = f
                .edits
                .iter()
                .map(|e| json!({ "range": range(index, &e.range), "byte_range": [e.range.start, e.range.end], "new_text": e.new_text }))
                .collect();
            json!({ "title": f.title, "preferred": f.preferred, "edits": edits })
        })
        .collect();
    let related: Vec<Value> = d
        .related
        .iter()
        .map(|r| json!({ "range": range(index, &r.range), "byte_range": [r.range.start, r.range.end], "message": r.message }))
        .collect();
    json!({
        // TODO name: add "name" from codes::lookup once the core has it.
        "code": d.code,
        "severity": d.severity.as_str(),
        "message": d.message,
        "range": range(index, &d.range),
        "byte_range": [d.range.start, d.range.end],
        "fixes": fixes,
        "related": related,
    })
}

fn range(index: &LineIndex, r: &Range<usize>) -> Value {
    json!({
        "start": index.position(r.start),
        "end": index.position(r.end.max(r.start)),
    })
}

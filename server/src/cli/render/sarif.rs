//! SARIF 2.1.0, the format code-scanning services (GitHub, Azure DevOps)
//! import. One run; a rule per code that occurs, described from the same
//! table as `agentls explain`; columns in UTF-16 code units, SARIF's
//! default, stated explicitly in `run.columnKind`.

use std::io::{self, Write};
use std::ops::Range;
use std::path::{Component, Path};

use serde_json::{Value, json};

use crate::cli::explain;
use crate::cli::lines::LineIndex;
use crate::cli::report::{Checked, FileReport, Outcome, Summary};
use agentls_core::{Diagnostic, Severity};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn write(reports: &[FileReport], summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    let cwd = std::env::current_dir().unwrap_or_default();
    // Rules first: results point at them by index.
    let mut codes: Vec<&'static str> = reports
        .iter()
        .filter_map(|r| match &r.outcome {
            Outcome::Checked(c) => Some(c.diagnostics.iter().map(|d| d.code)),
            _ => None,
        })
        .flatten()
        .collect();
    codes.sort_unstable();
    codes.dedup();
    let rules: Vec<Value> = codes.iter().map(|code| rule(code)).collect();

    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for report in reports {
        let uri = artifact(&report.path, &cwd);
        match &report.outcome {
            Outcome::Checked(checked) => file_results(checked, report, &uri, &codes, &mut results),
            Outcome::Skipped(why) => notifications.push(notification("note", why, &uri)),
            Outcome::Unreadable(e) => {
                notifications.push(notification("error", &format!("cannot read: {e}"), &uri))
            }
            Outcome::Crashed => notifications.push(notification(
                "error",
                "internal error: the analysis panicked",
                &uri,
            )),
        }
    }

    let mut driver = json!({
        "name": "agentls",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    // Cargo sets it to "" when the manifest has no repository.
    if let Some(repo) = option_env!("CARGO_PKG_REPOSITORY").filter(|r| !r.is_empty()) {
        driver["informationUri"] = json!(repo);
    }
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "invocations": [{
                "executionSuccessful": summary.unreadable == 0,
                "toolExecutionNotifications": notifications,
            }],
            "originalUriBaseIds": {
                "%SRCROOT%": { "uri": directory_uri(&cwd) }
            },
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

fn rule(code: &str) -> Value {
    let info = agentls_core::codes::lookup(code);
    let summary = info.map_or("", |i| i.summary);
    let mut rule = json!({
        "id": code,
        "shortDescription": { "text": summary },
        "defaultConfiguration": {
            "level": level(info.map_or(Severity::Warning, |i| i.severity))
        },
    });
    if let Some(info) = info {
        rule["name"] = json!(info.name);
    }
    if let Some(e) = explain::of(code) {
        rule["fullDescription"] = json!({ "text": format!("{summary} {}", e.why) });
        rule["help"] = json!({
            "text": format!("Example: {}\nFix: {}", e.example, e.fix),
            "markdown": format!("**Example:** {}\n\n**Fix:** {}", e.example, e.fix),
        });
    }
    rule
}

fn file_results(
    checked: &Checked,
    report: &FileReport,
    uri: &Value,
    codes: &[&str],
    results: &mut Vec<Value>,
) {
    let text = checked.text(&report.path);
    let mut index = LineIndex::new(&text);
    for d in &checked.diagnostics {
        let mut result = json!({
            "ruleId": d.code,
            "level": level(d.severity),
            "message": { "text": d.message },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": uri,
                    "region": region(&mut index, &text, &d.range),
                }
            }],
        });
        if let Ok(i) = codes.binary_search(&d.code) {
            result["ruleIndex"] = json!(i);
        }
        let related: Vec<Value> = d
            .related
            .iter()
            .enumerate()
            .map(|(id, r)| {
                json!({
                    "id": id,
                    "message": { "text": r.message },
                    "physicalLocation": {
                        "artifactLocation": uri,
                        "region": region(&mut index, &text, &r.range),
                    }
                })
            })
            .collect();
        if !related.is_empty() {
            result["relatedLocations"] = json!(related);
        }
        let fixes = fixes(&mut index, &text, d, uri);
        if !fixes.is_empty() {
            result["fixes"] = json!(fixes);
        }
        results.push(result);
    }
}

/// Each fix as SARIF replacements (SARIF has no "preferred" flag, so all
/// are listed in the core's order, the preferred one first).
fn fixes(index: &mut LineIndex, text: &str, d: &Diagnostic, uri: &Value) -> Vec<Value> {
    d.fixes
        .iter()
        .filter(|f| !f.edits.is_empty())
        .map(|f| {
            let replacements: Vec<Value> = f
                .edits
                .iter()
                .map(|e| {
                    json!({
                        "deletedRegion": region(index, text, &e.range),
                        "insertedContent": { "text": e.new_text },
                    })
                })
                .collect();
            json!({
                "description": { "text": f.title },
                "artifactChanges": [{ "artifactLocation": uri, "replacements": replacements }],
            })
        })
        .collect()
}

/// 1-based lines; 1-based columns in UTF-16 code units, end exclusive.
fn region(index: &mut LineIndex, text: &str, range: &Range<usize>) -> Value {
    let mut at = |offset: usize| {
        let offset = index.clamp(offset);
        let line = index.line_of(offset);
        let start = index.line_start(line);
        let column = text[start..offset].encode_utf16().count() + 1;
        (line + 1, column)
    };
    let (start_line, start_column) = at(range.start);
    let (end_line, end_column) = at(range.end.max(range.start));
    json!({
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

fn notification(level: &str, message: &str, uri: &Value) -> Value {
    json!({
        "level": level,
        "message": { "text": message },
        "locations": [{ "physicalLocation": { "artifactLocation": uri } }],
    })
}

/// A file's location: relative to `%SRCROOT%` (the current folder) when
/// inside it, else an absolute `file:` URI.
fn artifact(path: &Path, cwd: &Path) -> Value {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    match absolute.strip_prefix(cwd) {
        Ok(relative) if !relative.as_os_str().is_empty() => {
            json!({ "uri": encode(relative), "uriBaseId": "%SRCROOT%" })
        }
        _ => json!({ "uri": format!("file://{}", absolute_uri_path(&absolute)) }),
    }
}

fn directory_uri(dir: &Path) -> String {
    let mut uri = format!("file://{}", absolute_uri_path(dir));
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// `/a/b` on Unix, `/C:/a/b` on Windows.
fn absolute_uri_path(path: &Path) -> String {
    let encoded = encode(path);
    if encoded.starts_with('/') {
        encoded
    } else {
        format!("/{encoded}")
    }
}

/// Path components joined by `/`, each percent-encoded except for the
/// characters a URI path may hold as they are.
fn encode(path: &Path) -> String {
    let mut parts = Vec::new();
    for component in path.components() {
        match component {
            Component::RootDir => parts.push(String::new()),
            Component::CurDir => {}
            Component::ParentDir => parts.push("..".into()),
            Component::Prefix(p) => parts.push(p.as_os_str().to_string_lossy().into_owned()),
            Component::Normal(name) => {
                let mut out = String::new();
                for b in name.to_string_lossy().bytes() {
                    if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@".contains(&b) {
                        out.push(char::from(b));
                    } else {
                        out.push_str(&format!("%{b:02X}"));
                    }
                }
                parts.push(out);
            }
        }
    }
    if parts == [String::new()] {
        return "/".into();
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        let cwd = Path::new("/work/repo");
        let rel = artifact(Path::new("./.claude/agents/a b%.md"), cwd);
        assert_eq!(rel["uri"], ".claude/agents/a%20b%25.md");
        assert_eq!(rel["uriBaseId"], "%SRCROOT%");
        let inside = artifact(Path::new("/work/repo/x.md"), cwd);
        assert_eq!(inside["uri"], "x.md");
        let outside = artifact(Path::new("/tmp/é.md"), cwd);
        assert_eq!(outside["uri"], "file:///tmp/%C3%A9.md");
        assert_eq!(directory_uri(cwd), "file:///work/repo/");
    }

    #[test]
    fn columns_count_utf16_units() {
        // `🧠` is two UTF-16 units (four bytes), `é` one (two bytes).
        let text = "a🧠é x\nnext";
        let mut index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        let r = region(&mut index, text, &(x..x + 1));
        assert_eq!(r["startColumn"], 6);
        assert_eq!(r["endColumn"], 7);
        let n = text.find("next").unwrap();
        let r = region(&mut index, text, &(n..n + 4));
        assert_eq!(
            (r["startLine"].clone(), r["endColumn"].clone()),
            (json!(2), json!(5))
        );
    }
}

//! agentls against what other hosts' real binaries did, recorded
//! (`tests/fixtures/recorded/<host>-<version>.json`, written by
//! `tests/recorder/hosts/record_<host>.py`; CI never runs the hosts).
//!
//! OpenCode: one invalid agent file makes it refuse to start, so an error
//! finding must appear exactly on the files it refused, on the fields its
//! message names; a file it loaded gets no error, and no warning either
//! unless the table shows something lost (the front matter read as prompt).

use serde_json::Value;

mod recorded_support;
use recorded_support::{
    Finding, check, field_lines, fixture_files, hold, recorded, row_files, table,
};

const OPENCODE: &str = "1.18.33";

/// Recorded cases agentls reads differently, each with why. They must keep
/// disagreeing: one that starts to agree is taken off the list.
const OPENCODE_KNOWN: &[(&str, &str)] = &[(
    "o32-tab-indent.md",
    "a tab-indented `\tedit: deny` under `permission:`: OpenCode's YAML reads \
     `permission` as empty and refuses to start; strict YAML rejects the tab, so agentls \
     reads no front matter and stays silent (broken YAML is not reported for OpenCode: \
     its fallback loads such a file as prompt, o18)",
)];

/// The top-level field each of OpenCode's `↳ <message> <field>` lines ends
/// with (`tools.write` → `tools`).
fn named_fields(row: &Value) -> Vec<String> {
    let mut fields: Vec<String> = row["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l.as_str()?.strip_prefix("↳ "))
        .filter_map(|l| l.rsplit(' ').next())
        .map(|f| f.split('.').next().unwrap_or(f).to_string())
        .collect();
    fields.dedup();
    fields
}

/// The ways agentls disagrees with one recorded OpenCode row (empty: agrees).
fn opencode_disagreements(row: &Value) -> Vec<String> {
    let file = row["file"].as_str().expect("file");
    let text = std::fs::read_to_string(recorded().join("opencode").join(file)).unwrap();
    let found = check("opencode", ".opencode/agents", file);
    let errors: Vec<&Finding> = found.iter().filter(|f| f.severity == "error").collect();
    let mut wrong = Vec::new();
    if row["started"] == false {
        if errors.is_empty() {
            wrong.push("OpenCode refused to start; agentls reports no error".to_string());
        }
        for field in named_fields(row) {
            let lines = field_lines(&text, &field);
            if !errors.iter().any(|f| lines.contains(&f.line)) {
                wrong.push(format!(
                    "OpenCode refused `{field}` ({:?}); agentls errors: {:?}",
                    row["errors"],
                    errors.iter().map(|f| f.shown()).collect::<Vec<_>>()
                ));
            }
        }
        return wrong;
    }
    // Loaded: the front matter lost only when OpenCode took it as prompt.
    let lost = row["agent"]["prompt"]
        .as_str()
        .is_some_and(|p| p.starts_with("---"));
    let bad: Vec<String> = found
        .iter()
        .filter(|f| f.severity == "error" || (!lost && f.severity == "warning"))
        .map(Finding::shown)
        .collect();
    if !bad.is_empty() {
        wrong.push(format!("OpenCode started with it; agentls: {bad:?}"));
    }
    wrong
}

#[test]
fn agentls_holds_opencode_agents_to_what_opencode_did() {
    let rows = table(&format!("opencode-{OPENCODE}.json"));
    assert!(rows.len() >= 20, "too few recorded cases: {}", rows.len());
    let refused = rows.iter().filter(|r| r["started"] == false).count();
    assert!(
        refused > 0 && refused < rows.len(),
        "both outcomes must be recorded"
    );
    hold(
        &format!("OpenCode {OPENCODE}"),
        &rows,
        OPENCODE_KNOWN,
        opencode_disagreements,
    );
}

/// Every fixture has a row and every row a fixture: a case added without
/// re-recording fails here.
#[test]
fn every_opencode_fixture_is_recorded() {
    let rows = table(&format!("opencode-{OPENCODE}.json"));
    assert_eq!(fixture_files("opencode"), row_files(&rows));
}

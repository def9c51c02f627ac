//! agentls against what Gemini CLI did with each subagent, recorded
//! (`tests/fixtures/recorded/gemini-cli-<version>.json`, written by
//! `tests/recorder/hosts/record_gemini.py`; CI never runs Gemini CLI).
//!
//! Gemini CLI checks a subagent's front matter against a strict schema and
//! rejects the file on any failure (`Agent loading error: …` on stderr, one
//! `field: message` line per problem); the CLI itself runs on. So: an error
//! finding exactly on the files it rejected, on each field its message
//! names; a file it loaded gets no error and no warning.

use serde_json::Value;

mod recorded_support;
use recorded_support::{
    Finding, check, field_lines, fixture_files, hold, recorded, row_files, table,
};

const GEMINI: &str = "0.61.0";

/// Recorded cases agentls reads differently, each with why. They must keep
/// disagreeing: one that starts to agree is taken off the list.
const GEMINI_KNOWN: &[(&str, &str)] = &[];

/// The top-level fields Gemini's message names: `name: …`, `(Local Agent)
/// tools: …`, `Unrecognized key(s) in object: 'a', 'b'`. The remote-agent
/// branch's lines are left out: they say what a remote agent would need.
fn named_fields(row: &Value) -> Vec<String> {
    let mut fields = Vec::new();
    let lines = row["messages"].as_array().into_iter().flatten();
    // Only a schema failure names fields (other messages quote examples).
    let schema = lines.clone().any(|l| {
        l.as_str()
            .is_some_and(|l| l.ends_with("Validation failed: Agent Definition:"))
    });
    for line in lines.filter(|_| schema) {
        let Some(line) = line.as_str() else { continue };
        if line.starts_with("(Remote Agent)") {
            continue;
        }
        let line = line.strip_prefix("(Local Agent) ").unwrap_or(line);
        if let Some((_, keys)) = line.split_once("Unrecognized key(s) in object: ") {
            fields.extend(keys.split(", ").map(|k| k.trim_matches('\'').to_string()));
        } else if let Some((field, _)) = line.split_once(": ")
            && !field.is_empty()
            && field
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
        {
            fields.push(field.split('.').next().unwrap_or(field).to_string());
        }
    }
    fields.dedup();
    fields
}

/// A remote agent whose schema passed but whose agent card could not be
/// fetched (the recording runs offline): the file itself is valid.
fn card_unreachable(row: &Value) -> bool {
    row["messages"].as_array().into_iter().flatten().any(|m| {
        m.as_str()
            .is_some_and(|m| m.contains("Failed to load remote agent"))
    })
}

/// The ways agentls disagrees with one recorded Gemini row (empty: agrees).
fn gemini_disagreements(row: &Value) -> Vec<String> {
    let file = row["file"].as_str().expect("file");
    let text = std::fs::read_to_string(recorded().join("gemini").join(file)).unwrap();
    let found = check("gemini", ".gemini/agents", file);
    let errors: Vec<&Finding> = found.iter().filter(|f| f.severity == "error").collect();
    let shown = |fs: &[&Finding]| fs.iter().map(|f| f.shown()).collect::<Vec<_>>();
    let mut wrong = Vec::new();
    if row["loaded"] == false && !card_unreachable(row) {
        if errors.is_empty() {
            wrong.push(format!(
                "Gemini rejected it ({}); agentls reports no error",
                row["messages"]
            ));
        }
        for field in named_fields(row) {
            let lines = field_lines(&text, &field);
            // A missing field is reported where agentls can: anywhere.
            if !lines.is_empty() && !errors.iter().any(|f| lines.contains(&f.line)) {
                wrong.push(format!(
                    "Gemini rejected `{field}`; agentls errors: {:?}",
                    shown(&errors)
                ));
            }
        }
        return wrong;
    }
    let bad: Vec<&Finding> = found
        .iter()
        .filter(|f| f.severity == "error" || f.severity == "warning")
        .collect();
    if !bad.is_empty() {
        wrong.push(format!("Gemini loaded it; agentls: {:?}", shown(&bad)));
    }
    wrong
}

#[test]
fn agentls_holds_gemini_agents_to_what_gemini_cli_did() {
    let rows = table(&format!("gemini-cli-{GEMINI}.json"));
    assert!(rows.len() >= 25, "too few recorded cases: {}", rows.len());
    let rejected = rows.iter().filter(|r| r["loaded"] == false).count();
    assert!(
        rejected > 0 && rejected < rows.len(),
        "both outcomes must be recorded"
    );
    hold(
        &format!("Gemini CLI {GEMINI}"),
        &rows,
        GEMINI_KNOWN,
        gemini_disagreements,
    );
}

/// Every fixture has a row and every row a fixture: a case added without
/// re-recording fails here.
#[test]
fn every_gemini_fixture_is_recorded() {
    let rows = table(&format!("gemini-cli-{GEMINI}.json"));
    assert_eq!(fixture_files("gemini"), row_files(&rows));
}

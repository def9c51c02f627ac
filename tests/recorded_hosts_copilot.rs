//! agentls against what GitHub Copilot CLI did with each custom agent,
//! recorded (`tests/fixtures/recorded/copilot-cli-<version>.json`, written by
//! `tests/recorder/hosts/record_copilot.py`; CI never runs Copilot).
//!
//! Copilot CLI skips a file it cannot read (with an `[ERROR]` line in its
//! log) and loads the rest, ignoring the fields it does not know (one
//! `[WARNING] … unknown field(s) ignored: …` line). So: an error finding
//! exactly on the files it skipped; on a file it loaded, a warning on each
//! field it said it ignored and no warning elsewhere, unless the record
//! shows a silent loss (listed in `COPILOT_SILENT`).

use serde_json::Value;

mod recorded_support;
use recorded_support::{
    Finding, check, field_lines, fixture_files, hold, recorded, row_files, table,
};

const COPILOT: &str = "1.0.102";

/// Loaded files where Copilot drops something without a word, as the
/// recorded request shows: agentls's warning there is right.
const COPILOT_SILENT: &[(&str, &str)] = &[(
    "c09-tools-unknown.agent.md",
    "`tools: [read, frobnicate]`: the recorded tools are `view` (what `read` gives) and the \
     always-on `skill`, `sql`: `frobnicate` is dropped without a log line (AG207)",
)];

/// Recorded cases agentls reads differently, each with why. They must keep
/// disagreeing: one that starts to agree is taken off the list.
const COPILOT_KNOWN: &[(&str, &str)] = &[
    (
        "c15-handoffs.agent.md",
        "Copilot CLI ignores `handoffs` with a warning; agentls reports it as information \
         (AG205): VS Code reads handoffs, and an agent in `.github/agents` is often for VS Code \
         too, where a warning would be wrong",
    ),
    (
        "c24-body-long.agent.md",
        "a 32,400-character prompt: Copilot CLI sends all of it; agentls warns (AG209) because \
         github.com, which reads the same file, refuses a prompt over 30,000 characters",
    ),
];

/// The fields of `[WARNING] …: unknown field(s) ignored: a, b` lines.
fn ignored_fields(row: &Value) -> Vec<String> {
    row["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m.as_str())
        .filter(|m| m.starts_with("[WARNING]"))
        .filter_map(|m| m.split_once(" ignored: ").map(|(_, f)| f))
        .flat_map(|f| f.split(", ").map(|s| s.trim().to_string()))
        .collect()
}

/// The ways agentls disagrees with one recorded Copilot row (empty: agrees).
fn copilot_disagreements(row: &Value) -> Vec<String> {
    let file = row["file"].as_str().expect("file");
    let text = std::fs::read_to_string(recorded().join("copilot").join(file)).unwrap();
    // What the loader judges, file by file: AG280 (a handoff naming no
    // agent of the project) is about the recorded case's missing
    // neighbours, which Copilot CLI's loader never looks for.
    let found: Vec<Finding> = check("copilot", ".github/agents", file)
        .into_iter()
        .filter(|f| f.code != "AG280")
        .collect();
    let errors: Vec<String> = found
        .iter()
        .filter(|f| f.severity == "error")
        .map(Finding::shown)
        .collect();
    let mut wrong = Vec::new();
    if row["loaded"] == false {
        if errors.is_empty() {
            wrong.push(format!(
                "Copilot skipped it ({}); agentls reports no error",
                row["messages"]
            ));
        }
        return wrong;
    }
    if !errors.is_empty() {
        wrong.push(format!("Copilot loaded it; agentls errors: {errors:?}"));
    }
    let ignored = ignored_fields(row);
    let warnings: Vec<&Finding> = found.iter().filter(|f| f.severity == "warning").collect();
    let mut explained = Vec::new();
    for field in &ignored {
        let lines = field_lines(&text, field);
        if !warnings.iter().any(|f| lines.contains(&f.line)) {
            wrong.push(format!(
                "Copilot ignores `{field}`; agentls does not warn there"
            ));
        }
        explained.extend(lines);
    }
    let silent = COPILOT_SILENT.iter().any(|(f, _)| *f == file);
    let unexplained: Vec<String> = warnings
        .iter()
        .filter(|f| !explained.contains(&f.line))
        .map(|f| f.shown())
        .collect();
    if !unexplained.is_empty() && !silent {
        wrong.push(format!(
            "Copilot loaded it intact ({:?}); agentls warns: {unexplained:?}",
            row["messages"]
        ));
    }
    wrong
}

#[test]
fn agentls_holds_copilot_agents_to_what_copilot_cli_did() {
    let rows = table(&format!("copilot-cli-{COPILOT}.json"));
    assert!(rows.len() >= 25, "too few recorded cases: {}", rows.len());
    let skipped = rows.iter().filter(|r| r["loaded"] == false).count();
    assert!(
        skipped > 0 && skipped < rows.len(),
        "both outcomes must be recorded"
    );
    for (file, _) in COPILOT_SILENT {
        let row = rows.iter().find(|r| r["file"] == *file);
        assert!(
            row.is_some_and(|r| r["loaded"] == true),
            "{file}: a silent loss needs a recorded, loaded case"
        );
    }
    hold(
        &format!("Copilot CLI {COPILOT}"),
        &rows,
        COPILOT_KNOWN,
        copilot_disagreements,
    );
}

/// Every fixture has a row and every row a fixture: a case added without
/// re-recording fails here.
#[test]
fn every_copilot_fixture_is_recorded() {
    let rows = table(&format!("copilot-cli-{COPILOT}.json"));
    assert_eq!(fixture_files("copilot"), row_files(&rows));
}

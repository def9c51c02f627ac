//! agentls against what Codex CLI did with each skill, recorded
//! (`tests/fixtures/recorded/codex-<version>.json`, written by
//! `tests/recorder/hosts/record_codex.py` through `codex app-server`'s
//! `skills/list`; CI never runs Codex).
//!
//! Codex skips a skill it cannot read (an entry of `errors`) and lists the
//! rest. Each case is checked where Codex reads it, as
//! `.codex/skills/<case>/SKILL.md`: an error finding exactly on the skills
//! it skipped. Warnings are Claude Code's and the Agent Skills
//! specification's business (the same file may be linked into
//! `.claude/skills`), so they are not held to Codex.

use serde_json::Value;

mod recorded_support;
use recorded_support::{Finding, check, hold, skill_dirs, table};

const CODEX: &str = "0.171.0";

/// Recorded cases agentls reads differently, each with why. They must keep
/// disagreeing: one that starts to agree is taken off the list.
const CODEX_KNOWN: &[(&str, &str)] = &[];

fn errors(case: &str, folder: &str) -> Vec<String> {
    check(&format!("codex/{case}"), folder, "SKILL.md")
        .iter()
        .filter(|f| f.severity == "error")
        .map(Finding::shown)
        .collect()
}

/// The ways agentls disagrees with one recorded Codex row (empty: agrees).
fn codex_disagreements(row: &Value) -> Vec<String> {
    let case = row["file"].as_str().expect("file");
    let errors = errors(case, &format!(".codex/skills/{case}"));
    match (row["loaded"] == true, errors.is_empty()) {
        (false, true) => vec![format!(
            "Codex skipped it ({}); agentls reports no error",
            row["errors"]
        )],
        (true, false) => vec![format!("Codex loaded it; agentls errors: {errors:?}")],
        _ => Vec::new(),
    }
}

#[test]
fn agentls_holds_skills_to_what_codex_did() {
    let rows = table(&format!("codex-{CODEX}.json"));
    assert!(rows.len() >= 30, "too few recorded cases: {}", rows.len());
    let skipped = rows.iter().filter(|r| r["loaded"] == false).count();
    assert!(
        skipped > 0 && skipped < rows.len(),
        "both outcomes must be recorded"
    );
    hold(
        &format!("Codex {CODEX}"),
        &rows,
        CODEX_KNOWN,
        codex_disagreements,
    );
}

/// The folders Codex was seen to read skills from, and not: a skill it
/// skips gets the error in the first and not in the others. A `~/…`
/// folder is staged below the project (`home/…`): agentls tells Codex's
/// folders by the path's own parts, wherever they sit.
#[test]
fn codex_findings_only_where_codex_reads_skills() {
    let path = recorded_support::recorded().join(format!("codex-{CODEX}.json"));
    let json: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let folders = json["folders"].as_array().expect("folders");
    assert!(folders.iter().any(|f| f["read"] == true));
    assert!(folders.iter().any(|f| f["read"] == false));
    let case = "x03-no-description";
    let mut wrong = Vec::new();
    for f in folders {
        let folder = f["folder"].as_str().expect("folder");
        let staged = match folder.split_once('/') {
            Some(("~", rest)) => format!("home/{rest}/{case}"),
            Some((".", rest)) => format!("{rest}/{case}"),
            _ => panic!("folder {folder}"),
        };
        let reported = !errors(case, &staged).is_empty();
        if reported != (f["read"] == true) {
            wrong.push(format!(
                "{folder}: Codex reads it: {}; agentls error: {reported}",
                f["read"]
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every case folder has a row and every row a case: a case added without
/// re-recording fails here.
#[test]
fn every_codex_case_is_recorded() {
    let rows = table(&format!("codex-{CODEX}.json"));
    let files: Vec<String> = rows
        .iter()
        .filter_map(|r| r["file"].as_str().map(String::from))
        .collect();
    assert_eq!(skill_dirs("codex"), files);
}

/// `agentls check` on a whole project walks `.agents/skills` (a hidden
/// folder, entered because Codex reads skills there) and reports what Codex
/// skips, as it does for `.codex/skills`.
#[test]
fn check_walks_the_folders_codex_reads_skills_from() {
    let tmp = recorded_support::TempDir::new("codex-walk");
    let project = tmp.path().join("project");
    let case = recorded_support::recorded().join("codex/x03-no-description/SKILL.md");
    for folder in [".agents", ".codex"] {
        let dir = project.join(folder).join("skills/x03-no-description");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(&case, dir.join("SKILL.md")).unwrap();
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_agentls"))
        .args(["check", "--format", "json"])
        .current_dir(&project)
        .env("AGENTLS_HOME", tmp.path())
        .output()
        .expect("run agentls check");
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut skipped: Vec<&str> = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter(|f| {
            f["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["code"] == "AG264"))
        })
        .filter_map(|f| f["path"].as_str())
        .collect();
    skipped.sort();
    assert_eq!(
        skipped,
        [
            ".agents/skills/x03-no-description/SKILL.md",
            ".codex/skills/x03-no-description/SKILL.md"
        ]
    );
}
